"""Build Hilt extensions from a ``setup.py`` / ``pyproject.toml`` project.

Name the extensions in the ``hilt_ext_modules`` keyword of ``setup()``
(``hilt`` registers it with setuptools when installed)::

    from setuptools import Extension, setup
    setup(name="greet", hilt_ext_modules=[Extension("greet", ["greet.c"])])

with ``requires = ["setuptools", "hilt"]`` in ``[build-system]``. Each one
becomes a universal binary ``greet.hpy0.so``, compiled by ``hilt.build``
exactly as ``python -m hilt build`` would; ``include_dirs``,
``define_macros``, ``undef_macros``, ``extra_compile_args`` and
``extra_link_args`` of the ``Extension`` are honoured. Ordinary
``ext_modules`` in the same project are built by setuptools as usual.

Without the keyword, pass the command class yourself and mark extensions
with ``HiltExtension``::

    setup(ext_modules=[HiltExtension("greet", ["greet.c"])],
          cmdclass={"build_ext": hilt.setuptools.build_ext})

Importing such a module needs ``import hilt`` first (its import hook finds
``*.hpy0.so``)."""
import os

from setuptools import Extension
from setuptools.command.build_ext import build_ext as _setuptools_build_ext
from setuptools.errors import SetupError

from . import build as _build

__all__ = ["HiltExtension", "build_ext", "hilt_ext_modules"]


class HiltExtension(Extension):
    """An extension compiled by Hilt into a universal ``.hpy0.so``."""

    _hilt = True


def _is_hilt(ext):
    return getattr(ext, "_hilt", False)


class build_ext(_setuptools_build_ext):
    """setuptools' ``build_ext``, with Hilt's build for Hilt extensions."""

    def get_ext_filename(self, fullname):
        ext = self.ext_map.get(fullname) if hasattr(self, "ext_map") else None
        if ext is not None and _is_hilt(ext):
            return os.path.join(*fullname.split(".")) + _build.SUFFIX
        return super().get_ext_filename(fullname)

    def build_extension(self, ext):
        if not _is_hilt(ext):
            return super().build_extension(ext)
        output = self.get_ext_fullpath(ext.name)
        try:
            _build.build(
                ext.sources, output,
                include_dirs=ext.include_dirs, defines=ext.define_macros,
                undefines=ext.undef_macros, cflags=ext.extra_compile_args or (),
                ldflags=ext.extra_link_args or (), debug_symbols=bool(self.debug),
                verbose=bool(self.verbose))
        except _build.BuildError as e:
            raise SetupError(f"building Hilt extension {ext.name!r}: {e}") from None
        return None


def hilt_ext_modules(dist, attr, value):
    """setuptools calls this for ``setup(hilt_ext_modules=[...])``."""
    if not isinstance(value, (list, tuple)) or not all(isinstance(e, Extension) for e in value):
        raise SetupError(f"{attr} must be a list of setuptools.Extension")
    for ext in value:
        ext._hilt = True
    dist.ext_modules = [*(dist.ext_modules or []), *value]
    base = dist.cmdclass.get("build_ext", _setuptools_build_ext)
    if not issubclass(base, build_ext):
        # Keep a project's own build_ext subclass: put Hilt's below it.
        base = build_ext if base is _setuptools_build_ext else type(
            "build_ext", (base, build_ext), {})
    dist.cmdclass["build_ext"] = base
