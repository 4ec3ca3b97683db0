//! Emits the C context struct (`hpy/autogen_ctx.h`) and the public
//! `static inline` wrappers (`hpy/autogen_ctx_inline.h`).
//!
//! Members of minor versions above 0 are compiled only when the extension
//! targets that minor (`-DHILT_TARGET_ABI_MINOR=N`), so an extension cannot
//! call a member its declared version does not promise.

use crate::GENERATED_NOTICE;
use hilt_abi::table::{ApiTable, MemberKind};
use std::fmt::Write;

fn minor_guard_open(s: &mut String, minor: u32) {
    if minor > 0 {
        writeln!(s, "\n#if HPY_ABI_VERSION_MINOR >= {minor}").unwrap();
    }
}

fn minor_guard_close(s: &mut String, minor: u32) {
    if minor > 0 {
        writeln!(s, "#endif /* HPY_ABI_VERSION_MINOR >= {minor} */").unwrap();
    }
}

pub fn emit_struct(table: &ApiTable) -> String {
    let mut s = String::new();
    writeln!(s, "/* {GENERATED_NOTICE} */").unwrap();
    s.push_str(
        "\n/* The context: three header fields, then every API member in ID order.\n\
         \x20  Included by hpy.h; do not include directly. */\n\n\
         struct _HPyContext_s {\n\
         \x20   const char *name;  /* implementation name, for debugging */\n\
         \x20   void *_private;    /* private to the implementation */\n\
         \x20   int abi_version;   /* ABI major version */\n",
    );
    for (minor, members) in table.minor_sections() {
        minor_guard_open(&mut s, minor);
        for m in members {
            match &m.kind {
                MemberKind::Constant => writeln!(s, "    HPy {};", m.ctx_name).unwrap(),
                MemberKind::Function(f) => {
                    writeln!(s, "    {};", f.ctx_ret().c_decl(&format!("(*{})({})", m.ctx_name, f.c_params()))).unwrap()
                }
            }
        }
        minor_guard_close(&mut s, minor);
    }
    s.push_str("};\n");
    s
}

pub fn emit_inline(table: &ApiTable) -> String {
    let mut s = String::new();
    writeln!(s, "/* {GENERATED_NOTICE} */").unwrap();
    s.push_str(
        "\n/* The public API: one static inline wrapper per context function, calling\n\
         \x20  through the context. Included by hpy.h; do not include directly. */\n",
    );
    for (minor, members) in table.minor_sections() {
        minor_guard_open(&mut s, minor);
        for m in members {
            let Some(f) = m.function() else { continue };
            if f.manual_wrapper {
                writeln!(s, "\n/* {} is written by hand in hpy/inline_ctx_extras.h */", m.name).unwrap();
                continue;
            }
            let args: Vec<&str> =
                std::iter::once("ctx").chain(f.params.iter().map(|p| p.name.as_str())).collect();
            let call = format!("ctx->{}({})", m.ctx_name, args.join(", "));
            if f.legacy {
                // Universal mode gets only a declaration carrying the error
                // attribute: with no body to inline, every call is a compile error.
                writeln!(s, "\n#ifdef HPY_ABI_UNIVERSAL").unwrap();
                writeln!(s, "_HPY_LEGACY {};\n#else", f.ret.c_decl(&format!("{}({})", m.name, f.c_params()))).unwrap();
            }
            let noreturn = if f.noreturn { "_HPy_NO_RETURN " } else { "" };
            writeln!(s, "\n/* {} */", m.doc.replace("*/", "* /")).unwrap();
            writeln!(s, "HPyAPI_FUNC {noreturn}{}", f.ret.c_decl(&format!("{}({})", m.name, f.c_params()))).unwrap();
            if f.ctx_returns_void {
                writeln!(s, "{{\n    {call};\n    return HPy_NULL;\n}}").unwrap();
            } else if f.noreturn {
                // abort() tells the compiler, even after inlining, that control ends here.
                writeln!(s, "{{\n    {call};\n    abort();\n}}").unwrap();
            } else if f.ret.is_void() {
                writeln!(s, "{{\n    {call};\n}}").unwrap();
            } else {
                writeln!(s, "{{\n    return {call};\n}}").unwrap();
            }
            if f.legacy {
                writeln!(s, "#endif /* HPY_ABI_UNIVERSAL */").unwrap();
            }
        }
        minor_guard_close(&mut s, minor);
    }
    s
}
