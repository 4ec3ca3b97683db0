b = b"hello"
print(b, len(b), b[0], b[1:3], b + b"!", b * 2, b"ell" in b, list(b[:2]))
print(b.decode(), "héllo".encode(), bytes(3), bytes([65, 66]), b == b"hello", b < b"help")
print(repr(b"\x00\xffA'"), b"a,b".decode().split(","))
for x in b"AB":
    print(x, end=" ")
print()
