//! Raising, testing and clearing exceptions; new exception classes;
//! warnings; fatal errors.
//!
//! Each function is CPython's `PyErr_*` function of the same meaning. Where
//! CPython would dereference a null pointer (a null exception type, a null
//! message or class name), the function raises SystemError naming itself
//! instead.

use crate::raise::{HPY_NULL, system_error};
use crate::handles::{handle, obj, Ctx};
use hilt_abi::{HPy, HPy_ssize_t};
use pyo3_ffi as ffi;
use std::os::raw::{c_char, c_int};

pub unsafe extern "C" fn ctx_FatalError(_ctx: Ctx, message: *const c_char) {
    let message = if message.is_null() { c"HPy_FatalError called with a NULL message".as_ptr() } else { message };
    // SAFETY: `message` is a NUL-terminated string; Py_FatalError never returns.
    unsafe { ffi::Py_FatalError(message) }
}

pub unsafe extern "C" fn ctx_Err_SetString(_ctx: Ctx, h_type: HPy, utf8_message: *const c_char) {
    if h_type.is_null() {
        return system_error(c"HPyErr_SetString: h_type is HPy_NULL");
    }
    if utf8_message.is_null() {
        return system_error(c"HPyErr_SetString: utf8_message is NULL");
    }
    // SAFETY: a live type object (CPython raises SystemError itself when it
    // is not an exception class) and a NUL-terminated message; GIL held.
    unsafe { ffi::PyErr_SetString(obj(h_type), utf8_message) }
}

pub unsafe extern "C" fn ctx_Err_SetObject(_ctx: Ctx, h_type: HPy, h_value: HPy) {
    if h_type.is_null() {
        return system_error(c"HPyErr_SetObject: h_type is HPy_NULL");
    }
    // SAFETY: live objects; a null value means "no value", as in CPython; GIL held.
    unsafe { ffi::PyErr_SetObject(obj(h_type), obj(h_value)) }
}

pub unsafe extern "C" fn ctx_Err_SetFromErrnoWithFilename(
    _ctx: Ctx,
    h_type: HPy,
    filename_fsencoded: *const c_char,
) -> HPy {
    if h_type.is_null() {
        system_error(c"HPyErr_SetFromErrnoWithFilename: h_type is HPy_NULL");
        return HPY_NULL;
    }
    // SAFETY: a live type object and a NUL-terminated file name or NULL;
    // nothing here touches errno before CPython reads it; GIL held.
    unsafe { handle(ffi::PyErr_SetFromErrnoWithFilename(obj(h_type), filename_fsencoded)) }
}

pub unsafe extern "C" fn ctx_Err_SetFromErrnoWithFilenameObjects(
    _ctx: Ctx,
    h_type: HPy,
    filename1: HPy,
    filename2: HPy,
) {
    if h_type.is_null() {
        return system_error(c"HPyErr_SetFromErrnoWithFilenameObjects: h_type is HPy_NULL");
    }
    // SAFETY: live objects, the file names possibly NULL (CPython omits
    // them then); errno is untouched before CPython reads it; GIL held. The
    // result is always NULL.
    unsafe {
        ffi::PyErr_SetFromErrnoWithFilenameObjects(obj(h_type), obj(filename1), obj(filename2));
    }
}

pub unsafe extern "C" fn ctx_Err_Occurred(_ctx: Ctx) -> c_int {
    // SAFETY: GIL held.
    unsafe { !ffi::PyErr_Occurred().is_null() as c_int }
}

pub unsafe extern "C" fn ctx_Err_ExceptionMatches(_ctx: Ctx, exc: HPy) -> c_int {
    // SAFETY: GIL held; CPython answers 0 for a NULL `exc` or no exception.
    unsafe { ffi::PyErr_ExceptionMatches(obj(exc)) }
}

pub unsafe extern "C" fn ctx_Err_NoMemory(_ctx: Ctx) {
    // SAFETY: GIL held.
    unsafe { ffi::PyErr_NoMemory() };
}

pub unsafe extern "C" fn ctx_Err_Clear(_ctx: Ctx) {
    // SAFETY: GIL held.
    unsafe { ffi::PyErr_Clear() }
}

pub unsafe extern "C" fn ctx_Err_NewException(_ctx: Ctx, utf8_name: *const c_char, base: HPy, dict: HPy) -> HPy {
    if utf8_name.is_null() {
        system_error(c"HPyErr_NewException: utf8_name is NULL");
        return HPY_NULL;
    }
    // SAFETY: a NUL-terminated name (CPython checks the "module.Name"
    // form); base and dict are live objects or NULL (defaults); GIL held.
    unsafe { handle(ffi::PyErr_NewException(utf8_name, obj(base), obj(dict))) }
}

pub unsafe extern "C" fn ctx_Err_NewExceptionWithDoc(
    _ctx: Ctx,
    utf8_name: *const c_char,
    utf8_doc: *const c_char,
    base: HPy,
    dict: HPy,
) -> HPy {
    if utf8_name.is_null() {
        system_error(c"HPyErr_NewExceptionWithDoc: utf8_name is NULL");
        return HPY_NULL;
    }
    // SAFETY: as for HPyErr_NewException; a NULL doc means no docstring.
    unsafe { handle(ffi::PyErr_NewExceptionWithDoc(utf8_name, utf8_doc, obj(base), obj(dict))) }
}

pub unsafe extern "C" fn ctx_Err_WarnEx(
    _ctx: Ctx,
    category: HPy,
    utf8_message: *const c_char,
    stack_level: HPy_ssize_t,
) -> c_int {
    if utf8_message.is_null() {
        system_error(c"HPyErr_WarnEx: utf8_message is NULL");
        return -1;
    }
    // SAFETY: a live category or NULL (CPython then uses RuntimeWarning), a
    // NUL-terminated message; GIL held.
    unsafe { ffi::PyErr_WarnEx(obj(category), utf8_message, stack_level) }
}

pub unsafe extern "C" fn ctx_Err_WriteUnraisable(_ctx: Ctx, obj_: HPy) {
    // SAFETY: a live object or NULL (no context object); GIL held.
    unsafe { ffi::PyErr_WriteUnraisable(obj(obj_)) }
}
