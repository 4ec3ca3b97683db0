"""Files that are not loadable modules (the test makes them beside the
script's PYTHONPATH): a text file named junk.hpy0.so, a truncated binary,
and a good binary under another name (its init symbols are missing)."""
from _check import import_failed

try:
    import junk
except Exception as e:  # noqa: BLE001
    import_failed(e, "junk.hpy0.so")
try:
    import truncated
except Exception as e:  # noqa: BLE001
    import_failed(e, "truncated.hpy0.so")
try:
    import other_name
except Exception as e:  # noqa: BLE001
    import_failed(e, "other_name.hpy0.so")
    print("names the symbol", "get_required_hpy_major_version_other_name" in str(e))
