//! `math`: float functions over Rust's libm, integer helpers over big ints.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::builtins::Kw;
use crate::interp::{PyResult, Vm};
use crate::object::{ObjRef, Value};

fn fl(vm: &mut Vm, args: &[Value], i: usize) -> PyResult<f64> {
    let v = vm.arg(args, i, "math")?;
    match vm.to_f64(v) {
        Some(f) => Ok(f),
        None => {
            let t = vm.type_name(v);
            Err(vm.err("TypeError", &format!("must be real number, not {t}")))
        }
    }
}

fn domain(vm: &mut Vm) -> crate::interp::Exc {
    vm.err("ValueError", "math domain error")
}

macro_rules! unary {
    ($name:ident, $f:expr, $ok:expr) => {
        fn $name(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
            let x = fl(vm, args, 0)?;
            let ok: fn(f64) -> bool = $ok;
            if !ok(x) {
                return Err(domain(vm));
            }
            let f: fn(f64) -> f64 = $f;
            Ok(Value::Float(f(x)))
        }
    };
}

unary!(m_sqrt, f64::sqrt, |x| x >= 0.0 || x.is_nan());
unary!(m_exp, f64::exp, |_| true);
unary!(m_sin, f64::sin, |x| !x.is_infinite());
unary!(m_cos, f64::cos, |x| !x.is_infinite());
unary!(m_tan, f64::tan, |x| !x.is_infinite());
unary!(m_asin, f64::asin, |x| (-1.0..=1.0).contains(&x) || x.is_nan());
unary!(m_acos, f64::acos, |x| (-1.0..=1.0).contains(&x) || x.is_nan());
unary!(m_atan, f64::atan, |_| true);
unary!(m_sinh, f64::sinh, |_| true);
unary!(m_cosh, f64::cosh, |_| true);
unary!(m_tanh, f64::tanh, |_| true);
unary!(m_fabs, f64::abs, |_| true);
unary!(m_log10, f64::log10, |x| x > 0.0 || x.is_nan());
unary!(m_log2, f64::log2, |x| x > 0.0 || x.is_nan());
unary!(m_degrees, f64::to_degrees, |_| true);
unary!(m_radians, f64::to_radians, |_| true);

fn m_log(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let v = vm.arg(args, 0, "log")?;
    // Big ints beyond float range still have a logarithm.
    let x = match vm.to_bigint(v).filter(|_| !matches!(v, Value::Float(_))) {
        Some(b) if b.is_positive() && b.to_f64().map(|f| f.is_infinite()).unwrap_or(true) => {
            let bits = b.bits() as i64 - 60;
            let top = (&b >> bits as usize).to_f64().unwrap_or(1.0);
            top.ln() + bits as f64 * std::f64::consts::LN_2
        }
        _ => {
            let x = fl(vm, args, 0)?;
            if x <= 0.0 {
                return Err(domain(vm));
            }
            x.ln()
        }
    };
    match args.get(1) {
        Some(_) => {
            let b = fl(vm, args, 1)?;
            if b <= 0.0 || b == 1.0 {
                return Err(domain(vm));
            }
            Ok(Value::Float(x / b.ln()))
        }
        None => Ok(Value::Float(x)),
    }
}

fn m_pow(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let (x, y) = (fl(vm, args, 0)?, fl(vm, args, 1)?);
    if x < 0.0 && y.fract() != 0.0 {
        return Err(domain(vm));
    }
    Ok(Value::Float(x.powf(y)))
}
fn m_atan2(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let (y, x) = (fl(vm, args, 0)?, fl(vm, args, 1)?);
    Ok(Value::Float(y.atan2(x)))
}
fn m_hypot(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let mut acc = 0.0f64;
    for i in 0..args.len() {
        let x = fl(vm, args, i)?;
        acc = acc.hypot(x);
    }
    Ok(Value::Float(acc))
}
fn m_copysign(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let (x, y) = (fl(vm, args, 0)?, fl(vm, args, 1)?);
    Ok(Value::Float(x.copysign(y)))
}
fn m_fmod(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let (x, y) = (fl(vm, args, 0)?, fl(vm, args, 1)?);
    if y == 0.0 {
        return Err(domain(vm));
    }
    Ok(Value::Float(x % y))
}

/// floor/ceil/trunc return ints (exact for big values).
fn to_int(vm: &mut Vm, args: &[Value], f: fn(f64) -> f64) -> PyResult<Value> {
    let v = vm.arg(args, 0, "floor")?;
    if let (Some(_), false) = (vm.to_bigint(v), matches!(v, Value::Float(_))) {
        return Ok(match v {
            Value::Bool(b) => Value::Int(b as i64),
            other => other,
        });
    }
    let x = fl(vm, args, 0)?;
    if x.is_nan() {
        return Err(vm.err("ValueError", "cannot convert float NaN to integer"));
    }
    if x.is_infinite() {
        return Err(vm.err("OverflowError", "cannot convert float infinity to integer"));
    }
    let r = f(x);
    if r.abs() < 9.2e18 {
        return Ok(Value::Int(r as i64));
    }
    let b: BigInt = num_traits::FromPrimitive::from_f64(r).unwrap_or_default();
    Ok(vm.int_value(b))
}
fn m_floor(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    to_int(vm, args, f64::floor)
}
fn m_ceil(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    to_int(vm, args, f64::ceil)
}
fn m_trunc(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    to_int(vm, args, f64::trunc)
}

fn int_of(vm: &mut Vm, v: Value, name: &str) -> PyResult<BigInt> {
    match (vm.to_bigint(v), v) {
        (Some(b), Value::Int(_) | Value::Bool(_) | Value::Obj(_)) => Ok(b),
        _ => {
            let t = vm.type_name(v);
            Err(vm.err("TypeError", &format!("'{t}' object cannot be interpreted as an integer ({name})")))
        }
    }
}

fn m_factorial(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let arg_v = vm.arg(args, 0, "factorial")?;
    let n = int_of(vm, arg_v, "factorial")?;
    if n.is_negative() {
        return Err(vm.err("ValueError", "factorial() not defined for negative values"));
    }
    let n = n.to_u64().unwrap_or(0);
    let mut acc = BigInt::one();
    for i in 2..=n {
        acc *= i;
    }
    Ok(vm.int_value(acc))
}
fn m_gcd(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let mut acc = BigInt::zero();
    for a in args {
        let b = int_of(vm, *a, "gcd")?;
        acc = acc.gcd(&b);
    }
    Ok(vm.int_value(acc))
}
fn m_isqrt(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let arg_v = vm.arg(args, 0, "isqrt")?;
    let n = int_of(vm, arg_v, "isqrt")?;
    if n.is_negative() {
        return Err(vm.err("ValueError", "isqrt() argument must be nonnegative"));
    }
    Ok(vm.int_value(n.sqrt()))
}
fn m_comb(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let arg_v = vm.arg(args, 0, "comb")?;
    let n = int_of(vm, arg_v, "comb")?;
    let arg_v = vm.arg(args, 1, "comb")?;
    let k = int_of(vm, arg_v, "comb")?;
    if n.is_negative() || k.is_negative() {
        return Err(vm.err("ValueError", "n and k must be non-negative integers"));
    }
    if k > n {
        return Ok(Value::Int(0));
    }
    let k = k.to_u64().unwrap_or(0).min((&n - k.clone()).to_u64().unwrap_or(0));
    let mut acc = BigInt::one();
    for i in 0..k {
        acc = acc * (&n - i) / (i + 1);
    }
    Ok(vm.int_value(acc))
}
fn m_isfinite(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::Bool(fl(vm, args, 0)?.is_finite()))
}
fn m_isinf(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::Bool(fl(vm, args, 0)?.is_infinite()))
}
fn m_isnan(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::Bool(fl(vm, args, 0)?.is_nan()))
}
fn m_isclose(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let (a, b) = (fl(vm, args, 0)?, fl(vm, args, 1)?);
    let rel = crate::builtins::kwarg(kw, "rel_tol").and_then(|v| vm.to_f64(v)).unwrap_or(1e-9);
    let abs = crate::builtins::kwarg(kw, "abs_tol").and_then(|v| vm.to_f64(v)).unwrap_or(0.0);
    if a == b {
        return Ok(Value::Bool(true));
    }
    let d = (a - b).abs();
    Ok(Value::Bool(d <= (rel * b.abs()).max(rel * a.abs()) || d <= abs))
}
fn m_fsum(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    // Shewchuk's exact partial sums, rounded once at the end.
    let arg_v = vm.arg(args, 0, "fsum")?;
    let items = vm.collect_iter(arg_v)?;
    let mut partials: Vec<f64> = Vec::new();
    for v in items {
        let mut x = match vm.to_f64(v) {
            Some(f) => f,
            None => return Err(vm.err("TypeError", "must be real number")),
        };
        let mut i = 0;
        for j in 0..partials.len() {
            let mut y = partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                partials[i] = lo;
                i += 1;
            }
            x = hi;
        }
        partials.truncate(i);
        partials.push(x);
    }
    let mut hi = 0.0;
    if let Some(mut n) = partials.len().checked_sub(1) {
        hi = partials[n];
        let mut lo = 0.0;
        while n > 0 {
            n -= 1;
            let x = hi;
            let y = partials[n];
            hi = x + y;
            let yr = hi - x;
            lo = y - yr;
            if lo != 0.0 {
                break;
            }
        }
        if n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            if y == x - hi {
                hi = x;
            }
        }
    }
    Ok(Value::Float(hi))
}
fn m_prod(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let it = vm.arg(args, 0, "prod")?;
    crate::builtins::fold_binary(vm, it, Value::Int(1), crate::compile::bytecode::BinOp::Mul)
}

pub fn module(vm: &mut Vm, d: ObjRef) {
    let fs: &[(&'static str, crate::object::NativeFn)] = &[
        ("sqrt", m_sqrt),
        ("exp", m_exp),
        ("sin", m_sin),
        ("cos", m_cos),
        ("tan", m_tan),
        ("asin", m_asin),
        ("acos", m_acos),
        ("atan", m_atan),
        ("atan2", m_atan2),
        ("sinh", m_sinh),
        ("cosh", m_cosh),
        ("tanh", m_tanh),
        ("fabs", m_fabs),
        ("log", m_log),
        ("log10", m_log10),
        ("log2", m_log2),
        ("pow", m_pow),
        ("hypot", m_hypot),
        ("copysign", m_copysign),
        ("fmod", m_fmod),
        ("floor", m_floor),
        ("ceil", m_ceil),
        ("trunc", m_trunc),
        ("factorial", m_factorial),
        ("gcd", m_gcd),
        ("isqrt", m_isqrt),
        ("comb", m_comb),
        ("isfinite", m_isfinite),
        ("isinf", m_isinf),
        ("isnan", m_isnan),
        ("isclose", m_isclose),
        ("fsum", m_fsum),
        ("prod", m_prod),
        ("degrees", m_degrees),
        ("radians", m_radians),
    ];
    for (n, f) in fs {
        vm.def(d, n, *f);
    }
    for (n, v) in [("pi", std::f64::consts::PI), ("e", std::f64::consts::E), ("tau", std::f64::consts::TAU), ("inf", f64::INFINITY), ("nan", f64::NAN)] {
        vm.dict_set_str(d, n, Value::Float(v)).expect("math constant");
    }
}
