//! JSON Schemas (draft 2020-12) of the crate's JSON: the record, the policy, the validation
//! report and the health report.
//!
//! Each function generates its schema from the Rust types with
//! [`schemars`](https://docs.rs/schemars) (a public dependency of this feature: the functions
//! return a [`schemars::Schema`], which serializes with `serde_json`). The crate's repository
//! commits them under `schema/`, where a test checks that they are up to date and that every
//! test vector and every record and report the crate writes validates against them:
//!
//! | function | file | what it describes |
//! |---|---|---|
//! | [`record`] | `schema/migration_record.json` | a [`MigrationRecord`] as the crate writes it: the [format](mod@crate::format) page's §1–§4 |
//! | [`policy`] | `schema/policy.json` | a [`Policy`] as the crate reads it: every key optional, with its seed default |
//! | [`validation_report`] | `schema/validation_report.json` | a [`ValidationReport`] as the crate writes it: the six dimensions' results |
//! | [`health_report`] | `schema/health_report.json` | a [`HealthReport`] as the crate writes it |
//!
//! A schema checks the shape of a document: its keys (unknown keys are refused wherever the
//! format page refuses them), the names of §4 of the format page, the forms of §1 (a digest, a
//! partner, a version, a score in hundredths from 0 to 10,000, integers where the format has
//! no fraction). It cannot check what ties the values together: the digests' chain, the
//! header against the `opened` event, the order of events, sorted lists, the rules of a
//! policy (a recommended window no shorter than the minimum, …). For a record,
//! [`AnyMigration::resume`](crate::AnyMigration::resume) checks all of it; for a policy,
//! deserializing does.
//!
//! A time is given by its form as the crate writes it ([`TIME_PATTERN`]: RFC 3339 in UTC with
//! `Z`, fractions of 3, 6 or 9 digits, a leap second `60`, years outside 0000–9999 with a
//! sign), not by `"format": "date-time"`, which such a year does not meet. The crate also
//! reads the other spellings of the format page's time grammar (a numeric offset, 1 to 9
//! fraction digits) and refuses every spelling outside it: the schema, like a strict
//! verifier, asks for the canonical one.
//!
//! The types' doc comments are written for Rust readers, so they stay out of the schemas:
//! a schema changes only when the JSON does.
//!
//! ```
//! use kwanus_migration::schema;
//!
//! fn main() {
//!     let record = schema::record();
//!     assert_eq!(record.get("title").and_then(|t| t.as_str()), Some("MigrationRecord"));
//!     for (file, schema) in schema::all() {
//!         assert!(file.ends_with(".json") && schema.as_object().is_some());
//!     }
//! }
//! ```
//!
//! [`MigrationRecord`]: crate::MigrationRecord
//! [`Policy`]: crate::Policy
//! [`ValidationReport`]: crate::ValidationReport
//! [`HealthReport`]: crate::HealthReport

use std::borrow::Cow;

use schemars::generate::{Contract, SchemaSettings};
use schemars::transform::transform_subschemas;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};

use crate::flow::digest::Digest;
use crate::flow::record::MigrationRecord;
use crate::health::HealthReport;
use crate::permission::Permission;
use crate::policy::Policy;
use crate::report::ValidationReport;

/// The form of a digest (format page §1): 64 lowercase hex digits.
pub const DIGEST_PATTERN: &str = "^[0-9a-f]{64}$";

pub use crate::partner::PARTNER_PATTERN;

/// The form of a time as the crate writes it (format page §1): RFC 3339 in UTC with `Z`,
/// second `60` only at 23:59 (a leap second), a fraction of 3, 6 or 9 digits, a year above
/// 9999 written `+` and its digits (no leading zero), a year before 0000 `-` and at least 4
/// digits (`-0000` is no year).
pub const TIME_PATTERN: &str =
    "^([0-9]{4}|[+][1-9][0-9]{4,}|-(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3,}))\
    -(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])\
    T(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]|23:59:60)([.]([0-9]{3}|[0-9]{6}|[0-9]{9}))?Z$";

/// The form of a permission as the crate writes it: `verb:resource/pattern`, the verb `*` or
/// lowercase ASCII letters, digits, `-`, `_` and `.`; each segment of the resource `*` or
/// ASCII letters, digits, `-`, `_` and `.`.
pub const PERMISSION_PATTERN: &str =
    r"^(\*|[a-z0-9._-]+):(\*|[A-Za-z0-9._-]+)(/(\*|[A-Za-z0-9._-]+))*$";

/// The schema of a [`MigrationRecord`] as the crate writes it (every key present, `null`
/// where a value is absent), committed as `schema/migration_record.json`.
#[must_use]
pub fn record() -> Schema {
    root::<MigrationRecord>(
        Contract::Serialize,
        "A migration record of format 3, as kwanus-migration writes it: every key present, \
         unknown keys refused. The specification is the crate's `format` page.",
    )
}

/// The schema of a [`Policy`] as the crate reads it (every key optional, with its seed
/// default, unknown keys refused), committed as `schema/policy.json`. What the crate writes
/// (every key) validates against it too.
#[must_use]
pub fn policy() -> Schema {
    root::<Policy>(
        Contract::Deserialize,
        "A kwanus-migration policy, as the crate reads it: every key optional, a key left out \
         takes its default (the seeds' number), unknown keys refused. Reading it also checks \
         the fields against each other (see `Policy` in the crate's documentation).",
    )
}

/// The schema of a [`ValidationReport`] as the crate writes it (the six dimensions' results
/// in dimension order; a report is never read), committed as
/// `schema/validation_report.json`.
#[must_use]
pub fn validation_report() -> Schema {
    let mut schema = root::<ValidationReport>(
        Contract::Serialize,
        "A kwanus-migration validation report, as the crate writes it: the result of each of \
         the six dimensions, in dimension order.",
    );
    schema.insert("minItems".into(), 6.into());
    schema.insert("maxItems".into(), 6.into());
    schema
}

/// The schema of a [`HealthReport`] as the crate writes it (a report is never read),
/// committed as `schema/health_report.json`.
#[must_use]
pub fn health_report() -> Schema {
    root::<HealthReport>(
        Contract::Serialize,
        "A kwanus-migration health report, as the crate writes it: the score (0-100), its band \
         and action, and the breakdown by component.",
    )
}

/// Every schema with the name of the file the crate's repository commits it under, in
/// `schema/`.
#[must_use]
pub fn all() -> [(&'static str, Schema); 4] {
    [
        ("migration_record.json", record()),
        ("policy.json", policy()),
        ("validation_report.json", validation_report()),
        ("health_report.json", health_report()),
    ]
}

/// The schemas of the [`interface`](crate::interface) (feature `interface`): for each
/// operation its input (`<operation>.input.json`, as the interface reads it) and its output
/// (`<operation>.output.json`: `{"ok": …}` or `{"error": {"code", "message"}}`), each with
/// the name of the file the crate's repository commits it under, in `schema/interface/`.
///
/// ```
/// use kwanus_migration::{interface::Operation, schema};
///
/// fn main() {
///     let schemas = schema::interface();
///     assert_eq!(schemas.len(), 2 * Operation::ALL.len());
///     assert_eq!(schemas[0].0, "check-permissions.input.json");
/// }
/// ```
#[cfg(feature = "interface")]
#[cfg_attr(docsrs, doc(cfg(feature = "interface")))]
#[must_use]
pub fn interface() -> Vec<(String, Schema)> {
    use crate::interface::{self as i, Operation};

    /// The envelope of an output.
    #[derive(JsonSchema)]
    #[schemars(rename_all = "snake_case", deny_unknown_fields)]
    #[allow(dead_code)]
    enum Envelope<T> {
        Ok(T),
        Error(i::ErrorBody),
    }

    fn pair<I: JsonSchema, O: JsonSchema>(op: Operation) -> [(String, Schema); 2] {
        let input = root::<I>(
            Contract::Deserialize,
            &format!(
                "The input of the kwanus-migration interface's `{op}` operation \
                 (`interface::call(\"{op}\", input)`, `kwanus {op}`): unknown keys refused."
            ),
        );
        let output = root::<Envelope<O>>(
            Contract::Serialize,
            &format!(
                "The output of the kwanus-migration interface's `{op}` operation: \
                 `{{\"ok\": …}}`, or `{{\"error\": {{\"code\", \"message\"}}}}` with the crate's \
                 stable code."
            ),
        );
        [
            (format!("{op}.input.json"), input),
            (format!("{op}.output.json"), output),
        ]
    }

    Operation::ALL
        .into_iter()
        .flat_map(|op| match op {
            Operation::CheckPermissions => {
                pair::<i::CheckPermissionsRequest, i::CheckPermissionsResponse>(op)
            }
            Operation::DiffGrants => pair::<i::DiffGrantsRequest, i::DiffGrantsResponse>(op),
            Operation::DiffContracts => {
                pair::<i::DiffContractsRequest, i::DiffContractsResponse>(op)
            }
            Operation::CheckRelease => pair::<i::CheckReleaseRequest, i::CheckReleaseResponse>(op),
            Operation::Validate => pair::<i::ValidateRequest, i::ValidateResponse>(op),
            Operation::ScoreHealth => pair::<i::ScoreHealthRequest, HealthReport>(op),
            Operation::VerifyRecord => pair::<i::VerifyRecordRequest, i::VerifyRecordResponse>(op),
            Operation::SummarizeRecord => {
                pair::<i::SummarizeRecordRequest, i::SummarizeRecordResponse>(op)
            }
        })
        .collect()
}

/// The root schema of `T` under `contract`, described by `description`, [`tidy`].
fn root<T: JsonSchema>(contract: Contract, description: &str) -> Schema {
    let mut settings = SchemaSettings::draft2020_12().with_transform(tidy);
    settings.contract = contract;
    let mut schema = SchemaGenerator::new(settings).into_root_schema_for::<T>();
    schema.insert("description".into(), description.into());
    if schema.as_value().to_string().contains(TIME_REF) {
        let time = json_schema!({ "type": "string", "pattern": TIME_PATTERN });
        if let Some(defs) = schema.get_mut("$defs").and_then(|d| d.as_object_mut()) {
            defs.insert("Time".into(), time.to_value());
        }
    }
    schema
}

/// Where a time's schema is, in a root schema that holds one.
const TIME_REF: &str = "#/$defs/Time";

/// In the schema and its subschemas: removes every `description` (the types' doc comments),
/// makes a `oneOf` of string constants left bare by it an `enum` of them, and makes a time
/// (`"format": "date-time"`) a reference to `$defs/Time`, of [`TIME_PATTERN`].
fn tidy(schema: &mut Schema) {
    schema.remove("description");
    transform_subschemas(&mut tidy, schema);
    if schema.get("format").and_then(|f| f.as_str()) == Some("date-time") {
        let nullable = schema
            .get("type")
            .and_then(|t| t.as_array())
            .is_some_and(|t| t.iter().any(|t| t == "null"));
        schema.remove("format");
        schema.remove("type");
        schema.remove("pattern");
        if nullable {
            let options = [
                json_schema!({ "$ref": TIME_REF }),
                json_schema!({ "type": "null" }),
            ];
            let options: Vec<_> = options.into_iter().map(Schema::to_value).collect();
            schema.insert("anyOf".into(), options.into());
        } else {
            schema.insert("$ref".into(), TIME_REF.into());
        }
    }
    let names: Option<Vec<_>> = schema
        .get("oneOf")
        .and_then(|one_of| one_of.as_array())
        .and_then(|options| {
            options
                .iter()
                .map(|o| match o.as_object() {
                    Some(o) if o.len() == 2 && o.get("type")? == "string" => {
                        o.get("const").filter(|c| c.is_string()).cloned()
                    }
                    _ => None,
                })
                .collect()
        });
    if let Some(names) = names {
        schema.remove("oneOf");
        schema.insert("type".into(), "string".into());
        schema.insert("enum".into(), names.into());
    }
}

impl JsonSchema for Digest {
    fn schema_name() -> Cow<'static, str> {
        "Digest".into()
    }

    fn schema_id() -> Cow<'static, str> {
        "kwanus_migration::Digest".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": DIGEST_PATTERN,
        })
    }
}

impl JsonSchema for Permission {
    fn schema_name() -> Cow<'static, str> {
        "Permission".into()
    }

    fn schema_id() -> Cow<'static, str> {
        "kwanus_migration::permission::Permission".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": PERMISSION_PATTERN,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tidied(value: serde_json::Value) -> serde_json::Value {
        let mut schema = Schema::try_from(value).expect("an object is a schema");
        tidy(&mut schema);
        schema.to_value()
    }

    #[test]
    fn a_one_of_bare_string_constants_becomes_an_enum() {
        let schema = serde_json::json!({ "oneOf": [
            { "type": "string", "const": "a", "description": "the first" },
            { "type": "string", "const": "b" },
        ]});
        assert_eq!(
            tidied(schema),
            serde_json::json!({ "type": "string", "enum": ["a", "b"] })
        );
    }

    #[test]
    fn a_one_of_keeps_options_that_say_more_than_a_string_constant() {
        // each option below carries something an enum of names would lose
        for option in [
            serde_json::json!({ "type": "string", "const": "b", "deprecated": true }),
            serde_json::json!({ "type": "integer", "const": 2 }),
            serde_json::json!({ "type": "string", "const": 2 }),
            serde_json::json!({ "type": "string", "pattern": "b" }),
            serde_json::json!({ "const": "b", "title": "B" }),
        ] {
            let schema = serde_json::json!({ "oneOf": [
                { "type": "string", "const": "a" },
                option.clone(),
            ]});
            assert_eq!(tidied(schema.clone()), schema, "{option}");
        }
    }

    #[test]
    fn a_time_refers_to_the_time_definition() {
        let time = serde_json::json!({ "type": "string", "format": "date-time" });
        assert_eq!(tidied(time), serde_json::json!({ "$ref": TIME_REF }));
        let optional = serde_json::json!({ "type": ["string", "null"], "format": "date-time" });
        assert_eq!(
            tidied(optional),
            serde_json::json!({ "anyOf": [{ "$ref": TIME_REF }, { "type": "null" }] })
        );
        // a list of types is nullable only when it names null
        let listed = serde_json::json!({ "type": ["string"], "format": "date-time" });
        assert_eq!(tidied(listed), serde_json::json!({ "$ref": TIME_REF }));
        let text = serde_json::json!({ "type": "string", "format": "uri" });
        assert_eq!(tidied(text.clone()), text);
    }
}
