//! Laws of the health scorer.

use kwanus_migration::health::{self, Component};
use kwanus_migration::*;
use proptest::prelude::*;

fn value() -> impl Strategy<Value = f64> {
    prop_oneof![
        0.0f64..=100.0,
        Just(0.0),
        Just(40.0),
        Just(60.0),
        Just(75.0),
        Just(90.0),
        Just(100.0)
    ]
}

fn inputs() -> impl Strategy<Value = HealthInputs> {
    proptest::array::uniform4(proptest::option::weighted(0.85, value()))
        .prop_map(|v| HealthInputs::new(v[0], v[1], v[2], v[3]))
}

fn policy() -> impl Strategy<Value = Policy> {
    (
        proptest::array::uniform4(0.0f64..5.0),
        0.05f64..=1.0,
        0.0f64..=100.0,
    )
        .prop_filter_map("weights must not all be zero", |(w, min, floor)| {
            Policy::builder()
                .weight_stability(w[0])
                .weight_compatibility(w[1])
                .weight_sustainability(w[2])
                .weight_ecosystem(w[3])
                .min_observed_weight(min)
                .critical_floor(floor)
                .build()
                .ok()
        })
}

proptest! {
    #[test]
    fn score_is_bounded_and_points_sum_to_it(i in inputs(), p in policy()) {
        let r = health::score(&i, &p).unwrap();
        let s = r.score().value();
        prop_assert!((0.0..=100.0).contains(&s));
        let sum: f64 = r.breakdown().iter().map(|c| c.points).sum();
        prop_assert!((sum - s).abs() < 1e-9, "{} vs {}", sum, s);
        let weights: f64 = r.breakdown().iter().map(|c| c.weight).sum();
        prop_assert!((weights - 1.0).abs() < 1e-9);
        prop_assert!(r.observed_weight() <= 1.0 + 1e-12);
    }

    #[test]
    fn improving_a_component_never_lowers_score_or_band(
        i in inputs(), p in policy(), which in 0usize..4, delta in 0.0f64..=100.0,
    ) {
        let c = Component::ALL[which];
        let before = health::score(&i, &p).unwrap();
        let mut better = i;
        let improved = match i.get(c) {
            Some(v) => Some((v + delta).min(100.0)),
            None => Some(delta), // observing something is never worse than missing
        };
        better.set(c, improved);
        let after = health::score(&better, &p).unwrap();
        prop_assert!(after.score().value() >= before.score().value() - 1e-9);
        prop_assert!(after.band() >= before.band(), "{:?} → {:?}", before.band(), after.band());
    }

    #[test]
    fn missing_data_is_never_better_than_the_worst(i in inputs(), p in policy(), which in 0usize..4) {
        let c = Component::ALL[which];
        let mut missing = i;
        missing.set(c, None);
        let mut worst = i;
        worst.set(c, Some(0.0));
        let m = health::score(&missing, &p).unwrap();
        let w = health::score(&worst, &p).unwrap();
        prop_assert!(m.band() <= w.band());
        prop_assert!(m.score().value() <= w.score().value() + 1e-9);
        prop_assert!(m.action() >= w.action());
    }

    #[test]
    fn the_fleet_summary_agrees_with_the_full_report(i in inputs(), p in policy()) {
        let scorer = health::Scorer::new(&p);
        prop_assert_eq!(scorer.verdict(&i).unwrap(), health::score(&i, &p).unwrap().verdict());
    }

    #[test]
    fn out_of_range_values_are_refused(v in prop_oneof![-1e9f64..-1e-9, 100.000_001f64..1e9], which in 0usize..4) {
        let mut i = HealthInputs::uniform(50.0);
        i.set(Component::ALL[which], Some(v));
        prop_assert!(health::score(&i, &Policy::default()).is_err());
    }
}

proptest! {
    /// Packing keeps every value, and the packed verdict is the checked one.
    #[test]
    fn packed_inputs_score_as_the_plain_ones(i in inputs(), p in policy()) {
        let scorer = health::Scorer::new(&p);
        let packed = health::PackedInputs::new(&i).unwrap();
        prop_assert_eq!(HealthInputs::from(packed), i);
        prop_assert_eq!(scorer.verdict_packed(&packed), scorer.verdict(&i).unwrap());
        prop_assert_eq!(scorer.verdict_packed(&packed), health::score(&i, &p).unwrap().verdict());
    }

    /// Whatever the values, packing refuses exactly what scoring refuses, with the same error.
    #[test]
    fn packing_refuses_what_scoring_refuses(
        v in proptest::array::uniform4(proptest::option::of(prop_oneof![
            -200.0f64..200.0, Just(-1.0), Just(-0.0), Just(f64::NAN), Just(f64::INFINITY), Just(f64::NEG_INFINITY),
        ])),
        p in policy(),
    ) {
        let i = HealthInputs::new(v[0], v[1], v[2], v[3]);
        let scored = health::score(&i, &p);
        let summary = health::Scorer::new(&p).verdict(&i);
        let packed = health::PackedInputs::new(&i);
        prop_assert_eq!(packed.as_ref().err(), scored.as_ref().err());
        prop_assert_eq!(summary.as_ref().err(), scored.as_ref().err());
        if let (Ok(packed), Ok(scored)) = (packed, scored) {
            prop_assert_eq!(health::Scorer::new(&p).verdict_packed(&packed), scored.verdict());
        }
    }
}

#[test]
fn the_packed_fleet_agrees_with_the_checked_fleet() {
    let fleet: Vec<HealthInputs> = (0..=400)
        .map(|k| {
            let v = f64::from(k) / 4.0;
            HealthInputs::new(
                (k % 7 != 0).then_some(v),
                (k % 11 != 0).then_some(100.0 - v),
                (k % 3 != 0).then_some(v / 2.0),
                Some(v),
            )
        })
        .chain((0..=100).map(|k| HealthInputs::uniform(f64::from(k))))
        .collect();
    let policy = Policy::default();
    let packed: Vec<health::PackedInputs> = fleet
        .iter()
        .map(health::PackedInputs::new)
        .collect::<Result<_, _>>()
        .unwrap();
    let checked: Vec<_> = health::score_fleet(&fleet, &policy)
        .map(Result::unwrap)
        .collect();
    let fast: Vec<_> = health::score_packed_fleet(&packed, &policy).collect();
    assert_eq!(fast, checked);
    assert!(fast.iter().any(|s| s.gated) && fast.iter().any(|s| s.insufficient_data));
    assert!(Band::ALL.iter().all(|b| fast.iter().any(|s| s.band == *b)));
}
