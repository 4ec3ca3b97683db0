//! The `hilt` command's contract for bad input: a missing feature or a
//! syntax error is a clear Python error naming it and the line, runaway
//! recursion is a RecursionError, and nothing ends in a Rust panic.

use std::process::{Command, Output};

fn hilt(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hilt")).args(args).output().expect("run hilt")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn dash_c_runs_code_with_argv() {
    let o = hilt(&["-c", "import sys\nprint(sum(range(10)), sys.argv[1:])", "x", "y"]);
    assert_eq!(String::from_utf8_lossy(&o.stdout), "45 ['x', 'y']\n");
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn missing_feature_names_the_feature_and_line() {
    let o = hilt(&["-c", "print('before')\nmatch 1:\n    case 1:\n        pass\n"]);
    let err = stderr(&o);
    assert_eq!(String::from_utf8_lossy(&o.stdout), "before\n", "the program runs up to the feature");
    assert!(err.contains("NotImplementedError: hilt does not support the match statement yet (line 2)"), "{err}");
    assert_eq!(o.status.code(), Some(1));
    let o = hilt(&["-c", "async def f():\n    pass\n"]);
    assert!(stderr(&o).contains("async def"), "{}", stderr(&o));
    let o = hilt(&["-c", "class L(list):\n    pass\n"]);
    assert!(stderr(&o).contains("subclassing the builtin type 'list'"), "{}", stderr(&o));
}

/// The VM's tracing collector cannot run finalizers when CPython would, so
/// a class with `__del__` is refused where it is made, not silently never
/// finalized.
#[test]
fn del_method_is_refused_with_its_line() {
    let o = hilt(&["-c", "print('before')\nclass A:\n    x = 1\n    def __del__(self):\n        print('bye')\nprint('after')\n"]);
    assert_eq!(String::from_utf8_lossy(&o.stdout), "before\n", "the program stops at the class");
    assert!(stderr(&o).contains("NotImplementedError: hilt does not support __del__ yet (line 4)"), "{}", stderr(&o));
    assert_eq!(o.status.code(), Some(1));
    let o = hilt(&["-c", "class A:\n    pass\nA.__del__ = lambda self: None\n"]);
    assert!(stderr(&o).contains("NotImplementedError: hilt does not support __del__ yet"), "{}", stderr(&o));
    let o = hilt(&["-c", "T = type('T', (), {'__del__': print})\n"]);
    assert!(stderr(&o).contains("NotImplementedError: hilt does not support __del__ yet"), "{}", stderr(&o));
}

#[test]
fn syntax_error_reports_line() {
    let o = hilt(&["-c", "x = 1\ny = (\n"]);
    let err = stderr(&o);
    assert!(err.contains("SyntaxError") && err.contains("line"), "{err}");
    assert_eq!(o.status.code(), Some(1));
    let o = hilt(&["-c", "break\n"]);
    assert!(stderr(&o).contains("SyntaxError: 'break' outside loop"), "{}", stderr(&o));
}

#[test]
fn runaway_recursion_is_a_recursion_error() {
    let o = hilt(&["-c", "def f(n):\n    return f(n + 1)\nf(0)\n"]);
    let err = stderr(&o);
    assert!(err.contains("RecursionError: maximum recursion depth exceeded"), "{err}");
    assert_eq!(o.status.code(), Some(1));
    // A raised limit still stops well before the VM thread's stack ends.
    let o = hilt(&["-c", "import sys\nsys.setrecursionlimit(10**9)\ndef f(n):\n    return f(n + 1)\nf(0)\n"]);
    assert!(stderr(&o).contains("RecursionError"), "{}", stderr(&o));
}

#[test]
fn huge_ints_and_deep_nesting_do_not_crash() {
    let o = hilt(&["-c", "x = 7 ** 4000\nprint(len(str(x)), x % 1000)\n"]);
    assert_eq!(String::from_utf8_lossy(&o.stdout), "3381 1\n");
    let deep = format!("print({}1{})", "(".repeat(3000), ")".repeat(3000));
    let o = hilt(&["-c", &deep]);
    assert_ne!(o.status.code(), Some(70), "{}", stderr(&o));
}

#[test]
fn system_exit_sets_status() {
    assert_eq!(hilt(&["-c", "raise SystemExit(4)"]).status.code(), Some(4));
    assert_eq!(hilt(&["-c", "import sys; sys.exit()"]).status.code(), Some(0));
}

#[test]
fn disassembler_lists_ops_with_names() {
    let dir = std::env::temp_dir().join(format!("hilt-dis-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let p = dir.join("d.py");
    std::fs::write(&p, "def f(a):\n    return a + g\n").expect("write");
    let o = hilt(&["--dis", p.to_str().expect("utf-8 path")]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("LoadFast(0)  ; a") && out.contains("LoadGlobal") && out.contains("; g") && out.contains("Binary(Add)"), "{out}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn prompt_echoes_expression_values_and_survives_errors() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_hilt"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start hilt");
    let input = "x = 5\nx * 2\ndef f(a):\n    return a + 1\n\nf(x)\n1/0\n'after'\n";
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write");
    let o = child.wait_with_output().expect("wait");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("10\n") && out.contains("6\n") && out.contains("'after'\n"), "{out}");
    assert!(stderr(&o).contains("ZeroDivisionError: division by zero"), "{}", stderr(&o));
    assert_eq!(o.status.code(), Some(0));
}
