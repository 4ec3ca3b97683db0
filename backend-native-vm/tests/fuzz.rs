//! Property test: random and mutated programs fed to the parser and the
//! compiler must give a program or a SyntaxError, never a panic.
//! Deterministic (a fixed-seed generator), so a failure reproduces.

use std::path::Path;

/// xorshift64*: small, deterministic, good enough to pick mutations.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const TOKENS: &[&str] = &[
    "x", "y", "f", "(", ")", "[", "]", "{", "}", ":", ",", ".", "=", "+", "-", "*", "**", "/", "//", "%", "<", ">", "==", "!=", "and",
    "or", "not", "in", "is", "if", "else", "elif", "while", "for", "def", "class", "return", "yield", "lambda", "try", "except",
    "finally", "with", "as", "import", "from", "global", "nonlocal", "pass", "break", "continue", "raise", "del", "assert", "1",
    "2.5", "'s'", "f'{x}'", "b'b'", "None", "True", "*args", "**kw", ":=", "match", "case", "async", "await", "\n", "\n    ",
    "\n        ", " ",
];

fn compile_no_panic(src: &str) {
    let mut heap = hilt_vm::gc::Heap::new(false);
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let _ = hilt_vm::compile::compile_module(src, "<fuzz>", &mut heap);
    }));
    assert!(r.is_ok(), "the compiler panicked on:\n{src}");
}

fn corpus_sources() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vm-corpus");
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("corpus dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "py"))
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect();
    v.sort();
    v
}

fn on_big_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new().stack_size(256 << 20).spawn(f).expect("thread").join().expect("fuzz thread");
}

#[test]
fn random_token_soup_never_panics() {
    on_big_stack(|| {
        std::panic::set_hook(Box::new(|_| {}));
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..6000 {
            let n = 1 + rng.below(40);
            let src: String = (0..n).map(|_| TOKENS[rng.below(TOKENS.len())]).collect::<Vec<_>>().join(" ");
            compile_no_panic(&src);
        }
        let _ = std::panic::take_hook();
    });
}

#[test]
fn mutated_corpus_programs_never_panic() {
    on_big_stack(|| {
        std::panic::set_hook(Box::new(|_| {}));
        let sources = corpus_sources();
        let mut rng = Rng(42);
        for round in 0..2500 {
            let base = &sources[round % sources.len()];
            let lines: Vec<&str> = base.lines().collect();
            let mut out: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
            for _ in 0..1 + rng.below(4) {
                if out.is_empty() {
                    break;
                }
                let i = rng.below(out.len());
                match rng.below(5) {
                    0 => {
                        out.remove(i);
                    }
                    1 => {
                        let j = rng.below(out.len());
                        out.swap(i, j);
                    }
                    2 => {
                        let l = out[i].clone();
                        out.insert(i, format!("    {l}"));
                    }
                    3 => {
                        let line = &mut out[i];
                        if !line.is_empty() {
                            let cut = rng.below(line.len());
                            let cut = (0..=cut).rev().find(|c| line.is_char_boundary(*c)).unwrap_or(0);
                            line.truncate(cut);
                        }
                    }
                    _ => {
                        let t = TOKENS[rng.below(TOKENS.len())];
                        out[i].push_str(t);
                    }
                }
            }
            compile_no_panic(&out.join("\n"));
        }
        let _ = std::panic::take_hook();
    });
}

#[test]
fn deep_nesting_compiles_or_errors() {
    on_big_stack(|| {
        compile_no_panic(&format!("x = {}1{}", "(".repeat(2000), ")".repeat(2000)));
        compile_no_panic(&format!("x = {}1", "-".repeat(20000)));
        let mut s = String::new();
        for i in 0..100 {
            s.push_str(&format!("{}if x:\n", " ".repeat(i)));
        }
        s.push_str(&format!("{}pass\n", " ".repeat(100)));
        compile_no_panic(&s);
    });
}
