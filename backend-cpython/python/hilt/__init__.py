"""Hilt: load HPy-compatible universal extension binaries (``*.hpy0.so``)
into CPython.

``import hilt`` installs an import hook, so ``import foo`` finds
``foo.hpy0.so`` on ``sys.path`` with no stub ``.py`` file. ``hilt.load``
loads a binary explicitly. The mode of each module comes from the ``HILT``
environment variable (``HPY`` is honoured too): ``HILT=debug`` for all
modules, or ``HILT=foo:debug,bar:trace`` per module."""
import os

from . import _hilt
from ._hilt import ABI_MAJOR, ABI_MINOR, ABI_TAG

__all__ = ["load", "mode_for", "ABI_TAG", "ABI_MAJOR", "ABI_MINOR"]

_MODES = ("universal", "debug", "trace")


def mode_for(name, environ=None):
    """The mode the environment asks for module ``name`` (default universal)."""
    environ = os.environ if environ is None else environ
    text = environ.get("HILT") or environ.get("HPY") or ""
    text = text.strip()
    if not text:
        return "universal"
    if ":" not in text and "," not in text:
        if text not in _MODES:
            raise ImportError(f"hilt: HILT={text!r}: expected one of {', '.join(_MODES)} "
                              "or 'module:mode,...'")
        return text
    mode = "universal"
    for item in text.split(","):
        item = item.strip()
        if not item:
            continue
        mod, sep, value = item.partition(":")
        if not sep or value not in _MODES:
            raise ImportError(f"hilt: HILT={text!r}: entry {item!r} must be 'module:mode' "
                              f"with mode one of {', '.join(_MODES)}")
        if mod == name:
            mode = value
    return mode


def load(name, path, spec=None, mode=None):
    """Load the universal binary at ``path`` as module ``name``.

    ``mode`` is 'universal', 'debug' or 'trace'; by default it comes from the
    ``HILT``/``HPY`` environment variable."""
    # Absolute: dlopen would search the library path for a bare file name.
    path = os.path.abspath(os.fspath(path))
    if spec is None:
        from importlib.machinery import ModuleSpec
        spec = ModuleSpec(name, None, origin=path)
    return _hilt.load(name, path, spec, mode or mode_for(name))


from . import _importhook  # noqa: E402  (installs the hook)

_importhook.install()
