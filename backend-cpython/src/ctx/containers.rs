//! Tuples, lists, dicts and slices, the list and tuple builders, and the
//! handle tracker.
//!
//! The builders hold the object under construction directly: `_lst` / `_tup`
//! is the `PyObject *` of a list or tuple made at its final size, whose items
//! `Set` fills in place. When `New` cannot allocate, the builder holds 0 (or
//! [`BAD_SIZE`] for a negative size), the error is cleared so that the
//! extension may carry on, `Set` and `Cancel` do nothing, and `Build` raises.
//! As in HPy, every index must be set before `Build`: an unset slot of the
//! result is NULL (the debug context reports it). `Set` on an index already
//! set replaces the item and releases the old one.
//!
//! The tracker is a small header allocated with `PyMem_Malloc` that points
//! to a growable array of handles. It always keeps one free slot, so a
//! handle given to `HPyTracker_Add` is tracked even when growing the array
//! afterwards fails (HPy 0.9 promises this: after a failed add, closing the
//! tracker closes that handle too).

use crate::raise::{HPY_NULL, raise, raise_owned, null_handle, minus_one, type_name};
use crate::handles::{handle, obj, Ctx};
use hilt_abi::{HPy, HPyListBuilder, HPyTracker, HPyTupleBuilder, HPy_ssize_t};
use pyo3_ffi as ffi;
use std::ffi::CStr;
use std::os::raw::c_int;

// ------------------------------------------------------------------ checks

pub unsafe extern "C" fn ctx_Tuple_Check(_ctx: Ctx, h: HPy) -> c_int {
    let o = obj(h);
    // SAFETY: a non-null handle is a live object; GIL held.
    (!o.is_null() && unsafe { ffi::PyTuple_Check(o) } != 0) as c_int
}

pub unsafe extern "C" fn ctx_List_Check(_ctx: Ctx, h: HPy) -> c_int {
    let o = obj(h);
    // SAFETY: a non-null handle is a live object; GIL held.
    (!o.is_null() && unsafe { ffi::PyList_Check(o) } != 0) as c_int
}

pub unsafe extern "C" fn ctx_Dict_Check(_ctx: Ctx, h: HPy) -> c_int {
    let o = obj(h);
    // SAFETY: a non-null handle is a live object; GIL held.
    (!o.is_null() && unsafe { ffi::PyDict_Check(o) } != 0) as c_int
}

// ------------------------------------------------------------------ tuples

pub unsafe extern "C" fn ctx_Tuple_FromArray(_ctx: Ctx, items: *mut HPy, n: HPy_ssize_t) -> HPy {
    if n > 0 && items.is_null() {
        return null_handle(c"HPyTuple_FromArray: items is NULL");
    }
    // SAFETY: GIL held; PyTuple_New reports a negative size itself. `items`
    // holds `n` handles (API contract); each non-null one is a live object,
    // and the tuple takes its own reference to it. A tuple with some items
    // still NULL is safe to release.
    unsafe {
        let t = ffi::PyTuple_New(n);
        if t.is_null() {
            return HPY_NULL;
        }
        for i in 0..n {
            let o = obj(*items.offset(i));
            if o.is_null() {
                ffi::Py_DECREF(t);
                return null_handle(c"HPyTuple_FromArray: an item is HPy_NULL");
            }
            ffi::Py_INCREF(o);
            ffi::PyTuple_SET_ITEM(t, i, o);
        }
        handle(t)
    }
}

// ------------------------------------------------------------------- lists

pub unsafe extern "C" fn ctx_List_New(_ctx: Ctx, len: HPy_ssize_t) -> HPy {
    // SAFETY: GIL held; PyList_New reports a negative size itself. Every
    // slot of the new list is filled with a new reference to None, so the
    // list is complete before Python code can see it.
    unsafe {
        let l = ffi::PyList_New(len);
        if l.is_null() {
            return HPY_NULL;
        }
        let none = ffi::Py_None();
        for i in 0..len {
            ffi::Py_INCREF(none);
            ffi::PyList_SET_ITEM(l, i, none);
        }
        handle(l)
    }
}

pub unsafe extern "C" fn ctx_List_Append(_ctx: Ctx, h_list: HPy, h_item: HPy) -> c_int {
    if h_list.is_null() || h_item.is_null() {
        return minus_one(c"HPyList_Append: h_list or h_item is HPy_NULL");
    }
    // SAFETY: both are live objects; PyList_Append rejects a non-list; GIL held.
    unsafe { ffi::PyList_Append(obj(h_list), obj(h_item)) }
}

pub unsafe extern "C" fn ctx_List_Insert(_ctx: Ctx, h_list: HPy, index: HPy_ssize_t, h_item: HPy) -> c_int {
    if h_list.is_null() || h_item.is_null() {
        return minus_one(c"HPyList_Insert: h_list or h_item is HPy_NULL");
    }
    // SAFETY: both are live objects; PyList_Insert rejects a non-list and
    // clamps the index like list.insert; GIL held.
    unsafe { ffi::PyList_Insert(obj(h_list), index, obj(h_item)) }
}

// ------------------------------------------------------------------- dicts

pub unsafe extern "C" fn ctx_Dict_New(_ctx: Ctx) -> HPy {
    // SAFETY: GIL held.
    unsafe { handle(ffi::PyDict_New()) }
}

pub unsafe extern "C" fn ctx_Dict_Keys(_ctx: Ctx, h: HPy) -> HPy {
    // SAFETY: PyDict_Keys raises SystemError for NULL and for a non-dict; GIL held.
    unsafe { handle(ffi::PyDict_Keys(obj(h))) }
}

pub unsafe extern "C" fn ctx_Dict_Copy(_ctx: Ctx, h: HPy) -> HPy {
    // SAFETY: PyDict_Copy raises SystemError for NULL and for a non-dict; GIL held.
    unsafe { handle(ffi::PyDict_Copy(obj(h))) }
}

// ------------------------------------------------------------------ slices

pub unsafe extern "C" fn ctx_Slice_Unpack(
    _ctx: Ctx,
    slice: HPy,
    start: *mut HPy_ssize_t,
    stop: *mut HPy_ssize_t,
    step: *mut HPy_ssize_t,
) -> c_int {
    let o = obj(slice);
    if o.is_null() {
        return minus_one(c"HPySlice_Unpack: slice is HPy_NULL");
    }
    if start.is_null() || stop.is_null() || step.is_null() {
        return minus_one(c"HPySlice_Unpack: start, stop and step must not be NULL");
    }
    // SAFETY: `o` is live; PySlice_Unpack reads it as a slice without
    // checking, so the type is checked first; the out-pointers are valid
    // (API contract, non-null checked); GIL held.
    unsafe {
        if ffi::PySlice_Check(o) == 0 {
            raise_owned(
                ffi::PyExc_TypeError,
                format!("HPySlice_Unpack: expected a slice, not '{}'", type_name(o)),
            );
            return -1;
        }
        ffi::PySlice_Unpack(o, start, stop, step)
    }
}

pub unsafe extern "C" fn ctx_Slice_New(_ctx: Ctx, start: HPy, stop: HPy, step: HPy) -> HPy {
    // SAFETY: PySlice_New takes NULL members as None; GIL held.
    unsafe { handle(ffi::PySlice_New(obj(start), obj(stop), obj(step))) }
}

// ---------------------------------------------------------------- builders

/// The builder value recorded when `New` was given a negative size (an
/// object address is never 1, being aligned).
const BAD_SIZE: isize = 1;

/// Start a builder: `make(size)` or the failure marker (with the error cleared).
///
/// # Safety
/// GIL held; `make` is PyList_New or PyTuple_New.
#[inline(always)]
unsafe fn builder_new(size: HPy_ssize_t, make: unsafe extern "C" fn(ffi::Py_ssize_t) -> *mut ffi::PyObject) -> isize {
    if size < 0 {
        return BAD_SIZE;
    }
    // SAFETY: GIL held.
    let o = unsafe { make(size) };
    if o.is_null() {
        // The MemoryError is raised again by Build; clearing it now lets
        // the extension go on calling Set without checking each call.
        // SAFETY: GIL held.
        unsafe { ffi::PyErr_Clear() };
    }
    o as isize
}

/// Raise the error a failed `New` postponed and return HPy_NULL.
#[cold]
#[inline(never)]
fn builder_failed(b: isize, negative: &CStr) -> HPy {
    if b == BAD_SIZE {
        return null_handle(negative);
    }
    // SAFETY: GIL held.
    unsafe { ffi::PyErr_NoMemory() };
    HPY_NULL
}

/// True when `b` holds an object (New succeeded).
#[inline(always)]
fn builder_ok(b: isize) -> bool {
    b != 0 && b != BAD_SIZE
}

/// Put a new reference to `item` in slot `index` of `o` (size `len`),
/// releasing whatever the slot held. Misuse raises SystemError.
///
/// # Safety
/// GIL held; `slot(o, i)` must address item `i` of `o` for `0 <= i < len`.
#[inline(always)]
unsafe fn builder_set(
    o: *mut ffi::PyObject,
    len: HPy_ssize_t,
    index: HPy_ssize_t,
    item: HPy,
    slot: unsafe fn(*mut ffi::PyObject, HPy_ssize_t) -> *mut *mut ffi::PyObject,
    errors: &(&CStr, &CStr),
) {
    if index < 0 || index >= len {
        raise(
            // SAFETY: a static exception type.
            unsafe { ffi::PyExc_SystemError },
            errors.0,
        );
        return;
    }
    let it = obj(item);
    if it.is_null() {
        // SAFETY: a static exception type.
        raise(unsafe { ffi::PyExc_SystemError }, errors.1);
        return;
    }
    // SAFETY: the index is in range, `it` is live; the slot owns its
    // reference, released after the new one is in place.
    unsafe {
        ffi::Py_INCREF(it);
        let p = slot(o, index);
        let old = *p;
        *p = it;
        ffi::Py_XDECREF(old);
    }
}

/// Address of item `i` of a list.
unsafe fn list_slot(o: *mut ffi::PyObject, i: HPy_ssize_t) -> *mut *mut ffi::PyObject {
    // SAFETY: `o` is a list and `i` in range (checked by the caller).
    unsafe { (*(o as *mut ffi::PyListObject)).ob_item.offset(i) }
}

/// Address of item `i` of a tuple.
unsafe fn tuple_slot(o: *mut ffi::PyObject, i: HPy_ssize_t) -> *mut *mut ffi::PyObject {
    // SAFETY: `o` is a tuple and `i` in range (checked by the caller).
    unsafe { (*(o as *mut ffi::PyTupleObject)).ob_item.as_mut_ptr().offset(i) }
}

pub unsafe extern "C" fn ctx_ListBuilder_New(_ctx: Ctx, size: HPy_ssize_t) -> HPyListBuilder {
    // SAFETY: GIL held.
    HPyListBuilder { _lst: unsafe { builder_new(size, ffi::PyList_New) } }
}

pub unsafe extern "C" fn ctx_ListBuilder_Set(_ctx: Ctx, builder: HPyListBuilder, index: HPy_ssize_t, h_item: HPy) {
    if !builder_ok(builder._lst) {
        return;
    }
    let o = builder._lst as *mut ffi::PyObject;
    // SAFETY: the builder holds the list made by New; GIL held.
    unsafe {
        builder_set(o, ffi::PyList_GET_SIZE(o), index, h_item, list_slot, &(
            c"HPyListBuilder_Set: index out of range",
            c"HPyListBuilder_Set: h_item is HPy_NULL",
        ))
    }
}

pub unsafe extern "C" fn ctx_ListBuilder_Build(_ctx: Ctx, builder: HPyListBuilder) -> HPy {
    if !builder_ok(builder._lst) {
        return builder_failed(builder._lst, c"HPyListBuilder_New: negative size");
    }
    handle(builder._lst as *mut ffi::PyObject)
}

pub unsafe extern "C" fn ctx_ListBuilder_Cancel(_ctx: Ctx, builder: HPyListBuilder) {
    if builder_ok(builder._lst) {
        // SAFETY: the builder owns its list; GIL held.
        unsafe { ffi::Py_DECREF(builder._lst as *mut ffi::PyObject) };
    }
}

pub unsafe extern "C" fn ctx_TupleBuilder_New(_ctx: Ctx, size: HPy_ssize_t) -> HPyTupleBuilder {
    // SAFETY: GIL held.
    HPyTupleBuilder { _tup: unsafe { builder_new(size, ffi::PyTuple_New) } }
}

pub unsafe extern "C" fn ctx_TupleBuilder_Set(_ctx: Ctx, builder: HPyTupleBuilder, index: HPy_ssize_t, h_item: HPy) {
    if !builder_ok(builder._tup) {
        return;
    }
    let o = builder._tup as *mut ffi::PyObject;
    // SAFETY: the builder holds the tuple made by New; GIL held.
    unsafe {
        builder_set(o, ffi::PyTuple_GET_SIZE(o), index, h_item, tuple_slot, &(
            c"HPyTupleBuilder_Set: index out of range",
            c"HPyTupleBuilder_Set: h_item is HPy_NULL",
        ))
    }
}

pub unsafe extern "C" fn ctx_TupleBuilder_Build(_ctx: Ctx, builder: HPyTupleBuilder) -> HPy {
    if !builder_ok(builder._tup) {
        return builder_failed(builder._tup, c"HPyTupleBuilder_New: negative size");
    }
    handle(builder._tup as *mut ffi::PyObject)
}

pub unsafe extern "C" fn ctx_TupleBuilder_Cancel(_ctx: Ctx, builder: HPyTupleBuilder) {
    if builder_ok(builder._tup) {
        // SAFETY: the builder owns its tuple; GIL held.
        unsafe { ffi::Py_DECREF(builder._tup as *mut ffi::PyObject) };
    }
}

// ----------------------------------------------------------------- tracker

/// The tracker behind an `HPyTracker` (its `_i` is this header's address).
#[repr(C)]
struct Tracker {
    /// Handles tracked so far.
    len: usize,
    /// Slots in `items`; always more than `len` between calls.
    cap: usize,
    items: *mut HPy,
}

/// Slots reserved when `HPyTracker_New` is asked for 0 (or a negative number).
const TRACKER_DEFAULT: usize = 8;

/// Bytes for `n` handles, or None on overflow.
#[inline(always)]
fn tracker_bytes(n: usize) -> Option<usize> {
    n.checked_mul(std::mem::size_of::<HPy>()).filter(|&b| b <= isize::MAX as usize)
}

pub unsafe extern "C" fn ctx_Tracker_New(_ctx: Ctx, size: HPy_ssize_t) -> HPyTracker {
    // One slot more than asked for, so that `size` adds never need to grow.
    let cap = if size <= 0 { TRACKER_DEFAULT } else { (size as usize).saturating_add(1) };
    // SAFETY: (whole body) GIL held (PyMem_* need it); the header is
    // written before it is handed out.
    unsafe {
        let Some(bytes) = tracker_bytes(cap) else {
            ffi::PyErr_NoMemory();
            return HPyTracker { _i: 0 };
        };
        let items = ffi::PyMem_Malloc(bytes) as *mut HPy;
        if items.is_null() {
            ffi::PyErr_NoMemory();
            return HPyTracker { _i: 0 };
        }
        let t = ffi::PyMem_Malloc(std::mem::size_of::<Tracker>()) as *mut Tracker;
        if t.is_null() {
            ffi::PyMem_Free(items as *mut _);
            ffi::PyErr_NoMemory();
            return HPyTracker { _i: 0 };
        }
        t.write(Tracker { len: 0, cap, items });
        HPyTracker { _i: t as isize }
    }
}

pub unsafe extern "C" fn ctx_Tracker_Add(_ctx: Ctx, ht: HPyTracker, h: HPy) -> c_int {
    let t = ht._i as *mut Tracker;
    if t.is_null() {
        return minus_one(c"HPyTracker_Add: the tracker is null (HPyTracker_New failed)");
    }
    // SAFETY: `t` is a live tracker made by Tracker_New (API contract), with
    // a free slot at `len`; GIL held for PyMem_Realloc.
    unsafe {
        let t = &mut *t;
        *t.items.add(t.len) = h;
        t.len += 1;
        if t.len < t.cap {
            return 0;
        }
        grow(t)
    }
}

/// Double the tracker's array so that it has a free slot again. On failure
/// the tracker is unchanged (every handle in it stays tracked) and
/// MemoryError is raised.
#[cold]
#[inline(never)]
unsafe fn grow(t: &mut Tracker) -> c_int {
    let new_cap = t.cap.saturating_mul(2);
    // SAFETY: GIL held; `items` came from PyMem_Malloc/Realloc and is only
    // replaced when the reallocation succeeds.
    unsafe {
        let Some(bytes) = tracker_bytes(new_cap) else {
            ffi::PyErr_NoMemory();
            return -1;
        };
        let items = ffi::PyMem_Realloc(t.items as *mut _, bytes) as *mut HPy;
        if items.is_null() {
            ffi::PyErr_NoMemory();
            return -1;
        }
        t.items = items;
        t.cap = new_cap;
    }
    0
}

pub unsafe extern "C" fn ctx_Tracker_ForgetAll(_ctx: Ctx, ht: HPyTracker) {
    let t = ht._i as *mut Tracker;
    if !t.is_null() {
        // SAFETY: a live tracker made by Tracker_New (API contract).
        unsafe { (*t).len = 0 };
    }
}

pub unsafe extern "C" fn ctx_Tracker_Close(_ctx: Ctx, ht: HPyTracker) {
    let t = ht._i as *mut Tracker;
    if t.is_null() {
        return;
    }
    // SAFETY: a live tracker made by Tracker_New, owned by the caller and
    // consumed here; each tracked handle owns one reference (or is null);
    // GIL held. The tracker is read fully before any DECREF can run code.
    unsafe {
        let Tracker { len, items, .. } = t.read();
        ffi::PyMem_Free(t as *mut _);
        for i in 0..len {
            ffi::Py_XDECREF(obj(*items.add(i)));
        }
        ffi::PyMem_Free(items as *mut _);
    }
}
