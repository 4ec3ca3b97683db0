class Account:
    def __init__(self, owner):
        self._owner = owner
        self._balance = 0
        self.log = []
    @property
    def owner(self):
        return self._owner
    @property
    def balance(self):
        return self._balance
    @balance.setter
    def balance(self, v):
        self.log.append(v)
        self._balance = v
    def deposit(self, v):
        self.balance += v
        return self
acc = Account("ann").deposit(10).deposit(5)
print(acc.owner, acc.balance, acc.log)
try:
    acc.owner = "bob"
except AttributeError as e:
    print("AttributeError:", e)
class Lazy:
    def __init__(self):
        self.calls = 0
    def get_value(self):
        self.calls += 1
        return 42
    value = property(get_value)
l = Lazy()
print(l.value, l.value, l.calls)
