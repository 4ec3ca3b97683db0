//! `hilt-debug`: the debug and trace contexts, written once over the ABI.
//! [`trace::TraceContext`] counts and times every API call. The debug
//! context (the rest of this crate) wraps any
//! backend's context (CPython's or the Hilt VM's): the extension gets debug
//! handles (indices into [`handles::HandleTable`]), and every API call
//! checks them, translates them to the backend's handles and calls the
//! backend's own function.
//!
//! - [`generated`]: one wrapper per context function whose parameters are
//!   handles, handle arrays and plain data, generated from the API table;
//! - [`manual`]: the functions with more to check (close and dup,
//!   trackers, type creation, struct access, calls back into the extension);
//! - [`DebugContext`]: the state, the checks, misuse reports, and the call
//!   boundary a backend uses when it calls the extension.
//!
//! A backend calls into the extension with a debug context by opening the
//! arguments with [`DebugContext::begin_call`] and [`DebugContext::arg`],
//! and taking the result back with [`DebugContext::take_result`]; the call's
//! arguments are closed by [`DebugContext::end_call`], so a kept argument is
//! caught on its next use.

#![allow(clippy::missing_safety_doc)]

pub mod generated;
pub mod generated_trace;
pub mod handles;
pub mod manual;
mod misuse;
pub mod raw;
mod recycled;
pub mod trace;

pub use misuse::{Misuse, Policy};

use handles::{HandleTable, Kind, Life};
use hilt_abi::*;
use std::cell::UnsafeCell;
use std::os::raw::c_char;

thread_local! {
    /// Serial number of this thread's innermost call from the backend into
    /// the extension; 0 outside any call. Per thread: a call that leaves
    /// the runtime (HPy_LeavePythonExecution) lets other threads' calls
    /// start and end meanwhile.
    static CURRENT_CALL: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Marks a context as a [`DebugContext`] (read through `ctx->_private`).
const MAGIC: u64 = 0x4849_4c54_4442_4731; // "HILTDBG1"

/// The context the extension sees in debug mode, followed by the debug
/// state. `ctx` comes first, so a `*mut HPyContext` from the extension is a
/// `*mut DebugContext`.
#[repr(C)]
pub struct DebugContext {
    pub ctx: HPyContext,
    magic: u64,
    inner: *mut HPyContext,
    state: UnsafeCell<State>,
}

/// The mutable part. Only touched by the thread that holds the runtime.
pub struct State {
    pub handles: HandleTable,
    next_call: u64,
    policy: Policy,
    /// The backend's exception type raised on misuse (Policy::Raise).
    error_type: HPy,
    /// Frames of backtrace kept for each opened handle (0: none).
    backtrace_frames: usize,
    /// Answers "does the current thread hold the runtime?" (the backend's).
    holds_runtime: Option<fn() -> bool>,
    /// The backend's check of an HPyField store: None when the target's
    /// type visits `field` in its tp_traverse, else what is wrong.
    pub(crate) field_check: Option<FieldCheck>,
    /// The backend's check that a global's owner module lives.
    pub(crate) global_check: Option<GlobalCheck>,
    /// Globals stored through this context: the debug context writes its
    /// own id into the extension's HPyGlobal and keeps the backend's here.
    pub(crate) globals: Vec<manual::GlobalEntry>,
    /// Every misuse reported, newest last (for tests and tools).
    pub reports: Vec<String>,
    /// Debug trackers by index: the debug handles each holds (None: closed).
    pub(crate) trackers: Vec<Option<Vec<HPy>>>,
    /// List and tuple builders by index.
    pub(crate) builders: manual::Builders,
}

/// What a backend's field check is asked about an object's fields.
#[derive(Clone, Copy, Debug)]
pub enum FieldQuery {
    /// `HPyField_Store(target, field, ...)`: is this slot of the target's
    /// struct visited by its type's tp_traverse?
    Slot(*mut HPyField),
    /// `HPyField_Load(source, field)`: does one of the source's fields
    /// hold this value (or was it copied from another object, maybe dead)?
    Value(HPyField),
}

/// An extension type's `tp_traverse`, as the backends hold it.
pub type TraverseFn = unsafe extern "C" fn(*mut std::os::raw::c_void, unsafe extern "C" fn(*mut HPyField, *mut std::os::raw::c_void) -> std::os::raw::c_int, *mut std::os::raw::c_void) -> std::os::raw::c_int;

/// Answer a [`FieldQuery`] about the struct at `data` by running its type's
/// `traverse` (named `type_name` in the answer): None if the slot is visited
/// / the value is held, otherwise the problem. Shared by the backends'
/// field checks.
///
/// # Safety
/// `data` is the struct of a live object of the type `traverse` belongs to;
/// a `Slot` query points into it.
pub unsafe fn probe_fields(traverse: TraverseFn, data: *mut std::os::raw::c_void, query: FieldQuery, type_name: &str) -> Option<String> {
    struct Probe {
        query: FieldQuery,
        found: bool,
    }
    unsafe extern "C" fn visit(visited: *mut HPyField, arg: *mut std::os::raw::c_void) -> std::os::raw::c_int {
        // SAFETY: `arg` is the Probe below; the visitor gets the object's own fields.
        unsafe {
            let probe = &mut *(arg as *mut Probe);
            probe.found |= match probe.query {
                FieldQuery::Slot(slot) => visited == slot,
                FieldQuery::Value(value) => (*visited)._i == value._i,
            };
        }
        0
    }
    // SAFETY: the caller's contract.
    unsafe {
        let mut probe = Probe { query, found: false };
        // HPy_VISIT skips empty fields: give a stored-into field a (never
        // read) value while the traversal looks for it.
        let saved = match query {
            FieldQuery::Slot(slot) => Some(std::mem::replace(&mut (*slot)._i, 1)),
            FieldQuery::Value(_) => None,
        };
        traverse(data, visit, &mut probe as *mut Probe as *mut std::os::raw::c_void);
        if let (Some(old), FieldQuery::Slot(slot)) = (saved, query) {
            (*slot)._i = old;
        }
        match (probe.found, query) {
            (true, _) => None,
            (false, FieldQuery::Slot(_)) => Some(format!("the HPy_tp_traverse of type '{type_name}' does not visit this field")),
            (false, FieldQuery::Value(_)) => {
                Some(format!("no field of this '{type_name}' object holds the loaded value (a field copied from another object, maybe a dead one)"))
            }
        }
    }
}

/// A backend's check of an object's HPyFields (given its backend handle):
/// None if all is well, otherwise the problem.
pub type FieldCheck = unsafe fn(object: HPy, query: FieldQuery) -> Option<String>;

/// A backend's check of the HPyGlobal at `address` (in the extension's
/// static data): None if the module owning it lives (or it is unknown),
/// otherwise the problem.
pub type GlobalCheck = unsafe fn(address: *mut HPyGlobal) -> Option<String>;

/// A call from the backend into the extension, opened by
/// [`DebugContext::begin_call`].
#[must_use = "end the call with DebugContext::end_call"]
pub struct CallMark {
    serial: u64,
    outer: u64,
    /// How many misuses were reported before the call.
    reports: usize,
}

impl DebugContext {
    /// A debug context over `inner`, which must outlive it.
    ///
    /// # Safety
    /// `inner` must be a complete, live context of the latest minor version.
    pub unsafe fn new(inner: *mut HPyContext) -> Box<DebugContext> {
        // SAFETY: the caller guarantees `inner` is a complete live context.
        unsafe {
            let inner_constants = HPyContextConstants::of(&*inner);
            let mut state = State {
                handles: HandleTable::default(),
                next_call: 1,
                policy: Policy::Raise,
                error_type: (*inner).h_SystemError,
                backtrace_frames: 0,
                holds_runtime: None,
                field_check: None,
                global_check: None,
                globals: Vec::new(),
                reports: Vec::new(),
                trackers: Vec::new(),
                builders: manual::Builders::default(),
            };
            let constants = inner_constants.map(|h| state.handles.open(h, Kind::Constant, "the context", None));
            let mut d = Box::new(DebugContext {
                ctx: build_hpy_context!(c"hilt-debug".as_ptr() as *const c_char, std::ptr::null_mut(), constants, crate::functions),
                magic: MAGIC,
                inner,
                state: UnsafeCell::new(state),
            });
            d.ctx._private = &mut *d as *mut DebugContext as *mut std::os::raw::c_void;
            d
        }
    }

    /// The debug context behind `ctx`, if `ctx` is one.
    ///
    /// # Safety
    /// `ctx` must be null or point to a live context.
    pub unsafe fn from_ctx<'a>(ctx: *mut HPyContext) -> Option<&'a DebugContext> {
        // SAFETY: forwarded; DebugContext starts like WrapperHead.
        unsafe { wrapper_of(ctx, MAGIC) }
    }

    /// The context the extension is given.
    pub fn as_ctx(&self) -> *mut HPyContext {
        &self.ctx as *const HPyContext as *mut HPyContext
    }

    /// The backend's context this one wraps.
    pub fn inner(&self) -> *mut HPyContext {
        self.inner
    }

    /// The state. Callers hold the runtime, and never keep two of these.
    #[allow(clippy::mut_from_ref)]
    pub fn state(&self) -> &mut State {
        // SAFETY: the runtime lock (the GIL, or the VM's single thread)
        // serialises every access; no reference outlives one API call.
        unsafe { &mut *self.state.get() }
    }

    /// What to do on misuse: abort the process, or raise `error_type` (a
    /// handle of the inner context, e.g. the backend's HPyDebugError).
    pub fn set_policy(&self, policy: Policy, error_type: Option<HPy>) {
        let s = self.state();
        s.policy = policy;
        if let Some(t) = error_type {
            s.error_type = t;
        }
    }

    /// How many revoked copies of raw data stay mapped (inaccessible, so a
    /// late read faults) before their pages are given back.
    pub fn set_protected_raw_data_limit(&self, limit: usize) {
        self.state().handles.raw.set_limit(limit);
    }

    /// Keep `frames` frames of backtrace for every handle opened from now
    /// on (0 turns it off; it costs an unwind per handle).
    pub fn set_backtrace_frames(&self, frames: usize) {
        self.state().backtrace_frames = frames;
    }

    /// The backend's test for "this thread holds the runtime", checked on
    /// every API call.
    pub fn set_runtime_check(&self, check: fn() -> bool) {
        self.state().holds_runtime = Some(check);
    }

    /// The backend's HPyField check, run on every `HPyField_Store`.
    pub fn set_field_check(&self, check: FieldCheck) {
        self.state().field_check = Some(check);
    }

    /// The backend's HPyGlobal owner check, run on every `HPyGlobal_Load`.
    pub fn set_global_check(&self, check: GlobalCheck) {
        self.state().global_check = Some(check);
    }

    /// Start a call from the backend into the extension.
    pub fn begin_call(&self) -> CallMark {
        let s = self.state();
        let serial = s.next_call;
        s.next_call += 1;
        let mark = CallMark { serial, outer: CURRENT_CALL.get(), reports: s.reports.len() };
        CURRENT_CALL.set(serial);
        mark
    }

    /// A borrowed handle for an argument of the current call.
    pub fn arg(&self, inner: HPy) -> HPy {
        if inner.is_null() {
            return HPy::NULL;
        }
        let s = self.state();
        let bt = backtrace(s.backtrace_frames);
        s.handles.open(inner, Kind::Arg(CURRENT_CALL.get()), "a call into the extension (argument)", bt)
    }

    /// The backend handle of `h`, which the extension returned from the
    /// current call (`what` names the function for reports). An owned
    /// handle changes hands: the debug handle is closed and the backend
    /// handle is now the backend's. A constant or an argument must have
    /// been `HPy_Dup`ed: that is reported, and the backend gets a new
    /// reference of its own (`dup` is the backend's dup).
    pub fn take_result(&self, h: HPy, what: &'static str) -> HPy {
        if h.is_null() {
            return HPy::NULL;
        }
        let s = self.state();
        let slot = match s.handles.get(h) {
            Some(slot) => slot.clone(),
            None => {
                self.report(Misuse::NotAHandle { func: what, arg: "result", value: h._i });
                return HPy::NULL;
            }
        };
        match (slot.life, slot.kind) {
            (Life::Open, Kind::Owned) => {
                s.handles.close(h, what);
                slot.inner
            }
            (Life::Open, kind) => {
                self.report_on(Misuse::ReturnedBorrowed { func: what, constant: kind == Kind::Constant, handle: h._i, opened_by: slot.opened_by }, h);
                HPy::NULL
            }
            (Life::Closed(by), _) => {
                self.report_on(Misuse::UseAfterClose { func: what, arg: "result", handle: h._i, opened_by: slot.opened_by, closed_by: by }, h);
                HPy::NULL
            }
        }
    }

    /// Whether a misuse was reported since the call began (its result
    /// should then not stand).
    pub fn misused_since(&self, mark: &CallMark) -> bool {
        self.state().reports.len() > mark.reports
    }

    /// End the call: its argument handles close (a later use is reported
    /// as an argument kept past the call).
    pub fn end_call(&self, mark: CallMark) {
        let s = self.state();
        s.handles.close_args_of(mark.serial);
        CURRENT_CALL.set(mark.outer);
    }

    /// Start a new generation of handles; see [`DebugContext::open_handles`].
    pub fn new_generation(&self) -> u64 {
        self.state().handles.new_generation()
    }

    /// Owned handles opened in generation `since` or later and still open:
    /// (handle value, opened by, backtrace), oldest first.
    pub fn open_handles(&self, since: u64) -> Vec<(isize, &'static str, Option<String>)> {
        self.state()
            .handles
            .open_owned_since(since)
            .into_iter()
            .map(|(h, s)| (h._i, s.opened_by, s.backtrace.as_deref().map(str::to_string)))
            .collect()
    }

    /// The backend handle behind an open debug handle (for describing it).
    pub fn inner_of(&self, h: isize) -> Option<HPy> {
        let slot = self.state().handles.get(HPy { _i: h })?;
        (slot.life == Life::Open).then_some(slot.inner)
    }

    /// Report a misuse about handle `h`: the report also says what the
    /// handle refers to (its type, while it is open) and where it was
    /// opened (when backtraces are kept).
    pub(crate) fn report_on(&self, m: Misuse, h: HPy) {
        let mut msg = m.to_string();
        if let Some(slot) = self.state().handles.get(h).cloned() {
            if slot.life == Life::Open {
                // SAFETY: an open slot's inner handle is live in the inner context.
                let tname = unsafe { describe_type(self.inner, slot.inner) };
                msg += &format!(" [the handle refers to a '{tname}' object]");
            }
            if let Some(bt) = &slot.backtrace {
                msg += &format!("\nthe handle was opened at:\n{bt}");
            }
        }
        self.report_text(msg);
    }

    /// Report a misuse as the policy says: abort with the message on
    /// stderr, or raise it through the inner context (printed instead when
    /// no call is running to raise it from).
    pub fn report(&self, m: Misuse) {
        self.report_text(m.to_string());
    }

    fn report_text(&self, msg: String) {
        let s = self.state();
        s.reports.push(msg.clone());
        match s.policy {
            Policy::Abort => {
                eprintln!("{msg}");
                std::process::abort();
            }
            // Outside any call nobody would see an exception (a destructor
            // running from CPython's deallocation, say): print it.
            Policy::Raise if CURRENT_CALL.get() == 0 => eprintln!("{msg}"),
            Policy::Raise => {
                let text = std::ffi::CString::new(msg.replace('\0', "\\0")).expect("NULs replaced");
                // SAFETY: the inner context is live and complete.
                unsafe {
                    let set = (*self.inner).ctx_Err_SetString.expect("complete context");
                    set(self.inner, s.error_type, text.as_ptr());
                }
            }
        }
    }

    /// Check an API call: the context is used inside a call from the
    /// backend, on a thread that holds the runtime.
    pub(crate) fn check_call(&self, func: &'static str) -> bool {
        let s = self.state();
        if let Some(holds) = s.holds_runtime {
            // Reentering is how a thread takes the runtime back.
            if func != "HPy_ReenterPythonExecution" && !holds() {
                // Raising needs the runtime too: this one always aborts.
                eprintln!("{}", Misuse::ForeignThread { func });
                std::process::abort();
            }
        }
        if CURRENT_CALL.get() == 0 {
            self.report(Misuse::OutsideCall { func });
            return false;
        }
        true
    }

    /// The backend handle of argument `name` of `func`, or the misuse.
    pub(crate) fn unwrap_arg(&self, h: HPy, func: &'static str, name: &'static str) -> Option<HPy> {
        if h.is_null() {
            return Some(HPy::NULL);
        }
        match self.state().handles.get(h) {
            None => {
                self.report(Misuse::NotAHandle { func, arg: name, value: h._i });
                None
            }
            Some(slot) => match slot.life {
                Life::Open => Some(slot.inner),
                Life::Closed(by) => {
                    let m = match slot.kind {
                        Kind::Arg(_) => Misuse::ArgKept { func, arg: name, handle: h._i },
                        _ => Misuse::UseAfterClose { func, arg: name, handle: h._i, opened_by: slot.opened_by, closed_by: by },
                    };
                    self.report_on(m, h);
                    None
                }
            },
        }
    }

    /// The backend handle of argument `name`, which must be a type.
    pub(crate) fn unwrap_type(&self, h: HPy, func: &'static str, name: &'static str) -> Option<HPy> {
        let inner = self.unwrap_arg(h, func, name)?;
        if inner.is_null() {
            return Some(inner);
        }
        // SAFETY: the inner context is live and `inner` an open handle of it.
        unsafe {
            let i = &*self.inner;
            if (i.ctx_TypeCheck.expect("complete context"))(self.inner, inner, i.h_TypeType) != 0 {
                return Some(inner);
            }
            let found = describe_type(self.inner, inner);
            self.report(Misuse::NotAType { func, arg: name, found });
        }
        None
    }

    /// The backend handles of an array argument.
    pub(crate) fn unwrap_args(&self, hs: *const HPy, n: usize, func: &'static str, name: &'static str) -> Option<Vec<HPy>> {
        if hs.is_null() {
            return Some(Vec::new());
        }
        // SAFETY: the API requires `hs` to hold `n` handles.
        let hs = unsafe { std::slice::from_raw_parts(hs, n) };
        hs.iter().map(|&h| self.unwrap_arg(h, func, name)).collect()
    }

    /// A new owned debug handle for a backend handle `func` returned.
    pub(crate) fn wrap_owned(&self, inner: HPy, func: &'static str) -> HPy {
        if inner.is_null() {
            return HPy::NULL;
        }
        let s = self.state();
        let bt = backtrace(s.backtrace_frames);
        s.handles.open(inner, Kind::Owned, func, bt)
    }
}

/// The name of the type of the object behind `inner` (for reports).
///
/// # Safety
/// `inner` is an open handle of the live context `ctx`.
pub(crate) unsafe fn describe_type(ctx: *mut HPyContext, inner: HPy) -> String {
    // SAFETY: forwarded; the name is a NUL-terminated string the type owns.
    unsafe {
        let c = &*ctx;
        let t = (c.ctx_Type.expect("complete context"))(ctx, inner);
        if t.is_null() {
            return "?".into();
        }
        let name = (c.ctx_Type_GetName.expect("complete context"))(ctx, t);
        let text = if name.is_null() { "?".into() } else { std::ffi::CStr::from_ptr(name).to_string_lossy().into_owned() };
        (c.ctx_Close.expect("complete context"))(ctx, t);
        text
    }
}

/// The first `frames` frames of the current backtrace, or None.
fn backtrace(frames: usize) -> Option<Box<str>> {
    if frames == 0 {
        return None;
    }
    let text = std::backtrace::Backtrace::force_capture().to_string();
    // Two lines a frame (name, then location).
    Some(text.lines().take(frames * 2).collect::<Vec<_>>().join("\n").into_boxed_str())
}

/// Every context function of the debug context, generated or manual, by
/// context member name (for `build_hpy_context!`).
pub mod functions {
    pub use crate::generated::*;
    pub use crate::manual::*;
}

/// How every wrapping context (debug, trace) starts: the context the
/// extension sees, whose `_private` points back at it, then its magic.
#[repr(C)]
struct WrapperHead {
    ctx: HPyContext,
    magic: u64,
}

/// The wrapping context `T` (which starts like [`WrapperHead`], with
/// `magic`) behind `ctx`, if `ctx` is one.
///
/// # Safety
/// `ctx` must be null or point to a live context; `T` must start with the
/// fields of WrapperHead.
pub(crate) unsafe fn wrapper_of<'a, T>(ctx: *mut HPyContext, magic: u64) -> Option<&'a T> {
    // SAFETY: a live context's `_private` is either a wrapper we made
    // (checked by its back pointer, then its magic) or the backend's, which
    // is only compared, never read.
    unsafe {
        if ctx.is_null() {
            return None;
        }
        let head = (*ctx)._private as *const WrapperHead;
        if head.is_null() || head as *const HPyContext != ctx as *const HPyContext || (*head).magic != magic {
            return None;
        }
        Some(&*(head as *const T))
    }
}

/// Enter a debug API call: the debug context behind `ctx`, checked.
///
/// # Safety
/// `ctx` must be the context an extension was given.
pub(crate) unsafe fn enter<'a>(ctx: *mut HPyContext, func: &'static str) -> Option<&'a DebugContext> {
    // SAFETY: forwarded.
    let d = unsafe { DebugContext::from_ctx(ctx) };
    match d {
        Some(d) if d.check_call(func) => Some(d),
        Some(_) => None,
        None => {
            eprintln!("HPy debug mode: {func} was called with a context that is not a debug context");
            std::process::abort();
        }
    }
}
