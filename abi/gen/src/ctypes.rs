//! Mapping the C types of the table to Rust types.

use hilt_abi::table::CType;

/// The Rust spelling of a C base type used in the table.
fn rust_base(base: &str) -> Result<&'static str, String> {
    Ok(match base {
        "void" => "c_void",
        "char" => "c_char",
        "int" => "c_int",
        "bool" => "bool",
        "double" => "f64",
        "int32_t" => "i32",
        "uint32_t" => "u32",
        "int64_t" => "i64",
        "uint64_t" => "u64",
        "size_t" => "usize",
        "wchar_t" => "wchar_t",
        "HPy" => "HPy",
        "HPyContext" => "HPyContext",
        "HPy_ssize_t" => "HPy_ssize_t",
        "HPy_hash_t" => "HPy_hash_t",
        "HPy_UCS4" => "HPy_UCS4",
        "HPyField" => "HPyField",
        "HPyGlobal" => "HPyGlobal",
        "HPyListBuilder" => "HPyListBuilder",
        "HPyTupleBuilder" => "HPyTupleBuilder",
        "HPyTracker" => "HPyTracker",
        "HPyThreadState" => "HPyThreadState",
        "HPyType_Spec" => "HPyType_Spec",
        "HPyType_SpecParam" => "HPyType_SpecParam",
        "HPyType_BuiltinShape" => "HPyType_BuiltinShape",
        "HPyFunc_Signature" => "HPyFunc_Signature",
        "HPyCFunction" => "HPyCFunction",
        "HPyCapsule_Destructor" => "HPyCapsule_Destructor",
        "_HPyCapsule_key" => "_HPyCapsule_key",
        "HPy_SourceKind" => "HPy_SourceKind",
        "HPyCallFunction" => "HPyCallFunction",
        "cpy_PyObject" => "cpy_PyObject",
        other => return Err(format!("C type `{other}` has no Rust mapping; add it to abi/gen/src/ctypes.rs")),
    })
}

/// The Rust type for a C type: pointers become `*const`/`*mut`.
pub fn rust_type(ty: &CType) -> Result<String, String> {
    let base = rust_base(&ty.base)?;
    if ty.pointers == 0 {
        if ty.is_const {
            return Err(format!("`{ty}`: a const value type is not used by the ABI"));
        }
        return Ok(if base == "c_void" { "()".into() } else { base.into() });
    }
    // Only the innermost pointer can point to const data.
    let mut out = String::new();
    for level in 0..ty.pointers {
        let innermost = level == ty.pointers - 1;
        out.push_str(if innermost && ty.is_const { "*const " } else { "*mut " });
    }
    out.push_str(base);
    Ok(out)
}
