//! Per-method native entry points, so module functions and type methods can
//! be CPython's own builtin functions and method descriptors (which the
//! interpreter calls without any generic call machinery) and still reach
//! the extension's `impl` directly.
//!
//! A `PyMethodDef` function receives only CPython's arguments, with no room
//! for a closure. So for each method Hilt writes a few instructions into
//! executable memory that put the context in the first argument register
//! and jump to the `impl` (or load impl and context into free registers and
//! jump to a Rust adapter, for slots whose arguments need converting).
//! Jumps are direct (`jmp rel32`) when the mapping lands within 2 GiB of the
//! target, which it is asked to. x86-64 System V only; elsewhere `finish`
//! returns `None` and callers use their portable paths.

/// Executable copies of thunks, one mapping per batch (a module's functions
/// or a type's methods and slots).
pub struct ThunkWriter {
    code: Vec<u8>,
    /// Jumps to resolve when the batch's address is known.
    jumps: Vec<Jump>,
}

/// A 12-byte hole at `at` that becomes a jump to `target`.
struct Jump {
    at: usize,
    target: usize,
}

/// Room for the longer jump form: `movabs rax, imm64; jmp rax`.
const JUMP_ROOM: usize = 12;

/// Which argument registers receive the `impl` and the context of an
/// adapter thunk (the only adapters are for three-argument slots).
#[derive(Clone, Copy)]
pub enum FreeRegisters {
    /// After three CPython arguments: rcx, r8.
    AfterThree,
}

/// What a checking thunk passes, in the fourth argument register, to its
/// error entry when `nargs` is not 0:
/// `on_error(self, args, nargs, *const T) -> NULL`.
pub type ErrorEntry = usize;

// x86-64 encodings used below.
const MOV_RSI_RDI: [u8; 3] = [0x48, 0x89, 0xFE];
const MOVABS_RDI: [u8; 2] = [0x48, 0xBF];
const MOVABS_RCX: [u8; 2] = [0x48, 0xB9];
const MOVABS_R8: [u8; 2] = [0x49, 0xB8];

impl ThunkWriter {
    pub fn new() -> ThunkWriter {
        ThunkWriter { code: Vec::new(), jumps: Vec::new() }
    }

    fn imm64(&mut self, opcode: [u8; 2], value: usize) {
        self.code.extend_from_slice(&opcode);
        self.code.extend_from_slice(&(value as u64).to_le_bytes());
    }

    fn jump(&mut self, target: usize) {
        self.jumps.push(Jump { at: self.code.len(), target });
        self.code.extend_from_slice(&[0xCC; JUMP_ROOM]);
    }

    /// Start a thunk on a 16-byte boundary (instruction fetch is cheaper).
    fn start(&mut self) -> usize {
        while self.code.len() % 16 != 0 {
            self.code.push(0xCC);
        }
        self.code.len()
    }

    /// Append an adapter thunk: it loads the impl and the context into the
    /// registers after CPython's arguments and jumps to `entry`; returns its
    /// offset in the batch.
    pub fn push(&mut self, regs: FreeRegisters, impl_: usize, ctx: usize, entry: usize) -> usize {
        let start = self.start();
        let (first, second) = match regs {
            FreeRegisters::AfterThree => (MOVABS_RCX, MOVABS_R8),
        };
        self.imm64(first, impl_);
        self.imm64(second, ctx);
        self.jump(entry);
        start
    }

    /// Append a thunk that calls `impl_` itself: it moves CPython's
    /// `n_args` (1..=4) register arguments one register up, puts the context
    /// first, and jumps to `impl_`, which then returns straight to CPython.
    /// This works where the impl takes the context followed by exactly
    /// CPython's arguments and returns what CPython expects (a handle is a
    /// `PyObject *` in a register).
    pub fn push_direct(&mut self, n_args: usize, impl_: usize, ctx: usize) -> usize {
        assert!((1..=4).contains(&n_args), "direct thunks shift 1 to 4 arguments");
        let start = self.start();
        // mov r8,rcx / mov rcx,rdx / mov rdx,rsi / mov rsi,rdi, highest first.
        const SHIFTS: [[u8; 3]; 4] = [MOV_RSI_RDI, [0x48, 0x89, 0xF2], [0x48, 0x89, 0xD1], [0x49, 0x89, 0xC8]];
        for shift in SHIFTS[..n_args].iter().rev() {
            self.code.extend_from_slice(shift);
        }
        self.imm64(MOVABS_RDI, ctx);
        self.jump(impl_);
        start
    }

    /// Append the `METH_FASTCALL` entry of an impl taking no arguments: it
    /// checks `nargs` is 0, then calls `impl(ctx, self)` directly; otherwise
    /// it jumps to `on_error` with `info` as fourth argument.
    pub fn push_checked_noargs(&mut self, impl_: usize, ctx: usize, on_error: ErrorEntry, info: usize) -> usize {
        let start = self.start();
        self.code.extend_from_slice(&[0x48, 0x85, 0xD2]); // test rdx, rdx
        self.code.extend_from_slice(&[0x75, 0x00]); // jnz error (patched below)
        let branch_end = self.code.len();
        self.code.extend_from_slice(&MOV_RSI_RDI);
        self.imm64(MOVABS_RDI, ctx);
        self.jump(impl_);
        let distance = self.code.len() - branch_end;
        self.code[branch_end - 1] = u8::try_from(distance).expect("a checking thunk's main path is short");
        self.imm64(MOVABS_RCX, info);
        self.jump(on_error);
        start
    }

    /// Copy the batch into fresh executable memory, near the code it jumps
    /// to; returns its base address. The memory is never freed: functions
    /// and methods live as long as their module or type.
    #[cfg(all(target_arch = "x86_64", unix))]
    pub fn finish(mut self) -> Option<*const u8> {
        if self.code.is_empty() {
            return Some(std::ptr::null());
        }
        let len = self.code.len();
        // Ask for an address just below the first target (an extension's
        // code); the kernel picks another if that range is taken.
        let hint = self.jumps.first().map_or(0, |j| (j.target & !0xFFFF).saturating_sub(1 << 24));
        // SAFETY: a fresh private anonymous mapping (the hint is only a
        // hint: no MAP_FIXED); we write `len` bytes into it, then make it
        // read+execute (never writable and executable at once).
        unsafe {
            let p = libc::mmap(
                hint as *mut libc::c_void,
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            );
            if p == libc::MAP_FAILED {
                return None;
            }
            let base = p as usize;
            for jump in &self.jumps {
                let hole = &mut self.code[jump.at..jump.at + JUMP_ROOM];
                let next = (base + jump.at + 5) as i128;
                match i32::try_from(jump.target as i128 - next) {
                    Ok(rel) => {
                        hole[0] = 0xE9; // jmp rel32
                        hole[1..5].copy_from_slice(&rel.to_le_bytes());
                    }
                    Err(_) => {
                        hole[..2].copy_from_slice(&[0x48, 0xB8]); // movabs rax, target
                        hole[2..10].copy_from_slice(&(jump.target as u64).to_le_bytes());
                        hole[10..].copy_from_slice(&[0xFF, 0xE0]); // jmp rax
                    }
                }
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
