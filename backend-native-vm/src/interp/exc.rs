//! Exceptions: creating them, matching `except` clauses, chaining, and
//! printing tracebacks the way CPython does.

use std::fmt::Write;
use std::rc::Rc;

use super::{PyResult, Vm};
use crate::compile::bytecode::Code;
use crate::object::{ExcData, Instance, Obj, ObjRef, TraceEntry, TypeKind, Value};

/// A raised exception: the exception instance on the heap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Exc(pub ObjRef);

impl Vm {
    /// A new exception of the builtin class `cls` with a message.
    pub fn err(&mut self, cls: &str, msg: &str) -> Exc {
        let cls = self.ty(cls);
        let args = if msg.is_empty() {
            self.new_tuple(Vec::new())
        } else {
            let m = self.new_str(msg);
            self.new_tuple(vec![m])
        };
        self.new_exception(cls, args)
    }

    pub fn new_exception(&mut self, cls: ObjRef, args: Value) -> Exc {
        let r = self.heap.alloc(Obj::Instance(Instance {
            class: cls,
            spill: crate::object::NO_SPILL,
            dict: Default::default(),
            exc: Some(Box::new(ExcData { args, traceback: Vec::new(), context: Value::None, cause: Value::None, suppress_context: false })),
            native: None,
        }));
        Exc(r)
    }

    pub fn exc_data(&self, e: ObjRef) -> Option<&ExcData> {
        match self.heap.get(e) {
            Obj::Instance(i) => i.exc.as_deref(),
            _ => None,
        }
    }
    fn exc_data_mut(&mut self, e: ObjRef) -> Option<&mut ExcData> {
        match self.heap.get_mut(e) {
            Obj::Instance(i) => i.exc.as_deref_mut(),
            _ => None,
        }
    }

    pub fn add_traceback(&mut self, e: Exc, code: &Rc<Code>, line: u32) {
        let entry = TraceEntry { file: code.filename.clone(), line, func: code.name.clone() };
        if let Some(d) = self.exc_data_mut(e.0) {
            d.traceback.push(entry);
        }
    }

    /// Implicit chaining: an exception raised while handling another.
    pub fn set_context(&mut self, e: Exc, handling: Value) {
        if handling.is(&Value::Obj(e.0)) {
            return;
        }
        if let Some(d) = self.exc_data_mut(e.0) {
            if let Value::None = d.context {
                d.context = handling;
            }
        }
    }
    pub fn set_cause(&mut self, e: Exc, cause: Value) {
        if let Some(d) = self.exc_data_mut(e.0) {
            d.cause = cause;
            d.suppress_context = true;
        }
    }

    pub fn is_subclass(&self, cls: ObjRef, base: ObjRef) -> bool {
        match self.heap.get(cls) {
            Obj::Class(c) => c.mro.contains(&base),
            _ => false,
        }
    }

    pub fn is_exception_class(&self, v: Value) -> bool {
        match v {
            Value::Obj(r) => match self.heap.get(r) {
                Obj::Class(c) => c.kind == TypeKind::Exception,
                _ => false,
            },
            _ => false,
        }
    }

    /// `raise X`: X may be an exception instance or class.
    pub fn make_exception(&mut self, v: Value) -> PyResult<Exc> {
        if let Value::Obj(r) = v {
            if self.exc_data(r).is_some() {
                return Ok(Exc(r));
            }
            if self.is_exception_class(v) {
                let e = self.call(v, &[], &[])?;
                if let Value::Obj(er) = e {
                    if self.exc_data(er).is_some() {
                        return Ok(Exc(er));
                    }
                }
            }
        }
        Err(self.err("TypeError", "exceptions must derive from BaseException"))
    }

    /// Does exception `e` match the class or tuple of classes `cls`?
    pub fn exception_matches(&mut self, e: Value, cls: Value) -> PyResult<bool> {
        let et = self.type_of(e);
        match cls {
            Value::Obj(c) => match self.heap.get(c) {
                Obj::Tuple(xs) => {
                    let xs = xs.clone();
                    for x in xs {
                        if self.exception_matches(e, x)? {
                            return Ok(true);
                        }
                    }
                    Ok(false)
                }
                Obj::Class(_) if self.is_exception_class(cls) => Ok(self.is_subclass(et, c)),
                _ => Err(self.err("TypeError", "catching classes that do not inherit from BaseException is not allowed")),
            },
            _ => Err(self.err("TypeError", "catching classes that do not inherit from BaseException is not allowed")),
        }
    }

    /// `str()` of an OSError with its attributes set, as CPython words it:
    /// `[Errno N] strerror[: 'filename'[ -> 'filename2']]`; None when the
    /// exception has no errno and strerror (then it prints like any other).
    pub fn os_error_str(&mut self, e: ObjRef) -> PyResult<Option<String>> {
        let os_error = self.ty("OSError");
        if !self.is_subclass(self.type_of(Value::Obj(e)), os_error) {
            return Ok(None);
        }
        let attr = |vm: &mut Self, name: &str| vm.get_attr(Value::Obj(e), name).unwrap_or(Value::None);
        let (errno, strerror) = (attr(self, "errno"), attr(self, "strerror"));
        let (f1, f2) = (attr(self, "filename"), attr(self, "filename2"));
        if matches!(errno, Value::None) || matches!(strerror, Value::None) {
            return Ok(None);
        }
        let mut s = format!("[Errno {}] {}", self.to_str(errno)?, self.to_str(strerror)?);
        if !matches!(f1, Value::None) {
            s = format!("{s}: {}", self.repr(f1)?);
            if !matches!(f2, Value::None) {
                s = format!("{s} -> {}", self.repr(f2)?);
            }
        }
        Ok(Some(s))
    }

    pub fn exc_class_name(&self, e: ObjRef) -> String {
        match self.heap.get(e) {
            Obj::Instance(i) => match self.heap.get(i.class) {
                Obj::Class(c) => c.name.to_string(),
                _ => "?".into(),
            },
            _ => "?".into(),
        }
    }

    /// The `Name: message` line of a traceback.
    pub fn exc_summary(&mut self, e: ObjRef) -> String {
        let name = self.exc_class_name(e);
        let msg = match self.to_str(Value::Obj(e)) {
            Ok(s) => s,
            Err(_) => "<exception str() failed>".into(),
        };
        if msg.is_empty() {
            name
        } else {
            format!("{name}: {msg}")
        }
    }

    /// Format an exception with its chain, like CPython's default hook.
    pub fn format_exception(&mut self, e: ObjRef) -> String {
        let mut out = String::new();
        let (cause, context, suppress) = match self.exc_data(e) {
            Some(d) => (d.cause, d.context, d.suppress_context),
            None => (Value::None, Value::None, false),
        };
        if let Value::Obj(c) = cause {
            out.push_str(&self.format_exception(c));
            out.push_str("\nThe above exception was the direct cause of the following exception:\n\n");
        } else if let (Value::Obj(c), false) = (context, suppress) {
            out.push_str(&self.format_exception(c));
            out.push_str("\nDuring handling of the above exception, another exception occurred:\n\n");
        }
        let tb: Vec<TraceEntry> = self.exc_data(e).map(|d| d.traceback.clone()).unwrap_or_default();
        let is_syntax = self.exc_class_name(e) == "SyntaxError";
        if is_syntax {
            if let Some(t) = tb.first() {
                let _ = writeln!(out, "  File \"{}\", line {}", t.file, t.line);
                if let Some(src) = self.source_line(&t.file, t.line) {
                    let _ = writeln!(out, "    {}", src.trim());
                }
            }
        } else if !tb.is_empty() {
            out.push_str("Traceback (most recent call last):\n");
            for t in tb.iter().rev() {
                let _ = writeln!(out, "  File \"{}\", line {}, in {}", t.file, t.line, t.func);
                if let Some(src) = self.source_line(&t.file, t.line) {
                    let _ = writeln!(out, "    {}", src.trim());
                }
            }
        }
        let s = self.exc_summary(e);
        out.push_str(&s);
        out.push('\n');
        out
    }

    fn source_line(&self, file: &str, line: u32) -> Option<String> {
        let src = self.sources.get(file)?;
        src.lines().nth(line.checked_sub(1)? as usize).map(|s| s.to_string())
    }

    /// Print an uncaught exception to stderr (after flushing stdout).
    pub fn print_exception(&mut self, e: Exc) {
        self.flush();
        let s = self.format_exception(e.0);
        eprint!("{s}");
    }
}

/// The OSError subclass CPython picks for an errno (PEP 3151), if it has one.
pub fn os_error_subclass(errno: i32) -> Option<&'static str> {
    use std::io::ErrorKind as K;
    // ESRCH and ECHILD have no ErrorKind of their own; their numbers are the
    // same on every Unix.
    match errno {
        3 => return Some("ProcessLookupError"),
        10 => return Some("ChildProcessError"),
        _ => {}
    }
    Some(match std::io::Error::from_raw_os_error(errno).kind() {
        K::NotFound => "FileNotFoundError",
        K::PermissionDenied => "PermissionError",
        K::AlreadyExists => "FileExistsError",
        K::IsADirectory => "IsADirectoryError",
        K::NotADirectory => "NotADirectoryError",
        K::Interrupted => "InterruptedError",
        K::WouldBlock => "BlockingIOError",
        K::BrokenPipe => "BrokenPipeError",
        K::ConnectionAborted => "ConnectionAbortedError",
        K::ConnectionRefused => "ConnectionRefusedError",
        K::ConnectionReset => "ConnectionResetError",
        K::TimedOut => "TimeoutError",
        _ => return None,
    })
}
