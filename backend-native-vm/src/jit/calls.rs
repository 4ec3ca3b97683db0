//! Calls from machine code straight into a compiled callee's machine code.
//!
//! For `f(a, b)` of a Python function whose code is compiled, takes
//! exactly its positional parameters, and has no cells, defaults to fill
//! or generator to make, the caller's machine code has [`rt_enter_direct`]
//! check the callee (through [`DirectEntry`], which compilation fills) and
//! set its frame up in the caller's own stack frame, as `Vm::enter_simple`
//! and `Vm::run_compiled_frame` would, and then calls the callee's machine
//! code itself: no Rust frame between the two, no `catch_unwind`, no
//! interpreter call path. An inline `Return` hands the value straight
//! back; any other end (an exception, a frame the interpreter must go on
//! with) is finished in Rust by [`rt_finish_call`], exactly as the Rust
//! path would have.

use std::cell::Cell;
use std::mem::MaybeUninit;
use std::rc::Rc;

use super::runtime::{JitFrame, CONTINUE};
use crate::compile::bytecode::Code;
use crate::interp::{Frame, Step};
use crate::object::{Obj, Value};

/// A compiled code object as a direct call sees it; all zero until then,
/// and for code a direct call cannot enter (see [`can_enter_directly`]).
#[derive(Default)]
pub struct DirectEntry {
    /// The machine code's address.
    pub entry: Cell<usize>,
    /// The number of positional arguments a direct call must pass.
    pub arity: Cell<u32>,
    /// Local slots the frame has (the arguments are the first).
    pub nlocals: Cell<u32>,
    /// Stack slots the frame needs from its base: locals and operands.
    pub span: Cell<u32>,
}

impl DirectEntry {
    /// Make `code`'s machine code `entry` callable directly, if it can be.
    pub(crate) fn set(&self, code: &Rc<Code>, entry: super::JitFn) {
        if !can_enter_directly(code) {
            return;
        }
        self.arity.set(code.argcount);
        self.nlocals.set(code.nlocals() as u32);
        self.span.set((code.nlocals() + code.jit.room.get()) as u32);
        self.entry.set(entry as usize);
    }
}

/// Whether a positional call with exactly `argcount` arguments enters
/// `code` with nothing to do but fill its other locals: no `*args`,
/// `**kw` or keyword-only parameters, no cells to make, not a generator.
fn can_enter_directly(code: &Code) -> bool {
    !code.is_generator && !code.varargs && !code.varkw && code.kwonly == 0 && code.cell_slots.is_empty() && code.free_slots.is_empty()
}

/// Where machine code keeps a direct call's callee: its record and its
/// frame, in the caller's stack frame (a call finishes before the next
/// one of the same frame starts).
#[repr(C)]
pub struct DirectPlace {
    record: MaybeUninit<JitFrame>,
    frame: MaybeUninit<Frame>,
}

/// Bytes machine code reserves for a [`DirectPlace`]; the record is at its start.
pub const PLACE_SIZE: u32 = size_of::<DirectPlace>() as u32;

/// A direct call's way in: for the `Call`/`CallMethod` of `operand`
/// (see `runtime::call_operand`) with `sp` values on the stack, if the
/// callable is a function [`DirectEntry`] lets machine code enter, set its
/// frame up at `place` as `Vm::enter_simple` and `JitFrame::new` would
/// (locals, depth), and give the address of its machine code, to be
/// called with `place`; else 0 and nothing changed (the call goes through
/// `rt_call`).
pub extern "C" fn rt_enter_direct(jf: *mut JitFrame, sp: usize, operand: u64, place: *mut DirectPlace) -> usize {
    // SAFETY: machine code passes its record, whose VM is live and used by
    // nothing else during this call, the `sp` values below its stack
    // pointer initialized, and `place`, room for a `DirectPlace`.
    let (jf, place) = unsafe { (&mut *jf, &mut *place) };
    let (n, method) = super::runtime::call_arity(operand);
    let argc = n + method as usize;
    let Some(fpos) = sp.checked_sub(argc + 1) else { return 0 };
    // SAFETY: as above: `fpos + 1 < sp`.
    let (callee, receiver) = unsafe { (*jf.stack.add(fpos), *jf.stack.add(fpos + 1)) };
    if method && matches!(receiver, Value::Undef) {
        return 0;
    }
    let Value::Obj(r) = callee else { return 0 };
    // SAFETY: as above.
    let vm = unsafe { &mut *jf.vm_ptr() };
    let Obj::Function(f) = vm.heap.get(r) else { return 0 };
    let d = &f.code.jit.direct;
    let (entry, base) = (d.entry.get(), fpos + 1);
    let (nlocals, top) = (d.nlocals.get() as usize, base + d.span.get() as usize);
    if entry == 0 || d.arity.get() as usize != argc || top > jf.cap || vm.depth >= vm.recursion_limit {
        return 0;
    }
    vm.depth += 1;
    if vm.jit.count_trips.is_some() {
        vm.jit.calls_direct.set(vm.jit.calls_direct.get() + 1);
    }
    for k in base + argc..base + nlocals {
        // SAFETY: below `top`, within the stack's capacity.
        unsafe { jf.stack.add(k).write(Value::Undef) };
    }
    // SAFETY: the frame's code is the function's own, not counted: the
    // frame is never dropped, and the function (on the stack at `fpos`
    // until the call ends) keeps the code alive.
    let code = unsafe { Rc::from_raw(Rc::as_ptr(&f.code)) };
    let frame = place.frame.write(Frame { code, func: callee, globals: f.globals, locals: None, base, blocks_base: jf.blocks_len, handling_base: jf.handling_len });
    place.record.write(jf.for_callee(frame, base, base + nlocals));
    entry
}

/// A direct call (of instruction `ip`, its callee at `stack[fpos]`) whose
/// callee did not end with an inline `Return`: finish the callee as
/// `Vm::run_compiled_frame` would (handle its exception in it, or go on
/// where it left off), then its result replaces the call on the stack as
/// after `rt_call`, or its exception is the call's.
pub extern "C" fn rt_finish_call(jf: *mut JitFrame, callee: *mut JitFrame, fpos: usize, ip: u64) -> u32 {
    // SAFETY: machine code passes its own record and the callee's, which
    // it made in its stack frame and which the callee's machine code has
    // just returned from; neither is used by anything else meanwhile.
    let (jf, callee) = unsafe { (&mut *jf, &mut *callee) };
    if jf.panic_pending() {
        return super::runtime::DONE;
    }
    jf.ip = ip as usize + 1;
    // The stack as the callee's last runtime call left it.
    let sp = callee.sp;
    let status = jf.guarded(sp, |vm, _, _| {
        // SAFETY: the callee's frame, written by machine code: every
        // field valid, its `code` a pointer the callee's function holds
        // (the function stays on the stack at `fpos` until this returns),
        // so it is used by reference and never dropped.
        let f: &Frame = unsafe { &*callee.frame_ptr() };
        let Some(func) = f.code.jit.compiled() else { unreachable!("a direct call enters compiled code only") };
        let mut at = callee.ip;
        let first = if callee.is_done() { callee.finish(vm, &mut at) } else { Ok(Step::Next) };
        let r = vm.jitted_frame_loop(f, at, Some(first), func);
        let r = vm.frame_result(r);
        vm.depth -= 1;
        vm.stack.truncate(fpos);
        vm.stack.push(r?);
        Ok(Step::Next)
    });
    debug_assert!(status == CONTINUE || jf.is_done());
    status
}
