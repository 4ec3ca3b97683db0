//! Bytecode to machine code: one Cranelift block per instruction.
//!
//! The machine code for a code object is a function `entry(frame)` that
//! jumps (through a table of its entries) to the block of instruction
//! `frame.ip`. Each block either does its instruction inline (directly,
//! or through a fast-path function `runtime::rt_*` for subscripts,
//! attributes, globals, `for`, calls, unpacking, cells, str comparisons),
//! or jumps to the one block that calls `rt_step` to have the interpreter
//! do it; an inline form checks its guards (value tags, overflow, a cache
//! hit) before it changes anything, so a failed guard hands the untouched
//! instruction to `rt_step`. After a step the code goes through the table
//! again, to the entry the interpreter stopped at.
//!
//! Values live on the VM stack in the interpreter's layout, except the
//! top of the operand stack between instructions: that is kept in machine
//! values (`Lower::virt`) and written to memory wherever the interpreter
//! or a runtime function could look (`flush`). Arithmetic and comparisons
//! get the inline forms for the operand kinds the interpreter saw them
//! meet (`CodeJit::seen`).
//!
//! A `Value` is two words: the tag (see [`tag`]) and the payload.

use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{self, types, AbiParam, InstBuilder, MemFlagsData, TrapCode, UserFuncName};
use cranelift_codegen::settings::{self, Configurable};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext, Variable};
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{default_libcall_names, Linkage, Module};

use super::runtime::{self, layout};
use super::seen;
use super::JitFn;
use crate::compile::bytecode::{BinOp, CmpOp, Code, Op};
use crate::object::layout::HeapLayout;
use crate::object::Value;

mod bound;
mod calls;
mod extension;
mod objects;

type Cv = ir::Value;

/// `Value`'s tag words (checked against the real layout by a test).
pub mod tag {
    pub const UNDEF: i64 = 0;
    pub const NONE: i64 = 1;
    pub const NOT_IMPLEMENTED: i64 = 2;
    pub const ELLIPSIS: i64 = 3;
    pub const BOOL: i64 = 4;
    pub const INT: i64 = 5;
    pub const FLOAT: i64 = 6;
    pub const OBJ: i64 = 7;
}
const VALUE_SHIFT: i64 = 4; // 16-byte values
/// Bytes per value on the stack.
const VALUE_BYTES: i32 = 1 << VALUE_SHIFT;
const PAYLOAD: i32 = 8;

/// The two words machine code writes for a constant.
fn encode(v: Value) -> (i64, i64) {
    match v {
        Value::Undef => (tag::UNDEF, 0),
        Value::None => (tag::NONE, 0),
        Value::NotImplemented => (tag::NOT_IMPLEMENTED, 0),
        Value::Ellipsis => (tag::ELLIPSIS, 0),
        Value::Bool(b) => (tag::BOOL, b as i64),
        Value::Int(i) => (tag::INT, i),
        Value::Float(x) => (tag::FLOAT, x.to_bits() as i64),
        Value::Obj(r) => (tag::OBJ, r.0 as i64),
    }
}

/// How many instructions a compilation did inline and through `rt_step`.
#[derive(Default, Clone)]
pub struct Counts {
    pub inline: u64,
    pub stepped: u64,
    /// Per instruction: whether machine code may be entered there.
    pub entries: Vec<bool>,
    /// Values the operand stack can hold at most ([`stack_bound`]).
    pub room: usize,
    /// The handle slots of `Facts::site_handles` no call site took.
    pub spare_handles: Vec<u32>,
}

/// An upper bound on the operand stack's height in a code object: the
/// sum over its instructions of the most each pushes. (Python's stack
/// height at an instruction is the same on every path to it, so some
/// path without repeats reaches the deepest point; each instruction on it
/// adds at most its own pushes.) No instruction pushes more than three
/// values but the unpackings; an exception handler's one value is the
/// extra one. `run_jitted` reserves this much above the locals before it
/// enters machine code, which therefore never checks for room.
pub fn stack_bound(ops: &[Op]) -> usize {
    1 + ops
        .iter()
        .map(|op| match *op {
            Op::UnpackSequence(n) => n as usize,
            Op::UnpackEx(before, after) => before as usize + after as usize + 1,
            _ => 3,
        })
        .sum::<usize>()
}

/// Whether [`Lower::inline`] has an inline form for instruction `i`
/// (what `entries` needs to know before the code is generated).
fn inlinable(ops: &[Op], i: usize) -> bool {
    match ops[i] {
        Op::Nop | Op::Pop | Op::Dup | Op::Dup2 | Op::Rot2 | Op::Rot3 | Op::LoadConst(_) | Op::LoadFast(_) | Op::StoreFast(_) | Op::Neg | Op::Not => true,
        Op::Jump(_) | Op::JumpIfFalse(_) | Op::JumpIfTrue(_) | Op::JumpIfFalseOrPop(_) | Op::JumpIfTrueOrPop(_) => true,
        // Through a fast path (`runtime::rt_*`) rather than `rt_step`.
        Op::Subscr | Op::StoreSubscr | Op::LoadGlobal(..) | Op::LoadAttr(..) | Op::StoreAttr(..) | Op::LoadMethod(..) | Op::ForIter(_) => true,
        // Calls through `rt_call`; `Return` stores the value for `run_jitted`.
        Op::Call(_) | Op::CallMethod(_) | Op::CallKw(..) | Op::Return | Op::Yield => true,
        Op::LoadDeref(_) | Op::StoreDeref(_) | Op::LoadCell(_) => true,
        Op::UnpackSequence(n) => n >= 1,
        Op::GetIter | Op::BuildTuple(_) | Op::BuildList(_) | Op::ListAppend(_) | Op::MakeFunction(..) => true,
        Op::LoadName(_) | Op::StoreName(_) | Op::BuildMap(_) => true,
        // f-strings: `{v}` without conversion or spec, and the joining.
        Op::FormatValue(0) | Op::BuildString(_) => true,
        // With the subscript after it, through the scratch slice.
        Op::BuildSlice(n) => matches!(ops.get(i + 1), Some(Op::Subscr)) || (n == 2 && matches!(ops.get(i + 1), Some(Op::StoreSubscr))),
        // Small ints and floats inline, the other numbers and operators
        // through a fast path.
        Op::Binary(_) | Op::Inplace(_) => true,
        // Ints and floats inline, strs through a fast path.
        Op::Compare(_) => true,
        _ => false,
    }
}

/// A fast path's signature: (record, stack height, operand) -> status.
type FastFn = extern "C" fn(*mut runtime::JitFrame, usize, u64) -> u32;

/// The ips machine code can be entered at: the start, every jump and
/// handler target, where a generator resumes, and the first inline
/// instruction after the interpreter's (where `rt_step` stops). Every
/// other block is reached only from the blocks before it, so values flow
/// into it without passing through the dispatch table.
pub fn entries(ops: &[Op]) -> Vec<bool> {
    let n = ops.len();
    let mut e = vec![false; n];
    let mut mark = |i: usize| {
        if i < n {
            e[i] = true;
        }
    };
    mark(0);
    for (i, &op) in ops.iter().enumerate() {
        match op {
            Op::Jump(t) | Op::JumpIfFalse(t) | Op::JumpIfTrue(t) | Op::JumpIfFalseOrPop(t) | Op::JumpIfTrueOrPop(t) | Op::ForIter(t) | Op::SetupExcept(t) | Op::SetupWith(t) => mark(t as usize),
            // A generator resumes after a yield; `yield from` re-runs itself.
            Op::Yield => mark(i + 1),
            Op::YieldFrom => mark(i),
            // A slice done in place skips the subscript after it.
            Op::BuildSlice(_) => mark(i + 2),
            _ => {}
        }
        if !inlinable(ops, i) && i + 1 < n && inlinable(ops, i + 1) {
            mark(i + 1);
        }
    }
    e
}

/// The code generator and the memory its functions live in.
pub struct Backend {
    module: JITModule,
    ctx: cranelift_codegen::Context,
    fctx: FunctionBuilderContext,
    compiled: u32,
}

impl Backend {
    pub fn new() -> Result<Backend, String> {
        let mut flags = settings::builder();
        // The IR is checked by the corpus run in eager mode; the verifier
        // would only add compile time here (but helps read a dump).
        let verify = if cfg!(debug_assertions) || std::env::var_os("HILT_JIT_DUMP").is_some() { "true" } else { "false" };
        // opt_level "none": the e-graph pass found nothing to gain in code
        // that keeps every value in stack memory, and cost compile time
        // (callgrind, JIT on: every benchmark equal or up to 20% fewer
        // instructions without it).
        for (k, v) in [("use_colocated_libcalls", "false"), ("is_pic", "false"), ("opt_level", "none"), ("enable_verifier", verify)] {
            flags.set(k, v).map_err(|e| format!("setting {k}: {e}"))?;
        }
        let isa = cranelift_native::builder()
            .map_err(|e| format!("this machine is not supported: {e}"))?
            .finish(settings::Flags::new(flags))
            .map_err(|e| format!("code generator: {e}"))?;
        let module = JITModule::new(JITBuilder::with_isa(isa, default_libcall_names()));
        let ctx = module.make_context();
        Ok(Backend { module, ctx, fctx: FunctionBuilderContext::new(), compiled: 0 })
    }

    /// Machine code for `code`.
    /// `facts`: what the VM says of its builtins (see [`Facts`]).
    pub fn compile(&mut self, code: &Code, facts: Facts) -> Result<(JitFn, Counts), String> {
        let ptr = self.module.target_config().pointer_type();
        let mut sig = self.module.make_signature();
        sig.params.push(AbiParam::new(ptr));
        self.compiled += 1;
        let name = format!("py{}_{}", self.compiled, code.name);
        let id = self.module.declare_function(&name, Linkage::Local, &sig).map_err(|e| e.to_string())?;
        self.module.clear_context(&mut self.ctx);
        self.ctx.func.signature = sig;
        self.ctx.func.name = UserFuncName::user(0, id.as_u32());
        let counts = {
            let b = FunctionBuilder::new(&mut self.ctx.func, &mut self.fctx);
            let mut l = Lower::new(b, code, ptr);
            l.facts = facts;
            l.function();
            let mut counts = std::mem::take(&mut l.counts);
            counts.spare_handles = std::mem::take(&mut l.facts.site_handles);
            l.b.finalize(self.module.target_config());
            counts
        };
        let dump = std::env::var_os("HILT_JIT_DUMP").is_some();
        if dump {
            self.ctx.set_disasm(true);
            eprintln!("; {name} (IR)\n{}", self.ctx.func.display());
        }
        self.module.define_function(id, &mut self.ctx).map_err(|e| {
            if dump {
                eprintln!("; {name} refused: {e:?}");
            }
            format!("{e:?}")
        })?;
        if dump {
            if let Some(c) = self.ctx.compiled_code() {
                eprintln!("; {name}\n{}", c.vcode.as_deref().unwrap_or(""));
            }
        }
        self.module.clear_context(&mut self.ctx);
        self.module.finalize_definitions().map_err(|e| e.to_string())?;
        let f = self.module.get_finalized_function(id);
        // SAFETY: `f` is the function just defined with signature
        // (pointer) and no result, the C convention of this
        // machine: the shape of `JitFn`.
        Ok((unsafe { std::mem::transmute::<*const u8, JitFn>(f) }, counts))
    }
}

/// A value's tag as the code generator knows it: a constant, or known
/// only at run time (a machine value).
#[derive(Clone, Copy, PartialEq)]
enum Tag {
    Known(i64),
    Dyn(Cv),
}

impl Tag {
    fn known(self) -> Option<i64> {
        match self {
            Tag::Known(t) => Some(t),
            Tag::Dyn(_) => None,
        }
    }
}

/// What every jump into a block says of one value it passes: its tag,
/// and its payload where both are compile-time constants.
#[derive(Clone, Copy, PartialEq)]
struct Agreed {
    tag: Option<i64>,
    payload: Option<i64>,
}

/// An operand-stack value held in machine values instead of stack memory
/// (see `Lower::virt`).
#[derive(Clone, Copy)]
struct Slot {
    tag: Tag,
    payload: Cv,
}

struct Lower<'a, 'b> {
    b: FunctionBuilder<'b>,
    code: &'a Code,
    ptr: ir::Type,
    jf: Cv,
    /// Stack height in memory (values) and stack data.
    sp: Variable,
    stk: Variable,
    blocks: Vec<ir::Block>,
    dispatch: ir::Block,
    /// Calls `rt_step` for the ip it is passed (see `step`).
    stepper: ir::Block,
    exit: ir::Block,
    step_sig: ir::SigRef,
    collect_sig: ir::SigRef,
    counts: Counts,
    /// The top of the operand stack that lives in machine values, in
    /// stack order, above the `sp` values in memory: temporaries pass
    /// from one instruction to the next in registers. They are written
    /// to memory (`flush`) before whatever reads the stack there: a
    /// runtime call, a jump to an entry (the interpreter's state is then
    /// exact again), a failed guard.
    virt: Vec<Slot>,
    /// What the flush at the start of a call wrote (`flush_for_call`),
    /// bottom first: the call reads its callable and arguments from here
    /// (known tags, no loads) rather than back from memory. Empty
    /// elsewhere.
    flushed: Vec<Slot>,
    /// Per block that is not an entry (reached only from the instruction
    /// before it): what its incoming jumps agree on, one per value they
    /// pass (as block parameters: a tag and a payload each); None until
    /// the first jump.
    incoming: Vec<Option<Vec<Agreed>>>,
    /// Per instruction: the blocks where machine code goes on after
    /// `rt_exec_one` did the instruction before it (filled when the
    /// instruction's block is started; see `exec_one_block`).
    after_exec_one: Vec<Vec<ir::Block>>,
    /// Which locals are bound before each instruction (see `bound_at`).
    bound: bound::BoundLocals,
    /// Where heap objects keep what inline forms read; None: they call
    /// the runtime's fast paths instead.
    heap: Option<&'static HeapLayout>,
    /// What direct calls share (`calls.rs`), once there is one.
    direct: Option<calls::DirectCalls>,
    /// The signatures of inline extension calls (`extension.rs`), once
    /// there is one.
    ext: Option<extension::ExtSigs>,
    /// What the VM says of its builtins.
    facts: Facts,
}

/// What the VM tells the compiler about its builtins, for one code.
#[derive(Default)]
pub struct Facts {
    /// The builtin `len`'s function pointer: `len(x)` is inline.
    pub len_fn: Option<usize>,
    /// Per `LoadMethod` (by instruction) whose cache met values of
    /// builtin types: each such type's kind and the method found on it
    /// (the attributes of a builtin type never change).
    pub type_methods: std::collections::HashMap<usize, Vec<(BuiltinKind, u32)>>,
    /// The address of the VM's universal HPy context (0 before an
    /// extension loads): extension functions made with it are called
    /// inline where a call met them.
    pub universal_ctx: usize,
    /// Per `CallKw` (by instruction): how many keyword names it passes.
    pub keyword_counts: std::collections::HashMap<usize, usize>,
    /// Per `Call` or `CallMethod` (by instruction) that met extension
    /// types: the address of its `runtime::NewSite`.
    pub new_sites: std::collections::HashMap<usize, usize>,
    /// Per call site (by instruction) that met extension functions: the
    /// address of its `runtime::ExtSite`.
    pub ext_sites: std::collections::HashMap<usize, usize>,
    /// Per `LoadMethod` (by instruction) whose cache met one extension
    /// type alone, finding a method the machine code calls inline: that
    /// function's and the type's heap indexes. The function is pinned
    /// (`Jit::pinned`), so its index never names another object.
    pub ext_methods: std::collections::HashMap<usize, (u32, u32)>,
    /// What the calls need of those functions, by heap index.
    pub ext_funcs: std::collections::HashMap<u32, ExtFunc>,
    /// Handle-table slots reserved for this code's inline extension calls
    /// (`Handles::reserve`, at least as many as they take): each call
    /// site takes its own for its receiver and arguments. What is left
    /// goes back in `Counts::spare_handles`.
    pub site_handles: Vec<u32>,
}

/// An extension function as machine code calls it (`HpyFunc` fields).
#[derive(Clone, Copy)]
pub struct ExtFunc {
    pub how: u32,
    pub impl_: usize,
}

/// The builtin types whose values machine code tells apart by their heap
/// slot's kind (and, for sets, the `frozen` flag).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BuiltinKind {
    Str,
    List,
    Tuple,
    Dict,
    Set,
    FrozenSet,
}

impl<'a, 'b> Lower<'a, 'b> {
    fn new(mut b: FunctionBuilder<'b>, code: &'a Code, ptr: ir::Type) -> Lower<'a, 'b> {
        let sp = b.declare_var(types::I64);
        let stk = b.declare_var(ptr);
        let blocks = (0..code.ops.len()).map(|_| b.create_block()).collect();
        let exit = b.create_block();
        let dispatch = b.create_block();
        let stepper = b.create_block();
        b.append_block_param(stepper, types::I64);
        let mut step = ir::Signature::new(b.func.signature.call_conv);
        step.params.extend([AbiParam::new(ptr), AbiParam::new(types::I64), AbiParam::new(types::I64)]);
        step.returns.push(AbiParam::new(types::I32));
        let mut collect = ir::Signature::new(b.func.signature.call_conv);
        collect.params.extend([AbiParam::new(ptr), AbiParam::new(types::I64)]);
        collect.returns.push(AbiParam::new(types::I32));
        let step_sig = b.import_signature(step);
        let collect_sig = b.import_signature(collect);
        let entry = b.create_block();
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        let jf = b.block_params(entry)[0];
        let incoming = (0..code.ops.len()).map(|_| None).collect();
        let after_exec_one = vec![Vec::new(); code.ops.len()];
        let bound = bound::BoundLocals::of(code);
        Lower { b, code, ptr, jf, sp, stk, blocks, dispatch, stepper, exit, step_sig, collect_sig, counts: Counts::default(), virt: Vec::new(), flushed: Vec::new(), incoming, after_exec_one, bound, heap: HeapLayout::get(), direct: None, ext: None, facts: Facts::default() }
    }

    /// The whole function; `new` left the builder in the entry block.
    fn function(&mut self) {
        // Entry and re-dispatch: to the block of the instruction at `jf.ip`
        // (`run_jitted` stores the entry ip there; `rt_step` the next one).
        let dispatch = self.dispatch;
        self.b.ins().jump(dispatch, &[]);
        self.b.switch_to_block(dispatch);
        self.reload();
        let ip = self.load(self.jf, layout::IP);
        let trap = self.b.create_block();
        self.counts.entries = entries(&self.code.ops);
        self.counts.room = stack_bound(&self.code.ops);
        let targets: Vec<ir::Block> = self.blocks.iter().zip(&self.counts.entries).map(|(&blk, &entry)| if entry { blk } else { trap }).collect();
        let table: Vec<ir::BlockCall> = targets.into_iter().map(|blk| self.b.func.dfg.block_call(blk, &[])).collect();
        let default = self.b.func.dfg.block_call(trap, &[]);
        let jt = self.b.create_jump_table(ir::JumpTableData::new(default, &table));
        let ip32 = self.b.ins().ireduce(types::I32, ip);
        self.b.ins().br_table(ip32, jt);

        // `run_jitted` enters only at entries, and `rt_step` stops only at
        // them (see `entries`).
        self.b.switch_to_block(trap);
        self.b.ins().trap(TrapCode::unwrap_user(1));

        for i in 0..self.code.ops.len() {
            self.go_on_after_exec_one(i);
            self.b.switch_to_block(self.blocks[i]);
            self.start_block(i);
            let op = self.code.ops[i];
            let inlined = self.inline(i, op);
            debug_assert_eq!(inlined, inlinable(&self.code.ops, i), "inlinable() disagrees with inline() on {op:?}");
            if inlined {
                self.counts.inline += 1;
            } else {
                self.counts.stepped += 1;
                self.flush();
                self.step(i);
            }
        }
        self.stepper_block();
        self.b.switch_to_block(self.exit);
        self.b.ins().return_(&[]);
        self.b.seal_all_blocks();
    }

    /// The values instruction `i` starts with in machine values: what the
    /// jumps into its block pass (none into an entry: those flush first).
    fn start_block(&mut self, i: usize) {
        self.virt.clear();
        self.flushed.clear();
        if let Some(known) = self.incoming[i].take() {
            let params = self.b.block_params(self.blocks[i]).to_vec();
            for (j, k) in known.iter().enumerate() {
                let tag = match k.tag {
                    Some(t) => Tag::Known(t),
                    None => Tag::Dyn(params[2 * j]),
                };
                // A constant every jump passes stays one (the parameter
                // goes unused), so what it decides is decided here too.
                let payload = match k.payload {
                    Some(p) => self.b.ins().iconst(types::I64, p),
                    None => params[2 * j + 1],
                };
                self.virt.push(Slot { tag, payload });
            }
        }
    }

    // ---- small pieces ----

    fn load(&mut self, addr: Cv, offset: i32) -> Cv {
        self.b.ins().load(types::I64, MemFlagsData::trusted(), addr, offset)
    }
    fn store(&mut self, v: Cv, addr: Cv, offset: i32) {
        self.b.ins().store(MemFlagsData::trusted(), v, addr, offset);
    }
    /// Stack data and height as the runtime left them.
    fn reload(&mut self) {
        let stk = self.b.ins().load(self.ptr, MemFlagsData::trusted(), self.jf, layout::STACK);
        let sp = self.load(self.jf, layout::SP);
        self.b.def_var(self.stk, stk);
        self.b.def_var(self.sp, sp);
    }
    /// Address of stack slot `index` (a value).
    fn slot(&mut self, index: Cv) -> Cv {
        let off = self.b.ins().ishl_imm_s(index, VALUE_SHIFT);
        let stk = self.b.use_var(self.stk);
        self.b.ins().iadd(stk, off)
    }
    /// Address of the value `k` below the top of the stack in memory
    /// (`k = 1` is its top; `k = 0` the free slot above).
    fn top(&mut self, k: i64) -> Cv {
        let sp = self.b.use_var(self.sp);
        let i = self.add_imm(sp, -k);
        self.slot(i)
    }
    /// Where local slot `s` is: an address and the offset of the slot
    /// from it (folded into the loads and stores).
    fn local(&mut self, s: u32) -> (Cv, i32) {
        // Read from the record each time: a variable would have to flow
        // through the dispatch table into every block.
        let base = self.load(self.jf, layout::BASE);
        (self.slot(base), s as i32 * VALUE_BYTES)
    }
    fn add_sp(&mut self, d: i64) {
        if d != 0 {
            let sp = self.b.use_var(self.sp);
            let sp = self.b.ins().iadd_imm_s(sp, d);
            self.b.def_var(self.sp, sp);
        }
    }
    /// `v + k`, or `v` itself for 0 (the code generator runs without its
    /// optimizer, and every value left costs the register allocator).
    fn add_imm(&mut self, v: Cv, k: i64) -> Cv {
        if k == 0 { v } else { self.b.ins().iadd_imm_s(v, k) }
    }
    fn tag_value(&mut self, s: Slot) -> Cv {
        match s.tag {
            Tag::Known(t) => self.b.ins().iconst(types::I64, t),
            Tag::Dyn(v) => v,
        }
    }
    /// Whether `s` carries tag `t` (a constant when its tag is known).
    fn tag_is(&mut self, s: Slot, t: i64) -> Cv {
        match s.tag {
            Tag::Known(k) => self.b.ins().iconst(types::I8, (k == t) as i64),
            Tag::Dyn(v) => self.b.ins().icmp_imm_s(IntCC::Equal, v, t),
        }
    }
    /// The constant `v` is, if it is one.
    fn const_of(&self, v: Cv) -> Option<i64> {
        let def = self.b.func.dfg.value_def(v).inst()?;
        match self.b.func.dfg.insts[def] {
            ir::InstructionData::UnaryImm { opcode: ir::Opcode::Iconst, imm } => Some(imm.bits()),
            _ => None,
        }
    }

    // ---- the virtual top of the stack ----

    fn push(&mut self, tag: Tag, payload: Cv) {
        self.virt.push(Slot { tag, payload });
    }
    /// The `k` top values in machine values (the missing ones loaded
    /// from memory).
    fn want(&mut self, k: usize) {
        let need = k.saturating_sub(self.virt.len());
        if need == 0 {
            return;
        }
        // One address for all of them, each load at its own offset (less
        // IR than an address per value).
        let above = self.top(0);
        let loaded: Vec<Slot> = (1..=need as i32)
            .rev()
            .map(|j| {
                let off = -j * VALUE_BYTES;
                let (t, p) = (self.load(above, off), self.load(above, off + PAYLOAD));
                Slot { tag: Tag::Dyn(t), payload: p }
            })
            .collect();
        self.add_sp(-(need as i64));
        self.virt.splice(0..0, loaded);
    }
    /// The value `k` below the top (`k = 1` is the top), after `want(k)`.
    fn nth(&self, k: usize) -> Slot {
        self.virt[self.virt.len() - k]
    }
    fn pop(&mut self) -> Slot {
        self.want(1);
        self.virt.pop().expect("a value")
    }
    /// `flush`, keeping what it wrote in `flushed` for `stack_value`.
    fn flush_for_call(&mut self) {
        let values = self.virt.clone();
        self.flush();
        self.flushed = values;
    }
    /// The value `k` below the top of the stack in memory (`k = 1` is the
    /// top): from `flushed` where the flush before this call wrote it,
    /// else loaded.
    fn stack_value(&mut self, k: i64) -> Slot {
        let n = self.flushed.len() as i64;
        if (1..=n).contains(&k) {
            return self.flushed[(n - k) as usize];
        }
        let at = self.top(k);
        let (t, p) = (self.load(at, 0), self.load(at, PAYLOAD));
        Slot { tag: Tag::Dyn(t), payload: p }
    }
    /// Write the machine values to stack memory (there is room: see
    /// [`stack_bound`]).
    fn flush(&mut self) {
        let n = self.virt.len();
        if n == 0 {
            return;
        }
        let above = self.top(0);
        for (j, s) in std::mem::take(&mut self.virt).into_iter().enumerate() {
            let off = j as i32 * VALUE_BYTES;
            let t = self.tag_value(s);
            self.store(t, above, off);
            self.store(s.payload, above, off + PAYLOAD);
        }
        self.add_sp(n as i64);
    }

    // ---- control flow ----

    /// Whether machine code may be entered at `ip` (then nothing is
    /// passed to it in machine values).
    fn is_entry(&self, ip: usize) -> bool {
        self.counts.entries.get(ip).copied().unwrap_or(true)
    }
    /// The block of `ip` and the values a jump there passes: an entry
    /// gets everything in memory; another block the virtual values.
    fn edge(&mut self, ip: usize) -> (ir::Block, Vec<ir::BlockArg>) {
        if self.is_entry(ip) {
            self.flush();
            return (self.target(ip), Vec::new());
        }
        let blk = self.blocks[ip];
        let virt = self.virt.clone();
        let says: Vec<Agreed> = virt.iter().map(|s| Agreed { tag: s.tag.known(), payload: s.tag.known().and(self.const_of(s.payload)) }).collect();
        match &mut self.incoming[ip] {
            Some(known) => {
                assert_eq!(known.len(), virt.len(), "jumps into instruction {ip} disagree on the stack");
                for (k, s) in known.iter_mut().zip(&says) {
                    if k.tag != s.tag {
                        k.tag = None;
                    }
                    if k.tag.is_none() || k.payload != s.payload {
                        k.payload = None;
                    }
                }
            }
            slot @ None => {
                for _ in &virt {
                    self.b.append_block_param(blk, types::I64);
                    self.b.append_block_param(blk, types::I64);
                }
                *slot = Some(says);
            }
        }
        let mut args = Vec::with_capacity(2 * virt.len());
        for s in virt {
            let t = self.tag_value(s);
            args.push(ir::BlockArg::Value(t));
            args.push(ir::BlockArg::Value(s.payload));
        }
        (blk, args)
    }
    fn jump_to(&mut self, ip: usize) {
        let (blk, args) = self.edge(ip);
        self.b.ins().jump(blk, &args);
    }
    /// Go on where `cond` holds, else to `slow`. A constant condition is
    /// decided at compile time.
    fn guard(&mut self, cond: Cv, slow: ir::Block) {
        match self.const_of(cond) {
            Some(0) => {
                self.b.ins().jump(slow, &[]);
                // What follows is never run.
                let dead = self.b.create_block();
                self.b.switch_to_block(dead);
            }
            Some(_) => {}
            None => {
                let ok = self.b.create_block();
                self.b.ins().brif(cond, ok, &[], slow, &[]);
                self.b.switch_to_block(ok);
            }
        }
    }
    /// The instruction's slow path in its own block, filled at once: the
    /// machine values written to memory, then `rt_step`. Made before the
    /// instruction changes anything, so its guards can go there.
    fn slow_block(&mut self, i: usize) -> ir::Block {
        self.side_block(|l| {
            let virt = l.virt.clone();
            l.flush();
            l.step(i);
            l.virt = virt;
        })
    }

    /// `rt_load_attr`'s or `rt_load_method`'s operand for instruction `i`.
    fn attr_operand(&self, i: usize) -> u64 {
        match self.code.ops[i] {
            Op::LoadAttr(n, c) | Op::LoadMethod(n, c) => runtime::attr_operand(n, c),
            op => unreachable!("an attribute operand for {op:?}"),
        }
    }

    /// Whether local slot `s` holds a value before instruction `i` on
    /// every path there (`bound.rs`): reading it needs no unbound-local
    /// check.
    fn bound_at(&self, i: usize, s: u32) -> bool {
        self.bound.at(i, s)
    }

    /// Where instruction `i`'s guards go: `slow_block`, or for an
    /// instruction that met objects whose Python methods do the work
    /// (type feedback: `seen::OTHER`), `exec_one_block` (for an operator,
    /// first a direct call of the method: `operator_block`).
    fn miss_block(&mut self, i: usize) -> ir::Block {
        let met_objects = self.code.jit.seen_at(i) & seen::OTHER != 0;
        if met_objects && i + 1 < self.code.ops.len() {
            match self.code.ops[i] {
                // `a + b` of instances: their method called directly.
                Op::Binary(_) | Op::Inplace(_) => self.operator_block(i),
                _ => self.exec_one_block(i),
            }
        } else {
            self.slow_block(i)
        }
    }

    /// Instruction `i` by the interpreter alone (`rt_exec_one`, everything
    /// in memory), then on in machine code at `i + 1` with the values it
    /// takes loaded from memory (see `go_on_after_exec_one`); out if it
    /// raised, or through the dispatch if it went elsewhere.
    fn exec_one_block(&mut self, i: usize) -> ir::Block {
        self.side_block(|l| {
            let virt = l.virt.clone();
            l.flush();
            let status = l.call_fast(runtime::rt_exec_one, i as u64);
            let (next, other) = (l.b.create_block(), l.b.create_block());
            let went_on = l.b.ins().icmp_imm_s(IntCC::Equal, status, runtime::NEXT as i64);
            l.b.ins().brif(went_on, next, &[], other, &[]);
            l.b.switch_to_block(other);
            let dispatch = l.dispatch;
            l.b.ins().brif(status, l.exit, &[], dispatch, &[]);
            l.after_exec_one[i + 1].push(next);
            l.virt = virt;
        })
    }

    /// Fill the blocks `exec_one_block` left for instruction `i`: its
    /// incoming values loaded from memory (of any tag: the interpreter's
    /// result may be another kind than the inline forms'), then into its
    /// block. Runs before `i`'s block is started, when every jump into it
    /// is known.
    fn go_on_after_exec_one(&mut self, i: usize) {
        for blk in std::mem::take(&mut self.after_exec_one[i]) {
            self.b.switch_to_block(blk);
            self.reload();
            self.virt.clear();
            let n = if self.is_entry(i) { 0 } else { self.incoming[i].as_ref().map_or(0, |k| k.len()) };
            self.want(n);
            self.jump_to(i);
            self.virt.clear();
        }
    }

    /// A block filled by `fill` at once, while the current one is being
    /// built (which goes on in a fresh block if it had instructions: the
    /// builder leaves a block only when it is empty or finished).
    fn side_block(&mut self, fill: impl FnOnce(&mut Self)) -> ir::Block {
        let here = self.b.current_block().expect("a current block");
        if self.b.func.layout.first_inst(here).is_some() {
            let go_on = self.b.create_block();
            self.b.ins().jump(go_on, &[]);
            self.b.switch_to_block(go_on);
        }
        let here = self.b.current_block().expect("a current block");
        let side = self.b.create_block();
        self.b.switch_to_block(side);
        fill(self);
        self.b.switch_to_block(here);
        side
    }

    /// `rt_step` on instruction `i` (everything in memory): a jump to the
    /// one block that calls it (a call sequence per instruction would make
    /// the function several times larger and its compilation that much
    /// slower).
    fn step(&mut self, i: usize) {
        debug_assert!(self.virt.is_empty(), "stepping with values in registers");
        let ip = self.b.ins().iconst(types::I64, i as i64);
        self.b.ins().jump(self.stepper, &[ir::BlockArg::Value(ip)]);
    }

    /// The block `step` jumps to: `rt_step(ip)`, then through the table to
    /// the entry the interpreter stopped at, or back to `run_jitted`.
    fn stepper_block(&mut self) {
        self.b.switch_to_block(self.stepper);
        let ip = self.b.block_params(self.stepper)[0];
        let f = self.b.ins().iconst(self.ptr, runtime::rt_step as *const () as i64);
        let sp = self.b.use_var(self.sp);
        let call = self.b.ins().call_indirect(self.step_sig, f, &[self.jf, ip, sp]);
        let status = self.b.inst_results(call)[0];
        self.b.ins().brif(status, self.exit, &[], self.dispatch, &[]);
    }

    /// Call fast path `f` with the stack height and `operand`: its status.
    fn call_fast(&mut self, f: FastFn, operand: u64) -> Cv {
        debug_assert!(self.virt.is_empty(), "a runtime call with values in registers");
        let fp = self.b.ins().iconst(self.ptr, f as *const () as i64);
        let sp = self.b.use_var(self.sp);
        let operand = self.b.ins().iconst(types::I64, operand as i64);
        let call = self.b.ins().call_indirect(self.step_sig, fp, &[self.jf, sp, operand]);
        self.b.inst_results(call)[0]
    }

    /// Instruction `i` through fast path `f`: on a hit the stack grows by
    /// `effect` and the next instruction follows; on a miss the
    /// interpreter does it.
    fn via_fast_path(&mut self, i: usize, f: FastFn, operand: u64, effect: i64) {
        self.via_fast_path_keeping(i, f, operand, effect, 0);
    }

    /// `via_fast_path`, going on with the `keep` top values in machine
    /// values (as an inline form's other ways to the next instruction
    /// leave them).
    fn via_fast_path_keeping(&mut self, i: usize, f: FastFn, operand: u64, effect: i64, keep: usize) {
        self.via_fast_path_to(i, f, operand, effect, keep, i + 1);
    }

    /// `via_fast_path_keeping`, going on at `to` after a hit.
    fn via_fast_path_to(&mut self, i: usize, f: FastFn, operand: u64, effect: i64, keep: usize, to: usize) {
        self.flush();
        let slow = self.miss_block(i);
        let status = self.call_fast(f, operand);
        let hit = self.b.ins().icmp_imm_s(IntCC::Equal, status, runtime::HIT as i64);
        self.guard(hit, slow);
        self.add_sp(effect);
        self.want(keep);
        self.jump_to(to);
    }

    /// `ForIter(t)` through `rt_for_iter`: the next value of a range or
    /// sequence iterator pushed, or at its end the iterator popped and on
    /// to `t`; going on with `keep.0` (to the next instruction) and
    /// `keep.1` (to `t`) top values in machine values, as the inline form
    /// leaves them.
    fn for_iter_via_runtime(&mut self, i: usize, t: usize, keep: (usize, usize)) {
        self.flush();
        // Other iterators (generators, instances with `__next__`) run Python
        // code: the interpreter steps them, and machine code goes on.
        let slow = self.exec_one_block(i);
        let (pushed, other, done) = (self.b.create_block(), self.b.create_block(), self.b.create_block());
        // The site met generators: `rt_for_iter_gen` first, the plain
        // iterators after it (and not a second time).
        let generators_first = self.code.jit.seen_at(i) & seen::GENERATOR != 0;
        if generators_first {
            let status = self.call_fast(runtime::rt_for_iter_gen, i as u64);
            self.after_for_iter_gen(status, pushed, done, None);
        }
        let status = self.call_fast(runtime::rt_for_iter, 0);
        let hit = self.b.ins().icmp_imm_s(IntCC::Equal, status, runtime::HIT as i64);
        self.b.ins().brif(hit, pushed, &[], other, &[]);
        self.b.switch_to_block(pushed);
        self.add_sp(1);
        self.want(keep.0);
        self.jump_to(i + 1);
        // The values `want` loaded there are not defined on the other ways.
        self.virt.clear();
        self.b.switch_to_block(other);
        let exhausted = self.b.ins().icmp_imm_s(IntCC::Equal, status, runtime::EXHAUSTED as i64);
        if generators_first {
            self.b.ins().brif(exhausted, done, &[], slow, &[]);
        } else {
            let generator = self.b.create_block();
            self.b.ins().brif(exhausted, done, &[], generator, &[]);
            // A generator is resumed by `rt_for_iter_gen`; other iterators
            // (instances with `__next__`, ...) by the interpreter.
            self.b.switch_to_block(generator);
            let status = self.call_fast(runtime::rt_for_iter_gen, i as u64);
            self.after_for_iter_gen(status, pushed, done, Some(slow));
        }
        self.b.switch_to_block(done);
        self.add_sp(-1);
        self.want(keep.1);
        self.jump_to(t);
    }

    /// Where `rt_for_iter_gen`'s `status` goes: a value pushed to
    /// `pushed`, the generator exhausted to `done`, an exception out of
    /// the frame; not a generator to `other`, or (None) on in a new block
    /// left current.
    fn after_for_iter_gen(&mut self, status: Cv, pushed: ir::Block, done: ir::Block, other: Option<ir::Block>) {
        let (not_pushed, not_exhausted) = (self.b.create_block(), self.b.create_block());
        let hit = self.b.ins().icmp_imm_s(IntCC::Equal, status, runtime::CONTINUE as i64);
        self.b.ins().brif(hit, pushed, &[], not_pushed, &[]);
        self.b.switch_to_block(not_pushed);
        let exhausted = self.b.ins().icmp_imm_s(IntCC::Equal, status, runtime::EXHAUSTED as i64);
        self.b.ins().brif(exhausted, done, &[], not_exhausted, &[]);
        self.b.switch_to_block(not_exhausted);
        let other_iter = self.b.ins().icmp_imm_s(IntCC::Equal, status, runtime::NOT_GENERATOR as i64);
        match other {
            Some(other) => {
                self.b.ins().brif(other_iter, other, &[], self.exit, &[]);
            }
            None => {
                let on = self.b.create_block();
                self.b.ins().brif(other_iter, on, &[], self.exit, &[]);
                self.b.switch_to_block(on);
            }
        }
    }

    // ---- instructions done inline ----

    /// Emit instruction `i` inline if it has an inline form; false (and
    /// nothing emitted) if not.
    fn inline(&mut self, i: usize, op: Op) -> bool {
        let next = i + 1;
        match op {
            Op::Nop => self.jump_to(next),
            Op::Pop => {
                if self.virt.pop().is_none() {
                    self.add_sp(-1);
                }
                self.jump_to(next);
            }
            Op::Dup => {
                self.want(1);
                let a = self.nth(1);
                self.virt.push(a);
                self.jump_to(next);
            }
            Op::Dup2 => {
                self.want(2);
                let (a, b) = (self.nth(2), self.nth(1));
                self.virt.extend([a, b]);
                self.jump_to(next);
            }
            Op::Rot2 => {
                self.want(2);
                let n = self.virt.len();
                self.virt.swap(n - 1, n - 2);
                self.jump_to(next);
            }
            Op::Rot3 => {
                // [a, b, c] -> [c, a, b]
                self.want(3);
                let n = self.virt.len();
                self.virt[n - 3..].rotate_right(1);
                self.jump_to(next);
            }
            Op::Neg => self.negate(i),
            Op::Subscr => match self.heap {
                Some(h) => self.subscr(i, h),
                None => self.via_fast_path(i, runtime::rt_subscr, 0, -1),
            },
            Op::StoreSubscr => match self.heap {
                Some(h) => self.store_subscr(i, h),
                None => self.via_fast_path(i, runtime::rt_store_subscr, 0, -3),
            },
            Op::LoadGlobal(_, c) => self.via_fast_path(i, runtime::rt_load_global, c as u64, 1),
            Op::LoadAttr(_, c) => match self.heap {
                Some(h) => self.load_attr(i, c, h),
                None => self.via_fast_path(i, runtime::rt_load_attr, self.attr_operand(i), 0),
            },
            Op::StoreAttr(_, c) => match self.heap {
                Some(h) => self.store_attr(i, c, h),
                None => self.via_fast_path(i, runtime::rt_store_attr, c as u64, -2),
            },
            Op::LoadMethod(_, c) => match self.heap {
                Some(h) => self.load_method(i, c, h),
                None => self.via_fast_path(i, runtime::rt_load_method, self.attr_operand(i), 1),
            },
            Op::ForIter(t) => match self.heap {
                Some(h) => self.for_iter_inline(i, t as usize, h),
                None => self.for_iter_via_runtime(i, t as usize, (0, 0)),
            },
            Op::Call(n) => self.call(i, n, false),
            Op::CallMethod(n) => self.call(i, n, true),
            Op::CallKw(n, names) => self.call_kw(i, n, names),
            Op::LoadDeref(s) => match self.heap {
                Some(h) => self.load_deref(i, s, h),
                None => self.via_fast_path(i, runtime::rt_load_deref, s as u64, 1),
            },
            Op::StoreDeref(s) => self.via_fast_path(i, runtime::rt_store_deref, s as u64, -1),
            Op::UnpackSequence(n) => self.via_fast_path(i, runtime::rt_unpack_sequence, n as u64, n as i64 - 1),
            Op::GetIter => self.via_fast_path(i, runtime::rt_get_iter, 0, 0),
            Op::BuildTuple(n) => self.via_fast_path(i, runtime::rt_build_seq, runtime::build_operand(n, false), 1 - n as i64),
            Op::BuildList(n) => self.via_fast_path(i, runtime::rt_build_seq, runtime::build_operand(n, true), 1 - n as i64),
            Op::ListAppend(k) => self.via_fast_path(i, runtime::rt_list_append, k as u64, -1),
            Op::LoadName(n) => self.via_fast_path(i, runtime::rt_load_name, n as u64, 1),
            Op::StoreName(n) => self.via_fast_path(i, runtime::rt_store_name, n as u64, -1),
            Op::BuildMap(n) => self.via_fast_path(i, runtime::rt_build_map, n as u64, 1 - 2 * n as i64),
            Op::FormatValue(0) => self.via_fast_path(i, runtime::rt_format_value, 0, 0),
            Op::BuildString(n) => self.via_fast_path(i, runtime::rt_build_string, n as u64, 1 - n as i64),
            Op::MakeFunction(_, flags) => self.via_fast_path(i, runtime::rt_make_function, i as u64, 1 - crate::interp::make_function_parts(flags) as i64),
            Op::BuildSlice(n) => {
                if !inlinable(&self.code.ops, i) {
                    return false;
                }
                // The slice's parts and the sequence, and for a store the value.
                let store = matches!(self.code.ops[i + 1], Op::StoreSubscr);
                let effect = -(n as i64) - if store { 2 } else { 0 };
                self.via_fast_path_to(i, runtime::rt_slice, i as u64, effect, 0, i + 2);
            }
            Op::Return => self.leave(next, false),
            Op::Yield => {
                // Drained (`rt_drain_yield`): on at `next`; else out.
                self.flush();
                let (drained, out) = (self.b.create_block(), self.b.create_block());
                let drain = self.load(self.jf, layout::DRAIN);
                self.b.ins().brif(drain, drained, &[], out, &[]);
                self.b.switch_to_block(drained);
                self.via_fast_path(i, runtime::rt_drain_yield, 0, 0);
                self.virt.clear();
                self.b.switch_to_block(out);
                self.leave(next, true);
            }
            Op::LoadConst(c) => {
                match self.code.consts[c as usize] {
                    // Heap constants are read from the code object (pinned),
                    // so a collector that moves objects could update them.
                    Value::Obj(_) => {
                        let at = self.b.ins().iconst(self.ptr, &self.code.consts[c as usize] as *const Value as i64);
                        let p = self.load(at, PAYLOAD);
                        self.push(Tag::Known(tag::OBJ), p);
                    }
                    v => {
                        let (t, p) = encode(v);
                        let p = self.b.ins().iconst(types::I64, p);
                        self.push(Tag::Known(t), p);
                    }
                }
                self.jump_to(next);
            }
            Op::LoadFast(s) | Op::LoadCell(s) => {
                let (from, off) = self.local(s);
                let tg = self.load(from, off);
                // A cell slot always holds its cell.
                if matches!(op, Op::LoadFast(_)) && !self.bound_at(i, s) {
                    let slow = self.slow_block(i);
                    let bound = self.b.ins().icmp_imm_s(IntCC::NotEqual, tg, tag::UNDEF);
                    self.guard(bound, slow);
                }
                let p = self.load(from, off + PAYLOAD);
                self.push(Tag::Dyn(tg), p);
                self.jump_to(next);
            }
            Op::StoreFast(s) => {
                let v = self.pop();
                let (to, off) = self.local(s);
                let t = self.tag_value(v);
                self.store(t, to, off);
                self.store(v.payload, to, off + PAYLOAD);
                self.jump_to(next);
            }
            Op::Jump(t) => {
                let t = t as usize;
                if t <= i {
                    self.flush();
                    self.safe_point();
                }
                self.jump_to(t);
            }
            Op::JumpIfFalse(t) | Op::JumpIfTrue(t) => {
                let t = t as usize;
                let truth = self.truth_of_top(i);
                self.virt.pop();
                // Both ways: the rest in memory first (`t` is an entry).
                self.flush();
                let (when_true, when_false) = if matches!(op, Op::JumpIfTrue(_)) { (t, next) } else { (next, t) };
                let (bt, at) = self.edge(when_true);
                let (bf, af) = self.edge(when_false);
                self.b.ins().brif(truth, bt, &at, bf, &af);
            }
            Op::JumpIfFalseOrPop(t) | Op::JumpIfTrueOrPop(t) => {
                // `a and b` / `a or b`: jump keeping the value, or pop it.
                let t = t as usize;
                let truth = self.truth_of_top(i);
                let (jump, go_on) = (self.b.create_block(), self.b.create_block());
                if matches!(op, Op::JumpIfTrueOrPop(_)) {
                    self.b.ins().brif(truth, jump, &[], go_on, &[]);
                } else {
                    self.b.ins().brif(truth, go_on, &[], jump, &[]);
                }
                let saved = self.virt.clone();
                self.b.switch_to_block(jump);
                self.jump_to(t);
                self.virt = saved;
                self.b.switch_to_block(go_on);
                self.virt.pop();
                self.jump_to(next);
            }
            Op::Not => {
                let truth = self.truth_of_top(i);
                let is_zero = self.b.ins().icmp_imm_s(IntCC::Equal, truth, 0);
                let r = self.b.ins().uextend(types::I64, is_zero);
                self.finish_unary(i, tag::BOOL, r);
            }
            Op::Binary(bop) | Op::Inplace(bop) => return self.binary(i, bop),
            Op::Compare(cop) => return self.compare(i, cop),
            _ => return false,
        }
        true
    }

    /// The truth of the top value (left on the virtual stack), as `truth`
    /// says; anything else has instruction `i` done by the interpreter.
    fn truth_of_top(&mut self, i: usize) -> Cv {
        self.want(1);
        let slow = self.slow_block(i);
        let v = self.nth(1);
        self.truth(v, slow)
    }

    /// The truth of `v` as a word (nonzero: true): inline for a bool, an
    /// int, a float or None, through `rt_truth_of` for the rest.
    fn truth(&mut self, v: Slot, slow: ir::Block) -> Cv {
        match v.tag {
            // A bool's payload is one byte.
            Tag::Known(tag::BOOL) => self.b.ins().band_imm_s(v.payload, 0xff),
            Tag::Known(tag::INT) => v.payload,
            Tag::Known(tag::NONE) => self.b.ins().iconst(types::I64, 0),
            Tag::Known(tag::FLOAT) => self.float_truth(v.payload),
            Tag::Known(_) => self.truth_via_runtime(v, slow),
            Tag::Dyn(tg) => {
                let byte = self.b.ins().band_imm_s(v.payload, 0xff);
                let is_bool = self.b.ins().icmp_imm_s(IntCC::Equal, tg, tag::BOOL);
                let truth = self.b.ins().select(is_bool, byte, v.payload);
                let is_none = self.b.ins().icmp_imm_s(IntCC::Equal, tg, tag::NONE);
                let zero = self.b.ins().iconst(types::I64, 0);
                let truth = self.b.ins().select(is_none, zero, truth);
                let is_float = self.b.ins().icmp_imm_s(IntCC::Equal, tg, tag::FLOAT);
                let float_truth = self.float_truth(v.payload);
                let truth = self.b.ins().select(is_float, float_truth, truth);
                let is_int = self.b.ins().icmp_imm_s(IntCC::Equal, tg, tag::INT);
                let known = self.b.ins().bor(is_bool, is_int);
                let known = self.b.ins().bor(known, is_none);
                let known = self.b.ins().bor(known, is_float);
                // Containers and the rest: the runtime's `truth_hit`.
                let (join, other) = (self.b.create_block(), self.b.create_block());
                self.b.append_block_param(join, types::I64);
                self.b.ins().brif(known, join, &[ir::BlockArg::Value(truth)], other, &[]);
                self.b.switch_to_block(other);
                let r = self.truth_via_runtime(v, slow);
                self.b.ins().jump(join, &[ir::BlockArg::Value(r)]);
                self.b.switch_to_block(join);
                self.b.block_params(join)[0]
            }
        }
    }

    /// A float's truth: any bits but the sign's set (`-0.0` is false, NaN
    /// true).
    fn float_truth(&mut self, payload: Cv) -> Cv {
        let magnitude = self.b.ins().ishl_imm_s(payload, 1);
        let nonzero = self.b.ins().icmp_imm_s(IntCC::NotEqual, magnitude, 0);
        self.b.ins().uextend(types::I64, nonzero)
    }

    /// The truth of `v` from `rt_truth_of` (the value passed in two words,
    /// nothing flushed); an instance goes to `slow` (its `__bool__` or
    /// `__len__` is the interpreter's).
    fn truth_via_runtime(&mut self, v: Slot, slow: ir::Block) -> Cv {
        let f = self.b.ins().iconst(self.ptr, runtime::rt_truth_of as *const () as i64);
        let tg = self.tag_value(v);
        let call = self.b.ins().call_indirect(self.step_sig, f, &[self.jf, tg, v.payload]);
        let status = self.b.inst_results(call)[0];
        let decided = self.b.ins().icmp_imm_s(IntCC::NotEqual, status, runtime::UNDECIDED as i64);
        self.guard(decided, slow);
        self.b.ins().uextend(types::I64, status)
    }

    /// Instruction `i` through fast path `f` in a block of its own, for
    /// an inline form's other cases to go to (the virtual stack as it is
    /// now; the current one is kept).
    fn fast_path_block(&mut self, i: usize, f: FastFn, operand: u64, effect: i64) -> ir::Block {
        self.side_block(|l| {
            let virt = l.virt.clone();
            let keep = (virt.len() as i64 + effect).max(0) as usize;
            l.via_fast_path_keeping(i, f, operand, effect, keep);
            l.virt = virt;
        })
    }

    /// `Return` or `Yield` (`yielded`): the value to the frame record, and
    /// back to `run_jitted` with the frame's stack in memory and `ip` where
    /// a resumed generator goes on.
    fn leave(&mut self, ip: usize, yielded: bool) {
        let v = self.pop();
        // A generator's other values are saved from memory.
        if yielded {
            self.flush();
        }
        let t = self.tag_value(v);
        self.store(t, self.jf, layout::RET);
        self.store(v.payload, self.jf, layout::RET + PAYLOAD);
        if yielded {
            let one = self.b.ins().iconst(types::I64, 1);
            self.store(one, self.jf, layout::YIELDED);
        }
        // After a return the values left are dead; memory holds all below `sp`.
        self.virt.clear();
        let sp = self.b.use_var(self.sp);
        self.store(sp, self.jf, layout::SP);
        let at = self.b.ins().iconst(types::I64, ip as i64);
        self.store(at, self.jf, layout::IP);
        self.b.ins().jump(self.exit, &[]);
    }

    /// The block of instruction `ip`; past the end (which the compiler's
    /// final `Return` rules out), a block that returns to `run_jitted` with
    /// `jf.ip = ip`, so the interpreter reports it as it would.
    fn target(&mut self, ip: usize) -> ir::Block {
        if let Some(&blk) = self.blocks.get(ip) {
            return blk;
        }
        self.side_block(|l| {
            let at = l.b.ins().iconst(types::I64, ip as i64);
            l.store(at, l.jf, layout::IP);
            l.b.ins().jump(l.exit, &[]);
        })
    }

    /// A loop's back edge: collect here if an allocation asked for it
    /// (everything in memory).
    fn safe_point(&mut self) {
        let flag = self.b.ins().load(self.ptr, MemFlagsData::trusted(), self.jf, layout::WANTS_GC);
        let wants = self.b.ins().uload8(types::I32, MemFlagsData::trusted(), flag, 0);
        let (collect, go_on) = (self.b.create_block(), self.b.create_block());
        self.b.ins().brif(wants, collect, &[], go_on, &[]);
        self.b.switch_to_block(collect);
        let f = self.b.ins().iconst(self.ptr, runtime::rt_collect as *const () as i64);
        let sp = self.b.use_var(self.sp);
        let call = self.b.ins().call_indirect(self.collect_sig, f, &[self.jf, sp]);
        let status = self.b.inst_results(call)[0];
        let after = self.b.create_block();
        self.b.ins().brif(status, self.exit, &[], after, &[]);
        self.b.switch_to_block(after);
        self.reload();
        self.b.ins().jump(go_on, &[]);
        self.b.switch_to_block(go_on);
    }

    /// Replace the top value by `(tag, payload)` and go on to `i + 1`;
    /// the virtual stack is as before afterwards (for the instruction's
    /// other ways out).
    fn finish_unary(&mut self, i: usize, t: i64, payload: Cv) {
        let saved = self.virt.clone();
        self.virt.pop();
        self.push(Tag::Known(t), payload);
        self.jump_to(i + 1);
        self.virt = saved;
    }

    /// Replace the two top values by `(tag, payload)` and go on to `i + 1`
    /// (the virtual stack as before afterwards).
    fn finish_binary(&mut self, i: usize, t: i64, payload: Cv) {
        let saved = self.virt.clone();
        self.virt.truncate(self.virt.len() - 2);
        self.push(Tag::Known(t), payload);
        self.jump_to(i + 1);
        self.virt = saved;
    }

    /// `-x` of a small int (but not the smallest: its negation is a big
    /// int) or a float (the sign bit flipped, as CPython does).
    fn negate(&mut self, i: usize) {
        self.want(1);
        let slow = self.slow_block(i);
        let v = self.nth(1);
        let p = v.payload;
        let (int_block, not_int) = (self.b.create_block(), self.b.create_block());
        let is_int = self.tag_is(v, tag::INT);
        self.b.ins().brif(is_int, int_block, &[], not_int, &[]);
        self.b.switch_to_block(int_block);
        let zero = self.b.ins().iconst(types::I64, 0);
        let (r, overflow) = self.b.ins().ssub_overflow(zero, p);
        let fits = self.b.ins().icmp_imm_s(IntCC::Equal, overflow, 0);
        self.guard(fits, slow);
        self.finish_unary(i, tag::INT, r);
        self.b.switch_to_block(not_int);
        let is_float = self.tag_is(v, tag::FLOAT);
        self.guard(is_float, slow);
        let r = self.b.ins().bxor_imm_s(p, i64::MIN);
        self.finish_unary(i, tag::FLOAT, r);
    }

    /// `x // y` and `x % y` of small ints, rounding toward minus infinity
    /// as Python does; a zero divisor (ZeroDivisionError) and
    /// `MIN // -1` (a big int) go to `slow`.
    fn floor_div_mod(&mut self, bop: BinOp, x: Cv, y: Cv, slow: ir::Block) -> Cv {
        let nonzero = self.b.ins().icmp_imm_s(IntCC::NotEqual, y, 0);
        let x_min = self.b.ins().icmp_imm_s(IntCC::Equal, x, i64::MIN);
        let y_minus_one = self.b.ins().icmp_imm_s(IntCC::Equal, y, -1);
        let overflows = self.b.ins().band(x_min, y_minus_one);
        let ok = self.b.ins().band_not(nonzero, overflows);
        self.guard(ok, slow);
        let q = self.b.ins().sdiv(x, y);
        let r = self.b.ins().srem(x, y);
        // Truncation rounded toward zero: step down when the remainder is
        // nonzero and its sign differs from the divisor's.
        let inexact = self.b.ins().icmp_imm_s(IntCC::NotEqual, r, 0);
        let signs = self.b.ins().bxor(r, y);
        let differ = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, signs, 0);
        let adjust = self.b.ins().band(inexact, differ);
        if bop == BinOp::FloorDiv {
            let one = self.b.ins().uextend(types::I64, adjust);
            self.b.ins().isub(q, one)
        } else {
            let r_plus_y = self.b.ins().iadd(r, y);
            self.b.ins().select(adjust, r_plus_y, r)
        }
    }

    /// A number's payload as a float: an int converted (rounded to
    /// nearest, as `int.__float__`), a float as it is.
    fn as_float(&mut self, s: Slot) -> Cv {
        let bits = self.b.ins().bitcast(types::F64, MemFlagsData::new(), s.payload);
        match s.tag {
            Tag::Known(tag::FLOAT) => bits,
            Tag::Known(_) => self.b.ins().fcvt_from_sint(types::F64, s.payload),
            Tag::Dyn(tg) => {
                let from_int = self.b.ins().fcvt_from_sint(types::F64, s.payload);
                let is_int = self.b.ins().icmp_imm_s(IntCC::Equal, tg, tag::INT);
                self.b.ins().select(is_int, from_int, bits)
            }
        }
    }

    /// Whether `s` is an int or a float.
    fn is_number(&mut self, s: Slot) -> Cv {
        let int = self.tag_is(s, tag::INT);
        let float = self.tag_is(s, tag::FLOAT);
        self.b.ins().bor(int, float)
    }

    /// Whether both of the two top values (in machine values) carry tag `t`.
    fn both_tagged(&mut self, t: i64) -> Cv {
        let (a, b) = (self.nth(2), self.nth(1));
        let ta = self.tag_is(a, t);
        let tb = self.tag_is(b, t);
        self.b.ins().band(ta, tb)
    }

    /// Which inline forms instruction `i` gets, from what it met in the
    /// interpreter (`CodeJit::seen`; nothing met: all of them):
    /// (two ints, two floats, a float and an int).
    fn wanted_paths(&self, i: usize) -> (bool, bool, bool) {
        let seen = self.code.jit.seen_at(i);
        let met = |kind: u8| seen == 0 || seen & kind != 0;
        (met(seen::INTS), met(seen::FLOATS), met(seen::MIXED))
    }

    /// Small ints (overflow-checked), and floats mixed with ints as the
    /// interpreter's `binary_fast`, each if the instruction met it; the
    /// rest steps.
    fn binary(&mut self, i: usize, bop: BinOp) -> bool {
        let int_op = matches!(bop, BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::And | BinOp::Or | BinOp::Xor | BinOp::FloorDiv | BinOp::Mod);
        let float_op = matches!(bop, BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::TrueDiv);
        if !int_op && !float_op {
            self.via_fast_path(i, runtime::rt_binary, i as u64, -1);
            return true;
        }
        let (met_ints, met_floats, met_mixed) = self.wanted_paths(i);
        let (ints, floats, mixed) = (met_ints && int_op, met_floats && float_op, met_mixed && float_op);
        // Numbers this operator has no inline form for (`int / int`,
        // `float % x`): through the fast path, which does any two numbers.
        let numbers_elsewhere = (met_ints && !int_op) || ((met_floats || met_mixed) && !float_op);
        let met = self.code.jit.seen_at(i);
        let seq = met == 0 || met & seen::OTHER != 0;
        self.want(2);
        let slow = self.miss_block(i);
        // Other kinds: sequence `+` and `*` and `str % args` through a fast path.
        let other = if numbers_elsewhere || (seq && matches!(bop, BinOp::Add | BinOp::Mul | BinOp::Mod)) {
            self.fast_path_block(i, runtime::rt_binary, i as u64, -1)
        } else {
            slow
        };
        let (a, b) = (self.nth(2), self.nth(1));

        if ints || mixed {
            // Two ints go to their own path (or the interpreter): the
            // mixed path would make them a float.
            let two_ints = self.both_tagged(tag::INT);
            let (int_block, not_int) = (self.b.create_block(), self.b.create_block());
            self.b.ins().brif(two_ints, int_block, &[], not_int, &[]);
            self.b.switch_to_block(int_block);
            if ints {
                let (x, y) = (a.payload, b.payload);
                let (r, overflow) = match bop {
                    BinOp::Add => self.b.ins().sadd_overflow(x, y),
                    BinOp::Sub => self.b.ins().ssub_overflow(x, y),
                    BinOp::Mul => self.b.ins().smul_overflow(x, y),
                    BinOp::And => (self.b.ins().band(x, y), self.b.ins().iconst(types::I8, 0)),
                    BinOp::Or => (self.b.ins().bor(x, y), self.b.ins().iconst(types::I8, 0)),
                    BinOp::Xor => (self.b.ins().bxor(x, y), self.b.ins().iconst(types::I8, 0)),
                    _ => (self.floor_div_mod(bop, x, y, slow), self.b.ins().iconst(types::I8, 0)),
                };
                let fits = self.b.ins().icmp_imm_s(IntCC::Equal, overflow, 0);
                self.guard(fits, slow);
                self.finish_binary(i, tag::INT, r);
            } else {
                self.b.ins().jump(other, &[]);
            }
            self.b.switch_to_block(not_int);
        }

        if floats || mixed {
            let (x, y) = if mixed {
                // Not two ints: two numbers, so at least one float.
                let (na, nb) = (self.is_number(a), self.is_number(b));
                let numbers = self.b.ins().band(na, nb);
                self.guard(numbers, other);
                (self.as_float(a), self.as_float(b))
            } else {
                let two_floats = self.both_tagged(tag::FLOAT);
                self.guard(two_floats, other);
                let x = self.b.ins().bitcast(types::F64, MemFlagsData::new(), a.payload);
                (x, self.b.ins().bitcast(types::F64, MemFlagsData::new(), b.payload))
            };
            let r = match bop {
                BinOp::Add => self.b.ins().fadd(x, y),
                BinOp::Sub => self.b.ins().fsub(x, y),
                BinOp::Mul => self.b.ins().fmul(x, y),
                _ => {
                    // x / 0.0 raises ZeroDivisionError: the interpreter's.
                    let zero = self.b.ins().f64const(0.0);
                    let nonzero = self.b.ins().fcmp(FloatCC::NotEqual, y, zero);
                    self.guard(nonzero, slow);
                    self.b.ins().fdiv(x, y)
                }
            };
            let rb = self.b.ins().bitcast(types::I64, MemFlagsData::new(), r);
            self.finish_binary(i, tag::FLOAT, rb);
        } else {
            self.b.ins().jump(other, &[]);
        }
        true
    }

    /// `is` / `is not`, as `Value::is`: the same tag, and the same payload
    /// at the tag's width (a bool's one byte, a heap index's four, an
    /// int's or float's eight; the singletons have none).
    fn identity(&mut self, i: usize, cop: CmpOp) {
        self.want(2);
        let (a, b) = (self.nth(2), self.nth(1));
        let (ta, tb) = (self.tag_value(a), self.tag_value(b));
        let same_tag = self.b.ins().icmp(IntCC::Equal, ta, tb);
        let width = |l: &mut Self, t: i64, m: i64, other: Cv| {
            let is = l.b.ins().icmp_imm_s(IntCC::Equal, ta, t);
            let m = l.b.ins().iconst(types::I64, m);
            l.b.ins().select(is, m, other)
        };
        let none = self.b.ins().iconst(types::I64, 0);
        let mask = width(self, tag::BOOL, 0xff, none);
        let mask = width(self, tag::OBJ, 0xffff_ffff, mask);
        let mask = width(self, tag::INT, -1, mask);
        let mask = width(self, tag::FLOAT, -1, mask);
        let diff = self.b.ins().bxor(a.payload, b.payload);
        let diff = self.b.ins().band(diff, mask);
        let same_payload = self.b.ins().icmp_imm_s(IntCC::Equal, diff, 0);
        let same = self.b.ins().band(same_tag, same_payload);
        let r = if cop == CmpOp::Is { same } else { self.b.ins().bxor_imm_s(same, 1) };
        let r = self.b.ins().uextend(types::I64, r);
        self.finish_binary(i, tag::BOOL, r);
    }

    /// Ordering and equality of two small ints or two floats.
    fn compare(&mut self, i: usize, cop: CmpOp) -> bool {
        if matches!(cop, CmpOp::Is | CmpOp::IsNot) {
            self.identity(i, cop);
            return true;
        }
        let (icc, fcc) = match cop {
            CmpOp::Lt => (IntCC::SignedLessThan, FloatCC::LessThan),
            CmpOp::Le => (IntCC::SignedLessThanOrEqual, FloatCC::LessThanOrEqual),
            CmpOp::Gt => (IntCC::SignedGreaterThan, FloatCC::GreaterThan),
            CmpOp::Ge => (IntCC::SignedGreaterThanOrEqual, FloatCC::GreaterThanOrEqual),
            CmpOp::Eq => (IntCC::Equal, FloatCC::Equal),
            // NaN != NaN is True, as FloatCC::NotEqual (unordered or unequal) says.
            CmpOp::Ne => (IntCC::NotEqual, FloatCC::NotEqual),
            CmpOp::In | CmpOp::NotIn => {
                self.via_fast_path(i, runtime::rt_compare, i as u64, -1);
                return true;
            }
            CmpOp::Is | CmpOp::IsNot => unreachable!("identity is done above"),
        };
        let (ints, floats, _) = self.wanted_paths(i);
        self.want(2);
        // Neither two ints nor two floats: strs through the fast path.
        let mut slow = self.fast_path_block(i, runtime::rt_compare, i as u64, -1);
        let met = self.code.jit.seen_at(i);
        if let (CmpOp::Eq | CmpOp::Ne, true, Some(h)) = (cop, met == 0 || met & seen::OTHER != 0, self.heap) {
            slow = self.str_equality_block(i, cop == CmpOp::Eq, h, slow);
        }
        let (a, b) = (self.nth(2), self.nth(1));
        if ints {
            let (int_block, not_int) = (self.b.create_block(), self.b.create_block());
            let two_ints = self.both_tagged(tag::INT);
            self.b.ins().brif(two_ints, int_block, &[], not_int, &[]);
            self.b.switch_to_block(int_block);
            let r = self.b.ins().icmp(icc, a.payload, b.payload);
            let r = self.b.ins().uextend(types::I64, r);
            self.finish_binary(i, tag::BOOL, r);
            self.b.switch_to_block(not_int);
        }
        if floats {
            let two_floats = self.both_tagged(tag::FLOAT);
            self.guard(two_floats, slow);
            let x = self.b.ins().bitcast(types::F64, MemFlagsData::new(), a.payload);
            let y = self.b.ins().bitcast(types::F64, MemFlagsData::new(), b.payload);
            let r = self.b.ins().fcmp(fcc, x, y);
            let r = self.b.ins().uextend(types::I64, r);
            self.finish_binary(i, tag::BOOL, r);
        } else {
            self.b.ins().jump(slow, &[]);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::object::ObjRef;

    #[test]
    fn machine_code_is_entered_at_the_start_targets_resumptions_and_after_interpreted_runs() {
        let ops = [
            Op::LoadFast(0),   // 0: the start
            Op::Not,            // 1: inline
            Op::BuildSet(0),    // 2: interpreted
            Op::StoreFast(1),   // 3: inline after a run: an entry
            Op::LoadFast(1),    // 4
            Op::Yield,          // 5: inline, leaves the frame
            Op::Pop,            // 6: a generator resumes here
            Op::SetupExcept(9), // 7: interpreted
            Op::Jump(4),        // 8: inline after a run; its target 4 too
            Op::Pop,            // 9: the handler
            Op::YieldFrom,      // 10: re-runs itself when resumed
        ];
        let e = entries(&ops);
        let at: Vec<usize> = (0..ops.len()).filter(|&i| e[i]).collect();
        assert_eq!(at, [0, 3, 4, 6, 8, 9, 10]);
    }

    /// The room reserved covers the unpackings' many pushes and at least
    /// three per instruction otherwise.
    #[test]
    fn the_stack_bound_covers_every_instruction_s_pushes() {
        assert_eq!(stack_bound(&[Op::LoadFast(0), Op::UnpackSequence(5), Op::Return]), 1 + 3 + 5 + 3);
        assert_eq!(stack_bound(&[Op::UnpackEx(2, 3)]), 1 + 6);
        // A 94-value tuple display: 94 loads before the build.
        let ops: Vec<Op> = (0..94).map(Op::LoadConst).chain([Op::BuildTuple(94), Op::Return]).collect();
        assert!(stack_bound(&ops) >= 94);
    }

    /// The tag word and payload machine code reads are where `Value` keeps them.
    #[test]
    fn value_layout_matches_what_machine_code_reads() {
        assert_eq!(std::mem::size_of::<Value>(), 1 << VALUE_SHIFT);
        let samples = [Value::Undef, Value::None, Value::NotImplemented, Value::Ellipsis, Value::Bool(true), Value::Bool(false), Value::Int(-7), Value::Float(2.5), Value::Obj(ObjRef(12345))];
        for v in samples {
            let (t, p) = encode(v);
            let at = &v as *const Value as *const u8;
            // SAFETY: reading the initialized parts of a live Value: the tag
            // word, and the payload at its variant's width.
            unsafe {
                assert_eq!(std::ptr::read(at as *const i64), t, "tag of {v:?}");
                let payload = match v {
                    Value::Bool(_) => *at.add(PAYLOAD as usize) as i64,
                    Value::Int(_) | Value::Float(_) => std::ptr::read(at.add(PAYLOAD as usize) as *const i64),
                    Value::Obj(_) => std::ptr::read(at.add(PAYLOAD as usize) as *const u32) as i64,
                    _ => 0,
                };
                assert_eq!(payload, p, "payload of {v:?}");
            }
        }
    }
}
