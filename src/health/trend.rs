//! Health over time: a series of [`Sample`]s, [`detect_collapse`] at its end and its
//! [`forecast`].

use chrono::{DateTime, Utc};

use crate::policy::Policy;
use crate::trigger::Trigger;

use super::band::HealthScore;
use super::error::HealthError;
use crate::band::Band;

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

/// A detected collapse. Only [`detect_collapse`] makes one (its fields are private and it
/// is not deserialized), so [`Migration::collapse`](crate::Migration::collapse) acts on a
/// reading, never on a hand-made reaction. It serializes, for display and audit.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
pub struct Collapse {
    trigger: Trigger,
    response: CollapseResponse,
    band: Band,
    baseline: f64,
    recent_median: f64,
    drop: f64,
}

impl Collapse {
    /// The trigger it raises: always [`Trigger::SustainabilityCollapse`] (framework §3), a
    /// forced trigger.
    #[must_use]
    pub fn trigger(&self) -> Trigger {
        self.trigger
    }

    /// What to do: throttle, or (for a collapse into Unstable) forced migration with
    /// restriction.
    #[must_use]
    pub fn response(&self) -> CollapseResponse {
        self.response
    }

    /// The band of the recent median under the policy it was detected with: Unstable
    /// restricts, anything above throttles.
    #[must_use]
    pub fn band(&self) -> Band {
        self.band
    }

    /// Mean score over the long window before the short window.
    #[must_use]
    pub fn baseline(&self) -> f64 {
        self.baseline
    }

    /// The upper median of the scores inside the short window.
    #[must_use]
    pub fn recent_median(&self) -> f64 {
        self.recent_median
    }

    /// `baseline − recent_median`.
    #[must_use]
    pub fn drop(&self) -> f64 {
        self.drop
    }
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
        band: recent_band,
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
#[non_exhaustive]
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
    /// When the fitted line crosses into `next_band`; `None` if it does not fall (or if it
    /// falls so slowly that the crossing lies past the last date a `DateTime` can hold,
    /// around the year 262,000).
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
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     let t0: DateTime<Utc> = "2026-03-01T00:00:00Z".parse()?;
///     // falling one point an hour from 95
///     let series: Vec<health::Sample> = (0..10)
///         .map(|h| Ok(health::Sample { at: t0 + Duration::hours(h), score: HealthScore::new(95.0 - h as f64)? }))
///         .collect::<Result<_, kwanus_migration::HealthError>>()?;
///     let f = health::forecast(&series, &Policy::default())?;
///     assert!((f.slope_per_hour + 1.0).abs() < 1e-9);
///     assert_eq!(f.band_now, Band::Reliable); // 86 now
///     assert_eq!(f.crossing_at, Some(t0 + Duration::hours(20))); // 75 at hour 20
///     Ok(())
/// }
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
        if !ms.is_finite() {
            return None;
        }
        // past the dates chrono can represent (about year 262,000) there is no date to give
        #[allow(clippy::cast_possible_truncation)]
        let after = chrono::TimeDelta::try_milliseconds(ms.round() as i64)?;
        t0.checked_add_signed(after)
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
