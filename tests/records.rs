//! Records: every stage round-trips through JSON and resumes under its anchor; loading without
//! an anchor is possible but refuses amendments; and every consistency check of the replay
//! refuses a forged history, one table row per check.

use chrono::Duration;
use kwanus_migration::__doc_support::{self as fx, t};
use kwanus_migration::*;
use semver::Version;

type R = Result<(), Box<dyn std::error::Error>>;
type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// Re-chains every digest of a (possibly edited) record and replays it under its new head:
/// what a forger with write access to the store can do.
trait Rechain {
    fn rechain(&self) -> Result<MigrationRecord, ResumeError>;
}

impl Rechain for MigrationRecord {
    fn rechain(&self) -> Result<MigrationRecord, ResumeError> {
        let mut r = self.clone();
        let mut prev = Digest::GENESIS;
        for e in &mut r.events {
            e.digest = e.chained_digest(&prev);
            prev = e.digest;
        }
        r.head = prev;
        let head = r.head;
        AnyMigration::resume(r, Anchor::Head(head)).map(AnyMigration::into_record)
    }
}

fn policy() -> Policy {
    Policy::default()
}

fn reading(v: f64) -> HealthReport {
    health::score(&HealthInputs::uniform(v), &policy()).expect("valid inputs")
}

fn steady(s: HealthOutcome) -> Migration<Stabilization> {
    match s {
        HealthOutcome::Steady(m) => m,
        other => panic!("expected steady, got {other:?}"),
    }
}

fn validated() -> Res<Migration<Validation>> {
    fx::validated()
}

/// One record per stage and outcome: detection … continuity, fallen back, restricted.
fn every_record() -> Res<Vec<MigrationRecord>> {
    let mut out = Vec::new();
    let m = fx::detected()?;
    out.push(m.to_record());
    let m = m.prepare(&fx::plan(), t(1))?;
    out.push(m.to_record());
    let m = m.transition(fx::release(), t(2), &policy(), &fx::platform())?;
    out.push(m.to_record());
    out.push(
        m.clone()
            .fall_back(
                FallbackReason::CompatibilityBroken,
                fx::tsc(t(3)),
                t(3),
                &Policy::default(),
            )?
            .to_record(),
    );
    let Validated::Passed(m) = m.validate(&[], t(3), &Policy::default(), &fx::platform())? else {
        panic!()
    };
    out.push(m.to_record());
    let HealthOutcome::Restricted(r) = m.clone().stabilize(&reading(10.0), t(4))? else {
        panic!()
    };
    out.push(r.to_record());
    let m = steady(m.stabilize(&reading(93.37), t(4))?);
    out.push(m.to_record());
    out.push(m.complete(t(24 * 200), &Policy::default())?.to_record());
    Ok(out)
}

#[test]
fn every_record_resumes_to_the_same_stage_and_json() -> R {
    for record in every_record()? {
        let json = serde_json::to_string(&record)?;
        let parsed: MigrationRecord = serde_json::from_str(&json)?;
        let any = AnyMigration::resume(parsed, Anchor::Head(record.head))?;
        assert_eq!(any.stage(), record.stage);
        assert_eq!(serde_json::to_string(&any.into_record())?, json);
    }
    Ok(())
}

#[test]
fn typed_handles_come_back_or_the_migration_is_returned() -> R {
    let record = fx::transitioned()?.into_record();
    let any = AnyMigration::resume(record.clone(), Anchor::Head(record.head))?;
    let err = Migration::<Validation>::try_from(any).unwrap_err();
    assert_eq!(
        (err.expected(), err.found()),
        (StageName::Validation, StageName::Transition)
    );
    assert_eq!(err.code(), "resume.wrong_stage");
    // what a person reads names both stages
    assert_eq!(
        err.to_string(),
        "the migration is in transition, not in validation"
    );
    let typed = Migration::<Transition>::try_from(err.into_inner())?;
    assert_eq!(typed.into_record(), record);
    Ok(())
}

#[test]
fn scores_are_stored_as_exact_hundredths() -> R {
    let m = steady(validated()?.stabilize(&reading(100.0 * 7.0 / 9.0), t(4))?);
    let last = m.lineage().last().expect("an event");
    assert_eq!(
        last.detail,
        EventDetail::Stabilized {
            score_hundredths: 7778, // 77.777… rounds to 77.78
            band: Band::Reliable
        }
    );
    let json = serde_json::to_string(last)?;
    assert!(json.contains("\"score_hundredths\":7778"), "{json}");
    assert!(
        !json.contains('.'),
        "no fractional number in an event: {json}"
    );
    Ok(())
}

// ---------------------------------------------------------------- anchors

#[test]
fn the_anchored_load_refuses_a_rewritten_history() -> R {
    let record = fx::transitioned()?.into_record();
    let key = SealKey::from_bytes([5; 32]);
    let seal = record.seal(&key);

    // someone who can write the store rewrites the history, re-chains it, and appends an
    // approved-looking correction so it passes for an amended record
    let mut rewritten = record.clone();
    rewritten.events[1].at += Duration::minutes(5);
    let rewritten = rewritten.rechain()?.amend(Correction::new(
        1,
        "documents[0].location",
        "https://mallory.example/guide",
        "mallory",
        "cover tracks",
        GovernanceBody::Tsc,
        t(10),
    ))?;
    let code = |r: Result<AnyMigration, ResumeError>| r.map(|m| m.stage()).unwrap_err().code();
    assert_eq!(
        code(AnyMigration::resume(
            rewritten.clone(),
            Anchor::Head(record.head)
        )),
        "resume.unexpected_head"
    );
    assert_eq!(
        code(AnyMigration::resume(
            rewritten.clone(),
            Anchor::Seal { seal, key: &key }
        )),
        "resume.bad_seal"
    );
    assert_eq!(
        code(AnyMigration::resume_unanchored(rewritten)),
        "resume.amendment_needs_anchor"
    );

    // a seal under another key, or of another record, does not verify
    let other = SealKey::from_bytes([6; 32]);
    assert_eq!(
        code(AnyMigration::resume(
            record.clone(),
            Anchor::Seal {
                seal: record.seal(&other),
                key: &key
            }
        )),
        "resume.bad_seal"
    );
    // the honest record resumes under each anchor, and without one
    assert!(AnyMigration::resume(record.clone(), Anchor::Head(record.head)).is_ok());
    assert!(AnyMigration::resume(record.clone(), Anchor::Seal { seal, key: &key }).is_ok());
    assert!(record.verify(Anchor::Seal { seal, key: &key }).is_ok());
    assert!(record.verify_unanchored().is_ok());
    assert!(AnyMigration::resume_unanchored(record.clone()).is_ok());
    // without an anchor, an edit is still caught: it breaks the chain
    let mut edited = record;
    edited.events[1].at += chrono::Duration::seconds(1);
    assert_eq!(
        edited.verify_unanchored().unwrap_err().code(),
        "resume.digest_mismatch"
    );
    Ok(())
}

fn correction(event: u32, field: &str, value: &str) -> Correction {
    Correction::new(
        event,
        field,
        value,
        "ops",
        "the guide moved to the new portal",
        GovernanceBody::Tsc,
        t(10),
    )
}

#[test]
fn an_amendment_appends_and_resumes_under_an_anchor_that_covers_it() -> R {
    let record = fx::transitioned()?.into_record();
    let amended = record.amend(correction(1, "documents[0].location", "https://portal/g"))?;
    // append-only: every event of the old history is there, byte for byte
    assert_eq!(amended.events[..record.events.len()], record.events[..]);
    assert_eq!(amended.events.len(), record.events.len() + 1);
    let last = amended.events.last().expect("events");
    assert!(matches!(
        &last.detail,
        EventDetail::Corrected { event: 1, field, .. } if field == "documents[0].location"
    ));
    // the service holding the old head sees exactly one correction appended
    assert_eq!(amended.extends(record.head)?, 1);
    // the head stored before the amendment does not cover it; the new head does
    assert!(AnyMigration::resume(amended.clone(), Anchor::Head(record.head)).is_err());
    let any = AnyMigration::resume(amended.clone(), Anchor::Head(amended.head))?;
    assert_eq!(any.stage(), StageName::Transition);
    // shown corrected, recorded as it was
    let shown = any.lineage().corrected();
    let EventDetail::Prepared { documents, .. } = &shown[1].detail else {
        panic!("a plan")
    };
    assert_eq!(documents[0].location, "https://portal/g");
    assert_eq!(any.lineage().events()[1], record.events[1]);
    // a blank correction is refused
    for blank in [
        {
            let mut correction = correction(1, "documents[0].location", "x");
            correction.by = " ".into();
            correction
        },
        {
            let mut correction = correction(1, "documents[0].location", "x");
            correction.reason = "".into();
            correction
        },
        correction(1, "documents[0].location", " "),
    ] {
        assert_eq!(
            record.amend(blank).map(|r| r.head).unwrap_err().code(),
            "resume.illegal_event"
        );
    }
    // a correction before the last event is time going backwards
    let early = {
        let mut correction = correction(1, "documents[0].location", "x");
        correction.at = t(0);
        correction
    };
    assert_eq!(
        record.amend(early).unwrap_err().code(),
        "resume.time_went_backwards"
    );
    Ok(())
}

#[test]
fn an_amendment_never_repairs_an_edited_history() -> R {
    // `amend` corrects a sound history; an edited one stays refused
    let mut record = fx::transitioned()?.into_record();
    if let EventDetail::Prepared { documents, .. } = &mut record.events[1].detail {
        documents.push(Document {
            kind: DocumentKind::DeveloperTutorial,
            location: "docs/tutorial".into(),
        });
    }
    assert_eq!(
        record
            .amend(correction(1, "documents[0].location", "x"))
            .unwrap_err()
            .code(),
        "resume.digest_mismatch"
    );
    Ok(())
}

#[test]
fn a_correction_approved_by_a_body_that_does_not_govern_is_refused() -> R {
    // an API migration is structural: the TSC governs it, not the SCO
    let record = fx::transitioned()?.into_record();
    let by_sco = {
        let mut correction = correction(1, "documents[0].location", "x");
        correction.approved_by = GovernanceBody::Sco;
        correction
    };
    assert_eq!(
        record.amend(by_sco).unwrap_err().code(),
        "resume.ungoverned_correction"
    );
    Ok(())
}

/// Every field of every event kind, tried as a correction: only the fields that decide
/// nothing (a document's location, a signer's name, free text) are accepted, and they are
/// exactly the ones `correctable_fields` lists.
#[test]
fn only_fields_that_decide_nothing_can_be_corrected() -> R {
    use std::collections::BTreeSet;
    // records holding every event kind between them
    let mut records = every_record()?;
    records.extend([
        fell_back()?,
        rejected()?,
        throttled()?,
        remediated()?,
        done()?,
    ]);
    let mut accepted = BTreeSet::new();
    let mut kinds = BTreeSet::new();
    for record in &records {
        let record = match record.events.get(1).map(|e| &e.detail) {
            Some(EventDetail::Prepared { .. }) => record.amend({
                let mut correction = correction(1, "documents[0].location", "x");
                correction.at = record.events[record.events.len() - 1].at;
                correction
            })?,
            _ => record.clone(),
        };
        let last = record.events.last().expect("events").at;
        for e in &record.events {
            kinds.insert(e.detail.name());
            let listed: BTreeSet<String> = e.detail.correctable_fields().into_iter().collect();
            // every leaf of the event's JSON, as a path
            let mut paths = Vec::new();
            leaves(&serde_json::to_value(&e.detail)?, String::new(), &mut paths);
            for path in paths {
                // the JSON wraps the detail in its kind's name
                let field = path
                    .split_once('.')
                    .map_or(String::new(), |(_, rest)| rest.to_owned());
                if field.is_empty() {
                    continue;
                }
                let fix = {
                    let mut correction = correction(e.seq, &field, "corrected text");
                    correction.at = last;
                    correction
                };
                match record.amend(fix) {
                    Ok(amended) => {
                        assert!(
                            listed.contains(&field),
                            "{} {field} was accepted",
                            e.detail.name()
                        );
                        // and the history as corrected shows the corrected text there
                        let head = amended.head;
                        let m = AnyMigration::resume(amended, Anchor::Head(head))?;
                        let shown =
                            serde_json::to_string(&m.lineage().corrected()[e.seq as usize])?;
                        assert!(
                            shown.contains("corrected text"),
                            "{} {field}",
                            e.detail.name()
                        );
                        accepted.insert(format!("{} {field}", e.detail.name()));
                    }
                    Err(err) => {
                        assert!(
                            !listed.contains(&field),
                            "{} {field}: {err}",
                            e.detail.name()
                        );
                        assert_eq!(
                            err.code(),
                            "resume.decisive_correction",
                            "{} {field}",
                            e.detail.name()
                        );
                    }
                }
            }
        }
    }
    // the records cover every event kind but the ones a failed record cannot end in
    for kind in [
        "opened",
        "prepared",
        "transitioned",
        "validation_passed",
        "validation_failed",
        "rolled_out",
        "stabilized",
        "health_recorded",
        "throttled",
        "fell_back",
        "remediated",
        "completed",
        "released",
        "corrected",
    ] {
        assert!(kinds.contains(kind), "no {kind} event tried");
    }
    // and what was accepted is what decides nothing
    for a in &accepted {
        let leaf = a.rsplit('.').next().unwrap_or(a);
        assert!(
            [
                "location",
                "by",
                "root_cause",
                "fixes",
                "decision",
                "detail",
                "check",
                "evidence",
                "reason"
            ]
            .iter()
            .any(|ok| leaf.ends_with(ok)),
            "{a}"
        );
    }
    assert!(accepted
        .iter()
        .any(|a| a.starts_with("prepared documents[")));
    assert!(accepted
        .iter()
        .any(|a| a.starts_with("remediated root_cause")));
    // a field of an event after the correction, or of no event, is refused too
    let record = fx::transitioned()?.into_record();
    for (event, field) in [
        (3, "documents[0].location"),
        (99, "by"),
        (1, "documents[9].location"),
        (1, "documents[00].location"),
        (1, ""),
        (1, "documents.location"),
    ] {
        assert_eq!(
            record
                .amend(correction(event, field, "x"))
                .unwrap_err()
                .code(),
            "resume.decisive_correction",
            "{event} {field}"
        );
    }
    Ok(())
}

/// Every leaf of a JSON value as a dotted path with list indices (`a.b[2].c`).
fn leaves(v: &serde_json::Value, at: String, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let next = if at.is_empty() {
                    k.clone()
                } else {
                    format!("{at}.{k}")
                };
                leaves(v, next, out);
            }
        }
        serde_json::Value::Array(items) if !items.is_empty() => {
            for (i, v) in items.iter().enumerate() {
                leaves(v, format!("{at}[{i}]"), out);
            }
        }
        _ => out.push(at),
    }
}

#[test]
fn records_of_another_format_fail_with_a_format_error() -> R {
    let record = fx::transitioned()?.into_record();
    let json = serde_json::to_string(&record)?;
    assert!(json.starts_with("{\"format\":3,"), "{json}");
    let v1 = json.replacen("\"format\":3", "\"format\":1", 1);
    let err = serde_json::from_str::<MigrationRecord>(&v1).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("record format 1 is not supported; this crate reads format 3"),
        "{err}"
    );
    let mut r = record.clone();
    r.format = 4;
    assert_eq!(
        AnyMigration::resume(r, Anchor::Head(record.head))
            .unwrap_err()
            .code(),
        "resume.unsupported_format"
    );
    Ok(())
}

#[test]
fn malformed_digests_name_the_bad_input() -> R {
    let record = fx::transitioned()?.into_record();
    let json = serde_json::to_string(&record)?;
    let bad = json.replacen(&record.head.to_string(), "not-a-digest", 1);
    let err = serde_json::from_str::<MigrationRecord>(&bad).unwrap_err();
    assert!(
        err.to_string().contains("\"not-a-digest\" is not a digest"),
        "{err}"
    );
    let err = "x".repeat(70).parse::<Digest>().unwrap_err();
    assert_eq!(err.code(), "digest.malformed");
    assert_eq!(err.input(), format!("{}…", "x".repeat(16)));
    Ok(())
}

#[test]
fn unknown_stages_and_fields_never_parse() -> R {
    let record = fx::transitioned()?.into_record();
    let json = serde_json::to_string(&record)?;
    let unknown = json.replace("\"stage\":\"transition\"", "\"stage\":\"ascension\"");
    assert!(serde_json::from_str::<MigrationRecord>(&unknown).is_err());
    let extra = json.replacen('{', "{\"admin\":true,", 1);
    assert!(serde_json::from_str::<MigrationRecord>(&extra).is_err());
    let in_event = json.replacen("\"seq\":1,", "\"seq\":1,\"admin\":true,", 1);
    assert!(serde_json::from_str::<MigrationRecord>(&in_event).is_err());
    let in_detail = json.replacen("\"approvals\":[]", "\"approvals\":[],\"admin\":true", 1);
    assert_ne!(in_detail, json);
    assert!(serde_json::from_str::<MigrationRecord>(&in_detail).is_err());
    Ok(())
}

// ---------------------------------------------------------------- forged records

/// How a forged record is presented.
#[derive(Clone, Copy)]
enum Forgery {
    /// The edit is loaded as it is, under the record's (edited) head.
    AsIs,
    /// A forger who knows the digest algorithm re-chains the edited history (an amendment
    /// dated far in the future): the flow's rules must still refuse it.
    Rechained,
}

struct Case {
    name: &'static str,
    base: fn() -> Res<MigrationRecord>,
    edit: fn(&mut MigrationRecord),
    forgery: Forgery,
    code: &'static str,
}

fn detected() -> Res<MigrationRecord> {
    Ok(fx::detected()?.into_record())
}
fn transitioned() -> Res<MigrationRecord> {
    Ok(fx::transitioned()?.into_record())
}
fn stabilizing() -> Res<MigrationRecord> {
    Ok(steady(validated()?.stabilize(&reading(93.0), t(4))?).into_record())
}
fn done() -> Res<MigrationRecord> {
    Ok(steady(validated()?.stabilize(&reading(93.0), t(4))?)
        .complete(t(24 * 200), &Policy::default())?
        .into_record())
}
fn forced() -> Res<MigrationRecord> {
    let notice = {
        let mut notice = fx::notice();
        notice.triggers = vec![Trigger::SecurityViolation];
        notice.severity = Some(Severity::Moderate);
        notice
    };
    Ok(Migration::open(notice, t(0), &policy())?.into_record())
}
fn restricted() -> Res<MigrationRecord> {
    let HealthOutcome::Restricted(m) = validated()?.stabilize(&reading(10.0), t(4))? else {
        return Err("expected a restriction".into());
    };
    Ok(m.into_record())
}
fn remediated() -> Res<MigrationRecord> {
    let fallen = fx::transitioned()?.fall_back(
        FallbackReason::PartnerRequest,
        fx::tsc(t(3)),
        t(3),
        &Policy::default(),
    )?;
    let fix = Remediation::new("cause", "fix", Severity::Minor);
    Ok(fallen
        .remediate(fix, &fx::plan(), t(4), &policy())?
        .into_record())
}
fn fell_back() -> Res<MigrationRecord> {
    Ok(fx::transitioned()?
        .fall_back(
            FallbackReason::PartnerRequest,
            fx::tsc(t(3)),
            t(3),
            &Policy::default(),
        )?
        .into_record())
}

fn opened(r: &mut MigrationRecord) -> &mut EventDetail {
    &mut r.events[0].detail
}

macro_rules! opened_field {
    ($r:expr, $field:ident) => {
        match opened($r) {
            EventDetail::Opened(o) => &mut o.$field,
            other => panic!("not an opening event: {other:?}"),
        }
    };
}

/// Moves the opening to `origin` → `target` everywhere it is named: the header, the
/// fallback target and the contracts' versions.
fn versions(r: &mut MigrationRecord, origin: &str, target: &str) {
    let (from, to) = (
        Version::parse(origin).unwrap(),
        Version::parse(target).unwrap(),
    );
    match opened(r) {
        EventDetail::Opened(o) => {
            let Opening {
                origin,
                target,
                fallback_target,
                contracts,
                ..
            } = &mut **o;
            *origin = from.clone();
            *fallback_target = from.clone();
            *target = to.clone();
            let c = contracts.as_mut().expect("the fixture carries contracts");
            c.old.version = from.clone();
            c.new.version = to.clone();
        }
        other => panic!("not an opening event: {other:?}"),
    }
    r.origin = from;
    r.target = to;
}

fn rejected() -> Res<MigrationRecord> {
    let Validated::Failed(m) = fx::transitioned()?.validate(
        &[fx::failed_suite(t(3))],
        t(3),
        &policy(),
        &fx::platform(),
    )?
    else {
        return Err("expected a failure".into());
    };
    Ok(m.into_record())
}
/// A forced (moderate) security migration whose validation failed, restricted and
/// remediated as moderate: its window counts from the notice.
fn forced_remediated() -> Res<MigrationRecord> {
    let plan = fx::plan_with_sco();
    let m = Migration::open(fx::forced_notice(Severity::Moderate), t(0), &policy())?
        .prepare(&plan, t(1))?;
    let m = m.transition(fx::release(), t(2), &policy(), &fx::platform())?;
    let Validated::Failed(m) =
        m.validate(&[fx::failed_suite(t(3))], t(3), &policy(), &fx::platform())?
    else {
        return Err("expected a failure".into());
    };
    let fix = Remediation::new("cause", "fix", Severity::Moderate);
    Ok(m.restrict(t(4))?
        .remediate(fix, &plan, t(5), &policy())?
        .into_record())
}
/// Withdrawn by the partner after a fallback, with the TSC's approval.
fn withdrawn() -> Res<MigrationRecord> {
    let w = Withdrawal::new(
        WithdrawnBy::Partner,
        "the partner sunsets the extension",
        Approval {
            body: GovernanceBody::Tsc,
            by: "tsc".into(),
            at: t(5),
        },
    );
    Ok(Migration::<FallenBack>::try_from(AnyMigration::resume(
        fell_back()?,
        Anchor::Head(fell_back()?.head),
    )?)?
    .withdraw(w, t(5))?
    .into_record())
}
/// Failed 2.0.0, remediated, and a fixed 2.0.1 placed in transition (the same operations:
/// the fix is in the code behind them).
fn fixed_again() -> Res<MigrationRecord> {
    let Validated::Failed(m) = fx::transitioned()?.validate(
        &[fx::failed_suite(t(3))],
        t(3),
        &policy(),
        &fx::platform(),
    )?
    else {
        return Err("expected a failure".into());
    };
    let fix = Remediation::new("cause", "fix", Severity::Minor);
    let m = m
        .restrict(t(4))?
        .remediate(fix, &fx::plan(), t(5), &policy())?;
    let mut release = fx::release();
    release.version = Version::new(2, 0, 1);
    if let Some(c) = release.evidence.contract.as_mut() {
        c.version = Version::new(2, 0, 1);
    }
    Ok(m.transition(release, t(6), &policy(), &fx::platform())?
        .into_record())
}
fn throttled() -> Res<MigrationRecord> {
    let HealthOutcome::AtRisk(m) = validated()?.stabilize(&reading(50.0), t(4))? else {
        return Err("expected a throttle".into());
    };
    Ok(m.into_record())
}
fn vulnerable() -> Res<MigrationRecord> {
    Ok(steady(validated()?.stabilize(&reading(65.0), t(4))?).into_record())
}

/// The fallback event of a record whose last event is one.
fn fallback_of(
    r: &mut MigrationRecord,
) -> (&mut FallbackReason, &mut bool, &mut FallbackAuthority) {
    let n = r.events.len() - 1;
    match &mut r.events[n].detail {
        EventDetail::FellBack {
            reason,
            restricted,
            authority,
            ..
        } => (reason, restricted, authority),
        other => panic!("not a fallback: {other:?}"),
    }
}

// Layouts: detected [opened]; transitioned [opened, prepared, transitioned];
// stabilizing [.., validation_passed 3, rolled_out 4, stabilized 5]; done [.., completed 6,
// released 7]; restricted [.., health_recorded 5, fell_back 6]; rejected [.., validation_failed
// 3]; throttled [.., throttled 5]; fell_back [.., fell_back 3]; remediated [.., remediated 4].
#[rustfmt::skip]
fn cases() -> Vec<Case> {
    use Forgery::{AsIs, Rechained};
    vec![
        // ---- the record as a whole
        Case { name: "no events", base: detected, edit: |r| r.events.clear(), forgery: AsIs, code: "resume.no_events" },
        Case { name: "unknown format", base: detected, edit: |r| r.format = 1, forgery: AsIs, code: "resume.unsupported_format" },
        Case { name: "head is not the last digest", base: transitioned, edit: |r| r.head = r.events[1].digest, forgery: AsIs, code: "resume.head_mismatch" },
        Case { name: "header partner", base: transitioned, edit: |r| r.partner = PartnerId::new("other").unwrap(), forgery: AsIs, code: "resume.header_mismatch" },
        Case { name: "header kind", base: transitioned, edit: |r| r.kind = MigrationKind::OsVersion, forgery: AsIs, code: "resume.header_mismatch" },
        Case { name: "header mode", base: transitioned, edit: |r| r.mode = Mode::Guided, forgery: AsIs, code: "resume.header_mismatch" },
        Case { name: "header origin", base: transitioned, edit: |r| r.origin = Version::new(1, 0, 0), forgery: AsIs, code: "resume.header_mismatch" },
        Case { name: "header target", base: transitioned, edit: |r| r.target = Version::new(3, 0, 0), forgery: AsIs, code: "resume.header_mismatch" },
        Case { name: "stage ahead of the events", base: stabilizing, edit: |r| r.stage = StageName::Continuity, forgery: Rechained, code: "resume.stage_mismatch" },
        Case { name: "completed without release", base: done, edit: |r| { r.events.pop(); r.head = r.events[r.events.len() - 1].digest; }, forgery: AsIs, code: "resume.truncated" },
        Case { name: "validated without rollout", base: stabilizing, edit: |r| { r.events.truncate(4); r.stage = StageName::Transition; r.head = r.events[3].digest; }, forgery: AsIs, code: "resume.truncated" },
        Case { name: "unstable reading without its restriction", base: restricted, edit: |r| { r.events.pop(); r.stage = StageName::Validation; r.head = r.events[r.events.len() - 1].digest; }, forgery: AsIs, code: "resume.truncated" },
        Case { name: "a correction between a step's two events", base: done, edit: |r| { r.events.pop(); let at = r.events[r.events.len() - 1].at; push(r, at, fix_location()); }, forgery: Rechained, code: "resume.illegal_event" },
        // ---- the chain
        Case { name: "an edited event", base: transitioned, edit: |r| r.events[1].at += Duration::seconds(1), forgery: AsIs, code: "resume.digest_mismatch" },
        Case { name: "an edited opening", base: transitioned, edit: |r| r.events[0].at += Duration::seconds(1), forgery: AsIs, code: "resume.digest_mismatch" },
        Case { name: "events reordered", base: stabilizing, edit: |r| r.events.swap(2, 3), forgery: AsIs, code: "resume.digest_mismatch" },
        Case { name: "an event removed", base: stabilizing, edit: |r| { r.events.remove(2); }, forgery: AsIs, code: "resume.digest_mismatch" },
        // ---- the opening event
        Case { name: "opening with another rite", base: detected, edit: |r| r.events[0].rite = Some(Rite::Release), forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "a lineage that does not begin with the notice", base: transitioned, edit: |r| { r.events.remove(0); }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "opening numbered 1", base: detected, edit: |r| r.events[0].seq = 1, forgery: Rechained, code: "resume.sequence" },
        Case { name: "no trigger", base: detected, edit: |r| opened_field!(r, triggers).clear(), forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "triggers unsorted", base: detected, edit: |r| { *opened_field!(r, triggers) = vec![Trigger::TierUpgrade, Trigger::ApiDeprecation]; }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "triggers repeated", base: detected, edit: |r| { *opened_field!(r, triggers) = vec![Trigger::ApiDeprecation, Trigger::ApiDeprecation]; }, forgery: Rechained, code: "resume.illegal_event" },
        // (the contracts follow the versions, so that only the version rule can refuse these)
        Case { name: "target below origin", base: detected, edit: |r| versions(r, "1.4.0", "1.0.0"), forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "target differs only in build metadata", base: detected, edit: |r| versions(r, "1.4.0", "1.4.0+b.1"), forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "pre-release target", base: detected, edit: |r| versions(r, "1.4.0", "2.0.0-rc.1"), forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "pre-release origin", base: detected, edit: |r| versions(r, "1.4.0-rc.1", "2.0.0"), forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "fallback target not the origin", base: detected, edit: |r| { *opened_field!(r, fallback_target) = Version::new(1, 3, 0); }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "contracts of other versions", base: detected, edit: |r| { *opened_field!(r, contracts) = Some(Box::new(Contracts { old: fx::contract(Version::new(1, 3, 0)), new: fx::contract(Version::new(2, 0, 0)) })); }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "a contract kind without contracts", base: detected, edit: |r| { *opened_field!(r, contracts) = None; }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "mode not following the compatibility", base: detected, edit: |r| { *opened_field!(r, compatibility) = Compatibility::Breaking; }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "window closes before it opens", base: detected, edit: |r| { let w = opened_field!(r, window); w.closes = w.opens - Duration::hours(1); }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "opened in fallback mode", base: detected, edit: |r| { *opened_field!(r, mode) = Mode::Fallback; r.mode = Mode::Fallback; }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "forced mode without a forced trigger", base: detected, edit: |r| { *opened_field!(r, mode) = Mode::Forced; r.mode = Mode::Forced; }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "forced trigger without forced mode", base: forced, edit: |r| { *opened_field!(r, mode) = Mode::Guided; r.mode = Mode::Guided; }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "forced without severity", base: forced, edit: |r| { *opened_field!(r, severity) = None; }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "forced without deadline", base: forced, edit: |r| { *opened_field!(r, remediation_deadline) = None; }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "severity without a forced trigger", base: detected, edit: |r| { *opened_field!(r, severity) = Some(Severity::Minor); *opened_field!(r, remediation_deadline) = Some(t(24)); }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "deadline before the notice", base: forced, edit: |r| { *opened_field!(r, remediation_deadline) = Some(t(-1)); }, forgery: Rechained, code: "resume.illegal_event" },
        // ---- every later event
        Case { name: "wrong rite", base: transitioned, edit: |r| r.events[1].rite = Some(Rite::Release), forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "renumbered", base: transitioned, edit: |r| r.events[2].seq = 5, forgery: Rechained, code: "resume.sequence" },
        Case { name: "time went backwards", base: stabilizing, edit: |r| r.events[3].at = r.events[1].at - Duration::hours(1), forgery: Rechained, code: "resume.time_went_backwards" },
        Case { name: "a step skipped", base: stabilizing, edit: |r| { r.events.remove(2); for (i, e) in r.events.iter_mut().enumerate() { e.seq = u32::try_from(i).unwrap(); } }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "reordered and renumbered", base: stabilizing, edit: |r| { r.events.swap(2, 3); r.events[2].seq = 2; r.events[3].seq = 3; }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "a plan document without a location", base: transitioned, edit: |r| { if let EventDetail::Prepared { documents, .. } = &mut r.events[1].detail { documents[0].location = " ".into(); } }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "an approval signed after the plan", base: transitioned, edit: |r| { let at = r.events[1].at + Duration::hours(1); if let EventDetail::Prepared { approvals, .. } = &mut r.events[1].detail { approvals.push(Approval { body: GovernanceBody::Tsc, by: "x".into(), at }); } }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "released version is not the target", base: transitioned, edit: |r| { if let EventDetail::Transitioned { version, .. } = &mut r.events[2].detail { *version = Version::new(9, 0, 0); } }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "a canary above 100 %", base: transitioned, edit: |r| { if let EventDetail::Transitioned { canary_percent, .. } = &mut r.events[2].detail { *canary_percent = 101; } }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "a release without its contract", base: transitioned, edit: |r| { if let EventDetail::Transitioned { evidence, .. } = &mut r.events[2].detail { std::sync::Arc::make_mut(evidence).contract = None; } }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "a rollout without validation", base: transitioned, edit: |r| { let at = r.events[2].at; push(r, at, EventDetail::RolledOut { fallback_until: t(24 * 300), recommended_until: t(24 * 400) }); }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "fallback window ends at rollout", base: stabilizing, edit: |r| { let at = r.events[4].at; if let EventDetail::RolledOut { fallback_until, .. } = &mut r.events[4].detail { *fallback_until = at; } }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "recommended window before the minimum", base: stabilizing, edit: |r| { if let EventDetail::RolledOut { fallback_until, recommended_until } = &mut r.events[4].detail { *recommended_until = *fallback_until - Duration::hours(1); } }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "a passed validation with a failed dimension", base: stabilizing, edit: |r| { if let EventDetail::ValidationPassed { dimensions, .. } = &mut r.events[3].detail { dimensions[0].verdict = Verdict::Fail; } }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "a passed validation missing a dimension", base: stabilizing, edit: |r| { if let EventDetail::ValidationPassed { dimensions, .. } = &mut r.events[3].detail { dimensions.pop(); } }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "a dimension neither computed nor attested that passed", base: stabilizing, edit: |r| { if let EventDetail::ValidationPassed { dimensions, .. } = &mut r.events[3].detail { dimensions[0].computed = false; } }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "a failed validation with every dimension passed", base: rejected, edit: |r| { if let EventDetail::ValidationFailed { dimensions, .. } = &mut r.events[3].detail { for d in dimensions.iter_mut() { d.verdict = Verdict::Pass; d.attestations.clear(); } } }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "a failed validation naming nothing", base: transitioned, edit: |r| { let at = r.events[2].at; push(r, at, EventDetail::ValidationFailed { dimensions: vec![], platform: std::sync::Arc::new(fx::platform()) }); }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "an unsigned attestation in a passed validation", base: stabilizing, edit: |r| { let at = r.events[3].at; if let EventDetail::ValidationPassed { dimensions, .. } = &mut r.events[3].detail { let d = dimensions[3].dimension; dimensions[3].attestations.push(Attestation::builder(d, Verdict::Pass, "security review", " ", at).evidence("SEC-1").build()); } }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "stabilized while at risk", base: stabilizing, edit: |r| { if let EventDetail::Stabilized { band, .. } = &mut r.events[5].detail { *band = Band::AtRisk; } }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "stabilized above 100 points", base: stabilizing, edit: |r| { if let EventDetail::Stabilized { score_hundredths, .. } = &mut r.events[5].detail { *score_hundredths = 10_001; } }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "a steady reading that does not stabilize", base: stabilizing, edit: |r| { r.events[5].rite = None; r.events[5].detail = EventDetail::HealthRecorded { score_hundredths: 9300, band: Band::Stable }; r.stage = StageName::Validation; }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "a reading above 100 points", base: stabilizing, edit: |r| { let at = r.events[5].at; push(r, at, EventDetail::HealthRecorded { score_hundredths: 10_001, band: Band::Stable }); }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "an at-risk reading that does not throttle", base: stabilizing, edit: |r| { let at = r.events[5].at; push(r, at, EventDetail::HealthRecorded { score_hundredths: 5000, band: Band::AtRisk }); }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "a throttle without risk or collapse", base: throttled, edit: |r| { if let EventDetail::Throttled { band, .. } = &mut r.events[5].detail { *band = Band::Stable; } }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "a blank review", base: vulnerable, edit: |r| { let at = r.events[5].at; push(r, at, EventDetail::Reviewed { by: " ".into(), decision: "continue".into() }); }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "an unstable reading followed by something else", base: restricted, edit: |r| { r.events.pop(); r.stage = StageName::Validation; let at = r.events[r.events.len() - 1].at; push(r, at, fix_location()); }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "a restriction without an unstable reading", base: fell_back, edit: |r| { let (reason, restricted, authority) = fallback_of(r); *reason = FallbackReason::HealthUnstable; *restricted = true; *authority = FallbackAuthority::Sanctioned; }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "restricted for another reason", base: restricted, edit: |r| { let (reason, _, _) = fallback_of(r); *reason = FallbackReason::PartnerRequest; }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "a partner request restricted", base: fell_back, edit: |r| { let (_, restricted, _) = fallback_of(r); *restricted = true; }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "fallback to another version", base: fell_back, edit: |r| { if let EventDetail::FellBack { to, .. } = &mut r.events[3].detail { *to = Version::new(1, 0, 0); } }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "blank fallback reason", base: fell_back, edit: |r| { let (reason, _, _) = fallback_of(r); *reason = FallbackReason::Other { detail: " ".into() }; }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "a fallback approved by another body", base: fell_back, edit: |r| { let (_, _, authority) = fallback_of(r); *authority = fx::approved(GovernanceBody::Erc, t(3)); }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "a fallback approved after it happened", base: fell_back, edit: |r| { let (_, _, authority) = fallback_of(r); *authority = fx::approved(GovernanceBody::Tsc, t(30)); }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "a partner request sanctioned without approval", base: fell_back, edit: |r| { let (_, _, authority) = fallback_of(r); *authority = FallbackAuthority::Sanctioned; }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "a failed-validation fallback sanctioned from transition", base: fell_back, edit: |r| { let (reason, _, authority) = fallback_of(r); *reason = FallbackReason::ValidationFailed; *authority = FallbackAuthority::Sanctioned; }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "an at-risk fallback sanctioned without a throttle", base: fell_back, edit: |r| { let (reason, _, authority) = fallback_of(r); *reason = FallbackReason::HealthAtRisk; *authority = FallbackAuthority::Sanctioned; }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "fallback from detection", base: detected, edit: |r| { let at = r.events[0].at; let to = r.origin.clone(); push(r, at, EventDetail::FellBack { reason: FallbackReason::PartnerRequest, to, restricted: false, authority: fx::tsc(at) }); }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "staying rejected", base: rejected, edit: |r| { let at = r.events[3].at; push(r, at, EventDetail::ValidationPassed { dimensions: vec![], platform: std::sync::Arc::new(fx::platform()) }); }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "remediation without root cause", base: remediated, edit: |r| { if let EventDetail::Remediated { root_cause, .. } = &mut r.events[4].detail { root_cause.clear(); } }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "remediation without fixes", base: remediated, edit: |r| { if let EventDetail::Remediated { fixes, .. } = &mut r.events[4].detail { *fixes = "  ".into(); } }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "remediation due before the problem was found", base: remediated, edit: |r| { if let EventDetail::Remediated { deadline, found_at, .. } = &mut r.events[4].detail { *deadline = *found_at - Duration::hours(1); } }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "remediation counted from another moment", base: remediated, edit: |r| { if let EventDetail::Remediated { found_at, .. } = &mut r.events[4].detail { *found_at -= Duration::hours(1); } }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "completed before the fallback window ran", base: done, edit: |r| { r.events[6].at = r.events[5].at; r.events[7].at = r.events[5].at; }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "completed below reliable", base: done, edit: |r| { if let EventDetail::Stabilized { band, .. } = &mut r.events[5].detail { *band = Band::Vulnerable; } }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "a completion band below vulnerable", base: done, edit: |r| { if let EventDetail::Completed { completion_band, .. } = &mut r.events[6].detail { *completion_band = Band::AtRisk; } }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "completed below its recorded completion band", base: done, edit: |r| { if let EventDetail::Stabilized { band, .. } = &mut r.events[5].detail { *band = Band::Reliable; }; if let EventDetail::Completed { completion_band, .. } = &mut r.events[6].detail { *completion_band = Band::Stable; } }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "completed without its warning", base: done, edit: |r| { if let EventDetail::Completed { below_recommended_window, .. } = &mut r.events[6].detail { *below_recommended_window = false; } }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "a lifecycle update retiring another version", base: done, edit: |r| { if let EventDetail::Completed { retired, .. } = &mut r.events[6].detail { *retired = Version::new(1, 0, 0); } }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "released twice", base: done, edit: |r| { let at = r.events[7].at; push(r, at, EventDetail::Released {}); }, forgery: Rechained, code: "resume.illegal_event" },
        // issue 23: nothing the writer of a record says can change a verdict
        Case { name: "a passed validation whose recorded evidence fails (no fallback API)", base: stabilizing, edit: |r| { if let EventDetail::Transitioned { evidence, .. } = &mut r.events[2].detail { std::sync::Arc::make_mut(evidence).fallback_apis.clear(); } }, forgery: Rechained, code: "resume.verdict_mismatch" },
        Case { name: "a passed validation under platform facts that fail it (empty matrix)", base: stabilizing, edit: |r| { if let EventDetail::ValidationPassed { platform, .. } = &mut r.events[3].detail { std::sync::Arc::make_mut(platform).matrix.rows.clear(); } }, forgery: Rechained, code: "resume.verdict_mismatch" },
        Case { name: "a failed validation rewritten as not applicable", base: rejected, edit: |r| { if let EventDetail::ValidationFailed { dimensions, .. } = &mut r.events[3].detail { dimensions[5].verdict = Verdict::Pass; } }, forgery: Rechained, code: "resume.verdict_mismatch" },
        Case { name: "a release above the recorded version ceiling", base: transitioned, edit: |r| { if let EventDetail::Transitioned { platform, .. } = &mut r.events[2].detail { std::sync::Arc::make_mut(platform).version_ceiling = Version::new(1, 9, 0); } }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "a grant outside the recorded power ceiling", base: transitioned, edit: |r| { if let EventDetail::Transitioned { platform, .. } = &mut r.events[2].detail { std::sync::Arc::make_mut(platform).power_ceiling = "read:orders/*".parse().unwrap(); } }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "a correction approved by a body that does not govern", base: transitioned, edit: |r| { let at = r.events[2].at; push(r, at, EventDetail::Corrected { event: 1, field: "documents[0].location".into(), value: "x".into(), by: "ops".into(), reason: "r".into(), approved_by: GovernanceBody::Sco }); }, forgery: Rechained, code: "resume.ungoverned_correction" },
        Case { name: "a correction of a verdict", base: stabilizing, edit: |r| { let at = r.events[5].at; push(r, at, EventDetail::Corrected { event: 3, field: "dimensions[0].verdict".into(), value: "fail".into(), by: "ops".into(), reason: "r".into(), approved_by: GovernanceBody::Tsc }); }, forgery: Rechained, code: "resume.decisive_correction" },
        Case { name: "a correction of a later event", base: transitioned, edit: |r| { let at = r.events[2].at; push(r, at, EventDetail::Corrected { event: 3, field: "reason".into(), value: "x".into(), by: "ops".into(), reason: "r".into(), approved_by: GovernanceBody::Tsc }); }, forgery: Rechained, code: "resume.decisive_correction" },
        Case { name: "a throttle at unstable", base: throttled, edit: |r| { if let EventDetail::Throttled { band, score_hundredths, .. } = &mut r.events[5].detail { *band = Band::Unstable; *score_hundredths = 1000; } }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "a collapse throttle at unstable", base: throttled, edit: |r| { if let EventDetail::Throttled { band, score_hundredths, collapse } = &mut r.events[5].detail { *band = Band::Unstable; *score_hundredths = 1000; *collapse = true; } }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "a reading's band above its score", base: stabilizing, edit: |r| { if let EventDetail::Stabilized { band, score_hundredths } = &mut r.events[5].detail { assert_eq!(*band, Band::Stable); *score_hundredths = 8999; } }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "a remediation downgraded in severity", base: forced_remediated, edit: |r| { let n = r.events.len() - 1; if let EventDetail::Remediated { severity, deadline, found_at, .. } = &mut r.events[n].detail { *severity = Severity::Minor; *deadline = *found_at + Duration::days(30); } }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "a re-validation failure that moves the deadline", base: forced_remediated, edit: |r| { let n = r.events.len() - 1; if let EventDetail::Remediated { deadline, found_at, .. } = &mut r.events[n].detail { *found_at = t(3); *deadline = t(3) + Duration::days(14); } }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "a remediation due later than the policy's window", base: forced_remediated, edit: |r| { let n = r.events.len() - 1; if let EventDetail::Remediated { deadline, .. } = &mut r.events[n].detail { *deadline += Duration::days(1); } }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "a record under another policy (rollout windows of the seeds, policy of 9 months)", base: stabilizing, edit: |r| { if let EventDetail::Opened(o) = &mut r.events[0].detail { *o.policy = Policy::builder().fallback_min_months(9).build().unwrap(); } }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "a forced deadline not the policy's", base: forced, edit: |r| { if let EventDetail::Opened(o) = &mut r.events[0].detail { o.remediation_deadline = Some(t(24 * 30)); } }, forgery: Rechained, code: "resume.illegal_event" },
        // issue 24: every migration can reach an end, inside the rules
        Case { name: "a rollout after the window", base: stabilizing, edit: |r| { if let EventDetail::Opened(o) = &mut r.events[0].detail { o.window.closes = t(2) + Duration::minutes(30); } }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "an extension approved by another body", base: transitioned, edit: |r| { let at = r.events[2].at; push(r, at, EventDetail::WindowExtended { closes: t(24 * 200), reason: "more time".into(), approval: Approval { body: GovernanceBody::Erc, by: "erc".into(), at } }); }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "an extension that shortens the window", base: transitioned, edit: |r| { let at = r.events[2].at; push(r, at, EventDetail::WindowExtended { closes: t(3), reason: "less time".into(), approval: Approval { body: GovernanceBody::Tsc, by: "tsc".into(), at } }); }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "a withdrawal onto another version", base: transitioned, edit: |r| { let at = r.events[2].at; push(r, at, EventDetail::Withdrawn { by: WithdrawnBy::Partner, reason: "stay".into(), approval: Approval { body: GovernanceBody::Tsc, by: "tsc".into(), at }, version: Version::new(2, 0, 0), grants: None }); r.stage = StageName::Withdrawn; }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "a withdrawal with wider grants", base: transitioned, edit: |r| { let at = r.events[2].at; push(r, at, EventDetail::Withdrawn { by: WithdrawnBy::Partner, reason: "stay".into(), approval: Approval { body: GovernanceBody::Tsc, by: "tsc".into(), at }, version: Version::new(1, 4, 0), grants: Some("write:*".parse().unwrap()) }); r.stage = StageName::Withdrawn; }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "a step after a withdrawal", base: withdrawn, edit: |r| { let at = r.events[r.events.len() - 1].at; push(r, at, EventDetail::WindowExtended { closes: t(24 * 500), reason: "r".into(), approval: Approval { body: GovernanceBody::Tsc, by: "tsc".into(), at } }); }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "a fixed release under the failed version with another contract", base: fixed_again, edit: |r| { let n = r.events.len() - 1; if let EventDetail::Transitioned { version, evidence, .. } = &mut r.events[n].detail { *version = Version::new(2, 0, 0); if let Some(c) = std::sync::Arc::make_mut(evidence).contract.as_mut() { c.version = Version::new(2, 0, 0); c.operations.insert("export_orders".into(), rules::Operation::new("GET /orders/export")); } } }, forgery: Rechained, code: "resume.illegal_event" },
        Case { name: "completed from transition", base: transitioned, edit: |r| { let at = t(24 * 400); push(r, at, EventDetail::Completed { below_recommended_window: false, current: Version::new(2, 0, 0), retired: Version::new(1, 4, 0), next_review: t(24 * 800), completion_band: Band::Reliable }); }, forgery: Rechained, code: "resume.illegal_event" },
    ]
}

/// Appends `detail` at `at` as the next event (its digest is left for the forgery to fix).
fn push(r: &mut MigrationRecord, at: chrono::DateTime<chrono::Utc>, detail: EventDetail) {
    r.events.push(Event {
        seq: u32::try_from(r.events.len()).unwrap(),
        at,
        rite: detail.rite(),
        detail,
        digest: Digest::GENESIS,
    });
}

/// A correction of the plan's first document's location, approved by the TSC.
fn fix_location() -> EventDetail {
    EventDetail::Corrected {
        event: 1,
        field: "documents[0].location".into(),
        value: "https://portal/guide".into(),
        by: "ops".into(),
        reason: "moved".into(),
        approved_by: GovernanceBody::Tsc,
    }
}

fn refusal(case: &Case) -> Res<&'static str> {
    let mut record = (case.base)()?;
    (case.edit)(&mut record);
    let outcome = match case.forgery {
        Forgery::AsIs => {
            // auditing a record gives the verdict loading it gives
            let verified = record
                .verify(Anchor::Head(record.head))
                .err()
                .map(|e| e.code());
            let resumed = AnyMigration::resume(record.clone(), Anchor::Head(record.head));
            if verified != resumed.as_ref().err().map(|e| e.code()) {
                return Err(format!("{}: verify says {verified:?}", case.name).into());
            }
            resumed.map(|m| m.stage())
        }
        Forgery::Rechained => record.rechain().map(|r| r.stage),
    };
    match outcome {
        Ok(stage) => Err(format!("{}: accepted (stage {stage})", case.name).into()),
        Err(e) => Ok(e.code()),
    }
}

#[test]
fn every_forged_record_is_refused_with_its_code() -> R {
    let mut wrong = Vec::new();
    for case in cases() {
        let code = refusal(&case)?;
        if code != case.code {
            wrong.push(format!("{}: {code}, expected {}", case.name, case.code));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    Ok(())
}

#[test]
fn every_base_of_the_table_resumes_unedited() -> R {
    for base in [
        detected,
        transitioned,
        stabilizing,
        done,
        forced,
        restricted,
        remediated,
        fell_back,
        forced_remediated,
        withdrawn,
        fixed_again,
        throttled,
        rejected,
    ] {
        let record = base()?;
        AnyMigration::resume(record.clone(), Anchor::Head(record.head))?;
        // and re-chained without an edit, it still resumes: the table's refusals come
        // from the edits, not from the re-chaining
        let again = record.rechain()?;
        AnyMigration::resume(again.clone(), Anchor::Head(again.head))?;
    }
    Ok(())
}

#[test]
fn an_opening_moved_to_other_stable_versions_with_its_contracts_still_resumes() -> R {
    // the control of the version rows above: moving the versions consistently is not a
    // forgery in itself, so those rows are refused by the version rule alone
    let mut record = detected()?;
    versions(&mut record, "1.3.0", "2.1.0");
    let again = record.rechain()?;
    let any = AnyMigration::resume(again.clone(), Anchor::Head(again.head))?;
    assert_eq!(
        (any.origin(), any.target()),
        (&Version::new(1, 3, 0), &Version::new(2, 1, 0))
    );
    Ok(())
}

#[test]
fn an_edit_names_the_first_bad_event() -> R {
    let mut r = stabilizing()?;
    r.events[1].at += Duration::seconds(1);
    assert_eq!(
        AnyMigration::resume(r.clone(), Anchor::Head(r.head)).unwrap_err(),
        ResumeError::Replay(ReplayError::DigestMismatch { seq: 1 })
    );
    Ok(())
}

#[test]
fn a_resumed_migration_is_validated_again_from_its_record_alone() -> R {
    // a service stores the record after the rollout, and nothing else
    let record = fx::transitioned()?.into_record();
    let head = record.head;
    let json = serde_json::to_string(&record)?;
    drop(record);
    // a later request: the record and the platform's own facts are all it has
    let loaded: MigrationRecord = serde_json::from_str(&json)?;
    let m = Migration::<Transition>::try_from(AnyMigration::resume(loaded, Anchor::Head(head))?)?;
    assert!(m.evidence().is_some());
    assert!(m.contracts().is_some());
    let report = m.validation_report(&[], t(3), &fx::platform());
    assert!(report.passed(), "{report}");
    let direct = fx::transitioned()?.validation_report(&[], t(3), &fx::platform());
    assert_eq!(report, direct, "the record holds all the evidence");
    let Validated::Passed(m) = m.validate(&[], t(3), &policy(), &fx::platform())? else {
        panic!("validation should pass");
    };
    assert_eq!(m.stage(), StageName::Validation);
    Ok(())
}

/// The replay holds a record to the policy it carries: what the recorded policy allows
/// resumes (a whole canary, a recommended window as long as the minimum, under a policy that
/// names those departures), the same edits under the seed policy are refused, and so is a
/// record whose policy was swapped for a more lenient one.
#[test]
fn the_replay_holds_a_record_to_the_policy_it_carries() -> R {
    let lenient = Policy::builder()
        .max_canary_percent(100)
        .departure(
            SeedFloor::MaxCanaryPercent,
            "a pilot partner, whole canary by agreement",
        )
        .fallback_recommended_months(6)
        .departure(
            SeedFloor::FallbackRecommendedMonths,
            "a short-lived extension",
        )
        .build()?;
    let canary = |policy: &Policy, percent: u8| -> Res<MigrationRecord> {
        let mut r = fx::transitioned_under(policy)?.into_record();
        if let EventDetail::Transitioned { canary_percent, .. } = &mut r.events[2].detail {
            *canary_percent = percent;
        }
        Ok(r)
    };
    assert!(
        canary(&lenient, 100)?.rechain().is_ok(),
        "the lenient policy allows it"
    );
    assert_eq!(
        canary(&Policy::default(), 6)?.rechain().unwrap_err().code(),
        "resume.illegal_event",
        "the seed policy allows 5 %"
    );
    assert_eq!(
        canary(&lenient, 101)?.rechain().unwrap_err().code(),
        "resume.illegal_event"
    );
    // the rollout's windows are the recorded policy's, to the second
    let validated = fx::validated_under(&lenient)?.into_record();
    assert!(validated.rechain().is_ok());
    let mut r = fx::validated()?.into_record();
    if let EventDetail::RolledOut {
        fallback_until,
        recommended_until,
    } = &mut r.events[4].detail
    {
        *recommended_until = *fallback_until;
    }
    assert_eq!(r.rechain().unwrap_err().code(), "resume.illegal_event");
    // swapping the recorded policy for a lenient one makes the record's own rollout wrong
    let mut swapped = fx::validated()?.into_record();
    if let EventDetail::Opened(o) = &mut swapped.events[0].detail {
        *o.policy = lenient.clone();
    }
    assert_eq!(
        swapped.rechain().unwrap_err().code(),
        "resume.illegal_event"
    );
    Ok(())
}

/// A record is resumed under its own policy, and a step under another is refused: the
/// record says which policy it was written under, and nothing changes it silently.
#[test]
fn a_record_resumed_under_another_policy_is_refused_a_step() -> R {
    let record = fx::transitioned()?.into_record();
    let m = Migration::<Transition>::try_from(AnyMigration::resume(
        record.clone(),
        Anchor::Head(record.head),
    )?)?;
    assert_eq!(m.policy(), &Policy::default());
    let stricter = Policy::builder().fallback_min_months(9).build()?;
    let refused = m
        .validate(&[], t(3), &stricter, &fx::platform())
        .unwrap_err();
    assert_eq!(refused.reason().code(), "flow.policy_changed");
    let m = refused.into_inner();
    assert!(m
        .validate(&[], t(3), &Policy::default(), &fx::platform())
        .is_ok());
    Ok(())
}

/// A perfect score is a score: readings of exactly 100 points resume, in every event that
/// holds one.
#[test]
fn a_perfect_score_resumes() -> R {
    let m = steady(validated()?.stabilize(&reading(100.0), t(4))?);
    let m = steady(m.monitor(&reading(100.0), t(5))?);
    let record = m.into_record();
    AnyMigration::resume(record.clone(), Anchor::Head(record.head))?;
    // a collapse recorded at 100 points (the score is the recent median) is a score too
    let mut r = throttled()?;
    if let EventDetail::Throttled {
        score_hundredths,
        collapse,
        ..
    } = &mut r.events[5].detail
    {
        *score_hundredths = 10_000;
        *collapse = true;
    }
    r.rechain()?;
    Ok(())
}

/// Every field of an event is under its digest, down to a deprecation's dates in the
/// contracts the migration opened with: moving a sunset in a stored record is caught.
#[test]
fn a_deprecation_in_the_contracts_is_under_the_digest() -> R {
    let mut contracts = fx::contracts();
    let deprecation = rules::Deprecation {
        since: t(-24 * 200),
        sunset: t(24 * 30),
    };
    for c in [&mut contracts.old, &mut contracts.new] {
        c.operations.get_mut("list_orders").unwrap().deprecated = Some(deprecation);
    }
    let notice = {
        let mut notice = fx::notice();
        notice.contracts = Some(contracts);
        notice
    };
    let record = Migration::open(notice, t(0), &policy())?.into_record();
    assert!(record.verify_unanchored().is_ok());
    for moved in [Duration::days(1), Duration::days(-1)] {
        let mut edited = record.clone();
        let EventDetail::Opened(o) = &mut edited.events[0].detail else {
            panic!("the opening event holds the contracts");
        };
        let Some(c) = &mut o.contracts else {
            panic!("the opening event holds the contracts");
        };
        let d = c.old.operations.get_mut("list_orders").unwrap();
        d.deprecated.as_mut().unwrap().sunset += moved;
        assert_eq!(
            edited.verify_unanchored().unwrap_err().code(),
            "resume.digest_mismatch"
        );
    }
    Ok(())
}

/// Deleting a verdict event cannot pass for an amendment: a forger who cuts the failed
/// validation and the fallback out of a stored record, re-chains what is left and appends a
/// correction gets a record that resumes on its own, but not under the service's anchor, and
/// it is not the stored history plus corrections.
#[test]
fn a_deleted_verdict_event_is_not_an_extension_of_the_stored_history() -> R {
    let stored = fixed_again()?; // ... validation_failed, fell_back, remediated, transitioned
    let key = SealKey::from_bytes([9; 32]);
    let seal = stored.seal(&key);
    let mut cut = stored.clone();
    cut.events.truncate(3); // opened, prepared, transitioned: the failure is gone
    cut.stage = StageName::Transition;
    let forged = cut.rechain()?.amend(Correction::new(
        1,
        "documents[0].location",
        "https://docs.example/guide",
        "ops",
        "cover tracks",
        GovernanceBody::Tsc,
        t(10),
    ))?;
    assert_eq!(
        forged.extends(stored.head).unwrap_err().code(),
        "resume.not_an_extension"
    );
    assert_eq!(
        forged
            .verify(Anchor::Seal { seal, key: &key })
            .unwrap_err()
            .code(),
        "resume.bad_seal"
    );
    assert_eq!(
        forged.verify(Anchor::Head(stored.head)).unwrap_err().code(),
        "resume.unexpected_head"
    );
    // the honest amendment of the same record keeps every event and extends it
    let honest = stored.amend(Correction::new(
        1,
        "documents[0].location",
        "https://docs.example/guide",
        "ops",
        "the guide moved",
        GovernanceBody::Tsc,
        t(10),
    ))?;
    assert_eq!(honest.extends(stored.head)?, 1);
    assert!(honest
        .events
        .iter()
        .any(|e| e.detail.name() == "validation_failed"));
    Ok(())
}

/// A version requirement in a record is written one way, as semver writes it: another
/// spelling of the same requirement does not load (every verifier hashes the same text).
#[test]
fn a_requirement_in_another_spelling_does_not_load() -> R {
    let record = fx::transitioned()?.into_record();
    let json = serde_json::to_string(&record)?;
    assert!(json.contains("\"versions\":\">=2, <4\""));
    let respelled = json.replace("\"versions\":\">=2, <4\"", "\"versions\":\">= 2 , < 4\"");
    assert_ne!(respelled, json);
    let err = serde_json::from_str::<MigrationRecord>(&respelled).unwrap_err();
    assert!(
        err.to_string().contains("not written as semver writes it"),
        "{err}"
    );
    Ok(())
}

/// The record carries every value of the policy: the keys of the recorded policy are the keys
/// of a policy's own JSON, so a field added to `Policy` cannot be left out of the record.
#[test]
fn the_record_carries_every_policy_field() -> R {
    let policy = serde_json::to_value(Policy::default())?;
    let record = serde_json::to_value(fx::detected()?.into_record())?;
    let recorded = &record["events"][0]["detail"]["opened"]["policy"];
    let keys = |v: &serde_json::Value| -> Vec<String> {
        v.as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    };
    assert!(!keys(&policy).is_empty());
    assert_eq!(keys(recorded), keys(&policy));
    Ok(())
}

/// The evidence of each release event, in order.
fn release_evidence(record: &MigrationRecord) -> Vec<&std::sync::Arc<Evidence>> {
    record
        .events
        .iter()
        .filter_map(|e| match &e.detail {
            EventDetail::Transitioned { evidence, .. } => Some(evidence),
            _ => None,
        })
        .collect()
}

/// A retried release that brings the evidence of the release before it holds that one, in
/// the flow and in a record read back; a release with other evidence holds its own. The
/// digests are the same either way (the record verifies, and reads back to equal bytes).
#[test]
fn a_retried_release_holds_the_evidence_of_the_one_before() {
    let policy = Policy::default();
    let platform = fx::platform();
    let m = fx::after_failed_attempts(2).unwrap();
    // a third release with other evidence: one fallback API fewer
    let mut other = fx::release();
    other.evidence.fallback_apis.pop();
    let moved = m.transition(other, t(6), &policy, &platform).unwrap();
    let record = moved.into_record();
    record.verify(Anchor::Head(record.head)).unwrap();
    let json = record.to_json().unwrap();
    let read = MigrationRecord::from_json(&json).unwrap();
    assert_eq!(read.to_json().unwrap(), json);
    for r in [&record, &read] {
        let held = release_evidence(r);
        assert_eq!(held.len(), 3);
        assert!(std::sync::Arc::ptr_eq(held[0], held[1]), "the retry shares");
        assert!(
            !std::sync::Arc::ptr_eq(held[1], held[2]),
            "other evidence is its own"
        );
        assert_ne!(held[1], held[2]);
    }
    AnyMigration::resume(read, Anchor::Head(record.head)).unwrap();
}

/// A replay remembers what the checks of a release that do not read the time found, for
/// that very release only (the same notice, evidence, platform facts, version and
/// documents): attempts of one release under other platform facts get their own verdicts,
/// and a forged verdict of a retry the replay answers from memory is refused.
#[test]
fn remembered_checks_answer_for_their_release_only() -> R {
    let policy = policy();
    let p1 = fx::platform();
    // the same facts but no supported runtime: every runtime the release uses is
    // unsupported, a structure error found with evidence missing (a computed failure)
    let mut p2 = fx::platform();
    p2.supported_runtimes.clear();
    let mut m = fx::prepared()?;
    let mut h = 2;
    for platform in [&p1, &p2, &p1, &p1] {
        let moved = m.transition(fx::release(), t(h), &policy, platform)?;
        let Validated::Failed(failed) =
            moved.validate(&[fx::failed_suite(t(h))], t(h), &policy, platform)?
        else {
            panic!("the failed suite fails validation")
        };
        let fallen = failed.fall_back(
            FallbackReason::ValidationFailed,
            FallbackAuthority::Sanctioned,
            t(h),
            &policy,
        )?;
        let fix = Remediation::new("flaky", "retry", Severity::Minor);
        m = fallen.remediate(fix, &fx::plan(), t(h + 1), &policy)?;
        h += 2;
    }
    let record = m.into_record();
    let structure: Vec<Verdict> = record
        .events
        .iter()
        .filter_map(|e| match &e.detail {
            EventDetail::ValidationFailed { dimensions, .. } => Some(dimensions[1].verdict),
            _ => None,
        })
        .collect();
    use Verdict::{Fail, Pass};
    assert_eq!(structure, [Pass, Fail, Pass, Pass]);
    record.verify(Anchor::Head(record.head))?;
    // the last attempt's structure verdict, forged: the replay answers its timeless checks
    // from the attempt before (the same release under the same facts) and still refuses it
    let mut forged = record.clone();
    let last = forged
        .events
        .iter_mut()
        .rev()
        .find_map(|e| match &mut e.detail {
            EventDetail::ValidationFailed { dimensions, .. } => Some(dimensions),
            _ => None,
        })
        .ok_or("a validation")?;
    last[1].verdict = Verdict::Fail;
    let err = forged.rechain().expect_err("a forged verdict");
    assert_eq!(err.code(), "resume.verdict_mismatch");
    Ok(())
}

/// The replay names the first event that breaks a rule, wherever it stands: the digests
/// are computed two events at a time, but each event is checked in turn. An edit at any
/// place is refused at that place, and an event whose digest is wrong after one that breaks
/// a rule (re-chained up to it) leaves the rule named first, at either place in a pair.
#[test]
fn the_first_failing_event_is_named_wherever_it_stands() -> R {
    let record = fx::readings(11)?;
    let n = record.events.len();
    assert!(n >= 12, "{n} events");
    let seq_of = |err: ResumeError| match err {
        ResumeError::Replay(
            ReplayError::DigestMismatch { seq } | ReplayError::Sequence { seq, .. },
        ) => Some(seq),
        _ => None,
    };
    for k in 1..n {
        // an edit: the chain breaks at `k`
        let mut edited = record.clone();
        edited.events[k].at += Duration::seconds(1);
        let err = edited
            .verify(Anchor::Head(edited.head))
            .expect_err("an edit");
        assert_eq!(err.code(), "resume.digest_mismatch", "edit at {k}");
        assert_eq!(seq_of(err), Some(k as u32), "edit at {k}");
        // a sequence number skipped at `k`, re-chained up to `k` only: the event after it
        // no longer chains, but `k` is refused first
        if k + 1 < n {
            let mut skipped = record.clone();
            skipped.events[k].seq += 1;
            let mut prev = skipped.events[k - 1].digest;
            let e = &mut skipped.events[k];
            e.digest = e.chained_digest(&prev);
            prev = e.digest;
            assert_ne!(
                skipped.events[k + 1].chained_digest(&prev),
                skipped.events[k + 1].digest
            );
            let err = skipped
                .verify(Anchor::Head(skipped.head))
                .expect_err("a skipped number");
            assert_eq!(err.code(), "resume.sequence", "skip at {k}");
            assert_eq!(seq_of(err), Some(k as u32 + 1), "skip at {k}");
        }
    }
    Ok(())
}
