// Only Stabilization can complete.
use kwanus_migration::__doc_support::{t, validated};
use kwanus_migration::Policy;

fn main() {
    let m = validated().unwrap();
    let _ = m.complete(t(10_000), &Policy::default());
}
