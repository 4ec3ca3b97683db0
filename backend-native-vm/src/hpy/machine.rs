//! What machine code reads to call an extension's `impl` itself (the JIT's
//! inline extension calls, `jit/lower/extension.rs`): how an
//! [`HpyFunc`] may be called that way ([`how`]), and where the function's
//! fields, the handle table, the pending error and the VM's stack sit
//! ([`ExtLayout`], found at run time from real values as
//! `object::layout::HeapLayout` is).

use std::mem::offset_of;
use std::rc::Rc;
use std::sync::OnceLock;

use hilt_abi::{HPyContext, HPyFunc_Signature};

use super::call::{HpyFunc, Kind};
use super::{HpyState, VmCtx};
use crate::interp::{Exc, Vm};
use crate::object::layout::{offset_in, slot_tag, vec_words};
use crate::object::{Obj, ObjRef, Value};

/// `HpyFunc::how`: 0 where machine code must not call the function
/// itself (another context, signature or kind); else a module function
/// of signature NOARGS, O, VARARGS or KEYWORDS, or a method of one of
/// them ([`METHOD`] added).
pub mod how {
    pub const NOT: u32 = 0;
    pub const NOARGS: u32 = 1;
    pub const O: u32 = 2;
    pub const VARARGS: u32 = 3;
    /// Called inline with keywords (a module function) or without.
    pub const KEYWORDS: u32 = 4;
    /// Added for a method (its `self` the receiver, of the owner type).
    pub const METHOD: u32 = 4;
}

/// The most arguments (besides `self`) an inline VARARGS call passes.
pub const MAX_ARGS: usize = 4;

/// The most values (positionals and keyword values) an inline KEYWORDS
/// call passes.
pub const MAX_KW_VALUES: usize = 8;

/// `HpyFunc::how` of a function of `kind` made with context `ctx`
/// (`universal`: the VM's universal context, the only one machine code
/// calls with).
pub fn how_of(kind: Kind, ctx: *mut HPyContext, universal: usize) -> u32 {
    if ctx as usize != universal || universal == 0 {
        return how::NOT;
    }
    let (sig, base) = match kind {
        Kind::Function(sig) => (sig, 0),
        Kind::Method(sig) => (sig, how::METHOD),
        _ => return how::NOT,
    };
    match sig {
        HPyFunc_Signature::NOARGS => base + how::NOARGS,
        HPyFunc_Signature::O => base + how::O,
        HPyFunc_Signature::VARARGS => base + how::VARARGS,
        HPyFunc_Signature::KEYWORDS => base + how::KEYWORDS,
        _ => how::NOT,
    }
}

/// Whether `how` is a KEYWORDS function's or method's.
pub fn is_keywords(how: u32) -> bool {
    how == how::KEYWORDS || how == how::METHOD + how::KEYWORDS
}

/// Whether `how` is a module function's (its `self` the module).
pub fn is_function(how: u32) -> bool {
    how != how::NOT && how <= how::METHOD
}

/// The `how` a call site with `n` arguments besides `self` calls inline
/// (`method`: `self` is the receiver); None for more than [`MAX_ARGS`].
pub fn how_for_call(n: usize, method: bool) -> Option<u32> {
    let sig = match n {
        0 => how::NOARGS,
        1 => how::O,
        n if n <= MAX_ARGS => how::VARARGS,
        _ => return None,
    };
    Some(sig + if method { how::METHOD } else { 0 })
}

/// Byte offsets machine code reads for an inline extension call.
#[derive(Debug, Clone, Copy)]
pub struct ExtLayout {
    /// Tag of `Obj::HpyFunc` and where its box's pointer sits in the slot.
    pub func: u32,
    pub func_box: i32,
    /// Within the `HpyFunc`: `how` (u32), `impl_` (a pointer),
    /// `self_handle` (a word), `owner_index` (u32).
    pub how: i32,
    pub impl_: i32,
    pub self_handle: i32,
    pub owner: i32,
    /// From the `Vm`: the handle table's slots (data pointer, length in
    /// values), its free list (data pointer and length in u32s; it
    /// always has room for one more, see `hpy::handles`) and its count
    /// of constants (handles `1..=constants` are never closed).
    pub slots_data: i32,
    pub slots_len: i32,
    pub free_data: i32,
    pub free_len: i32,
    pub constants: i32,
    /// From the `Vm`: where the pending error's tag (u32) sits, and its
    /// value when there is none.
    pub error_tag: i32,
    pub error_none: u32,
    /// From the `Vm`: its stack's data pointer, capacity and length.
    pub stack_data: i32,
    pub stack_cap: i32,
    pub stack_len: i32,
    /// Within the universal context (`VmCtx`): the VM pointer, set before
    /// extension code runs.
    pub ctx_vm: i32,
}

impl ExtLayout {
    /// This build's layout, found on first use; None if some part could
    /// not be found unambiguously (the calls then go through Rust).
    pub fn get() -> Option<&'static ExtLayout> {
        static LAYOUT: OnceLock<Option<ExtLayout>> = OnceLock::new();
        LAYOUT.get_or_init(ExtLayout::probe).as_ref()
    }

    fn probe() -> Option<ExtLayout> {
        let probe = HpyFunc {
            name: Rc::from("probe"),
            label: "probe",
            doc: None,
            kind: Kind::Function(HPyFunc_Signature::NOARGS),
            impl_: std::ptr::null(),
            ctx: std::ptr::null_mut(),
            module: Value::None,
            owner: None,
            how: how::NOT,
            owner_index: u32::MAX,
            self_handle: 0,
        };
        let slot = Some(Obj::HpyFunc(Box::new(probe)));
        let (func_box, boxed) = match &slot {
            Some(Obj::HpyFunc(b)) => (offset_in(&slot, b)?, &**b),
            _ => return None,
        };
        // The box is one pointer word, to the function.
        // SAFETY: `func_box` is the offset of the `Box` (one pointer) in
        // the slot, initialized.
        let word = unsafe { *((&slot as *const Option<Obj> as *const u8).add(func_box as usize) as *const usize) };
        if size_of::<Box<HpyFunc>>() != size_of::<usize>() || word != boxed as *const HpyFunc as usize {
            return None;
        }
        let (how, impl_, self_handle, owner) = (offset_in(boxed, &boxed.how)?, offset_in(boxed, &boxed.impl_)?, offset_in(boxed, &boxed.self_handle)?, offset_in(boxed, &boxed.owner_index)?);

        let handles = (offset_of!(Vm, hpy) + offset_of!(HpyState, handles)) as i32;
        let t = super::handles::Handles::field_offsets();
        let (slots_data, _, slots_len) = vec_words::<Value>()?;
        let (free_data, _, free_len) = vec_words::<u32>()?;
        let (stack_data, stack_cap, stack_len) = vec_words::<Value>()?;
        let stack = offset_of!(Vm, stack) as i32;
        let (error_tag, error_none) = option_tag()?;
        let error = (offset_of!(Vm, hpy) + offset_of!(HpyState, error)) as i32;
        Some(ExtLayout {
            func: slot_tag(&slot)?,
            func_box,
            how,
            impl_,
            self_handle,
            owner,
            slots_data: handles + t.slots + slots_data,
            slots_len: handles + t.slots + slots_len,
            free_data: handles + t.free + free_data,
            free_len: handles + t.free + free_len,
            constants: handles + t.constants,
            error_tag: error + error_tag,
            error_none,
            stack_data: stack + stack_data,
            stack_cap: stack + stack_cap,
            stack_len: stack + stack_len,
            ctx_vm: offset_of!(VmCtx, vm) as i32,
        })
    }
}

/// Where `Option<Exc>` keeps its tag (a u32) and the tag of `None`: the
/// four bytes two `Some`s of different exceptions agree on (the rest is
/// the exception), read in `None` only there.
fn option_tag() -> Option<(i32, u32)> {
    const WORDS: usize = 2;
    if size_of::<Option<Exc>>() != WORDS * 4 || size_of::<Exc>() != 4 {
        return None;
    }
    let (a, b) = (Some(Exc(ObjRef(0))), Some(Exc(ObjRef(u32::MAX))));
    // SAFETY: a `Some` of a 4-byte payload in 8 bytes is a 4-byte tag and
    // the payload: every byte initialized.
    let (wa, wb): ([u32; WORDS], [u32; WORDS]) = unsafe { (std::mem::transmute_copy(&a), std::mem::transmute_copy(&b)) };
    let mut same = (0..WORDS).filter(|&k| wa[k] == wb[k]);
    let k = same.next()?;
    if same.next().is_some() {
        return None;
    }
    let none: Option<Exc> = None;
    // SAFETY: word `k` is the tag (the payload's word differs between the
    // two `Some`s), which `None` initializes too.
    let wn = unsafe { *(&none as *const Option<Exc> as *const u32).add(k) };
    (wn != wa[k]).then_some(((k * 4) as i32, wn))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_call_layout_is_found_and_true() {
        let l = ExtLayout::get().expect("this build's extension call layout");
        let mut vm = Vm::new(Vec::new(), std::path::PathBuf::from("."));
        let base = &vm as *const Vm as *const u8;
        // SAFETY: each offset was found for a field of the type read at it.
        let word = |off: i32| unsafe { *(base.add(off as usize) as *const usize) };
        let h = vm.hpy.handles.open(Value::Int(5));
        assert_eq!(word(l.slots_len), h._i as usize + 1);
        // SAFETY: the handle's slot, in the table's data.
        let v = unsafe { *((word(l.slots_data) as *const Value).add(h._i as usize)) };
        assert!(matches!(v, Value::Int(5)));
        vm.hpy.handles.close(h);
        assert_eq!(word(l.free_len), 1);
        // SAFETY: the free list's first entry.
        assert_eq!(unsafe { *(word(l.free_data) as *const u32) }, h._i as u32);
        assert_eq!(word(l.stack_len), vm.stack.len());
        assert_eq!(word(l.stack_cap), vm.stack.capacity());
        assert_eq!(word(l.stack_data), vm.stack.as_ptr() as usize);
        // SAFETY: as above, the error's tag.
        let tag = |vm: &Vm| unsafe { *((vm as *const Vm as *const u8).add(l.error_tag as usize) as *const u32) };
        assert_eq!(tag(&vm), l.error_none);
        let e = vm.err("ValueError", "probe");
        vm.hpy.error = Some(e);
        assert_ne!(tag(&vm), l.error_none);
    }

    #[test]
    fn only_plain_signatures_of_the_universal_context_are_called_inline() {
        let u = 0x1000usize;
        let ctx = u as *mut HPyContext;
        assert_eq!(how_of(Kind::Function(HPyFunc_Signature::NOARGS), ctx, u), how::NOARGS);
        assert_eq!(how_of(Kind::Method(HPyFunc_Signature::O), ctx, u), how::METHOD + how::O);
        assert_eq!(how_of(Kind::Function(HPyFunc_Signature::KEYWORDS), ctx, u), how::KEYWORDS);
        assert_eq!(how_of(Kind::Method(HPyFunc_Signature::KEYWORDS), ctx, u), how::METHOD + how::KEYWORDS);
        assert!(is_function(how::KEYWORDS) && !is_function(how::METHOD + how::KEYWORDS));
        assert!(is_keywords(how::KEYWORDS) && is_keywords(how::METHOD + how::KEYWORDS) && !is_keywords(how::VARARGS) && !is_keywords(how::NOT));
        // No two kinds share a code.
        let all = [how::NOARGS, how::O, how::VARARGS, how::KEYWORDS, how::METHOD + how::NOARGS, how::METHOD + how::O, how::METHOD + how::VARARGS, how::METHOD + how::KEYWORDS];
        assert!(all.iter().enumerate().all(|(j, a)| all[..j].iter().all(|b| a != b)));
        assert_eq!(how_of(Kind::Function(HPyFunc_Signature::NOARGS), 0x2000 as *mut HPyContext, u), how::NOT);
        assert_eq!(how_for_call(2, true), Some(how::METHOD + how::VARARGS));
        assert!(is_function(how::VARARGS) && !is_function(how::METHOD + how::NOARGS) && !is_function(how::NOT));
        assert_eq!(how_for_call(MAX_ARGS + 1, false), None);
    }
}
