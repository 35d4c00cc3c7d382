// A fallen-back migration must be remediated and go through the flow again.
use kwanus_migration::doc_support::{t, transitioned};
use kwanus_migration::FallbackReason;

fn main() {
    let fallen = transitioned().unwrap().fall_back(FallbackReason::PartnerRequest, t(3)).unwrap();
    let _ = fallen.complete(t(10_000));
}
