//! The six-step flow as a typestate.

use core::fmt;
use core::marker::PhantomData;

use chrono::{DateTime, Utc};
use semver::Version;

pub(crate) mod artifacts;
pub(crate) mod chain;
pub(crate) mod lineage;
pub(crate) mod record;
pub(crate) mod replay;

use self::artifacts::{
    required_approvals, Approval, Attestation, Document, DocumentKind, FallbackReason, Notice,
    Plan, PlanPart, Release, Remediation, Runtime, ValidationReport, Window,
};
use self::lineage::{Event, EventDetail, Lineage};
use self::record::ReplayError;
use self::replay::Core;
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
}

impl StageName {
    /// Every stage, in the order of the flow, then [`StageName::FallenBack`].
    pub const ALL: [StageName; 7] = [
        StageName::Detection,
        StageName::Preparation,
        StageName::Transition,
        StageName::Validation,
        StageName::Stabilization,
        StageName::Continuity,
        StageName::FallenBack,
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
    /// Step 3, "Transition: the migration occurs" (playbook: versioned rollout).
    Transition,
    /// Step 4, "Validation: compatibility and sustainability are verified".
    Validation,
    /// Step 5, "Stabilization: partner adjusts to the new version/state" (playbook:
    /// monitoring).
    Stabilization,
    /// Step 6, "Continuity: partner resumes normal operation" (playbook: completion, fallback
    /// removed). Terminal.
    Continuity,
    /// Returned to the previous stable version (framework: fallback migration). Can be
    /// remediated and prepared again.
    FallenBack
}

/// The stages a migration can fall back from: Transition, Validation and Stabilization.
#[diagnostic::on_unimplemented(
    message = "a migration in `{Self}` cannot fall back",
    label = "fallback is only possible from Transition, Validation or Stabilization",
    note = "a migration falls back to its previous stable version only after it has transitioned"
)]
pub trait CanFallBack: Stage {}
impl CanFallBack for Transition {}
impl CanFallBack for Validation {}
impl CanFallBack for Stabilization {}

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
    /// A part of the plan is blank.
    #[error("the plan has no {0}")]
    MissingPlanPart(PlanPart),
    /// A required document is missing (or its location is blank).
    #[error("the required document \"{0}\" is missing")]
    MissingDocument(DocumentKind),
    /// Guided mode without a compatibility mapping.
    #[error("guided mode needs a compatibility mapping, and the plan has none")]
    MissingCompatibilityMapping,
    /// A required governance approval is missing (or signed by no one, or dated later).
    #[error("the migration needs the approval of {0}, and the plan has none valid")]
    MissingApproval(GovernanceBody),
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
    /// The transition would run in a shared runtime.
    #[error("the transition runtime is not shielded")]
    NotShielded,
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
            Refusal::MissingPlanPart(_) => "flow.missing_plan_part",
            Refusal::MissingDocument(_) => "flow.missing_document",
            Refusal::MissingCompatibilityMapping => "flow.missing_compatibility_mapping",
            Refusal::MissingApproval(_) => "flow.missing_approval",
            Refusal::UnversionedChange(_) => "flow.unversioned_change",
            Refusal::SilentBreakingChange { .. } => "flow.silent_breaking_change",
            Refusal::CompatibilityContradicted(_) => "flow.compatibility_contradicted",
            Refusal::MissingContract(_) => "flow.missing_contract",
            Refusal::BadAttestation { .. } => "flow.bad_attestation",
            Refusal::VersionMismatch { .. } => "flow.version_mismatch",
            Refusal::AboveVersionCeiling { .. } => "flow.above_version_ceiling",
            Refusal::NotShielded => "flow.not_shielded",
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

/// A refused step: the reason, and the migration, unchanged.
///
/// ```
/// # use kwanus_migration::doc_support::*;
/// let detected = detected()?;
/// let refused = detected.prepare(&Plan::default(), t(1)).unwrap_err();
/// assert_eq!(refused.reason().code(), "flow.missing_plan_part");
/// let detected = refused.into_inner(); // nothing lost
/// assert_eq!(detected.lineage().len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Refused<S: Stage> {
    migration: Migration<S>,
    reason: Refusal,
}

impl<S: Stage> Refused<S> {
    /// Why the step was refused.
    #[must_use]
    pub fn reason(&self) -> &Refusal {
        &self.reason
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
        (self.migration, self.reason)
    }
}

impl<S: Stage> fmt::Debug for Refused<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Refused")
            .field("stage", &S::NAME)
            .field("reason", &self.reason)
            .finish_non_exhaustive()
    }
}

impl<S: Stage> fmt::Display for Refused<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} refused: {}", S::NAME, self.reason)
    }
}

impl<S: Stage> std::error::Error for Refused<S> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.reason)
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
    /// When a forced migration (or the last remediation) is due.
    #[must_use]
    pub fn remediation_deadline(&self) -> Option<DateTime<Utc>> {
        self.core.remediation_deadline
    }
    /// Whether the remediation deadline has passed at `at` and the migration has not yet
    /// completed.
    #[must_use]
    pub fn is_overdue(&self, at: DateTime<Utc>) -> bool {
        self.core.stage != StageName::Continuity
            && self.core.remediation_deadline.is_some_and(|d| at > d)
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
        &self.core.approvals
    }
    /// The documents of the current plan, with their locations, as recorded.
    #[must_use]
    pub fn documents(&self) -> &[Document] {
        &self.core.documents
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
        self.core.contracts.as_ref()
    }
    /// The evidence the release brought, once released.
    #[must_use]
    pub fn evidence(&self) -> Option<&artifacts::Evidence> {
        self.core.evidence.as_ref()
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
            reason,
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
            digest: chain::Digest::GENESIS,
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

fn check_plan(
    plan: &Plan,
    kind: MigrationKind,
    mode: Mode,
    triggers: &[Trigger],
    at: DateTime<Utc>,
) -> Result<(), Refusal> {
    for (part, text) in [
        (PlanPart::Strategy, &plan.strategy),
        (PlanPart::CompatibilityPlan, &plan.compatibility_plan),
        (PlanPart::TestingPlan, &plan.testing_plan),
        (PlanPart::RollbackPlan, &plan.rollback_plan),
    ] {
        if text.trim().is_empty() {
            return Err(Refusal::MissingPlanPart(part));
        }
    }
    for doc in DocumentKind::required_for(kind) {
        if !Document::present(&plan.documents, doc) {
            return Err(Refusal::MissingDocument(doc));
        }
    }
    if mode == Mode::Guided
        && !plan
            .compatibility_mapping
            .iter()
            .any(|m| !m.from.trim().is_empty() && !m.to.trim().is_empty())
    {
        return Err(Refusal::MissingCompatibilityMapping);
    }
    for body in required_approvals(kind, mode, triggers) {
        if !valid_approvals(&plan.approvals, at).any(|b| b == body) {
            return Err(Refusal::MissingApproval(body));
        }
    }
    Ok(())
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
            digest: chain::Digest::GENESIS,
        };
        let mut scratch = Vec::with_capacity(256);
        event.digest = chain::digest(&chain::Digest::GENESIS, &event, &mut scratch);
        match replay::start(event, &mut scratch) {
            Ok(core) => Ok(Migration::from_core(Box::new(core))),
            // the checks above cover every rule `start` enforces; fail closed regardless
            Err(e) => refuse(notice, OpenRefusal::Inconsistent(e)),
        }
    }

    /// Accepts the plan (playbook §4 steps 2–3; Rite of Preparation).
    ///
    /// Needs the four parts of the plan, the required documents for the kind
    /// ([`DocumentKind::required_for`]), in guided mode a compatibility mapping, and the
    /// approvals [`required_approvals`] names, signed no later than `at`.
    ///
    /// # Errors
    ///
    /// [`Refused`], holding the migration, naming the first thing missing.
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
    /// Rolls out the versioned release (playbook §4 step 5; Rite of Transition).
    ///
    /// The release must be the target version, inside the version ceiling, inside the
    /// migration window, in a shielded runtime; soft mode refuses a breaking change. The
    /// proposed grant is checked against the power ceiling and the fallback grant against
    /// the fallback rules by [`permission::check`], with the plan's approvals. The fallback
    /// window starts now and runs [`Policy::fallback_min_months`].
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
    /// let moved = prepared()?.transition(release(), t(2), &policy, &catalog())?;
    /// assert_eq!(moved.fallback_until(), Some(policy.fallback_until(t(2))));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn transition(
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
                fallback_until: policy.fallback_until(at),
                recommended_until: policy.fallback_recommended_until(at),
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
        if release.runtime != Runtime::Shielded {
            return Err(Refusal::NotShielded);
        }
        self.check_compatibility(release, policy)?;
        let g = &release.evidence.grants;
        let bodies: Vec<GovernanceBody> = valid_approvals(&core.approvals, at).collect();
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
        let changes = match (&core.contracts, &release.evidence.contract) {
            (None, None) => Vec::new(),
            (Some(contracts), Some(built)) if built.version == release.version => {
                breaking(rules::diff(&contracts.old, built, policy))
            }
            _ => return Err(Refusal::MissingContract(release.version.clone())),
        };
        let computed = if core.contracts.is_some() {
            compatibility_of(&changes)
        } else {
            core.compatibility
        };
        if release.compatibility == Some(Compatibility::BackwardCompatible)
            && computed == Compatibility::Breaking
            && core.contracts.is_some()
        {
            return Err(Refusal::CompatibilityContradicted(changes));
        }
        let breaks = computed == Compatibility::Breaking
            || release.compatibility == Some(Compatibility::Breaking);
        let bump = bump_between(&core.origin, &release.version);
        let needs_major =
            changes.iter().any(|c| c.bump == Bump::Major) || (core.contracts.is_none() && breaks);
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
    /// Every dimension passed: the migration is in Validation; full access is restored.
    Passed(Migration<Validation>),
    /// A dimension failed: the failure is in the lineage, the migration stays in Transition,
    /// from where it can fall back ("Failure triggers fallback or restriction") or be
    /// validated again after a fix.
    Failed(Migration<Transition>),
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
        let Some(evidence) = &core.evidence else {
            // a migration in Transition always holds its release's evidence; fail closed:
            // nothing computed, nothing attested, every dimension unverified
            return ValidationReport::from_parts(Default::default(), &[]);
        };
        let rollout = core.rollout_at.unwrap_or(at);
        let provision = FallbackProvision {
            apis: evidence.fallback_apis.clone(),
            workflows: evidence.fallback_workflows.clone(),
            permissions: evidence.grants.fallback.clone(),
            until: core.recommended_until.unwrap_or(rollout),
        };
        let contracts = match (&core.contracts, &evidence.contract) {
            (Some(c), Some(built)) => Some((&c.old, built)),
            _ => None,
        };
        let input = ValidationInput {
            kind: core.kind,
            mode: core.mode,
            triggers: &core.triggers,
            contracts,
            version: &core.target,
            at,
            rollout,
            os_version: &evidence.os_version,
            matrix: &platform.matrix,
            runtimes: &evidence.runtimes,
            supported_runtimes: &platform.supported_runtimes,
            grants: &evidence.grants,
            approvals: &core.approvals,
            documents: &core.documents,
            fallback: &provision,
            catalog: &platform.catalog,
            attestations,
        };
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
    /// use kwanus_migration::{Attestation, Dimension, FallbackReason, Mode, Policy, Validated, Verdict};
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
    /// let fallen = m.fall_back(FallbackReason::ValidationFailed, t(4))?;
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
            self.advance(at, EventDetail::ValidationPassed { dimensions })
                .map(Validated::Passed)
        } else {
            self.advance(at, EventDetail::ValidationFailed { dimensions })
                .map(Validated::Failed)
        }
    }
}

/// The outcome of a health reading ([`Migration::<Validation>::stabilize`],
/// [`Migration::<Stabilization>::monitor`]). Every arm holds the migration.
#[derive(Debug)]
#[must_use]
pub enum Stabilized<S: Stage> {
    /// Stable, Reliable or Vulnerable: the migration is in Stabilization. A Vulnerable
    /// reading means review is required, and completion waits for a Reliable one.
    Steady(Migration<Stabilization>),
    /// At Risk: fallback is offered; the migration stays where it was ("Fallback /
    /// Throttling").
    AtRisk(Migration<S>),
    /// Unstable: forced restriction. The migration fell back with access restricted until
    /// re-validation passes.
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

fn health_step<S: Stage>(
    m: Migration<S>,
    health: &HealthReport,
    at: DateTime<Utc>,
    steady: fn(u16, Band) -> EventDetail,
) -> Result<Stabilized<S>, Refused<S>> {
    if let Err(r) = m.check_time(at) {
        return Err(m.refuse(r));
    }
    let score = hundredths(health.score().value());
    // "insufficient data" asks for review: never better than Vulnerable
    let band = if health.insufficient_data() {
        health.band().min(Band::Vulnerable)
    } else {
        health.band()
    };
    match band {
        Band::Unstable => {
            // record the reading, then the forced fallback with restriction; all or nothing
            let before = m.core.clone();
            let origin = m.core.origin.clone();
            let m = m.advance::<S>(
                at,
                EventDetail::HealthRecorded {
                    score_hundredths: score,
                    band,
                },
            )?;
            let restricted = EventDetail::FellBack {
                reason: FallbackReason::HealthUnstable,
                to: origin,
                restricted: true,
            };
            match m.advance(at, restricted) {
                Ok(m) => Ok(Stabilized::Restricted(m)),
                Err(r) => Err(Migration::<S>::from_core(before).refuse(r.into_parts().1)),
            }
        }
        Band::AtRisk => m
            .advance(
                at,
                EventDetail::HealthRecorded {
                    score_hundredths: score,
                    band,
                },
            )
            .map(Stabilized::AtRisk),
        _ => m.advance(at, steady(score, band)).map(Stabilized::Steady),
    }
}

impl Migration<Validation> {
    /// Reads health after validation (playbook §4 step 6; framework §8; Rite of
    /// Stabilization when it stabilizes). The band decides: Stable, Reliable or Vulnerable
    /// stabilize; At Risk offers fallback; Unstable forces restriction. A report with
    /// insufficient data counts as no better than Vulnerable.
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
    ) -> Result<Stabilized<Validation>, Refused<Validation>> {
        health_step(self, health, at, |score_hundredths, band| {
            EventDetail::Stabilized {
                score_hundredths,
                band,
            }
        })
    }
}

impl Migration<Stabilization> {
    /// Records a monitoring reading during stabilization (playbook §4 step 6). Same bands
    /// as [`Migration::<Validation>::stabilize`]; At Risk keeps the migration here with
    /// fallback offered, and completion waits for a Reliable reading.
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
    /// assert_eq!(m.complete(t(24 * 365)).unwrap_err().reason().code(), "flow.health_not_settled");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn monitor(
        self,
        health: &HealthReport,
        at: DateTime<Utc>,
    ) -> Result<Stabilized<Stabilization>, Refused<Stabilization>> {
        health_step(self, health, at, |score_hundredths, band| {
            EventDetail::HealthRecorded {
                score_hundredths,
                band,
            }
        })
    }
}

impl<S: Stage> Migration<S> {
    /// Completes the migration and removes the fallback (playbook §4 step 7; Rites of
    /// Continuity and Release).
    ///
    /// Only after the fallback window has run ([`Migration::fallback_until`]) and with a
    /// last health reading of Reliable or better.
    ///
    /// # Errors
    ///
    /// [`Refused`] with [`Refusal::FallbackWindowRunning`] or [`Refusal::HealthNotSettled`].
    ///
    /// ```
    /// # use kwanus_migration::doc_support::*;
    /// let m = stabilized()?;
    /// let too_early = m.complete(t(6)).unwrap_err();
    /// assert_eq!(too_early.reason().code(), "flow.fallback_window_running");
    /// let done = too_early.into_inner().complete(t(24 * 200))?;
    /// assert_eq!(done.lineage().last().and_then(|e| e.rite), Some(kwanus_migration::Rite::Release));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn complete(self, at: DateTime<Utc>) -> Result<Migration<Continuity>, Refused<S>>
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
            Some(b) if b < Band::Reliable => return Err(self.refuse(Refusal::HealthNotSettled(b))),
            Some(_) => {}
        }
        let below_recommended_window = self.core.recommended_until.is_some_and(|r| at < r);
        let done: Migration<Continuity> = self.advance(
            at,
            EventDetail::Completed {
                below_recommended_window,
            },
        )?;
        // Completed → Released never fails once Completed was accepted; fail closed anyway
        match done.advance::<Continuity>(at, EventDetail::Released {}) {
            Ok(m) => Ok(m),
            Err(r) => {
                let (mut m, reason) = r.into_parts();
                m.core.lineage.events.pop();
                m.core.stage = S::NAME;
                Err(Migration::<S>::from_core(m.core).refuse(reason))
            }
        }
    }

    /// Returns to the previous stable version (framework §3, fallback migration; playbook
    /// §6). Possible from Transition, Validation and Stabilization only: calling it in any
    /// other stage does not compile.
    ///
    /// # Errors
    ///
    /// [`Refused`] when time went backwards or the reason is blank.
    ///
    /// ```
    /// # use kwanus_migration::doc_support::*;
    /// use kwanus_migration::{FallbackReason, Mode};
    ///
    /// let fallen = transitioned()?.fall_back(FallbackReason::CompatibilityBroken, t(3))?;
    /// assert_eq!(fallen.mode(), Mode::Fallback);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn fall_back(
        self,
        reason: FallbackReason,
        at: DateTime<Utc>,
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
        let to = self.core.origin.clone();
        self.advance(
            at,
            EventDetail::FellBack {
                reason,
                to,
                restricted: false,
            },
        )
    }
}

impl Migration<FallenBack> {
    /// Remediates and prepares again (playbook §9: root cause, remediation plan, fixes; then
    /// re-validation through the flow restores full access).
    ///
    /// The remediation deadline is set from the severity and `policy`, counted from `at`; a
    /// severe problem also needs the review of the governing body of the kind's category.
    ///
    /// # Errors
    ///
    /// [`Refused`] for a blank root cause or fixes, or a plan [`Migration::prepare`] would
    /// refuse.
    ///
    /// ```
    /// # use kwanus_migration::doc_support::*;
    /// use kwanus_migration::{FallbackReason, Policy, Remediation, Severity};
    ///
    /// let fallen = transitioned()?.fall_back(FallbackReason::CompatibilityBroken, t(3))?;
    /// let fix = Remediation {
    ///     root_cause: "v2 dropped a field".into(),
    ///     fixes: "field restored".into(),
    ///     severity: Severity::Minor,
    /// };
    /// let again = fallen.remediate(fix, &plan(), t(4), &Policy::default())?;
    /// assert_eq!(again.stage(), kwanus_migration::StageName::Preparation);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn remediate(
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
        let mode = self.core.mode;
        if let Err(r) = check_plan(plan, self.core.kind, mode, &self.core.triggers, at) {
            return Err(self.refuse(r));
        }
        if remediation.severity.needs_review() {
            let body = self.core.kind.category().governing_body();
            if !valid_approvals(&plan.approvals, at).any(|b| b == body) {
                return Err(self.refuse(Refusal::MissingApproval(body)));
            }
        }
        let (documents, approvals) = plan_summary(plan, at);
        let deadline = policy.remediation_deadline(remediation.severity, at);
        self.advance(
            at,
            EventDetail::Remediated {
                root_cause: remediation.root_cause,
                fixes: remediation.fixes,
                severity: remediation.severity,
                deadline,
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
