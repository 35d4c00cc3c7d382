//! Fallback under governance, and remediation from the fallen-back stage.

use chrono::{DateTime, Utc};

use super::advance::plan_summary;
use super::artifacts::{FallbackAuthority, FallbackReason, Plan, Remediation, Requirements};
use super::lineage::EventDetail;
use super::{
    CanFallBack, FallenBack, Migration, Preparation, Refusal, Refused, Stage, StageName, Step,
};
use crate::policy::Policy;
use crate::rules::{self};
use crate::severity::Severity;

impl<S: Stage> Migration<S> {
    /// Returns to the previous stable version (framework §3, fallback migration; playbook
    /// §6), under governance: `authority` is the approval of the body governing the
    /// migration's category, or [`FallbackAuthority::Sanctioned`] for a reason the flow
    /// itself established and the policy sanctions ([`Policy::automatic_fallback`]): a
    /// failed validation from [`Rejected`](crate::Rejected), At Risk from [`Throttled`](crate::Throttled). Possible once the
    /// release exists; calling it in any other stage does not compile.
    ///
    /// # Errors
    ///
    /// [`Refused`] when time went backwards, the reason is blank or reserved, or the fallback
    /// is not governed ([`Refusal::UngovernedFallback`]).
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
    ///     // a partner's request is not a reason the flow sanctions: it needs the TSC
    ///     let at = t0 + Duration::days(3);
    ///     let refused = m.fall_back(FallbackReason::PartnerRequest, FallbackAuthority::Sanctioned, at, &policy).unwrap_err();
    ///     assert_eq!(refused.reason().code(), "flow.ungoverned_fallback");
    ///     let approval = Approval { body: GovernanceBody::Tsc, by: "tsc-duty".into(), at };
    ///     let fallen = refused.into_inner().fall_back(
    ///         FallbackReason::PartnerRequest,
    ///         FallbackAuthority::Approved { approval },
    ///         at,
    ///         &policy,
    ///     )?;
    ///     assert_eq!(fallen.mode(), Mode::Fallback);
    ///     Ok(())
    /// }
    /// ```
    pub fn fall_back(
        self,
        reason: FallbackReason,
        authority: FallbackAuthority,
        at: DateTime<Utc>,
        policy: &Policy,
    ) -> Result<Migration<FallenBack>, Refused<S>>
    where
        S: CanFallBack,
    {
        self.fall_back_step(reason, authority, at, policy)
            .map_err(|r| r.during(Step::FallBack))
    }

    fn fall_back_step(
        self,
        reason: FallbackReason,
        authority: FallbackAuthority,
        at: DateTime<Utc>,
        policy: &Policy,
    ) -> Result<Migration<FallenBack>, Refused<S>>
    where
        S: CanFallBack,
    {
        if let Err(r) = self.check_time(at).and_then(|()| self.check_policy(policy)) {
            return Err(self.refuse(r));
        }
        if reason == FallbackReason::HealthUnstable {
            // restriction is the flow's own verdict on an Unstable reading
            return Err(self.refuse(Refusal::ReservedReason));
        }
        if matches!(&reason, FallbackReason::Other { detail } if crate::text::blank(detail)) {
            return Err(self.refuse(Refusal::BlankReason));
        }
        let body = self.core.kind.category().governing_body();
        let ungoverned = |why| Refusal::UngovernedFallback { body, why };
        match &authority {
            FallbackAuthority::Approved { approval } => {
                if approval.body != body {
                    return Err(self.refuse(ungoverned("the approval is another body's")));
                }
                if !approval.is_valid_at(at) {
                    return Err(self.refuse(ungoverned(
                        "the approval is unsigned or dated after the fallback",
                    )));
                }
            }
            FallbackAuthority::Sanctioned => {
                let established = match reason {
                    FallbackReason::ValidationFailed => S::NAME == StageName::Rejected,
                    FallbackReason::HealthAtRisk => S::NAME == StageName::Throttled,
                    _ => false,
                };
                if !established {
                    return Err(self.refuse(ungoverned(
                        "only a failed validation (rejected) or a throttle (at risk) sanction a fallback",
                    )));
                }
                if !policy.automatic_fallback() {
                    return Err(
                        self.refuse(ungoverned("the policy sanctions no automatic fallback"))
                    );
                }
            }
        }
        let to = self.core.origin.clone();
        self.advance(
            at,
            EventDetail::FellBack {
                reason,
                to,
                restricted: false,
                authority,
            },
        )
    }
}

impl Migration<FallenBack> {
    /// What the plan of a remediation must hold: the requirements of the migration, and for
    /// a severe problem the review of the body governing its category.
    #[must_use]
    pub fn requirements(&self, severity: Severity) -> Requirements {
        let mut needs = Requirements::of(self.core.kind, self.core.mode, &self.core.triggers);
        let body = self.core.kind.category().governing_body();
        if severity.needs_review() && !needs.approvals.contains(&body) {
            needs.approvals.push(body);
            needs.approvals.sort();
        }
        needs
    }

    /// Remediates and prepares again (playbook §9: identify root cause, submit remediation
    /// plan, implement fixes; then re-validation through the flow passes and restores full
    /// access).
    ///
    /// The remediation window counts from when the problem was established, on every path:
    /// the forced notice, the failed validation, the At Risk reading or collapse that
    /// throttled, the Unstable reading, or the fallback itself (a broken compatibility, a
    /// partner's request). It runs by severity and `policy` ([`rules::RemediationWindow`]),
    /// and is met by passing re-validation; until then access stays restricted. A
    /// remediation is never milder than the open problem it remediates, and a failed
    /// re-validation never moves the first deadline later: the original deadline stands. A
    /// severe problem also needs the review of the governing body of the kind's category.
    ///
    /// # Errors
    ///
    /// [`Refused`] for a blank root cause or fixes, a severity milder than the open
    /// problem's ([`Refusal::SeverityDowngraded`]), or a plan [`Migration::prepare`] would
    /// refuse.
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
    ///     // the partner's suite failed: rejected, then restricted
    ///     let at = t0 + Duration::days(3);
    ///     let suite = Attestation::builder(Dimension::Structure, Verdict::Fail, "runtime tests", "platform-ci", at)
    ///         .evidence("https://ci.example/runs/42")
    ///         .build();
    ///     let Validated::Failed(rejected) = m.validate(&[suite], at, &policy, &platform)? else {
    ///         return Err("expected a failure".into());
    ///     };
    ///     let fallen = rejected.restrict(at)?;
    ///     assert!(fallen.is_restricted());
    ///     let fix = Remediation::new("the new runtime dropped a host call", "host call restored", Severity::Moderate);
    ///     let again = fallen.remediate(fix, &plan, at + Duration::days(2), &policy)?;
    ///     // the window counts from the failed validation, not from the fix
    ///     assert_eq!(again.remediation_deadline(), Some(at + Duration::days(14)));
    ///     assert!(again.is_restricted());
    ///     Ok(())
    /// }
    /// ```
    pub fn remediate(
        self,
        remediation: Remediation,
        plan: &Plan,
        at: DateTime<Utc>,
        policy: &Policy,
    ) -> Result<Migration<Preparation>, Refused<FallenBack>> {
        self.remediate_step(remediation, plan, at, policy)
            .map_err(|r| r.during(Step::Remediate))
    }

    fn remediate_step(
        self,
        remediation: Remediation,
        plan: &Plan,
        at: DateTime<Utc>,
        policy: &Policy,
    ) -> Result<Migration<Preparation>, Refused<FallenBack>> {
        if let Err(r) = self.check_time(at).and_then(|()| self.check_policy(policy)) {
            return Err(self.refuse(r));
        }
        if crate::text::blank(&remediation.root_cause) {
            return Err(self.refuse(Refusal::MissingRemediationPart("root cause")));
        }
        if crate::text::blank(&remediation.fixes) {
            return Err(self.refuse(Refusal::MissingRemediationPart("fixes")));
        }
        let missing = self.requirements(remediation.severity).missing(plan, at);
        if !missing.is_empty() {
            return Err(self.refuse(Refusal::IncompletePlan(missing)));
        }
        // the open problem's window, if it is not met yet: a remediation is never milder than
        // it, and never moves its deadline later
        let open = self.core.remediation.filter(|w| w.revalidated_at.is_none());
        if let Some(w) = open.filter(|w| remediation.severity < w.severity) {
            return Err(self.refuse(Refusal::SeverityDowngraded {
                problem: w.severity,
                given: remediation.severity,
            }));
        }
        let (documents, approvals) = plan_summary(plan, at);
        let found_at = self.core.problem_found.unwrap_or(at);
        let mut window = rules::RemediationWindow::open(remediation.severity, found_at, policy);
        if let Some(w) = open {
            window.deadline = window.deadline.min(w.deadline);
        }
        self.advance(
            at,
            EventDetail::Remediated {
                root_cause: remediation.root_cause,
                fixes: remediation.fixes,
                severity: remediation.severity,
                found_at,
                deadline: window.deadline,
                documents,
                approvals,
            },
        )
    }
}
