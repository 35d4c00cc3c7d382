//! Tamper evidence, beside its floor (raw SHA-256 over the same bytes), for two records of
//! 1,000 events (a history of 250 failed attempts, each validation recomputed on replay, and a
//! year of monitoring), and the version graph at fleet scale.
#![allow(missing_docs)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use kwanus_migration::__doc_support::{self as fx, t};
use kwanus_migration::graph::{PathRules, VersionGraph};
use kwanus_migration::*;
use semver::Version;
use sha2::{Digest as _, Sha256};

/// A history of exactly 1,000 events: 249 failed attempts, then a 250th that fails too.
fn thousand_events() -> MigrationRecord {
    let policy = Policy::default();
    let catalog = fx::platform();
    let m = fx::after_failed_attempts(249).unwrap();
    let h = 2 + 2 * 249;
    let moved = m
        .transition(fx::release(), t(h), &policy, &catalog)
        .unwrap();
    // the last attempt fails too: the history ends rejected, at exactly the round number
    let Validated::Failed(v) = moved
        .validate(
            &[fx::failed_suite(t(h))],
            t(h),
            &Policy::default(),
            &fx::platform(),
        )
        .unwrap()
    else {
        unreachable!()
    };
    let record = v.into_record();
    assert_eq!(record.events.len(), 1_000);
    record
}

/// A year of monitoring in exactly 1,000 events: one validation that passes, the rollout,
/// then daily health readings (now and then a vulnerable one and its review, an at-risk one
/// that throttles and a recovery), the shape of a live migration's record.
fn year_of_monitoring() -> MigrationRecord {
    let policy = Policy::default();
    let platform = fx::platform();
    let m = fx::prepared()
        .unwrap()
        .transition(fx::release(), t(2), &policy, &platform)
        .unwrap();
    let Validated::Passed(m) = m.validate(&[], t(3), &policy, &platform).unwrap() else {
        unreachable!()
    };
    let reading = |score: f64| health::score(&HealthInputs::uniform(score), &policy).unwrap();
    let HealthOutcome::Steady(m) = m.stabilize(&reading(91.0), t(4)).unwrap() else {
        unreachable!()
    };
    let mut any = AnyMigration::from(m);
    let mut h = 4;
    while any.lineage().len() < 1_000 {
        h += 8;
        let day = any.lineage().len();
        let score = match day % 50 {
            17 => 64.0, // vulnerable: a review follows
            33 => 52.0, // at risk: throttled, the next reading recovers
            _ => 80.0 + (day % 17) as f64,
        };
        any = match any {
            AnyMigration::Stabilization(m) if m.review_pending() => m
                .review(Review::new("tsc-duty", "continue"), t(h))
                .unwrap()
                .into(),
            AnyMigration::Stabilization(m) => match m.monitor(&reading(score), t(h)).unwrap() {
                HealthOutcome::Steady(m) => m.into(),
                HealthOutcome::AtRisk(m) => m.into(),
                HealthOutcome::Restricted(m) => m.into(),
            },
            AnyMigration::Throttled(m) => match m.monitor(&reading(88.0), t(h)).unwrap() {
                HealthOutcome::Steady(m) => m.into(),
                HealthOutcome::AtRisk(m) => m.into(),
                HealthOutcome::Restricted(m) => m.into(),
            },
            other => unreachable!("{:?}", other.stage()),
        };
    }
    let record = any.into_record();
    assert_eq!(record.events.len(), 1_000);
    record
}

/// The exact bytes the chain hashes, event by event.
fn hashed_bytes(record: &MigrationRecord) -> Vec<Vec<u8>> {
    let mut previous = Digest::GENESIS;
    record
        .events
        .iter()
        .map(|e| {
            let bytes = e.hashed_bytes(&previous);
            previous = e.digest;
            bytes
        })
        .collect()
}

/// The verify group of one 1,000-event record: the floor (raw SHA-256 of its hashed bytes),
/// `MigrationRecord::verify` (the auditor's path, in place) and `AnyMigration::resume` of an
/// owned copy (a service loading it).
fn verify_group(c: &mut Criterion, name: &str, record: &MigrationRecord) {
    let head = record.head;
    let hashed = hashed_bytes(record);
    println!(
        "{name}: {} bytes hashed ({} per event)",
        hashed.iter().map(Vec::len).sum::<usize>(),
        hashed.iter().map(Vec::len).sum::<usize>() / record.events.len()
    );
    let mut g = c.benchmark_group(name);
    g.bench_function("floor_raw_sha256_same_bytes", |b| {
        b.iter(|| {
            for bytes in &hashed {
                black_box(Sha256::digest(black_box(bytes)));
            }
        })
    });
    g.bench_function("verify", |b| {
        b.iter(|| record.verify(Anchor::Head(black_box(head))).unwrap())
    });
    // a record of 1,000 events is no small input (criterion's `SmallInput` holds many copies
    // at once, each gone from the cache when its turn comes): one copy per run, made just
    // before it, as a service resumes a record it has just read
    g.bench_function("resume", |b| {
        b.iter_batched(
            || record.clone(),
            |r| AnyMigration::resume(black_box(r), Anchor::Head(head)).unwrap(),
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

/// 100,000 partners, partner i migrating from 1.0.i to 1.0.(i+1): a chain of 100,001
/// versions. Every tenth falls back.
fn fleet(n: u64) -> Vec<MigrationRecord> {
    let policy = Policy::default();
    let catalog = fx::platform();
    (0..n)
        .map(|i| {
            let (o, tg) = (Version::new(1, 0, i), Version::new(1, 0, i + 1));
            let notice = {
                let mut notice = fx::notice();
                notice.partner = PartnerId::new(format!("partner-{i}")).unwrap();
                notice.contracts = Some(Contracts {
                    old: fx::contract(o.clone()),
                    new: fx::contract(tg.clone()),
                });
                notice.origin = o;
                notice.target = tg.clone();
                notice
            };
            let mut release = {
                let mut release = fx::release();
                release.version = tg.clone();
                release
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
    // 250 validations in 1,000 events: each is recomputed on replay
    verify_group(
        c,
        "lineage/verify/validation_heavy_1000_events",
        &thousand_events(),
    );
    // a live migration's year: one validation, readings
    verify_group(
        c,
        "lineage/verify/year_of_monitoring_1000_events",
        &year_of_monitoring(),
    );

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
    let rules = PathRules::new(&policy);
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
