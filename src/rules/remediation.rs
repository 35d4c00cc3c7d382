//! Remediation (playbook §9): five steps in order, within a window set by severity.

use core::fmt;

use chrono::{DateTime, Utc};

use crate::lint::Lint;
use crate::policy::Policy;
use crate::report::Finding;
use crate::severity::Severity;

vocabulary! {
    /// The playbook's five remediation steps, in their required order.
    #[derive(PartialOrd, Ord)]
    pub enum RemediationStep {
        /// 1. identify root cause.
        IdentifyRootCause = "identify_root_cause",
        /// 2. submit remediation plan.
        SubmitPlan = "submit_plan",
        /// 3. implement fixes.
        ImplementFixes = "implement_fixes",
        /// 4. pass re-validation.
        PassRevalidation = "pass_revalidation",
        /// 5. restore full access.
        RestoreFullAccess = "restore_full_access",
    }
}

impl RemediationStep {}

impl fmt::Display for RemediationStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RemediationStep::IdentifyRootCause => "identify root cause",
            RemediationStep::SubmitPlan => "submit remediation plan",
            RemediationStep::ImplementFixes => "implement fixes",
            RemediationStep::PassRevalidation => "pass re-validation",
            RemediationStep::RestoreFullAccess => "restore full access",
        })
    }
}

/// When a remediation is due and whether it was met (playbook §9, "Remediation Window":
/// minor 30 days, moderate 14 days, severe immediate + review): the one model the flow and
/// [`RemediationCase`] share.
///
/// The window counts from when the problem was found (the forced trigger, the failed check,
/// the unstable reading), not from when the fix is submitted, and it is met by passing
/// re-validation, not by completing the migration.
///
/// ```
/// use chrono::{DateTime, Duration, Utc};
/// use kwanus_migration::rules::RemediationWindow;
/// use kwanus_migration::{Policy, Severity};
///
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     let day0: DateTime<Utc> = "2026-05-04T00:00:00Z".parse()?;
///     let mut w = RemediationWindow::open(Severity::Severe, day0, &Policy::default());
///     assert_eq!(w.deadline, day0, "severe: immediate");
///     assert!(w.is_overdue(day0 + Duration::days(5)));
///     w.revalidated_at = Some(day0 + Duration::days(10));
///     assert!(w.is_overdue(day0 + Duration::days(9)));
///     assert!(!w.is_overdue(day0 + Duration::days(10)), "not after re-validation");
///     assert!(!w.met_in_time());
///     Ok(())
/// }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
#[non_exhaustive]
pub struct RemediationWindow {
    /// How serious the problem is.
    pub severity: Severity,
    /// When the problem was found.
    pub found_at: DateTime<Utc>,
    /// When re-validation is due.
    pub deadline: DateTime<Utc>,
    /// When re-validation passed, once it has.
    pub revalidated_at: Option<DateTime<Utc>>,
}

impl RemediationWindow {
    /// A window for a problem of `severity` found at `found_at`, due by `policy`.
    #[must_use]
    pub fn open(severity: Severity, found_at: DateTime<Utc>, policy: &Policy) -> RemediationWindow {
        RemediationWindow {
            severity,
            found_at,
            deadline: policy.remediation_deadline(severity, found_at),
            revalidated_at: None,
        }
    }

    /// Whether, at `at`, the deadline has passed and re-validation has not (yet) passed:
    /// overdue from the deadline until re-validation, and never after it.
    #[must_use]
    pub fn is_overdue(&self, at: DateTime<Utc>) -> bool {
        at > self.deadline && self.revalidated_at.is_none_or(|r| at < r)
    }

    /// Whether re-validation passed by the deadline.
    #[must_use]
    pub fn met_in_time(&self) -> bool {
        self.revalidated_at.is_some_and(|r| r <= self.deadline)
    }
}

/// A remediation case: when it opened, how severe, and the steps done so far.
///
/// Steps can only be recorded in order, so full access is restored only after
/// re-validation passed. A severe case also needs its governance review before access is
/// restored ("severe: immediate + review").
///
/// ```
/// use chrono::{DateTime, Duration, Utc};
/// use kwanus_migration::rules::{RemediationCase, RemediationStep};
/// use kwanus_migration::{Policy, Severity};
///
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     let t0: DateTime<Utc> = "2026-02-01T00:00:00Z".parse()?;
///     let mut case = RemediationCase::open(Severity::Moderate, t0);
///     assert!(case.record(RemediationStep::RestoreFullAccess, t0).is_err()); // not yet
///     for step in &RemediationStep::ALL[..4] {
///         case.record(*step, t0 + Duration::days(3))?;
///     }
///     case.record(RemediationStep::RestoreFullAccess, t0 + Duration::days(4))?;
///     assert!(case.access_restored());
///     assert!(!case.is_overdue(t0 + Duration::days(20), &Policy::default()));
///     Ok(())
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
pub struct RemediationCase {
    severity: Severity,
    opened: DateTime<Utc>,
    reviewed: bool,
    done: Vec<(RemediationStep, DateTime<Utc>)>,
}

/// Why a remediation step was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RemediationError {
    /// Not the next step.
    #[error("the next remediation step is \"{expected}\", not \"{given}\"")]
    OutOfOrder {
        /// The step expected.
        expected: RemediationStep,
        /// The step given.
        given: RemediationStep,
    },
    /// All five steps are done.
    #[error("the remediation is complete")]
    Complete,
    /// A time earlier than the last step.
    #[error("{at} is earlier than the last step")]
    TimeWentBackwards {
        /// The time given.
        at: DateTime<Utc>,
    },
    /// A severe case restoring access without its review.
    #[error("a severe remediation needs its governance review before access is restored")]
    ReviewMissing,
}

impl RemediationError {
    /// A stable machine-readable code for partner SDKs.
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            RemediationError::OutOfOrder { .. } => Lint::RemediationOutOfOrder.id(),
            RemediationError::Complete => "remediation.complete",
            RemediationError::TimeWentBackwards { .. } => "remediation.time_went_backwards",
            RemediationError::ReviewMissing => "remediation.review_missing",
        }
    }
}

impl RemediationCase {
    /// Opens a case at `opened`.
    #[must_use]
    pub fn open(severity: Severity, opened: DateTime<Utc>) -> RemediationCase {
        RemediationCase {
            severity,
            opened,
            reviewed: false,
            done: Vec::new(),
        }
    }

    /// The severity.
    #[must_use]
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// Records the governance review a severe case needs.
    pub fn record_review(&mut self) {
        self.reviewed = true;
    }

    /// The deadline: minor +30 days, moderate +14, severe immediately (policy defaults).
    #[must_use]
    pub fn deadline(&self, policy: &Policy) -> DateTime<Utc> {
        policy.remediation_deadline(self.severity, self.opened)
    }

    /// The next step, if any.
    #[must_use]
    pub fn next_step(&self) -> Option<RemediationStep> {
        RemediationStep::ALL.get(self.done.len()).copied()
    }

    /// The steps done, with their times.
    #[must_use]
    pub fn steps(&self) -> &[(RemediationStep, DateTime<Utc>)] {
        &self.done
    }

    /// Records `step` at `at`.
    ///
    /// # Errors
    ///
    /// [`RemediationError`] when `step` is not the next one, time went backwards, or a severe
    /// case restores access before its review.
    pub fn record(
        &mut self,
        step: RemediationStep,
        at: DateTime<Utc>,
    ) -> Result<(), RemediationError> {
        let expected = self.next_step().ok_or(RemediationError::Complete)?;
        if step != expected {
            return Err(RemediationError::OutOfOrder {
                expected,
                given: step,
            });
        }
        if self.done.last().is_some_and(|(_, t)| at < *t) || at < self.opened {
            return Err(RemediationError::TimeWentBackwards { at });
        }
        if step == RemediationStep::RestoreFullAccess
            && self.severity.needs_review()
            && !self.reviewed
        {
            return Err(RemediationError::ReviewMissing);
        }
        self.done.push((step, at));
        Ok(())
    }

    /// Whether full access has been restored.
    #[must_use]
    pub fn access_restored(&self) -> bool {
        self.done.len() == RemediationStep::ALL.len()
    }

    /// The case's window: found when opened, due by severity, met at re-validation.
    #[must_use]
    pub fn window(&self, policy: &Policy) -> RemediationWindow {
        RemediationWindow {
            severity: self.severity,
            found_at: self.opened,
            deadline: self.deadline(policy),
            revalidated_at: self
                .done
                .iter()
                .find(|(s, _)| *s == RemediationStep::PassRevalidation)
                .map(|(_, t)| *t),
        }
    }

    /// Whether re-validation has not passed by the deadline at `at` (see
    /// [`RemediationWindow::is_overdue`]).
    #[must_use]
    pub fn is_overdue(&self, at: DateTime<Utc>, policy: &Policy) -> bool {
        self.window(policy).is_overdue(at)
    }

    /// A finding when overdue.
    #[must_use]
    pub fn check(&self, at: DateTime<Utc>, policy: &Policy) -> Vec<Finding> {
        if self.is_overdue(at, policy) {
            vec![Finding::new(
                Lint::RemediationOverdue,
                format!("{:?} remediation", self.severity).to_lowercase(),
                format!("was due {}", self.deadline(policy).format("%Y-%m-%d %H:%M")),
            )]
        } else {
            Vec::new()
        }
    }
}
