//! The compiled form of a [`PermissionSet`](super::PermissionSet): a trie keyed by verb, then
//! segment, that answers "does one entry of the set include this permission?" in time
//! independent of the set's size.
//!
//! Every set is compiled once, when a check first needs it (see `build`; a ceiling's first
//! check asks the entries next to each permission's sorted place first, see `near`, and
//! compiles the set only for a permission they do not include); a check only walks. The
//! walk hashes no text: each verb and literal segment of a set has a [`fingerprint`] computed
//! once, in the set's [`Flat`] form, and every node keeps its literal children in a small
//! open-addressing table of its own, keyed by fingerprint. Literals of up to ten characters are packed into their
//! fingerprint exactly; a longer literal's fingerprint is a hash that only finds an edge: the
//! edge's literal, kept in one contiguous text arena, is then compared with the permission's,
//! so a collision (even one crafted on purpose) can never make the walk say yes to a
//! permission that is not included.
//!
//! The trie answers single-entry inclusion, which is inclusion (several entries never reach
//! what none reaches alone: see `PermissionSet::covers`). When it says no, the caller builds
//! the counterexample; when a pattern is too deep for the walk's fixed stack (or the set too
//! large to number), it says "don't know" and the caller asks the candidate entries one by
//! one.

mod build;

pub(super) use self::build::Words;

use super::pattern::Seg;
#[cfg(test)]
use super::text::fingerprint;
use super::text::{same_bytes, HASHED};
use super::verb::Permission;

/// No node.
const NONE: u32 = u32::MAX;
/// Some entry ends exactly at this node (no trailing `*`).
const EXACT: u8 = 1;
/// Some entry ends at this node with a trailing `*` (a subtree below it).
const TAIL: u8 = 2;
/// The node has literal children (else a walk need not look them up).
const HAS_LIT: u8 = 4;
/// How many pending `*` branches a walk keeps before it gives up (and the exact search
/// answers instead).
const STACK: usize = 8;

/// The word standing for a `*` segment in a [`Flat`] entry: the fingerprint of `*`, which no
/// literal segment has.
const ONE_WORD: u64 = 66;
/// The word closing a [`Flat`] entry with a trailing `*`: the fingerprint of the empty text,
/// which no verb or literal has.
const TAIL_WORD: u64 = 0;

/// A set's entries as fingerprints, back to back in one array: per entry, the verb's
/// fingerprint, each segment's (`*` as [`ONE_WORD`]), and [`TAIL_WORD`] for a trailing `*`.
/// A check reads it front to back instead of chasing each entry's segments on the heap.
/// Two entries are equal exactly when their words are, and, where a word is a hash, their
/// texts too.
#[derive(Debug, Clone)]
pub(super) struct Flat {
    words: Vec<u64>,
    /// Where each entry starts in `words`, and where the last one ends.
    starts: Vec<u32>,
    /// Whether every word is packed (so equal words mean equal text).
    packed: bool,
}

impl Flat {
    /// The flat form of an empty set.
    pub(in crate::permission) const EMPTY: Flat = Flat {
        words: Vec::new(),
        starts: Vec::new(),
        packed: false,
    };

    /// Whether the two sets these are the flat forms of hold the same entries, proven by
    /// comparing two arrays (no entry needs a text comparison); `false` when it cannot tell.
    pub(super) fn same_entries(&self, other: &Flat) -> bool {
        self.packed && other.packed && self.starts == other.starts && self.words == other.words
    }

    /// Heap bytes held.
    pub(super) fn bytes(&self) -> usize {
        self.words.capacity() * core::mem::size_of::<u64>()
            + self.starts.capacity() * core::mem::size_of::<u32>()
    }

    /// The words of entry `i`, if the set has a flat form.
    #[inline]
    pub(super) fn entry(&self, i: usize) -> Option<&[u64]> {
        let (a, b) = (*self.starts.get(i)?, *self.starts.get(i + 1)?);
        self.words.get(a as usize..b as usize)
    }
}

/// Whether the flat entries `a` and `b` (of the permissions `p` and `q`) are the same
/// permission: equal words decide, unless one of them is a hash, when the texts do.
#[inline]
pub(super) fn same_entry(a: &[u64], p: &Permission, b: &[u64], q: &Permission) -> bool {
    // one pass, no call: entries are a handful of words
    a.len() == b.len() && {
        let (mut differ, mut hashed) = (0, 0);
        for (x, y) in a.iter().zip(b) {
            differ |= x ^ y;
            hashed |= x;
        }
        differ == 0 && (hashed & HASHED == 0 || p == q)
    }
}

/// A permission as a walk reads it: from its own text ([`Own`]), or from its set's [`Flat`]
/// form.
pub(super) trait Walked {
    /// The fingerprint of the verb.
    fn verb_word(&self) -> u64;
    /// How many segments before the trailing `*`, and whether there is one.
    fn shape(&self) -> (usize, bool);
    /// The fingerprint of segment `i` ([`ONE_WORD`] for `*`).
    fn word(&self, i: usize) -> Option<u64>;
    /// The permission itself.
    fn permission(&self) -> &Permission;
    /// The text of literal segment `i` (to tell hashed fingerprints apart; empty for `*`).
    fn lit(&self, i: usize) -> &str {
        match self.permission().resource.segs().nth(i) {
            Some(Seg::Lit(l)) => l,
            _ => "",
        }
    }
}

/// How many words an [`Own`] keeps inline.
const INLINE: usize = 12;

/// A permission with its fingerprints, computed once for the walks of a permission whose set
/// has no flat form (on the stack for up to [`INLINE`] segments).
#[derive(Debug, Clone)]
pub(super) struct Own<'a> {
    p: &'a Permission,
    verb: u64,
    inline: [u64; INLINE],
    heap: Vec<u64>,
    len: usize,
    tail: bool,
}

impl<'a> Own<'a> {
    /// `p` and its fingerprints.
    pub(super) fn new(p: &'a Permission) -> Own<'a> {
        Own::with(p, super::text::fingerprint)
    }

    /// `p` with the fingerprints `fp` gives (tests forge collisions with it).
    pub(super) fn with(p: &'a Permission, fp: impl Fn(&str) -> u64) -> Own<'a> {
        let mut own = Own {
            p,
            verb: fp(p.verb()),
            inline: [0; INLINE],
            heap: Vec::new(),
            len: 0,
            tail: p.resource.tail(),
        };
        for (i, s) in p.resource.segs().enumerate() {
            let w = match s {
                Seg::Lit(l) => fp(l),
                Seg::One => ONE_WORD,
            };
            if i == INLINE {
                own.heap.extend_from_slice(&own.inline);
            }
            match own.inline.get_mut(i) {
                Some(slot) => *slot = w,
                None => own.heap.push(w),
            }
            own.len = i + 1;
        }
        own
    }
}

impl Walked for Own<'_> {
    #[inline]
    fn verb_word(&self) -> u64 {
        self.verb
    }
    #[inline]
    fn shape(&self) -> (usize, bool) {
        (self.len, self.tail)
    }
    #[inline]
    fn word(&self, i: usize) -> Option<u64> {
        if i >= self.len {
            None
        } else if self.len <= INLINE {
            self.inline.get(i).copied()
        } else {
            self.heap.get(i).copied()
        }
    }
    fn permission(&self) -> &Permission {
        self.p
    }
}

/// A permission with its [`Flat`] entry.
#[derive(Debug, Clone, Copy)]
pub(super) struct FlatEntry<'a> {
    /// The entry's verb word.
    verb: u64,
    /// The entry's segment words (verb and tail word left out).
    segs: &'a [u64],
    /// Whether the entry has a trailing `*`.
    tail: bool,
    /// The permission.
    p: &'a Permission,
}

impl<'a> FlatEntry<'a> {
    /// The entry `words` of `p`.
    #[inline]
    pub(super) fn new(words: &'a [u64], p: &'a Permission) -> FlatEntry<'a> {
        // a trailing `*` closes the entry with the one word no verb or literal has
        let tail = words.len() > 1 && words.last() == Some(&TAIL_WORD);
        let end = words.len().saturating_sub(usize::from(tail));
        FlatEntry {
            verb: words.first().copied().unwrap_or_default(),
            segs: words.get(1..end).unwrap_or_default(),
            tail,
            p,
        }
    }
}

impl FlatEntry<'_> {
    /// [`Permission::is_unbounded`], read from the words: the verb `*`, a bare `*` or a `*`
    /// first segment.
    #[inline]
    pub(super) fn is_unbounded(&self) -> bool {
        self.verb == ONE_WORD || self.segs.first().is_none_or(|&w| w == ONE_WORD)
    }
}

impl Walked for FlatEntry<'_> {
    #[inline]
    fn verb_word(&self) -> u64 {
        self.verb
    }
    #[inline]
    fn shape(&self) -> (usize, bool) {
        (self.segs.len(), self.tail)
    }
    #[inline]
    fn word(&self, i: usize) -> Option<u64> {
        self.segs.get(i).copied()
    }
    fn permission(&self) -> &Permission {
        self.p
    }
}

/// A trie node as a walk needs it: its `*` child, its table of literal children, and
/// whether entries end here.
#[derive(Debug, Clone, Copy)]
struct Node {
    one: u32,
    /// Where the node's child table starts in [`Trie::slots`].
    kids: u32,
    /// `64 - log2(table length)`; a node without literal children has no table.
    shift: u8,
    flags: u8,
}

const ROOT: Node = Node {
    one: NONE,
    kids: 0,
    shift: 64,
    flags: 0,
};

/// Where the literal leading to a node sits in the text arena.
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    start: u32,
    len: u32,
}

/// A literal child in its parent's table; `child == NONE` marks an empty slot. The slot
/// holds a copy of the child's [`Node`], so a walk's next probe needs no other read.
#[derive(Debug, Clone, Copy)]
struct Slot {
    fp: u64,
    child: u32,
    node: Node,
}

const EMPTY_SLOT: Slot = Slot {
    fp: 0,
    child: NONE,
    node: ROOT,
};

/// The compiled trie of a permission set. Node 0 is the root; its literal children are
/// verbs.
///
/// Nodes are numbered in the order the set's sorted entries create them (a pre-order of the
/// trie), and every node keeps its literal children in a small open-addressing table of its
/// own, laid out in that same order. A grant's sorted entries therefore walk the trie nearly
/// front to back: consecutive walks touch neighbouring tables, so even a large set is read
/// from cache rather than missed into at random. Each slot carries its child's node, so a
/// step along a literal reads one slot.
#[derive(Debug, Clone)]
pub(super) struct Trie {
    nodes: Vec<Node>,
    /// The literal of each node (empty for the root and `*` nodes).
    spans: Vec<Span>,
    /// Every node's child table, back to back; each a power of two long, at most half full.
    slots: Vec<Slot>,
    /// The literals of the nodes, back to back.
    text: String,
    /// The node of the verb `*`, or `NONE`.
    wild: u32,
    /// Whether the set could be compiled; when not, every walk answers "don't know".
    usable: bool,
}

/// Where `fp` starts probing in a table of `2^(64 - shift)` slots: the top bits of a
/// multiplicative hash. The fingerprint's high half is folded in first (packed fingerprints of
/// literals with a common prefix differ only there).
#[inline]
fn slot(fp: u64, shift: u8) -> usize {
    let h = (fp ^ (fp >> 29)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    // a table (of 2 to 2^32 slots: `shift` is 32..=63) fits in memory, so its index fits
    // in usize
    #[allow(clippy::cast_possible_truncation)]
    let h = (h >> (shift & 63)) as usize;
    h
}

/// The mask of a table of `2^(64 - shift)` slots, for `shift` in `32..=63`.
#[inline]
fn table_mask(shift: u8) -> usize {
    // the table's length fits in u32, so its mask fits in usize
    #[allow(clippy::cast_possible_truncation)]
    let m = (u64::MAX >> (shift & 63)) as usize;
    m
}

/// The text of `span`.
#[inline]
fn span_text<'t>(text: &'t str, span: Option<&Span>) -> &'t [u8] {
    span.and_then(|s| {
        text.as_bytes()
            .get(s.start as usize..s.start.saturating_add(s.len) as usize)
    })
    .unwrap_or_default()
}

impl Trie {
    /// The trie of an empty set.
    pub(in crate::permission) const EMPTY: Trie = Trie {
        nodes: Vec::new(),
        spans: Vec::new(),
        slots: Vec::new(),
        text: String::new(),
        wild: NONE,
        usable: true,
    };

    /// Heap bytes held.
    pub(super) fn bytes(&self) -> usize {
        self.nodes.capacity() * core::mem::size_of::<Node>()
            + self.spans.capacity() * core::mem::size_of::<Span>()
            + self.slots.capacity() * core::mem::size_of::<Slot>()
            + self.text.capacity()
    }

    /// The slot of `parent`'s child along the literal `text` (whose fingerprint is `fp`).
    fn edge(&self, parent: u32, fp: u64, text: &str) -> Option<&Slot> {
        self.child(self.nodes.get(parent as usize)?, fp, || text)
    }

    /// The slot of `node`'s child along the literal `text()` (whose fingerprint is `fp`; the
    /// text is read only to tell hashed fingerprints apart).
    #[inline(always)]
    fn child<'s, T: Fn() -> &'s str>(&self, node: &Node, fp: u64, text: T) -> Option<&Slot> {
        if node.flags & HAS_LIT == 0 {
            return None;
        }
        let (base, mask) = (node.kids as usize, table_mask(node.shift));
        let mut i = slot(fp, node.shift);
        loop {
            let s = self.slots.get(base + i)?;
            if s.child == NONE {
                return None;
            }
            if s.fp == fp && (fp & HASHED == 0 || self.literal_is(s.child, text())) {
                return Some(s);
            }
            i = (i + 1) & mask;
        }
    }

    /// Whether the literal leading to `node` is `text` (for hashed fingerprints, which alone
    /// prove nothing).
    #[inline(never)]
    fn literal_is(&self, node: u32, text: &str) -> bool {
        same_bytes(
            span_text(&self.text, self.spans.get(node as usize)),
            text.as_bytes(),
        )
    }

    /// Whether one entry of the set includes `p`: `Some(true)` proves it, `Some(false)` says
    /// no entry does (and so the set does not), `None` says the walk could not tell
    /// (more pending `*` branches than it keeps).
    #[cfg(test)]
    pub(super) fn includes<W: Walked>(&self, w: &W) -> Option<bool> {
        Walker::new(self).includes(w)
    }

    /// The node of `p`'s verb, where its walk starts.
    fn verb_node<W: Walked>(&self, w: &W) -> Option<Node> {
        if w.verb_word() == ONE_WORD {
            // the verb `*` (whose packed fingerprint is the text `*`)
            None
        } else {
            let root = self.nodes.first()?;
            self.child(root, w.verb_word(), || w.permission().verb())
                .map(|s| s.node)
        }
    }

    /// [`Trie::includes`], the walk starting from `start`: the node of `w`'s verb at depth 0,
    /// or (when the set has no verb `*`, whose branch the walk would also explore) a node
    /// every entry that could include `w` passes through, at its depth.
    #[inline(never)]
    fn walk<W: Walked>(&self, w: &W, start: Option<(Node, usize)>) -> Option<bool> {
        if !self.usable {
            return None;
        }
        let (len, tail) = w.shape();
        // `*` branches still to explore, as (node, depth); the literal branch is followed first
        let mut pending = [(0u32, 0u32); STACK];
        let mut top = 0;
        if self.wild != NONE {
            pending[0] = (self.wild, 0);
            top = 1;
        }
        // the walk's place: a node at a depth
        let mut cur = start;
        loop {
            let (mut node, mut depth) = match cur.take() {
                Some(c) => c,
                None if top > 0 => {
                    top -= 1;
                    let (id, depth) = pending[top];
                    (*self.nodes.get(id as usize)?, depth as usize)
                }
                None => return Some(false),
            };
            loop {
                // an entry `prefix/*` covers every longer resource below the prefix
                if node.flags & TAIL != 0 && (tail || depth < len) {
                    return Some(true);
                }
                let Some(word) = w.word(depth) else {
                    if !tail && node.flags & EXACT != 0 {
                        return Some(true);
                    }
                    break;
                };
                let lit = if word == ONE_WORD {
                    None
                } else {
                    self.child(&node, word, || w.lit(depth))
                };
                depth += 1;
                node = match lit {
                    Some(s) => {
                        if node.one != NONE {
                            *pending.get_mut(top)? = (node.one, u32::try_from(depth).ok()?);
                            top += 1;
                        }
                        s.node
                    }
                    None if node.one != NONE => *self.nodes.get(node.one as usize)?,
                    None => break,
                };
            }
        }
    }
}

/// How many steps of its last walk a [`Walker`] remembers.
const PATH: usize = 4;

/// A trie walked by many permissions in turn (a sorted grant, whose neighbours share their
/// verb and often their first segments): it remembers the node of the last verb, and the
/// nodes the last walk passed through while it had no other branch to explore, so the next
/// walk starts below the prefix the two permissions share.
#[derive(Debug, Clone, Copy)]
pub(super) struct Walker<'t> {
    trie: &'t Trie,
    /// The last verb's packed fingerprint, and its node.
    last: Option<(u64, Option<Node>)>,
    /// `path[d]`: the word read at depth `d` and the node it led to, for `d < known`. Every
    /// node on it was passed without a pending branch and without ending the walk.
    path: [(u64, Node); PATH],
    known: usize,
    /// Whether walks may be remembered: the trie is usable and has no verb `*` (whose
    /// branch every walk also explores).
    single: bool,
}

impl<'t> Walker<'t> {
    /// A walker of `trie`.
    pub(super) fn new(trie: &'t Trie) -> Walker<'t> {
        Walker {
            trie,
            last: None,
            path: [(0, ROOT); PATH],
            known: 0,
            single: trie.usable && trie.wild == NONE,
        }
    }

    /// [`Trie::includes`].
    #[inline]
    pub(super) fn includes<W: Walked>(&mut self, w: &W) -> Option<bool> {
        let verb = w.verb_word();
        let start = match self.last {
            // a packed fingerprint is the verb itself
            Some((fp, node)) if fp == verb => node,
            _ => {
                let node = self.trie.verb_node(w);
                self.last = (verb & HASHED == 0).then_some((verb, node));
                self.known = 0;
                node
            }
        };
        if !self.single || self.last.is_none() {
            // the verb `*` is a second branch from the start (or nothing is remembered)
            return self.trie.walk(w, start.map(|n| (n, 0)));
        }
        let Some(start) = start else {
            return Some(false);
        };
        // the shared prefix: packed words (the text itself) read in the last walk
        let mut depth = 0;
        while let Some(&(word, _)) = self.path.get(depth).filter(|_| depth < self.known) {
            if word & HASHED != 0 || w.word(depth) != Some(word) {
                break;
            }
            depth += 1;
        }
        self.known = depth;
        let mut node = match depth.checked_sub(1) {
            Some(d) => self.path.get(d)?.1,
            None => start,
        };
        let (len, tail) = w.shape();
        // no branch pending: the walk is one path, remembered as it goes
        loop {
            if node.flags & TAIL != 0 && (tail || depth < len) {
                return Some(true);
            }
            let Some(word) = w.word(depth) else {
                return Some(!tail && node.flags & EXACT != 0);
            };
            let lit = if word == ONE_WORD {
                None
            } else {
                self.trie.child(&node, word, || w.lit(depth))
            };
            let next = match lit {
                // a literal and a `*` branch: the general walk explores both from here
                Some(_) if node.one != NONE => return self.trie.walk(w, Some((node, depth))),
                Some(s) => s.node,
                None if node.one != NONE => *self.trie.nodes.get(node.one as usize)?,
                None => return Some(false),
            };
            if let Some(step) = self.path.get_mut(depth) {
                *step = (word, next);
                self.known = depth + 1;
            }
            node = next;
            depth += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Permission, PermissionSet};
    use super::*;

    impl Trie {
        /// Whether one entry includes `p`, walked from its own text.
        fn includes_own(&self, p: &Permission) -> Option<bool> {
            self.includes(&Own::new(p))
        }
    }

    /// Two different long literals made to share a fingerprint are still told apart.
    #[test]
    fn a_fingerprint_collision_never_proves_inclusion() {
        let set: PermissionSet = "read:aaaaaaaaaaa/*".parse().unwrap();
        let p: Permission = "read:bbbbbbbbbbb/x".parse().unwrap();
        // forge the fingerprint of the granted literal onto the other one
        let forged = fingerprint("aaaaaaaaaaa");
        assert_eq!(forged & HASHED, HASHED);
        let forge = |t: &str| {
            if t == "bbbbbbbbbbb" {
                forged
            } else {
                fingerprint(t)
            }
        };
        assert_eq!(set.trie().includes(&Own::with(&p, forge)), Some(false));
    }

    /// The walk proves exactly single-entry inclusion: a walker taking a sorted grant's
    /// entries in turn (starting each below the prefix it shares with the last) answers as
    /// a fresh walk does, and both as `is_within` against every entry, on many sets.
    #[test]
    fn walks_agree_with_single_entry_inclusion() {
        let mut all = Vec::new();
        for verb in ["read", "*"] {
            for n in 1..=3u32 {
                for code in 0..3u32.pow(n) {
                    let segs: Vec<&str> = (0..n)
                        .map(|i| ["a", "bbbbbbbbbbbb", "*"][(code / 3u32.pow(i) % 3) as usize])
                        .collect();
                    for tail in ["", "/*"] {
                        all.push(
                            Permission::new(verb, &format!("{}{tail}", segs.join("/"))).unwrap(),
                        );
                    }
                }
            }
        }
        let grant = PermissionSet::from(all.clone());
        let mut next = crate::permission::draws(0x2545_f491_4f6c_dd1d_u64);
        for round in 0..300 {
            let size = 1 + round % 12;
            let items: Vec<Permission> = (0..size).map(|_| all[next(all.len())].clone()).collect();
            let set = PermissionSet::from(items);
            let mut walker = Walker::new(set.trie());
            for (i, p) in grant.iter().enumerate() {
                let exact = set.iter().any(|q| p.is_within(q));
                let fresh = set.trie().includes_own(p);
                let entry = FlatEntry::new(grant.flat().entry(i).unwrap(), p);
                let walked = walker.includes(&entry);
                assert!(fresh.is_none_or(|f| f == exact), "{p} in {set}: {fresh:?}");
                assert!(
                    walked.is_none_or(|f| f == exact),
                    "{p} in {set}: {walked:?}"
                );
                assert_eq!(fresh, walked, "{p} in {set}");
            }
        }
    }

    /// A walk with more pending `*` branches than it keeps says "don't know", and the exact
    /// search still answers.
    #[test]
    fn too_many_branches_fall_back_to_the_exact_search() {
        let deep = ["a"; 12].join("/");
        let mut text = String::new();
        for i in 0..12 {
            let mut segs = ["a"; 12];
            segs[i] = "*";
            text.push_str(&format!("read:{},", segs.join("/")));
        }
        text.push_str(&format!("read:{deep}"));
        let set: PermissionSet = text.parse().unwrap();
        let p: Permission = format!("read:{deep}").parse().unwrap();
        assert_eq!(set.trie().includes_own(&p), None);
        assert!(set.covers(&p));
        // two wildcards in a row: no entry has them
        let q: Permission = format!("read:c/c/{}", ["a"; 10].join("/")).parse().unwrap();
        assert!(!set.covers(&q));
    }

    /// Within its stack, the walk decides by itself: for a set with `*` segments and
    /// trailing `*`, every entry and every permission under one (or under none) is answered,
    /// never "don't know".
    #[test]
    fn the_walk_decides_for_ordinary_sets() {
        let set: PermissionSet =
            "read:orders/*, write:orders/*/items, admin:x/*, read:tenant-1000000/x/*"
                .parse()
                .unwrap();
        let t = set.trie();
        for p in set.iter() {
            assert_eq!(t.includes_own(p), Some(true), "{p}");
        }
        for (text, want) in [
            ("write:orders/eu/items", true),
            ("read:orders/eu/x", true),
            ("write:orders/eu/other", false),
            ("read:tenant-1000000/x/y", true),
            ("read:tenant-1000001/x/y", false),
            ("admin:x/y/z", true),
            ("delete:x/y", false),
        ] {
            let p: Permission = text.parse().unwrap();
            assert_eq!(t.includes_own(&p), Some(want), "{text}");
        }
    }

    /// Equal sets are told equal by their flat forms alone, entry by entry; different ones
    /// are not.
    #[test]
    fn equal_sets_are_told_equal_by_their_flat_forms() {
        let a: PermissionSet = "read:orders/*, write:orders/eu/*".parse().unwrap();
        let b: PermissionSet = "write:orders/eu/*, read:orders/*".parse().unwrap();
        let c: PermissionSet = "read:orders/*".parse().unwrap();
        assert!(a.flat().same_entries(b.flat()));
        assert!(!a.flat().same_entries(c.flat()));
        let items: Vec<&Permission> = a.iter().collect();
        for (i, p) in items.iter().enumerate() {
            let (x, y) = (a.flat().entry(i).unwrap(), b.flat().entry(i).unwrap());
            assert!(same_entry(x, p, y, p), "{p}");
        }
        let (x, y) = (a.flat().entry(0).unwrap(), a.flat().entry(1).unwrap());
        assert!(!same_entry(x, items[0], y, items[1]));
    }
}
