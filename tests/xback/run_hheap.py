"""ported-exts/hheap (heapq's API): pushes, pops, replaces, heapify,
nlargest/nsmallest with keys, bad input, a failing comparison, a list
resized by a comparison."""
from _check import Lcg, show
import hheap as m

for seed in range(5):
    rng = Lcg(seed)
    heap, popped = [], []
    for _ in range(300):
        x = rng.next(1000)
        op = rng.next(4)
        if op == 0 or not heap:
            m.heappush(heap, x)
        elif op == 1:
            popped.append(m.heappushpop(heap, x))
        elif op == 2:
            popped.append(m.heappop(heap))
        else:
            popped.append(m.heapreplace(heap, x))
    print("seed", seed, "heap", heap[:12], "popped", popped[:12], len(heap), sum(popped))
    items = [rng.next(100) for _ in range(50)]
    m.heapify(items)
    print("heapify", items[:15])
    print("nlargest", m.nlargest(5, items), "nsmallest", m.nsmallest(5, iter(items)))
pairs = [(i % 7, "abcdefg"[i % 7] + str(i)) for i in range(20)]
print("keys", m.nlargest(5, pairs, key=lambda p: p[1]), m.nsmallest(5, pairs, key=lambda p: -p[0]),
      m.nlargest(2, pairs, key=None))
print("floats and strs", m.nsmallest(3, [2.5, -1.0, 7.25, 0.0]), m.nlargest(2, ["b", "a", "c"]))


class Boom(Exception):
    pass


class Explosive:
    def __lt__(self, other):
        raise Boom("no order here")


show("push onto a tuple", m.heappush, (), 1)
show("push nothing", m.heappush, [])
show("pop a dict", m.heappop, {})
show("pop empty", m.heappop, [])
show("replace empty", m.heapreplace, [], 1)
show("heapify a str", m.heapify, "abc")
show("mixed types", m.heappush, [1, 2], "x")
show("nlargest '2'", m.nlargest, "2", [1])
show("nlargest of an int", m.nlargest, 2, 5)
show("explosive push", m.heappush, [Explosive()], Explosive())
show("explosive nlargest", m.nlargest, 2, [Explosive(), Explosive(), Explosive()])
heap = [0, 1]


class Shrinker:
    def __lt__(self, other):
        heap.clear()
        return True


show("resized", m.heappush, heap, Shrinker())
print("names", m.heappush.__name__, "heap invariant" in m.heappush.__doc__)
