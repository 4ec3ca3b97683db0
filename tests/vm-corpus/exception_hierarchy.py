for exc in [ZeroDivisionError, KeyError, IndexError, UnboundLocalError, RecursionError, NotImplementedError, ModuleNotFoundError, StopIteration]:
    print(exc.__name__, [c.__name__ for c in exc.__mro__])
try:
    1 / 0
except ArithmeticError as e:
    print("arith", e)
try:
    raise KeyError("k")
except LookupError as e:
    print("lookup", e)
try:
    raise StopIteration
except Exception as e:
    print("stop", repr(e))
print(issubclass(KeyboardInterrupt, Exception), issubclass(KeyboardInterrupt, BaseException))
