//! A stateless platform service on a real embedded database: every migration is one SQLite
//! row keyed by partner, holding the record's JSON, its head digest, its seal under the
//! platform's key, its stage and its next deadline. The service itself is the library of
//! this package (`src/`), which also runs on PostgreSQL.
//!
//! Each request loads the row, resumes the record under the seal it stored
//! ([`Anchor::Seal`](kwanus_migration::Anchor::Seal)), advances the migration by the one
//! step its stage calls for, and stores the new record with **compare-and-set on the head
//! digest**:
//!
//! ```sql
//! UPDATE migrations SET record = ?, head = ?, seal = ?, … WHERE partner = ? AND head = ?
//! ```
//!
//! The update changes one row only if the stored head is still the one the request loaded.
//! Of two requests racing on one migration exactly one wins; the other gets
//! [`ServiceError::Conflict`], reloads the new record and retries, so no step is lost or
//! doubled. The crate itself does no I/O: the database, the clock (here, `at` values
//! computed from a fixed start) and the partners' inputs are the service's.
//!
//! The example opens 300 generated partners (a deterministic LCG, no randomness crate),
//! drives them through the flow by repeated requests from two service instances sharing the
//! database file, then prints the fleet by stage and health band with the overdue
//! remediation deadlines, the restricted partners and what is due next, each read from the
//! loaded [`AnyMigration`](kwanus_migration::AnyMigration) without a match on its stage.
//!
//! Run it with `cargo run --example platform_service` (from the repository root or from
//! `examples/service/`, its own package, which brings SQLite). `tests/platform_service.rs`
//! races this service's requests on threads; `src/bin/fleet_load.rs` runs four instances as
//! processes on SQLite and on PostgreSQL (`SCALING.md`).

use std::collections::BTreeMap;
use std::error::Error;
use std::path::PathBuf;

use chrono::{DateTime, Duration, Utc};
use kwanus_migration::{Band, DeadlineKind, HealthInputs, PartnerId, Severity, StageName, Verdict};
use kwanus_service_example::{
    example_key, inputs, notice, Inputs, Rules, Service, ServiceError, Stored,
};
use semver::Version;

/// A linear congruential generator (Knuth's MMIX constants): deterministic, good enough to
/// vary a simulated fleet.
#[derive(Debug, Clone)]
pub struct Lcg(u64);

impl Lcg {
    /// The next value below `n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

/// One simulated partner: how it behaves, and where it is.
#[derive(Debug)]
struct Simulated {
    id: PartnerId,
    inputs: Inputs,
    /// Days between two requests.
    cadence: i64,
    /// The day of the next request.
    next_day: i64,
    /// Its health, around which readings vary.
    health: f64,
    /// Whether its first release fails the workflow suite.
    broken: bool,
    /// Whether it stops sending requests once it has remediated a fallback.
    goes_quiet: bool,
    /// Whether it has fallen back.
    fell_back: bool,
    done: bool,
}

/// A database file in the temporary directory, removed (with its WAL files) when dropped.
#[derive(Debug)]
struct TempDb(PathBuf);

impl TempDb {
    fn new(name: &str) -> TempDb {
        let db =
            TempDb(std::env::temp_dir().join(format!("{name}-{}.sqlite3", std::process::id())));
        db.remove();
        db
    }
    fn remove(&self) {
        for suffix in ["", "-wal", "-shm"] {
            let mut path = self.0.clone().into_os_string();
            path.push(suffix);
            // absent is fine: there is nothing to clean up
            let _ = std::fs::remove_file(path);
        }
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        self.remove();
    }
}

const PARTNERS: u64 = 300;
const DAYS: i64 = 300;

fn main() -> Result<(), Box<dyn Error>> {
    let started = std::time::Instant::now();
    let db = TempDb::new("kwanus-platform-service");
    let key = example_key();
    let rules = Rules::kwanus()?;
    // two instances of the service behind one load balancer, one database file
    let mut a = Service::open(&db.0, key.clone(), rules.clone())?;
    let mut b = Service::open(&db.0, key, rules)?;
    let t0: DateTime<Utc> = "2026-01-05T09:00:00Z".parse()?;
    let catalog = a.rules().platform.catalog.clone();

    println!("== Two requests race on one migration ==");
    let demo = PartnerId::new("acme-billing")?;
    a.open_migration(notice(demo.clone(), Version::new(1, 4, 0), t0)?, t0)?;
    let demo_inputs = inputs(&demo, t0, &catalog)?;
    let at = t0 + Duration::hours(1);
    let (first, second) = (a.load(&demo)?, b.load(&demo)?);
    println!(
        "  both instances loaded {demo} in {} at head {}…",
        first.migration.stage(),
        &first.head.to_string()[..12]
    );
    let won = a.advance_loaded(first, at, &demo_inputs)?;
    println!(
        "  instance A stored: {} ({} event)",
        won.stage, won.appended
    );
    match b.advance_loaded(second, at, &demo_inputs) {
        Err(conflict @ ServiceError::Conflict { .. }) => println!("  instance B: {conflict}"),
        Ok(_) => return Err("the second update must find the head changed".into()),
        Err(e) => return Err(e.into()),
    }
    let retried = b.advance_retrying(&demo, at, &demo_inputs, 3)?;
    println!(
        "  instance B reloaded and retried: {} ({} event)",
        retried.stage, retried.appended
    );
    let lineage: Vec<&str> = b
        .load(&demo)?
        .migration
        .lineage()
        .iter()
        .map(|e| e.detail.name())
        .collect();
    println!("  the stored lineage: {}", lineage.join(" → "));

    println!("\n== The fleet: {PARTNERS} partners, {DAYS} days of requests ==");
    let mut lcg = Lcg(0x6b77_616e_7573);
    let mut fleet = Vec::new();
    for i in 0..PARTNERS {
        let id = PartnerId::new(format!("partner-{i:03}"))?;
        let opens = t0 + Duration::days(lcg.below(45) as i64) + Duration::minutes(i as i64);
        let origin = Version::new(1, lcg.below(5), lcg.below(3));
        a.open_migration(notice(id.clone(), origin, opens)?, opens)?;
        let mut inputs = inputs(&id, opens, &catalog)?;
        inputs.remediation.severity = match lcg.below(10) {
            0 => Severity::Severe,
            1..=4 => Severity::Moderate,
            _ => Severity::Minor,
        };
        let health = match lcg.below(100) {
            0..=69 => 80 + lcg.below(19),  // stable or reliable
            70..=84 => 62 + lcg.below(14), // vulnerable
            85..=94 => 42 + lcg.below(17), // at risk
            _ => 20 + lcg.below(18),       // unstable
        } as f64;
        let broken = lcg.below(100) < 20;
        fleet.push(Simulated {
            id,
            inputs,
            cadence: 10 + lcg.below(15) as i64,
            next_day: (opens - t0).num_days() + 1,
            health,
            broken,
            goes_quiet: lcg.below(100) < 12,
            fell_back: false,
            done: false,
        });
    }
    let (mut requests, mut races, mut conflicts, mut steps, mut finished) = (0, 0, 0, 0, 0);
    // the demo's two steps count too
    let mut appended = won.appended + retried.appended;
    // refusals by the crate's code, as the partner's SDK receives them
    let mut refusals: BTreeMap<&'static str, usize> = BTreeMap::new();
    for day in 0..=DAYS {
        for (i, p) in fleet.iter_mut().enumerate() {
            if p.done || p.next_day != day {
                continue;
            }
            p.next_day += p.cadence;
            let at = t0 + Duration::days(day) + Duration::minutes(i as i64);
            p.inputs.suite = if p.broken {
                Verdict::Fail
            } else {
                Verdict::Pass
            };
            let jitter = lcg.below(13) as f64 - 6.0;
            p.inputs.health = HealthInputs::uniform((p.health + jitter).clamp(0.0, 100.0));
            // now and then the partner's client sends the request twice at once, and the
            // load balancer hands one copy to each instance
            let doubled = lcg.below(100) < 4;
            let outcomes = if doubled {
                races += 1;
                requests += 2;
                let (first, second) = (a.load(&p.id)?, b.load(&p.id)?);
                let won = a.advance_loaded(first, at, &p.inputs);
                let lost = match b.advance_loaded(second, at, &p.inputs) {
                    Err(ServiceError::Conflict { .. }) => {
                        b.advance_retrying(&p.id, at, &p.inputs, 3).map(|s| Stored {
                            conflicts: s.conflicts + 1,
                            ..s
                        })
                    }
                    other => other,
                };
                vec![won, lost]
            } else {
                requests += 1;
                vec![a.advance_retrying(&p.id, at, &p.inputs, 3)]
            };
            for outcome in outcomes {
                match outcome {
                    Ok(stored) => {
                        steps += 1;
                        appended += stored.appended;
                        conflicts += stored.conflicts;
                        match stored.stage {
                            // the partner fixes what failed; a fallback also fixes its health
                            StageName::FallenBack => {
                                p.broken = false;
                                p.health = p.health.max(84.0);
                                p.fell_back = true;
                            }
                            // remediated: some partners then go quiet past their deadline
                            StageName::Preparation if p.fell_back => p.done |= p.goes_quiet,
                            StageName::Continuity => p.done = true,
                            _ => {}
                        }
                    }
                    Err(ServiceError::Complete { .. }) => {
                        finished += 1;
                        p.done = true;
                    }
                    // answered to the partner; the record is unchanged and this simulated
                    // partner stops (it would need a new notice)
                    Err(e @ ServiceError::Refused { .. }) => {
                        let code = e.code().unwrap_or("service");
                        *refusals.entry(code).or_default() += 1;
                        p.done = true;
                    }
                    Err(e) => return Err(e.into()),
                }
            }
        }
    }

    let now = t0 + Duration::days(DAYS);
    let all = a.all()?;
    let stored_events: usize = all.iter().map(|m| m.lineage().len()).sum();
    let opened = all.len();
    if stored_events != opened + appended {
        return Err(format!(
            "events lost or doubled: {stored_events} stored, {opened} opened + {appended} appended"
        )
        .into());
    }
    println!(
        "  {requests} requests: {steps} steps stored, {finished} found the migration complete; {races} doubled requests raced, {conflicts} conflicts retried"
    );
    println!(
        "  {stored_events} events stored = {opened} openings + {appended} appended by the steps: none lost or doubled"
    );
    for (code, n) in &refusals {
        println!("  refused {n}×: {code}");
    }

    let bands = [
        Some(Band::Stable),
        Some(Band::Reliable),
        Some(Band::Vulnerable),
        Some(Band::AtRisk),
        Some(Band::Unstable),
        None,
    ];
    let mut table: BTreeMap<StageName, ([usize; 6], usize, usize)> = BTreeMap::new();
    // what is due next on each migration, by kind: how many, how many overdue, the earliest
    let mut due: BTreeMap<DeadlineKind, (usize, usize, Option<DateTime<Utc>>)> = BTreeMap::new();
    for m in &all {
        // read from the loaded migration, whatever its stage: no match on it
        let row = table.entry(m.stage()).or_default();
        if let Some(col) = bands.iter().position(|b| *b == m.last_band()) {
            row.0[col] += 1;
        }
        row.1 += usize::from(m.is_overdue(now));
        row.2 += usize::from(m.is_restricted());
        if let Some(next) = m.next_deadline(now) {
            let entry = due.entry(next.kind).or_default();
            entry.0 += 1;
            entry.1 += usize::from(next.is_overdue(now));
            entry.2 = Some(entry.2.map_or(next.due, |d| d.min(next.due)));
        }
    }
    println!(
        "\n== Fleet summary on {} ({} migrations; columns: last health band) ==",
        now.date_naive(),
        all.len()
    );
    let header = [
        "stable",
        "reliable",
        "vulnerable",
        "at_risk",
        "unstable",
        "none",
        "total",
        "overdue",
        "restricted",
    ];
    print!("  {:<14}", "stage");
    for h in header {
        print!("{h:>11}");
    }
    println!();
    let mut totals = ([0usize; 6], 0usize, 0usize);
    for (stage, (counts, overdue, restricted)) in &table {
        print!("  {:<14}", stage.as_str());
        for (col, n) in counts.iter().enumerate() {
            print!("{n:>11}");
            totals.0[col] += n;
        }
        println!(
            "{:>11}{overdue:>11}{restricted:>11}",
            counts.iter().sum::<usize>()
        );
        totals.1 += overdue;
        totals.2 += restricted;
    }
    print!("  {:<14}", "total");
    for n in totals.0 {
        print!("{n:>11}");
    }
    println!(
        "{:>11}{:>11}{:>11}",
        totals.0.iter().sum::<usize>(),
        totals.1,
        totals.2
    );
    println!(
        "\n  overdue remediation deadlines on {}: {} (re-validation not passed in time)",
        now.date_naive(),
        totals.1
    );
    println!("  restricted until re-validation: {}", totals.2);
    println!("\n== What is due next on {} ==", now.date_naive());
    for (kind, (n, overdue, earliest)) in &due {
        let earliest = earliest.map_or_else(String::new, |d| d.date_naive().to_string());
        println!(
            "  {:<22}{n:>5} migrations, {overdue:>4} overdue, earliest {earliest}",
            kind.as_str()
        );
    }
    let nothing_due = all.len() - due.values().map(|v| v.0).sum::<usize>();
    println!("  {:<22}{nothing_due:>5} migrations", "nothing due");
    println!("  done in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}
