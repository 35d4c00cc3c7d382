//! The platform service under real races, on both stores: threads, each with its own
//! connection to one database, load the same migration, advance it, and store it under the
//! head they loaded. Exactly one update matches; the other request gets
//! [`ServiceError::Conflict`], reloads and retries, and the stored lineage holds both steps
//! once each, in the order they were stored. And what the door refuses: a row whose JSON is
//! corrupted, or whose head column is not the record's, is refused with its code and left
//! as it is, while the other partners carry on.
//!
//! Every test runs on SQLite (a file under the target directory) and on PostgreSQL (a schema
//! of its own on the server `KWANUS_DATABASE_URL` names). Without that variable the
//! PostgreSQL tests are skipped, and say so; under `CI=true` they fail instead.
//! `scripts/with-postgres.sh cargo test -p kwanus-service-example` starts a server for them.

use std::error::Error;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier};
use std::thread;

use chrono::{DateTime, Duration, Utc};
use kwanus_migration::{
    Anchor, AnyMigration, Band, Digest, EventDetail, HealthInputs, LoadError, Migration, PartnerId,
    ReplayError, ResumeError, SealKey, Stabilization, StageName, Transition,
};
use kwanus_service_example::{
    inputs, notice, Inputs, PgStore, Rules, Service, ServiceError, SqliteStore, Store, Stored,
};
use semver::Version;

type R<T> = Result<T, Box<dyn Error>>;

/// How many times the race runs.
const RACES: usize = 50;

fn t0() -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp(1_767_571_200, 0).unwrap_or_default() // 2026-01-05
}

fn key() -> SealKey {
    SealKey::from_bytes([42; 32])
}

/// Where a test's database is: a fresh SQLite file, or a fresh schema on a PostgreSQL server.
#[derive(Debug, Clone)]
enum Target {
    Sqlite(PathBuf),
    Postgres { url: String, schema: String },
}

impl Target {
    fn sqlite(name: &str) -> Target {
        let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}.sqlite3"));
        for suffix in ["", "-wal", "-shm"] {
            let mut p = path.clone().into_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(p); // absent is fine
        }
        Target::Sqlite(path)
    }

    /// The PostgreSQL target, or `None` (said on stderr) when no server is named; under
    /// `CI=true` a missing server is an error.
    fn postgres(name: &str) -> R<Option<Target>> {
        let Ok(url) = std::env::var("KWANUS_DATABASE_URL") else {
            if std::env::var("CI").is_ok_and(|ci| ci == "true") {
                return Err(
                    "CI=true and KWANUS_DATABASE_URL is not set: the PostgreSQL tests \
                            must run (examples/service/scripts/with-postgres.sh starts a server)"
                        .into(),
                );
            }
            eprintln!(
                "skipped {name} on PostgreSQL: KWANUS_DATABASE_URL is not set \
                 (examples/service/scripts/with-postgres.sh cargo test -p kwanus-service-example \
                 starts a throwaway server)"
            );
            return Ok(None);
        };
        let schema = format!("test_{name}");
        let mut client = postgres::Client::connect(&url, postgres::NoTls)?;
        client.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))?;
        Ok(Some(Target::Postgres { url, schema }))
    }

    fn store(&self) -> R<Box<dyn Store>> {
        Ok(match self {
            Target::Sqlite(path) => Box::new(SqliteStore::open(path)?),
            Target::Postgres { url, schema } => Box::new(PgStore::connect_in_schema(url, schema)?),
        })
    }

    fn service(&self, rules: &Rules) -> R<Service> {
        Ok(Service::new(self.store()?, key(), rules.clone()))
    }

    /// Runs `sql` (one parameter, `$1`: the partner) straight on the database, as someone
    /// with write access to the table would: the number of rows changed.
    fn exec(&self, sql: &str, partner: &str) -> R<u64> {
        Ok(match self {
            Target::Sqlite(path) => {
                rusqlite::Connection::open(path)?.execute(sql, [partner])? as u64
            }
            Target::Postgres { url, schema } => {
                let mut c = postgres::Client::connect(url, postgres::NoTls)?;
                c.batch_execute(&format!("SET search_path TO {schema}"))?;
                c.execute(sql, &[&partner])?
            }
        })
    }

    /// The row's columns as text: record, head, stage, next deadline kind.
    fn columns(&self, partner: &str) -> R<(String, String, String, Option<String>)> {
        let sql =
            "SELECT record, head, stage, next_deadline_kind FROM migrations WHERE partner = $1";
        Ok(match self {
            Target::Sqlite(path) => {
                rusqlite::Connection::open(path)?.query_row(sql, [partner], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })?
            }
            Target::Postgres { url, schema } => {
                let mut c = postgres::Client::connect(url, postgres::NoTls)?;
                c.batch_execute(&format!("SET search_path TO {schema}"))?;
                let r = c.query_one(sql, &[&partner])?;
                (r.get(0), r.get(1), r.get(2), r.get(3))
            }
        })
    }
}

/// Each test once on SQLite and once on PostgreSQL.
macro_rules! on_both {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[test]
            fn sqlite() -> super::R<()> {
                super::$name(&super::Target::sqlite(concat!(stringify!($name), "_sqlite")))
            }
            #[test]
            fn postgres() -> super::R<()> {
                match super::Target::postgres(stringify!($name))? {
                    Some(target) => super::$name(&target),
                    None => Ok(()),
                }
            }
        }
    )*};
}

on_both!(
    racing_requests_store_each_step_exactly_once,
    a_retry_advances_the_stage_the_winner_left,
    a_record_edited_in_the_database_does_not_resume,
    a_service_error_answers_with_the_crate_code,
    corrupted_json_is_refused_with_its_code_and_left_alone,
    a_head_column_that_is_not_the_records_is_refused,
    a_request_sent_again_is_answered_from_its_receipt,
    racing_copies_of_one_request_store_it_once,
    a_cut_connection_is_retried_on_a_new_one,
    racing_openings_store_one,
);

/// Opens `partner`'s migration and drives it to Stabilization, one request a step.
fn stabilized(svc: &mut Service, partner: &PartnerId, inputs: &Inputs) -> R<()> {
    let notice = notice(partner.clone(), Version::new(1, 4, 0), t0())?;
    svc.open_migration(notice, t0())?;
    for h in 1..=4 {
        svc.advance(partner, t0() + Duration::hours(h), inputs)?;
    }
    let loaded = svc.load(partner)?;
    assert_eq!(loaded.migration.stage(), StageName::Stabilization);
    Ok(())
}

/// What one racing request did.
#[derive(Debug)]
struct Outcome {
    score: f64,
    /// The conflict it met, if it lost: the head it had loaded.
    lost_at: Option<Digest>,
    stored: Stored,
}

/// One racing request on its own connection: load, wait for the other to load, advance and
/// store; on a conflict, reload and retry once.
fn request(
    target: &Target,
    rules: &Rules,
    partner: &PartnerId,
    mut inputs: Inputs,
    score: f64,
    at: DateTime<Utc>,
    barrier: &Barrier,
) -> R<Outcome> {
    let mut svc = target.service(rules)?;
    inputs.health = HealthInputs::uniform(score);
    let loaded = svc.load(partner)?;
    barrier.wait(); // both have loaded the same head before either stores
    match svc.advance_loaded(loaded, at, &inputs) {
        Ok(stored) => Ok(Outcome {
            score,
            lost_at: None,
            stored,
        }),
        Err(ServiceError::Conflict {
            partner: p,
            expected_head,
        }) => {
            assert_eq!(&p, partner);
            let stored = svc.advance(partner, at, &inputs)?;
            Ok(Outcome {
                score,
                lost_at: Some(expected_head),
                stored,
            })
        }
        Err(e) => Err(e.into()),
    }
}

/// The score a health-recorded event holds, in hundredths.
fn recorded(detail: &EventDetail) -> Option<u16> {
    match detail {
        EventDetail::HealthRecorded {
            score_hundredths, ..
        } => Some(*score_hundredths),
        _ => None,
    }
}

fn racing_requests_store_each_step_exactly_once(target: &Target) -> R<()> {
    let rules = Rules::kwanus()?;
    let mut setup = target.service(&rules)?;
    let catalog = rules.platform.catalog.clone();
    let mut wins = [0usize; 2];
    for i in 0..RACES {
        let partner = PartnerId::new(format!("race-{i:02}"))?;
        let inputs = inputs(&partner, t0(), &catalog)?;
        stabilized(&mut setup, &partner, &inputs)?;
        let before = setup.load(&partner)?;
        let (base_head, base_len) = (before.head, before.migration.lineage().len());

        // two monitoring readings arrive at once, one to each instance
        let at = t0() + Duration::hours(6);
        let barrier = Arc::new(Barrier::new(2));
        let racers: Vec<_> = [91.0, 82.0]
            .into_iter()
            .map(|score| {
                let (target, partner, inputs) = (target.clone(), partner.clone(), inputs.clone());
                let (rules, barrier) = (rules.clone(), Arc::clone(&barrier));
                thread::spawn(move || {
                    request(&target, &rules, &partner, inputs, score, at, &barrier)
                        .map_err(|e| e.to_string())
                })
            })
            .collect();
        let mut outcomes = Vec::new();
        for racer in racers {
            let outcome = racer.join().map_err(|_| "a racing request panicked")??;
            outcomes.push(outcome);
        }

        // exactly one won; the loser met the conflict on the head both loaded, and retried
        let (won, lost): (Vec<&Outcome>, Vec<&Outcome>) =
            outcomes.iter().partition(|o| o.lost_at.is_none());
        assert_eq!((won.len(), lost.len()), (1, 1), "race {i}: {outcomes:?}");
        let (won, lost) = (won[0], lost[0]);
        assert_eq!(lost.lost_at, Some(base_head), "race {i}");
        assert_eq!(won.stored.appended, 1);
        assert_eq!(lost.stored.appended, 1);
        wins[usize::from(won.score < 90.0)] += 1;

        // the stored record resumes, under the seal and under the head column alike
        let after = setup.load(&partner)?;
        assert_eq!(
            after.head, lost.stored.head,
            "race {i}: the retry stored last"
        );
        let (json, head, stage, _) = target.columns(partner.as_str())?;
        assert_eq!(stage, "stabilization");
        let resumed = AnyMigration::resume_json(&json, Anchor::Head(head.parse()?))?;
        assert_eq!(resumed, after.migration);
        let m = Migration::<Stabilization>::try_from(resumed)?;

        // both readings, once each, winner first, and nothing else appended
        let events = m.lineage().events();
        assert_eq!(events.len(), base_len + 2, "race {i}: lost or doubled");
        let hundredths = |score: f64| (score * 100.0) as u16;
        let tail: Vec<Option<u16>> = events[base_len..]
            .iter()
            .map(|e| recorded(&e.detail))
            .collect();
        assert_eq!(
            tail,
            [Some(hundredths(won.score)), Some(hundredths(lost.score))],
            "race {i}"
        );
        assert_eq!(
            events.iter().filter_map(|e| recorded(&e.detail)).count(),
            2,
            "race {i}: only the two readings are health records"
        );
        assert!(events.windows(2).all(|w| w[0].seq + 1 == w[1].seq));
        let band = if lost.score >= 90.0 {
            Band::Stable
        } else {
            Band::Reliable
        };
        assert_eq!(
            m.last_band(),
            Some(band),
            "race {i}: the last reading decides"
        );
    }
    // both orders happened is likely but not guaranteed; report it
    eprintln!(
        "{RACES} races: the 91.0 reading won {}, the 82.0 reading won {}",
        wins[0], wins[1]
    );
    Ok(())
}

fn a_retry_advances_the_stage_the_winner_left(target: &Target) -> R<()> {
    let rules = Rules::kwanus()?;
    let (mut a, mut b) = (target.service(&rules)?, target.service(&rules)?);
    let partner = PartnerId::new("acme-billing")?;
    let inputs = inputs(&partner, t0(), &rules.platform.catalog)?;
    let opened = a.open_migration(notice(partner.clone(), Version::new(1, 4, 0), t0())?, t0())?;
    let at = t0() + Duration::hours(1);
    let (first, second) = (a.load(&partner)?, b.load(&partner)?);
    let won = a.advance_loaded(first, at, &inputs)?;
    assert_eq!(won.stage, StageName::Preparation);
    match b.advance_loaded(second, at, &inputs) {
        Err(ServiceError::Conflict { expected_head, .. }) => assert_eq!(expected_head, opened),
        other => return Err(format!("expected a conflict, got {other:?}").into()),
    }
    // the stale request wrote nothing
    assert_eq!(a.load(&partner)?.head, won.head);
    let retried = b.advance_retrying(&partner, at, &inputs, 2)?;
    assert_eq!(
        (retried.stage, retried.conflicts),
        (StageName::Transition, 0)
    );
    let m = Migration::<Transition>::try_from(a.load(&partner)?.migration)?;
    let names: Vec<&str> = m.lineage().iter().map(|e| e.detail.name()).collect();
    assert_eq!(names, ["opened", "prepared", "transitioned"]);
    // the stage and the next deadline are columns of their own
    let (_, head, stage, due) = target.columns(partner.as_str())?;
    assert_eq!(head, m.lineage().head().to_string());
    assert_eq!(
        (stage.as_str(), due.as_deref()),
        ("transition", Some("window_close"))
    );
    // opening twice is refused, typed
    let again = a.open_migration(notice(partner.clone(), Version::new(1, 4, 0), t0())?, t0());
    assert!(matches!(again, Err(ServiceError::AlreadyOpen { .. })));
    Ok(())
}

fn a_record_edited_in_the_database_does_not_resume(target: &Target) -> R<()> {
    let rules = Rules::kwanus()?;
    let mut svc = target.service(&rules)?;
    let partner = PartnerId::new("acme-billing")?;
    let inputs = inputs(&partner, t0(), &rules.platform.catalog)?;
    stabilized(&mut svc, &partner, &inputs)?;
    // someone with write access to the table re-points the migration guide
    let edited = target.exec(
        "UPDATE migrations SET record = replace(record, 'https://partners.example/', 'https://elsewhere.example/')
         WHERE partner = $1",
        partner.as_str(),
    )?;
    assert_eq!(edited, 1);
    match svc.load(&partner) {
        Err(ServiceError::Load {
            source: LoadError::Resume(ResumeError::Replay(ReplayError::DigestMismatch { seq })),
            ..
        }) => {
            assert_eq!(seq, 1, "the preparation event holds the documents");
        }
        other => return Err(format!("expected a resume error, got {other:?}").into()),
    }
    // and a request on it fails the same way, writing nothing
    let refused = svc
        .advance(&partner, t0() + Duration::hours(6), &inputs)
        .err()
        .ok_or("an edited record is refused")?;
    assert_eq!(refused.code(), Some("resume.digest_mismatch"), "{refused}");
    Ok(())
}

/// Whatever the variant, a service error that holds one of the crate's errors answers with
/// its code in one call (`code_of` through the source chain); the service's own errors have
/// none.
fn a_service_error_answers_with_the_crate_code(target: &Target) -> R<()> {
    let rules = Rules::kwanus()?;
    let mut svc = target.service(&rules)?;
    let partner = PartnerId::new("acme-billing")?;
    let inputs = inputs(&partner, t0(), &rules.platform.catalog)?;
    stabilized(&mut svc, &partner, &inputs)?;
    // a step back in time is refused by the flow
    let refused = svc
        .advance(&partner, t0(), &inputs)
        .err()
        .ok_or("a step back in time is refused")?;
    assert!(matches!(refused, ServiceError::Refused { .. }), "{refused}");
    assert_eq!(refused.code(), Some("flow.time_went_backwards"));
    // a notice without a trigger (a boxed OpenError inside the service's error)
    let mut notice = notice(PartnerId::new("globex-crm")?, Version::new(1, 4, 0), t0())?;
    notice.triggers.clear();
    let open = svc
        .open_migration(notice, t0())
        .err()
        .ok_or("a notice without a trigger is refused")?;
    assert_eq!(open.code(), Some("open.no_trigger"));
    // the service's own errors carry no code of the crate
    let missing = svc
        .load(&PartnerId::new("nobody")?)
        .err()
        .ok_or("no migration is stored")?;
    assert_eq!(missing.code(), None);
    Ok(())
}

/// Two partners driven to Stabilization; the first is then damaged by `damage` (SQL on its
/// row). A request for it is refused with `code` and its row is left exactly as damaged;
/// the other partner's request is served.
fn refused_at_the_door(target: &Target, damage: &str, code: &str) -> R<()> {
    let rules = Rules::kwanus()?;
    let mut svc = target.service(&rules)?;
    let (bad, good) = (
        PartnerId::new("acme-billing")?,
        PartnerId::new("globex-crm")?,
    );
    let inputs_bad = inputs(&bad, t0(), &rules.platform.catalog)?;
    let inputs_good = inputs(&good, t0(), &rules.platform.catalog)?;
    stabilized(&mut svc, &bad, &inputs_bad)?;
    stabilized(&mut svc, &good, &inputs_good)?;
    assert_eq!(target.exec(damage, bad.as_str())?, 1);
    let damaged = target.columns(bad.as_str())?;
    let at = t0() + Duration::hours(6);
    for attempt in 0..2 {
        let err = svc
            .request(&format!("bad-{attempt}"), &bad, at, &inputs_bad, 3)
            .err()
            .ok_or("a damaged row is refused")?;
        assert!(matches!(err, ServiceError::Load { .. }), "{err}");
        assert_eq!(err.code(), Some(code), "{err}");
        // never rewritten: the row is byte for byte what the damage left
        assert_eq!(target.columns(bad.as_str())?, damaged);
    }
    // the rest of the fleet carries on
    let served = svc.request("good-0", &good, at, &inputs_good, 3)?;
    assert_eq!((served.appended, served.replayed), (1, false));
    Ok(())
}

fn corrupted_json_is_refused_with_its_code_and_left_alone(target: &Target) -> R<()> {
    // a write cut short: the JSON ends halfway
    refused_at_the_door(
        target,
        "UPDATE migrations SET record = substr(record, 1, 200) WHERE partner = $1",
        "load.malformed_json",
    )
}

fn a_head_column_that_is_not_the_records_is_refused(target: &Target) -> R<()> {
    // the head column of another row: a digest, just not this record's
    refused_at_the_door(
        target,
        "UPDATE migrations SET head = (SELECT head FROM migrations WHERE partner <> $1 LIMIT 1)
         WHERE partner = $1",
        "resume.unexpected_head",
    )
}

fn a_request_sent_again_is_answered_from_its_receipt(target: &Target) -> R<()> {
    let rules = Rules::kwanus()?;
    let (mut a, mut b) = (target.service(&rules)?, target.service(&rules)?);
    let partner = PartnerId::new("acme-billing")?;
    let inputs = inputs(&partner, t0(), &rules.platform.catalog)?;
    a.open_migration(notice(partner.clone(), Version::new(1, 4, 0), t0())?, t0())?;
    let at = t0() + Duration::hours(1);
    let first = a.request("req-1", &partner, at, &inputs, 3)?;
    // the client lost the answer and sends it again, to another instance
    let again = b.request("req-1", &partner, at, &inputs, 3)?;
    assert!(!first.replayed && again.replayed);
    assert_eq!((again.stage, again.head), (first.stage, first.head));
    assert_eq!(
        a.load(&partner)?.migration.lineage().len(),
        2,
        "stored once"
    );
    // a new request id is a new step
    let next = b.request("req-2", &partner, at, &inputs, 3)?;
    assert_eq!((next.stage, next.replayed), (StageName::Transition, false));
    // an id is one request: sent for another partner, it is refused
    let other = PartnerId::new("globex-crm")?;
    a.open_migration(notice(other.clone(), Version::new(1, 4, 0), t0())?, t0())?;
    let reused = a.request("req-1", &other, at, &inputs, 3);
    assert!(
        matches!(reused, Err(ServiceError::RequestIdReused { .. })),
        "{reused:?}"
    );
    Ok(())
}

fn racing_copies_of_one_request_store_it_once(target: &Target) -> R<()> {
    let rules = Rules::kwanus()?;
    let mut setup = target.service(&rules)?;
    for i in 0..20 {
        let partner = PartnerId::new(format!("copy-{i:02}"))?;
        let inputs = inputs(&partner, t0(), &rules.platform.catalog)?;
        stabilized(&mut setup, &partner, &inputs)?;
        let before = setup.load(&partner)?.migration.lineage().len();
        let barrier = Arc::new(Barrier::new(2));
        let copies: Vec<_> = (0..2)
            .map(|_| {
                let (target, rules, barrier) =
                    (target.clone(), rules.clone(), Arc::clone(&barrier));
                let (partner, inputs) = (partner.clone(), inputs.clone());
                let id = format!("copy-{i:02}-step");
                thread::spawn(move || -> Result<Stored, String> {
                    let mut svc = target.service(&rules).map_err(|e| e.to_string())?;
                    barrier.wait();
                    svc.request(&id, &partner, t0() + Duration::hours(6), &inputs, 5)
                        .map_err(|e| e.to_string())
                })
            })
            .collect();
        let mut answers = Vec::new();
        for copy in copies {
            answers.push(copy.join().map_err(|_| "a copy panicked")??);
        }
        assert_eq!(
            answers.iter().filter(|s| !s.replayed).count(),
            1,
            "{answers:?}"
        );
        assert_eq!(answers[0].head, answers[1].head);
        let after = setup.load(&partner)?.migration.lineage().len();
        assert_eq!(after, before + 1, "copy {i}: applied once");
    }
    Ok(())
}

fn a_cut_connection_is_retried_on_a_new_one(target: &Target) -> R<()> {
    let rules = Rules::kwanus()?;
    let mut svc = target.service(&rules)?;
    let partner = PartnerId::new("acme-billing")?;
    let inputs = inputs(&partner, t0(), &rules.platform.catalog)?;
    svc.open_migration(notice(partner.clone(), Version::new(1, 4, 0), t0())?, t0())?;
    svc.db().cut()?;
    let stored = svc.request("after-cut", &partner, t0() + Duration::hours(1), &inputs, 3)?;
    assert_eq!(
        (stored.reconnects, stored.appended, stored.replayed),
        (1, 1, false)
    );
    assert_eq!(svc.load(&partner)?.migration.lineage().len(), 2);
    Ok(())
}

fn racing_openings_store_one(target: &Target) -> R<()> {
    let rules = Rules::kwanus()?;
    for i in 0..10 {
        let partner = PartnerId::new(format!("open-{i:02}"))?;
        let barrier = Arc::new(Barrier::new(2));
        let openers: Vec<_> = (0..2)
            .map(|k| {
                let (target, rules, barrier) =
                    (target.clone(), rules.clone(), Arc::clone(&barrier));
                let partner = partner.clone();
                thread::spawn(move || -> Result<bool, String> {
                    let mut svc = target.service(&rules).map_err(|e| e.to_string())?;
                    let at = t0() + Duration::minutes(k);
                    let notice =
                        notice(partner, Version::new(1, 4, 0), at).map_err(|e| e.to_string())?;
                    barrier.wait();
                    match svc.open_migration(notice, at) {
                        Ok(_) => Ok(true),
                        Err(ServiceError::AlreadyOpen { .. }) => Ok(false),
                        Err(e) => Err(e.to_string()),
                    }
                })
            })
            .collect();
        let mut opened = 0;
        for opener in openers {
            opened += usize::from(opener.join().map_err(|_| "an opener panicked")??);
        }
        assert_eq!(opened, 1, "opening {i}");
    }
    Ok(())
}
