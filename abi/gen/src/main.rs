//! `gen`: write every file generated from the API table, or with `--check`
//! list the ones that drifted and fail.

use hilt_abi_gen::{drifted, generate_all, workspace_root};
use std::process::ExitCode;

fn main() -> ExitCode {
    let root = workspace_root();
    let check = match std::env::args().nth(1).as_deref() {
        None => false,
        Some("--check") => true,
        Some(other) => {
            eprintln!("gen: unknown argument `{other}`; expected no argument (write files) or `--check`");
            return ExitCode::from(2);
        }
    };
    if check {
        return match drifted(&root) {
            Ok(stale) if stale.is_empty() => ExitCode::SUCCESS,
            Ok(stale) => {
                for p in stale {
                    eprintln!("gen: {} differs from abi/api.table; run `cargo run -p hilt-abi-gen --bin gen`", p.display());
                }
                ExitCode::FAILURE
            }
            Err(e) => {
                eprintln!("gen: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let outputs = match generate_all(&root) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("gen: {e}");
            return ExitCode::FAILURE;
        }
    };
    for out in outputs {
        let path = root.join(&out.path);
        if let Some(dir) = path.parent() {
            if let Err(e) = std::fs::create_dir_all(dir) {
                eprintln!("gen: cannot create {}: {e}", dir.display());
                return ExitCode::FAILURE;
            }
        }
        let unchanged = std::fs::read_to_string(&path).is_ok_and(|old| old == out.contents);
        if !unchanged {
            if let Err(e) = std::fs::write(&path, &out.contents) {
                eprintln!("gen: cannot write {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
            println!("wrote {}", out.path.display());
        }
    }
    ExitCode::SUCCESS
}
