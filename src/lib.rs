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
//! - the vocabulary: [`Trigger`] and its [`TriggerClass`], [`MigrationKind`] and its
//!   [`Category`], [`Mode`], [`GovernanceBody`], [`Dimension`], [`Evolution`],
//!   [`Severity`], [`Rite`];
//! - one validated [`Policy`] holding every number of the seeds (fallback windows,
//!   remediation windows, health bands, governance calendar), `Policy::default()` being the
//!   seeds' numbers;
//! - the [`health`] scorer: monitoring data to a score, [`Band`] and [`Action`], with collapse
//!   detection and forecasting.
//!
//! The six-step flow the crate models:
//!
//! ```text
//!  Detection ──► Preparation ──► Transition ──► Validation ──► Stabilization ──► Continuity
//!   (notice)     (plan, docs,    (versioned     (six           (health band)     (fallback
//!                 approvals)      release)       dimensions)                       window run,
//!                                   │               │               │              rite of release)
//!                                   └───────────────┴───────┬───────┘
//!                                                           ▼
//!                                   FallenBack ──(remediation)──► Preparation
//! ```
//!
//! The crate is pure: no I/O, no global state, no clock reads. Every operation that needs
//! the time takes it as an argument.
//!
//! # Usage
//!
//! ```toml
//! [dependencies]
//! kwanus-migration = "0.1"
//! ```
//!
//! # Examples
//!
//! Choosing the mode of a new migration and its governing body:
//!
//! ```
//! use kwanus_migration::{Compatibility, GovernanceBody, MigrationKind, Mode, Trigger, TriggerClass};
//!
//! let triggers = [Trigger::ApiDeprecation];
//! let class = TriggerClass::of(&triggers).ok_or("no trigger")?;
//! let mode = Mode::for_change(class, Compatibility::Breaking);
//! assert_eq!(mode, Mode::Guided);
//! assert_eq!(MigrationKind::ApiVersion.category().governing_body(), GovernanceBody::Tsc);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Scoring health:
//!
//! ```
//! use kwanus_migration::{health, Action, HealthInputs, Policy};
//!
//! let report = health::score(&HealthInputs::uniform(82.0), &Policy::default())?;
//! assert_eq!(report.action(), Action::StandardMonitoring);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Crate features
//!
//! - `serde` (on by default): `Serialize`/`Deserialize` for every data type, as snake_case
//!   JSON. Deserializing goes through the same validation as construction.
#![cfg_attr(docsrs, feature(doc_cfg))]

mod dimension;
#[doc(hidden)]
pub mod doc_support;
mod evolution;
mod flow;
mod governance;
pub mod graph;
pub mod health;
mod kind;
mod mode;
mod partner;
pub mod permission;
mod policy;
mod rite;
pub mod rules;
mod severity;
mod trigger;

pub use crate::dimension::Dimension;
pub use crate::evolution::Evolution;
pub use crate::flow::artifacts::{
    required_approvals, Approval, DimensionResult, Document, DocumentKind, FallbackReason, Finding,
    Grants, Level, MappingEntry, Notice, Plan, PlanPart, Release, Remediation, Runtime,
    ValidationReport, Verdict, Window,
};
pub use crate::flow::chain::{Digest, DigestParseError};
pub use crate::flow::lineage::{Event, EventDetail, Lineage};
pub use crate::flow::record::{
    AnyMigration, Correction, MigrationRecord, ReplayError, ResumeError, WrongStage, RECORD_FORMAT,
};
pub use crate::flow::{
    CanComplete, CanFallBack, Continuity, Detection, FallenBack, Migration, OpenError, OpenRefusal,
    Preparation, Refusal, Refused, Stabilization, Stabilized, Stage, StageName, Transition,
    Validated, Validation,
};
pub use crate::governance::{AnnualTask, GovernanceBody};
pub use crate::health::{Action, Band, HealthError, HealthInputs, HealthReport, HealthScore};
pub use crate::kind::{Category, KindFamily, MigrationKind};
pub use crate::mode::{Compatibility, Mode};
pub use crate::partner::{PartnerId, PartnerIdError};
pub use crate::policy::{Policy, PolicyBuilder, PolicyError};
pub use crate::rite::Rite;
pub use crate::severity::Severity;
pub use crate::trigger::{Trigger, TriggerClass};
