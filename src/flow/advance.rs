//! How a step appends its event: the one way a migration moves to its next stage.

use core::marker::PhantomData;

use chrono::{DateTime, Utc};

use super::artifacts::{Approval, Document, Plan, Requirements};
use super::lineage::{Event, EventDetail};
use super::replay::Core;
use super::replay::ReplayError;
use super::{chain, digest, Migration, Refusal, Refused, Stage};
use crate::kind::MigrationKind;
use crate::mode::Mode;
use crate::trigger::Trigger;

impl<S: Stage> Migration<S> {
    pub(crate) fn from_core(core: Box<Core>) -> Migration<S> {
        Migration {
            core,
            stage: PhantomData,
        }
    }

    pub(crate) fn core(&self) -> &Core {
        &self.core
    }

    pub(super) fn refuse(self, reason: Refusal) -> Refused<S> {
        Refused {
            migration: self,
            reason: Box::new(reason),
            step: None,
        }
    }

    pub(super) fn check_time(&self, at: DateTime<Utc>) -> Result<(), Refusal> {
        let last = self.core.last_at();
        if at < last {
            Err(Refusal::TimeWentBackwards { last, at })
        } else {
            Ok(())
        }
    }

    /// Refuses a step under a policy other than the one the migration was opened with (the
    /// record carries it; a step never changes it silently).
    pub(super) fn check_policy(&self, policy: &crate::policy::Policy) -> Result<(), Refusal> {
        if self.core.policy() == policy {
            Ok(())
        } else {
            Err(Refusal::PolicyChanged)
        }
    }

    /// Appends the event and moves to stage `T`; on failure hands `self` back untouched.
    pub(super) fn advance<T: Stage>(
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
        let mut scratch = chain::Scratch::default();
        event.digest = chain::digest(&self.core.lineage.head(), &event, &mut scratch);
        match self.core.step(event, &mut scratch) {
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
    pub(super) fn advance_pair<M: Stage, T: Stage>(
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

pub(super) fn check_plan(
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

/// What the lineage records of a plan: the documents with a location and the approvals
/// valid at `at`, each in full (kind and location; body, signer and time), sorted, without
/// repeats.
pub(super) fn plan_summary(plan: &Plan, at: DateTime<Utc>) -> (Vec<Document>, Vec<Approval>) {
    let mut docs: Vec<Document> = plan
        .documents
        .iter()
        .filter(|d| !crate::text::blank(&d.location))
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
