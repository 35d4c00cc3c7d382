//! The policy as the opening event records it: every field, exact in every language's
//! JSON (the weights and thresholds, `f64` in the crate, as their shortest decimal text),
//! and its hashed encoding. The replay rebuilds the [`Policy`] from it through the same
//! validation as [`PolicyBuilder::build`](crate::PolicyBuilder::build), and holds every
//! later event to it.

use std::collections::BTreeMap;

use crate::band::Band;
use crate::lint::ChangeSeverity;
#[cfg(feature = "serde")]
use crate::lint::Lint;
use crate::policy::Policy;
use crate::policy::SeedFloor;

/// The decimal text of a policy number: Rust's shortest round-trip form, without exponent
/// (`1`, `0.75`, `0.01`), as its `Display` writes it. Reading it back gives the same `f64`.
/// Held in place when it is short (every number a policy usually holds), else on the heap:
/// recording a policy allocates nothing for its numbers.
#[derive(Clone)]
pub(crate) struct Decimal(DecimalRepr);

/// The longest decimal text held in place.
const DECIMAL_INLINE: usize = 22;

#[derive(Clone)]
enum DecimalRepr {
    /// The text's length and bytes (the bytes past the length unused).
    Inline(u8, [u8; DECIMAL_INLINE]),
    Heap(Box<str>),
}

/// Writes into a `Decimal`'s inline bytes, failing when the text does not fit.
struct InlineWriter {
    len: usize,
    bytes: [u8; DECIMAL_INLINE],
}

impl core::fmt::Write for InlineWriter {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let end = self.len + s.len();
        let slot = self.bytes.get_mut(self.len..end).ok_or(core::fmt::Error)?;
        slot.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

impl Decimal {
    /// The decimal text of `v` (see the type): `format!("{v}")`, without the allocation.
    pub(crate) fn of(v: f64) -> Decimal {
        let mut w = InlineWriter {
            len: 0,
            bytes: [0; DECIMAL_INLINE],
        };
        // an integer below 2^53 (but `-0`): `Display` writes its digits, as an `i64` would
        // be written; written here without the float formatter
        let integral = v.fract() == 0.0 && v.abs() < 1e15 && !(v == 0.0 && v.is_sign_negative());
        let written = if integral {
            // exact: `v` is an integer of at most 15 digits
            let mut n = (v as i64).unsigned_abs();
            let mut digits = [0u8; 20];
            let mut at = digits.len();
            loop {
                at -= 1;
                // a digit: `n % 10` is below 10
                digits[at] = b'0' + (n % 10) as u8;
                n /= 10;
                if n == 0 {
                    break;
                }
            }
            if v < 0.0 {
                at -= 1;
                digits[at] = b'-';
            }
            let text = core::str::from_utf8(&digits[at..]).unwrap_or_default();
            core::fmt::Write::write_str(&mut w, text)
        } else {
            core::fmt::Write::write_fmt(&mut w, format_args!("{v}"))
        };
        match written {
            // the length fits: at most `DECIMAL_INLINE`
            Ok(()) => Decimal(DecimalRepr::Inline(w.len as u8, w.bytes)),
            Err(_) => Decimal(DecimalRepr::Heap(format!("{v}").into_boxed_str())),
        }
    }

    /// A text as it is (read from a record), held in place when it is short.
    #[cfg(feature = "serde")]
    fn from_text(text: &str) -> Decimal {
        match u8::try_from(text.len()) {
            Ok(len) if text.len() <= DECIMAL_INLINE => {
                let mut bytes = [0; DECIMAL_INLINE];
                bytes[..text.len()].copy_from_slice(text.as_bytes());
                Decimal(DecimalRepr::Inline(len, bytes))
            }
            _ => Decimal(DecimalRepr::Heap(text.into())),
        }
    }

    /// The text.
    pub(crate) fn as_str(&self) -> &str {
        match &self.0 {
            // the inline bytes are a `str`'s bytes, copied whole; the fallback is never taken
            DecimalRepr::Inline(len, bytes) => {
                core::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default()
            }
            DecimalRepr::Heap(text) => text,
        }
    }
}

impl core::ops::Deref for Decimal {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Decimal {
    fn eq(&self, other: &Decimal) -> bool {
        self.as_str() == other.as_str()
    }
}

impl core::fmt::Debug for Decimal {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        core::fmt::Debug::fmt(self.as_str(), f)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Decimal {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Read as a `String` is read (the same errors), without the allocation.
#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Decimal {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        struct Text;
        impl serde::de::Visitor<'_> for Text {
            type Value = Decimal;
            fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Decimal, E> {
                Ok(Decimal::from_text(text))
            }
            fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<Decimal, E> {
                match core::str::from_utf8(bytes) {
                    Ok(text) => Ok(Decimal::from_text(text)),
                    Err(_) => Err(E::invalid_value(serde::de::Unexpected::Bytes(bytes), &self)),
                }
            }
        }
        d.deserialize_string(Text)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Decimal {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        <String as schemars::JsonSchema>::schema_name()
    }
    fn inline_schema() -> bool {
        <String as schemars::JsonSchema>::inline_schema()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <String as schemars::JsonSchema>::json_schema(g)
    }
}

/// Reads a decimal text written by [`Decimal::of`], refusing any other spelling of the
/// number.
#[cfg(feature = "serde")]
pub(crate) fn parse_decimal(text: &str) -> Option<f64> {
    let v: f64 = text.parse().ok()?;
    (v.is_finite() && Decimal::of(v).as_str() == text).then_some(v)
}

pub(crate) const fn severity_name(s: ChangeSeverity) -> &'static str {
    match s {
        ChangeSeverity::Info => "info",
        ChangeSeverity::PossiblyBreaking => "possibly_breaking",
        ChangeSeverity::Breaking => "breaking",
    }
}

/// The recorded form: every field of the policy, required, in this order (the order the
/// format page gives and the encoding follows).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct RecordedPolicy {
    pub(crate) fallback_min_months: u32,
    pub(crate) fallback_recommended_months: u32,
    pub(crate) remediation_minor_days: u32,
    pub(crate) remediation_moderate_days: u32,
    pub(crate) remediation_severe_days: u32,
    pub(crate) band_stable: u8,
    pub(crate) band_reliable: u8,
    pub(crate) band_vulnerable: u8,
    pub(crate) band_at_risk: u8,
    pub(crate) completion_band: Band,
    pub(crate) governance_interval_months: u32,
    pub(crate) weight_stability: Decimal,
    pub(crate) weight_compatibility: Decimal,
    pub(crate) weight_sustainability: Decimal,
    pub(crate) weight_ecosystem: Decimal,
    pub(crate) min_observed_weight: Decimal,
    pub(crate) critical_floor: Decimal,
    pub(crate) hard_gates: bool,
    pub(crate) collapse_drop: Decimal,
    pub(crate) collapse_short_window_hours: u32,
    pub(crate) collapse_long_window_hours: u32,
    pub(crate) api_error_budget: Decimal,
    pub(crate) max_runtime_majors: u32,
    pub(crate) max_major_step: u32,
    pub(crate) max_canary_percent: u8,
    pub(crate) automatic_fallback: bool,
    pub(crate) deprecation_before_removal: bool,
    /// Lint id → severity name, in ascending byte order of the ids.
    pub(crate) severity_overrides: BTreeMap<String, ChangeSeverity>,
    /// The named departures from the seeds' numbers: floor → reason, in the order of
    /// [`SeedFloor::ALL`].
    pub(crate) departures: BTreeMap<SeedFloor, String>,
}

impl RecordedPolicy {
    pub(crate) fn of(p: &Policy) -> RecordedPolicy {
        RecordedPolicy {
            fallback_min_months: p.fallback_min_months(),
            fallback_recommended_months: p.fallback_recommended_months(),
            remediation_minor_days: p.remediation_minor_days(),
            remediation_moderate_days: p.remediation_moderate_days(),
            remediation_severe_days: p.remediation_severe_days(),
            band_stable: p.band_stable(),
            band_reliable: p.band_reliable(),
            band_vulnerable: p.band_vulnerable(),
            band_at_risk: p.band_at_risk(),
            completion_band: p.completion_band(),
            governance_interval_months: p.governance_interval_months(),
            weight_stability: Decimal::of(p.weight_stability()),
            weight_compatibility: Decimal::of(p.weight_compatibility()),
            weight_sustainability: Decimal::of(p.weight_sustainability()),
            weight_ecosystem: Decimal::of(p.weight_ecosystem()),
            min_observed_weight: Decimal::of(p.min_observed_weight()),
            critical_floor: Decimal::of(p.critical_floor()),
            hard_gates: p.hard_gates(),
            collapse_drop: Decimal::of(p.collapse_drop()),
            collapse_short_window_hours: p.collapse_short_window_hours(),
            collapse_long_window_hours: p.collapse_long_window_hours(),
            api_error_budget: Decimal::of(p.api_error_budget()),
            max_runtime_majors: p.max_runtime_majors(),
            max_major_step: p.max_major_step(),
            max_canary_percent: p.max_canary_percent(),
            automatic_fallback: p.automatic_fallback(),
            deprecation_before_removal: p.deprecation_before_removal(),
            severity_overrides: p
                .severity_overrides()
                .iter()
                .map(|(l, s)| (l.id().to_owned(), *s))
                .collect(),
            departures: p.departures().clone(),
        }
    }

    /// The policy, validated as a built one is; `Err` names what is wrong.
    #[cfg(feature = "serde")]
    pub(crate) fn to_policy(&self) -> Result<Policy, String> {
        let num = |field: &str, text: &str| {
            parse_decimal(text).ok_or_else(|| {
                format!(
                    "policy field `{field}` is {text:?}, not a number in its shortest decimal form"
                )
            })
        };
        let mut b = Policy::builder()
            .fallback_min_months(self.fallback_min_months)
            .fallback_recommended_months(self.fallback_recommended_months)
            .remediation_minor_days(self.remediation_minor_days)
            .remediation_moderate_days(self.remediation_moderate_days)
            .remediation_severe_days(self.remediation_severe_days)
            .band_stable(self.band_stable)
            .band_reliable(self.band_reliable)
            .band_vulnerable(self.band_vulnerable)
            .band_at_risk(self.band_at_risk)
            .completion_band(self.completion_band)
            .governance_interval_months(self.governance_interval_months)
            .weight_stability(num("weight_stability", &self.weight_stability)?)
            .weight_compatibility(num("weight_compatibility", &self.weight_compatibility)?)
            .weight_sustainability(num("weight_sustainability", &self.weight_sustainability)?)
            .weight_ecosystem(num("weight_ecosystem", &self.weight_ecosystem)?)
            .min_observed_weight(num("min_observed_weight", &self.min_observed_weight)?)
            .critical_floor(num("critical_floor", &self.critical_floor)?)
            .hard_gates(self.hard_gates)
            .collapse_drop(num("collapse_drop", &self.collapse_drop)?)
            .collapse_short_window_hours(self.collapse_short_window_hours)
            .collapse_long_window_hours(self.collapse_long_window_hours)
            .api_error_budget(num("api_error_budget", &self.api_error_budget)?)
            .max_runtime_majors(self.max_runtime_majors)
            .max_major_step(self.max_major_step)
            .max_canary_percent(self.max_canary_percent)
            .automatic_fallback(self.automatic_fallback)
            .deprecation_before_removal(self.deprecation_before_removal);
        for (id, severity) in &self.severity_overrides {
            let lint = Lint::from_id(id).ok_or_else(|| format!("{id:?} is not a lint id"))?;
            b = b.severity_override(lint, *severity);
        }
        for (floor, reason) in &self.departures {
            b = b.departure(*floor, reason.clone());
        }
        let policy = b.build().map_err(|e| e.to_string())?;
        // one spelling per policy: what it records again must be what was read
        if RecordedPolicy::of(&policy) != *self {
            return Err("the policy is not in its recorded form".to_owned());
        }
        Ok(policy)
    }
}

/// Serde for the opening event's `policy` field: the recorded form.
#[cfg(feature = "serde")]
pub(crate) mod as_recorded {
    use super::RecordedPolicy;
    use crate::policy::Policy;

    pub(crate) fn serialize<S: serde::Serializer>(p: &Policy, s: S) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(&RecordedPolicy::of(p), s)
    }

    pub(crate) fn deserialize<'de, D: serde::Deserializer<'de>>(
        d: D,
    ) -> Result<Box<Policy>, D::Error> {
        let r = <RecordedPolicy as serde::Deserialize>::deserialize(d)?;
        r.to_policy()
            .map(Box::new)
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SplitMix64, as the crate's other unit tests draw their cases.
    fn draws(mut state: u64) -> impl Iterator<Item = u64> {
        core::iter::from_fn(move || {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            Some(z ^ (z >> 31))
        })
    }

    /// The in-place writer spells every number as `Display` does: integers on both sides of
    /// its fast path's bound, `±0`, the extremes, short and long fractions, random bits.
    #[test]
    fn decimal_is_display() {
        let mut values = vec![
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.75,
            0.01,
            40.0,
            100.0,
            1e14,
            1e15 - 1.0,
            1e15,
            -1e15 + 1.0,
            1e16,
            9_007_199_254_740_992.0,
            1e21,
            1e300,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            5e-324,
            0.1 + 0.2,
            123_456_789.123_456_79,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ];
        let mut d = draws(26);
        for _ in 0..20_000 {
            let (a, b) = (d.next().unwrap_or(0), d.next().unwrap_or(0));
            values.push(f64::from_bits(a));
            // integers of every width up to 17 digits, and their halves and tenths
            let n = (a % 100_000_000_000_000_000) as f64 / 10f64.powi((b % 17) as i32);
            values.extend([n, -n, n.trunc(), n / 2.0, n / 10.0]);
        }
        for v in values {
            let ours = Decimal::of(v);
            assert_eq!(ours.as_str(), format!("{v}"), "{v:?}");
            let inline = matches!(ours.0, DecimalRepr::Inline(..));
            assert_eq!(inline, ours.len() <= DECIMAL_INLINE, "{v:?}");
        }
    }

    /// A decimal reads as a `String` reads: the same texts, the same errors.
    #[cfg(feature = "json")]
    #[test]
    fn decimal_reads_as_a_string() {
        let long = format!("\"{}\"", "9".repeat(40));
        for json in [
            "\"0.75\"",
            "\"\"",
            "\"1\\u0030\"",
            "\"é\"",
            long.as_str(),
            "\"x\"",
            "1",
            "null",
            "[]",
            "{}",
            "true",
            "\"unterminated",
        ] {
            let ours = serde_json::from_str::<Decimal>(json).map(|d| d.to_string());
            let theirs = serde_json::from_str::<String>(json);
            match (ours, theirs) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{json}"),
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{json}"),
                (a, b) => panic!("{json}: {a:?} / {b:?}"),
            }
            if let Ok(d) = serde_json::from_str::<Decimal>(json) {
                assert_eq!(
                    serde_json::to_string(&d).ok(),
                    Some(json.replace("\\u0030", "0"))
                );
            }
        }
    }
}
