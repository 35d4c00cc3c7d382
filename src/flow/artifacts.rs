//! What each step of the flow needs: the notice, the plan, the release, the platform's facts,
//! the validation report, the remediation, a window extension and a withdrawal.

use core::fmt;

use chrono::{DateTime, Utc};
use semver::Version;

use crate::kind::MigrationKind;
use crate::mode::Compatibility;
use crate::partner::PartnerId;
use crate::permission::{Catalog, PermissionSet};
use crate::rules::{CompatibilityMatrix, Contract, RuntimeSupport, RuntimeUse};
use crate::severity::Severity;
use crate::trigger::Trigger;

pub use crate::plan::{
    required_approvals, Approval, Document, DocumentKind, Grants, MappingEntry, Missing, Plan,
    PlanPart, Requirements,
};
pub use crate::report::{
    Attestation, DimensionOutcome, DimensionResult, Finding, ValidationReport, Verdict,
};

/// The migration window (playbook §4 step 1, "migration window defined"): rollout must
/// happen between `opens` and `closes`, both inclusive. Exhaustive: a window is its two ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Window {
    /// First moment rollout may happen.
    #[cfg_attr(
        feature = "serde",
        serde(
            serialize_with = "crate::time_text::serialize",
            deserialize_with = "crate::time_text::deserialize"
        )
    )]
    pub opens: DateTime<Utc>,
    /// Last moment rollout may happen.
    #[cfg_attr(
        feature = "serde",
        serde(
            serialize_with = "crate::time_text::serialize",
            deserialize_with = "crate::time_text::deserialize"
        )
    )]
    pub closes: DateTime<Utc>,
}

impl Window {
    /// Whether `at` lies inside the window.
    #[must_use]
    pub fn contains(&self, at: DateTime<Utc>) -> bool {
        self.opens <= at && at <= self.closes
    }
}

/// The migration notice that opens a migration (playbook §4 step 1, "Migration Notice":
/// partner notified, migration window defined, fallback behavior activated).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub struct Notice {
    /// The partner notified.
    pub partner: PartnerId,
    /// Why the migration happens; at least one.
    pub triggers: Vec<Trigger>,
    /// The scope of the change.
    pub kind: MigrationKind,
    /// What the caller declares about compatibility, if anything. With contracts the flow
    /// computes compatibility itself and refuses a declaration the evidence contradicts
    /// (declaring a breaking change for a change the contracts show compatible is allowed: a
    /// semantic break no contract shows); without contracts the declaration is required.
    pub compatibility: Option<Compatibility>,
    /// The evidence: the partner's contract at the origin and the one planned for the
    /// target. Required for kinds with a contract ([`MigrationKind::has_contract`]).
    pub contracts: Option<Contracts>,
    /// The partner's current stable version: the fallback target.
    pub origin: Version,
    /// The version the partner migrates to; a stable version above `origin`.
    pub target: Version,
    /// The migration window.
    pub window: Window,
    /// For forced triggers only: how serious the violation is; sets the remediation deadline.
    pub severity: Option<Severity>,
}

/// A partner's contract before and after a migration: the evidence from which the flow
/// computes compatibility and the bump a release needs ([`rules::diff_contracts`](crate::rules::diff_contracts)).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Contracts {
    /// The contract at the origin version.
    pub old: Contract,
    /// The contract at the target version.
    pub new: Contract,
}

/// What a release brings for validation to compute from. The flow records it in the
/// lineage at Transition, so a service holding only the record can validate again.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Evidence {
    /// The contract as built, at the released version. Required when the notice carried
    /// contracts; the flow diffs it against the origin's contract.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::time_text::required")
    )]
    pub contract: Option<Contract>,
    /// The grants, checked against the platform's power ceiling
    /// ([`Platform::power_ceiling`](crate::Platform::power_ceiling)).
    pub grants: Grants,
    /// The runtimes the partner's components run on after the migration.
    pub runtimes: Vec<RuntimeUse>,
    /// Operation ids of the old contract still served while the fallback is in place.
    pub fallback_apis: Vec<String>,
    /// Workflow ids of the old contract still running while the fallback is in place.
    pub fallback_workflows: Vec<String>,
    /// The OS version the partner runs on after the migration (for the compatibility matrix).
    #[cfg_attr(
        feature = "serde",
        serde(serialize_with = "crate::version_text::serialize")
    )]
    pub os_version: Version,
}

/// A versioned release (playbook §4 step 5, "Rollout: versioned release, fallback behavior
/// maintained"): what the partner brings. The ceilings that bound it come from the platform
/// ([`Platform`](crate::Platform)), never from the release.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub struct Release {
    /// The released version; must be the migration's target.
    pub version: Version,
    /// What the caller declares about the release's compatibility, if anything; with a
    /// contract the flow computes it and refuses a contradicting declaration.
    pub compatibility: Option<Compatibility>,
    /// The share of the partner's users exposed as a canary while the release is shielded,
    /// in percent; at most [`Policy::max_canary_percent`](crate::Policy::max_canary_percent).
    pub canary_percent: u8,
    /// The evidence validation computes from.
    pub evidence: Evidence,
}

/// Why a migration falls back (framework §3: "used when migration fails, used when
/// compatibility breaks").
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", tag = "reason", deny_unknown_fields)
)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum FallbackReason {
    /// Validation failed.
    ValidationFailed,
    /// Compatibility broke after rollout.
    CompatibilityBroken,
    /// Health fell into At Risk.
    HealthAtRisk,
    /// Health fell into Unstable, or a collapse forced it: forced restriction (set by the
    /// flow itself).
    HealthUnstable,
    /// The partner asked to return.
    PartnerRequest,
    /// Something else, described.
    Other {
        /// The description; must not be blank.
        detail: String,
    },
}

impl FallbackReason {
    /// The stable snake_case name of the reason: its JSON `"reason"` tag, and the name the
    /// record format hashes.
    #[must_use]
    pub const fn as_str(&self) -> &'static str {
        match self {
            FallbackReason::ValidationFailed => "validation_failed",
            FallbackReason::CompatibilityBroken => "compatibility_broken",
            FallbackReason::HealthAtRisk => "health_at_risk",
            FallbackReason::HealthUnstable => "health_unstable",
            FallbackReason::PartnerRequest => "partner_request",
            FallbackReason::Other { .. } => "other",
        }
    }
}

impl fmt::Display for FallbackReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FallbackReason::ValidationFailed => f.write_str("validation failed"),
            FallbackReason::CompatibilityBroken => f.write_str("compatibility broke"),
            FallbackReason::HealthAtRisk => f.write_str("health at risk"),
            FallbackReason::HealthUnstable => f.write_str("health unstable"),
            FallbackReason::PartnerRequest => f.write_str("partner request"),
            FallbackReason::Other { detail } => f.write_str(detail),
        }
    }
}

/// What authorizes a fallback (playbook §6 forbids "fallback that bypasses governance").
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", tag = "authority", deny_unknown_fields)
)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum FallbackAuthority {
    /// The approval of the body governing the migration's category
    /// ([`Category::governing_body`](crate::Category::governing_body)), signed no later than
    /// the fallback.
    Approved {
        /// The approval.
        approval: Approval,
    },
    /// A reason the flow itself establishes: a failed validation (from Rejected) or an At
    /// Risk reading or collapse (from Throttled), when the [`Policy`](crate::Policy)
    /// sanctions automatic fallbacks (`automatic_fallback`); and always the forced
    /// restrictions, the framework's own reactions (an Unstable reading, a forced collapse,
    /// `restrict`).
    Sanctioned,
}

impl FallbackAuthority {
    /// The stable snake_case name: the JSON `"authority"` tag and the name the record format
    /// hashes.
    #[must_use]
    pub const fn as_str(&self) -> &'static str {
        match self {
            FallbackAuthority::Approved { .. } => "approved",
            FallbackAuthority::Sanctioned => "sanctioned",
        }
    }
}

/// A review of a Vulnerable reading (framework §8: "60–74 Vulnerable — Review Required"):
/// completion waits for one.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
#[non_exhaustive]
pub struct Review {
    /// Who reviewed; must not be blank.
    pub by: String,
    /// What they decided (continue, with what conditions); must not be blank.
    pub decision: String,
}

/// A remediation (playbook §9, "Required Steps": identify root cause, submit remediation
/// plan, implement fixes, pass re-validation, restore full access). The first three are in
/// here; re-validation is the flow's Validation step, and full access is restored when it
/// passes.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub struct Remediation {
    /// Step 1: the root cause; must not be blank.
    pub root_cause: String,
    /// Step 3: the fixes implemented; must not be blank.
    pub fixes: String,
    /// How serious the problem was; sets the remediation deadline.
    pub severity: Severity,
}

/// The platform's facts: what bounds a partner, as the platform (never the partner) states
/// it. The transition and the validation take them from the service, and the lineage
/// records the facts each used ([`EventDetail::Transitioned`](crate::EventDetail::Transitioned), the validation events), so
/// the replay recomputes every verdict from the record alone.
///
/// The matrix, the runtimes and the catalog are the same for every partner; the ceilings
/// (framework §9, "ceiling enforcement: version and power ceilings") are the partner's own
/// (its tier), set by the service for each request. There is no default (an empty matrix, no
/// runtime and empty ceilings would fail every validation): build one with [`Platform::new`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Platform {
    /// Which partner versions run on which OS versions (playbook §5).
    pub matrix: CompatibilityMatrix,
    /// The runtimes the platform supports.
    pub supported_runtimes: Vec<RuntimeSupport>,
    /// Declared verb levels.
    pub catalog: Catalog,
    /// The highest version the platform allows the partner now (framework §9, "version
    /// ceiling").
    #[cfg_attr(
        feature = "serde",
        serde(serialize_with = "crate::version_text::serialize")
    )]
    pub version_ceiling: Version,
    /// The partner's power ceiling (framework §9, "ceiling enforcement"): no grant reaches
    /// outside it.
    #[cfg_attr(
        feature = "serde",
        serde(
            serialize_with = "crate::permission::as_written::serialize",
            deserialize_with = "crate::permission::as_written::deserialize"
        )
    )]
    pub power_ceiling: PermissionSet,
}

/// An extension of the migration window (playbook §4 step 1, "migration window defined"),
/// by the body governing the migration's category: see [`Migration::extend_window`](crate::Migration::extend_window).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
#[non_exhaustive]
pub struct Extension {
    /// The new close of the window; later than the current one.
    pub closes: DateTime<Utc>,
    /// Why; must not be blank.
    pub reason: String,
    /// The approval of the body governing the migration's category, signed no later than
    /// the extension.
    pub approval: Approval,
}

vocabulary! {
    /// Who asked for a withdrawal.
    pub enum WithdrawnBy: Display {
        /// The partner asked to stay where it is.
        Partner = "partner",
        /// The platform decided (the change that triggered the migration was abandoned).
        Platform = "platform",
    }
}

/// A withdrawal of a migration under way: see [`Migration::withdraw`](crate::Migration::withdraw).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
#[non_exhaustive]
pub struct Withdrawal {
    /// Who asked.
    pub by: WithdrawnBy,
    /// Why; must not be blank.
    pub reason: String,
    /// The approval of the body governing the migration's category, signed no later than
    /// the withdrawal.
    pub approval: Approval,
}

// the replay recognises the platform facts and the release's evidence it replays under by
// their identity (see `rules::memo`)
impl crate::rules::Holds for Platform {
    fn catalog(&self) -> Option<&crate::permission::Catalog> {
        Some(&self.catalog)
    }

    fn set(&self, i: u8) -> Option<&PermissionSet> {
        (i == 0).then_some(&self.power_ceiling)
    }
}

impl crate::rules::Holds for Evidence {
    fn set(&self, i: u8) -> Option<&PermissionSet> {
        let g = &self.grants;
        [&g.current, &g.proposed, &g.deny, &g.fallback]
            .get(usize::from(i))
            .copied()
    }
}
