//! Permission text: checking it in one pass over its bytes ([`verb_ok`], [`pattern_error`]),
//! ordering it as its parsed form orders ([`cmp_text`]), and the fingerprints of its verbs and
//! literal segments ([`fingerprint`]), which a compiled set computes once and its checks
//! compare instead of text. Below the pattern, the permission and the compiled set, which
//! all use it.

/// Set on the fingerprint of a literal longer than [`PACKED`] characters: a hash.
pub(super) const HASHED: u64 = 1 << 63;
/// Literals up to this many characters are packed into their fingerprint exactly.
const PACKED: usize = 10;
/// The base of the packing: the 66 characters a verb or segment can hold, and none.
pub(super) const BASE: u64 = 67;

/// A character's digit in the packing, `1..BASE`; 0 for a character no verb or segment
/// holds.
const fn digit(b: u8) -> u64 {
    match b {
        b'0'..=b'9' => (b - b'0') as u64 + 1,
        b'A'..=b'Z' => (b - b'A') as u64 + 11,
        b'a'..=b'z' => (b - b'a') as u64 + 37,
        b'-' => 63,
        b'_' => 64,
        b'.' => 65,
        b'*' => 66,
        _ => 0,
    }
}

/// The fingerprint of a verb or literal segment, computed once when a set is compiled.
///
/// A literal of at most ten characters is packed into it exactly, as a base-67 number whose
/// digits are its characters (verbs and segments hold 66 different characters, each a
/// nonzero digit, so the packing is injective; `67^10 < 2^63` leaves the top bit clear):
/// equal fingerprints then mean equal text, with no comparison. A longer literal gets FNV-1a
/// with the top bit set: a small, fixed, dependency-free hash, never trusted alone (the text
/// is compared too).
pub(super) fn fingerprint(text: &str) -> u64 {
    if text.len() <= PACKED {
        let (mut acc, mut scale) = (0u64, 1u64);
        for b in text.bytes() {
            let d = digit(b);
            if d == 0 {
                acc = HASHED;
                break;
            }
            acc += d * scale;
            scale = scale.wrapping_mul(BASE);
        }
        if acc & HASHED == 0 {
            return acc;
        }
    }
    fnv(text.as_bytes())
}

/// `a == b`, with the lengths hashed literals usually have (10 to 16 bytes) compared in two
/// word loads instead of a call.
#[inline]
pub(super) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    match (a.first_chunk::<8>(), b.first_chunk::<8>()) {
        (Some(a0), Some(b0)) if a.len() <= 16 => {
            a0 == b0 && a.last_chunk::<8>() == b.last_chunk::<8>()
        }
        _ => a == b,
    }
}

/// A byte allowed in a literal segment: an ascii letter or digit, `-`, `_` or `.`.
const SEG: u8 = 1;
/// A byte allowed in a verb (besides the verb `*`): a lowercase ascii letter or digit, `-`,
/// `_` or `.`.
const VERB: u8 = 2;

/// The class of every byte: which of [`SEG`] and [`VERB`] it may stand in. Bytes of
/// non-ascii characters are in neither, as `char`-wise checks of the text would find.
const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        // `b < 256`: the cast is exact
        #[allow(clippy::cast_possible_truncation)]
        let c = b as u8;
        t[b] = match c {
            b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => SEG | VERB,
            b'A'..=b'Z' => SEG,
            _ => 0,
        };
        b += 1;
    }
    t
};

#[inline(always)]
fn class(b: u8) -> u8 {
    CLASS[usize::from(b)]
}

/// Whether `verb` is a verb: `*`, or one or more of `[a-z0-9_.-]`.
#[inline]
pub(super) fn verb_ok(verb: &str) -> bool {
    !verb.is_empty() && (verb == "*" || verb.bytes().all(|b| class(b) & VERB != 0))
}

/// Where the verb of the permission text `text` ends (its first `:`), and whether every
/// byte before it is a verb byte; `None` without a `:`. One pass, up to the `:`.
#[inline]
pub(super) fn split_verb(text: &[u8]) -> Option<(usize, bool)> {
    let mut all = VERB;
    for (i, &b) in text.iter().enumerate() {
        if b == b':' {
            return Some((i, all & VERB != 0));
        }
        all &= class(b);
    }
    None
}

/// The kinds of byte [`pattern_ok`] tells apart: none a pattern holds, a segment byte, `/`
/// and `*`.
const P_NONE: u8 = 0;
const P_SEG: u8 = 1;
const P_SLASH: u8 = 2;
const P_STAR: u8 = 3;

/// Every byte's kind, for [`pattern_ok`].
const P_KIND: [u8; 256] = {
    let mut t = [P_NONE; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = if CLASS[b] & SEG != 0 {
            P_SEG
        } else if b == b'/' as usize {
            P_SLASH
        } else if b == b'*' as usize {
            P_STAR
        } else {
            P_NONE
        };
        b += 1;
    }
    t
};

/// The pairs of neighbouring kinds (bit `4 * before + after`) that make a pattern malformed:
/// a byte no pattern holds; `//`; a `*` after a segment byte or a `*`, or a segment byte
/// after a `*`.
const BAD_PAIRS: u32 = {
    let mut bad = 0u32;
    let mut before = 0;
    while before < 4 {
        bad |= 1 << (4 * before + P_NONE as u32);
        before += 1;
    }
    bad |= 1 << (4 * P_SLASH as u32 + P_SLASH as u32);
    bad |= 1 << (4 * P_SEG as u32 + P_STAR as u32);
    bad |= 1 << (4 * P_STAR as u32 + P_STAR as u32);
    bad |= 1 << (4 * P_STAR as u32 + P_SEG as u32);
    bad
};

/// Whether the pattern `s` is well formed ([`pattern_error`] finds nothing), in one pass over
/// its bytes without a branch per byte: every pair of neighbouring bytes is noted, the start
/// and the end counting as separators (so an empty pattern, or one starting or ending with
/// `/`, has `//`), and none may be a [`BAD_PAIRS`] pair.
#[inline]
pub(super) fn pattern_ok(s: &[u8]) -> bool {
    let (mut seen, mut before) = (0u32, u32::from(P_SLASH));
    for &b in s {
        let kind = u32::from(P_KIND[usize::from(b)]);
        seen |= 1 << (4 * before + kind);
        before = kind;
    }
    seen |= 1 << (4 * before + u32::from(P_SLASH));
    seen & BAD_PAIRS == 0
}

/// Why the pattern `s` is malformed, in one pass over its bytes: the first empty or invalid
/// segment (a segment is `*` or one or more of `[A-Za-z0-9_.-]`), or an empty pattern.
#[inline]
pub(super) fn pattern_error(s: &str) -> Option<super::error::ParseError> {
    if pattern_ok(s.as_bytes()) {
        None
    } else {
        why_malformed(s)
    }
}

/// [`pattern_error`], segment by segment.
#[cold]
fn why_malformed(s: &str) -> Option<super::error::ParseError> {
    use super::error::ParseError;
    if s.is_empty() {
        return Some(ParseError::EmptyPattern);
    }
    let bytes = s.as_bytes();
    let (mut start, mut position, mut all) = (0usize, 0usize, SEG);
    // one more step than bytes: the end closes the last segment as a `/` would
    for i in 0..=bytes.len() {
        let b = bytes.get(i).copied().unwrap_or(b'/');
        if b != b'/' {
            all &= class(b);
            continue;
        }
        let seg = bytes.get(start..i).unwrap_or_default();
        if seg.is_empty() {
            return Some(ParseError::EmptySegment {
                pattern: s.to_owned(),
                position,
            });
        }
        if all & SEG == 0 && seg != b"*" {
            return Some(ParseError::InvalidSegment {
                pattern: s.to_owned(),
                segment: s.get(start..i).unwrap_or_default().to_owned(),
            });
        }
        start = i + 1;
        position += 1;
        all = SEG;
    }
    None
}

/// `a == b` for the short texts of permissions, compared eight bytes at a time, with no call.
#[inline]
pub(super) fn same_text(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && common_prefix(a, b) == a.len()
}

/// How many leading bytes `a` and `b` share, compared eight at a time.
#[inline]
pub(super) fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    while let (Some(x), Some(y)) = (
        a.get(i..).and_then(<[u8]>::first_chunk::<8>),
        b.get(i..).and_then(<[u8]>::first_chunk::<8>),
    ) {
        let d = u64::from_le_bytes(*x) ^ u64::from_le_bytes(*y);
        if d != 0 {
            return i + (d.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < n && a.get(i) == b.get(i) {
        i += 1;
    }
    i.min(n)
}

/// The order of two texts, written `verb:pattern` (`resource_at` = 1 + the verb's length in
/// `a`) or patterns alone (`resource_at` = 0), that their parsed forms have: verbs compare as
/// strings; then patterns segment by segment, a literal below `*`, literals as strings, and a
/// pattern that ends before another below it, where a trailing `*` ends the segments (it
/// sorts above the end and below any further segment).
///
/// The first byte where the texts differ decides, ranked in its context: a separator (`:`,
/// `/`) below every character, a trailing `*` above a separator, a `*` segment elsewhere
/// above every character. (Where both texts hold `*` at the same place and one ends there,
/// the ranks agree with "the shorter is below".)
#[inline]
pub(super) fn cmp_text(a: &[u8], b: &[u8], resource_at: usize) -> core::cmp::Ordering {
    let n = common_prefix(a, b);
    let rank = |t: &[u8], x: u8| -> u8 {
        match x {
            b':' | b'/' => 0,
            // the verb `*` is an ordinary character; a `*` segment ranks by its place
            b'*' if n < resource_at => x,
            b'*' if n + 1 == t.len() => 1,
            b'*' => u8::MAX,
            _ => x,
        }
    };
    match (a.get(n), b.get(n)) {
        (None, None) => core::cmp::Ordering::Equal,
        (None, Some(_)) => core::cmp::Ordering::Less,
        (Some(_), None) => core::cmp::Ordering::Greater,
        (Some(&x), Some(&y)) => rank(a, x).cmp(&rank(b, y)),
    }
}

/// The rank of byte `x` at `i` in a text of `len` bytes whose pattern starts at
/// `resource_at`, as [`cmp_text`] ranks the first byte where two texts differ.
#[inline(always)]
fn rank(x: u8, i: usize, len: usize, resource_at: usize) -> u8 {
    match x {
        b':' | b'/' => 0,
        b'*' if i < resource_at => x,
        b'*' if i + 1 == len => 1,
        b'*' => u8::MAX,
        _ => x,
    }
}

/// The first sixteen ranks of a text (zeros past its end), as one number: a text below
/// another in [`cmp_text`]'s order never has a larger key, so a sort compares keys first and
/// texts only where the keys tie.
#[inline]
pub(super) fn sort_key(text: &[u8], resource_at: usize) -> u128 {
    let mut key = 0u128;
    for i in 0..16 {
        let r = text
            .get(i)
            .map_or(0, |&x| rank(x, i, text.len(), resource_at));
        key = (key << 8) | u128::from(r);
    }
    key
}

/// `0xff` in each byte of `x` equal to `c`, 0 in the others.
#[inline(always)]
pub(super) fn bytes_equal(x: u128, c: u8) -> u128 {
    const ONES: u128 = u128::MAX / 0xff;
    const HIGH: u128 = ONES << 7;
    let t = x ^ (ONES * u128::from(c));
    // the high bit of each byte of `t` that is not zero (no carry crosses a byte)
    let nonzero = (((t & !HIGH) + !HIGH) | t) & HIGH;
    ((!nonzero & HIGH) >> 7) * 0xff
}

/// The high bit of each byte of `x` that is `/` or `:`.
#[inline(always)]
fn separators(x: u64) -> u64 {
    const ONES: u64 = u64::MAX / 0xff;
    const HIGH: u64 = ONES << 7;
    let zero = |t: u64| !((((t & !HIGH) + !HIGH) | t) & HIGH) & HIGH;
    zero(x ^ (ONES * u64::from(b'/'))) | zero(x ^ (ONES * u64::from(b':')))
}

/// Appends the words of the permission `bytes` (checked, its pattern starting at
/// `resource_at`) to `out`, those of the tokens from byte `from` on (0, or just after a
/// separator): the [`fingerprint`] of its verb and of each segment (`*` has its own,
/// [`BASE`] - 1), and 0 for a trailing `*`; in one pass over the bytes.
#[inline]
pub(super) fn push_words(bytes: &[u8], resource_at: usize, from: usize, out: &mut Vec<u64>) {
    let (mut start, mut acc) = (from, 0u64);
    for i in from..=bytes.len() {
        // in a checked text the bytes without a digit are the separators, `:` and `/`
        let d = bytes.get(i).map_or(0, |&b| DIGITS[usize::from(b)]);
        if d != 0 {
            // a literal of up to ten characters is packed (a longer one is hashed below, its
            // sum unused): the powers are looked up, so no step waits for the last one's
            let scale = POWERS.get(i - start).copied().unwrap_or_default();
            acc = acc.wrapping_add(u64::from(d).wrapping_mul(scale));
            continue;
        }
        let token = bytes.get(start..i).unwrap_or_default();
        let word = if i == bytes.len() && token == b"*" && start >= resource_at {
            0
        } else if token.len() <= PACKED {
            acc
        } else {
            fnv(token)
        };
        out.push(word);
        start = i + 1;
        acc = 0;
    }
}

/// `BASE^k` for the [`PACKED`] places of a packed literal.
const POWERS: [u64; PACKED] = {
    let mut t = [1u64; PACKED];
    let mut k = 1;
    while k < PACKED {
        t[k] = t[k - 1] * BASE;
        k += 1;
    }
    t
};

/// How much of the words of the checked permission text `b` the one before it, `a`, already
/// has: `(from, tokens)`, where the tokens before byte `from` of `b` (`tokens` of them, each
/// closed by a separator) are those of `a`, byte for byte.
#[inline]
pub(super) fn shared_tokens(a: &[u8], b: &[u8]) -> (usize, usize) {
    // eight bytes at a time: the separators before the first byte where the texts differ,
    // and the last of them
    let (mut from, mut tokens, mut i) = (0usize, 0usize, 0usize);
    while let (Some(x), Some(y)) = (
        a.get(i..).and_then(<[u8]>::first_chunk::<8>),
        b.get(i..).and_then(<[u8]>::first_chunk::<8>),
    ) {
        let y = u64::from_le_bytes(*y);
        let differ = u64::from_le_bytes(*x) ^ y;
        // the bytes before the first that differs (all eight when none does)
        let same = match differ {
            0 => u64::MAX,
            d => (1u64 << (d.trailing_zeros() / 8 * 8)) - 1,
        };
        let seps = separators(y) & same;
        tokens += seps.count_ones() as usize;
        if seps != 0 {
            from = i + (63 - seps.leading_zeros() as usize) / 8 + 1;
        }
        if differ != 0 {
            return (from, tokens);
        }
        i += 8;
    }
    // the last few bytes, one at a time
    while let (Some(&x), Some(&y)) = (a.get(i), b.get(i)) {
        if x != y {
            break;
        }
        if x == b'/' || x == b':' {
            tokens += 1;
            from = i + 1;
        }
        i += 1;
    }
    (from, tokens)
}

/// Every byte's [`digit`].
const DIGITS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        // `b < 256` and a digit is below 67: the casts are exact
        #[allow(clippy::cast_possible_truncation)]
        let d = digit(b as u8) as u8;
        t[b] = d;
        b += 1;
    }
    t
};

/// FNV-1a of a long literal, with the top bit set.
fn fnv(text: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in text {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h | HASHED
}

#[cfg(test)]
mod tests {
    use super::{pattern_ok, shared_tokens, why_malformed};
    use crate::permission::ResourcePattern;

    /// Texts of every shape the word-at-a-time helpers read: lengths around eight and
    /// sixteen, separators at every place, `*` and trailing `*`.
    fn texts() -> Vec<String> {
        let mut out = Vec::new();
        for verb in ["r", "read", "readers", "readersx", "readers-of-it", "*"] {
            for a in ["a", "abcdefg", "abcdefgh", "*"] {
                for b in [
                    "",
                    "/b",
                    "/*",
                    "/bcdefghijk",
                    "/b/*",
                    "/*/c/*",
                    "/bcdefgh/ijklmnop/*",
                ] {
                    out.push(format!("{verb}:{a}{b}"));
                }
            }
        }
        out
    }

    /// The shared tokens found eight bytes at a time are those found byte by byte.
    #[test]
    fn shared_tokens_agree_with_a_byte_by_byte_count() {
        let all = texts();
        for x in &all {
            for y in &all {
                let (a, b) = (x.as_bytes(), y.as_bytes());
                let c = a.iter().zip(b).take_while(|(p, q)| p == q).count();
                let seps: Vec<usize> = (0..c).filter(|&i| matches!(b[i], b'/' | b':')).collect();
                let want = (seps.last().map_or(0, |&s| s + 1), seps.len());
                assert_eq!(shared_tokens(a, b), want, "{x} {y}");
            }
        }
    }

    /// The pattern keys computed sixteen bytes at once are the ranks computed byte by byte.
    #[test]
    fn pattern_keys_agree_with_the_ranks() {
        for text in texts() {
            let pattern = text.split_once(':').unwrap().1;
            let p: ResourcePattern = pattern.parse().unwrap();
            let bytes = pattern.as_bytes();
            for from in 0..=bytes.len() {
                let mut want = 0u128;
                for i in 0..12 {
                    let r = match bytes.get(from + i) {
                        None => 0,
                        Some(b'/') => 0,
                        Some(b'*') if from + i + 1 == bytes.len() => 1,
                        Some(b'*') => 0xff,
                        Some(&x) => x,
                    };
                    want = (want << 8) | u128::from(r);
                }
                assert_eq!(p.key(from), want << 32, "{pattern} from {from}");
            }
        }
    }

    /// The one-pass check agrees with the segment-by-segment one on every text of up to six
    /// bytes drawn from segment bytes, separators, `*` and bytes no pattern holds.
    #[test]
    fn the_quick_pattern_check_agrees_with_the_segments() {
        let alphabet = ["a", "Z", "9", "-", "/", "*", ":", " ", "é"];
        let mut texts = vec![String::new()];
        let mut all = vec![String::new()];
        for _ in 0..6 {
            texts = texts
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            all.extend(texts.iter().cloned());
        }
        for t in &all {
            assert_eq!(
                pattern_ok(t.as_bytes()),
                why_malformed(t).is_none(),
                "{t:?}"
            );
        }
    }
}
