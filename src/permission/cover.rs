//! Whether a set reaches a permission: the compiled walk first, then the exact search over
//! several entries, which also finds the counterexample.

use super::boundary::Counterexample;
use super::compiled::{same_entry, Walked, Walker};
use super::pattern::{ResourcePattern, Seg};
use super::set::PermissionSet;
use super::verb::Permission;

/// A literal no pattern uses, to build counterexamples a person reads at once: `example`,
/// or `example-2`, `example-3`, … when a pattern names it.
fn fresh_literal(avoid: &[&ResourcePattern]) -> String {
    let used = |s: &str| {
        avoid.iter().any(|p| {
            p.segs
                .iter()
                .any(|g| matches!(g, Seg::Lit(l, _) if **l == *s))
        })
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
    /// Whether some entry of `self` covers `p` restricted to resources of `len` segments.
    fn covers_at_len<'a>(&'a self, p: &'a Permission, len: usize) -> Option<&'a Permission> {
        self.candidates_for(p).find(|q| {
            (q.verb == p.verb || &*q.verb == "*")
                && q.resource.matches_len(len)
                && p.resource.within_at_len(&q.resource, len)
        })
    }

    /// Whether `p` is an entry of `self`, for `p` taken in ascending order: `at` is a cursor
    /// that only moves forward (so a whole grant is matched in one pass) and skips ahead by
    /// galloping when the grants differ.
    /// `words` is `p`'s flat entry in its own set, if it has one.
    pub(super) fn holds(&self, at: &mut usize, words: Option<&[u64]>, p: &Permission) -> bool {
        let rest = self.items.get(*at..).unwrap_or_default();
        let hit = match (words, self.flat().entry(*at), rest.first()) {
            (Some(a), Some(b), Some(q)) => same_entry(a, p, b, q),
            (_, _, Some(q)) => q.same(p),
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
        if rest.get(found).is_some_and(|q| q.same(p)) {
            *at += 1;
            return true;
        }
        false
    }

    /// Whether `p` is reached by `self`, and if not, a concrete `(verb, resource)` of `p`
    /// that `self` does not reach.
    pub(super) fn cover(&self, p: &Permission) -> Result<(), Counterexample> {
        self.cover_walked(&mut Walker::new(self.trie()), p)
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
    #[inline(never)]
    fn cover_slowly(&self, p: &Permission, found: Option<bool>) -> Result<(), Counterexample> {
        match found {
            Some(true) => return Ok(()),
            // no single entry: only several together can cover p
            Some(false) => {}
            // the walk could not tell: try single entries the slow way
            None => {
                // an entry of p's own group (same verb, same first segment), then any entry
                // that could (`*` verbs, bare and `*`-first patterns)
                if self.group(p.key).any(|q| p.is_within(q))
                    || ((self.wild_verb || self.bare || self.one_first)
                        && self.candidates_for(p).any(|q| p.is_within(q)))
                {
                    return Ok(());
                }
            }
        }
        let n = p.resource.segs.len();
        if !p.resource.tail {
            return match self.covers_at_len(p, n) {
                Some(_) => Ok(()),
                None => Err(self.witness(p, n)),
            };
        }
        // lengths n+1.. : check each up to one past the deepest candidate; past that only
        // tails can cover, and a tail that covers one length covers every longer one.
        let deepest = self
            .candidates_for(p)
            .map(|q| q.resource.segs.len() + 1)
            .max()
            .unwrap_or(0);
        let last = (n + 1).max(deepest + 1);
        for len in n + 1..=last {
            if self.covers_at_len(p, len).is_none() {
                return Err(self.witness(p, len));
            }
        }
        Ok(())
    }

    fn witness(&self, p: &Permission, len: usize) -> Counterexample {
        let mut avoid: Vec<&ResourcePattern> =
            self.candidates_for(p).map(|q| &q.resource).collect();
        avoid.push(&p.resource);
        let fresh = fresh_literal(&avoid);
        let verb = if &*p.verb == "*" {
            // a verb no entry names
            let mut v = String::from("unlisted");
            while self.items.iter().any(|q| *q.verb == *v) {
                // only reached for a `*` verb in a failing check
                v.push('_');
            }
            v
        } else {
            p.verb.to_string()
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
