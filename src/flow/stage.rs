//! The stages: their names as data, the uninhabited stage types, and what each may do.

use core::fmt;

use super::migration::Migration;
use super::replay::Core;

mod sealed {
    /// The seal of [`Stage`](super::Stage): private, so no type outside the crate is a stage.
    #[diagnostic::on_unimplemented(
        message = "`{Self}` is not a stage of the flow",
        label = "the stages are sealed: the flow has exactly the framework's steps",
        note = "use one of the crate's stage types (Detection, Preparation, Transition, Validation, Stabilization, Continuity, FallenBack, Rejected, Throttled)"
    )]
    pub trait Sealed {}
}

/// A stage of the six-step flow.
///
/// This trait is **sealed**: only the crate's stage types implement it, so no one can
/// add a stage or a transition the framework does not have. The stage types are uninhabited
/// enums: they exist only as type parameters of [`Migration`](crate::Migration).
pub trait Stage: sealed::Sealed + fmt::Debug + Send + Sync + 'static {
    /// The stage's name as data.
    const NAME: StageName;
}

/// The one declaration of the stages. From it come: [`StageName`] (its variants, `ALL`, `as_str`, its
/// `Display`), the uninhabited stage types with their seal and [`Stage`] impl, and
/// [`AnyMigration`](crate::AnyMigration) with its conversions to and from each typed
/// `Migration<S>`, and the downcasts [`code_of`](crate::code_of) tries for a `Refused<S>`. Adding a stage is one line here plus its transitions.
macro_rules! stages {
    ($( $(#[$doc:meta])* $name:ident = $snake:literal, $text:literal, $any:literal; )*) => {
        /// The name of a stage, as data: what a [`MigrationRecord`](crate::MigrationRecord)
        /// stores.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[cfg_attr(
            feature = "serde",
            derive(serde::Serialize, serde::Deserialize),
            serde(rename_all = "snake_case")
        )]
        #[non_exhaustive]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        pub enum StageName {
            $(
                #[doc = concat!("[`", stringify!($name), "`].")]
                #[cfg_attr(feature = "serde", serde(rename = $snake))]
                $name,
            )*
        }

        impl StageName {
            /// Whether a migration in this stage is still under way: every stage but the two
            /// ends, [`StageName::Continuity`] and [`StageName::Withdrawn`].
            #[must_use]
            pub const fn is_under_way(self) -> bool {
                !matches!(self, StageName::Continuity | StageName::Withdrawn)
            }

            /// Every stage: the six of the flow in order, then [`StageName::FallenBack`],
            /// [`StageName::Rejected`], [`StageName::Throttled`] and [`StageName::Withdrawn`].
            pub const ALL: [StageName; [$($snake),*].len()] = [$(StageName::$name),*];

            /// The stable snake_case name: the same as the JSON form, and the name the
            /// record format hashes (see the [`format`](mod@crate::format) page).
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(StageName::$name => $snake,)*
                }
            }
        }

        impl fmt::Display for StageName {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(match self {
                    $(StageName::$name => $text,)*
                })
            }
        }

        $(
            $(#[$doc])*
            #[derive(Debug)]
            pub enum $name {}
            impl sealed::Sealed for $name {}
            impl Stage for $name {
                const NAME: StageName = StageName::$name;
            }
        )*

        /// A migration in any stage: what [`AnyMigration::resume`] gives back from a record.
        /// `Migration::<S>::try_from(any)` gives the typed handle.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum AnyMigration {
            $(
                #[doc = $any]
                $name(Migration<$name>),
            )*
        }

        impl AnyMigration {
            pub(super) fn from_core(core: Box<Core>) -> AnyMigration {
                match core.stage {
                    $(StageName::$name => AnyMigration::$name(Migration::from_core(core)),)*
                }
            }

            pub(super) fn core(&self) -> &Core {
                match self {
                    $(AnyMigration::$name(m) => m.core(),)*
                }
            }

            pub(super) fn into_core(self) -> Box<Core> {
                match self {
                    $(AnyMigration::$name(m) => m.core,)*
                }
            }
        }

        /// The code of a [`Refused`](crate::Refused) of any stage, if `err` is one (or a
        /// `Box` of one): what
        /// [`code_of`](crate::code_of) asks of each error of a chain.
        pub(crate) fn refused_code(err: &(dyn std::error::Error + 'static)) -> Option<&'static str> {
            $(
                if let Some(r) = err.downcast_ref::<super::Refused<$name>>() {
                    return Some(r.reason().code());
                }
                if let Some(r) = err.downcast_ref::<Box<super::Refused<$name>>>() {
                    return Some(r.reason().code());
                }
            )*
            None
        }

        $(
            impl From<Migration<$name>> for AnyMigration {
                fn from(m: Migration<$name>) -> AnyMigration {
                    AnyMigration::$name(m)
                }
            }

            impl TryFrom<AnyMigration> for Migration<$name> {
                type Error = WrongStage;
                fn try_from(any: AnyMigration) -> Result<Self, WrongStage> {
                    match any {
                        AnyMigration::$name(m) => Ok(m),
                        other => Err(WrongStage::new(StageName::$name, other)),
                    }
                }
            }
        )*
    };
}

stages! {
    /// Step 1, "Detection: OS identifies need for migration" (playbook: migration notice).
    Detection = "detection", "detection", "In Detection.";
    /// Step 2, "Preparation: partner aligns capabilities, permissions, and workflows"
    /// (playbook: plan and implementation).
    Preparation = "preparation", "preparation", "In Preparation.";
    /// Step 3, "Transition: the migration occurs" (playbook: implementation): the release
    /// runs in a shielded transition runtime, isolated from general exposure but for a canary
    /// share (framework §9, "Migration Shielding"). Not yet rolled out.
    Transition = "transition", "transition", "In Transition.";
    /// Step 4, "Validation: compatibility and sustainability are verified" (playbook step 4):
    /// validated, and so rolled out to all the partner's users (playbook step 5, "versioned
    /// release"); the fallback window runs from the rollout.
    Validation = "validation", "validation", "In Validation.";
    /// Step 5, "Stabilization: partner adjusts to the new version/state" (playbook:
    /// monitoring).
    Stabilization = "stabilization", "stabilization", "In Stabilization.";
    /// Step 6, "Continuity: partner resumes normal operation" (playbook: completion, fallback
    /// removed). Terminal.
    Continuity = "continuity", "continuity", "In Continuity.";
    /// Returned to the previous stable version (framework: fallback migration). Can be
    /// remediated and prepared again.
    FallenBack = "fallen_back", "fallen back", "Fallen back.";
    /// Validation failed: the release is rejected, and the migration can only fall back or be
    /// restricted (framework §7, "Failure triggers fallback or restriction"), never stay.
    Rejected = "rejected", "rejected", "Rejected by validation.";
    /// Throttled after an At Risk reading or a metrics collapse (framework §7–§8,
    /// "Fallback / Throttling"): it recovers with a steady reading, or falls back.
    Throttled = "throttled", "throttled", "Throttled.";
    /// Withdrawn before continuity (a partner's request or a platform decision, approved by
    /// the body governing the migration's category): the partner stays on its previous stable
    /// version with its pre-migration grants. Terminal.
    Withdrawn = "withdrawn", "withdrawn", "Withdrawn.";
}

/// The stages a migration is still under way in: every stage but the two ends, Continuity
/// and Withdrawn. The governing body may extend its window, and it may be withdrawn.
#[diagnostic::on_unimplemented(
    message = "a migration in `{Self}` has ended",
    label = "a window extension or a withdrawal applies only to a migration under way (not Continuity, not Withdrawn)",
    note = "Continuity and Withdrawn are the two ends of a migration"
)]
pub trait UnderWay: Stage {}
impl UnderWay for Detection {}
impl UnderWay for Preparation {}
impl UnderWay for Transition {}
impl UnderWay for Validation {}
impl UnderWay for Stabilization {}
impl UnderWay for FallenBack {}
impl UnderWay for Rejected {}
impl UnderWay for Throttled {}

/// The stages a migration can fall back from: Transition, Rejected, Validation,
/// Stabilization and Throttled.
#[diagnostic::on_unimplemented(
    message = "a migration in `{Self}` cannot fall back",
    label = "fallback is only possible once the release exists (Transition, Rejected, Validation, Stabilization, Throttled)",
    note = "a migration falls back to its previous stable version only after it has transitioned"
)]
pub trait CanFallBack: Stage {}
impl CanFallBack for Transition {}
impl CanFallBack for Rejected {}
impl CanFallBack for Validation {}
impl CanFallBack for Stabilization {}
impl CanFallBack for Throttled {}

/// The stages where the partner is live and monitored: Validation (rolled out),
/// Stabilization and Throttled. Health readings and collapses act on them.
#[diagnostic::on_unimplemented(
    message = "a migration in `{Self}` is not live",
    label = "health readings and collapses act only on a rolled-out migration (Validation, Stabilization, Throttled)",
    note = "a release is live only once validation has passed and it has rolled out"
)]
pub trait Live: Stage {}
impl Live for Validation {}
impl Live for Stabilization {}
impl Live for Throttled {}

/// The stage a migration can complete from: Stabilization only.
#[diagnostic::on_unimplemented(
    message = "a migration in `{Self}` cannot complete",
    label = "only a migration in Stabilization can complete",
    note = "completion needs validation, a steady health reading and the fallback window to have run"
)]
pub trait CanComplete: Stage {}
impl CanComplete for Stabilization {}

/// A resumed migration was not in the stage asked for. Holds it, unchanged.
#[derive(Debug, Clone, PartialEq)]
pub struct WrongStage {
    expected: StageName,
    migration: AnyMigration,
}

impl WrongStage {
    fn new(expected: StageName, migration: AnyMigration) -> WrongStage {
        WrongStage {
            expected,
            migration,
        }
    }
    /// The stage asked for.
    #[must_use]
    pub fn expected(&self) -> StageName {
        self.expected
    }
    /// The stage found.
    #[must_use]
    pub fn found(&self) -> StageName {
        self.migration.stage()
    }
    /// Takes the migration back.
    #[must_use]
    pub fn into_inner(self) -> AnyMigration {
        self.migration
    }
    /// A stable machine-readable code for partner SDKs.
    #[must_use]
    pub const fn code(&self) -> &'static str {
        "resume.wrong_stage"
    }
}

impl fmt::Display for WrongStage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the migration is in {}, not in {}",
            self.found(),
            self.expected
        )
    }
}

impl std::error::Error for WrongStage {}
