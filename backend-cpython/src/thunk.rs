//! Per-method native entry points, so type methods can be CPython's own
//! method descriptors (which the interpreter calls without any generic
//! call machinery) and still reach the extension's `impl` directly.
//!
//! A `PyMethodDef` function receives only CPython's arguments, with no room
//! for a closure. So for each method Hilt writes a 32-byte thunk into
//! executable memory that loads the `impl` and the context into the next
//! free argument registers and jumps to the Rust entry point of the method's
//! signature (methods: crate::function, slots: crate::slots). x86-64
//! System V only; elsewhere `make` returns `None` and the
//! caller uses Hilt's own descriptor objects instead.

/// Executable copies of thunks, one mapping per batch (a type's methods).
pub struct ThunkWriter {
    code: Vec<u8>,
}

/// Which argument registers receive the `impl` and the context of an
/// adapter thunk (the only adapters are for three-argument slots).
#[derive(Clone, Copy)]
pub enum FreeRegisters {
    /// After three CPython arguments: rcx, r8.
    AfterThree,
}

impl ThunkWriter {
    pub fn new() -> ThunkWriter {
        ThunkWriter { code: Vec::new() }
    }

    /// Append an adapter thunk: it loads the impl and the context into the
    /// registers after CPython's arguments and jumps to `entry`; returns its
    /// offset in the batch.
    #[cfg(all(target_arch = "x86_64", unix))]
    pub fn push(&mut self, regs: FreeRegisters, impl_: usize, ctx: usize, entry: usize) -> usize {
        let start = self.code.len();
        // movabs <reg>, imm64 for the impl, then for the context.
        let (first, second): ([u8; 2], [u8; 2]) = match regs {
            FreeRegisters::AfterThree => ([0x48, 0xB9], [0x49, 0xB8]), // rcx, r8
        };
        self.code.extend_from_slice(&first);
        self.code.extend_from_slice(&(impl_ as u64).to_le_bytes());
        self.code.extend_from_slice(&second);
        self.code.extend_from_slice(&(ctx as u64).to_le_bytes());
        self.code.extend_from_slice(&[0x48, 0xB8]); // movabs rax, entry
        self.code.extend_from_slice(&(entry as u64).to_le_bytes());
        self.code.extend_from_slice(&[0xFF, 0xE0]); // jmp rax
        start
    }

    /// Append a thunk that calls `impl_` itself: it moves CPython's
    /// `n_args` (1..=4) register arguments one register up, puts the context
    /// first, and jumps to `impl_`, which then returns straight to CPython.
    /// This works where the impl takes the context followed by exactly
    /// CPython's arguments and returns what CPython expects (a handle is a
    /// `PyObject *` in a register).
    #[cfg(all(target_arch = "x86_64", unix))]
    pub fn push_direct(&mut self, n_args: usize, impl_: usize, ctx: usize) -> usize {
        assert!((1..=4).contains(&n_args), "direct thunks shift 1 to 4 arguments");
        let start = self.code.len();
        // mov r8,rcx / mov rcx,rdx / mov rdx,rsi / mov rsi,rdi, highest first.
        const SHIFTS: [[u8; 3]; 4] = [[0x48, 0x89, 0xFE], [0x48, 0x89, 0xF2], [0x48, 0x89, 0xD1], [0x49, 0x89, 0xC8]];
        for shift in SHIFTS[..n_args].iter().rev() {
            self.code.extend_from_slice(shift);
        }
        self.code.extend_from_slice(&[0x48, 0xBF]); // movabs rdi, ctx
        self.code.extend_from_slice(&(ctx as u64).to_le_bytes());
        self.code.extend_from_slice(&[0x48, 0xB8]); // movabs rax, impl
        self.code.extend_from_slice(&(impl_ as u64).to_le_bytes());
        self.code.extend_from_slice(&[0xFF, 0xE0]); // jmp rax
        start
    }

    #[cfg(not(all(target_arch = "x86_64", unix)))]
    pub fn push_direct(&mut self, _n_args: usize, _impl: usize, _ctx: usize) -> usize {
        0
    }

    /// Copy the batch into fresh executable memory; returns its base address.
    /// The memory is never freed: methods live as long as their types.
    #[cfg(all(target_arch = "x86_64", unix))]
    pub fn finish(self) -> Option<*const u8> {
        if self.code.is_empty() {
            return Some(std::ptr::null());
        }
        let len = self.code.len();
        // SAFETY: a fresh private anonymous mapping; we write `len` bytes
        // into it, then make it read+execute (never writable and executable).
        unsafe {
            let p = libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            );
            if p == libc::MAP_FAILED {
                return None;
            }
            std::ptr::copy_nonoverlapping(self.code.as_ptr(), p as *mut u8, len);
            if libc::mprotect(p, len, libc::PROT_READ | libc::PROT_EXEC) != 0 {
                libc::munmap(p, len);
                return None;
            }
            Some(p as *const u8)
        }
    }

    #[cfg(not(all(target_arch = "x86_64", unix)))]
    pub fn push(&mut self, _regs: FreeRegisters, _impl: usize, _ctx: usize, _entry: usize) -> usize {
        0
    }

    #[cfg(not(all(target_arch = "x86_64", unix)))]
    pub fn finish(self) -> Option<*const u8> {
        None
    }
}

/// Whether thunks are used: on x86-64 System V, unless `HILT_NO_THUNKS=1`
/// asks for the portable paths (the test suite runs both ways).
pub fn enabled() -> bool {
    static ENABLED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ENABLED.get_or_init(|| {
        cfg!(all(target_arch = "x86_64", unix)) && std::env::var_os("HILT_NO_THUNKS").is_none_or(|v| v != "1")
    })
}
