//! Calls from machine code straight into a compiled callee's machine code.
//!
//! For `f(a, b)` of a Python function whose code is compiled, takes
//! exactly its positional parameters, and has no cells of its own,
//! defaults to fill or generator to make (a closure's cells are copied
//! in), the caller's machine code has [`rt_enter_direct`] check the callee
//! (through [`DirectEntry`], which compilation fills) and set its frame up
//! in the caller's own stack frame, as `Vm::enter_simple` and
//! `Vm::run_compiled_frame` would, and then calls the callee's machine
//! code itself: no Rust frame between the two, no `guarded`, no
//! interpreter call path. An inline `Return` hands the value straight
//! back; any other end (an exception, a frame the interpreter must go on
//! with) is finished in Rust by [`rt_finish_call`], exactly as the Rust
//! path would have. `cls(...)` of a class with a plain Python `__init__`
//! goes the same way into the `__init__`, with the new instance below its
//! frame, and so does `a op b` into the left operand's Python method
//! ([`rt_enter_binary`]).

use std::cell::Cell;
use std::mem::MaybeUninit;
use std::rc::Rc;

use super::runtime::{JitFrame, CONTINUE};
use crate::compile::bytecode::{BinOp, Code, Op};
use crate::interp::{Frame, Step};
use crate::object::{Obj, TypeKind, Value};

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
    pub(crate) fn set(&self, code: &Code, entry: super::JitFn) {
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
/// `code` with nothing to do but fill its other locals (and copy its
/// closure's cells in): no `*args`, `**kw` or keyword-only parameters, no
/// cells of its own to make, not a generator.
fn can_enter_directly(code: &Code) -> bool {
    !code.is_generator && !code.varargs && !code.varkw && code.kwonly == 0 && code.cell_slots.is_empty()
}

/// Where machine code keeps a direct call's callee: its record and its
/// frame, in the caller's stack frame (a call finishes before the next
/// one of the same frame starts); for `cls(...)`, the new instance and
/// the machine code of its `__init__` (see [`run_init`]).
#[repr(C)]
pub struct DirectPlace {
    record: MaybeUninit<JitFrame>,
    frame: MaybeUninit<Frame>,
    /// `Undef` for a function call.
    instance: Value,
    /// For `a op b` (see [`rt_enter_binary`]): the operator, and whether
    /// it is the in-place form.
    operator: Option<(BinOp, bool)>,
    /// The machine code [`run_init`] or [`run_operator`] calls.
    method_entry: usize,
}

/// Bytes machine code reserves for a [`DirectPlace`]; the record is at its start.
pub const PLACE_SIZE: u32 = size_of::<DirectPlace>() as u32;

/// A direct call's way in: for the `Call`/`CallMethod` of `operand`
/// (see `runtime::call_operand`) with `sp` values on the stack, if the
/// callable is a function [`DirectEntry`] lets machine code enter, or a
/// class whose instances a Python `__init__` with such an entry sets up
/// (`Vm::plain_init`), set its frame up at `place` as `Vm::enter_simple`
/// (or `Vm::instantiate_at`) and `JitFrame::new` would (locals, depth),
/// and give the address of the machine code to call with `place`; else 0
/// and nothing changed (the call goes through `rt_call`).
pub extern "C" fn rt_enter_direct(jf: *mut JitFrame, sp: usize, operand: u64, place: *mut DirectPlace) -> usize {
    guarded_entry(jf, || enter_call(jf, sp, operand, place))
}

/// Run `enter` (the body of an `rt_enter_*`); a panic is kept in the
/// record for the next runtime call to end the frame with, and reported
/// as 0 (no direct call), so it never unwinds into machine code.
fn guarded_entry(jf: *mut JitFrame, enter: impl FnOnce() -> usize) -> usize {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(enter)) {
        Ok(entry) => entry,
        Err(p) => {
            // SAFETY: machine code passes its live record.
            unsafe { (*jf).keep_panic(p) };
            0
        }
    }
}

/// `rt_enter_direct`'s work.
fn enter_call(jf: *mut JitFrame, sp: usize, operand: u64, place: *mut DirectPlace) -> usize {
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
    match vm.heap.get(r) {
        Obj::Function(f) => {
            let Some(callee_code) = enterable(&f.code, argc, fpos + 1, jf.cap, vm.depth, vm.recursion_limit) else { return 0 };
            let (code, globals) = (Rc::as_ptr(&f.code), f.globals);
            place.instance = Value::Undef;
            place.operator = None;
            set_up(jf, &mut vm.depth, &vm.jit, place, callee, code, globals, fpos + 1, argc);
            if !f.closure.is_empty() {
                copy_closure(jf, &f.code, &f.closure, fpos + 1);
            }
            callee_code
        }
        Obj::Class(c) if c.kind == TypeKind::Object && c.hpy.is_none() => enter_init(jf, vm, place, fpos, argc, r),
        _ => 0,
    }
}

/// `rt_enter_direct` for `cls(...)` (`cls` at `stack[fpos]` under `argc`
/// arguments): kept out of line, so the function calls above stay short.
#[inline(never)]
fn enter_init(jf: &mut JitFrame, vm: &mut crate::interp::Vm, place: &mut DirectPlace, fpos: usize, argc: usize, r: crate::object::ObjRef) -> usize {
    let Some(init) = vm.plain_init(r) else { return 0 };
    let Value::Obj(i) = init else { return 0 };
    let Obj::Function(f) = vm.heap.get(i) else { return 0 };
    // `__init__(self, *args)` with its frame two slots up: the
    // instance is kept below it (rooted, and the call's result).
    let Some(init_code) = enterable(&f.code, argc + 1, fpos + 2, jf.cap, vm.depth, vm.recursion_limit) else { return 0 };
    if !f.closure.is_empty() {
        // An `__init__` closing over names: rare, left to Rust.
        return 0;
    }
    let (code, globals) = (Rc::as_ptr(&f.code), f.globals);
    let inst = vm.new_instance(r);
    // SAFETY: `enterable` checked the room up to the frame's top,
    // above every slot written here.
    unsafe {
        std::ptr::copy(jf.stack.add(fpos + 1), jf.stack.add(fpos + 3), argc);
        jf.stack.add(fpos).write(init);
        jf.stack.add(fpos + 1).write(inst);
        jf.stack.add(fpos + 2).write(inst);
    }
    place.instance = inst;
    place.operator = None;
    place.method_entry = init_code;
    set_up(jf, &mut vm.depth, &vm.jit, place, init, code, globals, fpos + 2, argc + 1);
    run_init as *const () as usize
}

/// A direct `a op b` (the `Binary`/`Inplace` instruction at `ip`, its
/// operands the top two of the `sp` values on the stack): when `a` is an
/// instance whose class has a Python method for `op` that machine code can
/// enter, and CPython's order puts nothing before it (an in-place method,
/// a subclass's reflected one), set its call up at `place` as
/// `[method, a, b | a, b, locals...]` (the operands kept below the frame:
/// rooted, and there for the reflected method should it return
/// NotImplemented, see `rt_finish_call`), and give [`run_operator`]'s
/// address; else 0 and nothing changed (`rt_exec_one` does it).
pub extern "C" fn rt_enter_binary(jf: *mut JitFrame, sp: usize, ip: u64, place: *mut DirectPlace) -> usize {
    guarded_entry(jf, || enter_operator(jf, sp, ip, place))
}

/// `rt_enter_binary`'s work.
fn enter_operator(jf: *mut JitFrame, sp: usize, ip: u64, place: *mut DirectPlace) -> usize {
    // SAFETY: as in `rt_enter_direct`.
    let (jf, place) = unsafe { (&mut *jf, &mut *place) };
    // SAFETY: the record's frame is live while its machine code runs.
    let code = unsafe { &(*jf.frame_ptr()).code };
    let (op, inplace) = match code.ops.get(ip as usize) {
        Some(Op::Binary(op)) => (*op, false),
        Some(Op::Inplace(op)) => (*op, true),
        _ => return 0,
    };
    let Some(fpos) = sp.checked_sub(2) else { return 0 };
    // SAFETY: the two values below `sp`.
    let (a, b) = unsafe { (*jf.stack.add(fpos), *jf.stack.add(fpos + 1)) };
    let Value::Obj(ra) = a else { return 0 };
    // SAFETY: as in `rt_enter_direct`.
    let vm = unsafe { &mut *jf.vm_ptr() };
    let Obj::Instance(inst) = vm.heap.get(ra) else { return 0 };
    let ta = inst.class;
    let (name, rname, iname) = op.dunders();
    if inplace && vm.user_method(ta, iname).is_some() {
        return 0;
    }
    let tb = vm.type_of(b);
    if ta != tb && vm.is_subclass(tb, ta) && vm.user_method(tb, rname).is_some() {
        return 0;
    }
    let Some(method @ Value::Obj(m)) = vm.user_method(ta, name) else { return 0 };
    let Obj::Function(f) = vm.heap.get(m) else { return 0 };
    let base = fpos + 3;
    if !f.closure.is_empty() {
        return 0;
    }
    let Some(entry) = enterable(&f.code, 2, base, jf.cap, vm.depth, vm.recursion_limit) else { return 0 };
    let (code, globals) = (Rc::as_ptr(&f.code), f.globals);
    // SAFETY: `enterable` checked the room up to the frame's top, above
    // every slot written here.
    unsafe {
        for (k, v) in [method, a, b, a, b].into_iter().enumerate() {
            jf.stack.add(fpos + k).write(v);
        }
    }
    place.instance = Value::Undef;
    place.operator = Some((op, inplace));
    place.method_entry = entry;
    set_up(jf, &mut vm.depth, &vm.jit, place, method, code, globals, base, 2);
    run_operator as *const () as usize
}

/// What a direct `a op b` calls: the method's machine code, then a
/// NotImplemented it returned left for [`rt_finish_call`] (the reflected
/// method's turn).
extern "C" fn run_operator(record: *mut JitFrame) {
    let place = record as *mut DirectPlace;
    // SAFETY: as in `run_init`.
    unsafe {
        let entry = std::mem::transmute::<usize, super::JitFn>((*place).method_entry);
        entry(record);
        if let Some(Value::NotImplemented) = (*record).returned() {
            (*record).defer_return();
        }
    }
}

/// The machine code of `code` if a direct call with `argc` arguments and
/// its frame at `base` can enter it: compiled for that, its arity, room
/// for its frame below `cap`, the depth below the limit.
#[inline(always)]
fn enterable(code: &Code, argc: usize, base: usize, cap: usize, depth: usize, limit: usize) -> Option<usize> {
    let d = &code.jit.direct;
    let entry = d.entry.get();
    let fits = entry != 0 && d.arity.get() as usize == argc && base + d.span.get() as usize <= cap && depth < limit;
    fits.then_some(entry)
}

/// The callee's frame and record at `place`, for function `func` (of
/// `code` and `globals`) with its `argc` arguments at `base`; one level
/// deeper (`depth`, the VM's).
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn set_up(jf: &JitFrame, depth: &mut usize, jit: &super::Jit, place: &mut DirectPlace, func: Value, code: *const Code, globals: crate::object::ObjRef, base: usize, argc: usize) {
    *depth += 1;
    if jit.count_trips.is_some() {
        jit.calls_direct.set(jit.calls_direct.get() + 1);
    }
    // SAFETY: `code` is a live code object (its function's, which stays
    // on the stack until the call ends).
    let nlocals = unsafe { (*code).nlocals() };
    for k in base + argc..base + nlocals {
        // SAFETY: below the frame's top, which `enterable` checked.
        unsafe { jf.stack.add(k).write(Value::Undef) };
    }
    // SAFETY: the frame's code is the function's own, not counted: the
    // frame is never dropped, and the function (on the stack below the
    // frame until the call ends) keeps the code alive.
    let code = unsafe { Rc::from_raw(code) };
    let frame = place.frame.write(Frame { code, func, globals, locals: None, base, blocks_base: jf.blocks_len, handling_base: jf.handling_len });
    place.record.write(jf.for_callee(frame, base, base + nlocals));
}

/// A closure's cells into the free-variable slots of its frame at `base`
/// (as `Vm::setup_cells` does; the frame has no cells of its own).
fn copy_closure(jf: &JitFrame, code: &Code, closure: &[Value], base: usize) {
    for (s, c) in code.free_slots.iter().zip(closure) {
        // SAFETY: a local slot of the frame, below its top (`enterable`).
        unsafe { jf.stack.add(base + *s as usize).write(*c) };
    }
}

/// What a direct `cls(...)` calls: the `__init__`'s machine code, then its
/// plain `return None` made the call's result, the instance; another
/// returned value is left for [`rt_finish_call`] to refuse.
extern "C" fn run_init(record: *mut JitFrame) {
    let place = record as *mut DirectPlace;
    // SAFETY: `rt_enter_direct` set the place up (record first) with the
    // address of compiled machine code of this signature.
    unsafe {
        let entry = std::mem::transmute::<usize, super::JitFn>((*place).method_entry);
        entry(record);
        let inst = (*place).instance;
        (*record).init_returned(inst);
    }
}

/// A direct call (of instruction `ip`, its callee at `stack[fpos]`) whose
/// callee did not end with an inline `Return`: finish the callee as
/// `Vm::run_compiled_frame` would (handle its exception in it, or go on
/// where it left off), then its result replaces the call on the stack as
/// after `rt_call` (for `cls(...)`, the instance, if `__init__` returned
/// None), or its exception is the call's.
pub extern "C" fn rt_finish_call(jf: *mut JitFrame, place: *mut DirectPlace, fpos: usize, ip: u64) -> u32 {
    // SAFETY: machine code passes its own record and the callee's place,
    // which it made in its stack frame and whose machine code has just
    // returned; neither is used by anything else meanwhile.
    let (jf, place) = unsafe { (&mut *jf, &mut *place) };
    // SAFETY: `rt_enter_direct` wrote the record.
    let callee = unsafe { place.record.assume_init_mut() };
    if jf.panic_pending() {
        return super::runtime::DONE;
    }
    jf.ip = ip as usize + 1;
    // The stack as the callee's last runtime call left it.
    let sp = callee.sp;
    let instance = place.instance;
    let status = jf.guarded(sp, |vm, _, _| {
        // SAFETY: the callee's frame, written by `rt_enter_direct`: its
        // `code` a pointer the callee's function holds (the function stays
        // on the stack at `fpos` until this returns), so it is used by
        // reference and never dropped.
        let f: &Frame = unsafe { &*callee.frame_ptr() };
        let Some(func) = f.code.jit.compiled() else { unreachable!("a direct call enters compiled code only") };
        let mut at = callee.ip;
        let first = if callee.is_done() { callee.finish(vm, &mut at) } else { Ok(Step::Next) };
        let r = vm.jitted_frame_loop(f, at, Some(first), func);
        let r = vm.frame_result(r);
        vm.depth -= 1;
        if let (Some((op, inplace)), Ok(Value::NotImplemented)) = (place.operator, &r) {
            // The left operand's method declined: the rest of `a op b`,
            // with the operands kept below the frame.
            let (a, b) = (vm.stack[fpos + 1], vm.stack[fpos + 2]);
            vm.stack.truncate(fpos + 3);
            let r = vm.binary_after_left(op, a, b, inplace);
            vm.stack.truncate(fpos);
            vm.stack.push(r?);
            return Ok(Step::Next);
        }
        vm.stack.truncate(fpos);
        let r = match instance {
            Value::Undef => r?,
            inst => vm.instance_after_init(inst, r?)?,
        };
        vm.stack.push(r);
        Ok(Step::Next)
    });
    debug_assert!(status == CONTINUE || jf.is_done());
    status
}
