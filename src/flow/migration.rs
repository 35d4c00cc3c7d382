//! The migration handle and its read access, the same in every stage.

use core::fmt;
use core::marker::PhantomData;

use chrono::{DateTime, Utc};
use semver::Version;

use super::artifacts::{Approval, Document, Window};
use super::deadline::{Deadline, FallbackWindow};
use super::lineage::Lineage;
use super::replay::Core;
use super::{artifacts, AnyMigration, Stage, StageName};
use crate::band::Band;
use crate::kind::{Category, MigrationKind};
use crate::mode::{Compatibility, Mode};
use crate::partner::PartnerId;
use crate::rules::{self};
use crate::severity::Severity;
use crate::trigger::{Trigger, TriggerClass};

/// A partner migration in stage `S`.
///
/// Each transition consumes the migration and gives back one in the next stage, so a step
/// out of order does not compile. A refused step hands the unchanged migration back inside
/// its [`Refused`](crate::Refused) error. Every step appends an event to the [`Lineage`].
///
/// Every step has one shape: what is given (a plan, a release, attestations, a reading, a
/// reason and its authority), then `at`, the time of the step, then the rules it applies,
/// when it applies any: the [`Policy`](crate::Policy) the migration was opened under, then
/// the [`Platform`](crate::Platform)'s facts. For example `transition(release, at, &policy,
/// &platform)` and `validate(&attestations, at, &policy, &platform)`. A service builds the
/// policy and the platform facts once and passes them to every step.
///
/// All `Migration<S>` have the same size (one pointer): moving one is cheap, and a refusal
/// carrying it stays small.
///
/// See the [crate docs](crate) for a complete walk through the flow.
pub struct Migration<S: Stage> {
    pub(super) core: Box<Core>,
    pub(super) stage: PhantomData<S>,
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
    /// The policy in force since the notice, as the record carries it: every step of this
    /// migration must be given this policy, and the replay holds every event to it.
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
    ///     // stricter than the seeds: a fallback window of 9 months at least
    ///     let policy = Policy::builder().fallback_min_months(9).build()?;
    ///     let m = Migration::open(notice, t0, &policy)?;
    ///     assert_eq!(m.policy(), &policy);
    ///     assert_eq!(m.policy().fallback_min_months(), 9);
    ///     Ok(())
    /// }
    /// ```
    #[must_use]
    pub fn policy(&self) -> &crate::policy::Policy {
        &self.core.policy
    }
    /// The version the partner runs now: the origin until a release rolls out, the released
    /// version from the rollout (and after completion), the origin again after a fallback or a
    /// withdrawal.
    #[must_use]
    pub fn current_version(&self) -> &Version {
        self.core.current_version()
    }
    /// The version of the release in transition or rolled out, if there is one: the target,
    /// or after a remediation the fixed version above the failed one.
    #[must_use]
    pub fn release_version(&self) -> Option<&Version> {
        self.core.release_version()
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
        self.core.is_overdue(at)
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
    /// The fallback window while it runs: from the rollout until the completion releases the
    /// fallback, so in Validation, Stabilization and Throttled only (`None` before the
    /// rollout, after a fallback, in Continuity and Withdrawn).
    #[must_use]
    pub fn fallback_window(&self) -> Option<FallbackWindow> {
        self.core.fallback_window()
    }
    /// What is due next at `at`, and when: the earliest of the deadlines that apply, an
    /// overdue one included (it is the most urgent); `None` when nothing is due.
    ///
    /// Each deadline applies from the state the flow keeps until the step that meets it:
    ///
    /// | kind | applies | until |
    /// |---|---|---|
    /// | [`DeadlineKind::RemediationDeadline`](crate::DeadlineKind::RemediationDeadline) | a remediation is open (a forced notice, a remediation), in every stage under way | a validation passes |
    /// | [`DeadlineKind::WindowClose`](crate::DeadlineKind::WindowClose) | a rollout is still to come: Detection, Preparation, Transition, Rejected, FallenBack | the rollout |
    /// | [`DeadlineKind::FallbackWindowEnd`](crate::DeadlineKind::FallbackWindowEnd) | the fallback window runs: Validation, Stabilization, Throttled | its end has come (the fallback may then be removed: nothing is late) |
    /// | [`DeadlineKind::NextReview`](crate::DeadlineKind::NextReview) | Continuity: the review the completion recorded | never: the crate does not see the review happen (a service tracks it, and the later ones, in a [`rules::GovernanceCalendar`]) |
    ///
    /// A withdrawn migration has no deadline. A deadline past `at` is overdue
    /// ([`Deadline::is_overdue`]) and so comes first; of two due at the same moment, the kind
    /// declared first in [`DeadlineKind`](crate::DeadlineKind). Later `at` never give an earlier deadline: only
    /// the fallback window's end depends on `at`, and it drops out once it has come.
    ///
    /// ```
    /// use chrono::{DateTime, Duration, Utc};
    /// use kwanus_migration::*;
    /// use semver::Version;
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let t0: DateTime<Utc> = "2026-03-02T09:00:00Z".parse()?;
    ///     // forced by a security violation of moderate severity: re-validation due in 14 days
    ///     let notice = Notice::builder(PartnerId::new("acme-billing")?, MigrationKind::PermissionReduction, Version::new(1, 4, 0), Version::new(1, 5, 0))
    ///         .trigger(Trigger::SecurityViolation)
    ///         .severity(Severity::Moderate)
    ///         .compatibility(Compatibility::BackwardCompatible)
    ///         .window_days(t0, 90)
    ///         .build();
    ///     let m = Migration::open(notice, t0, &Policy::default())?;
    ///     let next = m.next_deadline(t0).ok_or("due")?;
    ///     assert_eq!(next.kind, DeadlineKind::RemediationDeadline);
    ///     assert_eq!(Some(next.due), m.remediation_deadline());
    ///     assert_eq!(next.due, t0 + Duration::days(14));
    ///     // overdue, it stays the most urgent
    ///     let late = t0 + Duration::days(15);
    ///     assert!(next.is_overdue(late));
    ///     assert_eq!(m.next_deadline(late), Some(next));
    ///     Ok(())
    /// }
    /// ```
    #[must_use]
    pub fn next_deadline(&self, at: DateTime<Utc>) -> Option<Deadline> {
        self.core.next_deadline(at)
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
}

/// Read access without a match: what a loaded migration tells, whatever its stage. Each
/// answers as the typed handle's method of the same name does
/// ([`Migration::last_band`], [`Migration::is_overdue`], …).
///
/// ```
/// use chrono::{DateTime, Duration, Utc};
/// use kwanus_migration::*;
/// use semver::Version;
///
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     let t0: DateTime<Utc> = "2026-03-02T09:00:00Z".parse()?;
///     // forced by a security violation of moderate severity: re-validation due in 14 days
///     let notice = Notice::builder(PartnerId::new("acme-billing")?, MigrationKind::PermissionReduction, Version::new(1, 4, 0), Version::new(1, 5, 0))
///         .trigger(Trigger::SecurityViolation)
///         .severity(Severity::Moderate)
///         .compatibility(Compatibility::BackwardCompatible)
///         .window_days(t0, 90)
///         .build();
///     let m = Migration::open(notice, t0, &Policy::default())?;
///     let record = m.into_record();
///     let any = AnyMigration::resume(record.clone(), Anchor::Head(record.head))?;
///     assert_eq!(any.stage(), StageName::Detection);
///     assert!(any.is_restricted(), "forced: restricted until re-validation passes");
///     assert!(!any.is_overdue(t0 + Duration::days(14)));
///     assert!(any.is_overdue(t0 + Duration::days(15)));
///     assert_eq!(any.next_deadline(t0).map(|d| d.kind), Some(DeadlineKind::RemediationDeadline));
///     assert_eq!(any.last_band(), None, "no health reading yet");
///     Ok(())
/// }
/// ```
impl AnyMigration {
    /// The migration window (as extended): [`Migration::window`].
    #[must_use]
    pub fn window(&self) -> Window {
        self.core().window
    }
    /// The last health band recorded, if any: [`Migration::last_band`].
    #[must_use]
    pub fn last_band(&self) -> Option<Band> {
        self.core().last_band
    }
    /// When re-validation of a forced migration (or of the last remediation) is due:
    /// [`Migration::remediation_deadline`].
    #[must_use]
    pub fn remediation_deadline(&self) -> Option<DateTime<Utc>> {
        self.core().remediation.map(|w| w.deadline)
    }
    /// The remediation window, if any: [`Migration::remediation`].
    #[must_use]
    pub fn remediation(&self) -> Option<rules::RemediationWindow> {
        self.core().remediation
    }
    /// Whether re-validation has not passed by the remediation deadline at `at`:
    /// [`Migration::is_overdue`].
    #[must_use]
    pub fn is_overdue(&self, at: DateTime<Utc>) -> bool {
        self.core().is_overdue(at)
    }
    /// Whether access is restricted (a forced notice, an Unstable reading, a restricting
    /// fallback or a remediation, until re-validation passes): [`Migration::is_restricted`].
    /// A throttled migration is not restricted by that alone: throttling is the At Risk
    /// reaction, restriction the Unstable one (framework §8).
    #[must_use]
    pub fn is_restricted(&self) -> bool {
        self.core().restricted
    }
    /// Whether a Vulnerable reading awaits its review: [`Migration::review_pending`].
    #[must_use]
    pub fn review_pending(&self) -> bool {
        self.core().review_pending
    }
    /// The fallback window while it runs: [`Migration::fallback_window`].
    #[must_use]
    pub fn fallback_window(&self) -> Option<FallbackWindow> {
        self.core().fallback_window()
    }
    /// What is due next at `at`, and when: [`Migration::next_deadline`], which says what
    /// "next" means.
    #[must_use]
    pub fn next_deadline(&self, at: DateTime<Utc>) -> Option<Deadline> {
        self.core().next_deadline(at)
    }
}
