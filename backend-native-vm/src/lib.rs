//! `hilt-vm`: the Hilt VM, Hilt's own Python 3 runtime.
//!
//! Pipeline: source -> ruff's parser (AST) -> [`compile`] (scope analysis and
//! bytecode) -> [`interp`] (the instruction loop over [`object`] values that
//! live in the [`gc`] heap) with [`builtins`] and the Rust [`stdlib`]
//! modules; [`hpy`] is the C extension ABI over this object model and
//! [`jit`] compiles hot code with Cranelift. [`cli`] is the `hilt` command.

pub mod builtins;
pub mod cli;
pub mod compile;
pub mod gc;
pub mod hpy;
pub mod interp;
pub mod jit;
pub mod object;
pub mod stdlib;

/// The highest recursion limit a program may set: Python calls recurse on
/// the Rust stack of the VM thread (see `cli::VM_STACK_BYTES`), and this
/// bound keeps that far from overflowing.
pub const MAX_RECURSION: usize = 20_000;
