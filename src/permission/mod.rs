//! The permission-boundary checker: a plain function that proves a partner's permissions
//! stay inside their boundary (playbook §6 and §8, framework §9 "ceiling enforcement").
//!
//! # The model
//!
//! A [`Permission`] is a *verb* on a *resource pattern*, written `verb:pattern`
//! (`write:orders/eu/*`). Patterns are hierarchical, `/`-separated:
//!
//! - a literal segment (`orders`) matches itself, case-sensitively (`Orders` is another
//!   resource: folding case could only widen a grant);
//! - `*` in the middle matches exactly one segment (`orders/*/items`);
//! - `*` at the end matches one or more further segments, a subtree (`orders/eu/*` matches
//!   `orders/eu/1` and `orders/eu/1/lines`, not `orders/eu` itself);
//! - empty segments (`orders//eu`, `/orders`, `orders/`) and partial wildcards (`ord*`) are
//!   malformed and refused when parsed.
//!
//! Patterns are compared by **inclusion** of the resources they match, not by string
//! equality: `orders/eu/*` lies inside `orders/*`, and `orders/*/items` inside `orders/*`.
//! Inclusion is exact: a set is a subset of another exactly when every concrete
//! `(verb, resource)` the first reaches, the second reaches too.
//!
//! A verb's [`Access`] level (read < write < admin) is declared data in a [`Catalog`]; a verb
//! the catalog does not declare counts as admin (fail closed). Verbs that can grant or change
//! permissions (grant, bind, set-policy, edit or remove a boundary) are *escalation-capable*.
//! The verb `*`, a bare `*` resource and a root-level wildcard (`*/x`) are *unbounded*.
//!
//! # Evaluation
//!
//! [`check`] evaluates a proposed grant against the current grant, the ceiling (the
//! boundary) and an explicit deny list. **Deny overrides allow**: anything the proposed grant
//! shares with a deny entry is a violation, whatever the ceiling says. **Nothing is allowed
//! unless proven inside the boundary**: every proposed permission must be included in the
//! ceiling. Every violation names the offending permission and, where one exists, a concrete
//! counterexample: a verb and resource the proposed grant reaches and the ceiling (or the old
//! grant) does not.
//!
//! ```
//! use kwanus_migration::permission::{self, BoundaryCheck, Catalog, PermissionSet, ViolationKind};
//! use kwanus_migration::{MigrationKind, Mode};
//!
//! let catalog = Catalog::default();
//! let current: PermissionSet = "read:orders/eu/*".parse()?;
//! let proposed: PermissionSet = "read:orders/eu/*, write:orders/eu/*".parse()?;
//! let ceiling: PermissionSet = "read:orders/*, write:orders/eu/*".parse()?;
//!
//! let report = permission::check(&BoundaryCheck::migration(
//!     &current, &proposed, &ceiling, MigrationKind::PermissionExpansion, Mode::Guided, &catalog,
//! ));
//! // write access is new, and nobody from SCO approved it
//! assert!(!report.allowed());
//! assert_eq!(report.violations()[0].kind, ViolationKind::ExpansionWithoutSco);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use core::cmp::Ordering;
use core::fmt;
use std::collections::BTreeMap;

use crate::governance::GovernanceBody;
use crate::kind::MigrationKind;
use crate::mode::Mode;

mod compiled;

use compiled::{fingerprint, same_entry, same_text, Flat, FlatEntry, Trie, Walked, Walker};

/// An access level. Ordered: `Read < Write < Admin`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum Access {
    /// Reads only.
    Read,
    /// Changes data.
    Write,
    /// Changes configuration or access; the highest level.
    Admin,
}

/// One segment of a resource pattern.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Seg {
    /// A literal and its [`fingerprint`], computed once when parsed.
    Lit(Box<str>, u64),
    One,
}

/// A hierarchical resource pattern such as `orders/eu/*`. See the [module docs](self).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResourcePattern {
    segs: Box<[Seg]>,
    /// a trailing `*`: one or more further segments
    tail: bool,
}

/// A permission: a verb on a resource pattern, written `verb:pattern`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Permission {
    verb: Box<str>,
    resource: ResourcePattern,
    /// `key(verb, first segment)`, computed once: the index lookup of a check hashes nothing.
    key: u64,
    /// The verb's [`fingerprint`], computed once: the compiled walk hashes nothing either.
    verb_fp: u64,
}

/// Why a permission or pattern could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// No `:` between verb and resource.
    #[error("permission {input:?} has no ':' between verb and resource")]
    MissingColon {
        /// The text given.
        input: String,
    },
    /// The verb is empty or holds a character outside `[a-z0-9_.-]` (or is not `*`).
    #[error("verb {verb:?} must be '*' or lowercase ascii letters, digits, '-', '_' and '.'")]
    InvalidVerb {
        /// The verb given.
        verb: String,
    },
    /// The pattern is empty.
    #[error("resource pattern is empty")]
    EmptyPattern,
    /// A segment is empty (leading, trailing or doubled `/`).
    #[error("resource pattern {pattern:?} has an empty segment at position {position}")]
    EmptySegment {
        /// The pattern given.
        pattern: String,
        /// The 0-based segment position.
        position: usize,
    },
    /// A segment mixes `*` with other characters, or holds a forbidden character.
    #[error("resource pattern {pattern:?} has an invalid segment {segment:?}; a segment is '*' or ascii letters, digits, '-', '_' and '.'")]
    InvalidSegment {
        /// The pattern given.
        pattern: String,
        /// The segment at fault.
        segment: String,
    },
}

impl ParseError {
    /// A stable machine-readable code for partner SDKs.
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            ParseError::MissingColon { .. } => "permission.missing_colon",
            ParseError::InvalidVerb { .. } => "permission.invalid_verb",
            ParseError::EmptyPattern => "permission.empty_pattern",
            ParseError::EmptySegment { .. } => "permission.empty_segment",
            ParseError::InvalidSegment { .. } => "permission.invalid_segment",
        }
    }
}

fn seg_char_ok(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
}

impl core::str::FromStr for ResourcePattern {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        if s.is_empty() {
            return Err(ParseError::EmptyPattern);
        }
        let parts: Vec<&str> = s.split('/').collect();
        let mut segs = Vec::with_capacity(parts.len());
        let mut tail = false;
        let last = parts.len() - 1;
        for (position, part) in parts.iter().enumerate() {
            if part.is_empty() {
                return Err(ParseError::EmptySegment {
                    pattern: s.to_owned(),
                    position,
                });
            }
            if *part == "*" {
                if position == last {
                    tail = true;
                } else {
                    segs.push(Seg::One);
                }
            } else if part.chars().all(seg_char_ok) {
                segs.push(Seg::Lit((*part).into(), fingerprint(part)));
            } else {
                return Err(ParseError::InvalidSegment {
                    pattern: s.to_owned(),
                    segment: (*part).to_owned(),
                });
            }
        }
        Ok(ResourcePattern {
            segs: segs.into_boxed_slice(),
            tail,
        })
    }
}

impl fmt::Display for ResourcePattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for s in &*self.segs {
            if !first {
                f.write_str("/")?;
            }
            first = false;
            match s {
                Seg::Lit(l, _) => f.write_str(l)?,
                Seg::One => f.write_str("*")?,
            }
        }
        if self.tail {
            if !first {
                f.write_str("/")?;
            }
            f.write_str("*")?;
        }
        Ok(())
    }
}

impl fmt::Debug for ResourcePattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ResourcePattern({self})")
    }
}

fn seg_within(a: &Seg, b: &Seg) -> bool {
    match (a, b) {
        (_, Seg::One) => true,
        (Seg::Lit(x, _), Seg::Lit(y, _)) => x == y,
        (Seg::One, Seg::Lit(..)) => false,
    }
}

fn seg_overlaps(a: &Seg, b: &Seg) -> bool {
    match (a, b) {
        (Seg::Lit(x, _), Seg::Lit(y, _)) => x == y,
        _ => true,
    }
}

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

impl ResourcePattern {
    /// Whether the concrete resource `resource` (`"orders/eu/1"`, no wildcards) matches.
    /// A malformed resource (empty segment, `*`) never matches.
    #[must_use]
    pub fn matches(&self, resource: &str) -> bool {
        let mut len = 0;
        for (i, seg) in resource.split('/').enumerate() {
            if seg.is_empty() || !seg.chars().all(seg_char_ok) {
                return false;
            }
            if let Some(Seg::Lit(l, _)) = self.segs.get(i) {
                if **l != *seg {
                    return false;
                }
            }
            len = i + 1;
        }
        self.matches_len(len)
    }

    /// Whether this pattern is unbounded: a bare `*` or a wildcard first segment.
    #[must_use]
    pub fn is_unbounded(&self) -> bool {
        match self.segs.first() {
            None => true,
            Some(Seg::One) => true,
            Some(Seg::Lit(..)) => false,
        }
    }

    /// The lengths (segment counts) this pattern matches: `n` exactly, or `n+1..` with a tail.
    fn matches_len(&self, len: usize) -> bool {
        if self.tail {
            len > self.segs.len()
        } else {
            len == self.segs.len()
        }
    }

    /// The segment at `i` when matching a resource of some length (past the prefix, the tail
    /// matches anything).
    fn seg_at(&self, i: usize) -> &Seg {
        self.segs.get(i).unwrap_or(&Seg::One)
    }

    /// Whether every resource of length `len` that `self` matches, `other` matches too.
    fn within_at_len(&self, other: &ResourcePattern, len: usize) -> bool {
        if !self.matches_len(len) || !other.matches_len(len) {
            return !self.matches_len(len);
        }
        (0..len).all(|i| seg_within(self.seg_at(i), other.seg_at(i)))
    }

    /// Whether every resource this pattern matches, `other` matches too.
    ///
    /// ```
    /// use kwanus_migration::permission::ResourcePattern;
    ///
    /// let eu: ResourcePattern = "orders/eu/*".parse()?;
    /// let all: ResourcePattern = "orders/*".parse()?;
    /// assert!(eu.is_within(&all));
    /// assert!(!all.is_within(&eu));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn is_within(&self, other: &ResourcePattern) -> bool {
        if self.tail && !other.tail {
            return false;
        }
        if self.tail {
            // lengths n+1.. ; other's tail must start no later
            return self.segs.len() >= other.segs.len()
                && (0..other.segs.len()).all(|i| seg_within(&self.segs[i], &other.segs[i]));
        }
        let len = self.segs.len();
        other.matches_len(len) && (0..len).all(|i| seg_within(&self.segs[i], other.seg_at(i)))
    }

    /// Whether some resource matches both patterns.
    #[must_use]
    pub fn overlaps(&self, other: &ResourcePattern) -> bool {
        let (a, b) = (self.segs.len(), other.segs.len());
        let len_ok = match (self.tail, other.tail) {
            (false, false) => a == b,
            (true, false) => b > a,
            (false, true) => a > b,
            (true, true) => true,
        };
        len_ok && (0..a.max(b)).all(|i| seg_overlaps(self.seg_at(i), other.seg_at(i)))
    }

    /// A concrete resource this pattern matches, of length `len`, using `fresh` for every
    /// wildcard position.
    fn instance(&self, len: usize, fresh: &str) -> String {
        let mut out = String::new();
        for i in 0..len {
            if i > 0 {
                out.push('/');
            }
            match self.seg_at(i) {
                Seg::Lit(l, _) => out.push_str(l),
                Seg::One => out.push_str(fresh),
            }
        }
        out
    }

    /// A concrete resource matched by both patterns, if any.
    fn common_instance(&self, other: &ResourcePattern) -> Option<String> {
        if !self.overlaps(other) {
            return None;
        }
        let len = match (self.tail, other.tail) {
            (false, _) => self.segs.len(),
            (true, false) => other.segs.len(),
            (true, true) => self.segs.len().max(other.segs.len()) + 1,
        };
        let mut out = String::new();
        for i in 0..len {
            if i > 0 {
                out.push('/');
            }
            match (self.seg_at(i), other.seg_at(i)) {
                (Seg::Lit(l, _), _) | (Seg::One, Seg::Lit(l, _)) => out.push_str(l),
                (Seg::One, Seg::One) => out.push('_'),
            }
        }
        Some(out)
    }
}

impl Permission {
    /// A permission from a verb and a pattern.
    ///
    /// # Errors
    ///
    /// [`ParseError`] when either is malformed.
    pub fn new(verb: &str, resource: &str) -> Result<Permission, ParseError> {
        if verb.is_empty()
            || !(verb == "*"
                || verb.chars().all(|c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.')
                }))
        {
            return Err(ParseError::InvalidVerb {
                verb: verb.to_owned(),
            });
        }
        let resource: ResourcePattern = resource.parse()?;
        Ok(Permission {
            key: key(verb, resource.segs.first()),
            verb_fp: fingerprint(verb),
            verb: verb.into(),
            resource,
        })
    }

    /// The verb (`"write"`, or `"*"`).
    #[must_use]
    pub fn verb(&self) -> &str {
        &self.verb
    }

    /// The resource pattern.
    #[must_use]
    pub fn resource(&self) -> &ResourcePattern {
        &self.resource
    }

    /// Equality, decided by fingerprints (text compared only for hashed ones).
    fn same(&self, o: &Permission) -> bool {
        self.key == o.key
            && same_text(
                self.verb_fp,
                self.verb.as_bytes(),
                o.verb_fp,
                o.verb.as_bytes(),
            )
            && self.resource.tail == o.resource.tail
            && self.resource.segs.len() == o.resource.segs.len()
            && self
                .resource
                .segs
                .iter()
                .zip(&*o.resource.segs)
                .all(|(a, b)| match (a, b) {
                    (Seg::Lit(x, fx), Seg::Lit(y, fy)) => {
                        same_text(*fx, x.as_bytes(), *fy, y.as_bytes())
                    }
                    (Seg::One, Seg::One) => true,
                    _ => false,
                })
    }

    /// Whether the verb is `*` or the resource is unbounded.
    #[must_use]
    pub fn is_unbounded(&self) -> bool {
        &*self.verb == "*" || self.resource.is_unbounded()
    }

    /// Whether this permission allows `verb` on the concrete resource `resource`
    /// (`"orders/eu/1"`). A malformed resource is never allowed.
    ///
    /// ```
    /// use kwanus_migration::permission::Permission;
    ///
    /// let p: Permission = "read:orders/*/items".parse()?;
    /// assert!(p.allows("read", "orders/eu/items"));
    /// assert!(!p.allows("read", "orders/eu/x/items"));
    /// assert!(!p.allows("write", "orders/eu/items"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn allows(&self, verb: &str, resource: &str) -> bool {
        (&*self.verb == "*" || *self.verb == *verb) && self.resource.matches(resource)
    }

    /// Whether every `(verb, resource)` this permission reaches, `other` reaches too.
    #[must_use]
    pub fn is_within(&self, other: &Permission) -> bool {
        (other.verb == self.verb || &*other.verb == "*") && self.resource.is_within(&other.resource)
    }

    /// Whether some `(verb, resource)` is reached by both.
    #[must_use]
    pub fn overlaps(&self, other: &Permission) -> bool {
        (other.verb == self.verb || &*other.verb == "*" || &*self.verb == "*")
            && self.resource.overlaps(&other.resource)
    }
}

impl core::str::FromStr for Permission {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        let s = s.trim();
        let Some((verb, resource)) = s.split_once(':') else {
            return Err(ParseError::MissingColon {
                input: s.to_owned(),
            });
        };
        Permission::new(verb, resource)
    }
}

impl Permission {
    /// The permission's text (`verb:pattern`, as `Display` writes it): its byte length, and
    /// the bytes written to `out`, with no formatting machinery (the record encoding's hot
    /// path).
    pub(crate) fn text_len(&self) -> usize {
        let segs: usize = self
            .resource
            .segs
            .iter()
            .map(|s| match s {
                Seg::Lit(l, _) => l.len(),
                Seg::One => 1,
            })
            .sum();
        let parts = self.resource.segs.len() + usize::from(self.resource.tail);
        self.verb.len() + 1 + segs + usize::from(self.resource.tail) + parts.saturating_sub(1)
    }

    /// Writes the text `text_len` measures.
    pub(crate) fn write_text(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.verb.as_bytes());
        out.push(b':');
        let mut first = true;
        for s in &*self.resource.segs {
            if !first {
                out.push(b'/');
            }
            first = false;
            match s {
                Seg::Lit(l, _) => out.extend_from_slice(l.as_bytes()),
                Seg::One => out.push(b'*'),
            }
        }
        if self.resource.tail {
            if !first {
                out.push(b'/');
            }
            out.push(b'*');
        }
    }
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.verb, self.resource)
    }
}

impl fmt::Debug for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Permission({self})")
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Permission {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Permission {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A set of permissions, kept sorted and without duplicates.
///
/// Set operations respect pattern inclusion: [`PermissionSet::is_subset`] asks whether every
/// concrete `(verb, resource)` of one set is reached by the other, even when it takes several
/// entries of the other to cover it. The text form is a comma-separated list
/// (`"read:orders/*, write:orders/eu/*"`); serde uses a list of strings.
///
/// # Compiled once, checked many times
///
/// A set is compiled on its first check, once (a set parsed from a stored record and never
/// checked never pays for it): besides its sorted entries it then holds a trie keyed by verb, then segment, each node with a small hash table of its children
/// keyed by fingerprints computed when each permission was parsed, laid out in the entries' sorted
/// order (so a sorted grant walks it front to back). Asking whether one entry includes a permission
/// walks that trie, so its cost does not grow with the set's size and no text is hashed during a
/// check; only when no single entry includes the permission does the check fall back to the exact
/// search over several entries (which also finds the counterexample). The set also keeps its
/// entries' fingerprints back to back in one array, which a check reads front to back, and a check
/// walks a sorted grant entry after entry, starting each walk below the prefix it shares with the
/// last. A service that loads a ceiling once and checks many grants against it pays the compilation
/// once. [`PermissionSet::compiled_bytes`] says what it costs in memory.
#[derive(Clone, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(from = "Vec<Permission>", into = "Vec<Permission>")
)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(extend("uniqueItems" = true))
)]
pub struct PermissionSet {
    items: Vec<Permission>,
    /// `(key(verb, first segment), position)`, sorted: finds the entries that can reach a
    /// permission with one binary search over integers instead of string comparisons.
    index: Vec<(u64, u32)>,
    /// Whether any entry has the verb `*`, a bare `*` pattern, or a `*` first segment:
    /// groups a lookup can skip when absent.
    wild_verb: bool,
    bare: bool,
    one_first: bool,
    /// The compiled trie (see the type's docs) and the entries as fingerprints in one array,
    /// read front to back by a check: a function of `items`, built on the first check and
    /// kept (a set parsed from a record and never checked never pays for it).
    compiled: std::sync::OnceLock<(Trie, Flat)>,
}

impl Default for Trie {
    fn default() -> Self {
        Trie::EMPTY
    }
}

impl Default for Flat {
    fn default() -> Self {
        Flat::EMPTY
    }
}

// equality and hashing look at the entries only: the index and trie are functions of them
impl PartialEq for PermissionSet {
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items
    }
}

impl Eq for PermissionSet {}

impl core::hash::Hash for PermissionSet {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.items.hash(state);
    }
}

/// The index groups an entry's first segment falls into.
const BARE: u64 = 0x0b;
const ONE: u64 = 0x01;

/// FNV-1a over the verb, then the first segment's group: a small, fixed, dependency-free
/// hash (collisions only cost a comparison; candidates are always checked).
fn key(verb: &str, first: Option<&Seg>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    verb.bytes().for_each(&mut eat);
    eat(0xff);
    match first {
        None => eat(BARE as u8),
        Some(Seg::One) => eat(ONE as u8),
        Some(Seg::Lit(l, _)) => {
            eat(0xfe);
            l.bytes().for_each(&mut eat);
        }
    }
    h
}

impl From<Vec<Permission>> for PermissionSet {
    fn from(mut items: Vec<Permission>) -> Self {
        items.sort();
        items.dedup();
        PermissionSet::indexed(items)
    }
}

impl From<PermissionSet> for Vec<Permission> {
    fn from(s: PermissionSet) -> Self {
        s.items
    }
}

impl FromIterator<Permission> for PermissionSet {
    fn from_iter<I: IntoIterator<Item = Permission>>(iter: I) -> Self {
        PermissionSet::from(iter.into_iter().collect::<Vec<_>>())
    }
}

impl core::str::FromStr for PermissionSet {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        s.split(',')
            .filter(|p| !p.trim().is_empty())
            .map(str::parse)
            .collect()
    }
}

impl fmt::Display for PermissionSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.items.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for PermissionSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(&self.items).finish()
    }
}

impl PermissionSet {
    /// An empty set.
    #[must_use]
    pub const fn new() -> PermissionSet {
        PermissionSet {
            items: Vec::new(),
            index: Vec::new(),
            wild_verb: false,
            bare: false,
            one_first: false,
            compiled: std::sync::OnceLock::new(),
        }
    }

    fn compiled(&self) -> &(Trie, Flat) {
        self.compiled.get_or_init(|| {
            if self.items.is_empty() {
                (Trie::EMPTY, Flat::EMPTY)
            } else {
                (Trie::build(&self.items), Flat::build(&self.items))
            }
        })
    }

    /// The compiled trie.
    fn trie(&self) -> &Trie {
        &self.compiled().0
    }

    /// The entries as fingerprints.
    fn flat(&self) -> &Flat {
        &self.compiled().1
    }

    /// Builds the index over sorted, deduplicated `items`.
    fn indexed(items: Vec<Permission>) -> PermissionSet {
        let mut index: Vec<(u64, u32)> = items
            .iter()
            .enumerate()
            .map(|(i, p)| (p.key, u32::try_from(i).unwrap_or(u32::MAX)))
            .collect();
        index.sort_unstable();
        PermissionSet {
            compiled: std::sync::OnceLock::new(),
            wild_verb: items.iter().any(|p| &*p.verb == "*"),
            bare: items.iter().any(|p| p.resource.segs.is_empty()),
            one_first: items
                .iter()
                .any(|p| matches!(p.resource.segs.first(), Some(Seg::One))),
            items,
            index,
        }
    }

    /// The entries whose key is `k`.
    fn group(&self, k: u64) -> impl Iterator<Item = &Permission> + '_ {
        let lo = self.index.partition_point(|e| e.0 < k);
        self.index[lo..]
            .iter()
            .take_while(move |e| e.0 == k)
            .filter_map(|e| self.items.get(e.1 as usize))
    }

    /// The permissions, sorted.
    pub fn iter(&self) -> core::slice::Iter<'_, Permission> {
        self.items.iter()
    }

    /// Heap bytes held by the set's lookup structures (the compiled trie with its text, the
    /// flat array of fingerprints, and the index; compiling the set if it was not yet), not
    /// counting the permissions themselves. See the
    /// [type docs](PermissionSet#compiled-once-checked-many-times).
    ///
    /// ```
    /// use kwanus_migration::permission::PermissionSet;
    ///
    /// assert_eq!(PermissionSet::new().compiled_bytes(), 0);
    /// let set: PermissionSet = "read:orders/*, write:orders/eu/*".parse()?;
    /// assert!(set.compiled_bytes() > 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn compiled_bytes(&self) -> usize {
        self.trie().bytes()
            + self.flat().bytes()
            + self.index.capacity() * core::mem::size_of::<(u64, u32)>()
    }

    /// How many entries.
    #[must_use]
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there is no entry.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The entries with exactly the verb `v`: a contiguous block, found by binary search.
    fn block(&self, v: &str) -> &[Permission] {
        let lo = self.items.partition_point(|p| &*p.verb < v);
        let hi = lo + self.items[lo..].partition_point(|p| &*p.verb == v);
        &self.items[lo..hi]
    }

    /// The entries that could reach some of what `p` reaches (and could cover it): entries of
    /// its verb or `*` whose pattern is a bare `*`, starts with `*`, or starts with the same
    /// literal, looked up in the index. Entries of any other shape can never include `p`.
    /// A superset: callers check verb and segments.
    fn candidates_for<'a>(
        &'a self,
        p: &'a Permission,
    ) -> impl Iterator<Item = &'a Permission> + 'a {
        let first = p.resource.segs.first();
        let verbs: &[&str] = if self.wild_verb && &*p.verb != "*" {
            &[&*p.verb, "*"][..]
        } else {
            &[&*p.verb][..]
        };
        let mut keys = [None; 6];
        for (i, v) in verbs.iter().enumerate() {
            if let Some(Seg::Lit(..)) = first {
                keys[3 * i] = Some(if i == 0 { p.key } else { key(v, first) });
            }
            if self.one_first && first.is_some() {
                keys[3 * i + 1] = Some(key(v, Some(&Seg::One)));
            }
            if self.bare {
                keys[3 * i + 2] = Some(key(v, None));
            }
        }
        // no filtering here: every caller compares verbs and segments itself, and a hash
        // collision only adds a candidate that those comparisons reject
        keys.into_iter().flatten().flat_map(move |k| self.group(k))
    }

    /// The entries that could allow `verb` at all (either block, not narrowed).
    fn candidates<'a>(&'a self, verb: &str) -> impl Iterator<Item = &'a Permission> + 'a {
        let wild = if verb == "*" {
            &[][..]
        } else {
            self.block("*")
        };
        self.block(verb).iter().chain(wild)
    }

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
    fn holds(&self, at: &mut usize, words: Option<&[u64]>, p: &Permission) -> bool {
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
    fn cover(&self, p: &Permission) -> Result<(), Counterexample> {
        self.cover_walked(&mut Walker::new(self.trie()), p)
    }

    /// [`PermissionSet::cover`] of `w`'s permission, walking the trie (with `walker`, a
    /// walker of this set's trie) as `w` reads it.
    #[inline]
    fn cover_walked<W: Walked>(
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

    /// Whether some entry allows `verb` on the concrete `resource`.
    #[must_use]
    pub fn allows(&self, verb: &str, resource: &str) -> bool {
        self.candidates(verb).any(|p| p.allows(verb, resource))
    }

    /// Whether `p` is reached by this set (possibly by several entries together).
    #[must_use]
    pub fn covers(&self, p: &Permission) -> bool {
        self.cover(p).is_ok()
    }

    /// Whether every `(verb, resource)` reached by `self` is reached by `other`.
    ///
    /// ```
    /// use kwanus_migration::permission::PermissionSet;
    ///
    /// let narrow: PermissionSet = "read:orders/eu/*".parse()?;
    /// let wide: PermissionSet = "read:orders/*".parse()?;
    /// assert!(narrow.is_subset(&wide));
    /// assert!(!wide.is_subset(&narrow));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn is_subset(&self, other: &PermissionSet) -> bool {
        self.items.iter().all(|p| other.covers(p))
    }

    /// Every entry of either set, with entries covered by the other set's entries kept (the
    /// reached set is the union either way).
    #[must_use]
    pub fn union(&self, other: &PermissionSet) -> PermissionSet {
        self.items
            .iter()
            .chain(other.items.iter())
            .cloned()
            .collect()
    }

    /// The entries of `self` that `other` reaches, plus the entries of `other` that `self`
    /// reaches: a set reaching only what both reach, never more.
    #[must_use]
    pub fn intersection(&self, other: &PermissionSet) -> PermissionSet {
        self.items
            .iter()
            .filter(|p| other.covers(p))
            .chain(other.items.iter().filter(|p| self.covers(p)))
            .cloned()
            .collect()
    }

    /// The entries of `self` that `other` does not fully reach. (Patterns cannot express
    /// "a subtree minus a branch", so an entry partly reached by `other` is kept whole.)
    #[must_use]
    pub fn difference(&self, other: &PermissionSet) -> PermissionSet {
        self.items
            .iter()
            .filter(|p| !other.covers(p))
            .cloned()
            .collect()
    }

    /// The read-only projection used for fallback grants (playbook §6, "fallback permissions
    /// (read-only)"): only the bounded entries whose verb the catalog declares read-level
    /// and not escalation-capable. Always a subset of `self`, so it never widens.
    ///
    /// ```
    /// use kwanus_migration::permission::{Catalog, PermissionSet};
    ///
    /// let grant: PermissionSet = "read:orders/*, write:orders/*, grant:orders/*".parse()?;
    /// let fallback = grant.read_only_projection(&Catalog::default());
    /// assert_eq!(fallback.to_string(), "read:orders/*");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn read_only_projection(&self, catalog: &Catalog) -> PermissionSet {
        PermissionSet::indexed(
            self.items
                .iter()
                .filter(|p| {
                    !p.is_unbounded()
                        && catalog.level(&p.verb) == Access::Read
                        && !catalog.is_escalation(&p.verb)
                })
                .cloned()
                .collect(),
        )
    }
}

impl<'a> IntoIterator for &'a PermissionSet {
    type Item = &'a Permission;
    type IntoIter = core::slice::Iter<'a, Permission>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

/// The declared access level of each verb, and which verbs can escalate.
///
/// A verb not declared counts as [`Access::Admin`] (fail closed). `Catalog::default()`
/// declares the common verbs:
///
/// | level | verbs |
/// |---|---|
/// | read | `read`, `list`, `get`, `view`, `describe` |
/// | write | `write`, `create`, `update`, `delete`, `invoke`, `execute` |
/// | admin | `admin`, `manage`, and the escalation-capable `grant`, `bind`, `set-policy`, `edit-boundary`, `remove-boundary` |
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
pub struct Catalog {
    levels: BTreeMap<String, Access>,
    escalation: Vec<String>,
}

impl Default for Catalog {
    fn default() -> Self {
        let mut c = Catalog::empty();
        for v in ["read", "list", "get", "view", "describe"] {
            c = c.declare(v, Access::Read);
        }
        for v in ["write", "create", "update", "delete", "invoke", "execute"] {
            c = c.declare(v, Access::Write);
        }
        for v in ["admin", "manage"] {
            c = c.declare(v, Access::Admin);
        }
        for v in [
            "grant",
            "bind",
            "set-policy",
            "edit-boundary",
            "remove-boundary",
        ] {
            c = c.declare_escalation(v);
        }
        c
    }
}

impl Catalog {
    /// A catalog declaring nothing: every verb counts as admin.
    #[must_use]
    pub fn empty() -> Catalog {
        Catalog {
            levels: BTreeMap::new(),
            escalation: Vec::new(),
        }
    }

    /// Declares `verb` at `level`.
    #[must_use]
    pub fn declare(mut self, verb: &str, level: Access) -> Catalog {
        self.levels.insert(verb.to_owned(), level);
        self
    }

    /// Declares `verb` as escalation-capable (and admin-level).
    #[must_use]
    pub fn declare_escalation(mut self, verb: &str) -> Catalog {
        self.levels.insert(verb.to_owned(), Access::Admin);
        if !self.escalation.iter().any(|v| v == verb) {
            self.escalation.push(verb.to_owned());
        }
        self
    }

    /// The level of `verb`; undeclared verbs and `*` are [`Access::Admin`].
    #[must_use]
    pub fn level(&self, verb: &str) -> Access {
        if verb == "*" {
            // every verb, escalation included: whatever a catalog says
            return Access::Admin;
        }
        self.levels.get(verb).copied().unwrap_or(Access::Admin)
    }

    /// Whether `verb` can grant or change permissions; `*` always can.
    #[must_use]
    pub fn is_escalation(&self, verb: &str) -> bool {
        verb == "*" || self.escalation.iter().any(|v| v == verb)
    }
}

/// What a grant is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", tag = "purpose")
)]
#[non_exhaustive]
pub enum GrantPurpose {
    /// The grant a migration moves the partner to.
    Migration {
        /// The migration's kind.
        kind: MigrationKind,
        /// The migration's mode.
        mode: Mode,
    },
    /// The read-only grant kept while the fallback is in place.
    Fallback,
}

/// Everything [`check`] looks at. Plain data, borrowed.
#[derive(Debug, Clone, Copy)]
pub struct BoundaryCheck<'a> {
    /// The partner's grant before the change.
    pub current: &'a PermissionSet,
    /// The grant asked for.
    pub proposed: &'a PermissionSet,
    /// The boundary (power ceiling): nothing outside it is ever allowed.
    pub ceiling: &'a PermissionSet,
    /// Explicit denials; they override every allow.
    pub deny: &'a PermissionSet,
    /// What the grant is for.
    pub purpose: GrantPurpose,
    /// Governance bodies that approved the change.
    pub approvals: &'a [GovernanceBody],
    /// Declared verb levels.
    pub catalog: &'a Catalog,
}

static EMPTY: PermissionSet = PermissionSet::new();

impl<'a> BoundaryCheck<'a> {
    /// A check of a migration's grant with no deny list and no approvals; set the public
    /// fields for more.
    #[must_use]
    pub fn migration(
        current: &'a PermissionSet,
        proposed: &'a PermissionSet,
        ceiling: &'a PermissionSet,
        kind: MigrationKind,
        mode: Mode,
        catalog: &'a Catalog,
    ) -> BoundaryCheck<'a> {
        BoundaryCheck {
            current,
            proposed,
            ceiling,
            deny: &EMPTY,
            purpose: GrantPurpose::Migration { kind, mode },
            approvals: &[],
            catalog,
        }
    }

    /// A check of a fallback grant against the pre-migration grant.
    #[must_use]
    pub fn fallback(
        current: &'a PermissionSet,
        fallback: &'a PermissionSet,
        ceiling: &'a PermissionSet,
        catalog: &'a Catalog,
    ) -> BoundaryCheck<'a> {
        BoundaryCheck {
            current,
            proposed: fallback,
            ceiling,
            deny: &EMPTY,
            purpose: GrantPurpose::Fallback,
            approvals: &[],
            catalog,
        }
    }
}

/// The kind of a boundary violation. Its [`ViolationKind::code`] is stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum ViolationKind {
    /// The permission reaches outside the ceiling ("ceiling enforcement").
    ExceedsCeiling,
    /// The permission is unbounded (playbook §8: "unbounded permissions" are forbidden).
    Unbounded,
    /// The permission overlaps an explicit denial (deny overrides allow).
    Denied,
    /// A fallback permission above read level (playbook §6: "fallback permissions
    /// (read-only)").
    FallbackNotReadOnly,
    /// A fallback permission the pre-migration grant did not have (playbook §6: "fallback
    /// that expands permissions" is forbidden).
    FallbackWider,
    /// New access without SCO approval (playbook §3: "permission expansion (governed)").
    ExpansionWithoutSco,
    /// A restructuring or reduction that widens effective access.
    RestructuringWidens,
    /// An escalation-capable verb inside a partner grant.
    EscalationCapable,
}

impl ViolationKind {
    /// A stable machine-readable code for partner SDKs.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            ViolationKind::ExceedsCeiling => "permission.exceeds_ceiling",
            ViolationKind::Unbounded => "permission.unbounded",
            ViolationKind::Denied => "permission.denied",
            ViolationKind::FallbackNotReadOnly => "permission.fallback_not_read_only",
            ViolationKind::FallbackWider => "permission.fallback_wider",
            ViolationKind::ExpansionWithoutSco => "permission.expansion_without_sco",
            ViolationKind::RestructuringWidens => "permission.restructuring_widens",
            ViolationKind::EscalationCapable => "permission.escalation_capable",
        }
    }
}

impl fmt::Display for ViolationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ViolationKind::ExceedsCeiling => "exceeds the permission ceiling",
            ViolationKind::Unbounded => "is unbounded",
            ViolationKind::Denied => "overlaps an explicit denial",
            ViolationKind::FallbackNotReadOnly => {
                "is not read-only, but fallback permissions must be"
            }
            ViolationKind::FallbackWider => "widens the pre-migration grant in a fallback",
            ViolationKind::ExpansionWithoutSco => "expands access without SCO approval",
            ViolationKind::RestructuringWidens => "widens effective access in a restructuring",
            ViolationKind::EscalationCapable => "can grant or change permissions",
        })
    }
}

/// A concrete verb and resource: the proof that a rule is broken.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
pub struct Counterexample {
    /// The verb.
    pub verb: String,
    /// The concrete resource.
    pub resource: String,
}

impl fmt::Display for Counterexample {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} on {}", self.verb, self.resource)
    }
}

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
pub struct Violation {
    /// Which rule.
    pub kind: ViolationKind,
    /// The offending permission of the proposed grant.
    pub permission: Permission,
    /// A concrete verb and resource that shows it, where one exists.
    pub counterexample: Option<Counterexample>,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "[{}] {} {}",
            self.kind.code(),
            self.permission,
            self.kind
        )?;
        if let Some(c) = &self.counterexample {
            write!(f, " (for example {c})")?;
        }
        Ok(())
    }
}

/// The result of [`check`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
pub struct BoundaryReport {
    violations: Vec<Violation>,
}

impl BoundaryReport {
    /// Whether the proposed grant is proven inside every rule.
    #[must_use]
    pub fn allowed(&self) -> bool {
        self.violations.is_empty()
    }

    /// Every violation, in proposed-grant order, then by kind.
    #[must_use]
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// Whether a violation of `kind` is present.
    #[must_use]
    pub fn has(&self, kind: ViolationKind) -> bool {
        self.violations.iter().any(|v| v.kind == kind)
    }
}

impl fmt::Display for BoundaryReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.allowed() {
            return f.write_str("allowed: every permission is inside the boundary");
        }
        write!(f, "refused: {} violation(s)", self.violations.len())?;
        for v in &self.violations {
            write!(f, "\n  {v}")?;
        }
        Ok(())
    }
}

/// `set.cover(p)`, walking `p` as its flat entry `words` when it has one, with `walker`, a
/// walker of the set's trie.
#[inline(always)]
fn cover_entry(
    set: &PermissionSet,
    walker: &mut Walker<'_>,
    words: Option<&[u64]>,
    p: &Permission,
) -> Result<(), Counterexample> {
    match words {
        Some(words) => set.cover_walked(walker, &FlatEntry::new(words, p)),
        None => set.cover_walked(walker, p),
    }
}

/// Checks a proposed grant against the rules. See the [module docs](self).
///
/// Per proposed permission, in this order: unbounded; escalation-capable; denied; outside the
/// ceiling; then for a fallback: not read-only, wider than the current grant; for a
/// migration: new access without SCO approval, and for a permission restructuring or
/// reduction, any new access at all.
#[must_use]
pub fn check(input: &BoundaryCheck<'_>) -> BoundaryReport {
    let mut violations = Vec::new();
    let sco = input.approvals.contains(&GovernanceBody::Sco);
    // the proposed grant is sorted by verb: the catalog is asked once per verb
    let mut last: Option<(&Permission, bool)> = None;
    let mut cursor = 0;
    // a grant proposed unchanged (its flat form equal to the current one's) widens nothing
    let same_grant = input.proposed.flat().same_entries(input.current.flat());
    // the proposed grant is sorted: each walker looks a run's verb up once
    let (mut ceiling, mut current) = (
        Walker::new(input.ceiling.trie()),
        Walker::new(input.current.trie()),
    );
    for (i, p) in input.proposed.items.iter().enumerate() {
        // the entry as its set's flat form has it: read front to back, not from the heap
        let words = input.proposed.flat().entry(i);
        let escalation = match last {
            Some((q, e))
                if same_text(q.verb_fp, q.verb.as_bytes(), p.verb_fp, p.verb.as_bytes()) =>
            {
                e
            }
            _ => {
                let e = input.catalog.is_escalation(&p.verb);
                last = Some((p, e));
                e
            }
        };
        let mut push = |kind, counterexample| {
            violations.push(Violation {
                kind,
                permission: p.clone(),
                counterexample,
            });
        };
        let unbounded = match words {
            Some(words) => FlatEntry::new(words, p).is_unbounded(),
            None => p.is_unbounded(),
        };
        if unbounded {
            push(ViolationKind::Unbounded, None);
        }
        if escalation {
            push(ViolationKind::EscalationCapable, None);
        }
        let denied = if input.deny.is_empty() {
            None
        } else if &*p.verb == "*" || !matches!(p.resource.segs.first(), Some(Seg::Lit(..))) {
            input.deny.iter().find(|d| p.overlaps(d))
        } else {
            // a literal first segment overlaps only bare, same-literal and `*`-first entries
            input.deny.candidates_for(p).find(|d| p.overlaps(d))
        };
        if let Some(d) = denied {
            let resource = p.resource.common_instance(&d.resource);
            let verb = if &*p.verb == "*" {
                d.verb.to_string()
            } else {
                p.verb.to_string()
            };
            push(
                ViolationKind::Denied,
                resource.map(|resource| Counterexample { verb, resource }),
            );
        }
        if let Err(c) = cover_entry(input.ceiling, &mut ceiling, words, p) {
            push(ViolationKind::ExceedsCeiling, Some(c));
        }
        // the proposed grant is mostly the current one: an entry of both is covered without
        // a walk, found by a cursor moving forward through the current grant
        let widening = if same_grant || input.current.holds(&mut cursor, words, p) {
            None
        } else {
            cover_entry(input.current, &mut current, words, p).err()
        };
        match input.purpose {
            GrantPurpose::Fallback => {
                if input.catalog.level(&p.verb) > Access::Read {
                    push(ViolationKind::FallbackNotReadOnly, None);
                }
                if let Some(c) = widening {
                    push(ViolationKind::FallbackWider, Some(c));
                }
            }
            GrantPurpose::Migration { kind, .. } => {
                if let Some(c) = widening {
                    if matches!(
                        kind,
                        MigrationKind::PermissionRestructuring | MigrationKind::PermissionReduction
                    ) {
                        push(ViolationKind::RestructuringWidens, Some(c.clone()));
                    }
                    if !sco {
                        push(ViolationKind::ExpansionWithoutSco, Some(c));
                    }
                }
            }
        }
    }
    BoundaryReport { violations }
}

/// How one permission changed between two grants.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", tag = "change")
)]
#[non_exhaustive]
pub enum PermissionChange {
    /// New, reaching what nothing before reached.
    Added {
        /// The new permission.
        permission: Permission,
    },
    /// Gone, and nothing in the new grant reaches what it reached.
    Removed {
        /// The old permission.
        permission: Permission,
    },
    /// A new permission strictly wider than an old one on the same verb.
    Widened {
        /// The old permission.
        from: Permission,
        /// The new permission.
        to: Permission,
    },
    /// A new permission strictly narrower than an old one on the same verb.
    Narrowed {
        /// The old permission.
        from: Permission,
        /// The new permission.
        to: Permission,
    },
}

impl fmt::Display for PermissionChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PermissionChange::Added { permission } => write!(f, "+ {permission}"),
            PermissionChange::Removed { permission } => write!(f, "- {permission}"),
            PermissionChange::Widened { from, to } => write!(f, "▲ {from} → {to}"),
            PermissionChange::Narrowed { from, to } => write!(f, "▼ {from} → {to}"),
        }
    }
}

/// The changes from `old` to `new`, for a partner to review before submitting: added,
/// removed, widened and narrowed permissions. Permissions present in both are left out.
///
/// ```
/// use kwanus_migration::permission::{diff, PermissionSet};
///
/// let old: PermissionSet = "read:orders/eu/*, write:orders/eu/*".parse()?;
/// let new: PermissionSet = "read:orders/*, write:orders/eu/archive/*".parse()?;
/// let lines: Vec<String> = diff(&old, &new).iter().map(|c| c.to_string()).collect();
/// assert_eq!(lines, [
///     "▲ read:orders/eu/* → read:orders/*",
///     "▼ write:orders/eu/* → write:orders/eu/archive/*",
/// ]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn diff(old: &PermissionSet, new: &PermissionSet) -> Vec<PermissionChange> {
    let mut out = Vec::new();
    let mut accounted = vec![false; old.items.len()];
    for p in new {
        if let Ok(i) = old.items.binary_search(p) {
            accounted[i] = true;
            continue;
        }
        let strictly = |a: &Permission, b: &Permission| a.is_within(b) && !b.is_within(a);
        if let Some(i) = old
            .items
            .iter()
            .position(|q| q.verb == p.verb && strictly(q, p))
        {
            accounted[i] = true;
            out.push(PermissionChange::Widened {
                from: old.items[i].clone(),
                to: p.clone(),
            });
        } else if let Some(i) = old
            .items
            .iter()
            .position(|q| q.verb == p.verb && strictly(p, q))
        {
            accounted[i] = true;
            out.push(PermissionChange::Narrowed {
                from: old.items[i].clone(),
                to: p.clone(),
            });
        } else if !old.covers(p) {
            out.push(PermissionChange::Added {
                permission: p.clone(),
            });
        }
    }
    for (i, q) in old.items.iter().enumerate() {
        if !accounted[i] && !new.covers(q) {
            out.push(PermissionChange::Removed {
                permission: q.clone(),
            });
        }
    }
    out.sort_by(|a, b| change_order(a).cmp(&change_order(b)));
    out
}

fn change_order(c: &PermissionChange) -> (&Permission, Ordering) {
    match c {
        PermissionChange::Added { permission } | PermissionChange::Removed { permission } => {
            (permission, Ordering::Equal)
        }
        PermissionChange::Widened { from, .. } | PermissionChange::Narrowed { from, .. } => {
            (from, Ordering::Less)
        }
    }
}

#[cfg(test)]
mod text_tests {
    use super::*;

    #[test]
    fn the_written_text_is_the_display_text() {
        for text in [
            "read:orders/eu/*",
            "read:*",
            "write:a/*/b",
            "admin:x",
            "list:orders/*/eu/*",
        ] {
            let p: Permission = text.parse().unwrap();
            let mut out = Vec::new();
            p.write_text(&mut out);
            assert_eq!(String::from_utf8(out).unwrap(), p.to_string());
            assert_eq!(p.text_len(), p.to_string().len(), "{text}");
        }
    }
}
