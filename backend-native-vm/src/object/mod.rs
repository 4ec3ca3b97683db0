//! The object model: what a Python value is inside the VM.
//!
//! A [`Value`] is 16 bytes and `Copy`: `None`, bools, small ints and floats
//! are unboxed; everything else is an [`ObjRef`], an index into the GC heap
//! (never a raw pointer, so the collector may later move objects and the C ABI
//! can hand out handle-table indices). Heap payloads are the [`Obj`] enum.

pub mod dict;
pub mod layout;

use std::rc::Rc;

use num_bigint::BigInt;

use crate::compile::bytecode::Code;
pub use dict::{Dict, NO_SHAPE};

/// An index into the GC heap. Only the VM holds these.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct ObjRef(pub u32);

/// A Python value.
///
/// The tag is a full word so every payload sits at offset 8: a copy is two
/// aligned words (with a one-byte tag, rustc copied bytes 1..16 as two
/// overlapping unaligned words, and reading the value back right after,
/// as the stack machine does all the time, stalled on store forwarding).
#[derive(Clone, Copy, Debug)]
#[repr(u64)]
pub enum Value {
    /// No value: an unbound local, or the empty slot of a method call.
    Undef,
    None,
    NotImplemented,
    Ellipsis,
    Bool(bool),
    Int(i64),
    Float(f64),
    Obj(ObjRef),
}

impl Value {
    /// Identity (`is`): unboxed values compare by value, heap values by reference.
    pub fn is(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Undef, Value::Undef)
            | (Value::None, Value::None)
            | (Value::NotImplemented, Value::NotImplemented)
            | (Value::Ellipsis, Value::Ellipsis) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a.to_bits() == b.to_bits(),
            (Value::Obj(a), Value::Obj(b)) => a == b,
            _ => false,
        }
    }
    pub fn as_obj(&self) -> Option<ObjRef> {
        match self {
            Value::Obj(r) => Some(*r),
            _ => None,
        }
    }
}

/// A native (Rust) function: positional args and keyword args.
pub type NativeFn = fn(&mut crate::interp::Vm, &[Value], &[(Rc<str>, Value)]) -> crate::interp::PyResult<Value>;

pub struct NativeFunc {
    pub name: &'static str,
    pub func: NativeFn,
    /// Bound receiver for builtin methods taken from an instance (`[].append`).
    pub bound: Option<Value>,
}

/// A Python function: code plus the environment it closes over.
pub struct Function {
    pub code: Rc<Code>,
    pub globals: ObjRef,
    pub defaults: Vec<Value>,
    pub kwdefaults: Vec<(Rc<str>, Value)>,
    /// Cell objects for the code's free variables.
    pub closure: Vec<Value>,
    pub name: Rc<str>,
    pub qualname: Rc<str>,
    pub dict: Option<ObjRef>,
}

pub struct Class {
    pub name: Rc<str>,
    pub bases: Vec<ObjRef>,
    /// C3 linearization, starting with the class itself.
    pub mro: Vec<ObjRef>,
    pub dict: ObjRef,
    /// The builtin layout instances of this class use (`Instance` for user classes).
    pub kind: TypeKind,
    /// Bumped whenever this class or a base changes, for attribute caches.
    pub version: u32,
    /// Set for types made by an extension's `HPyType_FromSpec` and their
    /// Python subclasses: the native layout their instances carry.
    pub hpy: Option<Rc<crate::hpy::types::TypeInfo>>,
    /// `__slots__` without `__dict__` here and in every base: instances
    /// keep only their slots (stored in the instance dict, out of sight).
    pub dictless: bool,
    /// A type the VM itself defines (`list`, `str`, ...): its attributes
    /// cannot be set or deleted, so what is looked up on it stays true
    /// (machine code keeps the methods found).
    pub builtin: bool,
}

/// Which native payload instances of a class carry.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum TypeKind {
    Object,
    Exception,
    Builtin,
}

/// Exception state carried by instances of BaseException subclasses.
pub struct ExcData {
    pub args: Value,
    pub traceback: Vec<TraceEntry>,
    pub context: Value,
    pub cause: Value,
    pub suppress_context: bool,
}

#[derive(Clone)]
pub struct TraceEntry {
    pub file: Rc<str>,
    pub line: u32,
    pub func: Rc<str>,
}

pub struct Instance {
    pub class: ObjRef,
    /// [`NO_SPILL`], or the heap dict (an ObjRef index) holding this
    /// instance's attributes since `__dict__` was asked for, so that the
    /// dict handed out is the live one. `dict` is then empty and unshaped,
    /// which no attribute cache matches. (A bare u32 sits in the padding
    /// after `class`; an Option would grow every heap slot.)
    pub spill: u32,
    pub dict: Dict,
    pub exc: Option<Box<ExcData>>,
    /// The C struct of an instance of an extension type (see `crate::hpy`).
    pub native: Option<Box<crate::hpy::types::Native>>,
}

/// `Instance::spill` of an instance whose attributes are in `dict`.
pub const NO_SPILL: u32 = u32::MAX;

/// A suspended generator: its saved frame segment.
pub struct Generator {
    pub func: ObjRef,
    pub code: Rc<Code>,
    pub ip: usize,
    pub stack: Vec<Value>,
    pub blocks: Vec<crate::interp::Block>,
    /// The exceptions its frame was handling (`except` bodies it is
    /// suspended in), off the VM's stack while it is suspended.
    pub handling: Vec<Value>,
    pub started: bool,
    pub running: bool,
    pub finished: bool,
}

/// Iterators over builtin containers.
///
/// `#[repr(u32)]`: the variant is a `u32` tag at the start, which machine
/// code reads (see [`layout`]).
#[repr(u32)]
pub enum IterState {
    Seq { seq: ObjRef, idx: usize },
    Range { cur: i64, stop: i64, step: i64 },
    DictKeys { dict: ObjRef, idx: usize, kind: DictIterKind },
    Str { s: ObjRef, byte: usize },
    /// Calls `callable()` until it returns `sentinel`.
    Enumerate { inner: Value, count: i64 },
    Zip { inners: Vec<Value> },
    Map { func: Value, inners: Vec<Value> },
    Filter { func: Value, inner: Value },
    Reversed { seq: ObjRef, idx: usize },
    /// `iter(func, sentinel)`: call `func` until it returns `sentinel`.
    Callable { func: Value, sentinel: Value },
    Done,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum DictIterKind {
    Keys,
    Values,
    Items,
}

/// A heap object.
///
/// `#[repr(u32)]`: the variant is a `u32` tag at the start (not a niche
/// somewhere in the payload), so machine code can tell a list from a
/// tuple by one load (see [`layout`]).
#[repr(u32)]
pub enum Obj {
    Str(PyStr),
    Bytes(Vec<u8>),
    BigInt(BigInt),
    Tuple(Vec<Value>),
    List(Vec<Value>),
    Dict(Dict),
    /// set and frozenset: a dict whose values are unused.
    Set { items: Dict, frozen: bool },
    Range { start: i64, stop: i64, step: i64 },
    Slice { start: Value, stop: Value, step: Value },
    /// Boxed: the largest payload, and every heap slot is as large as the
    /// largest variant.
    Function(Box<Function>),
    Native(NativeFunc),
    BoundMethod { receiver: Value, func: Value },
    Class(Class),
    Instance(Instance),
    Cell(Value),
    Generator(Box<Generator>),
    Module { name: Rc<str>, dict: ObjRef },
    Property { fget: Value, fset: Value, fdel: Value },
    /// A `__slots__` entry of class `owner` (a data descriptor whose value
    /// lives in the instance dict under `name`).
    Member { name: Rc<str>, owner: ObjRef },
    StaticMethod(Value),
    ClassMethod(Value),
    Super { class: ObjRef, obj: Value },
    Iter(IterState),
    /// A dict view: `keys()`, `values()`, `items()`.
    DictView { dict: ObjRef, kind: DictIterKind },
    /// A function, method, slot or attribute accessor of a C extension.
    HpyFunc(Box<crate::hpy::call::HpyFunc>),
    /// An unboxed value stored in an `HPyField` (fields hold heap indices
    /// only, so the collector can trace and later move them). Never seen
    /// by Python code: loading the field unboxes it.
    Boxed(Value),
}

/// A str: UTF-8 text plus its length in code points (for O(1) ASCII indexing).
pub struct PyStr {
    /// Shared so native methods can hold the text while calling the VM.
    pub s: Rc<str>,
    pub chars: usize,
    /// `hash_str` of the text, once asked for (0: not yet; a hash of 0
    /// is recomputed each time, which is only slower).
    hash: std::cell::Cell<u64>,
}

impl PyStr {
    pub fn new(s: impl Into<Rc<str>>) -> PyStr {
        let s = s.into();
        let chars = if s.is_ascii() { s.len() } else { s.chars().count() };
        PyStr { s, chars, hash: std::cell::Cell::new(0) }
    }
    /// The text's hash (`interp::table::hash_str`), computed once.
    #[inline]
    pub fn hash(&self) -> u64 {
        match self.hash.get() {
            0 => {
                let h = crate::interp::table::hash_str(&self.s);
                self.hash.set(h);
                h
            }
            h => h,
        }
    }
    pub fn is_ascii(&self) -> bool {
        self.chars == self.s.len()
    }
    /// The `i`th code point (0 <= i < chars).
    pub fn char_at(&self, i: usize) -> char {
        if self.is_ascii() {
            self.s.as_bytes()[i] as char
        } else {
            self.s.chars().nth(i).unwrap_or('\0')
        }
    }
    /// The substring of code points `[a, b)`.
    pub fn slice_chars(&self, a: usize, b: usize) -> &str {
        if self.is_ascii() {
            return &self.s[a..b];
        }
        let mut it = self.s.char_indices().map(|(i, _)| i).chain(std::iter::once(self.s.len()));
        let start = it.nth(a).unwrap_or(self.s.len());
        let end = if b > a { it.nth(b - a - 1).unwrap_or(self.s.len()) } else { start };
        &self.s[start..end]
    }
}

impl Obj {
    /// Every heap reference this object holds (for the GC's mark phase).
    pub fn trace(&self, out: &mut Vec<ObjRef>) {
        let mut v = |x: &Value| {
            if let Value::Obj(r) = x {
                out.push(*r)
            }
        };
        match self {
            Obj::Str(_) | Obj::Bytes(_) | Obj::BigInt(_) | Obj::Range { .. } | Obj::Native(NativeFunc { bound: None, .. }) => {}
            Obj::Native(NativeFunc { bound: Some(b), .. }) => v(b),
            Obj::Tuple(xs) | Obj::List(xs) => xs.iter().for_each(v),
            Obj::Dict(d) | Obj::Set { items: d, .. } => d.trace(&mut v),
            Obj::Slice { start, stop, step } => {
                v(start);
                v(stop);
                v(step)
            }
            Obj::Function(f) => {
                v(&Value::Obj(f.globals));
                f.defaults.iter().for_each(&mut v);
                f.kwdefaults.iter().for_each(|(_, x)| v(x));
                f.closure.iter().for_each(&mut v);
                if let Some(d) = f.dict {
                    v(&Value::Obj(d))
                }
                f.code.consts.iter().for_each(&mut v);
            }
            Obj::BoundMethod { receiver, func } => {
                v(receiver);
                v(func)
            }
            Obj::Class(c) => {
                c.bases.iter().for_each(|b| v(&Value::Obj(*b)));
                c.mro.iter().for_each(|b| v(&Value::Obj(*b)));
                v(&Value::Obj(c.dict))
            }
            Obj::Instance(i) => {
                v(&Value::Obj(i.class));
                i.dict.trace(&mut v);
                if i.spill != NO_SPILL {
                    v(&Value::Obj(ObjRef(i.spill)));
                }
                if let Some(n) = &i.native {
                    n.trace(&mut v);
                }
                if let Some(e) = &i.exc {
                    v(&e.args);
                    v(&e.context);
                    v(&e.cause)
                }
            }
            Obj::Cell(x) | Obj::StaticMethod(x) | Obj::ClassMethod(x) | Obj::Boxed(x) => v(x),
            Obj::HpyFunc(f) => f.trace(&mut v),
            Obj::Generator(g) => {
                v(&Value::Obj(g.func));
                g.stack.iter().for_each(&mut v);
                g.handling.iter().for_each(&mut v);
                g.code.consts.iter().for_each(&mut v);
            }
            Obj::Module { dict, .. } => v(&Value::Obj(*dict)),
            Obj::Property { fget, fset, fdel } => {
                v(fget);
                v(fset);
                v(fdel)
            }
            Obj::Member { owner, .. } => v(&Value::Obj(*owner)),
            Obj::Super { class, obj } => {
                v(&Value::Obj(*class));
                v(obj)
            }
            Obj::DictView { dict, .. } => v(&Value::Obj(*dict)),
            Obj::Iter(it) => match it {
                IterState::Seq { seq, .. } | IterState::Reversed { seq, .. } => v(&Value::Obj(*seq)),
                IterState::DictKeys { dict, .. } => v(&Value::Obj(*dict)),
                IterState::Str { s, .. } => v(&Value::Obj(*s)),
                IterState::Enumerate { inner, .. } => v(inner),
                IterState::Zip { inners } => inners.iter().for_each(v),
                IterState::Map { func, inners } => {
                    v(func);
                    inners.iter().for_each(&mut v)
                }
                IterState::Filter { func, inner } => {
                    v(func);
                    v(inner)
                }
                IterState::Callable { func, sentinel } => {
                    v(func);
                    v(sentinel)
                }
                IterState::Range { .. } | IterState::Done => {}
            },
        }
    }
}
