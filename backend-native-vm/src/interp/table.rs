//! Hashing, equality and the dict/set operations that need them.
//!
//! Key comparison may call `__eq__`/`__hash__` written in Python, so these
//! live on the VM rather than in `object::dict`, which only stores entries.
//! Numbers hash like CPython's (modulo 2**61 - 1), so `1 == 1.0 == True`
//! are one key.

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive};

use super::{PyResult, Vm};
use crate::object::{Dict, Obj, ObjRef, Value};

const MODULUS: u64 = (1 << 61) - 1;

pub fn hash_int(i: i64) -> u64 {
    // Most ints are below the modulus and hash to themselves: no division.
    if (0..MODULUS as i64).contains(&i) {
        return i as u64;
    }
    let m = (i.unsigned_abs() % MODULUS) as i64;
    let h = if i < 0 { -m } else { m };
    (if h == -1 { -2 } else { h }) as u64
}

pub fn hash_bigint(b: &BigInt) -> u64 {
    let m: BigInt = b.abs() % BigInt::from(MODULUS);
    let m = m.to_i64().unwrap_or(0);
    let h = if b.is_negative() { -m } else { m };
    (if h == -1 { -2 } else { h }) as u64
}

pub fn hash_float(f: f64) -> u64 {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 9.2e18 {
        return hash_int(f as i64);
    }
    if f.is_nan() {
        return 0;
    }
    if f.is_infinite() {
        return if f > 0.0 { 314159 } else { (-314159i64) as u64 };
    }
    // Not integral: any stable mix of the bits keeps dict semantics right.
    let b = f.to_bits();
    (b ^ (b >> 29)).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 3
}

/// A fast, non-keyed hasher for the VM's internal maps (type lookups,
/// type names, shapes): their keys are the VM's own, never user input an
/// attacker chooses, so SipHash's flooding resistance buys nothing there.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(b));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.write_u64(i as u64)
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.write_u64(i as u64)
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64)
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// `BuildHasher` for [`FxHasher`].
pub type FxBuild = std::hash::BuildHasherDefault<FxHasher>;

/// FNV-1a over UTF-8 bytes (CPython randomizes str hashes; nothing may depend on them).
pub fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.as_bytes() {
        h ^= *b as u64;
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    h >> 1
}

fn mix(acc: u64, h: u64) -> u64 {
    (acc ^ h).wrapping_mul(0x0000_0100_0000_01B3).rotate_left(13)
}

impl Vm {
    pub fn hash(&mut self, v: Value) -> PyResult<u64> {
        match v {
            Value::None => Ok(0xFCA8_6420),
            Value::Bool(b) => Ok(b as u64),
            Value::Int(i) => Ok(hash_int(i)),
            Value::Float(f) => Ok(hash_float(f)),
            Value::NotImplemented | Value::Ellipsis | Value::Undef => Ok(0x1234),
            Value::Obj(r) => {
                let h = match self.heap.get(r) {
                    Obj::Str(s) => Some(s.hash()),
                    Obj::BigInt(b) => Some(hash_bigint(b)),
                    Obj::Bytes(b) => Some(hash_str(&String::from_utf8_lossy(b)) ^ 0x55),
                    Obj::Tuple(_) => None,
                    Obj::Set { frozen: true, .. } => None,
                    Obj::List(_) | Obj::Dict(_) | Obj::Set { frozen: false, .. } => {
                        let t = self.type_name(v);
                        return Err(self.err("TypeError", &format!("unhashable type: '{t}'")));
                    }
                    Obj::Instance(_) => None,
                    _ => Some(r.0 as u64 * 0x9E37_79B9),
                };
                if let Some(h) = h {
                    return Ok(h);
                }
                match self.heap.get(r) {
                    Obj::Tuple(xs) => {
                        let xs = xs.clone();
                        let mut acc = 0x345678u64;
                        for x in xs {
                            acc = mix(acc, self.hash(x)?);
                        }
                        Ok(acc)
                    }
                    Obj::Set { items, .. } => {
                        let mut acc = 0u64;
                        for e in items.iter() {
                            acc ^= e.hash.wrapping_mul(0x2545_F491_4F6C_DD1D);
                        }
                        Ok(acc)
                    }
                    _ => {
                        let cls = self.type_of(v);
                        if let Some(h) = self.lookup_type(cls, "__hash__") {
                            if let Value::None = h {
                                let t = self.type_name(v);
                                return Err(self.err("TypeError", &format!("unhashable type: '{t}'")));
                            }
                            if !self.is_native(h) {
                                let r = self.call(h, &[v], &[])?;
                                return match r {
                                    // Taken as it is when it fits (as CPython
                                    // does), so `__hash__` can return another
                                    // object's hash; -1 is reserved.
                                    Value::Int(i) => Ok(if i == -1 { -2i64 as u64 } else { i as u64 }),
                                    Value::Bool(b) => Ok(b as u64),
                                    _ => self.hash(r),
                                };
                            }
                        }
                        // A class defining __eq__ without __hash__ is unhashable.
                        if let Some(eq) = self.lookup_type(cls, "__eq__") {
                            if !self.is_native(eq) {
                                let t = self.type_name(v);
                                return Err(self.err("TypeError", &format!("unhashable type: '{t}'")));
                            }
                        }
                        Ok(r.0 as u64 * 0x9E37_79B9)
                    }
                }
            }
        }
    }

    /// Equality without running Python code, when the answer is known.
    pub fn eq_fast(&self, a: Value, b: Value) -> Option<bool> {
        if a.is(&b) {
            if let Value::Float(f) = a {
                return Some(!f.is_nan());
            }
            return Some(true);
        }
        match (a, b) {
            (Value::Int(x), Value::Int(y)) => Some(x == y),
            (Value::Int(x), Value::Float(y)) | (Value::Float(y), Value::Int(x)) => Some((x as f64) == y && (y as i64) == x),
            (Value::Float(x), Value::Float(y)) => Some(x == y),
            (Value::Bool(x), Value::Int(y)) | (Value::Int(y), Value::Bool(x)) => Some(x as i64 == y),
            (Value::Bool(x), Value::Float(y)) | (Value::Float(y), Value::Bool(x)) => Some(x as i64 as f64 == y),
            (Value::Obj(x), Value::Obj(y)) => match (self.heap.get(x), self.heap.get(y)) {
                (Obj::Str(s), Obj::Str(t)) => Some(s.s == t.s),
                (Obj::Str(_), Obj::Instance(_)) | (Obj::Instance(_), _) | (_, Obj::Instance(_)) => None,
                (Obj::BigInt(p), Obj::BigInt(q)) => Some(p == q),
                (Obj::Bytes(p), Obj::Bytes(q)) => Some(p == q),
                (Obj::Str(_), _) | (_, Obj::Str(_)) => Some(false),
                _ => None,
            },
            (Value::Obj(x), _) | (_, Value::Obj(x)) => match self.heap.get(x) {
                Obj::Str(_) | Obj::Tuple(_) | Obj::List(_) | Obj::Dict(_) | Obj::Bytes(_) => Some(false),
                Obj::BigInt(_) => None,
                _ => None,
            },
            _ => Some(false),
        }
    }

    pub fn eq(&mut self, a: Value, b: Value) -> PyResult<bool> {
        if let Some(r) = self.eq_fast(a, b) {
            return Ok(r);
        }
        let r = self.compare(crate::compile::bytecode::CmpOp::Eq, a, b)?;
        self.truthy(r)
    }

    pub(crate) fn dict_of(&self, r: ObjRef) -> &Dict {
        match self.heap.get(r) {
            Obj::Dict(d) | Obj::Set { items: d, .. } => d,
            Obj::Instance(i) if i.spill != crate::object::NO_SPILL => self.dict_of(ObjRef(i.spill)),
            Obj::Instance(i) => &i.dict,
            Obj::Class(c) => match self.heap.get(c.dict) {
                Obj::Dict(d) => d,
                _ => panic!("class dict is not a dict"),
            },
            Obj::Module { dict, .. } => match self.heap.get(*dict) {
                Obj::Dict(d) => d,
                _ => panic!("module dict is not a dict"),
            },
            _ => panic!("not a dict-bearing object"),
        }
    }
    pub(crate) fn dict_of_mut(&mut self, r: ObjRef) -> &mut Dict {
        let inner = match self.heap.get(r) {
            Obj::Class(c) => Some(c.dict),
            Obj::Module { dict, .. } => Some(*dict),
            Obj::Instance(i) if i.spill != crate::object::NO_SPILL => Some(ObjRef(i.spill)),
            _ => None,
        };
        let r = inner.unwrap_or(r);
        match self.heap.get_mut(r) {
            Obj::Dict(d) | Obj::Set { items: d, .. } => d,
            Obj::Instance(i) => &mut i.dict,
            _ => panic!("not a dict-bearing object"),
        }
    }

    /// Position of `key` in the dict at `d` (and the probe slot), if present.
    pub fn dict_find(&mut self, d: ObjRef, key: Value, hash: u64) -> PyResult<Option<(usize, usize)>> {
        // While `eq_fast` answers, the probe stays on one borrow of the
        // table; from the first key that needs `__eq__` on, it looks the
        // table up again after each comparison (Python code may change it).
        let dict = self.dict_of(d);
        let mut p = dict.probe_start(hash);
        let mut pending = None;
        while let Some(i) = dict.probe(&mut p, hash) {
            match self.eq_fast(dict.entry(i).key, key) {
                Some(true) => return Ok(Some((i, p.last_slot))),
                Some(false) => {}
                None => {
                    pending = Some(i);
                    break;
                }
            }
        }
        loop {
            let found = pending.take().or_else(|| self.dict_of(d).probe(&mut p, hash));
            let Some(i) = found else { return Ok(None) };
            let k = self.dict_of(d).entry(i).key;
            let same = match self.eq_fast(k, key) {
                Some(b) => b,
                None => {
                    let version = self.dict_of(d).version;
                    let b = self.eq(k, key)?;
                    if self.dict_of(d).version != version {
                        return Err(self.err("RuntimeError", "dictionary changed size during iteration"));
                    }
                    b
                }
            };
            if same {
                return Ok(Some((i, p.last_slot)));
            }
        }
    }

    /// Where `key` is in `d` (with its hash), when finding out runs no
    /// Python code: an int or str key whose every comparison along the
    /// probe `eq_fast` answers. None when that cannot be told here.
    fn dict_find_plain(&self, d: &Dict, key: Value) -> Option<(u64, Option<usize>)> {
        self.dict_place_plain(d, key).map(|(hash, at)| (hash, at.ok()))
    }

    /// `dict_find_plain`, telling where a missing key would go: its
    /// entry's position, or the index slot a `Dict::insert_new_at` of it
    /// takes (None: the index has none to offer).
    fn dict_place_plain(&self, d: &Dict, key: Value) -> Option<(u64, Result<usize, Option<usize>>)> {
        let hash = match key {
            Value::Int(i) => hash_int(i),
            Value::Obj(r) => match self.heap.get(r) {
                Obj::Str(s) => s.hash(),
                _ => return None,
            },
            _ => return None,
        };
        let mut p = d.probe_start(hash);
        while let Some(i) = d.probe(&mut p, hash) {
            if self.eq_fast(d.entry(i).key, key)? {
                return Some((hash, Ok(i)));
            }
        }
        Some((hash, Err(p.free_slot())))
    }

    /// `d[key]` found without Python code (see `dict_find_plain`); None
    /// when it is missing too (the full lookup raises the KeyError).
    pub(crate) fn dict_get_plain(&self, d: &Dict, key: Value) -> Option<Value> {
        let (_, i) = self.dict_find_plain(d, key)?;
        i.map(|i| d.entry(i).value)
    }

    /// `d.get(key)` without Python code: `Some(None)` when `key` is
    /// missing, None when finding out would run Python code.
    pub(crate) fn dict_lookup_plain(&self, d: &Dict, key: Value) -> Option<Option<Value>> {
        let (_, i) = self.dict_find_plain(d, key)?;
        Some(i.map(|i| d.entry(i).value))
    }

    /// `key in d`, when telling runs no Python code.
    pub(crate) fn dict_contains_plain(&self, d: &Dict, key: Value) -> Option<bool> {
        self.dict_find_plain(d, key).map(|(_, i)| i.is_some())
    }

    /// `d[key] = value` when finding the key runs no Python code; whether
    /// it was done (`d` must be a dict).
    pub(crate) fn dict_set_plain(&mut self, d: ObjRef, key: Value, value: Value) -> bool {
        let Some((hash, at)) = self.dict_place_plain(self.dict_of(d), key) else { return false };
        match at {
            Ok(i) => self.dict_of_mut(d).set_value(i, value),
            Err(slot) => {
                self.dict_of_mut(d).insert_new_at(slot, hash, key, value);
            }
        }
        true
    }

    pub fn dict_get(&mut self, d: ObjRef, key: Value) -> PyResult<Option<Value>> {
        let h = self.hash(key)?;
        Ok(self.dict_find(d, key, h)?.map(|(i, _)| self.dict_of(d).entry(i).value))
    }

    pub fn dict_set(&mut self, d: ObjRef, key: Value, value: Value) -> PyResult<()> {
        let h = self.hash(key)?;
        match self.dict_find(d, key, h)? {
            Some((i, _)) => self.dict_of_mut(d).set_value(i, value),
            None => {
                self.dict_of_mut(d).insert_new(h, key, value);
            }
        }
        Ok(())
    }

    /// Remove `key`; returns its value if it was there.
    pub fn dict_remove(&mut self, d: ObjRef, key: Value) -> PyResult<Option<Value>> {
        let h = self.hash(key)?;
        match self.dict_find(d, key, h)? {
            Some((i, slot)) => Ok(Some(self.dict_of_mut(d).remove_at(i, slot).value)),
            None => Ok(None),
        }
    }

    /// Lookup by a Rust string (attribute and global names) without allocating.
    pub fn dict_find_str(&self, d: ObjRef, key: &str) -> Option<usize> {
        let h = hash_str(key);
        let dict = self.dict_of(d);
        let mut p = dict.probe_start(h);
        while let Some(i) = dict.probe(&mut p, h) {
            if self.as_str(dict.entry(i).key) == Some(key) {
                return Some(i);
            }
        }
        None
    }
    pub fn dict_get_str(&self, d: ObjRef, key: &str) -> Option<Value> {
        self.dict_find_str(d, key).map(|i| self.dict_of(d).entry(i).value)
    }
    pub fn dict_set_str(&mut self, d: ObjRef, key: &str, value: Value) -> PyResult<()> {
        self.dict_set_str_at(d, key, value).map(|_| ())
    }
    /// `dict_set_str`, giving the entry's position.
    pub(crate) fn dict_set_str_at(&mut self, d: ObjRef, key: &str, value: Value) -> PyResult<usize> {
        if let Some(i) = self.dict_find_str(d, key) {
            self.dict_of_mut(d).set_value(i, value);
            return Ok(i);
        }
        let k = self.new_str(key);
        Ok(self.dict_of_mut(d).insert_new(hash_str(key), k, value))
    }
    pub fn dict_del_str(&mut self, d: ObjRef, key: &str) -> PyResult<bool> {
        let h = hash_str(key);
        let found = {
            let dict = self.dict_of(d);
            let mut p = dict.probe_start(h);
            let mut f = None;
            while let Some(i) = dict.probe(&mut p, h) {
                if self.as_str(dict.entry(i).key) == Some(key) {
                    f = Some((i, p.last_slot));
                    break;
                }
            }
            f
        };
        match found {
            Some((i, s)) => {
                self.dict_of_mut(d).remove_at(i, s);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    pub fn dict_len(&self, d: ObjRef) -> usize {
        self.dict_of(d).len()
    }
    /// (key, value) pairs in order.
    pub fn dict_entries(&self, d: ObjRef) -> Vec<(Value, Value)> {
        self.dict_of(d).iter().map(|e| (e.key, e.value)).collect()
    }

    pub fn set_add(&mut self, s: ObjRef, v: Value) -> PyResult<()> {
        // An int or str: found, or not, on one borrow and no Python code.
        if let Some((h, at)) = self.dict_place_plain(self.dict_of(s), v) {
            if let Err(slot) = at {
                self.dict_of_mut(s).insert_new_at(slot, h, v, Value::None);
            }
            return Ok(());
        }
        let h = self.hash(v)?;
        if self.dict_find(s, v, h)?.is_none() {
            self.dict_of_mut(s).insert_new(h, v, Value::None);
        }
        Ok(())
    }
    pub fn set_contains(&mut self, s: ObjRef, v: Value) -> PyResult<bool> {
        let h = self.hash(v)?;
        Ok(self.dict_find(s, v, h)?.is_some())
    }

    /// `d.update(other)`: from a dict or an iterable of pairs.
    pub fn dict_update(&mut self, d: ObjRef, other: Value) -> PyResult<()> {
        if let Value::Obj(o) = other {
            if let Obj::Dict(_) = self.heap.get(o) {
                for (k, v) in self.dict_entries(o) {
                    self.dict_set(d, k, v)?;
                }
                return Ok(());
            }
            if let Obj::Instance(_) = self.heap.get(o) {
                if let Ok(keys) = self.get_attr(other, "keys") {
                    let ks = self.call(keys, &[], &[])?;
                    let ks = self.collect_iter(ks)?;
                    for k in ks {
                        let v = self.get_item(other, k)?;
                        self.dict_set(d, k, v)?;
                    }
                    return Ok(());
                }
            }
        }
        let pairs = self.collect_iter(other)?;
        for p in pairs {
            let kv = self.collect_iter(p)?;
            if kv.len() != 2 {
                return Err(self.err("ValueError", &format!("dictionary update sequence element has length {}; 2 is required", kv.len())));
            }
            self.dict_set(d, kv[0], kv[1])?;
        }
        Ok(())
    }
}

/// The order CPython 3.11 would iterate a set whose elements have these
/// hashes, inserted in this order with no removals in between: its table
/// layout (start at 8 slots, probe 9 neighbours then perturb, grow to 4x
/// `used` at 60% fill) replayed here, read back slot by slot. Ints and
/// bools hash as in CPython, so their sets print in CPython's order.
pub fn cpython_set_order(hashes: &[u64]) -> Vec<usize> {
    const LINEAR_PROBES: usize = 9;
    fn insert_clean(table: &mut [Option<usize>], hashes: &[u64], item: usize) {
        let mask = table.len() - 1;
        let h = hashes[item];
        let mut perturb = h;
        let mut i = (h as usize) & mask;
        loop {
            if table[i].is_none() {
                table[i] = Some(item);
                return;
            }
            if i + LINEAR_PROBES <= mask {
                for j in 1..=LINEAR_PROBES {
                    if table[i + j].is_none() {
                        table[i + j] = Some(item);
                        return;
                    }
                }
            }
            perturb >>= 5;
            i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb as usize)) & mask;
        }
    }
    let mut table: Vec<Option<usize>> = vec![None; 8];
    let mut used = 0usize;
    for item in 0..hashes.len() {
        insert_clean(&mut table, hashes, item);
        used += 1;
        let mask = table.len() - 1;
        if used * 5 >= mask * 3 {
            let minused = if used > 50000 { used * 2 } else { used * 4 };
            let mut size = 8;
            while size <= minused {
                size <<= 1;
            }
            let old = std::mem::replace(&mut table, vec![None; size]);
            for it in old.into_iter().flatten() {
                insert_clean(&mut table, hashes, it);
            }
        }
    }
    table.into_iter().flatten().collect()
}

impl Vm {
    /// A set's elements in the order iteration and repr show them.
    pub fn set_items_ordered(&self, s: ObjRef) -> Vec<Value> {
        let entries: Vec<(u64, Value)> = self.dict_of(s).iter().map(|e| (e.hash, e.key)).collect();
        let hashes: Vec<u64> = entries.iter().map(|(h, _)| *h).collect();
        cpython_set_order(&hashes).into_iter().map(|i| entries[i].1).collect()
    }
}
