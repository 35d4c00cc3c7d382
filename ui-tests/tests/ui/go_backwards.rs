// Transition → Preparation is going backwards.
use kwanus_migration::__doc_support::{plan, t, transitioned};

fn main() {
    let m = transitioned().unwrap();
    let _ = m.prepare(&plan(), t(3));
}
