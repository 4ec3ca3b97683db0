//! `Call`, `CallMethod` and `CallKw` of an extension function or method,
//! and `cls(...)` of an extension type, with machine code calling the
//! `impl` itself: the callable checked (a function: the one the call
//! site's cache, `runtime::ExtSite`, names, in one compare, else an
//! `HpyFunc` whose `how` is this call's shape, which fills the cache; a
//! method: that, and a receiver of the owner type; a type: the class its
//! call site's cache names, as of the current attribute epoch), `self`
//! (or the class) and the arguments given handles of the call site's own
//! (slots reserved for it in the handle table when it was compiled:
//! filled here, emptied after, the free list untouched), the VM's stack
//! length and the context's VM pointer set, `impl` called with the
//! universal context, and the result read out of its handle. What is
//! unusual goes to Rust: before the call (the site's handles in use by a
//! call further up, another callable) the general path with nothing
//! changed, after it (a NULL result, an error set) `rt_ext_result`.

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{self, types, AbiParam, InstBuilder, MemFlagsData, StackSlotData, StackSlotKind};

use super::{runtime, tag, Cv, Lower, Tag, PAYLOAD, VALUE_SHIFT};
use crate::hpy::machine::{how, how_for_call, ExtLayout, MAX_KW_VALUES};
use crate::jit::runtime::{layout, ExtSite, NewSite};
use crate::object::layout::HeapLayout;
use crate::object::Value;

/// A receiver's (or class's) handle the call opened, to close after it:
/// `flag` nonzero where it was opened (a function's module handle, which
/// the function keeps open, takes the same path with 0), `handle` the
/// site's slot it went into.
#[derive(Clone, Copy)]
struct Opened {
    flag: Cv,
    handle: u32,
}

/// What an inline call passes to the `impl` besides `self`.
#[derive(Clone, Copy)]
pub(super) enum Shape<'c> {
    /// The arguments: as NOARGS, O or VARARGS.
    Positional,
    /// Positionals then keyword values, and the names (the code's
    /// constant tuple, how many; None and 0 for a call without keywords)
    /// as kwnames: KEYWORDS.
    Keywords(Option<&'c Value>, usize),
    /// tp_new's (cls, args, nargs, NULL).
    New,
}

/// The signatures inline extension calls use, imported once per function.
#[derive(Clone, Copy)]
pub(super) struct ExtSigs {
    /// `impl` of NOARGS (ctx, self), O (ctx, self, arg), VARARGS (ctx,
    /// self, args, nargs), KEYWORDS (ctx, self, args, nargs, kwnames);
    /// each returns a handle.
    noargs: ir::SigRef,
    one: ir::SigRef,
    varargs: ir::SigRef,
    keywords: ir::SigRef,
    /// `rt_ext_result(jf, sp, operand, handle) -> status`.
    result: ir::SigRef,
}

impl Lower<'_, '_> {
    /// Instruction `i` (`Call(n)`, or `CallMethod(n)` if `method`,
    /// everything in memory) as an inline call of an extension function
    /// made with the universal context `ctx`; `after` takes the status of
    /// a call finished in Rust. Any other callable goes on in the block
    /// left current, nothing changed.
    ///
    /// With `shape` `Keywords` the callable is a KEYWORDS module function:
    /// the `n` values are positionals then keyword values, and a
    /// `CallKw`'s names tuple is its kwnames (none, NULL, for a plain call).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn call_extension_inline(&mut self, i: usize, n: u32, method: bool, shape: Shape, h: &HeapLayout, e: &ExtLayout, ctx: usize, after: ir::Block) {
        let (as_function, as_method) = match shape {
            Shape::Positional => match (how_for_call(n as usize, false), how_for_call(n as usize, true)) {
                (Some(f), Some(m)) => (f, m),
                _ => return,
            },
            // A `CallKw` is never a method call; a plain call may be.
            Shape::Keywords(None, _) if n as usize <= MAX_KW_VALUES => (how::KEYWORDS, how::METHOD + how::KEYWORDS),
            Shape::Keywords(Some(_), _) if !method && n as usize <= MAX_KW_VALUES => (how::KEYWORDS, how::NOT),
            Shape::Keywords(..) | Shape::New => return,
        };
        if method {
            if let Some(f) = self.known_ext_method(n) {
                // Rust raises what a call of another shape raises.
                if f.how == as_method {
                    self.call_known_method(i, n, shape, f, e, ctx, after);
                }
                return;
            }
        }
        // The receiver's slot (a method's), then the arguments' (and the
        // keyword names').
        let names = matches!(shape, Shape::Keywords(Some(_), _)) as usize;
        let Some(slots) = self.site_handles(method as usize + n as usize + names) else { return };
        let (recv_slot, arg_slots) = slots.split_at(method as usize);
        let other = self.b.create_block();
        let k = n as i64 + 1 + method as i64;
        let site = self.facts.ext_sites.get(&i).copied();
        if let Some(site) = site {
            // The function the site called last (its cache filled below),
            // called again: one compare, its `impl` and module handle
            // read from the cache.
            let checked = self.b.create_block();
            if method {
                let recv = self.stack_value(n as i64 + 1);
                let plain = self.tag_is(recv, tag::UNDEF);
                self.guard(plain, checked);
            }
            let f = self.stack_value(k);
            let is_obj = self.tag_is(f, tag::OBJ);
            self.guard(is_obj, checked);
            let site_v = self.b.ins().iconst(self.ptr, site as i64);
            let cached = self.load(site_v, ExtSite::CALLEE);
            let same = self.b.ins().icmp(IntCC::Equal, cached, f.payload);
            self.guard(same, checked);
            let (module, impl_) = (self.load(site_v, ExtSite::MODULE), self.load(site_v, ExtSite::IMPL));
            let vm = self.b.ins().load(self.ptr, MemFlagsData::trusted(), self.jf, layout::VM);
            self.call_impl_inline(i, n, method, shape, vm, e, ctx, module, None, arg_slots, impl_, other, after);
            self.b.switch_to_block(checked);
        }
        let f_at = self.object_in_memory(h, k, other);
        let is_ext = self.kind_is(f_at, e.func);
        self.guard(is_ext, other);
        let func = self.b.ins().load(self.ptr, MemFlagsData::trusted(), f_at, e.func_box);
        let how_v = self.load_u32(func, e.how);

        // `self`: a method's receiver, given a handle here (`opened`: 1),
        // or a function's module, whose handle the function keeps open.
        let vm = self.b.ins().load(self.ptr, MemFlagsData::trusted(), self.jf, layout::VM);
        let join = self.b.create_block();
        self.b.append_block_param(join, types::I64);
        self.b.append_block_param(join, types::I64);
        let as_fn = self.b.create_block();
        if method {
            // `LoadMethod` left `Undef` above a plain callable, else the
            // receiver above the method.
            let recv_v = self.stack_value(n as i64 + 1);
            let as_meth = self.b.create_block();
            match recv_v.tag {
                Tag::Known(tag::UNDEF) => self.b.ins().jump(as_fn, &[]),
                Tag::Known(_) => self.b.ins().jump(as_meth, &[]),
                Tag::Dyn(t) => {
                    let plain = self.b.ins().icmp_imm_s(IntCC::Equal, t, tag::UNDEF);
                    self.b.ins().brif(plain, as_fn, &[], as_meth, &[])
                }
            };
            self.b.switch_to_block(as_meth);
            let is_meth = self.b.ins().icmp_imm_s(IntCC::Equal, how_v, as_method as i64);
            self.guard(is_meth, other);
            // A receiver of exactly the owner type (a subclass's goes
            // through Rust, which checks it).
            let is_obj = self.tag_is(recv_v, tag::OBJ);
            self.guard(is_obj, other);
            let recv = recv_v.payload;
            let recv_tag = self.tag_value(recv_v);
            let recv_at = self.heap_slot(h, super::Slot { tag: Tag::Known(tag::OBJ), payload: recv });
            let is_inst = self.kind_is(recv_at, h.instance);
            self.guard(is_inst, other);
            let class = self.load_u32(recv_at, h.inst_class);
            let owner = self.load_u32(func, e.owner);
            let owned = self.b.ins().icmp(IntCC::Equal, class, owner);
            self.guard(owned, other);
            let hd = self.open_reserved(vm, e, recv_slot, &[(recv_tag, recv)], other)[0];
            let one = self.b.ins().iconst(types::I64, 1);
            self.b.ins().jump(join, &[ir::BlockArg::Value(hd), ir::BlockArg::Value(one)]);
        } else {
            self.b.ins().jump(as_fn, &[]);
        }
        self.b.switch_to_block(as_fn);
        let is_fn = self.b.ins().icmp_imm_s(IntCC::Equal, how_v, as_function as i64);
        self.guard(is_fn, other);
        let hd = self.load(func, e.self_handle);
        if let Some(site) = site {
            let f = self.stack_value(k);
            let site_v = self.b.ins().iconst(self.ptr, site as i64);
            let impl_ = self.b.ins().load(self.ptr, MemFlagsData::trusted(), func, e.impl_);
            self.store(f.payload, site_v, ExtSite::CALLEE);
            self.store(hd, site_v, ExtSite::MODULE);
            self.store(impl_, site_v, ExtSite::IMPL);
        }
        let zero = self.b.ins().iconst(types::I64, 0);
        self.b.ins().jump(join, &[ir::BlockArg::Value(hd), ir::BlockArg::Value(zero)]);

        self.b.switch_to_block(join);
        let (me, flag) = (self.b.block_params(join)[0], self.b.block_params(join)[1]);
        let impl_ = self.b.ins().load(self.ptr, MemFlagsData::trusted(), func, e.impl_);
        let opened = recv_slot.first().map(|&handle| Opened { flag, handle });
        self.call_impl_inline(i, n, method, shape, vm, e, ctx, me, opened, arg_slots, impl_, other, after);
    }

    /// The extension method a `CallMethod(n)` takes, where it is known at
    /// compile time: the callable `flush_for_call` wrote is the constant a
    /// `LoadMethod` of `Facts::ext_methods` pushed, after checking that
    /// the receiver it pushed with it (below the arguments) is an
    /// instance of the method's own type. (No other instruction pushes an
    /// extension function as a constant, and jumps keep a constant only
    /// where all of them pass it.)
    fn known_ext_method(&self, n: u32) -> Option<super::ExtFunc> {
        let callable = *self.flushed.get(self.flushed.len().checked_sub(n as usize + 2)?)?;
        if callable.tag.known() != Some(tag::OBJ) {
            return None;
        }
        let f = u32::try_from(self.const_of(callable.payload)?).ok()?;
        self.facts.ext_funcs.get(&f).copied()
    }

    /// `CallMethod(n)` (instruction `i`) of extension method `f`, known
    /// (`known_ext_method`): the receiver given a handle and `impl`
    /// called as `call_impl_inline` calls it, no check left to make.
    #[allow(clippy::too_many_arguments)]
    fn call_known_method(&mut self, i: usize, n: u32, shape: Shape, f: super::ExtFunc, e: &ExtLayout, ctx: usize, after: ir::Block) {
        let Some(slots) = self.site_handles(n as usize + 1) else { return };
        let other = self.b.create_block();
        let vm = self.b.ins().load(self.ptr, MemFlagsData::trusted(), self.jf, layout::VM);
        let recv = self.stack_value(n as i64 + 1);
        let t = self.tag_value(recv);
        let me = self.open_reserved(vm, e, &slots[..1], &[(t, recv.payload)], other)[0];
        let flag = self.b.ins().iconst(types::I64, 1);
        let impl_ = self.b.ins().iconst(self.ptr, f.impl_ as i64);
        self.call_impl_inline(i, n, true, shape, vm, e, ctx, me, Some(Opened { flag, handle: slots[0] }), &slots[1..], impl_, other, after);
    }

    /// `cls(args)` (instruction `i`, a `Call(n)`, or `CallMethod(n)` if
    /// `method` with no receiver passed, everything in memory)
    /// of the extension type a call site's cache names (`site`, a
    /// `runtime::NewSite`, as of the current attribute epoch): its
    /// `tp_new` `impl` called as `call_impl_inline` calls. Any other
    /// callable, or a stale cache, goes on in the block left current,
    /// nothing changed.
    pub(super) fn construct_inline(&mut self, i: usize, n: u32, method: bool, site: usize, e: &ExtLayout, ctx: usize, after: ir::Block) {
        let Some(slots) = self.site_handles(n as usize + 1) else { return };
        let other = self.b.create_block();
        if method {
            // `module.cls(...)`: `LoadMethod` left `Undef` above the class.
            let recv = self.stack_value(n as i64 + 1);
            let plain = self.tag_is(recv, tag::UNDEF);
            self.guard(plain, other);
        }
        let cls_v = self.stack_value(n as i64 + 1 + method as i64);
        let is_obj = self.tag_is(cls_v, tag::OBJ);
        self.guard(is_obj, other);
        let cls = cls_v.payload;
        let site_v = self.b.ins().iconst(self.ptr, site as i64);
        let cached = self.load(site_v, NewSite::CLASS);
        let same = self.b.ins().icmp(IntCC::Equal, cls, cached);
        self.guard(same, other);
        let epoch_at = self.b.ins().load(self.ptr, MemFlagsData::trusted(), self.jf, layout::ATTR_EPOCH);
        let epoch = self.load(epoch_at, 0);
        let cached_epoch = self.load(site_v, NewSite::EPOCH);
        let current = self.b.ins().icmp(IntCC::Equal, epoch, cached_epoch);
        self.guard(current, other);
        let impl_ = self.load(site_v, NewSite::IMPL);
        // The class's handle, opened here.
        let vm = self.b.ins().load(self.ptr, MemFlagsData::trusted(), self.jf, layout::VM);
        let obj = self.b.ins().iconst(types::I64, tag::OBJ);
        let me = self.open_reserved(vm, e, &slots[..1], &[(obj, cls)], other)[0];
        let flag = self.b.ins().iconst(types::I64, 1);
        self.call_impl_inline(i, n, method, Shape::New, vm, e, ctx, me, Some(Opened { flag, handle: slots[0] }), &slots[1..], impl_, other, after);
    }

    /// The call itself, once `me` (the `self` or class handle, `opened`
    /// if opened here and so closed after) and the `impl` are known: the
    /// `n` values above the callable given handles (the site's
    /// `arg_slots`), the stack length and the context's VM stored, the
    /// `impl` called as `shape` says, the handles emptied and the result
    /// read out of its handle; then on at `i + 1`. Argument slots in use
    /// go to `other`, nothing changed (`me` closed if opened); what
    /// machine code does not take of the result, to `rt_ext_result` and
    /// then `after`. Leaves `other` current.
    #[allow(clippy::too_many_arguments)]
    fn call_impl_inline(&mut self, i: usize, n: u32, method: bool, shape: Shape, vm: Cv, e: &ExtLayout, ctx: usize, me: Cv, opened: Option<Opened>, arg_slots: &[u32], impl_: Cv, other: ir::Block, after: ir::Block) {
        let k = n as i64 + 1 + method as i64;
        // The arguments' handles (in use: the receiver's goes back, and
        // Rust does the call).
        let mut args = Vec::with_capacity(n as usize + 1);
        if n > 0 {
            let give_back = if let Some(opened) = opened {
                self.side_block(|l| {
                    let slots = l.b.ins().load(l.ptr, MemFlagsData::trusted(), vm, e.slots_data);
                    l.close_if_opened(slots, opened);
                    l.b.ins().jump(other, &[]);
                })
            } else {
                other
            };
            let mut values: Vec<(Cv, Cv)> = (0..n as i64)
                .map(|j| {
                    let v = self.stack_value(n as i64 - j);
                    (self.tag_value(v), v.payload)
                })
                .collect();
            if let Shape::Keywords(Some(names), _) = shape {
                // Read from the code object (pinned), as `LoadConst` does.
                // (Its handle is filled per call like the others: one kept
                // open could be closed by an extension returning it.)
                let at = self.b.ins().iconst(self.ptr, names as *const Value as i64);
                let t = self.b.ins().iconst(types::I64, tag::OBJ);
                values.push((t, self.load(at, PAYLOAD)));
            }
            args = self.open_reserved(vm, e, arg_slots, &values, give_back);
        }

        // What extension code may look at: the stack (a GC root, up to
        // the arguments) and the context's VM.
        let sp = self.b.use_var(self.sp);
        self.store(sp, vm, e.stack_len);
        let ctx_vm = self.b.ins().iconst(self.ptr, (ctx as i64) + e.ctx_vm as i64);
        self.store(vm, ctx_vm, 0);
        let sigs = self.ext_sigs();
        let ctx_v = self.b.ins().iconst(self.ptr, ctx as i64);
        let call = match (n, shape) {
            (0, Shape::Positional) => self.b.ins().call_indirect(sigs.noargs, impl_, &[ctx_v, me]),
            (1, Shape::Positional) => self.b.ins().call_indirect(sigs.one, impl_, &[ctx_v, me, args[0]]),
            (_, shape) => {
                // At least one word, so a call with no arguments still
                // passes a valid (unread) array.
                let array = self.b.create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, n.max(1) * 8, 3));
                for (j, hd) in args[..n as usize].iter().enumerate() {
                    self.b.ins().stack_store(self.ptr, *hd, array, j as i32 * 8);
                }
                let at = self.b.ins().stack_addr(self.ptr, array, 0);
                match shape {
                    Shape::Positional => {
                        let nargs = self.b.ins().iconst(types::I64, n as i64);
                        self.b.ins().call_indirect(sigs.varargs, impl_, &[ctx_v, me, at, nargs])
                    }
                    // KEYWORDS (self, args, nargs, kwnames) and tp_new
                    // (cls, args, nargs, kw) take the same words; a call
                    // without keywords passes NULL.
                    Shape::Keywords(..) | Shape::New => {
                        let (nkw, kw) = match shape {
                            Shape::Keywords(Some(_), nkw) => (nkw, args[n as usize]),
                            _ => (0, self.b.ins().iconst(types::I64, 0)),
                        };
                        let nargs = self.b.ins().iconst(types::I64, n as i64 - nkw as i64);
                        self.b.ins().call_indirect(sigs.keywords, impl_, &[ctx_v, me, at, nargs, kw])
                    }
                }
            }
        };
        let r = self.b.inst_results(call)[0];

        // The code it ran may have grown (moved) the stack.
        let stk = self.b.ins().load(self.ptr, MemFlagsData::trusted(), vm, e.stack_data);
        let cap = self.load(vm, e.stack_cap);
        self.store(stk, self.jf, layout::STACK);
        self.store(cap, self.jf, layout::CAP);
        self.b.def_var(self.stk, stk);
        let slots = self.b.ins().load(self.ptr, MemFlagsData::trusted(), vm, e.slots_data);
        self.close_reserved(slots, &arg_slots[..args.len()]);
        if let Some(opened) = opened {
            self.close_if_opened(slots, opened);
        }

        // The result: a handle to a value, no error pending; closed here
        // unless it is a constant's.
        // (NULL needs no test of its own: slot 0 is never open.)
        let failed = self.b.create_block();
        let err = self.load_u32(vm, e.error_tag);
        let no_error = self.b.ins().icmp_imm_s(IntCC::Equal, err, e.error_none as i64);
        self.guard(no_error, failed);
        let slots_len = self.load(vm, e.slots_len);
        let in_table = self.b.ins().icmp(IntCC::UnsignedLessThan, r, slots_len);
        self.guard(in_table, failed);
        let at = self.handle_slot(slots, r);
        let (rt, rp) = (self.load(at, 0), self.load(at, PAYLOAD));
        let open = self.b.ins().icmp_imm_s(IntCC::NotEqual, rt, tag::UNDEF);
        self.guard(open, failed);
        let (close, done) = (self.b.create_block(), self.b.create_block());
        let constants = self.load(vm, e.constants);
        let shared = self.b.ins().icmp(IntCC::UnsignedLessThanOrEqual, r, constants);
        self.b.ins().brif(shared, done, &[], close, &[]);
        self.b.switch_to_block(close);
        // (The free list has room for every slot: see `hpy::handles`.)
        let free_len = self.load(vm, e.free_len);
        let undef = self.b.ins().iconst(types::I64, tag::UNDEF);
        self.store(undef, at, 0);
        let free_data = self.b.ins().load(self.ptr, MemFlagsData::trusted(), vm, e.free_data);
        let free_off = self.b.ins().ishl_imm_s(free_len, 2);
        let free_at = self.b.ins().iadd(free_data, free_off);
        self.b.ins().istore32(MemFlagsData::trusted(), r, free_at, 0);
        let more = self.b.ins().iadd_imm_s(free_len, 1);
        self.store(more, vm, e.free_len);
        self.b.ins().jump(done, &[]);

        // The value replaces the callable and its arguments.
        self.b.switch_to_block(done);
        let sp = self.b.use_var(self.sp);
        let fpos = self.add_imm(sp, -k);
        self.b.def_var(self.sp, fpos);
        self.push(Tag::Dyn(rt), rp);
        self.jump_to(i + 1);
        self.virt.clear();

        // Rust makes the exception (or the value) of what came back.
        self.b.switch_to_block(failed);
        let f = self.b.ins().iconst(self.ptr, runtime::rt_ext_result as *const () as i64);
        let sp = self.b.use_var(self.sp);
        let operand = self.b.ins().iconst(types::I64, runtime::call_operand(i, n, method) as i64);
        let call = self.b.ins().call_indirect(sigs.result, f, &[self.jf, sp, operand, r]);
        let status = self.b.inst_results(call)[0];
        self.b.ins().jump(after, &[ir::BlockArg::Value(status)]);

        self.b.switch_to_block(other);
    }

    /// `count` handle slots of the call site's own (reserved when the
    /// code was compiled, `Facts::site_handles`); None when none are left
    /// (the site then calls through Rust).
    fn site_handles(&mut self, count: usize) -> Option<Vec<u32>> {
        let pool = &mut self.facts.site_handles;
        let at = pool.len().checked_sub(count)?;
        Some(pool.split_off(at))
    }

    /// `values` (tag and payload each) into the site's handle slots
    /// `hs`, which the call empties again; to `busy`, nothing changed, if
    /// they are in use (by a call of the same site further up the stack).
    fn open_reserved(&mut self, vm: Cv, e: &ExtLayout, hs: &[u32], values: &[(Cv, Cv)], busy: ir::Block) -> Vec<Cv> {
        debug_assert_eq!(hs.len(), values.len());
        let slots = self.b.ins().load(self.ptr, MemFlagsData::trusted(), vm, e.slots_data);
        // They are filled and emptied together: the first tells.
        let (base, off) = self.handle_at(slots, hs[0]);
        let t = self.load(base, off);
        let free = self.b.ins().icmp_imm_s(IntCC::Equal, t, tag::UNDEF);
        self.guard(free, busy);
        hs.iter()
            .zip(values)
            .map(|(&hd, &(t, p))| {
                let (base, off) = self.handle_at(slots, hd);
                self.store(t, base, off);
                self.store(p, base, off + PAYLOAD);
                self.b.ins().iconst(types::I64, hd as i64)
            })
            .collect()
    }

    /// Empty the site's handle slots `hs` (the table's data at `slots`).
    fn close_reserved(&mut self, slots: Cv, hs: &[u32]) {
        if hs.is_empty() {
            return;
        }
        let undef = self.b.ins().iconst(types::I64, tag::UNDEF);
        for &hd in hs {
            let (base, off) = self.handle_at(slots, hd);
            self.store(undef, base, off);
        }
    }

    /// `close_reserved` of the receiver's slot where it was opened.
    fn close_if_opened(&mut self, slots: Cv, opened: Opened) {
        match self.const_of(opened.flag) {
            Some(0) => return,
            Some(_) => return self.close_reserved(slots, &[opened.handle]),
            None => {}
        }
        let (back, go_on) = (self.b.create_block(), self.b.create_block());
        self.b.ins().brif(opened.flag, back, &[], go_on, &[]);
        self.b.switch_to_block(back);
        self.close_reserved(slots, &[opened.handle]);
        self.b.ins().jump(go_on, &[]);
        self.b.switch_to_block(go_on);
    }

    /// Where the reserved slot `hd` is in the table's data `slots`: an
    /// address and a constant offset from it (its tag word; the payload
    /// is a word further).
    fn handle_at(&mut self, slots: Cv, hd: u32) -> (Cv, i32) {
        let bytes = i64::from(hd) << VALUE_SHIFT;
        match i32::try_from(bytes + i64::from(PAYLOAD)) {
            Ok(_) => (slots, bytes as i32),
            Err(_) => {
                let off = self.b.ins().iconst(types::I64, bytes);
                (self.b.ins().iadd(slots, off), 0)
            }
        }
    }

    /// The address of handle `hd`'s slot in the table's data `slots`.
    fn handle_slot(&mut self, slots: Cv, hd: Cv) -> Cv {
        let off = self.b.ins().ishl_imm_s(hd, VALUE_SHIFT);
        self.b.ins().iadd(slots, off)
    }

    /// This function's [`ExtSigs`], made at its first inline extension call.
    fn ext_sigs(&mut self) -> ExtSigs {
        if self.ext.is_none() {
            let conv = self.b.func.signature.call_conv;
            let word = AbiParam::new(types::I64);
            let sig = |params: usize, ret: ir::Type| {
                let mut s = ir::Signature::new(conv);
                s.params.extend(std::iter::repeat_n(word, params));
                s.returns.push(AbiParam::new(ret));
                s
            };
            let (noargs, one, varargs, keywords, result) = (sig(2, types::I64), sig(3, types::I64), sig(4, types::I64), sig(5, types::I64), sig(4, types::I32));
            self.ext = Some(ExtSigs {
                noargs: self.b.import_signature(noargs),
                one: self.b.import_signature(one),
                varargs: self.b.import_signature(varargs),
                keywords: self.b.import_signature(keywords),
                result: self.b.import_signature(result),
            });
        }
        self.ext.expect("made above")
    }
}
