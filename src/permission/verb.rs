//! A permission, `verb:pattern`: parsing, its text, and what it reaches.

use core::fmt;

use super::error::ParseError;
use super::pattern::{ResourcePattern, Seg};
use super::text::{fingerprint, same_text};

/// A permission: a verb on a resource pattern, written `verb:pattern`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Permission {
    pub(super) verb: Box<str>,
    pub(super) resource: ResourcePattern,
    /// `key(verb, first segment)`, computed once: the index lookup of a check hashes nothing.
    pub(super) key: u64,
    /// The verb's [`fingerprint`], computed once: the compiled walk hashes nothing either.
    pub(super) verb_fp: u64,
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
    pub(super) fn same(&self, o: &Permission) -> bool {
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

/// The index groups an entry's first segment falls into.
const BARE: u64 = 0x0b;
const ONE: u64 = 0x01;

/// FNV-1a over the verb, then the first segment's group: a small, fixed, dependency-free
/// hash (collisions only cost a comparison; candidates are always checked).
pub(super) fn key(verb: &str, first: Option<&Seg>) -> u64 {
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
