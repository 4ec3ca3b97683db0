print(int("7"), float("7.5"), str(7), bool(7), list((1, 2)), tuple([1, 2]), set([1, 1]), dict([(1, 2)]))
print(int(7.9), int(-7.9), float(7), complex if False else "no complex", chr(65), ord("A"), hex(31), bin(5))
print(list("abc"), list(range(3)), list({"a": 1}), list({"a": 1}.values()), tuple("ab"), sorted(set("cba")))
print(str(b"x"), bytes("hi", "utf-8") if False else b"hi", repr(1.0), str(-0.0), float("-0"), int("-0"))
