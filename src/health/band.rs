//! The score and its band: [`HealthScore`], and the band of a score under a policy's edges
//! ([`Band::of`]; the [`Band`] and its [`Action`](crate::Action) are declared with the
//! vocabulary, in `src/band.rs`, so that [`Policy`] can name a band).

use core::fmt;

use crate::band::Band;
use crate::policy::Policy;

use super::error::{check_value, HealthError};

/// A health score in 0–100 (never NaN).
///
/// ```
/// use kwanus_migration::HealthScore;
///
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     assert_eq!(HealthScore::new(89.5)?.value(), 89.5);
///     assert!(HealthScore::new(100.5).is_err());
///     assert!(HealthScore::new(f64::NAN).is_err());
///     Ok(())
/// }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "f64", into = "f64")
)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(extend("minimum" = 0, "maximum" = 100))
)]
pub struct HealthScore(pub(super) f64);

impl HealthScore {
    /// The lowest score.
    pub const MIN: HealthScore = HealthScore(0.0);
    /// The highest score.
    pub const MAX: HealthScore = HealthScore(100.0);

    /// Checks and wraps a score.
    ///
    /// # Errors
    ///
    /// [`HealthError::NotFinite`] for NaN or infinities, [`HealthError::OutOfRange`] outside
    /// 0–100.
    pub fn new(value: f64) -> Result<HealthScore, HealthError> {
        check_value(None, value).map(HealthScore)
    }

    /// The score as a number.
    #[must_use]
    pub const fn value(self) -> f64 {
        self.0
    }
}

impl TryFrom<f64> for HealthScore {
    type Error = HealthError;
    fn try_from(v: f64) -> Result<Self, HealthError> {
        HealthScore::new(v)
    }
}

impl From<HealthScore> for f64 {
    fn from(s: HealthScore) -> f64 {
        s.0
    }
}

impl fmt::Display for HealthScore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.2}", self.0)
    }
}

impl Band {
    /// The band of `score` under `policy`'s edges (`score >= edge`, no rounding).
    ///
    /// ```
    /// use kwanus_migration::{Band, HealthScore, Policy};
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let p = Policy::default();
    ///     assert_eq!(Band::of(HealthScore::new(90.0)?, &p), Band::Stable);
    ///     assert_eq!(Band::of(HealthScore::new(89.5)?, &p), Band::Reliable);
    ///     assert_eq!(Band::of(HealthScore::new(39.99)?, &p), Band::Unstable);
    ///     Ok(())
    /// }
    /// ```
    #[must_use]
    pub fn of(score: HealthScore, policy: &Policy) -> Band {
        Band::ALL[reached(score.0, &edges(policy))]
    }

    /// The lowest score of this band under `policy` (0 for Unstable).
    #[must_use]
    pub fn lower_edge(self, policy: &Policy) -> f64 {
        f64::from(match self {
            Band::Stable => policy.band_stable(),
            Band::Reliable => policy.band_reliable(),
            Band::Vulnerable => policy.band_vulnerable(),
            Band::AtRisk => policy.band_at_risk(),
            Band::Unstable => 0,
        })
    }
}

/// How many of the four lower edges (best band first) `score` reaches, `score >= edge`
/// with no rounding: the index of its band in [`Band::ALL`] (worst first). The one rule
/// [`Band::of`] and the scorer both use. Branchless: the edges are strictly decreasing (the
/// policy checks it).
#[inline]
pub(super) fn reached(score: f64, e: &[f64; 4]) -> usize {
    usize::from(score >= e[3])
        + usize::from(score >= e[2])
        + usize::from(score >= e[1])
        + usize::from(score >= e[0])
}

/// The four lower band edges of `policy`, best band first.
pub(super) fn edges(policy: &Policy) -> [f64; 4] {
    [
        f64::from(policy.band_stable()),
        f64::from(policy.band_reliable()),
        f64::from(policy.band_vulnerable()),
        f64::from(policy.band_at_risk()),
    ]
}
