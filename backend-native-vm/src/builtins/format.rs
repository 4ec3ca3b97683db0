//! Text conversions: `repr()`, `str()`, `format()` with the format-spec
//! mini-language, `%` formatting, and CPython's float repr rules.

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive};

use crate::gc::Heap;
use crate::interp::{PyResult, Vm};
use crate::object::{DictIterKind, Obj, Value};

/// Shortest repr of a float that round-trips, laid out like CPython's
/// (`1e+16`, `1e-05`, `0.1`, `100.0`, `inf`, `nan`).
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0.0".into() } else { "0.0".into() };
    }
    // Rust's `{:e}` gives the shortest round-trip digits: "d.ddde±x".
    let e = format!("{:e}", f);
    let (mant, exp) = e.split_once('e').expect("exponent");
    let exp: i32 = exp.parse().expect("exponent digits");
    let neg = mant.starts_with('-');
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    let sign = if neg { "-" } else { "" };
    if (-4..16).contains(&exp) {
        let n = digits.len() as i32;
        let s = if exp >= 0 {
            if n > exp + 1 {
                format!("{}.{}", &digits[..(exp + 1) as usize], &digits[(exp + 1) as usize..])
            } else {
                format!("{}{}.0", digits, "0".repeat((exp + 1 - n) as usize))
            }
        } else {
            format!("0.{}{}", "0".repeat((-exp - 1) as usize), digits)
        };
        format!("{sign}{s}")
    } else {
        let m = if digits.len() > 1 { format!("{}.{}", &digits[..1], &digits[1..]) } else { digits.clone() };
        format!("{sign}{m}e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs())
    }
}

/// A str's repr: quotes chosen like CPython, escapes for control characters.
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (0x80..0xa0).contains(&(c as u32)) => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if !printable(c) => match c as u32 {
                n @ ..=0xff => out.push_str(&format!("\\x{n:02x}")),
                n @ ..=0xffff => out.push_str(&format!("\\u{n:04x}")),
                n => out.push_str(&format!("\\U{n:08x}")),
            },
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Assigned characters above U+009F that repr() escapes: the separators
/// (Zs except space, Zl, Zp), format characters (Cf) and private use (Co),
/// by Unicode 15's categories. Unassigned code points (Cn), which CPython
/// escapes too, are not in the table.
const NOT_PRINTABLE: &[(u32, u32)] = &[
    (0xa0, 0xa0), (0xad, 0xad), (0x600, 0x605), (0x61c, 0x61c), (0x6dd, 0x6dd), (0x70f, 0x70f), (0x890, 0x891),
    (0x8e2, 0x8e2), (0x1680, 0x1680), (0x180e, 0x180e), (0x2000, 0x200f), (0x2028, 0x202f), (0x205f, 0x2064),
    (0x2066, 0x206f), (0x3000, 0x3000), (0xd800, 0xf8ff), (0xfeff, 0xfeff), (0xfff9, 0xfffb), (0x110bd, 0x110bd),
    (0x110cd, 0x110cd), (0x13430, 0x13438), (0x1bca0, 0x1bca3), (0x1d173, 0x1d17a), (0xe0001, 0xe0001),
    (0xe0020, 0xe007f), (0xf0000, 0xffffd), (0x100000, 0x10fffd),
];

fn printable(c: char) -> bool {
    let n = c as u32;
    n < 0xa0 || NOT_PRINTABLE.binary_search_by(|&(a, b)| if b < n { std::cmp::Ordering::Less } else if a > n { std::cmp::Ordering::Greater } else { std::cmp::Ordering::Equal }).is_err()
}

pub fn bytes_repr(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') { '"' } else { '\'' };
    let mut out = String::from("b");
    out.push(quote);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            c if c as char == quote => {
                out.push('\\');
                out.push(c as char);
            }
            0x20..=0x7e => out.push(c as char),
            c => out.push_str(&format!("\\x{:02x}", c)),
        }
    }
    out.push(quote);
    out
}

/// For the disassembler: a constant's repr without running any code.
pub fn debug_value(heap: &Heap, v: Value) -> String {
    match v {
        Value::None => "None".into(),
        Value::Bool(b) => if b { "True" } else { "False" }.into(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => float_repr(f),
        Value::Obj(r) => match heap.get(r) {
            Obj::Str(s) => str_repr(&s.s),
            Obj::BigInt(b) => b.to_string(),
            Obj::Bytes(b) => bytes_repr(b),
            Obj::Tuple(xs) => format!("({})", xs.iter().map(|x| debug_value(heap, *x)).collect::<Vec<_>>().join(", ")),
            _ => "<object>".into(),
        },
        Value::Ellipsis => "Ellipsis".into(),
        Value::NotImplemented => "NotImplemented".into(),
        Value::Undef => "<undef>".into(),
    }
}

impl Vm {
    pub fn repr(&mut self, v: Value) -> PyResult<String> {
        match v {
            Value::None => return Ok("None".into()),
            Value::Bool(b) => return Ok(if b { "True" } else { "False" }.into()),
            Value::Int(i) => return Ok(i.to_string()),
            Value::Float(f) => return Ok(float_repr(f)),
            Value::Ellipsis => return Ok("Ellipsis".into()),
            Value::NotImplemented => return Ok("NotImplemented".into()),
            Value::Undef => return Ok("<NULL>".into()),
            Value::Obj(_) => {}
        }
        let Value::Obj(r) = v else { unreachable!("object") };
        if self.repr_guard.contains(&r) {
            return Ok(match self.heap.get(r) {
                Obj::List(_) => "[...]",
                Obj::Dict(_) => "{...}",
                _ => "...",
            }
            .into());
        }
        let s = match self.heap.get(r) {
            Obj::Str(s) => str_repr(&s.s),
            Obj::Bytes(b) => bytes_repr(b),
            Obj::BigInt(b) => b.to_string(),
            Obj::Tuple(xs) | Obj::List(xs) => {
                let is_list = matches!(self.heap.get(r), Obj::List(_));
                let xs = xs.clone();
                self.repr_guard.push(r);
                let parts = self.repr_all(&xs);
                self.repr_guard.pop();
                let parts = parts?;
                if is_list {
                    format!("[{}]", parts.join(", "))
                } else if parts.len() == 1 {
                    format!("({},)", parts[0])
                } else {
                    format!("({})", parts.join(", "))
                }
            }
            Obj::Dict(_) => {
                let entries = self.dict_entries(r);
                self.repr_guard.push(r);
                let mut parts = Vec::new();
                let mut err = None;
                for (k, x) in entries {
                    match (self.repr(k), self.repr(x)) {
                        (Ok(a), Ok(b)) => parts.push(format!("{a}: {b}")),
                        (Err(e), _) | (_, Err(e)) => {
                            err = Some(e);
                            break;
                        }
                    }
                }
                self.repr_guard.pop();
                if let Some(e) = err {
                    return Err(e);
                }
                format!("{{{}}}", parts.join(", "))
            }
            Obj::Set { frozen, .. } => {
                let frozen = *frozen;
                let keys = self.set_items_ordered(r);
                let parts = self.repr_all(&keys)?;
                match (frozen, parts.is_empty()) {
                    (false, true) => "set()".into(),
                    (true, true) => "frozenset()".into(),
                    (false, false) => format!("{{{}}}", parts.join(", ")),
                    (true, false) => format!("frozenset({{{}}})", parts.join(", ")),
                }
            }
            Obj::Range { start, stop, step } => {
                if *step == 1 {
                    format!("range({start}, {stop})")
                } else {
                    format!("range({start}, {stop}, {step})")
                }
            }
            Obj::Slice { start, stop, step } => {
                let (a, b, c) = (*start, *stop, *step);
                format!("slice({}, {}, {})", self.repr(a)?, self.repr(b)?, self.repr(c)?)
            }
            Obj::Function(f) => format!("<function {} at 0x{:012x}>", f.qualname, 0x7f00_0000_0000u64 + r.0 as u64 * 16),
            Obj::Native(n) => format!("<built-in function {}>", n.name),
            Obj::HpyFunc(_) => crate::hpy::call::repr(self, r),
            Obj::BoundMethod { receiver, func } => {
                let (recv, func) = (*receiver, *func);
                let fname = match func {
                    Value::Obj(fr) => match self.heap.get(fr) {
                        Obj::Function(f) => f.qualname.to_string(),
                        Obj::Native(n) => n.name.to_string(),
                        Obj::HpyFunc(h) => h.name.to_string(),
                        _ => "?".into(),
                    },
                    _ => "?".into(),
                };
                let rr = self.repr(recv)?;
                format!("<bound method {fname} of {rr}>")
            }
            Obj::Class(c) => {
                let module = self.dict_get_str(c.dict, "__module__");
                let name = c.name.clone();
                match module.and_then(|m| self.as_str(m).map(|s| s.to_string())) {
                    Some(m) if m != "builtins" => format!("<class '{m}.{name}'>"),
                    _ => format!("<class '{name}'>"),
                }
            }
            Obj::Module { name, .. } => format!("<module '{name}'>"),
            Obj::Generator(g) => format!("<generator object {} at 0x{:012x}>", g.code.qualname, 0x7f00_0000_0000u64 + r.0 as u64 * 16),
            Obj::Instance(i) => {
                let cls = i.class;
                let is_exc = i.exc.is_some();
                if let Some(m) = self.lookup_type(cls, "__repr__") {
                    if !self.is_native(m) {
                        let s = self.call(m, &[v], &[])?;
                        return match self.as_str(s) {
                            Some(s) => Ok(s.to_string()),
                            None => {
                                let t = self.type_name(s);
                                Err(self.err("TypeError", &format!("__repr__ returned non-string (type {t})")))
                            }
                        };
                    }
                }
                if is_exc {
                    let name = self.class_name(cls);
                    let args = self.exc_data(r).map(|d| d.args).unwrap_or(Value::None);
                    let items = self.tuple_items(args);
                    let parts = self.repr_all(&items)?;
                    format!("{name}({})", parts.join(", "))
                } else {
                    let name = self.class_name(cls);
                    let module = match self.heap.get(cls) {
                        Obj::Class(c) => self.dict_get_str(c.dict, "__module__").and_then(|m| self.as_str(m).map(|s| s.to_string())),
                        _ => None,
                    }
                    .unwrap_or_else(|| "__main__".into());
                    format!("<{module}.{name} object at 0x{:012x}>", 0x7f00_0000_0000u64 + r.0 as u64 * 16)
                }
            }
            Obj::Property { .. } => "<property object>".into(),
            Obj::Member { name, owner } => format!("<member '{name}' of '{}' objects>", self.class_name(*owner)),
            Obj::DictView { dict, kind } => {
                let (d, kind) = (*dict, *kind);
                let entries = self.dict_entries(d);
                let mut parts = Vec::new();
                for (k, x) in entries {
                    parts.push(match kind {
                        DictIterKind::Keys => self.repr(k)?,
                        DictIterKind::Values => self.repr(x)?,
                        DictIterKind::Items => format!("({}, {})", self.repr(k)?, self.repr(x)?),
                    });
                }
                let name = match kind {
                    DictIterKind::Keys => "dict_keys",
                    DictIterKind::Values => "dict_values",
                    DictIterKind::Items => "dict_items",
                };
                format!("{name}([{}])", parts.join(", "))
            }
            _ => {
                let t = self.type_name(v);
                format!("<{t} object at 0x{:012x}>", 0x7f00_0000_0000u64 + r.0 as u64 * 16)
            }
        };
        Ok(s)
    }

    fn repr_all(&mut self, xs: &[Value]) -> PyResult<Vec<String>> {
        xs.iter().map(|x| self.repr(*x)).collect()
    }

    /// `str(v)`.
    pub fn to_str(&mut self, v: Value) -> PyResult<String> {
        if let Value::Obj(r) = v {
            match self.heap.get(r) {
                Obj::Str(s) => return Ok(s.s.to_string()),
                Obj::Instance(i) => {
                    let cls = i.class;
                    let exc_args = i.exc.as_ref().map(|e| e.args);
                    if let Some(m) = self.lookup_type(cls, "__str__") {
                        if !self.is_native(m) {
                            let s = self.call(m, &[v], &[])?;
                            return match self.as_str(s) {
                                Some(s) => Ok(s.to_string()),
                                None => Err(self.err("TypeError", "__str__ returned non-string")),
                            };
                        }
                    }
                    if let Some(args) = exc_args {
                        if let Some(s) = self.os_error_str(r)? {
                            return Ok(s);
                        }
                        let items = self.tuple_items(args);
                        if self.class_name(cls).as_ref() == "KeyError" && items.len() == 1 {
                            return self.repr(items[0]);
                        }
                        return match items.len() {
                            0 => Ok(String::new()),
                            1 => self.to_str(items[0]),
                            _ => self.repr(args),
                        };
                    }
                }
                _ => {}
            }
        }
        self.repr(v)
    }

    /// `format(v, spec)`.
    pub fn format(&mut self, v: Value, spec: &str) -> PyResult<String> {
        if let Value::Obj(r) = v {
            if let Obj::Instance(i) = self.heap.get(r) {
                let cls = i.class;
                if let Some(m) = self.lookup_type(cls, "__format__") {
                    if !self.is_native(m) {
                        let s = self.new_str(spec);
                        let out = self.call(m, &[v, s], &[])?;
                        return Ok(self.as_str(out).unwrap_or("").to_string());
                    }
                }
                if spec.is_empty() {
                    return self.to_str(v);
                }
            }
        }
        if spec.is_empty() {
            return self.to_str(v);
        }
        let spec_p = Spec::parse(spec).ok_or_else(|| self.err("ValueError", &format!("Invalid format specifier '{spec}'")))?;
        match v {
            Value::Int(_) | Value::Bool(_) => {
                let b = self.to_bigint(v).expect("int");
                format_int(self, &b, &spec_p, matches!(v, Value::Bool(_)))
            }
            Value::Float(f) => format_float(self, f, &spec_p),
            Value::Obj(r) => match self.heap.get(r) {
                Obj::BigInt(b) => {
                    let b = b.clone();
                    format_int(self, &b, &spec_p, false)
                }
                Obj::Str(s) => {
                    if !matches!(spec_p.ty, None | Some('s')) {
                        let t = spec_p.ty.unwrap_or(' ');
                        return Err(self.err("ValueError", &format!("Unknown format code '{t}' for object of type 'str'")));
                    }
                    let mut body: String = s.s.to_string();
                    if let Some(p) = spec_p.precision {
                        body = body.chars().take(p).collect();
                    }
                    Ok(pad(&body, &spec_p, '<'))
                }
                _ => {
                    let s = self.to_str(v)?;
                    Ok(pad(&s, &spec_p, '<'))
                }
            },
            _ => {
                let s = self.to_str(v)?;
                Ok(pad(&s, &spec_p, '<'))
            }
        }
    }
}

/// A parsed format spec: `[[fill]align][sign][#][0][width][,|_][.precision][type]`.
pub struct Spec {
    fill: char,
    align: Option<char>,
    sign: char,
    alt: bool,
    zero: bool,
    width: usize,
    grouping: Option<char>,
    precision: Option<usize>,
    ty: Option<char>,
}

impl Spec {
    pub fn parse(s: &str) -> Option<Spec> {
        let cs: Vec<char> = s.chars().collect();
        let mut i = 0;
        let mut sp = Spec { fill: ' ', align: None, sign: '-', alt: false, zero: false, width: 0, grouping: None, precision: None, ty: None };
        let is_align = |c: char| matches!(c, '<' | '>' | '^' | '=');
        if cs.len() >= 2 && is_align(cs[1]) {
            sp.fill = cs[0];
            sp.align = Some(cs[1]);
            i = 2;
        } else if !cs.is_empty() && is_align(cs[0]) {
            sp.align = Some(cs[0]);
            i = 1;
        }
        if i < cs.len() && matches!(cs[i], '+' | '-' | ' ') {
            sp.sign = cs[i];
            i += 1;
        }
        if i < cs.len() && cs[i] == '#' {
            sp.alt = true;
            i += 1;
        }
        if i < cs.len() && cs[i] == '0' {
            sp.zero = true;
            i += 1;
        }
        let st = i;
        while i < cs.len() && cs[i].is_ascii_digit() {
            i += 1;
        }
        if i > st {
            sp.width = cs[st..i].iter().collect::<String>().parse().ok()?;
        }
        if i < cs.len() && matches!(cs[i], ',' | '_') {
            sp.grouping = Some(cs[i]);
            i += 1;
        }
        if i < cs.len() && cs[i] == '.' {
            i += 1;
            let st = i;
            while i < cs.len() && cs[i].is_ascii_digit() {
                i += 1;
            }
            if i == st {
                return None;
            }
            sp.precision = Some(cs[st..i].iter().collect::<String>().parse().ok()?);
        }
        if i < cs.len() {
            sp.ty = Some(cs[i]);
            i += 1;
        }
        if i != cs.len() {
            return None;
        }
        Some(sp)
    }
}

fn pad(body: &str, sp: &Spec, default_align: char) -> String {
    let n = body.chars().count();
    if n >= sp.width {
        return body.to_string();
    }
    let fill_n = sp.width - n;
    let f = |k: usize| sp.fill.to_string().repeat(k);
    match sp.align.unwrap_or(default_align) {
        '<' => format!("{body}{}", f(fill_n)),
        '>' => format!("{}{body}", f(fill_n)),
        '^' => format!("{}{body}{}", f(fill_n / 2), f(fill_n - fill_n / 2)),
        _ => format!("{}{body}", f(fill_n)),
    }
}

fn group(digits: &str, sep: char, every: usize) -> String {
    let mut out = String::new();
    let n = digits.len();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (n - i) % every == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// Sign and padding for numbers (handles `=` alignment and the `0` flag).
fn finish_number(neg: bool, prefix: &str, digits: String, sp: &Spec) -> String {
    let sign = if neg {
        "-"
    } else {
        match sp.sign {
            '+' => "+",
            ' ' => " ",
            _ => "",
        }
    };
    if sp.zero && sp.align.is_none() {
        let used = sign.len() + prefix.len() + digits.chars().count();
        let zeros = sp.width.saturating_sub(used);
        return format!("{sign}{prefix}{}{digits}", "0".repeat(zeros));
    }
    if sp.align == Some('=') {
        let used = sign.len() + prefix.len() + digits.chars().count();
        let fill = sp.fill.to_string().repeat(sp.width.saturating_sub(used));
        return format!("{sign}{prefix}{fill}{digits}");
    }
    pad(&format!("{sign}{prefix}{digits}"), sp, '>')
}

fn format_int(vm: &mut Vm, b: &BigInt, sp: &Spec, is_bool: bool) -> PyResult<String> {
    let neg = b.is_negative();
    let a = b.abs();
    let (digits, prefix) = match sp.ty {
        None | Some('d') | Some('n') => {
            if is_bool && sp.ty.is_none() && sp.width == 0 {
                return Ok(if b.to_i64() == Some(1) { "True" } else { "False" }.into());
            }
            (a.to_string(), "")
        }
        Some('x') => (a.to_str_radix(16), if sp.alt { "0x" } else { "" }),
        Some('X') => (a.to_str_radix(16).to_uppercase(), if sp.alt { "0X" } else { "" }),
        Some('o') => (a.to_str_radix(8), if sp.alt { "0o" } else { "" }),
        Some('b') => (a.to_str_radix(2), if sp.alt { "0b" } else { "" }),
        Some('c') => {
            let c = char::from_u32(a.to_u32().unwrap_or(0)).unwrap_or('\0');
            return Ok(pad(&c.to_string(), sp, '<'));
        }
        Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') => {
            let f = b.to_f64().unwrap_or(f64::INFINITY);
            return format_float(vm, f, sp);
        }
        Some(t) => return Err(vm.err("ValueError", &format!("Unknown format code '{t}' for object of type 'int'"))),
    };
    let digits = match sp.grouping {
        Some(sep) => group(&digits, sep, if matches!(sp.ty, Some('x' | 'X' | 'o' | 'b')) { 4 } else { 3 }),
        None => digits,
    };
    Ok(finish_number(neg, prefix, digits, sp))
}

/// `%e`-style exponent with at least two digits.
fn exp_form(f: f64, prec: usize, upper: bool) -> String {
    let s = format!("{:.*e}", prec, f);
    let (m, e) = s.split_once('e').expect("exponent");
    let e: i32 = e.parse().expect("exponent digits");
    let out = format!("{m}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
    if upper {
        out.to_uppercase()
    } else {
        out
    }
}

/// `%g` formatting: precision significant digits, trailing zeros removed.
pub fn general_form(f: f64, prec: usize, alt: bool, upper: bool) -> String {
    let p = if prec == 0 { 1 } else { prec };
    if f == 0.0 {
        return if f.is_sign_negative() { "-0".into() } else { "0".into() };
    }
    let s = format!("{:.*e}", p - 1, f);
    let (_, e) = s.split_once('e').expect("exponent");
    let exp: i32 = e.parse().expect("exponent digits");
    let out = if exp < -4 || exp >= p as i32 {
        let m = exp_form(f, p - 1, upper);
        if alt {
            m
        } else {
            let (mant, ex) = m.split_once(if upper { 'E' } else { 'e' }).expect("exponent");
            let mant = if mant.contains('.') { mant.trim_end_matches('0').trim_end_matches('.') } else { mant };
            format!("{mant}{}{ex}", if upper { 'E' } else { 'e' })
        }
    } else {
        let decimals = (p as i32 - 1 - exp).max(0) as usize;
        let s = format!("{:.*}", decimals, f);
        if alt || !s.contains('.') {
            s
        } else {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        }
    };
    out
}

fn format_float(vm: &mut Vm, f: f64, sp: &Spec) -> PyResult<String> {
    let neg = f.is_sign_negative() && !f.is_nan();
    let a = f.abs();
    let special = |s: &str, upper: bool| if upper { s.to_uppercase() } else { s.to_string() };
    let body = if !a.is_finite() {
        let upper = matches!(sp.ty, Some('F' | 'E' | 'G'));
        special(if a.is_nan() { "nan" } else { "inf" }, upper)
    } else {
        match sp.ty {
            Some('f') | Some('F') => format!("{:.*}", sp.precision.unwrap_or(6), a),
            Some('e') | Some('E') => exp_form(a, sp.precision.unwrap_or(6), sp.ty == Some('E')),
            Some('g') | Some('G') => general_form(a, sp.precision.unwrap_or(6), sp.alt, sp.ty == Some('G')),
            Some('%') => format!("{:.*}%", sp.precision.unwrap_or(6), a * 100.0),
            None => match sp.precision {
                Some(p) => {
                    let g = general_form(a, p, sp.alt, false);
                    if g.contains(['.', 'e', 'n', 'i']) {
                        g
                    } else {
                        format!("{g}.0")
                    }
                }
                None => float_repr(a),
            },
            Some('n') => general_form(a, sp.precision.unwrap_or(6), sp.alt, false),
            Some(t) => return Err(vm.err("ValueError", &format!("Unknown format code '{t}' for object of type 'float'"))),
        }
    };
    let body = match sp.grouping {
        Some(sep) => {
            let (int_part, rest) = match body.find(|c: char| !c.is_ascii_digit()) {
                Some(i) => (&body[..i], &body[i..]),
                None => (&body[..], ""),
            };
            format!("{}{rest}", group(int_part, sep, 3))
        }
        None => body,
    };
    Ok(finish_number(neg, "", body, sp))
}

/// `"fmt" % args`.
pub fn percent_format(vm: &mut Vm, fmt: Value, args: Value) -> PyResult<String> {
    // The text is shared, not copied: formatting may run Python code.
    let f: std::rc::Rc<str> = match fmt {
        Value::Obj(r) => match vm.heap.get(r) {
            Obj::Str(s) => s.s.clone(),
            _ => "".into(),
        },
        _ => "".into(),
    };
    let items: Vec<Value> = match args {
        Value::Obj(r) if matches!(vm.heap.get(r), Obj::Tuple(_)) => vm.tuple_items(args),
        _ => vec![args],
    };
    // As in CPython, any mapping-like argument (one with __getitem__, not a
    // tuple or str) may be looked up by `%(key)`, and unused is no error.
    let is_dict = match args {
        Value::Obj(r) => match vm.heap.get(r) {
            Obj::Dict(_) | Obj::List(_) | Obj::Bytes(_) | Obj::Range { .. } => true,
            Obj::Tuple(_) | Obj::Str(_) => false,
            _ => {
                let t = vm.type_of(args);
                vm.lookup_type(t, "__getitem__").is_some()
            }
        },
        _ => false,
    };
    let mut out = String::with_capacity(f.len() + 8 * items.len());
    // Every character the syntax uses is ASCII, so the text is scanned
    // by bytes and the runs between conversions copied whole.
    let bytes = f.as_bytes();
    let mut i = 0;
    let mut ai = 0;
    while i < bytes.len() {
        let Some(at) = f[i..].find('%') else {
            out.push_str(&f[i..]);
            break;
        };
        out.push_str(&f[i..i + at]);
        i += at + 1;
        if bytes.get(i) == Some(&b'%') {
            out.push('%');
            i += 1;
            continue;
        }
        let mut key = None;
        if bytes.get(i) == Some(&b'(') {
            if !is_dict {
                return Err(vm.err("TypeError", "format requires a mapping"));
            }
            let st = i + 1;
            while i < bytes.len() && bytes[i] != b')' {
                i += 1;
            }
            if i == bytes.len() {
                return Err(vm.err("ValueError", "incomplete format key"));
            }
            key = Some(&f[st..i]);
            i += 1;
        }
        let st = i;
        while i < bytes.len() && b"-+ #0123456789.*".contains(&bytes[i]) {
            i += 1;
        }
        let flags = &f[st..i];
        let Some(conv) = f.get(i..).and_then(|rest| rest.chars().next()) else {
            return Err(vm.err("ValueError", "incomplete format"));
        };
        let conv_at = i;
        i += conv.len_utf8();
        let arg = match key {
            Some(k) => {
                let kv = vm.new_str(k);
                vm.get_item(args, kv)?
            }
            _ => {
                let Some(a) = items.get(ai).copied() else {
                    return Err(vm.err("TypeError", "not enough arguments for format string"));
                };
                ai += 1;
                a
            }
        };
        if flags.is_empty() && plain_conversion(vm, conv, arg, &mut out)? {
            continue;
        }
        // Translate to a format spec: flags "-" means left-align.
        // Flag characters come first; then width and precision.
        let nflags = flags.find(|c: char| !"-+ #0".contains(c)).unwrap_or(flags.len());
        let (fl, rest) = flags.split_at(nflags);
        let left = fl.contains('-');
        let zero = fl.contains('0') && !left;
        let plus = fl.contains('+');
        let space = fl.contains(' ');
        let rest = rest.to_string();
        let mut spec = String::new();
        if left {
            spec.push('<');
        }
        if plus {
            spec.push('+');
        } else if space {
            spec.push(' ');
        }
        if fl.contains('#') {
            spec.push('#');
        }
        if zero {
            spec.push('0');
        }
        spec.push_str(&rest);
        let piece = match conv {
            's' => {
                if !left {
                    spec.insert(0, '>');
                }
                let s = vm.to_str(arg)?;
                let sv = vm.new_str(s);
                vm.format(sv, &spec)?
            }
            'r' | 'a' => {
                if !left {
                    spec.insert(0, '>');
                }
                let s = vm.repr(arg)?;
                let sv = vm.new_str(s);
                vm.format(sv, &spec)?
            }
            'd' | 'i' | 'u' => {
                let n = match arg {
                    Value::Float(x) => Value::Int(x.trunc() as i64),
                    other => other,
                };
                if vm.to_bigint(n).is_none() {
                    let t = vm.type_name(arg);
                    return Err(vm.err("TypeError", &format!("%{conv} format: a real number is required, not {t}")));
                }
                if !left && !spec.contains('<') && !zero {
                    spec.insert(0, '>');
                }
                spec.push('d');
                vm.format(n, &spec)?
            }
            'f' | 'F' | 'e' | 'E' | 'g' | 'G' | 'x' | 'X' | 'o' | 'c' => {
                if !left && !zero {
                    spec.insert(0, '>');
                }
                spec.push(conv);
                let n = if matches!(conv, 'f' | 'F' | 'e' | 'E' | 'g' | 'G') {
                    match vm.to_f64(arg) {
                        Some(x) => Value::Float(x),
                        None => {
                            let t = vm.type_name(arg);
                            return Err(vm.err("TypeError", &format!("must be real number, not {t}")));
                        }
                    }
                } else {
                    arg
                };
                vm.format(n, &spec)?
            }
            c => {
                let index = f[..conv_at].chars().count();
                // CPython shows a non-ASCII character as '?' (and its code).
                let shown = if c.is_ascii() { c } else { '?' };
                return Err(vm.err("ValueError", &format!("unsupported format character '{shown}' ({:#x}) at index {index}", c as u32)));
            }
        };
        out.push_str(&piece);
    }
    if ai < items.len() && !is_dict {
        return Err(vm.err("TypeError", "not all arguments converted during string formatting"));
    }
    Ok(out)
}

/// A `%s`, `%r` or `%d` without flags, width or precision of a value that
/// needs no format spec, written straight to `out`; false (nothing
/// written) for everything else, which goes through `Vm::format`.
fn plain_conversion(vm: &mut Vm, conv: char, arg: Value, out: &mut String) -> PyResult<bool> {
    use std::fmt::Write;
    match (conv, arg) {
        ('d' | 'i' | 'u', Value::Int(n)) => {
            write!(out, "{n}").expect("writing to a String");
        }
        ('s', Value::Obj(r)) if matches!(vm.heap.get(r), Obj::Str(_)) => {
            let Obj::Str(s) = vm.heap.get(r) else { unreachable!("matched above") };
            out.push_str(&s.s);
        }
        ('s', _) => {
            let s = vm.to_str(arg)?;
            out.push_str(&s);
        }
        ('r', _) => {
            let s = vm.repr(arg)?;
            out.push_str(&s);
        }
        _ => return Ok(false),
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_repr_follows_cpython_layout() {
        let cases = [
            (0.1, "0.1"),
            (1.0, "1.0"),
            (-0.0, "-0.0"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (1.5e-5, "1.5e-05"),
            (0.0001, "0.0001"),
            (0.1 + 0.2, "0.30000000000000004"),
            (5e-324, "5e-324"),
            (f64::INFINITY, "inf"),
            (123456789.123, "123456789.123"),
        ];
        for (f, want) in cases {
            assert_eq!(float_repr(f), want, "repr of {f:e}");
        }
    }

    #[test]
    fn str_repr_picks_quotes_and_escapes() {
        assert_eq!(str_repr("it's"), "\"it's\"");
        assert_eq!(str_repr("a'\"b"), "'a\\'\"b'");
        assert_eq!(str_repr("t\ta\n\x01é"), "'t\\ta\\n\\x01é'");
    }

    #[test]
    fn general_format_trims_zeros() {
        assert_eq!(general_form(12.5, 6, false, false), "12.5");
        assert_eq!(general_form(1e20, 6, false, false), "1e+20");
        assert_eq!(general_form(0.0001, 6, false, false), "0.0001");
        assert_eq!(general_form(0.00001234, 3, false, false), "1.23e-05");
    }
}
