"""hheap against the standard library's heapq: the same lists, results and
exceptions on many random inputs, bad inputs included, in universal and
debug mode; no handle leaks in debug mode."""
import heapq
import random

import pytest

import hilt.debug

SEEDS = range(40)


def random_items(rng):
    kind = rng.choice(["ints", "floats", "strs", "tuples", "dups"])
    n = rng.randrange(0, 60)
    if kind == "ints":
        return [rng.randrange(-1000, 1000) for _ in range(n)]
    if kind == "floats":
        return [rng.uniform(-1, 1) for _ in range(n)]
    if kind == "strs":
        return ["".join(rng.choice("abcde") for _ in range(rng.randrange(4))) for _ in range(n)]
    if kind == "tuples":
        return [(rng.randrange(5), rng.randrange(5)) for _ in range(n)]
    return [rng.randrange(3) for _ in range(n)]


@pytest.mark.parametrize("seed", SEEDS)
def test_push_pop_replace_pushpop_give_heapqs_lists(mod, seed):
    rng = random.Random(seed)
    items = random_items(rng)
    ours, theirs = [], []
    for x in items:
        op = rng.choice(["push", "push", "pop", "replace", "pushpop"])
        if op == "push":
            mod.heappush(ours, x)
            heapq.heappush(theirs, x)
        elif op == "pushpop":
            assert mod.heappushpop(ours, x) == heapq.heappushpop(theirs, x)
        elif theirs:
            if op == "pop":
                assert mod.heappop(ours) == heapq.heappop(theirs)
            else:
                assert mod.heapreplace(ours, x) == heapq.heapreplace(theirs, x)
        assert ours == theirs
    while theirs:
        assert mod.heappop(ours) == heapq.heappop(theirs)
    assert ours == []


@pytest.mark.parametrize("seed", SEEDS)
def test_heapify_gives_heapqs_list(mod, seed):
    items = random_items(random.Random(seed))
    ours, theirs = list(items), list(items)
    mod.heapify(ours)
    heapq.heapify(theirs)
    assert ours == theirs


@pytest.mark.parametrize("seed", SEEDS)
def test_nlargest_nsmallest_equal_heapqs(mod, seed):
    rng = random.Random(seed)
    items = random_items(rng)
    for n in (-1, 0, 1, 3, len(items), len(items) + 5):
        assert mod.nlargest(n, items) == heapq.nlargest(n, items)
        assert mod.nsmallest(n, iter(items)) == heapq.nsmallest(n, iter(items))
    pairs = [(rng.randrange(4), i) for i in range(len(items))]
    key = lambda p: p[0]  # noqa: E731 - ties keep their original order
    assert mod.nlargest(5, pairs, key=key) == heapq.nlargest(5, pairs, key=key)
    assert mod.nsmallest(5, pairs, key=key) == heapq.nsmallest(5, pairs, key=key)
    assert mod.nlargest(2, pairs, key=None) == heapq.nlargest(2, pairs, key=None)


def outcome(fn, *args, **kw):
    try:
        return "ok", fn(*args, **kw)
    except Exception as e:  # noqa: BLE001 - comparing any outcome
        return "err", type(e), str(e)


class Boom(Exception):
    pass


class Explosive:
    def __lt__(self, other):
        raise Boom("no order here")


@pytest.mark.parametrize("call", [
    lambda m: m.heappush((), 1),
    lambda m: m.heappush([]),
    lambda m: m.heappop({}),
    lambda m: m.heappop([]),
    lambda m: m.heapreplace([], 1),
    lambda m: m.heapify("abc"),
    lambda m: m.heappush([1, 2], "x"),
    lambda m: m.nlargest("2", [1]),
    lambda m: m.nlargest(2, 5),
])
def test_bad_input_raises_what_heapq_raises(mod, call):
    ours, theirs = outcome(call, mod), outcome(call, heapq)
    assert ours[:2] == theirs[:2], (ours, theirs)


def test_a_failing_comparison_propagates(mod):
    with pytest.raises(Boom):
        mod.heappush([Explosive()], Explosive())
    with pytest.raises(Boom):
        mod.nlargest(2, [Explosive(), Explosive(), Explosive()])


def test_a_list_resized_by_a_comparison_is_refused(mod):
    heap = []

    class Shrinker:
        def __lt__(self, other):
            heap.clear()
            return True

    heap.extend([0, 1])
    with pytest.raises(RuntimeError, match="list changed size during iteration"):
        mod.heappush(heap, Shrinker())


def test_docs_and_names(mod):
    assert mod.heappush.__name__ == "heappush"
    assert "heap invariant" in mod.heappush.__doc__


def test_no_handle_leaks_in_debug_mode(mod_debug):
    mod = mod_debug
    rng = random.Random(7)
    with hilt.debug.LeakDetector():
        for seed in range(20):
            items = random_items(rng)
            heap = []
            for x in items:
                mod.heappush(heap, x)
            mod.heapify(list(items))
            mod.nlargest(3, items)
            mod.nsmallest(3, items, key=lambda v: v)
            while heap:
                mod.heappop(heap)
        with pytest.raises(Boom):
            mod.heappush([Explosive()], Explosive())
