// Only Stabilization can complete.
use kwanus_migration::__doc_support::{detected, t};
use kwanus_migration::Policy;

fn main() {
    let m = detected().unwrap();
    let _ = m.complete(t(10_000), &Policy::default());
}
