//! What the scorer reads: the four [`Component`]s, their values ([`HealthInputs`]) and the raw
//! [`Monitoring`] figures they are derived from.

use crate::policy::Policy;

use super::component::Component;
use super::error::{check_value, HealthError};

/// The four component values, each 0–100 or `None` when not observed. Plain data.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
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
            Some(v) => Some(check_value(Some(Component::Sustainability), v)?),
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
#[non_exhaustive]
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

impl HealthInputs {
    /// The four component values, each 0–100 or `None` when not observed.
    #[must_use]
    pub const fn new(
        stability: Option<f64>,
        compatibility: Option<f64>,
        sustainability: Option<f64>,
        ecosystem_impact: Option<f64>,
    ) -> HealthInputs {
        HealthInputs {
            stability,
            compatibility,
            sustainability,
            ecosystem_impact,
        }
    }
}

impl Monitoring {
    /// The figures with these workflow runs, of which `succeeded` succeeded. Start from
    /// [`Monitoring::default`] (nothing observed).
    #[must_use]
    pub const fn workflows(mut self, runs: u64, succeeded: u64) -> Monitoring {
        self.workflow_runs = runs;
        self.workflow_succeeded = succeeded;
        self
    }

    /// The figures with these API calls, of which `errors` failed.
    #[must_use]
    pub const fn api(mut self, calls: u64, errors: u64) -> Monitoring {
        self.api_calls = calls;
        self.api_errors = errors;
        self
    }

    /// The figures with these permissions granted, of which `used` were used in the period.
    #[must_use]
    pub const fn permissions(mut self, granted: u64, used: u64) -> Monitoring {
        self.permissions_granted = granted;
        self.permissions_used = used;
        self
    }

    /// The figures with this sustainability, 0–100, as the platform measures it.
    #[must_use]
    pub const fn sustainability(mut self, sustainability: f64) -> Monitoring {
        self.sustainability = Some(sustainability);
        self
    }
}
