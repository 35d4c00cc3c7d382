//! What a reader of record format 3 refuses and what it accepts, built from records the
//! crate writes: every refused spelling or record fails `MigrationRecord::from_json` with
//! `load.invalid_field` and the path of the field; every accepted spelling loads and
//! verifies. `tests/spellings.json` holds the time grammar's table, which the Python
//! verifier reads too.
#![cfg(feature = "json")]

use chrono::{DateTime, Duration, Timelike, Utc};
use kwanus_migration::__doc_support as fx;
use kwanus_migration::*;
use serde_json::{json, Value};

type R = Result<(), Box<dyn std::error::Error>>;

fn at(text: &str) -> DateTime<Utc> {
    text.parse().expect("a fixture time")
}

/// Opened, prepared, transitioned, withdrawn: every permission set of a record, the
/// contracts, an approval and a withdrawal's grants.
fn withdrawn() -> MigrationRecord {
    let m = fx::transitioned().expect("the fixture migration");
    m.withdraw(
        Withdrawal::new(
            WithdrawnBy::Partner,
            "the partner sunsets the extension",
            Approval {
                body: GovernanceBody::Tsc,
                by: "tsc-chair".into(),
                at: fx::t(3),
            },
        ),
        fx::t(3),
    )
    .expect("a withdrawal")
    .into_record()
}

/// Opened, prepared, transitioned, validation failed on an attestation (`body: null`).
fn failed() -> MigrationRecord {
    let m = fx::transitioned().expect("the fixture migration");
    match m
        .validate(
            &[fx::failed_suite(fx::t(3))],
            fx::t(3),
            &Policy::default(),
            &fx::platform(),
        )
        .expect("a validation")
    {
        Validated::Failed(m) => m.into_record(),
        Validated::Passed(_) => panic!("the failed suite fails validation"),
    }
}

/// A migration opened at `t0`, prepared an hour later.
fn opened_at(t0: DateTime<Utc>) -> MigrationRecord {
    let mut notice = fx::notice();
    notice.window = Window {
        opens: t0,
        closes: t0 + Duration::days(90),
    };
    let policy = Policy::default();
    Migration::open(notice, t0, &policy)
        .expect("open")
        .prepare(&fx::plan(), t0 + Duration::hours(1))
        .expect("prepare")
        .into_record()
}

fn value(record: &MigrationRecord) -> Value {
    serde_json::to_value(record).expect("a record serializes")
}

/// Loads `v` and verifies it under the head of `anchor`.
fn loads_and_verifies(v: &Value, anchor: &MigrationRecord) -> Result<MigrationRecord, String> {
    let record = MigrationRecord::from_json(&v.to_string()).map_err(|e| e.to_string())?;
    record
        .verify(Anchor::Head(anchor.head))
        .map_err(|e| e.to_string())?;
    Ok(record)
}

/// The field and message `v` is refused with; panics unless the code is
/// `load.invalid_field`.
fn refusal(v: &Value) -> (String, String) {
    match MigrationRecord::from_json(&v.to_string()) {
        Ok(_) => panic!("accepted: {v}"),
        Err(err) => {
            assert_eq!(err.code(), "load.invalid_field", "{err}");
            match err {
                LoadError::InvalidField { field, message } => (field, message),
                other => panic!("{other:?}"),
            }
        }
    }
}

fn remove(v: &mut Value, key: &str) {
    v.as_object_mut()
        .and_then(|o| o.remove(key))
        .unwrap_or_else(|| panic!("no key `{key}` in {v}"));
}

type Edit = fn(&mut Value);

/// Each kind of refused record: the edit of a record the crate wrote, the field path the
/// crate reports, and words of its message.
#[test]
fn every_refused_record_is_refused_with_its_field() {
    let times: [(&str, &str, &str); 10] = [
        ("2026-01-05t01:00:00Z", "events[1].at", "uppercase `T`"),
        ("2026-01-05T01:00:00z", "events[1].at", "the zone is"),
        ("2026-01-05 01:00:00Z", "events[1].at", "uppercase `T`"),
        ("2026-01-05T01:00:00+0000", "events[1].at", "the zone is"),
        ("2026-01-05T01:00:00-00:00", "events[1].at", "`-00:00`"),
        (
            "2026-01-05T01:00:00.0000000001Z",
            "events[1].at",
            "1 to 9 digits",
        ),
        ("+2026-01-05T01:00:00Z", "events[1].at", "above 9999"),
        ("2026-01-05T12:59:60Z", "events[1].at", "23:59:60 UTC"),
        ("-0000-01-05T01:00:00Z", "events[1].at", "no sign"),
        ("2026-02-30T01:00:00Z", "events[1].at", "calendar date"),
    ];
    for (text, field, words) in times {
        let mut v = value(&withdrawn());
        v["events"][1]["at"] = json!(text);
        let (f, message) = refusal(&v);
        assert_eq!(f, field, "{text}: {message}");
        assert!(message.contains(words), "{text}: {message}");
    }

    let cases: Vec<(&str, Edit, &str, &str)> = vec![
        (
            "a window's close in lowercase",
            |v| {
                v["events"][0]["detail"]["opened"]["window"]["closes"] =
                    json!("2026-04-05t00:00:00Z")
            },
            "events[0].detail.opened.window.closes",
            "invalid time",
        ),
        (
            "an approval's time with a space",
            |v| {
                v["events"][3]["detail"]["withdrawn"]["approval"]["at"] =
                    json!("2026-01-05 03:00:00Z")
            },
            "events[3].detail.withdrawn.approval.at",
            "invalid time",
        ),
        (
            "a remediation deadline with 10 fraction digits",
            |v| {
                v["events"][0]["detail"]["opened"]["remediation_deadline"] =
                    json!("2026-01-05T00:00:00.0000000000Z")
            },
            "events[0].detail.opened.remediation_deadline",
            "1 to 9 digits",
        ),
        (
            "a grant out of order",
            |v| {
                let g =
                    &mut v["events"][2]["detail"]["transitioned"]["evidence"]["grants"]["current"];
                let mut a = g.as_array().expect("an array").clone();
                a.reverse();
                *g = json!(a);
            },
            "events[2].detail.transitioned.evidence.grants.current",
            "the permission set is not in order at entry 1",
        ),
        (
            "a grant repeated",
            |v| {
                let g =
                    &mut v["events"][2]["detail"]["transitioned"]["evidence"]["grants"]["proposed"];
                let mut a = g.as_array().expect("an array").clone();
                a.insert(1, a[0].clone());
                *g = json!(a);
            },
            "events[2].detail.transitioned.evidence.grants.proposed",
            "the permission set repeats entry 1",
        ),
        (
            "a permission written with a space",
            |v| {
                v["events"][2]["detail"]["transitioned"]["evidence"]["grants"]["deny"] =
                    json!([" write:orders/us/*"])
            },
            "events[2].detail.transitioned.evidence.grants.deny",
            "entry 0 of the permission set is not written as `write:orders/us/*`",
        ),
        (
            "the power ceiling out of order",
            |v| {
                v["events"][2]["detail"]["transitioned"]["platform"]["power_ceiling"] =
                    json!(["write:orders/*", "read:orders/*"])
            },
            "events[2].detail.transitioned.platform.power_ceiling",
            "not in order at entry 1",
        ),
        (
            "a withdrawal's grants repeated",
            |v| {
                v["events"][3]["detail"]["withdrawn"]["grants"] =
                    json!(["read:orders/*", "read:orders/*"])
            },
            "events[3].detail.withdrawn.grants",
            "repeats entry 1",
        ),
        (
            "a contract's permissions out of order",
            |v| {
                let p = &mut v["events"][0]["detail"]["opened"]["contracts"]["old"]["permissions"];
                let mut a = p.as_array().expect("an array").clone();
                a.push(json!("*:*"));
                *p = json!(a);
            },
            "events[0].detail.opened.contracts.old.permissions",
            "not in order",
        ),
        (
            "the key `severity` missing",
            |v| remove(&mut v["events"][0]["detail"]["opened"], "severity"),
            "events[0].detail.opened.severity",
            "missing field `severity`",
        ),
        (
            "the key `remediation_deadline` missing",
            |v| {
                remove(
                    &mut v["events"][0]["detail"]["opened"],
                    "remediation_deadline",
                )
            },
            "events[0].detail.opened.remediation_deadline",
            "missing field",
        ),
        (
            "the key `contracts` missing",
            |v| remove(&mut v["events"][0]["detail"]["opened"], "contracts"),
            "events[0].detail.opened.contracts",
            "missing field",
        ),
        (
            "the key `rite` missing",
            |v| remove(&mut v["events"][0], "rite"),
            "events[0].rite",
            "missing field `rite`",
        ),
        (
            "the key `rite` missing where it is null",
            |v| remove(&mut v["events"][3], "rite"),
            "events[3].rite",
            "missing field `rite`",
        ),
        (
            "the key `deprecated` of an operation missing",
            |v| {
                remove(
                    &mut v["events"][0]["detail"]["opened"]["contracts"]["old"]["operations"]
                        ["get_order"],
                    "deprecated",
                )
            },
            "events[0].detail.opened.contracts.old.operations.get_order.deprecated",
            "missing field",
        ),
        (
            "the key `governed_by` of a workflow missing",
            |v| {
                remove(
                    &mut v["events"][0]["detail"]["opened"]["contracts"]["new"]["workflows"]
                        ["sync"],
                    "governed_by",
                )
            },
            "events[0].detail.opened.contracts.new.workflows.sync.governed_by",
            "missing field",
        ),
        (
            "the key `deprecated` of a workflow missing",
            |v| {
                remove(
                    &mut v["events"][0]["detail"]["opened"]["contracts"]["new"]["workflows"]
                        ["sync"],
                    "deprecated",
                )
            },
            "events[0].detail.opened.contracts.new.workflows.sync.deprecated",
            "missing field",
        ),
        (
            "the key `contract` of the evidence missing",
            |v| {
                remove(
                    &mut v["events"][2]["detail"]["transitioned"]["evidence"],
                    "contract",
                )
            },
            "events[2].detail.transitioned.evidence.contract",
            "missing field",
        ),
        (
            "the key `grants` of a withdrawal missing",
            |v| remove(&mut v["events"][3]["detail"]["withdrawn"], "grants"),
            "events[3].detail.withdrawn.grants",
            "missing field",
        ),
        (
            "a version requirement respelled",
            |v| {
                v["events"][2]["detail"]["transitioned"]["platform"]["matrix"]["rows"][0]
                    ["partner"] = json!("1")
            },
            "events[2].detail.transitioned.platform.matrix.rows[0].partner",
            "",
        ),
    ];
    for (name, edit, field, words) in cases {
        let mut v = value(&withdrawn());
        edit(&mut v);
        let (f, message) = refusal(&v);
        assert_eq!(f, field, "{name}: {message}");
        assert!(message.contains(words), "{name}: {message}");
    }

    // an attestation's `body` (null here) must be written out
    let mut v = value(&failed());
    let dims = v["events"][3]["detail"]["validation_failed"]["dimensions"]
        .as_array()
        .expect("dimensions");
    let d = dims
        .iter()
        .position(|d| !d["attestations"].as_array().expect("an array").is_empty())
        .expect("an attested dimension");
    assert_eq!(
        v["events"][3]["detail"]["validation_failed"]["dimensions"][d]["attestations"][0]["body"],
        Value::Null
    );
    remove(
        &mut v["events"][3]["detail"]["validation_failed"]["dimensions"][d]["attestations"][0],
        "body",
    );
    let (f, message) = refusal(&v);
    assert_eq!(
        f,
        format!("events[3].detail.validation_failed.dimensions[{d}].attestations[0].body"),
        "{message}"
    );
}

/// Other spellings of the instants the crate wrote load and verify under the same head;
/// records opened at a five-digit year, a negative year and a leap second load and verify.
#[test]
fn every_accepted_spelling_loads_and_verifies() -> R {
    let record = withdrawn();
    // events[1] is at 2026-01-05T01:00:00Z
    let mut spellings = vec![
        "2026-01-05T02:00:00+01:00".to_owned(),
        "2026-01-04T20:30:00-04:30".to_owned(),
        "2026-01-05T01:00:00+00:00".to_owned(),
    ];
    for n in 1..=9 {
        spellings.push(format!("2026-01-05T01:00:00.{}Z", "0".repeat(n)));
    }
    for text in spellings {
        let mut v = value(&record);
        v["events"][1]["at"] = json!(text);
        let read = loads_and_verifies(&v, &record).map_err(|e| format!("{text}: {e}"))?;
        assert_eq!(read, record, "{text}");
    }

    // a fraction: 1 to 9 digits of the same instant
    let half = opened_at(at("2026-01-05T00:00:00.5Z"));
    assert_eq!(value(&half)["events"][0]["at"], "2026-01-05T00:00:00.500Z");
    for n in 1..=9 {
        let text = format!("2026-01-05T00:00:00.5{}Z", "0".repeat(n - 1));
        let mut v = value(&half);
        v["events"][0]["at"] = json!(text);
        loads_and_verifies(&v, &half).map_err(|e| format!("{text}: {e}"))?;
    }

    for (t0, written) in [
        ("+10000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z"),
        ("-0001-06-01T00:00:00Z", "-0001-06-01T00:00:00Z"),
        ("-12345-06-01T00:00:00Z", "-12345-06-01T00:00:00Z"),
        ("2016-12-31T23:59:60Z", "2016-12-31T23:59:60Z"),
        ("2017-01-01T00:59:60+01:00", "2016-12-31T23:59:60Z"),
    ] {
        let t0 = kwanus_time(t0);
        let r = opened_at(t0);
        let v = value(&r);
        assert_eq!(v["events"][0]["at"], written);
        let read = loads_and_verifies(&v, &r).map_err(|e| format!("{written}: {e}"))?;
        assert_eq!(read, r);
    }
    Ok(())
}

/// The crate's own reading of a record time, through a record: `events[0].at`.
fn kwanus_time(text: &str) -> DateTime<Utc> {
    let mut v = value(&withdrawn());
    v["events"][0]["at"] = json!(text);
    MigrationRecord::from_json(&v.to_string())
        .unwrap_or_else(|e| panic!("{text}: {e}"))
        .events[0]
        .at
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Spelling {
    text: String,
    accepted: bool,
    why: String,
}

/// Each row of `tests/spellings.json` through the crate's reader of record times: an
/// accepted text loads (and is written back canonically, naming the same instant), a
/// refused one is `load.invalid_field` at the time's path.
#[test]
fn the_spelling_table_is_the_crates_grammar() -> R {
    let rows: Vec<Spelling> = serde_json::from_str(include_str!("spellings.json"))?;
    assert!(rows.len() >= 30);
    assert!(rows.iter().any(|r| r.accepted) && rows.iter().any(|r| !r.accepted));
    let base = value(&withdrawn());
    for row in &rows {
        assert!(!row.why.trim().is_empty());
        let mut v = base.clone();
        v["events"][0]["at"] = json!(row.text);
        match MigrationRecord::from_json(&v.to_string()) {
            Ok(record) => {
                assert!(
                    row.accepted,
                    "accepted, the table refuses: {:?} ({})",
                    row.text, row.why
                );
                let instant = record.events[0].at;
                let canonical = serde_json::to_value(instant)?;
                let again: DateTime<Utc> = kwanus_time(canonical.as_str().expect("a string"));
                assert_eq!(again, instant, "{}", row.text);
            }
            Err(err) => {
                assert!(
                    !row.accepted,
                    "refused, the table accepts: {:?} ({}): {err}",
                    row.text, row.why
                );
                assert_eq!(err.code(), "load.invalid_field", "{err}");
                assert!(
                    matches!(&err, LoadError::InvalidField { field, .. } if field == "events[0].at"),
                    "{err}"
                );
            }
        }
    }
    Ok(())
}

/// A rollout and a completion in a leap second: the dates derived from them count from the
/// second before (23:59:60.f as 23:59:59.f), the record never holds second 60 outside
/// 23:59 UTC, and it verifies (the replay computes the same dates).
#[test]
fn dates_derived_from_a_leap_second_count_from_the_second_before() -> R {
    let policy = Policy::default();
    let leap = kwanus_time("2016-12-31T23:59:60.500Z");
    assert!(leap.nanosecond() >= 1_000_000_000);
    let before = at("2016-12-31T23:59:59.500Z");
    assert_eq!(policy.fallback_until(leap), policy.fallback_until(before));
    assert_eq!(policy.fallback_until(leap), at("2017-06-30T23:59:59.500Z"));
    assert_eq!(
        policy.fallback_recommended_until(leap),
        at("2017-12-31T23:59:59.500Z")
    );
    assert_eq!(
        policy.remediation_deadline(Severity::Minor, leap),
        at("2017-01-30T23:59:59.500Z")
    );

    let t0 = at("2016-12-30T00:00:00Z");
    let mut notice = fx::notice();
    notice.window = Window {
        opens: t0,
        closes: t0 + Duration::days(90),
    };
    let m = Migration::open(notice, t0, &policy)?
        .prepare(&fx::plan(), t0 + Duration::hours(1))?
        .transition(
            fx::release(),
            t0 + Duration::hours(2),
            &policy,
            &fx::platform(),
        )?;
    let Validated::Passed(m) = m.validate(&[], leap, &policy, &fx::platform())? else {
        panic!("the fixture release passes");
    };
    assert_eq!(m.fallback_until(), Some(at("2017-06-30T23:59:59.500Z")));
    let HealthOutcome::Steady(m) = m.stabilize(&fx::reading(92.0), at("2017-01-02T00:00:00Z"))?
    else {
        panic!("a steady reading");
    };
    let done = m.complete(kwanus_time("2017-06-30T23:59:60Z"), &policy)?;
    let record = done.into_record();
    let text = record.to_json()?;
    let v: Value = serde_json::from_str(&text)?;
    let mut times = Vec::new();
    collect_times(&v, &mut times);
    assert!(
        times.iter().any(|t| t == "2016-12-31T23:59:60.500Z"),
        "{times:?}"
    );
    assert!(
        times.iter().any(|t| t == "2018-06-30T23:59:59Z"),
        "{times:?}"
    );
    for t in &times {
        if t.contains(":60") {
            assert!(t.contains("T23:59:60"), "{t}");
        }
    }
    let read = MigrationRecord::from_json(&text)?;
    read.verify(Anchor::Head(record.head))?;
    Ok(())
}

fn collect_times(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) if s.len() >= 20 && s.ends_with('Z') && s.contains('T') => {
            out.push(s.clone());
        }
        Value::Array(a) => a.iter().for_each(|x| collect_times(x, out)),
        Value::Object(o) => o.values().for_each(|x| collect_times(x, out)),
        _ => {}
    }
}

/// The order a record's permission array must follow (the order a `PermissionSet`
/// iterates): by verb in byte order, then by the resource pattern's segments before a final
/// `*`, one by one, a literal before a `*` segment and literals in byte order, a shorter list
/// that begins the longer first, and at last a pattern without a final `*` before the same
/// with one. It is not the byte order of the text (`orders/*` comes before `orders-eu`,
/// `orders/eu` before `orders/*/items`, and `*/items` after every pattern that starts with a
/// literal; a bare `*` first of all).
#[test]
fn a_permission_array_is_in_the_sets_order() {
    let ordered = [
        "*:orders",
        "read:*",
        "read:orders",
        "read:orders/*",
        "read:orders/eu",
        "read:orders/eu/*",
        "read:orders/eu/items",
        "read:orders/*/items",
        "read:orders-eu",
        "read:ordersx",
        "read:*/items",
        "write:orders/*",
    ];
    let set: kwanus_migration::permission::PermissionSet =
        ordered.join(", ").parse().expect("a set");
    let written: Vec<String> = set.iter().map(ToString::to_string).collect();
    assert_eq!(written, ordered);

    // as a record's array: this order loads, a swap of any neighbours is refused
    let mut v = value(&withdrawn());
    v["events"][3]["detail"]["withdrawn"]["grants"] = json!(ordered);
    MigrationRecord::from_json(&v.to_string()).expect("the set's order loads");
    for i in 1..ordered.len() {
        let mut swapped = ordered.to_vec();
        swapped.swap(i - 1, i);
        v["events"][3]["detail"]["withdrawn"]["grants"] = json!(swapped);
        let (field, message) = refusal(&v);
        assert_eq!(field, "events[3].detail.withdrawn.grants");
        assert!(
            message.contains(&format!("not in order at entry {i}")),
            "{message}"
        );
    }
}

/// chrono admits a leap second at any minute; a record only at 23:59:60 UTC. The flow
/// refuses a time it could not write back readably, at the notice and at a step.
#[test]
fn the_flow_refuses_a_leap_second_a_record_cannot_hold() -> R {
    let policy = Policy::default();
    let odd = at("2026-01-05T12:59:59Z")
        .with_nanosecond(1_500_000_000)
        .expect("chrono admits it");
    assert_eq!(odd.second(), 59);
    let mut notice = fx::notice();
    notice.window.opens = odd;
    let err = Migration::open(notice, odd, &policy).unwrap_err();
    assert_eq!(err.reason().code(), "open.inconsistent", "{err}");
    assert!(err.to_string().contains("leap second"), "{err}");

    let m = Migration::open(fx::notice(), fx::t(0), &policy)?;
    let refused = m.prepare(&fx::plan(), odd).unwrap_err();
    assert_eq!(refused.reason().code(), "flow.inconsistent");
    assert!(refused.to_string().contains("leap second"), "{refused}");
    // at 23:59:60 UTC it is a time like any other
    let leap = kwanus_time("2026-01-05T23:59:60Z");
    let record = refused
        .into_inner()
        .prepare(&fx::plan(), leap)?
        .into_record();
    MigrationRecord::from_json(&record.to_json()?)?.verify(Anchor::Head(record.head))?;
    Ok(())
}
