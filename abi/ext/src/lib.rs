//! `hilt-ext`: write extensions for Hilt (HPy 0.9 universal ABI) in Rust.
//! The result is a `.hpy0.so` that loads on every backend, exactly like a C
//! extension built with Hilt's headers: it talks to the runtime only through
//! the context, so debug and trace modes and the VM's handle table work too.
//!
//! - [`Ctx`]: the context of the current call, with typed operations;
//! - [`Owned`]: a handle the extension owns, closed when dropped;
//!   [`Arg`]: a borrowed argument handle, valid for the call;
//! - [`Error`]: an exception to raise (or one already raised);
//! - [`hilt_module!`]: defines the module (its four exported symbols and
//!   its functions). Every function runs under `catch_unwind`: a panic
//!   becomes a `SystemError`, never an unwind into the runtime.
//!
//! ```ignore
//! fn add(ctx: &Ctx, args: &[Arg]) -> Result<Owned, Error> {
//!     let [a, b] = args else { return Err(Error::type_error("add(a, b) takes 2 arguments")) };
//!     ctx.add(a, b)
//! }
//! hilt_ext::hilt_module!(name: "mymod", doc: "An example.", functions: [add: "add(a, b): a + b"]);
//! ```

use hilt_abi::*;
use std::ffi::{c_char, CStr, CString};
use std::marker::PhantomData;

pub use hilt_abi;

/// The context of the current call into the extension.
pub struct Ctx {
    raw: *mut HPyContext,
}

/// A borrowed handle: an argument of the current call.
#[repr(transparent)]
#[derive(Clone, Copy)]
pub struct Arg<'a> {
    h: HPy,
    _call: PhantomData<&'a Ctx>,
}

/// A handle the extension owns: closed when dropped.
pub struct Owned<'a> {
    ctx: &'a Ctx,
    h: HPy,
}

/// An exception to raise: a new one (exception kind, message), or one the
/// runtime already set (an API call failed).
#[derive(Debug)]
pub enum Error {
    New(ErrorKind, String),
    AlreadySet,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    TypeError,
    ValueError,
    OverflowError,
    SystemError,
}

impl Error {
    pub fn type_error(msg: impl Into<String>) -> Error {
        Error::New(ErrorKind::TypeError, msg.into())
    }
    pub fn value_error(msg: impl Into<String>) -> Error {
        Error::New(ErrorKind::ValueError, msg.into())
    }
}

/// Anything that stands for a handle in a call: arguments and owned handles.
pub trait AsHandle {
    fn raw(&self) -> HPy;
}

impl AsHandle for Arg<'_> {
    fn raw(&self) -> HPy {
        self.h
    }
}

impl AsHandle for Owned<'_> {
    fn raw(&self) -> HPy {
        self.h
    }
}

macro_rules! f {
    ($ctx:expr, $name:ident) => {
        // A complete context has every member; a missing one is a runtime bug.
        (*$ctx.raw).$name.expect("the runtime's context lacks a function")
    };
}

impl Ctx {
    /// # Safety
    /// `raw` must be the context the runtime passed to the current call.
    pub unsafe fn from_raw(raw: *mut HPyContext) -> Ctx {
        Ctx { raw }
    }

    pub fn raw(&self) -> *mut HPyContext {
        self.raw
    }

    /// Own `h` (a new handle from the runtime), or the pending exception.
    fn own(&self, h: HPy) -> Result<Owned<'_>, Error> {
        if h.is_null() {
            Err(Error::AlreadySet)
        } else {
            Ok(Owned { ctx: self, h })
        }
    }

    fn err_occurred(&self) -> bool {
        // SAFETY: a live context of the current call.
        unsafe { f!(self, ctx_Err_Occurred)(self.raw) != 0 }
    }

    pub fn none(&self) -> Owned<'_> {
        // SAFETY: a live context; h_None is a valid constant.
        unsafe { Owned { ctx: self, h: f!(self, ctx_Dup)(self.raw, (*self.raw).h_None) } }
    }

    pub fn int_from_u64(&self, v: u64) -> Result<Owned<'_>, Error> {
        // SAFETY: a live context.
        self.own(unsafe { f!(self, ctx_Long_FromUInt64_t)(self.raw, v) })
    }

    pub fn int_from_i64(&self, v: i64) -> Result<Owned<'_>, Error> {
        // SAFETY: a live context.
        self.own(unsafe { f!(self, ctx_Long_FromInt64_t)(self.raw, v) })
    }

    /// An int argument as u64 masked to its low 64 bits (like `value & (2**64 - 1)`).
    pub fn u64_mask(&self, h: &impl AsHandle) -> Result<u64, Error> {
        // SAFETY: a live context and handle.
        let v = unsafe { f!(self, ctx_Long_AsUInt64_tMask)(self.raw, h.raw()) };
        if v == u64::MAX && self.err_occurred() {
            return Err(Error::AlreadySet);
        }
        Ok(v)
    }

    pub fn is_bytes(&self, h: &impl AsHandle) -> bool {
        // SAFETY: a live context and handle.
        unsafe { f!(self, ctx_Bytes_Check)(self.raw, h.raw()) != 0 }
    }

    /// The contents of a bytes object, valid while `h` is.
    pub fn bytes_data<'h>(&self, h: &'h impl AsHandle) -> Result<&'h [u8], Error> {
        // SAFETY: a live context and handle; bytes data lives as long as
        // the handle (the borrow of `h` bounds the slice).
        unsafe {
            let p = f!(self, ctx_Bytes_AsString)(self.raw, h.raw());
            if p.is_null() {
                return Err(Error::AlreadySet);
            }
            let n = f!(self, ctx_Bytes_Size)(self.raw, h.raw());
            Ok(std::slice::from_raw_parts(p as *const u8, n.max(0) as usize))
        }
    }

    /// `bytes(h)` for any bytes-like object (bytearray, memoryview, ...).
    pub fn to_bytes(&self, h: &impl AsHandle) -> Result<Owned<'_>, Error> {
        if self.is_bytes(h) {
            // SAFETY: a live context and handle.
            return self.own(unsafe { f!(self, ctx_Dup)(self.raw, h.raw()) });
        }
        // SAFETY: a live context; memoryview() refuses what has no buffer.
        unsafe {
            let arg = h.raw();
            let view = self.own(f!(self, ctx_Call)(self.raw, (*self.raw).h_MemoryViewType, &arg, 1, HPy::NULL))?;
            self.own(f!(self, ctx_Bytes)(self.raw, view.h))
        }
    }

    pub fn add(&self, a: &impl AsHandle, b: &impl AsHandle) -> Result<Owned<'_>, Error> {
        // SAFETY: a live context and handles.
        self.own(unsafe { f!(self, ctx_Add)(self.raw, a.raw(), b.raw()) })
    }

    /// Set `e` as the current exception (no-op for AlreadySet).
    pub fn raise(&self, e: &Error) {
        let Error::New(kind, msg) = e else { return };
        let text = CString::new(msg.replace('\0', "\\0")).expect("NULs replaced");
        // SAFETY: a live context; the exception types are constants.
        unsafe {
            let t = match kind {
                ErrorKind::TypeError => (*self.raw).h_TypeError,
                ErrorKind::ValueError => (*self.raw).h_ValueError,
                ErrorKind::OverflowError => (*self.raw).h_OverflowError,
                ErrorKind::SystemError => (*self.raw).h_SystemError,
            };
            f!(self, ctx_Err_SetString)(self.raw, t, text.as_ptr());
        }
    }
}

impl<'a> Owned<'a> {
    /// Give the handle to the runtime (a function's result).
    pub fn into_raw(self) -> HPy {
        let h = self.h;
        std::mem::forget(self);
        h
    }
}

impl Drop for Owned<'_> {
    fn drop(&mut self) {
        // SAFETY: an owned handle of the live context, closed once.
        unsafe { f!(self.ctx, ctx_Close)(self.ctx.raw, self.h) }
    }
}

/// The Rust signature of a module function: positional arguments.
pub type Function = for<'c, 'a> fn(&'c Ctx, &[Arg<'a>]) -> Result<Owned<'c>, Error>;

/// Call `f` for the runtime: arguments as [`Arg`]s, an error raised as an
/// exception, a panic caught and raised as `SystemError` (never unwound
/// into the runtime).
///
/// # Safety
/// The runtime's arguments of an HPyFunc_VARARGS call.
pub unsafe fn call_varargs(name: &str, f: Function, ctx: *mut HPyContext, args: *const HPy, nargs: usize) -> HPy {
    // SAFETY: forwarded; an Arg is a transparent HPy.
    let ctx = unsafe { Ctx::from_raw(ctx) };
    let args: &[Arg] = if args.is_null() { &[] } else { unsafe { std::slice::from_raw_parts(args as *const Arg, nargs) } };
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&ctx, args).map(Owned::into_raw))) {
        Ok(Ok(h)) => h,
        Ok(Err(e)) => {
            ctx.raise(&e);
            HPy::NULL
        }
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic with no message".into());
            ctx.raise(&Error::New(ErrorKind::SystemError, format!("{name}: the Rust code panicked: {what}")));
            HPy::NULL
        }
    }
}

/// A leaked, NUL-terminated copy of `s` (definitions live for the process).
pub fn leak_cstr(s: &str) -> *const c_char {
    CString::new(s).expect("no NUL in names and docs").into_raw()
}

/// The `HPyModuleDef` of `doc` and `functions` (name, doc, entry point),
/// built once and leaked: what `HPyInit_<name>` returns.
pub fn module_def(doc: &str, functions: &[(&str, &str, HPyCFunction)]) -> *mut HPyModuleDef {
    let mut defs: Vec<*mut HPyDef> = functions
        .iter()
        .map(|&(name, doc, imp)| {
            Box::into_raw(Box::new(HPyDef {
                kind: HPyDef_Kind::Meth,
                u: HPyDef_Union {
                    meth: HPyMeth {
                        name: leak_cstr(name),
                        impl_: imp,
                        // Hilt calls impl directly; a C-API trampoline is
                        // only for HPy's own loader, which Rust modules skip.
                        cpy_trampoline: None,
                        signature: HPyFunc_Signature::VARARGS,
                        doc: leak_cstr(doc),
                    },
                },
            }))
        })
        .collect();
    defs.push(std::ptr::null_mut());
    let defines = Box::leak(defs.into_boxed_slice()).as_mut_ptr();
    Box::into_raw(Box::new(HPyModuleDef {
        doc: leak_cstr(doc),
        size: 0,
        legacy_methods: std::ptr::null_mut(),
        defines,
        globals: std::ptr::null_mut(),
    }))
}

/// Define a module: its four exported symbols (`HPyInit_<name>`,
/// `HPyInitGlobalContext_<name>`, the required ABI version) and its
/// functions, each `fn(&Ctx, &[Arg]) -> Result<Owned, Error>`.
#[macro_export]
macro_rules! hilt_module {
    (name: $name:literal, doc: $doc:literal, functions: [$($f:ident : $fdoc:literal),* $(,)?]) => {
        const _: () = {
            use $crate::hilt_abi::{HPy, HPyContext, HPyModuleDef, HPyCFunction};
            $(
                #[allow(non_snake_case)]
                mod $f {
                    use $crate::hilt_abi::{HPy, HPyContext};
                    pub unsafe extern "C" fn entry(ctx: *mut HPyContext, _self: HPy, args: *const HPy, nargs: usize) -> HPy {
                        // SAFETY: the runtime calls with a VARARGS call's arguments.
                        unsafe { $crate::call_varargs(stringify!($f), super::$f, ctx, args, nargs) }
                    }
                }
            )*
            #[export_name = concat!("HPyInit_", $name)]
            pub extern "C" fn init() -> *mut HPyModuleDef {
                static DEF: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
                *DEF.get_or_init(|| {
                    let functions: &[(&str, &str, HPyCFunction)] = &[$(
                        (stringify!($f), $fdoc,
                         // SAFETY: the ABI stores every impl as a generic function pointer.
                         unsafe { std::mem::transmute::<unsafe extern "C" fn(*mut HPyContext, HPy, *const HPy, usize) -> HPy, HPyCFunction>($f::entry) }),
                    )*];
                    $crate::module_def($doc, functions) as usize
                }) as *mut HPyModuleDef
            }
            #[export_name = concat!("HPyInitGlobalContext_", $name)]
            pub extern "C" fn init_global_context(_ctx: *mut HPyContext) {}
            #[export_name = concat!("get_required_hpy_major_version_", $name)]
            pub extern "C" fn major() -> u32 { $crate::hilt_abi::version::ABI_MAJOR }
            #[export_name = concat!("get_required_hpy_minor_version_", $name)]
            pub extern "C" fn minor() -> u32 { 0 }
        };
    };
}

/// Read a C string the runtime gave (for messages).
///
/// # Safety
/// `p` must be NUL-terminated and live.
pub unsafe fn c_str<'a>(p: *const c_char) -> &'a str {
    // SAFETY: forwarded.
    unsafe { CStr::from_ptr(p) }.to_str().unwrap_or("?")
}
