def risky():
    yield 1
    raise ValueError("inside generator")
try:
    for v in risky():
        print("got", v)
except ValueError as e:
    print("caught", e)
def guarded():
    try:
        yield "a"
        yield "b"
    except Exception:
        yield "never"
    finally:
        print("generator finally")
print(list(guarded()))
def gen_catch():
    for i in range(3):
        try:
            if i == 1:
                raise KeyError(i)
            yield i
        except KeyError as e:
            yield f"handled {e}"
print(list(gen_catch()))
