"""leak_check.c: many calls, allocations and HPyField cycles; on the VM
this exercises the handle table and the GC through fields (results only:
reference counts are CPython's own and are checked by its pytest suite)."""
from _check import show
import leak_check as m

payload = ["payload"]
box = m.Box(payload)
echo, pair, get = m.echo, m.pair, box.get
ok = 0
for i in range(50_000):
    if echo(payload) is payload and pair(i, payload)[1] is payload and get() is payload:
        ok += 1
print("calls", ok)
boxes = [m.Box(i) for i in range(20_000)]
print("boxes", sum(b.get() for b in boxes))
del boxes
for i in range(5_000):
    lst = [i]
    lst.append(m.Box(lst))   # list -> Box -> list, reachable only through the field
print("cycle", lst[1].get() is lst, lst[1].get()[0])
show("Box() holds nothing", m.Box().get)
show("pair of one", m.pair, 1)
show("echo of none", m.echo)
