//! The six-step flow, end to end: happy path, fallback and remediation, forced migrations,
//! refusals that hand the migration back, and resume.

use chrono::Duration;
use kwanus_migration::__doc_support::{self as fx, t};
use kwanus_migration::permission::PermissionSet;
use kwanus_migration::*;
use semver::Version;

type R = Result<(), Box<dyn std::error::Error>>;

fn policy() -> Policy {
    Policy::default()
}

fn reading(v: f64) -> HealthReport {
    health::score(&HealthInputs::uniform(v), &policy()).expect("valid inputs")
}

fn names(l: &Lineage) -> Vec<&'static str> {
    l.iter().map(|e| e.detail.name()).collect()
}

fn steady(s: HealthOutcome) -> Migration<Stabilization> {
    match s {
        HealthOutcome::Steady(m) => m,
        other => panic!("expected steady, got {other:?}"),
    }
}

#[test]
fn happy_path_reaches_continuity_with_every_rite() -> R {
    let m = fx::detected()?;
    assert_eq!(m.stage(), StageName::Detection);
    let m = m.prepare(&fx::plan(), t(1))?;
    let m = m.transition(fx::release(), t(2), &policy(), &fx::platform())?;
    // shielded: not rolled out, no fallback window yet
    assert_eq!(m.rollout_at(), None);
    assert_eq!(m.fallback_until(), None);
    let Validated::Passed(m) = m.validate(&[], t(3), &Policy::default(), &fx::platform())? else {
        panic!("validation should pass")
    };
    // the validated release rolls out, and the fallback window counts from the rollout
    assert_eq!(m.rollout_at(), Some(t(3)));
    assert_eq!(m.fallback_until(), Some(policy().fallback_until(t(3))));
    let m = steady(m.stabilize(&reading(95.0), t(4))?);
    let m = steady(m.monitor(&reading(88.0), t(5))?);
    let done = m.complete(t(24 * 185), &Policy::default())?;
    assert_eq!(done.stage(), StageName::Continuity);
    assert!(done.fallback_released());
    assert_eq!(
        names(done.lineage()),
        [
            "opened",
            "prepared",
            "transitioned",
            "validation_passed",
            "rolled_out",
            "stabilized",
            "health_recorded",
            "completed",
            "released"
        ]
    );
    // no rollout before a passed validation
    let events = done.lineage().events();
    let rollout = events.iter().position(|e| e.detail.name() == "rolled_out");
    let passed = events
        .iter()
        .position(|e| e.detail.name() == "validation_passed");
    assert_eq!(rollout, passed.map(|p| p + 1));
    let rites: Vec<Rite> = done.lineage().iter().filter_map(|e| e.rite).collect();
    assert_eq!(
        rites,
        [
            Rite::Detection,
            Rite::Preparation,
            Rite::Transition,
            Rite::Stabilization,
            Rite::Continuity,
            Rite::Release
        ]
    );
    Ok(())
}

#[test]
fn failed_validation_falls_back_is_remediated_and_completes() -> R {
    // the release keeps no fallback for list_orders: computed from its evidence, the
    // capability dimension fails
    let mut release = fx::release();
    release.evidence.fallback_apis = vec!["get_order".into()];
    let m = fx::prepared()?.transition(release, t(2), &policy(), &fx::platform())?;
    let report = m.validation_report(&[], t(3), &fx::platform());
    assert_eq!(report.failed(), [Dimension::Capability]);
    let Validated::Failed(m) = m.validate(&[], t(3), &policy(), &fx::platform())? else {
        panic!("validation should fail")
    };
    let last = &m.lineage().last().expect("event").detail;
    assert_eq!(last.failed_dimensions(), [Dimension::Capability]);
    assert_eq!(m.stage(), StageName::Rejected);
    let fallen = m.fall_back(
        FallbackReason::ValidationFailed,
        FallbackAuthority::Sanctioned,
        t(4),
        &Policy::default(),
    )?;
    assert_eq!(fallen.mode(), Mode::Fallback);
    let EventDetail::FellBack { to, .. } = &fallen.lineage().last().expect("event").detail else {
        panic!("last event is the fallback")
    };
    assert_eq!(
        to,
        &Version::new(1, 4, 0),
        "falls back to the previous stable version"
    );

    let fix = Remediation::new("breaking field rename", "alias added", Severity::Minor);
    let m = fallen.remediate(fix, &fx::plan(), t(5), &policy())?;
    assert_eq!(
        m.mode(),
        Mode::Soft,
        "the opening mode returns after remediation"
    );
    // the window counts from the failed validation at t(3), not from the fix at t(5)
    assert_eq!(m.remediation_deadline(), Some(t(3) + Duration::days(30)));
    let m = m.transition(fx::release(), t(6), &policy(), &fx::platform())?;
    let Validated::Passed(m) = m.validate(&[], t(7), &Policy::default(), &fx::platform())? else {
        panic!()
    };
    let m = steady(m.stabilize(&reading(91.0), t(8))?);
    // the fallback window restarts with the new rollout
    assert_eq!(m.fallback_until(), Some(policy().fallback_until(t(7))));
    let done = m.complete(policy().fallback_until(t(7)), &Policy::default())?;
    assert_eq!(done.lineage().len(), 12);
    Ok(())
}

fn forced_notice(severity: Severity) -> Notice {
    {
        let mut notice = fx::notice();
        notice.triggers = vec![Trigger::SecurityViolation, Trigger::ApiDeprecation];
        notice.kind = MigrationKind::PermissionReduction;
        notice.severity = Some(severity);
        notice
    }
}

#[test]
fn forced_migration_carries_its_deadline_and_needs_oversight() -> R {
    let m = Migration::open(forced_notice(Severity::Severe), t(0), &policy())?;
    assert_eq!(m.mode(), Mode::Forced);
    assert_eq!(m.trigger_class(), TriggerClass::Forced);
    assert_eq!(m.remediation_deadline(), Some(t(0)), "severe is immediate");
    assert!(!m.is_overdue(t(0)));
    assert!(m.is_overdue(t(1)));

    let moderate = Migration::open(forced_notice(Severity::Moderate), t(0), &policy())?;
    assert_eq!(moderate.remediation_deadline(), Some(t(24 * 14)));

    // forced mode needs the governing body (permission → SCO) and permission-change notes
    let mut plan = fx::plan();
    plan.documents.push(Document {
        kind: DocumentKind::PermissionChanges,
        location: "notes".into(),
    });
    let refused = m.prepare(&plan, t(1)).unwrap_err();
    assert_eq!(
        refused.reason(),
        &Refusal::IncompletePlan(vec![Missing::Approval(GovernanceBody::Sco)])
    );
    plan.approvals.push(Approval {
        body: GovernanceBody::Sco,
        by: "sco-duty".into(),
        at: t(1),
    });
    let m = refused.into_inner().prepare(&plan, t(1))?;
    let bodies: Vec<GovernanceBody> = m.approvals().iter().map(|a| a.body).collect();
    assert_eq!(bodies, [GovernanceBody::Sco]);
    assert_eq!(
        m.approvals()[0].by,
        "sco-duty",
        "the record keeps who signed"
    );
    Ok(())
}

/// Contracts where the target removes `list_orders`: a breaking change.
fn breaking_contracts(old: &str, new: &str) -> Contracts {
    let mut new = fx::contract(Version::parse(new).unwrap());
    new.operations.remove("list_orders");
    Contracts {
        old: fx::contract(Version::parse(old).unwrap()),
        new,
    }
}

#[test]
fn the_mode_follows_the_evidence_not_the_declaration() -> R {
    // declared compatible, the contracts show a removal: refused, the evidence named
    let declared = {
        let mut notice = fx::notice();
        notice.compatibility = Some(Compatibility::BackwardCompatible);
        notice.contracts = Some(breaking_contracts("1.4.0", "2.0.0"));
        notice
    };
    let err = Migration::open(declared.clone(), t(0), &policy()).unwrap_err();
    assert_eq!(err.code(), "open.compatibility_contradicted");
    let OpenRefusal::CompatibilityContradicted(changes) = err.reason() else {
        panic!("expected the contradiction, got {:?}", err.reason());
    };
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].item, "operation list_orders");
    assert!(err.to_string().contains("operation list_orders"), "{err}");
    // the same change with no declaration opens as guided, from the evidence
    let m = Migration::open(
        {
            let mut notice = declared;
            notice.compatibility = None;
            notice
        },
        t(0),
        &policy(),
    )?;
    assert_eq!(m.compatibility(), Compatibility::Breaking);
    assert_eq!(m.mode(), Mode::Guided);
    // compatible contracts and no declaration: soft
    assert_eq!(fx::detected()?.mode(), Mode::Soft);
    // a declared break the contracts do not show stands (a semantic break)
    let m = Migration::open(
        {
            let mut notice = fx::notice();
            notice.compatibility = Some(Compatibility::Breaking);
            notice
        },
        t(0),
        &policy(),
    )?;
    assert_eq!(m.mode(), Mode::Guided);
    Ok(())
}

/// A migration planned compatible from 2.3.0 to 2.4.0, prepared, and its release of 2.4.0
/// (built as planned until a test changes it).
fn minor_release() -> Result<(Migration<Preparation>, Release), Box<dyn std::error::Error>> {
    let notice = {
        let mut notice = fx::notice();
        notice.origin = Version::new(2, 3, 0);
        notice.target = Version::new(2, 4, 0);
        notice.contracts = Some(Contracts {
            old: fx::contract(Version::new(2, 3, 0)),
            new: fx::contract(Version::new(2, 4, 0)),
        });
        notice
    };
    let m = Migration::open(notice, t(0), &policy())?.prepare(&fx::plan(), t(1))?;
    let mut release = fx::release();
    release.version = Version::new(2, 4, 0);
    release.evidence.contract = Some(fx::contract(Version::new(2, 4, 0)));
    Ok((m, release))
}

#[test]
fn a_minor_bump_with_a_breaking_diff_is_refused_at_transition() -> R {
    // planned compatible at 2.3.0 → 2.4.0; as built, list_orders is gone
    let (m, mut release) = minor_release()?;
    let mut built = fx::contract(Version::new(2, 4, 0));
    built.operations.remove("list_orders");
    release.evidence.contract = Some(built);
    let refused = m
        .transition(release, t(2), &policy(), &fx::platform())
        .unwrap_err();
    assert_eq!(refused.reason().code(), "flow.silent_breaking_change");
    let Refusal::SilentBreakingChange { bump, changes, .. } = refused.reason() else {
        panic!("expected a silent breaking change");
    };
    assert_eq!(*bump, rules::Bump::Minor);
    assert_eq!(changes[0].item, "operation list_orders");
    // the message names what breaks
    let text = refused.to_string();
    assert!(
        text.contains("the contract shows breaking changes: operation list_orders"),
        "{text}"
    );
    assert_eq!(refused.into_inner().stage(), StageName::Preparation);
    Ok(())
}

/// An addition needs only a minor bump: a release that adds an operation under one passes
/// transition.
#[test]
fn a_minor_bump_with_an_addition_passes_transition() -> R {
    let (m, mut release) = minor_release()?;
    let mut built = fx::contract(Version::new(2, 4, 0));
    built.operations.insert(
        "count_orders".into(),
        rules::Operation::new("GET /orders/count -> u64"),
    );
    release.evidence.contract = Some(built);
    let m = m.transition(release, t(2), &policy(), &fx::platform())?;
    assert_eq!(m.stage(), StageName::Transition);
    Ok(())
}

/// A release declared breaking needs a major bump even when its contracts show no break (a
/// semantic break no contract shows): under a minor bump it is a silent breaking change.
#[test]
fn a_breaking_declaration_with_contracts_needs_a_major_bump() -> R {
    let (m, mut release) = minor_release()?;
    release.compatibility = Some(Compatibility::Breaking);
    let refused = m
        .transition(release, t(2), &policy(), &fx::platform())
        .unwrap_err();
    assert_eq!(refused.reason().code(), "flow.silent_breaking_change");
    let Refusal::SilentBreakingChange { changes, .. } = refused.reason() else {
        panic!(
            "expected a silent breaking change, got {:?}",
            refused.reason()
        );
    };
    assert!(changes.is_empty(), "declared, not shown: {changes:?}");
    assert!(refused
        .to_string()
        .contains("the release is declared breaking"));
    Ok(())
}

#[test]
fn a_breaking_declaration_without_contracts_needs_a_major_bump() -> R {
    // a tier change has no contract; declared breaking under a minor bump, it is refused
    let notice = {
        let mut notice = fx::notice();
        notice.kind = MigrationKind::TierUpgrade;
        notice.triggers = vec![Trigger::TierUpgrade];
        notice.contracts = None;
        notice.compatibility = Some(Compatibility::Breaking);
        notice.origin = Version::new(2, 3, 0);
        notice.target = Version::new(2, 4, 0);
        notice
    };
    let mut plan = fx::plan();
    plan.documents.push(Document {
        kind: DocumentKind::PermissionChanges,
        location: "docs/permissions".into(),
    });
    plan.compatibility_mapping.push(MappingEntry {
        from: "tier basic".into(),
        to: "tier pro".into(),
    });
    plan.approvals.push(Approval {
        body: GovernanceBody::Cgb,
        by: "cgb-duty".into(),
        at: t(1),
    });
    let m = Migration::open(notice, t(0), &policy())?.prepare(&plan, t(1))?;
    let mut release = fx::release();
    release.version = Version::new(2, 4, 0);
    release.evidence.contract = None;
    let refused = m
        .transition(release, t(2), &policy(), &fx::platform())
        .unwrap_err();
    assert_eq!(refused.reason().code(), "flow.silent_breaking_change");
    let text = refused.to_string();
    assert!(text.contains("the release is declared breaking"), "{text}");
    Ok(())
}

#[test]
fn open_refusals_hand_the_notice_back() {
    let cases: Vec<(Notice, &str)> = vec![
        (
            {
                let mut notice = fx::notice();
                notice.triggers = vec![];
                notice
            },
            "open.no_trigger",
        ),
        (
            {
                let mut notice = fx::notice();
                notice.target = Version::new(1, 3, 0);
                notice
            },
            "open.target_not_above",
        ),
        (
            {
                let mut notice = fx::notice();
                notice.target = Version::new(1, 4, 0);
                notice
            },
            "open.unversioned_change",
        ),
        (
            // build metadata alone is not a new version
            {
                let mut notice = fx::notice();
                notice.target = Version::parse("1.4.0+build.7").unwrap();
                notice
            },
            "open.unversioned_change",
        ),
        (
            {
                let mut notice = fx::notice();
                notice.contracts = None;
                notice
            },
            "open.missing_contracts",
        ),
        (
            {
                let mut notice = fx::notice();
                notice.contracts = Some(Contracts {
                    old: fx::contract(Version::new(1, 3, 0)),
                    new: fx::contract(Version::new(2, 0, 0)),
                });
                notice
            },
            "open.contract_version_mismatch",
        ),
        (
            {
                let mut notice = fx::notice();
                notice.kind = MigrationKind::TierUpgrade;
                notice.triggers = vec![Trigger::TierUpgrade];
                notice.contracts = None;
                notice.compatibility = None;
                notice
            },
            "open.compatibility_unknown",
        ),
        (
            {
                let mut notice = fx::notice();
                notice.compatibility = Some(Compatibility::BackwardCompatible);
                notice.contracts = Some(breaking_contracts("1.4.0", "2.0.0"));
                notice
            },
            "open.compatibility_contradicted",
        ),
        (
            {
                let mut notice = fx::notice();
                notice.target = Version::new(1, 5, 0);
                notice.contracts = Some(breaking_contracts("1.4.0", "1.5.0"));
                notice
            },
            "open.silent_breaking_change",
        ),
        (
            {
                let mut notice = fx::notice();
                notice.target = Version::parse("2.0.0-rc.1").unwrap();
                notice
            },
            "open.pre_release",
        ),
        (
            {
                let mut notice = fx::notice();
                notice.window = Window {
                    opens: t(10),
                    closes: t(5),
                };
                notice
            },
            "open.bad_window",
        ),
        (
            {
                let mut notice = fx::notice();
                notice.triggers = vec![Trigger::ComplianceViolation];
                notice
            },
            "open.missing_severity",
        ),
        (
            {
                let mut notice = fx::notice();
                notice.severity = Some(Severity::Minor);
                notice
            },
            "open.unexpected_severity",
        ),
    ];
    for (notice, code) in cases {
        let err = Migration::open(notice.clone(), t(0), &policy()).unwrap_err();
        assert_eq!(err.code(), code);
        assert_eq!(err.into_inner(), notice);
    }
    // a window already closed at the notice
    let err = Migration::open(fx::notice(), t(24 * 100), &policy()).unwrap_err();
    assert_eq!(err.code(), "open.bad_window");
}

/// A window is closed only after its closing instant: one that opens and closes at the
/// moment of the notice still opens, and its record resumes.
#[test]
fn a_window_of_one_instant_opens_at_that_instant() -> R {
    let notice = {
        let mut notice = fx::notice();
        notice.window = Window {
            opens: t(7),
            closes: t(7),
        };
        notice
    };
    let m = Migration::open(notice, t(7), &policy())?;
    let record = m.to_record();
    let head = record.head;
    let back = AnyMigration::resume(record, Anchor::Head(head))?;
    assert_eq!(
        Migration::<Detection>::try_from(back)?.to_record(),
        m.to_record()
    );
    Ok(())
}

/// Runs `step` on a clone of `m`, expects a refusal with `code`, and checks the migration
/// comes back unchanged.
fn refused_intact<S: Stage, T>(
    m: &Migration<S>,
    code: &str,
    step: impl FnOnce(Migration<S>) -> Result<T, Refused<S>>,
) where
    T: std::fmt::Debug,
{
    let before = m.to_record();
    match step(m.clone()) {
        Ok(moved) => panic!("expected {code}, moved on to {moved:?}"),
        Err(refused) => {
            assert_eq!(refused.reason().code(), code, "{}", refused.reason());
            assert!(!refused.to_string().is_empty());
            // the reason is the error's source, for error chains (`{:#}`, anyhow, …)
            let source = std::error::Error::source(&refused).expect("a refusal has a source");
            assert_eq!(source.to_string(), refused.reason().to_string());
            assert_eq!(
                refused.into_inner().into_record(),
                before,
                "{code}: the migration changed"
            );
        }
    }
}

#[test]
fn preparation_refusals_hand_the_migration_back_intact() -> R {
    let m = fx::detected()?;
    refused_intact(&m, "flow.time_went_backwards", |m| {
        m.prepare(&fx::plan(), t(-1))
    });
    refused_intact(&m, "flow.incomplete_plan", |m| {
        m.prepare(
            &{
                let mut plan = fx::plan();
                plan.rollback_plan = "  ".into();
                plan
            },
            t(1),
        )
    });
    refused_intact(&m, "flow.incomplete_plan", |m| {
        let mut plan = fx::plan();
        plan.documents
            .retain(|d| d.kind != DocumentKind::CompatibilityNotes);
        m.prepare(&plan, t(1))
    });
    refused_intact(&m, "flow.incomplete_plan", |m| {
        let mut plan = fx::plan();
        plan.documents[0].location = String::new();
        m.prepare(&plan, t(1))
    });

    // guided: mapping, then TSC approval (signed, and not from the future)
    let guided = Migration::open(
        {
            let mut notice = fx::notice();
            notice.compatibility = Some(Compatibility::Breaking);
            notice
        },
        t(0),
        &policy(),
    )?;
    assert_eq!(guided.mode(), Mode::Guided);
    refused_intact(&guided, "flow.incomplete_plan", |m| {
        m.prepare(&fx::plan(), t(1))
    });
    let mut plan = fx::plan();
    plan.compatibility_mapping.push(MappingEntry {
        from: "GET /v1/a".into(),
        to: "GET /v2/a".into(),
    });
    refused_intact(&guided, "flow.incomplete_plan", |m| m.prepare(&plan, t(1)));
    plan.approvals.push(Approval {
        body: GovernanceBody::Tsc,
        by: "tsc".into(),
        at: t(2),
    });
    refused_intact(&guided, "flow.incomplete_plan", |m| m.prepare(&plan, t(1)));
    plan.approvals[0].by = " ".into();
    refused_intact(&guided, "flow.incomplete_plan", |m| m.prepare(&plan, t(3)));
    plan.approvals[0].by = "tsc".into();
    assert!(guided.prepare(&plan, t(2)).is_ok());
    Ok(())
}

#[test]
fn transition_refusals_hand_the_migration_back_intact() -> R {
    let m = fx::prepared()?;
    let (p, c) = (policy(), fx::platform());
    let set = |s: &str| s.parse::<PermissionSet>().expect("a valid set");
    type Edit = Box<dyn Fn(&mut Release)>;
    let cases: Vec<(&str, Edit)> = vec![
        (
            "flow.unversioned_change",
            Box::new(|r| r.version = Version::new(1, 4, 0)),
        ),
        (
            "flow.version_mismatch",
            Box::new(|r| r.version = Version::new(2, 1, 0)),
        ),
        ("flow.canary_too_large", Box::new(|r| r.canary_percent = 6)),
        (
            "flow.unversioned_change",
            Box::new(|r| r.version = Version::parse("1.4.0+build.9").expect("a version")),
        ),
        (
            "flow.soft_breaking_change",
            Box::new(|r| r.compatibility = Some(Compatibility::Breaking)),
        ),
        (
            "flow.soft_breaking_change",
            Box::new(|r| {
                if let Some(c) = r.evidence.contract.as_mut() {
                    c.operations.remove("list_orders");
                }
            }),
        ),
        (
            "flow.compatibility_contradicted",
            Box::new(|r| {
                r.compatibility = Some(Compatibility::BackwardCompatible);
                if let Some(c) = r.evidence.contract.as_mut() {
                    c.operations.remove("list_orders");
                }
            }),
        ),
        (
            "flow.missing_contract",
            Box::new(|r| r.evidence.contract = None),
        ),
        (
            "flow.missing_contract",
            Box::new(|r| {
                if let Some(c) = r.evidence.contract.as_mut() {
                    c.version = Version::new(2, 0, 1);
                }
            }),
        ),
        (
            "flow.permission_boundary",
            Box::new(move |r| r.evidence.grants.proposed = set("read:*")),
        ),
        (
            "flow.permission_boundary",
            Box::new(move |r| r.evidence.grants.proposed = set("write:orders/*")),
        ),
        (
            "flow.fallback_grant",
            Box::new(move |r| r.evidence.grants.fallback = set("write:orders/eu/*")),
        ),
        (
            "flow.fallback_grant",
            Box::new(move |r| r.evidence.grants.fallback = set("read:billing/*")),
        ),
    ];
    for (code, edit) in cases {
        let mut release = fx::release();
        edit(&mut release);
        refused_intact(&m, code, |m| m.transition(release, t(2), &p, &c));
    }
    refused_intact(&m, "flow.outside_window", |m| {
        m.transition(fx::release(), t(24 * 91), &p, &c)
    });
    refused_intact(&m, "flow.time_went_backwards", |m| {
        m.transition(fx::release(), t(0), &p, &c)
    });
    // the ceilings are the platform's: a version above its version ceiling, a grant outside
    // its power ceiling are refused whatever the release says
    let low = {
        let mut platform = fx::platform();
        platform.version_ceiling = Version::new(1, 9, 9);
        platform
    };
    refused_intact(&m, "flow.above_version_ceiling", |m| {
        m.transition(fx::release(), t(2), &p, &low)
    });
    let narrow = {
        let mut platform = fx::platform();
        platform.power_ceiling = set("read:orders/*");
        platform
    };
    refused_intact(&m, "flow.permission_boundary", |m| {
        m.transition(fx::release(), t(2), &p, &narrow)
    });
    // the version ceiling is the highest version allowed: a release at it is admitted
    let at_ceiling = {
        let mut platform = fx::platform();
        platform.version_ceiling = fx::release().version;
        platform
    };
    assert!(m.transition(fx::release(), t(2), &p, &at_ceiling).is_ok());
    Ok(())
}

#[test]
fn expansion_needs_sco_at_transition() -> R {
    let notice = {
        let mut notice = fx::notice();
        notice.kind = MigrationKind::PermissionExpansion;
        notice
    };
    let m = Migration::open(notice, t(0), &policy())?;
    let mut plan = fx::plan();
    plan.documents.push(Document {
        kind: DocumentKind::PermissionChanges,
        location: "n".into(),
    });
    let refused = m.prepare(&plan, t(1)).unwrap_err();
    assert_eq!(
        refused.reason(),
        &Refusal::IncompletePlan(vec![Missing::Approval(GovernanceBody::Sco)])
    );
    plan.approvals.push(Approval {
        body: GovernanceBody::Sco,
        by: "sco".into(),
        at: t(1),
    });
    let m = refused.into_inner().prepare(&plan, t(1))?;
    let mut release = fx::release();
    release.evidence.grants.proposed =
        "read:orders/*, write:orders/eu/*, write:orders/ch/*".parse::<PermissionSet>()?;
    let m = m.transition(release, t(2), &policy(), &fx::platform())?;
    assert_eq!(m.stage(), StageName::Transition);
    Ok(())
}

#[test]
fn later_refusals_hand_the_migration_back_intact() -> R {
    let m = fx::transitioned()?;
    let unsigned = {
        let mut attestation = fx::failed_suite(t(3));
        attestation.by = " ".into();
        attestation
    };
    refused_intact(&m, "flow.bad_attestation", |m| {
        m.validate(
            std::slice::from_ref(&unsigned),
            t(3),
            &policy(),
            &fx::platform(),
        )
    });
    let later = fx::failed_suite(t(4));
    refused_intact(&m, "flow.bad_attestation", |m| {
        m.validate(
            std::slice::from_ref(&later),
            t(3),
            &policy(),
            &fx::platform(),
        )
    });
    refused_intact(&m, "flow.blank_reason", |m| {
        m.fall_back(
            FallbackReason::Other { detail: " ".into() },
            fx::tsc(t(3)),
            t(3),
            &Policy::default(),
        )
    });
    refused_intact(&m, "flow.reserved_reason", |m| {
        m.fall_back(
            FallbackReason::HealthUnstable,
            fx::tsc(t(3)),
            t(3),
            &Policy::default(),
        )
    });
    refused_intact(&m, "flow.time_went_backwards", |m| {
        m.fall_back(
            FallbackReason::PartnerRequest,
            fx::tsc(t(1)),
            t(1),
            &Policy::default(),
        )
    });

    let v = fx::validated()?;
    refused_intact(&v, "flow.time_went_backwards", |m| {
        m.stabilize(&reading(95.0), t(1))
    });

    let s = fx::stabilized()?;
    refused_intact(&s, "flow.fallback_window_running", |m| {
        m.complete(t(24 * 30), &Policy::default())
    });
    let HealthOutcome::Steady(vulnerable) = s.monitor(&reading(65.0), t(6))? else {
        panic!()
    };
    refused_intact(&vulnerable, "flow.health_not_settled", |m| {
        m.complete(t(24 * 365), &Policy::default())
    });
    let HealthOutcome::Steady(ok) = vulnerable.monitor(&reading(80.0), t(7))? else {
        panic!()
    };
    // a Vulnerable migration cannot complete without a review record, even once Reliable
    refused_intact(&ok, "flow.review_required", |m| {
        m.complete(t(24 * 365), &Policy::default())
    });
    refused_intact(&ok, "flow.blank_review", |m| {
        m.review(Review::new("tsc-duty", " "), t(8))
    });
    let reviewed = ok.review(
        Review::new("tsc-duty", "continue; error budget watched weekly"),
        t(8),
    )?;
    assert!(
        reviewed.complete(t(24 * 365), &Policy::default()).is_ok(),
        "the review and a reliable reading allow completion"
    );

    let fallen = fx::transitioned()?.fall_back(
        FallbackReason::PartnerRequest,
        fx::tsc(t(3)),
        t(3),
        &Policy::default(),
    )?;
    let fix = Remediation::new(String::new(), "x", Severity::Minor);
    refused_intact(&fallen, "flow.missing_remediation_part", |m| {
        m.remediate(fix, &fx::plan(), t(4), &policy())
    });
    let fix = Remediation::new("x", "y", Severity::Severe);
    refused_intact(&fallen, "flow.incomplete_plan", |m| {
        m.remediate(fix, &fx::plan(), t(4), &policy())
    });
    Ok(())
}

#[test]
fn health_bands_decide_the_outcome() -> R {
    // at risk after validation: throttled, and the throttle sanctions a fallback
    let HealthOutcome::AtRisk(v) = fx::validated()?.stabilize(&reading(50.0), t(4))? else {
        panic!()
    };
    assert_eq!(v.last_band(), Some(Band::AtRisk));
    assert_eq!(v.stage(), StageName::Throttled);
    let fallen = v.fall_back(
        FallbackReason::HealthAtRisk,
        FallbackAuthority::Sanctioned,
        t(5),
        &Policy::default(),
    )?;
    assert!(!fallen.is_restricted());

    // unstable: forced restriction
    let HealthOutcome::Restricted(r) = fx::validated()?.stabilize(&reading(20.0), t(4))? else {
        panic!()
    };
    assert!(r.is_restricted());
    assert_eq!(r.mode(), Mode::Fallback);
    assert_eq!(names(r.lineage())[5..], ["health_recorded", "fell_back"]);
    // remediation and re-validation restore access
    let fix = Remediation::new("leak", "fixed", Severity::Moderate);
    let m = r.remediate(fix, &fx::plan(), t(5), &policy())?;
    assert!(
        m.is_restricted(),
        "still restricted until re-validation passes"
    );
    let m = m.transition(fx::release(), t(6), &policy(), &fx::platform())?;
    let Validated::Passed(m) = m.validate(&[], t(7), &Policy::default(), &fx::platform())? else {
        panic!()
    };
    assert!(!m.is_restricted());

    // at risk during stabilization: throttled; a steady reading lifts the throttle, and
    // completion waits for it
    let HealthOutcome::AtRisk(s) = fx::stabilized()?.monitor(&reading(45.0), t(6))? else {
        panic!()
    };
    assert_eq!(s.stage(), StageName::Throttled);
    assert_eq!(
        s.lineage().last().map(|e| e.detail.name()),
        Some("throttled")
    );
    let HealthOutcome::Steady(s) = s.monitor(&reading(88.0), t(7))? else {
        panic!()
    };
    assert!(s.complete(t(24 * 365), &Policy::default()).is_ok());

    // insufficient data is never better than vulnerable
    let sparse = health::score(
        &{
            let mut inputs = HealthInputs::default();
            inputs.stability = Some(100.0);
            inputs.compatibility = Some(100.0);
            inputs
        },
        &policy(),
    )?;
    assert!(sparse.insufficient_data());
    let outcome = fx::validated()?.stabilize(&sparse, t(4))?;
    assert!(
        matches!(outcome, HealthOutcome::AtRisk(_)),
        "50 points observed: at risk"
    );
    Ok(())
}

#[test]
fn every_stage_has_the_same_size() {
    use std::mem::size_of;
    let sizes = [
        size_of::<Migration<Detection>>(),
        size_of::<Migration<Preparation>>(),
        size_of::<Migration<Transition>>(),
        size_of::<Migration<Validation>>(),
        size_of::<Migration<Stabilization>>(),
        size_of::<Migration<Continuity>>(),
        size_of::<Migration<FallenBack>>(),
    ];
    assert!(sizes.iter().all(|s| *s == sizes[0]), "{sizes:?}");
    assert_eq!(size_of::<Detection>(), 0);
}

#[test]
fn attested_results_show_in_the_lineage_as_attested() -> R {
    let review = Attestation::builder(
        Dimension::Permission,
        Verdict::Pass,
        "security review of the v2 grant",
        "sco-duty",
        t(3),
    )
    .body(GovernanceBody::Sco)
    .evidence("SEC-2041")
    .build();
    let Validated::Passed(m) = fx::transitioned()?.validate(
        std::slice::from_ref(&review),
        t(3),
        &policy(),
        &fx::platform(),
    )?
    else {
        panic!("validation should pass");
    };
    let events = m.lineage().events();
    let EventDetail::ValidationPassed { dimensions, .. } = &events[events.len() - 2].detail else {
        panic!("the last event is the validation");
    };
    assert_eq!(dimensions.len(), 6);
    for d in dimensions {
        assert!(d.computed, "{} is computed from the evidence", d.dimension);
        let expected: &[Attestation] = if d.dimension == Dimension::Permission {
            std::slice::from_ref(&review)
        } else {
            &[]
        };
        assert_eq!(d.attestations, expected);
    }
    Ok(())
}

#[test]
fn an_attested_failure_fails_a_dimension_the_evidence_passes() -> R {
    // the evidence passes every dimension; a security review attests a failure
    let review = Attestation::builder(
        Dimension::Permission,
        Verdict::Fail,
        "security review of the v2 grant",
        "sco-duty",
        t(3),
    )
    .body(GovernanceBody::Sco)
    .evidence("SEC-2042: token scope too wide")
    .build();
    let Validated::Failed(rejected) = fx::transitioned()?.validate(
        std::slice::from_ref(&review),
        t(3),
        &policy(),
        &fx::platform(),
    )?
    else {
        panic!("an attested failure fails the validation");
    };
    let failed = rejected
        .lineage()
        .events()
        .iter()
        .find_map(|e| match &e.detail {
            EventDetail::ValidationFailed { dimensions, .. } => Some(dimensions.clone()),
            _ => None,
        });
    let dimensions = failed.expect("the failure is recorded");
    for d in &dimensions {
        if d.dimension == Dimension::Permission {
            assert_eq!(d.verdict, Verdict::Fail, "the attested dimension fails");
        } else {
            assert_ne!(
                d.verdict,
                Verdict::Fail,
                "{} passes on its evidence",
                d.dimension
            );
        }
    }
    Ok(())
}

#[test]
fn completing_below_the_recommended_window_carries_the_warning() -> R {
    let m = fx::stabilized()?;
    let rollout = m.rollout_at().expect("rolled out");
    assert_eq!(m.fallback_until(), Some(policy().fallback_until(rollout)));
    assert_eq!(
        m.recommended_until(),
        Some(policy().fallback_recommended_until(rollout))
    );
    let early = m
        .clone()
        .complete(policy().fallback_until(rollout), &Policy::default())?;
    let warned = |m: &Migration<Continuity>| {
        m.lineage().iter().any(|e| {
            matches!(
                e.detail,
                EventDetail::Completed {
                    below_recommended_window: true,
                    ..
                }
            )
        })
    };
    assert!(warned(&early), "after 6 months, before 12: the warning");
    let late = m.complete(
        policy().fallback_recommended_until(rollout),
        &Policy::default(),
    )?;
    assert!(!warned(&late), "after 12 months: no warning");
    Ok(())
}

#[test]
fn the_plan_is_recorded_with_locations_and_signers() -> R {
    let mut plan = fx::plan();
    plan.approvals.push(Approval {
        body: GovernanceBody::Tsc,
        by: "tsc-chair".into(),
        at: t(1),
    });
    plan.approvals.push(Approval {
        body: GovernanceBody::Erc,
        by: "someone".into(),
        at: t(5), // signed after the step: does not count, not recorded
    });
    let m = fx::detected()?.prepare(&plan, t(1))?;
    let EventDetail::Prepared {
        documents,
        approvals,
    } = &m.lineage().last().expect("event").detail
    else {
        panic!("the last event is the plan");
    };
    assert_eq!(documents, &plan.documents);
    assert_eq!(approvals, &plan.approvals[..1]);
    assert_eq!(m.documents(), &plan.documents[..]);
    Ok(())
}

#[test]
fn an_os_migration_without_a_workflow_change_note_is_refused_at_preparation() -> R {
    let notice = {
        let mut notice = fx::notice();
        notice.kind = MigrationKind::OsVersion;
        notice.triggers = vec![Trigger::MajorOsVersionChange];
        notice
    };
    let m = Migration::open(notice, t(0), &policy())?;
    let mut plan = fx::plan();
    plan.documents
        .retain(|d| d.kind != DocumentKind::WorkflowChanges);
    let refused = m.prepare(&plan, t(1)).unwrap_err();
    assert_eq!(
        refused.reason(),
        &Refusal::IncompletePlan(vec![Missing::Document(DocumentKind::WorkflowChanges)])
    );
    // "no change" is a valid note
    plan.documents.push(Document {
        kind: DocumentKind::WorkflowChanges,
        location: "no change".into(),
    });
    assert!(refused.into_inner().prepare(&plan, t(1)).is_ok());
    Ok(())
}

#[test]
fn a_fallback_without_authorization_is_refused() -> R {
    let p = policy();
    let m = fx::transitioned()?;
    // no approval and no sanctioned reason
    refused_intact(&m, "flow.ungoverned_fallback", |m| {
        m.fall_back(
            FallbackReason::PartnerRequest,
            FallbackAuthority::Sanctioned,
            t(3),
            &p,
        )
    });
    // a failed validation sanctions a fallback only once validation has failed
    refused_intact(&m, "flow.ungoverned_fallback", |m| {
        m.fall_back(
            FallbackReason::ValidationFailed,
            FallbackAuthority::Sanctioned,
            t(3),
            &p,
        )
    });
    // another body's approval, or one signed later, does not count
    refused_intact(&m, "flow.ungoverned_fallback", |m| {
        m.fall_back(
            FallbackReason::PartnerRequest,
            fx::approved(GovernanceBody::Erc, t(3)),
            t(3),
            &p,
        )
    });
    refused_intact(&m, "flow.ungoverned_fallback", |m| {
        m.fall_back(FallbackReason::PartnerRequest, fx::tsc(t(4)), t(3), &p)
    });
    // a policy that sanctions no automatic fallback needs an approval even after a failure
    let strict = Policy::builder().automatic_fallback(false).build()?;
    let Validated::Failed(rejected) = fx::transitioned_under(&strict)?.validate(
        &[fx::failed_suite(t(3))],
        t(3),
        &strict,
        &fx::platform(),
    )?
    else {
        panic!("expected a failure");
    };
    refused_intact(&rejected, "flow.ungoverned_fallback", |m| {
        m.fall_back(
            FallbackReason::ValidationFailed,
            FallbackAuthority::Sanctioned,
            t(4),
            &strict,
        )
    });
    let fallen = rejected.fall_back(
        FallbackReason::ValidationFailed,
        fx::tsc(t(4)),
        t(4),
        &strict,
    )?;
    let EventDetail::FellBack { authority, .. } = &fallen.lineage().last().expect("event").detail
    else {
        panic!("the last event is the fallback");
    };
    assert_eq!(
        authority,
        &fx::tsc(t(4)),
        "the authorization is in the lineage"
    );
    Ok(())
}

#[test]
fn a_severe_problem_is_overdue_from_its_window_until_revalidation() -> R {
    let p = policy();
    // the problem is found on day 0 (a failed validation), remediated on day 2
    let day = |d: i64| t(3) + Duration::days(d);
    let Validated::Failed(rejected) =
        fx::transitioned()?.validate(&[fx::failed_suite(day(0))], day(0), &p, &fx::platform())?
    else {
        panic!("expected a failure");
    };
    let fallen = rejected.restrict(day(0))?;
    assert!(fallen.is_restricted());
    let mut plan = fx::plan();
    plan.approvals.push(Approval {
        body: GovernanceBody::Tsc,
        by: "tsc-chair".into(),
        at: day(2),
    });
    let fix = Remediation::new("leaked token", "rotated, scoped", Severity::Severe);
    let m = fallen.remediate(fix, &plan, day(2), &p)?;
    let window = m.remediation().expect("a remediation window");
    assert_eq!(
        window.found_at,
        day(0),
        "counted from when the problem was found"
    );
    assert_eq!(window.deadline, day(0), "severe: immediate");
    assert!(m.is_restricted(), "restricted until re-validation");
    assert!(m.is_overdue(day(1)));
    assert!(m.is_overdue(day(9)));
    let m = m.transition(fx::release(), day(9), &p, &fx::platform())?;
    let Validated::Passed(m) = m.validate(&[], day(10), &p, &fx::platform())? else {
        panic!("re-validation should pass");
    };
    assert!(!m.is_restricted(), "full access restored by re-validation");
    assert!(
        m.is_overdue(day(9) + Duration::hours(23)),
        "before re-validation"
    );
    assert!(!m.is_overdue(day(10)), "not after re-validation");
    assert!(!m.is_overdue(day(400)));
    let window = m.remediation().expect("a remediation window");
    assert_eq!(window.revalidated_at, Some(day(10)));
    assert!(!window.met_in_time());
    // rules::RemediationCase counts the same way
    let mut case = rules::RemediationCase::open(Severity::Severe, day(0));
    for step in &rules::RemediationStep::ALL[..3] {
        case.record(*step, day(2))?;
    }
    case.record(rules::RemediationStep::PassRevalidation, day(10))?;
    for d in [1, 9, 10, 400] {
        assert_eq!(case.is_overdue(day(d), &p), m.is_overdue(day(d)), "day {d}");
    }
    Ok(())
}

#[test]
fn a_forced_migration_is_restricted_until_revalidation() -> R {
    let notice = {
        let mut notice = fx::notice();
        notice.triggers = vec![Trigger::Incompatibility];
        notice.severity = Some(Severity::Moderate);
        notice
    };
    let m = Migration::open(notice, t(0), &policy())?;
    assert_eq!(m.mode(), Mode::Forced);
    assert!(m.is_restricted());
    assert_eq!(m.remediation_deadline(), Some(t(0) + Duration::days(14)));
    assert!(m.is_overdue(t(0) + Duration::days(15)));
    Ok(())
}

#[test]
fn a_collapse_ends_in_throttling_or_restriction_in_the_lineage() -> R {
    let p = policy();
    let series = |recent: f64| -> Result<Vec<health::Sample>, HealthError> {
        let mut s: Vec<health::Sample> = (0..6)
            .map(|h| {
                Ok(health::Sample {
                    at: t(10 + h),
                    score: HealthScore::new(92.0)?,
                })
            })
            .collect::<Result<_, HealthError>>()?;
        for m in 0..3 {
            s.push(health::Sample {
                at: t(16) + Duration::minutes(20 * m),
                score: HealthScore::new(recent)?,
            });
        }
        Ok(s)
    };
    // a drop to Vulnerable: throttled
    let c = health::detect_collapse(&series(66.0)?, &p)?.expect("a collapse");
    let Reaction::Throttled(m) = fx::stabilized()?.collapse(&c, t(17), &p)? else {
        panic!("expected a throttle");
    };
    assert!(matches!(
        m.lineage().last().map(|e| &e.detail),
        Some(EventDetail::Throttled { collapse: true, .. })
    ));
    // a drop to Unstable: forced restriction
    let c = health::detect_collapse(&series(20.0)?, &p)?.expect("a collapse");
    assert_eq!(c.trigger(), Trigger::SustainabilityCollapse);
    let Reaction::Restricted(m) = fx::stabilized()?.collapse(&c, t(17), &p)? else {
        panic!("expected a restriction");
    };
    assert!(m.is_restricted());
    assert_eq!(names(m.lineage())[6..], ["health_recorded", "fell_back"]);
    Ok(())
}

#[test]
fn a_live_incompatibility_opens_a_forced_migration() -> R {
    let platform = fx::platform();
    // the partner runs 2.0.0 on OS 9, which the matrix does not support for 2.x
    let trigger = rules::detect_live(
        &platform.matrix,
        &Version::new(2, 0, 0),
        &Version::new(9, 0, 0),
    )
    .expect("an incompatibility");
    let notice = {
        let mut notice = fx::notice();
        notice.triggers = vec![trigger];
        notice.severity = Some(Severity::Minor);
        notice.origin = Version::new(2, 0, 0);
        notice.target = Version::new(3, 0, 0);
        notice.contracts = Some(Contracts {
            old: fx::contract(Version::new(2, 0, 0)),
            new: fx::contract(Version::new(3, 0, 0)),
        });
        notice
    };
    let m = Migration::open(notice, t(0), &policy())?;
    assert_eq!(m.mode(), Mode::Forced);
    assert_eq!(m.triggers(), [Trigger::Incompatibility]);
    Ok(())
}

#[test]
fn a_plan_missing_three_things_is_refused_once_naming_all_three() -> R {
    // a guided migration prepared from its own requirements
    let notice = {
        let mut notice = fx::notice();
        notice.compatibility = Some(Compatibility::Breaking);
        notice
    };
    let m = Migration::open(notice, t(0), &policy())?;
    let needs = m.requirements();
    assert!(needs.compatibility_mapping);
    assert_eq!(needs.approvals, [GovernanceBody::Tsc]);
    let mut plan = fx::plan();
    plan.testing_plan.clear();
    plan.documents
        .retain(|d| d.kind != DocumentKind::VersionNotes);
    let refused = m.prepare(&plan, t(1)).unwrap_err();
    assert_eq!(
        refused.reason(),
        &Refusal::IncompletePlan(vec![
            Missing::PlanPart(PlanPart::TestingPlan),
            Missing::Document(DocumentKind::VersionNotes),
            Missing::CompatibilityMapping,
            Missing::Approval(GovernanceBody::Tsc),
        ])
    );
    assert_eq!(
        refused.to_string(),
        "preparation refused: the plan lacks the testing plan, the document \"version notes\", \
         a compatibility mapping, the approval of TSC"
    );
    // fill in exactly what the requirements name: accepted
    let m = refused.into_inner();
    plan.testing_plan = "contract tests".into();
    plan.documents.push(Document {
        kind: DocumentKind::VersionNotes,
        location: "docs/version-notes".into(),
    });
    // a mapping entry with a blank side maps nothing
    for (from, to) in [("GET /v1/orders", " "), ("", "GET /v2/orders")] {
        let mut half = plan.clone();
        half.compatibility_mapping.push(MappingEntry {
            from: from.into(),
            to: to.into(),
        });
        assert!(needs
            .missing(&half, t(1))
            .contains(&Missing::CompatibilityMapping));
    }
    plan.compatibility_mapping.push(MappingEntry {
        from: "GET /v1/orders".into(),
        to: "GET /v2/orders".into(),
    });
    for body in &needs.approvals {
        plan.approvals.push(Approval {
            body: *body,
            by: "duty".into(),
            at: t(1),
        });
    }
    assert!(needs.missing(&plan, t(1)).is_empty());
    assert!(m.prepare(&plan, t(1)).is_ok());
    Ok(())
}

#[test]
fn a_security_violation_needs_an_attested_security_review() -> R {
    let p = policy();
    let notice = {
        let mut notice = fx::notice();
        notice.triggers = vec![Trigger::SecurityViolation];
        notice.severity = Some(Severity::Moderate);
        notice
    };
    let mut plan = fx::plan();
    plan.approvals.push(Approval {
        body: GovernanceBody::Sco,
        by: "sco-duty".into(),
        at: t(1),
    });
    plan.approvals.push(Approval {
        body: GovernanceBody::Tsc,
        by: "tsc-duty".into(),
        at: t(1),
    });
    let m = Migration::open(notice, t(0), &p)?.prepare(&plan, t(1))?;
    assert_eq!(m.severity(), Some(Severity::Moderate));
    assert_eq!(
        fx::detected()?.severity(),
        None,
        "a migration not forced has none"
    );
    let m = m.transition(fx::release(), t(2), &p, &fx::platform())?;
    // computed checks pass, but nothing attests the security review
    let report = m.validation_report(&[], t(3), &fx::platform());
    assert_eq!(report.failed(), [Dimension::Permission]);
    let finding = &report
        .get(Dimension::Permission)
        .expect("a result")
        .findings[0];
    assert_eq!(finding.lint, "security.review_missing");
    // a passing attestation of another dimension is not a security review
    let workflow_check = Attestation::builder(
        Dimension::Workflow,
        Verdict::Pass,
        "workflow replay",
        "erc-duty",
        t(3),
    )
    .body(GovernanceBody::Erc)
    .evidence("WF-3")
    .build();
    let report = m.validation_report(&[workflow_check], t(3), &fx::platform());
    assert_eq!(report.failed(), [Dimension::Permission]);
    let review = Attestation::builder(
        Dimension::Permission,
        Verdict::Pass,
        "security review of the fix",
        "sco-duty",
        t(3),
    )
    .body(GovernanceBody::Sco)
    .evidence("SEC-7")
    .build();
    let Validated::Passed(m) = m.validate(&[review], t(3), &p, &fx::platform())? else {
        panic!("an attested review passes");
    };
    assert!(!m.is_restricted(), "re-validation restores access");
    Ok(())
}

#[test]
fn the_completion_band_comes_from_the_policy_and_travels_with_the_record() -> R {
    let s = fx::stabilized()?;
    let HealthOutcome::Steady(vulnerable) = s.monitor(&reading(65.0), t(6))? else {
        panic!("a vulnerable reading is steady")
    };
    assert!(
        vulnerable.review_pending(),
        "a vulnerable reading asks for a review"
    );
    let vulnerable = vulnerable.review(
        Review::new(
            "tsc-duty",
            "accept vulnerable: the partner is sunsetting the extension",
        ),
        t(7),
    )?;
    assert!(!vulnerable.review_pending(), "the review is recorded");
    let at = t(24 * 400);
    // the default asks for Reliable, and the refusal says both bands
    let refused = vulnerable.complete(at, &Policy::default()).unwrap_err();
    assert_eq!(
        refused.reason(),
        &Refusal::HealthNotSettled {
            band: Band::Vulnerable,
            required: Band::Reliable
        }
    );
    assert!(refused.to_string().contains("reliable or better"));
    // the policy the migration was opened with decides: another one is refused
    let lenient = Policy::builder()
        .completion_band(Band::Vulnerable)
        .build()?;
    let refused = refused.into_inner().complete(at, &lenient).unwrap_err();
    assert_eq!(refused.reason().code(), "flow.policy_changed");
    // a migration opened under a policy that settles for Vulnerable (reviewed) completes,
    // and the completion records the band
    let HealthOutcome::Steady(vulnerable) =
        fx::stabilized_under(&lenient)?.monitor(&reading(65.0), t(6))?
    else {
        panic!("a vulnerable reading is steady")
    };
    let vulnerable = vulnerable.review(
        Review::new(
            "tsc-duty",
            "accept vulnerable: the partner is sunsetting the extension",
        ),
        t(7),
    )?;
    let done = vulnerable.complete(at, &lenient)?;
    let completed = done
        .lineage()
        .events()
        .iter()
        .find_map(|e| match &e.detail {
            EventDetail::Completed {
                completion_band, ..
            } => Some(*completion_band),
            _ => None,
        });
    assert_eq!(completed, Some(Band::Vulnerable));
    // and the record replays without the policy: the band travels in it
    let record = done.into_record();
    let head = record.head;
    let again = AnyMigration::resume(record, Anchor::Head(head))?;
    assert_eq!(again.stage(), StageName::Continuity);
    // a stricter policy refuses the same reading
    let strict = Policy::builder().completion_band(Band::Stable).build()?;
    let HealthOutcome::Steady(reliable) =
        fx::stabilized_under(&strict)?.monitor(&reading(80.0), t(6))?
    else {
        panic!("a reliable reading is steady")
    };
    assert_eq!(
        reliable.complete(at, &strict).unwrap_err().reason().code(),
        "flow.health_not_settled"
    );
    Ok(())
}

#[test]
fn completion_records_the_lifecycle_update() -> R {
    let p = policy();
    let at = t(24 * 400);
    let done = fx::stabilized()?.complete(at, &p)?;
    let events = done.lineage().events();
    let EventDetail::Completed {
        below_recommended_window,
        current,
        retired,
        next_review,
        completion_band,
    } = &events[events.len() - 2].detail
    else {
        panic!("the completion precedes the release");
    };
    assert!(!below_recommended_window);
    assert_eq!(
        *completion_band,
        Band::Reliable,
        "the policy's band, recorded"
    );
    assert_eq!(current, &Version::new(2, 0, 0));
    assert_eq!(retired, &Version::new(1, 4, 0));
    assert_eq!(*next_review, at + chrono::Months::new(12));
    Ok(())
}

#[test]
fn a_broken_compatibility_falls_back_with_the_governing_body_approval() -> R {
    let p = policy();
    let fallen =
        fx::validated()?.fall_back(FallbackReason::CompatibilityBroken, fx::tsc(t(4)), t(4), &p)?;
    assert_eq!(fallen.mode(), Mode::Fallback);
    assert!(!fallen.is_restricted());
    let EventDetail::FellBack {
        reason, authority, ..
    } = &fallen.lineage().last().expect("event").detail
    else {
        panic!("the last event is the fallback");
    };
    assert_eq!(reason, &FallbackReason::CompatibilityBroken);
    assert_eq!(authority, &fx::tsc(t(4)));
    Ok(())
}

#[test]
fn a_workflow_migration_needs_erc_and_a_remediation_its_fixes() -> R {
    // "ERC (workflow)": a workflow kind cannot be prepared without ERC's approval
    let notice = {
        let mut notice = fx::notice();
        notice.kind = MigrationKind::WorkflowHandler;
        notice.triggers = vec![Trigger::WorkflowDeprecation];
        notice
    };
    let m = Migration::open(notice, t(0), &policy())?;
    assert!(m.requirements().approvals.contains(&GovernanceBody::Erc));
    let refused = m.prepare(&fx::plan(), t(1)).unwrap_err();
    assert_eq!(
        refused.reason(),
        &Refusal::IncompletePlan(vec![Missing::Approval(GovernanceBody::Erc)])
    );
    // a remediation names its fixes
    let fallen = fx::transitioned()?.fall_back(
        FallbackReason::PartnerRequest,
        fx::tsc(t(3)),
        t(3),
        &policy(),
    )?;
    let blank = Remediation::new("cause", "  ", Severity::Minor);
    refused_intact(&fallen, "flow.missing_remediation_part", |m| {
        m.remediate(blank, &fx::plan(), t(4), &policy())
    });
    // and an incomplete plan is refused with everything it lacks
    let fix = Remediation::new("cause", "fix", Severity::Severe);
    let mut plan = fx::plan();
    plan.rollback_plan.clear();
    let refused = fallen.remediate(fix, &plan, t(4), &policy()).unwrap_err();
    assert_eq!(
        refused.reason(),
        &Refusal::IncompletePlan(vec![
            Missing::PlanPart(PlanPart::RollbackPlan),
            Missing::Approval(GovernanceBody::Tsc),
        ])
    );
    assert_eq!(refused.step(), Step::Remediate);
    Ok(())
}

#[test]
fn every_part_of_the_plan_is_required() -> R {
    // playbook §4 step 2: "migration strategy, compatibility plan, testing plan, rollback plan"
    for part in [
        PlanPart::Strategy,
        PlanPart::CompatibilityPlan,
        PlanPart::TestingPlan,
        PlanPart::RollbackPlan,
    ] {
        let mut plan = fx::plan();
        match part {
            PlanPart::Strategy => plan.strategy = " ".into(),
            PlanPart::CompatibilityPlan => plan.compatibility_plan.clear(),
            PlanPart::TestingPlan => plan.testing_plan.clear(),
            _ => plan.rollback_plan = "\t".into(),
        }
        let refused = fx::detected()?.prepare(&plan, t(1)).unwrap_err();
        assert_eq!(
            refused.reason(),
            &Refusal::IncompletePlan(vec![Missing::PlanPart(part)]),
            "{part}"
        );
    }
    Ok(())
}

/// A silent breaking change is refused naming the changes that need the major bump, and only
/// those: an operation added beside the removal is not among them.
#[test]
fn a_silent_breaking_change_names_only_what_breaks() {
    let mut contracts = breaking_contracts("1.4.0", "1.5.0");
    contracts.new.operations.insert(
        "count_orders".into(),
        rules::Operation::new("GET /orders/count -> u64"),
    );
    let notice = {
        let mut notice = fx::notice();
        notice.target = Version::new(1, 5, 0);
        notice.contracts = Some(contracts);
        notice
    };
    let err = Migration::open(notice, t(0), &policy()).unwrap_err();
    let OpenRefusal::SilentBreakingChange { bump, changes } = err.reason() else {
        panic!("expected a silent breaking change, got {:?}", err.reason());
    };
    assert_eq!(*bump, rules::Bump::Minor);
    let items: Vec<&str> = changes.iter().map(|c| c.item.as_str()).collect();
    assert_eq!(items, ["operation list_orders"]);
}

/// A migration's lineage is never empty, and each event reads as its number, time, name and
/// rite.
#[test]
fn a_lineage_reads_event_by_event() -> R {
    assert!(Lineage::default().is_empty());
    let m = fx::prepared()?;
    assert!(!m.lineage().is_empty());
    let lines: Vec<String> = m.lineage().iter().map(ToString::to_string).collect();
    assert_eq!(lines.len(), m.lineage().len());
    assert!(lines[0].starts_with("#0 "), "{lines:?}");
    assert!(lines[1].starts_with("#1 "), "{lines:?}");
    // a lineage is iterated as it is: `for event in lineage`
    let mut events = Vec::new();
    for event in m.lineage() {
        events.push(event);
    }
    assert_eq!(events.len(), m.lineage().len());
    for (line, event) in lines.iter().zip(events) {
        assert!(line.contains(event.detail.name()), "{line}");
        assert!(
            line.contains(&event.at.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
            "{line}"
        );
        if let Some(rite) = event.rite {
            assert!(line.ends_with(&format!(" — {rite}")), "{line}");
        }
    }
    Ok(())
}

#[test]
fn migrations_compare_by_their_whole_history() -> R {
    let a = fx::prepared()?;
    assert_eq!(a, a.clone());
    // what resumes from its record is the same migration
    let record = a.to_record();
    let head = record.head;
    let resumed =
        Migration::<Preparation>::try_from(AnyMigration::resume(record, Anchor::Head(head))?)?;
    assert_eq!(resumed, a);
    // the same steps a second later, or opened a second later, are another history
    let later = fx::detected()?.prepare(&fx::plan(), t(1) + chrono::Duration::seconds(1))?;
    assert_ne!(later, a);
    let reopened = Migration::open(fx::notice(), t(0) + chrono::Duration::seconds(1), &policy())?
        .prepare(&fx::plan(), t(1))?;
    assert_ne!(reopened, a);
    Ok(())
}
