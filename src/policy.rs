//! The one place where the seeds' numbers live.

use std::collections::BTreeMap;

use crate::band::Band;
use crate::lint::{ChangeSeverity, Lint};

/// The JSON Schema of `Policy::severity_overrides`: an object from lint names to severities.
#[cfg(feature = "schema")]
fn severity_overrides_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "type": "object",
        "propertyNames": generator.subschema_for::<Lint>(),
        "additionalProperties": generator.subschema_for::<ChangeSeverity>(),
    })
}

macro_rules! policy_fields {
    ($( $(#[$doc:meta])* $name:ident : $ty:ty = $default:expr ; )*) => {
        /// Every number the crate decides with: windows, thresholds and weights.
        ///
        /// `Policy::default()` holds the seeds' numbers. A different policy is made with
        /// [`Policy::builder`], whose [`PolicyBuilder::build`] refuses an inconsistent one (a
        /// recommended fallback window shorter than the minimum, band edges out of order, a
        /// negative weight, …) with a [`PolicyError`] naming the field. Deserializing goes
        /// through the same check; fields left out take their seed default.
        ///
        /// **Seed numbers are floors.** A field with a [`SeedFloor`] (the last column) may be
        /// stricter than the seed's number freely: a longer fallback window, a shorter
        /// remediation window, a higher band edge, a smaller canary. A weaker value is refused
        /// ([`PolicyError::BelowSeedFloor`]) unless the policy names a departure for that
        /// floor with a reason ([`PolicyBuilder::departure`]); the departures travel with the
        /// policy ([`Policy::departures`]), and [`Policy::is_seed_strict`] says there are none.
        ///
        /// | field | default | seed rule | floor |
        /// |---|---|---|---|
        /// | `fallback_min_months` | 6 | playbook §6 "minimum 6 months" | [`SeedFloor::FallbackMinMonths`]: at least 6 |
        /// | `fallback_recommended_months` | 12 | playbook §6 "recommended 12 months" | [`SeedFloor::FallbackRecommendedMonths`]: at least 12 |
        /// | `remediation_minor_days` | 30 | playbook §9 "minor: 30 days" | [`SeedFloor::RemediationMinorDays`]: at most 30 |
        /// | `remediation_moderate_days` | 14 | playbook §9 "moderate: 14 days" | [`SeedFloor::RemediationModerateDays`]: at most 14 |
        /// | `remediation_severe_days` | 0 | playbook §9 "severe: immediate + review" | [`SeedFloor::RemediationSevereDays`]: at most 0 |
        /// | `band_stable` … `band_at_risk` | 90, 75, 60, 40 | framework §8 health table | [`SeedFloor::BandStable`] … [`SeedFloor::BandAtRisk`]: each edge at least its seed |
        /// | `completion_band` | Reliable | completion needs "standard monitoring" or better (crate default) | — |
        /// | `governance_interval_months` | 12 | playbook §10 "Annual Tasks" | [`SeedFloor::GovernanceIntervalMonths`]: at most 12 |
        /// | health weights | 1 each | framework §8 names four equal components | — |
        /// | `min_observed_weight` | 0.75 | fail closed on missing data (crate default) | — |
        /// | `critical_floor` | 40 | a component this low caps the band (crate default) | — |
        /// | `hard_gates` | true | the cap above; a deliberate departure from framework §8's table, `false` for its plain reading | — |
        /// | `collapse_drop` | 20 points | "metrics collapse" (crate default) | — |
        /// | `collapse_short_window_hours` / `collapse_long_window_hours` | 1 / 6 | burn-rate style windows | — |
        /// | `api_error_budget` | 0.01 | 1 % of calls may fail before the API score falls to 0 | — |
        /// | `max_runtime_majors` | 1 | playbook §5 forbids "runtime fragmentation" | — |
        /// | `max_major_step` | 1 | no skipping a major version on a migration path (crate default) | — |
        /// | `max_canary_percent` | 5 | framework §9 shielding: at most a canary share before validation (crate default) | [`SeedFloor::MaxCanaryPercent`]: at most 5 |
        /// | `automatic_fallback` | true | the flow's automatic reasons sanction a fallback (playbook §6: no fallback that bypasses governance) | — |
        /// | `deprecation_before_removal` | true | a removal needs a prior deprecation (crate default, stricter than playbook §5–§6; forced security and compliance migrations pass) | — |
        /// | `severity_overrides` | none | per-lint severity of contract changes, as cargo-semver-checks allows | — |
        /// | `departures` | none | the floors this policy weakens, each with its reason | — |
        ///
        /// ```
        /// use kwanus_migration::{Policy, SeedFloor};
        ///
        /// fn main() -> Result<(), Box<dyn std::error::Error>> {
        ///     let policy = Policy::default();
        ///     assert_eq!(policy.fallback_min_months(), 6);
        ///     assert!(policy.is_seed_strict());
        ///
        ///     // stricter than the seeds is free
        ///     let strict = Policy::builder().fallback_min_months(9).build()?;
        ///     assert_eq!(strict.fallback_min_months(), 9);
        ///
        ///     // weaker needs a named departure with a reason
        ///     let err = Policy::builder().fallback_min_months(3).build().unwrap_err();
        ///     assert_eq!(err.code(), "policy.below_seed_floor");
        ///     assert_eq!(err.field(), "fallback_min_months");
        ///     let pilot = Policy::builder()
        ///         .fallback_min_months(3)
        ///         .departure(SeedFloor::FallbackMinMonths, "pilot programme approved by TSC")
        ///         .build()?;
        ///     assert_eq!(pilot.fallback_min_months(), 3);
        ///     assert_eq!(
        ///         pilot.departure(SeedFloor::FallbackMinMonths),
        ///         Some("pilot programme approved by TSC")
        ///     );
        ///     assert!(!pilot.is_seed_strict());
        ///
        ///     let err = Policy::builder().fallback_recommended_months(3).build().unwrap_err();
        ///     assert_eq!(err.field(), "fallback_recommended_months");
        ///     Ok(())
        /// }
        /// ```
        #[derive(Debug, Clone, PartialEq)]
        #[cfg_attr(
            feature = "serde",
            derive(serde::Serialize, serde::Deserialize),
            serde(try_from = "PolicyBuilder", into = "PolicyBuilder")
        )]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        pub struct Policy {
            $( $name: $ty, )*
            severity_overrides: BTreeMap<Lint, ChangeSeverity>,
            departures: BTreeMap<SeedFloor, String>,
        }

        /// Builds a [`Policy`], starting from the seed defaults; [`PolicyBuilder::build`]
        /// validates.
        #[derive(Debug, Clone, PartialEq)]
        #[cfg_attr(
            feature = "serde",
            derive(serde::Serialize, serde::Deserialize),
            serde(default, deny_unknown_fields)
        )]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        pub struct PolicyBuilder {
            $( $name: $ty, )*
            #[cfg_attr(
                feature = "schema",
                schemars(schema_with = "severity_overrides_schema")
            )]
            severity_overrides: BTreeMap<Lint, ChangeSeverity>,
            #[cfg_attr(feature = "schema", schemars(schema_with = "departures_schema"))]
            departures: BTreeMap<SeedFloor, String>,
        }

        impl Default for PolicyBuilder {
            fn default() -> Self {
                PolicyBuilder {
                    $( $name: $default, )*
                    severity_overrides: BTreeMap::new(),
                    departures: BTreeMap::new(),
                }
            }
        }

        impl Policy {
            $(
                $(#[$doc])*
                #[must_use]
                pub fn $name(&self) -> $ty { self.$name }
            )*
        }

        impl PolicyBuilder {
            $(
                $(#[$doc])*
                #[must_use]
                pub fn $name(mut self, value: $ty) -> Self { self.$name = value; self }
            )*
        }

        impl From<Policy> for PolicyBuilder {
            fn from(p: Policy) -> PolicyBuilder {
                PolicyBuilder {
                    $( $name: p.$name, )*
                    severity_overrides: p.severity_overrides,
                    departures: p.departures,
                }
            }
        }

        impl PolicyBuilder {
            fn into_policy_unchecked(self) -> Policy {
                Policy {
                    $( $name: self.$name, )*
                    severity_overrides: self.severity_overrides,
                    departures: self.departures,
                }
            }
        }
    };
}

policy_fields! {
    /// Minimum months the fallback stays in place after rollout (seed: 6).
    fallback_min_months: u32 = 6;
    /// Recommended months for the fallback (seed: 12); a shorter window warns.
    fallback_recommended_months: u32 = 12;
    /// Days to remediate a minor problem (seed: 30).
    remediation_minor_days: u32 = 30;
    /// Days to remediate a moderate problem (seed: 14).
    remediation_moderate_days: u32 = 14;
    /// Days to remediate a severe problem (seed: 0, "immediate", plus a review).
    remediation_severe_days: u32 = 0;
    /// Lowest score of the Stable band (seed: 90).
    band_stable: u8 = 90;
    /// Lowest score of the Reliable band (seed: 75).
    band_reliable: u8 = 75;
    /// Lowest score of the Vulnerable band (seed: 60).
    band_vulnerable: u8 = 60;
    /// Lowest score of the At Risk band (seed: 40); below it is Unstable.
    band_at_risk: u8 = 40;
    /// The band the last health reading must reach for a migration to complete (crate
    /// default: Reliable, "standard monitoring"; the seeds set no band). At least Vulnerable:
    /// an At Risk or Unstable migration is throttled or restricted, never completed. Each
    /// completion records the band it was held to
    /// ([`EventDetail::Completed`](crate::EventDetail::Completed)), so a record replays
    /// under the policy it was written with.
    completion_band: Band = Band::Reliable;
    /// Months between two runs of each annual governance task (seed: 12).
    governance_interval_months: u32 = 12;
    /// Weight of the stability component of health.
    weight_stability: f64 = 1.0;
    /// Weight of the compatibility component of health.
    weight_compatibility: f64 = 1.0;
    /// Weight of the sustainability component of health.
    weight_sustainability: f64 = 1.0;
    /// Weight of the ecosystem-impact component of health.
    weight_ecosystem: f64 = 1.0;
    /// Share (0–1] of the total weight that must be observed for a health verdict.
    min_observed_weight: f64 = 0.75;
    /// A stability or compatibility value below this caps the health band at At Risk (when
    /// `hard_gates` is on).
    critical_floor: f64 = 40.0;
    /// Whether the hard gate applies: a deliberate departure from the framework's score
    /// table (see [`health`](crate::health)); `false` gives the table's plain reading.
    hard_gates: bool = true;
    /// A score drop of at least this many points inside a window is a collapse.
    collapse_drop: f64 = 20.0;
    /// The short collapse window, in hours.
    collapse_short_window_hours: u32 = 1;
    /// The long collapse window, in hours; a collapse must show in both windows.
    collapse_long_window_hours: u32 = 6;
    /// API error rate (0–1] at which the API-reliability score reaches 0.
    api_error_budget: f64 = 0.01;
    /// Most distinct runtime major versions a partner may span at once.
    max_runtime_majors: u32 = 1;
    /// Most major versions one migration may move a partner at once (a path never skips
    /// more).
    max_major_step: u32 = 1;
    /// Most percent (0–100) of the partner's users a shielded transition may expose, as a
    /// canary, before validation (framework §9 "Migration Shielding: isolation of transition
    /// runtimes"; crate default 5).
    max_canary_percent: u8 = 5;
    /// Whether the flow's own automatic reasons (a failed validation, an At Risk or collapse
    /// throttle) sanction a fallback without a governance approval. With `false`, every
    /// fallback a caller asks for needs the approval of the body governing the migration's
    /// category (playbook §6 forbids "fallback that bypasses governance"). Forced
    /// restrictions (an Unstable reading, a forced collapse, `restrict` after a failed
    /// validation) are the framework's own reactions (§7–§8) and need no approval either way.
    automatic_fallback: bool = true;
    /// Whether an operation or workflow may be removed only after a deprecation was
    /// announced (`release.removed_without_deprecation`). The seeds do not say this: playbook
    /// §5–§6 make a removal a breaking change that needs its major bump and a fallback that
    /// keeps the old behaviour served, and honour an announced sunset. The crate keeps the
    /// stricter rule by default (a departure, listed on the seed map); `false` gives the
    /// documents' plain reading. A migration forced by a security or compliance violation,
    /// whose purpose may be the removal, passes through it (and through an announced sunset)
    /// either way.
    deprecation_before_removal: bool = true;
}

impl Default for Policy {
    fn default() -> Self {
        PolicyBuilder::default().into_policy_unchecked()
    }
}

vocabulary! {
    /// A policy field whose seed number is a floor: stricter is free, weaker only as a named
    /// departure with a reason ([`PolicyBuilder::departure`]).
    ///
    /// Each variant says the seed's number ([`SeedFloor::seed`]) and which way is weaker. The
    /// JSON form, [`SeedFloor::as_str`] and `Display` are the policy field's snake_case name
    /// ([`SeedFloor::field`]), so a policy's `departures` read `{"fallback_min_months": "…"}`.
    ///
    /// ```
    /// use kwanus_migration::{Policy, SeedFloor};
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     assert_eq!(SeedFloor::FallbackMinMonths.field(), "fallback_min_months");
    ///     assert_eq!(SeedFloor::FallbackMinMonths.seed(), 6);
    ///     assert_eq!(SeedFloor::MaxCanaryPercent.to_string(), "max_canary_percent");
    ///     assert_eq!(SeedFloor::ALL.len(), 11);
    ///
    ///     let err = Policy::builder().max_canary_percent(50).build().unwrap_err();
    ///     assert_eq!(err.field(), SeedFloor::MaxCanaryPercent.field());
    ///     Ok(())
    /// }
    /// ```
    #[derive(PartialOrd, Ord)]
    pub enum SeedFloor: Display {
        /// [`Policy::fallback_min_months`]: playbook §6 "minimum 6 months". Seed 6; fewer months
        /// are weaker.
        FallbackMinMonths = "fallback_min_months",
        /// [`Policy::fallback_recommended_months`]: playbook §6 "recommended 12 months". Seed 12;
        /// fewer months are weaker.
        FallbackRecommendedMonths = "fallback_recommended_months",
        /// [`Policy::remediation_minor_days`]: playbook §9 "minor: 30 days". Seed 30; more days
        /// are weaker.
        RemediationMinorDays = "remediation_minor_days",
        /// [`Policy::remediation_moderate_days`]: playbook §9 "moderate: 14 days". Seed 14; more
        /// days are weaker.
        RemediationModerateDays = "remediation_moderate_days",
        /// [`Policy::remediation_severe_days`]: playbook §9 "severe: immediate + review". Seed 0
        /// (immediate); any day is weaker.
        RemediationSevereDays = "remediation_severe_days",
        /// [`Policy::band_stable`]: framework §8 "90–100, Stable". Seed 90; a lower edge is
        /// weaker.
        BandStable = "band_stable",
        /// [`Policy::band_reliable`]: framework §8 "75–89, Reliable". Seed 75; a lower edge is
        /// weaker.
        BandReliable = "band_reliable",
        /// [`Policy::band_vulnerable`]: framework §8 "60–74, Vulnerable". Seed 60; a lower edge
        /// is weaker.
        BandVulnerable = "band_vulnerable",
        /// [`Policy::band_at_risk`]: framework §8 "40–59, At Risk". Seed 40; a lower edge is
        /// weaker.
        BandAtRisk = "band_at_risk",
        /// [`Policy::governance_interval_months`]: playbook §10 "Annual Tasks". Seed 12; more
        /// months between two runs are weaker.
        GovernanceIntervalMonths = "governance_interval_months",
        /// [`Policy::max_canary_percent`]: framework §9 "Migration Shielding", bounded by the
        /// crate's default 5 %. A larger canary is weaker.
        MaxCanaryPercent = "max_canary_percent",
    }
}

/// Which way a floor's value weakens.
#[derive(Clone, Copy)]
enum Weaker {
    /// A smaller value is weaker (a shorter window, a lower edge).
    Below,
    /// A larger value is weaker (a longer deadline, a larger share).
    Above,
}

impl SeedFloor {
    /// The name of the [`Policy`] field this floor bounds (the same as
    /// [`SeedFloor::as_str`], and as [`PolicyError::field`] names it).
    #[must_use]
    pub const fn field(self) -> &'static str {
        self.as_str()
    }

    /// The seed's number: the value of [`Policy::default`] for this field, and the weakest
    /// value a policy may hold without a departure.
    #[must_use]
    pub const fn seed(self) -> u32 {
        match self {
            SeedFloor::FallbackMinMonths => 6,
            SeedFloor::FallbackRecommendedMonths => 12,
            SeedFloor::RemediationMinorDays => 30,
            SeedFloor::RemediationModerateDays => 14,
            SeedFloor::RemediationSevereDays => 0,
            SeedFloor::BandStable => 90,
            SeedFloor::BandReliable => 75,
            SeedFloor::BandVulnerable => 60,
            SeedFloor::BandAtRisk => 40,
            SeedFloor::GovernanceIntervalMonths => 12,
            SeedFloor::MaxCanaryPercent => 5,
        }
    }

    const fn weaker(self) -> Weaker {
        match self {
            SeedFloor::FallbackMinMonths
            | SeedFloor::FallbackRecommendedMonths
            | SeedFloor::BandStable
            | SeedFloor::BandReliable
            | SeedFloor::BandVulnerable
            | SeedFloor::BandAtRisk => Weaker::Below,
            SeedFloor::RemediationMinorDays
            | SeedFloor::RemediationModerateDays
            | SeedFloor::RemediationSevereDays
            | SeedFloor::GovernanceIntervalMonths
            | SeedFloor::MaxCanaryPercent => Weaker::Above,
        }
    }

    /// Whether `value` of this floor's field is weaker than the seed's number.
    const fn is_weaker(self, value: u32) -> bool {
        match self.weaker() {
            Weaker::Below => value < self.seed(),
            Weaker::Above => value > self.seed(),
        }
    }

    /// The value of this floor's field in `b`.
    fn value_in(self, b: &PolicyBuilder) -> u32 {
        match self {
            SeedFloor::FallbackMinMonths => b.fallback_min_months,
            SeedFloor::FallbackRecommendedMonths => b.fallback_recommended_months,
            SeedFloor::RemediationMinorDays => b.remediation_minor_days,
            SeedFloor::RemediationModerateDays => b.remediation_moderate_days,
            SeedFloor::RemediationSevereDays => b.remediation_severe_days,
            SeedFloor::BandStable => u32::from(b.band_stable),
            SeedFloor::BandReliable => u32::from(b.band_reliable),
            SeedFloor::BandVulnerable => u32::from(b.band_vulnerable),
            SeedFloor::BandAtRisk => u32::from(b.band_at_risk),
            SeedFloor::GovernanceIntervalMonths => b.governance_interval_months,
            SeedFloor::MaxCanaryPercent => u32::from(b.max_canary_percent),
        }
    }
}

/// `Policy::departures`: an object from floor names to non-blank reasons.
#[cfg(feature = "schema")]
fn departures_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "type": "object",
        "propertyNames": generator.subschema_for::<SeedFloor>(),
        "additionalProperties": { "type": "string", "pattern": "\\S" },
    })
}

/// Why a [`Policy`] was refused. Names the field at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PolicyError {
    /// A field is outside the values it can take.
    #[error("policy field `{field}` is {value}, but must be {expected}")]
    OutOfRange {
        /// The field at fault.
        field: &'static str,
        /// The value found.
        value: String,
        /// What the value must be.
        expected: &'static str,
    },
    /// A field contradicts another.
    #[error("policy field `{field}` is {value}, but must be {relation} `{other}` ({other_value})")]
    Inconsistent {
        /// The field at fault.
        field: &'static str,
        /// Its value.
        value: String,
        /// How it must relate to the other field.
        relation: &'static str,
        /// The other field.
        other: &'static str,
        /// The other field's value.
        other_value: String,
    },
    /// A field is weaker than the seed's number and the policy names no departure for it.
    #[error(
        "policy field `{field}` is {value}, weaker than the seed's {seed}; a weaker value needs a named departure with a reason"
    )]
    BelowSeedFloor {
        /// The field at fault.
        field: &'static str,
        /// The value found.
        value: String,
        /// The seed's number.
        seed: String,
    },
    /// A departure without a reason: blank or whitespace only.
    #[error("the departure for policy field `{field}` has a blank reason")]
    BlankDeparture {
        /// The field the departure names.
        field: &'static str,
    },
    /// A departure for a field that is not weaker than the seed's number: the record of
    /// departures lists only real ones.
    #[error(
        "policy field `{field}` names a departure, but its value is not weaker than the seed's"
    )]
    NeedlessDeparture {
        /// The field the departure names.
        field: &'static str,
    },
}

impl PolicyError {
    /// The name of the field at fault.
    #[must_use]
    pub fn field(&self) -> &'static str {
        match self {
            PolicyError::OutOfRange { field, .. }
            | PolicyError::Inconsistent { field, .. }
            | PolicyError::BelowSeedFloor { field, .. }
            | PolicyError::BlankDeparture { field }
            | PolicyError::NeedlessDeparture { field } => field,
        }
    }

    /// A stable machine-readable code for partner SDKs.
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            PolicyError::OutOfRange { .. } => "policy.out_of_range",
            PolicyError::Inconsistent { .. } => "policy.inconsistent",
            PolicyError::BelowSeedFloor { .. } => "policy.below_seed_floor",
            PolicyError::BlankDeparture { .. } => "policy.blank_departure",
            PolicyError::NeedlessDeparture { .. } => "policy.needless_departure",
        }
    }
}

fn range_err(field: &'static str, value: impl ToString, expected: &'static str) -> PolicyError {
    PolicyError::OutOfRange {
        field,
        value: value.to_string(),
        expected,
    }
}

fn order_err(
    field: &'static str,
    value: impl ToString,
    relation: &'static str,
    other: &'static str,
    other_value: impl ToString,
) -> PolicyError {
    PolicyError::Inconsistent {
        field,
        value: value.to_string(),
        relation,
        other,
        other_value: other_value.to_string(),
    }
}

impl PolicyBuilder {
    /// Checks every field, their consistency and the seed floors, and makes the [`Policy`].
    ///
    /// # Errors
    ///
    /// [`PolicyError`] naming the first field at fault. First each field's range and its
    /// consistency with the others, in declaration order:
    /// [`OutOfRange`](PolicyError::OutOfRange) (`policy.out_of_range`) or
    /// [`Inconsistent`](PolicyError::Inconsistent) (`policy.inconsistent`). Then the seed
    /// floors, in the order of [`SeedFloor::ALL`]; for each:
    ///
    /// - [`BlankDeparture`](PolicyError::BlankDeparture) (`policy.blank_departure`): a
    ///   departure whose reason is blank;
    /// - [`BelowSeedFloor`](PolicyError::BelowSeedFloor) (`policy.below_seed_floor`): a value
    ///   weaker than the seed's number without a departure;
    /// - [`NeedlessDeparture`](PolicyError::NeedlessDeparture) (`policy.needless_departure`):
    ///   a departure for a value that is not weaker than the seed's number.
    pub fn build(self) -> Result<Policy, PolicyError> {
        let b = &self;
        if b.fallback_min_months == 0 {
            return Err(range_err("fallback_min_months", 0, "at least 1"));
        }
        if b.max_canary_percent > 100 {
            return Err(range_err(
                "max_canary_percent",
                b.max_canary_percent,
                "at most 100",
            ));
        }
        if b.fallback_recommended_months < b.fallback_min_months {
            return Err(order_err(
                "fallback_recommended_months",
                b.fallback_recommended_months,
                "at least",
                "fallback_min_months",
                b.fallback_min_months,
            ));
        }
        if b.remediation_moderate_days > b.remediation_minor_days {
            return Err(order_err(
                "remediation_moderate_days",
                b.remediation_moderate_days,
                "at most",
                "remediation_minor_days",
                b.remediation_minor_days,
            ));
        }
        if b.remediation_severe_days > b.remediation_moderate_days {
            return Err(order_err(
                "remediation_severe_days",
                b.remediation_severe_days,
                "at most",
                "remediation_moderate_days",
                b.remediation_moderate_days,
            ));
        }
        if b.band_stable > 100 {
            return Err(range_err("band_stable", b.band_stable, "at most 100"));
        }
        let bands = [
            ("band_stable", b.band_stable),
            ("band_reliable", b.band_reliable),
            ("band_vulnerable", b.band_vulnerable),
            ("band_at_risk", b.band_at_risk),
        ];
        for pair in bands.windows(2) {
            let (upper, lower) = (pair[0], pair[1]);
            if lower.1 >= upper.1 {
                return Err(order_err(lower.0, lower.1, "below", upper.0, upper.1));
            }
        }
        if b.band_at_risk == 0 {
            return Err(range_err("band_at_risk", 0, "at least 1"));
        }
        if b.completion_band < Band::Vulnerable {
            return Err(range_err(
                "completion_band",
                b.completion_band.as_str(),
                "vulnerable, reliable or stable",
            ));
        }
        if b.governance_interval_months == 0 {
            return Err(range_err("governance_interval_months", 0, "at least 1"));
        }
        let weights = [
            ("weight_stability", b.weight_stability),
            ("weight_compatibility", b.weight_compatibility),
            ("weight_sustainability", b.weight_sustainability),
            ("weight_ecosystem", b.weight_ecosystem),
        ];
        for (field, w) in weights {
            // `-0` is refused too: a number is written one way (the record's decimal text)
            if !w.is_finite() || w < 0.0 || w.is_sign_negative() {
                return Err(range_err(field, w, "a finite number at least 0"));
            }
        }
        if weights.iter().map(|w| w.1).sum::<f64>() <= 0.0 {
            return Err(range_err(
                "weight_ecosystem",
                b.weight_ecosystem,
                "such that the four health weights sum to more than 0",
            ));
        }
        if !(b.min_observed_weight > 0.0 && b.min_observed_weight <= 1.0) {
            return Err(range_err(
                "min_observed_weight",
                b.min_observed_weight,
                "in (0, 1]",
            ));
        }
        if !(0.0..=100.0).contains(&b.critical_floor) || b.critical_floor.is_sign_negative() {
            return Err(range_err("critical_floor", b.critical_floor, "in [0, 100]"));
        }
        if !(b.collapse_drop > 0.0 && b.collapse_drop <= 100.0) {
            return Err(range_err("collapse_drop", b.collapse_drop, "in (0, 100]"));
        }
        if b.collapse_short_window_hours == 0 {
            return Err(range_err("collapse_short_window_hours", 0, "at least 1"));
        }
        if b.collapse_long_window_hours <= b.collapse_short_window_hours {
            return Err(order_err(
                "collapse_long_window_hours",
                b.collapse_long_window_hours,
                "longer than",
                "collapse_short_window_hours",
                b.collapse_short_window_hours,
            ));
        }
        if !(b.api_error_budget > 0.0 && b.api_error_budget <= 1.0) {
            return Err(range_err(
                "api_error_budget",
                b.api_error_budget,
                "in (0, 1]",
            ));
        }
        if b.max_runtime_majors == 0 {
            return Err(range_err("max_runtime_majors", 0, "at least 1"));
        }
        if let Some(lint) = b
            .severity_overrides
            .keys()
            .find(|l| !l.is_contract_change())
        {
            return Err(range_err(
                "severity_overrides",
                lint.id(),
                "a contract-change lint (contract.*)",
            ));
        }
        for floor in SeedFloor::ALL {
            let value = floor.value_in(b);
            let weaker = floor.is_weaker(value);
            match b.departures.get(&floor) {
                Some(reason) if crate::text::blank(reason) => {
                    return Err(PolicyError::BlankDeparture {
                        field: floor.field(),
                    });
                }
                Some(_) if !weaker => {
                    return Err(PolicyError::NeedlessDeparture {
                        field: floor.field(),
                    });
                }
                None if weaker => {
                    return Err(PolicyError::BelowSeedFloor {
                        field: floor.field(),
                        value: value.to_string(),
                        seed: floor.seed().to_string(),
                    });
                }
                Some(_) | None => {}
            }
        }
        Ok(self.into_policy_unchecked())
    }
}

impl TryFrom<PolicyBuilder> for Policy {
    type Error = PolicyError;
    fn try_from(b: PolicyBuilder) -> Result<Policy, PolicyError> {
        b.build()
    }
}

impl PolicyBuilder {
    /// Overrides the severity of a contract-change lint (for example, to treat a handler
    /// change as breaking). [`PolicyBuilder::build`] refuses an override of a lint that does
    /// not classify contract changes.
    #[must_use]
    pub fn severity_override(mut self, lint: Lint, severity: ChangeSeverity) -> Self {
        self.severity_overrides.insert(lint, severity);
        self
    }

    /// Names a departure from the seed's number for `floor`, with its `reason`: the policy may
    /// then hold a value of that field weaker than the seed's. A second departure for the same
    /// floor replaces the first. [`PolicyBuilder::build`] refuses a blank reason and a
    /// departure for a value that is not weaker than the seed's.
    ///
    /// ```
    /// use kwanus_migration::{Policy, SeedFloor};
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let pilot = Policy::builder()
    ///         .fallback_min_months(3)
    ///         .departure(SeedFloor::FallbackMinMonths, "pilot programme approved by TSC")
    ///         .build()?;
    ///     assert_eq!(pilot.fallback_min_months(), 3);
    ///
    ///     let err = Policy::builder().fallback_min_months(3).build().unwrap_err();
    ///     assert_eq!(err.code(), "policy.below_seed_floor");
    ///
    ///     let err = Policy::builder()
    ///         .departure(SeedFloor::FallbackMinMonths, "just in case")
    ///         .build()
    ///         .unwrap_err();
    ///     assert_eq!(err.code(), "policy.needless_departure");
    ///     Ok(())
    /// }
    /// ```
    #[must_use]
    pub fn departure(mut self, floor: SeedFloor, reason: impl Into<String>) -> Self {
        self.departures.insert(floor, reason.into());
        self
    }
}

impl Policy {
    /// The severity of a contract-change lint under this policy: the override if any, else
    /// the lint's default. `None` for lints that do not classify contract changes.
    ///
    /// ```
    /// use kwanus_migration::rules::{ChangeSeverity, Lint};
    /// use kwanus_migration::Policy;
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let strict = Policy::builder()
    ///         .severity_override(Lint::WorkflowHandlerChanged, ChangeSeverity::Breaking)
    ///         .build()?;
    ///     assert_eq!(strict.severity(Lint::WorkflowHandlerChanged), Some(ChangeSeverity::Breaking));
    ///     assert_eq!(Policy::default().severity(Lint::WorkflowHandlerChanged), Some(ChangeSeverity::PossiblyBreaking));
    ///     Ok(())
    /// }
    /// ```
    #[must_use]
    pub fn severity(&self, lint: Lint) -> Option<ChangeSeverity> {
        self.severity_overrides
            .get(&lint)
            .copied()
            .or(lint.default_severity())
    }

    /// A builder starting from the seed defaults.
    #[must_use]
    pub fn builder() -> PolicyBuilder {
        PolicyBuilder::default()
    }

    /// The departures this policy names: each floor it weakens, with the reason. Every entry
    /// is a real departure (its field is weaker than the seed's number) with a non-blank
    /// reason, and every field weaker than its seed's number has one.
    #[must_use]
    pub fn departures(&self) -> &BTreeMap<SeedFloor, String> {
        &self.departures
    }
}

impl Policy {
    /// The severity overrides as set, for the record's encoding.
    pub(crate) fn severity_overrides(&self) -> &BTreeMap<Lint, ChangeSeverity> {
        &self.severity_overrides
    }
}
