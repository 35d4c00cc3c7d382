//! Tamper evidence, beside its floor (raw SHA-256 over the same bytes), and the version graph
//! at fleet scale.
#![allow(missing_docs)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use kwanus_migration::__doc_support::{self as fx, t};
use kwanus_migration::graph::{PathRules, VersionGraph};
use kwanus_migration::*;
use semver::Version;
use sha2::{Digest as _, Sha256};

/// A history of exactly 1,000 events: 249 failed attempts, then a passing one.
fn thousand_events() -> MigrationRecord {
    let policy = Policy::default();
    let catalog = fx::platform();
    let mut m = Migration::open(fx::notice(), t(0), &policy)
        .unwrap()
        .prepare(&fx::plan(), t(1))
        .unwrap();
    let mut h = 2;
    for _ in 0..249 {
        let moved = m
            .transition(fx::release(), t(h), &policy, &catalog)
            .unwrap();
        let Validated::Failed(moved) = moved
            .validate(
                &fx::platform(),
                &[fx::failed_suite(t(h))],
                t(h),
                &Policy::default(),
            )
            .unwrap()
        else {
            unreachable!()
        };
        let fallen = moved
            .fall_back(
                FallbackReason::ValidationFailed,
                FallbackAuthority::Sanctioned,
                t(h),
                &Policy::default(),
            )
            .unwrap();
        let fix = Remediation {
            root_cause: "flaky".into(),
            fixes: "retry".into(),
            severity: Severity::Minor,
        };
        m = fallen
            .remediate(fix, &fx::plan(), t(h + 1), &policy)
            .unwrap();
        h += 2;
    }
    let moved = m
        .transition(fx::release(), t(h), &policy, &catalog)
        .unwrap();
    // the last attempt fails too: the history ends rejected, at exactly the round number
    let Validated::Failed(v) = moved
        .validate(
            &fx::platform(),
            &[fx::failed_suite(t(h))],
            t(h),
            &Policy::default(),
        )
        .unwrap()
    else {
        unreachable!()
    };
    let record = v.into_record();
    assert_eq!(record.events.len(), 1_000);
    record
}

/// 100,000 partners, partner i migrating from 1.0.i to 1.0.(i+1): a chain of 100,001
/// versions. Every tenth falls back.
fn fleet(n: u64) -> Vec<MigrationRecord> {
    let policy = Policy::default();
    let catalog = fx::platform();
    (0..n)
        .map(|i| {
            let (o, tg) = (Version::new(1, 0, i), Version::new(1, 0, i + 1));
            let notice = Notice {
                partner: PartnerId::new(format!("partner-{i}")).unwrap(),
                contracts: Some(Contracts {
                    old: fx::contract(o.clone()),
                    new: fx::contract(tg.clone()),
                }),
                origin: o,
                target: tg.clone(),
                ..fx::notice()
            };
            let mut release = Release {
                version: tg.clone(),
                ..fx::release()
            };
            release.evidence.contract = Some(fx::contract(tg));
            let m = Migration::open(notice, t(0), &policy)
                .unwrap()
                .prepare(&fx::plan(), t(1))
                .unwrap();
            let m = m.transition(release, t(2), &policy, &catalog).unwrap();
            if i % 10 == 0 {
                m.fall_back(
                    FallbackReason::PartnerRequest,
                    fx::tsc(t(3)),
                    t(3),
                    &Policy::default(),
                )
                .unwrap()
                .into_record()
            } else {
                m.into_record()
            }
        })
        .collect()
}

/// Resident memory of this process in KiB, from `/proc/self/status` (Linux only).
fn resident_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn bench(c: &mut Criterion) {
    let record = thousand_events();
    let head = record.head;
    // the exact bytes the chain hashes, event by event
    let mut previous = Digest::GENESIS;
    let hashed: Vec<Vec<u8>> = record
        .events
        .iter()
        .map(|e| {
            let bytes = e.hashed_bytes(&previous);
            previous = e.digest;
            bytes
        })
        .collect();
    println!(
        "1,000 events: {} bytes hashed ({} per event)",
        hashed.iter().map(Vec::len).sum::<usize>(),
        hashed.iter().map(Vec::len).sum::<usize>() / 1_000
    );
    let mut g = c.benchmark_group("lineage/verify_1000_events");
    g.bench_function("floor_raw_sha256_same_bytes", |b| {
        b.iter(|| {
            for bytes in &hashed {
                black_box(Sha256::digest(black_box(bytes)));
            }
        })
    });
    g.bench_function("resume", |b| {
        b.iter_batched(
            || record.clone(),
            |r| AnyMigration::resume(black_box(r), Anchor::Head(head)).unwrap(),
            BatchSize::SmallInput,
        )
    });
    g.finish();

    let records = fleet(100_000);
    let mut g = c.benchmark_group("lineage/graph_100k");
    g.sample_size(10);
    g.bench_function("build_from_100000_lineages", |b| {
        b.iter(|| VersionGraph::from_records(black_box(&records)))
    });
    let before = resident_kib();
    let graph = VersionGraph::from_records(&records);
    let after = resident_kib();
    assert_eq!(graph.version_count(), 100_001);
    if let (Some(b), Some(a)) = (before, after) {
        println!(
            "version graph of 100,000 lineages: {} KiB resident ({} bytes per lineage)",
            a.saturating_sub(b),
            a.saturating_sub(b) * 1024 / 100_000
        );
    }
    let policy = Policy::default();
    let rules = PathRules {
        policy: &policy,
        matrix: None,
    };
    let (first, last, mid) = (
        Version::new(1, 0, 0),
        Version::new(1, 0, 100_000),
        Version::new(1, 0, 50_000),
    );
    assert_eq!(
        graph.path(&first, &last, &rules).unwrap().versions.len(),
        100_001
    );
    g.bench_function("path_across_100001_versions", |b| {
        b.iter(|| graph.path(black_box(&first), black_box(&last), &rules))
    });
    g.bench_function("fallback_target", |b| {
        b.iter(|| graph.fallback_target(black_box(&mid)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
