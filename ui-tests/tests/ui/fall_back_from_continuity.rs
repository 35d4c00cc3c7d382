// A completed migration has released its fallback.
use kwanus_migration::{Continuity, FallbackReason, Migration};
use kwanus_migration::__doc_support::t;

fn fall(m: Migration<Continuity>) {
    let _ = m.fall_back(FallbackReason::PartnerRequest, tsc(t(1)), t(1), &Policy::default());
}

fn main() {}
