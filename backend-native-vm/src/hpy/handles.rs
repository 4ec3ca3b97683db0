//! The handle table: what an `HPy` handle means on the VM.
//!
//! A handle is an index into `slots` (`HPy._i == index`; 0 is `HPy_NULL`,
//! so slot 0 is never used). Slots hold VM [`Value`]s, never pointers, and
//! the collector treats every slot as a root, so a handle keeps its object
//! alive and a moving collector would only have to rewrite slots. The
//! first slots hold the context's constants (`h_None`, the exception
//! types, ...): they are never freed, so duplicating one is returning it
//! and closing one does nothing.

use hilt_abi::HPy;

use crate::object::Value;

pub struct Handles {
    slots: Vec<Value>,
    free: Vec<u32>,
    /// Slots `1..=constants` are the context's constants.
    constants: usize,
}

/// Byte offsets of the [`Handles`] fields machine code reads.
pub(crate) struct HandlesFields {
    pub slots: i32,
    pub free: i32,
    pub constants: i32,
}

impl Default for Handles {
    fn default() -> Handles {
        Handles { slots: vec![Value::Undef], free: Vec::new(), constants: 0 }
    }
}

impl Handles {
    /// A handle for `v`.
    #[inline]
    pub fn open(&mut self, v: Value) -> HPy {
        match self.free.pop() {
            Some(i) => {
                self.slots[i as usize] = v;
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
        self.slots.push(v);
        HPy { _i: self.slots.len() as isize - 1 }
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
        let v = self.get(h);
        self.open(v)
    }

    /// `HPy_Close`: frees the slot (constants, NULL and garbage are ignored).
    #[inline]
    pub fn close(&mut self, h: HPy) {
        let i = h._i as usize;
        if i > self.constants && i < self.slots.len() && !matches!(self.slots[i], Value::Undef) {
            self.slots[i] = Value::Undef;
            if self.free.len() < self.free.capacity() {
                // SAFETY: below capacity, so the write is in the buffer and
                // the new length covers only initialized entries.
                unsafe {
                    self.free.as_mut_ptr().add(self.free.len()).write(i as u32);
                    self.free.set_len(self.free.len() + 1);
                }
            } else {
                self.free_growing(i as u32);
            }
        }
    }

    /// A push that grows the free list, out of line (rare: the list keeps
    /// its room).
    #[cold]
    #[inline(never)]
    fn free_growing(&mut self, i: u32) {
        self.free.push(i);
    }

    /// Every value a handle holds (GC roots).
    pub fn values(&self) -> impl Iterator<Item = Value> + '_ {
        self.slots.iter().copied()
    }

    /// Room for `n` more free-list entries (machine code pushes there
    /// without growing it).
    pub fn reserve_free(&mut self, n: usize) {
        self.free.reserve(n);
    }

    /// Where its fields sit (for `hpy::machine::ExtLayout`).
    pub(crate) fn field_offsets() -> HandlesFields {
        use std::mem::offset_of;
        HandlesFields { slots: offset_of!(Handles, slots) as i32, free: offset_of!(Handles, free) as i32, constants: offset_of!(Handles, constants) as i32 }
    }

    /// Handles currently open, constants excluded (for tests and leak reports).
    pub fn open_count(&self) -> usize {
        self.slots.len() - 1 - self.constants - self.free.len()
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
}
