//! The contract of DESIGN.md §1, checked on the table and the Rust context.

use hilt_abi::table::{ApiTable, MemberKind};
use hilt_abi::HPyContext;
use std::mem::{offset_of, size_of};

#[test]
fn minor_0_is_hpy_0_9_with_263_dense_members() {
    let table = ApiTable::load();
    let m0 = table.up_to_minor(0);
    assert_eq!(m0.len(), 263);
    assert!(m0.iter().enumerate().all(|(i, m)| m.id as usize == i));
    let constants = m0.iter().filter(|m| m.kind == MemberKind::Constant).count();
    assert_eq!((constants, m0.len() - constants), (83, 180));
}

#[test]
fn minor_1_appends_ten_members_at_263_to_272() {
    let table = ApiTable::load();
    let m1 = table.up_to_minor(1);
    assert_eq!(m1.len(), 273);
    assert!(m1.iter().enumerate().all(|(i, m)| m.id as usize == i));
    let added: Vec<&str> = m1[263..].iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        added,
        [
            "h_DictType", "_HPy_AsStruct_Dict", "HPyList_Insert", "HPy_GetSlice", "HPy_SetSlice",
            "HPy_DelSlice", "HPy_GetIter", "HPyIter_Next", "HPyIter_Check", "HPySlice_New",
        ]
    );
    assert!(m1[263..].iter().all(|m| m.minor == 1));
    assert_eq!(table.members.len(), 273, "Hilt's own additions start at 273 and need minor 2");
}

#[cfg(target_pointer_width = "64")]
#[test]
fn rust_context_is_2128_bytes_at_minor_0() {
    // Three header fields (24 bytes) then 263 pointer-sized members.
    assert_eq!(offset_of!(HPyContext, h_None), 24);
    assert_eq!(offset_of!(HPyContext, ctx_Dup), 24 + 77 * 8);
    assert_eq!(offset_of!(HPyContext, ctx_CallMethod), 24 + 262 * 8);
    assert_eq!(offset_of!(HPyContext, h_DictType), 2128);
    assert_eq!(size_of::<HPyContext>(), 2128 + 10 * 8);
}

#[test]
fn well_known_members_have_their_hpy_0_9_ids() {
    let table = ApiTable::load();
    for (name, id) in [("h_None", 0), ("h_ListType", 76), ("HPy_Dup", 77), ("h_ComplexType", 238),
        ("h_Builtins", 243), ("HPy_Call", 261), ("HPy_CallMethod", 262), ("HPySlice_New", 272)]
    {
        assert_eq!(table.by_name(name).map(|m| m.id), Some(id), "{name}");
    }
}

#[test]
fn minor_sections_split_the_table_by_version() {
    let table = ApiTable::load();
    let sections: Vec<(u32, usize)> = table.minor_sections().iter().map(|(m, ms)| (*m, ms.len())).collect();
    assert_eq!(sections, [(0, 263), (1, 10)]);
}
