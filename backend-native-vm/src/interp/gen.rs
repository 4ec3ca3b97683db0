//! Generators: resuming a suspended frame with a value (`next`, `send`),
//! with an exception raised at its `yield` (`throw`), and closing it
//! (`GeneratorExit` raised at the `yield`, so its `finally` blocks and
//! `with` exits run). A generator suspended in `yield from` passes
//! `throw` and `close` on to the iterator it delegates to first. A
//! generator collected whole is drained: run to its end in one go.

use super::iter::SendResult;
use super::{Exc, Exit, Frame, PyResult, Vm};
use crate::compile::bytecode::Op;
use crate::object::{Obj, ObjRef, Value};

/// How a suspended generator continues.
enum Resume {
    /// With this value as the result of its `yield`.
    Send(Value),
    /// With this exception raised at its `yield`.
    Throw(Exc),
    /// Its `yield from` is over, with this value as its result.
    Delegated(Value),
}

impl Vm {
    /// Resume a generator: `Ok(Some(v))` when it yields, `Ok(None)` with the
    /// return value stored in `ret` when it finishes.
    pub fn resume_generator(&mut self, g: ObjRef, sent: Value, ret: &mut Value) -> PyResult<Option<Value>> {
        self.resume(g, Resume::Send(sent), ret, false)
    }

    /// Run a generator to its end as `next()` would, each value it yields
    /// pushed on `temp_roots` (so rooted), without suspending its frame
    /// between them: what collecting a generator (`list(g)`, `set(x for
    /// ...)`) does, minus saving and restoring its frame per value.
    pub(crate) fn drain_generator(&mut self, g: ObjRef) -> PyResult<()> {
        let mut ret = Value::None;
        self.resume(g, Resume::Send(Value::None), &mut ret, true).map(|_| ())
    }

    /// Resume `g` as `how` says, up to its next `yield` (`Ok(Some(v))`) or
    /// its end (`Ok(None)`, the return value in `ret`); with `drain`, on
    /// past every `yield` (see [`Vm::drain_generator`]).
    fn resume(&mut self, g: ObjRef, how: Resume, ret: &mut Value, drain: bool) -> PyResult<Option<Value>> {
        let Obj::Generator(gen) = self.heap.get_mut(g) else { unreachable!("generator") };
        if gen.finished {
            return match how {
                Resume::Throw(e) => Err(e),
                _ => Ok(None),
            };
        }
        if gen.running {
            return Err(self.err("ValueError", "generator already executing"));
        }
        if !gen.started {
            match how {
                Resume::Send(Value::None) => {}
                Resume::Send(_) => return Err(self.err("TypeError", "can't send non-None value to a just-started generator")),
                // Thrown before it ran: it never runs.
                Resume::Throw(e) => {
                    self.finish_generator(g);
                    return Err(e);
                }
                Resume::Delegated(_) => unreachable!("delegation before start"),
            }
        }
        let Obj::Generator(gen) = self.heap.get_mut(g) else { unreachable!("generator") };
        gen.running = true;
        let started = std::mem::replace(&mut gen.started, true);
        let code = gen.code.clone();
        let mut ip = gen.ip;
        let func = gen.func;
        let fpos = self.stack.len();
        self.stack.push(Value::Obj(g));
        let base = fpos + 1;
        // Copied, not taken: the saved vectors are reused at the next
        // yield (most generators have no blocks or exceptions to move).
        self.stack.extend_from_slice(&gen.stack);
        let blocks_base = self.blocks.len();
        let handling_base = self.handling.len();
        if !gen.handling.is_empty() {
            self.handling.extend_from_slice(&gen.handling);
            gen.handling.clear();
        }
        if !gen.blocks.is_empty() {
            for b in &gen.blocks {
                self.blocks.push(super::Block { handler: b.handler, sp: b.sp + base as u32, handling: b.handling + handling_base as u32 });
            }
            gen.blocks.clear();
        }
        let globals = match self.heap.get(func) {
            Obj::Function(f) => f.globals,
            _ => unreachable!("generator function"),
        };
        let mut pending = None;
        match how {
            Resume::Send(sent) if started => self.stack.push(sent),
            Resume::Send(_) => {}
            Resume::Throw(e) => pending = Some(e),
            Resume::Delegated(v) => {
                // The iterator under the `yield from` becomes its result.
                *self.stack.last_mut().expect("delegate") = v;
                ip += 1;
            }
        }
        let frame = Frame { code, func: Value::Obj(func), globals, locals: None, base, blocks_base, handling_base };
        let outer_drain = if drain { std::mem::replace(&mut self.drain_base, base) } else { self.drain_base };
        let r = loop {
            let r = match (pending.take(), frame.code.jit.compiled()) {
                // Compiled: straight into its machine code (`run_frame_with`
                // without the JIT's call counting).
                (None, Some(jitted)) => match self.enter_frame() {
                    Ok(()) => {
                        let r = self.jitted_frame_loop(&frame, ip, None, jitted);
                        self.depth -= 1;
                        r
                    }
                    Err(e) => Err(e),
                },
                (pending, _) => self.run_frame_with(&frame, ip, pending),
            };
            match r {
                // Draining: the value kept, and the frame (its stack,
                // blocks and handled exceptions where they are) goes on as
                // if resumed with None.
                Ok((Exit::Yield(v), next_ip)) if drain => {
                    self.temp_roots.push(v);
                    self.stack.push(Value::None);
                    ip = next_ip;
                }
                r => break r,
            }
        };
        self.drain_base = outer_drain;
        let out = match r {
            Ok((Exit::Yield(v), next_ip)) => {
                if let Obj::Generator(gen) = self.heap.get_mut(g) {
                    gen.stack.clear();
                    gen.stack.extend_from_slice(&self.stack[base..]);
                    // Saved relative to the frame's bases, which differ at
                    // the next resume.
                    if self.blocks.len() > blocks_base {
                        gen.blocks.extend(self.blocks.drain(blocks_base..).map(|b| super::Block { handler: b.handler, sp: b.sp - base as u32, handling: b.handling - handling_base as u32 }));
                    }
                    if self.handling.len() > handling_base {
                        gen.handling.extend(self.handling.drain(handling_base..));
                    }
                    gen.ip = next_ip;
                    gen.running = false;
                }
                Ok(Some(v))
            }
            Ok((Exit::Return(v), _)) => {
                *ret = v;
                self.finish_generator(g);
                Ok(None)
            }
            Err(e) => {
                // Its blocks and handled exceptions are gone with it (also
                // when it never started running: RecursionError on entry).
                self.blocks.truncate(blocks_base);
                self.handling.truncate(handling_base);
                self.finish_generator(g);
                // PEP 479: a StopIteration escaping the body would read as
                // the generator's end to whoever iterates it.
                if self.exc_is(e, "StopIteration") {
                    self.temp_roots.push(Value::Obj(e.0));
                    let w = self.err("RuntimeError", "generator raised StopIteration");
                    self.temp_roots.pop();
                    self.set_cause(w, Value::Obj(e.0));
                    self.set_context(w, Value::Obj(e.0));
                    Err(w)
                } else {
                    Err(e)
                }
            }
        };
        self.stack.truncate(fpos);
        out
    }

    fn finish_generator(&mut self, g: ObjRef) {
        if let Obj::Generator(gen) = self.heap.get_mut(g) {
            gen.finished = true;
            gen.running = false;
            gen.stack.clear();
            gen.blocks.clear();
            gen.handling.clear();
        }
    }

    /// The iterator a suspended generator's `yield from` delegates to.
    fn delegate(&self, g: ObjRef) -> Option<Value> {
        let Obj::Generator(gen) = self.heap.get(g) else { return None };
        if !gen.started || gen.finished || gen.running || !matches!(gen.code.ops.get(gen.ip), Some(Op::YieldFrom)) {
            return None;
        }
        gen.stack.last().copied()
    }

    pub(crate) fn exc_is(&self, e: Exc, class: &str) -> bool {
        let c = self.type_of(Value::Obj(e.0));
        self.is_subclass(c, self.ty(class))
    }

    /// `g.throw(e)`: raise `e` at the generator's `yield`.
    pub fn gen_throw(&mut self, g: ObjRef, e: Exc) -> PyResult<SendResult> {
        let how = match self.delegate(g) {
            Some(inner) => {
                // Both stay rooted while the inner iterator runs Python code.
                self.temp_roots.push(inner);
                self.temp_roots.push(Value::Obj(e.0));
                let r = self.throw_into_delegate(inner, e);
                self.temp_roots.truncate(self.temp_roots.len() - 2);
                match r {
                    Ok(Some(SendResult::Yielded(v))) => return Ok(SendResult::Yielded(v)),
                    Ok(Some(SendResult::Returned(v))) => Resume::Delegated(v),
                    Ok(None) => Resume::Throw(e),
                    Err(e2) => Resume::Throw(e2),
                }
            }
            None => Resume::Throw(e),
        };
        let mut ret = Value::None;
        Ok(match self.resume(g, how, &mut ret, false)? {
            Some(v) => SendResult::Yielded(v),
            None => SendResult::Returned(ret),
        })
    }

    /// A `throw` reaching a `yield from`: what the inner iterator made of
    /// it, or None when the exception is to be raised in the outer
    /// generator itself (`GeneratorExit` after closing the inner one, or an
    /// inner iterator without `throw`).
    fn throw_into_delegate(&mut self, inner: Value, e: Exc) -> PyResult<Option<SendResult>> {
        let inner_gen = match inner {
            Value::Obj(r) if matches!(self.heap.get(r), Obj::Generator(_)) => Some(r),
            _ => None,
        };
        if self.exc_is(e, "GeneratorExit") {
            match inner_gen {
                Some(r) => self.gen_close(r)?,
                None => {
                    if let Ok(close) = self.get_attr(inner, "close") {
                        self.call(close, &[], &[])?;
                    }
                }
            }
            return Ok(None);
        }
        if let Some(r) = inner_gen {
            return self.gen_throw(r, e).map(Some);
        }
        let Ok(throw) = self.get_attr(inner, "throw") else { return Ok(None) };
        match self.call(throw, &[Value::Obj(e.0)], &[]) {
            Ok(v) => Ok(Some(SendResult::Yielded(v))),
            Err(s) if self.exc_is(s, "StopIteration") => {
                let v = self.get_attr(Value::Obj(s.0), "value")?;
                Ok(Some(SendResult::Returned(v)))
            }
            Err(s) => Err(s),
        }
    }

    /// `g.close()`: `GeneratorExit` at the `yield`; the generator must not
    /// yield again.
    pub fn gen_close(&mut self, g: ObjRef) -> PyResult<()> {
        let Obj::Generator(gen) = self.heap.get(g) else { return Ok(()) };
        if gen.finished {
            return Ok(());
        }
        if !gen.started {
            self.finish_generator(g);
            return Ok(());
        }
        let cls = self.ty("GeneratorExit");
        let args = self.new_tuple(Vec::new());
        let exit = self.new_exception(cls, args);
        match self.gen_throw(g, exit) {
            Ok(SendResult::Yielded(_)) => Err(self.err("RuntimeError", "generator ignored GeneratorExit")),
            Ok(SendResult::Returned(_)) => Ok(()),
            Err(e) if self.exc_is(e, "GeneratorExit") || self.exc_is(e, "StopIteration") => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// The exception `g.throw(typ, val)` raises: an instance as it is, a
    /// class called with `val` (nothing, the value, or a tuple's items)
    /// unless `val` is already an instance of it.
    pub fn throw_arg(&mut self, typ: Value, val: Value) -> PyResult<Exc> {
        if self.is_exception_class(typ) {
            let Value::Obj(c) = typ else { unreachable!("class") };
            if let Value::Obj(v) = val {
                if self.exc_data(v).is_some() && self.is_subclass(self.type_of(val), c) {
                    return Ok(Exc(v));
                }
            }
            let args = match val {
                Value::None => Vec::new(),
                Value::Obj(t) if matches!(self.heap.get(t), Obj::Tuple(_)) => self.tuple_items(val).to_vec(),
                v => vec![v],
            };
            let e = self.call(typ, &args, &[])?;
            return self.make_exception(e);
        }
        if let Value::Obj(r) = typ {
            if self.exc_data(r).is_some() {
                if !matches!(val, Value::None) {
                    return Err(self.err("TypeError", "instance exception may not have a separate value"));
                }
                return Ok(Exc(r));
            }
        }
        let t = self.type_name(typ);
        Err(self.err("TypeError", &format!("exceptions must be classes or instances deriving from BaseException, not {t}")))
    }
}
