//! The builtins module: builtin classes (with their constructors), the
//! exception hierarchy, and builtin functions (`print`, `len`, `sorted`, ...).
//! Methods of builtin types live in `methods`; text conversion in `format`.

pub mod codecs;
pub mod format;
pub mod methods;
pub mod numconv;

use std::rc::Rc;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::interp::{PyResult, Vm};
use crate::object::{Class, IterState, NativeFn, NativeFunc, Obj, ObjRef, TypeKind, Value};

pub type Kw<'a> = &'a [(Rc<str>, Value)];

/// Length of a range object.
pub fn range_len(o: &Obj) -> usize {
    let Obj::Range { start, stop, step } = o else { return 0 };
    let (a, b, s) = (*start as i128, *stop as i128, *step as i128);
    let n = if s > 0 { (b - a + s - 1) / s } else { (a - b - s - 1) / -s };
    n.max(0) as usize
}

/// A keyword argument by name.
pub fn kwarg(kw: Kw, name: &str) -> Option<Value> {
    kw.iter().find(|(n, _)| &**n == name).map(|(_, v)| *v)
}

impl Vm {
    pub fn native(&mut self, name: &'static str, func: NativeFn) -> Value {
        let r = self.heap.alloc(Obj::Native(NativeFunc { name, func, bound: None }));
        self.heap.pin(r);
        Value::Obj(r)
    }

    /// Define a native function in a dict-bearing object (module dict, class).
    pub fn def(&mut self, target: ObjRef, name: &'static str, func: NativeFn) {
        let f = self.native(name, func);
        self.dict_set_str(target, name.rsplit('.').next().unwrap_or(name), f).expect("define builtin");
    }

    pub(crate) fn make_type(&mut self, name: &'static str, base: Option<ObjRef>, kind: TypeKind) -> ObjRef {
        let dict = self.new_dict();
        self.heap.pin(dict);
        let mut mro = Vec::new();
        if let Some(b) = base {
            if let Obj::Class(c) = self.heap.get(b) {
                mro = c.mro.clone();
            }
        }
        let cls = self.heap.alloc(Obj::Class(Class { name: name.into(), bases: base.into_iter().collect(), mro: Vec::new(), dict, kind, version: 0, hpy: None, dictless: false, builtin: true }));
        self.heap.pin(cls);
        if let Obj::Class(c) = self.heap.get_mut(cls) {
            let mut m = vec![cls];
            m.extend(mro);
            c.mro = m;
        }
        let modname = self.new_str("builtins");
        self.dict_set_str(dict, "__module__", modname).expect("module name");
        self.types.map.insert(name, cls);
        cls
    }

    /// Positional argument `i`, or a TypeError naming the function.
    pub fn arg(&mut self, args: &[Value], i: usize, fname: &str) -> PyResult<Value> {
        match args.get(i) {
            Some(v) => Ok(*v),
            None => Err(self.err("TypeError", &format!("{fname}() missing required argument (pos {})", i + 1))),
        }
    }

    pub fn int_arg(&mut self, v: Value, what: &str) -> PyResult<i64> {
        match v {
            Value::Int(i) => Ok(i),
            Value::Bool(b) => Ok(b as i64),
            Value::Obj(r) if matches!(self.heap.get(r), Obj::BigInt(_)) => Err(self.err("OverflowError", "Python int too large to convert to C ssize_t")),
            _ => {
                let t = self.type_name(v);
                Err(self.err("TypeError", &format!("'{t}' object cannot be interpreted as an integer{what}")))
            }
        }
    }

    pub fn len(&mut self, v: Value) -> PyResult<usize> {
        if let Value::Obj(r) = v {
            let n = match self.heap.get(r) {
                Obj::Str(s) => Some(s.chars),
                Obj::Bytes(b) => Some(b.len()),
                Obj::Tuple(x) | Obj::List(x) => Some(x.len()),
                Obj::Dict(d) | Obj::Set { items: d, .. } => Some(d.len()),
                Obj::Range { .. } => Some(range_len(self.heap.get(r))),
                Obj::DictView { dict, .. } => Some(self.dict_len(*dict)),
                Obj::Instance(i) => {
                    let cls = i.class;
                    if let Some(m) = self.lookup_type(cls, "__len__") {
                        let n = self.call(m, &[v], &[])?;
                        return match n {
                            Value::Int(i) if i >= 0 => Ok(i as usize),
                            Value::Int(_) => Err(self.err("ValueError", "__len__() should return >= 0")),
                            _ => Err(self.err("TypeError", "'__len__' returned a non-integer")),
                        };
                    }
                    None
                }
                _ => None,
            };
            if let Some(n) = n {
                return Ok(n);
            }
        }
        let t = self.type_name(v);
        Err(self.err("TypeError", &format!("object of type '{t}' has no len()")))
    }

    /// Stable merge sort with a fallible, possibly Python-level, comparison.
    pub fn sort_values(&mut self, items: &mut [Value], keys: Option<&mut [Value]>, reverse: bool) -> PyResult<()> {
        let n = items.len();
        let mut idx: Vec<usize> = (0..n).collect();
        let keyv: Vec<Value> = match &keys {
            Some(k) => k.to_vec(),
            None => items.to_vec(),
        };
        let mut buf = idx.clone();
        let mut width = 1;
        while width < n {
            let mut i = 0;
            while i < n {
                let mid = (i + width).min(n);
                let hi = (i + 2 * width).min(n);
                let (mut a, mut b, mut o) = (i, mid, i);
                while a < mid && b < hi {
                    // Take from the right run only if strictly smaller: stable.
                    let (x, y) = (keyv[idx[b]], keyv[idx[a]]);
                    let less = if reverse { self.less(y, x)? } else { self.less(x, y)? };
                    if less {
                        buf[o] = idx[b];
                        b += 1;
                    } else {
                        buf[o] = idx[a];
                        a += 1;
                    }
                    o += 1;
                }
                while a < mid {
                    buf[o] = idx[a];
                    a += 1;
                    o += 1;
                }
                while b < hi {
                    buf[o] = idx[b];
                    b += 1;
                    o += 1;
                }
                i += 2 * width;
            }
            std::mem::swap(&mut idx, &mut buf);
            width *= 2;
        }
        let orig = items.to_vec();
        for (o, i) in idx.iter().enumerate() {
            items[o] = orig[*i];
        }
        Ok(())
    }

    pub fn less(&mut self, a: Value, b: Value) -> PyResult<bool> {
        if let (Value::Int(x), Value::Int(y)) = (a, b) {
            return Ok(x < y);
        }
        let r = self.compare(crate::compile::bytecode::CmpOp::Lt, a, b)?;
        self.truthy(r)
    }

    /// Sort a list object in place (`list.sort` and `sorted`).
    pub fn sort_list(&mut self, list: ObjRef, key: Value, reverse: bool) -> PyResult<()> {
        let mut items = match self.heap.get(list) {
            Obj::List(xs) => xs.clone(),
            _ => return Ok(()),
        };
        let mark = self.temp_roots.len();
        let r = (|| {
            let mut keys = None;
            if !matches!(key, Value::None) {
                let mut ks = Vec::with_capacity(items.len());
                for x in &items {
                    let k = self.call(key, &[*x], &[])?;
                    self.temp_roots.push(k);
                    ks.push(k);
                }
                keys = Some(ks);
            }
            match keys {
                Some(mut ks) => {
                    // Sort index pairs so keys and items move together.
                    let mut pairs: Vec<usize> = (0..items.len()).collect();
                    let mut kv: Vec<Value> = pairs.iter().map(|i| ks[*i]).collect();
                    let mut dummy: Vec<Value> = pairs.iter().map(|i| Value::Int(*i as i64)).collect();
                    self.sort_values(&mut dummy, Some(&mut kv), reverse)?;
                    pairs = dummy.iter().map(|v| if let Value::Int(i) = v { *i as usize } else { 0 }).collect();
                    let orig = items.clone();
                    for (o, i) in pairs.iter().enumerate() {
                        items[o] = orig[*i];
                    }
                    ks.clear();
                }
                None => self.sort_values(&mut items, None, reverse)?,
            }
            Ok(())
        })();
        self.temp_roots.truncate(mark);
        r?;
        if let Obj::List(xs) = self.heap.get_mut(list) {
            *xs = items;
        }
        Ok(())
    }
}

// ---- builtin functions ----

fn b_print(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let sep = match kwarg(kw, "sep") {
        Some(Value::None) | None => " ".to_string(),
        Some(s) => vm.to_str(s)?,
    };
    let end = match kwarg(kw, "end") {
        Some(Value::None) | None => "\n".to_string(),
        Some(s) => vm.to_str(s)?,
    };
    let mut line = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            line.push_str(&sep);
        }
        line.push_str(&vm.to_str(*a)?);
    }
    line.push_str(&end);
    use std::io::Write;
    let to_stderr = match kwarg(kw, "file") {
        Some(f) => vm.dict_get_str(vm.modules, "sys").and_then(|sys| vm.get_attr(sys, "stderr").ok()).map(|e| e.is(&f)).unwrap_or(false),
        None => false,
    };
    if to_stderr {
        vm.flush();
        eprint!("{line}");
    } else {
        let _ = vm.out.write_all(line.as_bytes());
        if kwarg(kw, "flush").map(|v| matches!(v, Value::Bool(true))).unwrap_or(false) {
            vm.flush();
        }
    }
    Ok(Value::None)
}

/// Whether native function `f` is the builtin `len` (the JIT's type
/// feedback notes `len(x)` sites).
pub(crate) fn is_len(f: crate::object::NativeFn) -> bool {
    f as usize == b_len as crate::object::NativeFn as usize
}

fn b_len(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let v = vm.arg(args, 0, "len")?;
    Ok(Value::Int(vm.len(v)? as i64))
}

fn b_repr(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let v = vm.arg(args, 0, "repr")?;
    let s = vm.repr(v)?;
    Ok(vm.new_str(s))
}

fn b_ascii(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let v = vm.arg(args, 0, "ascii")?;
    let s = vm.repr(v)?;
    let mut out = String::new();
    for c in s.chars() {
        match c as u32 {
            0..=0x7f => out.push(c),
            0x80..=0xff => out.push_str(&format!("\\x{:02x}", c as u32)),
            0x100..=0xffff => out.push_str(&format!("\\u{:04x}", c as u32)),
            n => out.push_str(&format!("\\U{:08x}", n)),
        }
    }
    Ok(vm.new_str(out))
}

fn b_abs(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let v = vm.arg(args, 0, "abs")?;
    match v {
        Value::Int(i) => match i.checked_abs() {
            Some(a) => Ok(Value::Int(a)),
            None => Ok(vm.int_value(BigInt::from(i).magnitude().clone().into())),
        },
        Value::Bool(b) => Ok(Value::Int(b as i64)),
        Value::Float(f) => Ok(Value::Float(f.abs())),
        _ => {
            if let Some(b) = vm.to_bigint(v) {
                return Ok(vm.int_value(BigInt::from(b.magnitude().clone())));
            }
            let t = vm.type_of(v);
            if let Some(m) = vm.lookup_type(t, "__abs__") {
                return vm.call(m, &[v], &[]);
            }
            let tn = vm.type_name(v);
            Err(vm.err("TypeError", &format!("bad operand type for abs(): '{tn}'")))
        }
    }
}

/// min/max share everything but the direction.
/// `min(...)` / `max(...)` of the arguments, or of one iterable's items.
/// The caller (`b_min`, `b_max`) truncates `temp_roots` after it.
fn min_max(vm: &mut Vm, args: &[Value], kw: Kw, want_max: bool) -> PyResult<Value> {
    let name = if want_max { "max" } else { "min" };
    // Two or more arguments are compared where they are (the caller keeps
    // them rooted); an iterable's items are collected and rooted here.
    let collected;
    let items: &[Value] = if args.len() == 1 {
        collected = vm.collect_iter(args[0])?;
        let holder = vm.new_list(collected.clone());
        vm.temp_roots.push(holder);
        &collected
    } else {
        args
    };
    let key = kwarg(kw, "key").unwrap_or(Value::None);
    if items.is_empty() {
        if let Some(d) = kwarg(kw, "default") {
            return Ok(d);
        }
        return Err(vm.err("ValueError", &format!("{name}() arg is an empty sequence")));
    }
    let mut best = items[0];
    let mut best_key = if let Value::None = key { best } else { vm.call(key, &[best], &[])? };
    vm.temp_roots.push(best_key);
    for x in &items[1..] {
        let k = if let Value::None = key { *x } else { vm.call(key, &[*x], &[])? };
        let better = if want_max { vm.less(best_key, k)? } else { vm.less(k, best_key)? };
        if better {
            best = *x;
            best_key = k;
            vm.temp_roots.push(k);
        }
    }
    Ok(best)
}

fn b_min(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let mark = vm.temp_roots.len();
    let r = min_max(vm, args, kw, false);
    vm.temp_roots.truncate(mark);
    r
}
fn b_max(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let mark = vm.temp_roots.len();
    let r = min_max(vm, args, kw, true);
    vm.temp_roots.truncate(mark);
    r
}

/// Left fold of `op` over an iterable (sum, math.prod), keeping partial
/// results rooted since `op` may run Python code.
pub fn fold_binary(vm: &mut Vm, iterable: Value, start: Value, op: crate::compile::bytecode::BinOp) -> PyResult<Value> {
    let items = vm.collect_iter(iterable)?;
    let mark = vm.temp_roots.len();
    let holder = vm.new_list(items.clone());
    vm.temp_roots.push(holder);
    let mut acc = start;
    let mut r = Ok(());
    for x in items {
        match vm.binary(op, acc, x, false) {
            Ok(v) => {
                acc = v;
                vm.temp_roots.push(v);
            }
            Err(e) => {
                r = Err(e);
                break;
            }
        }
    }
    vm.temp_roots.truncate(mark);
    r.map(|_| acc)
}

fn b_sum(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let it = vm.arg(args, 0, "sum")?;
    let start = args.get(1).copied().or_else(|| kwarg(kw, "start")).unwrap_or(Value::Int(0));
    fold_binary(vm, it, start, crate::compile::bytecode::BinOp::Add)
}

fn b_sorted(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let arg_v = vm.arg(args, 0, "sorted")?;
    let items = vm.collect_iter(arg_v)?;
    let l = vm.new_list(items);
    vm.temp_roots.push(l);
    let key = kwarg(kw, "key").unwrap_or(Value::None);
    let rev = match kwarg(kw, "reverse") {
        Some(v) => vm.truthy(v)?,
        None => false,
    };
    let r = vm.sort_list(l.as_obj().expect("list"), key, rev);
    vm.temp_roots.pop();
    r?;
    Ok(l)
}

fn any_all(vm: &mut Vm, args: &[Value], want: bool) -> PyResult<Value> {
    let arg_v = vm.arg(args, 0, "any")?;
    let it = vm.get_iter(arg_v)?;
    vm.temp_roots.push(it);
    let r = (|| {
        while let Some(x) = vm.next(it)? {
            if vm.truthy(x)? == want {
                return Ok(Value::Bool(want));
            }
        }
        Ok(Value::Bool(!want))
    })();
    vm.temp_roots.pop();
    r
}
fn b_any(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    any_all(vm, args, true)
}
fn b_all(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    any_all(vm, args, false)
}

/// isinstance/issubclass against a class or a tuple of classes.
fn class_check(vm: &mut Vm, cls: ObjRef, spec: Value, fname: &str) -> PyResult<bool> {
    match spec {
        Value::Obj(r) => match vm.heap.get(r) {
            Obj::Class(_) => Ok(vm.is_subclass(cls, r)),
            Obj::Tuple(xs) => {
                // By position, not a copy: checking runs no Python code,
                // and the tuple cannot change.
                for k in 0..xs.len() {
                    let Obj::Tuple(xs) = vm.heap.get(r) else { unreachable!("a tuple") };
                    if class_check(vm, cls, xs[k], fname)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            _ => Err(vm.err("TypeError", &format!("{fname}() arg 2 must be a type, a tuple of types, or a union"))),
        },
        _ => Err(vm.err("TypeError", &format!("{fname}() arg 2 must be a type, a tuple of types, or a union"))),
    }
}

fn b_isinstance(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let v = vm.arg(args, 0, "isinstance")?;
    let spec = vm.arg(args, 1, "isinstance")?;
    let cls = vm.type_of(v);
    Ok(Value::Bool(class_check(vm, cls, spec, "isinstance")?))
}

fn b_issubclass(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let c = vm.arg(args, 0, "issubclass")?;
    let spec = vm.arg(args, 1, "issubclass")?;
    match c {
        Value::Obj(r) if matches!(vm.heap.get(r), Obj::Class(_)) => Ok(Value::Bool(class_check(vm, r, spec, "issubclass")?)),
        _ => Err(vm.err("TypeError", "issubclass() arg 1 must be a class")),
    }
}

fn attr_name(vm: &mut Vm, v: Value) -> PyResult<String> {
    match vm.as_str(v) {
        Some(s) => Ok(s.to_string()),
        None => {
            let t = vm.type_name(v);
            Err(vm.err("TypeError", &format!("attribute name must be string, not '{t}'")))
        }
    }
}

fn b_getattr(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let o = vm.arg(args, 0, "getattr")?;
    let arg_v = vm.arg(args, 1, "getattr")?;
    let n = attr_name(vm, arg_v)?;
    match vm.get_attr(o, &n) {
        Ok(v) => Ok(v),
        Err(e) if args.len() > 2 && vm.exc_class_name(e.0) == "AttributeError" => Ok(args[2]),
        Err(e) => Err(e),
    }
}
fn b_setattr(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let o = vm.arg(args, 0, "setattr")?;
    let arg_v = vm.arg(args, 1, "setattr")?;
    let n = attr_name(vm, arg_v)?;
    let v = vm.arg(args, 2, "setattr")?;
    vm.set_attr(o, &n, v)?;
    Ok(Value::None)
}
fn b_delattr(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let o = vm.arg(args, 0, "delattr")?;
    let arg_v = vm.arg(args, 1, "delattr")?;
    let n = attr_name(vm, arg_v)?;
    vm.del_attr(o, &n)?;
    Ok(Value::None)
}
fn b_hasattr(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let o = vm.arg(args, 0, "hasattr")?;
    let arg_v = vm.arg(args, 1, "hasattr")?;
    let n = attr_name(vm, arg_v)?;
    match vm.get_attr(o, &n) {
        Ok(_) => Ok(Value::Bool(true)),
        Err(e) if vm.exc_class_name(e.0) == "AttributeError" => Ok(Value::Bool(false)),
        Err(e) => Err(e),
    }
}

fn b_callable(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let v = vm.arg(args, 0, "callable")?;
    let r = match v {
        Value::Obj(r) => match vm.heap.get(r) {
            Obj::Function(_) | Obj::Native(_) | Obj::BoundMethod { .. } | Obj::Class(_) => true,
            Obj::Instance(i) => {
                let c = i.class;
                vm.lookup_type(c, "__call__").is_some()
            }
            _ => false,
        },
        _ => false,
    };
    Ok(Value::Bool(r))
}

fn b_iter(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let v = vm.arg(args, 0, "iter")?;
    if let Some(&sentinel) = args.get(1) {
        if !matches!(b_callable(vm, &[v], &[])?, Value::Bool(true)) {
            return Err(vm.err("TypeError", "iter(v, w): v must be callable"));
        }
        return Ok(vm.alloc(Obj::Iter(IterState::Callable { func: v, sentinel })));
    }
    vm.get_iter(v)
}

fn b_next(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let it = vm.arg(args, 0, "next")?;
    if let Value::Obj(r) = it {
        if let Obj::Generator(_) = vm.heap.get(r) {
            let mut ret = Value::None;
            return match vm.resume_generator(r, Value::None, &mut ret)? {
                Some(v) => Ok(v),
                None => match args.get(1) {
                    Some(d) => Ok(*d),
                    None => {
                        let cls = vm.ty("StopIteration");
                        let a = if matches!(ret, Value::None) { Vec::new() } else { vec![ret] };
                        let a = vm.new_tuple(a);
                        Err(vm.new_exception(cls, a))
                    }
                },
            };
        }
        if let Obj::Instance(_) = vm.heap.get(r) {
            let m = vm.get_attr(it, "__next__")?;
            return match vm.call(m, &[], &[]) {
                Err(e) if args.len() > 1 && vm.exc_class_name(e.0) == "StopIteration" => Ok(args[1]),
                r => r,
            };
        }
    }
    match vm.next(it)? {
        Some(v) => Ok(v),
        None => match args.get(1) {
            Some(d) => Ok(*d),
            None => Err(vm.err("StopIteration", "")),
        },
    }
}

fn b_id(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let v = vm.arg(args, 0, "id")?;
    Ok(Value::Int(match v {
        Value::Obj(r) => 0x7f00_0000_0000 + r.0 as i64 * 16,
        Value::Int(i) => i.wrapping_mul(31) ^ 0x5a5a,
        Value::Float(f) => f.to_bits() as i64 >> 1,
        Value::Bool(b) => 0x1000 + b as i64,
        _ => 0x2000,
    }))
}

fn b_hash(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let v = vm.arg(args, 0, "hash")?;
    Ok(Value::Int(vm.hash(v)? as i64))
}

fn b_ord(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let v = vm.arg(args, 0, "ord")?;
    if let Some(s) = vm.as_str(v) {
        let mut cs = s.chars();
        if let (Some(c), None) = (cs.next(), cs.next()) {
            return Ok(Value::Int(c as i64));
        }
        let n = s.chars().count();
        return Err(vm.err("TypeError", &format!("ord() expected a character, but string of length {n} found")));
    }
    if let Value::Obj(r) = v {
        if let Obj::Bytes(b) = vm.heap.get(r) {
            if b.len() == 1 {
                return Ok(Value::Int(b[0] as i64));
            }
        }
    }
    let t = vm.type_name(v);
    Err(vm.err("TypeError", &format!("ord() expected string of length 1, but {t} found")))
}

fn b_chr(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let v = vm.arg(args, 0, "chr")?;
    let i = vm.int_arg(v, "")?;
    match u32::try_from(i).ok().and_then(char::from_u32) {
        Some(c) => Ok(vm.new_str(c.to_string())),
        None => Err(vm.err("ValueError", "chr() arg not in range(0x110000)")),
    }
}

fn radix(vm: &mut Vm, args: &[Value], r: u32, prefix: &str) -> PyResult<Value> {
    let v = vm.arg(args, 0, "bin")?;
    let Some(b) = vm.to_bigint(v).filter(|_| !matches!(v, Value::Float(_))) else {
        let t = vm.type_name(v);
        return Err(vm.err("TypeError", &format!("'{t}' object cannot be interpreted as an integer")));
    };
    let s = if b < BigInt::zero() { format!("-{prefix}{}", (-b).to_str_radix(r)) } else { format!("{prefix}{}", b.to_str_radix(r)) };
    Ok(vm.new_str(s))
}
fn b_hex(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    radix(vm, args, 16, "0x")
}
fn b_oct(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    radix(vm, args, 8, "0o")
}
fn b_bin(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    radix(vm, args, 2, "0b")
}

/// Round half to even, like CPython, via exact decimal formatting.
pub fn round_float(f: f64, nd: i64) -> f64 {
    if !f.is_finite() {
        return f;
    }
    if nd > 300 {
        return f;
    }
    if nd >= 0 {
        // Rust's `{:.N}` formatting rounds the exact binary value half-to-even.
        let s = format!("{:.*}", nd as usize, f);
        s.parse().unwrap_or(f)
    } else {
        let p = 10f64.powi((-nd) as i32);
        let q = f / p;
        let r = q.round();
        let r = if (q - q.trunc()).abs() == 0.5 { 2.0 * (q / 2.0).round() } else { r };
        r * p
    }
}

fn b_round(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let v = vm.arg(args, 0, "round")?;
    let nd = args.get(1).copied().or_else(|| kwarg(kw, "ndigits")).unwrap_or(Value::None);
    match v {
        Value::Float(f) => match nd {
            Value::None => {
                if !f.is_finite() {
                    return Err(vm.err(if f.is_nan() { "ValueError" } else { "OverflowError" }, "cannot convert float NaN to integer"));
                }
                let r = f.round();
                let r = if (f - f.trunc()).abs() == 0.5 { 2.0 * (f / 2.0).round() } else { r };
                Ok(vm.int_value(BigInt::from(r as i128)))
            }
            n => {
                let n = vm.int_arg(n, "")?;
                Ok(Value::Float(round_float(f, n)))
            }
        },
        Value::Int(_) | Value::Bool(_) => match nd {
            Value::None => Ok(Value::Int(vm.int_arg(v, "")?)),
            n => {
                let n = vm.int_arg(n, "")?;
                let i = vm.int_arg(v, "")?;
                if n >= 0 {
                    return Ok(Value::Int(i));
                }
                let p = 10i64.checked_pow((-n) as u32).unwrap_or(i64::MAX);
                let q = i.div_euclid(p);
                let rem = i.rem_euclid(p);
                let up = rem * 2 > p || (rem * 2 == p && q % 2 != 0);
                Ok(Value::Int((q + up as i64) * p))
            }
        },
        _ => {
            let t = vm.type_of(v);
            if let Some(m) = vm.lookup_type(t, "__round__") {
                let mut a = vec![v];
                if !matches!(nd, Value::None) {
                    a.push(nd);
                }
                return vm.call(m, &a, &[]);
            }
            if vm.to_bigint(v).is_some() {
                return Ok(v);
            }
            let tn = vm.type_name(v);
            Err(vm.err("TypeError", &format!("type {tn} doesn't define __round__ method")))
        }
    }
}

fn b_divmod(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    use crate::compile::bytecode::BinOp;
    let a = vm.arg(args, 0, "divmod")?;
    let b = vm.arg(args, 1, "divmod")?;
    let q = vm.binary(BinOp::FloorDiv, a, b, false)?;
    vm.temp_roots.push(q);
    let r = vm.binary(BinOp::Mod, a, b, false);
    vm.temp_roots.pop();
    let r = r?;
    Ok(vm.new_tuple(vec![q, r]))
}

fn b_pow(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = vm.arg(args, 0, "pow")?;
    let b = vm.arg(args, 1, "pow")?;
    if let Some(m) = args.get(2).filter(|m| !matches!(m, Value::None)) {
        let (Some(x), Some(y), Some(z)) = (vm.to_bigint(a), vm.to_bigint(b), vm.to_bigint(*m)) else {
            return Err(vm.err("TypeError", "pow() 3rd argument not allowed unless all arguments are integers"));
        };
        if z.is_zero() {
            return Err(vm.err("ValueError", "pow() 3rd argument cannot be 0"));
        }
        // A negative exponent raises the modular inverse of the base.
        let (x, y) = if y < BigInt::zero() {
            let az = z.abs();
            let g = x.mod_floor(&az).extended_gcd(&az);
            if !g.gcd.is_one() {
                return Err(vm.err("ValueError", "base is not invertible for the given modulus"));
            }
            (g.x.mod_floor(&az), -y)
        } else {
            (x, y)
        };
        let r = x.modpow(&y, &z);
        let r = if r != BigInt::zero() && (r < BigInt::zero()) != (z < BigInt::zero()) { r + z } else { r };
        return Ok(vm.int_value(r));
    }
    vm.binary(crate::compile::bytecode::BinOp::Pow, a, b, false)
}

fn b_format(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let v = vm.arg(args, 0, "format")?;
    let spec = match args.get(1) {
        Some(s) => vm.as_str(*s).unwrap_or("").to_string(),
        None => String::new(),
    };
    let s = vm.format(v, &spec)?;
    Ok(vm.new_str(s))
}

fn b_input(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    use std::io::{BufRead, Write};
    if let Some(p) = args.first() {
        let s = vm.to_str(*p)?;
        let _ = vm.out.write_all(s.as_bytes());
    }
    vm.flush();
    let mut line = String::new();
    match std::io::stdin().lock().read_line(&mut line) {
        Ok(0) => Err(vm.err("EOFError", "EOF when reading a line")),
        Ok(_) => {
            if line.ends_with('\n') {
                line.pop();
            }
            Ok(vm.new_str(line))
        }
        Err(e) => Err(vm.err("OSError", &e.to_string())),
    }
}

fn b_open(vm: &mut Vm, _args: &[Value], _kw: Kw) -> PyResult<Value> {
    Err(vm.err("NotImplementedError", "hilt does not support open() (file I/O) yet"))
}

fn b_exit(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let cls = vm.ty("SystemExit");
    let a = vm.new_tuple(args.to_vec());
    Err(vm.new_exception(cls, a))
}

fn b_vars(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let v = vm.arg(args, 0, "vars")?;
    match vm.get_attr(v, "__dict__") {
        Err(e) if vm.is_attribute_error(e) => Err(vm.err("TypeError", "vars() argument must have __dict__ attribute")),
        r => r,
    }
}

fn b_dir(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let v = vm.arg(args, 0, "dir")?;
    let mut names: Vec<String> = Vec::new();
    let add_dict = |vm: &Vm, d: ObjRef, names: &mut Vec<String>| {
        for (k, _) in vm.dict_entries(d) {
            if let Some(s) = vm.as_str(k) {
                names.push(s.to_string());
            }
        }
    };
    if let Value::Obj(r) = v {
        match vm.heap.get(r) {
            Obj::Instance(_) | Obj::Module { .. } => add_dict(vm, r, &mut names),
            _ => {}
        }
    }
    let cls = match v {
        Value::Obj(r) if matches!(vm.heap.get(r), Obj::Class(_)) => r,
        _ => vm.type_of(v),
    };
    if !matches!(v, Value::Obj(r) if matches!(vm.heap.get(r), Obj::Module { .. })) {
        if let Obj::Class(c) = vm.heap.get(cls) {
            for k in c.mro.clone() {
                if let Obj::Class(kc) = vm.heap.get(k) {
                    let d = kc.dict;
                    add_dict(vm, d, &mut names);
                }
            }
        }
    }
    names.sort();
    names.dedup();
    let vals: Vec<Value> = names.into_iter().map(|n| vm.new_str(n)).collect();
    Ok(vm.new_list(vals))
}

// ---- constructors of builtin types (`__new__(cls, ...)`) ----

fn parse_int_str(vm: &mut Vm, s: &str, base: u32) -> PyResult<Value> {
    let t = s.trim();
    let (neg, body) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let mut base = base;
    let lower = body.to_ascii_lowercase();
    let mut digits: &str = &lower;
    for (p, b) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if (base == b || base == 0) && lower.starts_with(p) {
            digits = &lower[2..];
            base = b;
        }
    }
    if base == 0 {
        base = 10;
    }
    let clean: String = digits.chars().filter(|c| *c != '_').collect();
    // One sign only: BigInt's parser would take a second one.
    let ok = !clean.is_empty() && !clean.starts_with(['+', '-']) && !digits.starts_with('_') && !digits.ends_with('_') && !digits.contains("__");
    match (ok, BigInt::parse_bytes(clean.as_bytes(), base)) {
        (true, Some(b)) => {
            let b = if neg { -b } else { b };
            Ok(vm.int_value(b))
        }
        _ => {
            let r = format::str_repr(s);
            Err(vm.err("ValueError", &format!("invalid literal for int() with base {base}: {r}")))
        }
    }
}

/// `int(s)` of a plain decimal that fits an i64 for sure (optional sign
/// and whitespace, at most 18 ASCII digits); None for anything else.
fn small_decimal(s: &str) -> Option<i64> {
    let t = s.trim();
    let (neg, digits) = match t.as_bytes().first()? {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty() || digits.len() > 18 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = digits.bytes().fold(0i64, |n, b| n * 10 + (b - b'0') as i64);
    Some(if neg { -n } else { n })
}

fn new_int(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let Some(v) = args.get(1).copied() else { return Ok(Value::Int(0)) };
    let base = args.get(2).copied().or_else(|| kwarg(kw, "base"));
    if let Some(s) = vm.as_str(v) {
        if base.is_none() {
            if let Some(n) = small_decimal(s) {
                return Ok(Value::Int(n));
            }
        }
        let s = s.to_string();
        let b = match base {
            Some(b) => vm.int_arg(b, "")? as u32,
            None => 10,
        };
        return parse_int_str(vm, &s, b);
    }
    match v {
        Value::Int(_) => Ok(v),
        Value::Bool(b) => Ok(Value::Int(b as i64)),
        Value::Float(f) => {
            if f.is_nan() {
                return Err(vm.err("ValueError", "cannot convert float NaN to integer"));
            }
            if f.is_infinite() {
                return Err(vm.err("OverflowError", "cannot convert float infinity to integer"));
            }
            let t = f.trunc();
            if t.abs() < 9.2e18 {
                Ok(Value::Int(t as i64))
            } else {
                let b: BigInt = num_traits::FromPrimitive::from_f64(t).unwrap_or_default();
                Ok(vm.int_value(b))
            }
        }
        _ => {
            if vm.to_bigint(v).is_some() {
                return Ok(v);
            }
            let t = vm.type_of(v);
            for m in ["__int__", "__index__"] {
                if let Some(f) = vm.lookup_type(t, m) {
                    return vm.call(f, &[v], &[]);
                }
            }
            let tn = vm.type_name(v);
            Err(vm.err("TypeError", &format!("int() argument must be a string, a bytes-like object or a real number, not '{tn}'")))
        }
    }
}

fn new_float(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let Some(v) = args.get(1).copied() else { return Ok(Value::Float(0.0)) };
    if let Some(s) = vm.as_str(v) {
        // Digits, point, exponent and signs only: Rust's parse reads such a
        // text as CPython does (correctly rounded); what it refuses gets
        // the general path and its error.
        let plain = s.trim();
        if !plain.is_empty() && plain.bytes().all(|b| matches!(b, b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')) {
            if let Ok(f) = plain.parse::<f64>() {
                return Ok(Value::Float(f));
            }
        }
        let t = s.trim().to_ascii_lowercase().replace('_', "");
        let r = match t.as_str() {
            "inf" | "+inf" | "infinity" | "+infinity" => Some(f64::INFINITY),
            "-inf" | "-infinity" => Some(f64::NEG_INFINITY),
            "nan" | "+nan" | "-nan" => Some(f64::NAN),
            _ => t.parse::<f64>().ok().filter(|_| !t.is_empty() && !t.contains("inf") && !t.contains("nan")),
        };
        return match r {
            Some(f) => Ok(Value::Float(f)),
            None => {
                let r = format::str_repr(s);
                Err(vm.err("ValueError", &format!("could not convert string to float: {r}")))
            }
        };
    }
    if let Some(f) = vm.to_f64(v) {
        if let (None, Value::Obj(_)) = (vm.as_str(v), v) {
            if vm.to_bigint(v).is_some() && f.is_infinite() {
                return Err(vm.err("OverflowError", "int too large to convert to float"));
            }
        }
        return Ok(Value::Float(f));
    }
    let t = vm.type_of(v);
    if let Some(m) = vm.lookup_type(t, "__float__") {
        return vm.call(m, &[v], &[]);
    }
    // No __float__: an integer-like object converts through __index__.
    if let Some(m) = vm.lookup_type(t, "__index__") {
        let i = vm.call(m, &[v], &[])?;
        let Some(b) = vm.to_bigint(i) else {
            let rt = vm.type_name(i);
            return Err(vm.err("TypeError", &format!("__index__ returned non-int (type {rt})")));
        };
        return match b.to_f64().filter(|f| f.is_finite()) {
            Some(f) => Ok(Value::Float(f)),
            None => Err(vm.err("OverflowError", "int too large to convert to float")),
        };
    }
    let tn = vm.type_name(v);
    Err(vm.err("TypeError", &format!("float() argument must be a string or a real number, not '{tn}'")))
}

fn new_str(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let Some(v) = args.get(1).copied() else { return Ok(vm.new_str("")) };
    if let (Value::Obj(r), Some(_)) = (v, args.get(2)) {
        if let Obj::Bytes(b) = vm.heap.get(r) {
            let s = String::from_utf8_lossy(b).into_owned();
            return Ok(vm.new_str(s));
        }
    }
    if vm.as_str(v).is_some() {
        return Ok(v);
    }
    let s = vm.to_str(v)?;
    Ok(vm.new_str(s))
}

fn new_bool(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    match args.get(1) {
        Some(v) => Ok(Value::Bool(vm.truthy(*v)?)),
        None => Ok(Value::Bool(false)),
    }
}

fn new_list(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let items = match args.get(1) {
        Some(v) => vm.collect_iter(*v)?,
        None => Vec::new(),
    };
    Ok(vm.new_list(items))
}

fn new_tuple(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    if let Some(Value::Obj(r)) = args.get(1) {
        if let Obj::Tuple(_) = vm.heap.get(*r) {
            return Ok(args[1]);
        }
    }
    let items = match args.get(1) {
        Some(v) => vm.collect_iter(*v)?,
        None => Vec::new(),
    };
    Ok(vm.new_tuple(items))
}

fn new_dict(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let d = vm.new_dict();
    vm.temp_roots.push(Value::Obj(d));
    let r = (|| {
        if let Some(v) = args.get(1) {
            vm.dict_update(d, *v)?;
        }
        for (k, v) in kw {
            vm.dict_set_str(d, k, *v)?;
        }
        Ok(Value::Obj(d))
    })();
    vm.temp_roots.pop();
    r
}

pub fn make_set(vm: &mut Vm, src: Option<Value>, frozen: bool) -> PyResult<Value> {
    let items = match src {
        Some(v) => vm.collect_iter(v)?,
        None => Vec::new(),
    };
    // Sized for the items at once (duplicates only leave room unused).
    let s = vm.heap.alloc(Obj::Set { items: crate::object::Dict::with_capacity(items.len()), frozen });
    // The set and the items stay rooted while hashing runs Python code.
    let mark = vm.temp_roots.len();
    vm.temp_roots.push(Value::Obj(s));
    vm.temp_roots.extend_from_slice(&items);
    let mut r = Ok(());
    for x in items {
        if let Err(e) = vm.set_add(s, x) {
            r = Err(e);
            break;
        }
    }
    vm.temp_roots.truncate(mark);
    r?;
    Ok(Value::Obj(s))
}

fn new_set(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    make_set(vm, args.get(1).copied(), false)
}
fn new_frozenset(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    make_set(vm, args.get(1).copied(), true)
}

fn new_range(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let n = args.len() - 1;
    if !(1..=3).contains(&n) {
        return Err(vm.err("TypeError", &format!("range expected at most 3 arguments, got {n}")));
    }
    let mut a = [0i64; 3];
    for (i, v) in args[1..].iter().enumerate() {
        a[i] = vm.int_arg(*v, "")?;
    }
    let (start, stop, step) = match n {
        1 => (0, a[0], 1),
        2 => (a[0], a[1], 1),
        _ => (a[0], a[1], a[2]),
    };
    if step == 0 {
        return Err(vm.err("ValueError", "range() arg 3 must not be zero"));
    }
    Ok(vm.alloc(Obj::Range { start, stop, step }))
}

fn new_slice(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = &args[1..];
    let (start, stop, step) = match a.len() {
        1 => (Value::None, a[0], Value::None),
        2 => (a[0], a[1], Value::None),
        3 => (a[0], a[1], a[2]),
        _ => return Err(vm.err("TypeError", "slice expected at least 1 argument")),
    };
    Ok(vm.alloc(Obj::Slice { start, stop, step }))
}

fn new_type(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    match args.len() {
        2 => Ok(Value::Obj(vm.type_of(args[1]))),
        4 => {
            let name = vm.as_str(args[1]).unwrap_or("?").to_string();
            let bases: Vec<ObjRef> = vm.tuple_items(args[2]).iter().filter_map(|b| b.as_obj()).collect();
            let ns = vm.new_dict();
            vm.temp_roots.push(Value::Obj(ns));
            let r = vm.dict_update(ns, args[3]).and_then(|_| vm.new_class(&name, bases, ns));
            vm.temp_roots.pop();
            let cls = r?;
            vm.finish_class(cls, &[])?;
            Ok(Value::Obj(cls))
        }
        _ => Err(vm.err("TypeError", "type() takes 1 or 3 arguments")),
    }
}

fn new_object(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    match args.first().and_then(|c| c.as_obj()) {
        Some(c) => Ok(vm.new_instance(c)),
        None => Err(vm.err("TypeError", "object.__new__(): not enough arguments")),
    }
}

fn object_init(_vm: &mut Vm, _args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::None)
}

fn new_property(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let g = |i: usize, n: &str| args.get(i).copied().or_else(|| kwarg(kw, n)).unwrap_or(Value::None);
    let (fget, fset, fdel) = (g(1, "fget"), g(2, "fset"), g(3, "fdel"));
    Ok(vm.alloc(Obj::Property { fget, fset, fdel }))
}

fn new_staticmethod(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let f = vm.arg(args, 1, "staticmethod")?;
    Ok(vm.alloc(Obj::StaticMethod(f)))
}
fn new_classmethod(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let f = vm.arg(args, 1, "classmethod")?;
    Ok(vm.alloc(Obj::ClassMethod(f)))
}

fn new_super(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    if args.len() < 3 {
        return Err(vm.err("RuntimeError", "super(): no arguments"));
    }
    let Some(class) = args[1].as_obj().filter(|c| matches!(vm.heap.get(*c), Obj::Class(_))) else {
        return Err(vm.err("TypeError", "super() argument 1 must be a type"));
    };
    Ok(vm.alloc(Obj::Super { class, obj: args[2] }))
}

fn new_enumerate(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let arg_v = vm.arg(args, 1, "enumerate")?;
    let it = vm.get_iter(arg_v)?;
    let start = match args.get(2).copied().or_else(|| kwarg(kw, "start")) {
        Some(s) => vm.int_arg(s, "")?,
        None => 0,
    };
    Ok(vm.alloc(Obj::Iter(IterState::Enumerate { inner: it, count: start })))
}

fn iters_of(vm: &mut Vm, args: &[Value]) -> PyResult<Vec<Value>> {
    let mut out = Vec::new();
    let mark = vm.temp_roots.len();
    for a in args {
        match vm.get_iter(*a) {
            Ok(it) => {
                vm.temp_roots.push(it);
                out.push(it);
            }
            Err(e) => {
                vm.temp_roots.truncate(mark);
                return Err(e);
            }
        }
    }
    vm.temp_roots.truncate(mark);
    Ok(out)
}

fn new_zip(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let inners = iters_of(vm, &args[1..])?;
    Ok(vm.alloc(Obj::Iter(IterState::Zip { inners })))
}
fn new_map(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let func = vm.arg(args, 1, "map")?;
    let inners = iters_of(vm, &args[2..])?;
    Ok(vm.alloc(Obj::Iter(IterState::Map { func, inners })))
}
fn new_filter(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let func = vm.arg(args, 1, "filter")?;
    let arg_v = vm.arg(args, 2, "filter")?;
    let inner = vm.get_iter(arg_v)?;
    Ok(vm.alloc(Obj::Iter(IterState::Filter { func, inner })))
}
fn new_reversed(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let v = vm.arg(args, 1, "reversed")?;
    if let Value::Obj(r) = v {
        match vm.heap.get(r) {
            Obj::List(xs) | Obj::Tuple(xs) => {
                let n = xs.len();
                return Ok(vm.alloc(Obj::Iter(IterState::Reversed { seq: r, idx: n })));
            }
            Obj::Range { start, step, .. } => {
                let n = range_len(vm.heap.get(r)) as i64;
                let (start, step) = (*start, *step);
                let last = start + (n - 1) * step;
                return Ok(vm.alloc(Obj::Iter(IterState::Range { cur: last, stop: start - step, step: -step })));
            }
            Obj::Str(_) | Obj::Dict(_) => {
                let items = vm.collect_iter(v)?;
                let n = items.len();
                let l = vm.new_list(items);
                return Ok(vm.alloc(Obj::Iter(IterState::Reversed { seq: l.as_obj().expect("list"), idx: n })));
            }
            Obj::Instance(i) => {
                let c = i.class;
                if let Some(m) = vm.lookup_type(c, "__reversed__") {
                    return vm.call(m, &[v], &[]);
                }
            }
            _ => {}
        }
    }
    let t = vm.type_name(v);
    Err(vm.err("TypeError", &format!("'{t}' object is not reversible")))
}

fn new_bytes(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let Some(v) = args.get(1).copied() else { return Ok(vm.alloc(Obj::Bytes(Vec::new()))) };
    if let Some(s) = vm.as_str(v) {
        let b = s.as_bytes().to_vec();
        return Ok(vm.alloc(Obj::Bytes(b)));
    }
    if let Value::Int(n) = v {
        return Ok(vm.alloc(Obj::Bytes(vec![0; n.max(0) as usize])));
    }
    let items = vm.collect_iter(v)?;
    let mut out = Vec::new();
    for x in items {
        match x {
            Value::Int(i) if (0..256).contains(&i) => out.push(i as u8),
            _ => return Err(vm.err("ValueError", "bytes must be in range(0, 256)")),
        }
    }
    Ok(vm.alloc(Obj::Bytes(out)))
}

fn exc_init(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    if let Some(Value::Obj(r)) = args.first() {
        let a = vm.new_tuple(args[1..].to_vec());
        if let Obj::Instance(i) = vm.heap.get_mut(*r) {
            if let Some(e) = &mut i.exc {
                e.args = a;
            }
        }
    }
    Ok(Value::None)
}

/// `OSError(errno, strerror[, filename[, winerror[, filename2]]])`: with two
/// to five arguments the attributes are set (all None otherwise), and with a
/// filename `args` keeps only the first two, as in CPython.
fn os_error_init(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    exc_init(vm, args, kw)?;
    let Some(&inst) = args.first() else { return Ok(Value::None) };
    let a = &args[1..];
    let mut attrs = [Value::None; 4];
    if (2..=5).contains(&a.len()) {
        attrs[0] = a[0];
        attrs[1] = a[1];
        if let Some(&f) = a.get(2) {
            attrs[2] = f;
        }
        if let Some(&f) = a.get(4) {
            attrs[3] = f;
        }
        if !matches!(attrs[2], Value::None) {
            let two = vm.new_tuple(a[..2].to_vec());
            if let Value::Obj(r) = inst {
                if let Obj::Instance(i) = vm.heap.get_mut(r) {
                    if let Some(e) = &mut i.exc {
                        e.args = two;
                    }
                }
            }
        }
    }
    for (name, v) in ["errno", "strerror", "filename", "filename2"].into_iter().zip(attrs) {
        vm.set_attr(inst, name, v)?;
    }
    Ok(Value::None)
}

/// The exception hierarchy: (name, base).
const EXCEPTIONS: &[(&str, &str)] = &[
    ("Exception", "BaseException"),
    ("SystemExit", "BaseException"),
    ("KeyboardInterrupt", "BaseException"),
    ("GeneratorExit", "BaseException"),
    ("StopIteration", "Exception"),
    ("ArithmeticError", "Exception"),
    ("ZeroDivisionError", "ArithmeticError"),
    ("OverflowError", "ArithmeticError"),
    ("FloatingPointError", "ArithmeticError"),
    ("AssertionError", "Exception"),
    ("AttributeError", "Exception"),
    ("LookupError", "Exception"),
    ("IndexError", "LookupError"),
    ("KeyError", "LookupError"),
    ("NameError", "Exception"),
    ("UnboundLocalError", "NameError"),
    ("RuntimeError", "Exception"),
    ("RecursionError", "RuntimeError"),
    ("NotImplementedError", "RuntimeError"),
    ("TypeError", "Exception"),
    ("ValueError", "Exception"),
    ("UnicodeError", "ValueError"),
    ("UnicodeDecodeError", "UnicodeError"),
    ("UnicodeEncodeError", "UnicodeError"),
    ("ImportError", "Exception"),
    ("ModuleNotFoundError", "ImportError"),
    ("SyntaxError", "Exception"),
    ("IndentationError", "SyntaxError"),
    ("OSError", "Exception"),
    ("FileNotFoundError", "OSError"),
    ("EOFError", "Exception"),
    ("MemoryError", "Exception"),
    ("SystemError", "Exception"),
    ("BufferError", "Exception"),
    ("StopAsyncIteration", "Exception"),
    ("ReferenceError", "Exception"),
    ("TabError", "IndentationError"),
    ("UnicodeTranslateError", "UnicodeError"),
    ("BlockingIOError", "OSError"),
    ("ChildProcessError", "OSError"),
    ("ConnectionError", "OSError"),
    ("BrokenPipeError", "ConnectionError"),
    ("ConnectionAbortedError", "ConnectionError"),
    ("ConnectionRefusedError", "ConnectionError"),
    ("ConnectionResetError", "ConnectionError"),
    ("FileExistsError", "OSError"),
    ("InterruptedError", "OSError"),
    ("IsADirectoryError", "OSError"),
    ("NotADirectoryError", "OSError"),
    ("PermissionError", "OSError"),
    ("ProcessLookupError", "OSError"),
    ("TimeoutError", "OSError"),
    ("Warning", "Exception"),
    ("UserWarning", "Warning"),
    ("DeprecationWarning", "Warning"),
    ("PendingDeprecationWarning", "Warning"),
    ("SyntaxWarning", "Warning"),
    ("RuntimeWarning", "Warning"),
    ("FutureWarning", "Warning"),
    ("ImportWarning", "Warning"),
    ("UnicodeWarning", "Warning"),
    ("BytesWarning", "Warning"),
    ("ResourceWarning", "Warning"),
];

/// Create the builtin classes and fill the builtins module.
pub fn setup(vm: &mut Vm) {
    let object = vm.make_type("object", None, TypeKind::Object);
    vm.types.object = Some(object);
    vm.def(object, "object.__init__", object_init);
    vm.def(object, "object.__getattribute__", crate::interp::descr::object_getattribute);
    vm.def(object, "object.__setattr__", crate::interp::descr::object_setattr);
    vm.def(object, "object.__delattr__", crate::interp::descr::object_delattr);
    let isc = vm.native("object.__init_subclass__", crate::interp::descr::object_init_subclass);
    let isc = vm.alloc(Obj::ClassMethod(isc));
    vm.heap.pin(isc.as_obj().expect("classmethod"));
    vm.dict_set_str(object, "__init_subclass__", isc).expect("object");
    let b = Some(object);
    for name in [
        "type", "int", "float", "str", "bytes", "tuple", "list", "dict", "set", "frozenset", "range", "slice", "function",
        "builtin_function_or_method", "method", "NoneType", "NotImplementedType", "ellipsis", "module", "generator", "property",
        "staticmethod", "classmethod", "super", "iterator", "range_iterator", "enumerate", "zip", "map", "filter", "reversed", "cell",
        "dict_keys", "dict_values", "dict_items", "member_descriptor", "callable_iterator",
    ] {
        vm.make_type(name, b, TypeKind::Builtin);
    }
    let int = vm.ty("int");
    vm.make_type("bool", Some(int), TypeKind::Builtin);
    let base_exc = vm.make_type("BaseException", b, TypeKind::Exception);
    vm.def(base_exc, "BaseException.__init__", exc_init);
    for (name, base) in EXCEPTIONS {
        let base = vm.ty(base);
        vm.make_type(name, Some(base), TypeKind::Exception);
    }
    let os_error = vm.ty("OSError");
    vm.def(os_error, "OSError.__init__", os_error_init);
    let ctors: &[(&str, NativeFn)] = &[
        ("int", new_int),
        ("float", new_float),
        ("str", new_str),
        ("bool", new_bool),
        ("list", new_list),
        ("tuple", new_tuple),
        ("dict", new_dict),
        ("set", new_set),
        ("frozenset", new_frozenset),
        ("range", new_range),
        ("slice", new_slice),
        ("type", new_type),
        ("property", new_property),
        ("staticmethod", new_staticmethod),
        ("classmethod", new_classmethod),
        ("super", new_super),
        ("enumerate", new_enumerate),
        ("zip", new_zip),
        ("map", new_map),
        ("filter", new_filter),
        ("reversed", new_reversed),
        ("bytes", new_bytes),
    ];
    for (name, f) in ctors {
        let cls = vm.ty(name);
        let func = vm.native("__new__", *f);
        vm.dict_set_str(cls, "__new__", func).expect("ctor");
    }
    let onew = vm.native("object.__new__", new_object);
    vm.dict_set_str(object, "__new__", onew).expect("ctor");
    methods::setup(vm);
    let member = vm.ty("member_descriptor");
    vm.def(member, "member_descriptor.__get__", crate::interp::descr::member_get);
    vm.def(member, "member_descriptor.__set__", crate::interp::descr::member_set);
    vm.def(member, "member_descriptor.__delete__", crate::interp::descr::member_delete);
    {
        use crate::interp::descr as d;
        let descriptors: &[(&str, &'static str, NativeFn)] = &[
            ("function", "function.__get__", d::function_get),
            ("classmethod", "classmethod.__get__", d::classmethod_get),
            ("staticmethod", "staticmethod.__get__", d::staticmethod_get),
            ("property", "property.__get__", d::property_get),
            ("property", "property.__set__", d::property_set),
            ("property", "property.__delete__", d::property_delete),
        ];
        for (ty, name, f) in descriptors {
            let t = vm.ty(ty);
            vm.def(t, name, *f);
        }
    }

    // The builtins namespace: every class above, then the functions.
    let names: Vec<(&'static str, ObjRef)> = vm.types.map.iter().map(|(k, v)| (*k, *v)).collect();
    let bt = vm.builtins;
    for (n, c) in names {
        if ![
            "function", "builtin_function_or_method", "method", "NoneType", "NotImplementedType", "ellipsis", "module", "generator",
            "iterator", "range_iterator", "cell", "dict_keys", "dict_values", "dict_items", "member_descriptor", "callable_iterator",
        ]
        .contains(&n)
        {
            vm.dict_set_str(bt, n, Value::Obj(c)).expect("builtin class");
        }
    }
    let funcs: &[(&'static str, NativeFn)] = &[
        ("print", b_print),
        ("len", b_len),
        ("repr", b_repr),
        ("ascii", b_ascii),
        ("abs", b_abs),
        ("min", b_min),
        ("max", b_max),
        ("sum", b_sum),
        ("sorted", b_sorted),
        ("any", b_any),
        ("all", b_all),
        ("isinstance", b_isinstance),
        ("issubclass", b_issubclass),
        ("getattr", b_getattr),
        ("setattr", b_setattr),
        ("delattr", b_delattr),
        ("hasattr", b_hasattr),
        ("callable", b_callable),
        ("iter", b_iter),
        ("next", b_next),
        ("id", b_id),
        ("hash", b_hash),
        ("ord", b_ord),
        ("chr", b_chr),
        ("hex", b_hex),
        ("oct", b_oct),
        ("bin", b_bin),
        ("round", b_round),
        ("divmod", b_divmod),
        ("pow", b_pow),
        ("format", b_format),
        ("input", b_input),
        ("open", b_open),
        ("exit", b_exit),
        ("quit", b_exit),
        ("vars", b_vars),
        ("dir", b_dir),
    ];
    for (n, f) in funcs {
        vm.def(bt, n, *f);
    }
    vm.dict_set_str(bt, "None", Value::None).expect("None");
    vm.dict_set_str(bt, "NotImplemented", Value::NotImplemented).expect("NotImplemented");
    vm.dict_set_str(bt, "Ellipsis", Value::Ellipsis).expect("Ellipsis");
    vm.dict_set_str(bt, "__build_class__", Value::None).expect("build_class");
    let _ = BigInt::zero().to_i64();
}
