//! The JIT: hot code objects compiled to machine code with Cranelift.
//!
//! This module owns the policy (the `HILT_JIT` mode, the call and loop
//! counters, when to compile) and the entry into machine code
//! ([`Vm::run_jitted`]); `lower.rs` turns bytecode into Cranelift IR and
//! `runtime.rs` holds the functions the machine code calls back into.
//!
//! The design keeps deoptimization trivial: machine code works on the VM's
//! own value stack, in the interpreter's layout (locals at the frame's base,
//! then the operands), so at every instruction boundary the interpreter's
//! state is exact. An instruction is either compiled inline (its fast path:
//! small-int and float arithmetic and comparisons, locals, constants,
//! jumps) or handed to the interpreter's own implementation of that
//! instruction ([`Vm::exec_until`], which goes on to the next entry of the
//! machine code); an inline fast path whose guard fails hands its
//! instruction over the same way. A call of a compiled Python function (or
//! class with a Python `__init__`, or an operator's Python method) goes
//! from machine code straight into the callee's machine code (`calls.rs`);
//! other calls are the interpreter's own (`runtime::rt_call`), where a
//! callee with machine code is still entered at once
//! ([`Vm::run_compiled_frame`]); `Return` is inline. Every instruction is an entry point,
//! so the interpreter can enter machine code at a loop head (on-stack
//! replacement) and a frame can resume there after an exception handler or
//! a `yield`.
//!
//! Modes (`HILT_JIT`, or `hilt --jit=MODE`): `on` compiles a code object
//! after [`HOT_CALLS`] calls or [`HOT_LOOPS`] loop iterations; `eager`
//! compiles each one at its first run (the differential corpus runs that
//! way to prove the machine code matches the interpreter); `off` never
//! compiles. `on` is the default ([`DEFAULT_MODE`]).

mod calls;
mod lower;
mod runtime;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::compile::bytecode::Code;
use crate::interp::{Frame, PyResult, Step, Vm};
use crate::object::Value;

pub use runtime::JitFrame;

/// Calls of a code object before it is compiled (mode `on`).
pub const HOT_CALLS: u32 = 500;
/// Loop back edges taken in a code object before it is compiled (mode `on`).
pub const HOT_LOOPS: u32 = 2000;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    Off,
    On,
    Eager,
}

/// The mode without `HILT_JIT` or `--jit`: on, now that the machine code
/// is faster than the interpreter it builds on (the benchmark set's
/// geometric mean about 0.72x the interpreter's time, see the README);
/// `off` and `eager` are run by the tests too.
pub const DEFAULT_MODE: Mode = Mode::On;

static MODE_OPTION: std::sync::OnceLock<Mode> = std::sync::OnceLock::new();
static STATS_OPTION: std::sync::OnceLock<StatsLevel> = std::sync::OnceLock::new();

/// What `--jit-stats` counts.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum StatsLevel {
    /// `--jit-stats`: compilations, compile time, and the number of trips
    /// out of machine code (an increment per trip: timings stay honest).
    Summary,
    /// `--jit-stats=trips`: also the trips by instruction (a name lookup
    /// per trip: for finding what to compile next, not for timing).
    Trips,
}

impl StatsLevel {
    /// The level a `--jit-stats[=LEVEL]` option names.
    pub fn parse(option: &str) -> Result<StatsLevel, String> {
        match option {
            "--jit-stats" => Ok(StatsLevel::Summary),
            "--jit-stats=trips" => Ok(StatsLevel::Trips),
            other => Err(format!("unknown option '{other}': expected --jit-stats or --jit-stats=trips")),
        }
    }
}


/// `hilt --jit=MODE`: the mode of every VM made after this (over `HILT_JIT`).
pub fn set_mode(m: Mode) {
    let _ = MODE_OPTION.set(m);
}

/// `hilt --jit-stats[=trips]`: print what the JIT did when the program ends.
pub fn report_stats_at_exit(level: StatsLevel) {
    let _ = STATS_OPTION.set(level);
}

/// The `--jit-stats` line, on stderr (one line, `key=value` pairs).
pub fn print_stats_if_asked(jit: &Jit) {
    if STATS_OPTION.get().is_some() {
        let s = jit.stats.borrow();
        eprintln!(
            "hilt jit: mode={} compiled={} refused={} compile_ms={:.3} ops_inline={} ops_stepped={} trips={} calls_direct={} calls_via_rust={}",
            jit.mode.name(),
            s.compiled,
            s.refused,
            s.compile_nanos as f64 / 1e6,
            s.ops_inline,
            s.ops_stepped,
            jit.trip_total.get(),
            jit.calls_direct.get(),
            jit.calls_via_rust.get()
        );
        // The instructions machine code handed to the interpreter most
        // often: what the next inline forms should be.
        let mut trips: Vec<(&String, &u64)> = s.trips.iter().collect();
        trips.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let top: Vec<String> = trips.iter().take(12).map(|(op, n)| format!("{op}:{n}")).collect();
        if !top.is_empty() {
            eprintln!("hilt jit: trips by instruction: {}", top.join(" "));
        }
        let mut calls: Vec<(&String, &u64)> = s.calls_via_rust.iter().collect();
        calls.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let top: Vec<String> = calls.iter().take(12).map(|(f, n)| format!("{f}:{n}")).collect();
        if !top.is_empty() {
            eprintln!("hilt jit: calls through Rust by callable: {}", top.join(" "));
        }
    }
}

/// What `--jit-stats` asked for, if it was given.
fn stats_level() -> Option<StatsLevel> {
    STATS_OPTION.get().copied()
}

impl Mode {
    pub fn name(self) -> &'static str {
        match self {
            Mode::Off => "off",
            Mode::On => "on",
            Mode::Eager => "eager",
        }
    }

    /// The mode a `HILT_JIT` value names.
    pub fn parse(s: &str) -> Result<Mode, String> {
        match s {
            "off" | "0" => Ok(Mode::Off),
            "on" | "1" | "" => Ok(Mode::On),
            "eager" => Ok(Mode::Eager),
            other => Err(format!("unknown JIT mode '{other}': expected off, on or eager")),
        }
    }
}

/// Machine code for one code object: `entry(frame)` runs the frame from
/// instruction `frame.ip` until it returns, yields or raises.
pub type JitFn = unsafe extern "C" fn(*mut JitFrame);

/// The operand kinds an arithmetic or comparison instruction has seen
/// (`CodeJit::seen`), as bits; for a call, its callable's kind
/// (`PY_CALLEE` or `OTHER`, and `LEN`, `APPEND`).
pub mod seen {
    /// Two small ints.
    pub const INTS: u8 = 1;
    /// Two floats.
    pub const FLOATS: u8 = 2;
    /// A float and a small int.
    pub const MIXED: u8 = 4;
    /// Anything else.
    pub const OTHER: u8 = 8;
    /// (Of a call's callable.) A Python function or class.
    pub const PY_CALLEE: u8 = 16;
    /// (Of a `ForIter`'s iterator; the same bit.) A generator.
    pub const GENERATOR: u8 = 16;
    /// (Of a call's callable, with `OTHER`; the bit operators use for
    /// `INTS`.) An extension type, made by its `tp_new`.
    pub const EXT_TYPE: u8 = 1;
    /// (Of a call's callable, with `OTHER` and `EXT`; the bit of
    /// `FLOATS`.) An extension KEYWORDS function.
    pub const EXT_KEYWORDS: u8 = 2;
    /// (Of a call's callable, with `OTHER`.) The builtin `len`.
    pub const LEN: u8 = 32;
    /// (Of a call's callable, with `OTHER`.) `list.append`.
    pub const APPEND: u8 = 64;
    /// (Of a call's callable, with `OTHER`.) An extension function that
    /// machine code may call itself (`hpy::machine::how`).
    pub const EXT: u8 = 128;

    /// The kind of `a op b`'s operands.
    #[inline(always)]
    pub fn of(a: crate::object::Value, b: crate::object::Value) -> u8 {
        use crate::object::Value::{Float, Int};
        match (a, b) {
            (Int(_), Int(_)) => INTS,
            (Float(_), Float(_)) => FLOATS,
            (Int(_), Float(_)) | (Float(_), Int(_)) => MIXED,
            _ => OTHER,
        }
    }
}

/// What the JIT knows of one code object.
#[derive(Default)]
pub struct CodeJit {
    /// Per instruction: the operand kinds (`seen`) its `Binary`,
    /// `Inplace` or `Compare` met in the interpreter while the JIT counts,
    /// so the machine code is made for those (0: none met, e.g. in mode
    /// `eager`; every inline form is made).
    seen: Box<[Cell<u8>]>,
    calls: Cell<u32>,
    loops: Cell<u32>,
    state: Cell<State>,
    /// Per instruction: machine code may be entered there (`lower::entries`;
    /// set before the state says Compiled).
    pub(crate) entries: std::cell::OnceCell<Box<[bool]>>,
    /// Values above the locals the stack must have room for before the
    /// machine code runs (`lower::stack_bound`; set with `entries`).
    pub(crate) room: Cell<usize>,
    /// What a call straight from machine code reads (`calls.rs`).
    pub(crate) direct: calls::DirectEntry,
}

#[derive(Clone, Copy, Default)]
enum State {
    #[default]
    Cold,
    Compiled(JitFn),
    /// Compilation failed (the reason was counted in `Stats`); interpret.
    Refused,
}

impl CodeJit {
    /// For a code object of `n` instructions.
    pub fn new(n: usize) -> CodeJit {
        CodeJit { seen: (0..n).map(|_| Cell::new(0)).collect(), ..CodeJit::default() }
    }

    /// The instruction at `ip` met operands of kind `kind`.
    #[inline(always)]
    pub fn saw(&self, ip: usize, kind: u8) {
        if let Some(c) = self.seen.get(ip) {
            c.set(c.get() | kind);
        }
    }

    /// What the instruction at `ip` has met (`seen` bits).
    pub fn seen_at(&self, ip: usize) -> u8 {
        self.seen.get(ip).map_or(0, Cell::get)
    }

    /// The machine code, once compiled.
    #[inline(always)]
    pub fn compiled(&self) -> Option<JitFn> {
        match self.state.get() {
            State::Compiled(f) => Some(f),
            _ => None,
        }
    }

    /// Count a back edge; true when the frame should move to machine code
    /// (the loop turned hot, or another frame of this code compiled it).
    #[inline]
    pub fn back_edge(&self, jit: &Jit) -> bool {
        match self.state.get() {
            State::Compiled(_) => true,
            State::Refused => false,
            State::Cold => {
                let n = self.loops.get() + 1;
                self.loops.set(n);
                n >= jit.hot_loops
            }
        }
    }
}

/// Counts for `hilt --jit-stats` and the tests.
#[derive(Default, Debug, Clone)]
pub struct Stats {
    pub compiled: u64,
    pub refused: u64,
    pub compile_nanos: u64,
    pub ops_inline: u64,
    pub ops_stepped: u64,
    /// Trips out of machine code into the interpreter, by the instruction
    /// that started each (counted only under `--jit-stats=trips`).
    pub trips: std::collections::HashMap<String, u64>,
    /// Calls through `rt_call`, by callable (under `--jit-stats=trips`).
    pub calls_via_rust: std::collections::HashMap<String, u64>,
}

/// The JIT's state in a VM.
pub struct Jit {
    pub mode: Mode,
    hot_calls: u32,
    hot_loops: u32,
    /// Created at the first compilation (mode `off` never pays for it).
    backend: RefCell<Option<lower::Backend>>,
    pub stats: RefCell<Stats>,
    /// Whether and how `rt_step` counts trips (`--jit-stats`; off the hot
    /// path otherwise), and the count.
    pub(crate) count_trips: Option<StatsLevel>,
    pub(crate) trip_total: Cell<u64>,
    /// Calls machine code made straight into machine code, and through
    /// `rt_call` (counted under `--jit-stats` only).
    pub(crate) calls_direct: Cell<u64>,
    pub(crate) calls_via_rust: Cell<u64>,
    /// The caches of the call sites compiled to make extension objects
    /// (`runtime::NewSite`), boxed so machine code can keep their address.
    pub(crate) new_sites: RefCell<Vec<Box<runtime::NewSite>>>,
    /// The caches of the call sites compiled to call extension functions
    /// (`runtime::ExtSite`), boxed likewise; emptied by each collection.
    pub(crate) ext_sites: RefCell<Vec<Box<runtime::ExtSite>>>,
    /// Objects machine code names by heap index (GC roots for good).
    pub(crate) pinned: RefCell<Vec<crate::object::ObjRef>>,
    /// Handle slots reserved for inline extension calls that the last
    /// compilation left untaken, for the next (`Facts::site_handles`).
    spare_handles: RefCell<Vec<u32>>,
}

impl Jit {
    pub fn new(mode: Mode) -> Jit {
        let (hot_calls, hot_loops) = match mode {
            Mode::Eager => (1, 1),
            _ => (HOT_CALLS, HOT_LOOPS),
        };
        Jit { mode, hot_calls, hot_loops, backend: RefCell::new(None), stats: Default::default(), count_trips: stats_level(), trip_total: Cell::new(0), calls_direct: Cell::new(0), calls_via_rust: Cell::new(0), new_sites: RefCell::new(Vec::new()), ext_sites: RefCell::new(Vec::new()), pinned: RefCell::new(Vec::new()), spare_handles: RefCell::new(Vec::new()) }
    }

    /// The mode `hilt --jit=MODE` set, else the one `HILT_JIT` asks for,
    /// else [`DEFAULT_MODE`]. An unknown `HILT_JIT` value is reported on
    /// stderr and the default used.
    pub fn from_env() -> Jit {
        if let Some(m) = MODE_OPTION.get() {
            return Jit::new(*m);
        }
        let mode = match std::env::var("HILT_JIT") {
            Ok(v) => Mode::parse(&v).unwrap_or_else(|e| {
                eprintln!("hilt: HILT_JIT: {e}; using '{}'", DEFAULT_MODE.name());
                DEFAULT_MODE
            }),
            Err(_) => DEFAULT_MODE,
        };
        Jit::new(mode)
    }

    /// After a collection: the call sites' caches of extension functions
    /// (`runtime::ExtSite`) may name freed ones; they are emptied.
    pub(crate) fn forget_extension_callees(&mut self) {
        for site in self.ext_sites.get_mut().iter() {
            site.callee.set(runtime::NewSite::EMPTY);
        }
    }

    /// Whether the interpreter counts calls and loops.
    #[inline]
    pub fn counting(&self) -> bool {
        self.mode != Mode::Off
    }
}

/// A frame of `code` starts: count the call; the machine code to run it,
/// if there is (or now is) some.
#[inline]
pub fn on_call(vm: &mut Vm, code: &Rc<Code>) -> Option<JitFn> {
    if !vm.jit.counting() {
        return None;
    }
    let j = &code.jit;
    if let State::Compiled(f) = j.state.get() {
        return Some(f);
    }
    let n = j.calls.get() + 1;
    j.calls.set(n);
    if n >= vm.jit.hot_calls && matches!(j.state.get(), State::Cold) {
        return compile(vm, code);
    }
    None
}

/// A loop in a running frame of `code` turned hot: its machine code, if
/// it can have some.
pub fn on_hot_loop(vm: &mut Vm, code: &Rc<Code>) -> Option<JitFn> {
    match code.jit.state.get() {
        State::Compiled(f) => Some(f),
        State::Refused => None,
        State::Cold => compile(vm, code),
    }
}

#[cold]
fn compile(vm: &mut Vm, code: &Rc<Code>) -> Option<JitFn> {
    let started = std::time::Instant::now();
    let mut facts = facts(vm, code);
    // The handle slots its inline extension calls take (see
    // `Facts::site_handles`).
    let mut spare = vm.jit.spare_handles.take();
    let wanted = site_handles_wanted(code, &facts);
    while spare.len() < wanted {
        spare.push(vm.hpy.handles.reserve());
    }
    facts.site_handles = spare;
    let vm = &*vm;
    let mut backend = vm.jit.backend.borrow_mut();
    let backend = match &mut *backend {
        Some(b) => b,
        slot => match lower::Backend::new() {
            Ok(b) => slot.insert(b),
            Err(e) => {
                // No usable code generator on this machine: stay interpreted.
                eprintln!("hilt: the JIT is unavailable ({e}); interpreting");
                code.jit.state.set(State::Refused);
                return None;
            }
        },
    };
    let result = backend.compile(code, facts);
    let mut stats = vm.jit.stats.borrow_mut();
    stats.compile_nanos += started.elapsed().as_nanos() as u64;
    match result {
        Ok((f, counts)) => {
            vm.jit.spare_handles.borrow_mut().extend(&counts.spare_handles);
            stats.compiled += 1;
            stats.ops_inline += counts.inline;
            stats.ops_stepped += counts.stepped;
            code.jit.room.set(counts.room);
            let _ = code.jit.entries.set(counts.entries.into_boxed_slice());
            code.jit.state.set(State::Compiled(f));
            code.jit.direct.set(code, f);
            Some(f)
        }
        Err(_) => {
            stats.refused += 1;
            code.jit.state.set(State::Refused);
            None
        }
    }
}

/// Whether the interpreter saw call site `i` of `code` call extension
/// functions and no Python function.
fn calls_extensions(code: &Code, i: usize) -> bool {
    code.jit.seen_at(i) & (seen::EXT | seen::PY_CALLEE) == seen::EXT
}

/// How many handle slots the inline extension calls of `code` may take
/// at most: per call site where the interpreter saw extension functions
/// (and no Python callee), the receiver's, the arguments' and a keyword
/// names tuple's; per site that made extension objects, the class's and
/// the arguments'. (What `lower::extension` takes; none before an
/// extension is loaded.)
fn site_handles_wanted(code: &Code, facts: &lower::Facts) -> usize {
    use crate::compile::bytecode::Op;
    if facts.universal_ctx == 0 {
        return 0;
    }
    code.ops
        .iter()
        .enumerate()
        .map(|(i, op)| match *op {
            Op::Call(n) | Op::CallMethod(n) => {
                let receiver = matches!(op, Op::CallMethod(_)) as usize;
                let calls = if calls_extensions(code, i) { n as usize + receiver } else { 0 };
                let makes = if facts.new_sites.contains_key(&i) { n as usize + 1 } else { 0 };
                calls + makes
            }
            Op::CallKw(n, _) if calls_extensions(code, i) => n as usize + 1,
            _ => 0,
        })
        .sum()
}

/// What the compiler may take as known about the builtins for `code`.
fn facts(vm: &Vm, code: &Code) -> lower::Facts {
    use crate::compile::bytecode::Op;
    use lower::BuiltinKind;
    let kinds = [("str", BuiltinKind::Str), ("list", BuiltinKind::List), ("tuple", BuiltinKind::Tuple), ("dict", BuiltinKind::Dict), ("set", BuiltinKind::Set), ("frozenset", BuiltinKind::FrozenSet)]
        .map(|(name, kind)| (vm.ty(name), kind));
    let kind_of = |t: crate::object::ObjRef| kinds.iter().find(|(ty, _)| *ty == t).map(|(_, kind)| *kind);
    let mut type_methods = std::collections::HashMap::new();
    let mut keyword_counts = std::collections::HashMap::new();
    let mut new_sites = std::collections::HashMap::new();
    let mut ext_sites = std::collections::HashMap::new();
    let (mut ext_methods, mut ext_funcs) = (std::collections::HashMap::new(), std::collections::HashMap::new());
    for (i, op) in code.ops.iter().enumerate() {
        // A call site that met extension functions (and no Python callee):
        // a cache of the one it calls (`runtime::ExtSite`).
        if matches!(op, Op::Call(_) | Op::CallMethod(_) | Op::CallKw(..)) && calls_extensions(code, i) && vm.hpy.universal != 0 {
            let site = Box::new(runtime::ExtSite::new());
            ext_sites.insert(i, &*site as *const runtime::ExtSite as usize);
            vm.jit.ext_sites.borrow_mut().push(site);
        }
        match *op {
            Op::LoadMethod(_, c) => {
                let ways: Vec<_> = vm.type_method_ways(crate::interp::shape::ways(code, c)).into_iter().filter_map(|(t, f)| Some((kind_of(t)?, f.0))).collect();
                if !ways.is_empty() {
                    type_methods.insert(i, ways);
                }
                if let Some((func, class, f)) = extension_method(vm, code, c) {
                    ext_methods.insert(i, (func.0, class.0));
                    ext_funcs.insert(func.0, f);
                    let mut pinned = vm.jit.pinned.borrow_mut();
                    if !pinned.contains(&func) {
                        pinned.push(func);
                    }
                }
            }
            // `cls(...)`, or `module.cls(...)` (a method call whose
            // receiver is not passed).
            Op::Call(n) | Op::CallMethod(n) if code.jit.seen_at(i) & seen::EXT_TYPE != 0 && n as usize <= runtime::NEW_ARGS => {
                let site = Box::new(runtime::NewSite::new(runtime::call_operand(i, n, matches!(op, Op::CallMethod(_)))));
                new_sites.insert(i, &*site as *const runtime::NewSite as usize);
                vm.jit.new_sites.borrow_mut().push(site);
            }
            Op::CallKw(_, names) => {
                if let crate::object::Value::Obj(t) = code.consts[names as usize] {
                    if let crate::object::Obj::Tuple(xs) = vm.heap.get(t) {
                        keyword_counts.insert(i, xs.len());
                    }
                }
            }
            _ => {}
        }
    }
    lower::Facts { len_fn: builtin_len(vm), type_methods, universal_ctx: vm.hpy.universal, keyword_counts, new_sites, ext_sites, ext_methods, ext_funcs, site_handles: Vec::new() }
}

/// The method `LoadMethod` cache `c` found, where every current way found
/// the same one on the same class, an extension method machine code
/// calls inline (`how`) of exactly that class: the function, the class,
/// and what the call needs of the function.
fn extension_method(vm: &Vm, code: &Code, c: u32) -> Option<(crate::object::ObjRef, crate::object::ObjRef, lower::ExtFunc)> {
    use crate::object::{Obj, ObjRef};
    let mut found = None;
    for e in crate::interp::shape::ways(code, c).iter().map(std::cell::Cell::get) {
        if e.version != vm.attr_epoch {
            continue;
        }
        if e.version2 & !0xFFFF_FFFF != crate::interp::shape::METHOD || found.is_some_and(|f| f != (e.index, e.key)) {
            return None;
        }
        found = Some((e.index, e.key));
    }
    let (func, class) = found?;
    match vm.heap.get(ObjRef(func)) {
        Obj::HpyFunc(f) if f.how > crate::hpy::machine::how::METHOD && f.owner_index == class => {
            Some((ObjRef(func), ObjRef(class), lower::ExtFunc { how: f.how, impl_: f.impl_ as usize }))
        }
        _ => None,
    }
}

/// The function pointer of the builtin `len` (`len(x)` of a list, tuple
/// or str is inline: a call of any native with that function is `len`).
fn builtin_len(vm: &Vm) -> Option<usize> {
    match vm.dict_get_str(vm.builtins, "len")? {
        crate::object::Value::Obj(r) => match vm.heap.get(r) {
            crate::object::Obj::Native(nf) => Some(nf.func as usize),
            _ => None,
        },
        _ => None,
    }
}

impl Vm {
    /// Run the new frame `f` of a function whose machine code is `func`
    /// (the fast way into a call: no counting, no interpreter loop) to
    /// its return value; anything but a plain return (an exception to
    /// handle, a re-entry) goes on in `run_frame`'s loop.
    pub(crate) fn run_compiled_frame(&mut self, f: &Frame, func: JitFn) -> PyResult<Value> {
        self.enter_frame()?;
        let mut jf = JitFrame::new(self, f, 0);
        // SAFETY: as in `run_jitted`; 0 is always an entry.
        unsafe { func(&mut jf) };
        let r = match jf.returned() {
            Some(v) => {
                jf.settle_stack(self);
                Ok(v)
            }
            None => {
                // Raised (to be handled in this frame or passed on), or
                // left at an ip to go on from.
                let mut ip = jf.ip;
                let first = if jf.is_done() { jf.finish(self, &mut ip) } else { Ok(Step::Next) };
                let r = self.jitted_frame_loop(f, ip, Some(first), func);
                self.frame_result(r)
            }
        };
        self.depth -= 1;
        r
    }

    /// Run frame `f` in its machine code from `*ip` until it returns, yields
    /// or raises (`*ip` then says where, as the interpreter's would).
    #[inline(always)]
    pub(crate) fn run_jitted(&mut self, func: JitFn, f: &Frame, ip: &mut usize) -> PyResult<Step> {
        let entries: &[bool] = f.code.jit.entries.get().map_or(&[], |e| e);
        loop {
            // Interpret up to an ip the machine code can be entered at (a
            // frame resumed elsewhere, e.g. by the interpreter's OSR or a
            // handler, gets there within a few instructions).
            if !entries.get(*ip).copied().unwrap_or(false) {
                match self.exec_until(f, ip, entries)? {
                    Step::Next | Step::Hot => continue,
                    done => return Ok(done),
                }
            }
            let mut jf = JitFrame::new(self, f, *ip);
            // SAFETY: `func` was compiled from `f.code` by `lower`, `*ip` is
            // one of its entries, and it touches the VM only through `jf`
            // (its pointers are valid for this call: `self` is not used
            // until it returns) and the runtime functions, which keep
            // `jf`'s stack pointer, capacity and length in step with
            // `self.stack`.
            unsafe { func(&mut jf) };
            if jf.is_done() {
                return jf.finish(self, ip);
            }
            *ip = jf.ip;
        }
    }

}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_parse_and_unknown_modes_say_what_is_expected() {
        assert_eq!(Mode::parse("off"), Ok(Mode::Off));
        assert_eq!(Mode::parse("on"), Ok(Mode::On));
        assert_eq!(Mode::parse("eager"), Ok(Mode::Eager));
        let e = Mode::parse("fast").unwrap_err();
        assert!(e.contains("'fast'") && e.contains("off, on or eager"), "{e}");
    }
}
