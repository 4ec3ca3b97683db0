//! The one universal context of the CPython backend, built at import time.

use crate::handles::handle;
use hilt_abi::{build_hpy_context, HPyContext, HPyContextConstants};
use pyo3_ffi as ffi;
use std::cell::UnsafeCell;
use std::os::raw::c_char;

struct ContextCell(UnsafeCell<Option<HPyContext>>);
// SAFETY: the context is written once, under the GIL, before any extension
// sees it, and only read afterwards.
unsafe impl Sync for ContextCell {}

static CONTEXT: ContextCell = ContextCell(UnsafeCell::new(None));

const NAME: &[u8] = b"HPy Universal ABI (Hilt, CPython backend)\0";

/// The context, built on first use.
///
/// # Safety
/// The GIL must be held.
pub unsafe fn universal_context() -> *mut HPyContext {
    // SAFETY: only called with the GIL held, so there is no concurrent access.
    let slot = unsafe { &mut *CONTEXT.0.get() };
    if slot.is_none() {
        // SAFETY: the GIL is held, as `constants` requires.
        let consts = unsafe { constants() };
        *slot = Some(build_hpy_context!(
            NAME.as_ptr() as *const c_char,
            std::ptr::null_mut(),
            consts,
            crate::ctx
        ));
    }
    slot.as_mut().unwrap() as *mut HPyContext
}

/// Handles to CPython's singletons, exceptions and builtin types. Context
/// constants are never closed, so each holds a reference for the process.
unsafe fn constants() -> HPyContextConstants {
    // SAFETY (whole body): the GIL is held; these are CPython's static
    // objects, alive for the life of the interpreter.
    unsafe {
        let t = |p: *mut ffi::PyTypeObject| handle(p as *mut ffi::PyObject);
        let e = |p: *mut ffi::PyObject| handle(p);
        let builtins = ffi::PyEval_GetBuiltins();
        ffi::Py_XINCREF(builtins);
        HPyContextConstants {
            h_None: handle(ffi::Py_None()),
            h_True: handle(ffi::Py_True()),
            h_False: handle(ffi::Py_False()),
            h_NotImplemented: handle(ffi::Py_NotImplemented()),
            h_Ellipsis: handle(ffi::Py_Ellipsis()),
            h_BaseException: e(ffi::PyExc_BaseException),
            h_Exception: e(ffi::PyExc_Exception),
            h_StopAsyncIteration: e(ffi::PyExc_StopAsyncIteration),
            h_StopIteration: e(ffi::PyExc_StopIteration),
            h_GeneratorExit: e(ffi::PyExc_GeneratorExit),
            h_ArithmeticError: e(ffi::PyExc_ArithmeticError),
            h_LookupError: e(ffi::PyExc_LookupError),
            h_AssertionError: e(ffi::PyExc_AssertionError),
            h_AttributeError: e(ffi::PyExc_AttributeError),
            h_BufferError: e(ffi::PyExc_BufferError),
            h_EOFError: e(ffi::PyExc_EOFError),
            h_FloatingPointError: e(ffi::PyExc_FloatingPointError),
            h_OSError: e(ffi::PyExc_OSError),
            h_ImportError: e(ffi::PyExc_ImportError),
            h_ModuleNotFoundError: e(ffi::PyExc_ModuleNotFoundError),
            h_IndexError: e(ffi::PyExc_IndexError),
            h_KeyError: e(ffi::PyExc_KeyError),
            h_KeyboardInterrupt: e(ffi::PyExc_KeyboardInterrupt),
            h_MemoryError: e(ffi::PyExc_MemoryError),
            h_NameError: e(ffi::PyExc_NameError),
            h_OverflowError: e(ffi::PyExc_OverflowError),
            h_RuntimeError: e(ffi::PyExc_RuntimeError),
            h_RecursionError: e(ffi::PyExc_RecursionError),
            h_NotImplementedError: e(ffi::PyExc_NotImplementedError),
            h_SyntaxError: e(ffi::PyExc_SyntaxError),
            h_IndentationError: e(ffi::PyExc_IndentationError),
            h_TabError: e(ffi::PyExc_TabError),
            h_ReferenceError: e(ffi::PyExc_ReferenceError),
            h_SystemError: e(ffi::PyExc_SystemError),
            h_SystemExit: e(ffi::PyExc_SystemExit),
            h_TypeError: e(ffi::PyExc_TypeError),
            h_UnboundLocalError: e(ffi::PyExc_UnboundLocalError),
            h_UnicodeError: e(ffi::PyExc_UnicodeError),
            h_UnicodeEncodeError: e(ffi::PyExc_UnicodeEncodeError),
            h_UnicodeDecodeError: e(ffi::PyExc_UnicodeDecodeError),
            h_UnicodeTranslateError: e(ffi::PyExc_UnicodeTranslateError),
            h_ValueError: e(ffi::PyExc_ValueError),
            h_ZeroDivisionError: e(ffi::PyExc_ZeroDivisionError),
            h_BlockingIOError: e(ffi::PyExc_BlockingIOError),
            h_BrokenPipeError: e(ffi::PyExc_BrokenPipeError),
            h_ChildProcessError: e(ffi::PyExc_ChildProcessError),
            h_ConnectionError: e(ffi::PyExc_ConnectionError),
            h_ConnectionAbortedError: e(ffi::PyExc_ConnectionAbortedError),
            h_ConnectionRefusedError: e(ffi::PyExc_ConnectionRefusedError),
            h_ConnectionResetError: e(ffi::PyExc_ConnectionResetError),
            h_FileExistsError: e(ffi::PyExc_FileExistsError),
            h_FileNotFoundError: e(ffi::PyExc_FileNotFoundError),
            h_InterruptedError: e(ffi::PyExc_InterruptedError),
            h_IsADirectoryError: e(ffi::PyExc_IsADirectoryError),
            h_NotADirectoryError: e(ffi::PyExc_NotADirectoryError),
            h_PermissionError: e(ffi::PyExc_PermissionError),
            h_ProcessLookupError: e(ffi::PyExc_ProcessLookupError),
            h_TimeoutError: e(ffi::PyExc_TimeoutError),
            h_Warning: e(ffi::PyExc_Warning),
            h_UserWarning: e(ffi::PyExc_UserWarning),
            h_DeprecationWarning: e(ffi::PyExc_DeprecationWarning),
            h_PendingDeprecationWarning: e(ffi::PyExc_PendingDeprecationWarning),
            h_SyntaxWarning: e(ffi::PyExc_SyntaxWarning),
            h_RuntimeWarning: e(ffi::PyExc_RuntimeWarning),
            h_FutureWarning: e(ffi::PyExc_FutureWarning),
            h_ImportWarning: e(ffi::PyExc_ImportWarning),
            h_UnicodeWarning: e(ffi::PyExc_UnicodeWarning),
            h_BytesWarning: e(ffi::PyExc_BytesWarning),
            h_ResourceWarning: e(ffi::PyExc_ResourceWarning),
            h_BaseObjectType: t(&raw mut ffi::PyBaseObject_Type),
            h_TypeType: t(&raw mut ffi::PyType_Type),
            h_BoolType: t(&raw mut ffi::PyBool_Type),
            h_LongType: t(&raw mut ffi::PyLong_Type),
            h_FloatType: t(&raw mut ffi::PyFloat_Type),
            h_UnicodeType: t(&raw mut ffi::PyUnicode_Type),
            h_TupleType: t(&raw mut ffi::PyTuple_Type),
            h_ListType: t(&raw mut ffi::PyList_Type),
            h_ComplexType: t(&raw mut ffi::PyComplex_Type),
            h_BytesType: t(&raw mut ffi::PyBytes_Type),
            h_MemoryViewType: t(&raw mut ffi::PyMemoryView_Type),
            h_CapsuleType: t(&raw mut ffi::PyCapsule_Type),
            h_SliceType: t(&raw mut ffi::PySlice_Type),
            h_Builtins: handle(builtins),
            h_DictType: t(&raw mut ffi::PyDict_Type),
        }
    }
}
