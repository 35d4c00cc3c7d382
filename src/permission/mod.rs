//! The permission-boundary checker: a plain function that proves a partner's permissions
//! stay inside their boundary (playbook §6 and §8, framework §9 "ceiling enforcement").
//!
//! # The model
//!
//! A [`Permission`] is a *verb* on a *resource pattern*, written `verb:pattern`
//! (`write:orders/eu/*`). Patterns are hierarchical, `/`-separated:
//!
//! - a literal segment (`orders`) matches itself, case-sensitively (`Orders` is another
//!   resource: folding case could only widen a grant);
//! - `*` in the middle matches exactly one segment (`orders/*/items`);
//! - `*` at the end matches one or more further segments, a subtree (`orders/eu/*` matches
//!   `orders/eu/1` and `orders/eu/1/lines`, not `orders/eu` itself);
//! - empty segments (`orders//eu`, `/orders`, `orders/`) and partial wildcards (`ord*`) are
//!   malformed and refused when parsed.
//!
//! Patterns are compared by **inclusion** of the resources they match, not by string
//! equality: `orders/eu/*` lies inside `orders/*`, and `orders/*/items` inside `orders/*`.
//! Inclusion is exact: a set is a subset of another exactly when every concrete
//! `(verb, resource)` the first reaches, the second reaches too.
//!
//! A verb's [`Access`] level (read < write < admin) is declared data in a [`Catalog`]; a verb
//! the catalog does not declare counts as admin (fail closed). Verbs that can grant or change
//! permissions (grant, bind, set-policy, edit or remove a boundary) are *escalation-capable*.
//! The verb `*`, a bare `*` resource and a root-level wildcard (`*/x`) are *unbounded*.
//!
//! # Evaluation
//!
//! [`check`] evaluates a proposed grant against the current grant, the ceiling (the
//! boundary) and an explicit deny list. **Deny overrides allow**: anything the proposed grant
//! shares with a deny entry is a violation, whatever the ceiling says. **Nothing is allowed
//! unless proven inside the boundary**: every proposed permission must be included in the
//! ceiling. Every violation names the offending permission and, where one exists, a concrete
//! counterexample: a verb and resource the proposed grant reaches and the ceiling (or the old
//! grant) does not.
//!
//! ```
//! use kwanus_migration::permission::{self, BoundaryCheck, Catalog, PermissionSet, ViolationKind};
//! use kwanus_migration::{MigrationKind, Mode};
//!
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     let catalog = Catalog::default();
//!     let current: PermissionSet = "read:orders/eu/*".parse()?;
//!     let proposed: PermissionSet = "read:orders/eu/*, write:orders/eu/*".parse()?;
//!     let ceiling: PermissionSet = "read:orders/*, write:orders/eu/*".parse()?;
//!
//!     let report = permission::check(&BoundaryCheck::migration(
//!         &current, &proposed, &ceiling, MigrationKind::PermissionExpansion, &catalog,
//!     ));
//!     // write access is new, and nobody from SCO approved it
//!     assert!(!report.allowed());
//!     assert_eq!(report.violations()[0].kind, ViolationKind::ExpansionWithoutSco);
//!     Ok(())
//! }
//! ```

mod boundary;
mod catalog;
mod compiled;
mod cover;
mod diff;
mod error;
mod near;
mod pattern;
mod set;
mod sort;
mod text;
mod verb;

/// A seeded xorshift for the module's tests: each call draws a number below `n` (`n > 0`).
#[cfg(test)]
fn draws(mut seed: u64) -> impl FnMut(usize) -> usize {
    move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    }
}

pub use self::{
    boundary::{
        check, BoundaryCheck, BoundaryReport, Counterexample, GrantPurpose, Violation,
        ViolationKind,
    },
    catalog::{Access, Catalog},
    diff::{diff_grants, PermissionChange},
    error::ParseError,
    pattern::ResourcePattern,
    set::PermissionSet,
    verb::Permission,
};

#[cfg(feature = "serde")]
pub(crate) use self::set::as_written;
