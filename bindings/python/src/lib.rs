//! The Python module `kwanus_migration`: the crate's JSON interface
//! ([`kwanus_migration::interface::call`]) for Python, built with pyo3 and maturin (abi3:
//! one wheel for every CPython from 3.9).
//!
//! - `call(operation, input) -> str`: the interface as is, JSON text in, the envelope
//!   (`{"ok": …}` or `{"error": {"code", "message"}}`) out as JSON text; never raises, for
//!   any argument (an argument that is not a string is an `interface.invalid_input`
//!   envelope).
//! - one function per operation (`check_permissions(input)`, …): the input as JSON text or
//!   as Python data (a `dict`, written with Python's `json.dumps`), the output the `ok`
//!   value as Python data (read with `json.loads`); an error envelope is raised as
//!   `KwanusError`, with its `code` and `message`. A refusal the operation computes (a
//!   grant outside its ceiling, a failed validation) is an output, not an exception; a
//!   record that does not verify is an error envelope, so `verify_record` raises.
//!
//! This crate holds no logic: the module's functions are the interface's, wrapped.
// The macros' `unsafe` glue is spanned in their own crate, which the lint does not reach;
// this crate's own code holds none.
#![forbid(unsafe_code)]

use ::kwanus_migration::interface::{self, Operation};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

create_exception!(
    kwanus_migration,
    KwanusError,
    PyException,
    "An error envelope of the interface: `.code` (the crate's stable code, \
     `interface.malformed_json`, `permission.missing_colon`, `resume.digest_mismatch`, …) and \
     `.message` (for a person; it may change)."
);

/// The envelope of an argument that is not what the interface takes.
fn invalid(message: String) -> String {
    let error = interface::Error::InvalidInput {
        field: ".".to_owned(),
        message,
    };
    let body = interface::ErrorBody::from(&error);
    format!(
        r#"{{"error":{{"code":{},"message":{}}}}}"#,
        quote(&body.code),
        quote(&body.message)
    )
}

/// A JSON string literal, for the few envelopes written here.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The input as JSON text: a `str` as is, anything else through `json.dumps`; `Err` holds
/// the envelope of an input `json.dumps` refuses.
fn input_text(input: &Bound<'_, PyAny>) -> PyResult<Result<String, String>> {
    if let Ok(s) = input.cast::<PyString>() {
        return Ok(s.to_cow().map(|t| t.into_owned()).map_err(|e| {
            invalid(format!(
                "the input is not valid Unicode text: {}",
                e.value(input.py())
            ))
        }));
    }
    let py = input.py();
    // compact, as JavaScript's JSON.stringify writes it: the same text, so the same
    // positions in an error's message, as the corpus's runners send
    let kwargs = PyDict::new(py);
    kwargs.set_item("separators", (",", ":"))?;
    kwargs.set_item("ensure_ascii", false)?;
    match py
        .import("json")?
        .call_method("dumps", (input,), Some(&kwargs))
    {
        Ok(text) => Ok(text.extract::<String>().map_err(|e| {
            invalid(format!(
                "the input is not valid Unicode text: {}",
                e.value(py)
            ))
        })),
        Err(e) => Ok(Err(invalid(format!(
            "the input must be JSON text or data json.dumps can write: {}",
            e.value(py)
        )))),
    }
}

/// The interface as is: runs `operation` on `input` (JSON text) and returns the envelope
/// as JSON text. Never raises: an argument that is not a `str` gives an
/// `interface.invalid_input` envelope.
#[pyfunction]
fn call(operation: &Bound<'_, PyAny>, input: &Bound<'_, PyAny>) -> PyResult<String> {
    let Ok(op) = operation.cast::<PyString>() else {
        return Ok(invalid(format!(
            "the operation must be a str; got {}",
            operation.get_type().name()?
        )));
    };
    let Ok(text) = input.cast::<PyString>() else {
        return Ok(invalid(format!(
            "the input must be a str (JSON text); got {}",
            input.get_type().name()?
        )));
    };
    let (Ok(op), Ok(text)) = (op.to_cow(), text.to_cow()) else {
        return Ok(invalid(
            "the operation and the input must be valid Unicode text (a lone surrogate is not)"
                .to_owned(),
        ));
    };
    Ok(input.py().detach(|| interface::call(&op, &text)))
}

/// Runs `operation` and hands back the `ok` value as Python data, or raises `KwanusError`.
fn run(operation: Operation, input: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    let py = input.py();
    let envelope = match input_text(input)? {
        Ok(text) => py.detach(|| interface::call(operation.as_str(), &text)),
        Err(envelope) => envelope,
    };
    let value = py.import("json")?.call_method1("loads", (envelope,))?;
    let dict = value.cast::<PyDict>()?;
    if let Some(ok) = dict.get_item("ok")? {
        return Ok(ok.unbind());
    }
    let error = dict
        .get_item("error")?
        .ok_or_else(|| KwanusError::new_err("an envelope with neither ok nor error"))?;
    let code = error.get_item("code")?;
    let message = error.get_item("message")?;
    let err = KwanusError::new_err(format!("[{code}] {message}"));
    let instance = err.value(py);
    instance.setattr("code", code)?;
    instance.setattr("message", message)?;
    Err(err)
}

macro_rules! operations {
    ($($(#[$doc:meta])* $name:ident => $op:ident;)*) => {
        $(
            $(#[$doc])*
            #[pyfunction]
            fn $name(input: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
                run(Operation::$op, input)
            }
        )*
        /// Adds the operations' functions to the module.
        fn add_operations(m: &Bound<'_, PyModule>) -> PyResult<()> {
            $(m.add_function(wrap_pyfunction!($name, m)?)?;)*
            Ok(())
        }
    };
}

operations! {
    /// `check-permissions`: a permission change against the current grant, the ceiling, the
    /// deny list and the approvals. Returns `{"allowed", "violations"}`.
    check_permissions => CheckPermissions;
    /// `diff-grants`: the changes between two grants. Returns `{"changes"}`.
    diff_grants => DiffGrants;
    /// `diff-contracts`: the changes between two contracts and the bump they need.
    diff_contracts => DiffContracts;
    /// `check-release`: the release rules over two contracts at a time.
    check_release => CheckRelease;
    /// `validate`: the whole validation across the six dimensions, offline.
    validate => Validate;
    /// `score-health`: the health report of component values or monitoring figures.
    score_health => ScoreHealth;
    /// `verify-record`: a record under its anchor; a record that does not verify raises.
    verify_record => VerifyRecord;
    /// `summarize-record`: a record's stage, band, next deadline and restriction at a time.
    summarize_record => SummarizeRecord;
}

/// kwanus-migration's checks for Python: one function per operation, JSON text or Python
/// data in, Python data out, `KwanusError` for an error; and `call(operation, input)`, JSON
/// text in and out.
#[pymodule]
#[pyo3(name = "kwanus_migration")]
fn kwanus_migration_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(call, m)?)?;
    add_operations(m)?;
    m.add("KwanusError", m.py().get_type::<KwanusError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("OPERATIONS", Operation::ALL.map(|o| o.as_str()).to_vec())?;
    Ok(())
}
