//! The insertion-ordered hash table behind dict, set, instance and class dicts.
//!
//! Entries live in a dense vector in insertion order (deleted ones become
//! holes, compacted on growth); an open-addressing index maps hashes to entry
//! positions. The table does not compare keys itself: key equality may run
//! Python code (`__eq__`), so lookups are driven by the interpreter through
//! [`Dict::probe`], which yields candidate positions one at a time.

use super::Value;

#[derive(Clone, Copy)]
pub struct Entry {
    pub hash: u64,
    pub key: Value,
    pub value: Value,
}

const EMPTY: u32 = u32::MAX;
const DELETED: u32 = u32::MAX - 1;

#[derive(Default)]
pub struct Dict {
    entries: Vec<Option<Entry>>,
    index: Vec<u32>,
    /// Live entries (u32 like the index's positions: with `shape` it
    /// fills one word, which keeps an instance, and so every heap slot,
    /// at 96 bytes).
    len: u32,
    /// Bumped when a key is added or removed (not when a value changes):
    /// caches that remember an entry position check it.
    pub version: u64,
    /// For instance dicts: the layout id (`interp::shape`) naming this
    /// dict's exact key sequence, dense from position 0. 0 is the empty
    /// layout; every key insertion or removal here sets [`NO_SHAPE`], and
    /// only the instance-attribute store puts a known layout back.
    pub shape: u32,
}

/// `Dict::shape` of a dict whose key sequence no layout describes.
pub const NO_SHAPE: u32 = u32::MAX;

/// The index size (a power of two) after growing to hold `n` entries:
/// at most a third full, so the next ones go in without growing again.
fn index_size(n: usize) -> usize {
    let mut cap = 8;
    while cap * 2 < n * 3 * 2 {
        cap *= 2;
    }
    cap
}

/// The smallest index size (a power of two) that takes `n` entries
/// without `insert_new` growing it (it grows at two thirds full).
fn index_fitting(n: usize) -> usize {
    let mut cap = 8;
    while cap * 2 <= n * 3 {
        cap *= 2;
    }
    cap
}

/// Where a probe sequence stands.
pub struct Probe {
    slot: usize,
    perturb: u64,
    first_free: Option<usize>,
    /// The index slot of the last candidate returned.
    pub last_slot: usize,
}

impl Probe {
    /// After a probe that found nothing: the first index slot it passed
    /// that an insertion of its key may take.
    pub fn free_slot(&self) -> Option<usize> {
        self.first_free
    }
}

impl Dict {
    pub fn new() -> Dict {
        Dict::default()
    }
    /// An empty table with room for `n` entries before it grows.
    pub fn with_capacity(n: usize) -> Dict {
        if n == 0 {
            return Dict::new();
        }
        Dict { entries: Vec::with_capacity(n), index: vec![EMPTY; index_fitting(n)], ..Dict::default() }
    }
    pub fn len(&self) -> usize {
        self.len as usize
    }
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    fn mask(&self) -> usize {
        self.index.len() - 1
    }
    /// Start probing for `hash`.
    pub fn probe_start(&self, hash: u64) -> Probe {
        let slot = if self.index.is_empty() { 0 } else { (hash as usize) & self.mask() };
        Probe { slot, perturb: hash, first_free: None, last_slot: 0 }
    }
    /// The next entry position whose hash equals `hash`, or None at the end
    /// of the probe sequence.
    pub fn probe(&self, p: &mut Probe, hash: u64) -> Option<usize> {
        if self.index.is_empty() {
            return None;
        }
        loop {
            let ix = self.index[p.slot];
            let here = p.slot;
            p.perturb >>= 5;
            p.slot = (p.slot * 5 + 1 + p.perturb as usize) & self.mask();
            match ix {
                EMPTY => {
                    if p.first_free.is_none() {
                        p.first_free = Some(here);
                    }
                    return None;
                }
                DELETED => {
                    if p.first_free.is_none() {
                        p.first_free = Some(here);
                    }
                }
                i => {
                    if let Some(e) = &self.entries[i as usize] {
                        if e.hash == hash {
                            p.last_slot = here;
                            return Some(i as usize);
                        }
                    }
                }
            }
        }
    }
    /// The entry vector itself, for `object::layout` to find where
    /// machine code reads an instance attribute.
    #[allow(clippy::ptr_arg)]
    pub(crate) fn entry_vec(&self) -> &Vec<Option<Entry>> {
        &self.entries
    }
    /// The entry at position `i`, if there is a live one.
    pub fn live_entry(&self, i: usize) -> Option<&Entry> {
        self.entries.get(i)?.as_ref()
    }
    pub fn entry(&self, i: usize) -> &Entry {
        self.entries[i].as_ref().expect("live dict entry")
    }
    pub fn set_value(&mut self, i: usize, v: Value) {
        if let Some(e) = &mut self.entries[i] {
            e.value = v;
        }
    }
    /// Insert a key known to be absent; its entry's position.
    pub fn insert_new(&mut self, hash: u64, key: Value, value: Value) -> usize {
        if self.must_grow() {
            self.grow();
        }
        let mut p = self.probe_start(hash);
        while self.probe(&mut p, hash).is_some() {}
        let slot = p.first_free.expect("free slot after probe");
        self.put_entry(slot, Entry { hash, key, value })
    }
    /// `insert_new`, where a probe for `hash` that found nothing offered
    /// index slot `slot` (`Probe::free_slot`) and no entry was added or
    /// removed since: no second probe unless the index must grow.
    pub fn insert_new_at(&mut self, slot: Option<usize>, hash: u64, key: Value, value: Value) -> usize {
        match slot {
            Some(slot) if !self.must_grow() => {
                debug_assert!(self.index[slot] == EMPTY || self.index[slot] == DELETED, "index slot {slot} is taken");
                self.put_entry(slot, Entry { hash, key, value })
            }
            _ => self.insert_new(hash, key, value),
        }
    }
    /// Whether one more entry needs a larger index first.
    fn must_grow(&self) -> bool {
        (self.entries.len() + 1) * 3 >= self.index.len() * 2
    }
    /// A new entry at the end, named by free index slot `slot`.
    fn put_entry(&mut self, slot: usize, e: Entry) -> usize {
        let at = self.entries.len();
        self.index[slot] = at as u32;
        self.entries.push(Some(e));
        self.len += 1;
        self.version += 1;
        self.shape = NO_SHAPE;
        at
    }
    /// Remove the entry at position `i`, found by a probe whose last
    /// candidate it was (`Probe::last_slot`).
    pub fn remove_at(&mut self, i: usize, slot: usize) -> Entry {
        let e = self.entries[i].take().expect("live dict entry");
        debug_assert_eq!(self.index[slot], i as u32);
        self.index[slot] = DELETED;
        self.len -= 1;
        self.version += 1;
        self.shape = NO_SHAPE;
        e
    }
    fn grow(&mut self) {
        let live: Vec<Entry> = self.entries.drain(..).flatten().collect();
        self.index = vec![EMPTY; index_size(live.len() + 1)];
        self.len = 0;
        for e in live {
            let mut p = self.probe_start(e.hash);
            while self.probe(&mut p, e.hash).is_some() {}
            let slot = p.first_free.expect("free slot");
            self.index[slot] = self.entries.len() as u32;
            self.entries.push(Some(e));
            self.len += 1;
        }
        self.version += 1;
    }
    /// Live entries in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().flatten()
    }
    /// The entry at dense position `i` or later that is live: for iterators
    /// that keep a position across calls.
    pub fn next_from(&self, mut i: usize) -> Option<(usize, &Entry)> {
        while i < self.entries.len() {
            if let Some(e) = &self.entries[i] {
                return Some((i, e));
            }
            i += 1;
        }
        None
    }
    pub fn clear(&mut self) {
        self.entries.clear();
        self.index.clear();
        self.len = 0;
        self.version += 1;
        self.shape = 0;
    }
    pub fn trace(&self, v: &mut impl FnMut(&Value)) {
        for e in self.iter() {
            v(&e.key);
            v(&e.value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_made_for_n_entries_takes_them_without_growing() {
        for n in 1..40 {
            let mut d = Dict::with_capacity(n);
            let size = d.index.len();
            for k in 0..n as i64 {
                put(&mut d, k);
            }
            assert_eq!(d.index.len(), size, "{n} entries");
            assert_eq!(d.len(), n);
            assert!((0..n as i64).all(|k| find(&d, k).is_some()));
        }
    }

    /// Insert ints keyed by their own value as hash (as the VM does for ints).
    fn put(d: &mut Dict, k: i64) {
        d.insert_new(k as u64, Value::Int(k), Value::Int(k * 10));
    }
    fn find(d: &Dict, k: i64) -> Option<(usize, usize)> {
        let mut p = d.probe_start(k as u64);
        while let Some(i) = d.probe(&mut p, k as u64) {
            if matches!(d.entry(i).key, Value::Int(x) if x == k) {
                return Some((i, p.last_slot));
            }
        }
        None
    }

    #[test]
    fn keeps_insertion_order_through_growth_and_deletion() {
        let mut d = Dict::new();
        for k in (0..100).rev() {
            put(&mut d, k);
        }
        for k in (0..100).step_by(3) {
            let (i, s) = find(&d, k).expect("present");
            d.remove_at(i, s);
        }
        assert_eq!(d.len(), 66);
        assert!(find(&d, 3).is_none() && find(&d, 4).is_some());
        let keys: Vec<i64> = d.iter().map(|e| if let Value::Int(k) = e.key { k } else { -1 }).collect();
        let want: Vec<i64> = (0..100).rev().filter(|k| k % 3 != 0).collect();
        assert_eq!(keys, want);
        // Re-inserting a deleted key appends it at the end.
        put(&mut d, 3);
        assert!(matches!(d.iter().last().map(|e| e.key), Some(Value::Int(3))));
    }

    #[test]
    fn colliding_hashes_are_all_found() {
        let mut d = Dict::new();
        for k in 0..50 {
            d.insert_new(7, Value::Int(k), Value::None);
        }
        let mut p = d.probe_start(7);
        let mut n = 0;
        while d.probe(&mut p, 7).is_some() {
            n += 1;
        }
        assert_eq!(n, 50);
    }

    /// Where int key `k` of hash `hash` is: its entry and index slot.
    fn find_hashed(d: &Dict, hash: u64, k: i64) -> Option<(usize, usize)> {
        let mut p = d.probe_start(hash);
        while let Some(i) = d.probe(&mut p, hash) {
            if matches!(d.entry(i).key, Value::Int(x) if x == k) {
                return Some((i, p.last_slot));
            }
        }
        None
    }

    #[test]
    fn inserting_where_a_failed_probe_stopped_matches_a_fresh_insert() {
        // Missing keys put where their probe offered (colliding hashes,
        // deleted slots reused, growth on the way), against insert_new.
        let (mut d, mut e) = (Dict::new(), Dict::new());
        for k in 0..200i64 {
            let hash = (k % 13) as u64;
            if k % 7 == 3 {
                for t in [&mut d, &mut e] {
                    if let Some((i, slot)) = find_hashed(t, (k - 1) as u64 % 13, k - 1) {
                        t.remove_at(i, slot);
                    }
                }
            }
            let mut p = d.probe_start(hash);
            while d.probe(&mut p, hash).is_some() {}
            d.insert_new_at(p.free_slot(), hash, Value::Int(k), Value::Int(k));
            e.insert_new(hash, Value::Int(k), Value::Int(k));
        }
        let keys = |t: &Dict| t.iter().map(|x| (x.hash, if let Value::Int(k) = x.key { k } else { -1 })).collect::<Vec<_>>();
        assert_eq!(keys(&d), keys(&e));
        assert_eq!(d.len(), e.len());
        for k in 0..200i64 {
            assert_eq!(find_hashed(&d, (k % 13) as u64, k).is_some(), find_hashed(&e, (k % 13) as u64, k).is_some(), "key {k}");
        }
    }
}
