//! The context functions of the CPython backend, one module per API area.
//! `build_hpy_context!` (generated from the API table) takes every function
//! from this module by its member name, so a missing one is a compile error.
#![allow(non_snake_case)]

mod call;
mod containers;
mod errors;
mod long_float;
mod number;
mod object;
mod runtime;
mod text;
mod trampoline;
mod types;

pub use call::*;
pub use containers::*;
pub use errors::*;
pub use long_float::*;
pub use number::*;
pub use object::*;
pub use runtime::*;
pub use text::*;
pub use trampoline::*;
pub use types::*;
