//! The scoring model: [`score`], the [`Scorer`] that prepares a policy once, and
//! [`score_fleet`].

use crate::policy::Policy;

use super::band::{edges, reached, HealthScore};
use super::component::Component;
use super::error::{check_value, HealthError};
use super::inputs::HealthInputs;
use super::packed::PackedInputs;
use super::report::{ComponentScore, ComponentStatus, HealthReport, HealthVerdict, MODEL_VERSION};
use crate::band::{Action, Band};

/// Scores `inputs` under `policy`. See the [module docs](super) for the model.
///
/// # Errors
///
/// [`HealthError::NotFinite`] or [`HealthError::OutOfRange`] for a component value that is
/// NaN, infinite or outside 0–100.
pub fn score(inputs: &HealthInputs, policy: &Policy) -> Result<HealthReport, HealthError> {
    Scorer::new(policy).report(inputs)
}

/// The scoring model with a policy's numbers prepared once (used weights, band edges as
/// floats), for scoring many inputs. [`score`] is `Scorer::new(policy).report(inputs)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scorer {
    weights: [f64; 4],
    edges: [f64; 4],
    floor: f64,
    min_observed: f64,
    gates: bool,
}

impl Scorer {
    /// Prepares `policy`'s numbers.
    #[must_use]
    pub fn new(policy: &Policy) -> Scorer {
        let w = policy.health_weights();
        let total: f64 = w.iter().sum();
        Scorer {
            weights: w.map(|w| w / total),
            edges: edges(policy),
            floor: policy.critical_floor(),
            min_observed: policy.min_observed_weight(),
            gates: policy.hard_gates(),
        }
    }

    /// One component: its checked value, and whether it trips the gate.
    #[inline]
    fn component(
        &self,
        c: Component,
        raw: Option<f64>,
    ) -> Result<(Option<f64>, bool), HealthError> {
        match raw {
            Some(v) => {
                let v = check_value(Some(c), v)?;
                Ok((Some(v), c.is_critical() && v < self.floor))
            }
            None => Ok((None, c.is_critical())),
        }
    }

    /// The verdict of a weighted sum, the observed weight and the gate, without a branch:
    /// edges are strictly decreasing (the policy checks it), so the band is how many of them
    /// the score reaches, capped at At Risk by the gate.
    #[inline]
    fn judge(&self, sum: f64, observed: f64, gated: bool) -> HealthVerdict {
        let gated = gated & self.gates;
        let score = sum.clamp(0.0, 100.0);
        let band = reached(score, &self.edges).min(if gated { 1 } else { 4 });
        // a tiny tolerance so that 3 of 4 equal weights count as 0.75
        let insufficient_data = observed + 1e-12 < self.min_observed;
        let action = (4 - band).max(if insufficient_data { 2 } else { 0 });
        HealthVerdict {
            score: HealthScore(score),
            band: BANDS.get(band).copied().unwrap_or(Band::Unstable),
            action: ACTIONS
                .get(action)
                .copied()
                .unwrap_or(Action::ForcedRestriction),
            insufficient_data,
            gated,
        }
    }

    /// The verdict without the breakdown; the same numbers as [`Scorer::report`].
    ///
    /// # Errors
    ///
    /// As [`score`].
    #[inline]
    pub fn verdict(&self, inputs: &HealthInputs) -> Result<HealthVerdict, HealthError> {
        // every value checked at once, without a branch per component; the cold path finds
        // which one is at fault
        let (mut sum, mut observed, mut valid) = (0.0, 0.0, true);
        let mut low = [false; 4];
        for (i, c) in Component::ALL.into_iter().enumerate() {
            let raw = inputs.get(c);
            let v = raw.unwrap_or(0.0);
            // one comparison pair rejects NaN too
            valid &= raw.is_none() | (0.0..=100.0).contains(&v);
            sum += v * self.weights[i];
            observed += if raw.is_some() { self.weights[i] } else { 0.0 };
            low[i] = raw.is_none() | (v < self.floor);
        }
        if !valid {
            return Err(self.first_error(inputs));
        }
        Ok(self.judge(sum, observed, low[0] | low[1]))
    }

    #[cold]
    #[inline(never)]
    fn first_error(&self, inputs: &HealthInputs) -> HealthError {
        Component::ALL
            .into_iter()
            .find_map(|c| self.component(c, inputs.get(c)).err())
            // unreachable: only called when some value is invalid
            .unwrap_or(HealthError::NotFinite { component: None })
    }

    /// The verdict of checked, packed inputs: infallible and branch-free (the band is the
    /// count of edges the score reaches, the gate and the data check are masks), so a fleet
    /// scan runs at the speed of a plain weighted sum. The same numbers as
    /// [`Scorer::verdict`] of the same inputs.
    ///
    /// ```
    /// use kwanus_migration::health::{PackedInputs, Scorer};
    /// use kwanus_migration::{Band, HealthInputs, Policy};
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let scorer = Scorer::new(&Policy::default());
    ///     let mut inputs = HealthInputs::uniform(96.0);
    ///     inputs.ecosystem_impact = None;
    ///     let packed = PackedInputs::new(&inputs)?;
    ///     assert_eq!(scorer.verdict_packed(&packed), scorer.verdict(&inputs)?);
    ///     assert_eq!(scorer.verdict_packed(&packed).band, Band::Vulnerable); // 72: one missing counts 0
    ///     Ok(())
    /// }
    /// ```
    #[inline]
    #[must_use]
    pub fn verdict_packed(&self, inputs: &PackedInputs) -> HealthVerdict {
        let v = &inputs.values;
        let w = &self.weights;
        let (mut sum, mut observed) = (0.0, 0.0);
        for i in 0..4 {
            // a missing value is -0.0: it adds nothing to the sum (x + -0.0 == x), and its
            // weight is not observed
            sum += v[i] * w[i];
            observed += if v[i].is_sign_negative() { 0.0 } else { w[i] };
        }
        // the critical components gate below the floor, and when missing. As signed integers
        // the bits of values >= +0.0 keep their order and -0.0 is the least of all, so one
        // integer comparison each says both
        #[allow(clippy::cast_possible_wrap)]
        let bits = |x: f64| x.to_bits() as i64;
        let floor = bits(self.floor);
        let gated = (bits(v[0]) < floor) | (bits(v[1]) < floor);
        self.judge(sum, observed, gated)
    }

    /// The full report, with the breakdown.
    ///
    /// # Errors
    ///
    /// As [`score`].
    pub fn report(&self, inputs: &HealthInputs) -> Result<HealthReport, HealthError> {
        let mut breakdown = [ComponentScore {
            component: Component::Stability,
            raw: None,
            used: 0.0,
            weight: 0.0,
            points: 0.0,
            status: ComponentStatus::Missing,
        }; 4];
        let (mut sum, mut observed, mut gated) = (0.0, 0.0, false);
        for (i, component) in Component::ALL.into_iter().enumerate() {
            let weight = self.weights[i];
            let (raw, gate) = self.component(component, inputs.get(component))?;
            let gate = gate & self.gates;
            gated |= gate;
            let status = match (raw, gate) {
                (None, true) => ComponentStatus::MissingCritical,
                (None, false) => ComponentStatus::Missing,
                (Some(_), true) => ComponentStatus::BelowCriticalFloor,
                (Some(_), false) => ComponentStatus::Observed,
            };
            let used = raw.unwrap_or(0.0);
            let points = used * weight;
            if raw.is_some() {
                sum += points;
                observed += weight;
            }
            breakdown[i] = ComponentScore {
                component,
                raw,
                used,
                weight,
                points,
                status,
            };
        }
        let verdict = self.judge(sum, observed, gated);
        Ok(HealthReport {
            score: verdict.score,
            band: verdict.band,
            action: verdict.action,
            observed_weight: observed.min(1.0),
            insufficient_data: verdict.insufficient_data,
            gated,
            breakdown,
            model_version: MODEL_VERSION,
        })
    }
}

/// Bands worst first, by index.
const BANDS: [Band; 5] = Band::ALL;
/// Actions mildest first, by index.
const ACTIONS: [Action; 5] = [
    Action::OptimalTransition,
    Action::StandardMonitoring,
    Action::ReviewRequired,
    Action::FallbackOrThrottle,
    Action::ForcedRestriction,
];

/// Scores a fleet lazily, one [`HealthVerdict`] per input, with the policy prepared once and
/// nothing allocated. Use [`Scorer::report`] for the breakdown of the partners that need it.
///
/// ```
/// use kwanus_migration::{health, Band, HealthInputs, Policy};
///
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     let fleet = [HealthInputs::uniform(95.0), HealthInputs::uniform(50.0)];
///     let policy = Policy::default();
///     let bands: Vec<Band> = health::score_fleet(&fleet, &policy)
///         .map(|r| r.map(|s| s.band))
///         .collect::<Result<_, _>>()?;
///     assert_eq!(bands, [Band::Stable, Band::AtRisk]);
///     Ok(())
/// }
/// ```
pub fn score_fleet<'a>(
    inputs: &'a [HealthInputs],
    policy: &Policy,
) -> impl ExactSizeIterator<Item = Result<HealthVerdict, HealthError>> + use<'a> {
    let scorer = Scorer::new(policy);
    inputs.iter().map(move |i| scorer.verdict(i))
}

/// Scores a packed fleet lazily, one [`HealthVerdict`] per input, with the policy prepared once,
/// nothing allocated and nothing to refuse (the inputs were checked when packed). The same
/// verdicts as [`score_fleet`] over the same inputs, at the cost of a plain weighted sum.
///
/// ```
/// use kwanus_migration::health::{self, PackedInputs};
/// use kwanus_migration::{Band, HealthInputs, Policy};
///
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     let fleet = [HealthInputs::uniform(95.0), HealthInputs::uniform(50.0)];
///     let packed: Vec<PackedInputs> = fleet.iter().map(PackedInputs::new).collect::<Result<_, _>>()?;
///     let bands: Vec<Band> = health::score_packed_fleet(&packed, &Policy::default())
///         .map(|s| s.band)
///         .collect();
///     assert_eq!(bands, [Band::Stable, Band::AtRisk]);
///     Ok(())
/// }
/// ```
///
pub fn score_packed_fleet<'a>(
    inputs: &'a [PackedInputs],
    policy: &Policy,
) -> impl ExactSizeIterator<Item = HealthVerdict> + use<'a> {
    let scorer = Scorer::new(policy);
    inputs.iter().map(move |i| scorer.verdict_packed(i))
}
