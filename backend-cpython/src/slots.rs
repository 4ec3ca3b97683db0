//! How type slots reach the extension's `impl` through thunks
//! (crate::thunk), instead of the header's trampoline and the
//! `_HPy_CallRealFunctionFromTrampoline` switch: most signatures jump
//! straight to the impl; a few need the adapters below. The rest keep the
//! trampolines.

use crate::handles::{handle, obj, tuple_items};
use crate::thunk::FreeRegisters;
use hilt_abi::*;
use pyo3_ffi as ffi;
use std::os::raw::{c_int, c_void};

type Obj = *mut ffi::PyObject;
type Ctx = *mut HPyContext;
type Imp = *const c_void;

macro_rules! entry {
    ($name:ident ( $($a:ident : $t:ty),* ) -> $ret:ty, $imp:ident, $ctx:ident, $body:expr) => {
        unsafe extern "C" fn $name($($a: $t,)* $imp: Imp, $ctx: Ctx) -> $ret {
            // SAFETY: the thunk of a slot with this signature supplies its
            // impl and the context; CPython supplies the other arguments.
            unsafe { $body }
        }
    };
}

type F3 = unsafe extern "C" fn(Ctx, HPy, HPy, HPy) -> HPy;

entry!(ternary(a: Obj, b: Obj, c: Obj) -> Obj, imp, ctx, {
    let none = ffi::Py_None();
    let c = if c.is_null() { none } else { c };
    obj(std::mem::transmute::<Imp, F3>(imp)(ctx, handle(a), handle(b), handle(c)))
});
entry!(newfunc(cls: Obj, args: Obj, kw: Obj) -> Obj, imp, ctx, {
    let (items, n) = tuple_items(args);
    obj(std::mem::transmute::<Imp, unsafe extern "C" fn(Ctx, HPy, *const HPy, HPy_ssize_t, HPy) -> HPy>(imp)(
        ctx, handle(cls), items, n, handle(kw)))
});
entry!(initproc(a: Obj, args: Obj, kw: Obj) -> c_int, imp, ctx, {
    let (items, n) = tuple_items(args);
    std::mem::transmute::<Imp, unsafe extern "C" fn(Ctx, HPy, *const HPy, HPy_ssize_t, HPy) -> c_int>(imp)(
        ctx, handle(a), items, n, handle(kw))
});

/// How a slot signature is reached from a thunk.
pub enum SlotEntry {
    /// The impl takes the context then exactly CPython's `n` arguments and
    /// returns what CPython expects: the thunk jumps straight to it.
    Direct(usize),
    /// An entry point above adapts the arguments (registers, entry address).
    Adapter(FreeRegisters, usize),
}

/// How to reach a slot of signature `sig`; `None` means "use the header's
/// trampoline".
pub fn entry_for(sig: HPyFunc_Signature) -> Option<SlotEntry> {
    use FreeRegisters::*;
    use HPyFunc_Signature as S;
    use SlotEntry::*;
    let f = |p: *const ()| p as usize;
    Some(match sig {
        S::UNARYFUNC | S::REPRFUNC | S::GETITERFUNC | S::ITERNEXTFUNC | S::INQUIRY | S::LENFUNC | S::HASHFUNC => Direct(1),
        S::BINARYFUNC | S::GETATTROFUNC | S::SSIZEARGFUNC | S::OBJOBJPROC => Direct(2),
        S::SSIZESSIZEARGFUNC | S::SSIZEOBJARGPROC | S::OBJOBJARGPROC | S::SETATTROFUNC | S::RICHCMPFUNC => Direct(3),
        // nb_power may receive NULL for its third argument: substitute None.
        S::TERNARYFUNC => Adapter(AfterThree, f(ternary as *const ())),
        // tp_new/tp_init receive a tuple and a dict: pass the tuple's items.
        S::NEWFUNC => Adapter(AfterThree, f(newfunc as *const ())),
        S::INITPROC => Adapter(AfterThree, f(initproc as *const ())),
        _ => return None,
    })
}
