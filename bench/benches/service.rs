//! A platform service's request, end to end, beside its floor: the stored JSON of a 10-event
//! record parsed, resumed under its stored head, a health reading scored and recorded
//! (`monitor`), the record serialized again. The floor does the least a service must do
//! with the same bytes: parse them into a `serde_json::Value`, hash one new event's worth of
//! bytes with SHA-256, append it and serialize. Requests per second per core are the
//! inverse of the request time (one core runs one request at a time).
#![allow(missing_docs)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use kwanus_migration::__doc_support::{self as fx, t};
use kwanus_migration::*;
use sha2::{Digest as _, Sha256};

/// A live migration of exactly 10 events: validated, rolled out, stabilized, then readings.
fn ten_events() -> MigrationRecord {
    let policy = Policy::default();
    let mut m = fx::stabilized().unwrap();
    let mut h = 6;
    while m.lineage().len() < 10 {
        h += 8;
        let reading = health::score(&HealthInputs::uniform(91.0), &policy).unwrap();
        let HealthOutcome::Steady(next) = m.monitor(&reading, t(h)).unwrap() else {
            unreachable!()
        };
        m = next;
    }
    m.into_record()
}

/// One request: stored text and head in, the new text and head out.
fn request(json: &str, head: Digest, inputs: &HealthInputs, policy: &Policy) -> (String, Digest) {
    let at = t(24 * 30);
    let any = AnyMigration::resume_json(json, Anchor::Head(head)).unwrap();
    let AnyMigration::Stabilization(m) = any else {
        unreachable!()
    };
    let reading = health::score(inputs, policy).unwrap();
    let HealthOutcome::Steady(m) = m.monitor(&reading, at).unwrap() else {
        unreachable!()
    };
    let record = m.into_record();
    (record.to_json().unwrap(), record.head)
}

/// The floor: the same text into a `Value`, SHA-256 of a new event's bytes, the event
/// appended, the `Value` serialized.
fn floor(json: &str, event: &serde_json::Value, hashed: &[u8]) -> String {
    let mut v: serde_json::Value = serde_json::from_str(json).unwrap();
    let digest = Sha256::digest(hashed);
    let events = v["events"].as_array_mut().unwrap();
    events.push(event.clone());
    v["head"] = serde_json::Value::from(format!("{digest:x}"));
    serde_json::to_string(&v).unwrap()
}

fn bench(c: &mut Criterion) {
    let policy = Policy::default();
    let record = ten_events();
    let json = record.to_json().unwrap();
    let head = record.head;
    let inputs = HealthInputs::uniform(91.0);
    // the floor appends what the request appends: the new event, as JSON and as hashed bytes
    let (after, _) = request(&json, head, &inputs, &policy);
    let after = MigrationRecord::from_json(&after).unwrap();
    let last = after.events.last().unwrap();
    let event = serde_json::to_value(last).unwrap();
    let hashed = last.hashed_bytes(&head);
    println!(
        "service/request: a record of {} events, {} bytes of JSON",
        record.events.len(),
        json.len()
    );
    let mut g = c.benchmark_group("service/request");
    g.bench_function("floor_value_parse_sha256_append_serialize", |b| {
        b.iter(|| floor(black_box(&json), &event, &hashed))
    });
    g.bench_function("resume_json_monitor_to_json", |b| {
        b.iter(|| request(black_box(&json), head, &inputs, &policy))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
