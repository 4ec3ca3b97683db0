//! The `hilt` command; everything lives in `hilt_vm::cli`.

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys::{mi_free, mi_malloc, mi_malloc_aligned, mi_realloc, mi_realloc_aligned, mi_zalloc, mi_zalloc_aligned};

/// The VM allocates and frees many small blocks, and its collector frees
/// them in bulk; glibc's allocator spent a quarter of some benchmarks
/// sorting those frees back into its bins. mimalloc, then, asked for its
/// plain path wherever that gives the alignment wanted: the `mimalloc`
/// crate's wrapper takes the aligned path for every request, which costs
/// each allocation a few dozen instructions more.
struct Allocator;

/// What every mimalloc block is aligned to: its sizes are whole words.
const PLAIN_ALIGN: usize = std::mem::size_of::<usize>();

/// `plain(size)` where `PLAIN_ALIGN` gives `layout`'s alignment, else
/// `aligned(size, align)`.
#[inline(always)]
unsafe fn either(layout: Layout, plain: unsafe extern "C" fn(usize) -> *mut c_void, aligned: unsafe extern "C" fn(usize, usize) -> *mut c_void) -> *mut u8 {
    // SAFETY: the caller's (GlobalAlloc's) contract, forwarded.
    unsafe {
        if layout.align() <= PLAIN_ALIGN {
            plain(layout.size()) as *mut u8
        } else {
            aligned(layout.size(), layout.align()) as *mut u8
        }
    }
}

// SAFETY: each function forwards to the mimalloc function for the same
// job, with an alignment mimalloc meets (the plain functions only where
// `PLAIN_ALIGN` is enough); mimalloc's free takes any block it made.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as above.
        unsafe { either(layout, mi_malloc, mi_malloc_aligned) }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as above.
        unsafe { either(layout, mi_zalloc, mi_zalloc_aligned) }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from one of the functions above.
        unsafe { mi_free(ptr as *mut c_void) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from the functions above with `layout`'s
        // alignment, which the new block keeps.
        unsafe {
            if layout.align() <= PLAIN_ALIGN {
                mi_realloc(ptr as *mut c_void, new_size) as *mut u8
            } else {
                mi_realloc_aligned(ptr as *mut c_void, new_size, layout.align()) as *mut u8
            }
        }
    }
}

#[global_allocator]
static ALLOC: Allocator = Allocator;

fn main() {
    std::process::exit(hilt_vm::cli::main(std::env::args().skip(1).collect()));
}
