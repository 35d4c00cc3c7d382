// A review follows a Vulnerable reading in Stabilization; a throttled migration recovers or
// falls back first.
use kwanus_migration::__doc_support::{reading, stabilized, t};
use kwanus_migration::{Review, HealthOutcome};

fn main() {
    let Ok(HealthOutcome::AtRisk(throttled)) = stabilized().unwrap().monitor(&reading(50.0), t(6)) else {
        return;
    };
    let _ = throttled.review(Review::new("x", "y"), t(7));
}
