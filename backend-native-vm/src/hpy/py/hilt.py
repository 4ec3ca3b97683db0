"""The Hilt VM's `hilt` module: debug and trace mode from Python, as on
CPython (`hilt.debug`, `hilt.trace`), over the VM's debug and trace
contexts (natives in `_hilt`). The VM has no packages, so `debug` and
`trace` are namespaces of this module: `import hilt` then
`hilt.debug.LeakDetector()`."""
import _hilt


class OpenHandle:
    """A handle an extension opened and has not closed yet."""

    def __init__(self, id, opened_by, type_name, repr, backtrace):
        self.id = id
        self.opened_by = opened_by
        self.type_name = type_name
        self.repr = repr
        self.backtrace = backtrace

    def __repr__(self):
        text = "<handle " + hex(self.id) + " to " + self.type_name + " " + self.repr + ", opened by " + self.opened_by + ">"
        if self.backtrace:
            text += "\n" + self.backtrace
        return text


def _open_handles(since=0):
    return [OpenHandle(*h) for h in _hilt.get_open_handles(since)]


class HandleLeakError(_hilt.HPyDebugError):
    """Handles were opened and never closed. ``leaks`` lists them."""

    def __init__(self, leaks):
        self.leaks = leaks
        lines = "\n".join("  " + repr(h) for h in leaks)
        _hilt.HPyDebugError.__init__(self, str(len(leaks)) + " handle(s) leaked:\n" + lines)


class LeakDetector:
    """Raises HandleLeakError on exit if handles opened inside stay open."""

    def __enter__(self):
        self.generation = _hilt.new_generation()
        return self

    def leaks(self):
        return _open_handles(self.generation)

    def __exit__(self, *exc):
        leaks = self.leaks()
        if leaks and exc[0] is None:
            raise HandleLeakError(leaks)
        return False


class debug:
    """hilt.debug: leak detection and the misuse reports of debug mode."""
    HPyDebugError = _hilt.HPyDebugError
    HandleLeakError = HandleLeakError
    LeakDetector = LeakDetector
    OpenHandle = OpenHandle
    get_open_handles = staticmethod(_open_handles)
    get_reports = staticmethod(_hilt.get_reports)
    new_generation = staticmethod(_hilt.new_generation)


class trace:
    """hilt.trace: API calls counted and timed in trace mode."""
    report = staticmethod(_hilt.trace_report)
    reset = staticmethod(_hilt.trace_reset)


HPyDebugError = _hilt.HPyDebugError
