//! What a partner SDK does before it submits a change: show the partner the permission diff,
//! check the grant against the boundary, and run the validation rules on the new contract,
//! all offline.
//!
//! Run it with `cargo run --example partner_sdk`.

use std::collections::BTreeMap;
use std::error::Error;

use kwanus_migration::permission::{self, BoundaryCheck, Catalog, PermissionSet};
use kwanus_migration::rules::{self, ChangeSeverity, Contract, Operation, RuntimeRef};
use kwanus_migration::{GovernanceBody, MigrationKind, Policy};
use semver::Version;

fn main() -> Result<(), Box<dyn Error>> {
    let policy = Policy::default();
    let catalog = Catalog::default();

    // The partner asks for write access to its EU archive, as a governed expansion.
    let current: PermissionSet = "read:orders/eu/*, write:orders/eu/drafts/*".parse()?;
    let proposed: PermissionSet =
        "read:orders/eu/*, write:orders/eu/*, grant:orders/eu/*".parse()?;
    let ceiling: PermissionSet = "read:orders/*, write:orders/eu/*".parse()?;

    println!("== What changes ==");
    for change in permission::diff_grants(&current, &proposed) {
        println!("  {change}");
    }

    println!("\n== Against the boundary, before SCO has approved ==");
    let kind = MigrationKind::PermissionExpansion;
    let check = BoundaryCheck::migration(&current, &proposed, &ceiling, kind, &catalog);
    let report = permission::check(&check);
    println!("{}", indent(&report.to_string()));

    println!("\n== Without the grant verb, with SCO's approval ==");
    let proposed: PermissionSet = "read:orders/eu/*, write:orders/eu/*".parse()?;
    let approvals = [GovernanceBody::Sco];
    let check = {
        let mut check_ = check;
        check_.proposed = &proposed;
        check_.approvals = &approvals;
        check_
    };
    println!("{}", indent(&permission::check(&check).to_string()));

    println!("\n== The contract: what the new version changes, and the bump it needs ==");
    let op = |sig: &str| Operation::new(sig);
    let old = Contract::new(
        Version::new(3, 2, 0),
        BTreeMap::from([("archive".to_string(), op("POST /archive {id}"))]),
        BTreeMap::new(),
        current.clone(),
        RuntimeRef {
            name: "wasm".into(),
            version: Version::new(3, 1, 0),
        },
    );
    let mut new = old.clone();
    new.version = Version::new(3, 3, 0);
    new.operations
        .insert("archive".into(), op("POST /archive {id, reason}"));
    new.permissions = proposed.clone();
    let changes = rules::diff_contracts(&old, &new, &policy);
    for c in &changes {
        println!("  {c}");
    }
    let at = "2026-06-01T00:00:00Z".parse()?;
    for finding in rules::check_release(&old, &new, &changes, at, &policy) {
        println!("  {finding}");
    }
    let needs_major = changes
        .iter()
        .any(|c| c.severity == ChangeSeverity::Breaking);
    println!(
        "  → release as {}",
        if needs_major { "4.0.0" } else { "3.3.0" }
    );
    Ok(())
}

fn indent(s: &str) -> String {
    s.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
