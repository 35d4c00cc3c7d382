//! The compiled form of a [`PermissionSet`](super::PermissionSet): a trie keyed by verb, then
//! segment, that answers "does one entry of the set include this permission?" in time
//! independent of the set's size.
//!
//! Every set is compiled once, when it is built; a check only walks. The walk hashes no
//! text: each verb and literal segment carries a [`fingerprint`] computed once when it was
//! parsed, and the trie's edges live in one open-addressing table keyed by
//! `(parent node, fingerprint)`. A fingerprint only finds an edge; the edge's literal, kept in
//! one contiguous text arena, is then compared with the permission's, so a collision (even
//! one crafted on purpose) can never make the walk say yes to a permission that is not
//! included.
//!
//! The trie answers single-entry inclusion only. When it says no, the caller falls back to the
//! exact several-entries search, which also builds the counterexample; when a pattern is too
//! deep for the walk's fixed stack (or the set too large to number), it says "don't know" and
//! the caller does the same.

use super::{Permission, Seg};

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

/// Set on the fingerprint of a literal longer than [`PACKED`] characters: a hash.
const HASHED: u64 = 1 << 63;
/// Literals up to this many characters are packed into their fingerprint exactly.
const PACKED: usize = 9;

/// The fingerprint of a verb or literal segment, computed once when a permission is parsed.
///
/// A literal of at most nine characters is packed into it exactly, seven bits a character
/// (verbs and segments are ascii without NUL, so the packing is injective and leaves the top
/// bit clear): equal fingerprints then mean equal text, with no comparison. A longer literal
/// gets FNV-1a with the top bit set: a small, fixed, dependency-free hash, never trusted alone
/// (see [`same_text`]).
pub(super) fn fingerprint(text: &str) -> u64 {
    if text.len() <= PACKED && text.is_ascii() {
        return text
            .bytes()
            .enumerate()
            .fold(0, |acc, (i, b)| acc | u64::from(b) << (7 * i));
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h | HASHED
}

/// Whether two literals with the fingerprints `fa` and `fb` are the same text: for packed
/// fingerprints their equality decides; for hashed ones the text is compared too.
#[inline]
pub(super) fn same_text(fa: u64, a: &[u8], fb: u64, b: &[u8]) -> bool {
    fa == fb && (fa & HASHED == 0 || a == b)
}

/// A trie node: its `*` child, whether entries end here, and the literal that leads to it
/// (its place in the text arena).
#[derive(Debug, Clone, Copy)]
struct Node {
    one: u32,
    start: u32,
    len: u32,
    flags: u8,
}

const ROOT: Node = Node {
    one: NONE,
    start: 0,
    len: 0,
    flags: 0,
};

/// A literal edge `parent --fp--> child` of the hash table; `child == NONE` marks an empty
/// slot. Its literal is the child's.
#[derive(Debug, Clone, Copy)]
struct Edge {
    fp: u64,
    parent: u32,
    child: u32,
}

const EMPTY_EDGE: Edge = Edge {
    fp: 0,
    parent: NONE,
    child: NONE,
};

/// The compiled trie of a permission set. Node 0 is the root; its literal edges are verbs.
#[derive(Debug, Clone)]
pub(super) struct Trie {
    nodes: Vec<Node>,
    /// Open addressing with linear probing; a power of two long, at most half full.
    edges: Vec<Edge>,
    /// `64 - log2(edges.len())`: a slot is the top bits of a product.
    shift: u32,
    /// How many slots are taken.
    taken: usize,
    /// The literals of the nodes, back to back.
    text: String,
    /// The node of the verb `*`, or `NONE`.
    wild: u32,
    /// Whether the set could be compiled; when not, every walk answers "don't know".
    usable: bool,
}

/// Where a `(parent, fingerprint)` pair starts probing, in a table of `2^(64 - shift)` slots:
/// the top bits of a multiplicative hash. The fingerprint's high half is folded in first
/// (packed fingerprints of literals with a common prefix differ only there); the parent, known
/// last during a walk, costs one xor and one multiply.
#[inline]
fn slot(parent: u32, fp: u64, shift: u32) -> usize {
    let h = ((fp ^ (fp >> 29)) ^ u64::from(parent)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    // shift >= 32 for any table that fits in memory, so the value fits in usize
    #[allow(clippy::cast_possible_truncation)]
    let h = h.checked_shr(shift).unwrap_or(0) as usize;
    h
}

impl Trie {
    /// The trie of an empty set.
    pub(super) const EMPTY: Trie = Trie {
        nodes: Vec::new(),
        edges: Vec::new(),
        shift: 64,
        taken: 0,
        text: String::new(),
        wild: NONE,
        usable: true,
    };

    /// Compiles `items`.
    pub(super) fn build(items: &[Permission]) -> Trie {
        if items.is_empty() {
            return Trie::EMPTY;
        }
        let mut t = Trie {
            nodes: vec![ROOT],
            edges: vec![EMPTY_EDGE; 16],
            shift: 60,
            taken: 0,
            text: String::new(),
            wild: NONE,
            usable: true,
        };
        for p in items {
            let Some(mut node) = t.lit_child(0, p.verb_fp, &p.verb) else {
                return Trie::unusable();
            };
            for s in &*p.resource.segs {
                let next = match s {
                    Seg::Lit(l, fp) => t.lit_child(node, *fp, l),
                    Seg::One => t.one_child(node),
                };
                let Some(next) = next else {
                    return Trie::unusable();
                };
                node = next;
            }
            let flag = if p.resource.tail { TAIL } else { EXACT };
            if let Some(n) = t.nodes.get_mut(node as usize) {
                n.flags |= flag;
            }
        }
        t.wild = t.edge(0, fingerprint("*"), "*").unwrap_or(NONE);
        t.nodes.shrink_to_fit();
        t.text.shrink_to_fit();
        t
    }

    fn unusable() -> Trie {
        Trie {
            usable: false,
            ..Trie::EMPTY
        }
    }

    /// Heap bytes held.
    pub(super) fn bytes(&self) -> usize {
        self.nodes.capacity() * core::mem::size_of::<Node>()
            + self.edges.capacity() * core::mem::size_of::<Edge>()
            + self.text.capacity()
    }

    /// A new node, if it can be numbered.
    fn new_node(&mut self, node: Node) -> Option<u32> {
        let id = u32::try_from(self.nodes.len()).ok().filter(|&i| i < NONE)?;
        self.nodes.push(node);
        Some(id)
    }

    fn one_child(&mut self, node: u32) -> Option<u32> {
        let one = self.nodes.get(node as usize)?.one;
        if one != NONE {
            return Some(one);
        }
        let child = self.new_node(ROOT)?;
        self.nodes.get_mut(node as usize)?.one = child;
        Some(child)
    }

    /// The child of `node` along the literal `text`, made if missing.
    fn lit_child(&mut self, node: u32, fp: u64, text: &str) -> Option<u32> {
        if let Some(child) = self.edge(node, fp, text) {
            return Some(child);
        }
        let start = u32::try_from(self.text.len()).ok()?;
        let len = u32::try_from(text.len()).ok()?;
        start.checked_add(len)?;
        let child = self.new_node(Node { start, len, ..ROOT })?;
        self.text.push_str(text);
        self.nodes.get_mut(node as usize)?.flags |= HAS_LIT;
        // keep the table at most half full (so every probe meets an empty slot soon)
        if (self.taken + 1) * 2 > self.edges.len() {
            self.grow();
        }
        self.place(Edge {
            fp,
            parent: node,
            child,
        });
        self.taken += 1;
        Some(child)
    }

    fn grow(&mut self) {
        let doubled = vec![EMPTY_EDGE; self.edges.len() * 2];
        let old = core::mem::replace(&mut self.edges, doubled);
        self.shift -= 1;
        for e in old.into_iter().filter(|e| e.child != NONE) {
            self.place(e);
        }
    }

    fn place(&mut self, e: Edge) {
        let mask = self.edges.len() - 1;
        let mut i = slot(e.parent, e.fp, self.shift);
        while let Some(s) = self.edges.get_mut(i) {
            if s.child == NONE {
                *s = e;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /// The literal leading to `node`.
    fn text_of(&self, node: u32) -> &[u8] {
        self.nodes
            .get(node as usize)
            .and_then(|n| {
                self.text
                    .as_bytes()
                    .get(n.start as usize..(n.start + n.len) as usize)
            })
            .unwrap_or_default()
    }

    /// The child of `parent` along the literal `text` (whose fingerprint is `fp`).
    #[inline]
    fn edge(&self, parent: u32, fp: u64, text: &str) -> Option<u32> {
        let mask = self.edges.len().checked_sub(1)?;
        let mut i = slot(parent, fp, self.shift);
        loop {
            let e = self.edges.get(i)?;
            if e.child == NONE {
                return None;
            }
            if e.parent == parent
                && e.fp == fp
                && (fp & HASHED == 0 || self.text_of(e.child) == text.as_bytes())
            {
                return Some(e.child);
            }
            i = (i + 1) & mask;
        }
    }

    /// Whether one entry of the set includes `p`: `Some(true)` proves it, `Some(false)` says
    /// no single entry does (several together still may), `None` says the walk could not tell
    /// (more pending `*` branches than it keeps).
    pub(super) fn includes(&self, p: &Permission) -> Option<bool> {
        if !self.usable {
            return None;
        }
        let segs = &*p.resource.segs;
        let (len, tail) = (segs.len(), p.resource.tail);
        // `*` branches still to explore, as (node, depth); the literal branch is followed first
        let mut pending = [(NONE, 0usize); STACK];
        let mut top = 0;
        if self.wild != NONE {
            pending[0] = (self.wild, 0);
            top = 1;
        }
        let mut cur = if &*p.verb == "*" {
            None
        } else {
            self.edge(0, p.verb_fp, &p.verb)
        }
        .map(|root| (root, 0));
        loop {
            let (mut node, mut depth) = match cur.take() {
                Some(c) => c,
                None if top > 0 => {
                    top -= 1;
                    pending[top]
                }
                None => return Some(false),
            };
            while let Some(n) = self.nodes.get(node as usize) {
                // an entry `prefix/*` covers every longer resource below the prefix
                if n.flags & TAIL != 0 && (tail || depth < len) {
                    return Some(true);
                }
                let Some(seg) = segs.get(depth) else {
                    if !tail && n.flags & EXACT != 0 {
                        return Some(true);
                    }
                    break;
                };
                let lit = match seg {
                    Seg::Lit(l, fp) if n.flags & HAS_LIT != 0 => self.edge(node, *fp, l),
                    _ => None,
                };
                node = match (lit, n.one) {
                    (Some(child), NONE) => child,
                    (Some(child), one) => {
                        let slot = pending.get_mut(top)?;
                        *slot = (one, depth + 1);
                        top += 1;
                        child
                    }
                    (None, one) => one,
                };
                depth += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Permission, PermissionSet};
    use super::*;

    /// Literals sharing a long prefix (packed fingerprints differing only in their high bits)
    /// still spread over the table: probes stay short, so a walk's cost does not grow.
    #[test]
    fn similar_literals_spread_over_the_table() {
        let items: Vec<Permission> = (0..4096)
            .map(|i| Permission::new("read", &format!("tenant-{i}/orders/x{}/*", i % 7)).unwrap())
            .collect();
        let set = PermissionSet::from(items);
        let t = &set.trie;
        let mask = t.edges.len() - 1;
        let (mut total, mut worst, mut n) = (0, 0, 0);
        for (i, e) in t.edges.iter().enumerate() {
            if e.child == NONE {
                continue;
            }
            let d = (i + t.edges.len() - slot(e.parent, e.fp, t.shift)) & mask;
            total += d;
            worst = worst.max(d);
            n += 1;
        }
        assert_eq!(n, t.taken);
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
        assert_eq!(fingerprint("ab"), u64::from(b'a') | u64::from(b'b') << 7);
        assert_ne!(fingerprint("tenant-99"), fingerprint("tenant-98"));
        assert_eq!(fingerprint("tenant-100") & HASHED, HASHED);
        assert_eq!(fingerprint("tenant-10") & HASHED, 0);
    }

    /// Two different long literals made to share a fingerprint are still told apart.
    #[test]
    fn a_fingerprint_collision_never_proves_inclusion() {
        let set: PermissionSet = "read:aaaaaaaaaa/*".parse().unwrap();
        let mut p: Permission = "read:bbbbbbbbbb/x".parse().unwrap();
        // forge the fingerprint of the granted literal onto the other one
        let forged = fingerprint("aaaaaaaaaa");
        if let Some(Seg::Lit(_, fp)) = p.resource.segs.first_mut() {
            *fp = forged;
        }
        assert_eq!(set.trie.includes(&p), Some(false));
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
        assert_eq!(set.trie.includes(&p), None);
        assert!(set.covers(&p));
        // two wildcards in a row: no entry has them
        let q: Permission = format!("read:c/c/{}", ["a"; 10].join("/")).parse().unwrap();
        assert!(!set.covers(&q));
    }
}
