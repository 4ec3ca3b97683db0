//! The attribute protocol of instances of Python classes, in CPython's
//! order: a Python `__getattribute__`/`__setattr__`/`__delattr__` on the
//! class wins; otherwise data descriptors on the class (property, slot
//! members, objects whose type defines `__set__` or `__delete__`) come
//! before the instance dict, then non-data descriptors (functions,
//! class- and staticmethods, objects whose type defines `__get__`) and
//! plain class attributes; `__getattr__` answers any AttributeError.
//! Also what class creation adds to it: `__slots__`, `__set_name__`,
//! `__init_subclass__`, and the refusal of `__del__`.
//!
//! The attribute caches (`shape.rs`) only remember what this protocol
//! would find anyway: they refuse classes with a Python
//! `__getattribute__`/`__setattr__` and names that are data descriptors
//! other than slot members (whose values are instance dict entries, so a
//! cached dict position is still the right answer).

use std::rc::Rc;

use super::{Exc, PyResult, Vm};
use crate::builtins::Kw;
use crate::object::{Obj, ObjRef, Value, NO_SPILL};

impl Vm {
    /// A Python override of `hook` (`__getattribute__`, `__setattr__`,
    /// `__delattr__`) along the class's MRO; object's native ones do not count.
    pub(crate) fn attr_hook(&self, cls: ObjRef, hook: &str) -> Option<Value> {
        self.lookup_type(cls, hook).filter(|f| !self.is_native(*f))
    }

    /// Is this class attribute a data descriptor?
    pub(crate) fn is_data_descr(&self, a: Value) -> bool {
        let Value::Obj(r) = a else { return false };
        match self.heap.get(r) {
            Obj::Property { .. } | Obj::Member { .. } => true,
            Obj::Instance(i) => {
                let t = i.class;
                self.lookup_type(t, "__set__").is_some() || self.lookup_type(t, "__delete__").is_some()
            }
            _ => false,
        }
    }

    /// Does a data descriptor the caches cannot see through (anything but
    /// a slot member) sit on the class under `name`?
    pub(crate) fn blocks_attr_cache(&self, cls: ObjRef, name: &str) -> bool {
        match self.lookup_type(cls, name) {
            Some(a @ Value::Obj(r)) => !matches!(self.heap.get(r), Obj::Member { .. }) && self.is_data_descr(a),
            _ => false,
        }
    }

    pub(crate) fn is_attribute_error(&self, e: Exc) -> bool {
        let c = self.type_of(Value::Obj(e.0));
        self.is_subclass(c, self.ty("AttributeError"))
    }

    /// `v.name` for an instance `v` of the Python class `cls`.
    pub(crate) fn instance_getattr(&mut self, v: Value, cls: ObjRef, name: &str) -> PyResult<Value> {
        let r = match self.attr_hook(cls, "__getattribute__") {
            Some(ga) => {
                let n = self.new_str(name);
                self.call(ga, &[v, n], &[])
            }
            // Not found is not an exception yet: `__getattr__` may answer.
            None => match self.object_getattr_opt(v, cls, name) {
                Ok(Some(x)) => return Ok(x),
                Ok(None) => match self.lookup_type(cls, "__getattr__") {
                    Some(ga) => {
                        let n = self.new_str(name);
                        return self.call(ga, &[v, n], &[]);
                    }
                    None => return Err(self.attr_error(v, name)),
                },
                Err(e) => Err(e),
            },
        };
        match r {
            Err(e) if self.is_attribute_error(e) => match self.lookup_type(cls, "__getattr__") {
                Some(ga) => {
                    let n = self.new_str(name);
                    self.call(ga, &[v, n], &[])
                }
                None => Err(e),
            },
            r => r,
        }
    }

    /// `object.__getattribute__(v, name)`.
    pub(crate) fn object_getattr(&mut self, v: Value, cls: ObjRef, name: &str) -> PyResult<Value> {
        match self.object_getattr_opt(v, cls, name)? {
            Some(x) => Ok(x),
            None => Err(self.attr_error(v, name)),
        }
    }

    /// `object_getattr`, with None for a name found nowhere.
    fn object_getattr_opt(&mut self, v: Value, cls: ObjRef, name: &str) -> PyResult<Option<Value>> {
        let ta = self.lookup_type(cls, name);
        if let Some(a) = ta {
            if self.is_data_descr(a) {
                return self.bind(a, v, cls).map(Some);
            }
        }
        if let Value::Obj(r) = v {
            if let Some(i) = self.dict_find_str(r, name) {
                return Ok(Some(self.dict_of(r).entry(i).value));
            }
        }
        if let Some(a) = ta {
            return self.bind(a, v, cls).map(Some);
        }
        self.special_attr(v, name)
    }

    /// A slot member's value (the `__get__` of a member descriptor).
    pub(crate) fn member_get(&mut self, m: ObjRef, recv: Value) -> PyResult<Value> {
        let (name, r) = self.member_target(m, recv)?;
        match self.dict_get_str(r, &name) {
            Some(x) => Ok(x),
            None => {
                let t = self.type_name(recv);
                Err(self.err("AttributeError", &format!("'{t}' object has no attribute '{name}'")))
            }
        }
    }

    /// The slot's name and the instance holding it; a TypeError for an
    /// object that is not an instance of the member's class.
    fn member_target(&mut self, m: ObjRef, recv: Value) -> PyResult<(Rc<str>, ObjRef)> {
        let Obj::Member { name, owner } = self.heap.get(m) else { unreachable!("member") };
        let (name, owner) = (name.clone(), *owner);
        match recv {
            Value::Obj(r) if matches!(self.heap.get(r), Obj::Instance(_)) && self.is_subclass(self.type_of(recv), owner) => Ok((name, r)),
            _ => {
                let (o, t) = (self.class_name(owner), self.type_name(recv));
                Err(self.err("TypeError", &format!("descriptor '{name}' for '{o}' objects doesn't apply to a '{t}' object")))
            }
        }
    }

    /// `o.name = v` for an instance of the Python class `cls`.
    pub(crate) fn instance_setattr(&mut self, o: Value, cls: ObjRef, name: &str, v: Value) -> PyResult<()> {
        if let Some(sa) = self.attr_hook(cls, "__setattr__") {
            let n = self.new_str(name);
            self.call(sa, &[o, n, v], &[])?;
            return Ok(());
        }
        self.object_setattr(o, cls, name, v)
    }

    /// `object.__setattr__(o, name, v)`.
    pub(crate) fn object_setattr(&mut self, o: Value, cls: ObjRef, name: &str, v: Value) -> PyResult<()> {
        let Value::Obj(r) = o else { unreachable!("instance") };
        if let Some(Value::Obj(d)) = self.lookup_type(cls, name) {
            match self.heap.get(d) {
                Obj::Property { fget, fset, .. } => {
                    let (fget, fset) = (*fget, *fset);
                    if let Value::None = fset {
                        if let Some(m) = crate::hpy::call::readonly_message(self, fget, name, cls) {
                            return Err(self.err("AttributeError", &m));
                        }
                        let t = self.class_name(cls);
                        return Err(self.err("AttributeError", &format!("property '{name}' of '{t}' object has no setter")));
                    }
                    self.call(fset, &[o, v], &[])?;
                    return Ok(());
                }
                Obj::Member { .. } => {
                    let (name, r) = self.member_target(d, o)?;
                    return self.instance_store(r, &name, v);
                }
                Obj::Instance(di) => {
                    let t = di.class;
                    if let Some(set) = self.lookup_type(t, "__set__") {
                        self.call(set, &[Value::Obj(d), o, v], &[])?;
                        return Ok(());
                    }
                    if self.lookup_type(t, "__delete__").is_some() {
                        return Err(self.err("AttributeError", "__set__"));
                    }
                }
                _ => {}
            }
        }
        if let Some(msg) = self.no_instance_dict(r, name) {
            return Err(self.err("AttributeError", &msg));
        }
        if name == "__dict__" {
            return self.set_instance_dict(r, v);
        }
        self.instance_store(r, name, v)
    }

    /// `del o.name` for an instance of the Python class `cls`.
    pub(crate) fn instance_delattr(&mut self, o: Value, cls: ObjRef, name: &str) -> PyResult<()> {
        if let Some(da) = self.attr_hook(cls, "__delattr__") {
            let n = self.new_str(name);
            self.call(da, &[o, n], &[])?;
            return Ok(());
        }
        self.object_delattr(o, cls, name)
    }

    /// `object.__delattr__(o, name)`.
    pub(crate) fn object_delattr(&mut self, o: Value, cls: ObjRef, name: &str) -> PyResult<()> {
        let Value::Obj(r) = o else { unreachable!("instance") };
        if let Some(Value::Obj(d)) = self.lookup_type(cls, name) {
            match self.heap.get(d) {
                Obj::Property { fdel, .. } => {
                    let fdel = *fdel;
                    if let Value::None = fdel {
                        let t = self.class_name(cls);
                        return Err(self.err("AttributeError", &format!("property '{name}' of '{t}' object has no deleter")));
                    }
                    self.call(fdel, &[o], &[])?;
                    return Ok(());
                }
                Obj::Member { .. } => {
                    let (name, r) = self.member_target(d, o)?;
                    if self.dict_del_str(r, &name)? {
                        return Ok(());
                    }
                    return Err(self.err("AttributeError", &name));
                }
                Obj::Instance(di) => {
                    let t = di.class;
                    if let Some(del) = self.lookup_type(t, "__delete__") {
                        self.call(del, &[Value::Obj(d), o], &[])?;
                        return Ok(());
                    }
                    if self.lookup_type(t, "__set__").is_some() {
                        return Err(self.err("AttributeError", "__delete__"));
                    }
                }
                _ => {}
            }
        }
        if self.dict_del_str(r, name)? {
            return Ok(());
        }
        Err(self.attr_error(o, name))
    }

    /// `obj.__dict__`: the instance's attributes move to a heap dict,
    /// which is handed out and used from then on, so writes through it
    /// are attribute stores. Instances with slots (whose values share
    /// the dict but are not in `__dict__`) get a filtered copy instead.
    pub(crate) fn instance_dict_obj(&mut self, r: ObjRef) -> PyResult<Value> {
        let Obj::Instance(i) = self.heap.get(r) else { unreachable!("instance") };
        if i.spill != NO_SPILL {
            return Ok(Value::Obj(ObjRef(i.spill)));
        }
        let cls = i.class;
        let entries: Vec<(Value, Value)> = i.dict.iter().map(|e| (e.key, e.value)).collect();
        let slotted = match self.heap.get(cls) {
            Obj::Class(c) => c.mro.iter().any(|k| matches!(self.heap.get(*k), Obj::Class(kc) if self.dict_find_str(kc.dict, "__slots__").is_some())),
            _ => false,
        };
        let d = self.new_dict();
        for (k, x) in entries {
            if slotted && matches!(self.as_str(k).and_then(|k| self.lookup_type(cls, k)), Some(Value::Obj(m)) if matches!(self.heap.get(m), Obj::Member { .. })) {
                continue;
            }
            self.dict_set(d, k, x)?;
        }
        if !slotted {
            self.spill_into(r, d);
        }
        Ok(Value::Obj(d))
    }

    /// Make the heap dict `d` the instance's attribute storage.
    fn spill_into(&mut self, r: ObjRef, d: ObjRef) {
        if let Obj::Instance(i) = self.heap.get_mut(r) {
            i.dict.clear();
            // Unshaped: no cache entry matches, every access takes the
            // slow path, which follows `spill`.
            i.dict.shape = crate::object::NO_SHAPE;
            i.spill = d.0;
        }
    }

    /// `obj.__dict__ = d`.
    fn set_instance_dict(&mut self, r: ObjRef, v: Value) -> PyResult<()> {
        match v {
            Value::Obj(d) if matches!(self.heap.get(d), Obj::Dict(_)) => {
                self.spill_into(r, d);
                Ok(())
            }
            _ => {
                let t = self.type_name(v);
                Err(self.err("TypeError", &format!("__dict__ must be set to a dictionary, not a '{t}'")))
            }
        }
    }

    /// Class creation, before the class object exists: `__del__` is
    /// refused (a tracing collector cannot run finalizers when CPython
    /// would), and `__init_subclass__` and `__class_getitem__` are made
    /// classmethods, as CPython does implicitly.
    pub(crate) fn check_class_namespace(&mut self, ns: ObjRef) -> PyResult<()> {
        if let Some(d) = self.dict_get_str(ns, "__del__") {
            let line = match d {
                Value::Obj(f) => match self.heap.get(f) {
                    Obj::Function(f) => format!(" (line {})", f.code.first_line),
                    _ => String::new(),
                },
                _ => String::new(),
            };
            return Err(self.err("NotImplementedError", &format!("hilt does not support __del__ yet{line}")));
        }
        for name in ["__init_subclass__", "__class_getitem__"] {
            if let Some(f @ Value::Obj(fr)) = self.dict_get_str(ns, name) {
                if matches!(self.heap.get(fr), Obj::Function(_)) {
                    let cm = self.alloc(Obj::ClassMethod(f));
                    self.dict_set_str(ns, name, cm)?;
                }
            }
        }
        Ok(())
    }

    /// `__slots__` of a new class: a member descriptor per name, and no
    /// instance dict unless a base has one or `__dict__` is a slot.
    pub(crate) fn install_slots(&mut self, cls: ObjRef, ns: ObjRef, bases: &[ObjRef]) -> PyResult<()> {
        let Some(slots) = self.dict_get_str(ns, "__slots__") else { return Ok(()) };
        let names: Vec<Value> = if self.as_str(slots).is_some() { vec![slots] } else { self.collect_iter(slots)? };
        let cname = self.class_name(cls);
        let mut with_dict = false;
        let mut members = Vec::new();
        for n in names {
            let Some(s) = self.as_str(n) else {
                let t = self.type_name(n);
                return Err(self.err("TypeError", &format!("__slots__ items must be strings, not '{t}'")));
            };
            match s {
                "__dict__" => with_dict = true,
                "__weakref__" => {}
                // Private names are stored mangled, as the compiler
                // mangles `self.__x` in the class's methods.
                _ => members.push(mangle(&cname, s)),
            }
        }
        for m in &members {
            if self.dict_find_str(ns, m).is_some() {
                return Err(self.err("ValueError", &format!("'{m}' in __slots__ conflicts with class variable")));
            }
        }
        for m in members {
            let d = self.alloc(Obj::Member { name: m.as_str().into(), owner: cls });
            self.dict_set_str(ns, &m, d)?;
        }
        let object = self.types.object;
        let bases_dictless = bases.iter().all(|b| Some(*b) == object || matches!(self.heap.get(*b), Obj::Class(c) if c.dictless));
        if let Obj::Class(c) = self.heap.get_mut(cls) {
            c.dictless = !with_dict && bases_dictless;
        }
        Ok(())
    }

    /// After a `class` statement or `type(name, bases, ns)` made `cls`:
    /// `__set_name__` on each attribute whose type defines it, then the
    /// nearest base's `__init_subclass__` with the class keywords.
    pub(crate) fn finish_class(&mut self, cls: ObjRef, kw: &[(Rc<str>, Value)]) -> PyResult<()> {
        self.temp_roots.push(Value::Obj(cls));
        let r = self.finish_class_rooted(cls, kw);
        self.temp_roots.pop();
        r
    }

    fn finish_class_rooted(&mut self, cls: ObjRef, kw: &[(Rc<str>, Value)]) -> PyResult<()> {
        let (dict, mro) = match self.heap.get(cls) {
            Obj::Class(c) => (c.dict, c.mro.clone()),
            _ => return Ok(()),
        };
        for (k, v) in self.dict_entries(dict) {
            let Value::Obj(vr) = v else { continue };
            if !matches!(self.heap.get(vr), Obj::Instance(_)) {
                continue;
            }
            let t = self.type_of(v);
            let Some(sn) = self.lookup_type(t, "__set_name__") else { continue };
            if let Err(e) = self.call(sn, &[v, Value::Obj(cls), k], &[]) {
                // CPython 3.11 wraps the error, the original as its cause.
                let (tn, kn, cn) = (self.class_name(t), self.repr(k)?, self.class_name(cls));
                let w = self.err("RuntimeError", &format!("Error calling __set_name__ on '{tn}' instance {kn} in '{cn}'"));
                self.set_cause(w, Value::Obj(e.0));
                return Err(w);
            }
        }
        let init = mro[1..].iter().find_map(|b| match self.heap.get(*b) {
            Obj::Class(c) => self.dict_get_str(c.dict, "__init_subclass__"),
            _ => None,
        });
        match init {
            Some(Value::Obj(f)) if matches!(self.heap.get(f), Obj::ClassMethod(_)) => {
                let Obj::ClassMethod(f) = self.heap.get(f) else { unreachable!("classmethod") };
                let f = *f;
                self.call(f, &[Value::Obj(cls)], kw)?;
            }
            Some(f) => {
                self.call(f, &[], kw)?;
            }
            None => {}
        }
        Ok(())
    }
}

/// A private name (`__x`, not `__x__`) as written in class `cls`: `_cls__x`.
fn mangle(cls: &str, name: &str) -> String {
    let owner = cls.trim_start_matches('_');
    if name.starts_with("__") && !name.ends_with("__") && !owner.is_empty() {
        format!("_{owner}{name}")
    } else {
        name.to_string()
    }
}

fn name_arg(vm: &mut Vm, args: &[Value], i: usize, f: &str) -> PyResult<String> {
    let n = vm.arg(args, i, f)?;
    match vm.as_str(n) {
        Some(s) => Ok(s.to_string()),
        None => {
            let t = vm.type_name(n);
            Err(vm.err("TypeError", &format!("attribute name must be string, not '{t}'")))
        }
    }
}

/// The Python class of `o` when it is an instance of one (else None: the
/// generic attribute functions handle it).
fn user_class(vm: &Vm, o: Value) -> Option<ObjRef> {
    match o {
        Value::Obj(r) => match vm.heap.get(r) {
            Obj::Instance(i) => Some(i.class),
            _ => None,
        },
        _ => None,
    }
}

/// `object.__init_subclass__`: accepts no class keywords.
pub(crate) fn object_init_subclass(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    if !kw.is_empty() {
        let cn = match args.first() {
            Some(Value::Obj(c)) => vm.class_name(*c),
            _ => "object".into(),
        };
        return Err(vm.err("TypeError", &format!("{cn}.__init_subclass__() takes no keyword arguments")));
    }
    Ok(Value::None)
}

/// `object.__getattribute__(o, name)`.
pub(crate) fn object_getattribute(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let o = vm.arg(args, 0, "__getattribute__")?;
    let n = name_arg(vm, args, 1, "__getattribute__")?;
    match user_class(vm, o) {
        Some(cls) => vm.object_getattr(o, cls, &n),
        None => vm.get_attr(o, &n),
    }
}

/// `object.__setattr__(o, name, v)`.
pub(crate) fn object_setattr(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let o = vm.arg(args, 0, "__setattr__")?;
    let n = name_arg(vm, args, 1, "__setattr__")?;
    let v = vm.arg(args, 2, "__setattr__")?;
    match user_class(vm, o) {
        Some(cls) => vm.object_setattr(o, cls, &n, v)?,
        None => vm.set_attr(o, &n, v)?,
    }
    Ok(Value::None)
}

/// `object.__delattr__(o, name)`.
pub(crate) fn object_delattr(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let o = vm.arg(args, 0, "__delattr__")?;
    let n = name_arg(vm, args, 1, "__delattr__")?;
    match user_class(vm, o) {
        Some(cls) => vm.object_delattr(o, cls, &n)?,
        None => vm.del_attr(o, &n)?,
    }
    Ok(Value::None)
}

/// The member descriptor receiving a `member_descriptor` method call.
fn member_self(vm: &mut Vm, args: &[Value]) -> PyResult<ObjRef> {
    match args.first() {
        Some(Value::Obj(m)) if matches!(vm.heap.get(*m), Obj::Member { .. }) => Ok(*m),
        _ => Err(vm.err("TypeError", "descriptor requires a 'member_descriptor' object")),
    }
}

/// `member.__get__(obj, type=None)`: the member itself for `obj` None.
pub(crate) fn member_get(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let m = member_self(vm, args)?;
    match vm.arg(args, 1, "__get__")? {
        Value::None => Ok(Value::Obj(m)),
        o => vm.member_get(m, o),
    }
}

/// `member.__set__(obj, value)`.
pub(crate) fn member_set(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let m = member_self(vm, args)?;
    let (o, v) = (vm.arg(args, 1, "__set__")?, vm.arg(args, 2, "__set__")?);
    let (name, r) = vm.member_target(m, o)?;
    vm.instance_store(r, &name, v)?;
    Ok(Value::None)
}

/// `member.__delete__(obj)`.
pub(crate) fn member_delete(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let m = member_self(vm, args)?;
    let o = vm.arg(args, 1, "__delete__")?;
    let (name, r) = vm.member_target(m, o)?;
    if vm.dict_del_str(r, &name)? {
        return Ok(Value::None);
    }
    Err(vm.err("AttributeError", &name))
}

/// The descriptor methods of the builtin descriptor types, for code that
/// forwards to them by hand (`func.__get__(obj, cls)`, `prop.__set__(o, v)`).
/// `obj` None means access through the class.
pub(crate) fn function_get(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let f = vm.arg(args, 0, "__get__")?;
    match vm.arg(args, 1, "__get__")? {
        Value::None => Ok(f),
        obj => Ok(vm.alloc(Obj::BoundMethod { receiver: obj, func: f })),
    }
}

pub(crate) fn classmethod_get(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let cm = vm.arg(args, 0, "__get__")?;
    let obj = vm.arg(args, 1, "__get__")?;
    let owner = match args.get(2) {
        Some(&t @ Value::Obj(_)) => t,
        _ => Value::Obj(vm.type_of(obj)),
    };
    let Value::Obj(r) = cm else { return Err(vm.err("TypeError", "descriptor requires a 'classmethod' object")) };
    let Obj::ClassMethod(f) = vm.heap.get(r) else { return Err(vm.err("TypeError", "descriptor requires a 'classmethod' object")) };
    let f = *f;
    Ok(vm.alloc(Obj::BoundMethod { receiver: owner, func: f }))
}

pub(crate) fn staticmethod_get(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    match args.first() {
        Some(Value::Obj(r)) => match vm.heap.get(*r) {
            Obj::StaticMethod(f) => Ok(*f),
            _ => Err(vm.err("TypeError", "descriptor requires a 'staticmethod' object")),
        },
        _ => Err(vm.err("TypeError", "descriptor requires a 'staticmethod' object")),
    }
}

/// The instance and its class for `prop.__get__/__set__/__delete__`.
fn property_target(vm: &mut Vm, args: &[Value], m: &str) -> PyResult<(Value, Value, ObjRef)> {
    let p = vm.arg(args, 0, m)?;
    if !matches!(p, Value::Obj(r) if matches!(vm.heap.get(r), Obj::Property { .. })) {
        return Err(vm.err("TypeError", "descriptor requires a 'property' object"));
    }
    let obj = vm.arg(args, 1, m)?;
    let cls = vm.type_of(obj);
    Ok((p, obj, cls))
}

pub(crate) fn property_get(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let (p, obj, cls) = property_target(vm, args, "__get__")?;
    if let Value::None = obj {
        return Ok(p);
    }
    vm.bind(p, obj, cls)
}

/// The name a property's errors give it: its getter's.
fn property_name(vm: &mut Vm, accessor: Value) -> String {
    vm.get_attr(accessor, "__name__").ok().and_then(|n| vm.as_str(n).map(str::to_string)).unwrap_or_else(|| "?".into())
}

/// The property's setter (`deleter` false) or deleter, or the
/// AttributeError CPython gives for a property without one.
fn property_accessor(vm: &mut Vm, p: Value, cls: ObjRef, deleter: bool) -> PyResult<Value> {
    let Value::Obj(r) = p else { unreachable!("property") };
    let Obj::Property { fget, fset, fdel, .. } = vm.heap.get(r) else { unreachable!("property") };
    let (fget, f) = (*fget, if deleter { *fdel } else { *fset });
    if let Value::None = f {
        let (n, t) = (property_name(vm, fget), vm.class_name(cls));
        let what = if deleter { "deleter" } else { "setter" };
        return Err(vm.err("AttributeError", &format!("property '{n}' of '{t}' object has no {what}")));
    }
    Ok(f)
}

pub(crate) fn property_set(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let (p, obj, cls) = property_target(vm, args, "__set__")?;
    let v = vm.arg(args, 2, "__set__")?;
    let fset = property_accessor(vm, p, cls, false)?;
    vm.call(fset, &[obj, v], &[])?;
    Ok(Value::None)
}

pub(crate) fn property_delete(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let (p, obj, cls) = property_target(vm, args, "__delete__")?;
    let fdel = property_accessor(vm, p, cls, true)?;
    vm.call(fdel, &[obj], &[])?;
    Ok(Value::None)
}
