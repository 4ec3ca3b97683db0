//! Which local slots are bound before each instruction on every path that
//! reaches it (definite assignment over the bytecode): a `LoadFast` of
//! such a slot needs no unbound-local check in machine code.
//!
//! The paths are the bytecode's own: falling through, jumps, and the
//! jump to an exception handler, which can come from anywhere in its
//! `try` body and is taken with what was bound at the `SetupExcept` /
//! `SetupWith` (stores only add to that while no local is deleted, so it
//! is a lower bound). A slot that any `DeleteFast` names is never taken
//! as bound. Machine code entered elsewhere (a loop the interpreter was
//! in, a generator resumed after its `yield`) got there along these same
//! paths.

use crate::compile::bytecode::{Code, Op};

/// Per instruction, the slots bound before it, as bit sets.
pub(super) struct BoundLocals {
    words: usize,
    bits: Vec<u64>,
}

impl BoundLocals {
    pub(super) fn of(code: &Code) -> BoundLocals {
        let n = code.ops.len();
        let nlocals = code.nlocals();
        let words = nlocals.div_ceil(64).max(1);
        let mut deleted = vec![0u64; words];
        for op in &code.ops {
            if let Op::DeleteFast(s) = *op {
                set(&mut deleted, s as usize);
            }
        }
        let mut entry = vec![0u64; words];
        let params = (code.argcount + code.kwonly + code.varargs as u32 + code.varkw as u32) as usize;
        for s in 0..params.min(nlocals) {
            set(&mut entry, s);
        }
        // None: not reached yet (the meet's identity); the entry starts
        // with the parameters.
        let mut state: Vec<Option<Vec<u64>>> = vec![None; n];
        let mut work = Vec::new();
        if n > 0 {
            state[0] = Some(clear(entry, &deleted));
            work.push(0);
        }
        while let Some(i) = work.pop() {
            let mut out = state[i].clone().expect("a reached instruction");
            if let Op::StoreFast(s) = code.ops[i] {
                if (s as usize) < nlocals {
                    set(&mut out, s as usize);
                }
            }
            let out = clear(out, &deleted);
            for next in successors(&code.ops, i) {
                let changed = match &mut state[next] {
                    Some(have) => {
                        let mut changed = false;
                        for (h, o) in have.iter_mut().zip(&out) {
                            let met = *h & o;
                            changed |= met != *h;
                            *h = met;
                        }
                        changed
                    }
                    slot @ None => {
                        *slot = Some(out.clone());
                        true
                    }
                };
                if changed {
                    work.push(next);
                }
            }
        }
        // Never reached: nothing is taken as bound there.
        let bits = state.into_iter().flat_map(|s| s.unwrap_or_else(|| vec![0; words])).collect();
        BoundLocals { words, bits }
    }

    /// Whether slot `s` is bound before instruction `i` on every path.
    pub(super) fn at(&self, i: usize, s: u32) -> bool {
        let (w, b) = (s as usize / 64, s as usize % 64);
        w < self.words && self.bits.get(i * self.words + w).is_some_and(|word| word >> b & 1 == 1)
    }
}

fn set(bits: &mut [u64], s: usize) {
    bits[s / 64] |= 1 << (s % 64);
}

fn clear(mut bits: Vec<u64>, gone: &[u64]) -> Vec<u64> {
    for (b, g) in bits.iter_mut().zip(gone) {
        *b &= !g;
    }
    bits
}

/// Where control can go after instruction `i`: the next instruction
/// unless `i` is an unconditional jump, a `return` or a `raise` (which
/// goes to a handler, a path its `SetupExcept` already has), and any jump
/// target or handler.
fn successors(ops: &[Op], i: usize) -> impl Iterator<Item = usize> {
    let target = match ops[i] {
        Op::Jump(t) | Op::JumpIfFalse(t) | Op::JumpIfTrue(t) | Op::JumpIfFalseOrPop(t) | Op::JumpIfTrueOrPop(t) | Op::ForIter(t) | Op::SetupExcept(t) | Op::SetupWith(t) => {
            Some(t as usize)
        }
        _ => None,
    };
    let falls = !matches!(ops[i], Op::Jump(_) | Op::Return | Op::Raise(_) | Op::Reraise);
    let next = (falls && i + 1 < ops.len()).then_some(i + 1);
    next.into_iter().chain(target.filter(|&t| t < ops.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code_of(src: &str) -> std::rc::Rc<Code> {
        let mut heap = crate::gc::Heap::new(false);
        let module = crate::compile::compile_module(src, "<test>", &mut heap).ok().expect("compiles");
        module.codes.iter().find(|c| &*c.name == "f").expect("a function f").clone()
    }

    /// The verdict for each `LoadFast` of local `name`, in order.
    fn loads(code: &Code, name: &str) -> Vec<bool> {
        let bound = BoundLocals::of(code);
        let slot = code.varnames.iter().position(|v| &**v == name).expect("the local") as u32;
        code.ops.iter().enumerate().filter(|(_, op)| matches!(op, Op::LoadFast(s) if *s == slot)).map(|(i, _)| bound.at(i, slot)).collect()
    }

    #[test]
    fn a_local_is_bound_after_every_path_stores_it() {
        let code = code_of("def f(a):\n    x = a\n    if a:\n        y = 1\n    else:\n        y = 2\n    return x + y\n");
        assert_eq!(loads(&code, "a"), vec![true, true]);
        assert_eq!(loads(&code, "x"), vec![true]);
        assert_eq!(loads(&code, "y"), vec![true]);
    }

    #[test]
    fn a_path_that_skips_the_store_leaves_it_unbound() {
        let code = code_of("def f(a):\n    if a:\n        y = 1\n    return y\n");
        assert_eq!(loads(&code, "y"), vec![false]);
        let code = code_of("def f(a):\n    for i in a:\n        z = i\n    return z\n");
        assert_eq!(loads(&code, "z"), vec![false]);
        assert_eq!(loads(&code, "i"), vec![true]);
    }

    #[test]
    fn handlers_and_deletes_are_taken_into_account() {
        let code = code_of("def f(a):\n    try:\n        w = a()\n    except ValueError:\n        return w\n    return w\n");
        assert_eq!(loads(&code, "w"), vec![false, true]);
        let code = code_of("def f(a):\n    v = a\n    del v\n    v = 1\n    return v\n");
        assert_eq!(loads(&code, "v"), vec![false]);
    }
}
