print("%s is %d years and %.1f%% done" % ("Ann", 30, 42.567))
print("%5s|%-5s|%05d|%x|%X|%o|%c|%r" % ("a", "b", 42, 255, 255, 8, 65, "q"))
print("%(name)s=%(val)03d" % {"name": "k", "val": 7})
print("%.3e|%g|%10.4f|%-10.2f|" % (12345.6789, 0.0001, 3.14159, 2.5))
print("%s" % [1, 2], "%s" % (1,), "%d items" % 3.9)
# Plain conversions (written without a format spec) next to padded ones.
print("%d-%s-%r-%5d-%-4s|%x %%" % (1, "x", "y", 42, "ab", 255))
print("%(a)s and %(b)r" % {"a": 1, "b": "q"})
print("%s" % (None,), "%d" % True, "%i" % 3.7, "%u" % -4, "%d" % 10**30, "%s" % 10**30)
print("héllo %s wörld %d, %s" % ("ñ", 5, 1.5))
class Named:
    def __str__(self):
        return "str-of-Named"
    def __repr__(self):
        return "repr-of-Named"
print("%s / %r / %10s|" % (Named(), Named(), Named()))
# Errors, each with CPython's message.
for bad, args in [("%(abc", (1,)), ("%(abc", {"abc": 1}), ("%", (1,)), ("%d %d", (1,)), ("%z", (1,)), ("ab %é", (1,)), ("%d", ("x",)), ("%s", (1, 2))]:
    try:
        print(bad % args)
    except (ValueError, TypeError, KeyError) as e:
        print(type(e).__name__, e)
