for v in [0, 7, -7, 123456789, -2 ** 70]:
    print(str(v), repr(v), f"{v:,}", format(v, "x") if v >= 0 else "neg")
print(int("  -42  "), int("+7"), str(-0), int(-0.0))
for bad in ["", "1.5", "abc", "1__0"]:
    try:
        int(bad)
    except ValueError as e:
        print("ValueError", e)

# int() and float() of text: the plain decimal fast paths and every case they leave
# to the general parser (signs, underscores, bases, huge values, errors).
for s in ["12345", " -42 ", "+7", "007", "123456789012345678", "1234567890123456789", "99999999999999999999", "1_000", "", " ", "-", "+", "12a", "0x10", " 12\n", "--1", "-+1", "+_1"]:
    try:
        print(repr(s), int(s))
    except ValueError as e:
        print(repr(s), "ValueError", e)
for s in ["12.5", "-1e5", ".5", "5.", "+1.5e-3", "1e", ".", "e5", "1.2.3", "1e400", "-0.0", " 3.25 ", "1_0.5", "inf", "1e-400", "0.1", "123456789012345678901234567890", "+-1", "1e+5", "1E5"]:
    try:
        print(repr(s), float(s))
    except ValueError as e:
        print(repr(s), "ValueError", e)
