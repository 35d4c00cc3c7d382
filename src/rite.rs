//! Ceremonial migration rites (framework §10).

vocabulary! {
    /// A ceremonial rite, proclaimed when a migration passes a step.
    ///
    /// The framework (§10) ritualizes migration with six rites; [`Rite::words`] gives each its
    /// exact words. Every lineage event of a transition carries its rite.
    ///
    /// ```
    /// use kwanus_migration::Rite;
    ///
    /// fn main() {
    ///     assert_eq!(Rite::Transition.words(), "The weave shifts. The path opens.");
    /// }
    /// ```
    #[derive(PartialOrd, Ord)]
    pub enum Rite {
        /// Rite of Detection.
        Detection = "detection",
        /// Rite of Preparation.
        Preparation = "preparation",
        /// Rite of Transition.
        Transition = "transition",
        /// Rite of Stabilization.
        Stabilization = "stabilization",
        /// Rite of Continuity.
        Continuity = "continuity",
        /// Rite of Release: the fallback is removed.
        Release = "release",
    }
}

impl Rite {
    /// The rite's name as the framework writes it (`"Rite of Detection"`).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Rite::Detection => "Rite of Detection",
            Rite::Preparation => "Rite of Preparation",
            Rite::Transition => "Rite of Transition",
            Rite::Stabilization => "Rite of Stabilization",
            Rite::Continuity => "Rite of Continuity",
            Rite::Release => "Rite of Release",
        }
    }

    /// The rite's exact words from the framework.
    #[must_use]
    pub const fn words(self) -> &'static str {
        match self {
            Rite::Detection => "The threads tremble. Change approaches.",
            Rite::Preparation => "The loom adjusts. The pattern loosens.",
            Rite::Transition => "The weave shifts. The path opens.",
            Rite::Stabilization => "The pattern reforms. Harmony returns.",
            Rite::Continuity => "The thread continues. The journey resumes.",
            Rite::Release => "The old pattern dissolves. Memory remains.",
        }
    }
}

impl core::fmt::Display for Rite {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}: \u{201c}{}\u{201d}", self.name(), self.words())
    }
}
