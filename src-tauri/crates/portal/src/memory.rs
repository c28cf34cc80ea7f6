//! A portal's heap that stays its size under load.
//!
//! glibc raises its mmap threshold each time a large block is freed, up to 32 MiB: after
//! the first argon2id verification (19 MiB) gave its memory back, every allocation below
//! that size came from the arenas, and with a dozen threads each arena kept tens of MiB
//! it no longer used. Measured on the 1,000,000-record bench: 1,961 MiB after the load
//! and the sign-ins, against 487 MiB with the threshold fixed. A fixed threshold turns
//! the adjustment off: blocks of 4 MiB and more are mapped and given back when freed (a
//! sign-in pays a few ms to fault its 19 MiB in again).

const MMAP_THRESHOLD: i32 = 4 << 20;

/// Fixes the heap's mmap threshold for this process (glibc); elsewhere a no-op.
pub(crate) fn steady_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes the allocator's tuning; any thread may call it.
    unsafe {
        if libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD) != 1 {
            tracing::warn!("could not fix the heap's mmap threshold; memory may grow under load");
        }
    }
}
