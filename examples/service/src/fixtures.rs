//! What the example's partners submit: a contract, a notice, the inputs of every step; and a
//! tiny seeded PRNG to draw a fleet.

use std::collections::BTreeMap;
use std::error::Error;

use chrono::{DateTime, Duration, Utc};
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
    let op = |sig: &str| Operation {
        signature: sig.into(),
        deprecated: None,
    };
    Contract {
        version,
        operations: BTreeMap::from([
            ("get_order".to_owned(), op("GET /orders/{id} -> Order")),
            ("list_orders".to_owned(), op("GET /orders -> [Order]")),
        ]),
        workflows: BTreeMap::from([(
            "sync".to_owned(),
            Workflow {
                trigger: "order.created".into(),
                handler: "billing.sync@1".into(),
                governed_by: Some(GovernanceBody::Erc),
                deprecated: None,
            },
        )]),
        permissions,
        runtime: RuntimeRef {
            name: "wasm".into(),
            version: Version::new(2, 3, 0),
        },
    }
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
    Ok(Notice {
        partner,
        triggers: vec![Trigger::ApiDeprecation],
        kind: MigrationKind::ApiVersion,
        compatibility: None, // the contracts decide
        contracts: Some(Contracts {
            old: contract(origin.clone(), read.clone()),
            new: contract(target.clone(), read),
        }),
        origin,
        target,
        window: Window {
            opens,
            closes: opens + Duration::days(240),
        },
        severity: None,
    })
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
    let plan = Plan {
        strategy: "dual-write, then switch reads".into(),
        compatibility_plan: "v1 endpoints served for 12 months".into(),
        testing_plan: "contract tests against the v2 sandbox".into(),
        rollback_plan: "switch reads back to v1".into(),
        documents: DocumentKind::required_for(MigrationKind::ApiVersion)
            .into_iter()
            .map(doc)
            .collect(),
        compatibility_mapping: Vec::new(),
        // a severe remediation needs the review of the governing body: signed up front
        approvals: vec![Approval {
            body: GovernanceBody::Tsc,
            by: "tsc-chair".into(),
            at: approved_at,
        }],
    };
    let current: PermissionSet = "read:orders/*, write:orders/eu/*".parse()?;
    let release = Release {
        version: Version::new(2, 0, 0),
        compatibility: None,
        canary_percent: 5,
        evidence: Evidence {
            contract: Some(contract(Version::new(2, 0, 0), "read:orders/*".parse()?)),
            grants: Grants {
                proposed: current.clone(),
                deny: "write:orders/us/*".parse()?,
                fallback: current.read_only_projection(catalog),
                current,
            },
            runtimes: vec![RuntimeUse {
                component: "billing-ui".into(),
                kind: ComponentKind::Extension,
                runtime: "wasm".into(),
                version: Version::new(2, 3, 0),
            }],
            fallback_apis: vec!["get_order".into(), "list_orders".into()],
            fallback_workflows: vec!["sync".into()],
            os_version: Version::new(8, 1, 0),
        },
    };
    Ok(Inputs {
        plan,
        release,
        suite: Verdict::Pass,
        health: HealthInputs::uniform(92.0),
        remediation: Remediation {
            root_cause: "the v2 sync handler dropped retries".into(),
            fixes: "retries restored, covered by the workflow suite".into(),
            severity: Severity::Moderate,
        },
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
