//! The one place that moves a migration's state: [`start`] (in `opening`) reads the first
//! event and [`step`] applies each next one. Both the transitions (through `advance`) and `resume` go
//! through them, so a record the transitions wrote always resumes, and a record they could
//! not have written never does.
//!
//! Longer than 500 lines on purpose: `step` is one `match` over every event kind, each arm
//! the whole rule for its event (what must precede it, what it must hold, what it changes),
//! and the rules read best side by side. What it moves ([`State`], [`Core`], [`View`]) and the
//! band rules it shares with the steps ([`Reading`], [`needs_review`], [`completes`]) are in
//! `state`; the checks of single events and the recomputed verdicts are in `checks`.

use chrono::{DateTime, Utc};
use semver::Version;

use super::artifacts::{
    Approval, Contracts, Document, Evidence, FallbackAuthority, FallbackReason,
};
use super::chain;
use super::checks::*;
use super::digest::Digest;
use super::lineage::{Event, EventDetail, Lineage};
pub(crate) use super::opening::start;
pub(crate) use super::state::{
    completes, needs_review, Core, Pending, Reading, ReplayError, State, View, MAX_HUNDREDTHS,
};
use super::StageName;
use crate::mode::{Compatibility, Mode};
use crate::policy::Policy;
use crate::rules::{self, RemediationWindow};

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
        self.view().evidence().map(|e| &**e)
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

/// Applies `event` to `core`. Checks that the event may follow the state (legal edge,
/// sequence number, time order, rite, the event's own invariants) before changing anything,
/// so on error `core` is untouched.
pub(crate) fn step(
    state: &mut State,
    history: &[Event],
    event: &Event,
    scratch: &mut chain::Scratch,
) -> Result<(), ReplayError> {
    let computed = chain::digest(&View::of(state, history).head(), event, scratch);
    step_digested(state, history, event, computed, scratch)
}

/// Applies every event of `events` after the first (see [`step`]) to `state`, which
/// `events[0]` opened. Two events at a time, each one's digest after its recorded
/// predecessor, both hashed before either is checked (see [`chain::digest_two`]); then each
/// checked in turn, so the first that breaks a rule is the one refused.
pub(crate) fn rest(
    state: &mut State,
    events: &[Event],
    scratch: &mut chain::Scratch,
) -> Result<(), ReplayError> {
    let mut i = 1;
    while let (Some(a), Some(b)) = (events.get(i), events.get(i + 1)) {
        let (da, db) = chain::digest_two((&events[i - 1].digest, a), (&a.digest, b), scratch);
        step_digested(state, &events[..i], a, da, scratch)?;
        step_digested(state, &events[..=i], b, db, scratch)?;
        i += 2;
    }
    match events.get(i) {
        Some(last) => step(state, &events[..i], last, scratch),
        None => Ok(()),
    }
}

/// [`step`], with the digest of `event` after the head of `history` already `computed`
/// (see [`chain::digest_two`]).
pub(crate) fn step_digested(
    state: &mut State,
    history: &[Event],
    event: &Event,
    computed: Digest,
    scratch: &mut chain::Scratch,
) -> Result<(), ReplayError> {
    let core = state;
    let seq = event.seq;
    if computed != event.digest {
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
            if crate::text::blank(root_cause) || crate::text::blank(fixes) {
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
            scratch.checks.lent(platform);
            scratch.checks.lent(evidence);
            let reports = scratch.checks.grants(
                &evidence.grants,
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
            // whether this release is the failed one again: the same version and contract
            let mut again = false;
            match View::of(core, history).failed_release() {
                None if *version != core.target => {
                    return Err(bad("the released version is not the target"));
                }
                None => {}
                Some((failed, failed_contract)) => {
                    let same = same_version(version, failed);
                    if same {
                        // a retry that brings the failed release's evidence shares it
                        let shared = match (evidence.contract.as_ref(), failed_contract) {
                            (Some(c), Some(f)) => core::ptr::eq(c, f),
                            _ => false,
                        };
                        if !shared && evidence.contract.as_ref() != failed_contract {
                            return Err(bad(
                                "a fixed release under the failed version is an unversioned change",
                            ));
                        }
                        again = true;
                    } else if version < failed {
                        return Err(bad("a fixed release is versioned above the failed one"));
                    }
                    // under the same version the contract is the failed one: nothing changed,
                    // no bump needed
                    if let (false, Some(old), Some(new)) =
                        (same, failed_contract, evidence.contract.as_ref())
                    {
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
            // the failed release's changes, when this release is that one again
            let known = scratch
                .release_diff
                .take()
                .filter(|(at, _)| again && core.failed_release == Some(*at));
            if let (Some(c), Some(built)) = (
                View::of(core, history).contracts(),
                evidence.contract.as_ref(),
            ) {
                let changes = match known {
                    Some((_, changes)) => changes,
                    None => rules::diff_contracts(&c.old, built, &core.policy),
                };
                let breaks = rules::compatibility_of(&changes) == Compatibility::Breaking;
                if breaks && rules::bump_between(&core.origin, version) != rules::Bump::Major {
                    return Err(bad("a breaking change needs a major bump"));
                }
                if breaks && core.mode == Mode::Soft {
                    return Err(bad("a soft migration never releases a breaking change"));
                }
                scratch.release_diff = Some((history.len(), changes));
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
            recompute(
                View::of(core, history),
                seq,
                dimensions,
                platform,
                event.at,
                &mut scratch.checks,
                release_diff(core, &scratch.release_diff),
            )?;
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
            recompute(
                View::of(core, history),
                seq,
                dimensions,
                platform,
                event.at,
                &mut scratch.checks,
                release_diff(core, &scratch.release_diff),
            )?;
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
            if crate::text::blank(by) || crate::text::blank(decision) {
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
            if matches!(reason, FallbackReason::Other { detail } if crate::text::blank(detail)) {
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
            if crate::text::blank(reason) || *closes <= core.window.closes {
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
            if crate::text::blank(reason) {
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
            if crate::text::blank(by) || crate::text::blank(reason) || crate::text::blank(value) {
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

/// The contract changes the replay computed when the release of `core` was placed in
/// transition, if it was that release's.
fn release_diff<'a>(
    core: &State,
    remembered: &'a Option<(usize, Vec<rules::Change>)>,
) -> Option<&'a [rules::Change]> {
    match remembered {
        Some((at, changes)) if core.release_event == Some(*at) => Some(changes),
        _ => None,
    }
}
