//! The compatibility matrix and runtime fragmentation.

use std::collections::{BTreeMap, BTreeSet};

use semver::{Version, VersionReq};

use super::contract::RuntimeRef;
use crate::lint::Lint;
use crate::policy::Policy;
use crate::report::Finding;
use crate::trigger::Trigger;

/// Serde for a version requirement written exactly as semver writes it (`">=2, <4"`,
/// `"^1"`): another spelling of the same requirement is refused, so a record holds one text
/// for one requirement and every verifier hashes the same bytes (the `format` page).
#[cfg(feature = "serde")]
pub(crate) mod req_text {
    use semver::VersionReq;

    pub(crate) fn serialize<S: serde::Serializer>(r: &VersionReq, s: S) -> Result<S::Ok, S::Error> {
        crate::version_text::serialize_req(r, s)
    }

    pub(crate) fn deserialize<'de, D: serde::Deserializer<'de>>(
        d: D,
    ) -> Result<VersionReq, D::Error> {
        let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
        let req: VersionReq = text.parse().map_err(serde::de::Error::custom)?;
        if !crate::version_text::is_req_text(&req, &text) {
            return Err(serde::de::Error::custom(format_args!(
                "the version requirement {text:?} is not written as semver writes it ({:?})",
                req.to_string()
            )));
        }
        Ok(req)
    }
}

/// One row of the compatibility matrix: partner versions matching `partner` run on OS
/// versions matching `os`. In JSON each requirement is written as semver writes it
/// (`"^2"`, `">=7.0, <9"`); another spelling is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MatrixRow {
    /// Partner versions.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[cfg_attr(feature = "serde", serde(with = "req_text"))]
    pub partner: VersionReq,
    /// OS versions they run on.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[cfg_attr(feature = "serde", serde(with = "req_text"))]
    pub os: VersionReq,
}

/// Which partner versions run on which OS versions (playbook §5, "compatibility matrix
/// alignment"). Pre-release versions match only requirements that name a pre-release, as
/// semver requirements do.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CompatibilityMatrix {
    /// The rows.
    pub rows: Vec<MatrixRow>,
}

/// Whether a version pair is aligned with the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum Alignment {
    /// A row lists the partner version on this OS version.
    Aligned,
    /// Rows list the partner version, but not on this OS version.
    WrongOs,
    /// No row lists the partner version at all.
    NotListed,
}

impl CompatibilityMatrix {
    /// Whether `partner` runs on `os` per the matrix.
    ///
    /// ```
    /// use kwanus_migration::rules::{Alignment, CompatibilityMatrix, MatrixRow};
    /// use semver::{Version, VersionReq};
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let m = CompatibilityMatrix { rows: vec![MatrixRow {
    ///         partner: VersionReq::parse("^2")?,
    ///         os: VersionReq::parse(">=7.0, <9")?,
    ///     }] };
    ///     assert_eq!(m.alignment(&Version::new(2, 1, 0), &Version::new(8, 0, 0)), Alignment::Aligned);
    ///     assert_eq!(m.alignment(&Version::new(2, 1, 0), &Version::new(9, 0, 0)), Alignment::WrongOs);
    ///     assert_eq!(m.alignment(&Version::new(3, 0, 0), &Version::new(8, 0, 0)), Alignment::NotListed);
    ///     Ok(())
    /// }
    /// ```
    #[must_use]
    pub fn alignment(&self, partner: &Version, os: &Version) -> Alignment {
        let mut listed = false;
        for row in self.rows.iter().filter(|r| r.partner.matches(partner)) {
            listed = true;
            if row.os.matches(os) {
                return Alignment::Aligned;
            }
        }
        if listed {
            Alignment::WrongOs
        } else {
            Alignment::NotListed
        }
    }

    /// The findings for a migration target: none when aligned.
    #[must_use]
    pub fn check(&self, target: &Version, os: &Version) -> Vec<Finding> {
        match self.alignment(target, os) {
            Alignment::Aligned => Vec::new(),
            Alignment::WrongOs => vec![Finding::new(
                Lint::MatrixUnaligned,
                format!("version {target}"),
                format!("the matrix does not list {target} on os {os}"),
            )],
            Alignment::NotListed => vec![Finding::new(
                Lint::MatrixUnaligned,
                format!("version {target}"),
                format!("the matrix does not list {target} at all"),
            )],
        }
    }
}

vocabulary! {
    /// The part of a partner a runtime runs (playbook §3, runtime migration).
    #[derive(PartialOrd, Ord)]
    pub enum ComponentKind {
        /// An extension.
        Extension = "extension",
        /// A workflow.
        Workflow = "workflow",
        /// An intelligence component.
        Intelligence = "intelligence",
    }
}

/// A component and the runtime it runs on.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RuntimeUse {
    /// The component's name.
    pub component: String,
    /// What it is.
    pub kind: ComponentKind,
    /// The runtime's name.
    pub runtime: String,
    /// The runtime's version.
    #[cfg_attr(
        feature = "serde",
        serde(serialize_with = "crate::version_text::serialize")
    )]
    pub version: Version,
}

/// A runtime the platform supports, and which of its versions.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RuntimeSupport {
    /// The runtime's name.
    pub runtime: String,
    /// Supported versions (in JSON written as semver writes it, `">=2, <4"`).
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[cfg_attr(feature = "serde", serde(with = "req_text"))]
    pub versions: VersionReq,
}

/// Runtime rules (playbook §5 and §8): each component must run on a supported runtime
/// version (no *incompatible runtimes*), and the components of one runtime may span at most
/// [`Policy::max_runtime_majors`] major versions (no *runtime fragmentation*).
///
/// ```
/// use kwanus_migration::rules::{check_runtimes, ComponentKind, RuntimeSupport, RuntimeUse};
/// use kwanus_migration::Policy;
/// use semver::{Version, VersionReq};
///
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     let uses = [
///         RuntimeUse { component: "ui".into(), kind: ComponentKind::Extension, runtime: "wasm".into(), version: Version::new(2, 1, 0) },
///         RuntimeUse { component: "sync".into(), kind: ComponentKind::Workflow, runtime: "wasm".into(), version: Version::new(3, 0, 0) },
///     ];
///     let supported = [RuntimeSupport { runtime: "wasm".into(), versions: VersionReq::parse(">=2, <4")? }];
///     let findings = check_runtimes(&uses, &supported, &Policy::default());
///     assert_eq!(findings[0].lint, "runtime.fragmentation");
///     Ok(())
/// }
/// ```
#[must_use]
pub fn check_runtimes(
    uses: &[RuntimeUse],
    supported: &[RuntimeSupport],
    policy: &Policy,
) -> Vec<Finding> {
    let mut out = check_fragmentation(uses, policy);
    out.extend(check_runtime_support(uses, supported));
    out
}

/// The fragmentation half of [`check_runtimes`].
#[must_use]
pub fn check_fragmentation(uses: &[RuntimeUse], policy: &Policy) -> Vec<Finding> {
    if within_majors(uses, policy.max_runtime_majors()) {
        // the usual case, decided without building the map below
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut majors: BTreeMap<&str, BTreeSet<u64>> = BTreeMap::new();
    for u in uses {
        majors
            .entry(&u.runtime)
            .or_default()
            .insert(u.version.major);
    }
    for (runtime, set) in &majors {
        if set.len() > policy.max_runtime_majors() as usize {
            let list: Vec<String> = set.iter().map(|m| format!("{m}.x")).collect();
            out.push(Finding::new(
                Lint::RuntimeFragmentation,
                format!("runtime {runtime}"),
                format!(
                    "components span {} majors ({}), at most {} allowed",
                    set.len(),
                    list.join(", "),
                    policy.max_runtime_majors()
                ),
            ));
        }
    }
    out
}

/// Whether a few components (16 at most) span at most `max` majors of each runtime, counted
/// with no allocation: each runtime's distinct majors at its first use. `false` says only
/// "not decided here" for more components.
fn within_majors(uses: &[RuntimeUse], max: u32) -> bool {
    uses.len() <= 16
        && uses.iter().enumerate().all(|(i, u)| {
            if uses[..i].iter().any(|e| e.runtime == u.runtime) {
                return true;
            }
            let same = uses[i..].iter().filter(|w| w.runtime == u.runtime);
            let distinct = same
                .clone()
                .enumerate()
                .filter(|(k, w)| {
                    !same
                        .clone()
                        .take(*k)
                        .any(|x| x.version.major == w.version.major)
                })
                .count();
            distinct <= max as usize
        })
}

/// The compatibility half of [`check_runtimes`]: every component on a supported runtime.
#[must_use]
pub fn check_runtime_support(uses: &[RuntimeUse], supported: &[RuntimeSupport]) -> Vec<Finding> {
    let mut out = Vec::new();
    for u in uses {
        let ok = supported
            .iter()
            .any(|s| s.runtime == u.runtime && s.versions.matches(&u.version));
        if !ok {
            // the finding lands where the component lives: structure, workflow, intelligence
            let lint = match u.kind {
                ComponentKind::Extension => Lint::IncompatibleRuntime,
                ComponentKind::Workflow => Lint::IncompatibleWorkflowRuntime,
                ComponentKind::Intelligence => Lint::IncompatibleIntelligenceRuntime,
            };
            out.push(Finding::new(
                lint,
                format!("{:?} {}", u.kind, u.component).to_lowercase(),
                format!("{} {} is not a supported runtime", u.runtime, u.version),
            ));
        }
    }
    out
}

/// A contract's own runtime against the runtimes the platform supports: `None` when
/// supported, else a [`Lint::IncompatibleRuntime`] finding (the contract's runtime is the
/// partner's, whatever components it lists as runtime uses).
pub(crate) fn check_contract_runtime(
    runtime: &RuntimeRef,
    supported: &[RuntimeSupport],
) -> Option<Finding> {
    let ok = supported
        .iter()
        .any(|s| s.runtime == runtime.name && s.versions.matches(&runtime.version));
    (!ok).then(|| {
        Finding::new(
            Lint::IncompatibleRuntime,
            format!("contract runtime {}", runtime.name),
            format!(
                "{} {} is not a supported runtime",
                runtime.name, runtime.version
            ),
        )
    })
}

/// Checks a live partner against the compatibility matrix (framework §3, forced migration
/// "triggered by incompatibility, triggered by version mismatch"): the forced trigger to open
/// a migration with, if any. [`Trigger::Incompatibility`] when the matrix lists the partner's
/// version, but not on the OS version it runs on; [`Trigger::VersionMismatch`] when the
/// matrix does not list its version at all.
///
/// ```
/// use kwanus_migration::rules::{detect_live, CompatibilityMatrix, MatrixRow};
/// use kwanus_migration::{Trigger, TriggerClass};
/// use semver::{Version, VersionReq};
///
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     let matrix = CompatibilityMatrix { rows: vec![MatrixRow { partner: VersionReq::parse("^2")?, os: VersionReq::parse("^8")? }] };
///     assert_eq!(detect_live(&matrix, &Version::new(2, 1, 0), &Version::new(8, 0, 0)), None);
///     let trigger = detect_live(&matrix, &Version::new(2, 1, 0), &Version::new(9, 0, 0));
///     assert_eq!(trigger, Some(Trigger::Incompatibility));
///     assert_eq!(trigger.map(Trigger::class), Some(TriggerClass::Forced));
///     assert_eq!(detect_live(&matrix, &Version::new(1, 0, 0), &Version::new(8, 0, 0)), Some(Trigger::VersionMismatch));
///     Ok(())
/// }
/// ```
#[must_use]
pub fn detect_live(
    matrix: &CompatibilityMatrix,
    partner: &Version,
    os: &Version,
) -> Option<Trigger> {
    match matrix.alignment(partner, os) {
        Alignment::Aligned => None,
        Alignment::WrongOs => Some(Trigger::Incompatibility),
        Alignment::NotListed => Some(Trigger::VersionMismatch),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quick count agrees with the map on every list of up to five uses of two runtimes
    /// and three majors, under limits of one to three majors.
    #[test]
    fn the_quick_count_of_majors_agrees_with_the_map() {
        let use_of = |code: usize| RuntimeUse {
            component: format!("c{code}"),
            kind: ComponentKind::Extension,
            runtime: ["wasm", "node"][code % 2].into(),
            version: Version::new((code / 2) as u64 + 1, 0, 0),
        };
        let mut lists = 0;
        for len in 0..=5u32 {
            for mut codes in 0..6usize.pow(len) {
                let uses: Vec<RuntimeUse> = (0..len)
                    .map(|_| {
                        let u = use_of(codes % 6);
                        codes /= 6;
                        u
                    })
                    .collect();
                for max in 1..=3 {
                    let policy = Policy::builder()
                        .max_runtime_majors(max)
                        .build()
                        .unwrap_or_default();
                    assert_eq!(policy.max_runtime_majors(), max);
                    let mut majors: BTreeMap<&str, BTreeSet<u64>> = BTreeMap::new();
                    for u in &uses {
                        majors
                            .entry(&u.runtime)
                            .or_default()
                            .insert(u.version.major);
                    }
                    let fragmented = majors.values().any(|s| s.len() > max as usize);
                    assert_eq!(
                        within_majors(&uses, max),
                        !fragmented,
                        "{uses:?}, at most {max}"
                    );
                    assert_eq!(check_fragmentation(&uses, &policy).is_empty(), !fragmented);
                }
                lists += 1;
            }
        }
        assert_eq!(lists, 9_331);
    }
}
