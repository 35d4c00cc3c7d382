// A fallen-back migration must be remediated and go through the flow again.
use kwanus_migration::__doc_support::{tsc, t, transitioned};
use kwanus_migration::{FallbackReason, Policy};

fn main() {
    let fallen = transitioned().unwrap().fall_back(FallbackReason::PartnerRequest, tsc(t(3)), t(3), &Policy::default()).unwrap();
    let _ = fallen.complete(t(10_000), &Policy::default());
}
