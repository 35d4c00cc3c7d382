//! Step 1, Detection: opening a migration from a notice, and preparing it.

use chrono::{DateTime, Utc};

use super::advance::{check_plan, plan_summary};
use super::artifacts::{Notice, Plan, Requirements};
use super::checks;
use super::lineage::{Event, EventDetail, Opening};
use super::{
    chain, digest, replay, Detection, Migration, OpenError, OpenRefusal, Preparation, Refused, Step,
};
use crate::mode::{Compatibility, Mode};
use crate::policy::Policy;
use crate::rules::{self, bump_between, compatibility_of, Bump, Change};
use crate::trigger::TriggerClass;

/// The compatibility a notice's evidence shows, checked against its declaration.
pub(super) fn notice_compatibility(
    notice: &Notice,
    policy: &Policy,
) -> Result<Compatibility, OpenRefusal> {
    let Some(contracts) = &notice.contracts else {
        if notice.kind.has_contract() {
            return Err(OpenRefusal::MissingContracts(notice.kind));
        }
        return notice
            .compatibility
            .ok_or(OpenRefusal::CompatibilityUnknown);
    };
    for (contract, expected) in [
        (&contracts.old, &notice.origin),
        (&contracts.new, &notice.target),
    ] {
        if !checks::same_version(&contract.version, expected) {
            return Err(OpenRefusal::ContractVersionMismatch {
                expected: expected.clone(),
                found: contract.version.clone(),
            });
        }
    }
    let changes = rules::diff_contracts(&contracts.old, &contracts.new, policy);
    let bump = bump_between(&notice.origin, &notice.target);
    if bump != Bump::Major && changes.iter().any(|c| c.bump == Bump::Major) {
        return Err(OpenRefusal::SilentBreakingChange {
            bump,
            changes: changes
                .into_iter()
                .filter(|c| c.bump == Bump::Major)
                .collect(),
        });
    }
    let computed = compatibility_of(&changes);
    if notice.compatibility == Some(Compatibility::BackwardCompatible)
        && computed == Compatibility::Breaking
    {
        return Err(OpenRefusal::CompatibilityContradicted(breaking(changes)));
    }
    // a declared break the contracts do not show stands: a semantic break no contract shows
    if notice.compatibility == Some(Compatibility::Breaking) {
        Ok(Compatibility::Breaking)
    } else {
        Ok(computed)
    }
}

/// The changes that are not informational: those that make a change incompatible.
pub(super) fn breaking(changes: Vec<Change>) -> Vec<Change> {
    changes
        .into_iter()
        .filter(|c| c.severity != rules::ChangeSeverity::Info)
        .collect()
}

impl Migration<Detection> {
    /// What this migration's plan must hold: plan parts, documents, the compatibility
    /// mapping (guided mode), approvals by body, derived from its kind, mode and triggers.
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
    ///     let m = Migration::open(notice, t0, &Policy::default())?;
    ///     let needs = m.requirements();
    ///     assert_eq!(needs.documents.len(), 5);
    ///     assert!(!needs.compatibility_mapping, "a soft migration needs no mapping");
    ///     assert!(needs.approvals.is_empty(), "nor any approval");
    ///     // an empty plan lacks its four parts and the five documents
    ///     assert_eq!(needs.missing(&Plan::default(), t0).len(), 4 + 5);
    ///     Ok(())
    /// }
    /// ```
    #[must_use]
    pub fn requirements(&self) -> Requirements {
        Requirements::of(self.core.kind, self.core.mode, &self.core.triggers)
    }

    /// Opens a migration from its notice (playbook §4 step 1; Rite of Detection).
    ///
    /// The mode is chosen by [`Mode::for_change`]; a forced migration gets its remediation
    /// deadline from its severity and `policy`.
    ///
    /// # Errors
    ///
    /// [`OpenError`], holding the notice, when there is no trigger, the target is not a
    /// stable version above the stable origin, the window is malformed or already closed,
    /// or the severity does not match the trigger class.
    ///
    /// ```
    /// use chrono::{DateTime, Utc};
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
    ///     assert_eq!(m.mode(), Mode::Soft);
    ///     assert_eq!(m.lineage().len(), 1);
    ///     Ok(())
    /// }
    /// ```
    pub fn open(
        notice: Notice,
        at: DateTime<Utc>,
        policy: &Policy,
    ) -> Result<Migration<Detection>, OpenError> {
        let refuse = |notice: Notice, reason| {
            Err(OpenError {
                notice: Box::new(notice),
                reason,
            })
        };
        let mut triggers = notice.triggers.clone();
        triggers.sort();
        triggers.dedup();
        let Some(class) = TriggerClass::of(&triggers) else {
            return refuse(notice, OpenRefusal::NoTrigger);
        };
        let pre = [&notice.origin, &notice.target]
            .into_iter()
            .find(|v| !v.pre.is_empty())
            .cloned();
        if let Some(v) = pre {
            return refuse(notice, OpenRefusal::PreRelease(v));
        }
        if checks::same_version(&notice.target, &notice.origin) {
            return refuse(
                notice.clone(),
                OpenRefusal::UnversionedChange(notice.target),
            );
        }
        if notice.target < notice.origin {
            let reason = OpenRefusal::TargetNotAbove {
                origin: notice.origin.clone(),
                target: notice.target.clone(),
            };
            return refuse(notice, reason);
        }
        if notice.window.closes < notice.window.opens || notice.window.closes < at {
            let closes = notice.window.closes;
            return refuse(notice, OpenRefusal::BadWindow { closes });
        }
        let forced = class == TriggerClass::Forced;
        match (forced, notice.severity) {
            (true, None) => return refuse(notice, OpenRefusal::MissingSeverity),
            (false, Some(_)) => return refuse(notice, OpenRefusal::UnexpectedSeverity),
            _ => {}
        }
        let compatibility = match notice_compatibility(&notice, policy) {
            Ok(c) => c,
            Err(reason) => return refuse(notice, reason),
        };
        let mode = Mode::for_change(class, compatibility);
        let remediation_deadline = notice.severity.map(|s| policy.remediation_deadline(s, at));
        let detail = EventDetail::Opened(Box::new(Opening {
            partner: notice.partner.clone(),
            triggers,
            kind: notice.kind,
            compatibility,
            mode,
            origin: notice.origin.clone(),
            target: notice.target.clone(),
            fallback_target: notice.origin.clone(),
            window: notice.window,
            severity: notice.severity,
            remediation_deadline,
            contracts: notice.contracts.clone().map(Box::new),
            policy: Box::new(policy.clone()),
        }));
        let mut event = Event {
            seq: 0,
            at,
            rite: detail.rite(),
            detail,
            digest: digest::Digest::GENESIS,
        };
        let mut scratch = chain::Scratch::default();
        event.digest = chain::digest(&digest::Digest::GENESIS, &event, &mut scratch);
        match replay::Core::start(event, &mut scratch) {
            Ok(core) => Ok(Migration::from_core(Box::new(core))),
            // the checks above cover every rule `start` enforces; fail closed regardless
            Err(e) => refuse(notice, OpenRefusal::Inconsistent(e)),
        }
    }

    /// Accepts the plan (playbook §4 steps 2–3; Rite of Preparation).
    ///
    /// Needs what [`Migration::requirements`] lists: the four parts of the plan, the five
    /// required documents ([`DocumentKind::required_for`](crate::DocumentKind::required_for)),
    /// in guided mode a compatibility mapping, and the approvals
    /// [`required_approvals`](crate::required_approvals) names, signed no later than `at`.
    ///
    /// # Errors
    ///
    /// [`Refused`], holding the migration, with [`Refusal::IncompletePlan`](crate::Refusal::IncompletePlan) listing every
    /// missing item at once.
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
    ///     assert_eq!(m.lineage().len(), 2);
    ///     Ok(())
    /// }
    /// ```
    pub fn prepare(
        self,
        plan: &Plan,
        at: DateTime<Utc>,
    ) -> Result<Migration<Preparation>, Refused<Detection>> {
        self.prepare_step(plan, at)
            .map_err(|r| r.during(Step::Prepare))
    }

    fn prepare_step(
        self,
        plan: &Plan,
        at: DateTime<Utc>,
    ) -> Result<Migration<Preparation>, Refused<Detection>> {
        if let Err(r) = self.check_time(at) {
            return Err(self.refuse(r));
        }
        if let Err(r) = check_plan(
            plan,
            self.core.kind,
            self.core.mode,
            &self.core.triggers,
            at,
        ) {
            return Err(self.refuse(r));
        }
        let (documents, approvals) = plan_summary(plan, at);
        self.advance(
            at,
            EventDetail::Prepared {
                documents,
                approvals,
            },
        )
    }
}
