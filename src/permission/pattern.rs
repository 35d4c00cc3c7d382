//! Resource patterns (`orders/*/items`, `orders/eu/*`): parsing, matching, inclusion and
//! overlap.

use core::fmt;

use super::error::ParseError;
use super::text::fingerprint;

/// One segment of a resource pattern.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Seg {
    /// A literal and its [`fingerprint`], computed once when parsed.
    Lit(Box<str>, u64),
    One,
}

/// A hierarchical resource pattern such as `orders/eu/*`. See the [module docs](super).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResourcePattern {
    pub(super) segs: Box<[Seg]>,
    /// a trailing `*`: one or more further segments
    pub(super) tail: bool,
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
    pub(super) fn matches_len(&self, len: usize) -> bool {
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
    pub(super) fn instance(&self, len: usize, fresh: &str) -> String {
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
    pub(super) fn common_instance(&self, other: &ResourcePattern) -> Option<String> {
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
