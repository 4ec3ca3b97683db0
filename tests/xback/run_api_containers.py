"""api_containers.c: tuples, lists, dicts, slices, builders and the tracker,
next to what plain Python gives."""
from _check import show, show_type
import api_containers as m

show("tuple_from_args()", m.tuple_from_args)
show("tuple_from_args(1, 'a', None)", m.tuple_from_args, 1, "a", None)
show("tuple_with_null", m.tuple_with_null)
for value in [(), (1, 2), [], {}, "abc", 42]:
    show(f"checks {value!r}", m.checks, value)
show("checks_null", m.checks_null)
for n in [0, 3, -1]:
    show_type(f"list_new {n}", m.list_new, n)
mine, ref = [], []
for i in range(5):
    m.list_append(mine, i)
    ref.append(i)
for index in (0, 2, -1, 100, -100):
    m.list_insert(mine, index, ("x", index))
    ref.insert(index, ("x", index))
print("append/insert", mine, mine == ref)
show_type("list_append to a tuple", m.list_append, (), 1)
show_type("list_insert into a str", m.list_insert, "abc", 0, 1)
show("list_append_null", m.list_append_null, [])
d = m.dict_new()
print("dict_new", d, type(d).__name__)
src = {"a": 1, 2: "b", None: [3]}
show("dict_keys", m.dict_keys, src)
copy = m.dict_copy(src)
print("dict_copy", copy, copy == src, copy is src, copy[None] is src[None])
show_type("dict_keys of a list", m.dict_keys, [1, 2])
show_type("dict_copy of a str", m.dict_copy, "abc")
for s in [slice(None), slice(1, 5), slice(None, None, -1), slice(-3, None, 2), slice(10**30, -10**30, -(10**30)),
          slice(0, 10, 10**30)]:
    print("slice_unpack", s, m.slice_unpack(s))
show("slice step 0", m.slice_unpack, slice(1, 2, 0))
show("slice_unpack of a list", m.slice_unpack, [1, 2])
show("slice_new", m.slice_new, 1, 5, 2)
show("slice_new Nones", m.slice_new, None, None, None)
show("slice_new odd items", m.slice_new, "a", None, [])
show("list_builder()", m.list_builder)
show("tuple_builder()", m.tuple_builder)
show("list_builder(...)", m.list_builder, 1, "two", None)
show("tuple_builder(...)", m.tuple_builder, 1, "two", None)
show("builders_cancel", m.builders_cancel, 1, 2)
show("builder_set_twice", m.builder_set_twice, "first", "second")
for which in ["list", "tuple"]:
    show(f"builder_huge {which} build", m.builder_huge, which, "build")
    show(f"builder_huge {which} cancel", m.builder_huge, which, "cancel")
for is_list in [True, False]:
    show(f"builder_negative {is_list}", m.builder_negative, is_list)
    show(f"builder_bad_index {is_list}", m.builder_bad_index, is_list)
item = ["item"]
for size in [0, 1, 3, 2000]:
    for n in (0, 1, 7, 8, 9, 100, 1000):
        m.tracker_dups(item, n, size)
print("tracker_dups done")
show("tracker_forget", m.tracker_forget, item, 40)
show("tracker_squares", m.tracker_squares, 10)
show("tracker_squares of a str", m.tracker_squares, "x")
show("arity checks()", m.checks)
