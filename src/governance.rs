//! Governance bodies and the annual governance tasks (playbook §10, framework §6).

vocabulary! {
    /// A governance body of the playbook (§10, "Governance Bodies").
    ///
    /// > TSC (technical), SCO (security & compliance), ERC (workflow), CGB (ecosystem)
    ///
    /// [`crate::Category::governing_body`] says which one governs each category.
    #[derive(PartialOrd, Ord)]
    pub enum GovernanceBody {
        /// "TSC (technical)" (playbook §10); "TSC → Structural authority" (framework §6).
        Tsc = "tsc",
        /// "SCO (security & compliance)" (playbook §10); "SCO → Permission authority"
        /// (framework §6).
        Sco = "sco",
        /// "ERC (workflow)" (playbook §10); "ERC → Workflow authority" (framework §6).
        Erc = "erc",
        /// "CGB (ecosystem)" (playbook §10). The documents give the four bodies only these
        /// acronyms and words; the crate invents no longer names.
        Cgb = "cgb",
    }
}

impl GovernanceBody {
    /// The body's short name as the playbook writes it (`"TSC"`).
    #[must_use]
    pub const fn acronym(self) -> &'static str {
        match self {
            GovernanceBody::Tsc => "TSC",
            GovernanceBody::Sco => "SCO",
            GovernanceBody::Erc => "ERC",
            GovernanceBody::Cgb => "CGB",
        }
    }
}

impl core::fmt::Display for GovernanceBody {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.acronym())
    }
}

vocabulary! {
    /// An annual governance task (playbook §10, "Annual Tasks").
    ///
    /// > migration review, compatibility update, lifecycle update, sustainability review
    ///
    /// How often each falls due is [`crate::Policy::governance_interval_months`] (12 by default).
    #[derive(PartialOrd, Ord)]
    pub enum AnnualTask: Display {
        /// "migration review".
        MigrationReview = "migration_review",
        /// "compatibility update".
        CompatibilityUpdate = "compatibility_update",
        /// "lifecycle update".
        LifecycleUpdate = "lifecycle_update",
        /// "sustainability review".
        SustainabilityReview = "sustainability_review",
    }
}

impl AnnualTask {}
