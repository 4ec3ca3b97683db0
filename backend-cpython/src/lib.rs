//! `hilt-backend-cpython`: will load `.hpy0.so` binaries into CPython.
//!
//! Not implemented yet. This crate exists so the workspace has its fixed
//! shape; it exposes nothing that pretends to work.
