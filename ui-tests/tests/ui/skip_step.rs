// Detection → Validation skips Preparation and Transition.
use kwanus_migration::__doc_support::{detected, platform, t};
use kwanus_migration::Policy;

fn main() {
    let m = detected().unwrap();
    let _ = m.validate(&[], t(1), &Policy::default(), &platform());
}
