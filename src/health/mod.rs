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
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     // stability, compatibility, sustainability, ecosystem impact (not observed)
//!     let inputs = HealthInputs::new(Some(96.0), Some(88.0), Some(91.0), None);
//!     let report = health::score(&inputs, &Policy::default())?;
//!     // the missing component counts as 0: (96 + 88 + 91 + 0) / 4 = 68.75
//!     assert_eq!(report.score().value(), 68.75);
//!     assert_eq!(report.band(), Band::Vulnerable);
//!     println!("{report}");
//!     Ok(())
//! }
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
//!
//! [`Policy`]: crate::policy::Policy
//! [`Policy::min_observed_weight`]: crate::policy::Policy::min_observed_weight
//! [`Policy::critical_floor`]: crate::policy::Policy::critical_floor

mod band;
mod component;
mod error;
mod inputs;
mod packed;
mod report;
mod scorer;
mod trend;

pub use self::{
    band::HealthScore,
    component::Component,
    error::HealthError,
    inputs::{
        api_error_score, permission_usage_score, workflow_reliability, HealthInputs, Monitoring,
    },
    packed::PackedInputs,
    report::{ComponentScore, ComponentStatus, HealthReport, HealthVerdict, MODEL_VERSION},
    scorer::{score, score_fleet, score_packed_fleet, Scorer},
    trend::{detect_collapse, forecast, Collapse, CollapseResponse, Forecast, Sample},
};
pub use crate::band::{Action, Band};
