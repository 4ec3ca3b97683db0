//! Handles, the object protocol (attributes, items, type checks, repr,
//! comparison, hashing, calls, iteration) and extension-type objects.

use std::os::raw::{c_char, c_int, c_void};
use std::rc::Rc;

use hilt_abi::*;

use super::ctx_fn;
use crate::compile::bytecode::CmpOp;
use crate::hpy::types::{text, type_from_spec};
use crate::hpy::vm_of;
use crate::interp::{PyResult, Vm};
use crate::object::{Class, Obj, ObjRef, Value};

/// `HPy_Dup`: a few instructions, no checks (the debug context checks).
pub unsafe extern "C" fn ctx_Dup(ctx: *mut HPyContext, h: HPy) -> HPy {
    // SAFETY: called by the extension with the VM's context while it runs.
    unsafe { vm_of(ctx) }.hpy.handles.dup(h)
}

/// `HPy_Close`: frees the handle's slot.
pub unsafe extern "C" fn ctx_Close(ctx: *mut HPyContext, h: HPy) {
    // SAFETY: as for ctx_Dup.
    unsafe { vm_of(ctx) }.hpy.handles.close(h)
}

impl Vm {
    /// A str argument given as C text; NULL is a SystemError
    /// "`what` is NULL" (`what` is "API: parameter", as the CPython backend
    /// words it).
    pub(crate) fn c_text(&mut self, p: *const c_char, what: &str) -> PyResult<String> {
        // SAFETY: the extension passes NULL or a NUL-terminated string.
        match unsafe { text(p) } {
            Some(s) => Ok(s),
            None => {
                // The CPython backend's own wording when it has one for
                // this function and parameter.
                let param = what.rsplit(' ').next().unwrap_or(what);
                match crate::hpy::null_messages::null_argument(self.hpy.current_api) {
                    Some(m) if m.contains(param) => Err(self.err("SystemError", m)),
                    _ => Err(self.err("SystemError", &format!("{what} is NULL"))),
                }
            }
        }
    }

    /// The class behind a handle that must be a type (`what` names the API).
    pub(crate) fn hv_class(&mut self, h: HPy, what: &str) -> PyResult<ObjRef> {
        let v = self.hv(h)?;
        match v {
            Value::Obj(r) if matches!(self.heap.get(r), Obj::Class(_)) => Ok(r),
            _ => {
                let t = self.type_name(v);
                Err(self.err("TypeError", &format!("{what}: expected a type, got a '{t}' object")))
            }
        }
    }

    /// Call a builtin function by name.
    pub(crate) fn call_builtin(&mut self, name: &str, args: &[Value]) -> PyResult<Value> {
        let f = self.dict_get_str(self.builtins, name).expect("builtin exists");
        self.call(f, args, &[])
    }

    /// `callable()`.
    pub(crate) fn is_callable(&self, v: Value) -> bool {
        let Value::Obj(r) = v else { return false };
        match self.heap.get(r) {
            Obj::Function(_) | Obj::Native(_) | Obj::BoundMethod { .. } | Obj::Class(_) | Obj::HpyFunc(_) => true,
            Obj::Instance(i) => self.lookup_type(i.class, "__call__").is_some(),
            _ => false,
        }
    }

    /// An instance of `cls` (an extension type or a subclass) and its C struct.
    pub(crate) fn new_native(&mut self, cls: ObjRef, what: &str) -> PyResult<(Value, *mut u8)> {
        match self.try_new_native(cls) {
            Some(made) => Ok(made),
            None => {
                let n = self.class_name(cls);
                Err(self.err("TypeError", &format!("{what}: '{n}' is not a type made by HPyType_FromSpec")))
            }
        }
    }

    /// `new_native` where `cls` is such a type (a live one); None, nothing
    /// made, otherwise.
    #[inline]
    pub(crate) fn try_new_native(&mut self, cls: ObjRef) -> Option<(Value, *mut u8)> {
        let native = match self.heap.try_get(cls)? {
            Obj::Class(Class { hpy: Some(t), .. }) => crate::hpy::types::Native::new(t.clone()),
            _ => return None,
        };
        // The struct stays where it is (boxed) when the box moves in.
        let data = native.data();
        Some((self.alloc_instance(cls, Some(native)), data))
    }

    /// Positional values and keyword pairs of an HPy_Call-style argument array.
    pub(crate) fn call_args(&mut self, args: *const HPy, nargs: usize, kwnames: HPy, who: &str) -> PyResult<(Vec<Value>, Vec<(Rc<str>, Value)>)> {
        let names = if kwnames.is_null() {
            Vec::new()
        } else {
            let t = self.hv(kwnames)?;
            if !matches!(t, Value::Obj(r) if matches!(self.heap.get(r), Obj::Tuple(_))) {
                let tn = self.type_name(t);
                return Err(self.err("TypeError", &format!("{who}: kwnames must be a tuple of str or HPy_NULL, not '{tn}'")));
            }
            self.tuple_items(t)
        };
        let total = nargs + names.len();
        // SAFETY: the extension passes `nargs` positional values followed by
        // one value per keyword name.
        let hs: &[HPy] = if total == 0 { &[] } else { unsafe { std::slice::from_raw_parts(args, total) } };
        let mut pos = Vec::with_capacity(nargs);
        for h in &hs[..nargs] {
            pos.push(self.hv(*h)?);
        }
        let mut kw = Vec::with_capacity(names.len());
        for (n, h) in names.iter().zip(&hs[nargs..]) {
            let key: Rc<str> = match self.as_str(*n) {
                Some(s) => s.into(),
                None => return Err(self.err("TypeError", "keywords must be strings")),
            };
            let v = self.hv(*h)?;
            kw.push((key, v));
        }
        Ok((pos, kw))
    }
}

fn cmp_op(vm: &mut Vm, op: c_int) -> PyResult<CmpOp> {
    Ok(match op {
        0 => CmpOp::Lt,
        1 => CmpOp::Le,
        2 => CmpOp::Eq,
        3 => CmpOp::Ne,
        4 => CmpOp::Gt,
        5 => CmpOp::Ge,
        _ => return Err(vm.err("SystemError", "HPy_RichCompare: op is not one of HPy_LT..HPy_GE")),
    })
}

fn name_arg(vm: &mut Vm, name: HPy) -> PyResult<String> {
    let v = vm.hv(name)?;
    match vm.as_str(v) {
        Some(s) => Ok(s.to_string()),
        None => {
            let t = vm.type_name(v);
            Err(vm.err("TypeError", &format!("attribute name must be string, not '{t}'")))
        }
    }
}

ctx_fn!(ctx_IsTrue(h: HPy) -> c_int, "HPy_IsTrue", |vm| { let v = vm.hv(h)?; Ok(vm.truthy(v)? as c_int) });

/// `HPyType_FromSpec`: `ctx` may be a debug or trace context around the
/// VM's; the type's callables then enter the extension through it.
pub unsafe extern "C" fn ctx_Type_FromSpec(ctx: *mut HPyContext, spec: *mut HPyType_Spec, params: *mut HPyType_SpecParam) -> HPy {
    // SAFETY: the extension passes its context, its static spec and a
    // parameter list ended by a zero kind.
    unsafe {
        crate::hpy::with_this_vm(crate::hpy::vm_of_any(ctx), "HPyType_FromSpec", |vm| {
            if spec.is_null() {
                return Err(vm.err("SystemError", "HPyType_FromSpec: spec is NULL"));
            }
            let t = type_from_spec(vm, ctx, &*spec, params)?;
            Ok(vm.h(t))
        })
    }
}

ctx_fn!(ctx_Type_GenericNew(type_: HPy, _args: *const HPy, _nargs: HPy_ssize_t, _kw: HPy) -> HPy, "HPyType_GenericNew", |vm| {
    let cls = vm.hv_class(type_, "HPyType_GenericNew")?;
    let (v, _) = vm.new_native(cls, "HPyType_GenericNew")?;
    Ok(vm.h(v))
});

/// `HPy_New`: an instance of the extension type `h_type` names, and its
/// C struct. The usual case (a live handle to a type made by
/// `HPyType_FromSpec`) takes one handle lookup and one heap lookup, and
/// nothing that can fail; anything else goes through the checks.
pub unsafe extern "C" fn ctx_New(ctx: *mut HPyContext, h_type: HPy, data: *mut *mut c_void) -> HPy {
    // SAFETY: called by the extension with the VM's context while it runs.
    let vm = unsafe { vm_of(ctx) };
    if let Value::Obj(cls) = vm.hpy.handles.get(h_type) {
        if let Some((v, p)) = vm.try_new_native(cls) {
            if !data.is_null() {
                // SAFETY: the extension passes NULL or where the struct's
                // address goes.
                unsafe { *data = p as *mut c_void };
            }
            return vm.h(v);
        }
    }
    // SAFETY: forwarded.
    unsafe { ctx_New_checked(ctx, h_type, data) }
}

ctx_fn!(ctx_New_checked(h_type: HPy, data: *mut *mut c_void) -> HPy, "HPy_New", |vm| {
    let cls = vm.hv_class(h_type, "HPy_New")?;
    let (v, p) = vm.new_native(cls, "HPy_New")?;
    if !data.is_null() {
        *data = p as *mut c_void;
    }
    Ok(vm.h(v))
});

ctx_fn!(ctx_GetAttr(obj: HPy, name: HPy) -> HPy, "HPy_GetAttr", |vm| {
    let o = vm.hv(obj)?;
    let n = name_arg(vm, name)?;
    let r = vm.get_attr(o, &n)?;
    Ok(vm.h(r))
});
ctx_fn!(ctx_GetAttr_s(obj: HPy, utf8_name: *const c_char) -> HPy, "HPy_GetAttr_s", |vm| {
    let o = vm.hv(obj)?;
    let n = vm.c_text(utf8_name, "HPy_GetAttr_s: utf8_name")?;
    let r = vm.get_attr(o, &n)?;
    Ok(vm.h(r))
});
/// `HPy_HasAttr(_s)`: any error (NULL, a name that is not a str, an
/// exception from a getter) counts as "no", as `hasattr()` has it.
fn has_attr(vm: &mut Vm, obj: HPy, name: Option<String>) -> c_int {
    let (o, Some(n)) = (vm.hpy.handles.get(obj), name) else { return 0 };
    if let Value::Undef = o {
        return 0;
    }
    vm.get_attr(o, &n).is_ok() as c_int
}
ctx_fn!(ctx_HasAttr(obj: HPy, name: HPy) -> c_int, "HPy_HasAttr", |vm| {
    let n = vm.hpy.handles.get(name);
    let n = vm.as_str(n).map(str::to_string);
    Ok(has_attr(vm, obj, n))
});
ctx_fn!(ctx_HasAttr_s(obj: HPy, utf8_name: *const c_char) -> c_int, "HPy_HasAttr_s", |vm| Ok(has_attr(vm, obj, text(utf8_name))));
/// Set (or, for a NULL value, delete) an attribute.
fn set_or_del_attr(vm: &mut Vm, obj: HPy, name: &str, value: HPy) -> PyResult<c_int> {
    let o = vm.hv(obj)?;
    if value.is_null() {
        vm.del_attr(o, name)?;
    } else {
        let v = vm.hv(value)?;
        vm.set_attr(o, name, v)?;
    }
    Ok(0)
}
ctx_fn!(ctx_SetAttr(obj: HPy, name: HPy, value: HPy) -> c_int, "HPy_SetAttr", |vm| {
    vm.hv(obj)?;
    let n = name_arg(vm, name)?;
    set_or_del_attr(vm, obj, &n, value)
});
ctx_fn!(ctx_SetAttr_s(obj: HPy, utf8_name: *const c_char, value: HPy) -> c_int, "HPy_SetAttr_s", |vm| {
    let n = vm.c_text(utf8_name, "HPy_SetAttr_s: utf8_name")?;
    set_or_del_attr(vm, obj, &n, value)
});

ctx_fn!(ctx_GetItem(obj: HPy, key: HPy) -> HPy, "HPy_GetItem", |vm| {
    let (o, k) = (vm.hv(obj)?, vm.hv(key)?);
    let r = vm.get_item(o, k)?;
    Ok(vm.h(r))
});
ctx_fn!(ctx_GetItem_i(obj: HPy, idx: HPy_ssize_t) -> HPy, "HPy_GetItem_i", |vm| {
    let o = vm.hv(obj)?;
    let r = vm.get_item(o, Value::Int(idx as i64))?;
    Ok(vm.h(r))
});
ctx_fn!(ctx_GetItem_s(obj: HPy, utf8_key: *const c_char) -> HPy, "HPy_GetItem_s", |vm| {
    let o = vm.hv(obj)?;
    let k = vm.c_text(utf8_key, "HPy_GetItem_s: utf8_key")?;
    let k = vm.new_str(k);
    let r = vm.get_item(o, k)?;
    Ok(vm.h(r))
});
ctx_fn!(ctx_Contains(container: HPy, key: HPy) -> c_int, "HPy_Contains", |vm| {
    let (c, k) = (vm.hv(container)?, vm.hv(key)?);
    Ok(vm.contains(c, k)? as c_int)
});
ctx_fn!(ctx_SetItem(obj: HPy, key: HPy, value: HPy) -> c_int, "HPy_SetItem", |vm| {
    let (o, k, v) = (vm.hv(obj)?, vm.hv(key)?, vm.hv(value)?);
    vm.set_item(o, k, v)?;
    Ok(0)
});
ctx_fn!(ctx_SetItem_i(obj: HPy, idx: HPy_ssize_t, value: HPy) -> c_int, "HPy_SetItem_i", |vm| {
    let (o, v) = (vm.hv(obj)?, vm.hv(value)?);
    vm.set_item(o, Value::Int(idx as i64), v)?;
    Ok(0)
});
ctx_fn!(ctx_SetItem_s(obj: HPy, utf8_key: *const c_char, value: HPy) -> c_int, "HPy_SetItem_s", |vm| {
    let (o, v) = (vm.hv(obj)?, vm.hv(value)?);
    let k = vm.c_text(utf8_key, "HPy_SetItem_s: utf8_key")?;
    let k = vm.new_str(k);
    vm.set_item(o, k, v)?;
    Ok(0)
});
ctx_fn!(ctx_DelItem(obj: HPy, key: HPy) -> c_int, "HPy_DelItem", |vm| {
    let (o, k) = (vm.hv(obj)?, vm.hv(key)?);
    vm.del_item(o, k)?;
    Ok(0)
});
ctx_fn!(ctx_DelItem_i(obj: HPy, idx: HPy_ssize_t) -> c_int, "HPy_DelItem_i", |vm| {
    let o = vm.hv(obj)?;
    vm.del_item(o, Value::Int(idx as i64))?;
    Ok(0)
});
ctx_fn!(ctx_DelItem_s(obj: HPy, utf8_key: *const c_char) -> c_int, "HPy_DelItem_s", |vm| {
    let o = vm.hv(obj)?;
    let k = vm.c_text(utf8_key, "HPy_DelItem_s: utf8_key")?;
    let k = vm.new_str(k);
    vm.del_item(o, k)?;
    Ok(0)
});

ctx_fn!(ctx_Type(obj: HPy) -> HPy, "HPy_Type", |vm| {
    let o = vm.hv(obj)?;
    let t = vm.type_of(o);
    Ok(vm.h(Value::Obj(t)))
});
ctx_fn!(ctx_TypeCheck(obj: HPy, type_: HPy) -> c_int, "HPy_TypeCheck", |vm| {
    let o = vm.hv(obj)?;
    let t = vm.hv_class(type_, "HPy_TypeCheck")?;
    Ok(vm.is_subclass(vm.type_of(o), t) as c_int)
});
ctx_fn!(ctx_Type_IsSubtype(sub: HPy, type_: HPy) -> c_int, "HPyType_IsSubtype", |vm| {
    let (s, t) = (vm.hpy.handles.get(sub), vm.hpy.handles.get(type_));
    let (Value::Obj(s), Value::Obj(t)) = (s, t) else { return Ok(0) };
    Ok(vm.is_subclass(s, t) as c_int)
});
ctx_fn!(ctx_Type_GetName(type_: HPy) -> *const c_char, "HPyType_GetName", |vm| {
    let v = vm.hv(type_)?;
    let t = match v {
        Value::Obj(r) if matches!(vm.heap.get(r), Obj::Class(_)) => r,
        _ => return Err(vm.err("TypeError", "HPyType_GetName: argument is not a type")),
    };
    let name = vm.class_name(t);
    Ok(vm.hpy.c_text_of(t, name.as_bytes()))
});
ctx_fn!(ctx_Is(obj: HPy, other: HPy) -> c_int, "HPy_Is", |vm| {
    // NULL is allowed (and is only NULL).
    let (a, b) = (vm.hpy.handles.get(obj), vm.hpy.handles.get(other));
    Ok(a.is(&b) as c_int)
});

ctx_fn!(ctx_AsStruct_Object(h: HPy) -> *mut c_void, "_HPy_AsStruct_Object", |vm| {
    let v = vm.hv(h)?;
    Ok(crate::hpy::call::native_data(vm, v)? as *mut c_void)
});
ctx_fn!(ctx_AsStruct_Legacy(_h: HPy) -> *mut c_void, "_HPy_AsStruct_Legacy", |vm| {
    Err(vm.err("SystemError", "_HPy_AsStruct_Legacy: legacy types need CPython; the Hilt VM has none"))
});
macro_rules! shape_struct {
    ($($name:ident $api:literal $shape:literal),*) => {$(
        ctx_fn!($name(_h: HPy) -> *mut c_void, $api, |vm| {
            Err(vm.err("SystemError", concat!($api, ": types of shape HPyType_BuiltinShape_", $shape, " are not supported on the Hilt VM yet")))
        });
    )*};
}
shape_struct!(ctx_AsStruct_Type "_HPy_AsStruct_Type" "Type", ctx_AsStruct_Long "_HPy_AsStruct_Long" "Long",
    ctx_AsStruct_Float "_HPy_AsStruct_Float" "Float", ctx_AsStruct_Unicode "_HPy_AsStruct_Unicode" "Unicode",
    ctx_AsStruct_Tuple "_HPy_AsStruct_Tuple" "Tuple", ctx_AsStruct_List "_HPy_AsStruct_List" "List",
    ctx_AsStruct_Dict "_HPy_AsStruct_Dict" "Dict");

ctx_fn!(ctx_Type_GetBuiltinShape(h_type: HPy) -> HPyType_BuiltinShape, "_HPyType_GetBuiltinShape", |vm| {
    let t = vm.hv_class(h_type, "_HPyType_GetBuiltinShape")?;
    let mut shape = HPyType_BuiltinShape::Object;
    for (name, s) in [("type", HPyType_BuiltinShape::Type), ("int", HPyType_BuiltinShape::Long), ("float", HPyType_BuiltinShape::Float),
        ("str", HPyType_BuiltinShape::Unicode), ("tuple", HPyType_BuiltinShape::Tuple), ("list", HPyType_BuiltinShape::List), ("dict", HPyType_BuiltinShape::Dict)] {
        if vm.is_subclass(t, vm.ty(name)) {
            shape = s;
        }
    }
    Ok(shape)
});

ctx_fn!(ctx_Repr(obj: HPy) -> HPy, "HPy_Repr", |vm| {
    let o = vm.hv(obj)?;
    let s = vm.repr(o)?;
    let r = vm.new_str(s);
    Ok(vm.h(r))
});
ctx_fn!(ctx_Str(obj: HPy) -> HPy, "HPy_Str", |vm| {
    let o = vm.hv(obj)?;
    let s = vm.to_str(o)?;
    let r = vm.new_str(s);
    Ok(vm.h(r))
});
ctx_fn!(ctx_ASCII(obj: HPy) -> HPy, "HPy_ASCII", |vm| {
    let o = vm.hv(obj)?;
    let r = vm.call_builtin("ascii", &[o])?;
    Ok(vm.h(r))
});
ctx_fn!(ctx_Bytes(obj: HPy) -> HPy, "HPy_Bytes", |vm| {
    // PyObject_Bytes: bytes as is, then __bytes__, then bytes from an
    // iterable of ints; a str or an int is refused (bytes(3) would not be).
    let o = vm.hv(obj)?;
    let t = vm.type_of(o);
    let r = if t == vm.ty("bytes") {
        o
    } else if let Some(m) = vm.lookup_type(t, "__bytes__") {
        vm.call(m, &[o], &[])?
    } else if vm.is_subclass(t, vm.ty("str")) || vm.is_subclass(t, vm.ty("int")) {
        let tn = vm.type_name(o);
        return Err(vm.err("TypeError", &format!("cannot convert '{tn}' object to bytes")));
    } else {
        vm.call_builtin("bytes", &[o])?
    };
    Ok(vm.h(r))
});
ctx_fn!(ctx_RichCompare(v: HPy, w: HPy, op: c_int) -> HPy, "HPy_RichCompare", |vm| {
    let (a, b) = (vm.hv(v)?, vm.hv(w)?);
    let op = cmp_op(vm, op)?;
    let r = vm.compare(op, a, b)?;
    Ok(vm.h(r))
});
ctx_fn!(ctx_RichCompareBool(v: HPy, w: HPy, op: c_int) -> c_int, "HPy_RichCompareBool", |vm| {
    let (a, b) = (vm.hv(v)?, vm.hv(w)?);
    // Identity implies equality, as CPython's PyObject_RichCompareBool has it.
    if a.is(&b) && (op == 2 || op == 3) {
        return Ok((op == 2) as c_int);
    }
    let op = cmp_op(vm, op)?;
    let r = vm.compare(op, a, b)?;
    Ok(vm.truthy(r)? as c_int)
});
ctx_fn!(ctx_Hash(obj: HPy) -> HPy_hash_t, "HPy_Hash", |vm| {
    let o = vm.hv(obj)?;
    let h = vm.hash(o)? as i64 as isize;
    Ok(if h == -1 { -2 } else { h })
});
ctx_fn!(ctx_Length(h: HPy) -> HPy_ssize_t, "HPy_Length", |vm| {
    let v = vm.hv(h)?;
    Ok(vm.len(v)? as isize)
});
ctx_fn!(ctx_Callable_Check(h: HPy) -> c_int, "HPyCallable_Check", |vm| {
    let v = vm.hv(h)?;
    Ok(vm.is_callable(v) as c_int)
});
ctx_fn!(ctx_CallTupleDict(callable: HPy, args: HPy, kw: HPy) -> HPy, "HPy_CallTupleDict", |vm| {
    let f = vm.hv(callable)?;
    let a = if args.is_null() { Vec::new() } else {
        let t = vm.hv(args)?;
        if !matches!(t, Value::Obj(r) if matches!(vm.heap.get(r), Obj::Tuple(_))) {
            let tn = vm.type_name(t);
            return Err(vm.err("TypeError", &format!("HPy_CallTupleDict: args must be a tuple or HPy_NULL, not '{tn}'")));
        }
        vm.tuple_items(t)
    };
    let mut kws = Vec::new();
    if !kw.is_null() {
        let d = vm.hv(kw)?;
        let dr = match d {
            Value::Obj(dr) if matches!(vm.heap.get(dr), Obj::Dict(_)) => dr,
            _ => {
                let tn = vm.type_name(d);
                return Err(vm.err("TypeError", &format!("HPy_CallTupleDict: kw must be a dict or HPy_NULL, not '{tn}'")));
            }
        };
        for (k, v) in vm.dict_entries(dr) {
            match vm.as_str(k) {
                Some(s) => kws.push((Rc::from(s), v)),
                None => return Err(vm.err("TypeError", "keywords must be strings")),
            }
        }
    }
    vm.temp_roots.extend(a.iter().copied());
    let r = vm.call(f, &a, &kws);
    vm.temp_roots.truncate(vm.temp_roots.len() - a.len());
    let r = r?;
    Ok(vm.h(r))
});
ctx_fn!(ctx_Call(callable: HPy, args: *const HPy, nargs: usize, kwnames: HPy) -> HPy, "HPy_Call", |vm| {
    let f = vm.hv(callable)?;
    let (pos, kw) = vm.call_args(args, nargs, kwnames, "HPy_Call")?;
    let r = vm.call(f, &pos, &kw)?;
    Ok(vm.h(r))
});
ctx_fn!(ctx_CallMethod(name: HPy, args: *const HPy, nargs: usize, kwnames: HPy) -> HPy, "HPy_CallMethod", |vm| {
    let n = name_arg(vm, name)?;
    if nargs == 0 {
        return Err(vm.err("SystemError", "HPy_CallMethod: nargs must be at least 1 (args[0] is the receiver)"));
    }
    if (*args).is_null() {
        return Err(vm.err("SystemError", "HPy_CallMethod: the receiver args[0] is HPy_NULL"));
    }
    let (pos, kw) = vm.call_args(args, nargs, kwnames, "HPy_CallMethod")?;
    let m = vm.get_attr(pos[0], &n)?;
    vm.temp_roots.push(m);
    let r = vm.call(m, &pos[1..], &kw);
    vm.temp_roots.pop();
    let r = r?;
    Ok(vm.h(r))
});
ctx_fn!(ctx_SetCallFunction(h: HPy, func: *mut HPyCallFunction) -> c_int, "HPy_SetCallFunction", |vm| {
    if h.is_null() || func.is_null() {
        return Err(vm.err("SystemError", "HPy_SetCallFunction: the object or the call function is NULL"));
    }
    let v = vm.hv(h)?;
    let slot = match v {
        Value::Obj(r) => match vm.heap.get(r) {
            Obj::Instance(i) => i.native.as_ref().and_then(|n| n.type_info().call_slot.map(|off| (n.data(), off))),
            _ => None,
        },
        _ => None,
    };
    let Some((data, offset)) = slot else {
        let t = vm.type_name(v);
        return Err(vm.err("TypeError", &format!("HPy_SetCallFunction: type '{t}' has no room for a call function; give it an HPy_tp_call slot or a __vectorcalloffset__ member")));
    };
    if let Some(off) = offset {
        // Also where the extension said it lives in its struct.
        *(data.offset(off) as *mut HPyCallFunction) = *func;
    }
    if let Value::Obj(r) = v {
        if let Obj::Instance(i) = vm.heap.get(r) {
            if let Some(n) = &i.native {
                n.call.set(Some(*func));
            }
        }
    }
    Ok(0)
});

ctx_fn!(ctx_GetIter(obj: HPy) -> HPy, "HPy_GetIter", |vm| {
    let o = vm.hv(obj)?;
    let r = vm.get_iter(o)?;
    Ok(vm.h(r))
});
ctx_fn!(ctx_Iter_Next(obj: HPy) -> HPy, "HPyIter_Next", |vm| {
    let o = vm.hv(obj)?;
    match vm.next(o)? {
        Some(v) => Ok(vm.h(v)),
        // Exhausted: NULL without an exception.
        None => Ok(HPy::NULL),
    }
});
ctx_fn!(ctx_Iter_Check(obj: HPy) -> c_int, "HPyIter_Check", |vm| {
    let o = vm.hv(obj)?;
    let t = vm.type_of(o);
    Ok((matches!(o, Value::Obj(r) if matches!(vm.heap.get(r), Obj::Iter(_) | Obj::Generator(_))) || vm.lookup_type(t, "__next__").is_some()) as c_int)
});

ctx_fn!(ctx_Dump(h: HPy) -> (), "_HPy_Dump", |vm| {
    let v = vm.hpy.handles.get(h);
    let (t, r) = if let Value::Undef = v {
        ("<closed or NULL handle>".to_string(), String::new())
    } else {
        (vm.type_name(v).to_string(), vm.repr(v).unwrap_or_else(|_| "<repr failed>".into()))
    };
    eprintln!("object type: {t}\nobject repr: {r}\nhandle: {}", h._i);
    Ok(())
});
