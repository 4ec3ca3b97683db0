"""Loading: the happy path, the import hook, modes, and every kind of bad
input giving a clear error that names the file and the problem."""
import os
import shutil
import subprocess
import sys

import pytest

import hilt


def test_load_runs_exec_and_sets_doc_and_globals(load_ext):
    mod = load_ext("loading_basic")
    assert mod.__doc__ == "loading test module"
    assert mod.get_answer() == 42
    assert mod.get_answer.__doc__ == "the stored answer"
    assert mod.__file__.endswith("loading_basic.hpy0.so")


def test_functions_check_their_arity(load_ext):
    mod = load_ext("loading_basic")
    with pytest.raises(TypeError, match=r"get_answer\(\) takes no arguments \(1 given\)"):
        mod.get_answer(1)
    with pytest.raises(TypeError, match="no keyword arguments"):
        mod.get_answer(x=1)


@pytest.mark.parametrize("call, message", [
    (lambda m: m.get_answer(1, 2), "loading_basic.get_answer() takes no arguments (2 given)"),
])
def test_arity_errors_read_like_cpython(load_ext, call, message):
    with pytest.raises(TypeError) as info:
        call(load_ext("loading_basic"))
    assert str(info.value) == message


def test_one_argument_functions_and_methods_check_their_arity(load_ext):
    calls, shapes = load_ext("api_calls"), load_ext("shapes")
    cases = [
        (lambda: calls.call_noargs(), "api_calls.call_noargs() takes exactly one argument (0 given)"),
        (lambda: calls.call_noargs(1, 2), "api_calls.call_noargs() takes exactly one argument (2 given)"),
        (lambda: shapes.WithMeta().double(1), "WithMeta.double() takes no arguments (1 given)"),
        (lambda: shapes.WithMeta.double(), "unbound method WithMeta.double() needs an argument"),
    ]
    for call, message in cases:
        with pytest.raises(TypeError) as info:
            call()
        assert str(info.value) == message


def test_import_hook_finds_hpy0_so_without_a_stub(build_ext, tmp_path):
    so = build_ext("loading_basic")
    shutil.copy(so, tmp_path / "loading_basic.hpy0.so")
    code = "import hilt, loading_basic; print(loading_basic.get_answer())"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(tmp_path)})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "42"


def test_load_takes_a_path_relative_to_the_working_directory(build_ext, tmp_path):
    # A bare file name is a path, not a name for the dynamic loader to search.
    shutil.copy(build_ext("loading_basic"), tmp_path / "loading_basic.hpy0.so")
    code = "import hilt; m = hilt.load('loading_basic', 'loading_basic.hpy0.so'); print(m.get_answer())"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "42"


def test_mode_from_environment():
    assert hilt.mode_for("foo", {}) == "universal"
    assert hilt.mode_for("foo", {"HILT": "debug"}) == "debug"
    assert hilt.mode_for("foo", {"HPY": "trace"}) == "trace"
    assert hilt.mode_for("foo", {"HILT": "bar:debug,foo:trace"}) == "trace"
    assert hilt.mode_for("baz", {"HILT": "bar:debug,foo:trace"}) == "universal"
    with pytest.raises(ImportError, match="expected one of universal, debug, trace"):
        hilt.mode_for("foo", {"HILT": "fast"})
    with pytest.raises(ImportError, match="must be 'module:mode'"):
        hilt.mode_for("foo", {"HILT": "foo:fast"})


def test_unknown_mode_is_refused(build_ext):
    with pytest.raises(ImportError, match="unknown mode 'turbo'"):
        hilt.load("loading_basic", build_ext("loading_basic"), mode="turbo")


def test_wrong_file_tag(build_ext, tmp_path):
    target = tmp_path / "loading_basic.so"
    shutil.copy(build_ext("loading_basic"), target)
    with pytest.raises(ImportError, match=r"loading_basic\.so: not a universal HPy binary.*'\.hpy0\.so'"):
        hilt.load("loading_basic", target)


def test_not_a_shared_object(tmp_path):
    target = tmp_path / "junk.hpy0.so"
    target.write_text("this is not an ELF file\n")
    with pytest.raises(ImportError, match=r"junk\.hpy0\.so: cannot load it as a shared object"):
        hilt.load("junk", target)


def test_truncated_shared_object(build_ext, tmp_path):
    data = build_ext("loading_basic").read_bytes()
    target = tmp_path / "loading_basic.hpy0.so"
    target.write_bytes(data[: len(data) // 3])
    with pytest.raises(ImportError, match="cannot load it as a shared object"):
        hilt.load("loading_basic", target)


def test_missing_init_symbol(build_ext, tmp_path):
    target = tmp_path / "other_name.hpy0.so"
    shutil.copy(build_ext("loading_basic"), target)
    with pytest.raises(ImportError, match=r"missing the symbol 'get_required_hpy_major_version_other_name'"):
        hilt.load("other_name", target)


@pytest.mark.parametrize("major, minor, message", [
    (1, 0, "built for ABI major version 1"),
    (0, 7, r"needs ABI version 0\.7, but this loader offers only up to 0\.1"),
])
def test_version_mismatch(build_ext, major, minor, message):
    so = build_ext("bad_version", extra_flags=(f"-DREQ_MAJOR={major}", f"-DREQ_MINOR={minor}"))
    with pytest.raises(ImportError, match=message):
        hilt.load("bad_version", so)


def test_init_returning_null(build_ext):
    so = build_ext("bad_version", extra_flags=("-DREQ_MAJOR=0", "-DREQ_MINOR=0", "-DINIT_RETURNS_NULL"))
    with pytest.raises(SystemError, match=r"HPyInit_bad_version\(\) returned NULL"):
        hilt.load("bad_version", so)


def test_type_spec_with_unknown_slot(build_ext):
    so = build_ext("bad_type", extra_flags=("-DBAD_SLOT",))
    with pytest.raises(ValueError, match=r"type 'bad_type\.Bad' has unknown slot number 777"):
        hilt.load("bad_type", so)


def test_type_spec_with_unknown_shape(build_ext):
    so = build_ext("bad_type", extra_flags=("-DBAD_SHAPE",))
    with pytest.raises(ValueError, match=r"type 'bad_type\.Bad' has builtin shape 42"):
        hilt.load("bad_type", so)


def test_functions_and_methods_carry_cpythons_attributes(load_ext):
    mod, shapes = load_ext("loading_basic"), load_ext("shapes")
    f = mod.get_answer
    assert (f.__name__, f.__qualname__, f.__module__, f.__self__) == ("get_answer", "get_answer", "loading_basic", mod)
    assert repr(f) == "<built-in function get_answer>"
    m = shapes.WithMeta.double
    assert (m.__name__, m.__qualname__, m.__objclass__) == ("double", "WithMeta.double", shapes.WithMeta)
    assert repr(m) == "<method 'double' of 'shapes.WithMeta' objects>"
