//! The six-step walk, and a 100-event record parsed and resumed, beside the floor: the same
//! JSON parsed into a generic `serde_json::Value`.
#![allow(missing_docs)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use kwanus_migration::__doc_support::{self as fx, t};
use kwanus_migration::*;

fn walk(policy: &Policy, report: &HealthReport) -> Migration<Continuity> {
    let catalog = fx::platform();
    let m = Migration::open(fx::notice(), t(0), policy).unwrap();
    let m = m.prepare(&fx::plan(), t(1)).unwrap();
    let m = m.transition(fx::release(), t(2), policy, &catalog).unwrap();
    let Validated::Passed(m) = m
        .validate(&[], t(3), &Policy::default(), &fx::platform())
        .unwrap()
    else {
        unreachable!()
    };
    let HealthOutcome::Steady(m) = m.stabilize(report, t(4)).unwrap() else {
        unreachable!()
    };
    m.complete(t(24 * 200), &Policy::default()).unwrap()
}

/// A record of exactly 100 events: 24 failed attempts with fallback and remediation.
fn hundred_events() -> MigrationRecord {
    let policy = Policy::default();
    let catalog = fx::platform();
    let mut m = fx::prepared().unwrap();
    let mut h = 2;
    for _ in 0..24 {
        let moved = m
            .transition(fx::release(), t(h), &policy, &catalog)
            .unwrap();
        let Validated::Failed(moved) = moved
            .validate(
                &[fx::failed_suite(t(h + 1))],
                t(h + 1),
                &Policy::default(),
                &fx::platform(),
            )
            .unwrap()
        else {
            unreachable!()
        };
        let fallen = moved
            .fall_back(
                FallbackReason::ValidationFailed,
                FallbackAuthority::Sanctioned,
                t(h + 2),
                &Policy::default(),
            )
            .unwrap();
        let fix = Remediation::new("flaky workflow", "retry policy", Severity::Minor);
        m = fallen
            .remediate(fix, &fx::plan(), t(h + 3), &policy)
            .unwrap();
        h += 4;
    }
    let moved = m
        .transition(fx::release(), t(h), &policy, &catalog)
        .unwrap();
    // the last attempt fails too: the history ends rejected, at exactly the round number
    let Validated::Failed(v) = moved
        .validate(
            &[fx::failed_suite(t(h + 1))],
            t(h + 1),
            &Policy::default(),
            &fx::platform(),
        )
        .unwrap()
    else {
        unreachable!()
    };
    let record = v.into_record();
    assert_eq!(record.events.len(), 100);
    record
}

fn bench(c: &mut Criterion) {
    let policy = Policy::default();
    let report = health::score(&HealthInputs::uniform(95.0), &policy).unwrap();
    c.bench_function("flow/six_step_walk", |b| {
        b.iter(|| walk(black_box(&policy), black_box(&report)))
    });

    // 25 validations in 100 events, each recomputed on replay
    record_group(c, "flow/record_100_events", &hundred_events());
    // a live migration: one validation, then readings
    record_group(c, "flow/record_100_events_monitoring", &monitoring(100));
}

/// A live migration of exactly `n` events: one validation that passes, the rollout, then
/// health readings (now and then a vulnerable one and its review).
fn monitoring(n: usize) -> MigrationRecord {
    let policy = Policy::default();
    let reading = |score: f64| health::score(&HealthInputs::uniform(score), &policy).unwrap();
    let mut m = fx::stabilized().unwrap();
    let mut h = 6;
    while m.lineage().len() < n {
        h += 8;
        m = if m.review_pending() {
            let review = Review::new("tsc-duty", "continue");
            m.review(review, t(h)).unwrap()
        } else {
            let score = if m.lineage().len() % 20 == 7 {
                64.0
            } else {
                91.0
            };
            let HealthOutcome::Steady(m) = m.monitor(&reading(score), t(h)).unwrap() else {
                unreachable!()
            };
            m
        };
    }
    let record = m.into_record();
    assert_eq!(record.events.len(), n);
    record
}

/// Parsing and resuming one record beside the floor: the same JSON into a `serde_json::Value`.
fn record_group(c: &mut Criterion, name: &str, record: &MigrationRecord) {
    let head = record.head;
    let json = serde_json::to_string(record).unwrap();
    println!("{name}: {} bytes of JSON", json.len());
    let mut g = c.benchmark_group(name);
    g.bench_function("floor_parse_into_value", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(&json)).unwrap())
    });
    g.bench_function("parse_only", |b| {
        b.iter(|| serde_json::from_str::<MigrationRecord>(black_box(&json)).unwrap())
    });
    g.bench_function("parse_and_resume", |b| {
        b.iter(|| {
            let r: MigrationRecord = serde_json::from_str(black_box(&json)).unwrap();
            AnyMigration::resume(r, Anchor::Head(head)).unwrap()
        })
    });
    g.bench_function("resume_only", |b| {
        b.iter_batched(
            || record.clone(),
            |r| AnyMigration::resume(r, Anchor::Head(head)).unwrap(),
            criterion::BatchSize::SmallInput,
        )
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
