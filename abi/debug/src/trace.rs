//! The trace context: wraps any backend's context, passes handles through
//! unchanged, and counts and times every API call, with optional enter and
//! exit hooks. Its wrappers are generated (`generated_trace.rs`).

use crate::generated_trace::MEMBER_NAMES;
use hilt_abi::*;
use std::cell::{Cell, RefCell};
use std::os::raw::c_char;
use std::time::{Duration, Instant};

/// Marks a context as a [`TraceContext`].
const MAGIC: u64 = 0x4849_4c54_5452_4331; // "HILTTRC1"

/// A hook called with the API function's name (on enter or on exit).
pub type Hook = Box<dyn Fn(&'static str)>;

/// The trace context the extension sees, followed by its counters.
#[repr(C)]
pub struct TraceContext {
    pub ctx: HPyContext,
    magic: u64,
    inner: *mut HPyContext,
    calls: Vec<Cell<u64>>,
    nanos: Vec<Cell<u64>>,
    on_enter: RefCell<Option<Hook>>,
    on_exit: RefCell<Option<Hook>>,
}

/// One line of a trace report.
#[derive(Clone, Debug, PartialEq)]
pub struct FunctionStats {
    pub name: &'static str,
    pub calls: u64,
    pub total: Duration,
}

impl TraceContext {
    /// A trace context over `inner`, which must outlive it.
    ///
    /// # Safety
    /// `inner` must be a complete, live context of the latest minor version.
    pub unsafe fn new(inner: *mut HPyContext) -> Box<TraceContext> {
        // SAFETY: the caller guarantees `inner` is complete and live.
        unsafe {
            let constants = HPyContextConstants::of(&*inner);
            let n = MEMBER_NAMES.len();
            let mut t = Box::new(TraceContext {
                ctx: build_hpy_context!(c"hilt-trace".as_ptr() as *const c_char, std::ptr::null_mut(), constants, crate::generated_trace),
                magic: MAGIC,
                inner,
                calls: (0..n).map(|_| Cell::new(0)).collect(),
                nanos: (0..n).map(|_| Cell::new(0)).collect(),
                on_enter: RefCell::new(None),
                on_exit: RefCell::new(None),
            });
            t.ctx._private = &mut *t as *mut TraceContext as *mut std::os::raw::c_void;
            t
        }
    }

    /// The trace context behind `ctx`, if `ctx` is one.
    ///
    /// # Safety
    /// `ctx` must be null or point to a live context.
    pub unsafe fn from_ctx<'a>(ctx: *mut HPyContext) -> Option<&'a TraceContext> {
        // SAFETY: forwarded; TraceContext starts like WrapperHead.
        unsafe { crate::wrapper_of(ctx, MAGIC) }
    }

    pub fn as_ctx(&self) -> *mut HPyContext {
        &self.ctx as *const HPyContext as *mut HPyContext
    }

    pub fn inner(&self) -> *mut HPyContext {
        self.inner
    }

    /// Calls per API function (by context member ID).
    pub fn call_count(&self, id: usize) -> u64 {
        self.calls.get(id).map_or(0, Cell::get)
    }

    /// Every function called at least once, by total time, longest first.
    pub fn stats(&self) -> Vec<FunctionStats> {
        let mut out: Vec<FunctionStats> = (0..MEMBER_NAMES.len())
            .filter(|&i| self.calls[i].get() > 0)
            .map(|i| FunctionStats {
                name: MEMBER_NAMES[i],
                calls: self.calls[i].get(),
                total: Duration::from_nanos(self.nanos[i].get()),
            })
            .collect();
        out.sort_by(|a, b| b.total.cmp(&a.total).then(b.calls.cmp(&a.calls)));
        out
    }

    /// Forget every count and time.
    pub fn reset(&self) {
        self.calls.iter().chain(&self.nanos).for_each(|c| c.set(0));
    }

    /// A readable table of the `top` functions by time.
    pub fn report(&self, top: usize) -> String {
        let stats = self.stats();
        let mut s = format!("{:<40} {:>12} {:>14} {:>12}\n", "API function", "calls", "total (us)", "ns/call");
        for f in stats.iter().take(top) {
            let nanos = f.total.as_nanos();
            s += &format!(
                "{:<40} {:>12} {:>14.1} {:>12.1}\n",
                f.name,
                f.calls,
                nanos as f64 / 1000.0,
                nanos as f64 / f.calls as f64
            );
        }
        if stats.len() > top {
            s += &format!("({} more functions)\n", stats.len() - top);
        }
        s
    }

    /// Hooks called with the function's name as each API call starts and
    /// ends (None removes them). They must not call the API themselves.
    pub fn set_hooks(&self, on_enter: Option<Hook>, on_exit: Option<Hook>) {
        *self.on_enter.borrow_mut() = on_enter;
        *self.on_exit.borrow_mut() = on_exit;
    }
}

/// Start a traced call of member `id`.
///
/// # Safety
/// `ctx` is the context an extension was given.
#[inline]
pub(crate) unsafe fn enter<'a>(ctx: *mut HPyContext, id: usize) -> (&'a TraceContext, Instant) {
    // SAFETY: forwarded.
    let Some(t) = (unsafe { TraceContext::from_ctx(ctx) }) else {
        eprintln!("HPy trace mode: {} was called with a context that is not a trace context", MEMBER_NAMES[id]);
        std::process::abort();
    };
    t.calls[id].set(t.calls[id].get() + 1);
    // A hook that calls the API would re-enter: skip hooks then.
    if let Ok(hook) = t.on_enter.try_borrow() {
        if let Some(h) = hook.as_ref() {
            h(MEMBER_NAMES[id]);
        }
    }
    (t, Instant::now())
}

/// End a traced call of member `id` started at `start`.
#[inline]
pub(crate) fn exit(t: &TraceContext, id: usize, start: Instant) {
    let nanos = start.elapsed().as_nanos() as u64;
    t.nanos[id].set(t.nanos[id].get() + nanos);
    if let Ok(hook) = t.on_exit.try_borrow() {
        if let Some(h) = hook.as_ref() {
            h(MEMBER_NAMES[id]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_names_follow_the_table() {
        let table = hilt_abi::table::ApiTable::load();
        assert_eq!(MEMBER_NAMES.len(), table.members.len());
        for m in &table.members {
            assert_eq!(MEMBER_NAMES[m.id as usize], m.name);
        }
    }
}
