//! Builders for the step inputs: [`Notice::builder`], [`Release::builder`],
//! [`Evidence::builder`], [`Attestation::builder`], with the window's and the platform's
//! constructors. The other inputs that may grow (each `#[non_exhaustive]`, so that a new
//! field is no breaking change) have their constructors beside their definitions.
//!
//! The builders are infallible: what they build is plain data, and the step that takes it
//! ([`Migration::open`](crate::Migration::open), [`Migration::transition`](crate::Migration::transition))
//! checks it as it always does. What a value cannot do without (the notice's window, the
//! release's evidence) is required by the type: `build` exists only once it is given.

use chrono::{DateTime, Duration, Utc};
use semver::Version;

use super::artifacts::{Contracts, Evidence, Notice, Platform, Release, Window};
use crate::dimension::Dimension;
use crate::governance::GovernanceBody;
use crate::kind::MigrationKind;
use crate::mode::Compatibility;
use crate::partner::PartnerId;
use crate::permission::{Catalog, PermissionSet};
use crate::plan::Grants;
use crate::report::{Attestation, Verdict};
use crate::rules::{CompatibilityMatrix, Contract, RuntimeSupport, RuntimeUse};
use crate::severity::Severity;
use crate::trigger::Trigger;

impl Window {
    /// The window from `opens` to `closes`, both inclusive.
    ///
    /// Nothing is checked here: [`Migration::open`](crate::Migration::open) refuses a window
    /// that closes before it opens, or that has already closed.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{DateTime, Utc};
    /// use kwanus_migration::Window;
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let opens: DateTime<Utc> = "2026-03-02T09:00:00Z".parse()?;
    ///     let closes: DateTime<Utc> = "2026-06-01T09:00:00Z".parse()?;
    ///     let window = Window::new(opens, closes);
    ///     assert!(window.contains(opens) && window.contains(closes));
    ///     Ok(())
    /// }
    /// ```
    #[must_use]
    pub const fn new(opens: DateTime<Utc>, closes: DateTime<Utc>) -> Window {
        Window { opens, closes }
    }

    /// The window that opens at `opens` and closes `days` days later (at the latest
    /// representable time, should that be sooner).
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{DateTime, Duration, Utc};
    /// use kwanus_migration::Window;
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let opens: DateTime<Utc> = "2026-03-02T09:00:00Z".parse()?;
    ///     let window = Window::days(opens, 90);
    ///     assert_eq!(window.closes, opens + Duration::days(90));
    ///     Ok(())
    /// }
    /// ```
    #[must_use]
    pub fn days(opens: DateTime<Utc>, days: u32) -> Window {
        let closes = opens
            .checked_add_signed(Duration::days(i64::from(days)))
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        Window { opens, closes }
    }
}

/// The state of a [`NoticeBuilder`] not yet given its window: call
/// [`NoticeBuilder::window`] or [`NoticeBuilder::window_days`] before `build`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NoWindow;

/// The state of a [`ReleaseBuilder`] not yet given its evidence (or of an
/// [`AttestationBuilder`](crate::AttestationBuilder) not yet told where its evidence is):
/// call `evidence` before `build`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NoEvidence;

/// A [`Notice`] under construction: [`Notice::builder`].
///
/// The partner, the kind and the two versions are the builder's arguments, the window is
/// required before [`build`](NoticeBuilder::build) (the type parameter says whether it was
/// given), everything else is optional. Writing a notice through its builder is the way to
/// write code that keeps compiling when `Notice` gains a field.
#[derive(Debug, Clone)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct NoticeBuilder<W = NoWindow> {
    partner: PartnerId,
    kind: MigrationKind,
    origin: Version,
    target: Version,
    triggers: Vec<Trigger>,
    compatibility: Option<Compatibility>,
    contracts: Option<Contracts>,
    severity: Option<Severity>,
    window: W,
}

impl Notice {
    /// A builder for the notice of `partner`'s migration of `kind` from `origin` (its
    /// current stable version, the fallback target) to `target`.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{DateTime, Utc};
    /// use kwanus_migration::{Compatibility, MigrationKind, Notice, PartnerId, Trigger};
    /// use semver::Version;
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let opens: DateTime<Utc> = "2026-03-02T09:00:00Z".parse()?;
    ///     let notice = Notice::builder(
    ///         PartnerId::new("acme-billing")?,
    ///         MigrationKind::WorkflowVersion,
    ///         Version::new(1, 4, 2),
    ///         Version::new(2, 0, 0),
    ///     )
    ///     .trigger(Trigger::WorkflowDeprecation)
    ///     .compatibility(Compatibility::Breaking)
    ///     .window_days(opens, 90)
    ///     .build();
    ///     assert_eq!(notice.triggers, [Trigger::WorkflowDeprecation]);
    ///     assert_eq!(notice.contracts, None);
    ///     Ok(())
    /// }
    /// ```
    pub fn builder(
        partner: PartnerId,
        kind: MigrationKind,
        origin: Version,
        target: Version,
    ) -> NoticeBuilder {
        NoticeBuilder {
            partner,
            kind,
            origin,
            target,
            triggers: Vec::new(),
            compatibility: None,
            contracts: None,
            severity: None,
            window: NoWindow,
        }
    }
}

impl<W> NoticeBuilder<W> {
    /// Adds a trigger (why the migration happens). The builder keeps the triggers sorted
    /// and without repeats (as the record stores them); the notice needs at least one, which
    /// [`Migration::open`](crate::Migration::open) checks.
    pub fn trigger(mut self, trigger: Trigger) -> Self {
        if let Err(i) = self.triggers.binary_search(&trigger) {
            self.triggers.insert(i, trigger);
        }
        self
    }

    /// Adds every trigger of `triggers`, as [`trigger`](NoticeBuilder::trigger) does.
    pub fn triggers(self, triggers: impl IntoIterator<Item = Trigger>) -> Self {
        triggers.into_iter().fold(self, Self::trigger)
    }

    /// The evidence: the partner's contract at the origin and the one planned for the
    /// target, from which the flow computes compatibility. Required for kinds with a
    /// contract ([`MigrationKind::has_contract`]).
    pub fn contracts(mut self, contracts: Contracts) -> Self {
        self.contracts = Some(contracts);
        self
    }

    /// What the caller declares about compatibility; required without contracts (see
    /// [`Notice::compatibility`]).
    pub fn compatibility(mut self, compatibility: Compatibility) -> Self {
        self.compatibility = Some(compatibility);
        self
    }

    /// For forced triggers: how serious the violation is (it sets the remediation deadline).
    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = Some(severity);
        self
    }

    /// The migration window.
    pub fn window(self, window: Window) -> NoticeBuilder<Window> {
        NoticeBuilder {
            partner: self.partner,
            kind: self.kind,
            origin: self.origin,
            target: self.target,
            triggers: self.triggers,
            compatibility: self.compatibility,
            contracts: self.contracts,
            severity: self.severity,
            window,
        }
    }

    /// The migration window that opens at `opens` and closes `days` days later
    /// ([`Window::days`]).
    pub fn window_days(self, opens: DateTime<Utc>, days: u32) -> NoticeBuilder<Window> {
        self.window(Window::days(opens, days))
    }
}

impl NoticeBuilder<Window> {
    /// The notice. Nothing is checked here: [`Migration::open`](crate::Migration::open)
    /// checks it.
    #[must_use]
    pub fn build(self) -> Notice {
        Notice {
            partner: self.partner,
            triggers: self.triggers,
            kind: self.kind,
            compatibility: self.compatibility,
            contracts: self.contracts,
            origin: self.origin,
            target: self.target,
            window: self.window,
            severity: self.severity,
        }
    }
}

/// A [`Release`] under construction: [`Release::builder`].
///
/// The version is the builder's argument and the [`Evidence`] is required before
/// [`build`](ReleaseBuilder::build); the canary share is 0 % and no compatibility is
/// declared unless set. Writing a release through its builder is the way to write code that
/// keeps compiling when `Release` gains a field.
#[derive(Debug, Clone)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct ReleaseBuilder<E = NoEvidence> {
    version: Version,
    compatibility: Option<Compatibility>,
    canary_percent: u8,
    evidence: E,
}

impl Release {
    /// A builder for the release of `version` (the migration's target).
    ///
    /// # Examples
    ///
    /// ```
    /// use kwanus_migration::{Evidence, Release};
    /// use semver::Version;
    ///
    /// fn main() {
    ///     let release = Release::builder(Version::new(2, 0, 0))
    ///         .canary_percent(5)
    ///         .evidence(Evidence::builder(Version::new(8, 1, 0)).build())
    ///         .build();
    ///     assert_eq!((release.canary_percent, release.compatibility), (5, None));
    /// }
    /// ```
    pub fn builder(version: Version) -> ReleaseBuilder {
        ReleaseBuilder {
            version,
            compatibility: None,
            canary_percent: 0,
            evidence: NoEvidence,
        }
    }
}

impl<E> ReleaseBuilder<E> {
    /// What the caller declares about the release's compatibility; with a contract the flow
    /// computes it and refuses a contradicting declaration.
    pub fn compatibility(mut self, compatibility: Compatibility) -> Self {
        self.compatibility = Some(compatibility);
        self
    }

    /// The share of the partner's users exposed as a canary while the release is shielded,
    /// in percent (0 unless set); at most
    /// [`Policy::max_canary_percent`](crate::Policy::max_canary_percent).
    pub fn canary_percent(mut self, percent: u8) -> Self {
        self.canary_percent = percent;
        self
    }

    /// The evidence validation computes from ([`Evidence::builder`]).
    pub fn evidence(self, evidence: Evidence) -> ReleaseBuilder<Evidence> {
        ReleaseBuilder {
            version: self.version,
            compatibility: self.compatibility,
            canary_percent: self.canary_percent,
            evidence,
        }
    }
}

impl ReleaseBuilder<Evidence> {
    /// The release. Nothing is checked here:
    /// [`Migration::transition`](crate::Migration::transition) checks it.
    #[must_use]
    pub fn build(self) -> Release {
        Release {
            version: self.version,
            compatibility: self.compatibility,
            canary_percent: self.canary_percent,
            evidence: self.evidence,
        }
    }
}

/// An [`Evidence`] under construction: [`Evidence::builder`].
///
/// The OS version is the builder's argument; without the other calls the evidence has no
/// contract, empty grants, no runtime and nothing served during the fallback. Writing
/// evidence through its builder is the way to write code that keeps compiling when
/// `Evidence` gains a field.
#[derive(Debug, Clone)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct EvidenceBuilder {
    evidence: Evidence,
}

impl Evidence {
    /// A builder for the evidence of a release that runs on `os_version` after the
    /// migration.
    ///
    /// # Examples
    ///
    /// ```
    /// use kwanus_migration::permission::PermissionSet;
    /// use kwanus_migration::rules::{ComponentKind, RuntimeUse};
    /// use kwanus_migration::{Evidence, Grants};
    /// use semver::Version;
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let current: PermissionSet = "read:invoices/*".parse()?;
    ///     let evidence = Evidence::builder(Version::new(8, 1, 0))
    ///         .grants(Grants::new(current.clone(), current))
    ///         .runtime(RuntimeUse {
    ///             component: "billing-ui".into(),
    ///             kind: ComponentKind::Extension,
    ///             runtime: "wasm".into(),
    ///             version: Version::new(3, 1, 0),
    ///         })
    ///         .fallback_api("get_invoice")
    ///         .fallback_workflow("sync")
    ///         .build();
    ///     assert_eq!(evidence.fallback_apis, ["get_invoice"]);
    ///     assert_eq!(evidence.contract, None);
    ///     Ok(())
    /// }
    /// ```
    pub fn builder(os_version: Version) -> EvidenceBuilder {
        EvidenceBuilder {
            evidence: Evidence {
                contract: None,
                grants: Grants::default(),
                runtimes: Vec::new(),
                fallback_apis: Vec::new(),
                fallback_workflows: Vec::new(),
                os_version,
            },
        }
    }
}

impl EvidenceBuilder {
    /// The contract as built, at the released version; required when the notice carried
    /// contracts.
    pub fn contract(mut self, contract: Contract) -> Self {
        self.evidence.contract = Some(contract);
        self
    }

    /// The grants, checked against the platform's power ceiling.
    pub fn grants(mut self, grants: Grants) -> Self {
        self.evidence.grants = grants;
        self
    }

    /// Adds a runtime one of the partner's components runs on after the migration.
    pub fn runtime(mut self, runtime: RuntimeUse) -> Self {
        self.evidence.runtimes.push(runtime);
        self
    }

    /// Adds an operation id of the old contract still served while the fallback is in place.
    pub fn fallback_api(mut self, operation: impl Into<String>) -> Self {
        self.evidence.fallback_apis.push(operation.into());
        self
    }

    /// Adds a workflow id of the old contract still running while the fallback is in place.
    pub fn fallback_workflow(mut self, workflow: impl Into<String>) -> Self {
        self.evidence.fallback_workflows.push(workflow.into());
        self
    }

    /// The evidence. Nothing is checked here: validation computes from it.
    #[must_use]
    pub fn build(self) -> Evidence {
        self.evidence
    }
}

/// An [`Attestation`] under construction: [`Attestation::builder`].
///
/// What was run, its verdict and dimension, who attests it and when are the builder's
/// arguments; where the evidence is is required before [`build`](AttestationBuilder::build)
/// (an attestation without it never counts); the attesting body is optional. Writing an
/// attestation through its builder is the way to write code that keeps compiling when
/// `Attestation` gains a field.
#[derive(Debug, Clone)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct AttestationBuilder<E = NoEvidence> {
    dimension: Dimension,
    verdict: Verdict,
    check: String,
    by: String,
    at: DateTime<Utc>,
    body: Option<GovernanceBody>,
    evidence: E,
}

impl Attestation {
    /// A builder for the attestation that `check`, run by `by` at `at`, gives `verdict` for
    /// `dimension`.
    ///
    /// Nothing is checked here: validation refuses an attestation with a
    /// [defect](Attestation::defect_within).
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{DateTime, Utc};
    /// use kwanus_migration::{Attestation, Dimension, GovernanceBody, Verdict};
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let at: DateTime<Utc> = "2026-03-05T09:00:00Z".parse()?;
    ///     let review = Attestation::builder(Dimension::Permission, Verdict::Pass, "security review", "sco-duty", at)
    ///         .body(GovernanceBody::Sco)
    ///         .evidence("SEC-7")
    ///         .build();
    ///     assert_eq!(review.defect(at), None);
    ///     Ok(())
    /// }
    /// ```
    pub fn builder(
        dimension: Dimension,
        verdict: Verdict,
        check: impl Into<String>,
        by: impl Into<String>,
        at: DateTime<Utc>,
    ) -> AttestationBuilder {
        AttestationBuilder {
            dimension,
            verdict,
            check: check.into(),
            by: by.into(),
            at,
            body: None,
            evidence: NoEvidence,
        }
    }
}

impl<E> AttestationBuilder<E> {
    /// The governance body that attests, when a body does (a security review is SCO's).
    pub fn body(mut self, body: GovernanceBody) -> Self {
        self.body = Some(body);
        self
    }

    /// Where the evidence is (a URL, a ticket, a report id); must not be blank.
    pub fn evidence(self, evidence: impl Into<String>) -> AttestationBuilder<String> {
        AttestationBuilder {
            dimension: self.dimension,
            verdict: self.verdict,
            check: self.check,
            by: self.by,
            at: self.at,
            body: self.body,
            evidence: evidence.into(),
        }
    }
}

impl AttestationBuilder<String> {
    /// The attestation.
    #[must_use]
    pub fn build(self) -> Attestation {
        Attestation {
            dimension: self.dimension,
            verdict: self.verdict,
            check: self.check,
            by: self.by,
            body: self.body,
            at: self.at,
            evidence: self.evidence,
        }
    }
}

impl Platform {
    /// The platform's facts: the compatibility `matrix`, the `supported_runtimes`, the verb
    /// `catalog`, and this partner's `version_ceiling` and `power_ceiling`.
    ///
    /// There is no default: an empty matrix, no runtime and empty ceilings would fail every
    /// validation. Calling `new` is the way to write code that keeps compiling when
    /// `Platform` gains a field.
    ///
    /// # Examples
    ///
    /// ```
    /// use kwanus_migration::permission::Catalog;
    /// use kwanus_migration::rules::{CompatibilityMatrix, MatrixRow, RuntimeSupport};
    /// use kwanus_migration::Platform;
    /// use semver::Version;
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let platform = Platform::new(
    ///         CompatibilityMatrix { rows: vec![MatrixRow { partner: "^2".parse()?, os: "^8".parse()? }] },
    ///         vec![RuntimeSupport { runtime: "wasm".into(), versions: "^3".parse()? }],
    ///         Catalog::default(),
    ///         Version::new(2, 9, 0),
    ///         "read:invoices/*, write:invoices/*".parse()?,
    ///     );
    ///     assert_eq!(platform.version_ceiling, Version::new(2, 9, 0));
    ///     Ok(())
    /// }
    /// ```
    #[must_use]
    pub fn new(
        matrix: CompatibilityMatrix,
        supported_runtimes: Vec<RuntimeSupport>,
        catalog: Catalog,
        version_ceiling: Version,
        power_ceiling: PermissionSet,
    ) -> Platform {
        Platform {
            matrix,
            supported_runtimes,
            catalog,
            version_ceiling,
            power_ceiling,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triggers_are_sorted_without_repeats() {
        let b = Notice::builder(
            PartnerId::new("p").unwrap_or_else(|_| unreachable!()),
            MigrationKind::ApiVersion,
            Version::new(1, 0, 0),
            Version::new(2, 0, 0),
        )
        .triggers([
            Trigger::SecurityViolation,
            Trigger::ApiDeprecation,
            Trigger::SecurityViolation,
        ]);
        let mut expected = vec![Trigger::SecurityViolation, Trigger::ApiDeprecation];
        expected.sort();
        let notice = b.window_days(DateTime::<Utc>::UNIX_EPOCH, 1).build();
        assert_eq!(notice.triggers, expected);
    }

    #[test]
    fn a_window_of_days_saturates() {
        let w = Window::days(DateTime::<Utc>::MAX_UTC, 1);
        assert_eq!(w.closes, DateTime::<Utc>::MAX_UTC);
    }
}
