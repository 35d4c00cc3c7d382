// Nothing to fall back from before the transition.
use kwanus_migration::__doc_support::{tsc, detected, t};
use kwanus_migration::{FallbackReason, Policy};

fn main() {
    let m = detected().unwrap();
    let _ = m.fall_back(FallbackReason::PartnerRequest, tsc(t(1)), t(1), &Policy::default());
}
