//! The iteration protocol: `iter()`, `next()` (returning `None` at the end
//! instead of raising StopIteration, for builtin iterators), and `send`.

use super::{PyResult, Vm};
use crate::object::{DictIterKind, IterState, Obj, Value};

pub enum SendResult {
    Yielded(Value),
    Returned(Value),
}

impl Vm {
    pub fn get_iter(&mut self, v: Value) -> PyResult<Value> {
        match self.try_get_iter(v)? {
            Some(it) => Ok(it),
            None => {
                let t = self.type_name(v);
                Err(self.err("TypeError", &format!("'{t}' object is not iterable")))
            }
        }
    }

    /// `iter(v)`, or None when `v` is not iterable (callers word that
    /// error themselves).
    pub fn try_get_iter(&mut self, v: Value) -> PyResult<Option<Value>> {
        if let Some(it) = self.get_iter_hit(v) {
            return Ok(Some(it));
        }
        if let Value::Obj(r) = v {
            if let Obj::Set { .. } = self.heap.get(r) {
                let items = self.set_items_ordered(r);
                let snapshot = self.heap.alloc(Obj::Tuple(items));
                return Ok(Some(self.alloc(Obj::Iter(IterState::Seq { seq: snapshot, idx: 0 }))));
            }
            if let Obj::Instance(i) = self.heap.get(r) {
                let cls = i.class;
                if let Some(m) = self.lookup_type(cls, "__iter__") {
                    return self.call(m, &[v], &[]).map(Some);
                }
                if let Some(gi) = self.lookup_type(cls, "__getitem__") {
                    // The old sequence protocol: index from 0 until IndexError.
                    let _ = gi;
                    return Err(self.err("NotImplementedError", "hilt does not support iteration via __getitem__ yet"));
                }
            }
        }
        Ok(None)
    }

    /// `iter(v)` when it runs no Python code and allocates at most the
    /// iterator: a list, tuple, str, bytes, range, dict or dict view (a new
    /// iterator), an iterator or generator (itself); else None.
    pub(crate) fn get_iter_hit(&mut self, v: Value) -> Option<Value> {
        let Value::Obj(r) = v else { return None };
        let st = match self.heap.get(r) {
            Obj::List(_) | Obj::Tuple(_) | Obj::Bytes(_) => IterState::Seq { seq: r, idx: 0 },
            Obj::Str(_) => IterState::Str { s: r, byte: 0 },
            Obj::Range { start, stop, step } => IterState::Range { cur: *start, stop: *stop, step: *step },
            Obj::Dict(_) => IterState::DictKeys { dict: r, idx: 0, kind: DictIterKind::Keys },
            Obj::DictView { dict, kind } => IterState::DictKeys { dict: *dict, idx: 0, kind: *kind },
            Obj::Iter(_) | Obj::Generator(_) => return Some(v),
            _ => return None,
        };
        Some(self.alloc(Obj::Iter(st)))
    }

    /// Next item, or None when exhausted.
    pub fn next(&mut self, it: Value) -> PyResult<Option<Value>> {
        let Value::Obj(r) = it else {
            let t = self.type_name(it);
            return Err(self.err("TypeError", &format!("'{t}' object is not an iterator")));
        };
        match self.heap.get(r) {
            Obj::Iter(_) => self.next_builtin(r),
            Obj::Generator(_) => {
                let mut ret = Value::None;
                self.resume_generator(r, Value::None, &mut ret)
            }
            Obj::Instance(i) => {
                let cls = i.class;
                let Some(m) = self.lookup_type(cls, "__next__") else {
                    let t = self.class_name(cls);
                    return Err(self.err("TypeError", &format!("'{t}' object is not an iterator")));
                };
                match self.call(m, &[it], &[]) {
                    Ok(v) => Ok(Some(v)),
                    Err(e) if self.exc_class_name(e.0) == "StopIteration" => Ok(None),
                    Err(e) => Err(e),
                }
            }
            _ => {
                let t = self.type_name(it);
                Err(self.err("TypeError", &format!("'{t}' object is not an iterator")))
            }
        }
    }

    fn set_iter_state(&mut self, r: crate::object::ObjRef, st: IterState) {
        if let Obj::Iter(s) = self.heap.get_mut(r) {
            *s = st;
        }
    }

    /// One step of a range iterator or a sequence iterator: `Some(next
    /// item, or None at the end)`, or None for any other iterator. Small
    /// enough for the `ForIter` loop to call first.
    #[inline]
    pub fn step_seq_iter(&mut self, r: crate::object::ObjRef) -> Option<Option<Value>> {
        let (seq, i) = match self.heap.get_mut(r) {
            Obj::Iter(IterState::Range { cur, stop, step }) => {
                if (*step > 0 && *cur < *stop) || (*step < 0 && *cur > *stop) {
                    let v = *cur;
                    // Past the end of i64 is past `stop`: the range is done.
                    *cur = cur.checked_add(*step).unwrap_or(*stop);
                    return Some(Some(Value::Int(v)));
                }
                return Some(None);
            }
            Obj::Iter(IterState::Seq { seq, idx }) => {
                let (seq, i) = (*seq, *idx);
                *idx += 1;
                (seq, i)
            }
            _ => return None,
        };
        Some(match self.heap.get(seq) {
            Obj::List(xs) | Obj::Tuple(xs) => xs.get(i).copied(),
            Obj::Bytes(b) => b.get(i).map(|x| Value::Int(*x as i64)),
            _ => None,
        })
    }

    /// `step_seq_iter`, and also str, reversed-sequence and dict (keys,
    /// values, items) iterators and `enumerate` over a plain one: the
    /// builtin iterators whose next item takes no Python code and cannot
    /// fail. None for any other object.
    pub(crate) fn step_plain_iter(&mut self, r: crate::object::ObjRef) -> Option<Option<Value>> {
        if let Some(next) = self.step_seq_iter(r) {
            return Some(next);
        }
        match self.heap.get(r) {
            Obj::Iter(IterState::Str { .. } | IterState::Reversed { .. } | IterState::DictKeys { .. }) => self.next_builtin(r).ok(),
            // `enumerate` over one of those.
            Obj::Iter(IterState::Enumerate { inner: Value::Obj(inner), count }) => {
                let (inner, c) = (*inner, *count);
                if !matches!(self.heap.get(inner), Obj::Iter(IterState::Seq { .. } | IterState::Range { .. } | IterState::Str { .. } | IterState::DictKeys { .. })) {
                    return None;
                }
                match self.step_plain_iter(inner)? {
                    Some(v) => {
                        if let Obj::Iter(IterState::Enumerate { count, .. }) = self.heap.get_mut(r) {
                            *count += 1;
                        }
                        Some(Some(self.new_tuple(vec![Value::Int(c), v])))
                    }
                    None => Some(None),
                }
            }
            _ => None,
        }
    }

    fn next_builtin(&mut self, r: crate::object::ObjRef) -> PyResult<Option<Value>> {
        if let Some(next) = self.step_seq_iter(r) {
            return Ok(next);
        }
        let Obj::Iter(st) = self.heap.get_mut(r) else { unreachable!("iterator") };
        match st {
            IterState::Range { .. } | IterState::Seq { .. } => unreachable!("stepped above"),
            IterState::Reversed { seq, idx } => {
                if *idx == 0 {
                    return Ok(None);
                }
                *idx -= 1;
                let (seq, i) = (*seq, *idx);
                Ok(match self.heap.get(seq) {
                    Obj::List(xs) | Obj::Tuple(xs) => xs.get(i).copied(),
                    _ => None,
                })
            }
            IterState::Str { s, byte } => {
                let (s, b) = (*s, *byte);
                let Obj::Str(ps) = self.heap.get(s) else { return Ok(None) };
                match ps.s[b..].chars().next() {
                    Some(c) => {
                        let nb = b + c.len_utf8();
                        if let Obj::Iter(IterState::Str { byte, .. }) = self.heap.get_mut(r) {
                            *byte = nb;
                        }
                        Ok(Some(self.char_str(c)))
                    }
                    None => Ok(None),
                }
            }
            IterState::DictKeys { dict, idx, kind } => {
                let (d, i, kind) = (*dict, *idx, *kind);
                let entry = match self.heap.get(d) {
                    Obj::Dict(dd) | Obj::Set { items: dd, .. } => dd.next_from(i).map(|(j, e)| (j, e.key, e.value)),
                    _ => None,
                };
                match entry {
                    Some((j, k, v)) => {
                        if let Obj::Iter(IterState::DictKeys { idx, .. }) = self.heap.get_mut(r) {
                            *idx = j + 1;
                        }
                        Ok(Some(match kind {
                            DictIterKind::Keys => k,
                            DictIterKind::Values => v,
                            DictIterKind::Items => self.new_tuple(vec![k, v]),
                        }))
                    }
                    None => Ok(None),
                }
            }
            IterState::Enumerate { inner, count } => {
                let (inner, c) = (*inner, *count);
                match self.next(inner)? {
                    Some(v) => {
                        if let Obj::Iter(IterState::Enumerate { count, .. }) = self.heap.get_mut(r) {
                            *count += 1;
                        }
                        Ok(Some(self.new_tuple(vec![Value::Int(c), v])))
                    }
                    None => Ok(None),
                }
            }
            IterState::Zip { inners } => {
                let inners = inners.clone();
                if inners.is_empty() {
                    return Ok(None);
                }
                let mark = self.temp_roots.len();
                let r = match self.next_of_each(&inners) {
                    Ok(Some(items)) => Ok(Some(self.new_tuple(items))),
                    Ok(None) => {
                        self.set_iter_state(r, IterState::Done);
                        Ok(None)
                    }
                    Err(e) => Err(e),
                };
                self.temp_roots.truncate(mark);
                r
            }
            IterState::Map { func, inners } => {
                let (func, inners) = (*func, inners.clone());
                let mark = self.temp_roots.len();
                let r = match self.next_of_each(&inners) {
                    Ok(Some(items)) => self.call(func, &items, &[]).map(Some),
                    Ok(None) => Ok(None),
                    Err(e) => Err(e),
                };
                self.temp_roots.truncate(mark);
                r
            }
            IterState::Filter { func, inner } => {
                let (func, inner) = (*func, *inner);
                loop {
                    let Some(v) = self.next(inner)? else { return Ok(None) };
                    let keep = if let Value::None = func {
                        self.truthy(v)?
                    } else {
                        self.temp_roots.push(v);
                        let t = self.call(func, &[v], &[]);
                        self.temp_roots.pop();
                        self.truthy(t?)?
                    };
                    if keep {
                        return Ok(Some(v));
                    }
                }
            }
            IterState::Callable { func, sentinel } => {
                let (func, sentinel) = (*func, *sentinel);
                let v = match self.call(func, &[], &[]) {
                    Ok(v) => v,
                    Err(e) if self.exc_is(e, "StopIteration") => {
                        self.set_iter_state(r, IterState::Done);
                        return Ok(None);
                    }
                    Err(e) => return Err(e),
                };
                self.temp_roots.push(v);
                let end = self.eq(v, sentinel);
                self.temp_roots.pop();
                if end? {
                    self.set_iter_state(r, IterState::Done);
                    return Ok(None);
                }
                Ok(Some(v))
            }
            IterState::Done => Ok(None),
        }
    }

    /// One item from each iterator (rooted in `temp_roots`; the caller
    /// truncates), or None as soon as one is exhausted.
    fn next_of_each(&mut self, inners: &[Value]) -> PyResult<Option<Vec<Value>>> {
        let mut items = Vec::with_capacity(inners.len());
        for it in inners {
            match self.next(*it)? {
                Some(v) => {
                    items.push(v);
                    self.temp_roots.push(v);
                }
                None => return Ok(None),
            }
        }
        Ok(Some(items))
    }

    /// `gen.send(v)` and the delegation step of `yield from`.
    pub fn send(&mut self, it: Value, sent: Value) -> PyResult<SendResult> {
        if let Value::Obj(r) = it {
            if let Obj::Generator(_) = self.heap.get(r) {
                let mut ret = Value::None;
                return Ok(match self.resume_generator(r, sent, &mut ret)? {
                    Some(v) => SendResult::Yielded(v),
                    None => SendResult::Returned(ret),
                });
            }
        }
        if !matches!(sent, Value::None) {
            let m = self.get_attr(it, "send")?;
            return match self.call(m, &[sent], &[]) {
                Ok(v) => Ok(SendResult::Yielded(v)),
                Err(e) if self.exc_class_name(e.0) == "StopIteration" => {
                    let v = self.get_attr(Value::Obj(e.0), "value")?;
                    Ok(SendResult::Returned(v))
                }
                Err(e) => Err(e),
            };
        }
        Ok(match self.next(it)? {
            Some(v) => SendResult::Yielded(v),
            None => SendResult::Returned(Value::None),
        })
    }

    /// All items of an iterable. Items are kept rooted while the iterable
    /// may still run Python code.
    pub fn collect_iter(&mut self, v: Value) -> PyResult<Vec<Value>> {
        match self.try_collect_iter(v)? {
            Some(items) => Ok(items),
            None => {
                let t = self.type_name(v);
                Err(self.err("TypeError", &format!("'{t}' object is not iterable")))
            }
        }
    }

    /// All items of `v`, or None when it is not iterable (callers word
    /// that error themselves).
    pub fn try_collect_iter(&mut self, v: Value) -> PyResult<Option<Vec<Value>>> {
        if let Value::Obj(r) = v {
            if let Obj::List(xs) | Obj::Tuple(xs) = self.heap.get(r) {
                return Ok(Some(xs.clone()));
            }
        }
        match self.try_get_iter(v)? {
            Some(it) => self.drain_iter(it).map(Some),
            None => Ok(None),
        }
    }

    /// The items an iterator has left.
    fn drain_iter(&mut self, it: Value) -> PyResult<Vec<Value>> {
        let mark = self.temp_roots.len();
        self.temp_roots.push(it);
        if let Value::Obj(g) = it {
            if let Obj::Generator(_) = self.heap.get(g) {
                let r = self.drain_generator(g).map(|()| self.temp_roots[mark + 1..].to_vec());
                self.temp_roots.truncate(mark);
                return r;
            }
        }
        let r = loop {
            match self.next(it) {
                Ok(Some(x)) => self.temp_roots.push(x),
                Ok(None) => break Ok(self.temp_roots[mark + 1..].to_vec()),
                Err(e) => break Err(e),
            }
        };
        self.temp_roots.truncate(mark);
        r
    }
}
