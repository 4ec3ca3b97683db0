//! Instance layouts ("shapes") and the per-instruction attribute caches
//! that key on them.
//!
//! A shape names an exact key sequence of an instance dict: shape 0 is the
//! empty dict, and storing a new attribute `name` into a dict of shape `s`
//! moves it to the child `(s, name)`. Instances built by the same code
//! therefore share shapes, and a shape fixes where each key sits in the
//! dict's dense entry vector. Any other key insertion or a removal leaves
//! the dict at `NO_SHAPE` (see `object::dict`), which no cache matches.
//!
//! `LoadAttr`, `StoreAttr` and `LoadMethod` each own [`WAYS`] cache entries
//! ([`CacheEntry`]), each remembering, for one (class, shape), where the
//! answer is; several, for sites that see a few classes (a method called
//! on each subclass in turn). The newest entry comes first. What a class
//! contributes (no property of that name, the method it finds, no Python
//! `__setattr__`) is only valid while no class attribute changed and no
//! collection ran (which may free a class and reuse its slot):
//! `Vm::attr_epoch` counts both, and entries from an older epoch are ignored.

use std::cell::Cell;
use std::collections::HashMap;

use super::table::{hash_str, FxBuild};
use super::{PyResult, Vm};
use crate::compile::bytecode::CacheEntry;
use crate::gc::Heap;
use crate::object::{Obj, ObjRef, PyStr, Value, NO_SHAPE};

/// Cache entries per attribute instruction.
pub const WAYS: usize = 4;

/// The cache ways of the attribute instruction whose cache index is `c`.
#[inline(always)]
pub fn ways(code: &crate::compile::bytecode::Code, c: u32) -> &[std::cell::Cell<CacheEntry>] {
    &code.caches[c as usize..c as usize + WAYS]
}

/// Shapes beyond this many are not made (a program inventing attribute
/// names without end just runs uncached).
const MAX_SHAPES: usize = 1 << 16;

/// What a cache entry found, in the high half of `CacheEntry::version2`
/// (the low half is the shape it was found for); `key` is the class.
/// An instance attribute at dict position `index`.
pub(crate) const SLOT: u64 = 1 << 32;
/// `LoadMethod`: a plain function on the class (`index` is its ObjRef), the
/// name absent from the instance's shape.
pub(crate) const METHOD: u64 = 2 << 32;
/// `StoreAttr` of a new attribute: append, moving to shape `index`.
const APPEND: u64 = 3 << 32;
/// `LoadMethod` on a value of a builtin type: `key` is the type, `index`
/// the function.
const TYPE_METHOD: u64 = 4 << 32;

struct ShapeNode {
    parent: u32,
    name: Box<str>,
    hash: u64,
    /// The interned key str (pinned), shared by every dict of this shape.
    key: Value,
}

/// The shape tree: shape 0 is the empty layout.
pub struct Shapes {
    nodes: Vec<ShapeNode>,
    children: HashMap<(u32, u64), u32, FxBuild>,
}

impl Default for Shapes {
    fn default() -> Shapes {
        Shapes { nodes: vec![ShapeNode { parent: NO_SHAPE, name: "".into(), hash: 0, key: Value::None }], children: HashMap::default() }
    }
}

impl Shapes {
    /// The shape after adding `name` to a dict of shape `s`, and the key to
    /// insert; None when `s` is unknown or no shape can be made.
    fn child(&mut self, heap: &mut Heap, s: u32, name: &str, hash: u64) -> Option<(u32, Value)> {
        if s == NO_SHAPE {
            return None;
        }
        if let Some(&c) = self.children.get(&(s, hash)) {
            let n = &self.nodes[c as usize];
            // Two names with one hash: the second goes unshaped.
            return if &*n.name == name { Some((c, n.key)) } else { None };
        }
        if self.nodes.len() >= MAX_SHAPES {
            return None;
        }
        let k = heap.alloc(Obj::Str(PyStr::new(name)));
        heap.pin(k);
        let c = self.nodes.len() as u32;
        self.nodes.push(ShapeNode { parent: s, name: name.into(), hash, key: Value::Obj(k) });
        self.children.insert((s, hash), c);
        Some((c, Value::Obj(k)))
    }
}

impl Vm {
    /// Store an attribute into an instance's own dict, keeping its shape.
    pub fn instance_store(&mut self, r: ObjRef, name: &str, v: Value) -> PyResult<()> {
        if let Some(i) = self.dict_find_str(r, name) {
            self.dict_of_mut(r).set_value(i, v);
            return Ok(());
        }
        let h = hash_str(name);
        let old = self.dict_of(r).shape;
        let (shape, key) = match self.shapes.child(&mut self.heap, old, name, h) {
            Some((s, k)) => (s, k),
            None => (NO_SHAPE, self.new_str(name)),
        };
        let d = self.dict_of_mut(r);
        d.insert_new(h, key, v);
        d.shape = shape;
        Ok(())
    }


    /// Put a new entry first, dropping the oldest.
    fn remember(&self, c: &[Cell<CacheEntry>], key: ObjRef, kind: u64, index: u32) {
        for i in (1..c.len()).rev() {
            c[i].set(c[i - 1].get());
        }
        c[0].set(CacheEntry { version: self.attr_epoch, version2: kind, key: key.0, index });
    }

    /// `LoadAttr` cache hit: the instance's own attribute at a known slot.
    // Always: the loop expands twice (interpreter and `step`), and with
    // plain #[inline] LLVM stopped inlining these hits into it.
    #[inline(always)]
    pub fn load_attr_hit(&self, o: Value, c: &[Cell<CacheEntry>]) -> Option<Value> {
        let Value::Obj(r) = o else { return None };
        let Obj::Instance(i) = self.heap.get(r) else { return None };
        let want = SLOT | i.dict.shape as u64;
        for e in c {
            let e = e.get();
            if e.version == self.attr_epoch && e.key == i.class.0 && e.version2 == want {
                return Some(i.dict.entry(e.index as usize).value);
            }
        }
        None
    }

    /// `m.name` of a module whose dict binds `name` (found there, no
    /// module `__getattr__` is called).
    pub(crate) fn module_attr_hit(&self, o: Value, name: &str) -> Option<Value> {
        let Value::Obj(r) = o else { return None };
        let Obj::Module { dict, .. } = self.heap.get(r) else { return None };
        self.dict_get_str(*dict, name)
    }

    /// After a slow `LoadAttr`: remember where an instance attribute was.
    pub fn load_attr_fill(&self, o: Value, name: &str, c: &[Cell<CacheEntry>]) {
        let Value::Obj(r) = o else { return };
        let Obj::Instance(i) = self.heap.get(r) else { return };
        let (cls, shape) = (i.class, i.dict.shape);
        if shape == NO_SHAPE || self.blocks_attr_cache(cls, name) || self.attr_hook(cls, "__getattribute__").is_some() {
            return;
        }
        if let Some(slot) = self.dict_find_str(r, name) {
            self.remember(c, cls, SLOT | shape as u64, slot as u32);
        }
    }

    /// `LoadMethod` cache hit: `(callable, receiver or Undef)`.
    // Always: the loop expands twice (interpreter and `step`), and with
    // plain #[inline] LLVM stopped inlining these hits into it.
    #[inline(always)]
    pub fn load_method_hit(&self, o: Value, c: &[Cell<CacheEntry>]) -> Option<(Value, Value)> {
        let epoch = self.attr_epoch;
        if let Value::Obj(r) = o {
            if let Obj::Instance(i) = self.heap.get(r) {
                let shape = i.dict.shape as u64;
                for e in c {
                    let e = e.get();
                    if e.version != epoch || e.key != i.class.0 {
                        continue;
                    }
                    if e.version2 == METHOD | shape {
                        return Some((Value::Obj(ObjRef(e.index)), o));
                    }
                    if e.version2 == SLOT | shape {
                        return Some((i.dict.entry(e.index as usize).value, Value::Undef));
                    }
                }
                return None;
            }
        }
        let first = c[0].get();
        if first.version != epoch || first.version2 != TYPE_METHOD {
            return None;
        }
        let t = self.type_of(o).0;
        for e in c {
            let e = e.get();
            if e.version == epoch && e.version2 == TYPE_METHOD && e.key == t {
                return Some((Value::Obj(ObjRef(e.index)), o));
            }
        }
        None
    }

    /// The ways of `LoadMethod` cache `c` that found a method on a builtin
    /// type (of this epoch): each `(type, function)`.
    pub fn type_method_ways(&self, c: &[Cell<CacheEntry>]) -> Vec<(ObjRef, ObjRef)> {
        let epoch = self.attr_epoch;
        c.iter().map(Cell::get).filter(|e| e.version == epoch && e.version2 == TYPE_METHOD).map(|e| (ObjRef(e.key), ObjRef(e.index))).collect()
    }

    /// After a slow `LoadMethod` that produced `(func, recv)`.
    pub fn load_method_fill(&self, o: Value, name: &str, func: Value, recv: Value, c: &[Cell<CacheEntry>]) {
        if let Value::Undef = recv {
            // Not a plain method: an instance attribute is still worth caching.
            return self.load_attr_fill(o, name, c);
        }
        let Value::Obj(f) = func else { return };
        if let Value::Obj(r) = o {
            if let Obj::Instance(i) = self.heap.get(r) {
                let (cls, shape) = (i.class, i.dict.shape);
                // load_method only answers (func, self) when the instance
                // dict lacks the name; the shape keeps that true.
                if shape != NO_SHAPE && matches!(self.lookup_type(cls, name), Some(Value::Obj(x)) if x == f) {
                    self.remember(c, cls, METHOD | shape as u64, f.0);
                }
                return;
            }
            if matches!(self.heap.get(r), Obj::Class(_) | Obj::Module { .. } | Obj::Super { .. }) {
                return;
            }
        }
        let t = self.type_of(o);
        if matches!(self.lookup_type(t, name), Some(Value::Obj(x)) if x == f) {
            self.remember(c, t, TYPE_METHOD, f.0);
        }
    }

    /// `StoreAttr` cache hit: overwrite a known slot or append a new
    /// attribute along a known shape transition. False on a miss.
    // Always: the loop expands twice (interpreter and `step`), and with
    // plain #[inline] LLVM stopped inlining these hits into it.
    #[inline(always)]
    pub fn store_attr_hit(&mut self, o: Value, v: Value, c: &[Cell<CacheEntry>]) -> bool {
        let Value::Obj(r) = o else { return false };
        let epoch = self.attr_epoch;
        let shapes = &self.shapes;
        let Obj::Instance(i) = self.heap.get_mut(r) else { return false };
        let shape = i.dict.shape as u64;
        for e in c {
            let e = e.get();
            if e.version != epoch || e.key != i.class.0 {
                continue;
            }
            if e.version2 == SLOT | shape {
                i.dict.set_value(e.index as usize, v);
                return true;
            }
            if e.version2 == APPEND | shape {
                let n = &shapes.nodes[e.index as usize];
                i.dict.insert_new(n.hash, n.key, v);
                i.dict.shape = e.index;
                return true;
            }
        }
        false
    }

    /// Before a slow `StoreAttr`: the (class, shape) it starts from.
    pub fn store_attr_before(&self, o: Value) -> Option<(ObjRef, u32)> {
        match o {
            Value::Obj(r) => match self.heap.get(r) {
                Obj::Instance(i) => Some((i.class, i.dict.shape)),
                _ => None,
            },
            _ => None,
        }
    }

    /// After a slow `StoreAttr` that went into the instance dict.
    pub fn store_attr_fill(&self, o: Value, name: &str, before: Option<(ObjRef, u32)>, c: &[Cell<CacheEntry>]) {
        let (Some((cls, old)), Value::Obj(r)) = (before, o) else { return };
        let Obj::Instance(i) = self.heap.get(r) else { return };
        let new = i.dict.shape;
        if old == NO_SHAPE || new == NO_SHAPE || i.class != cls || self.blocks_attr_cache(cls, name) || self.attr_hook(cls, "__setattr__").is_some() {
            return;
        }
        if old == new {
            if let Some(slot) = self.dict_find_str(r, name) {
                self.remember(c, cls, SLOT | old as u64, slot as u32);
            }
            return;
        }
        let n = &self.shapes.nodes[new as usize];
        if n.parent == old && &*n.name == name {
            self.remember(c, cls, APPEND | old as u64, new);
        }
    }
}
