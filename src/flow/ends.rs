//! The ways a migration under way reaches an end besides Continuity: the governing body may
//! extend its window, and it may be withdrawn.

use chrono::{DateTime, Utc};

use super::artifacts::{Approval, Extension, Withdrawal};
use super::lineage::EventDetail;
use super::{Migration, Refusal, Refused, Step, UnderWay, Withdrawn};

impl<S: UnderWay> Migration<S> {
    /// The approval of a window extension or a withdrawal: the governing body's, signed by
    /// someone no later than `at`.
    fn governed(
        &self,
        step: &'static str,
        approval: &Approval,
        at: DateTime<Utc>,
    ) -> Result<(), Refusal> {
        let body = self.core.kind.category().governing_body();
        if approval.body != body {
            return Err(Refusal::Ungoverned {
                step,
                body,
                why: "the approval is another body's",
            });
        }
        if !approval.is_valid_at(at) {
            return Err(Refusal::Ungoverned {
                step,
                body,
                why: "the approval is unsigned or dated after the step",
            });
        }
        Ok(())
    }

    /// Extends the migration window (the body governing the migration's category decides;
    /// recorded: who, why, the new close). A failure late in the window can then be
    /// remediated and re-validated, and the rollout happen inside the extended window. An
    /// extension moves only the window's close: it never shortens a remediation deadline or
    /// the fallback window, and a remediation stays overdue after its deadline.
    ///
    /// # Errors
    ///
    /// [`Refused`] when time went backwards, the approval is not the governing body's
    /// ([`Refusal::Ungoverned`]), the reason is blank, or the new close is not later
    /// ([`Refusal::ExtensionNotLater`]).
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
    ///     let at = t0 + Duration::days(60);
    ///     let closes = m.window().closes + Duration::days(30);
    ///     let approval = Approval { body: GovernanceBody::Tsc, by: "tsc-chair".into(), at };
    ///     let m = m.extend_window(Extension::new(closes, "the partner's fix needs a month", approval), at)?;
    ///     assert_eq!(m.window().closes, closes);
    ///     Ok(())
    /// }
    /// ```
    pub fn extend_window(
        self,
        extension: Extension,
        at: DateTime<Utc>,
    ) -> Result<Migration<S>, Refused<S>> {
        self.extend_step(extension, at)
            .map_err(|r| r.during(Step::ExtendWindow))
    }

    fn extend_step(
        self,
        extension: Extension,
        at: DateTime<Utc>,
    ) -> Result<Migration<S>, Refused<S>> {
        let checks = self
            .check_time(at)
            .and_then(|()| self.governed("a window extension", &extension.approval, at))
            .and_then(|()| {
                if crate::text::blank(&extension.reason) {
                    Err(Refusal::BlankStepReason("window extension"))
                } else if extension.closes <= self.core.window.closes {
                    Err(Refusal::ExtensionNotLater {
                        closes: self.core.window.closes,
                        asked: extension.closes,
                    })
                } else {
                    Ok(())
                }
            });
        if let Err(r) = checks {
            return Err(self.refuse(r));
        }
        self.advance(
            at,
            EventDetail::WindowExtended {
                closes: extension.closes,
                reason: extension.reason,
                approval: extension.approval,
            },
        )
    }

    /// Withdraws the migration before continuity: the partner stays on (or returns to) its
    /// previous stable version with its pre-migration grants, and the migration ends
    /// ([`Withdrawn`], terminal). A partner's request or a platform decision, approved by the
    /// body governing the migration's category; recorded with the version and the grants the
    /// partner is left with.
    ///
    /// # Errors
    ///
    /// [`Refused`] when time went backwards, the approval is not the governing body's
    /// ([`Refusal::Ungoverned`]), or the reason is blank.
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
    ///     let at = t0 + Duration::days(10);
    ///     let approval = Approval { body: GovernanceBody::Tsc, by: "tsc-chair".into(), at };
    ///     let done = m.withdraw(Withdrawal::new(WithdrawnBy::Partner, "the partner sunsets the extension", approval), at)?;
    ///     assert_eq!(done.stage(), StageName::Withdrawn);
    ///     assert_eq!(done.current_version(), done.origin());
    ///     Ok(())
    /// }
    /// ```
    pub fn withdraw(
        self,
        withdrawal: Withdrawal,
        at: DateTime<Utc>,
    ) -> Result<Migration<Withdrawn>, Refused<S>> {
        self.withdraw_step(withdrawal, at)
            .map_err(|r| r.during(Step::Withdraw))
    }

    fn withdraw_step(
        self,
        withdrawal: Withdrawal,
        at: DateTime<Utc>,
    ) -> Result<Migration<Withdrawn>, Refused<S>> {
        let checks = self
            .check_time(at)
            .and_then(|()| self.governed("a withdrawal", &withdrawal.approval, at))
            .and_then(|()| {
                if crate::text::blank(&withdrawal.reason) {
                    Err(Refusal::BlankStepReason("withdrawal"))
                } else {
                    Ok(())
                }
            });
        if let Err(r) = checks {
            return Err(self.refuse(r));
        }
        let version = self.core.origin.clone();
        let grants = self.core.evidence().map(|e| e.grants.current.clone());
        self.advance(
            at,
            EventDetail::Withdrawn {
                by: withdrawal.by,
                reason: withdrawal.reason,
                approval: withdrawal.approval,
                version,
                grants,
            },
        )
    }
}
