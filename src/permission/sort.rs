//! Sorting a list of permissions into a set's order: a short list by comparisons, a long one
//! as numbers (see [`sort`]).

use super::text::{common_prefix, sort_key};
use super::verb::Permission;

/// Sorts `items` in their order, and says whether repeats may be left (to drop). Equal
/// entries are the same text, so an unstable sort orders them as a stable one.
///
/// A long list is sorted as numbers, and the entries moved once at the end: each entry is
/// counted into its verb's bucket (buckets in the verbs' order), then keyed by the ranks of
/// twelve bytes of its pattern past those every pattern of the list starts with, and its
/// position (an entry below another of its verb never has a larger key); a bucket is sorted
/// as integers, and only entries whose keys tie are compared as texts. A list of very many
/// verbs is one bucket, keyed by the first twelve ranks of its texts.
pub(super) fn sort(items: &mut [Permission]) -> bool {
    if items.len() <= 32 {
        items.sort_unstable();
        return true;
    }
    let (mut keyed, buckets) = keys(items);
    let mut rest = keyed.as_mut_slice();
    // equal entries have equal keys: only a run of tied keys can hold repeats
    let mut repeats = false;
    for len in buckets {
        let (bucket, more) = rest.split_at_mut(len.min(rest.len()));
        bucket.sort_unstable();
        for tied in bucket.chunk_by_mut(|a, b| a >> 32 == b >> 32) {
            if tied.len() > 1 {
                let entry = |k: u128| items.get(position(k));
                tied.sort_unstable_by(|&a, &b| match (entry(a), entry(b)) {
                    (Some(p), Some(q)) => p.cmp(q),
                    _ => a.cmp(&b),
                });
                repeats |= tied.windows(2).any(|w| match w {
                    [a, b] => entry(*a) == entry(*b),
                    _ => false,
                });
            }
        }
        rest = more;
    }
    // the entries moved into their places in place, cycle by cycle: the entry for place `j`
    // is at `position(keyed[j])`, and a place filled is marked with its own position
    for i in 0..keyed.len() {
        let mut j = i;
        loop {
            let k = keyed.get(j).map_or(i, |&key| position(key));
            if let Some(key) = keyed.get_mut(j) {
                *key = j as u128;
            }
            if k == i || k == j {
                break;
            }
            items.swap(j, k);
            j = k;
        }
    }
    repeats
}

/// The position a sort key carries in its low 32 bits.
#[inline]
fn position(key: u128) -> usize {
    // the low 32 bits: the cast keeps exactly them
    #[allow(clippy::cast_possible_truncation)]
    let i = key as u32;
    i as usize
}

/// Most distinct verbs a list is bucketed by.
const VERBS: usize = 64;

/// A verb of up to eight bytes as one number (its bytes, read from its permission's text
/// when that is at least eight bytes long): equal numbers are equal verbs.
#[inline]
fn verb_word(p: &Permission) -> Option<u64> {
    let len = p.resource.start().checked_sub(1)?;
    let word = u64::from_le_bytes(*p.bytes().first_chunk::<8>()?);
    match len {
        8 => Some(word),
        0..8 => Some(word & ((1u64 << (8 * len)) - 1)),
        _ => None,
    }
}

/// The sort keys of `items` (see [`sort`]), bucket after bucket, and the buckets' lengths.
fn keys(items: &[Permission]) -> (Vec<u128>, Vec<usize>) {
    // the bytes every pattern starts with, which no comparison needs to read
    let first = items
        .first()
        .map(|p| p.resource.as_bytes())
        .unwrap_or_default();
    let mut common = first.len();
    for p in items {
        if common == 0 {
            break;
        }
        common = common.min(common_prefix(first, p.resource.as_bytes()));
    }
    // first each entry's verb, then (counted into the buckets) each entry's key
    let mut leads: Vec<u8> = Vec::with_capacity(items.len());
    let mut verbs: Vec<(Option<u64>, &[u8])> = Vec::new();
    let mut last = 0usize;
    for p in items {
        let (word, verb) = (verb_word(p), p.verb_bytes());
        let same = |v: &(Option<u64>, &[u8])| match (v.0, word) {
            (Some(a), Some(b)) => a == b,
            _ => v.1 == verb,
        };
        let at = if verbs.get(last).is_some_and(same) {
            last
        } else if let Some(at) = verbs.iter().position(same) {
            at
        } else if verbs.len() < VERBS {
            verbs.push((word, verb));
            verbs.len() - 1
        } else {
            let one = items
                .iter()
                .zip(0u32..)
                .map(|(p, i)| {
                    let ranks = sort_key(p.bytes(), p.resource.start());
                    (ranks & !u128::from(u32::MAX)) | u128::from(i)
                })
                .collect();
            return (one, vec![items.len()]);
        };
        last = at;
        leads.push(u8::try_from(at).unwrap_or(u8::MAX));
    }
    // the verbs' ranks among themselves, in place of their places in `verbs`
    let mut by_text: Vec<usize> = (0..verbs.len()).collect();
    by_text.sort_unstable_by_key(|&v| verbs.get(v).map(|v| v.1).unwrap_or_default());
    let mut rank = [0usize; VERBS];
    for (r, &v) in by_text.iter().enumerate() {
        if let Some(slot) = rank.get_mut(v) {
            *slot = r;
        }
    }
    // a counting sort into the buckets
    let mut lens = vec![0usize; verbs.len()];
    for &l in &leads {
        if let Some(n) = rank.get(usize::from(l)).and_then(|&r| lens.get_mut(r)) {
            *n += 1;
        }
    }
    let mut next = [0usize; VERBS];
    let mut at = 0;
    for (slot, &n) in next.iter_mut().zip(&lens) {
        *slot = at;
        at += n;
    }
    let mut out = vec![0u128; items.len()];
    for ((&l, p), i) in leads.iter().zip(items).zip(0u32..) {
        let r = rank.get(usize::from(l)).copied().unwrap_or_default();
        if let Some(slot) = next.get_mut(r) {
            if let Some(o) = out.get_mut(*slot) {
                *o = p.resource.key(common) | u128::from(i);
            }
            *slot += 1;
        }
    }
    (out, lens)
}

#[cfg(test)]
mod tests {
    use super::super::set::PermissionSet;
    use super::Permission;

    /// A long list is sorted by keys as a short one is by comparisons: the same entries in
    /// the same order, repeats dropped; on lists sharing prefixes of every length, with `*`
    /// segments, trailing `*`, short texts, long verbs and many verbs.
    #[test]
    fn keyed_sorting_agrees_with_the_order() {
        let verbs = [
            "read",
            "re",
            "reads",
            "*",
            "a",
            "write",
            "delete-all-of",
            "delete-all-ofs",
            "x.y",
        ];
        let segs = [
            "a",
            "ab",
            "b",
            "*",
            "tenant-1",
            "tenant-10",
            "tenant-100",
            "tenant-1000",
            "tenant-10000",
            "A",
            "_",
            "-",
            ".",
            "z9",
            "orders",
        ];
        let mut next = crate::permission::draws(0x9e37_79b9_7f4a_7c15_u64);
        for round in 0..400 {
            // short lists (sorted by comparisons) and long ones (as numbers)
            let len = if round % 3 == 0 {
                next(33)
            } else {
                33 + next(200)
            };
            // a common first segment for some lists, and many verbs for some
            let lead = ["", "tenant-", "orders/", "orders/eu/"][round % 4];
            let many = round % 7 == 0;
            let items: Vec<Permission> = (0..len)
                .map(|_| {
                    let verb = if many {
                        format!("v{}", next(100))
                    } else {
                        verbs[next(verbs.len())].to_owned()
                    };
                    let n = 1 + next(4);
                    let mut pattern: Vec<&str> = (0..n).map(|_| segs[next(segs.len())]).collect();
                    if next(3) == 0 {
                        pattern.push("*");
                    }
                    let mut text = pattern.join("/");
                    if !lead.is_empty() && next(8) != 0 {
                        let first = if lead == "tenant-" {
                            format!("tenant-{}", next(300))
                        } else {
                            lead.trim_end_matches('/').to_owned()
                        };
                        text = format!("{first}/{text}");
                    }
                    Permission::new(&verb, &text).unwrap()
                })
                .collect();
            let mut want = items.clone();
            want.sort_unstable();
            want.dedup();
            let got: Vec<Permission> = PermissionSet::from(items).into();
            assert_eq!(got, want, "round {round}");
        }
    }
}
