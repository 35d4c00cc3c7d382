//! What the replay keeps of a migration: its [`State`], the [`Core`] that pairs it with its
//! lineage, a [`View`] of both, and why an event cannot follow ([`ReplayError`]). The band
//! rules the steps share with the replay ([`Reading`], [`needs_review`], [`completes`]) sit
//! here too; [`replay`](super::replay) moves the state.

use chrono::{DateTime, Utc};
use semver::Version;

use super::artifacts::{Approval, Contracts, Document, Evidence, Window};
use super::digest::Digest;
use super::lineage::{Event, EventDetail, Lineage};
use super::StageName;
use crate::band::Band;
use crate::dimension::Dimension;
use crate::governance::GovernanceBody;
use crate::kind::MigrationKind;
use crate::mode::{Compatibility, Mode};
use crate::partner::PartnerId;
use crate::policy::Policy;
use crate::report::Verdict;
use crate::rules::RemediationWindow;
use crate::severity::Severity;
use crate::trigger::Trigger;

/// Why an event cannot follow the events before it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReplayError {
    /// An event's sequence number is not its position.
    #[error("event {seq} is at position {expected}: an event was removed, inserted or reordered")]
    Sequence {
        /// The number found.
        seq: u32,
        /// The position it is at.
        expected: u32,
    },
    /// An event is earlier than the one before it.
    #[error("event {seq} at {at} is earlier than the event before it at {previous}")]
    TimeWentBackwards {
        /// The event.
        seq: u32,
        /// The time of the event before it.
        previous: DateTime<Utc>,
        /// Its time.
        at: DateTime<Utc>,
    },
    /// An event the rules do not allow here.
    #[error("event {seq} ({event}) is not allowed: {why}")]
    IllegalEvent {
        /// The event.
        seq: u32,
        /// Its name.
        event: &'static str,
        /// Why not.
        why: &'static str,
    },
    /// An event's digest does not chain from the event before it: the event, or one before
    /// it, was edited, removed, inserted or reordered.
    #[error("event {seq} does not match its digest: the history was edited from here on")]
    DigestMismatch {
        /// The first event that does not verify.
        seq: u32,
    },
    /// A correction names a field that decides something (a stage, a verdict, a time, a
    /// version, a grant, a piece of evidence), a field its event does not have, or an event
    /// that is not before it: only what decides nothing may be corrected
    /// ([`EventDetail::correctable_fields`]).
    #[error("event {seq} corrects `{field}` of event {event}, which is not a field a correction may touch")]
    DecisiveCorrection {
        /// The correction.
        seq: u32,
        /// The event it names.
        event: u32,
        /// The field it names.
        field: String,
    },
    /// A correction approved by a body that does not govern the migration's category.
    #[error(
        "event {seq} is a correction approved by {body}, but {expected} governs this migration"
    )]
    UngovernedCorrection {
        /// The correction.
        seq: u32,
        /// The body that approved it.
        body: GovernanceBody,
        /// The body governing the migration's category.
        expected: GovernanceBody,
    },
    /// A validation event's verdicts are not the ones the evidence, the platform facts and
    /// the attestations it records give under the migration's policy.
    #[error("event {seq} records {recorded} for the {dimension} dimension, but its evidence gives {computed}")]
    VerdictMismatch {
        /// The validation event.
        seq: u32,
        /// The first dimension that differs.
        dimension: Dimension,
        /// The verdict recorded.
        recorded: Verdict,
        /// The verdict recomputed.
        computed: Verdict,
    },
    /// The record's stage is not the stage its events lead to.
    #[error("the record says {record}, but its events lead to {events}")]
    StageMismatch {
        /// The stage the record states.
        record: StageName,
        /// The stage its events lead to.
        events: StageName,
    },
}

impl ReplayError {
    /// A stable machine-readable code for partner SDKs (the same as the
    /// [`ResumeError`](crate::ResumeError) that carries it).
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            ReplayError::Sequence { .. } => "resume.sequence",
            ReplayError::TimeWentBackwards { .. } => "resume.time_went_backwards",
            ReplayError::IllegalEvent { .. } => "resume.illegal_event",
            ReplayError::DigestMismatch { .. } => "resume.digest_mismatch",
            ReplayError::StageMismatch { .. } => "resume.stage_mismatch",
            ReplayError::DecisiveCorrection { .. } => "resume.decisive_correction",
            ReplayError::VerdictMismatch { .. } => "resume.verdict_mismatch",
            ReplayError::UngovernedCorrection { .. } => "resume.ungoverned_correction",
        }
    }
}

/// What a health band does to a live migration (framework §8's table, as the flow reads
/// it): the one place the flow's steps and the replay both ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reading {
    /// Stable, Reliable or Vulnerable: the migration is steady (Vulnerable: review required).
    Steady,
    /// At Risk: throttled ("Fallback / Throttling").
    Throttle,
    /// Unstable: forced restriction.
    Restrict,
}

impl Reading {
    pub(crate) const fn of(band: Band) -> Reading {
        match band {
            Band::Unstable => Reading::Restrict,
            Band::AtRisk => Reading::Throttle,
            _ => Reading::Steady,
        }
    }
}

/// Whether a band needs a review before completion ("Vulnerable — Review Required").
pub(crate) fn needs_review(band: Band) -> bool {
    band == Band::Vulnerable
}

/// Whether a band lets a migration complete under a completion band
/// ([`Policy::completion_band`](crate::Policy::completion_band), Reliable by default; a
/// policy never sets it below Vulnerable, and the replay refuses a record that does).
pub(crate) fn completes(band: Band, completion_band: Band) -> bool {
    band >= completion_band
}

/// An event a step has promised and the next event must be: the second half of a step
/// recorded as two events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pending {
    /// After a passed validation: the rollout.
    Rollout,
    /// After an Unstable reading: the forced restriction.
    Restriction,
    /// After the completion: the release of the fallback.
    Release,
    /// After an At Risk reading or a collapse of the canary in Transition: the fallback
    /// (framework §7, "collapse during transition triggers fallback or restriction").
    CanaryFallback,
}

/// The state of a migration, whatever its stage, apart from its history: what the replay
/// keeps while it reads the events, each lookup into the history by position.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct State {
    pub(crate) stage: StageName,
    pub(crate) partner: PartnerId,
    pub(crate) triggers: Vec<Trigger>,
    pub(crate) kind: MigrationKind,
    pub(crate) compatibility: Compatibility,
    pub(crate) mode: Mode,
    pub(crate) origin: Version,
    pub(crate) target: Version,
    pub(crate) window: Window,
    pub(crate) severity: Option<Severity>,
    /// The open remediation window (a forced migration, a remediation), if any.
    pub(crate) remediation: Option<RemediationWindow>,
    /// When the current problem was established (the forced notice, a failed validation,
    /// the reading that throttled, an unstable reading, the fallback), until re-validation
    /// passes.
    pub(crate) problem_found: Option<DateTime<Utc>>,
    /// When the current throttle began (an At Risk reading or a collapse), until a steady
    /// reading lifts it: a fallback from the throttle counts its problem from here.
    pub(crate) throttled_at: Option<DateTime<Utc>>,
    /// The position of the current plan's event (prepared or remediated) in the lineage:
    /// its documents and approvals are read there, never copied.
    pub(crate) plan_event: Option<usize>,
    /// The position of the current release's event (transitioned): its evidence is read there.
    pub(crate) release_event: Option<usize>,
    /// The position of the release that failed before the current remediation: the fixed
    /// release carries a version above it (playbook §5: no unversioned changes).
    pub(crate) failed_release: Option<usize>,
    pub(crate) rollout_at: Option<DateTime<Utc>>,
    pub(crate) fallback_until: Option<DateTime<Utc>>,
    pub(crate) recommended_until: Option<DateTime<Utc>>,
    pub(crate) last_band: Option<Band>,
    /// Access restricted until re-validation passes.
    pub(crate) restricted: bool,
    /// A Vulnerable reading awaits its review.
    pub(crate) review_pending: bool,
    pub(crate) pending: Option<Pending>,
    /// Whether the history holds a correction (it then resumes only under an anchor).
    pub(crate) amended: bool,
    /// The policy the notice recorded.
    pub(crate) policy: Policy,
}

/// A migration's state and the lineage it owns: what a [`Migration`](crate::Migration)
/// holds. Reads of the state go through to it ([`Deref`](core::ops::Deref)).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Core {
    pub(crate) state: State,
    pub(crate) lineage: Lineage,
}

impl core::ops::Deref for Core {
    type Target = State;
    fn deref(&self) -> &State {
        &self.state
    }
}

impl core::ops::DerefMut for Core {
    fn deref_mut(&mut self) -> &mut State {
        &mut self.state
    }
}

/// A state and the history it was built from, for the lookups that read earlier events
/// (the notice's contracts, the plan, the release): the same whether the history is a
/// migration's own lineage or a record being verified in place.
#[derive(Clone, Copy)]
pub(crate) struct View<'a> {
    pub(crate) state: &'a State,
    pub(crate) history: &'a [Event],
}

/// The highest score a health event can hold: 100.00 points.
pub(crate) const MAX_HUNDREDTHS: u16 = 10_000;

impl<'a> View<'a> {
    /// `state` read against `history`.
    pub(crate) fn of(state: &'a State, history: &'a [Event]) -> View<'a> {
        View { state, history }
    }

    fn detail(self, at: Option<usize>) -> Option<&'a EventDetail> {
        at.and_then(|i| self.history.get(i)).map(|e| &e.detail)
    }

    /// The contracts the notice carried.
    pub(crate) fn contracts(self) -> Option<&'a Contracts> {
        match self.detail(Some(0)) {
            Some(EventDetail::Opened(o)) => o.contracts.as_deref(),
            _ => None,
        }
    }

    /// The version and contract of a release event.
    fn release_at_index(
        self,
        i: Option<usize>,
    ) -> Option<(&'a Version, Option<&'a crate::rules::Contract>)> {
        match self.detail(i) {
            Some(EventDetail::Transitioned {
                version, evidence, ..
            }) => Some((version, evidence.contract.as_ref())),
            _ => None,
        }
    }

    /// The current release's version.
    pub(crate) fn release_version(self) -> Option<&'a Version> {
        self.release_at_index(self.state.release_event)
            .map(|(v, _)| v)
    }

    /// The release that failed before the current remediation: its version and contract.
    pub(crate) fn failed_release(
        self,
    ) -> Option<(&'a Version, Option<&'a crate::rules::Contract>)> {
        self.release_at_index(self.state.failed_release)
    }

    /// When the current release was placed in transition.
    pub(crate) fn release_at(self) -> Option<DateTime<Utc>> {
        self.state
            .release_event
            .and_then(|i| self.history.get(i))
            .map(|e| e.at)
    }

    /// The current plan's documents.
    pub(crate) fn documents(self) -> &'a [Document] {
        match self.detail(self.state.plan_event) {
            Some(
                EventDetail::Prepared { documents, .. } | EventDetail::Remediated { documents, .. },
            ) => documents,
            _ => &[],
        }
    }

    /// The current plan's approvals.
    pub(crate) fn approvals(self) -> &'a [Approval] {
        match self.detail(self.state.plan_event) {
            Some(
                EventDetail::Prepared { approvals, .. } | EventDetail::Remediated { approvals, .. },
            ) => approvals,
            _ => &[],
        }
    }

    /// The current release's evidence.
    pub(crate) fn evidence(self) -> Option<&'a std::sync::Arc<Evidence>> {
        match self.detail(self.state.release_event) {
            Some(EventDetail::Transitioned { evidence, .. }) => Some(evidence),
            _ => None,
        }
    }

    /// The time of the last event (a history always holds its opening event).
    pub(crate) fn last_at(self) -> DateTime<Utc> {
        self.history
            .last()
            .map_or(DateTime::<Utc>::MIN_UTC, |e| e.at)
    }

    /// The digest of the last event.
    pub(crate) fn head(self) -> Digest {
        self.history.last().map_or(Digest::GENESIS, |e| e.digest)
    }
}
