"""Hilt's debug mode from Python.

Modules loaded with ``mode="debug"`` (or ``HILT=debug``) get a context that
checks every API call: closed, kept or foreign handles, double closes,
returned constants, builder and tracker misuse, wrong struct shapes,
non-types where a type is needed, calls outside a call or off the GIL.
Raw data (``HPyUnicode_AsUTF8AndSize``, ``HPyBytes_AsString``) is a
read-only copy that becomes inaccessible when its handle closes: a write, or
a read after the close, faults where it happens.
A misuse raises ``HPyDebugError`` (or aborts, see ``set_misuse_policy``).

Leaks are found by generation: ``LeakDetector`` remembers the generation
when entered and, on exit, raises ``HandleLeakError`` listing every handle
opened since and still open::

    with hilt.debug.LeakDetector():
        mymodule.function()

Installing ``hilt`` registers a pytest plugin (``hilt.pytest_plugin``) with
the fixture ``hpy_leak_check``, which fails a test that leaks handles."""
from ._hilt import (
    HPyDebugError,
    get_open_handles as _get_open_handles,
    get_reports,
    new_generation,
    set_backtrace_frames,
    set_closed_handles_limit,
    set_misuse_policy,
    set_protected_raw_data_limit,
)

__all__ = [
    "HPyDebugError", "HandleLeakError", "LeakDetector", "OpenHandle", "get_open_handles",
    "get_reports", "new_generation", "set_backtrace_frames", "set_closed_handles_limit",
    "set_misuse_policy", "set_protected_raw_data_limit",
]


class OpenHandle:
    """A handle an extension opened and has not closed yet."""

    __slots__ = ("id", "opened_by", "type_name", "repr", "backtrace")

    def __init__(self, id, opened_by, type_name, repr, backtrace):
        self.id, self.opened_by, self.type_name = id, opened_by, type_name
        self.repr, self.backtrace = repr, backtrace

    def __repr__(self):
        text = f"<handle {self.id:#x} to {self.type_name} {self.repr}, opened by {self.opened_by}>"
        if self.backtrace:
            text += "\n" + self.backtrace
        return text


def get_open_handles(since=0):
    """Handles opened in generation ``since`` or later and still open."""
    return [OpenHandle(*h) for h in _get_open_handles(since)]


class HandleLeakError(HPyDebugError):
    """Handles were opened and never closed. ``leaks`` lists them."""

    def __init__(self, leaks):
        self.leaks = leaks
        lines = "\n".join(f"  {h!r}" for h in leaks)
        super().__init__(f"{len(leaks)} handle(s) leaked:\n{lines}")


class LeakDetector:
    """Raises HandleLeakError on exit if handles opened inside stay open."""

    def __enter__(self):
        self.generation = new_generation()
        return self

    def leaks(self):
        return get_open_handles(self.generation)

    def __exit__(self, *exc):
        leaks = self.leaks()
        if leaks and exc[0] is None:
            raise HandleLeakError(leaks)
        return False
