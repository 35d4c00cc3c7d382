//! The platform service of `examples/platform_service.rs` under a real race: two threads,
//! each with its own SQLite connection to one database file, load the same migration, both
//! advance it, and both try to store it under the head they loaded. Exactly one update
//! matches; the other request gets [`ServiceError::Conflict`], reloads and retries, and the
//! stored lineage holds both steps once each, in the order they were stored.

#[allow(dead_code)]
#[path = "../examples/platform_service.rs"]
mod service;

use std::error::Error;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier};
use std::thread;

use chrono::{DateTime, Duration, Utc};
use kwanus_migration::{
    Anchor, AnyMigration, Band, Digest, EventDetail, HealthInputs, Migration, MigrationRecord,
    PartnerId, ReplayError, ResumeError, SealKey, Stabilization, StageName, Transition,
};
use semver::Version;
use service::{Inputs, Rules, Service, ServiceError, Stored};

type R<T> = Result<T, Box<dyn Error>>;

/// How many times the race runs.
const RACES: usize = 50;

fn t0() -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp(1_767_571_200, 0).unwrap_or_default() // 2026-01-05
}

fn key() -> SealKey {
    SealKey::from_bytes([42; 32])
}

/// A fresh database file under the target's temporary directory.
fn fresh_db(name: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}.sqlite3"));
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.clone().into_os_string();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
    path
}

/// Opens `partner`'s migration and drives it to Stabilization, one request a step.
fn stabilized(svc: &Service, partner: &PartnerId, inputs: &Inputs) -> R<()> {
    let notice = service::notice(partner.clone(), Version::new(1, 4, 0), t0())?;
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
    path: &Path,
    rules: Rules,
    partner: &PartnerId,
    mut inputs: Inputs,
    score: f64,
    at: DateTime<Utc>,
    barrier: &Barrier,
) -> Result<Outcome, ServiceError> {
    let svc = Service::open(path, key(), rules)?;
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
        Err(e) => Err(e),
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

#[test]
fn racing_requests_store_each_step_exactly_once() -> R<()> {
    let path = fresh_db("platform_service_race");
    let rules = Rules::kwanus()?;
    let setup = Service::open(&path, key(), rules.clone())?;
    let catalog = rules.platform.catalog.clone();
    let mut wins = [0usize; 2];
    for i in 0..RACES {
        let partner = PartnerId::new(format!("race-{i:02}"))?;
        let inputs = service::inputs(&partner, t0(), &catalog)?;
        stabilized(&setup, &partner, &inputs)?;
        let before = setup.load(&partner)?;
        let (base_head, base_len) = (before.head, before.migration.lineage().len());

        // two monitoring readings arrive at once, one to each instance
        let at = t0() + Duration::hours(6);
        let barrier = Arc::new(Barrier::new(2));
        let racers: Vec<_> = [91.0, 82.0]
            .into_iter()
            .map(|score| {
                let (path, partner, inputs) = (path.clone(), partner.clone(), inputs.clone());
                let (rules, barrier) = (rules.clone(), Arc::clone(&barrier));
                thread::spawn(move || request(&path, rules, &partner, inputs, score, at, &barrier))
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
        let conn = rusqlite::Connection::open(&path)?;
        let (json, head): (String, String) = conn.query_row(
            "SELECT record, head FROM migrations WHERE partner = ?1",
            [partner.as_str()],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        let record: MigrationRecord = serde_json::from_str(&json)?;
        let resumed = AnyMigration::resume(record, Anchor::Head(head.parse()?))?;
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

#[test]
fn a_retry_advances_the_stage_the_winner_left() -> R<()> {
    let path = fresh_db("platform_service_retry");
    let rules = Rules::kwanus()?;
    let (a, b) = (
        Service::open(&path, key(), rules.clone())?,
        Service::open(&path, key(), rules.clone())?,
    );
    let partner = PartnerId::new("acme-billing")?;
    let inputs = service::inputs(&partner, t0(), &rules.platform.catalog)?;
    let opened = a.open_migration(
        service::notice(partner.clone(), Version::new(1, 4, 0), t0())?,
        t0(),
    )?;
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
    // opening twice is refused, typed
    let again = a.open_migration(
        service::notice(partner.clone(), Version::new(1, 4, 0), t0())?,
        t0(),
    );
    assert!(matches!(again, Err(ServiceError::AlreadyOpen { .. })));
    Ok(())
}

#[test]
fn a_record_edited_in_the_database_does_not_resume() -> R<()> {
    let path = fresh_db("platform_service_tamper");
    let rules = Rules::kwanus()?;
    let svc = Service::open(&path, key(), rules.clone())?;
    let partner = PartnerId::new("acme-billing")?;
    let inputs = service::inputs(&partner, t0(), &rules.platform.catalog)?;
    stabilized(&svc, &partner, &inputs)?;
    let conn = rusqlite::Connection::open(&path)?;
    // someone with write access to the table re-points the migration guide
    let edited = conn.execute(
        "UPDATE migrations SET record = replace(record, 'https://partners.example/', 'https://elsewhere.example/')
         WHERE partner = ?1",
        [partner.as_str()],
    )?;
    assert_eq!(edited, 1);
    match svc.load(&partner) {
        Err(ServiceError::Resume(ResumeError::Replay(ReplayError::DigestMismatch { seq }))) => {
            assert_eq!(seq, 1, "the preparation event holds the documents");
        }
        other => return Err(format!("expected a resume error, got {other:?}").into()),
    }
    // and a request on it fails the same way, writing nothing
    assert!(matches!(
        svc.advance(&partner, t0() + Duration::hours(6), &inputs),
        Err(ServiceError::Resume(_))
    ));
    Ok(())
}

/// Whatever the variant, a service error that holds one of the crate's errors answers with
/// its code in one call (`code_of` through the source chain); the service's own errors have
/// none.
#[test]
fn a_service_error_answers_with_the_crate_code() -> R<()> {
    let path = fresh_db("platform_service_codes");
    let rules = Rules::kwanus()?;
    let svc = Service::open(&path, key(), rules.clone())?;
    let partner = PartnerId::new("acme-billing")?;
    let inputs = service::inputs(&partner, t0(), &rules.platform.catalog)?;
    stabilized(&svc, &partner, &inputs)?;
    // a step back in time is refused by the flow
    let refused = svc
        .advance(&partner, t0(), &inputs)
        .err()
        .ok_or("a step back in time is refused")?;
    assert!(matches!(refused, ServiceError::Refused { .. }), "{refused}");
    assert_eq!(refused.code(), Some("flow.time_went_backwards"));
    // a notice without a trigger (a boxed OpenError inside the service's error)
    let mut notice = service::notice(PartnerId::new("globex-crm")?, Version::new(1, 4, 0), t0())?;
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
