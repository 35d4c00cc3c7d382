//! A set of permissions: its sorted entries, the index over them, and set operations.

use core::fmt;
use std::sync::OnceLock;

use super::catalog::{Access, Catalog};
use super::compiled::{Flat, Trie};
use super::error::ParseError;
use super::pattern::Seg;
use super::sort::sort;
use super::verb::{key, Permission};

/// A set of permissions, kept sorted and without duplicates.
///
/// Set operations respect pattern inclusion: [`PermissionSet::is_subset`] asks whether every
/// concrete `(verb, resource)` of one set is reached by the other. In this pattern language a
/// set reaches a permission exactly when one of its entries does (see
/// [`PermissionSet::covers`]), so no check needs to search combinations of entries. The text form is a comma-separated list
/// (`"read:orders/*, write:orders/eu/*"`); serde uses a list of strings.
///
/// # Compact when held, compiled when checked
///
/// A set merely held (parsed from a stored record, kept in an event) is its sorted entries,
/// each holding its text in place (a text of more than 37 bytes in one allocation of its
/// own); nothing else. What a check needs is built on first need, each part once, and kept
/// (a set parsed from a record and never checked never pays for it):
///
/// - a trie keyed by verb, then segment, each node with a small hash table of its children
///   keyed by fingerprints of the text, laid out in the entries' sorted order (so a sorted
///   grant walks it front to back), built in one pass over the sorted entries' texts (each
///   entry reads only the part of its text it does not share with the one before). Asking
///   whether
///   one entry includes a permission walks that trie, so its cost does not grow with the set's
///   size and no text is hashed during a check; only when the walk cannot tell does the check
///   ask the candidate entries one by one, and a permission no entry includes gets its
///   counterexample;
/// - the entries' fingerprints back to back in one array, which a check reads front to back
///   (a check walks a sorted grant entry after entry, starting each walk below the prefix it
///   shares with the last). The first check that walks a set's entries computes them as it
///   goes, from the texts; the array is built for the second;
/// - an index of the entries by verb and first segment, for the candidates.
///
/// A service that loads a ceiling once and checks many grants against it pays the compilation
/// once. [`PermissionSet::compiled_bytes`] says what it costs in memory.
#[derive(Clone, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Deserialize),
    serde(from = "Vec<Permission>")
)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(into = "Vec<Permission>", extend("uniqueItems" = true))
)]
pub struct PermissionSet {
    pub(super) items: Vec<Permission>,
    /// The structures a check needs, functions of `items` built on first need: one pointer
    /// while none is.
    lazy: OnceLock<Box<Lazy>>,
}

/// What a set builds on first need, each part on its own first need.
#[derive(Clone, Default)]
struct Lazy {
    /// The compiled trie (see the type's docs).
    trie: OnceLock<Trie>,
    /// The entries as fingerprints in one array, read front to back by a check.
    flat: OnceLock<Flat>,
    /// The index of the entries by verb and first segment.
    index: OnceLock<Index>,
    /// Set when a check first walks the set's entries (see
    /// [`PermissionSet::flat_if_walked_before`]).
    walked: OnceLock<()>,
    /// Set when a check first asks the set, as a ceiling, next to each permission's sorted
    /// place (see [`PermissionSet::first_check_as_ceiling`]).
    asked: OnceLock<()>,
}

/// The entries by `key(verb, first segment)`, and the shapes present.
#[derive(Clone, Default)]
pub(super) struct Index {
    /// `(key(verb, first segment), position)`, sorted: finds the entries that can reach a
    /// permission with one binary search over integers instead of string comparisons.
    keys: Vec<(u64, u32)>,
    /// Whether any entry has the verb `*`, a bare `*` pattern, or a `*` first segment:
    /// groups a lookup can skip when absent.
    pub(super) wild_verb: bool,
    pub(super) bare: bool,
    pub(super) one_first: bool,
}

impl Index {
    const EMPTY: Index = Index {
        keys: Vec::new(),
        wild_verb: false,
        bare: false,
        one_first: false,
    };

    fn build(items: &[Permission]) -> Index {
        let mut keys: Vec<(u64, u32)> = items
            .iter()
            .enumerate()
            .map(|(i, p)| (p.key(), u32::try_from(i).unwrap_or(u32::MAX)))
            .collect();
        keys.sort_unstable();
        Index {
            keys,
            wild_verb: items.iter().any(|p| p.verb_bytes() == b"*"),
            bare: items.iter().any(|p| p.resource.first_seg().is_none()),
            one_first: items
                .iter()
                .any(|p| matches!(p.resource.first_seg(), Some(Seg::One))),
        }
    }

    fn bytes(&self) -> usize {
        self.keys.capacity() * core::mem::size_of::<(u64, u32)>()
    }
}

static EMPTY_TRIE: Trie = Trie::EMPTY;
static EMPTY_FLAT: Flat = Flat::EMPTY;
static EMPTY_INDEX: Index = Index::EMPTY;

// equality and hashing look at the entries only: the rest are functions of them
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

impl From<Vec<Permission>> for PermissionSet {
    fn from(mut items: Vec<Permission>) -> Self {
        // a set as the crate writes it is in order already
        if !items.is_sorted_by(|a, b| a < b) && sort(&mut items) {
            items.dedup();
        }
        PermissionSet::sorted(items)
    }
}

impl From<PermissionSet> for Vec<Permission> {
    fn from(s: PermissionSet) -> Self {
        s.items
    }
}

impl FromIterator<Permission> for PermissionSet {
    fn from_iter<I: IntoIterator<Item = Permission>>(iter: I) -> Self {
        // room for as many entries as the iterator says it may give (a parse collecting
        // `Result`s says 0 at least, and the number of texts at most), not grown step by step
        let iter = iter.into_iter();
        let (least, most) = iter.size_hint();
        let mut items = Vec::with_capacity(most.unwrap_or(least));
        // pushed from inside the iterator's own loop (a parse collecting `Result`s writes each
        // entry once, where `extend` moves it out of the iterator's `next` first)
        iter.for_each(|p| items.push(p));
        if items.capacity() > items.len() + items.len() / 4 {
            items.shrink_to_fit();
        }
        PermissionSet::from(items)
    }
}

impl core::str::FromStr for PermissionSet {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        s.split(',')
            .filter(|p| !crate::text::blank(p))
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
            lazy: OnceLock::new(),
        }
    }

    /// The set of `items`, sorted and without repeats; nothing built yet.
    fn sorted(items: Vec<Permission>) -> PermissionSet {
        PermissionSet {
            items,
            lazy: OnceLock::new(),
        }
    }

    fn lazy(&self) -> &Lazy {
        self.lazy.get_or_init(Box::default)
    }

    /// The compiled trie.
    pub(super) fn trie(&self) -> &Trie {
        if self.items.is_empty() {
            return &EMPTY_TRIE;
        }
        self.lazy().trie.get_or_init(|| Trie::build(&self.items))
    }

    /// Whether the compiled trie was built (by an earlier check).
    #[cfg(test)]
    pub(super) fn trie_built(&self) -> bool {
        self.items.is_empty() || self.lazy.get().is_some_and(|l| l.trie.get().is_some())
    }

    /// Whether a check of a grant against this set as its ceiling may first ask the entries
    /// next to each permission's sorted place (see `near`): only the set's first check, when
    /// its trie is not built. A set checked again is compiled, and its later checks walk the
    /// trie (a service checking many grants against one ceiling pays the compilation once).
    pub(super) fn first_check_as_ceiling(&self) -> bool {
        if self.items.is_empty() {
            return false;
        }
        let lazy = self.lazy();
        lazy.trie.get().is_none() && lazy.asked.set(()).is_ok()
    }

    /// The entries as fingerprints.
    pub(super) fn flat(&self) -> &Flat {
        if self.items.is_empty() {
            return &EMPTY_FLAT;
        }
        self.lazy().flat.get_or_init(|| Flat::build(&self.items))
    }

    /// The flat form for a check walking this set's entries: the one built, or built now if
    /// the set was walked before; `None` the first time, when the walk reads the entries'
    /// texts instead (a set checked once never pays for the array).
    pub(super) fn flat_if_walked_before(&self) -> Option<&Flat> {
        if self.items.is_empty() {
            return Some(&EMPTY_FLAT);
        }
        let lazy = self.lazy();
        if let Some(flat) = lazy.flat.get() {
            return Some(flat);
        }
        if lazy.walked.set(()).is_ok() {
            return None;
        }
        Some(self.flat())
    }

    /// The index of the entries.
    pub(super) fn index(&self) -> &Index {
        if self.items.is_empty() {
            return &EMPTY_INDEX;
        }
        self.lazy().index.get_or_init(|| Index::build(&self.items))
    }

    /// The entries whose key is `k`.
    pub(super) fn group(&self, k: u64) -> impl Iterator<Item = &Permission> + '_ {
        let keys = &self.index().keys;
        let lo = keys.partition_point(|e| e.0 < k);
        keys.get(lo..)
            .unwrap_or_default()
            .iter()
            .take_while(move |e| e.0 == k)
            .filter_map(|e| self.items.get(e.1 as usize))
    }

    /// The permissions, sorted.
    pub fn iter(&self) -> core::slice::Iter<'_, Permission> {
        self.items.iter()
    }

    /// Heap bytes held by the set's lookup structures (the compiled trie with its text, the
    /// flat array of fingerprints, and the index; building each if it was not yet), not
    /// counting the permissions themselves. See the
    /// [type docs](PermissionSet#compact-when-held-compiled-when-checked); what the entries
    /// hold is [`PermissionSet::held_bytes`].
    ///
    /// ```
    /// use kwanus_migration::permission::PermissionSet;
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     assert_eq!(PermissionSet::new().compiled_bytes(), 0);
    ///     let set: PermissionSet = "read:orders/*, write:orders/eu/*".parse()?;
    ///     assert!(set.compiled_bytes() > 0);
    ///     Ok(())
    /// }
    /// ```
    #[must_use]
    pub fn compiled_bytes(&self) -> usize {
        if self.items.is_empty() {
            return 0;
        }
        self.trie().bytes()
            + self.flat().bytes()
            + self.index().bytes()
            + core::mem::size_of::<Lazy>()
    }

    /// Heap bytes held by the entries themselves: the array of entries, which holds the
    /// texts of up to 37 bytes in place, and the texts too long for it (one allocation each),
    /// what a set merely held costs beside its own [`size_of`](core::mem::size_of). The
    /// lookup structures a check builds are [`PermissionSet::compiled_bytes`].
    ///
    /// ```
    /// use kwanus_migration::permission::PermissionSet;
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let set: PermissionSet = "read:orders/*, write:orders/eu/*".parse()?;
    ///     // two entries, their texts (16 and 18 bytes) held in place
    ///     assert!(set.held_bytes() >= 16 + 18);
    ///     Ok(())
    /// }
    /// ```
    #[must_use]
    pub fn held_bytes(&self) -> usize {
        self.items.capacity() * core::mem::size_of::<Permission>()
            + self
                .items
                .iter()
                .map(|p| p.resource.heap_bytes())
                .sum::<usize>()
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
        let lo = self.items.partition_point(|p| p.verb() < v);
        let rest = self.items.get(lo..).unwrap_or_default();
        rest.get(..rest.partition_point(|p| p.verb() == v))
            .unwrap_or_default()
    }

    /// The entries that could reach some of what `p` reaches (and could cover it): entries of
    /// its verb or `*` whose pattern is a bare `*`, starts with `*`, or starts with the same
    /// literal, looked up in the index. Entries of any other shape can never include `p`.
    /// A superset: callers check verb and segments.
    pub(super) fn candidates_for<'a>(
        &'a self,
        p: &'a Permission,
    ) -> impl Iterator<Item = &'a Permission> + 'a {
        let first = p.resource.first_seg();
        let index = self.index();
        let verbs: &[&str] = if index.wild_verb && p.verb() != "*" {
            &[p.verb(), "*"][..]
        } else {
            &[p.verb()][..]
        };
        let mut keys = [None; 6];
        for (i, v) in verbs.iter().enumerate() {
            if let Some(Seg::Lit(..)) = first {
                keys[3 * i] = Some(key(v, first));
            }
            if index.one_first && first.is_some() {
                keys[3 * i + 1] = Some(key(v, Some(Seg::One)));
            }
            if index.bare {
                keys[3 * i + 2] = Some(key(v, None));
            }
        }
        // no filtering here: every caller compares verbs and segments itself, and a hash
        // collision only adds a candidate that those comparisons reject
        keys.into_iter().flatten().flat_map(move |k| self.group(k))
    }

    /// The entries that could allow `verb` at all (either block, not narrowed).
    fn candidates<'a>(&'a self, verb: &str) -> impl Iterator<Item = &'a Permission> + use<'a> {
        let wild = if verb == "*" {
            &[][..]
        } else {
            self.block("*")
        };
        self.block(verb).iter().chain(wild)
    }

    /// Whether some entry allows `verb` on the concrete `resource`.
    #[must_use]
    pub fn allows(&self, verb: &str, resource: &str) -> bool {
        self.candidates(verb).any(|p| p.allows(verb, resource))
    }

    /// Whether `p` is reached by this set: whether every concrete `(verb, resource)` of `p`
    /// is reached by some entry.
    ///
    /// That is exactly when one entry includes `p` whole: several entries together never
    /// reach what none reaches alone. Put a literal no entry names in each `*` of `p` (and
    /// one such segment for a trailing `*`): an entry that reaches that instance has a `*`
    /// wherever the literal stands, and, where it stands for a trailing `*`, a trailing `*`
    /// of its own (a last segment is never a one-segment `*`); so it reaches all of `p`.
    /// `orders/*` is not reached by `orders/a, orders/b` nor by `orders/*/*`, while
    /// `orders/*/*, orders/*` reaches it through its second entry.
    #[must_use]
    pub fn covers(&self, p: &Permission) -> bool {
        self.cover(p).is_ok()
    }

    /// Whether every `(verb, resource)` reached by `self` is reached by `other`.
    ///
    /// ```
    /// use kwanus_migration::permission::PermissionSet;
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let narrow: PermissionSet = "read:orders/eu/*".parse()?;
    ///     let wide: PermissionSet = "read:orders/*".parse()?;
    ///     assert!(narrow.is_subset(&wide));
    ///     assert!(!wide.is_subset(&narrow));
    ///     Ok(())
    /// }
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
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let grant: PermissionSet = "read:orders/*, write:orders/*, grant:orders/*".parse()?;
    ///     let fallback = grant.read_only_projection(&Catalog::default());
    ///     assert_eq!(fallback.to_string(), "read:orders/*");
    ///     Ok(())
    /// }
    /// ```
    #[must_use]
    pub fn read_only_projection(&self, catalog: &Catalog) -> PermissionSet {
        PermissionSet::sorted(
            self.items
                .iter()
                .filter(|p| {
                    !p.is_unbounded()
                        && catalog.level(p.verb()) == Access::Read
                        && !catalog.is_escalation(p.verb())
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

/// A permission set in a record, read *as written*: the entries in the set's order
/// ([`Permission`]'s `Ord`, the order a set iterates), without repeats, each written as the
/// crate writes it (`verb:pattern`, no surrounding space). The lenient readers
/// (`From<Vec<Permission>>`, `FromStr`, the type's own `Deserialize`) sort and deduplicate;
/// a record must not need it, so that a verifier hashing the array as written agrees.
#[cfg(feature = "serde")]
pub(crate) mod as_written {
    use serde::Deserialize;

    use super::{Permission, PermissionSet};

    pub(crate) fn serialize<S: serde::Serializer>(
        set: &PermissionSet,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(set, s)
    }

    pub(crate) fn deserialize<'de, D: serde::Deserializer<'de>>(
        d: D,
    ) -> Result<PermissionSet, D::Error> {
        let texts = Vec::<std::borrow::Cow<'de, str>>::deserialize(d)?;
        strict(&texts).map_err(serde::de::Error::custom)
    }

    pub(crate) fn strict(texts: &[std::borrow::Cow<'_, str>]) -> Result<PermissionSet, String> {
        let mut items: Vec<Permission> = Vec::with_capacity(texts.len());
        for (n, text) in texts.iter().enumerate() {
            let p: Permission = text
                .parse()
                .map_err(|e| format!("entry {n} of the permission set: {e}"))?;
            // the parser only trims surrounding white space: the text is the one the crate
            // writes exactly when it has the written length
            if p.text_len() != text.len() {
                return Err(format!(
                    "entry {n} of the permission set is not written as `{p}`"
                ));
            }
            if let Some(last) = items.last() {
                match last.cmp(&p) {
                    core::cmp::Ordering::Less => {}
                    core::cmp::Ordering::Equal => {
                        return Err(format!("the permission set repeats entry {n}"));
                    }
                    core::cmp::Ordering::Greater => {
                        return Err(format!("the permission set is not in order at entry {n}"));
                    }
                }
            }
            items.push(p);
        }
        Ok(PermissionSet::sorted(items))
    }

    /// The same for a set or `null`, the key always present.
    pub(crate) mod option {
        use serde::Deserialize;

        use super::super::PermissionSet;

        pub(crate) fn serialize<S: serde::Serializer>(
            set: &Option<PermissionSet>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            serde::Serialize::serialize(set, s)
        }

        pub(crate) fn deserialize<'de, D: serde::Deserializer<'de>>(
            d: D,
        ) -> Result<Option<PermissionSet>, D::Error> {
            Option::<Vec<std::borrow::Cow<'de, str>>>::deserialize(d)?
                .map(|texts| super::strict(&texts).map_err(serde::de::Error::custom))
                .transpose()
        }
    }
}
