//! Builtin modules: `sys`, `math`, `time`, `random`, `gc` in Rust, `builtins`,
//! and modules written in Python (`py/`, compiled on first import).
//! `make_module` builds one on first import.

pub mod math;
pub mod random;

use crate::builtins::Kw;
use crate::interp::{PyResult, Vm};
use crate::object::{Obj, Value};

/// Called once at start-up (nothing is imported eagerly).
pub fn register(_vm: &mut Vm) {}

/// Standard modules written in Python, shipped inside the VM.
const PY_MODULES: &[(&str, &str)] = &[("json", include_str!("py/json.py")), ("hilt", include_str!("../hpy/py/hilt.py"))];

/// The builtin module `name`, or None if there is no such builtin module.
pub fn make_module(vm: &mut Vm, name: &str) -> PyResult<Option<Value>> {
    if name == "builtins" {
        let d = vm.builtins;
        return Ok(Some(vm.alloc(Obj::Module { name: name.into(), dict: d })));
    }
    if let Some((_, src)) = PY_MODULES.iter().find(|(n, _)| *n == name) {
        let d = vm.new_dict();
        let m = vm.alloc(Obj::Module { name: name.into(), dict: d });
        vm.temp_roots.push(m);
        let r = (|| {
            let n = vm.new_str(name);
            vm.dict_set_str(d, "__name__", n)?;
            let code = vm.compile(src, &format!("<hilt stdlib>/{name}.py"))?;
            vm.run_module_code(code, d)
        })();
        vm.temp_roots.pop();
        r?;
        return Ok(Some(m));
    }
    let fill: fn(&mut Vm, crate::object::ObjRef) = match name {
        "math" => math::module,
        "random" => random::module,
        "time" => time_module,
        "gc" => gc_module,
        "sys" => sys_module,
        "_hilt" => crate::hpy::modes::hilt_natives,
        _ => return Ok(None),
    };
    let d = vm.new_dict();
    vm.temp_roots.push(Value::Obj(d));
    let n = vm.new_str(name);
    vm.dict_set_str(d, "__name__", n)?;
    fill(vm, d);
    vm.temp_roots.pop();
    Ok(Some(vm.alloc(Obj::Module { name: name.into(), dict: d })))
}

fn t_time(vm: &mut Vm, _args: &[Value], _kw: Kw) -> PyResult<Value> {
    let _ = vm;
    let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs_f64()).unwrap_or(0.0);
    Ok(Value::Float(t))
}
fn t_perf_counter(vm: &mut Vm, _args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::Float(vm.start_time.elapsed().as_secs_f64()))
}
fn t_sleep(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let arg_v = vm.arg(args, 0, "sleep")?;
    let s = vm.to_f64(arg_v).unwrap_or(0.0);
    if s > 0.0 {
        std::thread::sleep(std::time::Duration::from_secs_f64(s));
    }
    Ok(Value::None)
}

fn time_module(vm: &mut Vm, d: crate::object::ObjRef) {
    vm.def(d, "time", t_time);
    vm.def(d, "perf_counter", t_perf_counter);
    vm.def(d, "monotonic", t_perf_counter);
    vm.def(d, "process_time", t_perf_counter);
    vm.def(d, "sleep", t_sleep);
}

/// `gc.collect()`: a full collection now; the number of objects it freed
/// (CPython counts only those its reference counting could not free, so
/// the numbers differ between the two).
fn gc_collect(vm: &mut Vm, _args: &[Value], _kw: Kw) -> PyResult<Value> {
    let before = vm.heap.live_objects();
    vm.collect_garbage();
    Ok(Value::Int(before.saturating_sub(vm.heap.live_objects()) as i64))
}

fn gc_module(vm: &mut Vm, d: crate::object::ObjRef) {
    vm.def(d, "collect", gc_collect);
}

fn sys_exit(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let cls = vm.ty("SystemExit");
    let a = vm.new_tuple(args.to_vec());
    Err(vm.new_exception(cls, a))
}
fn sys_getrecursionlimit(vm: &mut Vm, _args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::Int(vm.recursion_limit as i64))
}
fn sys_setrecursionlimit(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let arg_v = vm.arg(args, 0, "setrecursionlimit")?;
    let n = vm.int_arg(arg_v, "")?;
    if n < 1 {
        return Err(vm.err("ValueError", "recursion limit must be greater or equal than 1"));
    }
    // Bounded so deep Python recursion cannot exhaust the VM thread's stack.
    vm.recursion_limit = (n as usize).min(crate::MAX_RECURSION);
    Ok(Value::None)
}
fn stream_write(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    use std::io::Write;
    let arg_v = vm.arg(args, 1, "write")?;
    let s = vm.to_str(arg_v)?;
    let is_err = vm.as_str(args[0]) == Some("<stderr>");
    if is_err {
        vm.flush();
        eprint!("{s}");
    } else {
        let _ = vm.out.write_all(s.as_bytes());
    }
    Ok(Value::Int(s.chars().count() as i64))
}

fn sys_module(vm: &mut Vm, d: crate::object::ObjRef) {
    let argv: Vec<Value> = vm.argv.clone().into_iter().map(|a| vm.new_str(a)).collect();
    let argv = vm.new_list(argv);
    let set = |vm: &mut Vm, k: &str, v: Value| vm.dict_set_str(d, k, v).expect("sys attribute");
    set(vm, "argv", argv);
    let mods = Value::Obj(vm.modules);
    set(vm, "modules", mods);
    set(vm, "maxsize", Value::Int(i64::MAX));
    let v = vm.new_tuple(vec![Value::Int(3), Value::Int(11), Value::Int(0)]);
    set(vm, "version_info", v);
    let v = vm.new_str("3.11.0 (hilt)");
    set(vm, "version", v);
    let v = vm.new_str("hilt");
    set(vm, "implementation_name", v);
    let v = vm.new_str("linux");
    set(vm, "platform", v);
    let v = vm.new_str("little");
    set(vm, "byteorder", v);
    let path = vm.script_dir.display().to_string();
    let p = vm.new_str(path);
    let p = vm.new_list(vec![p]);
    set(vm, "path", p);
    vm.def(d, "exit", sys_exit);
    vm.def(d, "getrecursionlimit", sys_getrecursionlimit);
    vm.def(d, "setrecursionlimit", sys_setrecursionlimit);
    // stdout/stderr: tiny objects with a bound `write`.
    for (name, tag) in [("stdout", "<stdout>"), ("stderr", "<stderr>")] {
        let tagv = vm.new_str(tag);
        let w = vm.heap.alloc(Obj::Native(crate::object::NativeFunc { name: "write", func: stream_write, bound: Some(tagv) }));
        let sd = vm.new_dict();
        vm.dict_set_str(sd, "write", Value::Obj(w)).expect("write");
        let m = vm.alloc(Obj::Module { name: tag.into(), dict: sd });
        set(vm, name, m);
    }
}
