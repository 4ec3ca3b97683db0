"""debug_misuse.c, built per case (argv[1]: double_close or close_constant)
and run under HILT=debug only (the test runs it so): correct code gives its
result, the misuse is reported as an exception of the same type with the
same message (handle numbers masked: each backend numbers its handles)."""
import sys
import debug_misuse as m


def mask_handles(text):
    """'handle 0x1f2' -> 'handle 0x?'."""
    out, i = "", 0
    while i < len(text):
        if text.startswith("0x", i):
            out += "0x?"
            i += 2
            while i < len(text) and text[i] in "0123456789abcdef":
                i += 1
        else:
            out += text[i]
            i += 1
    return out


print("case", sys.argv[1])
print("ok", m.ok(41))
try:
    m.misuse()
    print("misuse not reported")
except Exception as e:  # noqa: BLE001
    print("misuse", type(e).__name__, "|", mask_handles(str(e)))
print("ok after", m.ok(1))
