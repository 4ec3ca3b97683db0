//! Extension callables on the VM and the one place the VM calls into an
//! extension's `impl`.
//!
//! An [`HpyFunc`] is a module function, a method descriptor, a slot turned
//! into a dunder method (`nb_add` -> `__add__`, ...) or one side of a
//! member/getset (installed as a property). A call opens a handle per
//! argument straight from the caller's values (on the Rust stack for up to
//! eight arguments: no tuple, no vector), calls `impl` with the function's
//! context, and turns the returned handle back into a value.

use std::os::raw::{c_int, c_void};
use std::rc::Rc;

use hilt_abi::{HPy, HPyContext, HPyFunc_Signature, HPyMember_FieldType};

use super::modes::Boundary;
use crate::interp::{PyResult, Vm};
use crate::object::{Obj, ObjRef, Value};

/// What calling an [`HpyFunc`] means.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    /// A module function: its `self` is the module.
    Function(HPyFunc_Signature),
    /// A method descriptor: `self` is the first argument, of the owner type.
    Method(HPyFunc_Signature),
    /// A slot as a dunder method (first argument `self`).
    Slot(SlotCall),
    /// Reading / writing a member at `offset` in the C struct.
    MemberGet { offset: isize, ty: HPyMember_FieldType },
    MemberSet { offset: isize, ty: HPyMember_FieldType },
    /// A getset's getter / setter, with its closure.
    GetSetGet { closure: *mut c_void },
    GetSetSet { closure: *mut c_void },
}

/// How a slot's `impl` is called from its dunder method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlotCall {
    Unary,
    Binary,
    /// `__radd__(self, other)` calls `nb_add(other, self)`.
    BinaryReflected,
    Ternary,
    TernaryReflected,
    Inquiry,
    Len,
    /// `sq_item`, `sq_repeat`: an index argument.
    SsizeArg,
    SsizeObjArgSet,
    SsizeObjArgDel,
    ObjObjArgSet,
    ObjObjArgDel,
    ObjObj,
    Hash,
    RichCmp(c_int),
    Call,
    Init,
    New,
}

pub struct HpyFunc {
    pub name: Rc<str>,
    /// `module.function` / `Type.method`, for debug reports.
    pub label: &'static str,
    pub doc: Option<Rc<str>>,
    pub kind: Kind,
    pub impl_: *const c_void,
    /// The context the extension was loaded with (universal, debug or trace).
    pub ctx: *mut HPyContext,
    /// A module function's module.
    pub module: Value,
    /// The type of a method, slot, member or getset.
    pub owner: Option<ObjRef>,
    /// Whether and how machine code calls `impl` itself
    /// (`hpy::machine::how`), and `owner`'s heap index for it (u32::MAX
    /// for none).
    pub how: u32,
    pub owner_index: u32,
    /// A module function machine code calls: a handle to its module,
    /// open as long as the function lives (the extension must not close
    /// the `self` it is passed); 0 otherwise.
    pub self_handle: isize,
}

impl HpyFunc {
    pub fn trace(&self, v: &mut dyn FnMut(&Value)) {
        v(&self.module);
        if let Some(o) = self.owner {
            v(&Value::Obj(o));
        }
    }

    /// Make `cls` its owner type (`owner_index` with it).
    pub fn set_owner(&mut self, cls: ObjRef) {
        self.owner = Some(cls);
        self.owner_index = cls.0;
    }

    /// Whether reading it from an instance binds it (methods and slots do;
    /// module functions and `__new__` do not).
    pub fn binds(&self) -> bool {
        matches!(self.kind, Kind::Method(_)) || matches!(self.kind, Kind::Slot(s) if s != SlotCall::New)
    }
}

type NoArgs = unsafe extern "C" fn(*mut HPyContext, HPy) -> HPy;
type OneArg = unsafe extern "C" fn(*mut HPyContext, HPy, HPy) -> HPy;
type TwoArgs = unsafe extern "C" fn(*mut HPyContext, HPy, HPy, HPy) -> HPy;
type VarArgs = unsafe extern "C" fn(*mut HPyContext, HPy, *const HPy, usize) -> HPy;
type Keywords = unsafe extern "C" fn(*mut HPyContext, HPy, *const HPy, usize, HPy) -> HPy;
type ToInt = unsafe extern "C" fn(*mut HPyContext, HPy) -> c_int;
type ToSize = unsafe extern "C" fn(*mut HPyContext, HPy) -> isize;
type SsizeArg = unsafe extern "C" fn(*mut HPyContext, HPy, isize) -> HPy;
type SsizeObjArg = unsafe extern "C" fn(*mut HPyContext, HPy, isize, HPy) -> c_int;
type ObjObjArg = unsafe extern "C" fn(*mut HPyContext, HPy, HPy, HPy) -> c_int;
type ObjObj = unsafe extern "C" fn(*mut HPyContext, HPy, HPy) -> c_int;
type RichCmp = unsafe extern "C" fn(*mut HPyContext, HPy, HPy, c_int) -> HPy;
type Init = unsafe extern "C" fn(*mut HPyContext, HPy, *const HPy, isize, HPy) -> c_int;
type Getter = unsafe extern "C" fn(*mut HPyContext, HPy, *mut c_void) -> HPy;
type Setter = unsafe extern "C" fn(*mut HPyContext, HPy, HPy, *mut c_void) -> c_int;

/// The few facts of a function a call needs (copied out of the heap so the
/// call may run Python code, which may collect).
#[derive(Clone, Copy)]
struct Callee {
    label: &'static str,
    kind: Kind,
    impl_: *const c_void,
    ctx: *mut HPyContext,
    module: Value,
    owner: Option<ObjRef>,
}

/// Argument handles of one call: on the Rust stack for small calls.
struct ArgHandles {
    small: [HPy; 8],
    big: Vec<HPy>,
    n: usize,
}

impl ArgHandles {
    fn new() -> ArgHandles {
        ArgHandles { small: [HPy::NULL; 8], big: Vec::new(), n: 0 }
    }
    #[inline]
    fn push(&mut self, h: HPy) {
        if self.n < 8 && self.big.is_empty() {
            self.small[self.n] = h;
        } else {
            if self.big.is_empty() {
                self.big.extend_from_slice(&self.small[..self.n]);
            }
            self.big.push(h);
        }
        self.n += 1;
    }
    #[inline]
    fn as_slice(&self) -> &[HPy] {
        if self.big.is_empty() { &self.small[..self.n] } else { &self.big }
    }
}

/// Call the extension callable `f` with `args` (a method's or slot's
/// receiver first) and keyword arguments `kw`.
pub fn call(vm: &mut Vm, f: ObjRef, args: &[Value], kw: &[(Rc<str>, Value)]) -> PyResult<Value> {
    let c = match vm.heap.get(f) {
        Obj::HpyFunc(h) => Callee { label: h.label, kind: h.kind, impl_: h.impl_, ctx: h.ctx, module: h.module, owner: h.owner },
        _ => unreachable!("hpy::call::call on a non-extension function"),
    };
    let (me, rest) = match c.kind {
        Kind::Function(_) => (c.module, args),
        _ => {
            let Some((me, rest)) = args.split_first() else {
                let s = funcstr(vm, f);
                return Err(vm.err("TypeError", &format!("unbound method {s}() needs an argument")));
            };
            if let (Some(owner), false) = (c.owner, matches!(c.kind, Kind::Slot(SlotCall::New))) {
                if !vm.is_subclass(vm.type_of(*me), owner) {
                    return Err(descriptor_mismatch(vm, f, owner, *me));
                }
            }
            (*me, rest)
        }
    };
    match c.kind {
        Kind::Function(sig) | Kind::Method(sig) => call_meth(vm, f, c, sig, me, rest, kw),
        Kind::Slot(s) => {
            if !kw.is_empty() && !matches!(s, SlotCall::Call | SlotCall::Init | SlotCall::New) {
                let s = funcstr(vm, f);
                return Err(vm.err("TypeError", &format!("{s}() takes no keyword arguments")));
            }
            call_slot(vm, f, c, s, me, rest, kw)
        }
        Kind::MemberGet { offset, ty } => member_get(vm, c.owner, me, offset, ty),
        Kind::MemberSet { offset, ty } => {
            let v = rest.first().copied().unwrap_or(Value::Undef);
            member_set(vm, c.owner, me, offset, ty, v)?;
            Ok(Value::None)
        }
        Kind::GetSetGet { closure } => {
            let b = Boundary::enter(c.ctx, c.label);
            let h = b.arg(vm, me);
            // SAFETY: `impl_` is the extension's getter (HPyDef_GETSET).
            let r = unsafe { std::mem::transmute::<*const c_void, Getter>(c.impl_)(b.ctx, h, closure) };
            b.result(vm, r, &[h], &|_: &Vm| "a getset's getter".into())
        }
        Kind::GetSetSet { closure } => {
            let b = Boundary::enter(c.ctx, c.label);
            let h = b.arg(vm, me);
            let v = b.arg_opt(vm, rest.first().copied());
            // SAFETY: `impl_` is the extension's setter (HPyDef_GETSET).
            let r = unsafe { std::mem::transmute::<*const c_void, Setter>(c.impl_)(b.ctx, h, v, closure) };
            b.status(vm, r, &[h, v], &|_: &Vm| "a getset's setter".into())?;
            Ok(Value::None)
        }
    }
}

/// The fast path of a call from the interpreter: a function or method
/// loaded with the universal context, of signature NOARGS, O, VARARGS or
/// KEYWORDS (up to four arguments), without keywords. None when it does
/// not apply (the general [`call`] then runs).
#[inline]
pub fn call_fast(vm: &mut Vm, f: ObjRef, args: &[Value]) -> Option<PyResult<Value>> {
    let Obj::HpyFunc(h) = vm.heap.get(f) else { return None };
    if h.ctx as usize != vm.hpy.universal {
        return None;
    }
    let (ctx, impl_) = (h.ctx, h.impl_);
    let (sig, me, rest) = match h.kind {
        Kind::Function(sig) => (sig, h.module, args),
        Kind::Method(sig) => {
            let (me, rest) = args.split_first()?;
            let owner = h.owner?;
            let t = vm.type_of(*me);
            if t != owner && !vm.is_subclass(t, owner) {
                return None;
            }
            (sig, *me, rest)
        }
        _ => return None,
    };
    vm.hpy_enter();
    let handles = &mut vm.hpy.handles;
    let hm = handles.open(me);
    // SAFETY (each arm): `impl_` has the signature its HPyDef declares.
    let r = unsafe {
        match (sig, rest.len()) {
            (HPyFunc_Signature::NOARGS, 0) => std::mem::transmute::<*const c_void, NoArgs>(impl_)(ctx, hm),
            (HPyFunc_Signature::O, 1) => {
                let a = handles.open(rest[0]);
                let r = std::mem::transmute::<*const c_void, OneArg>(impl_)(ctx, hm, a);
                vm.hpy.handles.close(a);
                r
            }
            (HPyFunc_Signature::VARARGS | HPyFunc_Signature::KEYWORDS, n) if n <= 4 => {
                let mut hs = [HPy::NULL; 4];
                for (i, a) in rest.iter().enumerate() {
                    hs[i] = handles.open(*a);
                }
                let r = if sig == HPyFunc_Signature::VARARGS {
                    std::mem::transmute::<*const c_void, VarArgs>(impl_)(ctx, hm, hs.as_ptr(), n)
                } else {
                    // No keywords: kwnames is HPy_NULL.
                    std::mem::transmute::<*const c_void, Keywords>(impl_)(ctx, hm, hs.as_ptr(), n, HPy::NULL)
                };
                for h in &hs[..n] {
                    vm.hpy.handles.close(*h);
                }
                r
            }
            _ => {
                handles.close(hm);
                return None;
            }
        }
    };
    vm.hpy.handles.close(hm);
    Some(fast_result(vm, f, r))
}

/// `f(a, b=x)` from the interpreter: a KEYWORDS function or method loaded
/// with the universal context gets handles for the `n` values above
/// `stack[fpos]` (positionals, then keyword values) and the call site's
/// constant `names` tuple as kwnames. None when it does not apply.
pub fn call_keywords_fast(vm: &mut Vm, f: ObjRef, fpos: usize, n: usize, names: Value) -> Option<PyResult<Value>> {
    let Obj::HpyFunc(h) = vm.heap.get(f) else { return None };
    if h.ctx as usize != vm.hpy.universal || n > 8 {
        return None;
    }
    let (ctx, impl_, module, kind) = (h.ctx, h.impl_, h.module, h.kind);
    let Kind::Function(HPyFunc_Signature::KEYWORDS) = kind else { return None };
    let nkw = match names {
        Value::Obj(t) => match vm.heap.get(t) {
            Obj::Tuple(xs) => xs.len(),
            _ => return None,
        },
        _ => return None,
    };
    vm.hpy_enter();
    let mut hs = [HPy::NULL; 8];
    for i in 0..n {
        let v = vm.stack[fpos + 1 + i];
        hs[i] = vm.hpy.handles.open(v);
    }
    let hm = vm.hpy.handles.open(module);
    let hn = vm.hpy.handles.open(names);
    // SAFETY: `impl_` has the KEYWORDS signature its HPyDef declares.
    let r = unsafe { std::mem::transmute::<*const c_void, Keywords>(impl_)(ctx, hm, hs.as_ptr(), n - nkw, hn) };
    for h in hs[..n].iter().chain([&hm, &hn]) {
        vm.hpy.handles.close(*h);
    }
    Some(fast_result(vm, f, r))
}

/// `cls(*args)` where `cls.__new__` is the `tp_new` slot `f` of an extension
/// loaded with the universal context: `impl` gets the class and a handle
/// per argument (up to 6), no keyword dict. None when it does not apply.
pub fn new_fast(vm: &mut Vm, f: ObjRef, cls: ObjRef, args: &[Value]) -> Option<PyResult<Value>> {
    if args.len() > NEW_FAST_ARGS {
        return None;
    }
    let (ctx, impl_) = fast_tp_new(vm, f)?;
    vm.hpy_enter();
    let hc = vm.hpy.handles.open(Value::Obj(cls));
    let mut hs = [HPy::NULL; NEW_FAST_ARGS];
    for (i, a) in args.iter().enumerate() {
        hs[i] = vm.hpy.handles.open(*a);
    }
    type New = unsafe extern "C" fn(*mut HPyContext, HPy, *const HPy, isize, HPy) -> HPy;
    // SAFETY: `impl_` is the type's tp_new (HPyFunc_NEWFUNC signature).
    let r = unsafe { std::mem::transmute::<*const c_void, New>(impl_)(ctx, hc, hs.as_ptr(), args.len() as isize, HPy::NULL) };
    for h in hs[..args.len()].iter().chain([&hc]) {
        vm.hpy.handles.close(*h);
    }
    Some(fast_result(vm, f, r))
}

/// The most arguments [`new_fast`] (and machine code making extension
/// objects) passes to a `tp_new`.
pub const NEW_FAST_ARGS: usize = 6;

/// The context and `impl` of `f` when it is a `tp_new` loaded with the
/// universal context, which [`new_fast`] and machine code call directly.
pub(crate) fn fast_tp_new(vm: &Vm, f: ObjRef) -> Option<(*mut HPyContext, *const c_void)> {
    match vm.heap.get(f) {
        Obj::HpyFunc(h) if h.ctx as usize == vm.hpy.universal && matches!(h.kind, Kind::Slot(SlotCall::New)) => Some((h.ctx, h.impl_)),
        _ => None,
    }
}

/// The value of the handle a fast-path call returned (closed here).
#[inline]
pub(crate) fn fast_result(vm: &mut Vm, f: ObjRef, r: HPy) -> PyResult<Value> {
    if r.is_null() || vm.hpy.error.is_some() {
        return failed_result(vm, f, r);
    }
    let v = vm.hpy.handles.get(r);
    vm.hpy.handles.close(r);
    Ok(v)
}

/// A NULL result, or a result with an exception set: the exception, or a
/// SystemError saying what the function did wrong.
#[cold]
fn failed_result(vm: &mut Vm, f: ObjRef, r: HPy) -> PyResult<Value> {
    let what = failing_callable(vm, f);
    match (r.is_null(), vm.hpy.error.take()) {
        (true, Some(e)) => Err(e),
        (true, None) => Err(vm.err("SystemError", &format!("{what} returned NULL without setting an exception"))),
        (false, e) => {
            vm.hpy.handles.close(r);
            let se = vm.err("SystemError", &format!("{what} returned a result with an exception set"));
            if let Some(e) = e {
                vm.set_context(se, Value::Obj(e.0));
            }
            Err(se)
        }
    }
}

/// How a SystemError about what extension function `f` returned names it,
/// as CPython does: a type's `tp_new` as the class (`<class 'm.T'>`), any
/// other function as `<built-in function m.f>`.
fn failing_callable(vm: &Vm, f: ObjRef) -> String {
    if let Obj::HpyFunc(h) = vm.heap.get(f) {
        if let (Kind::Slot(SlotCall::New), Some(owner)) = (h.kind, h.owner) {
            if let Obj::Class(c) = vm.heap.get(owner) {
                if let Some(t) = &c.hpy {
                    return format!("<class '{}'>", t.name);
                }
            }
        }
    }
    format!("<built-in function {}>", funcstr(vm, f))
}

/// `module.name` for a module function, `Type.name` for a method.
pub fn funcstr(vm: &Vm, f: ObjRef) -> String {
    let Obj::HpyFunc(h) = vm.heap.get(f) else { return "?".into() };
    match (h.owner, h.module) {
        (Some(o), _) => format!("{}.{}", vm.class_name(o), h.name),
        (None, Value::Obj(m)) => match vm.heap.get(m) {
            Obj::Module { name, .. } => format!("{name}.{}", h.name),
            _ => h.name.to_string(),
        },
        _ => h.name.to_string(),
    }
}

/// `repr()` of an extension callable, as CPython shows its counterpart.
pub fn repr(vm: &Vm, f: ObjRef) -> String {
    let Obj::HpyFunc(h) = vm.heap.get(f) else { return "?".into() };
    match (h.kind, h.owner) {
        (Kind::Function(_), _) | (_, None) => format!("<built-in function {}>", h.name),
        (Kind::Method(_), Some(o)) => format!("<method '{}' of '{}' objects>", h.name, tp_name(vm, o)),
        (Kind::Slot(SlotCall::New), Some(o)) => format!("<built-in method __new__ of type object at 0x{:012x}>", 0x7f00_0000_0000u64 + o.0 as u64 * 16),
        (_, Some(o)) => format!("<slot wrapper '{}' of '{}' objects>", h.name, tp_name(vm, o)),
    }
}

/// The full name an extension gave its type (`module.Type`).
pub fn tp_name(vm: &Vm, cls: ObjRef) -> String {
    match vm.heap.get(cls) {
        Obj::Class(c) => match &c.hpy {
            Some(t) if t.class.get() == Some(cls) => t.name.clone(),
            _ => c.name.to_string(),
        },
        _ => "?".into(),
    }
}

fn descriptor_mismatch(vm: &mut Vm, f: ObjRef, owner: ObjRef, me: Value) -> crate::interp::Exc {
    let name = match vm.heap.get(f) {
        Obj::HpyFunc(h) => h.name.clone(),
        _ => "?".into(),
    };
    let want = tp_name(vm, owner);
    let got = vm.type_name(me);
    vm.err("TypeError", &format!("descriptor '{name}' for '{want}' objects doesn't apply to a '{got}' object"))
}

fn call_meth(vm: &mut Vm, f: ObjRef, c: Callee, sig: HPyFunc_Signature, me: Value, args: &[Value], kw: &[(Rc<str>, Value)]) -> PyResult<Value> {
    let n = args.len();
    if !kw.is_empty() && sig != HPyFunc_Signature::KEYWORDS {
        let s = funcstr(vm, f);
        return Err(vm.err("TypeError", &format!("{s}() takes no keyword arguments")));
    }
    let what = |vm: &Vm| format!("<built-in function {}>", funcstr(vm, f));
    let b = Boundary::enter(c.ctx, c.label);
    let h_me = b.arg(vm, me);
    let mut hs = ArgHandles::new();
    hs.push(h_me);
    // SAFETY (each arm): `impl_` has the signature the HPyDef declares.
    let r = unsafe {
        match sig {
            HPyFunc_Signature::NOARGS => {
                if n != 0 {
                    let s = funcstr(vm, f);
                    b.abandon(vm, hs.as_slice());
                    return Err(vm.err("TypeError", &format!("{s}() takes no arguments ({n} given)")));
                }
                std::mem::transmute::<*const c_void, NoArgs>(c.impl_)(b.ctx, h_me)
            }
            HPyFunc_Signature::O => {
                if n != 1 {
                    let s = funcstr(vm, f);
                    b.abandon(vm, hs.as_slice());
                    return Err(vm.err("TypeError", &format!("{s}() takes exactly one argument ({n} given)")));
                }
                let a = b.arg(vm, args[0]);
                hs.push(a);
                std::mem::transmute::<*const c_void, OneArg>(c.impl_)(b.ctx, h_me, a)
            }
            HPyFunc_Signature::VARARGS => {
                for a in args {
                    let h = b.arg(vm, *a);
                    hs.push(h);
                }
                std::mem::transmute::<*const c_void, VarArgs>(c.impl_)(b.ctx, h_me, hs.as_slice()[1..].as_ptr(), n)
            }
            HPyFunc_Signature::KEYWORDS => {
                for a in args.iter().chain(kw.iter().map(|(_, v)| v)) {
                    let h = b.arg(vm, *a);
                    hs.push(h);
                }
                let names = if kw.is_empty() {
                    HPy::NULL
                } else {
                    let names: Vec<Value> = kw.iter().map(|(k, _)| vm.new_str(k.clone())).collect();
                    let t = vm.new_tuple(names);
                    let h = b.arg(vm, t);
                    h
                };
                let r = std::mem::transmute::<*const c_void, Keywords>(c.impl_)(b.ctx, h_me, hs.as_slice()[1..].as_ptr(), n, names);
                if !names.is_null() {
                    hs.push(names);
                }
                r
            }
            other => {
                b.abandon(vm, hs.as_slice());
                let s = funcstr(vm, f);
                return Err(vm.err("SystemError", &format!("{s}: unsupported method signature {}", other.name().unwrap_or("(unknown)"))));
            }
        }
    };
    b.result(vm, r, hs.as_slice(), &what)
}

fn call_slot(vm: &mut Vm, f: ObjRef, c: Callee, s: SlotCall, me: Value, args: &[Value], kw: &[(Rc<str>, Value)]) -> PyResult<Value> {
    let need = match s {
        SlotCall::Unary | SlotCall::Inquiry | SlotCall::Len | SlotCall::Hash => 0,
        SlotCall::Binary | SlotCall::BinaryReflected | SlotCall::SsizeArg | SlotCall::SsizeObjArgDel | SlotCall::ObjObjArgDel | SlotCall::ObjObj | SlotCall::RichCmp(_) => 1,
        SlotCall::SsizeObjArgSet | SlotCall::ObjObjArgSet => 2,
        SlotCall::Ternary | SlotCall::TernaryReflected => {
            if args.is_empty() || args.len() > 2 {
                let fs = funcstr(vm, f);
                return Err(vm.err("TypeError", &format!("expected 1 or 2 arguments to {fs}(), got {}", args.len())));
            }
            args.len()
        }
        SlotCall::Call | SlotCall::Init | SlotCall::New => args.len(),
    };
    if args.len() != need {
        let fs = funcstr(vm, f);
        return Err(vm.err("TypeError", &format!("expected {need} argument{} to {fs}(), got {}", if need == 1 { "" } else { "s" }, args.len())));
    }
    let what = |vm: &Vm| failing_callable(vm, f);
    let b = Boundary::enter(c.ctx, c.label);
    let h_me = b.arg(vm, me);
    let mut hs = ArgHandles::new();
    hs.push(h_me);
    let arg = |vm: &mut Vm, v: Value, hs: &mut ArgHandles| {
        let h = b.arg(vm, v);
        hs.push(h);
        h
    };
    let p = c.impl_;
    // SAFETY (whole match): `impl_` has the signature of its slot, which
    // `types::slot_dunders` chose this SlotCall for.
    unsafe {
        use std::mem::transmute as t;
        match s {
            SlotCall::Unary => {
                let r = t::<_, NoArgs>(p)(b.ctx, h_me);
                b.result(vm, r, hs.as_slice(), &what)
            }
            SlotCall::Binary | SlotCall::BinaryReflected | SlotCall::Ternary | SlotCall::TernaryReflected => {
                let o = arg(vm, args[0], &mut hs);
                let (x, y) = if matches!(s, SlotCall::Binary | SlotCall::Ternary) { (h_me, o) } else { (o, h_me) };
                let r = if matches!(s, SlotCall::Ternary | SlotCall::TernaryReflected) {
                    let m = arg(vm, args.get(1).copied().unwrap_or(Value::None), &mut hs);
                    t::<_, TwoArgs>(p)(b.ctx, x, y, m)
                } else {
                    t::<_, OneArg>(p)(b.ctx, x, y)
                };
                b.result(vm, r, hs.as_slice(), &what)
            }
            SlotCall::RichCmp(op) => {
                let o = arg(vm, args[0], &mut hs);
                let r = t::<_, RichCmp>(p)(b.ctx, h_me, o, op);
                b.result(vm, r, hs.as_slice(), &what)
            }
            SlotCall::Inquiry => {
                let r = t::<_, ToInt>(p)(b.ctx, h_me);
                b.status(vm, r, hs.as_slice(), &what)?;
                Ok(Value::Bool(r != 0))
            }
            SlotCall::ObjObj => {
                let o = arg(vm, args[0], &mut hs);
                let r = t::<_, ObjObj>(p)(b.ctx, h_me, o);
                b.status(vm, r, hs.as_slice(), &what)?;
                Ok(Value::Bool(r != 0))
            }
            SlotCall::Len | SlotCall::Hash => {
                let r = t::<_, ToSize>(p)(b.ctx, h_me);
                b.size(vm, r, hs.as_slice(), &what)?;
                if s == SlotCall::Len && r < 0 {
                    return Err(vm.err("ValueError", "__len__() should return >= 0"));
                }
                Ok(Value::Int(r as i64))
            }
            SlotCall::SsizeArg => {
                let i = index_arg(vm, me, args[0])?;
                let r = t::<_, SsizeArg>(p)(b.ctx, h_me, i);
                b.result(vm, r, hs.as_slice(), &what)
            }
            SlotCall::SsizeObjArgSet | SlotCall::SsizeObjArgDel => {
                let i = index_arg(vm, me, args[0])?;
                let v = if s == SlotCall::SsizeObjArgSet { arg(vm, args[1], &mut hs) } else { HPy::NULL };
                let r = t::<_, SsizeObjArg>(p)(b.ctx, h_me, i, v);
                b.status(vm, r, hs.as_slice(), &what)?;
                Ok(Value::None)
            }
            SlotCall::ObjObjArgSet | SlotCall::ObjObjArgDel => {
                let k = arg(vm, args[0], &mut hs);
                let v = if s == SlotCall::ObjObjArgSet { arg(vm, args[1], &mut hs) } else { HPy::NULL };
                let r = t::<_, ObjObjArg>(p)(b.ctx, h_me, k, v);
                b.status(vm, r, hs.as_slice(), &what)?;
                Ok(Value::None)
            }
            SlotCall::Call => {
                // A call function given to this very object wins over the type's.
                let own = match me {
                    Value::Obj(r) => match vm.heap.get(r) {
                        Obj::Instance(i) => i.native.as_ref().and_then(|n| n.call.get()).and_then(|c| c.impl_),
                        _ => None,
                    },
                    _ => None,
                };
                let p = match (own, p.is_null()) {
                    (Some(f), _) => f as *const c_void,
                    (None, false) => p,
                    (None, true) => {
                        b.abandon(vm, hs.as_slice());
                        let t = vm.type_name(me);
                        return Err(vm.err("TypeError", &format!("'{t}' object is not callable")));
                    }
                };
                let n = args.len();
                for a in args.iter().chain(kw.iter().map(|(_, v)| v)) {
                    arg(vm, *a, &mut hs);
                }
                let names = if kw.is_empty() {
                    HPy::NULL
                } else {
                    let names: Vec<Value> = kw.iter().map(|(k, _)| vm.new_str(k.clone())).collect();
                    let tu = vm.new_tuple(names);
                    arg(vm, tu, &mut hs)
                };
                let r = t::<_, Keywords>(p)(b.ctx, h_me, hs.as_slice()[1..].as_ptr(), n, names);
                b.result(vm, r, hs.as_slice(), &what)
            }
            SlotCall::Init | SlotCall::New => {
                let n = args.len();
                for a in args {
                    arg(vm, *a, &mut hs);
                }
                let kwd = if kw.is_empty() {
                    HPy::NULL
                } else {
                    let d = vm.new_dict();
                    for (k, v) in kw {
                        vm.dict_set_str(d, k, *v)?;
                    }
                    arg(vm, Value::Obj(d), &mut hs)
                };
                let argv = hs.as_slice()[1..1 + n].as_ptr();
                if s == SlotCall::Init {
                    let r = t::<_, Init>(p)(b.ctx, h_me, argv, n as isize, kwd);
                    b.status(vm, r, hs.as_slice(), &what)?;
                    Ok(Value::None)
                } else {
                    let r = t::<_, unsafe extern "C" fn(*mut HPyContext, HPy, *const HPy, isize, HPy) -> HPy>(p)(b.ctx, h_me, argv, n as isize, kwd);
                    b.result(vm, r, hs.as_slice(), &what)
                }
            }
        }
    }
}

/// An `sq_item`-style index: an int, negative ones counted from `len(me)`.
fn index_arg(vm: &mut Vm, me: Value, i: Value) -> PyResult<isize> {
    let i = vm.int_arg(i, "")? as isize;
    if i < 0 {
        if let Some(len) = vm.lookup_type(vm.type_of(me), "__len__") {
            let n = vm.call(len, &[me], &[])?;
            if let Value::Int(n) = n {
                return Ok(i + n as isize);
            }
        }
    }
    Ok(i)
}

/// The C struct of `me`, which must be an instance of `owner`.
pub fn native_data(vm: &mut Vm, me: Value) -> PyResult<*mut u8> {
    if let Value::Obj(r) = me {
        if let Obj::Instance(i) = vm.heap.get(r) {
            if let Some(n) = &i.native {
                return Ok(n.data());
            }
        }
    }
    let t = vm.type_name(me);
    Err(vm.err("TypeError", &format!("'{t}' object has no C struct of an extension type")))
}

fn member_get(vm: &mut Vm, _owner: Option<ObjRef>, me: Value, offset: isize, ty: HPyMember_FieldType) -> PyResult<Value> {
    use HPyMember_FieldType as T;
    let data = native_data(vm, me)?;
    // SAFETY: the member's offset and type are the extension's description
    // of its own struct, which `data` points to (basicsize bytes).
    unsafe {
        let p = data.offset(offset);
        Ok(match ty {
            T::SHORT => Value::Int(*(p as *const i16) as i64),
            T::INT => Value::Int(*(p as *const i32) as i64),
            T::LONG | T::LONGLONG | T::HPYSSIZET => Value::Int(*(p as *const i64)),
            T::FLOAT => Value::Float(*(p as *const f32) as f64),
            T::DOUBLE => Value::Float(*(p as *const f64)),
            T::BYTE => Value::Int(*(p as *const i8) as i64),
            T::UBYTE => Value::Int(*p as i64),
            T::USHORT => Value::Int(*(p as *const u16) as i64),
            T::UINT => Value::Int(*(p as *const u32) as i64),
            T::ULONG | T::ULONGLONG => {
                let x = *(p as *const u64);
                if x <= i64::MAX as u64 { Value::Int(x as i64) } else { vm.int_value(x.into()) }
            }
            T::BOOL => Value::Bool(*p != 0),
            T::CHAR => {
                let c = *p as char;
                vm.char_str(c)
            }
            T::STRING => {
                let s = *(p as *const *const std::os::raw::c_char);
                if s.is_null() {
                    Value::None
                } else {
                    let t = std::ffi::CStr::from_ptr(s).to_string_lossy().into_owned();
                    vm.new_str(t)
                }
            }
            T::STRING_INPLACE => {
                let t = std::ffi::CStr::from_ptr(p as *const std::os::raw::c_char).to_string_lossy().into_owned();
                vm.new_str(t)
            }
            T::OBJECT | T::OBJECT_EX => {
                let f = *(p as *const isize);
                match super::types::field_value(vm, f) {
                    Some(v) => v,
                    None if ty == T::OBJECT => Value::None,
                    None => return Err(vm.err("AttributeError", "member is not set")),
                }
            }
            T::NONE => Value::None,
            other => return Err(vm.err("SystemError", &format!("member of unknown type {}", other.0))),
        })
    }
}

fn member_set(vm: &mut Vm, _owner: Option<ObjRef>, me: Value, offset: isize, ty: HPyMember_FieldType, v: Value) -> PyResult<()> {
    use HPyMember_FieldType as T;
    let data = native_data(vm, me)?;
    if let Value::Undef = v {
        if !matches!(ty, T::OBJECT | T::OBJECT_EX) {
            return Err(vm.err("TypeError", "can't delete numeric/char attribute"));
        }
    }
    let int = |vm: &mut Vm, v: Value| -> PyResult<i64> {
        match v {
            Value::Int(i) => Ok(i),
            Value::Bool(b) => Ok(b as i64),
            _ => {
                let t = vm.type_name(v);
                Err(vm.err("TypeError", &format!("an integer is required (got type {t})")))
            }
        }
    };
    // SAFETY: as in member_get: the extension's own layout.
    unsafe {
        let p = data.offset(offset);
        match ty {
            T::SHORT => *(p as *mut i16) = int(vm, v)? as i16,
            T::INT => *(p as *mut i32) = int(vm, v)? as i32,
            T::LONG | T::LONGLONG | T::HPYSSIZET => *(p as *mut i64) = int(vm, v)?,
            T::BYTE => *(p as *mut i8) = int(vm, v)? as i8,
            T::UBYTE => *p = int(vm, v)? as u8,
            T::USHORT => *(p as *mut u16) = int(vm, v)? as u16,
            T::UINT => *(p as *mut u32) = int(vm, v)? as u32,
            T::ULONG | T::ULONGLONG => *(p as *mut u64) = int(vm, v)? as u64,
            T::BOOL => match v {
                Value::Bool(b) => *p = b as u8,
                _ => return Err(vm.err("TypeError", "attribute value type must be bool")),
            },
            T::FLOAT | T::DOUBLE => {
                let x = match v {
                    Value::Float(f) => f,
                    Value::Int(i) => i as f64,
                    _ => return Err(vm.err("TypeError", "attribute value type must be float")),
                };
                if ty == T::FLOAT {
                    *(p as *mut f32) = x as f32
                } else {
                    *(p as *mut f64) = x
                }
            }
            T::OBJECT | T::OBJECT_EX => {
                let f = p as *mut isize;
                *f = match v {
                    Value::Undef => 0,
                    v => super::types::field_encode(vm, v),
                };
            }
            _ => return Err(vm.err("TypeError", "readonly attribute")),
        }
    }
    Ok(())
}

/// The message CPython gives for assigning a read-only extension attribute
/// (`fget` is the property's getter), if it is one.
pub fn readonly_message(vm: &Vm, fget: Value, name: &str, cls: ObjRef) -> Option<String> {
    let Value::Obj(r) = fget else { return None };
    match vm.heap.get(r) {
        Obj::HpyFunc(h) => match h.kind {
            Kind::MemberGet { .. } => Some("readonly attribute".into()),
            Kind::GetSetGet { .. } => Some(format!("attribute '{name}' of '{}' objects is not writable", tp_name(vm, h.owner.unwrap_or(cls)))),
            _ => None,
        },
        _ => None,
    }
}
