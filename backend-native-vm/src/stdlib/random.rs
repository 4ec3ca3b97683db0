//! `random`: the Mersenne Twister (MT19937) with CPython's seeding and
//! derivations, so a seeded program draws the same numbers as on CPython.

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};

use crate::builtins::Kw;
use crate::interp::{PyResult, Vm};
use crate::object::{Obj, ObjRef, Value};

const N: usize = 624;
const M: usize = 397;

pub struct Mt19937 {
    mt: [u32; N],
    idx: usize,
}

impl Default for Mt19937 {
    fn default() -> Self {
        Self::new()
    }
}

impl Mt19937 {
    pub fn new() -> Mt19937 {
        let mut m = Mt19937 { mt: [0; N], idx: N + 1 };
        let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u32).unwrap_or(5489);
        m.seed_array(&[t, std::process::id()]);
        m
    }

    fn init(&mut self, s: u32) {
        self.mt[0] = s;
        for i in 1..N {
            let prev = self.mt[i - 1];
            self.mt[i] = 1_812_433_253u32.wrapping_mul(prev ^ (prev >> 30)).wrapping_add(i as u32);
        }
        self.idx = N;
    }

    /// Seed from a key of 32-bit words (the reference `init_by_array`).
    pub fn seed_array(&mut self, key: &[u32]) {
        self.init(19_650_218);
        let (mut i, mut j) = (1usize, 0usize);
        let klen = key.len().max(1);
        for _ in 0..N.max(klen) {
            let prev = self.mt[i - 1];
            self.mt[i] = (self.mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_664_525)).wrapping_add(*key.get(j).unwrap_or(&0)).wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                self.mt[0] = self.mt[N - 1];
                i = 1;
            }
            if j >= klen {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = self.mt[i - 1];
            self.mt[i] = (self.mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_566_083_941)).wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                self.mt[0] = self.mt[N - 1];
                i = 1;
            }
        }
        self.mt[0] = 0x8000_0000;
        self.idx = N;
    }

    pub fn next_u32(&mut self) -> u32 {
        if self.idx >= N {
            for k in 0..N {
                let y = (self.mt[k] & 0x8000_0000) | (self.mt[(k + 1) % N] & 0x7fff_ffff);
                let mut v = self.mt[(k + M) % N] ^ (y >> 1);
                if y & 1 != 0 {
                    v ^= 0x9908_b0df;
                }
                self.mt[k] = v;
            }
            self.idx = 0;
        }
        let mut y = self.mt[self.idx];
        self.idx += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^= y >> 18;
        y
    }

    /// A float in [0, 1) with 53 random bits.
    pub fn random(&mut self) -> f64 {
        let a = (self.next_u32() >> 5) as f64;
        let b = (self.next_u32() >> 6) as f64;
        (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
    }

    pub fn getrandbits(&mut self, k: u32) -> BigInt {
        if k == 0 {
            return BigInt::zero();
        }
        if k <= 32 {
            return BigInt::from(self.next_u32() >> (32 - k));
        }
        // Little-endian 32-bit words; the last one keeps only its top bits.
        let words = k.div_ceil(32);
        let mut out = BigInt::zero();
        let mut left = k;
        for w in 0..words {
            let mut r = self.next_u32();
            if left < 32 {
                r >>= 32 - left;
            }
            out |= BigInt::from(r) << (32 * w);
            left = left.saturating_sub(32);
        }
        out
    }

    /// Uniform in [0, n) by rejection on `bit_length(n)` random bits.
    pub fn below(&mut self, n: &BigInt) -> BigInt {
        let k = n.bits() as u32;
        loop {
            let r = self.getrandbits(k);
            if &r < n {
                return r;
            }
        }
    }
}

fn seed(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let v = args.first().copied().unwrap_or(Value::None);
    match v {
        Value::None => vm.rng = Mt19937::new(),
        _ => {
            let Some(b) = vm.to_bigint(v).filter(|_| !matches!(v, Value::Float(_))) else {
                return Err(vm.err("NotImplementedError", "hilt's random.seed() takes only ints yet"));
            };
            let mut a = b.abs();
            let mut key = Vec::new();
            while !a.is_zero() {
                key.push((&a & BigInt::from(0xffff_ffffu32)).to_u32().unwrap_or(0));
                a >>= 32;
            }
            if key.is_empty() {
                key.push(0);
            }
            vm.rng.seed_array(&key);
        }
    }
    Ok(Value::None)
}

fn random(vm: &mut Vm, _args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::Float(vm.rng.random()))
}

fn below(vm: &mut Vm, n: i64) -> i64 {
    vm.rng.below(&BigInt::from(n)).to_i64().unwrap_or(0)
}

fn randrange(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let a: Vec<i64> = args.iter().map(|v| vm.int_arg(*v, "")).collect::<PyResult<_>>()?;
    let (start, stop, step) = match a.len() {
        1 => (0, a[0], 1),
        2 => (a[0], a[1], 1),
        3 => (a[0], a[1], a[2]),
        _ => return Err(vm.err("TypeError", "randrange expected 1 to 3 arguments")),
    };
    if step == 0 {
        return Err(vm.err("ValueError", "zero step for randrange()"));
    }
    let n = if step > 0 { (stop - start + step - 1) / step } else { (stop - start + step + 1) / step };
    if n <= 0 {
        return Err(vm.err("ValueError", &format!("empty range in randrange({start}, {stop})")));
    }
    Ok(Value::Int(start + step * below(vm, n)))
}

fn randint(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let arg_v = vm.arg(args, 0, "randint")?;
    let a = vm.int_arg(arg_v, "")?;
    let arg_v = vm.arg(args, 1, "randint")?;
    let b = vm.int_arg(arg_v, "")?;
    randrange(vm, &[Value::Int(a), Value::Int(b + 1)], kw)
}

fn choice(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let seq = vm.arg(args, 0, "choice")?;
    let n = vm.len(seq)?;
    if n == 0 {
        return Err(vm.err("IndexError", "Cannot choose from an empty sequence"));
    }
    let i = below(vm, n as i64);
    vm.get_item(seq, Value::Int(i))
}

fn shuffle(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let l = vm.arg(args, 0, "shuffle")?;
    let Some(r) = l.as_obj().filter(|r| matches!(vm.heap.get(*r), Obj::List(_))) else {
        return Err(vm.err("NotImplementedError", "hilt's random.shuffle() takes only lists yet"));
    };
    let n = vm.len(l)?;
    for i in (1..n).rev() {
        let j = below(vm, i as i64 + 1) as usize;
        if let Obj::List(xs) = vm.heap.get_mut(r) {
            xs.swap(i, j);
        }
    }
    Ok(Value::None)
}

fn uniform(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let arg_v = vm.arg(args, 0, "uniform")?;
    let a = vm.to_f64(arg_v).unwrap_or(0.0);
    let arg_v = vm.arg(args, 1, "uniform")?;
    let b = vm.to_f64(arg_v).unwrap_or(0.0);
    Ok(Value::Float(a + (b - a) * vm.rng.random()))
}

fn getrandbits(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let arg_v = vm.arg(args, 0, "getrandbits")?;
    let k = vm.int_arg(arg_v, "")?;
    if k < 0 {
        return Err(vm.err("ValueError", "number of bits must be non-negative"));
    }
    let b = vm.rng.getrandbits(k as u32);
    Ok(vm.int_value(b))
}

/// `random.sample(population, k)`, drawing like CPython: a shrinking pool
/// for small populations, rejection against a seen-set for large ones.
fn sample(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let pop = vm.arg(args, 0, "sample")?;
    let items = vm.collect_iter(pop)?;
    let kv = vm.arg(args, 1, "sample")?;
    let k = vm.int_arg(kv, "")?;
    let n = items.len() as i64;
    if k < 0 || k > n {
        return Err(vm.err("ValueError", "Sample larger than population or is negative"));
    }
    let mut setsize = 21i64;
    if k > 5 {
        let mut p = 1i64;
        while p < 3 * k {
            p *= 4;
        }
        setsize += p;
    }
    let mut out = Vec::with_capacity(k as usize);
    if n <= setsize {
        let mut pool = items.clone();
        for i in 0..k {
            let j = below(vm, n - i) as usize;
            out.push(pool[j]);
            pool[j] = pool[(n - i - 1) as usize];
        }
    } else {
        let mut seen = std::collections::HashSet::new();
        for _ in 0..k {
            let mut j = below(vm, n);
            while seen.contains(&j) {
                j = below(vm, n);
            }
            seen.insert(j);
            out.push(items[j as usize]);
        }
    }
    Ok(vm.new_list(out))
}

pub fn module(vm: &mut Vm, d: ObjRef) {
    vm.def(d, "seed", seed);
    vm.def(d, "random", random);
    vm.def(d, "randrange", randrange);
    vm.def(d, "randint", randint);
    vm.def(d, "choice", choice);
    vm.def(d, "shuffle", shuffle);
    vm.def(d, "sample", sample);
    vm.def(d, "uniform", uniform);
    vm.def(d, "getrandbits", getrandbits);
}
