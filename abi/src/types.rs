//! The `#[repr(C)]` types of the universal ABI (everything but the context).
//!
//! These definitions are the Rust side of the layouts fixed by HPy 0.9.0; the
//! C header `hpy/autogen_abi_types.h` is generated from this file by
//! cbindgen (structs and function-pointer types) and by `hilt-abi-gen`
//! (the enums, from the `VARIANTS` tables below). A layout test checks both
//! sides with a C probe and with bindgen.
//!
//! Enums are `#[repr(transparent)]` wrappers around `c_int` rather than Rust
//! enums: values come from foreign binaries, and an out-of-range Rust enum
//! would be undefined behaviour. Names keep their C spelling on purpose.
#![allow(non_camel_case_types, non_snake_case, non_upper_case_globals)]

use std::os::raw::{c_char, c_int, c_ulong, c_void};

/// Signed size type used throughout the API (`intptr_t`).
pub type HPy_ssize_t = isize;
/// Result type of `HPy_Hash`.
pub type HPy_hash_t = isize;
/// One Unicode code point.
pub type HPy_UCS4 = u32;

/// C's `size_t` (spelled out so the generated C header says `size_t`).
pub type size_t = usize;

/// C's `wchar_t` on this platform (used by `HPyUnicode_FromWideChar`).
#[cfg(windows)]
pub type wchar_t = u16;
/// C's `wchar_t` on this platform (used by `HPyUnicode_FromWideChar`).
#[cfg(not(windows))]
pub type wchar_t = i32;

/// An opaque reference to a Python object, owned by the code holding it.
/// The meaning of `_i` belongs to the runtime; 0 is the null handle.
#[repr(C)]
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub struct HPy {
    pub _i: isize,
}

impl HPy {
    /// The null handle (`HPy_NULL`).
    pub const NULL: HPy = HPy { _i: 0 };

    pub fn is_null(self) -> bool {
        self._i == 0
    }
}

/// A reference stored inside an object's C struct and traced by the GC.
#[repr(C)]
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub struct HPyField {
    pub _i: isize,
}

/// A module-level reference that lives as long as the runtime keeps the module.
#[repr(C)]
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub struct HPyGlobal {
    pub _i: isize,
}

/// A list under construction.
#[repr(C)]
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub struct HPyListBuilder {
    pub _lst: isize,
}

/// A tuple under construction.
#[repr(C)]
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub struct HPyTupleBuilder {
    pub _tup: isize,
}

/// A set of handles closed together.
#[repr(C)]
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub struct HPyTracker {
    pub _i: isize,
}

/// What `HPy_LeavePythonExecution` hands back to `HPy_ReenterPythonExecution`.
#[repr(C)]
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub struct HPyThreadState {
    pub _i: isize,
}

/// CPython's `PyObject`, opaque here: only the hybrid ABI looks inside.
#[repr(C)]
pub struct cpy_PyObject {
    _opaque: [u8; 0],
}

/// CPython's `PyMethodDef`, opaque here (legacy methods of a module).
#[repr(C)]
pub struct cpy_PyMethodDef {
    _opaque: [u8; 0],
}

/// Any context function pointer before it is cast to its real signature.
/// In C this is `void *(*)()`, an unprototyped function type that any
/// implementation can be cast to without a warning.
pub type HPyCFunction = Option<unsafe extern "C" fn() -> *mut c_void>;

/// User destructor of a capsule.
pub type HPyFunc_Capsule_Destructor =
    Option<unsafe extern "C" fn(name: *const c_char, pointer: *mut c_void, context: *mut c_void)>;

/// The implementation of a call function (`HPyFunc_KEYWORDS` shape).
pub type HPyFunc_keywords = Option<
    unsafe extern "C" fn(
        ctx: *mut crate::HPyContext,
        obj: HPy,
        args: *const HPy,
        nargs: size_t,
        kwnames: HPy,
    ) -> HPy,
>;

/// CPython vectorcall-style method (`METH_FASTCALL`), as built by the trampolines.
pub type cpy_PyCFunction = Option<
    unsafe extern "C" fn(*mut cpy_PyObject, *const *mut cpy_PyObject, HPy_ssize_t) -> *mut cpy_PyObject,
>;
/// CPython's `visitproc`.
pub type cpy_visitproc = Option<unsafe extern "C" fn(*mut cpy_PyObject, *mut c_void) -> c_int>;
/// CPython's `getter`.
pub type cpy_getter = Option<unsafe extern "C" fn(*mut cpy_PyObject, *mut c_void) -> *mut cpy_PyObject>;
/// CPython's `setter`.
pub type cpy_setter =
    Option<unsafe extern "C" fn(*mut cpy_PyObject, *mut cpy_PyObject, *mut c_void) -> c_int>;
/// CPython's `PyCapsule_Destructor`.
pub type cpy_PyCapsule_Destructor = Option<unsafe extern "C" fn(*mut cpy_PyObject)>;
/// CPython's `vectorcallfunc`.
pub type cpy_vectorcallfunc = Option<
    unsafe extern "C" fn(
        callable: *mut cpy_PyObject,
        args: *const *mut cpy_PyObject,
        nargsf: size_t,
        kwnames: *mut cpy_PyObject,
    ) -> *mut cpy_PyObject,
>;

/// Declares an ABI enum: a `c_int` newtype, one associated constant per
/// enumerator, and a `VARIANTS` table the generator turns into a C enum
/// whose enumerators are `C_PREFIX` + the variant name.
macro_rules! abi_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident prefix $prefix:literal {
            $( $variant:ident = $value:expr ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[repr(transparent)]
        #[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
        pub struct $name(pub c_int);

        impl $name {
            $( pub const $variant: $name = $name($value); )*
            /// Prefix of the C enumerator names.
            pub const C_PREFIX: &'static str = $prefix;
            /// Every enumerator: (name without prefix, value).
            pub const VARIANTS: &'static [(&'static str, c_int)] = &[$( (stringify!($variant), $value) ),*];

            /// The enumerator's name without prefix, if the value is known.
            pub fn name(self) -> Option<&'static str> {
                Self::VARIANTS.iter().find(|(_, v)| *v == self.0).map(|(n, _)| *n)
            }
        }
    };
}

abi_enum! {
    /// What `HPy_Compile_s` parses.
    pub enum HPy_SourceKind prefix "HPy_SourceKind_" { Expr = 0, File = 1, Single = 2 }
}

abi_enum! {
    /// Which part of a capsule `HPyCapsule_Get`/`Set` reads or writes.
    pub enum _HPyCapsule_key prefix "HPyCapsule_key_" { Pointer = 0, Name = 1, Context = 2, Destructor = 3 }
}

abi_enum! {
    /// Rich comparison operators.
    pub enum HPy_RichCmpOp prefix "HPy_" { LT = 0, LE = 1, EQ = 2, NE = 3, GT = 4, GE = 5 }
}

abi_enum! {
    /// The C shape of a function the runtime calls: decides how arguments
    /// are passed to `impl` and how a trampoline packs them.
    pub enum HPyFunc_Signature prefix "HPyFunc_" {
        VARARGS = 1, KEYWORDS = 2, NOARGS = 3, O = 4,
        DESTROYFUNC = 5, GETBUFFERPROC = 6, RELEASEBUFFERPROC = 7,
        UNARYFUNC = 8, BINARYFUNC = 9, TERNARYFUNC = 10, INQUIRY = 11,
        LENFUNC = 12, SSIZEARGFUNC = 13, SSIZESSIZEARGFUNC = 14,
        SSIZEOBJARGPROC = 15, SSIZESSIZEOBJARGPROC = 16, OBJOBJARGPROC = 17,
        FREEFUNC = 18, GETATTRFUNC = 19, GETATTROFUNC = 20, SETATTRFUNC = 21,
        SETATTROFUNC = 22, REPRFUNC = 23, HASHFUNC = 24, RICHCMPFUNC = 25,
        GETITERFUNC = 26, ITERNEXTFUNC = 27, DESCRGETFUNC = 28, DESCRSETFUNC = 29,
        INITPROC = 30, NEWFUNC = 31, GETTER = 32, SETTER = 33, OBJOBJPROC = 34,
        TRAVERSEPROC = 35, DESTRUCTOR = 36, CAPSULE_DESTRUCTOR = 37,
        VECTORCALLFUNC = 38, MOD_CREATE = 39,
    }
}

abi_enum! {
    /// Slot numbers (CPython's `Py_*` slot numbers where one exists).
    pub enum HPySlot_Slot prefix "HPy_" {
        bf_getbuffer = 1, bf_releasebuffer = 2, mp_ass_subscript = 3, mp_length = 4,
        mp_subscript = 5, nb_absolute = 6, nb_add = 7, nb_and = 8, nb_bool = 9,
        nb_divmod = 10, nb_float = 11, nb_floor_divide = 12, nb_index = 13,
        nb_inplace_add = 14, nb_inplace_and = 15, nb_inplace_floor_divide = 16,
        nb_inplace_lshift = 17, nb_inplace_multiply = 18, nb_inplace_or = 19,
        nb_inplace_power = 20, nb_inplace_remainder = 21, nb_inplace_rshift = 22,
        nb_inplace_subtract = 23, nb_inplace_true_divide = 24, nb_inplace_xor = 25,
        nb_int = 26, nb_invert = 27, nb_lshift = 28, nb_multiply = 29, nb_negative = 30,
        nb_or = 31, nb_positive = 32, nb_power = 33, nb_remainder = 34, nb_rshift = 35,
        nb_subtract = 36, nb_true_divide = 37, nb_xor = 38, sq_ass_item = 39,
        sq_concat = 40, sq_contains = 41, sq_inplace_concat = 42, sq_inplace_repeat = 43,
        sq_item = 44, sq_length = 45, sq_repeat = 46, tp_call = 50, tp_hash = 59,
        tp_init = 60, tp_new = 65, tp_repr = 66, tp_richcompare = 67, tp_str = 70,
        tp_traverse = 71, nb_matrix_multiply = 75, nb_inplace_matrix_multiply = 76,
        tp_finalize = 80, tp_destroy = 1000, mod_create = 2000, mod_exec = 2001,
    }
}

/// The signature of each slot's `impl`, in `HPySlot_Slot::VARIANTS` order.
pub const SLOT_SIGNATURES: &[(HPySlot_Slot, HPyFunc_Signature)] = {
    use HPyFunc_Signature as S;
    use HPySlot_Slot as L;
    &[
        (L::bf_getbuffer, S::GETBUFFERPROC),
        (L::bf_releasebuffer, S::RELEASEBUFFERPROC),
        (L::mp_ass_subscript, S::OBJOBJARGPROC),
        (L::mp_length, S::LENFUNC),
        (L::mp_subscript, S::BINARYFUNC),
        (L::nb_absolute, S::UNARYFUNC),
        (L::nb_add, S::BINARYFUNC),
        (L::nb_and, S::BINARYFUNC),
        (L::nb_bool, S::INQUIRY),
        (L::nb_divmod, S::BINARYFUNC),
        (L::nb_float, S::UNARYFUNC),
        (L::nb_floor_divide, S::BINARYFUNC),
        (L::nb_index, S::UNARYFUNC),
        (L::nb_inplace_add, S::BINARYFUNC),
        (L::nb_inplace_and, S::BINARYFUNC),
        (L::nb_inplace_floor_divide, S::BINARYFUNC),
        (L::nb_inplace_lshift, S::BINARYFUNC),
        (L::nb_inplace_multiply, S::BINARYFUNC),
        (L::nb_inplace_or, S::BINARYFUNC),
        (L::nb_inplace_power, S::TERNARYFUNC),
        (L::nb_inplace_remainder, S::BINARYFUNC),
        (L::nb_inplace_rshift, S::BINARYFUNC),
        (L::nb_inplace_subtract, S::BINARYFUNC),
        (L::nb_inplace_true_divide, S::BINARYFUNC),
        (L::nb_inplace_xor, S::BINARYFUNC),
        (L::nb_int, S::UNARYFUNC),
        (L::nb_invert, S::UNARYFUNC),
        (L::nb_lshift, S::BINARYFUNC),
        (L::nb_multiply, S::BINARYFUNC),
        (L::nb_negative, S::UNARYFUNC),
        (L::nb_or, S::BINARYFUNC),
        (L::nb_positive, S::UNARYFUNC),
        (L::nb_power, S::TERNARYFUNC),
        (L::nb_remainder, S::BINARYFUNC),
        (L::nb_rshift, S::BINARYFUNC),
        (L::nb_subtract, S::BINARYFUNC),
        (L::nb_true_divide, S::BINARYFUNC),
        (L::nb_xor, S::BINARYFUNC),
        (L::sq_ass_item, S::SSIZEOBJARGPROC),
        (L::sq_concat, S::BINARYFUNC),
        (L::sq_contains, S::OBJOBJPROC),
        (L::sq_inplace_concat, S::BINARYFUNC),
        (L::sq_inplace_repeat, S::SSIZEARGFUNC),
        (L::sq_item, S::SSIZEARGFUNC),
        (L::sq_length, S::LENFUNC),
        (L::sq_repeat, S::SSIZEARGFUNC),
        (L::tp_call, S::KEYWORDS),
        (L::tp_hash, S::HASHFUNC),
        (L::tp_init, S::INITPROC),
        (L::tp_new, S::NEWFUNC),
        (L::tp_repr, S::REPRFUNC),
        (L::tp_richcompare, S::RICHCMPFUNC),
        (L::tp_str, S::REPRFUNC),
        (L::tp_traverse, S::TRAVERSEPROC),
        (L::nb_matrix_multiply, S::BINARYFUNC),
        (L::nb_inplace_matrix_multiply, S::BINARYFUNC),
        (L::tp_finalize, S::DESTRUCTOR),
        (L::tp_destroy, S::DESTROYFUNC),
        (L::mod_create, S::MOD_CREATE),
        (L::mod_exec, S::INQUIRY),
    ]
};

/// The signature a slot's `impl` must have, or `None` for an unknown slot.
pub fn slot_signature(slot: HPySlot_Slot) -> Option<HPyFunc_Signature> {
    SLOT_SIGNATURES.iter().find(|(s, _)| *s == slot).map(|(_, sig)| *sig)
}

abi_enum! {
    /// C type of a member (`HPyDef_MEMBER`), CPython's `T_*` numbers.
    pub enum HPyMember_FieldType prefix "HPyMember_" {
        SHORT = 0, INT = 1, LONG = 2, FLOAT = 3, DOUBLE = 4, STRING = 5, OBJECT = 6,
        CHAR = 7, BYTE = 8, UBYTE = 9, USHORT = 10, UINT = 11, ULONG = 12,
        STRING_INPLACE = 13, BOOL = 14, OBJECT_EX = 16, LONGLONG = 17,
        ULONGLONG = 18, HPYSSIZET = 19, NONE = 20,
    }
}

abi_enum! {
    /// Which union member of an `HPyDef` is valid.
    pub enum HPyDef_Kind prefix "HPyDef_Kind_" { Slot = 1, Meth = 2, Member = 3, GetSet = 4 }
}

abi_enum! {
    /// The builtin type an HPy type's instances are laid out like.
    /// `Dict` belongs to ABI minor 1 (with `h_DictType` and `_HPy_AsStruct_Dict`).
    pub enum HPyType_BuiltinShape prefix "HPyType_BuiltinShape_" {
        Legacy = -1, Object = 0, Type = 1, Long = 2, Float = 3, Unicode = 4, Tuple = 5, List = 6,
        Dict = 7,
    }
}

abi_enum! {
    /// Kind of an extra parameter to `HPyType_FromSpec`.
    pub enum HPyType_SpecParam_Kind prefix "HPyType_SpecParam_" { Base = 1, BasesTuple = 2, Metaclass = 3 }
}

/// A slot definition: `impl` has the slot's signature; `cpy_trampoline`
/// adapts it to CPython's calling convention.
#[repr(C)]
#[derive(Copy, Clone, Debug)]
/// cbindgen:field-names=[slot, impl, cpy_trampoline]
pub struct HPySlot {
    pub slot: HPySlot_Slot,
    pub impl_: HPyCFunction,
    pub cpy_trampoline: cpy_PyCFunction,
}

/// A method definition.
/// cbindgen:field-names=[name, impl, cpy_trampoline, signature, doc]
#[repr(C)]
#[derive(Copy, Clone, Debug)]
pub struct HPyMeth {
    pub name: *const c_char,
    pub impl_: HPyCFunction,
    pub cpy_trampoline: cpy_PyCFunction,
    pub signature: HPyFunc_Signature,
    pub doc: *const c_char,
}

/// A data member stored at `offset` in the instance's C struct.
/// cbindgen:field-names=[name, type, offset, readonly, doc]
#[repr(C)]
#[derive(Copy, Clone, Debug)]
pub struct HPyMember {
    pub name: *const c_char,
    pub type_: HPyMember_FieldType,
    pub offset: HPy_ssize_t,
    pub readonly: c_int,
    pub doc: *const c_char,
}

/// A computed attribute.
#[repr(C)]
#[derive(Copy, Clone, Debug)]
pub struct HPyGetSet {
    pub name: *const c_char,
    pub getter_impl: HPyCFunction,
    pub setter_impl: HPyCFunction,
    pub getter_cpy_trampoline: cpy_getter,
    pub setter_cpy_trampoline: cpy_setter,
    pub doc: *const c_char,
    pub closure: *mut c_void,
}

/// The union inside `HPyDef` (anonymous in C).
#[repr(C)]
#[derive(Copy, Clone)]
pub union HPyDef_Union {
    pub slot: HPySlot,
    pub meth: HPyMeth,
    pub member: HPyMember,
    pub getset: HPyGetSet,
}

/// One definition of a module or type: a slot, method, member or getset.
/// (Written by hand in C, in `hpy/hpydef.h`, because its union is anonymous.)
#[repr(C)]
#[derive(Copy, Clone)]
pub struct HPyDef {
    pub kind: HPyDef_Kind,
    pub u: HPyDef_Union,
}

/// A capsule destructor: the user's `impl` and its CPython trampoline.
/// cbindgen:field-names=[cpy_trampoline, impl]
#[repr(C)]
#[derive(Copy, Clone, Debug)]
pub struct HPyCapsule_Destructor {
    pub cpy_trampoline: cpy_PyCapsule_Destructor,
    pub impl_: HPyFunc_Capsule_Destructor,
}

/// A call function installed with `HPy_SetCallFunction` or `HPyDef_CALL_FUNCTION`.
/// cbindgen:field-names=[cpy_trampoline, impl]
#[repr(C)]
#[derive(Copy, Clone, Debug)]
pub struct HPyCallFunction {
    pub cpy_trampoline: cpy_vectorcallfunc,
    pub impl_: HPyFunc_keywords,
}

/// The description of a type given to `HPyType_FromSpec`.
#[repr(C)]
#[derive(Copy, Clone, Debug)]
pub struct HPyType_Spec {
    pub name: *const c_char,
    pub basicsize: c_int,
    pub itemsize: c_int,
    pub flags: c_ulong,
    pub builtin_shape: HPyType_BuiltinShape,
    pub legacy_slots: *mut c_void,
    pub defines: *mut *mut HPyDef,
    pub doc: *const c_char,
}

/// An extra parameter to `HPyType_FromSpec` (a base, bases tuple or metaclass).
#[repr(C)]
#[derive(Copy, Clone, Debug)]
pub struct HPyType_SpecParam {
    pub kind: HPyType_SpecParam_Kind,
    pub object: HPy,
}

/// What `HPyInit_<name>` returns: the description of a module.
#[repr(C)]
#[derive(Copy, Clone, Debug)]
pub struct HPyModuleDef {
    pub doc: *const c_char,
    pub size: HPy_ssize_t,
    pub legacy_methods: *mut cpy_PyMethodDef,
    pub defines: *mut *mut HPyDef,
    pub globals: *mut *mut HPyGlobal,
}

/// The defines of a NULL-terminated `HPyDef*` array (a module's or a type
/// spec's `defines`), for the loaders of both backends.
///
/// # Safety
/// `defs` is null or an extension's NULL-terminated array of static defines.
pub unsafe fn defines_of<'a>(defs: *mut *mut HPyDef) -> Vec<&'a HPyDef> {
    let mut out = Vec::new();
    let mut p = defs;
    // SAFETY: forwarded to the caller.
    unsafe {
        while !p.is_null() && !(*p).is_null() {
            out.push(&**p);
            p = p.add(1);
        }
    }
    out
}

/// A buffer exported through the buffer slots.
#[repr(C)]
#[derive(Copy, Clone, Debug)]
pub struct HPy_buffer {
    pub buf: *mut c_void,
    /// Owned handle to the exporting object.
    pub obj: HPy,
    pub len: HPy_ssize_t,
    pub itemsize: HPy_ssize_t,
    pub readonly: c_int,
    pub ndim: c_int,
    pub format: *mut c_char,
    pub shape: *mut HPy_ssize_t,
    pub strides: *mut HPy_ssize_t,
    pub suboffsets: *mut HPy_ssize_t,
    pub internal: *mut c_void,
}

/// Type flags with the values HPy 0.9.0 (and CPython) give them.
pub mod tp_flags {
    use std::os::raw::c_ulong;
    pub const HEAPTYPE: c_ulong = 1 << 9;
    pub const BASETYPE: c_ulong = 1 << 10;
    pub const HAVE_VECTORCALL: c_ulong = 1 << 11;
    pub const HAVE_GC: c_ulong = 1 << 14;
    pub const HAVE_VERSION_TAG: c_ulong = 1 << 18;
    /// `HPy_TPFLAGS_DEFAULT`.
    pub const DEFAULT: c_ulong = HEAPTYPE | HAVE_VERSION_TAG;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_slot_has_exactly_one_signature() {
        assert_eq!(SLOT_SIGNATURES.len(), HPySlot_Slot::VARIANTS.len());
        for (name, value) in HPySlot_Slot::VARIANTS {
            let sig = slot_signature(HPySlot_Slot(*value));
            assert!(sig.is_some(), "slot {name} has no signature");
        }
        assert_eq!(slot_signature(HPySlot_Slot(9999)), None);
    }

    #[test]
    fn enum_names_resolve() {
        assert_eq!(HPyFunc_Signature::NOARGS.name(), Some("NOARGS"));
        assert_eq!(HPyFunc_Signature(99).name(), None);
        assert_eq!(HPyType_BuiltinShape::Legacy.0, -1);
    }
}
