//! Boundary checks already made, remembered by value while one lineage is replayed.
//!
//! A record checks the same grants under the same ceiling again and again: a release's
//! grants when it transitions and again when it is validated, the fallback grant against the
//! ceiling and against the pre-migration grant, and a retried release after a flaky failure
//! all over again. [`permission::check`] is a pure function of its inputs, so the replay
//! keeps the last few checks with their inputs (owned copies, compared by value) and answers
//! a repeated one from them. Only speed depends on it: a hit returns what the check returns.

use crate::governance::GovernanceBody;
use crate::permission::{
    self, BoundaryCheck, BoundaryReport, Catalog, GrantPurpose, PermissionSet,
};

/// How many checks are remembered: a transition and its validation make three distinct
/// checks (the migration grant, the fallback grant against the ceiling and against the
/// pre-migration grant).
const KEPT: usize = 4;

/// The inputs of one check, owned.
#[derive(Debug)]
struct Inputs {
    current: PermissionSet,
    proposed: PermissionSet,
    ceiling: PermissionSet,
    deny: PermissionSet,
    purpose: GrantPurpose,
    approvals: Vec<GovernanceBody>,
    catalog: Catalog,
}

impl Inputs {
    fn of(c: &BoundaryCheck<'_>) -> Inputs {
        Inputs {
            current: c.current.clone(),
            proposed: c.proposed.clone(),
            ceiling: c.ceiling.clone(),
            deny: c.deny.clone(),
            purpose: c.purpose,
            approvals: c.approvals.to_vec(),
            catalog: c.catalog.clone(),
        }
    }

    /// Whether `c` asks exactly this check; the cheap comparisons first (the sizes of the
    /// sets before their entries; the ceiling first, as the checks of one release differ
    /// there), the catalog last.
    fn asks(&self, c: &BoundaryCheck<'_>) -> bool {
        self.purpose == c.purpose
            && self.approvals == c.approvals
            && self.ceiling.len() == c.ceiling.len()
            && self.proposed.len() == c.proposed.len()
            && self.current.len() == c.current.len()
            && self.deny.len() == c.deny.len()
            && self.ceiling == *c.ceiling
            && self.proposed == *c.proposed
            && self.current == *c.current
            && self.deny == *c.deny
            && self.catalog == *c.catalog
    }
}

/// The last [`KEPT`] boundary checks and their reports.
#[derive(Debug, Default)]
pub(crate) struct Checks {
    kept: Vec<(Inputs, BoundaryReport)>,
    /// Where the next new check is kept once all places are taken.
    next: usize,
}

impl Checks {
    /// [`permission::check`] of `c`, from memory when the same check was made.
    pub(crate) fn check(&mut self, c: &BoundaryCheck<'_>) -> BoundaryReport {
        if let Some((_, report)) = self.kept.iter().find(|(inputs, _)| inputs.asks(c)) {
            return report.clone();
        }
        let report = permission::check(c);
        let entry = (Inputs::of(c), report.clone());
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
}
