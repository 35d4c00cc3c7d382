//! The main example: one partner's migration told from notice to continuity, with a failed
//! validation, a fallback and a remediation on the way, then the lineage as a picture.
//!
//! Run it with `cargo run --example walkthrough`.

use std::collections::BTreeMap;
use std::error::Error;

use chrono::{DateTime, Duration, Utc};
use kwanus_migration::graph::VersionGraph;
use kwanus_migration::permission::{self, Catalog, PermissionSet};
use kwanus_migration::rules::{
    CompatibilityMatrix, ComponentKind, Contract, MatrixRow, Operation, RuntimeRef, RuntimeSupport,
    RuntimeUse, Workflow,
};
use kwanus_migration::{
    health, Anchor, AnyMigration, Approval, Attestation, Compatibility, Contracts, Correction,
    Digest, Dimension, Document, DocumentKind, EventDetail, Evidence, FallbackAuthority,
    FallbackReason, GovernanceBody, Grants, HealthInputs, HealthOutcome, MappingEntry, Migration,
    MigrationKind, MigrationRecord, Mode, Notice, PartnerId, Plan, Platform, Policy, Release,
    Remediation, Rite, SealKey, Severity, Stabilization, Transition, Trigger, TriggerClass,
    Validated, Verdict, Window,
};
use semver::{Version, VersionReq};

fn main() -> Result<(), Box<dyn Error>> {
    let policy = Policy::default();
    let catalog = Catalog::default();
    let t0: DateTime<Utc> = "2026-03-02T09:00:00Z".parse()?;
    let day = |d: i64| t0 + Duration::days(d);

    println!("== The vocabulary ==");
    for trigger in Trigger::ALL {
        println!(
            "  trigger {:<26} is {}",
            trigger.to_string(),
            trigger.class()
        );
    }
    println!(
        "  a breaking change for a required trigger runs in {} mode",
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

    println!("\n== 1. Detection: the notice, with the evidence ==");
    let set = |s: &str| s.parse::<PermissionSet>();
    let op = |sig: &str| Operation::new(sig);
    let old = Contract::new(
        Version::parse("1.4.2")?,
        BTreeMap::from([
            ("get_invoice".to_string(), op("GET /v1/invoices/{id}")),
            ("invoice_pdf".to_string(), op("GET /v1/invoices/{id}/pdf")),
        ]),
        BTreeMap::from([(
            "sync".to_string(),
            Workflow::new("invoice.created", "sync@1").governed_by(GovernanceBody::Erc),
        )]),
        set("read:invoices/*")?,
        RuntimeRef {
            name: "wasm".into(),
            version: Version::parse("3.1.0")?,
        },
    );
    // the plan for v2: get_invoice moves to /v2 (a breaking change)
    let mut planned = old.clone();
    planned.version = Version::parse("2.0.0")?;
    planned
        .operations
        .insert("get_invoice".into(), op("GET /v2/invoices/{id}"));
    planned
        .operations
        .insert("invoice_pdf".into(), op("GET /v2/invoices/{id}/pdf"));
    let mut notice = Notice::builder(
        PartnerId::new("acme-billing")?,
        MigrationKind::ApiVersion,
        Version::parse("1.4.2")?,
        Version::parse("2.0.0")?,
    )
    .trigger(Trigger::ApiDeprecation)
    .window(Window {
        opens: day(7),
        closes: day(90),
    })
    .contracts(Contracts {
        old: old.clone(),
        new: planned,
    })
    .compatibility(Compatibility::BackwardCompatible)
    .build();
    // ...and the contracts say otherwise
    let notice = match Migration::open(notice.clone(), t0, &policy) {
        Ok(_) => return Err("a breaking change declared compatible must be refused".into()),
        Err(refused) => {
            println!("  refused: {} [{}]", refused.reason(), refused.code());
            notice.compatibility = None; // let the evidence decide
            notice
        }
    };
    let detected = Migration::open(notice, t0, &policy)?;
    println!(
        "  {} moves {} → {} ({}, {} from the contracts, so {} mode, governed by {})",
        detected.partner(),
        detected.origin(),
        detected.target(),
        detected.kind(),
        detected.compatibility(),
        detected.mode(),
        detected.category().governing_body()
    );
    println!("  {}", Rite::Detection);

    println!("\n== 2. Preparation: the plan ==");
    let doc = |kind: DocumentKind| Document {
        kind,
        location: format!("https://partners.example/acme/{kind}"),
    };
    let mut plan = Plan::new(
        "serve v1 and v2 side by side, move clients by cohort",
        "v1 endpoints stay served through the fallback window",
        "contract tests for every v1 call against v2",
        "route all cohorts back to v1",
    )
    .documents(vec![
        doc(DocumentKind::MigrationGuide),
        doc(DocumentKind::CompatibilityNotes),
    ])
    .compatibility_mapping(vec![MappingEntry {
        from: "GET /v1/invoices".into(),
        to: "GET /v2/invoices".into(),
    }]);
    let detected = match detected.prepare(&plan, day(1)) {
        Ok(_) => return Err("a plan without version notes must be refused".into()),
        Err(refused) => {
            println!(
                "  refused: {} [{}]",
                refused.reason(),
                refused.reason().code()
            );
            refused.into_inner() // nothing lost
        }
    };
    plan.documents.push(doc(DocumentKind::VersionNotes));
    // the playbook requires all five documents; "no change" is a valid note
    plan.documents.push(doc(DocumentKind::WorkflowChanges));
    plan.documents.push(Document {
        kind: DocumentKind::PermissionChanges,
        location: "no change: the grant stays read:invoices/*, write:invoices/eu/*".into(),
    });
    plan.approvals.push(Approval {
        body: GovernanceBody::Tsc,
        by: "tsc-chair".into(),
        at: day(2),
    });
    let prepared = detected.prepare(&plan, day(3))?;
    println!(
        "  accepted with TSC approval ({}, {}); the record keeps every document's location",
        prepared.approvals()[0].by,
        prepared.approvals()[0].at.date_naive()
    );
    println!("  {}", Rite::Preparation);

    println!("\n== 3. Transition: the versioned release and its evidence ==");
    // as built, v2 drops the pdf endpoint: the mistake validation will find
    let mut built = old.clone();
    built.version = Version::parse("2.0.0")?;
    built
        .operations
        .insert("get_invoice".into(), op("GET /v2/invoices/{id}"));
    built.operations.remove("invoice_pdf");
    // the platform's facts, the service's own: the matrix, the runtimes, the verb catalog,
    // and this partner's ceilings (framework §9), never taken from the partner's release
    let platform = Platform::new(
        CompatibilityMatrix {
            rows: vec![MatrixRow {
                partner: VersionReq::parse("^2")?,
                os: VersionReq::parse("^8")?,
            }],
        },
        vec![RuntimeSupport {
            runtime: "wasm".into(),
            versions: VersionReq::parse("^3")?,
        }],
        catalog.clone(),
        Version::parse("2.3.0")?,
        set("read:invoices/*, write:invoices/*")?,
    );
    let mut release = Release::builder(Version::parse("2.0.0")?)
        .canary_percent(5)
        .evidence(
            Evidence::builder(Version::parse("8.2.0")?)
                .contract(built.clone())
                .grants(
                    Grants::new(
                        set("read:invoices/*, write:invoices/eu/*")?,
                        set("read:invoices/*, write:invoices/eu/*")?,
                    )
                    .deny(set("delete:invoices/*")?)
                    .fallback(set("read:invoices/*, write:invoices/eu/*")?),
                )
                .runtime(RuntimeUse {
                    component: "invoices-ui".into(),
                    kind: ComponentKind::Extension,
                    runtime: "wasm".into(),
                    version: Version::parse("3.1.0")?,
                })
                .fallback_api("get_invoice")
                .fallback_api("invoice_pdf")
                .fallback_workflow("sync")
                .build(),
        )
        .build();
    let prepared = match prepared.transition(release.clone(), day(8), &policy, &platform) {
        Ok(_) => return Err("a fallback grant with write access must be refused".into()),
        Err(refused) => {
            println!("  refused: {}", refused.reason());
            refused.into_inner()
        }
    };
    let g = &mut release.evidence.grants;
    g.fallback = g.current.read_only_projection(&catalog);
    println!("  fallback grant projected to read-only: {}", g.fallback);
    let changes = permission::diff_grants(&g.current, &g.proposed);
    println!(
        "  permission changes shown to the partner: {}",
        changes.len()
    );
    let moved = prepared.transition(release.clone(), day(8), &policy, &platform)?;
    println!(
        "  {} placed in a shielded runtime ({} % canary); not rolled out before validation. {}",
        moved.target(),
        release.canary_percent,
        Rite::Transition
    );

    println!("\n== 4. Validation: six dimensions, computed from the evidence ==");
    // the partner's own contract tests, run by the platform, enter as an attested result
    let suite = |at: DateTime<Utc>| {
        Attestation::builder(
            Dimension::Structure,
            Verdict::Pass,
            "acme contract test suite, 214 cases",
            "platform-ci",
            at,
        )
        .evidence("https://ci.partners.example/acme/runs/9917")
        .build()
    };
    let report = moved.validation_report(&[suite(day(9))], day(9), &platform);
    println!("{}", indent(&report.to_string()));
    let Validated::Failed(moved) = moved.validate(&[suite(day(9))], day(9), &policy, &platform)?
    else {
        return Err("the removal must fail validation".into());
    };
    let fallen = moved.fall_back(
        FallbackReason::ValidationFailed,
        FallbackAuthority::Sanctioned,
        day(9),
        &Policy::default(),
    )?;
    println!("  back on {} in {} mode", fallen.origin(), fallen.mode());

    println!("\n== Remediation ==");
    built
        .operations
        .insert("invoice_pdf".into(), op("GET /v2/invoices/{id}/document"));
    plan.compatibility_mapping.push(MappingEntry {
        from: "GET /v1/invoices/{id}/pdf".into(),
        to: "GET /v2/invoices/{id}/document".into(),
    });
    let remediation = Remediation::new(
        "pdf endpoint dropped from v2",
        "served again under /document",
        Severity::Moderate,
    );
    let prepared = fallen.remediate(remediation, &plan, day(12), &policy)?;
    println!(
        "  prepared again; due by {}",
        prepared
            .remediation_deadline()
            .map(|d| d.date_naive().to_string())
            .unwrap_or_default()
    );
    // the fix is a change: it ships under a version above the failed 2.0.0 (playbook §5,
    // no unversioned changes); serving an operation again is a minor change since 2.0.0
    let mut fixed = built.clone();
    fixed.version = Version::parse("2.1.0")?;
    let unversioned = {
        let mut release_ = release.clone();
        release_.evidence = {
            let mut evidence = release.evidence.clone();
            evidence.contract = Some({
                let mut contract = fixed.clone();
                contract.version = Version::parse("2.0.0")?;
                contract
            });
            evidence
        };
        release_
    };
    let prepared = match prepared.transition(unversioned, day(14), &policy, &platform) {
        Ok(_) => return Err("a fix under the failed version must be refused".into()),
        Err(refused) => {
            println!("  refused: {}", refused.reason());
            refused.into_inner()
        }
    };
    release.version = fixed.version.clone();
    release.evidence.contract = Some(fixed);
    let moved = prepared.transition(release, day(14), &policy, &platform)?;
    // a stateless service: the record alone is enough to validate again
    let record = moved.into_record();
    let stored_head = record.head;
    let json = serde_json::to_string(&record)?;
    let loaded: MigrationRecord = serde_json::from_str(&json)?;
    let moved = Migration::<Transition>::try_from(AnyMigration::resume(
        loaded,
        Anchor::Head(stored_head),
    )?)?;
    let Validated::Passed(validated) =
        moved.validate(&[suite(day(15))], day(15), &policy, &platform)?
    else {
        return Err("the fixed release must pass".into());
    };
    println!(
        "  rolled out to every user on {}; fallback kept until {} (recommended until {})",
        validated
            .rollout_at()
            .map(|d| d.date_naive().to_string())
            .unwrap_or_default(),
        validated
            .fallback_until()
            .map(|d| d.date_naive().to_string())
            .unwrap_or_default(),
        validated
            .recommended_until()
            .map(|d| d.date_naive().to_string())
            .unwrap_or_default(),
    );
    let events = validated.lineage().events();
    if let Some(EventDetail::ValidationPassed { dimensions, .. }) =
        events.iter().rev().nth(1).map(|e| &e.detail)
    {
        for d in dimensions {
            println!(
                "  {:<13} {:<15} computed: {:<5} attested: {}",
                d.dimension.to_string(),
                d.verdict.to_string(),
                d.computed,
                d.attestations.len()
            );
        }
    }
    println!("  re-validation passed from the record alone: full access restored");

    println!("\n== 5. Stabilization: health ==");
    let reading = health::score(
        &HealthInputs::new(Some(97.0), Some(91.0), Some(88.0), Some(94.0)),
        &policy,
    )?;
    println!("{}", indent(&reading.to_string()));
    let HealthOutcome::Steady(stable) = validated.stabilize(&reading, day(16))? else {
        return Err("a stable reading must stabilize".into());
    };
    println!("  {}", Rite::Stabilization);

    println!("\n== Storage round trip ==");
    // the service keeps the platform's seal key; it stores the record's JSON and its seal
    let key = SealKey::from_bytes(*b"walkthrough-only-demo-seal-key!!");
    let record = stable.to_record();
    let seal = record.seal(&key);
    let json = serde_json::to_string(&record)?;
    let loaded: MigrationRecord = serde_json::from_str(&json)?;
    let stable = Migration::<Stabilization>::try_from(AnyMigration::resume(
        loaded,
        Anchor::Seal { seal, key: &key },
    )?)?;
    println!(
        "  {} bytes of JSON, head {}…, sealed {}…, resumed in {} with {} events",
        json.len(),
        &record.head.to_string()[..12],
        &seal.to_string()[..12],
        stable.stage(),
        stable.lineage().len()
    );
    let mut edited: MigrationRecord = serde_json::from_str(&json)?;
    if let EventDetail::Prepared { documents, .. } = &mut edited.events[1].detail {
        documents[0].location = "https://elsewhere.example/guide".into();
    }
    println!(
        "  a record edited by hand: {}",
        AnyMigration::resume(edited.clone(), Anchor::Seal { seal, key: &key })
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    );
    // someone with write access to the store re-chains every digest after the edit
    let mut rewritten = edited.clone();
    let mut prev = Digest::GENESIS;
    for e in &mut rewritten.events {
        e.digest = e.chained_digest(&prev);
        prev = e.digest;
    }
    rewritten.head = prev;
    println!(
        "  the same edit re-chained by hand: {}",
        AnyMigration::resume(rewritten, Anchor::Seal { seal, key: &key })
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    );
    // the audited way: an approved correction, appended; the history keeps every event
    let amended = record.amend(Correction::new(
        1,
        "documents[0].location",
        "https://partners.example/acme/guide-v2",
        "partner-ops",
        "the guide moved to the new portal",
        GovernanceBody::Tsc,
        day(16),
    ))?;
    println!(
        "  an approved correction, appended: {} corrections after the stored head, {} events",
        amended.extends(record.head)?,
        amended.events.len()
    );

    println!("\n== 6. Continuity ==");
    let stable = match stable.complete(day(30), &Policy::default()) {
        Ok(_) => return Err("the fallback window is still running".into()),
        Err(refused) => {
            println!("  refused: {}", refused.reason());
            refused.into_inner()
        }
    };
    let done = stable.complete(day(14) + Duration::days(190), &Policy::default())?;
    if let Some(EventDetail::Completed {
        below_recommended_window,
        current,
        retired,
        next_review,
        ..
    }) = done
        .lineage()
        .events()
        .iter()
        .rev()
        .nth(1)
        .map(|e| &e.detail)
    {
        if *below_recommended_window {
            println!(
                "  completed after the 6-month minimum, before the 12 months recommended: the lineage carries the warning"
            );
        }
        println!(
            "  lifecycle updated: {current} current, {retired} retired, next review {}",
            next_review.date_naive()
        );
    }

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
    let graph = VersionGraph::from_migrations(&[AnyMigration::from(done)]);
    println!("== The version graph as Mermaid ==\n{}", graph.to_mermaid());
    Ok(())
}

fn indent(s: &str) -> String {
    s.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
