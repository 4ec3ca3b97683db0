//! The checked-in generated files must equal what the table produces now.

#[test]
fn generated_files_match_the_table() {
    let stale = hilt_abi_gen::drifted(&hilt_abi_gen::workspace_root()).expect("generation failed");
    assert!(
        stale.is_empty(),
        "these generated files drifted from abi/api.table or abi/src/types.rs: {stale:?}; \
         run `cargo run -p hilt-abi-gen --bin gen` and commit the result"
    );
}
