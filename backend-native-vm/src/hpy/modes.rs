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
    /// `hilt.HPyDebugError`, and the handle that keeps it alive.
    debug_error: Option<(Value, HPy)>,
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
                    let (_, error) = self.debug_error_type();
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
    /// CPython: made once, its handle kept open for the VM's life.
    fn debug_error_type(&mut self) -> (Value, HPy) {
        if let Some(e) = self.hpy.modes.debug_error {
            return e;
        }
        // The context's constants take the first handles.
        self.hpy_context();
        let d = self.new_dict();
        let m = self.new_str("hilt");
        let doc = self.new_str("An HPy extension misused the API (reported by Hilt's debug mode).");
        let cls = (|| {
            self.dict_set_str(d, "__module__", m)?;
            self.dict_set_str(d, "__doc__", doc)?;
            let base = self.ty("RuntimeError");
            self.new_class("HPyDebugError", vec![base], d)
        })();
        // Only if the VM cannot make a class: SystemError stands in.
        let cls = Value::Obj(cls.unwrap_or_else(|_| self.ty("SystemError")));
        let e = (cls, self.h(cls));
        self.hpy.modes.debug_error = Some(e);
        e
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

// ---- `_hilt`: the natives of the VM's `hilt` module (src/hpy/py/hilt.py) ----

use crate::builtins::Kw;

fn debug_context_of(vm: &mut Vm) -> &'static DebugContext {
    vm.hpy_mode_context(Mode::Debug);
    let d = vm.hpy.modes.debug.as_deref().expect("made above") as *const DebugContext;
    // SAFETY: the debug context lives (boxed, never dropped) as long as the VM.
    unsafe { &*d }
}

fn new_generation(vm: &mut Vm, _args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::Int(debug_context_of(vm).new_generation() as i64))
}

fn get_open_handles(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let since = match args.first() {
        Some(v) => vm.int_arg(*v, "")?,
        None => 0,
    };
    let d = debug_context_of(vm);
    let mut out = Vec::new();
    for (id, opened_by, backtrace) in d.open_handles(since.max(0) as u64) {
        let v = d.inner_of(id).map(|h| vm.hpy.handles.get(h)).unwrap_or(Value::Undef);
        let (tname, repr) = match v {
            Value::Undef => ("?".to_string(), "?".to_string()),
            v => (vm.type_name(v).to_string(), vm.repr(v).unwrap_or_else(|_| "<repr failed>".into())),
        };
        let items = [Value::Int(id as i64), vm.new_str(opened_by), vm.new_str(tname), vm.new_str(repr)];
        let bt = match backtrace {
            Some(b) => vm.new_str(b),
            None => Value::None,
        };
        let mut items = items.to_vec();
        items.push(bt);
        let t = vm.new_tuple(items);
        vm.temp_roots.push(t);
        out.push(t);
    }
    vm.temp_roots.truncate(vm.temp_roots.len() - out.len());
    Ok(vm.new_list(out))
}

fn get_reports(vm: &mut Vm, _args: &[Value], _kw: Kw) -> PyResult<Value> {
    let reports = debug_context_of(vm).state().reports.clone();
    let items: Vec<Value> = reports.into_iter().map(|r| vm.new_str(r)).collect();
    Ok(vm.new_list(items))
}

fn trace_context_of(vm: &mut Vm) -> &'static TraceContext {
    vm.hpy_mode_context(Mode::Trace);
    let t = vm.hpy.modes.trace.as_deref().expect("made above") as *const TraceContext;
    // SAFETY: as for the debug context.
    unsafe { &*t }
}

fn trace_report(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let top = match args.first() {
        Some(v) => vm.int_arg(*v, "")?.max(0) as usize,
        None => 20,
    };
    let r = trace_context_of(vm).report(top);
    Ok(vm.new_str(r))
}

fn trace_reset(vm: &mut Vm, _args: &[Value], _kw: Kw) -> PyResult<Value> {
    trace_context_of(vm).reset();
    Ok(Value::None)
}

/// Fill the builtin module `_hilt`.
pub fn hilt_natives(vm: &mut Vm, d: crate::object::ObjRef) {
    vm.def(d, "new_generation", new_generation);
    vm.def(d, "get_open_handles", get_open_handles);
    vm.def(d, "get_reports", get_reports);
    vm.def(d, "trace_report", trace_report);
    vm.def(d, "trace_reset", trace_reset);
    let (cls, _) = vm.debug_error_type();
    vm.dict_set_str(d, "HPyDebugError", cls).expect("a new module's dict");
}
