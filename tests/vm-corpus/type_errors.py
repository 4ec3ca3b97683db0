cases = [lambda: 1 + "a", lambda: "a" + 1, lambda: [1] + (2,), lambda: len(5), lambda: None(), lambda: 1[0],
         lambda: {}[[]], lambda: -"x", lambda: int([]), lambda: "a" * "b", lambda: sum(["a"]), lambda: hash([])]
for c in cases:
    try:
        c()
    except TypeError as e:
        print("TypeError:", e)
