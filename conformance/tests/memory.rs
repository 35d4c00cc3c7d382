//! The memory a permission set reports holding is the memory the allocator saw it take.
//!
//! In its own test binary, without the test harness (`harness = false`): the counting
//! allocator counts every thread of the process, and libtest's main thread, which spawns the
//! test's thread, sometimes allocated after the test had started (900 bytes inside a
//! measured region, in about one run in four on a loaded machine). Here `main` is the only
//! thread.

use std::alloc::System;

use kwanus_migration::permission::{Permission, PermissionSet};
use stats_alloc::{Region, Stats, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Bytes still held at the end of a region: allocated, less freed (a reallocation counts its
/// growth as allocated and its shrinking as freed).
fn held(change: Stats) -> isize {
    isize::try_from(change.bytes_allocated).unwrap()
        - isize::try_from(change.bytes_deallocated).unwrap()
}

/// `compiled_bytes` is every byte the set's lookup structures hold, to the byte: its index,
/// built with the set from its entries, and its compiled form, built on first use (so the
/// allocator sees each alone). Asking again builds nothing.
fn compiled_bytes_is_what_the_allocator_saw() {
    for n in [1usize, 8, 64, 512] {
        let entries: Vec<Permission> = (0..n)
            .map(|i| {
                format!("read:tenant-{i}/orders/x{}/*", i % 7)
                    .parse()
                    .unwrap()
            })
            .collect();

        let building = Region::new(GLOBAL);
        let set = PermissionSet::from(entries);
        let built = held(building.change());

        let compiling = Region::new(GLOBAL);
        let reported = isize::try_from(set.compiled_bytes()).unwrap();
        let compiled = held(compiling.change());

        assert!(
            built > 0 && compiled > 0,
            "{n} permissions: built {built}, compiled {compiled}"
        );
        assert_eq!(
            reported,
            built + compiled,
            "{n} permissions: reported {reported} bytes; building the set took {built}, \
             compiling it {compiled}"
        );

        let again = Region::new(GLOBAL);
        assert_eq!(isize::try_from(set.compiled_bytes()).unwrap(), reported);
        assert_eq!(held(again.change()), 0, "{n} permissions: compiled twice");
    }
}

fn main() {
    compiled_bytes_is_what_the_allocator_saw();
    // the summary line libtest prints, which `.ci/run` counts
    println!("test compiled_bytes_is_what_the_allocator_saw ... ok");
    println!("\ntest result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out\n");
}
