//! Boundary checks already made, remembered by value while one lineage is replayed.
//!
//! A record checks the same grants under the same ceiling again and again: a release's
//! grants when it transitions and again when it is validated, the fallback grant against the
//! ceiling and against the pre-migration grant, and a retried release after a flaky failure
//! all over again. [`permission::check`] is a pure function of its inputs, so the replay
//! keeps the last few checks with their inputs (owned copies, compared by value) and answers
//! a repeated one from them. Only speed depends on it: a hit returns what the check returns.

use core::fmt;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::governance::GovernanceBody;
use crate::kind::MigrationKind;
use crate::permission::{
    self, BoundaryCheck, BoundaryReport, Catalog, GrantPurpose, Permission, PermissionSet,
};
use crate::plan::{Approval, Grants};

/// How many checks are remembered: a transition and its validation make three distinct
/// checks (the migration grant, the fallback grant against the ceiling and against the
/// pre-migration grant).
const KEPT: usize = 4;

/// The entries of a set, copied without the structures a check built on them (a set is
/// equal to another exactly when their entries are).
#[derive(Debug)]
struct Entries(Vec<Permission>);

impl Entries {
    fn of(set: &PermissionSet) -> Entries {
        Entries(set.iter().cloned().collect())
    }

    /// Whether `set` has exactly these entries (its size compared first).
    fn are(&self, set: &PermissionSet) -> bool {
        self.0.len() == set.len() && self.0.iter().eq(set.iter())
    }
}

/// The inputs of one check, owned.
#[derive(Debug)]
struct Inputs {
    current: Entries,
    proposed: Entries,
    ceiling: Entries,
    deny: Entries,
    purpose: GrantPurpose,
    approvals: Vec<GovernanceBody>,
    catalog: Held,
}

/// The catalog of a remembered check: a copy, or its lender (no copy of the verbs).
#[derive(Debug)]
enum Held {
    Own(Catalog),
    Lent(Lender),
}

impl Held {
    fn catalog(&self) -> &Catalog {
        match self {
            Held::Own(catalog) => catalog,
            Held::Lent(lender) => lender.owner.catalog(),
        }
    }
}

impl Inputs {
    fn of(c: &BoundaryCheck<'_>, catalog_of: Option<&Lender>) -> Inputs {
        Inputs {
            current: Entries::of(c.current),
            proposed: Entries::of(c.proposed),
            ceiling: Entries::of(c.ceiling),
            deny: Entries::of(c.deny),
            purpose: c.purpose,
            approvals: c.approvals.to_vec(),
            catalog: catalog_of.map_or_else(
                || Held::Own(c.catalog.clone()),
                |lender| Held::Lent(lender.clone()),
            ),
        }
    }

    /// Whether `c` asks exactly this check; the cheap comparisons first (the ceiling first
    /// among the sets, as the checks of one release differ there), the catalog last.
    fn asks(&self, c: &BoundaryCheck<'_>, catalog_of: Option<&Lender>) -> bool {
        // the same lender (kept alive by this entry, so the same object) lends the same
        // catalog: no need to compare its verbs
        let same_catalog = |catalog: &Catalog| match (&self.catalog, catalog_of) {
            (Held::Lent(mine), Some(theirs)) if mine.is(theirs) => true,
            (held, _) => held.catalog() == catalog,
        };
        self.purpose == c.purpose
            && self.approvals == c.approvals
            && self.ceiling.are(c.ceiling)
            && self.proposed.are(c.proposed)
            && self.current.are(c.current)
            && self.deny.are(c.deny)
            && same_catalog(c.catalog)
    }
}

/// A shared value that holds a catalog: the platform facts of a record's events.
pub(crate) trait LendsCatalog: Send + Sync {
    /// The catalog it holds.
    fn catalog(&self) -> &Catalog;
}

impl LendsCatalog for Catalog {
    fn catalog(&self) -> &Catalog {
        self
    }
}

/// Who lends a catalog, kept alive here so that its address names it.
#[derive(Clone)]
struct Lender {
    owner: Arc<dyn LendsCatalog>,
}

impl Lender {
    /// Whether both are the same owner (and so lend the same catalog).
    fn is(&self, other: &Lender) -> bool {
        core::ptr::addr_eq(Arc::as_ptr(&self.owner), Arc::as_ptr(&other.owner))
    }

    /// Whether `catalog` is the very catalog this lender holds.
    fn lends(&self, catalog: &Catalog) -> bool {
        core::ptr::eq(self.owner.catalog(), catalog)
    }
}

impl fmt::Debug for Lender {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lender").finish_non_exhaustive()
    }
}

/// The two boundary checks of a release's [`Grants`]: the grant the migration moves to, and
/// the grant kept during the fallback.
#[derive(Debug)]
pub(crate) struct GrantReports {
    /// The proposed grant, against the ceiling and the deny list, with the approvals given.
    pub(crate) migration: BoundaryReport,
    /// The fallback grant: read-only, within the current grant and the ceiling.
    pub(crate) fallback: BoundaryReport,
}

/// The last [`KEPT`] boundary checks and their reports.
#[derive(Debug, Default)]
pub(crate) struct Checks {
    kept: Vec<(Inputs, BoundaryReport)>,
    /// Where the next new check is kept once all places are taken.
    next: usize,
    /// Who lends the catalog of the next checks, if the caller said.
    lender: Option<Lender>,
}

impl Checks {
    /// The next checks are made under `owner`'s catalog (the platform facts of the event
    /// being replayed): a check with that very catalog is then recognised by the owner's
    /// identity, its verbs neither copied nor compared again.
    pub(crate) fn lent<T: LendsCatalog + 'static>(&mut self, owner: &Arc<T>) {
        let same = self
            .lender
            .as_ref()
            .is_some_and(|l| core::ptr::addr_eq(Arc::as_ptr(&l.owner), Arc::as_ptr(owner)));
        if !same {
            let owner: Arc<dyn LendsCatalog> = Arc::clone(owner) as _;
            self.lender = Some(Lender { owner });
        }
    }

    /// Both boundary checks of `grants` for a migration of `kind` under the platform's power
    /// `ceiling`, with the bodies of the `approvals` valid at `at`: the one setup the flow
    /// (at transition) and [`validate`](crate::rules::validate) share.
    pub(crate) fn grants(
        &mut self,
        grants: &Grants,
        kind: MigrationKind,
        approvals: &[Approval],
        at: DateTime<Utc>,
        catalog: &Catalog,
        ceiling: &PermissionSet,
    ) -> GrantReports {
        let bodies = Approval::valid_bodies(approvals, at);
        let mut check =
            BoundaryCheck::migration(&grants.current, &grants.proposed, ceiling, kind, catalog);
        check.deny = &grants.deny;
        check.approvals = &bodies;
        let migration = self.check(&check);
        let mut check =
            BoundaryCheck::fallback(&grants.current, &grants.fallback, ceiling, catalog);
        check.deny = &grants.deny;
        GrantReports {
            migration,
            fallback: self.check(&check),
        }
    }

    /// [`permission::check`] of `c`, from memory when the same check was made.
    pub(crate) fn check(&mut self, c: &BoundaryCheck<'_>) -> BoundaryReport {
        let catalog_of = self.lender.as_ref().filter(|l| l.lends(c.catalog));
        if let Some((_, report)) = self
            .kept
            .iter()
            .find(|(inputs, _)| inputs.asks(c, catalog_of))
        {
            return report.clone();
        }
        let report = permission::check(c);
        let entry = (Inputs::of(c, catalog_of), report.clone());
        if self.kept.len() < KEPT {
            self.kept.push(entry);
        } else {
            self.kept[self.next] = entry;
            self.next = (self.next + 1) % KEPT;
        }
        report
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kind::MigrationKind;

    fn set(s: &str) -> PermissionSet {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn a_remembered_check_answers_as_the_check_does() {
        let catalog = Catalog::default();
        let mut memo = Checks::default();
        let grants = [
            ("read:orders/*", "read:orders/*, write:orders/*"),
            ("write:orders/*", "read:orders/*"),
            ("read:*", "read:orders/*"),
            ("admin:orders/*", "admin:orders/*"),
            ("read:orders/eu/*", "read:orders/*"),
            ("read:orders/*", "read:orders/*, write:orders/*"),
        ];
        // twice over, so the second round is answered from memory (or, past `KEPT`, not)
        for _ in 0..2 {
            for (proposed, ceiling) in grants {
                let (proposed, ceiling) = (set(proposed), set(ceiling));
                let check = BoundaryCheck::migration(
                    &proposed,
                    &proposed,
                    &ceiling,
                    MigrationKind::ApiVersion,
                    &catalog,
                );
                assert_eq!(memo.check(&check), permission::check(&check));
                let fallback = BoundaryCheck::fallback(&ceiling, &proposed, &ceiling, &catalog);
                assert_eq!(memo.check(&fallback), permission::check(&fallback));
            }
        }
        assert_eq!(memo.kept.len(), KEPT);
    }

    /// The law, over a grid: whatever came before, the memo answers every check exactly as
    /// [`permission::check`] does. Each check of a small family is made, then each of its
    /// neighbours (the same check with one input changed: the current, proposed, ceiling or
    /// deny set, the catalog, the approvals, the purpose) while it is still remembered, then
    /// the check again; under a lender and without one.
    #[test]
    fn the_memo_never_answers_differently_from_the_check() {
        let sets = [
            "",
            "read:orders/*",
            "read:orders/eu/*",
            "read:orders/*, write:orders/*",
            "write:orders/eu/*",
            "admin:*",
        ]
        .map(set);
        // a catalog that knows only two verbs and calls `write` read-level: a fallback grant
        // with `write` passes under it and not under the default catalog
        let narrow = Catalog::empty()
            .declare("read", permission::Access::Read)
            .declare("write", permission::Access::Read);
        let lender = Arc::new(Catalog::default());
        assert_ne!(narrow, *lender);
        let catalogs = [&*lender, &narrow];
        let approvals: [&[GovernanceBody]; 2] = [&[], &[GovernanceBody::Sco]];
        // a check as the indexes of its inputs
        let make = |[cur, prop, ceil, deny, cat, bodies, fallback]: [usize; 7]| {
            let mut c = if fallback == 1 {
                BoundaryCheck::fallback(&sets[cur], &sets[prop], &sets[ceil], catalogs[cat])
            } else {
                BoundaryCheck::migration(
                    &sets[cur],
                    &sets[prop],
                    &sets[ceil],
                    MigrationKind::PermissionExpansion,
                    catalogs[cat],
                )
            };
            c.deny = &sets[deny];
            c.approvals = approvals[bodies];
            c
        };
        let sizes = [sets.len(), sets.len(), sets.len(), sets.len(), 2, 2, 2];
        let mut memo = Checks::default();
        let mut asked = 0;
        for lent in [false, true] {
            if lent {
                memo.lent(&lender);
            }
            // every other set for current and proposed keeps the grid small
            for cur in (0..sets.len()).step_by(2) {
                for prop in (1..sets.len()).step_by(2) {
                    for (ceil, purpose) in (0..sets.len()).flat_map(|c| [(c, 0), (c, 1)]) {
                        let base = [cur, prop, ceil, (ceil + 2) % sets.len(), 0, 0, purpose];
                        for field in 0..base.len() {
                            for value in (0..sizes[field]).filter(|v| *v != base[field]) {
                                let mut other = base;
                                other[field] = value;
                                for check in [make(base), make(other), make(base)] {
                                    assert_eq!(memo.check(&check), permission::check(&check));
                                    asked += 1;
                                }
                            }
                        }
                    }
                }
            }
        }
        assert!(asked > 2_000, "{asked} checks asked");
    }
}
