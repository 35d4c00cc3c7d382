//! The checks behind Validation: contract changes, release rules, the compatibility
//! matrix, runtimes, fallback, documentation, governance and remediation (playbook §5–§10),
//! and [`validate`], the one entry point that runs every check relevant to a migration and
//! returns a [`ValidationReport`] across the six dimensions.
//!
//! Every finding carries a stable lint id, a level (error, warning, info), the words of the
//! seed rule and the offending item, so a partner reading it knows what to fix. Contract
//! changes also carry a [`ChangeSeverity`] (breaking, possibly breaking, info) and the
//! [`Bump`] it requires; [`Policy::severity_override`](crate::PolicyBuilder::severity_override)
//! changes a lint's severity, as cargo-semver-checks and oasdiff allow.
//!
//! # Every rule
//!
//! | lint id | level | dimension | what | seed rule |
//! |---|---|---|---|---|
//! | `contract.operation_added` | info | structure | An operation was added | playbook §5: versioned rollout |
//! | `contract.operation_removed` | info | structure | An operation was removed | playbook §5: silent breaking changes are forbidden |
//! | `contract.operation_changed` | info | structure | An operation's signature changed | playbook §5: silent breaking changes are forbidden |
//! | `contract.operation_deprecated` | info | structure | An operation was deprecated with a sunset date | playbook §7: migration guide |
//! | `contract.workflow_added` | info | workflow | A workflow was added | playbook §3: workflow migration |
//! | `contract.workflow_removed` | info | workflow | A workflow was removed | playbook §2: workflow deprecations |
//! | `contract.workflow_trigger_changed` | info | workflow | A workflow's trigger changed | playbook §3: workflow trigger migration |
//! | `contract.workflow_handler_changed` | info | workflow | A workflow's handler changed | playbook §3: workflow handler migration |
//! | `contract.workflow_deprecated` | info | workflow | A workflow was deprecated with a sunset date | playbook §2: workflow deprecations |
//! | `contract.permission_required` | info | permission | The contract requires a permission it did not | playbook §3: workflow permission migration |
//! | `contract.permission_released` | info | permission | The contract no longer requires a permission | playbook §3: permission reduction |
//! | `contract.runtime_major_changed` | info | structure | The runtime moved to another major version, or to another runtime | playbook §2: runtime changes |
//! | `contract.runtime_changed` | info | structure | The runtime changed within a major version | playbook §2: runtime changes |
//! | `release.silent_breaking_change` | error | version | A breaking change without the version bump it needs | playbook §5 forbidden: silent breaking changes |
//! | `release.soft_breaking_change` | error | version | A change that breaks (or may break) released in soft mode, which must be backward compatible | framework §3 soft migration: minimal change, backward compatible |
//! | `release.unversioned_change` | error | version | A change released under the same version | playbook §5 forbidden: unversioned changes |
//! | `release.bump_too_small` | warning | version | A non-breaking change with a smaller bump than it needs | playbook §5 required: versioned rollout |
//! | `release.version_regressed` | error | version | The new version is lower than the old | playbook §4 step 5: versioned release |
//! | `release.pre_release_target` | error | version | A pre-release as the release target | playbook §4 step 5: versioned release |
//! | `release.removed_before_sunset` | error | version | An item removed before its deprecation's sunset date | playbook §6 required: fallback APIs, fallback workflows |
//! | `release.removed_without_deprecation` | error | version | An item removed that was never deprecated | playbook §2: API deprecations, workflow deprecations |
//! | `release.sunset_moved_earlier` | error | version | A sunset date moved earlier | playbook §1: predictable |
//! | `release.deprecation_window_too_short` | error | version | A deprecation whose sunset comes sooner than the minimum fallback window | playbook §6 fallback duration: minimum 6 months |
//! | `compatibility.matrix_unaligned` | error | version | The target does not run on the OS version per the compatibility matrix | playbook §5 required: compatibility matrix alignment |
//! | `runtime.fragmentation` | error | structure | Components span more runtime majors than policy allows | playbook §5 forbidden: runtime fragmentation |
//! | `runtime.incompatible` | error | structure | A component runs on a runtime the platform does not support | playbook §8 forbidden: incompatible runtimes |
//! | `runtime.incompatible_workflow` | error | workflow | A workflow runs on a runtime the platform does not support | playbook §8 forbidden: incompatible runtimes |
//! | `runtime.incompatible_intelligence` | error | intelligence | An intelligence component runs on a runtime the platform does not support | playbook §8 forbidden: incompatible runtimes |
//! | `fallback.missing_api` | error | capability | An API of the old contract has no fallback | playbook §6 required: fallback APIs |
//! | `fallback.missing_workflow` | error | capability | A workflow of the old contract has no fallback | playbook §6 required: fallback workflows |
//! | `fallback.empty_grant` | error | capability | An empty fallback grant for a contract with operations or workflows | playbook §6 required: fallback permissions (read-only) |
//! | `fallback.window_too_short` | error | capability | The fallback window is shorter than the policy minimum | playbook §6 fallback duration: minimum 6 months |
//! | `fallback.window_below_recommended` | warning | capability | The fallback window is shorter than the recommended window | playbook §6 fallback duration: recommended 12 months |
//! | `permission.fallback_not_read_only` | error | permission | A fallback permission above read level | playbook §6 required: fallback permissions (read-only) |
//! | `permission.fallback_wider` | error | permission | A fallback permission the old grant did not have | playbook §6 forbidden: fallback that expands permissions |
//! | `permission.exceeds_ceiling` | error | permission | A permission outside the ceiling | framework §9: ceiling enforcement |
//! | `permission.unbounded` | error | permission | An unbounded permission | playbook §8 forbidden: unbounded permissions |
//! | `permission.denied` | error | permission | A permission that overlaps a denial | playbook §8 required: permission boundary validation |
//! | `permission.expansion_without_sco` | error | permission | New access without SCO approval | playbook §3: permission expansion (governed) |
//! | `permission.restructuring_widens` | error | permission | A restructuring that widens access | playbook §3: permission restructuring |
//! | `permission.escalation_capable` | error | permission | An escalation-capable permission in a partner grant | playbook §8 forbidden: unbounded permissions |
//! | `security.review_missing` | error | permission | A migration forced by a security or compliance violation without an attested security review | playbook §4 step 4: security validation |
//! | `docs.missing_required` | error | version | A required document is missing | playbook §7: required documentation |
//! | `docs.optional_missing` | info | version | An optional document is missing | playbook §7: optional documentation |
//! | `governance.missing_approval` | error | structure | A required governance approval is missing | framework §3: governance oversight |
//! | `governance.missing_sco_approval` | error | permission | SCO's approval is missing (permission authority, framework §6) | framework §6: SCO → permission authority |
//! | `governance.missing_erc_approval` | error | workflow | ERC's approval is missing (workflow authority, framework §6) | framework §6: ERC → workflow authority |
//! | `governance.ungoverned_workflow` | error | workflow | A workflow no governance body governs | playbook §8 forbidden: ungoverned workflows |
//! | `governance.task_overdue` | warning | — | An annual governance task is overdue | playbook §10: annual tasks |
//! | `remediation.out_of_order` | error | — | A remediation step done out of order | playbook §9: required steps |
//! | `remediation.overdue` | error | — | A remediation past its window | playbook §9: remediation window |
//!
//! Contract-change lints (`contract.*`) report at info level in the diff; what makes them
//! block is the release rule they trip (`release.silent_breaking_change`,
//! `release.unversioned_change`, …).
//!
//! The table is the declaration in `src/lint.rs`, and a test holds them in step. Each
//! finding lands in the dimension its lint declares, and nowhere else: adding a lint is one
//! line of that declaration and the check that raises it.
//!
//! # Which dimension holds what
//!
//! | dimension | checks |
//! |---|---|
//! | version | release rules (soft mode: backward compatible only), compatibility matrix, documentation |
//! | structure | operation changes, the contract's own runtime, extension runtimes, runtime fragmentation |
//! | capability | fallback APIs, workflows, grant and window (what the partner can still do) |
//! | permission | the boundary checker on the new grant and the fallback grant; SCO approval; security validation |
//! | workflow | workflow changes, ungoverned workflows, workflow runtimes, approvals |
//! | intelligence | intelligence runtimes |
//!
//! One with an error fails. Which dimensions a migration involves is decided by its kind
//! ([`MigrationKind::involves`](crate::MigrationKind::involves)) and by the evidence given;
//! an involved dimension whose evidence is missing is unverified unless attested, and only a
//! dimension nothing involves, with nothing found, is "not applicable" (see
//! [`ValidationInput`]).
//!
//! **Security validation** (playbook §4 step 4) lives in the permission dimension, for every
//! migration: computed from the boundary (escalation-capable verbs, unbounded patterns,
//! denials, the ceiling); a migration forced by a security or compliance violation also needs
//! an attested security review, since no contract shows what was fixed: an
//! [`Attestation`](crate::Attestation) passing the permission dimension, attested by SCO (the
//! body that governs the permission category, [`Attestation::body`](crate::Attestation::body)),
//! dated within the release ([`ValidationInput::released_at`] and the validation time).

mod compat;
mod contract;
mod fallback;
mod governance;
mod memo;
mod release;
mod remediation;
mod sink;
mod validate;

pub use self::compat::{
    check_fragmentation, check_runtime_support, check_runtimes, detect_live, Alignment,
    CompatibilityMatrix, ComponentKind, MatrixRow, RuntimeSupport, RuntimeUse,
};
pub use self::contract::{
    compatibility_of, diff_contracts, required_bump, Change, Contract, Deprecation, Operation,
    RuntimeRef, Workflow,
};
pub use self::fallback::{check_fallback, FallbackProvision};
pub(crate) use self::fallback::{Provision, Until};
pub use self::governance::{check_documents, check_governance, GovernanceCalendar, TaskStatus};
pub(crate) use self::memo::{Checks, Holds};
pub use self::release::{bump_between, check_release};
pub use self::remediation::{
    RemediationCase, RemediationError, RemediationStep, RemediationWindow,
};
pub(crate) use self::validate::{disagreement, validate_with};
pub use self::validate::{validate, ValidationInput};
pub use crate::lint::{Bump, ChangeSeverity, Lint};

#[allow(unused_imports)]
use crate::report::ValidationReport;
