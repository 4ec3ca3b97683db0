//! `hilt-vm`: the Hilt VM, Hilt's own Python 3 runtime.
//!
//! Pipeline: source -> ruff's parser (AST) -> [`compile`] (scope analysis and
//! bytecode) -> [`interp`] (the instruction loop over [`object`] values that
//! live in the [`gc`] heap) with [`builtins`] and the Rust [`stdlib`]
//! modules. [`cli`] is the `hilt` command. Planned next (issues #6, #7): the
//! handle table and the C ABI over this object model, then a Cranelift JIT.

pub mod builtins;
pub mod cli;
pub mod compile;
pub mod gc;
pub mod hpy;
pub mod interp;
pub mod object;
pub mod stdlib;

/// The highest recursion limit a program may set: Python calls recurse on
/// the Rust stack of the VM thread (see `cli::VM_STACK_BYTES`), and this
/// bound keeps that far from overflowing.
pub const MAX_RECURSION: usize = 20_000;
