//! `str` and `bytes`: each function is the CPython `PyUnicode_*` /
//! `PyBytes_*` call of the same meaning. Null arguments that CPython would
//! dereference raise SystemError naming the API function; the `*_Check`
//! predicates answer 0 for HPy_NULL.

use crate::raise::{HPY_NULL, system_error, null_handle};
use crate::handles::{handle, obj, Ctx};
use hilt_abi::{wchar_t, HPy, HPy_UCS4, HPy_ssize_t};
use pyo3_ffi as ffi;
use std::os::raw::{c_char, c_int};

// ------------------------------------------------------------------- str

pub unsafe extern "C" fn ctx_Unicode_FromString(_ctx: Ctx, utf8: *const c_char) -> HPy {
    if utf8.is_null() {
        return null_handle(c"HPyUnicode_FromString: utf8 is NULL");
    }
    // SAFETY: `utf8` is a NUL-terminated string; GIL held.
    unsafe { handle(ffi::PyUnicode_FromString(utf8)) }
}

pub unsafe extern "C" fn ctx_Unicode_Check(_ctx: Ctx, h: HPy) -> c_int {
    let o = obj(h);
    if o.is_null() {
        return 0;
    }
    // SAFETY: `o` is live; GIL held.
    unsafe { ffi::PyUnicode_Check(o) }
}

pub unsafe extern "C" fn ctx_Unicode_AsASCIIString(_ctx: Ctx, h: HPy) -> HPy {
    if h._i == 0 {
        return null_handle(c"HPyUnicode_AsASCIIString: h is HPy_NULL");
    }
    // SAFETY: `h` is live (non-str raises TypeError); GIL held.
    unsafe { handle(ffi::PyUnicode_AsASCIIString(obj(h))) }
}

pub unsafe extern "C" fn ctx_Unicode_AsLatin1String(_ctx: Ctx, h: HPy) -> HPy {
    if h._i == 0 {
        return null_handle(c"HPyUnicode_AsLatin1String: h is HPy_NULL");
    }
    // SAFETY: `h` is live (non-str raises TypeError); GIL held.
    unsafe { handle(ffi::PyUnicode_AsLatin1String(obj(h))) }
}

pub unsafe extern "C" fn ctx_Unicode_AsUTF8String(_ctx: Ctx, h: HPy) -> HPy {
    if h._i == 0 {
        return null_handle(c"HPyUnicode_AsUTF8String: h is HPy_NULL");
    }
    // SAFETY: `h` is live (non-str raises TypeError); GIL held.
    unsafe { handle(ffi::PyUnicode_AsUTF8String(obj(h))) }
}

pub unsafe extern "C" fn ctx_Unicode_AsUTF8AndSize(
    _ctx: Ctx,
    h: HPy,
    size: *mut HPy_ssize_t,
) -> *const c_char {
    if h._i == 0 {
        system_error(c"HPyUnicode_AsUTF8AndSize: h is HPy_NULL");
        return std::ptr::null();
    }
    // SAFETY: `h` is live (non-str raises TypeError); `size` is NULL or
    // writable; the UTF-8 buffer is cached in the str, so it lives as long
    // as the object; GIL held.
    unsafe { ffi::PyUnicode_AsUTF8AndSize(obj(h), size) }
}

pub unsafe extern "C" fn ctx_Unicode_FromWideChar(
    _ctx: Ctx,
    w: *const wchar_t,
    size: HPy_ssize_t,
) -> HPy {
    // SAFETY: `w` holds `size` units (or is NUL-terminated when size is -1);
    // CPython reports NULL with a non-zero size itself; hilt_abi's wchar_t
    // is the platform wchar_t, as libc's is; GIL held.
    unsafe { handle(ffi::PyUnicode_FromWideChar(w as *const _, size)) }
}

pub unsafe extern "C" fn ctx_Unicode_DecodeFSDefault(_ctx: Ctx, v: *const c_char) -> HPy {
    if v.is_null() {
        return null_handle(c"HPyUnicode_DecodeFSDefault: v is NULL");
    }
    // SAFETY: `v` is NUL-terminated; GIL held.
    unsafe { handle(ffi::PyUnicode_DecodeFSDefault(v)) }
}

pub unsafe extern "C" fn ctx_Unicode_DecodeFSDefaultAndSize(
    _ctx: Ctx,
    v: *const c_char,
    size: HPy_ssize_t,
) -> HPy {
    if v.is_null() && size != 0 {
        return null_handle(c"HPyUnicode_DecodeFSDefaultAndSize: v is NULL");
    }
    // SAFETY: `v` holds `size` bytes; GIL held.
    unsafe { handle(ffi::PyUnicode_DecodeFSDefaultAndSize(v, size)) }
}

pub unsafe extern "C" fn ctx_Unicode_EncodeFSDefault(_ctx: Ctx, h: HPy) -> HPy {
    if h._i == 0 {
        return null_handle(c"HPyUnicode_EncodeFSDefault: h is HPy_NULL");
    }
    // SAFETY: `h` is live (non-str raises TypeError); GIL held.
    unsafe { handle(ffi::PyUnicode_EncodeFSDefault(obj(h))) }
}

pub unsafe extern "C" fn ctx_Unicode_ReadChar(_ctx: Ctx, h: HPy, index: HPy_ssize_t) -> HPy_UCS4 {
    if h._i == 0 {
        system_error(c"HPyUnicode_ReadChar: h is HPy_NULL");
        return HPy_UCS4::MAX;
    }
    // SAFETY: `h` is live (non-str raises TypeError, a bad index IndexError);
    // GIL held.
    unsafe { ffi::PyUnicode_ReadChar(obj(h), index) }
}

pub unsafe extern "C" fn ctx_Unicode_DecodeASCII(
    _ctx: Ctx,
    ascii: *const c_char,
    size: HPy_ssize_t,
    errors: *const c_char,
) -> HPy {
    if ascii.is_null() && size > 0 {
        return null_handle(c"HPyUnicode_DecodeASCII: ascii is NULL");
    }
    // SAFETY: `ascii` holds `size` bytes; `errors` is NULL or NUL-terminated;
    // GIL held.
    unsafe { handle(ffi::PyUnicode_DecodeASCII(ascii, size, errors)) }
}

pub unsafe extern "C" fn ctx_Unicode_DecodeLatin1(
    _ctx: Ctx,
    latin1: *const c_char,
    size: HPy_ssize_t,
    errors: *const c_char,
) -> HPy {
    if latin1.is_null() && size > 0 {
        return null_handle(c"HPyUnicode_DecodeLatin1: latin1 is NULL");
    }
    // SAFETY: `latin1` holds `size` bytes; `errors` is NULL or
    // NUL-terminated; GIL held.
    unsafe { handle(ffi::PyUnicode_DecodeLatin1(latin1, size, errors)) }
}

pub unsafe extern "C" fn ctx_Unicode_FromEncodedObject(
    _ctx: Ctx,
    obj_: HPy,
    encoding: *const c_char,
    errors: *const c_char,
) -> HPy {
    // SAFETY: CPython reports a null object itself; `encoding` and `errors`
    // are NULL (the defaults) or NUL-terminated; GIL held.
    unsafe {
        handle(ffi::PyUnicode_FromEncodedObject(
            obj(obj_),
            encoding,
            errors,
        ))
    }
}

pub unsafe extern "C" fn ctx_Unicode_Substring(
    _ctx: Ctx,
    str: HPy,
    start: HPy_ssize_t,
    end: HPy_ssize_t,
) -> HPy {
    if str._i == 0 {
        return null_handle(c"HPyUnicode_Substring: str is HPy_NULL");
    }
    let o = obj(str);
    // SAFETY: `o` is live; PyUnicode_Substring reads it as a str (it only
    // asserts the type), so anything else is refused first; GIL held.
    unsafe {
        if ffi::PyUnicode_Check(o) == 0 {
            ffi::PyErr_Format(
                ffi::PyExc_TypeError,
                c"HPyUnicode_Substring: expected str, got %.200s".as_ptr(),
                (*ffi::Py_TYPE(o)).tp_name,
            );
            return HPY_NULL;
        }
        handle(ffi::PyUnicode_Substring(o, start, end))
    }
}

// ----------------------------------------------------------------- bytes

pub unsafe extern "C" fn ctx_Bytes_Check(_ctx: Ctx, h: HPy) -> c_int {
    let o = obj(h);
    if o.is_null() {
        return 0;
    }
    // SAFETY: `o` is live; GIL held.
    unsafe { ffi::PyBytes_Check(o) }
}

pub unsafe extern "C" fn ctx_Bytes_Size(_ctx: Ctx, h: HPy) -> HPy_ssize_t {
    let o = obj(h);
    if o.is_null() {
        system_error(c"HPyBytes_Size: h is HPy_NULL");
        return -1;
    }
    // SAFETY: `o` is live; the size is read directly only from a bytes
    // object; others go to PyBytes_Size, which raises TypeError; GIL held.
    unsafe {
        if ffi::PyBytes_Check(o) != 0 {
            return ffi::Py_SIZE(o);
        }
        ffi::PyBytes_Size(o)
    }
}

pub unsafe extern "C" fn ctx_Bytes_GET_SIZE(_ctx: Ctx, h: HPy) -> HPy_ssize_t {
    let o = obj(h);
    if o.is_null() {
        system_error(c"HPyBytes_GET_SIZE: h is HPy_NULL");
        return -1;
    }
    // SAFETY: `o` is live and, by this function's contract, a bytes object
    // (a var-sized object, so ob_size is there to read); GIL held.
    unsafe { ffi::Py_SIZE(o) }
}

pub unsafe extern "C" fn ctx_Bytes_AsString(_ctx: Ctx, h: HPy) -> *const c_char {
    let o = obj(h);
    if o.is_null() {
        system_error(c"HPyBytes_AsString: h is HPy_NULL");
        return std::ptr::null();
    }
    // SAFETY: `o` is live; the buffer is taken directly only from a bytes
    // object (it lives as long as the object); others go to
    // PyBytes_AsString, which raises TypeError; GIL held.
    unsafe {
        if ffi::PyBytes_Check(o) != 0 {
            return ffi::PyBytes_AS_STRING(o);
        }
        ffi::PyBytes_AsString(o)
    }
}

pub unsafe extern "C" fn ctx_Bytes_AS_STRING(_ctx: Ctx, h: HPy) -> *const c_char {
    let o = obj(h);
    if o.is_null() {
        system_error(c"HPyBytes_AS_STRING: h is HPy_NULL");
        return std::ptr::null();
    }
    // SAFETY: `o` is live and, by this function's contract, a bytes object;
    // GIL held.
    unsafe { ffi::PyBytes_AS_STRING(o) }
}

pub unsafe extern "C" fn ctx_Bytes_FromString(_ctx: Ctx, bytes: *const c_char) -> HPy {
    if bytes.is_null() {
        return null_handle(c"HPyBytes_FromString: bytes is NULL");
    }
    // SAFETY: `bytes` is NUL-terminated; GIL held.
    unsafe { handle(ffi::PyBytes_FromString(bytes)) }
}

pub unsafe extern "C" fn ctx_Bytes_FromStringAndSize(
    _ctx: Ctx,
    bytes: *const c_char,
    len: HPy_ssize_t,
) -> HPy {
    // SAFETY: `bytes` holds `len` bytes, or is NULL: then CPython returns an
    // uninitialised object of `len` bytes (negative lengths raise), which is
    // zero-filled here before anyone sees it; GIL held.
    unsafe {
        let r = ffi::PyBytes_FromStringAndSize(bytes, len);
        if bytes.is_null() && !r.is_null() && len > 0 {
            let data = ffi::PyBytes_AS_STRING(r) as *mut u8;
            std::ptr::write_bytes(data, 0, len as usize);
        }
        handle(r)
    }
}
