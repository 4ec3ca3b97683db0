//! `Call` and `CallMethod`: straight into the callee's machine code where
//! it can be entered that way (`rt_enter_direct` sets it up, see
//! `jit/calls.rs`), else through `rt_call`, the interpreter's own call;
//! and operators on instances as direct calls of their Python methods
//! (`rt_enter_binary`), else through `rt_exec_one`.

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{self, types, AbiParam, InstBuilder, MemFlagsData, StackSlotData, StackSlotKind};

use super::{runtime, seen, tag, Cv, Lower, Slot, Tag, PAYLOAD};
use super::extension::Shape;
use crate::hpy::machine::ExtLayout;
use crate::object::layout::HeapLayout;
use crate::interp::Vm;
use crate::jit::calls::{rt_enter_binary, rt_enter_direct, rt_finish_call, DirectPlace, PLACE_SIZE};
use crate::jit::runtime::layout;

/// `rt_enter_direct` and `rt_enter_binary`.
type EnterFn = extern "C" fn(*mut runtime::JitFrame, usize, u64, *mut DirectPlace) -> usize;

/// Where machine code counts the call depth (`Vm::depth`) back down.
const VM_DEPTH: i32 = std::mem::offset_of!(Vm, depth) as i32;

/// What the direct calls of one function share: room in its stack frame
/// for the callee's `JitFrame` and `Frame` (a `calls::DirectPlace`), and
/// the signatures they call.
#[derive(Clone, Copy)]
pub(super) struct DirectCalls {
    place: ir::StackSlot,
    enter: ir::SigRef,
    callee: ir::SigRef,
    finish: ir::SigRef,
}

impl Lower<'_, '_> {
    /// Instruction `i`, `Call(n)` or (`method`) `CallMethod(n)`: the result
    /// replaces the callable and its arguments, and machine code goes on
    /// at `i + 1` with it in a machine value; or out if the call raised.
    pub(super) fn call(&mut self, i: usize, n: u32, method: bool) {
        self.flush_for_call();
        let after = self.after_call(i);
        // Through Rust: when machine code cannot tell where the call goes.
        let generic = self.side_block(|l| {
            let status = l.call_fast(runtime::rt_call, runtime::call_operand(i, n, method));
            l.b.ins().jump(after, &[ir::BlockArg::Value(status)]);
        });
        let seen = self.code.jit.seen_at(i);
        if let (1, false, Some(h), Some(len_fn)) = (n, method, self.heap, self.facts.len_fn) {
            if seen == 0 || seen & seen::LEN != 0 {
                self.len_inline(i, h, len_fn);
            }
        }
        if method && n == 1 && seen & seen::APPEND != 0 {
            self.append_fast(i);
        }
        // Where the interpreter saw only other callables (builtins,
        // builtin classes, bound methods), the call goes through Rust alone.
        if seen & seen::EXT != 0 && seen & seen::PY_CALLEE == 0 && self.facts.universal_ctx != 0 {
            if let (Some(h), Some(e)) = (self.heap, ExtLayout::get()) {
                // A site that met a KEYWORDS function called without
                // keywords calls that kind inline, the others through Rust.
                let shape = if seen & seen::EXT_KEYWORDS != 0 { Shape::Keywords(None, 0) } else { Shape::Positional };
                self.call_extension_inline(i, n, method, shape, h, e, self.facts.universal_ctx, after);
            }
        }
        // Where it met extension types: their `tp_new` from machine code
        // while the site's cache holds, else `rt_construct` (which fills
        // it, or calls as `rt_call_native` does).
        if let (0, Some(&site), Some(e), ctx @ 1..) = (seen & seen::PY_CALLEE, self.facts.new_sites.get(&i), ExtLayout::get(), self.facts.universal_ctx) {
            self.construct_inline(i, n, method, site, e, ctx, after);
            let status = self.call_fast(runtime::rt_construct, site as u64);
            let native = self.b.ins().icmp_imm_s(IntCC::NotEqual, status, runtime::NOT_NATIVE as i64);
            self.b.ins().brif(native, after, &[ir::BlockArg::Value(status)], generic, &[]);
            return;
        }
        if seen != 0 && seen & seen::PY_CALLEE == 0 {
            // A builtin function or method straight to its function, else
            // the interpreter's call.
            let status = self.call_fast(runtime::rt_call_native, runtime::call_operand(i, n, method));
            let native = self.b.ins().icmp_imm_s(IntCC::NotEqual, status, runtime::NOT_NATIVE as i64);
            self.b.ins().brif(native, after, &[ir::BlockArg::Value(status)], generic, &[]);
            return;
        }
        self.call_direct(i, runtime::call_operand(i, n, method), generic, after);
    }

    /// Where a call (instruction `i`) finished in Rust goes, given its
    /// status: out if the frame is done, else on to `i + 1` with the
    /// result loaded.
    fn after_call(&mut self, i: usize) -> ir::Block {
        self.side_block(|l| {
            let status = l.b.append_block_param(l.b.current_block().expect("the side block"), types::I32);
            let next = l.b.create_block();
            l.b.ins().brif(status, l.exit, &[], next, &[]);
            l.b.switch_to_block(next);
            l.reload();
            l.want(1);
            l.jump_to(i + 1);
            l.virt.clear();
        })
    }

    /// Instruction `i`, `CallKw(n, names)`: where the site met an
    /// extension function, machine code calling its `impl` (see
    /// `call_extension_inline`), else (and for any other callable)
    /// through `rt_call_kw`; on at `i + 1` with the result loaded, or out
    /// if the call raised.
    pub(super) fn call_kw(&mut self, i: usize, n: u32, names: u32) {
        self.flush_for_call();
        let after = self.after_call(i);
        let seen = self.code.jit.seen_at(i);
        let code = self.code;
        let names = &code.consts[names as usize];
        let nkw = self.facts.keyword_counts.get(&i).copied();
        if let (true, Some(nkw), Some(h), Some(e)) = (seen & seen::EXT != 0 && seen & seen::PY_CALLEE == 0 && self.facts.universal_ctx != 0, nkw, self.heap, ExtLayout::get()) {
            self.call_extension_inline(i, n, false, Shape::Keywords(Some(names), nkw), h, e, self.facts.universal_ctx, after);
        }
        let status = self.call_fast(runtime::rt_call_kw, i as u64);
        self.b.ins().jump(after, &[ir::BlockArg::Value(status)]);
    }

    /// `len(x)` (instruction `i`, a `Call(1)`, everything in memory) of a
    /// list, tuple or str, inline: the callable a native whose function is
    /// the builtin `len`'s (`len_fn`), `x` one of those. Any other case goes
    /// on in the block left current, nothing changed.
    fn len_inline(&mut self, i: usize, h: &HeapLayout, len_fn: usize) {
        let not_len = self.b.create_block();
        let f_at = self.object_in_memory(h, 2, not_len);
        let is_native = self.kind_is(f_at, h.native);
        let func = self.load(f_at, h.native_func);
        let is_len = self.b.ins().icmp_imm_s(IntCC::Equal, func, len_fn as i64);
        let native_len = self.b.ins().band(is_native, is_len);
        self.guard(native_len, not_len);
        let at = self.object_in_memory(h, 1, not_len);
        let (items, text) = (self.b.create_block(), self.b.create_block());
        let done = self.b.create_block();
        self.b.append_block_param(done, types::I64);
        let seq = self.is_list_or_tuple(h, at);
        let not_seq = self.b.create_block();
        self.b.ins().brif(seq, items, &[], not_seq, &[]);
        self.b.switch_to_block(not_seq);
        let is_str = self.kind_is(at, h.string);
        self.b.ins().brif(is_str, text, &[], not_len, &[]);
        self.b.switch_to_block(items);
        let n = self.load(at, h.items_len);
        self.b.ins().jump(done, &[ir::BlockArg::Value(n)]);
        self.b.switch_to_block(text);
        let n = self.load(at, h.str_chars);
        self.b.ins().jump(done, &[ir::BlockArg::Value(n)]);
        self.b.switch_to_block(done);
        let n = self.b.block_params(done)[0];
        self.add_sp(-2);
        self.push(Tag::Known(tag::INT), n);
        self.jump_to(i + 1);
        self.virt.clear();
        self.b.switch_to_block(not_len);
    }

    /// The heap slot of the object `k` values below the top of the stack
    /// in memory; to `other` if that value is not an object.
    pub(super) fn object_in_memory(&mut self, h: &HeapLayout, k: i64, other: ir::Block) -> Cv {
        let v = self.stack_value(k);
        let is_obj = self.tag_is(v, tag::OBJ);
        self.guard(is_obj, other);
        self.heap_slot(h, Slot { tag: Tag::Known(tag::OBJ), payload: v.payload })
    }

    /// `xs.append(v)` (a `CallMethod(1)`, everything in memory) through
    /// `rt_call_append`; any other callable goes on in the block left
    /// current (the call), nothing changed.
    fn append_fast(&mut self, i: usize) {
        let status = self.call_fast(runtime::rt_call_append, 0);
        let (hit, other) = (self.b.create_block(), self.b.create_block());
        self.b.ins().brif(status, other, &[], hit, &[]);
        self.b.switch_to_block(hit);
        self.add_sp(-3);
        let none = self.b.ins().iconst(types::I64, 0);
        self.push(Tag::Known(tag::NONE), none);
        self.jump_to(i + 1);
        self.virt.clear();
        self.b.switch_to_block(other);
    }

    /// The direct call of instruction `i` (`operand`: `rt_call`'s),
    /// everything in memory: `rt_enter_direct` sets the callee up, or
    /// says to go to `generic` with nothing changed; `after` takes the
    /// status of a call finished in Rust.
    fn call_direct(&mut self, i: usize, operand: u64, generic: ir::Block, after: ir::Block) {
        let (n, method) = runtime::call_arity(operand);
        let enter = rt_enter_direct as EnterFn;
        let (fpos, ret, value) = self.enter_direct(i, enter, operand, n as i64 + method as i64 + 1, generic, after);
        // The value replaces the call, in a machine value (what
        // `run_compiled_frame` and `call_at` do after it).
        self.b.def_var(self.sp, fpos);
        self.push(Tag::Dyn(ret), value);
        self.jump_to(i + 1);
        self.virt.clear();
    }

    /// `a op b` (instruction `i`, a `Binary` or `Inplace` whose operands
    /// met objects) as a direct call of `a`'s Python method where
    /// `rt_enter_binary` finds one; else `rt_exec_one`. Everything is in
    /// memory (the virtual stack flushed) on every way, and machine code
    /// goes on at `i + 1` as after `rt_exec_one`.
    pub(super) fn operator_block(&mut self, i: usize) -> ir::Block {
        self.side_block(|l| {
            let virt = l.virt.clone();
            l.flush();
            // Made after the flush: it starts with everything in memory.
            let generic = l.exec_one_block(i);
            let go_on = l.b.create_block();
            l.after_exec_one[i + 1].push(go_on);
            let after = l.side_block(|l| {
                let status = l.b.append_block_param(l.b.current_block().expect("the side block"), types::I32);
                l.b.ins().brif(status, l.exit, &[], go_on, &[]);
            });
            let enter = rt_enter_binary as EnterFn;
            let (fpos, ret, value) = l.enter_direct(i, enter, i as u64, 2, generic, after);
            let at = l.slot(fpos);
            l.store(ret, at, 0);
            l.store(value, at, PAYLOAD);
            let sp = l.b.ins().iadd_imm_s(fpos, 1);
            l.store(sp, l.jf, layout::SP);
            l.b.ins().jump(go_on, &[]);
            l.virt = virt;
        })
    }

    /// Have `enter` (an `rt_enter_*` with `operand`) set a direct call up
    /// for instruction `i`, everything in memory, its result to go to
    /// `sp - back`: to `generic` if it did not (nothing changed); else the
    /// callee is called. Where it did not end with an inline `Return`,
    /// `rt_finish_call` finishes it and `after` gets its status; where it
    /// did, the builder is left there with the stack's address restored,
    /// and the result's slot, tag and payload are returned.
    fn enter_direct(&mut self, i: usize, enter: EnterFn, operand: u64, back: i64, generic: ir::Block, after: ir::Block) -> (Cv, Cv, Cv) {
        let direct = self.direct_calls();
        let place = self.b.ins().stack_addr(self.ptr, direct.place, 0);
        let f = self.b.ins().iconst(self.ptr, enter as *const () as i64);
        let sp = self.b.use_var(self.sp);
        let operand_v = self.b.ins().iconst(types::I64, operand as i64);
        let call = self.b.ins().call_indirect(direct.enter, f, &[self.jf, sp, operand_v, place]);
        let entry = self.b.inst_results(call)[0];
        let fpos = self.add_imm(sp, -back);
        let entered = self.b.ins().icmp_imm_s(IntCC::NotEqual, entry, 0);
        self.guard(entered, generic);
        // The callee's record is at the start of `place`.
        self.b.ins().call_indirect(direct.callee, entry, &[place]);

        let ret = self.load(place, layout::RET);
        let (returned, finish) = (self.b.create_block(), self.b.create_block());
        let plain = self.b.ins().icmp_imm_s(IntCC::NotEqual, ret, tag::UNDEF);
        self.b.ins().brif(plain, returned, &[], finish, &[]);

        // Anything but an inline `Return`: finished in Rust.
        self.b.switch_to_block(finish);
        let f = self.b.ins().iconst(self.ptr, rt_finish_call as *const () as i64);
        let ip = self.b.ins().iconst(types::I64, i as i64);
        let call = self.b.ins().call_indirect(direct.finish, f, &[self.jf, place, fpos, ip]);
        let status = self.b.inst_results(call)[0];
        self.b.ins().jump(after, &[ir::BlockArg::Value(status)]);

        self.b.switch_to_block(returned);
        let vm = self.b.ins().load(self.ptr, MemFlagsData::trusted(), self.jf, layout::VM);
        let depth = self.load(vm, VM_DEPTH);
        let back = self.b.ins().iadd_imm_s(depth, -1);
        self.store(back, vm, VM_DEPTH);
        // The callee's runtime calls may have moved the stack.
        let stk = self.b.ins().load(self.ptr, MemFlagsData::trusted(), place, layout::STACK);
        let cap = self.load(place, layout::CAP);
        self.store(stk, self.jf, layout::STACK);
        self.store(cap, self.jf, layout::CAP);
        self.b.def_var(self.stk, stk);
        let value = self.load(place, layout::RET + PAYLOAD);
        (fpos, ret, value)
    }

    /// This function's [`DirectCalls`], made at its first call site.
    fn direct_calls(&mut self) -> DirectCalls {
        if self.direct.is_none() {
            let place = self.b.create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, PLACE_SIZE, 3));
            let conv = self.b.func.signature.call_conv;
            let ptr = AbiParam::new(self.ptr);
            let mut enter = ir::Signature::new(conv);
            enter.params.extend([ptr, AbiParam::new(types::I64), AbiParam::new(types::I64), ptr]);
            enter.returns.push(ptr);
            let mut callee = ir::Signature::new(conv);
            callee.params.push(ptr);
            let mut finish = ir::Signature::new(conv);
            finish.params.extend([ptr, ptr, AbiParam::new(types::I64), AbiParam::new(types::I64)]);
            finish.returns.push(AbiParam::new(types::I32));
            let (enter, callee, finish) = (self.b.import_signature(enter), self.b.import_signature(callee), self.b.import_signature(finish));
            self.direct = Some(DirectCalls { place, enter, callee, finish });
        }
        self.direct.expect("made above")
    }
}
