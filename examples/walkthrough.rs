//! The main example: one partner's migration told from notice to continuity, with a failed
//! validation, a fallback and a remediation on the way.
//!
//! Run it with `cargo run --example walkthrough`.

use std::error::Error;

use chrono::{DateTime, Duration, Utc};
use kwanus_migration::permission::{self, Catalog, PermissionSet};
use kwanus_migration::{
    health, AnyMigration, Compatibility, Dimension, Document, DocumentKind, FallbackReason,
    Finding, GovernanceBody, Grants, HealthInputs, Level, MappingEntry, Migration, MigrationKind,
    Notice, PartnerId, Plan, Policy, Release, Remediation, Rite, Runtime, Severity, Stabilized,
    Trigger, Validated, ValidationReport, Verdict, Window,
};
use kwanus_migration::{Approval, Mode, Stabilization, TriggerClass};
use semver::Version;

fn main() -> Result<(), Box<dyn Error>> {
    let policy = Policy::default();
    let catalog = Catalog::default();
    let t0: DateTime<Utc> = "2026-03-02T09:00:00Z".parse()?;
    let day = |d: i64| t0 + Duration::days(d);

    println!("== The vocabulary ==");
    for trigger in Trigger::ALL {
        println!(
            "  trigger {:<26} is {:?}",
            trigger.to_string(),
            trigger.class()
        );
    }
    println!(
        "  a breaking change for a required trigger runs in {:?} mode",
        Mode::for_change(TriggerClass::Required, Compatibility::Breaking)
    );
    println!(
        "  policy: fallback window {} months minimum, {} recommended; health bands {}/{}/{}/{}",
        policy.fallback_min_months(),
        policy.fallback_recommended_months(),
        policy.band_stable(),
        policy.band_reliable(),
        policy.band_vulnerable(),
        policy.band_at_risk()
    );

    println!("\n== 1. Detection: the notice ==");
    let notice = Notice {
        partner: PartnerId::new("acme-billing")?,
        triggers: vec![Trigger::ApiDeprecation],
        kind: MigrationKind::ApiVersion,
        compatibility: Compatibility::Breaking,
        origin: Version::parse("1.4.2")?,
        target: Version::parse("2.0.0")?,
        window: Window {
            opens: day(7),
            closes: day(90),
        },
        severity: None,
    };
    let detected = Migration::open(notice, t0, &policy)?;
    println!(
        "  {} moves {} → {} ({:?}, {:?} mode, governed by {})",
        detected.partner(),
        detected.origin(),
        detected.target(),
        detected.kind(),
        detected.mode(),
        detected.category().governing_body()
    );
    println!("  {}", Rite::Detection);

    println!("\n== 2. Preparation: the plan ==");
    let doc = |kind: DocumentKind| Document {
        kind,
        location: format!("https://partners.example/acme/{kind}"),
    };
    let mut plan = Plan {
        strategy: "serve v1 and v2 side by side, move clients by cohort".into(),
        compatibility_plan: "v1 endpoints stay served through the fallback window".into(),
        testing_plan: "contract tests for every v1 call against v2".into(),
        rollback_plan: "route all cohorts back to v1".into(),
        documents: vec![
            doc(DocumentKind::MigrationGuide),
            doc(DocumentKind::CompatibilityNotes),
        ],
        compatibility_mapping: vec![MappingEntry {
            from: "GET /v1/invoices".into(),
            to: "GET /v2/invoices?page=1".into(),
        }],
        approvals: Vec::new(),
    };
    let detected = match detected.prepare(plan.clone(), day(1)) {
        Ok(_) => unreachable!("the plan lacks version notes"),
        Err(refused) => {
            println!(
                "  refused: {} [{}]",
                refused.reason(),
                refused.reason().code()
            );
            refused.into_inner()
        }
    };
    plan.documents.push(doc(DocumentKind::VersionNotes));
    plan.approvals.push(Approval {
        body: GovernanceBody::Tsc,
        by: "tsc-chair".into(),
        at: day(2),
    });
    let prepared = detected.prepare(plan.clone(), day(3))?;
    println!("  accepted with TSC approval. {}", Rite::Preparation);

    println!("\n== 3. Transition: the versioned release ==");
    let set = |s: &str| s.parse::<PermissionSet>();
    let grants = Grants {
        current: set("read:invoices/*, write:invoices/eu/*")?,
        proposed: set("read:invoices/*, write:invoices/eu/*")?,
        ceiling: set("read:invoices/*, write:invoices/*")?,
        deny: set("delete:invoices/*")?,
        fallback: set("read:invoices/*, write:invoices/eu/*")?,
    };
    let release = Release {
        version: Version::parse("2.0.0")?,
        version_ceiling: Version::parse("2.3.0")?,
        compatibility: Compatibility::Breaking,
        runtime: Runtime::Shielded,
        grants,
    };
    let prepared = match prepared.transition(release.clone(), day(8), &policy, &catalog) {
        Ok(_) => unreachable!("the fallback grant is not read-only"),
        Err(refused) => {
            println!("  refused: {}", refused.reason());
            refused.into_inner()
        }
    };
    let mut release = release;
    release.grants.fallback = release.grants.current.read_only_projection(&catalog);
    println!(
        "  fallback grant projected to read-only: {}",
        release.grants.fallback
    );
    let diff = permission::diff(&release.grants.current, &release.grants.proposed);
    println!(
        "  permission changes: {}",
        if diff.is_empty() {
            "none".to_string()
        } else {
            format!("{diff:?}")
        }
    );
    let moved = prepared.transition(release, day(8), &policy, &catalog)?;
    println!(
        "  rolled out {}; fallback kept until {}. {}",
        moved.target(),
        moved
            .fallback_until()
            .map(|d| d.date_naive().to_string())
            .unwrap_or_default(),
        Rite::Transition
    );

    println!("\n== 4. Validation: six dimensions ==");
    let mut report = ValidationReport::new();
    for d in Dimension::ALL {
        report.record(d, Verdict::Pass, Vec::new());
    }
    report.record(
        Dimension::Structure,
        Verdict::Fail,
        vec![Finding::new(
            kwanus_migration::rules::Lint::OperationRemoved,
            "operation invoice_pdf",
            "GET /v1/invoices/{id}/pdf has no v2 mapping",
        )
        .with_level(Level::Error)],
    );
    let moved = match moved.validate(&report, day(9))? {
        Validated::Failed(m) => {
            println!("  validation failed on {:?}: falling back", report.failed());
            m
        }
        Validated::Passed(_) => unreachable!(),
    };
    let fallen = moved.fall_back(FallbackReason::ValidationFailed, day(9))?;
    println!("  back on {} in {:?} mode", fallen.origin(), fallen.mode());

    println!("\n== Remediation ==");
    plan.compatibility_mapping.push(MappingEntry {
        from: "GET /v1/invoices/{id}/pdf".into(),
        to: "GET /v2/invoices/{id}/document".into(),
    });
    let remediation = Remediation {
        root_cause: "pdf endpoint missing from the mapping".into(),
        fixes: "mapped and contract-tested".into(),
        severity: Severity::Moderate,
    };
    let prepared = fallen.remediate(remediation, plan, day(12), &policy)?;
    println!(
        "  prepared again; due by {}",
        prepared
            .remediation_deadline()
            .map(|d| d.date_naive().to_string())
            .unwrap_or_default()
    );
    let mut release2 = Release {
        version: Version::parse("2.0.0")?,
        version_ceiling: Version::parse("2.3.0")?,
        compatibility: Compatibility::Breaking,
        runtime: Runtime::Shielded,
        grants: Grants::default(),
    };
    release2.grants.current = set("read:invoices/*, write:invoices/eu/*")?;
    release2.grants.proposed = release2.grants.current.clone();
    release2.grants.ceiling = set("read:invoices/*, write:invoices/*")?;
    release2.grants.fallback = release2.grants.current.read_only_projection(&catalog);
    let moved = prepared.transition(release2, day(14), &policy, &catalog)?;
    let mut report = ValidationReport::new();
    for d in Dimension::ALL {
        report.record(d, Verdict::Pass, Vec::new());
    }
    let Validated::Passed(validated) = moved.validate(&report, day(15))? else {
        unreachable!()
    };
    println!("  re-validation passed: full access restored");

    println!("\n== 5. Stabilization: health ==");
    let reading = health::score(
        &HealthInputs {
            stability: Some(97.0),
            compatibility: Some(91.0),
            sustainability: Some(88.0),
            ecosystem_impact: Some(94.0),
        },
        &policy,
    )?;
    println!("{}", indent(&reading.to_string()));
    let Stabilized::Steady(stable) = validated.stabilize(&reading, day(16))? else {
        unreachable!()
    };
    println!("  {}", Rite::Stabilization);

    println!("\n== Storage round trip ==");
    let json = serde_json::to_string(&stable.to_record())?;
    let record = serde_json::from_str(&json)?;
    let stable = Migration::<Stabilization>::try_from(AnyMigration::resume(record)?)?;
    println!(
        "  {} bytes of JSON, resumed in {} with {} events",
        json.len(),
        stable.stage(),
        stable.lineage().len()
    );

    println!("\n== 6. Continuity ==");
    let stable = match stable.complete(day(30)) {
        Ok(_) => unreachable!("the fallback window is still running"),
        Err(refused) => {
            println!("  refused: {}", refused.reason());
            refused.into_inner()
        }
    };
    let done = stable.complete(day(14) + Duration::days(190))?;
    println!("  {}", Rite::Continuity);
    println!("  {}", Rite::Release);

    println!("\n== The lineage ==");
    for event in done.lineage() {
        println!("  {event}");
    }
    println!(
        "\n== The lineage as Mermaid ==\n{}",
        done.lineage().to_mermaid()
    );
    Ok(())
}

fn indent(s: &str) -> String {
    s.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
