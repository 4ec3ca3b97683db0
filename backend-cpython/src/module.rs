//! Loading an extension: open the `.hpy0.so`, check its four exports and
//! its ABI version, hand it the context, and build the module object from
//! its `HPyModuleDef` (functions, globals, docs, legacy methods, exec slots).
//!
//! Every failure is an `ImportError` (or the extension's own exception from
//! an exec slot) naming the file and what was wrong.

use crate::context::universal_context;
use crate::function::add_module_functions;
use crate::debug_mode::Boundary;
use hilt_abi::version::{check_compatible, ABI_MINOR_LATEST, ABI_TAG};
use hilt_abi::*;
use pyo3::exceptions::{PyImportError, PySystemError};
use pyo3::prelude::*;
use pyo3_ffi as ffi;
use std::os::raw::c_int;

/// How a module's context is chosen (`hilt.load(..., mode=...)`, `HILT=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Universal,
    /// Every API call checked by the debug context (crate::debug_mode).
    Debug,
    /// Every API call counted and timed (crate::trace_mode).
    Trace,
}

impl Mode {
    pub fn parse(text: &str) -> PyResult<Mode> {
        match text {
            "universal" => Ok(Mode::Universal),
            "debug" => Ok(Mode::Debug),
            "trace" => Ok(Mode::Trace),
            other => Err(PyImportError::new_err(format!(
                "hilt: unknown mode '{other}'; expected 'universal', 'debug' or 'trace'"
            ))),
        }
    }
}

/// Open `path` and return its module, initialised.
pub fn load(py: Python<'_>, name: &str, path: &str, spec: Py<PyAny>, mode: Mode) -> PyResult<Py<PyAny>> {
    let file = std::path::Path::new(path);
    let file_name = file.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    let tag_suffix = format!(".{ABI_TAG}.so");
    if !file_name.ends_with(&tag_suffix) {
        return Err(PyImportError::new_err(format!(
            "hilt: {path}: not a universal HPy binary: the file name must end in '{tag_suffix}' (found '{file_name}')"
        )));
    }
    let short = name.rsplit('.').next().unwrap_or(name);
    let bytes = std::fs::read(file).map_err(|e| PyImportError::new_err(format!("hilt: {path}: cannot read it: {e}")))?;
    hilt_abi::binary::check_elf(&bytes)
        .map_err(|e| PyImportError::new_err(format!("hilt: {path}: cannot load it as a shared object: {e}")))?;
    drop(bytes);
    // SAFETY: loading runs the library's initialisers; that is what importing
    // a native extension means. The library stays loaded for the process.
    let lib = unsafe { libloading::Library::new(file) }
        .map_err(|e| PyImportError::new_err(format!("hilt: {path}: cannot load it as a shared object: {e}")))?;
    let lib: &'static libloading::Library = Box::leak(Box::new(lib));

    macro_rules! symbol {
        ($ty:ty, $prefix:literal) => {{
            let sym_name = format!(concat!($prefix, "_{}"), short);
            // SAFETY: the symbol's type is the one HPy_MODINIT defines for it.
            unsafe { lib.get::<$ty>(sym_name.as_bytes()) }.map(|s| *s).map_err(|_| {
                PyImportError::new_err(format!(
                    "hilt: {path}: missing the symbol '{sym_name}'; is this an HPy module built with HPy_MODINIT({short}, ...)?"
                ))
            })?
        }};
    }
    let major = symbol!(unsafe extern "C" fn() -> u32, "get_required_hpy_major_version");
    let minor = symbol!(unsafe extern "C" fn() -> u32, "get_required_hpy_minor_version");
    let init_ctx = symbol!(unsafe extern "C" fn(*mut HPyContext), "HPyInitGlobalContext");
    let init = symbol!(unsafe extern "C" fn() -> *mut HPyModuleDef, "HPyInit");

    // SAFETY: plain functions of the module returning constants.
    let (required_major, required_minor) = unsafe { (major(), minor()) };
    check_compatible(required_major, required_minor, ABI_MINOR_LATEST)
        .map_err(|e| PyImportError::new_err(format!("hilt: {path}: {e}")))?;

    // SAFETY: the GIL is held (we have `py`).
    let ctx = unsafe {
        match mode {
            Mode::Universal => universal_context(),
            Mode::Debug => crate::debug_mode::debug_context().as_ctx(),
            Mode::Trace => crate::trace_mode::trace_context().as_ctx(),
        }
    };
    // SAFETY: HPyInitGlobalContext only stores the pointer; HPyInit returns static data.
    let def = unsafe {
        init_ctx(ctx);
        init()
    };
    if def.is_null() {
        return Err(PySystemError::new_err(format!("hilt: {path}: HPyInit_{short}() returned NULL instead of an HPyModuleDef")));
    }
    // SAFETY: a non-null HPyModuleDef from the module, valid for its lifetime (forever).
    unsafe { build_module(py, name, path, &*def, ctx, spec) }
}

fn fetch_err(py: Python<'_>, fallback: String) -> PyErr {
    PyErr::take(py).unwrap_or_else(|| PySystemError::new_err(fallback))
}

unsafe fn build_module(
    py: Python<'_>,
    name: &str,
    path: &str,
    def: &HPyModuleDef,
    ctx: *mut HPyContext,
    spec: Py<PyAny>,
) -> PyResult<Py<PyAny>> {
    // SAFETY (whole body): the GIL is held; `def` and everything it points
    // to is the extension's static data.
    unsafe {
        if def.size < 0 {
            return Err(PySystemError::new_err(format!("hilt: {path}: HPyModuleDef.size is {} (negative)", def.size)));
        }
        let defs = defines_of(def.defines);
        let create = defs.iter().find(|d| d.kind == HPyDef_Kind::Slot && d.u.slot.slot == HPySlot_Slot::mod_create);

        // Globals start empty: HPyGlobal_Store gives them a value.
        let mut g = def.globals;
        while !g.is_null() && !(*g).is_null() {
            (**g)._i = 0;
            g = g.add(1);
        }

        let module: *mut ffi::PyObject = if let Some(create) = create {
            if defs.len() > 1 || def.size > 0 || !def.legacy_methods.is_null() {
                return Err(PySystemError::new_err(format!(
                    "hilt: {path}: an HPyModuleDef with an HPy_mod_create slot may define nothing else (no size, methods, exec slots or legacy methods)"
                )));
            }
            let f: unsafe extern "C" fn(*mut HPyContext, HPy) -> HPy = std::mem::transmute(create.u.slot.impl_);
            let b = Boundary::enter(ctx, "the HPy_mod_create slot");
            let m = b.o(f(b.ctx, b.h(spec.as_ptr())));
            b.finish();
            if m.is_null() {
                return Err(fetch_err(py, format!("hilt: {path}: the HPy_mod_create slot failed without an exception")));
            }
            if ffi::PyModule_Check(m) != 0 {
                ffi::Py_DECREF(m);
                return Err(PySystemError::new_err(format!(
                    "hilt: {path}: the HPy_mod_create slot returned a module object; it must return another object, or be left out so the runtime creates the module"
                )));
            }
            m
        } else {
            let cname = std::ffi::CString::new(name).map_err(|_| PyImportError::new_err("hilt: module name contains NUL"))?;
            let m = ffi::PyModule_New(cname.as_ptr());
            if m.is_null() {
                return Err(fetch_err(py, "PyModule_New failed".into()));
            }
            m
        };
        // Debug mode checks that a global's module lives when it is loaded.
        if hilt_debug::DebugContext::from_ctx(ctx).is_some() {
            crate::debug_mode::record_global_owners(def.globals, module, name);
        }
        let module_obj: Py<PyAny> = Bound::from_owned_ptr(py, module).unbind();
        if create.is_some() {
            return Ok(module_obj);
        }

        if !def.doc.is_null() {
            let doc = ffi::PyUnicode_FromString(def.doc);
            if doc.is_null() || ffi::PyModule_AddObject(module, c"__doc__".as_ptr(), doc) < 0 {
                ffi::Py_XDECREF(doc);
                return Err(fetch_err(py, "setting __doc__ failed".into()));
            }
        }
        let file = std::ffi::CString::new(path).unwrap_or_default();
        ffi::PyModule_AddObject(module, c"__file__".as_ptr(), ffi::PyUnicode_FromString(file.as_ptr()));

        let mut functions: Vec<&HPyMeth> = Vec::new();
        for d in &defs {
            match d.kind {
                HPyDef_Kind::Meth => functions.push(&d.u.meth),
                HPyDef_Kind::Slot if d.u.slot.slot == HPySlot_Slot::mod_exec => {}
                other => {
                    let what = match other {
                        HPyDef_Kind::Slot => format!("slot {}", d.u.slot.slot.name().unwrap_or("(unknown)")),
                        k => format!("definition kind {}", k.name().unwrap_or("(unknown)")),
                    };
                    return Err(PySystemError::new_err(format!(
                        "hilt: {path}: an HPyModuleDef may hold methods and HPy_mod_exec/HPy_mod_create slots only, found {what}"
                    )));
                }
            }
        }
        if add_module_functions(&functions, ctx, module).is_err() {
            return Err(fetch_err(py, format!("hilt: {path}: adding the module's functions failed")));
        }
        if !def.legacy_methods.is_null()
            && ffi::PyModule_AddFunctions(module, def.legacy_methods as *mut ffi::PyMethodDef) < 0
        {
            return Err(fetch_err(py, format!("hilt: {path}: adding legacy methods failed")));
        }
        for d in &defs {
            if d.kind == HPyDef_Kind::Slot && d.u.slot.slot == HPySlot_Slot::mod_exec {
                let exec: unsafe extern "C" fn(*mut HPyContext, HPy) -> c_int = std::mem::transmute(d.u.slot.impl_);
                let b = Boundary::enter(ctx, "the HPy_mod_exec slot");
                let rc = exec(b.ctx, b.h(module));
                b.finish();
                if rc != 0 {
                    return Err(fetch_err(py, format!("hilt: {path}: the HPy_mod_exec slot failed without an exception")));
                }
            }
        }
        Ok(module_obj)
    }
}
