fn main() {
    // Compiles rsgreet.c and Hilt's helper runtime into rsgreet.hpy0.so in
    // OUT_DIR; the crate sees its path as env!("HILT_EXT_RSGREET").
    hilt_build::Extension::new("rsgreet")
        .file("rsgreet.c")
        .define("RSGREET_FACTOR", Some("3"))
        .compile();
}
