try:
    raise ValueError("x")
except ValueError as e:
    pass
try:
    print(e)
except NameError as n:
    print("NameError", n)
def f():
    try:
        1/0
    except ZeroDivisionError as err:
        pass
    try:
        return err
    except UnboundLocalError as u:
        return "unbound " + str(u)
print(f())


class Box:
    def run(self):
        try:
            raise KeyError("k")
        except KeyError as exc:
            seen = repr(exc)
        try:
            return seen, exc
        except UnboundLocalError:
            return seen, "unbound"


print(Box().run())
for i in range(2):
    try:
        raise ValueError(i)
    except ValueError as loop_exc:
        last = loop_exc.args
try:
    print(last, loop_exc)
except NameError as gone:
    print(last, "NameError", gone)
