for v in [0, 7, -7, 123456789, -2 ** 70]:
    print(str(v), repr(v), f"{v:,}", format(v, "x") if v >= 0 else "neg")
print(int("  -42  "), int("+7"), str(-0), int(-0.0))
for bad in ["", "1.5", "abc", "1__0"]:
    try:
        int(bad)
    except ValueError as e:
        print("ValueError", e)
