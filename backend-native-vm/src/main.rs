//! The `hilt` command; everything lives in `hilt_vm::cli`.

/// The VM allocates and frees many small blocks, and its collector frees
/// them in bulk; glibc's allocator spent a quarter of some benchmarks
/// sorting those frees back into its bins.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(hilt_vm::cli::main(std::env::args().skip(1).collect()));
}
