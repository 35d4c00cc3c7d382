//! A record in memory beside its JSON (issue 26: at most 1.5 times, event for event), and
//! reading it, beside the floor of reading the same text into a `serde_json::Value`.
//!
//! The bench counts the heap a record read from its JSON holds (a counting allocator, in
//! this bench binary only) and prints bytes per event for two shapes: validation-heavy (40
//! failed attempts) and a live migration's readings.
#![allow(missing_docs)]

use std::alloc::System;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use kwanus_migration::__doc_support as fx;
use kwanus_migration::*;
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("record/memory");
    for (name, record) in [
        ("validation_heavy", fx::failing_attempts(40).unwrap()),
        ("monitoring", fx::readings(200).unwrap()),
    ] {
        let json = record.to_json().unwrap();
        let region = Region::new(GLOBAL);
        let read = MigrationRecord::from_json(&json).unwrap();
        let change = region.change();
        let held = change.bytes_allocated - change.bytes_deallocated
            + std::mem::size_of::<MigrationRecord>();
        let events = read.events.len();
        println!(
            "record/memory/{name}: {events} events; JSON {} bytes per event; in memory {} \
             bytes per event: {:.2}x",
            json.len() / events,
            held / events,
            held as f64 / json.len() as f64
        );
        drop(read);
        g.bench_function(format!("{name}/floor_parse_into_value"), |b| {
            b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(&json)).unwrap())
        });
        g.bench_function(format!("{name}/from_json"), |b| {
            b.iter(|| MigrationRecord::from_json(black_box(&json)).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
