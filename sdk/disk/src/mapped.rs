//! A read-only shared mapping of part of a file, for the stages that only read a big file
//! once (verity hashing, the VM writers, copying partitions): the data is used straight
//! from the page cache, without copying it into a buffer first (on 1 GiB, the copy cost
//! ~15 % of the hashing time). The one place the workspace's `unsafe_code = "deny"` is
//! lifted outside process spawning: no safe API maps a file in Rust.

use std::fs::File;

/// A read-only shared mapping of `file[start .. start + len)`. Unmapped on drop. The file
/// must not shrink while it is mapped (reading a truncated page raises SIGBUS): callers
/// map their own outputs, or inputs whose size they have just checked.
pub struct Mapped {
    base: *mut std::ffi::c_void,
    len: usize,
    /// Where the requested start lies in the mapping (the mapping starts on a page).
    delta: usize,
}

// SAFETY: the mapping is read-only and only read; the pointer is valid until drop.
#[allow(unsafe_code)]
unsafe impl Sync for Mapped {}
#[allow(unsafe_code)]
unsafe impl Send for Mapped {}

#[allow(unsafe_code)]
impl Mapped {
    /// Maps `file[start .. start + len)`; `None` when the file cannot be mapped (the caller
    /// reads instead).
    pub fn new(file: &File, start: u64, len: u64) -> Option<Mapped> {
        let page = rustix::param::page_size() as u64;
        let aligned = start - start % page;
        let delta = (start - aligned) as usize;
        let total = usize::try_from(len).ok()?.checked_add(delta)?;
        if total == 0 || file.metadata().ok()?.len() < start + len {
            return None;
        }
        // SAFETY: a fresh mapping at an address the kernel picks; the file is the caller's
        // own output, not truncated while it is hashed (a truncation would raise SIGBUS).
        let base = unsafe { rustix::mm::mmap(std::ptr::null_mut(), total, rustix::mm::ProtFlags::READ, rustix::mm::MapFlags::SHARED, file, aligned) }.ok()?;
        // SAFETY: the range was just mapped.
        let _ = unsafe { rustix::mm::madvise(base, total, rustix::mm::Advice::Sequential) };
        Some(Mapped { base, len: total, delta })
    }

    /// The bytes `[from, from + len)` of the requested range, their pages mapped in one call
    /// first (MADV_POPULATE_READ, Linux 5.14+; older kernels fault them in one by one).
    pub fn slice(&self, from: usize, len: usize) -> &[u8] {
        assert!(self.delta + from + len <= self.len, "mapping read out of range");
        let page = rustix::param::page_size();
        let start = (self.delta + from) / page * page;
        let end = (self.delta + from + len).min(self.len);
        // SAFETY: advice on a page-aligned part of the live mapping.
        let _ = unsafe { rustix::mm::madvise((self.base as *mut u8).add(start).cast(), end - start, rustix::mm::Advice::LinuxPopulateRead) };
        self.again(from, len)
    }

    /// [`Mapped::slice`] without mapping the pages first: for a range that was just read
    /// through `slice` (its pages are mapped already).
    pub fn again(&self, from: usize, len: usize) -> &[u8] {
        assert!(self.delta + from + len <= self.len, "mapping read out of range");
        // SAFETY: in range (checked above) of a live read-only mapping.
        unsafe { std::slice::from_raw_parts((self.base as *const u8).add(self.delta + from), len) }
    }
}

#[allow(unsafe_code)]
impl Drop for Mapped {
    fn drop(&mut self) {
        // SAFETY: unmaps exactly the mapping made in `new`, once.
        let _ = unsafe { rustix::mm::munmap(self.base, self.len) };
    }
}

