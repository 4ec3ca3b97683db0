# str.startswith / str.endswith: a str, tuples of strs (tried in order, the
# TypeError at the first non-str), bad arguments, bounds (a start past
# the end matches nothing, not even ""), non-ASCII text, a hot loop.
for f in ('startswith', 'endswith'):
    for a in (1, ('a', 2), ('x', 2), [1], None):
        try:
            print(f, a, getattr('abc', f)(a))
        except TypeError as e:
            print(f, a, "TypeError", e)
print('abc'.startswith(('x', 'a')), 'abc'.endswith(('c',)), 'abc'.startswith('b', 1), 'abc'.startswith(()), 'aé'.startswith('é', 1))
print('abc'.endswith('b', 0, 2), 'abc'.startswith('', 5), 'abc'.endswith('abc', -10), 'héllo wörld'.startswith('wö', 6), 'héllo'.endswith(('lo', 'x'), 1, 5))
n = 0
s = "null true false " * 50
for i in range(0, len(s), 5):
    n += s.startswith("true", i) + s.startswith(("false", "null"), i) + s.endswith("e ", 0, i)
print(n)
