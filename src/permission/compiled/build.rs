//! Building the compiled forms of a set from its sorted entries: the [`Flat`] array of
//! fingerprints, and the [`Trie`] in one pass, with no map.
//!
//! The entries are sorted by verb, then segment by segment (see `Permission`'s `Ord`), so the
//! entries whose paths pass through a node are contiguous: each entry shares with the one
//! before it exactly the nodes it shares with any earlier entry, and the builder makes the
//! rest. A node is therefore made once, without looking its literal up anywhere; the trie is
//! built from the set's flat form, so no text is read but that of hashed literals.

use super::{slot, table_mask, TAIL_WORD};
use super::{Flat, Node, Slot, Span, Trie, EMPTY_SLOT, EXACT, HAS_LIT, NONE, ONE_WORD, ROOT, TAIL};
use crate::permission::pattern::Seg;
use crate::permission::text::{fingerprint, push_words, shared_tokens, HASHED};
use crate::permission::verb::Permission;

impl Flat {
    /// The flat form of `items`; empty (and so never used) if it cannot be numbered.
    ///
    /// The entries are sorted, so each usually shares its first tokens with the one before
    /// (its verb, its first segments): their words are kept, and only the rest of its text
    /// is read (see [`Words`]).
    pub(in crate::permission) fn build(items: &[Permission]) -> Flat {
        let mut stepper = Words::default();
        Flat::fill(items, |p, words| {
            words.extend_from_slice(stepper.next(p));
        })
    }

    /// [`Flat::build`] with the fingerprints `fp` gives (tests forge collisions with it).
    #[cfg(test)]
    pub(super) fn build_with(items: &[Permission], fp: impl Fn(&str) -> u64) -> Flat {
        Flat::fill(items, |p, words| {
            words.push(fp(p.verb()));
            words.extend(p.resource.segs().map(|s| match s {
                Seg::Lit(l) => fp(l),
                Seg::One => ONE_WORD,
            }));
            if p.resource.tail() {
                words.push(TAIL_WORD);
            }
        })
    }

    /// The flat form of `items`, `push` appending each entry's words.
    fn fill<'p>(
        items: &'p [Permission],
        mut push: impl FnMut(&'p Permission, &mut Vec<u64>),
    ) -> Flat {
        let mut f = Flat {
            // a verb and about four segments each
            words: Vec::with_capacity(items.len().saturating_mul(5)),
            starts: Vec::with_capacity(items.len() + 1),
            packed: false,
        };
        for p in items {
            let Ok(start) = u32::try_from(f.words.len()) else {
                return Flat::EMPTY;
            };
            f.starts.push(start);
            push(p, &mut f.words);
        }
        match u32::try_from(f.words.len()) {
            Ok(end) => f.starts.push(end),
            Err(_) => return Flat::EMPTY,
        }
        f.words.shrink_to_fit();
        f.packed = f.words.iter().fold(0, |a, w| a | w) & HASHED == 0;
        f
    }
}

/// The words of a sorted list's entries (as [`Flat`] has them), one entry after another, each
/// computed from the one before: the tokens the two texts share, byte for byte and each
/// closed by a separator, keep their words, and only the rest of the text is read.
#[derive(Debug, Default)]
pub(in crate::permission) struct Words<'p> {
    words: Vec<u64>,
    last: &'p [u8],
}

impl<'p> Words<'p> {
    /// The words of `p`, the entry after the last one asked for.
    #[inline]
    pub(in crate::permission) fn next(&mut self, p: &'p Permission) -> &[u64] {
        let bytes = p.bytes();
        let (from, tokens) = shared_tokens(self.last, bytes);
        if self.words.capacity() == 0 {
            // a verb and a handful of segments, mostly
            self.words.reserve(16);
        }
        self.words.truncate(tokens);
        push_words(bytes, p.resource.start(), from, &mut self.words);
        self.last = bytes;
        &self.words
    }
}

/// The words of an entry's path from the root: its verb's, then its segments' before a
/// trailing `*`.
fn path(words: &[u64]) -> &[u64] {
    let tail = words.len() > 1 && words.last() == Some(&TAIL_WORD);
    words
        .get(..words.len() - usize::from(tail))
        .unwrap_or_default()
}

/// The text of step `i` of `p`'s path (its verb, then its segments).
fn step_text(p: &Permission, i: usize) -> &str {
    match i.checked_sub(1) {
        None => p.verb(),
        Some(i) => match p.resource.segs().nth(i) {
            Some(Seg::Lit(l)) => l,
            _ => "*",
        },
    }
}

/// How many steps of its path `p` (whose path words are `b`) shares with `q`'s (whose
/// steps are `a`, each a word and its node): equal words, and for hashed ones equal text.
fn shared(q: &Permission, a: &[(u64, u32)], p: &Permission, b: &[u64]) -> usize {
    a.iter()
        .zip(b)
        .enumerate()
        .take_while(|&(i, (&(x, _), &y))| {
            x == y && (x & HASHED == 0 || step_text(q, i) == step_text(p, i))
        })
        .count()
}

/// The trie while it is built: its nodes, and its literal edges in the order made.
struct Builder {
    nodes: Vec<Node>,
    spans: Vec<Span>,
    /// Every literal edge `(parent, fingerprint, child)`, in the order made.
    list: Vec<(u32, u64, u32)>,
    /// The literals whose fingerprints are hashes, back to back (a packed fingerprint is its
    /// literal).
    text: String,
}

impl Builder {
    /// A new node, if it can be numbered.
    fn new_node(&mut self, span: Span) -> Option<u32> {
        let id = u32::try_from(self.nodes.len()).ok().filter(|&i| i < NONE)?;
        self.nodes.push(ROOT);
        self.spans.push(span);
        Some(id)
    }

    /// The `*` child of `node`, made if missing.
    fn one_child(&mut self, node: u32) -> Option<u32> {
        let one = self.nodes.get(node as usize)?.one;
        if one != NONE {
            return Some(one);
        }
        let child = self.new_node(Span::default())?;
        self.nodes.get_mut(node as usize)?.one = child;
        Some(child)
    }

    /// A new child of `node` along the literal `text()` (no entry before made it), whose
    /// fingerprint is `fp`; the text is kept only for a hashed fingerprint.
    fn lit_child<'t>(&mut self, node: u32, fp: u64, text: impl FnOnce() -> &'t str) -> Option<u32> {
        let span = if fp & HASHED == 0 {
            Span::default()
        } else {
            let text = text();
            let start = u32::try_from(self.text.len()).ok()?;
            let len = u32::try_from(text.len()).ok()?;
            start.checked_add(len)?;
            self.text.push_str(text);
            Span { start, len }
        };
        let child = self.new_node(span)?;
        self.list.push((node, fp, child));
        // until `finish`, a node's `kids` counts its literal children
        let parent = self.nodes.get_mut(node as usize)?;
        parent.kids = parent.kids.checked_add(1)?;
        Some(child)
    }

    /// Lays every node's literal children out in a table of its own, in node order.
    fn finish(mut self) -> Option<Trie> {
        // children per parent (counted in `kids` as they were made), then each parent's table
        let mut len = 0usize;
        for node in &mut self.nodes {
            let n = node.kids;
            if n == 0 {
                continue;
            }
            // at most half full
            let size = (u64::from(n) * 2).next_power_of_two();
            node.kids = u32::try_from(len).ok()?;
            node.shift = u8::try_from(64 - size.trailing_zeros()).ok()?;
            node.flags |= HAS_LIT;
            len = len.checked_add(usize::try_from(size).ok()?)?;
        }
        u32::try_from(len).ok()?;
        let mut slots = vec![EMPTY_SLOT; len];
        for &(parent, fp, child) in &self.list {
            let node = self.nodes.get(parent as usize)?;
            let (base, mask) = (node.kids as usize, table_mask(node.shift));
            let filled = Slot {
                fp,
                child,
                node: *self.nodes.get(child as usize)?,
            };
            let mut i = slot(fp, node.shift);
            loop {
                let s = slots.get_mut(base + i)?;
                if s.child == NONE {
                    *s = filled;
                    break;
                }
                i = (i + 1) & mask;
            }
        }
        let mut t = Trie {
            nodes: self.nodes,
            spans: self.spans,
            slots,
            text: self.text,
            wild: NONE,
            usable: true,
        };
        t.wild = t.edge(0, fingerprint("*"), "*").map_or(NONE, |s| s.child);
        t.text.shrink_to_fit();
        Some(t)
    }
}

/// Where [`Trie::compile`] reads the entries' words: entry `i`, `p`.
trait Source<'p> {
    fn words(&mut self, i: usize, p: &'p Permission) -> Option<&[u64]>;
}

/// From the entries' texts, one after another.
impl<'p> Source<'p> for Words<'p> {
    #[inline]
    fn words(&mut self, _: usize, p: &'p Permission) -> Option<&[u64]> {
        Some(self.next(p))
    }
}

/// From a flat form.
#[cfg(test)]
impl Source<'_> for &Flat {
    fn words(&mut self, i: usize, _: &Permission) -> Option<&[u64]> {
        self.entry(i)
    }
}

impl Trie {
    /// Compiles `items`, sorted and without repeats, straight from their texts.
    pub(in crate::permission) fn build(items: &[Permission]) -> Trie {
        if items.is_empty() {
            return Trie::EMPTY;
        }
        Trie::compile(items, Words::default()).unwrap_or_else(Trie::unusable)
    }

    /// [`Trie::build`] with the literals' fingerprints given by `fp` (tests forge
    /// collisions with it).
    #[cfg(test)]
    pub(super) fn build_with(items: &[Permission], fp: impl Fn(&str) -> u64) -> Trie {
        let flat = Flat::build_with(items, fp);
        Trie::compile(items, &flat).unwrap_or_else(Trie::unusable)
    }

    fn compile<'p>(items: &'p [Permission], mut source: impl Source<'p>) -> Option<Trie> {
        // about two nodes per entry in a large set; a small one has more verbs per entry
        let room = items.len().saturating_mul(2).saturating_add(32);
        let mut b = Builder {
            nodes: Vec::with_capacity(room),
            spans: Vec::with_capacity(room),
            list: Vec::with_capacity(room),
            text: String::new(),
        };
        b.new_node(Span::default())?;
        // the last entry, and its path: each step's word and the node it leads to
        let mut last: Option<&Permission> = None;
        let mut steps: Vec<(u64, u32)> = Vec::with_capacity(16);
        for (i, p) in items.iter().enumerate() {
            let words = path(source.words(i, p)?);
            let keep = last.map_or(0, |q| shared(q, &steps, p, words));
            steps.truncate(keep);
            let mut node = steps.last().map_or(0, |s| s.1);
            for (step, &w) in words.iter().enumerate().skip(keep) {
                node = if step > 0 && w == ONE_WORD {
                    b.one_child(node)
                } else {
                    b.lit_child(node, w, || step_text(p, step))
                }?;
                steps.push((w, node));
            }
            let flag = if p.resource.tail() { TAIL } else { EXACT };
            b.nodes.get_mut(node as usize)?.flags |= flag;
            last = Some(p);
        }
        b.finish()
    }

    fn unusable() -> Trie {
        Trie {
            usable: false,
            ..Trie::EMPTY
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Own;
    use super::*;
    use crate::permission::text::BASE;
    use crate::permission::PermissionSet;

    /// Literals sharing a long prefix (packed fingerprints differing only in their high bits)
    /// still spread over the table: probes stay short, so a walk's cost does not grow.
    #[test]
    fn similar_literals_spread_over_the_table() {
        let items: Vec<Permission> = (0..4096)
            .map(|i| Permission::new("read", &format!("tenant-{i}/orders/x{}/*", i % 7)).unwrap())
            .collect();
        let set = PermissionSet::from(items);
        let t = set.trie();
        let (mut total, mut worst, mut n) = (0, 0, 0);
        for node in t.nodes.iter().filter(|node| node.flags & HAS_LIT != 0) {
            let (base, len) = (node.kids as usize, table_mask(node.shift) + 1);
            let table = &t.slots[base..base + len];
            let taken = table.iter().filter(|s| s.child != NONE).count();
            assert!(taken * 2 <= len, "a table more than half full");
            for (i, s) in table.iter().enumerate().filter(|(_, s)| s.child != NONE) {
                let d = (i + len - slot(s.fp, node.shift)) & (len - 1);
                total += d;
                worst = worst.max(d);
                n += 1;
            }
        }
        // every literal edge is in its parent's table: a verb, then per tenant the tenant,
        // `orders` and its `x` literal
        assert_eq!(n, 1 + 4096 + 4096 + 4096);
        assert!(
            total * 2 < n,
            "mean displacement {}",
            total as f64 / n as f64
        );
        assert!(worst < 32, "worst displacement {worst}");
    }

    /// Packed fingerprints are exact; hashed ones are marked.
    #[test]
    fn short_literals_are_packed_exactly() {
        assert_eq!(fingerprint("ab"), 37 + 38 * BASE);
        assert_ne!(fingerprint("tenant-99"), fingerprint("tenant-98"));
        assert_eq!(fingerprint("tenant-100") & HASHED, 0);
        assert_eq!(fingerprint("zzzzzzzzzz") & HASHED, 0);
        assert_eq!(fingerprint("tenant-1000") & HASHED, HASHED);
        // every literal of up to two characters (and `*`) gets its own packed fingerprint
        let chars: Vec<char> = ('0'..='9')
            .chain('A'..='Z')
            .chain('a'..='z')
            .chain("-_.".chars())
            .collect();
        let mut texts: Vec<String> = vec!["*".into()];
        for &a in &chars {
            texts.push(a.to_string());
            texts.extend(chars.iter().map(|&b| format!("{a}{b}")));
        }
        let fps: std::collections::HashSet<u64> = texts.iter().map(|t| fingerprint(t)).collect();
        assert_eq!(fps.len(), texts.len());
        assert!(fps.iter().all(|fp| fp & HASHED == 0));
    }

    /// Two granted literals forced to share a fingerprint under one parent each get their
    /// own child, and each walk finds its own.
    #[test]
    fn literals_sharing_a_fingerprint_stay_apart() {
        let fp = fingerprint("aaaaaaaaaaa");
        let forge = |t: &str| {
            if t.len() == 11 {
                fp
            } else {
                fingerprint(t)
            }
        };
        let set: PermissionSet = "read:aaaaaaaaaaa/x, read:bbbbbbbbbbb/y".parse().unwrap();
        let t = Trie::build_with(&set.items, forge);
        let walk = |text: &str| {
            let p: Permission = text.parse().unwrap();
            t.includes(&Own::with(&p, forge))
        };
        assert_eq!(walk("read:aaaaaaaaaaa/x"), Some(true));
        assert_eq!(walk("read:bbbbbbbbbbb/y"), Some(true));
        assert_eq!(walk("read:aaaaaaaaaaa/y"), Some(false));
        assert_eq!(walk("read:bbbbbbbbbbb/x"), Some(false));
        assert_eq!(walk("read:ccccccccccc/x"), Some(false));
    }

    /// The one-pass words are the fingerprints of the verb and segments, `*` and a trailing
    /// `*` included, short literals and long.
    #[test]
    fn one_pass_words_are_the_fingerprints() {
        let set: PermissionSet = "read:a/*/bbbbbbbbbbbb/*, *:*, write-all-of-it:x, a:B.c-d_e/*/f"
            .parse()
            .unwrap();
        let (fast, slow) = (
            Flat::build(&set.items),
            Flat::build_with(&set.items, fingerprint),
        );
        assert_eq!(fast.words, slow.words);
        assert_eq!(fast.starts, slow.starts);
        assert_eq!(fast.packed, slow.packed);
    }

    /// Words copied from the entry before (the tokens the two share) are the words the entry
    /// has: on sorted sets whose neighbours share verbs, segments, parts of segments, `*`
    /// and trailing `*`.
    #[test]
    fn shared_words_are_the_fingerprints() {
        let mut texts = Vec::new();
        for verb in ["*", "r", "read", "reads", "read-all-of-it"] {
            for first in ["a", "ab", "tenant-10", "tenant-100", "tenant-1000", "*"] {
                for rest in [
                    "",
                    "/*",
                    "/x",
                    "/x/*",
                    "/*/y",
                    "/bbbbbbbbbbbb/*",
                    "/bbbbbbbbbbbc",
                ] {
                    texts.push(format!("{verb}:{first}{rest}"));
                }
            }
        }
        let set: PermissionSet = texts.join(", ").parse().unwrap();
        let (fast, slow) = (
            Flat::build(&set.items),
            Flat::build_with(&set.items, fingerprint),
        );
        assert_eq!(fast.words, slow.words);
        assert_eq!(fast.starts, slow.starts);
    }
}
