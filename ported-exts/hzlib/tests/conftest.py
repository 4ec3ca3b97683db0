"""hzlib in each mode (ported-exts/conftest.py loads it)."""
import pytest


@pytest.fixture(scope="session", params=["universal", "debug"])
def hzlib(request, load_ported):
    return load_ported("hzlib", request.param)


@pytest.fixture(scope="session")
def hzlib_debug(load_ported):
    """The module in debug mode (for leak checks)."""
    return load_ported("hzlib", "debug")
