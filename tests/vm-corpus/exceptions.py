def risky(n):
    if n == 0:
        raise ValueError("zero")
    if n == 1:
        raise KeyError("one")
    return 10 / (n - 2)
for n in range(4):
    try:
        r = risky(n)
    except ValueError as e:
        print("value", e)
    except (KeyError, IndexError) as e:
        print("lookup", repr(e))
    except ZeroDivisionError:
        print("zerodiv")
    else:
        print("ok", r)
    finally:
        print("finally", n)
class MyError(Exception):
    def __init__(self, code):
        super().__init__(f"code {code}")
        self.code = code
try:
    raise MyError(7)
except Exception as e:
    print(type(e).__name__, e, e.code, e.args, isinstance(e, Exception))
def f():
    try:
        return "try"
    finally:
        print("finally before return")
print(f())
def g():
    for i in range(3):
        try:
            if i == 1:
                continue
            if i == 2:
                break
        finally:
            print("loop finally", i)
    return i
print(g())
try:
    try:
        raise TypeError("inner")
    except TypeError:
        raise RuntimeError("outer")
except RuntimeError as e:
    print(e, type(e.__context__).__name__)
try:
    raise ValueError("x") from KeyError("y")
except ValueError as e:
    print(e, repr(e.__cause__))
try:
    try:
        1 / 0
    except ZeroDivisionError:
        print("handling")
        raise
except ZeroDivisionError as e:
    print("reraised", e)
try:
    [][1]
except IndexError as e:
    print("IndexError:", e)
try:
    {}["k"]
except LookupError as e:
    print("LookupError:", repr(e))
try:
    undefined_name
except NameError as e:
    print("NameError:", e)
try:
    int("abc")
except ValueError as e:
    print(e)
try:
    assert 1 == 2, "math broke"
except AssertionError as e:
    print("AssertionError:", e)
e = Exception("a", 1)
print(e.args, str(e), repr(e), str(Exception()), repr(ValueError("v")))
