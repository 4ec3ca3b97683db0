//! Operators: arithmetic (small ints with overflow into big ints, floats),
//! sequence operators, comparisons, truth, subscripting; each falls back to
//! the `__dunder__` methods of user classes.

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

use super::{PyResult, Vm};
use crate::compile::bytecode::{BinOp, CmpOp, Op};
use crate::object::{Obj, ObjRef, Value};

/// A number view of a value for arithmetic.
enum Num {
    I(i64),
    B(BigInt),
    F(f64),
}

impl Num {
    /// The exact integer (callers rule out floats first).
    fn into_big(self) -> BigInt {
        match self {
            Num::I(i) => BigInt::from(i),
            Num::B(b) => b,
            Num::F(f) => BigInt::from(f as i64),
        }
    }
    /// As a float for arithmetic: None for a big int beyond the float
    /// range (num-bigint makes it inf; Python raises OverflowError).
    fn to_float_in_range(&self) -> Option<f64> {
        match self {
            Num::B(b) => b.to_f64().filter(|f| f.is_finite()),
            _ => self.to_float(),
        }
    }
    fn to_float(&self) -> Option<f64> {
        match self {
            Num::I(i) => Some(*i as f64),
            Num::B(b) => b.to_f64(),
            Num::F(f) => Some(*f),
        }
    }
}

impl Vm {
    pub fn int_value(&mut self, b: BigInt) -> Value {
        match b.to_i64() {
            Some(i) => Value::Int(i),
            None => self.alloc(Obj::BigInt(b)),
        }
    }

    fn num(&self, v: Value) -> Option<Num> {
        match v {
            Value::Int(i) => Some(Num::I(i)),
            Value::Bool(b) => Some(Num::I(b as i64)),
            Value::Float(f) => Some(Num::F(f)),
            Value::Obj(r) => match self.heap.get(r) {
                Obj::BigInt(b) => Some(Num::B(b.clone())),
                _ => None,
            },
            _ => None,
        }
    }

    pub fn to_bigint(&self, v: Value) -> Option<BigInt> {
        match self.num(v)? {
            Num::I(i) => Some(BigInt::from(i)),
            Num::B(b) => Some(b),
            Num::F(_) => None,
        }
    }

    pub fn to_f64(&self, v: Value) -> Option<f64> {
        self.num(v)?.to_float()
    }

    fn zero_div(&mut self, what: &str) -> super::Exc {
        self.err("ZeroDivisionError", what)
    }

    /// Arithmetic on two numbers; None if either is not a number.
    fn num_binary(&mut self, op: BinOp, a: Value, b: Value) -> PyResult<Option<Value>> {
        if let (Value::Bool(x), Value::Bool(y)) = (a, b) {
            match op {
                BinOp::And => return Ok(Some(Value::Bool(x & y))),
                BinOp::Or => return Ok(Some(Value::Bool(x | y))),
                BinOp::Xor => return Ok(Some(Value::Bool(x ^ y))),
                _ => {}
            }
        }
        // The hot path: two small ints.
        if let (Value::Int(x), Value::Int(y)) = (a, b) {
            let r = match op {
                BinOp::Add => x.checked_add(y),
                BinOp::Sub => x.checked_sub(y),
                BinOp::Mul => x.checked_mul(y),
                BinOp::FloorDiv => {
                    if y == 0 {
                        return Err(self.zero_div("integer division or modulo by zero"));
                    }
                    x.checked_div_euclid(y).map(|_| Integer::div_floor(&x, &y))
                }
                BinOp::Mod => {
                    if y == 0 {
                        return Err(self.zero_div("integer modulo by zero"));
                    }
                    x.checked_rem(y).map(|_| Integer::mod_floor(&x, &y))
                }
                BinOp::And => Some(x & y),
                BinOp::Or => Some(x | y),
                BinOp::Xor => Some(x ^ y),
                BinOp::LShift => {
                    if y < 0 {
                        return Err(self.err("ValueError", "negative shift count"));
                    }
                    if y < 63 && (x.abs() >> (62 - y)) == 0 {
                        Some(x << y)
                    } else {
                        None
                    }
                }
                BinOp::RShift => {
                    if y < 0 {
                        return Err(self.err("ValueError", "negative shift count"));
                    }
                    Some(if y >= 64 { if x < 0 { -1 } else { 0 } } else { x >> y })
                }
                BinOp::TrueDiv => {
                    if y == 0 {
                        return Err(self.zero_div("division by zero"));
                    }
                    if x.abs() < (1 << 53) && y.abs() < (1 << 53) {
                        return Ok(Some(Value::Float(x as f64 / y as f64)));
                    }
                    None
                }
                BinOp::Pow => {
                    if y < 0 {
                        return self.float_binary(op, x as f64, y as f64).map(Some);
                    }
                    u32::try_from(y).ok().and_then(|e| x.checked_pow(e))
                }
                BinOp::MatMul => return Ok(None),
            };
            if let Some(r) = r {
                return Ok(Some(Value::Int(r)));
            }
        }
        let (Some(x), Some(y)) = (self.num(a), self.num(b)) else { return Ok(None) };
        if op == BinOp::MatMul {
            return Ok(None);
        }
        let float = matches!(x, Num::F(_)) || matches!(y, Num::F(_));
        if float {
            if matches!(op, BinOp::LShift | BinOp::RShift | BinOp::And | BinOp::Or | BinOp::Xor) {
                // No float form: the caller's TypeError names both types.
                return Ok(None);
            }
            let (Some(fx), Some(fy)) = (x.to_float_in_range(), y.to_float_in_range()) else {
                return Err(self.err("OverflowError", "int too large to convert to float"));
            };
            return self.float_binary(op, fx, fy).map(Some);
        }
        let bx = x.into_big();
        let by = y.into_big();
        let r = match op {
            BinOp::Add => bx + by,
            BinOp::Sub => bx - by,
            BinOp::Mul => bx * by,
            BinOp::FloorDiv => {
                if by.is_zero() {
                    return Err(self.zero_div("integer division or modulo by zero"));
                }
                bx.div_floor(&by)
            }
            BinOp::Mod => {
                if by.is_zero() {
                    return Err(self.zero_div("integer modulo by zero"));
                }
                bx.mod_floor(&by)
            }
            BinOp::And => bx & by,
            BinOp::Or => bx | by,
            BinOp::Xor => bx ^ by,
            BinOp::LShift => {
                let s = by.to_usize().ok_or_else(|| self.err("ValueError", "negative shift count"))?;
                bx << s
            }
            BinOp::RShift => {
                if by.is_negative() {
                    return Err(self.err("ValueError", "negative shift count"));
                }
                // A shift past every bit leaves the sign: 0 or -1.
                let Some(s) = by.to_usize() else { return Ok(Some(Value::Int(if bx.is_negative() { -1 } else { 0 }))) };
                // Floor semantics for negatives, like Python.
                if bx.is_negative() {
                    -((-bx - 1u32) >> s) - 1u32
                } else {
                    bx >> s
                }
            }
            BinOp::TrueDiv => {
                if by.is_zero() {
                    return Err(self.zero_div("division by zero"));
                }
                return match int_true_div(&bx, &by) {
                    Some(f) => Ok(Some(Value::Float(f))),
                    None => Err(self.err("OverflowError", "integer division result too large for a float")),
                };
            }
            BinOp::Pow => {
                if by.is_negative() {
                    let (fx, fy) = (bx.to_f64().unwrap_or(f64::INFINITY), by.to_f64().unwrap_or(f64::INFINITY));
                    return self.float_binary(op, fx, fy).map(Some);
                }
                let e = by.to_u32().ok_or_else(|| self.err("OverflowError", "exponent too large"))?;
                num_traits::pow(bx, e as usize)
            }
            BinOp::MatMul => unreachable!("matmul handled"),
        };
        Ok(Some(self.int_value(r)))
    }

    fn float_binary(&mut self, op: BinOp, x: f64, y: f64) -> PyResult<Value> {
        let r = match op {
            BinOp::Add => x + y,
            BinOp::Sub => x - y,
            BinOp::Mul => x * y,
            BinOp::TrueDiv => {
                if y == 0.0 {
                    return Err(self.zero_div("float division by zero"));
                }
                x / y
            }
            BinOp::FloorDiv => {
                if y == 0.0 {
                    return Err(self.zero_div("float floor division by zero"));
                }
                (x / y).floor()
            }
            BinOp::Mod => {
                if y == 0.0 {
                    return Err(self.zero_div("float modulo"));
                }
                let m = x % y;
                if m != 0.0 && ((m < 0.0) != (y < 0.0)) {
                    m + y
                } else if m == 0.0 {
                    0.0f64.copysign(y)
                } else {
                    m
                }
            }
            BinOp::Pow => {
                if x == 0.0 && y < 0.0 {
                    return Err(self.zero_div("0.0 cannot be raised to a negative power"));
                }
                if x < 0.0 && y.fract() != 0.0 {
                    return Err(self.err("NotImplementedError", "hilt does not support complex numbers yet"));
                }
                let r = x.powf(y);
                if r.is_infinite() && x.is_finite() && y.is_finite() {
                    return Err(self.err("OverflowError", "(34, 'Numerical result out of range')"));
                }
                r
            }
            _ => {
                return Err(self.err("TypeError", &format!("unsupported operand type(s) for {}: 'float' and 'float'", op.symbol())));
            }
        };
        Ok(Value::Float(r))
    }

    /// `a op b` when it runs no Python code: any operator on two numbers
    /// (ints, floats, bools, big ints), or a sequence concatenation or
    /// repeat: `+` of two strs, lists, tuples or bytes (the same
    /// kind), `*` of one of them and a small int. None otherwise (or if it
    /// fails, e.g. a repeat too large: the interpreter raises that). The
    /// JIT's fast path for what its inline arithmetic does not cover.
    pub(crate) fn binary_hit(&mut self, op: BinOp, a: Value, b: Value, inplace: bool) -> Option<Value> {
        let number = |v: Value| match v {
            Value::Int(_) | Value::Float(_) | Value::Bool(_) => true,
            Value::Obj(r) => matches!(self.heap.get(r), Obj::BigInt(_)),
            _ => false,
        };
        if number(a) && number(b) {
            // Every operator on two numbers (`**`, shifts, big ints):
            // arithmetic only, an error is the interpreter's to raise.
            return self.num_binary(op, a, b).ok().flatten();
        }
        if let (BinOp::Mod, Value::Obj(x)) = (op, a) {
            // `"fmt" % args` whose arguments format without Python code
            // (numbers, strs, None); an error is the interpreter's to raise.
            if matches!(self.heap.get(x), Obj::Str(_)) && self.formats_natively(b) {
                let s = crate::builtins::format::percent_format(self, a, b).ok()?;
                return Some(self.new_str(s));
            }
            return None;
        }
        let plain = |o: &Obj| matches!(o, Obj::Str(_) | Obj::List(_) | Obj::Tuple(_) | Obj::Bytes(_));
        let ok = match (op, a, b) {
            (BinOp::Add, Value::Obj(x), Value::Obj(y)) => {
                let (x, y) = (self.heap.get(x), self.heap.get(y));
                plain(x) && std::mem::discriminant(x) == std::mem::discriminant(y)
            }
            (BinOp::Mul, Value::Obj(x), Value::Int(_)) | (BinOp::Mul, Value::Int(_), Value::Obj(x)) => plain(self.heap.get(x)),
            _ => false,
        };
        if !ok {
            return None;
        }
        self.seq_binary(op, a, b, inplace).ok().flatten()
    }

    /// Whether `%` formatting of `args` (a value or a tuple of them) runs no
    /// Python code: every value a number, a str or None.
    fn formats_natively(&self, args: Value) -> bool {
        let scalar = |v: &Value| match v {
            Value::Int(_) | Value::Float(_) | Value::Bool(_) | Value::None => true,
            Value::Obj(r) => matches!(self.heap.get(*r), Obj::Str(_) | Obj::BigInt(_)),
            _ => false,
        };
        match args {
            Value::Obj(r) => match self.heap.get(r) {
                Obj::Tuple(xs) => xs.iter().all(scalar),
                _ => scalar(&args),
            },
            _ => scalar(&args),
        }
    }

    /// Sequence operators on builtin types (str/list/tuple/bytes + and *).
    fn seq_binary(&mut self, op: BinOp, a: Value, b: Value, inplace: bool) -> PyResult<Option<Value>> {
        if let (BinOp::Mul, Value::Obj(ra), Value::Obj(rb)) = (op, a, b) {
            // big int * sequence: the sequence's repeat, which cannot fit the count.
            if matches!(self.heap.get(ra), Obj::BigInt(_)) && !matches!(self.heap.get(rb), Obj::BigInt(_)) {
                return self.seq_binary(op, b, a, false);
            }
        }
        let (Value::Obj(ra), vb) = (a, b) else {
            if let (Value::Int(n), Value::Obj(_), BinOp::Mul) = (a, b, op) {
                return self.seq_binary(op, b, Value::Int(n), false);
            }
            if let (Value::Bool(n), Value::Obj(_), BinOp::Mul) = (a, b, op) {
                return self.seq_binary(op, b, Value::Int(n as i64), false);
            }
            return Ok(None);
        };
        match (op, vb) {
            (BinOp::Add, Value::Obj(rb)) => {
                let r = match (self.heap.get(ra), self.heap.get(rb)) {
                    (Obj::Str(x), Obj::Str(y)) => {
                        let mut s = String::with_capacity(x.s.len() + y.s.len());
                        s.push_str(&x.s);
                        s.push_str(&y.s);
                        Some(Obj::Str(crate::object::PyStr::new(s)))
                    }
                    (Obj::List(x), Obj::List(y)) => {
                        if inplace {
                            let y = y.clone();
                            if let Obj::List(x) = self.heap.get_mut(ra) {
                                x.extend(y);
                            }
                            return Ok(Some(a));
                        }
                        Some(Obj::List(concat(x, y)))
                    }
                    (Obj::Tuple(x), Obj::Tuple(y)) => Some(Obj::Tuple(concat(x, y))),
                    (Obj::Bytes(x), Obj::Bytes(y)) => Some(Obj::Bytes(concat(x, y))),
                    (Obj::List(_), _) if inplace => {
                        let items = self.collect_iter(vb)?;
                        if let Obj::List(x) = self.heap.get_mut(ra) {
                            x.extend(items);
                        }
                        return Ok(Some(a));
                    }
                    _ => None,
                };
                Ok(r.map(|o| self.alloc(o)))
            }
            (BinOp::Mul, Value::Obj(rb))
                if matches!(self.heap.get(rb), Obj::BigInt(_))
                    && matches!(self.heap.get(ra), Obj::Str(_) | Obj::List(_) | Obj::Tuple(_) | Obj::Bytes(_)) =>
            {
                Err(self.err("OverflowError", "cannot fit 'int' into an index-sized integer"))
            }
            (BinOp::Mul, Value::Int(_) | Value::Bool(_)) => {
                let n = match vb {
                    Value::Int(n) => n,
                    Value::Bool(b) => b as i64,
                    _ => 0,
                }
                .max(0) as usize;
                let r = match self.heap.get(ra) {
                    Obj::Str(x) => Some(Obj::Str(crate::object::PyStr::new(x.s.repeat(n)))),
                    Obj::List(x) => {
                        let mut v = Vec::with_capacity(x.len() * n);
                        for _ in 0..n {
                            v.extend_from_slice(x);
                        }
                        if inplace {
                            if let Obj::List(x) = self.heap.get_mut(ra) {
                                *x = v;
                            }
                            return Ok(Some(a));
                        }
                        Some(Obj::List(v))
                    }
                    Obj::Tuple(x) => {
                        let mut v = Vec::with_capacity(x.len() * n);
                        for _ in 0..n {
                            v.extend_from_slice(x);
                        }
                        Some(Obj::Tuple(v))
                    }
                    Obj::Bytes(x) => Some(Obj::Bytes(x.repeat(n))),
                    _ => None,
                };
                Ok(r.map(|o| self.alloc(o)))
            }
            (BinOp::Mod, _) => {
                if let Obj::Str(_) = self.heap.get(ra) {
                    let s = crate::builtins::format::percent_format(self, a, b)?;
                    return Ok(Some(self.new_str(s)));
                }
                Ok(None)
            }
            (BinOp::Or | BinOp::And | BinOp::Sub | BinOp::Xor, Value::Obj(rb)) => {
                let is_set = |o: &Obj| matches!(o, Obj::Set { .. });
                if is_set(self.heap.get(ra)) && is_set(self.heap.get(rb)) {
                    return crate::builtins::methods::set_binary(self, op, a, b, inplace).map(Some);
                }
                if op == BinOp::Or && matches!(self.heap.get(ra), Obj::Dict(_)) && matches!(self.heap.get(rb), Obj::Dict(_)) {
                    let d = if inplace { ra } else { crate::builtins::methods::dict_copy(self, ra)? };
                    self.temp_roots.push(Value::Obj(d));
                    let r = self.dict_update(d, b);
                    self.temp_roots.pop();
                    r?;
                    return Ok(Some(Value::Obj(d)));
                }
                Ok(None)
            }
            _ => Ok(None),
        }
    }

    /// `a op b` (and `a op= b` when `inplace`).
    pub fn binary(&mut self, op: BinOp, a: Value, b: Value, inplace: bool) -> PyResult<Value> {
        if let Some(r) = binary_fast(op, a, b) {
            return Ok(r);
        }
        if let Some(r) = self.num_binary(op, a, b)? {
            return Ok(r);
        }
        if let Some(r) = self.seq_binary(op, a, b, inplace)? {
            return Ok(r);
        }
        let (name, rname, iname) = op.dunders();
        let (ta, tb) = (self.type_of(a), self.type_of(b));
        if inplace {
            if let Some(r) = self.try_dunder(ta, iname, a, b)? {
                return Ok(r);
            }
        }
        // A subclass's reflected method goes first.
        let b_first = ta != tb && self.is_subclass(tb, ta) && self.user_method(tb, rname).is_some();
        if !b_first {
            if let Some(r) = self.try_dunder(ta, name, a, b)? {
                return Ok(r);
            }
            return self.binary_after_left(op, a, b, inplace);
        }
        if let Some(r) = self.try_dunder(tb, rname, b, a)? {
            return Ok(r);
        }
        if let Some(r) = self.try_dunder(ta, name, a, b)? {
            return Ok(r);
        }
        Err(self.binary_type_error(op, a, b, inplace))
    }

    /// The rest of `a op b` (`b_first` aside) once the left operand's
    /// method is missing or said NotImplemented: the right operand's
    /// reflected method, if it is of another type (as in CPython, `a + a`
    /// never calls `__radd__`), else the TypeError. Also where a direct
    /// call of the left method from machine code goes on.
    pub(crate) fn binary_after_left(&mut self, op: BinOp, a: Value, b: Value, inplace: bool) -> PyResult<Value> {
        let (_, rname, _) = op.dunders();
        let (ta, tb) = (self.type_of(a), self.type_of(b));
        if ta != tb {
            if let Some(r) = self.try_dunder(tb, rname, b, a)? {
                return Ok(r);
            }
        }
        Err(self.binary_type_error(op, a, b, inplace))
    }

    /// The TypeError of `a op b` for operands that do not support it.
    fn binary_type_error(&mut self, op: BinOp, a: Value, b: Value, inplace: bool) -> super::Exc {
        let (na, nb) = (self.type_name(a), self.type_name(b));
        let sym = if inplace { format!("{}=", op.symbol()) } else { op.symbol().to_string() };
        if op == BinOp::Add && &*na == "str" {
            return self.err("TypeError", &format!("can only concatenate str (not \"{nb}\") to str"));
        }
        let is_seq = |n: &str| matches!(n, "str" | "list" | "tuple" | "bytes");
        if op == BinOp::Mul && (is_seq(&na) || is_seq(&nb)) && !inplace {
            let other = if is_seq(&na) { &nb } else { &na };
            return self.err("TypeError", &format!("can't multiply sequence by non-int of type '{other}'"));
        }
        if op == BinOp::Add && &*na == "list" {
            return self.err("TypeError", &format!("can only concatenate list (not \"{nb}\") to list"));
        }
        self.err("TypeError", &format!("unsupported operand type(s) for {sym}: '{na}' and '{nb}'"))
    }

    /// Call `cls.name(a, b)` if a user class defines it; None when it is
    /// missing or returns NotImplemented.
    fn try_dunder(&mut self, cls: ObjRef, name: &'static str, a: Value, b: Value) -> PyResult<Option<Value>> {
        let Some(m) = self.user_method(cls, name) else { return Ok(None) };
        let r = self.call(m, &[a, b], &[])?;
        Ok(if matches!(r, Value::NotImplemented) { None } else { Some(r) })
    }

    /// A method defined in Python on a user class (not a builtin's native one).
    pub(crate) fn user_method(&self, cls: ObjRef, name: &'static str) -> Option<Value> {
        let m = self.lookup_type_static(cls, name)?;
        if self.is_native(m) {
            return None;
        }
        Some(m)
    }

    pub fn unary(&mut self, op: Op, v: Value) -> PyResult<Value> {
        match (op, v) {
            (Op::Neg, Value::Int(i)) => match i.checked_neg() {
                Some(r) => return Ok(Value::Int(r)),
                None => return Ok(self.int_value(-BigInt::from(i))),
            },
            (Op::Neg, Value::Bool(b)) => return Ok(Value::Int(-(b as i64))),
            (Op::Neg, Value::Float(f)) => return Ok(Value::Float(-f)),
            (Op::Pos, Value::Int(_) | Value::Float(_)) => return Ok(v),
            (Op::Pos, Value::Bool(b)) => return Ok(Value::Int(b as i64)),
            (Op::Invert, Value::Int(i)) => return Ok(Value::Int(!i)),
            (Op::Invert, Value::Bool(b)) => return Ok(Value::Int(!(b as i64))),
            _ => {}
        }
        if let Some(b) = self.to_bigint(v) {
            let r = match op {
                Op::Neg => -b,
                Op::Pos => b,
                _ => -b - 1u32,
            };
            return Ok(self.int_value(r));
        }
        let name = match op {
            Op::Neg => "__neg__",
            Op::Pos => "__pos__",
            _ => "__invert__",
        };
        let t = self.type_of(v);
        if let Some(m) = self.user_method(t, name) {
            return self.call(m, &[v], &[]);
        }
        let sym = match op {
            Op::Neg => "-",
            Op::Pos => "+",
            _ => "~",
        };
        let tn = self.type_name(v);
        Err(self.err("TypeError", &format!("bad operand type for unary {sym}: '{tn}'")))
    }

    pub fn truthy(&mut self, v: Value) -> PyResult<bool> {
        if let Some(b) = self.truth_hit(v) {
            return Ok(b);
        }
        let Value::Obj(r) = v else { return Ok(true) };
        let Obj::Instance(i) = self.heap.get(r) else { return Ok(true) };
        let cls = i.class;
        if let Some(m) = self.user_method(cls, "__bool__") {
            let r = self.call(m, &[v], &[])?;
            return match r {
                Value::Bool(b) => Ok(b),
                _ => Err(self.err("TypeError", "__bool__ should return bool")),
            };
        }
        if let Some(m) = self.user_method(cls, "__len__") {
            let r = self.call(m, &[v], &[])?;
            return self.truthy(r);
        }
        Ok(true)
    }

    /// `bool(v)` when no Python code decides it (anything but an
    /// instance); None for an instance.
    pub(crate) fn truth_hit(&self, v: Value) -> Option<bool> {
        Some(match v {
            Value::None | Value::Undef => false,
            Value::Bool(b) => b,
            Value::Int(i) => i != 0,
            Value::Float(f) => f != 0.0,
            Value::NotImplemented | Value::Ellipsis => true,
            Value::Obj(r) => match self.heap.get(r) {
                Obj::Str(s) => !s.s.is_empty(),
                Obj::Bytes(b) => !b.is_empty(),
                Obj::BigInt(b) => !b.is_zero(),
                Obj::Tuple(x) | Obj::List(x) => !x.is_empty(),
                Obj::Dict(d) | Obj::Set { items: d, .. } => !d.is_empty(),
                Obj::Range { .. } => crate::builtins::range_len(self.heap.get(r)) > 0,
                Obj::Instance(_) => return None,
                Obj::DictView { dict, .. } => self.dict_len(*dict) > 0,
                _ => true,
            },
        })
    }

    /// Ordering of two builtin values, when defined natively.
    pub fn cmp_builtin(&mut self, a: Value, b: Value) -> PyResult<Option<Ordering>> {
        if let (Value::Int(x), Value::Int(y)) = (a, b) {
            return Ok(Some(x.cmp(&y)));
        }
        if let (Some(x), Some(y)) = (self.num(a), self.num(b)) {
            return Ok(match (x, y) {
                (Num::F(x), Num::F(y)) => x.partial_cmp(&y),
                (Num::F(x), Num::I(y)) => cmp_float_int(x, &BigInt::from(y)),
                (Num::I(x), Num::F(y)) => cmp_float_int(y, &BigInt::from(x)).map(|o| o.reverse()),
                (Num::F(x), Num::B(y)) => cmp_float_int(x, &y),
                (Num::B(x), Num::F(y)) => cmp_float_int(y, &x).map(|o| o.reverse()),
                (x, y) => {
                    let bx = x.into_big();
                    let by = y.into_big();
                    Some(bx.cmp(&by))
                }
            });
        }
        let (Value::Obj(ra), Value::Obj(rb)) = (a, b) else { return Ok(None) };
        match (self.heap.get(ra), self.heap.get(rb)) {
            (Obj::Str(x), Obj::Str(y)) => Ok(Some(x.s.cmp(&y.s))),
            (Obj::Bytes(x), Obj::Bytes(y)) => Ok(Some(x.cmp(y))),
            (Obj::List(x), Obj::List(y)) | (Obj::Tuple(x), Obj::Tuple(y)) => {
                let (x, y) = (x.clone(), y.clone());
                for (p, q) in x.iter().zip(y.iter()) {
                    if !self.eq(*p, *q)? {
                        let lt = self.compare(CmpOp::Lt, *p, *q)?;
                        return Ok(Some(if self.truthy(lt)? { Ordering::Less } else { Ordering::Greater }));
                    }
                }
                Ok(Some(x.len().cmp(&y.len())))
            }
            _ => Ok(None),
        }
    }

    /// `a op b` when it runs no Python code and cannot fail (what the
    /// interpreter and the JIT's fast path do without `compare`): small
    /// ints, floats, identity, two strs, a str `in` a str, an int or str
    /// `in` a dict or set, `in` a tuple or list whose items compare
    /// without Python code.
    #[inline(always)]
    pub(crate) fn compare_hit(&self, op: CmpOp, a: Value, b: Value) -> Option<Value> {
        if let Some(r) = compare_fast(op, a, b) {
            return Some(r);
        }
        if let (CmpOp::In | CmpOp::NotIn, Value::Obj(y)) = (op, b) {
            let found = match self.heap.get(y) {
                Obj::Dict(d) | Obj::Set { items: d, .. } => Some(self.dict_contains_plain(d, a)?),
                // Each item compared without Python code, or none is.
                Obj::Tuple(xs) | Obj::List(xs) => xs.iter().map(|&x| self.eq_fast(x, a)).try_fold(false, |acc, e| Some(acc || e?)),
                _ => None,
            };
            if let Some(found) = found {
                return Some(Value::Bool(found == (op == CmpOp::In)));
            }
        }
        let (Value::Obj(x), Value::Obj(y)) = (a, b) else { return None };
        let (Obj::Str(s), Obj::Str(t)) = (self.heap.get(x), self.heap.get(y)) else { return None };
        Some(Value::Bool(match op {
            CmpOp::In => t.s.contains(&*s.s),
            CmpOp::NotIn => !t.s.contains(&*s.s),
            // UTF-8 byte order is code point order.
            _ => ordered(op, &*s.s, &*t.s),
        }))
    }

    pub fn compare(&mut self, op: CmpOp, a: Value, b: Value) -> PyResult<Value> {
        // Ints, floats, identity, two strs (str cannot be subclassed here,
        // so no dunder can differ).
        if let Some(r) = self.compare_hit(op, a, b) {
            return Ok(r);
        }
        match op {
            CmpOp::In => return Ok(Value::Bool(self.contains(b, a)?)),
            CmpOp::NotIn => return Ok(Value::Bool(!self.contains(b, a)?)),
            _ => {}
        }
        // User-defined rich comparisons first.
        let (ta, tb) = (self.type_of(a), self.type_of(b));
        let (name, rname) = match op {
            CmpOp::Lt => ("__lt__", "__gt__"),
            CmpOp::Le => ("__le__", "__ge__"),
            CmpOp::Eq => ("__eq__", "__eq__"),
            CmpOp::Ne => ("__ne__", "__ne__"),
            CmpOp::Gt => ("__gt__", "__lt__"),
            _ => ("__ge__", "__le__"),
        };
        if let Some(r) = self.try_dunder(ta, name, a, b)? {
            return Ok(r);
        }
        if let Some(r) = self.try_dunder(tb, rname, b, a)? {
            return Ok(r);
        }
        if op == CmpOp::Ne {
            if let Some(m) = self.user_method(ta, "__eq__") {
                let r = self.call(m, &[a, b], &[])?;
                if !matches!(r, Value::NotImplemented) {
                    let t = self.truthy(r)?;
                    return Ok(Value::Bool(!t));
                }
            }
        }
        if matches!(op, CmpOp::Eq | CmpOp::Ne) {
            let eq = self.eq_builtin(a, b)?;
            return Ok(Value::Bool(if op == CmpOp::Eq { eq } else { !eq }));
        }
        match self.cmp_builtin(a, b)? {
            Some(o) => Ok(Value::Bool(match op {
                CmpOp::Lt => o == Ordering::Less,
                CmpOp::Le => o != Ordering::Greater,
                CmpOp::Gt => o == Ordering::Greater,
                _ => o != Ordering::Less,
            })),
            None => {
                if let (Some(x), Some(y)) = (self.to_f64(a), self.to_f64(b)) {
                    if x.is_nan() || y.is_nan() {
                        return Ok(Value::Bool(false));
                    }
                }
                let (na, nb) = (self.type_name(a), self.type_name(b));
                Err(self.err("TypeError", &format!("'{}' not supported between instances of '{na}' and '{nb}'", op.symbol())))
            }
        }
    }

    /// `==` for builtin values (containers compare element-wise).
    fn eq_builtin(&mut self, a: Value, b: Value) -> PyResult<bool> {
        if let Some(r) = self.eq_fast(a, b) {
            return Ok(r);
        }
        if let (Some(x), Some(y)) = (self.num(a), self.num(b)) {
            let _ = (x, y);
            return Ok(self.cmp_builtin(a, b)? == Some(Ordering::Equal));
        }
        let (Value::Obj(ra), Value::Obj(rb)) = (a, b) else { return Ok(false) };
        match (self.heap.get(ra), self.heap.get(rb)) {
            (Obj::List(x), Obj::List(y)) | (Obj::Tuple(x), Obj::Tuple(y)) => {
                if x.len() != y.len() {
                    return Ok(false);
                }
                let (x, y) = (x.clone(), y.clone());
                for (p, q) in x.iter().zip(y.iter()) {
                    if !self.eq(*p, *q)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            (Obj::Dict(x), Obj::Dict(y)) => {
                if x.len() != y.len() {
                    return Ok(false);
                }
                for (k, v) in self.dict_entries(ra) {
                    match self.dict_get(rb, k)? {
                        Some(w) => {
                            if !self.eq(v, w)? {
                                return Ok(false);
                            }
                        }
                        None => return Ok(false),
                    }
                }
                Ok(true)
            }
            (Obj::Set { items: x, .. }, Obj::Set { items: y, .. }) => {
                if x.len() != y.len() {
                    return Ok(false);
                }
                for (k, _) in self.dict_entries(ra) {
                    if !self.set_contains(rb, k)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            (Obj::Range { start: a1, stop: b1, step: c1 }, Obj::Range { start: a2, stop: b2, step: c2 }) => Ok((a1, b1, c1) == (a2, b2, c2)),
            (Obj::DictView { dict: d1, kind: k1 }, Obj::DictView { dict: d2, kind: k2 }) if k1 == k2 => {
                let (d1, d2) = (*d1, *d2);
                let (x, y) = (self.dict_entries(d1), self.dict_entries(d2));
                if x.len() != y.len() {
                    return Ok(false);
                }
                for (k, _) in x {
                    if self.dict_get(d2, k)?.is_none() {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// `item in container`.
    pub fn contains(&mut self, container: Value, item: Value) -> PyResult<bool> {
        if let Value::Obj(r) = container {
            match self.heap.get(r) {
                Obj::Str(s) => {
                    return match self.as_str(item) {
                        Some(sub) => Ok(s.s.contains(sub)),
                        None => {
                            let t = self.type_name(item);
                            Err(self.err("TypeError", &format!("'in <string>' requires string as left operand, not {t}")))
                        }
                    };
                }
                Obj::List(xs) | Obj::Tuple(xs) => {
                    let n = xs.len();
                    for i in 0..n {
                        let x = match self.heap.get(r) {
                            Obj::List(xs) | Obj::Tuple(xs) => match xs.get(i) {
                                Some(x) => *x,
                                None => break,
                            },
                            _ => break,
                        };
                        if self.eq(x, item)? {
                            return Ok(true);
                        }
                    }
                    return Ok(false);
                }
                Obj::Dict(_) | Obj::Set { .. } => return Ok(self.dict_get(r, item)?.is_some()),
                Obj::DictView { dict, kind } => {
                    let (d, kind) = (*dict, *kind);
                    if kind == crate::object::DictIterKind::Keys {
                        return Ok(self.dict_get(d, item)?.is_some());
                    }
                }
                Obj::Range { start, stop, step } => {
                    let (start, stop, step) = (*start, *stop, *step);
                    if let Value::Int(i) = item {
                        let inr = if step > 0 { i >= start && i < stop } else { i <= start && i > stop };
                        return Ok(inr && (i - start) % step == 0);
                    }
                }
                Obj::Bytes(b) => {
                    if let Value::Int(i) = item {
                        return Ok(b.contains(&(i as u8)));
                    }
                    if let Value::Obj(x) = item {
                        if let Obj::Bytes(sub) = self.heap.get(x) {
                            return Ok(sub.is_empty() || b.windows(sub.len()).any(|w| w == &sub[..]));
                        }
                    }
                }
                Obj::Instance(i) => {
                    let cls = i.class;
                    if let Some(m) = self.user_method(cls, "__contains__") {
                        let r = self.call(m, &[container, item], &[])?;
                        return self.truthy(r);
                    }
                }
                _ => {}
            }
        }
        let it = self.get_iter(container)?;
        self.temp_roots.push(it);
        let r = loop {
            match self.next(it) {
                Ok(Some(x)) => match self.eq(x, item) {
                    Ok(true) => break Ok(true),
                    Ok(false) => {}
                    Err(e) => break Err(e),
                },
                Ok(None) => break Ok(false),
                Err(e) => break Err(e),
            }
        };
        self.temp_roots.pop();
        r
    }

    /// Normalize an index for a sequence of length `n`.
    pub fn seq_index(&mut self, idx: Value, n: usize, what: &str) -> PyResult<usize> {
        let i = match idx {
            Value::Int(i) => i,
            Value::Bool(b) => b as i64,
            Value::Obj(r) if matches!(self.heap.get(r), Obj::BigInt(_)) => {
                return Err(self.err("IndexError", "cannot fit 'int' into an index-sized integer"));
            }
            _ => {
                let t = self.type_name(idx);
                return Err(self.err("TypeError", &format!("{what} indices must be integers or slices, not {t}")));
            }
        };
        let j = if i < 0 { i + n as i64 } else { i };
        if j < 0 || j >= n as i64 {
            return Err(self.err("IndexError", &format!("{what} index out of range")));
        }
        Ok(j as usize)
    }

    /// Resolve a slice against length n: (start, stop, step) with Python's clamping.
    pub fn slice_indices(&mut self, s: ObjRef, n: usize) -> PyResult<(i64, i64, i64)> {
        let Obj::Slice { start, stop, step } = self.heap.get(s) else { unreachable!("slice") };
        let (start, stop, step) = (*start, *stop, *step);
        let get = |vm: &mut Vm, v: Value| -> PyResult<Option<i64>> {
            match v {
                Value::None => Ok(None),
                Value::Int(i) => Ok(Some(i)),
                Value::Bool(b) => Ok(Some(b as i64)),
                _ => Err(vm.err("TypeError", "slice indices must be integers or None or have an __index__ method")),
            }
        };
        let step = get(self, step)?.unwrap_or(1);
        if step == 0 {
            return Err(self.err("ValueError", "slice step cannot be zero"));
        }
        let (a, b) = Self::clamp_slice(n, get(self, start)?, get(self, stop)?, step);
        Ok((a, b, step))
    }

    /// A slice's start and stop (None: left out) against length `n`, for
    /// a nonzero `step`, with Python's clamping.
    pub(crate) fn clamp_slice(n: usize, start: Option<i64>, stop: Option<i64>, step: i64) -> (i64, i64) {
        let n = n as i64;
        let clamp = |v: Option<i64>, default: i64| -> i64 {
            match v {
                None => default,
                Some(i) => {
                    let i = if i < 0 { i + n } else { i };
                    if step > 0 {
                        i.clamp(0, n)
                    } else {
                        i.clamp(-1, n - 1)
                    }
                }
            }
        };
        let (ds, de) = if step > 0 { (0, n) } else { (n - 1, -1) };
        (clamp(start, ds), clamp(stop, de))
    }

    /// The items of `xs[a:b:step]` (clamped by `clamp_slice`).
    pub(crate) fn slice_items(xs: &[Value], a: i64, b: i64, step: i64) -> Vec<Value> {
        if step == 1 {
            xs[a as usize..b.max(a) as usize].to_vec()
        } else {
            Self::slice_iter(a, b, step).map(|i| xs[i]).collect()
        }
    }

    fn slice_positions(a: i64, b: i64, step: i64) -> Vec<usize> {
        Self::slice_iter(a, b, step).collect()
    }

    /// The positions a slice `a:b:step` (already clamped) selects, in order.
    fn slice_iter(a: i64, b: i64, step: i64) -> impl ExactSizeIterator<Item = usize> {
        // Counted as usize so the iterator knows its length (one allocation).
        let n = if step > 0 && b > a {
            (b - a + step - 1) / step
        } else if step < 0 && a > b {
            (a - b - step - 1) / -step
        } else {
            0
        };
        (0..n as usize).map(move |k| (a + k as i64 * step) as usize)
    }

    pub fn get_item(&mut self, o: Value, k: Value) -> PyResult<Value> {
        if let Value::Obj(r) = o {
            let is_slice = matches!(k, Value::Obj(kr) if matches!(self.heap.get(kr), Obj::Slice { .. }));
            match self.heap.get(r) {
                Obj::List(xs) | Obj::Tuple(xs) if !is_slice => {
                    let n = xs.len();
                    let what = if matches!(self.heap.get(r), Obj::List(_)) { "list" } else { "tuple" };
                    let i = self.seq_index(k, n, what)?;
                    return Ok(match self.heap.get(r) {
                        Obj::List(xs) | Obj::Tuple(xs) => xs[i],
                        _ => unreachable!("sequence"),
                    });
                }
                Obj::List(xs) | Obj::Tuple(xs) => {
                    let n = xs.len();
                    let (a, b, st) = self.slice_indices(k.as_obj().expect("slice"), n)?;
                    let (items, is_list) = match self.heap.get(r) {
                        Obj::List(xs) | Obj::Tuple(xs) => (Self::slice_items(xs, a, b, st), matches!(self.heap.get(r), Obj::List(_))),
                        _ => unreachable!("sequence"),
                    };
                    return Ok(if is_list { self.new_list(items) } else { self.new_tuple(items) });
                }
                Obj::Str(s) => {
                    if is_slice {
                        let n = s.chars;
                        let (a, b, st) = self.slice_indices(k.as_obj().expect("slice"), n)?;
                        let Obj::Str(s) = self.heap.get(r) else { unreachable!("str") };
                        let out: String = if st == 1 {
                            if a < b {
                                s.slice_chars(a as usize, b as usize).to_string()
                            } else {
                                String::new()
                            }
                        } else {
                            let chars: Vec<char> = s.s.chars().collect();
                            Self::slice_positions(a, b, st).iter().map(|i| chars[*i]).collect()
                        };
                        return Ok(self.new_str(out));
                    }
                    let n = s.chars;
                    let i = self.seq_index(k, n, "string")?;
                    let Obj::Str(s) = self.heap.get(r) else { unreachable!("str") };
                    let c = s.char_at(i);
                    return Ok(self.char_str(c));
                }
                Obj::Bytes(b) => {
                    let n = b.len();
                    if is_slice {
                        let (a, e, st) = self.slice_indices(k.as_obj().expect("slice"), n)?;
                        let Obj::Bytes(b) = self.heap.get(r) else { unreachable!("bytes") };
                        let out: Vec<u8> = Self::slice_positions(a, e, st).iter().map(|i| b[*i]).collect();
                        return Ok(self.alloc(Obj::Bytes(out)));
                    }
                    let i = self.seq_index(k, n, "index")?;
                    let Obj::Bytes(b) = self.heap.get(r) else { unreachable!("bytes") };
                    return Ok(Value::Int(b[i] as i64));
                }
                Obj::Dict(_) => {
                    return match self.dict_get(r, k)? {
                        Some(v) => Ok(v),
                        None => {
                            let ks = self.repr(k)?;
                            let e = self.err("KeyError", "");
                            if let Some(d) = self.exc_data(e.0) {
                                let _ = d;
                            }
                            let kv = self.new_str(ks);
                            let _ = kv;
                            let args = self.new_tuple(vec![k]);
                            let cls = self.ty("KeyError");
                            Err(self.new_exception(cls, args))
                        }
                    };
                }
                Obj::Range { .. } => {
                    let n = crate::builtins::range_len(self.heap.get(r));
                    let Obj::Range { start, step, .. } = self.heap.get(r) else { unreachable!("range") };
                    let (start, step) = (*start, *step);
                    if is_slice {
                        let (a, b, st) = self.slice_indices(k.as_obj().expect("slice"), n)?;
                        return Ok(self.alloc(Obj::Range { start: start + a * step, stop: start + b * step, step: st * step }));
                    }
                    let i = self.seq_index(k, n, "range object")?;
                    return Ok(Value::Int(start + i as i64 * step));
                }
                Obj::Instance(i) => {
                    let cls = i.class;
                    if let Some(m) = self.lookup_type(cls, "__getitem__") {
                        return self.call(m, &[o, k], &[]);
                    }
                }
                Obj::Class(c) => {
                    let builtin = c.kind == crate::object::TypeKind::Builtin;
                    if self.lookup_type(r, "__class_getitem__").is_some() {
                        let m = self.get_attr(o, "__class_getitem__")?;
                        return self.call(m, &[k], &[]);
                    }
                    if builtin {
                        // `list[int]` style generic aliases: keep the class.
                        return Ok(o);
                    }
                    let n = self.class_name(r);
                    return Err(self.err("TypeError", &format!("type '{n}' is not subscriptable")));
                }
                _ => {}
            }
        }
        let t = self.type_name(o);
        Err(self.err("TypeError", &format!("'{t}' object is not subscriptable")))
    }

    pub fn set_item(&mut self, o: Value, k: Value, v: Value) -> PyResult<()> {
        if let Value::Obj(r) = o {
            let is_slice = matches!(k, Value::Obj(kr) if matches!(self.heap.get(kr), Obj::Slice { .. }));
            match self.heap.get(r) {
                Obj::List(xs) => {
                    let n = xs.len();
                    if is_slice {
                        let items = self.collect_iter(v)?;
                        let (a, b, st) = self.slice_indices(k.as_obj().expect("slice"), n)?;
                        let Obj::List(xs) = self.heap.get_mut(r) else { unreachable!("list") };
                        if st == 1 {
                            let b = b.max(a);
                            xs.splice(a as usize..b as usize, items);
                        } else {
                            let pos = Self::slice_positions(a, b, st);
                            if pos.len() != items.len() {
                                let msg = format!("attempt to assign sequence of size {} to extended slice of size {}", items.len(), pos.len());
                                return Err(self.err("ValueError", &msg));
                            }
                            for (p, x) in pos.into_iter().zip(items) {
                                xs[p] = x;
                            }
                        }
                        return Ok(());
                    }
                    let i = self.seq_index(k, n, "list assignment")?;
                    if let Obj::List(xs) = self.heap.get_mut(r) {
                        xs[i] = v;
                    }
                    return Ok(());
                }
                Obj::Dict(_) => return self.dict_set(r, k, v),
                Obj::Instance(i) => {
                    let cls = i.class;
                    if let Some(m) = self.lookup_type(cls, "__setitem__") {
                        self.call(m, &[o, k, v], &[])?;
                        return Ok(());
                    }
                }
                _ => {}
            }
        }
        let t = self.type_name(o);
        Err(self.err("TypeError", &format!("'{t}' object does not support item assignment")))
    }

    pub fn del_item(&mut self, o: Value, k: Value) -> PyResult<()> {
        if let Value::Obj(r) = o {
            let is_slice = matches!(k, Value::Obj(kr) if matches!(self.heap.get(kr), Obj::Slice { .. }));
            match self.heap.get(r) {
                Obj::List(xs) => {
                    let n = xs.len();
                    if is_slice {
                        let (a, b, st) = self.slice_indices(k.as_obj().expect("slice"), n)?;
                        let mut pos = Self::slice_positions(a, b, st);
                        pos.sort_unstable();
                        let Obj::List(xs) = self.heap.get_mut(r) else { unreachable!("list") };
                        for p in pos.into_iter().rev() {
                            xs.remove(p);
                        }
                        return Ok(());
                    }
                    let i = self.seq_index(k, n, "list assignment")?;
                    if let Obj::List(xs) = self.heap.get_mut(r) {
                        xs.remove(i);
                    }
                    return Ok(());
                }
                Obj::Dict(_) => {
                    if self.dict_remove(r, k)?.is_none() {
                        let args = self.new_tuple(vec![k]);
                        let cls = self.ty("KeyError");
                        return Err(self.new_exception(cls, args));
                    }
                    return Ok(());
                }
                Obj::Instance(i) => {
                    let cls = i.class;
                    if let Some(m) = self.lookup_type(cls, "__delitem__") {
                        self.call(m, &[o, k], &[])?;
                        return Ok(());
                    }
                }
                _ => {}
            }
        }
        let t = self.type_name(o);
        Err(self.err("TypeError", &format!("'{t}' object does not support item deletion")))
    }
}

/// `a / b` for ints, correctly rounded like CPython (not via two lossy
/// conversions): scale so the quotient has 55+ bits, keep a sticky bit for
/// the remainder, let the one conversion round, then scale back exactly.
fn int_true_div(a: &BigInt, b: &BigInt) -> Option<f64> {
    let neg = a.is_negative() != b.is_negative();
    let (a, b) = (a.abs(), b.abs());
    let shift = (55 + b.bits() as i64 - a.bits() as i64).max(0) as usize;
    let (q, r) = (a << shift).div_rem(&b);
    let q2: BigInt = (q << 1u32) | BigInt::from(u8::from(!r.is_zero()));
    let mut f = q2.to_f64()?;
    if f.is_infinite() {
        return None;
    }
    let mut k = shift as i32 + 1;
    while k > 0 {
        let step = k.min(500);
        f /= 2f64.powi(step);
        k -= step;
    }
    Some(if neg { -f } else { f })
}

/// Compare a float with an exact integer without rounding the integer.
fn cmp_float_int(f: f64, i: &BigInt) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 { Ordering::Greater } else { Ordering::Less });
    }
    let fl = f.floor();
    let fi = BigInt::from(fl as i128);
    let fi = if fl.abs() < 1.7e38 { fi } else { <BigInt as num_traits::FromPrimitive>::from_f64(fl).unwrap_or_default() };
    match fi.cmp(i) {
        Ordering::Equal => Some(if f > fl { Ordering::Greater } else { Ordering::Equal }),
        o => Some(o),
    }
}

/// The arithmetic the interpreter loop does inline: small ints whose result
/// fits, and floats (mixed with ints). None for everything else, including
/// overflow and division by zero, which `Vm::binary` handles.
#[inline(always)]
pub fn binary_fast(op: BinOp, a: Value, b: Value) -> Option<Value> {
    let (x, y) = match (a, b) {
        (Value::Int(x), Value::Int(y)) => {
            let r = match op {
                BinOp::Add => x.checked_add(y),
                BinOp::Sub => x.checked_sub(y),
                BinOp::Mul => x.checked_mul(y),
                BinOp::FloorDiv if y != 0 => x.checked_div_euclid(y).map(|_| Integer::div_floor(&x, &y)),
                BinOp::Mod if y != 0 => x.checked_rem(y).map(|_| Integer::mod_floor(&x, &y)),
                BinOp::And => Some(x & y),
                BinOp::Or => Some(x | y),
                BinOp::Xor => Some(x ^ y),
                _ => None,
            };
            return r.map(Value::Int);
        }
        (Value::Float(x), Value::Float(y)) => (x, y),
        (Value::Float(x), Value::Int(y)) => (x, y as f64),
        (Value::Int(x), Value::Float(y)) => (x as f64, y),
        _ => return None,
    };
    match op {
        BinOp::Add => Some(Value::Float(x + y)),
        BinOp::Sub => Some(Value::Float(x - y)),
        BinOp::Mul => Some(Value::Float(x * y)),
        BinOp::TrueDiv if y != 0.0 => Some(Value::Float(x / y)),
        _ => None,
    }
}

/// Comparisons the interpreter loop does inline: identity, and ordering of
/// two ints or two floats.
#[inline(always)]
pub fn compare_fast(op: CmpOp, a: Value, b: Value) -> Option<Value> {
    match (op, a, b) {
        (CmpOp::Is, _, _) => Some(Value::Bool(a.is(&b))),
        (CmpOp::IsNot, _, _) => Some(Value::Bool(!a.is(&b))),
        (CmpOp::In | CmpOp::NotIn, _, _) => None,
        (_, Value::Int(x), Value::Int(y)) => Some(Value::Bool(ordered(op, x, y))),
        (_, Value::Float(x), Value::Float(y)) => Some(Value::Bool(ordered(op, x, y))),
        _ => None,
    }
}

/// `x op y` for an ordering comparison (membership is handled before).
#[inline(always)]
fn ordered<T: PartialOrd>(op: CmpOp, x: T, y: T) -> bool {
    match op {
        CmpOp::Lt => x < y,
        CmpOp::Le => x <= y,
        CmpOp::Eq => x == y,
        CmpOp::Ne => x != y,
        CmpOp::Gt => x > y,
        _ => x >= y,
    }
}

/// `x + y` of two sequences' items: one allocation of the exact size and
/// two copies (a chained iterator's collect went item by item).
fn concat<T: Copy>(x: &[T], y: &[T]) -> Vec<T> {
    let mut v = Vec::with_capacity(x.len() + y.len());
    v.extend_from_slice(x);
    v.extend_from_slice(y);
    v
}
