//! The conformance corpus (`conformance/<operation>/*.json`) through the Rust runner:
//! every case through `interface::respond`, its output equal (as parsed JSON) to the case's.
//!
//! A case is one JSON object:
//!
//! - `description`: what it pins, for a person;
//! - `operation`: the operation's name (any string: an unknown one is a case too);
//! - `input`: the input as JSON, given to the operation as its compact text; or
//!   `input_text`: the input as text, given as is (malformed JSON);
//! - `expected`: the whole output (`{"ok": …}`), or `expected_error`: the error's code (the
//!   message is for people and may change);
//! - `status`: `accepted`, `refused` or `bad_input`: the CLI's exit code 0, 1 or 2.
//!
//! New cases: write `description`, `operation`, `input` and run
//! `KWANUS_WRITE_CONFORMANCE=1 cargo test -p kwanus-heavy-tests --test conformance`, which
//! fills in `expected` (or `expected_error`) and `status` from the implementation. Review
//! every filled-in output by hand; the key facts are also asserted below, one test each.

use std::path::{Path, PathBuf};

use kwanus_migration::interface::{self, Status};
use serde_json::{json, Value};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn corpus() -> Res<Vec<(PathBuf, Value)>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../conformance");
    let mut cases = Vec::new();
    for dir in std::fs::read_dir(&root)? {
        let dir = dir?.path();
        if !dir.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&dir)? {
            let path = file?.path();
            if path.extension().and_then(|e| e.to_str()) == Some("json") {
                let case: Value = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
                cases.push((path, case));
            }
        }
    }
    cases.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(cases)
}

fn status_name(s: Status) -> &'static str {
    match s {
        Status::Accepted => "accepted",
        Status::Refused => "refused",
        _ => "bad_input",
    }
}

/// The input text of a case.
fn input_of(case: &Value) -> Res<String> {
    match (case.get("input"), case.get("input_text")) {
        (Some(v), None) => Ok(serde_json::to_string(v)?),
        (None, Some(Value::String(t))) => Ok(t.clone()),
        _ => Err("a case has `input` or `input_text`".into()),
    }
}

fn run(case: &Value) -> Res<(interface::Reply, Value)> {
    let op = case["operation"].as_str().ok_or("no operation")?;
    let reply = interface::respond(op, &input_of(case)?);
    let out: Value = serde_json::from_str(&reply.json)?;
    Ok((reply, out))
}

#[test]
fn every_case_of_the_corpus() -> Res<()> {
    let write = std::env::var_os("KWANUS_WRITE_CONFORMANCE").is_some();
    let cases = corpus()?;
    assert!(cases.len() >= 40, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for (path, mut case) in cases {
        let name = path.display().to_string();
        let (reply, out) = run(&case)?;
        // the envelope: exactly one key, `ok` or `error` (code and message)
        let obj = out.as_object().ok_or("output is not an object")?;
        assert_eq!(obj.len(), 1, "{name}: {out}");
        let status = status_name(reply.status);
        if write {
            let c = case.as_object_mut().ok_or("case is not an object")?;
            c.remove("expected");
            c.remove("expected_error");
            match out.get("error") {
                Some(e) => c.insert("expected_error".into(), e["code"].clone()),
                None => c.insert("expected".into(), out.clone()),
            };
            c.insert("status".into(), json!(status));
            std::fs::write(&path, serde_json::to_string_pretty(&case)? + "\n")?;
            continue;
        }
        if case["status"] != json!(status) {
            failures.push(format!(
                "{name}: status {status}, expected {}",
                case["status"]
            ));
        }
        match (case.get("expected"), case.get("expected_error")) {
            (Some(expected), None) if *expected != out => {
                failures.push(format!(
                    "{name}: output differs:\n  got  {out}\n  want {expected}"
                ));
            }
            (None, Some(code)) => {
                let error = out
                    .get("error")
                    .ok_or_else(|| format!("{name}: no error: {out}"))?;
                if error["code"] != *code || !error["message"].is_string() {
                    failures.push(format!("{name}: error {error}, expected code {code}"));
                }
                if error.as_object().map(|e| e.len()) != Some(2) {
                    failures.push(format!(
                        "{name}: the error holds more than code and message"
                    ));
                }
            }
            (Some(_), None) => {}
            _ => failures.push(format!("{name}: `expected` or `expected_error`, one")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    Ok(())
}

/// Every operation has cases, accepted ones and bad input among them; the bad inputs the
/// issue names are all there.
#[test]
fn the_corpus_covers_every_operation_and_the_named_bad_inputs() -> Res<()> {
    let cases = corpus()?;
    for op in interface::Operation::ALL {
        let of: Vec<&Value> = cases
            .iter()
            .map(|(_, c)| c)
            .filter(|c| c["operation"] == op.as_str())
            .collect();
        assert!(
            of.iter().any(|c| c["status"] == "accepted"),
            "{op}: no accepted case"
        );
        assert!(
            of.iter().any(|c| c["status"] == "bad_input"),
            "{op}: no bad input"
        );
    }
    let codes: Vec<&str> = cases
        .iter()
        .filter_map(|(_, c)| c["expected_error"].as_str())
        .collect();
    for code in [
        "interface.malformed_json",
        "interface.invalid_input",
        "interface.unknown_operation",
        "permission.missing_colon",
        "health.out_of_range",
        "resume.digest_mismatch",
    ] {
        assert!(codes.contains(&code), "no case of {code}");
    }
    Ok(())
}

fn call(op: &str, input: Value) -> Res<Value> {
    Ok(serde_json::from_str(&interface::call(
        op,
        &input.to_string(),
    ))?)
}

// Key facts, asserted here as well as recorded in the corpus: a corpus that recorded a
// wrong answer would still disagree with these.

#[test]
fn a_write_outside_the_ceiling_is_refused_with_its_counterexample() -> Res<()> {
    let out = call(
        "check-permissions",
        json!({
            "current": ["read:orders/*"],
            "proposed": ["read:orders/*", "read:billing/x"],
            "ceiling": ["read:orders/*"],
            "kind": "api_version",
            "approvals": ["sco"],
        }),
    )?;
    assert_eq!(out["ok"]["allowed"], false);
    let v = &out["ok"]["violations"];
    assert_eq!(v.as_array().map(Vec::len), Some(1));
    assert_eq!(v[0]["code"], "permission.exceeds_ceiling");
    assert_eq!(v[0]["permission"], "read:billing/x");
    assert_eq!(
        v[0]["counterexample"],
        json!({"verb": "read", "resource": "billing/x"})
    );
    Ok(())
}

#[test]
fn a_narrower_grant_inside_the_ceiling_is_allowed() -> Res<()> {
    let out = call(
        "check-permissions",
        json!({
            "current": ["read:orders/*"],
            "proposed": ["read:orders/eu/*"],
            "ceiling": ["read:orders/*"],
            "kind": "api_version",
        }),
    )?;
    assert_eq!(out, json!({"ok": {"allowed": true, "violations": []}}));
    Ok(())
}

#[test]
fn a_fallback_grant_must_be_read_only() -> Res<()> {
    let out = call(
        "check-permissions",
        json!({
            "current": ["read:orders/*", "write:orders/*"],
            "proposed": ["write:orders/*"],
            "ceiling": ["read:orders/*", "write:orders/*"],
            "purpose": "fallback",
        }),
    )?;
    assert_eq!(
        out["ok"]["violations"][0]["code"],
        "permission.fallback_not_read_only"
    );
    Ok(())
}

#[test]
fn a_signature_change_is_breaking_and_needs_a_major_bump() -> Res<()> {
    let contract = |version: &str, sig: &str| {
        json!({
            "version": version,
            "operations": {"get_invoice": {"signature": sig, "deprecated": null}},
            "runtime": {"name": "wasm", "version": "2.0.0"},
        })
    };
    let input = json!({
        "old": contract("1.0.0", "GET /invoices/{id}"),
        "new": contract("1.1.0", "GET /v2/invoices/{id}"),
    });
    let out = call("diff-contracts", input.clone())?;
    assert_eq!(out["ok"]["compatibility"], "breaking");
    assert_eq!(out["ok"]["required_bump"], "major");
    assert_eq!(out["ok"]["version_bump"], "minor");
    let mut release = input;
    release["at"] = json!("2026-06-01T00:00:00Z");
    let out = call("check-release", release)?;
    assert_eq!(out["ok"]["passed"], false);
    assert_eq!(
        out["ok"]["findings"][0]["lint"],
        "release.silent_breaking_change"
    );
    Ok(())
}

#[test]
fn health_follows_the_seed_table_without_rounding_up() -> Res<()> {
    let band = |v: f64| -> Res<Value> {
        Ok(call("score-health", json!({"inputs": {"stability": v, "compatibility": v, "sustainability": v, "ecosystem_impact": v}}))?["ok"]["band"].clone())
    };
    assert_eq!(band(90.0)?, "stable");
    assert_eq!(band(89.999)?, "reliable");
    assert_eq!(band(60.0)?, "vulnerable");
    assert_eq!(band(39.99)?, "unstable");
    // a missing component counts as 0: (96 + 88 + 91 + 0) / 4
    let out = call(
        "score-health",
        json!({"inputs": {"stability": 96, "compatibility": 88, "sustainability": 91}}),
    )?;
    assert_eq!(out["ok"]["score"], 68.75);
    assert_eq!(out["ok"]["band"], "vulnerable");
    Ok(())
}

#[test]
fn every_error_code_is_the_crates() -> Res<()> {
    let code = |op: &str, input: &str| -> Res<String> {
        let out: Value = serde_json::from_str(&interface::call(op, input))?;
        Ok(out["error"]["code"].as_str().unwrap_or("none").to_owned())
    };
    assert_eq!(code("check-permissions", "{")?, "interface.malformed_json");
    assert_eq!(
        code("check-permissions", "{} {}")?,
        "interface.malformed_json"
    );
    assert_eq!(code("check-permissions", "[]")?, "interface.invalid_input");
    assert_eq!(
        code("check-permission", "{}")?,
        "interface.unknown_operation"
    );
    assert_eq!(
        code("diff-grants", r#"{"old": [], "new": [], "extra": 1}"#)?,
        "interface.invalid_input"
    );
    assert_eq!(
        code("diff-grants", r#"{"old": [":orders/*"], "new": []}"#)?,
        "permission.invalid_verb"
    );
    assert_eq!(
        code(
            "score-health",
            r#"{"inputs": {}, "policy": {"band_stable": 101}}"#
        )?,
        "policy.out_of_range"
    );
    Ok(())
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config::with_cases(512))]

    /// Any operation name and any text: one envelope, never a panic.
    #[test]
    fn arbitrary_text_never_panics(op in proptest::sample::select(vec![
        "check-permissions", "diff-grants", "diff-contracts", "check-release", "validate",
        "score-health", "verify-record", "summarize-record", "", "nope",
    ]), input in "\\PC{0,64}") {
        let out: Value = serde_json::from_str(&interface::call(op, &input)).map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
        proptest::prop_assert!(out.get("ok").is_some() || out["error"]["code"].is_string());
    }

    /// JSON-shaped text built of the interface's own keys and values: still one envelope.
    #[test]
    fn json_shaped_input_never_panics(
        op in proptest::sample::select(interface::Operation::ALL.to_vec()),
        parts in proptest::collection::vec(proptest::sample::select(vec![
            "{", "}", "[", "]", ",", ":", "\"current\"", "\"proposed\"", "\"ceiling\"", "\"kind\"",
            "\"inputs\"", "\"stability\"", "\"record\"", "\"anchor\"", "\"head\"", "\"at\"",
            "\"old\"", "\"new\"", "\"read:a/*\"", "\"a\"", "1e999", "-0", "200", "null", "true",
            "\"2026-01-01T00:00:00Z\"", "\"permission_expansion\"", "\"version\"", "\"1.0.0\"",
        ]), 0..40),
    ) {
        let input = parts.concat();
        let out: Value = serde_json::from_str(&interface::call(op.as_str(), &input)).map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
        proptest::prop_assert!(out.get("ok").is_some() || out["error"]["code"].is_string());
    }
}
