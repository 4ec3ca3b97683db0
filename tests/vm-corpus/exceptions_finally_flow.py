def f(mode):
    log = []
    for i in range(3):
        try:
            log.append(f"try{i}")
            if mode == "break" and i == 1:
                break
            if mode == "continue" and i == 1:
                continue
            if mode == "return" and i == 1:
                return log
            if mode == "raise" and i == 1:
                raise ValueError(i)
        except ValueError:
            log.append("except")
        else:
            log.append("else")
        finally:
            log.append(f"finally{i}")
    return log
for m in ["none", "break", "continue", "return", "raise"]:
    print(m, f(m))
