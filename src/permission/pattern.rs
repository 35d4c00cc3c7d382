//! Resource patterns (`orders/*/items`, `orders/eu/*`): parsing, matching, inclusion and
//! overlap.

use core::cmp::Ordering;
use core::fmt;

use super::error::ParseError;
use super::text::{self, cmp_text, pattern_error};

/// One segment of a resource pattern, read from its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Seg<'a> {
    /// A literal.
    Lit(&'a str),
    /// `*` before the last segment: exactly one segment.
    One,
}

/// A hierarchical resource pattern such as `orders/eu/*`. See the [module docs](super).
///
/// Kept as its text, validated once: in a [`Permission`](super::Permission) the text is the
/// permission's whole text (`verb:pattern`, held once for both) and the pattern starts at
/// `start`. A text of up to `INLINE` (37) bytes is held in place, a longer one in one
/// allocation.
#[derive(Clone)]
pub struct ResourcePattern {
    text: Held,
}

/// How many bytes of text a pattern (or its permission) holds in place, without an
/// allocation.
pub(super) const INLINE: usize = 37;

/// The text of a pattern or permission, and where the pattern starts in it.
#[derive(Clone)]
enum Held {
    /// A short text in place: its length, where the pattern starts, and its bytes.
    Inline {
        len: u8,
        start: u8,
        bytes: [u8; INLINE],
    },
    /// A longer text, in one allocation.
    Heap { start: usize, text: Box<str> },
}

impl Held {
    /// The concatenation of `parts`, its pattern starting at `start`.
    #[inline]
    fn new(parts: &[&str], start: usize) -> Held {
        if let [one] = parts {
            return Held::one(one, start);
        }
        let len: usize = parts.iter().map(|p| p.len()).sum();
        if let (Ok(short), Ok(start)) = (u8::try_from(len), u8::try_from(start)) {
            let mut bytes = [0u8; INLINE];
            let mut at = 0usize;
            let fits = len <= INLINE
                && parts.iter().all(|p| {
                    let end = at + p.len();
                    let copied = bytes
                        .get_mut(at..end)
                        .map(|to| to.copy_from_slice(p.as_bytes()));
                    at = end;
                    copied.is_some()
                });
            if fits {
                return Held::Inline {
                    len: short,
                    start,
                    bytes,
                };
            }
        }
        Held::Heap {
            start,
            text: parts.concat().into_boxed_str(),
        }
    }

    /// The text `s`, its pattern starting at `start`: a short text copied in place in a few
    /// fixed-size moves (overlapping where the length is not their sum), not a call.
    #[inline(always)]
    fn one(s: &str, start: usize) -> Held {
        let b = s.as_bytes();
        let (Ok(len), Ok(at)) = (u8::try_from(b.len()), u8::try_from(start)) else {
            return Held::Heap {
                start,
                text: s.into(),
            };
        };
        let mut bytes = [0u8; INLINE];
        let fits = match b.len() {
            0 => true,
            1..4 => {
                for (to, from) in bytes.iter_mut().zip(b) {
                    *to = *from;
                }
                true
            }
            4..8 => copy_ends::<4>(&mut bytes, b),
            8..16 => copy_ends::<8>(&mut bytes, b),
            16..=32 => copy_ends::<16>(&mut bytes, b),
            33..=INLINE => copy_ends::<32>(&mut bytes, b),
            _ => false,
        };
        if fits {
            Held::Inline {
                len,
                start: at,
                bytes,
            }
        } else {
            Held::Heap {
                start,
                text: s.into(),
            }
        }
    }

    #[inline(always)]
    fn bytes(&self) -> &[u8] {
        match self {
            Held::Inline { len, bytes, .. } => bytes.get(..usize::from(*len)).unwrap_or_default(),
            Held::Heap { text, .. } => text.as_bytes(),
        }
    }

    #[inline(always)]
    fn start(&self) -> usize {
        match self {
            Held::Inline { start, .. } => usize::from(*start),
            Held::Heap { start, .. } => *start,
        }
    }

    /// The text: copied whole from a `str` when made, so never invalid.
    #[inline]
    fn as_str(&self) -> &str {
        match self {
            Held::Inline { .. } => core::str::from_utf8(self.bytes()).unwrap_or_default(),
            Held::Heap { text, .. } => text,
        }
    }

    /// Sixteen bytes of the text from byte `at` on, zeros past its end.
    #[inline]
    fn window(&self, at: usize) -> [u8; 16] {
        if let Held::Inline { bytes, .. } = self {
            // an inline text's unused bytes are zeros
            if let Some(w) = bytes.get(at..).and_then(<[u8]>::first_chunk::<16>) {
                return *w;
            }
        }
        let rest = self.bytes().get(at..).unwrap_or_default();
        let mut w = [0u8; 16];
        let n = rest.len().min(16);
        if let (Some(to), Some(from)) = (w.get_mut(..n), rest.get(..n)) {
            to.copy_from_slice(from);
        }
        w
    }

    /// Heap bytes held.
    fn heap_bytes(&self) -> usize {
        match self {
            Held::Inline { .. } => 0,
            Held::Heap { text, .. } => text.len(),
        }
    }
}

/// Copies the first `N` and the last `N` bytes of `from` (`N <= from.len() <= 2 N`) to the
/// same places of `to`, so all of `from`; whether `to` has room.
#[inline(always)]
fn copy_ends<const N: usize>(to: &mut [u8; INLINE], from: &[u8]) -> bool {
    let n = from.len();
    let (Some(head), Some(tail)) = (from.first_chunk::<N>(), from.last_chunk::<N>()) else {
        return false;
    };
    let Some(at) = n.checked_sub(N) else {
        return false;
    };
    match to.first_chunk_mut::<N>() {
        Some(t) => *t = *head,
        None => return false,
    }
    match to.get_mut(at..n).and_then(<[u8]>::first_chunk_mut::<N>) {
        Some(t) => *t = *tail,
        None => return false,
    }
    true
}

impl core::str::FromStr for ResourcePattern {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        match pattern_error(s) {
            Some(e) => Err(e),
            None => Ok(ResourcePattern {
                text: Held::new(&[s], 0),
            }),
        }
    }
}

impl ResourcePattern {
    /// The pattern held in the concatenation of `parts` from byte `start` on, already
    /// validated.
    #[inline]
    pub(super) fn within(parts: &[&str], start: usize) -> ResourcePattern {
        ResourcePattern {
            text: Held::new(parts, start),
        }
    }

    /// The whole text held: the pattern's, or its permission's.
    #[inline]
    pub(super) fn held(&self) -> &str {
        self.text.as_str()
    }

    /// The bytes of [`ResourcePattern::held`], read without checking them again.
    #[inline(always)]
    pub(super) fn held_bytes(&self) -> &[u8] {
        self.text.bytes()
    }

    /// Heap bytes held: the text, when it is too long to be held in place.
    pub(super) fn heap_bytes(&self) -> usize {
        self.text.heap_bytes()
    }

    /// Where the pattern starts in [`ResourcePattern::held`].
    #[inline(always)]
    pub(super) fn start(&self) -> usize {
        self.text.start()
    }

    /// The pattern's text, as `Display` writes it.
    #[inline]
    pub(super) fn as_str(&self) -> &str {
        self.held().get(self.start()..).unwrap_or_default()
    }

    /// Sixteen bytes of the pattern from byte `from` on, zeros past its end.
    #[inline]
    pub(super) fn window(&self, from: usize) -> [u8; 16] {
        self.text.window(self.start() + from)
    }

    /// The ranks of the twelve bytes of this pattern from byte `from` on (zeros past its end), in
    /// the high 96 bits of a number whose low 32 are zero: of two patterns whose first `from`
    /// bytes are the same, the one below the other in [`cmp_text`]'s order (`resource_at` = 0)
    /// never has a larger key. (Where one of them ends within those bytes, with or without a
    /// trailing `*`, it is the lower, and its key zero.)
    #[inline]
    pub(super) fn key(&self, from: usize) -> u128 {
        const ONES: u128 = u128::MAX / 0xff;
        let x = u128::from_be_bytes(self.window(from));
        // a separator ranks 0, a `*` above every character, a trailing `*` 1: computed on all
        // sixteen bytes at once (no byte is written, then read back as a number)
        let mut key = (x & !text::bytes_equal(x, b'/')) | text::bytes_equal(x, b'*');
        let bytes = self.as_bytes();
        if bytes.last() == Some(&b'*') {
            if let Some(t) = (bytes.len() - 1).checked_sub(from).filter(|&t| t < 16) {
                let shift = 8 * (15 - t);
                key = (key & !(0xff << shift)) | (ONES & (0xff << shift));
            }
        }
        key & !u128::from(u32::MAX)
    }

    /// The bytes of [`ResourcePattern::as_str`].
    #[inline]
    pub(super) fn as_bytes(&self) -> &[u8] {
        self.held_bytes().get(self.start()..).unwrap_or_default()
    }

    /// Whether the pattern ends with a trailing `*` (one or more further segments). A `*`
    /// is always a whole segment, so a last byte `*` is one.
    #[inline]
    pub(super) fn tail(&self) -> bool {
        let text = self.held_bytes();
        text.last() == Some(&b'*') && self.start() < text.len()
    }

    /// How many segments before the trailing `*`.
    #[inline]
    pub(super) fn seg_count(&self) -> usize {
        let parts = self.as_bytes().iter().filter(|&&b| b == b'/').count() + 1;
        parts - usize::from(self.tail())
    }

    /// The segments before the trailing `*`.
    #[inline]
    pub(super) fn segs(&self) -> impl Iterator<Item = Seg<'_>> + Clone + '_ {
        self.as_str().split('/').take(self.seg_count()).map(|s| {
            if s == "*" {
                Seg::One
            } else {
                Seg::Lit(s)
            }
        })
    }

    /// The first segment, if any (a bare `*` has none).
    #[inline]
    pub(super) fn first_seg(&self) -> Option<Seg<'_>> {
        self.segs().next()
    }

    /// The segment at `i` when matching a resource of some length (past the prefix, the tail
    /// matches anything).
    fn segs_then_any(&self) -> impl Iterator<Item = Seg<'_>> + '_ {
        self.segs().chain(core::iter::repeat(Seg::One))
    }
}

// equality, hashing and order look at the pattern's text only (not a permission's verb)
impl PartialEq for ResourcePattern {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for ResourcePattern {}

impl core::hash::Hash for ResourcePattern {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl PartialOrd for ResourcePattern {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Segment by segment, a literal below `*` and literals as strings; a pattern whose
/// segments are a prefix of another's below it; then without a trailing `*` below with one.
impl Ord for ResourcePattern {
    fn cmp(&self, other: &Self) -> Ordering {
        cmp_text(self.as_bytes(), other.as_bytes(), 0)
    }
}

impl fmt::Display for ResourcePattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for ResourcePattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ResourcePattern({self})")
    }
}

fn seg_within(a: Seg<'_>, b: Seg<'_>) -> bool {
    match (a, b) {
        (_, Seg::One) => true,
        (Seg::Lit(x), Seg::Lit(y)) => x == y,
        (Seg::One, Seg::Lit(..)) => false,
    }
}

fn seg_overlaps(a: Seg<'_>, b: Seg<'_>) -> bool {
    match (a, b) {
        (Seg::Lit(x), Seg::Lit(y)) => x == y,
        _ => true,
    }
}

fn seg_char_ok(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
}

impl ResourcePattern {
    /// Whether the concrete resource `resource` (`"orders/eu/1"`, no wildcards) matches.
    /// A malformed resource (empty segment, `*`) never matches.
    #[must_use]
    pub fn matches(&self, resource: &str) -> bool {
        let mut len = 0;
        let mut mine = self.segs();
        for (i, seg) in resource.split('/').enumerate() {
            if seg.is_empty() || !seg.chars().all(seg_char_ok) {
                return false;
            }
            if let Some(Seg::Lit(l)) = mine.next() {
                if l != seg {
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
        // a `*` is a whole segment: a pattern starting with one is a bare `*` or starts
        // with a `*` segment
        self.as_bytes().first() == Some(&b'*')
    }

    /// The lengths (segment counts) this pattern matches: `n` exactly, or `n+1..` with a tail.
    pub(super) fn matches_len(&self, len: usize) -> bool {
        if self.tail() {
            len > self.seg_count()
        } else {
            len == self.seg_count()
        }
    }

    /// Whether every resource this pattern matches, `other` matches too.
    ///
    /// ```
    /// use kwanus_migration::permission::ResourcePattern;
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let eu: ResourcePattern = "orders/eu/*".parse()?;
    ///     let all: ResourcePattern = "orders/*".parse()?;
    ///     assert!(eu.is_within(&all));
    ///     assert!(!all.is_within(&eu));
    ///     Ok(())
    /// }
    /// ```
    #[must_use]
    pub fn is_within(&self, other: &ResourcePattern) -> bool {
        if self.tail() && !other.tail() {
            return false;
        }
        if self.tail() {
            // lengths n+1.. ; other's tail must start no later
            return self.seg_count() >= other.seg_count()
                && self.segs().zip(other.segs()).all(|(a, b)| seg_within(a, b));
        }
        other.matches_len(self.seg_count())
            && self
                .segs()
                .zip(other.segs_then_any())
                .all(|(a, b)| seg_within(a, b))
    }

    /// Whether some resource matches both patterns.
    #[must_use]
    pub fn overlaps(&self, other: &ResourcePattern) -> bool {
        let (a, b) = (self.seg_count(), other.seg_count());
        let len_ok = match (self.tail(), other.tail()) {
            (false, false) => a == b,
            (true, false) => b > a,
            (false, true) => a > b,
            (true, true) => true,
        };
        len_ok
            && self
                .segs_then_any()
                .zip(other.segs_then_any())
                .take(a.max(b))
                .all(|(x, y)| seg_overlaps(x, y))
    }

    /// A concrete resource this pattern matches, of length `len`, using `fresh` for every
    /// wildcard position.
    pub(super) fn instance(&self, len: usize, fresh: &str) -> String {
        let mut out = String::new();
        for (i, s) in self.segs_then_any().take(len).enumerate() {
            if i > 0 {
                out.push('/');
            }
            match s {
                Seg::Lit(l) => out.push_str(l),
                Seg::One => out.push_str(fresh),
            }
        }
        out
    }

    /// A concrete resource matched by both patterns, if any.
    pub(super) fn common_instance(&self, other: &ResourcePattern) -> Option<String> {
        if !self.overlaps(other) {
            return None;
        }
        let len = match (self.tail(), other.tail()) {
            (false, _) => self.seg_count(),
            (true, false) => other.seg_count(),
            (true, true) => self.seg_count().max(other.seg_count()) + 1,
        };
        let mut out = String::new();
        for (i, pair) in self
            .segs_then_any()
            .zip(other.segs_then_any())
            .take(len)
            .enumerate()
        {
            if i > 0 {
                out.push('/');
            }
            match pair {
                (Seg::Lit(l), _) | (Seg::One, Seg::Lit(l)) => out.push_str(l),
                (Seg::One, Seg::One) => out.push('_'),
            }
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::{Held, INLINE};

    /// A text of every length up to past the in-place limit is held byte for byte, the
    /// unused bytes of the place zeros (windows read past a text's end); made from one part
    /// or several.
    #[test]
    fn texts_of_every_length_are_held_exactly() {
        let alphabet = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.";
        for n in 0..=INLINE + 8 {
            let text: String = (0..n)
                .map(|i| char::from(alphabet[(7 * i + n) % alphabet.len()]))
                .collect();
            for held in [
                Held::new(&[&text], n / 2),
                Held::new(
                    &[text.get(..n / 3).unwrap(), text.get(n / 3..).unwrap()],
                    n / 2,
                ),
            ] {
                assert_eq!(held.bytes(), text.as_bytes(), "{n}");
                assert_eq!(held.start(), n / 2);
                assert_eq!(held.heap_bytes(), if n > INLINE { n } else { 0 });
                if let Held::Inline { bytes, .. } = &held {
                    assert!(bytes[n..].iter().all(|&b| b == 0), "{n}");
                }
            }
        }
    }
}
