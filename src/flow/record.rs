//! Persistence: records, and the validating resume.

use core::fmt;

use chrono::{DateTime, Utc};
use semver::Version;

use super::chain::{self, Digest, SealKey};
use super::lineage::{Event, EventDetail};
use super::replay::{self, Core};
use super::{
    Continuity, Detection, FallenBack, Migration, Preparation, Stabilization, Stage, StageName,
    Transition, Validation,
};
use crate::{MigrationKind, Mode, PartnerId};

/// The record format this crate writes and reads.
pub const RECORD_FORMAT: u32 = 1;

/// A migration as plain data, for storage and for partner SDKs (JSON-friendly with the
/// `serde` feature).
///
/// A record says what stage it is in and holds the whole lineage. It becomes a migration
/// again only through [`AnyMigration::resume`] (or `TryFrom`), which replays every event
/// through the same rules as the transitions: a record the transitions could not have
/// written is refused.
///
/// # JSON form
///
/// With the `serde` feature, a record in Preparation reads (digests shortened here):
///
/// ```json
/// {
///   "format": 1,
///   "stage": "preparation",
///   "partner": "acme-billing",
///   "kind": "api_version",
///   "mode": "soft",
///   "origin": "1.4.0",
///   "target": "2.0.0",
///   "events": [
///     {
///       "seq": 0,
///       "at": "2026-01-05T00:00:00Z",
///       "rite": "detection",
///       "event": "opened",
///       "partner": "acme-billing",
///       "triggers": ["api_deprecation"],
///       "kind": "api_version",
///       "mode": "soft",
///       "origin": "1.4.0",
///       "target": "2.0.0",
///       "window": { "opens": "2026-01-05T00:00:00Z", "closes": "2026-04-05T00:00:00Z" },
///       "severity": null,
///       "remediation_deadline": null,
///       "digest": "501ff58a…ecf77"
///     },
///     {
///       "seq": 1,
///       "at": "2026-01-05T01:00:00Z",
///       "rite": "preparation",
///       "event": "prepared",
///       "documents": ["migration_guide", "compatibility_notes", "version_notes"],
///       "approvals": [],
///       "digest": "881ed518…b9b00"
///     }
///   ],
///   "head": "881ed518…b9b00"
/// }
/// ```
///
/// Unknown fields at the top level are refused; an event is told by its `"event"` tag.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub struct MigrationRecord {
    /// The record format ([`RECORD_FORMAT`]).
    pub format: u32,
    /// The stage the migration is in.
    pub stage: StageName,
    /// The partner.
    pub partner: PartnerId,
    /// The kind.
    pub kind: MigrationKind,
    /// The mode chosen at the notice.
    pub mode: Mode,
    /// The origin version.
    pub origin: Version,
    /// The target version.
    pub target: Version,
    /// Every event, oldest first, each chained to the one before by its digest.
    pub events: Vec<Event>,
    /// The digest of the last event. A history cut short or extended no longer ends here;
    /// for protection against someone who can rewrite the whole record, store the head
    /// elsewhere too and compare it with [`AnyMigration::resume_expecting`].
    pub head: Digest,
}

/// Why an event cannot follow the events before it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReplayError {
    /// An event's sequence number is not its position.
    #[error("event {seq} is at position {expected}: an event was removed, inserted or reordered")]
    Sequence {
        /// The number found.
        seq: u32,
        /// The position it is at.
        expected: u32,
    },
    /// An event is earlier than the one before it.
    #[error("event {seq} at {at} is earlier than the event before it at {previous}")]
    TimeWentBackwards {
        /// The event.
        seq: u32,
        /// The time of the event before it.
        previous: DateTime<Utc>,
        /// Its time.
        at: DateTime<Utc>,
    },
    /// An event the rules do not allow here.
    #[error("event {seq} ({event}) is not allowed: {why}")]
    IllegalEvent {
        /// The event.
        seq: u32,
        /// Its name.
        event: &'static str,
        /// Why not.
        why: &'static str,
    },
    /// An event's digest does not chain from the event before it: the event, or one before
    /// it, was edited, removed, inserted or reordered.
    #[error("event {seq} does not match its digest: the history was edited from here on")]
    DigestMismatch {
        /// The first event that does not verify.
        seq: u32,
    },
    /// The record's stage is not the stage its events lead to.
    #[error("the record says {record}, but its events lead to {events}")]
    StageMismatch {
        /// The stage the record states.
        record: StageName,
        /// The stage its events lead to.
        events: StageName,
    },
}

/// Why a record could not be resumed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ResumeError {
    /// A record format this version does not read.
    #[error("record format {0} is not supported; this crate reads format 1")]
    UnsupportedFormat(u32),
    /// No event at all.
    #[error("the record has no events")]
    NoEvents,
    /// An event breaks the rules.
    #[error(transparent)]
    Replay(#[from] ReplayError),
    /// The events do not end at the record's head digest (cut short, extended, or the head
    /// was edited).
    #[error("the record's head digest is not the digest of its last event")]
    HeadMismatch,
    /// The seal does not match the record under the key: the record was rewritten by
    /// someone without the key, or the seal belongs to another record.
    #[error("the record's seal does not verify under the platform's key")]
    BadSeal,
    /// The head is not the one the caller stored.
    #[error("the record's head {found} is not the expected {expected}")]
    UnexpectedHead {
        /// The head the caller expected.
        expected: Digest,
        /// The head found.
        found: Digest,
    },
    /// A header field disagrees with the opening event.
    #[error("the record's {field} disagrees with its opening event")]
    HeaderMismatch {
        /// The field.
        field: &'static str,
    },
    /// The events stop halfway through a step (a completion without release, an unstable
    /// reading without its restriction).
    #[error("the record ends halfway through a step")]
    Truncated,
}

impl ResumeError {
    /// A stable machine-readable code for partner SDKs.
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            ResumeError::UnsupportedFormat(_) => "resume.unsupported_format",
            ResumeError::NoEvents => "resume.no_events",
            ResumeError::Replay(ReplayError::Sequence { .. }) => "resume.sequence",
            ResumeError::Replay(ReplayError::TimeWentBackwards { .. }) => {
                "resume.time_went_backwards"
            }
            ResumeError::Replay(ReplayError::IllegalEvent { .. }) => "resume.illegal_event",
            ResumeError::Replay(ReplayError::StageMismatch { .. }) => "resume.stage_mismatch",
            ResumeError::HeaderMismatch { .. } => "resume.header_mismatch",
            ResumeError::HeadMismatch => "resume.head_mismatch",
            ResumeError::BadSeal => "resume.bad_seal",
            ResumeError::UnexpectedHead { .. } => "resume.unexpected_head",
            ResumeError::Replay(ReplayError::DigestMismatch { .. }) => "resume.digest_mismatch",
            ResumeError::Truncated => "resume.truncated",
        }
    }
}

/// A migration in any stage: what [`AnyMigration::resume`] gives back from a record.
/// `Migration::<S>::try_from(any)` gives the typed handle.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum AnyMigration {
    /// In Detection.
    Detection(Migration<Detection>),
    /// In Preparation.
    Preparation(Migration<Preparation>),
    /// In Transition.
    Transition(Migration<Transition>),
    /// In Validation.
    Validation(Migration<Validation>),
    /// In Stabilization.
    Stabilization(Migration<Stabilization>),
    /// In Continuity.
    Continuity(Migration<Continuity>),
    /// Fallen back.
    FallenBack(Migration<FallenBack>),
}

impl<S: Stage> Migration<S> {
    /// The migration as a record (cloning its lineage).
    #[must_use]
    pub fn to_record(&self) -> MigrationRecord {
        self.clone().into_record()
    }

    /// The migration as a record.
    #[must_use]
    pub fn into_record(self) -> MigrationRecord {
        let core = *self.core;
        MigrationRecord {
            format: RECORD_FORMAT,
            stage: core.stage,
            partner: core.partner,
            kind: core.kind,
            mode: core.mode,
            origin: core.origin,
            target: core.target,
            head: core.lineage.head(),
            events: core.lineage.events,
        }
    }
}

impl AnyMigration {
    /// Rebuilds a migration from a record, replaying every event through the rules of the
    /// transitions.
    ///
    /// # Errors
    ///
    /// [`ResumeError`] when the format is unknown, there is no event, an event breaks the
    /// rules (out of sequence, back in time, skipping a step, not allowed in its stage, with
    /// the wrong rite), the header disagrees with the opening event, the stated stage is not
    /// where the events lead, or the events stop halfway through a step.
    ///
    /// ```
    /// # use kwanus_migration::doc_support::*;
    /// use kwanus_migration::{AnyMigration, Migration, Transition};
    ///
    /// let record = transitioned()?.into_record();
    /// let json = serde_json::to_string(&record)?;
    /// let back: kwanus_migration::MigrationRecord = serde_json::from_str(&json)?;
    /// let typed = Migration::<Transition>::try_from(AnyMigration::resume(back)?)?;
    /// assert_eq!(typed.lineage().len(), 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn resume(record: MigrationRecord) -> Result<AnyMigration, ResumeError> {
        if record.format != RECORD_FORMAT {
            return Err(ResumeError::UnsupportedFormat(record.format));
        }
        let mut events = record.events.into_iter();
        let first = events.next().ok_or(ResumeError::NoEvents)?;
        let mut scratch = Vec::with_capacity(256);
        let mut core = replay::start(first, &mut scratch)?;
        for e in events {
            replay::step(&mut core, e, &mut scratch)?;
        }
        if core.lineage.head() != record.head {
            return Err(ResumeError::HeadMismatch);
        }
        if let Some(EventDetail::Opened {
            partner,
            kind,
            mode,
            origin,
            target,
            ..
        }) = core.lineage.events.first().map(|e| &e.detail)
        {
            let checks: [(&'static str, bool); 5] = [
                ("partner", *partner == record.partner),
                ("kind", *kind == record.kind),
                ("mode", *mode == record.mode),
                ("origin", *origin == record.origin),
                ("target", *target == record.target),
            ];
            if let Some((field, _)) = checks.iter().find(|(_, ok)| !ok) {
                return Err(ResumeError::HeaderMismatch { field });
            }
        }
        if core.pending_restriction || (core.stage == StageName::Continuity && !core.released) {
            return Err(ResumeError::Truncated);
        }
        if core.stage != record.stage {
            return Err(ReplayError::StageMismatch {
                record: record.stage,
                events: core.stage,
            }
            .into());
        }
        Ok(AnyMigration::from_core(Box::new(core)))
    }

    /// [`AnyMigration::resume`], and the head must be `expected`: the head digest the caller
    /// stored when it last saved the migration. Detects a history rewritten whole.
    ///
    /// # Errors
    ///
    /// As [`AnyMigration::resume`], and [`ResumeError::UnexpectedHead`].
    pub fn resume_expecting(
        record: MigrationRecord,
        expected: Digest,
    ) -> Result<AnyMigration, ResumeError> {
        if record.head != expected {
            return Err(ResumeError::UnexpectedHead {
                expected,
                found: record.head,
            });
        }
        AnyMigration::resume(record)
    }

    /// [`AnyMigration::resume`], after checking the record's `seal` under `key` (see
    /// [`MigrationRecord::seal`]). This closes the gap unkeyed digests leave: someone who
    /// can rewrite the whole record and re-chain it still cannot forge the seal.
    ///
    /// # Errors
    ///
    /// [`ResumeError::BadSeal`], then as [`AnyMigration::resume`].
    pub fn resume_sealed(
        record: MigrationRecord,
        seal: Digest,
        key: &SealKey,
    ) -> Result<AnyMigration, ResumeError> {
        if !chain::same(&record.seal(key), &seal) {
            return Err(ResumeError::BadSeal);
        }
        AnyMigration::resume(record)
    }

    fn from_core(core: Box<Core>) -> AnyMigration {
        match core.stage {
            StageName::Detection => AnyMigration::Detection(Migration::from_core(core)),
            StageName::Preparation => AnyMigration::Preparation(Migration::from_core(core)),
            StageName::Transition => AnyMigration::Transition(Migration::from_core(core)),
            StageName::Validation => AnyMigration::Validation(Migration::from_core(core)),
            StageName::Stabilization => AnyMigration::Stabilization(Migration::from_core(core)),
            StageName::Continuity => AnyMigration::Continuity(Migration::from_core(core)),
            StageName::FallenBack => AnyMigration::FallenBack(Migration::from_core(core)),
        }
    }

    fn core(&self) -> &Core {
        match self {
            AnyMigration::Detection(m) => m.core(),
            AnyMigration::Preparation(m) => m.core(),
            AnyMigration::Transition(m) => m.core(),
            AnyMigration::Validation(m) => m.core(),
            AnyMigration::Stabilization(m) => m.core(),
            AnyMigration::Continuity(m) => m.core(),
            AnyMigration::FallenBack(m) => m.core(),
        }
    }

    /// The stage.
    #[must_use]
    pub fn stage(&self) -> StageName {
        self.core().stage
    }

    /// The partner.
    #[must_use]
    pub fn partner(&self) -> &PartnerId {
        &self.core().partner
    }

    /// The kind.
    #[must_use]
    pub fn kind(&self) -> MigrationKind {
        self.core().kind
    }

    /// The origin version.
    #[must_use]
    pub fn origin(&self) -> &Version {
        &self.core().origin
    }

    /// The target version.
    #[must_use]
    pub fn target(&self) -> &Version {
        &self.core().target
    }

    /// The lineage.
    #[must_use]
    pub fn lineage(&self) -> &super::Lineage {
        &self.core().lineage
    }

    /// The migration as a record.
    #[must_use]
    pub fn into_record(self) -> MigrationRecord {
        match self {
            AnyMigration::Detection(m) => m.into_record(),
            AnyMigration::Preparation(m) => m.into_record(),
            AnyMigration::Transition(m) => m.into_record(),
            AnyMigration::Validation(m) => m.into_record(),
            AnyMigration::Stabilization(m) => m.into_record(),
            AnyMigration::Continuity(m) => m.into_record(),
            AnyMigration::FallenBack(m) => m.into_record(),
        }
    }
}

/// An approved correction of a stored history (the audited way to accept a known change,
/// as Flyway's `repair`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
pub struct Correction {
    /// Who re-seals; must not be blank.
    pub by: String,
    /// What was corrected and why; must not be blank.
    pub reason: String,
    /// The governance body that approved the correction.
    pub approved_by: crate::GovernanceBody,
    /// When.
    pub at: DateTime<Utc>,
}

impl MigrationRecord {
    /// The record's seal under the platform's `key`: HMAC-SHA-256 of its head digest, which
    /// commits to every event and, through the opening event, to the header. Store it beside
    /// the record; [`AnyMigration::resume_sealed`] checks it.
    ///
    /// ```
    /// # use kwanus_migration::doc_support::*;
    /// use kwanus_migration::{AnyMigration, SealKey};
    ///
    /// let key = SealKey::from_bytes([7; 32]); // the platform's secret
    /// let record = transitioned()?.into_record();
    /// let seal = record.seal(&key);
    /// assert!(AnyMigration::resume_sealed(record.clone(), seal, &key).is_ok());
    ///
    /// // a forger who edits and re-chains the history cannot forge the seal
    /// let mut forged = record.clone();
    /// forged.events[1].at += chrono::Duration::minutes(5);
    /// let forged = forged.reseal(kwanus_migration::Correction {
    ///     by: "mallory".into(),
    ///     reason: "cover tracks".into(),
    ///     approved_by: kwanus_migration::GovernanceBody::Tsc,
    ///     at: t(10),
    /// })?;
    /// let err = AnyMigration::resume_sealed(forged, seal, &key).unwrap_err();
    /// assert_eq!(err.code(), "resume.bad_seal");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn seal(&self, key: &SealKey) -> Digest {
        chain::hmac(key, &[b"kwanus-migration/seal/v1", self.head.as_bytes()])
    }

    /// Checks the record without keeping the migration: the same checks as
    /// [`AnyMigration::resume`] (every digest, every rule, the head, the header), for
    /// auditing stored histories.
    ///
    /// # Errors
    ///
    /// The [`ResumeError`] `resume` would give.
    ///
    /// ```
    /// # use kwanus_migration::doc_support::*;
    /// let mut record = transitioned()?.into_record();
    /// assert!(record.verify().is_ok());
    /// record.events[1].at += chrono::Duration::seconds(1);
    /// assert_eq!(record.verify().unwrap_err().code(), "resume.digest_mismatch");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn verify(&self) -> Result<(), ResumeError> {
        AnyMigration::resume(self.clone()).map(|_| ())
    }

    /// Re-seals a corrected history (the record itself is left as it is): recomputes every
    /// digest over the events as they now are, then appends a [`EventDetail::Resealed`] event naming who, why, the approving
    /// body and the head before the correction, and resumes the result. The correction
    /// itself is thus part of the chain. Every rule of the flow still applies: a re-seal
    /// cannot make an illegal history legal.
    ///
    /// # Errors
    ///
    /// [`ResumeError`] when the corrected history breaks a rule of the flow, or the
    /// correction is blank or dated before the last event.
    ///
    /// ```
    /// # use kwanus_migration::doc_support::*;
    /// use kwanus_migration::{AnyMigration, Correction, DocumentKind, EventDetail, GovernanceBody};
    ///
    /// let mut record = transitioned()?.into_record();
    /// // a tutorial was submitted with the plan but not recorded; the TSC approves the fix
    /// if let EventDetail::Prepared { documents, .. } = &mut record.events[1].detail {
    ///     documents.push(DocumentKind::DeveloperTutorial);
    /// }
    /// let broken = AnyMigration::resume(record.clone()).unwrap_err();
    /// assert_eq!(broken.code(), "resume.digest_mismatch");
    /// let fixed = record.reseal(Correction {
    ///     by: "ops".into(),
    ///     reason: "normalise document order".into(),
    ///     approved_by: GovernanceBody::Tsc,
    ///     at: t(10),
    /// })?;
    /// let resumed = AnyMigration::resume(fixed)?;
    /// assert_eq!(resumed.lineage().last().map(|e| e.detail.name()), Some("resealed"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn reseal(&self, correction: Correction) -> Result<MigrationRecord, ResumeError> {
        let mut sealed = self.clone();
        let previous_head = sealed.head;
        let mut scratch = Vec::with_capacity(256);
        let mut prev = Digest::GENESIS;
        for e in &mut sealed.events {
            e.digest = chain::digest(&prev, e, &mut scratch);
            prev = e.digest;
        }
        let detail = EventDetail::Resealed {
            by: correction.by,
            reason: correction.reason,
            approved_by: correction.approved_by,
            previous_head,
        };
        let mut event = Event {
            seq: u32::try_from(sealed.events.len()).unwrap_or(u32::MAX),
            at: correction.at,
            rite: detail.rite(),
            detail,
            digest: Digest::GENESIS,
        };
        event.digest = chain::digest(&prev, &event, &mut scratch);
        sealed.head = event.digest;
        sealed.events.push(event);
        Ok(AnyMigration::resume(sealed)?.into_record())
    }
}

impl TryFrom<MigrationRecord> for AnyMigration {
    type Error = ResumeError;
    fn try_from(record: MigrationRecord) -> Result<Self, ResumeError> {
        AnyMigration::resume(record)
    }
}

/// A resumed migration was not in the stage asked for. Holds it, unchanged.
#[derive(Debug, Clone, PartialEq)]
pub struct WrongStage {
    expected: StageName,
    migration: AnyMigration,
}

impl WrongStage {
    /// The stage asked for.
    #[must_use]
    pub fn expected(&self) -> StageName {
        self.expected
    }
    /// The stage found.
    #[must_use]
    pub fn found(&self) -> StageName {
        self.migration.stage()
    }
    /// Takes the migration back.
    #[must_use]
    pub fn into_inner(self) -> AnyMigration {
        self.migration
    }
    /// A stable machine-readable code for partner SDKs.
    #[must_use]
    pub const fn code(&self) -> &'static str {
        "resume.wrong_stage"
    }
}

impl fmt::Display for WrongStage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the migration is in {}, not in {}",
            self.found(),
            self.expected
        )
    }
}

impl std::error::Error for WrongStage {}

macro_rules! typed {
    ($($stage:ident),*) => {$(
        impl From<Migration<$stage>> for AnyMigration {
            fn from(m: Migration<$stage>) -> AnyMigration {
                AnyMigration::$stage(m)
            }
        }
        impl TryFrom<AnyMigration> for Migration<$stage> {
            type Error = WrongStage;
            fn try_from(any: AnyMigration) -> Result<Self, WrongStage> {
                match any {
                    AnyMigration::$stage(m) => Ok(m),
                    other => Err(WrongStage { expected: StageName::$stage, migration: other }),
                }
            }
        }
    )*};
}

typed!(
    Detection,
    Preparation,
    Transition,
    Validation,
    Stabilization,
    Continuity,
    FallenBack
);
