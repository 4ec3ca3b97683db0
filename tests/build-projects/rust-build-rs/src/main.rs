//! Prints the path of the extension the build script built.
fn main() {
    println!("{}", env!("HILT_EXT_RSGREET"));
}
