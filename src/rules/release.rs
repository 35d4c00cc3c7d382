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

/// The entries of two maps side by side, in key order: each key with its value in `old`, in
/// `new`, or in both. One walk of each (the maps are sorted), no lookup.
fn side_by_side<'a, V>(
    old: &'a BTreeMap<String, V>,
    new: &'a BTreeMap<String, V>,
) -> impl Iterator<Item = (&'a String, Option<&'a V>, Option<&'a V>)> + 'a {
    let (mut old, mut new) = (old.iter().peekable(), new.iter().peekable());
    core::iter::from_fn(move || {
        let order = match (old.peek(), new.peek()) {
            (None, None) => return None,
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some((a, _)), Some((b, _))) => a.cmp(b),
        };
        Some(match order {
            Ordering::Less => old.next().map(|(k, v)| (k, Some(v), None))?,
            Ordering::Greater => new.next().map(|(k, v)| (k, None, Some(v)))?,
            Ordering::Equal => {
                let ((k, a), (_, b)) = (old.next()?, new.next()?);
                (k, Some(a), Some(b))
            }
        })
    })
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
    let removals = side_by_side(&old.operations, &new.operations)
        .filter_map(|(id, o, n)| Some((("operation", id), o?.deprecated)).filter(|_| n.is_none()))
        .chain(
            side_by_side(&old.workflows, &new.workflows).filter_map(|(id, w, n)| {
                Some((("workflow", id), w?.deprecated)).filter(|_| n.is_none())
            }),
        );
    // an item's name is written only for a finding
    let name = |(kind, id): (&str, &String)| format!("{kind} {id}");
    for (item, dep) in removals {
        match dep {
            None if !policy.deprecation_before_removal() => {}
            None => out.push(Finding::new(
                Lint::RemovedWithoutDeprecation,
                name(item),
                "removed without a prior deprecation",
            )),
            Some(d) if at < d.sunset => out.push(Finding::new(
                Lint::RemovedBeforeSunset,
                name(item),
                format!(
                    "removed at {}, before its sunset {}",
                    at.date_naive(),
                    d.sunset.date_naive()
                ),
            )),
            Some(_) => {}
        }
    }
    let pairs = side_by_side(&old.operations, &new.operations)
        .filter_map(|(id, o, n)| Some((("operation", id), o?.deprecated, n?.deprecated)))
        .chain(
            side_by_side(&old.workflows, &new.workflows)
                .filter_map(|(id, o, n)| Some((("workflow", id), o?.deprecated, n?.deprecated))),
        );
    for (item, before, after) in pairs {
        match (before, after) {
            (Some(b), Some(a)) if a.sunset < b.sunset => out.push(Finding::new(
                Lint::SunsetMovedEarlier,
                name(item),
                format!(
                    "sunset moved from {} to {}",
                    b.sunset.date_naive(),
                    a.sunset.date_naive()
                ),
            )),
            (Some(_), None) => {} // un-deprecating is allowed
            (None, Some(a)) if !window_ok(&a, policy) => out.push(Finding::new(
                Lint::DeprecationWindowTooShort,
                name(item),
                format!(
                    "sunset {} is less than {} months after {}",
                    a.sunset.date_naive(),
                    policy.fallback_min_months(),
                    a.since.date_naive()
                ),
            )),
            _ => {}
        }
    }
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
                let walked: Vec<_> = side_by_side(&old, &new).collect();
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
}
