//! Emits `abi/debug/src/generated.rs`: the debug context's wrapper of every
//! context function whose parameters are handles, handle arrays (followed
//! by their length) and plain data. Each checks the context and every
//! handle, calls the inner context's function with the inner handles, and
//! returns a new debug handle for a returned handle. The functions listed
//! in [`MANUAL`] are written by hand in `abi/debug/src/manual.rs`.

use crate::ctypes::rust_type;
use crate::GENERATED_NOTICE;
use hilt_abi::table::{ApiTable, CType, Function, Member};
use std::fmt::Write;

/// Context functions the debug context implements by hand: handle life
/// (dup, close), objects holding handles (trackers, builders, context-var
/// results, type specs), arrays longer than their count (a call's keyword
/// values follow its positional arguments), raw data (protected copies),
/// field stores and loads (checked against the owner's tp_traverse),
/// globals (debug ids, checked against their owner module),
/// struct access (shape checks),
/// and calls back into the extension.
pub const MANUAL: &[&str] = &[
    "HPy_Dup",
    "HPy_Close",
    "HPyType_FromSpec",
    "HPyTracker_New",
    "HPyTracker_Add",
    "HPyTracker_ForgetAll",
    "HPyTracker_Close",
    "HPyListBuilder_New",
    "HPyListBuilder_Set",
    "HPyListBuilder_Build",
    "HPyListBuilder_Cancel",
    "HPyTupleBuilder_New",
    "HPyTupleBuilder_Set",
    "HPyTupleBuilder_Build",
    "HPyTupleBuilder_Cancel",
    "HPyContextVar_Get",
    "HPy_Call",
    "HPy_CallMethod",
    "HPyField_Store",
    "HPyField_Load",
    "HPyGlobal_Store",
    "HPyGlobal_Load",
    "HPyUnicode_AsUTF8AndSize",
    "HPyBytes_AsString",
    "HPyBytes_AS_STRING",
    "_HPy_CallRealFunctionFromTrampoline",
    "_HPy_AsStruct_Object",
    "_HPy_AsStruct_Legacy",
    "_HPy_AsStruct_Type",
    "_HPy_AsStruct_Long",
    "_HPy_AsStruct_Float",
    "_HPy_AsStruct_Unicode",
    "_HPy_AsStruct_Tuple",
    "_HPy_AsStruct_List",
    "_HPy_AsStruct_Dict",
];

/// Names of handle parameters that must be types. (`sub` of
/// HPyType_IsSubtype may be anything: a non-type is no subtype.)
const TYPE_PARAMS: &[&str] = &["type", "h_type"];

/// The value a wrapper returns when a check fails (the API's error value).
fn error_value(ty: &CType) -> Result<String, String> {
    if ty.pointers > 0 {
        return Ok(if ty.is_const { "std::ptr::null()" } else { "std::ptr::null_mut()" }.into());
    }
    Ok(match ty.base.as_str() {
        "void" => "()".into(),
        "HPy" => "HPy::NULL".into(),
        "int" | "int32_t" | "int64_t" | "HPy_ssize_t" | "HPy_hash_t" => "-1".into(),
        "uint32_t" | "uint64_t" | "size_t" | "HPy_UCS4" => format!("{}::MAX", rust_type(ty)?),
        "double" => "-1.0".into(),
        "bool" => "false".into(),
        // Handles of builders, trackers and the like: all-zero is invalid.
        _ => "std::mem::zeroed()".into(),
    })
}

fn param_name(name: &str) -> String {
    if name == "type" { "type_".into() } else { name.into() }
}

fn emit_wrapper(s: &mut String, m: &Member, f: &Function) -> Result<(), String> {
    let ret = f.ctx_ret();
    let err = error_value(&ret)?;
    let mut params = vec!["ctx: *mut HPyContext".to_string()];
    for p in &f.params {
        params.push(format!("{}: {}", param_name(&p.name), rust_type(&p.ty)?));
    }
    let ret_rs = if ret.is_void() { String::new() } else { format!(" -> {}", rust_type(&ret)?) };
    writeln!(s, "\n/// Debug wrapper of `{}`.", m.name).unwrap();
    writeln!(s, "pub unsafe extern \"C\" fn {}({}){} {{", m.ctx_name, params.join(", "), ret_rs).unwrap();
    writeln!(s, "    const F: &str = \"{}\";", m.name).unwrap();
    writeln!(s, "    // SAFETY: the extension passes the context it was given, handles of it,").unwrap();
    writeln!(s, "    // and arrays as long as their length arguments say.").unwrap();
    writeln!(s, "    unsafe {{").unwrap();
    writeln!(s, "        let Some(d) = enter(ctx, F) else {{ return {err} }};").unwrap();
    let mut call_args = vec!["d.inner()".to_string()];
    let mut i = 0;
    while i < f.params.len() {
        let p = &f.params[i];
        let name = param_name(&p.name);
        if p.ty.base == "HPy" && p.ty.pointers == 1 {
            let len = f.params.get(i + 1).ok_or_else(|| {
                format!("{}: handle array `{}` has no length parameter after it; add the function to MANUAL", m.name, p.name)
            })?;
            if len.ty.pointers != 0 || !matches!(len.ty.base.as_str(), "size_t" | "HPy_ssize_t") {
                return Err(format!("{}: `{}` after the handle array `{}` is not a length", m.name, len.name, p.name));
            }
            let len_name = param_name(&len.name);
            writeln!(s, "        let Some({name}) = d.unwrap_args({name}, {len_name} as usize, F, \"{}\") else {{ return {err} }};", p.name).unwrap();
            call_args.push(format!("{name}.as_ptr() as {}", rust_type(&p.ty)?));
            call_args.push(len_name);
            i += 2;
            continue;
        }
        if p.ty.base == "HPy" && p.ty.pointers == 0 {
            // Parameters that must be types (exception types included).
            let unwrap = if TYPE_PARAMS.contains(&p.name.as_str()) { "unwrap_type" } else { "unwrap_arg" };
            writeln!(s, "        let Some({name}) = d.{unwrap}({name}, F, \"{}\") else {{ return {err} }};", p.name).unwrap();
        } else if p.ty.base == "HPy" {
            return Err(format!("{}: parameter `{}` of type `{}` needs a manual debug wrapper", m.name, p.name, p.ty));
        }
        call_args.push(name);
        i += 1;
    }
    let call = format!("((*d.inner()).{}.expect(\"complete context\"))({})", m.ctx_name, call_args.join(", "));
    if ret.base == "HPy" && ret.pointers == 0 {
        writeln!(s, "        let r = {call};").unwrap();
        writeln!(s, "        d.wrap_owned(r, F)").unwrap();
    } else if ret.base == "HPy" {
        return Err(format!("{}: returns `{ret}`, which needs a manual debug wrapper", m.name));
    } else {
        writeln!(s, "        {call}").unwrap();
    }
    writeln!(s, "    }}").unwrap();
    writeln!(s, "}}").unwrap();
    Ok(())
}

pub fn emit(table: &ApiTable) -> Result<String, String> {
    let mut s = String::new();
    writeln!(s, "// {GENERATED_NOTICE}").unwrap();
    s.push_str(
        "//! The debug context's wrappers of every context function that takes\n\
         //! handles, handle arrays and plain data (the rest are in manual.rs).\n\
         #![allow(non_snake_case, clippy::missing_safety_doc, unused_unsafe)]\n\n\
         use crate::enter;\n\
         use hilt_abi::*;\n\
         use std::os::raw::{c_char, c_int, c_void};\n",
    );
    for name in MANUAL {
        if table.by_name(name).and_then(Member::function).is_none() {
            return Err(format!("debug_wrappers::MANUAL names `{name}`, which is no function of the API table"));
        }
    }
    for (m, f) in table.functions() {
        if !MANUAL.contains(&m.name.as_str()) {
            emit_wrapper(&mut s, m, f)?;
        }
    }
    Ok(s)
}
