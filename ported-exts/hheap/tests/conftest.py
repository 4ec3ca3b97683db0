"""Loads hheap.hpy0.so, built once by the test command (the directory is
in HILT_PORTED_EXTS), in universal mode and in debug mode (from a copy: a
library keeps one context for its trampolines)."""
import os
import pathlib
import shutil

import pytest

import hilt


def _built():
    d = os.environ.get("HILT_PORTED_EXTS")
    if not d:
        pytest.exit("HILT_PORTED_EXTS is not set: run these tests through the test command "
                    "(tests/tests/ported_exts.rs builds the extensions)", returncode=2)
    return pathlib.Path(d) / "hheap.hpy0.so"


def _load(tmp_path_factory, mode):
    so = _built()
    copy = tmp_path_factory.mktemp(mode) / so.name
    shutil.copy(so, copy)
    return hilt.load("hheap", copy, mode=mode)


@pytest.fixture(scope="session", params=["universal", "debug"])
def hheap(request, tmp_path_factory):
    """The module, in each mode."""
    return _load(tmp_path_factory, request.param)


@pytest.fixture(scope="session")
def hheap_debug(tmp_path_factory):
    """The module in debug mode (for leak checks)."""
    return _load(tmp_path_factory, "debug")
