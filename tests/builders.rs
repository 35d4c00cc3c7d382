//! The builders build what the struct literals of the fixtures spell out, field by field, and
//! what they build goes through the flow.

use kwanus_migration::__doc_support::{self as fx, t};
use kwanus_migration::*;
use semver::Version;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

#[test]
fn the_notice_builder_sets_every_field() -> Res<()> {
    let notice = fx::notice();
    let built = Notice::builder(
        notice.partner.clone(),
        notice.kind,
        notice.origin.clone(),
        notice.target.clone(),
    )
    .trigger(Trigger::ApiDeprecation)
    .contracts(fx::contracts())
    .window(Window::new(t(0), t(24 * 90)))
    .build();
    assert_eq!(built, notice);

    let mut forced = fx::forced_notice(Severity::Moderate);
    forced.triggers.sort();
    let built = Notice::builder(
        forced.partner.clone(),
        forced.kind,
        forced.origin.clone(),
        forced.target.clone(),
    )
    // in any order, repeated: kept sorted without repeats
    .triggers([
        Trigger::ApiDeprecation,
        Trigger::SecurityViolation,
        Trigger::ApiDeprecation,
    ])
    .contracts(fx::contracts())
    .severity(Severity::Moderate)
    .window_days(t(0), 90)
    .build();
    assert_eq!(built, forced);
    Migration::open(built, t(0), &Policy::default())?;

    let declared = Notice::builder(
        notice.partner.clone(),
        notice.kind,
        notice.origin.clone(),
        notice.target.clone(),
    )
    .compatibility(Compatibility::Breaking)
    .window_days(t(0), 1)
    .build();
    assert_eq!(declared.compatibility, Some(Compatibility::Breaking));
    // no trigger: the builder builds it, the flow refuses it
    let refused = Migration::open(declared, t(0), &Policy::default()).map(|_| ());
    assert_eq!(
        refused.map_err(|e| e.code()),
        Err("open.no_trigger"),
        "a notice without a trigger is refused by open"
    );
    Ok(())
}

#[test]
fn the_release_and_evidence_builders_set_every_field() -> Res<()> {
    let release = fx::release();
    let e = &release.evidence;
    let mut evidence = Evidence::builder(e.os_version.clone())
        .contract(fx::contract(Version::new(2, 0, 0)))
        .grants(e.grants.clone());
    for runtime in &e.runtimes {
        evidence = evidence.runtime(runtime.clone());
    }
    let evidence = evidence
        .fallback_api("get_order")
        .fallback_api("list_orders")
        .fallback_workflow("sync")
        .build();
    let built = Release::builder(release.version.clone())
        .canary_percent(5)
        .evidence(evidence)
        .build();
    assert_eq!(built, release);
    let declared = Release::builder(Version::new(2, 0, 0))
        .compatibility(Compatibility::BackwardCompatible)
        .evidence(Evidence::builder(Version::new(8, 0, 0)).build())
        .build();
    assert_eq!(
        (declared.compatibility, declared.canary_percent),
        (Some(Compatibility::BackwardCompatible), 0)
    );
    fx::prepared()?.transition(built, t(2), &Policy::default(), &fx::platform())?;
    Ok(())
}

#[test]
fn the_attestation_builder_and_platform_new_set_every_field() {
    let suite = fx::failed_suite(t(3));
    let built = Attestation::builder(
        Dimension::Workflow,
        Verdict::Fail,
        "partner workflow suite",
        "platform-ci",
        t(3),
    )
    .evidence("https://ci.example/runs/42")
    .build();
    assert_eq!(built, suite);
    let review = Attestation::builder(
        Dimension::Permission,
        Verdict::Pass,
        "security review",
        "sco-duty",
        t(3),
    )
    .body(GovernanceBody::Sco)
    .evidence("SEC-7")
    .build();
    assert_eq!(review.body, Some(GovernanceBody::Sco));
    assert_eq!(review.defect(t(3)), None);

    let p = fx::platform();
    let built = Platform::new(
        p.matrix.clone(),
        p.supported_runtimes.clone(),
        p.catalog.clone(),
        p.version_ceiling.clone(),
        p.power_ceiling.clone(),
    );
    assert_eq!(built, p);
}
