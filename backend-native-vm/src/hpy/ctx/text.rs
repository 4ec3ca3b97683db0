//! str and bytes.
//!
//! `HPyUnicode_AsUTF8AndSize` and `HPyBytes_AsString` hand out C pointers:
//! the VM gives a NUL-terminated copy kept per object (`HpyState::c_text_of`)
//! until the collector frees the object, so the pointer lives as long as
//! the object, as the API promises.

use std::os::raw::{c_char, c_int};

use hilt_abi::*;

use super::ctx_fn;
use crate::builtins::codecs::decode;
use crate::interp::{PyResult, Vm};
use crate::object::{Obj, ObjRef, Value};

impl Vm {
    fn str_of(&mut self, h: HPy, what: &str) -> PyResult<(ObjRef, std::rc::Rc<str>)> {
        if h.is_null() && crate::hpy::null_messages::null_argument(what).is_none() {
            return Err(self.err("SystemError", &format!("{what}: h is HPy_NULL")));
        }
        let v = self.hv(h)?;
        if let Value::Obj(r) = v {
            if let Obj::Str(s) = self.heap.get(r) {
                return Ok((r, s.s.clone()));
            }
        }
        let t = self.type_name(v);
        Err(self.err("TypeError", &format!("{what}: expected a str, got a '{t}' object")))
    }

    fn bytes_of(&mut self, h: HPy, what: &str) -> PyResult<(ObjRef, usize)> {
        let v = self.hv(h)?;
        if let Value::Obj(r) = v {
            if let Obj::Bytes(b) = self.heap.get(r) {
                return Ok((r, b.len()));
            }
        }
        let t = self.type_name(v);
        Err(self.err("TypeError", &format!("{what}: expected a bytes object, got a '{t}' object")))
    }

    /// A type predicate: HPy_NULL is no str or bytes, and no error.
    fn is_kind(&mut self, h: HPy, name: &str) -> PyResult<c_int> {
        if h.is_null() {
            return Ok(0);
        }
        let v = self.hv(h)?;
        let t = self.type_of(v);
        Ok(self.is_subclass(t, self.ty(name)) as c_int)
    }

    fn h_bytes(&mut self, b: Vec<u8>) -> HPy {
        let v = self.alloc(Obj::Bytes(b));
        self.h(v)
    }

    fn h_str(&mut self, s: String) -> HPy {
        let v = self.new_str(s);
        self.h(v)
    }

    /// Encode a str to bytes, failing like CPython's strict codecs.
    fn encode_as(&mut self, h: HPy, api: &str, encoding: &str, limit: u32) -> PyResult<HPy> {
        let (_, s) = self.str_of(h, api)?;
        let mut out = Vec::with_capacity(s.len());
        for (pos, c) in s.chars().enumerate() {
            if (c as u32) >= limit {
                let msg = format!(
                    "'{encoding}' codec can't encode character '\\x{:02x}' in position {pos}: ordinal not in range({limit})",
                    c as u32
                );
                let msg = if (c as u32) > 0xff { msg.replace(&format!("\\x{:02x}", c as u32), &format!("\\u{:04x}", c as u32)) } else { msg };
                return Err(self.err("UnicodeEncodeError", &msg));
            }
            out.push(c as u32 as u8);
        }
        Ok(self.h_bytes(out))
    }
}

/// Bytes at `p`, `n` long (NULL with n > 0 is an error).
unsafe fn raw<'a>(vm: &mut Vm, p: *const c_char, n: isize, what: &str) -> PyResult<&'a [u8]> {
    if n < 0 {
        return Err(vm.err("SystemError", &format!("{what}: negative size {n}")));
    }
    if n == 0 {
        return Ok(&[]);
    }
    if p.is_null() {
        return Err(vm.err("SystemError", &format!("{what}: NULL data with size {n}")));
    }
    // SAFETY: the extension passes `n` readable bytes at `p`.
    Ok(unsafe { std::slice::from_raw_parts(p as *const u8, n as usize) })
}

ctx_fn!(ctx_Bytes_Check(h: HPy) -> c_int, "HPyBytes_Check", |vm| vm.is_kind(h, "bytes"));
ctx_fn!(ctx_Bytes_Size(h: HPy) -> HPy_ssize_t, "HPyBytes_Size", |vm| Ok(vm.bytes_of(h, "HPyBytes_Size")?.1 as isize));
ctx_fn!(ctx_Bytes_GET_SIZE(h: HPy) -> HPy_ssize_t, "HPyBytes_GET_SIZE", |vm| Ok(vm.bytes_of(h, "HPyBytes_GET_SIZE")?.1 as isize));
fn bytes_data(vm: &mut Vm, h: HPy, what: &str) -> PyResult<*const c_char> {
    let (r, _) = vm.bytes_of(h, what)?;
    let Obj::Bytes(b) = vm.heap.get(r) else { unreachable!("checked") };
    let b = b.clone();
    Ok(vm.hpy.c_text_of(r, &b))
}
ctx_fn!(ctx_Bytes_AsString(h: HPy) -> *const c_char, "HPyBytes_AsString", |vm| bytes_data(vm, h, "HPyBytes_AsString"));
ctx_fn!(ctx_Bytes_AS_STRING(h: HPy) -> *const c_char, "HPyBytes_AS_STRING", |vm| bytes_data(vm, h, "HPyBytes_AS_STRING"));
ctx_fn!(ctx_Bytes_FromString(bytes: *const c_char) -> HPy, "HPyBytes_FromString", |vm| {
    if bytes.is_null() {
        return Err(vm.err("SystemError", "HPyBytes_FromString: bytes is NULL"));
    }
    let b = std::ffi::CStr::from_ptr(bytes).to_bytes().to_vec();
    Ok(vm.h_bytes(b))
});
ctx_fn!(ctx_Bytes_FromStringAndSize(bytes: *const c_char, len: HPy_ssize_t) -> HPy, "HPyBytes_FromStringAndSize", |vm| {
    if len < 0 {
        return Err(vm.err("SystemError", "Negative size passed to HPyBytes_FromStringAndSize"));
    }
    // NULL data gives `len` bytes for the caller to fill: zeros here.
    let b = if bytes.is_null() { vec![0; len as usize] } else { raw(vm, bytes, len, "HPyBytes_FromStringAndSize")?.to_vec() };
    Ok(vm.h_bytes(b))
});

ctx_fn!(ctx_Unicode_FromString(utf8: *const c_char) -> HPy, "HPyUnicode_FromString", |vm| {
    if utf8.is_null() {
        return Err(vm.err("SystemError", "HPyUnicode_FromString: utf8 is NULL"));
    }
    let s = decode(vm, std::ffi::CStr::from_ptr(utf8).to_bytes(), None, None)?;
    Ok(vm.h_str(s))
});
ctx_fn!(ctx_Unicode_Check(h: HPy) -> c_int, "HPyUnicode_Check", |vm| vm.is_kind(h, "str"));
ctx_fn!(ctx_Unicode_AsASCIIString(h: HPy) -> HPy, "HPyUnicode_AsASCIIString", |vm| vm.encode_as(h, "HPyUnicode_AsASCIIString", "ascii", 128));
ctx_fn!(ctx_Unicode_AsLatin1String(h: HPy) -> HPy, "HPyUnicode_AsLatin1String", |vm| vm.encode_as(h, "HPyUnicode_AsLatin1String", "latin-1", 256));
ctx_fn!(ctx_Unicode_AsUTF8String(h: HPy) -> HPy, "HPyUnicode_AsUTF8String", |vm| {
    let (_, s) = vm.str_of(h, "HPyUnicode_AsUTF8String")?;
    Ok(vm.h_bytes(s.as_bytes().to_vec()))
});
ctx_fn!(ctx_Unicode_AsUTF8AndSize(h: HPy, size: *mut HPy_ssize_t) -> *const c_char, "HPyUnicode_AsUTF8AndSize", |vm| {
    let (r, s) = vm.str_of(h, "HPyUnicode_AsUTF8AndSize")?;
    if !size.is_null() {
        *size = s.len() as isize;
    }
    Ok(vm.hpy.c_text_of(r, s.as_bytes()))
});
ctx_fn!(ctx_Unicode_FromWideChar(w: *const wchar_t, size: HPy_ssize_t) -> HPy, "HPyUnicode_FromWideChar", |vm| {
    if w.is_null() {
        return Err(vm.err("SystemError", "HPyUnicode_FromWideChar: NULL string"));
    }
    let n = if size < 0 {
        let mut n = 0;
        while *w.add(n) != 0 {
            n += 1;
        }
        n
    } else {
        size as usize
    };
    let mut s = String::with_capacity(n);
    for i in 0..n {
        match char::from_u32(*w.add(i) as u32) {
            Some(c) => s.push(c),
            None => return Err(vm.err("ValueError", &format!("character U+{:x} is not in range [U+0000; U+10ffff]", *w.add(i) as u32))),
        }
    }
    Ok(vm.h_str(s))
});
ctx_fn!(ctx_Unicode_DecodeFSDefault(v: *const c_char) -> HPy, "HPyUnicode_DecodeFSDefault", |vm| {
    if v.is_null() {
        return Err(vm.err("SystemError", "HPyUnicode_DecodeFSDefault: v is NULL"));
    }
    let b = std::ffi::CStr::from_ptr(v).to_bytes();
    Ok(vm.h_str(String::from_utf8_lossy(b).into_owned()))
});
ctx_fn!(ctx_Unicode_DecodeFSDefaultAndSize(v: *const c_char, size: HPy_ssize_t) -> HPy, "HPyUnicode_DecodeFSDefaultAndSize", |vm| {
    let b = raw(vm, v, size, "HPyUnicode_DecodeFSDefaultAndSize")?;
    Ok(vm.h_str(String::from_utf8_lossy(b).into_owned()))
});
ctx_fn!(ctx_Unicode_EncodeFSDefault(h: HPy) -> HPy, "HPyUnicode_EncodeFSDefault", |vm| {
    let (_, s) = vm.str_of(h, "HPyUnicode_EncodeFSDefault")?;
    Ok(vm.h_bytes(s.as_bytes().to_vec()))
});
ctx_fn!(ctx_Unicode_ReadChar(h: HPy, index: HPy_ssize_t) -> HPy_UCS4, "HPyUnicode_ReadChar", |vm| {
    let (r, _) = vm.str_of(h, "HPyUnicode_ReadChar")?;
    let Obj::Str(s) = vm.heap.get(r) else { unreachable!("checked") };
    if index < 0 || index as usize >= s.chars {
        return Err(vm.err("IndexError", "string index out of range"));
    }
    Ok(s.char_at(index as usize) as u32)
});
/// The error handler's name (NULL: strict).
fn errors_name(vm: &mut Vm, errors: *const c_char, what: &str) -> PyResult<Option<String>> {
    if errors.is_null() { Ok(None) } else { vm.c_text(errors, what).map(Some) }
}
ctx_fn!(ctx_Unicode_DecodeASCII(ascii: *const c_char, size: HPy_ssize_t, errors: *const c_char) -> HPy, "HPyUnicode_DecodeASCII", |vm| {
    if ascii.is_null() && size > 0 {
        return Err(vm.err("SystemError", "HPyUnicode_DecodeASCII: ascii is NULL"));
    }
    let b = raw(vm, ascii, size, "HPyUnicode_DecodeASCII")?;
    let e = errors_name(vm, errors, "HPyUnicode_DecodeASCII: errors")?;
    let s = decode(vm, b, Some("ascii"), e.as_deref())?;
    Ok(vm.h_str(s))
});
ctx_fn!(ctx_Unicode_DecodeLatin1(latin1: *const c_char, size: HPy_ssize_t, _errors: *const c_char) -> HPy, "HPyUnicode_DecodeLatin1", |vm| {
    if latin1.is_null() && size > 0 {
        return Err(vm.err("SystemError", "HPyUnicode_DecodeLatin1: latin1 is NULL"));
    }
    // Latin-1 decodes every byte: the error handler is never consulted.
    let b = raw(vm, latin1, size, "HPyUnicode_DecodeLatin1")?;
    Ok(vm.h_str(b.iter().map(|c| *c as char).collect()))
});
ctx_fn!(ctx_Unicode_FromEncodedObject(obj: HPy, encoding: *const c_char, errors: *const c_char) -> HPy, "HPyUnicode_FromEncodedObject", |vm| {
    let v = vm.hv(obj)?;
    let Value::Obj(r) = v else {
        let t = vm.type_name(v);
        return Err(vm.err("TypeError", &format!("decoding to str: need a bytes-like object, {t} found")));
    };
    let Obj::Bytes(b) = vm.heap.get(r) else {
        let t = vm.type_name(v);
        return Err(vm.err("TypeError", &format!("decoding to str: need a bytes-like object, {t} found")));
    };
    let b = b.clone();
    let enc = if encoding.is_null() { None } else { Some(vm.c_text(encoding, "HPyUnicode_FromEncodedObject: encoding")?) };
    let e = errors_name(vm, errors, "HPyUnicode_FromEncodedObject: errors")?;
    let s = decode(vm, &b, enc.as_deref(), e.as_deref())?;
    Ok(vm.h_str(s))
});
ctx_fn!(ctx_Unicode_Substring(str_: HPy, start: HPy_ssize_t, end: HPy_ssize_t) -> HPy, "HPyUnicode_Substring", |vm| {
    let (r, _) = vm.str_of(str_, "HPyUnicode_Substring")?;
    if start < 0 || end < 0 {
        return Err(vm.err("IndexError", "string index out of range"));
    }
    let Obj::Str(s) = vm.heap.get(r) else { unreachable!("checked") };
    let (a, b) = ((start as usize).min(s.chars), (end as usize).min(s.chars));
    let t = if a >= b { String::new() } else { s.slice_chars(a, b).to_string() };
    Ok(vm.h_str(t))
});
