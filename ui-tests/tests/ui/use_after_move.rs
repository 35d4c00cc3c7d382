// A transition consumes the migration: the old stage cannot be used again.
use kwanus_migration::__doc_support::{detected, plan, t};

fn main() {
    let m = detected().unwrap();
    let _prepared = m.prepare(&plan(), t(1));
    let _again = m.prepare(&plan(), t(2));
}
