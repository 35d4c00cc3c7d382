// Completion needs validation and stabilization first.
use kwanus_migration::__doc_support::{t, transitioned};
use kwanus_migration::Policy;

fn main() {
    let _ = transitioned().unwrap().complete(t(10_000), &Policy::default());
}
