//! Numbers to and from other representations: `int.to_bytes`,
//! `int.from_bytes`, `float.hex`, `float.fromhex`.

use num_bigint::{BigInt, BigUint, Sign};
use num_traits::{One, ToPrimitive, Zero};

use super::{kwarg, Kw};
use crate::interp::{PyResult, Vm};
use crate::object::{Obj, Value};

/// Argument `i` (positional) or `name` (keyword), if given.
fn opt_arg(args: &[Value], kw: Kw, i: usize, name: &str) -> Option<Value> {
    args.get(i).copied().or_else(|| kwarg(kw, name))
}

/// The `byteorder` argument: true for little-endian.
fn little_endian(vm: &mut Vm, v: Option<Value>) -> PyResult<bool> {
    let Some(v) = v else { return Ok(false) };
    match vm.as_str(v) {
        Some("little") => Ok(true),
        Some("big") => Ok(false),
        Some(_) => Err(vm.err("ValueError", "byteorder must be either 'little' or 'big'")),
        None => {
            let t = vm.type_name(v);
            Err(vm.err("TypeError", &format!("to_bytes() argument 'byteorder' must be str, not {t}")))
        }
    }
}

fn signed_arg(vm: &mut Vm, kw: Kw) -> PyResult<bool> {
    match kwarg(kw, "signed") {
        Some(v) => vm.truthy(v),
        None => Ok(false),
    }
}

/// `int.to_bytes(length=1, byteorder='big', *, signed=False)`.
pub fn i_to_bytes(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let n = vm.to_bigint(args[0]).unwrap_or_else(BigInt::zero);
    let length = match opt_arg(args, kw, 1, "length") {
        None => 1,
        Some(Value::Int(l)) if l >= 0 => l as usize,
        Some(Value::Int(_)) => return Err(vm.err("ValueError", "length argument must be non-negative")),
        Some(v) => {
            let t = vm.type_name(v);
            return Err(vm.err("TypeError", &format!("'{t}' object cannot be interpreted as an integer")));
        }
    };
    let little = little_endian(vm, opt_arg(args, kw, 2, "byteorder"))?;
    let signed = signed_arg(vm, kw)?;
    if n.sign() == Sign::Minus && !signed {
        return Err(vm.err("OverflowError", "can't convert negative int to unsigned"));
    }
    // Least significant byte first, as few bytes as the value needs.
    let mut bytes = if n.is_zero() {
        Vec::new()
    } else if signed {
        n.to_signed_bytes_le()
    } else {
        n.to_bytes_le().1
    };
    if bytes.len() > length {
        return Err(vm.err("OverflowError", "int too big to convert"));
    }
    let fill = if n.sign() == Sign::Minus { 0xff } else { 0 };
    bytes.resize(length, fill);
    if !little {
        bytes.reverse();
    }
    Ok(vm.alloc(Obj::Bytes(bytes)))
}

/// `int.from_bytes(bytes, byteorder='big', *, signed=False)` (a classmethod).
pub fn i_from_bytes(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let Some(src) = opt_arg(args, kw, 1, "bytes") else {
        return Err(vm.err("TypeError", "from_bytes() missing required argument 'bytes' (pos 1)"));
    };
    let mut bytes = match src {
        Value::Obj(r) if matches!(vm.heap.get(r), Obj::Bytes(_)) => {
            let Obj::Bytes(b) = vm.heap.get(r) else { unreachable!("bytes") };
            b.clone()
        }
        _ => {
            let items = vm.collect_iter(src)?;
            let mut out = Vec::with_capacity(items.len());
            for x in items {
                match x {
                    Value::Int(b @ 0..=255) => out.push(b as u8),
                    Value::Int(_) => return Err(vm.err("ValueError", "bytes must be in range(0, 256)")),
                    _ => {
                        let t = vm.type_name(x);
                        return Err(vm.err("TypeError", &format!("'{t}' object cannot be interpreted as an integer")));
                    }
                }
            }
            out
        }
    };
    let little = little_endian(vm, opt_arg(args, kw, 2, "byteorder"))?;
    let signed = signed_arg(vm, kw)?;
    if !little {
        bytes.reverse();
    }
    let n = if signed { BigInt::from_signed_bytes_le(&bytes) } else { BigInt::from_bytes_le(Sign::Plus, &bytes) };
    Ok(vm.int_value(n))
}

/// `float.hex()`: `[-]0x1.<13 hex digits>p<exp>`, subnormals as `0x0.`.
pub fn f_hex(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let Value::Float(x) = args[0] else { return Err(vm.err("TypeError", "descriptor 'hex' requires a 'float' object")) };
    let s = float_hex(x);
    Ok(vm.new_str(s))
}

fn float_hex(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x.is_infinite() {
        return format!("{sign}inf");
    }
    if x == 0.0 {
        return format!("{sign}0x0.0p+0");
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let mant = bits & ((1u64 << 52) - 1);
    if exp == 0 {
        format!("{sign}0x0.{mant:013x}p-1022")
    } else {
        format!("{sign}0x1.{mant:013x}p{:+}", exp - 1023)
    }
}

/// `float.fromhex(s)` (a classmethod), correctly rounded.
pub fn f_fromhex(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = vm.arg(args, 1, "fromhex")?;
    let Some(text) = vm.as_str(s).map(str::to_string) else {
        let t = vm.type_name(s);
        return Err(vm.err("TypeError", &format!("must be str, not {t}")));
    };
    match parse_hex_float(&text) {
        Ok(x) => Ok(Value::Float(x)),
        Err(HexError::Invalid) => Err(vm.err("ValueError", "invalid hexadecimal floating-point string")),
        Err(HexError::TooLarge) => Err(vm.err("OverflowError", "hexadecimal value too large to represent as a float")),
    }
}

enum HexError {
    Invalid,
    TooLarge,
}

fn parse_hex_float(text: &str) -> Result<f64, HexError> {
    let t = text.trim();
    let (neg, body) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let signed = |x: f64| if neg { -x } else { x };
    let lower = body.to_ascii_lowercase();
    if lower == "inf" || lower == "infinity" {
        return Ok(signed(f64::INFINITY));
    }
    if lower == "nan" {
        return Ok(signed(f64::NAN));
    }
    let body = lower.strip_prefix("0x").unwrap_or(&lower);
    let (digits, exp) = match body.split_once('p') {
        Some((d, e)) => (d, e.parse::<i64>().map_err(|_| HexError::Invalid)?),
        None => (body, 0),
    };
    let (int_part, frac_part) = digits.split_once('.').unwrap_or((digits, ""));
    if int_part.is_empty() && frac_part.is_empty() {
        return Err(HexError::Invalid);
    }
    let mut m = BigUint::zero();
    for c in int_part.chars().chain(frac_part.chars()) {
        let d = c.to_digit(16).ok_or(HexError::Invalid)?;
        m = (m << 4u32) + BigUint::from(d);
    }
    // The value is m * 2^e.
    let e = exp.saturating_sub(4 * frac_part.len() as i64);
    if m.is_zero() {
        return Ok(signed(0.0));
    }
    let top = m.bits() as i64 - 1 + e;
    if top > 1023 {
        return Err(HexError::TooLarge);
    }
    // The weight of the result's last bit: 53 significant bits, or fewer
    // for subnormals (never below 2^-1074).
    let lsb = (top - 52).max(-1074);
    let q: u64 = if e >= lsb {
        (m << ((e - lsb) as usize)).to_u64().ok_or(HexError::TooLarge)?
    } else {
        let shift = (lsb - e) as usize;
        let q = &m >> shift;
        let rem = &m - (&q << shift);
        let half = BigUint::one() << (shift - 1);
        let up = rem > half || (rem == half && q.bit(0));
        (q + if up { 1u32 } else { 0 }).to_u64().ok_or(HexError::TooLarge)?
    };
    // q < 2^54 and q * 2^lsb is representable (or infinite), so both
    // conversions below are exact.
    let scale = if lsb >= -1022 { f64::from_bits(((lsb + 1023) as u64) << 52) } else { f64::from_bits(1u64 << (lsb + 1074)) };
    let x = q as f64 * scale;
    if x.is_infinite() {
        return Err(HexError::TooLarge);
    }
    Ok(signed(x))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips() {
        for x in [1.0, 0.1, -2.5, 1e300, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 3.141592653589793] {
            let h = float_hex(x);
            assert_eq!(parse_hex_float(&h).ok(), Some(x), "{h}");
        }
        assert_eq!(float_hex(1.0), "0x1.0000000000000p+0");
        assert_eq!(float_hex(0.1), "0x1.999999999999ap-4");
        assert_eq!(float_hex(5e-324), "0x0.0000000000001p-1022");
        assert_eq!(parse_hex_float("0x1.00000000000008p0").ok(), Some(1.0), "ties to even");
        assert_eq!(parse_hex_float("0x1.00000000000018p0").ok(), Some(1.0 + 2.0 * f64::EPSILON));
        assert!(matches!(parse_hex_float("0x1p1024"), Err(HexError::TooLarge)));
        assert!(matches!(parse_hex_float("0x1.8p"), Err(HexError::Invalid)));
    }
}
