//! Step 6, Continuity: completion, and the fallback released.

use chrono::{DateTime, Utc};

use super::lineage::EventDetail;
use super::{replay, CanComplete, Continuity, Migration, Refusal, Refused, Stage, Step};
use crate::policy::Policy;

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
    /// # use kwanus_migration::__doc_support::*;
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
        if let Err(r) = self.check_time(at).and_then(|()| self.check_policy(policy)) {
            return Err(self.refuse(r));
        }
        let until = self.core.fallback_until.unwrap_or(DateTime::<Utc>::MAX_UTC);
        if at < until {
            return Err(self.refuse(Refusal::FallbackWindowRunning { until, at }));
        }
        match self.core.last_band {
            None => return Err(self.refuse(Refusal::NoHealthReading)),
            Some(b) if !replay::completes(b, policy.completion_band()) => {
                return Err(self.refuse(Refusal::HealthNotSettled {
                    band: b,
                    required: policy.completion_band(),
                }))
            }
            Some(_) => {}
        }
        if self.core.review_pending {
            return Err(self.refuse(Refusal::ReviewRequired));
        }
        let completed = EventDetail::Completed {
            below_recommended_window: self.core.recommended_until.is_some_and(|r| at < r),
            current: self
                .core
                .release_version()
                .unwrap_or(&self.core.target)
                .clone(),
            retired: self.core.origin.clone(),
            next_review: policy.next_review(at),
            completion_band: policy.completion_band(),
        };
        self.advance_pair::<Continuity, Continuity>(at, completed, EventDetail::Released {})
    }
}

impl Migration<Continuity> {
    /// Whether the fallback has been removed: always `true`, and the type is the proof.
    ///
    /// A `Migration<Continuity>` exists only after [`complete`](Migration::complete) has
    /// recorded the Rite of Release ([`EventDetail::Released`](crate::EventDetail::Released))
    /// after the lifecycle update, or after [`AnyMigration::resume`](crate::AnyMigration::resume) has read a record that
    /// holds both; a record cut between the two does not resume (`resume.truncated`). The
    /// method names the seed's "fallback removed" for a reader of the code; nothing needs to
    /// ask it at run time.
    #[must_use]
    pub const fn fallback_released(&self) -> bool {
        true
    }
}
