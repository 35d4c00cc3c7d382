//! Stored JSON in, a record or a coded error out: the crate's one JSON entry point
//! (`json` feature).
//!
//! Loading runs two passes over the text. The first reads only the shape (one JSON object)
//! and its top-level `"format"`, skipping every other value, so a record of a format this
//! crate does not read is refused as such, whatever fields it holds. The second parses the
//! typed record and names the field that fails by its path in the document.

use core::fmt;

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::error::Category;

use super::record::{Anchor, MigrationRecord, ResumeError, RECORD_FORMAT};
use super::stage::AnyMigration;

/// Why stored JSON did not load as a [`MigrationRecord`] (or, through
/// [`AnyMigration::resume_json`], did not resume).
///
/// Every variant has a stable [`code`](LoadError::code):
///
/// | variant | code |
/// |---|---|
/// | [`UnsupportedFormat`](LoadError::UnsupportedFormat) | `resume.unsupported_format` |
/// | [`MalformedJson`](LoadError::MalformedJson) | `load.malformed_json` |
/// | [`InvalidField`](LoadError::InvalidField) | `load.invalid_field` |
/// | [`Resume`](LoadError::Resume) | the inner [`ResumeError`]'s code |
///
/// The checks run in that order: a text that is not one JSON object is malformed, whatever
/// it holds; an object whose `"format"` is another integer than [`RECORD_FORMAT`] is of an
/// unsupported format, whatever its other fields; only then are the fields read.
///
/// ```
/// use kwanus_migration::{LoadError, MigrationRecord, RECORD_FORMAT};
///
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     let newer = format!(r#"{{"format": {}, "hologram": true}}"#, RECORD_FORMAT + 1);
///     let err = MigrationRecord::from_json(&newer).unwrap_err();
///     assert_eq!(err, LoadError::UnsupportedFormat(RECORD_FORMAT + 1));
///     assert_eq!(err.code(), "resume.unsupported_format");
///
///     let err = MigrationRecord::from_json(r#"{"format": "2"}"#).unwrap_err();
///     assert_eq!(err.code(), "load.invalid_field");
///     assert!(matches!(&err, LoadError::InvalidField { field, .. } if field == "format"));
///     Ok(())
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// The record's `"format"` is an integer, but not the format this crate reads
    /// ([`RECORD_FORMAT`]). Detected before any other field is read, so a record of a newer
    /// format, with fields this crate does not know, is refused with this error.
    #[error("record format {0} is not supported; this crate reads format {RECORD_FORMAT}")]
    UnsupportedFormat(u32),
    /// The text is not one JSON object: a syntax error, the text ends early, trailing
    /// characters, invalid UTF-8, nesting deeper than the parser allows, or well-formed JSON
    /// of another type (an array, a string, a number, `null`).
    #[error("malformed JSON at line {line} column {column}: {message}")]
    MalformedJson {
        /// The line of the error, from 1.
        line: usize,
        /// The column of the error, from 1, in bytes (0 when the text ends on a new line).
        column: usize,
        /// What is wrong, without the position.
        message: String,
    },
    /// The JSON is well formed, but a field is missing, unknown, of the wrong type or holds
    /// a value the crate refuses (a partner id, a version, a time, a digest that does not
    /// parse; an event kind that does not exist).
    #[error("invalid field `{field}`: {message}")]
    InvalidField {
        /// The field, as its path in the document: `format`, `partner`,
        /// `events[0].detail.opened.partner`, `events[2].detail` (for an unknown event
        /// kind). `.` is the record itself.
        field: String,
        /// What is wrong, with the line and column where the parser found it (`format`,
        /// read in a first pass, says only what is wrong).
        message: String,
    },
    /// The record loaded, and [`AnyMigration::resume`] refused it.
    #[error(transparent)]
    Resume(#[from] ResumeError),
}

impl LoadError {
    /// A stable machine-readable code for partner SDKs: `resume.unsupported_format` (the
    /// same as [`ResumeError::UnsupportedFormat`]), `load.malformed_json`,
    /// `load.invalid_field`, or the code of the [`ResumeError`] inside.
    ///
    /// ```
    /// use kwanus_migration::MigrationRecord;
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let err = MigrationRecord::from_json("[]").unwrap_err();
    ///     assert_eq!(err.code(), "load.malformed_json");
    ///     Ok(())
    /// }
    /// ```
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            LoadError::UnsupportedFormat(_) => "resume.unsupported_format",
            LoadError::MalformedJson { .. } => "load.malformed_json",
            LoadError::InvalidField { .. } => "load.invalid_field",
            LoadError::Resume(e) => e.code(),
        }
    }

    /// A parser error, with the path of the value that failed when there is one.
    fn from_json(e: &serde_json::Error, path: Option<&serde_path_to_error::Path>) -> LoadError {
        match e.classify() {
            Category::Data => LoadError::InvalidField {
                field: field_of(path, e),
                message: e.to_string(),
            },
            Category::Syntax | Category::Eof | Category::Io => malformed(e),
        }
    }
}

/// A syntax error: its position, and serde_json's message without it.
fn malformed(e: &serde_json::Error) -> LoadError {
    let full = e.to_string();
    let position = format!(" at line {} column {}", e.line(), e.column());
    let message = full.strip_suffix(&position).unwrap_or(&full).to_owned();
    LoadError::MalformedJson {
        line: e.line(),
        column: e.column(),
        message,
    }
}

/// The path of the field a data error is about. A missing field is reported at the object
/// that lacks it: its name is taken from the message (``missing field `head` ``) and
/// appended.
fn field_of(path: Option<&serde_path_to_error::Path>, e: &serde_json::Error) -> String {
    let mut field = path.map(ToString::to_string).unwrap_or_default();
    if field == "." {
        field.clear();
    }
    let message = e.to_string();
    if let Some(name) = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next())
    {
        if !field.is_empty() {
            field.push('.');
        }
        field.push_str(name);
    }
    if field.is_empty() {
        field.push('.');
    }
    field
}

/// The first pass: the document is one object; its top-level `"format"`, if any, and
/// whether it appears twice. Every other value is skipped unread.
struct Probe {
    format: Option<serde_json::Value>,
    duplicate: bool,
}

impl<'de> Deserialize<'de> for Probe {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(ProbeVisitor)
    }
}

struct ProbeVisitor;

impl<'de> Visitor<'de> for ProbeVisitor {
    type Value = Probe;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a migration record (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Probe, A::Error> {
        let mut probe = Probe {
            format: None,
            duplicate: false,
        };
        while let Some(key) = map.next_key::<String>()? {
            if key == "format" && probe.format.is_none() {
                probe.format = Some(map.next_value()?);
            } else {
                probe.duplicate |= key == "format";
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(probe)
    }
}

/// Loads a record from any of serde_json's readers: the probe, the format, then the typed
/// record.
fn load<'de, R: serde_json::de::Read<'de>>(
    read: impl Fn() -> R,
) -> Result<MigrationRecord, LoadError> {
    // the fast path: one typed pass, no path tracking. It accepts exactly what the passes
    // below accept (one object, `format` once and current, every field valid, nothing
    // after); any failure is read again by them, for the error with its field and code
    let mut de = serde_json::Deserializer::new(read());
    if let Ok(record) = MigrationRecord::deserialize(&mut de) {
        if de.end().is_ok() {
            return Ok(record);
        }
    }
    let mut de = serde_json::Deserializer::new(read());
    // every error of the first pass is about the text or its shape, not about a field:
    // a document that is not an object is refused as malformed
    let probe = Probe::deserialize(&mut de)
        .and_then(|probe| de.end().map(|()| probe))
        .map_err(|e| malformed(&e))?;
    let invalid_format = |message: String| LoadError::InvalidField {
        field: "format".to_owned(),
        message,
    };
    if probe.duplicate {
        return Err(invalid_format("duplicate field `format`".to_owned()));
    }
    let value = probe
        .format
        .ok_or_else(|| invalid_format("missing field `format`".to_owned()))?;
    let format = u32::deserialize(value).map_err(|e| invalid_format(e.to_string()))?;
    if format != RECORD_FORMAT {
        return Err(LoadError::UnsupportedFormat(format));
    }

    let mut de = serde_json::Deserializer::new(read());
    let record: MigrationRecord = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| LoadError::from_json(e.inner(), Some(e.path())))?;
    // the first pass saw the text end after the object; checked again all the same
    de.end().map_err(|e| LoadError::from_json(&e, None))?;
    Ok(record)
}

#[cfg_attr(docsrs, doc(cfg(feature = "json")))]
impl MigrationRecord {
    /// Parses a record from its stored JSON, refusing anything else with a typed, coded
    /// [`LoadError`].
    ///
    /// The one way to read stored JSON: `serde_json::from_str` works too, but its errors are
    /// text without a code. The record is plain data until [`AnyMigration::resume`] checks
    /// it against the service's anchor and replays it ([`AnyMigration::resume_json`] does
    /// both).
    ///
    /// # Errors
    ///
    /// - [`LoadError::MalformedJson`] when the text is not one JSON object (with the line
    ///   and column);
    /// - [`LoadError::UnsupportedFormat`] when its `"format"` is an integer other than
    ///   [`RECORD_FORMAT`], whatever the other fields hold;
    /// - [`LoadError::InvalidField`] when `"format"` is missing or not a `u32`, or any field
    ///   is missing, unknown, of the wrong type or refused (with its path). The reading is
    ///   as strict as the [`format`](crate::format) page: a time outside its grammar
    ///   (lowercase `t` or `z`, a space for `T`, `+0000`, `-00:00`, more than 9 fraction
    ///   digits, second 60 anywhere but 23:59:60 UTC, …), a permission array out of the
    ///   set's order or repeating an entry, and a missing key whose value would be `null`
    ///   are all refused.
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
    ///     let json = record.to_json()?;
    ///     assert_eq!(MigrationRecord::from_json(&json)?, record);
    ///
    ///     // a record of another format is refused before its fields are read
    ///     let future = format!(r#"{{"format": {}, "stage": "orbit", "quantum": [1, 2]}}"#, RECORD_FORMAT + 1);
    ///     let err = MigrationRecord::from_json(&future).unwrap_err();
    ///     assert_eq!(err.code(), "resume.unsupported_format");
    ///
    ///     // text cut short: where the parser stopped
    ///     let err = MigrationRecord::from_json("{\n  \"stage\": \"prep").unwrap_err();
    ///     assert_eq!(err.code(), "load.malformed_json");
    ///     assert!(matches!(err, LoadError::MalformedJson { line: 2, column: 16, .. }));
    ///     assert_eq!(err.to_string(), "malformed JSON at line 2 column 16: EOF while parsing a string");
    ///
    ///     // a field the crate refuses: named by its path
    ///     let bad = json.replacen("\"partner\":\"acme-billing\"", "\"partner\":\"Acme Billing\"", 1);
    ///     let err = MigrationRecord::from_json(&bad).unwrap_err();
    ///     assert!(matches!(&err, LoadError::InvalidField { field, .. } if field == "partner"));
    ///     Ok(())
    /// }
    /// ```
    pub fn from_json(text: &str) -> Result<MigrationRecord, LoadError> {
        load(|| serde_json::de::StrRead::new(text))
    }

    /// As [`MigrationRecord::from_json`], from bytes (a database column, a request body).
    /// Bytes that are not UTF-8 are malformed JSON.
    ///
    /// # Errors
    ///
    /// As [`MigrationRecord::from_json`].
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
    ///     let bytes = record.to_json()?.into_bytes();
    ///     assert_eq!(MigrationRecord::from_json_slice(&bytes)?, record);
    ///
    ///     let err = MigrationRecord::from_json_slice(b"{\"format\": \xff}").unwrap_err();
    ///     assert_eq!(err.code(), "load.malformed_json");
    ///     Ok(())
    /// }
    /// ```
    pub fn from_json_slice(bytes: &[u8]) -> Result<MigrationRecord, LoadError> {
        load(|| serde_json::de::SliceRead::new(bytes))
    }

    /// The record as compact JSON: the same bytes as `serde_json::to_string`, which
    /// [`MigrationRecord::from_json`] reads back to an equal record (and which writes the
    /// same bytes again).
    ///
    /// # Errors
    ///
    /// None for a record holding the crate's types: every value in one is a string, an
    /// integer, a boolean, `null`, an array or an object with string keys. Should a future
    /// field hold a value JSON cannot carry, the error is [`LoadError::InvalidField`]
    /// rather than a panic.
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
    ///     let json = m.into_record().to_json()?;
    ///     assert!(json.starts_with(r#"{"format":"#));
    ///     assert_eq!(MigrationRecord::from_json(&json)?.to_json()?, json);
    ///     Ok(())
    /// }
    /// ```
    pub fn to_json(&self) -> Result<String, LoadError> {
        serde_json::to_string(self).map_err(|e| LoadError::InvalidField {
            field: ".".to_owned(),
            message: e.to_string(),
        })
    }
}

#[cfg_attr(docsrs, doc(cfg(feature = "json")))]
impl AnyMigration {
    /// Loads a record from its stored JSON ([`MigrationRecord::from_json`]) and resumes it
    /// under `anchor` ([`AnyMigration::resume`]): stored text to a migration, every failure
    /// on the way a [`LoadError`] with a code.
    ///
    /// # Errors
    ///
    /// The errors of [`MigrationRecord::from_json`], and [`LoadError::Resume`] holding the
    /// [`ResumeError`] of [`AnyMigration::resume`] (the anchor does not match, an event
    /// breaks the rules, …).
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
    ///     let (json, stored_head) = (record.to_json()?, record.head);
    ///
    ///     let any = AnyMigration::resume_json(&json, Anchor::Head(stored_head))?;
    ///     let typed = Migration::<Detection>::try_from(any)?;
    ///     assert_eq!(typed.lineage().len(), 1);
    ///
    ///     let err = AnyMigration::resume_json(&json, Anchor::Head(Digest::GENESIS)).unwrap_err();
    ///     assert_eq!(err.code(), "resume.unexpected_head");
    ///     Ok(())
    /// }
    /// ```
    pub fn resume_json(text: &str, anchor: Anchor<'_>) -> Result<AnyMigration, LoadError> {
        let record = MigrationRecord::from_json(text)?;
        Ok(AnyMigration::resume(record, anchor)?)
    }
}
