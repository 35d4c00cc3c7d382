//! Stored JSON in, a record or a coded error out: every `LoadError` code is reachable from
//! text, a field is named by its path, a record of another format is refused as such
//! whatever it holds, and no input makes the loader panic.

use kwanus_migration::__doc_support as fx;
use kwanus_migration::*;
use proptest::prelude::*;
use serde_json::{json, Value};

type R = Result<(), Box<dyn std::error::Error>>;

const CODES: [&str; 3] = [
    "resume.unsupported_format",
    "load.malformed_json",
    "load.invalid_field",
];

fn record() -> MigrationRecord {
    fx::transitioned()
        .expect("the fixture migration")
        .into_record()
}

fn record_value() -> Value {
    serde_json::to_value(record()).expect("a record serializes")
}

/// The error of loading `value` as text.
fn load_err(value: &Value) -> LoadError {
    MigrationRecord::from_json(&value.to_string()).expect_err("the text must be refused")
}

/// The field an invalid-field error names, or a panic naming what came instead.
fn invalid_field(err: &LoadError) -> &str {
    match err {
        LoadError::InvalidField { field, message } => {
            assert!(
                message.contains(" at line ") || field == "format",
                "{message}"
            );
            field
        }
        other => panic!("expected an invalid field, got {other:?}"),
    }
}

/// Line and column (from 1, in bytes) of byte `offset` of `text`, as serde_json counts them.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = offset - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, column)
}

#[test]
fn a_record_loads_as_serde_json_reads_it() -> R {
    let mut texts = vec![
        serde_json::to_string(&record())?,
        serde_json::to_string_pretty(&record())?,
        serde_json::to_string(&fx::stabilized()?.into_record())?,
    ];
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors"))? {
        let vector: Value = serde_json::from_str(&std::fs::read_to_string(entry?.path())?)?;
        texts.push(serde_json::to_string_pretty(&vector["record"])?);
    }
    for text in texts {
        let expected: MigrationRecord = serde_json::from_str(&text)?;
        assert_eq!(MigrationRecord::from_json(&text)?, expected);
        assert_eq!(MigrationRecord::from_json_slice(text.as_bytes())?, expected);
    }
    Ok(())
}

#[test]
fn to_json_is_serde_jsons_compact_text_and_round_trips_byte_for_byte() -> R {
    for record in [record(), fx::stabilized()?.into_record()] {
        let json = record.to_json()?;
        assert_eq!(json, serde_json::to_string(&record)?);
        let back = MigrationRecord::from_json(&json)?;
        assert_eq!(back, record);
        assert_eq!(back.to_json()?, json);
    }
    Ok(())
}

#[test]
fn another_format_is_refused_before_any_other_field_is_read() {
    let next = RECORD_FORMAT + 1;
    // a newer record: fields this crate does not know, and none it needs
    let newer = json!({ "format": next, "stage": "orbit", "hologram": { "depth": [1, 2, 3] } });
    let err = load_err(&newer);
    assert_eq!(err, LoadError::UnsupportedFormat(next));
    assert_eq!(err.code(), "resume.unsupported_format");
    assert_eq!(
        err.code(),
        ResumeError::UnsupportedFormat(next).code(),
        "the same code as resuming a record of that format"
    );
    assert_eq!(
        err.to_string(),
        format!("record format {next} is not supported; this crate reads format {RECORD_FORMAT}")
    );

    // the current record with only its format changed, and the format written last
    for format in [0, RECORD_FORMAT - 1, next, u32::MAX] {
        let mut v = record_value();
        v["format"] = json!(format);
        assert_eq!(load_err(&v), LoadError::UnsupportedFormat(format));
    }
    let text = record().to_json().expect("a record serializes");
    let last = format!(
        "{{{},\"format\":{next}}}",
        &text[1..text.len() - 1].replacen(&format!("\"format\":{RECORD_FORMAT},"), "", 1)
    );
    assert_eq!(
        MigrationRecord::from_json(&last),
        Err(LoadError::UnsupportedFormat(next))
    );
}

#[test]
fn a_format_that_is_not_a_u32_is_an_invalid_field() {
    let cases = [
        json!(RECORD_FORMAT.to_string()),
        json!(f64::from(RECORD_FORMAT)),
        json!(-1),
        json!(u64::from(u32::MAX) + 1),
        Value::Null,
        json!([RECORD_FORMAT]),
    ];
    for format in cases {
        let mut v = record_value();
        v["format"] = format.clone();
        let err = load_err(&v);
        assert_eq!(err.code(), "load.invalid_field", "{format}");
        assert_eq!(invalid_field(&err), "format");
    }
    let mut v = record_value();
    v.as_object_mut().map(|o| o.remove("format"));
    let err = load_err(&v);
    assert_eq!(invalid_field(&err), "format");
    assert!(err.to_string().contains("missing field `format`"), "{err}");

    // twice: which one counts is not for the loader to guess
    let text = record().to_json().expect("a record serializes");
    let twice = format!(
        "{},\"format\":{}}}",
        &text[..text.len() - 1],
        RECORD_FORMAT + 1
    );
    let err = MigrationRecord::from_json(&twice).expect_err("a duplicate format");
    assert_eq!(invalid_field(&err), "format");
    assert!(
        err.to_string().contains("duplicate field `format`"),
        "{err}"
    );
}

#[test]
fn truncated_text_is_malformed_at_its_end() -> R {
    let text = serde_json::to_string_pretty(&record())?;
    for cut in [1, text.len() / 3, text.len() / 2, text.len() - 1] {
        let short = &text[..cut];
        let err = MigrationRecord::from_json(short).expect_err("truncated");
        assert_eq!(err.code(), "load.malformed_json");
        let LoadError::MalformedJson {
            line,
            column,
            message,
        } = &err
        else {
            panic!("expected malformed JSON, got {err:?}");
        };
        // serde_json reports the end of the text: the last line, its last byte
        let (end_line, end_column) = position(short, cut);
        assert_eq!((*line, *column), (end_line, end_column - 1), "cut at {cut}");
        assert!(message.starts_with("EOF while parsing"), "{message}");
        assert!(
            !message.contains(" at line "),
            "the position is not repeated: {message}"
        );
        assert_eq!(
            err.to_string(),
            format!("malformed JSON at line {line} column {column}: {message}")
        );
    }
    Ok(())
}

#[test]
fn a_syntax_error_is_malformed_where_it_stands() -> R {
    let text = serde_json::to_string_pretty(&record())?;
    // a colon replaced deep inside an event
    let offset = text
        .find("\"rite\":")
        .map(|i| i + "\"rite\"".len())
        .ok_or("a rite")?;
    let mut broken = text.clone();
    broken.replace_range(offset..=offset, ";");
    let err = MigrationRecord::from_json(&broken).expect_err("a syntax error");
    let (line, column) = position(&broken, offset);
    assert!(
        matches!(&err, LoadError::MalformedJson { line: l, column: c, message }
            if (*l, *c) == (line, column) && message == "expected `:`"),
        "{err:?}, expected line {line} column {column}"
    );
    Ok(())
}

#[test]
fn text_that_is_not_one_object_is_malformed() -> R {
    let text = record().to_json()?;
    let cases = [
        String::new(),
        "   \n".to_owned(),
        "[]".to_owned(),
        format!("[{text}]"),
        "\"a record\"".to_owned(),
        RECORD_FORMAT.to_string(),
        "null".to_owned(),
        "true".to_owned(),
        format!("{text} {text}"),
        format!("{text} x"),
        // the text is checked whole before its format
        format!("{{\"format\": {}}} x", RECORD_FORMAT + 1),
        format!("\u{feff}{text}"),
        "{\"format\": 2,}".to_owned(),
        "{'format': 2}".to_owned(),
        "[".repeat(100_000),
        format!(
            "{{\"format\": {RECORD_FORMAT}, \"x\": {}}}",
            "[".repeat(100_000)
        ),
    ];
    for case in cases {
        let err = MigrationRecord::from_json(&case).expect_err("not a record");
        assert_eq!(
            err.code(),
            "load.malformed_json",
            "{}: {err}",
            case.get(..40).unwrap_or(&case)
        );
    }
    let err = MigrationRecord::from_json_slice(&[b'{', 0xff, b'}']).expect_err("not UTF-8");
    assert_eq!(err.code(), "load.malformed_json");
    Ok(())
}

#[test]
fn a_bad_partner_id_names_the_partner_field() {
    let mut v = record_value();
    v["partner"] = json!("Acme Billing!");
    let err = load_err(&v);
    assert_eq!(err.code(), "load.invalid_field");
    assert_eq!(invalid_field(&err), "partner");
    // the partner id's own refusal is in the message
    let reason = PartnerId::new("Acme Billing!")
        .expect_err("an invalid id")
        .to_string();
    assert!(err.to_string().contains(&reason), "{err} / {reason}");

    let mut v = record_value();
    v["events"][0]["detail"]["opened"]["partner"] = json!("");
    let err = load_err(&v);
    assert_eq!(invalid_field(&err), "events[0].detail.opened.partner");
}

#[test]
fn an_unknown_event_kind_names_the_events_detail() {
    let mut v = record_value();
    let detail = v["events"][1]["detail"].as_object_mut().expect("an object");
    let (kind, fields) = detail
        .iter()
        .next()
        .map(|(k, f)| (k.clone(), f.clone()))
        .expect("one kind");
    detail.remove(&kind);
    detail.insert("teleported".into(), fields);
    let err = load_err(&v);
    assert_eq!(invalid_field(&err), "events[1].detail");
    assert!(
        err.to_string().contains("unknown variant `teleported`"),
        "{err}"
    );
}

#[test]
fn every_other_bad_field_is_named_by_its_path() {
    type Edit = fn(&mut Value);
    let cases: [(Edit, &str, &str); 10] = [
        (|v| v["bogus"] = json!(1), "bogus", "unknown field `bogus`"),
        (
            |v| v["events"][1]["bogus"] = json!(1),
            "events[1].bogus",
            "unknown field",
        ),
        (
            |v| {
                v.as_object_mut().map(|o| o.remove("head"));
            },
            "head",
            "missing field `head`",
        ),
        (
            |v| {
                v["events"][2].as_object_mut().map(|o| o.remove("digest"));
            },
            "events[2].digest",
            "missing field `digest`",
        ),
        (
            |v| v["origin"] = json!("1.x"),
            "origin",
            "unexpected character",
        ),
        (
            |v| v["stage"] = json!("orbit"),
            "stage",
            "unknown variant `orbit`",
        ),
        (
            |v| v["events"][1]["at"] = json!("yesterday"),
            "events[1].at",
            "invalid time `yesterday`",
        ),
        (|v| v["head"] = json!("beef"), "head", ""),
        (
            |v| v["events"][0]["seq"] = json!(-1),
            "events[0].seq",
            "invalid value",
        ),
        (|v| v["events"] = json!({}), "events", "invalid type: map"),
    ];
    for (edit, field, words) in cases {
        let mut v = record_value();
        edit(&mut v);
        let err = load_err(&v);
        assert_eq!(err.code(), "load.invalid_field", "{err}");
        assert_eq!(invalid_field(&err), field, "{err}");
        assert!(err.to_string().contains(words), "{err}");
        assert_eq!(
            err.to_string().get(..15),
            Some("invalid field `"),
            "the message names the field first"
        );
    }
}

#[test]
fn resume_json_ends_every_failure_in_a_code() -> R {
    let record = record();
    let json = record.to_json()?;
    let any = AnyMigration::resume_json(&json, Anchor::Head(record.head))?;
    assert_eq!(any.stage(), StageName::Transition);

    let err = AnyMigration::resume_json(&json, Anchor::Head(Digest::GENESIS))
        .expect_err("the wrong head");
    assert_eq!(err.code(), "resume.unexpected_head");
    assert!(matches!(
        err,
        LoadError::Resume(ResumeError::UnexpectedHead { .. })
    ));

    // an edit under the right head: the replay's code
    let mut v = record_value();
    v["events"][1]["at"] = json!("2026-01-05T01:00:01Z");
    let err = AnyMigration::resume_json(&v.to_string(), Anchor::Head(record.head))
        .expect_err("an edited event");
    assert_eq!(err.code(), "resume.digest_mismatch");

    // and the loader's own
    let newer = json!({ "format": RECORD_FORMAT + 1 }).to_string();
    let err = AnyMigration::resume_json(&newer, Anchor::Head(record.head)).expect_err("newer");
    assert_eq!(err.code(), "resume.unsupported_format");
    let err = AnyMigration::resume_json("{", Anchor::Head(record.head)).expect_err("malformed");
    assert_eq!(err.code(), "load.malformed_json");
    Ok(())
}

#[test]
fn load_error_is_a_coded_error_like_the_others() {
    fn assert_error<T: std::error::Error + Send + Sync + Clone + Eq + 'static>() {}
    assert_error::<LoadError>();
    let errors = [
        load_err(&json!({ "format": RECORD_FORMAT + 1 })),
        MigrationRecord::from_json("{").expect_err("malformed"),
        load_err(&json!({ "format": "2" })),
        LoadError::from(ResumeError::NoEvents),
    ];
    for err in &errors {
        let coded: &dyn Coded = err;
        assert_eq!(coded.code(), err.code());
        let message = err.to_string();
        assert!(!message.ends_with('.'), "{message}");
        assert!(message.starts_with(|c: char| c.is_lowercase()), "{message}");
    }
    let codes: Vec<_> = errors.iter().map(LoadError::code).collect();
    assert_eq!(
        codes,
        [
            "resume.unsupported_format",
            "load.malformed_json",
            "load.invalid_field",
            "resume.no_events"
        ]
    );
}

/// A valid record's text with `edits` applied: each replaces, removes or inserts a byte.
fn mutated(edits: &[(usize, u8, u8)]) -> Vec<u8> {
    let mut bytes = record()
        .to_json()
        .expect("a record serializes")
        .into_bytes();
    for &(at, op, byte) in edits {
        let at = at % (bytes.len() + 1);
        match op % 3 {
            0 if at < bytes.len() => bytes[at] = byte,
            1 if at < bytes.len() => {
                bytes.remove(at);
            }
            _ => bytes.insert(at, byte),
        }
    }
    bytes
}

fn check_any(bytes: &[u8]) -> Result<(), TestCaseError> {
    match MigrationRecord::from_json_slice(bytes) {
        Ok(record) => {
            // what loads writes back and loads again to the same record
            let json = record
                .to_json()
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(MigrationRecord::from_json(&json).ok(), Some(record));
        }
        Err(err) => prop_assert!(CODES.contains(&err.code()), "{}", err.code()),
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        prop_assert_eq!(
            MigrationRecord::from_json(text),
            MigrationRecord::from_json_slice(bytes)
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Any bytes: no panic, a record or one of the loader's codes.
    #[test]
    fn any_bytes_load_or_give_a_code(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        check_any(&bytes)?;
    }

    /// A valid record with a few bytes changed, so the input gets past the syntax: no
    /// panic, a record or one of the loader's codes.
    #[test]
    fn an_edited_record_loads_or_gives_a_code(
        edits in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..4)
    ) {
        check_any(&mutated(&edits))?;
    }
}
