"""hheap in each mode (ported-exts/conftest.py loads it)."""
import pytest


@pytest.fixture(scope="session", params=["universal", "debug"])
def hheap(request, load_ported):
    return load_ported("hheap", request.param)


@pytest.fixture(scope="session")
def hheap_debug(load_ported):
    """The module in debug mode (for leak checks)."""
    return load_ported("hheap", "debug")
