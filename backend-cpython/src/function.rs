//! HPy methods as CPython callables that reach the extension's `impl`
//! directly: no trampoline and no switch on the signature at call time.
//!
//! Module functions and type methods are CPython's own builtin functions and
//! method descriptors, so the interpreter's specialised CALL instructions
//! invoke them; their C function is a thunk (crate::thunk) jumping to
//! `impl`. Because a handle is a `PyObject *`, CPython's argument array is
//! passed to `impl` as is. Where thunks are unavailable, module functions
//! carry their `impl` in a FunctionData `__self__`, and type methods are
//! Hilt's own vectorcall descriptors (flagged `Py_TPFLAGS_METHOD_DESCRIPTOR`
//! so `obj.method(...)` makes no bound method).

use crate::handles::{handle, obj};
use hilt_abi::*;
use pyo3_ffi as ffi;
use std::ffi::CStr;
use std::os::raw::{c_char, c_int, c_void};
use std::ptr::null_mut;

type Obj = *mut ffi::PyObject;

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
    /// The type a method descriptor belongs to (owned); NULL otherwise.
    owner: *mut ffi::PyTypeObject,
    /// `__name__` (owned str).
    name: Obj,
    doc: *const c_char,
}

struct TypeSlot(std::cell::UnsafeCell<*mut ffi::PyTypeObject>);
// SAFETY: written once at module import with the GIL held, then only read.
unsafe impl Sync for TypeSlot {}
static DESCRIPTOR_TYPE: TypeSlot = TypeSlot(std::cell::UnsafeCell::new(null_mut()));

/// Raise `exc` with `msg` and return NULL (a failed call's result).
fn raise(exc: Obj, msg: String) -> Obj {
    crate::raise::raise_owned(exc, msg);
    null_mut()
}

unsafe fn name_of(f: *mut HiltFunction) -> String {
    // SAFETY: `name` is a str owned by the live function object.
    unsafe {
        let mut size = 0;
        let p = ffi::PyUnicode_AsUTF8AndSize((*f).name, &mut size);
        if p.is_null() {
            ffi::PyErr_Clear();
            return "?".into();
        }
        String::from_utf8_lossy(std::slice::from_raw_parts(p as *const u8, size as usize)).into_owned()
    }
}

#[inline(always)]
unsafe fn no_keywords(f: *mut HiltFunction, kwnames: Obj) -> bool {
    // SAFETY: `kwnames` is NULL or a tuple, as vectorcall guarantees.
    unsafe {
        if kwnames.is_null() || ffi::PyTuple_GET_SIZE(kwnames) == 0 {
            return true;
        }
        raise(ffi::PyExc_TypeError, format!("{}() takes no keyword arguments", name_of(f)));
    }
    false
}

type NoArgs = unsafe extern "C" fn(*mut HPyContext, HPy) -> HPy;
type OneArg = unsafe extern "C" fn(*mut HPyContext, HPy, HPy) -> HPy;
type VarArgs = unsafe extern "C" fn(*mut HPyContext, HPy, *const HPy, usize) -> HPy;
type Keywords = unsafe extern "C" fn(*mut HPyContext, HPy, *const HPy, usize, HPy) -> HPy;

/// Split a descriptor call into (self, rest): checks there is a receiver of the right type.
#[inline(always)]
unsafe fn receiver(f: *mut HiltFunction, args: *const Obj, nargs: isize) -> Option<Obj> {
    // SAFETY: `args` has `nargs` items (vectorcall contract); `owner` is live.
    unsafe {
        if nargs < 1 {
            raise(ffi::PyExc_TypeError, format!("unbound method {}() needs an argument", name_of(f)));
            return None;
        }
        let me = *args;
        if ffi::PyObject_TypeCheck(me, (*f).owner) == 0 {
            let want = CStr::from_ptr((*(*f).owner).tp_name).to_string_lossy().into_owned();
            let got = CStr::from_ptr((*ffi::Py_TYPE(me)).tp_name).to_string_lossy().into_owned();
            raise(ffi::PyExc_TypeError, format!(
                "descriptor '{}' for '{want}' objects doesn't apply to a '{got}' object", name_of(f)));
            return None;
        }
        Some(me)
    }
}

/// The vectorcall entry of a fallback method descriptor: checks the
/// receiver (args[0]) against the owner type, then runs `$body`.
macro_rules! descriptor_entry {
    ($descr_fn:ident, |$f:ident, $me:ident, $args:ident, $n:ident, $kw:ident| $body:block) => {
        unsafe extern "C" fn $descr_fn(callable: Obj, args: *const Obj, nargsf: usize, kwnames: Obj) -> Obj {
            // SAFETY: CPython calls with the GIL held and a HiltFunction as
            // callable; the receiver is args[0], checked against the owner type.
            unsafe {
                let $f = callable as *mut HiltFunction;
                let nargs = ffi::PyVectorcall_NARGS(nargsf);
                let Some($me) = receiver($f, args, nargs) else { return null_mut() };
                let $args = args.add(1);
                let $n = nargs - 1;
                let $kw = kwnames;
                $body
            }
        }
    };
}

descriptor_entry!(descr_noargs, |f, me, _args, n, kw| {
    if !no_keywords(f, kw) {
        return null_mut();
    }
    if n != 0 {
        return raise(ffi::PyExc_TypeError, format!("{}() takes no arguments ({n} given)", name_of(f)));
    }
    let call: NoArgs = std::mem::transmute((*f).impl_);
    obj(call((*f).ctx, handle(me)))
});

descriptor_entry!(descr_o, |f, me, args, n, kw| {
    if !no_keywords(f, kw) {
        return null_mut();
    }
    if n != 1 {
        return raise(ffi::PyExc_TypeError, format!("{}() takes exactly one argument ({n} given)", name_of(f)));
    }
    let call: OneArg = std::mem::transmute((*f).impl_);
    obj(call((*f).ctx, handle(me), handle(*args)))
});

descriptor_entry!(descr_varargs, |f, me, args, n, kw| {
    if !no_keywords(f, kw) {
        return null_mut();
    }
    let call: VarArgs = std::mem::transmute((*f).impl_);
    obj(call((*f).ctx, handle(me), args as *const HPy, n as usize))
});

descriptor_entry!(descr_keywords, |f, me, args, n, kw| {
    let call: Keywords = std::mem::transmute((*f).impl_);
    obj(call((*f).ctx, handle(me), args as *const HPy, n as usize, handle(kw)))
});

unsafe extern "C" fn function_dealloc(o: Obj) {
    // SAFETY: CPython calls tp_dealloc with the GIL held on a dead HiltFunction.
    unsafe {
        ffi::PyObject_GC_UnTrack(o as *mut c_void);
        let f = o as *mut HiltFunction;
        ffi::Py_XDECREF((*f).owner as Obj);
        ffi::Py_XDECREF((*f).name);
        let tp = ffi::Py_TYPE(o);
        ((*tp).tp_free.expect("heap types have tp_free"))(o as *mut c_void);
        ffi::Py_DECREF(tp as Obj);
    }
}

/// A method descriptor keeps its type alive, and the type's dict keeps the
/// descriptor: the GC must see that edge to free a dead type.
unsafe extern "C" fn function_traverse(o: Obj, visit: ffi::visitproc, arg: *mut c_void) -> c_int {
    // SAFETY: called by the GC with the GIL held on a live HiltFunction.
    unsafe {
        let owner = (*(o as *mut HiltFunction)).owner as Obj;
        if owner.is_null() { 0 } else { visit(owner, arg) }
    }
}

unsafe extern "C" fn function_repr(o: Obj) -> Obj {
    // SAFETY: called by CPython with the GIL held on a live HiltFunction.
    unsafe {
        let f = o as *mut HiltFunction;
        let text = if (*f).owner.is_null() {
            format!("<built-in function {}>", name_of(f))
        } else {
            let owner = CStr::from_ptr((*(*f).owner).tp_name).to_string_lossy().into_owned();
            format!("<method '{}' of '{owner}' objects>", name_of(f))
        };
        ffi::PyUnicode_FromStringAndSize(text.as_ptr() as *const c_char, text.len() as isize)
    }
}

unsafe extern "C" fn get_name(o: Obj, _closure: *mut c_void) -> Obj {
    // SAFETY: `o` is a live HiltFunction.
    unsafe {
        let name = (*(o as *mut HiltFunction)).name;
        ffi::Py_INCREF(name);
        name
    }
}

unsafe extern "C" fn get_doc(o: Obj, _closure: *mut c_void) -> Obj {
    // SAFETY: `o` is a live HiltFunction; doc is the extension's static string.
    unsafe {
        let doc = (*(o as *mut HiltFunction)).doc;
        if doc.is_null() {
            ffi::Py_INCREF(ffi::Py_None());
            return ffi::Py_None();
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
        let getset = Box::leak(Box::new([
            ffi::PyGetSetDef { name: c"__name__".as_ptr(), get: Some(get_name), set: None, doc: null_mut(), closure: null_mut() },
            ffi::PyGetSetDef { name: c"__doc__".as_ptr(), get: Some(get_doc), set: None, doc: null_mut(), closure: null_mut() },
            std::mem::zeroed(),
        ]));
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
        let mut make = |name: &'static CStr, extra_flags: u64| {
            let mut slots = vec![
                ffi::PyType_Slot { slot: ffi::Py_tp_dealloc, pfunc: function_dealloc as *mut c_void },
                ffi::PyType_Slot { slot: ffi::Py_tp_traverse, pfunc: function_traverse as *mut c_void },
                ffi::PyType_Slot { slot: ffi::Py_tp_repr, pfunc: function_repr as *mut c_void },
                ffi::PyType_Slot { slot: ffi::Py_tp_call, pfunc: ffi::PyVectorcall_Call as *mut c_void },
                ffi::PyType_Slot { slot: ffi::Py_tp_getset, pfunc: getset.as_mut_ptr() as *mut c_void },
                ffi::PyType_Slot { slot: ffi::Py_tp_members, pfunc: members.as_mut_ptr() as *mut c_void },
            ];
            slots.push(ffi::PyType_Slot { slot: ffi::Py_tp_descr_get, pfunc: descr_get as *mut c_void });
            slots.push(ffi::PyType_Slot { slot: 0, pfunc: null_mut() });
            let slots = Box::leak(slots.into_boxed_slice());
            let spec = Box::leak(Box::new(ffi::PyType_Spec {
                name: name.as_ptr(),
                basicsize: std::mem::size_of::<HiltFunction>() as i32,
                itemsize: 0,
                flags: (ffi::Py_TPFLAGS_DEFAULT | ffi::Py_TPFLAGS_HAVE_VECTORCALL | ffi::Py_TPFLAGS_HAVE_GC | extra_flags) as u32,
                slots: slots.as_mut_ptr(),
            }));
            ffi::PyType_FromSpec(spec) as *mut ffi::PyTypeObject
        };
        let data_slots = Box::leak(Box::new([
            ffi::PyType_Slot { slot: ffi::Py_tp_dealloc, pfunc: data_dealloc as *mut c_void },
            ffi::PyType_Slot { slot: 0, pfunc: null_mut() },
        ]));
        let data_spec = Box::leak(Box::new(ffi::PyType_Spec {
            name: c"hilt.function_data".as_ptr(),
            basicsize: std::mem::size_of::<FunctionData>() as i32,
            itemsize: 0,
            flags: ffi::Py_TPFLAGS_DEFAULT as u32,
            slots: data_slots.as_mut_ptr(),
        }));
        let data = ffi::PyType_FromSpec(data_spec) as *mut ffi::PyTypeObject;
        if data.is_null() {
            return Err(());
        }
        *DATA_TYPE.0.get() = data;
        let descriptor = make(c"hilt.method_descriptor", ffi::Py_TPFLAGS_METHOD_DESCRIPTOR);
        if descriptor.is_null() {
            return Err(());
        }
        *DESCRIPTOR_TYPE.0.get() = descriptor;
        Ok(())
    }
}

/// The vectorcall entry point of a fallback descriptor for a method signature.
fn entry_for(sig: HPyFunc_Signature) -> Option<ffi::vectorcallfunc> {
    Some(match sig {
        HPyFunc_Signature::NOARGS => descr_noargs,
        HPyFunc_Signature::O => descr_o,
        HPyFunc_Signature::VARARGS => descr_varargs,
        HPyFunc_Signature::KEYWORDS => descr_keywords,
        _ => return None,
    })
}

unsafe fn new_descriptor(m: &HPyMeth, ctx: *mut HPyContext, owner: *mut ffi::PyTypeObject) -> Obj {
    // SAFETY (whole body): the GIL is held; `m` is the extension's static HPyMeth.
    unsafe {
        let mname = if m.name.is_null() { "<unnamed>".into() } else { CStr::from_ptr(m.name).to_string_lossy().into_owned() };
        let Some(entry) = entry_for(m.signature) else {
            return raise(ffi::PyExc_ValueError, format!(
                "method '{mname}' has signature {}; methods take HPyFunc_NOARGS, HPyFunc_O, HPyFunc_VARARGS or HPyFunc_KEYWORDS",
                m.signature.name().unwrap_or("(unknown)")));
        };
        if m.impl_.is_none() {
            return raise(ffi::PyExc_ValueError, format!("method '{mname}' has a NULL impl"));
        }
        let o = ffi::PyType_GenericAlloc(*DESCRIPTOR_TYPE.0.get(), 0);
        if o.is_null() {
            return null_mut();
        }
        let f = o as *mut HiltFunction;
        (*f).vectorcall = Some(entry);
        (*f).impl_ = m.impl_;
        (*f).ctx = ctx;
        ffi::Py_XINCREF(owner as Obj);
        (*f).owner = owner;
        (*f).name = ffi::PyUnicode_FromString(if m.name.is_null() { c"<unnamed>".as_ptr() } else { m.name });
        (*f).doc = m.doc;
        if (*f).name.is_null() {
            ffi::Py_DECREF(o);
            return null_mut();
        }
        o
    }
}

/// What a module function's C entry point needs: it is the function's
/// `__self__` (CPython passes it as the first argument of `ml_meth`).
#[repr(C)]
struct FunctionData {
    ob_base: ffi::PyObject,
    impl_: HPyCFunction,
    ctx: *mut HPyContext,
    /// The module, passed to `impl` as `self` (owned).
    module: Obj,
}

static DATA_TYPE: TypeSlot = TypeSlot(std::cell::UnsafeCell::new(null_mut()));

unsafe extern "C" fn data_dealloc(o: Obj) {
    // SAFETY: CPython calls tp_dealloc with the GIL held on a dead FunctionData.
    unsafe {
        ffi::Py_XDECREF((*(o as *mut FunctionData)).module);
        let tp = ffi::Py_TYPE(o);
        ((*tp).tp_free.expect("heap types have tp_free"))(o as *mut c_void);
        ffi::Py_DECREF(tp as Obj);
    }
}

// C entry points of module functions, one per signature. They are plain
// METH_* functions, so CPython's specialised CALL instructions invoke them
// directly, exactly as for a C-API extension.
unsafe extern "C" fn cfunc_noargs(data: Obj, _unused: Obj) -> Obj {
    // SAFETY: `data` is this function's FunctionData; the impl has the NOARGS signature.
    unsafe {
        let d = data as *mut FunctionData;
        let call: NoArgs = std::mem::transmute((*d).impl_);
        obj(call((*d).ctx, handle((*d).module)))
    }
}

unsafe extern "C" fn cfunc_o(data: Obj, arg: Obj) -> Obj {
    // SAFETY: as above, for the O signature.
    unsafe {
        let d = data as *mut FunctionData;
        let call: OneArg = std::mem::transmute((*d).impl_);
        obj(call((*d).ctx, handle((*d).module), handle(arg)))
    }
}

unsafe extern "C" fn cfunc_varargs(data: Obj, args: *mut Obj, nargs: ffi::Py_ssize_t) -> Obj {
    // SAFETY: as above, for the VARARGS signature; `args` has `nargs` items.
    unsafe {
        let d = data as *mut FunctionData;
        let call: VarArgs = std::mem::transmute((*d).impl_);
        obj(call((*d).ctx, handle((*d).module), args as *const HPy, nargs as usize))
    }
}

unsafe extern "C" fn cfunc_keywords(data: Obj, args: *const Obj, nargs: ffi::Py_ssize_t, kwnames: Obj) -> Obj {
    // SAFETY: as above, for the KEYWORDS signature.
    unsafe {
        let d = data as *mut FunctionData;
        let call: Keywords = std::mem::transmute((*d).impl_);
        obj(call((*d).ctx, handle((*d).module), args as *const HPy, nargs as usize, handle(kwnames)))
    }
}

/// Add a module's functions. Each is a CPython builtin function: with
/// thunks, `__self__` is the module and `ml_meth` a thunk that jumps
/// straight to `impl` (exactly a C-API function's cost, plus one jump);
/// without, `__self__` is a FunctionData and `ml_meth` the entry point of
/// the signature.
///
/// # Safety
/// The GIL must be held; the HPyMeths are static data of a loaded library.
pub unsafe fn add_module_functions(methods: &[&HPyMeth], ctx: *mut HPyContext, module: Obj) -> Result<(), ()> {
    use crate::thunk::ThunkWriter;
    let thunks = crate::thunk::enabled();
    // SAFETY (whole body): the GIL is held; the arguments are as promised.
    unsafe {
        let mut writer = ThunkWriter::new();
        let mut planned = Vec::new();
        for m in methods {
            let mname = if m.name.is_null() { "<unnamed>".into() } else { CStr::from_ptr(m.name).to_string_lossy().into_owned() };
            let Some(imp) = m.impl_.filter(|_| !m.name.is_null()) else {
                raise(ffi::PyExc_ValueError, format!("module function '{mname}' has a NULL name or impl"));
                return Err(());
            };
            let (n_args, flags, entry) = match m.signature {
                HPyFunc_Signature::NOARGS => (1, ffi::METH_NOARGS, ffi::PyMethodDefPointer { PyCFunction: cfunc_noargs }),
                HPyFunc_Signature::O => (2, ffi::METH_O, ffi::PyMethodDefPointer { PyCFunction: cfunc_o }),
                HPyFunc_Signature::VARARGS => (
                    3,
                    ffi::METH_FASTCALL,
                    ffi::PyMethodDefPointer {
                        PyCFunctionFast: std::mem::transmute(cfunc_varargs as unsafe extern "C" fn(Obj, *mut Obj, ffi::Py_ssize_t) -> Obj),
                    },
                ),
                HPyFunc_Signature::KEYWORDS => (
                    4,
                    ffi::METH_FASTCALL | ffi::METH_KEYWORDS,
                    ffi::PyMethodDefPointer { PyCFunctionFastWithKeywords: cfunc_keywords },
                ),
                other => {
                    raise(ffi::PyExc_ValueError, format!(
                        "method '{mname}' has signature {}; methods take HPyFunc_NOARGS, HPyFunc_O, HPyFunc_VARARGS or HPyFunc_KEYWORDS",
                        other.name().unwrap_or("(unknown)")));
                    return Err(());
                }
            };
            let offset = if thunks { writer.push_direct(n_args, imp as *const () as usize, ctx as usize) } else { 0 };
            planned.push((*m, flags, entry, offset));
        }
        let base = if thunks {
            let Some(base) = writer.finish() else {
                ffi::PyErr_NoMemory();
                return Err(());
            };
            base
        } else {
            std::ptr::null()
        };
        let modname = ffi::PyModule_GetNameObject(module);
        if modname.is_null() {
            ffi::PyErr_Clear();
        }
        let mut result = Ok(());
        for (m, flags, entry, offset) in planned {
            let (ml_meth, self_) = if thunks {
                (ffi::PyMethodDefPointer { PyCFunction: std::mem::transmute::<*const u8, ffi::PyCFunction>(base.add(offset)) }, module)
            } else {
                let data = ffi::PyType_GenericAlloc(*DATA_TYPE.0.get(), 0);
                if data.is_null() {
                    result = Err(());
                    break;
                }
                let d = data as *mut FunctionData;
                (*d).impl_ = m.impl_;
                (*d).ctx = ctx;
                ffi::Py_INCREF(module);
                (*d).module = module;
                (entry, data)
            };
            // The PyMethodDef must outlive the function: module functions
            // live as long as their (never unloaded) library.
            let def = Box::leak(Box::new(ffi::PyMethodDef { ml_name: m.name, ml_meth, ml_flags: flags, ml_doc: m.doc }));
            let f = ffi::PyCFunction_NewEx(def, self_, modname);
            if !thunks {
                ffi::Py_DECREF(self_);
            }
            if f.is_null() || ffi::PyModule_AddObject(module, m.name, f) < 0 {
                ffi::Py_XDECREF(f);
                result = Err(());
                break;
            }
        }
        ffi::Py_XDECREF(modname);
        result
    }
}

/// A method descriptor for instances of `owner`.
///
/// # Safety
/// The GIL must be held; `m` must be a valid HPyMeth that outlives the result.
pub unsafe fn new_method_descriptor(m: &HPyMeth, owner: *mut ffi::PyTypeObject) -> Obj {
    // SAFETY: forwarded contract; the universal context is built by now.
    unsafe { new_descriptor(m, crate::context::universal_context(), owner) }
}

/// Add `methods` to the new type `tp` as CPython method descriptors whose
/// functions are thunks into the entry points above; where thunks are not
/// available, as Hilt's own descriptor objects.
///
/// # Safety
/// The GIL must be held; `tp` is a live type; the HPyMeths are static data.
pub unsafe fn add_methods(tp: *mut ffi::PyTypeObject, methods: &[HPyMeth]) -> Result<(), ()> {
    use crate::thunk::ThunkWriter;
    // SAFETY (whole body): the GIL is held and the arguments are as promised.
    unsafe {
        let ctx = crate::context::universal_context();
        let add = |name: *const c_char, descr: Obj| -> Result<(), ()> {
            if descr.is_null() {
                return Err(());
            }
            let rc = ffi::PyObject_SetAttrString(tp as Obj, name, descr);
            ffi::Py_DECREF(descr);
            if rc < 0 { Err(()) } else { Ok(()) }
        };
        if !crate::thunk::enabled() {
            for m in methods {
                add(m.name, new_method_descriptor(m, tp))?;
            }
            return Ok(());
        }
        let mut writer = ThunkWriter::new();
        let mut planned = Vec::new();
        for m in methods {
            let mname = if m.name.is_null() { "<unnamed>".into() } else { CStr::from_ptr(m.name).to_string_lossy().into_owned() };
            let Some(imp) = m.impl_ else {
                raise(ffi::PyExc_ValueError, format!("method '{mname}' has a NULL impl"));
                return Err(());
            };
            // CPython calls ml_meth(self, ...) with 1 to 4 arguments; the impl
            // takes the context and then the same arguments.
            let (n_args, flags) = match m.signature {
                HPyFunc_Signature::NOARGS => (1, ffi::METH_NOARGS),
                HPyFunc_Signature::O => (2, ffi::METH_O),
                HPyFunc_Signature::VARARGS => (3, ffi::METH_FASTCALL),
                HPyFunc_Signature::KEYWORDS => (4, ffi::METH_FASTCALL | ffi::METH_KEYWORDS),
                other => {
                    raise(ffi::PyExc_ValueError, format!(
                        "method '{mname}' has signature {}; methods take HPyFunc_NOARGS, HPyFunc_O, HPyFunc_VARARGS or HPyFunc_KEYWORDS",
                        other.name().unwrap_or("(unknown)")));
                    return Err(());
                }
            };
            let offset = writer.push_direct(n_args, imp as *const () as usize, ctx as usize);
            planned.push((m, offset, flags));
        }
        let Some(base) = writer.finish() else {
            ffi::PyErr_NoMemory();
            return Err(());
        };
        for (m, offset, flags) in planned {
            let code = base.add(offset);
            let ml_meth = ffi::PyMethodDefPointer { PyCFunction: std::mem::transmute::<*const u8, ffi::PyCFunction>(code) };
            let def = Box::leak(Box::new(ffi::PyMethodDef { ml_name: m.name, ml_meth, ml_flags: flags, ml_doc: m.doc }));
            add(m.name, ffi::PyDescr_NewMethod(tp, def))?;
        }
        Ok(())
    }
}
