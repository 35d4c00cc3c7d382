//! The six-step flow as a typestate.
//!
//! The module is split by concept; every public name is re-exported here (and from the crate
//! root):
//!
//! - `stage`: the stage names as data, the uninhabited stage types, and the capability traits
//!   (which stage may fall back, is live, may complete, is under way);
//! - `migration`: the [`Migration`] handle and its read access, and the same read access on
//!   [`AnyMigration`] without a match;
//! - `deadline`: what is due next and when ([`Deadline`]), and the fallback window while it
//!   runs;
//! - `refusal`: why a step was refused ([`Refusal`], [`Refused`], [`OpenError`]);
//! - `advance`: how a step appends its event and moves the handle to the next stage;
//! - one file per step: `detection` (the notice and the plan), `preparation` (Preparation to
//!   Transition), `transition` (Transition to Validation or Rejected), `live` (health on a
//!   live migration and on the canary), `complete` (Continuity), `fallback` (fallback and
//!   remediation) and `ends` (a window extension, a withdrawal);
//! - the record: `artifacts` (what a step takes in, the platform's facts among them) and
//!   `builders` (how to write them),
//!   `lineage` and `chain` (the hash-chained events), `correction` (what a correction may
//!   touch), `policy_record` (the policy as the notice records it), `record`, `load` (JSON
//!   in, with coded errors) and `replay` (a migration as data, and back: the state, the
//!   lookups into a history, the recomputed validation).

mod advance;
pub(crate) mod artifacts;
pub(crate) mod builders;
pub(crate) mod chain;
pub(crate) mod checks;
mod complete;
mod constructors;
mod correction;
mod deadline;
mod detection;
pub(crate) mod digest;
mod ends;
mod fallback;
pub(crate) mod lineage;
mod live;
#[cfg(feature = "json")]
mod load;
mod migration;
mod opening;
pub(crate) mod policy_record;
mod preparation;
pub(crate) mod record;
mod refusal;
pub(crate) mod replay;
mod stage;
pub(crate) mod state;
mod transition;

pub use self::artifacts::{Extension, Platform, Withdrawal, WithdrawnBy};
pub use self::builders::{
    AttestationBuilder, EvidenceBuilder, NoEvidence, NoWindow, NoticeBuilder, ReleaseBuilder,
};
pub use self::deadline::{Deadline, DeadlineKind, FallbackWindow};
pub use self::live::{CanaryOutcome, HealthOutcome, Monitored, Reaction};
#[cfg(feature = "json")]
pub use self::load::LoadError;
pub use self::migration::Migration;
pub use self::refusal::{OpenError, OpenRefusal, Refusal, Refused, Step};
pub(crate) use self::stage::refused_code;
pub use self::stage::{
    AnyMigration, CanComplete, CanFallBack, Continuity, Detection, FallenBack, Live, Preparation,
    Rejected, Stabilization, Stage, StageName, Throttled, Transition, UnderWay, Validation,
    Withdrawn, WrongStage,
};
pub use self::transition::Validated;
