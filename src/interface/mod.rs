//! One JSON interface over the plain functions, for every door to other languages: the
//! `kwanus` command-line tool, and the packages for Node (WebAssembly) and Python wrap
//! [`call`], string in, string out, and hold no logic of their own.
//!
//! # The envelope
//!
//! [`call`] takes an operation's name and its input as JSON text, and returns JSON text,
//! always one of two shapes:
//!
//! - `{"ok": <output>}`: the operation ran; the output is the operation's (below). A refusal
//!   the operation computes (a grant outside its boundary, a failed validation) is an
//!   output, not an error: `{"ok": {"allowed": false, "violations": […]}}`.
//! - `{"error": {"code": "…", "message": "…"}}`: the operation could not run on this input,
//!   or (`verify-record`, `summarize-record`) the record is refused. The code is the crate's
//!   stable code ([`Coded`](crate::Coded), the table on [`Coded`](crate::Coded)); the
//!   message is for a person and may change.
//!
//! Nothing panics on any input: text that is not JSON is `interface.malformed_json`, JSON of
//! the wrong shape (an unknown or missing field, a value of the wrong type) is
//! `interface.invalid_input` with the field's path in the message, an unknown operation is
//! `interface.unknown_operation`, and a value the crate refuses keeps the crate's own code (a
//! permission without a verb is `permission.missing_colon`, a health value of 200
//! `health.out_of_range`, a tampered record `resume.digest_mismatch`).
//!
//! All time comes in the input (`at`, RFC 3339 as the [`format`](mod@crate::format) page
//! reads it), never from a clock: the same input gives the same output, in every language.
//!
//! Unknown fields are refused everywhere. Optional fields may be left out; a `policy`,
//! where an operation takes one, is the [`Policy`](crate::Policy) as JSON (every key
//! optional, the seeds' numbers by default; `schema/policy.json`). A permission is its text
//! (`"write:orders/eu/*"`), a grant a list of them, in any order.
//!
//! # Operations
//!
//! | operation | input | output (`ok`) | refused when |
//! |---|---|---|---|
//! | `check-permissions` | `current`, `proposed`, `ceiling` (grants), optional `deny`, `purpose` (`"migration"`, the default, or `"fallback"`), `kind` (a [`MigrationKind`](crate::MigrationKind), required for a migration), `approvals` (governance bodies), `catalog` | `allowed`, `violations` (each `kind`, `code`, `permission`, `counterexample` `{verb, resource}` or `null`, `message`) | `allowed` is false |
//! | `diff-grants` | `old`, `new` (grants) | `changes` (each `{"change": "added" \| "removed", "permission"}` or `{"change": "widened" \| "narrowed", "from", "to"}`) | never |
//! | `diff-contracts` | `old`, `new` ([contracts](crate::rules::Contract)), optional `policy` | `changes`, `compatibility`, `required_bump` (the largest any change needs), `version_bump` (from `old` to `new`) | never |
//! | `check-release` | `old`, `new`, `at`, optional `policy` | `passed`, `findings`, `changes`, `required_bump`, `version_bump` | a finding of level error |
//! | `validate` | `kind`, `mode`, `triggers`, `version`, `at` and the evidence of [`ValidationInput`](crate::rules::ValidationInput) (`contracts` `{old, new}`, `os_version` and `matrix`, `runtimes`, `supported_runtimes`, `grants`, `ceiling`, `approvals`, `documents`, `fallback`, `catalog`, `attestations`, `rollout`, `released_at`), optional `policy` | `passed`, `failed` (dimensions), `report` (the [`ValidationReport`](crate::ValidationReport), `schema/validation_report.json`) | a dimension failed or unverified |
//! | `score-health` | `inputs` (the four components, each 0–100 or left out) or `monitoring` (raw figures), optional `policy` | the [`HealthReport`](crate::HealthReport) (`schema/health_report.json`) | never |
//! | `verify-record` | `record` (a [`MigrationRecord`](crate::MigrationRecord) as JSON), `anchor` (`{"head": hex}` or `{"seal": hex, "key": hex}`) | `verified` (true), `stage`, `events`, `head` | the record does not verify (an error with its code) |
//! | `summarize-record` | `record`, `at`, optional `anchor` (without one the record is checked for edits only) | `stage`, `partner`, `kind`, `mode`, `origin`, `target`, `band`, `next_deadline` `{kind, due}`, `next_deadline_overdue`, `restricted`, `overdue`, `review_pending`, `fallback_window`, `events`, `head`, `anchored` | the record does not resume (an error with its code) |
//!
//! Each input and output is covered by a JSON Schema (draft 2020-12) under
//! `schema/interface/` in the crate's repository (`<operation>.input.json`,
//! `<operation>.output.json`, the output schema holding both envelopes), generated from the
//! types below with the `schema` feature ([`crate::schema::interface`]).
//!
//! # Example
//!
//! ```
//! use kwanus_migration::interface;
//!
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     let out = interface::call("check-permissions", r#"{
//!         "current": ["read:orders/eu/*"],
//!         "proposed": ["read:orders/eu/*", "write:orders/eu/*"],
//!         "ceiling": ["read:orders/*", "write:orders/eu/*"],
//!         "kind": "permission_expansion"
//!     }"#);
//!     let out: serde_json::Value = serde_json::from_str(&out)?;
//!     assert_eq!(out["ok"]["allowed"], false);
//!     assert_eq!(out["ok"]["violations"][0]["code"], "permission.expansion_without_sco");
//!
//!     let out = interface::call("check-permissions", r#"{"current": ["orders/*"], "proposed": [], "ceiling": [], "kind": "api_version"}"#);
//!     assert_eq!(out, r#"{"error":{"code":"permission.missing_colon","message":"current[0]: permission \"orders/*\" has no ':' between verb and resource"}}"#);
//!     Ok(())
//! }
//! ```
//!
//! A Rust caller can skip the JSON and call the typed functions ([`check_permissions`], …)
//! with the request structs, or better, the plain functions they wrap.

mod error;
mod health;
mod ops;
mod record;

use serde::de::DeserializeOwned;
use serde::Serialize;

pub use self::error::{Error, ErrorBody};
pub use self::health::{score_health, HealthInputsInput, MonitoringInput, ScoreHealthRequest};
pub use self::ops::{
    check_permissions, check_release, diff_contracts, diff_grants, validate,
    CheckPermissionsRequest, CheckPermissionsResponse, CheckReleaseRequest, CheckReleaseResponse,
    ContractInput, ContractsInput, DiffContractsRequest, DiffContractsResponse, DiffGrantsRequest,
    DiffGrantsResponse, FallbackInput, GrantsInput, Purpose, ValidateRequest, ValidateResponse,
    ViolationOutput,
};
pub use self::record::{
    summarize_record, verify_record, AnchorInput, FallbackWindowOutput, SummarizeRecordRequest,
    SummarizeRecordResponse, VerifyRecordRequest, VerifyRecordResponse,
};

vocabulary! {
    /// An operation of the interface, by the name [`call`] and the CLI's subcommands use.
    pub enum Operation: Display {
        /// [`check_permissions`].
        CheckPermissions = "check-permissions",
        /// [`diff_grants`].
        DiffGrants = "diff-grants",
        /// [`diff_contracts`].
        DiffContracts = "diff-contracts",
        /// [`check_release`].
        CheckRelease = "check-release",
        /// [`validate`].
        Validate = "validate",
        /// [`score_health`].
        ScoreHealth = "score-health",
        /// [`verify_record`].
        VerifyRecord = "verify-record",
        /// [`summarize_record`].
        SummarizeRecord = "summarize-record",
    }
}

impl Operation {
    /// The operation named `name` (`"check-permissions"`), if there is one.
    ///
    /// ```
    /// use kwanus_migration::interface::Operation;
    ///
    /// fn main() {
    ///     assert_eq!(Operation::from_name("validate"), Some(Operation::Validate));
    ///     assert_eq!(Operation::from_name("Validate"), None);
    /// }
    /// ```
    #[must_use]
    pub fn from_name(name: &str) -> Option<Operation> {
        Operation::ALL.into_iter().find(|o| o.as_str() == name)
    }
}

/// What an answer means for a caller that must decide (the CLI's exit code).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Status {
    /// The operation ran and nothing was refused: allowed, passed, or a plain answer (a
    /// diff, a health report, a summary).
    Accepted,
    /// The operation ran and refused: violations, a failed release check or validation, a
    /// record that does not verify or resume.
    Refused,
    /// The input could not be read: malformed JSON, an invalid shape, an unknown operation,
    /// a value the crate refuses.
    BadInput,
}

impl Status {
    /// The exit code the `kwanus` CLI gives: 0, 1 and 2.
    #[must_use]
    pub const fn exit_code(self) -> u8 {
        match self {
            Status::Accepted => 0,
            Status::Refused => 1,
            Status::BadInput => 2,
        }
    }
}

/// A full answer: the JSON [`call`] returns, a short summary for a person, its [`Status`]
/// and the codes behind a refusal or an error.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Reply {
    /// What the answer means.
    pub status: Status,
    /// The JSON envelope, as [`call`] returns it.
    pub json: String,
    /// A short summary for a person (the CLI's `--format text`).
    pub text: String,
    /// The error's code; or for a refusal the codes of what refused it (violation codes,
    /// lint ids, dimensions); empty when accepted.
    pub codes: Vec<String>,
}

/// The one entry point: runs `operation` on `input` (JSON text) and returns JSON text, `{"ok":
/// …}` or `{"error": {"code", "message"}}` (see the [module docs](self)). Never panics.
///
/// ```
/// use kwanus_migration::interface::call;
///
/// fn main() {
///     let out = call("score-health", r#"{"inputs": {"stability": 200}}"#);
///     assert!(out.starts_with(r#"{"error":{"code":"health.out_of_range""#));
///     assert!(call("nope", "{}").contains("interface.unknown_operation"));
///     assert!(call("validate", "{").contains("interface.malformed_json"));
/// }
/// ```
#[must_use]
pub fn call(operation: &str, input: &str) -> String {
    respond(operation, input).json
}

/// [`call`], with the [`Status`], a summary for a person and the codes: what the CLI needs
/// to print and to pick its exit code.
///
/// ```
/// use kwanus_migration::interface::{respond, Status};
///
/// fn main() {
///     let reply = respond("diff-grants", r#"{"old": ["read:a/*"], "new": ["read:a/b/*"]}"#);
///     assert_eq!(reply.status, Status::Accepted);
///     assert_eq!(reply.text, "1 change\n  ▼ read:a/* → read:a/b/*");
/// }
/// ```
#[must_use]
pub fn respond(operation: &str, input: &str) -> Reply {
    let Some(op) = Operation::from_name(operation) else {
        return error_reply(&Error::UnknownOperation {
            operation: operation.chars().take(64).collect(),
        });
    };
    match op {
        Operation::CheckPermissions => run(input, |r| check_permissions(&r)),
        Operation::DiffGrants => run(input, |r| diff_grants(&r)),
        Operation::DiffContracts => run(input, |r| diff_contracts(&r)),
        Operation::CheckRelease => run(input, |r| check_release(&r)),
        Operation::Validate => run(input, |r| validate(&r)),
        Operation::ScoreHealth => run(input, |r| score_health(&r)),
        Operation::VerifyRecord => run(input, |r| verify_record(&r)),
        Operation::SummarizeRecord => run(input, |r| summarize_record(&r)),
    }
}

/// What an operation's output says beyond its JSON: for [`Reply`].
trait Answer: Serialize {
    /// The codes of what refused it; empty when it is accepted.
    fn refusals(&self) -> Vec<String> {
        Vec::new()
    }
    /// A short summary for a person.
    fn text(&self) -> String;
}

/// The success envelope, borrowed.
#[derive(Serialize)]
struct OkEnvelope<'a, T> {
    ok: &'a T,
}

fn run<Req, Res>(input: &str, op: impl FnOnce(Req) -> Result<Res, Error>) -> Reply
where
    Req: DeserializeOwned,
    Res: Answer,
{
    match parse::<Req>(input).and_then(op) {
        Ok(out) => match serde_json::to_string(&OkEnvelope { ok: &out }) {
            Ok(json) => {
                let codes = out.refusals();
                Reply {
                    status: if codes.is_empty() {
                        Status::Accepted
                    } else {
                        Status::Refused
                    },
                    json,
                    text: out.text(),
                    codes,
                }
            }
            Err(e) => error_reply(&Error::Internal {
                message: e.to_string(),
            }),
        },
        Err(e) => error_reply(&e),
    }
}

fn error_reply(e: &Error) -> Reply {
    let body = ErrorBody {
        code: e.code().to_owned(),
        message: e.to_string(),
    };
    let json = serde_json::to_string(&error::Envelope { error: &body }).unwrap_or_else(|_| {
        // a string and a code always serialize; this is never taken
        r#"{"error":{"code":"interface.internal","message":"the error could not be written"}}"#
            .to_owned()
    });
    Reply {
        status: if e.is_refusal() {
            Status::Refused
        } else {
            Status::BadInput
        },
        json,
        text: format!("error [{}]: {}", body.code, body.message),
        codes: vec![body.code],
    }
}

/// Reads `input` as a `T`: text that is not one JSON value is malformed, whatever it holds;
/// then the typed reading names the field that fails.
fn parse<T: DeserializeOwned>(input: &str) -> Result<T, Error> {
    serde_json::from_str::<serde::de::IgnoredAny>(input).map_err(|e| Error::malformed(&e))?;
    let mut de = serde_json::Deserializer::from_str(input);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let mut field = e.path().to_string();
        let inner = e.into_inner();
        let message = inner.to_string();
        if let Some(name) = message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next())
        {
            field = if field == "." {
                name.to_owned()
            } else {
                format!("{field}.{name}")
            };
        }
        Error::InvalidInput { field, message }
    })?;
    Ok(value)
}
