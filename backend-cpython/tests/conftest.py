"""Fixtures for the CPython backend's tests: compile a small C extension
against Hilt's headers and helper runtime, then load it with `hilt.load`."""
import os
import pathlib
import subprocess

import pytest

import hilt

ROOT = pathlib.Path(__file__).resolve().parents[2]
INCLUDE = ROOT / "headers" / "include"
RUNTIME = sorted((ROOT / "headers" / "src" / "runtime").glob("*.c"))
EXTS = pathlib.Path(__file__).resolve().parent / "exts"
CC = os.environ.get("CC", "cc")
FLAGS = ["-shared", "-fPIC", "-O1", "-g", "-Wall", "-Wextra", "-Werror",
         "-DHPY_ABI_UNIVERSAL", f"-I{INCLUDE}", f"-I{INCLUDE / 'hpy' / 'forbid_python_h'}"]


@pytest.fixture(scope="session")
def build_ext(tmp_path_factory):
    """build_ext(name, source=None, extra_flags=()) -> path of NAME.hpy0.so.

    The source defaults to tests/exts/NAME.c; it must use HPy_MODINIT(NAME, ...)."""
    out = tmp_path_factory.mktemp("exts")
    built = {}

    def build(name, source=None, extra_flags=()):
        key = (name, source, tuple(extra_flags))
        if key not in built:
            src = pathlib.Path(source) if source else EXTS / f"{name}.c"
            # One directory per build: a path already loaded would be
            # reused by dlopen even after the file changed.
            variant = out / f"build{len(built)}"
            variant.mkdir(exist_ok=True)
            so = variant / f"{name}.hpy0.so"
            subprocess.run([CC, *FLAGS, *extra_flags, str(src), *map(str, RUNTIME), "-o", str(so)],
                           check=True)
            built[key] = so
        return built[key]

    return build


@pytest.fixture(scope="session")
def load_ext(build_ext):
    """load_ext(name) -> the module tests/exts/NAME.c, built once and loaded with hilt."""
    loaded = {}

    def load(name, **kw):
        if name not in loaded:
            loaded[name] = hilt.load(name, str(build_ext(name, **kw)))
        return loaded[name]

    return load


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "universal_only(why): the test relies on universal-mode behaviour that debug mode "
        "reports as misuse (or on a handle being a PyObject *); skipped when HILT=debug")


def pytest_collection_modifyitems(config, items):
    """Under HILT=debug the whole suite runs in debug mode: a correct
    extension must give the same results. Tests of deliberate misuse are
    the exception."""
    if hilt.mode_for("any") != "debug":
        return
    for item in items:
        marker = item.get_closest_marker("universal_only")
        if marker:
            item.add_marker(pytest.mark.skip(reason=f"debug mode reports this: {marker.args[0]}"))


@pytest.fixture
def ext(build_ext):
    """ext(kind, mode="debug") -> exts/debug_misuse.c built with -DKIND_<kind>,
    loaded in `mode`."""
    def load(kind, mode="debug"):
        # One file per (kind, mode): a library keeps one context for its
        # trampolines, so a file is loaded in one mode only.
        path = build_ext("debug_misuse", extra_flags=[f"-DKIND_{kind}", f"-DHILT_TEST_MODE_{mode}"])
        return hilt.load("debug_misuse", path, mode=mode)
    return load
