//! Scope analysis: decides for every name in every scope whether it is a
//! fast local, a cell (captured by an inner function), a free variable
//! (read from the closure), a global, or a dict name (module and class
//! bodies). Runs over the whole module before code generation.

use std::collections::{HashMap, HashSet};

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, Stmt};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ScopeKind {
    Module,
    Class,
    Function,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Sym {
    Local,
    Cell,
    Free,
    /// Declared `global`, or read in a function without being bound.
    Global,
    /// Module and class bodies: looked up in the namespace dict.
    Name,
}

pub struct Scope {
    pub kind: ScopeKind,
    pub params: Vec<String>,
    /// Names in first-seen order (slot order for functions).
    pub order: Vec<String>,
    assigned: HashSet<String>,
    used: HashSet<String>,
    globals: HashSet<String>,
    nonlocals: HashSet<String>,
    pub children: Vec<usize>,
    pub syms: HashMap<String, Sym>,
    pub is_generator: bool,
    /// A method that calls `super()` needs the `__class__` cell.
    pub needs_class_cell: bool,
    parent_is_class: bool,
    /// (positional count, positional-only, keyword-only, *args, **kwargs),
    /// filled in by the compiler.
    pub param_shape: Option<(u32, u32, u32, bool, bool)>,
}

impl Scope {
    fn new(kind: ScopeKind, parent_is_class: bool) -> Scope {
        Scope {
            kind,
            params: Vec::new(),
            order: Vec::new(),
            assigned: HashSet::new(),
            used: HashSet::new(),
            globals: HashSet::new(),
            nonlocals: HashSet::new(),
            children: Vec::new(),
            syms: HashMap::new(),
            is_generator: false,
            needs_class_cell: false,
            parent_is_class,
            param_shape: None,
        }
    }
    pub fn sym(&self, name: &str) -> Sym {
        match self.syms.get(name) {
            Some(s) => *s,
            None if self.kind == ScopeKind::Function => Sym::Global,
            None => Sym::Name,
        }
    }
}

/// Scopes are found by their node's whole source range: a generator
/// expression and the comprehension that starts it share a start offset.
pub fn scope_key(r: ruff_text_size::TextRange) -> u64 {
    ((r.start().to_u32() as u64) << 32) | r.end().to_u32() as u64
}

/// All scopes of a module, found by the source offset of the node that opens them.
pub struct ScopeTable {
    pub scopes: Vec<Scope>,
    pub by_offset: HashMap<u64, usize>,
}

pub fn analyze(body: &[Stmt]) -> Result<ScopeTable, (String, u32)> {
    let mut b = Builder { scopes: vec![Scope::new(ScopeKind::Module, false)], by_offset: HashMap::new(), stack: vec![0], error: None };
    b.visit_body(body);
    if let Some(e) = b.error {
        return Err(e);
    }
    let mut t = ScopeTable { scopes: b.scopes, by_offset: b.by_offset };
    resolve(&mut t, 0, &HashSet::new());
    Ok(t)
}

struct Builder {
    scopes: Vec<Scope>,
    by_offset: HashMap<u64, usize>,
    stack: Vec<usize>,
    error: Option<(String, u32)>,
}

impl Builder {
    fn cur(&mut self) -> &mut Scope {
        let i = *self.stack.last().expect("scope stack");
        &mut self.scopes[i]
    }
    fn note(&mut self, name: &str) {
        let s = self.cur();
        if !s.order.iter().any(|n| n == name) {
            s.order.push(name.to_string());
        }
    }
    fn bind(&mut self, name: &str) {
        self.note(name);
        self.cur().assigned.insert(name.to_string());
    }
    fn use_name(&mut self, name: &str) {
        self.note(name);
        self.cur().used.insert(name.to_string());
    }
    fn push(&mut self, kind: ScopeKind, offset: u64) -> usize {
        let parent_is_class = self.cur().kind == ScopeKind::Class;
        let id = self.scopes.len();
        self.scopes.push(Scope::new(kind, parent_is_class));
        let parent = *self.stack.last().expect("scope stack");
        self.scopes[parent].children.push(id);
        self.by_offset.insert(offset, id);
        self.stack.push(id);
        id
    }
    fn params(&mut self, p: &'_ ast::Parameters) {
        let names = p
            .posonlyargs
            .iter()
            .chain(p.args.iter())
            .map(|a| a.parameter.name.id.to_string())
            .chain(p.vararg.iter().map(|a| a.name.id.to_string()))
            .chain(p.kwonlyargs.iter().map(|a| a.parameter.name.id.to_string()))
            .chain(p.kwarg.iter().map(|a| a.name.id.to_string()));
        for n in names.collect::<Vec<_>>() {
            self.bind(&n);
            self.cur().params.push(n);
        }
    }
    fn param_defaults(&mut self, p: &ast::Parameters) {
        for a in p.posonlyargs.iter().chain(p.args.iter()).chain(p.kwonlyargs.iter()) {
            if let Some(d) = &a.default {
                self.visit_expr(d);
            }
        }
    }
    fn comprehension<'a>(&mut self, offset: u64, gens: &'a [ast::Comprehension], elts: &[&'a Expr], is_gen: bool) {
        // The first iterable is evaluated in the enclosing scope.
        self.visit_expr(&gens[0].iter);
        self.push(ScopeKind::Function, offset);
        self.bind(".0");
        self.cur().params.push(".0".into());
        self.cur().is_generator = is_gen;
        for (i, g) in gens.iter().enumerate() {
            if i > 0 {
                self.visit_expr(&g.iter);
            }
            self.visit_expr(&g.target);
            for c in &g.ifs {
                self.visit_expr(c);
            }
        }
        for e in elts {
            self.visit_expr(e);
        }
        self.stack.pop();
    }
}

impl<'a> Visitor<'a> for Builder {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(f) => {
                for d in &f.decorator_list {
                    self.visit_expr(&d.expression);
                }
                self.param_defaults(&f.parameters);
                self.bind(&f.name.id);
                self.push(ScopeKind::Function, scope_key(f.range));
                self.params(&f.parameters);
                self.visit_body(&f.body);
                self.stack.pop();
            }
            Stmt::ClassDef(c) => {
                for d in &c.decorator_list {
                    self.visit_expr(&d.expression);
                }
                if let Some(args) = &c.arguments {
                    self.visit_arguments(args);
                }
                self.bind(&c.name.id);
                self.push(ScopeKind::Class, scope_key(c.range));
                self.visit_body(&c.body);
                self.stack.pop();
            }
            Stmt::Global(g) => {
                for n in &g.names {
                    self.note(&n.id);
                    self.cur().globals.insert(n.id.to_string());
                }
            }
            Stmt::Nonlocal(g) => {
                for n in &g.names {
                    self.note(&n.id);
                    self.cur().nonlocals.insert(n.id.to_string());
                }
            }
            Stmt::Import(i) => {
                for a in &i.names {
                    let n = a.asname.as_ref().map(|x| x.id.to_string()).unwrap_or_else(|| a.name.id.split('.').next().unwrap_or("").to_string());
                    self.bind(&n);
                }
            }
            Stmt::ImportFrom(i) => {
                for a in &i.names {
                    let n = a.asname.as_ref().unwrap_or(&a.name);
                    if n.id.as_str() != "*" {
                        self.bind(&n.id);
                    }
                }
            }
            _ => visitor::walk_stmt(self, stmt),
        }
    }

    fn visit_except_handler(&mut self, h: &'a ast::ExceptHandler) {
        let ast::ExceptHandler::ExceptHandler(h2) = h;
        if let Some(n) = &h2.name {
            self.bind(&n.id);
        }
        visitor::walk_except_handler(self, h);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Name(n) => match n.ctx {
                ast::ExprContext::Load => {
                    self.use_name(&n.id);
                    if n.id.as_str() == "super" {
                        let s = self.cur();
                        if s.kind == ScopeKind::Function && s.parent_is_class {
                            s.needs_class_cell = true;
                        }
                    }
                }
                _ => self.bind(&n.id),
            },
            Expr::Lambda(l) => {
                if let Some(p) = &l.parameters {
                    self.param_defaults(p);
                }
                self.push(ScopeKind::Function, scope_key(l.range));
                if let Some(p) = &l.parameters {
                    self.params(p);
                }
                self.visit_expr(&l.body);
                self.stack.pop();
            }
            Expr::ListComp(c) => self.comprehension(scope_key(c.range), &c.generators, &[&c.elt], false),
            Expr::SetComp(c) => self.comprehension(scope_key(c.range), &c.generators, &[&c.elt], false),
            Expr::Generator(c) => self.comprehension(scope_key(c.range), &c.generators, &[&c.elt], true),
            Expr::DictComp(c) => {
                let mut elts: Vec<&Expr> = vec![&c.value];
                if let Some(k) = &c.key {
                    elts.insert(0, k);
                }
                self.comprehension(scope_key(c.range), &c.generators, &elts, false)
            }
            Expr::Yield(_) | Expr::YieldFrom(_) => {
                self.cur().is_generator = true;
                visitor::walk_expr(self, expr)
            }
            Expr::Named(n) => {
                // In a comprehension, `:=` binds in the nearest enclosing
                // non-comprehension scope; the comprehensions in between
                // reach it as a closure (or global) variable.
                let is_comp = |s: &Scope| s.params.first().map(|p| p == ".0").unwrap_or(false);
                if let (Expr::Name(target), true) = (&*n.target, is_comp(self.cur())) {
                    let name = target.id.to_string();
                    let k = self.stack.iter().rposition(|i| !is_comp(&self.scopes[*i])).unwrap_or(0);
                    let owner = self.stack[k];
                    match self.scopes[owner].kind {
                        ScopeKind::Class => {
                            self.error = Some(("assignment expression within a comprehension cannot be used in a class body".into(), n.range.start().to_u32()));
                        }
                        kind => {
                            let o = &mut self.scopes[owner];
                            if !o.order.contains(&name) {
                                o.order.push(name.clone());
                            }
                            o.assigned.insert(name.clone());
                            for i in self.stack[k + 1..].to_vec() {
                                let s = &mut self.scopes[i];
                                if !s.order.contains(&name) {
                                    s.order.push(name.clone());
                                }
                                if kind == ScopeKind::Module {
                                    s.globals.insert(name.clone());
                                } else {
                                    s.nonlocals.insert(name.clone());
                                }
                            }
                        }
                    }
                }
                visitor::walk_expr(self, expr)
            }
            _ => visitor::walk_expr(self, expr),
        }
    }
}

/// Top-down: `env` holds the names bound in enclosing function scopes.
fn resolve(t: &mut ScopeTable, id: usize, env: &HashSet<String>) {
    let mut syms = HashMap::new();
    {
        let s = &t.scopes[id];
        for n in &s.order {
            let sym = if s.globals.contains(n) {
                Sym::Global
            } else if s.nonlocals.contains(n) {
                Sym::Free
            } else if s.kind == ScopeKind::Function && s.assigned.contains(n) {
                Sym::Local
            } else if s.kind != ScopeKind::Module && !s.assigned.contains(n) && env.contains(n) {
                Sym::Free
            } else if s.kind == ScopeKind::Function {
                Sym::Global
            } else {
                Sym::Name
            };
            syms.insert(n.clone(), sym);
        }
        if s.needs_class_cell {
            syms.insert("__class__".into(), Sym::Free);
        }
    }
    let kind = t.scopes[id].kind;
    let child_env: HashSet<String> = match kind {
        ScopeKind::Function => {
            let mut e = env.clone();
            e.extend(syms.iter().filter(|(_, s)| matches!(s, Sym::Local | Sym::Free)).map(|(n, _)| n.clone()));
            e
        }
        ScopeKind::Class => {
            let mut e = env.clone();
            e.insert("__class__".into());
            e
        }
        ScopeKind::Module => HashSet::new(),
    };
    t.scopes[id].syms = syms;
    let children = t.scopes[id].children.clone();
    for c in children {
        resolve(t, c, &child_env);
        let frees: Vec<String> = t.scopes[c].syms.iter().filter(|(_, s)| **s == Sym::Free).map(|(n, _)| n.clone()).collect();
        let me = &mut t.scopes[id];
        for n in frees {
            if kind == ScopeKind::Class && n == "__class__" {
                me.syms.insert(n, Sym::Cell);
                continue;
            }
            match me.syms.get(&n) {
                Some(Sym::Local) if kind == ScopeKind::Function => {
                    me.syms.insert(n, Sym::Cell);
                }
                Some(Sym::Cell) | Some(Sym::Free) => {}
                _ => {
                    if !me.order.contains(&n) {
                        me.order.push(n.clone());
                    }
                    me.syms.insert(n, Sym::Free);
                }
            }
        }
    }
}
