//! Inline forms that read heap objects directly (see `object::layout`):
//! subscripts of lists and tuples, stores into lists, `for` over a range
//! or a list/tuple iterator, and instance attribute loads, stores and
//! method loads that hit a way of their cache. Each checks the
//! kinds it reads before it changes anything; any other case goes to the
//! instruction's runtime fast path (or the interpreter), as without a
//! layout.

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{self, types, InstBuilder, MemFlagsData};

use std::cell::Cell;
use std::mem::offset_of;

use super::{runtime, tag, BuiltinKind, Cv, Lower, Slot, Tag, PAYLOAD, VALUE_BYTES, VALUE_SHIFT};
use crate::compile::bytecode::CacheEntry;
use crate::interp::shape::{METHOD, SLOT, WAYS};
use crate::object::layout::HeapLayout;

/// Where an attribute cache way keeps what the inline forms compare
/// (`Cell` is transparent: a way is laid out as its entry).
const WAY_EPOCH: i32 = offset_of!(CacheEntry, version) as i32;
const WAY_FOUND: i32 = offset_of!(CacheEntry, version2) as i32;
const WAY_CLASS: i32 = offset_of!(CacheEntry, key) as i32;
const WAY_INDEX: i32 = offset_of!(CacheEntry, index) as i32;

impl Lower<'_, '_> {
    /// The address of the heap slot of object value `v` (whose payload's
    /// low 32 bits are its heap index; the rest of the word is unused).
    /// The slot vector's data is read each time: an allocation in a
    /// runtime call may have moved it.
    pub(super) fn heap_slot(&mut self, h: &HeapLayout, v: Slot) -> Cv {
        let vec = self.b.ins().load(self.ptr, MemFlagsData::trusted(), self.jf, runtime::layout::SLOTS);
        let data = self.b.ins().load(self.ptr, MemFlagsData::trusted(), vec, h.slots_data);
        let index = self.b.ins().ireduce(types::I32, v.payload);
        let index = self.b.ins().uextend(types::I64, index);
        let off = self.b.ins().imul_imm_s(index, h.slot_size);
        self.b.ins().iadd(data, off)
    }

    /// `LoadDeref(s)` (instruction `i`), inline: the value of the cell in
    /// local slot `s`; an empty cell (the interpreter raises its
    /// NameError) or anything else goes to the slow path.
    pub(super) fn load_deref(&mut self, i: usize, s: u32, h: &HeapLayout) {
        let slow = self.slow_block(i);
        let (from, off) = self.local(s);
        let tg = self.load(from, off);
        let is_obj = self.b.ins().icmp_imm_s(IntCC::Equal, tg, tag::OBJ);
        self.guard(is_obj, slow);
        let p = self.load(from, off + PAYLOAD);
        let cell = self.heap_slot(h, Slot { tag: Tag::Known(tag::OBJ), payload: p });
        let is_cell = self.kind_is(cell, h.cell);
        self.guard(is_cell, slow);
        let (vt, vp) = (self.load(cell, h.cell_value), self.load(cell, h.cell_value + PAYLOAD));
        let bound = self.b.ins().icmp_imm_s(IntCC::NotEqual, vt, tag::UNDEF);
        self.guard(bound, slow);
        self.push(Tag::Dyn(vt), vp);
        self.jump_to(i + 1);
    }

    /// A block (filled here) doing `a == b` (`eq`, else `!=`; the top two
    /// values) of two strs where machine code can tell: lengths in bytes
    /// that differ, or one byte each. Anything else goes to `slow`.
    pub(super) fn str_equality_block(&mut self, i: usize, eq: bool, h: &HeapLayout, slow: ir::Block) -> ir::Block {
        self.side_block(|l| l.str_equality(i, eq, h, slow))
    }

    fn str_equality(&mut self, i: usize, eq: bool, h: &HeapLayout, slow: ir::Block) {
        let (a, b) = (self.nth(2), self.nth(1));
        let two_objs = self.both_tagged(tag::OBJ);
        self.guard(two_objs, slow);
        let sa = self.heap_slot(h, a);
        let sb = self.heap_slot(h, b);
        let (ka, kb) = (self.kind_is(sa, h.string), self.kind_is(sb, h.string));
        let two_strs = self.b.ins().band(ka, kb);
        self.guard(two_strs, slow);
        let (la, lb) = (self.load(sa, h.str_bytes), self.load(sb, h.str_bytes));
        let (differ, same_len) = (self.b.create_block(), self.b.create_block());
        let same = self.b.ins().icmp(IntCC::Equal, la, lb);
        self.b.ins().brif(same, same_len, &[], differ, &[]);
        self.b.switch_to_block(differ);
        let r = self.b.ins().iconst(types::I64, !eq as i64);
        self.finish_binary(i, tag::BOOL, r);
        self.b.switch_to_block(same_len);
        let one_byte = self.b.ins().icmp_imm_s(IntCC::Equal, la, 1);
        self.guard(one_byte, slow);
        let (pa, pb) = (self.load(sa, h.str_text), self.load(sb, h.str_text));
        let ca = self.b.ins().uload8(types::I64, MemFlagsData::trusted(), pa, h.str_data);
        let cb = self.b.ins().uload8(types::I64, MemFlagsData::trusted(), pb, h.str_data);
        let r = self.b.ins().icmp(if eq { IntCC::Equal } else { IntCC::NotEqual }, ca, cb);
        let r = self.b.ins().uextend(types::I64, r);
        self.finish_binary(i, tag::BOOL, r);
    }

    pub(super) fn load_u32(&mut self, addr: Cv, offset: i32) -> Cv {
        self.b.ins().uload32(MemFlagsData::trusted(), addr, offset)
    }

    /// Whether the object at `at` has tag `kind`.
    pub(super) fn kind_is(&mut self, at: Cv, kind: u32) -> Cv {
        let k = self.load_u32(at, 0);
        self.b.ins().icmp_imm_s(IntCC::Equal, k, kind as i64)
    }

    /// Whether the object at `at` is a list or a tuple.
    pub(super) fn is_list_or_tuple(&mut self, h: &HeapLayout, at: Cv) -> Cv {
        let k = self.load_u32(at, 0);
        let list = self.b.ins().icmp_imm_s(IntCC::Equal, k, h.list as i64);
        let tuple = self.b.ins().icmp_imm_s(IntCC::Equal, k, h.tuple as i64);
        self.b.ins().bor(list, tuple)
    }

    /// Python index `i` into `len` items, counted from the end when
    /// negative, and whether it is in range.
    fn index_into(&mut self, i: Cv, len: Cv) -> (Cv, Cv) {
        let j = match self.const_of(i) {
            Some(c) if c >= 0 => i,
            _ => {
                let negative = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, i, 0);
                let from_end = self.b.ins().iadd(i, len);
                self.b.ins().select(negative, from_end, i)
            }
        };
        // Unsigned: a still negative index is out of range too.
        let in_range = self.b.ins().icmp(IntCC::UnsignedLessThan, j, len);
        (j, in_range)
    }

    /// The address of item `j` of the list or tuple at `at`.
    fn item_addr(&mut self, h: &HeapLayout, at: Cv, j: Cv) -> Cv {
        let data = self.b.ins().load(self.ptr, MemFlagsData::trusted(), at, h.items_data);
        let off = self.b.ins().ishl_imm_s(j, VALUE_SHIFT);
        self.b.ins().iadd(data, off)
    }

    /// Push the value stored at `addr`.
    fn push_from(&mut self, addr: Cv) {
        let t = self.load(addr, 0);
        let p = self.load(addr, PAYLOAD);
        self.push(Tag::Dyn(t), p);
    }

    /// `Subscr`: `x[i]` of a list or tuple and a small int inline; other
    /// kinds through `rt_subscr` (ASCII strs), then the interpreter.
    pub(super) fn subscr(&mut self, i: usize, h: &HeapLayout) {
        self.want(2);
        let other = self.fast_path_block(i, runtime::rt_subscr, 0, -1);
        let (o, k) = (self.nth(2), self.nth(1));
        let is_obj = self.tag_is(o, tag::OBJ);
        let is_int = self.tag_is(k, tag::INT);
        let kinds = self.b.ins().band(is_obj, is_int);
        self.guard(kinds, other);
        let at = self.heap_slot(h, o);
        // One test for both (fewer blocks to compile): any slot can be
        // read at a list's offsets.
        let seq = self.is_list_or_tuple(h, at);
        let len = self.load(at, h.items_len);
        let (j, in_range) = self.index_into(k.payload, len);
        let ok = self.b.ins().band(seq, in_range);
        self.guard(ok, other);
        let item = self.item_addr(h, at, j);
        let saved = self.virt.clone();
        self.virt.truncate(self.virt.len() - 2);
        self.push_from(item);
        self.jump_to(i + 1);
        self.virt = saved;
    }

    /// `StoreSubscr`: `x[i] = v` of a list and a small int inline; a dict
    /// and an int or str key through `rt_store_subscr`; the rest is the
    /// interpreter's.
    pub(super) fn store_subscr(&mut self, i: usize, h: &HeapLayout) {
        self.want(3);
        let other = self.fast_path_block(i, runtime::rt_store_subscr, 0, -3);
        let (v, o, k) = (self.nth(3), self.nth(2), self.nth(1));
        let is_obj = self.tag_is(o, tag::OBJ);
        let is_int = self.tag_is(k, tag::INT);
        let kinds = self.b.ins().band(is_obj, is_int);
        self.guard(kinds, other);
        let at = self.heap_slot(h, o);
        // One test for both, as in `subscr`.
        let list = self.kind_is(at, h.list);
        let len = self.load(at, h.items_len);
        let (j, in_range) = self.index_into(k.payload, len);
        let ok = self.b.ins().band(list, in_range);
        self.guard(ok, other);
        let item = self.item_addr(h, at, j);
        let t = self.tag_value(v);
        self.store(t, item, 0);
        self.store(v.payload, item, PAYLOAD);
        self.virt.truncate(self.virt.len() - 3);
        self.jump_to(i + 1);
    }

    /// `ForIter(t)` inline over an ascending range or a list/tuple
    /// iterator: the next value pushed, or at the end the iterator popped
    /// and on to `t`. Other iterators go through `rt_for_iter`, then the
    /// interpreter.
    pub(super) fn for_iter_inline(&mut self, i: usize, t: usize, h: &HeapLayout) {
        // The iterator stays in memory where it is there (a loop's head is
        // an entry, so it usually is): read, not popped, so no flush in
        // the loop's body writes it back.
        let in_memory = self.virt.is_empty();
        let it = if in_memory {
            let above = self.top(0);
            let (tg, p) = (self.load(above, -VALUE_BYTES), self.load(above, PAYLOAD - VALUE_BYTES));
            Slot { tag: Tag::Dyn(tg), payload: p }
        } else {
            self.want(1);
            self.nth(1)
        };
        let other = self.side_block(|l| {
            let virt = l.virt.clone();
            // Pushed: the next value on top (and the iterator under it
            // where it was in machine values); at the end: the rest.
            let keep = if in_memory { (1, 0) } else { (virt.len() + 1, virt.len() - 1) };
            l.for_iter_via_runtime(i, t, keep);
            l.virt = virt;
        });
        let is_obj = self.tag_is(it, tag::OBJ);
        self.guard(is_obj, other);
        let at = self.heap_slot(h, it);
        let is_iter = self.kind_is(at, h.iter);
        self.guard(is_iter, other);
        let state = self.load_u32(at, h.iter_state);
        let (range, not_range, done) = (self.b.create_block(), self.b.create_block(), self.b.create_block());
        let is_range = self.b.ins().icmp_imm_s(IntCC::Equal, state, h.range as i64);
        self.b.ins().brif(is_range, range, &[], not_range, &[]);
        // Each way on leaves the virtual stack as it is here.
        let saved = self.virt.clone();

        // A range counting up (down: the runtime's).
        self.b.switch_to_block(range);
        let (cur, stop, step) = (self.load(at, h.range_cur), self.load(at, h.range_stop), self.load(at, h.range_step));
        let up = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, step, 0);
        self.guard(up, other);
        let more = self.b.ins().icmp(IntCC::SignedLessThan, cur, stop);
        let next_int = self.b.create_block();
        self.b.ins().brif(more, next_int, &[], done, &[]);
        self.b.switch_to_block(next_int);
        // As the interpreter: past the end of i64 is past `stop`.
        let (after, overflow) = self.b.ins().sadd_overflow(cur, step);
        let after = self.b.ins().select(overflow, stop, after);
        self.store(after, at, h.range_cur);
        self.push(Tag::Known(tag::INT), cur);
        self.jump_to(i + 1);
        self.virt = saved.clone();

        // A list or tuple iterator (the sequence read at each step: a
        // list may grow or shrink while it is iterated).
        self.b.switch_to_block(not_range);
        let is_seq = self.b.ins().icmp_imm_s(IntCC::Equal, state, h.seq as i64);
        self.guard(is_seq, other);
        let seq = self.load_u32(at, h.seq_obj);
        let idx = self.load(at, h.seq_idx);
        let seq_at = self.heap_slot(h, Slot { tag: Tag::Known(tag::OBJ), payload: seq });
        let items = self.is_list_or_tuple(h, seq_at);
        self.guard(items, other);
        let len = self.load(seq_at, h.items_len);
        // The interpreter counts past the end too.
        let after = self.b.ins().iadd_imm_s(idx, 1);
        self.store(after, at, h.seq_idx);
        let more = self.b.ins().icmp(IntCC::UnsignedLessThan, idx, len);
        let next_item = self.b.create_block();
        self.b.ins().brif(more, next_item, &[], done, &[]);
        self.b.switch_to_block(next_item);
        let item = self.item_addr(h, seq_at, idx);
        self.push_from(item);
        self.jump_to(i + 1);
        self.virt = saved;

        self.b.switch_to_block(done);
        if in_memory {
            self.add_sp(-1);
        } else {
            self.virt.pop();
        }
        self.jump_to(t);
    }

    /// The ways of attribute cache `c`, checked for instance `o`: `o` is
    /// an instance of a way's class, the way is of the current epoch and
    /// found `kind` (`SLOT`, `METHOD`) for the instance's shape; else to
    /// `other`. The instance's slot, the address of the way that hit and
    /// the instance's class (heap index). The first way is always checked, the others where they were filled
    /// when the code was compiled (a site that met several classes); the
    /// fast path has the rest. (The code's caches are not moved while it
    /// has machine code.)
    fn instance_way(&mut self, h: &HeapLayout, o: Slot, c: u32, kind: u64, other: ir::Block) -> (Cv, Cv, Cv) {
        let is_obj = self.tag_is(o, tag::OBJ);
        self.guard(is_obj, other);
        let at = self.heap_slot(h, o);
        // One test per way for all four conditions (fewer blocks to
        // compile): any slot can be read at an instance's offsets, and what
        // is read there matters only when it is an instance.
        let is_instance = self.kind_is(at, h.instance);
        let epoch_at = self.b.ins().load(self.ptr, MemFlagsData::trusted(), self.jf, runtime::layout::ATTR_EPOCH);
        let epoch = self.load(epoch_at, 0);
        let class = self.load_u32(at, h.inst_class);
        let shape = self.load_u32(at, h.inst_shape);
        let want = self.b.ins().bor_imm_s(shape, kind as i64);
        let ways = &self.code.caches[c as usize..c as usize + WAYS];
        let checked: Vec<usize> = (0..WAYS).filter(|&k| k == 0 || ways[k].get().version != 0).collect();
        let hit = self.b.create_block();
        let way_param = self.b.append_block_param(hit, self.ptr);
        for (n, &k) in checked.iter().enumerate() {
            let last = n + 1 == checked.len();
            let way = &ways[k] as *const Cell<CacheEntry>;
            let way = self.b.ins().iconst(self.ptr, way as i64);
            let way_epoch = self.load(way, WAY_EPOCH);
            let current = self.b.ins().icmp(IntCC::Equal, epoch, way_epoch);
            let way_class = self.load_u32(way, WAY_CLASS);
            let same_class = self.b.ins().icmp(IntCC::Equal, class, way_class);
            let found = self.load(way, WAY_FOUND);
            let same_shape = self.b.ins().icmp(IntCC::Equal, found, want);
            let a = self.b.ins().band(is_instance, current);
            let b = self.b.ins().band(same_class, same_shape);
            let hits = self.b.ins().band(a, b);
            let miss = if last { other } else { self.b.create_block() };
            self.b.ins().brif(hits, hit, &[ir::BlockArg::Value(way)], miss, &[]);
            if !last {
                self.b.switch_to_block(miss);
            }
        }
        self.b.switch_to_block(hit);
        (at, way_param, class)
    }

    /// The address of the value of the instance attribute the way found
    /// (its shape keeps every entry up to it live).
    fn attr_addr(&mut self, h: &HeapLayout, at: Cv, way: Cv) -> Cv {
        let index = self.load_u32(way, WAY_INDEX);
        let entries = self.load(at, h.inst_entries);
        let off = self.b.ins().imul_imm_s(index, h.entry_size);
        let entry = self.b.ins().iadd(entries, off);
        self.b.ins().iadd_imm_s(entry, h.entry_value as i64)
    }

    /// `LoadAttr(_, c)`: an instance's own attribute where its cache's
    /// ways say; else through `rt_load_attr`.
    pub(super) fn load_attr(&mut self, i: usize, c: u32, h: &HeapLayout) {
        self.want(1);
        let other = self.fast_path_block(i, runtime::rt_load_attr, self.attr_operand(i), 0);
        let o = self.nth(1);
        let (at, way, _) = self.instance_way(h, o, c, SLOT, other);
        let addr = self.attr_addr(h, at, way);
        let saved = self.virt.clone();
        self.virt.pop();
        self.push_from(addr);
        self.jump_to(i + 1);
        self.virt = saved;
    }

    /// `StoreAttr(_, c)`: over an instance's own attribute where its
    /// cache's ways say (no shape change: no dict version bump);
    /// else through `rt_store_attr`.
    pub(super) fn store_attr(&mut self, i: usize, c: u32, h: &HeapLayout) {
        self.want(2);
        let other = self.fast_path_block(i, runtime::rt_store_attr, c as u64, -2);
        let (v, o) = (self.nth(2), self.nth(1));
        let (at, way, _) = self.instance_way(h, o, c, SLOT, other);
        let addr = self.attr_addr(h, at, way);
        let t = self.tag_value(v);
        self.store(t, addr, 0);
        self.store(v.payload, addr, PAYLOAD);
        let saved = self.virt.clone();
        self.virt.truncate(self.virt.len() - 2);
        self.jump_to(i + 1);
        self.virt = saved;
    }

    /// `LoadMethod(_, c)`: the plain function a way found on the
    /// instance's class, and the instance as its receiver; else through
    /// `rt_load_method`.
    pub(super) fn load_method(&mut self, i: usize, c: u32, h: &HeapLayout) {
        self.want(1);
        if let Some(&(known, owner)) = self.facts.ext_methods.get(&i) {
            return self.extension_method(i, c, h, known, owner);
        }
        let other = self.fast_path_block(i, runtime::rt_load_method, self.attr_operand(i), 1);
        let o = self.nth(1);
        if let Some(ways) = self.facts.type_methods.get(&i).cloned() {
            return self.builtin_method(i, h, o, &ways, other);
        }
        let (_, way, _) = self.instance_way(h, o, c, METHOD, other);
        let func = self.load_u32(way, WAY_INDEX);
        self.method_found(i, func, o);
    }

    /// `LoadMethod(_, c)` (instruction `i`) at a site that met extension
    /// method `known` alone, on instances of its own type `owner`
    /// (`Facts::ext_methods`): that method found, on a cache hit or
    /// through `rt_load_method`, goes on as a constant, which tells the
    /// `CallMethod` taking it that its receiver was checked here (see
    /// `known_ext_method`); whatever else is found goes on in the
    /// interpreter, from the next instruction. (The jumps into it then
    /// agree on the constant.)
    fn extension_method(&mut self, i: usize, c: u32, h: &HeapLayout, known: u32, owner: u32) {
        let o = self.nth(1);
        let other = self.side_block(|l| {
            let virt = l.virt.clone();
            l.flush();
            let slow = l.slow_block(i);
            let status = l.call_fast(runtime::rt_load_method, l.attr_operand(i));
            let hit = l.b.ins().icmp_imm_s(IntCC::Equal, status, runtime::HIT as i64);
            l.guard(hit, slow);
            // As many values in machine values as the hit below leaves.
            l.add_sp(1);
            l.want(virt.len() + 1);
            let (f, r) = (l.nth(2), l.nth(1));
            // Anything else: the interpreter from the next instruction on.
            let elsewhere = l.slow_block(i + 1);
            let f_obj = l.tag_is(f, tag::OBJ);
            let r_obj = l.tag_is(r, tag::OBJ);
            let objs = l.b.ins().band(f_obj, r_obj);
            l.guard(objs, elsewhere);
            let at = l.heap_slot(h, r);
            let is_instance = l.kind_is(at, h.instance);
            let class = l.load_u32(at, h.inst_class);
            let is_mine = l.is_known_method(f.payload, class, known, owner);
            let mine = l.b.ins().band(is_instance, is_mine);
            l.guard(mine, elsewhere);
            l.virt.truncate(l.virt.len() - 2);
            let func = l.b.ins().iconst(types::I64, known as i64);
            l.push(Tag::Known(tag::OBJ), func);
            l.push(Tag::Known(tag::OBJ), r.payload);
            l.jump_to(i + 1);
            l.virt = virt;
        });
        let (_, way, class) = self.instance_way(h, o, c, METHOD, other);
        let func = self.load_u32(way, WAY_INDEX);
        let is_mine = self.is_known_method(func, class, known, owner);
        self.guard(is_mine, other);
        let func = self.b.ins().iconst(types::I64, known as i64);
        self.method_found(i, func, Slot { tag: Tag::Known(tag::OBJ), payload: o.payload });
    }

    /// Whether function `func` (a heap index) is `known` and `class` (the
    /// receiver's) is `owner`, its type.
    fn is_known_method(&mut self, func: Cv, class: Cv, known: u32, owner: u32) -> Cv {
        let is_known = self.b.ins().icmp_imm_s(IntCC::Equal, func, known as i64);
        let is_owner = self.b.ins().icmp_imm_s(IntCC::Equal, class, owner as i64);
        self.b.ins().band(is_known, is_owner)
    }

    /// A `LoadMethod` (instruction `i`) that found function `func` for
    /// receiver `o` (on top of the virtual stack): `[func, o]` replace `o`,
    /// on to the next instruction; the virtual stack is left as it was
    /// for the other ways.
    fn method_found(&mut self, i: usize, func: Cv, o: Slot) {
        let saved = self.virt.clone();
        self.virt.pop();
        self.push(Tag::Known(tag::OBJ), func);
        self.push(o.tag, o.payload);
        self.jump_to(i + 1);
        self.virt = saved;
    }

    /// `LoadMethod` at a site that met values of builtin types: the
    /// method found for the value's kind among `ways` (a constant: the
    /// attributes of a builtin type never change, and the type's dict
    /// keeps the function alive) and the value as its receiver; any other
    /// value goes to `other`.
    fn builtin_method(&mut self, i: usize, h: &HeapLayout, o: Slot, ways: &[(BuiltinKind, u32)], other: ir::Block) {
        let is_obj = self.tag_is(o, tag::OBJ);
        self.guard(is_obj, other);
        let at = self.heap_slot(h, o);
        let kind = self.load_u32(at, 0);
        let hit = self.b.create_block();
        let func = self.b.append_block_param(hit, types::I64);
        for (n, &(k, f)) in ways.iter().enumerate() {
            let tag = match k {
                BuiltinKind::Str => h.string,
                BuiltinKind::List => h.list,
                BuiltinKind::Tuple => h.tuple,
                BuiltinKind::Dict => h.dict,
                BuiltinKind::Set | BuiltinKind::FrozenSet => h.set,
            };
            let mut is = self.b.ins().icmp_imm_s(IntCC::Equal, kind, tag as i64);
            if matches!(k, BuiltinKind::Set | BuiltinKind::FrozenSet) {
                // Any slot has a byte there; it counts only for a set.
                let frozen = self.b.ins().uload8(types::I32, MemFlagsData::trusted(), at, h.set_frozen);
                let want = self.b.ins().icmp_imm_s(IntCC::Equal, frozen, (k == BuiltinKind::FrozenSet) as i64);
                is = self.b.ins().band(is, want);
            }
            let miss = if n + 1 == ways.len() { other } else { self.b.create_block() };
            let f = self.b.ins().iconst(types::I64, f as i64);
            self.b.ins().brif(is, hit, &[ir::BlockArg::Value(f)], miss, &[]);
            if miss != other {
                self.b.switch_to_block(miss);
            }
        }
        self.b.switch_to_block(hit);
        self.method_found(i, func, o);
    }
}
