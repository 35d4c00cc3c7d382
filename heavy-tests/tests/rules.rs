//! The checks behind Validation: pass, fail and edge cases for every rule, and a full report.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use kwanus_migration::permission::{Catalog, PermissionSet};
use kwanus_migration::rules::*;
use kwanus_migration::*;
use semver::{Version, VersionReq};

fn at(s: &str) -> DateTime<Utc> {
    s.parse().expect("a valid time")
}

fn v(s: &str) -> Version {
    Version::parse(s).expect("a valid version")
}

fn op(sig: &str) -> Operation {
    Operation::new(sig)
}

fn wf(trigger: &str, handler: &str) -> Workflow {
    Workflow::new(trigger, handler).governed_by(GovernanceBody::Erc)
}

fn old_contract() -> Contract {
    Contract::new(
        v("1.4.2"),
        BTreeMap::from([
            ("get_invoice".into(), op("GET /invoices/{id} -> Invoice")),
            ("list_invoices".into(), op("GET /invoices -> [Invoice]")),
        ]),
        BTreeMap::from([("sync".into(), wf("invoice.created", "billing.sync@1"))]),
        "read:invoices/*".parse().unwrap(),
        RuntimeRef {
            name: "wasm".into(),
            version: v("2.3.0"),
        },
    )
}

fn lints(findings: &[Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.lint.as_str()).collect()
}

#[test]
fn the_diff_classifies_every_change() {
    let old = old_contract();
    let mut new = old.clone();
    new.version = v("2.0.0");
    new.operations.remove("list_invoices");
    new.operations
        .insert("get_invoice".into(), op("GET /v2/invoices/{id} -> Invoice"));
    new.operations.insert("search".into(), op("GET /search"));
    new.workflows
        .insert("sync".into(), wf("invoice.finalized", "billing.sync@2"));
    new.workflows
        .insert("notify".into(), wf("invoice.paid", "notify@1"));
    new.permissions = "read:invoices/*, write:invoices/drafts/*".parse().unwrap();
    new.runtime.version = v("3.0.0");
    let changes = diff_contracts(&old, &new, &Policy::default());
    let got: Vec<(Lint, ChangeSeverity, Bump)> = changes
        .iter()
        .map(|c| (c.lint, c.severity, c.bump))
        .collect();
    use ChangeSeverity::*;
    assert_eq!(
        got,
        [
            (Lint::OperationChanged, Breaking, Bump::Major),
            (Lint::OperationRemoved, Breaking, Bump::Major),
            (Lint::OperationAdded, Info, Bump::Minor),
            (Lint::WorkflowTriggerChanged, Breaking, Bump::Major),
            (Lint::WorkflowHandlerChanged, PossiblyBreaking, Bump::Minor),
            (Lint::WorkflowAdded, Info, Bump::Minor),
            (Lint::PermissionRequired, PossiblyBreaking, Bump::Minor),
            (Lint::RuntimeMajorChanged, Breaking, Bump::Major),
        ]
    );
    // what a person reads: the lint, the item, the severity and the bump, in words
    let lines: Vec<String> = changes.iter().map(ToString::to_string).collect();
    assert!(
        lines[0].starts_with(
            "[contract.operation_changed] operation get_invoice (breaking, needs a major bump): "
        ),
        "{lines:?}"
    );
    assert!(lines[2].contains("(info, needs a minor bump)"), "{lines:?}");
    assert!(
        lines[4].contains("(possibly breaking, needs a minor bump)"),
        "{lines:?}"
    );
    assert!(diff_contracts(&old, &old, &Policy::default()).is_empty());
}

#[test]
fn severities_can_be_overridden_per_lint() {
    let old = old_contract();
    let mut new = old.clone();
    new.workflows
        .insert("sync".into(), wf("invoice.created", "billing.sync@2"));
    let strict = Policy::builder()
        .severity_override(Lint::WorkflowHandlerChanged, ChangeSeverity::Breaking)
        .build()
        .unwrap();
    let c = &diff_contracts(&old, &new, &strict)[0];
    assert_eq!(
        (c.severity, c.bump),
        (ChangeSeverity::Breaking, Bump::Major)
    );
    // with the override, a minor release of that change is a silent breaking change
    new.version = v("1.5.0");
    let findings = check_release(
        &old,
        &new,
        &diff_contracts(&old, &new, &strict),
        at("2026-01-01T00:00:00Z"),
        &strict,
    );
    assert_eq!(lints(&findings), ["release.silent_breaking_change"]);
    let findings = check_release(
        &old,
        &new,
        &diff_contracts(&old, &new, &Policy::default()),
        at("2026-01-01T00:00:00Z"),
        &Policy::default(),
    );
    assert!(findings.is_empty(), "{findings:?}");
    // only contract lints take an override
    let err = Policy::builder()
        .severity_override(Lint::SilentBreakingChange, ChangeSeverity::Info)
        .build()
        .unwrap_err();
    assert_eq!(err.field(), "severity_overrides");
}

#[test]
fn release_rules() {
    let t = at("2026-06-01T00:00:00Z");
    let p = Policy::default();
    let old = old_contract();
    let check = |new: &Contract| {
        let changes = diff_contracts(&old, new, &p);
        check_release(&old, new, &changes, t, &p)
    };

    // a breaking change in a minor release
    let mut new = old.clone();
    new.version = v("1.5.0");
    new.operations
        .insert("get_invoice".into(), op("GET /v2/invoices/{id}"));
    let f = check(&new);
    assert_eq!(lints(&f), ["release.silent_breaking_change"]);
    assert_eq!(f[0].item, "operation get_invoice");
    assert!(f[0].rule.contains("silent breaking changes"));
    new.version = v("2.0.0");
    assert!(check(&new).is_empty());

    // any change under the same version; build metadata does not make a new version
    let mut same = old.clone();
    same.operations.insert("search".into(), op("GET /search"));
    assert_eq!(lints(&check(&same)), ["release.unversioned_change"]);
    same.version = v("1.4.2+build.9");
    assert_eq!(lints(&check(&same)), ["release.unversioned_change"]);
    // an addition in a patch release warns
    same.version = v("1.4.3");
    let f = check(&same);
    assert_eq!(lints(&f), ["release.bump_too_small"]);
    assert_eq!(f[0].level, FindingLevel::Warning);

    // a pre-release is never a stable target; a lower version is refused
    let mut pre = old.clone();
    pre.version = v("2.0.0-rc.1");
    assert_eq!(lints(&check(&pre)), ["release.pre_release_target"]);
    let mut lower = old.clone();
    lower.version = v("1.4.1");
    assert_eq!(lints(&check(&lower)), ["release.version_regressed"]);
    // a lower version with changes is a regression, not also a change under the same version
    lower.operations.insert("search".into(), op("GET /search"));
    assert!(!lints(&check(&lower)).contains(&"release.unversioned_change"));
    assert!(lints(&check(&lower)).contains(&"release.version_regressed"));
}

/// The bump between two versions, as semver reads it: before 1.0.0 the leftmost non-zero
/// part is the major one, and build metadata is no change.
#[test]
fn the_bump_between_two_versions() {
    for (old, new, bump) in [
        ("1.4.2", "2.0.0", Bump::Major),
        ("1.4.2", "1.5.0", Bump::Minor),
        ("1.4.2", "1.4.3", Bump::Patch),
        ("1.0.0", "1.0.1", Bump::Patch),
        ("2.0.9", "2.0.10", Bump::Patch),
        ("0.3.1", "0.4.0", Bump::Major),
        ("0.3.1", "0.3.2", Bump::Minor),
        ("0.0.1", "0.0.2", Bump::Major),
        ("1.4.2", "1.4.2+build.7", Bump::None),
        ("1.4.2", "1.4.1", Bump::None),
        ("1.4.2", "1.4.2", Bump::None),
    ] {
        assert_eq!(bump_between(&v(old), &v(new)), bump, "{old} → {new}");
    }
}

#[test]
fn deprecations_and_sunsets() {
    let p = Policy::default();
    let mut old = old_contract();
    let dep = |since: &str, sunset: &str| {
        Some(Deprecation {
            since: at(since),
            sunset: at(sunset),
        })
    };
    // removal without deprecation
    let mut new = old.clone();
    new.version = v("2.0.0");
    new.operations.remove("list_invoices");
    let f = check_release(
        &old,
        &new,
        &diff_contracts(&old, &new, &p),
        at("2026-01-01T00:00:00Z"),
        &p,
    );
    assert_eq!(lints(&f), ["release.removed_without_deprecation"]);

    // removal before the sunset, exactly at it, after it
    old.operations.get_mut("list_invoices").unwrap().deprecated =
        dep("2025-08-31T00:00:00Z", "2026-02-28T00:00:00Z");
    let removed =
        |when: &str| check_release(&old, &new, &diff_contracts(&old, &new, &p), at(when), &p);
    assert_eq!(
        lints(&removed("2026-02-27T23:59:59Z")),
        ["release.removed_before_sunset"]
    );
    assert!(removed("2026-02-28T00:00:00Z").is_empty());

    // a sunset moved earlier
    let mut moved = old.clone();
    moved.version = v("1.4.3");
    moved
        .operations
        .get_mut("list_invoices")
        .unwrap()
        .deprecated = dep("2025-08-31T00:00:00Z", "2026-01-31T00:00:00Z");
    let f = check_release(
        &old,
        &moved,
        &diff_contracts(&old, &moved, &p),
        at("2025-12-01T00:00:00Z"),
        &p,
    );
    assert_eq!(lints(&f), ["release.sunset_moved_earlier"]);
    // a sunset kept, or moved later, is not
    for sunset in ["2026-02-28T00:00:00Z", "2026-06-30T00:00:00Z"] {
        let mut kept = old.clone();
        kept.version = v("1.4.3");
        kept.operations.get_mut("list_invoices").unwrap().deprecated =
            dep("2025-08-31T00:00:00Z", sunset);
        let f = check_release(
            &old,
            &kept,
            &diff_contracts(&old, &kept, &p),
            at("2025-12-01T00:00:00Z"),
            &p,
        );
        assert!(
            !lints(&f).contains(&"release.sunset_moved_earlier"),
            "{sunset}: {f:?}"
        );
    }

    // a new deprecation must give six calendar months: 31 August + 6 months is 28 February
    let base = old_contract();
    let deprecating = |since: &str, sunset: &str| {
        let mut n = base.clone();
        n.version = v("1.5.0");
        n.operations.get_mut("get_invoice").unwrap().deprecated = dep(since, sunset);
        check_release(&base, &n, &diff_contracts(&base, &n, &p), at(since), &p)
    };
    assert!(deprecating("2025-08-31T00:00:00Z", "2026-02-28T00:00:00Z").is_empty());
    assert_eq!(
        lints(&deprecating("2025-08-31T00:00:00Z", "2026-02-27T00:00:00Z")),
        ["release.deprecation_window_too_short"]
    );
    // leap year: 31 August 2027 + 6 months is 29 February 2028
    assert_eq!(
        lints(&deprecating("2027-08-31T00:00:00Z", "2028-02-28T00:00:00Z")),
        ["release.deprecation_window_too_short"]
    );
    assert!(deprecating("2027-08-31T00:00:00Z", "2028-02-29T00:00:00Z").is_empty());
}

#[test]
fn the_compatibility_matrix() {
    let m = CompatibilityMatrix {
        rows: vec![
            MatrixRow {
                partner: VersionReq::parse("^1.4").unwrap(),
                os: VersionReq::parse("^7").unwrap(),
            },
            MatrixRow {
                partner: VersionReq::parse("^2").unwrap(),
                os: VersionReq::parse(">=8, <10").unwrap(),
            },
        ],
    };
    assert_eq!(m.alignment(&v("2.0.0"), &v("8.2.0")), Alignment::Aligned);
    assert_eq!(m.alignment(&v("2.0.0"), &v("7.9.0")), Alignment::WrongOs);
    assert_eq!(m.alignment(&v("3.0.0"), &v("8.0.0")), Alignment::NotListed);
    assert_eq!(
        m.alignment(&v("2.0.0-rc.1"), &v("8.0.0")),
        Alignment::NotListed,
        "pre-releases only match when named"
    );
    assert_eq!(
        m.alignment(&v("2.0.0+b7"), &v("8.0.0")),
        Alignment::Aligned,
        "build metadata is ignored"
    );
    assert!(m.check(&v("2.0.0"), &v("8.0.0")).is_empty());
    assert_eq!(
        lints(&m.check(&v("2.0.0"), &v("10.0.0"))),
        ["compatibility.matrix_unaligned"]
    );
}

#[test]
fn runtime_fragmentation_and_support() {
    let use_ = |c: &str, k: ComponentKind, r: &str, ver: &str| RuntimeUse {
        component: c.into(),
        kind: k,
        runtime: r.into(),
        version: v(ver),
    };
    let supported = [
        RuntimeSupport {
            runtime: "wasm".into(),
            versions: VersionReq::parse(">=2.0, <4").unwrap(),
        },
        RuntimeSupport {
            runtime: "py".into(),
            versions: VersionReq::parse("^3.11").unwrap(),
        },
    ];
    let p = Policy::default();
    let ok = [
        use_("ui", ComponentKind::Extension, "wasm", "3.1.0"),
        use_("sync", ComponentKind::Workflow, "wasm", "3.0.2"),
        use_("model", ComponentKind::Intelligence, "py", "3.12.1"),
    ];
    assert!(check_runtimes(&ok, &supported, &p).is_empty());
    let split = [
        use_("ui", ComponentKind::Extension, "wasm", "3.1.0"),
        use_("sync", ComponentKind::Workflow, "wasm", "2.9.0"),
    ];
    assert_eq!(
        lints(&check_runtimes(&split, &supported, &p)),
        ["runtime.fragmentation"]
    );
    let two = Policy::builder().max_runtime_majors(2).build().unwrap();
    assert!(check_runtimes(&split, &supported, &two).is_empty());
    let old = [
        use_("model", ComponentKind::Intelligence, "py", "3.10.4"),
        use_("x", ComponentKind::Extension, "lua", "5.4.0"),
    ];
    let f = check_runtimes(&old, &supported, &p);
    // each lands where its component lives: intelligence, structure
    assert_eq!(
        lints(&f),
        ["runtime.incompatible_intelligence", "runtime.incompatible"]
    );
    assert_eq!(f[0].item, "intelligence model");
}

#[test]
fn fallback_requirements() {
    let old = old_contract();
    let grant: PermissionSet = "read:invoices/*, write:invoices/drafts/*".parse().unwrap();
    let rollout = at("2026-08-31T10:00:00Z");
    let p = Policy::default();
    let cat = Catalog::default();
    let provision = |until: &str| {
        FallbackProvision::new(
            vec!["get_invoice".into(), "list_invoices".into()],
            vec!["sync".into()],
            "read:invoices/*".parse().unwrap(),
            at(until),
        )
    };
    assert!(check_fallback(
        &provision("2027-08-31T10:00:00Z"),
        &old,
        &grant,
        rollout,
        &p,
        &cat
    )
    .is_empty());
    // exactly the minimum (31 August + 6 months = 28 February) only warns; a second less fails
    let f = check_fallback(
        &provision("2027-02-28T10:00:00Z"),
        &old,
        &grant,
        rollout,
        &p,
        &cat,
    );
    assert_eq!(lints(&f), ["fallback.window_below_recommended"]);
    assert_eq!(f[0].level, FindingLevel::Warning);
    let f = check_fallback(
        &provision("2027-02-28T09:59:59Z"),
        &old,
        &grant,
        rollout,
        &p,
        &cat,
    );
    assert_eq!(lints(&f), ["fallback.window_too_short"]);

    let mut missing = provision("2027-08-31T10:00:00Z");
    missing.apis.pop();
    missing.workflows.clear();
    missing.permissions = "read:invoices/*, write:invoices/drafts/*, read:billing/*"
        .parse()
        .unwrap();
    let f = check_fallback(&missing, &old, &grant, rollout, &p, &cat);
    assert_eq!(
        lints(&f),
        [
            "fallback.missing_api",
            "fallback.missing_workflow",
            "permission.exceeds_ceiling",
            "permission.fallback_wider",
            "permission.fallback_not_read_only"
        ]
    );
}

#[test]
fn documents_and_governance() {
    let docs = |kinds: &[DocumentKind]| -> Vec<Document> {
        kinds
            .iter()
            .map(|k| Document {
                kind: *k,
                location: format!("{k}.md"),
            })
            .collect()
    };
    use DocumentKind::*;
    let f = check_documents(
        MigrationKind::WorkflowPermission,
        &docs(&[MigrationGuide, CompatibilityNotes, VersionNotes]),
    );
    let errors: Vec<&str> = f
        .iter()
        .filter(|f| f.level == FindingLevel::Error)
        .map(|f| f.item.as_str())
        .collect();
    assert_eq!(errors, ["workflow changes", "permission changes"]);
    let infos: Vec<&str> = f
        .iter()
        .filter(|f| f.level == FindingLevel::Info)
        .map(|f| f.item.as_str())
        .collect();
    assert_eq!(infos, ["developer tutorial", "partner onboarding guide"]);
    // all five are required for every kind, an API migration too
    let api = check_documents(
        MigrationKind::ApiVersion,
        &docs(&[
            MigrationGuide,
            CompatibilityNotes,
            VersionNotes,
            DeveloperTutorial,
            PartnerOnboardingGuide,
        ]),
    );
    let errors: Vec<&str> = api.iter().map(|f| f.item.as_str()).collect();
    assert_eq!(errors, ["workflow changes", "permission changes"]);
    let all = check_documents(
        MigrationKind::ApiVersion,
        &docs(&[
            MigrationGuide,
            CompatibilityNotes,
            VersionNotes,
            WorkflowChanges,
            PermissionChanges,
            DeveloperTutorial,
            PartnerOnboardingGuide,
        ]),
    );
    assert!(all.is_empty());

    let t = at("2026-03-01T00:00:00Z");
    let mut new = old_contract();
    new.workflows.get_mut("sync").unwrap().governed_by = None;
    let approvals = [Approval {
        body: GovernanceBody::Tsc,
        by: "chair".into(),
        at: t,
    }];
    let f = check_governance(
        MigrationKind::ApiVersion,
        Mode::Guided,
        &[Trigger::ApiDeprecation],
        &approvals,
        true,
        &new,
        t,
    );
    assert_eq!(
        lints(&f),
        [
            "governance.missing_sco_approval",
            "governance.ungoverned_workflow"
        ]
    );
    assert_eq!(f[0].item, "SCO");
    let late = [Approval {
        body: GovernanceBody::Tsc,
        by: "chair".into(),
        at: t + Duration::seconds(1),
    }];
    let f = check_governance(
        MigrationKind::ApiVersion,
        Mode::Guided,
        &[Trigger::ApiDeprecation],
        &late,
        false,
        &old_contract(),
        t,
    );
    assert_eq!(
        lints(&f),
        ["governance.missing_approval"],
        "an approval from the future does not count"
    );
    // a security violation needs SCO ("security & compliance") whatever the kind
    let signed = [Approval {
        body: GovernanceBody::Tsc,
        by: "chair".into(),
        at: t,
    }];
    let f = check_governance(
        MigrationKind::ApiVersion,
        Mode::Forced,
        &[Trigger::SecurityViolation],
        &signed,
        false,
        &old_contract(),
        t,
    );
    assert_eq!(lints(&f), ["governance.missing_sco_approval"]);
    assert_eq!(f[0].item, "SCO");
    // ERC is the workflow authority (framework §6): a workflow migration it has not approved
    // fails the workflow dimension
    let f = check_governance(
        MigrationKind::WorkflowHandler,
        Mode::Soft,
        &[Trigger::WorkflowDeprecation],
        &signed,
        false,
        &old_contract(),
        t,
    );
    assert_eq!(lints(&f), ["governance.missing_erc_approval"]);
    assert_eq!(f[0].item, "ERC");
    assert_eq!(
        Lint::MissingErcApproval.dimension(),
        Some(Dimension::Workflow)
    );
}

#[test]
fn releasing_a_permission_needs_only_a_patch() {
    let old = old_contract();
    let mut new = old.clone();
    new.version = v("1.4.3");
    new.permissions = PermissionSet::new();
    let p = Policy::default();
    let changes = diff_contracts(&old, &new, &p);
    let got: Vec<(Lint, ChangeSeverity, Bump)> = changes
        .iter()
        .map(|c| (c.lint, c.severity, c.bump))
        .collect();
    assert_eq!(
        got,
        [(Lint::PermissionReleased, ChangeSeverity::Info, Bump::Patch)]
    );
    let findings = check_release(&old, &new, &changes, at("2026-01-01T00:00:00Z"), &p);
    assert!(findings.is_empty(), "{findings:?}");
}

#[test]
fn the_annual_calendar() {
    let mut cal = GovernanceCalendar::default();
    let done = at("2025-02-28T00:00:00Z");
    for task in AnnualTask::ALL {
        cal.last_done.insert(task, done);
    }
    let p = Policy::default();
    assert!(
        cal.check(at("2026-02-28T00:00:00Z"), &p).is_empty(),
        "due, not overdue, on the day"
    );
    assert_eq!(cal.check(at("2026-02-28T00:00:01Z"), &p).len(), 4);
    cal.last_done.remove(&AnnualTask::SustainabilityReview);
    let s = cal.status(at("2025-03-01T00:00:00Z"), &p);
    assert_eq!(
        s.iter()
            .filter(|s| s.overdue)
            .map(|s| s.task)
            .collect::<Vec<_>>(),
        [AnnualTask::SustainabilityReview]
    );
}

#[test]
fn remediation_steps_and_windows() {
    let t0 = at("2026-04-01T00:00:00Z");
    let p = Policy::default();
    let mut case = RemediationCase::open(Severity::Minor, t0);
    assert_eq!(case.deadline(&p), at("2026-05-01T00:00:00Z"));
    let e = case
        .record(RemediationStep::ImplementFixes, t0)
        .unwrap_err();
    assert_eq!(e.code(), "remediation.out_of_order");
    case.record(RemediationStep::IdentifyRootCause, t0).unwrap();
    assert_eq!(
        case.record(RemediationStep::SubmitPlan, t0 - Duration::days(1))
            .unwrap_err()
            .code(),
        "remediation.time_went_backwards"
    );
    case.record(RemediationStep::SubmitPlan, t0).unwrap();
    case.record(RemediationStep::ImplementFixes, t0 + Duration::days(10))
        .unwrap();
    assert!(!case.is_overdue(at("2026-05-01T00:00:00Z"), &p));
    assert!(case.is_overdue(at("2026-05-01T00:00:01Z"), &p));
    assert_eq!(
        lints(&case.check(at("2026-05-02T00:00:00Z"), &p)),
        ["remediation.overdue"]
    );
    assert_eq!(
        case.record(RemediationStep::RestoreFullAccess, t0)
            .unwrap_err()
            .code(),
        "remediation.out_of_order"
    );

    let mut severe = RemediationCase::open(Severity::Severe, t0);
    assert_eq!(severe.deadline(&p), t0, "severe is immediate");
    for s in &RemediationStep::ALL[..4] {
        severe.record(*s, t0).unwrap();
    }
    assert_eq!(
        severe
            .record(RemediationStep::RestoreFullAccess, t0)
            .unwrap_err()
            .code(),
        "remediation.review_missing"
    );
    severe.record_review();
    severe
        .record(RemediationStep::RestoreFullAccess, t0)
        .unwrap();
    assert!(severe.access_restored());
    assert_eq!(
        severe
            .record(RemediationStep::RestoreFullAccess, t0)
            .unwrap_err()
            .code(),
        "remediation.complete"
    );
    assert_eq!(
        RemediationCase::open(Severity::Moderate, t0).deadline(&p),
        at("2026-04-15T00:00:00Z")
    );
}

#[test]
fn every_lint_has_an_id_a_rule_and_a_unique_name() {
    let mut ids: Vec<&str> = Lint::ALL.iter().map(|l| l.id()).collect();
    assert!(Lint::ALL
        .iter()
        .all(|l| !l.rule().is_empty() && l.id().contains('.')));
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), Lint::ALL.len());
    // an id names its lint, and only a lint's id does (what a finding's JSON is read by)
    for lint in Lint::ALL {
        assert_eq!(Lint::from_id(lint.id()), Some(*lint));
    }
    assert_eq!(Lint::from_id("release.no_such_lint"), None);
    assert_eq!(Lint::from_id(""), None);
    // a lint equals its id as text, and no other text (how a finding is matched in a test
    // or a dashboard)
    for lint in Lint::ALL {
        assert!(*lint == *lint.id() && *lint == lint.id());
        assert!(*lint != *"release.no_such_lint" && *lint != "");
    }
}

/// A realistic migration: invoices API v1 → v2, a workflow handler update, one mistake.
#[test]
fn a_full_validation_report_for_a_person() {
    let old = old_contract();
    let mut new = old.clone();
    new.version = v("2.0.0");
    new.operations
        .insert("get_invoice".into(), op("GET /v2/invoices/{id} -> Invoice"));
    new.operations
        .insert("search".into(), op("GET /v2/search -> [Invoice]"));
    new.workflows
        .insert("sync".into(), wf("invoice.created", "billing.sync@2"));
    new.runtime.version = v("3.0.0");
    let rollout = at("2026-03-02T09:00:00Z");
    let ceiling: PermissionSet = "read:invoices/*, write:invoices/*".parse().unwrap();
    let grants = Grants::new(
        "read:invoices/*".parse().unwrap(),
        "read:invoices/*".parse().unwrap(),
    )
    .fallback("read:invoices/*".parse().unwrap());
    let docs: Vec<Document> = [
        DocumentKind::MigrationGuide,
        DocumentKind::CompatibilityNotes,
        DocumentKind::VersionNotes,
        DocumentKind::WorkflowChanges,
        DocumentKind::PermissionChanges,
    ]
    .into_iter()
    .map(|k| Document {
        kind: k,
        location: format!("https://partners.example/acme/{k}"),
    })
    .collect();
    let approvals = [
        Approval {
            body: GovernanceBody::Tsc,
            by: "tsc-chair".into(),
            at: rollout,
        },
        Approval {
            body: GovernanceBody::Erc,
            by: "erc-lead".into(),
            at: rollout,
        },
    ];
    let runtimes = [
        RuntimeUse {
            component: "invoices-ui".into(),
            kind: ComponentKind::Extension,
            runtime: "wasm".into(),
            version: v("3.0.0"),
        },
        RuntimeUse {
            component: "sync".into(),
            kind: ComponentKind::Workflow,
            runtime: "wasm".into(),
            version: v("2.3.0"),
        },
    ];
    let supported = [RuntimeSupport {
        runtime: "wasm".into(),
        versions: VersionReq::parse(">=2.3, <4").unwrap(),
    }];
    let matrix = CompatibilityMatrix {
        rows: vec![MatrixRow {
            partner: VersionReq::parse("^2").unwrap(),
            os: VersionReq::parse("^8").unwrap(),
        }],
    };
    let fallback = FallbackProvision::new(
        vec!["get_invoice".into(), "list_invoices".into()],
        vec!["sync".into()],
        "read:invoices/*".parse().unwrap(),
        at("2027-03-02T09:00:00Z"),
    );
    let catalog = Catalog::default();
    let os = v("8.1.0");
    let input = ValidationInput::new(
        MigrationKind::ApiVersion,
        Mode::Guided,
        &[Trigger::ApiDeprecation],
        &new.version,
        rollout + Duration::days(1),
    )
    .contracts(&old, &new)
    .rollout(rollout)
    .platform(&matrix, &os)
    .runtimes(&runtimes, &supported)
    .grants(&grants)
    .ceiling(&ceiling)
    .approvals(&approvals)
    .documents(&docs)
    .fallback(&fallback)
    .catalog(&catalog);
    let report = validate(&input, &Policy::default());
    println!("{report}");
    assert_eq!(
        report
            .results()
            .iter()
            .map(|r| r.dimension)
            .collect::<Vec<_>>(),
        Dimension::ALL,
        "all six dimensions are covered"
    );
    assert!(report.results().iter().all(|r| r.computed));
    // the sync workflow still runs on wasm 2 while the extension moved to wasm 3
    assert_eq!(report.failed(), [Dimension::Structure]);
    let structure = report.get(Dimension::Structure).unwrap();
    assert!(structure
        .findings
        .iter()
        .any(|f| f.lint == "runtime.fragmentation" && f.item == "runtime wasm"));
    assert_eq!(
        report.get(Dimension::Intelligence).unwrap().verdict,
        Verdict::NotApplicable
    );
    assert_eq!(
        report.get(Dimension::Workflow).unwrap().verdict,
        Verdict::Pass
    );
    let text = report.to_string();
    assert!(text.starts_with("validation failed"));
    assert!(text.contains("structure     FAIL"), "{text}");

    // an attested pass does not hide a computed failure; an attested failure fails a
    // dimension that computed as passed
    let attest = |dimension, verdict| {
        Attestation::builder(dimension, verdict, "external review", "reviewer", rollout)
            .evidence("ticket 7")
            .build()
    };
    let attested = [
        attest(Dimension::Structure, Verdict::Pass),
        attest(Dimension::Intelligence, Verdict::Fail),
    ];
    let report = validate(
        &{
            let mut input_ = input;
            input_.attestations = &attested;
            input_
        },
        &Policy::default(),
    );
    assert_eq!(
        report.failed(),
        [Dimension::Structure, Dimension::Intelligence]
    );
    let intelligence = report.get(Dimension::Intelligence).unwrap();
    assert_eq!(intelligence.attestations, [attested[1].clone()]);

    // fix it: the workflow moves to wasm 3 too
    let runtimes = [
        runtimes[0].clone(),
        RuntimeUse {
            version: v("3.0.0"),
            ..runtimes[1].clone()
        },
    ];
    let report = validate(
        &{
            let mut input_ = input;
            input_.runtimes = &runtimes;
            input_
        },
        &Policy::default(),
    );
    assert!(report.passed(), "{report}");
}

#[test]
fn an_attested_pass_makes_a_not_applicable_dimension_a_pass() {
    // a tier change without contracts: the intelligence dimension is not applicable until a
    // review attests it
    let grants = Grants::default();
    let ceiling = PermissionSet::new();
    let fallback = FallbackProvision::new(
        Vec::new(),
        Vec::new(),
        PermissionSet::new(),
        at("2027-03-02T09:00:00Z"),
    );
    let review = Attestation::builder(
        Dimension::Intelligence,
        Verdict::Pass,
        "model card review",
        "sco-duty",
        at("2026-03-02T09:00:00Z"),
    )
    .evidence("REV-12")
    .build();
    let (os, version) = (v("8.1.0"), v("2.0.0"));
    let matrix = CompatibilityMatrix {
        rows: vec![MatrixRow {
            partner: VersionReq::parse("^2").unwrap(),
            os: VersionReq::parse("^8").unwrap(),
        }],
    };
    let triggers = [Trigger::TierUpgrade];
    let input = ValidationInput::new(
        MigrationKind::TierUpgrade,
        Mode::Soft,
        &triggers,
        &version,
        at("2026-03-03T09:00:00Z"),
    )
    .rollout(at("2026-03-02T09:00:00Z"))
    .platform(&matrix, &os)
    .grants(&grants)
    .ceiling(&ceiling)
    .fallback(&fallback)
    .attestations(std::slice::from_ref(&review));
    let report = validate(&input, &Policy::default());
    let intelligence = report.get(Dimension::Intelligence).unwrap();
    assert_eq!(intelligence.verdict, Verdict::Pass);
    assert!(intelligence.computed);
    // without the review it is not applicable
    let report = validate(
        &{
            let mut input_ = input;
            input_.attestations = &[];
            input_
        },
        &Policy::default(),
    );
    assert_eq!(
        report.get(Dimension::Intelligence).unwrap().verdict,
        Verdict::NotApplicable
    );
    // the missing documents fail the version dimension, computed without any contract
    assert!(report.failed().contains(&Dimension::Version));
}

#[test]
fn evidence_not_given_is_not_involved_but_never_a_silent_pass() {
    let (os, version) = (v("8.1.0"), v("2.0.0"));
    let matrix = CompatibilityMatrix {
        rows: vec![MatrixRow {
            partner: VersionReq::parse("^2").unwrap(),
            os: VersionReq::parse("^8").unwrap(),
        }],
    };
    let at = at("2026-03-03T09:00:00Z");
    // an API migration without its contracts, platform facts or fallback: nothing that rests
    // on them passes
    let triggers = [Trigger::ApiDeprecation];
    let docs: Vec<Document> = DocumentKind::ALL
        .into_iter()
        .map(|kind| Document {
            kind,
            location: format!("{kind}.md"),
        })
        .collect();
    let bare = ValidationInput::new(
        MigrationKind::ApiVersion,
        Mode::Soft,
        &triggers,
        &version,
        at,
    )
    .documents(&docs);
    let report = validate(&bare, &Policy::default());
    for d in [
        Dimension::Version,
        Dimension::Structure,
        Dimension::Capability,
    ] {
        assert_eq!(report.get(d).unwrap().verdict, Verdict::Unverified, "{d}");
        assert!(!report.get(d).unwrap().computed);
    }
    assert!(!report.passed());
    // an API migration touches no workflow: without contracts, the workflow dimension is
    // still not involved (it is not "unverified")
    assert_eq!(
        report.get(Dimension::Workflow).unwrap().verdict,
        Verdict::NotApplicable
    );
    // contracts (and the runtimes the platform supports, which the contract's runtime is
    // checked against) without the compatibility matrix: the version dimension still rests
    // on the matrix, so it stays unverified
    let (old, mut new) = (old_contract(), old_contract());
    new.version = version.clone();
    let wasm = [RuntimeSupport {
        runtime: "wasm".into(),
        versions: VersionReq::parse("^2").unwrap(),
    }];
    let report = validate(
        &bare.contracts(&old, &new).runtimes(&[], &wasm),
        &Policy::default(),
    );
    let version_result = report.get(Dimension::Version).unwrap();
    assert_eq!(
        (version_result.verdict, version_result.computed),
        (Verdict::Unverified, false)
    );
    assert!(report.get(Dimension::Structure).unwrap().computed);
    // a permission kind without its grants: the permission dimension is unverified
    let triggers = [Trigger::PermissionChange];
    let permission = ValidationInput::new(
        MigrationKind::PermissionReduction,
        Mode::Soft,
        &triggers,
        &version,
        at,
    )
    .platform(&matrix, &os);
    let report = validate(&permission, &Policy::default());
    assert_eq!(
        report.get(Dimension::Permission).unwrap().verdict,
        Verdict::Unverified
    );
    // a tier change changes grants too: without them, unverified
    let triggers = [Trigger::TierUpgrade];
    let tier = ValidationInput::new(
        MigrationKind::TierUpgrade,
        Mode::Soft,
        &triggers,
        &version,
        at,
    );
    let report = validate(&tier, &Policy::default());
    assert_eq!(
        report.get(Dimension::Permission).unwrap().verdict,
        Verdict::Unverified
    );
    // an extension-runtime change with no grants given: permissions are not involved
    let triggers = [Trigger::RuntimeChange];
    let runtime = ValidationInput::new(
        MigrationKind::ExtensionRuntime,
        Mode::Soft,
        &triggers,
        &version,
        at,
    );
    let report = validate(&runtime, &Policy::default());
    assert_eq!(
        report.get(Dimension::Permission).unwrap().verdict,
        Verdict::NotApplicable
    );
}

#[test]
fn a_contract_involves_the_permission_and_workflow_dimensions_only_when_it_touches_them() {
    // an API migration (a kind that touches neither grants nor workflows) with contracts
    let triggers = [Trigger::ApiDeprecation];
    let version = v("1.1.0");
    let at = at("2026-03-03T09:00:00Z");
    let mut old = old_contract();
    old.workflows.clear();
    let mut new = old.clone();
    new.version = version.clone();
    let verdict = |old: &Contract, new: &Contract, d: Dimension| {
        let input = ValidationInput::new(
            MigrationKind::ApiVersion,
            Mode::Soft,
            &triggers,
            &version,
            at,
        )
        .contracts(old, new);
        validate(&input, &Policy::default()).get(d).unwrap().verdict
    };
    // the same grant and no workflows: neither dimension is involved
    assert_eq!(
        verdict(&old, &new, Dimension::Permission),
        Verdict::NotApplicable
    );
    assert_eq!(
        verdict(&old, &new, Dimension::Workflow),
        Verdict::NotApplicable
    );
    // a contract that requires another grant involves permissions (unverified: no grants)
    let mut wider = new.clone();
    wider.permissions = "read:invoices/*, write:invoices/*".parse().unwrap();
    assert_ne!(
        verdict(&old, &wider, Dimension::Permission),
        Verdict::NotApplicable
    );
    // a contract with workflows, old or new, involves the workflow dimension
    let with_workflows = old_contract();
    let mut new_with = with_workflows.clone();
    new_with.version = version.clone();
    assert_ne!(
        verdict(&with_workflows, &new_with, Dimension::Workflow),
        Verdict::NotApplicable
    );
    assert_ne!(
        verdict(&old, &new_with, Dimension::Workflow),
        Verdict::NotApplicable
    );
    // workflows the new contract drops are involved too
    assert_ne!(
        verdict(&with_workflows, &new, Dimension::Workflow),
        Verdict::NotApplicable
    );
    // an intelligence component among the runtimes involves the intelligence dimension
    let models = [RuntimeUse {
        component: "ranker".into(),
        kind: ComponentKind::Intelligence,
        runtime: "onnx".into(),
        version: v("1.0.0"),
    }];
    let onnx = [RuntimeSupport {
        runtime: "onnx".into(),
        versions: VersionReq::parse("^1").unwrap(),
    }];
    let input = ValidationInput::new(
        MigrationKind::ApiVersion,
        Mode::Soft,
        &triggers,
        &version,
        at,
    )
    .contracts(&old, &new)
    .runtimes(&models, &onnx);
    let report = validate(&input, &Policy::default());
    assert_ne!(
        report.get(Dimension::Intelligence).unwrap().verdict,
        Verdict::NotApplicable
    );
    // grants given and within their boundary: the permission dimension passes, it is not
    // "not applicable"
    let ceiling: PermissionSet = "read:invoices/*, write:invoices/*".parse().unwrap();
    let grants = Grants::new(
        "read:invoices/*".parse().unwrap(),
        "read:invoices/*".parse().unwrap(),
    )
    .fallback("read:invoices/*".parse().unwrap());
    let input = ValidationInput::new(
        MigrationKind::ApiVersion,
        Mode::Soft,
        &triggers,
        &version,
        at,
    )
    .contracts(&old, &new)
    .grants(&grants)
    .ceiling(&ceiling);
    let report = validate(&input, &Policy::default());
    assert_eq!(
        report.get(Dimension::Permission).unwrap().verdict,
        Verdict::Pass
    );
    // and so does a workflow component among the runtimes, with no workflow in the contract
    let used = [RuntimeUse {
        component: "sync-worker".into(),
        kind: ComponentKind::Workflow,
        runtime: "flowrt".into(),
        version: v("2.0.0"),
    }];
    let supported = [RuntimeSupport {
        runtime: "flowrt".into(),
        versions: VersionReq::parse("^2").unwrap(),
    }];
    let input = ValidationInput::new(
        MigrationKind::ApiVersion,
        Mode::Soft,
        &triggers,
        &version,
        at,
    )
    .contracts(&old, &new)
    .runtimes(&used, &supported);
    let report = validate(&input, &Policy::default());
    assert_ne!(
        report.get(Dimension::Workflow).unwrap().verdict,
        Verdict::NotApplicable
    );
}

#[test]
fn every_lint_declares_its_dimension_and_findings_land_there_only() {
    // every lint validation raises has a dimension; the calendar and remediation have none
    for lint in Lint::ALL {
        let outside = lint.id().starts_with("remediation.") || *lint == Lint::GovernanceTaskOverdue;
        assert_eq!(lint.dimension().is_none(), outside, "{lint}");
    }
    // a full validation with many findings: each result holds only its own lints
    let old = old_contract();
    let mut new = old.clone();
    new.version = v("1.5.0"); // a breaking change under a minor bump
    new.operations.remove("list_invoices");
    new.workflows.get_mut("sync").unwrap().governed_by = None;
    let runtimes = [
        RuntimeUse {
            component: "model".into(),
            kind: ComponentKind::Intelligence,
            runtime: "py".into(),
            version: v("3.10.0"),
        },
        RuntimeUse {
            component: "sync".into(),
            kind: ComponentKind::Workflow,
            runtime: "lua".into(),
            version: v("5.4.0"),
        },
    ];
    let ceiling: PermissionSet = "read:invoices/*".parse().unwrap();
    let grants = {
        let mut grants = Grants::default();
        grants.current = "read:invoices/*".parse().unwrap();
        grants.proposed = "read:*, write:invoices/*".parse().unwrap();
        grants
    };
    let fallback = FallbackProvision::new(
        vec![],
        vec![],
        "write:invoices/*".parse().unwrap(),
        at("2026-03-04T00:00:00Z"),
    );
    let matrix = CompatibilityMatrix { rows: vec![] };
    let os = v("8.0.0");
    let triggers = [Trigger::SecurityViolation];
    let input = ValidationInput::new(
        MigrationKind::WorkflowHandler,
        Mode::Forced,
        &triggers,
        &new.version,
        at("2026-03-03T00:00:00Z"),
    )
    .contracts(&old, &new)
    .platform(&matrix, &os)
    .runtimes(&runtimes, &[])
    .grants(&grants)
    .ceiling(&ceiling)
    .fallback(&fallback);
    let report = validate(&input, &Policy::default());
    let mut seen = 0;
    for r in report.results() {
        for f in &r.findings {
            assert_eq!(
                f.lint.dimension(),
                Some(r.dimension),
                "{} in {}",
                f.lint,
                r.dimension
            );
            seen += 1;
        }
    }
    assert!(seen > 10, "the report holds many findings: {report}");
    for d in Dimension::ALL {
        assert!(
            !report.get(d).unwrap().findings.is_empty(),
            "{d} has findings"
        );
    }
}

#[test]
fn the_lint_table_in_the_rules_docs_is_the_declaration() {
    let docs = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../src/rules/mod.rs"),
    )
    .unwrap();
    let rows: Vec<&str> = docs
        .lines()
        .filter(|l| l.starts_with("//! | `") && l.matches('|').count() == 6)
        .collect();
    assert_eq!(rows.len(), Lint::ALL.len(), "one row per lint");
    for (row, lint) in rows.iter().zip(Lint::ALL) {
        let cells: Vec<&str> = row
            .trim_start_matches("//! ")
            .split('|')
            .map(str::trim)
            .collect();
        assert_eq!(cells[1], format!("`{}`", lint.id()));
        assert_eq!(cells[2], lint.level().to_string(), "{lint}");
        assert_eq!(
            cells[3],
            lint.dimension().map_or("—".to_owned(), |d| d.to_string()),
            "{lint}"
        );
        assert_eq!(cells[5], lint.rule(), "{lint}");
    }
}

#[test]
fn remediation_steps_are_named_recorded_in_order_and_restore_access_last() {
    let t0 = at("2026-05-04T00:00:00Z");
    let p = Policy::default();
    let names: Vec<String> = RemediationStep::ALL
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        names,
        [
            "identify root cause",
            "submit remediation plan",
            "implement fixes",
            "pass re-validation",
            "restore full access"
        ]
    );
    let mut case = RemediationCase::open(Severity::Minor, t0);
    // nothing may be dated before the problem was found, even the first step
    assert_eq!(
        case.record(RemediationStep::IdentifyRootCause, t0 - Duration::days(1)),
        Err(RemediationError::TimeWentBackwards {
            at: t0 - Duration::days(1)
        })
    );
    assert!(case.steps().is_empty());
    case.record(RemediationStep::IdentifyRootCause, t0).unwrap();
    case.record(RemediationStep::SubmitPlan, t0 + Duration::days(1))
        .unwrap();
    assert_eq!(
        case.steps(),
        [
            (RemediationStep::IdentifyRootCause, t0),
            (RemediationStep::SubmitPlan, t0 + Duration::days(1))
        ]
    );
    assert!(!case.access_restored(), "two of five steps");
    case.record(RemediationStep::ImplementFixes, t0 + Duration::days(2))
        .unwrap();
    case.record(RemediationStep::PassRevalidation, t0 + Duration::days(3))
        .unwrap();
    assert!(!case.access_restored(), "re-validated, not yet restored");
    case.record(RemediationStep::RestoreFullAccess, t0 + Duration::days(3))
        .unwrap();
    assert!(case.access_restored());
    // re-validated on day 3 of a 30-day window: met in time
    let window = case.window(&p);
    assert_eq!(window.revalidated_at, Some(t0 + Duration::days(3)));
    assert!(window.met_in_time());
    assert!(!case.is_overdue(t0 + Duration::days(40), &p));
}

/// What the builder is given is what validation uses: the rollout the fallback window counts
/// from.
#[test]
fn validation_counts_the_fallback_window_from_the_rollout_it_is_given() {
    let policy = Policy::default();
    let triggers = [Trigger::ApiDeprecation];
    let version = v("1.1.0");
    let at = at("2026-03-03T09:00:00Z");
    let rollout = at - Duration::days(30);
    let mut old = old_contract();
    old.workflows.clear();
    old.permissions = "fetch:invoices/*".parse().unwrap();
    let mut new = old.clone();
    new.version = version.clone();
    let provision = FallbackProvision::new(
        old.operations.keys().cloned().collect(),
        Vec::new(),
        "fetch:invoices/*".parse().unwrap(),
        policy.fallback_until(rollout),
    );
    let capability = |input: &ValidationInput<'_>| -> Vec<String> {
        let report = validate(input, &policy);
        lints(&report.get(Dimension::Capability).unwrap().findings)
            .into_iter()
            .map(str::to_owned)
            .collect()
    };
    let base = || {
        ValidationInput::new(
            MigrationKind::ApiVersion,
            Mode::Soft,
            &triggers,
            &version,
            at,
        )
        .contracts(&old, &new)
        .fallback(&provision)
    };
    // counted from the rollout, the window is long enough; counted from `at`, it would not be
    let from_rollout = capability(&base().rollout(rollout));
    assert!(
        !from_rollout
            .iter()
            .any(|l| l == "fallback.window_too_short"),
        "{from_rollout:?}"
    );
    assert!(capability(&base())
        .iter()
        .any(|l| l == "fallback.window_too_short"));
}

/// What the builder is given is what validation uses: the platform's verb catalog, which
/// decides what a verb can do.
#[test]
fn validation_judges_verbs_by_the_catalog_it_is_given() {
    let triggers = [Trigger::ApiDeprecation];
    let version = v("1.1.0");
    let at = at("2026-03-03T09:00:00Z");
    let old = old_contract();
    let mut new = old.clone();
    new.version = version.clone();
    let ceiling: PermissionSet = "read:invoices/*, publish:invoices/*".parse().unwrap();
    let grants = Grants::new(
        "read:invoices/*, publish:invoices/*".parse().unwrap(),
        "read:invoices/*, publish:invoices/*".parse().unwrap(),
    )
    .fallback("read:invoices/*".parse().unwrap());
    // the platform declares `publish` able to change permissions
    let catalog = Catalog::default().declare_escalation("publish");
    let permission = |input: &ValidationInput<'_>| {
        let report = validate(input, &Policy::default());
        let d = report.get(Dimension::Permission).unwrap();
        (
            d.verdict,
            lints(&d.findings)
                .into_iter()
                .map(str::to_owned)
                .collect::<Vec<_>>(),
        )
    };
    let base = || {
        ValidationInput::new(
            MigrationKind::ApiVersion,
            Mode::Soft,
            &triggers,
            &version,
            at,
        )
        .contracts(&old, &new)
        .grants(&grants)
        .ceiling(&ceiling)
    };
    // the default catalog does not know `publish` as an escalation: the grant passes
    assert_eq!(
        permission(&base()).0,
        Verdict::Pass,
        "{:?}",
        permission(&base()).1
    );
    // the platform's catalog does: the same grant fails, for that reason
    let (verdict, lints) = permission(&base().catalog(&catalog));
    assert_eq!(verdict, Verdict::Fail);
    assert!(
        lints.iter().any(|l| l == "permission.escalation_capable"),
        "{lints:?}"
    );
}

/// Every piece of evidence the builder is given reaches the check that reads it: the
/// compatibility matrix and OS version, the runtimes the platform supports, and the
/// governance approvals each change the report, and leaving one out changes it back.
#[test]
fn validation_reads_each_piece_of_evidence_it_is_given() {
    let triggers = [Trigger::ApiDeprecation];
    let version = v("2.0.0");
    let at = at("2026-03-03T09:00:00Z");
    let old = old_contract();
    let mut new = old.clone();
    new.version = version.clone();
    let all_lints = |input: &ValidationInput<'_>| -> Vec<String> {
        let report = validate(input, &Policy::default());
        Dimension::ALL
            .iter()
            .flat_map(|d| lints(&report.get(*d).unwrap().findings))
            .map(str::to_owned)
            .collect()
    };
    let base = || {
        ValidationInput::new(
            MigrationKind::ApiVersion,
            Mode::Soft,
            &triggers,
            &version,
            at,
        )
        .contracts(&old, &new)
    };
    let has = |lints: &[String], lint: &str| lints.iter().any(|l| l == lint);

    // the matrix lists 2.x on OS 8 only: on OS 9 the release is unaligned
    let matrix = CompatibilityMatrix {
        rows: vec![MatrixRow {
            partner: VersionReq::parse("^2").unwrap(),
            os: VersionReq::parse("^8").unwrap(),
        }],
    };
    let (os8, os9) = (v("8.1.0"), v("9.0.0"));
    assert!(has(
        &all_lints(&base().platform(&matrix, &os9)),
        "compatibility.matrix_unaligned"
    ));
    assert!(!has(
        &all_lints(&base().platform(&matrix, &os8)),
        "compatibility.matrix_unaligned"
    ));

    // a runtime the platform supports passes; the same runtime with no support list given
    // does not
    let used = [RuntimeUse {
        component: "billing".into(),
        kind: ComponentKind::Extension,
        runtime: "wasm".into(),
        version: v("2.3.0"),
    }];
    let supported = [RuntimeSupport {
        runtime: "wasm".into(),
        versions: VersionReq::parse("^2").unwrap(),
    }];
    assert!(!has(
        &all_lints(&base().runtimes(&used, &supported)),
        "runtime.incompatible"
    ));
    assert!(has(
        &all_lints(&base().runtimes(&used, &[])),
        "runtime.incompatible"
    ));

    // new access needs SCO's approval: given, the expansion is allowed
    let ceiling: PermissionSet = "read:invoices/*, write:invoices/*".parse().unwrap();
    let grants = Grants::new(
        "read:invoices/*".parse().unwrap(),
        "read:invoices/*, write:invoices/*".parse().unwrap(),
    )
    .fallback("read:invoices/*".parse().unwrap());
    let sco = [Approval {
        body: GovernanceBody::Sco,
        by: "sco-duty".into(),
        at: at - Duration::days(1),
    }];
    let expansion = "permission.expansion_without_sco";
    assert!(has(
        &all_lints(&base().grants(&grants).ceiling(&ceiling)),
        expansion
    ));
    assert!(!has(
        &all_lints(&base().grants(&grants).ceiling(&ceiling).approvals(&sco)),
        expansion
    ));
}

/// An intelligence runtime migration rests on the intelligence components it moves: given
/// them, the dimension is computed from them; without any, it is unverified, never a pass.
#[test]
fn an_intelligence_runtime_migration_is_judged_on_its_components() {
    let triggers = [Trigger::RuntimeChange];
    let version = v("2.0.0");
    let at = at("2026-03-03T09:00:00Z");
    let models = [RuntimeUse {
        component: "ranker".into(),
        kind: ComponentKind::Intelligence,
        runtime: "onnx".into(),
        version: v("1.2.0"),
    }];
    let onnx = [RuntimeSupport {
        runtime: "onnx".into(),
        versions: VersionReq::parse("^1").unwrap(),
    }];
    let input = ValidationInput::new(
        MigrationKind::IntelligenceRuntime,
        Mode::Soft,
        &triggers,
        &version,
        at,
    );
    let intelligence = |input: &ValidationInput<'_>| {
        let report = validate(input, &Policy::default());
        let d = report.get(Dimension::Intelligence).unwrap();
        (d.verdict, d.computed)
    };
    assert_eq!(
        intelligence(&input.runtimes(&models, &onnx)),
        (Verdict::Pass, true)
    );
    assert_eq!(intelligence(&input), (Verdict::Unverified, false));
}

/// The matrix listing 2.x on OS 8, for the tests below.
fn matrix_2_on_8() -> CompatibilityMatrix {
    CompatibilityMatrix {
        rows: vec![MatrixRow {
            partner: VersionReq::parse("^2").unwrap(),
            os: VersionReq::parse("^8").unwrap(),
        }],
    }
}

/// Every document, at a location.
fn all_documents() -> Vec<Document> {
    DocumentKind::ALL
        .into_iter()
        .map(|kind| Document {
            kind,
            location: format!("{kind}.md"),
        })
        .collect()
}

/// A soft migration is backward compatible (framework §3): `validate` fails one whose
/// contracts break or may break, in the version dimension, as the flow's transition refuses
/// it; the same change in guided mode, or a compatible change in soft mode, does not.
#[test]
fn soft_mode_over_a_breaking_change_fails_the_version_dimension() {
    let sunset = at("2026-01-01T00:00:00Z");
    let mut old = old_contract();
    // deprecated long ago and past its sunset: removing it breaks no release rule
    old.operations.get_mut("list_invoices").unwrap().deprecated = Some(Deprecation {
        since: sunset - Duration::days(400),
        sunset,
    });
    let mut removed = old.clone();
    removed.version = v("2.0.0");
    removed.operations.remove("list_invoices");
    let mut added = old.clone();
    added.version = v("2.0.0");
    added
        .operations
        .insert("search".into(), op("GET /search -> [Invoice]"));
    let mut handler = old.clone();
    handler.version = v("2.0.0");
    handler.workflows.get_mut("sync").unwrap().handler = "billing.sync@2".into();
    let (matrix, os, docs) = (matrix_2_on_8(), v("8.1.0"), all_documents());
    let triggers = [Trigger::ApiDeprecation];
    let version = |mode, new: &Contract| {
        let input = ValidationInput::new(
            MigrationKind::ApiVersion,
            mode,
            &triggers,
            &new.version,
            at("2026-03-03T09:00:00Z"),
        )
        .contracts(&old, new)
        .platform(&matrix, &os)
        .documents(&docs);
        let report = validate(&input, &Policy::default());
        let d = report.get(Dimension::Version).unwrap().clone();
        (d.verdict, d.findings)
    };
    // a removed operation under soft mode: the version dimension fails for that reason
    let (verdict, findings) = version(Mode::Soft, &removed);
    assert_eq!(verdict, Verdict::Fail, "{findings:?}");
    let soft: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.lint == Lint::SoftBreakingChange)
        .collect();
    assert_eq!(soft.len(), 1, "{findings:?}");
    assert_eq!(soft[0].level, FindingLevel::Error);
    assert_eq!(soft[0].item, "version 2.0.0");
    assert!(
        soft[0].message.contains("operation list_invoices"),
        "{}",
        soft[0].message
    );
    assert_eq!(
        Lint::SoftBreakingChange.dimension(),
        Some(Dimension::Version)
    );
    // the same removal under guided mode passes the version dimension
    assert_eq!(version(Mode::Guided, &removed), (Verdict::Pass, Vec::new()));
    // a change that may break (a workflow handler) is not backward compatible either
    let (verdict, findings) = version(Mode::Soft, &handler);
    assert_eq!(verdict, Verdict::Fail);
    assert!(lints(&findings).contains(&"release.soft_breaking_change"));
    // an addition is backward compatible: soft mode passes
    let (verdict, findings) = version(Mode::Soft, &added);
    assert_eq!(verdict, Verdict::Pass, "{findings:?}");
}

/// The contract names the runtime the partner runs on: it must be one the platform
/// supports, whatever runtime uses are listed beside it; without the supported runtimes
/// the structure dimension is not computed.
#[test]
fn the_contracts_own_runtime_must_be_supported() {
    let old = old_contract();
    let mut new = old.clone();
    new.version = v("1.5.0");
    new.runtime = RuntimeRef {
        name: "lua".into(),
        version: v("5.4.0"),
    };
    let mut same = old.clone();
    same.version = v("1.5.0");
    let wasm = [RuntimeSupport {
        runtime: "wasm".into(),
        versions: VersionReq::parse("^2").unwrap(),
    }];
    let billing = [RuntimeUse {
        component: "billing-ui".into(),
        kind: ComponentKind::Extension,
        runtime: "wasm".into(),
        version: v("2.3.0"),
    }];
    let triggers = [Trigger::RuntimeChange];
    let structure = |new: &Contract, used: &[RuntimeUse], supported: &[RuntimeSupport]| {
        let input = ValidationInput::new(
            MigrationKind::ApiVersion,
            Mode::Soft,
            &triggers,
            &new.version,
            at("2026-03-03T09:00:00Z"),
        )
        .contracts(&old, new)
        .runtimes(used, supported);
        let report = validate(&input, &Policy::default());
        report.get(Dimension::Structure).unwrap().clone()
    };
    // lua is unsupported: a failure with no runtime use listed at all
    let r = structure(&new, &[], &wasm);
    assert_eq!(r.verdict, Verdict::Fail);
    let f = r
        .findings
        .iter()
        .find(|f| f.lint == "runtime.incompatible")
        .expect("the contract's runtime is judged");
    assert_eq!(f.item, "contract runtime lua");
    assert_eq!(f.message, "lua 5.4.0 is not a supported runtime");
    // and with only supported components listed
    assert_eq!(structure(&new, &billing, &wasm).verdict, Verdict::Fail);
    // a supported contract runtime passes
    let r = structure(&same, &[], &wasm);
    assert_eq!((r.verdict, r.computed), (Verdict::Pass, true), "{r:?}");
    // without the supported runtimes the contract's runtime cannot be judged: unverified
    let r = structure(&same, &[], &[]);
    assert_eq!((r.verdict, r.computed), (Verdict::Unverified, false));
    let r = structure(&new, &[], &[]);
    assert_eq!((r.verdict, r.computed), (Verdict::Unverified, false));
}

/// A runtime migration rests on its runtimes: without the runtimes used or those the
/// platform supports, its structure is not computed.
#[test]
fn a_runtime_migration_without_its_runtimes_is_unverified() {
    let triggers = [Trigger::RuntimeChange];
    let version = v("2.0.0");
    let wasm = [RuntimeSupport {
        runtime: "wasm".into(),
        versions: VersionReq::parse("^2").unwrap(),
    }];
    let used = [RuntimeUse {
        component: "billing-ui".into(),
        kind: ComponentKind::Extension,
        runtime: "wasm".into(),
        version: v("2.3.0"),
    }];
    let erc = [Approval {
        body: GovernanceBody::Erc,
        by: "erc-duty".into(),
        at: at("2026-03-01T09:00:00Z"),
    }];
    let structure = |input: ValidationInput<'_>| {
        let report = validate(&input, &Policy::default());
        let r = report.get(Dimension::Structure).unwrap();
        (r.verdict, r.computed)
    };
    let base = ValidationInput::new(
        MigrationKind::ExtensionRuntime,
        Mode::Soft,
        &triggers,
        &version,
        at("2026-03-03T09:00:00Z"),
    );
    assert_eq!(structure(base), (Verdict::Unverified, false));
    assert_eq!(
        structure(base.runtimes(&[], &wasm)),
        (Verdict::Unverified, false)
    );
    assert_eq!(
        structure(base.runtimes(&used, &wasm)),
        (Verdict::Pass, true)
    );
    // runtimes used without the supported ones are unsupported, never a pass
    assert_eq!(structure(base.runtimes(&used, &[])).0, Verdict::Fail);
    // a workflow runtime migration without a workflow component: its workflow dimension is
    // unverified (it used to pass with nothing checked)
    let input = ValidationInput::new(
        MigrationKind::WorkflowRuntime,
        Mode::Soft,
        &triggers,
        &version,
        at("2026-03-03T09:00:00Z"),
    )
    .runtimes(&used, &wasm)
    .approvals(&erc);
    let report = validate(&input, &Policy::default());
    let workflow = report.get(Dimension::Workflow).unwrap();
    assert_eq!(
        (workflow.verdict, workflow.computed),
        (Verdict::Unverified, false)
    );
    let flows = [RuntimeUse {
        component: "sync".into(),
        kind: ComponentKind::Workflow,
        ..used[0].clone()
    }];
    let report = validate(&input.runtimes(&flows, &wasm), &Policy::default());
    let workflow = report.get(Dimension::Workflow).unwrap();
    assert_eq!((workflow.verdict, workflow.computed), (Verdict::Pass, true));
}

/// `MigrationKind::involves`: version, structure and capability always; permission,
/// workflow and intelligence by the kinds of the playbook's types, and each kind involves
/// the dimension its framework category governs.
#[test]
fn each_kind_involves_the_dimensions_of_its_type_and_category() {
    for kind in MigrationKind::ALL {
        for d in [
            Dimension::Version,
            Dimension::Structure,
            Dimension::Capability,
        ] {
            assert!(kind.involves(d), "{kind} {d}");
        }
        assert_eq!(
            kind.involves(Dimension::Permission),
            kind.touches_permissions(),
            "{kind}"
        );
        assert_eq!(
            kind.involves(Dimension::Workflow),
            kind.touches_workflows(),
            "{kind}"
        );
        assert_eq!(
            kind.involves(Dimension::Intelligence),
            kind == MigrationKind::IntelligenceRuntime,
            "{kind}"
        );
        let governed = match kind.category() {
            Category::Structural => Dimension::Structure,
            Category::Capability => Dimension::Capability,
            Category::Permission => Dimension::Permission,
            Category::Workflow => Dimension::Workflow,
            Category::Intelligence => Dimension::Intelligence,
            other => panic!("a category without a dimension: {other}"),
        };
        assert!(kind.involves(governed), "{kind} involves {governed}");
    }
    assert!(MigrationKind::WorkflowPermission.involves(Dimension::Permission));
    assert!(MigrationKind::WorkflowPermission.involves(Dimension::Workflow));
    assert!(!MigrationKind::OsVersion.involves(Dimension::Workflow));
    assert!(!MigrationKind::ExtensionRuntime.involves(Dimension::Intelligence));
}

/// Omitted evidence of a dimension the kind involves leaves it unverified; a dimension
/// nothing involves is not applicable, and only then.
#[test]
fn omitted_evidence_is_unverified_where_the_kind_involves_it() {
    let at = at("2026-03-03T09:00:00Z");
    let (matrix, os, docs) = (matrix_2_on_8(), v("8.1.0"), all_documents());
    let version = v("2.0.0");
    let wasm = [RuntimeSupport {
        runtime: "wasm".into(),
        versions: VersionReq::parse("^2").unwrap(),
    }];
    // a permission kind without its grants: unverified, not "not applicable"
    let triggers = [Trigger::PermissionChange];
    let fallback = FallbackProvision::new(
        Vec::new(),
        Vec::new(),
        "read:invoices/*".parse().unwrap(),
        at + Duration::days(400),
    );
    for kind in MigrationKind::ALL
        .into_iter()
        .filter(|k| k.involves(Dimension::Permission))
    {
        let input = ValidationInput::new(kind, Mode::Guided, &triggers, &version, at)
            .platform(&matrix, &os)
            .fallback(&fallback)
            .documents(&docs);
        let report = validate(&input, &Policy::default());
        let p = report.get(Dimension::Permission).unwrap();
        assert_ne!(p.verdict, Verdict::NotApplicable, "{kind}");
        assert_ne!(p.verdict, Verdict::Pass, "{kind}");
        // not computed, unless an error was found all the same (the fallback grant checked
        // against no ceiling): a computed failure, as a record holds it
        let error_found = p.findings.iter().any(|f| f.level == FindingLevel::Error);
        assert_eq!(p.computed, error_found, "{kind}");
        assert_eq!(p.verdict == Verdict::Fail, error_found, "{kind}");
    }
    // an API change that requires no other permission, without grants: permissions are not
    // involved (its read-only fallback grant is bounded by what the old contract required)
    let old = old_contract();
    let mut new = old.clone();
    new.version = version.clone();
    let triggers = [Trigger::ApiDeprecation];
    let fallback = FallbackProvision::new(
        old.operations.keys().cloned().collect(),
        old.workflows.keys().cloned().collect(),
        old.permissions.clone(),
        at + Duration::days(400),
    );
    let api = ValidationInput::new(
        MigrationKind::ApiVersion,
        Mode::Soft,
        &triggers,
        &version,
        at,
    )
    .contracts(&old, &new)
    .platform(&matrix, &os)
    .runtimes(&[], &wasm)
    .fallback(&fallback)
    .documents(&docs);
    let report = validate(&api, &Policy::default());
    assert_eq!(
        report.get(Dimension::Permission).unwrap().verdict,
        Verdict::NotApplicable,
        "{report}"
    );
    assert!(report.passed(), "{report}");
    // a fallback grant wider than what the old contract required is still judged
    let wide = {
        let mut provision = fallback.clone();
        provision.permissions = "read:invoices/*, read:billing/*".parse().unwrap();
        provision
    };
    let report = validate(&api.fallback(&wide), &Policy::default());
    assert_eq!(
        report.get(Dimension::Permission).unwrap().verdict,
        Verdict::Fail
    );
    // an API change without its contracts: the fallback it keeps cannot be judged either
    let bare = ValidationInput::new(
        MigrationKind::ApiVersion,
        Mode::Soft,
        &triggers,
        &version,
        at,
    )
    .platform(&matrix, &os)
    .runtimes(&[], &wasm)
    .fallback(&fallback)
    .documents(&docs);
    let report = validate(&bare, &Policy::default());
    let capability = report.get(Dimension::Capability).unwrap();
    assert_eq!(
        (capability.verdict, capability.computed),
        (Verdict::Unverified, false)
    );
    // a workflow permission migration with no workflow in evidence: unverified
    let triggers = [Trigger::PermissionChange];
    let grants = Grants::default();
    let erc = [Approval {
        body: GovernanceBody::Erc,
        by: "erc-duty".into(),
        at,
    }];
    let input = ValidationInput::new(
        MigrationKind::WorkflowPermission,
        Mode::Soft,
        &triggers,
        &version,
        at,
    )
    .platform(&matrix, &os)
    .grants(&grants)
    .approvals(&erc)
    .documents(&docs);
    let report = validate(&input, &Policy::default());
    let workflow = report.get(Dimension::Workflow).unwrap();
    assert_eq!(
        (workflow.verdict, workflow.computed),
        (Verdict::Unverified, false)
    );
}

/// The fallback keeps the old contract's APIs and workflows running: its grant must let
/// them run (playbook §6, "fallback permissions (read-only)").
#[test]
fn an_empty_fallback_grant_for_a_contract_with_operations_fails_capability() {
    let old = old_contract();
    let grant: PermissionSet = "read:invoices/*".parse().unwrap();
    let rollout = at("2026-03-02T09:00:00Z");
    let (p, cat) = (Policy::default(), Catalog::default());
    let provision = FallbackProvision::new(
        vec!["get_invoice".into(), "list_invoices".into()],
        vec!["sync".into()],
        PermissionSet::new(),
        rollout + Duration::days(400),
    );
    let f = check_fallback(&provision, &old, &grant, rollout, &p, &cat);
    assert_eq!(lints(&f), ["fallback.empty_grant"]);
    assert_eq!(f[0].level, FindingLevel::Error);
    assert_eq!(
        Lint::FallbackEmptyGrant.dimension(),
        Some(Dimension::Capability)
    );
    // workflows alone need a grant too
    let mut workflows_only = old.clone();
    workflows_only.operations.clear();
    let f = check_fallback(&provision, &workflows_only, &grant, rollout, &p, &cat);
    assert_eq!(lints(&f), ["fallback.empty_grant"]);
    // nothing to keep: an empty grant is right
    let mut nothing = workflows_only.clone();
    nothing.workflows.clear();
    assert!(check_fallback(&provision, &nothing, &grant, rollout, &p, &cat).is_empty());
    // a read-only grant within the old one: no finding
    let read = {
        let mut provision_ = provision.clone();
        provision_.permissions = grant.clone();
        provision_
    };
    assert!(check_fallback(&read, &old, &grant, rollout, &p, &cat).is_empty());
    // in validation, the capability dimension fails
    let mut new = old.clone();
    new.version = v("1.5.0");
    let triggers = [Trigger::ApiDeprecation];
    let input = ValidationInput::new(
        MigrationKind::ApiVersion,
        Mode::Soft,
        &triggers,
        &new.version,
        rollout,
    )
    .contracts(&old, &new)
    .fallback(&provision);
    let report = validate(&input, &p);
    let capability = report.get(Dimension::Capability).unwrap();
    assert_eq!(capability.verdict, Verdict::Fail);
    assert_eq!(lints(&capability.findings), ["fallback.empty_grant"]);
    let report = validate(&input.fallback(&read), &p);
    assert_eq!(
        report.get(Dimension::Capability).unwrap().verdict,
        Verdict::Pass
    );
}

/// The security review of a migration forced by a security violation is SCO's (the body
/// that governs permissions), dated within the release: a passing permission attestation by
/// nobody, by another body, before the release or after the validation is not one.
#[test]
fn the_security_review_is_attested_by_sco_within_the_release() {
    let released = at("2026-03-02T09:00:00Z");
    let validated = released + Duration::days(1);
    let ceiling: PermissionSet = "read:invoices/*".parse().unwrap();
    let grants = Grants::new(
        "read:invoices/*".parse().unwrap(),
        "read:invoices/*".parse().unwrap(),
    )
    .fallback("read:invoices/*".parse().unwrap());
    let triggers = [Trigger::SecurityViolation];
    let version = v("2.0.0");
    // SCO approved the forced migration (an approval, not the review of its result)
    let sco = [Approval {
        body: GovernanceBody::Sco,
        by: "sco-duty".into(),
        at: released - Duration::days(1),
    }];
    let review = |body: Option<GovernanceBody>, when: DateTime<Utc>| {
        let mut attestation = Attestation::builder(
            Dimension::Permission,
            Verdict::Pass,
            "security review of the fix",
            "reviewer",
            when,
        )
        .evidence("SEC-7")
        .build();
        attestation.body = body;
        attestation
    };
    let permission = |attestations: &[Attestation]| {
        let input = ValidationInput::new(
            MigrationKind::PermissionReduction,
            Mode::Forced,
            &triggers,
            &version,
            validated,
        )
        .grants(&grants)
        .ceiling(&ceiling)
        .approvals(&sco)
        .released_at(released)
        .attestations(attestations);
        let report = validate(&input, &Policy::default());
        let d = report.get(Dimension::Permission).unwrap().clone();
        (d.verdict, lints(&d.findings).join(","))
    };
    let missing = (Verdict::Fail, "security.review_missing".to_owned());
    let after = released + Duration::hours(2);
    assert_eq!(permission(&[]), missing);
    assert_eq!(permission(&[review(None, after)]), missing, "no body");
    assert_eq!(
        permission(&[review(Some(GovernanceBody::Tsc), after)]),
        missing,
        "not the permission authority"
    );
    assert_eq!(
        permission(&[review(
            Some(GovernanceBody::Sco),
            released - Duration::hours(1)
        )]),
        missing,
        "dated before the release"
    );
    assert_eq!(
        permission(&[review(
            Some(GovernanceBody::Sco),
            validated + Duration::hours(1)
        )]),
        missing,
        "dated after the validation"
    );
    assert_eq!(
        permission(&[{
            let mut attestation = review(Some(GovernanceBody::Sco), after);
            attestation.evidence = " ".into();
            attestation
        }]),
        missing,
        "without evidence"
    );
    assert_eq!(Category::Permission.governing_body(), GovernanceBody::Sco);
    assert_eq!(
        permission(&[review(Some(GovernanceBody::Sco), after)]),
        (Verdict::Pass, String::new())
    );
    // at the very moments of the release and of the validation, it counts
    assert_eq!(
        permission(&[review(Some(GovernanceBody::Sco), released)]).0,
        Verdict::Pass
    );
    assert_eq!(
        permission(&[review(Some(GovernanceBody::Sco), validated)]).0,
        Verdict::Pass
    );
}

/// An attestation that cannot count for the release (dated before it) never turns an
/// unverified dimension into a pass; an attested failure fails whatever its date.
#[test]
fn an_attestation_from_before_the_release_does_not_count() {
    let released = at("2026-03-02T09:00:00Z");
    let validated = released + Duration::days(1);
    let triggers = [Trigger::RuntimeChange];
    let version = v("2.0.0");
    let attest = |verdict, when| {
        Attestation::builder(
            Dimension::Intelligence,
            verdict,
            "model evaluation",
            "platform-ci",
            when,
        )
        .evidence("EVAL-3")
        .build()
    };
    let before = released - Duration::hours(1);
    assert_eq!(
        attest(Verdict::Pass, before).defect_within(Some(released), validated),
        Some("an attestation is dated before the release")
    );
    assert_eq!(
        attest(Verdict::Pass, before).defect_within(None, validated),
        None
    );
    // an intelligence runtime migration without its components: unverified
    let intelligence = |attestations: &[Attestation]| {
        let input = ValidationInput::new(
            MigrationKind::IntelligenceRuntime,
            Mode::Guided,
            &triggers,
            &version,
            validated,
        )
        .released_at(released)
        .attestations(attestations);
        let report = validate(&input, &Policy::default());
        let d = report.get(Dimension::Intelligence).unwrap().clone();
        (d.verdict, d.attestations.len())
    };
    assert_eq!(intelligence(&[]), (Verdict::Unverified, 0));
    assert_eq!(
        intelligence(&[attest(Verdict::Pass, before)]),
        (Verdict::Unverified, 0),
        "a pass from before the release does not count"
    );
    assert_eq!(
        intelligence(&[attest(Verdict::Pass, released)]),
        (Verdict::Pass, 1)
    );
    assert_eq!(
        intelligence(&[attest(Verdict::Fail, before)]),
        (Verdict::Fail, 1),
        "a failure counts whatever its date"
    );
}

mod laws {
    use super::*;
    use proptest::prelude::*;

    /// The pieces of evidence a migration of `kind` requires, each of which can be left out.
    #[derive(Debug, Clone, Copy)]
    enum Piece {
        Contracts,
        Platform,
        Fallback,
        Grants,
        Supported,
        Used,
        Documents,
        Approvals,
    }

    fn without<'a>(input: ValidationInput<'a>, piece: Piece) -> ValidationInput<'a> {
        match piece {
            Piece::Contracts => {
                let mut input_ = input;
                input_.contracts = None;
                input_
            }
            Piece::Platform => {
                let mut input_ = input;
                input_.matrix = None;
                input_.os_version = None;
                input_
            }
            Piece::Fallback => {
                let mut input_ = input;
                input_.fallback = None;
                input_
            }
            Piece::Grants => {
                let mut input_ = input;
                input_.grants = None;
                input_
            }
            Piece::Supported => {
                let mut input_ = input;
                input_.supported_runtimes = &[];
                input_
            }
            Piece::Used => {
                let mut input_ = input;
                input_.runtimes = &[];
                input_
            }
            Piece::Documents => {
                let mut input_ = input;
                input_.documents = &[];
                input_
            }
            Piece::Approvals => {
                let mut input_ = input;
                input_.approvals = &[];
                input_
            }
        }
    }

    /// The evidence a kind requires: what leaving out must never reward.
    fn required(kind: MigrationKind) -> Vec<Piece> {
        let mut out = vec![
            Piece::Platform,
            Piece::Fallback,
            Piece::Supported,
            Piece::Documents,
            Piece::Approvals,
        ];
        if kind.has_contract() {
            out.push(Piece::Contracts);
        }
        if kind.involves(Dimension::Permission) {
            out.push(Piece::Grants);
        }
        if kind.touches_runtimes() {
            out.push(Piece::Used);
        }
        out
    }

    const PERMISSIONS: [&str; 5] = [
        "read:invoices/*",
        "write:invoices/*",
        "read:billing/*",
        "admin:*",
        "read:invoices/eu/*",
    ];

    fn set(mask: u8) -> PermissionSet {
        let texts: Vec<&str> = PERMISSIONS
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, p)| *p)
            .collect();
        texts.join(", ").parse().unwrap_or_default()
    }

    fn pick<T: Copy>(all: &[T], mask: u32) -> Vec<T> {
        all.iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, x)| *x)
            .collect()
    }

    fn passes(v: Verdict) -> bool {
        matches!(v, Verdict::Pass | Verdict::NotApplicable)
    }

    proptest! {
        /// Omitting evidence a kind requires never turns a failed or unverified dimension
        /// the kind involves into a pass (attestations aside: an attested result is the
        /// platform's, not evidence the partner gives).
        #[test]
        fn omitting_evidence_never_turns_a_fail_or_unverified_into_a_pass(
            kind in prop::sample::select(MigrationKind::ALL.to_vec()),
            mode in prop::sample::select(Mode::ALL.to_vec()),
            trigger_mask in 1u32..(1 << Trigger::ALL.len()),
            contract_edits in 0u8..64,
            with_contracts in any::<bool>(),
            os_major in 7u64..10,
            runtime_edits in 0u8..16,
            grant_masks in any::<[u8; 5]>(),
            fallback_edits in 0u8..16,
            document_mask in 0u32..(1 << DocumentKind::ALL.len()),
            approval_mask in 0u32..(1 << GovernanceBody::ALL.len()),
        ) {
            let triggers = pick(&Trigger::ALL, trigger_mask);
            let old = old_contract();
            let mut new = old.clone();
            new.version = if contract_edits & 1 != 0 { v("2.0.0") } else { v("1.5.0") };
            if contract_edits & 2 != 0 {
                new.operations.remove("list_invoices");
            }
            if contract_edits & 4 != 0 {
                new.workflows.get_mut("sync").unwrap().governed_by = None;
            }
            if contract_edits & 8 != 0 {
                new.permissions = "read:invoices/*, write:invoices/*".parse().unwrap();
            }
            if contract_edits & 16 != 0 {
                new.runtime.name = "lua".into();
            }
            if contract_edits & 32 != 0 {
                new.workflows.get_mut("sync").unwrap().handler = "billing.sync@2".into();
            }
            let matrix = matrix_2_on_8();
            let os = Version::new(os_major, 1, 0);
            let mut used = Vec::new();
            if runtime_edits & 1 != 0 {
                used.push(RuntimeUse { component: "ui".into(), kind: ComponentKind::Extension, runtime: "wasm".into(), version: v("2.3.0") });
            }
            if runtime_edits & 2 != 0 {
                used.push(RuntimeUse { component: "sync".into(), kind: ComponentKind::Workflow, runtime: "wasm".into(), version: v("3.0.0") });
            }
            if runtime_edits & 4 != 0 {
                used.push(RuntimeUse { component: "ranker".into(), kind: ComponentKind::Intelligence, runtime: "onnx".into(), version: v("1.2.0") });
            }
            let supported = if runtime_edits & 8 != 0 {
                vec![RuntimeSupport { runtime: "wasm".into(), versions: VersionReq::parse("^2").unwrap() }]
            } else {
                vec![
                    RuntimeSupport { runtime: "wasm".into(), versions: VersionReq::parse(">=2, <4").unwrap() },
                    RuntimeSupport { runtime: "onnx".into(), versions: VersionReq::parse("^1").unwrap() },
                ]
            };
            let ceiling = set(grant_masks[2]);
            let grants = Grants::new(set(grant_masks[0]), set(grant_masks[1])).deny(set(grant_masks[3] & 0b10100)).fallback(set(grant_masks[4]));
            let fallback = FallbackProvision::new(if fallback_edits & 1 != 0 { vec!["get_invoice".into()] } else { vec!["get_invoice".into(), "list_invoices".into()] }, if fallback_edits & 2 != 0 { Vec::new() } else { vec!["sync".into()] }, grants.fallback.clone(), at("2026-03-02T09:00:00Z") + Duration::days(if fallback_edits & 4 != 0 { 100 } else { 400 }));
            let documents: Vec<Document> = pick(&DocumentKind::ALL, document_mask)
                .into_iter()
                .map(|kind| Document { kind, location: format!("{kind}.md") })
                .collect();
            let approvals: Vec<Approval> = pick(&GovernanceBody::ALL, approval_mask)
                .into_iter()
                .map(|body| Approval { body, by: "duty".into(), at: at("2026-03-01T09:00:00Z") })
                .collect();
            let mut input = ValidationInput::new(kind, mode, &triggers, &new.version, at("2026-03-03T09:00:00Z"))
                .rollout(at("2026-03-02T09:00:00Z"))
                .platform(&matrix, &os)
                .runtimes(&used, &supported)
                .grants(&grants)
                .ceiling(&ceiling)
                .fallback(&fallback)
                .documents(&documents)
                .approvals(&approvals);
            if with_contracts || kind.has_contract() {
                input = input.contracts(&old, &new);
            }
            let policy = Policy::default();
            let full = validate(&input, &policy);
            for piece in required(kind) {
                let reduced = validate(&without(input, piece), &policy);
                for d in Dimension::ALL.into_iter().filter(|d| kind.involves(*d)) {
                    let (before, after) = (full.get(d).unwrap().verdict, reduced.get(d).unwrap().verdict);
                    prop_assert!(
                        passes(before) || !passes(after),
                        "{kind} without {piece:?}: {d} went from {before} to {after}\n{full}\n{reduced}"
                    );
                }
            }
        }
    }
}
