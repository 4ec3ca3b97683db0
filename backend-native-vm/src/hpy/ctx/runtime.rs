//! The runtime: imports, trackers, fields, globals, capsules, code
//! evaluation, context variables, thread state, and the legacy bridge
//! (refused: it needs CPython).

use std::os::raw::{c_char, c_int, c_void};
use std::rc::Rc;

use hilt_abi::*;

use super::ctx_fn;
use crate::hpy::types::{field_encode, field_value, TypeInfo};
use crate::interp::{PyResult, Vm};
use crate::object::{Obj, ObjRef, Value};

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
        None if source_field._i == 0 => Err(vm.err("SystemError", "HPyField_Load: the field is empty (HPyField_NULL)")),
        None => Err(vm.err("SystemError", "HPyField_Load: the field names a freed object (was it left out of tp_traverse?)")),
    }
});
ctx_fn!(ctx_Global_Store(global: *mut HPyGlobal, h: HPy) -> (), "HPyGlobal_Store", |vm| {
    // Storing HPy_NULL empties the global.
    let v = if h.is_null() { Value::Undef } else { vm.hv(h)? };
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
        Some(v) if global._i >= 1 && !matches!(v, Value::Undef) => {
            let v = *v;
            Ok(vm.h(v))
        }
        _ => Err(vm.err("SystemError", "HPyGlobal_Load: the global is empty (never stored)")),
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
    /// The capsule behind a handle; `what` is the CPython function whose
    /// words the error takes (e.g. "PyCapsule_GetPointer").
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
        Err(self.err("ValueError", &format!("{what} called with invalid PyCapsule object")))
    }

    /// A destructor must have both its CPython trampoline and its `impl`
    /// (one binary runs on both backends), or be NULL.
    fn check_destructor(&mut self, d: *const HPyCapsule_Destructor, api: &str) -> PyResult<()> {
        // SAFETY: NULL or the extension's destructor struct.
        if d.is_null() || unsafe { (*d).cpy_trampoline.is_some() && (*d).impl_.is_some() } {
            return Ok(());
        }
        Err(self.err("ValueError", &format!("{api}: invalid destructor (both cpy_trampoline and impl must be set)")))
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
    vm.check_destructor(destructor, "HPyCapsule_New")?;
    if pointer.is_null() {
        return Err(vm.err("ValueError", "PyCapsule_New called with null pointer"));
    }
    let info = vm.hpy.capsule_type.get_or_insert_with(|| Rc::new(TypeInfo::internal("PyCapsule", std::mem::size_of::<Capsule>(), capsule_destroy))).clone();
    let cls = super::ty(vm, "PyCapsule");
    let Value::Obj(cls) = cls else { unreachable!("a class") };
    let native = crate::hpy::types::Native::new(info);
    *(native.data() as *mut Capsule) = Capsule { pointer, name: utf8_name, context: std::ptr::null_mut(), destructor };
    let v = vm.alloc_instance(cls, Some(native));
    Ok(vm.h(v))
});
ctx_fn!(ctx_Capsule_Get(capsule: HPy, key: _HPyCapsule_key, utf8_name: *const c_char) -> *mut c_void, "HPyCapsule_Get", |vm| {
    Ok(match key {
        _HPyCapsule_key::Pointer => {
            let c = &*vm.capsule(capsule, "PyCapsule_GetPointer")?;
            if !same_name(c.name, utf8_name) {
                return Err(vm.err("ValueError", "PyCapsule_GetPointer called with incorrect name"));
            }
            c.pointer
        }
        _HPyCapsule_key::Name => (*vm.capsule(capsule, "PyCapsule_GetName")?).name as *mut c_void,
        _HPyCapsule_key::Context => (*vm.capsule(capsule, "PyCapsule_GetContext")?).context,
        _HPyCapsule_key::Destructor => {
            return Err(vm.err("ValueError", "HPyCapsule_Get: a capsule's destructor cannot be read (HPyCapsule_key_Destructor is set-only)"));
        }
        k => return Err(vm.err("SystemError", &format!("HPyCapsule_Get: invalid key {}; expected an _HPyCapsule_key (0..3)", k.0))),
    })
});
ctx_fn!(ctx_Capsule_IsValid(capsule: HPy, utf8_name: *const c_char) -> c_int, "HPyCapsule_IsValid", |vm| {
    let r = match vm.capsule(capsule, "PyCapsule_IsValid") {
        Ok(c) => !(*c).pointer.is_null() && same_name((*c).name, utf8_name),
        Err(_) => false,
    };
    Ok(r as c_int)
});
ctx_fn!(ctx_Capsule_Set(capsule: HPy, key: _HPyCapsule_key, value: *mut c_void) -> c_int, "HPyCapsule_Set", |vm| {
    match key {
        _HPyCapsule_key::Pointer => {
            if value.is_null() {
                return Err(vm.err("ValueError", "PyCapsule_SetPointer called with null pointer"));
            }
            (*vm.capsule(capsule, "PyCapsule_SetPointer")?).pointer = value
        }
        _HPyCapsule_key::Name => (*vm.capsule(capsule, "PyCapsule_SetName")?).name = value as *const c_char,
        _HPyCapsule_key::Context => (*vm.capsule(capsule, "PyCapsule_SetContext")?).context = value,
        _HPyCapsule_key::Destructor => {
            let d = value as *mut HPyCapsule_Destructor;
            vm.check_destructor(d, "HPyCapsule_SetDestructor")?;
            (*vm.capsule(capsule, "PyCapsule_SetDestructor")?).destructor = d
        }
        k => return Err(vm.err("SystemError", &format!("HPyCapsule_Set: invalid key {}; expected an _HPyCapsule_key (0..3)", k.0))),
    }
    Ok(0)
});

impl Vm {
    /// A new instance of the internal class `class` (made on first use)
    /// with `attrs` in its dict; the values are rooted by the caller or
    /// here while the instance is made.
    fn new_internal(&mut self, class: &'static str, attrs: &[(&str, Value)]) -> PyResult<Value> {
        let n = self.temp_roots.len();
        self.temp_roots.extend(attrs.iter().map(|(_, v)| *v));
        let Value::Obj(cls) = super::ty(self, class) else { unreachable!("a class") };
        let v = self.new_instance(cls);
        self.temp_roots.push(v);
        let Value::Obj(o) = v else { unreachable!("an instance") };
        let r = attrs.iter().try_for_each(|(k, x)| self.dict_set_str(o, k, *x));
        self.temp_roots.truncate(n);
        r.map(|()| v)
    }
}

// ---- code evaluation: `code` objects ----
//
// A code object is an instance of the builtin class `code` (made on first
// use, not callable from Python) with `co_filename` and `co_name`; the
// compiled module code travels inside it as a function under a key Python
// code cannot spell.

/// The global (or local) an expression's value is stored in by `HPy_EvalCode`.
const EXPR_RESULT: &str = "__hilt_expression_value__";
const CODE_FUNCTION: &str = "\0function";

ctx_fn!(ctx_Compile_s(utf8_source: *const c_char, utf8_filename: *const c_char, kind: HPy_SourceKind) -> HPy, "HPy_Compile_s", |vm| {
    if !matches!(kind, HPy_SourceKind::Expr | HPy_SourceKind::File | HPy_SourceKind::Single) {
        return Err(vm.err("SystemError", &format!(
            "HPy_Compile_s: invalid source kind {}; expected HPy_SourceKind_Expr (0), HPy_SourceKind_File (1) or HPy_SourceKind_Single (2)",
            kind.0
        )));
    }
    if utf8_source.is_null() || utf8_filename.is_null() {
        return Err(vm.err("SystemError", "HPy_Compile_s: utf8_source and utf8_filename must not be NULL"));
    }
    let src = vm.c_text(utf8_source, "HPy_Compile_s: utf8_source")?;
    let file = vm.c_text(utf8_filename, "HPy_Compile_s: utf8_filename")?;
    let src = if kind == HPy_SourceKind::Expr { format!("{EXPR_RESULT} = (\n{src}\n)\n") } else { src };
    let code = vm.compile(&src, &file)?;
    let globals = vm.new_dict();
    let name: Rc<str> = "<module>".into();
    let f = vm.alloc(Obj::Function(Box::new(crate::object::Function {
        code, globals, defaults: Vec::new(), kwdefaults: Vec::new(), closure: Vec::new(), name: name.clone(), qualname: name, dict: None,
    })));
    vm.temp_roots.push(f);
    let file = vm.new_str(file);
    vm.temp_roots.push(file);
    let name = vm.new_str("<module>");
    vm.temp_roots.truncate(vm.temp_roots.len() - 2);
    let c = vm.new_internal("code", &[(CODE_FUNCTION, f), ("co_filename", file), ("co_name", name)])?;
    Ok(vm.h(c))
});

impl Vm {
    /// The compiled code inside a `code` object.
    fn code_of(&mut self, v: Value) -> Option<Rc<crate::compile::bytecode::Code>> {
        let Value::Obj(o) = v else { return None };
        if self.type_of(v) != self.types.map.get("code").copied()? {
            return None;
        }
        match self.dict_get_str(o, CODE_FUNCTION)? {
            Value::Obj(f) => match self.heap.get(f) {
                Obj::Function(f) => Some(f.code.clone()),
                _ => None,
            },
            _ => None,
        }
    }

    /// Run module code with its own locals namespace (`globals` when None).
    fn run_code_in(&mut self, code: Rc<crate::compile::bytecode::Code>, globals: ObjRef, locals: Option<ObjRef>) -> PyResult<Value> {
        let Some(locals) = locals.filter(|l| *l != globals) else { return self.run_module_code(code, globals) };
        let base = self.stack.len();
        // Both namespaces stay rooted on the stack while the code runs.
        self.stack.push(Value::Obj(globals));
        self.stack.push(Value::Obj(locals));
        let frame = crate::interp::Frame {
            code, func: Value::None, globals, locals: Some(locals), base: base + 2, blocks_base: self.blocks.len(), handling_base: self.handling.len(),
        };
        let r = self.run_frame(&frame, 0);
        self.stack.truncate(base);
        match r {
            Ok((crate::interp::Exit::Return(v), _)) => Ok(v),
            Ok((crate::interp::Exit::Yield(_), _)) => Err(self.err("SyntaxError", "'yield' outside function")),
            Err(e) => Err(e),
        }
    }
}

ctx_fn!(ctx_EvalCode(code: HPy, globals: HPy, locals: HPy) -> HPy, "HPy_EvalCode", |vm| {
    if code.is_null() || globals.is_null() {
        return Err(vm.err("SystemError", "HPy_EvalCode: code and globals must not be HPy_NULL"));
    }
    let (c, g) = (vm.hv(code)?, vm.hv(globals)?);
    let Some(code) = vm.code_of(c) else {
        let t = vm.type_name(c);
        return Err(vm.err("TypeError", &format!("HPy_EvalCode: code must be a code object, not '{t}'")));
    };
    let gd = match g {
        Value::Obj(r) if matches!(vm.heap.get(r), Obj::Dict(_)) => r,
        _ => {
            let t = vm.type_name(g);
            return Err(vm.err("TypeError", &format!("HPy_EvalCode: globals must be a dict, not '{t}'")));
        }
    };
    let ld = if locals.is_null() { None } else {
        let l = vm.hv(locals)?;
        match l {
            Value::Obj(r) if matches!(vm.heap.get(r), Obj::Dict(_)) => Some(r),
            _ => {
                let t = vm.type_name(l);
                let has_getitem = { let lt = vm.type_of(l); vm.lookup_type(lt, "__getitem__").is_some() };
                if has_getitem {
                    return Err(vm.err("TypeError", &format!("HPy_EvalCode: locals other than a dict ('{t}') are not supported on the Hilt VM yet")));
                }
                return Err(vm.err("TypeError", &format!("HPy_EvalCode: locals must be a mapping or HPy_NULL, not '{t}'")));
            }
        }
    };
    if vm.dict_get_str(gd, "__builtins__").is_none() {
        let b = Value::Obj(vm.builtins);
        vm.dict_set_str(gd, "__builtins__", b)?;
    }
    vm.run_code_in(code, gd, ld)?;
    // An expression's value was stored where its names are stored.
    let ns = ld.unwrap_or(gd);
    let r = match vm.dict_get_str(ns, EXPR_RESULT) {
        Some(v) => {
            vm.dict_del_str(ns, EXPR_RESULT)?;
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
    let n = vm.new_str(n);
    let v = if default_value.is_null() {
        vm.new_internal("ContextVar", &[("name", n)])?
    } else {
        let d = vm.hv(default_value)?;
        vm.new_internal("ContextVar", &[("name", n), (CV_DEFAULT, d)])?
    };
    Ok(vm.h(v))
});
impl Vm {
    /// The ContextVar behind a handle (TypeError, as CPython words it, for anything else).
    fn context_var(&mut self, h: HPy) -> PyResult<ObjRef> {
        let v = self.hv(h)?;
        let cls = super::ty(self, "ContextVar");
        match v {
            Value::Obj(o) if Value::Obj(self.type_of(v)).is(&cls) => Ok(o),
            _ => Err(self.err("TypeError", "an instance of ContextVar was expected")),
        }
    }
}

ctx_fn!(ctx_ContextVar_Get(context_var: HPy, default_value: HPy, result: *mut HPy) -> i32, "HPyContextVar_Get", |vm| {
    if result.is_null() {
        return Err(vm.err("SystemError", "HPyContextVar_Get: result is NULL"));
    }
    *result = HPy::NULL;
    let o = vm.context_var(context_var)?;
    let found = match vm.dict_get_str(o, CV_VALUE) {
        Some(v) => Some(v),
        None if !default_value.is_null() => Some(vm.hv(default_value)?),
        None => vm.dict_get_str(o, CV_DEFAULT),
    };
    // No value and no default: success with HPy_NULL, as in CPython.
    if let Some(v) = found {
        *result = vm.h(v);
    }
    Ok(0)
});
ctx_fn!(ctx_ContextVar_Set(context_var: HPy, value: HPy) -> HPy, "HPyContextVar_Set", |vm| {
    if context_var.is_null() || value.is_null() {
        return Err(vm.err("SystemError", "HPyContextVar_Set: context_var and value must not be HPy_NULL"));
    }
    let o = vm.context_var(context_var)?;
    let v = vm.hv(value)?;
    vm.dict_set_str(o, CV_VALUE, v)?;
    // The token: a `Token` whose `var` is the variable (this VM has a
    // single context, so there is nothing else to remember).
    let t = vm.new_internal("Token", &[("var", Value::Obj(o))])?;
    Ok(vm.h(t))
});
