x = 5
print(1 < x < 10, 1 < x > 10, x == 5 == 5.0, 0 <= x <= 5 < 6, None is None, [] is [], [] == [])
a = [1, 2]
b = a
print(a is b, a is not [1, 2], a == [1, 2], (1, 2) == (1, 2), "ab" == "a" + "b")
print([1, 2] < [1, 2, 0], (2,) > (1, 99), "Z" < "a", 2 ** 64 > 1.5, 1.0 == 1, 3 != 3.0)
try:
    print(1 < "a")
except TypeError as e:
    print("TypeError:", e)
