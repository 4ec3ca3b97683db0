"""Shared by every ported extension's tests: load NAME.hpy0.so, built once
by the test command into the directory HILT_PORTED_EXTS names, in a given
mode (each mode from its own copy: a library keeps one context for its
trampolines)."""
import os
import pathlib
import shutil

import pytest

import hilt


@pytest.fixture(scope="session")
def load_ported(tmp_path_factory):
    """load_ported(name, mode) -> the module, loaded once per (name, mode)."""
    d = os.environ.get("HILT_PORTED_EXTS")
    if not d:
        pytest.exit("HILT_PORTED_EXTS is not set: run these tests through the test command "
                    "(tests/tests/ported_exts.rs builds the extensions)", returncode=2)
    loaded = {}

    def load(name, mode="universal"):
        if (name, mode) not in loaded:
            so = pathlib.Path(d) / f"{name}.hpy0.so"
            copy = tmp_path_factory.mktemp(f"{name}-{mode}") / so.name
            shutil.copy(so, copy)
            loaded[name, mode] = hilt.load(name, copy, mode=mode)
        return loaded[name, mode]

    return load


def _module_name(request):
    # ported-exts/NAME/tests/test_*.py
    return request.path.parent.parent.name


@pytest.fixture(scope="module", params=["universal", "debug"])
def mod(request, load_ported):
    """The extension under test (named by its directory), in each mode."""
    return load_ported(_module_name(request), request.param)


@pytest.fixture
def mod_debug(request, load_ported):
    """The extension under test in debug mode (for leak checks)."""
    return load_ported(_module_name(request), "debug")
