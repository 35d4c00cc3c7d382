//! What scoring says: the full [`HealthReport`] with its breakdown, and its verdict alone
//! ([`HealthVerdict`]).

use core::fmt;

use super::band::HealthScore;
use super::component::Component;
use crate::band::{Action, Band};

/// The version of the scoring model; stamped on every report so an old report can be
/// reproduced with the same rules.
pub const MODEL_VERSION: u32 = 1;

/// Why a component scored as it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum ComponentStatus {
    /// Observed and at or above the critical floor.
    Observed,
    /// Observed below [`Policy::critical_floor`]: caps the band at At Risk.
    ///
    /// [`Policy::critical_floor`]: crate::policy::Policy::critical_floor
    BelowCriticalFloor,
    /// Not observed: counted as 0.
    Missing,
    /// Not observed, and critical: counted as 0 and caps the band at At Risk.
    MissingCritical,
}

impl fmt::Display for ComponentStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ComponentStatus::Observed => "observed",
            ComponentStatus::BelowCriticalFloor => {
                "below the critical floor, band capped at at risk"
            }
            ComponentStatus::Missing => "missing, counted as 0",
            ComponentStatus::MissingCritical => "missing, counted as 0, band capped at at risk",
        })
    }
}

/// One line of a report's breakdown.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ComponentScore {
    /// Which component.
    pub component: Component,
    /// The value given, if any.
    pub raw: Option<f64>,
    /// The value used (0 when missing).
    pub used: f64,
    /// The component's share of the total weight (0–1).
    pub weight: f64,
    /// Points contributed to the score: `used × weight`.
    pub points: f64,
    /// Why.
    pub status: ComponentStatus,
}

/// The result of [`score`]. Holds no heap data, so a fleet can be scored without allocating.
///
/// It serializes (to store or show it) but never deserializes: the flow's Stabilization
/// step trusts a report, so the only way to get one is to score. To reproduce an old
/// report, score its breakdown's raw values again under the same policy and
/// [`MODEL_VERSION`].
///
/// [`score`]: super::score
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HealthReport {
    // pub(super) for `Scorer::report` (scorer.rs), the only maker of a report; still private
    // outside `health`, as before the split
    pub(super) score: HealthScore,
    pub(super) band: Band,
    pub(super) action: Action,
    pub(super) observed_weight: f64,
    pub(super) insufficient_data: bool,
    pub(super) gated: bool,
    pub(super) breakdown: [ComponentScore; 4],
    pub(super) model_version: u32,
}

impl HealthReport {
    /// The score, 0–100.
    #[must_use]
    pub const fn score(&self) -> HealthScore {
        self.score
    }
    /// The band, after the hard gate.
    #[must_use]
    pub const fn band(&self) -> Band {
        self.band
    }
    /// The action: the band's, or "review required" for insufficient data when that is
    /// more severe.
    #[must_use]
    pub const fn action(&self) -> Action {
        self.action
    }
    /// The share (0–1) of the total weight that was observed.
    #[must_use]
    pub const fn observed_weight(&self) -> f64 {
        self.observed_weight
    }
    /// Whether the observed weight is below [`Policy::min_observed_weight`].
    ///
    /// [`Policy::min_observed_weight`]: crate::policy::Policy::min_observed_weight
    #[must_use]
    pub const fn insufficient_data(&self) -> bool {
        self.insufficient_data
    }
    /// Whether the hard gate capped the band.
    #[must_use]
    pub const fn gated(&self) -> bool {
        self.gated
    }
    /// The per-component breakdown, in [`Component::ALL`] order.
    #[must_use]
    pub const fn breakdown(&self) -> &[ComponentScore; 4] {
        &self.breakdown
    }
    /// The version of the scoring model that made this report ([`MODEL_VERSION`]).
    #[must_use]
    pub const fn model_version(&self) -> u32 {
        self.model_version
    }
}

impl fmt::Display for HealthReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "health {}/100: {} ({}), observed weight {:.0}%, model v{}",
            self.score,
            self.band,
            self.action,
            self.observed_weight * 100.0,
            self.model_version
        )?;
        if self.insufficient_data {
            f.write_str(", insufficient data")?;
        }
        for c in &self.breakdown {
            let raw = match c.raw {
                Some(v) => format!("{v:6.2}"),
                None => format!("{:>6}", "—"),
            };
            write!(
                f,
                "\n  {:<17}{raw} × {:.2} = {:5.2}  {}",
                c.component.to_string(),
                c.weight,
                c.points,
                c.status
            )?;
        }
        Ok(())
    }
}

/// The verdict of a score without its breakdown: what a fleet scan needs.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub struct HealthVerdict {
    /// The score.
    pub score: HealthScore,
    /// The band, after the hard gate.
    pub band: Band,
    /// The action.
    pub action: Action,
    /// Whether the observed weight is below the policy minimum.
    pub insufficient_data: bool,
    /// Whether the hard gate capped the band.
    pub gated: bool,
}

impl HealthReport {
    /// The verdict without the breakdown.
    #[must_use]
    pub const fn verdict(&self) -> HealthVerdict {
        HealthVerdict {
            score: self.score,
            band: self.band,
            action: self.action,
            insufficient_data: self.insufficient_data,
            gated: self.gated,
        }
    }
}
