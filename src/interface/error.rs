//! Why the interface answered with an error, and the error envelope.

use crate::flow::digest::DigestParseError;
use crate::flow::LoadError;
use crate::health::HealthError;
use crate::permission::ParseError;
use crate::policy::PolicyError;

/// Why an operation of the [interface](super) could not run, or refused a record. Every
/// variant has a stable [`code`](Error::code): the interface's own four, or the code of the
/// crate's error inside.
///
/// ```
/// use kwanus_migration::interface::Error;
///
/// fn main() {
///     let e = Error::UnknownOperation { operation: "check".into() };
///     assert_eq!(e.code(), "interface.unknown_operation");
/// }
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input is not one JSON value: a syntax error, text ending early, trailing
    /// characters, nesting deeper than the parser allows.
    #[error("malformed JSON at line {line} column {column}: {message}")]
    MalformedJson {
        /// The line of the error, from 1.
        line: usize,
        /// The column of the error, from 1.
        column: usize,
        /// What is wrong, without the position.
        message: String,
    },
    /// The JSON is well formed but not the operation's input: a field missing, unknown or of
    /// the wrong type, a value that does not parse, a combination the operation refuses.
    #[error("invalid input at `{field}`: {message}")]
    InvalidInput {
        /// The field, as its path in the input (`grants.current[2]`; `.` for the input
        /// itself).
        field: String,
        /// What is wrong.
        message: String,
    },
    /// No operation has this name.
    #[error("unknown operation {operation:?}; the operations are {}", super::Operation::ALL.map(|o| o.as_str()).join(", "))]
    UnknownOperation {
        /// The name given (its first 64 characters).
        operation: String,
    },
    /// A permission of the input does not parse.
    #[error("{field}: {source}")]
    Permission {
        /// Where it is (`proposed[1]`).
        field: String,
        /// Why.
        #[source]
        source: ParseError,
    },
    /// A digest of the input (an anchor's head or seal) does not parse.
    #[error("{field}: {source}")]
    Digest {
        /// Where it is (`anchor.head`).
        field: String,
        /// Why.
        #[source]
        source: DigestParseError,
    },
    /// Health figures the scorer refuses.
    #[error(transparent)]
    Health(#[from] HealthError),
    /// A policy that does not hold together.
    #[error("policy: {0}")]
    Policy(#[from] PolicyError),
    /// The record did not load or does not verify: refused, not bad input.
    #[error("record: {0}")]
    Record(#[from] LoadError),
    /// An output JSON cannot carry: a bug.
    #[error("the output could not be written: {message}")]
    Internal {
        /// What serde_json said.
        message: String,
    },
}

impl Error {
    /// A stable machine-readable code: `interface.malformed_json`,
    /// `interface.invalid_input`, `interface.unknown_operation`, `interface.internal`, or
    /// the code of the crate's error inside (`permission.missing_colon`,
    /// `health.out_of_range`, `resume.digest_mismatch`, …).
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            Error::MalformedJson { .. } => "interface.malformed_json",
            Error::InvalidInput { .. } => "interface.invalid_input",
            Error::UnknownOperation { .. } => "interface.unknown_operation",
            Error::Permission { source, .. } => source.code(),
            Error::Digest { source, .. } => source.code(),
            Error::Health(e) => e.code(),
            Error::Policy(e) => e.code(),
            Error::Record(e) => e.code(),
            Error::Internal { .. } => "interface.internal",
        }
    }

    /// Whether the error is a refusal of what the input holds (a record that does not
    /// load, verify or resume) rather than input the operation cannot read.
    #[must_use]
    pub const fn is_refusal(&self) -> bool {
        matches!(self, Error::Record(_))
    }

    pub(super) fn malformed(e: &serde_json::Error) -> Error {
        let full = e.to_string();
        let position = format!(" at line {} column {}", e.line(), e.column());
        Error::MalformedJson {
            line: e.line(),
            column: e.column(),
            message: full.strip_suffix(&position).unwrap_or(&full).to_owned(),
        }
    }

    pub(super) fn invalid(field: impl Into<String>, message: impl Into<String>) -> Error {
        Error::InvalidInput {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// The body of the error envelope: `{"error": {"code": …, "message": …}}`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ErrorBody {
    /// The stable code.
    pub code: String,
    /// What is wrong, for a person.
    pub message: String,
}

impl From<&Error> for ErrorBody {
    /// The body of `error`'s envelope: its [`Error::code`] and its message.
    ///
    /// ```
    /// use kwanus_migration::interface::{Error, ErrorBody};
    ///
    /// fn main() {
    ///     let error = Error::InvalidInput { field: ".".to_owned(), message: "not a string".to_owned() };
    ///     let body = ErrorBody::from(&error);
    ///     assert_eq!(body.code, "interface.invalid_input");
    ///     assert_eq!(body.message, error.to_string());
    /// }
    /// ```
    fn from(error: &Error) -> ErrorBody {
        ErrorBody {
            code: error.code().to_owned(),
            message: error.to_string(),
        }
    }
}

/// The error envelope, borrowed.
#[derive(serde::Serialize)]
pub(super) struct Envelope<'a> {
    pub(super) error: &'a ErrorBody,
}
