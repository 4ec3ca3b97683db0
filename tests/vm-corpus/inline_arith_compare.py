# The arithmetic and comparisons the interpreter loop does inline must
# agree with the general paths at every edge: overflow into big ints,
# floor division and modulo signs, division by zero, mixed int/float,
# identity, and str ordering by code point.
big = 2 ** 62
for a, b in [(big, big), (-big, -big), (9223372036854775807, 1), (-9223372036854775808, -1), (3037000500, 3037000500)]:
    print(a + b, a - b, a * b)
m = -9223372036854775807 - 1
print(m // -1, m % -1, m - 1, -m)
for a in (7, -7, 0):
    for b in (2, -2, 3, -3):
        print(a, b, a // b, a % b, a & b, a | b, a ^ b)
for fn in (lambda a, b: a // b, lambda a, b: a % b, lambda a, b: a / b, lambda a, b: a / float(b)):
    try:
        print(fn(1, 0))
    except ZeroDivisionError as e:
        print("ZeroDivisionError", e)
print(1 / 3, 2 * 0.5, 1 - 0.25, 3.5 + 1, 7 / 2, -7.5 // 2, 7.5 % -2)
x = 10
x += 5
x -= 20
x *= -3
x //= 4
x %= 7
print(x)
f = 1.5
f += 1
f *= 2
print(f)
print(1 < 2, 2 <= 2, 3 == 3.0, 1 != 1, 2.5 > 2.4, 2.0 >= 3.0, True == 1, 2 < 2.5)
nan = float("nan")
print(nan == nan, nan != nan, nan < 1.0, nan >= nan)
a = [1]
b = a
print(a is b, a is not b, [1] is a, None is None, x is not None)
words = ["b", "a", "é", "z", "ab", "", "Z", "ä", "日本", "aa"]
print(sorted(words))
print("a" < "b", "ab" < "a", "é" > "z", "" < "a", "abc" == "abc", "abc" != "abd", "Z" <= "a", "日" >= "本")
