//! The interpreter: the VM state and the instruction loop.
//!
//! All frames share one value stack (`Vm::stack`): a frame's local slots are
//! followed by its operand stack, so a call's arguments become the callee's
//! locals in place and the GC sees every live value by scanning one vector.
//! Handler blocks (`try`, `with`) share one block stack the same way.
//! A Python call recurses into [`Vm::run_frame`]; depth is bounded by the
//! recursion limit and the VM runs on a thread with a large stack.

pub mod attr;
pub mod call;
pub mod descr;
pub mod exc;
pub mod gen;
pub mod iter;
pub mod ops;
pub mod shape;
pub mod table;

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::rc::Rc;

use crate::compile::bytecode::{CacheEntry, Code, CodeKind, Op};
use crate::gc::Heap;
use crate::object::{DictIterKind, Obj, ObjRef, PyStr, Value};

pub use exc::Exc;
pub type PyResult<T> = Result<T, Exc>;

/// (class slot, name hash) -> (name, what the MRO lookup found).
pub type TypeCache = HashMap<(u32, u64), (Box<str>, Option<Value>), table::FxBuild>;

/// A handler on the block stack.
#[derive(Clone, Copy, Debug)]
pub struct Block {
    pub handler: u32,
    /// Stack height to cut back to (absolute while running, frame-relative
    /// while saved in a generator).
    pub sp: u32,
    pub handling: u32,
}

/// The builtin classes the VM needs to name directly.
#[derive(Default)]
pub struct Types {
    pub object: Option<ObjRef>,
    pub map: HashMap<&'static str, ObjRef, table::FxBuild>,
    /// The types of [`HOT_TYPES`], in order, for `type_of` without a name lookup.
    pub hot: Vec<ObjRef>,
}

/// The builtin types `type_of` answers most often.
pub const HOT_TYPES: [&str; 14] =
    ["NoneType", "bool", "int", "float", "str", "list", "tuple", "dict", "set", "frozenset", "function", "builtin_function_or_method", "type", "generator"];

/// One activation's fixed facts; its values live on `Vm::stack` from `base`.
pub struct Frame {
    pub code: Rc<Code>,
    pub func: Value,
    pub globals: ObjRef,
    /// Namespace dict for module and class bodies.
    pub locals: Option<ObjRef>,
    pub base: usize,
    pub blocks_base: usize,
    pub handling_base: usize,
}

pub enum Exit {
    Return(Value),
    Yield(Value),
}

/// What one instruction leaves the frame to do next.
pub(crate) enum Step {
    /// Run the instruction at the (updated) ip.
    Next,
    /// The frame returned or yielded.
    Done(Exit),
    /// A loop turned hot: the JIT may take the frame over at the ip.
    Hot,
}

pub struct Vm {
    pub heap: Heap,
    pub stack: Vec<Value>,
    pub blocks: Vec<Block>,
    /// Exceptions being handled (innermost last), for bare `raise`.
    pub handling: Vec<Value>,
    /// Values native code must keep alive across calls back into Python.
    pub temp_roots: Vec<Value>,
    /// The stack base of the generator frame `drain_generator` runs
    /// (`usize::MAX`: none): its machine code keeps what it yields.
    pub drain_base: usize,
    pub types: Types,
    pub builtins: ObjRef,
    /// sys.modules
    pub modules: ObjRef,
    pub depth: usize,
    pub recursion_limit: usize,
    pub script_dir: PathBuf,
    pub argv: Vec<String>,
    pub out: std::io::BufWriter<std::io::Stdout>,
    /// Source text per file name, for tracebacks.
    pub sources: HashMap<Rc<str>, Rc<str>>,
    /// Set by `Reraise` so the frame does not add a traceback entry twice.
    reraising: bool,
    /// State of the `random` module's Mersenne Twister.
    pub rng: crate::stdlib::random::Mt19937,
    pub start_time: std::time::Instant,
    /// Containers whose repr is in progress (to print `[...]` for cycles).
    pub repr_guard: Vec<ObjRef>,
    /// MRO lookups by (class, name hash): see `lookup_type`.
    pub type_cache: std::cell::RefCell<TypeCache>,
    /// The VM's own lookups of dunders by (class, name address): see
    /// `lookup_type_static`.
    pub(crate) static_type_cache: Box<[std::cell::Cell<attr::StaticLookup>]>,
    /// Instance-dict layouts, and the epoch that attribute inline caches
    /// check: bumped when a class attribute changes or the GC runs.
    pub shapes: shape::Shapes,
    pub attr_epoch: u64,
    /// A slice object reused by `slice_in_place` (pinned; None fields
    /// between uses).
    scratch_slice: ObjRef,
    /// One-character ASCII strings, made once (indexing and iterating a
    /// str would otherwise allocate per character).
    ascii_chars: Vec<Value>,
    /// The C extension ABI's state: handle table, globals, pending error.
    pub hpy: crate::hpy::HpyState,
    /// The JIT: its mode, thresholds and compiled code (`crate::jit`).
    pub jit: crate::jit::Jit,
}

/// One instruction at `*ip` (advanced past it, or to a jump target),
/// written once and expanded in the interpreter's loop (`exec`) and in the
/// one the JIT runs instructions it does not do inline with
/// ([`Vm::exec_until`]); going on to the next instruction is `$next`
/// (`continue`). (A shared one-instruction function returning "go on"
/// would cost every instruction a call, and a store and test of that
/// result.)
macro_rules! instruction {
    ($vm:ident, $f:ident, $ip:ident, $next:expr) => {{
            let code = &*$f.code;
            let base = $f.base;
            if $vm.heap.wants_gc {
                $vm.collect_garbage();
            }
            let op = code.ops[*$ip];
            *$ip += 1;
            match op {
                Op::Nop => {}
                Op::Pop => {
                    $vm.pop();
                }
                Op::Dup => {
                    let v = $vm.top();
                    $vm.stack.push(v);
                }
                Op::Dup2 => {
                    let n = $vm.stack.len();
                    let (a, b) = ($vm.stack[n - 2], $vm.stack[n - 1]);
                    $vm.stack.push(a);
                    $vm.stack.push(b);
                }
                Op::Rot2 => {
                    let n = $vm.stack.len();
                    $vm.stack.swap(n - 1, n - 2);
                }
                Op::Rot3 => {
                    let v = $vm.pop();
                    let n = $vm.stack.len();
                    $vm.stack.insert(n - 2, v);
                }
                Op::LoadConst(c) => $vm.stack.push(code.consts[c as usize]),
                Op::LoadFast(s) => {
                    let v = $vm.stack[base + s as usize];
                    if let Value::Undef = v {
                        let name = &code.varnames[s as usize];
                        return Err($vm.err("UnboundLocalError", &format!("cannot access local variable '{name}' where it is not associated with a value")));
                    }
                    $vm.stack.push(v);
                }
                Op::StoreFast(s) => {
                    let v = $vm.pop();
                    $vm.stack[base + s as usize] = v;
                }
                Op::DeleteFast(s) => {
                    if let Value::Undef = $vm.stack[base + s as usize] {
                        let name = &code.varnames[s as usize];
                        return Err($vm.err("UnboundLocalError", &format!("cannot access local variable '{name}' where it is not associated with a value")));
                    }
                    $vm.stack[base + s as usize] = Value::Undef;
                }
                Op::LoadDeref(s) => {
                    let Some(v) = $vm.heap.cell_value($vm.stack[base + s as usize]) else {
                        let name = &code.varnames[s as usize];
                        return Err($vm.err("NameError", &format!("cannot access free variable '{name}' where it is not associated with a value in enclosing scope")));
                    };
                    $vm.stack.push(v);
                }
                Op::StoreDeref(s) => {
                    let v = $vm.pop();
                    $vm.heap.set_cell($vm.stack[base + s as usize], v);
                }
                Op::LoadCell(s) => {
                    let c = $vm.stack[base + s as usize];
                    $vm.stack.push(c);
                }
                Op::LoadGlobal(n, c) => {
                    let v = $vm.load_global($f, n, c)?;
                    $vm.stack.push(v);
                }
                Op::StoreGlobal(n) => {
                    let v = $vm.pop();
                    let name = code.names[n as usize].clone();
                    $vm.dict_set_str($f.globals, &name, v)?;
                }
                Op::DeleteGlobal(n) => {
                    let name = code.names[n as usize].clone();
                    if !$vm.dict_del_str($f.globals, &name)? {
                        return Err($vm.err("NameError", &format!("name '{name}' is not defined")));
                    }
                }
                Op::LoadName(n) => {
                    let Some(v) = $vm.load_name_hit($f, n as usize) else {
                        let name = &code.names[n as usize];
                        return Err($vm.err("NameError", &format!("name '{name}' is not defined")));
                    };
                    $vm.stack.push(v);
                }
                Op::StoreName(n) => {
                    let v = $vm.pop();
                    $vm.store_name($f, n as usize, v)?;
                }
                Op::DeleteName(n) => {
                    let name = code.names[n as usize].clone();
                    if !$vm.dict_del_str($f.locals.unwrap_or($f.globals), &name)? {
                        return Err($vm.err("NameError", &format!("name '{name}' is not defined")));
                    }
                }
                Op::LoadAttr(n, c) => {
                    let o = $vm.top();
                    let cache = shape::ways(code, c);
                    let v = match $vm.load_attr_hit(o, cache) {
                        Some(v) => v,
                        None => {
                            let name = &code.names[n as usize];
                            let v = $vm.get_attr(o, name)?;
                            $vm.load_attr_fill(o, name, cache);
                            v
                        }
                    };
                    *$vm.stack.last_mut().expect("stack") = v;
                }
                Op::StoreAttr(n, c) => {
                    let o = $vm.pop();
                    let v = $vm.pop();
                    let cache = shape::ways(code, c);
                    if !$vm.store_attr_hit(o, v, cache) {
                        let name = &code.names[n as usize];
                        let before = $vm.store_attr_before(o);
                        $vm.set_attr(o, name, v)?;
                        $vm.store_attr_fill(o, name, before, cache);
                    }
                }
                Op::DeleteAttr(n) => {
                    let o = $vm.pop();
                    $vm.del_attr(o, &code.names[n as usize])?;
                }
                Op::LoadMethod(n, c) => {
                    let o = $vm.top();
                    let cache = shape::ways(code, c);
                    let (func, recv) = match $vm.load_method_hit(o, cache) {
                        Some(hit) => hit,
                        None => {
                            let name = &code.names[n as usize];
                            let (func, recv) = $vm.load_method(o, name)?;
                            $vm.load_method_fill(o, name, func, recv, cache);
                            (func, recv)
                        }
                    };
                    *$vm.stack.last_mut().expect("stack") = func;
                    $vm.stack.push(recv);
                }
                Op::CallMethod(n) => {
                    if $vm.jit.counting() {
                        code.jit.saw(*$ip - 1, $vm.callee_kind(n as usize + 2));
                    }
                    $vm.call_method_op(n as usize)?
                }
                Op::Call(n) => {
                    if $vm.jit.counting() {
                        code.jit.saw(*$ip - 1, $vm.callee_kind(n as usize + 1));
                    }
                    $vm.call_op(n as usize)?
                }
                Op::CallKw(n, names) => {
                    if $vm.jit.counting() {
                        code.jit.saw(*$ip - 1, $vm.callee_kind(n as usize + 1));
                    }
                    let names = code.consts[names as usize];
                    let r = $vm.call_kw_at(n as usize, names)?;
                    $vm.stack.push(r);
                }
                Op::CallEx => {
                    let kw = $vm.pop();
                    let args = $vm.pop();
                    let func = $vm.pop();
                    $vm.temp_roots.extend([kw, args, func]);
                    let r = $vm.call_ex(func, args, kw);
                    $vm.temp_roots.truncate($vm.temp_roots.len() - 3);
                    let r = r?;
                    $vm.stack.push(r);
                }
                Op::Return => {
                    let v = $vm.pop();
                    return Ok(Step::Done(Exit::Return(v)));
                }
                Op::Subscr => {
                    let n = $vm.stack.len();
                    if let Some(v) = $vm.subscr_hit($vm.stack[n - 2], $vm.stack[n - 1]) {
                        $vm.stack.truncate(n - 1);
                        $vm.stack[n - 2] = v;
                        $next;
                    }
                    let k = $vm.pop();
                    let o = $vm.pop();
                    $vm.temp_roots.extend([o, k]);
                    let r = $vm.get_item(o, k);
                    $vm.temp_roots.truncate($vm.temp_roots.len() - 2);
                    let r = r?;
                    $vm.stack.push(r);
                }
                Op::StoreSubscr => {
                    let n = $vm.stack.len();
                    let (v, o, k) = ($vm.stack[n - 3], $vm.stack[n - 2], $vm.stack[n - 1]);
                    if $vm.store_subscr_hit(o, k, v) {
                        $vm.stack.truncate(n - 3);
                        $next;
                    }
                    $vm.set_item(o, k, v)?;
                    $vm.stack.truncate(n - 3);
                }
                Op::DeleteSubscr => {
                    let n = $vm.stack.len();
                    let (o, k) = ($vm.stack[n - 2], $vm.stack[n - 1]);
                    $vm.del_item(o, k)?;
                    $vm.stack.truncate(n - 2);
                }
                Op::Binary(bop) | Op::Inplace(bop) => {
                    let n = $vm.stack.len();
                    let (a, b) = ($vm.stack[n - 2], $vm.stack[n - 1]);
                    if $vm.jit.counting() {
                        code.jit.saw(*$ip - 1, crate::jit::seen::of(a, b));
                    }
                    let r = match ops::binary_fast(bop, a, b) {
                        Some(r) => r,
                        None => $vm.binary(bop, a, b, matches!(op, Op::Inplace(_)))?,
                    };
                    $vm.stack.truncate(n - 1);
                    $vm.stack[n - 2] = r;
                }
                Op::Compare(op) => {
                    let n = $vm.stack.len();
                    let (a, b) = ($vm.stack[n - 2], $vm.stack[n - 1]);
                    if $vm.jit.counting() {
                        code.jit.saw(*$ip - 1, crate::jit::seen::of(a, b));
                    }
                    let r = match $vm.compare_hit(op, a, b) {
                        Some(r) => r,
                        None => $vm.compare(op, a, b)?,
                    };
                    $vm.stack.truncate(n - 1);
                    $vm.stack[n - 2] = r;
                }
                Op::Not => {
                    let v = $vm.top();
                    let t = $vm.truthy(v)?;
                    *$vm.stack.last_mut().expect("stack") = Value::Bool(!t);
                }
                Op::Neg | Op::Pos | Op::Invert => {
                    let v = $vm.top();
                    let r = $vm.unary(op, v)?;
                    *$vm.stack.last_mut().expect("stack") = r;
                }
                Op::Jump(t) => {
                    let backward = (t as usize) < *$ip;
                    *$ip = t as usize;
                    // A loop's back edge: counted for the JIT, which may take
                    // the frame over from here (on-stack replacement).
                    if backward && $vm.jit.counting() && code.jit.back_edge(&$vm.jit) {
                        return Ok(Step::Hot);
                    }
                }
                Op::JumpIfFalse(t) => {
                    let v = $vm.pop();
                    let b = match v {
                        Value::Bool(b) => b,
                        _ => $vm.truthy(v)?,
                    };
                    if !b {
                        *$ip = t as usize;
                    }
                }
                Op::JumpIfTrue(t) => {
                    let v = $vm.pop();
                    let b = match v {
                        Value::Bool(b) => b,
                        _ => $vm.truthy(v)?,
                    };
                    if b {
                        *$ip = t as usize;
                    }
                }
                Op::JumpIfFalseOrPop(t) => {
                    let v = $vm.top();
                    if !$vm.truthy(v)? {
                        *$ip = t as usize;
                    } else {
                        $vm.pop();
                    }
                }
                Op::JumpIfTrueOrPop(t) => {
                    let v = $vm.top();
                    if $vm.truthy(v)? {
                        *$ip = t as usize;
                    } else {
                        $vm.pop();
                    }
                }
                Op::GetIter => {
                    let v = $vm.top();
                    let it = $vm.get_iter(v)?;
                    *$vm.stack.last_mut().expect("stack") = it;
                }
                Op::ForIter(t) => {
                    let it = $vm.top();
                    let next = match it {
                        Value::Obj(r) => match $vm.step_seq_iter(r) {
                            Some(next) => next,
                            None => {
                                if $vm.jit.counting() && matches!($vm.heap.get(r), Obj::Generator(_)) {
                                    code.jit.saw(*$ip - 1, crate::jit::seen::GENERATOR);
                                }
                                $vm.next(it)?
                            }
                        },
                        _ => $vm.next(it)?,
                    };
                    match next {
                        Some(v) => $vm.stack.push(v),
                        None => {
                            $vm.pop();
                            *$ip = t as usize;
                        }
                    }
                }
                Op::BuildTuple(n) => {
                    let at = $vm.stack.len() - n as usize;
                    let items = $vm.stack[at..].to_vec();
                    let t = $vm.new_tuple(items);
                    $vm.stack.truncate(at);
                    $vm.stack.push(t);
                }
                Op::BuildList(n) => {
                    let at = $vm.stack.len() - n as usize;
                    let items = $vm.stack[at..].to_vec();
                    let t = $vm.new_list(items);
                    $vm.stack.truncate(at);
                    $vm.stack.push(t);
                }
                Op::BuildSet(n) => {
                    let s = $vm.heap.alloc(Obj::Set { items: Default::default(), frozen: false });
                    let at = $vm.stack.len() - n as usize;
                    $vm.stack.push(Value::Obj(s));
                    for i in 0..n as usize {
                        let v = $vm.stack[at + i];
                        $vm.set_add(s, v)?;
                    }
                    $vm.stack.truncate(at);
                    $vm.stack.push(Value::Obj(s));
                }
                Op::BuildMap(n) => {
                    let d = $vm.new_dict_sized(n as usize);
                    let at = $vm.stack.len() - 2 * n as usize;
                    $vm.stack.push(Value::Obj(d));
                    for i in 0..n as usize {
                        let (k, v) = ($vm.stack[at + 2 * i], $vm.stack[at + 2 * i + 1]);
                        $vm.dict_set(d, k, v)?;
                    }
                    $vm.stack.truncate(at);
                    $vm.stack.push(Value::Obj(d));
                }
                Op::BuildString(n) => {
                    let at = $vm.stack.len() - n as usize;
                    let mut s = String::new();
                    for v in &$vm.stack[at..] {
                        s.push_str($vm.as_str(*v).unwrap_or(""));
                    }
                    let v = $vm.new_str(s);
                    $vm.stack.truncate(at);
                    $vm.stack.push(v);
                }
                Op::BuildSlice(n) => {
                    let step = if n == 3 { $vm.pop() } else { Value::None };
                    let stop = $vm.pop();
                    let start = $vm.pop();
                    if $vm.slice_in_place(code.ops.get(*$ip).copied(), start, stop, step)? {
                        *$ip += 1;
                        $next;
                    }
                    let s = $vm.alloc(Obj::Slice { start, stop, step });
                    $vm.stack.push(s);
                }
                Op::ListAppend(k) => {
                    let v = $vm.pop();
                    let l = $vm.stack[$vm.stack.len() - k as usize];
                    if let Value::Obj(r) = l {
                        if let Obj::List(xs) = $vm.heap.get_mut(r) {
                            xs.push(v);
                        }
                    }
                }
                Op::SetAdd(k) => {
                    let v = $vm.pop();
                    let s = $vm.stack[$vm.stack.len() - k as usize];
                    $vm.stack.push(v);
                    $vm.set_add(s.as_obj().expect("set"), v)?;
                    $vm.pop();
                }
                Op::MapAdd(k) => {
                    let n = $vm.stack.len();
                    let (key, v) = ($vm.stack[n - 2], $vm.stack[n - 1]);
                    let d = $vm.stack[n - 2 - k as usize];
                    $vm.dict_set(d.as_obj().expect("dict"), key, v)?;
                    $vm.stack.truncate(n - 2);
                }
                Op::ListExtend(k) => {
                    let v = $vm.top();
                    let items = $vm.collect_iter(v)?;
                    $vm.pop();
                    let l = $vm.stack[$vm.stack.len() - k as usize];
                    if let Value::Obj(r) = l {
                        if let Obj::List(xs) = $vm.heap.get_mut(r) {
                            xs.extend(items);
                        }
                    }
                }
                Op::SetUpdate(k) => {
                    let v = $vm.top();
                    let items = $vm.collect_iter(v)?;
                    let s = $vm.stack[$vm.stack.len() - 1 - k as usize].as_obj().expect("set");
                    for x in items {
                        $vm.set_add(s, x)?;
                    }
                    $vm.pop();
                }
                Op::DictUpdate(k) => {
                    let v = $vm.top();
                    let d = $vm.stack[$vm.stack.len() - 1 - k as usize].as_obj().expect("dict");
                    $vm.dict_update(d, v)?;
                    $vm.pop();
                }
                Op::ListToTuple => {
                    let v = $vm.pop();
                    let items = match v {
                        Value::Obj(r) => match $vm.heap.get(r) {
                            Obj::List(xs) => xs.clone(),
                            _ => Vec::new(),
                        },
                        _ => Vec::new(),
                    };
                    let t = $vm.new_tuple(items);
                    $vm.stack.push(t);
                }
                Op::UnpackSequence(n) => {
                    let v = $vm.top();
                    if let Some(xs) = $vm.heap.items_of_len(v, n as usize) {
                        $vm.stack.pop();
                        // The first item ends on top.
                        $vm.stack.extend(xs.iter().rev());
                        $next;
                    }
                    let items = $vm.unpack(v, n as usize, None)?;
                    $vm.pop();
                    $vm.stack.extend(items.into_iter().rev());
                }
                Op::UnpackEx(before, after) => {
                    let v = $vm.top();
                    let items = $vm.unpack(v, before as usize, Some(after as usize))?;
                    $vm.pop();
                    // items: before..., list, after... ; push reversed
                    $vm.stack.extend(items.into_iter().rev());
                }
                Op::FormatValue(flags) => {
                    if flags == 0 {
                        if let Some(r) = $vm.format_plain($vm.top()) {
                            *$vm.stack.last_mut().expect("stack") = r;
                            $next;
                        }
                    }
                    let spec = if flags & 1 == 1 { Some($vm.pop()) } else { None };
                    let v = $vm.top();
                    let converted = match flags >> 1 {
                        1 => {
                            let s = $vm.to_str(v)?;
                            $vm.new_str(s)
                        }
                        2 | 3 => {
                            let s = $vm.repr(v)?;
                            $vm.new_str(s)
                        }
                        _ => v,
                    };
                    let spec_s = spec.and_then(|s| $vm.as_str(s).map(|x| x.to_string())).unwrap_or_default();
                    let s = $vm.format(converted, &spec_s)?;
                    let r = $vm.new_str(s);
                    *$vm.stack.last_mut().expect("stack") = r;
                }
                Op::MakeFunction(ci, flags) => {
                    let v = $vm.make_function($f, &code.codes[ci as usize], flags);
                    $vm.stack.push(v);
                }
                Op::BuildClass(nbases) => {
                    let at = $vm.stack.len() - nbases as usize - 2;
                    let v = $vm.build_class(at, nbases as usize, &[])?;
                    $vm.stack.truncate(at);
                    $vm.stack.push(v);
                }
                Op::BuildClassKw(nbases, names) => {
                    let names = $vm.tuple_items(code.consts[names as usize]).to_vec();
                    let at = $vm.stack.len() - nbases as usize - names.len() - 2;
                    let vals = &$vm.stack[at + 2 + nbases as usize..];
                    let kw: Vec<(Rc<str>, Value)> = names.iter().zip(vals).map(|(n, v)| (Rc::from($vm.as_str(*n).unwrap_or("")), *v)).collect();
                    // The keyword values stay on the stack (rooted) meanwhile.
                    let v = $vm.build_class(at, nbases as usize, &kw)?;
                    $vm.stack.truncate(at);
                    $vm.stack.push(v);
                }
                Op::LoadBuildClass => return Err($vm.err("SystemError", "unexpected LoadBuildClass")),
                Op::SetupExcept(t) => {
                    $vm.blocks.push(Block { handler: t, sp: $vm.stack.len() as u32, handling: $vm.handling.len() as u32 });
                }
                Op::PopBlock => {
                    $vm.blocks.pop();
                }
                Op::PushExcInfo => {
                    let e = $vm.top();
                    $vm.handling.push(e);
                }
                Op::PopExcept => {
                    $vm.handling.pop();
                }
                Op::MatchExc => {
                    let cls = $vm.top();
                    let e = $vm.stack[$vm.stack.len() - 2];
                    let m = $vm.exception_matches(e, cls)?;
                    *$vm.stack.last_mut().expect("stack") = Value::Bool(m);
                }
                Op::Raise(n) => {
                    let e = match n {
                        0 => match $vm.handling.last() {
                            Some(e) => {
                                $vm.reraising = true;
                                Exc(e.as_obj().expect("exception"))
                            }
                            None => return Err($vm.err("RuntimeError", "No active exception to reraise")),
                        },
                        1 => {
                            let v = $vm.pop();
                            $vm.make_exception(v)?
                        }
                        _ => {
                            let cause = $vm.pop();
                            let v = $vm.pop();
                            let e = $vm.make_exception(v)?;
                            let cause = if let Value::None = cause { Value::None } else { Value::Obj($vm.make_exception(cause)?.0) };
                            $vm.set_cause(e, cause);
                            e
                        }
                    };
                    return Err(e);
                }
                Op::Reraise => {
                    let v = $vm.pop();
                    $vm.reraising = true;
                    return Err(Exc(v.as_obj().expect("exception")));
                }
                Op::SetupWith(t) => {
                    let mgr = $vm.pop();
                    $vm.stack.push(mgr);
                    let exit = $vm.get_attr(mgr, "__exit__")?;
                    let enter = $vm.get_attr(mgr, "__enter__")?;
                    let n = $vm.stack.len();
                    $vm.stack[n - 1] = exit;
                    $vm.blocks.push(Block { handler: t, sp: $vm.stack.len() as u32, handling: $vm.handling.len() as u32 });
                    $vm.stack.push(enter);
                    let r = $vm.call(enter, &[], &[])?;
                    $vm.pop();
                    $vm.stack.push(r);
                }
                Op::WithExcept => {
                    let n = $vm.stack.len();
                    let (exit, e) = ($vm.stack[n - 2], $vm.stack[n - 1]);
                    let ty = Value::Obj($vm.type_of(e));
                    $vm.handling.push(e);
                    let r = $vm.call(exit, &[ty, e, Value::None], &[]);
                    $vm.handling.pop();
                    let t = $vm.truthy(r?)?;
                    $vm.stack.push(Value::Bool(t));
                }
                Op::Yield => {
                    let v = $vm.pop();
                    return Ok(Step::Done(Exit::Yield(v)));
                }
                Op::YieldFrom => {
                    let sent = $vm.pop();
                    let it = $vm.top();
                    match $vm.send(it, sent)? {
                        iter::SendResult::Yielded(v) => {
                            *$ip -= 1;
                            return Ok(Step::Done(Exit::Yield(v)));
                        }
                        iter::SendResult::Returned(v) => {
                            *$vm.stack.last_mut().expect("stack") = v;
                        }
                    }
                }
                Op::ImportName(n) => {
                    let m = $vm.import(&code.names[n as usize])?;
                    $vm.stack.push(m);
                }
                Op::ImportFrom(n) => {
                    let m = $vm.top();
                    let name = &code.names[n as usize];
                    let v = match $vm.get_attr(m, name) {
                        Ok(v) => v,
                        Err(_) => {
                            let mname = $vm.repr(m)?;
                            return Err($vm.err("ImportError", &format!("cannot import name '{name}' from {mname}")));
                        }
                    };
                    $vm.stack.push(v);
                }
                Op::ImportStar => {
                    let m = $vm.pop();
                    if let Value::Obj(r) = m {
                        if let Obj::Module { dict, .. } = $vm.heap.get(r) {
                            let dict = *dict;
                            let entries: Vec<(Value, Value)> = match $vm.heap.get(dict) {
                                Obj::Dict(d) => d.iter().map(|e| (e.key, e.value)).collect(),
                                _ => Vec::new(),
                            };
                            let ns = $f.locals.unwrap_or($f.globals);
                            for (k, v) in entries {
                                if !$vm.as_str(k).map(|s| s.starts_with('_')).unwrap_or(true) {
                                    $vm.dict_set(ns, k, v)?;
                                }
                            }
                        }
                    }
                }
                Op::AssertFail(n) => {
                    let msg = if n == 1 { Some($vm.pop()) } else { None };
                    let cls = $vm.ty("AssertionError");
                    let args: Vec<Value> = msg.into_iter().collect();
                    let e = $vm.call(Value::Obj(cls), &args, &[])?;
                    return Err(Exc(e.as_obj().expect("exception")));
                }
                Op::Unsupported(n) => {
                    let line = code.line_of(*$ip - 1);
                    let feature = &code.names[n as usize];
                    return Err($vm.err("NotImplementedError", &format!("hilt does not support {feature} yet (line {line})")));
                }
            }
    }};
}

impl Vm {
    pub fn new(argv: Vec<String>, script_dir: PathBuf) -> Vm {
        let stress = std::env::var("HILT_GC_STRESS").map(|v| v == "1").unwrap_or(false);
        let mut heap = Heap::new(stress);
        let builtins = heap.alloc(Obj::Dict(Default::default()));
        heap.pin(builtins);
        let modules = heap.alloc(Obj::Dict(Default::default()));
        heap.pin(modules);
        let mut vm = Vm {
            heap,
            stack: Vec::with_capacity(1 << 14),
            blocks: Vec::new(),
            handling: Vec::new(),
            temp_roots: Vec::new(),
            drain_base: usize::MAX,
            types: Types::default(),
            builtins,
            modules,
            depth: 0,
            recursion_limit: 1000,
            script_dir,
            argv,
            out: std::io::BufWriter::with_capacity(1 << 16, std::io::stdout()),
            sources: HashMap::new(),
            reraising: false,
            rng: crate::stdlib::random::Mt19937::new(),
            start_time: std::time::Instant::now(),
            repr_guard: Vec::new(),
            type_cache: Default::default(),
            static_type_cache: (0..attr::STATIC_LOOKUPS).map(|_| Default::default()).collect(),
            shapes: Default::default(),
            attr_epoch: 1,
            scratch_slice: ObjRef(0),
            ascii_chars: Vec::new(),
            hpy: Default::default(),
            jit: crate::jit::Jit::from_env(),
        };
        vm.scratch_slice = vm.heap.alloc(Obj::Slice { start: Value::None, stop: Value::None, step: Value::None });
        vm.heap.pin(vm.scratch_slice);
        for b in 0u8..128 {
            let r = vm.heap.alloc(Obj::Str(PyStr::new((b as char).to_string())));
            vm.heap.pin(r);
            vm.ascii_chars.push(Value::Obj(r));
        }
        crate::builtins::setup(&mut vm);
        vm.types.hot = HOT_TYPES.iter().map(|n| vm.ty(n)).collect();
        crate::stdlib::register(&mut vm);
        vm
    }

    // ---- small helpers used everywhere ----

    pub fn alloc(&mut self, o: Obj) -> Value {
        Value::Obj(self.heap.alloc(o))
    }
    pub fn new_str(&mut self, s: impl Into<std::rc::Rc<str>>) -> Value {
        self.alloc(Obj::Str(PyStr::new(s)))
    }
    /// A one-character str (shared for ASCII).
    pub fn char_str(&mut self, c: char) -> Value {
        if c.is_ascii() {
            return self.ascii_chars[c as usize];
        }
        let mut buf = [0u8; 4];
        self.new_str(&*c.encode_utf8(&mut buf))
    }
    pub fn new_tuple(&mut self, v: Vec<Value>) -> Value {
        self.alloc(Obj::Tuple(v))
    }
    pub fn new_list(&mut self, v: Vec<Value>) -> Value {
        self.alloc(Obj::List(v))
    }
    pub fn new_dict(&mut self) -> ObjRef {
        self.heap.alloc(Obj::Dict(Default::default()))
    }
    /// `format(v, "")` (an f-string's `{v}`) of a value whose text takes
    /// no Python code: a str (itself), an int, a float or a bool; None
    /// for any other value.
    pub(crate) fn format_plain(&mut self, v: Value) -> Option<Value> {
        match v {
            Value::Obj(r) if matches!(self.heap.get(r), Obj::Str(_)) => Some(v),
            Value::Int(n) => Some(self.new_str(n.to_string())),
            Value::Float(_) | Value::Bool(_) => {
                let s = self.repr(v).ok()?;
                Some(self.new_str(s))
            }
            _ => None,
        }
    }

    /// An empty dict with room for `n` entries.
    pub fn new_dict_sized(&mut self, n: usize) -> ObjRef {
        self.heap.alloc(Obj::Dict(crate::object::dict::Dict::with_capacity(n)))
    }
    /// A builtin class by name (set up at start).
    pub fn ty(&self, name: &str) -> ObjRef {
        self.types.map[name]
    }
    /// The str content of a value, if it is a str.
    pub fn as_str(&self, v: Value) -> Option<&str> {
        match v {
            Value::Obj(r) => match self.heap.get(r) {
                Obj::Str(s) => Some(&s.s),
                _ => None,
            },
            _ => None,
        }
    }

    pub fn flush(&mut self) {
        let _ = self.out.flush();
    }

    /// Collect garbage: roots are the VM's stacks and registries.
    pub fn collect_garbage(&mut self) {
        // Cached lookups may name classes this collection frees.
        self.type_cache.borrow_mut().clear();
        self.attr_epoch += 1;
        let roots = self
            .stack
            .iter()
            .chain(self.handling.iter())
            .chain(self.temp_roots.iter())
            .copied()
            .chain([Value::Obj(self.builtins), Value::Obj(self.modules)])
            .chain(self.hpy.roots())
            .chain(self.jit.pinned.get_mut().iter().map(|r| Value::Obj(*r)));
        self.heap.collect(roots);
        self.hpy.after_collection(&self.heap);
        self.jit.forget_extension_callees();
    }

    // ---- running code ----

    /// Run a module's code with `globals` as its namespace.
    pub fn run_module_code(&mut self, code: Rc<Code>, globals: ObjRef) -> PyResult<Value> {
        let base = self.stack.len();
        // Keep the globals dict rooted while the module runs.
        self.stack.push(Value::Obj(globals));
        let base = base + 1;
        let frame = Frame { code, func: Value::None, globals, locals: Some(globals), base, blocks_base: self.blocks.len(), handling_base: self.handling.len() };
        let r = self.run_frame(&frame, 0);
        self.stack.truncate(base - 1);
        match r {
            Ok((Exit::Return(v), _)) => Ok(v),
            Ok((Exit::Yield(_), _)) => Err(self.err("SyntaxError", "'yield' outside function")),
            Err(e) => Err(e),
        }
    }

    /// Run a frame from `ip` until it returns or yields; handles exceptions
    /// raised inside it with its own blocks.
    #[inline]
    pub fn run_frame(&mut self, f: &Frame, ip: usize) -> PyResult<(Exit, usize)> {
        self.run_frame_with(f, ip, None)
    }

    /// `run_frame`, raising `thrown` first as if the instruction before
    /// `ip` had raised it (a generator resumed by `throw`).
    pub fn run_frame_with(&mut self, f: &Frame, ip: usize, thrown: Option<Exc>) -> PyResult<(Exit, usize)> {
        self.enter_frame()?;
        // Machine code for this frame's code, when the JIT has it (counting
        // this call towards making it). Such a frame stays in machine code,
        // so it runs a loop without the interpreter inlined.
        let r = match crate::jit::on_call(self, &f.code) {
            Some(func) => self.jitted_frame_loop(f, ip, thrown.map(Err), func),
            None => self.frame_loop(f, ip, thrown),
        };
        self.depth -= 1;
        r
    }

    /// One frame deeper (the caller goes back up with `depth -= 1`), or
    /// RecursionError at the limit.
    #[inline]
    pub(crate) fn enter_frame(&mut self) -> PyResult<()> {
        if self.depth >= self.recursion_limit {
            return Err(self.err("RecursionError", "maximum recursion depth exceeded"));
        }
        self.depth += 1;
        Ok(())
    }

    /// The frame's instructions, interpreted until a loop turns hot and
    /// the JIT takes the frame over.
    fn frame_loop(&mut self, f: &Frame, mut ip: usize, mut thrown: Option<Exc>) -> PyResult<(Exit, usize)> {
        let mut jitted = None;
        loop {
            let step = match (thrown.take(), jitted) {
                (Some(e), _) => Err(e),
                (None, Some(func)) => self.run_jitted(func, f, &mut ip),
                (None, None) => {
                    // A copy whose address reaches only the inlined loop,
                    // so the compiler keeps it in a register (`ip` itself
                    // is lent to `run_jitted`, so it lives in memory).
                    let mut at = ip;
                    let r = self.exec(f, &mut at);
                    ip = at;
                    r
                }
            };
            match step {
                Ok(Step::Done(exit)) => return Ok((exit, ip)),
                Ok(Step::Next | Step::Hot) => jitted = crate::jit::on_hot_loop(self, &f.code),
                Err(e) => self.to_handler(f, e, &mut ip)?,
            }
        }
    }

    /// The frame's machine code `func`, from `ip` (after taking `first`
    /// as the outcome of the instruction before it, when given).
    #[inline(never)]
    pub(crate) fn jitted_frame_loop(&mut self, f: &Frame, mut ip: usize, mut first: Option<PyResult<Step>>, func: crate::jit::JitFn) -> PyResult<(Exit, usize)> {
        loop {
            let step = match first.take() {
                Some(s) => s,
                None => self.run_jitted(func, f, &mut ip),
            };
            match step {
                Ok(Step::Done(exit)) => return Ok((exit, ip)),
                Ok(Step::Next | Step::Hot) => {}
                Err(e) => self.to_handler(f, e, &mut ip)?,
            }
        }
    }

    /// Exception `e` was raised by the instruction before `ip`: record it
    /// in the traceback and go to the frame's innermost handler (`ip` set
    /// to it, the exception pushed), or give it back when the frame has
    /// none (its blocks dropped).
    #[inline]
    fn to_handler(&mut self, f: &Frame, e: Exc, ip: &mut usize) -> PyResult<()> {
        if !std::mem::take(&mut self.reraising) {
            let line = f.code.line_of(ip.saturating_sub(1));
            self.add_traceback(e, &f.code, line);
        }
        if let Some(h) = self.handling.last().copied() {
            self.set_context(e, h);
        }
        if self.blocks.len() > f.blocks_base {
            let b = self.blocks.pop().expect("block");
            self.stack.truncate(b.sp as usize);
            self.handling.truncate(b.handling as usize);
            self.stack.push(Value::Obj(e.0));
            *ip = b.handler as usize;
            return Ok(());
        }
        self.blocks.truncate(f.blocks_base);
        self.handling.truncate(f.handling_base);
        Err(e)
    }

    #[inline(always)]
    fn pop(&mut self) -> Value {
        self.stack.pop().expect("value stack underflow")
    }
    #[inline(always)]
    fn top(&self) -> Value {
        *self.stack.last().expect("value stack underflow")
    }

    /// The instruction loop proper. Inlined into its one caller,
    /// `run_frame`, so that `ip` is a local the compiler keeps in a register
    /// (through the reference it was stored and reloaded per instruction).
    #[inline(always)]
    fn exec(&mut self, f: &Frame, ip: &mut usize) -> PyResult<Step> {
        loop {
            instruction!(self, f, ip, continue);
        }
    }

    /// Interpret from `*ip`, at least one instruction, until the frame is
    /// done or reaches an ip where `stop` is true: the interpreter's loop
    /// for the JIT (`jit::runtime::rt_step` stops at the machine code's
    /// entries). `Step::Next` when it stopped.
    pub(crate) fn exec_until(&mut self, f: &Frame, ip: &mut usize, stop: &[bool]) -> PyResult<Step> {
        let mut first = true;
        loop {
            if !first && stop.get(*ip).copied().unwrap_or(true) {
                return Ok(Step::Next);
            }
            first = false;
            instruction!(self, f, ip, continue);
        }
    }

    /// `x[a:b]` read or written right after `BuildSlice` (the next op),
    /// when `x` is a list, tuple or str: done here through the scratch
    /// slice instead of allocating one (see [`Vm::slice_through_scratch`]).
    /// Returns whether it was done.
    fn slice_in_place(&mut self, next: Option<Op>, start: Value, stop: Value, step: Value) -> PyResult<bool> {
        let n = self.stack.len();
        let (seq_at, store) = match next {
            Some(Op::Subscr) => (n - 1, None),
            Some(Op::StoreSubscr) => (n - 1, Some(self.stack[n - 2])),
            _ => return Ok(false),
        };
        match self.slice_through_scratch(self.stack[seq_at], [start, stop, step], store)? {
            None => Ok(false),
            Some(v) => {
                if store.is_some() {
                    self.stack.truncate(n - 2);
                } else {
                    self.stack[seq_at] = v;
                }
                Ok(true)
            }
        }
    }

    /// `seq[start:stop:step]` read (`store` None: the slice returned) or
    /// assigned `store` (None returned) through the scratch slice, when
    /// `seq` is a list, tuple or str (reading) or a list given a list or
    /// tuple (assigning): those types neither keep the slice nor run
    /// Python code while slicing, which could reuse the scratch. `Ok(None)`
    /// for anything else.
    pub(crate) fn slice_through_scratch(&mut self, seq: Value, [start, stop, step]: [Value; 3], store: Option<Value>) -> PyResult<Option<Value>> {
        let Value::Obj(o) = seq else { return Ok(None) };
        let ok = match (store, self.heap.get(o)) {
            (None, Obj::List(_) | Obj::Tuple(_) | Obj::Str(_)) => true,
            // Only from a list or tuple: collecting another iterable could
            // run Python code that slices too, reusing the scratch slice.
            (Some(v), Obj::List(_)) => matches!(v, Value::Obj(v) if matches!(self.heap.get(v), Obj::List(_) | Obj::Tuple(_))),
            _ => false,
        };
        if !ok {
            return Ok(None);
        }
        // Ints and Nones as bounds, a nonzero step: a list's or tuple's
        // items are copied out, or a list's range replaced with step 1,
        // without a slice object or the generic item protocol.
        let bound = |v: Value| match v {
            Value::None => Some(None),
            Value::Int(i) => Some(Some(i)),
            _ => None,
        };
        if let (Some(a), Some(b), Some(st)) = (bound(start), bound(stop), bound(step)) {
            let st = st.unwrap_or(1);
            match (store, self.heap.get(o)) {
                (None, Obj::List(xs) | Obj::Tuple(xs)) if st != 0 => {
                    let (a, b) = Vm::clamp_slice(xs.len(), a, b, st);
                    let items = Vm::slice_items(xs, a, b, st);
                    let list = matches!(self.heap.get(o), Obj::List(_));
                    return Ok(Some(if list { self.new_list(items) } else { self.new_tuple(items) }));
                }
                (Some(Value::Obj(v)), Obj::List(xs)) if st == 1 => {
                    let (a, b) = Vm::clamp_slice(xs.len(), a, b, 1);
                    let items = match self.heap.get(v) {
                        Obj::List(ys) | Obj::Tuple(ys) => ys.clone(),
                        _ => unreachable!("checked above: a list or tuple"),
                    };
                    if let Obj::List(xs) = self.heap.get_mut(o) {
                        xs.splice(a as usize..b.max(a) as usize, items);
                    }
                    return Ok(Some(Value::None));
                }
                _ => {}
            }
        }
        let sl = self.scratch_slice;
        if let Obj::Slice { start: a, stop: b, step: c } = self.heap.get_mut(sl) {
            (*a, *b, *c) = (start, stop, step);
        }
        let r = match store {
            None => self.get_item(seq, Value::Obj(sl)),
            Some(v) => self.set_item(seq, Value::Obj(sl), v).map(|()| Value::None),
        };
        if let Obj::Slice { start: a, stop: b, step: c } = self.heap.get_mut(sl) {
            (*a, *b, *c) = (Value::None, Value::None, Value::None);
        }
        r.map(Some)
    }

    /// `LoadName(n)`: the code's `n`th name in the frame's namespace, else
    /// its globals, else the builtins; None when it is bound in none of them.
    #[inline(always)]
    pub(crate) fn load_name_hit(&self, f: &Frame, n: usize) -> Option<Value> {
        // Module code has no namespace of its own: its globals are looked
        // at once.
        let ns = f.locals.unwrap_or(f.globals);
        if let Some(i) = self.name_slot(&f.code, n, ns) {
            return Some(self.dict_of(ns).entry(i).value);
        }
        let name = &f.code.names[n];
        if let Some(i) = self.dict_find_str(ns, name) {
            remember_name(&f.code, n, ns, i);
            return Some(self.dict_of(ns).entry(i).value);
        }
        f.locals.and_then(|_| self.dict_get_str(f.globals, name)).or_else(|| self.dict_get_str(self.builtins, name))
    }

    /// `StoreName(n)`: `v` bound to the code's `n`th name in the frame's
    /// namespace.
    pub(crate) fn store_name(&mut self, f: &Frame, n: usize, v: Value) -> PyResult<()> {
        let ns = f.locals.unwrap_or(f.globals);
        if let Some(i) = self.name_slot(&f.code, n, ns) {
            self.dict_of_mut(ns).set_value(i, v);
            return Ok(());
        }
        let i = self.dict_set_str_at(ns, &f.code.names[n], v)?;
        remember_name(&f.code, n, ns, i);
        Ok(())
    }

    /// Where the code's `n`th name is in namespace `ns`, if its slot says
    /// so: the entry there live and keyed by that name (then it is the
    /// name's binding, whatever happened to the dict meanwhile).
    #[inline]
    fn name_slot(&self, code: &Code, n: usize, ns: ObjRef) -> Option<usize> {
        let slot = code.name_slots.get(n)?.get();
        if slot.dict != ns.0 {
            return None;
        }
        let e = self.dict_of(ns).live_entry(slot.index as usize)?;
        (self.as_str(e.key)? == &*code.names[n]).then_some(slot.index as usize)
    }

    /// `LoadGlobal`'s inline cache hit (two version checks), or None.
    #[inline(always)]
    pub(crate) fn load_global_hit(&self, f: &Frame, c: u32) -> Option<Value> {
        let e = f.code.caches[c as usize].get();
        if e.version == 0 {
            return None;
        }
        let Obj::Dict(g) = self.heap.get(f.globals) else { return None };
        if g.version != e.version {
            return None;
        }
        if e.key == 0 {
            return Some(g.entry(e.index as usize).value);
        }
        match self.heap.get(self.builtins) {
            Obj::Dict(b) if b.version == e.version2 => Some(b.entry(e.index as usize).value),
            _ => None,
        }
    }

    /// `o[k]` for a list, tuple or ASCII str and an in-range small int, or
    /// a dict holding an int or str key (no allocation, no Python code),
    /// or None.
    #[inline(always)]
    pub(crate) fn subscr_hit(&self, o: Value, k: Value) -> Option<Value> {
        let Value::Obj(r) = o else { return None };
        match (self.heap.get(r), k) {
            (Obj::List(xs) | Obj::Tuple(xs), Value::Int(i)) => {
                let j = if i < 0 { i + xs.len() as i64 } else { i };
                if j >= 0 && (j as usize) < xs.len() { Some(xs[j as usize]) } else { None }
            }
            (Obj::Str(s), Value::Int(i)) if s.is_ascii() => {
                let j = if i < 0 { i + s.chars as i64 } else { i };
                if j >= 0 && (j as usize) < s.chars { Some(self.ascii_chars[s.s.as_bytes()[j as usize] as usize]) } else { None }
            }
            (Obj::Dict(d), _) => self.dict_get_plain(d, k),
            _ => None,
        }
    }

    /// `o[k] = v` for a list and an in-range small int, or a dict and an
    /// int or str key (`dict_set_plain`); whether it was done.
    #[inline(always)]
    pub(crate) fn store_subscr_hit(&mut self, o: Value, k: Value, v: Value) -> bool {
        let Value::Obj(r) = o else { return false };
        match (self.heap.get_mut(r), k) {
            (Obj::List(xs), Value::Int(i)) => {
                let j = if i < 0 { i + xs.len() as i64 } else { i };
                if j >= 0 && (j as usize) < xs.len() {
                    xs[j as usize] = v;
                    true
                } else {
                    false
                }
            }
            (Obj::Dict(_), _) => self.dict_set_plain(r, k, v),
            _ => false,
        }
    }

    /// `LoadGlobal` with its inline cache: a hit costs two version checks.
    fn load_global(&mut self, f: &Frame, n: u32, c: u32) -> PyResult<Value> {
        if let Some(v) = self.load_global_hit(f, c) {
            return Ok(v);
        }
        let cache = &f.code.caches[c as usize];
        let name = &f.code.names[n as usize];
        if let Some(i) = self.dict_find_str(f.globals, name) {
            if let Obj::Dict(g) = self.heap.get(f.globals) {
                cache.set(CacheEntry { version: g.version, version2: 0, key: 0, index: i as u32 });
                return Ok(g.entry(i).value);
            }
        }
        if let Some(i) = self.dict_find_str(self.builtins, name) {
            let gv = match self.heap.get(f.globals) {
                Obj::Dict(g) => g.version,
                _ => 0,
            };
            if let Obj::Dict(b) = self.heap.get(self.builtins) {
                cache.set(CacheEntry { version: gv, version2: b.version, key: 1, index: i as u32 });
                return Ok(b.entry(i).value);
            }
        }
        Err(self.err("NameError", &format!("name '{name}' is not defined")))
    }

    fn make_function(&mut self, f: &Frame, code: &Rc<Code>, flags: u32) -> Value {
        let n = self.stack.len();
        let parts = make_function_parts(flags);
        let v = self.new_function(f.globals, code, flags, &self.stack[n - parts..].to_vec());
        self.stack.truncate(n - parts);
        v
    }

    /// `MakeFunction`'s function of `code` in `globals`, from the parts
    /// `flags` says are on the stack (`parts`, in stack order: defaults
    /// tuple, keyword-only defaults dict, closure tuple, each if flagged).
    pub(crate) fn new_function(&mut self, globals: ObjRef, code: &Rc<Code>, flags: u32, parts: &[Value]) -> Value {
        let mut parts = parts.iter().copied();
        let defaults = if flags & 1 != 0 { parts.next().map_or_else(Vec::new, |t| self.tuple_items(t)) } else { Vec::new() };
        let kwdefaults = match (flags & 2 != 0).then(|| parts.next()).flatten() {
            Some(Value::Obj(r)) => match self.heap.get(r) {
                Obj::Dict(d) => d.iter().map(|e| (Rc::from(self.as_str(e.key).unwrap_or("")), e.value)).collect(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        let closure = if flags & 4 != 0 { parts.next().map_or_else(Vec::new, |t| self.tuple_items(t)) } else { Vec::new() };
        self.alloc(Obj::Function(Box::new(crate::object::Function {
            code: code.clone(),
            globals,
            defaults,
            kwdefaults,
            closure,
            name: code.name.clone(),
            qualname: code.qualname.clone(),
            dict: None,
        })))
    }

    /// Items of a tuple or list value (empty otherwise).
    pub fn tuple_items(&self, v: Value) -> Vec<Value> {
        match v {
            Value::Obj(r) => match self.heap.get(r) {
                Obj::Tuple(xs) | Obj::List(xs) => xs.clone(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    fn unpack(&mut self, v: Value, before: usize, after: Option<usize>) -> PyResult<Vec<Value>> {
        let Some(items) = self.try_collect_iter(v)? else {
            let t = self.type_name(v);
            return Err(self.err("TypeError", &format!("cannot unpack non-iterable {t} object")));
        };
        match after {
            None => {
                if items.len() != before {
                    return Err(if items.len() > before {
                        self.err("ValueError", &format!("too many values to unpack (expected {before})"))
                    } else {
                        self.err("ValueError", &format!("not enough values to unpack (expected {before}, got {})", items.len()))
                    });
                }
                Ok(items)
            }
            Some(after) => {
                if items.len() < before + after {
                    return Err(self.err("ValueError", &format!("not enough values to unpack (expected at least {}, got {})", before + after, items.len())));
                }
                let mid = items[before..items.len() - after].to_vec();
                let l = self.new_list(mid);
                let mut out = items[..before].to_vec();
                out.push(l);
                out.extend_from_slice(&items[items.len() - after..]);
                Ok(out)
            }
        }
    }

    /// Import a module: builtin modules, then `<name>.py` next to the script.
    pub fn import(&mut self, name: &str) -> PyResult<Value> {
        let top = name.split('.').next().unwrap_or(name);
        if let Some(m) = self.dict_get_str(self.modules, top) {
            return Ok(m);
        }
        if let Some(m) = crate::stdlib::make_module(self, top)? {
            let key = self.new_str(top);
            self.dict_set(self.modules, key, m)?;
            return Ok(m);
        }
        let path = match self.find_module(top) {
            Some(crate::hpy::loader::Found::Source(p)) => p,
            Some(crate::hpy::loader::Found::Extension(p)) => {
                let m = self.load_extension(top, &p)?;
                let key = self.new_str(top);
                self.temp_roots.push(m);
                let r = self.dict_set(self.modules, key, m);
                self.temp_roots.pop();
                r?;
                return Ok(m);
            }
            Some(crate::hpy::loader::Found::Foreign(p)) => {
                let msg = format!(
                    "hilt: {}: needs CPython: it is not a universal HPy binary (expected '{top}.{}.so'); the Hilt VM runs universal HPy binaries only",
                    p.display(),
                    hilt_abi::version::ABI_TAG
                );
                return Err(self.err("ImportError", &msg));
            }
            None => return Err(self.err("ModuleNotFoundError", &format!("No module named '{top}'"))),
        };
        let Ok(src) = std::fs::read_to_string(&path) else {
            return Err(self.err("ModuleNotFoundError", &format!("No module named '{top}'")));
        };
        let filename = path.display().to_string();
        let globals = self.new_dict();
        let module = self.alloc(Obj::Module { name: top.into(), dict: globals });
        let key = self.new_str(top);
        self.temp_roots.push(module);
        self.dict_set(self.modules, key, module)?;
        self.temp_roots.pop();
        let n = self.new_str(top);
        self.dict_set_str(globals, "__name__", n)?;
        let code = self.compile(&src, &filename)?;
        self.run_module_code(code, globals)?;
        Ok(module)
    }

    /// Compile source, turning a compile error into a Python SyntaxError.
    pub fn compile(&mut self, src: &str, filename: &str) -> PyResult<Rc<Code>> {
        self.sources.insert(filename.into(), src.into());
        match crate::compile::compile_module(src, filename, &mut self.heap) {
            Ok(c) => Ok(c),
            Err(e) => {
                let exc = self.err("SyntaxError", &e.msg);
                self.add_traceback(exc, &Rc::new(dummy_code(filename)), e.line);
                Err(exc)
            }
        }
    }

    pub fn dict_items_of(&self, d: ObjRef, kind: DictIterKind) -> Vec<Value> {
        let _ = kind;
        match self.heap.get(d) {
            Obj::Dict(d) => d.iter().map(|e| e.key).collect(),
            _ => Vec::new(),
        }
    }
}

/// A code object standing for a file in a SyntaxError's traceback.
fn dummy_code(filename: &str) -> Code {
    Code {
        name: "<module>".into(),
        qualname: "<module>".into(),
        filename: filename.into(),
        kind: CodeKind::Module,
        ops: Vec::new(),
        lines: Vec::new(),
        consts: Vec::new(),
        names: Vec::new(),
        codes: Vec::new(),
        varnames: Vec::new(),
        cell_slots: Vec::new(),
        free_slots: Vec::new(),
        argcount: 0,
        posonly: 0,
        kwonly: 0,
        varargs: false,
        varkw: false,
        is_generator: false,
        first_line: 1,
        caches: Vec::new(),
        name_slots: Box::new([]),
        jit: Default::default(),
    }
}

/// The code's `n`th name was found at entry `i` of namespace `ns`
/// (see `Vm::name_slot`).
fn remember_name(code: &Code, n: usize, ns: ObjRef, i: usize) {
    if let Some(slot) = code.name_slots.get(n) {
        slot.set(crate::compile::bytecode::NameSlot { dict: ns.0, index: i as u32 });
    }
}

/// How many values `MakeFunction` with `flags` takes off the stack.
pub(crate) fn make_function_parts(flags: u32) -> usize {
    (flags & 7).count_ones() as usize
}
