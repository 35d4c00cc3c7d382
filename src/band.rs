//! The framework's health table as vocabulary (framework §8): the [`Band`]s and the
//! [`Action`] each calls for. The score and the band of a score under a policy's edges live in
//! [`health`](crate::health); the bands live here, below [`Policy`](crate::Policy), so that a
//! policy can name one ([`Policy::completion_band`](crate::Policy::completion_band)).

use core::fmt;

vocabulary! {
    /// A status of the framework's health table. Ordered worst first, so `a.min(b)` is the worse.
    #[derive(PartialOrd, Ord)]
    pub enum Band {
        /// 0–39: forced restriction.
        Unstable = "unstable",
        /// 40–59: fallback / throttling.
        AtRisk = "at_risk",
        /// 60–74: review required.
        Vulnerable = "vulnerable",
        /// 75–89: standard monitoring.
        Reliable = "reliable",
        /// 90–100: optimal transition.
        Stable = "stable",
    }
}

impl Band {
    /// The action the framework's table prescribes for this band.
    #[must_use]
    pub const fn action(self) -> Action {
        match self {
            Band::Stable => Action::OptimalTransition,
            Band::Reliable => Action::StandardMonitoring,
            Band::Vulnerable => Action::ReviewRequired,
            Band::AtRisk => Action::FallbackOrThrottle,
            Band::Unstable => Action::ForcedRestriction,
        }
    }

    /// The next worse band, if any.
    #[must_use]
    pub const fn next_lower(self) -> Option<Band> {
        match self {
            Band::Stable => Some(Band::Reliable),
            Band::Reliable => Some(Band::Vulnerable),
            Band::Vulnerable => Some(Band::AtRisk),
            Band::AtRisk => Some(Band::Unstable),
            Band::Unstable => None,
        }
    }
}

impl fmt::Display for Band {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Band::Stable => "stable",
            Band::Reliable => "reliable",
            Band::Vulnerable => "vulnerable",
            Band::AtRisk => "at risk",
            Band::Unstable => "unstable",
        })
    }
}

/// What to do about a migration's health: the "Action" column of the framework's table.
/// Ordered mildest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Action {
    /// "Optimal Transition": carry on.
    OptimalTransition,
    /// "Standard Monitoring".
    StandardMonitoring,
    /// "Review Required" (also the action for insufficient data).
    ReviewRequired,
    /// "Fallback / Throttling".
    FallbackOrThrottle,
    /// "Forced Restriction".
    ForcedRestriction,
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Action::OptimalTransition => "optimal transition",
            Action::StandardMonitoring => "standard monitoring",
            Action::ReviewRequired => "review required",
            Action::FallbackOrThrottle => "fallback / throttling",
            Action::ForcedRestriction => "forced restriction",
        })
    }
}
