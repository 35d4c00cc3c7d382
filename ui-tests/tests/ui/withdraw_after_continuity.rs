// Continuity is an end: a completed migration cannot be withdrawn, nor its window extended.
use kwanus_migration::__doc_support::{stabilized, t};
use kwanus_migration::{Approval, GovernanceBody, Policy, Withdrawal, WithdrawnBy};

fn main() {
    let done = stabilized().unwrap().complete(t(10_000), &Policy::default()).unwrap();
    let approval = Approval { body: GovernanceBody::Tsc, by: "tsc".into(), at: t(10_001) };
    let _ = done.withdraw(
        Withdrawal::new(WithdrawnBy::Partner, "late", approval),
        t(10_001),
    );
}
