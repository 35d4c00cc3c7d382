//! A set's first check without its trie: each permission of a sorted grant is looked for
//! among the few entries of the set next to its own sorted place, where an entry including
//! it usually is (the same entry, or one a segment wider). Found there, it is included;
//! not found, the caller asks the compiled set, which decides. So the answer is always the
//! compiled set's, and a set checked once, whose grant its neighbours cover, never builds
//! its trie.

use super::text::common_prefix;
use super::verb::Permission;

/// How many entries from the permission's sorted place on (it included) are asked.
const AHEAD: usize = 4;
/// How many entries before its sorted place are asked.
const BACK: usize = 2;
/// How many more misses than a quarter of the hits the walk allows before it stops asking
/// (a set whose including entries are not neighbours is better served by its trie).
const SLACK: usize = 16;

/// A cursor over a set's sorted entries for a sorted grant's permissions taken in turn.
#[derive(Debug, Clone)]
pub(super) struct Near<'s> {
    items: &'s [Permission],
    /// The sorted place of the last permission whose place was sought: the first entry not
    /// below it.
    at: usize,
    /// The entry that included the last permission found, if one did.
    last: Option<usize>,
    hits: usize,
    misses: usize,
}

impl<'s> Near<'s> {
    /// A cursor at the start of `items` (sorted).
    pub(super) fn new(items: &'s [Permission]) -> Near<'s> {
        Near {
            items,
            at: 0,
            last: None,
            hits: 0,
            misses: 0,
        }
    }

    /// Whether the walk still asks (it stops when its neighbours rarely include).
    #[inline]
    pub(super) fn asking(&self) -> bool {
        self.misses <= SLACK + self.hits / 4
    }

    /// Whether an entry next to `p`'s sorted place includes `p` (`p` not below the last
    /// permission asked for). `true` proves that the set covers `p`; `false` proves nothing.
    #[inline]
    pub(super) fn includes(&mut self, p: &Permission) -> bool {
        // the entry after the one that included the last permission: the next permission
        // of a grant the ceiling matches entry for entry (or segment for segment) is
        // usually inside it, and no place need be sought
        let next = self.last.map(|l| l + 1);
        if let Some(n) = next {
            if self.items.get(n).is_some_and(|q| within(p, q)) {
                self.last = next;
                self.hits += 1;
                return true;
            }
        }
        let rest = self.items.get(self.at..).unwrap_or_default();
        // the first entry not below p: gallop, then search the last step (the entry ending
        // it is not below p)
        let mut found = 0;
        if rest.first().is_some_and(|q| q < p) {
            let (mut lo, mut step) = (1, 2);
            while rest.get(step - 1).is_some_and(|q| q < p) {
                lo = step;
                step *= 2;
            }
            let hi = (step - 1).min(rest.len());
            found = lo
                + rest
                    .get(lo..hi)
                    .unwrap_or_default()
                    .partition_point(|q| q < p);
        }
        self.at += found;
        let ahead = (self.at..self.items.len()).take(AHEAD);
        let back = (self.at.saturating_sub(BACK)..self.at).rev();
        let hit = ahead
            .chain(back)
            .filter(|&i| Some(i) != next)
            .find(|&i| self.items.get(i).is_some_and(|q| within(p, q)));
        if hit.is_some() {
            self.last = hit;
            self.hits += 1;
        } else {
            self.misses += 1;
        }
        hit.is_some()
    }
}

/// [`Permission::is_within`] read from the two texts: the verbs equal or `q`'s `*`, and
/// `p`'s pattern inside `q`'s.
#[inline]
pub(super) fn within(p: &Permission, q: &Permission) -> bool {
    let (a, b) = (p.bytes(), q.bytes());
    let k = common_prefix(a, b);
    if k < q.resource.start() && b.first() == Some(&b'*') && a.first() != Some(&b'*') {
        // `q`'s verb `*` (the only `*` a verb holds), `p`'s another: the patterns decide
        let (a, b) = (p.resource.as_bytes(), q.resource.as_bytes());
        return differing(a, b, common_prefix(a, b));
    }
    differing(a, b, k)
}

/// Whether `p` is inside `q` (two permission texts, or two patterns), given that their
/// first `k` bytes are the same (and the next differ): a verb is inside only the same verb.
///
/// The segments before byte `k` are the same text in both, so each is inside its
/// counterpart (a `*` among them is not the last segment of either). Byte `k` decides most
/// pairs at once: there `q` must have a `*` segment, or end with a trailing `*` where `p`
/// has more segments; anything else (a literal byte, a separator, `q`'s end elsewhere) is a
/// verb or literal of `q` that `p` does not have, or a segment `p` lacks.
#[inline]
fn differing(p: &[u8], q: &[u8], k: usize) -> bool {
    match (p.get(k), q.get(k)) {
        (None, None) => true,
        (Some(b'/'), None) => q.last() == Some(&b'*'),
        (_, Some(b'*')) => star(p, q, k, k),
        _ => false,
    }
}

/// Whether the segments of `p` from byte `i` on are inside those of `q` from byte `j` on,
/// where `q` has a `*` segment (`i` starts a segment of `p`, or is at or past its end).
///
/// A trailing `*` of `q` needs one more segment of `p`, of any kind; a middle `*` needs a
/// segment of `p` (were it `p`'s trailing `*`, `p` would have none for `q`'s next
/// segment), and the texts after the two segments decide as [`differing`] does.
fn star(p: &[u8], q: &[u8], mut i: usize, mut j: usize) -> bool {
    loop {
        if j + 1 >= q.len() {
            return i < p.len();
        }
        if i >= p.len() {
            return false;
        }
        // past p's segment, and past q's `*/`
        i = segment_end(p, i) + 1;
        j += 2;
        let (pr, qr) = (
            p.get(i..).unwrap_or_default(),
            q.get(j..).unwrap_or_default(),
        );
        let k = common_prefix(pr, qr);
        match (pr.get(k), qr.get(k)) {
            (None, None) => return true,
            (Some(b'/'), None) => return qr.last() == Some(&b'*'),
            (_, Some(b'*')) => {
                i += k;
                j += k;
            }
            _ => return false,
        }
    }
}

/// Where the segment starting at `at` ends in `s`: its next `/`, or the end.
#[inline]
fn segment_end(s: &[u8], at: usize) -> usize {
    s.get(at..)
        .and_then(|rest| rest.iter().position(|&b| b == b'/'))
        .map_or(s.len(), |k| at + k)
}

#[cfg(test)]
mod tests {
    use super::{within, Near};
    use crate::permission::{Permission, PermissionSet};

    /// Patterns of every shape the segment walk reads: literals that are prefixes of one
    /// another, `*` in the middle and at the end, bare `*`, one to four segments.
    fn patterns() -> Vec<String> {
        let segs = ["a", "ab", "b", "*"];
        let mut out = vec!["*".to_owned()];
        let mut level: Vec<String> = vec![String::new()];
        for _ in 0..4 {
            let mut next = Vec::new();
            for base in &level {
                for s in segs {
                    let t = if base.is_empty() {
                        s.to_owned()
                    } else {
                        format!("{base}/{s}")
                    };
                    out.push(t.clone());
                    next.push(t);
                }
            }
            level = next;
        }
        out.sort();
        out.dedup();
        out
    }

    /// The text walk answers exactly as `is_within`, on every pair of patterns of up to four
    /// segments and with verbs equal, different and `*`.
    #[test]
    fn the_text_walk_is_inclusion() {
        let pats = patterns();
        let perms: Vec<Permission> = ["read", "reads", "*"]
            .iter()
            .flat_map(|v| pats.iter().map(move |p| Permission::new(v, p).unwrap()))
            .collect();
        let mut yes = 0;
        for p in &perms {
            for q in &perms {
                let want = p.is_within(q);
                assert_eq!(within(p, q), want, "{p} within {q}");
                yes += usize::from(want);
            }
        }
        // both answers are common
        assert!(yes > 1000 && yes < perms.len() * perms.len() / 2, "{yes}");
    }

    /// A `true` from the cursor is always an including entry, on sorted grants taken in turn
    /// against many sets; and the usual submission (each entry of the grant one segment
    /// narrower than an entry of the ceiling) is found every time.
    #[test]
    fn the_cursor_only_finds_including_entries() {
        let pats = patterns();
        let all: Vec<Permission> = ["read", "*"]
            .iter()
            .flat_map(|v| pats.iter().map(move |p| Permission::new(v, p).unwrap()))
            .collect();
        let mut next = crate::permission::draws(0x9e37_79b9_7f4a_7c15_u64);
        for _ in 0..300 {
            let pick = |n: usize, next: &mut dyn FnMut(usize) -> usize| -> PermissionSet {
                (0..n).map(|_| all[next(all.len())].clone()).collect()
            };
            let set = pick(1 + next(40), &mut next);
            let grant = pick(1 + next(40), &mut next);
            let mut near = Near::new(&set.items);
            for p in grant.iter() {
                if near.includes(p) {
                    assert!(set.covers(p), "{p} in {set}");
                }
            }
        }
        let grant: PermissionSet = (0..600)
            .map(|i| {
                format!("read:t-{}/orders/r{}/*", i / 4, i % 4)
                    .parse::<Permission>()
                    .unwrap()
            })
            .collect();
        let ceiling: PermissionSet = (0..600)
            .map(|i| {
                format!("read:t-{}/*/r{}/*", i / 4, i % 4)
                    .parse::<Permission>()
                    .unwrap()
            })
            .collect();
        let mut near = Near::new(&ceiling.items);
        assert!(grant.iter().all(|p| near.includes(p)));
    }

    /// A check answers the same, violations, counterexamples and their order, whether its
    /// ceiling was compiled before (the trie decides every permission) or not (neighbours
    /// first): on random grants, ceilings and denials, with the grant proposed unchanged or
    /// not.
    #[test]
    fn a_first_check_answers_as_a_compiled_one() {
        use crate::permission::{check, BoundaryCheck, Catalog};
        use crate::MigrationKind;
        let pats = patterns();
        let all: Vec<Permission> = ["read", "write", "*"]
            .iter()
            .flat_map(|v| pats.iter().map(move |p| Permission::new(v, p).unwrap()))
            .collect();
        // bounded entries, and entries one of whose `*` segments is narrowed to a literal
        let bounded: Vec<&Permission> = all.iter().filter(|p| !p.is_unbounded()).collect();
        let narrowed = |p: &Permission| -> Permission {
            let text = p.resource().to_string();
            let verb = if p.verb() == "*" { "read" } else { p.verb() };
            let narrow = match text.rfind('*') {
                Some(0) | None => text,
                Some(k) => format!("{}ab{}", &text[..k], &text[k + 1..]),
            };
            Permission::new(verb, &narrow).unwrap()
        };
        let mut next = crate::permission::draws(0x2545_f491_4f6c_dd1d_u64);
        let catalog = Catalog::default();
        let (mut refused, mut near_only) = (0, 0);
        for round in 0..400 {
            let mut pick = |n: usize, from: &[&Permission]| -> Vec<Permission> {
                (0..n).map(|_| from[next(from.len())].clone()).collect()
            };
            let any: Vec<&Permission> = all.iter().collect();
            let ceiling_items = pick(1 + round % 60, &any);
            // grants mostly inside the ceiling: entries of it, and entries under them
            let mut grant_items = pick(round % 3, &bounded);
            grant_items.extend(ceiling_items.iter().step_by(2).map(narrowed));
            grant_items.extend(ceiling_items.iter().skip(1).step_by(3).cloned());
            grant_items.retain(|p| !p.is_unbounded());
            let current = PermissionSet::from(pick(round % 5, &any));
            let deny = PermissionSet::from(pick(round % 2, &bounded));
            let proposed = PermissionSet::from(grant_items);
            let compiled = PermissionSet::from(ceiling_items.clone());
            compiled.trie();
            for unchanged in [false, true] {
                let fresh = PermissionSet::from(ceiling_items.clone());
                let current = if unchanged { &proposed } else { &current };
                let kind = MigrationKind::PermissionRestructuring;
                let a = check(
                    &BoundaryCheck::migration(current, &proposed, &fresh, kind, &catalog)
                        .deny(&deny),
                );
                let b = check(
                    &BoundaryCheck::migration(current, &proposed, &compiled, kind, &catalog)
                        .deny(&deny),
                );
                assert_eq!(a, b, "{proposed} in {compiled}");
                refused += usize::from(!a.allowed());
                near_only += usize::from(!fresh.trie_built());
                // checked again, the set is compiled, and answers the same
                let c = check(
                    &BoundaryCheck::migration(current, &proposed, &fresh, kind, &catalog)
                        .deny(&deny),
                );
                assert!(proposed.is_empty() || fresh.trie_built());
                assert_eq!(a, c);
            }
        }
        // both verdicts, and checks the neighbours decided alone
        assert!(refused > 50 && refused < 750, "{refused}");
        assert!(near_only > 20, "{near_only}");
    }
}
