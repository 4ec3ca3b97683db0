//! Private name mangling, as a pass over the AST before scope analysis:
//! inside a class body (and everything nested in it) an identifier
//! `__x` that does not end in `__` means `_Class__x`, after the innermost
//! enclosing class with its leading underscores stripped. Renaming the
//! tree once keeps scope analysis and code generation in agreement; only
//! a renamed `def`/`class` keeps its written name for `__name__` and
//! `__qualname__`, returned here by the statement's start offset.
//! Keyword argument names in calls are not mangled (CPython leaves them).

use std::cell::RefCell;
use std::collections::HashMap;

use ruff_python_ast::visitor::transformer::{walk_except_handler, walk_expr, walk_parameter, walk_stmt, Transformer};
use ruff_python_ast::{self as ast, ExceptHandler, Expr, Identifier, Parameter, Stmt};
use ruff_text_size::Ranged;

/// Mangle every private name in `body`; the written names of renamed
/// definitions, by offset.
pub fn mangle_module(body: &mut [Stmt]) -> HashMap<u32, String> {
    let m = Mangler { classes: RefCell::new(Vec::new()), written: RefCell::new(HashMap::new()) };
    for s in body.iter_mut() {
        m.visit_stmt(s);
    }
    m.written.into_inner()
}

struct Mangler {
    /// Enclosing class names, innermost last.
    classes: RefCell<Vec<String>>,
    written: RefCell<HashMap<u32, String>>,
}

impl Mangler {
    fn mangled(&self, name: &str) -> Option<String> {
        let classes = self.classes.borrow();
        let owner = classes.last()?.trim_start_matches('_');
        (name.starts_with("__") && !name.ends_with("__") && !name.contains('.') && !owner.is_empty()).then(|| format!("_{owner}{name}"))
    }

    fn rename(&self, id: &mut Identifier) {
        if let Some(m) = self.mangled(id.id.as_str()) {
            id.id = m.into();
        }
    }

    /// A definition's name is mangled where it is stored, but keeps its
    /// written form for its own `__name__`.
    fn rename_def(&self, id: &mut Identifier, at: u32) {
        if let Some(m) = self.mangled(id.id.as_str()) {
            self.written.borrow_mut().insert(at, id.id.to_string());
            id.id = m.into();
        }
    }
}

impl Transformer for Mangler {
    fn visit_stmt(&self, stmt: &mut Stmt) {
        let at = stmt.range().start().to_u32();
        match stmt {
            Stmt::ClassDef(c) => {
                let written = c.name.id.to_string();
                self.rename_def(&mut c.name, at);
                for d in c.decorator_list.iter_mut() {
                    self.visit_decorator(d);
                }
                if let Some(a) = c.arguments.as_deref_mut() {
                    self.visit_arguments(a);
                }
                // The body is in the class's own context, under its written name.
                self.classes.borrow_mut().push(written);
                self.visit_body(&mut c.body);
                self.classes.borrow_mut().pop();
            }
            Stmt::FunctionDef(f) => {
                self.rename_def(&mut f.name, at);
                walk_stmt(self, stmt);
            }
            Stmt::Global(ast::StmtGlobal { names, .. }) | Stmt::Nonlocal(ast::StmtNonlocal { names, .. }) => {
                for n in names.iter_mut() {
                    self.rename(n);
                }
            }
            Stmt::Import(ast::StmtImport { names, .. }) | Stmt::ImportFrom(ast::StmtImportFrom { names, .. }) => {
                // The module or attribute imported is found by its written
                // name; only the name it is stored under is mangled.
                for a in names.iter_mut() {
                    match &mut a.asname {
                        Some(n) => self.rename(n),
                        None if !a.name.id.contains('.') => {
                            if let Some(m) = self.mangled(a.name.id.as_str()) {
                                a.asname = Some(Identifier::new(m, a.name.range));
                            }
                        }
                        None => {}
                    }
                }
            }
            _ => walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&self, expr: &mut Expr) {
        match expr {
            Expr::Name(n) => {
                if let Some(m) = self.mangled(n.id.as_str()) {
                    n.id = m.into();
                }
            }
            Expr::Attribute(a) => self.rename(&mut a.attr),
            _ => {}
        }
        walk_expr(self, expr);
    }

    fn visit_parameter(&self, p: &mut Parameter) {
        self.rename(&mut p.name);
        walk_parameter(self, p);
    }

    fn visit_except_handler(&self, h: &mut ExceptHandler) {
        let ExceptHandler::ExceptHandler(e) = h;
        if let Some(n) = e.name.as_mut() {
            self.rename(n);
        }
        walk_except_handler(self, h);
    }
}
