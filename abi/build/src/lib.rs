//! `hilt-build`: compile a Hilt extension, a universal `foo.hpy0.so`, from a
//! Cargo build script.
//!
//! ```ignore
//! // build.rs
//! fn main() {
//!     let so = hilt_build::Extension::new("foo").file("src/foo.c").compile();
//!     // The crate can find it with env!("HILT_EXT_FOO").
//!     println!("cargo:warning=built {}", so.display());
//! }
//! ```
//!
//! The sources and Hilt's helper runtime are compiled by the `cc` crate (so
//! `CC`, `CXX`, `CFLAGS` and cross toolchains work as for any `-sys` crate),
//! with the flags `python -m hilt build` uses (`hilt/build.py` in the
//! `hilt` package): `-fPIC -O2 -Wall -DHPY_ABI_UNIVERSAL`, the
//! `forbid_python_h` directory first on the include path, then Hilt's
//! headers. The objects are then linked by the same compiler into a shared
//! object of their own, not into the crate: see the README for why.

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The file name ending of a universal binary.
pub const SUFFIX: &str = ".hpy0.so";

const CXX_EXTENSIONS: [&str; 3] = ["cpp", "cc", "cxx"];

/// Why an extension could not be built.
#[derive(Debug)]
pub enum Error {
    /// The module name cannot name a C symbol (`HPyInit_<name>`).
    BadName(String),
    /// No source file was given.
    NoSources(String),
    /// A source file does not exist or is not C/C++.
    BadSource(PathBuf, &'static str),
    /// Compiling failed (`cc`'s message, which holds the compiler's output).
    Compile(String),
    /// Linking failed: the linker command and its output.
    Link(String),
    /// The binary does not define `HPyInit_<name>`.
    NoInit { output: PathBuf, module: String },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::BadName(n) => write!(f, "hilt-build: {n:?} is not a module name (letters, digits, _)"),
            Error::NoSources(n) => write!(f, "hilt-build: extension {n:?} has no source files"),
            Error::BadSource(p, why) => write!(f, "hilt-build: {}: {why}", p.display()),
            Error::Compile(msg) => write!(f, "hilt-build: compiling failed: {msg}"),
            Error::Link(msg) => write!(f, "hilt-build: linking failed: {msg}"),
            Error::NoInit { output, module } => write!(
                f,
                "hilt-build: {} would define no HPyInit_{module}: the module's \
                 HPy_MODINIT(name, ...) must name it {module:?}",
                output.display()
            ),
        }
    }
}

impl std::error::Error for Error {}

/// One extension module: its name, sources and compile options.
#[derive(Debug, Clone)]
pub struct Extension {
    name: String,
    files: Vec<PathBuf>,
    includes: Vec<PathBuf>,
    defines: Vec<(String, Option<String>)>,
    flags: Vec<String>,
    out_dir: Option<PathBuf>,
}

impl Extension {
    /// An extension imported as `name` (the name given to `HPy_MODINIT`).
    pub fn new(name: &str) -> Self {
        Extension {
            name: name.to_string(),
            files: Vec::new(),
            includes: Vec::new(),
            defines: Vec::new(),
            flags: Vec::new(),
            out_dir: None,
        }
    }

    /// Add a C (`.c`) or C++ (`.cpp`, `.cc`, `.cxx`) source.
    pub fn file(mut self, path: impl AsRef<Path>) -> Self {
        self.files.push(path.as_ref().to_path_buf());
        self
    }

    /// Add an include directory (after Hilt's own).
    pub fn include(mut self, dir: impl AsRef<Path>) -> Self {
        self.includes.push(dir.as_ref().to_path_buf());
        self
    }

    /// Define a macro (`-DNAME` or `-DNAME=VALUE`).
    pub fn define(mut self, name: &str, value: Option<&str>) -> Self {
        self.defines.push((name.to_string(), value.map(str::to_string)));
        self
    }

    /// Target ABI minor `minor` (`-DHILT_TARGET_ABI_MINOR`); the binary then
    /// needs a loader offering it.
    pub fn abi_minor(self, minor: u32) -> Self {
        self.define("HILT_TARGET_ABI_MINOR", Some(&minor.to_string()))
    }

    /// One more compiler flag.
    pub fn flag(mut self, flag: &str) -> Self {
        self.flags.push(flag.to_string());
        self
    }

    /// Where to write `NAME.hpy0.so` (default: the build script's `OUT_DIR`).
    pub fn out_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Build, for a build script: panics with the error's message, and tells
    /// Cargo the binary's path as the compile-time environment variable
    /// `HILT_EXT_<NAME>` (upper case).
    pub fn compile(self) -> PathBuf {
        let var = format!("HILT_EXT_{}", self.name.to_uppercase());
        match self.try_compile() {
            Ok(path) => {
                println!("cargo:rustc-env={var}={}", path.display());
                path
            }
            Err(e) => panic!("{e}"),
        }
    }

    /// Build `NAME.hpy0.so` and return its path. Needs the environment Cargo
    /// gives build scripts (`OUT_DIR`, `TARGET`, `OPT_LEVEL`, `HOST`).
    pub fn try_compile(self) -> Result<PathBuf, Error> {
        if self.name.is_empty() || !self.name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(Error::BadName(self.name));
        }
        if self.files.is_empty() {
            return Err(Error::NoSources(self.name));
        }
        let (mut c_files, mut cxx_files) = (Vec::new(), Vec::new());
        for file in &self.files {
            let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
            if !file.is_file() {
                return Err(Error::BadSource(file.clone(), "no such source file"));
            }
            match ext {
                "c" => c_files.push(file.clone()),
                e if CXX_EXTENSIONS.contains(&e) => cxx_files.push(file.clone()),
                _ => return Err(Error::BadSource(file.clone(), "not a C or C++ source (.c, .cpp, .cc, .cxx)")),
            }
            println!("cargo:rerun-if-changed={}", file.display());
        }
        println!("cargo:rerun-if-changed={}", hilt_headers::include_dir().display());
        for runtime in hilt_headers::runtime_sources() {
            println!("cargo:rerun-if-changed={}", runtime.display());
            c_files.push(runtime);
        }

        let mut objects = self.objects(&c_files, false)?;
        if !cxx_files.is_empty() {
            objects.extend(self.objects(&cxx_files, true)?);
        }
        let out_dir = match &self.out_dir {
            Some(d) => d.clone(),
            None => PathBuf::from(std::env::var_os("OUT_DIR").ok_or_else(|| {
                Error::Compile("OUT_DIR is not set: call compile() from a build script or set out_dir()".into())
            })?),
        };
        std::fs::create_dir_all(&out_dir).map_err(|e| Error::Link(format!("cannot create {}: {e}", out_dir.display())))?;
        let output = out_dir.join(format!("{}{SUFFIX}", self.name));
        self.link(&objects, !cxx_files.is_empty(), &output)?;
        let init = format!("HPyInit_{}\0", self.name);
        let bytes = std::fs::read(&output).map_err(|e| Error::Link(format!("cannot read {}: {e}", output.display())))?;
        // The dynamic string table holds every exported name, NUL-terminated.
        if !bytes.windows(init.len()).any(|w| w == init.as_bytes()) {
            return Err(Error::NoInit { output, module: self.name });
        }
        Ok(output)
    }

    /// A `cc::Build` with Hilt's flags and this extension's options.
    fn cc_build(&self, cpp: bool) -> cc::Build {
        let mut build = cc::Build::new();
        build
            .cpp(cpp)
            .cargo_metadata(false)
            .pic(true)
            .opt_level(2)
            .warnings(false)
            .flag("-Wall")
            .define("HPY_ABI_UNIVERSAL", None)
            .include(hilt_headers::forbid_python_h_dir())
            .include(hilt_headers::include_dir());
        for dir in &self.includes {
            build.include(dir);
        }
        for (name, value) in &self.defines {
            build.define(name, value.as_deref());
        }
        for flag in &self.flags {
            build.flag(flag);
        }
        build
    }

    fn objects(&self, files: &[PathBuf], cpp: bool) -> Result<Vec<PathBuf>, Error> {
        let mut build = self.cc_build(cpp);
        build.files(files);
        build.try_compile_intermediates().map_err(|e| Error::Compile(e.to_string()))
    }

    fn link(&self, objects: &[PathBuf], cpp: bool, output: &Path) -> Result<(), Error> {
        let compiler = self.cc_build(cpp).try_get_compiler().map_err(|e| Error::Link(e.to_string()))?;
        let mut cmd: Command = compiler.to_command();
        cmd.arg("-shared").args(objects).arg("-o").arg(output);
        let out = cmd.output().map_err(|e| Error::Link(format!("cannot run {cmd:?}: {e}")))?;
        if !out.status.success() {
            return Err(Error::Link(format!(
                "{cmd:?} exited with {}:\n{}{}",
                out.status,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_that_cannot_be_a_symbol_is_refused() {
        let err = Extension::new("my-ext").file("x.c").try_compile().unwrap_err();
        assert!(err.to_string().contains("\"my-ext\" is not a module name"), "{err}");
    }

    #[test]
    fn missing_and_foreign_sources_are_named() {
        let err = Extension::new("foo").try_compile().unwrap_err();
        assert!(err.to_string().contains("\"foo\" has no source files"), "{err}");
        let err = Extension::new("foo").file("does/not/exist.c").try_compile().unwrap_err();
        assert!(err.to_string().contains("does/not/exist.c: no such source file"), "{err}");
        let err = Extension::new("foo").file("Cargo.toml").try_compile().unwrap_err();
        assert!(err.to_string().contains("Cargo.toml: not a C or C++ source"), "{err}");
    }
}
