//! The six-step flow as a typestate.

use core::fmt;
use core::marker::PhantomData;

use chrono::{DateTime, Utc};
use semver::Version;

pub(crate) mod artifacts;
pub(crate) mod chain;
pub(crate) mod digest;
pub(crate) mod lineage;
pub(crate) mod record;
pub(crate) mod replay;

use self::artifacts::{
    Approval, Attestation, Document, FallbackAuthority, FallbackReason, Missing, Notice, Plan,
    Release, Remediation, Requirements, Review, ValidationReport, Window,
};
use self::lineage::{Event, EventDetail, Lineage};
use self::replay::Core;
use self::replay::ReplayError;
use crate::permission::{self, BoundaryCheck, BoundaryReport, Catalog};
use crate::rules::{
    self, bump_between, compatibility_of, Bump, Change, CompatibilityMatrix, FallbackProvision,
    RuntimeSupport, ValidationInput,
};
use crate::{
    Band, Category, Compatibility, Dimension, GovernanceBody, HealthReport, MigrationKind, Mode,
    PartnerId, Policy, Severity, Trigger, TriggerClass,
};

mod sealed {
    pub trait Sealed {}
}

/// The name of a stage, as data: what a [`MigrationRecord`](crate::MigrationRecord) stores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum StageName {
    /// [`Detection`].
    Detection,
    /// [`Preparation`].
    Preparation,
    /// [`Transition`].
    Transition,
    /// [`Validation`].
    Validation,
    /// [`Stabilization`].
    Stabilization,
    /// [`Continuity`].
    Continuity,
    /// [`FallenBack`].
    FallenBack,
    /// [`Rejected`].
    Rejected,
    /// [`Throttled`].
    Throttled,
}

impl StageName {
    /// Every stage: the six of the flow in order, then [`StageName::FallenBack`],
    /// [`StageName::Rejected`] and [`StageName::Throttled`].
    pub const ALL: [StageName; 9] = [
        StageName::Detection,
        StageName::Preparation,
        StageName::Transition,
        StageName::Validation,
        StageName::Stabilization,
        StageName::Continuity,
        StageName::FallenBack,
        StageName::Rejected,
        StageName::Throttled,
    ];
}

impl fmt::Display for StageName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StageName::Detection => "detection",
            StageName::Preparation => "preparation",
            StageName::Transition => "transition",
            StageName::Validation => "validation",
            StageName::Stabilization => "stabilization",
            StageName::Continuity => "continuity",
            StageName::FallenBack => "fallen back",
            StageName::Rejected => "rejected",
            StageName::Throttled => "throttled",
        })
    }
}

/// A stage of the six-step flow.
///
/// This trait is **sealed**: only the crate's seven stage types implement it, so no one can
/// add a stage or a transition the framework does not have. The stage types are uninhabited
/// enums: they exist only as type parameters of [`Migration`].
pub trait Stage: sealed::Sealed + fmt::Debug + Send + Sync + 'static {
    /// The stage's name as data.
    const NAME: StageName;
}

macro_rules! stages {
    ($( $(#[$doc:meta])* $name:ident ),*) => {$(
        $(#[$doc])*
        #[derive(Debug)]
        pub enum $name {}
        impl sealed::Sealed for $name {}
        impl Stage for $name {
            const NAME: StageName = StageName::$name;
        }
    )*};
}

stages! {
    /// Step 1, "Detection: OS identifies need for migration" (playbook: migration notice).
    Detection,
    /// Step 2, "Preparation: partner aligns capabilities, permissions, and workflows"
    /// (playbook: plan and implementation).
    Preparation,
    /// Step 3, "Transition: the migration occurs" (playbook: implementation): the release
    /// runs in a shielded transition runtime, isolated from general exposure but for a canary
    /// share (framework §9, "Migration Shielding"). Not yet rolled out.
    Transition,
    /// Step 4, "Validation: compatibility and sustainability are verified" (playbook step 4):
    /// validated, and so rolled out to all the partner's users (playbook step 5, "versioned
    /// release"); the fallback window runs from the rollout.
    Validation,
    /// Step 5, "Stabilization: partner adjusts to the new version/state" (playbook:
    /// monitoring).
    Stabilization,
    /// Step 6, "Continuity: partner resumes normal operation" (playbook: completion, fallback
    /// removed). Terminal.
    Continuity,
    /// Returned to the previous stable version (framework: fallback migration). Can be
    /// remediated and prepared again.
    FallenBack,
    /// Validation failed: the release is rejected, and the migration can only fall back or be
    /// restricted (framework §7, "Failure triggers fallback or restriction"), never stay.
    Rejected,
    /// Throttled after an At Risk reading or a metrics collapse (framework §7–§8,
    /// "Fallback / Throttling"): it recovers with a steady reading, or falls back.
    Throttled
}

/// The stages a migration can fall back from: Transition, Rejected, Validation,
/// Stabilization and Throttled.
#[diagnostic::on_unimplemented(
    message = "a migration in `{Self}` cannot fall back",
    label = "fallback is only possible once the release exists (Transition, Rejected, Validation, Stabilization, Throttled)",
    note = "a migration falls back to its previous stable version only after it has transitioned"
)]
pub trait CanFallBack: Stage {}
impl CanFallBack for Transition {}
impl CanFallBack for Rejected {}
impl CanFallBack for Validation {}
impl CanFallBack for Stabilization {}
impl CanFallBack for Throttled {}

/// The stages where the partner is live and monitored: Validation (rolled out),
/// Stabilization and Throttled. Health readings and collapses act on them.
#[diagnostic::on_unimplemented(
    message = "a migration in `{Self}` is not live",
    label = "health readings and collapses act only on a rolled-out migration (Validation, Stabilization, Throttled)",
    note = "a release is live only once validation has passed and it has rolled out"
)]
pub trait Live: Stage {}
impl Live for Validation {}
impl Live for Stabilization {}
impl Live for Throttled {}

/// The stage a migration can complete from: Stabilization only.
#[diagnostic::on_unimplemented(
    message = "a migration in `{Self}` cannot complete",
    label = "only a migration in Stabilization can complete",
    note = "completion needs validation, a steady health reading and the fallback window to have run"
)]
pub trait CanComplete: Stage {}
impl CanComplete for Stabilization {}

/// A partner migration in stage `S`.
///
/// Each transition consumes the migration and gives back one in the next stage, so a step
/// out of order does not compile. A refused step hands the unchanged migration back inside
/// its [`Refused`] error. Every step appends an event to the [`Lineage`].
///
/// All `Migration<S>` have the same size (one pointer): moving one is cheap, and a refusal
/// carrying it stays small.
///
/// See the [crate docs](crate) for a complete walk through the flow.
pub struct Migration<S: Stage> {
    core: Box<Core>,
    stage: PhantomData<S>,
}

impl<S: Stage> Clone for Migration<S> {
    fn clone(&self) -> Self {
        Migration {
            core: self.core.clone(),
            stage: PhantomData,
        }
    }
}

impl<S: Stage> fmt::Debug for Migration<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Migration")
            .field("stage", &S::NAME)
            .field("partner", &self.core.partner)
            .field("kind", &self.core.kind)
            .field("mode", &self.mode())
            .field("origin", &self.core.origin.to_string())
            .field("target", &self.core.target.to_string())
            .field("events", &self.core.lineage.len())
            .finish_non_exhaustive()
    }
}

impl<S: Stage> PartialEq for Migration<S> {
    fn eq(&self, other: &Self) -> bool {
        self.core == other.core
    }
}

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
    /// Completion while health is below Reliable (or review is pending).
    #[error("health is {0}; completion needs a reading of reliable or better")]
    HealthNotSettled(Band),
    /// Completion with no health reading since stabilization.
    #[error("no health reading has been recorded")]
    NoHealthReading,
    /// A blank remediation field.
    #[error("the remediation has no {0}")]
    MissingRemediationPart(&'static str),
    /// A blank fallback reason.
    #[error("the fallback reason is blank")]
    BlankReason,
    /// [`FallbackReason::HealthUnstable`] given by a caller: only an Unstable health reading
    /// restricts a migration.
    #[error("health-unstable fallback is decided by an unstable health reading, not by a caller")]
    ReservedReason,
    /// The lineage would become inconsistent (a bug if it ever shows).
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
            Refusal::BlankReview => "flow.blank_review",
            Refusal::SoftBreakingChange(_) => "flow.soft_breaking_change",
            Refusal::OutsideWindow { .. } => "flow.outside_window",
            Refusal::PermissionBoundary(_) => "flow.permission_boundary",
            Refusal::FallbackGrant(_) => "flow.fallback_grant",
            Refusal::FallbackWindowRunning { .. } => "flow.fallback_window_running",
            Refusal::HealthNotSettled(_) => "flow.health_not_settled",
            Refusal::NoHealthReading => "flow.no_health_reading",
            Refusal::MissingRemediationPart(_) => "flow.missing_remediation_part",
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
}

/// A refused step: which step, why, and the migration, unchanged.
///
/// ```
/// # use kwanus_migration::doc_support::*;
/// use kwanus_migration::{Coded, Step};
///
/// let detected = detected()?;
/// let refused = detected.prepare(&Plan::default(), t(1)).unwrap_err();
/// assert_eq!(refused.step(), Step::Prepare);
/// assert_eq!(refused.code(), "flow.incomplete_plan");
/// assert!(refused.to_string().starts_with("preparation refused: "));
/// let detected = refused.into_inner(); // nothing lost
/// assert_eq!(detected.lineage().len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Refused<S: Stage> {
    migration: Migration<S>,
    // boxed: a refusal stays two pointers wide, however rich its reason
    reason: Box<Refusal>,
    step: Option<Step>,
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
    fn during(mut self, step: Step) -> Refused<S> {
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
    notice: Box<Notice>,
    reason: OpenRefusal,
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
    /// The opening event would be inconsistent (a bug if it ever shows).
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

/// Read access, the same in every stage.
impl<S: Stage> Migration<S> {
    /// The stage, as data.
    #[must_use]
    pub fn stage(&self) -> StageName {
        S::NAME
    }
    /// The partner.
    #[must_use]
    pub fn partner(&self) -> &PartnerId {
        &self.core.partner
    }
    /// The triggers, sorted.
    #[must_use]
    pub fn triggers(&self) -> &[Trigger] {
        &self.core.triggers
    }
    /// The most urgent class among the triggers.
    #[must_use]
    pub fn trigger_class(&self) -> TriggerClass {
        TriggerClass::of(&self.core.triggers).unwrap_or(TriggerClass::Required)
    }
    /// The kind.
    #[must_use]
    pub fn kind(&self) -> MigrationKind {
        self.core.kind
    }
    /// The kind's category.
    #[must_use]
    pub fn category(&self) -> Category {
        self.core.kind.category()
    }
    /// The mode: [`Mode::Fallback`] while fallen back, else the mode chosen at the notice.
    #[must_use]
    pub fn mode(&self) -> Mode {
        if self.core.stage == StageName::FallenBack {
            Mode::Fallback
        } else {
            self.core.mode
        }
    }
    /// The origin: the previous stable version, the fallback target.
    #[must_use]
    pub fn origin(&self) -> &Version {
        &self.core.origin
    }
    /// The target version.
    #[must_use]
    pub fn target(&self) -> &Version {
        &self.core.target
    }
    /// The migration window.
    #[must_use]
    pub fn window(&self) -> Window {
        self.core.window
    }
    /// The severity, for forced migrations and after a remediation.
    #[must_use]
    pub fn severity(&self) -> Option<Severity> {
        self.core.severity
    }
    /// When re-validation of a forced migration (or of the last remediation) is due.
    #[must_use]
    pub fn remediation_deadline(&self) -> Option<DateTime<Utc>> {
        self.core.remediation.map(|w| w.deadline)
    }
    /// The remediation window (playbook §9): when the problem was found, when re-validation
    /// is due, and when it passed. One model with [`rules::RemediationCase`].
    #[must_use]
    pub fn remediation(&self) -> Option<rules::RemediationWindow> {
        self.core.remediation
    }
    /// Whether re-validation has not passed by the remediation deadline at `at`: overdue from
    /// the deadline until re-validation passes, never after (see
    /// [`rules::RemediationWindow::is_overdue`]).
    #[must_use]
    pub fn is_overdue(&self, at: DateTime<Utc>) -> bool {
        self.core.remediation.is_some_and(|w| w.is_overdue(at))
    }
    /// Whether a Vulnerable reading awaits its review (completion waits for it).
    #[must_use]
    pub fn review_pending(&self) -> bool {
        self.core.review_pending
    }
    /// When the release rolled out, once it has.
    #[must_use]
    pub fn rollout_at(&self) -> Option<DateTime<Utc>> {
        self.core.rollout_at
    }
    /// The earliest moment the fallback may be removed, once rolled out.
    #[must_use]
    pub fn fallback_until(&self) -> Option<DateTime<Utc>> {
        self.core.fallback_until
    }
    /// The last health band recorded, if any.
    #[must_use]
    pub fn last_band(&self) -> Option<Band> {
        self.core.last_band
    }
    /// Whether access is restricted (after a forced restriction, until re-validation passes).
    #[must_use]
    pub fn is_restricted(&self) -> bool {
        self.core.restricted
    }
    /// The approvals the current plan holds (body, signer, time), as recorded.
    #[must_use]
    pub fn approvals(&self) -> &[Approval] {
        self.core.approvals()
    }
    /// The documents of the current plan, with their locations, as recorded.
    #[must_use]
    pub fn documents(&self) -> &[Document] {
        self.core.documents()
    }
    /// The compatibility the mode follows from: computed from the contracts when the notice
    /// carried them, else the notice's declaration.
    #[must_use]
    pub fn compatibility(&self) -> Compatibility {
        self.core.compatibility
    }
    /// The contracts at origin and target the notice carried, if any.
    #[must_use]
    pub fn contracts(&self) -> Option<&artifacts::Contracts> {
        self.core.contracts()
    }
    /// The evidence the release brought, once released.
    #[must_use]
    pub fn evidence(&self) -> Option<&artifacts::Evidence> {
        self.core.evidence()
    }
    /// The end of the recommended fallback window, once rolled out; completing earlier is
    /// allowed after [`Migration::fallback_until`], with a warning in the lineage.
    #[must_use]
    pub fn recommended_until(&self) -> Option<DateTime<Utc>> {
        self.core.recommended_until
    }
    /// The lineage.
    #[must_use]
    pub fn lineage(&self) -> &Lineage {
        &self.core.lineage
    }
    /// The time of the last event.
    #[must_use]
    pub fn last_event_at(&self) -> DateTime<Utc> {
        self.core.last_at()
    }

    pub(crate) fn from_core(core: Box<Core>) -> Migration<S> {
        Migration {
            core,
            stage: PhantomData,
        }
    }

    pub(crate) fn core(&self) -> &Core {
        &self.core
    }

    fn refuse(self, reason: Refusal) -> Refused<S> {
        Refused {
            migration: self,
            reason: Box::new(reason),
            step: None,
        }
    }

    fn check_time(&self, at: DateTime<Utc>) -> Result<(), Refusal> {
        let last = self.core.last_at();
        if at < last {
            Err(Refusal::TimeWentBackwards { last, at })
        } else {
            Ok(())
        }
    }

    /// Appends the event and moves to stage `T`; on failure hands `self` back untouched.
    fn advance<T: Stage>(
        mut self,
        at: DateTime<Utc>,
        detail: EventDetail,
    ) -> Result<Migration<T>, Refused<S>> {
        let mut event = Event {
            seq: u32::try_from(self.core.lineage.len()).unwrap_or(u32::MAX),
            at,
            rite: detail.rite(),
            detail,
            digest: digest::Digest::GENESIS,
        };
        let mut scratch = Vec::with_capacity(256);
        event.digest = chain::digest(&self.core.lineage.head(), &event, &mut scratch);
        match replay::step(&mut self.core, event, &mut scratch) {
            Ok(()) if self.core.stage == T::NAME => Ok(Migration::from_core(self.core)),
            Ok(()) => {
                // unreachable by construction; fail closed without panicking
                let e = ReplayError::StageMismatch {
                    record: T::NAME,
                    events: self.core.stage,
                };
                self.core.lineage.events.pop();
                self.core.stage = S::NAME;
                Err(self.refuse(Refusal::Inconsistent(e)))
            }
            Err(e) => Err(self.refuse(Refusal::Inconsistent(e))),
        }
    }
}

impl<S: Stage> Migration<S> {
    /// Appends two events as one step (the first moves to `M`, the second to `T`); on any
    /// failure hands `self` back untouched.
    fn advance_pair<M: Stage, T: Stage>(
        self,
        at: DateTime<Utc>,
        first: EventDetail,
        second: EventDetail,
    ) -> Result<Migration<T>, Refused<S>> {
        let before = self.core.clone();
        let mid: Migration<M> = self.advance(at, first)?;
        mid.advance::<T>(at, second)
            .map_err(|r| Migration::<S>::from_core(before).refuse(r.into_parts().1))
    }
}

fn check_plan(
    plan: &Plan,
    kind: MigrationKind,
    mode: Mode,
    triggers: &[Trigger],
    at: DateTime<Utc>,
) -> Result<(), Refusal> {
    let missing = Requirements::of(kind, mode, triggers).missing(plan, at);
    if missing.is_empty() {
        Ok(())
    } else {
        Err(Refusal::IncompletePlan(missing))
    }
}

fn valid_approvals(
    approvals: &[Approval],
    at: DateTime<Utc>,
) -> impl Iterator<Item = GovernanceBody> + '_ {
    approvals
        .iter()
        .filter(move |a| a.is_valid_at(at))
        .map(|a| a.body)
}

/// What the lineage records of a plan: the documents with a location and the approvals
/// valid at `at`, each in full (kind and location; body, signer and time), sorted, without
/// repeats.
fn plan_summary(plan: &Plan, at: DateTime<Utc>) -> (Vec<Document>, Vec<Approval>) {
    let mut docs: Vec<Document> = plan
        .documents
        .iter()
        .filter(|d| !d.location.trim().is_empty())
        .cloned()
        .collect();
    docs.sort();
    docs.dedup();
    let mut approvals: Vec<Approval> = plan
        .approvals
        .iter()
        .filter(|a| a.is_valid_at(at))
        .cloned()
        .collect();
    approvals.sort();
    approvals.dedup();
    (docs, approvals)
}

/// The compatibility a notice's evidence shows, checked against its declaration.
fn notice_compatibility(notice: &Notice, policy: &Policy) -> Result<Compatibility, OpenRefusal> {
    let Some(contracts) = &notice.contracts else {
        if notice.kind.has_contract() {
            return Err(OpenRefusal::MissingContracts(notice.kind));
        }
        return notice
            .compatibility
            .ok_or(OpenRefusal::CompatibilityUnknown);
    };
    for (contract, expected) in [
        (&contracts.old, &notice.origin),
        (&contracts.new, &notice.target),
    ] {
        if !replay::same_version(&contract.version, expected) {
            return Err(OpenRefusal::ContractVersionMismatch {
                expected: expected.clone(),
                found: contract.version.clone(),
            });
        }
    }
    let changes = rules::diff(&contracts.old, &contracts.new, policy);
    let bump = bump_between(&notice.origin, &notice.target);
    if bump != Bump::Major && changes.iter().any(|c| c.bump == Bump::Major) {
        return Err(OpenRefusal::SilentBreakingChange {
            bump,
            changes: changes
                .into_iter()
                .filter(|c| c.bump == Bump::Major)
                .collect(),
        });
    }
    let computed = compatibility_of(&changes);
    if notice.compatibility == Some(Compatibility::BackwardCompatible)
        && computed == Compatibility::Breaking
    {
        return Err(OpenRefusal::CompatibilityContradicted(breaking(changes)));
    }
    // a declared break the contracts do not show stands: a semantic break no contract shows
    if notice.compatibility == Some(Compatibility::Breaking) {
        Ok(Compatibility::Breaking)
    } else {
        Ok(computed)
    }
}

/// The changes that are not informational: those that make a change incompatible.
fn breaking(changes: Vec<Change>) -> Vec<Change> {
    changes
        .into_iter()
        .filter(|c| c.severity != rules::ChangeSeverity::Info)
        .collect()
}

impl Migration<Detection> {
    /// What this migration's plan must hold: plan parts, documents, the compatibility
    /// mapping (guided mode), approvals by body, derived from its kind, mode and triggers.
    ///
    /// ```
    /// # use kwanus_migration::doc_support::*;
    /// let needs = detected()?.requirements();
    /// assert_eq!(needs.documents.len(), 5);
    /// assert!(!needs.compatibility_mapping, "a soft migration needs no mapping");
    /// assert!(needs.missing(&plan(), t(1)).is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn requirements(&self) -> Requirements {
        Requirements::of(self.core.kind, self.core.mode, &self.core.triggers)
    }

    /// Opens a migration from its notice (playbook §4 step 1; Rite of Detection).
    ///
    /// The mode is chosen by [`Mode::for_change`]; a forced migration gets its remediation
    /// deadline from its severity and `policy`.
    ///
    /// # Errors
    ///
    /// [`OpenError`], holding the notice, when there is no trigger, the target is not a
    /// stable version above the stable origin, the window is malformed or already closed,
    /// or the severity does not match the trigger class.
    ///
    /// ```
    /// # use kwanus_migration::doc_support::*;
    /// use kwanus_migration::{Migration, Mode, Policy};
    ///
    /// let migration = Migration::open(notice(), t(0), &Policy::default())?;
    /// assert_eq!(migration.mode(), Mode::Soft);
    /// assert_eq!(migration.lineage().len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open(
        notice: Notice,
        at: DateTime<Utc>,
        policy: &Policy,
    ) -> Result<Migration<Detection>, OpenError> {
        let refuse = |notice: Notice, reason| {
            Err(OpenError {
                notice: Box::new(notice),
                reason,
            })
        };
        let mut triggers = notice.triggers.clone();
        triggers.sort();
        triggers.dedup();
        let Some(class) = TriggerClass::of(&triggers) else {
            return refuse(notice, OpenRefusal::NoTrigger);
        };
        let pre = [&notice.origin, &notice.target]
            .into_iter()
            .find(|v| !v.pre.is_empty())
            .cloned();
        if let Some(v) = pre {
            return refuse(notice, OpenRefusal::PreRelease(v));
        }
        if replay::same_version(&notice.target, &notice.origin) {
            return refuse(
                notice.clone(),
                OpenRefusal::UnversionedChange(notice.target),
            );
        }
        if notice.target < notice.origin {
            let reason = OpenRefusal::TargetNotAbove {
                origin: notice.origin.clone(),
                target: notice.target.clone(),
            };
            return refuse(notice, reason);
        }
        if notice.window.closes < notice.window.opens || notice.window.closes < at {
            let closes = notice.window.closes;
            return refuse(notice, OpenRefusal::BadWindow { closes });
        }
        let forced = class == TriggerClass::Forced;
        match (forced, notice.severity) {
            (true, None) => return refuse(notice, OpenRefusal::MissingSeverity),
            (false, Some(_)) => return refuse(notice, OpenRefusal::UnexpectedSeverity),
            _ => {}
        }
        let compatibility = match notice_compatibility(&notice, policy) {
            Ok(c) => c,
            Err(reason) => return refuse(notice, reason),
        };
        let mode = Mode::for_change(class, compatibility);
        let remediation_deadline = notice.severity.map(|s| policy.remediation_deadline(s, at));
        let detail = EventDetail::Opened {
            partner: notice.partner.clone(),
            triggers,
            kind: notice.kind,
            compatibility,
            mode,
            origin: notice.origin.clone(),
            target: notice.target.clone(),
            fallback_target: notice.origin.clone(),
            window: notice.window,
            severity: notice.severity,
            remediation_deadline,
            contracts: notice.contracts.clone().map(Box::new),
        };
        let mut event = Event {
            seq: 0,
            at,
            rite: detail.rite(),
            detail,
            digest: digest::Digest::GENESIS,
        };
        let mut scratch = Vec::with_capacity(256);
        event.digest = chain::digest(&digest::Digest::GENESIS, &event, &mut scratch);
        match replay::start(event, &mut scratch) {
            Ok(core) => Ok(Migration::from_core(Box::new(core))),
            // the checks above cover every rule `start` enforces; fail closed regardless
            Err(e) => refuse(notice, OpenRefusal::Inconsistent(e)),
        }
    }

    /// Accepts the plan (playbook §4 steps 2–3; Rite of Preparation).
    ///
    /// Needs what [`Migration::requirements`] lists: the four parts of the plan, the five
    /// required documents ([`DocumentKind::required_for`](crate::DocumentKind::required_for)),
    /// in guided mode a compatibility mapping, and the approvals
    /// [`required_approvals`](crate::required_approvals) names, signed no later than `at`.
    ///
    /// # Errors
    ///
    /// [`Refused`], holding the migration, with [`Refusal::IncompletePlan`] listing every
    /// missing item at once.
    ///
    /// ```
    /// # use kwanus_migration::doc_support::*;
    /// let prepared = detected()?.prepare(&plan(), t(1))?;
    /// assert_eq!(prepared.lineage().len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn prepare(
        self,
        plan: &Plan,
        at: DateTime<Utc>,
    ) -> Result<Migration<Preparation>, Refused<Detection>> {
        self.prepare_step(plan, at)
            .map_err(|r| r.during(Step::Prepare))
    }

    fn prepare_step(
        self,
        plan: &Plan,
        at: DateTime<Utc>,
    ) -> Result<Migration<Preparation>, Refused<Detection>> {
        if let Err(r) = self.check_time(at) {
            return Err(self.refuse(r));
        }
        if let Err(r) = check_plan(
            plan,
            self.core.kind,
            self.core.mode,
            &self.core.triggers,
            at,
        ) {
            return Err(self.refuse(r));
        }
        let (documents, approvals) = plan_summary(plan, at);
        self.advance(
            at,
            EventDetail::Prepared {
                documents,
                approvals,
            },
        )
    }
}

impl Migration<Preparation> {
    /// Places the versioned release in a shielded transition runtime (framework §3 step 3,
    /// "the migration occurs", protected by §9 "Migration Shielding: isolation of transition
    /// runtimes"; Rite of Transition). It is not rolled out: at most a canary share of the
    /// partner's users ([`Policy::max_canary_percent`]) sees it until validation passes.
    ///
    /// The release must be a new version (build metadata aside), the target, inside the
    /// version ceiling and the migration window, with the major bump any breaking change in
    /// its contract needs; soft mode refuses a breaking change. The proposed grant is checked
    /// against the power ceiling and the fallback grant against the fallback rules by
    /// [`permission::check`], with the plan's approvals.
    ///
    /// # Errors
    ///
    /// [`Refused`], holding the migration, naming the first rule broken.
    ///
    /// ```
    /// # use kwanus_migration::doc_support::*;
    /// use kwanus_migration::Policy;
    ///
    /// let policy = Policy::default();
    /// let shielded = prepared()?.transition(release(), t(2), &policy, &catalog())?;
    /// assert_eq!(shielded.rollout_at(), None, "not rolled out before validation");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn transition(
        self,
        release: Release,
        at: DateTime<Utc>,
        policy: &Policy,
        catalog: &Catalog,
    ) -> Result<Migration<Transition>, Refused<Preparation>> {
        self.transition_step(release, at, policy, catalog)
            .map_err(|r| r.during(Step::Transition))
    }

    fn transition_step(
        self,
        release: Release,
        at: DateTime<Utc>,
        policy: &Policy,
        catalog: &Catalog,
    ) -> Result<Migration<Transition>, Refused<Preparation>> {
        if let Err(r) = self
            .check_time(at)
            .and_then(|()| self.check_release(&release, at, policy, catalog))
        {
            return Err(self.refuse(r));
        }
        self.advance(
            at,
            EventDetail::Transitioned {
                version: release.version,
                canary_percent: release.canary_percent,
                evidence: Box::new(release.evidence),
            },
        )
    }

    fn check_release(
        &self,
        release: &Release,
        at: DateTime<Utc>,
        policy: &Policy,
        catalog: &Catalog,
    ) -> Result<(), Refusal> {
        let core = &self.core;
        if replay::same_version(&release.version, &core.origin) {
            return Err(Refusal::UnversionedChange(release.version.clone()));
        }
        if release.version != core.target {
            return Err(Refusal::VersionMismatch {
                released: release.version.clone(),
                target: core.target.clone(),
            });
        }
        if release.version > release.version_ceiling {
            return Err(Refusal::AboveVersionCeiling {
                version: release.version.clone(),
                ceiling: release.version_ceiling.clone(),
            });
        }
        if !core.window.contains(at) {
            return Err(Refusal::OutsideWindow {
                at,
                opens: core.window.opens,
                closes: core.window.closes,
            });
        }
        if release.canary_percent > policy.max_canary_percent() {
            return Err(Refusal::CanaryTooLarge {
                percent: release.canary_percent,
                max: policy.max_canary_percent(),
            });
        }
        self.check_compatibility(release, policy)?;
        let g = &release.evidence.grants;
        let bodies: Vec<GovernanceBody> = valid_approvals(core.approvals(), at).collect();
        let mut check = BoundaryCheck::migration(
            &g.current,
            &g.proposed,
            &g.ceiling,
            core.kind,
            core.mode,
            catalog,
        );
        check.deny = &g.deny;
        check.approvals = &bodies;
        let report = permission::check(&check);
        if !report.allowed() {
            return Err(Refusal::PermissionBoundary(report));
        }
        let mut check = BoundaryCheck::fallback(&g.current, &g.fallback, &g.ceiling, catalog);
        check.deny = &g.deny;
        let report = permission::check(&check);
        if !report.allowed() {
            return Err(Refusal::FallbackGrant(report));
        }
        Ok(())
    }

    /// The release's compatibility, from its contract when the migration has contracts:
    /// a declaration the contract contradicts is refused, a breaking change never runs as
    /// soft, and a breaking change needs a major bump (playbook §5: no silent breaking
    /// changes).
    fn check_compatibility(&self, release: &Release, policy: &Policy) -> Result<(), Refusal> {
        let core = &self.core;
        let changes = match (core.contracts(), &release.evidence.contract) {
            (None, None) => Vec::new(),
            (Some(contracts), Some(built)) if built.version == release.version => {
                breaking(rules::diff(&contracts.old, built, policy))
            }
            _ => return Err(Refusal::MissingContract(release.version.clone())),
        };
        let computed = if core.contracts().is_some() {
            compatibility_of(&changes)
        } else {
            core.compatibility
        };
        if release.compatibility == Some(Compatibility::BackwardCompatible)
            && computed == Compatibility::Breaking
            && core.contracts().is_some()
        {
            return Err(Refusal::CompatibilityContradicted(changes));
        }
        let breaks = computed == Compatibility::Breaking
            || release.compatibility == Some(Compatibility::Breaking);
        let bump = bump_between(&core.origin, &release.version);
        let needs_major =
            changes.iter().any(|c| c.bump == Bump::Major) || (core.contracts().is_none() && breaks);
        if needs_major && bump != Bump::Major {
            return Err(Refusal::SilentBreakingChange {
                from: core.origin.clone(),
                to: release.version.clone(),
                bump,
                changes: changes
                    .into_iter()
                    .filter(|c| c.bump == Bump::Major)
                    .collect(),
            });
        }
        if breaks && core.mode == Mode::Soft {
            return Err(Refusal::SoftBreakingChange(changes));
        }
        Ok(())
    }
}

/// What the platform brings to a validation: the facts about the platform itself, the same
/// for every partner (each migration brings its own evidence, recorded in its lineage). A
/// service builds it once and passes it to every validation.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub struct Platform {
    /// Which partner versions run on which OS versions (playbook §5).
    pub matrix: CompatibilityMatrix,
    /// The runtimes the platform supports.
    pub supported_runtimes: Vec<RuntimeSupport>,
    /// Declared verb levels.
    pub catalog: Catalog,
}

/// The outcome of [`Migration::<Transition>::validate`]. Every arm holds the migration.
#[derive(Debug)]
#[must_use]
pub enum Validated {
    /// Every dimension passed: full access is restored and the release rolled out to all the
    /// partner's users; the migration is in Validation and the fallback window runs.
    Passed(Migration<Validation>),
    /// A dimension did not pass: the failure is in the lineage and the migration is
    /// [`Rejected`]: it can only fall back or be restricted ("Failure triggers fallback or
    /// restriction"), never stay.
    Failed(Migration<Rejected>),
}

impl Migration<Transition> {
    /// The report a validation at `at` would record, computed by
    /// [`rules::validate`](crate::rules::validate) from the migration's own evidence (the
    /// contracts of the notice, the evidence of the release, the plan's documents and
    /// approvals, all in the lineage) and the platform's facts, with `attestations` for the
    /// results obtained outside this crate.
    #[must_use]
    pub fn validation_report(
        &self,
        platform: &Platform,
        attestations: &[Attestation],
        at: DateTime<Utc>,
        policy: &Policy,
    ) -> ValidationReport {
        let core = &self.core;
        let Some(evidence) = core.evidence() else {
            // a migration in Transition always holds its release's evidence; fail closed:
            // nothing computed, nothing attested, every dimension unverified
            return ValidationReport::from_parts(Default::default(), &[]);
        };
        // a passed validation rolls out at `at`, and the flow keeps the fallback for the
        // policy's windows from there
        let rollout = at;
        let provision = FallbackProvision {
            apis: evidence.fallback_apis.clone(),
            workflows: evidence.fallback_workflows.clone(),
            permissions: evidence.grants.fallback.clone(),
            until: policy.fallback_recommended_until(rollout),
        };
        let contracts = match (core.contracts(), &evidence.contract) {
            (Some(c), Some(built)) => Some((&c.old, built)),
            _ => None,
        };
        let mut input =
            ValidationInput::new(core.kind, core.mode, &core.triggers, &core.target, at)
                .platform(&platform.matrix, &evidence.os_version)
                .runtimes(&evidence.runtimes, &platform.supported_runtimes)
                .grants(&evidence.grants)
                .approvals(core.approvals())
                .documents(core.documents())
                .fallback(&provision)
                .rollout(rollout)
                .catalog(&platform.catalog)
                .attestations(attestations);
        input.contracts = contracts;
        rules::validate(&input, policy)
    }

    /// Validates the migration across the six dimensions (playbook §4 step 4 and §8;
    /// framework §6): the report is computed from the evidence in the lineage and the
    /// platform's facts ([`Migration::validation_report`]), never taken from the caller,
    /// and the lineage records for each dimension whether it was computed or attested.
    ///
    /// # Errors
    ///
    /// [`Refused`] when time went backwards or an attestation cannot count
    /// ([`Refusal::BadAttestation`]).
    ///
    /// ```
    /// # use kwanus_migration::doc_support::*;
    /// use kwanus_migration::{Attestation, Dimension, FallbackAuthority, FallbackReason, Mode, Policy, Validated, Verdict};
    ///
    /// // the partner's workflow suite, run by the platform, failed
    /// let suite = Attestation {
    ///     dimension: Dimension::Workflow,
    ///     verdict: Verdict::Fail,
    ///     check: "partner workflow suite".into(),
    ///     by: "platform-ci".into(),
    ///     at: t(3),
    ///     evidence: "https://ci.example/runs/42".into(),
    /// };
    /// let m = transitioned()?;
    /// let Validated::Failed(m) = m.validate(&platform(), &[suite], t(3), &Policy::default())? else {
    ///     return Err("expected a failure".into());
    /// };
    /// let fallen = m.fall_back(FallbackReason::ValidationFailed, FallbackAuthority::Sanctioned, t(4), &Policy::default())?;
    /// assert_eq!(fallen.mode(), Mode::Fallback);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn validate(
        self,
        platform: &Platform,
        attestations: &[Attestation],
        at: DateTime<Utc>,
        policy: &Policy,
    ) -> Result<Validated, Refused<Transition>> {
        self.validate_step(platform, attestations, at, policy)
            .map_err(|r| r.during(Step::Validate))
    }

    fn validate_step(
        self,
        platform: &Platform,
        attestations: &[Attestation],
        at: DateTime<Utc>,
        policy: &Policy,
    ) -> Result<Validated, Refused<Transition>> {
        if let Err(r) = self.check_time(at) {
            return Err(self.refuse(r));
        }
        if let Some((a, why)) = attestations
            .iter()
            .find_map(|a| a.defect(at).map(|why| (a, why)))
        {
            let dimension = a.dimension;
            return Err(self.refuse(Refusal::BadAttestation { dimension, why }));
        }
        let report = self.validation_report(platform, attestations, at, policy);
        let dimensions = report.outcomes();
        if report.passed() {
            let rollout = EventDetail::RolledOut {
                fallback_until: policy.fallback_until(at),
                recommended_until: policy.fallback_recommended_until(at),
            };
            self.advance_pair::<Transition, Validation>(
                at,
                EventDetail::ValidationPassed { dimensions },
                rollout,
            )
            .map(Validated::Passed)
        } else {
            self.advance(at, EventDetail::ValidationFailed { dimensions })
                .map(Validated::Failed)
        }
    }
}

impl Migration<Rejected> {
    /// Restricts the rejected migration: it falls back to its previous stable version with
    /// access restricted until re-validation passes (framework §7, "Failure triggers
    /// fallback or restriction"). The failed validation sanctions it.
    ///
    /// # Errors
    ///
    /// [`Refused`] when time went backwards.
    ///
    /// ```
    /// # use kwanus_migration::doc_support::*;
    /// use kwanus_migration::{Policy, Validated};
    ///
    /// let m = transitioned()?;
    /// let Validated::Failed(rejected) = m.validate(&platform(), &[failed_suite(t(3))], t(3), &Policy::default())? else {
    ///     return Err("expected a failure".into());
    /// };
    /// let restricted = rejected.restrict(t(4))?;
    /// assert!(restricted.is_restricted());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn restrict(self, at: DateTime<Utc>) -> Result<Migration<FallenBack>, Refused<Rejected>> {
        self.restrict_step(at).map_err(|r| r.during(Step::Restrict))
    }

    fn restrict_step(self, at: DateTime<Utc>) -> Result<Migration<FallenBack>, Refused<Rejected>> {
        if let Err(r) = self.check_time(at) {
            return Err(self.refuse(r));
        }
        let to = self.core.origin.clone();
        self.advance(
            at,
            EventDetail::FellBack {
                reason: FallbackReason::ValidationFailed,
                to,
                restricted: true,
                authority: FallbackAuthority::Sanctioned,
            },
        )
    }
}

/// The outcome of a health reading ([`Migration::<Validation>::stabilize`],
/// [`Migration::monitor`]). Every arm holds the migration, in the stage the band decides
/// (framework §8).
#[derive(Debug)]
#[must_use]
pub enum Stabilized {
    /// Stable, Reliable or Vulnerable: the migration is in Stabilization. A Vulnerable
    /// reading requires a review ([`Migration::review`]) before completion, and completion
    /// waits for a Reliable reading.
    Steady(Migration<Stabilization>),
    /// At Risk: the partner is throttled ("Fallback / Throttling"); it recovers with a steady
    /// reading, or falls back (the throttle sanctions it).
    AtRisk(Migration<Throttled>),
    /// Unstable: forced restriction. The migration fell back with access restricted until
    /// re-validation passes.
    Restricted(Migration<FallenBack>),
}

/// What the flow did about a metrics collapse ([`Migration::collapse`]; framework §7,
/// "Metrics collapse during transition triggers forced migration or throttling").
#[derive(Debug)]
#[must_use]
pub enum Reaction {
    /// Throttled.
    Throttled(Migration<Throttled>),
    /// Forced restriction: fallen back, restricted until re-validation passes; a forced
    /// migration by remediation is the way back.
    Restricted(Migration<FallenBack>),
}

/// A health score (0–100, checked by [`HealthScore`](crate::HealthScore)) in whole
/// hundredths of a point, as the lineage stores it: rounded half away from zero, clamped.
fn hundredths(score: f64) -> u16 {
    let h = (score * 100.0)
        .round()
        .clamp(0.0, f64::from(replay::MAX_HUNDREDTHS));
    // in range by the clamp; `as` on a NaN gives 0, which a checked score never is
    h as u16
}

impl<S: Live> Migration<S> {
    /// Records an Unstable reading and the forced restriction it brings, as one step.
    fn restrict_unstable(
        self,
        score_hundredths: u16,
        at: DateTime<Utc>,
    ) -> Result<Migration<FallenBack>, Refused<S>> {
        let origin = self.core.origin.clone();
        self.advance_pair::<S, FallenBack>(
            at,
            EventDetail::HealthRecorded {
                score_hundredths,
                band: Band::Unstable,
            },
            EventDetail::FellBack {
                reason: FallbackReason::HealthUnstable,
                to: origin,
                restricted: true,
                authority: FallbackAuthority::Sanctioned,
            },
        )
    }

    /// The band decides: steady, throttled or restricted.
    fn health_step(
        self,
        health: &HealthReport,
        at: DateTime<Utc>,
    ) -> Result<Stabilized, Refused<S>> {
        if let Err(r) = self.check_time(at) {
            return Err(self.refuse(r));
        }
        let score_hundredths = hundredths(health.score().value());
        // "insufficient data" asks for review: never better than Vulnerable
        let band = if health.insufficient_data() {
            health.band().min(Band::Vulnerable)
        } else {
            health.band()
        };
        match replay::Reading::of(band) {
            replay::Reading::Restrict => self
                .restrict_unstable(score_hundredths, at)
                .map(Stabilized::Restricted),
            replay::Reading::Throttle => self
                .advance(
                    at,
                    EventDetail::Throttled {
                        score_hundredths,
                        band,
                        collapse: false,
                    },
                )
                .map(Stabilized::AtRisk),
            replay::Reading::Steady => {
                let steady = if S::NAME == StageName::Validation {
                    EventDetail::Stabilized {
                        score_hundredths,
                        band,
                    }
                } else {
                    EventDetail::HealthRecorded {
                        score_hundredths,
                        band,
                    }
                };
                self.advance(at, steady).map(Stabilized::Steady)
            }
        }
    }

    /// Acts on a metrics collapse ([`health::detect_collapse`](crate::health::detect_collapse);
    /// framework §7): [`CollapseResponse::Throttle`](crate::health::CollapseResponse) throttles
    /// the partner; a forced response records the Unstable reading and restricts it (forced
    /// restriction), and a remediation is the forced migration that follows. Recorded in the
    /// lineage either way.
    ///
    /// # Errors
    ///
    /// [`Refused`] when time went backwards.
    ///
    /// ```
    /// # use kwanus_migration::doc_support::*;
    /// use kwanus_migration::health::{detect_collapse, Sample};
    /// use kwanus_migration::{HealthScore, Policy, Reaction};
    ///
    /// let policy = Policy::default();
    /// let (good, bad) = (HealthScore::new(92.0)?, HealthScore::new(65.0)?);
    /// let mut series: Vec<Sample> = (0..6).map(|h| Sample { at: t(10 + h), score: good }).collect();
    /// series.extend((0..3).map(|m| Sample { at: t(16) + chrono::Duration::minutes(20 * m), score: bad }));
    /// let collapse = detect_collapse(&series, &policy)?.ok_or("expected a collapse")?;
    /// let Reaction::Throttled(m) = stabilized()?.collapse(&collapse, t(17), &policy)? else {
    ///     return Err("expected a throttle".into());
    /// };
    /// assert_eq!(m.stage(), kwanus_migration::StageName::Throttled);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn collapse(
        self,
        collapse: &crate::health::Collapse,
        at: DateTime<Utc>,
        policy: &Policy,
    ) -> Result<Reaction, Refused<S>> {
        self.collapse_step(collapse, at, policy)
            .map_err(|r| r.during(Step::Collapse))
    }

    fn collapse_step(
        self,
        collapse: &crate::health::Collapse,
        at: DateTime<Utc>,
        policy: &Policy,
    ) -> Result<Reaction, Refused<S>> {
        if let Err(r) = self.check_time(at) {
            return Err(self.refuse(r));
        }
        let recent = collapse.recent_median.clamp(0.0, 100.0);
        let score_hundredths = hundredths(recent);
        match collapse.response {
            crate::health::CollapseResponse::ForcedMigration => self
                .restrict_unstable(score_hundredths, at)
                .map(Reaction::Restricted),
            _ => {
                let band =
                    crate::HealthScore::new(recent).map_or(Band::Unstable, |s| Band::of(s, policy));
                self.advance(
                    at,
                    EventDetail::Throttled {
                        score_hundredths,
                        band,
                        collapse: true,
                    },
                )
                .map(Reaction::Throttled)
            }
        }
    }
}

impl Migration<Validation> {
    /// Reads health after the validated rollout (playbook §4 step 6; framework §8; Rite of
    /// Stabilization when it stabilizes). The band decides: Stable, Reliable or Vulnerable
    /// stabilize (Vulnerable requires a review); At Risk throttles; Unstable forces
    /// restriction. A report with insufficient data counts as no better than Vulnerable.
    ///
    /// # Errors
    ///
    /// [`Refused`] when time went backwards.
    ///
    /// ```
    /// # use kwanus_migration::doc_support::*;
    /// use kwanus_migration::{health, HealthInputs, Policy, Stabilized};
    ///
    /// let report = health::score(&HealthInputs::uniform(92.0), &Policy::default())?;
    /// let Stabilized::Steady(m) = validated()?.stabilize(&report, t(5))? else {
    ///     return Err("expected to stabilize".into());
    /// };
    /// assert_eq!(m.last_band(), Some(kwanus_migration::Band::Stable));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn stabilize(
        self,
        health: &HealthReport,
        at: DateTime<Utc>,
    ) -> Result<Stabilized, Refused<Validation>> {
        self.stabilize_step(health, at)
            .map_err(|r| r.during(Step::Stabilize))
    }

    fn stabilize_step(
        self,
        health: &HealthReport,
        at: DateTime<Utc>,
    ) -> Result<Stabilized, Refused<Validation>> {
        self.health_step(health, at)
    }
}

/// The stages a monitoring reading applies to: Stabilization and Throttled.
#[diagnostic::on_unimplemented(
    message = "a migration in `{Self}` is not being monitored",
    label = "monitoring readings apply in Stabilization and Throttled; after validation, `stabilize`",
    note = "the first reading after the rollout is `stabilize`"
)]
pub trait Monitored: Live {}
impl Monitored for Stabilization {}
impl Monitored for Throttled {}

impl<S: Monitored> Migration<S> {
    /// Records a monitoring reading (playbook §4 step 6, "workflow reliability, permission
    /// usage, API error rates"). Same bands as [`Migration::<Validation>::stabilize`]; a
    /// steady reading on a throttled migration lifts the throttle.
    ///
    /// # Errors
    ///
    /// [`Refused`] when time went backwards.
    ///
    /// ```
    /// # use kwanus_migration::doc_support::*;
    /// use kwanus_migration::{health, Band, HealthInputs, Policy, Stabilized};
    ///
    /// let shaky = health::score(&HealthInputs::uniform(50.0), &Policy::default())?;
    /// let Stabilized::AtRisk(m) = stabilized()?.monitor(&shaky, t(6))? else {
    ///     return Err("expected at risk".into());
    /// };
    /// assert_eq!(m.last_band(), Some(Band::AtRisk));
    /// let good = health::score(&HealthInputs::uniform(88.0), &Policy::default())?;
    /// let Stabilized::Steady(m) = m.monitor(&good, t(7))? else {
    ///     return Err("expected to recover".into());
    /// };
    /// assert_eq!(m.last_band(), Some(Band::Reliable));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn monitor(
        self,
        health: &HealthReport,
        at: DateTime<Utc>,
    ) -> Result<Stabilized, Refused<S>> {
        self.monitor_step(health, at)
            .map_err(|r| r.during(Step::Monitor))
    }

    fn monitor_step(
        self,
        health: &HealthReport,
        at: DateTime<Utc>,
    ) -> Result<Stabilized, Refused<S>> {
        self.health_step(health, at)
    }
}

impl Migration<Stabilization> {
    /// Records the review a Vulnerable reading requires (framework §8, "Review Required"):
    /// who reviewed, and what they decided. Completion waits for it.
    ///
    /// # Errors
    ///
    /// [`Refused`] when time went backwards or the review is blank.
    ///
    /// ```
    /// # use kwanus_migration::doc_support::*;
    /// use kwanus_migration::{health, HealthInputs, Policy, Review, Stabilized};
    ///
    /// let policy = Policy::default();
    /// let weak = health::score(&HealthInputs::uniform(65.0), &policy)?;
    /// let Stabilized::Steady(m) = stabilized()?.monitor(&weak, t(6))? else {
    ///     return Err("expected steady".into());
    /// };
    /// assert!(m.review_pending());
    /// let m = m.review(Review { by: "tsc-duty".into(), decision: "continue; watch error rates".into() }, t(7))?;
    /// assert!(!m.review_pending());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn review(
        self,
        review: Review,
        at: DateTime<Utc>,
    ) -> Result<Migration<Stabilization>, Refused<Stabilization>> {
        self.review_step(review, at)
            .map_err(|r| r.during(Step::Review))
    }

    fn review_step(
        self,
        review: Review,
        at: DateTime<Utc>,
    ) -> Result<Migration<Stabilization>, Refused<Stabilization>> {
        if let Err(r) = self.check_time(at) {
            return Err(self.refuse(r));
        }
        if review.by.trim().is_empty() || review.decision.trim().is_empty() {
            return Err(self.refuse(Refusal::BlankReview));
        }
        self.advance(
            at,
            EventDetail::Reviewed {
                by: review.by,
                decision: review.decision,
            },
        )
    }
}

impl<S: Stage> Migration<S> {
    /// Completes the migration and removes the fallback (playbook §4 step 7, "fallback
    /// removed, migration marked complete, lifecycle updated"; Rites of Continuity and
    /// Release).
    ///
    /// Only after the fallback window has run ([`Migration::fallback_until`]), with a last
    /// health reading of Reliable or better and no review pending. Completing before the
    /// recommended window ([`Migration::recommended_until`]) is allowed and the completion
    /// carries the warning. The completion records the lifecycle update: the target is
    /// current, the origin retired, and the next review falls one governance interval
    /// ([`Policy::governance_interval_months`]) later.
    ///
    /// # Errors
    ///
    /// [`Refused`] with [`Refusal::FallbackWindowRunning`], [`Refusal::HealthNotSettled`],
    /// [`Refusal::NoHealthReading`] or [`Refusal::ReviewRequired`].
    ///
    /// ```
    /// # use kwanus_migration::doc_support::*;
    /// use kwanus_migration::Policy;
    ///
    /// let policy = Policy::default();
    /// let m = stabilized()?;
    /// let too_early = m.complete(t(6), &policy).unwrap_err();
    /// assert_eq!(too_early.reason().code(), "flow.fallback_window_running");
    /// let done = too_early.into_inner().complete(t(24 * 200), &policy)?;
    /// assert_eq!(done.lineage().last().and_then(|e| e.rite), Some(kwanus_migration::Rite::Release));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn complete(
        self,
        at: DateTime<Utc>,
        policy: &Policy,
    ) -> Result<Migration<Continuity>, Refused<S>>
    where
        S: CanComplete,
    {
        self.complete_step(at, policy)
            .map_err(|r| r.during(Step::Complete))
    }

    fn complete_step(
        self,
        at: DateTime<Utc>,
        policy: &Policy,
    ) -> Result<Migration<Continuity>, Refused<S>>
    where
        S: CanComplete,
    {
        if let Err(r) = self.check_time(at) {
            return Err(self.refuse(r));
        }
        let until = self.core.fallback_until.unwrap_or(DateTime::<Utc>::MAX_UTC);
        if at < until {
            return Err(self.refuse(Refusal::FallbackWindowRunning { until, at }));
        }
        match self.core.last_band {
            None => return Err(self.refuse(Refusal::NoHealthReading)),
            Some(b) if !replay::completes(b) => {
                return Err(self.refuse(Refusal::HealthNotSettled(b)))
            }
            Some(_) => {}
        }
        if self.core.review_pending {
            return Err(self.refuse(Refusal::ReviewRequired));
        }
        let completed = EventDetail::Completed {
            below_recommended_window: self.core.recommended_until.is_some_and(|r| at < r),
            current: self.core.target.clone(),
            retired: self.core.origin.clone(),
            next_review: at
                .checked_add_months(chrono::Months::new(policy.governance_interval_months()))
                .unwrap_or(DateTime::<Utc>::MAX_UTC),
        };
        self.advance_pair::<Continuity, Continuity>(at, completed, EventDetail::Released {})
    }

    /// Returns to the previous stable version (framework §3, fallback migration; playbook
    /// §6), under governance: `authority` is the approval of the body governing the
    /// migration's category, or [`FallbackAuthority::Sanctioned`] for a reason the flow
    /// itself established and the policy sanctions ([`Policy::automatic_fallback`]): a
    /// failed validation from [`Rejected`], At Risk from [`Throttled`]. Possible once the
    /// release exists; calling it in any other stage does not compile.
    ///
    /// # Errors
    ///
    /// [`Refused`] when time went backwards, the reason is blank or reserved, or the fallback
    /// is not governed ([`Refusal::UngovernedFallback`]).
    ///
    /// ```
    /// # use kwanus_migration::doc_support::*;
    /// use kwanus_migration::{Approval, FallbackAuthority, FallbackReason, GovernanceBody, Mode, Policy};
    ///
    /// let policy = Policy::default();
    /// let m = transitioned()?;
    /// // a partner's request is not a reason the flow sanctions: it needs the TSC
    /// let refused = m.fall_back(FallbackReason::PartnerRequest, FallbackAuthority::Sanctioned, t(3), &policy).unwrap_err();
    /// assert_eq!(refused.reason().code(), "flow.ungoverned_fallback");
    /// let approval = Approval { body: GovernanceBody::Tsc, by: "tsc-duty".into(), at: t(3) };
    /// let fallen = refused.into_inner().fall_back(
    ///     FallbackReason::PartnerRequest,
    ///     FallbackAuthority::Approved { approval },
    ///     t(3),
    ///     &policy,
    /// )?;
    /// assert_eq!(fallen.mode(), Mode::Fallback);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn fall_back(
        self,
        reason: FallbackReason,
        authority: FallbackAuthority,
        at: DateTime<Utc>,
        policy: &Policy,
    ) -> Result<Migration<FallenBack>, Refused<S>>
    where
        S: CanFallBack,
    {
        self.fall_back_step(reason, authority, at, policy)
            .map_err(|r| r.during(Step::FallBack))
    }

    fn fall_back_step(
        self,
        reason: FallbackReason,
        authority: FallbackAuthority,
        at: DateTime<Utc>,
        policy: &Policy,
    ) -> Result<Migration<FallenBack>, Refused<S>>
    where
        S: CanFallBack,
    {
        if let Err(r) = self.check_time(at) {
            return Err(self.refuse(r));
        }
        if reason == FallbackReason::HealthUnstable {
            // restriction is the flow's own verdict on an Unstable reading
            return Err(self.refuse(Refusal::ReservedReason));
        }
        if matches!(&reason, FallbackReason::Other { detail } if detail.trim().is_empty()) {
            return Err(self.refuse(Refusal::BlankReason));
        }
        let body = self.core.kind.category().governing_body();
        let ungoverned = |why| Refusal::UngovernedFallback { body, why };
        match &authority {
            FallbackAuthority::Approved { approval } => {
                if approval.body != body {
                    return Err(self.refuse(ungoverned("the approval is another body's")));
                }
                if !approval.is_valid_at(at) {
                    return Err(self.refuse(ungoverned(
                        "the approval is unsigned or dated after the fallback",
                    )));
                }
            }
            FallbackAuthority::Sanctioned => {
                let established = match reason {
                    FallbackReason::ValidationFailed => S::NAME == StageName::Rejected,
                    FallbackReason::HealthAtRisk => S::NAME == StageName::Throttled,
                    _ => false,
                };
                if !established {
                    return Err(self.refuse(ungoverned(
                        "only a failed validation (rejected) or a throttle (at risk) sanction a fallback",
                    )));
                }
                if !policy.automatic_fallback() {
                    return Err(
                        self.refuse(ungoverned("the policy sanctions no automatic fallback"))
                    );
                }
            }
        }
        let to = self.core.origin.clone();
        self.advance(
            at,
            EventDetail::FellBack {
                reason,
                to,
                restricted: false,
                authority,
            },
        )
    }
}

impl Migration<FallenBack> {
    /// What the plan of a remediation must hold: the requirements of the migration, and for
    /// a severe problem the review of the body governing its category.
    #[must_use]
    pub fn requirements(&self, severity: Severity) -> Requirements {
        let mut needs = Requirements::of(self.core.kind, self.core.mode, &self.core.triggers);
        let body = self.core.kind.category().governing_body();
        if severity.needs_review() && !needs.approvals.contains(&body) {
            needs.approvals.push(body);
            needs.approvals.sort();
        }
        needs
    }

    /// Remediates and prepares again (playbook §9: identify root cause, submit remediation
    /// plan, implement fixes; then re-validation through the flow passes and restores full
    /// access).
    ///
    /// The remediation window counts from when the problem was found (the failed check or
    /// the unstable reading that led here; the remediation itself when nothing was found),
    /// by severity and `policy` ([`rules::RemediationWindow`]), and is met by passing
    /// re-validation. Until then access stays restricted. A severe problem also needs the
    /// review of the governing body of the kind's category.
    ///
    /// # Errors
    ///
    /// [`Refused`] for a blank root cause or fixes, or a plan [`Migration::prepare`] would
    /// refuse.
    ///
    /// ```
    /// # use kwanus_migration::doc_support::*;
    /// use kwanus_migration::{Policy, Remediation, Severity, Validated};
    ///
    /// let policy = Policy::default();
    /// let Validated::Failed(rejected) = transitioned()?.validate(&platform(), &[failed_suite(t(3))], t(3), &policy)? else {
    ///     return Err("expected a failure".into());
    /// };
    /// let fallen = rejected.restrict(t(4))?;
    /// let fix = Remediation {
    ///     root_cause: "v2 dropped a field".into(),
    ///     fixes: "field restored".into(),
    ///     severity: Severity::Moderate,
    /// };
    /// let again = fallen.remediate(fix, &plan(), t(48), &policy)?;
    /// // the window counts from the failed validation at t(3), not from the fix at t(48)
    /// assert_eq!(again.remediation_deadline(), Some(t(3) + chrono::Duration::days(14)));
    /// assert!(again.is_restricted());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn remediate(
        self,
        remediation: Remediation,
        plan: &Plan,
        at: DateTime<Utc>,
        policy: &Policy,
    ) -> Result<Migration<Preparation>, Refused<FallenBack>> {
        self.remediate_step(remediation, plan, at, policy)
            .map_err(|r| r.during(Step::Remediate))
    }

    fn remediate_step(
        self,
        remediation: Remediation,
        plan: &Plan,
        at: DateTime<Utc>,
        policy: &Policy,
    ) -> Result<Migration<Preparation>, Refused<FallenBack>> {
        if let Err(r) = self.check_time(at) {
            return Err(self.refuse(r));
        }
        if remediation.root_cause.trim().is_empty() {
            return Err(self.refuse(Refusal::MissingRemediationPart("root cause")));
        }
        if remediation.fixes.trim().is_empty() {
            return Err(self.refuse(Refusal::MissingRemediationPart("fixes")));
        }
        let missing = self.requirements(remediation.severity).missing(plan, at);
        if !missing.is_empty() {
            return Err(self.refuse(Refusal::IncompletePlan(missing)));
        }
        let (documents, approvals) = plan_summary(plan, at);
        let found_at = self.core.problem_found.unwrap_or(at);
        let window = rules::RemediationWindow::open(remediation.severity, found_at, policy);
        self.advance(
            at,
            EventDetail::Remediated {
                root_cause: remediation.root_cause,
                fixes: remediation.fixes,
                severity: remediation.severity,
                found_at,
                deadline: window.deadline,
                documents,
                approvals,
            },
        )
    }
}

impl Migration<Continuity> {
    /// Whether the fallback has been removed (always true for a completed migration).
    #[must_use]
    pub fn fallback_released(&self) -> bool {
        self.core.released
    }
}
