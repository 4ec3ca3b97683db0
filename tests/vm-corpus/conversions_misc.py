# iter(callable, sentinel), int.to_bytes/from_bytes, float.hex/fromhex,
# str.expandtabs.

data = [3, 1, 4, 1, 5, 9, 0, 2, 6]
pos = 0
def take():
    global pos
    pos += 1
    return data[pos - 1]
it = iter(take, 0)
print(type(it).__name__, list(it), pos)
print(list(it))
lines = iter(["a", "b", "", "c"])
print(list(iter(lambda: next(lines), "")))
def stops():
    raise StopIteration
print(list(iter(stops, None)))
try:
    iter(5, 0)
except TypeError as e:
    print("TypeError:", e)
for chunk in iter([b"ab", b"cd", b""].pop, b"ab"):
    print(chunk)

for n, length, order, signed in [(0, 0, "big", False), (1, 1, "big", False), (255, 1, "little", False),
                                 (256, 2, "big", False), (256, 2, "little", False), (-1, 1, "big", True),
                                 (-129, 2, "big", True), (127, 1, "big", True), (2**70 + 5, 10, "little", False),
                                 (-2**63, 8, "big", True), (1000, 4, "big", True)]:
    b = n.to_bytes(length, order, signed=signed)
    back = int.from_bytes(b, order, signed=signed)
    print(n, b, back == n)
print((5).to_bytes(), (5).to_bytes(3, byteorder="little"), (7).to_bytes(length=2))
for bad in [lambda: (256).to_bytes(1, "big"), lambda: (-1).to_bytes(1, "big"), lambda: (128).to_bytes(1, "big", signed=True),
            lambda: (1).to_bytes(-1, "big"), lambda: (1).to_bytes(1, "middle")]:
    try:
        bad()
    except (OverflowError, ValueError) as e:
        print(type(e).__name__, e)
print(int.from_bytes(b"\x01\x00"), int.from_bytes(b"\x01\x00", "little"), int.from_bytes([255, 255], "big", signed=True))
print(int.from_bytes(b""), int.from_bytes(b"\xff" * 12, "big"), int.from_bytes(bytes([0, 0, 1]), byteorder="big"))

for x in [0.0, -0.0, 1.0, -1.5, 0.1, 1e300, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
          float("inf"), float("-inf"), float("nan"), 3.141592653589793, 123456.789]:
    h = x.hex()
    back = float.fromhex(h)
    print(repr(x), h, back == x or (x != x and back != back))
for s in ["0x1p0", "0x1.8p1", "-0X.8P-1", "  0x1.fffffffffffffp1023 ", "1p4", "0x10", "inf", "-Infinity", "nan",
          "0x1.00000000000008p0", "0x1.00000000000018p0", "0x0.0000000000001p-1022", "0x1p-1075", "0x3p-1076", "0xA.Bp+2"]:
    print(s.strip(), float.fromhex(s))
for bad in ["", "0x", "0xg", "1.2.3", "0x1p", "0x1p1024"]:
    try:
        float.fromhex(bad)
    except (ValueError, OverflowError) as e:
        print(repr(bad), type(e).__name__, e)

print(repr("a\tb\tc".expandtabs()))
print(repr("ab\tc\n\tx\r12\t3".expandtabs(4)))
print(repr("\t".expandtabs(0)), repr("x\ty".expandtabs(tabsize=1)), repr("12345678\t9".expandtabs()))
