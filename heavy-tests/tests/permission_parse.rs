//! The one-pass parser of permission text against the specification it replaced: the
//! parser that split a pattern into one allocation per segment. Both accept and refuse the
//! same texts with the same errors, write the same text, and order permissions, patterns and
//! sets the same way (so a set serializes to the same bytes).

use std::cmp::Ordering;

use kwanus_migration::permission::{ParseError, Permission, PermissionSet, ResourcePattern};
use proptest::prelude::*;

/// The reference: the parsed form as it was, with the order its derived `Ord` gave.
mod spec {
    use super::ParseError;

    #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
    pub enum Seg {
        Lit(String),
        One,
    }

    #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
    pub struct Pattern {
        pub segs: Vec<Seg>,
        pub tail: bool,
    }

    #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
    pub struct Perm {
        pub verb: String,
        pub resource: Pattern,
    }

    fn seg_char_ok(c: char) -> bool {
        c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
    }

    pub fn pattern(s: &str) -> Result<Pattern, ParseError> {
        if s.is_empty() {
            return Err(ParseError::EmptyPattern);
        }
        let parts: Vec<&str> = s.split('/').collect();
        let mut segs = Vec::new();
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
                segs.push(Seg::Lit((*part).to_owned()));
            } else {
                return Err(ParseError::InvalidSegment {
                    pattern: s.to_owned(),
                    segment: (*part).to_owned(),
                });
            }
        }
        Ok(Pattern { segs, tail })
    }

    pub fn new(verb: &str, resource: &str) -> Result<Perm, ParseError> {
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
        Ok(Perm {
            verb: verb.to_owned(),
            resource: pattern(resource)?,
        })
    }

    pub fn parse(s: &str) -> Result<Perm, ParseError> {
        let s = s.trim();
        let Some((verb, resource)) = s.split_once(':') else {
            return Err(ParseError::MissingColon {
                input: s.to_owned(),
            });
        };
        new(verb, resource)
    }

    pub fn pattern_text(p: &Pattern) -> String {
        let mut parts: Vec<&str> = p
            .segs
            .iter()
            .map(|s| match s {
                Seg::Lit(l) => l.as_str(),
                Seg::One => "*",
            })
            .collect();
        if p.tail {
            parts.push("*");
        }
        parts.join("/")
    }

    pub fn text(p: &Perm) -> String {
        format!("{}:{}", p.verb, pattern_text(&p.resource))
    }
}

/// Any short text over the characters that matter (and some that must be refused).
fn any_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            8 => proptest::sample::select(vec![
                "a", "b", "Z", "9", "-", "_", ".", "*", "/", ":", "ab", "read",
            ]),
            1 => proptest::sample::select(vec![" ", "\t", "é", ",", "\u{a0}", "A*", "//"]),
        ],
        0..14,
    )
    .prop_map(|parts| parts.concat())
}

/// A well-formed permission text, short literals and long (hashed) ones.
fn valid_text() -> impl Strategy<Value = String> {
    let seg = proptest::sample::select(vec![
        "a",
        "b",
        "ab",
        "a-",
        "A",
        "0",
        "*",
        "tenant-1000",
        "tenant-10000",
    ]);
    (
        proptest::sample::select(vec!["read", "re", "read1", "*", "-", "write"]),
        proptest::collection::vec(seg, 1..5),
    )
        .prop_map(|(verb, segs)| format!("{verb}:{}", segs.join("/")))
}

fn either_text() -> impl Strategy<Value = String> {
    prop_oneof![any_text(), valid_text()]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    /// The same texts are accepted, with the same errors for the rest, and an accepted text
    /// is written back byte for byte as the specification writes it.
    #[test]
    fn accepts_and_writes_what_the_spec_does(text in either_text()) {
        let ours = text.parse::<Permission>();
        let spec = spec::parse(&text);
        match (&ours, &spec) {
            (Ok(p), Ok(s)) => {
                prop_assert_eq!(p.to_string(), spec::text(s));
                prop_assert_eq!(p.to_string(), text.trim());
                prop_assert_eq!(p.verb(), s.verb.as_str());
                prop_assert_eq!(p.resource().to_string(), spec::pattern_text(&s.resource));
            }
            (Err(a), Err(b)) => {
                prop_assert_eq!(a, b);
                prop_assert_eq!(a.to_string(), b.to_string());
            }
            _ => prop_assert!(false, "{:?}: ours {:?}, spec {:?}", text, ours, spec),
        }
    }

    /// `Permission::new` and `ResourcePattern`'s parser, the same.
    #[test]
    fn new_and_patterns_agree_with_the_spec(verb in any_text(), resource in either_text()) {
        let ours = Permission::new(&verb, &resource).map(|p| p.to_string());
        let spec = spec::new(&verb, &resource).map(|p| spec::text(&p));
        prop_assert_eq!(ours, spec);
        let ours = resource.parse::<ResourcePattern>().map(|p| p.to_string());
        let spec = spec::pattern(&resource).map(|p| spec::pattern_text(&p));
        prop_assert_eq!(ours, spec);
    }

    /// Permissions and patterns order as their specification's derived order does.
    #[test]
    fn order_is_the_specs(a in valid_text(), b in valid_text()) {
        let (pa, pb): (Permission, Permission) = (a.parse().unwrap(), b.parse().unwrap());
        let (sa, sb) = (spec::parse(&a).unwrap(), spec::parse(&b).unwrap());
        prop_assert_eq!(pa.cmp(&pb), sa.cmp(&sb), "{} vs {}", a, b);
        prop_assert_eq!(pa == pb, sa == sb);
        prop_assert_eq!(
            pa.resource().cmp(pb.resource()),
            sa.resource.cmp(&sb.resource),
            "{} vs {}", a, b
        );
        prop_assert_eq!(pa.cmp(&pa), Ordering::Equal);
    }

    /// A set holds, in order, the texts the specification sorts and deduplicates: what it
    /// serializes is unchanged (short lists and long ones, sorted by keys first).
    #[test]
    fn sets_sort_as_the_spec(texts in proptest::collection::vec(valid_text(), 0..100)) {
        let set: PermissionSet = texts.iter().map(|t| t.parse::<Permission>().unwrap()).collect();
        let mut spec: Vec<spec::Perm> = texts.iter().map(|t| spec::parse(t).unwrap()).collect();
        spec.sort();
        spec.dedup();
        let ours: Vec<String> = set.iter().map(ToString::to_string).collect();
        let want: Vec<String> = spec.iter().map(spec::text).collect();
        prop_assert_eq!(&ours, &want);
        prop_assert_eq!(
            serde_json::to_string(&set).unwrap(),
            serde_json::to_string(&want).unwrap()
        );
    }
}
