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
    /// use chrono::{DateTime, Duration, Utc};
    /// use kwanus_migration::*;
    /// use semver::Version;
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let policy = Policy::default();
    ///     let t0: DateTime<Utc> = "2026-03-02T09:00:00Z".parse()?;
    ///     // a runtime change the partner declares backward compatible: soft mode
    ///     let notice = Notice::builder(PartnerId::new("acme-billing")?, MigrationKind::ExtensionRuntime, Version::new(1, 4, 0), Version::new(1, 5, 0))
    ///         .trigger(Trigger::RuntimeChange)
    ///         .compatibility(Compatibility::BackwardCompatible)
    ///         .window_days(t0, 90)
    ///         .build();
    ///     let m = Migration::open(notice, t0, &policy)?;
    ///     let doc = |kind| Document { kind, location: format!("docs/{kind}") };
    ///     let plan = Plan::new("switch runtimes", "1.4 stays served", "runtime tests", "switch back")
    ///         .documents(DocumentKind::required_for(MigrationKind::ExtensionRuntime).into_iter().map(doc));
    ///     let m = m.prepare(&plan, t0 + Duration::days(1))?;
    ///     // the platform's facts: partner 1.x runs on OS 8.x; this partner's ceilings
    ///     let platform = Platform::new(
    ///         rules::CompatibilityMatrix { rows: vec![rules::MatrixRow { partner: "^1".parse()?, os: "^8".parse()? }] },
    ///         Vec::new(),
    ///         permission::Catalog::default(),
    ///         Version::new(1, 9, 0),
    ///         permission::PermissionSet::new(),
    ///     );
    ///     let evidence = Evidence::builder(Version::new(8, 0, 0)).build();
    ///     let release = Release::builder(Version::new(1, 5, 0)).evidence(evidence).build();
    ///     let m = m.transition(release, t0 + Duration::days(2), &policy, &platform)?;
    ///     // no contract to diff: the structure dimension needs the partner's suite, attested
    ///     let at = t0 + Duration::days(3);
    ///     let suite = Attestation::builder(Dimension::Structure, Verdict::Pass, "runtime tests", "platform-ci", at)
    ///         .evidence("https://ci.example/runs/7")
    ///         .build();
    ///     let Validated::Passed(m) = m.validate(&[suite], at, &policy, &platform)? else {
    ///         return Err("validation failed".into());
    ///     };
    ///     let reading = health::score(&HealthInputs::uniform(93.0), &policy)?;
    ///     let HealthOutcome::Steady(m) = m.stabilize(&reading, t0 + Duration::days(4))? else {
    ///         return Err("not steady".into());
    ///     };
    ///     // the fallback window (6 months by default) runs first, from the rollout
    ///     let window = m.fallback_window().ok_or("rolled out")?;
    ///     assert_eq!((window.opens, window.until), (at, policy.fallback_until(at)));
    ///     let too_early = m.complete(t0 + Duration::days(30), &policy).unwrap_err();
    ///     assert_eq!(too_early.reason().code(), "flow.fallback_window_running");
    ///     let done = too_early.into_inner().complete(window.until, &policy)?;
    ///     assert_eq!(done.lineage().last().and_then(|e| e.rite), Some(Rite::Release));
    ///     Ok(())
    /// }
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
