//! Emits `abi/src/generated/context.rs`: the Rust `HPyContext`.

use crate::ctypes::rust_type;
use crate::GENERATED_NOTICE;
use hilt_abi::table::{ApiTable, MemberKind};
use std::fmt::Write;

pub fn emit(table: &ApiTable) -> Result<String, String> {
    let mut s = String::new();
    writeln!(s, "// {GENERATED_NOTICE}").unwrap();
    s.push_str(
        "//! The context: three header fields, then every member of the API table\n\
         //! in ID order. A loader fills it; an extension reads it.\n\
         #![allow(non_snake_case)]\n\n\
         use crate::types::*;\n\
         use std::os::raw::{c_char, c_int, c_void};\n\n",
    );
    s.push_str(
        "/// The table of handle constants and function pointers an extension calls.\n\
         ///\n\
         /// Members of a minor version newer than the one a loader offers are\n\
         /// absent from that loader's context: never read past the members of\n\
         /// the minor version the extension asked for.\n\
         #[repr(C)]\n\
         pub struct HPyContext {\n\
         \x20   /// Name of the implementation, for debugging.\n\
         \x20   pub name: *const c_char,\n\
         \x20   /// Private to the implementation.\n\
         \x20   pub _private: *mut c_void,\n\
         \x20   /// The ABI major version of this context.\n\
         \x20   pub abi_version: c_int,\n",
    );
    for (minor, members) in table.minor_sections() {
        if minor > 0 {
            writeln!(s, "    // ---- ABI minor version {minor} ----").unwrap();
        }
        for m in members {
            writeln!(s, "    /// [{}] {}", m.id, m.doc).unwrap();
            match &m.kind {
                MemberKind::Constant => writeln!(s, "    pub {}: HPy,", m.ctx_name).unwrap(),
                MemberKind::Function(f) => {
                    let mut params = vec!["ctx: *mut HPyContext".to_string()];
                    for p in &f.params {
                        let name = if p.name == "type" { "type_" } else { &p.name };
                        params.push(format!("{name}: {}", rust_type(&p.ty)?));
                    }
                    let ret = f.ctx_ret();
                    let ret = if ret.is_void() { String::new() } else { format!(" -> {}", rust_type(&ret)?) };
                    writeln!(
                        s,
                        "    pub {}: Option<unsafe extern \"C\" fn({}){}>,",
                        m.ctx_name,
                        params.join(", "),
                        ret
                    )
                    .unwrap();
                }
            }
        }
    }
    s.push_str("}\n");
    emit_constants_and_builder(table, &mut s);
    Ok(s)
}

/// `HPyContextConstants` (the 83+ handle constants a backend provides) and
/// `build_hpy_context!`, which assembles a context from those constants and
/// a module exporting one `extern "C" fn` per function member, named like
/// the member. A backend missing a function fails to compile, naming it.
fn emit_constants_and_builder(table: &ApiTable, s: &mut String) {
    s.push_str("\n/// The handle constants of a context, provided by a backend at startup.\n");
    s.push_str("#[derive(Copy, Clone, Debug)]\npub struct HPyContextConstants {\n");
    for m in table.constants() {
        writeln!(s, "    pub {}: HPy,", m.ctx_name).unwrap();
    }
    s.push_str("}\n");
    s.push_str("\nimpl HPyContextConstants {\n");
    s.push_str("    /// The constants of a context.\n    pub fn of(ctx: &HPyContext) -> HPyContextConstants {\n        HPyContextConstants {\n");
    for m in table.constants() {
        writeln!(s, "            {0}: ctx.{0},", m.ctx_name).unwrap();
    }
    s.push_str("        }\n    }\n\n");
    s.push_str("    /// Every constant passed through `f` (a wrapping context's own handles).\n    pub fn map(self, mut f: impl FnMut(HPy) -> HPy) -> HPyContextConstants {\n        HPyContextConstants {\n");
    for m in table.constants() {
        writeln!(s, "            {0}: f(self.{0}),", m.ctx_name).unwrap();
    }
    s.push_str("        }\n    }\n}\n");
    s.push_str(
        "\n/// Build an `HPyContext`: `build_hpy_context!(name_ptr, private_ptr, constants, path::to::functions)`.\n\
         #[macro_export]\n\
         macro_rules! build_hpy_context {\n\
         \x20   ($name:expr, $private:expr, $consts:expr, $($fns:ident)::+) => {{\n\
         \x20       let c: $crate::HPyContextConstants = $consts;\n\
         \x20       $crate::HPyContext {\n\
         \x20           name: $name,\n\
         \x20           _private: $private,\n\
         \x20           abi_version: $crate::version::ABI_MAJOR as ::std::os::raw::c_int,\n",
    );
    for m in &table.members {
        match &m.kind {
            MemberKind::Constant => writeln!(s, "            {0}: c.{0},", m.ctx_name).unwrap(),
            MemberKind::Function(_) => writeln!(s, "            {0}: Some($($fns)::+::{0}),", m.ctx_name).unwrap(),
        }
    }
    s.push_str("        }\n    }};\n}\n");
}
