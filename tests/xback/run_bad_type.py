"""bad_type.c, built per case (argv[1]: bad_slot or bad_shape): a type spec
with an unknown slot number or builtin shape makes the import fail."""
import sys
from _check import import_failed

print("case", sys.argv[1])
try:
    import bad_type
    print("imported", bad_type.__name__)
except Exception as e:  # noqa: BLE001
    import_failed(e, "bad_type.hpy0.so")
