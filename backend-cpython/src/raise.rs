//! Raising Python exceptions: the cold error paths every context area
//! shares. Every caller holds the GIL (all context functions do).

use hilt_abi::HPy;
use pyo3_ffi as ffi;
use std::ffi::CStr;
use std::os::raw::{c_char, c_int};

/// The null handle, returned with an exception set.
pub(crate) const HPY_NULL: HPy = HPy { _i: 0 };

/// Raise `exc` with `msg`.
#[cold]
#[inline(never)]
pub(crate) fn raise(exc: *mut ffi::PyObject, msg: &CStr) {
    // SAFETY: the GIL is held; `exc` is an exception type; `msg` is NUL-terminated.
    unsafe { ffi::PyErr_SetString(exc, msg.as_ptr()) };
}

/// Raise `exc` with a message built at run time.
#[cold]
#[inline(never)]
pub(crate) fn raise_owned(exc: *mut ffi::PyObject, msg: String) {
    let mut bytes = msg.into_bytes();
    bytes.retain(|&b| b != 0);
    bytes.push(0);
    // SAFETY: the GIL is held; `bytes` is NUL-terminated with no interior NUL.
    unsafe { ffi::PyErr_SetString(exc, bytes.as_ptr() as *const c_char) };
}

/// Raise SystemError with `msg`.
#[cold]
#[inline(never)]
pub(crate) fn system_error(msg: &CStr) {
    // SAFETY: a static CPython exception type.
    raise(unsafe { ffi::PyExc_SystemError }, msg);
}

/// Raise SystemError with `msg` and return HPy_NULL.
#[cold]
#[inline(never)]
pub(crate) fn null_handle(msg: &CStr) -> HPy {
    system_error(msg);
    HPY_NULL
}

/// Raise SystemError with `msg` and return -1.
#[cold]
#[inline(never)]
pub(crate) fn minus_one(msg: &CStr) -> c_int {
    system_error(msg);
    -1
}

/// The name of `o`'s type, for error messages.
///
/// # Safety
/// `o` must be a live object and the GIL held.
pub(crate) unsafe fn type_name(o: *mut ffi::PyObject) -> String {
    // SAFETY: `o` is live, so its type and the type's tp_name are valid.
    unsafe { CStr::from_ptr((*ffi::Py_TYPE(o)).tp_name) }.to_string_lossy().into_owned()
}
