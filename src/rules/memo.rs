//! Boundary checks already made, remembered while one lineage is replayed.
//!
//! A record checks the same grants under the same ceiling again and again: a release's
//! grants when it transitions and again when it is validated, the fallback grant against the
//! ceiling and against the pre-migration grant, and a retried release after a flaky failure
//! all over again. [`permission::check`] is a pure function of its inputs, so the replay
//! keeps the last few checks with their inputs and answers a repeated one from them. Only
//! speed depends on it: a hit returns what the check returns.
//!
//! An input is kept by identity when a shared value the replay lends ([`Checks::lent`]: the
//! platform facts of an event, a release's evidence) holds it, else as an owned copy. A kept
//! holder is an `Arc` this memo owns a count of: while it is kept, what it holds cannot change
//! (a shared value is never written) and its memory is not given to anything else, so the
//! same address is the same input. A different address is still compared by value.

use core::fmt;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::sink::Tally;
use crate::governance::GovernanceBody;
use crate::kind::MigrationKind;
use crate::permission::{
    self, BoundaryCheck, BoundaryReport, Catalog, GrantPurpose, Permission, PermissionSet,
};
use crate::plan::{Approval, Document, Grants};
use semver::Version;

/// How many checks are remembered: a transition and its validation make three distinct
/// checks (the migration grant, the fallback grant against the ceiling and against the
/// pre-migration grant).
const KEPT: usize = 4;

/// How many lenders are kept: the platform facts and the release's evidence of the event
/// being replayed.
const LENDERS: usize = 2;

/// A shared value that holds what a boundary check reads: the platform facts of a record's
/// events (the catalog, the power ceiling) or a release's evidence (its grants).
pub(crate) trait Holds: Send + Sync {
    /// The catalog it holds, if it holds one.
    fn catalog(&self) -> Option<&Catalog> {
        None
    }

    /// Its `i`-th permission set, in an order of its own; `None` past the last.
    fn set(&self, i: u8) -> Option<&PermissionSet>;
}

impl Holds for Catalog {
    fn catalog(&self) -> Option<&Catalog> {
        Some(self)
    }

    fn set(&self, _: u8) -> Option<&PermissionSet> {
        None
    }
}

/// A lender, kept alive here so that the addresses of what it holds name them.
#[derive(Clone)]
struct Holder(Arc<dyn Holds>);

impl Holder {
    /// Where the shared value is: the same address, the same value (it is kept alive here).
    fn at(&self) -> *const () {
        Arc::as_ptr(&self.0).cast()
    }

    /// Which of its sets `set` is, by address.
    fn which(&self, set: &PermissionSet) -> Option<u8> {
        (0..=u8::MAX)
            .map_while(|i| Some((i, self.0.set(i)?)))
            .find_map(|(i, mine)| core::ptr::eq(mine, set).then_some(i))
    }

    /// Whether `catalog` is the very catalog it holds.
    fn lends(&self, catalog: &Catalog) -> bool {
        self.0.catalog().is_some_and(|c| core::ptr::eq(c, catalog))
    }
}

impl fmt::Debug for Holder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Holder").finish_non_exhaustive()
    }
}

/// A set as a remembered check keeps it: the set a lender holds, or a copy of its entries
/// (without the structures a check built on them: a set is equal to another exactly when
/// their entries are).
#[derive(Debug)]
enum Entries {
    /// The `i`-th set of a lender, and its address (while the lender is kept here, no other
    /// set can be at that address).
    Held(Holder, u8, usize),
    Copied(Vec<Permission>),
}

/// Where `set` is in memory: compared, never read through.
fn address(set: &PermissionSet) -> usize {
    core::ptr::from_ref(set) as usize
}

impl Entries {
    fn of(set: &PermissionSet, lenders: &[Holder]) -> Entries {
        lenders
            .iter()
            .find_map(|h| Some(Entries::Held(h.clone(), h.which(set)?, address(set))))
            .unwrap_or_else(|| Entries::Copied(set.iter().cloned().collect()))
    }

    /// Whether `set` has exactly these entries: the very set a lender holds, or the same
    /// entries (their number compared first).
    fn are(&self, set: &PermissionSet) -> bool {
        match self {
            Entries::Held(holder, i, at) => {
                *at == address(set) || holder.0.set(*i).is_some_and(|mine| mine == set)
            }
            Entries::Copied(entries) => entries.len() == set.len() && entries.iter().eq(set.iter()),
        }
    }
}

/// The inputs of one check, kept.
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
    Lent(Holder),
}

impl Held {
    /// Whether `catalog` is this one: the very catalog its lender holds, or equal.
    fn is(&self, catalog: &Catalog) -> bool {
        match self {
            Held::Own(mine) => mine == catalog,
            Held::Lent(lender) => lender
                .0
                .catalog()
                .is_some_and(|mine| core::ptr::eq(mine, catalog) || mine == catalog),
        }
    }
}

impl Inputs {
    fn of(c: &BoundaryCheck<'_>, lenders: &[Holder]) -> Inputs {
        Inputs {
            current: Entries::of(c.current, lenders),
            proposed: Entries::of(c.proposed, lenders),
            ceiling: Entries::of(c.ceiling, lenders),
            deny: Entries::of(c.deny, lenders),
            purpose: c.purpose,
            approvals: c.approvals.to_vec(),
            catalog: lenders
                .iter()
                .find(|h| h.lends(c.catalog))
                .map_or_else(|| Held::Own(c.catalog.clone()), |h| Held::Lent(h.clone())),
        }
    }

    /// Whether `c` asks exactly this check; the cheap comparisons first (the ceiling first
    /// among the sets, as the checks of one release differ there), the catalog last.
    fn asks(&self, c: &BoundaryCheck<'_>) -> bool {
        self.purpose == c.purpose
            && self.approvals == c.approvals
            && self.ceiling.are(c.ceiling)
            && self.proposed.are(c.proposed)
            && self.current.are(c.current)
            && self.deny.are(c.deny)
            && self.catalog.is(c.catalog)
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

/// The last [`KEPT`] boundary checks and their reports, and the timeless checks of the last
/// release validated.
#[derive(Debug, Default)]
pub(crate) struct Checks {
    kept: Vec<(Inputs, BoundaryReport)>,
    /// Where the next new check is kept once all places are taken.
    next: usize,
    /// The last [`LENDERS`] lenders the caller named, the newest last.
    lenders: Vec<Holder>,
    /// What the checks of the last release validated that do not depend on when it is
    /// validated found (see [`Checks::timeless`]).
    timeless: Option<Timeless>,
}

/// Who a release is, for the checks of it that do not depend on when it is validated
/// (its contract's changes and runtime, soft mode, the compatibility matrix, its plan's
/// documents, its runtimes, its fallback kept to the recommended end): the notice it answers,
/// named by the digest of its opening event (which covers the contracts, the policy, the
/// kind, the mode and the triggers), the release's evidence and the platform facts as lent
/// (the same shared values), its version and its plan's documents.
#[derive(Debug)]
struct Timeless {
    notice: [u8; 32],
    lenders: Vec<Holder>,
    version: Version,
    documents: Vec<Document>,
    found: Tally,
}

impl Checks {
    /// The next checks read what `owner` holds (the platform facts or the release's evidence
    /// of the event being replayed): an input that is the very value it holds is then
    /// recognised by its address, neither copied nor compared entry by entry.
    pub(crate) fn lent<T: Holds + 'static>(&mut self, owner: &Arc<T>) {
        // the lenders named last are kept, the newest last: one named again moves to the end
        let owner_at = Arc::as_ptr(owner).cast::<()>();
        let known = self.lenders.iter().position(|l| l.at() == owner_at);
        let holder = match known {
            Some(at) => self.lenders.remove(at),
            None => {
                if self.lenders.len() == LENDERS {
                    self.lenders.remove(0);
                }
                Holder(Arc::clone(owner) as _)
            }
        };
        self.lenders.push(holder);
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
        // the bodies of the approvals valid at `at`, in order: on the stack for a plan's few
        let mut few = [GovernanceBody::Tsc; 8];
        let many;
        let bodies: &[GovernanceBody] = if approvals.len() <= few.len() {
            let valid = approvals.iter().filter(|a| a.is_valid_at(at));
            let n = few
                .iter_mut()
                .zip(valid)
                .map(|(slot, a)| *slot = a.body)
                .count();
            &few[..n]
        } else {
            many = Approval::valid_bodies(approvals, at);
            &many
        };
        let mut check =
            BoundaryCheck::migration(&grants.current, &grants.proposed, ceiling, kind, catalog);
        check.deny = &grants.deny;
        check.approvals = bodies;
        let migration = self.check(&check);
        let mut check =
            BoundaryCheck::fallback(&grants.current, &grants.fallback, ceiling, catalog);
        check.deny = &grants.deny;
        GrantReports {
            migration,
            fallback: self.check(&check),
        }
    }

    /// What the timeless checks of a release found, when the last release whose were kept
    /// is this one: the same notice, the same evidence and platform facts lent (by
    /// identity: kept alive here, so unchanged), the same version and documents.
    ///
    /// The caller names the notice and, right before, lends the evidence and the platform
    /// facts the validation's input is read from (the two lenders named last, in either
    /// order, are the key); nothing else may differ between two validations of one release
    /// but the time, the approvals and the attestations, which these checks do not read.
    pub(crate) fn timeless(
        &self,
        notice: &[u8; 32],
        version: &Version,
        documents: &[Document],
    ) -> Option<Tally> {
        let t = self.timeless.as_ref()?;
        let same_lenders = t.lenders.len() == self.lenders.len()
            && (t.lenders.iter()).all(|mine| self.lenders.iter().any(|l| l.at() == mine.at()));
        (t.notice == *notice && same_lenders && t.version == *version && t.documents == documents)
            .then_some(t.found)
    }

    /// Keeps what the timeless checks of a release found, under the lenders in place (see
    /// [`Checks::timeless`]).
    pub(crate) fn keep_timeless(
        &mut self,
        notice: &[u8; 32],
        version: &Version,
        documents: &[Document],
        found: Tally,
    ) {
        self.timeless = Some(Timeless {
            notice: *notice,
            lenders: self.lenders.clone(),
            version: version.clone(),
            documents: documents.to_vec(),
            found,
        });
    }

    /// [`permission::check`] of `c`, from memory when the same check was made.
    pub(crate) fn check(&mut self, c: &BoundaryCheck<'_>) -> BoundaryReport {
        if let Some((_, report)) = self.kept.iter().find(|(inputs, _)| inputs.asks(c)) {
            return report.clone();
        }
        let report = permission::check(c);
        let entry = (Inputs::of(c, &self.lenders), report.clone());
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

    /// Sets a lender holds (as a release's evidence holds its grants).
    struct Sets(Vec<PermissionSet>);

    impl Holds for Sets {
        fn set(&self, i: u8) -> Option<&PermissionSet> {
            self.0.get(usize::from(i))
        }
    }

    /// The law again when the sets are lent: a check that reads a lent set (kept by its
    /// address), an equal copy of it at another address, or a different set, answers as
    /// [`permission::check`] does, in any order, while the lender is kept and after a
    /// second lender replaced the catalog's.
    #[test]
    fn lent_sets_are_known_by_address_and_still_compared_by_value() {
        let texts = [
            "",
            "read:orders/*",
            "read:orders/*, write:orders/*",
            "admin:*",
        ];
        let lent = Arc::new(Sets(texts.map(set).to_vec()));
        let copies = texts.map(set);
        let catalog = Arc::new(Catalog::default());
        let mut memo = Checks::default();
        memo.lent(&catalog);
        memo.lent(&lent);
        // each set three ways: lent, an equal copy, and the next set's copy
        let pick = |i: usize, how: usize| match how {
            0 => &lent.0[i],
            1 => &copies[i],
            _ => &copies[(i + 1) % copies.len()],
        };
        let mut asked = 0;
        for round in 0..2 {
            for (cur, prop, ceil) in
                (0..4).flat_map(|a| (0..4).flat_map(move |b| (0..4).map(move |c| (a, b, c))))
            {
                for how in 0..3 {
                    let (current, proposed, ceiling) = (
                        pick(cur, how),
                        pick(prop, (how + round) % 3),
                        pick(ceil, how),
                    );
                    let migration = BoundaryCheck::migration(
                        current,
                        proposed,
                        ceiling,
                        MigrationKind::PermissionExpansion,
                        &catalog,
                    );
                    assert_eq!(memo.check(&migration), permission::check(&migration));
                    let fallback = BoundaryCheck::fallback(current, proposed, ceiling, &catalog);
                    assert_eq!(memo.check(&fallback), permission::check(&fallback));
                    asked += 2;
                }
            }
        }
        assert!(asked >= 768, "{asked} checks asked");
        // a held set is kept by address, a copy by its entries
        let kept = Entries::of(&lent.0[1], &memo.lenders);
        assert!(matches!(kept, Entries::Held(_, 1, _)));
        assert!(kept.are(&lent.0[1]) && kept.are(&copies[1]) && !kept.are(&copies[2]));
        assert!(matches!(
            Entries::of(&copies[1], &memo.lenders),
            Entries::Copied(_)
        ));
    }

    /// Both checks of a release's grants take the bodies of the approvals valid at the
    /// time, in order, however many there are (a plan's few on the stack, more in a list):
    /// over 0 to 12 approvals, some unsigned or dated later, the reports are those of the
    /// checks made with [`Approval::valid_bodies`].
    #[test]
    fn grants_take_the_valid_bodies_however_many() {
        use chrono::TimeZone;
        let at = Utc
            .with_ymd_and_hms(2026, 3, 1, 0, 0, 0)
            .single()
            .unwrap_or_default();
        let bodies = [
            GovernanceBody::Sco,
            GovernanceBody::Tsc,
            GovernanceBody::Erc,
            GovernanceBody::Cgb,
        ];
        let grants = Grants::new(set("read:orders/*"), set("read:orders/*, admin:orders/*"));
        let (catalog, ceiling) = (Catalog::default(), set("admin:orders/*, read:*"));
        let mut asked = 0;
        for n in 0..=12 {
            for skip in 0..3 {
                let approvals: Vec<Approval> = (0..n)
                    .map(|i| Approval {
                        body: bodies[(i * 7 + skip) % bodies.len()],
                        // every third unsigned, every fourth dated after the check
                        by: if (i + skip) % 3 == 0 {
                            " ".into()
                        } else {
                            "duty".into()
                        },
                        at: at + chrono::Duration::days(if (i + skip) % 4 == 0 { 1 } else { -1 }),
                    })
                    .collect();
                let valid = Approval::valid_bodies(&approvals, at);
                let kind = MigrationKind::PermissionExpansion;
                let reports =
                    Checks::default().grants(&grants, kind, &approvals, at, &catalog, &ceiling);
                let mut check = BoundaryCheck::migration(
                    &grants.current,
                    &grants.proposed,
                    &ceiling,
                    kind,
                    &catalog,
                );
                check.deny = &grants.deny;
                check.approvals = &valid;
                assert_eq!(
                    reports.migration,
                    permission::check(&check),
                    "{n} approvals"
                );
                let mut fallback =
                    BoundaryCheck::fallback(&grants.current, &grants.fallback, &ceiling, &catalog);
                fallback.deny = &grants.deny;
                assert_eq!(reports.fallback, permission::check(&fallback));
                asked += 1;
            }
        }
        assert_eq!(asked, 39);
        // the reports do depend on the bodies: an admin grant without SCO is refused, with it
        // allowed
        let sco = |by: &str| Approval {
            body: GovernanceBody::Sco,
            by: by.into(),
            at,
        };
        let kind = MigrationKind::PermissionExpansion;
        let mut memo = Checks::default();
        assert!(memo
            .grants(&grants, kind, &[sco("duty")], at, &catalog, &ceiling)
            .migration
            .allowed());
        assert!(!memo
            .grants(&grants, kind, &[sco(" ")], at, &catalog, &ceiling)
            .migration
            .allowed());
    }

    /// The lenders kept are the two named last, whatever was named before: one named again
    /// moves to the end instead of leaving first.
    #[test]
    fn the_two_lenders_named_last_are_kept() {
        let [p1, e1, e2] = [0, 1, 2].map(|_| Arc::new(Sets(Vec::new())));
        let mut memo = Checks::default();
        let kept =
            |memo: &Checks| -> Vec<*const ()> { memo.lenders.iter().map(Holder::at).collect() };
        let at = |a: &Arc<Sets>| Arc::as_ptr(a).cast::<()>();
        memo.lent(&p1);
        memo.lent(&e1);
        assert_eq!(kept(&memo), [at(&p1), at(&e1)]);
        // the platform named again, then another evidence: the first evidence leaves
        memo.lent(&p1);
        memo.lent(&e2);
        assert_eq!(kept(&memo), [at(&p1), at(&e2)]);
        memo.lent(&e2);
        assert_eq!(kept(&memo), [at(&p1), at(&e2)]);
    }
}
