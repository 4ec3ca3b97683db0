//! Checks on an extension file before a loader hands it to `dlopen`
//! (shared by both backends).
//!
//! `dlopen` maps a truncated ELF file without complaint, and the process then
//! dies (SIGBUS) on first touching a page past the end of the file. Checking
//! that every segment and the section table lie inside the file turns that
//! crash into an ImportError.

/// Why a file cannot be an extension for this machine.
pub fn check_elf(bytes: &[u8]) -> Result<(), String> {
    if bytes.len() < 64 || &bytes[..4] != b"\x7fELF" {
        return Err("not an ELF shared object (bad magic number)".into());
    }
    let is64 = match bytes[4] {
        1 => false,
        2 => true,
        c => return Err(format!("unknown ELF class {c}")),
    };
    if is64 != cfg!(target_pointer_width = "64") {
        return Err(format!("built for a {}-bit machine", if is64 { 64 } else { 32 }));
    }
    let little = match bytes[5] {
        1 => true,
        2 => false,
        d => return Err(format!("unknown ELF data encoding {d}")),
    };
    if little != cfg!(target_endian = "little") {
        return Err("built for a machine of the other byte order".into());
    }
    let u16_at = |o: usize| {
        let b = [bytes[o], bytes[o + 1]];
        if little { u16::from_le_bytes(b) } else { u16::from_be_bytes(b) }
    };
    let word_at = |o: usize| -> u64 {
        if is64 {
            let mut b = [0u8; 8];
            b.copy_from_slice(&bytes[o..o + 8]);
            if little { u64::from_le_bytes(b) } else { u64::from_be_bytes(b) }
        } else {
            let mut b = [0u8; 4];
            b.copy_from_slice(&bytes[o..o + 4]);
            (if little { u32::from_le_bytes(b) } else { u32::from_be_bytes(b) }) as u64
        }
    };
    let len = bytes.len() as u64;
    let (phoff, shoff, phentsize_at) = if is64 { (word_at(32), word_at(40), 54) } else { (word_at(28), word_at(32), 42) };
    let phentsize = u16_at(phentsize_at) as u64;
    let phnum = u16_at(phentsize_at + 2) as u64;
    let shentsize = u16_at(phentsize_at + 4) as u64;
    let shnum = u16_at(phentsize_at + 6) as u64;
    let truncated = |what: &str, end: u64| format!("truncated: {what} ends at byte {end}, but the file has {len} bytes");
    let ph_end = phoff.saturating_add(phentsize.saturating_mul(phnum));
    if ph_end > len {
        return Err(truncated("the program header table", ph_end));
    }
    let sh_end = shoff.saturating_add(shentsize.saturating_mul(shnum));
    if shnum > 0 && sh_end > len {
        return Err(truncated("the section header table", sh_end));
    }
    for i in 0..phnum {
        let h = (phoff + i * phentsize) as usize;
        let (offset, filesz) = if is64 { (word_at(h + 8), word_at(h + 32)) } else { (word_at(h + 4), word_at(h + 16)) };
        let end = offset.saturating_add(filesz);
        if end > len {
            return Err(truncated(&format!("segment {i}"), end));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn rejects_garbage_and_truncation() {
        assert!(super::check_elf(b"hello").unwrap_err().contains("bad magic"));
        let me = std::fs::read("/proc/self/exe").unwrap();
        assert_eq!(super::check_elf(&me), Ok(()));
        assert!(super::check_elf(&me[..me.len() / 3]).unwrap_err().contains("truncated"));
    }
}
