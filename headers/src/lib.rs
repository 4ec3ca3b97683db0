//! `hilt-headers`: where Hilt's C headers and helper runtime live, for the
//! build tools and tests that compile extensions.
//!
//! The headers themselves are in `include/`; the runtime sources compiled
//! into every extension (argument parsing, `HPy_BuildValue`, formatting,
//! helpers, struct sequences) are in `src/runtime/`.

use std::path::{Path, PathBuf};

/// Directory to put on the include path (`-I`): it holds `hpy.h`.
pub fn include_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("include")
}

/// Directory whose `Python.h` stops universal-ABI builds that include it.
pub fn forbid_python_h_dir() -> PathBuf {
    include_dir().join("hpy").join("forbid_python_h")
}

/// The helper runtime's C sources, sorted.
pub fn runtime_sources() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join("runtime");
    let mut sources: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "c"))
                .collect()
        })
        .unwrap_or_default();
    sources.sort();
    sources
}
