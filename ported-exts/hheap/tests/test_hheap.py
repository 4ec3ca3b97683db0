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
def test_push_pop_replace_pushpop_give_heapqs_lists(hheap, seed):
    rng = random.Random(seed)
    items = random_items(rng)
    ours, theirs = [], []
    for x in items:
        op = rng.choice(["push", "push", "pop", "replace", "pushpop"])
        if op == "push":
            hheap.heappush(ours, x)
            heapq.heappush(theirs, x)
        elif op == "pushpop":
            assert hheap.heappushpop(ours, x) == heapq.heappushpop(theirs, x)
        elif theirs:
            if op == "pop":
                assert hheap.heappop(ours) == heapq.heappop(theirs)
            else:
                assert hheap.heapreplace(ours, x) == heapq.heapreplace(theirs, x)
        assert ours == theirs
    while theirs:
        assert hheap.heappop(ours) == heapq.heappop(theirs)
    assert ours == []


@pytest.mark.parametrize("seed", SEEDS)
def test_heapify_gives_heapqs_list(hheap, seed):
    items = random_items(random.Random(seed))
    ours, theirs = list(items), list(items)
    hheap.heapify(ours)
    heapq.heapify(theirs)
    assert ours == theirs


@pytest.mark.parametrize("seed", SEEDS)
def test_nlargest_nsmallest_equal_heapqs(hheap, seed):
    rng = random.Random(seed)
    items = random_items(rng)
    for n in (-1, 0, 1, 3, len(items), len(items) + 5):
        assert hheap.nlargest(n, items) == heapq.nlargest(n, items)
        assert hheap.nsmallest(n, iter(items)) == heapq.nsmallest(n, iter(items))
    pairs = [(rng.randrange(4), i) for i in range(len(items))]
    key = lambda p: p[0]  # noqa: E731 - ties keep their original order
    assert hheap.nlargest(5, pairs, key=key) == heapq.nlargest(5, pairs, key=key)
    assert hheap.nsmallest(5, pairs, key=key) == heapq.nsmallest(5, pairs, key=key)
    assert hheap.nlargest(2, pairs, key=None) == heapq.nlargest(2, pairs, key=None)


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
def test_bad_input_raises_what_heapq_raises(hheap, call):
    ours, theirs = outcome(call, hheap), outcome(call, heapq)
    assert ours[:2] == theirs[:2], (ours, theirs)


def test_a_failing_comparison_propagates(hheap):
    with pytest.raises(Boom):
        hheap.heappush([Explosive()], Explosive())
    with pytest.raises(Boom):
        hheap.nlargest(2, [Explosive(), Explosive(), Explosive()])


def test_a_list_resized_by_a_comparison_is_refused(hheap):
    heap = []

    class Shrinker:
        def __lt__(self, other):
            heap.clear()
            return True

    heap.extend([0, 1])
    with pytest.raises(RuntimeError, match="list changed size during iteration"):
        hheap.heappush(heap, Shrinker())


def test_docs_and_names(hheap):
    assert hheap.heappush.__name__ == "heappush"
    assert "heap invariant" in hheap.heappush.__doc__


def test_no_handle_leaks_in_debug_mode(hheap_debug):
    hheap = hheap_debug
    rng = random.Random(7)
    with hilt.debug.LeakDetector():
        for seed in range(20):
            items = random_items(rng)
            heap = []
            for x in items:
                hheap.heappush(heap, x)
            hheap.heapify(list(items))
            hheap.nlargest(3, items)
            hheap.nsmallest(3, items, key=lambda v: v)
            while heap:
                hheap.heappop(heap)
        with pytest.raises(Boom):
            hheap.heappush([Explosive()], Explosive())
