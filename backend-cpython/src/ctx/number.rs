//! The number protocol: each operator is CPython's `PyNumber_*` function of
//! the same meaning. CPython dereferences null operands, so an HPy_NULL
//! operand raises SystemError naming the API function instead.

use crate::handles::{handle, obj, Ctx};
use crate::raise::null_handle;
use hilt_abi::HPy;
use pyo3_ffi as ffi;
use std::os::raw::c_int;

pub unsafe extern "C" fn ctx_Number_Check(_ctx: Ctx, h: HPy) -> c_int {
    // SAFETY: PyNumber_Check answers 0 for NULL; GIL held.
    unsafe { ffi::PyNumber_Check(obj(h)) }
}

/// Binary operators: `fn ctx_X(ctx, h1, h2) -> HPy` over `PyNumber_X`.
macro_rules! binary_ops {
    ($($name:ident => $cfn:ident, $msg:literal;)*) => {$(
        #[doc = concat!("`", stringify!($cfn), "` of two handles.")]
        pub unsafe extern "C" fn $name(_ctx: Ctx, h1: HPy, h2: HPy) -> HPy {
            if h1._i == 0 || h2._i == 0 {
                return null_handle($msg);
            }
            // SAFETY: both operands are live objects; GIL held.
            unsafe { handle(ffi::$cfn(obj(h1), obj(h2))) }
        }
    )*};
}

/// Unary operators: `fn ctx_X(ctx, h1) -> HPy` over `PyNumber_X`.
macro_rules! unary_ops {
    ($($name:ident => $cfn:ident, $msg:literal;)*) => {$(
        #[doc = concat!("`", stringify!($cfn), "` of a handle.")]
        pub unsafe extern "C" fn $name(_ctx: Ctx, h1: HPy) -> HPy {
            if h1._i == 0 {
                return null_handle($msg);
            }
            // SAFETY: the operand is a live object; GIL held.
            unsafe { handle(ffi::$cfn(obj(h1))) }
        }
    )*};
}

binary_ops! {
    ctx_Add => PyNumber_Add, c"HPy_Add: an operand is HPy_NULL";
    ctx_Subtract => PyNumber_Subtract, c"HPy_Subtract: an operand is HPy_NULL";
    ctx_Multiply => PyNumber_Multiply, c"HPy_Multiply: an operand is HPy_NULL";
    ctx_MatrixMultiply => PyNumber_MatrixMultiply, c"HPy_MatrixMultiply: an operand is HPy_NULL";
    ctx_FloorDivide => PyNumber_FloorDivide, c"HPy_FloorDivide: an operand is HPy_NULL";
    ctx_TrueDivide => PyNumber_TrueDivide, c"HPy_TrueDivide: an operand is HPy_NULL";
    ctx_Remainder => PyNumber_Remainder, c"HPy_Remainder: an operand is HPy_NULL";
    ctx_Divmod => PyNumber_Divmod, c"HPy_Divmod: an operand is HPy_NULL";
    ctx_Lshift => PyNumber_Lshift, c"HPy_Lshift: an operand is HPy_NULL";
    ctx_Rshift => PyNumber_Rshift, c"HPy_Rshift: an operand is HPy_NULL";
    ctx_And => PyNumber_And, c"HPy_And: an operand is HPy_NULL";
    ctx_Xor => PyNumber_Xor, c"HPy_Xor: an operand is HPy_NULL";
    ctx_Or => PyNumber_Or, c"HPy_Or: an operand is HPy_NULL";
    ctx_InPlaceAdd => PyNumber_InPlaceAdd, c"HPy_InPlaceAdd: an operand is HPy_NULL";
    ctx_InPlaceSubtract => PyNumber_InPlaceSubtract, c"HPy_InPlaceSubtract: an operand is HPy_NULL";
    ctx_InPlaceMultiply => PyNumber_InPlaceMultiply, c"HPy_InPlaceMultiply: an operand is HPy_NULL";
    ctx_InPlaceMatrixMultiply => PyNumber_InPlaceMatrixMultiply,
        c"HPy_InPlaceMatrixMultiply: an operand is HPy_NULL";
    ctx_InPlaceFloorDivide => PyNumber_InPlaceFloorDivide,
        c"HPy_InPlaceFloorDivide: an operand is HPy_NULL";
    ctx_InPlaceTrueDivide => PyNumber_InPlaceTrueDivide,
        c"HPy_InPlaceTrueDivide: an operand is HPy_NULL";
    ctx_InPlaceRemainder => PyNumber_InPlaceRemainder,
        c"HPy_InPlaceRemainder: an operand is HPy_NULL";
    ctx_InPlaceLshift => PyNumber_InPlaceLshift, c"HPy_InPlaceLshift: an operand is HPy_NULL";
    ctx_InPlaceRshift => PyNumber_InPlaceRshift, c"HPy_InPlaceRshift: an operand is HPy_NULL";
    ctx_InPlaceAnd => PyNumber_InPlaceAnd, c"HPy_InPlaceAnd: an operand is HPy_NULL";
    ctx_InPlaceXor => PyNumber_InPlaceXor, c"HPy_InPlaceXor: an operand is HPy_NULL";
    ctx_InPlaceOr => PyNumber_InPlaceOr, c"HPy_InPlaceOr: an operand is HPy_NULL";
}

unary_ops! {
    ctx_Negative => PyNumber_Negative, c"HPy_Negative: h1 is HPy_NULL";
    ctx_Positive => PyNumber_Positive, c"HPy_Positive: h1 is HPy_NULL";
    ctx_Absolute => PyNumber_Absolute, c"HPy_Absolute: h1 is HPy_NULL";
    ctx_Invert => PyNumber_Invert, c"HPy_Invert: h1 is HPy_NULL";
    ctx_Index => PyNumber_Index, c"HPy_Index: h1 is HPy_NULL";
    ctx_Long => PyNumber_Long, c"HPy_Long: h1 is HPy_NULL";
    ctx_Float => PyNumber_Float, c"HPy_Float: h1 is HPy_NULL";
}

/// The modulus of a power: HPy_NULL is taken as None (two-argument power).
#[inline(always)]
fn modulus(h3: HPy) -> *mut ffi::PyObject {
    if h3._i == 0 {
        // SAFETY: Py_None is a static object; only its address is taken.
        unsafe { ffi::Py_None() }
    } else {
        obj(h3)
    }
}

pub unsafe extern "C" fn ctx_Power(_ctx: Ctx, h1: HPy, h2: HPy, h3: HPy) -> HPy {
    if h1._i == 0 || h2._i == 0 {
        return null_handle(c"HPy_Power: an operand is HPy_NULL");
    }
    // SAFETY: all three operands are live objects; GIL held.
    unsafe { handle(ffi::PyNumber_Power(obj(h1), obj(h2), modulus(h3))) }
}

pub unsafe extern "C" fn ctx_InPlacePower(_ctx: Ctx, h1: HPy, h2: HPy, h3: HPy) -> HPy {
    if h1._i == 0 || h2._i == 0 {
        return null_handle(c"HPy_InPlacePower: an operand is HPy_NULL");
    }
    // SAFETY: all three operands are live objects; GIL held.
    unsafe { handle(ffi::PyNumber_InPlacePower(obj(h1), obj(h2), modulus(h3))) }
}
