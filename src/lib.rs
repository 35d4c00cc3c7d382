//! Partner migrations of the KWANUS OS platform, safe, reversible and under governance.
//!
//! # Overview
//!
//! When the platform changes (a major OS version, an API or workflow deprecation, a
//! permission or runtime change, a tier change, a compliance or security violation) its
//! partners must migrate. Two documents set the rules: the *Partner Migration Playbook* and
//! the *Partner Migration Framework*. This crate turns every rule of both into types and
//! plain functions:
//!
//! - **the vocabulary**: [`Trigger`] and its [`TriggerClass`], [`MigrationKind`] and its
//!   [`Category`], [`Mode`], [`GovernanceBody`], [`AnnualTask`], [`Dimension`],
//!   [`Evolution`], [`Severity`], [`Rite`] (with the framework's words);
//! - **one validated [`Policy`]** holding every number of the seeds, `Policy::default()`
//!   being the seeds' numbers;
//! - **the six-step flow** as a typestate, [`Migration<S>`], with the reactions the
//!   documents name as stages of their own ([`Rejected`], [`Throttled`], [`FallenBack`]): a
//!   step out of order does not compile, a refused step hands the migration back unchanged (a refusal is an answer to
//!   the caller, not history), and every step is an event in a tamper-evident [`Lineage`],
//!   the failures that matter included: a failed validation, an At Risk or Unstable
//!   reading, a fallback, a remediation;
//! - **storage**: [`MigrationRecord`] and [`AnyMigration::resume`], which checks a record
//!   against an [`Anchor`] the service holds (the head it stored, or the platform's seal) and
//!   replays it through the same rules, so a corrupted, forged or rewritten record never
//!   becomes a migration; the record format is specified on the [`format`](mod@crate::format) page, exact in
//!   every language's JSON;
//! - **judgments as plain functions**: the [`health`] scorer, the [`permission`]-boundary
//!   checker and the [`rules`] behind validation, usable without a migration;
//! - **the fleet view**: the [`graph`] of every partner's journey across versions.
//!
//! The flow, with what each step needs:
//!
//! ```text
//!  Detection ──► Preparation ──► Transition ──► Validation ──► Stabilization ──► Continuity
//!   notice,       plan, all       versioned      computed from  health band       fallback
//!   evidence      five docs,      release in a   the evidence   Stable/Reliable/  window run,
//!   (contracts),  mapping,        shielded       on six         Vulnerable (then  review done;
//!   fallback      approvals       runtime, a     dimensions;    a review);        lifecycle
//!   active                        canary at      pass: rolled   collapse or At    updated;
//!                                 most           out, window    Risk: Throttled   Rites of
//!                                    │           starts            │  ▲           Continuity
//!                            failed  ▼                             ▼  │ steady     and Release
//!                              Rejected ── fall back / restrict   Throttled
//!                                    │      (governed)              │
//!                                    ▼                              ▼ fall back (governed),
//!                  FallenBack (previous stable version,   ◄──────── Unstable: restriction
//!                  read-only grant; restricted until re-validation)
//!                                    │
//!                                    └── remediate (root cause, fixes, new plan; the window
//!                                        counts from when the problem was found) ──► Preparation
//!                                        (the fixed release versioned above the failed one)
//! ```
//!
//! Every stage under way has a way to an end: the flow to Continuity, or a governed
//! withdrawal ([`Migration::withdraw`]) to [`Withdrawn`], the partner left on its previous
//! stable version; the governing body may extend the window ([`Migration::extend_window`]).
//!
//! The crate is **pure**: no I/O, no global state, no clock reads, no randomness. Every
//! operation that needs the time takes `at: DateTime<Utc>`; the same inputs give the same
//! outputs. It **fails closed**: unknown, missing or malformed input is refused with a typed
//! error that says what and why, and nothing panics on any input.
//!
//! # Usage
//!
//! ```toml
//! [dependencies]
//! kwanus-migration = "0.1"
//! ```
//!
//! A platform service is stateless between requests: it loads a [`MigrationRecord`],
//! resumes it under the head or seal it stored ([`Anchor`]), asks for the typed stage it expects, advances one step and stores the new
//! record. A partner SDK calls the plain functions ([`rules::validate`],
//! [`permission::check`], [`health::score`]) before it submits anything. Every error has a
//! stable `code()` (`"flow.incomplete_plan"`, `"resume.digest_mismatch"`, …), one trait ([`Coded`]) for all of them.
//!
//! ## Which function do I call
//!
//! | you are | you want to | call | other languages (CLI / npm / Python) |
//! |---|---|---|---|
//! | a platform service | open a migration from a notice and its contracts | [`Migration::open`] | — |
//! | | know what the plan must hold, and what a plan lacks | [`Migration::requirements`], [`Requirements::missing`] | — |
//! | | advance one step | [`Migration::prepare`], [`Migration::transition`] (under the [`Platform`]'s facts and ceilings), [`Migration::validate`], [`Migration::stabilize`], [`Migration::monitor`], [`Migration::review`], [`Migration::complete`], [`Migration::fall_back`], [`Migration::restrict`], [`Migration::remediate`], [`Migration::collapse`] | — |
//! | | watch the canary during transition | [`Migration::canary_reading`], [`Migration::canary_collapse`] | — |
//! | | give more time, or end a migration early (governed) | [`Migration::extend_window`], [`Migration::withdraw`] | — |
//! | | store and load a migration (stateless requests) | [`Migration::into_record`], [`MigrationRecord::seal`], `MigrationRecord::from_json` (feature `json`), [`AnyMigration::resume`] with an [`Anchor`], `Migration::<S>::try_from` | `summarize-record` / `summarizeRecord` / `summarize_record` (read a stored record: stage, band, next deadline) |
//! | | map any error to a stable code | [`Coded::code`] | — |
//! | | see the fleet | [`health::score_fleet`], [`health::score_packed_fleet`], [`graph::VersionGraph::from_migrations`] | — |
//! | | react to a live partner | [`health::detect_collapse`] then [`Migration::collapse`]; [`rules::detect_live`] then a forced [`Notice`] | — |
//! | a partner SDK | check a contract change before submitting | [`rules::diff_contracts`], [`rules::compatibility_of`], [`rules::check_release`] | `diff-contracts` / `diffContracts` / `diff_contracts`, `check-release` / `checkRelease` / `check_release` |
//! | | check a permission change | [`permission::check`], [`permission::diff_grants`] | `check-permissions` / `checkPermissions` / `check_permissions`, `diff-grants` / `diffGrants` / `diff_grants` |
//! | | run the whole validation offline | [`rules::ValidationInput::new`] then [`rules::validate`] | `validate` / `validate` / `validate` |
//! | | score health from monitoring figures | [`health::score`], [`HealthInputs::from_monitoring`] | `score-health` / `scoreHealth` / `score_health` |
//! | | read a record in another language | the [`format`](mod@format) page, the [test vectors](https://github.com/kwanus/kwanus-migration/tree/main/tests/vectors), the Python verifier [`scripts/verify_record.py`](https://github.com/kwanus/kwanus-migration/blob/main/scripts/verify_record.py), the [JSON Schemas](https://github.com/kwanus/kwanus-migration/tree/main/schema) | `verify-record` / `verifyRecord` / `verify_record`, `summarize-record` / `summarizeRecord` / `summarize_record` |
//! | an auditor | verify a stored history | [`MigrationRecord::verify`] (anchored), [`MigrationRecord::verify_unanchored`] | `verify-record` / `verifyRecord` / `verify_record` |
//! | | read the story of a migration | [`Lineage`], [`Lineage::to_mermaid`], [`Lineage::to_dot`] | — |
//! | | correct a history, on the record (appended, never rewritten) | [`MigrationRecord::amend`], [`MigrationRecord::extends`], [`Lineage::corrected`] | — |
//! | | check the crate against the seed documents | the [`seed_map`] page | — |
//!
//! The last column names the operation of the JSON interface (`interface::call`, feature
//! `interface`) that the doors to other languages call, as each door spells it: the `kwanus`
//! command-line tool's subcommand (`kwanus check-permissions grant.json`, see
//! [`cli/README.md`](https://github.com/kwanus/kwanus-migration/blob/main/cli/README.md)), the npm package's function (WebAssembly, `checkPermissions(input)`, see
//! [`bindings/npm/README.md`](https://github.com/kwanus/kwanus-migration/blob/main/bindings/npm/README.md)) and the Python package's (`check_permissions(input)`, see
//! [`bindings/python/README.md`](https://github.com/kwanus/kwanus-migration/blob/main/bindings/python/README.md)).
//!
//! # Examples
//!
//! A migration from notice to continuity:
//!
//! ```
//! use chrono::{DateTime, Duration, Utc};
//! use kwanus_migration::rules::{Contract, Operation, RuntimeRef};
//! use kwanus_migration::*;
//! use semver::Version;
//!
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     let policy = Policy::default();
//!     // the platform's facts: partner 1.x runs on OS 8.x, no runtime needed, the default verb
//!     // catalog, and this partner's ceilings (framework §9)
//!     let platform = Platform::new(
//!         rules::CompatibilityMatrix { rows: vec![rules::MatrixRow { partner: "^1".parse()?, os: "^8".parse()? }] },
//!         Vec::new(),
//!         permission::Catalog::default(),
//!         Version::new(1, 9, 0),
//!         "read:invoices/*, write:invoices/*".parse()?,
//!     );
//!     let t0: DateTime<Utc> = "2026-03-02T09:00:00Z".parse()?;
//!
//!     // The evidence: the partner's contract at the origin, and as planned for the target.
//!     let op = |signature: &str| Operation::new(signature);
//!     let operations = [("get_invoice".to_string(), op("GET /invoices/{id}"))].into();
//!     let runtime = RuntimeRef { name: "wasm".into(), version: Version::new(3, 1, 0) };
//!     let old = Contract::new(Version::new(1, 4, 2), operations, Default::default(), "read:invoices/*".parse()?, runtime);
//!     let mut new = old.clone();
//!     new.version = Version::new(1, 5, 0);
//!     new.operations.insert("list_invoices".into(), op("GET /invoices"));
//!
//!     // 1. Detection: the notice. Nothing is declared about compatibility: the flow diffs the
//!     // contracts, and an added operation is backward compatible, so a required trigger runs
//!     // in soft mode.
//!     let notice = Notice::builder(PartnerId::new("acme-billing")?, MigrationKind::ApiVersion, old.version.clone(), new.version.clone())
//!         .trigger(Trigger::ApiDeprecation)
//!         .contracts(Contracts { old, new: new.clone() })
//!         .window_days(t0, 90)
//!         .build();
//!     let m = Migration::open(notice, t0, &policy)?;
//!     assert_eq!((m.compatibility(), m.mode()), (Compatibility::BackwardCompatible, Mode::Soft));
//!
//!     // 2. Preparation: the plan and its documents (the record keeps their locations).
//!     let doc = |kind| Document { kind, location: format!("docs/{kind}") };
//!     let plan = Plan::new("dual read", "v1 stays served", "contract tests", "switch back")
//!         .documents(DocumentKind::required_for(MigrationKind::ApiVersion).into_iter().map(doc));
//!     let m = m.prepare(&plan, t0 + Duration::days(1))?;
//!
//!     // 3. Transition: a versioned release inside the platform's ceilings, with its evidence:
//!     // the contract as built, the grants (with a read-only fallback), what stays served during
//!     // the fallback.
//!     let current: permission::PermissionSet = "read:invoices/*".parse()?;
//!     let grants = Grants::new(current.clone(), current.clone())
//!         .fallback(current.read_only_projection(&platform.catalog));
//!     let evidence = Evidence::builder(Version::new(8, 0, 0))
//!         .contract(new)
//!         .grants(grants)
//!         .fallback_api("get_invoice")
//!         .build();
//!     // shielded: at most a 5 % canary until validation passes
//!     let release = Release::builder(Version::new(1, 5, 0)).canary_percent(5).evidence(evidence).build();
//!     let m = m.transition(release, t0 + Duration::days(2), &policy, &platform)?;
//!
//!     // 4. Validation: computed from the evidence, on all six dimensions. A result run
//!     // outside the crate (the partner's test suite) enters as an attested result.
//!     let at = t0 + Duration::days(3);
//!     let suite = Attestation::builder(Dimension::Structure, Verdict::Pass, "acme contract tests", "platform-ci", at)
//!         .evidence("https://ci.example/runs/7")
//!         .build();
//!     let Validated::Passed(m) = m.validate(&[suite], at, &policy, &platform)? else {
//!         return Err("validation failed".into());
//!     };
//!
//!     // 5. Stabilization: the health band decides.
//!     let reading = health::score(&HealthInputs::uniform(93.0), &policy)?;
//!     let HealthOutcome::Steady(m) = m.stabilize(&reading, t0 + Duration::days(4))? else {
//!         return Err("not steady".into());
//!     };
//!
//!     // 6. Continuity: only once the fallback window (6 months by default) has run; before the
//!     // recommended 12 months, the completion carries a warning in the lineage.
//!     let early = m.complete(t0 + Duration::days(30), &policy).unwrap_err();
//!     assert_eq!(early.reason().code(), "flow.fallback_window_running");
//!     let done = early.into_inner().complete(t0 + Duration::days(200), &policy)?;
//!     assert_eq!(done.lineage().last().and_then(|e| e.rite), Some(Rite::Release));
//!
//!     // Storage: the service keeps the head (or a seal) beside the record; the record resumes
//!     // only under that anchor, and only if every event still verifies.
//!     let record = done.into_record();
//!     let stored_head = record.head;
//!     let again = Migration::<Continuity>::try_from(AnyMigration::resume(record, Anchor::Head(stored_head))?)?;
//!     assert_eq!(again.lineage().len(), 8);
//!     Ok(())
//! }
//! ```
//!
//! A step out of order does not compile:
//!
//! ```compile_fail
//! use chrono::{DateTime, Utc};
//! use kwanus_migration::{Detection, Migration, Policy};
//!
//! fn finish(m: Migration<Detection>, at: DateTime<Utc>, policy: &Policy) {
//!     let _ = m.complete(at, policy); // error: a migration in `Detection` cannot complete
//! }
//! ```
//!
//! More in each module: the health report printed component by component in [`health`],
//! the permission evaluation model (deny overrides, fail closed, inclusion) in
//! [`permission`], every validation rule with its lint id in [`rules`], and the examples of
//! the repository: [`walkthrough`](https://github.com/kwanus/kwanus-migration/blob/main/examples/walkthrough.rs) (`cargo run --example
//! walkthrough`), [`partner_sdk`](https://github.com/kwanus/kwanus-migration/blob/main/examples/partner_sdk.rs) and the SQLite
//! [`platform_service`](https://github.com/kwanus/kwanus-migration/blob/main/examples/service/examples/platform_service.rs).
//!
//! # Architecture
//!
//! Four layers, each depending only on the ones below it (the module graph has no cycle):
//!
//! | layer | modules | owns |
//! |---|---|---|
//! | vocabulary | `vocabulary` (the `vocabulary!` declaration), `trigger`, `kind`, `mode`, `governance`, `dimension`, `severity`, `rite`, `evolution`, `band`, `partner`, [`Policy`] | the seeds' words as types, and every number |
//! | findings | `lint` (each [`rules::Lint`] with its level, severity, dimension and seed words), `report` ([`Finding`], [`ValidationReport`]), `plan` ([`Plan`], [`Approval`], [`Grants`], the documents) | what a check says, and what a plan holds |
//! | judgments | [`permission`], [`health`], [`rules`] | plain functions over plain data: the boundary checker, the health scorer, the checks behind validation |
//! | the flow | `flow`, [`graph`], [`format`](mod@format) | the typestate, the lineage and its encoding, the fleet view |
//!
//! Each large module is a directory of small private files, one concept each, behind the
//! public names its `mod.rs` re-exports (jiff's `civil/mod.rs` layout):
//!
//! - `flow/`: `stage` (the one `stages!` declaration: [`StageName`], the stage types,
//!   [`AnyMigration`]), `migration` (the handle and its accessors), `refusal`, `advance` (how a
//!   step appends its event), one file per step (`detection`, `preparation`, `transition`,
//!   `live`, `complete`, `fallback`), and the record: `artifacts`, `lineage`, `chain`,
//!   `digest`, `record`, `replay`;
//! - `permission/`: `pattern`, `verb` ([`permission::Permission`]), `set`, `cover` (the
//!   inclusion search), `compiled` (the trie), `catalog`, `boundary`, `diff`, `error`;
//! - `health/`: `band` (the score and its band), `inputs`, `error`, `report`, `scorer`,
//!   `packed`, `trend` (collapse and forecast).
//!
//! Inside the flow, one function moves a migration's state: the replay's `step`. The
//! transitions build an event and hand it to `step`; [`AnyMigration::resume`] hands it the
//! stored events, so a record the transitions wrote always resumes and a record they could
//! not have written never does. What a health band does to a live migration (steady,
//! throttled, restricted; may it complete, does it need a review) is decided in one place
//! that both the steps and the replay ask.
//!
//! Where to add things:
//!
//! - **a vocabulary value**: one line in its `vocabulary!` declaration (its `ALL`, its name
//!   and its JSON form follow);
//! - **a trigger**: a variant of [`Trigger`] with its class, its name on the
//!   [`format`](mod@format) page (a test compares them) and its row in the [`seed_map`];
//! - **a lint**: one line of the declaration in `lint.rs` (id, level, severity, dimension,
//!   seed words), and the check that raises it; the table in [`rules`] is held to the
//!   declaration by a test, and validation routes the finding by its dimension (a test
//!   proves no finding lands elsewhere);
//! - **a stage**: one line of the `stages!` declaration in `flow/stage.rs` (its
//!   [`StageName`], its type, its [`AnyMigration`] arm and conversions follow), the
//!   capability traits it has, its transitions, the replay's rules for the events that enter
//!   and leave it, the event kinds on the [`format`](mod@format) page and in the second
//!   verifier, and trybuild cases for the calls it must refuse.
//!
//! # Crate features
//!
//! - `serde` (on by default): `Serialize`/`Deserialize` for every data type, as snake_case
//!   JSON. Deserializing goes through the same validation as construction (a
//!   [`PartnerId`], a [`Policy`], a [`permission::Permission`] are checked; a
//!   [`MigrationRecord`] is plain data until [`AnyMigration::resume`] replays it).
//! - `json` (on by default; implies `serde`): the JSON entry point for stored records,
//!   [`MigrationRecord::from_json`] (and `from_json_slice`), [`MigrationRecord::to_json`]
//!   and [`AnyMigration::resume_json`]. Every failure on the way from stored text to a
//!   migration is a typed [`LoadError`] with a code (`load.malformed_json`,
//!   `load.invalid_field` with the field's path, `resume.unsupported_format` before any
//!   other field is read), where serde alone gives a message without one. That is why the
//!   feature brings `serde_json` (the reference JSON implementation for serde) and
//!   `serde_path_to_error` (dtolnay's, small, depending only on `serde_core` and `itoa`) to
//!   name the failing field as `events[3].detail.opened.partner`.
//! - `schema` (off by default; implies `serde`): JSON Schemas of the record, the policy, the
//!   validation report and the health report, generated from the types with `schemars`
//!   (the `schema` module; the crate's repository commits them under
//!   [`schema/`](https://github.com/kwanus/kwanus-migration/tree/main/schema)).
//! - `fixtures` (off by default; not for users): the hidden fixtures of the crate's own
//!   tests and benches, with no semver promise. Nothing a user needs is behind it: no
//!   example on these pages uses it.
//!
//! - `interface` (off by default; implies `json`): one JSON interface over the plain
//!   functions, `interface::call(operation, input)`, JSON text in, JSON text out, every
//!   error a stable code; what the `kwanus` CLI and the packages for other languages wrap.
//!
//! # Dependencies
//!
//! `chrono` and `semver` are the public currency for time and versions; `serde` and
//! `thiserror` as usual; `petgraph` works inside [`graph`] and never appears in a public
//! signature; `sha2` (RustCrypto, pure Rust) chains the lineage with SHA-256 so any auditor
//! can recompute it with standard tools (see [`Digest`]), and RustCrypto's `hmac` seals a
//! record under the platform's key and checks the seal in constant time (see [`SealKey`]).
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![warn(missing_debug_implementations)]

#[macro_use]
mod vocabulary;

// The fixtures of the project's own tests and benches: never in a user's build
// (the non-default `fixtures` feature, which the project's tests and members turn on).
#[cfg(any(test, feature = "fixtures"))]
#[doc(hidden)]
pub mod __doc_support;
mod band;
mod code;
mod dimension;
mod error_codes;
mod evolution;
/// The seal of the flow's stages, at the crate root so that the compiler names it by a path
/// that does not follow the file layout (the UI tests pin it).
mod flow;
pub mod format;
// The README's example, compiled and run as a doc test.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
mod governance;
pub mod graph;
pub mod health;
#[cfg(feature = "interface")]
#[cfg_attr(docsrs, doc(cfg(feature = "interface")))]
pub mod interface;
mod kind;
mod lint;
mod mode;
mod partner;
pub mod permission;
mod plan;
mod policy;
mod policy_answers;
mod report;
mod rite;
pub mod rules;
#[cfg(feature = "schema")]
#[cfg_attr(docsrs, doc(cfg(feature = "schema")))]
pub mod schema;
pub mod seed_map;
mod severity;
mod text;
#[cfg_attr(not(feature = "serde"), allow(dead_code))]
mod time_text;
mod trigger;
#[cfg_attr(not(feature = "serde"), allow(dead_code))]
mod version_text;

pub use crate::band::{Action, Band};
pub use crate::code::Coded;
pub use crate::dimension::Dimension;
pub use crate::error_codes::code_of;
pub use crate::evolution::Evolution;
pub use crate::flow::artifacts::{
    required_approvals, Approval, Attestation, Contracts, DimensionOutcome, DimensionResult,
    Document, DocumentKind, Evidence, FallbackAuthority, FallbackReason, Finding, Grants,
    MappingEntry, Missing, Notice, Plan, PlanPart, Release, Remediation, Requirements, Review,
    ValidationReport, Verdict, Window,
};
pub use crate::flow::chain::SealKey;
pub use crate::flow::digest::{Digest, DigestParseError};
pub use crate::flow::lineage::{Event, EventDetail, Lineage, Opening};
pub use crate::flow::record::{Anchor, Correction, MigrationRecord, ResumeError, RECORD_FORMAT};
pub use crate::flow::state::ReplayError;
#[cfg(feature = "json")]
#[cfg_attr(docsrs, doc(cfg(feature = "json")))]
pub use crate::flow::LoadError;
pub use crate::flow::{
    AnyMigration, AttestationBuilder, CanComplete, CanFallBack, CanaryOutcome, Continuity,
    Deadline, DeadlineKind, Detection, EvidenceBuilder, Extension, FallbackWindow, FallenBack,
    HealthOutcome, Live, Migration, Monitored, NoEvidence, NoWindow, NoticeBuilder, OpenError,
    OpenRefusal, Platform, Preparation, Reaction, Refusal, Refused, Rejected, ReleaseBuilder,
    Stabilization, Stage, StageName, Step, Throttled, Transition, UnderWay, Validated, Validation,
    Withdrawal, Withdrawn, WithdrawnBy, WrongStage,
};
pub use crate::governance::{AnnualTask, GovernanceBody};
pub use crate::health::{HealthError, HealthInputs, HealthReport, HealthScore};
pub use crate::kind::{Category, KindFamily, MigrationKind};
pub use crate::lint::FindingLevel;
pub use crate::mode::{Compatibility, Mode};
pub use crate::partner::{PartnerId, PartnerIdError};
pub use crate::policy::{Policy, PolicyBuilder, PolicyError, SeedFloor};
pub use crate::rite::Rite;
pub use crate::severity::Severity;
pub use crate::trigger::{Trigger, TriggerClass};
