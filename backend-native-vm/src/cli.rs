//! The `hilt` command line: `hilt run prog.py [args]`, `hilt -c CODE`,
//! `hilt --dis prog.py`, and an interactive prompt with `hilt` alone.
//!
//! The VM runs on its own thread with a large stack; a Rust panic anywhere
//! is caught there and reported as an internal error (exit status 70),
//! never as a crash with a Python-looking result.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use crate::interp::{Exc, Vm};
use crate::object::Value;

/// Stack of the VM thread (virtual memory; touched only as deep as used).
pub const VM_STACK_BYTES: usize = 4 << 30;

const USAGE: &str = "usage: hilt [--jit=off|on|eager] [--jit-stats[=trips]] (run PROGRAM.py [ARGS...] | -c CODE [ARGS...] | --dis PROGRAM.py)\n       hilt              (interactive prompt)";

pub fn main(args: Vec<String>) -> i32 {
    let handle = std::thread::Builder::new().name("hilt-vm".into()).stack_size(VM_STACK_BYTES).spawn(move || {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| dispatch(args)))
    });
    let joined = match handle {
        Ok(h) => h.join(),
        Err(e) => {
            eprintln!("hilt: cannot start the VM thread: {e}");
            return 70;
        }
    };
    match joined {
        Ok(Ok(code)) => code,
        Ok(Err(p)) | Err(p) => {
            let msg = p.downcast_ref::<String>().cloned().or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default();
            eprintln!("hilt: internal error (a bug in the VM, not in your program): {msg}");
            70
        }
    }
}

fn dispatch(mut args: Vec<String>) -> i32 {
    // Panics are reported once by `main`; keep the default hook quiet.
    std::panic::set_hook(Box::new(|_| {}));
    // Options before the command.
    while let Some(opt) = args.first().filter(|a| a.starts_with("--jit")) {
        if opt.starts_with("--jit-stats") {
            match crate::jit::StatsLevel::parse(opt) {
                Ok(level) => crate::jit::report_stats_at_exit(level),
                Err(e) => {
                    eprintln!("hilt: {e}");
                    return 2;
                }
            }
        } else if let Some(mode) = opt.strip_prefix("--jit=") {
            match crate::jit::Mode::parse(mode) {
                Ok(m) => crate::jit::set_mode(m),
                Err(e) => {
                    eprintln!("hilt: --jit: {e}");
                    return 2;
                }
            }
        } else {
            eprintln!("hilt: unknown option '{opt}'\n{USAGE}");
            return 2;
        }
        args.remove(0);
    }
    match args.first().map(|s| s.as_str()) {
        None => repl(),
        Some("run") if args.len() >= 2 => run_file(&args[1], args[1..].to_vec()),
        Some("-c") if args.len() >= 2 => {
            let mut argv = vec!["-c".to_string()];
            argv.extend_from_slice(&args[2..]);
            let dir = std::env::current_dir().unwrap_or_default();
            run_source(&args[1], "<string>", argv, dir)
        }
        Some("--dis") if args.len() == 2 => disassemble(&args[1]),
        Some("-h" | "--help") => {
            println!("{USAGE}");
            0
        }
        Some(p) if p.ends_with(".py") => run_file(p, args.to_vec()),
        _ => {
            eprintln!("{USAGE}");
            2
        }
    }
}

fn run_file(path: &str, argv: Vec<String>) -> i32 {
    let src = match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("hilt: can't open file '{path}': {e}");
            return 2;
        }
    };
    let dir = Path::new(path).parent().map(Path::to_path_buf).filter(|p| !p.as_os_str().is_empty()).unwrap_or_else(|| PathBuf::from("."));
    run_source(&src, path, argv, dir)
}

fn run_source(src: &str, filename: &str, argv: Vec<String>, dir: PathBuf) -> i32 {
    let mut vm = Vm::new(argv, dir);
    let globals = main_module(&mut vm);
    let result = vm.compile(src, filename).and_then(|code| vm.run_module_code(code, globals));
    let status = match result {
        Ok(_) => 0,
        Err(e) => exit_status(&mut vm, e),
    };
    vm.flush();
    crate::jit::print_stats_if_asked(&vm.jit);
    status
}

/// Create `__main__` and register it in sys.modules.
fn main_module(vm: &mut Vm) -> crate::object::ObjRef {
    let globals = vm.new_dict();
    vm.heap.pin(globals);
    let name = vm.new_str("__main__");
    vm.dict_set_str(globals, "__name__", name).expect("__name__");
    let builtins = vm.builtins;
    let bm = vm.alloc(crate::object::Obj::Module { name: "builtins".into(), dict: builtins });
    vm.dict_set_str(globals, "__builtins__", bm).expect("__builtins__");
    let m = vm.alloc(crate::object::Obj::Module { name: "__main__".into(), dict: globals });
    let key = vm.new_str("__main__");
    vm.dict_set(vm.modules, key, m).expect("sys.modules");
    globals
}

/// Report an uncaught exception; SystemExit gives its code.
fn exit_status(vm: &mut Vm, e: Exc) -> i32 {
    if vm.exc_class_name(e.0) == "SystemExit" {
        let args = vm.exc_data(e.0).map(|d| d.args).unwrap_or(Value::None);
        let items = vm.tuple_items(args);
        return match items.first() {
            None | Some(Value::None) => 0,
            Some(Value::Int(i)) => *i as i32,
            Some(Value::Bool(b)) => *b as i32,
            Some(v) => {
                let s = vm.to_str(*v).unwrap_or_default();
                vm.flush();
                eprintln!("{s}");
                1
            }
        };
    }
    vm.print_exception(e);
    1
}

fn disassemble(path: &str) -> i32 {
    let Ok(src) = std::fs::read_to_string(path) else {
        eprintln!("hilt: can't open file '{path}'");
        return 2;
    };
    let mut heap = crate::gc::Heap::new(false);
    match crate::compile::compile_module(&src, path, &mut heap) {
        Ok(code) => {
            print!("{}", code.disassemble(&heap));
            0
        }
        Err(e) => {
            eprintln!("  File \"{path}\", line {}\nSyntaxError: {}", e.line, e.msg);
            1
        }
    }
}

/// The interactive prompt: one statement (or block) at a time; the value
/// of an expression statement is printed with repr().
fn repl() -> i32 {
    let mut vm = Vm::new(vec![String::new()], std::env::current_dir().unwrap_or_default());
    let globals = main_module(&mut vm);
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    println!("Hilt VM (Python 3 subset). Ctrl-D to exit.");
    loop {
        print!(">>> ");
        let _ = std::io::stdout().flush();
        let Some(Ok(first)) = lines.next() else {
            println!();
            return 0;
        };
        let mut chunk = first.clone();
        if first.trim_end().ends_with(':') {
            loop {
                print!("... ");
                let _ = std::io::stdout().flush();
                match lines.next() {
                    Some(Ok(l)) if !l.trim().is_empty() => {
                        chunk.push('\n');
                        chunk.push_str(&l);
                    }
                    _ => break,
                }
            }
        }
        if chunk.trim().is_empty() {
            continue;
        }
        let is_expr = ruff_python_parser::parse_expression(&chunk).is_ok();
        let src = if is_expr { format!("__repl_value__ = ({chunk})\n") } else { format!("{chunk}\n") };
        let r = vm.compile(&src, "<stdin>").and_then(|code| {
            // Tracebacks quote what the user typed, not the wrapper.
            vm.sources.insert("<stdin>".into(), chunk.as_str().into());
            vm.run_module_code(code, globals)
        });
        match r {
            Ok(_) if is_expr => {
                if let Some(v) = vm.dict_get_str(globals, "__repl_value__") {
                    if !matches!(v, Value::None) {
                        match vm.repr(v) {
                            Ok(s) => {
                                let _ = writeln!(vm.out, "{s}");
                            }
                            Err(e) => vm.print_exception(e),
                        }
                    }
                }
            }
            Ok(_) => {}
            Err(e) => {
                if vm.exc_class_name(e.0) == "SystemExit" {
                    let code = exit_status(&mut vm, e);
                    vm.flush();
                    return code;
                }
                vm.print_exception(e);
            }
        }
        vm.flush();
    }
}
