x, y, name = 42, 3.14159, "hilt"
print(f"{x} {y} {name}")
print(f"{x:5d}|{x:<5}|{x:^7}|{x:>6}|{x:05d}|{x:+d}|{-x:+d}")
print(f"{y:.2f} {y:10.3f} {y:e} {y:.1%}")
print(f"{name!r} {name:>8} {name:*^10} {name.upper()}")
print(f"{x=} {y=:.1f} {name = }")
w = 8
print(f"{x:{w}} {y:{w}.{2}f}|")
print(f"{'nested'} {[1, 2][1]} {{braces}} {x * 2 + 1}")
print(f"{255:x} {255:#x} {255:X} {5:b} {8:o} {1234567:,} {1234567:_}")
print("{} {} {}".format(1, "a", 2.5), "{1}{0}".format("a", "b"), "{n}!".format(n=3), "{:>5}|".format("r"))
print("{0[1]} {1.real}".format([5, 6], 7), "{:.3}".format(3.14159), "{!r}".format("q"))

# Hot f-strings (machine code formats strs, ints, floats and bools itself;
# anything else, a conversion or a spec goes the general way).
class Fmt:
    def __format__(self, spec):
        return "F<" + spec + ">"
    def __str__(self):
        return "S"
    def __repr__(self):
        return "R"
def render(n):
    out = []
    vals = [0, -7, 2 ** 40, 2 ** 70, 1.5, -0.0, float("inf"), float("nan"), 1e22, True, False, "s", "", "é", None, Fmt(), (1, 2)]
    for i in range(n):
        v = vals[i % len(vals)]
        out.append(f"{i}:{v}|{v!r}|{v!s}")
        if i % 5 == 0:
            out.append(f"{i:>5}{'x'}{i / 7:.3f}")
    return out
r = render(3000)
print(len(r), r[:20], r[-3:])
