//! Migration kinds (playbook §3) and categories (framework §2).

use crate::dimension::Dimension;

vocabulary! {
    /// The scope of a change: every migration type and sub-type of the playbook (§3).
    ///
    /// > 1. Version Migration — OS version, API version, workflow version migration
    /// > 2. Tier Migration — tier upgrades, tier downgrades
    /// > 3. Runtime Migration — extension, workflow, intelligence runtime migration
    /// > 4. Permission Migration — permission reduction, permission expansion (governed),
    /// >    permission restructuring
    /// > 5. Workflow Migration — workflow trigger, handler, permission migration
    ///
    /// [`MigrationKind::category`] maps each to one of the framework's five categories.
    ///
    /// ```
    /// use kwanus_migration::{Category, MigrationKind};
    ///
    /// fn main() {
    ///     assert_eq!(MigrationKind::OsVersion.category(), Category::Structural);
    ///     assert_eq!(MigrationKind::PermissionExpansion.category(), Category::Permission);
    ///     assert_eq!(MigrationKind::IntelligenceRuntime.category(), Category::Intelligence);
    /// }
    /// ```
    #[derive(PartialOrd, Ord)]
    pub enum MigrationKind: Display {
        /// Version migration: "OS version migration".
        OsVersion = "os_version",
        /// Version migration: "API version migration".
        ApiVersion = "api_version",
        /// Version migration: "workflow version migration".
        WorkflowVersion = "workflow_version",
        /// Tier migration: "tier upgrades".
        TierUpgrade = "tier_upgrade",
        /// Tier migration: "tier downgrades".
        TierDowngrade = "tier_downgrade",
        /// Runtime migration: "extension runtime migration".
        ExtensionRuntime = "extension_runtime",
        /// Runtime migration: "workflow runtime migration".
        WorkflowRuntime = "workflow_runtime",
        /// Runtime migration: "intelligence runtime migration".
        IntelligenceRuntime = "intelligence_runtime",
        /// Permission migration: "permission reduction".
        PermissionReduction = "permission_reduction",
        /// Permission migration: "permission expansion (governed)"; needs SCO approval.
        PermissionExpansion = "permission_expansion",
        /// Permission migration: "permission restructuring"; must not widen effective access.
        PermissionRestructuring = "permission_restructuring",
        /// Workflow migration: "workflow trigger migration".
        WorkflowTrigger = "workflow_trigger",
        /// Workflow migration: "workflow handler migration".
        WorkflowHandler = "workflow_handler",
        /// Workflow migration: "workflow permission migration".
        WorkflowPermission = "workflow_permission",
    }
}

vocabulary! {
    /// The playbook's five migration types, the families of [`MigrationKind`].
    #[derive(PartialOrd, Ord)]
    pub enum KindFamily: Display {
        /// "Version Migration".
        Version = "version",
        /// "Tier Migration".
        Tier = "tier",
        /// "Runtime Migration".
        Runtime = "runtime",
        /// "Permission Migration".
        Permission = "permission",
        /// "Workflow Migration".
        Workflow = "workflow",
    }
}

impl MigrationKind {
    /// The playbook migration type this sub-type belongs to.
    #[must_use]
    pub const fn family(self) -> KindFamily {
        use MigrationKind as K;
        match self {
            K::OsVersion | K::ApiVersion | K::WorkflowVersion => KindFamily::Version,
            K::TierUpgrade | K::TierDowngrade => KindFamily::Tier,
            K::ExtensionRuntime | K::WorkflowRuntime | K::IntelligenceRuntime => {
                KindFamily::Runtime
            }
            K::PermissionReduction | K::PermissionExpansion | K::PermissionRestructuring => {
                KindFamily::Permission
            }
            K::WorkflowTrigger | K::WorkflowHandler | K::WorkflowPermission => KindFamily::Workflow,
        }
    }

    /// The framework category (§2) that governs this kind.
    ///
    /// The mapping, a documented reading of the two seeds:
    ///
    /// | kind | category |
    /// |---|---|
    /// | OS / API version, extension runtime | structural |
    /// | tier upgrade / downgrade | capability |
    /// | permission reduction / expansion / restructuring, workflow permission | permission |
    /// | workflow version, workflow runtime, workflow trigger / handler | workflow |
    /// | intelligence runtime | intelligence |
    #[must_use]
    pub const fn category(self) -> Category {
        use MigrationKind as K;
        match self {
            K::OsVersion | K::ApiVersion | K::ExtensionRuntime => Category::Structural,
            K::TierUpgrade | K::TierDowngrade => Category::Capability,
            K::PermissionReduction
            | K::PermissionExpansion
            | K::PermissionRestructuring
            | K::WorkflowPermission => Category::Permission,
            K::WorkflowVersion | K::WorkflowRuntime | K::WorkflowTrigger | K::WorkflowHandler => {
                Category::Workflow
            }
            K::IntelligenceRuntime => Category::Intelligence,
        }
    }

    /// Whether a migration of this kind changes a partner-facing contract (OS, API and
    /// workflow versions, workflow triggers and handlers): its notice and release then carry
    /// the contracts, and the flow computes compatibility and the required bump from them.
    #[must_use]
    pub const fn has_contract(self) -> bool {
        matches!(
            self,
            MigrationKind::OsVersion
                | MigrationKind::ApiVersion
                | MigrationKind::WorkflowVersion
                | MigrationKind::WorkflowTrigger
                | MigrationKind::WorkflowHandler
        )
    }

    /// Whether the change touches workflows, so "workflow changes" documentation is required
    /// (playbook §7) and ERC oversight applies.
    #[must_use]
    pub const fn touches_workflows(self) -> bool {
        matches!(
            self,
            MigrationKind::WorkflowVersion
                | MigrationKind::WorkflowRuntime
                | MigrationKind::WorkflowTrigger
                | MigrationKind::WorkflowHandler
                | MigrationKind::WorkflowPermission
        )
    }

    /// Whether the change touches permissions, so "permission changes" documentation is
    /// required (playbook §7) and SCO oversight applies.
    #[must_use]
    pub const fn touches_permissions(self) -> bool {
        matches!(
            self,
            MigrationKind::PermissionReduction
                | MigrationKind::PermissionExpansion
                | MigrationKind::PermissionRestructuring
                | MigrationKind::WorkflowPermission
                | MigrationKind::TierUpgrade
                | MigrationKind::TierDowngrade
        )
    }

    /// Whether the change moves runtimes (playbook §3, runtime migration: extension,
    /// workflow, intelligence runtime).
    #[must_use]
    pub const fn touches_runtimes(self) -> bool {
        matches!(self.family(), KindFamily::Runtime)
    }

    /// Whether a migration of this kind involves `dimension` by its kind alone: validation
    /// then needs the evidence that dimension rests on, and without it the dimension is
    /// [unverified](crate::Verdict::Unverified) (unless attested), never
    /// [not applicable](crate::Verdict::NotApplicable).
    ///
    /// Derived from the playbook's types (§3) and the framework's categories (§2, "each
    /// category governs a different dimension of transition"):
    ///
    /// | dimension | involved by |
    /// |---|---|
    /// | version | every kind (every migration is a versioned release, playbook §5) |
    /// | structure | every kind (its contract or its runtimes, and governance oversight) |
    /// | capability | every kind (the fallback: what the partner can still do, playbook §6) |
    /// | permission | the kinds that change grants: permission reduction, expansion and restructuring, workflow permission, tier upgrade and downgrade |
    /// | workflow | the workflow kinds: workflow version, workflow runtime, workflow trigger, handler and permission |
    /// | intelligence | intelligence runtime |
    ///
    /// Evidence can involve a dimension the kind does not: [`rules::validate`](crate::rules::validate)
    /// also judges permissions when the contracts' permissions differ or grants are given,
    /// workflows when a contract has workflows or a workflow component is among the
    /// runtimes, and intelligence when an intelligence component is.
    ///
    /// ```
    /// use kwanus_migration::{Dimension, MigrationKind};
    ///
    /// fn main() {
    ///     assert!(MigrationKind::PermissionExpansion.involves(Dimension::Permission));
    ///     assert!(!MigrationKind::ApiVersion.involves(Dimension::Permission));
    ///     assert!(MigrationKind::WorkflowRuntime.involves(Dimension::Workflow));
    ///     assert!(MigrationKind::IntelligenceRuntime.involves(Dimension::Intelligence));
    ///     assert!(MigrationKind::TierDowngrade.involves(Dimension::Capability));
    /// }
    /// ```
    #[must_use]
    pub const fn involves(self, dimension: Dimension) -> bool {
        match dimension {
            Dimension::Version | Dimension::Structure | Dimension::Capability => true,
            Dimension::Permission => self.touches_permissions(),
            Dimension::Workflow => self.touches_workflows(),
            Dimension::Intelligence => matches!(self, MigrationKind::IntelligenceRuntime),
        }
    }
}

vocabulary! {
    /// The framework's five migration categories (§2): "Each category governs a different
    /// dimension of transition."
    #[derive(PartialOrd, Ord)]
    pub enum Category: Display {
        /// "Structural Migration": versions, APIs, extension runtimes.
        Structural = "structural",
        /// "Capability Migration": tiers and what a partner may do.
        Capability = "capability",
        /// "Permission Migration".
        Permission = "permission",
        /// "Workflow Migration".
        Workflow = "workflow",
        /// "Intelligence Migration".
        Intelligence = "intelligence",
    }
}

impl Category {
    /// The governance body with authority over this category.
    ///
    /// The framework (§6): "TSC → Structural authority. ERC → Workflow authority. SCO →
    /// Permission authority." The seeds name no authority for capability and intelligence
    /// migrations; as the body for the ecosystem, CGB governs both (a documented default).
    ///
    /// ```
    /// use kwanus_migration::{Category, GovernanceBody};
    ///
    /// fn main() {
    ///     assert_eq!(Category::Permission.governing_body(), GovernanceBody::Sco);
    /// }
    /// ```
    #[must_use]
    pub const fn governing_body(self) -> crate::governance::GovernanceBody {
        use crate::governance::GovernanceBody as G;
        match self {
            Category::Structural => G::Tsc,
            Category::Permission => G::Sco,
            Category::Workflow => G::Erc,
            Category::Capability | Category::Intelligence => G::Cgb,
        }
    }
}
