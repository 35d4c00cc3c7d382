//! Whether a set reaches a permission: the compiled walk first, then, when it cannot tell,
//! the same question asked of the candidate entries one by one; and the counterexample when
//! the answer is no.

use super::boundary::Counterexample;
use super::compiled::{same_entry, Own, Walked, Walker};
use super::pattern::{ResourcePattern, Seg};
use super::set::PermissionSet;
use super::verb::Permission;

/// A literal no pattern uses, to build counterexamples a person reads at once: `example`,
/// or `example-2`, `example-3`, … when a pattern names it.
fn fresh_literal(avoid: &[&ResourcePattern]) -> String {
    let used = |s: &str| {
        avoid
            .iter()
            .any(|p| p.segs().any(|g| matches!(g, Seg::Lit(l) if l == s)))
    };
    let mut s = String::from("example");
    let mut n = 1u32;
    while used(&s) {
        n += 1;
        s = format!("example-{n}");
    }
    s
}

impl PermissionSet {
    /// Whether `p` is an entry of `self`, for `p` taken in ascending order: `at` is a cursor
    /// that only moves forward (so a whole grant is matched in one pass) and skips ahead by
    /// galloping when the grants differ.
    /// `words` is `p`'s flat entry in its own set, if it has one.
    pub(super) fn holds(&self, at: &mut usize, words: Option<&[u64]>, p: &Permission) -> bool {
        let rest = self.items.get(*at..).unwrap_or_default();
        let hit = match (words, self.flat().entry(*at), rest.first()) {
            (Some(a), Some(b), Some(q)) => same_entry(a, p, b, q),
            (_, _, Some(q)) => q == p,
            (_, _, None) => false,
        };
        if hit {
            *at += 1;
            return true;
        }
        // the first entry not below p: gallop, then search the last step
        let (mut lo, mut step) = (0, 1);
        while rest.get(step - 1).is_some_and(|q| q < p) {
            lo = step;
            step *= 2;
        }
        let hi = step.min(rest.len());
        let found = lo
            + rest
                .get(lo..hi)
                .unwrap_or_default()
                .partition_point(|q| q < p);
        *at += found;
        if rest.get(found).is_some_and(|q| q == p) {
            *at += 1;
            return true;
        }
        false
    }

    /// Whether `p` is reached by `self`, and if not, a concrete `(verb, resource)` of `p`
    /// that `self` does not reach.
    pub(super) fn cover(&self, p: &Permission) -> Result<(), Counterexample> {
        self.cover_walked(&mut Walker::new(self.trie()), &Own::new(p))
    }

    /// [`PermissionSet::cover`] of `w`'s permission, walking the trie (with `walker`, a
    /// walker of this set's trie) as `w` reads it.
    #[inline]
    pub(super) fn cover_walked<W: Walked>(
        &self,
        walker: &mut Walker<'_>,
        w: &W,
    ) -> Result<(), Counterexample> {
        // fast path: one entry includes p, proven by the compiled trie
        match walker.includes(w) {
            Some(true) => Ok(()),
            found => self.cover_slowly(w.permission(), found),
        }
    }

    /// [`PermissionSet::cover`] when the trie did not prove `p` included: `found` is what it
    /// said.
    ///
    /// A set reaches `p` exactly when one of its entries does: several entries together
    /// never cover what none covers alone. Take the instance of `p` with a literal no entry
    /// names in each `*` segment and in a one-segment tail; an entry reaching it has a `*`
    /// wherever that literal stands, and a trailing `*` where the tail is (a last segment is
    /// never a single-segment `*`), so it reaches every instance of `p`. When no entry reaches
    /// `p`, that instance is therefore the counterexample. (`tests/permission_props.rs`
    /// checks the law against brute force.)
    #[inline(never)]
    fn cover_slowly(&self, p: &Permission, found: Option<bool>) -> Result<(), Counterexample> {
        let one_entry = match found {
            Some(decided) => decided,
            // the walk could not tell: single entries the slow way, those of p's own group
            // (same verb, same first segment) first, then any that could (`*` verbs, bare
            // and `*`-first patterns)
            None => {
                let index = self.index();
                self.group(p.key()).any(|q| p.is_within(q))
                    || ((index.wild_verb || index.bare || index.one_first)
                        && self.candidates_for(p).any(|q| p.is_within(q)))
            }
        };
        if one_entry {
            return Ok(());
        }
        let shortest = p.resource.seg_count() + usize::from(p.resource.tail());
        Err(self.witness(p, shortest))
    }

    /// The instance of `p` of `len` segments with a fresh literal in each `*`: the literal is
    /// named by no entry that could reach an instance of `p`. When `p` starts with a literal
    /// those are its candidates; when it starts with `*` (or is bare), the fresh literal
    /// stands first too, so every entry that could grant the verb counts.
    fn witness(&self, p: &Permission, len: usize) -> Counterexample {
        let mut avoid: Vec<&ResourcePattern> = if let Some(Seg::Lit(..)) = p.resource.first_seg() {
            self.candidates_for(p).map(|q| &q.resource).collect()
        } else {
            self.items
                .iter()
                .filter(|q| q.verb() == p.verb() || q.verb() == "*" || p.verb() == "*")
                .map(|q| &q.resource)
                .collect()
        };
        avoid.push(&p.resource);
        let fresh = fresh_literal(&avoid);
        let verb = if p.verb() == "*" {
            // a verb no entry names
            let mut v = String::from("unlisted");
            while self.items.iter().any(|q| q.verb() == v) {
                // only reached for a `*` verb in a failing check
                v.push('_');
            }
            v
        } else {
            p.verb().to_owned()
        };
        Counterexample {
            verb,
            resource: p.resource.instance(len, &fresh),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Permission, PermissionSet};

    /// A grant's entries are found in one forward pass, however far apart: the cursor
    /// gallops over the entries between, and stops on each.
    #[test]
    fn holds_finds_sparse_entries_in_one_pass() {
        let all: Vec<Permission> = (0..200)
            .map(|i| format!("read:t{i:03}/x").parse().unwrap())
            .collect();
        let set = PermissionSet::from(all.clone());
        let mut at = 0;
        for (i, p) in all.iter().enumerate().filter(|(i, _)| i % 37 == 5) {
            assert!(set.holds(&mut at, None, p), "{p}");
            assert_eq!(at, i + 1, "the cursor stops just past {p}");
        }
        let absent: Permission = "read:t999/x".parse().unwrap();
        assert!(!set.holds(&mut at, None, &absent));
    }
}
