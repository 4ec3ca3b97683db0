//! `hilt-abi`: the raw universal ABI shared by every part of Hilt.
//!
//! - [`table`]: the API table (`abi/api.table`), the one description of every
//!   `HPyContext` member, parsed and validated;
//! - [`types`]: the `#[repr(C)]` ABI types (handles, definitions, specs,
//!   buffers) and the enums with HPy 0.9.0's numbers;
//! - [`HPyContext`]: the context struct, generated from the table;
//! - [`version`]: ABI major/minor numbers, the file tag, and the loader rule;
//! - [`binary`]: refusing truncated or foreign files before `dlopen`.
//!
//! This crate is the raw layer: plain data and `unsafe` function pointers,
//! no policy. Safe wrappers belong to the crates built on it.

pub mod binary;
pub mod table;
pub mod types;
pub mod version;

mod generated {
    pub mod context;
}

pub use generated::context::*;
pub use types::*;

