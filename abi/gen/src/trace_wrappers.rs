//! Emits `abi/debug/src/generated_trace.rs`: the trace context's wrapper of
//! every context function (count the call, time it, call the inner
//! context's function with the same handles), and the table of member names
//! by ID the reports use.

use crate::ctypes::rust_type;
use crate::GENERATED_NOTICE;
use hilt_abi::table::{ApiTable, MemberKind};
use std::fmt::Write;

/// Functions that lead back into the extension: the backend receives the
/// trace context itself, so the callables it installs pass it to the impls.
const PASS_OWN_CONTEXT: &[&str] = &["HPyType_FromSpec", "_HPy_CallRealFunctionFromTrampoline"];

pub fn emit(table: &ApiTable) -> Result<String, String> {
    let mut s = String::new();
    writeln!(s, "// {GENERATED_NOTICE}").unwrap();
    s.push_str(
        "//! The trace context's wrappers of every context function, and the\n\
         //! names of the context's members by ID.\n\
         #![allow(non_snake_case, clippy::missing_safety_doc)]\n\n\
         use crate::trace::{enter, exit};\n\
         use hilt_abi::*;\n\
         use std::os::raw::{c_char, c_int, c_void};\n\n",
    );
    writeln!(s, "/// The public name of each context member, by ID.").unwrap();
    writeln!(s, "pub const MEMBER_NAMES: [&str; {}] = [", table.members.len()).unwrap();
    for m in &table.members {
        writeln!(s, "    \"{}\",", m.name).unwrap();
    }
    s.push_str("];\n");
    for m in &table.members {
        let MemberKind::Function(f) = &m.kind else { continue };
        let ret = f.ctx_ret();
        let mut params = vec!["ctx: *mut HPyContext".to_string()];
        let mut args = Vec::new();
        for p in &f.params {
            let name = if p.name == "type" { "type_".to_string() } else { p.name.clone() };
            params.push(format!("{name}: {}", rust_type(&p.ty)?));
            args.push(name);
        }
        let ret_rs = if ret.is_void() { String::new() } else { format!(" -> {}", rust_type(&ret)?) };
        let first = if PASS_OWN_CONTEXT.contains(&m.name.as_str()) { "ctx" } else { "t.inner()" };
        writeln!(s, "\n/// Trace wrapper of `{}`.", m.name).unwrap();
        writeln!(s, "pub unsafe extern \"C\" fn {}({}){} {{", m.ctx_name, params.join(", "), ret_rs).unwrap();
        writeln!(s, "    // SAFETY: the extension passes the context it was given; the").unwrap();
        writeln!(s, "    // arguments go to the inner context unchanged.").unwrap();
        writeln!(s, "    unsafe {{").unwrap();
        writeln!(s, "        let (t, t0) = enter(ctx, {});", m.id).unwrap();
        writeln!(
            s,
            "        let r = ((*t.inner()).{}.expect(\"complete context\"))({});",
            m.ctx_name,
            std::iter::once(first.to_string()).chain(args).collect::<Vec<_>>().join(", ")
        )
        .unwrap();
        writeln!(s, "        exit(t, {}, t0);", m.id).unwrap();
        writeln!(s, "        r").unwrap();
        writeln!(s, "    }}").unwrap();
        writeln!(s, "}}").unwrap();
    }
    Ok(s)
}
