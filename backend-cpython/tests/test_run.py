"""`python -m hilt run script.py args...`: the script runs as __main__ with
its own sys.argv, imports a .hpy0.so from its directory or PYTHONPATH
through the import hook, and its exit status is the process's."""
import os
import shutil
import subprocess
import sys
import textwrap


def run(script, *args, cwd, env=None):
    return subprocess.run([sys.executable, "-m", "hilt", "run", str(script), *args], cwd=cwd,
                          capture_output=True, text=True, env={**os.environ, **(env or {})})


def test_runs_the_script_as_main_with_its_arguments(build_ext, tmp_path):
    shutil.copy(build_ext("loading_basic"), tmp_path / "loading_basic.hpy0.so")
    script = tmp_path / "prog.py"
    script.write_text(textwrap.dedent("""
        import sys
        import loading_basic
        print(__name__, sys.argv[1:], loading_basic.get_answer())
        print(sys.path[0] == __file__.rsplit("/", 1)[0])
    """))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = run(script, "-x", "two words", cwd=elsewhere)
    assert out.returncode == 0, out.stderr
    assert out.stdout == "__main__ ['-x', 'two words'] 42\nTrue\n"


def test_finds_extensions_on_pythonpath(build_ext, tmp_path):
    lib = tmp_path / "lib"
    lib.mkdir()
    shutil.copy(build_ext("loading_basic"), lib / "loading_basic.hpy0.so")
    script = tmp_path / "prog.py"
    script.write_text("import loading_basic\nprint(loading_basic.get_answer())\n")
    out = run(script, cwd=tmp_path, env={"PYTHONPATH": str(lib)})
    assert (out.returncode, out.stdout) == (0, "42\n"), out.stderr


def test_exit_status_and_uncaught_errors(tmp_path):
    (tmp_path / "exits.py").write_text("import sys\nprint('bye')\nsys.exit(3)\n")
    out = run("exits.py", cwd=tmp_path)
    assert (out.returncode, out.stdout) == (3, "bye\n")
    (tmp_path / "fails.py").write_text("raise KeyError('nope')\n")
    out = run("fails.py", cwd=tmp_path)
    assert out.returncode == 1 and "KeyError: 'nope'" in out.stderr


def test_a_missing_script_is_an_error(tmp_path):
    out = run("no_such_script.py", cwd=tmp_path)
    assert out.returncode != 0 and "no_such_script.py" in out.stderr
