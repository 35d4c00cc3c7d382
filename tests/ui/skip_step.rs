// Detection → Validation skips Preparation and Transition.
use kwanus_migration::doc_support::{detected, passing_report, t};

fn main() {
    let m = detected().unwrap();
    let _ = m.validate(&passing_report(), t(1));
}
