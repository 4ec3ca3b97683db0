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
