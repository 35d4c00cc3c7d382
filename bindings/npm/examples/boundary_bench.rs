//! The native side of the boundary figures (`bindings/README.md`): a 64-permission
//! `check-permissions` in Rust, three ways, timed the way `bindings/npm/bench.js` and
//! `bindings/python/bench.py` time it through the packages:
//!
//! - `interface::call`: JSON text in, JSON text out, what every door wraps;
//! - `interface::check_permissions`: the typed request, no JSON (permission texts parsed);
//! - `permission::check`: the plain function on sets already parsed.
//!
//! ```sh
//! cargo run --release -p kwanus-wasm --example boundary_bench
//! ```
//!
//! The input is the same in the three scripts: a grant of 64 permissions
//! (`verb:tenant-K/orders/REGION/*`, as `benches/permissions.rs` builds them), 32 of them
//! current, the 32 others inside a ceiling of 64 wider entries, SCO approval given: allowed.

use std::hint::black_box;
use std::time::Instant;

use kwanus_migration::interface::{self, CheckPermissionsRequest};
use kwanus_migration::permission::{self, BoundaryCheck, Catalog, PermissionSet};
use kwanus_migration::MigrationKind;

const VERBS: [&str; 6] = ["read", "list", "write", "create", "update", "delete"];
const REGIONS: [&str; 4] = ["eu", "us", "ap", "sa"];

fn perms(n: usize, middle: &str) -> Vec<String> {
    (0..n)
        .map(|i| {
            let verb = VERBS[i % VERBS.len()];
            let tenant = i / (VERBS.len() * REGIONS.len());
            let region = REGIONS[(i / VERBS.len()) % REGIONS.len()];
            format!("{verb}:tenant-{tenant}/{middle}/{region}/*")
        })
        .collect()
}

/// Nanoseconds per call: the median of 15 rounds of `iters` calls, after a warm-up.
fn time(iters: u32, mut f: impl FnMut()) -> f64 {
    for _ in 0..iters {
        f();
    }
    let mut rounds: Vec<f64> = (0..15)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..iters {
                f();
            }
            start.elapsed().as_nanos() as f64 / f64::from(iters)
        })
        .collect();
    rounds.sort_by(f64::total_cmp);
    rounds[rounds.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let grant = perms(64, "orders");
    let input = serde_json::json!({
        "current": &grant[..32],
        "proposed": grant,
        "ceiling": perms(64, "*"),
        "kind": "api_version",
        "approvals": ["sco"],
    })
    .to_string();
    let out = interface::call("check-permissions", &input);
    assert_eq!(out, r#"{"ok":{"allowed":true,"violations":[]}}"#);

    let request: CheckPermissionsRequest = serde_json::from_str(&input)?;
    let parse = |key: &str| -> Result<PermissionSet, Box<dyn std::error::Error>> {
        let texts: Vec<String> = serde_json::from_value(
            serde_json::from_str::<serde_json::Value>(&input)?[key].clone(),
        )?;
        Ok(texts
            .iter()
            .map(|t| t.parse())
            .collect::<Result<PermissionSet, _>>()?)
    };
    let (current, proposed, ceiling) = (parse("current")?, parse("proposed")?, parse("ceiling")?);
    let catalog = Catalog::default();
    let approvals = [kwanus_migration::GovernanceBody::Sco];
    let check = {
        let mut check = BoundaryCheck::migration(
            &current,
            &proposed,
            &ceiling,
            MigrationKind::ApiVersion,
            &catalog,
        );
        check.approvals = &approvals;
        check
    };
    assert!(permission::check(&check).allowed());

    let iters = 2000;
    let call = time(iters, || {
        black_box(interface::call("check-permissions", black_box(&input)));
    });
    let typed = time(iters, || {
        black_box(interface::check_permissions(black_box(&request)).ok());
    });
    let plain = time(iters, || {
        black_box(permission::check(black_box(&check)));
    });
    println!(
        "native (Rust, release), a 64-permission check-permissions, {} bytes of JSON in:",
        input.len()
    );
    println!(
        "  interface::call (JSON text in and out)      {:>9.2} µs",
        call / 1e3
    );
    println!(
        "  interface::check_permissions (typed, no JSON) {:>7.2} µs",
        typed / 1e3
    );
    println!(
        "  permission::check (sets already parsed)     {:>9.2} µs",
        plain / 1e3
    );
    Ok(())
}
