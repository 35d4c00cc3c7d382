//! The record format's test vectors (`tests/vectors/*.json`), its names, and fresh records
//! for the second verifier.
//!
//! - Each vector is built here from the crate's API and must equal the committed file byte
//!   for byte: any change to the encoding changes a digest and fails this test. To update
//!   the files after a deliberate change of format, run
//!   `KWANUS_WRITE_VECTORS=1 cargo test --test vectors` and review the diff.
//! - `fresh_records_for_the_second_verifier` writes records of every stage and event kind,
//!   with realistic non-round scores, to `target/tmp/fresh-records/` (and a tampered copy to
//!   `target/tmp/tampered-records/`); `.ci/run` hands them to `scripts/verify_record.py`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
use kwanus_migration::__doc_support::{self as fx, t};
use kwanus_migration::rules;
use kwanus_migration::*;
use semver::Version;
use serde_json::Value;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// The seal key of every vector: bytes 0x00, 0x01, …, 0x1f.
fn vector_key() -> ([u8; 32], SealKey) {
    let mut bytes = [0u8; 32];
    for (i, b) in bytes.iter_mut().enumerate() {
        *b = u8::try_from(i).unwrap_or(0);
    }
    (bytes, SealKey::from_bytes(bytes))
}

fn reading(score: f64) -> HealthReport {
    health::score(&HealthInputs::uniform(score), &Policy::default()).expect("valid inputs")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Notice → continuity: opened, prepared, transitioned, validation_passed, rolled_out,
/// stabilized, health_recorded, completed, released.
fn happy_path() -> Res<MigrationRecord> {
    let HealthOutcome::Steady(m) = fx::validated()?.stabilize(&reading(700.0 / 9.0), t(5))? else {
        return Err("expected to stabilize".into());
    };
    let HealthOutcome::Steady(m) = m.monitor(&reading(100.0 * 823.0 / 857.0), t(30))? else {
        return Err("expected a steady reading".into());
    };
    Ok(m.complete(t(24 * 200), &Policy::default())?.into_record())
}

/// A forced migration: a failed validation, a fallback, a remediation, a second attempt, an
/// at-risk reading and a fallback with a reason of the partner's own words.
fn forced_remediation() -> Res<MigrationRecord> {
    let policy = Policy::default();
    let notice = {
        let mut notice = fx::notice();
        notice.triggers = vec![Trigger::SecurityViolation, Trigger::ApiDeprecation];
        notice.kind = MigrationKind::PermissionReduction;
        notice.severity = Some(Severity::Moderate);
        notice
    };
    let mut plan = fx::plan();
    plan.documents.push(Document {
        kind: DocumentKind::PermissionChanges,
        location: "https://docs.example/acme/permissions".into(),
    });
    plan.approvals.push(Approval {
        body: GovernanceBody::Sco,
        by: "sco-duty".into(),
        at: t(1),
    });
    let m = Migration::open(notice, t(0), &policy)?.prepare(&plan, t(1))?;
    let m = m.transition(fx::release(), t(2), &policy, &fx::platform())?;
    let Validated::Failed(m) = m.validate(
        &[fx::failed_suite(t(3))],
        t(3),
        &Policy::default(),
        &fx::platform(),
    )?
    else {
        return Err("expected a failure".into());
    };
    let fallen = m.fall_back(
        FallbackReason::ValidationFailed,
        FallbackAuthority::Sanctioned,
        t(4),
        &Policy::default(),
    )?;
    let fix = Remediation::new(
        "the v2 handler dropped the tenant header",
        "header restored; contract test added",
        Severity::Severe,
    );
    let m = fallen.remediate(fix, &plan, t(5), &policy)?;
    let m = m.transition(fx::release(), t(6), &policy, &fx::platform())?;
    // forced by a security violation: the security review is attested
    let review = Attestation::builder(
        Dimension::Permission,
        Verdict::Pass,
        "security review of the tenant-header fix",
        "sco-duty",
        t(7),
    )
    .body(GovernanceBody::Sco)
    .evidence("SEC-2041")
    .build();
    let Validated::Passed(m) = m.validate(&[review], t(7), &Policy::default(), &fx::platform())?
    else {
        return Err("expected a pass".into());
    };
    let HealthOutcome::AtRisk(m) = m.stabilize(&reading(40.0 + 20.0 * 317.0 / 421.0), t(8))? else {
        return Err("expected at risk".into());
    };
    let reason = FallbackReason::Other {
        detail: "vendor outage — café ✓ \"quoted\"".into(),
    };
    Ok(m.fall_back(
        reason,
        fx::approved(GovernanceBody::Sco, t(9)),
        t(9),
        &Policy::default(),
    )?
    .into_record())
}

/// An unstable reading and the forced restriction it brings; a target with build metadata
/// and times with nanoseconds.
fn restricted() -> Res<MigrationRecord> {
    let policy = Policy::default();
    let at = |h: i64| t(h) + Duration::nanoseconds(123_456_789);
    let target = Version::parse("2.0.0+build.7")?;
    let notice = {
        let mut notice = fx::notice();
        notice.target = target.clone();
        notice
    };
    let mut release = {
        let mut release = fx::release();
        release.version = target.clone();
        release
    };
    release.evidence.contract = Some(fx::contract(target));
    let m = Migration::open(notice, at(0), &policy)?.prepare(&fx::plan(), at(1))?;
    let m = m.transition(release, at(2), &policy, &fx::platform())?;
    let Validated::Passed(m) = m.validate(&[], at(3), &Policy::default(), &fx::platform())? else {
        return Err("expected a pass".into());
    };
    let HealthOutcome::Restricted(m) = m.stabilize(&reading(100.0 * 13.0 / 47.0), at(4))? else {
        return Err("expected a restriction".into());
    };
    Ok(m.into_record())
}

/// Throttled by an at-risk reading, recovered; a Vulnerable reading and its review; then a
/// collapse that throttles again, and a fallback the throttle sanctions.
fn throttled_reviewed() -> Res<MigrationRecord> {
    let policy = Policy::default();
    let HealthOutcome::AtRisk(m) =
        fx::validated()?.stabilize(&reading(100.0 * 29.0 / 61.0), t(5))?
    else {
        return Err("expected a throttle".into());
    };
    let HealthOutcome::Steady(m) = m.monitor(&reading(100.0 * 41.0 / 62.0), t(6))? else {
        return Err("expected a recovery".into());
    };
    let m = m.review(
        Review::new("tsc-duty", "continue; error budget watched weekly"),
        t(7),
    )?;
    let (good, bad) = (HealthScore::new(91.0)?, HealthScore::new(64.5)?);
    let mut series: Vec<health::Sample> = (0..6)
        .map(|h| health::Sample {
            at: t(8 + h),
            score: good,
        })
        .collect();
    series.extend((0..3).map(|i| health::Sample {
        at: t(14) + Duration::minutes(20 * i),
        score: bad,
    }));
    let collapse = health::detect_collapse(&series, &policy)?.ok_or("expected a collapse")?;
    let Reaction::Throttled(m) = m.collapse(&collapse, t(15), &policy)? else {
        return Err("expected a throttle".into());
    };
    Ok(m.fall_back(
        FallbackReason::HealthAtRisk,
        FallbackAuthority::Sanctioned,
        t(16),
        &policy,
    )?
    .into_record())
}

/// A failed validation, the fallback it sanctions, and a withdrawal at the partner's request
/// with the TSC's approval: the partner is left on its origin with its grant before the
/// migration. Then a correction, in the terminal stage, of a link inside the failed
/// validation's attestation.
fn withdrawn() -> Res<MigrationRecord> {
    let policy = Policy::default();
    let Validated::Failed(m) =
        fx::transitioned()?.validate(&[fx::failed_suite(t(3))], t(3), &policy, &fx::platform())?
    else {
        return Err("expected a failure".into());
    };
    let fallen = m.fall_back(
        FallbackReason::ValidationFailed,
        FallbackAuthority::Sanctioned,
        t(4),
        &policy,
    )?;
    let done = fallen.withdraw(
        Withdrawal::new(
            WithdrawnBy::Partner,
            "the partner retires the v1 billing integration instead of migrating it",
            Approval {
                body: GovernanceBody::Tsc,
                by: "tsc-chair".into(),
                at: t(5),
            },
        ),
        t(6),
    )?;
    Ok(done.into_record().amend(Correction::new(
        3,
        "dimensions[4].attestations[0].evidence",
        "https://ci.example/archive/runs/42",
        "platform-ci",
        "the CI run was archived under a new address",
        GovernanceBody::Tsc,
        t(7),
    ))?)
}

/// A window extension by the TSC, then the validation and rollout after the original close
/// but inside the extended window, and a completion after the recommended fallback window.
fn window_extended() -> Res<MigrationRecord> {
    let policy = Policy::default();
    let m = Migration::open(fx::notice(), t(0), &policy)?.prepare(&fx::plan(), t(1))?;
    let m = m.extend_window(
        Extension::new(
            t(24 * 120),
            "the partner's v2 sandbox opens late; 30 more days",
            Approval {
                body: GovernanceBody::Tsc,
                by: "tsc-chair".into(),
                at: t(24 * 80),
            },
        ),
        t(24 * 80),
    )?;
    let m = m.transition(fx::release(), t(24 * 91), &policy, &fx::platform())?;
    let Validated::Passed(m) = m.validate(&[], t(24 * 92), &policy, &fx::platform())? else {
        return Err("expected a pass".into());
    };
    let HealthOutcome::Steady(m) = m.stabilize(&reading(100.0 * 811.0 / 887.0), t(24 * 93))? else {
        return Err("expected to stabilize".into());
    };
    Ok(m.complete(t(24 * 500), &policy)?.into_record())
}

/// The policy of `departures`: three floors weakened, each with its reason (the floors'
/// order is not the byte order of their names), two severity overrides (the lints' order is
/// not the byte order of their ids), and weights and thresholds with fractions.
fn departed_policy() -> Res<Policy> {
    use kwanus_migration::rules::{ChangeSeverity, Lint};
    Ok(Policy::builder()
        .fallback_min_months(3)
        .remediation_minor_days(45)
        .band_at_risk(35)
        .weight_ecosystem(0.5)
        .min_observed_weight(0.8)
        .api_error_budget(0.025)
        .departure(
            SeedFloor::FallbackMinMonths,
            "pilot programme of quarterly releases, approved by the TSC",
        )
        .departure(
            SeedFloor::RemediationMinorDays,
            "the partner ships on a quarterly release train",
        )
        .departure(
            SeedFloor::BandAtRisk,
            "a new partner's baseline is still settling",
        )
        .severity_override(Lint::WorkflowAdded, ChangeSeverity::PossiblyBreaking)
        .severity_override(Lint::PermissionRequired, ChangeSeverity::Breaking)
        .build()?)
}

/// A forced migration (partner instability, minor) under a policy with departures and
/// severity overrides: its remediation deadline, bands and fallback windows are the
/// policy's.
fn departures() -> Res<MigrationRecord> {
    let policy = departed_policy()?;
    let score = |s: f64| health::score(&HealthInputs::uniform(s), &policy);
    let notice = {
        let mut notice = fx::notice();
        notice.triggers = vec![Trigger::PartnerInstability];
        notice.severity = Some(Severity::Minor);
        notice
    };
    let mut plan = fx::plan();
    plan.approvals.push(Approval {
        body: GovernanceBody::Tsc,
        by: "tsc-duty".into(),
        at: t(1),
    });
    let m = Migration::open(notice, t(0), &policy)?.prepare(&plan, t(1))?;
    let m = m.transition(fx::release(), t(2), &policy, &fx::platform())?;
    let Validated::Passed(m) = m.validate(&[], t(3), &policy, &fx::platform())? else {
        return Err("expected a pass".into());
    };
    // at risk under this policy (its edge is 35), unstable under the seeds' 40
    let HealthOutcome::AtRisk(m) = m.stabilize(&score(35.0 + 5.0 * 233.0 / 367.0)?, t(5))? else {
        return Err("expected a throttle".into());
    };
    let HealthOutcome::Steady(m) = m.monitor(&score(100.0 * 789.0 / 931.0)?, t(24 * 30))? else {
        return Err("expected a recovery".into());
    };
    Ok(m.complete(t(24 * 100), &policy)?.into_record())
}

/// Withdrawn by the platform before any release (no grant changed: `grants` is null), after
/// a window extension.
fn withdrawn_before_release() -> Res<MigrationRecord> {
    let tsc = |h| Approval {
        body: GovernanceBody::Tsc,
        by: "tsc-chair".into(),
        at: t(h),
    };
    let m = fx::detected()?.extend_window(
        Extension::new(
            t(24 * 180),
            "the OS release that drives the deprecation slipped a quarter",
            tsc(10),
        ),
        t(10),
    )?;
    Ok(m.withdraw(
        Withdrawal::new(
            WithdrawnBy::Platform,
            "the API deprecation was abandoned",
            tsc(20),
        ),
        t(20),
    )?
    .into_record())
}

/// An amended history: the migration guide moved, and its location is corrected with the
/// TSC's approval by an appended `corrected` event.
fn amended() -> Res<MigrationRecord> {
    let record = fx::transitioned()?.into_record();
    Ok(record.amend(Correction::new(
        1,
        "documents[0].location",
        "https://partners.example/orders/guide-v2",
        "platform-ops",
        "the migration guide moved to the partner portal",
        GovernanceBody::Tsc,
        t(10),
    ))?)
}

/// Times where implementations disagree first: before 1970 (negative seconds), fractions of
/// 3 and 6 digits, a leap second, a year above 9999.
fn edge_times() -> Res<MigrationRecord> {
    let policy = Policy::default();
    let at = |s: &str| s.parse::<DateTime<Utc>>();
    let leap = chrono::NaiveDate::from_ymd_opt(2016, 12, 31)
        .and_then(|d| d.and_hms_nano_opt(23, 59, 59, 1_500_000_000))
        .ok_or("a leap second")?
        .and_utc();
    let notice = {
        let mut notice = fx::notice();
        notice.window = Window {
            opens: at("1969-12-31T23:59:59.250Z")?,
            closes: at("+10000-01-01T00:00:00Z")?,
        };
        notice
    };
    let m = Migration::open(notice, at("1969-12-31T23:59:59.250Z")?, &policy)?;
    let m = m.prepare(&fx::plan(), at("1970-01-01T00:00:00.000500Z")?)?;
    let m = m.transition(fx::release(), leap, &policy, &fx::platform())?;
    let fallen = m.fall_back(
        FallbackReason::PartnerRequest,
        fx::tsc(at("2017-01-01T00:00:00Z")?),
        at("2017-01-01T00:00:00Z")?,
        &Policy::default(),
    )?;
    Ok(fallen.into_record())
}

/// For the fresh records only: every kind of correctable field corrected, a correction of a
/// correction, and a withdrawal after the rollout.
fn corrections() -> Res<Vec<MigrationRecord>> {
    let mut record = forced_remediation()?;
    let fixes = [
        (10, "reason.detail", "vendor outage (EU region)"),
        (10, "authority.approval.by", "sco-chair"),
        (
            5,
            "root_cause",
            "the v2 handler dropped the tenant header on retries",
        ),
        (5, "approvals[0].by", "sco-duty (delegate)"),
        (
            7,
            "dimensions[3].attestations[0].evidence",
            "SEC-2041 (final)",
        ),
        (11, "reason", "the outage notice named the wrong region"),
    ];
    for (i, (event, field, value)) in fixes.into_iter().enumerate() {
        record = record.amend(Correction::new(
            event,
            field,
            value,
            "sco-duty",
            format!("correction {i} of the record"),
            GovernanceBody::Sco,
            t(20 + i64::try_from(i)?),
        ))?;
    }
    let withdrawn_live = fx::stabilized()?
        .withdraw(
            Withdrawal::new(
                WithdrawnBy::Platform,
                "the platform retires the orders API family",
                Approval {
                    body: GovernanceBody::Tsc,
                    by: "tsc-chair".into(),
                    at: t(6),
                },
            ),
            t(6),
        )?
        .into_record();
    Ok(vec![record, withdrawn_live])
}

/// The choices of a record with the format's corners (§1 of the format page): where its
/// times lie, a leap second, a pre-release OS version, deprecations, an ungoverned
/// workflow, a kind without contracts, unicode whose UTF-8 and UTF-16 orders differ, and
/// permission sets whose order is not the byte order of their texts.
#[derive(Clone)]
struct Corner {
    kind: MigrationKind,
    open: DateTime<Utc>,
    /// the release, at least two hours after `open` (moved to a leap second when `leap`)
    release: DateTime<Utc>,
    leap: bool,
    prerelease_os: bool,
    deprecation: bool,
    ungoverned: bool,
    unicode: bool,
    /// 0 detection, 1 preparation, 2 transition, 3 validated (and stabilized if it passed)
    depth: u8,
}

/// Whether corner records may roll out at a leap second: the crate computes dates derived
/// from one from 23:59:59.f (months and days added to 23:59:60.f, as the format page says),
/// so every date it writes holds `:60` only at 23:59 UTC.
const LEAP_DATES_FROM_59: bool = true;

fn time(s: &str) -> Res<DateTime<Utc>> {
    Ok(s.parse::<DateTime<Utc>>()?)
}

/// The leap second 23:59:60.25 UTC of `at`'s day.
fn leap_second_of(at: DateTime<Utc>) -> Res<DateTime<Utc>> {
    Ok(at
        .date_naive()
        .and_hms_nano_opt(23, 59, 59, 1_250_000_000)
        .ok_or("a leap second")?
        .and_utc())
}

fn corner_contract(version: Version, c: &Corner, new: bool) -> rules::Contract {
    let mut contract = fx::contract(version);
    if c.deprecation && new {
        let deprecation = rules::Deprecation {
            since: c.open,
            sunset: c.release + Duration::days(400),
        };
        for op in contract.operations.values_mut() {
            op.deprecated = Some(deprecation);
        }
        for wf in contract.workflows.values_mut() {
            wf.deprecated = Some(deprecation);
        }
    }
    if c.ungoverned && !new {
        for wf in contract.workflows.values_mut() {
            wf.governed_by = None;
        }
    }
    if c.unicode {
        // U+FF21 sorts before U+1F600 in UTF-8 (and by code point), after it in UTF-16
        for id in ["\u{ff21}_op", "\u{1f600}_op", "Zulu", "alpha"] {
            contract
                .operations
                .insert(id.to_owned(), rules::Operation::new(format!("GET /{id}")));
        }
    }
    contract
}

fn corner(c: &Corner) -> Res<MigrationRecord> {
    let policy = Policy::default();
    let (origin, target) = (Version::new(1, 4, 0), Version::new(2, 0, 0));
    let body = c.kind.category().governing_body();
    let contracts = c.kind.has_contract().then(|| Contracts {
        old: corner_contract(origin.clone(), c, false),
        new: corner_contract(target.clone(), c, true),
    });
    let release_at = if c.leap {
        leap_second_of(c.release)?
    } else {
        c.release
    };
    let trigger = match c.kind {
        MigrationKind::TierUpgrade => Trigger::TierUpgrade,
        MigrationKind::TierDowngrade => Trigger::TierDowngrade,
        _ => Trigger::ApiDeprecation,
    };
    let notice = {
        let mut notice = fx::notice();
        notice.triggers = vec![trigger];
        notice.kind = c.kind;
        notice.compatibility = contracts
            .is_none()
            .then_some(Compatibility::BackwardCompatible);
        notice.contracts = contracts.clone();
        notice.window = Window {
            opens: c.open,
            closes: release_at + Duration::days(90),
        };
        notice
    };
    let m = Migration::open(notice, c.open, &policy)?;
    if c.depth == 0 {
        return Ok(m.into_record());
    }
    let mut plan = fx::plan();
    plan.documents = DocumentKind::required_for(c.kind)
        .into_iter()
        .map(|kind| Document {
            kind,
            location: format!("docs/{kind}"),
        })
        .collect();
    plan.approvals.push(Approval {
        body,
        by: "chair".into(),
        at: c.open,
    });
    if c.unicode {
        for location in ["docs/\u{1f600}", "docs/\u{ff21}", "docs/Zulu", "docs/alpha"] {
            plan.documents.push(Document {
                kind: DocumentKind::MigrationGuide,
                location: location.into(),
            });
        }
        for by in ["\u{1f600} duty", "\u{ff21} duty", "Zulu duty", "alpha duty"] {
            plan.approvals.push(Approval {
                body,
                by: by.into(),
                at: c.open,
            });
        }
    }
    let m = m.prepare(&plan, c.open + Duration::hours(1))?;
    if c.depth == 1 {
        return Ok(m.into_record());
    }
    let mut release = fx::release();
    release.evidence.contract = contracts.map(|c| c.new);
    if c.prerelease_os {
        release.evidence.os_version = Version::parse("8.1.0-beta.2")?;
    }
    let mut platform = fx::platform();
    if c.prerelease_os {
        platform.matrix.rows[1].os = semver::VersionReq::parse(">=8.1.0-beta.2, <9")?;
    }
    // a ceiling whose order (the crate's) is not the byte order of its texts
    platform.power_ceiling = "read:orders, read:orders/*, read:orders/a, read:orders/*/items, \
                              read:Orders, write:orders/*, *:audit/*"
        .parse()?;
    let m = m.transition(release, release_at, &policy, &platform)?;
    if c.depth == 2 {
        return Ok(m.into_record());
    }
    // the validation and the rollout, whose fallback windows count from it, at the leap
    // second too once the crate adds months to 23:59:60.f from 23:59:59.f (format page,
    // "Dates derived from a leap second"; issue 25, the strict reader's half)
    let validated_at = if LEAP_DATES_FROM_59 && c.leap {
        release_at
    } else {
        release_at + Duration::seconds(3600)
    };
    let attestation = Attestation::builder(
        Dimension::Workflow,
        Verdict::Pass,
        "partner workflow suite",
        "partner-ci",
        validated_at,
    )
    .evidence("https://ci.example/runs/7")
    .build();
    match m.validate(&[attestation], validated_at, &policy, &platform)? {
        Validated::Passed(m) => {
            let reading = reading(100.0 * 823.0 / 857.0);
            Ok(
                match m.stabilize(&reading, validated_at + Duration::hours(1))? {
                    HealthOutcome::Steady(m) => m.into_record(),
                    other => return Err(format!("expected steady, not {other:?}").into()),
                },
            )
        }
        Validated::Failed(m) => Ok(m.into_record()),
    }
}

/// Times in a year before 0000 and a year above 9999, a leap second, a pre-release OS
/// version, deprecations, an ungoverned workflow of the origin, unicode that sorts
/// differently in UTF-8 and UTF-16, and a permission set whose order is not its texts'.
fn corners() -> Res<MigrationRecord> {
    corner(&Corner {
        kind: MigrationKind::ApiVersion,
        open: time("-0044-03-15T12:00:00Z")?,
        release: time("+10000-01-01T00:00:00Z")?,
        leap: true,
        prerelease_os: true,
        deprecation: true,
        ungoverned: true,
        unicode: true,
        depth: 3,
    })
}

/// A kind without contracts (a tier upgrade): `contracts`, the evidence's `contract`, the
/// severity, the remediation deadline and an attestation's body are all `null`.
fn every_null() -> Res<MigrationRecord> {
    corner(&Corner {
        kind: MigrationKind::TierUpgrade,
        open: t(0),
        release: t(2),
        leap: false,
        prerelease_os: false,
        deprecation: false,
        ungoverned: false,
        unicode: false,
        depth: 3,
    })
}

type Builder = fn() -> Res<MigrationRecord>;

const VECTORS: [(&str, &str, Builder); 12] = [
    (
        "happy_path",
        "notice to continuity: opened, prepared, transitioned, validation_passed, rolled_out, stabilized, health_recorded, completed, released",
        happy_path,
    ),
    (
        "forced_remediation",
        "a forced migration: validation_failed, fell_back, remediated, a second attempt with the security review attested by SCO (an attestation with a body), an at-risk throttle, a fell_back with reason other approved by SCO",
        forced_remediation,
    ),
    (
        "restricted",
        "an unstable reading and its restriction; a target with build metadata; times with nanoseconds",
        restricted,
    ),
    (
        "edge_times",
        "times before 1970, with 3- and 6-digit fractions, a leap second and a year above 9999; a fell_back with a named reason",
        edge_times,
    ),
    (
        "throttled_reviewed",
        "an at-risk throttle and its recovery, a vulnerable reading and its review, a collapse that throttles, and a sanctioned fallback",
        throttled_reviewed,
    ),
    (
        "amended",
        "an amended history: a corrected event appended (the guide's location, approved by the TSC); no earlier event or digest changes",
        amended,
    ),
    (
        "withdrawn",
        "a failed validation, a sanctioned fallback, a withdrawal by the partner approved by the TSC (left on the origin with its grant before the migration), then a correction of an attestation's evidence in the withdrawn stage",
        withdrawn,
    ),
    (
        "window_extended",
        "a window extension by the TSC, a validation and rollout after the original close inside the extended window, and a completion",
        window_extended,
    ),
    (
        "departures",
        "a forced migration under a policy with three departures and two severity overrides: the remediation deadline, the bands and the fallback windows of that policy, a throttle and a completion below the recommended window",
        departures,
    ),
    (
        "withdrawn_before_release",
        "a window extension, then a withdrawal by the platform before any release (grants null)",
        withdrawn_before_release,
    ),
    (
        "corners",
        "times in the year -0044 and the year +10000, a release at a leap second, a pre-release OS version, an operation and a workflow deprecated, a workflow of the origin with governed_by null, documents, signers and operation ids whose UTF-8 order differs from their UTF-16 order, and a power ceiling whose order (the crate's) differs from the byte order of its texts",
        corners,
    ),
    (
        "every_null",
        "a tier upgrade (a kind without contracts): contracts, the evidence's contract, severity, remediation_deadline and an attestation's body null",
        every_null,
    ),
];

fn vector_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors")
}

/// A test vector as the format page describes it, in its field order.
#[derive(serde::Serialize)]
struct Vector<'a> {
    name: &'a str,
    description: &'a str,
    seal_key: String,
    seal: String,
    record: &'a MigrationRecord,
}

fn vector(name: &str, description: &str, record: &MigrationRecord) -> Res<String> {
    let (bytes, key) = vector_key();
    let v = Vector {
        name,
        description,
        seal_key: hex(&bytes),
        seal: record.seal(&key).to_string(),
        record,
    };
    Ok(serde_json::to_string_pretty(&v)? + "\n")
}

#[test]
fn the_vectors_pin_the_encoding() -> Res<()> {
    let write = std::env::var_os("KWANUS_WRITE_VECTORS").is_some();
    let mut stale = Vec::new();
    for (name, description, build) in VECTORS {
        let expected = vector(name, description, &build()?)?;
        let path = vector_dir().join(format!("{name}.json"));
        if write {
            std::fs::create_dir_all(vector_dir())?;
            std::fs::write(&path, &expected)?;
        }
        let committed =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        if committed != expected {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "the crate no longer writes these vectors: {stale:?}; if the format changed on purpose, \
         bump it and run KWANUS_WRITE_VECTORS=1 cargo test --test vectors"
    );
    Ok(())
}

#[test]
fn every_committed_vector_resumes_under_its_seal_and_round_trips() -> Res<()> {
    let mut kinds = BTreeSet::new();
    for (name, _, _) in VECTORS {
        let text = std::fs::read_to_string(vector_dir().join(format!("{name}.json")))?;
        let v: Value = serde_json::from_str(&text)?;
        let key_bytes: Vec<u8> = (0..32)
            .map(|i| {
                u8::from_str_radix(&v["seal_key"].as_str().unwrap_or("")[2 * i..2 * i + 2], 16)
            })
            .collect::<Result<_, _>>()?;
        let key = SealKey::from_bytes(key_bytes.try_into().map_err(|_| "a 32-byte key")?);
        let seal: Digest = v["seal"].as_str().unwrap_or("").parse()?;
        let record: MigrationRecord = serde_json::from_value(v["record"].clone())?;
        assert_eq!(
            serde_json::to_value(&record)?,
            v["record"],
            "{name} round-trips"
        );
        let any = AnyMigration::resume(record.clone(), Anchor::Seal { seal, key: &key })?;
        assert_eq!(any.into_record(), record);
        kinds.extend(record.events.iter().map(|e| e.detail.name()));
    }
    let all: BTreeSet<&str> = [
        "opened",
        "prepared",
        "transitioned",
        "validation_passed",
        "rolled_out",
        "validation_failed",
        "stabilized",
        "health_recorded",
        "throttled",
        "reviewed",
        "fell_back",
        "remediated",
        "completed",
        "released",
        "window_extended",
        "withdrawn",
        "corrected",
    ]
    .into_iter()
    .collect();
    assert_eq!(kinds, all, "the vectors hold every kind of event");
    Ok(())
}

/// Flipping any single bit of any byte of a vector's events, as compact JSON, makes the
/// record unreadable or refused.
#[test]
fn any_flipped_byte_of_a_vector_is_refused() -> Res<()> {
    for (name, _, build) in VECTORS {
        let record = build()?;
        for (i, event) in record.events.iter().enumerate() {
            let bytes = serde_json::to_vec(event)?;
            for at in 0..bytes.len() {
                let mut flipped = bytes.clone();
                flipped[at] ^= 0x01;
                let Ok(edited) = serde_json::from_slice::<Event>(&flipped) else {
                    continue; // not an event any more: refused at parse time
                };
                let mut forged = record.clone();
                forged.events[i] = edited;
                assert!(
                    AnyMigration::resume_unanchored(forged).is_err(),
                    "{name}: a flip at byte {at} of event {i} went unnoticed"
                );
            }
        }
    }
    Ok(())
}

/// The worked example of the format page: the bytes of a `released` event.
#[test]
fn the_worked_example_of_the_format_page_holds() -> Res<()> {
    let at: DateTime<Utc> = "2026-09-01T00:00:00Z".parse()?;
    let event = Event {
        seq: 9,
        at,
        rite: Some(Rite::Release),
        detail: EventDetail::Released {},
        digest: Digest::GENESIS,
    };
    let bytes = event.hashed_bytes(&Digest::GENESIS);
    let mut expected = b"kwanus-migration/lineage/v3".to_vec();
    expected.extend([0u8; 32]);
    expected.extend([0, 0, 0, 9]);
    expected.extend(1_788_220_800i64.to_be_bytes());
    expected.extend([0, 0, 0, 0]);
    expected.extend([1, 0, 0, 0, 7]);
    expected.extend(b"release");
    expected.extend([0, 0, 0, 8]);
    expected.extend(b"released");
    assert_eq!(hex(&bytes), hex(&expected));

    // the second example: a `window_extended` event, with no rite and an approval
    let event = Event {
        seq: 4,
        at: "2026-04-01T00:00:00Z".parse()?,
        rite: None,
        detail: EventDetail::WindowExtended {
            closes: "2026-06-01T00:00:00Z".parse()?,
            reason: "fix".into(),
            approval: Approval {
                body: GovernanceBody::Tsc,
                by: "tsc-chair".into(),
                at: "2026-03-31T00:00:00Z".parse()?,
            },
        },
        digest: Digest::GENESIS,
    };
    let bytes = event.hashed_bytes(&Digest::GENESIS);
    let mut expected = b"kwanus-migration/lineage/v3".to_vec();
    expected.extend([0u8; 32]);
    expected.extend([0, 0, 0, 4]);
    expected.extend(1_775_001_600i64.to_be_bytes());
    expected.extend([0, 0, 0, 0]);
    expected.extend([0]);
    expected.extend([0, 0, 0, 15]);
    expected.extend(b"window_extended");
    expected.extend(1_780_272_000i64.to_be_bytes());
    expected.extend([0, 0, 0, 0]);
    expected.extend([0, 0, 0, 3]);
    expected.extend(b"fix");
    expected.extend([0, 0, 0, 3]);
    expected.extend(b"tsc");
    expected.extend([0, 0, 0, 9]);
    expected.extend(b"tsc-chair");
    expected.extend(1_774_915_200i64.to_be_bytes());
    expected.extend([0, 0, 0, 0]);
    assert_eq!(hex(&bytes), hex(&expected));
    // and the page shows these bytes
    let page =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/format.rs"))?;
    for line in [
        "//! 0000000069cc6000 00000000         at: 1775001600 s, 0 ns",
        "//! 000000006a1ccb80 00000000         closes: 1780272000 s, 0 ns",
        "//! 0000000069cb0e80 00000000         approval.at: 1774915200 s, 0 ns",
        "//! 0000000f 77696e646f775f657874656e646564",
        "//! 00000009 7473632d6368616972       approval.by: \"tsc-chair\"",
    ] {
        assert!(page.contains(line), "the format page lacks the line {line}");
    }
    Ok(())
}

/// Every name the format page lists is the JSON form and the `as_str` of its enum, and the
/// page lists them all, in order.
#[test]
fn the_format_page_lists_every_name() -> Res<()> {
    fn row<T: serde::Serialize>(items: &[T], as_str: fn(&T) -> &'static str) -> String {
        for item in items {
            let json = serde_json::to_string(item).expect("a name serializes");
            assert_eq!(json, format!("\"{}\"", as_str(item)));
        }
        items
            .iter()
            .map(|i| format!("`{}`", as_str(i)))
            .collect::<Vec<_>>()
            .join(", ")
    }
    let page =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/format.rs"))?;
    let rows = [
        ("stage", row(&StageName::ALL, |s| s.as_str())),
        ("trigger", row(&Trigger::ALL, |s| s.as_str())),
        ("kind", row(&MigrationKind::ALL, |s| s.as_str())),
        ("mode", row(&Mode::ALL, |s| s.as_str())),
        ("severity", row(&Severity::ALL, |s| s.as_str())),
        ("rite", row(&Rite::ALL, |s| s.as_str())),
        ("document", row(&DocumentKind::ALL, |s| s.as_str())),
        ("body", row(&GovernanceBody::ALL, |s| s.as_str())),
        ("dimension", row(&Dimension::ALL, |s| s.as_str())),
        ("band", row(&Band::ALL, |s| s.as_str())),
        (
            "verdict",
            row(
                &[
                    Verdict::Pass,
                    Verdict::Fail,
                    Verdict::NotApplicable,
                    Verdict::Unverified,
                ],
                |s| s.as_str(),
            ),
        ),
        (
            "compatibility",
            row(
                &[Compatibility::BackwardCompatible, Compatibility::Breaking],
                |s| s.as_str(),
            ),
        ),
        (
            "component",
            row(
                &[
                    rules::ComponentKind::Extension,
                    rules::ComponentKind::Workflow,
                    rules::ComponentKind::Intelligence,
                ],
                |s| s.as_str(),
            ),
        ),
    ];
    let rows = rows.into_iter().chain([
        (
            "access",
            row(
                &[
                    kwanus_migration::permission::Access::Read,
                    kwanus_migration::permission::Access::Write,
                    kwanus_migration::permission::Access::Admin,
                ],
                |s| s.as_str(),
            ),
        ),
        (
            "withdrawn by",
            row(&[WithdrawnBy::Partner, WithdrawnBy::Platform], |s| {
                s.as_str()
            }),
        ),
        ("seed floor", row(&SeedFloor::ALL, |s| s.as_str())),
        (
            "change severity",
            row(
                &[
                    rules::ChangeSeverity::Info,
                    rules::ChangeSeverity::PossiblyBreaking,
                    rules::ChangeSeverity::Breaking,
                ],
                |s| match s {
                    rules::ChangeSeverity::Info => "info",
                    rules::ChangeSeverity::PossiblyBreaking => "possibly_breaking",
                    _ => "breaking",
                },
            ),
        ),
    ]);
    for (set, names) in rows {
        let line = format!("//! | {set} | {names} |");
        assert!(page.contains(&line), "the format page lacks the row {line}");
    }
    // the lint ids the page lists for `severity_overrides` are the contract-change lints
    let contract_lints = rules::Lint::ALL
        .iter()
        .filter(|l| l.is_contract_change())
        .map(|l| format!("`{}`", l.id()))
        .collect::<Vec<_>>();
    let listed = page
        .split("is one of the crate's lint ids")
        .nth(1)
        .and_then(|rest| rest.split("\n//!\n").next())
        .ok_or("the page lists the lint ids")?
        .replace("\n//!", "");
    for id in &contract_lints {
        assert!(
            listed.contains(id.as_str()),
            "the format page lacks the lint id {id}"
        );
    }
    assert_eq!(listed.matches("`contract.").count(), contract_lints.len());
    // the triggers are sorted in the order the page gives
    let mut sorted = Trigger::ALL;
    sorted.sort();
    assert_eq!(sorted, Trigger::ALL);
    Ok(())
}

/// A refused vector (format page, §8): a record the crate refuses, and the code it refuses
/// it with. `record` is the record, or (for a text no JSON value can hold, such as a lone
/// surrogate) the record's exact JSON text as a string.
#[derive(serde::Serialize)]
struct RefusedVector {
    name: &'static str,
    description: &'static str,
    expected_code: &'static str,
    record: Value,
}

/// The refused vectors, each one edit of the `happy_path` record (events: 0 opened,
/// 1 prepared, 2 transitioned, 3 validation_passed, 4 rolled_out, 5 stabilized,
/// 6 health_recorded, 7 completed, 8 released). The edits keep every digest unless the
/// description says otherwise: a respelling of a time names the same instant, a reordered
/// or repeated set the same set, a missing `null` the same value.
fn refused_vectors() -> Res<Vec<RefusedVector>> {
    let good = serde_json::to_value(happy_path()?)?;
    let edit = |f: &dyn Fn(&mut Value)| {
        let mut v = good.clone();
        f(&mut v);
        v
    };
    let set_at = |seq: usize, text: &'static str| {
        edit(&move |v: &mut Value| v["events"][seq]["at"] = Value::from(text))
    };
    fn grants(v: &mut Value) -> Option<&mut Value> {
        v.get_mut("events")?
            .get_mut(2)?
            .get_mut("detail")?
            .get_mut("transitioned")?
            .get_mut("evidence")?
            .get_mut("grants")?
            .get_mut("current")
    }
    let remove = |v: &mut Value, path: &[&str], key: &str| {
        let mut at = &mut v["events"];
        for p in path {
            at = match p.parse::<usize>() {
                Ok(i) => &mut at[i],
                Err(_) => &mut at[*p],
            };
        }
        if let Some(o) = at.as_object_mut() {
            o.remove(key);
        }
    };
    let mut lone = serde_json::to_string(&edit(&|v: &mut Value| {
        v["events"][1]["detail"]["prepared"]["documents"][0]["location"] =
            Value::from("docs/LONE-SURROGATE")
    }))?;
    lone = lone.replace("LONE-SURROGATE", "\\ud800");
    Ok(vec![
        RefusedVector {
            name: "edited_event",
            description: "the stabilized event's score moved by a hundredth, not re-chained: its digest no longer matches",
            expected_code: "resume.digest_mismatch",
            record: edit(&|v: &mut Value| {
                let score = v["events"][5]["detail"]["stabilized"]["score_hundredths"]
                    .as_u64()
                    .unwrap_or(0);
                v["events"][5]["detail"]["stabilized"]["score_hundredths"] = Value::from(score + 1);
            }),
        },
        RefusedVector {
            name: "reordered_permissions",
            description: "the release's current grant written in reverse order (the same set, not in the crate's order)",
            expected_code: "load.invalid_field",
            record: edit(&|v: &mut Value| {
                if let Some(Value::Array(items)) = grants(v) {
                    items.reverse();
                }
            }),
        },
        RefusedVector {
            name: "repeated_permission",
            description: "the release's current grant with its first permission written twice (the same set, with a repeat)",
            expected_code: "load.invalid_field",
            record: edit(&|v: &mut Value| {
                if let Some(Value::Array(items)) = grants(v) {
                    let first = items[0].clone();
                    items.insert(0, first);
                }
            }),
        },
        RefusedVector {
            name: "missing_null_severity",
            description: "the opened event without its key severity (whose value is null)",
            expected_code: "load.invalid_field",
            record: edit(&|v: &mut Value| remove(v, &["0", "detail", "opened"], "severity")),
        },
        RefusedVector {
            name: "missing_null_rite",
            description: "the validation_passed event without its key rite (whose value is null)",
            expected_code: "load.invalid_field",
            record: edit(&|v: &mut Value| remove(v, &["3"], "rite")),
        },
        RefusedVector {
            name: "missing_null_deprecated",
            description: "an operation of the old contract without its key deprecated (whose value is null)",
            expected_code: "load.invalid_field",
            record: edit(&|v: &mut Value| {
                remove(
                    v,
                    &["0", "detail", "opened", "contracts", "old", "operations", "get_order"],
                    "deprecated",
                );
            }),
        },
        RefusedVector {
            name: "lowercase_z",
            description: "the prepared event's time written with a lowercase z (the same instant)",
            expected_code: "load.invalid_field",
            record: set_at(1, "2026-01-05T01:00:00z"),
        },
        RefusedVector {
            name: "lowercase_t",
            description: "the prepared event's time written with a lowercase t (the same instant)",
            expected_code: "load.invalid_field",
            record: set_at(1, "2026-01-05t01:00:00Z"),
        },
        RefusedVector {
            name: "space_for_t",
            description: "the prepared event's time written with a space for T (the same instant)",
            expected_code: "load.invalid_field",
            record: set_at(1, "2026-01-05 01:00:00Z"),
        },
        RefusedVector {
            name: "offset_without_colon",
            description: "the prepared event's time written with the offset +0000 (the same instant)",
            expected_code: "load.invalid_field",
            record: set_at(1, "2026-01-05T01:00:00+0000"),
        },
        RefusedVector {
            name: "ten_fraction_digits",
            description: "the prepared event's time written with 10 fraction digits, all zero (the same instant; no truncation)",
            expected_code: "load.invalid_field",
            record: set_at(1, "2026-01-05T01:00:00.0000000000Z"),
        },
        RefusedVector {
            name: "unknown_offset",
            description: "the prepared event's time written with RFC 3339's unknown offset -00:00 (the same instant)",
            expected_code: "load.invalid_field",
            record: set_at(1, "2026-01-05T01:00:00-00:00"),
        },
        RefusedVector {
            name: "plus_four_digit_year",
            description: "the prepared event's time written with + before a four-digit year (the same instant)",
            expected_code: "load.invalid_field",
            record: set_at(1, "+2026-01-05T01:00:00Z"),
        },
        RefusedVector {
            name: "leap_second_at_12_59",
            description: "the prepared event at 12:59:60 UTC, not a leap second (the instant changes: the digest no longer matches either, but the time is refused first)",
            expected_code: "load.invalid_field",
            record: set_at(1, "2026-01-05T12:59:60Z"),
        },
        RefusedVector {
            name: "respelled_requirement",
            description: "a supported runtime's requirement written \">= 2, < 4\", not as semver writes it (\">=2, <4\")",
            expected_code: "load.invalid_field",
            record: edit(&|v: &mut Value| {
                v["events"][2]["detail"]["transitioned"]["platform"]["supported_runtimes"][0]
                    ["versions"] = Value::from(">= 2, < 4");
            }),
        },
        RefusedVector {
            name: "unknown_key",
            description: "the opened event with a key the format does not have",
            expected_code: "load.invalid_field",
            record: edit(&|v: &mut Value| {
                v["events"][0]["detail"]["opened"]["comment"] = Value::Null;
            }),
        },
        RefusedVector {
            name: "lone_surrogate",
            description: "a document location holding the escape \\ud800, a lone surrogate (record is the record's JSON text)",
            expected_code: "load.malformed_json",
            record: Value::from(lone),
        },
    ])
}

fn refused_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/refused_records.json")
}

#[test]
fn the_refused_vectors_are_committed() -> Res<()> {
    let expected = serde_json::to_string_pretty(&refused_vectors()?)? + "\n";
    if std::env::var_os("KWANUS_WRITE_VECTORS").is_some() {
        std::fs::write(refused_path(), &expected)?;
    }
    let committed = std::fs::read_to_string(refused_path())?;
    assert!(
        committed == expected,
        "tests/refused_records.json is stale: run KWANUS_WRITE_VECTORS=1 cargo test --test vectors"
    );
    Ok(())
}

/// The crate refuses every committed refused vector, with its expected code.
#[test]
fn the_crate_refuses_every_refused_vector() -> Res<()> {
    let vectors: Value = serde_json::from_str(&std::fs::read_to_string(refused_path())?)?;
    let mut wrong = Vec::new();
    for v in vectors.as_array().ok_or("an array")? {
        let name = v["name"].as_str().unwrap_or("?");
        let text = match &v["record"] {
            Value::String(text) => text.clone(),
            record => serde_json::to_string(record)?,
        };
        let code = match MigrationRecord::from_json(&text) {
            Err(e) => e.code(),
            Ok(record) => match AnyMigration::resume_unanchored(record) {
                Err(e) => e.code(),
                Ok(_) => "accepted",
            },
        };
        if code != v["expected_code"].as_str().unwrap_or("") {
            wrong.push(format!("{name}: {code}, expected {}", v["expected_code"]));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    Ok(())
}

/// A small deterministic generator (no dependency): realistic counts for the scores.
struct Counts(u64);

impl Counts {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    /// A score in `lo..hi` as monitoring gives one: `lo + (hi - lo) * ok / runs`.
    fn score(&mut self, lo: f64, hi: f64) -> f64 {
        let runs = 1 + self.next() % 100_000;
        let ok = self.next() % runs;
        lo + (hi - lo) * (ok as f64) / (runs as f64)
    }
}

#[test]
fn fresh_records_for_the_second_verifier() -> Res<()> {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fresh-records");
    let tampered = Path::new(env!("CARGO_TARGET_TMPDIR")).join("tampered-records");
    for dir in [&out, &tampered] {
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(dir)?;
    }
    let mut counts = Counts(0x6b77_616e_7573);
    let mut written = 0;
    for round in 0..20 {
        let mut records = vec![
            fx::detected()?.into_record(),
            fx::prepared()?.into_record(),
            fx::transitioned()?.into_record(),
        ];
        let HealthOutcome::Steady(m) =
            fx::validated()?.stabilize(&reading(counts.score(75.0, 100.0)), t(5))?
        else {
            return Err("expected steady".into());
        };
        let HealthOutcome::AtRisk(m) = m.monitor(&reading(counts.score(40.0, 59.99)), t(6))? else {
            return Err("expected at risk".into());
        };
        records.push(m.to_record());
        let HealthOutcome::Steady(m) = m.monitor(&reading(counts.score(75.0, 100.0)), t(7))? else {
            return Err("expected steady".into());
        };
        records.push(m.complete(t(24 * 200), &Policy::default())?.into_record());
        let HealthOutcome::Restricted(r) =
            fx::validated()?.stabilize(&reading(counts.score(0.0, 39.99)), t(5))?
        else {
            return Err("expected a restriction".into());
        };
        records.push(r.into_record());
        records.extend([
            forced_remediation()?,
            amended()?,
            throttled_reviewed()?,
            withdrawn()?,
            window_extended()?,
            departures()?,
            withdrawn_before_release()?,
        ]);
        records.extend(corrections()?);
        // a partner id with every kind of character the format allows
        let notice = {
            let mut notice = fx::notice();
            notice.partner = PartnerId::new(format!("Acme_Billing.eu-{round}"))?;
            notice
        };
        records.push(Migration::open(notice, t(0), &Policy::default())?.into_record());
        for (i, record) in records.iter().enumerate() {
            // as a vector (so the verifier checks the seal too), in compact JSON, as a
            // service would store it
            let (bytes, key) = vector_key();
            let v = Vector {
                name: "fresh",
                description: "written by this run of the test suite",
                seal_key: hex(&bytes),
                seal: record.seal(&key).to_string(),
                record,
            };
            std::fs::write(
                out.join(format!("r{round:02}-{i}.json")),
                serde_json::to_string(&v)?,
            )?;
            written += 1;
        }
        // a tampered copy: one health score moved by a hundredth, not re-chained
        let mut forged = records[3].clone();
        for e in &mut forged.events {
            if let EventDetail::Stabilized {
                score_hundredths, ..
            }
            | EventDetail::Throttled {
                score_hundredths, ..
            } = &mut e.detail
            {
                *score_hundredths = score_hundredths.saturating_add(1);
            }
        }
        assert!(AnyMigration::resume_unanchored(forged.clone()).is_err());
        std::fs::write(
            tampered.join(format!("t{round:02}.json")),
            serde_json::to_string(&forged)?,
        )?;
    }
    assert_eq!(written, 20 * 16);
    // the corners of the format, drawn: years before 0000 and above 9999, fractions of
    // every width, leap-second releases, pre-release OS versions, deprecations, ungoverned
    // workflows, kinds without contracts, unicode orders, at every depth
    let (bytes, key) = vector_key();
    let mut corners = 0;
    for i in 0..CORNER_RECORDS {
        let c = draw_corner(&mut counts)?;
        let record = corner(&c).map_err(|e| format!("corner record {i}: {e}"))?;
        let v = Vector {
            name: "fresh corner",
            description: "a corner of the format, drawn by this run of the test suite",
            seal_key: hex(&bytes),
            seal: record.seal(&key).to_string(),
            record: &record,
        };
        std::fs::write(
            out.join(format!("c{i:04}.json")),
            serde_json::to_string(&v)?,
        )?;
        corners += 1;
    }
    assert_eq!(corners, CORNER_RECORDS);
    Ok(())
}

/// How many corner records `fresh_records_for_the_second_verifier` draws.
const CORNER_RECORDS: usize = 2500;

/// A time anywhere in the range the format allows (with margin for the windows the flow
/// adds): a year of four digits before 0000, of five or six before -9999, 0000-9999, five
/// or six digits above 9999, or near today; a fraction of 0, 3, 6 or 9 digits.
fn draw_time(c: &mut Counts) -> Res<DateTime<Utc>> {
    let n = i32::try_from(c.next() % 200_000)?;
    let year = match c.next() % 5 {
        0 => -1 - n % 9999,
        1 => -10_000 - n,
        2 => n % 10_000,
        3 => 10_000 + n,
        _ => 1960 + n % 100,
    };
    let month = u32::try_from(1 + c.next() % 12)?;
    let day = u32::try_from(1 + c.next() % 31)?;
    let date = chrono::NaiveDate::from_ymd_opt(year, month, day)
        .or_else(|| chrono::NaiveDate::from_ymd_opt(year, month, 28))
        .ok_or("a date")?;
    let (h, m, s) = (c.next() % 24, c.next() % 60, c.next() % 60);
    let nanos = match c.next() % 4 {
        0 => 0,
        1 => (c.next() % 1000) * 1_000_000,
        2 => (c.next() % 1_000_000) * 1000,
        _ => c.next() % 1_000_000_000,
    };
    Ok(date
        .and_hms_nano_opt(
            u32::try_from(h)?,
            u32::try_from(m)?,
            u32::try_from(s)?,
            u32::try_from(nanos)?,
        )
        .ok_or("a time")?
        .and_utc())
}

fn draw_corner(c: &mut Counts) -> Res<Corner> {
    let open = draw_time(c)?;
    let mut release =
        open + Duration::hours(2) + Duration::seconds(i64::try_from(c.next() % (400 * 86_400))?);
    if c.next() % 4 == 0 {
        // a jump to another year, possibly of another width
        let later = draw_time(c)?;
        if later > release {
            release = later;
        }
    }
    let mut flag = |one_in: u64| c.next() % one_in == 0;
    Ok(Corner {
        kind: if flag(3) {
            MigrationKind::TierUpgrade
        } else {
            MigrationKind::ApiVersion
        },
        open,
        release,
        leap: flag(4),
        prerelease_os: flag(2),
        deprecation: flag(2),
        ungoverned: flag(2),
        unicode: flag(2),
        depth: u8::try_from(c.next() % 4)?,
    })
}
