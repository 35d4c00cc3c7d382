//! The one validation entry point.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use semver::Version;

use super::compat::{
    check_fragmentation, check_runtime_support, CompatibilityMatrix, ComponentKind, RuntimeSupport,
    RuntimeUse,
};
use super::contract::{diff_contracts, Contract, RuntimeRef};
use super::fallback::{check_fallback, FallbackProvision};
use super::governance::{check_documents, check_governance};
use super::release::check_release;
use crate::dimension::Dimension;
use crate::kind::MigrationKind;
use crate::lint::FindingLevel;
use crate::lint::Lint;
use crate::mode::Mode;
use crate::permission::{Catalog, PermissionSet};
use crate::plan::{Approval, Document, Grants};
use crate::policy::Policy;
use crate::report::{Attestation, Finding, ValidationReport, Verdict};
use crate::trigger::Trigger;

/// Everything [`validate`] looks at. Plain data, borrowed.
///
/// Build one with [`ValidationInput::new`] and give only what the migration involves: what
/// is not given is "not involved". A dimension the migration's kind does involve whose
/// evidence is not given is never a silent pass: it is
/// [`Verdict::Unverified`](crate::Verdict::Unverified) unless an attestation speaks for it.
///
/// | evidence | setter | without it |
/// |---|---|---|
/// | the contracts before and after | [`contracts`](Self::contracts) | required for kinds with a contract: version, structure and (workflow kinds) workflow unverified |
/// | the compatibility matrix and the OS version | [`platform`](Self::platform) | version unverified |
/// | the fallback in place | [`fallback`](Self::fallback) | capability unverified |
/// | the grants | [`grants`](Self::grants) | permission unverified for kinds that touch permissions, else not involved |
/// | the platform's power ceiling | [`ceiling`](Self::ceiling) | an empty ceiling: every permission granted exceeds it |
/// | runtimes used and supported | [`runtimes`](Self::runtimes) | none used; an intelligence-runtime migration: intelligence unverified |
/// | documents, approvals, attestations, rollout, catalog | setters of the same names | none; rollout at `at`; the default catalog |
///
/// An API-only change, checked in a few lines:
///
/// ```
/// # use kwanus_migration::__doc_support::*;
/// use kwanus_migration::rules::{validate, FallbackProvision, ValidationInput};
/// use kwanus_migration::{MigrationKind, Mode, Policy, Trigger};
///
/// let (old, new) = (contract(semver::Version::new(1, 4, 0)), contract(semver::Version::new(2, 0, 0)));
/// let (os, docs, platform) = (semver::Version::new(8, 1, 0), plan().documents, platform());
/// let fallback = FallbackProvision { apis: vec!["get_order".into(), "list_orders".into()], workflows: vec!["sync".into()], permissions: Default::default(), until: t(24 * 400) };
/// let input = ValidationInput::new(MigrationKind::ApiVersion, Mode::Soft, &[Trigger::ApiDeprecation], &new.version, t(3))
///     .contracts(&old, &new)
///     .platform(&platform.matrix, &os)
///     .fallback(&fallback)
///     .documents(&docs);
/// let report = validate(&input, &Policy::default());
/// assert!(report.passed(), "{report}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
    pub os_version: Option<&'a Version>,
    /// The compatibility matrix.
    pub matrix: Option<&'a CompatibilityMatrix>,
    /// The runtimes the partner's components run on after the migration.
    pub runtimes: &'a [RuntimeUse],
    /// The runtimes the platform supports.
    pub supported_runtimes: &'a [RuntimeSupport],
    /// The grants: current, proposed, deny, fallback.
    pub grants: Option<&'a Grants>,
    /// The platform's power ceiling the grants must stay inside (`None`: an empty ceiling,
    /// so any grant exceeds it: fail closed).
    pub ceiling: Option<&'a PermissionSet>,
    /// Governance approvals.
    pub approvals: &'a [Approval],
    /// The migration's documents.
    pub documents: &'a [Document],
    /// The fallback in place.
    pub fallback: Option<&'a FallbackProvision>,
    /// Declared verb levels (`None`: [`Catalog::default`]).
    pub catalog: Option<&'a Catalog>,
    /// Results obtained outside this crate (a partner's test suite, a security review), each
    /// for one dimension; an attested failure fails its dimension.
    pub attestations: &'a [Attestation],
}

impl<'a> ValidationInput<'a> {
    /// The input for a migration of `kind` in `mode`, started by `triggers`, releasing
    /// `version`, validated at `at`, with no evidence yet: add what the migration involves.
    #[must_use]
    pub fn new(
        kind: MigrationKind,
        mode: Mode,
        triggers: &'a [Trigger],
        version: &'a Version,
        at: DateTime<Utc>,
    ) -> ValidationInput<'a> {
        ValidationInput {
            kind,
            mode,
            triggers,
            contracts: None,
            version,
            at,
            rollout: at,
            os_version: None,
            matrix: None,
            runtimes: &[],
            supported_runtimes: &[],
            grants: None,
            ceiling: None,
            approvals: &[],
            documents: &[],
            fallback: None,
            catalog: None,
            attestations: &[],
        }
    }

    /// The contracts before and after.
    #[must_use]
    pub fn contracts(self, old: &'a Contract, new: &'a Contract) -> Self {
        ValidationInput {
            contracts: Some((old, new)),
            ..self
        }
    }

    /// The compatibility matrix and the OS version the partner runs on.
    #[must_use]
    pub fn platform(self, matrix: &'a CompatibilityMatrix, os_version: &'a Version) -> Self {
        ValidationInput {
            matrix: Some(matrix),
            os_version: Some(os_version),
            ..self
        }
    }

    /// The runtimes the partner uses, and those the platform supports.
    #[must_use]
    pub fn runtimes(self, used: &'a [RuntimeUse], supported: &'a [RuntimeSupport]) -> Self {
        ValidationInput {
            runtimes: used,
            supported_runtimes: supported,
            ..self
        }
    }

    /// The grants.
    #[must_use]
    pub fn grants(self, grants: &'a Grants) -> Self {
        ValidationInput {
            grants: Some(grants),
            ..self
        }
    }

    /// The platform's power ceiling (framework §9), the partner's own.
    #[must_use]
    pub fn ceiling(self, ceiling: &'a PermissionSet) -> Self {
        ValidationInput {
            ceiling: Some(ceiling),
            ..self
        }
    }

    /// The governance approvals.
    #[must_use]
    pub fn approvals(self, approvals: &'a [Approval]) -> Self {
        ValidationInput { approvals, ..self }
    }

    /// The documents.
    #[must_use]
    pub fn documents(self, documents: &'a [Document]) -> Self {
        ValidationInput { documents, ..self }
    }

    /// The fallback in place.
    #[must_use]
    pub fn fallback(self, fallback: &'a FallbackProvision) -> Self {
        ValidationInput {
            fallback: Some(fallback),
            ..self
        }
    }

    /// When the release rolled out (by default, `at`).
    #[must_use]
    pub fn rollout(self, rollout: DateTime<Utc>) -> Self {
        ValidationInput { rollout, ..self }
    }

    /// The verb catalog (by default, [`Catalog::default`]).
    #[must_use]
    pub fn catalog(self, catalog: &'a Catalog) -> Self {
        ValidationInput {
            catalog: Some(catalog),
            ..self
        }
    }

    /// Results obtained outside this crate.
    #[must_use]
    pub fn attestations(self, attestations: &'a [Attestation]) -> Self {
        ValidationInput {
            attestations,
            ..self
        }
    }
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
    let default_catalog;
    let catalog = match input.catalog {
        Some(c) => c,
        None => {
            default_catalog = Catalog::default();
            &default_catalog
        }
    };
    let no_grants = Grants::default();
    let g = input.grants.unwrap_or(&no_grants);
    // the contracts a kind with a contract needs, missing: what rests on them is not computed
    let contracts_missing = input.kind.has_contract() && input.contracts.is_none();
    let changes = match input.contracts {
        Some((old, new)) => diff_contracts(old, new, policy),
        None => Vec::new(),
    };
    let change_finding = |c: &super::contract::Change| {
        Finding::new(
            c.lint,
            c.item.clone(),
            format!("{} ({}, needs a {} bump)", c.detail, c.severity, c.bump),
        )
    };

    // every check runs over all the evidence; each finding lands in the dimension its lint
    // declares (`Lint::dimension`), and nowhere else
    let mut findings: Vec<Finding> = changes.iter().map(change_finding).collect();
    if let Some((old, new)) = input.contracts {
        findings.extend(check_release(old, new, &changes, input.at, policy));
    }
    if let (Some(matrix), Some(os)) = (input.matrix, input.os_version) {
        findings.extend(matrix.check(input.version, os));
    }
    findings.extend(check_documents(input.kind, input.documents));
    findings.extend(check_fragmentation(input.runtimes, policy));
    findings.extend(check_runtime_support(
        input.runtimes,
        input.supported_runtimes,
    ));
    if let Some(provision) = input.fallback {
        findings.extend(check_fallback(
            provision,
            old,
            &g.current,
            input.rollout,
            policy,
            catalog,
        ));
    }
    let no_ceiling = PermissionSet::new();
    let ceiling = input.ceiling.unwrap_or(&no_ceiling);
    let reports = g.check(input.kind, input.approvals, input.at, catalog, ceiling);
    findings.extend(Finding::of_boundary(&reports.migration, ""));
    findings.extend(Finding::of_boundary(&reports.fallback, "fallback"));
    // security validation: computed above from the boundary; a migration forced by a
    // security or compliance violation also needs an attested review
    let security_forced = input
        .triggers
        .iter()
        .any(|t| matches!(t, Trigger::SecurityViolation | Trigger::ComplianceViolation));
    let reviewed = input
        .attestations
        .iter()
        .any(|a| a.dimension == Dimension::Permission && a.verdict == Verdict::Pass);
    if security_forced && !reviewed {
        findings.push(Finding::new(
            Lint::SecurityReviewMissing,
            "security review",
            "a migration forced by a security or compliance violation needs an attested security review",
        ));
    }
    let expands = !g.proposed.is_subset(&g.current);
    findings.extend(check_governance(
        input.kind,
        input.mode,
        input.triggers,
        input.approvals,
        expands,
        new,
        input.at,
    ));
    let mut by_dimension: [Vec<Finding>; 6] = Default::default();
    for f in findings {
        // every lint validation raises declares its dimension (a test holds it to that)
        let d = f.lint.dimension().unwrap_or(Dimension::Structure);
        by_dimension[d.index()].push(f);
    }
    let [version, structure, capability, permission, workflow, intelligence] = by_dimension;
    let of_kind = |k: ComponentKind| input.runtimes.iter().filter(move |u| u.kind == k);
    let intelligence_uses = of_kind(ComponentKind::Intelligence).count();

    let workflows_touched = input.kind.touches_workflows()
        || !old.workflows.is_empty()
        || !new.workflows.is_empty()
        || of_kind(ComponentKind::Workflow).next().is_some();
    let intelligence_touched =
        input.kind == MigrationKind::IntelligenceRuntime || intelligence_uses > 0;

    let permissions_involved = input.kind.touches_permissions()
        || input
            .contracts
            .is_some_and(|(old, new)| old.permissions != new.permissions);
    // `computed`: whether the evidence this dimension rests on was given; without it the
    // dimension is not computed (unverified unless attested), never a silent pass
    let put = |computed: bool, applicable: bool, findings: Vec<Finding>| {
        let verdict = if !computed {
            None
        } else if !applicable && findings.is_empty() {
            Some(Verdict::NotApplicable)
        } else if findings.iter().any(|f| f.level == FindingLevel::Error) {
            Some(Verdict::Fail)
        } else {
            Some(Verdict::Pass)
        };
        (verdict, findings)
    };
    let platform_given = input.matrix.is_some() && input.os_version.is_some();
    let grants_given = input.grants.is_some();
    ValidationReport::from_parts(
        [
            put(!contracts_missing && platform_given, true, version),
            put(!contracts_missing, true, structure),
            put(input.fallback.is_some(), true, capability),
            put(
                grants_given || !permissions_involved,
                grants_given || !permission.is_empty(),
                permission,
            ),
            put(
                !(contracts_missing && input.kind.touches_workflows()),
                workflows_touched,
                workflow,
            ),
            put(
                !(input.kind == MigrationKind::IntelligenceRuntime && intelligence_uses == 0),
                intelligence_touched,
                intelligence,
            ),
        ],
        input.attestations,
    )
}
