//! Remediation severity (playbook §9).

vocabulary! {
    /// How serious a problem that needs remediation is.
    ///
    /// The playbook (§9, "Remediation Window"): "minor: 30 days; moderate: 14 days; severe:
    /// immediate + review". The windows live in [`crate::Policy`]; [`Severity::needs_review`]
    /// says which severities also need a governance review.
    #[derive(PartialOrd, Ord)]
    pub enum Severity: Display {
        /// 30 days by default.
        Minor = "minor",
        /// 14 days by default.
        Moderate = "moderate",
        /// Immediate, and a governance review.
        Severe = "severe",
    }
}

impl Severity {
    /// Whether remediation at this severity needs a governance review ("immediate + review").
    #[must_use]
    pub const fn needs_review(self) -> bool {
        matches!(self, Severity::Severe)
    }
}
