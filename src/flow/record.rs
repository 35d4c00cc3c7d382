//! Persistence: records, and the validating resume.

use core::fmt;

use chrono::{DateTime, Utc};
use semver::Version;

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
    /// Every event, oldest first.
    pub events: Vec<Event>,
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
        let mut core = replay::start(first)?;
        let mut n = 1;
        for e in events {
            replay::step(&mut core, e)?;
            n += 1;
        }
        debug_assert_eq!(n, core.lineage.len());
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
