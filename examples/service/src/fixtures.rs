//! What the example's partners submit: a contract, a notice, the inputs of every step; and a
//! tiny seeded PRNG to draw a fleet.

use std::collections::BTreeMap;
use std::error::Error;

use chrono::{DateTime, Utc};
use kwanus_migration::permission::{Catalog, PermissionSet};
use kwanus_migration::rules::{
    ComponentKind, Contract, Operation, RuntimeRef, RuntimeUse, Workflow,
};
use kwanus_migration::{
    Approval, Contracts, Document, DocumentKind, Evidence, GovernanceBody, Grants, HealthInputs,
    MigrationKind, Notice, PartnerId, Plan, Release, Remediation, Severity, Trigger, Verdict,
    Window,
};
use semver::Version;

use crate::service::Inputs;

/// The partner's contract at `version`: two operations, a workflow governed by ERC, on wasm.
#[must_use]
pub fn contract(version: Version, permissions: PermissionSet) -> Contract {
    let op = |sig: &str| Operation::new(sig);
    Contract::new(
        version,
        BTreeMap::from([
            ("get_order".to_owned(), op("GET /orders/{id} -> Order")),
            ("list_orders".to_owned(), op("GET /orders -> [Order]")),
        ]),
        BTreeMap::from([(
            "sync".to_owned(),
            Workflow::new("order.created", "billing.sync@1").governed_by(GovernanceBody::Erc),
        )]),
        permissions,
        RuntimeRef {
            name: "wasm".into(),
            version: Version::new(2, 3, 0),
        },
    )
}

/// The notice of `partner`'s API migration from `origin` to 2.0.0, opening at `opens`.
///
/// # Errors
///
/// A permission set that does not parse (never with these literals).
pub fn notice(
    partner: PartnerId,
    origin: Version,
    opens: DateTime<Utc>,
) -> Result<Notice, Box<dyn Error>> {
    let read: PermissionSet = "read:orders/*".parse()?;
    let target = Version::new(2, 0, 0);
    let contracts = Contracts {
        old: contract(origin.clone(), read.clone()),
        new: contract(target.clone(), read),
    };
    Ok(
        Notice::builder(partner, MigrationKind::ApiVersion, origin, target)
            .trigger(Trigger::ApiDeprecation)
            .window(Window::days(opens, 240))
            .contracts(contracts)
            .build(),
    )
}

/// What the partner submits: plan, release (2.0.0 with its evidence), suite verdict, health
/// and remediation, from `approved_at` (when the TSC signed the plan).
///
/// # Errors
///
/// A permission set that does not parse (never with these literals).
pub fn inputs(
    partner: &PartnerId,
    approved_at: DateTime<Utc>,
    catalog: &Catalog,
) -> Result<Inputs, Box<dyn Error>> {
    let doc = |kind: DocumentKind| Document {
        kind,
        location: format!("https://partners.example/{partner}/{kind}"),
    };
    let plan = Plan::new(
        "dual-write, then switch reads",
        "v1 endpoints served for 12 months",
        "contract tests against the v2 sandbox",
        "switch reads back to v1",
    )
    .documents(
        DocumentKind::required_for(MigrationKind::ApiVersion)
            .into_iter()
            .map(doc),
    )
    .approvals(vec![Approval {
        body: GovernanceBody::Tsc,
        by: "tsc-chair".into(),
        at: approved_at,
    }]);
    let current: PermissionSet = "read:orders/*, write:orders/eu/*".parse()?;
    let release = Release::builder(Version::new(2, 0, 0))
        .canary_percent(5)
        .evidence(
            Evidence::builder(Version::new(8, 1, 0))
                .contract(contract(Version::new(2, 0, 0), "read:orders/*".parse()?))
                .grants(
                    Grants::new(current.clone(), current.clone())
                        .deny("write:orders/us/*".parse()?)
                        .fallback(current.read_only_projection(catalog)),
                )
                .runtime(RuntimeUse {
                    component: "billing-ui".into(),
                    kind: ComponentKind::Extension,
                    runtime: "wasm".into(),
                    version: Version::new(2, 3, 0),
                })
                .fallback_api("get_order")
                .fallback_api("list_orders")
                .fallback_workflow("sync")
                .build(),
        )
        .build();
    Ok(Inputs {
        plan,
        release,
        suite: Verdict::Pass,
        health: HealthInputs::uniform(92.0),
        remediation: Remediation::new(
            "the v2 sync handler dropped retries",
            "retries restored, covered by the workflow suite",
            Severity::Moderate,
        ),
    })
}

/// A xorshift64* generator (Marsaglia's xorshift with Vigna's multiplier): deterministic from
/// its seed, no dependency, good enough to draw a simulated fleet.
#[derive(Debug, Clone)]
pub struct XorShift(u64);

impl XorShift {
    /// A generator from `seed` (a zero seed is replaced: xorshift never leaves zero).
    #[must_use]
    pub fn new(seed: u64) -> XorShift {
        XorShift(if seed == 0 {
            0x9e37_79b9_7f4a_7c15
        } else {
            seed
        })
    }

    /// The next 64 bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// The next value below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % n
        }
    }

    /// `true` with probability `percent` in 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}
