"""call_functions.c: callable instances through HPy_tp_call, an explicit
__vectorcalloffset__ and HPy_SetCallFunction (one call function per
instance)."""
from _check import show
import call_functions as m

add = m.Adder(10)
show("Adder()", add)
show("Adder(1, 2, 3)", add, 1, 2, 3)
show("Adder(1, k=5)", add, 1, k=5)
show("Adder('x')", add, "x")
show("Adder(base='x')", m.Adder, "x")
print("type", type(add).__name__, type(add).__module__)
show("Greeter()()", m.Greeter())
counting = m.Greeter(1)
show("Greeter(1)(1, 2, 3)", counting, 1, 2, 3)
show("Greeter()(1, 2)", m.Greeter(), 1, 2)
show("Greeter(1)(a=1)", counting, a=1)
show("set on Plain", m.set_call_function_on, m.Plain())
show("Plain() is not callable", m.Plain())
