//! What machine code calls back into: the frame record it works through
//! ([`JitFrame`]) and the runtime functions (`rt_*`), each an
//! `extern "C"` function that catches any Rust panic (it is carried across
//! the machine code as a status and resumed in Rust, never unwound through
//! frames Cranelift made).
//!
//! Machine code keeps the operand stack's height in a register (and its
//! top values too, see `lower`); before a runtime call it writes those
//! values to the stack and passes the height, and after a call that may
//! run Python code it reloads the stack's address and height from the
//! `JitFrame` (that code may grow, and so move, the stack).

use std::any::Any;
use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};

use super::StatsLevel;
use crate::interp::shape::ways;
use crate::compile::bytecode::Op;
use crate::interp::{Exit, Frame, PyResult, Step, Vm};
use crate::object::{Obj, ObjRef, Value};

/// Status a runtime function returns to machine code.
pub const CONTINUE: u32 = 0;
/// The frame is done (returned, yielded or raised) or a panic is pending:
/// machine code returns at once.
pub const DONE: u32 = 1;

/// The record machine code runs a frame through. Machine code reads the
/// `#[repr(C)]` prefix at the offsets [`layout`] gives.
#[repr(C)]
pub struct JitFrame {
    /// `vm.stack`'s data, capacity and length (in values), as of the last
    /// runtime call (the capacity for the runtime's own checks).
    pub stack: *mut Value,
    pub cap: usize,
    pub sp: usize,
    /// The next instruction after a runtime call.
    pub ip: usize,
    /// The frame's first local slot on the stack.
    pub base: usize,
    /// `vm.heap.wants_gc`: checked on loop back edges.
    pub wants_gc: *const bool,
    /// `vm.heap`'s slot vector (`Heap::slots_addr`): where inline code
    /// finds objects.
    pub slots: *const u8,
    /// `vm.attr_epoch`: what inline attribute accesses check their
    /// cache entry against.
    pub attr_epoch: *const u64,
    /// The value an inline `Return` returned or `Yield` yielded (`Undef`
    /// until then; no Python value is `Undef`). Machine code stores `sp`
    /// and `ip` with it.
    pub ret: Value,
    /// Nonzero when `ret` was yielded.
    pub yielded: u64,
    /// Nonzero when the frame is a generator's being drained
    /// (`Vm::drain_generator`): a `yield` keeps the value and goes on.
    pub drain: u64,
    /// `vm.blocks.len()` and `vm.handling.len()` as of the last runtime
    /// call: where the frame of a call made straight from machine code
    /// starts its own (see `lower/calls.rs`).
    pub blocks_len: usize,
    pub handling_len: usize,
    vm: *mut Vm,
    frame: *const Frame,
    result: Option<PyResult<Step>>,
    panic: Option<Box<dyn Any + Send>>,
}

/// Byte offsets of the fields machine code reads.
pub mod layout {
    use super::JitFrame;
    pub const STACK: i32 = std::mem::offset_of!(JitFrame, stack) as i32;
    pub const SP: i32 = std::mem::offset_of!(JitFrame, sp) as i32;
    pub const IP: i32 = std::mem::offset_of!(JitFrame, ip) as i32;
    pub const BASE: i32 = std::mem::offset_of!(JitFrame, base) as i32;
    pub const WANTS_GC: i32 = std::mem::offset_of!(JitFrame, wants_gc) as i32;
    pub const SLOTS: i32 = std::mem::offset_of!(JitFrame, slots) as i32;
    pub const ATTR_EPOCH: i32 = std::mem::offset_of!(JitFrame, attr_epoch) as i32;
    pub const RET: i32 = std::mem::offset_of!(JitFrame, ret) as i32;
    pub const YIELDED: i32 = std::mem::offset_of!(JitFrame, yielded) as i32;
    pub const DRAIN: i32 = std::mem::offset_of!(JitFrame, drain) as i32;
    pub const CAP: i32 = std::mem::offset_of!(JitFrame, cap) as i32;
    pub const VM: i32 = std::mem::offset_of!(JitFrame, vm) as i32;
}

/// Room for call arguments copied off the VM stack ([`JitFrame::args_from`]).
type ArgsBuf = [std::mem::MaybeUninit<Value>; NATIVE_ARGS];

/// An empty [`ArgsBuf`] (nothing written: costs nothing).
fn args_buf() -> ArgsBuf {
    [std::mem::MaybeUninit::uninit(); NATIVE_ARGS]
}

impl JitFrame {
    /// A copy of the stack's values from `first` up to `sp` (at most
    /// [`NATIVE_ARGS`]) in `buf`: call arguments a native function can
    /// hold while it uses the VM (they stay rooted on the stack until it
    /// returns). Only the values copied are written: a call of one
    /// argument costs a few instructions, not a whole array's.
    #[inline(always)]
    fn args_from<'b>(&self, first: usize, sp: usize, buf: &'b mut ArgsBuf) -> &'b [Value] {
        let len = sp - first;
        assert!(len <= NATIVE_ARGS, "{len} call arguments where at most {NATIVE_ARGS} fit");
        for (k, a) in buf[..len].iter_mut().enumerate() {
            // SAFETY: below `sp`: written by machine code or the interpreter.
            a.write(unsafe { *self.stack.add(first + k) });
        }
        // SAFETY: the first `len` values were written just above, and
        // `MaybeUninit<Value>` has `Value`'s layout.
        unsafe { std::slice::from_raw_parts(buf.as_ptr().cast::<Value>(), len) }
    }

    pub(crate) fn new(vm: &mut Vm, f: &Frame, ip: usize) -> JitFrame {
        // Room for the deepest the frame's operands go: machine code
        // writes there without checking (the stack never shrinks, so
        // this holds until the frame leaves machine code).
        let top = f.base + f.code.nlocals() + f.code.jit.room.get();
        if let Some(more) = top.checked_sub(vm.stack.len()) {
            vm.stack.reserve(more);
        }
        let vm: *mut Vm = vm;
        let mut jf = JitFrame {
            stack: std::ptr::null_mut(),
            cap: 0,
            sp: 0,
            ip,
            base: f.base,
            // SAFETY: `vm` is live (made from a reference just above).
            wants_gc: unsafe { &raw const (*vm).heap.wants_gc },
            // SAFETY: as above.
            slots: unsafe { (*vm).heap.slots_addr() },
            // SAFETY: as above.
            attr_epoch: unsafe { &raw const (*vm).attr_epoch },
            ret: Value::Undef,
            yielded: 0,
            // SAFETY: as above.
            drain: unsafe { ((*vm).drain_base == f.base) as u64 },
            blocks_len: 0,
            handling_len: 0,
            vm,
            frame: f,
            result: None,
            panic: None,
        };
        // SAFETY: `vm` was made from a live `&mut Vm` just above.
        jf.sync(unsafe { &mut *vm });
        jf
    }

    /// Record the stack as `vm` has it now.
    fn sync(&mut self, vm: &mut Vm) {
        self.stack = vm.stack.as_mut_ptr();
        self.cap = vm.stack.capacity();
        self.sp = vm.stack.len();
        self.blocks_len = vm.blocks.len();
        self.handling_len = vm.handling.len();
    }

    /// The record of a direct call's callee (see `calls.rs`): this
    /// record's stack and VM, `frame` with its locals at `base`, the
    /// operands starting at `sp`, at its first instruction.
    pub(super) fn for_callee(&self, frame: *const Frame, base: usize, sp: usize) -> JitFrame {
        JitFrame {
            stack: self.stack,
            cap: self.cap,
            sp,
            ip: 0,
            base,
            wants_gc: self.wants_gc,
            slots: self.slots,
            attr_epoch: self.attr_epoch,
            ret: Value::Undef,
            yielded: 0,
            // A callee is a plain function's frame, never a generator's.
            drain: 0,
            blocks_len: self.blocks_len,
            handling_len: self.handling_len,
            vm: self.vm,
            frame,
            result: None,
            panic: None,
        }
    }

    /// After a direct `cls(...)`'s `__init__` (see `calls::run_init`):
    /// its inline `return None` becomes `inst`, the call's result; any
    /// other value returned is deferred, for `rt_finish_call` to refuse
    /// as `Vm::instantiate_at` does.
    pub(super) fn init_returned(&mut self, inst: Value) {
        match self.returned() {
            Some(Value::None) => self.ret = inst,
            Some(_) => self.defer_return(),
            None => {}
        }
    }

    /// An inline `Return`'s value made the frame's result instead, so
    /// that the direct call's caller finishes it in Rust (`rt_finish_call`).
    pub(super) fn defer_return(&mut self) {
        if let Some(v) = self.returned() {
            self.ret = Value::Undef;
            self.result = Some(Ok(Step::Done(Exit::Return(v))));
        }
    }

    /// The VM this record runs on.
    pub(super) fn vm_ptr(&self) -> *mut Vm {
        self.vm
    }

    /// Keep panic `p` (caught in a runtime function that cannot report
    /// it): the next runtime call ends the frame with it.
    pub(super) fn keep_panic(&mut self, p: Box<dyn Any + Send>) {
        self.panic = Some(p);
    }

    /// A fast path panicked; the frame ends with it.
    pub(super) fn panic_pending(&self) -> bool {
        self.panic.is_some()
    }

    /// The frame this record runs.
    pub(super) fn frame_ptr(&self) -> *const Frame {
        self.frame
    }

    pub(crate) fn is_done(&self) -> bool {
        self.result.is_some() || self.panic.is_some() || self.left_by().is_some()
    }

    /// How an inline `Return` or `Yield` left the frame, if one did.
    #[inline(always)]
    fn left_by(&self) -> Option<Exit> {
        match self.ret {
            Value::Undef => None,
            v if self.yielded != 0 => Some(Exit::Yield(v)),
            v => Some(Exit::Return(v)),
        }
    }

    /// What an inline `Return` returned, if the frame ended with one.
    #[inline(always)]
    pub(crate) fn returned(&self) -> Option<Value> {
        match self.left_by() {
            Some(Exit::Return(v)) => Some(v),
            _ => None,
        }
    }

    /// After an inline `Return` or `Yield`: `vm`'s stack as long as it
    /// left it.
    #[inline(always)]
    pub(crate) fn settle_stack(&self, vm: &mut Vm) {
        debug_assert!(self.sp <= vm.stack.capacity());
        // SAFETY: an inline `Return` or `Yield` stored the height it left,
        // within the capacity (it only pops), every value below it written.
        unsafe { vm.stack.set_len(self.sp) };
    }

    /// After the machine code returned: what the frame did, with `*ip`
    /// where the interpreter would have it and `vm`'s stack as long as
    /// the machine code left it.
    pub(crate) fn finish(&mut self, vm: &mut Vm, ip: &mut usize) -> PyResult<Step> {
        if let Some(p) = self.panic.take() {
            std::panic::resume_unwind(p);
        }
        *ip = self.ip;
        if let Some(exit) = self.left_by() {
            self.settle_stack(vm);
            return Ok(Step::Done(exit));
        }
        self.result.take().unwrap_or_else(|| unreachable!("machine code returned without a result"))
    }

    /// Run `body` on the VM; record its outcome and the stack; the status
    /// machine code acts on.
    pub(super) fn guarded(&mut self, sp: usize, body: impl FnOnce(&mut Vm, &Frame, &mut usize) -> PyResult<Step>) -> u32 {
        // SAFETY: called only from the `rt_*` functions below, with the
        // record and stack height the machine code passed.
        let (vm, f) = unsafe { enter(self.vm, self.frame, sp) };
        let mut ip = self.ip;
        let outcome = catch_unwind(AssertUnwindSafe(|| body(&mut *vm, f, &mut ip)));
        self.ip = ip;
        self.sync(vm);
        match outcome {
            Ok(Ok(Step::Next | Step::Hot)) => CONTINUE,
            Ok(done) => {
                self.result = Some(done);
                DONE
            }
            Err(p) => {
                self.panic = Some(p);
                DONE
            }
        }
    }
}

/// The VM and frame of a record, with the stack's length set to `sp`
/// (what the machine code left there).
///
/// # Safety
/// `vm` and `frame` must be a running `run_jitted` call's (live, and used
/// by nothing else until the runtime function returns), and `sp` at most
/// the stack's capacity with every value below it written.
unsafe fn enter<'x>(vm: *mut Vm, frame: *const Frame, sp: usize) -> (&'x mut Vm, &'x Frame) {
    // SAFETY: per this function's contract the pointers are live and
    // exclusive to this call; the values below `sp` are initialized (the
    // interpreter or machine code wrote each of them).
    unsafe {
        let vm = &mut *vm;
        debug_assert!(sp <= vm.stack.capacity());
        vm.stack.set_len(sp);
        (vm, &*frame)
    }
}

/// Run the instruction at `ip` in the interpreter (an instruction the
/// machine code does not do inline, or whose inline guard failed), and
/// the ones after it up to the next entry of the machine code (the first
/// inline instruction after a run of others, or a jump target): one trip
/// out of machine code per run of such instructions.
pub extern "C" fn rt_step(jf: *mut JitFrame, ip: usize, sp: usize) -> u32 {
    // SAFETY: machine code passes the record `run_jitted` gave it.
    let jf = unsafe { &mut *jf };
    if jf.panic.is_some() {
        // A fast path panicked and missed (see `fast`): end the frame.
        return DONE;
    }
    jf.ip = ip;
    jf.guarded(sp, |vm, f, ip| {
        count(vm, f, *ip);
        let entries: &[bool] = f.code.jit.entries.get().map_or(&[], |b| b);
        vm.exec_until(f, ip, entries)
    })
}

/// A trip out of machine code, for `--jit-stats`.
#[inline(always)]
fn count(vm: &Vm, f: &Frame, ip: usize) {
    if let Some(level) = vm.jit.count_trips {
        vm.jit.trip_total.set(vm.jit.trip_total.get() + 1);
        if level == StatsLevel::Trips {
            count_trip(vm, f.code.ops[ip]);
        }
    }
}

/// [`rt_exec_one`] did the instruction; machine code goes on after it.
pub const NEXT: u32 = 2;

/// The instruction at `ip` in the interpreter, alone (for an instruction
/// that meets objects whose Python methods do the work, e.g. `a + b` of
/// two instances): [`NEXT`], and machine code goes on with the
/// instruction after it instead of the interpreter running on to the
/// next entry. If it went elsewhere, the interpreter runs on to an entry
/// as `rt_step` does.
pub extern "C" fn rt_exec_one(jf: *mut JitFrame, sp: usize, ip: u64) -> u32 {
    // SAFETY: machine code passes the record `run_jitted` gave it.
    let jf = unsafe { &mut *jf };
    if jf.panic.is_some() {
        return DONE;
    }
    let ip = ip as usize;
    jf.ip = ip;
    let status = jf.guarded(sp, |vm, f, at| {
        count(vm, f, *at);
        match vm.exec_until(f, at, &[])? {
            Step::Next | Step::Hot if *at != ip + 1 => {
                let entries: &[bool] = f.code.jit.entries.get().map_or(&[], |b| b);
                vm.exec_until(f, at, entries)
            }
            step => Ok(step),
        }
    });
    if status == CONTINUE && jf.ip == ip + 1 { NEXT } else { status }
}

/// `Call(n)` and `CallMethod(n)` (operand: see [`call_operand`]): the
/// interpreter's own call, entered without a trip through `exec_until`
/// (a callee with machine code runs it at once, see `Vm::run_compiled_frame`).
pub extern "C" fn rt_call(jf: *mut JitFrame, sp: usize, operand: u64) -> u32 {
    // SAFETY: machine code passes the record `run_jitted` gave it.
    let jf = unsafe { &mut *jf };
    if jf.panic.is_some() {
        return DONE;
    }
    let ip = (operand >> 32) as usize;
    let (n, method) = call_arity(operand);
    // As after the instruction in the interpreter: an exception is
    // reported at the call's line, and the frame goes on after it.
    jf.ip = ip + 1;
    jf.guarded(sp, |vm, _, _| {
        if vm.jit.count_trips.is_some() {
            count_call_via_rust(vm, vm.stack[vm.stack.len() - n - 1 - method as usize]);
        }
        if method {
            vm.call_method_op(n)?;
        } else {
            vm.call_op(n)?;
        }
        Ok(Step::Next)
    })
}

/// `CallKw(n, names)` at `ip`: the interpreter's keyword call
/// (`Vm::call_kw_at`: an extension's KEYWORDS function straight to its
/// `impl`, a Python function bound in place), without a trip through
/// `exec_until`.
pub extern "C" fn rt_call_kw(jf: *mut JitFrame, sp: usize, ip: u64) -> u32 {
    // SAFETY: machine code passes the record `run_jitted` gave it.
    let jf = unsafe { &mut *jf };
    if jf.panic.is_some() {
        return DONE;
    }
    let ip = ip as usize;
    jf.ip = ip + 1;
    jf.guarded(sp, |vm, f, _| {
        let Op::CallKw(n, names) = f.code.ops[ip] else { unreachable!("rt_call_kw on {:?}", f.code.ops[ip]) };
        if vm.jit.count_trips.is_some() {
            count_call_via_rust(vm, vm.stack[vm.stack.len() - n as usize - 1]);
        }
        let r = vm.call_kw_at(n as usize, f.code.consts[names as usize])?;
        vm.stack.push(r);
        Ok(Step::Next)
    })
}

/// `rt_call_native`: the callable is neither a builtin function nor an
/// extension function `call_fast` takes; the call goes through `rt_call`.
pub const NOT_NATIVE: u32 = 3;

/// The most arguments `rt_call_native` passes (as `Vm::call_at`).
const NATIVE_ARGS: usize = 8;

/// `Call(n)` and `CallMethod(n)` (operand: see [`call_operand`]) of a
/// builtin function or unbound builtin method: its function called with
/// the arguments copied off the stack, as `Vm::call_at` does, without the
/// interpreter's call dispatch around it; or of an extension function or
/// method, its `impl` called (see [`call_extension`]). [`NOT_NATIVE`],
/// nothing done, for any other callable.
pub extern "C" fn rt_call_native(jf: *mut JitFrame, sp: usize, operand: u64) -> u32 {
    // SAFETY: machine code passes the record `run_jitted` gave it.
    let jf = unsafe { &mut *jf };
    if jf.panic.is_some() {
        return DONE;
    }
    let (n, method) = call_arity(operand);
    let fpos = sp - n - 1 - method as usize;
    // SAFETY: the callable (and a `CallMethod`'s receiver) are below `sp`,
    // written by machine code or the interpreter.
    let (callee, unbound) = unsafe { (*jf.stack.add(fpos), method && matches!(*jf.stack.add(fpos + 1), Value::Undef)) };
    let Value::Obj(r) = callee else { return NOT_NATIVE };
    // SAFETY: the record's VM is live and used by nothing else meanwhile.
    let vm = unsafe { &*jf.vm };
    let first = fpos + 1 + unbound as usize;
    let argc = sp - first;
    if argc > NATIVE_ARGS {
        return NOT_NATIVE;
    }
    let func = match vm.heap.get(r) {
        Obj::Native(nf) if nf.bound.is_none() => nf.func,
        Obj::HpyFunc(_) => return call_extension(jf, sp, operand, r, fpos, first),
        Obj::Class(c) if c.hpy.is_some() && !unbound => return construct_extension(jf, sp, operand, r, fpos),
        _ => return NOT_NATIVE,
    };
    let mut buf = args_buf();
    let args = jf.args_from(first, sp, &mut buf);
    jf.ip = (operand >> 32) as usize + 1;
    jf.guarded(sp, |vm, _, _| {
        if vm.jit.count_trips.is_some() {
            count_call_via_rust(vm, callee);
        }
        let r = func(vm, args, &[]);
        vm.stack.truncate(fpos);
        vm.stack.push(r?);
        Ok(Step::Next)
    })
}

/// `rt_call_native` of an extension function or method (`callee`, the
/// arguments from `first` up to `sp`): `hpy::call::call_fast`, the
/// arguments' handles opened from a copy of them and `impl` called, the
/// result written over the callable. Without `guarded`'s closure: the
/// VM's stack is set to `sp` for the extension (it may call back into
/// Python code) and the record synced after. [`NOT_NATIVE`], nothing
/// done, where `call_fast` does not apply (another context, signature or
/// receiver: `rt_call` does the call).
#[inline(never)]
fn call_extension(jf: &mut JitFrame, sp: usize, operand: u64, callee: ObjRef, fpos: usize, first: usize) -> u32 {
    let mut buf = args_buf();
    let args = jf.args_from(first, sp, &mut buf);
    // As after the instruction: an exception is reported at the call's line.
    jf.ip = (operand >> 32) as usize + 1;
    // SAFETY: the record and height machine code passed, as for `guarded`.
    let (vm, _) = unsafe { enter(jf.vm, jf.frame, sp) };
    if vm.jit.count_trips.is_some() {
        count_call_via_rust(vm, Value::Obj(callee));
    }
    let outcome = catch_unwind(AssertUnwindSafe(|| crate::hpy::call::call_fast(vm, callee, args)));
    let status = match outcome {
        Ok(None) => return NOT_NATIVE,
        Ok(Some(Ok(v))) => {
            vm.stack.truncate(fpos);
            vm.stack.push(v);
            CONTINUE
        }
        Ok(Some(Err(e))) => {
            jf.result = Some(Err(e));
            DONE
        }
        Err(p) => {
            jf.panic = Some(p);
            DONE
        }
    };
    jf.sync(vm);
    status
}

/// After an inline extension call (`lower/extension.rs`) whose result
/// machine code does not take itself (NULL, an error set, a handle it
/// cannot close): what `call_fast` makes of that handle, the value
/// written over the callable (status `CONTINUE`) or the exception
/// recorded (`DONE`).
pub extern "C" fn rt_ext_result(jf: *mut JitFrame, sp: usize, operand: u64, handle: i64) -> u32 {
    // SAFETY: machine code passes the record `run_jitted` gave it.
    let jf = unsafe { &mut *jf };
    if jf.panic.is_some() {
        return DONE;
    }
    let (n, method) = call_arity(operand);
    let fpos = sp - n - 1 - method as usize;
    // SAFETY: the callable is below `sp`, written by machine code or the
    // interpreter.
    let Value::Obj(callee) = (unsafe { *jf.stack.add(fpos) }) else { unreachable!("an inline extension call of a non-object") };
    jf.ip = (operand >> 32) as usize + 1;
    jf.guarded(sp, |vm, _, _| {
        // An extension type's call reports its tp_new, as `new_fast` does.
        let func = match vm.heap.get(callee) {
            Obj::Class(_) => vm.extension_constructor(callee).unwrap_or(callee),
            _ => callee,
        };
        let v = crate::hpy::call::fast_result(vm, func, hilt_abi::HPy { _i: handle as isize })?;
        vm.stack.truncate(fpos);
        vm.stack.push(v);
        Ok(Step::Next)
    })
}

/// `yield v` in a generator being drained (`JitFrame::drain`): `v`
/// (the top of the stack) kept on `temp_roots`, and None in its place as
/// the value the `yield` gives back, as a resume with None would leave
/// it. Runs no Python code. Always `HIT`.
pub extern "C" fn rt_drain_yield(jf: *mut JitFrame, sp: usize, _: u64) -> u32 {
    // SAFETY: machine code passes the record `run_jitted` gave it; the VM
    // is live and used by nothing else meanwhile, and the yielded value is
    // below `sp`, in memory.
    unsafe {
        let jf = &mut *jf;
        let top = jf.stack.add(sp - 1);
        (*jf.vm).temp_roots.push(*top);
        *top = Value::None;
    }
    HIT
}

/// The most arguments a call site that makes extension objects passes
/// from machine code (`hpy::call::new_fast`'s limit).
pub const NEW_ARGS: usize = crate::hpy::call::NEW_FAST_ARGS;

/// The cache of one call site that makes extension objects
/// (`lower/extension.rs`): which class it last made one of, as of which
/// attribute epoch, and that class's `tp_new` `impl`. Machine code reads
/// the words; `rt_construct` fills them. A class is never freed while
/// its entry matches: a collection moves the epoch on.
#[repr(C)]
pub struct NewSite {
    /// The class's heap index (`EMPTY` at first).
    pub class: Cell<u64>,
    pub epoch: Cell<u64>,
    pub impl_: Cell<u64>,
    /// The site's call operand (see [`call_operand`]).
    pub operand: u64,
}

impl NewSite {
    pub const EMPTY: u64 = u64::MAX;
    pub const CLASS: i32 = std::mem::offset_of!(NewSite, class) as i32;
    pub const EPOCH: i32 = std::mem::offset_of!(NewSite, epoch) as i32;
    pub const IMPL: i32 = std::mem::offset_of!(NewSite, impl_) as i32;

    pub fn new(operand: u64) -> NewSite {
        NewSite { class: Cell::new(NewSite::EMPTY), epoch: Cell::new(0), impl_: Cell::new(0), operand }
    }
}

/// The cache of a call site of extension functions (`lower/extension.rs`):
/// the function it last called inline (its heap index, `EMPTY` at first),
/// that function's `impl` and its module's handle, so a call of the same
/// function checks one word. Machine code reads and fills the words; a
/// collection empties them all (`Vm::collect_garbage`), so the index
/// never names another object.
#[repr(C)]
pub struct ExtSite {
    pub callee: Cell<u64>,
    pub impl_: Cell<u64>,
    pub module: Cell<u64>,
}

impl ExtSite {
    pub const CALLEE: i32 = std::mem::offset_of!(ExtSite, callee) as i32;
    pub const IMPL: i32 = std::mem::offset_of!(ExtSite, impl_) as i32;
    pub const MODULE: i32 = std::mem::offset_of!(ExtSite, module) as i32;

    pub fn new() -> ExtSite {
        ExtSite { callee: Cell::new(NewSite::EMPTY), impl_: Cell::new(0), module: Cell::new(0) }
    }
}

/// A call site's miss (`site`: its [`NewSite`]): of an extension type
/// that `Vm::construct_extension` makes, the site's cache filled with it
/// and the object made; of anything else, `rt_call_native`.
pub extern "C" fn rt_construct(jf: *mut JitFrame, sp: usize, site: u64) -> u32 {
    // SAFETY: `site` is the address of a `NewSite` the VM keeps
    // (`Jit::new_sites`), compiled into the machine code.
    let site = unsafe { &*(site as *const NewSite) };
    let operand = site.operand;
    // SAFETY: machine code passes the record `run_jitted` gave it.
    let jfr = unsafe { &*jf };
    let (n, method) = call_arity(operand);
    let fpos = sp - n - 1 - method as usize;
    // SAFETY: the callable (and a `CallMethod`'s receiver slot) are below
    // `sp`, written by machine code or the interpreter; the record's VM is
    // live and used by nothing else.
    let (callee, unbound, vm) = unsafe { (*jfr.stack.add(fpos), !method || matches!(*jfr.stack.add(fpos + 1), Value::Undef), &*jfr.vm) };
    if let (Value::Obj(cls), true, false) = (callee, unbound, jfr.panic.is_some()) {
        if let Some((_, impl_)) = vm.extension_constructor(cls).and_then(|new| crate::hpy::call::fast_tp_new(vm, new)) {
            site.class.set(cls.0 as u64);
            site.epoch.set(vm.attr_epoch);
            site.impl_.set(impl_ as u64);
        }
    }
    rt_call_native(jf, sp, operand)
}

/// `rt_call_native` of an extension type (`cls`, the arguments from
/// `fpos + 1` up to `sp`): `Vm::construct_extension`, its `tp_new`
/// called. [`NOT_NATIVE`], nothing done, where that does not apply.
#[inline(never)]
fn construct_extension(jf: &mut JitFrame, sp: usize, operand: u64, cls: ObjRef, fpos: usize) -> u32 {
    let mut buf = args_buf();
    let args = jf.args_from(fpos + 1, sp, &mut buf);
    jf.ip = (operand >> 32) as usize + 1;
    let mut applies = true;
    let status = jf.guarded(sp, |vm, _, _| {
        if vm.jit.count_trips.is_some() {
            count_call_via_rust(vm, Value::Obj(cls));
        }
        let Some(r) = vm.construct_extension(cls, args) else {
            applies = false;
            return Ok(Step::Next);
        };
        let v = r?;
        vm.stack.truncate(fpos);
        vm.stack.push(v);
        Ok(Step::Next)
    });
    if applies { status } else { NOT_NATIVE }
}

const CALL_METHOD: u64 = 1 << 31;

/// The arguments a call operand says (without a `CallMethod`'s receiver)
/// and whether it is a `CallMethod`.
pub fn call_arity(operand: u64) -> (usize, bool) {
    ((operand & 0x7fff_ffff) as usize, operand & CALL_METHOD != 0)
}

/// `rt_call`'s operand for the call instruction at `ip` with `n`
/// arguments (`method`: a `CallMethod`).
pub fn call_operand(ip: usize, n: u32, method: bool) -> u64 {
    ((ip as u64) << 32) | if method { CALL_METHOD } else { 0 } | (n as u64 & 0x7fff_ffff)
}

#[cold]
fn count_trip(vm: &Vm, op: Op) {
    // The variant's name, without its operands.
    let name = format!("{op:?}");
    let kind = name.split('(').next().unwrap_or(&name).to_string();
    *vm.jit.stats.borrow_mut().trips.entry(kind).or_insert(0) += 1;
}

/// A call through `rt_call` or `rt_call_native` (under `--jit-stats`),
/// and under `--jit-stats=trips` by what was called (what direct calls do
/// not take yet).
#[cold]
fn count_call_via_rust(vm: &Vm, callee: Value) {
    vm.jit.calls_via_rust.set(vm.jit.calls_via_rust.get() + 1);
    if vm.jit.count_trips != Some(StatsLevel::Trips) {
        return;
    }
    let what = match callee {
        Value::Obj(r) => match vm.heap.get(r) {
            Obj::Function(f) if f.code.jit.compiled().is_none() => format!("{}(interpreted)", f.qualname),
            Obj::Function(f) => format!("{}(compiled)", f.qualname),
            Obj::Native(nf) => format!("{}(builtin)", nf.name),
            Obj::HpyFunc(h) => format!("{}(extension)", h.label),
            Obj::Class(c) => format!("{}(class)", c.name),
            _ => format!("({})", vm.type_name(callee)),
        },
        _ => format!("({})", vm.type_name(callee)),
    };
    *vm.jit.stats.borrow_mut().calls_via_rust.entry(what).or_insert(0) += 1;
}

/// A loop back edge found a collection due: collect (every live value is
/// on the stack, below `sp`).
pub extern "C" fn rt_collect(jf: *mut JitFrame, sp: usize) -> u32 {
    // SAFETY: machine code passes the record `run_jitted` gave it.
    let jf = unsafe { &mut *jf };
    jf.guarded(sp, |vm, _, _| {
        vm.collect_garbage();
        Ok(Step::Next)
    })
}

// ---- fast paths ----
//
// An instruction with a fast path calls its `rt_*` function directly
// (no interpreter dispatch, no trip through `exec_until`): the function
// does the instruction's common case on the stack in place and says
// [`HIT`], or changes nothing and says [`MISS`], and machine code then
// hands the instruction to `rt_step` as for any failed guard. Each is the
// interpreter's own cache-hit or fast-path function (`Vm::*_hit`). None
// runs Python code or collects, so none needs a safe point (one may
// allocate: the collection that asks for waits for the next safe point,
// by when the new value is on the stack).

/// The fast path did the instruction.
pub const HIT: u32 = 0;
/// It did nothing (or panicked: `rt_step` then ends the frame).
pub const MISS: u32 = 1;
/// `ForIter`'s iterator is exhausted: pop it and jump.
pub const EXHAUSTED: u32 = 2;

/// Run fast path `body` on the VM, the frame, the `sp` values of the
/// stack and the free slot above them; a panic is kept for `rt_step` and
/// reported as a miss.
fn fast(jf: *mut JitFrame, sp: usize, body: impl FnOnce(&mut Vm, &Frame, &mut [Value], Above) -> u32) -> u32 {
    // SAFETY: machine code passes the record `run_jitted` gave it, whose
    // VM and frame are live and used by nothing else during this call;
    // the `sp` values below the stack pointer are initialized, and the
    // VM's own `Vec` is not touched by the fast paths (only the heap and
    // the caches), so the slice is the one view of that memory; `Above`
    // points past it.
    let (jf, vm, f, stack, above) = unsafe {
        let jf = &mut *jf;
        debug_assert!(sp <= jf.cap, "machine code went past the room reserved for the stack");
        let (vm, f) = (&mut *jf.vm, &*jf.frame);
        let stack = std::slice::from_raw_parts_mut(jf.stack, sp);
        let above = Above(jf.stack.add(sp));
        (jf, vm, f, stack, above)
    };
    match catch_unwind(AssertUnwindSafe(|| body(vm, f, stack, above))) {
        Ok(status) => status,
        Err(p) => {
            jf.panic = Some(p);
            MISS
        }
    }
}

/// `v` in place of the top `k` values of `s` (the stack below its
/// height), or pushed when `k` is 0: where a fast path that takes `k`
/// values leaves its one result.
fn replace_top(s: &mut [Value], above: Above, k: usize, v: Value) {
    match k {
        // SAFETY: room for the code's deepest stack is reserved.
        0 => unsafe { above.push(v) },
        _ => {
            let sp = s.len();
            s[sp - k] = v;
        }
    }
}

/// The stack slots just above the top, for a fast path that pushes.
struct Above(*mut Value);

impl Above {
    /// Push `v`.
    ///
    /// # Safety
    /// The stack must have room for one more value (`JitFrame::new`
    /// reserved the code's deepest stack).
    unsafe fn push(self, v: Value) {
        // SAFETY: per the contract the slot lies within the allocation.
        unsafe { self.0.write(v) }
    }

    /// Write `v` at the `k`th free slot (0 is the first).
    ///
    /// # Safety
    /// The stack must have room for `k + 1` more values (`JitFrame::new`
    /// reserved the code's deepest stack).
    unsafe fn write(&self, k: usize, v: Value) {
        // SAFETY: per the contract the slot lies within the allocation.
        unsafe { self.0.add(k).write(v) }
    }
}

/// `Subscr`: `x[i]` of a list, tuple or ASCII str and a small int, or of
/// a dict and an int or str key (`Vm::subscr_hit`).
pub extern "C" fn rt_subscr(jf: *mut JitFrame, sp: usize, _: u64) -> u32 {
    fast(jf, sp, |vm, _, s, _| match vm.subscr_hit(s[sp - 2], s[sp - 1]) {
        Some(v) => {
            s[sp - 2] = v;
            HIT
        }
        None => MISS,
    })
}

/// `StoreSubscr`: `x[i] = v` of a list and a small int, or of a dict and
/// an int or str key (`Vm::store_subscr_hit`).
pub extern "C" fn rt_store_subscr(jf: *mut JitFrame, sp: usize, _: u64) -> u32 {
    fast(jf, sp, |vm, _, s, _| if vm.store_subscr_hit(s[sp - 2], s[sp - 1], s[sp - 3]) { HIT } else { MISS })
}

/// What [`rt_truth_of`] says when the value's own `__bool__` or `__len__`
/// must decide.
pub const UNDECIDED: u32 = 2;

/// The truth of the value machine code holds as `tag` and `payload`
/// (`Vm::truth_hit`: 0 or 1), or [`UNDECIDED`] for an instance. Reads the
/// heap only.
pub extern "C" fn rt_truth_of(jf: *mut JitFrame, tag: u64, payload: u64) -> u32 {
    // SAFETY: machine code passes the record `run_jitted` gave it, whose
    // VM is live and not otherwise used during this call.
    let vm = unsafe { &*(*jf).vm };
    // SAFETY: as above; the record is not otherwise used during this call.
    let jf = unsafe { &mut *jf };
    let Some(v) = decode(tag, payload) else { return UNDECIDED };
    match catch_unwind(AssertUnwindSafe(|| vm.truth_hit(v))) {
        Ok(Some(b)) => b as u32,
        Ok(None) => UNDECIDED,
        Err(p) => {
            // `rt_step` ends the frame with it.
            jf.panic = Some(p);
            UNDECIDED
        }
    }
}

/// The value of the words `lower::encode` writes, or None for a tag no
/// value has.
fn decode(tag: u64, payload: u64) -> Option<Value> {
    use super::lower::tag as t;
    Some(match tag as i64 {
        t::UNDEF => Value::Undef,
        t::NONE => Value::None,
        t::NOT_IMPLEMENTED => Value::NotImplemented,
        t::ELLIPSIS => Value::Ellipsis,
        t::BOOL => Value::Bool(payload as u8 != 0),
        t::INT => Value::Int(payload as i64),
        t::FLOAT => Value::Float(f64::from_bits(payload)),
        t::OBJ => Value::Obj(crate::object::ObjRef(payload as u32)),
        _ => return None,
    })
}

/// `GetIter` of what iterates without Python code (`Vm::get_iter_hit`).
pub extern "C" fn rt_get_iter(jf: *mut JitFrame, sp: usize, _: u64) -> u32 {
    fast(jf, sp, |vm, _, s, _| match vm.get_iter_hit(s[sp - 1]) {
        Some(it) => {
            s[sp - 1] = it;
            HIT
        }
        None => MISS,
    })
}

/// `BuildTuple(n)` and `BuildList(n)` (operand: see [`build_operand`]):
/// the top `n` values replaced by the new sequence.
pub extern "C" fn rt_build_seq(jf: *mut JitFrame, sp: usize, operand: u64) -> u32 {
    let (n, list) = ((operand & 0xffff_ffff) as usize, operand & BUILD_LIST != 0);
    fast(jf, sp, |vm, _, s, above| {
        let items = s[sp - n..].to_vec();
        let v = if list { vm.new_list(items) } else { vm.new_tuple(items) };
        replace_top(s, above, n, v);
        HIT
    })
}

const BUILD_LIST: u64 = 1 << 32;

/// `rt_build_seq`'s operand for `BuildTuple(n)` or (`list`) `BuildList(n)`.
pub fn build_operand(n: u32, list: bool) -> u64 {
    n as u64 | if list { BUILD_LIST } else { 0 }
}

/// `ListAppend(k)`: the top value appended to the list `k` below it.
pub extern "C" fn rt_list_append(jf: *mut JitFrame, sp: usize, k: u64) -> u32 {
    fast(jf, sp, |vm, _, s, _| {
        let Value::Obj(l) = s[sp - 1 - k as usize] else { return MISS };
        match vm.heap.get_mut(l) {
            Obj::List(xs) => {
                xs.push(s[sp - 1]);
                HIT
            }
            _ => MISS,
        }
    })
}

/// `xs.append(v)` (a `CallMethod(1)` whose callable is `list.append` and
/// receiver a list): `v` appended and the call's None left, without the
/// call; anything else misses, for `rt_call`.
pub extern "C" fn rt_call_append(jf: *mut JitFrame, sp: usize, _: u64) -> u32 {
    fast(jf, sp, |vm, _, s, _| {
        let (Value::Obj(f), Value::Obj(l)) = (s[sp - 3], s[sp - 2]) else { return MISS };
        let Obj::Native(nf) = vm.heap.get(f) else { return MISS };
        if nf.bound.is_some() || !crate::builtins::methods::is_list_append(nf.func) {
            return MISS;
        }
        match vm.heap.get_mut(l) {
            Obj::List(xs) => {
                xs.push(s[sp - 1]);
                s[sp - 3] = Value::None;
                HIT
            }
            _ => MISS,
        }
    })
}

/// `LoadName(n)` of a bound name (`Vm::load_name_hit`; a missing name's
/// NameError is the interpreter's).
pub extern "C" fn rt_load_name(jf: *mut JitFrame, sp: usize, n: u64) -> u32 {
    fast(jf, sp, |vm, f, _, above| {
        match vm.load_name_hit(f, n as usize) {
            Some(v) => {
                // SAFETY: room for the code's deepest stack is reserved.
                unsafe { above.push(v) };
                HIT
            }
            None => MISS,
        }
    })
}

/// `StoreName(n)`: the top value bound in the frame's namespace.
pub extern "C" fn rt_store_name(jf: *mut JitFrame, sp: usize, n: u64) -> u32 {
    fast(jf, sp, |vm, f, s, _| {
        match vm.store_name(f, n as usize, s[sp - 1]) {
            Ok(()) => HIT,
            Err(_) => MISS,
        }
    })
}

/// `BuildMap(n)` of `n` key-value pairs whose keys are ints or strs (no
/// `__hash__` or `__eq__` to call): the new dict replaces them.
pub extern "C" fn rt_build_map(jf: *mut JitFrame, sp: usize, n: u64) -> u32 {
    let n = n as usize;
    fast(jf, sp, |vm, _, s, above| {
        let pairs = &s[sp - 2 * n..];
        let d = vm.new_dict_sized(n);
        for kv in pairs.chunks_exact(2) {
            if !vm.dict_set_plain(d, kv[0], kv[1]) {
                return MISS;
            }
        }
        replace_top(s, above, 2 * n, Value::Obj(d));
        HIT
    })
}

/// `MakeFunction` (the instruction at `ip`): the function replaces the
/// defaults and closure parts its flags name.
pub extern "C" fn rt_make_function(jf: *mut JitFrame, sp: usize, ip: u64) -> u32 {
    fast(jf, sp, |vm, f, s, above| {
        let Op::MakeFunction(ci, flags) = f.code.ops[ip as usize] else { return MISS };
        let k = crate::interp::make_function_parts(flags);
        let v = vm.new_function(f.globals, &f.code.codes[ci as usize], flags, &s[sp - k..]);
        replace_top(s, above, k, v);
        HIT
    })
}

/// `BuildSlice(n)` (the instruction at `ip`) and the `Subscr` or
/// `StoreSubscr` after it, done through the scratch slice
/// (`Vm::slice_through_scratch`) when the bounds are small ints or None
/// (no `__index__` to call) and, for a store, the step is None (no length
/// to check): the machine code goes on after both.
pub extern "C" fn rt_slice(jf: *mut JitFrame, sp: usize, ip: u64) -> u32 {
    fast(jf, sp, |vm, f, s, _| {
        let Op::BuildSlice(n) = f.code.ops[ip as usize] else { return MISS };
        let n = n as usize;
        let bounds = [s[sp - n], s[sp - n + 1], if n == 3 { s[sp - 1] } else { Value::None }];
        if !bounds.iter().all(|b| matches!(b, Value::Int(_) | Value::None)) {
            return MISS;
        }
        let store = match f.code.ops.get(ip as usize + 1) {
            Some(Op::Subscr) => None,
            Some(Op::StoreSubscr) if n == 2 => Some(s[sp - n - 2]),
            _ => return MISS,
        };
        match vm.slice_through_scratch(s[sp - n - 1], bounds, store) {
            Ok(Some(v)) => {
                if store.is_none() {
                    s[sp - n - 1] = v;
                }
                HIT
            }
            _ => MISS,
        }
    })
}

/// `LoadGlobal(_, c)` hitting its cache.
pub extern "C" fn rt_load_global(jf: *mut JitFrame, sp: usize, c: u64) -> u32 {
    fast(jf, sp, |vm, f, _, above| match vm.load_global_hit(f, c as u32) {
        Some(v) => {
            // SAFETY: room for the code's deepest stack is reserved.
            unsafe { above.push(v) };
            HIT
        }
        None => MISS,
    })
}

/// The operand of `rt_load_attr` and `rt_load_method` for name `n` and
/// cache `c`.
pub fn attr_operand(n: u32, c: u32) -> u64 {
    (n as u64) << 32 | c as u64
}

/// `LoadAttr(n, c)` (operand: [`attr_operand`]): an instance attribute its
/// cache knows the slot of, or a module's global.
pub extern "C" fn rt_load_attr(jf: *mut JitFrame, sp: usize, operand: u64) -> u32 {
    let (n, c) = ((operand >> 32) as usize, operand as u32);
    fast(jf, sp, |vm, f, s, _| {
        match vm.load_attr_hit(s[sp - 1], ways(&f.code, c)).or_else(|| vm.module_attr_hit(s[sp - 1], &f.code.names[n])) {
            Some(v) => {
                s[sp - 1] = v;
                HIT
            }
            None => MISS,
        }
    })
}

/// `StoreAttr(_, c)`: into a known slot, or appended along a known shape.
pub extern "C" fn rt_store_attr(jf: *mut JitFrame, sp: usize, c: u64) -> u32 {
    fast(jf, sp, |vm, f, s, _| if vm.store_attr_hit(s[sp - 1], s[sp - 2], ways(&f.code, c as u32)) { HIT } else { MISS })
}

/// `LoadMethod(n, c)` (operand: [`attr_operand`]) hitting its cache, or
/// of a module's global: the callable replaces the object, the receiver
/// (or `Undef`) goes on top.
pub extern "C" fn rt_load_method(jf: *mut JitFrame, sp: usize, operand: u64) -> u32 {
    let (n, c) = ((operand >> 32) as usize, operand as u32);
    fast(jf, sp, |vm, f, s, above| {
        let o = s[sp - 1];
        match vm.load_method_hit(o, ways(&f.code, c)).or_else(|| vm.module_attr_hit(o, &f.code.names[n]).map(|v| (v, Value::Undef))) {
            Some((func, recv)) => {
                s[sp - 1] = func;
                // SAFETY: room for the code's deepest stack is reserved.
                unsafe { above.push(recv) };
                HIT
            }
            None => MISS,
        }
    })
}

/// `ForIter` over a range or a list/tuple/bytes/str/reversed iterator
/// (`Vm::step_plain_iter`): the next value pushed, or [`EXHAUSTED`].
pub extern "C" fn rt_for_iter(jf: *mut JitFrame, sp: usize, _: u64) -> u32 {
    fast(jf, sp, |vm, _, s, above| {
        let Value::Obj(it) = s[sp - 1] else { return MISS };
        match vm.step_plain_iter(it) {
            Some(Some(v)) => {
                // SAFETY: room for the code's deepest stack is reserved.
                unsafe { above.push(v) };
                HIT
            }
            Some(None) => EXHAUSTED,
            None => MISS,
        }
    })
}

/// `FormatValue(0)` (no conversion, no spec) of a str, int, float or
/// bool (`Vm::format_plain`): its text replaces it.
pub extern "C" fn rt_format_value(jf: *mut JitFrame, sp: usize, _: u64) -> u32 {
    fast(jf, sp, |vm, _, s, _| match vm.format_plain(s[sp - 1]) {
        Some(v) => {
            s[sp - 1] = v;
            HIT
        }
        None => MISS,
    })
}

/// `BuildString(n)` of `n` strs: the str they make replaces them.
pub extern "C" fn rt_build_string(jf: *mut JitFrame, sp: usize, n: u64) -> u32 {
    let n = n as usize;
    fast(jf, sp, |vm, _, s, above| {
        let mut out = String::new();
        for v in &s[sp - n..] {
            match vm.as_str(*v) {
                Some(part) => out.push_str(part),
                None => return MISS,
            }
        }
        let v = vm.new_str(out);
        replace_top(s, above, n, v);
        HIT
    })
}

/// `rt_for_iter_gen`: the iterator is not a generator; the interpreter
/// steps it (`rt_exec_one`).
pub const NOT_GENERATOR: u32 = 3;

/// `ForIter` (the instruction at `ip`) over a generator: resumed here,
/// without a trip through the interpreter's `ForIter`; its next value
/// pushed ([`CONTINUE`]), or [`EXHAUSTED`] (the generator stays on the
/// stack), or [`DONE`] with its exception raised by the `ForIter`.
/// [`NOT_GENERATOR`] for any other iterator, nothing done.
pub extern "C" fn rt_for_iter_gen(jf: *mut JitFrame, sp: usize, ip: u64) -> u32 {
    // SAFETY: machine code passes the record `run_jitted` gave it.
    let jf = unsafe { &mut *jf };
    if jf.panic.is_some() {
        return DONE;
    }
    // SAFETY: the value below `sp` is initialized (machine code wrote it).
    let Value::Obj(g) = (unsafe { *jf.stack.add(sp - 1) }) else { return NOT_GENERATOR };
    // SAFETY: the record's VM is live and used by nothing else meanwhile.
    if !matches!(unsafe { (*jf.vm).heap.get(g) }, Obj::Generator(_)) {
        return NOT_GENERATOR;
    }
    // As after the instruction in the interpreter: an exception is
    // reported at the `for`'s line.
    jf.ip = ip as usize + 1;
    let mut exhausted = false;
    let status = jf.guarded(sp, |vm, _, _| {
        let mut ret = Value::None;
        match vm.resume_generator(g, Value::None, &mut ret)? {
            Some(v) => vm.stack.push(v),
            None => exhausted = true,
        }
        Ok(Step::Next)
    });
    match status {
        CONTINUE if exhausted => EXHAUSTED,
        s => s,
    }
}

/// `UnpackSequence(n)`, `n >= 1`, of a list or tuple of `n` items: they
/// replace it, the first on top.
pub extern "C" fn rt_unpack_sequence(jf: *mut JitFrame, sp: usize, n: u64) -> u32 {
    fast(jf, sp, |vm, _, s, above| {
        let Some(xs) = vm.heap.items_of_len(s[sp - 1], n as usize) else { return MISS };
        for (j, x) in xs.iter().rev().enumerate() {
            match j {
                0 => s[sp - 1] = *x,
                // SAFETY: room for the code's deepest stack is reserved.
                _ => unsafe { above.write(j - 1, *x) },
            }
        }
        HIT
    })
}

/// `LoadDeref(slot)` of a cell holding a value.
pub extern "C" fn rt_load_deref(jf: *mut JitFrame, sp: usize, slot: u64) -> u32 {
    fast(jf, sp, |vm, f, s, above| match vm.heap.cell_value(s[f.base + slot as usize]) {
        Some(v) => {
            // SAFETY: room for the code's deepest stack is reserved.
            unsafe { above.push(v) };
            HIT
        }
        None => MISS,
    })
}

/// `StoreDeref(slot)` into a cell.
pub extern "C" fn rt_store_deref(jf: *mut JitFrame, sp: usize, slot: u64) -> u32 {
    fast(jf, sp, |vm, f, s, _| if vm.heap.set_cell(s[f.base + slot as usize], s[sp - 1]) { HIT } else { MISS })
}

/// `Compare` (the instruction at `ip`) of two values the interpreter
/// compares without Python code (`Vm::compare_hit`: two strs, `in` of a
/// str in a str, and what machine code did not do inline).
pub extern "C" fn rt_compare(jf: *mut JitFrame, sp: usize, ip: u64) -> u32 {
    fast(jf, sp, |vm, f, s, _| {
        let Op::Compare(op) = f.code.ops[ip as usize] else { return MISS };
        match vm.compare_hit(op, s[sp - 2], s[sp - 1]) {
            Some(r) => {
                s[sp - 2] = r;
                HIT
            }
            None => MISS,
        }
    })
}

/// `Binary`/`Inplace` (the instruction at `ip`) of two numbers, or of two
/// sequences that concatenate or repeat (`Vm::binary_hit`: no Python
/// code).
pub extern "C" fn rt_binary(jf: *mut JitFrame, sp: usize, ip: u64) -> u32 {
    fast(jf, sp, |vm, f, s, _| {
        let (op, inplace) = match f.code.ops[ip as usize] {
            Op::Binary(op) => (op, false),
            Op::Inplace(op) => (op, true),
            _ => return MISS,
        };
        match vm.binary_hit(op, s[sp - 2], s[sp - 1], inplace) {
            Some(r) => {
                s[sp - 2] = r;
                HIT
            }
            None => MISS,
        }
    })
}
