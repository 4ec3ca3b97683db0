//! The message for an `HPy_NULL` argument, per API function: the same
//! words as the CPython backend's, so an extension sees one text on both
//! backends (the cross-backend suite compares them).

/// CPython's own message where the CPython backend lets CPython see the NULL.
const CPYTHON_NULL: &str = "null argument to internal routine";

/// (API function, message), sorted by function name.
const NULL_ARGUMENT: &[(&str, &str)] = &[
    ("HPyBytes_AS_STRING", "HPyBytes_AS_STRING: h is HPy_NULL"),
    ("HPyBytes_AsString", "HPyBytes_AsString: h is HPy_NULL"),
    ("HPyBytes_GET_SIZE", "HPyBytes_GET_SIZE: h is HPy_NULL"),
    ("HPyBytes_Size", "HPyBytes_Size: h is HPy_NULL"),
    ("HPyContextVar_Get", "HPyContextVar_Get: context_var is HPy_NULL"),
    ("HPyContextVar_Set", "HPyContextVar_Set: context_var and value must not be HPy_NULL"),
    ("HPyErr_SetFromErrnoWithFilename", "HPyErr_SetFromErrnoWithFilename: h_type is HPy_NULL"),
    ("HPyErr_SetFromErrnoWithFilenameObjects", "HPyErr_SetFromErrnoWithFilenameObjects: h_type is HPy_NULL"),
    ("HPyErr_SetObject", "HPyErr_SetObject: h_type is HPy_NULL"),
    ("HPyErr_SetString", "HPyErr_SetString: h_type is HPy_NULL"),
    ("HPyIter_Next", "HPyIter_Next: obj is HPy_NULL"),
    ("HPyListBuilder_Set", "HPyListBuilder_Set: h_item is HPy_NULL"),
    ("HPyList_Append", "HPyList_Append: h_list or h_item is HPy_NULL"),
    ("HPyList_Insert", "HPyList_Insert: h_list or h_item is HPy_NULL"),
    ("HPySlice_Unpack", "HPySlice_Unpack: slice is HPy_NULL"),
    ("HPyTupleBuilder_Set", "HPyTupleBuilder_Set: h_item is HPy_NULL"),
    ("HPyTuple_FromArray", "HPyTuple_FromArray: an item is HPy_NULL"),
    ("HPyType_GetName", "HPyType_GetName: type is HPy_NULL"),
    ("HPyUnicode_AsASCIIString", "HPyUnicode_AsASCIIString: h is HPy_NULL"),
    ("HPyUnicode_EncodeFSDefault", "HPyUnicode_EncodeFSDefault: h is HPy_NULL"),
    ("HPyUnicode_ReadChar", "HPyUnicode_ReadChar: h is HPy_NULL"),
    ("HPyUnicode_Substring", "HPyUnicode_Substring: str is HPy_NULL"),
    ("HPy_Absolute", "HPy_Absolute: h1 is HPy_NULL"),
    ("HPy_Add", "HPy_Add: an operand is HPy_NULL"),
    ("HPy_And", "HPy_And: an operand is HPy_NULL"),
    ("HPy_Call", "HPy_Call: callable is HPy_NULL"),
    ("HPy_CallMethod", "HPy_CallMethod: name is HPy_NULL"),
    ("HPy_CallTupleDict", "HPy_CallTupleDict: callable is HPy_NULL"),
    ("HPy_Contains", "HPy_Contains: container or key is HPy_NULL"),
    ("HPy_DelItem", CPYTHON_NULL),
    ("HPy_Divmod", "HPy_Divmod: an operand is HPy_NULL"),
    ("HPy_EvalCode", "HPy_EvalCode: code and globals must not be HPy_NULL"),
    ("HPy_Float", "HPy_Float: h1 is HPy_NULL"),
    ("HPy_FloorDivide", "HPy_FloorDivide: an operand is HPy_NULL"),
    ("HPy_GetAttr", "HPy_GetAttr: obj or name is HPy_NULL"),
    ("HPy_GetAttr_s", "HPy_GetAttr_s: obj is HPy_NULL or utf8_name is NULL"),
    ("HPy_GetItem", CPYTHON_NULL),
    ("HPy_GetItem_i", "HPy_GetItem_i: obj is HPy_NULL"),
    ("HPy_GetItem_s", "HPy_GetItem_s: obj is HPy_NULL or utf8_key is NULL"),
    ("HPy_GetIter", "HPy_GetIter: obj is HPy_NULL"),
    ("HPy_Hash", "HPy_Hash: obj is HPy_NULL"),
    ("HPy_InPlaceAdd", "HPy_InPlaceAdd: an operand is HPy_NULL"),
    ("HPy_InPlaceAnd", "HPy_InPlaceAnd: an operand is HPy_NULL"),
    ("HPy_InPlaceFloorDivide", "HPy_InPlaceFloorDivide: an operand is HPy_NULL"),
    ("HPy_InPlaceLshift", "HPy_InPlaceLshift: an operand is HPy_NULL"),
    ("HPy_InPlaceMatrixMultiply", "HPy_InPlaceMatrixMultiply: an operand is HPy_NULL"),
    ("HPy_InPlaceMultiply", "HPy_InPlaceMultiply: an operand is HPy_NULL"),
    ("HPy_InPlaceOr", "HPy_InPlaceOr: an operand is HPy_NULL"),
    ("HPy_InPlacePower", "HPy_InPlacePower: an operand is HPy_NULL"),
    ("HPy_InPlaceRemainder", "HPy_InPlaceRemainder: an operand is HPy_NULL"),
    ("HPy_InPlaceRshift", "HPy_InPlaceRshift: an operand is HPy_NULL"),
    ("HPy_InPlaceSubtract", "HPy_InPlaceSubtract: an operand is HPy_NULL"),
    ("HPy_InPlaceTrueDivide", "HPy_InPlaceTrueDivide: an operand is HPy_NULL"),
    ("HPy_InPlaceXor", "HPy_InPlaceXor: an operand is HPy_NULL"),
    ("HPy_Index", "HPy_Index: h1 is HPy_NULL"),
    ("HPy_Invert", "HPy_Invert: h1 is HPy_NULL"),
    ("HPy_IsTrue", "HPy_IsTrue: h is HPy_NULL"),
    ("HPy_Length", CPYTHON_NULL),
    ("HPy_Long", "HPy_Long: h1 is HPy_NULL"),
    ("HPy_Lshift", "HPy_Lshift: an operand is HPy_NULL"),
    ("HPy_MatrixMultiply", "HPy_MatrixMultiply: an operand is HPy_NULL"),
    ("HPy_Multiply", "HPy_Multiply: an operand is HPy_NULL"),
    ("HPy_Negative", "HPy_Negative: h1 is HPy_NULL"),
    ("HPy_Or", "HPy_Or: an operand is HPy_NULL"),
    ("HPy_Positive", "HPy_Positive: h1 is HPy_NULL"),
    ("HPy_Power", "HPy_Power: an operand is HPy_NULL"),
    ("HPy_Remainder", "HPy_Remainder: an operand is HPy_NULL"),
    ("HPy_RichCompareBool", "HPy_RichCompareBool: an argument is HPy_NULL"),
    ("HPy_Rshift", "HPy_Rshift: an operand is HPy_NULL"),
    ("HPy_SetAttr", "HPy_SetAttr: obj or name is HPy_NULL"),
    ("HPy_SetAttr_s", "HPy_SetAttr_s: obj is HPy_NULL or utf8_name is NULL"),
    ("HPy_SetItem", CPYTHON_NULL),
    ("HPy_SetItem_i", "HPy_SetItem_i: obj or value is HPy_NULL"),
    ("HPy_Subtract", "HPy_Subtract: an operand is HPy_NULL"),
    ("HPy_TrueDivide", "HPy_TrueDivide: an operand is HPy_NULL"),
    ("HPy_Type", "HPy_Type: obj is HPy_NULL"),
    ("HPy_Xor", "HPy_Xor: an operand is HPy_NULL"),
];

/// The message for an `HPy_NULL` argument of `api`, if it has its own.
pub fn null_argument(api: &str) -> Option<&'static str> {
    NULL_ARGUMENT.binary_search_by(|(a, _)| a.cmp(&api)).ok().map(|i| NULL_ARGUMENT[i].1)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_table_is_sorted_and_found() {
        assert!(super::NULL_ARGUMENT.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(super::null_argument("HPy_Type"), Some("HPy_Type: obj is HPy_NULL"));
        assert_eq!(super::null_argument("HPy_Nope"), None);
    }
}
