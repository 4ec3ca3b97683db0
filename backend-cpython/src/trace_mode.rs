//! Trace mode on CPython: one `hilt_debug::trace::TraceContext` over the
//! universal context, handed to modules loaded with `mode="trace"`. Handles
//! pass through unchanged, so every call path (thunks included) works as in
//! universal mode with the trace context in place of the universal one.
//! `hilt.trace` reads the counts and times through the functions below.

use hilt_debug::trace::TraceContext;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use pyo3_ffi as ffi;
use std::cell::UnsafeCell;

struct TraceCell(UnsafeCell<Option<Box<TraceContext>>>);
// SAFETY: created and used with the GIL held only.
unsafe impl Sync for TraceCell {}
static TRACE: TraceCell = TraceCell(UnsafeCell::new(None));

/// The process's trace context, made on first use.
///
/// # Safety
/// The GIL must be held.
pub(crate) unsafe fn trace_context() -> &'static TraceContext {
    // SAFETY: the GIL serialises access; the box is never dropped.
    unsafe {
        let slot = &mut *TRACE.0.get();
        if slot.is_none() {
            *slot = Some(TraceContext::new(crate::context::universal_context()));
        }
        slot.as_deref().expect("made above")
    }
}

fn trace() -> &'static TraceContext {
    // SAFETY: pyfunctions run with the GIL held.
    unsafe { trace_context() }
}

/// {API function name: number of calls} since the start or the last reset.
#[pyfunction]
pub fn get_call_counts(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    let d = PyDict::new(py);
    for f in trace().stats() {
        d.set_item(f.name, f.calls)?;
    }
    Ok(d)
}

/// {API function name: seconds spent in it}.
#[pyfunction]
pub fn get_durations(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    let d = PyDict::new(py);
    for f in trace().stats() {
        d.set_item(f.name, f.total.as_secs_f64())?;
    }
    Ok(d)
}

#[pyfunction]
pub fn reset() {
    trace().reset();
}

/// A table of the `top` API functions by time.
#[pyfunction]
#[pyo3(signature = (top = 10))]
pub fn report(top: usize) -> String {
    trace().report(top)
}

/// Call `on_enter(name)` / `on_exit(name)` around every API call of modules
/// in trace mode (None: no hook). Exceptions in hooks are printed, not
/// raised, and the API call's own error state is kept.
#[pyfunction]
#[pyo3(signature = (on_enter = None, on_exit = None))]
pub fn set_trace_functions(on_enter: Option<Py<PyAny>>, on_exit: Option<Py<PyAny>>) {
    let hook = |f: Option<Py<PyAny>>| -> Option<hilt_debug::trace::Hook> {
        let f = f?;
        Some(Box::new(move |name: &'static str| {
            // SAFETY: API calls run with the GIL held; the error indicator
            // of the call in progress is set aside while the hook runs.
            unsafe {
                let py = Python::assume_attached();
                let (mut t, mut v, mut tb) = (std::ptr::null_mut(), std::ptr::null_mut(), std::ptr::null_mut());
                ffi::PyErr_Fetch(&mut t, &mut v, &mut tb);
                if let Err(e) = f.call1(py, (name,)) {
                    e.write_unraisable(py, Some(f.bind(py)));
                }
                ffi::PyErr_Restore(t, v, tb);
            }
        }))
    };
    trace().set_hooks(hook(on_enter), hook(on_exit));
}
