//! Creating a type whose metaclass is not `type`.
//!
//! CPython 3.12 has `PyType_FromMetaclass`. Before it, every type made from
//! a spec is allocated by `type` itself, with no room for a metaclass's
//! payload. There we make the type from the spec as usual, then move it
//! into an object allocated by the metaclass: the heap-type struct is copied
//! across (every buffer the first object owns changes hands), its member
//! table is moved to where the metaclass's size puts it, and `PyType_Ready`
//! rebuilds the dict, MRO and subclass links for the new object. The first
//! object then dies as an ordinary, now empty, heap type.

use pyo3_ffi as ffi;

/// A new type from `spec` and `bases` whose metaclass is `meta` (null for
/// `type`). `meta` was checked: a subclass of `type` that creates types
/// with `type`'s own `tp_new`.
///
/// # Safety
/// The GIL must be held; `spec` must be valid; `bases` null or a tuple.
pub(crate) unsafe fn type_from_spec(
    meta: *mut ffi::PyTypeObject,
    spec: *mut ffi::PyType_Spec,
    bases: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: the caller's guarantees are the APIs' requirements.
    unsafe {
        if meta.is_null() || meta == &raw mut ffi::PyType_Type {
            return ffi::PyType_FromSpecWithBases(spec, bases);
        }
        #[cfg(Py_3_12)]
        {
            ffi::PyType_FromMetaclass(meta, std::ptr::null_mut(), spec, bases)
        }
        #[cfg(not(Py_3_12))]
        {
            let made = ffi::PyType_FromSpecWithBases(spec, bases);
            if made.is_null() {
                return made;
            }
            let moved = move_into_metaclass(made as *mut ffi::PyHeapTypeObject, meta);
            ffi::Py_DECREF(made);
            moved
        }
    }
}

/// The words that follow `ht_module` in 3.11's `PyHeapTypeObject`: the
/// type's own copy of its name (`_ht_tpname`, freed by `type_dealloc`) and
/// the specialiser's cached `__getitem__` (borrowed). pyo3-ffi keeps them
/// private.
#[cfg(not(Py_3_12))]
#[repr(C)]
struct HeapTypeTail {
    tpname: *mut std::os::raw::c_char,
    spec_cache_getitem: *mut ffi::PyObject,
}

/// # Safety
/// The GIL must be held; `ht` a ready heap type just made from a spec.
#[cfg(not(Py_3_12))]
unsafe fn tail_of(ht: *mut ffi::PyHeapTypeObject) -> *mut HeapTypeTail {
    // SAFETY: on 3.11 the tail directly follows `ht_module`.
    unsafe { (&raw mut (*ht).ht_module).add(1) as *mut HeapTypeTail }
}

#[cfg(not(Py_3_12))]
unsafe fn move_into_metaclass(from: *mut ffi::PyHeapTypeObject, meta: *mut ffi::PyTypeObject) -> *mut ffi::PyObject {
    use std::mem::size_of;
    // SAFETY (whole body): the GIL is held; `from` is a ready heap type
    // whose struct (PyHeapTypeObject) is followed by its `Py_SIZE` member
    // definitions; `meta` allocates objects at least that large, as a
    // subclass of `type`.
    unsafe {
        let nmembers = ffi::Py_SIZE(from as *mut ffi::PyObject);
        if ((*meta).tp_itemsize as usize) < size_of::<ffi::PyMemberDef>()
            || ((*meta).tp_basicsize as usize) < size_of::<ffi::PyHeapTypeObject>()
        {
            crate::raise::raise_owned(ffi::PyExc_TypeError, format!(
                "HPyType_FromSpec: metaclass '{}' does not lay out its instances like type",
                std::ffi::CStr::from_ptr((*meta).tp_name).to_string_lossy()
            ));
            return std::ptr::null_mut();
        }
        let alloc = (*meta).tp_alloc.unwrap_or(ffi::PyType_GenericAlloc);
        let to_obj = alloc(meta, nmembers);
        if to_obj.is_null() {
            return to_obj;
        }
        let to = to_obj as *mut ffi::PyHeapTypeObject;
        // Everything after the object header (refcount, type, size).
        let header = size_of::<ffi::PyVarObject>();
        std::ptr::copy_nonoverlapping(
            (from as *const u8).add(header),
            (to as *mut u8).add(header),
            size_of::<ffi::PyHeapTypeObject>() - header,
        );
        let (f, t) = (&mut *from, &mut *to);
        // References now held twice.
        for o in [t.ht_name, t.ht_qualname, t.ht_slots, t.ht_module, t.ht_type.tp_base as *mut ffi::PyObject, t.ht_type.tp_bases] {
            ffi::Py_XINCREF(o);
        }
        // Buffers that change hands.
        (*tail_of(from)).tpname = std::ptr::null_mut();
        (*tail_of(to)).spec_cache_getitem = std::ptr::null_mut();
        f.ht_type.tp_doc = std::ptr::null();
        f.ht_cached_keys = std::ptr::null_mut();
        // What PyType_Ready rebuilds for the new object.
        let tp = &mut t.ht_type;
        tp.tp_dict = std::ptr::null_mut();
        tp.tp_mro = std::ptr::null_mut();
        tp.tp_cache = std::ptr::null_mut();
        tp.tp_subclasses = std::ptr::null_mut();
        tp.tp_weaklist = std::ptr::null_mut();
        tp.tp_version_tag = 0;
        tp.tp_flags &= !(ffi::Py_TPFLAGS_READY | ffi::Py_TPFLAGS_READYING | ffi::Py_TPFLAGS_VALID_VERSION_TAG);
        tp.tp_as_async = &raw mut t.as_async;
        tp.tp_as_number = &raw mut t.as_number;
        tp.tp_as_sequence = &raw mut t.as_sequence;
        tp.tp_as_mapping = &raw mut t.as_mapping;
        tp.tp_as_buffer = &raw mut t.as_buffer;
        // The member table lives after the metaclass's basicsize.
        if !f.ht_type.tp_members.is_null() {
            let dest = (to as *mut u8).offset((*meta).tp_basicsize) as *mut ffi::PyMemberDef;
            std::ptr::copy_nonoverlapping(f.ht_type.tp_members, dest, nmembers as usize);
            tp.tp_members = dest;
        }
        if ffi::PyType_Ready(&raw mut t.ht_type) < 0 {
            ffi::Py_DECREF(to_obj);
            return std::ptr::null_mut();
        }
        // `__module__` was set in the dict from the spec's dotted name.
        let module = ffi::PyDict_GetItemString(f.ht_type.tp_dict, c"__module__".as_ptr());
        if !module.is_null() && ffi::PyDict_SetItemString(t.ht_type.tp_dict, c"__module__".as_ptr(), module) < 0 {
            ffi::Py_DECREF(to_obj);
            return std::ptr::null_mut();
        }
        ffi::PyType_Modified(&raw mut t.ht_type);
        to_obj
    }
}
