"""hjson against the standard library's json: the same text from dumps and
the same objects from loads on many random documents and options, the same
errors (type, message and position) on bad input, in universal and debug
mode; no handle leaks."""
import json
import math
import random

import pytest

import hilt.debug

SEEDS = range(40)
STRINGS = ["", "plain", "quote\" and \\ backslash", "tab\tnew\nline\r", "\x00\x01\x1f control",
           "héllo wörld", "€ and ✓", "emoji 😀 and 𝄞", "\u2028\u2029", "/slash/"]


def random_value(rng, depth=0, mixed_keys=True):
    kinds = ["int", "bigint", "float", "str", "bool", "none"]
    if depth < 4:
        kinds += ["list", "dict", "tuple"] * 2
    kind = rng.choice(kinds)
    if kind == "int":
        return rng.randrange(-10**6, 10**6)
    if kind == "bigint":
        return rng.choice([-1, 1]) * rng.randrange(10**30)
    if kind == "float":
        return rng.choice([0.0, -0.0, 1.5, 1e300, 2.5e-300, 1 / 3, rng.uniform(-1e6, 1e6), 100.0])
    if kind == "str":
        return rng.choice(STRINGS) + str(rng.randrange(10))
    if kind == "bool":
        return rng.choice([True, False])
    if kind == "none":
        return None
    if kind in ("list", "tuple"):
        items = [random_value(rng, depth + 1, mixed_keys) for _ in range(rng.randrange(5))]
        return items if kind == "list" else tuple(items)
    keys = [rng.choice(STRINGS) + str(i) for i in range(rng.randrange(5))]
    d = {k: random_value(rng, depth + 1, mixed_keys) for k in keys}
    if mixed_keys and rng.random() < 0.3:
        d[rng.randrange(100)] = 1
        d[None] = 2
        d[True] = 3
        d[2.5] = 4
    return d


def random_options(rng, parseable=False):
    """dumps options; `parseable` leaves out an indent that makes invalid JSON."""
    opts = {}
    if rng.random() < 0.5:
        opts["indent"] = rng.choice([0, 2, 4, "\t"] + ([] if parseable else ["--"]))
    if rng.random() < 0.3:
        opts["separators"] = rng.choice([(",", ":"), (", ", ": "), (" ,", " : ")])
    if rng.random() < 0.5:
        opts["ensure_ascii"] = rng.choice([True, False])
    if rng.random() < 0.3:
        opts["sort_keys"] = True
    return opts


@pytest.mark.parametrize("seed", SEEDS)
def test_dumps_gives_jsons_text(mod, seed):
    rng = random.Random(seed)
    opts = random_options(rng)
    value = random_value(rng, mixed_keys=rng.random() < 0.5)
    # Mixed keys do not sort: then both raise the same TypeError.
    assert outcome(mod.dumps, value, **opts) == outcome(json.dumps, value, **opts)


@pytest.mark.parametrize("seed", SEEDS)
def test_loads_gives_jsons_objects(mod, seed):
    rng = random.Random(1000 + seed)
    opts = random_options(rng, parseable=True)
    value = random_value(rng, mixed_keys=not opts.get("sort_keys"))
    text = json.dumps(value, **opts)
    assert mod.loads(text) == json.loads(text)
    assert mod.loads(text.encode()) == json.loads(text)
    assert mod.loads("  \n" + text + "\t ") == json.loads(text)


def test_special_floats_and_hooks(mod):
    for v in [math.inf, -math.inf]:
        assert mod.dumps(v) == json.dumps(v)
    assert mod.dumps([math.nan]) == "[NaN]"
    assert math.isnan(mod.loads("NaN")) and mod.loads("-Infinity") == -math.inf
    with pytest.raises(ValueError, match="Out of range float values are not JSON compliant"):
        mod.dumps(math.inf, allow_nan=False)
    doc = '{"a": [1, 2.5, {"b": null}], "c": "\\ud83d\\ude00 \\u00e9"}'
    assert mod.loads(doc) == json.loads(doc)
    hook = lambda d: sorted(d.items())  # noqa: E731
    assert mod.loads(doc, object_hook=hook) == json.loads(doc, object_hook=hook)
    assert mod.loads(doc, parse_float=str, parse_int=float) == json.loads(doc, parse_float=str, parse_int=float)
    lone = '"\\ud800x"'
    assert mod.loads(lone) == json.loads(lone)


def test_default_and_skipkeys(mod):
    class Point:
        def __init__(self, x):
            self.x = x

    enc = lambda o: {"point": o.x}  # noqa: E731
    value = [Point(1), {"p": Point(2)}]
    assert mod.dumps(value, default=enc) == json.dumps(value, default=enc)
    assert mod.dumps({(1, 2): 3, "a": 1}, skipkeys=True) == json.dumps({(1, 2): 3, "a": 1}, skipkeys=True)


def outcome(fn, *args, **kw):
    try:
        return "ok", fn(*args, **kw)
    except json.JSONDecodeError as e:
        return "decode", e.msg, e.pos, e.lineno, e.colno
    except Exception as e:  # noqa: BLE001 - comparing any outcome
        return "err", type(e).__name__, str(e)


BAD_DOCS = ["", " ", "[", "[1,", "[1,]", "[1 2]", '{"a" 1}', '{"a": 1,}', "{1: 2}", '"abc', '"\\x"',
            '"\\u12"', '"a\nb"', "tru", "nul", "01", "-", "1.", "[1]]", '{"a": 1} x', "é", "\ufeff[]",
            "[" * 10 + "]" * 9, '{"a": [1, {"b": }]}']


@pytest.mark.parametrize("doc", BAD_DOCS)
def test_bad_documents_fail_like_json(mod, doc):
    ours, theirs = outcome(mod.loads, doc), outcome(json.loads, doc)
    assert ours == theirs


class Unknown:
    pass


@pytest.mark.parametrize("call", [
    lambda m: m.dumps(Unknown()),
    lambda m: m.dumps({(1, 2): 3}),
    lambda m: m.dumps({1j: 3}),
    lambda m: m.loads(12),
    lambda m: m.dumps(1, indent="x", separators=("a",)),
])
def test_bad_input_raises_what_json_raises(mod, call):
    ours, theirs = outcome(call, mod), outcome(call, json)
    assert ours[:2] == theirs[:2], (ours, theirs)


def test_circular_reference(mod):
    a = []
    a.append(a)
    with pytest.raises(ValueError, match="Circular reference detected"):
        mod.dumps(a)


def test_decode_error_is_jsons(mod):
    assert mod.JSONDecodeError is json.JSONDecodeError
    with pytest.raises(ValueError):
        mod.loads("[1, 2")


def test_no_handle_leaks_in_debug_mode(mod_debug):
    rng = random.Random(5)
    with hilt.debug.LeakDetector():
        for _ in range(30):
            opts = random_options(rng, parseable=True)
            value = random_value(rng, mixed_keys=not opts.get("sort_keys"))
            text = mod_debug.dumps(value, **opts)
            mod_debug.loads(text)
        for doc in BAD_DOCS:
            with pytest.raises(ValueError):
                mod_debug.loads(doc)
