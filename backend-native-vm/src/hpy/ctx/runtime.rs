//! The runtime: imports, trackers, fields, globals, capsules, code
//! evaluation, context variables, thread state, and the legacy bridge
//! (refused: it needs CPython).

use std::os::raw::{c_char, c_int, c_void};
use std::rc::Rc;

use hilt_abi::*;

use super::ctx_fn;
use crate::hpy::types::{field_encode, field_value, TypeInfo};
use crate::interp::{PyResult, Vm};
use crate::object::{Obj, Value};

ctx_fn!(ctx_Import_ImportModule(utf8_name: *const c_char) -> HPy, "HPyImport_ImportModule", |vm| {
    let n = vm.c_text(utf8_name, "HPyImport_ImportModule: utf8_name")?;
    let m = vm.import(&n)?;
    Ok(vm.h(m))
});

ctx_fn!(ctx_FromPyObject(_obj: *mut cpy_PyObject) -> HPy, "HPy_FromPyObject", |vm| {
    Err(vm.err("SystemError", "HPy_FromPyObject is part of the legacy (CPython C-API) bridge, which needs CPython; the Hilt VM has no PyObject*"))
});
ctx_fn!(ctx_AsPyObject(_h: HPy) -> *mut cpy_PyObject, "HPy_AsPyObject", |vm| {
    Err(vm.err("SystemError", "HPy_AsPyObject is part of the legacy (CPython C-API) bridge, which needs CPython; the Hilt VM has no PyObject*"))
});
/// Never reached on the VM (it calls `impl` directly, not CPython
/// trampolines); `ctx` may be a debug or trace context.
pub unsafe extern "C" fn ctx_CallRealFunctionFromTrampoline(ctx: *mut HPyContext, _sig: HPyFunc_Signature, _func: HPyCFunction, _args: *mut c_void) {
    // SAFETY: called by the extension with a context this VM made.
    let vm = unsafe { crate::hpy::vm_of_any(ctx) };
    crate::hpy::with_this_vm(vm, "_HPy_CallRealFunctionFromTrampoline", |vm| -> PyResult<()> {
        Err(vm.err("SystemError", "_HPy_CallRealFunctionFromTrampoline: CPython trampolines are never used on the Hilt VM (it calls impl directly)"))
    })
}

// ---- trackers ----

impl Vm {
    fn tracker(&mut self, ht: HPyTracker, what: &str) -> PyResult<&mut Vec<HPy>> {
        let i = ht._i as usize;
        if ht._i >= 1 && matches!(self.hpy.trackers.get(i - 1), Some(Some(_))) {
            return Ok(self.hpy.trackers[i - 1].as_mut().expect("checked"));
        }
        Err(self.err("SystemError", &format!("{what}: not an open tracker ({})", ht._i)))
    }
}

ctx_fn!(ctx_Tracker_New(size: HPy_ssize_t) -> HPyTracker, "HPyTracker_New", |vm| {
    let v = Vec::with_capacity(size.max(0) as usize);
    let i = crate::hpy::put(&mut vm.hpy.trackers, v);
    Ok(HPyTracker { _i: i as isize + 1 })
});
ctx_fn!(ctx_Tracker_Add(ht: HPyTracker, h: HPy) -> c_int, "HPyTracker_Add", |vm| {
    vm.tracker(ht, "HPyTracker_Add")?.push(h);
    Ok(0)
});
ctx_fn!(ctx_Tracker_ForgetAll(ht: HPyTracker) -> (), "HPyTracker_ForgetAll", |vm| {
    vm.tracker(ht, "HPyTracker_ForgetAll")?.clear();
    Ok(())
});
ctx_fn!(ctx_Tracker_Close(ht: HPyTracker) -> (), "HPyTracker_Close", |vm| {
    let hs = std::mem::take(vm.tracker(ht, "HPyTracker_Close")?);
    vm.hpy.trackers[ht._i as usize - 1] = None;
    for h in hs {
        vm.hpy.handles.close(h);
    }
    Ok(())
});

// ---- fields and globals ----

ctx_fn!(ctx_Field_Store(target_object: HPy, target_field: *mut HPyField, h: HPy) -> (), "HPyField_Store", |vm| {
    vm.hv(target_object)?;
    let v = if h.is_null() { Value::Undef } else { vm.hv(h)? };
    (*target_field)._i = field_encode(vm, v);
    Ok(())
});
ctx_fn!(ctx_Field_Load(source_object: HPy, source_field: HPyField) -> HPy, "HPyField_Load", |vm| {
    vm.hv(source_object)?;
    match field_value(vm, source_field._i) {
        Some(v) => Ok(vm.h(v)),
        None if source_field._i == 0 => Err(vm.err("SystemError", "HPyField_Load: the field is empty (HPy_NULL)")),
        None => Err(vm.err("SystemError", "HPyField_Load: the field names a freed object (was it left out of tp_traverse?)")),
    }
});
ctx_fn!(ctx_Global_Store(global: *mut HPyGlobal, h: HPy) -> (), "HPyGlobal_Store", |vm| {
    let v = if h.is_null() { Value::None } else { vm.hv(h)? };
    let i = (*global)._i;
    if i >= 1 && (i as usize) <= vm.hpy.globals.len() {
        vm.hpy.globals[i as usize - 1] = v;
    } else {
        vm.hpy.globals.push(v);
        (*global)._i = vm.hpy.globals.len() as isize;
    }
    Ok(())
});
ctx_fn!(ctx_Global_Load(global: HPyGlobal) -> HPy, "HPyGlobal_Load", |vm| {
    match vm.hpy.globals.get((global._i - 1) as usize) {
        Some(v) if global._i >= 1 => {
            let v = *v;
            Ok(vm.h(v))
        }
        _ => Err(vm.err("SystemError", "HPyGlobal_Load: the global was never stored")),
    }
});

// ---- thread state: the VM runs one thread, so there is nothing to release ----

ctx_fn!(ctx_LeavePythonExecution() -> HPyThreadState, "HPy_LeavePythonExecution", |_vm| Ok(HPyThreadState { _i: 1 }));
ctx_fn!(ctx_ReenterPythonExecution(_state: HPyThreadState) -> (), "HPy_ReenterPythonExecution", |_vm| Ok(()));

// ---- capsules: instances of PyCapsule whose C struct is `Capsule` ----

#[repr(C)]
struct Capsule {
    pointer: *mut c_void,
    name: *const c_char,
    context: *mut c_void,
    destructor: *mut HPyCapsule_Destructor,
}

unsafe extern "C" fn capsule_destroy(data: *mut c_void) {
    // SAFETY: `data` is a Capsule struct being freed.
    unsafe {
        let c = &*(data as *const Capsule);
        if !c.destructor.is_null() {
            if let Some(d) = (*c.destructor).impl_ {
                d(c.name, c.pointer, c.context);
            }
        }
    }
}

impl Vm {
    fn capsule(&mut self, h: HPy, what: &str) -> PyResult<*mut Capsule> {
        let v = self.hv(h)?;
        if let Value::Obj(r) = v {
            if let Obj::Instance(i) = self.heap.get(r) {
                if let Some(n) = &i.native {
                    if n.type_info().name == "PyCapsule" {
                        return Ok(n.data() as *mut Capsule);
                    }
                }
            }
        }
        let t = self.type_name(v);
        Err(self.err("ValueError", &format!("{what} called with invalid PyCapsule object (a '{t}')")))
    }
}

/// C strings equal, NULL equal only to NULL.
unsafe fn same_name(a: *const c_char, b: *const c_char) -> bool {
    // SAFETY: both are NULL or NUL-terminated.
    unsafe {
        match (a.is_null(), b.is_null()) {
            (true, true) => true,
            (false, false) => std::ffi::CStr::from_ptr(a) == std::ffi::CStr::from_ptr(b),
            _ => false,
        }
    }
}

ctx_fn!(ctx_Capsule_New(pointer: *mut c_void, utf8_name: *const c_char, destructor: *mut HPyCapsule_Destructor) -> HPy, "HPyCapsule_New", |vm| {
    if pointer.is_null() {
        return Err(vm.err("ValueError", "HPyCapsule_New called with null pointer"));
    }
    let info = vm.hpy.capsule_type.get_or_insert_with(|| Rc::new(TypeInfo::internal("PyCapsule", std::mem::size_of::<Capsule>(), capsule_destroy))).clone();
    let cls = super::ty(vm, "PyCapsule");
    let Value::Obj(cls) = cls else { unreachable!("a class") };
    let native = crate::hpy::types::Native::new(info);
    *(native.data() as *mut Capsule) = Capsule { pointer, name: utf8_name, context: std::ptr::null_mut(), destructor };
    let v = vm.alloc(Obj::Instance(crate::object::Instance { class: cls, dict: Default::default(), exc: None, native: Some(Box::new(native)) }));
    Ok(vm.h(v))
});
ctx_fn!(ctx_Capsule_Get(capsule: HPy, key: _HPyCapsule_key, utf8_name: *const c_char) -> *mut c_void, "HPyCapsule_Get", |vm| {
    let c = &*vm.capsule(capsule, "HPyCapsule_Get")?;
    Ok(match key {
        _HPyCapsule_key::Pointer => {
            if !same_name(c.name, utf8_name) {
                return Err(vm.err("ValueError", "HPyCapsule_GetPointer called with incorrect name"));
            }
            c.pointer
        }
        _HPyCapsule_key::Name => c.name as *mut c_void,
        _HPyCapsule_key::Context => c.context,
        _HPyCapsule_key::Destructor => c.destructor as *mut c_void,
        k => return Err(vm.err("SystemError", &format!("HPyCapsule_Get: unknown key {}", k.0))),
    })
});
ctx_fn!(ctx_Capsule_IsValid(capsule: HPy, utf8_name: *const c_char) -> c_int, "HPyCapsule_IsValid", |vm| {
    let r = match vm.capsule(capsule, "HPyCapsule_IsValid") {
        Ok(c) => !(*c).pointer.is_null() && same_name((*c).name, utf8_name),
        Err(_) => false,
    };
    Ok(r as c_int)
});
ctx_fn!(ctx_Capsule_Set(capsule: HPy, key: _HPyCapsule_key, value: *mut c_void) -> c_int, "HPyCapsule_Set", |vm| {
    let c = &mut *vm.capsule(capsule, "HPyCapsule_Set")?;
    match key {
        _HPyCapsule_key::Pointer => {
            if value.is_null() {
                return Err(vm.err("ValueError", "HPyCapsule_SetPointer called with null pointer"));
            }
            c.pointer = value
        }
        _HPyCapsule_key::Name => c.name = value as *const c_char,
        _HPyCapsule_key::Context => c.context = value,
        _HPyCapsule_key::Destructor => c.destructor = value as *mut HPyCapsule_Destructor,
        k => return Err(vm.err("SystemError", &format!("HPyCapsule_Set: unknown key {}", k.0))),
    }
    Ok(0)
});

// ---- code evaluation ----

/// The global an expression's value is stored in by `HPy_EvalCode`.
const EXPR_RESULT: &str = "__hilt_expression_value__";

ctx_fn!(ctx_Compile_s(utf8_source: *const c_char, utf8_filename: *const c_char, kind: HPy_SourceKind) -> HPy, "HPy_Compile_s", |vm| {
    let src = vm.c_text(utf8_source, "HPy_Compile_s: utf8_source")?;
    let file = vm.c_text(utf8_filename, "HPy_Compile_s: utf8_filename")?;
    let src = match kind {
        HPy_SourceKind::Expr => format!("{EXPR_RESULT} = (\n{src}\n)\n"),
        HPy_SourceKind::File | HPy_SourceKind::Single => src,
        k => return Err(vm.err("SystemError", &format!("HPy_Compile_s: invalid source kind {}; expected HPy_SourceKind_Expr, _File or _Single", k.0))),
    };
    let code = vm.compile(&src, &file)?;
    let globals = vm.new_dict();
    let name: Rc<str> = "<module>".into();
    let f = vm.alloc(Obj::Function(Box::new(crate::object::Function {
        code, globals, defaults: Vec::new(), kwdefaults: Vec::new(), closure: Vec::new(), name: name.clone(), qualname: name, dict: None,
    })));
    Ok(vm.h(f))
});
ctx_fn!(ctx_EvalCode(code: HPy, globals: HPy, _locals: HPy) -> HPy, "HPy_EvalCode", |vm| {
    let c = vm.hv(code)?;
    let g = vm.hv(globals)?;
    let code = match c {
        Value::Obj(r) => match vm.heap.get(r) {
            Obj::Function(f) => f.code.clone(),
            _ => return Err(vm.err("TypeError", "HPy_EvalCode: expected a code object from HPy_Compile_s")),
        },
        _ => return Err(vm.err("TypeError", "HPy_EvalCode: expected a code object from HPy_Compile_s")),
    };
    let Value::Obj(gd) = g else { return Err(vm.err("TypeError", "HPy_EvalCode: globals must be a dict")) };
    if !matches!(vm.heap.get(gd), Obj::Dict(_)) {
        return Err(vm.err("TypeError", "HPy_EvalCode: globals must be a dict"));
    }
    if vm.dict_get_str(gd, "__builtins__").is_none() {
        let b = Value::Obj(vm.builtins);
        vm.dict_set_str(gd, "__builtins__", b)?;
    }
    vm.run_module_code(code, gd)?;
    let r = match vm.dict_get_str(gd, EXPR_RESULT) {
        Some(v) => {
            vm.dict_del_str(gd, EXPR_RESULT)?;
            v
        }
        None => Value::None,
    };
    Ok(vm.h(r))
});

// ---- context variables: one thread, one context ----

const CV_DEFAULT: &str = "\0default";
const CV_VALUE: &str = "\0value";

ctx_fn!(ctx_ContextVar_New(name: *const c_char, default_value: HPy) -> HPy, "HPyContextVar_New", |vm| {
    let n = vm.c_text(name, "HPyContextVar_New: name")?;
    let cls = super::ty(vm, "ContextVar");
    let Value::Obj(cls) = cls else { unreachable!("a class") };
    let v = vm.new_instance(cls);
    vm.temp_roots.push(v);
    let r = (|| {
        let Value::Obj(o) = v else { unreachable!("an instance") };
        let n = vm.new_str(n);
        vm.dict_set_str(o, "name", n)?;
        if !default_value.is_null() {
            let d = vm.hv(default_value)?;
            vm.dict_set_str(o, CV_DEFAULT, d)?;
        }
        Ok(())
    })();
    vm.temp_roots.pop();
    r?;
    Ok(vm.h(v))
});
ctx_fn!(ctx_ContextVar_Get(context_var: HPy, default_value: HPy, result: *mut HPy) -> i32, "HPyContextVar_Get", |vm| {
    let Value::Obj(o) = vm.hv(context_var)? else { return Err(vm.err("TypeError", "HPyContextVar_Get: expected a ContextVar")) };
    let found = match vm.dict_get_str(o, CV_VALUE) {
        Some(v) => Some(v),
        None if !default_value.is_null() => Some(vm.hv(default_value)?),
        None => vm.dict_get_str(o, CV_DEFAULT),
    };
    *result = match found {
        Some(v) => vm.h(v),
        None => HPy::NULL,
    };
    Ok(0)
});
ctx_fn!(ctx_ContextVar_Set(context_var: HPy, value: HPy) -> HPy, "HPyContextVar_Set", |vm| {
    let Value::Obj(o) = vm.hv(context_var)? else { return Err(vm.err("TypeError", "HPyContextVar_Set: expected a ContextVar")) };
    let v = vm.hv(value)?;
    vm.dict_set_str(o, CV_VALUE, v)?;
    // The token: this VM has a single context, so None stands for it.
    Ok(vm.h(Value::None))
});
