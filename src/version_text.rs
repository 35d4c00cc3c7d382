//! Versions and version requirements as semver writes them (their `Display`), written from a
//! stack buffer: serde's text of a version is one `serialize_str`, not the formatting
//! machinery feeding the serializer piece by piece. The bytes are the same (tests below).

use semver::{Op, Version, VersionReq};

/// The longest text written in place; a longer one (long pre-release or build identifiers,
/// many comparators) is written by semver itself.
const INLINE: usize = 96;

/// A text written on the stack, and whether it fit.
struct Text {
    len: usize,
    bytes: [u8; INLINE],
    fits: bool,
}

impl Text {
    fn new() -> Text {
        Text {
            len: 0,
            bytes: [0; INLINE],
            fits: true,
        }
    }

    fn put(&mut self, s: &[u8]) {
        match self.bytes.get_mut(self.len..self.len + s.len()) {
            Some(slot) if self.fits => {
                slot.copy_from_slice(s);
                self.len += s.len();
            }
            _ => self.fits = false,
        }
    }

    fn number(&mut self, mut n: u64) {
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        loop {
            at -= 1;
            // a digit: `n % 10` is below 10
            digits[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.put(&digits[at..]);
    }

    /// The text, when it fit.
    fn get(&self) -> Option<&str> {
        // only `str`s' bytes and ASCII digits were put: the text is UTF-8
        self.fits
            .then(|| core::str::from_utf8(&self.bytes[..self.len]).ok())
            .flatten()
    }

    /// `v` as semver's `Display` writes it: `major.minor.patch[-pre][+build]`.
    fn version(v: &Version) -> Text {
        let mut t = Text::new();
        t.number(v.major);
        t.put(b".");
        t.number(v.minor);
        t.put(b".");
        t.number(v.patch);
        if !v.pre.is_empty() {
            t.put(b"-");
            t.put(v.pre.as_str().as_bytes());
        }
        if !v.build.is_empty() {
            t.put(b"+");
            t.put(v.build.as_str().as_bytes());
        }
        t
    }

    /// `r` as semver's `Display` writes it; `None` for an operator this writer does not know.
    fn req(r: &VersionReq) -> Option<Text> {
        let mut t = Text::new();
        if r.comparators.is_empty() {
            t.put(b"*");
        }
        for (i, c) in r.comparators.iter().enumerate() {
            if i > 0 {
                t.put(b", ");
            }
            let op: &[u8] = match c.op {
                Op::Exact => b"=",
                Op::Greater => b">",
                Op::GreaterEq => b">=",
                Op::Less => b"<",
                Op::LessEq => b"<=",
                Op::Tilde => b"~",
                Op::Caret => b"^",
                Op::Wildcard => b"",
                _ => return None,
            };
            t.put(op);
            t.number(c.major);
            let wildcard = c.op == Op::Wildcard;
            match (c.minor, c.patch) {
                (Some(minor), patch) => {
                    t.put(b".");
                    t.number(minor);
                    if let Some(patch) = patch {
                        t.put(b".");
                        t.number(patch);
                        if !c.pre.is_empty() {
                            t.put(b"-");
                            t.put(c.pre.as_str().as_bytes());
                        }
                    } else if wildcard {
                        t.put(b".*");
                    }
                }
                (None, _) if wildcard => t.put(b".*"),
                (None, _) => {}
            }
        }
        Some(t)
    }
}

/// Serde's `serialize_with` for a version: its text in one write (the bytes of semver's own
/// `Serialize`).
#[cfg(feature = "serde")]
pub(crate) fn serialize<S: serde::Serializer>(v: &Version, s: S) -> Result<S::Ok, S::Error> {
    match Text::version(v).get() {
        Some(text) => s.serialize_str(text),
        None => s.collect_str(v),
    }
}

/// A version requirement's text in one write (the bytes of `collect_str`).
#[cfg(feature = "serde")]
pub(crate) fn serialize_req<S: serde::Serializer>(r: &VersionReq, s: S) -> Result<S::Ok, S::Error> {
    match Text::req(r).as_ref().and_then(Text::get) {
        Some(text) => s.serialize_str(text),
        None => s.collect_str(r),
    }
}

/// Whether `text` is `r` as semver writes it (`r.to_string() == text`, without the
/// allocation).
#[cfg(feature = "serde")]
pub(crate) fn is_req_text(r: &VersionReq, text: &str) -> bool {
    match Text::req(r).as_ref().and_then(Text::get) {
        Some(written) => written == text,
        None => r.to_string() == text,
    }
}

/// Writes `r` as semver's `Display` writes it: the form a record hashes a requirement in
/// (format page §2).
pub(crate) fn write_req(out: &mut Vec<u8>, r: &VersionReq) {
    match Text::req(r).as_ref().and_then(Text::get) {
        Some(text) => out.extend_from_slice(text.as_bytes()),
        None => {
            use std::io::Write as _;
            // writing into a `Vec` cannot fail
            let _ = write!(out, "{r}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SplitMix64, as the crate's other unit tests draw their cases.
    fn draws(mut state: u64) -> impl Iterator<Item = u64> {
        core::iter::from_fn(move || {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            Some(z ^ (z >> 31))
        })
    }

    /// A number of any width: 0, small, or any `u64`.
    fn number(d: &mut impl Iterator<Item = u64>) -> u64 {
        let n = d.next().unwrap_or(0);
        match n % 4 {
            0 => 0,
            1 => n % 10,
            2 => n % 100_000,
            _ => n,
        }
    }

    /// Identifiers of pre-releases and builds, short to past the stack buffer.
    fn idents(d: &mut impl Iterator<Item = u64>) -> String {
        const PARTS: [&str; 7] = ["alpha", "1", "rc", "x-y", "0a", "build", "20261207"];
        let n = d.next().unwrap_or(0);
        let count = [0, 0, 1, 2, 3, 30][(n % 6) as usize];
        (0..count)
            .map(|_| PARTS[(d.next().unwrap_or(0) % 7) as usize])
            .collect::<Vec<_>>()
            .join(".")
    }

    /// Every drawn version and requirement is written as semver's `Display` writes it, in
    /// place or (past the buffer) by semver.
    #[test]
    fn texts_are_semvers() {
        let mut d = draws(26);
        let mut long = 0;
        for _ in 0..20_000 {
            let (pre, build) = (idents(&mut d), idents(&mut d));
            let text = format!(
                "{}.{}.{}{}{}{}{}",
                number(&mut d),
                number(&mut d),
                number(&mut d),
                if pre.is_empty() { "" } else { "-" },
                pre,
                if build.is_empty() { "" } else { "+" },
                build
            );
            let Ok(v) = Version::parse(&text) else {
                continue;
            };
            let ours = Text::version(&v);
            match ours.get() {
                Some(written) => assert_eq!(written, v.to_string()),
                None => long += 1,
            }
            #[cfg(feature = "json")]
            assert_eq!(
                serde_json::to_string(&Wrap(&v)).ok(),
                serde_json::to_string(&v).ok()
            );
        }
        assert!(long > 0, "some texts past the buffer");

        const OPS: [&str; 9] = ["", "=", ">", ">=", "<", "<=", "~", "^", "*"];
        let mut reqs = vec![
            "*".to_owned(),
            "1.*".to_owned(),
            "1.2.*".to_owned(),
            "1.x".to_owned(),
        ];
        for _ in 0..20_000 {
            let n = 1 + d.next().unwrap_or(0) % 4;
            let parts: Vec<String> = (0..n)
                .map(|_| {
                    let op = OPS[(d.next().unwrap_or(0) % 9) as usize];
                    let width = d.next().unwrap_or(0) % 4;
                    let mut c = format!("{op}{}", number(&mut d));
                    for _ in 0..width.min(2) {
                        c.push_str(&format!(".{}", number(&mut d)));
                    }
                    if width == 3 {
                        c.push_str(&format!("-{}", idents(&mut d)));
                    }
                    c
                })
                .collect();
            reqs.push(parts.join(", "));
        }
        let mut parsed = 0;
        for text in &reqs {
            let Ok(r) = VersionReq::parse(text) else {
                continue;
            };
            parsed += 1;
            if let Some(written) = Text::req(&r).as_ref().and_then(Text::get) {
                assert_eq!(written, r.to_string(), "{text}");
            }
            #[cfg(feature = "serde")]
            {
                assert!(is_req_text(&r, &r.to_string()), "{text}");
                assert_eq!(is_req_text(&r, text), r.to_string() == *text, "{text}");
            }
            #[cfg(feature = "json")]
            assert_eq!(
                serde_json::to_string(&WrapReq(&r)).ok(),
                Some(format!("\"{r}\""))
            );
        }
        assert!(parsed > 10_000, "{parsed}");
    }

    #[cfg(feature = "json")]
    struct Wrap<'a>(&'a Version);

    #[cfg(feature = "json")]
    impl serde::Serialize for Wrap<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            serialize(self.0, s)
        }
    }

    #[cfg(feature = "json")]
    struct WrapReq<'a>(&'a VersionReq);

    #[cfg(feature = "json")]
    impl serde::Serialize for WrapReq<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            serialize_req(self.0, s)
        }
    }

    /// The requirement a record hashes is semver's text, short or past the stack buffer.
    #[test]
    fn requirements_are_written_as_semver_writes_them() {
        let long = (0..12)
            .map(|i| format!(">={i}.{i}.{i}-rc.{i}"))
            .collect::<Vec<_>>()
            .join(", ");
        for text in [
            "*",
            "^1",
            "^1.2",
            "^1.2.3",
            ">=2, <4",
            "=1.2.3-rc.1",
            "~0.3",
            "1.*",
            "1.2.*",
            ">1.0.0-alpha.7, <=18446744073709551615.0.0",
            "<0",
            "^0.0.1-x.7.z.92",
            &long,
        ] {
            let req: VersionReq = text.parse().expect("a requirement");
            let mut out = Vec::new();
            write_req(&mut out, &req);
            assert_eq!(
                String::from_utf8(out).expect("utf-8"),
                req.to_string(),
                "{text}"
            );
        }
        assert!(long.len() > INLINE, "the long text does not fit in place");
    }
}
