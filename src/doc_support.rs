//! Fixtures for the documentation examples. Not part of the public API.
#![allow(missing_docs, clippy::missing_errors_doc, clippy::missing_panics_doc)]

use chrono::{DateTime, Duration, Utc};

use crate::permission::{Catalog, PermissionSet};
use crate::*;

pub use crate::{Dimension, Plan, ValidationReport, Verdict};

type R<T> = Result<T, Box<dyn std::error::Error>>;

/// `h` hours after 2026-01-05T00:00:00Z.
#[must_use]
pub fn t(h: i64) -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp(1_767_571_200, 0).unwrap_or_default() + Duration::hours(h)
}

pub fn notice() -> Notice {
    Notice {
        partner: PartnerId::new("acme-billing").unwrap_or_else(|_| unreachable!()),
        triggers: vec![Trigger::ApiDeprecation],
        kind: MigrationKind::ApiVersion,
        compatibility: Compatibility::BackwardCompatible,
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
        documents: vec![
            doc(DocumentKind::MigrationGuide),
            doc(DocumentKind::CompatibilityNotes),
            doc(DocumentKind::VersionNotes),
        ],
        compatibility_mapping: Vec::new(),
        approvals: Vec::new(),
    }
}

pub fn catalog() -> Catalog {
    Catalog::default()
}

pub fn release() -> Release {
    let set = |s: &str| s.parse::<PermissionSet>().unwrap_or_default();
    Release {
        version: semver::Version::new(2, 0, 0),
        version_ceiling: semver::Version::new(2, 9, 0),
        compatibility: Compatibility::BackwardCompatible,
        runtime: Runtime::Shielded,
        grants: Grants {
            current: set("read:orders/*, write:orders/eu/*"),
            proposed: set("read:orders/*, write:orders/eu/*"),
            ceiling: set("read:orders/*, write:orders/*"),
            deny: set("write:orders/us/*"),
            fallback: set("read:orders/*"),
        },
    }
}

pub fn passing_report() -> ValidationReport {
    let mut r = ValidationReport::new();
    for d in Dimension::ALL {
        r.record(d, Verdict::Pass, Vec::new());
    }
    r
}

pub fn detected() -> R<Migration<Detection>> {
    Ok(Migration::open(notice(), t(0), &Policy::default())?)
}

pub fn prepared() -> R<Migration<Preparation>> {
    Ok(detected()?.prepare(&plan(), t(1))?)
}

pub fn transitioned() -> R<Migration<Transition>> {
    Ok(prepared()?.transition(release(), t(2), &Policy::default(), &catalog())?)
}

pub fn validated() -> R<Migration<Validation>> {
    match transitioned()?.validate(&passing_report(), t(3))? {
        Validated::Passed(m) => Ok(m),
        Validated::Failed(_) => Err("validation failed".into()),
    }
}

pub fn stabilized() -> R<Migration<Stabilization>> {
    let report = health::score(&HealthInputs::uniform(92.0), &Policy::default())?;
    match validated()?.stabilize(&report, t(5))? {
        Stabilized::Steady(m) => Ok(m),
        _ => Err("did not stabilize".into()),
    }
}
