//! Tamper evidence: every valid history verifies, also after a JSON round trip with
//! realistic, non-round health scores; any single-byte change to any event does not.

use kwanus_migration::__doc_support::{self as fx, t};
use kwanus_migration::*;
use proptest::prelude::*;

/// A health score as monitoring produces one: a ratio of counts, with many digits, scaled
/// into `lo..hi`.
fn ratio_score(ok: u32, runs: u32, lo: f64, hi: f64) -> f64 {
    lo + (hi - lo) * f64::from(ok % (runs + 1)) / f64::from(runs + 1)
}

/// A valid history from a list of choices: 0 = move on, 1 = fail validation then fall back
/// and remediate, 2 = an at-risk reading during stabilization. `counts` feed the health
/// scores, cycled.
fn history(choices: &[u8], counts: &[(u32, u32)]) -> MigrationRecord {
    let mut counts = counts.iter().copied().cycle();
    let mut next_score = |lo: f64, hi: f64| {
        let (ok, runs) = counts.next().unwrap_or((7, 9));
        ratio_score(ok, runs, lo, hi)
    };
    let policy = Policy::default();
    let catalog = fx::platform();
    let mut h = 0i64;
    let mut tick = || {
        h += 1;
        t(h)
    };
    let mut any: AnyMigration = Migration::open(fx::notice(), tick(), &policy)
        .unwrap()
        .into();
    for c in choices {
        any = match (any, c) {
            (AnyMigration::Detection(m), _) => m.prepare(&fx::plan(), tick()).unwrap().into(),
            (AnyMigration::Preparation(m), _) => m
                .transition(fx::release(), tick(), &policy, &catalog)
                .unwrap()
                .into(),
            (AnyMigration::Transition(m), 1) => {
                let at = tick();
                let validated = m
                    .validate(
                        &[fx::failed_suite(at)],
                        at,
                        &Policy::default(),
                        &fx::platform(),
                    )
                    .unwrap();
                match validated {
                    Validated::Failed(m) => m
                        .fall_back(
                            FallbackReason::ValidationFailed,
                            FallbackAuthority::Sanctioned,
                            tick(),
                            &Policy::default(),
                        )
                        .unwrap()
                        .into(),
                    Validated::Passed(m) => m.into(),
                }
            }
            (AnyMigration::Transition(m), _) => {
                match m
                    .validate(&[], tick(), &Policy::default(), &fx::platform())
                    .unwrap()
                {
                    Validated::Passed(m) => m.into(),
                    Validated::Failed(m) => m.into(),
                }
            }
            (AnyMigration::FallenBack(m), _) => {
                let fix = Remediation::new("cause", "fix", Severity::Minor);
                m.remediate(fix, &fx::plan(), tick(), &policy)
                    .unwrap()
                    .into()
            }
            (AnyMigration::Validation(m), _) => {
                let score = next_score(60.0, 100.0);
                let r = health::score(&HealthInputs::uniform(score), &policy).unwrap();
                match m.stabilize(&r, tick()).unwrap() {
                    HealthOutcome::Steady(m) => m.into(),
                    _ => unreachable!(),
                }
            }
            (AnyMigration::Stabilization(m), 2) => {
                let score = next_score(40.0, 59.99);
                let r = health::score(&HealthInputs::uniform(score), &policy).unwrap();
                match m.monitor(&r, tick()).unwrap() {
                    HealthOutcome::AtRisk(m) => m.into(),
                    _ => unreachable!(),
                }
            }
            (AnyMigration::Stabilization(m), _) => {
                let score = next_score(75.0, 100.0);
                let r = health::score(&HealthInputs::uniform(score), &policy).unwrap();
                let HealthOutcome::Steady(m) = m.monitor(&r, tick()).unwrap() else {
                    unreachable!()
                };
                match m.complete(t(24 * 400), &Policy::default()) {
                    Ok(m) => m.into(),
                    Err(r) => r.into_inner().into(),
                }
            }
            (other, _) => other,
        };
    }
    any.into_record()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// A record written by the crate, serialized with `serde_json` defaults and parsed
    /// back, is the same record, serializes to the same bytes, and resumes under its head
    /// and its seal, at every stage and with any score.
    #[test]
    fn json_round_trips_are_exact_and_verify(
        choices in proptest::collection::vec(0u8..3, 0..24),
        counts in proptest::collection::vec((any::<u32>(), 1u32..1_000_000), 1..8),
    ) {
        let record = history(&choices, &counts);
        let json = serde_json::to_string(&record).unwrap();
        let back: MigrationRecord = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&back, &record);
        prop_assert_eq!(&serde_json::to_string(&back).unwrap(), &json);
        let key = SealKey::from_bytes([9; 32]);
        let seal = record.seal(&key);
        prop_assert!(AnyMigration::resume(back.clone(), Anchor::Head(record.head)).is_ok());
        let sealed = Anchor::Seal { seal, key: &key };
        prop_assert!(AnyMigration::resume(back, sealed).is_ok());
        // the same record, for the second verifier in `.ci/run`
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("prop-records");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{}.json", record.head)), &json).unwrap();
    }

    #[test]
    fn valid_histories_verify_and_any_flipped_byte_fails(
        choices in proptest::collection::vec(0u8..3, 0..16),
        which in any::<prop::sample::Index>(),
        byte in any::<prop::sample::Index>(),
        flip in 1u8..=255,
    ) {
        let record = history(&choices, &[(7, 9)]);
        prop_assert!(AnyMigration::resume_unanchored(record.clone()).is_ok());
        let i = which.index(record.events.len());
        let mut json = serde_json::to_vec(&record.events[i]).unwrap();
        let at = byte.index(json.len());
        json[at] ^= flip;
        let Ok(edited) = serde_json::from_slice::<Event>(&json) else {
            return Ok(()); // no longer an event at all: refused at parse time
        };
        if edited == record.events[i] {
            return Ok(()); // the flip did not change the event (an absent optional key renamed)
        }
        let mut forged = record.clone();
        forged.events[i] = edited;
        prop_assert!(AnyMigration::resume_unanchored(forged).is_err(), "a flip at byte {} of event {} went unnoticed", at, i);
    }

    #[test]
    fn every_single_event_tampering_is_detected(choices in proptest::collection::vec(0u8..3, 1..16), which in any::<prop::sample::Index>()) {
        let record = history(&choices, &[(7, 9)]);
        let n = record.events.len();
        let i = which.index(n);
        // drop
        let mut r = record.clone();
        r.events.remove(i);
        prop_assert!(AnyMigration::resume_unanchored(r).is_err());
        // insert a copy
        let mut r = record.clone();
        r.events.insert(i, record.events[i].clone());
        prop_assert!(AnyMigration::resume_unanchored(r).is_err());
        // swap with the next
        if i + 1 < n {
            let mut r = record.clone();
            r.events.swap(i, i + 1);
            prop_assert!(AnyMigration::resume_unanchored(r).is_err());
        }
        // truncate the tail
        if i > 0 {
            let mut r = record.clone();
            r.events.truncate(i);
            prop_assert!(AnyMigration::resume_unanchored(r).is_err());
        }
        // edit a field: the time
        let mut r = record.clone();
        r.events[i].at += chrono::Duration::nanoseconds(1);
        prop_assert!(AnyMigration::resume_unanchored(r).is_err());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// A correction decides nothing: appended to any history, on any field it may touch, the
    /// record resumes to the same stage with the same state as before (stage, versions,
    /// restriction, deadlines, band), keeps every earlier event byte for byte, and extends the
    /// old head by exactly one event.
    #[test]
    fn a_correction_changes_no_verdict(
        choices in proptest::collection::vec(0u8..3, 0..20),
        pick in any::<prop::sample::Index>(),
    ) {
        let record = history(&choices, &[(7, 9)]);
        let before = AnyMigration::resume(record.clone(), Anchor::Head(record.head)).unwrap();
        let fields: Vec<(u32, String)> = record
            .events
            .iter()
            .flat_map(|e| e.detail.correctable_fields().into_iter().map(move |f| (e.seq, f)))
            .collect();
        prop_assume!(!fields.is_empty());
        let (event, field) = fields[pick.index(fields.len())].clone();
        let last = record.events[record.events.len() - 1].at;
        let amended = record
            .amend(Correction::new(event, field, "corrected", "ops", "a typo", GovernanceBody::Tsc, last))
            .unwrap();
        prop_assert_eq!(amended.extends(record.head).unwrap(), 1);
        prop_assert_eq!(&amended.events[..record.events.len()], &record.events[..]);
        let after = AnyMigration::resume(amended.clone(), Anchor::Head(amended.head)).unwrap();
        let (b, a) = (before.into_record(), after.into_record());
        prop_assert_eq!(b.stage, a.stage);
        prop_assert_eq!(&b.target, &a.target);
        // what the typed handle says is unchanged too
        let summary = |r: MigrationRecord| {
            let head = r.head;
            let any = AnyMigration::resume(r, Anchor::Head(head)).unwrap();
            let m: Option<(bool, Option<chrono::DateTime<chrono::Utc>>)> = match any {
                AnyMigration::FallenBack(m) => Some((m.is_restricted(), m.remediation_deadline())),
                AnyMigration::Preparation(m) => Some((m.is_restricted(), m.remediation_deadline())),
                AnyMigration::Stabilization(m) => Some((m.is_restricted(), m.remediation_deadline())),
                _ => None,
            };
            m
        };
        prop_assert_eq!(summary(b), summary(a));
    }
}
