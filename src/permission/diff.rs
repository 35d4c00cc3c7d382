//! The changes between two grants, for a partner to review.

use core::cmp::Ordering;
use core::fmt;

use super::set::PermissionSet;
use super::verb::Permission;

/// How one permission changed between two grants.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", tag = "change")
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum PermissionChange {
    /// New, reaching what nothing before reached.
    Added {
        /// The new permission.
        permission: Permission,
    },
    /// Gone, and nothing in the new grant reaches what it reached.
    Removed {
        /// The old permission.
        permission: Permission,
    },
    /// A new permission strictly wider than an old one on the same verb.
    Widened {
        /// The old permission.
        from: Permission,
        /// The new permission.
        to: Permission,
    },
    /// A new permission strictly narrower than an old one on the same verb.
    Narrowed {
        /// The old permission.
        from: Permission,
        /// The new permission.
        to: Permission,
    },
}

impl fmt::Display for PermissionChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PermissionChange::Added { permission } => write!(f, "+ {permission}"),
            PermissionChange::Removed { permission } => write!(f, "- {permission}"),
            PermissionChange::Widened { from, to } => write!(f, "▲ {from} → {to}"),
            PermissionChange::Narrowed { from, to } => write!(f, "▼ {from} → {to}"),
        }
    }
}

/// The changes from `old` to `new`, for a partner to review before submitting: added,
/// removed, widened and narrowed permissions. Permissions present in both are left out.
///
/// ```
/// use kwanus_migration::permission::{diff_grants, PermissionSet};
///
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     let old: PermissionSet = "read:orders/eu/*, write:orders/eu/*".parse()?;
///     let new: PermissionSet = "read:orders/*, write:orders/eu/archive/*".parse()?;
///     let lines: Vec<String> = diff_grants(&old, &new).iter().map(|c| c.to_string()).collect();
///     assert_eq!(lines, [
///         "▲ read:orders/eu/* → read:orders/*",
///         "▼ write:orders/eu/* → write:orders/eu/archive/*",
///     ]);
///     Ok(())
/// }
/// ```
#[must_use]
pub fn diff_grants(old: &PermissionSet, new: &PermissionSet) -> Vec<PermissionChange> {
    let mut out = Vec::new();
    let mut accounted = vec![false; old.items.len()];
    for p in new {
        if let Ok(i) = old.items.binary_search(p) {
            accounted[i] = true;
            continue;
        }
        let strictly = |a: &Permission, b: &Permission| a.is_within(b) && !b.is_within(a);
        if let Some(i) = old
            .items
            .iter()
            .position(|q| q.verb() == p.verb() && strictly(q, p))
        {
            accounted[i] = true;
            out.push(PermissionChange::Widened {
                from: old.items[i].clone(),
                to: p.clone(),
            });
        } else if let Some(i) = old
            .items
            .iter()
            .position(|q| q.verb() == p.verb() && strictly(p, q))
        {
            accounted[i] = true;
            out.push(PermissionChange::Narrowed {
                from: old.items[i].clone(),
                to: p.clone(),
            });
        } else if !old.covers(p) {
            out.push(PermissionChange::Added {
                permission: p.clone(),
            });
        }
    }
    for (i, q) in old.items.iter().enumerate() {
        if !accounted[i] && !new.covers(q) {
            out.push(PermissionChange::Removed {
                permission: q.clone(),
            });
        }
    }
    out.sort_by(|a, b| change_order(a).cmp(&change_order(b)));
    out
}

fn change_order(c: &PermissionChange) -> (&Permission, Ordering) {
    match c {
        PermissionChange::Added { permission } | PermissionChange::Removed { permission } => {
            (permission, Ordering::Equal)
        }
        PermissionChange::Widened { from, .. } | PermissionChange::Narrowed { from, .. } => {
            (from, Ordering::Less)
        }
    }
}
