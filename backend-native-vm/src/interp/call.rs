//! Calls: binding arguments to parameters, entering Python frames,
//! native functions, bound methods, instantiating classes, generators.

use std::rc::Rc;

use super::{Exit, Frame, PyResult, Vm};
use crate::compile::bytecode::Code;
use crate::object::{Generator, Obj, ObjRef, TypeKind, Value};

/// Native calls with up to this many arguments pass them without a Vec.
const NATIVE_ARGS: usize = 8;
/// The most keyword arguments `call_kw_in_place` binds.
const KW_IN_PLACE: usize = 8;

impl Vm {
    /// `Call(n)`: the callable under its `n` arguments on the stack
    /// replaced by its result.
    #[inline(always)]
    pub(crate) fn call_op(&mut self, n: usize) -> PyResult<()> {
        let fpos = self.stack.len() - n - 1;
        let r = self.call_at(fpos, n)?;
        self.stack.push(r);
        Ok(())
    }

    /// `CallMethod(n)`: `LoadMethod`'s callable and receiver (`Undef` when
    /// the callable is not to be bound) under `n` arguments, replaced by
    /// the result.
    #[inline(always)]
    pub(crate) fn call_method_op(&mut self, n: usize) -> PyResult<()> {
        let fpos = self.stack.len() - n - 2;
        let r = if let Value::Undef = self.stack[fpos + 1] {
            self.stack.remove(fpos + 1);
            self.call_at(fpos, n)?
        } else {
            self.call_at(fpos, n + 1)?
        };
        self.stack.push(r);
        Ok(())
    }

    /// What the JIT's type feedback records of the callable `k` values
    /// below the top of the stack (`jit::seen`): whether it is a Python
    /// function or a class of Python code, which machine code may call
    /// directly, or the builtin `len` or `list.append`, which it does
    /// without the call, or an extension function whose `impl` it calls.
    #[inline]
    pub(crate) fn callee_kind(&self, k: usize) -> u8 {
        match self.stack[self.stack.len() - k] {
            Value::Obj(r) => match self.heap.get(r) {
                Obj::Function(_) => crate::jit::seen::PY_CALLEE,
                // An extension type's instances are made by its `tp_new`
                // (`construct_extension`), not by Python code.
                Obj::Class(c) if c.kind == TypeKind::Object && c.hpy.is_none() => crate::jit::seen::PY_CALLEE,
                Obj::Native(nf) if crate::builtins::is_len(nf.func) => crate::jit::seen::OTHER | crate::jit::seen::LEN,
                Obj::Native(nf) if crate::builtins::methods::is_list_append(nf.func) => crate::jit::seen::OTHER | crate::jit::seen::APPEND,
                Obj::HpyFunc(h) if crate::hpy::machine::is_keywords(h.how) => crate::jit::seen::OTHER | crate::jit::seen::EXT | crate::jit::seen::EXT_KEYWORDS,
                Obj::HpyFunc(h) if h.how != crate::hpy::machine::how::NOT => crate::jit::seen::OTHER | crate::jit::seen::EXT,
                Obj::Class(c) if c.hpy.is_some() => crate::jit::seen::OTHER | crate::jit::seen::EXT_TYPE,
                _ => crate::jit::seen::OTHER,
            },
            _ => crate::jit::seen::OTHER,
        }
    }

    /// Call the callable at `stack[fpos]` with the `n` values above it as
    /// positional arguments. Leaves the stack cut back to `fpos`.
    pub fn call_at(&mut self, fpos: usize, n: usize) -> PyResult<Value> {
        let callee = self.stack[fpos];
        if let Value::Obj(r) = callee {
            match self.heap.get(r) {
                Obj::Function(f) if simple_call(f, n) => {
                    // Fast path: the arguments already sit where the locals go.
                    let r = self.enter_simple(fpos, n);
                    self.stack.truncate(fpos);
                    return r;
                }
                Obj::Class(c) if c.hpy.is_some() && n <= NATIVE_ARGS => {
                    // An extension type whose `tp_new` does all the work.
                    let mut args = [Value::Undef; NATIVE_ARGS];
                    args[..n].copy_from_slice(&self.stack[fpos + 1..fpos + 1 + n]);
                    if let Some(r) = self.construct_extension(r, &args[..n]) {
                        self.stack.truncate(fpos);
                        return r;
                    }
                }
                Obj::Class(c) if c.kind == TypeKind::Object => {
                    if let Some(init) = self.plain_init(r) {
                        return self.instantiate_at(fpos, n, r, init);
                    }
                }
                Obj::Native(nf) if nf.bound.is_none() && n <= NATIVE_ARGS => {
                    // The arguments stay rooted on the stack; the native
                    // function gets a copy it can hold while using the VM.
                    let f = nf.func;
                    let mut args = [Value::Undef; NATIVE_ARGS];
                    args[..n].copy_from_slice(&self.stack[fpos + 1..fpos + 1 + n]);
                    let r = f(self, &args[..n], &[]);
                    self.stack.truncate(fpos);
                    return r;
                }
                Obj::HpyFunc(_) if n <= 2 => {
                    // An extension function: the arguments go from the stack
                    // to handles without a vector (they stay rooted on the
                    // stack). Matched here so the object is looked up once.
                    let fast = match n {
                        0 => crate::hpy::call::call_fast(self, r, &[]),
                        1 => crate::hpy::call::call_fast(self, r, &[self.stack[fpos + 1]]),
                        _ => crate::hpy::call::call_fast(self, r, &[self.stack[fpos + 1], self.stack[fpos + 2]]),
                    };
                    if let Some(r) = fast {
                        self.stack.truncate(fpos);
                        return r;
                    }
                }
                _ => {}
            }
        }
        if n <= 8 {
            // Small calls copy their arguments to the Rust stack, not a Vec
            // (they stay rooted on the VM stack until the call returns).
            let mut args = [Value::None; 8];
            args[..n].copy_from_slice(&self.stack[fpos + 1..fpos + 1 + n]);
            let r = self.call(callee, &args[..n], &[]);
            self.stack.truncate(fpos);
            return r;
        }
        let args: Vec<Value> = self.stack[fpos + 1..].to_vec();
        let r = self.call(callee, &args, &[]);
        self.stack.truncate(fpos);
        r
    }

    /// Run the Python function at `stack[fpos]` whose `n` positional
    /// arguments follow it, when [`simple_call`] holds: fill the missing
    /// ones from the defaults and the other locals with `Undef` (for a
    /// generator function, make the generator instead).
    /// The caller cuts the stack back to `fpos`.
    fn enter_simple(&mut self, fpos: usize, n: usize) -> PyResult<Value> {
        let Value::Obj(r) = self.stack[fpos] else { unreachable!("function") };
        let Obj::Function(f) = self.heap.get(r) else { unreachable!("function") };
        let code = f.code.clone();
        let globals = f.globals;
        let missing = code.argcount as usize - n;
        if missing > 0 {
            self.stack.extend_from_slice(&f.defaults[f.defaults.len() - missing..]);
        }
        let base = fpos + 1;
        self.stack.resize(base + code.nlocals(), Value::Undef);
        if !code.cell_slots.is_empty() || !code.free_slots.is_empty() {
            self.setup_cells(&code, base, r);
        }
        if code.is_generator {
            return Ok(self.new_generator(r, code, base));
        }
        let frame = Frame { code, func: Value::Obj(r), globals, locals: None, base, blocks_base: self.blocks.len(), handling_base: self.handling.len() };
        match frame.code.jit.compiled() {
            // Machine code: entered at once (most calls from machine code).
            Some(func) => self.run_compiled_frame(&frame, func),
            None => {
                let r = self.run_frame(&frame, 0);
                self.frame_result(r)
            }
        }
    }

    /// A generator over the frame just set up at `base` (left on the stack).
    fn new_generator(&mut self, func: ObjRef, code: Rc<Code>, base: usize) -> Value {
        let saved = self.stack[base..].to_vec();
        let g = Generator { func, code, ip: 0, stack: saved, blocks: Vec::new(), handling: Vec::new(), started: false, running: false, finished: false };
        self.alloc(Obj::Generator(Box::new(g)))
    }

    /// The `__init__` to call for `cls(...)` when instantiating it needs
    /// nothing else: a user class without its own `__new__`, whose
    /// `__init__` is a Python function.
    pub(crate) fn plain_init(&self, cls: ObjRef) -> Option<Value> {
        if !matches!(self.lookup_type_static(cls, "__new__"), Some(n) if self.is_native(n)) {
            return None;
        }
        match self.lookup_type_static(cls, "__init__") {
            Some(Value::Obj(i)) if matches!(self.heap.get(i), Obj::Function(_)) => Some(Value::Obj(i)),
            _ => None,
        }
    }

    /// `cls(*args)` of an extension type whose `__new__` is its `tp_new`
    /// (an extension function `new_fast` takes) and whose `__init__` is
    /// `object.__init__`: the `tp_new` alone, as `call_class` would do it
    /// (the `__init__` it would call then does nothing), with the two
    /// lookups cached. None when that does not apply.
    pub(crate) fn construct_extension(&mut self, cls: ObjRef, args: &[Value]) -> Option<PyResult<Value>> {
        let new = self.extension_constructor(cls)?;
        crate::hpy::call::new_fast(self, new, cls, args)
    }

    /// The `__new__` of class `cls` when `cls(*args)` is that alone (see
    /// [`Vm::construct_extension`]), as of the current attribute epoch.
    pub(crate) fn extension_constructor(&self, cls: ObjRef) -> Option<ObjRef> {
        let Some(Value::Obj(new)) = self.lookup_type_static(cls, "__new__") else { return None };
        match self.lookup_type_static(cls, "__init__") {
            None => Some(new),
            Some(init) if self.native_name(init) == Some("object.__init__") => Some(new),
            Some(_) => None,
        }
    }

    /// `cls(args)` with the arguments at `stack[fpos + 1..]` (see
    /// [`Vm::plain_init`]): the new instance goes in as `__init__`'s first
    /// argument without copying the others out.
    fn instantiate_at(&mut self, fpos: usize, n: usize, cls: ObjRef, init: Value) -> PyResult<Value> {
        let inst = self.new_instance(cls);
        // Rooted here too: __init__ may rebind its `self` slot.
        self.temp_roots.push(inst);
        self.stack[fpos] = init;
        self.stack.insert(fpos + 1, inst);
        let r = self.call_at(fpos, n + 1);
        self.temp_roots.pop();
        self.instance_after_init(inst, r?)
    }

    /// The result of `cls(...)` whose `__init__` returned `r`: the new
    /// instance `inst`, or the TypeError when `r` is not None.
    pub(crate) fn instance_after_init(&mut self, inst: Value, r: Value) -> PyResult<Value> {
        match r {
            Value::None => Ok(inst),
            other => {
                let t = self.type_name(other);
                Err(self.err("TypeError", &format!("__init__() should return None, not '{t}'")))
            }
        }
    }

    /// `CallKw`: the top `n` values are arguments, the last ones keywords
    /// named by the tuple `names`.
    pub fn call_kw_at(&mut self, n: usize, names: Value) -> PyResult<Value> {
        let fpos = self.stack.len() - n - 1;
        if let Value::Obj(r) = self.stack[fpos] {
            if let Obj::HpyFunc(_) = self.heap.get(r) {
                // The names tuple is the code's constant: it becomes the
                // extension's kwnames as is.
                if let Some(res) = crate::hpy::call::call_keywords_fast(self, r, fpos, n, names) {
                    self.stack.truncate(fpos);
                    return res;
                }
            }
        }
        if let Some(r) = self.call_kw_in_place(fpos, n, names) {
            return r;
        }
        let names: Vec<Rc<str>> = self.tuple_items(names).iter().map(|v| Rc::from(self.as_str(*v).unwrap_or(""))).collect();
        let callee = self.stack[fpos];
        let npos = n - names.len();
        let args: Vec<Value> = self.stack[fpos + 1..fpos + 1 + npos].to_vec();
        let kw: Vec<(Rc<str>, Value)> = names.into_iter().zip(self.stack[fpos + 1 + npos..].iter().copied()).collect();
        let r = self.call(callee, &args, &kw);
        self.stack.truncate(fpos);
        r
    }

    /// `CallKw` of a Python function that takes every keyword by a
    /// parameter's name (no `**kwargs`, no `*args`) and gets a value for
    /// each parameter: the arguments are bound where the locals go, on the
    /// stack, with no vectors made. None (nothing changed) for any other
    /// call, which the general binding does (and raises for).
    fn call_kw_in_place(&mut self, fpos: usize, n: usize, names: Value) -> Option<PyResult<Value>> {
        let Value::Obj(fr) = self.stack[fpos] else { return None };
        let Obj::Function(f) = self.heap.get(fr) else { return None };
        let Value::Obj(nr) = names else { return None };
        let Obj::Tuple(names) = self.heap.get(nr) else { return None };
        let code = &f.code;
        let (k, argc) = (names.len(), code.argcount as usize);
        let npos = n - k;
        let kwonly_end = argc + code.kwonly as usize;
        if code.varargs || code.varkw || npos > argc || k > KW_IN_PLACE {
            return None;
        }
        // The parameter slot of each keyword: not positional-only, not
        // given positionally, not given twice.
        let mut slots = [0usize; KW_IN_PLACE];
        for (j, name) in names.iter().enumerate() {
            let name = self.as_str(*name)?;
            let p = (code.posonly as usize..kwonly_end).find(|&p| &*code.varnames[p] == name)?;
            if p < npos || slots[..j].contains(&p) {
                return None;
            }
            slots[j] = p;
        }
        let slots = &slots[..k];
        let first_default = argc - f.defaults.len().min(argc);
        let given = |i: usize| i < npos || slots.contains(&i);
        if (npos..first_default).any(|i| !given(i)) {
            return None;
        }
        if (argc..kwonly_end).any(|i| !given(i) && kwdefault(f, i).is_none()) {
            return None;
        }
        let code = code.clone();
        let globals = f.globals;
        // Bound: the keyword values move from above the positional ones
        // to their slots (nothing allocates until they are back on the
        // stack), then the defaults fill what is left.
        let base = fpos + 1;
        let mut values = [Value::Undef; KW_IN_PLACE];
        values[..k].copy_from_slice(&self.stack[base + npos..base + n]);
        self.stack.truncate(base + npos);
        self.stack.resize(base + code.nlocals(), Value::Undef);
        for (j, p) in slots.iter().enumerate() {
            self.stack[base + p] = values[j];
        }
        let Obj::Function(f) = self.heap.get(fr) else { unreachable!("function") };
        for i in npos..kwonly_end {
            if let Value::Undef = self.stack[base + i] {
                self.stack[base + i] = if i < argc {
                    f.defaults[i - first_default]
                } else {
                    kwdefault(f, i).expect("checked above")
                };
            }
        }
        if !code.cell_slots.is_empty() || !code.free_slots.is_empty() {
            self.setup_cells(&code, base, fr);
        }
        let r = if code.is_generator {
            Ok(self.new_generator(fr, code, base))
        } else {
            self.run_function(code, Value::Obj(fr), globals, base)
        };
        self.stack.truncate(fpos);
        Some(r)
    }

    /// `f(*args, **kwargs)`.
    pub fn call_ex(&mut self, func: Value, args: Value, kw: Value) -> PyResult<Value> {
        let args = self.tuple_items(args);
        let mut kws = Vec::new();
        if let Value::Obj(d) = kw {
            for (k, v) in self.dict_entries(d) {
                match self.as_str(k) {
                    Some(s) => kws.push((Rc::from(s), v)),
                    None => return Err(self.err("TypeError", "keywords must be strings")),
                }
            }
        }
        self.call(func, &args, &kws)
    }

    /// Call any callable.
    pub fn call(&mut self, callee: Value, args: &[Value], kw: &[(Rc<str>, Value)]) -> PyResult<Value> {
        let Value::Obj(r) = callee else {
            let t = self.type_name(callee);
            return Err(self.err("TypeError", &format!("'{t}' object is not callable")));
        };
        match self.heap.get(r) {
            Obj::Function(_) => self.call_function(r, args, kw),
            Obj::Native(n) => {
                let (f, bound) = (n.func, n.bound);
                match bound {
                    Some(b) => {
                        let mut a = Vec::with_capacity(args.len() + 1);
                        a.push(b);
                        a.extend_from_slice(args);
                        f(self, &a, kw)
                    }
                    None => f(self, args, kw),
                }
            }
            Obj::BoundMethod { receiver, func } => {
                let (recv, func) = (*receiver, *func);
                let mut a = Vec::with_capacity(args.len() + 1);
                a.push(recv);
                a.extend_from_slice(args);
                self.call(func, &a, kw)
            }
            Obj::Class(_) => self.call_class(r, args, kw),
            Obj::HpyFunc(_) => crate::hpy::call::call(self, r, args, kw),
            Obj::Instance(i) => {
                let cls = i.class;
                match self.lookup_type(cls, "__call__") {
                    Some(c) => {
                        let mut a = Vec::with_capacity(args.len() + 1);
                        a.push(callee);
                        a.extend_from_slice(args);
                        self.call(c, &a, kw)
                    }
                    None => {
                        let t = self.type_name(callee);
                        Err(self.err("TypeError", &format!("'{t}' object is not callable")))
                    }
                }
            }
            _ => {
                let t = self.type_name(callee);
                Err(self.err("TypeError", &format!("'{t}' object is not callable")))
            }
        }
    }

    /// Instantiate a class: builtin constructors, `__new__`, `__init__`.
    fn call_class(&mut self, cls: ObjRef, args: &[Value], kw: &[(Rc<str>, Value)]) -> PyResult<Value> {
        let kind = match self.heap.get(cls) {
            Obj::Class(c) => c.kind,
            _ => TypeKind::Object,
        };
        if kind == TypeKind::Builtin {
            if let Some(ctor) = self.lookup_type_static(cls, "__new__") {
                let mut a = Vec::with_capacity(args.len() + 1);
                a.push(Value::Obj(cls));
                a.extend_from_slice(args);
                return self.call(ctor, &a, kw);
            }
        }
        let user_new = self.lookup_type_static(cls, "__new__").filter(|n| !self.is_native(*n));
        if let (Some(Value::Obj(nf)), true) = (user_new, kw.is_empty()) {
            // An extension type's tp_new, called straight with handles.
            if let Some(r) = crate::hpy::call::new_fast(self, nf, cls, args) {
                let inst = r?;
                if !self.is_subclass(self.type_of(inst), cls) {
                    return Ok(inst);
                }
                self.temp_roots.push(inst);
                let r = self.init_instance(cls, inst, args, kw, true);
                self.temp_roots.pop();
                r?;
                return Ok(inst);
            }
        }
        let inst = match user_new {
            Some(n) => {
                let n = match n {
                    Value::Obj(nr) => match self.heap.get(nr) {
                        Obj::StaticMethod(f) => *f,
                        _ => n,
                    },
                    _ => n,
                };
                let mut a = vec![Value::Obj(cls)];
                a.extend_from_slice(args);
                let inst = self.call(n, &a, kw)?;
                if !self.is_subclass(self.type_of(inst), cls) {
                    return Ok(inst);
                }
                inst
            }
            None if kind == TypeKind::Exception => {
                let a = self.new_tuple(args.to_vec());
                Value::Obj(self.new_exception(cls, a).0)
            }
            None => self.new_instance(cls),
        };
        self.temp_roots.push(inst);
        let r = self.init_instance(cls, inst, args, kw, user_new.is_some());
        self.temp_roots.pop();
        r?;
        Ok(inst)
    }

    fn init_instance(&mut self, cls: ObjRef, inst: Value, args: &[Value], kw: &[(Rc<str>, Value)], has_new: bool) -> PyResult<()> {
        match self.lookup_type(cls, "__init__") {
            Some(init) if !self.is_native(init) || self.native_name(init) != Some("object.__init__") => {
                let mut a = Vec::with_capacity(args.len() + 1);
                a.push(inst);
                a.extend_from_slice(args);
                let r = self.call(init, &a, kw)?;
                self.instance_after_init(inst, r)?;
            }
            _ => {
                if (!args.is_empty() || !kw.is_empty()) && !has_new {
                    let t = self.class_name(cls);
                    return Err(self.err("TypeError", &format!("{t}() takes no arguments")));
                }
            }
        }
        Ok(())
    }

    pub fn native_name(&self, v: Value) -> Option<&'static str> {
        match v {
            Value::Obj(r) => match self.heap.get(r) {
                Obj::Native(n) => Some(n.name),
                _ => None,
            },
            _ => None,
        }
    }

    /// Call a Python function object with bound arguments.
    pub fn call_function(&mut self, fr: ObjRef, args: &[Value], kw: &[(Rc<str>, Value)]) -> PyResult<Value> {
        let Obj::Function(f) = self.heap.get(fr) else { unreachable!("function") };
        if kw.is_empty() && simple_call(f, args.len()) {
            let fpos = self.stack.len();
            self.stack.push(Value::Obj(fr));
            self.stack.extend_from_slice(args);
            let r = self.enter_simple(fpos, args.len());
            self.stack.truncate(fpos);
            return r;
        }
        let code = f.code.clone();
        let globals = f.globals;
        let locals = self.bind_args(fr, &code, args, kw)?;
        let fpos = self.stack.len();
        self.stack.push(Value::Obj(fr));
        let base = fpos + 1;
        self.stack.extend(locals);
        self.setup_cells(&code, base, fr);
        if code.is_generator {
            let g = self.new_generator(fr, code, base);
            self.stack.truncate(fpos);
            return Ok(g);
        }
        let r = self.run_function(code, Value::Obj(fr), globals, base);
        self.stack.truncate(fpos);
        r
    }

    pub fn run_function(&mut self, code: Rc<Code>, func: Value, globals: ObjRef, base: usize) -> PyResult<Value> {
        let frame = Frame { code, func, globals, locals: None, base, blocks_base: self.blocks.len(), handling_base: self.handling.len() };
        let r = self.run_frame(&frame, 0);
        self.frame_result(r)
    }

    /// A function frame's value: what it returned.
    pub(crate) fn frame_result(&mut self, r: PyResult<(Exit, usize)>) -> PyResult<Value> {
        match r? {
            (Exit::Return(v), _) => Ok(v),
            (Exit::Yield(_), _) => Err(self.err("SystemError", "yield in a non-generator")),
        }
    }

    /// Wrap cell slots in fresh cells; copy the closure's cells into free slots.
    pub fn setup_cells(&mut self, code: &Code, base: usize, func: ObjRef) {
        for s in &code.cell_slots {
            let v = self.stack[base + *s as usize];
            let c = self.alloc(Obj::Cell(v));
            self.stack[base + *s as usize] = c;
        }
        // The closure's cells, read from the function (no copy of it).
        let Obj::Function(f) = self.heap.get(func) else { return };
        for (s, c) in code.free_slots.iter().zip(f.closure.iter()) {
            self.stack[base + *s as usize] = *c;
        }
    }

    /// Map positional and keyword arguments onto the parameter slots.
    fn bind_args(&mut self, fr: ObjRef, code: &Code, args: &[Value], kw: &[(Rc<str>, Value)]) -> PyResult<Vec<Value>> {
        let mut locals = vec![Value::Undef; code.nlocals()];
        let npos = code.argcount as usize;
        let fname = code.qualname.clone();
        for (i, a) in args.iter().enumerate().take(npos) {
            locals[i] = *a;
        }
        let mut slot = npos;
        if code.varargs {
            let extra = if args.len() > npos { args[npos..].to_vec() } else { Vec::new() };
            locals[slot] = self.new_tuple(extra);
            slot += 1;
        } else if args.len() > npos {
            let (defaults_len, _) = self.fn_defaults_len(fr);
            let (sig, plural) = match defaults_len.min(npos) {
                0 => (npos.to_string(), npos != 1),
                d => (format!("from {} to {npos}", npos - d), true),
            };
            // CPython counts the keyword-only arguments given as well.
            let kwonly = &code.varnames[npos..npos + code.kwonly as usize];
            let kwonly_given = kw.iter().filter(|(name, _)| kwonly.contains(name)).count();
            let given = args.len();
            let also = match kwonly_given {
                0 => String::new(),
                k => format!(" positional argument{} (and {k} keyword-only argument{})", if given == 1 { "" } else { "s" }, if k == 1 { "" } else { "s" }),
            };
            let verb = if given == 1 && kwonly_given == 0 { "was" } else { "were" };
            let msg = format!("{fname}() takes {sig} positional argument{} but {given}{also} {verb} given", if plural { "s" } else { "" });
            return Err(self.err("TypeError", &msg));
        }
        let kwonly_start = slot;
        let kwonly_end = slot + code.kwonly as usize;
        let kwdict = if code.varkw {
            let d = self.new_dict();
            locals[kwonly_end] = Value::Obj(d);
            Some(d)
        } else {
            None
        };
        for (name, v) in kw {
            let pos = code.varnames[code.posonly as usize..npos].iter().position(|n| n == name).map(|p| p + code.posonly as usize).or_else(|| {
                code.varnames[kwonly_start..kwonly_end].iter().position(|n| n == name).map(|p| p + kwonly_start)
            });
            match pos {
                Some(p) => {
                    if !matches!(locals[p], Value::Undef) {
                        return Err(self.err("TypeError", &format!("{fname}() got multiple values for argument '{name}'")));
                    }
                    locals[p] = *v;
                }
                None => match kwdict {
                    Some(d) => {
                        self.stack.push(Value::Obj(d));
                        let k = self.new_str(&**name);
                        let r = self.dict_set(d, k, *v);
                        self.stack.pop();
                        r?;
                    }
                    None => {
                        // A positional-only parameter's name: CPython names
                        // every such keyword of the call.
                        let posonly = &code.varnames[..code.posonly as usize];
                        let misused: Vec<String> = kw.iter().filter(|(n, _)| posonly.contains(n)).map(|(n, _)| format!("'{n}'")).collect();
                        let msg = if misused.is_empty() {
                            format!("{fname}() got an unexpected keyword argument '{name}'")
                        } else {
                            format!("{fname}() got some positional-only arguments passed as keyword arguments: {}", misused.join(", "))
                        };
                        return Err(self.err("TypeError", &msg));
                    }
                },
            }
        }
        // Defaults for missing positional parameters, then keyword-only ones.
        let Obj::Function(f) = self.heap.get(fr) else { unreachable!("function") };
        let defaults = f.defaults.clone();
        let kwdefaults = f.kwdefaults.clone();
        let first_default = npos - defaults.len().min(npos);
        let mut missing = Vec::new();
        for i in 0..npos {
            if let Value::Undef = locals[i] {
                if i >= first_default {
                    locals[i] = defaults[i - first_default];
                } else {
                    missing.push(format!("'{}'", code.varnames[i]));
                }
            }
        }
        if !missing.is_empty() {
            let list = match missing.len() {
                1 => missing[0].clone(),
                2 => format!("{} and {}", missing[0], missing[1]),
                _ => format!("{}, and {}", missing[..missing.len() - 1].join(", "), missing[missing.len() - 1]),
            };
            return Err(self.err("TypeError", &format!("{fname}() missing {} required positional argument{}: {list}", missing.len(), if missing.len() == 1 { "" } else { "s" })));
        }
        for i in kwonly_start..kwonly_end {
            if let Value::Undef = locals[i] {
                let name = &code.varnames[i];
                match kwdefaults.iter().find(|(n, _)| n == name) {
                    Some((_, v)) => locals[i] = *v,
                    None => return Err(self.err("TypeError", &format!("{fname}() missing 1 required keyword-only argument: '{name}'"))),
                }
            }
        }
        Ok(locals)
    }

    fn fn_defaults_len(&self, fr: ObjRef) -> (usize, usize) {
        match self.heap.get(fr) {
            Obj::Function(f) => (f.defaults.len(), f.kwdefaults.len()),
            _ => (0, 0),
        }
    }
}

/// The default of `f`'s keyword-only parameter in slot `i`, if it has one.
fn kwdefault(f: &crate::object::Function, i: usize) -> Option<Value> {
    let name = &f.code.varnames[i];
    f.kwdefaults.iter().find(|(n, _)| n == name).map(|(_, v)| *v)
}

/// Can `n` positional arguments (and no keywords) go straight into `f`'s
/// parameter slots? No `*args`, `**kwargs` or keyword-only parameters,
/// and the defaults cover what is missing.
#[inline]
fn simple_call(f: &crate::object::Function, n: usize) -> bool {
    let code = &f.code;
    let argc = code.argcount as usize;
    n <= argc && n + f.defaults.len() >= argc && !code.varargs && !code.varkw && code.kwonly == 0
}
