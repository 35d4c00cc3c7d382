//! `Policy::default()` is the seeds, number for number; inconsistent policies are refused; a
//! seed number is a floor: stricter is free, weaker only as a named departure with a reason.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use kwanus_migration::{Band, Policy, PolicyBuilder, PolicyError, SeedFloor, Severity};
use proptest::prelude::*;

#[test]
fn defaults_are_the_seed_numbers() {
    let p = Policy::default();
    assert_eq!(p.fallback_min_months(), 6);
    assert_eq!(p.fallback_recommended_months(), 12);
    assert_eq!(p.remediation_days(Severity::Minor), 30);
    assert_eq!(p.remediation_days(Severity::Moderate), 14);
    assert_eq!(p.remediation_days(Severity::Severe), 0);
    assert_eq!(
        (
            p.band_stable(),
            p.band_reliable(),
            p.band_vulnerable(),
            p.band_at_risk()
        ),
        (90, 75, 60, 40)
    );
    assert_eq!(p.governance_interval_months(), 12);
    assert_eq!(p.completion_band(), Band::Reliable);
    assert_eq!(p.health_weights(), [1.0; 4]);
    assert_eq!(Policy::builder().build().expect("defaults are valid"), p);
}

#[test]
fn deadlines_and_windows_use_calendar_arithmetic() {
    let p = Policy::default();
    let at: DateTime<Utc> = "2026-08-31T12:00:00Z".parse().unwrap();
    assert_eq!(p.remediation_deadline(Severity::Severe, at), at);
    assert_eq!(
        p.remediation_deadline(Severity::Moderate, at),
        "2026-09-14T12:00:00Z".parse::<DateTime<Utc>>().unwrap()
    );
    // 31 August + 6 months is the last day of February
    assert_eq!(
        p.fallback_until(at),
        "2027-02-28T12:00:00Z".parse::<DateTime<Utc>>().unwrap()
    );
    let leap: DateTime<Utc> = "2027-08-31T00:00:00Z".parse().unwrap();
    assert_eq!(
        p.fallback_until(leap),
        "2028-02-29T00:00:00Z".parse::<DateTime<Utc>>().unwrap()
    );
    assert_eq!(
        p.fallback_recommended_until(at),
        "2027-08-31T12:00:00Z".parse::<DateTime<Utc>>().unwrap()
    );
    // saturates instead of panicking
    assert_eq!(
        p.fallback_until(DateTime::<Utc>::MAX_UTC),
        DateTime::<Utc>::MAX_UTC
    );
}

fn field(r: Result<Policy, PolicyError>) -> &'static str {
    r.expect_err("must be refused").field()
}

#[test]
fn inconsistent_policies_name_the_field() {
    let b = Policy::builder;
    assert_eq!(
        field(b().fallback_min_months(0).build()),
        "fallback_min_months"
    );
    for band in [Band::AtRisk, Band::Unstable] {
        assert_eq!(field(b().completion_band(band).build()), "completion_band");
    }
    for band in [Band::Vulnerable, Band::Reliable, Band::Stable] {
        assert!(b().completion_band(band).build().is_ok(), "{band}");
    }
    assert_eq!(
        field(b().fallback_recommended_months(5).build()),
        "fallback_recommended_months"
    );
    assert!(
        b().fallback_recommended_months(6)
            .departure(SeedFloor::FallbackRecommendedMonths, "a short programme")
            .build()
            .is_ok(),
        "the recommended window may be the minimum"
    );
    // a remediation window may be as long as the next milder one
    assert!(b()
        .remediation_moderate_days(30)
        .departure(SeedFloor::RemediationModerateDays, "one window for all")
        .build()
        .is_ok());
    assert!(b()
        .remediation_severe_days(14)
        .departure(SeedFloor::RemediationSevereDays, "one window for all")
        .build()
        .is_ok());
    assert_eq!(
        field(b().remediation_moderate_days(31).build()),
        "remediation_moderate_days"
    );
    assert_eq!(
        field(b().remediation_severe_days(15).build()),
        "remediation_severe_days"
    );
    assert_eq!(field(b().band_stable(101).build()), "band_stable");
    assert!(
        b().band_stable(100).build().is_ok(),
        "a perfect score may be required"
    );
    assert_eq!(field(b().band_reliable(90).build()), "band_reliable");
    assert_eq!(field(b().band_vulnerable(80).build()), "band_vulnerable");
    assert_eq!(field(b().band_at_risk(60).build()), "band_at_risk");
    assert_eq!(field(b().band_at_risk(0).build()), "band_at_risk");
    assert_eq!(
        field(b().governance_interval_months(0).build()),
        "governance_interval_months"
    );
    assert_eq!(
        field(b().weight_stability(-1.0).build()),
        "weight_stability"
    );
    assert_eq!(
        field(b().weight_compatibility(f64::NAN).build()),
        "weight_compatibility"
    );
    assert_eq!(
        field(
            b().weight_stability(0.0)
                .weight_compatibility(0.0)
                .weight_sustainability(0.0)
                .weight_ecosystem(0.0)
                .build()
        ),
        "weight_ecosystem"
    );
    assert_eq!(
        field(b().min_observed_weight(0.0).build()),
        "min_observed_weight"
    );
    assert_eq!(field(b().critical_floor(101.0).build()), "critical_floor");
    assert_eq!(field(b().collapse_drop(0.0).build()), "collapse_drop");
    assert_eq!(
        field(b().collapse_long_window_hours(1).build()),
        "collapse_long_window_hours"
    );
    for budget in [f64::INFINITY, 0.0, -0.01, 1.01] {
        assert_eq!(
            field(b().api_error_budget(budget).build()),
            "api_error_budget",
            "{budget}"
        );
    }
    assert!(
        b().api_error_budget(1.0).build().is_ok(),
        "the whole budget is allowed"
    );
    assert_eq!(
        field(b().max_runtime_majors(0).build()),
        "max_runtime_majors"
    );
    let err = b().band_reliable(95).build().unwrap_err();
    assert_eq!(err.code(), "policy.inconsistent");
    assert_eq!(
        err.to_string(),
        "policy field `band_reliable` is 95, but must be below `band_stable` (90)"
    );
}

#[test]
fn serde_validates_and_fills_defaults() {
    let p: Policy = serde_json::from_str(r#"{"fallback_min_months": 9}"#).expect("valid");
    assert_eq!(p.fallback_min_months(), 9);
    assert_eq!(p.fallback_recommended_months(), 12);
    let err = serde_json::from_str::<Policy>(r#"{"fallback_min_months": 13}"#).unwrap_err();
    assert!(
        err.to_string().contains("fallback_recommended_months"),
        "{err}"
    );
    assert!(serde_json::from_str::<Policy>(r#"{"no_such_field": 1}"#).is_err());
    let json = serde_json::to_string(&Policy::default()).unwrap();
    assert_eq!(
        serde_json::from_str::<Policy>(&json).unwrap(),
        Policy::default()
    );
}

#[test]
fn severity_overrides_round_trip_and_are_checked() {
    use kwanus_migration::rules::{ChangeSeverity, Lint};
    let p: Policy =
        serde_json::from_str(r#"{"severity_overrides": {"workflow_handler_changed": "breaking"}}"#)
            .expect("valid");
    assert_eq!(
        p.severity(Lint::WorkflowHandlerChanged),
        Some(ChangeSeverity::Breaking)
    );
    assert_eq!(p.severity(Lint::OperationAdded), Some(ChangeSeverity::Info));
    assert_eq!(p.severity(Lint::SilentBreakingChange), None);
    let json = serde_json::to_string(&p).unwrap();
    assert_eq!(serde_json::from_str::<Policy>(&json).unwrap(), p);
    let err =
        serde_json::from_str::<Policy>(r#"{"severity_overrides": {"unversioned_change": "info"}}"#)
            .unwrap_err();
    assert!(err.to_string().contains("severity_overrides"), "{err}");
}

#[test]
fn a_whole_canary_is_a_percentage() {
    let b = Policy::builder;
    assert!(b()
        .max_canary_percent(100)
        .departure(SeedFloor::MaxCanaryPercent, "an internal partner, no users")
        .build()
        .is_ok());
    assert_eq!(
        field(
            b().max_canary_percent(101)
                .departure(SeedFloor::MaxCanaryPercent, "an internal partner, no users")
                .build()
        ),
        "max_canary_percent"
    );
    assert_eq!(
        b().max_canary_percent(101).build().unwrap_err().code(),
        "policy.out_of_range",
        "the range is checked before the floor"
    );
}

/// Which way a floor's value weakens, written here from the seeds, apart from the crate.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Weaker {
    /// fewer months, a lower edge
    Below,
    /// more days or months, a larger canary
    Above,
}

/// One floor: its seed number, which way is weaker, how to read and set it, a weaker value
/// and a stricter value that are consistent with the other defaults.
struct Row {
    floor: SeedFloor,
    seed: u32,
    weaker: Weaker,
    get: fn(&Policy) -> u32,
    set: fn(PolicyBuilder, u32) -> PolicyBuilder,
    weaker_value: u32,
    stricter_value: Option<u32>,
}

fn u8_of(v: u32) -> u8 {
    u8::try_from(v).expect("a band edge or a percentage fits a u8")
}

/// The floors, in the order of `SeedFloor::ALL`.
fn rows() -> [Row; 11] {
    use Weaker::{Above, Below};
    [
        Row {
            floor: SeedFloor::FallbackMinMonths,
            seed: 6,
            weaker: Below,
            get: Policy::fallback_min_months,
            set: PolicyBuilder::fallback_min_months,
            weaker_value: 3,
            stricter_value: Some(9),
        },
        Row {
            floor: SeedFloor::FallbackRecommendedMonths,
            seed: 12,
            weaker: Below,
            get: Policy::fallback_recommended_months,
            set: PolicyBuilder::fallback_recommended_months,
            weaker_value: 8,
            stricter_value: Some(18),
        },
        Row {
            floor: SeedFloor::RemediationMinorDays,
            seed: 30,
            weaker: Above,
            get: Policy::remediation_minor_days,
            set: PolicyBuilder::remediation_minor_days,
            weaker_value: 45,
            stricter_value: Some(20),
        },
        Row {
            floor: SeedFloor::RemediationModerateDays,
            seed: 14,
            weaker: Above,
            get: Policy::remediation_moderate_days,
            set: PolicyBuilder::remediation_moderate_days,
            weaker_value: 21,
            stricter_value: Some(7),
        },
        Row {
            floor: SeedFloor::RemediationSevereDays,
            seed: 0,
            weaker: Above,
            get: Policy::remediation_severe_days,
            set: PolicyBuilder::remediation_severe_days,
            weaker_value: 3,
            // "immediate" has nothing stricter
            stricter_value: None,
        },
        Row {
            floor: SeedFloor::BandStable,
            seed: 90,
            weaker: Below,
            get: |p| u32::from(p.band_stable()),
            set: |b, v| b.band_stable(u8_of(v)),
            weaker_value: 85,
            stricter_value: Some(95),
        },
        Row {
            floor: SeedFloor::BandReliable,
            seed: 75,
            weaker: Below,
            get: |p| u32::from(p.band_reliable()),
            set: |b, v| b.band_reliable(u8_of(v)),
            weaker_value: 70,
            stricter_value: Some(80),
        },
        Row {
            floor: SeedFloor::BandVulnerable,
            seed: 60,
            weaker: Below,
            get: |p| u32::from(p.band_vulnerable()),
            set: |b, v| b.band_vulnerable(u8_of(v)),
            weaker_value: 50,
            stricter_value: Some(65),
        },
        Row {
            floor: SeedFloor::BandAtRisk,
            seed: 40,
            weaker: Below,
            get: |p| u32::from(p.band_at_risk()),
            set: |b, v| b.band_at_risk(u8_of(v)),
            weaker_value: 30,
            stricter_value: Some(50),
        },
        Row {
            floor: SeedFloor::GovernanceIntervalMonths,
            seed: 12,
            weaker: Above,
            get: Policy::governance_interval_months,
            set: PolicyBuilder::governance_interval_months,
            weaker_value: 18,
            stricter_value: Some(6),
        },
        Row {
            floor: SeedFloor::MaxCanaryPercent,
            seed: 5,
            weaker: Above,
            get: |p| u32::from(p.max_canary_percent()),
            set: |b, v| b.max_canary_percent(u8_of(v)),
            weaker_value: 100,
            stricter_value: Some(1),
        },
    ]
}

fn is_weaker(row: &Row, value: u32) -> bool {
    match row.weaker {
        Weaker::Below => value < row.seed,
        Weaker::Above => value > row.seed,
    }
}

#[test]
fn the_floors_are_the_seed_numbers_of_the_default_policy() {
    let rows = rows();
    let floors: Vec<SeedFloor> = rows.iter().map(|r| r.floor).collect();
    assert_eq!(floors, SeedFloor::ALL, "one row per floor, in order");
    let mut sorted = floors.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted, floors, "ALL is distinct and in the order of Ord");
    let p = Policy::default();
    assert!(p.is_seed_strict());
    assert!(p.departures().is_empty());
    for row in &rows {
        let floor = row.floor;
        assert_eq!(floor.seed(), row.seed, "{floor}");
        assert_eq!((row.get)(&p), row.seed, "the default is the seed: {floor}");
        assert_eq!(floor.field(), floor.as_str());
        assert_eq!(floor.to_string(), floor.as_str());
        assert_eq!(
            serde_json::to_value(floor).unwrap(),
            serde_json::Value::from(floor.as_str()),
            "the JSON form is the field name"
        );
        assert_eq!(
            serde_json::from_value::<SeedFloor>(floor.as_str().into()).unwrap(),
            floor
        );
        assert_eq!(p.departure(floor), None);
    }
}

#[test]
fn a_weaker_value_without_a_departure_is_refused_with_its_field() {
    for row in rows() {
        let floor = row.floor;
        let err = (row.set)(Policy::builder(), row.weaker_value)
            .build()
            .expect_err(floor.as_str());
        assert_eq!(err.field(), floor.field());
        assert_eq!(err.code(), "policy.below_seed_floor", "{floor}");
        assert_eq!(
            err,
            PolicyError::BelowSeedFloor {
                field: floor.field(),
                value: row.weaker_value.to_string(),
                seed: row.seed.to_string(),
            }
        );
    }
    let err = Policy::builder()
        .fallback_min_months(1)
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "policy field `fallback_min_months` is 1, weaker than the seed's 6; a weaker value \
         needs a named departure with a reason"
    );
}

#[test]
fn a_weaker_value_with_a_departure_builds_and_carries_it() {
    for row in rows() {
        let floor = row.floor;
        let reason = format!("pilot of {floor} approved by TSC");
        let p = (row.set)(Policy::builder(), row.weaker_value)
            .departure(floor, reason.clone())
            .build()
            .unwrap_or_else(|e| panic!("{floor}: {e}"));
        assert_eq!((row.get)(&p), row.weaker_value);
        assert_eq!(p.departures(), &BTreeMap::from([(floor, reason.clone())]));
        assert_eq!(p.departure(floor), Some(reason.as_str()));
        assert!(!p.is_seed_strict());
    }
    // the example of the docs: the later departure for a floor replaces the earlier one
    let p = Policy::builder()
        .fallback_min_months(3)
        .departure(SeedFloor::FallbackMinMonths, "first draft")
        .departure(
            SeedFloor::FallbackMinMonths,
            "pilot programme approved by TSC",
        )
        .build()
        .unwrap();
    assert_eq!(
        p.departure(SeedFloor::FallbackMinMonths),
        Some("pilot programme approved by TSC")
    );
    assert_eq!(p.departures().len(), 1);
}

#[test]
fn a_departure_must_be_needed_and_give_a_reason() {
    for row in rows() {
        let floor = row.floor;
        // at the seed's number, or stricter, a departure is needless
        let mut values = vec![row.seed];
        values.extend(row.stricter_value);
        for value in values {
            let err = (row.set)(Policy::builder(), value)
                .departure(floor, "just in case")
                .build()
                .expect_err(floor.as_str());
            assert_eq!(
                err,
                PolicyError::NeedlessDeparture {
                    field: floor.field()
                }
            );
            assert_eq!(err.code(), "policy.needless_departure");
        }
        // a blank reason is no reason, weaker or not
        for value in [row.seed, row.weaker_value] {
            for blank in ["", "   ", "\t\n"] {
                let err = (row.set)(Policy::builder(), value)
                    .departure(floor, blank)
                    .build()
                    .expect_err(floor.as_str());
                assert_eq!(
                    err,
                    PolicyError::BlankDeparture {
                        field: floor.field()
                    }
                );
                assert_eq!(err.code(), "policy.blank_departure");
            }
        }
    }
    let err = Policy::builder()
        .departure(SeedFloor::BandAtRisk, "")
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the departure for policy field `band_at_risk` has a blank reason"
    );
    let err = Policy::builder()
        .departure(SeedFloor::BandAtRisk, "just in case")
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "policy field `band_at_risk` names a departure, but its value is not weaker than the \
         seed's"
    );
}

#[test]
fn stricter_values_are_free() {
    for row in rows() {
        let Some(value) = row.stricter_value else {
            continue;
        };
        let p = (row.set)(Policy::builder(), value)
            .build()
            .unwrap_or_else(|e| panic!("{}: {e}", row.floor));
        assert_eq!((row.get)(&p), value);
        assert!(p.is_seed_strict());
    }
    // all at once, and a canary of nobody
    let p = Policy::builder()
        .fallback_min_months(9)
        .fallback_recommended_months(24)
        .remediation_minor_days(20)
        .remediation_moderate_days(7)
        .band_stable(95)
        .band_reliable(85)
        .band_vulnerable(70)
        .band_at_risk(50)
        .governance_interval_months(6)
        .max_canary_percent(0)
        .build()
        .unwrap();
    assert!(p.is_seed_strict());
}

#[test]
fn departures_round_trip_through_serde_and_are_checked_on_the_way_in() {
    let p = Policy::builder()
        .fallback_min_months(3)
        .departure(
            SeedFloor::FallbackMinMonths,
            "pilot programme approved by TSC",
        )
        .band_at_risk(30)
        .departure(SeedFloor::BandAtRisk, "a young ecosystem, CGB 2026-04")
        .build()
        .unwrap();
    let json = serde_json::to_value(&p).unwrap();
    assert_eq!(
        json["departures"],
        serde_json::json!({
            "fallback_min_months": "pilot programme approved by TSC",
            "band_at_risk": "a young ecosystem, CGB 2026-04",
        })
    );
    let back: Policy = serde_json::from_value(json).unwrap();
    assert_eq!(back, p);
    assert_eq!(back.departures(), p.departures());
    // the default policy writes an empty set of departures and reads it back
    let default = serde_json::to_value(Policy::default()).unwrap();
    assert_eq!(default["departures"], serde_json::json!({}));

    // weaker without a departure: refused on the way in, naming the field
    let err = serde_json::from_str::<Policy>(r#"{"fallback_min_months": 1}"#).unwrap_err();
    assert!(err.to_string().contains("`fallback_min_months`"), "{err}");
    assert!(err.to_string().contains("departure"), "{err}");
    let err = serde_json::from_str::<Policy>(r#"{"max_canary_percent": 100}"#).unwrap_err();
    assert!(err.to_string().contains("`max_canary_percent`"), "{err}");
    // with one, read
    let p: Policy = serde_json::from_str(
        r#"{"remediation_severe_days": 100, "remediation_moderate_days": 100,
            "remediation_minor_days": 100,
            "departures": {"remediation_severe_days": "a test bed",
                           "remediation_moderate_days": "a test bed",
                           "remediation_minor_days": "a test bed"}}"#,
    )
    .unwrap();
    assert_eq!(p.remediation_days(Severity::Severe), 100);
    assert_eq!(p.departures().len(), 3);
    // a needless or blank departure, or one of no floor, is refused
    for bad in [
        r#"{"departures": {"fallback_min_months": "just in case"}}"#,
        r#"{"fallback_min_months": 3, "departures": {"fallback_min_months": " "}}"#,
        r#"{"departures": {"hard_gates": "a reason"}}"#,
        r#"{"departures": {"fallback_min_months": 3}}"#,
    ] {
        assert!(serde_json::from_str::<Policy>(bad).is_err(), "{bad}");
    }
}

/// Values of the floors' fields that are consistent with each other (windows in order, band
/// edges rising, everything in range), around the seeds' numbers on both sides.
fn floor_values() -> impl Strategy<Value = [u32; 11]> {
    (
        (1u32..=12, 0u32..=12),
        (0u32..=10, 0u32..=20, 0u32..=30),
        (1u32..=60, 1u32..=20, 1u32..=20, 1u32..=20),
        1u32..=24,
        0u32..=100,
    )
        .prop_filter_map(
            "the stable edge is at most 100",
            |((min, more), (severe, d1, d2), (at_risk, e1, e2, e3), governance, canary)| {
                let stable = at_risk + e1 + e2 + e3;
                (stable <= 100).then_some([
                    min,
                    min + more,
                    severe + d1 + d2,
                    severe + d1,
                    severe,
                    stable,
                    at_risk + e1 + e2,
                    at_risk + e1,
                    at_risk,
                    governance,
                    canary,
                ])
            },
        )
}

/// For each floor: 0 no departure, 1 a departure exactly when the value is weaker, 2 a
/// departure whatever the value, 3 a departure with a blank reason. Mostly 1, so that a good
/// share of the policies build and the law is tried on them, not only on refusals.
fn choices() -> impl Strategy<Value = [u8; 11]> {
    let choice = prop_oneof![16 => Just(1u8), 1 => Just(0u8), 1 => Just(2u8), 1 => Just(3u8)];
    proptest::array::uniform11(choice)
}

fn builder_of(values: &[u32; 11], choices: &[u8; 11]) -> PolicyBuilder {
    let mut b = Policy::builder();
    for ((row, &value), &choice) in rows().iter().zip(values).zip(choices) {
        b = (row.set)(b, value);
        match choice {
            1 if is_weaker(row, value) => b = b.departure(row.floor, "approved by TSC"),
            2 => b = b.departure(row.floor, "approved by TSC"),
            3 => b = b.departure(row.floor, " "),
            _ => {}
        }
    }
    b
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    /// Any policy that builds is as strict as the seeds on every floor, or names a departure
    /// (with a reason) for each floor it weakens, and for no other.
    #[test]
    fn a_built_policy_names_a_departure_for_each_floor_it_weakens(
        values in floor_values(),
        choices in choices(),
    ) {
        match builder_of(&values, &choices).build() {
            Ok(p) => {
                let mut weakened = Vec::new();
                for row in rows() {
                    let value = (row.get)(&p);
                    let departure = p.departure(row.floor);
                    if is_weaker(&row, value) {
                        weakened.push(row.floor);
                        let reason = departure.unwrap_or_default();
                        prop_assert!(!reason.trim().is_empty(), "{} weakened silently", row.floor);
                    } else {
                        prop_assert_eq!(departure, None, "{} departs needlessly", row.floor);
                    }
                }
                prop_assert_eq!(p.departures().keys().copied().collect::<Vec<_>>(), weakened.clone());
                prop_assert_eq!(p.is_seed_strict(), weakened.is_empty());
            }
            Err(e) => {
                // the values are consistent, so only a floor can be at fault, and rightly
                let i = SeedFloor::ALL
                    .iter()
                    .position(|f| f.field() == e.field())
                    .expect("a floor's field");
                let row = &rows()[i];
                let weaker = is_weaker(row, values[i]);
                match e {
                    PolicyError::BelowSeedFloor { .. } => {
                        prop_assert!(weaker && choices[i] == 0);
                    }
                    PolicyError::NeedlessDeparture { .. } => {
                        prop_assert!(!weaker && choices[i] == 2);
                    }
                    PolicyError::BlankDeparture { .. } => prop_assert_eq!(choices[i], 3),
                    other => prop_assert!(false, "unexpected {other}"),
                }
            }
        }
    }

    /// Naming a departure for exactly the floors a consistent policy weakens always builds.
    #[test]
    fn naming_each_weakening_is_enough(values in floor_values()) {
        let p = builder_of(&values, &[1; 11]).build();
        prop_assert!(p.is_ok(), "{:?}", p);
    }
}

/// A negative zero is no policy number: the record writes numbers one way (`"0"`), so `-0.0`
/// is refused wherever zero is allowed.
#[test]
fn negative_zero_is_no_policy_number() {
    let weight = Policy::builder()
        .weight_ecosystem(-0.0)
        .build()
        .unwrap_err();
    assert_eq!(weight.code(), "policy.out_of_range");
    assert_eq!(weight.field(), "weight_ecosystem");
    let floor = Policy::builder().critical_floor(-0.0).build().unwrap_err();
    assert_eq!(floor.field(), "critical_floor");
    assert!(Policy::builder().weight_ecosystem(0.0).build().is_ok());
}
