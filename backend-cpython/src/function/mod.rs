//! HPy methods as CPython callables that reach the extension's `impl`
//! directly: no trampoline and no switch on the signature at call time.
//!
//! Module functions and type methods are CPython's own builtin functions and
//! method descriptors, so the interpreter's specialised CALL instructions
//! invoke them; their C function is a thunk (crate::thunk) jumping to
//! `impl`. Because a handle is a `PyObject *`, CPython's argument array is
//! passed to `impl` as is. NOARGS and O impls are registered as
//! `METH_FASTCALL` with a thunk that checks the argument count: CPython's
//! fast-call instructions invoke those with no wrapper at all. Where thunks
//! are unavailable, [`portable`] provides Hilt's own vectorcall callables.

mod portable;

pub use portable::init_types;

use hilt_abi::*;
use pyo3_ffi as ffi;
use std::ffi::CStr;
use std::os::raw::c_int;
use std::ptr::null_mut;

type Obj = *mut ffi::PyObject;

/// Raise `exc` with `msg` and return NULL (a failed call's result).
fn raise(exc: Obj, msg: String) -> Obj {
    crate::raise::raise_owned(exc, msg);
    null_mut()
}

/// What a checking thunk hands its error entry: the function as CPython
/// names it in messages (`mod.f`).
struct ArgCountError {
    funcstr: String,
}

/// A module function taking no arguments called with some: the error
/// CPython itself raises for a METH_NOARGS function.
unsafe extern "C" fn wrong_arg_count(_self: Obj, _args: *const Obj, nargs: ffi::Py_ssize_t, info: *const ArgCountError) -> Obj {
    // SAFETY: `info` is the leaked ArgCountError of this function's thunk.
    let info = unsafe { &*info };
    raise(ffi::PyExc_TypeError, format!("{}() takes no arguments ({nargs} given)", info.funcstr))
}

/// Write the thunk of one function or method and return its offset and the
/// `METH_*` flags it is called with, choosing for each signature the entry
/// CPython calls most cheaply (counted with callgrind): a module function
/// taking no arguments becomes METH_FASTCALL with a thunk that checks the
/// count (CPython's fast-call instruction has no wrapper, while METH_NOARGS
/// builtins take the generic path); everything else keeps its own METH_*
/// kind, whose specialised instructions are the cheapest for it.
/// `funcstr` names the function in errors.
fn plan_thunk(
    writer: &mut crate::thunk::ThunkWriter,
    sig: HPyFunc_Signature,
    is_method: bool,
    imp: usize,
    ctx: *mut HPyContext,
    funcstr: impl FnOnce() -> String,
) -> Option<(usize, c_int)> {
    let ctx = ctx as usize;
    Some(match sig {
        HPyFunc_Signature::NOARGS if !is_method => {
            let info = Box::leak(Box::new(ArgCountError { funcstr: funcstr() }));
            let on_error = wrong_arg_count as unsafe extern "C" fn(Obj, *const Obj, ffi::Py_ssize_t, *const ArgCountError) -> Obj;
            (writer.push_checked_noargs(imp, ctx, on_error as usize, info as *const ArgCountError as usize), ffi::METH_FASTCALL)
        }
        HPyFunc_Signature::NOARGS => (writer.push_direct(1, imp, ctx), ffi::METH_NOARGS),
        HPyFunc_Signature::O => (writer.push_direct(2, imp, ctx), ffi::METH_O),
        HPyFunc_Signature::VARARGS => (writer.push_direct(3, imp, ctx), ffi::METH_FASTCALL),
        HPyFunc_Signature::KEYWORDS => (writer.push_direct(4, imp, ctx), ffi::METH_FASTCALL | ffi::METH_KEYWORDS),
        _ => return None,
    })
}

/// A module's `__name__`, for error messages.
///
/// # Safety
/// The GIL must be held; `module` is a live module.
unsafe fn module_name(module: Obj) -> String {
    // SAFETY: the caller's guarantees.
    unsafe {
        let name = ffi::PyModule_GetName(module);
        if name.is_null() {
            ffi::PyErr_Clear();
            return "?".into();
        }
        CStr::from_ptr(name).to_string_lossy().into_owned()
    }
}

/// A type's `__qualname__`, for error messages.
///
/// # Safety
/// The GIL must be held; `tp` is a live type.
unsafe fn type_qualname(tp: *mut ffi::PyTypeObject) -> String {
    // SAFETY: the caller's guarantees; the result is a new str or NULL.
    unsafe {
        let q = ffi::PyType_GetQualName(tp);
        if q.is_null() {
            ffi::PyErr_Clear();
            return CStr::from_ptr((*tp).tp_name).to_string_lossy().into_owned();
        }
        let text = crate::raise::str_text(q, "?");
        ffi::Py_DECREF(q);
        text
    }
}

/// Write the thunks of `methods` (`what`: "method" or "module function",
/// for errors; `owner`: the type or module, as errors name it) into one
/// executable batch; returns each method with its `ml_meth` and flags.
///
/// # Safety
/// The GIL must be held; the HPyMeths are static data of a loaded library.
unsafe fn write_thunks<'m>(
    methods: impl Iterator<Item = &'m HPyMeth>,
    ctx: *mut HPyContext,
    what: &str,
    owner: &str,
) -> Result<Vec<(&'m HPyMeth, ffi::PyMethodDefPointer, c_int)>, ()> {
    // SAFETY (whole body): the caller's guarantees; offsets lie in the batch.
    unsafe {
        let mut writer = crate::thunk::ThunkWriter::new();
        let mut planned = Vec::new();
        for m in methods {
            let mname = if m.name.is_null() { "<unnamed>".into() } else { CStr::from_ptr(m.name).to_string_lossy().into_owned() };
            let Some(imp) = m.impl_.filter(|_| !m.name.is_null()) else {
                raise(ffi::PyExc_ValueError, format!("{what} '{mname}' has a NULL name or impl"));
                return Err(());
            };
            let funcstr = || format!("{owner}.{mname}");
            let Some((offset, flags)) = plan_thunk(&mut writer, m.signature, what == "method", imp as *const () as usize, ctx, funcstr) else {
                raise(ffi::PyExc_ValueError, format!(
                    "{what} '{mname}' has signature {}; expected HPyFunc_NOARGS, HPyFunc_O, HPyFunc_VARARGS or HPyFunc_KEYWORDS",
                    m.signature.name().unwrap_or("(unknown)")));
                return Err(());
            };
            planned.push((m, offset, flags));
        }
        let Some(base) = writer.finish() else {
            ffi::PyErr_NoMemory();
            return Err(());
        };
        Ok(planned
            .into_iter()
            .map(|(m, offset, flags)| {
                let code = base.add(offset);
                (m, ffi::PyMethodDefPointer { PyCFunction: std::mem::transmute::<*const u8, ffi::PyCFunction>(code) }, flags)
            })
            .collect())
    }
}

/// Add a module's functions. With thunks each is a CPython builtin
/// function whose `__self__` is the module and whose `ml_meth` is a thunk
/// jumping straight to `impl`; without, a `hilt.builtin_function`.
///
/// # Safety
/// The GIL must be held; the HPyMeths are static data of a loaded library.
pub unsafe fn add_module_functions(methods: &[&HPyMeth], ctx: *mut HPyContext, module: Obj) -> Result<(), ()> {
    // SAFETY (whole body): the GIL is held; the arguments are as promised.
    unsafe {
        let add = |m: &HPyMeth, f: Obj| -> Result<(), ()> {
            if f.is_null() || ffi::PyModule_AddObject(module, m.name, f) < 0 {
                ffi::Py_XDECREF(f);
                return Err(());
            }
            Ok(())
        };
        if !crate::thunk::enabled() || hilt_debug::DebugContext::from_ctx(ctx).is_some() {
            for m in methods {
                add(m, portable::new_callable(m, ctx, null_mut(), module))?;
            }
            return Ok(());
        }
        let planned = write_thunks(methods.iter().copied(), ctx, "module function", &module_name(module))?;
        let modname = ffi::PyModule_GetNameObject(module);
        if modname.is_null() {
            ffi::PyErr_Clear();
        }
        let mut result = Ok(());
        for (m, ml_meth, flags) in planned {
            // The PyMethodDef must outlive the function: module functions
            // live as long as their (never unloaded) library.
            let def = Box::leak(Box::new(ffi::PyMethodDef { ml_name: m.name, ml_meth, ml_flags: flags, ml_doc: m.doc }));
            result = add(m, ffi::PyCFunction_NewEx(def, module, modname));
            if result.is_err() {
                break;
            }
        }
        ffi::Py_XDECREF(modname);
        result
    }
}

/// Add `methods` to the new type `tp` as CPython method descriptors whose
/// functions are thunks to the impls, called with `ctx`; where thunks are
/// not available, or `ctx` is a debug context, as Hilt's own descriptors.
///
/// # Safety
/// The GIL must be held; `tp` is a live type; the HPyMeths are static data.
pub unsafe fn add_methods(tp: *mut ffi::PyTypeObject, methods: &[HPyMeth], ctx: *mut HPyContext) -> Result<(), ()> {
    // SAFETY (whole body): the GIL is held and the arguments are as promised.
    unsafe {
        let add = |name: *const std::os::raw::c_char, descr: Obj| -> Result<(), ()> {
            if descr.is_null() {
                return Err(());
            }
            let rc = ffi::PyObject_SetAttrString(tp as Obj, name, descr);
            ffi::Py_DECREF(descr);
            if rc < 0 { Err(()) } else { Ok(()) }
        };
        if !crate::thunk::enabled() || hilt_debug::DebugContext::from_ctx(ctx).is_some() {
            for m in methods {
                add(m.name, portable::new_callable(m, ctx, tp, null_mut()))?;
            }
            return Ok(());
        }
        for (m, ml_meth, flags) in write_thunks(methods.iter(), ctx, "method", &type_qualname(tp))? {
            let def = Box::leak(Box::new(ffi::PyMethodDef { ml_name: m.name, ml_meth, ml_flags: flags, ml_doc: m.doc }));
            add(m.name, ffi::PyDescr_NewMethod(tp, def))?;
        }
        Ok(())
    }
}
