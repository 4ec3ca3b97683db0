"""Exceptions raised from C arrive in Python with the right type, value and
message; new exception classes, warnings, unraisable errors and fatal errors
behave as their Python counterparts."""
import errno
import os
import subprocess
import sys
import textwrap
import warnings

import pytest


@pytest.fixture(scope="module")
def m(load_ext):
    return load_ext("api_errors")


@pytest.mark.parametrize("exc", [ValueError, TypeError, KeyError, OSError, StopIteration])
def test_set_string(m, exc):
    with pytest.raises(exc) as info:
        m.set_string(exc, "héllo from C")
    assert type(info.value) is exc
    assert info.value.args == ("héllo from C",)


def test_set_string_user_class(m):
    class MyError(Exception):
        pass
    with pytest.raises(MyError, match="^mine$"):
        m.set_string(MyError, "mine")


def test_set_string_errors(m):
    with pytest.raises(SystemError, match="HPyErr_SetString: h_type is HPy_NULL"):
        m.set_string(None, "x")
    with pytest.raises(SystemError, match="HPyErr_SetString: utf8_message is NULL"):
        m.set_string(ValueError, None)
    with pytest.raises(SystemError, match="is not a BaseException subclass"):
        m.set_string(int, "x")


def test_set_object(m):
    with pytest.raises(KeyError) as info:
        m.set_object(KeyError, "k")
    assert info.value.args == ("k",)
    # As with CPython's PyErr_SetObject, a tuple value is the argument list.
    with pytest.raises(KeyError) as info:
        m.set_object(KeyError, ("a", 1))
    assert info.value.args == ("a", 1)
    err = ValueError("ready-made")
    with pytest.raises(ValueError) as info:
        m.set_object(ValueError, err)
    assert info.value is err
    with pytest.raises(SystemError, match="HPyErr_SetObject: h_type is HPy_NULL"):
        m.set_object(None, 1)


def test_set_from_errno_with_filename(m):
    with pytest.raises(FileNotFoundError) as info:
        m.set_errno(OSError, errno.ENOENT, "/no/such/file")
    assert info.value.errno == errno.ENOENT
    assert info.value.strerror == os.strerror(errno.ENOENT)
    assert info.value.filename == "/no/such/file"
    with pytest.raises(PermissionError) as info:
        m.set_errno(OSError, errno.EACCES, None)
    assert info.value.filename is None
    # Same result as Python raising it itself.
    expected = OSError(errno.ENOENT, os.strerror(errno.ENOENT), "/no/such/file")
    with pytest.raises(OSError) as info:
        m.set_errno(OSError, errno.ENOENT, "/no/such/file")
    assert str(info.value) == str(expected)


def test_set_from_errno_with_filename_objects(m):
    with pytest.raises(FileExistsError) as info:
        m.set_errno_objects(OSError, errno.EEXIST, "a", b"b")
    assert (info.value.errno, info.value.filename, info.value.filename2) == (errno.EEXIST, "a", b"b")
    expected = OSError(errno.EEXIST, os.strerror(errno.EEXIST), "a", None, b"b")
    assert str(info.value) == str(expected)
    with pytest.raises(IsADirectoryError) as info:
        m.set_errno_objects(OSError, errno.EISDIR, None, None)
    assert info.value.filename is None and info.value.filename2 is None


def test_occurred_matches_clear(m):
    assert m.occurred_matches_clear(KeyError, KeyError) == (0, 1, 1, 0)
    assert m.occurred_matches_clear(KeyError, LookupError) == (0, 1, 1, 0)
    assert m.occurred_matches_clear(KeyError, (TypeError, LookupError)) == (0, 1, 1, 0)
    assert m.occurred_matches_clear(KeyError, ValueError) == (0, 1, 0, 0)
    assert m.matches_without_error(Exception) == 0
    assert m.matches_without_error(None) == 0


def test_no_memory(m):
    with pytest.raises(MemoryError):
        m.no_memory()


def test_new_exception_like_python_class(m):
    E = m.new_exception("mymod.MyError", None, None, None)
    assert isinstance(E, type) and issubclass(E, Exception)
    assert E.__name__ == "MyError" and E.__module__ == "mymod"
    assert E.__doc__ is None
    with pytest.raises(E, match="boom"):
        raise E("boom")


def test_new_exception_with_base_dict_and_doc(m):
    E = m.new_exception("pkg.sub.Err", "The doc.", (KeyError, ValueError), {"answer": 42})
    assert E.__bases__ == (KeyError, ValueError)
    assert E.__module__ == "pkg.sub" and E.__qualname__ == "Err"
    assert E.__doc__ == "The doc."
    assert E.answer == 42
    B = m.new_exception("m.B", None, LookupError, None)
    assert B.__bases__ == (LookupError,)


def test_new_exception_errors(m):
    with pytest.raises(SystemError, match="must be module.class"):
        m.new_exception("NoDot", None, None, None)
    with pytest.raises(SystemError, match="HPyErr_NewException: utf8_name is NULL"):
        m.new_exception(None, None, None, None)


def test_warn(m):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert m.warn(UserWarning, "careful", 1) == 0
        assert m.warn(DeprecationWarning, "old", 1) == 0
        assert m.warn(None, "no category", 1) == 0
    assert [(w.category, str(w.message)) for w in caught] == [
        (UserWarning, "careful"), (DeprecationWarning, "old"), (RuntimeWarning, "no category")]
    # stack_level 1 points at the line calling the extension, as for a
    # builtin function warning.
    assert caught[0].filename == __file__


def test_warn_as_error(m):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(UserWarning, match="now an error"):
            m.warn(UserWarning, "now an error", 1)


def test_write_unraisable(m):
    seen = []
    old = sys.unraisablehook
    sys.unraisablehook = seen.append
    try:
        marker = object()
        assert m.write_unraisable(marker) == 0
        assert m.write_unraisable(None) == 0
    finally:
        sys.unraisablehook = old
    assert len(seen) == 2
    assert seen[0].exc_type is RuntimeError
    assert str(seen[0].exc_value) == "unraisable from C"
    assert seen[0].object is marker
    assert seen[1].object is None


def test_fatal_error_aborts_with_message(build_ext):
    so = build_ext("api_errors")
    code = textwrap.dedent(f"""
        import hilt
        m = hilt.load("api_errors", {str(so)!r})
        print("before", flush=True)
        m.fatal("the extension gave up")
        print("after", flush=True)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode != 0
    assert out.stdout == "before\n"
    assert "Fatal Python error" in out.stderr
    assert "the extension gave up" in out.stderr
