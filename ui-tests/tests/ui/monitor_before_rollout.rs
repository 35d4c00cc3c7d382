// Health readings act on a live, rolled-out migration: a shielded transition has none.
use kwanus_migration::__doc_support::{reading, t, transitioned};

fn main() {
    let m = transitioned().unwrap();
    let _ = m.monitor(&reading(90.0), t(3));
}
