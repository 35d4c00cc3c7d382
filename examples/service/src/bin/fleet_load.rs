//! The load run: several instances of the service, one fleet, one database; on SQLite and on
//! PostgreSQL in the same run, with an instance killed mid-request and a connection cut.
//!
//! ```text
//! fleet_load [--migrations N] [--instances N] [--seed N] [--backends sqlite,postgres]
//! ```
//!
//! For each backend it starts `--instances` service processes (this binary in its `serve`
//! mode, one request at a time over stdin and stdout lines) against one database: a SQLite
//! file, or a schema of its own on the PostgreSQL server `KWANUS_DATABASE_URL` names. It
//! then drives `--migrations` migrations through their whole flow (notice, preparation,
//! transition, validation, stabilization, continuity; failed validations, fallbacks,
//! remediations, throttles and restrictions drawn from a seeded xorshift), spreading the
//! requests over the instances. One request in five is sent twice at once to two instances
//! (half of them the same request sent again, half a second request for the same partner),
//! so that many race on the same head.
//!
//! Faults, once per backend: an instance is killed (SIGKILL) while a request is in flight and
//! restarted, and the request is sent again with the same id; another instance's database
//! connection is cut (PostgreSQL: `pg_terminate_backend` on its session; SQLite: the store's
//! fault hook). Two rows are damaged in the database halfway through (JSON cut short; a head
//! column that is not the record's): their requests are refused with the crate's code and
//! the rows are left as they are.
//!
//! At the end it checks that every row resumes under its head column and its seal, that the
//! events stored are the openings plus the events every answered request appended (each
//! request counted once, by its id), that the receipts in the database say the same, and
//! that no request failed but for the damaged rows; then prints requests per second and the
//! p50 and p99 latency of a request as the driver saw it. Without `KWANUS_DATABASE_URL` the
//! PostgreSQL run is skipped (and said so); under `CI=true` it is an error.

use std::collections::{BTreeMap, HashSet, VecDeque};
use std::error::Error;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Condvar, Mutex};
use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Duration, Utc};
use kwanus_migration::{Anchor, AnyMigration, HealthInputs, PartnerId, Severity, Verdict};
use kwanus_service_example::{
    example_key, inputs, notice, PgStore, Rules, Service, ServiceError, SqliteStore, Store,
    XorShift,
};
use semver::Version;

type R<T> = Result<T, Box<dyn Error>>;

fn main() -> R<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("serve") {
        return serve(&args[1..]);
    }
    let flag = |name: &str, default: &str| -> String {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
            .unwrap_or_else(|| default.to_owned())
    };
    let config = Config {
        migrations: flag("--migrations", "1000").parse()?,
        instances: flag("--instances", "4").parse()?,
        seed: flag("--seed", "2026").parse()?,
    };
    let backends = flag("--backends", "sqlite,postgres");
    println!(
        "fleet_load: {} migrations, {} instances per backend, seed {}; {}",
        config.migrations,
        config.instances,
        config.seed,
        machine()
    );
    let mut reports = Vec::new();
    for backend in backends.split(',') {
        let target = match backend {
            "sqlite" => {
                let path = std::env::temp_dir()
                    .join(format!("kwanus-fleet-{}.sqlite3", std::process::id()));
                remove_sqlite(&path);
                Target::Sqlite(path)
            }
            "postgres" => match std::env::var("KWANUS_DATABASE_URL") {
                Ok(url) => Target::Postgres {
                    url,
                    schema: format!("fleet_{}", std::process::id()),
                },
                Err(_) if std::env::var("CI").is_ok_and(|ci| ci == "true") => {
                    return Err(
                        "CI=true and KWANUS_DATABASE_URL is not set: run this through \
                                examples/service/scripts/with-postgres.sh"
                            .into(),
                    )
                }
                Err(_) => {
                    println!("\n== postgres: skipped (KWANUS_DATABASE_URL is not set; examples/service/scripts/with-postgres.sh starts a server)");
                    continue;
                }
            },
            other => return Err(format!("unknown backend {other}").into()),
        };
        println!("\n== {backend} ==");
        let report = run(&config, &target);
        target.clean_up();
        reports.push((backend, report?));
    }
    println!("\n== figures ({}) ==", machine());
    println!(
        "  {:<10}{:>10}{:>10}{:>12}{:>10}{:>10}{:>11}",
        "backend", "requests", "seconds", "requests/s", "p50 ms", "p99 ms", "conflicts"
    );
    for (backend, r) in &reports {
        println!(
            "  {:<10}{:>10}{:>10.1}{:>12.0}{:>10.2}{:>10.2}{:>11}",
            backend,
            r.requests,
            r.seconds,
            r.requests as f64 / r.seconds,
            r.p50_ms,
            r.p99_ms,
            r.conflicts
        );
    }
    Ok(())
}

/// The machine, as /proc says: cores and the CPU's model.
fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, std::num::NonZero::get);
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    format!("{cores} cores, {model}")
}

#[derive(Debug, Clone, Copy)]
struct Config {
    migrations: usize,
    instances: usize,
    seed: u64,
}

/// Where one backend's fleet stores its rows.
#[derive(Debug, Clone)]
enum Target {
    Sqlite(PathBuf),
    Postgres { url: String, schema: String },
}

fn remove_sqlite(path: &std::path::Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.to_owned().into_os_string();
        p.push(suffix);
        let _ = std::fs::remove_file(p); // absent is fine
    }
}

impl Target {
    fn serve_args(&self) -> Vec<String> {
        match self {
            Target::Sqlite(path) => vec!["sqlite".into(), path.display().to_string()],
            Target::Postgres { url, schema } => {
                vec!["postgres".into(), url.clone(), schema.clone()]
            }
        }
    }

    fn store(&self) -> R<Box<dyn Store>> {
        Ok(match self {
            Target::Sqlite(path) => Box::new(SqliteStore::open(path)?),
            Target::Postgres { url, schema } => Box::new(PgStore::connect_in_schema(url, schema)?),
        })
    }

    /// Runs `sql` on the database with the partner as `$1`.
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

    /// The sum of the receipts' appended events, and their count.
    fn receipts(&self) -> R<(i64, i64)> {
        let sql = "SELECT COALESCE(SUM(appended), 0), COUNT(*) FROM requests";
        Ok(match self {
            Target::Sqlite(path) => rusqlite::Connection::open(path)?
                .query_row(sql, [], |r| Ok((r.get(0)?, r.get(1)?)))?,
            Target::Postgres { url, schema } => {
                let mut c = postgres::Client::connect(url, postgres::NoTls)?;
                c.batch_execute(&format!("SET search_path TO {schema}"))?;
                let r = c.query_one(
                    "SELECT COALESCE(SUM(appended), 0)::BIGINT, COUNT(*) FROM requests",
                    &[],
                )?;
                (r.get(0), r.get(1))
            }
        })
    }

    /// Cuts the connection of the instance whose server session is `pid` (PostgreSQL).
    fn terminate(&self, pid: i32) -> R<bool> {
        match self {
            Target::Sqlite(_) => Ok(false),
            Target::Postgres { url, .. } => {
                let mut c = postgres::Client::connect(url, postgres::NoTls)?;
                Ok(c.query_one("SELECT pg_terminate_backend($1)", &[&pid])?
                    .get(0))
            }
        }
    }

    fn clean_up(&self) {
        match self {
            Target::Sqlite(path) => remove_sqlite(path),
            Target::Postgres { url, schema } => {
                if let Ok(mut c) = postgres::Client::connect(url, postgres::NoTls) {
                    let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// serve: one instance of the service, one request a line

fn serve(args: &[String]) -> R<()> {
    // the server session of the service's own connection: what the driver cuts
    let (store, pid): (Box<dyn Store>, String) = match args {
        [kind, path] if kind == "sqlite" => {
            (Box::new(SqliteStore::open(path.as_ref())?), "-".into())
        }
        [kind, url, schema] if kind == "postgres" => {
            let mut pg = PgStore::connect_in_schema(url, schema)?;
            let pid = pg.backend_pid()?.to_string();
            (Box::new(pg), pid)
        }
        _ => return Err("usage: fleet_load serve sqlite PATH | postgres URL SCHEMA".into()),
    };
    let rules = Rules::kwanus()?;
    let catalog = rules.platform.catalog.clone();
    let mut svc = Service::new(store, example_key(), rules);
    let mut out = std::io::stdout().lock();
    writeln!(out, "ready {pid}")?;
    out.flush()?;
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        let f: Vec<&str> = line.split(' ').collect();
        let answer = match f.as_slice() {
            ["cut"] => match svc.db().cut() {
                Ok(()) => "ok cut".to_owned(),
                Err(e) => format!("err cut store {e}"),
            },
            ["open", id, partner, opens, origin] => {
                let (partner, opens): (PartnerId, DateTime<Utc>) =
                    (PartnerId::new(*partner)?, opens.parse()?);
                let notice = notice(partner, origin.parse()?, opens)?;
                answer(
                    id,
                    svc.open_retrying(&notice, opens, 5)
                        .map(|_| "opened 1 0 0 0".to_owned()),
                )
            }
            ["step", id, partner, at, opens, health, suite, severity] => {
                let partner = PartnerId::new(*partner)?;
                let mut inputs = inputs(&partner, opens.parse()?, &catalog)?;
                inputs.health = HealthInputs::uniform(health.parse()?);
                inputs.suite = if *suite == "pass" {
                    Verdict::Pass
                } else {
                    Verdict::Fail
                };
                inputs.remediation.severity = match *severity {
                    "severe" => Severity::Severe,
                    "moderate" => Severity::Moderate,
                    _ => Severity::Minor,
                };
                let stored = svc.request(id, &partner, at.parse()?, &inputs, 20);
                answer(
                    id,
                    stored.map(|s| {
                        format!(
                            "{} {} {} {} {}",
                            s.stage.as_str(),
                            s.appended,
                            s.conflicts,
                            s.reconnects,
                            u8::from(s.replayed)
                        )
                    }),
                )
            }
            _ => return Err(format!("a request this instance does not read: {line}").into()),
        };
        writeln!(out, "{answer}")?;
        out.flush()?;
    }
    Ok(())
}

/// An answer line: `ok ID …` or `err ID KIND CODE`.
fn answer(id: &str, result: Result<String, ServiceError>) -> String {
    match result {
        Ok(s) => format!("ok {id} {s}"),
        Err(e) => {
            let kind = match &e {
                ServiceError::Complete { .. } => "complete",
                ServiceError::Refused { .. } => "refused",
                ServiceError::AlreadyOpen { .. } => "already_open",
                ServiceError::Load { .. } | ServiceError::Digest(_) => "load",
                ServiceError::Conflict { .. } => "conflict",
                ServiceError::Store(_) => "store",
                _ => "other",
            };
            let message = e.to_string().replace('\n', " ");
            format!("err {id} {kind} {} {message}", e.code().unwrap_or("-"))
        }
    }
}

// ---------------------------------------------------------------------------------------
// the driver

/// One instance: the child process and its pipes.
struct Instance {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    /// The server session of its connection (PostgreSQL), from its `ready` line.
    pid: Option<i32>,
}

impl Instance {
    fn start(target: &Target) -> R<Instance> {
        let mut child = Command::new(std::env::current_exe()?)
            .arg("serve")
            .args(target.serve_args())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()?;
        let stdin = child.stdin.take().ok_or("no stdin")?;
        let mut stdout = BufReader::new(child.stdout.take().ok_or("no stdout")?);
        let mut ready = String::new();
        stdout.read_line(&mut ready)?;
        let pid = ready
            .trim()
            .strip_prefix("ready ")
            .ok_or_else(|| format!("the instance did not start: {ready:?}"))?
            .parse()
            .ok();
        Ok(Instance {
            child,
            stdin,
            stdout,
            pid,
        })
    }

    fn send(&mut self, line: &str) -> R<()> {
        writeln!(self.stdin, "{line}")?;
        self.stdin.flush()?;
        Ok(())
    }

    fn receive(&mut self) -> R<String> {
        let mut answer = String::new();
        if self.stdout.read_line(&mut answer)? == 0 {
            return Err("the instance closed its output".into());
        }
        Ok(answer.trim_end().to_owned())
    }
}

/// A request to send: its line, and whom it is for.
#[derive(Debug, Clone)]
struct Job {
    partner: usize,
    line: String,
}

/// What came back.
#[derive(Debug)]
struct Done {
    job: Job,
    answer: String,
    latency: StdDuration,
    /// The instance was killed with this request in flight, and the request sent again.
    killed: bool,
}

/// The jobs waiting for an instance: a queue the instances' threads take from.
#[derive(Default)]
struct Queue {
    jobs: Mutex<(VecDeque<Job>, bool)>,
    ready: Condvar,
}

impl Queue {
    fn push(&self, job: Job) {
        if let Ok(mut q) = self.jobs.lock() {
            q.0.push_back(job);
        }
        self.ready.notify_one();
    }
    fn close(&self) {
        if let Ok(mut q) = self.jobs.lock() {
            q.1 = true;
        }
        self.ready.notify_all();
    }
    fn take(&self) -> Option<Job> {
        let mut q = self.jobs.lock().ok()?;
        loop {
            if let Some(job) = q.0.pop_front() {
                return Some(job);
            }
            if q.1 {
                return None;
            }
            q = self.ready.wait(q).ok()?;
        }
    }
}

/// One simulated partner.
#[derive(Debug)]
struct Partner {
    id: PartnerId,
    opens: DateTime<Utc>,
    origin: Version,
    cadence_days: i64,
    next_at: DateTime<Utc>,
    health: f64,
    broken: bool,
    severity: &'static str,
    pending: usize,
    requests: usize,
    done: bool,
    /// Damaged in the database by the run: the code its requests must be refused with.
    damaged: Option<&'static str>,
}

#[derive(Debug)]
struct Report {
    requests: usize,
    seconds: f64,
    p50_ms: f64,
    p99_ms: f64,
    conflicts: u64,
}

fn run(config: &Config, target: &Target) -> R<Report> {
    let mut rng = XorShift::new(config.seed);
    // the tables exist before the instances start
    drop(target.store()?);
    let t0: DateTime<Utc> = "2026-01-05T09:00:00Z".parse()?;
    let mut partners: Vec<Partner> = (0..config.migrations)
        .map(|i| {
            let opens = t0 + Duration::days(rng.below(60) as i64) + Duration::minutes(i as i64);
            let health = match rng.below(100) {
                0..=69 => 80 + rng.below(19),  // stable or reliable
                70..=84 => 62 + rng.below(14), // vulnerable: a review
                85..=94 => 42 + rng.below(17), // at risk: throttled
                _ => 20 + rng.below(18),       // unstable: restricted, falls back
            } as f64;
            Ok(Partner {
                id: PartnerId::new(format!("partner-{i:05}"))?,
                opens,
                origin: Version::new(1, rng.below(5), rng.below(3)),
                cadence_days: 25 + rng.below(21) as i64,
                next_at: opens,
                health,
                broken: rng.chance(20),
                severity: ["minor", "minor", "moderate", "moderate", "severe"]
                    [rng.below(5) as usize],
                pending: 0,
                requests: 0,
                done: false,
                damaged: None,
            })
        })
        .collect::<R<_>>()?;

    let queue = Arc::new(Queue::default());
    let (done_tx, done_rx) = mpsc::channel::<Result<Done, String>>();
    let kill_next: Vec<Arc<AtomicBool>> = (0..config.instances)
        .map(|_| Arc::new(AtomicBool::new(false)))
        .collect();
    let cut_next: Vec<Arc<AtomicBool>> = (0..config.instances)
        .map(|_| Arc::new(AtomicBool::new(false)))
        .collect();
    let mut pids = Vec::new();
    let mut workers = Vec::new();
    for n in 0..config.instances {
        let mut instance = Instance::start(target)?;
        pids.push(instance.pid);
        let (queue, done_tx, target) = (Arc::clone(&queue), done_tx.clone(), target.clone());
        let (kill, cut) = (Arc::clone(&kill_next[n]), Arc::clone(&cut_next[n]));
        workers.push(std::thread::spawn(move || {
            let mut serve = |job: Job| -> R<Done> {
                if cut.swap(false, Ordering::SeqCst) {
                    instance.send("cut")?;
                    instance.receive()?;
                }
                let started = Instant::now();
                instance.send(&job.line)?;
                let killed = kill.swap(false, Ordering::SeqCst);
                if killed {
                    // the request is in flight: SIGKILL, a new process, the request again
                    std::thread::sleep(StdDuration::from_micros(1500));
                    instance.child.kill()?;
                    instance.child.wait()?;
                    instance = Instance::start(&target)?;
                    instance.send(&job.line)?;
                }
                let answer = instance.receive()?;
                Ok(Done {
                    job,
                    answer,
                    latency: started.elapsed(),
                    killed,
                })
            };
            while let Some(job) = queue.take() {
                let done = serve(job).map_err(|e| e.to_string());
                let failed = done.is_err();
                if done_tx.send(done).is_err() || failed {
                    break;
                }
            }
            drop(instance.stdin); // the instance ends at the end of its input
            let _ = instance.child.wait();
        }));
    }
    drop(done_tx);

    let started = Instant::now();
    let mut seq = 0usize;
    let mut in_flight = 0usize;
    let mut next_id = || {
        seq += 1;
        format!("r{seq}")
    };
    // openings: one in ten sent to two instances at once
    for (i, p) in partners.iter_mut().enumerate() {
        let id = next_id();
        let line = format!("open {id} {} {} {}", p.id, p.opens.to_rfc3339(), p.origin);
        let copies = if rng.chance(10) { 2 } else { 1 };
        for _ in 0..copies {
            queue.push(Job {
                partner: i,
                line: line.clone(),
            });
        }
        p.pending = copies;
        in_flight += copies;
    }

    let mut latencies: Vec<StdDuration> = Vec::new();
    let mut answered: HashSet<String> = HashSet::new();
    let (mut appended, mut openings, mut conflicts, mut reconnects, mut replayed) =
        (0u64, 0u64, 0u64, 0u64, 0u64);
    let mut refusals: BTreeMap<String, usize> = BTreeMap::new();
    let mut door: Vec<(String, String)> = Vec::new();
    let mut failures: Vec<String> = Vec::new();
    let mut kill_report = String::from("no instance was killed");
    let mut cut_report = String::from("no connection was cut");
    let (kill_at, cut_at, damage_at) = (
        config.migrations * 3,
        config.migrations * 5,
        config.migrations * 4,
    );
    let mut damaged_rows: Vec<(usize, String, String, usize)> = Vec::new();
    let mut damages = vec![
        (
            "UPDATE migrations SET head = (SELECT head FROM migrations WHERE partner <> $1 LIMIT 1) WHERE partner = $1",
            "resume.unexpected_head",
        ),
        (
            "UPDATE migrations SET record = substr(record, 1, 300) WHERE partner = $1",
            "load.malformed_json",
        ),
    ];
    let mut results = 0usize;
    while in_flight > 0 {
        let done = done_rx
            .recv()?
            .map_err(|e| format!("an instance failed: {e}"))?;
        in_flight -= 1;
        results += 1;
        latencies.push(done.latency);
        let p = &mut partners[done.job.partner];
        p.pending -= 1;
        let f: Vec<&str> = done.answer.splitn(5, ' ').collect();
        match f.as_slice() {
            ["ok", id, "opened", ..] => {
                openings += 1;
                answered.insert((*id).to_owned());
            }
            ["ok", id, stage, ..] => {
                let nums: Vec<u64> = done
                    .answer
                    .split(' ')
                    .skip(3)
                    .map(str::parse)
                    .collect::<Result<_, _>>()
                    .map_err(|e| format!("{e}: {}", done.answer))?;
                let [n, c, rc, rp] = nums[..] else {
                    return Err(
                        format!("an answer this driver does not read: {}", done.answer).into(),
                    );
                };
                // each request's events count once, however many answers it had
                if answered.insert((*id).to_owned()) {
                    appended += n;
                }
                conflicts += c;
                reconnects += rc;
                replayed += rp;
                if done.killed {
                    kill_report = format!(
                        "instance 1 killed (SIGKILL) with request {id} in flight, restarted; \
                         the request sent again was {}",
                        if rp == 1 {
                            "answered from its receipt: the killed instance had stored it"
                        } else {
                            "applied: the killed instance had not stored it"
                        }
                    );
                }
                match *stage {
                    "fallen_back" => {
                        p.broken = false;
                        p.health = p.health.max(84.0);
                    }
                    "continuity" => p.done = true,
                    // under monitoring, the partner works on what the readings show
                    "stabilization" | "throttled" => p.health = (p.health + 4.0).min(95.0),
                    _ => {}
                }
            }
            ["err", _, "already_open", ..] => {}
            ["err", _, "complete", ..] => p.done = true,
            ["err", _, "refused", code, ..] => {
                *refusals.entry((*code).to_owned()).or_default() += 1;
                p.done = true;
            }
            ["err", _, "load", code, ..] if p.damaged == Some(*code) => {
                if !door.iter().any(|(partner, _)| *partner == p.id.as_str()) {
                    door.push((p.id.as_str().to_owned(), (*code).to_owned()));
                }
                p.done = true;
            }
            _ => {
                failures.push(done.answer.clone());
                p.done = true;
            }
        }

        // faults, once each
        if results == kill_at {
            kill_next[1 % config.instances].store(true, Ordering::SeqCst);
        }
        if results == cut_at {
            let victim = 2 % config.instances;
            match pids[victim] {
                Some(pid) if target.terminate(pid)? => {
                    cut_report = format!(
                        "instance {victim}'s connection cut by pg_terminate_backend({pid})"
                    );
                }
                _ => {
                    cut_next[victim].store(true, Ordering::SeqCst);
                    cut_report = format!("instance {victim}'s connection cut by the store's hook");
                }
            }
        }
        // two partners between requests, once the run is well under way: one row's JSON
        // cut short, one head column replaced by another row's head
        let current = done.job.partner;
        if results >= damage_at && !partners[current].done && partners[current].pending == 0 {
            if let Some((sql, code)) = damages.pop() {
                let partner = partners[current].id.as_str().to_owned();
                let mut store = target.store()?;
                let row = store
                    .fetch(&partner)?
                    .ok_or("a damaged partner has a row")?;
                let events =
                    AnyMigration::resume_json(&row.record, Anchor::Head(row.head.parse()?))?
                        .lineage()
                        .len();
                if target.exec(sql, &partner)? != 1 {
                    return Err("the damage did not land".into());
                }
                let row = store
                    .fetch(&partner)?
                    .ok_or("a damaged partner has a row")?;
                damaged_rows.push((current, row.record, row.head, events));
                partners[current].damaged = Some(code);
            }
        }

        // the partner's next request, once its answers are in
        let p = &mut partners[done.job.partner];
        if p.pending == 0 && !p.done {
            if p.requests >= 80 {
                failures.push(format!("{} did not finish in 80 requests", p.id));
                p.done = true;
                continue;
            }
            let jitter = rng.below(13) as f64 - 6.0;
            let health = (p.health + jitter).clamp(0.0, 100.0);
            let suite = if p.broken { "fail" } else { "pass" };
            p.next_at += Duration::days(p.cadence_days);
            let at = p.next_at;
            let line = |id: &str| {
                format!(
                    "step {id} {} {} {} {health} {suite} {}",
                    p.id,
                    at.to_rfc3339(),
                    p.opens.to_rfc3339(),
                    p.severity
                )
            };
            // one request in five goes to two instances at once: the same request sent
            // again, or a second request for the same partner
            let id = next_id();
            let mut jobs = vec![Job {
                partner: done.job.partner,
                line: line(&id),
            }];
            match rng.below(10) {
                0 => jobs.push(jobs[0].clone()),
                1 => {
                    let other = next_id();
                    jobs.push(Job {
                        partner: done.job.partner,
                        line: line(&other),
                    });
                }
                _ => {}
            }
            p.requests += 1;
            p.pending = jobs.len();
            in_flight += jobs.len();
            for job in jobs {
                queue.push(job);
            }
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    queue.close();
    for w in workers {
        w.join().map_err(|_| "an instance's thread panicked")?;
    }

    // the checks: every row resumes under its head column and its seal; the events stored
    // are the openings plus what the requests appended, and the receipts agree
    let mut store = target.store()?;
    let key = example_key();
    let mut stored_events = 0u64;
    let mut stages: BTreeMap<String, usize> = BTreeMap::new();
    let rows = store.partners()?;
    for partner in &rows {
        let row = store.fetch(partner)?.ok_or("a listed partner has a row")?;
        if let Some((_, record, head, events)) = damaged_rows
            .iter()
            .find(|d| partners[d.0].id.as_str() == partner)
        {
            if (&row.record, &row.head) != (record, head) {
                return Err(format!("{partner}: a damaged row was rewritten").into());
            }
            stored_events += *events as u64;
            continue;
        }
        let by_head = AnyMigration::resume_json(&row.record, Anchor::Head(row.head.parse()?))?;
        let by_seal = AnyMigration::resume_json(
            &row.record,
            Anchor::Seal {
                seal: row.seal.parse()?,
                key: &key,
            },
        )?;
        if by_head != by_seal {
            return Err(format!("{partner}: head and seal disagree").into());
        }
        stored_events += by_head.lineage().len() as u64;
        *stages.entry(by_head.stage().to_string()).or_default() += 1;
    }
    let (receipt_events, receipt_count) = target.receipts()?;
    let requests = latencies.len();
    latencies.sort_unstable();
    let pct = |q: f64| {
        latencies
            .get(((requests as f64 * q) as usize).min(requests.saturating_sub(1)))
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    let report = Report {
        requests,
        seconds,
        p50_ms: pct(0.50),
        p99_ms: pct(0.99),
        conflicts,
    };
    println!(
        "  {} migrations opened ({} rows); {requests} requests in {seconds:.1} s: {:.0} requests/s, p50 {:.2} ms, p99 {:.2} ms",
        openings,
        rows.len(),
        requests as f64 / seconds,
        report.p50_ms,
        report.p99_ms
    );
    println!(
        "  {conflicts} conflicts, each resolved by a retry; {replayed} answers from a receipt (a request sent again); {reconnects} requests retried on a new connection"
    );
    println!("  {kill_report}");
    println!("  {cut_report}");
    for (partner, code) in &door {
        println!("  refused at the door, row left as it was: {partner} ({code})");
    }
    for (code, n) in &refusals {
        println!("  refused by the flow {n}×: {code}");
    }
    let stage_list: Vec<String> = stages.iter().map(|(s, n)| format!("{s} {n}")).collect();
    println!("  stages: {}", stage_list.join(", "));
    println!(
        "  {stored_events} events stored = {} openings + {appended} appended by {} answered requests; receipts: {receipt_count} requests, {receipt_events} events",
        rows.len(),
        answered.len() as u64 - openings,
    );
    if stored_events != rows.len() as u64 + appended {
        return Err(format!(
            "events lost or doubled: {stored_events} stored, {} opened + {appended} appended",
            rows.len()
        )
        .into());
    }
    if receipt_events as u64 != appended {
        return Err(
            format!("the receipts hold {receipt_events} events, the answers {appended}").into(),
        );
    }
    if rows.len() != config.migrations || openings != config.migrations as u64 {
        return Err(format!(
            "{} rows, {openings} openings for {} migrations",
            rows.len(),
            config.migrations
        )
        .into());
    }
    if door.len() != damaged_rows.len() || damaged_rows.len() != 2.min(config.migrations) {
        return Err(format!(
            "{} damaged rows, {} refused at the door",
            damaged_rows.len(),
            door.len()
        )
        .into());
    }
    if !failures.is_empty() {
        return Err(format!(
            "{} requests failed: {:?}",
            failures.len(),
            &failures[..failures.len().min(5)]
        )
        .into());
    }
    if reconnects == 0 || kill_report.starts_with("no") {
        return Err(
            format!("a fault did not happen: {kill_report}; {reconnects} reconnects").into(),
        );
    }
    println!("  checked: every row resumes under its head and its seal, no event lost or doubled, no request failed");
    Ok(report)
}
