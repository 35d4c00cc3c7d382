//! The text of a time in a record: the one grammar the crate reads, and the canonical
//! spelling it writes (the `format` page, §1).
//!
//! ```text
//! date-time = year "-" MM "-" DD "T" hh ":" mm ":" ss [ "." 1*9DIGIT ] zone
//! year      = 4DIGIT / "+" 5*DIGIT / "-" 4*DIGIT
//! zone      = "Z" / ( "+" / "-" ) hh ":" mm
//! ```
//!
//! - `year`: four digits for 0000–9999; `+` only before five digits or more (a year above
//!   9999) without a leading zero; `-` before four digits or more (a year before 0000),
//!   without a leading zero beyond four digits (`-0001`, `-12345`; not `-0000`, not
//!   `-01234`);
//! - `T` and `Z` uppercase; `-00:00` (RFC 3339's unknown offset) refused;
//! - 1 to 9 fraction digits (10 or more refused: nothing is cut);
//! - `ss` is `00`–`59`, or `60` only when the instant is `23:59:60` UTC (a leap second);
//! - a calendar date, and an instant within chrono's range.
//!
//! Written canonically: UTC with `Z`, a fraction only when non-zero with 3, 6 or 9 digits
//! (what chrono's serde writes).

use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Timelike, Utc};

/// The instant a record time names, or why the text is not a record time.
pub(crate) fn parse(text: &str) -> Result<DateTime<Utc>, String> {
    let refuse = |why: &str| Err(format!("invalid time `{text}`: {why}"));
    let b = text.as_bytes();
    let mut i = 0;
    // year
    let (negative, plus) = match b.first() {
        Some(b'+') => (false, true),
        Some(b'-') => (true, false),
        _ => (false, false),
    };
    if negative || plus {
        i += 1;
    }
    let start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let digits = &text[start..i];
    if plus && (digits.len() < 5 || digits.starts_with('0')) {
        return refuse("a `+` comes only before a year above 9999, without a leading zero");
    }
    if negative && (digits.len() < 4 || (digits.len() > 4 && digits.starts_with('0'))) {
        return refuse(
            "a year before 0000 is `-` and at least four digits, without a needless leading zero",
        );
    }
    if !negative && !plus && digits.len() != 4 {
        return refuse("the year is four digits, or `+` or `-` and more");
    }
    if digits.len() > 7 {
        return refuse("the year is out of range");
    }
    let magnitude: i32 = digits
        .parse()
        .map_err(|_| format!("invalid time `{text}`"))?;
    if negative && magnitude == 0 {
        return refuse("the year 0000 has no sign");
    }
    let year = if negative { -magnitude } else { magnitude };

    let mut two = |sep: Option<u8>| -> Option<u32> {
        if let Some(sep) = sep {
            if b.get(i) != Some(&sep) {
                return None;
            }
            i += 1;
        }
        let d = b.get(i..i + 2)?;
        if !d.iter().all(u8::is_ascii_digit) {
            return None;
        }
        i += 2;
        Some(u32::from(d[0] - b'0') * 10 + u32::from(d[1] - b'0'))
    };
    let (Some(month), Some(day), Some(hour), Some(minute), Some(second)) = (
        two(Some(b'-')),
        two(Some(b'-')),
        two(Some(b'T')),
        two(Some(b':')),
        two(Some(b':')),
    ) else {
        return refuse("not `YYYY-MM-DDThh:mm:ss` (uppercase `T`)");
    };
    if hour > 23 || minute > 59 || second > 60 {
        return refuse("the hour, minute or second is out of range");
    }
    // fraction
    let mut nano = 0u32;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let n = i - start;
        if n == 0 || n > 9 {
            return refuse("a fraction has 1 to 9 digits");
        }
        nano = text[start..i]
            .parse()
            .map_err(|_| format!("invalid time `{text}`"))?;
        nano *= 10u32.pow(u32::try_from(9 - n).unwrap_or(0));
    }
    // zone
    let offset_seconds: i64 = match &b[i..] {
        [b'Z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2]
            if [h1, h2, m1, m2].iter().all(|c| c.is_ascii_digit()) =>
        {
            let h = i64::from((h1 - b'0') * 10 + (h2 - b'0'));
            let m = i64::from((m1 - b'0') * 10 + (m2 - b'0'));
            if h > 23 || m > 59 {
                return refuse("the offset is out of range");
            }
            if *sign == b'-' && h == 0 && m == 0 {
                return refuse(
                    "`-00:00` (an unknown offset) is not a zone; UTC is `Z` or `+00:00`",
                );
            }
            let s = h * 3600 + m * 60;
            if *sign == b'-' {
                -s
            } else {
                s
            }
        }
        _ => return refuse("the zone is `Z` or `+hh:mm` / `-hh:mm`"),
    };
    let Some(date) = NaiveDate::from_ymd_opt(year, month, day) else {
        return refuse("not a calendar date, or the year is out of range");
    };
    let leap = second == 60;
    let Some(local) = date.and_hms_nano_opt(hour, minute, if leap { 59 } else { second }, nano)
    else {
        return refuse("not a time of day");
    };
    let Some(utc) = local.checked_sub_signed(TimeDelta::seconds(offset_seconds)) else {
        return refuse("the instant is out of range");
    };
    let utc = if leap {
        if utc.hour() != 23 || utc.minute() != 59 {
            return refuse("a leap second (second 60) is only 23:59:60 UTC");
        }
        match utc.with_nanosecond(nano + 1_000_000_000) {
            Some(t) => t,
            None => return refuse("not a time of day"),
        }
    } else {
        utc
    };
    // within chrono's instants (a date near the ends shifted by an offset)
    if utc < DateTime::<Utc>::MIN_UTC.naive_utc() || utc > DateTime::<Utc>::MAX_UTC.naive_utc() {
        return refuse("the instant is out of range");
    }
    Ok(utc.and_utc())
}

/// A leap second counts as the second before it (23:59:60.f as 23:59:59.f, the same
/// fraction): the time dates are derived from (months or days added), so the crate never
/// writes second 60 outside 23:59 UTC.
pub(crate) fn unleap(at: DateTime<Utc>) -> DateTime<Utc> {
    let nano = at.nanosecond();
    if nano >= 1_000_000_000 {
        at.with_nanosecond(nano - 1_000_000_000).unwrap_or(at)
    } else {
        at
    }
}

/// Whether a record can hold `at`: not a leap second, or one at 23:59:60 UTC (chrono
/// represents a leap second as nanoseconds of 1e9 or more on second 59 of any minute).
pub(crate) fn writable(at: DateTime<Utc>) -> bool {
    // the UTC time's own fraction, read without converting to a local time first
    at.timestamp_subsec_nanos() < 1_000_000_000
        || (at.hour() == 23 && at.minute() == 59 && at.second() == 59)
}

/// Writes the canonical spelling (chrono's serde form), in one write: the text is built on
/// the stack ([`canonical`]) and handed to the serializer whole.
#[cfg(feature = "serde")]
pub(crate) fn serialize<S: serde::Serializer>(at: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    let mut buf = [0u8; CANONICAL_MAX];
    match canonical(*at, &mut buf) {
        Some(text) => s.serialize_str(text),
        // a year chrono cannot hold has no canonical text; chrono's own writer decides
        None => serde::Serialize::serialize(at, s),
    }
}

/// The longest canonical text: a sign and a six-digit year, `-MM-DDThh:mm:ss`, a
/// nine-digit fraction and `Z`.
pub(crate) const CANONICAL_MAX: usize = 40;

/// The canonical spelling of `at`, as chrono's serde form writes it (its `Debug` form of
/// the naive UTC time, then `Z`): the year in four digits (with a sign and at least four
/// digits outside 0 to 9999), the fraction in 3, 6 or 9 digits when it is not zero, a leap
/// second as second 60. `None` only for a year of more than six digits (chrono's range has
/// none).
pub(crate) fn canonical(at: DateTime<Utc>, buf: &mut [u8; CANONICAL_MAX]) -> Option<&str> {
    let naive = at.naive_utc();
    let (date, time) = (naive.date(), naive.time());
    let mut n = 0;
    let mut put = |bytes: &[u8], n: &mut usize| {
        buf[*n..*n + bytes.len()].copy_from_slice(bytes);
        *n += bytes.len();
    };
    let digits = |mut v: u32, width: usize, out: &mut [u8]| {
        for i in (0..width).rev() {
            // a digit: `v % 10` is below 10
            out[i] = b'0' + (v % 10) as u8;
            v /= 10;
        }
    };
    let year = date.year();
    let mut tmp = [0u8; 9];
    if (0..=9999).contains(&year) {
        digits(year.unsigned_abs(), 4, &mut tmp);
        put(&tmp[..4], &mut n);
    } else {
        let abs = year.unsigned_abs();
        if abs > 999_999 {
            return None;
        }
        let width = if abs > 99_999 {
            6
        } else if abs > 9_999 {
            5
        } else {
            4
        };
        put(if year < 0 { b"-" } else { b"+" }, &mut n);
        digits(abs, width, &mut tmp);
        put(&tmp[..width], &mut n);
    }
    let (nano, leap) = match time.nanosecond() {
        n if n >= 1_000_000_000 => (n - 1_000_000_000, 1),
        n => (n, 0),
    };
    for (sep, v) in [
        (b'-', date.month()),
        (b'-', date.day()),
        (b'T', time.hour()),
        (b':', time.minute()),
        (b':', time.second() + leap),
    ] {
        put(&[sep], &mut n);
        digits(v, 2, &mut tmp);
        put(&tmp[..2], &mut n);
    }
    if nano != 0 {
        let (v, width) = if nano % 1_000_000 == 0 {
            (nano / 1_000_000, 3)
        } else if nano % 1_000 == 0 {
            (nano / 1_000, 6)
        } else {
            (nano, 9)
        };
        put(b".", &mut n);
        digits(v, width, &mut tmp);
        put(&tmp[..width], &mut n);
    }
    put(b"Z", &mut n);
    core::str::from_utf8(&buf[..n]).ok()
}

/// Reads the grammar above, and nothing else.
#[cfg(feature = "serde")]
pub(crate) fn deserialize<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<DateTime<Utc>, D::Error> {
    d.deserialize_str(TimeVisitor)
}

/// Reads a time from a string without copying it.
#[cfg(feature = "serde")]
struct TimeVisitor;

#[cfg(feature = "serde")]
impl serde::de::Visitor<'_> for TimeVisitor {
    type Value = DateTime<Utc>;

    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("a time (format 3: `YYYY-MM-DDThh:mm:ss[.fraction]` and `Z` or `±hh:mm`)")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<DateTime<Utc>, E> {
        parse(text).map_err(E::custom)
    }
}

/// The same for a time or `null`, the key always present.
#[cfg(feature = "serde")]
pub(crate) mod option {
    use chrono::{DateTime, Utc};
    use serde::Deserialize;

    pub(crate) fn serialize<S: serde::Serializer>(
        at: &Option<DateTime<Utc>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(at, s)
    }

    pub(crate) fn deserialize<'de, D: serde::Deserializer<'de>>(
        d: D,
    ) -> Result<Option<DateTime<Utc>>, D::Error> {
        struct Time(DateTime<Utc>);
        impl<'de> Deserialize<'de> for Time {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                super::deserialize(d).map(Time)
            }
        }
        Ok(Option::<Time>::deserialize(d)?.map(|t| t.0))
    }
}

/// An `Option` field of a record whose key must be present (`null` written out): serde's
/// derive reads a missing `Option` key as `None` unless the field has its own reader.
#[cfg(feature = "serde")]
pub(crate) fn required<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stack writer spells every instant exactly as chrono's serde form: at the ends of
    /// chrono's range, around every year width, on leap seconds, with every fraction width.
    #[cfg(feature = "serde")]
    #[test]
    fn the_stack_writer_is_chronos_serde_form() {
        let chrono_form = |at: DateTime<Utc>| serde_json::to_string(&at).unwrap();
        let ours = |at: DateTime<Utc>| {
            let mut buf = [0u8; CANONICAL_MAX];
            format!("\"{}\"", canonical(at, &mut buf).unwrap())
        };
        let mut seen = 0;
        let years = [
            -262_143, -100_000, -99_999, -10_000, -9_999, -1_000, -1, 0, 1, 999, 1_000, 1970, 2026,
            9_999, 10_000, 99_999, 100_000, 262_142,
        ];
        let nanos = [
            0,
            1,
            999,
            1_000,
            1_001,
            999_999,
            1_000_000,
            1_500_000,
            120_000_000,
            999_999_999,
            1_000_000_000,
            1_000_000_001,
            1_250_000_000,
            1_999_999_999,
        ];
        for year in years {
            for (month, day, h, m, sec) in [(1, 1, 0, 0, 0), (12, 31, 23, 59, 59), (2, 28, 7, 5, 9)]
            {
                for nano in nanos {
                    let Some(at) = NaiveDate::from_ymd_opt(year, month, day)
                        .and_then(|d| d.and_hms_nano_opt(h, m, sec, nano))
                    else {
                        continue;
                    };
                    let at = at.and_utc();
                    assert_eq!(ours(at), chrono_form(at), "{at:?}");
                    seen += 1;
                }
            }
        }
        assert_eq!(
            ours(DateTime::<Utc>::MIN_UTC),
            chrono_form(DateTime::<Utc>::MIN_UTC)
        );
        assert_eq!(
            ours(DateTime::<Utc>::MAX_UTC),
            chrono_form(DateTime::<Utc>::MAX_UTC)
        );
        assert!(seen > 500, "{seen} instants");
    }

    /// Any instant chrono holds, leap seconds included, is spelled as chrono spells it:
    /// 8,192 drawn instants, each fraction width the writer picks.
    #[cfg(feature = "serde")]
    #[test]
    fn the_stack_writer_agrees_on_any_instant() {
        let (min, max) = (
            DateTime::<Utc>::MIN_UTC.timestamp(),
            DateTime::<Utc>::MAX_UTC.timestamp(),
        );
        let span = u64::try_from(max - min).unwrap() + 1;
        let mut state = 0x0063_616E_6F6E_u64;
        let mut seen = 0;
        for _ in 0..8192 {
            let secs = min + i64::try_from(splitmix(&mut state) % span).unwrap();
            // leap seconds too: chrono holds a fraction up to 2e9 on a minute's last second
            let secs = if splitmix(&mut state) % 8 == 0 {
                secs - secs.rem_euclid(60) + 59
            } else {
                secs
            };
            let nano = u32::try_from(splitmix(&mut state) % 2_000_000_000).unwrap();
            let nano = match splitmix(&mut state) % 4 {
                0 => nano - nano % 1_000_000,
                1 => nano - nano % 1_000,
                2 => nano,
                _ => nano - nano % 1_000_000_000,
            };
            if let Some(at) = DateTime::<Utc>::from_timestamp(secs, nano) {
                let mut buf = [0u8; CANONICAL_MAX];
                let ours = format!("\"{}\"", canonical(at, &mut buf).unwrap());
                assert_eq!(ours, serde_json::to_string(&at).unwrap(), "{secs} {nano}");
                seen += 1;
            }
        }
        assert!(seen > 4000, "{seen} instants");
    }

    #[test]
    fn canonical_round_trips() {
        for text in [
            "2026-01-05T00:00:00Z",
            "2026-01-05T00:00:00.250Z",
            "2016-12-31T23:59:60Z",
            "2016-12-31T23:59:60.500Z",
            "+10000-01-01T00:00:00Z",
            "-0001-12-31T23:59:59.000000001Z",
        ] {
            let t = parse(text).unwrap();
            assert_eq!(serde_json::to_value(t).unwrap(), text, "{text}");
        }
    }

    /// SplitMix64: the crate's unit tests draw their cases from it so that the library's
    /// dev-dependencies stay light (the property tests with proptest live in
    /// `heavy-tests/`); seeded, so a failure names its case and repeats.
    fn splitmix(state: &mut u64) -> u64 {
        *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = *state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Whatever instant the crate writes, it reads back: the written form is in the grammar
    /// (including leap seconds at 23:59:60 and years outside 0000-9999). The range's ends,
    /// then 4,096 drawn instants, each also as a leap second and at another offset.
    #[test]
    fn what_is_written_reads_back() {
        let (min, max) = (
            DateTime::<Utc>::MIN_UTC.timestamp(),
            DateTime::<Utc>::MAX_UTC.timestamp(),
        );
        let span = u64::try_from(max - min).unwrap() + 1;
        let mut state = 0x6B77_616E_7573_u64;
        let mut cases = vec![
            (min, 0, false, 0),
            (max, 999_999_999, false, 0),
            (0, 0, true, 60),
        ];
        for _ in 0..4096 {
            let secs = min + i64::try_from(splitmix(&mut state) % span).unwrap();
            let nano = u32::try_from(splitmix(&mut state) % 1_000_000_000).unwrap();
            let leap = splitmix(&mut state) % 4 == 0;
            let offset_minutes =
                i32::try_from(splitmix(&mut state) % (2 * 24 * 60 - 1)).unwrap() - (24 * 60 - 1);
            cases.push((secs, nano, leap, offset_minutes));
        }
        for (secs, nano, leap, offset_minutes) in cases {
            let Some(mut t) = DateTime::<Utc>::from_timestamp(secs, nano) else {
                continue;
            };
            if leap {
                let day_end = t
                    .date_naive()
                    .and_hms_nano_opt(23, 59, 59, nano + 1_000_000_000);
                match day_end {
                    Some(d) => t = d.and_utc(),
                    None => continue,
                }
            }
            let text = serde_json::to_value(t).unwrap();
            let text = text.as_str().unwrap();
            assert_eq!(parse(text), Ok(t), "{text}");
            // the same instant at another offset, when it is in range
            if !leap && offset_minutes != 0 {
                let off = chrono::FixedOffset::east_opt(offset_minutes * 60).unwrap();
                let local = t.with_timezone(&off);
                if local.year() > -10_000 && local.year() < 10_000 {
                    let spelled = local.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false);
                    assert_eq!(parse(&spelled), Ok(t), "{spelled}");
                }
            }
        }
    }

    #[test]
    fn unleap_keeps_the_fraction() {
        let t = parse("2016-12-31T23:59:60.5Z").unwrap();
        assert_eq!(unleap(t), parse("2016-12-31T23:59:59.5Z").unwrap());
    }
}
