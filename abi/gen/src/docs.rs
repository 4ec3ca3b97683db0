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
    let mut minor = None;
    for m in &table.members {
        if minor != Some(m.minor) {
            minor = Some(m.minor);
            let what = if m.minor == 0 { " (HPy 0.9.0)" } else { "" };
            writeln!(s, "\n## ABI minor version {}{what}\n", m.minor).unwrap();
            s.push_str("| ID | Member | Description |\n|---:|---|---|\n");
        }
        let sig = match &m.kind {
            MemberKind::Constant => format!("`HPy {}`", m.name),
            MemberKind::Function(f) => {
                let mut params = vec!["HPyContext *ctx".to_string()];
                params.extend(f.params.iter().map(|p| p.c_decl()));
                let sep = if f.ret.pointers > 0 { "" } else { " " };
                format!("`{}{sep}{}({})`", f.ret.to_c(), m.name, params.join(", "))
            }
        };
        writeln!(s, "| {} | {} | {} |", m.id, sig.replace('|', "\\|"), m.doc.replace('|', "\\|")).unwrap();
    }
    s
}
