//! list, dict, tuple, slices, and the list/tuple builders.
//!
//! A builder is an index (+1) into `HpyState::builders`, whose values are
//! GC roots until the builder is built or cancelled.

use std::os::raw::c_int;

use hilt_abi::*;

use super::ctx_fn;
use crate::interp::{PyResult, Vm};
use crate::object::{Obj, ObjRef, Value};

/// A builder whose New got a negative size.
const BAD_SIZE: isize = -1;

impl Vm {
    /// `HPyList_Check` and friends (HPy_NULL is not a list: 0, no error).
    fn kind_check(&mut self, h: HPy, name: &str) -> PyResult<c_int> {
        if h.is_null() {
            return Ok(0);
        }
        let v = self.hv(h)?;
        let t = self.type_of(v);
        Ok(self.is_subclass(t, self.ty(name)) as c_int)
    }

    fn list_of(&mut self, h: HPy, what: &str) -> PyResult<ObjRef> {
        let v = self.hv(h)?;
        if let Value::Obj(r) = v {
            if let Obj::List(_) = self.heap.get(r) {
                return Ok(r);
            }
        }
        let t = self.type_name(v);
        Err(self.err("SystemError", &format!("{what}: expected a list, got a '{t}' object")))
    }

    fn dict_of_handle(&mut self, h: HPy, what: &str) -> PyResult<ObjRef> {
        let v = self.hv(h)?;
        if let Value::Obj(r) = v {
            if let Obj::Dict(_) = self.heap.get(r) {
                return Ok(r);
            }
        }
        let t = self.type_name(v);
        Err(self.err("SystemError", &format!("{what}: expected a dict, got a '{t}' object")))
    }

    /// A builder of `n` items: its index + 1; [`BAD_SIZE`] for a negative
    /// size and 0 when the items cannot be allocated (both raised by Build,
    /// as the CPython backend does, so Set may be called without checks).
    fn new_builder(&mut self, n: isize) -> isize {
        if n < 0 {
            return BAD_SIZE;
        }
        let mut items = Vec::new();
        if items.try_reserve_exact(n as usize).is_err() {
            return 0;
        }
        items.resize(n as usize, Value::None);
        crate::hpy::put(&mut self.hpy.builders, items) as isize + 1
    }

    /// The items of an open builder.
    fn builder(&mut self, b: isize) -> Option<&mut Vec<Value>> {
        let i = (b - 1) as usize;
        if b >= 1 {
            if let Some(Some(items)) = self.hpy.builders.get_mut(i) {
                return Some(items);
            }
        }
        None
    }

    fn builder_set(&mut self, b: isize, index: isize, item: HPy, what: &str) -> PyResult<()> {
        let Some(n) = self.builder(b).map(|items| items.len()) else { return Ok(()) };
        if index < 0 || index as usize >= n {
            return Err(self.err("SystemError", &format!("{what}: index out of range")));
        }
        if item.is_null() {
            return Err(self.err("SystemError", &format!("{what}: h_item is HPy_NULL")));
        }
        let v = self.hv(item)?;
        self.builder(b).expect("checked")[index as usize] = v;
        Ok(())
    }

    /// The items of builder `b`, which ends; the error New postponed.
    fn builder_take(&mut self, b: isize, new: &str) -> PyResult<Vec<Value>> {
        match b {
            BAD_SIZE => Err(self.err("SystemError", &format!("{new}: negative size"))),
            0 => Err(self.err("MemoryError", "")),
            _ => match self.builder(b) {
                Some(_) => Ok(self.hpy.builders[(b - 1) as usize].take().expect("checked")),
                None => Err(self.err("SystemError", &format!("{new}: not an open builder ({b})"))),
            },
        }
    }

    fn builder_cancel(&mut self, b: isize) {
        if self.builder(b).is_some() {
            self.hpy.builders[(b - 1) as usize] = None;
        }
    }

    /// `(start, stop)` of a slice of `obj` for HPy_GetSlice and friends.
    fn slice_value(&mut self, start: isize, end: isize) -> Value {
        self.alloc(Obj::Slice { start: Value::Int(start as i64), stop: Value::Int(end as i64), step: Value::None })
    }
}

ctx_fn!(ctx_List_Check(h: HPy) -> c_int, "HPyList_Check", |vm| vm.kind_check(h, "list"));
ctx_fn!(ctx_List_New(len: HPy_ssize_t) -> HPy, "HPyList_New", |vm| {
    if len < 0 {
        return Err(vm.err("SystemError", &format!("HPyList_New: negative size {len}")));
    }
    let l = vm.new_list(vec![Value::None; len as usize]);
    Ok(vm.h(l))
});
ctx_fn!(ctx_List_Append(h_list: HPy, h_item: HPy) -> c_int, "HPyList_Append", |vm| {
    let l = vm.list_of(h_list, "HPyList_Append")?;
    let v = vm.hv(h_item)?;
    if let Obj::List(xs) = vm.heap.get_mut(l) {
        xs.push(v);
    }
    Ok(0)
});
ctx_fn!(ctx_List_Insert(h_list: HPy, index: HPy_ssize_t, h_item: HPy) -> c_int, "HPyList_Insert", |vm| {
    let l = vm.list_of(h_list, "HPyList_Insert")?;
    let v = vm.hv(h_item)?;
    if let Obj::List(xs) = vm.heap.get_mut(l) {
        let n = xs.len() as isize;
        let i = if index < 0 { (index + n).max(0) } else { index.min(n) };
        xs.insert(i as usize, v);
    }
    Ok(0)
});
ctx_fn!(ctx_Dict_Check(h: HPy) -> c_int, "HPyDict_Check", |vm| vm.kind_check(h, "dict"));
ctx_fn!(ctx_Dict_New() -> HPy, "HPyDict_New", |vm| {
    let d = vm.new_dict();
    Ok(vm.h(Value::Obj(d)))
});
ctx_fn!(ctx_Dict_Keys(h: HPy) -> HPy, "HPyDict_Keys", |vm| {
    let d = vm.dict_of_handle(h, "HPyDict_Keys")?;
    let keys: Vec<Value> = vm.dict_entries(d).into_iter().map(|(k, _)| k).collect();
    let l = vm.new_list(keys);
    Ok(vm.h(l))
});
ctx_fn!(ctx_Dict_Copy(h: HPy) -> HPy, "HPyDict_Copy", |vm| {
    let d = vm.dict_of_handle(h, "HPyDict_Copy")?;
    let n = vm.new_dict();
    vm.temp_roots.push(Value::Obj(n));
    let r = vm.dict_update(n, Value::Obj(d));
    vm.temp_roots.pop();
    r?;
    Ok(vm.h(Value::Obj(n)))
});
ctx_fn!(ctx_Tuple_Check(h: HPy) -> c_int, "HPyTuple_Check", |vm| vm.kind_check(h, "tuple"));
ctx_fn!(ctx_Tuple_FromArray(items: *mut HPy, n: HPy_ssize_t) -> HPy, "HPyTuple_FromArray", |vm| {
    if n < 0 || (n > 0 && items.is_null()) {
        return Err(vm.err("SystemError", &format!("HPyTuple_FromArray: bad array (size {n})")));
    }
    let mut vals = Vec::with_capacity(n as usize);
    for i in 0..n as usize {
        vals.push(vm.hv(*items.add(i))?);
    }
    let t = vm.new_tuple(vals);
    Ok(vm.h(t))
});

ctx_fn!(ctx_ListBuilder_New(size: HPy_ssize_t) -> HPyListBuilder, "HPyListBuilder_New", |vm| Ok(HPyListBuilder { _lst: vm.new_builder(size) }));
ctx_fn!(ctx_ListBuilder_Set(builder: HPyListBuilder, index: HPy_ssize_t, h_item: HPy) -> (), "HPyListBuilder_Set", |vm| vm.builder_set(builder._lst, index, h_item, "HPyListBuilder_Set"));
ctx_fn!(ctx_ListBuilder_Build(builder: HPyListBuilder) -> HPy, "HPyListBuilder_Build", |vm| {
    let items = vm.builder_take(builder._lst, "HPyListBuilder_New")?;
    let l = vm.new_list(items);
    Ok(vm.h(l))
});
ctx_fn!(ctx_ListBuilder_Cancel(builder: HPyListBuilder) -> (), "HPyListBuilder_Cancel", |vm| {
    vm.builder_cancel(builder._lst);
    Ok(())
});
ctx_fn!(ctx_TupleBuilder_New(size: HPy_ssize_t) -> HPyTupleBuilder, "HPyTupleBuilder_New", |vm| Ok(HPyTupleBuilder { _tup: vm.new_builder(size) }));
ctx_fn!(ctx_TupleBuilder_Set(builder: HPyTupleBuilder, index: HPy_ssize_t, h_item: HPy) -> (), "HPyTupleBuilder_Set", |vm| vm.builder_set(builder._tup, index, h_item, "HPyTupleBuilder_Set"));
ctx_fn!(ctx_TupleBuilder_Build(builder: HPyTupleBuilder) -> HPy, "HPyTupleBuilder_Build", |vm| {
    let items = vm.builder_take(builder._tup, "HPyTupleBuilder_New")?;
    let t = vm.new_tuple(items);
    Ok(vm.h(t))
});
ctx_fn!(ctx_TupleBuilder_Cancel(builder: HPyTupleBuilder) -> (), "HPyTupleBuilder_Cancel", |vm| {
    vm.builder_cancel(builder._tup);
    Ok(())
});

ctx_fn!(ctx_Slice_New(start: HPy, stop: HPy, step: HPy) -> HPy, "HPySlice_New", |vm| {
    let opt = |vm: &mut Vm, h: HPy| if h.is_null() { Ok(Value::None) } else { vm.hv(h) };
    let (a, b, c) = (opt(vm, start)?, opt(vm, stop)?, opt(vm, step)?);
    let s = vm.alloc(Obj::Slice { start: a, stop: b, step: c });
    Ok(vm.h(s))
});
ctx_fn!(ctx_Slice_Unpack(slice: HPy, start: *mut HPy_ssize_t, stop: *mut HPy_ssize_t, step: *mut HPy_ssize_t) -> c_int, "HPySlice_Unpack", |vm| {
    let v = vm.hv(slice)?;
    let Value::Obj(r) = v else {
        let t = vm.type_name(v);
        return Err(vm.err("TypeError", &format!("HPySlice_Unpack: expected a slice, not '{t}'")));
    };
    let Obj::Slice { start: a, stop: b, step: c } = *vm.heap.get(r) else {
        let t = vm.type_name(v);
        return Err(vm.err("TypeError", &format!("HPySlice_Unpack: expected a slice, not '{t}'")));
    };
    // Clamp to ssize_t like CPython's _PyEval_SliceIndex.
    let clamp = |vm: &mut Vm, x: Value| -> PyResult<isize> {
        match vm.to_bigint(x) {
            Some(b) => Ok(num_traits::ToPrimitive::to_isize(&b).unwrap_or(if b.sign() == num_bigint::Sign::Minus { isize::MIN } else { isize::MAX })),
            None => Err(vm.err("TypeError", "slice indices must be integers or None or have an __index__ method")),
        }
    };
    let st = if let Value::None = c { 1 } else { clamp(vm, c)? };
    if st == 0 {
        return Err(vm.err("ValueError", "slice step cannot be zero"));
    }
    let st = st.max(-isize::MAX);
    let s0 = if let Value::None = a { if st < 0 { isize::MAX } else { 0 } } else { clamp(vm, a)? };
    let s1 = if let Value::None = b { if st < 0 { isize::MIN } else { isize::MAX } } else { clamp(vm, b)? };
    *start = s0;
    *stop = s1;
    *step = st;
    Ok(0)
});
ctx_fn!(ctx_GetSlice(obj: HPy, start: HPy_ssize_t, end: HPy_ssize_t) -> HPy, "HPy_GetSlice", |vm| {
    let o = vm.hv(obj)?;
    let s = vm.slice_value(start, end);
    vm.temp_roots.push(s);
    let r = vm.get_item(o, s);
    vm.temp_roots.pop();
    let r = r?;
    Ok(vm.h(r))
});
ctx_fn!(ctx_SetSlice(obj: HPy, start: HPy_ssize_t, end: HPy_ssize_t, value: HPy) -> c_int, "HPy_SetSlice", |vm| {
    let o = vm.hv(obj)?;
    let s = vm.slice_value(start, end);
    vm.temp_roots.push(s);
    let r = if value.is_null() {
        vm.del_item(o, s)
    } else {
        match vm.hv(value) {
            Ok(v) => vm.set_item(o, s, v),
            Err(e) => Err(e),
        }
    };
    vm.temp_roots.pop();
    r?;
    Ok(0)
});
ctx_fn!(ctx_DelSlice(obj: HPy, start: HPy_ssize_t, end: HPy_ssize_t) -> c_int, "HPy_DelSlice", |vm| {
    let o = vm.hv(obj)?;
    let s = vm.slice_value(start, end);
    vm.temp_roots.push(s);
    let r = vm.del_item(o, s);
    vm.temp_roots.pop();
    r?;
    Ok(0)
});
