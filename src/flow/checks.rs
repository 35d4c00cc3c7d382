//! The checks the replay and the steps share: the invariants of single events (versions,
//! plans, times a record can hold) and the verdicts recomputed from recorded evidence
//! ([`report_of`], [`recompute`]).

use std::borrow::Cow;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use semver::Version;

use super::artifacts::{
    Approval, Attestation, DimensionOutcome, Document, FallbackAuthority, Platform,
    ValidationReport,
};
use super::lineage::{Event, EventDetail};
use super::state::{ReplayError, View};
use crate::band::Band;
use crate::dimension::Dimension;
use crate::policy::Policy;
use crate::report::Verdict;
use crate::rules::{self, Change, Provision, ValidationInput};

pub(super) fn is_stable(v: &Version) -> bool {
    v.pre.is_empty()
}

/// Whether `a` and `b` are the same version once build metadata is ignored: build metadata
/// alone is not a change (SemVer 2.0 §10), in the flow and in the rules alike.
pub(crate) fn same_version(a: &Version, b: &Version) -> bool {
    a.cmp_precedence(b) == core::cmp::Ordering::Equal
}

/// A validation event's outcomes cover the six dimensions in order, each computed or
/// attested (or marked unverified), with sound attestations.
pub(super) fn outcomes_ok(
    dimensions: &[DimensionOutcome],
    released: Option<DateTime<Utc>>,
    at: DateTime<Utc>,
) -> bool {
    dimensions.len() == Dimension::ALL.len()
        && dimensions.iter().zip(Dimension::ALL).all(|(o, d)| {
            o.dimension == d
                && o.attestations
                    .iter()
                    .all(|a| a.dimension == d && attestation_defect(a, released, at).is_none())
                && (o.verdict == Verdict::Unverified) == (!o.computed && o.attestations.is_empty())
        })
}

/// Recomputes a validation event's verdicts from the evidence in the lineage, the platform
/// facts the event records, its attestations and the migration's policy: the recorded
/// outcomes must be exactly those. `changes` are the release's contract changes when the
/// replay diffed them at its transition (under the same policy).
pub(super) fn recompute(
    view: View<'_>,
    seq: u32,
    recorded: &[DimensionOutcome],
    platform: &Arc<Platform>,
    at: DateTime<Utc>,
    memo: &mut crate::rules::Checks,
    changes: Option<&[Change]>,
) -> Result<(), ReplayError> {
    // the checks read the recorded facts' catalog and ceiling and the release's grants
    memo.lent(platform);
    if let Some(evidence) = view.evidence() {
        memo.lent(evidence);
    }
    // the attestations as recorded, borrowed when one dimension holds them all
    let mut holding = recorded.iter().filter(|o| !o.attestations.is_empty());
    let attestations: Cow<'_, [Attestation]> = match (holding.next(), holding.next()) {
        (None, _) => Cow::Borrowed(&[]),
        (Some(one), None) => Cow::Borrowed(&one.attestations),
        _ => Cow::Owned(
            recorded
                .iter()
                .flat_map(|o| o.attestations.iter().cloned())
                .collect(),
        ),
    };
    let found = match input_of(view, platform, &attestations, at) {
        Some((input, provision)) => rules::disagreement(
            &input,
            Some(provision),
            &view.state.policy,
            memo,
            changes,
            // the notice this release answers, by its opening event's digest: with the
            // evidence and the platform facts lent above, it names the release for the
            // checks that do not read the time (see `rules::Checks::timeless`)
            view.history.first().map(|opened| &opened.digest.0),
            recorded,
        ),
        None => {
            let computed = ValidationReport::from_parts(Default::default(), &[]).outcomes();
            match recorded.iter().zip(&computed).find(|(r, c)| r != c) {
                None if recorded.len() == computed.len() => None,
                found => Some(found.map_or(
                    (Dimension::Version, Verdict::Unverified, Verdict::Unverified),
                    |(r, c)| (r.dimension, r.verdict, c.verdict),
                )),
            }
        }
    };
    match found {
        None => Ok(()),
        Some((dimension, recorded, computed)) => Err(ReplayError::VerdictMismatch {
            seq,
            dimension,
            recorded,
            computed,
        }),
    }
}

/// The band a score in hundredths reaches under the policy's edges (whole points), in exact
/// integer arithmetic: a reading's band is never above it (a hard gate or missing data may
/// put it lower).
pub(super) fn band_reached(score_hundredths: u16, policy: &Policy) -> Band {
    let h = u32::from(score_hundredths);
    let edge = |points: u8| u32::from(points) * 100;
    if h >= edge(policy.band_stable()) {
        Band::Stable
    } else if h >= edge(policy.band_reliable()) {
        Band::Reliable
    } else if h >= edge(policy.band_vulnerable()) {
        Band::Vulnerable
    } else if h >= edge(policy.band_at_risk()) {
        Band::AtRisk
    } else {
        Band::Unstable
    }
}

pub(super) const READING_RULE: &str =
    "a reading's band is never above the one its score reaches under the policy";

pub(super) fn not_passed(o: &DimensionOutcome) -> bool {
    matches!(o.verdict, Verdict::Fail | Verdict::Unverified)
}

pub(super) fn illegal(event: &Event, why: &'static str) -> ReplayError {
    ReplayError::IllegalEvent {
        seq: event.seq,
        event: event.detail.name(),
        why,
    }
}

pub(super) const PLAN_RULE: &str =
    "a plan records documents with a location and approvals signed by someone, no later than itself";

/// The documents and approvals a plan event records: each document with a location, each
/// approval signed by someone no later than the event.
pub(super) fn plan_ok(documents: &[Document], approvals: &[Approval], at: DateTime<Utc>) -> bool {
    documents.iter().all(|d| !crate::text::blank(&d.location))
        && approvals.iter().all(|a| a.is_valid_at(at))
}

pub(super) const LEAP_RULE: &str =
    "a time is a leap second outside 23:59:60 UTC, which a record cannot hold (format page §1)";

/// Whether every time of `event` is one a record can hold: a leap second only at 23:59:60
/// UTC (chrono admits one at any minute; the record's reader refuses it, so the flow never
/// writes it).
pub(super) fn times_writable(event: &Event) -> bool {
    use crate::time_text::writable;
    let approvals = |a: &[Approval]| a.iter().all(|a| writable(a.at));
    let contract = |c: &crate::rules::Contract| {
        let dep = |d: &Option<crate::rules::Deprecation>| {
            d.as_ref()
                .is_none_or(|d| writable(d.since) && writable(d.sunset))
        };
        c.operations.values().all(|o| dep(&o.deprecated))
            && c.workflows.values().all(|w| dep(&w.deprecated))
    };
    let outcomes = |d: &[DimensionOutcome]| {
        d.iter()
            .all(|o| o.attestations.iter().all(|a| writable(a.at)))
    };
    writable(event.at)
        && match &event.detail {
            EventDetail::Opened(o) => {
                writable(o.window.opens)
                    && writable(o.window.closes)
                    && o.remediation_deadline.is_none_or(writable)
                    && o.contracts
                        .as_ref()
                        .is_none_or(|c| contract(&c.old) && contract(&c.new))
            }
            EventDetail::Prepared { approvals: a, .. } => approvals(a),
            EventDetail::Transitioned { evidence, .. } => {
                evidence.contract.as_ref().is_none_or(contract)
            }
            EventDetail::ValidationPassed { dimensions, .. }
            | EventDetail::ValidationFailed { dimensions, .. } => outcomes(dimensions),
            EventDetail::RolledOut {
                fallback_until,
                recommended_until,
            } => writable(*fallback_until) && writable(*recommended_until),
            EventDetail::FellBack { authority, .. } => match authority {
                FallbackAuthority::Approved { approval } => writable(approval.at),
                FallbackAuthority::Sanctioned => true,
            },
            EventDetail::Remediated {
                found_at,
                deadline,
                approvals: a,
                ..
            } => writable(*found_at) && writable(*deadline) && approvals(a),
            EventDetail::Completed { next_review, .. } => writable(*next_review),
            EventDetail::WindowExtended {
                closes, approval, ..
            } => writable(*closes) && writable(approval.at),
            EventDetail::Withdrawn { approval, .. } => writable(approval.at),
            EventDetail::Stabilized { .. }
            | EventDetail::HealthRecorded { .. }
            | EventDetail::Throttled { .. }
            | EventDetail::Reviewed { .. }
            | EventDetail::Released {}
            | EventDetail::Corrected { .. } => true,
        }
}

/// Why an attestation cannot count in a validation at `at` of a release placed at
/// `released`: a verdict other than pass or fail, a blank field, a date after the
/// validation or before the release.
pub(crate) fn attestation_defect(
    a: &Attestation,
    released: Option<DateTime<Utc>>,
    at: DateTime<Utc>,
) -> Option<&'static str> {
    a.defect_within(released, at)
}

/// The validation report of the release in `core`'s lineage under the platform's facts, the
/// recorded policy and the attestations: the one computation the step and the replay share.
pub(crate) fn report_of(
    core: View<'_>,
    platform: &Platform,
    attestations: &[Attestation],
    at: DateTime<Utc>,
    memo: &mut crate::rules::Checks,
) -> ValidationReport {
    match input_of(core, platform, attestations, at) {
        Some((input, provision)) => {
            rules::validate_with(&input, Some(provision), &core.state.policy, memo, None)
        }
        // a migration in Transition always holds its release's evidence and its notice;
        // fail closed: nothing computed, nothing attested, every dimension unverified
        None => ValidationReport::from_parts(Default::default(), &[]),
    }
}

/// What the validation of the release in `core`'s lineage looks at, and the fallback its
/// evidence provides; `None` without the release's evidence.
fn input_of<'a>(
    core: View<'a>,
    platform: &'a Platform,
    attestations: &'a [Attestation],
    at: DateTime<Utc>,
) -> Option<(ValidationInput<'a>, Provision<'a>)> {
    let evidence = core.evidence()?;
    // a passed validation rolls out at `at`, and the flow keeps the fallback for the
    // policy's windows from there
    let rollout = at;
    let provision = Provision {
        apis: &evidence.fallback_apis,
        workflows: &evidence.fallback_workflows,
        permissions: &evidence.grants.fallback,
        until: rules::Until::Recommended(rollout),
    };
    let contracts = match (core.contracts(), &evidence.contract) {
        (Some(c), Some(built)) => Some((&c.old, built)),
        _ => None,
    };
    let state = core.state;
    let version = core.release_version().unwrap_or(&state.target);
    let mut input = ValidationInput::new(state.kind, state.mode, &state.triggers, version, at)
        .platform(&platform.matrix, &evidence.os_version)
        .runtimes(&evidence.runtimes, &platform.supported_runtimes)
        .grants(&evidence.grants)
        .ceiling(&platform.power_ceiling)
        .approvals(core.approvals())
        .documents(core.documents())
        .rollout(rollout)
        .catalog(&platform.catalog)
        .attestations(attestations);
    input.contracts = contracts;
    input.released_at = core.release_at();
    Some((input, provision))
}
