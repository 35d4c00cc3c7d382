//! The one validation entry point.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use semver::Version;

use super::compat::{
    check_contract_runtime, check_fragmentation, check_runtime_support, CompatibilityMatrix,
    ComponentKind, RuntimeSupport, RuntimeUse,
};
use super::contract::{diff_contracts, Change, Contract, RuntimeRef};
use super::fallback::{check_fallback_with, FallbackProvision, Provision};
use super::governance::{check_governance, document_finding, missing_documents};
use super::memo::Checks;
use super::release::{check_release, check_soft};
use super::sink::{Kept, Sink, Tally};
use crate::dimension::Dimension;
use crate::kind::{Category, MigrationKind};
use crate::lint::Lint;
use crate::mode::Mode;
use crate::permission::{Catalog, PermissionSet};
use crate::plan::{Approval, Document, Grants};
use crate::policy::Policy;
use crate::report::{combined, Attestation, DimensionOutcome, Finding, ValidationReport, Verdict};
use crate::trigger::Trigger;

/// Everything [`validate`] looks at. Plain data, borrowed.
///
/// Build one with [`ValidationInput::new`] and add the evidence the migration involves.
/// What a migration involves is decided by its kind ([`MigrationKind::involves`]) and by
/// the evidence given (grants given involve the permission dimension, a contract with
/// workflows the workflow dimension, an intelligence component the intelligence
/// dimension), never by what is left out:
///
/// - a dimension that is involved and whose evidence is missing is not computed: it is
///   [`Verdict::Unverified`](crate::Verdict::Unverified) unless an attestation speaks for
///   it, never a pass; an error found in it all the same fails it, a computed failure (a
///   record holds `unverified` only for a dimension neither computed nor attested);
/// - a dimension is [`Verdict::NotApplicable`](crate::Verdict::NotApplicable) only when
///   neither the kind nor the evidence involves it and nothing was found in it.
///
/// | evidence | setter | without it |
/// |---|---|---|
/// | the contracts before and after | [`contracts`](Self::contracts) | for kinds with a contract ([`MigrationKind::has_contract`]): version, structure, capability and (workflow kinds) workflow unverified; for the others, no operations or workflows to diff or keep |
/// | the compatibility matrix and the OS version | [`platform`](Self::platform) | version unverified |
/// | the fallback in place | [`fallback`](Self::fallback) | capability unverified |
/// | the grants | [`grants`](Self::grants) | permission unverified when involved (a kind that changes grants, or contracts whose permissions differ), else not involved; the fallback grant is then bounded by the old contract's permissions |
/// | the platform's power ceiling | [`ceiling`](Self::ceiling) | an empty ceiling: every permission granted exceeds it |
/// | the runtimes the platform supports | [`runtimes`](Self::runtimes) (an empty list is not given) | structure unverified when contracts are given (the new contract's runtime must be supported) or the kind moves runtimes; every runtime used is unsupported |
/// | the runtimes used | [`runtimes`](Self::runtimes) | none used: for a runtime migration ([`MigrationKind::touches_runtimes`]) structure unverified; for a workflow-runtime migration workflow unverified; for an intelligence-runtime migration intelligence unverified; a workflow kind without contracts nor workflow components: workflow unverified |
/// | when the release was placed in transition | [`released_at`](Self::released_at) | attestations are bounded by the validation only |
/// | documents, approvals, attestations, rollout, catalog | setters of the same names | none; rollout at `at`; the default catalog |
///
/// Two judgments rest on the mode and the triggers, not on evidence the partner can leave
/// out: a soft migration whose contracts break or may break fails the version dimension
/// (`release.soft_breaking_change`), and a migration forced by a security or compliance
/// violation fails the permission dimension (`security.review_missing`) unless SCO attests a
/// passing security review dated within the release.
///
/// An API-only change, checked in a few lines:
///
/// ```
/// use std::collections::BTreeMap;
/// use chrono::{DateTime, Duration, Utc};
/// use kwanus_migration::rules::{self, validate, Contract, FallbackProvision, Operation, RuntimeRef, ValidationInput};
/// use kwanus_migration::{Document, DocumentKind, MigrationKind, Mode, Policy, Trigger};
/// use semver::Version;
///
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     let at: DateTime<Utc> = "2026-03-05T09:00:00Z".parse()?;
///     // the contract before and after: the same operation, a minor version up
///     let operations = BTreeMap::from([("get_invoice".to_string(), Operation::new("GET /invoices/{id}"))]);
///     let runtime = RuntimeRef { name: "wasm".into(), version: Version::new(3, 1, 0) };
///     let old = Contract::new(Version::new(1, 4, 0), operations, BTreeMap::new(), "read:invoices/*".parse()?, runtime);
///     let mut new = old.clone();
///     new.version = Version::new(1, 5, 0);
///     // the platform: partner 1.x on OS 8.x, wasm 3 supported; the OS the release runs on
///     let matrix = rules::CompatibilityMatrix { rows: vec![rules::MatrixRow { partner: "^1".parse()?, os: "^8".parse()? }] };
///     let wasm = [rules::RuntimeSupport { runtime: "wasm".into(), versions: "^3".parse()? }];
///     let os = Version::new(8, 1, 0);
///     let docs: Vec<Document> = DocumentKind::required_for(MigrationKind::ApiVersion)
///         .into_iter()
///         .map(|kind| Document { kind, location: format!("docs/{kind}") })
///         .collect();
///     let fallback = FallbackProvision::new(vec!["get_invoice".into()], Vec::new(), "read:invoices/*".parse()?, at + Duration::days(365));
///     let input = ValidationInput::new(MigrationKind::ApiVersion, Mode::Soft, &[Trigger::ApiDeprecation], &new.version, at)
///         .contracts(&old, &new)
///         .platform(&matrix, &os)
///         .runtimes(&[], &wasm)
///         .fallback(&fallback)
///         .documents(&docs);
///     let report = validate(&input, &Policy::default());
///     assert!(report.passed(), "{report}");
///     Ok(())
/// }
/// ```
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
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
    /// for one dimension; an attested failure fails its dimension, an attested pass counts
    /// only when it is sound and dated within the release
    /// ([`Attestation::defect_within`]).
    pub attestations: &'a [Attestation],
    /// When the release was placed in transition: an attestation dated before it speaks for
    /// an earlier build and does not count as a pass.
    pub released_at: Option<DateTime<Utc>>,
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
            released_at: None,
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

    /// When the release was placed in transition (by default unknown: attestations are
    /// then bounded by the validation only).
    #[must_use]
    pub fn released_at(self, released_at: DateTime<Utc>) -> Self {
        ValidationInput {
            released_at: Some(released_at),
            ..self
        }
    }
}

/// Runs every check relevant to a migration and returns a report covering all six
/// dimensions, each pass, fail, not applicable or unverified with its findings (see the
/// [module docs](super) for which check lands where, and [`ValidationInput`] for what each
/// piece of evidence decides). The flow's
/// [`Migration::<Transition>::validate`](crate::Migration::validate) consumes the report.
///
/// The report is complete by construction: all six dimensions are recorded, each computed
/// from the evidence and combined with the attestations given for it. Leaving evidence out
/// never turns a failed or unverified dimension the kind involves into a pass.
#[must_use]
pub fn validate(input: &ValidationInput<'_>, policy: &Policy) -> ValidationReport {
    let fallback = input.fallback.map(FallbackProvision::borrowed);
    validate_with(input, fallback, policy, &mut Checks::default(), None)
}

/// [`validate`] with the fallback in place borrowed (`input.fallback` is not read), its
/// boundary checks answered from `memo` when they were made before (a replay checks a
/// release's grants at its transition and again at its validation), and the contracts'
/// `changes` when the caller already diffed them under `policy`.
pub(crate) fn validate_with(
    input: &ValidationInput<'_>,
    fallback: Option<Provision<'_>>,
    policy: &Policy,
    memo: &mut Checks,
    changes: Option<&[Change]>,
) -> ValidationReport {
    let mut kept = Kept::default();
    let verdicts = judge(input, fallback, policy, memo, changes, None, &mut kept);
    let counted: Vec<Attestation> = input
        .attestations
        .iter()
        .filter(|a| counts(input, a))
        .cloned()
        .collect();
    let [a, b, c, d, e, f] = kept.0;
    let [va, vb, vc, vd, ve, vf] = verdicts;
    ValidationReport::from_parts(
        [(va, a), (vb, b), (vc, c), (vd, d), (ve, e), (vf, f)],
        &counted,
    )
}

/// The first dimension whose `recorded` outcome is not the one [`validate_with`] computes from
/// the same input, as (dimension, recorded verdict, computed verdict); `None` when all six
/// agree. The verdicts are computed without building a finding, a report or a copy of an
/// attestation (a replay compares verdicts only).
pub(crate) fn disagreement(
    input: &ValidationInput<'_>,
    fallback: Option<Provision<'_>>,
    policy: &Policy,
    memo: &mut Checks,
    changes: Option<&[Change]>,
    notice: Option<&[u8; 32]>,
    recorded: &[DimensionOutcome],
) -> Option<(Dimension, Verdict, Verdict)> {
    let mut tally = Tally::default();
    let verdicts = judge(input, fallback, policy, memo, changes, notice, &mut tally);
    let missing = (Dimension::Version, Verdict::Unverified, Verdict::Unverified);
    // whether each attestation counts, decided once: the first 64 in a mask, any later one
    // asked again where it is read
    let mask = (input.attestations.iter().take(64).enumerate())
        .fold(0u64, |m, (i, a)| m | u64::from(counts(input, a)) << i);
    let counted = move |i: usize, a: &Attestation| {
        if i < 64 {
            mask >> i & 1 == 1
        } else {
            counts(input, a)
        }
    };
    for (i, (d, computed)) in Dimension::ALL.into_iter().zip(verdicts).enumerate() {
        let Some(r) = recorded.get(i) else {
            return Some(missing);
        };
        let attested = || {
            (input.attestations.iter().enumerate())
                .filter(move |(i, a)| a.dimension == d && counted(*i, a))
                .map(|(_, a)| a)
        };
        let verdict = combined(computed, tally.seen(d).error, attested());
        // the recorded attestations are those that count (a replay reads them in place: the
        // very same ones, equal without reading their texts)
        let mut counting = attested();
        let same_attestations = (r.attestations.iter()).all(|mine| {
            counting
                .next()
                .is_some_and(|a| core::ptr::eq(mine, a) || mine == a)
        }) && counting.next().is_none();
        if r.dimension != d
            || r.verdict != verdict
            || r.computed != computed.is_some()
            || !same_attestations
        {
            return Some((r.dimension, r.verdict, verdict));
        }
    }
    (recorded.len() != Dimension::ALL.len()).then_some(missing)
}

/// Whether an attestation counts for this release: a failure counts whatever its defect
/// (fail closed); a pass only when it is sound and dated within the release.
fn counts(input: &ValidationInput<'_>, a: &Attestation) -> bool {
    a.verdict != Verdict::Pass || a.defect_within(input.released_at, input.at).is_none()
}

/// Every check of a validation, its findings put in `sink`: the verdict computed for each
/// dimension (`None`: not computed), before the attestations are combined with it.
fn judge(
    input: &ValidationInput<'_>,
    fallback: Option<Provision<'_>>,
    policy: &Policy,
    memo: &mut Checks,
    changes: Option<&[Change]>,
    notice: Option<&[u8; 32]>,
    sink: &mut impl Sink,
) -> [Option<Verdict>; 6] {
    // a kind without a contract has no operations or workflows to diff, keep or govern
    let none;
    let (old, new) = match input.contracts {
        Some(given) => given,
        None => {
            none = Contract {
                version: input.version.clone(),
                operations: BTreeMap::new(),
                workflows: BTreeMap::new(),
                permissions: PermissionSet::new(),
                runtime: RuntimeRef {
                    name: String::new(),
                    version: Version::new(0, 0, 0),
                },
            };
            (&none, &none)
        }
    };
    let default_catalog;
    let catalog = match input.catalog {
        Some(c) => c,
        None => {
            default_catalog = Catalog::default();
            &default_catalog
        }
    };
    let no_grants;
    let g = match input.grants {
        Some(g) => g,
        None => {
            no_grants = Grants::default();
            &no_grants
        }
    };
    // the contracts a kind with a contract needs, missing: what rests on them is not computed
    let contracts_missing = input.kind.has_contract() && input.contracts.is_none();
    // an empty list of supported runtimes is "not given": no platform supports nothing
    let supported_given = !input.supported_runtimes.is_empty();
    let diffed;
    let changes: &[Change] = match (input.contracts, changes) {
        (None, _) => &[],
        (Some(_), Some(known)) => known,
        (Some((old, new)), None) => {
            diffed = diff_contracts(old, new, policy);
            &diffed
        }
    };

    // every check runs over all the evidence; each finding lands in the dimension its lint
    // declares (`Lint::dimension`), and nowhere else
    let timeless = Timeless {
        input,
        fallback,
        policy,
        changes,
        old,
        catalog,
        supported_given,
    };
    // a replay that validated the same release before has the tally of its timeless checks
    // (a fallback kept to the recommended end from this rollout reads no date)
    let kept_until_recommended = fallback.is_some_and(|p| p.until.recommended_from(input.rollout));
    match (notice.filter(|_| kept_until_recommended), sink.as_tally()) {
        (Some(notice), Some(tally)) => {
            released(input, changes, policy, tally);
            let found = match memo.timeless(notice, input.version, input.documents) {
                Some(found) => found,
                None => {
                    let mut found = Tally::default();
                    timeless.changes(&mut found);
                    timeless.rest(memo, &mut found);
                    memo.keep_timeless(notice, input.version, input.documents, found);
                    found
                }
            };
            tally.merge(&found);
        }
        // a report: every finding, in the order of the checks
        _ => {
            timeless.changes(sink);
            released(input, changes, policy, sink);
            timeless.rest(memo, sink);
        }
    }
    let no_ceiling;
    let ceiling = match input.ceiling {
        Some(c) => c,
        None => {
            no_ceiling = PermissionSet::new();
            &no_ceiling
        }
    };
    let reports = memo.grants(g, input.kind, input.approvals, input.at, catalog, ceiling);
    sink.boundary(&reports.migration, "");
    sink.boundary(&reports.fallback, "fallback");
    // security validation: computed above from the boundary; a migration forced by a
    // security or compliance violation also needs a review attested by the body that
    // governs permissions, within the release (an attestation that cannot count for this
    // release is no pass)
    let security_forced = forced_by_violation(input.triggers);
    let reviewer = Category::Permission.governing_body();
    let reviewed = input.attestations.iter().any(|a| {
        a.dimension == Dimension::Permission
            && a.verdict == Verdict::Pass
            && a.body == Some(reviewer)
            && counts(input, a)
    });
    if security_forced && !reviewed {
        let lint = Lint::SecurityReviewMissing;
        sink.add(lint, lint.level(), || {
            Finding::new(
                lint,
                "security review",
                format!(
                    "a migration forced by a security or compliance violation needs a passing security review attested by {} and dated within the release",
                    reviewer.acronym()
                ),
            )
        });
    }
    // an unchanged grant expands nothing (and needs no walk to say so)
    let expands = g.proposed != g.current && !g.proposed.is_subset(&g.current);
    sink.extend(check_governance(
        input.kind,
        input.mode,
        input.triggers,
        input.approvals,
        expands,
        new,
        input.at,
    ));

    let kind = input.kind;
    let uses = |k: ComponentKind| input.runtimes.iter().any(|u| u.kind == k);
    let grants_given = input.grants.is_some();
    // involved: by the kind, or by the evidence given
    let permission_involved = kind.involves(Dimension::Permission)
        || grants_given
        || input
            .contracts
            .is_some_and(|(old, new)| old.permissions != new.permissions);
    let workflow_involved = kind.involves(Dimension::Workflow)
        || !old.workflows.is_empty()
        || !new.workflows.is_empty()
        || uses(ComponentKind::Workflow);
    let intelligence_involved =
        kind.involves(Dimension::Intelligence) || uses(ComponentKind::Intelligence);
    // computed: whether the evidence each dimension rests on was given; without it the
    // dimension is not computed (unverified unless attested), never a silent pass
    let version_computed =
        !contracts_missing && input.matrix.is_some() && input.os_version.is_some();
    let structure_computed = !contracts_missing
        && (supported_given || (input.contracts.is_none() && !kind.touches_runtimes()))
        && (!kind.touches_runtimes() || !input.runtimes.is_empty());
    let capability_computed = !contracts_missing && fallback.is_some();
    let permission_computed = grants_given || !permission_involved;
    let workflow_computed = !kind.involves(Dimension::Workflow)
        || (!contracts_missing
            && (input.contracts.is_some() || uses(ComponentKind::Workflow))
            && (kind != MigrationKind::WorkflowRuntime || uses(ComponentKind::Workflow)));
    let intelligence_computed =
        !kind.involves(Dimension::Intelligence) || uses(ComponentKind::Intelligence);

    let put = |d: Dimension, computed: bool, involved: bool| {
        let seen = sink.seen(d);
        if seen.error {
            // an error found fails the dimension, whatever evidence is missing: that is a
            // computed failure (a record holds `unverified` only for a dimension neither
            // computed nor attested, format page §3)
            Some(Verdict::Fail)
        } else if !computed {
            None
        } else if !involved && !seen.any {
            Some(Verdict::NotApplicable)
        } else {
            Some(Verdict::Pass)
        }
    };
    [
        put(Dimension::Version, version_computed, true),
        put(Dimension::Structure, structure_computed, true),
        put(Dimension::Capability, capability_computed, true),
        put(
            Dimension::Permission,
            permission_computed,
            permission_involved,
        ),
        put(Dimension::Workflow, workflow_computed, workflow_involved),
        put(
            Dimension::Intelligence,
            intelligence_computed,
            intelligence_involved,
        ),
    ]
}

/// Whether a security or compliance violation forced the migration.
fn forced_by_violation(triggers: &[Trigger]) -> bool {
    triggers
        .iter()
        .any(|t| matches!(t, Trigger::SecurityViolation | Trigger::ComplianceViolation))
}

/// The release rules (versions, removals, deprecations), which read the time of the
/// validation.
fn released(
    input: &ValidationInput<'_>,
    changes: &[Change],
    policy: &Policy,
    sink: &mut impl Sink,
) {
    let Some((old, new)) = input.contracts else {
        return;
    };
    // a migration forced by a security or compliance violation may remove what the
    // violation needs removed, deprecated or not, before its sunset or not: the removal
    // is still a breaking change with its major bump and a fallback (playbook §5–§6)
    let removal_forced = forced_by_violation(input.triggers);
    let mut found = check_release(old, new, changes, input.at, policy);
    if removal_forced {
        found.retain(|f| {
            !matches!(
                f.lint,
                Lint::RemovedWithoutDeprecation | Lint::RemovedBeforeSunset
            )
        });
    }
    sink.extend(found);
}

/// The checks of a validation that read neither its time nor its approvals nor its
/// attestations: a function of the release (its contracts' changes, its evidence, the
/// platform facts, its version and documents) and the notice (kind, mode, policy).
struct Timeless<'i, 'a> {
    input: &'i ValidationInput<'a>,
    fallback: Option<Provision<'i>>,
    policy: &'i Policy,
    changes: &'i [Change],
    old: &'i Contract,
    catalog: &'i Catalog,
    supported_given: bool,
}

impl Timeless<'_, '_> {
    /// The contracts' changes.
    fn changes(&self, sink: &mut impl Sink) {
        for c in self.changes {
            sink.add(c.lint, c.lint.level(), || {
                Finding::new(
                    c.lint,
                    c.item.clone(),
                    format!("{} ({}, needs a {} bump)", c.detail, c.severity, c.bump),
                )
            });
        }
    }

    /// Soft mode, the contract's runtime, the matrix, the documents, the runtimes and the
    /// fallback.
    fn rest(&self, memo: &mut Checks, sink: &mut impl Sink) {
        let Timeless {
            input,
            policy,
            changes,
            old,
            ..
        } = *self;
        if let Some((_, new)) = input.contracts {
            // soft mode is backward compatible, as the flow's transition requires
            sink.put(check_soft(input.mode, new, changes));
            // the contract's own runtime, whatever runtime uses are listed
            if self.supported_given {
                sink.put(check_contract_runtime(
                    &new.runtime,
                    input.supported_runtimes,
                ));
            }
        }
        if let (Some(matrix), Some(os)) = (input.matrix, input.os_version) {
            sink.extend(matrix.check(input.version, os));
        }
        for (lint, document) in missing_documents(input.kind, input.documents) {
            sink.add(lint, lint.level(), || document_finding(lint, document));
        }
        sink.extend(check_fragmentation(input.runtimes, policy));
        sink.extend(check_runtime_support(
            input.runtimes,
            input.supported_runtimes,
        ));
        if let Some(provision) = self.fallback {
            // never wider than before: the current grant, or without grants what the old
            // contract required
            let old_grant = input.grants.map_or(&old.permissions, |g| &g.current);
            sink.extend(check_fallback_with(
                provision,
                old,
                old_grant,
                input.rollout,
                policy,
                self.catalog,
                memo,
            ));
        }
    }
}

#[cfg(test)]
mod tests;
