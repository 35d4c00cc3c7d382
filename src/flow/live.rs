//! Step 5, Stabilization: health readings, collapses and reviews on a live migration.

use chrono::{DateTime, Utc};

use super::artifacts::{FallbackAuthority, FallbackReason, Review};
use super::lineage::EventDetail;
use super::{
    replay, FallenBack, Live, Migration, Refusal, Refused, Stabilization, Stage, StageName, Step,
    Throttled, Transition, Validation,
};
use crate::band::Band;
use crate::health::HealthReport;
use crate::policy::Policy;

/// The outcome of a health reading ([`Migration::<Validation>::stabilize`],
/// [`Migration::monitor`]). Every arm holds the migration, in the stage the band decides
/// (framework §8).
///
/// A migration from its rollout through monitoring: a Vulnerable reading stabilizes it and
/// requires a review ([`Migration::review`]), an At Risk one throttles it, a Reliable one
/// lifts the throttle ([`Migration::monitor`]), and a metrics collapse throttles it again
/// ([`Migration::collapse`]).
///
/// ```
/// use chrono::{DateTime, Duration, Utc};
/// use kwanus_migration::health::{detect_collapse, Sample};
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
///     let doc = |kind| Document { kind, location: format!("docs/{kind}") };
///     let plan = Plan::new("switch runtimes", "1.4 stays served", "runtime tests", "switch back")
///         .documents(DocumentKind::required_for(MigrationKind::ExtensionRuntime).into_iter().map(doc));
///     // the platform's facts: partner 1.x runs on OS 8.x; this partner's ceilings
///     let matrix = rules::CompatibilityMatrix { rows: vec![rules::MatrixRow { partner: "^1".parse()?, os: "^8".parse()? }] };
///     let platform = Platform::new(matrix, Vec::new(), permission::Catalog::default(), Version::new(1, 9, 0), permission::PermissionSet::new());
///     let release = Release::builder(Version::new(1, 5, 0)).evidence(Evidence::builder(Version::new(8, 0, 0)).build()).build();
///     let m = Migration::open(notice, t0, &policy)?
///         .prepare(&plan, t0 + Duration::days(1))?
///         .transition(release, t0 + Duration::days(2), &policy, &platform)?;
///     // the partner's suite passed: validated and rolled out
///     let at = t0 + Duration::days(3);
///     let suite = Attestation::builder(Dimension::Structure, Verdict::Pass, "runtime tests", "platform-ci", at)
///         .evidence("https://ci.example/runs/7")
///         .build();
///     let Validated::Passed(m) = m.validate(&[suite], at, &policy, &platform)? else {
///         return Err("validation failed".into());
///     };
///     let day = |d: i64| t0 + Duration::days(d);
///     let reading = |score: f64| health::score(&HealthInputs::uniform(score), &policy);
///     // Vulnerable: stabilized, and completion waits for a review
///     let HealthOutcome::Steady(m) = m.stabilize(&reading(65.0)?, day(4))? else {
///         return Err("expected steady".into());
///     };
///     assert!(m.review_pending());
///     let m = m.review(Review::new("tsc-duty", "continue; watch error rates"), day(5))?;
///     assert!(!m.review_pending());
///     // At Risk: throttled; a Reliable reading lifts the throttle
///     let HealthOutcome::AtRisk(m) = m.monitor(&reading(50.0)?, day(6))? else {
///         return Err("expected at risk".into());
///     };
///     assert_eq!(m.stage(), StageName::Throttled);
///     let HealthOutcome::Steady(m) = m.monitor(&reading(88.0)?, day(7))? else {
///         return Err("expected to recover".into());
///     };
///     assert_eq!(m.last_band(), Some(Band::Reliable));
///     // a metrics collapse: 92 for six hours, then 65
///     let (good, bad) = (HealthScore::new(92.0)?, HealthScore::new(65.0)?);
///     let mut series: Vec<Sample> = (0..6).map(|h| Sample { at: day(8) + Duration::hours(h), score: good }).collect();
///     series.extend((0..3).map(|k| Sample { at: day(8) + Duration::hours(6) + Duration::minutes(20 * k), score: bad }));
///     let collapse = detect_collapse(&series, &policy)?.ok_or("expected a collapse")?;
///     let Reaction::Throttled(m) = m.collapse(&collapse, day(9), &policy)? else {
///         return Err("expected a throttle".into());
///     };
///     assert_eq!(m.stage(), StageName::Throttled);
///     Ok(())
/// }
/// ```
#[derive(Debug)]
#[must_use]
pub enum HealthOutcome {
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

/// What a health report records: its score in hundredths and its band, no better than
/// Vulnerable when the report has too little data ("insufficient data" asks for review).
fn reading_of(health: &HealthReport) -> (u16, Band) {
    let band = if health.insufficient_data() {
        health.band().min(Band::Vulnerable)
    } else {
        health.band()
    };
    (hundredths(health.score().value()), band)
}

/// A health score (0–100, checked by [`HealthScore`](crate::HealthScore)) in whole
/// hundredths of a point, as the lineage stores it: rounded half away from zero, clamped.
pub(super) fn hundredths(score: f64) -> u16 {
    let h = (score * 100.0)
        .round()
        .clamp(0.0, f64::from(replay::MAX_HUNDREDTHS));
    // in range by the clamp; `as` on a NaN gives 0, which a checked score never is
    h as u16
}

impl<S: Stage> Migration<S> {
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
}

impl<S: Live> Migration<S> {
    /// The band decides: steady, throttled or restricted.
    fn health_step(
        self,
        health: &HealthReport,
        at: DateTime<Utc>,
    ) -> Result<HealthOutcome, Refused<S>> {
        if let Err(r) = self.check_time(at) {
            return Err(self.refuse(r));
        }
        let (score_hundredths, band) = reading_of(health);
        match replay::Reading::of(band) {
            replay::Reading::Restrict => self
                .restrict_unstable(score_hundredths, at)
                .map(HealthOutcome::Restricted),
            replay::Reading::Throttle => self
                .advance(
                    at,
                    EventDetail::Throttled {
                        score_hundredths,
                        band,
                        collapse: false,
                    },
                )
                .map(HealthOutcome::AtRisk),
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
                self.advance(at, steady).map(HealthOutcome::Steady)
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
    /// [`Refused`] when time went backwards or `policy` is not the migration's.
    ///
    /// # Examples
    ///
    /// The example of [`HealthOutcome`] throttles a migration on a collapse.
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
        if let Err(r) = self.check_time(at).and_then(|()| self.check_policy(policy)) {
            return Err(self.refuse(r));
        }
        let score_hundredths = hundredths(collapse.recent_median().clamp(0.0, 100.0));
        // the band the collapse was detected at decides, as a reading's band does: Unstable
        // is forced restriction (framework §8), never a throttle
        let band = collapse.band();
        if replay::Reading::of(band) == replay::Reading::Restrict {
            return self
                .restrict_unstable(score_hundredths, at)
                .map(Reaction::Restricted);
        }
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

/// What a health reading or a collapse of the canary does in Transition
/// ([`Migration::<Transition>::canary_reading`], [`Migration::<Transition>::canary_collapse`]):
/// the release stays shielded, or the migration falls back. Every arm holds the migration.
///
/// A canary watched in transition: a steady reading keeps the release shielded, a collapse
/// falls back ([`Migration::<Transition>::canary_reading`],
/// [`Migration::<Transition>::canary_collapse`]).
///
/// ```
/// use chrono::{DateTime, Duration, Utc};
/// use kwanus_migration::health::{detect_collapse, Sample};
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
///     let doc = |kind| Document { kind, location: format!("docs/{kind}") };
///     let plan = Plan::new("switch runtimes", "1.4 stays served", "runtime tests", "switch back")
///         .documents(DocumentKind::required_for(MigrationKind::ExtensionRuntime).into_iter().map(doc));
///     // the platform's facts: partner 1.x runs on OS 8.x; this partner's ceilings
///     let matrix = rules::CompatibilityMatrix { rows: vec![rules::MatrixRow { partner: "^1".parse()?, os: "^8".parse()? }] };
///     let platform = Platform::new(matrix, Vec::new(), permission::Catalog::default(), Version::new(1, 9, 0), permission::PermissionSet::new());
///     // shielded: a 5 % canary until validation passes
///     let evidence = Evidence::builder(Version::new(8, 0, 0)).build();
///     let release = Release::builder(Version::new(1, 5, 0)).canary_percent(5).evidence(evidence).build();
///     let m = Migration::open(notice, t0, &policy)?
///         .prepare(&plan, t0 + Duration::days(1))?
///         .transition(release, t0 + Duration::days(2), &policy, &platform)?;
///     // a steady reading of the canary: the release stays shielded
///     let reading = health::score(&HealthInputs::uniform(91.0), &policy)?;
///     let CanaryOutcome::Steady(m) = m.canary_reading(&reading, t0 + Duration::days(3))? else {
///         return Err("expected steady".into());
///     };
///     assert_eq!(m.stage(), StageName::Transition);
///     // the canary collapses, 92 for an hour, then 65: the migration falls back
///     let at = |minutes: i64| t0 + Duration::days(4) + Duration::minutes(minutes);
///     let (good, bad) = (HealthScore::new(92.0)?, HealthScore::new(65.0)?);
///     let mut series: Vec<Sample> = (0..6).map(|k| Sample { at: at(10 * k), score: good }).collect();
///     series.extend((0..3).map(|k| Sample { at: at(60 + 20 * k), score: bad }));
///     let collapse = detect_collapse(&series, &policy)?.ok_or("expected a collapse")?;
///     let CanaryOutcome::FellBack(m) = m.canary_collapse(&collapse, at(120), &policy)? else {
///         return Err("expected a fallback".into());
///     };
///     assert_eq!(m.current_version(), m.origin());
///     Ok(())
/// }
/// ```
#[derive(Debug)]
#[must_use]
pub enum CanaryOutcome {
    /// A steady reading (Stable, Reliable or Vulnerable): recorded, the release stays in its
    /// shielded runtime awaiting validation.
    Steady(Migration<Transition>),
    /// An At Risk reading or a collapse above Unstable: the canary is throttled and the
    /// migration falls back to its previous stable version (framework §7, "collapse during
    /// transition triggers fallback").
    FellBack(Migration<FallenBack>),
    /// An Unstable reading or a collapse into Unstable: forced restriction, fallen back and
    /// restricted until re-validation passes.
    Restricted(Migration<FallenBack>),
}

impl Migration<Transition> {
    /// The canary's throttle and the fallback it brings, as one step.
    fn canary_fallback(
        self,
        score_hundredths: u16,
        band: Band,
        collapse: bool,
        at: DateTime<Utc>,
    ) -> Result<Migration<FallenBack>, Refused<Transition>> {
        let origin = self.core.origin.clone();
        self.advance_pair::<Transition, FallenBack>(
            at,
            EventDetail::Throttled {
                score_hundredths,
                band,
                collapse,
            },
            EventDetail::FellBack {
                reason: FallbackReason::HealthAtRisk,
                to: origin,
                restricted: false,
                authority: FallbackAuthority::Sanctioned,
            },
        )
    }

    /// Records a health reading of the canary (the share of users the shielded release
    /// already serves, framework §9): the band decides, as on a live migration, but the
    /// canary is never throttled in place. Steady: recorded, the release stays shielded; At
    /// Risk: the canary falls back; Unstable: forced restriction. The reactions are the
    /// framework's own (§7, "collapse during transition triggers fallback or restriction"),
    /// sanctioned whatever [`Policy::automatic_fallback`] says.
    ///
    /// # Errors
    ///
    /// [`Refused`] when time went backwards.
    ///
    /// # Examples
    ///
    /// The example of [`CanaryOutcome`] records a steady reading of the canary.
    pub fn canary_reading(
        self,
        health: &HealthReport,
        at: DateTime<Utc>,
    ) -> Result<CanaryOutcome, Refused<Transition>> {
        self.canary_reading_step(health, at)
            .map_err(|r| r.during(Step::Monitor))
    }

    fn canary_reading_step(
        self,
        health: &HealthReport,
        at: DateTime<Utc>,
    ) -> Result<CanaryOutcome, Refused<Transition>> {
        if let Err(r) = self.check_time(at) {
            return Err(self.refuse(r));
        }
        let (score_hundredths, band) = reading_of(health);
        match replay::Reading::of(band) {
            replay::Reading::Restrict => self
                .restrict_unstable(score_hundredths, at)
                .map(CanaryOutcome::Restricted),
            replay::Reading::Throttle => self
                .canary_fallback(score_hundredths, band, false, at)
                .map(CanaryOutcome::FellBack),
            replay::Reading::Steady => self
                .advance(
                    at,
                    EventDetail::HealthRecorded {
                        score_hundredths,
                        band,
                    },
                )
                .map(CanaryOutcome::Steady),
        }
    }

    /// Acts on a metrics collapse of the canary during transition (framework §7: "Metrics
    /// collapse during transition triggers forced migration or throttling"; "Collapse during
    /// transition triggers fallback or restriction"): a collapse into Unstable forces
    /// restriction, any other collapse throttles the canary and falls back. Recorded in the
    /// lineage either way, sanctioned as the framework's own reaction.
    ///
    /// # Errors
    ///
    /// [`Refused`] when time went backwards or `policy` is not the migration's.
    ///
    /// # Examples
    ///
    /// The example of [`CanaryOutcome`] falls back on a collapse of the canary.
    pub fn canary_collapse(
        self,
        collapse: &crate::health::Collapse,
        at: DateTime<Utc>,
        policy: &Policy,
    ) -> Result<CanaryOutcome, Refused<Transition>> {
        self.canary_collapse_step(collapse, at, policy)
            .map_err(|r| r.during(Step::Collapse))
    }

    fn canary_collapse_step(
        self,
        collapse: &crate::health::Collapse,
        at: DateTime<Utc>,
        policy: &Policy,
    ) -> Result<CanaryOutcome, Refused<Transition>> {
        if let Err(r) = self.check_time(at).and_then(|()| self.check_policy(policy)) {
            return Err(self.refuse(r));
        }
        let score_hundredths = hundredths(collapse.recent_median().clamp(0.0, 100.0));
        let band = collapse.band();
        if replay::Reading::of(band) == replay::Reading::Restrict {
            self.restrict_unstable(score_hundredths, at)
                .map(CanaryOutcome::Restricted)
        } else {
            self.canary_fallback(score_hundredths, band, true, at)
                .map(CanaryOutcome::FellBack)
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
    ///     let reading = health::score(&HealthInputs::uniform(92.0), &policy)?;
    ///     let HealthOutcome::Steady(m) = m.stabilize(&reading, t0 + Duration::days(4))? else {
    ///         return Err("expected to stabilize".into());
    ///     };
    ///     assert_eq!(m.last_band(), Some(Band::Stable));
    ///     Ok(())
    /// }
    /// ```
    pub fn stabilize(
        self,
        health: &HealthReport,
        at: DateTime<Utc>,
    ) -> Result<HealthOutcome, Refused<Validation>> {
        self.stabilize_step(health, at)
            .map_err(|r| r.during(Step::Stabilize))
    }

    fn stabilize_step(
        self,
        health: &HealthReport,
        at: DateTime<Utc>,
    ) -> Result<HealthOutcome, Refused<Validation>> {
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
    /// # Examples
    ///
    /// The example of [`HealthOutcome`] throttles a migration on an At Risk reading and lifts the
    /// throttle on a Reliable one.
    pub fn monitor(
        self,
        health: &HealthReport,
        at: DateTime<Utc>,
    ) -> Result<HealthOutcome, Refused<S>> {
        self.monitor_step(health, at)
            .map_err(|r| r.during(Step::Monitor))
    }

    fn monitor_step(
        self,
        health: &HealthReport,
        at: DateTime<Utc>,
    ) -> Result<HealthOutcome, Refused<S>> {
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
    /// # Examples
    ///
    /// The example of [`HealthOutcome`] records the review a Vulnerable reading requires.
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
        if crate::text::blank(&review.by) || crate::text::blank(&review.decision) {
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
