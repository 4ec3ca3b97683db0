//! Types and attributes: `type_of`, MRO lookup, binding what the class
//! holds (`bind`), attributes of classes, modules and builtin values, and
//! class creation (C3). Instances of Python classes: `descr.rs`.

use std::rc::Rc;

use super::{Exc, Exit, Frame, PyResult, Vm};
use crate::object::{Class, Instance, IterState, Obj, ObjRef, TypeKind, Value};

impl Vm {
    /// The class of any value.
    pub fn type_of(&self, v: Value) -> ObjRef {
        if let Some(t) = self.hot_type(v) {
            return t;
        }
        let name = match v {
            Value::None => "NoneType",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::NotImplemented => "NotImplementedType",
            Value::Ellipsis => "ellipsis",
            Value::Undef => "NoneType",
            Value::Obj(r) => match self.heap.get(r) {
                Obj::Instance(i) => return i.class,
                Obj::Str(_) => "str",
                Obj::Bytes(_) => "bytes",
                Obj::BigInt(_) => "int",
                Obj::Tuple(_) => "tuple",
                Obj::List(_) => "list",
                Obj::Dict(_) => "dict",
                Obj::Set { frozen: false, .. } => "set",
                Obj::Set { frozen: true, .. } => "frozenset",
                Obj::Range { .. } => "range",
                Obj::Slice { .. } => "slice",
                Obj::Function(_) => "function",
                Obj::Native(n) if n.bound.is_some() => "builtin_function_or_method",
                Obj::Native(_) => "builtin_function_or_method",
                Obj::BoundMethod { .. } => "method",
                Obj::Class(_) => "type",
                Obj::Cell(_) => "cell",
                Obj::Generator(_) => "generator",
                Obj::Module { .. } => "module",
                Obj::Property { .. } => "property",
                Obj::Member { .. } => "member_descriptor",
                Obj::StaticMethod(_) => "staticmethod",
                Obj::ClassMethod(_) => "classmethod",
                Obj::Super { .. } => "super",
                Obj::Iter(it) => match it {
                    IterState::Seq { .. } => "iterator",
                    IterState::Range { .. } => "range_iterator",
                    IterState::Enumerate { .. } => "enumerate",
                    IterState::Zip { .. } => "zip",
                    IterState::Map { .. } => "map",
                    IterState::Filter { .. } => "filter",
                    IterState::Callable { .. } => "callable_iterator",
                    IterState::Reversed { .. } => "reversed",
                    _ => "iterator",
                },
                Obj::HpyFunc(_) => "builtin_function_or_method",
                Obj::Boxed(_) => "object",
                Obj::DictView { kind, .. } => match kind {
                    crate::object::DictIterKind::Keys => "dict_keys",
                    crate::object::DictIterKind::Values => "dict_values",
                    crate::object::DictIterKind::Items => "dict_items",
                },
            },
        };
        self.ty(name)
    }

    /// `type_of` for the most common values (see `HOT_TYPES`).
    #[inline]
    fn hot_type(&self, v: Value) -> Option<ObjRef> {
        let h = &self.types.hot;
        if h.is_empty() {
            return None;
        }
        Some(match v {
            Value::None => h[0],
            Value::Bool(_) => h[1],
            Value::Int(_) => h[2],
            Value::Float(_) => h[3],
            Value::Obj(r) => match self.heap.get(r) {
                Obj::Instance(i) => i.class,
                Obj::Str(_) => h[4],
                Obj::List(_) => h[5],
                Obj::Tuple(_) => h[6],
                Obj::Dict(_) => h[7],
                Obj::BigInt(_) => h[2],
                Obj::Set { frozen: false, .. } => h[8],
                Obj::Set { frozen: true, .. } => h[9],
                Obj::Function(_) => h[10],
                Obj::Native(_) | Obj::HpyFunc(_) => h[11],
                Obj::Class(_) => h[12],
                Obj::Generator(_) => h[13],
                _ => return None,
            },
            _ => return None,
        })
    }

    pub fn class_name(&self, cls: ObjRef) -> Rc<str> {
        match self.heap.get(cls) {
            Obj::Class(c) => c.name.clone(),
            _ => "?".into(),
        }
    }
    /// The type's name as error messages give it (`tp_name`: an extension
    /// type's full `module.Type`, as CPython shows it).
    pub fn type_name(&self, v: Value) -> Rc<str> {
        let cls = self.type_of(v);
        if let Obj::Class(Class { hpy: Some(t), .. }) = self.heap.get(cls) {
            if t.class.get() == Some(cls) {
                return t.name.as_str().into();
            }
        }
        self.class_name(cls)
    }

    /// Find `name` along the MRO of `cls`.
    /// Cached: a (class, name) answer stays valid until a class attribute
    /// is set or deleted or the GC runs (which may free and reuse a class
    /// slot); both clear the cache.
    pub fn lookup_type(&self, cls: ObjRef, name: &str) -> Option<Value> {
        let h = super::table::hash_str(name);
        if let Some((n, v)) = self.type_cache.borrow().get(&(cls.0, h)) {
            if &**n == name {
                return *v;
            }
        }
        let v = self.lookup_type_uncached(cls, name);
        self.type_cache.borrow_mut().insert((cls.0, h), (name.into(), v));
        v
    }

    /// `lookup_type` of a name the VM itself asks for (a dunder: a
    /// `&'static str`, so its address names it), through a small
    /// direct-mapped table checked against the attribute epoch (which
    /// class changes and collections bump) before the hashed cache.
    pub fn lookup_type_static(&self, cls: ObjRef, name: &'static str) -> Option<Value> {
        let at = name.as_ptr() as usize;
        let slot = &self.static_type_cache[(cls.0 as usize).wrapping_mul(31).wrapping_add(at >> 3) % STATIC_LOOKUPS];
        let e = slot.get();
        if e.epoch == self.attr_epoch && e.class == cls.0 && e.name == at {
            return e.found;
        }
        let found = self.lookup_type(cls, name);
        slot.set(StaticLookup { class: cls.0, name: at, epoch: self.attr_epoch, found });
        found
    }

    fn lookup_type_uncached(&self, cls: ObjRef, name: &str) -> Option<Value> {
        let Obj::Class(c) = self.heap.get(cls) else { return None };
        for k in &c.mro {
            if let Obj::Class(kc) = self.heap.get(*k) {
                if let Some(v) = self.dict_get_str(kc.dict, name) {
                    return Some(v);
                }
            }
        }
        None
    }

    pub fn is_native(&self, v: Value) -> bool {
        matches!(v, Value::Obj(r) if matches!(self.heap.get(r), Obj::Native(_)))
    }

    /// Apply the descriptor rules to a class attribute found for `recv`.
    pub(crate) fn bind(&mut self, a: Value, recv: Value, cls: ObjRef) -> PyResult<Value> {
        let Value::Obj(r) = a else { return Ok(a) };
        match self.heap.get(r) {
            Obj::Function(_) | Obj::Native(crate::object::NativeFunc { bound: None, .. }) => Ok(self.alloc(Obj::BoundMethod { receiver: recv, func: a })),
            Obj::HpyFunc(f) if f.binds() => Ok(self.alloc(Obj::BoundMethod { receiver: recv, func: a })),
            Obj::ClassMethod(f) => {
                let f = *f;
                Ok(self.alloc(Obj::BoundMethod { receiver: Value::Obj(cls), func: f }))
            }
            Obj::StaticMethod(f) => Ok(*f),
            Obj::Property { fget, .. } => {
                let g = *fget;
                if let Value::None = g {
                    return Err(self.err("AttributeError", "property has no getter"));
                }
                self.call(g, &[recv], &[])
            }
            Obj::Member { .. } => self.member_get(r, recv),
            Obj::Instance(d) => {
                let t = d.class;
                match self.lookup_type(t, "__get__") {
                    Some(get) => self.call(get, &[a, recv, Value::Obj(cls)], &[]),
                    None => Ok(a),
                }
            }
            _ => Ok(a),
        }
    }

    pub(crate) fn attr_error(&mut self, v: Value, name: &str) -> super::Exc {
        match v {
            Value::Obj(r) if matches!(self.heap.get(r), Obj::Module { .. }) => {
                let Obj::Module { name: m, .. } = self.heap.get(r) else { unreachable!("module") };
                let m = m.clone();
                self.err("AttributeError", &format!("module '{m}' has no attribute '{name}'"))
            }
            Value::Obj(r) if matches!(self.heap.get(r), Obj::Class(_)) => {
                let c = self.class_name(r);
                self.err("AttributeError", &format!("type object '{c}' has no attribute '{name}'"))
            }
            _ => {
                let t = self.type_name(v);
                self.err("AttributeError", &format!("'{t}' object has no attribute '{name}'"))
            }
        }
    }

    pub fn get_attr(&mut self, v: Value, name: &str) -> PyResult<Value> {
        if let Value::Obj(r) = v {
            match self.heap.get(r) {
                Obj::Instance(inst) => {
                    let cls = inst.class;
                    return self.instance_getattr(v, cls, name);
                }
                Obj::Class(_) => {
                    if let Some(a) = self.lookup_type(r, name) {
                        if let Value::Obj(ar) = a {
                            match self.heap.get(ar) {
                                Obj::ClassMethod(f) => {
                                    let f = *f;
                                    return Ok(self.alloc(Obj::BoundMethod { receiver: v, func: f }));
                                }
                                Obj::StaticMethod(f) => return Ok(*f),
                                Obj::Instance(d) => {
                                    if let Some(get) = self.lookup_type(d.class, "__get__") {
                                        return self.call(get, &[a, Value::None, v], &[]);
                                    }
                                }
                                _ => {}
                            }
                        }
                        return Ok(a);
                    }
                    if let Some(x) = self.special_attr(v, name)? {
                        return Ok(x);
                    }
                    return Err(self.attr_error(v, name));
                }
                Obj::Module { dict, .. } => {
                    let dict = *dict;
                    if let Some(x) = self.dict_get_str(dict, name) {
                        return Ok(x);
                    }
                    return Err(self.attr_error(v, name));
                }
                Obj::Function(f) => {
                    if let Some(d) = f.dict {
                        if let Some(x) = self.dict_get_str(d, name) {
                            return Ok(x);
                        }
                    }
                }
                Obj::Super { class, obj } => {
                    let (class, obj) = (*class, *obj);
                    return self.super_attr(class, obj, name);
                }
                Obj::HpyFunc(_) => {
                    // Its own __name__/__module__/... before its type's.
                    if let Some(x) = self.special_attr(v, name)? {
                        return Ok(x);
                    }
                }
                _ => {}
            }
        }
        let cls = self.type_of(v);
        if let Some(a) = self.lookup_type(cls, name) {
            return self.bind(a, v, cls);
        }
        if let Some(x) = self.special_attr(v, name)? {
            return Ok(x);
        }
        Err(self.attr_error(v, name))
    }

    /// `super(cls, obj).name`: search the MRO of obj's type after `cls`.
    fn super_attr(&mut self, class: ObjRef, obj: Value, name: &str) -> PyResult<Value> {
        let (start_cls, is_class) = match obj {
            Value::Obj(o) if matches!(self.heap.get(o), Obj::Class(_)) => (o, true),
            _ => (self.type_of(obj), false),
        };
        let mro = match self.heap.get(start_cls) {
            Obj::Class(c) => c.mro.clone(),
            _ => Vec::new(),
        };
        let pos = mro.iter().position(|c| *c == class).map(|p| p + 1).unwrap_or(mro.len());
        for k in &mro[pos..] {
            let Obj::Class(kc) = self.heap.get(*k) else { continue };
            if let Some(a) = self.dict_get_str(kc.dict, name) {
                if is_class {
                    if let Value::Obj(ar) = a {
                        if let Obj::ClassMethod(f) = self.heap.get(ar) {
                            let f = *f;
                            return Ok(self.alloc(Obj::BoundMethod { receiver: obj, func: f }));
                        }
                    }
                    return Ok(a);
                }
                return self.bind(a, obj, start_cls);
            }
        }
        Err(self.err("AttributeError", &format!("'super' object has no attribute '{name}'")))
    }

    /// Attributes that are not in any dict: `__class__`, `__name__`, exception `args`, ...
    pub(crate) fn special_attr(&mut self, v: Value, name: &str) -> PyResult<Option<Value>> {
        if name == "__class__" {
            return Ok(Some(Value::Obj(self.type_of(v))));
        }
        let Value::Obj(r) = v else {
            return Ok(match (v, name) {
                (Value::Int(_), "real" | "numerator") | (Value::Float(_), "real") => Some(v),
                (Value::Int(_), "imag") => Some(Value::Int(0)),
                (Value::Int(_), "denominator") => Some(Value::Int(1)),
                (Value::Float(_), "imag") => Some(Value::Float(0.0)),
                _ => None,
            });
        };
        let out = match self.heap.get(r) {
            Obj::Class(c) => match name {
                "__name__" => {
                    let n = c.name.clone();
                    Some(self.new_str(&*n))
                }
                "__qualname__" => None,
                "__mro__" => {
                    let m: Vec<Value> = c.mro.iter().map(|x| Value::Obj(*x)).collect();
                    Some(self.new_tuple(m))
                }
                "__bases__" => {
                    let m: Vec<Value> = c.bases.iter().map(|x| Value::Obj(*x)).collect();
                    Some(self.new_tuple(m))
                }
                "__base__" => Some(c.bases.first().map(|b| Value::Obj(*b)).unwrap_or(Value::None)),
                "__dict__" => Some(Value::Obj(c.dict)),
                _ => None,
            },
            Obj::Function(f) => match name {
                "__name__" => {
                    let n = f.name.clone();
                    Some(self.new_str(&*n))
                }
                "__qualname__" => {
                    let n = f.qualname.clone();
                    Some(self.new_str(&*n))
                }
                "__doc__" => Some(Value::None),
                "__module__" => self.dict_get_str(f.globals, "__name__"),
                "__defaults__" => {
                    let d = f.defaults.clone();
                    Some(if d.is_empty() { Value::None } else { self.new_tuple(d) })
                }
                _ => None,
            },
            Obj::HpyFunc(f) => match name {
                "__name__" => {
                    let n = f.name.clone();
                    Some(self.new_str(n))
                }
                "__qualname__" => {
                    let q = crate::hpy::call::funcstr(self, r);
                    let q = match f.owner { Some(_) => q, None => f.name.to_string() };
                    Some(self.new_str(q))
                }
                "__doc__" => match f.doc.clone() {
                    Some(d) => Some(self.new_str(d)),
                    None => Some(Value::None),
                },
                "__self__" => Some(if let Value::Undef = f.module { Value::None } else { f.module }),
                "__module__" => match (f.module, f.owner) {
                    (Value::Obj(m), _) => match self.heap.get(m) {
                        Obj::Module { name, .. } => {
                            let n = name.clone();
                            Some(self.new_str(n))
                        }
                        _ => None,
                    },
                    (_, Some(o)) => match self.heap.get(o) {
                        Obj::Class(c) => self.dict_get_str(c.dict, "__module__"),
                        _ => None,
                    },
                    _ => None,
                },
                _ => None,
            },
            Obj::Native(n) => match name {
                "__name__" | "__qualname__" => {
                    let n = n.name;
                    Some(self.new_str(n))
                }
                "__self__" => n.bound,
                _ => None,
            },
            Obj::BoundMethod { receiver, func } => {
                let (recv, func) = (*receiver, *func);
                match name {
                    "__self__" => Some(recv),
                    "__func__" => Some(func),
                    _ => Some(self.get_attr(func, name)?),
                }
            }
            Obj::Instance(i) => match (&i.exc, name) {
                (Some(e), "args") => Some(e.args),
                (Some(e), "__cause__") => Some(e.cause),
                (Some(e), "__context__") => Some(e.context),
                (Some(_), "__traceback__") => Some(Value::None),
                (Some(e), "value") if self.class_name(i.class).as_ref() == "StopIteration" => {
                    let a = e.args;
                    Some(self.tuple_items(a).first().copied().unwrap_or(Value::None))
                }
                (_, "__dict__") if self.no_instance_dict(r, "__dict__").is_none() => Some(self.instance_dict_obj(r)?),
                _ => None,
            },
            Obj::Slice { start, stop, step } => match name {
                "start" => Some(*start),
                "stop" => Some(*stop),
                "step" => Some(*step),
                _ => None,
            },
            Obj::Range { start, stop, step } => match name {
                "start" => Some(Value::Int(*start)),
                "stop" => Some(Value::Int(*stop)),
                "step" => Some(Value::Int(*step)),
                _ => None,
            },
            Obj::Module { name: m, .. } if name == "__name__" => {
                let m = m.clone();
                Some(self.new_str(&*m))
            }
            Obj::Property { fget, fset, fdel } => match name {
                "fget" => Some(*fget),
                "fset" => Some(*fset),
                "fdel" => Some(*fdel),
                _ => None,
            },
            _ => None,
        };
        Ok(out)
    }

    /// For a method call: `(function, receiver)` without allocating a bound
    /// method when the attribute is a plain function on the type, else
    /// `(attribute, Undef)`.
    pub fn load_method(&mut self, v: Value, name: &str) -> PyResult<(Value, Value)> {
        let cls = self.type_of(v);
        let plain = match v {
            Value::Obj(r) => match self.heap.get(r) {
                Obj::Instance(i) => {
                    let cls = i.class;
                    self.dict_find_str(r, name).is_none() && self.attr_hook(cls, "__getattribute__").is_none()
                }
                Obj::Class(_) | Obj::Module { .. } | Obj::Super { .. } => false,
                _ => true,
            },
            _ => true,
        };
        if plain {
            if let Some(a) = self.lookup_type(cls, name) {
                if let Value::Obj(ar) = a {
                    match self.heap.get(ar) {
                        Obj::Function(_) | Obj::Native(crate::object::NativeFunc { bound: None, .. }) => return Ok((a, v)),
                        Obj::HpyFunc(f) if f.binds() => return Ok((a, v)),
                        _ => {}
                    }
                }
            }
        }
        Ok((self.get_attr(v, name)?, Value::Undef))
    }

    pub fn set_attr(&mut self, o: Value, name: &str, v: Value) -> PyResult<()> {
        if let Value::Obj(r) = o {
            match self.heap.get(r) {
                Obj::Instance(i) => {
                    let cls = i.class;
                    return self.instance_setattr(o, cls, name, v);
                }
                Obj::Class(c) => {
                    let d = c.dict;
                    if c.builtin {
                        return Err(self.immutable_type(r, name));
                    }
                    if name == "__name__" {
                        // The class's name, not a dict entry.
                        let Some(n) = self.as_str(v).map(Rc::<str>::from) else {
                            let t = self.type_name(v);
                            let cn = self.class_name(r);
                            return Err(self.err("TypeError", &format!("can only assign string to {cn}.__name__, not '{t}'")));
                        };
                        if let Obj::Class(c) = self.heap.get_mut(r) {
                            c.name = n;
                        }
                        return Ok(());
                    }
                    if name == "__del__" {
                        return Err(self.err("NotImplementedError", "hilt does not support __del__ yet"));
                    }
                    self.dict_set_str(d, name, v)?;
                    self.bump_class_versions();
                    return Ok(());
                }
                Obj::Module { dict, .. } => {
                    let d = *dict;
                    return self.dict_set_str(d, name, v);
                }
                Obj::Function(f) => {
                    let d = match f.dict {
                        Some(d) => d,
                        None => {
                            let d = self.new_dict();
                            if let Obj::Function(f) = self.heap.get_mut(r) {
                                f.dict = Some(d);
                            }
                            d
                        }
                    };
                    return self.dict_set_str(d, name, v);
                }
                _ => {}
            }
        }
        let t = self.type_name(o);
        Err(self.err("AttributeError", &format!("'{t}' object has no attribute '{name}'")))
    }

    /// Instances of `object` itself and of an extension type itself have no
    /// `__dict__` (those of Python subclasses do): the error for setting an
    /// attribute there.
    pub(crate) fn no_instance_dict(&self, r: ObjRef, name: &str) -> Option<String> {
        let Obj::Instance(i) = self.heap.get(r) else { return None };
        let dictless = match &i.native {
            Some(n) => n.type_info().class.get() == Some(i.class),
            None => Some(i.class) == self.types.object || matches!(self.heap.get(i.class), Obj::Class(c) if c.dictless),
        };
        dictless.then(|| format!("'{}' object has no attribute '{name}'", self.class_name(i.class)))
    }

    /// The TypeError for setting or deleting attribute `name` of the
    /// builtin type `cls`.
    fn immutable_type(&mut self, cls: ObjRef, name: &str) -> Exc {
        let cn = self.class_name(cls);
        self.err("TypeError", &format!("cannot set '{name}' attribute of immutable type '{cn}'"))
    }

    /// A class attribute changed: forget every cached type lookup.
    pub fn bump_class_versions(&mut self) {
        self.type_cache.borrow_mut().clear();
        self.attr_epoch += 1;
    }

    pub fn del_attr(&mut self, o: Value, name: &str) -> PyResult<()> {
        if let Value::Obj(r) = o {
            if let Obj::Instance(i) = self.heap.get(r) {
                let cls = i.class;
                return self.instance_delattr(o, cls, name);
            }
            if let Obj::Class(c) = self.heap.get(r) {
                if c.builtin {
                    return Err(self.immutable_type(r, name));
                }
                self.bump_class_versions();
            }
            if matches!(self.heap.get(r), Obj::Instance(_) | Obj::Class(_) | Obj::Module { .. }) && self.dict_del_str(r, name)? {
                return Ok(());
            }
        }
        Err(self.attr_error(o, name))
    }

    /// Make a class object (used by `class` statements and `type(n, b, d)`).
    pub fn new_class(&mut self, name: &str, bases: Vec<ObjRef>, dict: ObjRef) -> PyResult<ObjRef> {
        self.check_class_namespace(dict)?;
        let object = self.types.object.expect("object type");
        let bases = if bases.is_empty() { vec![object] } else { bases };
        let mut kind = TypeKind::Object;
        for b in &bases {
            match self.heap.get(*b) {
                Obj::Class(c) => match c.kind {
                    TypeKind::Exception => kind = TypeKind::Exception,
                    TypeKind::Builtin => {
                        let bn = c.name.clone();
                        return Err(self.err("NotImplementedError", &format!("hilt does not support subclassing the builtin type '{bn}' yet")));
                    }
                    // An extension type without HPy_TPFLAGS_BASETYPE.
                    TypeKind::Object => match &c.hpy {
                        Some(t) if t.class.get() == Some(*b) && !t.base_ok => {
                            let tn = t.name.clone();
                            return Err(self.err("TypeError", &format!("type '{tn}' is not an acceptable base type")));
                        }
                        _ => {}
                    },
                },
                _ => return Err(self.err("TypeError", "bases must be types")),
            }
        }
        let mro = self.c3(&bases)?;
        // A Python subclass of an extension type keeps its native layout.
        let hpy = mro.iter().find_map(|b| match self.heap.get(*b) {
            Obj::Class(c) => c.hpy.clone(),
            _ => None,
        });
        let cls = self.heap.alloc(Obj::Class(Class { name: name.into(), bases: bases.clone(), mro: Vec::new(), dict, kind, version: 0, hpy, dictless: false, builtin: false }));
        if let Obj::Class(c) = self.heap.get_mut(cls) {
            let mut m = vec![cls];
            m.extend(mro);
            c.mro = m;
        }
        self.install_slots(cls, dict, &bases)?;
        Ok(cls)
    }

    /// C3 linearization of the bases (without the class itself).
    fn c3(&mut self, bases: &[ObjRef]) -> PyResult<Vec<ObjRef>> {
        let mut seqs: Vec<Vec<ObjRef>> = bases
            .iter()
            .map(|b| match self.heap.get(*b) {
                Obj::Class(c) => c.mro.clone(),
                _ => Vec::new(),
            })
            .collect();
        seqs.push(bases.to_vec());
        let mut out = Vec::new();
        loop {
            seqs.retain(|s| !s.is_empty());
            if seqs.is_empty() {
                return Ok(out);
            }
            let cand = seqs.iter().map(|s| s[0]).find(|c| !seqs.iter().any(|s| s[1..].contains(c)));
            let Some(c) = cand else {
                let names: Vec<String> = bases.iter().map(|b| self.class_name(*b).to_string()).collect();
                return Err(self.err("TypeError", &format!("Cannot create a consistent method resolution order (MRO) for bases {}", names.join(", "))));
            };
            out.push(c);
            for s in seqs.iter_mut() {
                if s[0] == c {
                    s.remove(0);
                }
            }
        }
    }

    /// `class` statement: `[body_func, name, bases...]` at `at` on the stack.
    pub fn build_class(&mut self, at: usize, nbases: usize, kw: &[(Rc<str>, Value)]) -> PyResult<Value> {
        let func = self.stack[at];
        let name = self.as_str(self.stack[at + 1]).unwrap_or("?").to_string();
        let bases: Vec<ObjRef> = self.stack[at + 2..at + 2 + nbases].iter().filter_map(|b| b.as_obj()).collect();
        if bases.len() != nbases || bases.iter().any(|b| !matches!(self.heap.get(*b), Obj::Class(_))) {
            return Err(self.err("TypeError", "class bases must be classes"));
        }
        let ns = self.new_dict();
        self.stack.push(Value::Obj(ns));
        let Value::Obj(fr) = func else { return Err(self.err("SystemError", "bad class body")) };
        let (code, globals) = match self.heap.get(fr) {
            Obj::Function(f) => (f.code.clone(), f.globals),
            _ => return Err(self.err("SystemError", "bad class body")),
        };
        let base = self.stack.len();
        self.stack.resize(base + code.nlocals(), Value::Undef);
        self.setup_cells(&code, base, fr);
        let frame = Frame { code, func, globals, locals: Some(ns), base, blocks_base: self.blocks.len(), handling_base: self.handling.len() };
        let r = self.run_frame(&frame, 0);
        self.stack.truncate(base);
        let cell = match r? {
            (Exit::Return(v), _) => v,
            (Exit::Yield(_), _) => Value::None,
        };
        let cls = self.new_class(&name, bases, ns)?;
        if let Value::Obj(c) = cell {
            if let Obj::Cell(x) = self.heap.get_mut(c) {
                *x = Value::Obj(cls);
            }
        }
        self.finish_class(cls, kw)?;
        Ok(Value::Obj(cls))
    }

    /// Create a plain instance of a user class (with a zeroed C struct
    /// when the class is, or derives from, an extension type).
    pub fn new_instance(&mut self, cls: ObjRef) -> Value {
        let native = match self.heap.get(cls) {
            Obj::Class(Class { hpy: Some(t), .. }) => Some(crate::hpy::types::Native::new(t.clone())),
            _ => None,
        };
        self.alloc_instance(cls, native)
    }

    /// A fresh instance of `cls` with no attributes, holding `native` (an
    /// extension type's C struct) if given.
    pub(crate) fn alloc_instance(&mut self, cls: ObjRef, native: Option<Box<crate::hpy::types::Native>>) -> Value {
        self.alloc(Obj::Instance(Instance { class: cls, spill: crate::object::NO_SPILL, dict: Default::default(), exc: None, native }))
    }
}

/// Entries of `Vm::static_type_cache`.
pub(crate) const STATIC_LOOKUPS: usize = 256;

/// One `lookup_type_static` answer: `found` for class slot `class` and
/// the name at address `name`, as of attribute epoch `epoch` (0: empty,
/// the epoch starts at 1).
#[derive(Clone, Copy, Default)]
pub(crate) struct StaticLookup {
    class: u32,
    name: usize,
    epoch: u64,
    found: Option<Value>,
}
