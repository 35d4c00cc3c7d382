//! The one place that moves a migration's state: [`start`] reads the first event and
//! [`step`] applies each next one. Both the transitions (through `advance`) and `resume` go
//! through them, so a record the transitions wrote always resumes, and a record they could
//! not have written never does.
//!
//! Longer than 500 lines on purpose: `step` is one `match` over every event kind, each arm
//! the whole rule for its event (what must precede it, what it must hold, what it changes),
//! and the rules read best side by side; the band rules it shares with the steps
//! ([`Reading`], [`needs_review`], [`completes`]) sit above it.

use chrono::{DateTime, Utc};
use semver::Version;

use super::artifacts::{
    Approval, Attestation, Contracts, DimensionOutcome, Document, Evidence, FallbackAuthority,
    FallbackReason, Platform, ValidationReport, Window,
};
use super::chain;
use super::digest::Digest;
use super::lineage::{Event, EventDetail, Lineage, Opening};
use super::StageName;
use crate::band::Band;
use crate::dimension::Dimension;
use crate::governance::GovernanceBody;
use crate::kind::MigrationKind;
use crate::mode::{Compatibility, Mode};
use crate::partner::PartnerId;
use crate::policy::Policy;
use crate::report::Verdict;
use crate::rules::{self, FallbackProvision, RemediationWindow, ValidationInput};
use crate::severity::Severity;
use crate::trigger::{Trigger, TriggerClass};

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
    pub(crate) fn evidence(self) -> Option<&'a Evidence> {
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
    fn head(self) -> Digest {
        self.history.last().map_or(Digest::GENESIS, |e| e.digest)
    }
}

impl Core {
    /// The state with its own lineage as the history.
    pub(crate) fn view(&self) -> View<'_> {
        View {
            state: &self.state,
            history: &self.lineage.events,
        }
    }

    /// The contracts the notice carried.
    pub(crate) fn contracts(&self) -> Option<&Contracts> {
        self.view().contracts()
    }

    /// The policy in force since the notice.
    pub(crate) fn policy(&self) -> &Policy {
        &self.state.policy
    }

    /// The current release's version.
    pub(crate) fn release_version(&self) -> Option<&Version> {
        self.view().release_version()
    }

    /// The release that failed before the current remediation: its version and contract.
    pub(crate) fn failed_release(&self) -> Option<(&Version, Option<&crate::rules::Contract>)> {
        self.view().failed_release()
    }

    /// The version the partner runs now: the release once it rolled out, else the origin.
    pub(crate) fn current_version(&self) -> &Version {
        match self.stage {
            StageName::Validation
            | StageName::Stabilization
            | StageName::Throttled
            | StageName::Continuity => self.release_version().unwrap_or(&self.origin),
            _ => &self.origin,
        }
    }

    /// When the current release was placed in transition.
    pub(crate) fn release_at(&self) -> Option<DateTime<Utc>> {
        self.view().release_at()
    }

    /// The current plan's documents.
    pub(crate) fn documents(&self) -> &[Document] {
        self.view().documents()
    }

    /// The current plan's approvals.
    pub(crate) fn approvals(&self) -> &[Approval] {
        self.view().approvals()
    }

    /// The current release's evidence.
    pub(crate) fn evidence(&self) -> Option<&Evidence> {
        self.view().evidence()
    }

    pub(crate) fn last_at(&self) -> DateTime<Utc> {
        self.view().last_at()
    }

    /// Starts a migration from its opening event (see [`start`]), owning it.
    pub(crate) fn start(event: Event, scratch: &mut chain::Scratch) -> Result<Core, ReplayError> {
        let state = start(&event, scratch)?;
        Ok(Core {
            state,
            lineage: Lineage {
                events: vec![event],
            },
        })
    }

    /// Applies `event` (see [`step`]) and appends it to the lineage.
    pub(crate) fn step(
        &mut self,
        event: Event,
        scratch: &mut chain::Scratch,
    ) -> Result<(), ReplayError> {
        step(&mut self.state, &self.lineage.events, &event, scratch)?;
        self.lineage.events.push(event);
        Ok(())
    }
}

fn is_stable(v: &Version) -> bool {
    v.pre.is_empty()
}

/// Whether `a` and `b` are the same version once build metadata is ignored: build metadata
/// alone is not a change (SemVer 2.0 §10), in the flow and in the rules alike.
pub(crate) fn same_version(a: &Version, b: &Version) -> bool {
    a.cmp_precedence(b) == core::cmp::Ordering::Equal
}

/// A validation event's outcomes cover the six dimensions in order, each computed or
/// attested (or marked unverified), with sound attestations.
fn outcomes_ok(
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
/// outcomes must be exactly those.
fn recompute(
    view: View<'_>,
    seq: u32,
    recorded: &[DimensionOutcome],
    platform: &Platform,
    at: DateTime<Utc>,
) -> Result<(), ReplayError> {
    let attestations: Vec<_> = recorded
        .iter()
        .flat_map(|o| o.attestations.iter().cloned())
        .collect();
    let computed = report_of(view, platform, &attestations, at).outcomes();
    match recorded.iter().zip(&computed).find(|(r, c)| r != c) {
        None if recorded.len() == computed.len() => Ok(()),
        found => {
            let (dimension, recorded, computed) = found.map_or(
                (Dimension::Version, Verdict::Unverified, Verdict::Unverified),
                |(r, c)| (r.dimension, r.verdict, c.verdict),
            );
            Err(ReplayError::VerdictMismatch {
                seq,
                dimension,
                recorded,
                computed,
            })
        }
    }
}

/// The band a score in hundredths reaches under the policy's edges (whole points), in exact
/// integer arithmetic: a reading's band is never above it (a hard gate or missing data may
/// put it lower).
fn band_reached(score_hundredths: u16, policy: &Policy) -> Band {
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

const READING_RULE: &str =
    "a reading's band is never above the one its score reaches under the policy";

fn not_passed(o: &DimensionOutcome) -> bool {
    matches!(o.verdict, Verdict::Fail | Verdict::Unverified)
}

fn illegal(event: &Event, why: &'static str) -> ReplayError {
    ReplayError::IllegalEvent {
        seq: event.seq,
        event: event.detail.name(),
        why,
    }
}

const PLAN_RULE: &str =
    "a plan records documents with a location and approvals signed by someone, no later than itself";

/// The documents and approvals a plan event records: each document with a location, each
/// approval signed by someone no later than the event.
fn plan_ok(documents: &[Document], approvals: &[Approval], at: DateTime<Utc>) -> bool {
    documents.iter().all(|d| !d.location.trim().is_empty())
        && approvals.iter().all(|a| a.is_valid_at(at))
}

/// Starts a migration from its opening event, checking the event's invariants.
pub(crate) fn start(event: &Event, scratch: &mut chain::Scratch) -> Result<State, ReplayError> {
    let seq = event.seq;
    if chain::digest(&Digest::GENESIS, event, scratch) != event.digest {
        return Err(ReplayError::DigestMismatch { seq });
    }
    let bad = |why: &'static str| illegal(event, why);
    if event.rite != event.detail.rite() {
        return Err(bad("its rite is not the rite of its event"));
    }
    if !times_writable(event) {
        return Err(bad(LEAP_RULE));
    }
    {
        let EventDetail::Opened(opened) = &event.detail else {
            return Err(bad("a lineage must begin with the opening notice"));
        };
        let Opening {
            partner,
            triggers,
            kind,
            compatibility,
            mode,
            origin,
            target,
            fallback_target,
            window,
            severity,
            remediation_deadline,
            contracts,
            policy,
        } = &**opened;
        if seq != 0 {
            return Err(ReplayError::Sequence { seq, expected: 0 });
        }
        if triggers.is_empty() || triggers.windows(2).any(|w| w[0] >= w[1]) {
            return Err(bad("triggers must be non-empty, sorted and distinct"));
        }
        if target.cmp_precedence(origin) != core::cmp::Ordering::Greater
            || !is_stable(target)
            || !is_stable(origin)
        {
            return Err(bad(
                "the target must be a stable version above the stable origin",
            ));
        }
        if contracts.as_ref().is_some_and(|c| {
            !same_version(&c.old.version, origin) || !same_version(&c.new.version, target)
        }) || (kind.has_contract() && contracts.is_none())
        {
            return Err(bad(
                "a kind with a contract carries the contracts of its origin and target",
            ));
        }
        if fallback_target != origin {
            return Err(bad("the fallback target is the origin"));
        }
        if window.closes < window.opens {
            return Err(bad("the migration window closes before it opens"));
        }
        if matches!(mode, Mode::Fallback) {
            return Err(bad("a migration never opens in fallback mode"));
        }
        if TriggerClass::of(triggers).map(|class| Mode::for_change(class, *compatibility))
            != Some(*mode)
        {
            return Err(bad(
                "the mode does not follow from the triggers and compatibility",
            ));
        }
        let forced = triggers.iter().any(|t| t.class() == TriggerClass::Forced);
        if forced != (*mode == Mode::Forced)
            || forced != severity.is_some()
            || severity.is_some() != remediation_deadline.is_some()
        {
            return Err(bad(
                "forced mode, severity and deadline must come together with a forced trigger",
            ));
        }
        if *remediation_deadline != severity.map(|s| policy.remediation_deadline(s, event.at)) {
            return Err(bad(
                "the remediation deadline is the policy's window for the severity, from the notice",
            ));
        }
        if let Some(c) = contracts {
            // the compatibility the contracts show under the policy; a declared break the
            // contracts do not show stands (a semantic break no contract shows)
            let changes = rules::diff_contracts(&c.old, &c.new, policy);
            let bump = rules::bump_between(origin, target);
            if bump != rules::Bump::Major && changes.iter().any(|c| c.bump == rules::Bump::Major) {
                return Err(bad("a breaking change in the contracts needs a major bump"));
            }
            let computed = rules::compatibility_of(&changes);
            if *compatibility != computed && *compatibility != Compatibility::Breaking {
                return Err(bad(
                    "the compatibility is not the one the contracts show under the policy",
                ));
            }
        }
        let state = State {
            stage: StageName::Detection,
            partner: partner.clone(),
            triggers: triggers.clone(),
            kind: *kind,
            compatibility: *compatibility,
            mode: *mode,
            origin: origin.clone(),
            target: target.clone(),
            window: *window,
            severity: *severity,
            // a forced migration is a remediation from its notice: found then, restricted
            // until re-validation passes
            remediation: severity
                .zip(*remediation_deadline)
                .map(|(severity, deadline)| RemediationWindow {
                    severity,
                    found_at: event.at,
                    deadline,
                    revalidated_at: None,
                }),
            problem_found: severity.map(|_| event.at),
            throttled_at: None,
            plan_event: None,
            release_event: None,
            failed_release: None,
            rollout_at: None,
            fallback_until: None,
            recommended_until: None,
            last_band: None,
            restricted: severity.is_some(),
            review_pending: false,
            pending: None,
            amended: false,
            policy: (**policy).clone(),
        };
        Ok(state)
    }
}

/// Applies `event` to `core`. Checks that the event may follow the state (legal edge,
/// sequence number, time order, rite, the event's own invariants) before changing anything,
/// so on error `core` is untouched.
pub(crate) fn step(
    state: &mut State,
    history: &[Event],
    event: &Event,
    scratch: &mut chain::Scratch,
) -> Result<(), ReplayError> {
    let core = state;
    let seq = event.seq;
    if chain::digest(&View::of(core, history).head(), event, scratch) != event.digest {
        return Err(ReplayError::DigestMismatch { seq });
    }
    let bad = |why: &'static str| illegal(event, why);
    if event.rite != event.detail.rite() {
        return Err(bad("its rite is not the rite of its event"));
    }
    if !times_writable(event) {
        return Err(bad(LEAP_RULE));
    }
    let expected = u32::try_from(history.len()).unwrap_or(u32::MAX);
    if seq != expected {
        return Err(ReplayError::Sequence { seq, expected });
    }
    if event.at < View::of(core, history).last_at() {
        return Err(ReplayError::TimeWentBackwards {
            seq,
            previous: View::of(core, history).last_at(),
            at: event.at,
        });
    }
    let expected_pending = match (&event.detail, core.pending) {
        (EventDetail::RolledOut { .. }, _) => Some(Pending::Rollout),
        (
            EventDetail::FellBack {
                reason: FallbackReason::HealthUnstable,
                ..
            },
            _,
        ) => Some(Pending::Restriction),
        (
            EventDetail::FellBack {
                reason: FallbackReason::HealthAtRisk,
                ..
            },
            Some(Pending::CanaryFallback),
        ) => Some(Pending::CanaryFallback),
        (EventDetail::Released {}, _) => Some(Pending::Release),
        _ => None,
    };
    if core.pending != expected_pending {
        return Err(bad(
            "a two-event step is completed by, and only by, its second event",
        ));
    }
    use StageName as S;
    let next = match (&event.detail, core.stage) {
        (
            EventDetail::Prepared {
                documents,
                approvals,
            },
            S::Detection,
        ) => {
            if !plan_ok(documents, approvals, event.at) {
                return Err(bad(PLAN_RULE));
            }
            core.plan_event = Some(history.len());
            S::Preparation
        }
        (
            EventDetail::Remediated {
                approvals,
                documents,
                severity,
                found_at,
                deadline,
                root_cause,
                fixes,
            },
            S::FallenBack,
        ) => {
            if root_cause.trim().is_empty() || fixes.trim().is_empty() {
                return Err(bad("a remediation names its root cause and fixes"));
            }
            if *found_at != core.problem_found.unwrap_or(event.at) || *deadline < *found_at {
                return Err(bad(
                    "a remediation counts from when the problem was found, and is not due before",
                ));
            }
            let open = core.remediation.filter(|w| w.revalidated_at.is_none());
            if open.is_some_and(|w| *severity < w.severity) {
                return Err(bad("a remediation is never milder than the open problem"));
            }
            let policy = &core.policy;
            let due = RemediationWindow::open(*severity, *found_at, policy).deadline;
            if *deadline != open.map_or(due, |w| due.min(w.deadline)) {
                return Err(bad(
                    "a remediation is due by the policy's window for its severity, never later than the open one",
                ));
            }
            if !plan_ok(documents, approvals, event.at) {
                return Err(bad(PLAN_RULE));
            }
            core.plan_event = Some(history.len());
            if core.release_event.is_some() {
                core.failed_release = core.release_event;
            }
            core.severity = Some(*severity);
            core.remediation = Some(RemediationWindow {
                severity: *severity,
                found_at: *found_at,
                deadline: *deadline,
                revalidated_at: None,
            });
            core.restricted = true;
            core.last_band = None;
            core.review_pending = false;
            S::Preparation
        }
        (
            EventDetail::Transitioned {
                version,
                canary_percent,
                evidence,
                platform,
            },
            S::Preparation,
        ) => {
            if version.cmp_precedence(&platform.version_ceiling) == core::cmp::Ordering::Greater {
                return Err(bad(
                    "the released version is above the platform's version ceiling",
                ));
            }
            let reports = evidence.grants.check(
                core.kind,
                View::of(core, history).approvals(),
                event.at,
                &platform.catalog,
                &platform.power_ceiling,
            );
            if !reports.migration.allowed() || !reports.fallback.allowed() {
                return Err(bad(
                    "the grants leave the platform's power ceiling or the fallback rules",
                ));
            }
            match View::of(core, history).failed_release() {
                None if *version != core.target => {
                    return Err(bad("the released version is not the target"));
                }
                None => {}
                Some((failed, failed_contract)) => {
                    if same_version(version, failed) {
                        if evidence.contract.as_ref() != failed_contract {
                            return Err(bad(
                                "a fixed release under the failed version is an unversioned change",
                            ));
                        }
                    } else if version < failed {
                        return Err(bad("a fixed release is versioned above the failed one"));
                    }
                    if let (Some(old), Some(new)) = (failed_contract, evidence.contract.as_ref()) {
                        let needed = rules::diff_contracts(old, new, &core.policy)
                            .iter()
                            .map(|c| c.bump)
                            .max()
                            .unwrap_or(rules::Bump::None);
                        if rules::bump_between(failed, version) < needed {
                            return Err(bad(
                                "a fixed release carries the bump its changes since the failed one need",
                            ));
                        }
                    }
                }
            }
            if let (Some(c), Some(built)) = (
                View::of(core, history).contracts(),
                evidence.contract.as_ref(),
            ) {
                let changes = rules::diff_contracts(&c.old, built, &core.policy);
                let breaks = rules::compatibility_of(&changes) == Compatibility::Breaking;
                if breaks && rules::bump_between(&core.origin, version) != rules::Bump::Major {
                    return Err(bad("a breaking change needs a major bump"));
                }
                if breaks && core.mode == Mode::Soft {
                    return Err(bad("a soft migration never releases a breaking change"));
                }
            }
            let policy = &core.policy;
            if *canary_percent > policy.max_canary_percent() {
                return Err(bad("a canary share is at most the policy's"));
            }
            let built = evidence.contract.as_ref();
            if View::of(core, history).contracts().is_some() != built.is_some()
                || built.is_some_and(|c| c.version != *version)
            {
                return Err(bad(
                    "a migration with contracts releases the contract of its version",
                ));
            }
            core.release_event = Some(history.len());
            S::Transition
        }
        (
            EventDetail::ValidationPassed {
                dimensions,
                platform,
            },
            S::Transition,
        ) => {
            if !outcomes_ok(dimensions, View::of(core, history).release_at(), event.at)
                || dimensions.iter().any(not_passed)
            {
                return Err(bad(
                    "a passed validation covers the six dimensions, each passed or not applicable",
                ));
            }
            if !core.window.contains(event.at) {
                return Err(bad(
                    "a rollout happens inside the migration window (as extended)",
                ));
            }
            recompute(View::of(core, history), seq, dimensions, platform, event.at)?;
            // re-validation passed: full access restored, the remediation window met
            core.restricted = false;
            core.problem_found = None;
            if let Some(w) = core
                .remediation
                .as_mut()
                .filter(|w| w.revalidated_at.is_none())
            {
                w.revalidated_at = Some(event.at);
            }
            core.pending = Some(Pending::Rollout);
            S::Transition
        }
        (
            EventDetail::RolledOut {
                fallback_until,
                recommended_until,
            },
            S::Transition,
        ) => {
            let policy = &core.policy;
            if *fallback_until != policy.fallback_until(event.at)
                || *recommended_until != policy.fallback_recommended_until(event.at)
            {
                return Err(bad(
                    "the fallback windows are the policy's, counted from the rollout",
                ));
            }
            core.pending = None;
            core.rollout_at = Some(event.at);
            core.fallback_until = Some(*fallback_until);
            core.recommended_until = Some(*recommended_until);
            S::Validation
        }
        (
            EventDetail::ValidationFailed {
                dimensions,
                platform,
            },
            S::Transition,
        ) => {
            if !outcomes_ok(dimensions, View::of(core, history).release_at(), event.at)
                || !dimensions.iter().any(not_passed)
            {
                return Err(bad(
                    "a failed validation covers the six dimensions, one at least not passed",
                ));
            }
            recompute(View::of(core, history), seq, dimensions, platform, event.at)?;
            core.problem_found.get_or_insert(event.at);
            S::Rejected
        }
        (
            EventDetail::Stabilized {
                score_hundredths,
                band,
            },
            S::Validation,
        ) => {
            if Reading::of(*band) != Reading::Steady || *score_hundredths > MAX_HUNDREDTHS {
                return Err(bad("only a band of vulnerable or better stabilizes"));
            }
            if *band > band_reached(*score_hundredths, &core.policy) {
                return Err(bad(READING_RULE));
            }
            core.last_band = Some(*band);
            core.review_pending = needs_review(*band);
            S::Stabilization
        }
        (
            EventDetail::HealthRecorded {
                score_hundredths,
                band,
            },
            stage @ (S::Transition | S::Validation | S::Stabilization | S::Throttled),
        ) => {
            let reading = Reading::of(*band);
            let steady = reading == Reading::Steady;
            let ok = match stage {
                S::Validation => reading == Reading::Restrict,
                _ => reading != Reading::Throttle,
            };
            if !ok || *score_hundredths > MAX_HUNDREDTHS {
                return Err(bad(
                    "this health band cannot leave the migration where it is",
                ));
            }
            if *band > band_reached(*score_hundredths, &core.policy) {
                return Err(bad(READING_RULE));
            }
            if steady && stage == S::Transition {
                // a steady reading of the canary: the release stays shielded
                S::Transition
            } else if steady {
                core.last_band = Some(*band);
                core.review_pending |= needs_review(*band);
                core.throttled_at = None;
                S::Stabilization
            } else {
                core.last_band = Some(*band);
                core.problem_found
                    .get_or_insert(core.throttled_at.unwrap_or(event.at));
                core.pending = Some(Pending::Restriction);
                stage
            }
        }
        (
            EventDetail::Throttled {
                score_hundredths,
                band,
                collapse,
            },
            stage @ (S::Transition | S::Validation | S::Stabilization | S::Throttled),
        ) => {
            if (!collapse && Reading::of(*band) != Reading::Throttle)
                || Reading::of(*band) == Reading::Restrict
                || *score_hundredths > MAX_HUNDREDTHS
            {
                return Err(bad(
                    "a throttle follows an at-risk reading or a collapse above unstable",
                ));
            }
            if *band > band_reached(*score_hundredths, &core.policy) {
                return Err(bad(READING_RULE));
            }
            core.throttled_at.get_or_insert(event.at);
            if stage == S::Transition {
                // the canary is not throttled: it falls back (framework §7)
                core.pending = Some(Pending::CanaryFallback);
                S::Transition
            } else {
                core.last_band = Some(*band);
                // a collapse recorded at vulnerable needs its review before completion
                core.review_pending |= needs_review(*band);
                S::Throttled
            }
        }
        (EventDetail::Reviewed { by, decision }, S::Stabilization) => {
            if by.trim().is_empty() || decision.trim().is_empty() {
                return Err(bad("a review names who reviewed and what they decided"));
            }
            core.review_pending = false;
            S::Stabilization
        }
        (
            EventDetail::FellBack {
                reason,
                to,
                restricted,
                authority,
            },
            stage @ (S::Transition | S::Rejected | S::Validation | S::Stabilization | S::Throttled),
        ) => {
            if *to != core.origin {
                return Err(bad("a fallback returns to the origin version"));
            }
            if matches!(reason, FallbackReason::Other { detail } if detail.trim().is_empty()) {
                return Err(bad("a fallback reason must not be blank"));
            }
            let restriction = match reason {
                FallbackReason::HealthUnstable => true,
                FallbackReason::ValidationFailed => *restricted,
                _ => false,
            };
            if *restricted != restriction {
                return Err(bad(
                    "a restriction comes from an unstable reading or a failed validation",
                ));
            }
            match authority {
                FallbackAuthority::Approved { approval } => {
                    if approval.body != core.kind.category().governing_body()
                        || !approval.is_valid_at(event.at)
                    {
                        return Err(bad(
                            "a fallback is approved by the body governing the migration's category",
                        ));
                    }
                }
                FallbackAuthority::Sanctioned => {
                    // the framework's own reactions (a restriction, the canary's fallback)
                    // are always sanctioned; the flow's automatic reasons only when the
                    // recorded policy allows them
                    let automatic = core.policy.automatic_fallback();
                    let holds = match reason {
                        FallbackReason::ValidationFailed => {
                            stage == S::Rejected && (*restricted || automatic)
                        }
                        FallbackReason::HealthAtRisk => {
                            core.pending == Some(Pending::CanaryFallback)
                                || (stage == S::Throttled && automatic)
                        }
                        FallbackReason::HealthUnstable => true, // the pending restriction
                        _ => false,
                    };
                    if !holds {
                        return Err(bad(
                            "only a failed validation, a throttle or an unstable reading sanction a fallback",
                        ));
                    }
                }
            }
            // a fallback establishes a problem: from the throttle it came from, else now
            let established = core.throttled_at.unwrap_or(event.at);
            core.problem_found.get_or_insert(established);
            core.throttled_at = None;
            core.restricted |= *restricted;
            core.pending = None;
            S::FallenBack
        }
        (
            EventDetail::Completed {
                below_recommended_window,
                current,
                retired,
                next_review,
                completion_band,
            },
            S::Stabilization,
        ) => {
            if core.fallback_until.is_none_or(|until| event.at < until) {
                return Err(bad("completed before the fallback window ran"));
            }
            if *below_recommended_window
                != core.recommended_until.is_some_and(|until| event.at < until)
            {
                return Err(bad(
                    "a completion warns when, and only when, it comes before the recommended window",
                ));
            }
            let policy = &core.policy;
            if *completion_band != policy.completion_band() {
                return Err(bad("a completion is held to the policy's completion band"));
            }
            if *next_review != policy.next_review(event.at) {
                return Err(bad(
                    "the next review is one governance interval of the policy after completion",
                ));
            }
            if core
                .last_band
                .is_none_or(|b| !completes(b, *completion_band))
            {
                return Err(bad("completed while health was below its completion band"));
            }
            if core.review_pending {
                return Err(bad(
                    "completed while a vulnerable reading awaits its review",
                ));
            }
            if Some(current) != View::of(core, history).release_version()
                || *retired != core.origin
                || *next_review <= event.at
            {
                return Err(bad(
                    "the lifecycle update makes the target current, retires the origin and sets the next review",
                ));
            }
            core.pending = Some(Pending::Release);
            S::Continuity
        }
        (EventDetail::Released {}, S::Continuity) => {
            core.pending = None;
            S::Continuity
        }
        (
            EventDetail::WindowExtended {
                closes,
                reason,
                approval,
            },
            stage,
        ) if stage.is_under_way() => {
            if reason.trim().is_empty() || *closes <= core.window.closes {
                return Err(bad(
                    "an extension gives its reason and closes the window later",
                ));
            }
            if approval.body != core.kind.category().governing_body()
                || !approval.is_valid_at(event.at)
            {
                return Err(bad(
                    "an extension is approved by the body governing the migration's category",
                ));
            }
            core.window.closes = *closes;
            stage
        }
        (
            EventDetail::Withdrawn {
                reason,
                approval,
                version,
                grants,
                ..
            },
            stage,
        ) if stage.is_under_way() => {
            if reason.trim().is_empty() {
                return Err(bad("a withdrawal gives its reason"));
            }
            if approval.body != core.kind.category().governing_body()
                || !approval.is_valid_at(event.at)
            {
                return Err(bad(
                    "a withdrawal is approved by the body governing the migration's category",
                ));
            }
            if *version != core.origin
                || grants.as_ref()
                    != View::of(core, history)
                        .evidence()
                        .map(|e| &e.grants.current)
            {
                return Err(bad(
                    "a withdrawal leaves the partner on its origin version with its grants before the migration",
                ));
            }
            S::Withdrawn
        }
        (
            EventDetail::Corrected {
                event: target,
                field,
                value,
                by,
                reason,
                approved_by,
            },
            stage,
        ) => {
            if by.trim().is_empty() || reason.trim().is_empty() || value.trim().is_empty() {
                return Err(bad(
                    "a correction names who made it, why, and the corrected text",
                ));
            }
            let expected = core.kind.category().governing_body();
            if *approved_by != expected {
                return Err(ReplayError::UngovernedCorrection {
                    seq,
                    body: *approved_by,
                    expected,
                });
            }
            // looking the field up changes nothing: the corrected event keeps its bytes
            let found = usize::try_from(*target)
                .ok()
                .and_then(|i| history.get(i))
                .is_some_and(|e| e.detail.correctable_fields().contains(field));
            if !found {
                return Err(ReplayError::DecisiveCorrection {
                    seq,
                    event: *target,
                    field: field.clone(),
                });
            }
            core.amended = true;
            stage
        }
        _ => {
            return Err(bad(
                "this event cannot follow the stage the migration is in",
            ))
        }
    };
    core.stage = next;
    Ok(())
}

const LEAP_RULE: &str =
    "a time is a leap second outside 23:59:60 UTC, which a record cannot hold (format page §1)";

/// Whether every time of `event` is one a record can hold: a leap second only at 23:59:60
/// UTC (chrono admits one at any minute; the record's reader refuses it, so the flow never
/// writes it).
fn times_writable(event: &Event) -> bool {
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
) -> ValidationReport {
    let policy = &core.state.policy;
    let Some(evidence) = core.evidence() else {
        // a migration in Transition always holds its release's evidence and its notice;
        // fail closed: nothing computed, nothing attested, every dimension unverified
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
    let state = core.state;
    let version = core.release_version().unwrap_or(&state.target);
    let mut input = ValidationInput::new(state.kind, state.mode, &state.triggers, version, at)
        .platform(&platform.matrix, &evidence.os_version)
        .runtimes(&evidence.runtimes, &platform.supported_runtimes)
        .grants(&evidence.grants)
        .ceiling(&platform.power_ceiling)
        .approvals(core.approvals())
        .documents(core.documents())
        .fallback(&provision)
        .rollout(rollout)
        .catalog(&platform.catalog)
        .attestations(attestations);
    input.contracts = contracts;
    input.released_at = core.release_at();
    rules::validate(&input, policy)
}
