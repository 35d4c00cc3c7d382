//! What a migration's plan holds and must hold: its parts, documents, approvals, the
//! mapping, and the grants (playbook §4 steps 2–3 and §7, the governance rules).

use core::fmt;

use chrono::{DateTime, Utc};

use crate::governance::GovernanceBody;
use crate::kind::MigrationKind;
use crate::mode::Mode;
use crate::permission::PermissionSet;
use crate::trigger::Trigger;

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

vocabulary! {
    /// A kind of migration document (playbook §7).
    #[derive(PartialOrd, Ord)]
    pub enum DocumentKind {
        /// "migration guide" (required).
        MigrationGuide = "migration_guide",
        /// "compatibility notes" (required).
        CompatibilityNotes = "compatibility_notes",
        /// "version notes" (required).
        VersionNotes = "version_notes",
        /// "workflow changes" (required; "no change" is a valid note).
        WorkflowChanges = "workflow_changes",
        /// "permission changes" (required; "no change" is a valid note).
        PermissionChanges = "permission_changes",
        /// "developer tutorials" (optional).
        DeveloperTutorial = "developer_tutorial",
        /// "partner onboarding guides" (optional).
        PartnerOnboardingGuide = "partner_onboarding_guide",
    }
}

impl DocumentKind {
    /// The documents a migration of `kind` must have (playbook §7 "Required Documentation":
    /// "migration guide, compatibility notes, version notes, workflow changes, permission
    /// changes"): all five, for every kind. A migration that changes no workflow or no
    /// permission says so in its note: "no change" is a valid workflow or permission change
    /// note. (`kind` is kept so the rule can differ by kind should the playbook ever say so.)
    ///
    /// ```
    /// use kwanus_migration::{DocumentKind, MigrationKind};
    ///
    /// fn main() {
    ///     let docs = DocumentKind::required_for(MigrationKind::OsVersion);
    ///     assert_eq!(docs.len(), 5);
    ///     assert!(docs.contains(&DocumentKind::WorkflowChanges));
    ///     assert!(docs.contains(&DocumentKind::PermissionChanges));
    /// }
    /// ```
    #[must_use]
    pub fn required_for(kind: MigrationKind) -> Vec<DocumentKind> {
        DocumentKind::ALL
            .into_iter()
            .filter(|d| d.is_required_for(kind))
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
        f.write_str(self.title())
    }
}

impl DocumentKind {
    /// The document's name for a person, as `Display` writes it.
    pub(crate) const fn title(self) -> &'static str {
        match self {
            DocumentKind::MigrationGuide => "migration guide",
            DocumentKind::CompatibilityNotes => "compatibility notes",
            DocumentKind::VersionNotes => "version notes",
            DocumentKind::WorkflowChanges => "workflow changes",
            DocumentKind::PermissionChanges => "permission changes",
            DocumentKind::DeveloperTutorial => "developer tutorial",
            DocumentKind::PartnerOnboardingGuide => "partner onboarding guide",
        }
    }

    /// Whether a migration of `kind` requires this document (see [`DocumentKind::required_for`]).
    pub(crate) const fn is_required_for(self, kind: MigrationKind) -> bool {
        let _ = kind;
        !self.is_optional()
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
            .any(|d| d.kind == kind && !crate::text::blank(&d.location))
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
    #[cfg_attr(
        feature = "serde",
        serde(
            serialize_with = "crate::time_text::serialize",
            deserialize_with = "crate::time_text::deserialize"
        )
    )]
    pub at: DateTime<Utc>,
}

impl Approval {
    /// Whether the approval counts at `at`: signed by someone, and not dated later.
    #[must_use]
    pub fn is_valid_at(&self, at: DateTime<Utc>) -> bool {
        !crate::text::blank(&self.by) && self.at <= at
    }

    /// The bodies of the `approvals` that count at `at`: the one filter the flow and
    /// validation share.
    pub(crate) fn valid_bodies(approvals: &[Approval], at: DateTime<Utc>) -> Vec<GovernanceBody> {
        approvals
            .iter()
            .filter(|a| a.is_valid_at(at))
            .map(|a| a.body)
            .collect()
    }

    /// Whether `body` signed one of the `approvals`, valid at `at`.
    pub(crate) fn signed_by(
        approvals: &[Approval],
        body: GovernanceBody,
        at: DateTime<Utc>,
    ) -> bool {
        approvals
            .iter()
            .any(|a| a.body == body && a.is_valid_at(at))
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
/// fn main() {
///     let api = [Trigger::ApiDeprecation];
///     assert_eq!(required_approvals(MigrationKind::ApiVersion, Mode::Soft, &api), []);
///     assert_eq!(required_approvals(MigrationKind::ApiVersion, Mode::Guided, &api), [GovernanceBody::Tsc]);
///     assert_eq!(
///         required_approvals(MigrationKind::PermissionExpansion, Mode::Soft, &[Trigger::CapabilityExpansion]),
///         [GovernanceBody::Sco],
///     );
///     assert_eq!(
///         required_approvals(MigrationKind::ApiVersion, Mode::Forced, &[Trigger::SecurityViolation]),
///         [GovernanceBody::Tsc, GovernanceBody::Sco],
///     );
/// }
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
#[non_exhaustive]
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
#[non_exhaustive]
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
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let needs = Requirements::of(MigrationKind::ApiVersion, Mode::Guided, &[Trigger::ApiDeprecation]);
    ///     let at: DateTime<Utc> = "2026-03-02T09:00:00Z".parse()?;
    ///     let plan = Plan::new("dual read", "", "", "");
    ///     let missing = needs.missing(&plan, at);
    ///     assert!(missing.contains(&Missing::PlanPart(PlanPart::TestingPlan)));
    ///     assert!(missing.contains(&Missing::CompatibilityMapping));
    ///     assert!(missing.contains(&Missing::Approval(GovernanceBody::Tsc)));
    ///     Ok(())
    /// }
    /// ```
    #[must_use]
    pub fn missing(&self, plan: &Plan, at: DateTime<Utc>) -> Vec<Missing> {
        let mut out: Vec<Missing> = self
            .plan_parts
            .iter()
            .filter(|p| crate::text::blank(plan.part(**p)))
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
            .any(|m| !crate::text::blank(&m.from) && !crate::text::blank(&m.to));
        if self.compatibility_mapping && !mapped {
            out.push(Missing::CompatibilityMapping);
        }
        out.extend(
            self.approvals
                .iter()
                .filter(|b| !Approval::signed_by(&plan.approvals, **b, at))
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
/// fallback. The power ceiling that bounds them is a platform fact, never the partner's:
/// [`Platform::power_ceiling`](crate::Platform::power_ceiling).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Grants {
    /// The grant before the migration.
    #[cfg_attr(
        feature = "serde",
        serde(
            serialize_with = "crate::permission::as_written::serialize",
            deserialize_with = "crate::permission::as_written::deserialize"
        )
    )]
    pub current: PermissionSet,
    /// The grant after the migration.
    #[cfg_attr(
        feature = "serde",
        serde(
            serialize_with = "crate::permission::as_written::serialize",
            deserialize_with = "crate::permission::as_written::deserialize"
        )
    )]
    pub proposed: PermissionSet,
    /// Explicit denials; they override every allow.
    #[cfg_attr(
        feature = "serde",
        serde(
            serialize_with = "crate::permission::as_written::serialize",
            deserialize_with = "crate::permission::as_written::deserialize"
        )
    )]
    pub deny: PermissionSet,
    /// The read-only grant kept while the fallback is in place (playbook §6).
    #[cfg_attr(
        feature = "serde",
        serde(
            serialize_with = "crate::permission::as_written::serialize",
            deserialize_with = "crate::permission::as_written::deserialize"
        )
    )]
    pub fallback: PermissionSet,
}

impl Plan {
    /// A plan of its four parts (playbook §4 steps 2–3), with no document, no compatibility
    /// mapping and no approval yet: add them with [`Plan::documents`],
    /// [`Plan::compatibility_mapping`] and [`Plan::approvals`].
    /// [`Migration::prepare`](crate::Migration::prepare) lists whatever is missing.
    #[must_use]
    pub fn new(
        strategy: impl Into<String>,
        compatibility_plan: impl Into<String>,
        testing_plan: impl Into<String>,
        rollback_plan: impl Into<String>,
    ) -> Plan {
        Plan {
            strategy: strategy.into(),
            compatibility_plan: compatibility_plan.into(),
            testing_plan: testing_plan.into(),
            rollback_plan: rollback_plan.into(),
            documents: Vec::new(),
            compatibility_mapping: Vec::new(),
            approvals: Vec::new(),
        }
    }

    /// The plan with these documents (playbook §7), replacing any given before.
    #[must_use]
    pub fn documents(mut self, documents: impl IntoIterator<Item = Document>) -> Plan {
        self.documents = documents.into_iter().collect();
        self
    }

    /// The plan with this compatibility mapping, replacing any given before.
    #[must_use]
    pub fn compatibility_mapping(
        mut self,
        mapping: impl IntoIterator<Item = MappingEntry>,
    ) -> Plan {
        self.compatibility_mapping = mapping.into_iter().collect();
        self
    }

    /// The plan with these governance approvals, replacing any given before.
    #[must_use]
    pub fn approvals(mut self, approvals: impl IntoIterator<Item = Approval>) -> Plan {
        self.approvals = approvals.into_iter().collect();
        self
    }
}

impl Grants {
    /// The grants moving from `current` to `proposed`, with no denial and an empty fallback
    /// grant: add them with [`Grants::deny`] and [`Grants::fallback`].
    #[must_use]
    pub fn new(current: PermissionSet, proposed: PermissionSet) -> Grants {
        Grants {
            current,
            proposed,
            deny: PermissionSet::new(),
            fallback: PermissionSet::new(),
        }
    }

    /// The grants with these explicit denials.
    #[must_use]
    pub fn deny(mut self, deny: PermissionSet) -> Grants {
        self.deny = deny;
        self
    }

    /// The grants with this read-only grant kept during the fallback.
    #[must_use]
    pub fn fallback(mut self, fallback: PermissionSet) -> Grants {
        self.fallback = fallback;
        self
    }
}
