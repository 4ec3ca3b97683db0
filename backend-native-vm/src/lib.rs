//! `hilt-vm`: will be Hilt's own Python 3 runtime with a JIT.
//!
//! Not implemented yet. This crate exists so the workspace has its fixed
//! shape; it exposes nothing that pretends to work.
