//! Migration triggers (playbook §2).

vocabulary! {
    /// What starts a migration.
    ///
    /// The playbook (§2, "Migration Triggers") lists three groups of triggers:
    ///
    /// > **Required:** major OS version changes, API deprecations, workflow deprecations,
    /// > permission changes, runtime changes.
    /// > **Optional:** tier upgrades, tier downgrades, capability expansion.
    /// > **Forced:** compliance violations, security violations, partner instability.
    ///
    /// [`Trigger::class`] gives the group. The framework (§3) adds that a forced migration is
    /// "triggered by incompatibility, triggered by version mismatch, triggered by sustainability
    /// collapse": [`Trigger::Incompatibility`], [`Trigger::VersionMismatch`] (both raised on a
    /// live partner by [`rules::detect_live`](crate::rules::detect_live)) and
    /// [`Trigger::SustainabilityCollapse`] (raised by
    /// [`health::detect_collapse`](crate::health::detect_collapse)), all forced.
    ///
    /// ```
    /// use kwanus_migration::{Trigger, TriggerClass};
    ///
    /// fn main() {
    ///     assert_eq!(Trigger::ApiDeprecation.class(), TriggerClass::Required);
    ///     assert_eq!(Trigger::TierUpgrade.class(), TriggerClass::Optional);
    ///     assert_eq!(Trigger::SecurityViolation.class(), TriggerClass::Forced);
    /// }
    /// ```
    #[derive(PartialOrd, Ord)]
    pub enum Trigger: Display {
        /// "major OS version changes" (required).
        MajorOsVersionChange = "major_os_version_change",
        /// "API deprecations" (required).
        ApiDeprecation = "api_deprecation",
        /// "workflow deprecations" (required).
        WorkflowDeprecation = "workflow_deprecation",
        /// "permission changes" (required).
        PermissionChange = "permission_change",
        /// "runtime changes" (required).
        RuntimeChange = "runtime_change",
        /// "tier upgrades" (optional).
        TierUpgrade = "tier_upgrade",
        /// "tier downgrades" (optional).
        TierDowngrade = "tier_downgrade",
        /// "capability expansion" (optional).
        CapabilityExpansion = "capability_expansion",
        /// "compliance violations" (forced).
        ComplianceViolation = "compliance_violation",
        /// "security violations" (forced).
        SecurityViolation = "security_violation",
        /// "partner instability" (forced).
        PartnerInstability = "partner_instability",
        /// Framework §3 "triggered by incompatibility" (forced): a live partner's version no
        /// longer runs on its OS version per the compatibility matrix.
        Incompatibility = "incompatibility",
        /// Framework §3 "triggered by version mismatch" (forced): a live partner runs a version
        /// the compatibility matrix does not list at all.
        VersionMismatch = "version_mismatch",
        /// Framework §3 "triggered by sustainability collapse" (forced): a metrics collapse.
        SustainabilityCollapse = "sustainability_collapse",
    }
}

impl Trigger {
    /// The playbook group this trigger belongs to.
    #[must_use]
    pub const fn class(self) -> TriggerClass {
        match self {
            Trigger::MajorOsVersionChange
            | Trigger::ApiDeprecation
            | Trigger::WorkflowDeprecation
            | Trigger::PermissionChange
            | Trigger::RuntimeChange => TriggerClass::Required,
            Trigger::TierUpgrade | Trigger::TierDowngrade | Trigger::CapabilityExpansion => {
                TriggerClass::Optional
            }
            Trigger::ComplianceViolation
            | Trigger::SecurityViolation
            | Trigger::PartnerInstability
            | Trigger::Incompatibility
            | Trigger::VersionMismatch
            | Trigger::SustainabilityCollapse => TriggerClass::Forced,
        }
    }
}

vocabulary! {
    /// The group of a [`Trigger`]: the playbook's required, optional and forced triggers.
    ///
    /// Ordered by urgency: `Optional < Required < Forced`. The class of a migration with several
    /// triggers is the most urgent of them ([`TriggerClass::of`]).
    #[derive(PartialOrd, Ord)]
    pub enum TriggerClass: Display {
        /// "Optional Migration Triggers": the partner chooses to migrate.
        Optional = "optional",
        /// "Required Migration Triggers": the platform changed; the partner must migrate.
        Required = "required",
        /// "Forced Migration Triggers": a violation or instability; migration is imposed.
        Forced = "forced",
    }
}

impl TriggerClass {
    /// The most urgent class among `triggers`, or `None` for an empty slice.
    ///
    /// ```
    /// use kwanus_migration::{Trigger, TriggerClass};
    ///
    /// fn main() {
    ///     let class = TriggerClass::of(&[Trigger::TierUpgrade, Trigger::SecurityViolation]);
    ///     assert_eq!(class, Some(TriggerClass::Forced));
    ///     assert_eq!(TriggerClass::of(&[]), None);
    /// }
    /// ```
    #[must_use]
    pub fn of(triggers: &[Trigger]) -> Option<TriggerClass> {
        triggers.iter().map(|t| t.class()).max()
    }
}
