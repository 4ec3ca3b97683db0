//! Emits `abi/api.json`: the table as data, for backends, the debug and
//! trace contexts and outside tools.

use crate::GENERATED_NOTICE;
use hilt_abi::table::{ApiTable, MemberKind};
use std::fmt::Write;

fn json_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => write!(out, "\\u{:04x}", c as u32).unwrap(),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub fn emit(table: &ApiTable) -> String {
    let mut s = String::new();
    writeln!(s, "{{").unwrap();
    writeln!(s, "  \"notice\": {},", json_str(GENERATED_NOTICE)).unwrap();
    writeln!(s, "  \"abi_major\": {},", hilt_abi::version::ABI_MAJOR).unwrap();
    writeln!(s, "  \"abi_minor_latest\": {},", hilt_abi::version::ABI_MINOR_LATEST).unwrap();
    writeln!(s, "  \"abi_tag\": {},", json_str(hilt_abi::version::ABI_TAG)).unwrap();
    writeln!(s, "  \"members\": [").unwrap();
    for (i, m) in table.members.iter().enumerate() {
        let comma = if i + 1 == table.members.len() { "" } else { "," };
        let common = format!(
            "\"id\": {}, \"minor\": {}, \"name\": {}, \"ctx_name\": {}",
            m.id,
            m.minor,
            json_str(&m.name),
            json_str(&m.ctx_name)
        );
        match &m.kind {
            MemberKind::Constant => {
                writeln!(s, "    {{{common}, \"kind\": \"constant\", \"doc\": {}}}{comma}", json_str(&m.doc)).unwrap()
            }
            MemberKind::Function(f) => {
                let params: Vec<String> = f
                    .params
                    .iter()
                    .map(|p| format!("{{\"name\": {}, \"type\": {}}}", json_str(&p.name), json_str(&p.ty.to_c())))
                    .collect();
                writeln!(
                    s,
                    "    {{{common}, \"kind\": \"function\", \"returns\": {}, \"ctx_returns\": {}, \
                     \"params\": [{}], \"legacy\": {}, \"noreturn\": {}, \"doc\": {}}}{comma}",
                    json_str(&f.ret.to_c()),
                    json_str(&f.ctx_ret().to_c()),
                    params.join(", "),
                    f.legacy,
                    f.noreturn,
                    json_str(&m.doc)
                )
                .unwrap()
            }
        }
    }
    writeln!(s, "  ]").unwrap();
    writeln!(s, "}}").unwrap();
    s
}
