//! The Rust side of the npm package `kwanus-migration`: the crate's JSON interface
//! ([`kwanus_migration::interface::call`]) exported to JavaScript with `wasm-bindgen`, one
//! function per operation (camelCase: `checkPermissions`) plus [`call`].
//!
//! Every export takes the input as JSON text and returns the interface's envelope as JSON
//! text, `{"ok": …}` or `{"error": {"code", "message"}}`: the JSON crossing is explicit, and
//! the package's `index.js` wraps each raw export with `JSON.stringify` / `JSON.parse` for
//! callers who hold objects. This crate holds no logic: the one thing it adds is that an
//! input that is not a JavaScript string (a number, an object, `undefined`) is answered with
//! an `interface.invalid_input` envelope instead of a thrown exception.
//!
//! Nothing here panics on any input (the interface's own guarantee, pinned by the
//! conformance corpus and its property tests): on `wasm32-unknown-unknown` a panic would be
//! a trap, which Node reports as a `RuntimeError` exception; `index.js` turns even that
//! into an `interface.internal` envelope, so no input ends the host.
// The macros' `unsafe` glue is spanned in their own crate, which the lint does not reach;
// this crate's own code holds none.
#![forbid(unsafe_code)]

use kwanus_migration::interface::{self, ErrorBody, Operation};
use wasm_bindgen::prelude::*;

/// The envelope for an input that is not a JavaScript string.
fn not_a_string(what: &str, value: &JsValue) -> String {
    let got = match value.js_typeof().as_string() {
        Some(t) if value.is_null() => format!("{t} (null)"),
        Some(t) => t,
        None => "a value of no type".to_owned(),
    };
    let error = interface::Error::InvalidInput {
        field: ".".to_owned(),
        message: format!("the {what} must be a string (JSON text); got {got}"),
    };
    let body = ErrorBody::from(&error);
    serde_json::json!({ "error": body }).to_string()
}

fn run(operation: Operation, input: &JsValue) -> String {
    match input.as_string() {
        Some(text) => interface::call(operation.as_str(), &text),
        None => not_a_string("input", input),
    }
}

/// Runs `operation` (`"check-permissions"`, …) on `input` (JSON text) and returns the
/// envelope as JSON text: `interface::call`, across the boundary. An unknown operation is
/// `interface.unknown_operation`; an operation or input that is not a string,
/// `interface.invalid_input`.
#[wasm_bindgen]
#[must_use]
pub fn call(operation: &JsValue, input: &JsValue) -> String {
    let Some(op) = operation.as_string() else {
        return not_a_string("operation", operation);
    };
    match input.as_string() {
        Some(text) => interface::call(&op, &text),
        None => not_a_string("input", input),
    }
}

/// The version of `kwanus-migration` inside the package.
#[wasm_bindgen]
#[must_use]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// The names of the operations, in the interface's order.
#[wasm_bindgen]
#[must_use]
pub fn operations() -> Vec<String> {
    Operation::ALL
        .iter()
        .map(|o| o.as_str().to_owned())
        .collect()
}

macro_rules! operations {
    ($($(#[$doc:meta])* $js:ident => $rust:ident, $op:ident;)*) => {$(
        $(#[$doc])*
        #[wasm_bindgen(js_name = $js)]
        #[must_use]
        pub fn $rust(input: &JsValue) -> String {
            run(Operation::$op, input)
        }
    )*};
}

operations! {
    /// `check-permissions`: a permission change against the current grant, the ceiling,
    /// the deny list and the approvals.
    checkPermissions => check_permissions, CheckPermissions;
    /// `diff-grants`: the changes between two grants.
    diffGrants => diff_grants, DiffGrants;
    /// `diff-contracts`: the changes between two contracts and the bump they need.
    diffContracts => diff_contracts, DiffContracts;
    /// `check-release`: the release rules over two contracts at a time.
    checkRelease => check_release, CheckRelease;
    /// `validate`: the whole validation across the six dimensions, offline.
    validate => validate, Validate;
    /// `score-health`: the health report of component values or monitoring figures.
    scoreHealth => score_health, ScoreHealth;
    /// `verify-record`: a record under its anchor.
    verifyRecord => verify_record, VerifyRecord;
    /// `summarize-record`: a record's stage, band, next deadline and restriction at a time.
    summarizeRecord => summarize_record, SummarizeRecord;
}
