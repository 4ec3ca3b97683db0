//! Where machine code finds things in heap objects.
//!
//! The JIT reads some objects straight from the heap instead of calling
//! into Rust: a heap slot's kind, a list's or tuple's items, a range or
//! sequence iterator's position. [`Obj`] and [`IterState`] are
//! `#[repr(u32)]`, so each starts with its variant's `u32` tag; the rest
//! (where a variant's fields sit, and inside a `Vec`, which the language
//! leaves unspecified) is found once, at run time, from the addresses and
//! words of real values ([`HeapLayout::get`]). When that cannot tell for
//! sure there is no layout, and the JIT keeps calling its runtime fast
//! paths, which work on any layout.

use std::rc::Rc;
use std::sync::OnceLock;

use super::dict::{Dict, Entry};
use super::{Instance, IterState, NativeFunc, Obj, ObjRef, PyStr, Value, NO_SPILL};

/// Byte offsets and tags of the heap objects machine code reads. Offsets
/// within an object are from the start of its heap slot.
#[derive(Debug, Clone, Copy)]
pub struct HeapLayout {
    /// Bytes per heap slot (`Option<Obj>`).
    pub slot_size: i64,
    /// Where the data pointer of the heap's slot vector (`Vec<Option<Obj>>`)
    /// is within that vector (see `Heap::slots_addr`).
    pub slots_data: i32,
    /// Tags of `Obj::Tuple`, `Obj::List` and `Obj::Iter`.
    pub tuple: u32,
    pub list: u32,
    pub iter: u32,
    /// A tuple's or list's items: data pointer and length (in values).
    pub items_data: i32,
    pub items_len: i32,
    /// An iterator's `IterState` tag, and the tags of `Range` and `Seq`.
    pub iter_state: i32,
    pub range: u32,
    pub seq: u32,
    /// `IterState::Range`'s `cur`, `stop`, `step` (i64 each).
    pub range_cur: i32,
    pub range_stop: i32,
    pub range_step: i32,
    /// `IterState::Seq`'s `seq` (a u32 heap index) and `idx` (a usize).
    pub seq_obj: i32,
    pub seq_idx: i32,
    /// Tag of `Obj::Instance`; its class (a u32 heap index), its dict's
    /// shape (u32) and the data pointer of its dict's entry vector.
    pub instance: u32,
    pub inst_class: i32,
    pub inst_shape: i32,
    pub inst_entries: i32,
    /// Bytes per dict entry (`Option<Entry>`) and where its value sits.
    pub entry_size: i64,
    pub entry_value: i32,
    /// Tag of `Obj::Str` and where its length in characters sits.
    pub string: u32,
    pub str_chars: i32,
    /// A str's text: where the pointer word of its `Rc<str>` sits, where
    /// its length in bytes sits, and how far past that pointer the bytes
    /// start.
    pub str_text: i32,
    pub str_bytes: i32,
    pub str_data: i32,
    /// Tag of `Obj::Native` and where its function pointer sits.
    pub native: u32,
    pub native_func: i32,
    /// Tags of `Obj::Dict` and `Obj::Set`, and where a set's `frozen`
    /// flag (a byte) sits.
    pub dict: u32,
    pub set: u32,
    pub set_frozen: i32,
    /// Tag of `Obj::Cell` and where its value sits.
    pub cell: u32,
    pub cell_value: i32,
}

impl HeapLayout {
    /// This build's layout, found on first use; None if some part of it
    /// could not be found unambiguously.
    pub fn get() -> Option<&'static HeapLayout> {
        static LAYOUT: OnceLock<Option<HeapLayout>> = OnceLock::new();
        LAYOUT.get_or_init(HeapLayout::probe).as_ref()
    }

    fn probe() -> Option<HeapLayout> {
        // A slot holds `Some(obj)` at the same address and size as `obj`
        // (the `None` case lives in a tag value no variant uses).
        if size_of::<Option<Obj>>() != size_of::<Obj>() {
            return None;
        }
        let slots_data = vec_fields::<Option<Obj>>()?.0;
        let (items_data, items_vec_len) = vec_fields::<Value>()?;

        let tuple_slot = Some(Obj::Tuple(Vec::new()));
        let list_slot = Some(Obj::List(Vec::new()));
        let items = match &list_slot {
            Some(Obj::List(xs)) => offset_in(&list_slot, xs)?,
            _ => return None,
        };
        // The tuple's vector at the list's: one offset serves both.
        if !matches!(&tuple_slot, Some(Obj::Tuple(xs)) if offset_in(&tuple_slot, xs) == Some(items)) {
            return None;
        }

        let range_slot = Some(Obj::Iter(IterState::Range { cur: 0, stop: 0, step: 0 }));
        let seq_slot = Some(Obj::Iter(IterState::Seq { seq: ObjRef(0), idx: 0 }));
        let (iter_state, range_cur, range_stop, range_step) = match &range_slot {
            Some(Obj::Iter(st @ IterState::Range { cur, stop, step })) => {
                (offset_in(&range_slot, st)?, offset_in(&range_slot, cur)?, offset_in(&range_slot, stop)?, offset_in(&range_slot, step)?)
            }
            _ => return None,
        };
        let (seq_obj, seq_idx) = match &seq_slot {
            Some(Obj::Iter(st @ IterState::Seq { seq, idx })) if offset_in(&seq_slot, st) == Some(iter_state) => (offset_in(&seq_slot, seq)?, offset_in(&seq_slot, idx)?),
            _ => return None,
        };

        let (tuple, list, iter) = (slot_tag(&tuple_slot)?, slot_tag(&list_slot)?, slot_tag(&range_slot)?);
        let (range, seq) = (state_tag(&range_slot, iter_state)?, state_tag(&seq_slot, iter_state)?);
        if tuple == list || list == iter || tuple == iter || range == seq || slot_tag(&seq_slot)? != iter {
            return None;
        }

        let inst_slot = Some(Obj::Instance(Instance { class: ObjRef(0), spill: NO_SPILL, dict: Dict::new(), exc: None, native: None }));
        let (inst_class, inst_shape, entries) = match &inst_slot {
            Some(Obj::Instance(i)) => (offset_in(&inst_slot, &i.class)?, offset_in(&inst_slot, &i.dict.shape)?, offset_in(&inst_slot, i.dict.entry_vec())?),
            _ => return None,
        };
        let instance = slot_tag(&inst_slot)?;
        if [tuple, list, iter].contains(&instance) {
            return None;
        }
        let entries_data = vec_fields::<Option<Entry>>()?.0;
        let entry = Some(Entry { hash: 0, key: Value::None, value: Value::None });
        let entry_value = match &entry {
            Some(e) => offset_in(&entry, &e.value)?,
            None => return None,
        };
        let str_slot = Some(Obj::Str(PyStr::new("probe")));
        let str_chars = match &str_slot {
            Some(Obj::Str(st)) => offset_in(&str_slot, &st.chars)?,
            _ => return None,
        };
        let (str_text, str_bytes, str_data) = str_text_layout()?;
        let native_slot = Some(Obj::Native(NativeFunc { name: "probe", func: probe_native, bound: None }));
        let native_func = match &native_slot {
            Some(Obj::Native(nf)) => offset_in(&native_slot, &nf.func)?,
            _ => return None,
        };
        let (string, native) = (slot_tag(&str_slot)?, slot_tag(&native_slot)?);
        if [tuple, list, iter, instance].iter().any(|t| *t == string || *t == native) || string == native {
            return None;
        }
        let dict_slot = Some(Obj::Dict(Dict::new()));
        let set_slot = Some(Obj::Set { items: Dict::new(), frozen: true });
        let set_frozen = match &set_slot {
            Some(Obj::Set { frozen, .. }) => offset_in(&set_slot, frozen)?,
            _ => return None,
        };
        let (dict, set) = (slot_tag(&dict_slot)?, slot_tag(&set_slot)?);
        let cell_slot = Some(Obj::Cell(Value::None));
        let cell_value = match &cell_slot {
            Some(Obj::Cell(v)) => offset_in(&cell_slot, v)?,
            _ => return None,
        };
        let cell = slot_tag(&cell_slot)?;
        let mut tags = [tuple, list, iter, instance, string, native, dict, set, cell];
        tags.sort_unstable();
        if tags.windows(2).any(|w| w[0] == w[1]) {
            return None;
        }
        Some(HeapLayout {
            cell,
            cell_value,
            dict,
            set,
            set_frozen,
            string,
            str_chars,
            str_text,
            str_bytes,
            str_data,
            native,
            native_func,
            slot_size: size_of::<Option<Obj>>() as i64,
            slots_data,
            tuple,
            list,
            iter,
            items_data: items + items_data,
            items_len: items + items_vec_len,
            iter_state,
            range,
            seq,
            range_cur,
            range_stop,
            range_step,
            seq_obj,
            seq_idx,
            instance,
            inst_class,
            inst_shape,
            inst_entries: entries + entries_data,
            entry_size: size_of::<Option<Entry>>() as i64,
            entry_value,
        })
    }
}

/// Where a str slot keeps its text (see `HeapLayout::str_text`): the
/// `Rc<str>` is two words, a pointer and the length; found from two
/// strs of different lengths, which must agree.
fn str_text_layout() -> Option<(i32, i32, i32)> {
    let probe = |text: &str| -> Option<(i32, i32, i32)> {
        let slot = Some(Obj::Str(PyStr::new(text)));
        let Some(Obj::Str(st)) = &slot else { return None };
        let field = offset_in(&slot, &st.s)?;
        if size_of::<Rc<str>>() != 16 {
            return None;
        }
        // SAFETY: the field is two initialized words inside the slot.
        let words = unsafe { *((&slot as *const Option<Obj> as *const u8).add(field as usize) as *const [usize; 2]) };
        // Which word is the length (the other the pointer).
        let (p, l) = match words.iter().position(|&w| w == text.len())? {
            1 => (0, 8),
            _ => (8, 0),
        };
        let ptr = words[p as usize / 8];
        let data = (st.s.as_ptr() as usize).checked_sub(ptr)?;
        (data < 64).then_some((field + p, field + l, data as i32))
    };
    let (a, b) = (probe("probe-text")?, probe("xy")?);
    (a == b).then_some(a)
}

/// A native function for the probe (never called).
fn probe_native(_: &mut crate::interp::Vm, _: &[Value], _: &[(std::rc::Rc<str>, Value)]) -> crate::interp::PyResult<Value> {
    Ok(Value::None)
}

/// Where `field` lies within `whole` (which must contain it), in bytes.
pub(crate) fn offset_in<W, F>(whole: &W, field: &F) -> Option<i32> {
    let (w, f) = (whole as *const W as usize, field as *const F as usize);
    let off = f.checked_sub(w)?;
    (off + size_of::<F>() <= size_of::<W>()).then_some(off as i32)
}

/// The variant tag of the object in `slot`.
pub(crate) fn slot_tag(slot: &Option<Obj>) -> Option<u32> {
    let obj = slot.as_ref()?;
    if offset_in(slot, obj) != Some(0) {
        return None;
    }
    // SAFETY: `Obj` is `#[repr(u32)]`: its first four bytes are its tag.
    Some(unsafe { *(obj as *const Obj as *const u32) })
}

/// The tag of the `IterState` at `at` in `slot` (an iterator's).
fn state_tag(slot: &Option<Obj>, at: i32) -> Option<u32> {
    match slot {
        Some(Obj::Iter(st)) if offset_in(slot, st) == Some(at) => {
            // SAFETY: `IterState` is `#[repr(u32)]`: its first four bytes
            // are its tag.
            Some(unsafe { *(st as *const IterState as *const u32) })
        }
        _ => None,
    }
}

/// Where a `Vec<T>` keeps its data pointer and its length, in bytes from
/// its start.
fn vec_fields<T>() -> Option<(i32, i32)> {
    vec_words::<T>().map(|(data, _, len)| (data, len))
}

/// Where a `Vec<T>` keeps its data pointer, its capacity and its length,
/// in bytes from its start: read off a vector whose three words (pointer,
/// capacity 5, length 0) all differ.
pub(crate) fn vec_words<T>() -> Option<(i32, i32, i32)> {
    const WORDS: usize = 3;
    if size_of::<Vec<T>>() != WORDS * size_of::<usize>() || size_of::<T>() == 0 {
        return None;
    }
    let v: Vec<T> = Vec::with_capacity(5);
    if v.capacity() != 5 {
        return None;
    }
    // SAFETY: a `Vec` of three words has no padding (each of its fields,
    // pointer, capacity and length, is a word), so every byte is
    // initialized and may be read as a word.
    let words: [usize; WORDS] = unsafe { std::mem::transmute_copy(&v) };
    let find = |want: usize| {
        let mut at = words.iter().enumerate().filter(|(_, &w)| w == want).map(|(i, _)| (i * size_of::<usize>()) as i32);
        let first = at.next()?;
        at.next().is_none().then_some(first)
    };
    Some((find(v.as_ptr() as usize)?, find(5)?, find(0)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `T` in `slot` at byte `off`.
    fn read<T: Copy>(slot: &Option<Obj>, off: i32) -> T {
        // SAFETY: the tests read offsets the probe found for fields of
        // the variant `slot` holds, each initialized and of type `T`.
        unsafe { ((slot as *const Option<Obj> as *const u8).add(off as usize) as *const T).read_unaligned() }
    }
    fn word(slot: &Option<Obj>, off: i32) -> u64 {
        read(slot, off)
    }

    #[test]
    fn the_layout_machine_code_reads_is_found_and_true() {
        let l = HeapLayout::get().expect("this build's heap layout");
        assert_eq!(l.slot_size as usize, size_of::<Obj>());

        let items = vec![Value::Int(7), Value::None, Value::Float(0.5)];
        let list = Some(Obj::List(items.clone()));
        let Some(Obj::List(xs)) = &list else { unreachable!() };
        assert_eq!(slot_tag(&list), Some(l.list));
        assert_eq!(word(&list, l.items_data), xs.as_ptr() as u64);
        assert_eq!(word(&list, l.items_len), 3);
        let tuple = Some(Obj::Tuple(items));
        assert_eq!(slot_tag(&tuple), Some(l.tuple));
        assert_eq!(word(&tuple, l.items_len), 3);

        let range = Some(Obj::Iter(IterState::Range { cur: -3, stop: 1 << 40, step: 7 }));
        assert_eq!(slot_tag(&range), Some(l.iter));
        assert_eq!(state_tag(&range, l.iter_state), Some(l.range));
        assert_eq!([word(&range, l.range_cur) as i64, word(&range, l.range_stop) as i64, word(&range, l.range_step) as i64], [-3, 1 << 40, 7]);
        let seq = Some(Obj::Iter(IterState::Seq { seq: ObjRef(0xabcd), idx: 12 }));
        assert_eq!(state_tag(&seq, l.iter_state), Some(l.seq));
        assert_eq!(read::<u32>(&seq, l.seq_obj), 0xabcd);
        assert_eq!(word(&seq, l.seq_idx), 12);

        let mut dict = Dict::new();
        dict.insert_new(1, Value::Int(1), Value::Int(10));
        dict.insert_new(2, Value::Int(2), Value::Float(2.5));
        dict.shape = 77;
        let inst = Some(Obj::Instance(Instance { class: ObjRef(0x55), spill: NO_SPILL, dict, exc: None, native: None }));
        assert_eq!(slot_tag(&inst), Some(l.instance));
        assert_eq!(read::<u32>(&inst, l.inst_class), 0x55);
        assert_eq!(read::<u32>(&inst, l.inst_shape), 77);
        let entries = word(&inst, l.inst_entries) as usize;
        // SAFETY: `entries` is the data pointer of the dict's two live
        // entries; the second entry's value is a Value.
        let second: Value = unsafe { ((entries + l.entry_size as usize + l.entry_value as usize) as *const Value).read() };
        assert!(matches!(second, Value::Float(x) if x == 2.5));

        let st = Some(Obj::Str(PyStr::new("héllo")));
        assert_eq!(slot_tag(&st), Some(l.string));
        assert_eq!(word(&st, l.str_chars), 5);
        let Some(Obj::Str(ps)) = &st else { unreachable!() };
        assert_eq!(word(&st, l.str_bytes), 6);
        assert_eq!(word(&st, l.str_text) + l.str_data as u64, ps.s.as_ptr() as u64);
        let nf = Some(Obj::Native(NativeFunc { name: "f", func: probe_native, bound: None }));
        assert_eq!(slot_tag(&nf), Some(l.native));
        assert_eq!(word(&nf, l.native_func), probe_native as *const () as u64);
        assert_eq!(slot_tag(&Some(Obj::Dict(Dict::new()))), Some(l.dict));
        for frozen in [false, true] {
            let set = Some(Obj::Set { items: Dict::new(), frozen });
            assert_eq!(slot_tag(&set), Some(l.set));
            assert_eq!(read::<u8>(&set, l.set_frozen), frozen as u8);
        }
        let cell = Some(Obj::Cell(Value::Int(-42)));
        assert_eq!(slot_tag(&cell), Some(l.cell));
        // SAFETY: `cell_value` is the offset of the cell's Value.
        let v: Value = unsafe { ((&cell as *const Option<Obj> as *const u8).add(l.cell_value as usize) as *const Value).read() };
        assert!(matches!(v, Value::Int(-42)));

        // The heap's slot vector: its data pointer where the layout says.
        let slots = vec![list, None, tuple];
        // SAFETY: `slots_data` is the offset of the vector's pointer word.
        let data = unsafe { *((&slots as *const Vec<Option<Obj>> as *const u8).add(l.slots_data as usize) as *const usize) };
        assert_eq!(data, slots.as_ptr() as usize);
    }

    #[test]
    fn a_heap_slot_is_no_larger_than_before_the_tag_was_made_explicit() {
        // 96 bytes: the explicit tag fits because `Dict` packs its length
        // with its shape id.
        assert_eq!(size_of::<Option<Obj>>(), 96);
    }
}
