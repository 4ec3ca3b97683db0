//! The API table: every member of `HPyContext`, read from `abi/api.table`.
//!
//! The table is the one description of the API. Everything that lists the
//! context members (the Rust and C context structs, the C inline wrappers,
//! the machine-readable listing, the reference docs, and later the backends'
//! and debug/trace contexts) is generated from it by `hilt-abi-gen`.
//!
//! This module owns parsing and validating the table; it knows nothing about
//! the files generated from it.

use std::fmt;

/// The text of `abi/api.table`, compiled in.
pub const API_TABLE_SOURCE: &str = include_str!("../api.table");

/// A C type as written in a prototype, reduced to what generators need:
/// a base type name, pointer depth and the constness of the pointee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CType {
    /// `const` applied to the base type (`const char *` -> true).
    pub is_const: bool,
    /// The base type name, e.g. `HPy`, `char`, `HPy_ssize_t`, `void`.
    pub base: String,
    /// Number of `*` (an array parameter `T x[]` counts as one).
    pub pointers: u32,
}

impl CType {
    /// Parse a type such as `const char *`, `void **` or `HPy_ssize_t`.
    pub fn parse(text: &str) -> Result<CType, String> {
        let mut is_const = false;
        let mut base = None;
        let mut pointers = 0;
        let spaced = text.replace('*', " * ");
        for token in spaced.split_whitespace() {
            match token {
                "const" if base.is_none() => is_const = true,
                "const" => {
                    return Err(format!(
                        "`{text}`: a const pointer is not used by the ABI; expected `const T *` or `T *`"
                    ))
                }
                "*" => {
                    if base.is_none() {
                        return Err(format!("`{text}`: `*` before the type name"));
                    }
                    pointers += 1
                }
                name if is_c_identifier(name) => {
                    if base.is_some() || pointers > 0 {
                        return Err(format!("`{text}`: expected one type name, found a second one `{name}`"));
                    }
                    base = Some(name.to_string())
                }
                other => return Err(format!("`{text}`: unexpected token `{other}`")),
            }
        }
        let base = base.ok_or_else(|| format!("`{text}`: no type name"))?;
        Ok(CType { is_const, base, pointers })
    }

    /// True for `void` without pointers.
    pub fn is_void(&self) -> bool {
        self.base == "void" && self.pointers == 0
    }

    /// The type written back in C: `const char *`, `HPy`, `void **`.
    pub fn to_c(&self) -> String {
        let mut s = String::new();
        if self.is_const {
            s.push_str("const ");
        }
        s.push_str(&self.base);
        if self.pointers > 0 {
            s.push(' ');
            for _ in 0..self.pointers {
                s.push('*');
            }
        }
        s
    }

    /// `to_c` followed by a declarator name, spaced as C code usually is:
    /// `const char *name`, `HPy h`.
    pub fn c_decl(&self, name: &str) -> String {
        let t = self.to_c();
        if self.pointers > 0 {
            format!("{t}{name}")
        } else {
            format!("{t} {name}")
        }
    }
}

impl fmt::Display for CType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_c())
    }
}

/// One parameter of a context function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    pub name: String,
    pub ty: CType,
    /// Written as an array (`HPy items[]`) in the public prototype.
    pub is_array: bool,
}

impl Param {
    /// The parameter as written in the public prototype.
    pub fn c_decl(&self) -> String {
        if self.is_array {
            let elem = CType { pointers: self.ty.pointers - 1, ..self.ty.clone() };
            format!("{}[]", elem.c_decl(&self.name))
        } else {
            self.ty.c_decl(&self.name)
        }
    }
}

/// What a context member is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemberKind {
    /// A handle constant (`HPy h_None`).
    Constant,
    /// A function pointer.
    Function(Function),
}

/// The signature and flags of a context function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Function {
    /// The return type of the public inline wrapper.
    pub ret: CType,
    /// Parameters after the leading `HPyContext *ctx`.
    pub params: Vec<Param>,
    /// The context member returns `void`; the public wrapper returns `HPy_NULL`.
    pub ctx_returns_void: bool,
    /// Hybrid-ABI only: a compile error when used in universal mode.
    pub legacy: bool,
    /// Never returns (`HPy_FatalError`).
    pub noreturn: bool,
    /// The public wrapper is written by hand in the headers.
    pub manual_wrapper: bool,
}

impl Function {
    /// The C parameter list, context first: `HPyContext *ctx, HPy h`.
    pub fn c_params(&self) -> String {
        std::iter::once("HPyContext *ctx".to_string())
            .chain(self.params.iter().map(Param::c_decl))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The return type of the context member (differs from `ret` for `ctx_void`).
    pub fn ctx_ret(&self) -> CType {
        if self.ctx_returns_void {
            CType { is_const: false, base: "void".into(), pointers: 0 }
        } else {
            self.ret.clone()
        }
    }
}

/// One member of the context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// Position in `HPyContext` after the three header fields.
    pub id: u32,
    /// The ABI minor version that introduced the member.
    pub minor: u32,
    /// Public name: `h_None`, `HPy_Dup`, `_HPy_New`.
    pub name: String,
    /// Field name in the context struct: `h_None`, `ctx_Dup`, `ctx_New`.
    pub ctx_name: String,
    pub kind: MemberKind,
    /// One-line description.
    pub doc: String,
}

impl Member {
    pub fn function(&self) -> Option<&Function> {
        match &self.kind {
            MemberKind::Function(f) => Some(f),
            MemberKind::Constant => None,
        }
    }
}

/// The parsed and validated table.
#[derive(Debug, Clone)]
pub struct ApiTable {
    pub members: Vec<Member>,
}

/// A table problem, with the line it was found on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "api.table line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for TableError {}

/// The context member name for a public function name:
/// drop leading underscores, a leading `HPy`, then a following `_`.
pub fn ctx_member_name(public: &str) -> String {
    let rest = public.trim_start_matches('_');
    let rest = rest.strip_prefix("HPy").unwrap_or(rest);
    let rest = rest.trim_start_matches('_');
    format!("ctx_{rest}")
}

fn is_c_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

fn parse_param(text: &str) -> Result<Param, String> {
    let text = text.trim();
    let (text, is_array) = match text.strip_suffix("[]") {
        Some(t) => (t.trim_end(), true),
        None => (text, false),
    };
    let split = text
        .rfind(|c: char| c == ' ' || c == '*')
        .ok_or_else(|| format!("parameter `{text}`: expected `TYPE NAME`"))?;
    let (ty, name) = text.split_at(split + 1);
    if !is_c_identifier(name) {
        return Err(format!("parameter `{text}`: `{name}` is not a C identifier"));
    }
    let mut ty = CType::parse(ty)?;
    if is_array {
        ty.pointers += 1;
    }
    Ok(Param { name: name.to_string(), ty, is_array })
}

/// Parse `RET NAME(HPyContext *ctx, PARAMS...)`.
fn parse_prototype(proto: &str) -> Result<(String, CType, Vec<Param>), String> {
    let open = proto.find('(').ok_or("expected `(` in the prototype")?;
    let close = proto.rfind(')').ok_or("expected `)` at the end of the prototype")?;
    if close != proto.len() - 1 {
        return Err(format!("unexpected text after `)`: `{}`", &proto[close + 1..]));
    }
    let head = proto[..open].trim_end();
    let name_start = head
        .rfind(|c: char| c == ' ' || c == '*')
        .ok_or("expected `RETURN_TYPE NAME(` before the parameters")?
        + 1;
    let name = &head[name_start..];
    if !is_c_identifier(name) {
        return Err(format!("`{name}` is not a C identifier"));
    }
    let ret = CType::parse(&head[..name_start])?;
    let mut params = proto[open + 1..close].split(',').map(parse_param);
    match params.next() {
        Some(Ok(p)) if p.name == "ctx" && p.ty.to_c() == "HPyContext *" => {}
        _ => return Err("the first parameter must be `HPyContext *ctx`".into()),
    }
    let params = params.collect::<Result<Vec<_>, _>>()?;
    Ok((name.to_string(), ret, params))
}

impl ApiTable {
    /// The table compiled into this crate.
    pub fn load() -> ApiTable {
        ApiTable::parse(API_TABLE_SOURCE).unwrap_or_else(|e| panic!("abi/api.table is invalid: {e}"))
    }

    /// Parse and validate table text: IDs start at 0 and have no gaps,
    /// minor sections only grow, names are unique.
    pub fn parse(text: &str) -> Result<ApiTable, TableError> {
        let mut members: Vec<Member> = Vec::new();
        let mut minor: Option<u32> = None;
        for (index, raw) in text.lines().enumerate() {
            let line = index + 1;
            let err = |message: String| TableError { line, message };
            let content = raw.trim();
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            if let Some(m) = content.strip_prefix("@minor ") {
                let m: u32 = m.trim().parse().map_err(|_| err(format!("bad minor version `{m}`")))?;
                if let Some(prev) = minor {
                    if m != prev + 1 {
                        return Err(err(format!("minor {m} follows minor {prev}; expected {}", prev + 1)));
                    }
                } else if m != 0 {
                    return Err(err(format!("the first section must be `@minor 0`, found {m}")));
                }
                minor = Some(m);
                continue;
            }
            let minor = minor.ok_or_else(|| err("a member before the first `@minor` line".into()))?;
            let (decl, doc) = content
                .split_once(" -- ")
                .ok_or_else(|| err("expected ` -- ` followed by a one-line doc".into()))?;
            let doc = doc.trim();
            if doc.is_empty() {
                return Err(err("empty doc".into()));
            }
            let mut parts = decl.splitn(3, ' ');
            let id: u32 = parts
                .next()
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| err("expected the member ID first".into()))?;
            let expected = members.len() as u32;
            if id != expected {
                return Err(err(format!("ID {id} where {expected} was expected (IDs are dense and in order)")));
            }
            let kind_word = parts.next().unwrap_or("");
            let rest = parts.next().unwrap_or("").trim();
            let (name, kind) = match kind_word {
                "const" => {
                    if !rest.starts_with("h_") || !is_c_identifier(rest) {
                        return Err(err(format!("constant `{rest}`: expected a name like `h_None`")));
                    }
                    (rest.to_string(), MemberKind::Constant)
                }
                "fn" => {
                    let mut proto = rest;
                    let mut ctx_returns_void = false;
                    let mut legacy = false;
                    let mut noreturn = false;
                    let mut manual_wrapper = false;
                    while let Some(stripped) = proto.strip_suffix(']') {
                        let open = stripped.rfind('[').ok_or_else(|| err("unbalanced `]`".into()))?;
                        match &stripped[open + 1..] {
                            "ctx_void" => ctx_returns_void = true,
                            "legacy" => legacy = true,
                            "noreturn" => noreturn = true,
                            "manual" => manual_wrapper = true,
                            other => {
                                return Err(err(format!(
                                    "unknown flag `[{other}]`; expected [ctx_void], [legacy], [noreturn] or [manual]"
                                )))
                            }
                        }
                        proto = stripped[..open].trim_end();
                    }
                    let (name, ret, params) = parse_prototype(proto).map_err(&err)?;
                    if ctx_returns_void && ret.to_c() != "HPy" {
                        return Err(err("[ctx_void] is only meaningful for functions returning HPy".into()));
                    }
                    (name, MemberKind::Function(Function { ret, params, ctx_returns_void, legacy, noreturn, manual_wrapper }))
                }
                other => return Err(err(format!("member kind `{other}`: expected `const` or `fn`"))),
            };
            let ctx_name = match kind {
                MemberKind::Constant => name.clone(),
                MemberKind::Function(_) => ctx_member_name(&name),
            };
            if let Some(dup) = members.iter().find(|m| m.name == name || m.ctx_name == ctx_name) {
                return Err(err(format!("`{name}` clashes with member {} `{}`", dup.id, dup.name)));
            }
            members.push(Member { id, minor, name, ctx_name, kind, doc: doc.to_string() });
        }
        Ok(ApiTable { members })
    }

    /// The members grouped by the minor version that introduced them, in
    /// order (the table keeps each minor's members together).
    pub fn minor_sections(&self) -> Vec<(u32, &[Member])> {
        let mut sections = Vec::new();
        let mut start = 0;
        for i in 1..=self.members.len() {
            if i == self.members.len() || self.members[i].minor != self.members[start].minor {
                sections.push((self.members[start].minor, &self.members[start..i]));
                start = i;
            }
        }
        sections
    }

    /// Members available at ABI minor version `minor` (a prefix of the table).
    pub fn up_to_minor(&self, minor: u32) -> &[Member] {
        let end = self.members.iter().position(|m| m.minor > minor).unwrap_or(self.members.len());
        &self.members[..end]
    }

    pub fn by_name(&self, name: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.name == name || m.ctx_name == name)
    }

    pub fn functions(&self) -> impl Iterator<Item = (&Member, &Function)> {
        self.members.iter().filter_map(|m| m.function().map(|f| (m, f)))
    }

    pub fn constants(&self) -> impl Iterator<Item = &Member> {
        self.members.iter().filter(|m| m.kind == MemberKind::Constant)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ctx_names_follow_the_rule() {
        assert_eq!(ctx_member_name("HPy_Dup"), "ctx_Dup");
        assert_eq!(ctx_member_name("HPyErr_SetString"), "ctx_Err_SetString");
        assert_eq!(ctx_member_name("_HPy_New"), "ctx_New");
        assert_eq!(ctx_member_name("_HPyType_GetBuiltinShape"), "ctx_Type_GetBuiltinShape");
        assert_eq!(ctx_member_name("HPyLong_AsUInt32_tMask"), "ctx_Long_AsUInt32_tMask");
    }

    #[test]
    fn types_parse_and_print_back() {
        for text in ["HPy", "const char *", "void **", "cpy_PyObject *", "HPy_ssize_t *"] {
            assert_eq!(CType::parse(text).unwrap().to_c(), text);
        }
        assert!(CType::parse("char * const").is_err());
        assert!(CType::parse("*").is_err());
    }

    #[test]
    fn array_parameters_are_pointers() {
        let p = parse_param("HPy items[]").unwrap();
        assert!(p.is_array);
        assert_eq!(p.ty.to_c(), "HPy *");
        assert_eq!(p.c_decl(), "HPy items[]");
    }

    #[test]
    fn bad_tables_are_rejected_with_the_line() {
        let gap = "@minor 0\n0 const h_None -- x\n2 const h_True -- y\n";
        let e = ApiTable::parse(gap).unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("ID 2 where 1 was expected"), "{e}");

        let no_ctx = "@minor 0\n0 fn HPy HPy_Dup(HPy h) -- x\n";
        assert!(ApiTable::parse(no_ctx).unwrap_err().message.contains("HPyContext *ctx"));

        let no_doc = "@minor 0\n0 const h_None\n";
        assert!(ApiTable::parse(no_doc).unwrap_err().message.contains(" -- "));

        let bad_flag = "@minor 0\n0 fn HPy HPy_Dup(HPyContext *ctx, HPy h) [fast] -- x\n";
        assert!(ApiTable::parse(bad_flag).unwrap_err().message.contains("unknown flag"));
    }
}
