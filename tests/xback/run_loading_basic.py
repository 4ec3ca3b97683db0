"""loading_basic.c: module doc, a global stored by the exec slot, a
function's attributes and its arity errors."""
from _check import show
import loading_basic as m

print("doc", m.__doc__)
print("answer", m.get_answer())
print("function doc", m.get_answer.__doc__)
print("file tag", m.__file__.endswith("loading_basic.hpy0.so"))
f = m.get_answer
print("attrs", f.__name__, f.__qualname__, f.__module__, f.__self__ is m)
print("repr", repr(f))
show("one arg", m.get_answer, 1)
show("two args", m.get_answer, 1, 2)
show("keyword", m.get_answer, x=1)
print("module name", m.__name__)
