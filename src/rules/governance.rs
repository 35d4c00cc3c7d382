//! Governance: approvals, ungoverned workflows, documents, and the annual calendar.

use std::collections::BTreeMap;

use chrono::{DateTime, Months, Utc};

use super::contract::Contract;
use crate::governance::AnnualTask;
use crate::kind::MigrationKind;
use crate::lint::Lint;
use crate::mode::Mode;
use crate::plan::{required_approvals, Approval, Document, DocumentKind};
use crate::policy::Policy;
use crate::report::Finding;
use crate::trigger::Trigger;

/// Checks approvals and workflow governance: every body [`required_approvals`] names has
/// signed (by someone, no later than `at`), plus SCO when `expands_permissions`; every
/// workflow of `new` is governed (playbook §8 forbids "ungoverned workflows").
#[must_use]
pub fn check_governance(
    kind: MigrationKind,
    mode: Mode,
    triggers: &[Trigger],
    approvals: &[Approval],
    expands_permissions: bool,
    new: &Contract,
    at: DateTime<Utc>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut needed = required_approvals(kind, mode, triggers);
    if expands_permissions && !needed.contains(&crate::governance::GovernanceBody::Sco) {
        needed.push(crate::governance::GovernanceBody::Sco);
    }
    for body in needed {
        if !Approval::signed_by(approvals, body, at) {
            // SCO is the permission authority and ERC the workflow authority (framework §6):
            // their missing approvals land in those dimensions
            let lint = match body {
                crate::governance::GovernanceBody::Sco => Lint::MissingScoApproval,
                crate::governance::GovernanceBody::Erc => Lint::MissingErcApproval,
                _ => Lint::MissingApproval,
            };
            out.push(Finding::new(
                lint,
                body.acronym(),
                format!("{body} has not approved this migration"),
            ));
        }
    }
    for (id, w) in &new.workflows {
        if w.governed_by.is_none() {
            out.push(Finding::new(
                Lint::UngovernedWorkflow,
                format!("workflow {id}"),
                "no governance body governs it",
            ));
        }
    }
    out
}

/// Checks the documents (playbook §7): each of the five required ones (an error when
/// missing or with a blank location), each optional one reported when missing (info).
///
/// ```
/// use kwanus_migration::rules::check_documents;
/// use kwanus_migration::{Document, DocumentKind, FindingLevel, MigrationKind};
///
/// fn main() {
///     let docs = [Document { kind: DocumentKind::MigrationGuide, location: "guide.md".into() }];
///     let findings = check_documents(MigrationKind::ApiVersion, &docs);
///     let errors: Vec<_> = findings.iter().filter(|f| f.level == FindingLevel::Error).map(|f| f.item.as_str()).collect();
///     assert_eq!(errors, ["compatibility notes", "version notes", "workflow changes", "permission changes"]);
/// }
/// ```
#[must_use]
pub fn check_documents(kind: MigrationKind, documents: &[Document]) -> Vec<Finding> {
    missing_documents(kind, documents)
        .map(|(lint, k)| document_finding(lint, k))
        .collect()
}

/// The documents `check_documents` reports missing, each with its lint (a required one, then
/// the optional ones), without building their findings.
pub(crate) fn missing_documents(
    kind: MigrationKind,
    documents: &[Document],
) -> impl Iterator<Item = (Lint, DocumentKind)> + '_ {
    let has = move |k: &DocumentKind| Document::present(documents, *k);
    let required = DocumentKind::ALL
        .into_iter()
        .filter(move |k| k.is_required_for(kind));
    let optional = DocumentKind::ALL.into_iter().filter(|k| k.is_optional());
    required
        .filter(move |k| !has(k))
        .map(|k| (Lint::MissingDocument, k))
        .chain(
            optional
                .filter(move |k| !has(k))
                .map(|k| (Lint::OptionalDocumentMissing, k)),
        )
}

/// The finding `check_documents` writes for a missing document.
pub(crate) fn document_finding(lint: Lint, kind: DocumentKind) -> Finding {
    let why = if lint == Lint::MissingDocument {
        "required for this kind of migration"
    } else {
        "optional, not provided"
    };
    Finding::new(lint, kind.title(), why)
}

/// When each annual governance task (playbook §10) was last done.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
pub struct GovernanceCalendar {
    /// Last completion of each task; a task never done is due at once.
    pub last_done: BTreeMap<AnnualTask, DateTime<Utc>>,
}

/// Where one annual task stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub struct TaskStatus {
    /// The task.
    pub task: AnnualTask,
    /// When it is due (`None`: never done, due now).
    pub due: Option<DateTime<Utc>>,
    /// Whether it is past due at the time asked.
    pub overdue: bool,
}

impl GovernanceCalendar {
    /// The status of every annual task at `at`: due [`Policy::governance_interval_months`]
    /// calendar months after it was last done; overdue after that.
    ///
    /// ```
    /// use chrono::{DateTime, Utc};
    /// use kwanus_migration::rules::GovernanceCalendar;
    /// use kwanus_migration::{AnnualTask, Policy};
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let done: DateTime<Utc> = "2025-03-01T00:00:00Z".parse()?;
    ///     let mut cal = GovernanceCalendar::default();
    ///     cal.last_done.insert(AnnualTask::MigrationReview, done);
    ///     let at: DateTime<Utc> = "2026-03-02T00:00:00Z".parse()?;
    ///     let status = cal.status(at, &Policy::default());
    ///     assert!(status[0].overdue); // the review was due on 2026-03-01
    ///     assert_eq!(status[1].due, None); // never done: due now
    ///     Ok(())
    /// }
    /// ```
    #[must_use]
    pub fn status(&self, at: DateTime<Utc>, policy: &Policy) -> Vec<TaskStatus> {
        AnnualTask::ALL
            .into_iter()
            .map(|task| {
                let due = self.last_done.get(&task).map(|d| {
                    crate::time_text::unleap(*d)
                        .checked_add_months(Months::new(policy.governance_interval_months()))
                        .unwrap_or(DateTime::<Utc>::MAX_UTC)
                });
                TaskStatus {
                    task,
                    due,
                    overdue: due.is_none_or(|d| at > d),
                }
            })
            .collect()
    }

    /// A finding for each overdue task.
    #[must_use]
    pub fn check(&self, at: DateTime<Utc>, policy: &Policy) -> Vec<Finding> {
        self.status(at, policy)
            .into_iter()
            .filter(|s| s.overdue)
            .map(|s| {
                let msg = match s.due {
                    Some(d) => format!("was due {}", d.date_naive()),
                    None => "has never been done".to_owned(),
                };
                Finding::new(Lint::GovernanceTaskOverdue, format!("{:?}", s.task), msg)
            })
            .collect()
    }
}
