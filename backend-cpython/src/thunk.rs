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

/// Which argument registers receive the `impl` and the context.
#[derive(Clone, Copy)]
pub enum FreeRegisters {
    /// After one CPython argument (unary slots): rsi, rdx.
    AfterOne,
    /// After two CPython arguments (METH_NOARGS, METH_O): rdx, rcx.
    AfterTwo,
    /// After three (METH_FASTCALL): rcx, r8.
    AfterThree,
    /// After four (METH_FASTCALL | METH_KEYWORDS): r8, r9.
    AfterFour,
}

impl ThunkWriter {
    pub fn new() -> ThunkWriter {
        ThunkWriter { code: Vec::new() }
    }

    /// Append a thunk; returns its offset in the batch.
    #[cfg(all(target_arch = "x86_64", unix))]
    pub fn push(&mut self, regs: FreeRegisters, impl_: usize, ctx: usize, entry: usize) -> usize {
        let start = self.code.len();
        // movabs <reg>, imm64 for the impl, then for the context.
        let (first, second): ([u8; 2], [u8; 2]) = match regs {
            FreeRegisters::AfterOne => ([0x48, 0xBE], [0x48, 0xBA]),   // rsi, rdx
            FreeRegisters::AfterTwo => ([0x48, 0xBA], [0x48, 0xB9]),   // rdx, rcx
            FreeRegisters::AfterThree => ([0x48, 0xB9], [0x49, 0xB8]), // rcx, r8
            FreeRegisters::AfterFour => ([0x49, 0xB8], [0x49, 0xB9]),  // r8, r9
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

/// Whether this platform gets thunks.
pub const SUPPORTED: bool = cfg!(all(target_arch = "x86_64", unix));
