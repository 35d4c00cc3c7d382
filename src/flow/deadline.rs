//! What is due next on a migration, and when: the deadlines the flow already keeps, read from
//! its state ([`Deadline`], [`DeadlineKind`]), and the fallback window while it runs
//! ([`FallbackWindow`]).

use chrono::{DateTime, Utc};

use super::lineage::EventDetail;
use super::replay::Core;
use super::StageName;

vocabulary! {
    /// What a [`Deadline`] is for: each is a time the flow already keeps.
    ///
    /// The order of the declaration is the order of urgency between two deadlines due at the
    /// same moment ([`Migration::next_deadline`](crate::Migration::next_deadline)).
    #[derive(PartialOrd, Ord)]
    pub enum DeadlineKind: Display {
        /// Re-validation of the open remediation is due (playbook §9, "Remediation Window";
        /// [`Migration::remediation_deadline`](crate::Migration::remediation_deadline)). Met
        /// when a validation passes.
        RemediationDeadline = "remediation_deadline",
        /// The migration window closes: the release must roll out by then (playbook §4 step 1,
        /// "migration window defined"; [`Window::closes`](crate::Window::closes), as extended).
        /// Met by the rollout.
        WindowClose = "window_close",
        /// The minimum fallback window ends: from then on the fallback may be removed and the
        /// migration completed ([`Migration::fallback_until`](crate::Migration::fallback_until)).
        /// Met when that moment comes.
        FallbackWindowEnd = "fallback_window_end",
        /// The lifecycle review the completion recorded, one governance interval after it
        /// (playbook §10, "Annual Tasks"; `next_review` of
        /// [`EventDetail::Completed`](crate::EventDetail::Completed)).
        NextReview = "next_review",
    }
}

/// A time something is due on a migration, and what: see
/// [`Migration::next_deadline`](crate::Migration::next_deadline).
///
/// ```
/// use chrono::{DateTime, Duration, Utc};
/// use kwanus_migration::*;
/// use semver::Version;
///
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     let t0: DateTime<Utc> = "2026-03-02T09:00:00Z".parse()?;
///     let notice = Notice::builder(PartnerId::new("acme-billing")?, MigrationKind::ExtensionRuntime, Version::new(1, 4, 0), Version::new(1, 5, 0))
///         .trigger(Trigger::RuntimeChange)
///         .compatibility(Compatibility::BackwardCompatible)
///         .window_days(t0, 90)
///         .build();
///     let m = Migration::open(notice, t0, &Policy::default())?;
///     let next = m.next_deadline(t0).ok_or("the window is open")?;
///     assert_eq!((next.kind, next.due), (DeadlineKind::WindowClose, m.window().closes));
///     assert!(!next.is_overdue(t0));
///     assert!(next.is_overdue(m.window().closes + Duration::seconds(1)));
///     Ok(())
/// }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Deadline {
    /// What is due.
    pub kind: DeadlineKind,
    /// When.
    #[cfg_attr(
        feature = "serde",
        serde(
            serialize_with = "crate::time_text::serialize",
            deserialize_with = "crate::time_text::deserialize"
        )
    )]
    pub due: DateTime<Utc>,
}

impl Deadline {
    /// Whether the deadline has passed at `at` (`at` later than `due`; at `due` itself it is
    /// not yet overdue), as [`rules::RemediationWindow::is_overdue`](crate::rules::RemediationWindow::is_overdue)
    /// reads a remediation deadline.
    #[must_use]
    pub fn is_overdue(&self, at: DateTime<Utc>) -> bool {
        at > self.due
    }
}

/// The fallback window while it runs: from the rollout, while the previous stable version is
/// kept as the fallback, until the completion releases it (framework §7, "fallback behavior
/// maintained"; playbook §6, "Fallback Duration: minimum 6 months, recommended 12 months").
///
/// [`Migration::fallback_window`](crate::Migration::fallback_window) gives it; the example of
/// [`Migration::complete`](crate::Migration::complete) completes a migration at its `until`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct FallbackWindow {
    /// When it opened: the rollout ([`Migration::rollout_at`](crate::Migration::rollout_at)).
    pub opens: DateTime<Utc>,
    /// The end of the minimum window: the earliest moment the fallback may be removed
    /// ([`Migration::fallback_until`](crate::Migration::fallback_until)).
    pub until: DateTime<Utc>,
    /// The end of the recommended window: a completion before it carries a warning
    /// ([`Migration::recommended_until`](crate::Migration::recommended_until)).
    pub recommended_until: DateTime<Utc>,
}

impl Core {
    /// Whether re-validation has not passed by the remediation deadline at `at`.
    pub(crate) fn is_overdue(&self, at: DateTime<Utc>) -> bool {
        self.remediation.is_some_and(|w| w.is_overdue(at))
    }

    /// The fallback window, while the release is rolled out and the fallback kept: in
    /// Validation, Stabilization and Throttled.
    pub(crate) fn fallback_window(&self) -> Option<FallbackWindow> {
        if !matches!(
            self.stage,
            StageName::Validation | StageName::Stabilization | StageName::Throttled
        ) {
            return None;
        }
        Some(FallbackWindow {
            opens: self.rollout_at?,
            until: self.fallback_until?,
            recommended_until: self.recommended_until?,
        })
    }

    /// The next review the completion recorded, once completed.
    fn next_review(&self) -> Option<DateTime<Utc>> {
        if self.stage != StageName::Continuity {
            return None;
        }
        self.lineage.iter().rev().find_map(|e| match &e.detail {
            EventDetail::Completed { next_review, .. } => Some(*next_review),
            _ => None,
        })
    }

    /// Every deadline that applies at `at`, each until the step that meets it.
    pub(crate) fn deadlines(&self, at: DateTime<Utc>) -> impl Iterator<Item = Deadline> + use<> {
        use StageName as S;
        let due = |kind, due: Option<DateTime<Utc>>| due.map(|due| Deadline { kind, due });
        let remediation = self
            .remediation
            .filter(|w| self.stage.is_under_way() && w.revalidated_at.is_none())
            .map(|w| w.deadline);
        // the window bounds the rollout still to come: before it, and after a failure or a
        // fallback (a remediated release rolls out inside the window, as extended)
        let window = matches!(
            self.stage,
            S::Detection | S::Preparation | S::Transition | S::Rejected | S::FallenBack
        )
        .then_some(self.window.closes);
        // the fallback window's end is a "from", not a "by": once it has come nothing is late
        let fallback = self
            .fallback_window()
            .map(|w| w.until)
            .filter(|until| at < *until);
        [
            due(DeadlineKind::RemediationDeadline, remediation),
            due(DeadlineKind::WindowClose, window),
            due(DeadlineKind::FallbackWindowEnd, fallback),
            due(DeadlineKind::NextReview, self.next_review()),
        ]
        .into_iter()
        .flatten()
    }

    /// The earliest deadline that applies at `at`, overdue ones included; of two due at the
    /// same moment, the kind declared first.
    pub(crate) fn next_deadline(&self, at: DateTime<Utc>) -> Option<Deadline> {
        self.deadlines(at).min_by_key(|d| (d.due, d.kind))
    }
}
