//! Direct entry points for type slots, reached through thunks
//! (crate::thunk) that supply the `impl` and the context. They replace the
//! header's trampoline + `_HPy_CallRealFunctionFromTrampoline` switch for the
//! common slot signatures; the rest keep using the trampolines.

use crate::handles::{handle, obj};
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

type F1 = unsafe extern "C" fn(Ctx, HPy) -> HPy;
type F2 = unsafe extern "C" fn(Ctx, HPy, HPy) -> HPy;
type F3 = unsafe extern "C" fn(Ctx, HPy, HPy, HPy) -> HPy;

entry!(unary(a: Obj) -> Obj, imp, ctx, obj(std::mem::transmute::<Imp, F1>(imp)(ctx, handle(a))));
entry!(binary(a: Obj, b: Obj) -> Obj, imp, ctx, obj(std::mem::transmute::<Imp, F2>(imp)(ctx, handle(a), handle(b))));
entry!(ternary(a: Obj, b: Obj, c: Obj) -> Obj, imp, ctx, {
    let none = ffi::Py_None();
    let c = if c.is_null() { none } else { c };
    obj(std::mem::transmute::<Imp, F3>(imp)(ctx, handle(a), handle(b), handle(c)))
});
entry!(inquiry(a: Obj) -> c_int, imp, ctx,
    std::mem::transmute::<Imp, unsafe extern "C" fn(Ctx, HPy) -> c_int>(imp)(ctx, handle(a)));
entry!(lenfunc(a: Obj) -> ffi::Py_ssize_t, imp, ctx,
    std::mem::transmute::<Imp, unsafe extern "C" fn(Ctx, HPy) -> HPy_ssize_t>(imp)(ctx, handle(a)));
entry!(hashfunc(a: Obj) -> ffi::Py_hash_t, imp, ctx,
    std::mem::transmute::<Imp, unsafe extern "C" fn(Ctx, HPy) -> HPy_hash_t>(imp)(ctx, handle(a)));
entry!(ssizearg(a: Obj, i: ffi::Py_ssize_t) -> Obj, imp, ctx,
    obj(std::mem::transmute::<Imp, unsafe extern "C" fn(Ctx, HPy, HPy_ssize_t) -> HPy>(imp)(ctx, handle(a), i)));
entry!(ssizeobjarg(a: Obj, i: ffi::Py_ssize_t, v: Obj) -> c_int, imp, ctx,
    std::mem::transmute::<Imp, unsafe extern "C" fn(Ctx, HPy, HPy_ssize_t, HPy) -> c_int>(imp)(ctx, handle(a), i, handle(v)));
entry!(objobjarg(a: Obj, b: Obj, c: Obj) -> c_int, imp, ctx,
    std::mem::transmute::<Imp, unsafe extern "C" fn(Ctx, HPy, HPy, HPy) -> c_int>(imp)(ctx, handle(a), handle(b), handle(c)));
entry!(objobj(a: Obj, b: Obj) -> c_int, imp, ctx,
    std::mem::transmute::<Imp, unsafe extern "C" fn(Ctx, HPy, HPy) -> c_int>(imp)(ctx, handle(a), handle(b)));
entry!(richcmp(a: Obj, b: Obj, op: c_int) -> Obj, imp, ctx,
    obj(std::mem::transmute::<Imp, unsafe extern "C" fn(Ctx, HPy, HPy, c_int) -> HPy>(imp)(ctx, handle(a), handle(b), op)));
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

/// Items of a tuple (or none for NULL) as a borrowed handle array.
unsafe fn tuple_items(t: Obj) -> (*const HPy, HPy_ssize_t) {
    if t.is_null() {
        return (std::ptr::null(), 0);
    }
    // SAFETY: CPython passes a real tuple to tp_new/tp_init; its items are
    // contiguous and a handle has a PyObject*'s layout.
    unsafe { ((*(t as *mut ffi::PyTupleObject)).ob_item.as_ptr() as *const HPy, ffi::PyTuple_GET_SIZE(t)) }
}

/// The direct entry point of a slot signature, with where its thunk puts
/// the impl and the context; `None` means "use the header's trampoline".
pub fn entry_for(sig: HPyFunc_Signature) -> Option<(FreeRegisters, usize)> {
    use FreeRegisters::*;
    use HPyFunc_Signature as S;
    let f = |p: *const ()| p as usize;
    Some(match sig {
        S::UNARYFUNC | S::REPRFUNC | S::GETITERFUNC | S::ITERNEXTFUNC => (AfterOne, f(unary as *const ())),
        S::INQUIRY => (AfterOne, f(inquiry as *const ())),
        S::LENFUNC => (AfterOne, f(lenfunc as *const ())),
        S::HASHFUNC => (AfterOne, f(hashfunc as *const ())),
        S::BINARYFUNC | S::GETATTROFUNC => (AfterTwo, f(binary as *const ())),
        S::SSIZEARGFUNC => (AfterTwo, f(ssizearg as *const ())),
        S::OBJOBJPROC => (AfterTwo, f(objobj as *const ())),
        S::TERNARYFUNC => (AfterThree, f(ternary as *const ())),
        S::SSIZEOBJARGPROC => (AfterThree, f(ssizeobjarg as *const ())),
        S::OBJOBJARGPROC | S::SETATTROFUNC => (AfterThree, f(objobjarg as *const ())),
        S::RICHCMPFUNC => (AfterThree, f(richcmp as *const ())),
        S::NEWFUNC => (AfterThree, f(newfunc as *const ())),
        S::INITPROC => (AfterThree, f(initproc as *const ())),
        _ => return None,
    })
}
