//! The lint table: every rule the crate checks, with a stable id, its level and the seed's
//! words.

use core::fmt;

use crate::dimension::Dimension;
use crate::permission::ViolationKind;

/// How a contract change affects partners (the oasdiff / cargo-semver-checks axis).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum ChangeSeverity {
    /// Informational: nothing a partner relies on breaks.
    Info,
    /// May break some partners.
    PossiblyBreaking,
    /// Breaks partners that use the item.
    Breaking,
}

impl fmt::Display for ChangeSeverity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ChangeSeverity::Info => "info",
            ChangeSeverity::PossiblyBreaking => "possibly breaking",
            ChangeSeverity::Breaking => "breaking",
        })
    }
}

/// A semver bump, smallest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum Bump {
    /// No version change.
    None,
    /// `x.y.Z`.
    Patch,
    /// `x.Y.0`.
    Minor,
    /// `X.0.0`.
    Major,
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        })
    }
}

/// Whether a finding blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum FindingLevel {
    /// Reported for information (an optional document missing, an API added).
    Info,
    /// Should be fixed; does not block.
    Warning,
    /// Blocks: the dimension fails.
    Error,
}

impl fmt::Display for FindingLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FindingLevel::Info => "info",
            FindingLevel::Warning => "warning",
            FindingLevel::Error => "error",
        })
    }
}

macro_rules! lints {
    ($( $(#[$doc:meta])* $name:ident = $id:literal, $level:ident, $change:expr, $dim:expr, $rule:literal; )*) => {
        /// A rule the crate checks. Each has a stable id ([`Lint::id`]), a default level, the
        /// words of the seed rule it enforces ([`Lint::rule`]) and, for contract changes, a
        /// default [`ChangeSeverity`] that [`Policy`](crate::policy::Policy) can override.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[cfg_attr(
            feature = "serde",
            derive(serde::Serialize, serde::Deserialize),
            serde(rename_all = "snake_case")
        )]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[non_exhaustive]
        pub enum Lint {
            $( $(#[$doc])* $name, )*
        }

        impl Lint {
            /// Every lint, in table order.
            pub const ALL: &'static [Lint] = &[$(Lint::$name),*];

            /// The stable id partner SDKs match on.
            #[must_use]
            pub const fn id(self) -> &'static str {
                match self { $(Lint::$name => $id,)* }
            }

            /// The level a finding of this lint has.
            #[must_use]
            pub const fn level(self) -> FindingLevel {
                match self { $(Lint::$name => FindingLevel::$level,)* }
            }

            /// The words of the seed rule this lint enforces.
            #[must_use]
            pub const fn rule(self) -> &'static str {
                match self { $(Lint::$name => $rule,)* }
            }

            /// For a contract-change lint, its default severity; `None` for the others.
            #[must_use]
            pub const fn default_severity(self) -> Option<ChangeSeverity> {
                match self { $(Lint::$name => $change,)* }
            }

            /// The validation dimension a finding of this lint lands in
            /// (the rules' `validate` routes by it and by nothing else); `None` for
            /// the lints outside validation (the governance calendar, remediation).
            #[must_use]
            pub const fn dimension(self) -> Option<Dimension> {
                match self { $(Lint::$name => $dim,)* }
            }
        }
    };
}

use ChangeSeverity::{Breaking, Info as Informational, PossiblyBreaking};

const VERSION: Option<Dimension> = Some(Dimension::Version);
const STRUCTURE: Option<Dimension> = Some(Dimension::Structure);
const CAPABILITY: Option<Dimension> = Some(Dimension::Capability);
const PERMISSION: Option<Dimension> = Some(Dimension::Permission);
const WORKFLOW: Option<Dimension> = Some(Dimension::Workflow);
const INTELLIGENCE: Option<Dimension> = Some(Dimension::Intelligence);
const NONE: Option<Dimension> = None;

lints! {
    /// An operation was added.
    OperationAdded = "contract.operation_added", Info, Some(Informational), STRUCTURE, "playbook §5: versioned rollout";
    /// An operation was removed.
    OperationRemoved = "contract.operation_removed", Info, Some(Breaking), STRUCTURE, "playbook §5: silent breaking changes are forbidden";
    /// An operation's signature changed.
    OperationChanged = "contract.operation_changed", Info, Some(Breaking), STRUCTURE, "playbook §5: silent breaking changes are forbidden";
    /// An operation was deprecated with a sunset date.
    OperationDeprecated = "contract.operation_deprecated", Info, Some(Informational), STRUCTURE, "playbook §7: migration guide";
    /// A workflow was added.
    WorkflowAdded = "contract.workflow_added", Info, Some(Informational), WORKFLOW, "playbook §3: workflow migration";
    /// A workflow was removed.
    WorkflowRemoved = "contract.workflow_removed", Info, Some(Breaking), WORKFLOW, "playbook §2: workflow deprecations";
    /// A workflow's trigger changed.
    WorkflowTriggerChanged = "contract.workflow_trigger_changed", Info, Some(Breaking), WORKFLOW, "playbook §3: workflow trigger migration";
    /// A workflow's handler changed.
    WorkflowHandlerChanged = "contract.workflow_handler_changed", Info, Some(PossiblyBreaking), WORKFLOW, "playbook §3: workflow handler migration";
    /// A workflow was deprecated with a sunset date.
    WorkflowDeprecated = "contract.workflow_deprecated", Info, Some(Informational), WORKFLOW, "playbook §2: workflow deprecations";
    /// The contract requires a permission it did not.
    PermissionRequired = "contract.permission_required", Info, Some(PossiblyBreaking), PERMISSION, "playbook §3: workflow permission migration";
    /// The contract no longer requires a permission.
    PermissionReleased = "contract.permission_released", Info, Some(Informational), PERMISSION, "playbook §3: permission reduction";
    /// The runtime moved to another major version, or to another runtime.
    RuntimeMajorChanged = "contract.runtime_major_changed", Info, Some(Breaking), STRUCTURE, "playbook §2: runtime changes";
    /// The runtime changed within a major version.
    RuntimeChanged = "contract.runtime_changed", Info, Some(PossiblyBreaking), STRUCTURE, "playbook §2: runtime changes";

    /// A breaking change without the version bump it needs.
    SilentBreakingChange = "release.silent_breaking_change", Error, None, VERSION, "playbook §5 forbidden: silent breaking changes";
    /// A change that breaks (or may break) released in soft mode, which must be backward
    /// compatible.
    SoftBreakingChange = "release.soft_breaking_change", Error, None, VERSION, "framework §3 soft migration: minimal change, backward compatible";
    /// A change released under the same version.
    UnversionedChange = "release.unversioned_change", Error, None, VERSION, "playbook §5 forbidden: unversioned changes";
    /// A non-breaking change with a smaller bump than it needs.
    BumpTooSmall = "release.bump_too_small", Warning, None, VERSION, "playbook §5 required: versioned rollout";
    /// The new version is lower than the old.
    VersionRegressed = "release.version_regressed", Error, None, VERSION, "playbook §4 step 5: versioned release";
    /// A pre-release as the release target.
    PreReleaseTarget = "release.pre_release_target", Error, None, VERSION, "playbook §4 step 5: versioned release";
    /// An item removed before its deprecation's sunset date.
    RemovedBeforeSunset = "release.removed_before_sunset", Error, None, VERSION, "playbook §6 required: fallback APIs, fallback workflows";
    /// An item removed that was never deprecated.
    RemovedWithoutDeprecation = "release.removed_without_deprecation", Error, None, VERSION, "playbook §2: API deprecations, workflow deprecations";
    /// A sunset date moved earlier.
    SunsetMovedEarlier = "release.sunset_moved_earlier", Error, None, VERSION, "playbook §1: predictable";
    /// A deprecation whose sunset comes sooner than the minimum fallback window.
    DeprecationWindowTooShort = "release.deprecation_window_too_short", Error, None, VERSION, "playbook §6 fallback duration: minimum 6 months";

    /// The target does not run on the OS version per the compatibility matrix.
    MatrixUnaligned = "compatibility.matrix_unaligned", Error, None, VERSION, "playbook §5 required: compatibility matrix alignment";
    /// Components span more runtime majors than policy allows.
    RuntimeFragmentation = "runtime.fragmentation", Error, None, STRUCTURE, "playbook §5 forbidden: runtime fragmentation";
    /// A component runs on a runtime the platform does not support.
    IncompatibleRuntime = "runtime.incompatible", Error, None, STRUCTURE, "playbook §8 forbidden: incompatible runtimes";
    /// A workflow runs on a runtime the platform does not support.
    IncompatibleWorkflowRuntime = "runtime.incompatible_workflow", Error, None, WORKFLOW, "playbook §8 forbidden: incompatible runtimes";
    /// An intelligence component runs on a runtime the platform does not support.
    IncompatibleIntelligenceRuntime = "runtime.incompatible_intelligence", Error, None, INTELLIGENCE, "playbook §8 forbidden: incompatible runtimes";

    /// An API of the old contract has no fallback.
    FallbackMissingApi = "fallback.missing_api", Error, None, CAPABILITY, "playbook §6 required: fallback APIs";
    /// A workflow of the old contract has no fallback.
    FallbackMissingWorkflow = "fallback.missing_workflow", Error, None, CAPABILITY, "playbook §6 required: fallback workflows";
    /// An empty fallback grant for a contract with operations or workflows.
    FallbackEmptyGrant = "fallback.empty_grant", Error, None, CAPABILITY, "playbook §6 required: fallback permissions (read-only)";
    /// The fallback window is shorter than the policy minimum.
    FallbackWindowTooShort = "fallback.window_too_short", Error, None, CAPABILITY, "playbook §6 fallback duration: minimum 6 months";
    /// The fallback window is shorter than the recommended window.
    FallbackWindowBelowRecommended = "fallback.window_below_recommended", Warning, None, CAPABILITY, "playbook §6 fallback duration: recommended 12 months";
    /// A fallback permission above read level.
    FallbackNotReadOnly = "permission.fallback_not_read_only", Error, None, PERMISSION, "playbook §6 required: fallback permissions (read-only)";
    /// A fallback permission the old grant did not have.
    FallbackWider = "permission.fallback_wider", Error, None, PERMISSION, "playbook §6 forbidden: fallback that expands permissions";

    /// A permission outside the ceiling.
    PermissionExceedsCeiling = "permission.exceeds_ceiling", Error, None, PERMISSION, "framework §9: ceiling enforcement";
    /// An unbounded permission.
    PermissionUnbounded = "permission.unbounded", Error, None, PERMISSION, "playbook §8 forbidden: unbounded permissions";
    /// A permission that overlaps a denial.
    PermissionDenied = "permission.denied", Error, None, PERMISSION, "playbook §8 required: permission boundary validation";
    /// New access without SCO approval.
    PermissionExpansionWithoutSco = "permission.expansion_without_sco", Error, None, PERMISSION, "playbook §3: permission expansion (governed)";
    /// A restructuring that widens access.
    PermissionRestructuringWidens = "permission.restructuring_widens", Error, None, PERMISSION, "playbook §3: permission restructuring";
    /// An escalation-capable permission in a partner grant.
    PermissionEscalation = "permission.escalation_capable", Error, None, PERMISSION, "playbook §8 forbidden: unbounded permissions";
    /// A migration forced by a security or compliance violation without an attested
    /// security review.
    SecurityReviewMissing = "security.review_missing", Error, None, PERMISSION, "playbook §4 step 4: security validation";

    /// A required document is missing.
    MissingDocument = "docs.missing_required", Error, None, VERSION, "playbook §7: required documentation";
    /// An optional document is missing.
    OptionalDocumentMissing = "docs.optional_missing", Info, None, VERSION, "playbook §7: optional documentation";

    /// A required governance approval is missing.
    MissingApproval = "governance.missing_approval", Error, None, STRUCTURE, "framework §3: governance oversight";
    /// SCO's approval is missing (permission authority, framework §6).
    MissingScoApproval = "governance.missing_sco_approval", Error, None, PERMISSION, "framework §6: SCO → permission authority";
    /// ERC's approval is missing (workflow authority, framework §6).
    MissingErcApproval = "governance.missing_erc_approval", Error, None, WORKFLOW, "framework §6: ERC → workflow authority";
    /// A workflow no governance body governs.
    UngovernedWorkflow = "governance.ungoverned_workflow", Error, None, WORKFLOW, "playbook §8 forbidden: ungoverned workflows";
    /// An annual governance task is overdue.
    GovernanceTaskOverdue = "governance.task_overdue", Warning, None, NONE, "playbook §10: annual tasks";

    /// A remediation step done out of order.
    RemediationOutOfOrder = "remediation.out_of_order", Error, None, NONE, "playbook §9: required steps";
    /// A remediation past its window.
    RemediationOverdue = "remediation.overdue", Error, None, NONE, "playbook §9: remediation window";
}

impl Lint {
    /// Whether this lint classifies a contract change.
    #[must_use]
    pub const fn is_contract_change(self) -> bool {
        self.default_severity().is_some()
    }
}

impl Lint {
    /// The stable id, as [`Lint::id`].
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        self.id()
    }

    /// The lint whose id is `id`.
    #[must_use]
    pub fn from_id(id: &str) -> Option<Lint> {
        Lint::ALL.iter().copied().find(|l| l.id() == id)
    }
}

impl PartialEq<str> for Lint {
    fn eq(&self, other: &str) -> bool {
        self.id() == other
    }
}

impl PartialEq<&str> for Lint {
    fn eq(&self, other: &&str) -> bool {
        self.id() == *other
    }
}

/// A lint as its id in JSON (`"release.silent_breaking_change"`), for findings.
#[cfg(feature = "serde")]
pub(crate) mod as_id {
    use super::Lint;

    pub(crate) fn serialize<S: serde::Serializer>(lint: &Lint, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(lint.id())
    }

    pub(crate) fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Lint, D::Error> {
        let id = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
        Lint::from_id(&id)
            .ok_or_else(|| serde::de::Error::custom(format_args!("{id:?} is not a lint id")))
    }
}

impl fmt::Display for Lint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl From<ViolationKind> for Lint {
    fn from(kind: ViolationKind) -> Lint {
        match kind {
            ViolationKind::ExceedsCeiling => Lint::PermissionExceedsCeiling,
            ViolationKind::Unbounded => Lint::PermissionUnbounded,
            ViolationKind::Denied => Lint::PermissionDenied,
            ViolationKind::FallbackNotReadOnly => Lint::FallbackNotReadOnly,
            ViolationKind::FallbackWider => Lint::FallbackWider,
            ViolationKind::ExpansionWithoutSco => Lint::PermissionExpansionWithoutSco,
            ViolationKind::RestructuringWidens => Lint::PermissionRestructuringWidens,
            ViolationKind::EscalationCapable => Lint::PermissionEscalation,
        }
    }
}
