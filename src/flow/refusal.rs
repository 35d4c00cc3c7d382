//! Why a step or a notice was refused, and the refused migration handed back.

use core::fmt;

use chrono::{DateTime, Utc};
use semver::Version;

use super::artifacts::{Missing, Notice};
use super::replay::ReplayError;
use super::{Migration, Stage};
use crate::band::Band;
use crate::dimension::Dimension;
use crate::governance::GovernanceBody;
use crate::kind::MigrationKind;
use crate::permission::BoundaryReport;
use crate::rules::{Bump, Change};
use crate::severity::Severity;

/// Why a step was refused. Stable codes via [`Refusal::code`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Refusal {
    /// `at` is earlier than the last event.
    #[error("time went backwards: {at} is earlier than the last event at {last}")]
    TimeWentBackwards {
        /// The last event's time.
        last: DateTime<Utc>,
        /// The time given.
        at: DateTime<Utc>,
    },
    /// The plan lacks what the migration requires: every missing item, at once.
    #[error("the plan lacks {}", missing_list(.0))]
    IncompletePlan(Vec<Missing>),
    /// The released version is the origin (build metadata aside): an unversioned change.
    #[error("unversioned change: the release is still version {0}")]
    UnversionedChange(Version),
    /// A breaking change without the major bump it needs (below 1.0, the Cargo convention:
    /// a minor step): a silent breaking change (playbook §5, forbidden).
    #[error("silent breaking change: {from} → {to} is a {bump} bump, and {}", changes_or_declared(.changes))]
    SilentBreakingChange {
        /// The origin version.
        from: Version,
        /// The released version.
        to: Version,
        /// The bump the versions make.
        bump: Bump,
        /// The breaking changes the contracts show (empty when the break was declared).
        changes: Vec<Change>,
    },
    /// The release declares compatibility the evidence contradicts.
    #[error("the release is declared backward compatible, but its contract shows {}", changes_list(.0))]
    CompatibilityContradicted(Vec<Change>),
    /// A migration with contracts released without the contract as built, or with a contract
    /// of another version.
    #[error("the release must carry its contract at version {0}")]
    MissingContract(Version),
    /// An attestation that cannot count (a verdict other than pass or fail, a blank field,
    /// dated after the validation).
    #[error("the attestation for {dimension} cannot count: {why}")]
    BadAttestation {
        /// The dimension it speaks for.
        dimension: Dimension,
        /// Why.
        why: &'static str,
    },
    /// The released version is not the migration's target.
    #[error("the release is version {released}, but the migration targets {target}")]
    VersionMismatch {
        /// The released version.
        released: Version,
        /// The target.
        target: Version,
    },
    /// The released version is above the platform's version ceiling.
    #[error("version {version} is above the version ceiling {ceiling}")]
    AboveVersionCeiling {
        /// The released version.
        version: Version,
        /// The ceiling.
        ceiling: Version,
    },
    /// The canary share is above the policy's bound: the transition would not be shielded.
    #[error("a canary of {percent} % is above the {max} % a shielded transition allows")]
    CanaryTooLarge {
        /// The share asked for.
        percent: u8,
        /// The policy's bound.
        max: u8,
    },
    /// A fallback without the governing body's approval or a reason the policy sanctions.
    #[error("a fallback needs the approval of {body}, or a reason the policy sanctions: {why}")]
    UngovernedFallback {
        /// The body whose approval would authorize it.
        body: GovernanceBody,
        /// What is missing.
        why: &'static str,
    },
    /// A window extension or a withdrawal without the approval of the body governing the
    /// migration's category, signed no later than the step.
    #[error("{step} needs the approval of {body}: {why}")]
    Ungoverned {
        /// What was asked.
        step: &'static str,
        /// The body whose approval would authorize it.
        body: GovernanceBody,
        /// What is missing.
        why: &'static str,
    },
    /// A window extension that does not move the close later.
    #[error(
        "the window closes at {closes}; an extension must close later than that, not at {asked}"
    )]
    ExtensionNotLater {
        /// The window's close now.
        closes: DateTime<Utc>,
        /// The close asked for.
        asked: DateTime<Utc>,
    },
    /// A window extension or a withdrawal without its reason.
    #[error("the {0} gives no reason")]
    BlankStepReason(&'static str),
    /// Completion while a Vulnerable reading awaits its review.
    #[error("a vulnerable reading awaits its review (framework §8: review required)")]
    ReviewRequired,
    /// A review without who or what was decided.
    #[error("a review names who reviewed and what they decided")]
    BlankReview,
    /// Soft mode with a breaking change.
    #[error("soft migrations must be backward compatible, and this release breaks compatibility{}", if .0.is_empty() { String::new() } else { format!(": {}", changes_list(.0)) })]
    SoftBreakingChange(Vec<Change>),
    /// Rollout outside the migration window.
    #[error("rollout at {at} is outside the migration window {opens} – {closes}")]
    OutsideWindow {
        /// The rollout time.
        at: DateTime<Utc>,
        /// Window start.
        opens: DateTime<Utc>,
        /// Window end.
        closes: DateTime<Utc>,
    },
    /// The proposed grant breaks the permission boundary.
    #[error("the proposed grant breaks the permission boundary: {0}")]
    PermissionBoundary(BoundaryReport),
    /// The fallback grant breaks the fallback rules.
    #[error("the fallback grant breaks the fallback rules: {0}")]
    FallbackGrant(BoundaryReport),

    /// Completion before the fallback window has run.
    #[error("the fallback window runs until {until}; it cannot be removed at {at}")]
    FallbackWindowRunning {
        /// End of the window.
        until: DateTime<Utc>,
        /// The time given.
        at: DateTime<Utc>,
    },
    /// Completion while the last reading is below the policy's completion band
    /// ([`Policy::completion_band`](crate::Policy::completion_band), Reliable by default).
    #[error("health is {band}; completion needs a reading of {required} or better")]
    HealthNotSettled {
        /// The band of the last reading.
        band: Band,
        /// The band the policy asks for.
        required: Band,
    },
    /// Completion with no health reading since stabilization.
    #[error("no health reading has been recorded")]
    NoHealthReading,
    /// A blank remediation field.
    #[error("the remediation has no {0}")]
    MissingRemediationPart(&'static str),
    /// A remediation milder than the problem it remediates (playbook §9: the severity sets
    /// the window; a severe violation is never remediated as a minor one).
    #[error("a {problem} problem cannot be remediated as {given}")]
    SeverityDowngraded {
        /// The severity of the open problem.
        problem: Severity,
        /// The severity the remediation gave.
        given: Severity,
    },
    /// The step was asked under a policy other than the one the migration was opened with
    /// (the record carries the policy in force at the notice; see
    /// [`Migration::policy`](crate::Migration::policy)).
    #[error("the policy given is not the one this migration was opened under")]
    PolicyChanged,
    /// A blank fallback reason.
    #[error("the fallback reason is blank")]
    BlankReason,
    /// [`FallbackReason::HealthUnstable`](crate::FallbackReason::HealthUnstable) given by a caller: only an Unstable health reading
    /// restricts a migration.
    #[error("health-unstable fallback is decided by an unstable health reading, not by a caller")]
    ReservedReason,
    /// The lineage would become inconsistent: a time a record cannot hold (chrono admits a
    /// leap second at any minute, a record only at 23:59:60 UTC), else a bug if it ever
    /// shows.
    #[error("the lineage refused the step: {0}")]
    Inconsistent(ReplayError),
}

fn missing_list(missing: &[Missing]) -> String {
    missing
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn changes_list(changes: &[Change]) -> String {
    changes
        .iter()
        .map(|c| format!("{} ({})", c.item, c.detail))
        .collect::<Vec<_>>()
        .join("; ")
}

fn changes_or_declared(changes: &[Change]) -> String {
    if changes.is_empty() {
        "the release is declared breaking".to_owned()
    } else {
        format!(
            "the contract shows breaking changes: {}",
            changes_list(changes)
        )
    }
}

impl Refusal {
    /// A stable machine-readable code for partner SDKs.
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            Refusal::TimeWentBackwards { .. } => "flow.time_went_backwards",
            Refusal::IncompletePlan(_) => "flow.incomplete_plan",
            Refusal::UnversionedChange(_) => "flow.unversioned_change",
            Refusal::SilentBreakingChange { .. } => "flow.silent_breaking_change",
            Refusal::CompatibilityContradicted(_) => "flow.compatibility_contradicted",
            Refusal::MissingContract(_) => "flow.missing_contract",
            Refusal::BadAttestation { .. } => "flow.bad_attestation",
            Refusal::VersionMismatch { .. } => "flow.version_mismatch",
            Refusal::AboveVersionCeiling { .. } => "flow.above_version_ceiling",
            Refusal::CanaryTooLarge { .. } => "flow.canary_too_large",
            Refusal::UngovernedFallback { .. } => "flow.ungoverned_fallback",
            Refusal::ReviewRequired => "flow.review_required",
            Refusal::Ungoverned { .. } => "flow.ungoverned",
            Refusal::ExtensionNotLater { .. } => "flow.extension_not_later",
            Refusal::BlankStepReason(_) => "flow.blank_reason",
            Refusal::BlankReview => "flow.blank_review",
            Refusal::SoftBreakingChange(_) => "flow.soft_breaking_change",
            Refusal::OutsideWindow { .. } => "flow.outside_window",
            Refusal::PermissionBoundary(_) => "flow.permission_boundary",
            Refusal::FallbackGrant(_) => "flow.fallback_grant",
            Refusal::FallbackWindowRunning { .. } => "flow.fallback_window_running",
            Refusal::HealthNotSettled { .. } => "flow.health_not_settled",
            Refusal::NoHealthReading => "flow.no_health_reading",
            Refusal::MissingRemediationPart(_) => "flow.missing_remediation_part",
            Refusal::SeverityDowngraded { .. } => "flow.severity_downgraded",
            Refusal::PolicyChanged => "flow.policy_changed",
            Refusal::BlankReason => "flow.blank_reason",
            Refusal::ReservedReason => "flow.reserved_reason",
            Refusal::Inconsistent(_) => "flow.inconsistent",
        }
    }
}

/// A step of the flow, as a refusal names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Step {
    /// [`Migration::prepare`].
    Prepare,
    /// [`Migration::transition`].
    Transition,
    /// [`Migration::validate`].
    Validate,
    /// [`Migration::restrict`].
    Restrict,
    /// [`Migration::stabilize`].
    Stabilize,
    /// [`Migration::monitor`].
    Monitor,
    /// [`Migration::collapse`].
    Collapse,
    /// [`Migration::review`].
    Review,
    /// [`Migration::complete`].
    Complete,
    /// [`Migration::fall_back`].
    FallBack,
    /// [`Migration::remediate`].
    Remediate,
    /// [`Migration::extend_window`].
    ExtendWindow,
    /// [`Migration::withdraw`].
    Withdraw,
}

impl Step {
    /// The step's name, as [`Refused`]'s message says it ("the preparation was refused: …").
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Step::Prepare => "preparation",
            Step::Transition => "transition",
            Step::Validate => "validation",
            Step::Restrict => "restriction",
            Step::Stabilize => "stabilization",
            Step::Monitor => "monitoring",
            Step::Collapse => "collapse reaction",
            Step::Review => "review",
            Step::Complete => "completion",
            Step::FallBack => "fallback",
            Step::Remediate => "remediation",
            Step::ExtendWindow => "window extension",
            Step::Withdraw => "withdrawal",
        }
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A refused step: which step, why, and the migration, unchanged.
///
/// ```
/// use chrono::{DateTime, Utc};
/// use kwanus_migration::*;
/// use semver::Version;
///
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     let t0: DateTime<Utc> = "2026-03-02T09:00:00Z".parse()?;
///     let notice = Notice::builder(PartnerId::new("acme-billing")?, MigrationKind::ExtensionRuntime, Version::new(1, 4, 0), Version::new(1, 5, 0))
///         .trigger(Trigger::RuntimeChange)
///         .compatibility(Compatibility::BackwardCompatible)
///         .window_days(t0, 90)
///         .build();
///     let m = Migration::open(notice, t0, &Policy::default())?;
///     let refused = m.prepare(&Plan::default(), t0).unwrap_err();
///     assert_eq!(refused.step(), Step::Prepare);
///     assert_eq!(refused.code(), "flow.incomplete_plan");
///     assert!(refused.to_string().starts_with("preparation refused: "));
///     let m = refused.into_inner(); // nothing lost
///     assert_eq!(m.lineage().len(), 1);
///     Ok(())
/// }
/// ```
pub struct Refused<S: Stage> {
    pub(super) migration: Migration<S>,
    // boxed: a refusal stays two pointers wide, however rich its reason
    pub(super) reason: Box<Refusal>,
    pub(super) step: Option<Step>,
}

impl<S: Stage> Refused<S> {
    /// Why the step was refused.
    #[must_use]
    pub fn reason(&self) -> &Refusal {
        &self.reason
    }

    /// The step that was refused.
    #[must_use]
    pub fn step(&self) -> Step {
        // every public step names itself; a refusal always leaves through one
        self.step.unwrap_or(Step::Prepare)
    }

    /// The migration, unchanged.
    #[must_use]
    pub fn migration(&self) -> &Migration<S> {
        &self.migration
    }

    /// Takes the unchanged migration back.
    #[must_use]
    pub fn into_inner(self) -> Migration<S> {
        self.migration
    }

    /// Splits into the migration and the reason.
    #[must_use]
    pub fn into_parts(self) -> (Migration<S>, Refusal) {
        (self.migration, *self.reason)
    }

    /// Names the step that was refused.
    pub(super) fn during(mut self, step: Step) -> Refused<S> {
        self.step = Some(step);
        self
    }
}

impl<S: Stage> fmt::Debug for Refused<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Refused")
            .field("step", &self.step)
            .field("stage", &S::NAME)
            .field("reason", &self.reason)
            .finish_non_exhaustive()
    }
}

impl<S: Stage> fmt::Display for Refused<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} refused: {}", self.step(), self.reason)
    }
}

impl<S: Stage> std::error::Error for Refused<S> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.reason)
    }
}

/// Why a notice could not open a migration. Holds the notice, unchanged.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("the notice was refused: {reason}")]
pub struct OpenError {
    pub(super) notice: Box<Notice>,
    pub(super) reason: OpenRefusal,
}

impl OpenError {
    /// Why.
    #[must_use]
    pub fn reason(&self) -> &OpenRefusal {
        &self.reason
    }
    /// Takes the notice back.
    #[must_use]
    pub fn into_inner(self) -> Notice {
        *self.notice
    }
    /// A stable machine-readable code for partner SDKs.
    #[must_use]
    pub const fn code(&self) -> &'static str {
        self.reason.code()
    }
}

/// Why a notice was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OpenRefusal {
    /// No trigger.
    #[error("a migration needs at least one trigger")]
    NoTrigger,
    /// The target is not above the origin.
    #[error("the target {target} is not above the origin {origin}")]
    TargetNotAbove {
        /// Origin.
        origin: Version,
        /// Target.
        target: Version,
    },
    /// A pre-release origin or target.
    #[error("{0} is a pre-release; migrations move between stable versions")]
    PreRelease(Version),
    /// The window closes before it opens, or before the notice.
    #[error("the migration window closes at {closes}, before it opens or before the notice")]
    BadWindow {
        /// Window end.
        closes: DateTime<Utc>,
    },
    /// A forced trigger without a severity.
    #[error("a forced trigger needs a severity to set the remediation deadline")]
    MissingSeverity,
    /// A severity without a forced trigger.
    #[error("a severity is given, but no trigger is forced")]
    UnexpectedSeverity,
    /// The target differs from the origin only in build metadata: no new version.
    #[error("unversioned change: {0} differs from the origin only in build metadata")]
    UnversionedChange(Version),
    /// A kind with a contract opened without the contracts of its origin and target.
    #[error("a {0} migration needs the contracts of its origin and target")]
    MissingContracts(MigrationKind),
    /// A contract whose version is not the origin or target it stands for.
    #[error("the contract for {expected} is at version {found}")]
    ContractVersionMismatch {
        /// The version the contract should have.
        expected: Version,
        /// The contract's version.
        found: Version,
    },
    /// The contracts show a breaking change, and the target is not a major bump from the
    /// origin (below 1.0, a minor step): a silent breaking change, planned.
    #[error("silent breaking change: the target is a {bump} bump, and the contracts show {}", changes_list(.changes))]
    SilentBreakingChange {
        /// The bump from origin to target.
        bump: Bump,
        /// The changes that need a major bump.
        changes: Vec<Change>,
    },
    /// No contracts and no declared compatibility: nothing to decide the mode from.
    #[error("without contracts, the notice must declare its compatibility")]
    CompatibilityUnknown,
    /// Declared backward compatible, while the contracts show breaking changes.
    #[error("the notice declares the change backward compatible, but the contracts show {}", changes_list(.0))]
    CompatibilityContradicted(Vec<Change>),
    /// The opening event would be inconsistent: a time a record cannot hold (a leap second
    /// outside 23:59:60 UTC), else a bug if it ever shows.
    #[error("the lineage refused the notice: {0}")]
    Inconsistent(ReplayError),
}

impl OpenRefusal {
    /// A stable machine-readable code for partner SDKs.
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            OpenRefusal::NoTrigger => "open.no_trigger",
            OpenRefusal::TargetNotAbove { .. } => "open.target_not_above",
            OpenRefusal::PreRelease(_) => "open.pre_release",
            OpenRefusal::BadWindow { .. } => "open.bad_window",
            OpenRefusal::MissingSeverity => "open.missing_severity",
            OpenRefusal::UnexpectedSeverity => "open.unexpected_severity",
            OpenRefusal::UnversionedChange(_) => "open.unversioned_change",
            OpenRefusal::MissingContracts(_) => "open.missing_contracts",
            OpenRefusal::ContractVersionMismatch { .. } => "open.contract_version_mismatch",
            OpenRefusal::CompatibilityUnknown => "open.compatibility_unknown",
            OpenRefusal::SilentBreakingChange { .. } => "open.silent_breaking_change",
            OpenRefusal::CompatibilityContradicted(_) => "open.compatibility_contradicted",
            OpenRefusal::Inconsistent(_) => "open.inconsistent",
        }
    }
}
