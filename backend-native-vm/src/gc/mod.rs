//! The GC heap: a slot table of objects and a tracing mark-sweep collector.
//!
//! Objects are addressed by [`ObjRef`] slot indices, never by pointers, so
//! whatever holds a reference (the VM's stacks, a future handle table) holds
//! an index the collector could update when it moves an object. Cycles are
//! collected because liveness is decided by tracing from roots, not counts.
//!
//! Collection only happens at the interpreter's safe points (between
//! instructions), where every live value is on a VM stack, in a frame, in a
//! module, or in `temp_roots`; allocation merely asks for one. With
//! `HILT_GC_STRESS=1` every allocation asks, so the next safe point collects.

use crate::object::{Obj, ObjRef, Value};

pub struct Heap {
    slots: Vec<Option<Obj>>,
    marks: Vec<bool>,
    free: Vec<u32>,
    /// Objects that live as long as the VM (code constants, builtin types).
    pinned: Vec<ObjRef>,
    allocated_since_gc: usize,
    threshold: usize,
    pub stress: bool,
    /// Set by allocation when a collection is due; cleared by `collect`.
    pub wants_gc: bool,
    pub collections: u64,
}

impl Heap {
    pub fn new(stress: bool) -> Heap {
        Heap {
            slots: Vec::with_capacity(1 << 16),
            marks: Vec::new(),
            free: Vec::new(),
            pinned: Vec::new(),
            allocated_since_gc: 0,
            threshold: 100_000,
            stress,
            wants_gc: false,
            collections: 0,
        }
    }

    pub fn alloc(&mut self, obj: Obj) -> ObjRef {
        self.allocated_since_gc += 1;
        if self.stress || self.allocated_since_gc >= self.threshold {
            self.wants_gc = true;
        }
        if let Some(i) = self.free.pop() {
            // A free slot holds None: nothing to drop (the assignment would
            // call the drop glue for it on every allocation).
            let old = std::mem::replace(&mut self.slots[i as usize], Some(obj));
            debug_assert!(old.is_none(), "slot #{i} on the free list holds an object");
            std::mem::forget(old);
            ObjRef(i)
        } else {
            self.slots.push(Some(obj));
            ObjRef(self.slots.len() as u32 - 1)
        }
    }

    #[inline]
    pub fn get(&self, r: ObjRef) -> &Obj {
        match &self.slots[r.0 as usize] {
            Some(o) => o,
            None => panic!("use of collected object #{}", r.0),
        }
    }

    /// The items of `v` when it is a list or tuple of exactly `n` (what
    /// `a, b = v` unpacks without calling Python code).
    #[inline(always)]
    pub fn items_of_len(&self, v: Value, n: usize) -> Option<&[Value]> {
        let Value::Obj(r) = v else { return None };
        match self.get(r) {
            Obj::List(xs) | Obj::Tuple(xs) if xs.len() == n => Some(xs),
            _ => None,
        }
    }

    /// The value in cell `c`, when `c` is a cell holding one.
    #[inline(always)]
    pub fn cell_value(&self, c: Value) -> Option<Value> {
        match c {
            Value::Obj(r) => match self.get(r) {
                Obj::Cell(Value::Undef) => None,
                Obj::Cell(v) => Some(*v),
                _ => None,
            },
            _ => None,
        }
    }

    /// Store `v` in cell `c`; whether `c` is a cell.
    #[inline(always)]
    pub fn set_cell(&mut self, c: Value, v: Value) -> bool {
        match c {
            Value::Obj(r) => match self.get_mut(r) {
                Obj::Cell(slot) => {
                    *slot = v;
                    true
                }
                _ => false,
            },
            _ => false,
        }
    }

    /// The object in slot `r`, or None if it was freed (or never existed).
    pub fn try_get(&self, r: ObjRef) -> Option<&Obj> {
        self.slots.get(r.0 as usize).and_then(Option::as_ref)
    }

    #[inline]
    pub fn get_mut(&mut self, r: ObjRef) -> &mut Obj {
        match &mut self.slots[r.0 as usize] {
            Some(o) => o,
            None => panic!("use of collected object #{}", r.0),
        }
    }

    /// The address of the slot vector, whose data pointer machine code
    /// reads to find an object (see `object::layout`). Fixed for the
    /// heap's life; the data it points to moves when the heap grows.
    pub fn slots_addr(&self) -> *const u8 {
        &self.slots as *const Vec<Option<Obj>> as *const u8
    }

    pub fn pin(&mut self, r: ObjRef) {
        self.pinned.push(r);
    }

    pub fn live_objects(&self) -> usize {
        self.slots.len() - self.free.len()
    }

    /// Mark from `roots` (plus pinned objects) and free everything unmarked.
    pub fn collect(&mut self, roots: impl Iterator<Item = Value>) {
        self.marks.clear();
        self.marks.resize(self.slots.len(), false);
        let mut gray: Vec<ObjRef> = self.pinned.clone();
        gray.extend(roots.filter_map(|v| v.as_obj()));
        while let Some(r) = gray.pop() {
            let i = r.0 as usize;
            if self.marks[i] {
                continue;
            }
            self.marks[i] = true;
            if let Some(o) = &self.slots[i] {
                o.trace(&mut gray);
            }
        }
        for (i, slot) in self.slots.iter_mut().enumerate() {
            if !self.marks[i] && slot.is_some() {
                *slot = None;
                self.free.push(i as u32);
            }
        }
        self.collections += 1;
        self.allocated_since_gc = 0;
        self.wants_gc = false;
        // Grow the budget with the live heap so collection stays proportional.
        self.threshold = (self.live_objects() * 2).max(100_000);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreachable_cycles_are_freed_and_roots_kept() {
        let mut h = Heap::new(false);
        let base = h.live_objects();
        // a <-> b cycle, unreachable; c reachable from a root.
        let a = h.alloc(Obj::List(Vec::new()));
        let b = h.alloc(Obj::List(vec![Value::Obj(a)]));
        if let Obj::List(xs) = h.get_mut(a) {
            xs.push(Value::Obj(b));
        }
        let c = h.alloc(Obj::Tuple(vec![Value::Int(1)]));
        let d = h.alloc(Obj::List(vec![Value::Obj(c)]));
        h.collect([Value::Obj(d)].into_iter());
        assert_eq!(h.live_objects(), base + 2);
        assert!(matches!(h.get(c), Obj::Tuple(_)));
        // Freed slots are reused before the table grows.
        let e = h.alloc(Obj::List(Vec::new()));
        assert!(e == a || e == b);
    }

    #[test]
    fn stress_mode_requests_a_collection_per_allocation() {
        let mut h = Heap::new(true);
        h.alloc(Obj::List(Vec::new()));
        assert!(h.wants_gc);
        h.collect(std::iter::empty());
        assert!(!h.wants_gc);
        assert_eq!(h.collections, 1);
        h.alloc(Obj::List(Vec::new()));
        assert!(h.wants_gc);
    }
}
