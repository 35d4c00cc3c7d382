//! Tamper evidence: every lineage event is chained to the one before it by SHA-256.
//!
//! `digest(event) = SHA-256("kwanus-migration/lineage/v1" ‖ digest(previous) ‖ encode(event))`
//! with the all-zero digest before the first event, and `encode` a fixed, length-prefixed
//! binary form of the event's sequence number, time, rite and detail (independent of serde,
//! so the chain is the same with or without the `serde` feature). The reference for the
//! encoding, for SDKs in other languages that want to verify a chain themselves, is
//! `encode` in this file; a change to it would change the domain tag's `v1`.
//!
//! Why a dependency: SHA-256 is the digest every auditor can recompute with standard tools;
//! `sha2` is the RustCrypto implementation, pure Rust, `no_std`, maintained for years and
//! the one most of the ecosystem already builds.

use core::fmt;
use std::io::Write as _;

use sha2::{Digest as _, Sha256};

use super::lineage::{Event, EventDetail};

/// A SHA-256 digest, shown and serialized as 64 lowercase hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Digest([u8; 32]);

impl Digest {
    /// The digest before the first event: all zeros.
    pub const GENESIS: Digest = Digest([0; 32]);

    /// The raw bytes.
    #[must_use]
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Digest({self})")
    }
}

/// Why a string is not a digest.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a digest is 64 lowercase hex digits")]
pub struct DigestParseError;

impl core::str::FromStr for Digest {
    type Err = DigestParseError;
    fn from_str(s: &str) -> Result<Self, DigestParseError> {
        let b = s.as_bytes();
        if b.len() != 64 {
            return Err(DigestParseError);
        }
        let nibble = |c: u8| match c {
            b'0'..=b'9' => Ok(c - b'0'),
            b'a'..=b'f' => Ok(c - b'a' + 10),
            _ => Err(DigestParseError),
        };
        let mut out = [0u8; 32];
        for (i, o) in out.iter_mut().enumerate() {
            *o = nibble(b[2 * i])? << 4 | nibble(b[2 * i + 1])?;
        }
        Ok(Digest(out))
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Digest {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Digest {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

struct Enc<'a>(&'a mut Vec<u8>);

impl Enc<'_> {
    fn tag(&mut self, t: u8) {
        self.0.push(t);
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_be_bytes());
    }
    fn i64(&mut self, v: i64) {
        self.0.extend_from_slice(&v.to_be_bytes());
    }
    fn f64(&mut self, v: f64) {
        self.0.extend_from_slice(&v.to_bits().to_be_bytes());
    }
    fn str(&mut self, s: &str) {
        self.u32(u32::try_from(s.len()).unwrap_or(u32::MAX));
        self.0.extend_from_slice(s.as_bytes());
    }
    /// A value's `Display` or `Debug` text, length-prefixed, written in place.
    fn text(&mut self, args: fmt::Arguments<'_>) {
        let at = self.0.len();
        self.u32(0);
        let _ = self.0.write_fmt(args);
        let len = u32::try_from(self.0.len() - at - 4).unwrap_or(u32::MAX);
        self.0[at..at + 4].copy_from_slice(&len.to_be_bytes());
    }
    fn time(&mut self, t: chrono::DateTime<chrono::Utc>) {
        self.i64(t.timestamp());
        self.u32(t.timestamp_subsec_nanos());
    }
    fn list<T>(&mut self, items: &[T], mut each: impl FnMut(&mut Self, &T)) {
        self.u32(u32::try_from(items.len()).unwrap_or(u32::MAX));
        for i in items {
            each(self, i);
        }
    }
    fn opt<T>(&mut self, v: Option<T>, each: impl FnOnce(&mut Self, T)) {
        match v {
            None => self.tag(0),
            Some(v) => {
                self.tag(1);
                each(self, v);
            }
        }
    }
}

/// Writes the canonical bytes of `event` (everything but its digest).
pub(crate) fn encode(event: &Event, out: &mut Vec<u8>) {
    let mut e = Enc(out);
    e.u32(event.seq);
    e.time(event.at);
    e.opt(event.rite, |e, r| e.text(format_args!("{r:?}")));
    e.str(event.detail.name());
    match &event.detail {
        EventDetail::Opened {
            partner,
            triggers,
            kind,
            mode,
            origin,
            target,
            window,
            severity,
            remediation_deadline,
        } => {
            e.str(partner.as_str());
            e.list(triggers, |e, t| e.str(t.as_str()));
            e.text(format_args!("{kind:?}"));
            e.text(format_args!("{mode:?}"));
            e.text(format_args!("{origin}"));
            e.text(format_args!("{target}"));
            e.time(window.opens);
            e.time(window.closes);
            e.opt(severity.as_ref(), |e, s| e.text(format_args!("{s:?}")));
            e.opt(*remediation_deadline, Enc::time);
        }
        EventDetail::Prepared {
            documents,
            approvals,
        } => {
            e.list(documents, |e, d| e.text(format_args!("{d:?}")));
            e.list(approvals, |e, b| e.str(b.acronym()));
        }
        EventDetail::Transitioned {
            version,
            fallback_until,
        } => {
            e.text(format_args!("{version}"));
            e.time(*fallback_until);
        }
        EventDetail::ValidationPassed | EventDetail::Completed | EventDetail::Released => {}
        EventDetail::ValidationFailed { failed } => {
            e.list(failed, |e, d| e.text(format_args!("{d}")))
        }
        EventDetail::Stabilized { score, band } | EventDetail::HealthRecorded { score, band } => {
            e.f64(*score);
            e.text(format_args!("{band:?}"));
        }
        EventDetail::FellBack {
            reason,
            to,
            restricted,
        } => {
            e.text(format_args!("{reason:?}"));
            e.text(format_args!("{to}"));
            e.tag(u8::from(*restricted));
        }
        EventDetail::Remediated {
            root_cause,
            fixes,
            severity,
            deadline,
            documents,
            approvals,
        } => {
            e.str(root_cause);
            e.str(fixes);
            e.text(format_args!("{severity:?}"));
            e.time(*deadline);
            e.list(documents, |e, d| e.text(format_args!("{d:?}")));
            e.list(approvals, |e, b| e.str(b.acronym()));
        }
        EventDetail::Resealed {
            by,
            reason,
            approved_by,
            previous_head,
        } => {
            e.str(by);
            e.str(reason);
            e.str(approved_by.acronym());
            e.0.extend_from_slice(previous_head.as_bytes());
        }
    }
}

/// The digest of `event` chained after `previous`. `scratch` is reused between calls.
pub(crate) fn digest(previous: &Digest, event: &Event, scratch: &mut Vec<u8>) -> Digest {
    scratch.clear();
    encode(event, scratch);
    let mut h = Sha256::new();
    h.update(b"kwanus-migration/lineage/v1");
    h.update(previous.0);
    h.update(&scratch[..]);
    Digest(h.finalize().into())
}

/// A secret key for sealing records (HMAC-SHA-256). The crate never makes one: the
/// platform brings its own 32 bytes (the crate reads no randomness and no files).
#[derive(Clone, PartialEq, Eq)]
pub struct SealKey([u8; 32]);

impl SealKey {
    /// Wraps 32 secret bytes.
    #[must_use]
    pub const fn from_bytes(bytes: [u8; 32]) -> SealKey {
        SealKey(bytes)
    }
}

impl fmt::Debug for SealKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SealKey(..)")
    }
}

/// HMAC-SHA-256 (RFC 2104) of `parts`, concatenated.
pub(crate) fn hmac(key: &SealKey, parts: &[&[u8]]) -> Digest {
    let mut block = [0u8; 64];
    block[..32].copy_from_slice(&key.0);
    let mut inner = Sha256::new();
    inner.update(block.map(|b| b ^ 0x36));
    for p in parts {
        inner.update(p);
    }
    let inner: [u8; 32] = inner.finalize().into();
    let mut outer = Sha256::new();
    outer.update(block.map(|b| b ^ 0x5c));
    outer.update(inner);
    Digest(outer.finalize().into())
}

/// Compares two digests in time independent of where they differ.
pub(crate) fn same(a: &Digest, b: &Digest) -> bool {
    a.0.iter()
        .zip(b.0.iter())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4231, test case 2: a short key is zero-padded, as `SealKey` keys are.
    #[test]
    fn hmac_matches_rfc_4231() {
        let mut key = [0u8; 32];
        key[..4].copy_from_slice(b"Jefe");
        let mac = hmac(
            &SealKey::from_bytes(key),
            &[b"what do ya ", b"want for nothing?"],
        );
        assert_eq!(
            mac.to_string(),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn digests_parse_and_compare() {
        let d: Digest = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
            .parse()
            .unwrap();
        assert!(same(&d, &d));
        assert!(!same(&d, &Digest::GENESIS));
        assert!(
            "5BDCC146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
                .parse::<Digest>()
                .is_err()
        );
        assert!("00".parse::<Digest>().is_err());
        assert_eq!(format!("{:?}", SealKey::from_bytes([1; 32])), "SealKey(..)");
    }
}
