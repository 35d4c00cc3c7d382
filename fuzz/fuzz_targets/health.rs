//! Any numbers and times: score, detect collapse, forecast; nothing may panic, and the
//! score stays in 0–100.
#![no_main]

use chrono::DateTime;
use kwanus_migration::health::{self, Sample};
use kwanus_migration::{HealthInputs, HealthScore, Policy};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let policy = Policy::default();
    let mut f = data
        .chunks_exact(8)
        .map(|c| f64::from_le_bytes(c.try_into().unwrap_or([0; 8])));
    let mut next = || f.next();
    // stability, compatibility, sustainability, ecosystem impact, in that order
    let inputs = HealthInputs::new(next(), next(), next(), next());
    let scored = health::score(&inputs, &policy);
    if let Ok(r) = &scored {
        assert!((0.0..=100.0).contains(&r.score().value()));
    }
    // packing refuses exactly what scoring refuses, and the packed verdict is the same
    match (health::PackedInputs::new(&inputs), &scored) {
        (Ok(packed), Ok(r)) => {
            let scorer = health::Scorer::new(&policy);
            assert_eq!(scorer.verdict_packed(&packed), r.verdict());
            assert_eq!(HealthInputs::from(packed), inputs);
        }
        (Err(a), Err(b)) => assert_eq!(&a, b),
        (a, b) => panic!("packing {a:?} disagrees with scoring {b:?}"),
    }
    let mut series = Vec::new();
    for c in data.chunks_exact(9) {
        let secs = i64::from_le_bytes(c[..8].try_into().unwrap_or([0; 8])) / 1_000;
        let (Some(at), Ok(score)) = (
            DateTime::from_timestamp(secs, 0),
            HealthScore::new(f64::from(c[8] % 101)),
        ) else {
            continue;
        };
        series.push(Sample { at, score });
    }
    series.sort_by_key(|s| s.at);
    let _ = health::detect_collapse(&series, &policy);
    let _ = health::forecast(&series, &policy);
});
