//! The health scorer: a plain function from monitoring data to a score, band, action and
//! explanation, with collapse detection and forecasting (framework §7–§8, playbook §4 step 6).
//!
//! # The model
//!
//! Health has four components (framework §8): stability, compatibility, sustainability and
//! ecosystem impact, each a value in 0–100 or missing. The score is the weighted mean with
//! the weights of [`Policy`], **a missing component counting as 0**: unlike scorers that
//! renormalise over what they observed (and so inflate a score by hiding its gaps), a gap can
//! only cost. The report states the observed share of the weight; below
//! [`Policy::min_observed_weight`] it says "insufficient data" and asks for review.
//!
//! The band follows the framework's table exactly, by `score >= edge` with no rounding:
//!
//! | score | band | action |
//! |---|---|---|
//! | 90 ≤ s ≤ 100 | Stable | optimal transition |
//! | 75 ≤ s < 90 | Reliable | standard monitoring |
//! | 60 ≤ s < 75 | Vulnerable | review required |
//! | 40 ≤ s < 60 | At Risk | fallback / throttling |
//! | 0 ≤ s < 40 | Unstable | forced restriction |
//!
//! So 89.5 is Reliable and 89.999 is Reliable: a band is never granted by rounding up.
//!
//! **Hard gate — a deliberate departure from the table.** The framework's table maps the
//! score alone to a band. By default the crate adds a gate: a stability or compatibility
//! value below [`Policy::critical_floor`] (or missing) caps the band at At Risk whatever the
//! mean says, because a partner whose stability has collapsed is not "Reliable" for having
//! good ecosystem numbers (the same reason SLO burn alerts look at the worst signal, not the
//! mean). [`HealthReport::gated`] says when it capped a band. The table's plain reading is a
//! policy away: `Policy::builder().hard_gates(false)` scores by the table alone.
//!
//! Raw monitoring figures become component values through documented functions:
//! [`workflow_reliability`], [`api_error_score`] and [`permission_usage_score`]; see
//! [`Monitoring`] for which feeds which component.
//!
//! # Example
//!
//! ```
//! use kwanus_migration::{health, Band, HealthInputs, Policy};
//!
//! let inputs = HealthInputs {
//!     stability: Some(96.0),
//!     compatibility: Some(88.0),
//!     sustainability: Some(91.0),
//!     ecosystem_impact: None,
//! };
//! let report = health::score(&inputs, &Policy::default())?;
//! // the missing component counts as 0: (96 + 88 + 91 + 0) / 4 = 68.75
//! assert_eq!(report.score().value(), 68.75);
//! assert_eq!(report.band(), Band::Vulnerable);
//! println!("{report}");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! prints
//!
//! ```text
//! health 68.75/100: vulnerable (review required), observed weight 75%, model v1
//!   stability          96.00 × 0.25 = 24.00  observed
//!   compatibility      88.00 × 0.25 = 22.00  observed
//!   sustainability     91.00 × 0.25 = 22.75  observed
//!   ecosystem impact       — × 0.25 =  0.00  missing, counted as 0
//! ```

use core::fmt;

use chrono::{DateTime, Utc};

use crate::policy::Policy;
use crate::trigger::Trigger;

/// The version of the scoring model; stamped on every report so an old report can be
/// reproduced with the same rules.
pub const MODEL_VERSION: u32 = 1;

/// A health score in 0–100 (never NaN).
///
/// ```
/// use kwanus_migration::HealthScore;
///
/// assert_eq!(HealthScore::new(89.5)?.value(), 89.5);
/// assert!(HealthScore::new(100.5).is_err());
/// assert!(HealthScore::new(f64::NAN).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
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
pub struct HealthScore(f64);

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
        check_value(Component::Stability, value).map(HealthScore)
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
        HealthScore::new(v).map_err(|e| match e {
            HealthError::NotFinite { .. } => HealthError::NotFinite { component: None },
            HealthError::OutOfRange { value, .. } => HealthError::OutOfRange {
                component: None,
                value,
            },
            other => other,
        })
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

/// A status of the framework's health table. Ordered worst first, so `a.min(b)` is the worse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Band {
    /// 0–39: forced restriction.
    Unstable,
    /// 40–59: fallback / throttling.
    AtRisk,
    /// 60–74: review required.
    Vulnerable,
    /// 75–89: standard monitoring.
    Reliable,
    /// 90–100: optimal transition.
    Stable,
}

impl Band {
    /// Every band, worst first.
    pub const ALL: [Band; 5] = [
        Band::Unstable,
        Band::AtRisk,
        Band::Vulnerable,
        Band::Reliable,
        Band::Stable,
    ];

    /// The band of `score` under `policy`'s edges (`score >= edge`, no rounding).
    ///
    /// ```
    /// use kwanus_migration::{Band, HealthScore, Policy};
    ///
    /// let p = Policy::default();
    /// assert_eq!(Band::of(HealthScore::new(90.0)?, &p), Band::Stable);
    /// assert_eq!(Band::of(HealthScore::new(89.5)?, &p), Band::Reliable);
    /// assert_eq!(Band::of(HealthScore::new(39.99)?, &p), Band::Unstable);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn of(score: HealthScore, policy: &Policy) -> Band {
        Band::from_edges(score.0, &edges(policy))
    }

    /// The band of `s` given the four lower edges, best band first.
    fn from_edges(s: f64, e: &[f64; 4]) -> Band {
        if s >= e[0] {
            Band::Stable
        } else if s >= e[1] {
            Band::Reliable
        } else if s >= e[2] {
            Band::Vulnerable
        } else if s >= e[3] {
            Band::AtRisk
        } else {
            Band::Unstable
        }
    }

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

/// The four lower band edges of `policy`, best band first.
fn edges(policy: &Policy) -> [f64; 4] {
    [
        f64::from(policy.band_stable()),
        f64::from(policy.band_reliable()),
        f64::from(policy.band_vulnerable()),
        f64::from(policy.band_at_risk()),
    ]
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

/// One of the four health components of the framework (§8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Component {
    /// Stability.
    Stability,
    /// Compatibility.
    Compatibility,
    /// Sustainability.
    Sustainability,
    /// Ecosystem impact.
    EcosystemImpact,
}

impl Component {
    /// The four components in report order.
    pub const ALL: [Component; 4] = [
        Component::Stability,
        Component::Compatibility,
        Component::Sustainability,
        Component::EcosystemImpact,
    ];

    /// Whether a value below [`Policy::critical_floor`] caps the band (a hard gate).
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

/// The four component values, each 0–100 or `None` when not observed. Plain data.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
pub struct HealthInputs {
    /// Stability, 0–100.
    pub stability: Option<f64>,
    /// Compatibility, 0–100.
    pub compatibility: Option<f64>,
    /// Sustainability, 0–100.
    pub sustainability: Option<f64>,
    /// Ecosystem impact, 0–100 (100 = no harm to the ecosystem).
    pub ecosystem_impact: Option<f64>,
}

impl HealthInputs {
    /// All four components observed with the same value: handy in tests and examples.
    #[must_use]
    pub const fn uniform(value: f64) -> HealthInputs {
        HealthInputs {
            stability: Some(value),
            compatibility: Some(value),
            sustainability: Some(value),
            ecosystem_impact: Some(value),
        }
    }

    /// The value of `component`.
    #[must_use]
    pub const fn get(&self, component: Component) -> Option<f64> {
        match component {
            Component::Stability => self.stability,
            Component::Compatibility => self.compatibility,
            Component::Sustainability => self.sustainability,
            Component::EcosystemImpact => self.ecosystem_impact,
        }
    }

    /// Sets the value of `component`.
    pub fn set(&mut self, component: Component, value: Option<f64>) {
        match component {
            Component::Stability => self.stability = value,
            Component::Compatibility => self.compatibility = value,
            Component::Sustainability => self.sustainability = value,
            Component::EcosystemImpact => self.ecosystem_impact = value,
        }
    }

    /// Derives the components from raw monitoring figures (playbook §4 step 6: workflow
    /// reliability, permission usage, API error rates):
    ///
    /// - stability ← [`workflow_reliability`] of the workflow runs;
    /// - compatibility ← [`api_error_score`] of the API calls against
    ///   [`Policy::api_error_budget`];
    /// - sustainability ← given directly (capacity, cost or SLO data the platform holds);
    /// - ecosystem impact ← [`permission_usage_score`]: a partner using what it was granted,
    ///   and no more, has the smallest blast radius.
    ///
    /// A figure with nothing observed (zero runs, zero calls) leaves its component missing.
    ///
    /// # Errors
    ///
    /// [`HealthError`] for inconsistent counts (more failures than calls, more used
    /// permissions than granted) or an out-of-range sustainability.
    pub fn from_monitoring(m: &Monitoring, policy: &Policy) -> Result<HealthInputs, HealthError> {
        let sustainability = match m.sustainability {
            Some(v) => Some(check_value(Component::Sustainability, v)?),
            None => None,
        };
        Ok(HealthInputs {
            stability: workflow_reliability(m.workflow_succeeded, m.workflow_runs)?,
            compatibility: api_error_score(m.api_errors, m.api_calls, policy)?,
            sustainability,
            ecosystem_impact: permission_usage_score(m.permissions_used, m.permissions_granted)?,
        })
    }
}

/// Raw monitoring figures of a migration (playbook §4 step 6). Plain data.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
pub struct Monitoring {
    /// Workflow runs observed.
    pub workflow_runs: u64,
    /// Of those, runs that succeeded.
    pub workflow_succeeded: u64,
    /// API calls observed.
    pub api_calls: u64,
    /// Of those, calls that failed.
    pub api_errors: u64,
    /// Permissions granted to the partner.
    pub permissions_granted: u64,
    /// Of those, permissions the partner used in the period.
    pub permissions_used: u64,
    /// Sustainability 0–100, when the platform measures it.
    pub sustainability: Option<f64>,
}

/// Workflow reliability in 0–100: `100 × succeeded / runs`; `None` when nothing ran.
///
/// # Errors
///
/// [`HealthError::InconsistentCounts`] when `succeeded > runs`.
pub fn workflow_reliability(succeeded: u64, runs: u64) -> Result<Option<f64>, HealthError> {
    ratio(succeeded, runs, "workflow_succeeded", "workflow_runs").map(|r| r.map(|r| 100.0 * r))
}

/// API reliability in 0–100 from the error rate against the error budget:
/// `100 × max(0, 1 − rate / budget)`. A rate of 0 scores 100; a rate at or past the budget
/// scores 0. `None` when no call was made.
///
/// # Errors
///
/// [`HealthError::InconsistentCounts`] when `errors > calls`.
pub fn api_error_score(
    errors: u64,
    calls: u64,
    policy: &Policy,
) -> Result<Option<f64>, HealthError> {
    let rate = ratio(errors, calls, "api_errors", "api_calls")?;
    Ok(rate.map(|r| 100.0 * (1.0 - r / policy.api_error_budget()).max(0.0)))
}

/// Permission usage in 0–100: `100 × used / granted`; an unused grant is risk without
/// benefit. `None` when nothing is granted.
///
/// # Errors
///
/// [`HealthError::InconsistentCounts`] when `used > granted`.
pub fn permission_usage_score(used: u64, granted: u64) -> Result<Option<f64>, HealthError> {
    ratio(used, granted, "permissions_used", "permissions_granted").map(|r| r.map(|r| 100.0 * r))
}

#[allow(clippy::cast_precision_loss)]
fn ratio(
    part: u64,
    whole: u64,
    part_name: &'static str,
    whole_name: &'static str,
) -> Result<Option<f64>, HealthError> {
    if part > whole {
        return Err(HealthError::InconsistentCounts {
            part: part_name,
            whole: whole_name,
        });
    }
    if whole == 0 {
        return Ok(None);
    }
    Ok(Some(part as f64 / whole as f64))
}

/// Why a component scored as it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Reason {
    /// Observed and at or above the critical floor.
    Observed,
    /// Observed below [`Policy::critical_floor`]: caps the band at At Risk.
    BelowCriticalFloor,
    /// Not observed: counted as 0.
    Missing,
    /// Not observed, and critical: counted as 0 and caps the band at At Risk.
    MissingCritical,
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Reason::Observed => "observed",
            Reason::BelowCriticalFloor => "below the critical floor, band capped at at risk",
            Reason::Missing => "missing, counted as 0",
            Reason::MissingCritical => "missing, counted as 0, band capped at at risk",
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
pub struct ComponentScore {
    /// Which component.
    pub component: Component,
    /// The value given, if any.
    pub raw: Option<f64>,
    /// The value used (0 when missing).
    pub normalised: f64,
    /// The component's share of the total weight (0–1).
    pub weight: f64,
    /// Points contributed to the score: `normalised × weight`.
    pub points: f64,
    /// Why.
    pub reason: Reason,
}

/// The result of [`score`]. Holds no heap data, so a fleet can be scored without allocating.
///
/// It serializes (to store or show it) but never deserializes: the flow's Stabilization
/// step trusts a report, so the only way to get one is to score. To reproduce an old
/// report, score its breakdown's raw values again under the same policy and
/// [`MODEL_VERSION`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HealthReport {
    score: HealthScore,
    band: Band,
    action: Action,
    observed_weight: f64,
    insufficient_data: bool,
    gated: bool,
    breakdown: [ComponentScore; 4],
    model_version: u32,
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
                c.reason
            )?;
        }
        Ok(())
    }
}

/// Why health data was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum HealthError {
    /// A value is NaN or infinite.
    #[error("{} is not a finite number", name(*.component))]
    NotFinite {
        /// The component, when the value belongs to one.
        component: Option<Component>,
    },
    /// A value is outside 0–100.
    #[error("{} is {value}, outside 0–100", name(*.component))]
    OutOfRange {
        /// The component, when the value belongs to one.
        component: Option<Component>,
        /// The value found.
        value: f64,
    },
    /// A count exceeds the count it is part of.
    #[error("`{part}` is larger than `{whole}`")]
    InconsistentCounts {
        /// The part.
        part: &'static str,
        /// The whole.
        whole: &'static str,
    },
    /// A time series is not in time order.
    #[error("health sample {index} is earlier than the sample before it")]
    Unordered {
        /// Index of the first sample out of order.
        index: usize,
    },
    /// Too few samples for the question asked.
    #[error("{found} health samples given, at least {needed} needed")]
    TooFewSamples {
        /// Samples given.
        found: usize,
        /// Samples needed.
        needed: usize,
    },
}

fn name(c: Option<Component>) -> String {
    match c {
        Some(c) => format!("the {c} value"),
        None => "the health score".to_owned(),
    }
}

impl HealthError {
    /// A stable machine-readable code for partner SDKs.
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            HealthError::NotFinite { .. } => "health.not_finite",
            HealthError::OutOfRange { .. } => "health.out_of_range",
            HealthError::InconsistentCounts { .. } => "health.inconsistent_counts",
            HealthError::Unordered { .. } => "health.unordered",
            HealthError::TooFewSamples { .. } => "health.too_few_samples",
        }
    }
}

#[inline]
fn check_value(component: Component, v: f64) -> Result<f64, HealthError> {
    // one comparison pair rejects NaN too; the cold path says which it was
    if (0.0..=100.0).contains(&v) {
        return Ok(v);
    }
    if !v.is_finite() {
        return Err(HealthError::NotFinite {
            component: Some(component),
        });
    }
    Err(HealthError::OutOfRange {
        component: Some(component),
        value: v,
    })
}

/// Scores `inputs` under `policy`. See the [module docs](self) for the model.
///
/// # Errors
///
/// [`HealthError::NotFinite`] or [`HealthError::OutOfRange`] for a component value that is
/// NaN, infinite or outside 0–100.
pub fn score(inputs: &HealthInputs, policy: &Policy) -> Result<HealthReport, HealthError> {
    Scorer::new(policy).report(inputs)
}

/// The scoring model with a policy's numbers prepared once (normalised weights, band edges as
/// floats), for scoring many inputs. [`score`] is `Scorer::new(policy).report(inputs)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scorer {
    weights: [f64; 4],
    edges: [f64; 4],
    floor: f64,
    min_observed: f64,
    gates: bool,
}

/// The verdict of a score without its breakdown: what a fleet scan needs.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
pub struct Summary {
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

impl Scorer {
    /// Prepares `policy`'s numbers.
    #[must_use]
    pub fn new(policy: &Policy) -> Scorer {
        let w = policy.health_weights();
        let total: f64 = w.iter().sum();
        Scorer {
            weights: w.map(|w| w / total),
            edges: edges(policy),
            floor: policy.critical_floor(),
            min_observed: policy.min_observed_weight(),
            gates: policy.hard_gates(),
        }
    }

    /// One component: its checked value, and whether it trips the gate.
    #[inline]
    fn component(
        &self,
        c: Component,
        raw: Option<f64>,
    ) -> Result<(Option<f64>, bool), HealthError> {
        match raw {
            Some(v) => {
                let v = check_value(c, v)?;
                Ok((Some(v), c.is_critical() && v < self.floor))
            }
            None => Ok((None, c.is_critical())),
        }
    }

    /// The verdict of a weighted sum, the observed weight and the gate, without a branch:
    /// edges are strictly decreasing (the policy checks it), so the band is how many of them
    /// the score reaches, capped at At Risk by the gate.
    #[inline]
    fn verdict(&self, sum: f64, observed: f64, gated: bool) -> Summary {
        let gated = gated & self.gates;
        let score = sum.clamp(0.0, 100.0);
        let e = &self.edges;
        let reached = usize::from(score >= e[3])
            + usize::from(score >= e[2])
            + usize::from(score >= e[1])
            + usize::from(score >= e[0]);
        let band = reached.min(if gated { 1 } else { 4 });
        // a tiny tolerance so that 3 of 4 equal weights count as 0.75
        let insufficient_data = observed + 1e-12 < self.min_observed;
        let action = (4 - band).max(if insufficient_data { 2 } else { 0 });
        Summary {
            score: HealthScore(score),
            band: BANDS.get(band).copied().unwrap_or(Band::Unstable),
            action: ACTIONS
                .get(action)
                .copied()
                .unwrap_or(Action::ForcedRestriction),
            insufficient_data,
            gated,
        }
    }

    /// The verdict without the breakdown; the same numbers as [`Scorer::report`].
    ///
    /// # Errors
    ///
    /// As [`score`].
    #[inline]
    pub fn summary(&self, inputs: &HealthInputs) -> Result<Summary, HealthError> {
        // every value checked at once, without a branch per component; the cold path finds
        // which one is at fault
        let (mut sum, mut observed, mut valid) = (0.0, 0.0, true);
        let mut low = [false; 4];
        for (i, c) in Component::ALL.into_iter().enumerate() {
            let raw = inputs.get(c);
            let v = raw.unwrap_or(0.0);
            // one comparison pair rejects NaN too
            valid &= raw.is_none() | (0.0..=100.0).contains(&v);
            sum += v * self.weights[i];
            observed += if raw.is_some() { self.weights[i] } else { 0.0 };
            low[i] = raw.is_none() | (v < self.floor);
        }
        if !valid {
            return Err(self.first_error(inputs));
        }
        Ok(self.verdict(sum, observed, low[0] | low[1]))
    }

    #[cold]
    #[inline(never)]
    fn first_error(&self, inputs: &HealthInputs) -> HealthError {
        Component::ALL
            .into_iter()
            .find_map(|c| self.component(c, inputs.get(c)).err())
            // unreachable: only called when some value is invalid
            .unwrap_or(HealthError::NotFinite { component: None })
    }

    /// The verdict of checked, packed inputs: infallible and branch-free (the band is the
    /// count of edges the score reaches, the gate and the data check are masks), so a fleet
    /// scan runs at the speed of a plain weighted sum. The same numbers as
    /// [`Scorer::summary`] of the same inputs.
    ///
    /// ```
    /// use kwanus_migration::health::{PackedInputs, Scorer};
    /// use kwanus_migration::{Band, HealthInputs, Policy};
    ///
    /// let scorer = Scorer::new(&Policy::default());
    /// let inputs = HealthInputs { ecosystem_impact: None, ..HealthInputs::uniform(96.0) };
    /// let packed = PackedInputs::new(&inputs)?;
    /// assert_eq!(scorer.summary_packed(&packed), scorer.summary(&inputs)?);
    /// assert_eq!(scorer.summary_packed(&packed).band, Band::Vulnerable); // 72: one missing counts 0
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[inline]
    #[must_use]
    pub fn summary_packed(&self, inputs: &PackedInputs) -> Summary {
        let v = &inputs.values;
        let w = &self.weights;
        let (mut sum, mut observed) = (0.0, 0.0);
        for i in 0..4 {
            // a missing value is -0.0: it adds nothing to the sum (x + -0.0 == x), and its
            // weight is not observed
            sum += v[i] * w[i];
            observed += if v[i].is_sign_negative() { 0.0 } else { w[i] };
        }
        // the critical components gate below the floor, and when missing. As signed integers
        // the bits of values >= +0.0 keep their order and -0.0 is the least of all, so one
        // integer comparison each says both
        #[allow(clippy::cast_possible_wrap)]
        let bits = |x: f64| x.to_bits() as i64;
        let floor = bits(self.floor);
        let gated = (bits(v[0]) < floor) | (bits(v[1]) < floor);
        self.verdict(sum, observed, gated)
    }

    /// The full report, with the breakdown.
    ///
    /// # Errors
    ///
    /// As [`score`].
    pub fn report(&self, inputs: &HealthInputs) -> Result<HealthReport, HealthError> {
        let mut breakdown = [ComponentScore {
            component: Component::Stability,
            raw: None,
            normalised: 0.0,
            weight: 0.0,
            points: 0.0,
            reason: Reason::Missing,
        }; 4];
        let (mut sum, mut observed, mut gated) = (0.0, 0.0, false);
        for (i, component) in Component::ALL.into_iter().enumerate() {
            let weight = self.weights[i];
            let (raw, gate) = self.component(component, inputs.get(component))?;
            let gate = gate & self.gates;
            gated |= gate;
            let reason = match (raw, gate) {
                (None, true) => Reason::MissingCritical,
                (None, false) => Reason::Missing,
                (Some(_), true) => Reason::BelowCriticalFloor,
                (Some(_), false) => Reason::Observed,
            };
            let normalised = raw.unwrap_or(0.0);
            let points = normalised * weight;
            if raw.is_some() {
                sum += points;
                observed += weight;
            }
            breakdown[i] = ComponentScore {
                component,
                raw,
                normalised,
                weight,
                points,
                reason,
            };
        }
        let summary = self.verdict(sum, observed, gated);
        Ok(HealthReport {
            score: summary.score,
            band: summary.band,
            action: summary.action,
            observed_weight: observed.min(1.0),
            insufficient_data: summary.insufficient_data,
            gated,
            breakdown,
            model_version: MODEL_VERSION,
        })
    }
}

impl HealthReport {
    /// The verdict without the breakdown.
    #[must_use]
    pub const fn summary(&self) -> Summary {
        Summary {
            score: self.score,
            band: self.band,
            action: self.action,
            insufficient_data: self.insufficient_data,
            gated: self.gated,
        }
    }
}

/// Bands worst first, by index.
const BANDS: [Band; 5] = Band::ALL;
/// Actions mildest first, by index.
const ACTIONS: [Action; 5] = [
    Action::OptimalTransition,
    Action::StandardMonitoring,
    Action::ReviewRequired,
    Action::FallbackOrThrottle,
    Action::ForcedRestriction,
];

/// How [`PackedInputs`] stores a missing component: `-0.0`, which adds nothing to a sum and
/// which packing never stores for a value (a given `-0.0` is kept as `+0.0`, the same number).
const MISSING: f64 = -0.0;

/// The four component values of [`HealthInputs`], checked and packed into 32 bytes (four
/// `f64`, where `HealthInputs` takes 64: each `Option<f64>` pays a word for its tag).
///
/// A missing component is kept as `-0.0`, a value packing never stores for an observed one
/// (presence lives in the sign bit), so scoring a packed input needs no check and no branch: [`Scorer::summary_packed`] and
/// [`score_packed_fleet`] are what a fleet scan uses. Pack once (when monitoring data
/// arrives), score as often as the policy changes.
///
/// ```
/// use kwanus_migration::health::{Component, PackedInputs};
/// use kwanus_migration::HealthInputs;
///
/// let inputs = HealthInputs { sustainability: None, ..HealthInputs::uniform(80.0) };
/// let packed = PackedInputs::new(&inputs)?;
/// assert_eq!(packed.get(Component::Stability), Some(80.0));
/// assert_eq!(packed.get(Component::Sustainability), None);
/// assert_eq!(HealthInputs::from(packed), inputs);
/// assert!(PackedInputs::new(&HealthInputs::uniform(f64::NAN)).is_err());
/// assert_eq!(std::mem::size_of::<PackedInputs>(), 32);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PackedInputs {
    /// In [`Component::ALL`] order, each 0–100 (never `-0.0`), or [`MISSING`].
    values: [f64; 4],
}

impl PackedInputs {
    /// Checks and packs `inputs`.
    ///
    /// # Errors
    ///
    /// As [`score`]: [`HealthError::NotFinite`] or [`HealthError::OutOfRange`] for a value
    /// that is NaN, infinite or outside 0–100.
    pub fn new(inputs: &HealthInputs) -> Result<PackedInputs, HealthError> {
        let mut values = [MISSING; 4];
        for (slot, c) in values.iter_mut().zip(Component::ALL) {
            if let Some(v) = inputs.get(c) {
                // + 0.0 turns a given -0.0 into +0.0: the same number, and not "missing"
                *slot = check_value(c, v)? + 0.0;
            }
        }
        Ok(PackedInputs { values })
    }

    /// The value of `component`, `None` when not observed.
    #[must_use]
    pub fn get(&self, component: Component) -> Option<f64> {
        let i = Component::ALL.iter().position(|&c| c == component)?;
        self.values
            .get(i)
            .copied()
            .filter(|v| !v.is_sign_negative())
    }
}

impl TryFrom<HealthInputs> for PackedInputs {
    type Error = HealthError;
    fn try_from(inputs: HealthInputs) -> Result<Self, HealthError> {
        PackedInputs::new(&inputs)
    }
}

impl From<PackedInputs> for HealthInputs {
    fn from(p: PackedInputs) -> HealthInputs {
        let mut out = HealthInputs::default();
        for c in Component::ALL {
            out.set(c, p.get(c));
        }
        out
    }
}

/// Scores a packed fleet lazily, one [`Summary`] per input, with the policy prepared once,
/// nothing allocated and nothing to refuse (the inputs were checked when packed). The same
/// verdicts as [`score_fleet`] over the same inputs, at the cost of a plain weighted sum.
///
/// ```
/// use kwanus_migration::health::{self, PackedInputs};
/// use kwanus_migration::{Band, HealthInputs, Policy};
///
/// let fleet = [HealthInputs::uniform(95.0), HealthInputs::uniform(50.0)];
/// let packed: Vec<PackedInputs> = fleet.iter().map(PackedInputs::new).collect::<Result<_, _>>()?;
/// let bands: Vec<Band> = health::score_packed_fleet(&packed, &Policy::default())
///     .map(|s| s.band)
///     .collect();
/// assert_eq!(bands, [Band::Stable, Band::AtRisk]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn score_packed_fleet<'a>(
    inputs: &'a [PackedInputs],
    policy: &Policy,
) -> impl ExactSizeIterator<Item = Summary> + 'a {
    let scorer = Scorer::new(policy);
    inputs.iter().map(move |i| scorer.summary_packed(i))
}

/// Scores a fleet lazily, one [`Summary`] per input, with the policy prepared once and
/// nothing allocated. Use [`Scorer::report`] for the breakdown of the partners that need it.
///
/// ```
/// use kwanus_migration::{health, Band, HealthInputs, Policy};
///
/// let fleet = [HealthInputs::uniform(95.0), HealthInputs::uniform(50.0)];
/// let policy = Policy::default();
/// let bands: Vec<Band> = health::score_fleet(&fleet, &policy)
///     .map(|r| r.map(|s| s.band))
///     .collect::<Result<_, _>>()?;
/// assert_eq!(bands, [Band::Stable, Band::AtRisk]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn score_fleet<'a>(
    inputs: &'a [HealthInputs],
    policy: &Policy,
) -> impl ExactSizeIterator<Item = Result<Summary, HealthError>> + 'a {
    let scorer = Scorer::new(policy);
    inputs.iter().map(move |i| scorer.summary(i))
}

/// A health score observed at a time.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
pub struct Sample {
    /// When.
    pub at: DateTime<Utc>,
    /// The score.
    pub score: HealthScore,
}

/// What a collapse calls for (framework §7: "Metrics collapse during transition triggers
/// forced migration or throttling").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum CollapseResponse {
    /// Throttle the partner: recent scores are no worse than At Risk.
    Throttle,
    /// Forced migration: recent scores reached Unstable.
    ForcedMigration,
}

/// A detected collapse.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
pub struct Collapse {
    /// The trigger it raises: always [`Trigger::SustainabilityCollapse`] (framework §3), a
    /// forced trigger.
    pub trigger: Trigger,
    /// What to do.
    pub response: CollapseResponse,
    /// Mean score over the long window before the short window.
    pub baseline: f64,
    /// The upper median of the scores inside the short window.
    pub recent_median: f64,
    /// `baseline − recent_median`.
    pub drop: f64,
}

/// Looks for a collapse at the end of a time-ordered series.
///
/// Two windows, as SRE burn-rate alerts use them, so that one noisy sample never fires and
/// a recovery clears the alert at once:
///
/// - the **short window** ([`Policy::collapse_short_window_hours`]) ends at the last sample
///   and must hold at least two samples; its *upper median* is what counts, so a minority
///   of bad samples (one noisy reading among good ones) cannot fire, while a drop that holds
///   for most of the short window does;
/// - the **long window** ([`Policy::collapse_long_window_hours`]) gives the baseline: the
///   mean of its samples before the short window.
///
/// It is a collapse when the short window's median is at least [`Policy::collapse_drop`]
/// below the baseline, or when it lies in At Risk or Unstable.
/// Returns `Ok(None)` when there is no collapse or too little history to say.
///
/// # Errors
///
/// [`HealthError::Unordered`] for a series not in time order.
pub fn detect_collapse(
    series: &[Sample],
    policy: &Policy,
) -> Result<Option<Collapse>, HealthError> {
    check_order(series)?;
    let Some(last) = series.last() else {
        return Ok(None);
    };
    // windows reaching before the earliest representable time start there (no overflow)
    let back = |hours: u32| {
        last.at
            .checked_sub_signed(chrono::Duration::hours(i64::from(hours)))
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    };
    let short_start = back(policy.collapse_short_window_hours());
    let long_start = back(policy.collapse_long_window_hours());
    let mut recent: Vec<f64> = Vec::new();
    let mut base_sum = 0.0;
    let mut base_n = 0usize;
    for s in series.iter().rev() {
        if s.at > short_start {
            recent.push(s.score.0);
        } else if s.at > long_start {
            base_sum += s.score.0;
            base_n += 1;
        } else {
            break;
        }
    }
    if recent.len() < 2 {
        return Ok(None);
    }
    recent.sort_by(f64::total_cmp);
    // the upper median: a minority of bad samples can never pull it down
    let recent_median = recent[recent.len() / 2];
    let recent_band = Band::of(HealthScore(recent_median), policy);
    #[allow(clippy::cast_precision_loss)]
    let baseline = if base_n == 0 {
        recent_median
    } else {
        base_sum / base_n as f64
    };
    let drop = baseline - recent_median;
    let fell = drop >= policy.collapse_drop() || recent_band <= Band::AtRisk;
    if !fell {
        return Ok(None);
    }
    let response = if recent_band == Band::Unstable {
        CollapseResponse::ForcedMigration
    } else {
        CollapseResponse::Throttle
    };
    Ok(Some(Collapse {
        trigger: Trigger::SustainabilityCollapse,
        response,
        baseline,
        recent_median,
        drop,
    }))
}

fn check_order(series: &[Sample]) -> Result<(), HealthError> {
    match series.windows(2).position(|w| w[1].at < w[0].at) {
        Some(i) => Err(HealthError::Unordered { index: i + 1 }),
        None => Ok(()),
    }
}

/// A health forecast ("illumination", framework §5): a least-squares line through the
/// series and when it crosses into the next lower band.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
pub struct Forecast {
    /// Fitted slope, in score points per hour.
    pub slope_per_hour: f64,
    /// Standard error of the slope, points per hour.
    pub slope_std_error: f64,
    /// Fitted score at the last sample's time.
    pub fitted_now: f64,
    /// Residual standard deviation of the fit, in points.
    pub residual_std: f64,
    /// The band of the fitted score now.
    pub band_now: Band,
    /// The band the trend heads into, if it falls.
    pub next_band: Option<Band>,
    /// When the fitted line crosses into `next_band`; `None` if it does not fall.
    pub crossing_at: Option<DateTime<Utc>>,
    /// Earliest plausible crossing, using the slope minus 1.96 standard errors.
    pub crossing_earliest: Option<DateTime<Utc>>,
    /// Latest plausible crossing, using the slope plus 1.96 standard errors; `None` when
    /// that slope no longer falls (the crossing may never come).
    pub crossing_latest: Option<DateTime<Utc>>,
}

/// Fits a straight line (ordinary least squares, time in hours since the first sample) and
/// predicts when the score crosses into the next lower band, with a 95 % range from the
/// slope's standard error (`se = sqrt(Σr² / (n − 2) / Σ(t − t̄)²)`).
///
/// # Errors
///
/// [`HealthError::TooFewSamples`] below three samples or when all samples share one time;
/// [`HealthError::Unordered`] for a series not in time order.
///
/// ```
/// use chrono::{DateTime, Duration, Utc};
/// use kwanus_migration::{health, Band, HealthScore, Policy};
///
/// let t0: DateTime<Utc> = "2026-03-01T00:00:00Z".parse()?;
/// // falling one point an hour from 95
/// let series: Vec<health::Sample> = (0..10)
///     .map(|h| Ok(health::Sample { at: t0 + Duration::hours(h), score: HealthScore::new(95.0 - h as f64)? }))
///     .collect::<Result<_, kwanus_migration::HealthError>>()?;
/// let f = health::forecast(&series, &Policy::default())?;
/// assert!((f.slope_per_hour + 1.0).abs() < 1e-9);
/// assert_eq!(f.band_now, Band::Reliable); // 86 now
/// assert_eq!(f.crossing_at, Some(t0 + Duration::hours(20))); // 75 at hour 20
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[allow(clippy::cast_precision_loss)]
pub fn forecast(series: &[Sample], policy: &Policy) -> Result<Forecast, HealthError> {
    check_order(series)?;
    let n = series.len();
    let too_few = HealthError::TooFewSamples {
        found: n,
        needed: 3,
    };
    if n < 3 {
        return Err(too_few);
    }
    let t0 = series[0].at;
    let hours = |s: &Sample| (s.at - t0).num_milliseconds() as f64 / 3_600_000.0;
    let nf = n as f64;
    let mean_t = series.iter().map(hours).sum::<f64>() / nf;
    let mean_y = series.iter().map(|s| s.score.0).sum::<f64>() / nf;
    let (mut sxx, mut sxy) = (0.0, 0.0);
    for s in series {
        let dt = hours(s) - mean_t;
        sxx += dt * dt;
        sxy += dt * (s.score.0 - mean_y);
    }
    if sxx <= 0.0 {
        return Err(too_few);
    }
    let slope = sxy / sxx;
    let intercept = mean_y - slope * mean_t;
    let ssr: f64 = series
        .iter()
        .map(|s| {
            let r = s.score.0 - (intercept + slope * hours(s));
            r * r
        })
        .sum();
    let residual_var = ssr / (nf - 2.0);
    let slope_se = (residual_var / sxx).sqrt();
    let last_t = hours(&series[n - 1]);
    let fitted_now = (intercept + slope * last_t).clamp(0.0, 100.0);
    let band_now = Band::of(HealthScore(fitted_now), policy);
    let next_band = band_now.next_lower();
    let edge = band_now.lower_edge(policy);
    let cross = |m: f64| -> Option<DateTime<Utc>> {
        if next_band.is_none() || m >= 0.0 {
            return None;
        }
        // time (hours since t0) when intercept + m·t reaches the edge, from the fitted point now
        let dt = (edge - fitted_now) / m;
        let ms = (last_t + dt.max(0.0)) * 3_600_000.0;
        if !ms.is_finite() || ms > 1e15 {
            return None;
        }
        #[allow(clippy::cast_possible_truncation)]
        t0.checked_add_signed(chrono::Duration::milliseconds(ms.round() as i64))
    };
    Ok(Forecast {
        slope_per_hour: slope,
        slope_std_error: slope_se,
        fitted_now,
        residual_std: residual_var.sqrt(),
        band_now,
        next_band: if slope < 0.0 { next_band } else { None },
        crossing_at: cross(slope),
        crossing_earliest: cross(slope - 1.96 * slope_se),
        crossing_latest: cross(slope + 1.96 * slope_se),
    })
}
