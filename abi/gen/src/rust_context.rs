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
    let mut minor = 0;
    for m in &table.members {
        if m.minor != minor {
            minor = m.minor;
            writeln!(s, "    // ---- ABI minor version {minor} ----").unwrap();
        }
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
    s.push_str("}\n");
    Ok(s)
}
