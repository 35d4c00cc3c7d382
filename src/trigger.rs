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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    /// "partner instability" (forced).
    PartnerInstability,
    /// Framework §3 "triggered by incompatibility" (forced): a live partner's version no
    /// longer runs on its OS version per the compatibility matrix.
    Incompatibility,
    /// Framework §3 "triggered by version mismatch" (forced): a live partner runs a version
    /// the compatibility matrix does not list at all.
    VersionMismatch,
    /// Framework §3 "triggered by sustainability collapse" (forced): a metrics collapse.
    SustainabilityCollapse,
}

impl Trigger {
    /// Every trigger: the playbook's, in its order, then the framework's three.
    pub const ALL: [Trigger; 14] = [
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
        Trigger::Incompatibility,
        Trigger::VersionMismatch,
        Trigger::SustainabilityCollapse,
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
            | Trigger::PartnerInstability
            | Trigger::Incompatibility
            | Trigger::VersionMismatch
            | Trigger::SustainabilityCollapse => TriggerClass::Forced,
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
            Trigger::Incompatibility => "incompatibility",
            Trigger::VersionMismatch => "version_mismatch",
            Trigger::SustainabilityCollapse => "sustainability_collapse",
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
