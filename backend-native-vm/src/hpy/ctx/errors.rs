//! Exceptions: setting, testing and clearing the pending exception, new
//! exception types, warnings.

use std::os::raw::{c_char, c_int};

use hilt_abi::*;

use super::ctx_fn;
use crate::hpy::vm_of;
use crate::interp::{Exc, PyResult, Vm};
use crate::object::{Obj, ObjRef, Value};

impl Vm {
    /// The exception `type(value)` would raise (`value` an instance of the
    /// type is used as is; a tuple gives the arguments).
    fn make_error(&mut self, cls: ObjRef, value: Value) -> PyResult<Exc> {
        if !self.is_exception_class(Value::Obj(cls)) {
            let n = self.class_name(cls);
            return Err(self.err("SystemError", &format!("exception {n} is not a BaseException subclass")));
        }
        if let Value::Obj(r) = value {
            if self.is_subclass(self.type_of(value), cls) && self.exc_data(r).is_some() {
                return Ok(Exc(r));
            }
        }
        let args = match value {
            Value::None => Vec::new(),
            Value::Obj(r) if matches!(self.heap.get(r), Obj::Tuple(_)) => self.tuple_items(value),
            v => vec![v],
        };
        let e = self.call(Value::Obj(cls), &args, &[])?;
        match e {
            Value::Obj(r) if self.exc_data(r).is_some() => Ok(Exc(r)),
            _ => Err(self.err("TypeError", "calling the exception type did not give an exception")),
        }
    }

    fn set_error(&mut self, cls: HPy, value: Value) -> PyResult<()> {
        let c = self.hv_class(cls, "HPyErr_Set*")?;
        let e = match self.make_error(c, value) {
            Ok(e) => e,
            Err(e) => e,
        };
        self.hpy.error = Some(e);
        Ok(())
    }

    /// OSError(errno, strerror[, filename[, None, filename2]]) from `errno`.
    fn set_from_errno(&mut self, cls: HPy, f1: Value, f2: Value) -> PyResult<()> {
        let err = std::io::Error::last_os_error();
        let code = err.raw_os_error().unwrap_or(0);
        let msg = err.to_string();
        let msg = msg.split(" (os error").next().unwrap_or(&msg).to_string();
        let m = self.new_str(msg);
        let mut args = vec![Value::Int(code as i64), m];
        if !matches!(f1, Value::Undef | Value::None) {
            args.push(f1);
            if !matches!(f2, Value::Undef | Value::None) {
                args.push(Value::None);
                args.push(f2);
            }
        }
        let t = self.new_tuple(args);
        // OSError itself becomes the subclass for the errno, as OSError.__new__ does in CPython.
        let c = self.hv_class(cls, "HPyErr_SetFromErrno*")?;
        if c == self.ty("OSError") {
            if let Some(sub) = crate::interp::exc::os_error_subclass(code) {
                let sub = self.ty(sub);
                let e = self.make_error(sub, t).unwrap_or_else(|e| e);
                self.hpy.error = Some(e);
                return Ok(());
            }
        }
        self.set_error(cls, t)
    }
}

ctx_fn!(ctx_Err_SetString(h_type: HPy, utf8_message: *const c_char) -> (), "HPyErr_SetString", |vm| {
    let m = vm.c_text(utf8_message, "HPyErr_SetString: utf8_message")?;
    let m = vm.new_str(m);
    vm.set_error(h_type, m)
});
ctx_fn!(ctx_Err_SetObject(h_type: HPy, h_value: HPy) -> (), "HPyErr_SetObject", |vm| {
    let v = if h_value.is_null() { Value::None } else { vm.hv(h_value)? };
    vm.set_error(h_type, v)
});
ctx_fn!(ctx_Err_SetFromErrnoWithFilename(h_type: HPy, filename_fsencoded: *const c_char) -> HPy, "HPyErr_SetFromErrnoWithFilename", |vm| {
    let f = if filename_fsencoded.is_null() { Value::None } else { let s = vm.c_text(filename_fsencoded, "HPyErr_SetFromErrnoWithFilename: filename_fsencoded")?; vm.new_str(s) };
    vm.set_from_errno(h_type, f, Value::None)?;
    Ok(HPy::NULL)
});
ctx_fn!(ctx_Err_SetFromErrnoWithFilenameObjects(h_type: HPy, filename1: HPy, filename2: HPy) -> (), "HPyErr_SetFromErrnoWithFilenameObjects", |vm| {
    let f1 = if filename1.is_null() { Value::None } else { vm.hv(filename1)? };
    let f2 = if filename2.is_null() { Value::None } else { vm.hv(filename2)? };
    vm.set_from_errno(h_type, f1, f2)
});
ctx_fn!(ctx_Err_Occurred() -> c_int, "HPyErr_Occurred", |vm| Ok(vm.hpy.error.is_some() as c_int));
ctx_fn!(ctx_Err_ExceptionMatches(exc: HPy) -> c_int, "HPyErr_ExceptionMatches", |vm| {
    let Some(e) = vm.hpy.error else { return Ok(0) };
    let cls = vm.hv(exc)?;
    Ok(vm.exception_matches(Value::Obj(e.0), cls)? as c_int)
});
ctx_fn!(ctx_Err_NoMemory() -> (), "HPyErr_NoMemory", |vm| {
    let e = vm.err("MemoryError", "");
    vm.hpy.error = Some(e);
    Ok(())
});
ctx_fn!(ctx_Err_Clear() -> (), "HPyErr_Clear", |vm| {
    vm.hpy.error = None;
    Ok(())
});

fn new_exception(vm: &mut Vm, name: *const c_char, doc: *const c_char, base: HPy, dict: HPy) -> PyResult<HPy> {
    let full = vm.c_text(name, "HPyErr_NewException: utf8_name")?;
    let Some((module, short)) = full.rsplit_once('.') else {
        return Err(vm.err("SystemError", "HPyErr_NewException: name must be module.class"));
    };
    // The base: Exception, a class or a tuple of classes.
    let bases = if base.is_null() {
        vec![vm.ty("Exception")]
    } else if let Value::Obj(t) = vm.hv(base)? {
        if let Obj::Tuple(items) = vm.heap.get(t) {
            let items = items.clone();
            let mut bases = Vec::with_capacity(items.len());
            for b in items {
                match b {
                    Value::Obj(r) if matches!(vm.heap.get(r), Obj::Class(_)) => bases.push(r),
                    _ => {
                        let tn = vm.type_name(b);
                        return Err(vm.err("TypeError", &format!("HPyErr_NewException: expected a type, got a '{tn}' object")));
                    }
                }
            }
            bases
        } else {
            vec![vm.hv_class(base, "HPyErr_NewException")?]
        }
    } else {
        vec![vm.hv_class(base, "HPyErr_NewException")?]
    };
    let d = vm.new_dict();
    vm.temp_roots.push(Value::Obj(d));
    let r = (|| {
        if !dict.is_null() {
            let src = vm.hv(dict)?;
            vm.dict_update(d, src)?;
        }
        let m = vm.new_str(module);
        vm.dict_set_str(d, "__module__", m)?;
        let q = vm.new_str(short);
        vm.dict_set_str(d, "__qualname__", q)?;
        // As in CPython, the class has a __doc__ of its own: None without one.
        let t = if doc.is_null() { Value::None } else {
            let t = vm.c_text(doc, "HPyErr_NewExceptionWithDoc: utf8_doc")?;
            vm.new_str(t)
        };
        vm.dict_set_str(d, "__doc__", t)?;
        vm.new_class(short, bases, d)
    })();
    vm.temp_roots.pop();
    let c = r?;
    Ok(vm.h(Value::Obj(c)))
}
ctx_fn!(ctx_Err_NewException(utf8_name: *const c_char, base: HPy, dict: HPy) -> HPy, "HPyErr_NewException", |vm| new_exception(vm, utf8_name, std::ptr::null(), base, dict));
ctx_fn!(ctx_Err_NewExceptionWithDoc(utf8_name: *const c_char, utf8_doc: *const c_char, base: HPy, dict: HPy) -> HPy, "HPyErr_NewExceptionWithDoc", |vm| new_exception(vm, utf8_name, utf8_doc, base, dict));
ctx_fn!(ctx_Err_WarnEx(category: HPy, utf8_message: *const c_char, _stack_level: HPy_ssize_t) -> c_int, "HPyErr_WarnEx", |vm| {
    let cat = if category.is_null() { "RuntimeWarning".to_string() } else {
        let c = vm.hv_class(category, "HPyErr_WarnEx")?;
        vm.class_name(c).to_string()
    };
    let m = vm.c_text(utf8_message, "HPyErr_WarnEx: utf8_message")?;
    vm.flush();
    eprintln!("{cat}: {m}");
    Ok(0)
});
ctx_fn!(ctx_Err_WriteUnraisable(obj: HPy) -> (), "HPyErr_WriteUnraisable", |vm| {
    let Some(e) = vm.hpy.error.take() else { return Ok(()) };
    let what = if obj.is_null() { String::new() } else {
        let v = vm.hv(obj)?;
        vm.repr(v).unwrap_or_default()
    };
    vm.flush();
    eprintln!("Exception ignored in: {what}");
    let text = vm.format_exception(e.0);
    eprint!("{text}");
    Ok(())
});

/// `HPy_FatalError`: print the message and abort the process.
pub unsafe extern "C" fn ctx_FatalError(ctx: *mut HPyContext, message: *const c_char) {
    // SAFETY: called by the extension while the VM runs it.
    let vm = unsafe { vm_of(ctx) };
    vm.flush();
    // SAFETY: NULL or the extension's NUL-terminated message.
    let m = unsafe { crate::hpy::types::text(message) }.unwrap_or_default();
    eprintln!("Fatal Python error: {m}");
    std::process::abort();
}
