"""Callable instances through HPy_tp_call, __vectorcalloffset__ and
HPy_SetCallFunction."""
import pytest


def test_tp_call_receives_positional_and_keyword_arguments(load_ext):
    mod = load_ext("call_functions")
    add = mod.Adder(10)
    assert add() == 10
    assert add(1, 2, 3) == 16
    assert add(1, k=5) == (11, ("k",))  # keyword values follow the positional ones
    with pytest.raises(TypeError):
        add("x")


def test_each_instance_has_its_own_call_function(load_ext):
    mod = load_ext("call_functions")
    assert mod.Greeter()() == "hello"
    counting = mod.Greeter(1)
    assert counting(1, 2, 3) == 3
    assert mod.Greeter()(1, 2) == "hello"


def test_set_call_function_needs_room_in_the_type(load_ext):
    mod = load_ext("call_functions")
    with pytest.raises(TypeError, match="'call_functions.Plain' has no room for a call function"):
        mod.set_call_function_on(mod.Plain())
