import random
random.seed(7)
class Account:
    def __init__(self, n):
        self.n = n
        self.balance = 100
        self.history = []
    def transfer(self, other, amount):
        if amount > self.balance:
            raise ValueError(f"insufficient funds in {self.n}")
        self.balance -= amount
        other.balance += amount
        self.history.append(-amount)
        other.history.append(amount)
accounts = [Account(i) for i in range(5)]
failures = 0
for _ in range(200):
    a, b = random.sample(accounts, 2) if hasattr(random, "sample") else (random.choice(accounts), random.choice(accounts))
    try:
        a.transfer(b, random.randint(1, 60))
    except ValueError:
        failures += 1
print([a.balance for a in accounts], sum(a.balance for a in accounts), failures)
