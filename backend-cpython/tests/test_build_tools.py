"""The build tools' Python side without a compiler run: what `python -m
hilt config` prints, and how `hilt.setuptools` fits into a setuptools
Distribution. (Building real projects: tests/tests/build_tools.rs.)"""
import pathlib

import pytest
from setuptools import Distribution, Extension
from setuptools.command.build_ext import build_ext as setuptools_build_ext
from setuptools.errors import SetupError

import hilt.build
import hilt.setuptools
from hilt.__main__ import main


def config(capsys, *flags):
    assert main(["config", *flags]) == 0
    return capsys.readouterr().out.split()


def test_config_cflags_hold_each_include_once_with_the_stopper_first(capsys):
    words = config(capsys, "--cflags", "--includes")
    includes = [w for w in words if w.startswith("-I")]
    assert includes == [f"-I{hilt.build.forbid_python_h_dir()}", f"-I{hilt.build.include_dir()}"]
    assert "-DHPY_ABI_UNIVERSAL" in words and "-fPIC" in words


def test_config_hybrid_uses_pythons_headers_and_no_stopper(capsys):
    words = config(capsys, "--cflags", "--hybrid")
    assert "-DHPY_ABI_HYBRID" in words and "-DHPY_ABI_UNIVERSAL" not in words
    assert not any("forbid_python_h" in w for w in words)
    assert any((pathlib.Path(w[2:]) / "Python.h").is_file() for w in words if w.startswith("-I"))


def test_config_sources_are_the_runtime(capsys):
    sources = config(capsys, "--sources")
    assert [pathlib.Path(s).name for s in sources] == \
        ["argparse.c", "buildvalue.c", "format.c", "helpers.c", "structseq.c"]
    assert config(capsys, "--ext-suffix") == [".hpy0.so"]


def test_config_without_a_question_says_what_to_ask(capsys):
    assert main(["config"]) == 1
    assert "--cflags" in capsys.readouterr().err


def test_setup_keyword_marks_extensions_and_installs_build_ext():
    dist = Distribution({"name": "p"})
    ext = Extension("p", ["p.c"])
    hilt.setuptools.hilt_ext_modules(dist, "hilt_ext_modules", [ext])
    assert dist.ext_modules == [ext]
    assert dist.cmdclass["build_ext"] is hilt.setuptools.build_ext


def test_setup_keyword_keeps_a_projects_own_build_ext():
    class Custom(setuptools_build_ext):
        pass
    dist = Distribution({"name": "p", "cmdclass": {"build_ext": Custom}})
    hilt.setuptools.hilt_ext_modules(dist, "hilt_ext_modules", [Extension("p", ["p.c"])])
    cls = dist.cmdclass["build_ext"]
    assert issubclass(cls, Custom) and issubclass(cls, hilt.setuptools.build_ext)


def test_setup_keyword_refuses_what_is_not_an_extension():
    with pytest.raises(SetupError, match="must be a list of setuptools.Extension"):
        hilt.setuptools.hilt_ext_modules(Distribution({"name": "p"}), "hilt_ext_modules", ["p.c"])


def test_build_ext_names_hilt_extensions_hpy0_so_and_leaves_others():
    dist = Distribution({"name": "p", "ext_modules": [
        hilt.setuptools.HiltExtension("pkg.fast", ["f.c"]), Extension("pkg.plain", ["p.c"])]})
    cmd = hilt.setuptools.build_ext(dist)
    cmd.ensure_finalized()
    assert cmd.get_ext_filename("pkg.fast") == str(pathlib.Path("pkg", "fast.hpy0.so"))
    assert not cmd.get_ext_filename("pkg.plain").endswith(".hpy0.so")
