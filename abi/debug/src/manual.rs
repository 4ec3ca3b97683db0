//! The debug context's functions written by hand: those that open or close
//! handles in ways of their own (dup, close, trackers, builders, context
//! variable results), check more than handles (struct shapes), or lead back
//! into the extension (type creation and the trampoline entry, which the
//! backend receives with the debug context so it calls the extension
//! through the debug call boundary).

#![allow(non_snake_case, clippy::missing_safety_doc)]

use crate::handles::{Kind, Life};
use crate::recycled::Recycled;
use crate::{enter, DebugContext, Misuse};
use hilt_abi::*;
use std::os::raw::{c_char, c_int, c_void};

macro_rules! inner_fn {
    ($d:expr, $name:ident) => {
        (*$d.inner()).$name.expect("complete context")
    };
}

pub unsafe extern "C" fn ctx_Dup(ctx: *mut HPyContext, h: HPy) -> HPy {
    const F: &str = "HPy_Dup";
    // SAFETY: the extension passes its context and a handle of it.
    unsafe {
        let Some(d) = enter(ctx, F) else { return HPy::NULL };
        let Some(inner) = d.unwrap_arg(h, F, "h") else { return HPy::NULL };
        d.wrap_owned(inner_fn!(d, ctx_Dup)(d.inner(), inner), F)
    }
}

pub unsafe extern "C" fn ctx_Close(ctx: *mut HPyContext, h: HPy) {
    const F: &str = "HPy_Close";
    // SAFETY: the extension passes its context and a handle of it.
    unsafe {
        let Some(d) = enter(ctx, F) else { return };
        close(d, h, F);
    }
}

/// Close an owned handle (HPy_Close, a tracker's close); report the rest.
unsafe fn close(d: &DebugContext, h: HPy, by: &'static str) {
    if h.is_null() {
        return;
    }
    let s = d.state();
    let Some(slot) = s.handles.get(h).cloned() else {
        d.report(Misuse::NotAHandle { func: by, arg: "h", value: h._i });
        return;
    };
    match (slot.life, slot.kind) {
        (Life::Open, Kind::Owned) => {
            s.handles.close(h, by);
            // SAFETY: the inner handle was open and owned by this debug handle.
            unsafe { inner_fn!(d, ctx_Close)(d.inner(), slot.inner) };
        }
        (Life::Open, kind) => d.report_on(Misuse::CloseBorrowed { handle: h._i, constant: kind == Kind::Constant }, h),
        (Life::Closed(_), Kind::Arg(_)) => d.report_on(Misuse::ArgKept { func: by, arg: "h", handle: h._i }, h),
        (Life::Closed(closed_by), _) => d.report_on(Misuse::DoubleClose { handle: h._i, opened_by: slot.opened_by, closed_by }, h),
    }
}

// ---- trackers: kept by the debug context itself ------------------------

fn tracker_index(d: &DebugContext, ht: HPyTracker, func: &'static str) -> Option<usize> {
    let i = ht._i - 1;
    let live = i >= 0 && d.state().trackers.get(i as usize).is_some_and(Option::is_some);
    if !live {
        d.report(Misuse::Tracker { func, tracker: ht._i });
        return None;
    }
    Some(i as usize)
}

pub unsafe extern "C" fn ctx_Tracker_New(ctx: *mut HPyContext, size: HPy_ssize_t) -> HPyTracker {
    const F: &str = "HPyTracker_New";
    // SAFETY: the extension passes its context.
    let Some(d) = (unsafe { enter(ctx, F) }) else { return HPyTracker { _i: 0 } };
    let trackers = &mut d.state().trackers;
    trackers.push(Some(Vec::with_capacity(size.max(0) as usize)));
    HPyTracker { _i: trackers.len() as isize }
}

pub unsafe extern "C" fn ctx_Tracker_Add(ctx: *mut HPyContext, ht: HPyTracker, h: HPy) -> c_int {
    const F: &str = "HPyTracker_Add";
    // SAFETY: the extension passes its context and handles of it.
    let Some(d) = (unsafe { enter(ctx, F) }) else { return -1 };
    let Some(i) = tracker_index(d, ht, F) else { return -1 };
    if d.unwrap_arg(h, F, "h").is_none() {
        return -1;
    }
    d.state().trackers[i].as_mut().expect("checked live").push(h);
    0
}

pub unsafe extern "C" fn ctx_Tracker_ForgetAll(ctx: *mut HPyContext, ht: HPyTracker) {
    const F: &str = "HPyTracker_ForgetAll";
    // SAFETY: the extension passes its context.
    let Some(d) = (unsafe { enter(ctx, F) }) else { return };
    if let Some(i) = tracker_index(d, ht, F) {
        d.state().trackers[i].as_mut().expect("checked live").clear();
    }
}

pub unsafe extern "C" fn ctx_Tracker_Close(ctx: *mut HPyContext, ht: HPyTracker) {
    const F: &str = "HPyTracker_Close";
    // SAFETY: the extension passes its context; tracked handles are its own.
    unsafe {
        let Some(d) = enter(ctx, F) else { return };
        let Some(i) = tracker_index(d, ht, F) else { return };
        for h in d.state().trackers[i].take().expect("checked live") {
            close(d, h, F);
        }
    }
}

// ---- list and tuple builders --------------------------------------------

/// A builder the debug context handed out: the backend's, and its state.
pub struct Builder {
    inner: isize,
    tuple: bool,
    /// None while open; otherwise what ended it.
    ended: Option<&'static str>,
}

/// The builders handed out. Ended ones are remembered (to recognise a use
/// after Build or Cancel) up to a bound, then their ids are reused.
pub struct Builders(Recycled<Builder>);

impl Default for Builders {
    fn default() -> Self {
        Builders(Recycled::new(1024))
    }
}

fn builder_inner(d: &DebugContext, id: isize, tuple: bool, func: &'static str) -> Option<isize> {
    // The builder of a failed New: the backend answers (with its error).
    if id == 0 {
        return Some(0);
    }
    let s = d.state();
    let state = match s.builders.0.get((id - 1) as usize) {
        Some(b) if b.tuple == tuple => match b.ended {
            None => return Some(b.inner),
            Some("build") => "was already built",
            Some(_) => "was cancelled",
        },
        _ => "is no builder of this context",
    };
    d.report(Misuse::Builder { func, builder: id, state });
    None
}

fn end_builder(d: &DebugContext, id: isize, how: &'static str) {
    if id > 0 {
        let builders = &mut d.state().builders.0;
        let i = (id - 1) as usize;
        builders.get_mut(i).expect("a builder handed out").ended = Some(how);
        builders.retire(i);
    }
}

fn new_builder(d: &DebugContext, inner: isize, tuple: bool) -> isize {
    d.state().builders.0.insert(Builder { inner, tuple, ended: None }) as isize + 1
}

/// The four functions of one builder kind.
macro_rules! builder_functions {
    ($ty:ident, $field:ident, $tuple:expr, $label:literal,
     $new:ident, $set:ident, $build:ident, $cancel:ident) => {
        pub unsafe extern "C" fn $new(ctx: *mut HPyContext, size: HPy_ssize_t) -> $ty {
            const F: &str = concat!($label, "_New");
            // SAFETY: the extension passes its context.
            unsafe {
                let Some(d) = enter(ctx, F) else { return $ty { $field: 0 } };
                let inner = inner_fn!(d, $new)(d.inner(), size);
                if inner.$field == 0 {
                    return inner;
                }
                $ty { $field: new_builder(d, inner.$field, $tuple) }
            }
        }

        pub unsafe extern "C" fn $set(ctx: *mut HPyContext, builder: $ty, index: HPy_ssize_t, h_item: HPy) {
            const F: &str = concat!($label, "_Set");
            // SAFETY: the extension passes its context, builder and handle.
            unsafe {
                let Some(d) = enter(ctx, F) else { return };
                let Some(inner) = builder_inner(d, builder.$field, $tuple, F) else { return };
                let Some(item) = d.unwrap_arg(h_item, F, "h_item") else { return };
                inner_fn!(d, $set)(d.inner(), $ty { $field: inner }, index, item);
            }
        }

        pub unsafe extern "C" fn $build(ctx: *mut HPyContext, builder: $ty) -> HPy {
            const F: &str = concat!($label, "_Build");
            // SAFETY: the extension passes its context and builder.
            unsafe {
                let Some(d) = enter(ctx, F) else { return HPy::NULL };
                let Some(inner) = builder_inner(d, builder.$field, $tuple, F) else { return HPy::NULL };
                end_builder(d, builder.$field, "build");
                d.wrap_owned(inner_fn!(d, $build)(d.inner(), $ty { $field: inner }), F)
            }
        }

        pub unsafe extern "C" fn $cancel(ctx: *mut HPyContext, builder: $ty) {
            const F: &str = concat!($label, "_Cancel");
            // SAFETY: the extension passes its context and builder.
            unsafe {
                let Some(d) = enter(ctx, F) else { return };
                let Some(inner) = builder_inner(d, builder.$field, $tuple, F) else { return };
                end_builder(d, builder.$field, "cancel");
                inner_fn!(d, $cancel)(d.inner(), $ty { $field: inner });
            }
        }
    };
}

builder_functions!(HPyListBuilder, _lst, false, "HPyListBuilder",
    ctx_ListBuilder_New, ctx_ListBuilder_Set, ctx_ListBuilder_Build, ctx_ListBuilder_Cancel);
builder_functions!(HPyTupleBuilder, _tup, true, "HPyTupleBuilder",
    ctx_TupleBuilder_New, ctx_TupleBuilder_Set, ctx_TupleBuilder_Build, ctx_TupleBuilder_Cancel);

// ---- the rest -------------------------------------------------------------

pub unsafe extern "C" fn ctx_ContextVar_Get(ctx: *mut HPyContext, context_var: HPy, default_value: HPy, result: *mut HPy) -> i32 {
    const F: &str = "HPyContextVar_Get";
    // SAFETY: the extension passes its context, handles, and a result slot.
    unsafe {
        let Some(d) = enter(ctx, F) else { return -1 };
        let Some(var) = d.unwrap_arg(context_var, F, "context_var") else { return -1 };
        let Some(default) = d.unwrap_arg(default_value, F, "default_value") else { return -1 };
        let mut inner = HPy::NULL;
        let rc = inner_fn!(d, ctx_ContextVar_Get)(d.inner(), var, default, &mut inner);
        if !result.is_null() {
            *result = d.wrap_owned(inner, F);
        }
        rc
    }
}

/// `HPy_Call` and `HPy_CallMethod`: `args` holds `nargs` positional
/// arguments followed by one value per name in `kwnames`.
macro_rules! call_function {
    ($fn:ident, $label:literal, $first:ident) => {
        pub unsafe extern "C" fn $fn(ctx: *mut HPyContext, $first: HPy, args: *const HPy, nargs: usize, kwnames: HPy) -> HPy {
            const F: &str = $label;
            // SAFETY: the extension passes its context, handles of it, and
            // `args` holding nargs + len(kwnames) handles.
            unsafe {
                let Some(d) = enter(ctx, F) else { return HPy::NULL };
                let Some(first) = d.unwrap_arg($first, F, stringify!($first)) else { return HPy::NULL };
                let Some(kw) = d.unwrap_arg(kwnames, F, "kwnames") else { return HPy::NULL };
                let nkw = if kw.is_null() { 0 } else { inner_fn!(d, ctx_Length)(d.inner(), kw) };
                if nkw < 0 {
                    return HPy::NULL;
                }
                let Some(inner_args) = d.unwrap_args(args, nargs + nkw as usize, F, "args") else { return HPy::NULL };
                let argv = if args.is_null() { std::ptr::null() } else { inner_args.as_ptr() };
                d.wrap_owned(inner_fn!(d, $fn)(d.inner(), first, argv, nargs, kw), F)
            }
        }
    };
}

call_function!(ctx_Call, "HPy_Call", callable);
call_function!(ctx_CallMethod, "HPy_CallMethod", name);

pub unsafe extern "C" fn ctx_Field_Store(ctx: *mut HPyContext, target_object: HPy, target_field: *mut HPyField, h: HPy) {
    const F: &str = "HPyField_Store";
    // SAFETY: the extension passes its context, handles, and a field of
    // the target's struct.
    unsafe {
        let Some(d) = enter(ctx, F) else { return };
        let Some(target) = d.unwrap_arg(target_object, F, "target_object") else { return };
        let Some(value) = d.unwrap_arg(h, F, "h") else { return };
        if let Some(check) = d.state().field_check {
            if let Some(problem) = check(target, crate::FieldQuery::Slot(target_field)) {
                d.report(Misuse::Field { func: F, problem });
                return;
            }
        }
        inner_fn!(d, ctx_Field_Store)(d.inner(), target, target_field, value)
    }
}

pub unsafe extern "C" fn ctx_Field_Load(ctx: *mut HPyContext, source_object: HPy, source_field: HPyField) -> HPy {
    const F: &str = "HPyField_Load";
    // SAFETY: the extension passes its context, a handle and a field value.
    unsafe {
        let Some(d) = enter(ctx, F) else { return HPy::NULL };
        let Some(source) = d.unwrap_arg(source_object, F, "source_object") else { return HPy::NULL };
        if let Some(check) = d.state().field_check {
            if source_field._i != 0 {
                if let Some(problem) = check(source, crate::FieldQuery::Value(source_field)) {
                    d.report(Misuse::Field { func: F, problem });
                    return HPy::NULL;
                }
            }
        }
        d.wrap_owned(inner_fn!(d, ctx_Field_Load)(d.inner(), source, source_field), F)
    }
}

/// A global stored through the debug context: the backend's value, and
/// where the extension keeps the global.
pub struct GlobalEntry {
    inner: Box<HPyGlobal>,
    address: usize,
}

pub unsafe extern "C" fn ctx_Global_Store(ctx: *mut HPyContext, global: *mut HPyGlobal, h: HPy) {
    const F: &str = "HPyGlobal_Store";
    // SAFETY: the extension passes its context, its static HPyGlobal and a handle.
    unsafe {
        let Some(d) = enter(ctx, F) else { return };
        let Some(value) = d.unwrap_arg(h, F, "h") else { return };
        if global.is_null() {
            return inner_fn!(d, ctx_Global_Store)(d.inner(), global, value);
        }
        let globals = &mut d.state().globals;
        // A global keeps its debug id (index + 1) across stores.
        let id = (*global)._i;
        let index = match globals.get((id - 1).max(0) as usize) {
            Some(e) if id > 0 && e.address == global as usize => (id - 1) as usize,
            _ => {
                globals.push(GlobalEntry { inner: Box::new(HPyGlobal { _i: 0 }), address: global as usize });
                globals.len() - 1
            }
        };
        inner_fn!(d, ctx_Global_Store)(d.inner(), &mut *globals[index].inner, value);
        (*global)._i = index as isize + 1;
    }
}

pub unsafe extern "C" fn ctx_Global_Load(ctx: *mut HPyContext, global: HPyGlobal) -> HPy {
    const F: &str = "HPyGlobal_Load";
    // SAFETY: the extension passes its context and a global's value.
    unsafe {
        let Some(d) = enter(ctx, F) else { return HPy::NULL };
        let s = d.state();
        let Some(entry) = usize::try_from(global._i - 1).ok().and_then(|i| s.globals.get(i)) else {
            d.report(Misuse::Global { func: F, problem: "was never stored through this context".into() });
            return HPy::NULL;
        };
        let (inner, address) = (*entry.inner, entry.address);
        if let Some(check) = s.global_check {
            if let Some(problem) = check(address as *mut HPyGlobal) {
                d.report(Misuse::Global { func: F, problem });
                return HPy::NULL;
            }
        }
        d.wrap_owned(inner_fn!(d, ctx_Global_Load)(d.inner(), inner), F)
    }
}

/// A protected copy of `n` bytes the backend returned for handle `h` (see
/// crate::raw), or the backend's pointer if pages cannot be had.
unsafe fn protect(d: &DebugContext, h: HPy, data: *const c_char, n: HPy_ssize_t) -> *const c_char {
    if data.is_null() || n < 0 {
        return data;
    }
    // SAFETY: the backend's data is readable for `n` bytes.
    match unsafe { crate::raw::RawBuf::copy_of(data as *const u8, n as usize) } {
        Some(buf) => {
            let p = buf.as_ptr() as *const c_char;
            let index = crate::handles::decode(h).expect("an open handle");
            d.state().handles.raw.attach(index, buf);
            p
        }
        None => data,
    }
}

pub unsafe extern "C" fn ctx_Unicode_AsUTF8AndSize(ctx: *mut HPyContext, h: HPy, size: *mut HPy_ssize_t) -> *const c_char {
    const F: &str = "HPyUnicode_AsUTF8AndSize";
    // SAFETY: the extension passes its context, a handle and a size slot.
    unsafe {
        let Some(d) = enter(ctx, F) else { return std::ptr::null() };
        let Some(inner) = d.unwrap_arg(h, F, "h") else { return std::ptr::null() };
        let mut n: HPy_ssize_t = 0;
        let data = inner_fn!(d, ctx_Unicode_AsUTF8AndSize)(d.inner(), inner, &mut n);
        if !size.is_null() {
            *size = n;
        }
        protect(d, h, data, n)
    }
}

/// `HPyBytes_AsString` and `HPyBytes_AS_STRING`.
macro_rules! bytes_data {
    ($fn:ident, $label:literal, $size:ident) => {
        pub unsafe extern "C" fn $fn(ctx: *mut HPyContext, h: HPy) -> *const c_char {
            const F: &str = $label;
            // SAFETY: the extension passes its context and a handle.
            unsafe {
                let Some(d) = enter(ctx, F) else { return std::ptr::null() };
                let Some(inner) = d.unwrap_arg(h, F, "h") else { return std::ptr::null() };
                let data = inner_fn!(d, $fn)(d.inner(), inner);
                if data.is_null() {
                    return data;
                }
                let n = inner_fn!(d, $size)(d.inner(), inner);
                protect(d, h, data, n)
            }
        }
    };
}

bytes_data!(ctx_Bytes_AsString, "HPyBytes_AsString", ctx_Bytes_Size);
bytes_data!(ctx_Bytes_AS_STRING, "HPyBytes_AS_STRING", ctx_Bytes_GET_SIZE);

/// The trampoline entry: a call from the backend into the extension. The
/// backend's dispatcher receives the debug context, so it opens the
/// arguments as debug handles (see [`DebugContext::begin_call`]).
pub unsafe extern "C" fn ctx_CallRealFunctionFromTrampoline(
    ctx: *mut HPyContext,
    sig: HPyFunc_Signature,
    func: HPyCFunction,
    args: *mut c_void,
) {
    // SAFETY: `ctx` is this debug context (the extension's trampolines hold
    // it); the backend's dispatcher recognises it.
    unsafe {
        let Some(d) = DebugContext::from_ctx(ctx) else { return };
        inner_fn!(d, ctx_CallRealFunctionFromTrampoline)(ctx, sig, func, args)
    }
}

/// Type creation goes to the backend with the debug context, so the
/// methods and slots it installs call the extension through it.
pub unsafe extern "C" fn ctx_Type_FromSpec(ctx: *mut HPyContext, spec: *mut HPyType_Spec, params: *mut HPyType_SpecParam) -> HPy {
    const F: &str = "HPyType_FromSpec";
    // SAFETY: the extension passes its context, its spec and a parameter
    // list ended by a zero kind.
    unsafe {
        let Some(d) = enter(ctx, F) else { return HPy::NULL };
        let mut inner_params = Vec::new();
        let mut p = params;
        while !p.is_null() && (*p).kind.0 != 0 {
            let Some(object) = d.unwrap_arg((*p).object, F, "params") else { return HPy::NULL };
            inner_params.push(HPyType_SpecParam { kind: (*p).kind, object });
            p = p.add(1);
        }
        let params = if params.is_null() {
            std::ptr::null_mut()
        } else {
            inner_params.push(HPyType_SpecParam { kind: HPyType_SpecParam_Kind(0), object: HPy::NULL });
            inner_params.as_mut_ptr()
        };
        d.wrap_owned(inner_fn!(d, ctx_Type_FromSpec)(ctx, spec, params), F)
    }
}

/// `_HPy_AsStruct_<Shape>`: the object's type must have that shape.
macro_rules! as_struct {
    ($($fn:ident => $shape:ident),*) => {$(
        pub unsafe extern "C" fn $fn(ctx: *mut HPyContext, h: HPy) -> *mut c_void {
            const F: &str = concat!("_HPy_AsStruct_", stringify!($shape));
            // SAFETY: the extension passes its context and a handle of it.
            unsafe {
                let Some(d) = enter(ctx, F) else { return std::ptr::null_mut() };
                let Some(inner) = d.unwrap_arg(h, F, "h") else { return std::ptr::null_mut() };
                let tp = inner_fn!(d, ctx_Type)(d.inner(), inner);
                let shape = inner_fn!(d, ctx_Type_GetBuiltinShape)(d.inner(), tp);
                inner_fn!(d, ctx_Close)(d.inner(), tp);
                if shape != HPyType_BuiltinShape::$shape {
                    let found = shape.name().map(str::to_string).unwrap_or_else(|| shape.0.to_string());
                    d.report(Misuse::WrongShape { func: F, expected: stringify!($shape), found });
                    return std::ptr::null_mut();
                }
                inner_fn!(d, $fn)(d.inner(), inner)
            }
        }
    )*};
}

as_struct!(
    ctx_AsStruct_Object => Object,
    ctx_AsStruct_Legacy => Legacy,
    ctx_AsStruct_Type => Type,
    ctx_AsStruct_Long => Long,
    ctx_AsStruct_Float => Float,
    ctx_AsStruct_Unicode => Unicode,
    ctx_AsStruct_Tuple => Tuple,
    ctx_AsStruct_List => List,
    ctx_AsStruct_Dict => Dict
);
