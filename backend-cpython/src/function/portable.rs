//! Hilt's own vectorcall callables: the portable path where thunks are not
//! available (or `HILT_NO_THUNKS=1`). A module function is a
//! `hilt.builtin_function` and a type method a `hilt.method_descriptor`
//! (flagged `Py_TPFLAGS_METHOD_DESCRIPTOR`, so `obj.method(...)` makes no
//! bound method); both carry the impl and the context, and one entry point
//! per signature calls the impl with CPython's argument array as handles.
//! Names, errors and attributes read as CPython's builtins do.

use super::{raise, Obj};
use crate::debug_mode::Boundary;
use hilt_abi::*;
use pyo3_ffi as ffi;
use std::ffi::CStr;
use std::os::raw::{c_char, c_int, c_void};
use std::ptr::null_mut;

extern "C" {
    // CPython's bound-method constructor (not exposed by pyo3-ffi).
    fn PyMethod_New(func: Obj, instance: Obj) -> Obj;
}

#[repr(C)]
struct HiltFunction {
    ob_base: ffi::PyObject,
    vectorcall: Option<ffi::vectorcallfunc>,
    impl_: HPyCFunction,
    ctx: *mut HPyContext,
    /// The type a method descriptor belongs to (owned); NULL for functions.
    owner: *mut ffi::PyTypeObject,
    /// The module a function is defined in, passed to `impl` as `self`
    /// (owned); NULL for method descriptors.
    module: Obj,
    /// `__name__` and `__qualname__` (owned strs).
    name: Obj,
    qualname: Obj,
    doc: *const c_char,
    /// How debug reports name it ("Type.method", "module.function").
    report_name: &'static str,
}

struct TypeSlot(std::cell::UnsafeCell<*mut ffi::PyTypeObject>);
// SAFETY: written once at module import with the GIL held, then only read.
unsafe impl Sync for TypeSlot {}
static DESCRIPTOR_TYPE: TypeSlot = TypeSlot(std::cell::UnsafeCell::new(null_mut()));
static FUNCTION_TYPE: TypeSlot = TypeSlot(std::cell::UnsafeCell::new(null_mut()));

/// The text of a str, for messages.
unsafe fn text(s: Obj) -> String {
    // SAFETY: `s` is a live str (or NULL).
    unsafe { crate::raise::str_text(s, "?") }
}

/// How CPython names a callable in errors: `module.name` for a function,
/// `Type.name` for a method.
unsafe fn funcstr(f: *mut HiltFunction) -> String {
    // SAFETY: `f` is a live HiltFunction.
    unsafe { funcstr_of((*f).module, &text((*f).qualname)) }
}

/// `module.qualname` for a function of `module`, `qualname` otherwise.
unsafe fn funcstr_of(module: Obj, qualname: &str) -> String {
    // SAFETY: `module` is null or a live module.
    unsafe {
        if module.is_null() {
            return qualname.to_string();
        }
        let name = ffi::PyModule_GetName(module);
        if name.is_null() {
            ffi::PyErr_Clear();
            return qualname.to_string();
        }
        format!("{}.{qualname}", CStr::from_ptr(name).to_string_lossy())
    }
}

#[inline(always)]
unsafe fn no_keywords(f: *mut HiltFunction, kwnames: Obj) -> bool {
    // SAFETY: `kwnames` is NULL or a tuple, as vectorcall guarantees.
    unsafe {
        if kwnames.is_null() || ffi::PyTuple_GET_SIZE(kwnames) == 0 {
            return true;
        }
        raise(ffi::PyExc_TypeError, format!("{}() takes no keyword arguments", funcstr(f)));
    }
    false
}

type NoArgs = unsafe extern "C" fn(*mut HPyContext, HPy) -> HPy;
type OneArg = unsafe extern "C" fn(*mut HPyContext, HPy, HPy) -> HPy;
type VarArgs = unsafe extern "C" fn(*mut HPyContext, HPy, *const HPy, usize) -> HPy;
type Keywords = unsafe extern "C" fn(*mut HPyContext, HPy, *const HPy, usize, HPy) -> HPy;

/// A descriptor call's receiver, args[0], checked against the owner type.
#[inline(always)]
unsafe fn receiver(f: *mut HiltFunction, args: *const Obj, nargs: isize) -> Option<Obj> {
    // SAFETY: `args` has `nargs` items (vectorcall contract); `owner` is live.
    unsafe {
        if nargs < 1 {
            raise(ffi::PyExc_TypeError, format!("unbound method {}() needs an argument", funcstr(f)));
            return None;
        }
        let me = *args;
        if ffi::PyObject_TypeCheck(me, (*f).owner) == 0 {
            let want = CStr::from_ptr((*(*f).owner).tp_name).to_string_lossy().into_owned();
            let got = CStr::from_ptr((*ffi::Py_TYPE(me)).tp_name).to_string_lossy().into_owned();
            raise(ffi::PyExc_TypeError, format!(
                "descriptor '{}' for '{want}' objects doesn't apply to a '{got}' object", text((*f).name)));
            return None;
        }
        Some(me)
    }
}

/// The vectorcall entries of one signature: `$descr_fn` for method
/// descriptors (the receiver is args[0], checked against the owner type)
/// and `$func_fn` for module functions (the receiver is the module). With
/// `DEBUG` the impl is called through the debug call boundary.
macro_rules! entries {
    ($descr_fn:ident, $func_fn:ident, |$f:ident, $b:ident, $me:ident, $args:ident, $n:ident, $kw:ident| $body:block) => {
        unsafe extern "C" fn $descr_fn<const DEBUG: bool>(callable: Obj, args: *const Obj, nargsf: usize, kwnames: Obj) -> Obj {
            // SAFETY: CPython calls with the GIL held and a HiltFunction as callable.
            unsafe {
                let $f = callable as *mut HiltFunction;
                let nargs = ffi::PyVectorcall_NARGS(nargsf);
                let Some($me) = receiver($f, args, nargs) else { return null_mut() };
                let $args = args.add(1);
                let $n = nargs - 1;
                let $kw = kwnames;
                let $b = Boundary::enter_if::<DEBUG>((*$f).ctx, (*$f).report_name);
                $body
            }
        }
        unsafe extern "C" fn $func_fn<const DEBUG: bool>(callable: Obj, args: *const Obj, nargsf: usize, kwnames: Obj) -> Obj {
            // SAFETY: CPython calls with the GIL held and a HiltFunction as callable.
            unsafe {
                let $f = callable as *mut HiltFunction;
                let $me = (*$f).module;
                let $args = args;
                let $n = ffi::PyVectorcall_NARGS(nargsf);
                let $kw = kwnames;
                let $b = Boundary::enter_if::<DEBUG>((*$f).ctx, (*$f).report_name);
                $body
            }
        }
    };
}

/// Give the impl's result back to CPython and end the call.
#[inline(always)]
fn finish(b: Boundary, result: HPy) -> Obj {
    let o = b.o(result);
    b.finish();
    o
}

entries!(descr_noargs, func_noargs, |f, b, me, _args, n, kw| {
    if !no_keywords(f, kw) {
        b.finish();
        return null_mut();
    }
    if n != 0 {
        b.finish();
        return raise(ffi::PyExc_TypeError, format!("{}() takes no arguments ({n} given)", funcstr(f)));
    }
    let call: NoArgs = std::mem::transmute((*f).impl_);
    let r = call(b.ctx, b.h(me));
    finish(b, r)
});

entries!(descr_o, func_o, |f, b, me, args, n, kw| {
    if !no_keywords(f, kw) {
        b.finish();
        return null_mut();
    }
    if n != 1 {
        b.finish();
        return raise(ffi::PyExc_TypeError, format!("{}() takes exactly one argument ({n} given)", funcstr(f)));
    }
    let call: OneArg = std::mem::transmute((*f).impl_);
    let r = call(b.ctx, b.h(me), b.h(*args));
    finish(b, r)
});

entries!(descr_varargs, func_varargs, |f, b, me, args, n, kw| {
    if !no_keywords(f, kw) {
        b.finish();
        return null_mut();
    }
    let call: VarArgs = std::mem::transmute((*f).impl_);
    let mut keep = Vec::new();
    let argv = b.array(args, n as usize, &mut keep);
    let r = call(b.ctx, b.h(me), argv, n as usize);
    finish(b, r)
});

entries!(descr_keywords, func_keywords, |f, b, me, args, n, kw| {
    let call: Keywords = std::mem::transmute((*f).impl_);
    // Keyword values follow the positional arguments.
    let nkw = if kw.is_null() { 0 } else { ffi::PyTuple_GET_SIZE(kw) as usize };
    let mut keep = Vec::new();
    let argv = b.array(args, n as usize + nkw, &mut keep);
    let r = call(b.ctx, b.h(me), argv, n as usize, b.h(kw));
    finish(b, r)
});

/// The entries of a signature: (method descriptor, module function).
fn entries_for<const DEBUG: bool>(sig: HPyFunc_Signature) -> Option<(ffi::vectorcallfunc, ffi::vectorcallfunc)> {
    Some(match sig {
        HPyFunc_Signature::NOARGS => (descr_noargs::<DEBUG>, func_noargs::<DEBUG>),
        HPyFunc_Signature::O => (descr_o::<DEBUG>, func_o::<DEBUG>),
        HPyFunc_Signature::VARARGS => (descr_varargs::<DEBUG>, func_varargs::<DEBUG>),
        HPyFunc_Signature::KEYWORDS => (descr_keywords::<DEBUG>, func_keywords::<DEBUG>),
        _ => return None,
    })
}

unsafe extern "C" fn function_dealloc(o: Obj) {
    // SAFETY: CPython calls tp_dealloc with the GIL held on a dead HiltFunction.
    unsafe {
        ffi::PyObject_GC_UnTrack(o as *mut c_void);
        let f = o as *mut HiltFunction;
        ffi::Py_XDECREF((*f).owner as Obj);
        ffi::Py_XDECREF((*f).module);
        ffi::Py_XDECREF((*f).name);
        ffi::Py_XDECREF((*f).qualname);
        let tp = ffi::Py_TYPE(o);
        ((*tp).tp_free.expect("heap types have tp_free"))(o as *mut c_void);
        ffi::Py_DECREF(tp as Obj);
    }
}

/// A method descriptor keeps its type alive and a function its module,
/// whose dict keeps them: the GC must see those edges to free either.
unsafe extern "C" fn function_traverse(o: Obj, visit: ffi::visitproc, arg: *mut c_void) -> c_int {
    // SAFETY: called by the GC with the GIL held on a live HiltFunction.
    unsafe {
        let f = o as *mut HiltFunction;
        for r in [(*f).owner as Obj, (*f).module] {
            if !r.is_null() {
                let rc = visit(r, arg);
                if rc != 0 {
                    return rc;
                }
            }
        }
        0
    }
}

unsafe extern "C" fn function_repr(o: Obj) -> Obj {
    // SAFETY: called by CPython with the GIL held on a live HiltFunction.
    unsafe {
        let f = o as *mut HiltFunction;
        let text = if (*f).owner.is_null() {
            format!("<built-in function {}>", text((*f).name))
        } else {
            let owner = CStr::from_ptr((*(*f).owner).tp_name).to_string_lossy().into_owned();
            format!("<method '{}' of '{owner}' objects>", text((*f).name))
        };
        ffi::PyUnicode_FromStringAndSize(text.as_ptr() as *const c_char, text.len() as isize)
    }
}

/// A new reference to `o`, or to None when `o` is NULL.
unsafe fn new_ref_or_none(o: Obj) -> Obj {
    // SAFETY: `o` is NULL or live; None is immortal enough to incref.
    unsafe {
        let o = if o.is_null() { ffi::Py_None() } else { o };
        ffi::Py_INCREF(o);
        o
    }
}

unsafe extern "C" fn get_name(o: Obj, _closure: *mut c_void) -> Obj {
    // SAFETY: `o` is a live HiltFunction.
    unsafe { new_ref_or_none((*(o as *mut HiltFunction)).name) }
}

unsafe extern "C" fn get_qualname(o: Obj, _closure: *mut c_void) -> Obj {
    // SAFETY: `o` is a live HiltFunction.
    unsafe { new_ref_or_none((*(o as *mut HiltFunction)).qualname) }
}

/// `__self__` of a function: its module (as for CPython's builtins).
unsafe extern "C" fn get_self(o: Obj, _closure: *mut c_void) -> Obj {
    // SAFETY: `o` is a live HiltFunction.
    unsafe { new_ref_or_none((*(o as *mut HiltFunction)).module) }
}

/// `__objclass__` of a method descriptor: the type it belongs to.
unsafe extern "C" fn get_objclass(o: Obj, _closure: *mut c_void) -> Obj {
    // SAFETY: `o` is a live HiltFunction.
    unsafe { new_ref_or_none((*(o as *mut HiltFunction)).owner as Obj) }
}

/// `__module__` of a function: its module's name.
unsafe extern "C" fn get_module(o: Obj, _closure: *mut c_void) -> Obj {
    // SAFETY: `o` is a live HiltFunction.
    unsafe {
        let module = (*(o as *mut HiltFunction)).module;
        if module.is_null() {
            return new_ref_or_none(null_mut());
        }
        ffi::PyModule_GetNameObject(module)
    }
}

unsafe extern "C" fn get_doc(o: Obj, _closure: *mut c_void) -> Obj {
    // SAFETY: `o` is a live HiltFunction; doc is the extension's static string.
    unsafe {
        let doc = (*(o as *mut HiltFunction)).doc;
        if doc.is_null() {
            return new_ref_or_none(null_mut());
        }
        ffi::PyUnicode_FromString(doc)
    }
}

/// `descr.__get__(obj, type)`: a bound method when read from an instance.
unsafe extern "C" fn descr_get(descr: Obj, instance: Obj, _owner: Obj) -> Obj {
    // SAFETY: called by CPython with the GIL held.
    unsafe {
        if instance.is_null() || instance == ffi::Py_None() {
            ffi::Py_INCREF(descr);
            return descr;
        }
        PyMethod_New(descr, instance)
    }
}

/// Create the two types. Called once when `hilt._hilt` is imported.
///
/// # Safety
/// The GIL must be held.
pub unsafe fn init_types() -> Result<(), ()> {
    // SAFETY (whole body): the GIL is held; the specs and their arrays are
    // leaked so they outlive the types.
    unsafe {
        let getset = |name: &'static CStr, get: ffi::getter| ffi::PyGetSetDef {
            name: name.as_ptr(),
            get: Some(get),
            set: None,
            doc: null_mut(),
            closure: null_mut(),
        };
        let common = [getset(c"__name__", get_name), getset(c"__qualname__", get_qualname), getset(c"__doc__", get_doc)];
        let members = Box::leak(Box::new([
            ffi::PyMemberDef {
                name: c"__vectorcalloffset__".as_ptr(),
                type_code: ffi::Py_T_PYSSIZET,
                offset: std::mem::offset_of!(HiltFunction, vectorcall) as isize,
                flags: ffi::Py_READONLY,
                doc: null_mut(),
            },
            std::mem::zeroed(),
        ]));
        let mut make = |name: &'static CStr, getsets: Vec<ffi::PyGetSetDef>, descriptor: bool| {
            let mut getsets = common.iter().copied().chain(getsets).collect::<Vec<_>>();
            getsets.push(std::mem::zeroed());
            let getsets = Box::leak(getsets.into_boxed_slice());
            let mut slots = vec![
                ffi::PyType_Slot { slot: ffi::Py_tp_dealloc, pfunc: function_dealloc as *mut c_void },
                ffi::PyType_Slot { slot: ffi::Py_tp_traverse, pfunc: function_traverse as *mut c_void },
                ffi::PyType_Slot { slot: ffi::Py_tp_repr, pfunc: function_repr as *mut c_void },
                ffi::PyType_Slot { slot: ffi::Py_tp_call, pfunc: ffi::PyVectorcall_Call as *mut c_void },
                ffi::PyType_Slot { slot: ffi::Py_tp_getset, pfunc: getsets.as_mut_ptr() as *mut c_void },
                ffi::PyType_Slot { slot: ffi::Py_tp_members, pfunc: members.as_mut_ptr() as *mut c_void },
            ];
            let mut flags = ffi::Py_TPFLAGS_DEFAULT | ffi::Py_TPFLAGS_HAVE_VECTORCALL | ffi::Py_TPFLAGS_HAVE_GC;
            if descriptor {
                slots.push(ffi::PyType_Slot { slot: ffi::Py_tp_descr_get, pfunc: descr_get as *mut c_void });
                flags |= ffi::Py_TPFLAGS_METHOD_DESCRIPTOR;
            }
            slots.push(ffi::PyType_Slot { slot: 0, pfunc: null_mut() });
            let slots = Box::leak(slots.into_boxed_slice());
            let spec = Box::leak(Box::new(ffi::PyType_Spec {
                name: name.as_ptr(),
                basicsize: std::mem::size_of::<HiltFunction>() as i32,
                itemsize: 0,
                flags: flags as u32,
                slots: slots.as_mut_ptr(),
            }));
            ffi::PyType_FromSpec(spec) as *mut ffi::PyTypeObject
        };
        let function = make(c"hilt.builtin_function", vec![getset(c"__self__", get_self), getset(c"__module__", get_module)], false);
        let descriptor = make(c"hilt.method_descriptor", vec![getset(c"__objclass__", get_objclass)], true);
        if function.is_null() || descriptor.is_null() {
            return Err(());
        }
        *FUNCTION_TYPE.0.get() = function;
        *DESCRIPTOR_TYPE.0.get() = descriptor;
        Ok(())
    }
}

/// A new function (`owner` null: `module` is its `self`) or method
/// descriptor (`owner` set) for `m`.
///
/// # Safety
/// The GIL must be held; `m` is the extension's static HPyMeth; `owner`
/// and `module` are live (or null).
pub(super) unsafe fn new_callable(m: &HPyMeth, ctx: *mut HPyContext, owner: *mut ffi::PyTypeObject, module: Obj) -> Obj {
    // SAFETY (whole body): the caller's guarantees.
    unsafe {
        let mname = if m.name.is_null() { "<unnamed>".into() } else { CStr::from_ptr(m.name).to_string_lossy().into_owned() };
        let debug = hilt_debug::DebugContext::from_ctx(ctx).is_some();
        let entries = if debug { entries_for::<true>(m.signature) } else { entries_for::<false>(m.signature) };
        let Some((descr_entry, func_entry)) = entries else {
            return raise(ffi::PyExc_ValueError, format!(
                "method '{mname}' has signature {}; methods take HPyFunc_NOARGS, HPyFunc_O, HPyFunc_VARARGS or HPyFunc_KEYWORDS",
                m.signature.name().unwrap_or("(unknown)")));
        };
        if m.impl_.is_none() || m.name.is_null() {
            return raise(ffi::PyExc_ValueError, format!("method '{mname}' has a NULL name or impl"));
        }
        let (tp, entry) = if owner.is_null() { (*FUNCTION_TYPE.0.get(), func_entry) } else { (*DESCRIPTOR_TYPE.0.get(), descr_entry) };
        let o = ffi::PyType_GenericAlloc(tp, 0);
        if o.is_null() {
            return null_mut();
        }
        let f = o as *mut HiltFunction;
        (*f).vectorcall = Some(entry);
        (*f).impl_ = m.impl_;
        (*f).ctx = ctx;
        ffi::Py_XINCREF(owner as Obj);
        (*f).owner = owner;
        ffi::Py_XINCREF(module);
        (*f).module = module;
        (*f).doc = m.doc;
        (*f).name = ffi::PyUnicode_FromString(m.name);
        let qualname = if owner.is_null() { mname } else { format!("{}.{mname}", super::type_qualname(owner)) };
        (*f).report_name = Box::leak(funcstr_of(module, &qualname).into_boxed_str());
        (*f).qualname = ffi::PyUnicode_FromStringAndSize(qualname.as_ptr() as *const c_char, qualname.len() as isize);
        if (*f).name.is_null() || (*f).qualname.is_null() {
            ffi::Py_DECREF(o);
            return null_mut();
        }
        o
    }
}
