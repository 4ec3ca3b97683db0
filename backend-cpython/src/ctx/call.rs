//! Calling objects: with a tuple and a dict (`HPy_CallTupleDict`) or in the
//! vectorcall style (`HPy_Call`, `HPy_CallMethod`).
//!
//! A handle is a `PyObject *`, so the caller's `const HPy *args` array is
//! passed to `PyObject_Vectorcall` as it is: no copy and no allocation.
//! `PY_VECTORCALL_ARGUMENTS_OFFSET` is never set, because the slot before
//! `args[0]` belongs to the extension and CPython may not write to it.
//!
//! The individual argument handles are not checked for HPy_NULL (that would
//! cost a scan of every call); the callable, the method name and the
//! `kwnames` tuple are.

use crate::handles::{handle, obj, Ctx};
use crate::raise::{null_handle, raise_owned, type_name, HPY_NULL};
use hilt_abi::HPy;
use pyo3_ffi as ffi;

/// Raise TypeError with "`what` must be `expected`, not 'T'".
#[cold]
#[inline(never)]
fn wrong_type(what: &str, expected: &str, o: *mut ffi::PyObject) -> HPy {
    // SAFETY: `o` is a live object; GIL held.
    let tname = unsafe { type_name(o) };
    // SAFETY: a static exception type.
    raise_owned(unsafe { ffi::PyExc_TypeError }, format!("{what} must be {expected}, not '{tname}'"));
    HPY_NULL
}

/// Check `kwnames` (a tuple or HPy_NULL) and give the pointer to pass on.
/// `Err` means TypeError has been raised.
#[inline(always)]
fn kwnames_of(kwnames: HPy, who: &str) -> Result<*mut ffi::PyObject, ()> {
    let k = obj(kwnames);
    // SAFETY: a non-null handle is a live object; GIL held.
    if !k.is_null() && unsafe { ffi::PyTuple_Check(k) } == 0 {
        wrong_type(&format!("{who}: kwnames"), "a tuple of str or HPy_NULL", k);
        return Err(());
    }
    Ok(k)
}

pub unsafe extern "C" fn ctx_CallTupleDict(_ctx: Ctx, callable: HPy, args: HPy, kw: HPy) -> HPy {
    if callable.is_null() {
        return null_handle(c"HPy_CallTupleDict: callable is HPy_NULL");
    }
    let (f, a, k) = (obj(callable), obj(args), obj(kw));
    // SAFETY: (whole body) non-null handles are live objects; GIL held.
    unsafe {
        if !a.is_null() && ffi::PyTuple_Check(a) == 0 {
            return wrong_type("HPy_CallTupleDict: args", "a tuple or HPy_NULL", a);
        }
        if !k.is_null() && ffi::PyDict_Check(k) == 0 {
            return wrong_type("HPy_CallTupleDict: kw", "a dict or HPy_NULL", k);
        }
        let r = if a.is_null() {
            // No positional arguments: the dict (or nothing) goes straight
            // to the vectorcall protocol, with no empty tuple to make.
            ffi::PyObject_VectorcallDict(f, std::ptr::null(), 0, k)
        } else {
            ffi::PyObject_Call(f, a, k)
        };
        handle(r)
    }
}

pub unsafe extern "C" fn ctx_Call(_ctx: Ctx, callable: HPy, args: *const HPy, nargs: usize, kwnames: HPy) -> HPy {
    if callable.is_null() {
        return null_handle(c"HPy_Call: callable is HPy_NULL");
    }
    if nargs & ffi::PY_VECTORCALL_ARGUMENTS_OFFSET != 0 {
        return null_handle(c"HPy_Call: nargs is too large");
    }
    let Ok(k) = kwnames_of(kwnames, "HPy_Call") else { return HPY_NULL };
    // SAFETY: `args` holds `nargs` positional handles followed by one value
    // per name in `kwnames` (API contract); an HPy is a PyObject *, so the
    // array is the vectorcall argument array; GIL held.
    unsafe { handle(ffi::PyObject_Vectorcall(obj(callable), args as *const *mut ffi::PyObject, nargs, k)) }
}

pub unsafe extern "C" fn ctx_CallMethod(_ctx: Ctx, name: HPy, args: *const HPy, nargs: usize, kwnames: HPy) -> HPy {
    if name.is_null() {
        return null_handle(c"HPy_CallMethod: name is HPy_NULL");
    }
    if nargs == 0 || args.is_null() {
        return null_handle(c"HPy_CallMethod: nargs must be at least 1 (args[0] is the receiver)");
    }
    if nargs & ffi::PY_VECTORCALL_ARGUMENTS_OFFSET != 0 {
        return null_handle(c"HPy_CallMethod: nargs is too large");
    }
    // SAFETY: `args` is non-null with at least one handle.
    if unsafe { *args }.is_null() {
        return null_handle(c"HPy_CallMethod: the receiver args[0] is HPy_NULL");
    }
    let Ok(k) = kwnames_of(kwnames, "HPy_CallMethod") else { return HPY_NULL };
    // SAFETY: as in HPy_Call; CPython looks `name` up on args[0] (raising
    // TypeError when it is not a str) and calls the method with the rest;
    // GIL held.
    unsafe { handle(ffi::PyObject_VectorcallMethod(obj(name), args as *const *mut ffi::PyObject, nargs, k)) }
}
