//! What a loaded migration tells without a match: `AnyMigration`'s band, remediation,
//! restriction, fallback window and next deadline, in every stage, each the same answer as
//! the typed handle's, and the same again once the record is stored and resumed.

use chrono::{DateTime, Duration, Utc};
use kwanus_migration::__doc_support::{self as fx, reading, t, tsc};
use kwanus_migration::*;

type R = Result<(), Box<dyn std::error::Error>>;

fn policy() -> Policy {
    Policy::default()
}

/// `AnyMigration`'s answers are the typed handle's, before and after a store and resume, at
/// each of `probes`. Returns the `AnyMigration`.
fn agrees<S: Stage>(m: &Migration<S>, probes: &[DateTime<Utc>]) -> AnyMigration
where
    Migration<S>: Into<AnyMigration>,
{
    let any: AnyMigration = m.clone().into();
    let record = any.clone().into_record();
    let resumed = AnyMigration::resume(record.clone(), Anchor::Head(record.head)).expect("resumes");
    for a in [&any, &resumed] {
        assert_eq!(a.stage(), m.stage());
        assert_eq!(a.window(), m.window());
        assert_eq!(a.last_band(), m.last_band());
        assert_eq!(a.remediation(), m.remediation());
        assert_eq!(a.remediation_deadline(), m.remediation_deadline());
        assert_eq!(a.is_restricted(), m.is_restricted());
        assert_eq!(a.review_pending(), m.review_pending());
        assert_eq!(a.fallback_window(), m.fallback_window());
        for &at in probes {
            assert_eq!(a.is_overdue(at), m.is_overdue(at), "{at}");
            assert_eq!(a.next_deadline(at), m.next_deadline(at), "{at}");
        }
    }
    any
}

/// A deadline's kind and due time (a `Deadline` is the crate's to make).
fn deadline(kind: DeadlineKind, due: DateTime<Utc>) -> Option<(DeadlineKind, DateTime<Utc>)> {
    Some((kind, due))
}

fn kd(d: Deadline) -> (DeadlineKind, DateTime<Utc>) {
    (d.kind, d.due)
}

fn window_close() -> DateTime<Utc> {
    fx::notice().window.closes
}

fn steady(o: HealthOutcome) -> Result<Migration<Stabilization>, Box<dyn std::error::Error>> {
    match o {
        HealthOutcome::Steady(m) => Ok(m),
        other => Err(format!("not steady: {other:?}").into()),
    }
}

fn rejected_at(
    m: Migration<Transition>,
    at: DateTime<Utc>,
) -> Result<Migration<Rejected>, Box<dyn std::error::Error>> {
    match m.validate(&[fx::failed_suite(at)], at, &policy(), &fx::platform())? {
        Validated::Failed(m) => Ok(m),
        Validated::Passed(_) => Err("expected a failure".into()),
    }
}

fn fix(severity: Severity) -> Remediation {
    Remediation::new(
        "the v2 handler dropped a header",
        "header restored",
        severity,
    )
}

#[test]
fn before_the_rollout_the_window_close_is_next() -> R {
    let probes = [t(0), t(24 * 90), t(24 * 91)];
    let detected = fx::detected()?;
    let prepared = fx::prepared()?;
    let transitioned = fx::transitioned()?;
    for any in [
        agrees(&detected, &probes),
        agrees(&prepared, &probes),
        agrees(&transitioned, &probes),
    ] {
        assert_eq!(any.last_band(), None);
        assert_eq!(any.remediation_deadline(), None);
        assert!(!any.is_restricted());
        assert!(!any.is_overdue(t(24 * 365)));
        assert_eq!(any.fallback_window(), None);
        let next = any.next_deadline(t(2)).map(kd);
        assert_eq!(next, deadline(DeadlineKind::WindowClose, window_close()));
        // past the close, the window is overdue, and still next
        let late = any.next_deadline(t(24 * 91)).ok_or("a deadline")?;
        assert_eq!(late.kind, DeadlineKind::WindowClose);
        assert!(late.is_overdue(t(24 * 91)));
        assert!(
            !late.is_overdue(window_close()),
            "due at the close itself, not yet late"
        );
    }
    Ok(())
}

#[test]
fn an_extension_moves_the_window_close() -> R {
    let m = fx::transitioned()?;
    let closes = window_close() + Duration::days(30);
    let m = m.extend_window(
        Extension::new(
            closes,
            "the partner's fix needs a month",
            Approval {
                body: GovernanceBody::Tsc,
                by: "tsc-chair".into(),
                at: t(3),
            },
        ),
        t(3),
    )?;
    let any = agrees(&m, &[t(3)]);
    assert_eq!(
        any.next_deadline(t(3)).map(kd),
        deadline(DeadlineKind::WindowClose, closes)
    );
    Ok(())
}

#[test]
fn a_forced_migration_is_restricted_and_its_remediation_comes_first() -> R {
    let m = Migration::open(fx::forced_notice(Severity::Moderate), t(0), &policy())?;
    let due = t(0) + Duration::days(14);
    let any = agrees(&m, &[t(0), due, due + Duration::seconds(1)]);
    assert!(any.is_restricted());
    assert_eq!(any.remediation_deadline(), Some(due));
    assert!(!any.is_overdue(due));
    assert!(any.is_overdue(due + Duration::seconds(1)));
    // the remediation deadline (14 days) comes before the window's close (90 days), and stays
    // next once overdue: an overdue deadline is the most urgent
    for at in [t(0), due + Duration::days(1)] {
        assert_eq!(
            any.next_deadline(at).map(kd),
            deadline(DeadlineKind::RemediationDeadline, due)
        );
    }
    // a severe problem is due at once
    let severe = Migration::open(fx::forced_notice(Severity::Severe), t(0), &policy())?;
    let any = agrees(&severe, &[t(0), t(1)]);
    assert!(any.is_overdue(t(1)));
    assert_eq!(
        any.next_deadline(t(1)).map(kd),
        deadline(DeadlineKind::RemediationDeadline, t(0))
    );
    Ok(())
}

#[test]
fn a_minor_remediation_later_than_the_window_gives_way_to_the_close() -> R {
    // a forced minor problem found on day 80 of a 90-day window: due on day 110
    let notice = fx::forced_notice(Severity::Minor);
    let m = Migration::open(notice, t(24 * 80), &policy())?;
    let any = agrees(&m, &[t(24 * 80)]);
    assert_eq!(
        any.remediation_deadline(),
        Some(t(24 * 80) + Duration::days(30))
    );
    assert_eq!(
        any.next_deadline(t(24 * 80)).map(kd),
        deadline(DeadlineKind::WindowClose, window_close())
    );
    Ok(())
}

#[test]
fn rolled_out_the_fallback_window_runs_until_its_end() -> R {
    let p = policy();
    let validated = fx::validated()?;
    let until = p.fallback_until(t(3));
    // the window's opening, end and recommended end (a `FallbackWindow` is the crate's to make)
    let window = (t(3), until, p.fallback_recommended_until(t(3)));
    let fw = |w: FallbackWindow| (w.opens, w.until, w.recommended_until);
    let probes = [
        t(4),
        until - Duration::seconds(1),
        until,
        until + Duration::days(1),
    ];
    let any = agrees(&validated, &probes);
    assert_eq!(any.last_band(), None);
    assert_eq!(any.fallback_window().map(fw), Some(window));
    assert_eq!(
        any.next_deadline(t(4)).map(kd),
        deadline(DeadlineKind::FallbackWindowEnd, until)
    );

    let stabilized = fx::stabilized()?;
    let any = agrees(&stabilized, &probes);
    assert_eq!(any.last_band(), Some(Band::Stable));
    assert!(!any.is_restricted());
    assert_eq!(any.fallback_window().map(fw), Some(window));
    assert_eq!(
        any.next_deadline(until - Duration::seconds(1)).map(kd),
        deadline(DeadlineKind::FallbackWindowEnd, until)
    );
    // once the window has run the fallback may be removed: nothing is due, nothing late
    assert_eq!(any.next_deadline(until), None);
    assert_eq!(any.next_deadline(until + Duration::days(400)), None);
    // the fallback is still kept until the completion releases it
    assert_eq!(any.fallback_window().map(fw), Some(window));

    // a vulnerable reading: the band, and the review it awaits
    let vulnerable = steady(fx::validated()?.stabilize(&reading(65.0), t(5))?)?;
    let any = agrees(&vulnerable, &probes);
    assert_eq!(any.last_band(), Some(Band::Vulnerable));
    assert!(any.review_pending());
    Ok(())
}

#[test]
fn a_throttled_migration_is_not_restricted() -> R {
    let HealthOutcome::AtRisk(m) = fx::validated()?.stabilize(&reading(50.0), t(5))? else {
        return Err("an at-risk reading throttles".into());
    };
    let any = agrees(&m, &[t(6)]);
    assert_eq!(any.stage(), StageName::Throttled);
    assert_eq!(any.last_band(), Some(Band::AtRisk));
    assert!(!any.is_restricted(), "throttling is not restriction");
    assert_eq!(
        any.next_deadline(t(6)).map(kd),
        deadline(
            DeadlineKind::FallbackWindowEnd,
            policy().fallback_until(t(3))
        )
    );
    Ok(())
}

#[test]
fn an_unstable_reading_restricts_and_the_window_bounds_the_next_rollout() -> R {
    let HealthOutcome::Restricted(m) = fx::validated()?.stabilize(&reading(10.0), t(5))? else {
        return Err("an unstable reading restricts".into());
    };
    let any = agrees(&m, &[t(6)]);
    assert_eq!(any.stage(), StageName::FallenBack);
    assert_eq!(any.last_band(), Some(Band::Unstable));
    assert!(any.is_restricted());
    // fallen back: no fallback window runs, the rollout is to come again
    assert_eq!(any.fallback_window(), None);
    assert_eq!(
        any.next_deadline(t(6)).map(kd),
        deadline(DeadlineKind::WindowClose, window_close())
    );
    Ok(())
}

#[test]
fn rejected_fallen_back_and_remediated() -> R {
    let p = policy();
    let rejected = rejected_at(fx::transitioned()?, t(3))?;
    let any = agrees(&rejected, &[t(4)]);
    assert!(!any.is_restricted());
    assert_eq!(any.remediation_deadline(), None);
    assert_eq!(
        any.next_deadline(t(4)).map(kd),
        deadline(DeadlineKind::WindowClose, window_close())
    );

    let fallen = rejected.restrict(t(4))?;
    let any = agrees(&fallen, &[t(5)]);
    assert!(any.is_restricted());
    assert_eq!(any.fallback_window(), None);
    assert_eq!(
        any.next_deadline(t(5)).map(kd),
        deadline(DeadlineKind::WindowClose, window_close())
    );

    // a moderate remediation counts 14 days from the failure at t(3)
    let remediated = fallen.remediate(fix(Severity::Moderate), &fx::plan(), t(6), &p)?;
    let due = t(3) + Duration::days(14);
    let any = agrees(&remediated, &[t(6), due + Duration::seconds(1)]);
    assert_eq!(any.stage(), StageName::Preparation);
    assert!(any.is_restricted());
    assert_eq!(any.remediation_deadline(), Some(due));
    assert_eq!(
        any.next_deadline(t(6)).map(kd),
        deadline(DeadlineKind::RemediationDeadline, due)
    );
    assert!(any.is_overdue(due + Duration::seconds(1)));

    // re-validated and rolled out: the remediation is met, the window no longer bounds anything
    let m = remediated.transition(fx::release(), t(7), &p, &fx::platform())?;
    let Validated::Passed(m) = m.validate(&[], t(8), &p, &fx::platform())? else {
        return Err("re-validation passes".into());
    };
    let any = agrees(&m, &[t(8), due + Duration::days(1)]);
    assert!(!any.is_restricted());
    assert!(!any.is_overdue(due + Duration::days(1)));
    assert_eq!(any.remediation_deadline(), Some(due), "the window is kept");
    assert_eq!(
        any.next_deadline(due + Duration::days(1)).map(kd),
        deadline(DeadlineKind::FallbackWindowEnd, p.fallback_until(t(8)))
    );
    Ok(())
}

#[test]
fn a_completed_migration_is_due_for_its_next_review() -> R {
    let p = policy();
    let at = t(24 * 200);
    let done = fx::stabilized()?.complete(at, &p)?;
    let next_review = at
        .checked_add_months(chrono::Months::new(p.governance_interval_months()))
        .ok_or("in range")?;
    let probes = [at, next_review, next_review + Duration::days(1)];
    let any = agrees(&done, &probes);
    assert_eq!(any.stage(), StageName::Continuity);
    assert_eq!(any.last_band(), Some(Band::Stable));
    assert_eq!(any.fallback_window(), None, "the fallback is released");
    assert!(!any.is_restricted());
    assert_eq!(
        any.next_deadline(at).map(kd),
        deadline(DeadlineKind::NextReview, next_review)
    );
    // the crate does not see the review happen: past its date it is overdue
    let late = any
        .next_deadline(next_review + Duration::days(1))
        .ok_or("a deadline")?;
    assert_eq!(late.kind, DeadlineKind::NextReview);
    assert!(late.is_overdue(next_review + Duration::days(1)));
    Ok(())
}

#[test]
fn a_withdrawn_migration_has_no_deadline() -> R {
    let m = Migration::open(fx::forced_notice(Severity::Moderate), t(0), &policy())?;
    let withdrawn = m.withdraw(
        Withdrawal::new(
            WithdrawnBy::Platform,
            "the partner leaves the platform",
            Approval {
                body: GovernanceBody::Sco,
                by: "sco-duty".into(),
                at: t(1),
            },
        ),
        t(1),
    )?;
    let any = agrees(&withdrawn, &[t(1), t(24 * 400)]);
    assert_eq!(any.stage(), StageName::Withdrawn);
    assert_eq!(any.next_deadline(t(1)), None);
    assert_eq!(any.next_deadline(t(24 * 400)), None);
    assert_eq!(any.fallback_window(), None);
    Ok(())
}

#[test]
fn a_fallback_from_stabilization_ends_the_fallback_window() -> R {
    let fallen = fx::stabilized()?.fall_back(
        FallbackReason::CompatibilityBroken,
        tsc(t(6)),
        t(6),
        &policy(),
    )?;
    let any = agrees(&fallen, &[t(6)]);
    assert_eq!(any.fallback_window(), None);
    assert_eq!(
        any.next_deadline(t(6)).map(kd),
        deadline(DeadlineKind::WindowClose, window_close())
    );
    Ok(())
}

#[test]
fn deadline_kinds_have_stable_names_and_a_json_form() -> R {
    let names: Vec<&str> = DeadlineKind::ALL.iter().map(|k| k.as_str()).collect();
    assert_eq!(
        names,
        [
            "remediation_deadline",
            "window_close",
            "fallback_window_end",
            "next_review"
        ]
    );
    for k in DeadlineKind::ALL {
        assert_eq!(k.to_string(), k.as_str());
    }
    let json = r#"{"kind":"window_close","due":"2026-01-05T00:00:00Z"}"#;
    let d: Deadline = serde_json::from_str(json)?;
    assert_eq!(kd(d), (DeadlineKind::WindowClose, t(0)));
    assert_eq!(serde_json::to_string(&d)?, json);
    Ok(())
}
