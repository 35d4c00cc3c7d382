//! The service: one request loads a row, resumes the record, advances it one step and
//! stores it with compare-and-set on the head.

use std::error::Error;

use chrono::{DateTime, Utc};
use kwanus_migration::permission::Catalog;
use kwanus_migration::rules::{CompatibilityMatrix, MatrixRow, RuntimeSupport};
use kwanus_migration::{
    code_of, health, Anchor, AnyMigration, Attestation, Band, Digest, DigestParseError, Dimension,
    FallbackAuthority, FallbackReason, HealthError, HealthInputs, HealthOutcome, LoadError,
    Migration, MigrationRecord, Notice, OpenError, PartnerId, PartnerIdError, Plan, Platform,
    Policy, Refusal, Refused, Release, Remediation, ResumeError, Review, SealKey, Stage, StageName,
    Validated, Verdict,
};
use semver::{Version, VersionReq};

use crate::store::{Receipt, Row, Store, StoreError};

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
    /// The stored row is refused at the door: its JSON does not load, its head column is
    /// not the record's head, or the record does not resume under its seal (edited,
    /// forged, or not the platform's). The row is left as it is, for a person to look at:
    /// the service never rewrites what it cannot read. [`ServiceError::code`] gives the
    /// crate's code (`load.*`, `resume.*`).
    #[error("{partner}: the stored row is refused: {source}")]
    Load {
        /// The partner.
        partner: PartnerId,
        /// Why, with its code.
        #[source]
        source: LoadError,
    },
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
    /// The request's id is already the receipt of a step of another partner: ids must be
    /// unique across the fleet (a UUID in a real service).
    #[error("request {request} was stored for another partner than {partner}")]
    RequestIdReused {
        /// The request id.
        request: String,
        /// The partner this request is for.
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
    /// A record does not serialize (never for the crate's records).
    #[error("record JSON: {0}")]
    Json(#[source] LoadError),
    /// The database; [`StoreError::Disconnected`] when the connection was lost (the
    /// retrying requests retry on a new connection).
    #[error("database: {0}")]
    Store(#[from] StoreError),
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
            platform: Platform::new(
                CompatibilityMatrix {
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
                vec![RuntimeSupport {
                    runtime: "wasm".into(),
                    versions: VersionReq::parse(">=2, <4")?,
                }],
                Catalog::default(),
                Version::new(2, 9, 0),
                "read:orders/*, write:orders/*".parse()?,
            ),
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
            let suite = Attestation::builder(
                Dimension::Workflow,
                inputs.suite,
                "partner workflow suite",
                "platform-ci",
                at,
            )
            .evidence(format!("https://ci.partners.example/{}/runs", m.partner()))
            .build();
            match m
                .validate(&[suite], at, policy, &rules.platform)
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
                let review = Review::new("tsc-duty", "continue; watch the error rates");
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
    /// How many times the request lost its database connection and was retried on a new one.
    pub reconnects: u32,
    /// Whether the answer comes from the request's receipt: an earlier attempt of the same
    /// request stored the step, and nothing was appended this time.
    pub replayed: bool,
}

/// One service instance: its own connection to the shared database, and the platform's key.
///
/// It holds no migration between requests: every request loads the row, and every write is
/// a compare-and-set on the head the request loaded.
#[derive(Debug)]
pub struct Service {
    db: Box<dyn Store>,
    key: SealKey,
    rules: Rules,
}

impl Service {
    /// A service storing through `db`.
    #[must_use]
    pub fn new(db: Box<dyn Store>, key: SealKey, rules: Rules) -> Service {
        Service { db, key, rules }
    }

    /// A service on the SQLite file at `path` (created with its tables if missing).
    ///
    /// # Errors
    ///
    /// [`ServiceError::Store`].
    pub fn open(
        path: &std::path::Path,
        key: SealKey,
        rules: Rules,
    ) -> Result<Service, ServiceError> {
        Ok(Service::new(
            Box::new(crate::SqliteStore::open(path)?),
            key,
            rules,
        ))
    }

    /// A service on the database `target` names: a `postgres://` URL or a SQLite path
    /// ([`connect`](crate::connect)).
    ///
    /// # Errors
    ///
    /// [`ServiceError::Store`].
    pub fn connect(target: &str, key: SealKey, rules: Rules) -> Result<Service, ServiceError> {
        Ok(Service::new(crate::connect(target)?, key, rules))
    }

    /// The platform's rules this instance applies.
    #[must_use]
    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// The store (for fault injection and the checks of a load run).
    pub fn db(&mut self) -> &mut dyn Store {
        &mut *self.db
    }

    /// The row for `record`, sealed under the platform's key, with its stage and its next
    /// deadline as of `at`.
    fn row(&self, migration: &AnyMigration, at: DateTime<Utc>) -> Result<Row, ServiceError> {
        let next = migration.next_deadline(at);
        let record: MigrationRecord = migration.clone().into_record();
        Ok(Row {
            partner: record.partner.as_str().to_owned(),
            record: record.to_json().map_err(ServiceError::Json)?,
            head: record.head.to_string(),
            seal: record.seal(&self.key).to_string(),
            stage: migration.stage().as_str().to_owned(),
            next_deadline: next.map(|d| d.due),
            next_deadline_kind: next.map(|d| d.kind.as_str().to_owned()),
        })
    }

    /// Detection: opens the migration for `notice` and stores it, if the partner has none
    /// (`INSERT … ON CONFLICT DO NOTHING`: of two racing openings one stores, the other is
    /// told [`ServiceError::AlreadyOpen`]).
    ///
    /// # Errors
    ///
    /// [`ServiceError::Open`] for a refused notice, [`ServiceError::AlreadyOpen`] when the
    /// partner has a migration stored, [`ServiceError::Store`].
    pub fn open_migration(
        &mut self,
        notice: Notice,
        at: DateTime<Utc>,
    ) -> Result<Digest, ServiceError> {
        let partner = notice.partner.clone();
        let migration: AnyMigration = Migration::open(notice, at, &self.rules.policy)?.into();
        let head = migration.lineage().head();
        let row = self.row(&migration, at)?;
        if self.db.insert(&row)? {
            Ok(head)
        } else {
            Err(ServiceError::AlreadyOpen { partner })
        }
    }

    /// Loads `partner`'s migration: the row's JSON through the crate's loader
    /// ([`MigrationRecord::from_json`]), its head column checked against the record's head,
    /// and the record resumed under the seal it was stored with.
    ///
    /// # Errors
    ///
    /// [`ServiceError::NotFound`]; [`ServiceError::Load`] for a row refused at the door
    /// (`load.malformed_json`, `load.invalid_field`, `resume.unexpected_head`,
    /// `resume.bad_seal`, `resume.digest_mismatch`, …); [`ServiceError::Digest`] for a head or seal column
    /// that is not a digest; [`ServiceError::Store`].
    pub fn load(&mut self, partner: &PartnerId) -> Result<Loaded, ServiceError> {
        let row = self
            .db
            .fetch(partner.as_str())?
            .ok_or_else(|| ServiceError::NotFound {
                partner: partner.clone(),
            })?;
        let head: Digest = row.head.parse()?;
        let seal: Digest = row.seal.parse()?;
        let refused = |source: LoadError| ServiceError::Load {
            partner: partner.clone(),
            source,
        };
        let record = MigrationRecord::from_json(&row.record).map_err(refused)?;
        if record.head != head {
            return Err(refused(LoadError::Resume(ResumeError::UnexpectedHead {
                expected: head,
                found: record.head,
            })));
        }
        let anchor = Anchor::Seal {
            seal,
            key: &self.key,
        };
        let migration =
            AnyMigration::resume(record, anchor).map_err(|e| refused(LoadError::Resume(e)))?;
        Ok(Loaded { migration, head })
    }

    /// Stores `migration` if the row still holds `expected_head`: the compare-and-set.
    /// `at` is the time of the step (the next deadline column is computed as of it).
    ///
    /// # Errors
    ///
    /// [`ServiceError::Conflict`] when another request stored first (nothing is written),
    /// [`ServiceError::Store`].
    pub fn store(
        &mut self,
        expected_head: Digest,
        migration: &AnyMigration,
        at: DateTime<Utc>,
    ) -> Result<Digest, ServiceError> {
        self.store_with_receipt(expected_head, migration, at, None)
    }

    fn store_with_receipt(
        &mut self,
        expected_head: Digest,
        migration: &AnyMigration,
        at: DateTime<Utc>,
        receipt: Option<&Receipt>,
    ) -> Result<Digest, ServiceError> {
        let row = self.row(migration, at)?;
        if self
            .db
            .compare_and_set(&expected_head.to_string(), &row, receipt)?
        {
            Ok(migration.lineage().head())
        } else {
            Err(ServiceError::Conflict {
                partner: migration.partner().clone(),
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
        &mut self,
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
        &mut self,
        loaded: Loaded,
        at: DateTime<Utc>,
        inputs: &Inputs,
    ) -> Result<Stored, ServiceError> {
        self.advance_with_receipt(loaded, at, inputs, None)
    }

    fn advance_with_receipt(
        &mut self,
        loaded: Loaded,
        at: DateTime<Utc>,
        inputs: &Inputs,
        request: Option<&str>,
    ) -> Result<Stored, ServiceError> {
        let before = loaded.migration.lineage().len();
        let next = step(loaded.migration, at, inputs, &self.rules)?;
        let (stage, appended) = (next.stage(), next.lineage().len() - before);
        let receipt = request.map(|id| Receipt {
            request: id.to_owned(),
            partner: next.partner().as_str().to_owned(),
            head: next.lineage().head().to_string(),
            stage: stage.as_str().to_owned(),
            appended: u32::try_from(appended).unwrap_or(u32::MAX),
        });
        let head = self.store_with_receipt(loaded.head, &next, at, receipt.as_ref())?;
        Ok(Stored {
            stage,
            head,
            appended,
            conflicts: 0,
            reconnects: 0,
            replayed: false,
        })
    }

    /// A request that retries on conflict: each retry reloads the record the winner stored
    /// and advances it by the step it now calls for. Gives up after `attempts` conflicts.
    ///
    /// # Errors
    ///
    /// Any [`ServiceError`]; [`ServiceError::Conflict`] after `attempts` lost races.
    pub fn advance_retrying(
        &mut self,
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

    /// A request with an id, as a fleet serves it: idempotent, and retried on conflict and
    /// on a lost connection.
    ///
    /// Each attempt first looks for the request's receipt: if an earlier attempt (on this
    /// instance or another, before a crash or a cut connection) stored the step, the answer
    /// is that step ([`Stored::replayed`]) and nothing is written. Otherwise it loads,
    /// advances one step and stores it with compare-and-set on the loaded head, keeping the
    /// receipt in the same atomic write. A conflict reloads and retries (the step the
    /// winner left); a lost connection retries the whole request on a new connection. At
    /// most `attempts` of each.
    ///
    /// # Errors
    ///
    /// Any [`ServiceError`]; [`ServiceError::Conflict`] or [`ServiceError::Store`] once the
    /// attempts are spent.
    pub fn request(
        &mut self,
        id: &str,
        partner: &PartnerId,
        at: DateTime<Utc>,
        inputs: &Inputs,
        attempts: u32,
    ) -> Result<Stored, ServiceError> {
        let (mut conflicts, mut reconnects) = (0, 0);
        loop {
            let attempt = match self.db.receipt(id) {
                Ok(Some(receipt)) if receipt.partner == partner.as_str() => replay(&receipt),
                Ok(Some(_)) => Err(ServiceError::RequestIdReused {
                    request: id.to_owned(),
                    partner: partner.clone(),
                }),
                Ok(None) => self
                    .load(partner)
                    .and_then(|loaded| self.advance_with_receipt(loaded, at, inputs, Some(id))),
                Err(e) => Err(e.into()),
            };
            match attempt {
                Ok(stored) => {
                    return Ok(Stored {
                        conflicts,
                        reconnects,
                        ..stored
                    })
                }
                Err(ServiceError::Conflict { .. }) if conflicts + 1 < attempts => conflicts += 1,
                Err(ServiceError::Store(StoreError::Disconnected(_))) if reconnects < attempts => {
                    reconnects += 1;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Opening with a lost connection retried (at most `attempts` times). A retried insert
    /// whose first attempt had landed finds the row: [`ServiceError::AlreadyOpen`], as for
    /// any second opening.
    ///
    /// # Errors
    ///
    /// As [`Service::open_migration`].
    pub fn open_retrying(
        &mut self,
        notice: &Notice,
        at: DateTime<Utc>,
        attempts: u32,
    ) -> Result<Digest, ServiceError> {
        let mut reconnects = 0;
        loop {
            match self.open_migration(notice.clone(), at) {
                Err(ServiceError::Store(StoreError::Disconnected(_))) if reconnects < attempts => {
                    reconnects += 1;
                }
                other => return other,
            }
        }
    }

    /// Every stored migration, resumed under its seal, in partner order.
    ///
    /// # Errors
    ///
    /// As [`Service::load`].
    pub fn all(&mut self) -> Result<Vec<AnyMigration>, ServiceError> {
        let partners = self.db.partners()?;
        partners
            .into_iter()
            .map(|p| Ok(self.load(&PartnerId::new(p)?)?.migration))
            .collect()
    }
}

/// The answer a receipt gives to a request sent again.
fn replay(receipt: &Receipt) -> Result<Stored, ServiceError> {
    let stage = StageName::ALL
        .iter()
        .copied()
        .find(|s| s.as_str() == receipt.stage)
        .ok_or_else(|| StoreError::Value(format!("stage {:?}", receipt.stage)))?;
    Ok(Stored {
        stage,
        head: receipt.head.parse()?,
        appended: receipt.appended as usize,
        conflicts: 0,
        reconnects: 0,
        replayed: true,
    })
}
