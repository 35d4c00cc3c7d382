//! One score, and a fleet of a million partners.
#![allow(missing_docs)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kwanus_migration::{health, Band, HealthInputs, Policy};

fn fleet(n: usize) -> Vec<HealthInputs> {
    // a deterministic spread of values, with some components missing
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    (0..n)
        .map(|_| {
            let mut v = || {
                let r = next();
                if r % 17 == 0 {
                    None
                } else {
                    Some((r % 10_001) as f64 / 100.0)
                }
            };
            HealthInputs {
                stability: v(),
                compatibility: v(),
                sustainability: v(),
                ecosystem_impact: v(),
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let policy = Policy::default();
    let one = HealthInputs {
        stability: Some(97.0),
        compatibility: Some(91.0),
        sustainability: Some(88.0),
        ecosystem_impact: Some(94.0),
    };
    c.bench_function("health/score_one", |b| {
        b.iter(|| health::score(black_box(&one), black_box(&policy)).unwrap())
    });

    let partners = fleet(1_000_000);
    let mut g = c.benchmark_group("health/fleet");
    g.throughput(Throughput::Elements(partners.len() as u64));
    g.sample_size(10);
    g.bench_function("1_000_000_partners", |b| {
        b.iter(|| {
            let mut counts = [0u32; 5];
            for r in health::score_fleet(black_box(&partners), &policy) {
                let i = match r.map_or(Band::Unstable, |r| r.band) {
                    Band::Stable => 4,
                    Band::Reliable => 3,
                    Band::Vulnerable => 2,
                    Band::AtRisk => 1,
                    _ => 0,
                };
                counts[i] += 1;
            }
            counts
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
