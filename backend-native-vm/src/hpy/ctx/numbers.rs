//! int, float and bool, and the number protocol.

use std::os::raw::{c_int, c_void};

use hilt_abi::*;
use num_bigint::BigInt;
use num_traits::ToPrimitive;

use super::ctx_fn;
use crate::compile::bytecode::{BinOp, Op};
use crate::interp::{PyResult, Vm};
use crate::object::{Obj, Value};

impl Vm {
    /// The integer value of `v`: an int, or an object with `__index__`.
    fn index_big(&mut self, v: Value) -> PyResult<BigInt> {
        if let Some(b) = self.to_bigint(v) {
            return Ok(b);
        }
        let t = self.type_of(v);
        if let Some(m) = self.lookup_type(t, "__index__") {
            let r = self.call(m, &[v], &[])?;
            if let Some(b) = self.to_bigint(r) {
                return Ok(b);
            }
            let rt = self.type_name(r);
            return Err(self.err("TypeError", &format!("__index__ returned non-int (type {rt})")));
        }
        let tn = self.type_name(v);
        Err(self.err("TypeError", &format!("'{tn}' object cannot be interpreted as an integer")))
    }

    /// `h` as a C integer type `T`, with CPython's conversion rules and
    /// messages: `index` (PyLong_AsLong, PyLong_AsLongLong) accepts objects
    /// with `__index__`, the others only ints ("an integer is required");
    /// `negative` is the message for a negative value of an unsigned type;
    /// `too_large` the OverflowError otherwise.
    fn c_int_of<T: TryFrom<BigInt>>(&mut self, h: HPy, index: bool, negative: Option<&str>, too_large: &str) -> PyResult<T> {
        let v = self.hv(h)?;
        let b = match self.to_bigint(v) {
            Some(b) => b,
            None if index => self.index_big(v)?,
            None => return Err(self.err("TypeError", "an integer is required")),
        };
        if let (Some(msg), true) = (negative, b < BigInt::from(0)) {
            return Err(self.err("OverflowError", msg));
        }
        T::try_from(b).map_err(|_| self.err("OverflowError", too_large))
    }

    /// `v` modulo 2**bits (the `...Mask` conversions).
    fn masked(&mut self, h: HPy, bits: u32) -> PyResult<u64> {
        let v = self.hv(h)?;
        let b = self.index_big(v)?;
        let m: BigInt = (BigInt::from(1u8) << bits) - 1u8;
        let r = b & m;
        Ok(r.to_u64().unwrap_or(0))
    }

    /// `v` as a C double: floats, ints, or objects with `__float__`/`__index__`.
    pub(crate) fn as_double(&mut self, v: Value) -> PyResult<f64> {
        if let Value::Float(f) = v {
            return Ok(f);
        }
        if let Some(b) = self.to_bigint(v) {
            return b.to_f64().filter(|f| f.is_finite()).ok_or_else(|| self.err("OverflowError", "int too large to convert to float"));
        }
        let t = self.type_of(v);
        for name in ["__float__", "__index__"] {
            if let Some(m) = self.lookup_type(t, name) {
                let r = self.call(m, &[v], &[])?;
                if let Some(f) = self.to_f64(r) {
                    return Ok(f);
                }
            }
        }
        let tn = self.type_name(v);
        Err(self.err("TypeError", &format!("must be real number, not {tn}")))
    }

    fn h_int(&mut self, b: BigInt) -> HPy {
        let v = self.int_value(b);
        self.h(v)
    }
}

ctx_fn!(ctx_Long_FromInt32_t(value: i32) -> HPy, "HPyLong_FromInt32_t", |vm| Ok(vm.h(Value::Int(value as i64))));
ctx_fn!(ctx_Long_FromUInt32_t(value: u32) -> HPy, "HPyLong_FromUInt32_t", |vm| Ok(vm.h(Value::Int(value as i64))));
ctx_fn!(ctx_Long_FromInt64_t(v: i64) -> HPy, "HPyLong_FromInt64_t", |vm| Ok(vm.h(Value::Int(v))));
ctx_fn!(ctx_Long_FromUInt64_t(v: u64) -> HPy, "HPyLong_FromUInt64_t", |vm| Ok(vm.h_int(BigInt::from(v))));
ctx_fn!(ctx_Long_FromSize_t(value: usize) -> HPy, "HPyLong_FromSize_t", |vm| Ok(vm.h_int(BigInt::from(value))));
ctx_fn!(ctx_Long_FromSsize_t(value: HPy_ssize_t) -> HPy, "HPyLong_FromSsize_t", |vm| Ok(vm.h(Value::Int(value as i64))));

// Messages: CPython 3.11's PyLong_As* (the CPython backend calls them,
// then narrows to 32 bits with "... C int32_t"/"C uint32_t").
const TOO_LARGE_LONG: &str = "Python int too large to convert to C long";
const TOO_BIG: &str = "int too big to convert";
ctx_fn!(ctx_Long_AsInt32_t(h: HPy) -> i32, "HPyLong_AsInt32_t", |vm| {
    let x: i64 = vm.c_int_of(h, true, None, TOO_LARGE_LONG)?;
    i32::try_from(x).map_err(|_| vm.err("OverflowError", "Python int too large to convert to C int32_t"))
});
ctx_fn!(ctx_Long_AsUInt32_t(h: HPy) -> u32, "HPyLong_AsUInt32_t", |vm| {
    let x: u64 = vm.c_int_of(h, false, Some("can't convert negative value to unsigned int"), "Python int too large to convert to C unsigned long")?;
    u32::try_from(x).map_err(|_| vm.err("OverflowError", "Python int too large to convert to C uint32_t"))
});
ctx_fn!(ctx_Long_AsUInt32_tMask(h: HPy) -> u32, "HPyLong_AsUInt32_tMask", |vm| Ok(vm.masked(h, 32)? as u32));
ctx_fn!(ctx_Long_AsInt64_t(h: HPy) -> i64, "HPyLong_AsInt64_t", |vm| vm.c_int_of(h, true, None, TOO_BIG));
ctx_fn!(ctx_Long_AsUInt64_t(h: HPy) -> u64, "HPyLong_AsUInt64_t", |vm| vm.c_int_of(h, false, Some("can't convert negative int to unsigned"), TOO_BIG));
ctx_fn!(ctx_Long_AsUInt64_tMask(h: HPy) -> u64, "HPyLong_AsUInt64_tMask", |vm| vm.masked(h, 64));
ctx_fn!(ctx_Long_AsSize_t(h: HPy) -> usize, "HPyLong_AsSize_t", |vm| vm.c_int_of(h, false, Some("can't convert negative value to size_t"), "Python int too large to convert to C size_t"));
ctx_fn!(ctx_Long_AsSsize_t(h: HPy) -> HPy_ssize_t, "HPyLong_AsSsize_t", |vm| vm.c_int_of(h, false, None, "Python int too large to convert to C ssize_t"));
ctx_fn!(ctx_Long_AsVoidPtr(h: HPy) -> *mut c_void, "HPyLong_AsVoidPtr", |vm| {
    let v = vm.hv(h)?;
    let b = vm.index_big(v)?;
    match b.to_u64().or_else(|| b.to_i64().map(|i| i as u64)) {
        Some(x) => Ok(x as usize as *mut c_void),
        None => Err(vm.err("OverflowError", TOO_LARGE_LONG)),
    }
});
ctx_fn!(ctx_Long_AsDouble(h: HPy) -> f64, "HPyLong_AsDouble", |vm| {
    let v = vm.hv(h)?;
    match vm.to_bigint(v) {
        Some(b) => b.to_f64().filter(|f| f.is_finite()).ok_or_else(|| vm.err("OverflowError", "int too large to convert to float")),
        None => Err(vm.err("TypeError", "an integer is required")),
    }
});
ctx_fn!(ctx_Float_FromDouble(v: f64) -> HPy, "HPyFloat_FromDouble", |vm| Ok(vm.h(Value::Float(v))));
ctx_fn!(ctx_Float_AsDouble(h: HPy) -> f64, "HPyFloat_AsDouble", |vm| {
    let v = vm.hv(h)?;
    vm.as_double(v)
});
ctx_fn!(ctx_Bool_FromBool(v: bool) -> HPy, "HPyBool_FromBool", |vm| Ok(vm.h(Value::Bool(v))));

ctx_fn!(ctx_Number_Check(h: HPy) -> c_int, "HPyNumber_Check", |vm| {
    let v = vm.hv(h)?;
    if matches!(v, Value::Int(_) | Value::Float(_) | Value::Bool(_)) || matches!(v, Value::Obj(r) if matches!(vm.heap.get(r), Obj::BigInt(_))) {
        return Ok(1);
    }
    let t = vm.type_of(v);
    Ok(["__index__", "__int__", "__float__"].iter().any(|n| vm.lookup_type(t, n).is_some()) as c_int)
});

macro_rules! binary {
    ($($name:ident $api:literal $op:ident $inplace:literal),* $(,)?) => {$(
        ctx_fn!($name(h1: HPy, h2: HPy) -> HPy, $api, |vm| {
            let (a, b) = (vm.hv(h1)?, vm.hv(h2)?);
            let r = vm.binary(BinOp::$op, a, b, $inplace)?;
            Ok(vm.h(r))
        });
    )*};
}
binary! {
    ctx_Add "HPy_Add" Add false, ctx_Subtract "HPy_Subtract" Sub false, ctx_Multiply "HPy_Multiply" Mul false,
    ctx_MatrixMultiply "HPy_MatrixMultiply" MatMul false, ctx_FloorDivide "HPy_FloorDivide" FloorDiv false,
    ctx_TrueDivide "HPy_TrueDivide" TrueDiv false, ctx_Remainder "HPy_Remainder" Mod false,
    ctx_Lshift "HPy_Lshift" LShift false, ctx_Rshift "HPy_Rshift" RShift false, ctx_And "HPy_And" And false,
    ctx_Xor "HPy_Xor" Xor false, ctx_Or "HPy_Or" Or false,
    ctx_InPlaceAdd "HPy_InPlaceAdd" Add true, ctx_InPlaceSubtract "HPy_InPlaceSubtract" Sub true,
    ctx_InPlaceMultiply "HPy_InPlaceMultiply" Mul true, ctx_InPlaceMatrixMultiply "HPy_InPlaceMatrixMultiply" MatMul true,
    ctx_InPlaceFloorDivide "HPy_InPlaceFloorDivide" FloorDiv true, ctx_InPlaceTrueDivide "HPy_InPlaceTrueDivide" TrueDiv true,
    ctx_InPlaceRemainder "HPy_InPlaceRemainder" Mod true, ctx_InPlaceLshift "HPy_InPlaceLshift" LShift true,
    ctx_InPlaceRshift "HPy_InPlaceRshift" RShift true, ctx_InPlaceAnd "HPy_InPlaceAnd" And true,
    ctx_InPlaceXor "HPy_InPlaceXor" Xor true, ctx_InPlaceOr "HPy_InPlaceOr" Or true,
}

/// `pow(a, b)` or `pow(a, b, m)` (`m` None means two arguments).
fn power(vm: &mut Vm, h1: HPy, h2: HPy, h3: HPy, inplace: bool) -> PyResult<HPy> {
    // HPy_NULL as the modulus means None, as in CPython's PyNumber_Power.
    let (a, b) = (vm.hv(h1)?, vm.hv(h2)?);
    let m = if h3.is_null() { Value::None } else { vm.hv(h3)? };
    let r = if let Value::None = m { vm.binary(BinOp::Pow, a, b, inplace)? } else { vm.call_builtin("pow", &[a, b, m])? };
    Ok(vm.h(r))
}
ctx_fn!(ctx_Power(h1: HPy, h2: HPy, h3: HPy) -> HPy, "HPy_Power", |vm| power(vm, h1, h2, h3, false));
ctx_fn!(ctx_InPlacePower(h1: HPy, h2: HPy, h3: HPy) -> HPy, "HPy_InPlacePower", |vm| power(vm, h1, h2, h3, true));

macro_rules! unary {
    ($($name:ident $api:literal $op:ident),*) => {$(
        ctx_fn!($name(h1: HPy) -> HPy, $api, |vm| {
            let a = vm.hv(h1)?;
            let r = vm.unary(Op::$op, a)?;
            Ok(vm.h(r))
        });
    )*};
}
unary!(ctx_Negative "HPy_Negative" Neg, ctx_Positive "HPy_Positive" Pos, ctx_Invert "HPy_Invert" Invert);

macro_rules! via_builtin {
    ($($name:ident $api:literal $builtin:literal),*) => {$(
        ctx_fn!($name(h1: HPy) -> HPy, $api, |vm| {
            let a = vm.hv(h1)?;
            let r = vm.call_builtin($builtin, &[a])?;
            Ok(vm.h(r))
        });
    )*};
}
via_builtin!(ctx_Absolute "HPy_Absolute" "abs", ctx_Long "HPy_Long" "int", ctx_Float "HPy_Float" "float");

ctx_fn!(ctx_Divmod(h1: HPy, h2: HPy) -> HPy, "HPy_Divmod", |vm| {
    let (a, b) = (vm.hv(h1)?, vm.hv(h2)?);
    let r = vm.call_builtin("divmod", &[a, b])?;
    Ok(vm.h(r))
});
ctx_fn!(ctx_Index(h1: HPy) -> HPy, "HPy_Index", |vm| {
    let a = vm.hv(h1)?;
    let b = vm.index_big(a)?;
    Ok(vm.h_int(b))
});
