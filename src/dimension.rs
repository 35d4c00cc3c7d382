//! Validation dimensions (framework §6).

vocabulary! {
    /// A dimension a migration is validated across.
    ///
    /// The framework (§6): "Validation: Must pass across version, structure, capability,
    /// permission, workflow, and intelligence dimensions before stabilization is finalized."
    #[derive(PartialOrd, Ord)]
    pub enum Dimension: Display {
        /// Version: versioned release, compatibility matrix, no silent breaking change.
        Version = "version",
        /// Structure: API contracts and runtimes.
        Structure = "structure",
        /// Capability: what the partner can do after the move.
        Capability = "capability",
        /// Permission: the permission boundary.
        Permission = "permission",
        /// Workflow: triggers, handlers, governance of workflows.
        Workflow = "workflow",
        /// Intelligence: intelligence runtimes and components.
        Intelligence = "intelligence",
    }
}

impl Dimension {
    /// The position of this dimension in [`Dimension::ALL`].
    #[must_use]
    pub const fn index(self) -> usize {
        match self {
            Dimension::Version => 0,
            Dimension::Structure => 1,
            Dimension::Capability => 2,
            Dimension::Permission => 3,
            Dimension::Workflow => 4,
            Dimension::Intelligence => 5,
        }
    }
}
