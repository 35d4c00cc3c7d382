//! Scale: a fleet of 100,000 partners' migrations built through the whole flow (notice to
//! continuity), stored as JSON, then every one read back and verified under its stored head.
//! Prints the total time of each phase and the process's peak resident memory (Linux's
//! `VmHWM`). Goal (issue 26): under 60 s and under 2 GiB on the project's 2-core machine.
//!
//! Run with `cargo bench -p kwanus-bench --bench fleet` (add `-- 10000` for a smaller fleet).
#![allow(missing_docs)]

use std::time::Instant;

use kwanus_migration::__doc_support::{self as fx, t};
use kwanus_migration::*;

/// One partner's migration, notice to continuity, stored: its JSON and its head.
fn migrate(i: usize, policy: &Policy, platform: &Platform) -> (String, Digest) {
    let mut notice = fx::notice();
    notice.partner = PartnerId::new(format!("partner-{i:06}")).unwrap();
    let m = Migration::open(notice, t(0), policy).unwrap();
    let m = m.prepare(&fx::plan(), t(1)).unwrap();
    let m = m.transition(fx::release(), t(2), policy, platform).unwrap();
    let Validated::Passed(m) = m.validate(&[], t(3), policy, platform).unwrap() else {
        unreachable!("the fixture release validates")
    };
    let reading = |score: f64| health::score(&HealthInputs::uniform(score), policy).unwrap();
    let HealthOutcome::Steady(mut m) = m.stabilize(&reading(88.0), t(4)).unwrap() else {
        unreachable!()
    };
    // a reading a week until the fallback window has run
    let mut h = 4;
    while h < 24 * 190 {
        h += 24 * 7;
        let HealthOutcome::Steady(next) =
            m.monitor(&reading(85.0 + (i % 10) as f64), t(h)).unwrap()
        else {
            unreachable!()
        };
        m = next;
    }
    let m = m.complete(t(24 * 200), policy).unwrap();
    let record = m.into_record();
    (record.to_json().unwrap(), record.head)
}

/// The process's peak resident memory in KiB, where Linux reports it.
fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    // `cargo bench` passes `--bench`; a number among the arguments sets the fleet's size
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    let policy = Policy::default();
    let platform = fx::platform();

    let start = Instant::now();
    let stored: Vec<(String, Digest)> = (0..n).map(|i| migrate(i, &policy, &platform)).collect();
    let built = start.elapsed();
    let bytes: usize = stored.iter().map(|(json, _)| json.len()).sum();

    let verifying = Instant::now();
    let mut events = 0usize;
    for (json, head) in &stored {
        let record = MigrationRecord::from_json(json).unwrap();
        record.verify(Anchor::Head(*head)).unwrap();
        events += record.events.len();
    }
    let verified = verifying.elapsed();
    let total = start.elapsed();

    println!(
        "fleet/{n}: built and stored {n} migrations ({events} events, {:.1} MB of JSON) in \
         {:.2} s; read back and verified all in {:.2} s; total {:.2} s; peak memory {} MiB",
        bytes as f64 / 1e6,
        built.as_secs_f64(),
        verified.as_secs_f64(),
        total.as_secs_f64(),
        peak_kib().map_or_else(|| "unknown".to_owned(), |k| (k / 1024).to_string()),
    );
}
