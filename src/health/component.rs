//! The four components of health (framework §8).

use core::fmt;

vocabulary! {
    /// One of the four health components of the framework (§8).
    #[derive(PartialOrd, Ord)]
    pub enum Component {
        /// Stability.
        Stability = "stability",
        /// Compatibility.
        Compatibility = "compatibility",
        /// Sustainability.
        Sustainability = "sustainability",
        /// Ecosystem impact.
        EcosystemImpact = "ecosystem_impact",
    }
}

impl Component {
    /// Whether a value below [`Policy::critical_floor`](crate::Policy::critical_floor) caps the band (a hard gate).
    #[must_use]
    pub const fn is_critical(self) -> bool {
        matches!(self, Component::Stability | Component::Compatibility)
    }
}

impl fmt::Display for Component {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Component::Stability => "stability",
            Component::Compatibility => "compatibility",
            Component::Sustainability => "sustainability",
            Component::EcosystemImpact => "ecosystem impact",
        })
    }
}
