//! The `hilt` command; everything lives in `hilt_vm::cli`.

fn main() {
    std::process::exit(hilt_vm::cli::main(std::env::args().skip(1).collect()));
}
