//! A stateless platform service on a real embedded database: every migration is one SQLite
//! row keyed by partner, holding the record's JSON, its head digest and its seal under the
//! platform's key.
//!
//! Each request loads the row, resumes the record under the seal it stored
//! ([`Anchor::Seal`]), advances the migration by the one step its stage calls for, and stores
//! the new record with **optimistic concurrency on the head digest**:
//!
//! ```sql
//! UPDATE migrations SET record = ?, head = ?, seal = ? WHERE partner = ? AND head = ?
//! ```
//!
//! The update changes one row only if the stored head is still the one the request loaded.
//! Of two requests racing on one migration exactly one wins; the other gets
//! [`ServiceError::Conflict`], reloads the new record and retries, so no step is lost or
//! doubled. The crate itself does no I/O: the database, the clock (here, `at` values
//! computed from a fixed start) and the partners' inputs are the service's.
//!
//! The example opens 300 generated partners (a deterministic LCG, no randomness crate),
//! drives them through the flow by repeated requests from two service instances sharing the
//! database file, then prints the fleet by stage and health band with the overdue
//! remediation deadlines, the restricted partners and what is due next, each read from the
//! loaded [`AnyMigration`] without a match on its stage.
//!
//! Run it with `cargo run --example platform_service` (from the repository root or from
//! `examples/service/`, its own package, which brings SQLite). `tests/platform_service.rs`,
//! beside it, races this service's requests on threads.

use std::collections::BTreeMap;
use std::error::Error;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
use kwanus_migration::permission::{Catalog, PermissionSet};
use kwanus_migration::rules::{
    CompatibilityMatrix, ComponentKind, Contract, MatrixRow, Operation, RuntimeRef, RuntimeSupport,
    RuntimeUse, Workflow,
};
use kwanus_migration::{
    code_of, health, Anchor, AnyMigration, Approval, Attestation, Band, Contracts, DeadlineKind,
    Digest, DigestParseError, Dimension, Document, DocumentKind, Evidence, FallbackAuthority,
    FallbackReason, GovernanceBody, Grants, HealthError, HealthInputs, HealthOutcome, Migration,
    MigrationKind, MigrationRecord, Notice, OpenError, PartnerId, PartnerIdError, Plan, Platform,
    Policy, Refusal, Refused, Release, Remediation, ResumeError, Review, SealKey, Severity, Stage,
    StageName, Trigger, Validated, Verdict, Window,
};
use rusqlite::{params, Connection, OptionalExtension};
use semver::{Version, VersionReq};

/// The table: one row per partner. `head` is the concurrency token and `seal` the anchor
/// the record resumes under.
pub const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS migrations (
    partner TEXT PRIMARY KEY,
    record  TEXT NOT NULL,
    head    TEXT NOT NULL,
    seal    TEXT NOT NULL
)";

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Another request stored a new record since this one loaded it: reload and retry.
    #[error("{partner}: the migration changed since it was loaded at head {expected_head}")]
    Conflict {
        /// The partner.
        partner: PartnerId,
        /// The head the request loaded, no longer the stored one.
        expected_head: Digest,
    },
    /// The stored record does not resume: edited, forged, or not the platform's.
    #[error("the stored record does not resume: {0}")]
    Resume(#[from] ResumeError),
    /// The step was refused; the stored migration is unchanged.
    #[error("{partner} ({stage}): the step was refused: {reason}")]
    Refused {
        /// The partner.
        partner: PartnerId,
        /// The stage the migration stays in.
        stage: StageName,
        /// Why (boxed: a refusal can carry a whole report).
        #[source]
        reason: Box<Refusal>,
    },
    /// The notice was refused.
    #[error("{0}")]
    Open(#[from] Box<OpenError>),
    /// A migration for this partner is already stored.
    #[error("{partner}: a migration is already open")]
    AlreadyOpen {
        /// The partner.
        partner: PartnerId,
    },
    /// No migration is stored for this partner.
    #[error("{partner}: no migration is stored")]
    NotFound {
        /// The partner.
        partner: PartnerId,
    },
    /// The migration is complete: no step is left.
    #[error("{partner}: the migration is complete")]
    Complete {
        /// The partner.
        partner: PartnerId,
    },
    /// A stage this service does not know (a newer crate).
    #[error("{partner}: no step for stage {stage}")]
    UnknownStage {
        /// The partner.
        partner: PartnerId,
        /// The stage.
        stage: StageName,
    },
    /// The health data the request brought was refused.
    #[error("health data refused: {0}")]
    Health(#[from] HealthError),
    /// A partner id the service could not accept.
    #[error("{0}")]
    PartnerId(#[from] PartnerIdError),
    /// A stored head or seal is not a digest.
    #[error("a stored digest does not parse: {0}")]
    Digest(#[from] DigestParseError),
    /// The stored JSON does not parse, or a record does not serialize.
    #[error("record JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// The database.
    #[error("database: {0}")]
    Db(#[from] rusqlite::Error),
}

impl ServiceError {
    /// The crate's stable code of the error inside, whatever the variant: what the service
    /// answers the partner's SDK with. `None` for the service's own errors (a conflict, the
    /// database, …).
    ///
    /// Every variant that holds an error of the crate gives it as its `source()`, so
    /// [`code_of`] finds it (a `#[error(transparent)]` variant would hide it: its `source()`
    /// is the inner error's source, not the error).
    #[must_use]
    pub fn code(&self) -> Option<&'static str> {
        code_of(self)
    }
}

impl From<OpenError> for ServiceError {
    fn from(e: OpenError) -> ServiceError {
        ServiceError::Open(Box::new(e))
    }
}

/// A refused step as a [`ServiceError`] (the migration in it is dropped: the stored row is
/// unchanged, and the next request starts from it).
fn refused<S: Stage>(refusal: Refused<S>) -> ServiceError {
    let (migration, reason) = refusal.into_parts();
    ServiceError::Refused {
        partner: migration.partner().clone(),
        stage: migration.stage(),
        reason: Box::new(reason),
    }
}

/// The platform's side of every step: policy, compatibility matrix, runtimes and catalog.
#[derive(Debug, Clone)]
pub struct Rules {
    /// The policy.
    pub policy: Policy,
    /// The platform's facts.
    pub platform: Platform,
}

impl Rules {
    /// The platform: partner 2.x runs on OS 8.x; wasm 2 and 3 are supported.
    ///
    /// # Errors
    ///
    /// Never with these literals; a version requirement or a permission that does not parse
    /// otherwise.
    pub fn kwanus() -> Result<Rules, Box<dyn Error>> {
        Ok(Rules {
            policy: Policy::default(),
            platform: Platform {
                matrix: CompatibilityMatrix {
                    rows: vec![
                        MatrixRow {
                            partner: VersionReq::parse("^1")?,
                            os: VersionReq::parse("^7")?,
                        },
                        MatrixRow {
                            partner: VersionReq::parse("^2")?,
                            os: VersionReq::parse("^8")?,
                        },
                    ],
                },
                supported_runtimes: vec![RuntimeSupport {
                    runtime: "wasm".into(),
                    versions: VersionReq::parse(">=2, <4")?,
                }],
                catalog: Catalog::default(),
                // the ceilings are this partner tier's, set by the platform, never by the
                // partner's release (framework §9)
                version_ceiling: Version::new(2, 9, 0),
                power_ceiling: "read:orders/*, write:orders/*".parse()?,
            },
        })
    }
}

/// What a partner brings with a request: the inputs for whichever step its migration is at.
/// The service picks the step from the stored stage, so a retried request needs nothing new.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// The plan (preparation, and again at a remediation).
    pub plan: Plan,
    /// The release (transition).
    pub release: Release,
    /// The verdict of the partner's workflow suite, run by the platform's CI (validation).
    pub suite: Verdict,
    /// The health signals (stabilization and monitoring).
    pub health: HealthInputs,
    /// The remediation (after a fallback).
    pub remediation: Remediation,
}

/// The migration `migration` becomes after the one step its stage calls for, at `at`. Pure:
/// no I/O, the same inputs give the same record.
///
/// # Errors
///
/// [`ServiceError::Refused`] when the flow refuses the step, [`ServiceError::Complete`] for a
/// completed migration, [`ServiceError::Health`] for health data out of range.
pub fn step(
    migration: AnyMigration,
    at: DateTime<Utc>,
    inputs: &Inputs,
    rules: &Rules,
) -> Result<AnyMigration, ServiceError> {
    let policy = &rules.policy;
    let reading = || health::score(&inputs.health, policy);
    let steady = |s: HealthOutcome| match s {
        HealthOutcome::Steady(m) => AnyMigration::from(m),
        HealthOutcome::AtRisk(m) => m.into(),
        HealthOutcome::Restricted(m) => m.into(),
    };
    Ok(match migration {
        AnyMigration::Detection(m) => m.prepare(&inputs.plan, at).map_err(refused)?.into(),
        AnyMigration::Preparation(m) => m
            .transition(inputs.release.clone(), at, policy, &rules.platform)
            .map_err(refused)?
            .into(),
        AnyMigration::Transition(m) => {
            let suite = Attestation {
                dimension: Dimension::Workflow,
                verdict: inputs.suite,
                check: "partner workflow suite".into(),
                by: "platform-ci".into(),
                body: None,
                at,
                evidence: format!("https://ci.partners.example/{}/runs", m.partner()),
            };
            match m
                .validate(&rules.platform, &[suite], at, policy)
                .map_err(refused)?
            {
                Validated::Passed(m) => m.into(),
                Validated::Failed(m) => m.into(),
            }
        }
        AnyMigration::Validation(m) => steady(m.stabilize(&reading()?, at).map_err(refused)?),
        AnyMigration::Stabilization(m) => {
            let settled = m.last_band().is_some_and(|b| b >= Band::Reliable);
            if m.review_pending() {
                let review = Review {
                    by: "tsc-duty".into(),
                    decision: "continue; watch the error rates".into(),
                };
                m.review(review, at).map_err(refused)?.into()
            } else if settled && m.fallback_until().is_some_and(|until| at >= until) {
                m.complete(at, policy).map_err(refused)?.into()
            } else {
                steady(m.monitor(&reading()?, at).map_err(refused)?)
            }
        }
        AnyMigration::Throttled(m) => steady(m.monitor(&reading()?, at).map_err(refused)?),
        AnyMigration::Rejected(m) => m
            .fall_back(
                FallbackReason::ValidationFailed,
                FallbackAuthority::Sanctioned,
                at,
                policy,
            )
            .map_err(refused)?
            .into(),
        AnyMigration::FallenBack(m) => m
            .remediate(inputs.remediation.clone(), &inputs.plan, at, policy)
            .map_err(refused)?
            .into(),
        AnyMigration::Continuity(m) => {
            return Err(ServiceError::Complete {
                partner: m.partner().clone(),
            })
        }
        other => {
            return Err(ServiceError::UnknownStage {
                partner: other.partner().clone(),
                stage: other.stage(),
            })
        }
    })
}

/// A migration as a request loaded it: the migration, and the head it was stored under (the
/// token its update must match).
#[derive(Debug)]
pub struct Loaded {
    /// The resumed migration.
    pub migration: AnyMigration,
    /// The stored head.
    pub head: Digest,
}

/// What a stored step did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stored {
    /// The stage the migration is in now.
    pub stage: StageName,
    /// The new head.
    pub head: Digest,
    /// The events the step appended (a step is one or two events).
    pub appended: usize,
    /// How many conflicts the request met (and retried) before it stored.
    pub conflicts: u32,
}

/// One service instance: its own connection to the shared database, and the platform's key.
#[derive(Debug)]
pub struct Service {
    conn: Connection,
    key: SealKey,
    rules: Rules,
}

impl Service {
    /// Opens the database at `path` (creating the table), with a busy timeout so concurrent
    /// writers wait for each other instead of failing.
    ///
    /// # Errors
    ///
    /// [`ServiceError::Db`].
    pub fn open(path: &Path, key: SealKey, rules: Rules) -> Result<Service, ServiceError> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // readers never block the writer; commits need no fsync of their own
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.execute_batch(SCHEMA)?;
        Ok(Service { conn, key, rules })
    }

    /// The platform's rules this instance applies.
    #[must_use]
    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// Detection: opens the migration for `notice` and stores it.
    ///
    /// # Errors
    ///
    /// [`ServiceError::Open`] for a refused notice, [`ServiceError::AlreadyOpen`] when the
    /// partner has a migration stored, [`ServiceError::Db`].
    pub fn open_migration(
        &self,
        notice: Notice,
        at: DateTime<Utc>,
    ) -> Result<Digest, ServiceError> {
        let partner = notice.partner.clone();
        let record = Migration::open(notice, at, &self.rules.policy)?.into_record();
        let json = serde_json::to_string(&record)?;
        let seal = record.seal(&self.key);
        let inserted = self.conn.execute(
            "INSERT INTO migrations (partner, record, head, seal) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (partner) DO NOTHING",
            params![
                partner.as_str(),
                json,
                record.head.to_string(),
                seal.to_string()
            ],
        )?;
        if inserted == 1 {
            Ok(record.head)
        } else {
            Err(ServiceError::AlreadyOpen { partner })
        }
    }

    /// Loads `partner`'s migration: the row's record, resumed under its seal; the stored
    /// head must be the record's.
    ///
    /// # Errors
    ///
    /// [`ServiceError::NotFound`], [`ServiceError::Resume`] for a record that does not
    /// resume, [`ServiceError::Json`], [`ServiceError::Digest`], [`ServiceError::Db`].
    pub fn load(&self, partner: &PartnerId) -> Result<Loaded, ServiceError> {
        let row = self
            .conn
            .prepare_cached("SELECT record, head, seal FROM migrations WHERE partner = ?1")?
            .query_row([partner.as_str()], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                ))
            })
            .optional()?;
        let (json, head, seal) = row.ok_or_else(|| ServiceError::NotFound {
            partner: partner.clone(),
        })?;
        let head: Digest = head.parse()?;
        let seal: Digest = seal.parse()?;
        let record: MigrationRecord = serde_json::from_str(&json)?;
        if record.head != head {
            return Err(ResumeError::UnexpectedHead {
                expected: head,
                found: record.head,
            }
            .into());
        }
        let migration = AnyMigration::resume(
            record,
            Anchor::Seal {
                seal,
                key: &self.key,
            },
        )?;
        Ok(Loaded { migration, head })
    }

    /// Stores `migration` if the row still holds `expected_head`: the optimistic update.
    ///
    /// # Errors
    ///
    /// [`ServiceError::Conflict`] when another request stored first (nothing is written),
    /// [`ServiceError::Json`], [`ServiceError::Db`].
    pub fn store(
        &self,
        expected_head: Digest,
        migration: AnyMigration,
    ) -> Result<Digest, ServiceError> {
        let record = migration.into_record();
        let json = serde_json::to_string(&record)?;
        let seal = record.seal(&self.key);
        let changed = self
            .conn
            .prepare_cached(
                "UPDATE migrations SET record = ?1, head = ?2, seal = ?3
                 WHERE partner = ?4 AND head = ?5",
            )?
            .execute(params![
                json,
                record.head.to_string(),
                seal.to_string(),
                record.partner.as_str(),
                expected_head.to_string()
            ])?;
        if changed == 1 {
            Ok(record.head)
        } else {
            Err(ServiceError::Conflict {
                partner: record.partner,
                expected_head,
            })
        }
    }

    /// One request: load, advance one step, store under the loaded head. No retry.
    ///
    /// # Errors
    ///
    /// Any [`ServiceError`]; [`ServiceError::Conflict`] when another request won.
    pub fn advance(
        &self,
        partner: &PartnerId,
        at: DateTime<Utc>,
        inputs: &Inputs,
    ) -> Result<Stored, ServiceError> {
        let loaded = self.load(partner)?;
        self.advance_loaded(loaded, at, inputs)
    }

    /// The second half of a request: advance a loaded migration one step and store it
    /// under the head it was loaded with.
    ///
    /// # Errors
    ///
    /// Any [`ServiceError`]; [`ServiceError::Conflict`] when another request won.
    pub fn advance_loaded(
        &self,
        loaded: Loaded,
        at: DateTime<Utc>,
        inputs: &Inputs,
    ) -> Result<Stored, ServiceError> {
        let before = loaded.migration.lineage().len();
        let next = step(loaded.migration, at, inputs, &self.rules)?;
        let (stage, after) = (next.stage(), next.lineage().len());
        let head = self.store(loaded.head, next)?;
        Ok(Stored {
            stage,
            head,
            appended: after - before,
            conflicts: 0,
        })
    }

    /// A request that retries on conflict: each retry reloads the record the winner stored
    /// and advances it by the step it now calls for. Gives up after `attempts` conflicts.
    ///
    /// # Errors
    ///
    /// Any [`ServiceError`]; [`ServiceError::Conflict`] after `attempts` lost races.
    pub fn advance_retrying(
        &self,
        partner: &PartnerId,
        at: DateTime<Utc>,
        inputs: &Inputs,
        attempts: u32,
    ) -> Result<Stored, ServiceError> {
        let mut conflicts = 0;
        loop {
            match self.advance(partner, at, inputs) {
                Err(ServiceError::Conflict { .. }) if conflicts + 1 < attempts => conflicts += 1,
                Ok(stored) => {
                    return Ok(Stored {
                        conflicts,
                        ..stored
                    })
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Every stored migration, resumed under its seal, in partner order.
    ///
    /// # Errors
    ///
    /// As [`Service::load`].
    pub fn all(&self) -> Result<Vec<AnyMigration>, ServiceError> {
        let mut stmt = self
            .conn
            .prepare("SELECT partner FROM migrations ORDER BY partner")?;
        let partners = stmt
            .query_map([], |row| row.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        partners
            .into_iter()
            .map(|p| Ok(self.load(&PartnerId::new(p)?)?.migration))
            .collect()
    }
}

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

/// A linear congruential generator (Knuth's MMIX constants): deterministic, good enough to
/// vary a simulated fleet.
#[derive(Debug, Clone)]
pub struct Lcg(u64);

impl Lcg {
    /// The next value below `n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

/// One simulated partner: how it behaves, and where it is.
#[derive(Debug)]
struct Simulated {
    id: PartnerId,
    inputs: Inputs,
    /// Days between two requests.
    cadence: i64,
    /// The day of the next request.
    next_day: i64,
    /// Its health, around which readings vary.
    health: f64,
    /// Whether its first release fails the workflow suite.
    broken: bool,
    /// Whether it stops sending requests once it has remediated a fallback.
    goes_quiet: bool,
    /// Whether it has fallen back.
    fell_back: bool,
    done: bool,
}

/// A database file in the temporary directory, removed (with its WAL files) when dropped.
#[derive(Debug)]
struct TempDb(PathBuf);

impl TempDb {
    fn new(name: &str) -> TempDb {
        let db =
            TempDb(std::env::temp_dir().join(format!("{name}-{}.sqlite3", std::process::id())));
        db.remove();
        db
    }
    fn remove(&self) {
        for suffix in ["", "-wal", "-shm"] {
            let mut path = self.0.clone().into_os_string();
            path.push(suffix);
            // absent is fine: there is nothing to clean up
            let _ = std::fs::remove_file(path);
        }
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        self.remove();
    }
}

const PARTNERS: u64 = 300;
const DAYS: i64 = 300;

fn main() -> Result<(), Box<dyn Error>> {
    let started = std::time::Instant::now();
    let db = TempDb::new("kwanus-platform-service");
    let key = SealKey::from_bytes(*b"example-only-platform-seal-key!!");
    let rules = Rules::kwanus()?;
    // two instances of the service behind one load balancer, one database file
    let a = Service::open(&db.0, key.clone(), rules.clone())?;
    let b = Service::open(&db.0, key, rules)?;
    let t0: DateTime<Utc> = "2026-01-05T09:00:00Z".parse()?;
    let catalog = a.rules().platform.catalog.clone();

    println!("== Two requests race on one migration ==");
    let demo = PartnerId::new("acme-billing")?;
    a.open_migration(notice(demo.clone(), Version::new(1, 4, 0), t0)?, t0)?;
    let demo_inputs = inputs(&demo, t0, &catalog)?;
    let at = t0 + Duration::hours(1);
    let (first, second) = (a.load(&demo)?, b.load(&demo)?);
    println!(
        "  both instances loaded {demo} in {} at head {}…",
        first.migration.stage(),
        &first.head.to_string()[..12]
    );
    let won = a.advance_loaded(first, at, &demo_inputs)?;
    println!(
        "  instance A stored: {} ({} event)",
        won.stage, won.appended
    );
    match b.advance_loaded(second, at, &demo_inputs) {
        Err(conflict @ ServiceError::Conflict { .. }) => println!("  instance B: {conflict}"),
        Ok(_) => return Err("the second update must find the head changed".into()),
        Err(e) => return Err(e.into()),
    }
    let retried = b.advance_retrying(&demo, at, &demo_inputs, 3)?;
    println!(
        "  instance B reloaded and retried: {} ({} event)",
        retried.stage, retried.appended
    );
    let lineage: Vec<&str> = b
        .load(&demo)?
        .migration
        .lineage()
        .iter()
        .map(|e| e.detail.name())
        .collect();
    println!("  the stored lineage: {}", lineage.join(" → "));

    println!("\n== The fleet: {PARTNERS} partners, {DAYS} days of requests ==");
    let mut lcg = Lcg(0x6b77_616e_7573);
    let mut fleet = Vec::new();
    for i in 0..PARTNERS {
        let id = PartnerId::new(format!("partner-{i:03}"))?;
        let opens = t0 + Duration::days(lcg.below(45) as i64) + Duration::minutes(i as i64);
        let origin = Version::new(1, lcg.below(5), lcg.below(3));
        a.open_migration(notice(id.clone(), origin, opens)?, opens)?;
        let mut inputs = inputs(&id, opens, &catalog)?;
        inputs.remediation.severity = match lcg.below(10) {
            0 => Severity::Severe,
            1..=4 => Severity::Moderate,
            _ => Severity::Minor,
        };
        let health = match lcg.below(100) {
            0..=69 => 80 + lcg.below(19),  // stable or reliable
            70..=84 => 62 + lcg.below(14), // vulnerable
            85..=94 => 42 + lcg.below(17), // at risk
            _ => 20 + lcg.below(18),       // unstable
        } as f64;
        let broken = lcg.below(100) < 20;
        fleet.push(Simulated {
            id,
            inputs,
            cadence: 10 + lcg.below(15) as i64,
            next_day: (opens - t0).num_days() + 1,
            health,
            broken,
            goes_quiet: lcg.below(100) < 12,
            fell_back: false,
            done: false,
        });
    }
    let (mut requests, mut races, mut conflicts, mut steps, mut finished) = (0, 0, 0, 0, 0);
    // the demo's two steps count too
    let mut appended = won.appended + retried.appended;
    // refusals by the crate's code, as the partner's SDK receives them
    let mut refusals: BTreeMap<&'static str, usize> = BTreeMap::new();
    for day in 0..=DAYS {
        for (i, p) in fleet.iter_mut().enumerate() {
            if p.done || p.next_day != day {
                continue;
            }
            p.next_day += p.cadence;
            let at = t0 + Duration::days(day) + Duration::minutes(i as i64);
            p.inputs.suite = if p.broken {
                Verdict::Fail
            } else {
                Verdict::Pass
            };
            let jitter = lcg.below(13) as f64 - 6.0;
            p.inputs.health = HealthInputs::uniform((p.health + jitter).clamp(0.0, 100.0));
            // now and then the partner's client sends the request twice at once, and the
            // load balancer hands one copy to each instance
            let doubled = lcg.below(100) < 4;
            let outcomes = if doubled {
                races += 1;
                requests += 2;
                let (first, second) = (a.load(&p.id)?, b.load(&p.id)?);
                let won = a.advance_loaded(first, at, &p.inputs);
                let lost = match b.advance_loaded(second, at, &p.inputs) {
                    Err(ServiceError::Conflict { .. }) => {
                        b.advance_retrying(&p.id, at, &p.inputs, 3).map(|s| Stored {
                            conflicts: s.conflicts + 1,
                            ..s
                        })
                    }
                    other => other,
                };
                vec![won, lost]
            } else {
                requests += 1;
                vec![a.advance_retrying(&p.id, at, &p.inputs, 3)]
            };
            for outcome in outcomes {
                match outcome {
                    Ok(stored) => {
                        steps += 1;
                        appended += stored.appended;
                        conflicts += stored.conflicts;
                        match stored.stage {
                            // the partner fixes what failed; a fallback also fixes its health
                            StageName::FallenBack => {
                                p.broken = false;
                                p.health = p.health.max(84.0);
                                p.fell_back = true;
                            }
                            // remediated: some partners then go quiet past their deadline
                            StageName::Preparation if p.fell_back => p.done |= p.goes_quiet,
                            StageName::Continuity => p.done = true,
                            _ => {}
                        }
                    }
                    Err(ServiceError::Complete { .. }) => {
                        finished += 1;
                        p.done = true;
                    }
                    // answered to the partner; the record is unchanged and this simulated
                    // partner stops (it would need a new notice)
                    Err(e @ ServiceError::Refused { .. }) => {
                        let code = e.code().unwrap_or("service");
                        *refusals.entry(code).or_default() += 1;
                        p.done = true;
                    }
                    Err(e) => return Err(e.into()),
                }
            }
        }
    }

    let now = t0 + Duration::days(DAYS);
    let all = a.all()?;
    let stored_events: usize = all.iter().map(|m| m.lineage().len()).sum();
    let opened = all.len();
    if stored_events != opened + appended {
        return Err(format!(
            "events lost or doubled: {stored_events} stored, {opened} opened + {appended} appended"
        )
        .into());
    }
    println!(
        "  {requests} requests: {steps} steps stored, {finished} found the migration complete; {races} doubled requests raced, {conflicts} conflicts retried"
    );
    println!(
        "  {stored_events} events stored = {opened} openings + {appended} appended by the steps: none lost or doubled"
    );
    for (code, n) in &refusals {
        println!("  refused {n}×: {code}");
    }

    let bands = [
        Some(Band::Stable),
        Some(Band::Reliable),
        Some(Band::Vulnerable),
        Some(Band::AtRisk),
        Some(Band::Unstable),
        None,
    ];
    let mut table: BTreeMap<StageName, ([usize; 6], usize, usize)> = BTreeMap::new();
    // what is due next on each migration, by kind: how many, how many overdue, the earliest
    let mut due: BTreeMap<DeadlineKind, (usize, usize, Option<DateTime<Utc>>)> = BTreeMap::new();
    for m in &all {
        // read from the loaded migration, whatever its stage: no match on it
        let row = table.entry(m.stage()).or_default();
        if let Some(col) = bands.iter().position(|b| *b == m.last_band()) {
            row.0[col] += 1;
        }
        row.1 += usize::from(m.is_overdue(now));
        row.2 += usize::from(m.is_restricted());
        if let Some(next) = m.next_deadline(now) {
            let entry = due.entry(next.kind).or_default();
            entry.0 += 1;
            entry.1 += usize::from(next.is_overdue(now));
            entry.2 = Some(entry.2.map_or(next.due, |d| d.min(next.due)));
        }
    }
    println!(
        "\n== Fleet summary on {} ({} migrations; columns: last health band) ==",
        now.date_naive(),
        all.len()
    );
    let header = [
        "stable",
        "reliable",
        "vulnerable",
        "at_risk",
        "unstable",
        "none",
        "total",
        "overdue",
        "restricted",
    ];
    print!("  {:<14}", "stage");
    for h in header {
        print!("{h:>11}");
    }
    println!();
    let mut totals = ([0usize; 6], 0usize, 0usize);
    for (stage, (counts, overdue, restricted)) in &table {
        print!("  {:<14}", stage.as_str());
        for (col, n) in counts.iter().enumerate() {
            print!("{n:>11}");
            totals.0[col] += n;
        }
        println!(
            "{:>11}{overdue:>11}{restricted:>11}",
            counts.iter().sum::<usize>()
        );
        totals.1 += overdue;
        totals.2 += restricted;
    }
    print!("  {:<14}", "total");
    for n in totals.0 {
        print!("{n:>11}");
    }
    println!(
        "{:>11}{:>11}{:>11}",
        totals.0.iter().sum::<usize>(),
        totals.1,
        totals.2
    );
    println!(
        "\n  overdue remediation deadlines on {}: {} (re-validation not passed in time)",
        now.date_naive(),
        totals.1
    );
    println!("  restricted until re-validation: {}", totals.2);
    println!("\n== What is due next on {} ==", now.date_naive());
    for (kind, (n, overdue, earliest)) in &due {
        let earliest = earliest.map_or_else(String::new, |d| d.date_naive().to_string());
        println!(
            "  {:<22}{n:>5} migrations, {overdue:>4} overdue, earliest {earliest}",
            kind.as_str()
        );
    }
    let nothing_due = all.len() - due.values().map(|v| v.0).sum::<usize>();
    println!("  {:<22}{nothing_due:>5} migrations", "nothing due");
    println!("  done in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}
