//! The records: verify one under an anchor, and summarise one.

use chrono::{DateTime, Utc};
use semver::Version;

use super::error::Error;
use super::Answer;
use crate::band::Band;
use crate::flow::chain::SealKey;
use crate::flow::digest::Digest;
use crate::flow::record::{Anchor, MigrationRecord};
use crate::flow::Deadline;
use crate::flow::LoadError;
use crate::flow::{AnyMigration, StageName};
use crate::kind::MigrationKind;
use crate::mode::Mode;
use crate::partner::PartnerId;

/// What the service holds outside the record: the head it stored (`head`), or the seal it
/// stored and the platform's key (`seal` and `key`), each 64 lowercase hex digits.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct AnchorInput {
    /// The head digest the service stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Digest>"))]
    pub head: Option<String>,
    /// The record's seal ([`MigrationRecord::seal`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Digest>"))]
    pub seal: Option<String>,
    /// The platform's 32-byte seal key, in hex (never echoed in an error).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Digest>"))]
    pub key: Option<String>,
}

/// An anchor the interface owns (the key included).
enum Owned {
    Head(Digest),
    Seal(Digest, SealKey),
}

impl Owned {
    fn anchor(&self) -> Anchor<'_> {
        match self {
            Owned::Head(head) => Anchor::Head(*head),
            Owned::Seal(seal, key) => Anchor::Seal { seal: *seal, key },
        }
    }
}

fn digest(field: &str, text: &str) -> Result<Digest, Error> {
    text.parse().map_err(|source| Error::Digest {
        field: field.to_owned(),
        source,
    })
}

impl AnchorInput {
    fn owned(&self) -> Result<Owned, Error> {
        match (&self.head, &self.seal, &self.key) {
            (Some(head), None, None) => Ok(Owned::Head(digest("anchor.head", head)?)),
            (None, Some(seal), Some(key)) => {
                let seal = digest("anchor.seal", seal)?;
                // the key is a secret: its text is never repeated in an error
                let key = key.parse::<Digest>().map_err(|_| {
                    Error::invalid("anchor.key", "the seal key is 64 lowercase hex digits")
                })?;
                Ok(Owned::Seal(seal, SealKey::from_bytes(*key.as_bytes())))
            }
            _ => Err(Error::invalid(
                "anchor",
                "an anchor is `head`, or `seal` with `key`",
            )),
        }
    }
}

/// The record from its JSON value, with the crate's reader (its codes).
fn record_of(value: &serde_json::Value) -> Result<MigrationRecord, Error> {
    Ok(MigrationRecord::from_json(&value.to_string())?)
}

/// The input of `verify-record`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct VerifyRecordRequest {
    /// The record, as the crate writes it (the [`format`](mod@crate::format) page).
    #[cfg_attr(feature = "schema", schemars(with = "MigrationRecord"))]
    pub record: serde_json::Value,
    /// The anchor it must verify under.
    pub anchor: AnchorInput,
}

/// The output of `verify-record`: the record verifies.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct VerifyRecordResponse {
    /// Always true: a record that does not verify is an error.
    pub verified: bool,
    /// The stage the record is in.
    pub stage: StageName,
    /// How many events it holds.
    pub events: usize,
    /// Its head digest.
    pub head: Digest,
}

impl Answer for VerifyRecordResponse {
    fn text(&self) -> String {
        format!(
            "verified: {} events, stage {}, head {}",
            self.events, self.stage, self.head
        )
    }
}

/// `verify-record`: a record checked under its anchor and replayed through the rules
/// ([`MigrationRecord::verify`]).
///
/// # Errors
///
/// [`Error::Record`] when the record does not load ([`LoadError`]) or does not verify
/// ([`ResumeError`](crate::ResumeError): `resume.digest_mismatch`, `resume.unexpected_head`,
/// `resume.bad_seal`, …); [`Error::Digest`] or [`Error::InvalidInput`] for an anchor that
/// does not parse.
pub fn verify_record(r: &VerifyRecordRequest) -> Result<VerifyRecordResponse, Error> {
    let anchor = r.anchor.owned()?;
    let record = record_of(&r.record)?;
    record
        .verify(anchor.anchor())
        .map_err(|e| Error::Record(LoadError::Resume(e)))?;
    Ok(VerifyRecordResponse {
        verified: true,
        stage: record.stage,
        events: record.events.len(),
        head: record.head,
    })
}

/// The input of `summarize-record`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct SummarizeRecordRequest {
    /// The record, as the crate writes it.
    #[cfg_attr(feature = "schema", schemars(with = "MigrationRecord"))]
    pub record: serde_json::Value,
    /// The anchor it must resume under; left out, the record is checked for edits only
    /// ([`AnyMigration::resume_unanchored`]), and the summary says `"anchored": false`.
    #[serde(default)]
    pub anchor: Option<AnchorInput>,
    /// When the summary is made: deadlines and overdue remediations are judged at it.
    #[serde(
        serialize_with = "crate::time_text::serialize",
        deserialize_with = "crate::time_text::deserialize"
    )]
    pub at: DateTime<Utc>,
}

/// The fallback window while it runs ([`FallbackWindow`](crate::FallbackWindow)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct FallbackWindowOutput {
    /// When it opened: the rollout.
    #[serde(serialize_with = "crate::time_text::serialize")]
    pub opens: DateTime<Utc>,
    /// The end of the minimum window.
    #[serde(serialize_with = "crate::time_text::serialize")]
    pub until: DateTime<Utc>,
    /// The end of the recommended window.
    #[serde(serialize_with = "crate::time_text::serialize")]
    pub recommended_until: DateTime<Utc>,
}

/// The output of `summarize-record`: what a loaded migration tells, at `at`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct SummarizeRecordResponse {
    /// The stage.
    pub stage: StageName,
    /// The partner.
    pub partner: PartnerId,
    /// The kind.
    pub kind: MigrationKind,
    /// The mode.
    pub mode: Mode,
    /// The origin version.
    pub origin: Version,
    /// The target version.
    pub target: Version,
    /// The last health band recorded, if any.
    pub band: Option<Band>,
    /// What is due next, and when ([`AnyMigration::next_deadline`]).
    pub next_deadline: Option<Deadline>,
    /// Whether that deadline has passed at `at`.
    pub next_deadline_overdue: bool,
    /// Whether access is restricted.
    pub restricted: bool,
    /// Whether re-validation has not passed by the remediation deadline at `at`.
    pub overdue: bool,
    /// Whether a Vulnerable reading awaits its review.
    pub review_pending: bool,
    /// The fallback window while it runs.
    pub fallback_window: Option<FallbackWindowOutput>,
    /// How many events the record holds.
    pub events: usize,
    /// Its head digest.
    pub head: Digest,
    /// Whether it was checked under an anchor.
    pub anchored: bool,
}

impl Answer for SummarizeRecordResponse {
    fn text(&self) -> String {
        let band = self.band.map_or("no reading".to_owned(), |b| b.to_string());
        let next = self.next_deadline.map_or("nothing due".to_owned(), |d| {
            format!(
                "{} due {}{}",
                d.kind,
                d.due.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
                if self.next_deadline_overdue {
                    " (overdue)"
                } else {
                    ""
                }
            )
        });
        let mut flags = Vec::new();
        if self.restricted {
            flags.push("restricted");
        }
        if self.overdue {
            flags.push("remediation overdue");
        }
        if self.review_pending {
            flags.push("review pending");
        }
        if !self.anchored {
            flags.push("not anchored");
        }
        format!(
            "{} {} {} → {}: {}, {} ({} events)\n  band: {band}\n  next: {next}{}",
            self.partner,
            self.kind,
            self.origin,
            self.target,
            self.stage,
            self.mode,
            self.events,
            if flags.is_empty() {
                String::new()
            } else {
                format!("\n  {}", flags.join(", "))
            }
        )
    }
}

/// `summarize-record`: a record resumed (under its anchor, if given) and read at `at`
/// (the [`AnyMigration`] accessors).
///
/// # Errors
///
/// As [`verify_record`].
pub fn summarize_record(r: &SummarizeRecordRequest) -> Result<SummarizeRecordResponse, Error> {
    let anchor = r.anchor.as_ref().map(AnchorInput::owned).transpose()?;
    let record = record_of(&r.record)?;
    let (mode, events, head) = (record.mode, record.events.len(), record.head);
    let resumed = match &anchor {
        Some(a) => AnyMigration::resume(record, a.anchor()),
        None => AnyMigration::resume_unanchored(record),
    };
    let m = resumed.map_err(|e| Error::Record(LoadError::Resume(e)))?;
    let next_deadline = m.next_deadline(r.at);
    Ok(SummarizeRecordResponse {
        stage: m.stage(),
        partner: m.partner().clone(),
        kind: m.kind(),
        mode,
        origin: m.origin().clone(),
        target: m.target().clone(),
        band: m.last_band(),
        next_deadline,
        next_deadline_overdue: next_deadline.is_some_and(|d| d.is_overdue(r.at)),
        restricted: m.is_restricted(),
        overdue: m.is_overdue(r.at),
        review_pending: m.review_pending(),
        fallback_window: m.fallback_window().map(|w| FallbackWindowOutput {
            opens: w.opens,
            until: w.until,
            recommended_until: w.recommended_until,
        }),
        events,
        head,
        anchored: anchor.is_some(),
    })
}
