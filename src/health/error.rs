//! Why health data was refused ([`HealthError`]), and the one check every value passes.

use super::component::Component;

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
pub(super) fn check_value(component: Option<Component>, v: f64) -> Result<f64, HealthError> {
    // one comparison pair rejects NaN too; the cold path says which it was
    if (0.0..=100.0).contains(&v) {
        return Ok(v);
    }
    if !v.is_finite() {
        return Err(HealthError::NotFinite { component });
    }
    Err(HealthError::OutOfRange {
        component,
        value: v,
    })
}
