//! Emits `docs/api-reference.md`: every context member with its C
//! prototype and doc, grouped by ABI minor version.

use crate::GENERATED_NOTICE;
use hilt_abi::table::{ApiTable, MemberKind};
use std::fmt::Write;

pub fn emit(table: &ApiTable) -> String {
    let mut s = String::new();
    writeln!(s, "<!-- {GENERATED_NOTICE} -->").unwrap();
    s.push_str("# Hilt API reference\n\n");
    s.push_str(
        "Every member of `HPyContext`, in ID order. Handle constants are read as\n\
         `ctx->h_None`; functions are called through the `static inline` wrappers\n\
         of `hpy.h` under their public names. Members of minor version 1 need\n\
         `-DHILT_TARGET_ABI_MINOR=1` and a loader offering ABI 0.1.\n",
    );
    for (minor, members) in table.minor_sections() {
        let what = if minor == 0 { " (HPy 0.9.0)" } else { "" };
        writeln!(s, "\n## ABI minor version {minor}{what}\n").unwrap();
        s.push_str("| ID | Member | Description |\n|---:|---|---|\n");
        for m in members {
            let sig = match &m.kind {
                MemberKind::Constant => format!("`HPy {}`", m.name),
                MemberKind::Function(f) => format!("`{}`", f.ret.c_decl(&format!("{}({})", m.name, f.c_params()))),
            };
            writeln!(s, "| {} | {} | {} |", m.id, sig.replace('|', "\\|"), m.doc.replace('|', "\\|")).unwrap();
        }
    }
    s
}
