//! The digest of the tamper-evident lineage: 32 bytes of SHA-256, shown as hex.

use core::fmt;

/// A SHA-256 digest, shown and serialized as 64 lowercase hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Digest(pub(crate) [u8; 32]);

impl Digest {
    /// The digest before the first event: all zeros.
    pub const GENESIS: Digest = Digest([0; 32]);

    /// The raw bytes.
    #[must_use]
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl Digest {
    /// The 64 hex digits, written into a stack buffer: one write for `Display` and serde.
    fn hex(&self) -> [u8; 64] {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut out = [0u8; 64];
        for (pair, b) in out.chunks_exact_mut(2).zip(self.0) {
            pair[0] = HEX[usize::from(b >> 4)];
            pair[1] = HEX[usize::from(b & 0xf)];
        }
        out
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hex = self.hex();
        // hex digits are ASCII; the fallback is never taken
        f.write_str(core::str::from_utf8(&hex).unwrap_or_default())
    }
}

impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Digest({self})")
    }
}

/// Why a string is not a digest: it shows (the first 16 characters of) what was given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{input:?} is not a digest: a digest is 64 lowercase hex digits")]
pub struct DigestParseError {
    input: String,
}

impl DigestParseError {
    fn new(input: &str) -> DigestParseError {
        let mut shown: String = input.chars().take(16).collect();
        if shown.len() < input.len() {
            shown.push('…');
        }
        DigestParseError { input: shown }
    }

    /// The input, cut to its first 16 characters (with `…` when it was longer).
    #[must_use]
    pub fn input(&self) -> &str {
        &self.input
    }

    /// A stable machine-readable code for partner SDKs: `"digest.malformed"`.
    #[must_use]
    pub const fn code(&self) -> &'static str {
        "digest.malformed"
    }
}

impl core::str::FromStr for Digest {
    type Err = DigestParseError;
    fn from_str(s: &str) -> Result<Self, DigestParseError> {
        let b = s.as_bytes();
        if b.len() != 64 {
            return Err(DigestParseError::new(s));
        }
        // every pair read, then one check: a byte not a lowercase hex digit has the bit
        // 0x10 of its table entry set
        let mut out = [0u8; 32];
        let mut bad = 0u8;
        for (o, pair) in out.iter_mut().zip(b.chunks_exact(2)) {
            let (hi, lo) = (NIBBLE[usize::from(pair[0])], NIBBLE[usize::from(pair[1])]);
            bad |= hi | lo;
            *o = hi << 4 | (lo & 0xf);
        }
        if bad & 0x10 != 0 {
            return Err(DigestParseError::new(s));
        }
        Ok(Digest(out))
    }
}

/// The value of each byte as a lowercase hex digit, `0x10` for every other byte.
static NIBBLE: [u8; 256] = {
    let mut table = [0x10u8; 256];
    let mut i = 0;
    while i < 10 {
        table[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        table[b'a' as usize + i] = 10 + i as u8;
        i += 1;
    }
    table
};

#[cfg(feature = "serde")]
impl serde::Serialize for Digest {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let hex = self.hex();
        // hex digits are ASCII; the fallback is never taken
        s.serialize_str(core::str::from_utf8(&hex).unwrap_or_default())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Digest {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reader before its table: each pair matched, the first bad one refused.
    fn by_match(s: &str) -> Option<[u8; 32]> {
        let b = s.as_bytes();
        if b.len() != 64 {
            return None;
        }
        let nibble = |c: u8| match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            _ => None,
        };
        let mut out = [0u8; 32];
        for (i, o) in out.iter_mut().enumerate() {
            *o = nibble(b[2 * i])? << 4 | nibble(b[2 * i + 1])?;
        }
        Some(out)
    }

    /// The table reads exactly what the match read: every byte value at every position,
    /// texts of every length around 64, and the written form of drawn digests.
    #[test]
    fn the_table_reads_what_the_match_read() {
        let base = "0123456789abcdef".repeat(4);
        let mut texts = vec![String::new(), base[..63].to_owned(), format!("{base}0")];
        for at in [0, 1, 31, 62, 63] {
            for byte in 0..=255u8 {
                let mut bytes = base.clone().into_bytes();
                bytes[at] = byte;
                if let Ok(text) = String::from_utf8(bytes) {
                    texts.push(text);
                }
            }
            for c in ['é', 'ß', '\u{1F600}'] {
                let mut text = base.clone();
                text.replace_range(at..=at, &c.to_string());
                texts.push(text);
            }
        }
        let mut state = 7u64;
        for _ in 0..1_000 {
            let mut d = [0u8; 32];
            for b in &mut d {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                *b = (state >> 56) as u8;
            }
            texts.push(Digest(d).to_string());
        }
        for text in &texts {
            let ours = text.parse::<Digest>().ok().map(|d| d.0);
            assert_eq!(ours, by_match(text), "{text:?}");
            if let Some(d) = ours {
                assert_eq!(&Digest(d).to_string(), text);
            }
        }
    }
}
