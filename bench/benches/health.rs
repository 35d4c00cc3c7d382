//! One score, and a fleet of 100,000 partners: the crate's fleet scan (packed and checked
//! inputs) beside the floor, a plain weighted sum with its band over the same numbers in plain
//! structs, written to be fast (branch-free), in the same group.
#![allow(missing_docs)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kwanus_migration::health::{self, PackedInputs};
use kwanus_migration::{Band, HealthInputs, Policy};

const PARTNERS: usize = 100_000;

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
            HealthInputs::new(v(), v(), v(), v())
        })
        .collect()
}

/// The floor's input: the same numbers, a missing one as 0, in a plain struct.
#[derive(Clone, Copy)]
struct Plain {
    v: [f64; 4],
}

fn band_index(b: Band) -> usize {
    match b {
        Band::Stable => 4,
        Band::Reliable => 3,
        Band::Vulnerable => 2,
        Band::AtRisk => 1,
        _ => 0,
    }
}

fn bench(c: &mut Criterion) {
    let policy = Policy::default();
    let one = HealthInputs::new(Some(97.0), Some(91.0), Some(88.0), Some(94.0));
    c.bench_function("health/score_one", |b| {
        b.iter(|| health::score(black_box(&one), black_box(&policy)).unwrap())
    });

    let partners = fleet(PARTNERS);
    let packed: Vec<PackedInputs> = partners
        .iter()
        .map(PackedInputs::new)
        .collect::<Result<_, _>>()
        .unwrap();
    let plain: Vec<Plain> = partners
        .iter()
        .map(|i| Plain {
            v: [
                i.stability.unwrap_or(0.0),
                i.compatibility.unwrap_or(0.0),
                i.sustainability.unwrap_or(0.0),
                i.ecosystem_impact.unwrap_or(0.0),
            ],
        })
        .collect();
    println!(
        "health/fleet: {} B/partner as HealthInputs, {} B/partner packed, {} B/partner plain",
        std::mem::size_of::<HealthInputs>(),
        std::mem::size_of::<PackedInputs>(),
        std::mem::size_of::<Plain>(),
    );
    let w = policy.health_weights();
    let total: f64 = w.iter().sum();
    let w = w.map(|w| w / total);
    let edges = [
        f64::from(policy.band_at_risk()),
        f64::from(policy.band_vulnerable()),
        f64::from(policy.band_reliable()),
        f64::from(policy.band_stable()),
    ];

    let mut g = c.benchmark_group("health/fleet");
    g.throughput(Throughput::Elements(PARTNERS as u64));
    g.sample_size(20);
    // every line counts partners per band, the question a fleet scan answers
    g.bench_function("floor_plain_weighted_sum", |b| {
        b.iter(|| {
            let mut counts = [0u32; 5];
            for p in black_box(&plain) {
                let s = p.v[0] * w[0] + p.v[1] * w[1] + p.v[2] * w[2] + p.v[3] * w[3];
                let band = usize::from(s >= edges[0])
                    + usize::from(s >= edges[1])
                    + usize::from(s >= edges[2])
                    + usize::from(s >= edges[3]);
                counts[band] += 1;
            }
            counts
        })
    });
    g.bench_function("score_packed_fleet", |b| {
        b.iter(|| {
            let mut counts = [0u32; 5];
            for s in health::score_packed_fleet(black_box(&packed), &policy) {
                counts[band_index(s.band)] += 1;
            }
            counts
        })
    });
    g.bench_function("score_fleet_checked", |b| {
        b.iter(|| {
            let mut counts = [0u32; 5];
            for r in health::score_fleet(black_box(&partners), &policy) {
                counts[band_index(r.map_or(Band::Unstable, |r| r.band))] += 1;
            }
            counts
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
