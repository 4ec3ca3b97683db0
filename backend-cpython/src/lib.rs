//! `hilt._hilt`: Hilt's CPython backend, loading universal `.hpy0.so`
//! binaries into CPython. The Python package `hilt` (python/hilt) wraps it
//! with the import hook and mode selection.
//!
//! - [`handles`]: an HPy handle is a `PyObject *` owning one reference;
//! - [`context`]: the universal context, assembled from the API table;
//! - [`ctx`]: the context functions, one module per API area;
//! - [`function`]: module functions and type methods that call `impl`
//!   directly (builtin functions carrying their impl; method descriptors
//!   whose functions are [`thunk`]s);
//! - [`module`]: opening a binary and building its module;
//! - [`metaclass`]: types whose metaclass is not `type`;
//! - [`slots`]: direct entry points of type slots, reached through thunks;
//! - [`type_info`]: what Hilt remembers about each type it made;
//! - [`debug_mode`]: debug mode's context and the call boundary every
//!   call into an extension goes through;
//! - [`trace_mode`]: trace mode's context and `hilt.trace`'s functions;
//! - [`raise`]: the shared cold paths that set Python exceptions.

mod context;
mod ctx;
mod debug_mode;
mod function;
mod handles;
mod metaclass;
mod module;
mod raise;
mod slots;
mod thunk;
mod trace_mode;
mod type_info;

use pyo3::prelude::*;

/// Load the extension at `path` as module `name`.
#[pyfunction]
#[pyo3(signature = (name, path, spec, mode = "universal"))]
fn load(py: Python<'_>, name: &str, path: &str, spec: Py<PyAny>, mode: &str) -> PyResult<Py<PyAny>> {
    let mode = module::Mode::parse(mode)?;
    module::load(py, name, path, spec, mode)
}

#[pymodule]
fn _hilt(m: &Bound<'_, PyModule>) -> PyResult<()> {
    // SAFETY: module initialisation runs with the GIL held.
    unsafe {
        if function::init_types().is_err() {
            return Err(PyErr::take(m.py()).unwrap_or_else(|| {
                pyo3::exceptions::PySystemError::new_err("hilt: cannot create the function types")
            }));
        }
        context::universal_context();
    }
    m.add_function(wrap_pyfunction!(load, m)?)?;
    m.add_function(wrap_pyfunction!(debug_mode::new_generation, m)?)?;
    m.add_function(wrap_pyfunction!(debug_mode::get_open_handles, m)?)?;
    m.add_function(wrap_pyfunction!(debug_mode::set_misuse_policy, m)?)?;
    m.add_function(wrap_pyfunction!(debug_mode::set_closed_handles_limit, m)?)?;
    m.add_function(wrap_pyfunction!(debug_mode::set_backtrace_frames, m)?)?;
    m.add_function(wrap_pyfunction!(debug_mode::set_protected_raw_data_limit, m)?)?;
    m.add_function(wrap_pyfunction!(debug_mode::get_reports, m)?)?;
    m.add("HPyDebugError", debug_mode::error_type(m.py()))?;
    m.add_function(wrap_pyfunction!(trace_mode::get_call_counts, m)?)?;
    m.add_function(wrap_pyfunction!(trace_mode::get_durations, m)?)?;
    m.add_function(wrap_pyfunction!(trace_mode::reset, m)?)?;
    m.add_function(wrap_pyfunction!(trace_mode::report, m)?)?;
    m.add_function(wrap_pyfunction!(trace_mode::set_trace_functions, m)?)?;
    m.add("ABI_TAG", hilt_abi::version::ABI_TAG)?;
    m.add("ABI_MAJOR", hilt_abi::version::ABI_MAJOR)?;
    m.add("ABI_MINOR", hilt_abi::version::ABI_MINOR_LATEST)?;
    Ok(())
}
