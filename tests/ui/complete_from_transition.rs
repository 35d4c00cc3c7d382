// Completion needs validation and stabilization first.
use kwanus_migration::doc_support::{t, transitioned};

fn main() {
    let _ = transitioned().unwrap().complete(t(10_000));
}
