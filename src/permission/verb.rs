//! A permission, `verb:pattern`: parsing, its text, and what it reaches.

use core::cmp::Ordering;
use core::fmt;

use super::error::ParseError;
use super::pattern::{ResourcePattern, Seg};
use super::text::{cmp_text, pattern_error, pattern_ok, same_text, split_verb, verb_ok};

/// A permission: a verb on a resource pattern, written `verb:pattern`.
///
/// Kept as its text (in place when it is short, else in one allocation), validated once
/// when parsed: the verb is the text before the `:`, the pattern the text after it.
#[derive(Clone)]
pub struct Permission {
    /// The pattern, holding the whole text `verb:pattern`.
    pub(super) resource: ResourcePattern,
}

impl Permission {
    /// A permission from a verb and a pattern.
    ///
    /// # Errors
    ///
    /// [`ParseError`] when either is malformed.
    pub fn new(verb: &str, resource: &str) -> Result<Permission, ParseError> {
        check(verb, resource)?;
        Ok(Permission::checked(&[verb, ":", resource], verb.len()))
    }

    /// The permission whose text, the concatenation of `parts`, was checked, its verb
    /// `verb_len` bytes long.
    #[inline]
    fn checked(parts: &[&str], verb_len: usize) -> Permission {
        Permission {
            resource: ResourcePattern::within(parts, verb_len + 1),
        }
    }

    /// The verb (`"write"`, or `"*"`).
    #[must_use]
    pub fn verb(&self) -> &str {
        let text = self.resource.held();
        text.get(..self.resource.start().saturating_sub(1))
            .unwrap_or_default()
    }

    /// The bytes of the verb, read without checking them again.
    #[inline]
    pub(super) fn verb_bytes(&self) -> &[u8] {
        let text = self.resource.held_bytes();
        text.get(..self.resource.start().saturating_sub(1))
            .unwrap_or_default()
    }

    /// The bytes of the permission's text.
    #[inline(always)]
    pub(super) fn bytes(&self) -> &[u8] {
        self.resource.held_bytes()
    }

    /// The resource pattern.
    #[must_use]
    pub fn resource(&self) -> &ResourcePattern {
        &self.resource
    }

    /// The permission's text, `verb:pattern`, as `Display` writes it.
    #[inline]
    pub(super) fn text(&self) -> &str {
        self.resource.held()
    }

    /// `key(verb, first segment)`: the index groups entries by it.
    #[inline]
    pub(super) fn key(&self) -> u64 {
        key(self.verb(), self.resource.first_seg())
    }

    /// Whether the verb is `*` or the resource is unbounded.
    #[must_use]
    pub fn is_unbounded(&self) -> bool {
        self.verb_bytes() == b"*" || self.resource.is_unbounded()
    }

    /// Whether this permission allows `verb` on the concrete resource `resource`
    /// (`"orders/eu/1"`). A malformed resource is never allowed.
    ///
    /// ```
    /// use kwanus_migration::permission::Permission;
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let p: Permission = "read:orders/*/items".parse()?;
    ///     assert!(p.allows("read", "orders/eu/items"));
    ///     assert!(!p.allows("read", "orders/eu/x/items"));
    ///     assert!(!p.allows("write", "orders/eu/items"));
    ///     Ok(())
    /// }
    /// ```
    #[must_use]
    pub fn allows(&self, verb: &str, resource: &str) -> bool {
        (self.verb() == "*" || self.verb() == verb) && self.resource.matches(resource)
    }

    /// Whether every `(verb, resource)` this permission reaches, `other` reaches too.
    #[must_use]
    pub fn is_within(&self, other: &Permission) -> bool {
        (other.verb() == self.verb() || other.verb() == "*")
            && self.resource.is_within(&other.resource)
    }

    /// Whether some `(verb, resource)` is reached by both.
    #[must_use]
    pub fn overlaps(&self, other: &Permission) -> bool {
        (other.verb() == self.verb() || other.verb() == "*" || self.verb() == "*")
            && self.resource.overlaps(&other.resource)
    }
}

/// Whether `verb` and `resource` make a permission, and if not why: the verb first, then the
/// pattern's first bad segment.
#[inline]
fn check(verb: &str, resource: &str) -> Result<(), ParseError> {
    if !verb_ok(verb) {
        return Err(ParseError::InvalidVerb {
            verb: verb.to_owned(),
        });
    }
    match pattern_error(resource) {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

// equality, hashing and order look at the text: it is the permission
impl PartialEq for Permission {
    fn eq(&self, other: &Self) -> bool {
        same_text(self.bytes(), other.bytes())
    }
}

impl Eq for Permission {}

impl core::hash::Hash for Permission {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.text().hash(state);
    }
}

impl PartialOrd for Permission {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// By verb (as strings), then by pattern ([`ResourcePattern`]'s order).
impl Ord for Permission {
    fn cmp(&self, other: &Self) -> Ordering {
        cmp_text(self.bytes(), other.bytes(), self.resource.start())
    }
}

impl core::str::FromStr for Permission {
    type Err = ParseError;
    /// Inlined, so that a permission parsed into a list is written where it goes: the usual
    /// text (nothing to trim, a verb of verb bytes, a well-formed pattern) in one pass; any
    /// other is parsed again in full, which names what is wrong.
    #[inline(always)]
    fn from_str(s: &str) -> Result<Self, ParseError> {
        let b = s.as_bytes();
        if b.first().is_some_and(u8::is_ascii_graphic) && b.last().is_some_and(u8::is_ascii_graphic)
        {
            if let Some((at, true)) = split_verb(b) {
                if at > 0 && pattern_ok(b.get(at + 1..).unwrap_or_default()) {
                    return Ok(Permission::checked(&[s], at));
                }
            }
        }
        Permission::parse_in_full(s)
    }
}

impl Permission {
    /// [`Permission::from_str`](core::str::FromStr::from_str) of any text: trimmed, then
    /// checked part by part.
    #[inline(never)]
    fn parse_in_full(s: &str) -> Result<Permission, ParseError> {
        // a text starting and ending with a visible ascii character has nothing to trim
        let s = match (s.as_bytes().first(), s.as_bytes().last()) {
            (Some(a), Some(z)) if a.is_ascii_graphic() && z.is_ascii_graphic() => s,
            _ => s.trim(),
        };
        let Some((at, verb_bytes)) = split_verb(s.as_bytes()) else {
            return Err(ParseError::MissingColon {
                input: s.to_owned(),
            });
        };
        let (verb, resource) = (
            s.get(..at).unwrap_or_default(),
            s.get(at + 1..).unwrap_or_default(),
        );
        // the verb `*`, or one or more verb bytes; then the pattern
        if !(verb == "*" || (verb_bytes && at > 0)) {
            return Err(ParseError::InvalidVerb {
                verb: verb.to_owned(),
            });
        }
        if let Some(e) = pattern_error(resource) {
            return Err(e);
        }
        Ok(Permission::checked(&[s], at))
    }
}

impl Permission {
    /// The permission's text (`verb:pattern`, as `Display` writes it): its byte length, and
    /// the bytes written to `out`, with no formatting machinery (the record encoding's hot
    /// path).
    pub(crate) fn text_len(&self) -> usize {
        self.bytes().len()
    }

    /// Writes the text `text_len` measures.
    pub(crate) fn write_text(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.bytes());
    }
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text())
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
        // the held text, in one write (no formatting)
        s.serialize_str(self.text())
    }
}

/// Written as its entries' array, in place: the same bytes as the `Vec<Permission>` the set
/// converts into, without copying the set (nor what it built on first need).
#[cfg(feature = "serde")]
impl serde::Serialize for super::PermissionSet {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(&self.items)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Permission {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The index groups an entry's first segment falls into.
const BARE: u64 = 0x0b;
const ONE: u64 = 0x01;

/// FNV-1a over the verb, then the first segment's group: a small, fixed, dependency-free
/// hash (collisions only cost a comparison; candidates are always checked).
pub(super) fn key(verb: &str, first: Option<Seg<'_>>) -> u64 {
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
        Some(Seg::Lit(l)) => {
            eat(0xfe);
            l.bytes().for_each(&mut eat);
        }
    }
    h
}

#[cfg(test)]
mod text_tests {
    use super::*;

    /// A permission is five words, its text of up to 37 bytes in place; a longer text is
    /// held on the heap, and both read the same.
    #[test]
    fn short_texts_are_held_in_place_and_long_ones_on_the_heap() {
        assert_eq!(core::mem::size_of::<Permission>(), 40);
        for len in [30, 36, 37, 38, 39, 80] {
            let pattern = format!("{}/*", "a".repeat(len - 7));
            let p: Permission = format!("read:{pattern}").parse().unwrap();
            assert_eq!(p.to_string().len(), len);
            assert_eq!(p.verb(), "read");
            assert_eq!(p.resource().to_string(), pattern);
            assert_eq!(p.resource.heap_bytes(), if len > 37 { len } else { 0 });
            assert_eq!(p, Permission::new("read", &pattern).unwrap());
            assert!(p.allows("read", &format!("{}/x", "a".repeat(len - 7))));
        }
    }

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
