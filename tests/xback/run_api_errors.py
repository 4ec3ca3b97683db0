"""api_errors.c: exceptions set from C arrive with their type, args and
message; errno errors pick the OSError subclass; new exception classes."""
from _check import show, show_type
import api_errors as m

ENOENT, EACCES, EEXIST, EISDIR = 2, 13, 17, 21   # Linux values (no errno module on the VM)


def caught(label, fn, *args):
    try:
        fn(*args)
    except BaseException as e:  # noqa: BLE001
        print(label, "!!", type(e).__name__, e.args)
        return e
    print(label, "raised nothing")


for exc in [ValueError, TypeError, KeyError, OSError, StopIteration]:
    caught("set_string " + exc.__name__, m.set_string, exc, "héllo from C")


class MyError(Exception):
    pass


caught("set_string MyError", m.set_string, MyError, "mine")
show("set_string NULL type", m.set_string, None, "x")
show("set_string NULL message", m.set_string, ValueError, None)
show_type("set_string int", m.set_string, int, "x")
caught("set_object str", m.set_object, KeyError, "k")
caught("set_object tuple", m.set_object, KeyError, ("a", 1))
err = ValueError("ready-made")
e = caught("set_object instance", m.set_object, ValueError, err)
print("same instance", e is err)
show("set_object NULL type", m.set_object, None, 1)

e = caught("set_errno ENOENT", m.set_errno, OSError, ENOENT, "/no/such/file")
print("errno", e.errno, e.strerror, e.filename, str(e))
e = caught("set_errno EACCES", m.set_errno, OSError, EACCES, None)
print("errno", e.errno, e.filename, str(e))
e = caught("set_errno_objects EEXIST", m.set_errno_objects, OSError, EEXIST, "a", b"b")
print("errno", e.errno, e.filename, e.filename2, str(e))
e = caught("set_errno_objects EISDIR", m.set_errno_objects, OSError, EISDIR, None, None)
print("errno", e.errno, e.filename, e.filename2)

show("matches KeyError", m.occurred_matches_clear, KeyError, KeyError)
show("matches LookupError", m.occurred_matches_clear, KeyError, LookupError)
show("matches a tuple", m.occurred_matches_clear, KeyError, (TypeError, LookupError))
show("matches ValueError", m.occurred_matches_clear, KeyError, ValueError)
show("matches without error", m.matches_without_error, Exception)
show("matches NULL without error", m.matches_without_error, None)
show("no_memory", m.no_memory)

E = m.new_exception("mymod.MyError", None, None, None)
print("new", E.__name__, E.__module__, E.__doc__, issubclass(E, Exception), isinstance(E, type))
try:
    raise E("boom")
except E as e:
    print("raised", type(e).__name__, str(e))
E = m.new_exception("pkg.sub.Err", "The doc.", (KeyError, ValueError), {"answer": 42})
print("new with doc", [b.__name__ for b in E.__bases__], E.__module__, E.__qualname__, E.__doc__, E.answer)
B = m.new_exception("m.B", None, LookupError, None)
print("new with a base", [b.__name__ for b in B.__bases__])
show_type("new NoDot", m.new_exception, "NoDot", None, None, None)
show("new NULL name", m.new_exception, None, None, None, None)
show("arity set_string", m.set_string, ValueError)
show("arity matches_without_error", m.matches_without_error)
# A tp_new that returns NULL without an exception: a SystemError naming the class.
print("BadNew()", type(m.BadNew()).__name__)
show("BadNew(1)", m.BadNew, 1)
