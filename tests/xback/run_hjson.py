"""ported-exts/hjson (json's dumps/loads): documents with every option,
special floats, hooks, default and skipkeys, bad documents (message and
position), bad input, circular references."""
from _check import Lcg, outcome, show
import hjson as m

STRINGS = ["", "plain", "quote\" and \\ backslash", "tab\tnew\nline\r", "\x00\x01\x1f control",
           "héllo wörld", "€ and ✓", "emoji 😀 and 𝄞", "\u2028\u2029", "/slash/"]


def pick(rng, items):
    return items[rng.next(len(items))]


def random_value(rng, depth=0):
    kinds = ["int", "bigint", "float", "str", "bool", "none"]
    if depth < 4:
        kinds += ["list", "dict", "tuple"] * 2
    kind = pick(rng, kinds)
    if kind == "int":
        return rng.next(2 * 10**6) - 10**6
    if kind == "bigint":
        return pick(rng, [-1, 1]) * rng.next(10**18) * 10**12
    if kind == "float":
        return pick(rng, [0.0, -0.0, 1.5, 1e300, 2.5e-300, 1 / 3, rng.next(10**6) / 7, 100.0])
    if kind == "str":
        return pick(rng, STRINGS) + str(rng.next(10))
    if kind == "bool":
        return pick(rng, [True, False])
    if kind == "none":
        return None
    if kind in ("list", "tuple"):
        items = [random_value(rng, depth + 1) for _ in range(rng.next(5))]
        return items if kind == "list" else tuple(items)
    return {pick(rng, STRINGS) + str(i): random_value(rng, depth + 1) for i in range(rng.next(5))}


def random_options(rng):
    opts = {}
    if rng.next(2):
        opts["indent"] = pick(rng, [0, 2, 4, "\t"])
    if rng.next(3) == 0:
        opts["separators"] = pick(rng, [(",", ":"), (", ", ": "), (" ,", " : ")])
    if rng.next(2):
        opts["ensure_ascii"] = pick(rng, [True, False])
    if rng.next(3) == 0:
        opts["sort_keys"] = True
    return opts


for seed in range(25):
    rng = Lcg(seed)
    opts = random_options(rng)
    value = random_value(rng)
    text = m.dumps(value, **opts)
    back = m.loads(text)
    print("seed", seed, sorted(opts.items()), text if len(text) < 400 else text[:400] + "...")
    print("  round trip", back == m.loads(text.encode()), back == m.loads("  \n" + text + "\t "))
mixed = {3: 1, None: 2, True: 3, 2.5: 4, "s": 5}
print("mixed keys", m.dumps(mixed))
show("mixed keys sorted", m.dumps, mixed, sort_keys=True)
print("special floats", m.dumps(float("inf")), m.dumps(-float("inf")), m.dumps([float("nan")]))
nan = m.loads("NaN")
print("loads NaN", nan != nan, m.loads("-Infinity"))
show("allow_nan=False", m.dumps, float("inf"), allow_nan=False)
doc = '{"a": [1, 2.5, {"b": null}], "c": "\\ud83d\\ude00 \\u00e9"}'
print("loads", m.loads(doc))
print("object_hook", m.loads(doc, object_hook=lambda d: sorted(d.items())))
print("parse hooks", m.loads(doc, parse_float=str, parse_int=float))


class Point:
    def __init__(self, x):
        self.x = x


print("default", m.dumps([Point(1), {"p": Point(2)}], default=lambda o: {"point": o.x}))
print("skipkeys", m.dumps({(1, 2): 3, "a": 1}, skipkeys=True))
BAD_DOCS = ["", " ", "[", "[1,", "[1,]", "[1 2]", '{"a" 1}', '{"a": 1,}', "{1: 2}", '"abc', '"\\x"',
            '"\\u12"', '"a\nb"', "tru", "nul", "01", "-", "1.", "[1]]", '{"a": 1} x', "é", "\ufeff[]",
            "[" * 10 + "]" * 9, '{"a": [1, {"b": }]}']
# Labelled by index: the documents' reprs would test the interpreter's
# str repr (the VM does not escape U+FEFF), not hjson.
for i, doc in enumerate(BAD_DOCS):
    try:
        m.loads(doc)
        print("bad doc", i, "accepted")
    except m.JSONDecodeError as e:
        print("bad doc", i, "!!", type(e).__name__, e.msg, e.pos, e.lineno, e.colno, "|", str(e))


class Unknown:
    pass


for label, call in [("unknown object", lambda: m.dumps(Unknown())), ("tuple key", lambda: m.dumps({(1, 2): 3})),
                    ("loads an int", lambda: m.loads(12)),
                    ("bad indent and separators", lambda: m.dumps(1, indent="x", separators=("a",)))]:
    print(label, outcome(call)[:2])
a = []
a.append(a)
show("circular", m.dumps, a)
print("JSONDecodeError is a ValueError", issubclass(m.JSONDecodeError, ValueError))
show("deep nesting", m.loads, "[" * 2000 + "]" * 2000)
