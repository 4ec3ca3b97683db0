//! The debug handle table: every handle the debug context gives out is an
//! index into this table, so each use can be checked (open, closed,
//! argument of a finished call, constant) and reported with where it came
//! from. Pure bookkeeping: no context calls here.

use crate::recycled::Recycled;
use hilt_abi::HPy;

/// What a debug handle stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Owned by the extension: it must close it (or return it).
    Owned,
    /// An argument of the call with this serial number: borrowed, valid
    /// until that call returns.
    Arg(u64),
    /// A context constant (`ctx->h_None`): never closed.
    Constant,
}

/// Where a handle is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Life {
    Open,
    /// Closed by this API function (or "the end of the call" for arguments).
    Closed(&'static str),
}

#[derive(Clone, Debug)]
pub struct Slot {
    /// The backend's handle.
    pub inner: HPy,
    pub kind: Kind,
    pub life: Life,
    /// The API function (or call boundary) that opened it.
    pub opened_by: &'static str,
    /// The generation it was opened in (see [`HandleTable::new_generation`]).
    pub generation: u64,
    /// Where it was opened, when backtraces are asked for (kept after the
    /// close, for reports of a later use).
    pub backtrace: Option<Box<str>>,
}

/// A debug handle's value: `index * 4 + 2`. Never 0 (HPy_NULL), and never
/// a multiple of 8, so a backend's own handle (a pointer, or an index the
/// VM shifts) passed to the debug context is told apart.
pub fn encode(index: usize) -> HPy {
    HPy { _i: (index as isize) * 4 + 2 }
}

/// The table index of a debug handle value, if it can be one.
pub fn decode(h: HPy) -> Option<usize> {
    (h._i > 0 && h._i % 4 == 2).then_some((h._i / 4) as usize)
}

pub struct HandleTable {
    /// Closed slots are remembered for a while, so a use after close is
    /// recognised; then their places are reused.
    slots: Recycled<Slot>,
    generation: u64,
    /// Slots of argument handles of the calls in progress (any thread).
    open_args: Vec<usize>,
    /// Protected raw data of open handles, revoked when they close.
    pub raw: crate::raw::RawData,
}

impl Default for HandleTable {
    fn default() -> Self {
        HandleTable {
            slots: Recycled::new(1024),
            generation: 0,
            open_args: Vec::new(),
            raw: Default::default(),
        }
    }
}

impl HandleTable {
    /// Open a new debug handle for `inner`.
    pub fn open(&mut self, inner: HPy, kind: Kind, opened_by: &'static str, backtrace: Option<Box<str>>) -> HPy {
        let slot = Slot { inner, kind, life: Life::Open, opened_by, generation: self.generation, backtrace };
        let is_arg = matches!(kind, Kind::Arg(_));
        let index = self.slots.insert(slot);
        if is_arg {
            self.open_args.push(index);
        }
        encode(index)
    }

    pub fn get(&self, h: HPy) -> Option<&Slot> {
        self.slots.get(decode(h)?)
    }

    /// Mark `h` closed by `by`; the caller has checked it is open.
    pub fn close(&mut self, h: HPy, by: &'static str) {
        let Some(i) = decode(h) else { return };
        let Some(slot) = self.slots.get_mut(i) else { return };
        slot.life = Life::Closed(by);
        self.raw.revoke(i);
        self.slots.retire(i);
    }

    /// How many closed handles are remembered before their slots are reused.
    pub fn set_closed_limit(&mut self, limit: usize) {
        self.slots.set_keep(limit);
    }

    pub fn closed_limit(&self) -> usize {
        self.slots.keep()
    }

    /// Start a new generation and return it: handles opened from now on
    /// carry it, so "what is still open since then" is a leak check.
    pub fn new_generation(&mut self) -> u64 {
        self.generation += 1;
        self.generation
    }

    /// Handles opened in `since` or later that are still open and owned.
    pub fn open_owned_since(&self, since: u64) -> Vec<(HPy, &Slot)> {
        self.slots
            .iter()
            .filter(|(_, s)| s.life == Life::Open && s.kind == Kind::Owned && s.generation >= since)
            .map(|(i, s)| (encode(i), s))
            .collect()
    }

    /// Close every still-open argument handle of call `serial` (its call
    /// returned); they stay recognisable as such. Calls nest per thread,
    /// but threads interleave, so other calls' arguments are kept.
    pub fn close_args_of(&mut self, serial: u64) {
        let mut args = std::mem::take(&mut self.open_args);
        args.retain(|&i| {
            let slot = self.slots.get(i).expect("an argument's slot");
            let mine = slot.kind == Kind::Arg(serial);
            if mine && slot.life == Life::Open {
                self.close(encode(i), "the end of the call it was an argument of");
            }
            !mine
        });
        self.open_args = args;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(i: isize) -> HPy {
        HPy { _i: i }
    }

    #[test]
    fn handles_are_never_null_nor_pointer_aligned() {
        for i in 0..1000 {
            let e = encode(i);
            assert_ne!(e._i, 0);
            assert_ne!(e._i % 8, 0);
            assert_eq!(decode(e), Some(i));
        }
        assert_eq!(decode(h(0)), None);
        assert_eq!(decode(h(0x7f00_1230)), None, "a pointer is not a debug handle");
    }

    #[test]
    fn closed_handles_are_remembered_up_to_the_limit() {
        let mut t = HandleTable::default();
        t.set_closed_limit(2);
        let a = t.open(h(16), Kind::Owned, "A", None);
        let b = t.open(h(32), Kind::Owned, "B", None);
        let c = t.open(h(48), Kind::Owned, "C", None);
        t.close(a, "HPy_Close");
        t.close(b, "HPy_Close");
        // Both remembered: a new handle does not reuse their slots.
        let d = t.open(h(64), Kind::Owned, "D", None);
        assert!(d._i != a._i && d._i != b._i);
        assert_eq!(t.get(a).unwrap().life, Life::Closed("HPy_Close"));
        // A third close pushes the oldest (a) out; its slot is reused.
        t.close(c, "HPy_Close");
        let e = t.open(h(80), Kind::Owned, "E", None);
        assert_eq!(e._i, a._i);
        assert_eq!(t.get(b).unwrap().life, Life::Closed("HPy_Close"));
    }

    #[test]
    fn leaks_are_the_owned_handles_open_since_a_generation() {
        let mut t = HandleTable::default();
        let before = t.open(h(16), Kind::Owned, "old", None);
        let gen = t.new_generation();
        let leaked = t.open(h(32), Kind::Owned, "HPyLong_FromLong", None);
        let closed = t.open(h(48), Kind::Owned, "HPy_Dup", None);
        t.open(h(64), Kind::Arg(1), "call", None);
        t.open(h(80), Kind::Constant, "ctx", None);
        t.close(closed, "HPy_Close");
        let open: Vec<_> = t.open_owned_since(gen).into_iter().map(|(h, s)| (h._i, s.opened_by)).collect();
        assert_eq!(open, vec![(leaked._i, "HPyLong_FromLong")]);
        assert_eq!(t.open_owned_since(0).len(), 2, "the older handle counts from generation 0: {before:?}");
    }

    #[test]
    fn a_calls_arguments_close_when_it_returns() {
        let mut t = HandleTable::default();
        let arg = t.open(h(16), Kind::Arg(7), "call", None);
        let other = t.open(h(32), Kind::Arg(8), "call", None);
        t.close_args_of(7);
        assert!(matches!(t.get(arg).unwrap().life, Life::Closed(_)));
        assert_eq!(t.get(other).unwrap().life, Life::Open);
    }

    #[test]
    fn arguments_in_reused_slots_close_too() {
        let mut t = HandleTable::default();
        t.set_closed_limit(0);
        let old = t.open(h(16), Kind::Owned, "A", None);
        t.close(old, "HPy_Close");
        let arg = t.open(h(32), Kind::Arg(3), "call", None);
        assert_eq!(arg._i, old._i, "the freed slot is reused");
        t.close_args_of(3);
        assert!(matches!(t.get(arg).unwrap().life, Life::Closed(_)));
    }
}
