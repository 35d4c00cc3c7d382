//! The policy as the opening event records it: every field, exact in every language's
//! JSON (the weights and thresholds, `f64` in the crate, as their shortest decimal text),
//! and its hashed encoding. The replay rebuilds the [`Policy`] from it through the same
//! validation as [`PolicyBuilder::build`](crate::PolicyBuilder::build), and holds every
//! later event to it.

use std::collections::BTreeMap;

use crate::band::Band;
use crate::lint::ChangeSeverity;
#[cfg(feature = "serde")]
use crate::lint::Lint;
use crate::policy::Policy;
use crate::policy::SeedFloor;

/// The decimal text of a policy number: Rust's shortest round-trip form, without exponent
/// (`1`, `0.75`, `0.01`). Reading it back gives the same `f64`.
pub(crate) fn decimal(v: f64) -> String {
    format!("{v}")
}

/// Reads a decimal text written by [`decimal`], refusing any other spelling of the number.
#[cfg(feature = "serde")]
pub(crate) fn parse_decimal(text: &str) -> Option<f64> {
    let v: f64 = text.parse().ok()?;
    (v.is_finite() && decimal(v) == text).then_some(v)
}

pub(crate) const fn severity_name(s: ChangeSeverity) -> &'static str {
    match s {
        ChangeSeverity::Info => "info",
        ChangeSeverity::PossiblyBreaking => "possibly_breaking",
        ChangeSeverity::Breaking => "breaking",
    }
}

/// The recorded form: every field of the policy, required, in this order (the order the
/// format page gives and the encoding follows).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct RecordedPolicy {
    pub(crate) fallback_min_months: u32,
    pub(crate) fallback_recommended_months: u32,
    pub(crate) remediation_minor_days: u32,
    pub(crate) remediation_moderate_days: u32,
    pub(crate) remediation_severe_days: u32,
    pub(crate) band_stable: u8,
    pub(crate) band_reliable: u8,
    pub(crate) band_vulnerable: u8,
    pub(crate) band_at_risk: u8,
    pub(crate) completion_band: Band,
    pub(crate) governance_interval_months: u32,
    pub(crate) weight_stability: String,
    pub(crate) weight_compatibility: String,
    pub(crate) weight_sustainability: String,
    pub(crate) weight_ecosystem: String,
    pub(crate) min_observed_weight: String,
    pub(crate) critical_floor: String,
    pub(crate) hard_gates: bool,
    pub(crate) collapse_drop: String,
    pub(crate) collapse_short_window_hours: u32,
    pub(crate) collapse_long_window_hours: u32,
    pub(crate) api_error_budget: String,
    pub(crate) max_runtime_majors: u32,
    pub(crate) max_major_step: u32,
    pub(crate) max_canary_percent: u8,
    pub(crate) automatic_fallback: bool,
    pub(crate) deprecation_before_removal: bool,
    /// Lint id → severity name, in ascending byte order of the ids.
    pub(crate) severity_overrides: BTreeMap<String, ChangeSeverity>,
    /// The named departures from the seeds' numbers: floor → reason, in the order of
    /// [`SeedFloor::ALL`].
    pub(crate) departures: BTreeMap<SeedFloor, String>,
}

impl RecordedPolicy {
    pub(crate) fn of(p: &Policy) -> RecordedPolicy {
        RecordedPolicy {
            fallback_min_months: p.fallback_min_months(),
            fallback_recommended_months: p.fallback_recommended_months(),
            remediation_minor_days: p.remediation_minor_days(),
            remediation_moderate_days: p.remediation_moderate_days(),
            remediation_severe_days: p.remediation_severe_days(),
            band_stable: p.band_stable(),
            band_reliable: p.band_reliable(),
            band_vulnerable: p.band_vulnerable(),
            band_at_risk: p.band_at_risk(),
            completion_band: p.completion_band(),
            governance_interval_months: p.governance_interval_months(),
            weight_stability: decimal(p.weight_stability()),
            weight_compatibility: decimal(p.weight_compatibility()),
            weight_sustainability: decimal(p.weight_sustainability()),
            weight_ecosystem: decimal(p.weight_ecosystem()),
            min_observed_weight: decimal(p.min_observed_weight()),
            critical_floor: decimal(p.critical_floor()),
            hard_gates: p.hard_gates(),
            collapse_drop: decimal(p.collapse_drop()),
            collapse_short_window_hours: p.collapse_short_window_hours(),
            collapse_long_window_hours: p.collapse_long_window_hours(),
            api_error_budget: decimal(p.api_error_budget()),
            max_runtime_majors: p.max_runtime_majors(),
            max_major_step: p.max_major_step(),
            max_canary_percent: p.max_canary_percent(),
            automatic_fallback: p.automatic_fallback(),
            deprecation_before_removal: p.deprecation_before_removal(),
            severity_overrides: p
                .severity_overrides()
                .iter()
                .map(|(l, s)| (l.id().to_owned(), *s))
                .collect(),
            departures: p.departures().clone(),
        }
    }

    /// The policy, validated as a built one is; `Err` names what is wrong.
    #[cfg(feature = "serde")]
    pub(crate) fn to_policy(&self) -> Result<Policy, String> {
        let num = |field: &str, text: &str| {
            parse_decimal(text).ok_or_else(|| {
                format!(
                    "policy field `{field}` is {text:?}, not a number in its shortest decimal form"
                )
            })
        };
        let mut b = Policy::builder()
            .fallback_min_months(self.fallback_min_months)
            .fallback_recommended_months(self.fallback_recommended_months)
            .remediation_minor_days(self.remediation_minor_days)
            .remediation_moderate_days(self.remediation_moderate_days)
            .remediation_severe_days(self.remediation_severe_days)
            .band_stable(self.band_stable)
            .band_reliable(self.band_reliable)
            .band_vulnerable(self.band_vulnerable)
            .band_at_risk(self.band_at_risk)
            .completion_band(self.completion_band)
            .governance_interval_months(self.governance_interval_months)
            .weight_stability(num("weight_stability", &self.weight_stability)?)
            .weight_compatibility(num("weight_compatibility", &self.weight_compatibility)?)
            .weight_sustainability(num("weight_sustainability", &self.weight_sustainability)?)
            .weight_ecosystem(num("weight_ecosystem", &self.weight_ecosystem)?)
            .min_observed_weight(num("min_observed_weight", &self.min_observed_weight)?)
            .critical_floor(num("critical_floor", &self.critical_floor)?)
            .hard_gates(self.hard_gates)
            .collapse_drop(num("collapse_drop", &self.collapse_drop)?)
            .collapse_short_window_hours(self.collapse_short_window_hours)
            .collapse_long_window_hours(self.collapse_long_window_hours)
            .api_error_budget(num("api_error_budget", &self.api_error_budget)?)
            .max_runtime_majors(self.max_runtime_majors)
            .max_major_step(self.max_major_step)
            .max_canary_percent(self.max_canary_percent)
            .automatic_fallback(self.automatic_fallback)
            .deprecation_before_removal(self.deprecation_before_removal);
        for (id, severity) in &self.severity_overrides {
            let lint = Lint::from_id(id).ok_or_else(|| format!("{id:?} is not a lint id"))?;
            b = b.severity_override(lint, *severity);
        }
        for (floor, reason) in &self.departures {
            b = b.departure(*floor, reason.clone());
        }
        let policy = b.build().map_err(|e| e.to_string())?;
        // one spelling per policy: what it records again must be what was read
        if RecordedPolicy::of(&policy) != *self {
            return Err("the policy is not in its recorded form".to_owned());
        }
        Ok(policy)
    }
}

/// Serde for the opening event's `policy` field: the recorded form.
#[cfg(feature = "serde")]
pub(crate) mod as_recorded {
    use super::RecordedPolicy;
    use crate::policy::Policy;

    pub(crate) fn serialize<S: serde::Serializer>(p: &Policy, s: S) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(&RecordedPolicy::of(p), s)
    }

    pub(crate) fn deserialize<'de, D: serde::Deserializer<'de>>(
        d: D,
    ) -> Result<Box<Policy>, D::Error> {
        let r = <RecordedPolicy as serde::Deserialize>::deserialize(d)?;
        r.to_policy()
            .map(Box::new)
            .map_err(serde::de::Error::custom)
    }
}
