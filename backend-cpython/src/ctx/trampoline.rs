//! `_HPy_CallRealFunctionFromTrampoline`: the one place where CPython slot
//! calls reach an extension's `impl`. The header's trampolines pack their
//! CPython-side arguments into a `_HPyFunc_args_<SIG>` struct (layouts fixed
//! by HPy 0.9.0, mirrored below) and call here with the signature number;
//! we call `impl` with handles and store the result back in the struct.
//!
//! Because a handle is a `PyObject *`, most cases are a cast. Module-level
//! and type methods never come here: they are called through Hilt's own
//! vectorcall objects (crate::function).

use crate::debug_mode::Boundary;
use crate::handles::{tuple_items, Ctx};
use crate::ctx::types::payload_of;
use hilt_abi::*;
use pyo3_ffi as ffi;
use std::os::raw::{c_char, c_int, c_void};

type Obj = *mut ffi::PyObject;

#[repr(C)]
struct Args1 { a0: Obj, result: Obj }
#[repr(C)]
struct Args2 { a0: Obj, a1: Obj, result: Obj }
#[repr(C)]
struct Args3 { a0: Obj, a1: Obj, a2: Obj, result: Obj }
#[repr(C)]
struct ArgsVarargs { self_: Obj, args: *const Obj, nargs: HPy_ssize_t, result: Obj }
#[repr(C)]
struct ArgsKeywords { self_: Obj, args: *const Obj, nargsf: usize, kwnames: Obj, result: Obj }
#[repr(C)]
struct ArgsInit { self_: Obj, args: Obj, kw: Obj, result: c_int }
#[repr(C)]
struct ArgsNew { self_: Obj, args: Obj, kw: Obj, result: Obj }
#[repr(C)]
struct ArgsInquiry { a0: Obj, result: c_int }
#[repr(C)]
struct ArgsLen { a0: Obj, result: HPy_ssize_t }
#[repr(C)]
struct ArgsSsize { a0: Obj, a1: HPy_ssize_t, result: Obj }
#[repr(C)]
struct ArgsSsizeSsize { a0: Obj, a1: HPy_ssize_t, a2: HPy_ssize_t, result: Obj }
#[repr(C)]
struct ArgsSsizeObj { a0: Obj, a1: HPy_ssize_t, a2: Obj, result: c_int }
#[repr(C)]
struct ArgsSsizeSsizeObj { a0: Obj, a1: HPy_ssize_t, a2: HPy_ssize_t, a3: Obj, result: c_int }
#[repr(C)]
struct ArgsObjObjArg { a0: Obj, a1: Obj, a2: Obj, result: c_int }
#[repr(C)]
struct ArgsFree { a0: *mut c_void }
#[repr(C)]
struct ArgsGetattr { a0: Obj, a1: *mut c_char, result: Obj }
#[repr(C)]
struct ArgsSetattr { a0: Obj, a1: *mut c_char, a2: Obj, result: c_int }
#[repr(C)]
struct ArgsHash { a0: Obj, result: HPy_hash_t }
#[repr(C)]
struct ArgsRichcmp { a0: Obj, a1: Obj, a2: c_int, result: Obj }
#[repr(C)]
struct ArgsGetter { a0: Obj, a1: *mut c_void, result: Obj }
#[repr(C)]
struct ArgsSetter { a0: Obj, a1: Obj, a2: *mut c_void, result: c_int }
#[repr(C)]
struct ArgsObjObj { a0: Obj, a1: Obj, result: c_int }
#[repr(C)]
struct ArgsDestructor { a0: Obj }
#[repr(C)]
struct ArgsGetbuffer { self_: Obj, view: *mut ffi::Py_buffer, flags: c_int, result: c_int }
#[repr(C)]
struct ArgsReleasebuffer { self_: Obj, view: *mut ffi::Py_buffer }
#[repr(C)]
struct ArgsTraverse { self_: Obj, visit: ffi::visitproc, arg: *mut c_void, result: c_int }
#[repr(C)]
struct ArgsModCreate { spec: Obj, result: Obj }

/// What a traverse implementation's visitor needs to reach CPython's.
#[repr(C)]
pub(crate) struct VisitClosure {
    pub visit: ffi::visitproc,
    pub arg: *mut c_void,
}

/// The `HPyFunc_visitproc` handed to `tp_traverse` implementations: an
/// HPyField holds a `PyObject *`, so visiting it is visiting that object.
pub(crate) unsafe extern "C" fn visit_field(field: *mut HPyField, arg: *mut c_void) -> c_int {
    // SAFETY: `arg` is the VisitClosure built by the TRAVERSEPROC case below
    // (or by the deallocator), alive for the traversal; `field` is non-null
    // and points into the object's payload.
    unsafe {
        let closure = &*(arg as *const VisitClosure);
        let o = (*field)._i as Obj;
        if o.is_null() {
            return 0;
        }
        (closure.visit)(o, closure.arg)
    }
}

macro_rules! cast {
    ($f:expr, fn($($t:ty),*) -> $r:ty) => {
        // The header's trampoline passed `func` together with the signature
        // number that says this is its real type (used inside `unsafe`).
        std::mem::transmute::<unsafe extern "C" fn() -> *mut c_void, unsafe extern "C" fn($($t),*) -> $r>($f)
    };
}

/// Copy an `HPy_buffer` filled by an extension into CPython's `Py_buffer`
/// (the exporter handle moves into `view.obj`).
unsafe fn buffer_to_cpython(b: &Boundary, src: &HPy_buffer, view: *mut ffi::Py_buffer) {
    // SAFETY: `view` is the Py_buffer CPython passed to bf_getbuffer.
    unsafe {
        (*view).buf = src.buf;
        (*view).obj = b.o(src.obj);
        (*view).len = src.len;
        (*view).itemsize = src.itemsize;
        (*view).readonly = src.readonly;
        (*view).ndim = src.ndim;
        (*view).format = src.format;
        (*view).shape = src.shape;
        (*view).strides = src.strides;
        (*view).suboffsets = src.suboffsets;
        (*view).internal = src.internal;
    }
}

/// The `HPy_buffer` view of a CPython buffer, for bf_releasebuffer.
unsafe fn buffer_from_cpython(b: &Boundary, view: *mut ffi::Py_buffer) -> HPy_buffer {
    // SAFETY: `view` is the Py_buffer CPython passed to bf_releasebuffer.
    unsafe {
        HPy_buffer {
            buf: (*view).buf,
            obj: b.h((*view).obj),
            len: (*view).len,
            itemsize: (*view).itemsize,
            readonly: (*view).readonly,
            ndim: (*view).ndim,
            format: (*view).format,
            shape: (*view).shape,
            strides: (*view).strides,
            suboffsets: (*view).suboffsets,
            internal: (*view).internal,
        }
    }
}

pub unsafe extern "C" fn ctx_CallRealFunctionFromTrampoline(
    ctx: Ctx,
    sig: HPyFunc_Signature,
    func: HPyCFunction,
    args: *mut c_void,
) {
    let Some(f) = func else {
        // SAFETY: the GIL is held in every trampoline.
        unsafe { ffi::PyErr_SetString(ffi::PyExc_SystemError, c"HPy trampoline called with a NULL impl".as_ptr()) };
        return;
    };
    type S = HPyFunc_Signature;
    type H = HPy;
    // SAFETY: the GIL is held in every trampoline; `ctx` is the context the
    // extension's trampolines were given (universal or debug).
    // Traverse and capsule destructors get no context: they are no call.
    let b = if matches!(sig, S::TRAVERSEPROC | S::CAPSULE_DESTRUCTOR) {
        // SAFETY: as below; nothing is checked for these.
        unsafe { Boundary::enter_if::<false>(ctx, "") }
    } else {
        // SAFETY: as above.
        unsafe { Boundary::enter(ctx, sig.name().unwrap_or("a slot")) }
    };
    // SAFETY (whole match): the trampoline passed `args` pointing to the
    // `_HPyFunc_args_<sig>` struct of this very signature, on its stack.
    unsafe {
        match sig {
            S::NOARGS | S::UNARYFUNC | S::REPRFUNC | S::GETITERFUNC | S::ITERNEXTFUNC => {
                let a = &mut *(args as *mut Args1);
                let f = cast!(f, fn(Ctx, H) -> H);
                a.result = b.o(f(b.ctx, b.h(a.a0)));
            }
            S::O | S::BINARYFUNC | S::GETATTROFUNC => {
                let a = &mut *(args as *mut Args2);
                let f = cast!(f, fn(Ctx, H, H) -> H);
                a.result = b.o(f(b.ctx, b.h(a.a0), b.h(a.a1)));
            }
            S::TERNARYFUNC | S::DESCRGETFUNC => {
                let a = &mut *(args as *mut Args3);
                let f = cast!(f, fn(Ctx, H, H, H) -> H);
                let none = ffi::Py_None();
                let pick = |o: Obj| if o.is_null() { none } else { o };
                a.result = b.o(f(b.ctx, b.h(a.a0), b.h(pick(a.a1)), b.h(pick(a.a2))));
            }
            S::VARARGS => {
                let a = &mut *(args as *mut ArgsVarargs);
                let f = cast!(f, fn(Ctx, H, *const H, usize) -> H);
                let mut keep = Vec::new();
                let argv = b.array(a.args, a.nargs as usize, &mut keep);
                a.result = b.o(f(b.ctx, b.h(a.self_), argv, a.nargs as usize));
            }
            S::KEYWORDS => {
                let a = &mut *(args as *mut ArgsKeywords);
                let f = cast!(f, fn(Ctx, H, *const H, usize, H) -> H);
                let nargs = ffi::PyVectorcall_NARGS(a.nargsf) as usize;
                // Keyword values follow the positional arguments.
                let nkw = if a.kwnames.is_null() { 0 } else { ffi::PyTuple_GET_SIZE(a.kwnames) as usize };
                let mut keep = Vec::new();
                let argv = b.array(a.args, nargs + nkw, &mut keep);
                a.result = b.o(f(b.ctx, b.h(a.self_), argv, nargs, b.h(a.kwnames)));
            }
            S::INITPROC => {
                let a = &mut *(args as *mut ArgsInit);
                let f = cast!(f, fn(Ctx, H, *const H, HPy_ssize_t, H) -> c_int);
                let (items, n) = tuple_items(a.args);
                let mut keep = Vec::new();
                let items = b.array(items as *const Obj, n as usize, &mut keep);
                a.result = f(b.ctx, b.h(a.self_), items, n, b.h(a.kw));
            }
            S::NEWFUNC => {
                let a = &mut *(args as *mut ArgsNew);
                let f = cast!(f, fn(Ctx, H, *const H, HPy_ssize_t, H) -> H);
                let (items, n) = tuple_items(a.args);
                let mut keep = Vec::new();
                let items = b.array(items as *const Obj, n as usize, &mut keep);
                a.result = b.o(f(b.ctx, b.h(a.self_), items, n, b.h(a.kw)));
            }
            S::INQUIRY => {
                let a = &mut *(args as *mut ArgsInquiry);
                let f = cast!(f, fn(Ctx, H) -> c_int);
                a.result = f(b.ctx, b.h(a.a0));
            }
            S::LENFUNC => {
                let a = &mut *(args as *mut ArgsLen);
                let f = cast!(f, fn(Ctx, H) -> HPy_ssize_t);
                a.result = f(b.ctx, b.h(a.a0));
            }
            S::SSIZEARGFUNC => {
                let a = &mut *(args as *mut ArgsSsize);
                let f = cast!(f, fn(Ctx, H, HPy_ssize_t) -> H);
                a.result = b.o(f(b.ctx, b.h(a.a0), a.a1));
            }
            S::SSIZESSIZEARGFUNC => {
                let a = &mut *(args as *mut ArgsSsizeSsize);
                let f = cast!(f, fn(Ctx, H, HPy_ssize_t, HPy_ssize_t) -> H);
                a.result = b.o(f(b.ctx, b.h(a.a0), a.a1, a.a2));
            }
            S::SSIZEOBJARGPROC => {
                let a = &mut *(args as *mut ArgsSsizeObj);
                let f = cast!(f, fn(Ctx, H, HPy_ssize_t, H) -> c_int);
                a.result = f(b.ctx, b.h(a.a0), a.a1, b.h(a.a2));
            }
            S::SSIZESSIZEOBJARGPROC => {
                let a = &mut *(args as *mut ArgsSsizeSsizeObj);
                let f = cast!(f, fn(Ctx, H, HPy_ssize_t, HPy_ssize_t, H) -> c_int);
                a.result = f(b.ctx, b.h(a.a0), a.a1, a.a2, b.h(a.a3));
            }
            S::OBJOBJARGPROC | S::SETATTROFUNC | S::DESCRSETFUNC => {
                let a = &mut *(args as *mut ArgsObjObjArg);
                let f = cast!(f, fn(Ctx, H, H, H) -> c_int);
                a.result = f(b.ctx, b.h(a.a0), b.h(a.a1), b.h(a.a2));
            }
            S::FREEFUNC => {
                let a = &mut *(args as *mut ArgsFree);
                let f = cast!(f, fn(Ctx, *mut c_void) -> ());
                f(b.ctx, a.a0);
            }
            S::GETATTRFUNC => {
                let a = &mut *(args as *mut ArgsGetattr);
                let f = cast!(f, fn(Ctx, H, *mut c_char) -> H);
                a.result = b.o(f(b.ctx, b.h(a.a0), a.a1));
            }
            S::SETATTRFUNC => {
                let a = &mut *(args as *mut ArgsSetattr);
                let f = cast!(f, fn(Ctx, H, *mut c_char, H) -> c_int);
                a.result = f(b.ctx, b.h(a.a0), a.a1, b.h(a.a2));
            }
            S::HASHFUNC => {
                let a = &mut *(args as *mut ArgsHash);
                let f = cast!(f, fn(Ctx, H) -> HPy_hash_t);
                a.result = f(b.ctx, b.h(a.a0));
            }
            S::RICHCMPFUNC => {
                let a = &mut *(args as *mut ArgsRichcmp);
                let f = cast!(f, fn(Ctx, H, H, c_int) -> H);
                a.result = b.o(f(b.ctx, b.h(a.a0), b.h(a.a1), a.a2));
            }
            S::GETTER => {
                let a = &mut *(args as *mut ArgsGetter);
                let f = cast!(f, fn(Ctx, H, *mut c_void) -> H);
                a.result = b.o(f(b.ctx, b.h(a.a0), a.a1));
            }
            S::SETTER => {
                let a = &mut *(args as *mut ArgsSetter);
                let f = cast!(f, fn(Ctx, H, H, *mut c_void) -> c_int);
                a.result = f(b.ctx, b.h(a.a0), b.h(a.a1), a.a2);
            }
            S::OBJOBJPROC => {
                let a = &mut *(args as *mut ArgsObjObj);
                let f = cast!(f, fn(Ctx, H, H) -> c_int);
                a.result = f(b.ctx, b.h(a.a0), b.h(a.a1));
            }
            S::DESTRUCTOR => {
                let a = &mut *(args as *mut ArgsDestructor);
                let f = cast!(f, fn(Ctx, H) -> ());
                f(b.ctx, b.h(a.a0));
            }
            S::GETBUFFERPROC => {
                let a = &mut *(args as *mut ArgsGetbuffer);
                let f = cast!(f, fn(Ctx, H, *mut HPy_buffer, c_int) -> c_int);
                let mut buf: HPy_buffer = std::mem::zeroed();
                a.result = f(b.ctx, b.h(a.self_), &mut buf, a.flags);
                if a.result == 0 {
                    buffer_to_cpython(&b, &buf, a.view);
                }
            }
            S::RELEASEBUFFERPROC => {
                let a = &mut *(args as *mut ArgsReleasebuffer);
                let f = cast!(f, fn(Ctx, H, *mut HPy_buffer) -> ());
                let mut buf = buffer_from_cpython(&b, a.view);
                f(b.ctx, b.h(a.self_), &mut buf);
            }
            S::TRAVERSEPROC => {
                let a = &mut *(args as *mut ArgsTraverse);
                let f = cast!(f, fn(*mut c_void, unsafe extern "C" fn(*mut HPyField, *mut c_void) -> c_int, *mut c_void) -> c_int);
                let mut closure = VisitClosure { visit: a.visit, arg: a.arg };
                a.result = crate::ctx::types::traverse_builtin_part(a.self_, a.visit, a.arg);
                if a.result == 0 {
                    a.result = f(payload_of(a.self_), visit_field, &mut closure as *mut VisitClosure as *mut c_void);
                }
            }
            S::MOD_CREATE => {
                let a = &mut *(args as *mut ArgsModCreate);
                let f = cast!(f, fn(Ctx, H) -> H);
                a.result = b.o(f(b.ctx, b.h(a.spec)));
            }
            S::CAPSULE_DESTRUCTOR => {
                // The argument block is the capsule itself.
                let capsule = args as Obj;
                let f = cast!(f, fn(*const c_char, *mut c_void, *mut c_void) -> ());
                let name = ffi::PyCapsule_GetName(capsule);
                let pointer = ffi::PyCapsule_GetPointer(capsule, name);
                let context = ffi::PyCapsule_GetContext(capsule);
                f(name, pointer, context);
            }
            other => {
                let msg = format!("HPy trampoline called with unknown signature {}\0", other.0);
                ffi::PyErr_SetString(ffi::PyExc_SystemError, msg.as_ptr() as *const c_char);
            }
        }
    }
    b.finish();
}
