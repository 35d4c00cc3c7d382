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

/// Holding a set costs its entries and nothing else: `held_bytes` is what the allocator saw
/// the entries take, and building the set from them allocates nothing. `compiled_bytes` is
/// every byte the set's lookup structures hold, to the byte: its trie, flat form and index,
/// each built on first need (so the allocator sees them alone). Asking again builds nothing.
fn held_and_compiled_bytes_are_what_the_allocator_saw() {
    for n in [1usize, 8, 64, 512] {
        let texts: Vec<String> = (0..n)
            .map(|i| format!("read:tenant-{i}/orders/x{}/*", i % 7))
            .collect();

        let parsing = Region::new(GLOBAL);
        let entries: Vec<Permission> = texts.iter().map(|t| t.parse().unwrap()).collect();
        let parsed = held(parsing.change());

        let building = Region::new(GLOBAL);
        let set = PermissionSet::from(entries);
        let built = held(building.change());
        assert_eq!(
            built, 0,
            "{n} permissions: building the set took {built} bytes"
        );
        assert_eq!(
            isize::try_from(set.held_bytes()).unwrap(),
            parsed,
            "{n} permissions: the entries took {parsed} bytes"
        );
        // the entries hold these texts (30 bytes at most) in place: the array of entries is
        // all there is
        let text: usize = texts.iter().map(String::len).sum();
        assert_eq!(
            set.held_bytes(),
            n * core::mem::size_of::<Permission>(),
            "{n} permissions"
        );
        if n == 64 {
            println!(
                "64 permissions held: {:.1} bytes per permission ({} of text), the set {} bytes",
                set.held_bytes() as f64 / n as f64,
                text as f64 / n as f64,
                core::mem::size_of::<PermissionSet>(),
            );
        }

        let compiling = Region::new(GLOBAL);
        let reported = isize::try_from(set.compiled_bytes()).unwrap();
        let compiled = held(compiling.change());

        assert!(compiled > 0, "{n} permissions: compiled {compiled}");
        assert_eq!(
            reported, compiled,
            "{n} permissions: reported {reported} bytes; compiling it took {compiled}"
        );

        let again = Region::new(GLOBAL);
        assert_eq!(isize::try_from(set.compiled_bytes()).unwrap(), reported);
        assert_eq!(held(again.change()), 0, "{n} permissions: compiled twice");
    }
}

fn main() {
    held_and_compiled_bytes_are_what_the_allocator_saw();
    println!("test held_and_compiled_bytes_are_what_the_allocator_saw ... ok");
    // the summary line libtest prints, which `.ci/run` counts
    println!("\ntest result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out\n");
}
