//! Persistence: records, and the validating resume.

use super::stage::AnyMigration;

use chrono::{DateTime, Utc};
use semver::Version;

use super::chain::{self, SealKey};
use super::digest::Digest;
use super::lineage::{Event, EventDetail, Lineage};
use super::replay::{self, Core, ReplayError, State};
use super::{Migration, Stage, StageName};
use crate::kind::MigrationKind;
use crate::mode::Mode;
use crate::partner::PartnerId;

/// The record format this crate writes and reads: 3. Format 3 is specified on the
/// [`format`](mod@crate::format) page; a record of another format is refused with
/// [`ResumeError::UnsupportedFormat`] (and, with serde, when the JSON is parsed).
pub const RECORD_FORMAT: u32 = 3;

/// A migration as plain data, for storage and for partner SDKs (JSON with the `serde`
/// feature).
///
/// A record says what stage it is in and holds the whole lineage. It becomes a migration
/// again only through [`AnyMigration::resume`], which checks the record against an
/// [`Anchor`] the service holds and replays every event through the same rules as the
/// transitions: a record the transitions could not have written is refused.
///
/// Its JSON form, its hashed byte encoding and its seal are specified on the
/// [`format`](mod@crate::format) page; every value in it is exact (integers and strings), so a
/// record round-trips byte for byte through any standard JSON parser.
///
/// # JSON form
///
/// With the `serde` feature a record is one JSON object: `format`, `stage`, `partner`, `kind`,
/// `mode`, `origin`, `target`, `events` (each `seq`, `at`, `rite`, `detail` — an object with
/// one key, the event's [name](EventDetail::name) — and `digest`) and `head`. The
/// [`format`](mod@crate::format) page gives every key of every event; `tests/vectors/*.json`
/// hold complete records of every event kind. The shape, checked here:
///
/// ```
/// use chrono::{DateTime, Utc};
/// use kwanus_migration::*;
/// use semver::Version;
///
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     let t0: DateTime<Utc> = "2026-03-02T09:00:00Z".parse()?;
///     let notice = Notice::builder(PartnerId::new("acme-billing")?, MigrationKind::ExtensionRuntime, Version::new(1, 4, 0), Version::new(1, 5, 0))
///         .trigger(Trigger::RuntimeChange)
///         .compatibility(Compatibility::BackwardCompatible)
///         .window_days(t0, 90)
///         .build();
///     let m = Migration::open(notice, t0, &Policy::default())?;
///     let record = m.into_record();
///     let json: serde_json::Value = serde_json::to_value(&record)?;
///     assert_eq!(json["format"], RECORD_FORMAT);
///     assert_eq!(json["stage"], "detection");
///     let opened = &json["events"][0]["detail"]["opened"];
///     assert_eq!(opened["partner"], "acme-billing");
///     assert_eq!(opened["policy"]["fallback_min_months"], 6); // the policy in force
///     assert_eq!(opened["policy"]["min_observed_weight"], "0.75"); // numbers as decimal text
///     assert_eq!(json["events"][0]["at"], "2026-03-02T09:00:00Z");
///     assert_eq!(json["head"], json["events"][0]["digest"]);
///     Ok(())
/// }
/// ```
///
/// Unknown fields are refused, at the top level and in every event. The struct is exhaustive
/// on purpose: the [`format`](crate::format) page fixes its fields, and a new field is a new
/// record format.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MigrationRecord {
    /// The record format ([`RECORD_FORMAT`]). With serde, parsing a record of another format
    /// fails at this field, with a message naming both formats.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "current_format"))]
    #[cfg_attr(feature = "schema", schemars(schema_with = "record_format_schema"))]
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
    #[cfg_attr(
        feature = "serde",
        serde(serialize_with = "crate::version_text::serialize")
    )]
    pub origin: Version,
    /// The target version.
    #[cfg_attr(
        feature = "serde",
        serde(serialize_with = "crate::version_text::serialize")
    )]
    pub target: Version,
    /// Every event, oldest first, each chained to the one before by its digest.
    #[cfg_attr(feature = "schema", schemars(length(min = 1)))]
    #[cfg_attr(feature = "serde", serde(deserialize_with = "shared_platforms"))]
    pub events: Vec<Event>,
    /// The digest of the last event. A history cut short or extended no longer ends here;
    /// against someone who can rewrite the whole record, [`AnyMigration::resume`] checks it
    /// against an [`Anchor`] held outside the record.
    pub head: Digest,
}

/// The events, read with equal platform facts shared (see `share_platforms` in the lineage module).
#[cfg(feature = "serde")]
fn shared_platforms<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Event>, D::Error> {
    let mut events = <Vec<Event> as serde::Deserialize>::deserialize(d)?;
    super::lineage::share_platforms(&mut events);
    // a record read is held, not grown: no spare capacity
    events.shrink_to_fit();
    Ok(events)
}

/// The JSON Schema of [`MigrationRecord::format`]: the integer [`RECORD_FORMAT`].
#[cfg(feature = "schema")]
fn record_format_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "type": "integer",
        "const": RECORD_FORMAT,
    })
}

/// Refuses, while parsing, a record of a format this crate does not read.
#[cfg(feature = "serde")]
fn current_format<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let format = <u32 as serde::Deserialize>::deserialize(d)?;
    if format == RECORD_FORMAT {
        Ok(format)
    } else {
        Err(serde::de::Error::custom(ResumeError::UnsupportedFormat(
            format,
        )))
    }
}

/// What a service holds outside a record to prove the record is the one it stored: the
/// head digest it saved, or the platform's seal key and the record's seal.
///
/// Without an anchor a record can only be checked for edits (every digest chains, every
/// rule holds); someone who can rewrite the whole record can re-chain a history of their
/// own. With an anchor, they cannot.
///
/// ```
/// use chrono::{DateTime, Utc};
/// use kwanus_migration::*;
/// use semver::Version;
///
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     let t0: DateTime<Utc> = "2026-03-02T09:00:00Z".parse()?;
///     let notice = Notice::builder(PartnerId::new("acme-billing")?, MigrationKind::ExtensionRuntime, Version::new(1, 4, 0), Version::new(1, 5, 0))
///         .trigger(Trigger::RuntimeChange)
///         .compatibility(Compatibility::BackwardCompatible)
///         .window_days(t0, 90)
///         .build();
///     let m = Migration::open(notice, t0, &Policy::default())?;
///     let record = m.into_record();
///     // the head the service stored beside the record when it saved it
///     let stored_head = record.head;
///     assert!(AnyMigration::resume(record.clone(), Anchor::Head(stored_head)).is_ok());
///
///     // or the platform's seal
///     let key = SealKey::from_bytes([7; 32]);
///     let seal = record.seal(&key);
///     assert!(AnyMigration::resume(record, Anchor::Seal { seal, key: &key }).is_ok());
///     Ok(())
/// }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Anchor<'k> {
    /// The head digest the service stored when it last saved the migration (for example in
    /// its own column, or in the row's version field for optimistic concurrency).
    Head(Digest),
    /// The record's seal ([`MigrationRecord::seal`]) under the platform's key.
    Seal {
        /// The seal stored beside the record.
        seal: Digest,
        /// The platform's key.
        key: &'k SealKey,
    },
}

impl Anchor<'_> {
    fn check(&self, record: &MigrationRecord) -> Result<(), ResumeError> {
        match self {
            Anchor::Head(expected) if *expected != record.head => {
                Err(ResumeError::UnexpectedHead {
                    expected: *expected,
                    found: record.head,
                })
            }
            Anchor::Seal { seal, key } if !chain::seal_matches(key, &record.head, seal) => {
                Err(ResumeError::BadSeal)
            }
            _ => Ok(()),
        }
    }
}

/// Why a record could not be resumed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ResumeError {
    /// A record format this version does not read.
    #[error("record format {0} is not supported; this crate reads format {RECORD_FORMAT}")]
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
    /// The history holds a correction, and it was loaded without an anchor: only an anchor
    /// the service stored after the correction proves the correction was the service's own.
    #[error("the history was amended; an amended record resumes only under an anchor")]
    AmendmentNeedsAnchor,
    /// The record is not the anchored history plus corrections: no event of it ends at the
    /// anchored head, or an event after it is not a correction
    /// ([`MigrationRecord::extends`]).
    #[error("the record is not the history ending at {anchor} plus corrections")]
    NotAnExtension {
        /// The head the record was checked against.
        anchor: Digest,
    },
}

impl ResumeError {
    /// A stable machine-readable code for partner SDKs.
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            ResumeError::UnsupportedFormat(_) => "resume.unsupported_format",
            ResumeError::NoEvents => "resume.no_events",
            ResumeError::Replay(e) => e.code(),
            ResumeError::HeaderMismatch { .. } => "resume.header_mismatch",
            ResumeError::HeadMismatch => "resume.head_mismatch",
            ResumeError::BadSeal => "resume.bad_seal",
            ResumeError::UnexpectedHead { .. } => "resume.unexpected_head",
            ResumeError::Truncated => "resume.truncated",
            ResumeError::AmendmentNeedsAnchor => "resume.amendment_needs_anchor",
            ResumeError::NotAnExtension { .. } => "resume.not_an_extension",
        }
    }
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
        record_of(*self.core)
    }
}

impl AnyMigration {
    /// The migration as a record.
    #[must_use]
    pub fn into_record(self) -> MigrationRecord {
        record_of(*self.into_core())
    }
}

/// A migration's state as a record.
fn record_of(core: Core) -> MigrationRecord {
    let Core {
        state: core,
        lineage,
    } = core;
    MigrationRecord {
        format: RECORD_FORMAT,
        stage: core.stage,
        partner: core.partner,
        kind: core.kind,
        mode: core.mode,
        origin: core.origin,
        target: core.target,
        head: lineage.head(),
        events: lineage.events,
    }
}

/// Replays a record's events through the rules and checks the header, the head, the stage
/// and that no step stops halfway ([`replay_in_place`], the one check every way of loading
/// a record shares), then keeps the events as the migration's lineage.
fn replay_record(record: MigrationRecord) -> Result<Core, ResumeError> {
    let state = replay_in_place(&record)?;
    Ok(Core {
        state,
        lineage: Lineage {
            events: record.events,
        },
    })
}

/// Replays a borrowed record, reading the events in place (an auditor's verify copies
/// nothing), and checks the header, the head, the stage and that no step stops halfway.
/// Returns the final state.
fn replay_in_place(record: &MigrationRecord) -> Result<State, ResumeError> {
    if record.format != RECORD_FORMAT {
        return Err(ResumeError::UnsupportedFormat(record.format));
    }
    let events = &record.events[..];
    let first = events.first().ok_or(ResumeError::NoEvents)?;
    let mut scratch = chain::Scratch::default();
    let mut state = replay::start(first, &mut scratch)?;
    replay::rest(&mut state, events, &mut scratch)?;
    let head = events.last().map_or(Digest::GENESIS, |e| e.digest);
    Header::of(record).check(&state, head)?;
    Ok(state)
}

/// What a record states besides its events, checked against where the events lead.
struct Header<'a> {
    stage: StageName,
    partner: &'a PartnerId,
    kind: MigrationKind,
    mode: Mode,
    origin: &'a Version,
    target: &'a Version,
    head: Digest,
}

impl<'a> Header<'a> {
    fn of(record: &'a MigrationRecord) -> Header<'a> {
        Header {
            stage: record.stage,
            partner: &record.partner,
            kind: record.kind,
            mode: record.mode,
            origin: &record.origin,
            target: &record.target,
            head: record.head,
        }
    }

    /// The head, the header fields, a step stopped halfway, the stage.
    fn check(&self, state: &State, head: Digest) -> Result<(), ResumeError> {
        if head != self.head {
            return Err(ResumeError::HeadMismatch);
        }
        let checks: [(&'static str, bool); 5] = [
            ("partner", state.partner == *self.partner),
            ("kind", state.kind == self.kind),
            ("mode", state.mode == self.mode),
            ("origin", state.origin == *self.origin),
            ("target", state.target == *self.target),
        ];
        if let Some((field, _)) = checks.iter().find(|(_, ok)| !ok) {
            return Err(ResumeError::HeaderMismatch { field });
        }
        if state.pending.is_some() {
            return Err(ResumeError::Truncated);
        }
        if state.stage != self.stage {
            return Err(ReplayError::StageMismatch {
                record: self.stage,
                events: state.stage,
            }
            .into());
        }
        Ok(())
    }
}

impl AnyMigration {
    /// Rebuilds a migration from a record the service stored: checks the record against
    /// `anchor` (the head the service stored, or the platform's seal), then replays every
    /// event through the rules of the transitions.
    ///
    /// This is the way to load a record. [`AnyMigration::resume_unanchored`] exists for
    /// records of unknown provenance and detects edits only.
    ///
    /// # Errors
    ///
    /// [`ResumeError`] when the anchor does not match ([`ResumeError::UnexpectedHead`],
    /// [`ResumeError::BadSeal`]), the format is unknown, there is no event, an event breaks
    /// the rules (out of sequence, back in time, skipping a step, not allowed in its stage,
    /// with the wrong rite, with a digest that does not chain), the header disagrees with
    /// the opening event, the stated stage is not where the events lead, or the events stop
    /// halfway through a step.
    ///
    /// ```
    /// use chrono::{DateTime, Utc};
    /// use kwanus_migration::*;
    /// use semver::Version;
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let t0: DateTime<Utc> = "2026-03-02T09:00:00Z".parse()?;
    ///     let notice = Notice::builder(PartnerId::new("acme-billing")?, MigrationKind::ExtensionRuntime, Version::new(1, 4, 0), Version::new(1, 5, 0))
    ///         .trigger(Trigger::RuntimeChange)
    ///         .compatibility(Compatibility::BackwardCompatible)
    ///         .window_days(t0, 90)
    ///         .build();
    ///     let m = Migration::open(notice, t0, &Policy::default())?;
    ///     let record = m.into_record();
    ///     let stored_head = record.head; // kept by the service beside the JSON
    ///     let json = serde_json::to_string(&record)?;
    ///
    ///     let back: MigrationRecord = serde_json::from_str(&json)?;
    ///     let any = AnyMigration::resume(back, Anchor::Head(stored_head))?;
    ///     let typed = Migration::<Detection>::try_from(any)?;
    ///     assert_eq!(typed.lineage().len(), 1);
    ///     Ok(())
    /// }
    /// ```
    pub fn resume(
        record: MigrationRecord,
        anchor: Anchor<'_>,
    ) -> Result<AnyMigration, ResumeError> {
        anchor.check(&record)?;
        replay_record(record).map(|core| AnyMigration::from_core(Box::new(core)))
    }

    /// Rebuilds a migration from a record **without an anchor**: every digest must chain
    /// and every rule must hold, so an edited history is refused, but a history rewritten
    /// whole and re-chained by someone who could write the record is not detected. Use it
    /// only for records whose provenance the caller establishes otherwise; a record holding
    /// an amendment is refused ([`ResumeError::AmendmentNeedsAnchor`]).
    ///
    /// # Errors
    ///
    /// As [`AnyMigration::resume`] (but for the anchor), and
    /// [`ResumeError::AmendmentNeedsAnchor`].
    ///
    /// ```
    /// use chrono::{DateTime, Duration, Utc};
    /// use kwanus_migration::*;
    /// use semver::Version;
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let t0: DateTime<Utc> = "2026-03-02T09:00:00Z".parse()?;
    ///     let notice = Notice::builder(PartnerId::new("acme-billing")?, MigrationKind::ExtensionRuntime, Version::new(1, 4, 0), Version::new(1, 5, 0))
    ///         .trigger(Trigger::RuntimeChange)
    ///         .compatibility(Compatibility::BackwardCompatible)
    ///         .window_days(t0, 90)
    ///         .build();
    ///     let m = Migration::open(notice, t0, &Policy::default())?;
    ///     let mut record = m.into_record();
    ///     assert!(AnyMigration::resume_unanchored(record.clone()).is_ok());
    ///     record.events[0].at += Duration::seconds(1); // an edit
    ///     let err = AnyMigration::resume_unanchored(record).unwrap_err();
    ///     assert_eq!(err.code(), "resume.digest_mismatch");
    ///     Ok(())
    /// }
    /// ```
    pub fn resume_unanchored(record: MigrationRecord) -> Result<AnyMigration, ResumeError> {
        let core = replay_record(record)?;
        if core.amended {
            return Err(ResumeError::AmendmentNeedsAnchor);
        }
        Ok(AnyMigration::from_core(Box::new(core)))
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
    pub fn lineage(&self) -> &super::lineage::Lineage {
        &self.core().lineage
    }
}

/// An approved correction of one field of one recorded event: see
/// [`MigrationRecord::amend`]. Only a field that decides nothing may be corrected (a
/// document's location, a signer's name, free text; the paths
/// [`EventDetail::correctable_fields`] lists).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
#[non_exhaustive]
pub struct Correction {
    /// The position (`seq`) of the event corrected.
    pub event: u32,
    /// The field corrected, as a path into that event's detail (`documents[1].location`).
    pub field: String,
    /// The corrected text; must not be blank.
    pub value: String,
    /// Who corrects; must not be blank.
    pub by: String,
    /// What was wrong and why this is right; must not be blank.
    pub reason: String,
    /// The governance body that approved the correction: the body governing the migration's
    /// category ([`Category::governing_body`](crate::Category::governing_body)).
    pub approved_by: crate::governance::GovernanceBody,
    /// When; not before the last event.
    pub at: DateTime<Utc>,
}

impl MigrationRecord {
    /// The record's seal under the platform's `key`: HMAC-SHA-256 of its head digest, which
    /// commits to every event and, through the opening event, to the header. Store it beside
    /// the record and resume with [`Anchor::Seal`].
    ///
    /// ```
    /// use chrono::{DateTime, Duration, Utc};
    /// use kwanus_migration::*;
    /// use semver::Version;
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let t0: DateTime<Utc> = "2026-03-02T09:00:00Z".parse()?;
    ///     let notice = Notice::builder(PartnerId::new("acme-billing")?, MigrationKind::ExtensionRuntime, Version::new(1, 4, 0), Version::new(1, 5, 0))
    ///         .trigger(Trigger::RuntimeChange)
    ///         .compatibility(Compatibility::BackwardCompatible)
    ///         .window_days(t0, 90)
    ///         .build();
    ///     let m = Migration::open(notice, t0, &Policy::default())?;
    ///     let key = SealKey::from_bytes([7; 32]); // the platform's secret
    ///     let record = m.into_record();
    ///     let seal = record.seal(&key);
    ///     assert!(AnyMigration::resume(record.clone(), Anchor::Seal { seal, key: &key }).is_ok());
    ///
    ///     // a forger who edits an event and re-chains every digest cannot forge the seal
    ///     let mut forged = record.clone();
    ///     forged.events[0].at += Duration::minutes(5);
    ///     let mut prev = Digest::GENESIS;
    ///     for e in &mut forged.events {
    ///         e.digest = e.chained_digest(&prev);
    ///         prev = e.digest;
    ///     }
    ///     forged.head = prev;
    ///     let err = AnyMigration::resume(forged, Anchor::Seal { seal, key: &key }).unwrap_err();
    ///     assert_eq!(err.code(), "resume.bad_seal");
    ///     Ok(())
    /// }
    /// ```
    #[must_use]
    pub fn seal(&self, key: &SealKey) -> Digest {
        chain::seal(key, &self.head)
    }

    /// Checks the record without keeping the migration: the same checks as
    /// [`AnyMigration::resume`] under `anchor`, for auditing stored histories.
    ///
    /// # Errors
    ///
    /// The [`ResumeError`] `resume` would give.
    ///
    /// ```
    /// use chrono::{DateTime, Duration, Utc};
    /// use kwanus_migration::*;
    /// use semver::Version;
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let t0: DateTime<Utc> = "2026-03-02T09:00:00Z".parse()?;
    ///     let notice = Notice::builder(PartnerId::new("acme-billing")?, MigrationKind::ExtensionRuntime, Version::new(1, 4, 0), Version::new(1, 5, 0))
    ///         .trigger(Trigger::RuntimeChange)
    ///         .compatibility(Compatibility::BackwardCompatible)
    ///         .window_days(t0, 90)
    ///         .build();
    ///     let m = Migration::open(notice, t0, &Policy::default())?;
    ///     let mut record = m.into_record();
    ///     let head = record.head;
    ///     assert!(record.verify(Anchor::Head(head)).is_ok());
    ///     record.events[0].at += Duration::seconds(1);
    ///     assert_eq!(record.verify(Anchor::Head(head)).unwrap_err().code(), "resume.digest_mismatch");
    ///     Ok(())
    /// }
    /// ```
    pub fn verify(&self, anchor: Anchor<'_>) -> Result<(), ResumeError> {
        anchor.check(self)?;
        replay_in_place(self).map(|_| ())
    }

    /// [`MigrationRecord::verify`] without an anchor: detects edits, not rewrites (see
    /// [`AnyMigration::resume_unanchored`]).
    ///
    /// # Errors
    ///
    /// The [`ResumeError`] `resume_unanchored` would give.
    pub fn verify_unanchored(&self) -> Result<(), ResumeError> {
        if replay_in_place(self)?.amended {
            return Err(ResumeError::AmendmentNeedsAnchor);
        }
        Ok(())
    }

    /// Appends an approved correction (the record itself is left as it is): an
    /// [`EventDetail::Corrected`] event naming the event, the field and the corrected text,
    /// who, why and the approving body. The history is append-only: no hashed event is
    /// changed or removed, so the amended record is the old one plus this event, and a
    /// service holding the old head checks exactly that with [`MigrationRecord::extends`].
    ///
    /// Only a field that decides nothing may be corrected (a document's location, a signer's
    /// name, free text: [`EventDetail::correctable_fields`]); a stage, a verdict, a time, a
    /// version, a grant or a piece of evidence never. The approving body must be the one
    /// governing the migration's category. [`Lineage::corrected`](crate::Lineage::corrected)
    /// shows the history as corrected.
    ///
    /// The amended record resumes only under an anchor that covers the correction: store its
    /// new head (or seal it) as you store any record; [`AnyMigration::resume_unanchored`]
    /// refuses it.
    ///
    /// # Errors
    ///
    /// [`ResumeError`]: the record does not verify (`amend` corrects a sound history, never
    /// a broken one); the field decides something or does not exist
    /// (`resume.decisive_correction`); the body does not govern the migration
    /// (`resume.ungoverned_correction`); the correction is blank or dated before the last
    /// event.
    ///
    /// ```
    /// use chrono::{DateTime, Duration, Utc};
    /// use kwanus_migration::*;
    /// use semver::Version;
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let t0: DateTime<Utc> = "2026-03-02T09:00:00Z".parse()?;
    ///     // a runtime change the partner declares backward compatible: soft mode
    ///     let notice = Notice::builder(PartnerId::new("acme-billing")?, MigrationKind::ExtensionRuntime, Version::new(1, 4, 0), Version::new(1, 5, 0))
    ///         .trigger(Trigger::RuntimeChange)
    ///         .compatibility(Compatibility::BackwardCompatible)
    ///         .window_days(t0, 90)
    ///         .build();
    ///     let doc = |kind| Document { kind, location: format!("docs/{kind}") };
    ///     let plan = Plan::new("switch runtimes", "1.4 stays served", "runtime tests", "switch back")
    ///         .documents(DocumentKind::required_for(MigrationKind::ExtensionRuntime).into_iter().map(doc));
    ///     let m = Migration::open(notice, t0, &Policy::default())?.prepare(&plan, t0 + Duration::days(1))?;
    ///     let record = m.into_record();
    ///     // event 1 is the plan's: its documents' locations decide nothing
    ///     let fix = |field: &str, value: &str| {
    ///         let why = "the guide moved to the new portal";
    ///         Correction::new(1, field, value, "ops", why, GovernanceBody::Tsc, t0 + Duration::days(10))
    ///     };
    ///     let amended = record.amend(fix("documents[0].location", "https://portal.example/guide"))?;
    ///     // the old history plus one event: a service anchored on the old head can check it
    ///     assert_eq!(amended.extends(record.head)?, 1);
    ///     let resumed = AnyMigration::resume(amended.clone(), Anchor::Head(amended.head))?;
    ///     assert_eq!(resumed.lineage().last().map(|e| e.detail.name()), Some("corrected"));
    ///     // the history as corrected shows the new location; the recorded event is as it was
    ///     let EventDetail::Prepared { documents, .. } = &resumed.lineage().corrected()[1].detail else {
    ///         return Err("expected the plan's event".into());
    ///     };
    ///     assert_eq!(documents[0].location, "https://portal.example/guide");
    ///     assert_eq!(resumed.lineage().events()[1], record.events[1]);
    ///     assert_eq!(
    ///         AnyMigration::resume_unanchored(amended).unwrap_err().code(),
    ///         "resume.amendment_needs_anchor"
    ///     );
    ///     // a document's kind decides whether the plan is complete: not correctable
    ///     let err = record.amend(fix("documents[0].kind", "developer_tutorial")).unwrap_err();
    ///     assert_eq!(err.code(), "resume.decisive_correction");
    ///     Ok(())
    /// }
    /// ```
    pub fn amend(&self, correction: Correction) -> Result<MigrationRecord, ResumeError> {
        let mut core = replay_record(self.clone())?;
        let detail = EventDetail::Corrected {
            event: correction.event,
            field: correction.field,
            value: correction.value,
            by: correction.by,
            reason: correction.reason,
            approved_by: correction.approved_by,
        };
        let mut scratch = chain::Scratch::default();
        let mut event = Event {
            seq: u32::try_from(core.lineage.len()).unwrap_or(u32::MAX),
            at: correction.at,
            rite: detail.rite(),
            detail,
            digest: Digest::GENESIS,
        };
        event.digest = chain::digest(&core.lineage.head(), &event, &mut scratch);
        core.step(event, &mut scratch)?;
        Ok(record_of(core))
    }

    /// Whether this record is the history that ended at `anchor` (a head a service stored)
    /// plus corrections only: an event of this record has the digest `anchor`, and every
    /// event after it is an [`EventDetail::Corrected`]. Returns how many corrections follow.
    /// This is the consistency check of an append-only log (as a transparency log proves a
    /// new tree extends an old one); it looks at the chain only, so verify the record too
    /// ([`MigrationRecord::verify`] under its new head or seal).
    ///
    /// # Errors
    ///
    /// [`ResumeError::NotAnExtension`] (`resume.not_an_extension`) when no event ends at
    /// `anchor` or an event after it is not a correction; [`ResumeError::HeadMismatch`]
    /// when the record's head is not its last event's digest.
    ///
    /// ```
    /// use chrono::{DateTime, Duration, Utc};
    /// use kwanus_migration::*;
    /// use semver::Version;
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let t0: DateTime<Utc> = "2026-03-02T09:00:00Z".parse()?;
    ///     let notice = Notice::builder(PartnerId::new("acme-billing")?, MigrationKind::ExtensionRuntime, Version::new(1, 4, 0), Version::new(1, 5, 0))
    ///         .trigger(Trigger::RuntimeChange)
    ///         .compatibility(Compatibility::BackwardCompatible)
    ///         .window_days(t0, 90)
    ///         .build();
    ///     let m = Migration::open(notice, t0, &Policy::default())?;
    ///     let before = m.to_record();
    ///     assert_eq!(before.extends(before.head)?, 0);
    ///     // a new step is not a correction: the record after it does not merely extend the old head
    ///     let at = t0 + Duration::days(60);
    ///     let approval = Approval { body: GovernanceBody::Tsc, by: "tsc-chair".into(), at };
    ///     let m = m.extend_window(Extension::new(t0 + Duration::days(120), "a late partner", approval), at)?;
    ///     let after = m.into_record();
    ///     assert_eq!(after.extends(before.head).unwrap_err().code(), "resume.not_an_extension");
    ///     Ok(())
    /// }
    /// ```
    pub fn extends(&self, anchor: Digest) -> Result<usize, ResumeError> {
        if self.events.last().map(|e| e.digest) != Some(self.head) {
            return Err(ResumeError::HeadMismatch);
        }
        let not = || ResumeError::NotAnExtension { anchor };
        let at = self
            .events
            .iter()
            .rposition(|e| e.digest == anchor)
            .ok_or_else(not)?;
        let after = &self.events[at + 1..];
        if after
            .iter()
            .all(|e| matches!(e.detail, EventDetail::Corrected { .. }))
        {
            Ok(after.len())
        } else {
            Err(not())
        }
    }
}
