//! Methods of the builtin types (str, list, dict, set, tuple, int, float,
//! bytes, generator), registered into their class dicts at start-up.

use std::rc::Rc;

use num_bigint::BigInt;
use num_traits::Zero;

use super::{kwarg, Kw};
use crate::compile::bytecode::BinOp;
use crate::interp::{PyResult, Vm};
use crate::object::{DictIterKind, NativeFn, Obj, ObjRef, PyStr, Value};

/// The receiver's text (shared, not copied).
fn this_str(vm: &Vm, args: &[Value]) -> Rc<str> {
    match args.first() {
        Some(Value::Obj(r)) => match vm.heap.get(*r) {
            Obj::Str(s) => s.s.clone(),
            _ => Rc::from(""),
        },
        _ => Rc::from(""),
    }
}

fn str_arg(vm: &mut Vm, args: &[Value], i: usize, m: &str) -> PyResult<String> {
    match args.get(i) {
        Some(v) => match vm.as_str(*v) {
            Some(s) => Ok(s.to_string()),
            None => {
                let t = vm.type_name(*v);
                Err(vm.err("TypeError", &format!("{m}() argument must be str, not {t}")))
            }
        },
        None => Err(vm.err("TypeError", &format!("{m}() takes at least 1 argument (0 given)"))),
    }
}

fn list_ref(vm: &Vm, args: &[Value]) -> ObjRef {
    let r = args[0].as_obj().expect("list receiver");
    debug_assert!(matches!(vm.heap.get(r), Obj::List(_)));
    r
}

fn list_mut(vm: &mut Vm, r: ObjRef) -> &mut Vec<Value> {
    match vm.heap.get_mut(r) {
        Obj::List(xs) => xs,
        _ => unreachable!("list"),
    }
}

// ---- str ----

fn s_join(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let sep = this_str(vm, args);
    let arg_v = vm.arg(args, 1, "join")?;
    let items = vm.collect_iter(arg_v)?;
    let mut out = String::new();
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        match vm.as_str(*x) {
            Some(s) => out.push_str(s),
            None => {
                let t = vm.type_name(*x);
                return Err(vm.err("TypeError", &format!("sequence item {i}: expected str instance, {t} found")));
            }
        }
    }
    Ok(vm.new_str(out))
}

fn s_split_impl(vm: &mut Vm, args: &[Value], kw: Kw, right: bool) -> PyResult<Value> {
    let s = this_str(vm, args);
    let sep = args.get(1).copied().or_else(|| kwarg(kw, "sep")).unwrap_or(Value::None);
    let maxsplit = match args.get(2).copied().or_else(|| kwarg(kw, "maxsplit")) {
        Some(m) => vm.int_arg(m, "")?,
        None => -1,
    };
    let max = if maxsplit < 0 { usize::MAX } else { maxsplit as usize };
    let parts: Vec<String> = match sep {
        Value::None => {
            let words: Vec<&str> = s.split_whitespace().collect();
            if words.len() > max && max != usize::MAX {
                // Keep the remainder (with its inner whitespace) as the last part.
                if right {
                    let mut out = Vec::new();
                    let mut rest = s.trim_end();
                    for _ in 0..max {
                        match rest.rfind(char::is_whitespace) {
                            Some(i) => {
                                out.push(rest[i + 1..].to_string());
                                rest = rest[..i].trim_end();
                            }
                            None => break,
                        }
                    }
                    if !rest.is_empty() {
                        out.push(rest.to_string());
                    }
                    out.reverse();
                    out
                } else {
                    let mut out = Vec::new();
                    let mut rest = s.trim_start();
                    for _ in 0..max {
                        match rest.find(char::is_whitespace) {
                            Some(i) => {
                                out.push(rest[..i].to_string());
                                rest = rest[i..].trim_start();
                            }
                            None => break,
                        }
                    }
                    if !rest.is_empty() {
                        out.push(rest.to_string());
                    }
                    out
                }
            } else {
                words.into_iter().map(String::from).collect()
            }
        }
        v => {
            let Some(sep) = vm.as_str(v).map(|x| x.to_string()) else {
                return Err(vm.err("TypeError", "must be str or None"));
            };
            if sep.is_empty() {
                return Err(vm.err("ValueError", "empty separator"));
            }
            if right {
                let mut v: Vec<String> = s.rsplitn(max.saturating_add(1), sep.as_str()).map(String::from).collect();
                v.reverse();
                v
            } else {
                s.splitn(max.saturating_add(1), sep.as_str()).map(String::from).collect()
            }
        }
    };
    let vals: Vec<Value> = parts.into_iter().map(|p| vm.new_str(p)).collect();
    Ok(vm.new_list(vals))
}
fn s_split(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    s_split_impl(vm, args, kw, false)
}
fn s_rsplit(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    s_split_impl(vm, args, kw, true)
}

fn strip_impl(vm: &mut Vm, args: &[Value], left: bool, right: bool) -> PyResult<Value> {
    let s = this_str(vm, args);
    let chars: Option<Vec<char>> = match args.get(1) {
        Some(Value::None) | None => None,
        Some(v) => Some(vm.as_str(*v).unwrap_or("").chars().collect()),
    };
    let pred = |c: char| match &chars {
        Some(cs) => cs.contains(&c),
        None => c.is_whitespace(),
    };
    let mut t: &str = &s;
    if left {
        t = t.trim_start_matches(pred);
    }
    if right {
        t = t.trim_end_matches(pred);
    }
    let t = t.to_string();
    Ok(vm.new_str(t))
}
fn s_strip(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    strip_impl(vm, args, true, true)
}
fn s_lstrip(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    strip_impl(vm, args, true, false)
}
fn s_rstrip(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    strip_impl(vm, args, false, true)
}

fn s_replace(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = this_str(vm, args);
    let a = str_arg(vm, args, 1, "replace")?;
    let b = str_arg(vm, args, 2, "replace")?;
    let n = match args.get(3) {
        Some(v) => vm.int_arg(*v, "")?,
        None => -1,
    };
    let r = if n < 0 { s.replace(&a, &b) } else { s.replacen(&a, &b, n as usize) };
    Ok(vm.new_str(r))
}

/// `str.startswith` / `str.endswith` (`start`): a str or a tuple of strs
/// (tried in order, CPython's TypeError at the first that is not one),
/// compared in place (no copies of the candidates).
fn affix(vm: &mut Vm, args: &[Value], start: bool) -> PyResult<Value> {
    let name = if start { "startswith" } else { "endswith" };
    let full = this_str(vm, args);
    let (a, b) = bounds(vm, &full, args, 2)?;
    let s = &full[a..b];
    // A start past the end matches nothing, not even "" (as CPython has it).
    let chars = || match args.first() {
        Some(Value::Obj(r)) => match vm.heap.get(*r) {
            Obj::Str(p) => p.chars as i64,
            _ => 0,
        },
        _ => 0,
    };
    let past_end = matches!(args.get(2), Some(Value::Int(x)) if *x > chars());
    let hit = |c: &str| !past_end && if start { s.starts_with(c) } else { s.ends_with(c) };
    let p = vm.arg(args, 1, name)?;
    if let Some(c) = vm.as_str(p) {
        return Ok(Value::Bool(hit(c)));
    }
    let items = match p {
        Value::Obj(r) => match vm.heap.get(r) {
            Obj::Tuple(xs) => Some(xs.clone()),
            _ => None,
        },
        _ => None,
    };
    let Some(items) = items else {
        let t = vm.type_name(p);
        return Err(vm.err("TypeError", &format!("{name} first arg must be str or a tuple of str, not {t}")));
    };
    for v in items {
        match vm.as_str(v) {
            Some(c) if hit(c) => return Ok(Value::Bool(true)),
            Some(_) => {}
            None => {
                let t = vm.type_name(v);
                return Err(vm.err("TypeError", &format!("tuple for {name} must only contain str, not {t}")));
            }
        }
    }
    Ok(Value::Bool(false))
}
fn s_startswith(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    affix(vm, args, true)
}
fn s_endswith(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    affix(vm, args, false)
}

/// Char index of a byte offset.
fn char_idx(s: &str, byte: usize) -> i64 {
    s[..byte].chars().count() as i64
}

/// Resolve optional start/end char bounds to a byte range.
fn bounds(vm: &mut Vm, s: &str, args: &[Value], from: usize) -> PyResult<(usize, usize)> {
    if args.len() <= from {
        return Ok((0, s.len()));
    }
    // The receiver knows its code-point count: no scan of the text.
    let ascii = match args.first() {
        Some(Value::Obj(r)) => matches!(vm.heap.get(*r), Obj::Str(p) if p.is_ascii()),
        _ => s.is_ascii(),
    };
    let n = if ascii { s.len() as i64 } else { s.chars().count() as i64 };
    let get = |vm: &mut Vm, i: usize, d: i64| -> PyResult<i64> {
        match args.get(i) {
            Some(Value::None) | None => Ok(d),
            Some(v) => {
                let x = vm.int_arg(*v, "")?;
                Ok(if x < 0 { (x + n).max(0) } else { x.min(n) })
            }
        }
    };
    let a = get(vm, from, 0)?;
    let b = get(vm, from + 1, n)?;
    let byte = |c: i64| if ascii { c as usize } else { s.char_indices().nth(c as usize).map(|(i, _)| i).unwrap_or(s.len()) };
    Ok((byte(a), byte(b.max(a))))
}

fn find_impl(vm: &mut Vm, args: &[Value], rev: bool) -> PyResult<Option<i64>> {
    let s = this_str(vm, args);
    let sub = str_arg(vm, args, 1, "find")?;
    let (a, b) = bounds(vm, &s, args, 2)?;
    let hay = &s[a..b];
    let r = if rev { hay.rfind(sub.as_str()) } else { hay.find(sub.as_str()) };
    Ok(r.map(|i| char_idx(&s, a + i)))
}
fn s_find(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::Int(find_impl(vm, args, false)?.unwrap_or(-1)))
}
fn s_rfind(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::Int(find_impl(vm, args, true)?.unwrap_or(-1)))
}
fn s_index(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    match find_impl(vm, args, false)? {
        Some(i) => Ok(Value::Int(i)),
        None => Err(vm.err("ValueError", "substring not found")),
    }
}
fn s_rindex(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    match find_impl(vm, args, true)? {
        Some(i) => Ok(Value::Int(i)),
        None => Err(vm.err("ValueError", "substring not found")),
    }
}
fn s_count(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = this_str(vm, args);
    let sub = str_arg(vm, args, 1, "count")?;
    let (a, b) = bounds(vm, &s, args, 2)?;
    let hay = &s[a..b];
    let n = if sub.is_empty() { hay.chars().count() + 1 } else { hay.matches(sub.as_str()).count() };
    Ok(Value::Int(n as i64))
}

fn map_str(vm: &mut Vm, args: &[Value], f: fn(&str) -> String) -> PyResult<Value> {
    let s = this_str(vm, args);
    Ok(vm.new_str(f(&s)))
}
fn s_upper(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    map_str(vm, args, |s| s.to_uppercase())
}
fn s_lower(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    map_str(vm, args, |s| s.to_lowercase())
}
fn s_swapcase(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    map_str(vm, args, |s| s.chars().map(|c| if c.is_uppercase() { c.to_lowercase().collect::<String>() } else { c.to_uppercase().collect() }).collect())
}
fn s_capitalize(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    map_str(vm, args, |s| {
        let mut cs = s.chars();
        match cs.next() {
            Some(c) => c.to_uppercase().collect::<String>() + &cs.as_str().to_lowercase(),
            None => String::new(),
        }
    })
}
fn s_title(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    map_str(vm, args, |s| {
        let mut out = String::new();
        let mut prev_cased = false;
        for c in s.chars() {
            if prev_cased {
                out.extend(c.to_lowercase());
            } else {
                out.extend(c.to_uppercase());
            }
            prev_cased = c.is_alphabetic();
        }
        out
    })
}

/// `s.isdigit()` and its kind: whether `s` has characters and `f` holds
/// for each (read in place: no copy of the text, `f` inlined).
fn pred_str(vm: &mut Vm, args: &[Value], f: impl Fn(char) -> bool) -> PyResult<Value> {
    let ok = match args.first() {
        Some(Value::Obj(r)) => match vm.heap.get(*r) {
            Obj::Str(s) => !s.s.is_empty() && s.s.chars().all(f),
            _ => false,
        },
        _ => false,
    };
    Ok(Value::Bool(ok))
}
fn s_isdigit(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    pred_str(vm, args, |c| c.is_ascii_digit())
}
fn s_isalpha(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    pred_str(vm, args, char::is_alphabetic)
}
fn s_isalnum(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    pred_str(vm, args, char::is_alphanumeric)
}
fn s_isspace(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    pred_str(vm, args, char::is_whitespace)
}
fn s_isidentifier(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = this_str(vm, args);
    let mut cs = s.chars();
    let ok = match cs.next() {
        Some(c) => (c.is_alphabetic() || c == '_') && cs.all(|c| c.is_alphanumeric() || c == '_'),
        None => false,
    };
    Ok(Value::Bool(ok))
}
fn s_isupper(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = this_str(vm, args);
    Ok(Value::Bool(s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_lowercase)))
}
fn s_islower(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = this_str(vm, args);
    Ok(Value::Bool(s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_uppercase)))
}

fn justify(vm: &mut Vm, args: &[Value], how: char) -> PyResult<Value> {
    let s = this_str(vm, args);
    let arg_v = vm.arg(args, 1, "ljust")?;
    let w = vm.int_arg(arg_v, "")?.max(0) as usize;
    let fill = match args.get(2) {
        Some(f) => vm.as_str(*f).and_then(|x| x.chars().next()).unwrap_or(' '),
        None => ' ',
    };
    let n = s.chars().count();
    if n >= w {
        return Ok(args[0]);
    }
    let k = w - n;
    let f = |m: usize| fill.to_string().repeat(m);
    let out = match how {
        '<' => format!("{s}{}", f(k)),
        '>' => format!("{}{s}", f(k)),
        _ => {
            // CPython's center puts the extra fill on the left when the string length is odd.
            let left = k / 2 + (k & w & 1);
            format!("{}{s}{}", f(left), f(k - left))
        }
    };
    Ok(vm.new_str(out))
}
fn s_ljust(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    justify(vm, args, '<')
}
fn s_rjust(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    justify(vm, args, '>')
}
fn s_center(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    justify(vm, args, '^')
}
fn s_zfill(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = this_str(vm, args);
    let arg_v = vm.arg(args, 1, "zfill")?;
    let w = vm.int_arg(arg_v, "")?.max(0) as usize;
    let n = s.chars().count();
    if n >= w {
        return Ok(args[0]);
    }
    let (sign, rest) = if s.starts_with(['+', '-']) { s.split_at(1) } else { ("", &s[..]) };
    Ok(vm.new_str(format!("{sign}{}{rest}", "0".repeat(w - n))))
}

/// `str.expandtabs(tabsize=8)`: columns restart after `\n` and `\r`.
fn s_expandtabs(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let s = this_str(vm, args);
    let size = match args.get(1).copied().or_else(|| kwarg(kw, "tabsize")) {
        None => 8,
        Some(Value::Int(n)) => n,
        Some(v) => {
            let t = vm.type_name(v);
            return Err(vm.err("TypeError", &format!("'{t}' object cannot be interpreted as an integer")));
        }
    };
    let mut out = String::with_capacity(s.len());
    let mut col: i64 = 0;
    for c in s.chars() {
        match c {
            '\t' => {
                if size > 0 {
                    let n = size - col % size;
                    out.extend(std::iter::repeat(' ').take(n as usize));
                    col += n;
                }
            }
            '\n' | '\r' => {
                out.push(c);
                col = 0;
            }
            _ => {
                out.push(c);
                col += 1;
            }
        }
    }
    Ok(vm.new_str(out))
}
fn s_splitlines(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = this_str(vm, args);
    let keep = match args.get(1) {
        Some(v) => vm.truthy(*v)?,
        None => false,
    };
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut cs = s.chars().peekable();
    while let Some(c) = cs.next() {
        if c == '\n' || c == '\r' {
            let mut end = c.to_string();
            if c == '\r' && cs.peek() == Some(&'\n') {
                cs.next();
                end.push('\n');
            }
            if keep {
                cur.push_str(&end);
            }
            parts.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        parts.push(cur);
    }
    let vals: Vec<Value> = parts.into_iter().map(|p| vm.new_str(p)).collect();
    Ok(vm.new_list(vals))
}

fn partition_impl(vm: &mut Vm, args: &[Value], rev: bool) -> PyResult<Value> {
    let s = this_str(vm, args);
    let sep = str_arg(vm, args, 1, "partition")?;
    let found = if rev { s.rfind(sep.as_str()) } else { s.find(sep.as_str()) };
    let (a, b, c) = match found {
        Some(i) => (s[..i].to_string(), sep.clone(), s[i + sep.len()..].to_string()),
        None if rev => (String::new(), String::new(), s.to_string()),
        None => (s.to_string(), String::new(), String::new()),
    };
    let vals = vec![vm.new_str(a), vm.new_str(b), vm.new_str(c)];
    Ok(vm.new_tuple(vals))
}
fn s_partition(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    partition_impl(vm, args, false)
}
fn s_rpartition(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    partition_impl(vm, args, true)
}

fn s_encode(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = this_str(vm, args);
    Ok(vm.alloc(Obj::Bytes(s.as_bytes().to_vec())))
}

/// `str.format`: `{}`, `{0}`, `{name}`, `{x.attr}`, `{x[0]}`, `!r`, `:spec`.
fn s_format(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let f = this_str(vm, args);
    let pos = &args[1..];
    let mut out = String::new();
    let cs: Vec<char> = f.chars().collect();
    let mut i = 0;
    let mut auto = 0;
    while i < cs.len() {
        let c = cs[i];
        if c == '{' && cs.get(i + 1) == Some(&'{') {
            out.push('{');
            i += 2;
            continue;
        }
        if c == '}' && cs.get(i + 1) == Some(&'}') {
            out.push('}');
            i += 2;
            continue;
        }
        if c != '{' {
            out.push(c);
            i += 1;
            continue;
        }
        let mut depth = 1;
        let st = i + 1;
        i += 1;
        while i < cs.len() && depth > 0 {
            if cs[i] == '{' {
                depth += 1;
            } else if cs[i] == '}' {
                depth -= 1;
            }
            i += 1;
        }
        if depth != 0 {
            return Err(vm.err("ValueError", "expected '}' before end of string"));
        }
        let field: String = cs[st..i - 1].iter().collect();
        let (head, spec) = match field.find(':') {
            Some(p) => (field[..p].to_string(), field[p + 1..].to_string()),
            None => (field.clone(), String::new()),
        };
        let (name, conv) = match head.find('!') {
            Some(p) => (head[..p].to_string(), head[p + 1..].chars().next()),
            None => (head.clone(), None),
        };
        let first_end = name.find(['.', '[']).unwrap_or(name.len());
        let first = &name[..first_end];
        let mut v = if first.is_empty() {
            let v = pos.get(auto).copied();
            auto += 1;
            v.ok_or_else(|| vm.err("IndexError", "Replacement index out of range for positional args tuple"))?
        } else if let Ok(n) = first.parse::<usize>() {
            pos.get(n).copied().ok_or_else(|| vm.err("IndexError", &format!("Replacement index {n} out of range for positional args tuple")))?
        } else {
            match kwarg(kw, first) {
                Some(v) => v,
                None => {
                    let r = format!("'{first}'");
                    let k = vm.new_str(first);
                    let _ = r;
                    let cls = vm.ty("KeyError");
                    let a = vm.new_tuple(vec![k]);
                    return Err(vm.new_exception(cls, a));
                }
            }
        };
        let mut rest = &name[first_end..];
        while !rest.is_empty() {
            if let Some(r) = rest.strip_prefix('.') {
                let e = r.find(['.', '[']).unwrap_or(r.len());
                v = vm.get_attr(v, &r[..e])?;
                rest = &r[e..];
            } else if let Some(r) = rest.strip_prefix('[') {
                let e = r.find(']').unwrap_or(r.len());
                let key = &r[..e];
                let k = match key.parse::<i64>() {
                    Ok(n) => Value::Int(n),
                    Err(_) => vm.new_str(key),
                };
                v = vm.get_item(v, k)?;
                rest = r.get(e + 1..).unwrap_or("");
            } else {
                break;
            }
        }
        let v = match conv {
            Some('r') | Some('a') => {
                let s = vm.repr(v)?;
                vm.new_str(s)
            }
            Some('s') => {
                let s = vm.to_str(v)?;
                vm.new_str(s)
            }
            _ => v,
        };
        // Nested fields in the spec, e.g. `{:{width}}`.
        let spec = if spec.contains('{') {
            let sv = vm.new_str(spec);
            let mut a = vec![sv];
            a.extend_from_slice(pos);
            let r = s_format(vm, &a, kw)?;
            vm.as_str(r).unwrap_or("").to_string()
        } else {
            spec
        };
        out.push_str(&vm.format(v, &spec)?);
    }
    Ok(vm.new_str(out))
}

// ---- list ----

/// Whether native function `f` is `list.append` (the JIT's type feedback
/// notes `xs.append(v)` sites).
pub(crate) fn is_list_append(f: crate::object::NativeFn) -> bool {
    f as usize == l_append as crate::object::NativeFn as usize
}

fn l_append(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let r = list_ref(vm, args);
    let v = vm.arg(args, 1, "append")?;
    list_mut(vm, r).push(v);
    Ok(Value::None)
}
fn l_extend(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let r = list_ref(vm, args);
    let arg_v = vm.arg(args, 1, "extend")?;
    let items = vm.collect_iter(arg_v)?;
    list_mut(vm, r).extend(items);
    Ok(Value::None)
}
fn l_pop(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let r = list_ref(vm, args);
    let n = list_mut(vm, r).len();
    if n == 0 {
        return Err(vm.err("IndexError", "pop from empty list"));
    }
    let i = match args.get(1) {
        Some(v) => vm.seq_index(*v, n, "pop")?,
        None => n - 1,
    };
    Ok(list_mut(vm, r).remove(i))
}
fn l_insert(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let r = list_ref(vm, args);
    let arg_v = vm.arg(args, 1, "insert")?;
    let i = vm.int_arg(arg_v, "")?;
    let v = vm.arg(args, 2, "insert")?;
    let xs = list_mut(vm, r);
    let n = xs.len() as i64;
    let i = if i < 0 { (i + n).max(0) } else { i.min(n) };
    xs.insert(i as usize, v);
    Ok(Value::None)
}
fn seq_position(vm: &mut Vm, seq: ObjRef, v: Value) -> PyResult<Option<usize>> {
    let mut i = 0;
    loop {
        let x = match vm.heap.get(seq) {
            Obj::List(xs) | Obj::Tuple(xs) => match xs.get(i) {
                Some(x) => *x,
                None => return Ok(None),
            },
            _ => return Ok(None),
        };
        if vm.eq(x, v)? {
            return Ok(Some(i));
        }
        i += 1;
    }
}
fn l_remove(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let r = list_ref(vm, args);
    let v = vm.arg(args, 1, "remove")?;
    match seq_position(vm, r, v)? {
        Some(i) => {
            list_mut(vm, r).remove(i);
            Ok(Value::None)
        }
        None => Err(vm.err("ValueError", "list.remove(x): x not in list")),
    }
}
fn seq_index_m(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let r = args[0].as_obj().expect("sequence");
    let v = vm.arg(args, 1, "index")?;
    match seq_position(vm, r, v)? {
        Some(i) => Ok(Value::Int(i as i64)),
        None => {
            let what = if matches!(vm.heap.get(r), Obj::List(_)) {
                let x = vm.repr(v)?;
                format!("{x} is not in list")
            } else {
                "tuple.index(x): x not in tuple".to_string()
            };
            Err(vm.err("ValueError", &what))
        }
    }
}
fn seq_count(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let items = vm.tuple_items(args[0]);
    let v = vm.arg(args, 1, "count")?;
    let mut n = 0;
    for x in items {
        if vm.eq(x, v)? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}
fn l_sort(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let r = list_ref(vm, args);
    let key = kwarg(kw, "key").unwrap_or(Value::None);
    let rev = match kwarg(kw, "reverse") {
        Some(v) => vm.truthy(v)?,
        None => false,
    };
    vm.sort_list(r, key, rev)?;
    Ok(Value::None)
}
fn l_reverse(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let r = list_ref(vm, args);
    list_mut(vm, r).reverse();
    Ok(Value::None)
}
fn l_copy(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let items = vm.tuple_items(args[0]);
    Ok(vm.new_list(items))
}
fn l_clear(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let r = list_ref(vm, args);
    list_mut(vm, r).clear();
    Ok(Value::None)
}

// ---- dict ----

fn dict_ref(vm: &mut Vm, args: &[Value]) -> PyResult<ObjRef> {
    match args.first() {
        Some(Value::Obj(r)) if matches!(vm.heap.get(*r), Obj::Dict(_)) => Ok(*r),
        _ => Err(vm.err("TypeError", "descriptor requires a 'dict' object")),
    }
}

pub fn dict_copy(vm: &mut Vm, d: ObjRef) -> PyResult<ObjRef> {
    let n = vm.new_dict();
    vm.temp_roots.push(Value::Obj(n));
    let mut r = Ok(());
    for (k, v) in vm.dict_entries(d) {
        if let Err(e) = vm.dict_set(n, k, v) {
            r = Err(e);
            break;
        }
    }
    vm.temp_roots.pop();
    r.map(|_| n)
}

fn d_get(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let d = dict_ref(vm, args)?;
    let k = vm.arg(args, 1, "get")?;
    let default = args.get(2).copied().unwrap_or(Value::None);
    // An int or str key in one probe, no hashing call.
    if let Some(found) = vm.dict_lookup_plain(vm.dict_of(d), k) {
        return Ok(found.unwrap_or(default));
    }
    Ok(vm.dict_get(d, k)?.unwrap_or(default))
}
fn view(vm: &mut Vm, args: &[Value], kind: DictIterKind) -> PyResult<Value> {
    let d = dict_ref(vm, args)?;
    Ok(vm.alloc(Obj::DictView { dict: d, kind }))
}
fn d_keys(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    view(vm, args, DictIterKind::Keys)
}
fn d_values(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    view(vm, args, DictIterKind::Values)
}
fn d_items(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    view(vm, args, DictIterKind::Items)
}
fn d_pop(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let d = dict_ref(vm, args)?;
    let k = vm.arg(args, 1, "pop")?;
    match vm.dict_remove(d, k)? {
        Some(v) => Ok(v),
        None => match args.get(2) {
            Some(v) => Ok(*v),
            None => {
                let cls = vm.ty("KeyError");
                let a = vm.new_tuple(vec![k]);
                Err(vm.new_exception(cls, a))
            }
        },
    }
}
fn d_popitem(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let d = dict_ref(vm, args)?;
    let Some((k, v)) = vm.dict_entries(d).last().copied() else {
        return Err(vm.err("KeyError", "popitem(): dictionary is empty"));
    };
    vm.dict_remove(d, k)?;
    Ok(vm.new_tuple(vec![k, v]))
}
fn d_setdefault(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let d = dict_ref(vm, args)?;
    let k = vm.arg(args, 1, "setdefault")?;
    let dflt = args.get(2).copied().unwrap_or(Value::None);
    match vm.dict_get(d, k)? {
        Some(v) => Ok(v),
        None => {
            vm.dict_set(d, k, dflt)?;
            Ok(dflt)
        }
    }
}
fn d_update(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let d = dict_ref(vm, args)?;
    if let Some(o) = args.get(1) {
        vm.dict_update(d, *o)?;
    }
    for (k, v) in kw {
        vm.dict_set_str(d, k, *v)?;
    }
    Ok(Value::None)
}
fn d_copy(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let d = dict_ref(vm, args)?;
    Ok(Value::Obj(dict_copy(vm, d)?))
}
fn d_clear(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let d = dict_ref(vm, args)?;
    if let Obj::Dict(dd) = vm.heap.get_mut(d) {
        dd.clear();
    }
    Ok(Value::None)
}
fn d_fromkeys(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let arg_v = vm.arg(args, 1, "fromkeys")?;
    let keys = vm.collect_iter(arg_v)?;
    let v = args.get(2).copied().unwrap_or(Value::None);
    let d = vm.new_dict();
    vm.temp_roots.push(Value::Obj(d));
    let mut r = Ok(());
    for k in keys {
        if let Err(e) = vm.dict_set(d, k, v) {
            r = Err(e);
            break;
        }
    }
    vm.temp_roots.pop();
    r?;
    Ok(Value::Obj(d))
}

// ---- set ----

fn set_ref(vm: &mut Vm, args: &[Value]) -> PyResult<ObjRef> {
    match args.first() {
        Some(Value::Obj(r)) if matches!(vm.heap.get(*r), Obj::Set { .. }) => Ok(*r),
        _ => Err(vm.err("TypeError", "descriptor requires a 'set' object")),
    }
}
fn set_keys(vm: &Vm, s: ObjRef) -> Vec<Value> {
    vm.dict_entries(s).into_iter().map(|(k, _)| k).collect()
}
fn st_add(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = set_ref(vm, args)?;
    let v = vm.arg(args, 1, "add")?;
    vm.set_add(s, v)?;
    Ok(Value::None)
}
fn st_remove(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = set_ref(vm, args)?;
    let v = vm.arg(args, 1, "remove")?;
    if vm.dict_remove(s, v)?.is_none() {
        let cls = vm.ty("KeyError");
        let a = vm.new_tuple(vec![v]);
        return Err(vm.new_exception(cls, a));
    }
    Ok(Value::None)
}
fn st_discard(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = set_ref(vm, args)?;
    let v = vm.arg(args, 1, "discard")?;
    vm.dict_remove(s, v)?;
    Ok(Value::None)
}
fn st_pop(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = set_ref(vm, args)?;
    let Some(k) = set_keys(vm, s).first().copied() else {
        return Err(vm.err("KeyError", "pop from an empty set"));
    };
    vm.dict_remove(s, k)?;
    Ok(k)
}
fn st_update(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = set_ref(vm, args)?;
    for o in &args[1..] {
        let items = vm.collect_iter(*o)?;
        for x in items {
            vm.set_add(s, x)?;
        }
    }
    Ok(Value::None)
}
fn st_copy(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = set_ref(vm, args)?;
    let frozen = matches!(vm.heap.get(s), Obj::Set { frozen: true, .. });
    super::make_set(vm, Some(args[0]), frozen)
}
fn st_clear(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = set_ref(vm, args)?;
    if let Obj::Set { items, .. } = vm.heap.get_mut(s) {
        items.clear();
    }
    Ok(Value::None)
}

/// Set algebra shared by the operators and the named methods.
pub fn set_binary(vm: &mut Vm, op: BinOp, a: Value, b: Value, inplace: bool) -> PyResult<Value> {
    let (ra, rb) = (a.as_obj().expect("set"), b.as_obj().expect("set"));
    let frozen = matches!(vm.heap.get(ra), Obj::Set { frozen: true, .. });
    let xs = set_keys(vm, ra);
    let ys = set_keys(vm, rb);
    let mut out = Vec::new();
    match op {
        BinOp::Or => {
            out.extend(xs.iter().copied());
            out.extend(ys.iter().copied());
        }
        BinOp::And => {
            for x in &xs {
                if vm.set_contains(rb, *x)? {
                    out.push(*x);
                }
            }
        }
        BinOp::Sub => {
            for x in &xs {
                if !vm.set_contains(rb, *x)? {
                    out.push(*x);
                }
            }
        }
        _ => {
            for x in &xs {
                if !vm.set_contains(rb, *x)? {
                    out.push(*x);
                }
            }
            for y in &ys {
                if !vm.set_contains(ra, *y)? {
                    out.push(*y);
                }
            }
        }
    }
    let holder = vm.new_list(out);
    vm.temp_roots.push(holder);
    let r = if inplace {
        if let Obj::Set { items, .. } = vm.heap.get_mut(ra) {
            items.clear();
        }
        let items = vm.tuple_items(holder);
        let mut r = Ok(a);
        for x in items {
            if let Err(e) = vm.set_add(ra, x) {
                r = Err(e);
                break;
            }
        }
        r
    } else {
        super::make_set(vm, Some(holder), frozen)
    };
    vm.temp_roots.pop();
    r
}

fn set_method(vm: &mut Vm, args: &[Value], op: BinOp) -> PyResult<Value> {
    set_ref(vm, args)?;
    let mut acc = args[0];
    let mark = vm.temp_roots.len();
    let r = (|| {
        for o in &args[1..] {
            let other = super::make_set(vm, Some(*o), false)?;
            vm.temp_roots.push(other);
            acc = set_binary(vm, op, acc, other, false)?;
            vm.temp_roots.push(acc);
        }
        if args.len() == 1 {
            let frozen = matches!(vm.heap.get(args[0].as_obj().expect("set")), Obj::Set { frozen: true, .. });
            acc = super::make_set(vm, Some(acc), frozen)?;
        }
        Ok(acc)
    })();
    vm.temp_roots.truncate(mark);
    r
}
fn st_union(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    set_method(vm, args, BinOp::Or)
}
fn st_intersection(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    set_method(vm, args, BinOp::And)
}
fn st_difference(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    set_method(vm, args, BinOp::Sub)
}
fn st_symdiff(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    set_method(vm, args, BinOp::Xor)
}
fn st_issubset(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = set_ref(vm, args)?;
    let arg_v = vm.arg(args, 1, "issubset")?;
    let other = super::make_set(vm, Some(arg_v), false)?;
    vm.temp_roots.push(other);
    let mut r = Ok(Value::Bool(true));
    for x in set_keys(vm, s) {
        match vm.set_contains(other.as_obj().expect("set"), x) {
            Ok(true) => {}
            Ok(false) => {
                r = Ok(Value::Bool(false));
                break;
            }
            Err(e) => {
                r = Err(e);
                break;
            }
        }
    }
    vm.temp_roots.pop();
    r
}
fn st_issuperset(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = set_ref(vm, args)?;
    let arg_v = vm.arg(args, 1, "issuperset")?;
    let items = vm.collect_iter(arg_v)?;
    for x in items {
        if !vm.set_contains(s, x)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}
fn st_isdisjoint(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = set_ref(vm, args)?;
    let arg_v = vm.arg(args, 1, "isdisjoint")?;
    let items = vm.collect_iter(arg_v)?;
    for x in items {
        if vm.set_contains(s, x)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

// ---- numbers, bytes, generators ----

fn i_bit_length(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let b = vm.to_bigint(args[0]).unwrap_or_else(BigInt::zero);
    Ok(Value::Int(b.bits() as i64))
}
fn f_is_integer(_vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::Bool(matches!(args[0], Value::Float(f) if f.is_finite() && f.fract() == 0.0)))
}
/// `bytes.decode(encoding='utf-8', errors='strict')`.
fn b_decode(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let Value::Obj(r) = args[0] else { return Err(vm.err("TypeError", "decode")) };
    let Obj::Bytes(b) = vm.heap.get(r) else { return Err(vm.err("TypeError", "decode")) };
    let b = b.clone();
    let mut text = |i: usize, name: &str| -> PyResult<Option<String>> {
        match args.get(i).copied().or_else(|| super::kwarg(kw, name)) {
            None => Ok(None),
            Some(v) => match vm.as_str(v) {
                Some(s) => Ok(Some(s.to_string())),
                None => {
                    let t = vm.type_name(v);
                    Err(vm.err("TypeError", &format!("decode() argument '{name}' must be str, not {t}")))
                }
            },
        }
    };
    let (encoding, errors) = (text(1, "encoding")?, text(2, "errors")?);
    let s = super::codecs::decode(vm, &b, encoding.as_deref(), errors.as_deref())?;
    Ok(vm.alloc(Obj::Str(PyStr::new(s))))
}
/// A generator's step as a method result: a return becomes StopIteration.
fn gen_step(vm: &mut Vm, r: crate::interp::iter::SendResult) -> PyResult<Value> {
    match r {
        crate::interp::iter::SendResult::Yielded(x) => Ok(x),
        crate::interp::iter::SendResult::Returned(r) => {
            let cls = vm.ty("StopIteration");
            let a = if matches!(r, Value::None) { Vec::new() } else { vec![r] };
            let a = vm.new_tuple(a);
            Err(vm.new_exception(cls, a))
        }
    }
}
fn gen_self(vm: &mut Vm, args: &[Value]) -> PyResult<ObjRef> {
    match args.first() {
        Some(Value::Obj(r)) if matches!(vm.heap.get(*r), Obj::Generator(_)) => Ok(*r),
        _ => Err(vm.err("TypeError", "descriptor requires a 'generator' object")),
    }
}
fn g_send(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let g = args[0];
    let v = args.get(1).copied().unwrap_or(Value::None);
    let r = vm.send(g, v)?;
    gen_step(vm, r)
}
fn g_throw(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let g = gen_self(vm, args)?;
    let typ = vm.arg(args, 1, "throw")?;
    let e = vm.throw_arg(typ, args.get(2).copied().unwrap_or(Value::None))?;
    let r = vm.gen_throw(g, e)?;
    gen_step(vm, r)
}
fn g_close(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let g = gen_self(vm, args)?;
    vm.gen_close(g)?;
    Ok(Value::None)
}
/// `@prop.setter` and friends: a copy of the property with one accessor replaced.
fn prop_with(vm: &mut Vm, args: &[Value], which: usize) -> PyResult<Value> {
    let Some(Value::Obj(r)) = args.first() else { return Err(vm.err("TypeError", "property expected")) };
    let Obj::Property { fget, fset, fdel } = vm.heap.get(*r) else { return Err(vm.err("TypeError", "property expected")) };
    let mut parts = [*fget, *fset, *fdel];
    parts[which] = vm.arg(args, 1, "setter")?;
    Ok(vm.alloc(Obj::Property { fget: parts[0], fset: parts[1], fdel: parts[2] }))
}
fn p_getter(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    prop_with(vm, args, 0)
}
fn p_setter(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    prop_with(vm, args, 1)
}
fn p_deleter(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    prop_with(vm, args, 2)
}
fn iter_self(_vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(args[0])
}
fn iter_next(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    match vm.next(args[0])? {
        Some(v) => Ok(v),
        None => Err(vm.err("StopIteration", "")),
    }
}

pub fn setup(vm: &mut Vm) {
    let table: &[(&str, &[(&'static str, NativeFn)])] = &[
        (
            "str",
            &[
                ("join", s_join),
                ("split", s_split),
                ("rsplit", s_rsplit),
                ("strip", s_strip),
                ("lstrip", s_lstrip),
                ("rstrip", s_rstrip),
                ("replace", s_replace),
                ("startswith", s_startswith),
                ("endswith", s_endswith),
                ("find", s_find),
                ("rfind", s_rfind),
                ("index", s_index),
                ("rindex", s_rindex),
                ("count", s_count),
                ("upper", s_upper),
                ("lower", s_lower),
                ("swapcase", s_swapcase),
                ("capitalize", s_capitalize),
                ("title", s_title),
                ("isdigit", s_isdigit),
                ("isnumeric", s_isdigit),
                ("isdecimal", s_isdigit),
                ("isalpha", s_isalpha),
                ("isalnum", s_isalnum),
                ("isspace", s_isspace),
                ("isidentifier", s_isidentifier),
                ("isupper", s_isupper),
                ("islower", s_islower),
                ("ljust", s_ljust),
                ("rjust", s_rjust),
                ("center", s_center),
                ("zfill", s_zfill),
                ("expandtabs", s_expandtabs),
                ("splitlines", s_splitlines),
                ("partition", s_partition),
                ("rpartition", s_rpartition),
                ("encode", s_encode),
                ("format", s_format),
            ],
        ),
        (
            "list",
            &[
                ("append", l_append),
                ("extend", l_extend),
                ("pop", l_pop),
                ("insert", l_insert),
                ("remove", l_remove),
                ("index", seq_index_m),
                ("count", seq_count),
                ("sort", l_sort),
                ("reverse", l_reverse),
                ("copy", l_copy),
                ("clear", l_clear),
            ],
        ),
        ("tuple", &[("index", seq_index_m), ("count", seq_count)]),
        (
            "dict",
            &[
                ("get", d_get),
                ("keys", d_keys),
                ("values", d_values),
                ("items", d_items),
                ("pop", d_pop),
                ("popitem", d_popitem),
                ("setdefault", d_setdefault),
                ("update", d_update),
                ("copy", d_copy),
                ("clear", d_clear),
            ],
        ),
        (
            "set",
            &[
                ("add", st_add),
                ("remove", st_remove),
                ("discard", st_discard),
                ("pop", st_pop),
                ("update", st_update),
                ("copy", st_copy),
                ("clear", st_clear),
                ("union", st_union),
                ("intersection", st_intersection),
                ("difference", st_difference),
                ("symmetric_difference", st_symdiff),
                ("issubset", st_issubset),
                ("issuperset", st_issuperset),
                ("isdisjoint", st_isdisjoint),
            ],
        ),
        (
            "frozenset",
            &[
                ("copy", st_copy),
                ("union", st_union),
                ("intersection", st_intersection),
                ("difference", st_difference),
                ("symmetric_difference", st_symdiff),
                ("issubset", st_issubset),
                ("issuperset", st_issuperset),
                ("isdisjoint", st_isdisjoint),
            ],
        ),
        ("int", &[("bit_length", i_bit_length), ("to_bytes", super::numconv::i_to_bytes)]),
        ("float", &[("is_integer", f_is_integer), ("hex", super::numconv::f_hex)]),
        ("bytes", &[("decode", b_decode)]),
        ("property", &[("getter", p_getter), ("setter", p_setter), ("deleter", p_deleter)]),
        ("generator", &[("send", g_send), ("throw", g_throw), ("close", g_close), ("__iter__", iter_self), ("__next__", iter_next)]),
    ];
    for (ty, methods) in table {
        let cls = vm.ty(ty);
        for (name, f) in *methods {
            vm.def(cls, name, *f);
        }
    }
    let classmethods: &[(&str, &'static str, NativeFn)] =
        &[("dict", "fromkeys", d_fromkeys), ("int", "from_bytes", super::numconv::i_from_bytes), ("float", "fromhex", super::numconv::f_fromhex)];
    for (ty, name, f) in classmethods {
        let func = vm.native(name, *f);
        let cm = vm.alloc(Obj::ClassMethod(func));
        if let Value::Obj(r) = cm {
            vm.heap.pin(r);
        }
        let cls = vm.ty(ty);
        vm.dict_set_str(cls, name, cm).expect("classmethod");
    }
    for ty in ["iterator", "range_iterator", "enumerate", "zip", "map", "filter", "reversed", "callable_iterator"] {
        let cls = vm.ty(ty);
        vm.def(cls, "__iter__", iter_self);
        vm.def(cls, "__next__", iter_next);
    }
}
