//! What a [`Policy`] answers: remediation windows, the fallback windows from a rollout, the
//! next governance review, the health weights, its departures from the seeds. Beside the
//! policy, not in it: these read its values and hold none.

use chrono::{DateTime, Months, Utc};

use crate::policy::{Policy, SeedFloor};
use crate::severity::Severity;

impl Policy {
    /// The remediation window in days for `severity`.
    #[must_use]
    pub fn remediation_days(&self, severity: Severity) -> u32 {
        match severity {
            Severity::Minor => self.remediation_minor_days(),
            Severity::Moderate => self.remediation_moderate_days(),
            Severity::Severe => self.remediation_severe_days(),
        }
    }

    /// The remediation deadline for a problem of `severity` found at `at`: minor +30 days,
    /// moderate +14 days, severe immediately (`at` itself) with the seed defaults.
    ///
    /// Saturates at the latest representable time rather than panicking.
    ///
    /// ```
    /// use chrono::{DateTime, Utc};
    /// use kwanus_migration::{Policy, Severity};
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let at: DateTime<Utc> = "2026-08-31T00:00:00Z".parse()?;
    ///     let due = Policy::default().remediation_deadline(Severity::Minor, at);
    ///     assert_eq!(due, "2026-09-30T00:00:00Z".parse::<DateTime<Utc>>()?);
    ///     Ok(())
    /// }
    /// ```
    #[must_use]
    pub fn remediation_deadline(&self, severity: Severity, at: DateTime<Utc>) -> DateTime<Utc> {
        let days = chrono::Days::new(u64::from(self.remediation_days(severity)));
        utc(crate::time_text::unleap(at)
            .naive_utc()
            .checked_add_days(days))
    }

    /// The end of the minimum fallback window for a rollout at `rollout`, in calendar months
    /// (31 August + 6 months = 28 or 29 February). Saturates instead of panicking. A rollout
    /// in a leap second (`23:59:60.f`) counts as the second before it (`23:59:59.f`), so the
    /// result is never a second 60; the same holds for every date the crate derives.
    #[must_use]
    pub fn fallback_until(&self, rollout: DateTime<Utc>) -> DateTime<Utc> {
        let months = Months::new(self.fallback_min_months());
        utc(crate::time_text::unleap(rollout)
            .naive_utc()
            .checked_add_months(months))
    }

    /// The end of the recommended fallback window for a rollout at `rollout`.
    #[must_use]
    pub fn fallback_recommended_until(&self, rollout: DateTime<Utc>) -> DateTime<Utc> {
        let months = Months::new(self.fallback_recommended_months());
        utc(crate::time_text::unleap(rollout)
            .naive_utc()
            .checked_add_months(months))
    }

    /// The four health weights in component order (stability, compatibility,
    /// sustainability, ecosystem impact).
    #[must_use]
    pub fn health_weights(&self) -> [f64; 4] {
        [
            self.weight_stability(),
            self.weight_compatibility(),
            self.weight_sustainability(),
            self.weight_ecosystem(),
        ]
    }

    /// The reason of the departure for `floor`, if this policy weakens it.
    ///
    /// ```
    /// use kwanus_migration::{Policy, SeedFloor};
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let lenient = Policy::builder()
    ///         .remediation_minor_days(45)
    ///         .departure(SeedFloor::RemediationMinorDays, "partner on a quarterly release train")
    ///         .build()?;
    ///     assert_eq!(
    ///         lenient.departure(SeedFloor::RemediationMinorDays),
    ///         Some("partner on a quarterly release train")
    ///     );
    ///     assert_eq!(lenient.departure(SeedFloor::RemediationModerateDays), None);
    ///     Ok(())
    /// }
    /// ```
    #[must_use]
    pub fn departure(&self, floor: SeedFloor) -> Option<&str> {
        self.departures().get(&floor).map(String::as_str)
    }

    /// Whether this policy names no departure: every floor is at least as strict as the
    /// seeds' number.
    #[must_use]
    pub fn is_seed_strict(&self) -> bool {
        self.departures().is_empty()
    }

    /// When the lifecycle is next reviewed after a completion at `at`: one governance
    /// interval later, a leap second counting as the second before it.
    pub(crate) fn next_review(&self, at: DateTime<Utc>) -> DateTime<Utc> {
        crate::time_text::unleap(at)
            .checked_add_months(Months::new(self.governance_interval_months()))
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    }
}

/// A date computed in UTC's calendar (the naive date and time of a UTC instant: UTC has no
/// offset, so no time zone arithmetic), saturated at the latest instant a `DateTime` holds.
fn utc(naive: Option<chrono::NaiveDateTime>) -> DateTime<Utc> {
    naive.map_or(DateTime::<Utc>::MAX_UTC, |n| n.and_utc())
}

#[cfg(test)]
mod tests {
    use chrono::{Days, Duration, TimeZone, Timelike};

    use super::*;

    /// The dates computed in UTC's calendar are those `DateTime<Utc>`'s own arithmetic
    /// gives (through its time zone), saturated alike: over month ends, leap days, leap
    /// seconds and the last dates a `DateTime` holds.
    #[test]
    fn dates_in_utc_calendar_are_chronos() {
        let policy = Policy::default();
        let mut times: Vec<DateTime<Utc>> = [
            (2024, 1, 31),
            (2024, 2, 29),
            (2025, 8, 31),
            (2026, 12, 31),
            (1970, 1, 1),
        ]
        .into_iter()
        .filter_map(|(y, m, d)| Utc.with_ymd_and_hms(y, m, d, 23, 59, 59).single())
        .collect();
        // a leap second, and the last instants a `DateTime` holds
        times.extend(
            times
                .clone()
                .into_iter()
                .filter_map(|t| t.with_nanosecond(1_500_000_000)),
        );
        times.extend([
            DateTime::<Utc>::MAX_UTC,
            DateTime::<Utc>::MAX_UTC - Duration::days(40),
        ]);
        let sat = |t: Option<DateTime<Utc>>| t.unwrap_or(DateTime::<Utc>::MAX_UTC);
        let mut asked = 0;
        for at in times {
            let plain = crate::time_text::unleap(at);
            for severity in Severity::ALL {
                let days = Days::new(u64::from(policy.remediation_days(severity)));
                assert_eq!(
                    policy.remediation_deadline(severity, at),
                    sat(plain.checked_add_days(days)),
                    "{at}"
                );
                asked += 1;
            }
            let months = |n| Months::new(n);
            assert_eq!(
                policy.fallback_until(at),
                sat(plain.checked_add_months(months(policy.fallback_min_months()))),
                "{at}"
            );
            assert_eq!(
                policy.fallback_recommended_until(at),
                sat(plain.checked_add_months(months(policy.fallback_recommended_months()))),
                "{at}"
            );
        }
        assert!(asked >= 36, "{asked}");
    }
}
