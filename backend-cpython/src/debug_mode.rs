//! Debug mode on CPython: one `hilt_debug::DebugContext` over the universal
//! context, handed to modules loaded with `mode="debug"`, and the call
//! boundary every path into an extension goes through ([`Boundary`]): in
//! universal mode it is nothing; in debug mode it opens CPython's arguments
//! as debug handles of a call, takes the returned handle back, and closes
//! the call's arguments when it returns.
//!
//! The Python side (`hilt.debug`) reaches the debug context through the
//! functions at the end.

use crate::handles::{handle, obj, Ctx};
use hilt_abi::*;
use hilt_debug::{CallMark, DebugContext, Policy};
use pyo3::prelude::*;
use pyo3_ffi as ffi;
use std::cell::UnsafeCell;

struct DebugCell(UnsafeCell<Option<Box<DebugContext>>>);
// SAFETY: created and used with the GIL held only.
unsafe impl Sync for DebugCell {}
static DEBUG: DebugCell = DebugCell(UnsafeCell::new(None));

fn holds_gil() -> bool {
    // SAFETY: PyGILState_Check may be called from any thread.
    unsafe { ffi::PyGILState_Check() == 1 }
}

/// The process's debug context, made on first use.
///
/// # Safety
/// The GIL must be held.
pub(crate) unsafe fn debug_context() -> &'static DebugContext {
    // SAFETY: the GIL serialises access; the box is never dropped.
    unsafe {
        let slot = &mut *DEBUG.0.get();
        if slot.is_none() {
            let d = DebugContext::new(crate::context::universal_context());
            d.set_runtime_check(holds_gil);
            d.set_field_check(crate::ctx::field_check);
            d.set_global_check(global_owner_check);
            d.set_policy(Policy::Raise, Some(handle(debug_error_type())));
            *slot = Some(d);
        }
        slot.as_deref().expect("made above")
    }
}

struct OwnersCell(UnsafeCell<Option<std::collections::HashMap<usize, (*mut ffi::PyObject, String)>>>);
// SAFETY: used with the GIL held only.
unsafe impl Sync for OwnersCell {}
/// Each HPyGlobal's address (in an extension's static data) -> a weak
/// reference to the module that owns it, and the module's name.
static GLOBAL_OWNERS: OwnersCell = OwnersCell(UnsafeCell::new(None));

/// Remember `module` as the owner of the NULL-terminated `globals`.
///
/// # Safety
/// The GIL must be held; `globals` is null or the module definition's list.
pub(crate) unsafe fn record_global_owners(globals: *mut *mut HPyGlobal, module: *mut ffi::PyObject, name: &str) {
    // SAFETY: the GIL is held; the list is the extension's static data.
    unsafe {
        let owners = (*GLOBAL_OWNERS.0.get()).get_or_insert_with(Default::default);
        let mut g = globals;
        while !g.is_null() && !(*g).is_null() {
            let weak = ffi::PyWeakref_NewRef(module, std::ptr::null_mut());
            if weak.is_null() {
                // An owner that takes no weak reference is not tracked.
                ffi::PyErr_Clear();
            } else if let Some((old, _)) = owners.insert(*g as usize, (weak, name.to_string())) {
                ffi::Py_DECREF(old);
            }
            g = g.add(1);
        }
    }
}

/// Debug mode's check of a global's owner: None while it lives.
unsafe fn global_owner_check(address: *mut HPyGlobal) -> Option<String> {
    // SAFETY: called from an API call, with the GIL held.
    unsafe {
        let owners = (*GLOBAL_OWNERS.0.get()).as_ref()?;
        let (weak, name) = owners.get(&(address as usize))?;
        let alive = ffi::PyWeakref_GetObject(*weak);
        (alive.is_null() || alive == ffi::Py_None()).then(|| format!("belongs to module '{name}', which has been freed"))
    }
}

/// `hilt.HPyDebugError`, raised on misuse in the raising policy.
unsafe fn debug_error_type() -> *mut ffi::PyObject {
    struct TypeCell(UnsafeCell<*mut ffi::PyObject>);
    // SAFETY: created once with the GIL held.
    unsafe impl Sync for TypeCell {}
    static ERROR: TypeCell = TypeCell(UnsafeCell::new(std::ptr::null_mut()));
    // SAFETY: the GIL is held; the type lives for the process.
    unsafe {
        let slot = &mut *ERROR.0.get();
        if slot.is_null() {
            let doc = c"An HPy extension misused the API (reported by Hilt's debug mode).";
            *slot = ffi::PyErr_NewExceptionWithDoc(c"hilt.HPyDebugError".as_ptr(), doc.as_ptr(), ffi::PyExc_RuntimeError, std::ptr::null_mut());
        }
        *slot
    }
}

/// One call from CPython into an extension's impl: what the impl is given
/// as context and handles, and how its result comes back.
pub(crate) struct Boundary {
    pub ctx: Ctx,
    debug: Option<(&'static DebugContext, CallMark)>,
    what: &'static str,
}

impl Boundary {
    /// Enter a call made with `ctx` (the universal or the debug context);
    /// `what` names it in reports.
    ///
    /// # Safety
    /// The GIL must be held; `ctx` is a live context.
    #[inline]
    pub unsafe fn enter(ctx: Ctx, what: &'static str) -> Boundary {
        // SAFETY: forwarded; a debug context lives for the process.
        let debug = unsafe { DebugContext::from_ctx(ctx) }.map(|d| (d, d.begin_call()));
        Boundary { ctx, debug, what }
    }

    /// Enter a call with `ctx`, known at compile time to be the universal
    /// context (`DEBUG` false: nothing to check) or possibly a debug one.
    ///
    /// # Safety
    /// As for [`Boundary::enter`].
    #[inline(always)]
    pub unsafe fn enter_if<const DEBUG: bool>(ctx: Ctx, what: &'static str) -> Boundary {
        if DEBUG {
            // SAFETY: forwarded.
            unsafe { Boundary::enter(ctx, what) }
        } else {
            Boundary { ctx, debug: None, what }
        }
    }

    /// The handle the impl is given for an argument (borrowed).
    #[inline]
    pub fn h(&self, o: *mut ffi::PyObject) -> HPy {
        match &self.debug {
            None => handle(o),
            Some((d, _)) => d.arg(handle(o)),
        }
    }

    /// The object behind a handle the impl returned (owned). In debug mode,
    /// a call during which a misuse was raised fails with that exception,
    /// even if the impl went on and returned a result.
    #[inline]
    pub fn o(&self, h: HPy) -> *mut ffi::PyObject {
        match &self.debug {
            None => obj(h),
            Some((d, mark)) => {
                let o = obj(d.take_result(h, self.what));
                // SAFETY: the GIL is held during a call.
                unsafe {
                    if !o.is_null() && d.misused_since(mark) && !ffi::PyErr_Occurred().is_null() {
                        ffi::Py_DECREF(o);
                        return std::ptr::null_mut();
                    }
                }
                o
            }
        }
    }

    /// Handles for `n` arguments at `args` (a vectorcall array).
    pub fn hs(&self, args: *const *mut ffi::PyObject, n: usize) -> Vec<HPy> {
        if args.is_null() {
            return Vec::new();
        }
        // SAFETY: the caller passes CPython's argument array of `n` items.
        unsafe { std::slice::from_raw_parts(args, n) }.iter().map(|&o| self.h(o)).collect()
    }

    /// The argument array the impl gets for `n` arguments at `args`:
    /// CPython's own in universal mode, debug handles (kept alive in
    /// `keep`) in debug mode.
    #[inline(always)]
    pub fn array(&self, args: *const *mut ffi::PyObject, n: usize, keep: &mut Vec<HPy>) -> *const HPy {
        if self.debug.is_none() {
            return args as *const HPy;
        }
        *keep = self.hs(args, n);
        keep.as_ptr()
    }

    /// The call returned: its argument handles close.
    #[inline]
    pub fn finish(self) {
        if let Some((d, mark)) = self.debug {
            d.end_call(mark);
        }
    }
}

// ---- hilt.debug's functions --------------------------------------------------

/// Start a new generation of handles; returns its number.
#[pyfunction]
pub fn new_generation() -> u64 {
    // SAFETY: pyfunctions run with the GIL held.
    unsafe { debug_context() }.new_generation()
}

/// The handles opened in generation `since` or later that are still open:
/// a list of (handle id, opened by, type name, repr, backtrace or None).
#[pyfunction]
#[pyo3(signature = (since = 0))]
pub fn get_open_handles(py: Python<'_>, since: u64) -> Vec<(isize, &'static str, String, String, Option<String>)> {
    // SAFETY: pyfunctions run with the GIL held.
    let d = unsafe { debug_context() };
    d.open_handles(since)
        .into_iter()
        .map(|(id, opened_by, backtrace)| {
            let (tname, repr) = match d.inner_of(id) {
                // SAFETY: an open handle holds a reference to a live object.
                Some(inner) => unsafe {
                    let o = Bound::from_borrowed_ptr(py, obj(inner));
                    let tname = o.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into());
                    let repr = o.repr().map(|r| r.to_string()).unwrap_or_else(|_| "<repr failed>".into());
                    (tname, repr)
                },
                None => ("?".into(), "?".into()),
            };
            (id, opened_by, tname, repr, backtrace)
        })
        .collect()
}

/// What to do on misuse: "raise" (HPyDebugError) or "abort".
#[pyfunction]
pub fn set_misuse_policy(policy: &str) -> PyResult<()> {
    let policy = match policy {
        "raise" => Policy::Raise,
        "abort" => Policy::Abort,
        other => {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "hilt.debug: unknown misuse policy '{other}'; expected 'raise' or 'abort'"
            )))
        }
    };
    // SAFETY: pyfunctions run with the GIL held.
    unsafe { debug_context() }.set_policy(policy, None);
    Ok(())
}

/// How many closed handles are remembered (to recognise a use after close).
#[pyfunction]
pub fn set_closed_handles_limit(limit: usize) {
    // SAFETY: pyfunctions run with the GIL held.
    unsafe { debug_context() }.state().handles.set_closed_limit(limit);
}

/// How many revoked raw-data copies stay mapped (inaccessible) before
/// their pages are given back.
#[pyfunction]
pub fn set_protected_raw_data_limit(limit: usize) {
    // SAFETY: pyfunctions run with the GIL held.
    unsafe { debug_context() }.set_protected_raw_data_limit(limit);
}

/// Keep `frames` frames of backtrace for each handle opened (0: off).
#[pyfunction]
pub fn set_backtrace_frames(frames: usize) {
    // SAFETY: pyfunctions run with the GIL held.
    unsafe { debug_context() }.set_backtrace_frames(frames);
}

/// Every misuse reported so far, oldest first.
#[pyfunction]
pub fn get_reports() -> Vec<String> {
    // SAFETY: pyfunctions run with the GIL held.
    unsafe { debug_context() }.state().reports.clone()
}

/// The exception type raised on misuse.
pub fn error_type(py: Python<'_>) -> Py<PyAny> {
    // SAFETY: the GIL is held; the type lives for the process.
    unsafe { Bound::from_borrowed_ptr(py, debug_error_type()) }.unbind()
}
