//! Generic object operations: handle duplication, identity, type queries,
//! attributes, items, slices, iteration, comparison, hashing and debugging.
//!
//! Each function is a thin shim over the CPython C API call with the same
//! meaning. Where CPython would dereference a null pointer, a null handle
//! raises SystemError naming the API function instead; where CPython already
//! copes with null (`PyObject_Repr`, `PyObject_GetItem`, ...) it is left to it.
//! Predicates that have no error return (`HPyIter_Check`, ...) answer 0 for
//! HPy_NULL, as CPython's own `PyCallable_Check` does.

use crate::raise::{minus_one, null_handle, raise, system_error, HPY_NULL};
use crate::handles::{handle, handle_incref, obj, Ctx};
use hilt_abi::{HPy, HPy_hash_t, HPy_ssize_t};
use pyo3_ffi as ffi;
use std::ffi::CStr;
use std::io::Write;
use std::os::raw::{c_char, c_int};

#[inline(always)]
fn is_null(h: HPy) -> bool {
    h._i == 0
}

/// True when the comparison operator is one of Py_LT..Py_GE (0..=5).
#[inline(always)]
fn valid_op(op: c_int) -> bool {
    (0..=5).contains(&op)
}

// ---------------------------------------------------------------- handles

pub unsafe extern "C" fn ctx_Dup(_ctx: Ctx, h: HPy) -> HPy {
    // SAFETY: `h` is an open handle (a live object) or HPy_NULL; GIL held.
    unsafe { handle_incref(obj(h)) }
}

pub unsafe extern "C" fn ctx_Close(_ctx: Ctx, h: HPy) {
    // SAFETY: closing gives back the reference the handle owns; null is a no-op.
    unsafe { ffi::Py_XDECREF(obj(h)) }
}

pub unsafe extern "C" fn ctx_Is(_ctx: Ctx, obj_: HPy, other: HPy) -> c_int {
    (obj_._i == other._i) as c_int
}

pub unsafe extern "C" fn ctx_IsTrue(_ctx: Ctx, h: HPy) -> c_int {
    if is_null(h) {
        return minus_one(c"HPy_IsTrue: h is HPy_NULL");
    }
    // SAFETY: `h` is a live object and the GIL is held.
    unsafe { ffi::PyObject_IsTrue(obj(h)) }
}

// ------------------------------------------------------------------ types

pub unsafe extern "C" fn ctx_Type(_ctx: Ctx, obj_: HPy) -> HPy {
    if is_null(obj_) {
        return null_handle(c"HPy_Type: obj is HPy_NULL");
    }
    // SAFETY: `obj_` is a live object, so its type is live; GIL held.
    unsafe { handle_incref(ffi::Py_TYPE(obj(obj_)) as *mut ffi::PyObject) }
}

pub unsafe extern "C" fn ctx_TypeCheck(_ctx: Ctx, obj_: HPy, type_: HPy) -> c_int {
    if is_null(obj_) || is_null(type_) {
        return 0;
    }
    // SAFETY: `obj_` is live; PyType_IsSubtype only compares `type_` by
    // address against the MRO of obj's type, so it is never dereferenced.
    unsafe { ffi::PyObject_TypeCheck(obj(obj_), obj(type_) as *mut ffi::PyTypeObject) }
}

pub unsafe extern "C" fn ctx_Type_IsSubtype(_ctx: Ctx, sub: HPy, type_: HPy) -> c_int {
    if is_null(sub) || is_null(type_) {
        return 0;
    }
    // SAFETY: `sub` is live; it is only read as a type after PyType_Check;
    // `type_` is compared by address only.
    unsafe {
        if ffi::PyType_Check(obj(sub)) == 0 {
            return 0;
        }
        ffi::PyType_IsSubtype(
            obj(sub) as *mut ffi::PyTypeObject,
            obj(type_) as *mut ffi::PyTypeObject,
        )
    }
}

pub unsafe extern "C" fn ctx_Type_GetName(_ctx: Ctx, type_: HPy) -> *const c_char {
    if is_null(type_) {
        system_error(c"HPyType_GetName: type is HPy_NULL");
        return std::ptr::null();
    }
    // SAFETY: `type_` is live and read as a PyTypeObject only after
    // PyType_Check; a heap type is a PyHeapTypeObject whose `ht_name` is a
    // str owned by the type; `tp_name` of a static type is a static C string.
    unsafe {
        let o = obj(type_);
        if ffi::PyType_Check(o) == 0 {
            ffi::PyErr_SetString(
                ffi::PyExc_TypeError,
                c"HPyType_GetName: argument is not a type".as_ptr(),
            );
            return std::ptr::null();
        }
        let tp = o as *mut ffi::PyTypeObject;
        if (*tp).tp_flags & ffi::Py_TPFLAGS_HEAPTYPE != 0 {
            // `__name__` of a heap type is the str in ht_name; its UTF-8 form
            // is cached in the str and lives as long as the str (the type).
            let ht = tp as *mut ffi::PyHeapTypeObject;
            return ffi::PyUnicode_AsUTF8((*ht).ht_name);
        }
        // A static type's `__name__` is its tp_name after the last dot.
        let full = (*tp).tp_name;
        let bytes = CStr::from_ptr(full).to_bytes();
        match bytes.iter().rposition(|&b| b == b'.') {
            Some(dot) => full.add(dot + 1),
            None => full,
        }
    }
}

// --------------------------------------------------------------- to text

pub unsafe extern "C" fn ctx_Repr(_ctx: Ctx, obj_: HPy) -> HPy {
    // SAFETY: PyObject_Repr accepts a live object or NULL ("<NULL>"); GIL held.
    unsafe { handle(ffi::PyObject_Repr(obj(obj_))) }
}

pub unsafe extern "C" fn ctx_Str(_ctx: Ctx, obj_: HPy) -> HPy {
    // SAFETY: PyObject_Str accepts a live object or NULL ("<NULL>"); GIL held.
    unsafe { handle(ffi::PyObject_Str(obj(obj_))) }
}

pub unsafe extern "C" fn ctx_ASCII(_ctx: Ctx, obj_: HPy) -> HPy {
    // SAFETY: PyObject_ASCII accepts a live object or NULL; GIL held.
    unsafe { handle(ffi::PyObject_ASCII(obj(obj_))) }
}

pub unsafe extern "C" fn ctx_Bytes(_ctx: Ctx, obj_: HPy) -> HPy {
    // SAFETY: PyObject_Bytes accepts a live object or NULL; GIL held.
    unsafe { handle(ffi::PyObject_Bytes(obj(obj_))) }
}

// ---------------------------------------------------- comparison and hash

pub unsafe extern "C" fn ctx_RichCompare(_ctx: Ctx, v: HPy, w: HPy, op: c_int) -> HPy {
    if !valid_op(op) {
        return null_handle(c"HPy_RichCompare: op is not one of HPy_LT..HPy_GE");
    }
    // SAFETY: op is in range; PyObject_RichCompare reports null arguments
    // itself (SystemError); GIL held.
    unsafe { handle(ffi::PyObject_RichCompare(obj(v), obj(w), op)) }
}

pub unsafe extern "C" fn ctx_RichCompareBool(_ctx: Ctx, v: HPy, w: HPy, op: c_int) -> c_int {
    if !valid_op(op) {
        return minus_one(c"HPy_RichCompareBool: op is not one of HPy_LT..HPy_GE");
    }
    if is_null(v) || is_null(w) {
        return minus_one(c"HPy_RichCompareBool: an argument is HPy_NULL");
    }
    // SAFETY: both objects are live and op is in range; GIL held.
    unsafe { ffi::PyObject_RichCompareBool(obj(v), obj(w), op) }
}

pub unsafe extern "C" fn ctx_Hash(_ctx: Ctx, obj_: HPy) -> HPy_hash_t {
    if is_null(obj_) {
        system_error(c"HPy_Hash: obj is HPy_NULL");
        return -1;
    }
    // SAFETY: `obj_` is live; GIL held.
    unsafe { ffi::PyObject_Hash(obj(obj_)) }
}

// ------------------------------------------------------------- attributes

pub unsafe extern "C" fn ctx_GetAttr(_ctx: Ctx, obj_: HPy, name: HPy) -> HPy {
    if is_null(obj_) || is_null(name) {
        return null_handle(c"HPy_GetAttr: obj or name is HPy_NULL");
    }
    // SAFETY: both objects are live; GIL held.
    unsafe { handle(ffi::PyObject_GetAttr(obj(obj_), obj(name))) }
}

pub unsafe extern "C" fn ctx_GetAttr_s(_ctx: Ctx, obj_: HPy, utf8_name: *const c_char) -> HPy {
    if is_null(obj_) || utf8_name.is_null() {
        return null_handle(c"HPy_GetAttr_s: obj is HPy_NULL or utf8_name is NULL");
    }
    // SAFETY: `obj_` is live and `utf8_name` a NUL-terminated string; GIL held.
    unsafe { handle(ffi::PyObject_GetAttrString(obj(obj_), utf8_name)) }
}

pub unsafe extern "C" fn ctx_HasAttr(_ctx: Ctx, obj_: HPy, name: HPy) -> c_int {
    if is_null(obj_) || is_null(name) {
        return 0;
    }
    // SAFETY: both objects are live; GIL held. Errors count as "no" and
    // are cleared, as hasattr() does.
    unsafe { ffi::PyObject_HasAttr(obj(obj_), obj(name)) }
}

pub unsafe extern "C" fn ctx_HasAttr_s(_ctx: Ctx, obj_: HPy, utf8_name: *const c_char) -> c_int {
    if is_null(obj_) || utf8_name.is_null() {
        return 0;
    }
    // SAFETY: `obj_` is live and `utf8_name` a NUL-terminated string; GIL held.
    unsafe { ffi::PyObject_HasAttrString(obj(obj_), utf8_name) }
}

pub unsafe extern "C" fn ctx_SetAttr(_ctx: Ctx, obj_: HPy, name: HPy, value: HPy) -> c_int {
    if is_null(obj_) || is_null(name) {
        return minus_one(c"HPy_SetAttr: obj or name is HPy_NULL");
    }
    // SAFETY: `obj_` and `name` are live; a null value deletes the
    // attribute, as in CPython; GIL held.
    unsafe { ffi::PyObject_SetAttr(obj(obj_), obj(name), obj(value)) }
}

pub unsafe extern "C" fn ctx_SetAttr_s(
    _ctx: Ctx,
    obj_: HPy,
    utf8_name: *const c_char,
    value: HPy,
) -> c_int {
    if is_null(obj_) || utf8_name.is_null() {
        return minus_one(c"HPy_SetAttr_s: obj is HPy_NULL or utf8_name is NULL");
    }
    // SAFETY: `obj_` is live and `utf8_name` NUL-terminated; a null value
    // deletes the attribute, as in CPython; GIL held.
    unsafe { ffi::PyObject_SetAttrString(obj(obj_), utf8_name, obj(value)) }
}

// ------------------------------------------------------------------ items

/// `idx` made non-negative against `len` the way `seq[idx]` does, or None
/// when it is out of range.
#[inline(always)]
fn wrap_index(idx: HPy_ssize_t, len: HPy_ssize_t) -> Option<HPy_ssize_t> {
    let i = if idx < 0 { idx.wrapping_add(len) } else { idx };
    if i >= 0 && i < len {
        Some(i)
    } else {
        None
    }
}

/// A str key from NUL-terminated UTF-8 (a new reference, or null with an
/// exception set).
///
/// # Safety
/// `key` must be a NUL-terminated string; the GIL must be held.
#[inline(always)]
unsafe fn str_key(key: *const c_char) -> *mut ffi::PyObject {
    // SAFETY: guaranteed by the caller.
    unsafe { ffi::PyUnicode_FromString(key) }
}

pub unsafe extern "C" fn ctx_GetItem(_ctx: Ctx, obj_: HPy, key: HPy) -> HPy {
    // SAFETY: PyObject_GetItem reports null arguments itself; GIL held.
    unsafe { handle(ffi::PyObject_GetItem(obj(obj_), obj(key))) }
}

pub unsafe extern "C" fn ctx_GetItem_i(_ctx: Ctx, obj_: HPy, idx: HPy_ssize_t) -> HPy {
    if is_null(obj_) {
        return null_handle(c"HPy_GetItem_i: obj is HPy_NULL");
    }
    let o = obj(obj_);
    // SAFETY: `o` is live; the list/tuple item accessors are used only on
    // exact lists/tuples with an index checked against their size; GIL held.
    unsafe {
        // Fast paths: exact lists and tuples, with the same result and error
        // as `o[idx]` through the mapping protocol.
        if ffi::PyList_CheckExact(o) != 0 {
            return match wrap_index(idx, ffi::PyList_GET_SIZE(o)) {
                Some(i) => handle_incref(ffi::PyList_GET_ITEM(o, i)),
                None => {
                    raise(ffi::PyExc_IndexError, c"list index out of range");
                    HPY_NULL
                }
            };
        }
        if ffi::PyTuple_CheckExact(o) != 0 {
            return match wrap_index(idx, ffi::PyTuple_GET_SIZE(o)) {
                Some(i) => handle_incref(ffi::PyTuple_GET_ITEM(o, i)),
                None => {
                    raise(ffi::PyExc_IndexError, c"tuple index out of range");
                    HPY_NULL
                }
            };
        }
        // General case: an int key, so mappings (dicts) work too.
        let k = ffi::PyLong_FromSsize_t(idx);
        if k.is_null() {
            return HPY_NULL;
        }
        let r = ffi::PyObject_GetItem(o, k);
        ffi::Py_DECREF(k);
        handle(r)
    }
}

pub unsafe extern "C" fn ctx_GetItem_s(_ctx: Ctx, obj_: HPy, utf8_key: *const c_char) -> HPy {
    if is_null(obj_) || utf8_key.is_null() {
        return null_handle(c"HPy_GetItem_s: obj is HPy_NULL or utf8_key is NULL");
    }
    // SAFETY: `obj_` is live, `utf8_key` NUL-terminated; the temporary key is
    // released after use; GIL held.
    unsafe {
        let k = str_key(utf8_key);
        if k.is_null() {
            return HPY_NULL;
        }
        let r = ffi::PyObject_GetItem(obj(obj_), k);
        ffi::Py_DECREF(k);
        handle(r)
    }
}

pub unsafe extern "C" fn ctx_SetItem(_ctx: Ctx, obj_: HPy, key: HPy, value: HPy) -> c_int {
    // SAFETY: PyObject_SetItem reports null arguments itself; GIL held.
    unsafe { ffi::PyObject_SetItem(obj(obj_), obj(key), obj(value)) }
}

pub unsafe extern "C" fn ctx_SetItem_i(
    _ctx: Ctx,
    obj_: HPy,
    idx: HPy_ssize_t,
    value: HPy,
) -> c_int {
    if is_null(obj_) || is_null(value) {
        return minus_one(c"HPy_SetItem_i: obj or value is HPy_NULL");
    }
    let o = obj(obj_);
    // SAFETY: `o` and `value` are live; PyList_SET_ITEM is used only on an
    // exact list with a checked index, and the old item is released after
    // the slot is overwritten; GIL held.
    unsafe {
        if ffi::PyList_CheckExact(o) != 0 {
            return match wrap_index(idx, ffi::PyList_GET_SIZE(o)) {
                Some(i) => {
                    let old = ffi::PyList_GET_ITEM(o, i);
                    ffi::Py_INCREF(obj(value));
                    ffi::PyList_SET_ITEM(o, i, obj(value));
                    ffi::Py_XDECREF(old);
                    0
                }
                None => {
                    raise(ffi::PyExc_IndexError, c"list assignment index out of range");
                    -1
                }
            };
        }
        let k = ffi::PyLong_FromSsize_t(idx);
        if k.is_null() {
            return -1;
        }
        let r = ffi::PyObject_SetItem(o, k, obj(value));
        ffi::Py_DECREF(k);
        r
    }
}

pub unsafe extern "C" fn ctx_SetItem_s(
    _ctx: Ctx,
    obj_: HPy,
    utf8_key: *const c_char,
    value: HPy,
) -> c_int {
    if utf8_key.is_null() {
        return minus_one(c"HPy_SetItem_s: utf8_key is NULL");
    }
    // SAFETY: `utf8_key` is NUL-terminated; PyObject_SetItem reports null
    // object/value itself; the temporary key is released; GIL held.
    unsafe {
        let k = str_key(utf8_key);
        if k.is_null() {
            return -1;
        }
        let r = ffi::PyObject_SetItem(obj(obj_), k, obj(value));
        ffi::Py_DECREF(k);
        r
    }
}

pub unsafe extern "C" fn ctx_DelItem(_ctx: Ctx, obj_: HPy, key: HPy) -> c_int {
    // SAFETY: PyObject_DelItem reports null arguments itself; GIL held.
    unsafe { ffi::PyObject_DelItem(obj(obj_), obj(key)) }
}

pub unsafe extern "C" fn ctx_DelItem_i(_ctx: Ctx, obj_: HPy, idx: HPy_ssize_t) -> c_int {
    // SAFETY: PyObject_DelItem reports a null object itself; the temporary
    // key is released; GIL held.
    unsafe {
        let k = ffi::PyLong_FromSsize_t(idx);
        if k.is_null() {
            return -1;
        }
        let r = ffi::PyObject_DelItem(obj(obj_), k);
        ffi::Py_DECREF(k);
        r
    }
}

pub unsafe extern "C" fn ctx_DelItem_s(_ctx: Ctx, obj_: HPy, utf8_key: *const c_char) -> c_int {
    if utf8_key.is_null() {
        return minus_one(c"HPy_DelItem_s: utf8_key is NULL");
    }
    // SAFETY: `utf8_key` is NUL-terminated; PyObject_DelItem reports a null
    // object itself; the temporary key is released; GIL held.
    unsafe {
        let k = str_key(utf8_key);
        if k.is_null() {
            return -1;
        }
        let r = ffi::PyObject_DelItem(obj(obj_), k);
        ffi::Py_DECREF(k);
        r
    }
}

pub unsafe extern "C" fn ctx_Contains(_ctx: Ctx, container: HPy, key: HPy) -> c_int {
    if is_null(container) || is_null(key) {
        return minus_one(c"HPy_Contains: container or key is HPy_NULL");
    }
    // SAFETY: both objects are live; GIL held.
    unsafe { ffi::PySequence_Contains(obj(container), obj(key)) }
}

pub unsafe extern "C" fn ctx_Length(_ctx: Ctx, h: HPy) -> HPy_ssize_t {
    // SAFETY: PyObject_Size reports a null argument itself; GIL held.
    unsafe { ffi::PyObject_Size(obj(h)) }
}

pub unsafe extern "C" fn ctx_Callable_Check(_ctx: Ctx, h: HPy) -> c_int {
    // SAFETY: PyCallable_Check answers 0 for NULL; GIL held.
    unsafe { ffi::PyCallable_Check(obj(h)) }
}

// ----------------------------------------------------------------- slices

pub unsafe extern "C" fn ctx_GetSlice(
    _ctx: Ctx,
    obj_: HPy,
    start: HPy_ssize_t,
    end: HPy_ssize_t,
) -> HPy {
    // SAFETY: PySequence_GetSlice reports a null object itself; GIL held.
    unsafe { handle(ffi::PySequence_GetSlice(obj(obj_), start, end)) }
}

pub unsafe extern "C" fn ctx_SetSlice(
    _ctx: Ctx,
    obj_: HPy,
    start: HPy_ssize_t,
    end: HPy_ssize_t,
    value: HPy,
) -> c_int {
    // SAFETY: PySequence_SetSlice reports a null object itself; a null
    // value deletes the slice, as in CPython; GIL held.
    unsafe { ffi::PySequence_SetSlice(obj(obj_), start, end, obj(value)) }
}

pub unsafe extern "C" fn ctx_DelSlice(
    _ctx: Ctx,
    obj_: HPy,
    start: HPy_ssize_t,
    end: HPy_ssize_t,
) -> c_int {
    // SAFETY: PySequence_DelSlice reports a null object itself; GIL held.
    unsafe { ffi::PySequence_DelSlice(obj(obj_), start, end) }
}

// -------------------------------------------------------------- iteration

pub unsafe extern "C" fn ctx_GetIter(_ctx: Ctx, obj_: HPy) -> HPy {
    if is_null(obj_) {
        return null_handle(c"HPy_GetIter: obj is HPy_NULL");
    }
    // SAFETY: `obj_` is live; GIL held.
    unsafe { handle(ffi::PyObject_GetIter(obj(obj_))) }
}

pub unsafe extern "C" fn ctx_Iter_Next(_ctx: Ctx, obj_: HPy) -> HPy {
    if is_null(obj_) {
        return null_handle(c"HPyIter_Next: obj is HPy_NULL");
    }
    let o = obj(obj_);
    // SAFETY: `o` is live; tp_iternext is called through PyIter_Next only
    // when the type has one (PyIter_Next would call a null slot); GIL held.
    unsafe {
        let tp = ffi::Py_TYPE(o);
        if (*tp).tp_iternext.is_none() {
            ffi::PyErr_Format(
                ffi::PyExc_TypeError,
                c"'%.200s' object is not an iterator".as_ptr(),
                (*tp).tp_name,
            );
            return HPY_NULL;
        }
        // NULL without an exception at exhaustion (StopIteration is cleared).
        handle(ffi::PyIter_Next(o))
    }
}

pub unsafe extern "C" fn ctx_Iter_Check(_ctx: Ctx, obj_: HPy) -> c_int {
    if is_null(obj_) {
        return 0;
    }
    // SAFETY: `obj_` is live; GIL held.
    unsafe { ffi::PyIter_Check(obj(obj_)) }
}

// -------------------------------------------------------------- debugging

pub unsafe extern "C" fn ctx_Dump(_ctx: Ctx, h: HPy) {
    // Write errors are ignored: there is nowhere else to report them.
    // stderr is locked only around the write, never across repr(), which
    // may run Python code that releases the GIL.
    if is_null(h) {
        let _ = writeln!(std::io::stderr().lock(), "HPy_Dump: HPy_NULL");
        return;
    }
    let o = obj(h);
    // SAFETY: `o` is live; the pending exception (if any) is saved before
    // calling repr and restored after, so the dump changes no error state;
    // all C strings read come from live objects; GIL held.
    unsafe {
        let tp = ffi::Py_TYPE(o);
        let tp_name = CStr::from_ptr((*tp).tp_name).to_string_lossy();
        let refcnt = ffi::Py_REFCNT(o);

        let (mut et, mut ev, mut tb) = (
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        );
        ffi::PyErr_Fetch(&mut et, &mut ev, &mut tb);
        let r = ffi::PyObject_Repr(o);
        let repr = if r.is_null() {
            ffi::PyErr_Clear();
            String::from("<repr() failed>")
        } else {
            let s = crate::raise::str_text(r, "<repr() is not encodable as UTF-8>");
            ffi::Py_DECREF(r);
            s
        };
        ffi::PyErr_Restore(et, ev, tb);

        let _ = writeln!(
            std::io::stderr().lock(),
            "HPy_Dump: object at {:p}\n  type: {}\n  refcount: {}\n  repr: {}",
            o,
            tp_name,
            refcnt,
            repr
        );
    }
}
