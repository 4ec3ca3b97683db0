//! Sets pyo3's `Py_3_x` cfgs for the interpreter being built against, so
//! version-specific layouts (a 3.12 int's digit count, `PyType_FromMetaclass`)
//! are chosen at compile time.
fn main() {
    pyo3_build_config::use_pyo3_cfgs();
}
