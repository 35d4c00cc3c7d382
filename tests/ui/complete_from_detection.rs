// Only Stabilization can complete.
use kwanus_migration::doc_support::{detected, t};

fn main() {
    let m = detected().unwrap();
    let _ = m.complete(t(10_000));
}
