//! The boundary check: what it looks at, the violations it finds, and the check itself.

use core::fmt;

use crate::governance::GovernanceBody;
use crate::kind::MigrationKind;

use super::catalog::{Access, Catalog};
use super::compiled::{FlatEntry, Own, Walker, Words};
use super::near::Near;
use super::pattern::Seg;
use super::set::PermissionSet;
use super::text::same_text;
use super::verb::Permission;

/// What a grant is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", tag = "purpose")
)]
#[non_exhaustive]
pub enum GrantPurpose {
    /// The grant a migration moves the partner to.
    Migration {
        /// The migration's kind.
        kind: MigrationKind,
    },
    /// The read-only grant kept while the fallback is in place.
    Fallback,
}

/// Everything [`check`] looks at. Plain data, borrowed.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct BoundaryCheck<'a> {
    /// The partner's grant before the change.
    pub current: &'a PermissionSet,
    /// The grant asked for.
    pub proposed: &'a PermissionSet,
    /// The boundary (power ceiling): nothing outside it is ever allowed.
    pub ceiling: &'a PermissionSet,
    /// Explicit denials; they override every allow.
    pub deny: &'a PermissionSet,
    /// What the grant is for.
    pub purpose: GrantPurpose,
    /// Governance bodies that approved the change.
    pub approvals: &'a [GovernanceBody],
    /// Declared verb levels.
    pub catalog: &'a Catalog,
}

static EMPTY: PermissionSet = PermissionSet::new();

impl<'a> BoundaryCheck<'a> {
    /// A check of a migration's grant with no deny list and no approvals; set the public
    /// fields for more.
    #[must_use]
    pub fn migration(
        current: &'a PermissionSet,
        proposed: &'a PermissionSet,
        ceiling: &'a PermissionSet,
        kind: MigrationKind,
        catalog: &'a Catalog,
    ) -> BoundaryCheck<'a> {
        BoundaryCheck {
            current,
            proposed,
            ceiling,
            deny: &EMPTY,
            purpose: GrantPurpose::Migration { kind },
            approvals: &[],
            catalog,
        }
    }

    /// A check of a fallback grant against the pre-migration grant.
    #[must_use]
    pub fn fallback(
        current: &'a PermissionSet,
        fallback: &'a PermissionSet,
        ceiling: &'a PermissionSet,
        catalog: &'a Catalog,
    ) -> BoundaryCheck<'a> {
        BoundaryCheck {
            current,
            proposed: fallback,
            ceiling,
            deny: &EMPTY,
            purpose: GrantPurpose::Fallback,
            approvals: &[],
            catalog,
        }
    }
}

/// The kind of a boundary violation. Its [`ViolationKind::code`] is stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum ViolationKind {
    /// The permission reaches outside the ceiling ("ceiling enforcement").
    ExceedsCeiling,
    /// The permission is unbounded (playbook §8: "unbounded permissions" are forbidden).
    Unbounded,
    /// The permission overlaps an explicit denial (deny overrides allow).
    Denied,
    /// A fallback permission above read level (playbook §6: "fallback permissions
    /// (read-only)").
    FallbackNotReadOnly,
    /// A fallback permission the pre-migration grant did not have (playbook §6: "fallback
    /// that expands permissions" is forbidden).
    FallbackWider,
    /// New access without SCO approval (playbook §3: "permission expansion (governed)").
    ExpansionWithoutSco,
    /// A restructuring or reduction that widens effective access.
    RestructuringWidens,
    /// An escalation-capable verb inside a partner grant.
    EscalationCapable,
}

impl ViolationKind {
    /// A stable machine-readable code for partner SDKs.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            ViolationKind::ExceedsCeiling => "permission.exceeds_ceiling",
            ViolationKind::Unbounded => "permission.unbounded",
            ViolationKind::Denied => "permission.denied",
            ViolationKind::FallbackNotReadOnly => "permission.fallback_not_read_only",
            ViolationKind::FallbackWider => "permission.fallback_wider",
            ViolationKind::ExpansionWithoutSco => "permission.expansion_without_sco",
            ViolationKind::RestructuringWidens => "permission.restructuring_widens",
            ViolationKind::EscalationCapable => "permission.escalation_capable",
        }
    }
}

impl fmt::Display for ViolationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ViolationKind::ExceedsCeiling => "exceeds the permission ceiling",
            ViolationKind::Unbounded => "is unbounded",
            ViolationKind::Denied => "overlaps an explicit denial",
            ViolationKind::FallbackNotReadOnly => {
                "is not read-only, but fallback permissions must be"
            }
            ViolationKind::FallbackWider => "widens the pre-migration grant in a fallback",
            ViolationKind::ExpansionWithoutSco => "expands access without SCO approval",
            ViolationKind::RestructuringWidens => "widens effective access in a restructuring",
            ViolationKind::EscalationCapable => "can grant or change permissions",
        })
    }
}

/// A concrete verb and resource: the proof that a rule is broken.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Counterexample {
    /// The verb.
    pub verb: String,
    /// The concrete resource.
    pub resource: String,
}

impl fmt::Display for Counterexample {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} on {}", self.verb, self.resource)
    }
}

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub struct Violation {
    /// Which rule.
    pub kind: ViolationKind,
    /// The offending permission of the proposed grant.
    pub permission: Permission,
    /// A concrete verb and resource that shows it, where one exists.
    pub counterexample: Option<Counterexample>,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "[{}] {} {}",
            self.kind.code(),
            self.permission,
            self.kind
        )?;
        if let Some(c) = &self.counterexample {
            write!(f, " (for example {c})")?;
        }
        Ok(())
    }
}

/// The result of [`check`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
pub struct BoundaryReport {
    violations: Vec<Violation>,
}

impl BoundaryReport {
    /// Whether the proposed grant is proven inside every rule.
    #[must_use]
    pub fn allowed(&self) -> bool {
        self.violations.is_empty()
    }

    /// Every violation, in proposed-grant order, then by kind.
    #[must_use]
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// Whether a violation of `kind` is present.
    #[must_use]
    pub fn has(&self, kind: ViolationKind) -> bool {
        self.violations.iter().any(|v| v.kind == kind)
    }
}

impl fmt::Display for BoundaryReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.allowed() {
            return f.write_str("allowed: every permission is inside the boundary");
        }
        write!(f, "refused: {} violation(s)", self.violations.len())?;
        for v in &self.violations {
            write!(f, "\n  {v}")?;
        }
        Ok(())
    }
}

/// `set.cover(p)`, walking `p` as its flat entry `words` when it has one, with `walker`, a
/// walker of the set's trie.
#[inline(always)]
fn cover_entry(
    set: &PermissionSet,
    walker: &mut Walker<'_>,
    words: Option<&[u64]>,
    p: &Permission,
) -> Result<(), Counterexample> {
    match words {
        Some(words) => set.cover_walked(walker, &FlatEntry::new(words, p)),
        None => set.cover_walked(walker, &Own::new(p)),
    }
}

/// Checks a proposed grant against the rules. See the [module docs](super).
///
/// Per proposed permission, in this order: unbounded; escalation-capable; denied; outside the
/// ceiling; then for a fallback: not read-only, wider than the current grant; for a
/// migration: new access without SCO approval, and for a permission restructuring or
/// reduction, any new access at all.
#[must_use]
pub fn check(input: &BoundaryCheck<'_>) -> BoundaryReport {
    let mut violations = Vec::new();
    let sco = input.approvals.contains(&GovernanceBody::Sco);
    // the proposed grant is sorted by verb: the catalog is asked once per verb
    let mut last: Option<(&Permission, bool)> = None;
    let mut cursor = 0;
    // a grant proposed unchanged (the same set, or its flat form equal to the current one's)
    // widens nothing
    let same_grant = core::ptr::eq(input.proposed, input.current)
        || input.proposed.flat().same_entries(input.current.flat());
    // the proposed grant is sorted: each walker looks a run's verb up once; the current
    // grant's trie is built only if a permission is not simply one of its entries
    let mut current: Option<Walker<'_>> = None;
    // a ceiling checked for the first time is asked next to each permission's sorted place
    // (see `near`), and compiled only for a permission its neighbours do not include
    let mut ceiling: Option<Walker<'_>> = None;
    let mut near = input
        .ceiling
        .first_check_as_ceiling()
        .then(|| Near::new(&input.ceiling.items));
    // the entries as the set's flat form has them, read front to back; or, the first time
    // the set is walked, as read from their texts, one after another (and only those that
    // a walk needs)
    let flat = input.proposed.flat_if_walked_before();
    let mut texts = Words::default();
    for (i, p) in input.proposed.items.iter().enumerate() {
        let near_covers = match near.as_mut() {
            Some(n) if n.asking() => n.includes(p),
            _ => false,
        };
        let words = match flat {
            Some(flat) => flat.entry(i),
            None if near_covers && same_grant => None,
            None => Some(texts.next(p)),
        };
        let escalation = match last {
            Some((q, e)) if same_text(q.verb_bytes(), p.verb_bytes()) => e,
            _ => {
                let e = input.catalog.is_escalation_bytes(p.verb_bytes());
                last = Some((p, e));
                e
            }
        };
        let mut push = |kind, counterexample| {
            violations.push(Violation {
                kind,
                permission: p.clone(),
                counterexample,
            });
        };
        let unbounded = match words {
            Some(words) => FlatEntry::new(words, p).is_unbounded(),
            None => p.is_unbounded(),
        };
        if unbounded {
            push(ViolationKind::Unbounded, None);
        }
        if escalation {
            push(ViolationKind::EscalationCapable, None);
        }
        let denied = if input.deny.is_empty() {
            None
        } else if p.verb() == "*" || !matches!(p.resource.first_seg(), Some(Seg::Lit(..))) {
            input.deny.iter().find(|d| p.overlaps(d))
        } else {
            // a literal first segment overlaps only bare, same-literal and `*`-first entries
            input.deny.candidates_for(p).find(|d| p.overlaps(d))
        };
        if let Some(d) = denied {
            let resource = p.resource.common_instance(&d.resource);
            let verb = if p.verb() == "*" {
                d.verb().to_owned()
            } else {
                p.verb().to_owned()
            };
            push(
                ViolationKind::Denied,
                resource.map(|resource| Counterexample { verb, resource }),
            );
        }
        if !near_covers {
            let walker = ceiling.get_or_insert_with(|| Walker::new(input.ceiling.trie()));
            if let Err(c) = cover_entry(input.ceiling, walker, words, p) {
                push(ViolationKind::ExceedsCeiling, Some(c));
            }
        }
        // the proposed grant is mostly the current one: an entry of both is covered without
        // a walk, found by a cursor moving forward through the current grant
        let widening = if same_grant || input.current.holds(&mut cursor, words, p) {
            None
        } else {
            let walker = current.get_or_insert_with(|| Walker::new(input.current.trie()));
            cover_entry(input.current, walker, words, p).err()
        };
        match input.purpose {
            GrantPurpose::Fallback => {
                if input.catalog.level(p.verb()) > Access::Read {
                    push(ViolationKind::FallbackNotReadOnly, None);
                }
                if let Some(c) = widening {
                    push(ViolationKind::FallbackWider, Some(c));
                }
            }
            GrantPurpose::Migration { kind, .. } => {
                if let Some(c) = widening {
                    if matches!(
                        kind,
                        MigrationKind::PermissionRestructuring | MigrationKind::PermissionReduction
                    ) {
                        push(ViolationKind::RestructuringWidens, Some(c.clone()));
                    }
                    if !sco {
                        push(ViolationKind::ExpansionWithoutSco, Some(c));
                    }
                }
            }
        }
    }
    BoundaryReport { violations }
}

impl<'a> BoundaryCheck<'a> {
    /// The check with these explicit denials (they override every allow).
    #[must_use]
    pub const fn deny(mut self, deny: &'a PermissionSet) -> BoundaryCheck<'a> {
        self.deny = deny;
        self
    }

    /// The check with these governance bodies' approvals.
    #[must_use]
    pub const fn approvals(mut self, approvals: &'a [GovernanceBody]) -> BoundaryCheck<'a> {
        self.approvals = approvals;
        self
    }
}
