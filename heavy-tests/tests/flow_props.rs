//! Property: whatever sequence of runtime calls is made through `AnyMigration`, the lineage
//! tells exactly the story of the calls that succeeded, refusals change nothing, and the
//! record always resumes to the same migration.

use chrono::Duration;
use kwanus_migration::__doc_support::{self as fx, t};
use kwanus_migration::*;
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    Prepare {
        good: bool,
    },
    Transition {
        good: bool,
    },
    Validate {
        verdict: Option<bool>,
    },
    Health {
        score: u8,
    },
    Complete,
    FallBack,
    Restrict,
    Review,
    Remediate {
        good: bool,
    },
    /// A governed withdrawal (`good`) or one approved by another body.
    Withdraw {
        good: bool,
    },
    /// A governed window extension by some days (0: not later, refused).
    Extend {
        days: u8,
    },
    /// The stage's natural next call with good artifacts, so random runs get deep.
    Advance,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => Just(Op::Advance),
        1 => any::<bool>().prop_map(|good| Op::Prepare { good }),
        1 => any::<bool>().prop_map(|good| Op::Transition { good }),
        1 => proptest::option::of(any::<bool>()).prop_map(|verdict| Op::Validate { verdict }),
        1 => (0u8..=100).prop_map(|score| Op::Health { score }),
        1 => Just(Op::Complete),
        1 => Just(Op::FallBack),
        1 => Just(Op::Restrict),
        1 => Just(Op::Review),
        1 => any::<bool>().prop_map(|good| Op::Remediate { good }),
        1 => any::<bool>().prop_map(|good| Op::Withdraw { good }),
        1 => (0u8..60).prop_map(|days| Op::Extend { days }),
    ]
}

fn step() -> impl Strategy<Value = (Op, i64)> {
    // mostly forward in time, sometimes backwards, sometimes a long jump past the fallback window
    (
        op(),
        prop_oneof![8 => 0i64..48, 1 => -30i64..0, 1 => 4_000i64..6_000],
    )
}

/// A withdrawal of a migration under way, approved by the TSC (`good`) or the ERC.
fn withdraw<S: UnderWay>(
    m: Migration<S>,
    good: bool,
    at: chrono::DateTime<chrono::Utc>,
) -> (AnyMigration, Option<Vec<&'static str>>)
where
    Migration<S>: Into<AnyMigration>,
{
    let body = if good {
        GovernanceBody::Tsc
    } else {
        GovernanceBody::Erc
    };
    let w = Withdrawal::new(
        WithdrawnBy::Partner,
        "the partner stays",
        Approval {
            body,
            by: "duty".into(),
            at,
        },
    );
    match m.withdraw(w, at) {
        Ok(m) => (m.into(), Some(vec!["withdrawn"])),
        Err(r) => (r.into_inner().into(), None),
    }
}

/// A window extension by `days`, approved by the TSC.
fn extend<S: UnderWay>(
    m: Migration<S>,
    days: u8,
    at: chrono::DateTime<chrono::Utc>,
) -> (AnyMigration, Option<Vec<&'static str>>)
where
    Migration<S>: Into<AnyMigration>,
{
    let e = Extension::new(
        m.window().closes + Duration::days(i64::from(days)),
        "more time",
        Approval {
            body: GovernanceBody::Tsc,
            by: "duty".into(),
            at,
        },
    );
    match m.extend_window(e, at) {
        Ok(m) => (m.into(), Some(vec!["window_extended"])),
        Err(r) => (r.into_inner().into(), None),
    }
}

/// The outcome of one call: the migration afterwards and, if the call succeeded, the events
/// it must have appended.
fn call(
    any: AnyMigration,
    op: &Op,
    at: chrono::DateTime<chrono::Utc>,
) -> (AnyMigration, Option<Vec<&'static str>>) {
    let policy = Policy::default();
    let catalog = fx::platform();
    let health = |score: u8| {
        health::score(&HealthInputs::uniform(f64::from(score)), &policy).expect("valid")
    };
    fn ok<M: Into<AnyMigration>>(
        m: M,
        events: &[&'static str],
    ) -> (AnyMigration, Option<Vec<&'static str>>) {
        (m.into(), Some(events.to_vec()))
    }
    fn no<S: Stage>(r: Refused<S>) -> (AnyMigration, Option<Vec<&'static str>>)
    where
        Migration<S>: Into<AnyMigration>,
    {
        (r.into_inner().into(), None)
    }
    let bad_plan = {
        let mut plan = fx::plan();
        plan.testing_plan = String::new();
        plan
    };
    let bad_release = {
        let mut release = fx::release();
        release.canary_percent = 100;
        release
    };
    // a pass, an attested failure, or an attestation that cannot count (refused)
    let attestations = |verdict: Option<bool>, at| match verdict {
        Some(true) => Vec::new(),
        Some(false) => vec![fx::failed_suite(at)],
        None => vec![{
            let mut attestation = fx::failed_suite(at);
            attestation.verdict = Verdict::NotApplicable;
            attestation
        }],
    };
    let fix = |good: bool| {
        Remediation::new(
            if good { "cause".into() } else { String::new() },
            "fixed",
            Severity::Minor,
        )
    };
    fn stab<S: Stage>(
        r: Result<HealthOutcome, Refused<S>>,
        steady: &'static str,
    ) -> (AnyMigration, Option<Vec<&'static str>>)
    where
        Migration<S>: Into<AnyMigration>,
    {
        match r {
            Ok(HealthOutcome::Steady(m)) => ok(m, &[steady]),
            Ok(HealthOutcome::AtRisk(m)) => ok(m, &["throttled"]),
            Ok(HealthOutcome::Restricted(m)) => ok(m, &["health_recorded", "fell_back"]),
            Err(r) => no(r),
        }
    }
    let advance = match &any {
        AnyMigration::Detection(_) => Op::Prepare { good: true },
        AnyMigration::Preparation(_) => Op::Transition { good: true },
        AnyMigration::Transition(_) => Op::Validate {
            verdict: Some(true),
        },
        AnyMigration::Validation(_) => Op::Health { score: 95 },
        AnyMigration::FallenBack(_) => Op::Remediate { good: true },
        AnyMigration::Rejected(_) => Op::FallBack,
        AnyMigration::Throttled(_) => Op::Health { score: 90 },
        AnyMigration::Stabilization(m) if m.review_pending() => Op::Review,
        _ => Op::Complete,
    };
    let op = if matches!(op, Op::Advance) {
        &advance
    } else {
        op
    };
    match (any, op) {
        (AnyMigration::Detection(m), Op::Prepare { good }) => {
            match m.prepare(&if *good { fx::plan() } else { bad_plan }, at) {
                Ok(m) => ok(m, &["prepared"]),
                Err(r) => no(r),
            }
        }
        (AnyMigration::Preparation(m), Op::Transition { good }) => {
            match m.transition(
                if *good { fx::release() } else { bad_release },
                at,
                &policy,
                &catalog,
            ) {
                Ok(m) => ok(m, &["transitioned"]),
                Err(r) => no(r),
            }
        }
        (AnyMigration::Transition(m), Op::Validate { verdict }) => {
            match m.validate(&attestations(*verdict, at), at, &policy, &fx::platform()) {
                Ok(Validated::Passed(m)) => ok(m, &["validation_passed", "rolled_out"]),
                Ok(Validated::Failed(m)) => ok(m, &["validation_failed"]),
                Err(r) => no(r),
            }
        }
        (AnyMigration::Validation(m), Op::Health { score }) => {
            stab(m.stabilize(&health(*score), at), "stabilized")
        }
        (AnyMigration::Stabilization(m), Op::Health { score }) => {
            stab(m.monitor(&health(*score), at), "health_recorded")
        }
        (AnyMigration::Throttled(m), Op::Health { score }) => {
            stab(m.monitor(&health(*score), at), "health_recorded")
        }
        (AnyMigration::Stabilization(m), Op::Review) => {
            let review = Review::new("tsc-duty", "continue");
            match m.review(review, at) {
                Ok(m) => ok(m, &["reviewed"]),
                Err(r) => no(r),
            }
        }
        (AnyMigration::Rejected(m), Op::FallBack) => {
            match m.fall_back(
                FallbackReason::ValidationFailed,
                FallbackAuthority::Sanctioned,
                at,
                &policy,
            ) {
                Ok(m) => ok(m, &["fell_back"]),
                Err(r) => no(r),
            }
        }
        (AnyMigration::Rejected(m), Op::Restrict) => match m.restrict(at) {
            Ok(m) => ok(m, &["fell_back"]),
            Err(r) => no(r),
        },
        (AnyMigration::Throttled(m), Op::FallBack) => {
            match m.fall_back(
                FallbackReason::HealthAtRisk,
                FallbackAuthority::Sanctioned,
                at,
                &policy,
            ) {
                Ok(m) => ok(m, &["fell_back"]),
                Err(r) => no(r),
            }
        }
        (AnyMigration::Stabilization(m), Op::Complete) => {
            match m.complete(at, &Policy::default()) {
                Ok(m) => ok(m, &["completed", "released"]),
                Err(r) => no(r),
            }
        }
        (AnyMigration::Transition(m), Op::FallBack) => {
            match m.fall_back(
                FallbackReason::PartnerRequest,
                fx::tsc(at),
                at,
                &Policy::default(),
            ) {
                Ok(m) => ok(m, &["fell_back"]),
                Err(r) => no(r),
            }
        }
        (AnyMigration::Validation(m), Op::FallBack) => {
            match m.fall_back(
                FallbackReason::CompatibilityBroken,
                fx::tsc(at),
                at,
                &Policy::default(),
            ) {
                Ok(m) => ok(m, &["fell_back"]),
                Err(r) => no(r),
            }
        }
        (AnyMigration::Stabilization(m), Op::FallBack) => {
            match m.fall_back(
                FallbackReason::CompatibilityBroken,
                fx::tsc(at),
                at,
                &Policy::default(),
            ) {
                Ok(m) => ok(m, &["fell_back"]),
                Err(r) => no(r),
            }
        }
        (AnyMigration::FallenBack(m), Op::Remediate { good }) => {
            match m.remediate(fix(*good), &fx::plan(), at, &policy) {
                Ok(m) => ok(m, &["remediated"]),
                Err(r) => no(r),
            }
        }
        (AnyMigration::Detection(m), Op::Withdraw { good }) => withdraw(m, *good, at),
        (AnyMigration::Detection(m), Op::Extend { days }) => extend(m, *days, at),
        (AnyMigration::Preparation(m), Op::Withdraw { good }) => withdraw(m, *good, at),
        (AnyMigration::Preparation(m), Op::Extend { days }) => extend(m, *days, at),
        (AnyMigration::Transition(m), Op::Withdraw { good }) => withdraw(m, *good, at),
        (AnyMigration::Transition(m), Op::Extend { days }) => extend(m, *days, at),
        (AnyMigration::Validation(m), Op::Withdraw { good }) => withdraw(m, *good, at),
        (AnyMigration::Validation(m), Op::Extend { days }) => extend(m, *days, at),
        (AnyMigration::Stabilization(m), Op::Withdraw { good }) => withdraw(m, *good, at),
        (AnyMigration::Stabilization(m), Op::Extend { days }) => extend(m, *days, at),
        (AnyMigration::FallenBack(m), Op::Withdraw { good }) => withdraw(m, *good, at),
        (AnyMigration::FallenBack(m), Op::Extend { days }) => extend(m, *days, at),
        (AnyMigration::Rejected(m), Op::Withdraw { good }) => withdraw(m, *good, at),
        (AnyMigration::Rejected(m), Op::Extend { days }) => extend(m, *days, at),
        (AnyMigration::Throttled(m), Op::Withdraw { good }) => withdraw(m, *good, at),
        (AnyMigration::Throttled(m), Op::Extend { days }) => extend(m, *days, at),
        // the call does not exist for this stage: it would not compile
        (any, _) => (any, None),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn lineage_tells_the_story_of_successful_calls(steps in proptest::collection::vec(step(), 0..40)) {
        let mut any = AnyMigration::from(fx::detected().expect("opens"));
        let mut story: Vec<&'static str> = vec!["opened"];
        let mut now = t(0);
        for (op, dt) in &steps {
            let at = now + Duration::hours(*dt);
            let before = any.clone().into_record();
            let (after, appended) = call(any, op, at);
            match appended {
                Some(events) => {
                    story.extend(events);
                    now = at;
                }
                None => prop_assert_eq!(&after.clone().into_record(), &before, "a refusal changed the migration"),
            }
            any = after;
            let names: Vec<&str> = any.lineage().iter().map(|e| e.detail.name()).collect();
            prop_assert_eq!(&names, &story);
            prop_assert!(any.lineage().iter().zip(any.lineage().iter().skip(1)).all(|(a, b)| a.at <= b.at));
        }
        let record = any.clone().into_record();
        let json = serde_json::to_string(&record).expect("serializes");
        prop_assert!(story.len() <= 1 + 2 * steps.len());
        let resumed = AnyMigration::resume(serde_json::from_str(&json).expect("parses"), Anchor::Head(record.head)).expect("resumes");
        prop_assert_eq!(resumed, any);
    }
}

/// The laws of `next_deadline` on `any` at `at`: it is never later than a deadline that
/// applies, it is one of them (never a deadline already met), and a later time never gives
/// an earlier deadline. Returns the kind found, if any.
fn deadline_laws(
    any: &AnyMigration,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<Option<DeadlineKind>, TestCaseError> {
    use StageName as S;
    let next = any.next_deadline(at);
    let under_way = any.stage().is_under_way();
    let open_remediation = any
        .remediation()
        .filter(|w| under_way && w.revalidated_at.is_none());
    let to_roll_out = matches!(
        any.stage(),
        S::Detection | S::Preparation | S::Transition | S::Rejected | S::FallenBack
    );
    let running = any.fallback_window().filter(|w| at < w.until);
    let review = any.lineage().iter().rev().find_map(|e| match &e.detail {
        EventDetail::Completed { next_review, .. } if any.stage() == S::Continuity => {
            Some(*next_review)
        }
        _ => None,
    });
    // never later than any deadline that applies
    let applies = [
        open_remediation.map(|w| w.deadline),
        to_roll_out.then(|| any.window().closes),
        running.map(|w| w.until),
        review,
    ];
    for due in applies.into_iter().flatten() {
        let next = next.ok_or_else(|| TestCaseError::fail(format!("{due} applies, none found")))?;
        prop_assert!(next.due <= due, "{next:?} is later than {due}");
    }
    // never a deadline already met
    if let Some(d) = next {
        let expected = match d.kind {
            DeadlineKind::RemediationDeadline => open_remediation.map(|w| w.deadline),
            DeadlineKind::WindowClose => to_roll_out.then(|| any.window().closes),
            DeadlineKind::FallbackWindowEnd => running.map(|w| w.until),
            DeadlineKind::NextReview => review,
            other => return Err(TestCaseError::fail(format!("unknown kind {other:?}"))),
        };
        prop_assert_eq!(
            Some(d.due),
            expected,
            "{:?} is met or does not apply in {}",
            d,
            any.stage()
        );
        prop_assert_eq!(d.is_overdue(at), at > d.due);
        prop_assert!(any.stage() != S::Withdrawn);
    }
    // a later time never gives an earlier deadline, nor one where there was none
    for later in [
        at + Duration::hours(1),
        at + Duration::days(200),
        at + Duration::days(800),
    ] {
        match (next, any.next_deadline(later)) {
            (Some(a), Some(b)) => prop_assert!(a.due <= b.due, "{a:?} then {b:?}"),
            (None, Some(b)) => {
                return Err(TestCaseError::fail(format!(
                    "none at {at}, {b:?} at {later}"
                )))
            }
            _ => {}
        }
    }
    prop_assert_eq!(
        any.is_overdue(at),
        any.remediation().is_some_and(|w| w.is_overdue(at))
    );
    Ok(next.map(|d| d.kind))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn next_deadline_is_the_earliest_that_applies(steps in proptest::collection::vec(step(), 0..40)) {
        let mut any = AnyMigration::from(fx::detected().expect("opens"));
        let mut now = t(0);
        deadline_laws(&any, now)?;
        for (op, dt) in &steps {
            let at = now + Duration::hours(*dt);
            let (after, appended) = call(any, op, at);
            if appended.is_some() {
                now = at;
            }
            any = after;
            for probe in [now, now + Duration::days(20), now + Duration::days(400)] {
                deadline_laws(&any, probe)?;
            }
        }
    }
}

/// The laws above meet every kind of deadline, so they are not vacuous.
#[test]
fn random_runs_meet_every_deadline_kind() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..300 {
        let steps = proptest::collection::vec(step(), 0..40)
            .new_tree(&mut runner)
            .expect("tree")
            .current();
        let mut any = AnyMigration::from(fx::detected().expect("opens"));
        let mut now = t(0);
        for (op, dt) in &steps {
            let at = now + Duration::hours(*dt);
            let (after, appended) = call(any, op, at);
            if appended.is_some() {
                now = at;
            }
            any = after;
            if let Some(d) = any.next_deadline(now) {
                seen.insert(d.kind);
            }
        }
    }
    assert_eq!(seen.len(), DeadlineKind::ALL.len(), "kinds met: {seen:?}");
}

/// The generator reaches every stage, so the property above is not vacuous.
#[test]
fn random_runs_reach_every_stage() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..300 {
        let steps = proptest::collection::vec(step(), 0..40)
            .new_tree(&mut runner)
            .expect("tree")
            .current();
        let mut any = AnyMigration::from(fx::detected().expect("opens"));
        let mut now = t(0);
        for (op, dt) in &steps {
            let at = now + Duration::hours(*dt);
            let (after, appended) = call(any, op, at);
            if appended.is_some() {
                now = at;
            }
            any = after;
            seen.insert(any.stage());
        }
    }
    assert_eq!(seen.len(), StageName::ALL.len(), "stages reached: {seen:?}");
}
