"""The buffer slots: HPy_buffer filled by the extension becomes a Py_buffer."""
import sys


def test_memoryview_reads_and_writes_the_payload(load_ext):
    mod = load_ext("buffers")
    blob = mod.Blob()
    with memoryview(blob) as view:
        assert view.tobytes() == b"hilt buffer ok!\n"
        assert view.readonly is False and view.nbytes == 16
        view[0:4] = b"HILT"
    assert bytes(blob) == b"HILT buffer ok!\n"
    exports, releases = blob.counts
    assert exports == releases == 2  # memoryview, then bytes()


def test_exported_buffers_keep_the_object_alive(load_ext):
    mod = load_ext("buffers")
    blob = mod.Blob()
    before = sys.getrefcount(blob)
    view = memoryview(blob)
    assert sys.getrefcount(blob) == before + 1
    view.release()
    assert sys.getrefcount(blob) == before
