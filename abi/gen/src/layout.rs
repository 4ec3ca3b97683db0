//! Emits the layout probe: a C file listing `sizeof`/`offsetof` of every ABI
//! struct, field and context member, and the matching Rust case list. The
//! layout tests compare the C numbers with the Rust types (and with bindgen's
//! and HPy 0.9.0's view of the same header).
//!
//! Struct and field lists are read from `abi/src/types.rs` with syn, so a new
//! field is probed as soon as it is added. C field names are the Rust names
//! without a trailing `_` (`impl_` is `impl` in C).

use crate::GENERATED_NOTICE;
use hilt_abi::table::ApiTable;
use std::fmt::Write;
use std::path::Path;

/// Structs that are opaque or checked by hand (HPyDef's union is anonymous in C).
const SKIPPED: &[&str] = &["cpy_PyObject", "cpy_PyMethodDef", "HPyDef_Union", "HPyDef"];

struct Layout {
    name: String,
    fields: Vec<String>,
}

fn read_structs(types_rs: &Path) -> Result<Vec<Layout>, String> {
    let text = std::fs::read_to_string(types_rs).map_err(|e| format!("reading {}: {e}", types_rs.display()))?;
    let file = syn::parse_file(&text).map_err(|e| format!("parsing {}: {e}", types_rs.display()))?;
    let mut out = Vec::new();
    for item in file.items {
        let syn::Item::Struct(st) = item else { continue };
        let name = st.ident.to_string();
        if SKIPPED.contains(&name.as_str()) {
            continue;
        }
        let fields = match st.fields {
            syn::Fields::Named(named) => {
                named.named.iter().filter_map(|f| f.ident.as_ref().map(|i| i.to_string())).collect()
            }
            _ => continue,
        };
        out.push(Layout { name, fields });
    }
    Ok(out)
}

fn c_field(rust: &str) -> &str {
    rust.strip_suffix('_').unwrap_or(rust)
}

pub fn emit_probe(table: &ApiTable, types_rs: &Path) -> Result<String, String> {
    let mut s = String::new();
    writeln!(s, "/* {GENERATED_NOTICE} */").unwrap();
    s.push_str(
        "\n/* Layout probe: sizeof/offsetof of every ABI struct, field and context\n\
         \x20  member, as the C compiler sees hpy.h. Build with -DHPY_ABI_UNIVERSAL and\n\
         \x20  optionally -DHILT_TARGET_ABI_MINOR=1. HILT_PROBE_SYMBOL names the table;\n\
         \x20  HILT_PROBE_MAIN adds a main() printing it. */\n\
         #include <stddef.h>\n\
         #include <stdio.h>\n\
         #include \"hpy.h\"\n\n\
         #ifndef HILT_PROBE_SYMBOL\n\
         #define HILT_PROBE_SYMBOL hilt_layout_probe\n\
         #endif\n\n\
         struct hilt_layout_entry { const char *name; size_t value; };\n\n\
         #define SIZE(T) { \"sizeof \" #T, sizeof(T) },\n\
         #define FIELD(T, label, f) { #T \".\" #label, offsetof(T, f) },\n\n\
         const struct hilt_layout_entry HILT_PROBE_SYMBOL[] = {\n",
    );
    for st in read_structs(types_rs)? {
        writeln!(s, "    SIZE({})", st.name).unwrap();
        for f in &st.fields {
            writeln!(s, "    FIELD({}, {f}, {})", st.name, c_field(f)).unwrap();
        }
    }
    s.push_str("    SIZE(HPyDef)\n    FIELD(HPyDef, kind, kind)\n    FIELD(HPyDef, u, meth)\n");
    s.push_str("    SIZE(HPyContext)\n");
    for f in ["name", "_private", "abi_version"] {
        writeln!(s, "    FIELD(HPyContext, {f}, {f})").unwrap();
    }
    for (minor, members) in table.minor_sections() {
        if minor > 0 {
            writeln!(s, "#if HPY_ABI_VERSION_MINOR >= {minor}").unwrap();
        }
        for m in members {
            writeln!(s, "    FIELD(HPyContext, {0}, {0})", m.ctx_name).unwrap();
        }
        if minor > 0 {
            s.push_str("#endif\n");
        }
    }
    s.push_str(
        "    { NULL, 0 }\n};\n\n\
         #ifdef HILT_PROBE_MAIN\n\
         int main(void)\n{\n\
         \x20   const struct hilt_layout_entry *e;\n\
         \x20   for (e = HILT_PROBE_SYMBOL; e->name != NULL; e++)\n\
         \x20       printf(\"%s %zu\\n\", e->name, e->value);\n\
         \x20   return 0;\n}\n\
         #endif\n",
    );
    Ok(s)
}

pub fn emit_cases(table: &ApiTable, types_rs: &Path) -> Result<String, String> {
    let mut s = String::new();
    writeln!(s, "// {GENERATED_NOTICE}").unwrap();
    s.push_str(
        "// The Rust side of headers/tests/generated/layout_probe.c, as input to the\n\
         // `layout_cases!` macro of the layout test: `Struct { fields }` entries,\n\
         // then the context members by minor version.\n\
         layout_cases! {\n",
    );
    for st in read_structs(types_rs)? {
        writeln!(s, "    {} {{ {} }}", st.name, st.fields.join(", ")).unwrap();
    }
    s.push_str("    ;\n");
    for (minor, members) in table.minor_sections() {
        let mut names: Vec<&str> = if minor == 0 { vec!["name", "_private", "abi_version"] } else { Vec::new() };
        names.extend(members.iter().map(|m| m.ctx_name.as_str()));
        if minor > 0 {
            s.push_str(" }\n");
        }
        write!(s, "    minor {minor} {{ {}", names.join(", ")).unwrap();
    }
    s.push_str(" }\n}\n");
    Ok(s)
}
