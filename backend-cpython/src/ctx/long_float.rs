//! `int`, `float` and `bool` conversions to and from C values.
//!
//! The fixed-width `As*` conversions go through CPython's `long` / `long long`
//! conversions and then check the narrower range themselves, raising
//! OverflowError ("Python int too large to convert to C int32_t", ...) just
//! outside it. CPython's own conversions report a null argument as
//! SystemError, so no null checks are needed here.

use crate::handles::{handle, handle_incref, obj, Ctx};
use crate::raise::raise;
use hilt_abi::{HPy, HPy_ssize_t};
use pyo3_ffi as ffi;
use std::os::raw::{c_long, c_ulong, c_void};

/// True when the last conversion failed (it returned its error value and an
/// exception is set).
#[inline(always)]
fn failed() -> bool {
    // SAFETY: the GIL is held by every caller of a context function.
    unsafe { !ffi::PyErr_Occurred().is_null() }
}

// ------------------------------------------------------------ C to Python

pub unsafe extern "C" fn ctx_Long_FromInt32_t(_ctx: Ctx, value: i32) -> HPy {
    // SAFETY: GIL held; a C long holds every int32_t.
    unsafe { handle(ffi::PyLong_FromLong(value as c_long)) }
}

pub unsafe extern "C" fn ctx_Long_FromUInt32_t(_ctx: Ctx, value: u32) -> HPy {
    // SAFETY: GIL held; an unsigned C long holds every uint32_t.
    unsafe { handle(ffi::PyLong_FromUnsignedLong(value as c_ulong)) }
}

pub unsafe extern "C" fn ctx_Long_FromInt64_t(_ctx: Ctx, v: i64) -> HPy {
    // SAFETY: GIL held; long long is 64 bits wide.
    unsafe { handle(ffi::PyLong_FromLongLong(v)) }
}

pub unsafe extern "C" fn ctx_Long_FromUInt64_t(_ctx: Ctx, v: u64) -> HPy {
    // SAFETY: GIL held; unsigned long long is 64 bits wide.
    unsafe { handle(ffi::PyLong_FromUnsignedLongLong(v)) }
}

pub unsafe extern "C" fn ctx_Long_FromSize_t(_ctx: Ctx, value: usize) -> HPy {
    // SAFETY: GIL held.
    unsafe { handle(ffi::PyLong_FromSize_t(value)) }
}

pub unsafe extern "C" fn ctx_Long_FromSsize_t(_ctx: Ctx, value: HPy_ssize_t) -> HPy {
    // SAFETY: GIL held.
    unsafe { handle(ffi::PyLong_FromSsize_t(value)) }
}

pub unsafe extern "C" fn ctx_Float_FromDouble(_ctx: Ctx, v: f64) -> HPy {
    // SAFETY: GIL held.
    unsafe { handle(ffi::PyFloat_FromDouble(v)) }
}

pub unsafe extern "C" fn ctx_Bool_FromBool(_ctx: Ctx, v: bool) -> HPy {
    // SAFETY: True and False are static singletons; GIL held.
    unsafe { handle_incref(if v { ffi::Py_True() } else { ffi::Py_False() }) }
}

// ------------------------------------------------------------ Python to C

pub unsafe extern "C" fn ctx_Long_AsInt32_t(_ctx: Ctx, h: HPy) -> i32 {
    // SAFETY: PyLong_AsLong accepts a live object or NULL (SystemError); GIL held.
    let v = unsafe { ffi::PyLong_AsLong(obj(h)) } as i64;
    if v == -1 && failed() {
        return -1;
    }
    match i32::try_from(v) {
        Ok(x) => x,
        Err(_) => {
            // SAFETY: a static exception type.
            raise(unsafe { ffi::PyExc_OverflowError }, c"Python int too large to convert to C int32_t");
            -1
        }
    }
}

pub unsafe extern "C" fn ctx_Long_AsUInt32_t(_ctx: Ctx, h: HPy) -> u32 {
    // SAFETY: PyLong_AsUnsignedLong accepts a live object or NULL; GIL held.
    let v = unsafe { ffi::PyLong_AsUnsignedLong(obj(h)) };
    if v == c_ulong::MAX && failed() {
        return u32::MAX;
    }
    match u32::try_from(v as u64) {
        Ok(x) => x,
        Err(_) => {
            // SAFETY: a static exception type.
            raise(unsafe { ffi::PyExc_OverflowError }, c"Python int too large to convert to C uint32_t");
            u32::MAX
        }
    }
}

pub unsafe extern "C" fn ctx_Long_AsUInt32_tMask(_ctx: Ctx, h: HPy) -> u32 {
    // SAFETY: accepts a live object or NULL; GIL held. Truncating the value
    // modulo 2**(bits of long) to 32 bits gives it modulo 2**32.
    unsafe { ffi::PyLong_AsUnsignedLongMask(obj(h)) as u32 }
}

pub unsafe extern "C" fn ctx_Long_AsInt64_t(_ctx: Ctx, h: HPy) -> i64 {
    // SAFETY: accepts a live object or NULL; GIL held; long long is int64_t.
    unsafe { ffi::PyLong_AsLongLong(obj(h)) }
}

pub unsafe extern "C" fn ctx_Long_AsUInt64_t(_ctx: Ctx, h: HPy) -> u64 {
    // SAFETY: accepts a live object or NULL; GIL held; unsigned long long is uint64_t.
    unsafe { ffi::PyLong_AsUnsignedLongLong(obj(h)) }
}

pub unsafe extern "C" fn ctx_Long_AsUInt64_tMask(_ctx: Ctx, h: HPy) -> u64 {
    // SAFETY: accepts a live object or NULL; GIL held.
    unsafe { ffi::PyLong_AsUnsignedLongLongMask(obj(h)) }
}

pub unsafe extern "C" fn ctx_Long_AsSize_t(_ctx: Ctx, h: HPy) -> usize {
    // SAFETY: accepts a live object or NULL; GIL held.
    unsafe { ffi::PyLong_AsSize_t(obj(h)) }
}

pub unsafe extern "C" fn ctx_Long_AsSsize_t(_ctx: Ctx, h: HPy) -> HPy_ssize_t {
    // SAFETY: accepts a live object or NULL; GIL held.
    unsafe { ffi::PyLong_AsSsize_t(obj(h)) }
}

pub unsafe extern "C" fn ctx_Long_AsVoidPtr(_ctx: Ctx, h: HPy) -> *mut c_void {
    // SAFETY: accepts a live object or NULL; GIL held.
    unsafe { ffi::PyLong_AsVoidPtr(obj(h)) }
}

pub unsafe extern "C" fn ctx_Long_AsDouble(_ctx: Ctx, h: HPy) -> f64 {
    // SAFETY: accepts a live object or NULL; GIL held.
    unsafe { ffi::PyLong_AsDouble(obj(h)) }
}

pub unsafe extern "C" fn ctx_Float_AsDouble(_ctx: Ctx, h: HPy) -> f64 {
    let o = obj(h);
    // SAFETY: a non-null `o` is live; an exact float is a PyFloatObject and
    // is read directly; anything else (and NULL) goes to PyFloat_AsDouble,
    // which handles it; GIL held.
    unsafe {
        if !o.is_null() && ffi::Py_TYPE(o) == &raw mut ffi::PyFloat_Type {
            return ffi::PyFloat_AS_DOUBLE(o);
        }
        ffi::PyFloat_AsDouble(o)
    }
}
