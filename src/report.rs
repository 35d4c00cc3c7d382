//! The validation report: the verdict of each dimension, its findings, what was computed and
//! what was attested. The ground floor of validation: [`rules`](crate::rules) makes a
//! report, the flow records its outcomes.

use core::fmt;

use chrono::{DateTime, Utc};

use crate::dimension::Dimension;
use crate::governance::GovernanceBody;
use crate::lint::{FindingLevel, Lint};
use crate::permission::{BoundaryReport, Violation};

vocabulary! {
    /// The verdict of one validation dimension.
    pub enum Verdict: Display {
        /// Passed.
        Pass = "pass",
        /// Failed.
        Fail = "fail",
        /// Nothing in this dimension is touched by the migration.
        NotApplicable = "not_applicable",
        /// Neither computed nor attested: not a pass.
        Unverified = "unverified",
    }
}

/// A result the platform obtained outside this crate (a partner's test suite, a security
/// review) for one dimension: what was run, by whom (and for which governance body, when a
/// body attests), when, and where the evidence is. The lineage records it beside the
/// computed results.
///
/// An attestation counts for a release only when it is sound and dated within the release:
/// at or after the release was placed in transition, and not after the validation
/// ([`Attestation::defect_within`]). The security review a migration forced by a security
/// or compliance violation needs is a passing permission attestation by
/// [SCO](GovernanceBody::Sco), the body that governs the permission category.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Attestation {
    /// The dimension it speaks for.
    pub dimension: Dimension,
    /// [`Verdict::Pass`] or [`Verdict::Fail`].
    pub verdict: Verdict,
    /// What was run (`"partner contract test suite v2"`); must not be blank.
    pub check: String,
    /// Who attests it; must not be blank.
    pub by: String,
    /// The governance body that attests, when a body does (`None`: a person or a system
    /// outside governance, such as a partner's CI): a security review is SCO's. In JSON
    /// `"body": "sco"` or `null`.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::time_text::required")
    )]
    pub body: Option<GovernanceBody>,
    /// When it ran; not later than the validation.
    #[cfg_attr(
        feature = "serde",
        serde(
            serialize_with = "crate::time_text::serialize",
            deserialize_with = "crate::time_text::deserialize"
        )
    )]
    pub at: DateTime<Utc>,
    /// Where the evidence is (a URL, a ticket, a report id); must not be blank.
    pub evidence: String,
}

impl Attestation {
    /// Why the attestation cannot count at `at`, if it cannot: a verdict other than pass or
    /// fail, a blank field, or a date after `at`. [`Attestation::defect_within`] also
    /// bounds the date by the release.
    #[must_use]
    pub fn defect(&self, at: DateTime<Utc>) -> Option<&'static str> {
        if !matches!(self.verdict, Verdict::Pass | Verdict::Fail) {
            Some("an attestation passes or fails")
        } else if crate::text::blank(&self.check) {
            Some("an attestation names what was run")
        } else if crate::text::blank(&self.by) {
            Some("an attestation names who attests it")
        } else if crate::text::blank(&self.evidence) {
            Some("an attestation names where its evidence is")
        } else if self.at > at {
            Some("an attestation is dated after the validation")
        } else {
            None
        }
    }

    /// Why the attestation cannot count for a release placed in transition at
    /// `released_at` (when known) and validated at `at`, if it cannot: any
    /// [defect](Attestation::defect) at `at`, or a date before the release (it speaks for an
    /// earlier build, not this one).
    ///
    /// ```
    /// use chrono::{DateTime, Duration, Utc};
    /// use kwanus_migration::{Attestation, Dimension, GovernanceBody, Verdict};
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let at: DateTime<Utc> = "2026-03-05T09:00:00Z".parse()?;
    ///     let review = Attestation::builder(Dimension::Permission, Verdict::Pass, "security review", "sco-duty", at)
    ///         .body(GovernanceBody::Sco)
    ///         .evidence("SEC-7")
    ///         .build();
    ///     let (before, after) = (at - Duration::days(1), at + Duration::days(1));
    ///     assert_eq!(review.defect_within(Some(before), after), None);
    ///     assert_eq!(review.defect_within(None, after), None);
    ///     assert_eq!(review.defect_within(Some(after), after), Some("an attestation is dated before the release"));
    ///     assert_eq!(review.defect_within(Some(before), before), Some("an attestation is dated after the validation"));
    ///     Ok(())
    /// }
    /// ```
    #[must_use]
    pub fn defect_within(
        &self,
        released_at: Option<DateTime<Utc>>,
        at: DateTime<Utc>,
    ) -> Option<&'static str> {
        self.defect(at).or_else(|| {
            released_at
                .is_some_and(|released| self.at < released)
                .then_some("an attestation is dated before the release")
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
#[non_exhaustive]
pub struct Finding {
    /// The rule: a [`Lint`](Lint), in JSON its stable id
    /// (`"release.silent_breaking_change"`). Its [dimension](Lint::dimension)
    /// is where validation puts the finding.
    #[cfg_attr(feature = "serde", serde(with = "crate::lint::as_id"))]
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub lint: Lint,
    /// Error, warning or info.
    pub level: FindingLevel,
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
    pub fn new(lint: Lint, item: impl Into<String>, message: impl Into<String>) -> Finding {
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
    pub fn with_level(mut self, level: FindingLevel) -> Finding {
        self.level = level;
        self
    }

    /// The findings of a boundary check: one per violation, its lint from the violation's
    /// kind, its item the permission (after `prefix`, when one is given).
    pub(crate) fn of_boundary(report: &BoundaryReport, prefix: &str) -> Vec<Finding> {
        report
            .violations()
            .iter()
            .map(|v| Finding::of_violation(v, prefix))
            .collect()
    }

    /// The finding of one boundary violation: its item the permission, after `prefix`
    /// when there is one.
    pub(crate) fn of_violation(v: &Violation, prefix: &str) -> Finding {
        let item = if prefix.is_empty() {
            v.permission.to_string()
        } else {
            format!("{prefix} {}", v.permission)
        };
        Finding::new(Lint::from(v.kind), item, v.to_string())
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
#[non_exhaustive]
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
                let verdict = combined(
                    verdict,
                    findings.iter().any(|f| f.level == FindingLevel::Error),
                    &attested,
                );
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

/// A dimension's verdict from what was computed for it (`None`: not computed), whether an
/// error was found in it, and the attestations that count for it: any failure fails it; a
/// passed or not-applicable computation stands, an attested pass makes it a pass; neither
/// computed nor attested, it is unverified. The one rule [`ValidationReport::from_parts`] and
/// the replay's comparison of recorded verdicts share.
pub(crate) fn combined<'a>(
    computed: Option<Verdict>,
    error_found: bool,
    attested: impl IntoIterator<Item = &'a Attestation>,
) -> Verdict {
    let (mut any, mut failed) = (false, false);
    for a in attested {
        any = true;
        failed |= a.verdict != Verdict::Pass;
    }
    if error_found || failed || computed == Some(Verdict::Fail) {
        Verdict::Fail
    } else if let Some(v) = computed.filter(|v| *v != Verdict::Unverified) {
        if v == Verdict::NotApplicable && any {
            Verdict::Pass
        } else {
            v
        }
    } else if any {
        Verdict::Pass
    } else {
        Verdict::Unverified
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
#[non_exhaustive]
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
