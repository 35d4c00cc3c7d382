//! Constructors of the flow's other inputs that may grow (each `#[non_exhaustive]`, so that
//! a new field is no breaking change): the review, the remediation, the extension, the
//! withdrawal and the correction. Each takes what the step that checks it needs.

use chrono::{DateTime, Utc};

use super::artifacts::{Extension, Remediation, Review, Withdrawal, WithdrawnBy};
use super::record::Correction;
use crate::governance::GovernanceBody;
use crate::plan::Approval;
use crate::severity::Severity;

impl Review {
    /// The review of a Vulnerable reading by `by`, who decided `decision` (continue, with
    /// what conditions). Neither may be blank: [`Migration::review`](crate::Migration::review)
    /// refuses a blank one.
    #[must_use]
    pub fn new(by: impl Into<String>, decision: impl Into<String>) -> Review {
        Review {
            by: by.into(),
            decision: decision.into(),
        }
    }
}

impl Remediation {
    /// The remediation of a problem of `severity`: its `root_cause` and the `fixes`
    /// implemented (playbook §9, steps 1 and 3). Neither may be blank:
    /// [`Migration::remediate`](crate::Migration::remediate) refuses a blank one.
    #[must_use]
    pub fn new(
        root_cause: impl Into<String>,
        fixes: impl Into<String>,
        severity: Severity,
    ) -> Remediation {
        Remediation {
            root_cause: root_cause.into(),
            fixes: fixes.into(),
            severity,
        }
    }
}

impl Extension {
    /// The extension of the migration window to `closes`, for `reason`, with the `approval`
    /// of the body governing the migration's category
    /// ([`Migration::extend_window`](crate::Migration::extend_window) checks all three).
    #[must_use]
    pub fn new(closes: DateTime<Utc>, reason: impl Into<String>, approval: Approval) -> Extension {
        Extension {
            closes,
            reason: reason.into(),
            approval,
        }
    }
}

impl Withdrawal {
    /// The withdrawal asked for `by` the partner or the platform, for `reason`, with the
    /// `approval` of the body governing the migration's category
    /// ([`Migration::withdraw`](crate::Migration::withdraw) checks them).
    #[must_use]
    pub fn new(by: WithdrawnBy, reason: impl Into<String>, approval: Approval) -> Withdrawal {
        Withdrawal {
            by,
            reason: reason.into(),
            approval,
        }
    }
}

impl Correction {
    /// The correction of `field` (a path into the detail of the event at position `event`,
    /// `documents[1].location`) to `value`, made `by` someone for `reason`, approved by
    /// `approved_by`, at `at`. [`MigrationRecord::amend`](crate::MigrationRecord::amend)
    /// checks it.
    #[must_use]
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        event: u32,
        field: impl Into<String>,
        value: impl Into<String>,
        by: impl Into<String>,
        reason: impl Into<String>,
        approved_by: GovernanceBody,
        at: DateTime<Utc>,
    ) -> Correction {
        Correction {
            event,
            field: field.into(),
            value: value.into(),
            by: by.into(),
            reason: reason.into(),
            approved_by,
            at,
        }
    }
}
