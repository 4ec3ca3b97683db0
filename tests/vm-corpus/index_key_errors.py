for c in [lambda: [1, 2][5], lambda: (1,)[-3], lambda: "ab"[9], lambda: {"a": 1}["b"], lambda: [].pop(), lambda: {}.popitem(), lambda: [1].index(9), lambda: set().pop()]:
    try:
        c()
    except (IndexError, KeyError, ValueError) as e:
        print(type(e).__name__, e)
