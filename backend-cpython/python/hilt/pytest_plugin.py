"""Hilt's pytest plugin, registered under the ``pytest11`` entry point, so
installing ``hilt`` makes it available: the fixture ``hpy_leak_check`` fails
a test during which a module in debug mode leaked handles."""
import pytest

from .debug import LeakDetector


@pytest.fixture
def hpy_leak_check():
    """Fails the test (HandleLeakError) if handles opened during it stay open."""
    detector = LeakDetector().__enter__()
    yield detector
    leaks = detector.leaks()
    if leaks:
        pytest.fail(f"{len(leaks)} handle(s) leaked during the test:\n"
                    + "\n".join(f"  {h!r}" for h in leaks), pytrace=False)
