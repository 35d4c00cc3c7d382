//! Migration evolution (framework §5).

vocabulary! {
    /// How migration capabilities evolve.
    ///
    /// The framework (§5): "Migration capabilities evolve through **Expansion**, **Enhancement**,
    /// **Transformation**, **Fusion**, and **Illumination** (predictive intelligence)."
    /// In this crate, illumination is the health forecast.
    #[derive(PartialOrd, Ord)]
    pub enum Evolution: Display {
        /// "Expansion": new capabilities are added.
        Expansion = "expansion",
        /// "Enhancement": existing capabilities improve.
        Enhancement = "enhancement",
        /// "Transformation": capabilities change shape.
        Transformation = "transformation",
        /// "Fusion": capabilities merge.
        Fusion = "fusion",
        /// "Illumination (predictive intelligence)": forecasting health before it falls.
        Illumination = "illumination",
    }
}

impl Evolution {}
