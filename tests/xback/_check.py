"""Shared by the cross-backend scripts: print what a call gives, in a form
that is the same on every backend (no addresses, no timings)."""


def outcome(fn, *args, **kw):
    """('ok', result) or ('err', exception type name, message)."""
    try:
        return ("ok", fn(*args, **kw))
    except Exception as e:  # noqa: BLE001 - any outcome is printed
        return ("err", type(e).__name__, str(e))


def show(label, fn, *args, **kw):
    """Print LABEL -> repr(result), or LABEL !! Type: message."""
    r = outcome(fn, *args, **kw)
    if r[0] == "ok":
        print(label, "->", repr(r[1]))
    else:
        print(label, "!!", r[1] + ":", r[2])


def import_failed(e, file_name):
    """Print an import error: its type, whether the message names the file
    (FILE_NAME, e.g. 'junk.hpy0.so') and the reason, cut at the first ': '
    after the file name (what follows may come from the system)."""
    msg = str(e)
    at = msg.find(file_name + ": ")
    reason = msg[at + len(file_name) + 2:] if at >= 0 else msg
    print("import", file_name, "!!", type(e).__name__, "| names the file:", at >= 0, "|",
          reason.split(": ")[0])


def show_type(label, fn, *args, **kw):
    """As show, but print only the exception's type: for errors whose message
    is the interpreter's own (CPython's 'bad argument to internal function'
    names its C source file)."""
    r = outcome(fn, *args, **kw)
    print(label, "->", repr(r[1]) if r[0] == "ok" else "!! " + r[1])


class Lcg:
    """Deterministic pseudo-random numbers, the same on every backend (no
    dependence on a runtime's random module)."""

    def __init__(self, seed):
        self.state = seed

    def next(self, n):
        """An int in range(n)."""
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) % 2**64
        return (self.state >> 33) % n
