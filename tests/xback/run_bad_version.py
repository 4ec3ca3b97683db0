"""bad_version.c, built per case (argv[1]; the test builds each variant in a
directory of its own): a module needing an ABI the loader does not offer,
or whose HPyInit returns NULL, is refused with a clear error."""
import sys
from _check import import_failed

print("case", sys.argv[1])
try:
    import bad_version
    print("imported", bad_version.__doc__)
except Exception as e:  # noqa: BLE001
    import_failed(e, "bad_version.hpy0.so")
