// A rejected migration can only fall back or be restricted: it cannot be validated again,
// stabilized or completed as it is.
use kwanus_migration::__doc_support::{failed_suite, platform, t, transitioned};
use kwanus_migration::{Policy, Validated};

fn main() {
    let policy = Policy::default();
    let Ok(Validated::Failed(rejected)) =
        transitioned().unwrap().validate(&[failed_suite(t(3))], t(3), &policy, &platform())
    else {
        return;
    };
    let _ = rejected.validate(&[], t(4), &policy, &platform());
}
