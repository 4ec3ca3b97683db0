//! Extension types on the VM: `HPyType_FromSpec` makes an ordinary VM
//! class whose instances carry the extension's C struct ([`Native`]).
//!
//! Methods go into the class dict as [`HpyFunc`]s, members and getsets as
//! properties whose getter/setter are `HpyFunc`s, and each slot becomes the
//! dunder method(s) the VM's protocols already look up (`nb_add` ->
//! `__add__`/`__radd__`, `mp_subscript` -> `__getitem__`, `tp_richcompare`
//! -> `__eq__`..., `tp_new`/`tp_init` -> `__new__`/`__init__`), so an
//! extension object behaves like a Python object everywhere in the VM.
//! `tp_traverse` feeds the collector (the struct's `HPyField`s hold heap
//! indices) and `tp_destroy` runs when the collector frees the object.

use std::alloc::Layout;
use std::ffi::CStr;
use std::os::raw::{c_int, c_void};
use std::rc::Rc;

use hilt_abi::*;

use super::call::{HpyFunc, Kind, SlotCall};
use crate::interp::{PyResult, Vm};
use crate::object::{Obj, ObjRef, Value};

type Destroy = unsafe extern "C" fn(*mut c_void);
type Traverse = hilt_debug::TraverseFn;

/// What the VM keeps of an extension type for its instances.
pub struct TypeInfo {
    /// The name the spec gave (`module.Type`).
    pub name: String,
    pub basicsize: usize,
    destroy: Option<Destroy>,
    traverse: Option<Traverse>,
    /// Where instances keep their own call function (`HPy_SetCallFunction`):
    /// the `__vectorcalloffset__` member's offset in the struct, or the
    /// native side only (`Some(None)`) for a type with `HPy_tp_call`.
    pub call_slot: Option<Option<isize>>,
    /// The extension type itself (its Python subclasses share this info).
    pub class: std::cell::Cell<Option<ObjRef>>,
    /// Whether classes may subclass it (`HPy_TPFLAGS_BASETYPE`).
    pub base_ok: bool,
}

impl TypeInfo {
    /// The layout of a VM-internal native object (capsules).
    pub fn internal(name: &str, basicsize: usize, destroy: Destroy) -> TypeInfo {
        TypeInfo { name: name.into(), basicsize, destroy: Some(destroy), traverse: None, call_slot: None, class: Default::default(), base_ok: false }
    }

    /// The type's tp_traverse, for debug mode's field checks.
    pub fn traverse_fn(&self) -> Option<hilt_debug::TraverseFn> {
        self.traverse
    }

    pub fn short_name(&self) -> &str {
        self.name.rsplit('.').next().unwrap_or(&self.name)
    }
}

/// An instance's C struct: zeroed at allocation, `tp_destroy`ed and freed
/// when the collector frees the object. Its address never changes, so the
/// pointer `_HPy_AsStruct_Object` returns stays valid while the object lives.
///
/// A struct of up to [`INLINE_BYTES`] lives in the `Native` itself (made
/// boxed, never moved out of its box), so a small extension object costs
/// one allocation rather than two.
pub struct Native {
    data: *mut u8,
    /// The struct's own allocation; None when it is `inline`.
    layout: Option<Layout>,
    ty: Rc<TypeInfo>,
    /// The call function `HPy_SetCallFunction` gave this object.
    pub call: std::cell::Cell<Option<HPyCallFunction>>,
    inline: Inline,
}

/// The most bytes of a C struct kept inside its [`Native`].
pub const INLINE_BYTES: usize = 64;

/// How `new` aligns a struct, inline or allocated (as CPython's object
/// allocator does).
const STRUCT_ALIGN: usize = 16;

/// Room for a small C struct at `STRUCT_ALIGN` inside a box aligned to a
/// word (which takes the allocator's plain path, see src/main.rs).
struct Inline([u8; INLINE_ROOM]);
const INLINE_ROOM: usize = INLINE_BYTES + STRUCT_ALIGN - std::mem::align_of::<usize>();

impl Native {
    pub fn new(ty: Rc<TypeInfo>) -> Box<Native> {
        let size = ty.basicsize.max(1);
        let mut native = Box::new(Native { data: std::ptr::null_mut(), layout: None, ty, call: std::cell::Cell::new(None), inline: Inline([0; INLINE_ROOM]) });
        if size <= INLINE_BYTES {
            // The box does not move: the pointer stays valid while it
            // lives. The buffer starts word-aligned, so at most a word
            // before the aligned start goes unused.
            let start = native.inline.0.as_mut_ptr();
            native.data = start.wrapping_add(start.align_offset(STRUCT_ALIGN));
        } else {
            let layout = Layout::from_size_align(size, STRUCT_ALIGN).expect("basicsize checked by HPyType_FromSpec");
            // SAFETY: the layout has a non-zero size.
            let data = unsafe { std::alloc::alloc_zeroed(layout) };
            if data.is_null() {
                std::alloc::handle_alloc_error(layout);
            }
            native.data = data;
            native.layout = Some(layout);
        }
        native
    }

    pub fn data(&self) -> *mut u8 {
        self.data
    }

    pub fn type_info(&self) -> &Rc<TypeInfo> {
        &self.ty
    }

    /// Report the objects the struct's `HPyField`s hold (via `tp_traverse`).
    pub fn trace(&self, visit: &mut dyn FnMut(&Value)) {
        let Some(t) = self.ty.traverse else { return };
        // SAFETY: `data` is this type's struct; the visitor only reads the
        // fields it is given, and `arg` is the visitor closure below.
        unsafe {
            let mut v: &mut dyn FnMut(&Value) = visit;
            t(self.data as *mut c_void, visit_field, &mut v as *mut &mut dyn FnMut(&Value) as *mut c_void);
        }
    }
}

unsafe extern "C" fn visit_field(f: *mut HPyField, arg: *mut c_void) -> c_int {
    // SAFETY: `arg` is the `&mut dyn FnMut` passed by `Native::trace`; `f`
    // points into the struct being traversed.
    unsafe {
        let visit = &mut *(arg as *mut &mut dyn FnMut(&Value));
        let i = (*f)._i;
        if i > 0 {
            visit(&Value::Obj(ObjRef((i - 1) as u32)));
        }
    }
    0
}

impl Drop for Native {
    fn drop(&mut self) {
        if let Some(d) = self.ty.destroy {
            // SAFETY: tp_destroy gets the struct of an object being freed,
            // once; it may not call the API (HPy's rule).
            let _ = std::panic::catch_unwind(|| unsafe { d(self.data as *mut c_void) });
        }
        if let Some(layout) = self.layout {
            // SAFETY: allocated in `new` with this layout.
            unsafe { std::alloc::dealloc(self.data, layout) };
        }
    }
}

/// The `HPyField` encoding of a value: its heap index + 1 (0 is NULL);
/// unboxed values are boxed so a field always names a heap object.
pub fn field_encode(vm: &mut Vm, v: Value) -> isize {
    let r = match v {
        Value::Obj(r) => r,
        Value::Undef => return 0,
        other => vm.heap.alloc(Obj::Boxed(other)),
    };
    r.0 as isize + 1
}

/// The value a field holds (None for an empty field).
pub fn field_value(vm: &Vm, f: isize) -> Option<Value> {
    if f <= 0 {
        return None;
    }
    let r = ObjRef((f - 1) as u32);
    Some(match vm.heap.try_get(r) {
        Some(Obj::Boxed(v)) => *v,
        Some(_) => Value::Obj(r),
        None => return None,
    })
}

/// C text from the extension (UTF-8, lossy on bad bytes).
///
/// # Safety
/// `p` is null or a NUL-terminated string.
pub unsafe fn text(p: *const std::os::raw::c_char) -> Option<String> {
    if p.is_null() {
        None
    } else {
        // SAFETY: forwarded.
        Some(unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
    }
}

/// The dunder methods a slot becomes.
fn slot_dunders(slot: HPySlot_Slot) -> &'static [(&'static str, SlotCall)] {
    use HPySlot_Slot as S;
    use SlotCall::*;
    macro_rules! bin {
        ($a:literal, $r:literal) => {
            &[($a, Binary), ($r, BinaryReflected)]
        };
    }
    match slot {
        S::nb_add => bin!("__add__", "__radd__"),
        S::nb_subtract => bin!("__sub__", "__rsub__"),
        S::nb_multiply => bin!("__mul__", "__rmul__"),
        S::nb_remainder => bin!("__mod__", "__rmod__"),
        S::nb_divmod => bin!("__divmod__", "__rdivmod__"),
        S::nb_lshift => bin!("__lshift__", "__rlshift__"),
        S::nb_rshift => bin!("__rshift__", "__rrshift__"),
        S::nb_and => bin!("__and__", "__rand__"),
        S::nb_xor => bin!("__xor__", "__rxor__"),
        S::nb_or => bin!("__or__", "__ror__"),
        S::nb_floor_divide => bin!("__floordiv__", "__rfloordiv__"),
        S::nb_true_divide => bin!("__truediv__", "__rtruediv__"),
        S::nb_matrix_multiply => bin!("__matmul__", "__rmatmul__"),
        S::nb_power => &[("__pow__", Ternary), ("__rpow__", TernaryReflected)],
        S::nb_inplace_add => &[("__iadd__", Binary)],
        S::nb_inplace_subtract => &[("__isub__", Binary)],
        S::nb_inplace_multiply => &[("__imul__", Binary)],
        S::nb_inplace_remainder => &[("__imod__", Binary)],
        S::nb_inplace_lshift => &[("__ilshift__", Binary)],
        S::nb_inplace_rshift => &[("__irshift__", Binary)],
        S::nb_inplace_and => &[("__iand__", Binary)],
        S::nb_inplace_xor => &[("__ixor__", Binary)],
        S::nb_inplace_or => &[("__ior__", Binary)],
        S::nb_inplace_floor_divide => &[("__ifloordiv__", Binary)],
        S::nb_inplace_true_divide => &[("__itruediv__", Binary)],
        S::nb_inplace_matrix_multiply => &[("__imatmul__", Binary)],
        S::nb_inplace_power => &[("__ipow__", Ternary)],
        S::nb_negative => &[("__neg__", Unary)],
        S::nb_positive => &[("__pos__", Unary)],
        S::nb_absolute => &[("__abs__", Unary)],
        S::nb_invert => &[("__invert__", Unary)],
        S::nb_int => &[("__int__", Unary)],
        S::nb_float => &[("__float__", Unary)],
        S::nb_index => &[("__index__", Unary)],
        S::nb_bool => &[("__bool__", Inquiry)],
        S::mp_length | S::sq_length => &[("__len__", Len)],
        S::mp_subscript => &[("__getitem__", Binary)],
        S::sq_item => &[("__getitem__", SsizeArg)],
        S::mp_ass_subscript => &[("__setitem__", ObjObjArgSet), ("__delitem__", ObjObjArgDel)],
        S::sq_ass_item => &[("__setitem__", SsizeObjArgSet), ("__delitem__", SsizeObjArgDel)],
        S::sq_contains => &[("__contains__", ObjObj)],
        S::sq_concat => &[("__add__", Binary)],
        S::sq_repeat => &[("__mul__", SsizeArg), ("__rmul__", SsizeArg)],
        S::sq_inplace_concat => &[("__iadd__", Binary)],
        S::sq_inplace_repeat => &[("__imul__", SsizeArg)],
        S::tp_repr => &[("__repr__", Unary)],
        S::tp_str => &[("__str__", Unary)],
        S::tp_hash => &[("__hash__", Hash)],
        S::tp_call => &[("__call__", Call)],
        S::tp_init => &[("__init__", Init)],
        S::tp_new => &[("__new__", New)],
        S::tp_richcompare => &[
            ("__lt__", RichCmp(0)),
            ("__le__", RichCmp(1)),
            ("__eq__", RichCmp(2)),
            ("__ne__", RichCmp(3)),
            ("__gt__", RichCmp(4)),
            ("__ge__", RichCmp(5)),
        ],
        _ => &[],
    }
}

/// Slots whose dunder a more specific slot of the same type wins over
/// (CPython prefers the mapping/number slot to the sequence one).
fn yields_to(slot: HPySlot_Slot) -> &'static [HPySlot_Slot] {
    use HPySlot_Slot as S;
    match slot {
        S::sq_item => &[S::mp_subscript],
        S::sq_ass_item => &[S::mp_ass_subscript],
        S::sq_concat => &[S::nb_add],
        S::sq_repeat => &[S::nb_multiply],
        S::sq_inplace_concat => &[S::nb_inplace_add],
        S::sq_inplace_repeat => &[S::nb_inplace_multiply],
        _ => &[],
    }
}

/// The HpyFunc object for a method/slot/accessor of `owner`.
///
/// `label` (`module.function`, `Type.method`) names it in debug reports;
/// it is made once per definition and kept for the process.
#[allow(clippy::too_many_arguments)]
pub fn new_func(vm: &mut Vm, label: String, name: &str, doc: Option<String>, kind: Kind, impl_: *const c_void, ctx: *mut HPyContext, module: Value, owner: Option<ObjRef>) -> Value {
    let label: &'static str = Box::leak(label.into_boxed_str());
    let how = crate::hpy::machine::how_of(kind, ctx, vm.hpy.universal);
    let owner_index = owner.map_or(u32::MAX, |o| o.0);
    let self_handle = if crate::hpy::machine::is_function(how) { vm.hpy.handles.open(module)._i } else { 0 };
    vm.alloc(Obj::HpyFunc(Box::new(HpyFunc { name: name.into(), label, doc: doc.map(Into::into), kind, impl_, ctx, module, owner, how, owner_index, self_handle })))
}

/// `HPyType_FromSpec` on the VM.
///
/// # Safety
/// `spec` and `params` are the extension's (params NULL or ended by a zero
/// kind, its handles open in the VM's table); `ctx` is the context the
/// extension called with (the VM's, or a debug/trace one around it).
pub unsafe fn type_from_spec(vm: &mut Vm, ctx: *mut HPyContext, spec: &HPyType_Spec, params: *const HPyType_SpecParam) -> PyResult<Value> {
    // SAFETY (whole body): the extension's static spec data, per the contract.
    unsafe {
        let Some(name) = text(spec.name) else {
            return Err(vm.err("ValueError", "HPyType_Spec.name is NULL; expected 'module.TypeName'"));
        };
        let short = name.rsplit('.').next().unwrap_or(&name).to_string();
        let module = name.rsplit_once('.').map(|(m, _)| m.to_string());
        if spec.builtin_shape.name().is_none() {
            return Err(vm.err("ValueError", &format!(
                "HPyType_FromSpec: type '{name}' has builtin shape {}; expected one of HPyType_BuiltinShape's values (-1..7)",
                spec.builtin_shape.0
            )));
        }
        if spec.builtin_shape == HPyType_BuiltinShape::Legacy || !spec.legacy_slots.is_null() {
            return Err(vm.err("TypeError", &format!("type '{name}' is a legacy type (it uses CPython C-API slots or layout); the Hilt VM runs universal HPy types only: run this module on CPython")));
        }
        if spec.builtin_shape != HPyType_BuiltinShape::Object {
            let shape = spec.builtin_shape.name().map(str::to_string).unwrap_or_else(|| spec.builtin_shape.0.to_string());
            return Err(vm.err("NotImplementedError", &format!("type '{name}': HPyType_BuiltinShape_{shape} is not supported on the Hilt VM yet (extension types there are laid out like object)")));
        }
        if spec.basicsize < 0 || spec.itemsize != 0 {
            return Err(vm.err("ValueError", &format!("type '{name}': basicsize {} / itemsize {}: expected basicsize >= 0 and itemsize 0", spec.basicsize, spec.itemsize)));
        }
        // Bases and metaclass.
        let mut bases: Vec<ObjRef> = Vec::new();
        let mut p = params;
        while !p.is_null() && (*p).kind.0 != 0 {
            let v = vm.hv((*p).object)?;
            match (*p).kind {
                HPyType_SpecParam_Kind::Base => bases.push(class_ref(vm, v, &name)?),
                HPyType_SpecParam_Kind::BasesTuple => {
                    for b in vm.tuple_items(v) {
                        bases.push(class_ref(vm, b, &name)?);
                    }
                }
                HPyType_SpecParam_Kind::Metaclass => {
                    if !v.is(&Value::Obj(vm.ty("type"))) {
                        return Err(vm.err("NotImplementedError", &format!("type '{name}': metaclasses other than type are not supported on the Hilt VM yet")));
                    }
                }
                k => return Err(vm.err("ValueError", &format!("HPyType_FromSpec: type '{name}' has a parameter of unknown kind {}; expected Base, BasesTuple or Metaclass", k.0))),
            }
            p = p.add(1);
        }
        let mut base_info: Option<Rc<TypeInfo>> = None;
        for b in &bases {
            if let Obj::Class(c) = vm.heap.get(*b) {
                if c.kind != crate::object::TypeKind::Object {
                    let bn = c.name.clone();
                    return Err(vm.err("NotImplementedError", &format!("type '{name}': an extension type based on '{bn}' is not supported on the Hilt VM yet")));
                }
                if let Some(t) = &c.hpy {
                    base_info = Some(t.clone());
                }
            }
        }
        let basicsize = (spec.basicsize as usize).max(base_info.as_ref().map_or(0, |t| t.basicsize));

        let dict = vm.new_dict();
        vm.temp_roots.push(Value::Obj(dict));
        let r = fill_type_dict(vm, ctx, spec, dict, module.as_deref(), &short, &name);
        let parts = match r {
            Ok(x) => x,
            Err(e) => {
                vm.temp_roots.pop();
                return Err(e);
            }
        };
        let destroy = parts.destroy.or(base_info.as_ref().and_then(|t| t.destroy));
        let traverse = parts.traverse.or(base_info.as_ref().and_then(|t| t.traverse));
        let call_slot = parts.call_slot.or(base_info.as_ref().and_then(|t| t.call_slot));
        let cls = vm.new_class(&short, bases, dict);
        vm.temp_roots.pop();
        let cls = cls?;
        let base_ok = spec.flags & hilt_abi::tp_flags::BASETYPE != 0;
        let info = Rc::new(TypeInfo { name: name.clone(), basicsize, destroy, traverse, call_slot, class: std::cell::Cell::new(Some(cls)), base_ok });
        if let Obj::Class(c) = vm.heap.get_mut(cls) {
            c.hpy = Some(info);
        }
        // Accessors and slots were made before the class: point them at it.
        let entries = vm.dict_entries(dict);
        for (_, v) in entries {
            let set_owner = |r: ObjRef, vm: &mut Vm| {
                if let Obj::HpyFunc(f) = vm.heap.get_mut(r) {
                    f.set_owner(cls);
                }
            };
            if let Value::Obj(r) = v {
                match vm.heap.get(r) {
                    Obj::HpyFunc(_) => set_owner(r, vm),
                    Obj::Property { fget, fset, .. } => {
                        let (g, s) = (*fget, *fset);
                        for x in [g, s] {
                            if let Value::Obj(x) = x {
                                set_owner(x, vm);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        vm.bump_class_versions();
        Ok(Value::Obj(cls))
    }
}

fn class_ref(vm: &mut Vm, v: Value, name: &str) -> PyResult<ObjRef> {
    match v {
        Value::Obj(r) if matches!(vm.heap.get(r), Obj::Class(_)) => Ok(r),
        _ => {
            let t = vm.type_name(v);
            Err(vm.err("TypeError", &format!("type '{name}': a base must be a type, not '{t}'")))
        }
    }
}

/// Put the spec's methods, members, getsets and slot dunders into `dict`;
/// returns tp_destroy and tp_traverse.
unsafe fn fill_type_dict(vm: &mut Vm, ctx: *mut HPyContext, spec: &HPyType_Spec, dict: ObjRef, module: Option<&str>, short: &str, full: &str) -> PyResult<TypeParts> {
    // SAFETY (whole body): the extension's static defines.
    unsafe {
        if let Some(m) = module {
            let m = vm.new_str(m);
            vm.dict_set_str(dict, "__module__", m)?;
        }
        let doc = match text(spec.doc) {
            Some(d) => vm.new_str(d),
            None => Value::None,
        };
        vm.dict_set_str(dict, "__doc__", doc)?;
        let q = vm.new_str(short);
        vm.dict_set_str(dict, "__qualname__", q)?;
        let defs = defines_of(spec.defines);
        let slots: Vec<HPySlot_Slot> = defs.iter().filter(|d| d.kind == HPyDef_Kind::Slot).map(|d| d.u.slot.slot).collect();
        let (mut destroy, mut traverse, mut call_offset) = (None, None, None);
        for d in defs {
            match d.kind {
                HPyDef_Kind::Meth => {
                    let m = &d.u.meth;
                    let Some(mname) = text(m.name) else { return Err(vm.err("ValueError", "a method of an HPyType_Spec has a NULL name")) };
                    let Some(f) = m.impl_ else { return Err(vm.err("ValueError", &format!("method '{mname}' has a NULL impl"))) };
                    let v = new_func(vm, format!("{short}.{mname}"), &mname, text(m.doc), Kind::Method(m.signature), f as *const c_void, ctx, Value::Undef, None);
                    vm.dict_set_str(dict, &mname, v)?;
                }
                HPyDef_Kind::Member => {
                    let m = &d.u.member;
                    let Some(mname) = text(m.name) else { return Err(vm.err("ValueError", "a member of an HPyType_Spec has a NULL name")) };
                    if mname == "__vectorcalloffset__" {
                        // Where each instance keeps its call function.
                        call_offset = Some(m.offset);
                        continue;
                    }
                    let get = new_func(vm, format!("{short}.{mname}"), &mname, text(m.doc), Kind::MemberGet { offset: m.offset, ty: m.type_ }, std::ptr::null(), ctx, Value::Undef, None);
                    vm.temp_roots.push(get);
                    let readonly = m.readonly != 0 || matches!(m.type_, HPyMember_FieldType::STRING | HPyMember_FieldType::STRING_INPLACE | HPyMember_FieldType::NONE | HPyMember_FieldType::CHAR);
                    let set = if readonly { Value::None } else { new_func(vm, format!("{short}.{mname}"), &mname, None, Kind::MemberSet { offset: m.offset, ty: m.type_ }, std::ptr::null(), ctx, Value::Undef, None) };
                    vm.temp_roots.push(set);
                    let prop = vm.alloc(Obj::Property { fget: get, fset: set, fdel: Value::None });
                    vm.temp_roots.truncate(vm.temp_roots.len() - 2);
                    vm.dict_set_str(dict, &mname, prop)?;
                }
                HPyDef_Kind::GetSet => {
                    let g = &d.u.getset;
                    let Some(gname) = text(g.name) else { return Err(vm.err("ValueError", "a getset of an HPyType_Spec has a NULL name")) };
                    let get = match g.getter_impl {
                        Some(f) => new_func(vm, format!("{short}.{gname}"), &gname, text(g.doc), Kind::GetSetGet { closure: g.closure }, f as *const c_void, ctx, Value::Undef, None),
                        None => Value::None,
                    };
                    vm.temp_roots.push(get);
                    let set = match g.setter_impl {
                        Some(f) => new_func(vm, format!("{short}.{gname}"), &gname, None, Kind::GetSetSet { closure: g.closure }, f as *const c_void, ctx, Value::Undef, None),
                        None => Value::None,
                    };
                    vm.temp_roots.push(set);
                    let prop = vm.alloc(Obj::Property { fget: get, fset: set, fdel: set });
                    vm.temp_roots.truncate(vm.temp_roots.len() - 2);
                    vm.dict_set_str(dict, &gname, prop)?;
                }
                HPyDef_Kind::Slot => {
                    let s = &d.u.slot;
                    if s.slot.name().is_none() {
                        return Err(vm.err("ValueError", &format!(
                            "HPyType_FromSpec: type '{full}' has unknown slot number {}; expected one of HPy 0.9's HPySlot_Slot values",
                            s.slot.0
                        )));
                    }
                    let Some(f) = s.impl_ else {
                        let sn = s.slot.name().unwrap_or("(unknown)");
                        return Err(vm.err("ValueError", &format!("slot HPy_{sn} has a NULL impl")));
                    };
                    match s.slot {
                        HPySlot_Slot::tp_destroy => destroy = Some(std::mem::transmute::<unsafe extern "C" fn() -> *mut c_void, Destroy>(f)),
                        HPySlot_Slot::tp_traverse => traverse = Some(std::mem::transmute::<unsafe extern "C" fn() -> *mut c_void, Traverse>(f)),
                        // CPython-only: finalizers run at CPython's object
                        // deallocation; buffers need memoryview.
                        HPySlot_Slot::tp_finalize | HPySlot_Slot::bf_getbuffer | HPySlot_Slot::bf_releasebuffer => {}
                        HPySlot_Slot::mod_create | HPySlot_Slot::mod_exec => {
                            let sn = s.slot.name().unwrap_or("?");
                            return Err(vm.err("TypeError", &format!("HPyType_FromSpec: type '{full}' defines the module slot {sn}; it belongs in an HPyModuleDef")));
                        }
                        slot => {
                            let dunders = slot_dunders(slot);
                            if dunders.is_empty() {
                                let sn = slot.name().map(str::to_string).unwrap_or_else(|| slot.0.to_string());
                                return Err(vm.err("ValueError", &format!("type '{short}': unknown or unsupported slot {sn}")));
                            }
                            if yields_to(slot).iter().any(|o| slots.contains(o)) {
                                continue;
                            }
                            for (dname, call) in dunders {
                                let v = new_func(vm, format!("{short}.{dname}"), dname, None, Kind::Slot(*call), f as *const c_void, ctx, Value::Undef, None);
                                vm.dict_set_str(dict, dname, v)?;
                            }
                        }
                    }
                }
                k => return Err(vm.err("ValueError", &format!("HPyType_FromSpec: type '{full}' has a definition of unknown kind {}; expected Slot, Meth, Member or GetSet", k.0))),
            }
        }
        let has_call = slots.contains(&HPySlot_Slot::tp_call);
        if call_offset.is_some() && !has_call {
            // Instances are called through the function each one was given.
            let v = new_func(vm, format!("{short}.__call__"), "__call__", None, Kind::Slot(SlotCall::Call), std::ptr::null(), ctx, Value::Undef, None);
            vm.dict_set_str(dict, "__call__", v)?;
        }
        let call_slot = if call_offset.is_some() { Some(call_offset) } else if has_call { Some(None) } else { None };
        Ok(TypeParts { destroy, traverse, call_slot })
    }
}

/// What `fill_type_dict` found besides the dict's entries.
struct TypeParts {
    destroy: Option<Destroy>,
    traverse: Option<Traverse>,
    call_slot: Option<Option<isize>>,
}
