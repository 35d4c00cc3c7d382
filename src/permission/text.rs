//! The fingerprints of permission text: each verb and literal segment gets one when it is
//! parsed ([`fingerprint`]), and the checks compare fingerprints instead of text
//! ([`same_text`]). Below the pattern, the permission and the compiled set, which all use it.

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

/// The fingerprint of a verb or literal segment, computed once when a permission is parsed.
///
/// A literal of at most ten characters is packed into it exactly, as a base-67 number whose
/// digits are its characters (verbs and segments hold 66 different characters, each a
/// nonzero digit, so the packing is injective; `67^10 < 2^63` leaves the top bit clear):
/// equal fingerprints then mean equal text, with no comparison. A longer literal gets FNV-1a
/// with the top bit set: a small, fixed, dependency-free hash, never trusted alone (see
/// [`same_text`]).
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
    fa == fb && (fa & HASHED == 0 || same_bytes(a, b))
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
