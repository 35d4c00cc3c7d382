//! Release rules: versioned rollout, no silent breaking change, deprecations honoured.

use std::collections::BTreeMap;

use chrono::{DateTime, Months, Utc};
use core::cmp::Ordering;

use semver::Version;

use super::contract::{compatibility_of, Change, Contract, Deprecation};
use crate::lint::FindingLevel;
use crate::lint::{Bump, ChangeSeverity, Lint};
use crate::mode::{Compatibility, Mode};
use crate::policy::Policy;
use crate::report::Finding;

/// The entries of two maps side by side, in key order: `each` is given every key with its
/// value in `old`, in `new`, or in both. One walk of each (the maps are sorted), no lookup.
fn side_by_side<'a, V>(
    old: &'a BTreeMap<String, V>,
    new: &'a BTreeMap<String, V>,
    mut each: impl FnMut(&'a String, Option<&'a V>, Option<&'a V>),
) {
    let (mut olds, mut news) = (old.iter(), new.iter());
    let (mut a, mut b) = (olds.next(), news.next());
    loop {
        match (a, b) {
            (None, None) => return,
            (Some((k, v)), None) => {
                each(k, Some(v), None);
                a = olds.next();
            }
            (None, Some((k, v))) => {
                each(k, None, Some(v));
                b = news.next();
            }
            (Some((ka, va)), Some((kb, vb))) => match ka.cmp(kb) {
                Ordering::Less => {
                    each(ka, Some(va), None);
                    a = olds.next();
                }
                Ordering::Greater => {
                    each(kb, None, Some(vb));
                    b = news.next();
                }
                Ordering::Equal => {
                    each(ka, Some(va), Some(vb));
                    (a, b) = (olds.next(), news.next());
                }
            },
        }
    }
}

/// `a` against `b`, build metadata ignored (semver's order without its last field), with
/// no copy of either.
fn cmp_without_build(a: &Version, b: &Version) -> Ordering {
    (a.major, a.minor, a.patch, &a.pre).cmp(&(b.major, b.minor, b.patch, &b.pre))
}

/// The bump from `old` to `new`, build metadata ignored. Below 1.0.0 the Cargo convention
/// applies: a minor step counts as major and a patch step as minor.
///
/// ```
/// use kwanus_migration::rules::{bump_between, Bump};
/// use semver::Version;
///
/// fn main() {
///     let v = |s: &str| Version::parse(s).unwrap();
///     assert_eq!(bump_between(&v("1.4.2"), &v("2.0.0")), Bump::Major);
///     assert_eq!(bump_between(&v("1.4.2"), &v("1.4.2+build.7")), Bump::None);
///     assert_eq!(bump_between(&v("0.3.1"), &v("0.4.0")), Bump::Major);
/// }
/// ```
#[must_use]
pub fn bump_between(old: &Version, new: &Version) -> Bump {
    if cmp_without_build(new, old) != Ordering::Greater {
        return Bump::None;
    }
    let (o, n) = (old, new);
    if n.major != o.major {
        Bump::Major
    } else if n.minor != o.minor {
        if n.major == 0 {
            Bump::Major
        } else {
            Bump::Minor
        }
    } else if n.patch != o.patch && n.major == 0 && n.minor == 0 {
        Bump::Major
    } else if n.patch != o.patch && n.major == 0 {
        Bump::Minor
    } else {
        Bump::Patch
    }
}

/// Soft mode (framework §3, "Soft Migration: minimal change, backward compatible"): a
/// [`Lint::SoftBreakingChange`] finding when `changes` break or may break
/// ([`compatibility_of`]), as the flow refuses such a release
/// ([`Refusal::SoftBreakingChange`](crate::Refusal::SoftBreakingChange)); `None` in other
/// modes or for a compatible change.
pub(crate) fn check_soft(mode: Mode, new: &Contract, changes: &[Change]) -> Option<Finding> {
    if mode != Mode::Soft || compatibility_of(changes) != Compatibility::Breaking {
        return None;
    }
    let breaking: Vec<&str> = changes
        .iter()
        .filter(|c| c.severity != ChangeSeverity::Info)
        .map(|c| c.item.as_str())
        .collect();
    Some(Finding::new(
        Lint::SoftBreakingChange,
        format!("version {}", new.version),
        format!(
            "a soft migration must be backward compatible, but {} change(s) break or may break: {}",
            breaking.len(),
            breaking.join(", ")
        ),
    ))
}

fn window_ok(d: &Deprecation, policy: &Policy) -> bool {
    crate::time_text::unleap(d.since)
        .checked_add_months(Months::new(policy.fallback_min_months()))
        .is_some_and(|min| d.sunset >= min)
}

/// Checks a release of `new` after `old` at `at`, given the classified `changes`:
///
/// - a pre-release never counts as a stable target;
/// - a version lower than the old one is refused;
/// - any change under the same version (build metadata ignored) is an *unversioned change*;
/// - a breaking change without the major bump it needs is a *silent breaking change*; any
///   other change with too small a bump warns;
/// - an operation or workflow removed before its deprecation's sunset is refused (an
///   announced sunset is honoured); one never deprecated is refused while
///   [`Policy::deprecation_before_removal`] holds (the crate's default, stricter than the
///   documents; [`validate`](super::validate) lets a migration forced by a security or
///   compliance violation through both); a sunset moved earlier is refused; a new deprecation
///   must give at least [`Policy::fallback_min_months`] before its sunset.
#[must_use]
pub fn check_release(
    old: &Contract,
    new: &Contract,
    changes: &[Change],
    at: DateTime<Utc>,
    policy: &Policy,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let (ov, nv) = (&old.version, &new.version);
    if !nv.pre.is_empty() {
        out.push(Finding::new(
            Lint::PreReleaseTarget,
            format!("version {nv}"),
            "a pre-release is not a stable target",
        ));
    }
    let order = cmp_without_build(nv, ov);
    if order == Ordering::Less {
        out.push(Finding::new(
            Lint::VersionRegressed,
            format!("version {nv}"),
            format!("lower than {ov}"),
        ));
    }
    let actual = bump_between(ov, nv);
    if !changes.is_empty() && actual == Bump::None && order == Ordering::Equal {
        out.push(Finding::new(
            Lint::UnversionedChange,
            format!("version {nv}"),
            format!(
                "{} change(s) released under the same version",
                changes.len()
            ),
        ));
    }
    if order == Ordering::Greater {
        for c in changes.iter().filter(|c| c.bump > actual) {
            let (lint, level) = if c.severity == ChangeSeverity::Breaking {
                (Lint::SilentBreakingChange, FindingLevel::Error)
            } else {
                (Lint::BumpTooSmall, FindingLevel::Warning)
            };
            out.push(
                Finding::new(
                    lint,
                    c.item.clone(),
                    format!(
                        "{} needs a {} bump, {ov} → {nv} is {}",
                        c.detail, c.bump, actual
                    ),
                )
                .with_level(level),
            );
        }
    }
    // an item's name is written only for a finding
    let name = |kind: &str, id: &String| format!("{kind} {id}");
    // each map walked once: a removal's finding now, a kept item's after every removal's
    let mut kept = Vec::new();
    let mut item = |kind: &str,
                    id: &String,
                    before: Option<Option<Deprecation>>,
                    after: Option<Option<Deprecation>>| {
        match (before, after) {
            (Some(None), None) if !policy.deprecation_before_removal() => {}
            (Some(None), None) => out.push(Finding::new(
                Lint::RemovedWithoutDeprecation,
                name(kind, id),
                "removed without a prior deprecation",
            )),
            (Some(Some(d)), None) if at < d.sunset => out.push(Finding::new(
                Lint::RemovedBeforeSunset,
                name(kind, id),
                format!(
                    "removed at {}, before its sunset {}",
                    at.date_naive(),
                    d.sunset.date_naive()
                ),
            )),
            (Some(Some(b)), Some(Some(a))) if a.sunset < b.sunset => kept.push(Finding::new(
                Lint::SunsetMovedEarlier,
                name(kind, id),
                format!(
                    "sunset moved from {} to {}",
                    b.sunset.date_naive(),
                    a.sunset.date_naive()
                ),
            )),
            // un-deprecating is allowed
            (Some(None), Some(Some(a))) if !window_ok(&a, policy) => kept.push(Finding::new(
                Lint::DeprecationWindowTooShort,
                name(kind, id),
                format!(
                    "sunset {} is less than {} months after {}",
                    a.sunset.date_naive(),
                    policy.fallback_min_months(),
                    a.since.date_naive()
                ),
            )),
            _ => {}
        }
    };
    side_by_side(&old.operations, &new.operations, |id, o, n| {
        item(
            "operation",
            id,
            o.map(|o| o.deprecated),
            n.map(|n| n.deprecated),
        );
    });
    side_by_side(&old.workflows, &new.workflows, |id, o, n| {
        item(
            "workflow",
            id,
            o.map(|o| o.deprecated),
            n.map(|n| n.deprecated),
        );
    });
    out.append(&mut kept);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The walk side by side gives every key of either map once, in order, with its value in
    /// each (the lookups it replaced): over every pair of subsets of five keys, two of which
    /// share a prefix and one of which sorts before the others only by bytes.
    #[test]
    fn side_by_side_is_the_union_with_lookups() {
        let keys = ["a", "ab", "b", "Z", "é"];
        let map = |bits: u32| -> BTreeMap<String, usize> {
            (0..keys.len())
                .filter(|i| bits >> i & 1 == 1)
                .map(|i| (keys[i].to_string(), i))
                .collect()
        };
        for x in 0..32 {
            for y in 0..32 {
                let (old, new) = (map(x), map(y));
                let mut walked = Vec::new();
                side_by_side(&old, &new, |k, a, b| walked.push((k, a, b)));
                let mut union: Vec<&String> = old.keys().chain(new.keys()).collect();
                union.sort();
                union.dedup();
                let looked: Vec<_> = union
                    .into_iter()
                    .map(|k| (k, old.get(k), new.get(k)))
                    .collect();
                assert_eq!(walked, looked, "{old:?} {new:?}");
            }
        }
    }

    /// Every removal's finding comes first, operations before workflows, each in id order;
    /// then every kept item's, in the same order: the order a report lists them in.
    #[test]
    fn removals_come_before_kept_items_in_id_order() {
        use super::super::contract::{Operation, RuntimeRef, Workflow};
        use chrono::TimeZone;
        let day = |d: u32| {
            Utc.with_ymd_and_hms(2026, 1, d, 0, 0, 0)
                .single()
                .unwrap_or_default()
        };
        let deprecated = |since: u32, sunset: u32| {
            Some(Deprecation {
                since: day(since),
                sunset: day(sunset),
            })
        };
        let op = |d: Option<Deprecation>| Operation {
            deprecated: d,
            ..Operation::new("GET /x")
        };
        let wf = |d: Option<Deprecation>| Workflow {
            deprecated: d,
            ..Workflow::new("on", "run")
        };
        let runtime = RuntimeRef {
            name: "wasm".into(),
            version: Version::new(3, 0, 0),
        };
        let contract = |v: u64, ops: Vec<(&str, Operation)>, wfs: Vec<(&str, Workflow)>| Contract {
            version: Version::new(v, 0, 0),
            operations: ops.into_iter().map(|(k, o)| (k.to_string(), o)).collect(),
            workflows: wfs.into_iter().map(|(k, w)| (k.to_string(), w)).collect(),
            permissions: crate::permission::PermissionSet::new(),
            runtime: runtime.clone(),
        };
        let old = contract(
            1,
            vec![
                ("b", op(None)),
                ("c", op(deprecated(1, 30))),
                ("a", op(deprecated(1, 30))),
                ("e", op(None)),
            ],
            vec![("w", wf(None)), ("v", wf(None))],
        );
        let new = contract(
            2,
            vec![
                ("c", op(deprecated(1, 20))),
                ("d", op(None)),
                ("e", op(deprecated(2, 3))),
            ],
            vec![("w", wf(deprecated(2, 3)))],
        );
        let found = check_release(&old, &new, &[], day(10), &Policy::default());
        let seen: Vec<(Lint, &str)> = found.iter().map(|f| (f.lint, f.item.as_str())).collect();
        assert_eq!(
            seen,
            [
                (Lint::RemovedBeforeSunset, "operation a"),
                (Lint::RemovedWithoutDeprecation, "operation b"),
                (Lint::RemovedWithoutDeprecation, "workflow v"),
                (Lint::SunsetMovedEarlier, "operation c"),
                (Lint::DeprecationWindowTooShort, "operation e"),
                (Lint::DeprecationWindowTooShort, "workflow w"),
            ]
        );
    }
}
