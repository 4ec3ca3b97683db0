//! Debug and trace modes on the VM, and the call boundary every path into
//! an extension goes through.
//!
//! `HILT=debug` (or `trace`) makes every extension load with the shared
//! `hilt-debug` context wrapped around the VM's: the same detections and
//! reports as on CPython, written once. In debug mode the boundary gives
//! the extension debug handles for its arguments, takes its result back
//! through the debug context (so returning a borrowed handle or a closed
//! one is reported), and closes the arguments when the call returns; in
//! universal mode it is a handle per argument and nothing else.

use hilt_abi::{HPy, HPyContext};
use hilt_debug::trace::TraceContext;
use hilt_debug::{CallMark, DebugContext, Policy};

use crate::interp::{PyResult, Vm};
use crate::object::Value;

/// How extensions are loaded (`HILT=universal|debug|trace`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    Universal,
    Debug,
    Trace,
}

impl Mode {
    /// The mode `HILT` asks for; an unknown value is an error naming it.
    pub fn from_env() -> Result<Mode, String> {
        match std::env::var("HILT").as_deref() {
            Err(_) | Ok("") | Ok("universal") => Ok(Mode::Universal),
            Ok("debug") => Ok(Mode::Debug),
            Ok("trace") => Ok(Mode::Trace),
            Ok(other) => Err(format!("HILT={other}: unknown mode; expected 'universal', 'debug' or 'trace'")),
        }
    }
}

thread_local! {
    /// The VM whose debug context runs on this thread (for the debug
    /// context's hooks, which get no context); null elsewhere, which is how
    /// an API call from another thread is recognised.
    static DEBUGGED_VM: std::cell::Cell<*mut Vm> = const { std::cell::Cell::new(std::ptr::null_mut()) };
}

/// Debug mode's runtime check: API calls must come from the VM's thread.
fn on_vm_thread() -> bool {
    !DEBUGGED_VM.get().is_null()
}

/// Debug mode's field check on the VM (see `hilt_debug::FieldQuery`).
///
/// # Safety
/// Called by the debug context during an API call, on the VM's thread.
unsafe fn field_check(object: HPy, query: hilt_debug::FieldQuery) -> Option<String> {
    // SAFETY: the VM set itself here when it made the debug context and
    // runs the extension that is calling (no other reference is in use).
    let vm = unsafe { &mut *DEBUGGED_VM.get() };
    let v = vm.hpy.handles.get(object);
    let (info, data) = match v {
        Value::Obj(r) => match vm.heap.get(r) {
            crate::object::Obj::Instance(i) => match &i.native {
                Some(n) => (Some(n.type_info().clone()), n.data()),
                None => (None, std::ptr::null_mut()),
            },
            _ => (None, std::ptr::null_mut()),
        },
        _ => (None, std::ptr::null_mut()),
    };
    let name = vm.type_name(v);
    let Some(info) = info else {
        return match query {
            hilt_debug::FieldQuery::Slot(_) => Some(format!("the target is a '{name}' object, whose type was not made by HPyType_FromSpec")),
            hilt_debug::FieldQuery::Value(_) => None,
        };
    };
    match info.traverse_fn() {
        // SAFETY: `data` is the live object's struct, of the type `traverse` belongs to.
        Some(t) => unsafe { hilt_debug::probe_fields(t, data as *mut std::os::raw::c_void, query, &info.name) },
        None => match query {
            hilt_debug::FieldQuery::Slot(_) => Some(format!("type '{}' has no HPy_tp_traverse", info.name)),
            hilt_debug::FieldQuery::Value(_) => None,
        },
    }
}

/// The debug and trace contexts of a VM, made on first use.
#[derive(Default)]
pub struct Modes {
    debug: Option<Box<DebugContext>>,
    trace: Option<Box<TraceContext>>,
}

impl Vm {
    /// The context an extension loaded in `mode` is given.
    pub fn hpy_mode_context(&mut self, mode: Mode) -> *mut HPyContext {
        let inner = self.hpy_context();
        match mode {
            Mode::Universal => inner,
            Mode::Debug => {
                if self.hpy.modes.debug.is_none() {
                    // SAFETY: `inner` is the VM's complete context, which
                    // lives as long as the VM (and so the debug context).
                    let d = unsafe { DebugContext::new(inner) };
                    let error = self.debug_error_type();
                    d.set_policy(Policy::Raise, Some(error));
                    d.set_runtime_check(on_vm_thread);
                    d.set_field_check(field_check);
                    self.hpy.modes.debug = Some(d);
                }
                DEBUGGED_VM.set(self as *mut Vm);
                self.hpy.modes.debug.as_ref().expect("made above").as_ctx()
            }
            Mode::Trace => {
                if self.hpy.modes.trace.is_none() {
                    // SAFETY: as for the debug context.
                    self.hpy.modes.trace = Some(unsafe { TraceContext::new(inner) });
                }
                self.hpy.modes.trace.as_ref().expect("made above").as_ctx()
            }
        }
    }

    /// `hilt.HPyDebugError` (a RuntimeError), what a misuse raises, as on
    /// CPython; its handle stays open for the VM's life.
    fn debug_error_type(&mut self) -> HPy {
        let d = self.new_dict();
        let m = self.new_str("hilt");
        let doc = self.new_str("An HPy extension misused the API (reported by Hilt's debug mode).");
        let cls = (|| {
            self.dict_set_str(d, "__module__", m)?;
            self.dict_set_str(d, "__doc__", doc)?;
            let base = self.ty("RuntimeError");
            self.new_class("HPyDebugError", vec![base], d)
        })();
        match cls {
            Ok(c) => self.h(Value::Obj(c)),
            // Only if the VM cannot make a class: fall back to SystemError.
            Err(_) => self.h(Value::Obj(self.ty("SystemError"))),
        }
    }

    /// The debug context, if debug mode was used.
    pub fn hpy_debug(&self) -> Option<&DebugContext> {
        self.hpy.modes.debug.as_deref()
    }

    /// The trace context, if trace mode was used.
    pub fn hpy_trace(&self) -> Option<&TraceContext> {
        self.hpy.modes.trace.as_deref()
    }
}

/// One call from the VM into an extension.
pub struct Boundary {
    /// The context to pass to the extension.
    pub ctx: *mut HPyContext,
    debug: Option<(&'static DebugContext, CallMark)>,
    what: &'static str,
}

impl Boundary {
    /// Enter a call into code loaded with `ctx` (`what` names it in debug
    /// reports).
    #[inline]
    pub fn enter(ctx: *mut HPyContext, what: &'static str) -> Boundary {
        // SAFETY: `ctx` is a context this VM made (universal, or a debug or
        // trace context it owns for its whole life).
        let debug = unsafe { DebugContext::from_ctx(ctx) }.map(|d| (d, d.begin_call()));
        Boundary { ctx, debug, what }
    }

    /// The handle the extension gets for an argument. The VM's own handle
    /// is closed by `result`/`status`/`abandon` (from the list the caller
    /// keeps).
    #[inline]
    pub fn arg(&self, vm: &mut Vm, v: Value) -> HPy {
        let h = vm.h(v);
        match &self.debug {
            None => h,
            Some((d, _)) => d.arg(h),
        }
    }

    /// `arg` for an optional argument (NULL when absent).
    pub fn arg_opt(&self, vm: &mut Vm, v: Option<Value>) -> HPy {
        match v {
            Some(v) => self.arg(vm, v),
            None => HPy::NULL,
        }
    }

    /// The VM handle behind a handle given to the extension.
    #[inline]
    fn inner_of(&self, h: HPy) -> HPy {
        match &self.debug {
            None => h,
            Some((d, _)) => d.inner_of(h._i).unwrap_or(HPy::NULL),
        }
    }

    /// End the call: close the argument handles (given as passed).
    fn finish(self, vm: &mut Vm, args: &[HPy]) -> bool {
        let mut misused = false;
        let inner: Vec<HPy>;
        let args = match &self.debug {
            None => args,
            Some(_) => {
                inner = args.iter().map(|h| self.inner_of(*h)).collect();
                &inner
            }
        };
        if let Some((d, mark)) = self.debug {
            misused = d.misused_since(&mark);
            d.end_call(mark);
        }
        for h in args {
            vm.hpy.handles.close(*h);
        }
        misused
    }

    /// The call failed before reaching the extension.
    pub fn abandon(self, vm: &mut Vm, args: &[HPy]) {
        self.finish(vm, args);
    }

    /// The value of the handle the extension returned (owned by the caller,
    /// so closed here), or its exception.
    pub fn result(self, vm: &mut Vm, r: HPy, args: &[HPy], what: &dyn Fn(&Vm) -> String) -> PyResult<Value> {
        let r = match &self.debug {
            None => r,
            Some((d, _)) => d.take_result(r, self.what),
        };
        let misused = self.finish(vm, args);
        if r.is_null() {
            return Err(match vm.hpy.error.take() {
                Some(e) => e,
                None => {
                    let msg = format!("{} returned NULL without setting an exception", what(vm));
                    vm.err("SystemError", &msg)
                }
            });
        }
        let v = vm.hpy.handles.get(r);
        vm.hpy.handles.close(r);
        if misused && vm.hpy.error.is_some() {
            return Err(vm.hpy.error.take().expect("checked"));
        }
        if let Some(e) = vm.hpy.error.take() {
            let msg = format!("{} returned a result with an exception set", what(vm));
            let se = vm.err("SystemError", &msg);
            vm.set_context(se, Value::Obj(e.0));
            return Err(se);
        }
        Ok(v)
    }

    /// An `int` status result: -1 is failure (with an exception).
    pub fn status(self, vm: &mut Vm, r: std::os::raw::c_int, args: &[HPy], what: &dyn Fn(&Vm) -> String) -> PyResult<()> {
        self.size(vm, r as isize, args, what)
    }

    /// An `int`/`HPy_ssize_t` result where -1 means failure.
    pub fn size(self, vm: &mut Vm, r: isize, args: &[HPy], what: &dyn Fn(&Vm) -> String) -> PyResult<()> {
        self.finish(vm, args);
        match vm.hpy.error.take() {
            Some(e) => Err(e),
            None if r == -1 => {
                let msg = format!("{} returned -1 without setting an exception", what(vm));
                Err(vm.err("SystemError", &msg))
            }
            None => Ok(()),
        }
    }
}
