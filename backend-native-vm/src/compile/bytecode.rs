//! The bytecode: what the compiler emits and the interpreter runs.
//!
//! An instruction is one [`Op`] (8 bytes: a tag and a 32-bit operand or two
//! 16-bit ones). Operands index the code object's tables: `consts`, `names`,
//! `codes` (nested functions), local slots, or jump targets (instruction
//! indices). Attribute and global loads carry an inline-cache slot index.

use std::cell::Cell;
use std::fmt::Write;
use std::rc::Rc;

use crate::object::Value;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Op {
    Nop,
    Pop,
    Dup,
    /// Duplicate the top two values (for augmented subscript assignment).
    Dup2,
    Rot2,
    Rot3,
    LoadConst(u32),
    LoadFast(u32),
    StoreFast(u32),
    DeleteFast(u32),
    /// Load/store through the cell in a local slot (closures).
    LoadDeref(u32),
    StoreDeref(u32),
    /// Push the cell object itself (to build a closure).
    LoadCell(u32),
    /// names index, cache index
    LoadGlobal(u32, u32),
    StoreGlobal(u32),
    DeleteGlobal(u32),
    /// Class bodies and module level: locals dict, then globals, then builtins.
    LoadName(u32),
    StoreName(u32),
    DeleteName(u32),
    /// names index, cache index (see `interp::shape`)
    LoadAttr(u32, u32),
    StoreAttr(u32, u32),
    DeleteAttr(u32),
    /// Push `[func, self]` for a method call, or `[callable, Undef]`.
    LoadMethod(u32, u32),
    /// Call with n positional args after a LoadMethod pair.
    CallMethod(u32),
    Subscr,
    StoreSubscr,
    DeleteSubscr,
    Binary(BinOp),
    /// In-place variant (`+=`): tries `__iadd__` first.
    Inplace(BinOp),
    Compare(CmpOp),
    Not,
    Neg,
    Pos,
    Invert,
    Jump(u32),
    JumpIfFalse(u32),
    JumpIfTrue(u32),
    /// Keep the value and jump if it decides an `and`/`or`; else pop it.
    JumpIfFalseOrPop(u32),
    JumpIfTrueOrPop(u32),
    GetIter,
    /// Advance the iterator on top; push the next item or pop it and jump.
    ForIter(u32),
    /// Call with n positional args: `[callable, args...]`.
    Call(u32),
    /// Call with n args, the last k of which are keywords named by the
    /// tuple constant: (n, const index of names tuple).
    CallKw(u32, u32),
    /// `f(*args, **kwargs)`: `[callable, tuple, dict or None]`.
    CallEx,
    Return,
    BuildTuple(u32),
    BuildList(u32),
    BuildSet(u32),
    BuildMap(u32),
    /// Build a str from n pieces (f-strings).
    BuildString(u32),
    BuildSlice(u32),
    /// list.append(stack[-n-1], TOS) for comprehensions.
    ListAppend(u32),
    SetAdd(u32),
    MapAdd(u32),
    ListExtend(u32),
    SetUpdate(u32),
    DictUpdate(u32),
    ListToTuple,
    UnpackSequence(u32),
    /// Star unpacking: (before, after).
    UnpackEx(u32, u32),
    /// `format(value, spec)` with conversion: flags bit0 = has spec,
    /// bits 1..: 0 none, 1 str, 2 repr, 3 ascii.
    FormatValue(u32),
    /// codes index; flags bit0 defaults tuple, bit1 kwdefaults dict, bit2 closure tuple.
    MakeFunction(u32, u32),
    /// Push the `__build_class__` machinery result: `[func, name, bases...]` n bases.
    BuildClass(u32),
    /// `BuildClass` with class keywords (for `__init_subclass__`): n bases,
    /// then one value per name in the tuple constant.
    BuildClassKw(u32, u32),
    /// Push a handler: on exception jump to target with the stack cut back.
    SetupExcept(u32),
    PopBlock,
    /// Pop the exception being handled (end of an `except` clause).
    PopExcept,
    /// `[exc, class]` -> `[exc, bool]`: does the exception match the class(es)?
    MatchExc,
    Raise(u32),
    /// Re-raise the exception on TOS (end of a `finally` or unmatched handler).
    Reraise,
    /// Enter a `with`: pop the manager, push its `__exit__` then `__enter__()`'s result.
    SetupWith(u32),
    /// After a `with` body raised: call `__exit__(type, value, tb)`.
    WithExcept,
    Yield,
    /// `yield from` / delegation: [iter, sent] -> result, or re-run.
    YieldFrom,
    ImportName(u32),
    ImportFrom(u32),
    ImportStar,
    LoadBuildClass,
    /// Assert failed: raise AssertionError with optional message on stack.
    AssertFail(u32),
    /// Set up the exception being handled for a bare `raise` (handler entry).
    PushExcInfo,
    /// Report "feature not supported" at run time (index into names).
    Unsupported(u32),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    MatMul,
    TrueDiv,
    FloorDiv,
    Mod,
    Pow,
    LShift,
    RShift,
    And,
    Or,
    Xor,
}

impl BinOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::MatMul => "@",
            BinOp::TrueDiv => "/",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
            BinOp::Pow => "** or pow()",
            BinOp::LShift => "<<",
            BinOp::RShift => ">>",
            BinOp::And => "&",
            BinOp::Or => "|",
            BinOp::Xor => "^",
        }
    }
    /// The protocol method names: (`__add__`, `__radd__`, `__iadd__`).
    pub fn dunders(self) -> (&'static str, &'static str, &'static str) {
        match self {
            BinOp::Add => ("__add__", "__radd__", "__iadd__"),
            BinOp::Sub => ("__sub__", "__rsub__", "__isub__"),
            BinOp::Mul => ("__mul__", "__rmul__", "__imul__"),
            BinOp::MatMul => ("__matmul__", "__rmatmul__", "__imatmul__"),
            BinOp::TrueDiv => ("__truediv__", "__rtruediv__", "__itruediv__"),
            BinOp::FloorDiv => ("__floordiv__", "__rfloordiv__", "__ifloordiv__"),
            BinOp::Mod => ("__mod__", "__rmod__", "__imod__"),
            BinOp::Pow => ("__pow__", "__rpow__", "__ipow__"),
            BinOp::LShift => ("__lshift__", "__rlshift__", "__ilshift__"),
            BinOp::RShift => ("__rshift__", "__rrshift__", "__irshift__"),
            BinOp::And => ("__and__", "__rand__", "__iand__"),
            BinOp::Or => ("__or__", "__ror__", "__ior__"),
            BinOp::Xor => ("__xor__", "__rxor__", "__ixor__"),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Lt,
    Le,
    Eq,
    Ne,
    Gt,
    Ge,
    Is,
    IsNot,
    In,
    NotIn,
}

impl CmpOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
            CmpOp::Is => "is",
            CmpOp::IsNot => "is not",
            CmpOp::In => "in",
            CmpOp::NotIn => "not in",
        }
    }
}

/// How a code object's local slots are used.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CodeKind {
    Module,
    Class,
    Function,
}

/// A per-instruction cache (global and attribute loads).
#[derive(Clone, Copy, Default, Debug)]
pub struct CacheEntry {
    /// Version of the dict the entry was found in (0 = empty cache).
    pub version: u64,
    /// Second dict's version (builtins, for a global found there).
    pub version2: u64,
    pub key: u32,
    pub index: u32,
}

/// A compiled function body, module, or class body.
pub struct Code {
    pub name: Rc<str>,
    pub qualname: Rc<str>,
    pub filename: Rc<str>,
    pub kind: CodeKind,
    pub ops: Vec<Op>,
    /// Source line of each op.
    pub lines: Vec<u32>,
    pub consts: Vec<Value>,
    pub names: Vec<Rc<str>>,
    pub codes: Vec<Rc<Code>>,
    /// Local slot names: parameters first, then other locals, then cells.
    pub varnames: Vec<Rc<str>>,
    /// Slots holding cells (captured by inner functions), and for each free
    /// variable the slot its cell is copied into on entry.
    pub cell_slots: Vec<u32>,
    pub free_slots: Vec<u32>,
    /// Parameter shape.
    pub argcount: u32,
    pub posonly: u32,
    pub kwonly: u32,
    pub varargs: bool,
    pub varkw: bool,
    pub is_generator: bool,
    pub first_line: u32,
    pub caches: Vec<Cell<CacheEntry>>,
    /// Per name: where `LoadName`/`StoreName` last found it in the
    /// frame's own namespace (see `Vm::name_slot`).
    pub name_slots: Box<[Cell<NameSlot>]>,
    /// The JIT's counters and machine code for this code object.
    pub jit: crate::jit::CodeJit,
}

/// A namespace dict (an ObjRef index) and the position of a name's entry
/// in it, as last found; checked against the entry's key before use.
#[derive(Clone, Copy, Debug)]
pub struct NameSlot {
    pub dict: u32,
    pub index: u32,
}

impl Default for NameSlot {
    fn default() -> NameSlot {
        // No dict has this index (the heap never grows that far).
        NameSlot { dict: u32::MAX, index: 0 }
    }
}

impl Code {
    pub fn nlocals(&self) -> usize {
        self.varnames.len()
    }
    pub fn line_of(&self, ip: usize) -> u32 {
        self.lines.get(ip).copied().unwrap_or(self.first_line)
    }

    /// A readable listing of this code object and the ones nested in it.
    pub fn disassemble(&self, heap: &crate::gc::Heap) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "code {} ({} locals: {:?})", self.qualname, self.varnames.len(), self.varnames);
        for (i, op) in self.ops.iter().enumerate() {
            let note = match op {
                Op::LoadConst(c) => format!("  ; {}", crate::builtins::format::debug_value(heap, self.consts[*c as usize])),
                Op::LoadGlobal(n, _)
                | Op::StoreGlobal(n)
                | Op::LoadName(n)
                | Op::StoreName(n)
                | Op::LoadAttr(n, _)
                | Op::StoreAttr(n, _)
                | Op::LoadMethod(n, _)
                | Op::ImportName(n)
                | Op::ImportFrom(n) => format!("  ; {}", self.names[*n as usize]),
                Op::LoadFast(s) | Op::StoreFast(s) | Op::LoadDeref(s) | Op::StoreDeref(s) => {
                    format!("  ; {}", self.varnames[*s as usize])
                }
                _ => String::new(),
            };
            let _ = writeln!(out, "{:4} {:4} {:?}{}", self.lines[i], i, op, note);
        }
        for c in &self.codes {
            out.push('\n');
            out.push_str(&c.disassemble(heap));
        }
        out
    }
}
