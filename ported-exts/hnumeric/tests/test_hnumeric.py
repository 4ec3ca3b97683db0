"""hnumeric against plain Python lists (the reference: the same arithmetic
in the same order, so results are equal bit for bit): construction, shape,
indexing, slicing, elementwise arithmetic, sum, dot, fill, tolist and the
buffer protocol, with bad inputs, in universal and debug mode; no leaks."""
import operator
import random

import pytest

import hilt.debug

SEEDS = range(30)
OPS = [operator.add, operator.sub, operator.mul, operator.truediv]


def random_matrix(rng):
    if rng.random() < 0.5:
        return [rng.uniform(-100, 100) for _ in range(rng.randrange(0, 12))]
    cols = rng.randrange(1, 6)
    return [[rng.uniform(-100, 100) for _ in range(cols)] for _ in range(rng.randrange(1, 6))]


def elementwise(x, y, op):
    """op over nested lists (either side may be a scalar)."""
    if isinstance(x, list) or isinstance(y, list):
        n = len(x) if isinstance(x, list) else len(y)
        return [elementwise(x[i] if isinstance(x, list) else x, y[i] if isinstance(y, list) else y, op)
                for i in range(n)]
    return op(x, y)


def flat(m):
    return [v for row in m for v in row] if m and isinstance(m[0], list) else list(m)


@pytest.mark.parametrize("seed", SEEDS)
def test_construction_shape_and_tolist(mod, seed):
    m = random_matrix(random.Random(seed))
    a = mod.array(m)
    assert a.tolist() == m
    is2d = bool(m) and isinstance(m[0], list)
    assert a.shape == ((len(m), len(m[0])) if is2d else (len(m),))
    assert a.ndim == (2 if is2d else 1) and a.size == len(flat(m)) and len(a) == len(m)
    assert repr(a) == f"array({m!r})"
    view = memoryview(a)
    assert view.format == "d" and view.shape == a.shape and view.tolist() == m and view.nbytes == 8 * a.size


@pytest.mark.parametrize("seed", SEEDS)
def test_elementwise_arithmetic_equals_lists(mod, seed):
    rng = random.Random(100 + seed)
    m = random_matrix(rng)
    other = elementwise(m, 0, lambda v, _: rng.uniform(1, 50))
    s = rng.uniform(1, 10)
    a, b = mod.array(m), mod.array(other)
    for op in OPS:
        assert op(a, b).tolist() == elementwise(m, other, op)
        assert op(a, s).tolist() == elementwise(m, s, op)
        if op is not operator.truediv or 0.0 not in flat(m):
            assert op(s, a).tolist() == elementwise(s, m, op)


@pytest.mark.parametrize("seed", SEEDS)
def test_sum_dot_fill_equal_lists(mod, seed):
    rng = random.Random(200 + seed)
    n = rng.randrange(1, 8)
    v = [rng.uniform(-10, 10) for _ in range(n)]
    w = [rng.uniform(-10, 10) for _ in range(n)]
    M = [[rng.uniform(-10, 10) for _ in range(n)] for _ in range(rng.randrange(1, 5))]
    cols = rng.randrange(1, 5)
    N = [[rng.uniform(-10, 10) for _ in range(cols)] for _ in range(n)]
    dot = lambda x, y: sum(p * q for p, q in zip(x, y))  # noqa: E731 - left to right, like the C loop
    assert mod.array(v).dot(mod.array(w)) == dot(v, w)
    assert mod.array(M).dot(mod.array(v)).tolist() == [dot(row, v) for row in M]
    assert mod.array(M).dot(mod.array(N)).tolist() == [[dot(row, [r[j] for r in N]) for j in range(len(N[0]))] for row in M]
    assert mod.array(M).sum() == sum(flat(M))
    a = mod.array(M)
    a.fill(2.5)
    assert a.tolist() == [[2.5] * n for _ in M]


@pytest.mark.parametrize("seed", SEEDS)
def test_indexing_and_slicing_equal_lists(mod, seed):
    rng = random.Random(300 + seed)
    m = random_matrix(rng)
    a = mod.array(m)
    for _ in range(10):
        if not m:
            break
        i = rng.randrange(-len(m), len(m))
        got = a[i]
        assert (got.tolist() if isinstance(m[i], list) else got) == m[i]
        if isinstance(m[0], list):
            j = rng.randrange(-len(m[0]), len(m[0]))
            assert a[i, j] == m[i][j]
        start, stop, step = rng.randrange(-12, 12), rng.randrange(-12, 12), rng.choice([1, 2, -1, 3, -2])
        assert a[start:stop:step].tolist() == m[start:stop:step]
    if m and not isinstance(m[0], list):
        a[0] = 42
        assert a[0] == 42.0
    elif m:
        a[0, -1] = 7
        assert a.tolist()[0][-1] == 7.0


def outcome(fn, *args):
    try:
        return "ok", fn(*args)
    except Exception as e:  # noqa: BLE001 - the exception type is compared
        return "err", type(e).__name__


@pytest.mark.parametrize("call, expected", [
    (lambda m: m.array(5), "TypeError"),
    (lambda m: m.array([1, "x"]), "TypeError"),
    (lambda m: m.array([[1, 2], [3]]), "ValueError"),
    (lambda m: m.array([1, 2])[2], "IndexError"),
    (lambda m: m.array([[1, 2]])[0, 5], "IndexError"),
    (lambda m: m.array([1, 2])[0, 0], "IndexError"),
    (lambda m: m.array([1, 2]) + m.array([1, 2, 3]), "ValueError"),
    (lambda m: m.array([1, 2]) / 0, "ZeroDivisionError"),
    (lambda m: m.array([1, 2]) + "x", "TypeError"),
    (lambda m: m.array([1, 2]).dot(m.array([1])), "ValueError"),
    (lambda m: m.array([1, 2]).dot([1, 2]), "TypeError"),
    (lambda m: m.zeros(-1), "ValueError"),
])
def test_bad_input_raises_clear_errors(mod, call, expected):
    assert outcome(call, mod) == ("err", expected)


def test_no_handle_leaks_in_debug_mode(mod_debug):
    rng = random.Random(9)
    with hilt.debug.LeakDetector():
        for _ in range(20):
            m = random_matrix(rng)
            a = mod_debug.array(m)
            for op in OPS[:3]:
                op(a, a).tolist()
                op(2.0, a)
            a.sum(), repr(a), memoryview(a).tolist()
            if m:
                a[0], a[::2]
        with pytest.raises(ValueError):
            mod_debug.array([1.0]) + mod_debug.array([1.0, 2.0])
