//! Types: `HPyType_FromSpec` over `PyType_FromSpecWithBases`, instance
//! allocation, the C payload of instances (`_HPy_AsStruct_*`), and the
//! deallocator that clears `HPyField`s and runs `tp_destroy`.
//!
//! Instance layout. A pure HPy type (shape Object) puts the extension's
//! struct after the `PyObject` header, at `OBJECT_PAYLOAD`; a legacy type's
//! struct starts with `PyObject_HEAD`, so its payload is the object itself.
//! The fixed-size builtin shapes (Float, Unicode, List, Dict, and Type, whose
//! `__slots__` members CPython puts after the metatype's basicsize) put it
//! after the builtin's own struct (its `tp_basicsize`, rounded up to 16).
//! The var-sized shapes (Long, Tuple) keep their items right after the fixed
//! part, so there the payload follows the items: its offset depends on the
//! instance's item count. (HPy 0.9 puts it over the first items instead.)

use crate::function;
use crate::type_info::{info_of, PayloadPlace, TypeInfo};
use crate::handles::{handle, obj, Ctx};
use crate::raise::raise_owned as raise;
use hilt_abi::*;
use pyo3_ffi as ffi;
use std::ffi::CStr;
use std::os::raw::{c_int, c_uint, c_void};

/// Offset of the extension's struct in an instance of a pure HPy type.
pub const OBJECT_PAYLOAD: usize = {
    let head = std::mem::size_of::<ffi::PyObject>();
    let align = 16;
    head.div_ceil(align) * align
};

/// Room added to the basicsize of a var-sized shape's type, so a payload
/// rounded up to 16 after the items still fits in the allocation.
const ALIGN_SLACK: usize = 15;

/// The builtin type whose struct instances of `shape` extend: null for
/// Object and Legacy, `None` for a shape number HPy does not define.
fn shape_base(shape: HPyType_BuiltinShape) -> Option<*mut ffi::PyTypeObject> {
    use HPyType_BuiltinShape as S;
    Some(match shape {
        S::Object | S::Legacy => std::ptr::null_mut(),
        S::Type => &raw mut ffi::PyType_Type,
        S::Long => &raw mut ffi::PyLong_Type,
        S::Float => &raw mut ffi::PyFloat_Type,
        S::Unicode => &raw mut ffi::PyUnicode_Type,
        S::Tuple => &raw mut ffi::PyTuple_Type,
        S::List => &raw mut ffi::PyList_Type,
        S::Dict => &raw mut ffi::PyDict_Type,
        _ => return None,
    })
}

/// Whether instances of `shape` keep items right after the builtin's fixed
/// part (so the payload must follow them).
fn items_follow_fixed_part(shape: HPyType_BuiltinShape) -> bool {
    matches!(shape, HPyType_BuiltinShape::Long | HPyType_BuiltinShape::Tuple)
}

/// How many items `o`, an instance of a var-sized shape, holds.
///
/// # Safety
/// `o` must be a live int or tuple.
unsafe fn item_count(o: *mut ffi::PyObject, shape: HPyType_BuiltinShape) -> usize {
    // SAFETY: ints and tuples start with a PyVarObject-sized header.
    let word = unsafe { (*(o as *mut ffi::PyVarObject)).ob_size };
    if shape == HPyType_BuiltinShape::Long {
        // 3.12 keeps an int's digit count in the upper bits of `lv_tag`
        // (where `ob_size` was); before, `ob_size` is the signed count.
        if cfg!(Py_3_12) {
            return (word as usize) >> 3;
        }
        return word.unsigned_abs();
    }
    word as usize
}

/// The extension's struct inside `o`.
///
/// # Safety
/// `o` must be a live object and the GIL held.
pub(crate) unsafe fn payload_of(o: *mut ffi::PyObject) -> *mut c_void {
    // SAFETY: the caller guarantees `o` is live.
    unsafe {
        payload_at(o, info_of(ffi::Py_TYPE(o)))
    }
}

/// The payload of `o`, an instance of a type with `info` (or of a type not
/// made by HPyType_FromSpec: then it is laid out like the Object shape).
///
/// # Safety
/// `o` must be a live instance of the type `info` describes.
unsafe fn payload_at(o: *mut ffi::PyObject, info: Option<&TypeInfo>) -> *mut c_void {
    let offset = match info.map(|i| i.payload) {
        None => OBJECT_PAYLOAD,
        Some(PayloadPlace::Fixed(offset)) => offset,
        Some(PayloadPlace::AfterItems { fixed, itemsize, shape }) => {
            // SAFETY: the caller guarantees `o` is a live int or tuple.
            let items = unsafe { item_count(o, shape) };
            (fixed + items * itemsize).next_multiple_of(16)
        }
    };
    o.wrapping_byte_add(offset) as *mut c_void
}

/// Lets CPython's GC see the builtin part of `o` (a tuple's items, a
/// dict's entries) when its type replaced the builtin's `tp_traverse`
/// with an HPy one.
///
/// # Safety
/// The GIL must be held and `o` live.
pub(crate) unsafe fn traverse_builtin_part(o: *mut ffi::PyObject, visit: ffi::visitproc, arg: *mut c_void) -> c_int {
    // SAFETY: the caller guarantees the GIL and a live `o`; a builtin's
    // tp_traverse accepts instances of its subtypes.
    unsafe {
        let builtin = info_of(ffi::Py_TYPE(o)).and_then(|i| shape_base(i.shape)).unwrap_or(std::ptr::null_mut());
        match builtin.as_ref().and_then(|b| b.tp_traverse) {
            Some(traverse) => traverse(o, visit, arg),
            None => 0,
        }
    }
}

unsafe fn spec_name(spec: &HPyType_Spec) -> String {
    if spec.name.is_null() {
        return "<unnamed>".into();
    }
    // SAFETY: a non-null spec name is a NUL-terminated string of the extension.
    unsafe { CStr::from_ptr(spec.name) }.to_string_lossy().into_owned()
}

/// The deallocator of types with `tp_traverse` or `tp_destroy`: drop every
/// HPyField (found through tp_traverse), run tp_destroy, free the memory.
unsafe extern "C" fn hilt_dealloc(o: *mut ffi::PyObject) {
    // SAFETY: CPython calls tp_dealloc with the GIL held on a dead object of
    // a heap type made by HPyType_FromSpec.
    unsafe {
        let tp = ffi::Py_TYPE(o);
        let gc = ffi::PyType_HasFeature(tp, ffi::Py_TPFLAGS_HAVE_GC) != 0;
        if gc {
            ffi::PyObject_GC_UnTrack(o as *mut c_void);
        }
        if let Some(info) = info_of(tp) {
            let payload = payload_of(o);
            if let Some(traverse) = info.traverse {
                unsafe extern "C" fn clear(o: *mut ffi::PyObject, _arg: *mut c_void) -> c_int {
                    // SAFETY: a field's object, owned by the field being cleared.
                    unsafe { ffi::Py_DECREF(o) };
                    0
                }
                unsafe extern "C" fn clear_field(field: *mut HPyField, _arg: *mut c_void) -> c_int {
                    // SAFETY: `field` points into the dying object's payload.
                    unsafe {
                        let o = (*field)._i as *mut ffi::PyObject;
                        (*field)._i = 0;
                        if !o.is_null() {
                            clear(o, std::ptr::null_mut());
                        }
                    }
                    0
                }
                let f: unsafe extern "C" fn(
                    *mut c_void,
                    unsafe extern "C" fn(*mut HPyField, *mut c_void) -> c_int,
                    *mut c_void,
                ) -> c_int = std::mem::transmute(traverse);
                f(payload, clear_field, std::ptr::null_mut());
            }
            if let Some(destroy) = info.destroy {
                destroy(payload);
            }
            // A builtin part (list items, a str's data) is released by the
            // builtin's own deallocator, which ends in tp_free; like every
            // heap type's deallocator we then drop the instance's reference
            // to its type.
            if let Some(builtin_dealloc) = shape_base(info.shape).and_then(|b| b.as_ref()).and_then(|b| b.tp_dealloc) {
                if gc {
                    // The builtin untracks again; keep the GC's bookkeeping
                    // as it expects to find it.
                    ffi::PyObject_GC_Track(o as *mut c_void);
                }
                builtin_dealloc(o);
                ffi::Py_DECREF(tp as *mut ffi::PyObject);
                return;
            }
        }
        let free = (*tp).tp_free.expect("heap types have tp_free");
        free(o as *mut c_void);
        ffi::Py_DECREF(tp as *mut ffi::PyObject);
    }
}

pub unsafe extern "C" fn ctx_Type_FromSpec(
    ctx: Ctx,
    spec: *mut HPyType_Spec,
    params: *mut HPyType_SpecParam,
) -> HPy {
    // SAFETY (whole body): the GIL is held; `spec` and `params` come from
    // the extension (static data) and are valid as the API requires.
    unsafe {
        if spec.is_null() {
            raise(ffi::PyExc_SystemError, "HPyType_FromSpec: spec is NULL".into());
            return HPy::NULL;
        }
        let spec = &*spec;
        let name = spec_name(spec);
        let shape = spec.builtin_shape;
        // The builtin type a shape's instances are laid out like.
        let Some(builtin) = shape_base(shape) else {
            raise(ffi::PyExc_ValueError, format!(
                "HPyType_FromSpec: type '{name}' has builtin shape {}; expected one of HPyType_BuiltinShape's values (-1..7)",
                shape.0
            ));
            return HPy::NULL;
        };
        let var_sized = items_follow_fixed_part(shape);
        let legacy = shape == HPyType_BuiltinShape::Legacy;
        if !spec.legacy_slots.is_null() && !legacy {
            raise(ffi::PyExc_TypeError, format!(
                "HPyType_FromSpec: type '{name}' has legacy_slots but builtin shape Object; legacy slots need HPyType_BuiltinShape_Legacy"
            ));
            return HPy::NULL;
        }
        // `payload` is the offset of the extension's struct (members are
        // relative to it); var-sized shapes have none fixed.
        let (payload, place) = if legacy {
            (0, PayloadPlace::Fixed(0))
        } else if builtin.is_null() {
            (OBJECT_PAYLOAD as isize, PayloadPlace::Fixed(OBJECT_PAYLOAD))
        } else if var_sized {
            let fixed = (*builtin).tp_basicsize as usize;
            (0, PayloadPlace::AfterItems { fixed, itemsize: (*builtin).tp_itemsize as usize, shape })
        } else {
            let offset = ((*builtin).tp_basicsize as usize).next_multiple_of(16);
            (offset as isize, PayloadPlace::Fixed(offset))
        };

        let mut slots: Vec<ffi::PyType_Slot> = Vec::new();
        let mut members: Vec<ffi::PyMemberDef> = Vec::new();
        let mut getsets: Vec<ffi::PyGetSetDef> = Vec::new();
        let mut methods: Vec<HPyMeth> = Vec::new();
        let mut destroy = None;
        let mut traverse: HPyCFunction = None;
        let mut default_call: Option<HPyCallFunction> = None;
        let mut explicit_call_offset: Option<isize> = None;
        // The type's methods and slots call the impls with the context that
        // called us: universal, trace, or debug (then every call goes
        // through trampolines and the debug call boundary).
        let debug = hilt_debug::DebugContext::from_ctx(ctx).is_some();
        let mut thunks = crate::thunk::ThunkWriter::new();
        let mut thunked: Vec<(usize, usize)> = Vec::new(); // (index in slots, thunk offset)

        let mut p = spec.defines;
        while !p.is_null() && !(*p).is_null() {
            let d = &**p;
            match d.kind {
                HPyDef_Kind::Slot => {
                    let s = d.u.slot;
                    match s.slot {
                        HPySlot_Slot::tp_destroy => {
                            destroy = s.impl_.map(|f| std::mem::transmute::<_, unsafe extern "C" fn(*mut c_void)>(f));
                        }
                        HPySlot_Slot::mod_create | HPySlot_Slot::mod_exec => {
                            raise(ffi::PyExc_TypeError, format!(
                                "HPyType_FromSpec: type '{name}' defines the module slot {}; it belongs in an HPyModuleDef",
                                s.slot.name().unwrap_or("?")
                            ));
                            return HPy::NULL;
                        }
                        HPySlot_Slot::tp_call => {
                            // The trampoline of a KEYWORDS impl has the
                            // vectorcall signature: it is the call entry.
                            let entry: cpy_vectorcallfunc = std::mem::transmute(s.cpy_trampoline);
                            let imp: HPyFunc_keywords = std::mem::transmute(s.impl_);
                            default_call = Some(HPyCallFunction { cpy_trampoline: entry, impl_: imp });
                        }
                        slot if slot_signature(slot).is_some() => {
                            if slot == HPySlot_Slot::tp_traverse {
                                traverse = s.impl_;
                            }
                            // HPy's slot numbers are CPython's Py_* slot ids.
                            // The common signatures get a thunk to a direct
                            // entry point; the rest use the header's trampoline.
                            let sig = slot_signature(slot).unwrap();
                            match (crate::thunk::enabled() && !debug, crate::slots::entry_for(sig), s.impl_) {
                                (true, Some(how), Some(imp)) => {
                                    let imp = imp as *const () as usize;
                                    let offset = match how {
                                        crate::slots::SlotEntry::Direct(n) => thunks.push_direct(n, imp, ctx as usize),
                                        crate::slots::SlotEntry::Adapter(regs, entry) => thunks.push(regs, imp, ctx as usize, entry),
                                    };
                                    thunked.push((slots.len(), offset));
                                    slots.push(ffi::PyType_Slot { slot: slot.0, pfunc: std::ptr::null_mut() });
                                }
                                _ => {
                                    let pfunc = s.cpy_trampoline.map(|f| f as *mut c_void).unwrap_or(std::ptr::null_mut());
                                    slots.push(ffi::PyType_Slot { slot: slot.0, pfunc });
                                }
                            }
                        }
                        unknown => {
                            raise(ffi::PyExc_ValueError, format!(
                                "HPyType_FromSpec: type '{name}' has unknown slot number {}; expected one of HPy 0.9's HPySlot_Slot values",
                                unknown.0
                            ));
                            return HPy::NULL;
                        }
                    }
                }
                HPyDef_Kind::Meth => methods.push(d.u.meth),
                HPyDef_Kind::Member => {
                    let m = d.u.member;
                    if var_sized {
                        raise(ffi::PyExc_TypeError, format!(
                            "HPyType_FromSpec: type '{name}' of builtin shape {} has a member; the payload of an int or tuple moves with its item count, so use HPyDef_GET/HPyDef_SET instead",
                            shape.name().unwrap_or("?")
                        ));
                        return HPy::NULL;
                    }
                    if !m.name.is_null() && CStr::from_ptr(m.name).to_bytes() == b"__vectorcalloffset__" {
                        explicit_call_offset = Some(m.offset + payload);
                    }
                    members.push(ffi::PyMemberDef {
                        name: m.name,
                        type_code: m.type_.0,
                        offset: m.offset + payload,
                        flags: if m.readonly != 0 { ffi::Py_READONLY } else { 0 },
                        doc: m.doc,
                    });
                }
                HPyDef_Kind::GetSet => {
                    let g = d.u.getset;
                    getsets.push(ffi::PyGetSetDef {
                        name: g.name,
                        get: std::mem::transmute::<cpy_getter, Option<ffi::getter>>(g.getter_cpy_trampoline),
                        set: std::mem::transmute::<cpy_setter, Option<ffi::setter>>(g.setter_cpy_trampoline),
                        doc: g.doc,
                        closure: g.closure,
                    });
                }
                other => {
                    raise(ffi::PyExc_ValueError, format!(
                        "HPyType_FromSpec: type '{name}' has a definition of unknown kind {}; expected Slot, Meth, Member or GetSet",
                        other.0
                    ));
                    return HPy::NULL;
                }
            }
            p = p.add(1);
        }
        if !thunked.is_empty() {
            let Some(base) = thunks.finish() else {
                ffi::PyErr_NoMemory();
                return HPy::NULL;
            };
            for (index, offset) in thunked {
                slots[index].pfunc = base.add(offset) as *mut c_void;
            }
        }
        if !spec.legacy_slots.is_null() {
            let mut ls = spec.legacy_slots as *mut ffi::PyType_Slot;
            while (*ls).slot != 0 {
                slots.push(*ls);
                ls = ls.add(1);
            }
        }
        let mut flags = spec.flags as c_uint;
        let mut basicsize = if legacy {
            spec.basicsize.max(std::mem::size_of::<ffi::PyObject>() as c_int)
        } else if let PayloadPlace::AfterItems { fixed, .. } = place {
            // The builtin's tp_alloc adds the items' room to this.
            if spec.basicsize > 0 { (fixed + ALIGN_SLACK) as c_int + spec.basicsize } else { 0 }
        } else {
            payload as c_int + spec.basicsize
        };
        let mut call_offset = 0;
        if default_call.is_some() {
            if explicit_call_offset.is_some() {
                raise(ffi::PyExc_TypeError, format!(
                    "HPyType_FromSpec: type '{name}' has both an HPy_tp_call slot and a __vectorcalloffset__ member; use one of them"
                ));
                return HPy::NULL;
            }
            if spec.itemsize > 0 || var_sized {
                raise(ffi::PyExc_TypeError, format!(
                    "HPyType_FromSpec: type '{name}' is var-sized (itemsize {}, builtin shape {}); HPy_tp_call needs a fixed-size type",
                    spec.itemsize,
                    shape.name().unwrap_or("?")
                ));
                return HPy::NULL;
            }
            // Room for the instance's HPyCallFunction after the struct.
            let align = std::mem::align_of::<HPyCallFunction>() as c_int;
            basicsize = (basicsize + align - 1) / align * align;
            call_offset = basicsize as isize;
            basicsize += std::mem::size_of::<HPyCallFunction>() as c_int;
            members.push(ffi::PyMemberDef {
                name: c"__vectorcalloffset__".as_ptr(),
                type_code: ffi::Py_T_PYSSIZET,
                offset: call_offset,
                flags: ffi::Py_READONLY,
                doc: std::ptr::null(),
            });
        } else if let Some(offset) = explicit_call_offset {
            call_offset = offset;
        }
        if call_offset != 0 {
            flags |= ffi::Py_TPFLAGS_HAVE_VECTORCALL as c_uint;
            if !slots.iter().any(|s| s.slot == ffi::Py_tp_call) {
                slots.push(ffi::PyType_Slot { slot: ffi::Py_tp_call, pfunc: ffi::PyVectorcall_Call as *mut c_void });
            }
        }
        if !members.is_empty() {
            members.push(std::mem::zeroed());
            let leaked = Box::leak(members.into_boxed_slice());
            slots.push(ffi::PyType_Slot { slot: ffi::Py_tp_members, pfunc: leaked.as_mut_ptr() as *mut c_void });
        }
        if !getsets.is_empty() {
            getsets.push(std::mem::zeroed());
            let leaked = Box::leak(getsets.into_boxed_slice());
            slots.push(ffi::PyType_Slot { slot: ffi::Py_tp_getset, pfunc: leaked.as_mut_ptr() as *mut c_void });
        }
        if !spec.doc.is_null() {
            slots.push(ffi::PyType_Slot { slot: ffi::Py_tp_doc, pfunc: spec.doc as *mut c_void });
        }
        if (destroy.is_some() || traverse.is_some()) && !legacy {
            slots.push(ffi::PyType_Slot { slot: ffi::Py_tp_dealloc, pfunc: hilt_dealloc as *mut c_void });
        }
        slots.push(ffi::PyType_Slot { slot: 0, pfunc: std::ptr::null_mut() });

        let mut cspec = ffi::PyType_Spec {
            name: spec.name,
            basicsize,
            itemsize: spec.itemsize,
            flags,
            slots: slots.as_mut_ptr(),
        };

        let mut bases: *mut ffi::PyObject = std::ptr::null_mut();
        let mut metaclass: *mut ffi::PyTypeObject = std::ptr::null_mut();
        let mut pp = params;
        while !pp.is_null() && (*pp).kind.0 != 0 {
            match (*pp).kind {
                HPyType_SpecParam_Kind::Base => {
                    bases = ffi::PyTuple_Pack(1, obj((*pp).object));
                }
                HPyType_SpecParam_Kind::BasesTuple => {
                    bases = obj((*pp).object);
                    ffi::Py_INCREF(bases);
                }
                HPyType_SpecParam_Kind::Metaclass => {
                    let m = obj((*pp).object);
                    let problem = if !metaclass.is_null() {
                        Some("a second Metaclass parameter; give at most one".to_string())
                    } else if m.is_null() || ffi::PyType_Check(m) == 0 || ffi::PyType_IsSubtype(m as *mut ffi::PyTypeObject, &raw mut ffi::PyType_Type) == 0 {
                        Some("a Metaclass parameter that is not a subclass of 'type'".to_string())
                    } else if (*(m as *mut ffi::PyTypeObject)).tp_new.map(|f| f as usize) != ffi::PyType_Type.tp_new.map(|f| f as usize) {
                        Some(format!(
                            "metaclass '{}' with its own tp_new; only metaclasses that create types with type's own tp_new are supported",
                            CStr::from_ptr((*(m as *mut ffi::PyTypeObject)).tp_name).to_string_lossy()
                        ))
                    } else {
                        None
                    };
                    if let Some(problem) = problem {
                        ffi::Py_XDECREF(bases);
                        raise(ffi::PyExc_TypeError, format!("HPyType_FromSpec: type '{name}' has {problem}"));
                        return HPy::NULL;
                    }
                    metaclass = m as *mut ffi::PyTypeObject;
                }
                other => {
                    raise(ffi::PyExc_ValueError, format!(
                        "HPyType_FromSpec: type '{name}' has a parameter of unknown kind {}; expected Base, BasesTuple or Metaclass",
                        other.0
                    ));
                    return HPy::NULL;
                }
            }
            pp = pp.add(1);
        }
        if !builtin.is_null() {
            if bases.is_null() {
                bases = ffi::PyTuple_Pack(1, builtin as *mut ffi::PyObject);
            } else {
                let n = ffi::PyTuple_GET_SIZE(bases);
                let ok = (0..n).any(|i| {
                    let b = ffi::PyTuple_GET_ITEM(bases, i);
                    ffi::PyType_Check(b) != 0 && ffi::PyType_IsSubtype(b as *mut ffi::PyTypeObject, builtin) != 0
                });
                if !ok {
                    ffi::Py_DECREF(bases);
                    let bname = CStr::from_ptr((*builtin).tp_name).to_string_lossy().into_owned();
                    raise(ffi::PyExc_TypeError, format!(
                        "HPyType_FromSpec: type '{name}' has builtin shape {} but no base derives from '{bname}'",
                        shape.name().unwrap_or("?")
                    ));
                    return HPy::NULL;
                }
            }
        }
        let tp = crate::metaclass::type_from_spec(metaclass, &mut cspec, bases);
        ffi::Py_XDECREF(bases);
        if tp.is_null() {
            return HPy::NULL;
        }
        if crate::type_info::register(tp as *mut ffi::PyTypeObject, TypeInfo { shape, payload: place, call_offset, default_call, destroy, traverse }).is_err() {
            ffi::Py_DECREF(tp);
            return HPy::NULL;
        }
        if function::add_methods(tp as *mut ffi::PyTypeObject, &methods, ctx).is_err() {
            ffi::Py_DECREF(tp);
            return HPy::NULL;
        }
        handle(tp)
    }
}

pub unsafe extern "C" fn ctx_New(_ctx: Ctx, h_type: HPy, data: *mut *mut c_void) -> HPy {
    // SAFETY: the GIL is held; `h_type` is a type made by HPyType_FromSpec.
    unsafe {
        let tp = obj(h_type) as *mut ffi::PyTypeObject;
        if tp.is_null() || ffi::PyType_Check(tp as *mut ffi::PyObject) == 0 {
            raise(ffi::PyExc_TypeError, "HPy_New: the type argument is not a type".into());
            return HPy::NULL;
        }
        let info = info_of(tp);
        // The common case, kept short: a pure type without a call function.
        if let Some(TypeInfo { call_offset: 0, shape: HPyType_BuiltinShape::Object, .. }) = info {
            let o = ((*tp).tp_alloc.unwrap_or(ffi::PyType_GenericAlloc))(tp, 0);
            if !o.is_null() && !data.is_null() {
                *data = payload_at(o, info);
            }
            return handle(o);
        }
        let o = new_instance(tp, info);
        if !o.is_null() && !data.is_null() {
            *data = payload_at(o, info);
        }
        handle(o)
    }
}

pub unsafe extern "C" fn ctx_Type_GenericNew(
    _ctx: Ctx,
    type_: HPy,
    _args: *const HPy,
    _nargs: HPy_ssize_t,
    _kw: HPy,
) -> HPy {
    // SAFETY: the GIL is held; `type_` is a type object.
    unsafe {
        let tp = obj(type_) as *mut ffi::PyTypeObject;
        handle(new_instance(tp, info_of(tp)))
    }
}

pub unsafe extern "C" fn ctx_AsStruct_Object(_ctx: Ctx, h: HPy) -> *mut c_void {
    // SAFETY: `h` refers to an instance of a pure HPy type (API contract).
    unsafe { (obj(h) as *mut u8).add(OBJECT_PAYLOAD) as *mut c_void }
}

pub unsafe extern "C" fn ctx_AsStruct_Legacy(_ctx: Ctx, h: HPy) -> *mut c_void {
    obj(h) as *mut c_void
}

/// The payload of an instance of a type of a builtin shape.
macro_rules! payload_accessor {
    ($($fn:ident),*) => {$(
        pub unsafe extern "C" fn $fn(_ctx: Ctx, h: HPy) -> *mut c_void {
            // SAFETY: `h` is an instance of a type made by HPyType_FromSpec (API contract).
            unsafe { payload_of(obj(h)) }
        }
    )*};
}

payload_accessor!(
    ctx_AsStruct_Type,
    ctx_AsStruct_Long,
    ctx_AsStruct_Float,
    ctx_AsStruct_Unicode,
    ctx_AsStruct_Tuple,
    ctx_AsStruct_List,
    ctx_AsStruct_Dict
);

pub unsafe extern "C" fn ctx_Type_GetBuiltinShape(_ctx: Ctx, h_type: HPy) -> HPyType_BuiltinShape {
    // SAFETY: the GIL is held; `h_type` is a type object.
    unsafe {
        let tp = obj(h_type);
        if tp.is_null() || ffi::PyType_Check(tp) == 0 {
            raise(ffi::PyExc_TypeError, "_HPyType_GetBuiltinShape: the argument is not a type".into());
            return HPyType_BuiltinShape(HPyType_BuiltinShape::Legacy.0 - 1);
        }
        info_of(tp as *mut ffi::PyTypeObject).map(|i| i.shape).unwrap_or(HPyType_BuiltinShape::Legacy)
    }
}

/// A new, zeroed instance of `tp` (whose type info is `info`), with its
/// type's default call function if it has one. Types of a builtin shape are
/// made by the builtin's own `tp_new` (with no arguments), which sets up its
/// internals (a dict's keys table, say).
unsafe fn new_instance(tp: *mut ffi::PyTypeObject, info: Option<&TypeInfo>) -> *mut ffi::PyObject {
    // SAFETY: the GIL is held; `tp` is a live type; the call-function offset
    // recorded for it lies inside its instances.
    unsafe {
        let builtin = info.and_then(|i| shape_base(i.shape)).unwrap_or(std::ptr::null_mut());
        if builtin == &raw mut ffi::PyType_Type {
            let tname = CStr::from_ptr((*tp).tp_name).to_string_lossy().into_owned();
            raise(ffi::PyExc_TypeError, format!(
                "HPy_New: '{tname}' is a metaclass (builtin shape Type); make its instances by calling it with (name, bases, dict) or with HPyType_FromSpec and an HPyType_SpecParam_Metaclass"
            ));
            return std::ptr::null_mut();
        }
        let o = if builtin.is_null() {
            let alloc = (*tp).tp_alloc.unwrap_or(ffi::PyType_GenericAlloc);
            alloc(tp, 0)
        } else {
            let new = (*builtin).tp_new.expect("builtin types have tp_new");
            let args = ffi::PyTuple_New(0);
            if args.is_null() {
                return std::ptr::null_mut();
            }
            let o = new(tp, args, std::ptr::null_mut());
            ffi::Py_DECREF(args);
            o
        };
        if let Some(&TypeInfo { default_call: Some(call), call_offset, .. }) = info {
            if !o.is_null() && call_offset != 0 {
                *((o as *mut u8).offset(call_offset) as *mut HPyCallFunction) = call;
            }
        }
        o
    }
}

pub unsafe extern "C" fn ctx_SetCallFunction(_ctx: Ctx, h: HPy, func: *mut HPyCallFunction) -> c_int {
    // SAFETY: the GIL is held; `h` is a live object; `func` is the
    // extension's static HPyCallFunction.
    unsafe {
        let o = obj(h);
        if o.is_null() || func.is_null() {
            raise(ffi::PyExc_SystemError, "HPy_SetCallFunction: the object or the call function is NULL".into());
            return -1;
        }
        match info_of(ffi::Py_TYPE(o)) {
            Some(info) if info.call_offset != 0 => {
                *((o as *mut u8).offset(info.call_offset) as *mut HPyCallFunction) = *func;
                0
            }
            _ => {
                let tname = CStr::from_ptr((*ffi::Py_TYPE(o)).tp_name).to_string_lossy().into_owned();
                raise(ffi::PyExc_TypeError, format!(
                    "HPy_SetCallFunction: type '{tname}' has no room for a call function; give it an HPy_tp_call slot or a __vectorcalloffset__ member"
                ));
                -1
            }
        }
    }
}

/// Debug mode's check of an object's HPyFields (see hilt_debug::FieldQuery):
/// a stored-into slot must be visited by the type's tp_traverse, and a
/// loaded value must be held by one of the object's fields. None when all
/// is well, otherwise the problem.
///
/// # Safety
/// The GIL must be held; `object` is a live object.
pub(crate) unsafe fn field_check(object: HPy, query: hilt_debug::FieldQuery) -> Option<String> {
    use hilt_debug::FieldQuery;
    // SAFETY: the GIL is held; traverse functions only read the payload
    // and call the visitor.
    unsafe {
        let o = obj(object);
        let tp = ffi::Py_TYPE(o);
        let name = CStr::from_ptr((*tp).tp_name).to_string_lossy().into_owned();
        let info = info_of(tp);
        let Some(traverse) = info.and_then(|i| i.traverse) else {
            return match query {
                FieldQuery::Slot(_) if info.is_none() => {
                    Some(format!("the target is a '{name}' object, whose type was not made by HPyType_FromSpec"))
                }
                FieldQuery::Slot(_) => Some(format!("type '{name}' has no HPy_tp_traverse")),
                // Nothing to compare with: not reported.
                FieldQuery::Value(_) => None,
            };
        };
        hilt_debug::probe_fields(std::mem::transmute::<_, hilt_debug::TraverseFn>(traverse), payload_of(o), query, &name)
    }
}
