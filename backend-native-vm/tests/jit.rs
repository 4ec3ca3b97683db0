//! The JIT's switches and what it reports: `--jit=MODE` and `HILT_JIT`
//! choose the mode (a wrong one is a clear error), `--jit-stats` says what
//! was compiled, a hot loop is compiled while its frame runs (on-stack
//! replacement), and machine code and interpreter agree at every step
//! (the differential corpus checks that program by program).

use std::process::{Command, Output};

fn hilt(args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hilt")).args(args).env_remove("HILT_JIT").envs(env.iter().copied()).output().expect("run hilt")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The `--jit-stats` line's value for `key`.
fn stat(stderr: &str, key: &str) -> u64 {
    let line = stderr.lines().find(|l| l.starts_with("hilt jit:")).unwrap_or_else(|| panic!("no stats line in {stderr:?}"));
    let field = line.split_whitespace().find_map(|kv| kv.strip_prefix(&format!("{key}="))).unwrap_or_else(|| panic!("no {key} in {line}"));
    field.parse::<f64>().expect("a number") as u64
}

/// Run `src` interpreted and with `jit_args` (a mode and a stats option):
/// both must print `expected`; the jitted run's stderr (its stats).
fn same_as_interpreted(jit_args: &[&str], src: &str, expected: &str) -> String {
    let off = hilt(&["--jit=off", "-c", src], &[]);
    let jitted = hilt(&[jit_args, &["-c", src]].concat(), &[]);
    assert_eq!(text(&off.stdout), expected, "interpreted: {}", text(&off.stderr));
    assert_eq!(text(&jitted.stdout), expected, "{jit_args:?}: {}", text(&jitted.stderr));
    text(&jitted.stderr)
}

const HOT_LOOP: &str = "def f(n):\n    s = 0\n    i = 0\n    while i < n:\n        s = s + i * 3 - (i & 7)\n        i = i + 1\n    return s\nprint(f(100000), f(10))\n";

#[test]
fn a_hot_loop_is_compiled_mid_frame_and_gives_the_interpreters_answer() {
    let off = hilt(&["--jit=off", "--jit-stats", "-c", HOT_LOOP], &[]);
    let on = hilt(&["--jit=on", "--jit-stats", "-c", HOT_LOOP], &[]);
    assert_eq!(text(&off.stdout), "14999500000 106\n");
    assert_eq!(text(&on.stdout), text(&off.stdout));
    assert_eq!(stat(&text(&off.stderr), "compiled"), 0, "mode off compiles nothing");
    // One call of f runs long enough for its loop to turn hot.
    assert!(stat(&text(&on.stderr), "compiled") >= 1, "{}", text(&on.stderr));
    assert!(stat(&text(&on.stderr), "ops_inline") > 0);
}

#[test]
fn eager_mode_compiles_every_code_object_before_it_runs() {
    let o = hilt(&["--jit-stats", "-c", "def g():\n    return 1\nclass C:\n    pass\nprint(g())\n"], &[("HILT_JIT", "eager")]);
    assert_eq!(text(&o.stdout), "1\n");
    // The module, the class body and g.
    assert_eq!(stat(&text(&o.stderr), "compiled"), 3, "{}", text(&o.stderr));
}

#[test]
fn ints_overflow_into_big_ints_and_floats_keep_ieee_semantics_in_machine_code() {
    let src = "def f(a, b):\n    return a * b, a + b, a - b\nfor _ in range(3):\n    print(f(2**62, 4), f(-2**63, -1))\ndef g(x, y):\n    return x / y, x * y, x < y, x != y, x == y\nnan = float('nan')\nprint(g(1.0, 3.0), g(nan, nan), g(-0.0, 2.0))\ntry:\n    g(1.0, 0.0)\nexcept ZeroDivisionError as e:\n    print('ZeroDivisionError', e)\n";
    let off = hilt(&["--jit=off", "-c", src], &[]);
    let eager = hilt(&["--jit=eager", "-c", src], &[]);
    assert!(off.status.success(), "{}", text(&off.stderr));
    assert_eq!(text(&eager.stdout), text(&off.stdout));
    assert!(text(&off.stdout).contains("(18446744073709551616, 4611686018427387908, 4611686018427387900) (9223372036854775808, -9223372036854775809, -9223372036854775807)"), "{}", text(&off.stdout));
    assert!(text(&off.stdout).contains("ZeroDivisionError float division by zero"), "{}", text(&off.stdout));
}

#[test]
fn a_wrong_mode_is_a_clear_error() {
    let o = hilt(&["--jit=fast", "-c", "print(1)"], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("unknown JIT mode 'fast': expected off, on or eager"), "{}", text(&o.stderr));
    let o = hilt(&["--jit-stats=all", "-c", "print(1)"], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("unknown option '--jit-stats=all': expected --jit-stats or --jit-stats=trips"), "{}", text(&o.stderr));
    // From the environment: a warning, and the program still runs.
    let o = hilt(&["-c", "print(1)"], &[("HILT_JIT", "fast")]);
    assert_eq!(text(&o.stdout), "1\n");
    assert!(text(&o.stderr).contains("HILT_JIT: unknown JIT mode 'fast'"), "{}", text(&o.stderr));
}

/// A loop over a range doing subscripts, attribute and global loads and
/// stores, `x[i] += ...`, `//`, `%`, `-x` and `is`: machine code does all
/// of it itself or through its fast paths, so after the first turns (which
/// fill the caches) it never hands an instruction to the interpreter.
const FAST_PATHS: &str = "\
class P:
    def __init__(self):
        self.n = 0
K = 3
def f(xs, p, n):
    for i in range(n):
        xs[i % 4] += K
        p.n = p.n + (-i // 7)
        if xs[0] is None:
            break
    return xs, p.n
print(f([0, 0, 0, 0], P(), 10000))
";

#[test]
fn subscripts_attributes_globals_and_range_loops_stay_in_machine_code() {
    let stderr = same_as_interpreted(&["--jit=on", "--jit-stats=trips"], FAST_PATHS, "([7500, 7500, 7500, 7500], -7146429)\n");
    assert!(stat(&stderr, "compiled") >= 1, "{stderr}");
    // The loop turns hot after a couple of thousand turns; the 8000 after
    // that take no trip out (the call, `range` and the return do).
    assert!(stat(&stderr, "trips") < 20, "{stderr}");
    assert!(stderr.contains("hilt jit: trips by instruction: "), "{stderr}");
}

/// Building tuples, lists and functions, `iter()` and `for` over strs,
/// dict subscripts, slices and `**` (the runtime's fast paths): a hot
/// loop of them makes no trips.
const BUILDS_AND_SLICES: &str = "\
def f(n):
    d = {'a': 1, 7: 2}
    xs = [3, 1, 4, 1, 5, 9, 2, 6]
    s = 0.0
    for i in range(n):
        t = (i, i + 1)
        l = [i, d['a'], d[7]]
        for x in l:
            s += x
        ys = xs[1:5]
        ys[0:2] = t
        s += ys[0] + len(xs[::-1]) + 2.0 ** -1.5 + (i << 2) + len([c for c in 'ab'])
    return s
print(f(10000))
";

#[test]
fn builds_iterators_dict_subscripts_slices_and_powers_make_no_trips() {
    let stderr = same_as_interpreted(&["--jit=eager", "--jit-stats=trips"], BUILDS_AND_SLICES, "300103535.533893\n");
    assert!(stat(&stderr, "trips") < 20, "{stderr}");
}

/// Calls between compiled functions (plain, methods, `__init__`, recursion)
/// and their returns: machine code enters the callee's machine code and
/// takes its result back without handing either instruction to the
/// interpreter.
const CALLS: &str = "\
def add(a, b=1):
    return a + b
class V:
    def __init__(self, x):
        self.x = x
    def get(self):
        return self.x
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
def f(n):
    s = 0
    v = V(2)
    for i in range(n):
        s = add(s, v.get()) + add(i)
    return s
print(f(10000), fib(15))
";

#[test]
fn calls_and_returns_between_compiled_functions_stay_in_machine_code() {
    let stderr = same_as_interpreted(&["--jit=eager", "--jit-stats"], CALLS, "50025000 610\n");
    // 40000 calls and returns in the loop and 1973 of fib: none is a trip.
    assert!(stat(&stderr, "trips") < 20, "{stderr}");
    // Trips by instruction only when asked (`--jit-stats=trips`).
    assert!(!stderr.contains("trips by instruction"), "{stderr}");
}

/// An exception raised in a compiled callee goes to the caller's handler,
/// and an uncaught one prints the interpreter's traceback, frame by frame.
const RAISING_CALLS: &str = "\
def inner(x):
    return 1 // x
def outer(x):
    return inner(x) + 1
def main():
    try:
        outer(0)
    except ZeroDivisionError as e:
        print('caught', e)
    print(sum(outer(1) for i in range(3)))
    outer(0)
main()
";

#[test]
fn exceptions_raised_in_compiled_callees_are_handled_and_reported_as_interpreted() {
    let off = hilt(&["--jit=off", "-c", RAISING_CALLS], &[]);
    let eager = hilt(&["--jit=eager", "-c", RAISING_CALLS], &[]);
    assert_eq!(text(&off.stdout), "caught integer division or modulo by zero\n6\n");
    assert_eq!(text(&eager.stdout), text(&off.stdout));
    assert_eq!(off.status.code(), Some(1));
    assert_eq!(eager.status.code(), Some(1));
    let tb = text(&off.stderr);
    assert!(tb.contains("line 11, in main") && tb.contains("line 4, in outer") && tb.contains("line 2, in inner"), "{tb}");
    assert_eq!(text(&eager.stderr), tb);
}

/// Machine code is made for the operand kinds each instruction met while
/// interpreted (floats here); other kinds afterwards still get the
/// interpreter's answers: big ints, exact int arithmetic, strs, mixed.
const FEEDBACK: &str = "\
def f(a, b):
    return a * b + a - b, a < b, a == b
for _ in range(600):
    f(1.5, 2.25)
def g(a, b):
    return a * b
print(f(1.5, 2.25), f(3, 4), f(2**62, 4), f(2, 0.5), f(True, 2), [g(1.5, 2.0) for _ in range(600)][0], g('ab', 3))
";

#[test]
fn code_made_for_the_kinds_seen_still_answers_for_others() {
    let stderr = same_as_interpreted(
        &["--jit=on", "--jit-stats"],
        FEEDBACK,
        "(2.625, True, False) (11, True, False) (23058430092136939516, False, False) (2.5, False, False) (1, True, False) 3.0 ababab\n",
    );
    assert!(stat(&stderr, "compiled") >= 1, "{stderr}");
}

#[test]
fn calls_between_compiled_functions_go_straight_from_machine_code_to_machine_code() {
    // `add` and the method are entered directly, `len` is inline; the
    // function with a default to fill goes through Rust.
    let src = "def add(a, b):\n    return a + b\nclass C:\n    def m(self, k):\n        return k * 2\ndef d(a, b=1):\n    return a - b\ndef f(n):\n    c = C()\n    s = 0\n    for i in range(n):\n        s = add(s, i) + c.m(1) + len('ab') + d(i)\n    return s\nprint(f(3000))\n";
    let stats = same_as_interpreted(&["--jit=on", "--jit-stats"], src, "9006000\n");
    // f's loop turns hot after 2000 iterations; add and m are compiled by then.
    assert!(stat(&stats, "calls_direct") >= 2 * 900, "{stats}");
    let via_rust = stat(&stats, "calls_via_rust");
    assert!((900..=1100).contains(&via_rust), "only d() goes through Rust: {stats}");
}

#[test]
fn instances_of_classes_with_a_python_init_are_made_from_machine_code() {
    let src = "class P:\n    def __init__(self, x, y):\n        self.x = x\n        self.y = y\nclass Bad:\n    def __init__(self):\n        return 1\ndef f(n):\n    s = 0\n    for i in range(n):\n        s = s + P(i, 1).x\n    try:\n        Bad()\n    except TypeError as e:\n        print(e)\n    return s\nprint(f(3000))\n";
    let stats = same_as_interpreted(&["--jit=eager", "--jit-stats"], src, "__init__() should return None, not 'int'\n4498500\n");
    // Every P(...) but the first went into the `__init__`'s machine code
    // (the first, and Bad(), ran in the interpreter with the `LoadGlobal`
    // before them, whose cache was still empty); through Rust: f and print.
    assert_eq!(stat(&stats, "calls_direct"), 2999, "{stats}");
    assert_eq!(stat(&stats, "calls_via_rust"), 2, "{stats}");
}
