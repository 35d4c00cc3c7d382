//! The judgments: permissions, contracts, validation and health, each a request, a
//! response and a function.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use semver::Version;

use super::error::Error;
use super::Answer;
use crate::dimension::Dimension;
use crate::governance::GovernanceBody;
use crate::kind::MigrationKind;
use crate::lint::FindingLevel;
use crate::mode::{Compatibility, Mode};
use crate::permission::{
    self, BoundaryCheck, Catalog, Counterexample, GrantPurpose, Permission, PermissionChange,
    PermissionSet, ViolationKind,
};
use crate::plan::{Approval, Document, Grants};
use crate::policy::{Policy, PolicyBuilder};
use crate::report::{Attestation, Finding, ValidationReport, Verdict};
use crate::rules::{
    self, Bump, Change, CompatibilityMatrix, Contract, FallbackProvision, RuntimeRef,
    RuntimeSupport, RuntimeUse, ValidationInput, Workflow,
};
use crate::trigger::Trigger;

/// A grant from its texts, each permission parsed with its coded error.
fn grant(field: &str, texts: &[String]) -> Result<PermissionSet, Error> {
    texts
        .iter()
        .enumerate()
        .map(|(i, text)| {
            text.parse::<Permission>()
                .map_err(|source| Error::Permission {
                    field: format!("{field}[{i}]"),
                    source,
                })
        })
        .collect()
}

/// The policy given, or the seeds' numbers.
pub(super) fn policy_of(policy: Option<&PolicyBuilder>) -> Result<Policy, Error> {
    match policy {
        Some(b) => Ok(b.clone().build()?),
        None => Ok(Policy::default()),
    }
}

/// `n thing(s)` for a person.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn lines<T: core::fmt::Display>(head: String, items: impl IntoIterator<Item = T>) -> String {
    let mut out = head;
    for item in items {
        out.push_str("\n  ");
        out.push_str(&item.to_string());
    }
    out
}

/// What a grant is checked for: the grant a migration moves to, or the fallback grant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum Purpose {
    /// The grant a migration of `kind` moves the partner to.
    #[default]
    Migration,
    /// The read-only grant kept while the fallback is in place.
    Fallback,
}

/// The input of `check-permissions`: [`permission::check`] over [`BoundaryCheck`].
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct CheckPermissionsRequest {
    /// The partner's grant before the change.
    #[cfg_attr(feature = "schema", schemars(with = "Vec<Permission>"))]
    pub current: Vec<String>,
    /// The grant asked for.
    #[cfg_attr(feature = "schema", schemars(with = "Vec<Permission>"))]
    pub proposed: Vec<String>,
    /// The boundary (power ceiling).
    #[cfg_attr(feature = "schema", schemars(with = "Vec<Permission>"))]
    pub ceiling: Vec<String>,
    /// Explicit denials (none by default).
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<Permission>"))]
    pub deny: Vec<String>,
    /// What the grant is for (a migration by default).
    #[serde(default)]
    pub purpose: Purpose,
    /// The migration's kind: required for a migration, refused for a fallback.
    #[serde(default)]
    pub kind: Option<MigrationKind>,
    /// The governance bodies that approved the change.
    #[serde(default)]
    pub approvals: Vec<GovernanceBody>,
    /// Declared verb levels ([`Catalog::default`] by default).
    #[serde(default)]
    pub catalog: Option<Catalog>,
}

/// One broken rule of `check-permissions`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ViolationOutput {
    /// Which rule.
    pub kind: ViolationKind,
    /// Its stable code ([`ViolationKind::code`]).
    pub code: String,
    /// The offending permission of the proposed grant.
    #[cfg_attr(feature = "schema", schemars(with = "Permission"))]
    pub permission: String,
    /// A concrete verb and resource that shows it, where one exists.
    pub counterexample: Option<Counterexample>,
    /// The violation for a person.
    pub message: String,
}

/// The output of `check-permissions`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct CheckPermissionsResponse {
    /// Whether the proposed grant is proven inside every rule.
    pub allowed: bool,
    /// Every violation, in proposed-grant order, then by kind.
    pub violations: Vec<ViolationOutput>,
}

impl Answer for CheckPermissionsResponse {
    fn refusals(&self) -> Vec<String> {
        let mut codes: Vec<String> = Vec::new();
        for v in &self.violations {
            if !codes.contains(&v.code) {
                codes.push(v.code.clone());
            }
        }
        codes
    }
    fn text(&self) -> String {
        if self.allowed {
            return "allowed: every permission is inside the boundary".to_owned();
        }
        lines(
            format!(
                "refused: {}",
                count(self.violations.len(), "violation", "violations")
            ),
            self.violations.iter().map(|v| &v.message),
        )
    }
}

/// `check-permissions`: a proposed grant against the current grant, the ceiling and the
/// deny list ([`permission::check`]).
///
/// # Errors
///
/// [`Error::Permission`] for a permission that does not parse; [`Error::InvalidInput`] for
/// a migration without its `kind`, or a fallback with one.
pub fn check_permissions(r: &CheckPermissionsRequest) -> Result<CheckPermissionsResponse, Error> {
    let purpose = match (r.purpose, r.kind) {
        (Purpose::Migration, Some(kind)) => GrantPurpose::Migration { kind },
        (Purpose::Migration, None) => {
            return Err(Error::invalid(
                "kind",
                "a migration's grant is checked for its kind: give `kind` (such as \"permission_expansion\")",
            ))
        }
        (Purpose::Fallback, None) => GrantPurpose::Fallback,
        (Purpose::Fallback, Some(_)) => {
            return Err(Error::invalid(
                "kind",
                "a fallback grant has no kind: leave `kind` out",
            ))
        }
    };
    let current = grant("current", &r.current)?;
    let proposed = grant("proposed", &r.proposed)?;
    let ceiling = grant("ceiling", &r.ceiling)?;
    let deny = grant("deny", &r.deny)?;
    let catalog = r.catalog.clone().unwrap_or_default();
    let report = permission::check(&BoundaryCheck {
        current: &current,
        proposed: &proposed,
        ceiling: &ceiling,
        deny: &deny,
        purpose,
        approvals: &r.approvals,
        catalog: &catalog,
    });
    Ok(CheckPermissionsResponse {
        allowed: report.allowed(),
        violations: report
            .violations()
            .iter()
            .map(|v| ViolationOutput {
                kind: v.kind,
                code: v.kind.code().to_owned(),
                permission: v.permission.to_string(),
                counterexample: v.counterexample.clone(),
                message: v.to_string(),
            })
            .collect(),
    })
}

/// The input of `diff-grants`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct DiffGrantsRequest {
    /// The grant before.
    #[cfg_attr(feature = "schema", schemars(with = "Vec<Permission>"))]
    pub old: Vec<String>,
    /// The grant after.
    #[cfg_attr(feature = "schema", schemars(with = "Vec<Permission>"))]
    pub new: Vec<String>,
}

/// The output of `diff-grants`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct DiffGrantsResponse {
    /// Added, removed, widened and narrowed permissions ([`permission::diff_grants`]).
    pub changes: Vec<PermissionChange>,
}

impl Answer for DiffGrantsResponse {
    fn text(&self) -> String {
        if self.changes.is_empty() {
            return "no change".to_owned();
        }
        lines(
            count(self.changes.len(), "change", "changes"),
            &self.changes,
        )
    }
}

/// `diff-grants`: the changes from one grant to another ([`permission::diff_grants`]).
///
/// # Errors
///
/// [`Error::Permission`] for a permission that does not parse.
pub fn diff_grants(r: &DiffGrantsRequest) -> Result<DiffGrantsResponse, Error> {
    let (old, new) = (grant("old", &r.old)?, grant("new", &r.new)?);
    Ok(DiffGrantsResponse {
        changes: permission::diff_grants(&old, &new),
    })
}

/// A [`Contract`] as the interface reads it: its permissions in any order, and the
/// operations and workflows empty when left out.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ContractInput {
    /// The contract's version.
    pub version: Version,
    /// Operations by id.
    #[serde(default)]
    pub operations: BTreeMap<String, rules::Operation>,
    /// Workflows by id.
    #[serde(default)]
    pub workflows: BTreeMap<String, Workflow>,
    /// Permissions the partner needs.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<Permission>"))]
    pub permissions: Vec<String>,
    /// The runtime.
    pub runtime: RuntimeRef,
}

impl ContractInput {
    fn contract(&self, field: &str) -> Result<Contract, Error> {
        Ok(Contract {
            version: self.version.clone(),
            operations: self.operations.clone(),
            workflows: self.workflows.clone(),
            permissions: grant(&format!("{field}.permissions"), &self.permissions)?,
            runtime: self.runtime.clone(),
        })
    }
}

/// The input of `diff-contracts`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct DiffContractsRequest {
    /// The contract before.
    pub old: ContractInput,
    /// The contract after.
    pub new: ContractInput,
    /// The policy (the seeds' numbers by default): its severity overrides classify changes.
    #[serde(default)]
    pub policy: Option<PolicyBuilder>,
}

/// The output of `diff-contracts`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct DiffContractsResponse {
    /// Every change, classified ([`rules::diff_contracts`]).
    pub changes: Vec<Change>,
    /// Breaking when any change breaks or may break ([`rules::compatibility_of`]).
    pub compatibility: Compatibility,
    /// The largest bump a change needs (`none` without changes).
    pub required_bump: Bump,
    /// The bump from the old version to the new ([`rules::bump_between`]).
    pub version_bump: Bump,
}

impl Answer for DiffContractsResponse {
    fn text(&self) -> String {
        lines(
            format!(
                "{}: {}, needs a {} bump; the versions make a {} bump",
                count(self.changes.len(), "change", "changes"),
                self.compatibility,
                self.required_bump,
                self.version_bump
            ),
            &self.changes,
        )
    }
}

fn changes_of(
    old: &Contract,
    new: &Contract,
    policy: &Policy,
) -> (Vec<Change>, Compatibility, Bump, Bump) {
    let changes = rules::diff_contracts(old, new, policy);
    let compatibility = rules::compatibility_of(&changes);
    let required = changes.iter().map(|c| c.bump).max().unwrap_or(Bump::None);
    let actual = rules::bump_between(&old.version, &new.version);
    (changes, compatibility, required, actual)
}

/// `diff-contracts`: every change between two contracts, and the bump they need
/// ([`rules::diff_contracts`]).
///
/// # Errors
///
/// [`Error::Permission`] for a permission that does not parse, [`Error::Policy`] for a
/// policy that does not hold together.
pub fn diff_contracts(r: &DiffContractsRequest) -> Result<DiffContractsResponse, Error> {
    let policy = policy_of(r.policy.as_ref())?;
    let (old, new) = (r.old.contract("old")?, r.new.contract("new")?);
    let (changes, compatibility, required_bump, version_bump) = changes_of(&old, &new, &policy);
    Ok(DiffContractsResponse {
        changes,
        compatibility,
        required_bump,
        version_bump,
    })
}

/// The input of `check-release`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct CheckReleaseRequest {
    /// The contract released before.
    pub old: ContractInput,
    /// The contract to release.
    pub new: ContractInput,
    /// When the release happens (deprecations' sunsets are judged at it).
    #[serde(
        serialize_with = "crate::time_text::serialize",
        deserialize_with = "crate::time_text::deserialize"
    )]
    pub at: DateTime<Utc>,
    /// The policy (the seeds' numbers by default).
    #[serde(default)]
    pub policy: Option<PolicyBuilder>,
}

/// The output of `check-release`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct CheckReleaseResponse {
    /// Whether no finding is an error.
    pub passed: bool,
    /// What the release rules found ([`rules::check_release`]).
    pub findings: Vec<Finding>,
    /// Every change, classified.
    pub changes: Vec<Change>,
    /// The largest bump a change needs.
    pub required_bump: Bump,
    /// The bump from the old version to the new.
    pub version_bump: Bump,
}

impl Answer for CheckReleaseResponse {
    fn refusals(&self) -> Vec<String> {
        let mut codes: Vec<String> = Vec::new();
        for f in self
            .findings
            .iter()
            .filter(|f| f.level == FindingLevel::Error)
        {
            let id = f.lint.id().to_owned();
            if !codes.contains(&id) {
                codes.push(id);
            }
        }
        codes
    }
    fn text(&self) -> String {
        let errors = self
            .findings
            .iter()
            .filter(|f| f.level == FindingLevel::Error)
            .count();
        let head = if self.passed {
            format!(
                "passed: {}, {} bump needed, {} bump made",
                count(self.changes.len(), "change", "changes"),
                self.required_bump,
                self.version_bump
            )
        } else {
            format!("refused: {}", count(errors, "error", "errors"))
        };
        lines(head, &self.findings)
    }
}

/// `check-release`: the release rules on a new contract after an old one
/// ([`rules::check_release`]): no silent breaking change, no unversioned change,
/// deprecations honoured.
///
/// # Errors
///
/// As [`diff_contracts`].
pub fn check_release(r: &CheckReleaseRequest) -> Result<CheckReleaseResponse, Error> {
    let policy = policy_of(r.policy.as_ref())?;
    let (old, new) = (r.old.contract("old")?, r.new.contract("new")?);
    let (changes, _, required_bump, version_bump) = changes_of(&old, &new, &policy);
    let findings = rules::check_release(&old, &new, &changes, r.at, &policy);
    Ok(CheckReleaseResponse {
        passed: !findings.iter().any(|f| f.level == FindingLevel::Error),
        findings,
        changes,
        required_bump,
        version_bump,
    })
}

/// The contracts before and after, for `validate`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ContractsInput {
    /// The contract before.
    pub old: ContractInput,
    /// The contract after.
    pub new: ContractInput,
}

/// [`Grants`] as the interface reads them: each grant in any order.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct GrantsInput {
    /// The grant before the migration.
    #[cfg_attr(feature = "schema", schemars(with = "Vec<Permission>"))]
    pub current: Vec<String>,
    /// The grant after the migration.
    #[cfg_attr(feature = "schema", schemars(with = "Vec<Permission>"))]
    pub proposed: Vec<String>,
    /// Explicit denials (none by default).
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<Permission>"))]
    pub deny: Vec<String>,
    /// The read-only grant kept during the fallback (empty by default).
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<Permission>"))]
    pub fallback: Vec<String>,
}

/// A [`FallbackProvision`] as the interface reads it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct FallbackInput {
    /// Operation ids of the old contract still served.
    #[serde(default)]
    pub apis: Vec<String>,
    /// Workflow ids of the old contract still running.
    #[serde(default)]
    pub workflows: Vec<String>,
    /// The fallback grant.
    #[cfg_attr(feature = "schema", schemars(with = "Vec<Permission>"))]
    pub permissions: Vec<String>,
    /// When the fallback ends.
    #[serde(
        serialize_with = "crate::time_text::serialize",
        deserialize_with = "crate::time_text::deserialize"
    )]
    pub until: DateTime<Utc>,
}

/// The input of `validate`: a [`ValidationInput`] and the policy. Evidence left out is
/// not given (see [`ValidationInput`] for what each piece decides).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ValidateRequest {
    /// The migration's kind.
    pub kind: MigrationKind,
    /// The migration's mode.
    pub mode: Mode,
    /// The migration's triggers.
    pub triggers: Vec<Trigger>,
    /// The released version.
    pub version: Version,
    /// When the validation runs.
    #[serde(
        serialize_with = "crate::time_text::serialize",
        deserialize_with = "crate::time_text::deserialize"
    )]
    pub at: DateTime<Utc>,
    /// When the release rolled out (by default `at`).
    #[serde(
        default,
        serialize_with = "crate::time_text::option::serialize",
        deserialize_with = "crate::time_text::option::deserialize"
    )]
    pub rollout: Option<DateTime<Utc>>,
    /// When the release was placed in transition.
    #[serde(
        default,
        serialize_with = "crate::time_text::option::serialize",
        deserialize_with = "crate::time_text::option::deserialize"
    )]
    pub released_at: Option<DateTime<Utc>>,
    /// The contracts before and after.
    #[serde(default)]
    pub contracts: Option<ContractsInput>,
    /// The OS version the partner runs on after the migration (with `matrix`).
    #[serde(default)]
    pub os_version: Option<Version>,
    /// The compatibility matrix (with `os_version`).
    #[serde(default)]
    pub matrix: Option<CompatibilityMatrix>,
    /// The runtimes the partner's components run on.
    #[serde(default)]
    pub runtimes: Vec<RuntimeUse>,
    /// The runtimes the platform supports.
    #[serde(default)]
    pub supported_runtimes: Vec<RuntimeSupport>,
    /// The grants.
    #[serde(default)]
    pub grants: Option<GrantsInput>,
    /// The platform's power ceiling (left out: an empty ceiling, which every grant exceeds).
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Vec<Permission>>"))]
    pub ceiling: Option<Vec<String>>,
    /// Governance approvals.
    #[serde(default)]
    pub approvals: Vec<Approval>,
    /// The migration's documents.
    #[serde(default)]
    pub documents: Vec<Document>,
    /// The fallback in place.
    #[serde(default)]
    pub fallback: Option<FallbackInput>,
    /// Declared verb levels.
    #[serde(default)]
    pub catalog: Option<Catalog>,
    /// Results obtained outside the crate.
    #[serde(default)]
    pub attestations: Vec<Attestation>,
    /// The policy (the seeds' numbers by default).
    #[serde(default)]
    pub policy: Option<PolicyBuilder>,
}

/// The output of `validate`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ValidateResponse {
    /// Whether every dimension passed or is not applicable.
    pub passed: bool,
    /// The dimensions that failed or are unverified.
    pub failed: Vec<Dimension>,
    /// The report, all six dimensions.
    pub report: ValidationReport,
}

impl Answer for ValidateResponse {
    fn refusals(&self) -> Vec<String> {
        let mut codes: Vec<String> = Vec::new();
        for r in self.report.results() {
            if !matches!(r.verdict, Verdict::Fail | Verdict::Unverified) {
                continue;
            }
            let before = codes.len();
            for f in r.findings.iter().filter(|f| f.level == FindingLevel::Error) {
                let id = f.lint.id().to_owned();
                if !codes.contains(&id) {
                    codes.push(id);
                }
            }
            if codes.len() == before {
                // failed by an attestation, or unverified: the dimension says it
                codes.push(format!("{}.{}", r.dimension, r.verdict.as_str()));
            }
        }
        codes
    }
    fn text(&self) -> String {
        self.report.to_string()
    }
}

/// `validate`: the whole validation offline ([`rules::validate`]).
///
/// # Errors
///
/// [`Error::Permission`] for a permission that does not parse, [`Error::Policy`] for a
/// policy that does not hold together, [`Error::InvalidInput`] for an `os_version` without
/// a `matrix` or the reverse.
pub fn validate(r: &ValidateRequest) -> Result<ValidateResponse, Error> {
    let policy = policy_of(r.policy.as_ref())?;
    let contracts = match &r.contracts {
        Some(c) => Some((
            c.old.contract("contracts.old")?,
            c.new.contract("contracts.new")?,
        )),
        None => None,
    };
    let grants = match &r.grants {
        Some(g) => Some(Grants {
            current: grant("grants.current", &g.current)?,
            proposed: grant("grants.proposed", &g.proposed)?,
            deny: grant("grants.deny", &g.deny)?,
            fallback: grant("grants.fallback", &g.fallback)?,
        }),
        None => None,
    };
    let ceiling = match &r.ceiling {
        Some(c) => Some(grant("ceiling", c)?),
        None => None,
    };
    let fallback = match &r.fallback {
        Some(f) => Some(FallbackProvision {
            apis: f.apis.clone(),
            workflows: f.workflows.clone(),
            permissions: grant("fallback.permissions", &f.permissions)?,
            until: f.until,
        }),
        None => None,
    };
    if r.os_version.is_some() != r.matrix.is_some() {
        let field = if r.matrix.is_some() {
            "os_version"
        } else {
            "matrix"
        };
        return Err(Error::invalid(
            field,
            "the compatibility matrix and the OS version go together: give both or neither",
        ));
    }
    let mut input = ValidationInput::new(r.kind, r.mode, &r.triggers, &r.version, r.at);
    input.contracts = contracts.as_ref().map(|(old, new)| (old, new));
    input.rollout = r.rollout.unwrap_or(r.at);
    input.released_at = r.released_at;
    input.os_version = r.os_version.as_ref();
    input.matrix = r.matrix.as_ref();
    input.runtimes = &r.runtimes;
    input.supported_runtimes = &r.supported_runtimes;
    input.grants = grants.as_ref();
    input.ceiling = ceiling.as_ref();
    input.approvals = &r.approvals;
    input.documents = &r.documents;
    input.fallback = fallback.as_ref();
    input.catalog = r.catalog.as_ref();
    input.attestations = &r.attestations;
    let report = rules::validate(&input, &policy);
    Ok(ValidateResponse {
        passed: report.passed(),
        failed: report.failed(),
        report,
    })
}
