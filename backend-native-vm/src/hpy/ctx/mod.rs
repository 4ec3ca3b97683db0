//! The context functions of the Hilt VM, one module per API area.
//! `build_hpy_context!` (generated from the API table) takes every function
//! from this module by its member name, so a missing one is a compile error.
#![allow(non_snake_case)]

mod containers;
mod errors;
mod numbers;
mod objects;
mod runtime;
mod text;

pub use containers::*;
pub use errors::*;
pub use numbers::*;
pub use objects::*;
pub use runtime::*;
pub use text::*;

use hilt_abi::HPyContextConstants;

use crate::interp::Vm;
use crate::object::{TypeKind, Value};

/// Define a context function: `body` runs on the VM behind `ctx` (see
/// [`super::with_vm`]); an `Err` becomes the pending exception and the
/// function's failure value.
macro_rules! ctx_fn {
    ($(#[$m:meta])* $name:ident ( $($a:ident : $t:ty),* ) -> $r:ty, $api:literal, |$vm:ident| $body:expr) => {
        $(#[$m])*
        pub unsafe extern "C" fn $name(ctx: *mut hilt_abi::HPyContext, $($a: $t),*) -> $r {
            // SAFETY: the extension calls with the context it was given,
            // while the VM runs its code; pointer arguments are the
            // extension's, as the API documents them.
            #[allow(unused_unsafe)]
            unsafe { $crate::hpy::with_vm(ctx, $api, |$vm: &mut Vm| $body) }
        }
    };
}
pub(crate) use ctx_fn;

/// A builtin class by name; classes the VM has no other use for (complex,
/// memoryview, PyCapsule) are made here, as types that cannot be
/// instantiated from Python.
pub(super) fn ty(vm: &mut Vm, name: &'static str) -> Value {
    if !vm.types.map.contains_key(name) {
        let object = vm.types.object;
        vm.make_type(name, object, TypeKind::Builtin);
    }
    Value::Obj(vm.ty(name))
}

/// The context's constants, opened as the first handles of the table (in
/// the API table's order).
pub fn constants(vm: &mut Vm) -> HPyContextConstants {
    let values = [
        Value::None,
        Value::Bool(true),
        Value::Bool(false),
        Value::NotImplemented,
        Value::Ellipsis,
        ty(vm, "BaseException"),
        ty(vm, "Exception"),
        ty(vm, "StopAsyncIteration"),
        ty(vm, "StopIteration"),
        ty(vm, "GeneratorExit"),
        ty(vm, "ArithmeticError"),
        ty(vm, "LookupError"),
        ty(vm, "AssertionError"),
        ty(vm, "AttributeError"),
        ty(vm, "BufferError"),
        ty(vm, "EOFError"),
        ty(vm, "FloatingPointError"),
        ty(vm, "OSError"),
        ty(vm, "ImportError"),
        ty(vm, "ModuleNotFoundError"),
        ty(vm, "IndexError"),
        ty(vm, "KeyError"),
        ty(vm, "KeyboardInterrupt"),
        ty(vm, "MemoryError"),
        ty(vm, "NameError"),
        ty(vm, "OverflowError"),
        ty(vm, "RuntimeError"),
        ty(vm, "RecursionError"),
        ty(vm, "NotImplementedError"),
        ty(vm, "SyntaxError"),
        ty(vm, "IndentationError"),
        ty(vm, "TabError"),
        ty(vm, "ReferenceError"),
        ty(vm, "SystemError"),
        ty(vm, "SystemExit"),
        ty(vm, "TypeError"),
        ty(vm, "UnboundLocalError"),
        ty(vm, "UnicodeError"),
        ty(vm, "UnicodeEncodeError"),
        ty(vm, "UnicodeDecodeError"),
        ty(vm, "UnicodeTranslateError"),
        ty(vm, "ValueError"),
        ty(vm, "ZeroDivisionError"),
        ty(vm, "BlockingIOError"),
        ty(vm, "BrokenPipeError"),
        ty(vm, "ChildProcessError"),
        ty(vm, "ConnectionError"),
        ty(vm, "ConnectionAbortedError"),
        ty(vm, "ConnectionRefusedError"),
        ty(vm, "ConnectionResetError"),
        ty(vm, "FileExistsError"),
        ty(vm, "FileNotFoundError"),
        ty(vm, "InterruptedError"),
        ty(vm, "IsADirectoryError"),
        ty(vm, "NotADirectoryError"),
        ty(vm, "PermissionError"),
        ty(vm, "ProcessLookupError"),
        ty(vm, "TimeoutError"),
        ty(vm, "Warning"),
        ty(vm, "UserWarning"),
        ty(vm, "DeprecationWarning"),
        ty(vm, "PendingDeprecationWarning"),
        ty(vm, "SyntaxWarning"),
        ty(vm, "RuntimeWarning"),
        ty(vm, "FutureWarning"),
        ty(vm, "ImportWarning"),
        ty(vm, "UnicodeWarning"),
        ty(vm, "BytesWarning"),
        ty(vm, "ResourceWarning"),
        ty(vm, "object"),
        ty(vm, "type"),
        ty(vm, "bool"),
        ty(vm, "int"),
        ty(vm, "float"),
        ty(vm, "str"),
        ty(vm, "tuple"),
        ty(vm, "list"),
        ty(vm, "complex"),
        ty(vm, "bytes"),
        ty(vm, "memoryview"),
        ty(vm, "PyCapsule"),
        ty(vm, "slice"),
        Value::Obj(vm.builtins),
        ty(vm, "dict"),
    ];
    let h = vm.hpy.handles.open_constants(&values);
    HPyContextConstants {
        h_None: h[0],
        h_True: h[1],
        h_False: h[2],
        h_NotImplemented: h[3],
        h_Ellipsis: h[4],
        h_BaseException: h[5],
        h_Exception: h[6],
        h_StopAsyncIteration: h[7],
        h_StopIteration: h[8],
        h_GeneratorExit: h[9],
        h_ArithmeticError: h[10],
        h_LookupError: h[11],
        h_AssertionError: h[12],
        h_AttributeError: h[13],
        h_BufferError: h[14],
        h_EOFError: h[15],
        h_FloatingPointError: h[16],
        h_OSError: h[17],
        h_ImportError: h[18],
        h_ModuleNotFoundError: h[19],
        h_IndexError: h[20],
        h_KeyError: h[21],
        h_KeyboardInterrupt: h[22],
        h_MemoryError: h[23],
        h_NameError: h[24],
        h_OverflowError: h[25],
        h_RuntimeError: h[26],
        h_RecursionError: h[27],
        h_NotImplementedError: h[28],
        h_SyntaxError: h[29],
        h_IndentationError: h[30],
        h_TabError: h[31],
        h_ReferenceError: h[32],
        h_SystemError: h[33],
        h_SystemExit: h[34],
        h_TypeError: h[35],
        h_UnboundLocalError: h[36],
        h_UnicodeError: h[37],
        h_UnicodeEncodeError: h[38],
        h_UnicodeDecodeError: h[39],
        h_UnicodeTranslateError: h[40],
        h_ValueError: h[41],
        h_ZeroDivisionError: h[42],
        h_BlockingIOError: h[43],
        h_BrokenPipeError: h[44],
        h_ChildProcessError: h[45],
        h_ConnectionError: h[46],
        h_ConnectionAbortedError: h[47],
        h_ConnectionRefusedError: h[48],
        h_ConnectionResetError: h[49],
        h_FileExistsError: h[50],
        h_FileNotFoundError: h[51],
        h_InterruptedError: h[52],
        h_IsADirectoryError: h[53],
        h_NotADirectoryError: h[54],
        h_PermissionError: h[55],
        h_ProcessLookupError: h[56],
        h_TimeoutError: h[57],
        h_Warning: h[58],
        h_UserWarning: h[59],
        h_DeprecationWarning: h[60],
        h_PendingDeprecationWarning: h[61],
        h_SyntaxWarning: h[62],
        h_RuntimeWarning: h[63],
        h_FutureWarning: h[64],
        h_ImportWarning: h[65],
        h_UnicodeWarning: h[66],
        h_BytesWarning: h[67],
        h_ResourceWarning: h[68],
        h_BaseObjectType: h[69],
        h_TypeType: h[70],
        h_BoolType: h[71],
        h_LongType: h[72],
        h_FloatType: h[73],
        h_UnicodeType: h[74],
        h_TupleType: h[75],
        h_ListType: h[76],
        h_ComplexType: h[77],
        h_BytesType: h[78],
        h_MemoryViewType: h[79],
        h_CapsuleType: h[80],
        h_SliceType: h[81],
        h_Builtins: h[82],
        h_DictType: h[83],
    }
}
