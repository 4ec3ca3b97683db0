//! Every C example in `docs/` is built and run, so no page shows code that
//! does not work.
//!
//! A fenced block whose info string is `c example=NAME` (or `cpp
//! example=NAME`) is a piece of example NAME; the pieces of one page are
//! joined in order into one source, built with `python -m hilt build -o
//! NAME.hpy0.so` (`-Wextra -Werror` too), and the page's `python
//! example=NAME` blocks, joined, are run next to it with `hilt` on CPython:
//! their `assert`s are the check. More words in the info string:
//! `hybrid` builds with `--hybrid`; `minor=1` with
//! `-DHILT_TARGET_ABI_MINOR=1`; `capi` builds a plain CPython C-API
//! extension instead (the "before" of the porting guide), imported normally.

use hilt_tests::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

struct Block {
    lang: String,
    words: Vec<String>,
    code: String,
    line: usize,
}

/// The fenced blocks of a Markdown page.
fn blocks(page: &str) -> Vec<Block> {
    let mut found = Vec::new();
    let mut open: Option<Block> = None;
    for (i, line) in page.lines().enumerate() {
        match (&mut open, line.trim_start().strip_prefix("```")) {
            (None, Some(info)) => {
                let mut words = info.split_whitespace().map(String::from);
                let lang = words.next().unwrap_or_default();
                open = Some(Block { lang, words: words.collect(), code: String::new(), line: i + 1 });
            }
            (Some(_), Some(_)) => found.push(open.take().unwrap()),
            (Some(block), None) => {
                block.code.push_str(line);
                block.code.push('\n');
            }
            (None, None) => {}
        }
    }
    assert!(open.is_none(), "an unclosed code block");
    found
}

fn example_name(block: &Block) -> Option<&str> {
    block.words.iter().find_map(|w| w.strip_prefix("example="))
}

fn docs_dir() -> PathBuf {
    workspace_root().join("docs")
}

#[derive(Default)]
struct Example {
    source: String,
    cpp: bool,
    words: Vec<String>,
    check: String,
    /// A check run by the Hilt VM (`python example=NAME vm`).
    vm_check: String,
}

/// Build and run every example of `page`; returns how many there were.
fn check_page(page: &str) -> usize {
    let text = std::fs::read_to_string(docs_dir().join(page)).unwrap_or_else(|e| panic!("{page}: {e}"));
    let mut examples: BTreeMap<String, Example> = BTreeMap::new();
    for block in blocks(&text) {
        let Some(name) = example_name(&block) else { continue };
        let ex = examples.entry(name.to_string()).or_default();
        match block.lang.as_str() {
            "c" | "cpp" => {
                ex.cpp |= block.lang == "cpp";
                ex.source.push_str(&format!("#line {} \"{page}\"\n{}", block.line + 1, block.code));
                ex.words.extend(block.words.iter().cloned());
            }
            "python" if block.words.iter().any(|w| w == "vm") => ex.vm_check.push_str(&block.code),
            "python" => ex.check.push_str(&block.code),
            other => panic!("{page}:{}: example block in language {other:?}", block.line),
        }
    }
    let python = venv_python();
    ensure_hilt_installed(&python);
    for (name, ex) in &examples {
        assert!(!ex.source.is_empty(), "{page}: example {name} has no C code");
        assert!(!ex.check.is_empty(), "{page}: example {name} has no `python example={name}` block");
        let dir = scratch_dir(&format!("docs_{}_{name}", page.trim_end_matches(".md")));
        let src = dir.join(format!("{name}.{}", if ex.cpp { "cpp" } else { "c" }));
        std::fs::write(&src, &ex.source).unwrap();
        if ex.words.iter().any(|w| w == "capi") {
            build_capi(&python, &src, &dir, name);
        } else {
            let mut args = vec!["build".to_string(), src.display().to_string(), "-o".into(), format!("{name}.hpy0.so")];
            args.extend(["--cflag=-Wextra".into(), "--cflag=-Werror".into()]);
            if ex.words.iter().any(|w| w == "hybrid") {
                args.push("--hybrid".into());
            }
            if ex.words.iter().any(|w| w == "minor=1") {
                args.push("-DHILT_TARGET_ABI_MINOR=1".into());
            }
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let out = hilt_cli(&python, &dir, &args);
            assert!(
                out.status.success(),
                "{page}: example {name} does not build:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let check = dir.join(format!("check_{name}.py"));
        std::fs::write(&check, &ex.check).unwrap();
        run(Command::new(&python).arg(&check).current_dir(&dir));
        if !ex.vm_check.is_empty() {
            let vm_check = dir.join(format!("vm_check_{name}.py"));
            std::fs::write(&vm_check, &ex.vm_check).unwrap();
            run(Command::new(hilt_vm_binary()).arg("run").arg(&vm_check).current_dir(&dir).env_remove("HILT"));
        }
    }
    examples.len()
}

/// A plain CPython extension, the way a C-API project builds it.
fn build_capi(python: &Path, src: &Path, dir: &Path, name: &str) {
    let info = run(Command::new(python).args([
        "-c",
        "import sysconfig; print(sysconfig.get_paths()['include']); print(sysconfig.get_config_var('EXT_SUFFIX'))",
    ]));
    let (include, suffix) = info.trim().split_once('\n').expect("include and suffix");
    run(Command::new(c_compiler())
        .args(["-shared", "-fPIC", "-O2", "-Wall", "-Wextra", "-Werror"])
        .arg(format!("-I{include}"))
        .arg(src)
        .arg("-o")
        .arg(dir.join(format!("{name}{suffix}"))));
}

#[test]
fn every_c_block_in_the_docs_is_a_tested_example() {
    let mut pages = 0;
    for entry in std::fs::read_dir(docs_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        pages += 1;
        let text = std::fs::read_to_string(&path).unwrap();
        for block in blocks(&text) {
            if matches!(block.lang.as_str(), "c" | "cpp" | "c++" | "h") {
                assert!(example_name(&block).is_some(), "{}:{}: a C block with no example=NAME", path.display(), block.line);
            }
        }
    }
    assert!(pages >= 6, "the docs pages are missing");
}

#[test]
fn getting_started_examples_build_and_run() {
    assert!(check_page("getting-started.md") >= 2);
}

#[test]
fn porting_guide_examples_build_and_run() {
    assert!(check_page("porting-guide.md") >= 3);
}

#[test]
fn debug_and_trace_examples_build_and_run() {
    assert!(check_page("debug-and-trace.md") >= 1);
}

#[test]
fn abi_versioning_examples_build_and_run() {
    assert!(check_page("abi-versioning.md") >= 1);
}
