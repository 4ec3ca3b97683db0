"""Load interop.hpy0.so (path in argv[1]) with the loader named in argv[2]
('hpy': HPy 0.9's own universal loader; 'hilt': Hilt's CPython backend;
'import': a plain `import interop`, found on the path, as the Hilt VM's
`hilt run` and `python -m hilt run` do) and print what its functions and
type return, one result per line."""
import sys

path, loader = sys.argv[1], sys.argv[2]
if loader == "hpy":
    from importlib.machinery import ModuleSpec
    import hpy.universal
    mod = hpy.universal.load("interop", path, ModuleSpec("interop", None, origin=path))
elif loader == "hilt":
    from importlib.machinery import ModuleSpec
    import hilt
    mod = hilt.load("interop", path, ModuleSpec("interop", None, origin=path))
elif loader == "import":
    import interop as mod
else:
    sys.exit(f"unknown loader {loader!r}; expected 'hpy', 'hilt' or 'import'")

print("doc", mod.__doc__)
print("noargs", mod.noargs())
print("double_it", mod.double_it(21), mod.double_it("ab"))
print("add3", mod.add3(1, 2, 3))
print("add3 default", mod.add3(1, 2))
print("greet", mod.greet("hilt"), mod.greet(name="x", times=2))
for bad in [lambda: mod.add3(1), lambda: mod.greet(nope=1), lambda: mod.double_it()]:
    try:
        bad()
    except TypeError as e:
        print("TypeError", type(e).__name__)
p = mod.Point(3, -4)
print("point", repr(p), p.x, p.y, p.norm1(), p + p)
p.tag = [1, 2]
print("tag", p.tag)
try:
    p.y = 5
except AttributeError:
    print("y is read-only")
print("Point doc", mod.Point.__doc__)
