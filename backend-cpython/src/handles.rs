//! Handles on CPython: an `HPy` is the address of a `PyObject` and owns one
//! strong reference to it. `HPy_Dup` is `Py_INCREF`, `HPy_Close` is
//! `Py_DECREF`, and an argument array of `PyObject *` is already an array of
//! handles, so calls need no conversion. The null handle is the null pointer.

use hilt_abi::{HPyContext, HPy};
use pyo3_ffi::PyObject;

/// The object a handle refers to (borrowed: the handle keeps its reference).
#[inline(always)]
pub fn obj(h: HPy) -> *mut PyObject {
    h._i as *mut PyObject
}

/// A handle that takes over a new reference (or null on error).
#[inline(always)]
pub fn handle(o: *mut PyObject) -> HPy {
    HPy { _i: o as isize }
}

/// A new handle to `o`, taking a new strong reference (a borrowed reference in).
///
/// # Safety
/// `o` must be a live object or null, and the GIL must be held.
#[inline(always)]
pub unsafe fn handle_incref(o: *mut PyObject) -> HPy {
    // SAFETY: the caller guarantees `o` is live or null and holds the GIL.
    unsafe { pyo3_ffi::Py_XINCREF(o) };
    handle(o)
}

/// The type every context function receives; unused by most of them because
/// the CPython backend keeps no per-context state.
pub type Ctx = *mut HPyContext;

/// The items of a tuple as a borrowed handle array (none for NULL), as
/// `tp_new`/`tp_init` implementations receive them.
///
/// # Safety
/// `t` must be NULL or a live tuple, and the GIL held.
pub unsafe fn tuple_items(t: *mut PyObject) -> (*const HPy, hilt_abi::HPy_ssize_t) {
    if t.is_null() {
        return (std::ptr::null(), 0);
    }
    // SAFETY: a tuple stores its items contiguously, and a handle has a
    // `PyObject *`'s layout.
    unsafe {
        let items = (*(t as *mut pyo3_ffi::PyTupleObject)).ob_item.as_ptr() as *const HPy;
        (items, pyo3_ffi::PyTuple_GET_SIZE(t))
    }
}
