//! The health scorer: the seed's table edge by edge, fail-closed missing data, gates,
//! collapse detection and forecasting.

use chrono::{DateTime, Datelike, Duration, Utc};
use kwanus_migration::health::{
    self, Collapse, CollapseResponse, Component, ComponentStatus, Monitoring, Sample,
};
use kwanus_migration::*;

fn p() -> Policy {
    Policy::default()
}

fn report(v: f64) -> HealthReport {
    health::score(&HealthInputs::uniform(v), &p()).expect("valid")
}

#[test]
fn every_row_and_edge_of_the_seed_table() {
    let table = [
        (100.0, Band::Stable, Action::OptimalTransition),
        (90.0, Band::Stable, Action::OptimalTransition),
        (89.999, Band::Reliable, Action::StandardMonitoring),
        (89.5, Band::Reliable, Action::StandardMonitoring),
        (75.0, Band::Reliable, Action::StandardMonitoring),
        (74.99, Band::Vulnerable, Action::ReviewRequired),
        (60.0, Band::Vulnerable, Action::ReviewRequired),
        (59.99, Band::AtRisk, Action::FallbackOrThrottle),
        (40.0, Band::AtRisk, Action::FallbackOrThrottle),
        (39.99, Band::Unstable, Action::ForcedRestriction),
        (0.0, Band::Unstable, Action::ForcedRestriction),
    ];
    for (score, band, action) in table {
        let r = report(score);
        assert_eq!(r.score().value(), score);
        assert_eq!((r.band(), r.action()), (band, action), "score {score}");
        assert_eq!(Band::of(HealthScore::new(score).unwrap(), &p()), band);
        assert_eq!(band.action(), action);
    }
}

#[test]
fn bands_follow_the_policy_edges() {
    let strict = Policy::builder().band_stable(95).build().unwrap();
    let r = health::score(&HealthInputs::uniform(92.0), &strict).unwrap();
    assert_eq!(r.band(), Band::Reliable);
}

#[test]
fn breakdown_explains_every_point() {
    let inputs = HealthInputs::new(Some(80.0), Some(60.0), Some(100.0), Some(40.0));
    let policy = Policy::builder().weight_stability(2.0).build().unwrap();
    let r = health::score(&inputs, &policy).unwrap();
    // weights 2,1,1,1 → 0.4,0.2,0.2,0.2
    assert!((r.score().value() - (32.0 + 12.0 + 20.0 + 8.0)).abs() < 1e-9);
    let sum: f64 = r.breakdown().iter().map(|c| c.points).sum();
    assert!((sum - r.score().value()).abs() < 1e-9);
    assert_eq!(r.breakdown()[0].component, Component::Stability);
    assert!((r.breakdown()[0].weight - 0.4).abs() < 1e-12);
    assert_eq!(r.model_version(), health::MODEL_VERSION);
    let text = r.to_string();
    assert!(
        text.starts_with("health 72.00/100: vulnerable (review required)"),
        "{text}"
    );
    assert!(text.contains("ecosystem impact"));
}

#[test]
fn missing_data_fails_closed() {
    let mut inputs = HealthInputs::uniform(95.0);
    inputs.sustainability = None;
    let r = health::score(&inputs, &p()).unwrap();
    assert_eq!(
        r.score().value(),
        71.25,
        "a missing component counts as 0, no renormalising"
    );
    assert_eq!(r.observed_weight(), 0.75);
    assert!(
        !r.insufficient_data(),
        "exactly the minimum observed weight is enough"
    );
    assert_eq!(r.breakdown()[2].status, ComponentStatus::Missing);

    inputs.ecosystem_impact = None;
    let r = health::score(&inputs, &p()).unwrap();
    assert!(r.insufficient_data());
    assert_eq!(
        r.action(),
        Action::FallbackOrThrottle,
        "at risk is more severe than review"
    );

    let lenient = Policy::builder()
        .min_observed_weight(0.25)
        .band_at_risk(10)
        .band_vulnerable(20)
        .band_reliable(30)
        .band_stable(40)
        .departure(SeedFloor::BandAtRisk, "low edges for this test")
        .departure(SeedFloor::BandVulnerable, "low edges for this test")
        .departure(SeedFloor::BandReliable, "low edges for this test")
        .departure(SeedFloor::BandStable, "low edges for this test")
        .build()
        .unwrap();
    let r = health::score(&inputs, &lenient).unwrap();
    assert!(!r.insufficient_data());
    let strict = Policy::builder()
        .min_observed_weight(1.0)
        .band_at_risk(10)
        .band_vulnerable(20)
        .band_reliable(30)
        .band_stable(40)
        .departure(SeedFloor::BandAtRisk, "low edges for this test")
        .departure(SeedFloor::BandVulnerable, "low edges for this test")
        .departure(SeedFloor::BandReliable, "low edges for this test")
        .departure(SeedFloor::BandStable, "low edges for this test")
        .build()
        .unwrap();
    let r = health::score(&inputs, &strict).unwrap();
    assert!(r.insufficient_data());
    assert_eq!(r.band(), Band::Stable);
    assert_eq!(
        r.action(),
        Action::ReviewRequired,
        "insufficient data asks for review"
    );

    // a missing critical component caps the band
    let r = health::score(
        &{
            let mut inputs = HealthInputs::uniform(100.0);
            inputs.compatibility = None;
            inputs
        },
        &p(),
    )
    .unwrap();
    assert_eq!(r.breakdown()[1].status, ComponentStatus::MissingCritical);
    assert_eq!(r.band(), Band::AtRisk);
}

/// The report a person reads says, line by line, why each component counts as it does.
#[test]
fn the_report_says_why_each_component_counts() {
    let inputs = {
        let mut inputs = HealthInputs::uniform(100.0);
        inputs.stability = None;
        inputs.compatibility = Some(30.0);
        inputs.ecosystem_impact = None;
        inputs
    };
    let text = health::score(&inputs, &p()).unwrap().to_string();
    let says = |name: &str, why: &str| {
        let line = text
            .lines()
            .find(|l| l.trim_start().starts_with(name))
            .unwrap_or_else(|| panic!("no line for {name} in:\n{text}"));
        assert!(line.ends_with(&format!("  {why}")), "{name}: {text}");
    };
    says("stability", "missing, counted as 0, band capped at at risk");
    says(
        "compatibility",
        "below the critical floor, band capped at at risk",
    );
    says("sustainability", "observed");
    says("ecosystem impact", "missing, counted as 0");
}

#[test]
fn a_critical_failure_caps_the_band() {
    let inputs = {
        let mut inputs = HealthInputs::uniform(100.0);
        inputs.compatibility = Some(30.0);
        inputs
    };
    let r = health::score(&inputs, &p()).unwrap();
    assert_eq!(r.score().value(), 82.5, "the mean alone says reliable");
    assert!(r.gated());
    assert_eq!(r.band(), Band::AtRisk);
    assert_eq!(r.breakdown()[1].status, ComponentStatus::BelowCriticalFloor);
    let sustain = {
        let mut inputs = HealthInputs::uniform(100.0);
        inputs.sustainability = Some(0.0);
        inputs
    };
    assert!(
        !health::score(&sustain, &p()).unwrap().gated(),
        "sustainability is not a gate"
    );
}

#[test]
fn bad_numbers_are_refused() {
    for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let e = health::score(
            &{
                let mut inputs = HealthInputs::default();
                inputs.stability = Some(v);
                inputs
            },
            &p(),
        )
        .unwrap_err();
        assert_eq!(e.code(), "health.not_finite");
    }
    for v in [-0.1, 100.01] {
        let e = health::score(
            &{
                let mut inputs = HealthInputs::default();
                inputs.ecosystem_impact = Some(v);
                inputs
            },
            &p(),
        )
        .unwrap_err();
        assert_eq!(
            e,
            HealthError::OutOfRange {
                component: Some(Component::EcosystemImpact),
                value: v
            }
        );
    }
    assert!(serde_json::from_str::<HealthScore>("101.0").is_err());
    assert_eq!(
        serde_json::from_str::<HealthScore>("99.5").unwrap().value(),
        99.5
    );
}

#[test]
fn monitoring_figures_derive_components() {
    let m = Monitoring::default()
        .workflows(1000, 990)
        .api(10_000, 50)
        .permissions(10, 8)
        .sustainability(90.0);
    let i = HealthInputs::from_monitoring(&m, &p()).unwrap();
    assert_eq!(i.stability, Some(99.0));
    assert_eq!(
        i.compatibility,
        Some(50.0),
        "0.5% errors is half the 1% budget"
    );
    assert_eq!(i.ecosystem_impact, Some(80.0));
    assert_eq!(i.sustainability, Some(90.0));
    let none = HealthInputs::from_monitoring(&Monitoring::default(), &p()).unwrap();
    assert_eq!(
        none,
        HealthInputs::default(),
        "nothing observed, nothing claimed"
    );
    assert_eq!(
        health::api_error_score(20, 100, &p()).unwrap(),
        Some(0.0),
        "past the budget scores 0"
    );
    let e = health::workflow_reliability(11, 10).unwrap_err();
    assert_eq!(e.code(), "health.inconsistent_counts");
    assert!(health::permission_usage_score(3, 2).is_err());
    let bad = {
        let mut monitoring = Monitoring::default();
        monitoring.sustainability = Some(f64::NAN);
        monitoring
    };
    assert!(HealthInputs::from_monitoring(&bad, &p()).is_err());
}

#[test]
fn fleets_score_lazily() {
    let fleet: Vec<HealthInputs> = (0..=100)
        .map(|v| HealthInputs::uniform(f64::from(v)))
        .collect();
    let policy = p();
    let it = health::score_fleet(&fleet, &policy);
    assert_eq!(it.len(), 101);
    let stable = it
        .filter(|r| r.as_ref().is_ok_and(|r| r.band == Band::Stable))
        .count();
    assert_eq!(stable, 11);
}

fn t0() -> DateTime<Utc> {
    "2026-05-01T00:00:00Z".parse().unwrap()
}

fn series(points: &[(i64, f64)]) -> Vec<Sample> {
    points
        .iter()
        .map(|(minutes, s)| Sample {
            at: t0() + Duration::minutes(*minutes),
            score: HealthScore::new(*s).unwrap(),
        })
        .collect()
}

#[test]
fn a_sharp_drop_fires_a_single_noisy_sample_does_not() {
    // five hours at 92, then thirty minutes at 65: a collapse of 27 points
    let mut pts: Vec<(i64, f64)> = (0..30).map(|i| (i * 10, 92.0)).collect();
    pts.extend([(300, 66.0), (310, 64.0), (320, 65.0), (330, 65.0)]);
    let c: Collapse = health::detect_collapse(&series(&pts), &p())
        .unwrap()
        .expect("collapse");
    assert_eq!(c.trigger(), Trigger::SustainabilityCollapse);
    assert_eq!(c.trigger().class(), TriggerClass::Forced);
    assert_eq!(c.response(), CollapseResponse::Throttle);
    assert!((c.drop() - 26.0).abs() < 1e-9);

    // one bad sample at the end among good ones in the short window
    let mut noisy: Vec<(i64, f64)> = (0..34).map(|i| (i * 10, 92.0)).collect();
    noisy.push((340, 30.0));
    assert_eq!(
        health::detect_collapse(&series(&noisy), &p()).unwrap(),
        None
    );
    // one bad sample alone in the short window
    let mut lone: Vec<(i64, f64)> = (0..30).map(|i| (i * 10, 92.0)).collect();
    lone.push((400, 30.0));
    assert_eq!(health::detect_collapse(&series(&lone), &p()).unwrap(), None);

    // a fall into unstable asks for forced migration
    let mut fall: Vec<(i64, f64)> = (0..30).map(|i| (i * 10, 80.0)).collect();
    fall.extend([(300, 30.0), (305, 32.0), (310, 35.0), (320, 35.0)]);
    let c = health::detect_collapse(&series(&fall), &p())
        .unwrap()
        .expect("collapse");
    assert_eq!(c.response(), CollapseResponse::ForcedMigration);

    // a slow decline inside the healthy bands is not a collapse
    let slow: Vec<(i64, f64)> = (0..36).map(|i| (i * 10, 95.0 - i as f64 * 0.3)).collect();
    assert_eq!(health::detect_collapse(&series(&slow), &p()).unwrap(), None);

    // recovered: most of the short window is healthy again
    let mut rec = pts.clone();
    rec.extend([(340, 91.0), (350, 92.0), (360, 91.0), (370, 92.0)]);
    assert_eq!(health::detect_collapse(&series(&rec), &p()).unwrap(), None);

    let unordered = series(&[(10, 90.0), (0, 90.0)]);
    assert_eq!(
        health::detect_collapse(&unordered, &p()).unwrap_err(),
        HealthError::Unordered { index: 1 }
    );
    assert_eq!(health::detect_collapse(&[], &p()).unwrap(), None);
}

/// Each window reaches back its length from the last sample, its start left out: a sample
/// exactly one short window back is baseline, and one exactly one long window back is
/// neither.
#[test]
fn the_collapse_windows_leave_out_their_start() {
    // the short window is (t − 1 h, t]: the reading at 60 belongs to the baseline, so the
    // short window holds one sample, too few to say
    let short = series(&[(0, 92.0), (30, 92.0), (60, 60.0), (120, 60.0)]);
    assert_eq!(health::detect_collapse(&short, &p()).unwrap(), None);
    // with a second reading inside it, the same fall is a collapse
    let short = series(&[(0, 92.0), (30, 92.0), (60, 60.0), (90, 60.0), (120, 60.0)]);
    assert!(health::detect_collapse(&short, &p()).unwrap().is_some());

    // the long window is (t − 6 h, t]: the reading at 0 is outside it, so the baseline is
    // the reading at 10 alone, and a fall of 30 from it is a collapse
    let long = series(&[(0, 0.0), (10, 90.0), (340, 60.0), (360, 60.0)]);
    let c = health::detect_collapse(&long, &p())
        .unwrap()
        .expect("a collapse");
    assert!((c.baseline() - 90.0).abs() < 1e-9, "{c:?}");
    assert!((c.drop() - 30.0).abs() < 1e-9, "{c:?}");
}

#[test]
fn a_crossing_however_far_is_dated_until_no_date_can_hold_it() {
    // 82 falling by 7e-8 points an hour reaches 75 after 1e8 hours (~11,400 years): dated
    let far: Vec<(i64, f64)> = (0..13).map(|h| (h * 60, 82.0 - 7e-8 * h as f64)).collect();
    let f = health::forecast(&series(&far), &p()).unwrap();
    let at = f.crossing_at.expect("a falling trend crosses");
    assert!(at.year() > 10_000 && at.year() < 14_000, "{at}");
    // by 7e-12 an hour it would take ~1.1 billion years: no date can hold it, and no panic
    let never: Vec<(i64, f64)> = (0..13).map(|h| (h * 60, 82.0 - 7e-12 * h as f64)).collect();
    let f = health::forecast(&series(&never), &p()).unwrap();
    assert_eq!(f.next_band, Some(Band::Vulnerable), "it still falls");
    assert_eq!(f.crossing_at, None);
}

#[test]
fn a_component_at_the_critical_floor_does_not_gate() {
    // "below the floor" caps the band: at the floor exactly, the mean decides
    let at_floor = {
        let mut inputs = HealthInputs::uniform(100.0);
        inputs.stability = Some(40.0);
        inputs
    };
    let r = health::score(&at_floor, &p()).unwrap();
    assert!(!r.gated());
    assert_eq!(r.band(), Band::Reliable, "85 points");
    let below = {
        let mut inputs = HealthInputs::uniform(100.0);
        inputs.stability = Some(39.99);
        inputs
    };
    let r = health::score(&below, &p()).unwrap();
    assert!(r.gated());
    assert_eq!(r.band(), Band::AtRisk);
}

#[test]
fn the_forecast_states_its_uncertainty() {
    // hours 0..4 at 90, 88, 89, 85, 86: slope −1.1 from 89.8, residuals 0.2, −0.7, 1.4,
    // −1.5, 0.6 → residual variance 5.1 / (5 − 2) = 1.7, slope standard error √(1.7 / 10)
    let f = health::forecast(
        &series(&[(0, 90.0), (60, 88.0), (120, 89.0), (180, 85.0), (240, 86.0)]),
        &p(),
    )
    .unwrap();
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    assert!(close(f.slope_per_hour, -1.1), "{}", f.slope_per_hour);
    assert!(close(f.fitted_now, 85.4), "{}", f.fitted_now);
    assert!(close(f.residual_std, 1.7f64.sqrt()), "{}", f.residual_std);
    assert!(
        close(f.slope_std_error, 0.17f64.sqrt()),
        "{}",
        f.slope_std_error
    );
    // the crossing of 75 at the slope, and at the slope ∓ 1.96 standard errors
    let crossing = |slope: f64| {
        let hours = 4.0 + (75.0 - 85.4) / slope;
        t0() + Duration::milliseconds((hours * 3_600_000.0).round() as i64)
    };
    let se = 0.17f64.sqrt();
    let near = |a: Option<DateTime<Utc>>, b: DateTime<Utc>| {
        a.is_some_and(|a| (a - b).num_milliseconds().abs() <= 1)
    };
    assert!(near(f.crossing_at, crossing(-1.1)), "{:?}", f.crossing_at);
    let earliest = crossing(-1.1 - 1.96 * se);
    assert!(
        near(f.crossing_earliest, earliest),
        "{:?}",
        f.crossing_earliest
    );
    let latest = crossing(-1.1 + 1.96 * se);
    assert!(near(f.crossing_latest, latest), "{:?}", f.crossing_latest);
    // a flat trend heads nowhere
    let flat: Vec<(i64, f64)> = (0..6).map(|h| (h * 60, 80.0)).collect();
    let f = health::forecast(&series(&flat), &p()).unwrap();
    assert_eq!(f.slope_per_hour, 0.0);
    assert_eq!((f.next_band, f.crossing_at), (None, None));
    // a score is its value as a number
    assert_eq!(f64::from(HealthScore::new(85.25).unwrap()), 85.25);
}

#[test]
fn forecast_recovers_known_slopes() {
    // exactly −0.5 points an hour from 88: reliable now, crosses 75 later
    let pts: Vec<(i64, f64)> = (0..13).map(|h| (h * 60, 88.0 - 0.5 * h as f64)).collect();
    let f = health::forecast(&series(&pts), &p()).unwrap();
    assert!((f.slope_per_hour + 0.5).abs() < 1e-9);
    assert!(f.slope_std_error < 1e-9);
    assert!((f.fitted_now - 82.0).abs() < 1e-9);
    assert_eq!(f.band_now, Band::Reliable);
    assert_eq!(f.next_band, Some(Band::Vulnerable));
    // 82 → 75 at 0.5/h is 14 hours after the last sample (hour 12)
    assert_eq!(f.crossing_at, Some(t0() + Duration::hours(26)));
    assert_eq!(f.crossing_earliest, f.crossing_at);

    // a rising series never crosses down
    let up: Vec<(i64, f64)> = (0..10).map(|h| (h * 60, 60.0 + h as f64)).collect();
    let f = health::forecast(&series(&up), &p()).unwrap();
    assert!(f.slope_per_hour > 0.0);
    assert_eq!((f.next_band, f.crossing_at), (None, None));

    // noise widens the range around the crossing
    let noisy: Vec<(i64, f64)> = (0..24)
        .map(|h| {
            (
                h * 60,
                95.0 - h as f64 + if h % 2 == 0 { 1.5 } else { -1.5 },
            )
        })
        .collect();
    let f = health::forecast(&series(&noisy), &p()).unwrap();
    assert!(f.slope_std_error > 0.0);
    let (early, mid) = (f.crossing_earliest.unwrap(), f.crossing_at.unwrap());
    assert!(early <= mid);
    assert!(f.crossing_latest.is_none_or(|late| mid <= late));

    assert_eq!(
        health::forecast(&series(&[(0, 90.0), (1, 80.0)]), &p())
            .unwrap_err()
            .code(),
        "health.too_few_samples"
    );
    assert!(health::forecast(&series(&[(0, 90.0), (0, 80.0), (0, 70.0)]), &p()).is_err());
}

#[test]
fn extreme_times_never_panic() {
    let s = |at: DateTime<Utc>, v: f64| Sample {
        at,
        score: HealthScore::new(v).unwrap(),
    };
    let min = DateTime::<Utc>::MIN_UTC;
    let max = DateTime::<Utc>::MAX_UTC;
    let series = [
        s(min, 90.0),
        s(min, 30.0),
        s(min + Duration::minutes(1), 30.0),
    ];
    assert!(health::detect_collapse(&series, &p()).is_ok());
    let wide = [s(min, 90.0), s(max - Duration::days(1), 80.0), s(max, 70.0)];
    assert!(health::forecast(&wide, &p()).is_ok());
    assert!(health::detect_collapse(&wide, &p()).is_ok());
}

#[test]
fn the_hard_gate_is_a_policy_setting_and_the_table_reading_is_available() {
    let inputs = HealthInputs::new(Some(10.0), Some(100.0), Some(100.0), Some(100.0));
    // by default a collapsed stability caps the band, whatever the mean (77.5) says
    let gated = health::score(&inputs, &Policy::default()).unwrap();
    assert_eq!(gated.band(), Band::AtRisk);
    assert!(gated.gated());
    // the framework's table alone: 77.5 is Reliable
    let plain = Policy::builder().hard_gates(false).build().unwrap();
    let table = health::score(&inputs, &plain).unwrap();
    assert_eq!(table.band(), Band::Reliable);
    assert!(!table.gated());
    assert_eq!(table.band(), Band::of(table.score(), &plain));
    let summary = health::Scorer::new(&plain).verdict(&inputs).unwrap();
    assert_eq!(summary.band, Band::Reliable);
}

#[test]
fn a_bad_score_is_reported_as_the_score_not_as_a_component() {
    let err = HealthScore::new(200.0).unwrap_err();
    assert_eq!(err.to_string(), "the health score is 200, outside 0–100");
    assert_eq!(err.code(), "health.out_of_range");
    assert_eq!(HealthScore::try_from(200.0).unwrap_err(), err);
    let err = HealthScore::new(f64::NAN).unwrap_err();
    assert_eq!(err.code(), "health.not_finite");
    assert!(err.to_string().starts_with("the health score"), "{err}");
    // a component's value still names the component
    let inputs = {
        let mut inputs = HealthInputs::uniform(50.0);
        inputs.stability = Some(101.0);
        inputs
    };
    let err = health::score(&inputs, &Policy::default()).unwrap_err();
    assert_eq!(err.to_string(), "the stability value is 101, outside 0–100");
}
