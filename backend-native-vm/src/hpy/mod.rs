//! The HPy universal ABI on the Hilt VM: the same `.hpy0.so` that runs on
//! CPython runs here, over the VM's own object model.
//!
//! - [`handles`]: a handle is an index into the VM's handle table (no object
//!   pointer ever leaves the VM); the table is a GC root.
//! - [`ctx`]: the context functions (every member of HPy 0.9's context plus
//!   minor 1), each a thin layer over the interpreter's own operations.
//! - [`loader`]: `import foo` finds `foo.hpy0.so`, checks it like the
//!   CPython backend does, and builds the module from its `HPyModuleDef`.
//! - [`types`]: `HPyType_FromSpec` makes VM classes whose instances carry
//!   the extension's C struct; slots become the VM's dunder protocol.
//! - [`call`]: extension callables; their `impl` is called directly with
//!   handles opened on the caller's arguments (no tuple is built).
//! - [`machine`]: what machine code reads to call an `impl` itself.
//! - [`modes`]: debug and trace modes (`HILT=debug|trace`), the shared
//!   `hilt-debug` contexts over this backend's context.
//!
//! Errors follow HPy: a context function that fails records the exception
//! in [`HpyState::error`] and returns its failure value; when the
//! extension's function returns, the caller turns that into a VM
//! exception.

pub mod call;
pub mod ctx;
pub mod handles;
pub mod loader;
pub mod machine;
pub mod modes;
pub mod null_messages;
pub mod types;

use std::os::raw::{c_char, c_void};

use hilt_abi::{HPy, HPyContext};

use crate::interp::{Exc, PyResult, Vm};
use crate::object::Value;

/// The VM's context: the C struct the extension sees, followed by what the
/// context functions need to find the VM.
#[repr(C)]
pub struct VmCtx {
    pub ctx: HPyContext,
    magic: u64,
    /// Set on every entry into extension code (the VM does not move while
    /// it runs, but it is built before it settles).
    pub vm: *mut Vm,
}

const MAGIC: u64 = 0x4869_6c74_564d_4378; // "HiltVMCx"
const NAME: &[u8] = b"HPy Universal ABI (Hilt VM)\0";

/// Everything the ABI keeps per VM.
#[derive(Default)]
pub struct HpyState {
    pub handles: handles::Handles,
    /// Values of the extensions' `HPyGlobal`s (`_i` is index + 1).
    pub globals: Vec<Value>,
    /// The exception a context function raised, until the extension's
    /// function returns to the VM.
    pub error: Option<Exc>,
    /// The universal context, made when the first extension loads.
    ctx: Option<Box<VmCtx>>,
    /// Its address (null before): callables loaded with it take the fast path.
    pub universal: usize,
    pub modes: modes::Modes,
    /// Trackers and builders: values kept by index (`ctx::runtime`).
    pub trackers: Vec<Option<Vec<HPy>>>,
    pub builders: Vec<Option<Vec<Value>>>,
    /// NUL-terminated copies of str/bytes/type names handed to C, kept
    /// until the collector frees their object.
    c_texts: std::collections::HashMap<u32, Box<[u8]>>,
    /// The API function running (for error messages about its arguments).
    pub current_api: &'static str,
    /// The layout of capsules (made on first use).
    pub capsule_type: Option<std::rc::Rc<types::TypeInfo>>,
}

impl HpyState {
    /// Every value the ABI keeps alive (GC roots).
    pub fn roots(&self) -> impl Iterator<Item = Value> + '_ {
        self.handles
            .values()
            .chain(self.globals.iter().copied())
            .chain(self.error.map(|e| Value::Obj(e.0)))
            .chain(self.builders.iter().flatten().flatten().copied())
    }

    /// A C string with `bytes` (plus a NUL) that lives as long as `owner`.
    pub fn c_text_of(&mut self, owner: crate::object::ObjRef, bytes: &[u8]) -> *const c_char {
        let e = self.c_texts.entry(owner.0).or_default();
        if e.len() != bytes.len() + 1 || &e[..bytes.len()] != bytes {
            let mut b = Vec::with_capacity(bytes.len() + 1);
            b.extend_from_slice(bytes);
            b.push(0);
            *e = b.into_boxed_slice();
        }
        e.as_ptr() as *const c_char
    }

    /// After a collection: forget C strings of objects that were freed
    /// (before their heap slots are reused).
    pub fn after_collection(&mut self, heap: &crate::gc::Heap) {
        if !self.c_texts.is_empty() {
            self.c_texts.retain(|r, _| heap.try_get(crate::object::ObjRef(*r)).is_some());
        }
    }
}

impl Vm {
    /// The universal context, made on first use, pointing at this VM.
    pub fn hpy_context(&mut self) -> *mut HPyContext {
        if self.hpy.ctx.is_none() {
            let consts = ctx::constants(self);
            let c = hilt_abi::build_hpy_context!(NAME.as_ptr() as *const c_char, std::ptr::null_mut(), consts, crate::hpy::ctx);
            let mut b = Box::new(VmCtx { ctx: c, magic: MAGIC, vm: std::ptr::null_mut() });
            b.ctx._private = &mut *b as *mut VmCtx as *mut c_void;
            self.hpy.ctx = Some(b);
        }
        self.hpy.universal = &self.hpy.ctx.as_ref().expect("made above").ctx as *const HPyContext as usize;
        let vm = self as *mut Vm;
        let b = self.hpy.ctx.as_mut().expect("made above");
        b.vm = vm;
        &mut b.ctx as *mut HPyContext
    }

    /// Point the context at this VM before extension code runs.
    #[inline]
    pub fn hpy_enter(&mut self) {
        let vm = self as *mut Vm;
        if let Some(b) = self.hpy.ctx.as_mut() {
            b.vm = vm;
        }
    }

    /// A handle to `v` (owned by the caller, closed with `HPy_Close`).
    #[inline]
    pub fn h(&mut self, v: Value) -> HPy {
        self.hpy.handles.open(v)
    }

    /// The value behind a handle; a SystemError for NULL or a closed handle.
    #[inline]
    pub fn hv(&mut self, h: HPy) -> PyResult<Value> {
        match self.hpy.handles.get(h) {
            Value::Undef => Err(self.bad_handle(h)),
            v => Ok(v),
        }
    }

    #[cold]
    fn bad_handle(&mut self, h: HPy) -> Exc {
        let api = self.hpy.current_api;
        if h.is_null() {
            match null_messages::null_argument(api) {
                Some(m) => self.err("SystemError", m),
                None => self.err("SystemError", &format!("{api}: an argument is HPy_NULL")),
            }
        } else {
            self.err("SystemError", &format!("{api} was given a closed or invalid handle ({}); expected an open handle", h._i))
        }
    }
}

/// The VM behind the VM's own context (what every context function gets:
/// the debug and trace contexts call the backend with it too).
///
/// # Safety
/// `ctx` is the VM's context, and the VM it points to is running extension
/// code (no other reference to the VM is in use).
#[inline(always)]
pub unsafe fn vm_of<'a>(ctx: *mut HPyContext) -> &'a mut Vm {
    // SAFETY: the caller's contract: `ctx` is the `ctx` field at the start
    // of a live VmCtx, whose `vm` was set on entry into the extension.
    unsafe {
        let v = ctx as *mut VmCtx;
        debug_assert_eq!((*v).magic, MAGIC, "not a Hilt VM context");
        &mut *(*v).vm
    }
}

/// [`vm_of`] for the two functions the debug and trace contexts pass their
/// own context to (`HPyType_FromSpec`, the trampoline entry), so the
/// callables the backend installs enter the extension through them.
///
/// # Safety
/// `ctx` is the VM's context or a debug/trace context around it.
pub unsafe fn vm_of_any<'a>(ctx: *mut HPyContext) -> &'a mut Vm {
    // SAFETY: a wrapper's inner() is the VM's context; then as vm_of.
    unsafe {
        let mut c = ctx;
        if let Some(d) = hilt_debug::DebugContext::from_ctx(c) {
            c = d.inner();
        } else if let Some(t) = hilt_debug::trace::TraceContext::from_ctx(c) {
            c = t.inner();
        }
        vm_of(c)
    }
}

/// Put `x` in the first free entry of `table` (reusing ended ones); its index.
pub fn put<T>(table: &mut Vec<Option<T>>, x: T) -> usize {
    match table.iter().position(Option::is_none) {
        Some(i) => {
            table[i] = Some(x);
            i
        }
        None => {
            table.push(Some(x));
            table.len() - 1
        }
    }
}

/// What a context function returns when it fails.
pub trait Failure {
    const FAILED: Self;
}
macro_rules! failure {
    ($($t:ty => $v:expr),* $(,)?) => { $(impl Failure for $t { const FAILED: Self = $v; })* };
}
failure! {
    HPy => HPy::NULL,
    i32 => -1,
    u32 => u32::MAX,
    i64 => -1,
    u64 => u64::MAX,
    isize => -1,
    usize => usize::MAX,
    f64 => -1.0,
    () => (),
    *mut c_void => std::ptr::null_mut(),
    *const c_char => std::ptr::null(),
    *mut hilt_abi::cpy_PyObject => std::ptr::null_mut(),
    hilt_abi::HPyListBuilder => hilt_abi::HPyListBuilder { _lst: 0 },
    hilt_abi::HPyTupleBuilder => hilt_abi::HPyTupleBuilder { _tup: 0 },
    hilt_abi::HPyTracker => hilt_abi::HPyTracker { _i: 0 },
    hilt_abi::HPyThreadState => hilt_abi::HPyThreadState { _i: 0 },
    hilt_abi::HPyType_BuiltinShape => hilt_abi::HPyType_BuiltinShape::Legacy,
}

/// Run the body of context function `name` on the VM behind `ctx`: an
/// exception becomes the pending error and the failure value; a Rust panic
/// (a VM bug) becomes a SystemError instead of unwinding into C.
///
/// # Safety
/// As for [`vm_of`].
#[inline]
pub unsafe fn with_vm<R: Failure>(ctx: *mut HPyContext, name: &'static str, body: impl FnOnce(&mut Vm) -> PyResult<R>) -> R {
    // SAFETY: forwarded to the caller.
    let vm = unsafe { vm_of(ctx) };
    with_this_vm(vm, name, body)
}

/// [`with_vm`] for a VM already found.
#[inline]
pub fn with_this_vm<R: Failure>(vm: &mut Vm, name: &'static str, body: impl FnOnce(&mut Vm) -> PyResult<R>) -> R {
    vm.hpy.current_api = name;
    let vmp = vm as *mut Vm;
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| body(vm))) {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => {
            // SAFETY: the body has returned; this is the only reference.
            let vm = unsafe { &mut *vmp };
            vm.hpy.error = Some(e);
            R::FAILED
        }
        Err(p) => {
            // SAFETY: as above; the panic abandoned the body's reference.
            let vm = unsafe { &mut *vmp };
            let what = p.downcast_ref::<String>().cloned().or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default();
            let e = vm.err("SystemError", &format!("internal error of the Hilt VM in {name}: {what}"));
            vm.hpy.error = Some(e);
            R::FAILED
        }
    }
}
