//! `Policy::default()` is the seeds, number for number; inconsistent policies are refused.

use chrono::{DateTime, Utc};
use kwanus_migration::{Band, Policy, PolicyError, Severity};

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
        b().fallback_recommended_months(6).build().is_ok(),
        "the recommended window may be the minimum"
    );
    // a remediation window may be as long as the next milder one
    assert!(b().remediation_moderate_days(30).build().is_ok());
    assert!(b().remediation_severe_days(14).build().is_ok());
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
    assert!(b().max_canary_percent(100).build().is_ok());
    assert_eq!(
        field(b().max_canary_percent(101).build()),
        "max_canary_percent"
    );
}
