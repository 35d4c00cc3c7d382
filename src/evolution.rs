//! Migration evolution (framework §5).

/// How migration capabilities evolve.
///
/// The framework (§5): "Migration capabilities evolve through **Expansion**, **Enhancement**,
/// **Transformation**, **Fusion**, and **Illumination** (predictive intelligence)."
/// In this crate, illumination is the health forecast.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum Evolution {
    /// "Expansion": new capabilities are added.
    Expansion,
    /// "Enhancement": existing capabilities improve.
    Enhancement,
    /// "Transformation": capabilities change shape.
    Transformation,
    /// "Fusion": capabilities merge.
    Fusion,
    /// "Illumination (predictive intelligence)": forecasting health before it falls.
    Illumination,
}

impl Evolution {
    /// Every stage of evolution, in the framework's order.
    pub const ALL: [Evolution; 5] = [
        Evolution::Expansion,
        Evolution::Enhancement,
        Evolution::Transformation,
        Evolution::Fusion,
        Evolution::Illumination,
    ];
}
