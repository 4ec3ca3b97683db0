for c in [lambda: 1 / 0, lambda: 1 // 0, lambda: 1 % 0, lambda: 1.0 / 0, lambda: divmod(1, 0), lambda: 0.0 ** -1]:
    try:
        c()
    except ZeroDivisionError as e:
        print("ZeroDivisionError:", e)
