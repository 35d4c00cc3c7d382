//! Health: the score of component values or monitoring figures.

use super::error::Error;
use super::ops::policy_of;
use super::Answer;
use crate::health::{self, HealthReport};
use crate::policy::PolicyBuilder;

/// The four component values, as the interface reads them: each 0–100, or left out when
/// not observed (counted as 0). See [`crate::HealthInputs`].
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct HealthInputsInput {
    /// Stability, 0–100.
    #[serde(default)]
    pub stability: Option<f64>,
    /// Compatibility, 0–100.
    #[serde(default)]
    pub compatibility: Option<f64>,
    /// Sustainability, 0–100.
    #[serde(default)]
    pub sustainability: Option<f64>,
    /// Ecosystem impact, 0–100.
    #[serde(default)]
    pub ecosystem_impact: Option<f64>,
}

/// Raw monitoring figures, as the interface reads them: see [`health::Monitoring`]; a count
/// left out is 0.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct MonitoringInput {
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

/// The input of `score-health`: the component values or the raw figures (exactly one).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ScoreHealthRequest {
    /// The component values.
    #[serde(default)]
    pub inputs: Option<HealthInputsInput>,
    /// The raw monitoring figures ([`crate::HealthInputs::from_monitoring`]).
    #[serde(default)]
    pub monitoring: Option<MonitoringInput>,
    /// The policy (the seeds' numbers by default): weights, band edges, the hard gate.
    #[serde(default)]
    pub policy: Option<PolicyBuilder>,
}

impl Answer for HealthReport {
    fn text(&self) -> String {
        self.to_string()
    }
}

/// `score-health`: the health report of monitoring figures ([`health::score`]).
///
/// # Errors
///
/// [`Error::Health`] for a value that is not finite or outside 0–100, or counts that do
/// not add up; [`Error::Policy`]; [`Error::InvalidInput`] unless exactly one of `inputs`
/// and `monitoring` is given.
pub fn score_health(r: &ScoreHealthRequest) -> Result<HealthReport, Error> {
    let policy = policy_of(r.policy.as_ref())?;
    let inputs = match (&r.inputs, &r.monitoring) {
        (Some(i), None) => crate::health::HealthInputs {
            stability: i.stability,
            compatibility: i.compatibility,
            sustainability: i.sustainability,
            ecosystem_impact: i.ecosystem_impact,
        },
        (None, Some(m)) => crate::health::HealthInputs::from_monitoring(
            &health::Monitoring {
                workflow_runs: m.workflow_runs,
                workflow_succeeded: m.workflow_succeeded,
                api_calls: m.api_calls,
                api_errors: m.api_errors,
                permissions_granted: m.permissions_granted,
                permissions_used: m.permissions_used,
                sustainability: m.sustainability,
            },
            &policy,
        )?,
        _ => {
            return Err(Error::invalid(
                ".",
                "give the component values (`inputs`) or the monitoring figures (`monitoring`), one of them",
            ))
        }
    };
    Ok(health::score(&inputs, &policy)?)
}
