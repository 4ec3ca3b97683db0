//! What Hilt remembers about each type made by `HPyType_FromSpec` (its
//! shape, where instances keep the extension's struct, its call function,
//! destroy and traverse), found from the type object in a few instructions.
//!
//! Entries live in a map keyed by the type's address, each boxed so its
//! address is stable; a one-entry cache in front serves the common case of
//! the same type again. A weak reference to each type removes its entry
//! when the type dies, so a new type at the same address never sees stale
//! information.

use hilt_abi::*;
use pyo3_ffi as ffi;
use std::collections::HashMap;
use std::os::raw::c_void;

/// Where the extension's struct starts in an instance.
#[derive(Clone, Copy)]
pub(crate) enum PayloadPlace {
    /// At this offset from the object's start.
    Fixed(usize),
    /// After the items of a var-sized builtin (Long, Tuple): at
    /// `fixed + items * itemsize`, rounded up to 16.
    AfterItems { fixed: usize, itemsize: usize, shape: HPyType_BuiltinShape },
}

pub(crate) struct TypeInfo {
    pub shape: HPyType_BuiltinShape,
    pub payload: PayloadPlace,
    /// Where instances keep their call function (an `HPyCallFunction`
    /// whose first word is the vectorcall entry), or 0.
    pub call_offset: isize,
    /// The call function new instances start with (from `HPy_tp_call`).
    pub default_call: Option<HPyCallFunction>,
    pub destroy: Option<unsafe extern "C" fn(*mut c_void)>,
    pub traverse: HPyCFunction,
}

struct Entry {
    info: TypeInfo,
    /// The weak reference whose callback forgets this entry (owned).
    weakref: *mut ffi::PyObject,
}

struct TypeTable {
    by_type: Option<HashMap<usize, Box<Entry>>>,
    /// The type looked up last (made by HPyType_FromSpec itself) and its info.
    last: (usize, *const TypeInfo),
    /// `forget(weakref)`, the callback of every entry's weak reference.
    forget: *mut ffi::PyObject,
}

struct TypeTableCell(std::cell::UnsafeCell<TypeTable>);
// SAFETY: only touched with the GIL held.
unsafe impl Sync for TypeTableCell {}
static TYPES: TypeTableCell = TypeTableCell(std::cell::UnsafeCell::new(TypeTable {
    by_type: None,
    last: (0, std::ptr::null()),
    forget: std::ptr::null_mut(),
}));

/// # Safety
/// The GIL must be held.
unsafe fn table() -> &'static mut TypeTable {
    // SAFETY: the GIL serialises every access.
    unsafe { &mut *TYPES.0.get() }
}

/// The info of `tp` or of its nearest base made by HPyType_FromSpec. The
/// reference is valid while that type lives.
///
/// # Safety
/// The GIL must be held; `tp` is a live type.
#[inline]
pub(crate) unsafe fn info_of(tp: *mut ffi::PyTypeObject) -> Option<&'static TypeInfo> {
    // SAFETY: the GIL is held; tp_base chains end in NULL; boxed entries
    // stay put until their type dies.
    unsafe {
        let table = table();
        if table.last.0 == tp as usize {
            return Some(&*table.last.1);
        }
        let map = table.by_type.as_ref()?;
        let mut t = tp;
        while !t.is_null() {
            if let Some(entry) = map.get(&(t as usize)) {
                // Only a registered type is cached: a subclass has no
                // weak reference to clear the cache when it dies.
                if t == tp {
                    table.last = (tp as usize, &entry.info);
                }
                return Some(&entry.info);
            }
            t = (*t).tp_base;
        }
        None
    }
}

/// The weak reference callback: drop the entry of the type that died.
unsafe extern "C" fn forget(_self: *mut ffi::PyObject, weakref: *mut ffi::PyObject) -> *mut ffi::PyObject {
    // SAFETY: called by CPython with the GIL held while a registered type dies.
    unsafe {
        let table = table();
        if let Some(map) = table.by_type.as_mut() {
            if let Some(&key) = map.iter().find(|(_, e)| e.weakref == weakref).map(|(k, _)| k) {
                if table.last.0 == key {
                    table.last = (0, std::ptr::null());
                }
                let entry = map.remove(&key).expect("the key was just found");
                // CPython holds no reference of its own to the weakref
                // after calling us; this was the last one.
                ffi::Py_DECREF(entry.weakref);
            }
        }
        ffi::Py_INCREF(ffi::Py_None());
        ffi::Py_None()
    }
}

/// Remember `info` for the new type `tp` until it dies.
///
/// # Safety
/// The GIL must be held; `tp` is a live type.
pub(crate) unsafe fn register(tp: *mut ffi::PyTypeObject, info: TypeInfo) -> Result<(), ()> {
    // SAFETY (whole body): the GIL is held; the method def is leaked so it
    // outlives the callback function.
    unsafe {
        let table = table();
        if table.forget.is_null() {
            let def = Box::leak(Box::new(ffi::PyMethodDef {
                ml_name: c"forget_hpy_type".as_ptr(),
                ml_meth: ffi::PyMethodDefPointer { PyCFunction: forget },
                ml_flags: ffi::METH_O,
                ml_doc: std::ptr::null(),
            }));
            table.forget = ffi::PyCFunction_NewEx(def, std::ptr::null_mut(), std::ptr::null_mut());
            if table.forget.is_null() {
                return Err(());
            }
        }
        let weakref = ffi::PyWeakref_NewRef(tp as *mut ffi::PyObject, table.forget);
        if weakref.is_null() {
            return Err(());
        }
        table.by_type.get_or_insert_with(HashMap::new).insert(tp as usize, Box::new(Entry { info, weakref }));
        Ok(())
    }
}
