//! Fixtures for the tests and benches: internal, hidden from the docs, and not part of the
//! API (no semver promise; any release may change it). The two leading underscores say so
//! where it is used, as `serde::__private` does. No doc example uses them: each is a whole
//! `main.rs` written with the public API (`tests/doc_examples.rs` checks it).
#![allow(missing_docs, clippy::missing_errors_doc, clippy::missing_panics_doc)]

use chrono::{DateTime, Duration, Utc};

use crate::permission::{Catalog, PermissionSet};
use crate::*;

pub use crate::{Attestation, Dimension, Plan, Platform, Verdict};

type R<T> = Result<T, Box<dyn std::error::Error>>;

/// `h` hours after 2026-01-05T00:00:00Z.
#[must_use]
pub fn t(h: i64) -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp(1_767_571_200, 0).unwrap_or_default() + Duration::hours(h)
}

/// The partner's contract at `version`: two operations, a workflow governed by ERC, on wasm.
#[must_use]
pub fn contract(version: semver::Version) -> crate::rules::Contract {
    use crate::rules::{Contract, Operation, RuntimeRef, Workflow};
    let op = |sig: &str| Operation {
        signature: sig.into(),
        deprecated: None,
    };
    Contract {
        version,
        operations: [
            ("get_order".to_owned(), op("GET /orders/{id} -> Order")),
            ("list_orders".to_owned(), op("GET /orders -> [Order]")),
        ]
        .into_iter()
        .collect(),
        workflows: [(
            "sync".to_owned(),
            Workflow {
                trigger: "order.created".into(),
                handler: "billing.sync@1".into(),
                governed_by: Some(GovernanceBody::Erc),
                deprecated: None,
            },
        )]
        .into_iter()
        .collect(),
        permissions: "read:orders/*".parse().unwrap_or_default(),
        runtime: RuntimeRef {
            name: "wasm".into(),
            version: semver::Version::new(2, 3, 0),
        },
    }
}

/// The contracts at 1.4.0 and 2.0.0: the same operations and workflows (compatible).
#[must_use]
pub fn contracts() -> Contracts {
    Contracts {
        old: contract(semver::Version::new(1, 4, 0)),
        new: contract(semver::Version::new(2, 0, 0)),
    }
}

pub fn notice() -> Notice {
    Notice {
        partner: PartnerId::new("acme-billing").unwrap_or_else(|_| unreachable!()),
        triggers: vec![Trigger::ApiDeprecation],
        kind: MigrationKind::ApiVersion,
        compatibility: None,
        contracts: Some(contracts()),
        origin: semver::Version::new(1, 4, 0),
        target: semver::Version::new(2, 0, 0),
        window: Window {
            opens: t(0),
            closes: t(24 * 90),
        },
        severity: None,
    }
}

pub fn plan() -> Plan {
    let doc = |kind| Document {
        kind,
        location: format!("docs/{kind}"),
    };
    Plan {
        strategy: "dual-write, then switch reads".into(),
        compatibility_plan: "v1 endpoints served for 12 months".into(),
        testing_plan: "contract tests against the v2 sandbox".into(),
        rollback_plan: "switch reads back to v1".into(),
        documents: DocumentKind::required_for(MigrationKind::ApiVersion)
            .into_iter()
            .map(doc)
            .collect(),
        compatibility_mapping: Vec::new(),
        approvals: Vec::new(),
    }
}

/// A migration forced by a security violation (beside an API deprecation) of the partner's
/// permissions, of `severity`: restricted and counting its remediation window from the notice.
#[must_use]
pub fn forced_notice(severity: Severity) -> Notice {
    Notice {
        triggers: vec![Trigger::SecurityViolation, Trigger::ApiDeprecation],
        kind: MigrationKind::PermissionReduction,
        severity: Some(severity),
        ..notice()
    }
}

/// The fixture plan with SCO's approval at `t(1)`, as a permission migration needs.
#[must_use]
pub fn plan_with_sco() -> Plan {
    let mut plan = plan();
    plan.approvals.push(Approval {
        body: GovernanceBody::Sco,
        by: "sco-duty".into(),
        at: t(1),
    });
    plan
}

pub fn catalog() -> Catalog {
    Catalog::default()
}

/// The platform's facts: partner 2.x runs on OS 8.x; wasm 2 and 3 are supported.
#[must_use]
pub fn platform() -> Platform {
    use crate::rules::{CompatibilityMatrix, MatrixRow, RuntimeSupport};
    let req = |s: &str| semver::VersionReq::parse(s).unwrap_or(semver::VersionReq::STAR);
    Platform {
        matrix: CompatibilityMatrix {
            rows: vec![
                MatrixRow {
                    partner: req("^1"),
                    os: req("^7"),
                },
                MatrixRow {
                    partner: req("^2"),
                    os: req("^8"),
                },
            ],
        },
        supported_runtimes: vec![RuntimeSupport {
            runtime: "wasm".into(),
            versions: req(">=2, <4"),
        }],
        catalog: catalog(),
        version_ceiling: semver::Version::new(2, 9, 0),
        power_ceiling: "read:orders/*, write:orders/*".parse().unwrap_or_default(),
    }
}

pub fn release() -> Release {
    let set = |s: &str| s.parse::<PermissionSet>().unwrap_or_default();
    Release {
        version: semver::Version::new(2, 0, 0),
        compatibility: None,
        canary_percent: 5,
        evidence: Evidence {
            contract: Some(contract(semver::Version::new(2, 0, 0))),
            grants: Grants {
                current: set("read:orders/*, write:orders/eu/*"),
                proposed: set("read:orders/*, write:orders/eu/*"),
                deny: set("write:orders/us/*"),
                fallback: set("read:orders/*"),
            },
            runtimes: vec![crate::rules::RuntimeUse {
                component: "billing-ui".into(),
                kind: crate::rules::ComponentKind::Extension,
                runtime: "wasm".into(),
                version: semver::Version::new(2, 3, 0),
            }],
            fallback_apis: vec!["get_order".into(), "list_orders".into()],
            fallback_workflows: vec!["sync".into()],
            os_version: semver::Version::new(8, 1, 0),
        },
    }
}

/// A failed result of the partner's workflow suite, attested at `at`.
#[must_use]
pub fn failed_suite(at: DateTime<Utc>) -> Attestation {
    Attestation {
        dimension: Dimension::Workflow,
        verdict: Verdict::Fail,
        check: "partner workflow suite".into(),
        by: "platform-ci".into(),
        body: None,
        at,
        evidence: "https://ci.example/runs/42".into(),
    }
}

pub fn detected() -> R<Migration<Detection>> {
    detected_under(&Policy::default())
}

/// The fixture migration opened under `policy` (every later step must be given it).
pub fn detected_under(policy: &Policy) -> R<Migration<Detection>> {
    Ok(Migration::open(notice(), t(0), policy)?)
}

pub fn prepared() -> R<Migration<Preparation>> {
    prepared_under(&Policy::default())
}

pub fn prepared_under(policy: &Policy) -> R<Migration<Preparation>> {
    Ok(detected_under(policy)?.prepare(&plan(), t(1))?)
}

pub fn transitioned() -> R<Migration<Transition>> {
    transitioned_under(&Policy::default())
}

pub fn transitioned_under(policy: &Policy) -> R<Migration<Transition>> {
    Ok(prepared_under(policy)?.transition(release(), t(2), policy, &platform())?)
}

pub fn validated() -> R<Migration<Validation>> {
    validated_under(&Policy::default())
}

pub fn validated_under(policy: &Policy) -> R<Migration<Validation>> {
    match transitioned_under(policy)?.validate(&[], t(3), policy, &platform())? {
        Validated::Passed(m) => Ok(m),
        Validated::Failed(_) => Err("validation failed".into()),
    }
}

pub fn stabilized() -> R<Migration<Stabilization>> {
    stabilized_under(&Policy::default())
}

pub fn stabilized_under(policy: &Policy) -> R<Migration<Stabilization>> {
    let report = health::score(&HealthInputs::uniform(92.0), policy)?;
    match validated_under(policy)?.stabilize(&report, t(5))? {
        HealthOutcome::Steady(m) => Ok(m),
        _ => Err("did not stabilize".into()),
    }
}

/// A fallback approved by `body`, signed at `at`.
#[must_use]
pub fn approved(body: GovernanceBody, at: DateTime<Utc>) -> FallbackAuthority {
    FallbackAuthority::Approved {
        approval: Approval {
            body,
            by: format!("{body}-duty").to_lowercase(),
            at,
        },
    }
}

/// A fallback approved by the TSC (the body of the fixtures' API migration), at `at`.
#[must_use]
pub fn tsc(at: DateTime<Utc>) -> FallbackAuthority {
    approved(GovernanceBody::Tsc, at)
}

/// A health report of `score` on every component, under the default policy.
#[must_use]
pub fn reading(score: f64) -> HealthReport {
    health::score(&HealthInputs::uniform(score), &Policy::default())
        .unwrap_or_else(|_| unreachable!("fixture scores are in range"))
}

/// A record of `n` attempts that each fail validation, fall back and are remediated: the
/// heaviest events a record holds (releases with their evidence, validations with their
/// outcomes). For the memory bench and test.
pub fn failing_attempts(n: usize) -> R<MigrationRecord> {
    Ok(after_failed_attempts(n)?.into_record())
}

/// The migration after `n` attempts that each fail validation at hour `2 + 2k`, fall back
/// at once and are remediated an hour later: back in Preparation at hour `2 + 2n`.
pub fn after_failed_attempts(n: usize) -> R<Migration<Preparation>> {
    let policy = Policy::default();
    let platform = platform();
    let mut m = prepared()?;
    let mut h = 2;
    for _ in 0..n {
        let moved = m.transition(release(), t(h), &policy, &platform)?;
        let Validated::Failed(moved) =
            moved.validate(&[failed_suite(t(h))], t(h), &policy, &platform)?
        else {
            return Err("the failed suite fails validation".into());
        };
        let fallen = moved.fall_back(
            FallbackReason::ValidationFailed,
            FallbackAuthority::Sanctioned,
            t(h),
            &policy,
        )?;
        let fix = Remediation {
            root_cause: "flaky".into(),
            fixes: "retry".into(),
            severity: Severity::Minor,
        };
        m = fallen.remediate(fix, &plan(), t(h + 1), &policy)?;
        h += 2;
    }
    Ok(m)
}

/// A record of a live migration: one validation, then `n` steady readings of 91.
pub fn readings(n: usize) -> R<MigrationRecord> {
    let policy = Policy::default();
    let mut m = stabilized()?;
    let mut h = 6;
    for _ in 0..n {
        h += 8;
        let reading = health::score(&HealthInputs::uniform(91.0), &policy)?;
        let HealthOutcome::Steady(next) = m.monitor(&reading, t(h))? else {
            return Err("a reading of 91 is steady".into());
        };
        m = next;
    }
    Ok(m.into_record())
}
