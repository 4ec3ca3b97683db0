cache = {}
def ways(n, k):
    if n == 0:
        return 1
    if n < 0 or k == 0:
        return 0
    key = (n, k)
    if key not in cache:
        cache[key] = ways(n - k, k) + ways(n, k - 1)
    return cache[key]
print([ways(n, n) for n in range(15)], ways(100, 100), len(cache))
def catalan(n, memo={0: 1}):
    if n not in memo:
        memo[n] = sum(catalan(i) * catalan(n - 1 - i) for i in range(n))
    return memo[n]
print([catalan(i) for i in range(12)])
