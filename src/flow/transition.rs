//! Steps 3 and 4: validation of the transitioned release, and what a rejection may do.

use chrono::{DateTime, Utc};

use super::artifacts::{
    Attestation, FallbackAuthority, FallbackReason, Platform, ValidationReport,
};
use super::checks::{attestation_defect, report_of};
use super::lineage::EventDetail;
use super::{FallenBack, Migration, Refusal, Refused, Rejected, Step, Transition, Validation};

use crate::policy::Policy;

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
    /// approvals, all in the lineage), the platform's facts, and the policy the migration was
    /// opened under, with `attestations` for the results obtained outside this crate. The
    /// replay computes the same report from the record and refuses a record whose verdicts
    /// differ.
    #[must_use]
    pub fn validation_report(
        &self,
        attestations: &[Attestation],
        at: DateTime<Utc>,
        platform: &Platform,
    ) -> ValidationReport {
        report_of(
            self.core.view(),
            platform,
            attestations,
            at,
            &mut crate::rules::Checks::default(),
        )
    }

    /// Validates the migration across the six dimensions (playbook §4 step 4 and §8;
    /// framework §6): the report is computed from the evidence in the lineage and the
    /// platform's facts ([`Migration::validation_report`]), never taken from the caller,
    /// and the lineage records for each dimension whether it was computed or attested.
    ///
    /// # Errors
    ///
    /// [`Refused`] when time went backwards, `policy` is not the migration's
    /// ([`Refusal::PolicyChanged`]), an attestation cannot count ([`Refusal::BadAttestation`]:
    /// unsound, dated after the validation or before the release), or the validation would
    /// pass outside the migration window ([`Refusal::OutsideWindow`]: the rollout happens
    /// inside the window, as the governing body may extend it with
    /// [`Migration::extend_window`]).
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
    ///     // the partner's suite, run by the platform, failed
    ///     let at = t0 + Duration::days(3);
    ///     let suite = Attestation::builder(Dimension::Structure, Verdict::Fail, "runtime tests", "platform-ci", at)
    ///         .evidence("https://ci.example/runs/42")
    ///         .build();
    ///     let Validated::Failed(m) = m.validate(&[suite], at, &policy, &platform)? else {
    ///         return Err("expected a failure".into());
    ///     };
    ///     let fallen = m.fall_back(FallbackReason::ValidationFailed, FallbackAuthority::Sanctioned, at, &policy)?;
    ///     assert_eq!(fallen.mode(), Mode::Fallback);
    ///     Ok(())
    /// }
    /// ```
    pub fn validate(
        self,
        attestations: &[Attestation],
        at: DateTime<Utc>,
        policy: &Policy,
        platform: &Platform,
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
        if let Err(r) = self.check_time(at).and_then(|()| self.check_policy(policy)) {
            return Err(self.refuse(r));
        }
        let released = self.core.release_at();
        if let Some((a, why)) = attestations
            .iter()
            .find_map(|a| attestation_defect(a, released, at).map(|why| (a, why)))
        {
            let dimension = a.dimension;
            return Err(self.refuse(Refusal::BadAttestation { dimension, why }));
        }
        let report = self.validation_report(attestations, at, platform);
        let dimensions = report.outcomes();
        if report.passed() && !self.core.window.contains(at) {
            // the rollout happens inside the migration window, or the governing body extends
            // it first (`extend_window`)
            let window = self.core.window;
            return Err(self.refuse(Refusal::OutsideWindow {
                at,
                opens: window.opens,
                closes: window.closes,
            }));
        }
        if report.passed() {
            let rollout = EventDetail::RolledOut {
                fallback_until: policy.fallback_until(at),
                recommended_until: policy.fallback_recommended_until(at),
            };
            let platform = self.core.lineage.share(platform);
            self.advance_pair::<Transition, Validation>(
                at,
                EventDetail::ValidationPassed {
                    dimensions,
                    platform,
                },
                rollout,
            )
            .map(Validated::Passed)
        } else {
            let platform = self.core.lineage.share(platform);
            self.advance(
                at,
                EventDetail::ValidationFailed {
                    dimensions,
                    platform,
                },
            )
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
    /// # Examples
    ///
    /// The example of [`Migration::remediate`] restricts a rejected migration, then remediates it.
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
