//! Migration triggers (playbook §2).

/// What starts a migration.
///
/// The playbook (§2, "Migration Triggers") lists three groups of triggers:
///
/// > **Required:** major OS version changes, API deprecations, workflow deprecations,
/// > permission changes, runtime changes.
/// > **Optional:** tier upgrades, tier downgrades, capability expansion.
/// > **Forced:** compliance violations, security violations, partner instability.
///
/// [`Trigger::class`] gives the group. The framework adds that a forced migration is
/// "triggered by incompatibility, version mismatch, sustainability collapse"; the health
/// scorer raises [`Trigger::PartnerInstability`] for a metrics collapse.
///
/// ```
/// use kwanus_migration::{Trigger, TriggerClass};
///
/// assert_eq!(Trigger::ApiDeprecation.class(), TriggerClass::Required);
/// assert_eq!(Trigger::TierUpgrade.class(), TriggerClass::Optional);
/// assert_eq!(Trigger::SecurityViolation.class(), TriggerClass::Forced);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum Trigger {
    /// "major OS version changes" (required).
    MajorOsVersionChange,
    /// "API deprecations" (required).
    ApiDeprecation,
    /// "workflow deprecations" (required).
    WorkflowDeprecation,
    /// "permission changes" (required).
    PermissionChange,
    /// "runtime changes" (required).
    RuntimeChange,
    /// "tier upgrades" (optional).
    TierUpgrade,
    /// "tier downgrades" (optional).
    TierDowngrade,
    /// "capability expansion" (optional).
    CapabilityExpansion,
    /// "compliance violations" (forced).
    ComplianceViolation,
    /// "security violations" (forced).
    SecurityViolation,
    /// "partner instability" (forced); also raised by a health collapse.
    PartnerInstability,
}

impl Trigger {
    /// Every trigger of the playbook, in the playbook's order.
    pub const ALL: [Trigger; 11] = [
        Trigger::MajorOsVersionChange,
        Trigger::ApiDeprecation,
        Trigger::WorkflowDeprecation,
        Trigger::PermissionChange,
        Trigger::RuntimeChange,
        Trigger::TierUpgrade,
        Trigger::TierDowngrade,
        Trigger::CapabilityExpansion,
        Trigger::ComplianceViolation,
        Trigger::SecurityViolation,
        Trigger::PartnerInstability,
    ];

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
            | Trigger::PartnerInstability => TriggerClass::Forced,
        }
    }

    /// A stable snake_case name, the same as the JSON form.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Trigger::MajorOsVersionChange => "major_os_version_change",
            Trigger::ApiDeprecation => "api_deprecation",
            Trigger::WorkflowDeprecation => "workflow_deprecation",
            Trigger::PermissionChange => "permission_change",
            Trigger::RuntimeChange => "runtime_change",
            Trigger::TierUpgrade => "tier_upgrade",
            Trigger::TierDowngrade => "tier_downgrade",
            Trigger::CapabilityExpansion => "capability_expansion",
            Trigger::ComplianceViolation => "compliance_violation",
            Trigger::SecurityViolation => "security_violation",
            Trigger::PartnerInstability => "partner_instability",
        }
    }
}

impl core::fmt::Display for Trigger {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The group of a [`Trigger`]: the playbook's required, optional and forced triggers.
///
/// Ordered by urgency: `Optional < Required < Forced`. The class of a migration with several
/// triggers is the most urgent of them ([`TriggerClass::of`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum TriggerClass {
    /// "Optional Migration Triggers": the partner chooses to migrate.
    Optional,
    /// "Required Migration Triggers": the platform changed; the partner must migrate.
    Required,
    /// "Forced Migration Triggers": a violation or instability; migration is imposed.
    Forced,
}

impl TriggerClass {
    /// The most urgent class among `triggers`, or `None` for an empty slice.
    ///
    /// ```
    /// use kwanus_migration::{Trigger, TriggerClass};
    ///
    /// let class = TriggerClass::of(&[Trigger::TierUpgrade, Trigger::SecurityViolation]);
    /// assert_eq!(class, Some(TriggerClass::Forced));
    /// assert_eq!(TriggerClass::of(&[]), None);
    /// ```
    #[must_use]
    pub fn of(triggers: &[Trigger]) -> Option<TriggerClass> {
        triggers.iter().map(|t| t.class()).max()
    }
}
