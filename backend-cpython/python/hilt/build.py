"""Compile C or C++ sources into a Hilt extension binary (``foo.hpy0.so``).

This module is the one way Hilt extensions are compiled: ``python -m hilt
build``, ``python -m hilt config``, ``hilt.setuptools`` and the Rust helper
``hilt-build`` all use the flags defined here (the Rust helper mirrors them).

Hilt's headers and the helper runtime (C sources compiled into every
extension) ship inside this package as ``hilt/include`` and ``hilt/runtime``.
In the source checkout those two are symlinks to ``headers/include`` and
``headers/src/runtime``; maturin follows them when it builds a wheel, so an
installed ``hilt`` carries real copies.

Universal mode (the default) defines ``HPY_ABI_UNIVERSAL`` and puts the
``forbid_python_h`` directory first on the include path, so an
``#include <Python.h>`` stops with an explanation. Hybrid mode
(``hybrid=True``) defines ``HPY_ABI_HYBRID`` and adds this Python's own
include directory: the binary may then call the CPython C API through the
legacy bridge, and is tied to the CPython version it was built for. It is
still named ``.hpy0.so``, the only name Hilt's loader accepts (HPy 0.9 names
hybrid binaries ``.hpy0-cpXY.so``)."""
import os
import shlex
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

__all__ = [
    "BuildError", "SUFFIX", "build", "compile_flags", "forbid_python_h_dir", "include_dir", "include_flags", "link_flags", "runtime_sources",
]

#: The file name ending of a universal binary.
SUFFIX = ".hpy0.so"
C_SUFFIXES = (".c",)
CXX_SUFFIXES = (".cpp", ".cc", ".cxx")
#: Code generation flags every extension is compiled with.
OPT_FLAGS = ["-fPIC", "-O2", "-Wall"]

_HERE = Path(__file__).resolve().parent


class BuildError(Exception):
    """A build failed; the message names the file and the problem."""


def include_dir():
    """The directory holding ``hpy.h``."""
    path = _HERE / "include"
    if not (path / "hpy.h").is_file():
        raise BuildError(f"hilt: Hilt's headers are missing: {path / 'hpy.h'} does not exist "
                         "(a broken installation of the hilt package)")
    return path


def forbid_python_h_dir():
    """The directory whose ``Python.h`` stops universal builds that include it."""
    return include_dir() / "hpy" / "forbid_python_h"


def runtime_sources():
    """The helper runtime's C sources, compiled into every extension."""
    sources = sorted((_HERE / "runtime").glob("*.c"))
    if not sources:
        raise BuildError(f"hilt: the helper runtime is missing: no C sources in {_HERE / 'runtime'} "
                         "(a broken installation of the hilt package)")
    return sources


def include_flags(hybrid=False):
    """The ``-I`` flags: in universal mode the Python.h stopper comes first."""
    if hybrid:
        return [f"-I{include_dir()}", f"-I{sysconfig.get_paths()['include']}"]
    return [f"-I{forbid_python_h_dir()}", f"-I{include_dir()}"]


def compile_flags(hybrid=False):
    """Everything needed to compile one source of an extension."""
    abi = "-DHPY_ABI_HYBRID" if hybrid else "-DHPY_ABI_UNIVERSAL"
    return [*OPT_FLAGS, abi, *include_flags(hybrid)]


def link_flags():
    """The flags that link objects into an extension binary."""
    return ["-shared"]


def _define_flag(define):
    if isinstance(define, (tuple, list)):
        name, value = define
        return f"-D{name}" if value is None else f"-D{name}={value}"
    return f"-D{define}"


def _compiler(given, env_var, default, what):
    command = shlex.split(given or os.environ.get(env_var) or default)
    if not command or shutil.which(command[0]) is None:
        name = command[0] if command else "''"
        raise BuildError(f"hilt build: no {what} compiler: {name!r} is not on PATH; install one "
                         f"(e.g. gcc or clang) or name it with --{env_var.lower()} or the "
                         f"{env_var} environment variable")
    return command


def _hint(output):
    if "Python.h is not available in the universal ABI" in output:
        return ("hint: this source includes Python.h; port it to hpy.h (docs/porting-guide.md) "
                "or build it in hybrid mode (--hybrid) while porting")
    if "legacy functions" in output and "HPY_ABI_HYBRID" in output:
        return ("hint: HPy_AsPyObject/HPy_FromPyObject are the legacy bridge; they exist only in "
                "hybrid mode (--hybrid)")
    return None


def _run(command, what, verbose):
    if verbose:
        print(" ".join(shlex.quote(str(c)) for c in command), file=sys.stderr)
    proc = subprocess.run([str(c) for c in command], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)
    if proc.returncode != 0:
        message = f"hilt build: {what} failed ({command[0]} exited with {proc.returncode}):\n" \
                  f"{proc.stdout.rstrip()}"
        hint = _hint(proc.stdout)
        raise BuildError(message + (f"\n{hint}" if hint else ""))
    if proc.stdout.strip():
        # Warnings: the author should see them, as with a plain compiler call.
        print(proc.stdout.rstrip(), file=sys.stderr)


def _check_output_name(output):
    name = output.name
    if not name.endswith(SUFFIX) or len(name) == len(SUFFIX):
        raise BuildError(f"hilt build: output {str(output)!r} must be named MODULE{SUFFIX} "
                         f"(the file tag of a Hilt binary), e.g. 'foo{SUFFIX}'")
    return name[: -len(SUFFIX)]


def _check_init_symbol(binary, output, module):
    symbol = f"HPyInit_{module}".encode()
    # The dynamic string table holds every exported name, NUL-terminated.
    if symbol + b"\0" not in binary.read_bytes():
        raise BuildError(f"hilt build: {output} would define no {symbol.decode()}: the module's "
                         f"HPy_MODINIT(name, ...) must name it {module!r}, as the file name does")


def build(sources, output, *, cc=None, cxx=None, include_dirs=(), defines=(), undefines=(),
          cflags=(), ldflags=(), debug_symbols=False, hybrid=False, verbose=False):
    """Compile ``sources`` (C or C++) with the helper runtime into ``output``.

    ``output`` must end in ``.hpy0.so`` and the module's ``HPy_MODINIT`` must use the name before that tag.
    ``defines`` are ``"NAME"``, ``"NAME=VALUE"`` or ``(name, value)`` pairs.
    Returns the output path; raises ``BuildError`` with a clear message."""
    output = Path(output)
    module = _check_output_name(output)
    sources = [Path(s) for s in sources]
    if not sources:
        raise BuildError("hilt build: no source files given")
    for src in sources:
        if not src.is_file():
            raise BuildError(f"hilt build: {src}: no such source file")
        if not src.name.endswith(C_SUFFIXES + CXX_SUFFIXES):
            raise BuildError(f"hilt build: {src}: not a C or C++ source "
                             f"(expected a name ending in .c, .cpp, .cc or .cxx)")
    c_compiler = _compiler(cc, "CC", "cc", "C")
    has_cxx = any(s.name.endswith(CXX_SUFFIXES) for s in sources)
    cxx_compiler = _compiler(cxx, "CXX", "c++", "C++") if has_cxx else None
    common = [*compile_flags(hybrid), *(["-g"] if debug_symbols else []),
              *(f"-I{d}" for d in include_dirs), *map(_define_flag, defines),
              *(f"-U{u}" for u in undefines), *cflags]
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="hilt-build-") as tmp:
        jobs = []
        for i, src in enumerate([*sources, *runtime_sources()]):
            compiler = cxx_compiler if src.name.endswith(CXX_SUFFIXES) else c_compiler
            obj = Path(tmp) / f"{i}-{src.stem}.o"
            jobs.append(([*compiler, *common, "-c", src, "-o", obj], f"compiling {src}", obj))
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            for future in [pool.submit(_run, cmd, what, verbose) for cmd, what, _ in jobs]:
                future.result()
        # Link to a new file beside the output, then rename it over: a
        # process that has the old binary loaded keeps its mapping, and the
        # next dlopen sees the new file.
        partial = output.with_name(f".{output.name}.{os.getpid()}.tmp")
        linker = cxx_compiler or c_compiler
        try:
            _run([*linker, *link_flags(), *(obj for _, _, obj in jobs), *ldflags, "-o", partial],
                 f"linking {output}", verbose)
            _check_init_symbol(partial, output, module)
            os.replace(partial, output)
        finally:
            if partial.exists():
                partial.unlink()
    return output
