//! What each step of the flow needs: the notice, the plan, the release, the validation
//! report, the remediation.

use core::fmt;

use chrono::{DateTime, Utc};
use semver::Version;

use crate::permission::PermissionSet;
use crate::rules::{Contract, RuntimeUse};
use crate::{
    Compatibility, Dimension, GovernanceBody, MigrationKind, Mode, PartnerId, Severity, Trigger,
};

/// The migration window (playbook §4 step 1, "migration window defined"): rollout must
/// happen between `opens` and `closes`, both inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Window {
    /// First moment rollout may happen.
    pub opens: DateTime<Utc>,
    /// Last moment rollout may happen.
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
/// computes compatibility and the bump a release needs ([`rules::diff`](crate::rules::diff)).
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

/// A part of the migration plan (playbook §4 step 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum PlanPart {
    /// "migration strategy".
    Strategy,
    /// "compatibility plan".
    CompatibilityPlan,
    /// "testing plan".
    TestingPlan,
    /// "rollback plan".
    RollbackPlan,
}

impl fmt::Display for PlanPart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PlanPart::Strategy => "migration strategy",
            PlanPart::CompatibilityPlan => "compatibility plan",
            PlanPart::TestingPlan => "testing plan",
            PlanPart::RollbackPlan => "rollback plan",
        })
    }
}

/// A kind of migration document (playbook §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum DocumentKind {
    /// "migration guide" (required).
    MigrationGuide,
    /// "compatibility notes" (required).
    CompatibilityNotes,
    /// "version notes" (required).
    VersionNotes,
    /// "workflow changes" (required; "no change" is a valid note).
    WorkflowChanges,
    /// "permission changes" (required; "no change" is a valid note).
    PermissionChanges,
    /// "developer tutorials" (optional).
    DeveloperTutorial,
    /// "partner onboarding guides" (optional).
    PartnerOnboardingGuide,
}

impl DocumentKind {
    /// Every kind of document, the five required ones first, in the playbook's order.
    pub const ALL: [DocumentKind; 7] = [
        DocumentKind::MigrationGuide,
        DocumentKind::CompatibilityNotes,
        DocumentKind::VersionNotes,
        DocumentKind::WorkflowChanges,
        DocumentKind::PermissionChanges,
        DocumentKind::DeveloperTutorial,
        DocumentKind::PartnerOnboardingGuide,
    ];

    /// The documents a migration of `kind` must have (playbook §7 "Required Documentation":
    /// "migration guide, compatibility notes, version notes, workflow changes, permission
    /// changes"): all five, for every kind. A migration that changes no workflow or no
    /// permission says so in its note: "no change" is a valid workflow or permission change
    /// note. (`kind` is kept so the rule can differ by kind should the playbook ever say so.)
    ///
    /// ```
    /// use kwanus_migration::{DocumentKind, MigrationKind};
    ///
    /// let docs = DocumentKind::required_for(MigrationKind::OsVersion);
    /// assert_eq!(docs.len(), 5);
    /// assert!(docs.contains(&DocumentKind::WorkflowChanges));
    /// assert!(docs.contains(&DocumentKind::PermissionChanges));
    /// ```
    #[must_use]
    pub fn required_for(kind: MigrationKind) -> Vec<DocumentKind> {
        let _ = kind;
        DocumentKind::ALL
            .into_iter()
            .filter(|d| !d.is_optional())
            .collect()
    }

    /// Whether the playbook lists this document as optional.
    #[must_use]
    pub const fn is_optional(self) -> bool {
        matches!(
            self,
            DocumentKind::DeveloperTutorial | DocumentKind::PartnerOnboardingGuide
        )
    }
}

impl fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DocumentKind::MigrationGuide => "migration guide",
            DocumentKind::CompatibilityNotes => "compatibility notes",
            DocumentKind::VersionNotes => "version notes",
            DocumentKind::WorkflowChanges => "workflow changes",
            DocumentKind::PermissionChanges => "permission changes",
            DocumentKind::DeveloperTutorial => "developer tutorial",
            DocumentKind::PartnerOnboardingGuide => "partner onboarding guide",
        })
    }
}

/// A document submitted with a plan.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Document {
    /// What it is.
    pub kind: DocumentKind,
    /// Where it is (a URL or a title); must not be blank.
    pub location: String,
}

impl Document {
    /// Whether `documents` hold one of `kind` with a location (a blank location is no
    /// document).
    #[must_use]
    pub fn present(documents: &[Document], kind: DocumentKind) -> bool {
        documents
            .iter()
            .any(|d| d.kind == kind && !d.location.trim().is_empty())
    }
}

/// A governance body's approval.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Approval {
    /// The body.
    pub body: GovernanceBody,
    /// Who signed for it; must not be blank.
    pub by: String,
    /// When; must not be later than the step it is used in.
    pub at: DateTime<Utc>,
}

impl Approval {
    /// Whether the approval counts at `at`: signed by someone, and not dated later.
    #[must_use]
    pub fn is_valid_at(&self, at: DateTime<Utc>) -> bool {
        !self.by.trim().is_empty() && self.at <= at
    }
}

/// The bodies that must approve a migration of `kind` in `mode` started by `triggers`:
///
/// - guided and forced modes: the body governing the kind's category ("governance
///   oversight");
/// - a permission expansion: SCO ("permission expansion (governed)");
/// - a kind touching workflows: ERC (no "ungoverned workflows");
/// - a compliance or security violation: SCO ("security & compliance").
///
/// ```
/// use kwanus_migration::{required_approvals, GovernanceBody, MigrationKind, Mode, Trigger};
///
/// let api = [Trigger::ApiDeprecation];
/// assert_eq!(required_approvals(MigrationKind::ApiVersion, Mode::Soft, &api), []);
/// assert_eq!(required_approvals(MigrationKind::ApiVersion, Mode::Guided, &api), [GovernanceBody::Tsc]);
/// assert_eq!(
///     required_approvals(MigrationKind::PermissionExpansion, Mode::Soft, &[Trigger::CapabilityExpansion]),
///     [GovernanceBody::Sco],
/// );
/// assert_eq!(
///     required_approvals(MigrationKind::ApiVersion, Mode::Forced, &[Trigger::SecurityViolation]),
///     [GovernanceBody::Tsc, GovernanceBody::Sco],
/// );
/// ```
#[must_use]
pub fn required_approvals(
    kind: MigrationKind,
    mode: Mode,
    triggers: &[Trigger],
) -> Vec<GovernanceBody> {
    let mut bodies = Vec::new();
    if triggers
        .iter()
        .any(|t| matches!(t, Trigger::ComplianceViolation | Trigger::SecurityViolation))
    {
        bodies.push(GovernanceBody::Sco);
    }
    if mode.needs_oversight() {
        bodies.push(kind.category().governing_body());
    }
    if kind == MigrationKind::PermissionExpansion {
        bodies.push(GovernanceBody::Sco);
    }
    if kind.touches_workflows() {
        bodies.push(GovernanceBody::Erc);
    }
    bodies.sort();
    bodies.dedup();
    bodies
}

/// One line of a compatibility mapping: how something of the old version maps to the new.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
pub struct MappingEntry {
    /// The old API, workflow or permission.
    pub from: String,
    /// What replaces it.
    pub to: String,
}

/// The migration plan (playbook §4 steps 2–3), with its documentation and approvals.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
pub struct Plan {
    /// "migration strategy".
    pub strategy: String,
    /// "compatibility plan".
    pub compatibility_plan: String,
    /// "testing plan".
    pub testing_plan: String,
    /// "rollback plan".
    pub rollback_plan: String,
    /// The documents (playbook §7).
    pub documents: Vec<Document>,
    /// The compatibility mapping; required in guided mode.
    pub compatibility_mapping: Vec<MappingEntry>,
    /// Governance approvals.
    pub approvals: Vec<Approval>,
}

/// What a migration's plan must hold (playbook §4 step 2 and §7, framework §3 guided mode,
/// the governance rules): a UI can show it, and [`Requirements::missing`] lists what a plan
/// lacks, all at once. [`Migration::requirements`](crate::Migration::requirements) gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
pub struct Requirements {
    /// The four parts of the plan, each non-blank.
    pub plan_parts: Vec<PlanPart>,
    /// The required documents, each with a location.
    pub documents: Vec<DocumentKind>,
    /// Whether a compatibility mapping is required (guided mode).
    pub compatibility_mapping: bool,
    /// The bodies whose approval the plan needs, signed no later than the step.
    pub approvals: Vec<GovernanceBody>,
}

/// One thing a plan lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "snake_case", tag = "missing", content = "what")
)]
#[non_exhaustive]
pub enum Missing {
    /// A blank part of the plan.
    PlanPart(PlanPart),
    /// A required document, or one with a blank location.
    Document(DocumentKind),
    /// Guided mode without a compatibility mapping.
    CompatibilityMapping,
    /// A required approval (absent, unsigned, or dated after the step).
    Approval(GovernanceBody),
}

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Missing::PlanPart(p) => write!(f, "the {p}"),
            Missing::Document(d) => write!(f, "the document \"{d}\""),
            Missing::CompatibilityMapping => f.write_str("a compatibility mapping"),
            Missing::Approval(b) => write!(f, "the approval of {b}"),
        }
    }
}

impl Requirements {
    /// What a migration of `kind` in `mode`, started by `triggers`, must hold.
    #[must_use]
    pub fn of(kind: MigrationKind, mode: Mode, triggers: &[Trigger]) -> Requirements {
        Requirements {
            plan_parts: vec![
                PlanPart::Strategy,
                PlanPart::CompatibilityPlan,
                PlanPart::TestingPlan,
                PlanPart::RollbackPlan,
            ],
            documents: DocumentKind::required_for(kind),
            compatibility_mapping: mode == Mode::Guided,
            approvals: required_approvals(kind, mode, triggers),
        }
    }

    /// Everything `plan` lacks at `at`, in the order above: empty when it is complete.
    ///
    /// ```
    /// use chrono::{DateTime, Utc};
    /// use kwanus_migration::{GovernanceBody, Missing, MigrationKind, Mode, Plan, PlanPart, Requirements, Trigger};
    ///
    /// let needs = Requirements::of(MigrationKind::ApiVersion, Mode::Guided, &[Trigger::ApiDeprecation]);
    /// let at: DateTime<Utc> = "2026-03-02T09:00:00Z".parse()?;
    /// let plan = Plan { strategy: "dual read".into(), ..Plan::default() };
    /// let missing = needs.missing(&plan, at);
    /// assert!(missing.contains(&Missing::PlanPart(PlanPart::TestingPlan)));
    /// assert!(missing.contains(&Missing::CompatibilityMapping));
    /// assert!(missing.contains(&Missing::Approval(GovernanceBody::Tsc)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn missing(&self, plan: &Plan, at: DateTime<Utc>) -> Vec<Missing> {
        let mut out: Vec<Missing> = self
            .plan_parts
            .iter()
            .filter(|p| plan.part(**p).trim().is_empty())
            .map(|p| Missing::PlanPart(*p))
            .collect();
        out.extend(
            self.documents
                .iter()
                .filter(|d| !Document::present(&plan.documents, **d))
                .map(|d| Missing::Document(*d)),
        );
        let mapped = plan
            .compatibility_mapping
            .iter()
            .any(|m| !m.from.trim().is_empty() && !m.to.trim().is_empty());
        if self.compatibility_mapping && !mapped {
            out.push(Missing::CompatibilityMapping);
        }
        out.extend(
            self.approvals
                .iter()
                .filter(|b| {
                    !plan
                        .approvals
                        .iter()
                        .any(|a| a.body == **b && a.is_valid_at(at))
                })
                .map(|b| Missing::Approval(*b)),
        );
        out
    }
}

impl Plan {
    /// The text of one part of the plan.
    #[must_use]
    pub fn part(&self, part: PlanPart) -> &str {
        match part {
            PlanPart::Strategy => &self.strategy,
            PlanPart::CompatibilityPlan => &self.compatibility_plan,
            PlanPart::TestingPlan => &self.testing_plan,
            PlanPart::RollbackPlan => &self.rollback_plan,
        }
    }
}

/// The grants at rollout: what the partner has, what it gets, and what it keeps during the
/// fallback.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Grants {
    /// The grant before the migration.
    pub current: PermissionSet,
    /// The grant after the migration.
    pub proposed: PermissionSet,
    /// The power ceiling (framework §9, "ceiling enforcement").
    pub ceiling: PermissionSet,
    /// Explicit denials; they override every allow.
    pub deny: PermissionSet,
    /// The read-only grant kept while the fallback is in place (playbook §6).
    pub fallback: PermissionSet,
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
pub struct Evidence {
    /// The contract as built, at the released version. Required when the notice carried
    /// contracts; the flow diffs it against the origin's contract.
    pub contract: Option<Contract>,
    /// The grants, checked against the power ceiling.
    pub grants: Grants,
    /// The runtimes the partner's components run on after the migration.
    pub runtimes: Vec<RuntimeUse>,
    /// Operation ids of the old contract still served while the fallback is in place.
    pub fallback_apis: Vec<String>,
    /// Workflow ids of the old contract still running while the fallback is in place.
    pub fallback_workflows: Vec<String>,
    /// The OS version the partner runs on after the migration (for the compatibility matrix).
    pub os_version: Version,
}

/// A versioned release (playbook §4 step 5, "Rollout: versioned release, fallback behavior
/// maintained").
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
pub struct Release {
    /// The released version; must be the migration's target.
    pub version: Version,
    /// The highest version the platform allows now (framework §9, "version ceiling").
    pub version_ceiling: Version,
    /// What the caller declares about the release's compatibility, if anything; with a
    /// contract the flow computes it and refuses a contradicting declaration.
    pub compatibility: Option<Compatibility>,
    /// The share of the partner's users exposed as a canary while the release is shielded,
    /// in percent; at most [`Policy::max_canary_percent`](crate::Policy::max_canary_percent).
    pub canary_percent: u8,
    /// The evidence validation computes from.
    pub evidence: Evidence,
}

/// The verdict of one validation dimension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Verdict {
    /// Passed.
    Pass,
    /// Failed.
    Fail,
    /// Nothing in this dimension is touched by the migration.
    NotApplicable,
    /// Neither computed nor attested: not a pass.
    Unverified,
}

/// A result the platform obtained outside this crate (a partner's test suite, a security
/// review) for one dimension: what was run, by whom, when, and where the evidence is. The
/// lineage records it beside the computed results.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Attestation {
    /// The dimension it speaks for.
    pub dimension: Dimension,
    /// [`Verdict::Pass`] or [`Verdict::Fail`].
    pub verdict: Verdict,
    /// What was run (`"partner contract test suite v2"`); must not be blank.
    pub check: String,
    /// Who attests it; must not be blank.
    pub by: String,
    /// When it ran; not later than the validation.
    pub at: DateTime<Utc>,
    /// Where the evidence is (a URL, a ticket, a report id); must not be blank.
    pub evidence: String,
}

impl Attestation {
    /// Why the attestation cannot count at `at`, if it cannot: a verdict other than pass or
    /// fail, a blank field, or a date after `at`.
    #[must_use]
    pub fn defect(&self, at: DateTime<Utc>) -> Option<&'static str> {
        if !matches!(self.verdict, Verdict::Pass | Verdict::Fail) {
            Some("an attestation passes or fails")
        } else if self.check.trim().is_empty() {
            Some("an attestation names what was run")
        } else if self.by.trim().is_empty() {
            Some("an attestation names who attests it")
        } else if self.evidence.trim().is_empty() {
            Some("an attestation names where its evidence is")
        } else if self.at > at {
            Some("an attestation is dated after the validation")
        } else {
            None
        }
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
pub enum Level {
    /// Reported for information (an optional document missing, an API added).
    Info,
    /// Should be fixed; does not block.
    Warning,
    /// Blocks: the dimension fails.
    Error,
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        })
    }
}

/// One finding of a validation: which rule, how serious, the rule's words, the offending
/// item, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Finding {
    /// The rule: a [`Lint`](crate::rules::Lint), in JSON its stable id
    /// (`"release.silent_breaking_change"`). Its [dimension](crate::rules::Lint::dimension)
    /// is where validation puts the finding.
    #[cfg_attr(feature = "serde", serde(with = "crate::rules::lint_as_id"))]
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub lint: crate::rules::Lint,
    /// Error, warning or info.
    pub level: Level,
    /// The rule's words from the seed documents.
    pub rule: String,
    /// The offending item (an operation, a workflow, a permission, a document).
    pub item: String,
    /// What is wrong, for a person.
    pub message: String,
}

impl Finding {
    /// A finding of `lint` at its default level, with the lint's rule words.
    #[must_use]
    pub fn new(
        lint: crate::rules::Lint,
        item: impl Into<String>,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            lint,
            level: lint.level(),
            rule: lint.rule().to_owned(),
            item: item.into(),
            message: message.into(),
        }
    }

    /// The same finding at `level`.
    #[must_use]
    pub fn with_level(mut self, level: Level) -> Finding {
        self.level = level;
        self
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} [{}] {}: {} (rule: {})",
            self.level, self.lint, self.item, self.message, self.rule
        )
    }
}

/// The result of one dimension: its verdict, what was found, and on what it rests —
/// computed by this crate from the evidence, attested from outside, or both.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DimensionResult {
    /// Which dimension.
    pub dimension: Dimension,
    /// Its verdict.
    pub verdict: Verdict,
    /// Whether this crate computed it from the evidence.
    pub computed: bool,
    /// The attested results for it.
    pub attestations: Vec<Attestation>,
    /// What was found.
    pub findings: Vec<Finding>,
}

/// A validation report (playbook §4 step 4 and §8, framework §6): a verdict for each of the
/// six dimensions, each computed from the evidence or attested.
///
/// Only [`rules::validate`](crate::rules::validate) makes one (and the flow's
/// [`Migration::<Transition>::validate`](crate::Migration::validate), which calls it), so a
/// report cannot be written by hand or deserialized: it serializes, for display and audit,
/// but never enters the crate from outside.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(into = "Vec<DimensionResult>")
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ValidationReport {
    results: Vec<DimensionResult>,
}

impl ValidationReport {
    /// A report of the six dimensions: each computed verdict (`None`: not computed) and
    /// findings, combined with the attestations: any failure fails the dimension; a passed
    /// or not-applicable computation stands, an attested pass makes it a pass; a dimension
    /// neither computed nor attested is [`Verdict::Unverified`]. An error finding fails its
    /// dimension whatever was computed.
    pub(crate) fn from_parts(
        computed: [(Option<Verdict>, Vec<Finding>); 6],
        attestations: &[Attestation],
    ) -> ValidationReport {
        let results = Dimension::ALL
            .into_iter()
            .zip(computed)
            .map(|(dimension, (verdict, findings))| {
                let computed = verdict.is_some();
                let attested: Vec<Attestation> = attestations
                    .iter()
                    .filter(|a| a.dimension == dimension)
                    .cloned()
                    .collect();
                let failed = findings.iter().any(|f| f.level == Level::Error)
                    || verdict == Some(Verdict::Fail)
                    || attested.iter().any(|a| a.verdict != Verdict::Pass);
                let verdict = if failed {
                    Verdict::Fail
                } else if let Some(v) = verdict.filter(|v| *v != Verdict::Unverified) {
                    if v == Verdict::NotApplicable && !attested.is_empty() {
                        Verdict::Pass
                    } else {
                        v
                    }
                } else if attested.is_empty() {
                    Verdict::Unverified
                } else {
                    Verdict::Pass
                };
                DimensionResult {
                    dimension,
                    verdict,
                    computed,
                    attestations: attested,
                    findings,
                }
            })
            .collect();
        ValidationReport { results }
    }

    /// The result of `dimension`.
    #[must_use]
    pub fn get(&self, dimension: Dimension) -> Option<&DimensionResult> {
        self.results.iter().find(|r| r.dimension == dimension)
    }

    /// Every result, in dimension order: always all six.
    #[must_use]
    pub fn results(&self) -> &[DimensionResult] {
        &self.results
    }

    /// The dimensions that did not pass: failed, or neither computed nor attested.
    #[must_use]
    pub fn failed(&self) -> Vec<Dimension> {
        self.results
            .iter()
            .filter(|r| matches!(r.verdict, Verdict::Fail | Verdict::Unverified))
            .map(|r| r.dimension)
            .collect()
    }

    /// Whether every dimension passed or is not applicable.
    #[must_use]
    pub fn passed(&self) -> bool {
        self.failed().is_empty()
    }

    /// The outcomes the lineage records: verdict, computed or not, and the attestations.
    pub(crate) fn outcomes(&self) -> Vec<DimensionOutcome> {
        self.results
            .iter()
            .map(|r| DimensionOutcome {
                dimension: r.dimension,
                verdict: r.verdict,
                computed: r.computed,
                attestations: r.attestations.clone(),
            })
            .collect()
    }
}

impl From<ValidationReport> for Vec<DimensionResult> {
    fn from(report: ValidationReport) -> Vec<DimensionResult> {
        report.results
    }
}

/// One dimension of a validation as the lineage records it: the verdict, whether the crate
/// computed it from the evidence, and the attested results it rests on.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DimensionOutcome {
    /// The dimension.
    pub dimension: Dimension,
    /// Its verdict.
    pub verdict: Verdict,
    /// Whether the crate computed it from the evidence.
    pub computed: bool,
    /// The attested results.
    pub attestations: Vec<Attestation>,
}

impl fmt::Display for ValidationReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verdict = if self.passed() { "passed" } else { "failed" };
        write!(f, "validation {verdict}")?;
        for d in Dimension::ALL {
            match self.get(d) {
                None => write!(f, "\n  {d:<13} missing")?,
                Some(r) => {
                    let v = match r.verdict {
                        Verdict::Pass => "pass",
                        Verdict::Fail => "FAIL",
                        Verdict::NotApplicable => "n/a",
                        Verdict::Unverified => "UNVERIFIED (neither computed nor attested)",
                    };
                    write!(f, "\n  {:<13} {v}", d.to_string())?;
                    for a in &r.attestations {
                        write!(
                            f,
                            "\n    attested {}: {} by {} ({})",
                            a.verdict, a.check, a.by, a.evidence
                        )?;
                    }
                    for finding in &r.findings {
                        write!(f, "\n    {finding}")?;
                    }
                }
            }
        }
        Ok(())
    }
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
pub struct Remediation {
    /// Step 1: the root cause; must not be blank.
    pub root_cause: String,
    /// Step 3: the fixes implemented; must not be blank.
    pub fixes: String,
    /// How serious the problem was; sets the remediation deadline.
    pub severity: Severity,
}
