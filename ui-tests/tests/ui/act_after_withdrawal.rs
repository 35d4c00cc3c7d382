// Withdrawn is an end: nothing follows it, not a remediation, not a fallback.
use kwanus_migration::__doc_support::{plan, transitioned, t};
use kwanus_migration::{
    Approval, FallbackReason, GovernanceBody, Policy, Remediation, Severity, Withdrawal,
    WithdrawnBy,
};

fn main() {
    let approval = Approval { body: GovernanceBody::Tsc, by: "tsc".into(), at: t(3) };
    let gone = transitioned()
        .unwrap()
        .withdraw(Withdrawal::new(WithdrawnBy::Platform, "abandoned", approval), t(3))
        .unwrap();
    let fix = Remediation::new("c", "f", Severity::Minor);
    let _ = gone.remediate(fix, &plan(), t(4), &Policy::default());
    let _ = FallbackReason::PartnerRequest;
}
