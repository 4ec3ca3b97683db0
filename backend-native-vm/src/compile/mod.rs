//! The compiler: a parsed module (ruff's AST) to [`Code`] objects.
//!
//! One pass per code object after scope analysis. Constructs the VM does not
//! support yet compile to an `Unsupported` instruction at their place, so a
//! program runs up to that point and then fails with a `NotImplementedError`
//! naming the feature and the line.

pub mod bytecode;
mod mangle;
pub mod scope;

use std::cell::Cell;
use std::collections::HashMap;
use std::rc::Rc;

use num_bigint::BigInt;
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::Ranged;

use crate::gc::Heap;
use crate::object::{Obj, PyStr, Value};
use bytecode::{BinOp, CacheEntry, CmpOp, Code, CodeKind, Op};
use scope::{ScopeKind, ScopeTable, Sym};

/// A compile-time failure: a Python `SyntaxError`.
#[derive(Debug, Clone)]
pub struct CompileError {
    pub msg: String,
    pub line: u32,
}

/// Maps byte offsets to 1-based line numbers.
pub struct LineIndex {
    starts: Vec<u32>,
}

impl LineIndex {
    pub fn new(src: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(src.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i as u32 + 1));
        LineIndex { starts }
    }
    pub fn line(&self, offset: u32) -> u32 {
        match self.starts.binary_search(&offset) {
            Ok(i) => i as u32 + 1,
            Err(i) => i as u32,
        }
    }
}

/// Parse and compile a module's source.
pub fn compile_module(src: &str, filename: &str, heap: &mut Heap) -> Result<Rc<Code>, CompileError> {
    let lines = LineIndex::new(src);
    let parsed = ruff_python_parser::parse_module(src).map_err(|e| CompileError {
        msg: e.error.to_string(),
        line: lines.line(e.location.start().to_u32()),
    })?;
    let mut module = parsed.into_syntax();
    let written = mangle::mangle_module(&mut module.body);
    let body = &module.body;
    let scopes = scope::analyze(body).map_err(|(feature, off)| CompileError {
        msg: format!("hilt does not support {feature} yet"),
        line: lines.line(off),
    })?;
    let mut c = Compiler { lines, filename: filename.into(), scopes, heap, units: Vec::new(), written };
    c.push_unit(0, "<module>".into(), "<module>".into(), CodeKind::Module, 1);
    c.body(body)?;
    let none = c.constant(Value::None);
    c.emit(Op::LoadConst(none));
    c.emit(Op::Return);
    Ok(c.pop_unit())
}

enum FBlock {
    Loop { start: usize, breaks: Vec<usize>, for_loop: bool },
    /// A `try` whose handler block is on the VM's block stack.
    Try,
    /// A `try` with a `finally` body to run on early exits.
    Finally(Vec<Stmt>),
    /// Inside an `except` clause: the exception is on the stack and the
    /// cleanup handler is on the block stack.
    Handler,
    /// Inside a `with`: `__exit__` is on the stack below the block.
    With,
}

struct Unit {
    scope: usize,
    name: Rc<str>,
    qualname: Rc<str>,
    kind: CodeKind,
    ops: Vec<Op>,
    lines: Vec<u32>,
    consts: Vec<Value>,
    str_consts: HashMap<String, u32>,
    names: Vec<Rc<str>>,
    name_index: HashMap<String, u32>,
    codes: Vec<Rc<Code>>,
    slots: HashMap<String, u32>,
    varnames: Vec<Rc<str>>,
    cell_slots: Vec<u32>,
    free_slots: Vec<u32>,
    fblocks: Vec<FBlock>,
    line: u32,
    first_line: u32,
    ncaches: u32,
}

struct Compiler<'h> {
    lines: LineIndex,
    filename: Rc<str>,
    scopes: ScopeTable,
    heap: &'h mut Heap,
    units: Vec<Unit>,
    /// The written names of definitions whose private names were mangled
    /// (`mangle.rs`), by statement offset: their `__name__`.
    written: HashMap<u32, String>,
}

type CResult = Result<(), CompileError>;

fn binop(op: ast::Operator) -> BinOp {
    use ast::Operator as O;
    match op {
        O::Add => BinOp::Add,
        O::Sub => BinOp::Sub,
        O::Mult => BinOp::Mul,
        O::MatMult => BinOp::MatMul,
        O::Div => BinOp::TrueDiv,
        O::FloorDiv => BinOp::FloorDiv,
        O::Mod => BinOp::Mod,
        O::Pow => BinOp::Pow,
        O::LShift => BinOp::LShift,
        O::RShift => BinOp::RShift,
        O::BitAnd => BinOp::And,
        O::BitOr => BinOp::Or,
        O::BitXor => BinOp::Xor,
    }
}

fn cmpop(op: ast::CmpOp) -> CmpOp {
    use ast::CmpOp as C;
    match op {
        C::Eq => CmpOp::Eq,
        C::NotEq => CmpOp::Ne,
        C::Lt => CmpOp::Lt,
        C::LtE => CmpOp::Le,
        C::Gt => CmpOp::Gt,
        C::GtE => CmpOp::Ge,
        C::Is => CmpOp::Is,
        C::IsNot => CmpOp::IsNot,
        C::In => CmpOp::In,
        C::NotIn => CmpOp::NotIn,
    }
}

/// Parse an int literal's source token (for values beyond 64 bits).
fn big_literal(token: &str) -> Option<BigInt> {
    let t: String = token.chars().filter(|c| *c != '_').collect();
    let lower = t.to_ascii_lowercase();
    let (digits, radix) = if let Some(r) = lower.strip_prefix("0x") {
        (r.to_string(), 16)
    } else if let Some(r) = lower.strip_prefix("0o") {
        (r.to_string(), 8)
    } else if let Some(r) = lower.strip_prefix("0b") {
        (r.to_string(), 2)
    } else {
        (lower, 10)
    };
    BigInt::parse_bytes(digits.as_bytes(), radix)
}

impl<'h> Compiler<'h> {
    fn u(&mut self) -> &mut Unit {
        self.units.last_mut().expect("compile unit")
    }

    fn push_unit(&mut self, scope: usize, name: Rc<str>, qualname: Rc<str>, kind: CodeKind, first_line: u32) {
        let s = &self.scopes.scopes[scope];
        let mut slots = HashMap::new();
        let mut varnames: Vec<Rc<str>> = Vec::new();
        let mut cell_slots = Vec::new();
        let mut free_slots = Vec::new();
        let add = |n: &str, slots: &mut HashMap<String, u32>, varnames: &mut Vec<Rc<str>>| -> u32 {
            if let Some(i) = slots.get(n) {
                return *i;
            }
            let i = varnames.len() as u32;
            slots.insert(n.to_string(), i);
            varnames.push(n.into());
            i
        };
        for p in &s.params {
            add(p, &mut slots, &mut varnames);
        }
        // Frees in sorted order so parent and child agree on closure layout.
        let mut frees: Vec<&String> = s.syms.iter().filter(|(_, y)| **y == Sym::Free).map(|(n, _)| n).collect();
        frees.sort();
        for n in &s.order {
            match s.sym(n) {
                Sym::Local if kind == CodeKind::Function => {
                    add(n, &mut slots, &mut varnames);
                }
                Sym::Cell => {
                    let i = add(n, &mut slots, &mut varnames);
                    cell_slots.push(i);
                }
                _ => {}
            }
        }
        if s.syms.get("__class__") == Some(&Sym::Cell) {
            let i = add("__class__", &mut slots, &mut varnames);
            if !cell_slots.contains(&i) {
                cell_slots.push(i);
            }
        }
        for n in frees {
            let i = add(n, &mut slots, &mut varnames);
            free_slots.push(i);
        }
        self.units.push(Unit {
            scope,
            name,
            qualname,
            kind,
            ops: Vec::new(),
            lines: Vec::new(),
            consts: Vec::new(),
            str_consts: HashMap::new(),
            names: Vec::new(),
            name_index: HashMap::new(),
            codes: Vec::new(),
            slots,
            varnames,
            cell_slots,
            free_slots,
            fblocks: Vec::new(),
            line: first_line,
            first_line,
            ncaches: 0,
        });
    }

    fn pop_unit(&mut self) -> Rc<Code> {
        let u = self.units.pop().expect("compile unit");
        let s = &self.scopes.scopes[u.scope];
        let (mut argcount, mut posonly, mut kwonly, mut varargs, mut varkw) = (0, 0, 0, false, false);
        if let Some(p) = &s.param_shape {
            argcount = p.0;
            posonly = p.1;
            kwonly = p.2;
            varargs = p.3;
            varkw = p.4;
        }
        if s.params.first().map(|p| p == ".0").unwrap_or(false) {
            argcount = 1;
        }
        let jit = crate::jit::CodeJit::new(u.ops.len());
        Rc::new(Code {
            name: u.name,
            qualname: u.qualname,
            filename: self.filename.clone(),
            kind: u.kind,
            ops: u.ops,
            lines: u.lines,
            consts: u.consts,
            name_slots: u.names.iter().map(|_| Cell::default()).collect(),
            names: u.names,
            codes: u.codes,
            varnames: u.varnames,
            cell_slots: u.cell_slots,
            free_slots: u.free_slots,
            argcount,
            posonly,
            kwonly,
            varargs,
            varkw,
            is_generator: s.is_generator,
            first_line: u.first_line,
            caches: (0..u.ncaches).map(|_| Cell::new(CacheEntry::default())).collect(),
            jit,
        })
    }

    fn emit(&mut self, op: Op) -> usize {
        let u = self.u();
        u.ops.push(op);
        let l = u.line;
        u.lines.push(l);
        u.ops.len() - 1
    }
    fn here(&mut self) -> usize {
        self.u().ops.len()
    }
    /// Point the jump at `at` to the current position.
    fn patch(&mut self, at: usize) {
        let target = self.here() as u32;
        let op = &mut self.u().ops[at];
        *op = match *op {
            Op::Jump(_) => Op::Jump(target),
            Op::JumpIfFalse(_) => Op::JumpIfFalse(target),
            Op::JumpIfTrue(_) => Op::JumpIfTrue(target),
            Op::JumpIfFalseOrPop(_) => Op::JumpIfFalseOrPop(target),
            Op::JumpIfTrueOrPop(_) => Op::JumpIfTrueOrPop(target),
            Op::ForIter(_) => Op::ForIter(target),
            Op::SetupExcept(_) => Op::SetupExcept(target),
            Op::SetupWith(_) => Op::SetupWith(target),
            other => other,
        };
    }
    fn set_line(&mut self, node: &impl Ranged) {
        let l = self.lines.line(node.range().start().to_u32());
        self.u().line = l;
    }
    fn line_of(&self, node: &impl Ranged) -> u32 {
        self.lines.line(node.range().start().to_u32())
    }
    fn err(&self, node: &impl Ranged, msg: impl Into<String>) -> CompileError {
        CompileError { msg: msg.into(), line: self.line_of(node) }
    }

    fn constant(&mut self, v: Value) -> u32 {
        let u = self.u();
        u.consts.push(v);
        u.consts.len() as u32 - 1
    }
    fn str_const(&mut self, s: &str) -> u32 {
        if let Some(i) = self.u().str_consts.get(s) {
            return *i;
        }
        let r = self.heap.alloc(Obj::Str(PyStr::new(s)));
        self.heap.pin(r);
        let i = self.constant(Value::Obj(r));
        self.u().str_consts.insert(s.to_string(), i);
        i
    }
    fn name(&mut self, n: &str) -> u32 {
        if let Some(i) = self.u().name_index.get(n) {
            return *i;
        }
        let u = self.u();
        u.names.push(n.into());
        let i = u.names.len() as u32 - 1;
        u.name_index.insert(n.to_string(), i);
        i
    }
    fn cache(&mut self) -> u32 {
        self.caches(1)
    }
    /// `n` consecutive cache entries; the index of the first.
    fn caches(&mut self, n: u32) -> u32 {
        let u = self.u();
        u.ncaches += n;
        u.ncaches - n
    }
    /// The entries of an attribute instruction's polymorphic cache.
    fn attr_cache(&mut self) -> u32 {
        self.caches(crate::interp::shape::WAYS as u32)
    }
    fn unsupported(&mut self, node: &impl Ranged, feature: &str) {
        self.set_line(node);
        let n = self.name(feature);
        self.emit(Op::Unsupported(n));
    }

    fn scope_kind(&self) -> ScopeKind {
        let u = self.units.last().expect("unit");
        self.scopes.scopes[u.scope].kind
    }
    fn sym(&self, n: &str) -> Sym {
        let u = self.units.last().expect("unit");
        self.scopes.scopes[u.scope].sym(n)
    }

    fn load_name(&mut self, n: &str) {
        match self.sym(n) {
            Sym::Local => {
                let s = self.u().slots[n];
                self.emit(Op::LoadFast(s));
            }
            Sym::Cell | Sym::Free => {
                let s = self.u().slots[n];
                self.emit(Op::LoadDeref(s));
            }
            Sym::Global if self.scope_kind() == ScopeKind::Function => {
                let i = self.name(n);
                let c = self.cache();
                self.emit(Op::LoadGlobal(i, c));
            }
            Sym::Global => {
                let i = self.name(n);
                let c = self.cache();
                self.emit(Op::LoadGlobal(i, c));
            }
            Sym::Name => {
                let i = self.name(n);
                self.emit(Op::LoadName(i));
            }
        }
    }
    fn store_name(&mut self, n: &str) {
        match self.sym(n) {
            Sym::Local => {
                let s = self.u().slots[n];
                self.emit(Op::StoreFast(s));
            }
            Sym::Cell | Sym::Free => {
                let s = self.u().slots[n];
                self.emit(Op::StoreDeref(s));
            }
            Sym::Global => {
                let i = self.name(n);
                self.emit(Op::StoreGlobal(i));
            }
            Sym::Name => {
                let i = self.name(n);
                self.emit(Op::StoreName(i));
            }
        }
    }
    fn delete_name(&mut self, node: &impl Ranged, n: &str) {
        match self.sym(n) {
            Sym::Local => {
                let s = self.u().slots[n];
                self.emit(Op::DeleteFast(s));
            }
            Sym::Cell | Sym::Free => self.unsupported(node, "deleting a closure variable"),
            Sym::Global => {
                let i = self.name(n);
                self.emit(Op::DeleteGlobal(i));
            }
            Sym::Name => {
                let i = self.name(n);
                self.emit(Op::DeleteName(i));
            }
        }
    }

    fn body(&mut self, stmts: &[Stmt]) -> CResult {
        for s in stmts {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmt(&mut self, s: &Stmt) -> CResult {
        self.set_line(s);
        match s {
            Stmt::Expr(e) => {
                self.expr(&e.value)?;
                self.emit(Op::Pop);
            }
            Stmt::Pass(_) => {}
            Stmt::Assign(a) => {
                if let Some((targets, values)) = small_parallel_assign(a) {
                    // `a, b = x, y`: no tuple, the values are rotated into
                    // the order the stores take them (left target first).
                    for v in values {
                        self.expr(v)?;
                    }
                    if values.len() == 3 {
                        self.emit(Op::Rot3);
                    }
                    self.emit(Op::Rot2);
                    for t in targets {
                        self.store(t)?;
                    }
                    return Ok(());
                }
                self.expr(&a.value)?;
                for (i, t) in a.targets.iter().enumerate() {
                    if i + 1 < a.targets.len() {
                        self.emit(Op::Dup);
                    }
                    self.store(t)?;
                }
            }
            Stmt::AugAssign(a) => self.aug_assign(a)?,
            Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    self.expr(v)?;
                    self.store(&a.target)?;
                }
            }
            Stmt::If(i) => {
                let mut ends = Vec::new();
                self.expr(&i.test)?;
                let mut jf = self.emit(Op::JumpIfFalse(0));
                self.body(&i.body)?;
                for clause in &i.elif_else_clauses {
                    ends.push(self.emit(Op::Jump(0)));
                    self.patch(jf);
                    match &clause.test {
                        Some(t) => {
                            self.set_line(t);
                            self.expr(t)?;
                            jf = self.emit(Op::JumpIfFalse(0));
                            self.body(&clause.body)?;
                        }
                        None => {
                            jf = usize::MAX;
                            self.body(&clause.body)?;
                        }
                    }
                }
                if jf != usize::MAX {
                    self.patch(jf);
                }
                for e in ends {
                    self.patch(e);
                }
            }
            Stmt::While(w) => {
                let start = self.here();
                self.expr(&w.test)?;
                let jf = self.emit(Op::JumpIfFalse(0));
                self.u().fblocks.push(FBlock::Loop { start, breaks: Vec::new(), for_loop: false });
                self.body(&w.body)?;
                self.emit(Op::Jump(start as u32));
                let Some(FBlock::Loop { breaks, .. }) = self.u().fblocks.pop() else { unreachable!("loop block") };
                self.patch(jf);
                self.body(&w.orelse)?;
                for b in breaks {
                    self.patch(b);
                }
            }
            Stmt::For(f) => {
                if f.is_async {
                    self.unsupported(s, "async for");
                    return Ok(());
                }
                self.expr(&f.iter)?;
                self.emit(Op::GetIter);
                let start = self.here();
                let fi = self.emit(Op::ForIter(0));
                self.store(&f.target)?;
                self.u().fblocks.push(FBlock::Loop { start, breaks: Vec::new(), for_loop: true });
                self.body(&f.body)?;
                self.emit(Op::Jump(start as u32));
                let Some(FBlock::Loop { breaks, .. }) = self.u().fblocks.pop() else { unreachable!("loop block") };
                self.patch(fi);
                self.body(&f.orelse)?;
                for b in breaks {
                    self.patch(b);
                }
            }
            Stmt::Break(_) | Stmt::Continue(_) => {
                let is_break = matches!(s, Stmt::Break(_));
                let Some(pos) = self.u().fblocks.iter().rposition(|b| matches!(b, FBlock::Loop { .. })) else {
                    return Err(self.err(s, format!("'{}' outside loop", if is_break { "break" } else { "continue" })));
                };
                self.unwind_to(pos + 1, false)?;
                if is_break {
                    if let Some(FBlock::Loop { for_loop: true, .. }) = self.u().fblocks.get(pos) {
                        self.emit(Op::Pop); // the for loop's iterator
                    }
                    let j = self.emit(Op::Jump(0));
                    if let Some(FBlock::Loop { breaks, .. }) = self.u().fblocks.get_mut(pos) {
                        breaks.push(j);
                    }
                } else {
                    let Some(FBlock::Loop { start, .. }) = self.u().fblocks.get(pos) else { unreachable!("loop block") };
                    let start = *start as u32;
                    self.emit(Op::Jump(start));
                }
            }
            Stmt::Return(r) => {
                if self.scope_kind() != ScopeKind::Function {
                    return Err(self.err(s, "'return' outside function"));
                }
                match &r.value {
                    Some(v) => self.expr(v)?,
                    None => {
                        let c = self.constant(Value::None);
                        self.emit(Op::LoadConst(c));
                    }
                }
                self.unwind_to(0, true)?;
                self.emit(Op::Return);
            }
            Stmt::FunctionDef(f) => {
                if f.is_async {
                    self.unsupported(s, "async def");
                    return Ok(());
                }
                if f.type_params.is_some() {
                    self.unsupported(s, "type parameters");
                    return Ok(());
                }
                for d in &f.decorator_list {
                    self.expr(&d.expression)?;
                }
                let written = self.written_name(s, &f.name.id);
                self.function(s, &written, Some(&f.parameters), FuncBody::Stmts(&f.body))?;
                for _ in &f.decorator_list {
                    self.emit(Op::Call(1));
                }
                self.store_name(&f.name.id);
            }
            Stmt::ClassDef(c) => self.class_def(s, c)?,
            Stmt::Delete(d) => {
                for t in &d.targets {
                    self.delete(t)?;
                }
            }
            Stmt::Raise(r) => {
                let mut n = 0;
                if let Some(e) = &r.exc {
                    self.expr(e)?;
                    n = 1;
                    if let Some(c) = &r.cause {
                        self.expr(c)?;
                        n = 2;
                    }
                }
                self.emit(Op::Raise(n));
            }
            Stmt::Try(t) => {
                if t.is_star {
                    self.unsupported(s, "except*");
                    return Ok(());
                }
                self.try_stmt(t)?;
            }
            Stmt::With(w) => {
                if w.is_async {
                    self.unsupported(s, "async with");
                    return Ok(());
                }
                self.with(&w.items, &w.body)?;
            }
            Stmt::Assert(a) => {
                self.expr(&a.test)?;
                let j = self.emit(Op::JumpIfTrue(0));
                let mut n = 0;
                if let Some(m) = &a.msg {
                    self.expr(m)?;
                    n = 1;
                }
                self.emit(Op::AssertFail(n));
                self.patch(j);
            }
            Stmt::Import(i) => {
                for a in &i.names {
                    let full = a.name.id.as_str();
                    let n = self.name(full);
                    self.emit(Op::ImportName(n));
                    match &a.asname {
                        Some(asn) => {
                            if full.contains('.') {
                                self.unsupported(a, "'import a.b as c'");
                            }
                            self.store_name(&asn.id)
                        }
                        None => self.store_name(full.split('.').next().unwrap_or(full)),
                    }
                }
            }
            Stmt::ImportFrom(i) => {
                if i.level > 0 {
                    self.unsupported(s, "relative imports");
                    return Ok(());
                }
                let m = i.module.as_ref().map(|m| m.id.to_string()).unwrap_or_default();
                let n = self.name(&m);
                self.emit(Op::ImportName(n));
                for a in &i.names {
                    if a.name.id.as_str() == "*" {
                        self.emit(Op::ImportStar);
                        return Ok(());
                    }
                    let n = self.name(&a.name.id);
                    self.emit(Op::ImportFrom(n));
                    self.store_name(&a.asname.as_ref().unwrap_or(&a.name).id);
                }
                self.emit(Op::Pop);
            }
            Stmt::Global(_) | Stmt::Nonlocal(_) => {}
            Stmt::Match(_) => self.unsupported(s, "the match statement"),
            Stmt::TypeAlias(_) => self.unsupported(s, "the type statement"),
            Stmt::IpyEscapeCommand(_) => return Err(self.err(s, "invalid syntax")),
        }
        Ok(())
    }

    /// Emit the exits of the blocks above `depth` for an early leave
    /// (return keeps its value on top of the stack: `keep_tos`).
    fn unwind_to(&mut self, depth: usize, keep_tos: bool) -> CResult {
        let mut i = self.u().fblocks.len();
        while i > depth {
            i -= 1;
            let fb = std::mem::replace(&mut self.u().fblocks[i], FBlock::Try);
            match &fb {
                FBlock::Loop { for_loop: false, .. } => {}
                FBlock::Loop { .. } => {
                    if keep_tos {
                        self.emit(Op::Rot2);
                    }
                    self.emit(Op::Pop);
                }
                FBlock::Try => {
                    self.emit(Op::PopBlock);
                }
                FBlock::Finally(body) => {
                    self.emit(Op::PopBlock);
                    // The finally body runs with the blocks outside it.
                    let saved: Vec<FBlock> = self.u().fblocks.drain(i..).collect();
                    let r = self.body(body);
                    self.u().fblocks.extend(saved);
                    r?;
                }
                FBlock::Handler => {
                    self.emit(Op::PopBlock);
                    self.emit(Op::PopExcept);
                    if keep_tos {
                        self.emit(Op::Rot2);
                    }
                    self.emit(Op::Pop);
                }
                FBlock::With => {
                    self.emit(Op::PopBlock);
                    if keep_tos {
                        self.emit(Op::Rot2);
                    }
                    self.call_exit_none();
                }
            }
            self.u().fblocks[i] = fb;
        }
        Ok(())
    }

    /// `[exit] -> []`: call `__exit__(None, None, None)`.
    fn call_exit_none(&mut self) {
        let c = self.constant(Value::None);
        for _ in 0..3 {
            self.emit(Op::LoadConst(c));
        }
        self.emit(Op::Call(3));
        self.emit(Op::Pop);
    }

    fn try_stmt(&mut self, t: &ast::StmtTry) -> CResult {
        if !t.finalbody.is_empty() {
            let setup = self.emit(Op::SetupExcept(0));
            self.u().fblocks.push(FBlock::Finally(t.finalbody.to_vec()));
            if t.handlers.is_empty() {
                self.body(&t.body)?;
            } else {
                self.try_except(&t.body, &t.handlers, &t.orelse)?;
            }
            self.u().fblocks.pop();
            self.emit(Op::PopBlock);
            self.body(&t.finalbody)?;
            let j = self.emit(Op::Jump(0));
            self.patch(setup);
            // Exception path: run the finally body, then re-raise.
            self.body(&t.finalbody)?;
            self.emit(Op::Reraise);
            self.patch(j);
            return Ok(());
        }
        self.try_except(&t.body, &t.handlers, &t.orelse)
    }

    fn try_except(&mut self, body: &[Stmt], handlers: &[ast::ExceptHandler], orelse: &[Stmt]) -> CResult {
        let setup = self.emit(Op::SetupExcept(0));
        self.u().fblocks.push(FBlock::Try);
        self.body(body)?;
        self.u().fblocks.pop();
        self.emit(Op::PopBlock);
        self.body(orelse)?;
        let mut ends = vec![self.emit(Op::Jump(0))];
        self.patch(setup);
        // [exc]
        self.emit(Op::PushExcInfo);
        let cleanup = self.emit(Op::SetupExcept(0));
        for h in handlers {
            let ast::ExceptHandler::ExceptHandler(h) = h;
            self.set_line(h);
            let mut next = None;
            if let Some(ty) = &h.type_ {
                self.expr(ty)?;
                self.emit(Op::MatchExc);
                next = Some(self.emit(Op::JumpIfFalse(0)));
            }
            if let Some(n) = &h.name {
                self.emit(Op::Dup);
                self.store_name(&n.id);
            }
            self.u().fblocks.push(FBlock::Handler);
            self.body(&h.body)?;
            self.u().fblocks.pop();
            self.emit(Op::PopBlock);
            self.emit(Op::PopExcept);
            self.emit(Op::Pop);
            if let Some(n) = &h.name {
                // `except E as n:` unbinds n after the clause (n = None; del n).
                let c = self.constant(Value::None);
                self.emit(Op::LoadConst(c));
                self.store_name(&n.id);
                self.delete_name(n, &n.id);
            }
            ends.push(self.emit(Op::Jump(0)));
            if let Some(j) = next {
                self.patch(j);
            }
        }
        // No clause matched: re-raise the original exception.
        self.emit(Op::PopBlock);
        self.emit(Op::PopExcept);
        self.emit(Op::Reraise);
        // An exception escaped a clause: [exc, exc2].
        self.patch(cleanup);
        self.emit(Op::PopExcept);
        self.emit(Op::Rot2);
        self.emit(Op::Pop);
        self.emit(Op::Reraise);
        for e in ends {
            self.patch(e);
        }
        Ok(())
    }

    fn with(&mut self, items: &[ast::WithItem], body: &[Stmt]) -> CResult {
        let Some((item, rest)) = items.split_first() else {
            return self.body(body);
        };
        self.expr(&item.context_expr)?;
        let setup = self.emit(Op::SetupWith(0));
        match &item.optional_vars {
            Some(v) => self.store(v)?,
            None => {
                self.emit(Op::Pop);
            }
        }
        self.u().fblocks.push(FBlock::With);
        self.with(rest, body)?;
        self.u().fblocks.pop();
        self.emit(Op::PopBlock);
        self.call_exit_none();
        let end = self.emit(Op::Jump(0));
        self.patch(setup);
        // [exit, exc] -> [exit, exc, suppress?]
        self.emit(Op::WithExcept);
        let j = self.emit(Op::JumpIfTrue(0));
        self.emit(Op::Reraise);
        self.patch(j);
        self.emit(Op::Pop);
        self.emit(Op::Pop);
        self.patch(end);
        Ok(())
    }

    fn class_def(&mut self, s: &Stmt, c: &ast::StmtClassDef) -> CResult {
        if c.type_params.is_some() {
            self.unsupported(s, "type parameters");
            return Ok(());
        }
        for d in &c.decorator_list {
            self.expr(&d.expression)?;
        }
        let scope = self.scopes.by_offset[&scope::scope_key(c.range)];
        let written = self.written_name(s, &c.name.id);
        let qual = self.qualname(&written);
        let line = self.line_of(s);
        self.push_unit(scope, written.as_str().into(), qual.into(), CodeKind::Class, line);
        let m = self.name("__name__");
        self.emit(Op::LoadName(m));
        let qn = self.name("__module__");
        self.emit(Op::StoreName(qn));
        let qual_s = self.units.last().expect("unit").qualname.to_string();
        let q = self.str_const(&qual_s);
        self.emit(Op::LoadConst(q));
        let qn = self.name("__qualname__");
        self.emit(Op::StoreName(qn));
        self.body(&c.body)?;
        let class_slot = self.u().slots.get("__class__").copied();
        match class_slot {
            Some(slot) if self.sym("__class__") == Sym::Cell => {
                self.emit(Op::LoadCell(slot));
            }
            _ => {
                let none = self.constant(Value::None);
                self.emit(Op::LoadConst(none));
            }
        }
        self.emit(Op::Return);
        let code = self.pop_unit();
        self.set_line(s);
        let closure = self.closure_for(&code);
        let idx = self.add_code(code);
        self.emit(Op::MakeFunction(idx, if closure { 4 } else { 0 }));
        let name = self.str_const(&written);
        self.emit(Op::LoadConst(name));
        let mut nbases = 0;
        let mut kwnames = Vec::new();
        if let Some(args) = &c.arguments {
            for a in args.args.iter() {
                if let Expr::Starred(_) = a {
                    self.unsupported(a, "starred class bases");
                }
                self.expr(a)?;
                nbases += 1;
            }
            for k in args.keywords.iter() {
                match k.arg.as_ref().map(|a| a.id.as_str()) {
                    Some("metaclass") => self.unsupported(s, "metaclasses (metaclass=...)"),
                    None => self.unsupported(s, "class keywords from **"),
                    Some(n) => {
                        self.expr(&k.value)?;
                        let r = self.heap.alloc(Obj::Str(PyStr::new(n)));
                        self.heap.pin(r);
                        kwnames.push(Value::Obj(r));
                    }
                }
            }
        }
        self.set_line(s);
        if kwnames.is_empty() {
            self.emit(Op::BuildClass(nbases));
        } else {
            let t = self.heap.alloc(Obj::Tuple(kwnames));
            self.heap.pin(t);
            let ci = self.constant(Value::Obj(t));
            self.emit(Op::BuildClassKw(nbases, ci));
        }
        for _ in &c.decorator_list {
            self.emit(Op::Call(1));
        }
        self.store_name(&c.name.id);
        Ok(())
    }

    /// A definition's name as written (before mangling).
    fn written_name(&self, s: &Stmt, stored: &str) -> String {
        self.written.get(&s.range().start().to_u32()).cloned().unwrap_or_else(|| stored.to_string())
    }

    fn qualname(&self, name: &str) -> String {
        let u = self.units.last().expect("unit");
        match u.kind {
            CodeKind::Module => name.to_string(),
            CodeKind::Class => format!("{}.{}", u.qualname, name),
            CodeKind::Function => format!("{}.<locals>.{}", u.qualname, name),
        }
    }

    fn add_code(&mut self, code: Rc<Code>) -> u32 {
        let u = self.u();
        u.codes.push(code);
        u.codes.len() as u32 - 1
    }

    /// Push the cells a nested code object closes over, as a tuple.
    fn closure_for(&mut self, code: &Code) -> bool {
        if code.free_slots.is_empty() {
            return false;
        }
        let names: Vec<Rc<str>> = code.free_slots.iter().map(|s| code.varnames[*s as usize].clone()).collect();
        for n in &names {
            let slot = self.u().slots.get(n.as_ref()).copied();
            match slot {
                Some(s) => {
                    self.emit(Op::LoadCell(s));
                }
                None => {
                    // Unreachable with a consistent scope table; keep the layout.
                    let c = self.constant(Value::None);
                    self.emit(Op::LoadConst(c));
                }
            }
        }
        self.emit(Op::BuildTuple(names.len() as u32));
        true
    }

    fn function(&mut self, node: &impl Ranged, name: &str, params: Option<&ast::Parameters>, body: FuncBody) -> CResult {
        let mut flags = 0;
        if let Some(p) = params {
            let defaults: Vec<&Expr> = p.posonlyargs.iter().chain(p.args.iter()).filter_map(|a| a.default.as_deref()).collect();
            if !defaults.is_empty() {
                for d in &defaults {
                    self.expr(d)?;
                }
                self.emit(Op::BuildTuple(defaults.len() as u32));
                flags |= 1;
            }
            let kwd: Vec<(&str, &Expr)> = p.kwonlyargs.iter().filter_map(|a| a.default.as_deref().map(|d| (a.parameter.name.id.as_str(), d))).collect();
            if !kwd.is_empty() {
                for (n, d) in &kwd {
                    let c = self.str_const(n);
                    self.emit(Op::LoadConst(c));
                    self.expr(d)?;
                }
                self.emit(Op::BuildMap(kwd.len() as u32));
                flags |= 2;
            }
        }
        let scope = self.scopes.by_offset[&scope::scope_key(node.range())];
        if let Some(p) = params {
            self.scopes.scopes[scope].param_shape = Some((
                (p.posonlyargs.len() + p.args.len()) as u32,
                p.posonlyargs.len() as u32,
                p.kwonlyargs.len() as u32,
                p.vararg.is_some(),
                p.kwarg.is_some(),
            ));
        }
        let qual = self.qualname(name);
        let line = self.line_of(node);
        self.push_unit(scope, name.into(), qual.into(), CodeKind::Function, line);
        match body {
            FuncBody::Stmts(stmts) => {
                // A leading string literal is the docstring; it is not a statement to run.
                self.body(stmts)?;
                let none = self.constant(Value::None);
                self.emit(Op::LoadConst(none));
                self.emit(Op::Return);
            }
            FuncBody::Expr(e) => {
                self.expr(e)?;
                self.emit(Op::Return);
            }
        }
        let code = self.pop_unit();
        self.set_line(node);
        if self.closure_for(&code) {
            flags |= 4;
        }
        let idx = self.add_code(code);
        self.emit(Op::MakeFunction(idx, flags));
        Ok(())
    }

    fn store(&mut self, t: &Expr) -> CResult {
        match t {
            Expr::Name(n) => self.store_name(&n.id),
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                let n = self.name(&a.attr.id);
                let c = self.attr_cache();
                self.emit(Op::StoreAttr(n, c));
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.emit(Op::StoreSubscr);
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                let star = elts.iter().position(|e| matches!(e, Expr::Starred(_)));
                match star {
                    None => {
                        self.emit(Op::UnpackSequence(elts.len() as u32));
                    }
                    Some(i) => {
                        if elts.iter().filter(|e| matches!(e, Expr::Starred(_))).count() > 1 {
                            return Err(self.err(t, "multiple starred expressions in assignment"));
                        }
                        self.emit(Op::UnpackEx(i as u32, (elts.len() - i - 1) as u32));
                    }
                }
                for e in elts.iter() {
                    match e {
                        Expr::Starred(s) => self.store(&s.value)?,
                        _ => self.store(e)?,
                    }
                }
            }
            Expr::Starred(_) => return Err(self.err(t, "starred assignment target must be in a list or tuple")),
            _ => return Err(self.err(t, "cannot assign to expression")),
        }
        Ok(())
    }

    fn delete(&mut self, t: &Expr) -> CResult {
        match t {
            Expr::Name(n) => self.delete_name(t, &n.id),
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                let n = self.name(&a.attr.id);
                self.emit(Op::DeleteAttr(n));
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.emit(Op::DeleteSubscr);
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                for e in elts.iter() {
                    self.delete(e)?;
                }
            }
            _ => return Err(self.err(t, "cannot delete expression")),
        }
        Ok(())
    }

    fn aug_assign(&mut self, a: &ast::StmtAugAssign) -> CResult {
        let op = binop(a.op);
        match &*a.target {
            Expr::Name(n) => {
                self.load_name(&n.id);
                self.expr(&a.value)?;
                self.emit(Op::Inplace(op));
                self.store_name(&n.id);
            }
            Expr::Attribute(at) => {
                self.expr(&at.value)?;
                self.emit(Op::Dup);
                let n = self.name(&at.attr.id);
                let c = self.attr_cache();
                self.emit(Op::LoadAttr(n, c));
                self.expr(&a.value)?;
                self.emit(Op::Inplace(op));
                self.emit(Op::Rot2);
                let c = self.attr_cache();
                self.emit(Op::StoreAttr(n, c));
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.emit(Op::Dup2);
                self.emit(Op::Subscr);
                self.expr(&a.value)?;
                self.emit(Op::Inplace(op));
                self.emit(Op::Rot3);
                self.emit(Op::StoreSubscr);
            }
            _ => return Err(self.err(&*a.target, "illegal expression for augmented assignment")),
        }
        Ok(())
    }

    /// Compile a sequence of element expressions, some maybe starred, into
    /// a list on the stack; returns false if none are starred (nothing emitted).
    fn starred_elements(&mut self, elts: &[Expr]) -> Result<bool, CompileError> {
        if !elts.iter().any(|e| matches!(e, Expr::Starred(_))) {
            return Ok(false);
        }
        self.emit(Op::BuildList(0));
        for e in elts {
            match e {
                Expr::Starred(s) => {
                    self.expr(&s.value)?;
                    self.emit(Op::ListExtend(1));
                }
                _ => {
                    self.expr(e)?;
                    self.emit(Op::ListAppend(1));
                }
            }
        }
        Ok(true)
    }

    fn expr(&mut self, e: &Expr) -> CResult {
        match e {
            Expr::NumberLiteral(n) => match &n.value {
                ast::Number::Int(i) => match i.as_i64() {
                    Some(v) => {
                        let c = self.constant(Value::Int(v));
                        self.emit(Op::LoadConst(c));
                    }
                    None => {
                        let big = big_literal(&i.to_string()).ok_or_else(|| self.err(e, "invalid int literal"))?;
                        let r = self.heap.alloc(Obj::BigInt(big));
                        self.heap.pin(r);
                        let c = self.constant(Value::Obj(r));
                        self.emit(Op::LoadConst(c));
                    }
                },
                ast::Number::Float(f) => {
                    let c = self.constant(Value::Float(*f));
                    self.emit(Op::LoadConst(c));
                }
                ast::Number::Complex { .. } => self.unsupported(e, "complex numbers"),
            },
            Expr::StringLiteral(s) => {
                let c = self.str_const(s.value.to_str());
                self.emit(Op::LoadConst(c));
            }
            Expr::BytesLiteral(b) => {
                let bytes: Vec<u8> = b.value.bytes().collect();
                let r = self.heap.alloc(Obj::Bytes(bytes));
                self.heap.pin(r);
                let c = self.constant(Value::Obj(r));
                self.emit(Op::LoadConst(c));
            }
            Expr::BooleanLiteral(b) => {
                let c = self.constant(Value::Bool(b.value));
                self.emit(Op::LoadConst(c));
            }
            Expr::NoneLiteral(_) => {
                let c = self.constant(Value::None);
                self.emit(Op::LoadConst(c));
            }
            Expr::EllipsisLiteral(_) => {
                let c = self.constant(Value::Ellipsis);
                self.emit(Op::LoadConst(c));
            }
            Expr::FString(f) => {
                let mut n = 0;
                for part in f.value.iter() {
                    match part {
                        ast::FStringPart::Literal(l) => {
                            let c = self.str_const(&l.value);
                            self.emit(Op::LoadConst(c));
                            n += 1;
                        }
                        ast::FStringPart::FString(fs) => n += self.fstring_elements(&fs.elements)?,
                    }
                }
                self.emit(Op::BuildString(n));
            }
            Expr::TString(_) => self.unsupported(e, "template strings"),
            Expr::Name(n) => self.load_name(&n.id),
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                let n = self.name(&a.attr.id);
                let c = self.attr_cache();
                self.emit(Op::LoadAttr(n, c));
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.emit(Op::Subscr);
            }
            Expr::Slice(s) => {
                let none = self.constant(Value::None);
                for part in [&s.lower, &s.upper] {
                    match part {
                        Some(x) => self.expr(x)?,
                        None => {
                            self.emit(Op::LoadConst(none));
                        }
                    }
                }
                match &s.step {
                    Some(x) => {
                        self.expr(x)?;
                        self.emit(Op::BuildSlice(3));
                    }
                    None => {
                        self.emit(Op::BuildSlice(2));
                    }
                }
            }
            Expr::Call(c) => self.call(c)?,
            Expr::BinOp(b) => {
                self.expr(&b.left)?;
                self.expr(&b.right)?;
                self.emit(Op::Binary(binop(b.op)));
            }
            Expr::UnaryOp(u) => {
                self.expr(&u.operand)?;
                self.emit(match u.op {
                    ast::UnaryOp::Not => Op::Not,
                    ast::UnaryOp::USub => Op::Neg,
                    ast::UnaryOp::UAdd => Op::Pos,
                    ast::UnaryOp::Invert => Op::Invert,
                });
            }
            Expr::BoolOp(b) => {
                let mut jumps = Vec::new();
                for (i, v) in b.values.iter().enumerate() {
                    self.expr(v)?;
                    if i + 1 < b.values.len() {
                        jumps.push(self.emit(match b.op {
                            ast::BoolOp::And => Op::JumpIfFalseOrPop(0),
                            ast::BoolOp::Or => Op::JumpIfTrueOrPop(0),
                        }));
                    }
                }
                for j in jumps {
                    self.patch(j);
                }
            }
            Expr::Compare(c) => {
                self.expr(&c.left)?;
                let n = c.ops.len();
                if n == 1 {
                    self.expr(&c.comparators[0])?;
                    self.emit(Op::Compare(cmpop(c.ops[0])));
                } else {
                    let mut cleanups = Vec::new();
                    for i in 0..n {
                        self.expr(&c.comparators[i])?;
                        if i + 1 < n {
                            self.emit(Op::Dup);
                            self.emit(Op::Rot3);
                            self.emit(Op::Compare(cmpop(c.ops[i])));
                            cleanups.push(self.emit(Op::JumpIfFalseOrPop(0)));
                        } else {
                            self.emit(Op::Compare(cmpop(c.ops[i])));
                        }
                    }
                    let end = self.emit(Op::Jump(0));
                    for j in cleanups {
                        self.patch(j);
                    }
                    self.emit(Op::Rot2);
                    self.emit(Op::Pop);
                    self.patch(end);
                }
            }
            Expr::If(i) => {
                self.expr(&i.test)?;
                let jf = self.emit(Op::JumpIfFalse(0));
                self.expr(&i.body)?;
                let end = self.emit(Op::Jump(0));
                self.patch(jf);
                self.expr(&i.orelse)?;
                self.patch(end);
            }
            Expr::Named(n) => {
                self.expr(&n.value)?;
                self.emit(Op::Dup);
                self.store(&n.target)?;
            }
            Expr::Tuple(t) => {
                if self.starred_elements(&t.elts)? {
                    self.emit(Op::ListToTuple);
                } else {
                    for x in t.elts.iter() {
                        self.expr(x)?;
                    }
                    self.emit(Op::BuildTuple(t.elts.len() as u32));
                }
            }
            Expr::List(l) => {
                if !self.starred_elements(&l.elts)? {
                    for x in l.elts.iter() {
                        self.expr(x)?;
                    }
                    self.emit(Op::BuildList(l.elts.len() as u32));
                }
            }
            Expr::Set(s) => {
                if self.starred_elements(&s.elts)? {
                    self.emit(Op::BuildSet(0));
                    self.emit(Op::Rot2);
                    self.emit(Op::SetUpdate(1));
                } else {
                    for x in s.elts.iter() {
                        self.expr(x)?;
                    }
                    self.emit(Op::BuildSet(s.elts.len() as u32));
                }
            }
            Expr::Dict(d) => {
                if d.items.iter().any(|i| i.key.is_none()) {
                    self.emit(Op::BuildMap(0));
                    for item in &d.items {
                        match &item.key {
                            Some(k) => {
                                self.expr(k)?;
                                self.expr(&item.value)?;
                                self.emit(Op::MapAdd(1));
                            }
                            None => {
                                self.expr(&item.value)?;
                                self.emit(Op::DictUpdate(1));
                            }
                        }
                    }
                } else {
                    for item in &d.items {
                        if let Some(k) = &item.key {
                            self.expr(k)?;
                        }
                        self.expr(&item.value)?;
                    }
                    self.emit(Op::BuildMap(d.items.len() as u32));
                }
            }
            Expr::Lambda(l) => self.function(e, "<lambda>", l.parameters.as_deref(), FuncBody::Expr(&l.body))?,
            Expr::ListComp(c) => self.comprehension(e, "<listcomp>", &c.generators, Comp::List(&c.elt))?,
            Expr::SetComp(c) => self.comprehension(e, "<setcomp>", &c.generators, Comp::Set(&c.elt))?,
            Expr::DictComp(c) => match &c.key {
                Some(k) => self.comprehension(e, "<dictcomp>", &c.generators, Comp::Dict(k, &c.value))?,
                None => self.unsupported(e, "dict comprehension unpacking"),
            },
            Expr::Generator(c) => self.comprehension(e, "<genexpr>", &c.generators, Comp::Gen(&c.elt))?,
            Expr::Yield(y) => {
                if self.scope_kind() != ScopeKind::Function {
                    return Err(self.err(e, "'yield' outside function"));
                }
                match &y.value {
                    Some(v) => self.expr(v)?,
                    None => {
                        let c = self.constant(Value::None);
                        self.emit(Op::LoadConst(c));
                    }
                }
                self.emit(Op::Yield);
            }
            Expr::YieldFrom(y) => {
                self.expr(&y.value)?;
                self.emit(Op::GetIter);
                let c = self.constant(Value::None);
                self.emit(Op::LoadConst(c));
                self.emit(Op::YieldFrom);
            }
            Expr::Await(_) => self.unsupported(e, "await"),
            Expr::Starred(_) => return Err(self.err(e, "can't use starred expression here")),
            Expr::IpyEscapeCommand(_) => return Err(self.err(e, "invalid syntax")),
        }
        Ok(())
    }

    /// Pieces of one f-string; returns how many were pushed.
    fn fstring_elements(&mut self, elements: &ast::InterpolatedStringElements) -> Result<u32, CompileError> {
        let mut n = 0;
        for el in elements.iter() {
            match el {
                ast::InterpolatedStringElement::Literal(l) => {
                    let c = self.str_const(&l.value);
                    self.emit(Op::LoadConst(c));
                    n += 1;
                }
                ast::InterpolatedStringElement::Interpolation(i) => {
                    let mut conv = match i.conversion {
                        ast::ConversionFlag::None => 0,
                        ast::ConversionFlag::Str => 1,
                        ast::ConversionFlag::Repr => 2,
                        ast::ConversionFlag::Ascii => 3,
                    };
                    if let Some(d) = &i.debug_text {
                        let text = format!("{}{}{}", d.leading(), d.expression(), d.trailing());
                        let c = self.str_const(&text);
                        self.emit(Op::LoadConst(c));
                        n += 1;
                        if conv == 0 && i.format_spec.is_none() {
                            conv = 2;
                        }
                    }
                    self.expr(&i.expression)?;
                    let mut flags = conv << 1;
                    if let Some(spec) = &i.format_spec {
                        let k = self.fstring_elements(&spec.elements)?;
                        self.emit(Op::BuildString(k));
                        flags |= 1;
                    }
                    self.emit(Op::FormatValue(flags));
                    n += 1;
                }
            }
        }
        Ok(n)
    }

    fn comprehension(&mut self, node: &Expr, name: &str, gens: &[ast::Comprehension], kind: Comp) -> CResult {
        if gens.iter().any(|g| g.is_async) {
            self.unsupported(node, "async comprehensions");
            return Ok(());
        }
        let scope = self.scopes.by_offset[&scope::scope_key(node.range())];
        let qual = self.qualname(name);
        let line = self.line_of(node);
        self.push_unit(scope, name.into(), qual.into(), CodeKind::Function, line);
        match kind {
            Comp::List(_) => {
                self.emit(Op::BuildList(0));
            }
            Comp::Set(_) => {
                self.emit(Op::BuildSet(0));
            }
            Comp::Dict(..) => {
                self.emit(Op::BuildMap(0));
            }
            Comp::Gen(_) => {}
        }
        let mut loops = Vec::new();
        for (i, g) in gens.iter().enumerate() {
            if i == 0 {
                self.emit(Op::LoadFast(0));
            } else {
                self.expr(&g.iter)?;
                self.emit(Op::GetIter);
            }
            let start = self.here();
            let fi = self.emit(Op::ForIter(0));
            self.store(&g.target)?;
            let mut skips = Vec::new();
            for cond in &g.ifs {
                self.expr(cond)?;
                skips.push(self.emit(Op::JumpIfFalse(0)));
            }
            loops.push((start, fi, skips));
        }
        let depth = gens.len() as u32 + 1;
        match kind {
            Comp::List(x) => {
                self.expr(x)?;
                self.emit(Op::ListAppend(depth));
            }
            Comp::Set(x) => {
                self.expr(x)?;
                self.emit(Op::SetAdd(depth));
            }
            Comp::Dict(k, v) => {
                self.expr(k)?;
                self.expr(v)?;
                self.emit(Op::MapAdd(depth));
            }
            Comp::Gen(x) => {
                self.expr(x)?;
                self.emit(Op::Yield);
                self.emit(Op::Pop);
            }
        }
        for (start, fi, skips) in loops.into_iter().rev() {
            for s in skips {
                let op = &mut self.u().ops[s];
                *op = Op::JumpIfFalse(start as u32);
            }
            self.emit(Op::Jump(start as u32));
            self.patch(fi);
        }
        if let Comp::Gen(_) = kind {
            let none = self.constant(Value::None);
            self.emit(Op::LoadConst(none));
        }
        self.emit(Op::Return);
        let code = self.pop_unit();
        self.set_line(node);
        let mut flags = 0;
        if self.closure_for(&code) {
            flags |= 4;
        }
        let idx = self.add_code(code);
        self.emit(Op::MakeFunction(idx, flags));
        self.expr(&gens[0].iter)?;
        self.emit(Op::GetIter);
        self.emit(Op::Call(1));
        Ok(())
    }

    fn call(&mut self, c: &ast::ExprCall) -> CResult {
        let args = &c.arguments;
        let has_star = args.args.iter().any(|a| matches!(a, Expr::Starred(_))) || args.keywords.iter().any(|k| k.arg.is_none());
        // Zero-argument super() inside a method: super(__class__, first_arg).
        if let Expr::Name(n) = &*c.func {
            if n.id.as_str() == "super" && args.args.is_empty() && args.keywords.is_empty() && self.sym("__class__") == Sym::Free {
                let u = self.units.last().expect("unit");
                let first = self.scopes.scopes[u.scope].params.first().cloned();
                if let Some(first) = first {
                    self.load_name("super");
                    self.load_name("__class__");
                    self.load_name(&first);
                    self.emit(Op::Call(2));
                    return Ok(());
                }
            }
        }
        if has_star {
            self.expr(&c.func)?;
            if !self.starred_elements(&args.args)? {
                for a in args.args.iter() {
                    self.expr(a)?;
                }
                self.emit(Op::BuildList(args.args.len() as u32));
            }
            self.emit(Op::ListToTuple);
            if args.keywords.is_empty() {
                let none = self.constant(Value::None);
                self.emit(Op::LoadConst(none));
            } else {
                self.emit(Op::BuildMap(0));
                for k in args.keywords.iter() {
                    match &k.arg {
                        Some(name) => {
                            let s = self.str_const(&name.id);
                            self.emit(Op::LoadConst(s));
                            self.expr(&k.value)?;
                            self.emit(Op::MapAdd(1));
                        }
                        None => {
                            self.expr(&k.value)?;
                            self.emit(Op::DictUpdate(1));
                        }
                    }
                }
            }
            self.emit(Op::CallEx);
            return Ok(());
        }
        if let (Expr::Attribute(a), true) = (&*c.func, args.keywords.is_empty()) {
            self.expr(&a.value)?;
            let n = self.name(&a.attr.id);
            let cache = self.attr_cache();
            self.emit(Op::LoadMethod(n, cache));
            for x in args.args.iter() {
                self.expr(x)?;
            }
            self.set_line(c);
            self.emit(Op::CallMethod(args.args.len() as u32));
            return Ok(());
        }
        self.expr(&c.func)?;
        for x in args.args.iter() {
            self.expr(x)?;
        }
        for k in args.keywords.iter() {
            self.expr(&k.value)?;
        }
        self.set_line(c);
        if args.keywords.is_empty() {
            self.emit(Op::Call(args.args.len() as u32));
        } else {
            let names: Vec<Value> = args
                .keywords
                .iter()
                .map(|k| {
                    let name = k.arg.as_ref().map(|a| a.id.as_str()).unwrap_or("");
                    let r = self.heap.alloc(Obj::Str(PyStr::new(name)));
                    self.heap.pin(r);
                    Value::Obj(r)
                })
                .collect();
            let t = self.heap.alloc(Obj::Tuple(names));
            self.heap.pin(t);
            let ci = self.constant(Value::Obj(t));
            self.emit(Op::CallKw((args.args.len() + args.keywords.len()) as u32, ci));
        }
        Ok(())
    }
}

enum FuncBody<'a> {
    Stmts(&'a [Stmt]),
    Expr(&'a Expr),
}

enum Comp<'a> {
    List(&'a Expr),
    Set(&'a Expr),
    Dict(&'a Expr, &'a Expr),
    Gen(&'a Expr),
}

/// `t1, t2 = v1, v2` (or three of each), without starred items: the
/// target and value expressions.
fn small_parallel_assign(a: &ast::StmtAssign) -> Option<(&[Expr], &[Expr])> {
    let [target] = &a.targets[..] else { return None };
    let targets = match target {
        Expr::Tuple(t) => &t.elts[..],
        Expr::List(l) => &l.elts[..],
        _ => return None,
    };
    let Expr::Tuple(v) = &*a.value else { return None };
    let values = &v.elts[..];
    let starred = |e: &Expr| matches!(e, Expr::Starred(_));
    if targets.len() != values.len() || !(2..=3).contains(&values.len()) || targets.iter().any(starred) || values.iter().any(starred) {
        return None;
    }
    Some((targets, values))
}
