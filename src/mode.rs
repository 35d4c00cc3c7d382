//! Migration modes (framework §3, "Migration Types").

use crate::trigger::TriggerClass;

vocabulary! {
    /// How a migration is carried out: the framework's four migration types.
    ///
    /// > 1. **Soft** — minimal change, backward compatible, reversible.
    /// > 2. **Guided** — OS assists partner, compatibility mapping required, governance oversight.
    /// > 3. **Forced** — triggered by incompatibility, by version mismatch, by sustainability
    /// >    collapse.
    /// > 4. **Fallback** — partner returns to previous stable version; used when migration fails,
    /// >    used when compatibility breaks.
    ///
    /// A new migration is soft, guided or forced, chosen by [`Mode::for_change`]. A migration
    /// that falls back is in fallback mode until it is remediated.
    #[derive(PartialOrd, Ord)]
    pub enum Mode: Display {
        /// Minimal, backward-compatible, reversible change.
        Soft = "soft",
        /// The OS assists; a compatibility mapping and the governing body's approval are required.
        Guided = "guided",
        /// Imposed by a forced trigger; carries a remediation deadline.
        Forced = "forced",
        /// Return to the previous stable version.
        Fallback = "fallback",
    }
}

vocabulary! {
    /// Whether a change keeps the old contract working. Used instead of a bare `bool`.
    pub enum Compatibility: Display {
        /// Everything that worked before still works.
        BackwardCompatible = "backward_compatible",
        /// Something that worked before breaks.
        Breaking = "breaking",
    }
}

impl Mode {
    /// The mode of a new migration, from its trigger class and its compatibility.
    ///
    /// - a forced trigger gives [`Mode::Forced`], whatever the change;
    /// - otherwise a backward-compatible change is [`Mode::Soft`];
    /// - otherwise (a breaking change) the OS must assist: [`Mode::Guided`].
    ///
    /// Fallback is never chosen for a new migration.
    ///
    /// ```
    /// use kwanus_migration::{Compatibility, Mode, TriggerClass};
    ///
    /// fn main() {
    ///     assert_eq!(Mode::for_change(TriggerClass::Required, Compatibility::BackwardCompatible), Mode::Soft);
    ///     assert_eq!(Mode::for_change(TriggerClass::Required, Compatibility::Breaking), Mode::Guided);
    ///     assert_eq!(Mode::for_change(TriggerClass::Forced, Compatibility::BackwardCompatible), Mode::Forced);
    /// }
    /// ```
    #[must_use]
    pub const fn for_change(class: TriggerClass, compatibility: Compatibility) -> Mode {
        match (class, compatibility) {
            (TriggerClass::Forced, _) => Mode::Forced,
            (_, Compatibility::BackwardCompatible) => Mode::Soft,
            (_, Compatibility::Breaking) => Mode::Guided,
        }
    }

    /// Whether this mode requires governance oversight (the governing body's approval).
    #[must_use]
    pub const fn needs_oversight(self) -> bool {
        matches!(self, Mode::Guided | Mode::Forced)
    }
}
