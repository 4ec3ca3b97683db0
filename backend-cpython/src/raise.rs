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

/// The text of the str `s` (for messages), or `fallback` when `s` is NULL
/// or cannot be encoded as UTF-8 (that error is cleared).
///
/// # Safety
/// `s` must be NULL or a live str, and the GIL held.
pub(crate) unsafe fn str_text(s: *mut ffi::PyObject, fallback: &str) -> String {
    // SAFETY: `s` is a live str; its UTF-8 buffer holds `size` bytes.
    unsafe {
        if s.is_null() {
            return fallback.into();
        }
        let mut size = 0;
        let p = ffi::PyUnicode_AsUTF8AndSize(s, &mut size);
        if p.is_null() {
            ffi::PyErr_Clear();
            return fallback.into();
        }
        String::from_utf8_lossy(std::slice::from_raw_parts(p as *const u8, size as usize)).into_owned()
    }
}

/// The name of `o`'s type, for error messages.
///
/// # Safety
/// `o` must be a live object and the GIL held.
pub(crate) unsafe fn type_name(o: *mut ffi::PyObject) -> String {
    // SAFETY: `o` is live, so its type and the type's tp_name are valid.
    unsafe { CStr::from_ptr((*ffi::Py_TYPE(o)).tp_name) }.to_string_lossy().into_owned()
}
