//! The one validation entry point.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use semver::Version;

use super::compat::{
    check_fragmentation, check_runtime_support, CompatibilityMatrix, ComponentKind, RuntimeSupport,
    RuntimeUse,
};
use super::contract::{diff, Contract, RuntimeRef};
use super::fallback::{check_fallback, FallbackProvision};
use super::governance::{check_documents, check_governance};
use super::lint::Lint;
use super::release::check_release;
use crate::permission::{self, BoundaryCheck, Catalog, PermissionSet};
use crate::Trigger;
use crate::{
    Approval, Attestation, Document, Finding, GovernanceBody, Grants, Level, MigrationKind, Mode,
    Policy, ValidationReport, Verdict,
};

/// Everything [`validate`] looks at. Plain data, borrowed.
#[derive(Debug, Clone, Copy)]
pub struct ValidationInput<'a> {
    /// The migration's kind.
    pub kind: MigrationKind,
    /// The migration's mode.
    pub mode: Mode,
    /// The migration's triggers.
    pub triggers: &'a [Trigger],
    /// The contracts before and after, for kinds with a contract
    /// ([`MigrationKind::has_contract`]); `None` for the others, which then have no
    /// operations or workflows to diff or keep.
    pub contracts: Option<(&'a Contract, &'a Contract)>,
    /// The released version.
    pub version: &'a Version,
    /// When the validation runs.
    pub at: DateTime<Utc>,
    /// When the release rolled out (the fallback window starts here).
    pub rollout: DateTime<Utc>,
    /// The OS version the partner runs on after the migration.
    pub os_version: &'a Version,
    /// The compatibility matrix.
    pub matrix: &'a CompatibilityMatrix,
    /// The runtimes the partner's components run on after the migration.
    pub runtimes: &'a [RuntimeUse],
    /// The runtimes the platform supports.
    pub supported_runtimes: &'a [RuntimeSupport],
    /// The grants: current, proposed, ceiling, deny, fallback.
    pub grants: &'a Grants,
    /// Governance approvals.
    pub approvals: &'a [Approval],
    /// The migration's documents.
    pub documents: &'a [Document],
    /// The fallback in place.
    pub fallback: &'a FallbackProvision,
    /// Declared verb levels.
    pub catalog: &'a Catalog,
    /// Results obtained outside this crate (a partner's test suite, a security review), each
    /// for one dimension; an attested failure fails its dimension.
    pub attestations: &'a [Attestation],
}

fn is_workflow_lint(l: &str) -> bool {
    l.starts_with("contract.workflow_")
}

/// Runs every check relevant to a migration and returns a report covering all six
/// dimensions, each pass, fail or not applicable with its findings (see the
/// [module docs](super) for which check lands where). The flow's
/// [`Migration::<Transition>::validate`](crate::Migration::validate) consumes the report.
///
/// The report is complete by construction: all six dimensions are recorded, each computed
/// from the evidence and combined with the attestations given for it.
#[must_use]
pub fn validate(input: &ValidationInput<'_>, policy: &Policy) -> ValidationReport {
    // a kind without a contract has no operations or workflows to diff, keep or govern
    let none = Contract {
        version: input.version.clone(),
        operations: BTreeMap::new(),
        workflows: BTreeMap::new(),
        permissions: PermissionSet::new(),
        runtime: RuntimeRef {
            name: String::new(),
            version: Version::new(0, 0, 0),
        },
    };
    let (old, new) = input.contracts.unwrap_or((&none, &none));
    let changes = match input.contracts {
        Some((old, new)) => diff(old, new, policy),
        None => Vec::new(),
    };
    let change_finding = |c: &super::contract::Change| {
        Finding::new(
            c.lint,
            c.item.clone(),
            format!("{} ({}, needs a {} bump)", c.detail, c.severity, c.bump),
        )
    };

    // version: release rules, matrix, documents
    let mut version = match input.contracts {
        Some((old, new)) => check_release(old, new, &changes, input.at, policy),
        None => Vec::new(),
    };
    version.extend(input.matrix.check(input.version, input.os_version));
    version.extend(check_documents(input.kind, input.documents));

    // structure: operations and runtime changes, extension runtimes, fragmentation
    let mut structure: Vec<Finding> = changes
        .iter()
        .filter(|c| {
            c.lint.id().starts_with("contract.operation_")
                || c.lint.id().starts_with("contract.runtime_")
        })
        .map(change_finding)
        .collect();
    structure.extend(check_fragmentation(input.runtimes, policy));
    let of_kind = |k: ComponentKind| -> Vec<RuntimeUse> {
        input
            .runtimes
            .iter()
            .filter(|u| u.kind == k)
            .cloned()
            .collect()
    };
    structure.extend(check_runtime_support(
        &of_kind(ComponentKind::Extension),
        input.supported_runtimes,
    ));

    // capability and permission: the fallback provision, then the grants
    let fallback = check_fallback(
        input.fallback,
        old,
        &input.grants.current,
        input.rollout,
        policy,
        input.catalog,
    );
    let (mut permission, capability): (Vec<Finding>, Vec<Finding>) = fallback
        .into_iter()
        .partition(|f| f.lint.starts_with("permission."));
    let g = input.grants;
    let bodies: Vec<GovernanceBody> = input
        .approvals
        .iter()
        .filter(|a| a.is_valid_at(input.at))
        .map(|a| a.body)
        .collect();
    let mut check = BoundaryCheck::migration(
        &g.current,
        &g.proposed,
        &g.ceiling,
        input.kind,
        input.mode,
        input.catalog,
    );
    check.deny = &g.deny;
    check.approvals = &bodies;
    let grant = permission::check(&check);
    for v in grant.violations() {
        permission.push(Finding::new(
            Lint::from(v.kind),
            v.permission.to_string(),
            v.to_string(),
        ));
    }
    let mut check = BoundaryCheck::fallback(&g.current, &g.fallback, &g.ceiling, input.catalog);
    check.deny = &g.deny;
    for v in permission::check(&check).violations() {
        permission.push(Finding::new(
            Lint::from(v.kind),
            format!("fallback {}", v.permission),
            v.to_string(),
        ));
    }
    permission.extend(
        changes
            .iter()
            .filter(|c| c.lint.id().starts_with("contract.permission_"))
            .map(change_finding),
    );
    // security validation: computed above from the boundary; a migration forced by a
    // security or compliance violation also needs an attested review
    let security_forced = input
        .triggers
        .iter()
        .any(|t| matches!(t, Trigger::SecurityViolation | Trigger::ComplianceViolation));
    let reviewed = input
        .attestations
        .iter()
        .any(|a| a.dimension == crate::Dimension::Permission && a.verdict == Verdict::Pass);
    if security_forced && !reviewed {
        permission.push(Finding::new(
            Lint::SecurityReviewMissing,
            "security review",
            "a migration forced by a security or compliance violation needs an attested security review",
        ));
    }

    // workflow: changes, governance, workflow runtimes
    let mut workflow: Vec<Finding> = changes
        .iter()
        .filter(|c| is_workflow_lint(c.lint.id()))
        .map(change_finding)
        .collect();
    let expands = !g.proposed.is_subset(&g.current);
    for f in check_governance(
        input.kind,
        input.mode,
        input.triggers,
        input.approvals,
        expands,
        new,
        input.at,
    ) {
        match f.item.as_str() {
            "SCO" => permission.push(f),
            "ERC" => workflow.push(f),
            _ if f.lint == Lint::UngovernedWorkflow.id() => workflow.push(f),
            _ => structure.push(f),
        }
    }
    workflow.extend(check_runtime_support(
        &of_kind(ComponentKind::Workflow),
        input.supported_runtimes,
    ));

    // intelligence
    let intelligence_uses = of_kind(ComponentKind::Intelligence);
    let intelligence = check_runtime_support(&intelligence_uses, input.supported_runtimes);

    let workflows_touched = input.kind.touches_workflows()
        || !old.workflows.is_empty()
        || !new.workflows.is_empty()
        || input
            .runtimes
            .iter()
            .any(|u| u.kind == ComponentKind::Workflow);
    let intelligence_touched =
        input.kind == MigrationKind::IntelligenceRuntime || !intelligence_uses.is_empty();

    let put = |applicable: bool, findings: Vec<Finding>| {
        let verdict = if !applicable && findings.is_empty() {
            Verdict::NotApplicable
        } else if findings.iter().any(|f| f.level == Level::Error) {
            Verdict::Fail
        } else {
            Verdict::Pass
        };
        (Some(verdict), findings)
    };
    ValidationReport::from_parts(
        [
            put(true, version),
            put(true, structure),
            put(true, capability),
            put(true, permission),
            put(workflows_touched, workflow),
            put(intelligence_touched, intelligence),
        ],
        input.attestations,
    )
}
