//! Loading `foo.hpy0.so` into the VM: the same checks and messages as the
//! CPython backend (file tag, ELF sanity, the four exports, the ABI
//! version), then the module built from its `HPyModuleDef`.
//!
//! Only universal binaries run here. A binary that needs CPython (a hybrid
//! build: Hilt's headers mark it with `hilt_hybrid_abi_<name>`; undefined
//! `Py*` symbols; legacy methods or types) or a plain CPython extension is
//! refused with an ImportError saying so.

use std::os::raw::c_int;
use std::path::{Path, PathBuf};

use hilt_abi::version::{check_compatible, ABI_MINOR_LATEST, ABI_TAG};
use hilt_abi::*;

use super::call::Kind;
use super::modes::{Boundary, Mode};
use super::types::{new_func, text};
use crate::interp::{PyResult, Vm};
use crate::object::{Obj, Value};

/// What `import name` found in one directory of the module path.
pub enum Found {
    Source(PathBuf),
    Extension(PathBuf),
    /// A native module that is not a universal HPy binary.
    Foreign(PathBuf),
}

impl Vm {
    /// The directories `import` searches: the script's, then `PYTHONPATH`'s.
    pub fn module_path(&self) -> Vec<PathBuf> {
        let mut dirs = vec![self.script_dir.clone()];
        if let Some(pp) = std::env::var_os("PYTHONPATH") {
            dirs.extend(std::env::split_paths(&pp).filter(|p| !p.as_os_str().is_empty()));
        }
        dirs
    }

    /// Find module `name` on the module path (per directory: `name.py`,
    /// then `name.hpy0.so`).
    pub fn find_module(&self, name: &str) -> Option<Found> {
        let tag = format!("{name}.{ABI_TAG}.so");
        let mut foreign = None;
        for dir in self.module_path() {
            let py = dir.join(format!("{name}.py"));
            if py.is_file() {
                return Some(Found::Source(py));
            }
            let ext = dir.join(&tag);
            if ext.is_file() {
                return Some(Found::Extension(ext));
            }
            if foreign.is_none() {
                foreign = native_module_in(&dir, name);
            }
        }
        foreign.map(Found::Foreign)
    }

    /// Load the universal binary at `path` as module `name`.
    pub fn load_extension(&mut self, name: &str, path: &Path) -> PyResult<Value> {
        let shown = path.display().to_string();
        let import_error = |vm: &mut Vm, msg: String| vm.err("ImportError", &format!("hilt: {shown}: {msg}"));
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => return Err(import_error(self, format!("cannot read it: {e}"))),
        };
        if let Err(e) = hilt_abi::binary::check_elf(&bytes) {
            return Err(import_error(self, format!("cannot load it as a shared object: {e}")));
        }
        drop(bytes);
        let mode = match Mode::from_env() {
            Ok(m) => m,
            Err(e) => return Err(import_error(self, e)),
        };
        // RTLD_NOW: a binary that needs CPython's C API fails here, with the
        // missing symbol named, instead of crashing on its first call.
        // SAFETY: loading runs the library's initialisers; that is what
        // importing a native extension means. It stays loaded for the process.
        let lib = unsafe { libloading::os::unix::Library::open(Some(path), libloading::os::unix::RTLD_NOW | libloading::os::unix::RTLD_LOCAL) };
        let lib = match lib {
            Ok(l) => Box::leak(Box::new(l)),
            Err(e) => {
                // libloading keeps dlerror()'s text (naming a missing symbol) as the source.
                let e = match std::error::Error::source(&e) {
                    Some(detail) => detail.to_string(),
                    None => e.to_string(),
                };
                let msg = match e.split("undefined symbol: ").nth(1) {
                    Some(sym) if sym.starts_with("Py") || sym.starts_with("_Py") => format!(
                        "needs CPython: it calls the CPython C API ({sym}), so it is a hybrid or legacy build; the Hilt VM runs universal HPy binaries only (build with `python -m hilt build`, without --hybrid)"
                    ),
                    _ => format!("cannot load it as a shared object: {e}"),
                };
                return Err(import_error(self, msg));
            }
        };
        macro_rules! symbol {
            ($ty:ty, $prefix:literal) => {{
                let sym_name = format!(concat!($prefix, "_{}"), name);
                // SAFETY: the symbol's type is the one HPy_MODINIT defines for it.
                match unsafe { lib.get::<$ty>(sym_name.as_bytes()) } {
                    Ok(s) => *s,
                    Err(_) => {
                        return Err(import_error(
                            self,
                            format!("missing the symbol '{sym_name}'; is this an HPy module built with HPy_MODINIT({name}, ...)?"),
                        ))
                    }
                }
            }};
        }
        // SAFETY: only the symbol's presence is looked at.
        if unsafe { lib.get::<unsafe extern "C" fn() -> i32>(format!("hilt_hybrid_abi_{name}").as_bytes()) }.is_ok() {
            return Err(import_error(
                self,
                "needs CPython: it was built for the hybrid ABI (the legacy bridge to the CPython C API); the Hilt VM runs universal HPy binaries only (rebuild without --hybrid)".into(),
            ));
        }
        let major = symbol!(unsafe extern "C" fn() -> u32, "get_required_hpy_major_version");
        let minor = symbol!(unsafe extern "C" fn() -> u32, "get_required_hpy_minor_version");
        let init_ctx = symbol!(unsafe extern "C" fn(*mut HPyContext), "HPyInitGlobalContext");
        let init = symbol!(unsafe extern "C" fn() -> *mut HPyModuleDef, "HPyInit");
        // SAFETY: plain functions of the module returning constants.
        let (required_major, required_minor) = unsafe { (major(), minor()) };
        if let Err(e) = check_compatible(required_major, required_minor, ABI_MINOR_LATEST) {
            return Err(import_error(self, e.to_string()));
        }
        let ctx = self.hpy_mode_context(mode);
        // SAFETY: HPyInitGlobalContext only stores the pointer; HPyInit
        // returns the module's static definition.
        let def = unsafe {
            init_ctx(ctx);
            init()
        };
        if def.is_null() {
            return Err(self.err("SystemError", &format!("hilt: {shown}: HPyInit_{name}() returned NULL instead of an HPyModuleDef")));
        }
        // SAFETY: a non-null HPyModuleDef of the module, static data.
        unsafe { self.build_module(name, &shown, &*def, ctx) }
    }

    unsafe fn build_module(&mut self, name: &str, path: &str, def: &HPyModuleDef, ctx: *mut HPyContext) -> PyResult<Value> {
        // SAFETY (whole body): `def` and what it points to is the
        // extension's static data.
        unsafe {
            let needs_cpython = |vm: &mut Vm, what: &str| {
                vm.err("ImportError", &format!("hilt: {path}: needs CPython: {what}; the Hilt VM runs universal HPy modules only"))
            };
            if !def.legacy_methods.is_null() {
                return Err(needs_cpython(self, "its HPyModuleDef has legacy (CPython C-API) methods"));
            }
            if def.size < 0 {
                return Err(self.err("SystemError", &format!("hilt: {path}: HPyModuleDef.size is {} (negative)", def.size)));
            }
            let defs = defines_of(def.defines);
            let create = defs.iter().find(|d| d.kind == HPyDef_Kind::Slot && d.u.slot.slot == HPySlot_Slot::mod_create);
            let mut g = def.globals;
            while !g.is_null() && !(*g).is_null() {
                (**g)._i = 0;
                g = g.add(1);
            }
            if let Some(create) = create {
                if defs.len() > 1 || def.size > 0 {
                    return Err(self.err("SystemError", &format!(
                        "hilt: {path}: an HPyModuleDef with an HPy_mod_create slot may define nothing else (no size, methods, exec slots or legacy methods)"
                    )));
                }
                let f: unsafe extern "C" fn(*mut HPyContext, HPy) -> HPy = std::mem::transmute(create.u.slot.impl_);
                let spec = self.new_str(name);
                let b = Boundary::enter(ctx, "the HPy_mod_create slot");
                let h = b.arg(self, spec);
                let r = f(b.ctx, h);
                let m = b.result(self, r, &[h], &|_: &Vm| "the HPy_mod_create slot".into())?;
                if let Value::Obj(r) = m {
                    if matches!(self.heap.get(r), Obj::Module { .. }) {
                        return Err(self.err("SystemError", &format!(
                            "hilt: {path}: the HPy_mod_create slot returned a module object; it must return another object, or be left out so the runtime creates the module"
                        )));
                    }
                }
                return Ok(m);
            }
            let dict = self.new_dict();
            let module = self.alloc(Obj::Module { name: name.into(), dict });
            self.temp_roots.push(module);
            let r = self.fill_module(name, path, def, &defs, ctx, module, dict);
            self.temp_roots.pop();
            r?;
            Ok(module)
        }
    }

    #[allow(clippy::too_many_arguments)]
    unsafe fn fill_module(&mut self, name: &str, path: &str, def: &HPyModuleDef, defs: &[&HPyDef], ctx: *mut HPyContext, module: Value, dict: crate::object::ObjRef) -> PyResult<()> {
        // SAFETY (whole body): the extension's static data.
        unsafe {
            let n = self.new_str(name);
            self.dict_set_str(dict, "__name__", n)?;
            let doc = match text(def.doc) {
                Some(d) => self.new_str(d),
                None => Value::None,
            };
            self.dict_set_str(dict, "__doc__", doc)?;
            let f = self.new_str(path);
            self.dict_set_str(dict, "__file__", f)?;
            // Registered before exec slots run, as CPython does, so they may import it.
            let key = self.new_str(name);
            self.dict_set(self.modules, key, module)?;
            for d in defs {
                match d.kind {
                    HPyDef_Kind::Meth => {
                        let m = &d.u.meth;
                        let Some(mname) = text(m.name) else {
                            return Err(self.err("ValueError", &format!("hilt: {path}: a module function has a NULL name")));
                        };
                        let Some(f) = m.impl_ else {
                            return Err(self.err("ValueError", &format!("hilt: {path}: function '{mname}' has a NULL impl")));
                        };
                        let v = new_func(self, format!("{name}.{mname}"), &mname, text(m.doc), Kind::Function(m.signature), f as *const std::os::raw::c_void, ctx, module, None);
                        self.dict_set_str(dict, &mname, v)?;
                    }
                    HPyDef_Kind::Slot if matches!(d.u.slot.slot, HPySlot_Slot::mod_exec) => {}
                    other => {
                        let what = match other {
                            HPyDef_Kind::Slot => format!("slot {}", d.u.slot.slot.name().unwrap_or("(unknown)")),
                            k => format!("definition kind {}", k.name().unwrap_or("(unknown)")),
                        };
                        return Err(self.err("SystemError", &format!("hilt: {path}: an HPyModuleDef may hold methods and HPy_mod_exec/HPy_mod_create slots only, found {what}")));
                    }
                }
            }
            for d in defs {
                if d.kind == HPyDef_Kind::Slot && d.u.slot.slot == HPySlot_Slot::mod_exec {
                    let exec: unsafe extern "C" fn(*mut HPyContext, HPy) -> c_int = std::mem::transmute(d.u.slot.impl_);
                    let b = Boundary::enter(ctx, "the HPy_mod_exec slot");
                    let h = b.arg(self, module);
                    let rc = exec(b.ctx, h);
                    let failed = rc != 0;
                    let r = b.status(self, if failed { -1 } else { 0 }, &[h], &|_: &Vm| "the HPy_mod_exec slot".into());
                    if let Err(e) = r {
                        let key = self.new_str(name);
                        let _ = self.dict_remove(self.modules, key);
                        return Err(e);
                    }
                }
            }
            Ok(())
        }
    }
}

/// A native module for `name` in `dir` that is not a universal binary
/// (`name.cpython-311-x86_64-linux-gnu.so`, a hybrid `name.hpy0-cp311.so`, ...).
fn native_module_in(dir: &Path, name: &str) -> Option<PathBuf> {
    let prefix = format!("{name}.");
    std::fs::read_dir(dir).ok()?.flatten().map(|e| e.path()).find(|p| {
        let f = p.file_name().and_then(|f| f.to_str()).unwrap_or("");
        f.starts_with(&prefix) && f.ends_with(".so")
    })
}
