//! The handle table: what an `HPy` handle means on the VM.
//!
//! A handle is an index into `slots` (`HPy._i == index`; 0 is `HPy_NULL`,
//! so slot 0 is never used). Slots hold VM [`Value`]s, never pointers, and
//! the collector treats every slot as a root, so a handle keeps its object
//! alive and a moving collector would only have to rewrite slots. The
//! first slots hold the context's constants (`h_None`, the exception
//! types, ...): they are never freed, so duplicating one is returning it
//! and closing one does nothing.
//!
//! Machine code calling an extension gives the arguments handles of its
//! own: slots reserved for one call site, never on the free list, filled
//! before the call and emptied after (see `jit::lower::extension`).
//!
//! The free list always has room for every slot (its capacity grows with
//! the table), so closing a handle never allocates: machine code pushes
//! without checking.

use hilt_abi::HPy;

use crate::object::Value;

pub struct Handles {
    slots: Vec<Value>,
    free: Vec<u32>,
    /// Slots `1..=constants` are the context's constants.
    constants: usize,
    /// Slots reserved for machine code's call sites (`reserve`).
    reserved: usize,
}

/// Byte offsets of the [`Handles`] fields machine code reads.
pub(crate) struct HandlesFields {
    pub slots: i32,
    pub free: i32,
    pub constants: i32,
}

impl Default for Handles {
    fn default() -> Handles {
        Handles { slots: vec![Value::Undef], free: Vec::new(), constants: 0, reserved: 0 }
    }
}

impl Handles {
    /// A handle for `v`.
    #[inline]
    pub fn open(&mut self, v: Value) -> HPy {
        match self.free.pop() {
            Some(i) => {
                // SAFETY: a free-list entry is the index of a slot (`close`
                // pushes only those), and the table never shrinks.
                unsafe { *self.slots.get_unchecked_mut(i as usize) = v };
                HPy { _i: i as isize }
            }
            None => self.open_growing(v),
        }
    }

    /// A new slot at the end (rare once the table has its size; out of
    /// line, so `open` and `dup` save no registers for it).
    #[cold]
    #[inline(never)]
    fn open_growing(&mut self, v: Value) -> HPy {
        HPy { _i: self.push_slot(v) as isize }
    }

    /// A new slot holding `v`, with room on the free list for it.
    fn push_slot(&mut self, v: Value) -> u32 {
        self.slots.push(v);
        // Every slot but 0 can be free at once, each at most once.
        self.free.reserve(self.slots.len() - self.free.len());
        self.slots.len() as u32 - 1
    }

    /// An empty slot of its own for a call site of machine code, which
    /// fills it with an argument before each call and empties it
    /// (`Undef`) after. Never freed, never counted as open.
    pub fn reserve(&mut self) -> u32 {
        self.reserved += 1;
        self.push_slot(Value::Undef)
    }

    /// Open the constants (first, so they take slots `1..`); no handle may
    /// be open yet.
    pub fn open_constants(&mut self, values: &[Value]) -> Vec<HPy> {
        assert!(self.slots.len() == 1, "constants are opened before any other handle");
        let hs = values.iter().map(|v| self.open(*v)).collect();
        self.constants = values.len();
        hs
    }

    /// The value of a handle; `Undef` for NULL, a closed or a foreign handle.
    #[inline]
    pub fn get(&self, h: HPy) -> Value {
        match self.slots.get(h._i as usize) {
            Some(v) => *v,
            None => Value::Undef,
        }
    }

    /// `HPy_Dup`: constants are shared, anything else gets a new slot.
    /// (A constant is a compare and a return; the rest calls nothing but
    /// the cold `open_growing`, so neither path saves registers.)
    #[inline]
    pub fn dup(&mut self, h: HPy) -> HPy {
        if (h._i as usize) <= self.constants {
            return h;
        }
        match self.slots.get(h._i as usize) {
            Some(&v) => self.open(v),
            None => self.dup_foreign(),
        }
    }

    /// `dup` of a handle past the table: a closed handle's copy (out of
    /// line, so the usual path keeps its value in registers).
    #[cold]
    #[inline(never)]
    fn dup_foreign(&mut self) -> HPy {
        self.open(Value::Undef)
    }

    /// `HPy_Close`: frees the slot (constants, NULL and garbage are ignored).
    #[inline]
    pub fn close(&mut self, h: HPy) {
        let i = h._i as usize;
        if i > self.constants && i < self.slots.len() && !matches!(self.slots[i], Value::Undef) {
            self.slots[i] = Value::Undef;
            debug_assert!(self.free.len() < self.free.capacity(), "the free list has room for every slot");
            if self.free.len() < self.free.capacity() {
                // SAFETY: below capacity, so the write is in the buffer and
                // the new length covers only initialized entries.
                unsafe {
                    self.free.as_mut_ptr().add(self.free.len()).write(i as u32);
                    self.free.set_len(self.free.len() + 1);
                }
            }
        }
    }

    /// Every value a handle holds (GC roots).
    pub fn values(&self) -> impl Iterator<Item = Value> + '_ {
        self.slots.iter().copied()
    }

    /// Where its fields sit (for `hpy::machine::ExtLayout`).
    pub(crate) fn field_offsets() -> HandlesFields {
        use std::mem::offset_of;
        HandlesFields { slots: offset_of!(Handles, slots) as i32, free: offset_of!(Handles, free) as i32, constants: offset_of!(Handles, constants) as i32 }
    }

    /// Handles currently open, constants and reserved slots excluded (for
    /// tests and leak reports).
    pub fn open_count(&self) -> usize {
        self.slots.len() - 1 - self.constants - self.reserved - self.free.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_are_indices_reused_after_close_and_constants_are_shared() {
        let mut t = Handles::default();
        let consts = t.open_constants(&[Value::None, Value::Bool(true)]);
        assert_eq!(consts, vec![HPy { _i: 1 }, HPy { _i: 2 }]);
        assert!(t.dup(consts[0]) == consts[0]);
        t.close(consts[0]);
        assert!(matches!(t.get(consts[0]), Value::None));
        let a = t.open(Value::Int(7));
        let b = t.dup(a);
        assert_ne!(a, b);
        assert_eq!(t.open_count(), 2);
        t.close(a);
        assert!(matches!(t.get(a), Value::Undef));
        assert!(matches!(t.get(b), Value::Int(7)));
        // Double close and garbage are ignored, the slot is reused once.
        t.close(a);
        t.close(HPy { _i: 9999 });
        let c = t.open(Value::Int(8));
        assert_eq!(c, a);
        assert_eq!(t.open_count(), 2);
    }

    #[test]
    fn reserved_slots_are_not_open_and_the_free_list_has_room_for_every_slot() {
        let mut t = Handles::default();
        t.open_constants(&[Value::None]);
        let opened: Vec<HPy> = (0..100).map(|k| t.open(Value::Int(k))).collect();
        let (r, s) = (t.reserve(), t.reserve());
        assert_eq!(t.open_count(), 100);
        assert!(matches!(t.get(HPy { _i: r as isize }), Value::Undef));
        assert!(!opened.iter().any(|h| h._i as u32 == r || h._i as u32 == s));
        assert!(t.free.capacity() >= t.slots.len() - 1);
        let cap = t.free.capacity();
        for h in &opened {
            t.close(*h);
        }
        // No push grew the list.
        assert_eq!(t.free.capacity(), cap);
        assert_eq!(t.open_count(), 0);
        // The reserved slots never come off the free list.
        let again: Vec<HPy> = (0..100).map(|k| t.open(Value::Int(k))).collect();
        assert!(!again.iter().any(|h| h._i as u32 == r || h._i as u32 == s));
    }
}
