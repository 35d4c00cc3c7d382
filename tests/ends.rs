//! Every migration can reach an end (issue 24): a fixed release versioned above the failed
//! one, a governed window extension, a governed withdrawal, one remediation clock, the canary
//! watched during transition, and from every stage a way to an end.

use chrono::Duration;
use kwanus_migration::__doc_support::{self as fx, reading, t};
use kwanus_migration::health::{detect_collapse, Sample};
use kwanus_migration::*;
use semver::Version;

type R = Result<(), Box<dyn std::error::Error>>;

fn day(d: i64) -> chrono::DateTime<chrono::Utc> {
    t(24 * d)
}

fn tsc(at: chrono::DateTime<chrono::Utc>) -> Approval {
    Approval {
        body: GovernanceBody::Tsc,
        by: "tsc-chair".into(),
        at,
    }
}

/// The fixture release at `version`, its contract at that version and otherwise unchanged.
fn release_at(version: Version) -> Release {
    let mut release = fx::release();
    if let Some(c) = release.evidence.contract.as_mut() {
        c.version = version.clone();
    }
    release.version = version;
    release
}

fn fix(severity: Severity) -> Remediation {
    Remediation::new(
        "the v2 handler dropped a header",
        "header restored",
        severity,
    )
}

/// Validation of the fixture release fails at `at` (an attested workflow failure).
fn failed_at(
    m: Migration<Transition>,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<Migration<Rejected>, Box<dyn std::error::Error>> {
    match m.validate(
        &[fx::failed_suite(at)],
        at,
        &Policy::default(),
        &fx::platform(),
    )? {
        Validated::Failed(m) => Ok(m),
        Validated::Passed(_) => Err("expected a failure".into()),
    }
}

fn passed_at(
    m: Migration<Transition>,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<Migration<Validation>, Box<dyn std::error::Error>> {
    match m.validate(&[], at, &Policy::default(), &fx::platform())? {
        Validated::Passed(m) => Ok(m),
        Validated::Failed(m) => Err(format!("validation failed: {:?}", m.lineage().last()).into()),
    }
}

/// A failure on day 89 of a 90-day window is re-validated after a governed extension, with a
/// fixed release, and completes.
#[test]
fn a_failure_on_day_89_of_90_is_revalidated_after_a_governed_extension_and_completes() -> R {
    let policy = Policy::default();
    let m = fx::prepared()?.transition(fx::release(), day(88), &policy, &fx::platform())?;
    let fallen = failed_at(m, day(89))?.restrict(day(89))?;
    let prepared = fallen.remediate(
        fix(Severity::Minor),
        &fx::plan(),
        day(89) + Duration::hours(6),
        &policy,
    )?;
    // without an extension, the fixed release cannot even be placed: the window closed
    let refused = prepared
        .transition(
            release_at(Version::new(2, 0, 1)),
            day(91),
            &policy,
            &fx::platform(),
        )
        .unwrap_err();
    assert_eq!(refused.reason().code(), "flow.outside_window");
    // the TSC (the body governing an API migration) extends the window by 30 days
    let prepared = refused.into_inner();
    let wrong_body = Extension::new(
        day(120),
        "the fix needs a month",
        Approval {
            body: GovernanceBody::Erc,
            ..tsc(day(91))
        },
    );
    let refused = prepared.extend_window(wrong_body, day(91)).unwrap_err();
    assert_eq!(refused.reason().code(), "flow.ungoverned");
    let shorter = Extension::new(day(80), "the fix needs a month", tsc(day(91)));
    let refused = refused
        .into_inner()
        .extend_window(shorter, day(91))
        .unwrap_err();
    assert_eq!(refused.reason().code(), "flow.extension_not_later");
    let prepared = refused.into_inner();
    let extended = prepared.extend_window(
        Extension::new(day(120), "the fix needs a month", tsc(day(91))),
        day(91),
    )?;
    assert_eq!(extended.window().closes, day(120));
    // an extension moves no deadline
    assert_eq!(
        extended.remediation_deadline(),
        Some(day(89) + Duration::days(30))
    );
    let m = extended.transition(
        release_at(Version::new(2, 0, 1)),
        day(92),
        &policy,
        &fx::platform(),
    )?;
    let m = passed_at(m, day(93))?;
    assert_eq!(m.current_version(), &Version::new(2, 0, 1));
    let HealthOutcome::Steady(m) = m.stabilize(&reading(93.0), day(94))? else {
        panic!("steady");
    };
    let done = m.complete(day(93) + Duration::days(200), &policy)?;
    let Some(EventDetail::Completed { current, .. }) = done
        .lineage()
        .events()
        .iter()
        .rev()
        .map(|e| &e.detail)
        .find(|d| matches!(d, EventDetail::Completed { .. }))
    else {
        panic!("a completion");
    };
    assert_eq!(
        current,
        &Version::new(2, 0, 1),
        "the fixed version is current"
    );
    // the lineage shows both releases
    let released: Vec<&Version> = done
        .lineage()
        .iter()
        .filter_map(|e| match &e.detail {
            EventDetail::Transitioned { version, .. } => Some(version),
            _ => None,
        })
        .collect();
    assert_eq!(released, [&Version::new(2, 0, 0), &Version::new(2, 0, 1)]);
    let record = done.into_record();
    AnyMigration::resume(record.clone(), Anchor::Head(record.head))?;
    Ok(())
}

/// A passed validation after the window closed is refused; after an extension it rolls out.
#[test]
fn a_rollout_happens_inside_its_window() -> R {
    let policy = Policy::default();
    let m = fx::prepared()?.transition(fx::release(), day(89), &policy, &fx::platform())?;
    let refused = m
        .validate(&[], day(200), &policy, &fx::platform())
        .unwrap_err();
    assert_eq!(refused.reason().code(), "flow.outside_window");
    let m = refused.into_inner().extend_window(
        Extension::new(day(210), "the partner's launch moved", tsc(day(199))),
        day(199),
    )?;
    passed_at(m, day(200))?;
    Ok(())
}

/// After a failed 2.0.0, the fixed release is versioned above it: 2.0.1 completes; 2.0.0
/// with another contract is an unversioned change; a version below is refused; a breaking
/// change since the failed release needs its major bump.
#[test]
fn a_fixed_release_is_versioned_above_the_failed_one() -> R {
    let policy = Policy::default();
    let prepared = || -> Result<Migration<Preparation>, Box<dyn std::error::Error>> {
        let m = fx::transitioned()?;
        Ok(failed_at(m, t(3))?.restrict(t(4))?.remediate(
            fix(Severity::Minor),
            &fx::plan(),
            t(5),
            &Policy::default(),
        )?)
    };
    // 2.0.0 again with another contract (an operation added): an unversioned change
    let mut other = fx::release();
    if let Some(c) = other.evidence.contract.as_mut() {
        c.operations.insert(
            "export_orders".into(),
            rules::Operation::new("GET /orders/export"),
        );
    }
    let refused = prepared()?
        .transition(other.clone(), t(6), &policy, &fx::platform())
        .unwrap_err();
    assert_eq!(refused.reason().code(), "flow.unversioned_change");
    // 2.0.0+fix.1 is the same version (build metadata is no change): refused likewise
    let mut build = other.clone();
    build.version = Version::parse("2.0.0+fix.1")?;
    if let Some(c) = build.evidence.contract.as_mut() {
        c.version = build.version.clone();
    }
    let refused = prepared()?
        .transition(build, t(6), &policy, &fx::platform())
        .unwrap_err();
    assert_eq!(refused.reason().code(), "flow.unversioned_change");
    // the added operation under a patch bump from the failed release: too small a bump
    let mut patch = other;
    patch.version = Version::new(2, 0, 1);
    if let Some(c) = patch.evidence.contract.as_mut() {
        c.version = Version::new(2, 0, 1);
    }
    let refused = prepared()?
        .transition(patch.clone(), t(6), &policy, &fx::platform())
        .unwrap_err();
    assert_eq!(refused.reason().code(), "flow.silent_breaking_change");
    // ... and under a minor bump it is a proper fixed release
    let mut minor = patch;
    minor.version = Version::new(2, 1, 0);
    if let Some(c) = minor.evidence.contract.as_mut() {
        c.version = Version::new(2, 1, 0);
    }
    assert!(prepared()?
        .transition(minor, t(6), &policy, &fx::platform())
        .is_ok());
    // the fixed 2.0.1 (the same operations: the fix is behind them) completes
    let m = prepared()?.transition(
        release_at(Version::new(2, 0, 1)),
        t(6),
        &policy,
        &fx::platform(),
    )?;
    assert_eq!(m.release_version(), Some(&Version::new(2, 0, 1)));
    let m = passed_at(m, t(7))?;
    let HealthOutcome::Steady(m) = m.stabilize(&reading(93.0), t(8))? else {
        panic!("steady");
    };
    let done = m.complete(t(24 * 200), &policy)?;
    assert_eq!(done.current_version(), &Version::new(2, 0, 1));
    // and the same version with the very same contract is the same release, tried again
    assert!(prepared()?
        .transition(fx::release(), t(6), &policy, &fx::platform())
        .is_ok());
    Ok(())
}

/// A withdrawn migration ends with the partner on its origin version and its grants before
/// the migration, recorded; the record resumes to the terminal stage.
#[test]
fn a_withdrawn_migration_ends_on_the_origin_version_and_grants() -> R {
    let m = fx::transitioned()?;
    let before = fx::release().evidence.grants.current;
    let refused = m
        .withdraw(Withdrawal::new(WithdrawnBy::Partner, " ", tsc(t(3))), t(3))
        .unwrap_err();
    assert_eq!(refused.reason().code(), "flow.blank_reason");
    let refused = refused
        .into_inner()
        .withdraw(
            Withdrawal::new(
                WithdrawnBy::Partner,
                "the partner sunsets the extension",
                Approval {
                    body: GovernanceBody::Sco,
                    ..tsc(t(3))
                },
            ),
            t(3),
        )
        .unwrap_err();
    assert_eq!(refused.reason().code(), "flow.ungoverned");
    let gone = refused.into_inner().withdraw(
        Withdrawal::new(
            WithdrawnBy::Partner,
            "the partner sunsets the extension",
            tsc(t(3)),
        ),
        t(3),
    )?;
    assert_eq!(gone.stage(), StageName::Withdrawn);
    assert_eq!(gone.current_version(), &Version::new(1, 4, 0));
    let Some(EventDetail::Withdrawn {
        version, grants, ..
    }) = gone.lineage().last().map(|e| &e.detail)
    else {
        panic!("the last event is the withdrawal");
    };
    assert_eq!(version, &Version::new(1, 4, 0));
    assert_eq!(grants.as_ref(), Some(&before));
    let record = gone.into_record();
    let back = AnyMigration::resume(record.clone(), Anchor::Head(record.head))?;
    assert!(Migration::<Withdrawn>::try_from(back).is_ok());
    // before any release, nothing was changed: no grants to restore
    let early = fx::detected()?.withdraw(
        Withdrawal::new(
            WithdrawnBy::Platform,
            "the API deprecation was abandoned",
            tsc(t(1)),
        ),
        t(1),
    )?;
    assert!(matches!(
        early.lineage().last().map(|e| &e.detail),
        Some(EventDetail::Withdrawn { grants: None, .. })
    ));
    Ok(())
}

/// A severe problem found at an At Risk reading is overdue the moment it is found: the
/// remediation clock counts from the reading that throttled, not from the fallback or the
/// remediation written later.
#[test]
fn a_severe_problem_found_at_an_at_risk_fallback_is_overdue_at_once() -> R {
    let policy = Policy::default();
    let HealthOutcome::AtRisk(m) = fx::validated()?.stabilize(&reading(50.0), t(10))? else {
        panic!("at risk");
    };
    let fallen = m.fall_back(
        FallbackReason::HealthAtRisk,
        FallbackAuthority::Sanctioned,
        t(12),
        &policy,
    )?;
    let mut plan = fx::plan();
    plan.approvals.push(tsc(t(20)));
    let m = fallen.remediate(fix(Severity::Severe), &plan, t(20), &policy)?;
    // severe: immediate, from the At Risk reading at t(10)
    assert_eq!(m.remediation_deadline(), Some(t(10)));
    assert!(m.is_overdue(t(10) + Duration::seconds(1)));
    // the same clock after a broken compatibility: from the fallback
    let fallen = fx::validated()?.fall_back(
        FallbackReason::CompatibilityBroken,
        FallbackAuthority::Approved {
            approval: tsc(t(11)),
        },
        t(11),
        &policy,
    )?;
    let m = fallen.remediate(fix(Severity::Moderate), &fx::plan(), t(30), &policy)?;
    assert_eq!(m.remediation_deadline(), Some(t(11) + Duration::days(14)));
    Ok(())
}

/// A remediation is never milder than the problem it remediates, and a failed
/// re-validation never moves the first deadline.
#[test]
fn a_remediation_keeps_its_clock() -> R {
    let policy = Policy::default();
    let plan = fx::plan_with_sco();
    let m = Migration::open(fx::forced_notice(Severity::Moderate), t(0), &policy)?
        .prepare(&plan, t(1))?;
    let first_deadline = m.remediation_deadline();
    assert_eq!(first_deadline, Some(t(0) + Duration::days(14)));
    let m = m.transition(fx::release(), t(2), &policy, &fx::platform())?;
    let fallen = failed_at(m, t(24 * 10))?.restrict(t(24 * 10))?;
    let refused = fallen
        .remediate(fix(Severity::Minor), &plan, t(24 * 10), &policy)
        .unwrap_err();
    assert_eq!(refused.reason().code(), "flow.severity_downgraded");
    let m = refused
        .into_inner()
        .remediate(fix(Severity::Moderate), &plan, t(24 * 10), &policy)?;
    // the failure on day 10 does not restart the 14 days: the notice's deadline stands
    assert_eq!(m.remediation_deadline(), first_deadline);
    assert!(m.is_overdue(t(24 * 15)));
    Ok(())
}

/// The collapse of a canary that read 92 points for an hour after its transition at t(2),
/// then `to` points for the next hour.
fn canary_collapse_to(
    to: f64,
    policy: &Policy,
) -> Result<kwanus_migration::health::Collapse, Box<dyn std::error::Error>> {
    let (good, bad) = (HealthScore::new(92.0)?, HealthScore::new(to)?);
    let mut series: Vec<Sample> = (0..6)
        .map(|i| Sample {
            at: t(2) + Duration::minutes(10 * i),
            score: good,
        })
        .collect();
    series.extend((0..3).map(|i| Sample {
        at: t(3) + Duration::minutes(20 * i),
        score: bad,
    }));
    Ok(detect_collapse(&series, policy)?.ok_or("a collapse")?)
}

/// A canary reading or collapse during transition acts: At Risk falls back, Unstable
/// restricts, steady stays shielded (framework §7, "collapse during transition triggers
/// fallback or restriction").
#[test]
fn a_collapse_of_the_canary_during_transition_falls_back() -> R {
    let policy = Policy::default();
    let collapse = canary_collapse_to(65.0, &policy)?;
    let CanaryOutcome::FellBack(m) =
        fx::transitioned()?.canary_collapse(&collapse, t(4), &policy)?
    else {
        panic!("a collapse above unstable falls back");
    };
    let names: Vec<&str> = m.lineage().iter().map(|e| e.detail.name()).collect();
    assert_eq!(&names[3..], ["throttled", "fell_back"]);
    assert!(!m.is_restricted());
    let record = m.into_record();
    AnyMigration::resume(record.clone(), Anchor::Head(record.head))?;
    // a collapse into Unstable restricts
    let collapse = canary_collapse_to(10.0, &policy)?;
    let CanaryOutcome::Restricted(m) =
        fx::transitioned()?.canary_collapse(&collapse, t(4), &policy)?
    else {
        panic!("a collapse into unstable restricts");
    };
    assert!(m.is_restricted());
    // readings: steady stays, at risk falls back
    let CanaryOutcome::Steady(m) = fx::transitioned()?.canary_reading(&reading(80.0), t(3))? else {
        panic!("steady");
    };
    assert_eq!(m.stage(), StageName::Transition);
    passed_at(m, t(4))?;
    let CanaryOutcome::FellBack(_) = fx::transitioned()?.canary_reading(&reading(45.0), t(3))?
    else {
        panic!("at risk falls back");
    };
    Ok(())
}

// ------------------------------------------------------------------ the stage graph

/// The natural next step toward Continuity from each stage, with good artifacts; `None` at
/// an end.
fn forward(any: AnyMigration, at: chrono::DateTime<chrono::Utc>) -> Option<AnyMigration> {
    let policy = Policy::default();
    let p = fx::platform();
    Some(match any {
        AnyMigration::Detection(m) => m.prepare(&fx::plan(), at).ok()?.into(),
        AnyMigration::Preparation(m) => {
            // a fixed release after a remediation, else the target
            let release = if m.lineage().iter().any(|e| e.detail.name() == "remediated") {
                release_at(Version::new(2, 0, 1))
            } else {
                fx::release()
            };
            m.transition(release, at, &policy, &p).ok()?.into()
        }
        AnyMigration::Transition(m) => match m.validate(&[], at, &policy, &p).ok()? {
            Validated::Passed(m) => m.into(),
            Validated::Failed(m) => m.into(),
        },
        AnyMigration::Rejected(m) => m.restrict(at).ok()?.into(),
        AnyMigration::FallenBack(m) => {
            let mut plan = fx::plan();
            plan.approvals.push(tsc(at));
            m.remediate(fix(Severity::Severe), &plan, at, &policy)
                .ok()?
                .into()
        }
        AnyMigration::Validation(m) => match m.stabilize(&reading(93.0), at).ok()? {
            HealthOutcome::Steady(m) => m.into(),
            HealthOutcome::AtRisk(m) => m.into(),
            HealthOutcome::Restricted(m) => m.into(),
        },
        AnyMigration::Throttled(m) => match m.monitor(&reading(93.0), at).ok()? {
            HealthOutcome::Steady(m) => m.into(),
            HealthOutcome::AtRisk(m) => m.into(),
            HealthOutcome::Restricted(m) => m.into(),
        },
        AnyMigration::Stabilization(m) if m.review_pending() => m
            .review(Review::new("tsc-duty", "continue"), at)
            .ok()?
            .into(),
        AnyMigration::Stabilization(m) if m.last_band() < Some(Band::Reliable) => {
            match m.monitor(&reading(93.0), at).ok()? {
                HealthOutcome::Steady(m) => m.into(),
                HealthOutcome::AtRisk(m) => m.into(),
                HealthOutcome::Restricted(m) => m.into(),
            }
        }
        AnyMigration::Stabilization(m) => {
            let until = m.fallback_until().unwrap_or(at).max(at);
            m.complete(until, &policy).ok()?.into()
        }
        _ => return None,
    })
}

/// A migration in each stage, built through the flow.
fn one_in_each_stage() -> Result<Vec<AnyMigration>, Box<dyn std::error::Error>> {
    let policy = Policy::default();
    let rejected = failed_at(fx::transitioned()?, t(3))?;
    let fallen = rejected.clone().restrict(t(4))?;
    let HealthOutcome::AtRisk(throttled) = fx::validated()?.stabilize(&reading(50.0), t(4))? else {
        return Err("at risk".into());
    };
    let HealthOutcome::Steady(vulnerable) = fx::stabilized()?.monitor(&reading(65.0), t(6))? else {
        return Err("vulnerable".into());
    };
    let done = fx::stabilized()?.complete(t(24 * 200), &policy)?;
    let gone = fx::detected()?.withdraw(
        Withdrawal::new(WithdrawnBy::Platform, "abandoned", tsc(t(1))),
        t(1),
    )?;
    Ok(vec![
        fx::detected()?.into(),
        fx::prepared()?.into(),
        fx::transitioned()?.into(),
        fx::validated()?.into(),
        vulnerable.into(),
        done.into(),
        fallen.into(),
        rejected.into(),
        throttled.into(),
        gone.into(),
    ])
}

/// From every stage a migration can be in, a sequence of legal steps reaches an end: the
/// flow's own steps lead to Continuity (through a remediation and a fixed release where a
/// step failed), and a governed withdrawal ends any migration still under way.
#[test]
fn from_every_stage_a_sequence_of_legal_steps_reaches_an_end() -> R {
    let start = one_in_each_stage()?;
    let stages: std::collections::BTreeSet<StageName> = start.iter().map(|m| m.stage()).collect();
    assert_eq!(
        stages.len(),
        StageName::ALL.len(),
        "one migration per stage: {stages:?}"
    );
    for m in start {
        let from = m.stage();
        // the flow forward
        let (mut any, mut at, mut steps) =
            (m.clone(), m.lineage().last().map_or(t(0), |e| e.at), 0);
        while any.stage().is_under_way() {
            at += Duration::hours(1);
            any = forward(any, at).ok_or(format!("stuck (from {from})"))?;
            steps += 1;
            assert!(steps < 20, "no end from {from}: at {}", any.stage());
        }
        assert!(
            matches!(any.stage(), StageName::Continuity | StageName::Withdrawn),
            "from {from}: {}",
            any.stage()
        );
        // a withdrawal from any stage under way
        if from.is_under_way() {
            let at = m.lineage().last().map_or(t(0), |e| e.at) + Duration::hours(1);
            let w = Withdrawal::new(WithdrawnBy::Partner, "the partner stays", tsc(at));
            let gone: AnyMigration = match m {
                AnyMigration::Detection(m) => m.withdraw(w, at)?.into(),
                AnyMigration::Preparation(m) => m.withdraw(w, at)?.into(),
                AnyMigration::Transition(m) => m.withdraw(w, at)?.into(),
                AnyMigration::Validation(m) => m.withdraw(w, at)?.into(),
                AnyMigration::Stabilization(m) => m.withdraw(w, at)?.into(),
                AnyMigration::FallenBack(m) => m.withdraw(w, at)?.into(),
                AnyMigration::Rejected(m) => m.withdraw(w, at)?.into(),
                AnyMigration::Throttled(m) => m.withdraw(w, at)?.into(),
                other => {
                    return Err(
                        format!("{} is under way but cannot be withdrawn", other.stage()).into(),
                    )
                }
            };
            assert_eq!(gone.stage(), StageName::Withdrawn);
        }
    }
    Ok(())
}

/// Removals follow playbook §5–§6: a forced security migration may remove an operation that
/// was never deprecated (with its major bump and a fallback that still serves it); any other
/// migration keeps the crate's stricter rule unless the policy gives the documents' reading.
#[test]
fn a_forced_security_migration_may_remove_an_operation() -> R {
    use kwanus_migration::rules::{validate, FallbackProvision, ValidationInput};
    let old = fx::contract(Version::new(1, 4, 0));
    let mut new = fx::contract(Version::new(2, 0, 0));
    new.operations.remove("list_orders");
    let platform = fx::platform();
    let os = Version::new(8, 1, 0);
    let docs = fx::plan().documents;
    let fallback = FallbackProvision::new(
        vec!["get_order".into(), "list_orders".into()],
        vec!["sync".into()],
        "read:orders/*".parse()?,
        t(24 * 400),
    );
    let approvals = [
        tsc(t(1)),
        Approval {
            body: GovernanceBody::Sco,
            by: "sco-duty".into(),
            at: t(1),
        },
    ];
    let removal = |triggers: &[Trigger], mode: Mode, policy: &Policy| {
        let input = ValidationInput::new(
            MigrationKind::ApiVersion,
            mode,
            triggers,
            &new.version,
            t(3),
        )
        .contracts(&old, &new)
        .platform(&platform.matrix, &os)
        .runtimes(&[], &platform.supported_runtimes)
        .fallback(&fallback)
        .documents(&docs)
        .approvals(&approvals);
        let report = validate(&input, policy);
        report
            .get(Dimension::Version)
            .map(|d| d.findings.iter().map(|f| f.lint.id()).collect::<Vec<_>>())
            .unwrap_or_default()
    };
    let deprecated = "release.removed_without_deprecation";
    // an API deprecation migration (guided: the removal breaks) keeps the stricter rule
    assert!(
        removal(&[Trigger::ApiDeprecation], Mode::Guided, &Policy::default()).contains(&deprecated)
    );
    // a forced security migration passes through it
    let forced = removal(
        &[Trigger::SecurityViolation],
        Mode::Forced,
        &Policy::default(),
    );
    assert!(!forced.contains(&deprecated), "{forced:?}");
    assert!(
        !forced.contains(&"release.removed_before_sunset"),
        "{forced:?}"
    );
    // and a policy with the documents' plain reading lets any migration remove it
    let plain = Policy::builder()
        .deprecation_before_removal(false)
        .build()?;
    assert!(!removal(&[Trigger::ApiDeprecation], Mode::Guided, &plain).contains(&deprecated));
    Ok(())
}

/// In the flow too: a migration forced by a security violation removes an operation that was
/// never deprecated, with its major bump and a fallback that still serves it, and passes
/// validation once SCO attests the security review.
#[test]
fn a_forced_security_migration_removes_an_operation_through_the_flow() -> R {
    let policy = Policy::default();
    let mut new = fx::contract(Version::new(2, 0, 0));
    new.operations.remove("list_orders");
    let notice = {
        let mut notice = fx::notice();
        notice.triggers = vec![Trigger::SecurityViolation];
        notice.severity = Some(Severity::Severe);
        notice.contracts = Some(Contracts {
            old: fx::contract(Version::new(1, 4, 0)),
            new: new.clone(),
        });
        notice
    };
    let mut plan = fx::plan();
    plan.approvals.push(tsc(t(1)));
    plan.approvals.push(Approval {
        body: GovernanceBody::Sco,
        by: "sco-duty".into(),
        at: t(1),
    });
    let m = Migration::open(notice, t(0), &policy)?.prepare(&plan, t(1))?;
    let mut release = fx::release();
    release.evidence.contract = Some(new);
    let m = m.transition(release, t(2), &policy, &fx::platform())?;
    let review = Attestation::builder(
        Dimension::Permission,
        Verdict::Pass,
        "security review of the removal",
        "sco-duty",
        t(3),
    )
    .body(GovernanceBody::Sco)
    .evidence("SEC-9")
    .build();
    let report = m.validation_report(std::slice::from_ref(&review), t(3), &fx::platform());
    assert!(report.passed(), "{report}");
    passed_with(m, &review, t(3))?;
    Ok(())
}

fn passed_with(
    m: Migration<Transition>,
    review: &Attestation,
    at: chrono::DateTime<chrono::Utc>,
) -> R {
    match m.validate(
        std::slice::from_ref(review),
        at,
        &Policy::default(),
        &fx::platform(),
    )? {
        Validated::Passed(m) => {
            let record = m.into_record();
            AnyMigration::resume(record.clone(), Anchor::Head(record.head))?;
            Ok(())
        }
        Validated::Failed(m) => Err(format!("failed: {:?}", m.lineage().last()).into()),
    }
}
