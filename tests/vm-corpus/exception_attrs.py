try:
    raise ValueError("bad", 42)
except ValueError as e:
    print(e.args, len(e.args), str(e), repr(e))
e = KeyError("key")
print(str(e), repr(e), e.args)
class Custom(Exception):
    def __init__(self, msg, code=0):
        super().__init__(msg)
        self.code = code
c = Custom("oops", code=3)
print(c, c.code, c.args, isinstance(c, Exception), Custom.__mro__[1].__name__)
print(repr(StopIteration(5)), StopIteration(5).value, str(Exception("a", "b")))
