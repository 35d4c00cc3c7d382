//! Validation dimensions (framework §6).

/// A dimension a migration is validated across.
///
/// The framework (§6): "Validation: Must pass across version, structure, capability,
/// permission, workflow, and intelligence dimensions before stabilization is finalized."
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Dimension {
    /// Version: versioned release, compatibility matrix, no silent breaking change.
    Version,
    /// Structure: API contracts and runtimes.
    Structure,
    /// Capability: what the partner can do after the move.
    Capability,
    /// Permission: the permission boundary.
    Permission,
    /// Workflow: triggers, handlers, governance of workflows.
    Workflow,
    /// Intelligence: intelligence runtimes and components.
    Intelligence,
}

impl Dimension {
    /// All six dimensions; a validation report must cover each of them.
    pub const ALL: [Dimension; 6] = [
        Dimension::Version,
        Dimension::Structure,
        Dimension::Capability,
        Dimension::Permission,
        Dimension::Workflow,
        Dimension::Intelligence,
    ];

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
