//! Fallback requirements (playbook §6).

use chrono::{DateTime, Utc};

use super::contract::Contract;
use super::memo::Checks;
use crate::lint::Lint;
use crate::permission::{BoundaryCheck, Catalog, PermissionSet};
use crate::policy::Policy;
use crate::report::Finding;

/// What stays available while the fallback is in place.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub struct FallbackProvision {
    /// Operation ids of the old contract still served.
    pub apis: Vec<String>,
    /// Workflow ids of the old contract still running.
    pub workflows: Vec<String>,
    /// The fallback grant: read-only, never wider than the old grant.
    pub permissions: PermissionSet,
    /// When the fallback ends.
    pub until: DateTime<Utc>,
}

/// A [`FallbackProvision`] borrowed: the replay checks the fallback a release's evidence
/// describes without copying it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Provision<'a> {
    pub(crate) apis: &'a [String],
    pub(crate) workflows: &'a [String],
    pub(crate) permissions: &'a PermissionSet,
    pub(crate) until: Until,
}

/// When a borrowed provision's fallback ends.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Until {
    /// On this date.
    Date(DateTime<Utc>),
    /// At the policy's recommended end for a rollout at this time (the flow keeps the
    /// fallback for the policy's windows): when the check's rollout is that time too, it
    /// needs no date at all.
    Recommended(DateTime<Utc>),
}

impl Until {
    /// Whether the fallback is kept to the recommended end for a rollout at `rollout`: the
    /// check then reads no date.
    pub(crate) fn recommended_from(self, rollout: DateTime<Utc>) -> bool {
        matches!(self, Until::Recommended(from) if from == rollout)
    }
}

impl FallbackProvision {
    /// This provision, borrowed.
    pub(crate) fn borrowed(&self) -> Provision<'_> {
        Provision {
            apis: &self.apis,
            workflows: &self.workflows,
            permissions: &self.permissions,
            until: Until::Date(self.until),
        }
    }
}

/// Checks the fallback (playbook §6): every API and workflow of the old contract has a
/// fallback; an old contract with operations or workflows has a fallback grant (an empty
/// one leaves its fallback APIs and workflows nothing to run with: "fallback permissions
/// (read-only)" are required); the fallback permissions are read-only and never wider than
/// `old_grant`; the
/// window from `rollout` runs at least [`Policy::fallback_min_months`] calendar months (an
/// error below) and [`Policy::fallback_recommended_months`] (a warning below).
#[must_use]
pub fn check_fallback(
    provision: &FallbackProvision,
    old: &Contract,
    old_grant: &PermissionSet,
    rollout: DateTime<Utc>,
    policy: &Policy,
    catalog: &Catalog,
) -> Vec<Finding> {
    let mut memo = Checks::default();
    check_fallback_with(
        provision.borrowed(),
        old,
        old_grant,
        rollout,
        policy,
        catalog,
        &mut memo,
    )
}

/// [`check_fallback`], its boundary check answered from `memo` when it was made before.
pub(crate) fn check_fallback_with(
    provision: Provision<'_>,
    old: &Contract,
    old_grant: &PermissionSet,
    rollout: DateTime<Utc>,
    policy: &Policy,
    catalog: &Catalog,
    memo: &mut Checks,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for id in old
        .operations
        .keys()
        .filter(|id| !provision.apis.contains(id))
    {
        out.push(Finding::new(
            Lint::FallbackMissingApi,
            format!("operation {id}"),
            "has no fallback",
        ));
    }
    for id in old
        .workflows
        .keys()
        .filter(|id| !provision.workflows.contains(id))
    {
        out.push(Finding::new(
            Lint::FallbackMissingWorkflow,
            format!("workflow {id}"),
            "has no fallback",
        ));
    }
    if (!old.operations.is_empty() || !old.workflows.is_empty()) && provision.permissions.is_empty()
    {
        out.push(Finding::new(
            Lint::FallbackEmptyGrant,
            "fallback permissions",
            "the old contract has operations or workflows, but the fallback grants no permission to serve them",
        ));
    }
    let report = memo.check(&BoundaryCheck::fallback(
        old_grant,
        provision.permissions,
        old_grant,
        catalog,
    ));
    out.extend(Finding::of_boundary(&report, ""));
    // a policy's recommended window is never shorter than its minimum (`Policy` refuses
    // one that is), so a fallback kept until the recommended end needs no other date
    let until = match provision.until {
        until if until.recommended_from(rollout) => return out,
        Until::Recommended(from) => policy.fallback_recommended_until(from),
        Until::Date(until) => until,
    };
    let recommended = policy.fallback_recommended_until(rollout);
    if until >= recommended {
        return out;
    }
    let min = policy.fallback_until(rollout);
    if until < min {
        out.push(Finding::new(
            Lint::FallbackWindowTooShort,
            "fallback window",
            format!(
                "ends {}, before the minimum {} ({} months after rollout)",
                until.date_naive(),
                min.date_naive(),
                policy.fallback_min_months()
            ),
        ));
    } else if until < recommended {
        out.push(Finding::new(
            Lint::FallbackWindowBelowRecommended,
            "fallback window",
            format!(
                "ends {}, before the recommended {} ({} months after rollout)",
                until.date_naive(),
                recommended.date_naive(),
                policy.fallback_recommended_months()
            ),
        ));
    }
    out
}

impl FallbackProvision {
    /// What stays available while the fallback is in place: the operation ids (`apis`) and
    /// workflow ids of the old contract still served, the read-only fallback grant
    /// (`permissions`), and when the fallback ends.
    #[must_use]
    pub fn new(
        apis: Vec<String>,
        workflows: Vec<String>,
        permissions: PermissionSet,
        until: DateTime<Utc>,
    ) -> FallbackProvision {
        FallbackProvision {
            apis,
            workflows,
            permissions,
            until,
        }
    }
}
