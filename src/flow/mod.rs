//! The six-step flow as a typestate.
//!
//! The module is split by concept; every public name is re-exported here (and from the crate
//! root):
//!
//! - `stage`: the stage names as data, the uninhabited stage types, and the capability traits
//!   (which stage may fall back, is live, may complete);
//! - `migration`: the [`Migration`] handle and its read access;
//! - `refusal`: why a step was refused ([`Refusal`], [`Refused`], [`OpenError`]);
//! - `advance`: how a step appends its event and moves the handle to the next stage;
//! - one file per step: `open` (Detection), `prepare` (Preparation to Transition),
//!   `validate` (Transition to Validation or Rejected), `live` (health on a live migration),
//!   `complete` (Continuity) and `fallback` (fallback and remediation);
//! - the record: `artifacts` (what a step takes in), `lineage` and `chain` (the hash-chained
//!   events), `record` and `replay` (a migration as data, and back).

mod advance;
pub(crate) mod artifacts;
pub(crate) mod chain;
mod complete;
mod correction;
mod detection;
pub(crate) mod digest;
mod ends;
mod fallback;
pub(crate) mod lineage;
mod live;
#[cfg(feature = "json")]
mod load;
mod migration;
pub(crate) mod policy_record;
mod preparation;
pub(crate) mod record;
mod refusal;
pub(crate) mod replay;
mod stage;
mod transition;

pub use self::artifacts::{Extension, Platform, Withdrawal, WithdrawnBy};
pub use self::live::{CanaryOutcome, HealthOutcome, Monitored, Reaction};
#[cfg(feature = "json")]
pub use self::load::LoadError;
pub use self::migration::Migration;
pub use self::refusal::{OpenError, OpenRefusal, Refusal, Refused, Step};
pub use self::stage::{
    AnyMigration, CanComplete, CanFallBack, Continuity, Detection, FallenBack, Live, Preparation,
    Rejected, Stabilization, Stage, StageName, Throttled, Transition, UnderWay, Validation,
    Withdrawn, WrongStage,
};
pub use self::transition::Validated;
