"""Hilt's trace mode from Python.

Modules loaded with ``mode="trace"`` (or ``HILT=trace``) get a context that
counts and times every API call (handles pass through unchanged)::

    hilt.trace.reset()
    mymodule.function()
    print(hilt.trace.report(top=10))       # top API functions by time
    hilt.trace.get_call_counts()           # {"HPy_Add": 3, ...}

``set_trace_functions(on_enter, on_exit)`` installs hooks called with the
API function's name around each call."""
from ._hilt import get_call_counts, get_durations, report, reset, set_trace_functions

__all__ = ["get_call_counts", "get_durations", "report", "reset", "set_trace_functions"]
