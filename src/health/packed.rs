//! Inputs checked once and packed for fleet scans: [`PackedInputs`] and
//! [`score_packed_fleet`].

use super::component::Component;
use super::error::{check_value, HealthError};
use super::inputs::HealthInputs;

/// How [`PackedInputs`] stores a missing component: `-0.0`, which adds nothing to a sum and
/// which packing never stores for a value (a given `-0.0` is kept as `+0.0`, the same number).
const MISSING: f64 = -0.0;

/// The four component values of [`HealthInputs`], checked and packed into 32 bytes (four
/// `f64`, where `HealthInputs` takes 64: each `Option<f64>` pays a word for its tag).
///
/// A missing component is kept as `-0.0`, a value packing never stores for an observed one
/// (presence lives in the sign bit), so scoring a packed input needs no check and no
/// branch: [`Scorer::verdict_packed`](super::Scorer::verdict_packed) and
/// [`score_packed_fleet`](super::score_packed_fleet) are what a fleet scan uses. Pack once
/// (when monitoring data arrives), score as often as the policy changes.
///
/// ```
/// use kwanus_migration::health::{Component, PackedInputs};
/// use kwanus_migration::HealthInputs;
///
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     let mut inputs = HealthInputs::uniform(80.0);
///     inputs.sustainability = None;
///     let packed = PackedInputs::new(&inputs)?;
///     assert_eq!(packed.get(Component::Stability), Some(80.0));
///     assert_eq!(packed.get(Component::Sustainability), None);
///     assert_eq!(HealthInputs::from(packed), inputs);
///     assert!(PackedInputs::new(&HealthInputs::uniform(f64::NAN)).is_err());
///     assert_eq!(std::mem::size_of::<PackedInputs>(), 32);
///     Ok(())
/// }
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PackedInputs {
    /// In [`Component::ALL`] order, each 0–100 (never `-0.0`), or [`MISSING`].
    pub(super) values: [f64; 4],
}

impl PackedInputs {
    /// Checks and packs `inputs`.
    ///
    /// # Errors
    ///
    /// As [`score`]: [`HealthError::NotFinite`] or [`HealthError::OutOfRange`] for a value
    /// that is NaN, infinite or outside 0–100.
    ///
    /// [`score`]: super::score
    pub fn new(inputs: &HealthInputs) -> Result<PackedInputs, HealthError> {
        let mut values = [MISSING; 4];
        for (slot, c) in values.iter_mut().zip(Component::ALL) {
            if let Some(v) = inputs.get(c) {
                // + 0.0 turns a given -0.0 into +0.0: the same number, and not "missing"
                *slot = check_value(Some(c), v)? + 0.0;
            }
        }
        Ok(PackedInputs { values })
    }

    /// The value of `component`, `None` when not observed.
    #[must_use]
    pub fn get(&self, component: Component) -> Option<f64> {
        let i = Component::ALL.iter().position(|&c| c == component)?;
        self.values
            .get(i)
            .copied()
            .filter(|v| !v.is_sign_negative())
    }
}

impl TryFrom<HealthInputs> for PackedInputs {
    type Error = HealthError;
    fn try_from(inputs: HealthInputs) -> Result<Self, HealthError> {
        PackedInputs::new(&inputs)
    }
}

impl From<PackedInputs> for HealthInputs {
    fn from(p: PackedInputs) -> HealthInputs {
        let mut out = HealthInputs::default();
        for c in Component::ALL {
            out.set(c, p.get(c));
        }
        out
    }
}
