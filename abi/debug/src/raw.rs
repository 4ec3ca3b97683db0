//! Protected copies of raw data (`HPyUnicode_AsUTF8AndSize`,
//! `HPyBytes_AsString`): in debug mode the extension reads a copy in pages of
//! its own, mapped read-only, so a write faults at once; when the handle the
//! data came from closes, the pages become inaccessible, so a later read
//! faults at the point of use instead of reading freed memory.

use std::collections::VecDeque;

/// A read-only copy of some bytes in pages of their own.
pub struct RawBuf {
    ptr: *mut u8,
    len: usize,
}

fn page_size() -> usize {
    // SAFETY: sysconf has no preconditions.
    let n = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    if n > 0 { n as usize } else { 4096 }
}

impl RawBuf {
    /// A protected copy of the `n` bytes at `data` (plus a NUL after them).
    ///
    /// # Safety
    /// `data` must be readable for `n` bytes.
    pub unsafe fn copy_of(data: *const u8, n: usize) -> Option<RawBuf> {
        let page = page_size();
        let len = (n + 1).div_ceil(page) * page;
        // SAFETY: a fresh private anonymous mapping of `len` bytes, written
        // before it is made read-only; `data` is readable for `n` bytes.
        unsafe {
            let p = libc::mmap(std::ptr::null_mut(), len, libc::PROT_READ | libc::PROT_WRITE, libc::MAP_PRIVATE | libc::MAP_ANONYMOUS, -1, 0);
            if p == libc::MAP_FAILED {
                return None;
            }
            std::ptr::copy_nonoverlapping(data, p as *mut u8, n);
            *(p as *mut u8).add(n) = 0;
            if libc::mprotect(p, len, libc::PROT_READ) != 0 {
                libc::munmap(p, len);
                return None;
            }
            Some(RawBuf { ptr: p as *mut u8, len })
        }
    }

    pub fn as_ptr(&self) -> *const u8 {
        self.ptr
    }

    /// Make the pages inaccessible: any later access faults.
    pub fn revoke(&self) {
        // SAFETY: our own mapping.
        unsafe { libc::mprotect(self.ptr as *mut libc::c_void, self.len, libc::PROT_NONE) };
    }
}

impl Drop for RawBuf {
    fn drop(&mut self) {
        // SAFETY: our own mapping, unmapped once.
        unsafe { libc::munmap(self.ptr as *mut libc::c_void, self.len) };
    }
}

/// The protected copies of each open handle, and the revoked copies of
/// closed ones (kept inaccessible up to a bound, then unmapped).
pub struct RawData {
    open: std::collections::HashMap<usize, Vec<RawBuf>>,
    revoked: VecDeque<RawBuf>,
    limit: usize,
}

impl Default for RawData {
    fn default() -> Self {
        RawData { open: Default::default(), revoked: VecDeque::new(), limit: 1024 }
    }
}

impl RawData {
    /// Keep `buf` until the handle in slot `index` closes.
    pub fn attach(&mut self, index: usize, buf: RawBuf) {
        self.open.entry(index).or_default().push(buf);
    }

    /// The handle in slot `index` closed: revoke its copies.
    pub fn revoke(&mut self, index: usize) {
        if let Some(bufs) = self.open.remove(&index) {
            for b in bufs {
                b.revoke();
                self.revoked.push_back(b);
            }
            self.trim();
        }
    }

    /// How many revoked copies stay mapped (inaccessible) before the oldest
    /// is unmapped, its address free for reuse.
    pub fn set_limit(&mut self, limit: usize) {
        self.limit = limit;
        self.trim();
    }

    fn trim(&mut self) {
        while self.revoked.len() > self.limit {
            self.revoked.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_holds_the_bytes_and_a_nul() {
        let text = b"hello";
        // SAFETY: `text` is readable for its length.
        let buf = unsafe { RawBuf::copy_of(text.as_ptr(), text.len()) }.unwrap();
        // SAFETY: the copy is readable for len + 1 bytes until revoked.
        let copy = unsafe { std::slice::from_raw_parts(buf.as_ptr(), 6) };
        assert_eq!(copy, b"hello\0");
    }

    #[test]
    fn revoked_copies_are_bounded() {
        let mut raw = RawData::default();
        raw.set_limit(1);
        for i in 0..3 {
            // SAFETY: a static byte string.
            raw.attach(i, unsafe { RawBuf::copy_of(b"x".as_ptr(), 1) }.unwrap());
            raw.revoke(i);
        }
        assert_eq!(raw.revoked.len(), 1);
        assert!(raw.open.is_empty());
    }
}
