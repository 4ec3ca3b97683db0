"""``python -m hilt``: build extensions, tell other build systems how, and
run a script the way the Hilt VM's ``hilt run`` does.

    python -m hilt build foo.c [more.c ...] -o foo.hpy0.so [--cc CC] [-I DIR] [-D NAME[=VALUE]]
    python -m hilt config --cflags | --includes | --sources | --ldflags | --ext-suffix
    python -m hilt run script.py [args ...]
"""
import argparse
import os
import runpy
import shlex
import sys

from . import build as _build


def _build_command(args):
    _build.build(args.sources, args.output, cc=args.cc, cxx=args.cxx, include_dirs=args.include,
                 defines=args.define, undefines=args.undefine, cflags=args.cflag,
                 ldflags=args.ldflag, debug_symbols=args.debug_symbols, hybrid=args.hybrid,
                 verbose=args.verbose)
    print(f"hilt build: wrote {args.output}")


def _config_command(args):
    parts = []
    if args.cflags:
        parts += _build.compile_flags(args.hybrid)
    if args.includes:
        parts += _build.include_flags(args.hybrid)
    if args.ldflags:
        parts += _build.link_flags()
    if args.sources:
        parts += [str(s) for s in _build.runtime_sources()]
    if args.include_dir:
        parts.append(str(_build.include_dir()))
    if args.ext_suffix:
        parts.append(_build.SUFFIX)
    if not parts:
        raise _build.BuildError("hilt config: say what to print: --cflags, --includes, --sources, "
                                "--ldflags, --include-dir or --ext-suffix")
    # --cflags already holds the -I flags: print each flag once, in order.
    print(" ".join(shlex.quote(p) for p in dict.fromkeys(parts)))


def _run_command(args):
    # As `python script.py` and the VM's `hilt run` do: the script's
    # directory first on the path, its name and arguments in sys.argv.
    # Importing this package has installed the import hook already, so
    # `import foo` finds foo.hpy0.so there or on PYTHONPATH.
    script = args.script
    sys.argv = [script, *args.args]
    sys.path[0] = os.path.dirname(os.path.abspath(script))
    runpy.run_path(script, run_name="__main__")


def _parser():
    parser = argparse.ArgumentParser(prog="python -m hilt", description="Hilt's build tools.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    b = sub.add_parser("build", help="compile C/C++ sources into a universal .hpy0.so",
                       description="Compile C or C++ sources, with Hilt's headers and helper "
                                   "runtime, into one universal extension binary.")
    b.add_argument("sources", nargs="+", metavar="SOURCE", help=".c, .cpp, .cc or .cxx files")
    b.add_argument("-o", "--output", required=True, metavar="MODULE.hpy0.so")
    b.add_argument("--cc", help="C compiler (default: $CC, else cc)")
    b.add_argument("--cxx", help="C++ compiler for C++ sources (default: $CXX, else c++)")
    b.add_argument("-I", dest="include", action="append", default=[], metavar="DIR",
                   help="add an include directory")
    b.add_argument("-D", dest="define", action="append", default=[], metavar="NAME[=VALUE]",
                   help="define a macro (e.g. -DHILT_TARGET_ABI_MINOR=1)")
    b.add_argument("-U", dest="undefine", action="append", default=[], metavar="NAME")
    b.add_argument("--cflag", action="append", default=[], metavar="FLAG",
                   help="one more compiler flag (--cflag=-Werror)")
    b.add_argument("--ldflag", action="append", default=[], metavar="FLAG",
                   help="one more linker flag (--ldflag=-lm)")
    b.add_argument("--debug-symbols", action="store_true", help="compile with -g")
    b.add_argument("--hybrid", action="store_true",
                   help="hybrid ABI: the CPython C API and the legacy bridge are allowed; the "
                        "binary is tied to this CPython version")
    b.add_argument("-v", "--verbose", action="store_true", help="print each command")
    b.set_defaults(run=_build_command)

    c = sub.add_parser("config", help="print flags for make, meson, CMake",
                       description="Print what other build systems need, on one line.")
    c.add_argument("--cflags", action="store_true", help="all compile flags (with the -I flags)")
    c.add_argument("--includes", action="store_true", help="only the -I flags")
    c.add_argument("--sources", action="store_true",
                   help="the helper runtime's C sources, to compile into every extension")
    c.add_argument("--ldflags", action="store_true", help="link flags")
    c.add_argument("--include-dir", action="store_true", help="the directory holding hpy.h")
    c.add_argument("--ext-suffix", action="store_true", help="the file name ending (.hpy0.so)")
    c.add_argument("--hybrid", action="store_true", help="flags for the hybrid ABI")
    c.set_defaults(run=_config_command)

    r = sub.add_parser("run", help="run a script with Hilt's import hook installed",
                       description="Run SCRIPT as __main__ with sys.argv = [SCRIPT, ARGS...]: the "
                                   "same command shape as the Hilt VM's `hilt run`.")
    r.add_argument("script", metavar="SCRIPT")
    r.add_argument("args", nargs=argparse.REMAINDER, metavar="ARGS")
    r.set_defaults(run=_run_command)
    return parser


def main(argv=None):
    args = _parser().parse_args(argv)
    try:
        args.run(args)
    except _build.BuildError as e:
        print(e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
