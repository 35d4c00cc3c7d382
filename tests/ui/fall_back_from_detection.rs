// Nothing to fall back from before the transition.
use kwanus_migration::doc_support::{detected, t};
use kwanus_migration::FallbackReason;

fn main() {
    let m = detected().unwrap();
    let _ = m.fall_back(FallbackReason::PartnerRequest, t(1));
}
