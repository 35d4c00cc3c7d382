//! The permission-boundary checker: parsing, inclusion edge cases and every violation kind.

use kwanus_migration::permission::*;
use kwanus_migration::{GovernanceBody, MigrationKind};

fn set(s: &str) -> PermissionSet {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn pat(s: &str) -> ResourcePattern {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

#[test]
fn malformed_patterns_are_refused_at_parse_time() {
    let cases = [
        ("", "permission.empty_pattern"),
        ("orders/", "permission.empty_segment"),
        ("/orders", "permission.empty_segment"),
        ("orders//eu", "permission.empty_segment"),
        ("ord*", "permission.invalid_segment"),
        ("orders/e u", "permission.invalid_segment"),
        ("orders/**", "permission.invalid_segment"),
    ];
    for (text, code) in cases {
        assert_eq!(
            text.parse::<ResourcePattern>().unwrap_err().code(),
            code,
            "{text:?}"
        );
    }
    assert_eq!(
        "read".parse::<Permission>().unwrap_err().code(),
        "permission.missing_colon"
    );
    assert_eq!(
        "Read:orders".parse::<Permission>().unwrap_err().code(),
        "permission.invalid_verb"
    );
    assert_eq!(
        ":orders".parse::<Permission>().unwrap_err().code(),
        "permission.invalid_verb"
    );
    assert!(serde_json::from_str::<Permission>("\"read:orders//x\"").is_err());
    assert!(serde_json::from_str::<PermissionSet>("[\"read:orders/*\", \"bad\"]").is_err());
}

#[test]
fn text_and_json_round_trip() {
    let s = set("write:orders/eu/*, read:orders/*/items, read:orders/*");
    assert_eq!(
        s.to_string(),
        "read:orders/*, read:orders/*/items, write:orders/eu/*"
    );
    assert_eq!(s.to_string().parse::<PermissionSet>().unwrap(), s);
    let json = serde_json::to_string(&s).unwrap();
    assert_eq!(
        json,
        r#"["read:orders/*","read:orders/*/items","write:orders/eu/*"]"#
    );
    assert_eq!(serde_json::from_str::<PermissionSet>(&json).unwrap(), s);
    assert_eq!(set("read:a, read:a").len(), 1, "duplicates collapse");
}

/// A set is written in place as the array of its entries: the bytes of the `Vec` it
/// converts into, empty or not, before and after a check built its trie and index.
#[test]
fn a_set_writes_the_bytes_of_its_entries() {
    for text in [
        "",
        "read:a",
        "write:orders/eu/*, read:orders/*/items, *:*, read:x/\u{e9}",
    ] {
        let s: PermissionSet = text.parse().unwrap_or_default();
        let as_vec = |s: &PermissionSet| serde_json::to_string(&Vec::from(s.clone())).unwrap();
        assert_eq!(serde_json::to_string(&s).unwrap(), as_vec(&s), "{text}");
        // a check builds what the set keeps on first need
        let _ = set("read:orders/*, write:orders/eu/*").is_subset(&s);
        let _ = s.is_subset(&set("*:*"));
        assert_eq!(serde_json::to_string(&s).unwrap(), as_vec(&s), "{text}");
        assert_eq!(
            serde_json::to_value(&s).unwrap(),
            serde_json::to_value(Vec::from(s.clone())).unwrap()
        );
    }
}

#[test]
fn inclusion_edge_cases() {
    // subtrees
    assert!(pat("orders/eu/*").is_within(&pat("orders/*")));
    assert!(!pat("orders/*").is_within(&pat("orders/eu/*")));
    assert!(
        !pat("orders").is_within(&pat("orders/*")),
        "a subtree does not hold its root"
    );
    assert!(pat("orders/eu").is_within(&pat("orders/*")));
    // `*` in the middle is one segment
    assert!(pat("orders/eu/items").is_within(&pat("orders/*/items")));
    assert!(!pat("orders/eu/x/items").is_within(&pat("orders/*/items")));
    assert!(pat("orders/*/items").is_within(&pat("orders/*")));
    assert!(!pat("orders/*/items").is_within(&pat("orders/eu/*")));
    assert!(pat("orders/*/items").is_within(&pat("orders/*/*")));
    assert!(!pat("orders/*/*").is_within(&pat("orders/*/items")));
    // case matters: folding case could only widen
    assert!(!pat("Orders/eu").is_within(&pat("orders/*")));
    // exact
    assert!(pat("orders/eu").is_within(&pat("orders/eu")));
    assert!(!pat("orders/eu").is_within(&pat("orders/us")));
    // unbounded
    assert!(pat("*").is_unbounded());
    assert!(pat("*/orders").is_unbounded());
    assert!(!pat("orders/*").is_unbounded());
    assert!("*:orders/eu".parse::<Permission>().unwrap().is_unbounded());
}

/// Inclusion is by the concrete pairs a set reaches, whatever the entries look like; and
/// several entries never reach what none reaches alone.
#[test]
fn subset_sees_coverage_by_several_entries() {
    // orders/* is orders/<one> plus orders/<one>/<more>: orders/*/* alone misses the first
    let split = set("read:orders/*/*, read:orders/*");
    assert!(set("read:orders/*").is_subset(&set("read:orders/*/*, read:orders/*")));
    let pieces = set("read:orders/*/*");
    assert!(!set("read:orders/*").is_subset(&pieces));
    let two = PermissionSet::from(vec![
        Permission::new("read", "orders/*/*").unwrap(),
        "read:orders/x".parse().unwrap(),
    ]);
    assert!(
        !set("read:orders/*").is_subset(&two),
        "orders/y is not covered"
    );
    assert!(split.is_subset(&set("read:orders/*")));
    // wildcard verbs cover every verb; a wildcard verb is only covered by a wildcard verb
    assert!(set("delete:orders/eu").is_subset(&set("*:orders/*")));
    assert!(!set("*:orders/eu").is_subset(&set("read:orders/*, write:orders/*")));
}

#[test]
fn set_operations_respect_inclusion() {
    let a = set("read:orders/*, write:orders/eu/*");
    let b = set("read:orders/eu/*, write:orders/*");
    let i = a.intersection(&b);
    assert_eq!(i.to_string(), "read:orders/eu/*, write:orders/eu/*");
    assert!(i.is_subset(&a) && i.is_subset(&b));
    let u = a.union(&b);
    assert!(a.is_subset(&u) && b.is_subset(&u));
    let d = a.difference(&b);
    assert_eq!(d.to_string(), "read:orders/*");
    assert!(PermissionSet::new().is_subset(&a));
}

fn check_migration(
    current: &str,
    proposed: &str,
    ceiling: &str,
    kind: MigrationKind,
    approvals: &[GovernanceBody],
) -> BoundaryReport {
    let (current, proposed, ceiling) = (set(current), set(proposed), set(ceiling));
    let catalog = Catalog::default();
    let mut input = BoundaryCheck::migration(&current, &proposed, &ceiling, kind, &catalog);
    input.approvals = approvals;
    check(&input)
}

#[test]
fn each_violation_kind_is_named_with_its_permission() {
    let ok = check_migration(
        "read:orders/*",
        "read:orders/eu/*",
        "read:orders/*",
        MigrationKind::ApiVersion,
        &[],
    );
    assert!(ok.allowed(), "{ok}");
    assert_eq!(
        ok.to_string(),
        "allowed: every permission is inside the boundary"
    );

    let r = check_migration(
        "read:orders/*",
        "read:orders/*, read:billing/x",
        "read:orders/*",
        MigrationKind::ApiVersion,
        &[GovernanceBody::Sco],
    );
    assert_eq!(r.violations().len(), 1);
    let v = &r.violations()[0];
    assert_eq!(v.kind, ViolationKind::ExceedsCeiling);
    assert_eq!(v.permission.to_string(), "read:billing/x");
    assert_eq!(
        v.counterexample.as_ref().unwrap().to_string(),
        "read on billing/x"
    );

    let r = check_migration(
        "read:orders/*",
        "read:*",
        "read:*",
        MigrationKind::ApiVersion,
        &[GovernanceBody::Sco],
    );
    assert!(r.has(ViolationKind::Unbounded));
    let r = check_migration(
        "read:orders/*",
        "*:orders/*",
        "*:orders/*",
        MigrationKind::ApiVersion,
        &[GovernanceBody::Sco],
    );
    assert!(r.has(ViolationKind::Unbounded) && r.has(ViolationKind::EscalationCapable));

    let r = check_migration(
        "read:orders/*",
        "read:orders/*, write:orders/eu/*",
        "read:orders/*, write:orders/*",
        MigrationKind::ApiVersion,
        &[],
    );
    assert_eq!(r.violations()[0].kind, ViolationKind::ExpansionWithoutSco);
    assert_eq!(
        r.violations()[0].counterexample.as_ref().unwrap().resource,
        "orders/eu/example"
    );
    let r = check_migration(
        "read:orders/*",
        "read:orders/*, write:orders/eu/*",
        "read:orders/*, write:orders/*",
        MigrationKind::PermissionExpansion,
        &[GovernanceBody::Sco],
    );
    assert!(r.allowed(), "{r}");

    let r = check_migration(
        "read:orders/eu/*",
        "read:orders/*",
        "read:*",
        MigrationKind::PermissionRestructuring,
        &[GovernanceBody::Sco],
    );
    assert!(
        r.has(ViolationKind::RestructuringWidens),
        "SCO cannot approve a widening restructuring"
    );
    let r = check_migration(
        "read:orders/*",
        "read:orders/*/*, read:orders/*",
        "read:orders/*",
        MigrationKind::PermissionRestructuring,
        &[],
    );
    assert!(r.allowed(), "same effective access in a new shape: {r}");

    let r = check_migration(
        "grant:orders/eu",
        "grant:orders/eu",
        "grant:orders/*",
        MigrationKind::ApiVersion,
        &[],
    );
    assert_eq!(r.violations()[0].kind, ViolationKind::EscalationCapable);

    // deny overrides allow, even inside the ceiling
    let (cur, prop, ceil, deny) = (
        set("write:orders/*"),
        set("write:orders/*"),
        set("write:orders/*"),
        set("write:orders/eu/audit"),
    );
    let catalog = Catalog::default();
    let mut input =
        BoundaryCheck::migration(&cur, &prop, &ceil, MigrationKind::ApiVersion, &catalog);
    input.deny = &deny;
    let r = check(&input);
    assert_eq!(r.violations()[0].kind, ViolationKind::Denied);
    assert_eq!(
        r.violations()[0].counterexample.as_ref().unwrap().resource,
        "orders/eu/audit"
    );
    assert_eq!(r.violations()[0].kind.code(), "permission.denied");
}

#[test]
fn fallback_grants_are_read_only_and_never_wider() {
    let catalog = Catalog::default();
    let (cur, ceil) = (
        set("read:orders/eu/*, write:orders/eu/*"),
        set("read:orders/*, write:orders/*"),
    );
    let fb = set("write:orders/eu/*");
    let r = check(&BoundaryCheck::fallback(&cur, &fb, &ceil, &catalog));
    assert_eq!(r.violations()[0].kind, ViolationKind::FallbackNotReadOnly);
    let fb = set("read:orders/*");
    let r = check(&BoundaryCheck::fallback(&cur, &fb, &ceil, &catalog));
    assert_eq!(r.violations()[0].kind, ViolationKind::FallbackWider);
    assert_eq!(
        r.violations()[0].counterexample.as_ref().unwrap().resource,
        "orders/example"
    );
    let fb = cur.read_only_projection(&catalog);
    assert!(check(&BoundaryCheck::fallback(&cur, &fb, &ceil, &catalog)).allowed());
}

#[test]
fn undeclared_verbs_count_as_admin() {
    let catalog = Catalog::empty();
    assert_eq!(catalog.level("read"), Access::Admin);
    let cur = set("read:orders/*");
    assert!(cur.read_only_projection(&catalog).is_empty());
    let custom = Catalog::default().declare("peek", Access::Read);
    assert_eq!(set("peek:orders/*").read_only_projection(&custom).len(), 1);
    assert!(Catalog::default().is_escalation("set-policy"));
    assert!(Catalog::default().is_escalation("*"));
    // `*` stays admin even if a catalog declares it lower
    let odd = Catalog::default().declare("*", Access::Read);
    assert_eq!(odd.level("*"), Access::Admin);
}

#[test]
fn diff_shows_added_removed_widened_narrowed() {
    let old = set("read:orders/eu/*, write:orders/eu/*, delete:orders/eu/tmp");
    let new = set("read:orders/*, write:orders/eu/archive/*, list:orders/*");
    let lines: Vec<String> = diff_grants(&old, &new)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        lines,
        [
            "- delete:orders/eu/tmp",
            "+ list:orders/*",
            "▲ read:orders/eu/* → read:orders/*",
            "▼ write:orders/eu/* → write:orders/eu/archive/*",
        ]
    );
    assert!(diff_grants(&old, &old).is_empty());
}

/// A grant proposed unchanged widens nothing, and "unchanged" means entry for entry: the same
/// verbs and segments cut into other entries, or the same text with long literals, are
/// judged one permission at a time.
#[test]
fn an_unchanged_grant_is_recognised_entry_for_entry() {
    let ceiling = "read:*";
    let kind = MigrationKind::PermissionExpansion;
    let same = check_migration("read:x, read:y", "read:x, read:y", ceiling, kind, &[]);
    assert!(same.allowed(), "{same}");
    // the same verbs and segments, as one entry
    let recut = check_migration("read:x, read:y", "read:x/read/y", ceiling, kind, &[]);
    assert!(recut.has(ViolationKind::ExpansionWithoutSco), "{recut}");
    let long = "read:aaaaaaaaaaaa/b, read:y/aaaaaaaaaaaa";
    let same_long = check_migration(long, long, ceiling, kind, &[]);
    assert!(same_long.allowed(), "{same_long}");
    let other_long = check_migration(long, "read:aaaaaaaaaaab/b", ceiling, kind, &[]);
    assert!(
        other_long.has(ViolationKind::ExpansionWithoutSco),
        "{other_long}"
    );
}

#[test]
fn counterexamples_name_a_resource_a_person_recognises() {
    let catalog = Catalog::default();
    let ceiling: PermissionSet = "read:orders/*".parse().unwrap();
    let proposed: PermissionSet = "read:*".parse().unwrap();
    let current = PermissionSet::new();
    let report = check(&BoundaryCheck::migration(
        &current,
        &proposed,
        &ceiling,
        MigrationKind::PermissionExpansion,
        &catalog,
    ));
    let text = report.to_string();
    assert!(text.contains("for example read on example"), "{text}");
    assert!(!text.contains(" _"), "{text}");
    // and it is a true counterexample: the ceiling does not allow it
    assert!(!ceiling.allows("read", "example"));
    assert!(proposed.allows("read", "example"));
}

/// The compiled form costs a few hundred bytes per permission at every size (the README's
/// figure), not more as the set grows.
#[test]
fn compiled_sets_cost_a_few_hundred_bytes_per_permission() {
    for n in [8usize, 64, 512, 4096] {
        let text: Vec<String> = (0..n)
            .map(|i| format!("read:tenant-{i}/orders/x{}/*", i % 7))
            .collect();
        let set: PermissionSet = text.join(", ").parse().unwrap();
        let per = set.compiled_bytes() / n;
        assert!(
            (50..1024).contains(&per),
            "{n} permissions: {per} bytes each"
        );
    }
}

/// Sets are equal when they hold the same entries, whatever the order they were written in.
#[test]
fn sets_are_equal_by_their_entries() {
    let a: PermissionSet = "read:orders/*, write:orders/eu/*".parse().unwrap();
    let b: PermissionSet = "write:orders/eu/*, read:orders/*".parse().unwrap();
    let c: PermissionSet = "read:orders/*".parse().unwrap();
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert_ne!(c, PermissionSet::new());
}

/// A new permission of another verb is added, never "narrowed" from an old one it lies
/// within by its pattern.
#[test]
fn a_narrower_pattern_of_another_verb_is_an_addition() {
    let old: PermissionSet = "write:orders/*".parse().unwrap();
    let new: PermissionSet = "read:orders/eu/*".parse().unwrap();
    let lines: Vec<String> = diff_grants(&old, &new)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with('+') && l.contains("read:orders/eu/*")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with('-') && l.contains("write:orders/*")),
        "{lines:?}"
    );
    assert!(!lines.iter().any(|l| l.contains('→')), "{lines:?}");
}

/// A new permission of the same verb over an unrelated resource replaces nothing: it is an
/// addition, and the old one it does not cover is a removal, never one "narrowed" or
/// "widened" into the other.
#[test]
fn an_unrelated_pattern_of_the_same_verb_is_an_addition() {
    for (old, new) in [
        ("read:orders/*", "read:invoices/*"),
        ("read:orders/eu/*", "read:orders/us/*"),
    ] {
        let old: PermissionSet = old.parse().unwrap();
        let new: PermissionSet = new.parse().unwrap();
        let lines: Vec<String> = diff_grants(&old, &new)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(
            lines[0].starts_with('+') || lines[1].starts_with('+'),
            "{lines:?}"
        );
        assert!(
            lines[0].starts_with('-') || lines[1].starts_with('-'),
            "{lines:?}"
        );
        assert!(!lines.iter().any(|l| l.contains('→')), "{lines:?}");
    }
}

/// A counterexample is never a resource the set reaches, even when the set names the
/// literal a counterexample would use.
#[test]
fn a_counterexample_is_never_reached_by_the_set() {
    let catalog = Catalog::default();
    for ceiling in [
        "read:example/x",
        "read:example/x, read:example-2/x",
        "*:example/x",
        "read:orders/example/x",
    ] {
        let ceiling = set(ceiling);
        for proposed in ["read:*/x", "read:orders/*/x", "read:*/example/x"] {
            let proposed = set(proposed);
            let r = check(&BoundaryCheck::migration(
                &proposed,
                &proposed,
                &ceiling,
                MigrationKind::ApiVersion,
                &catalog,
            ));
            let found: Vec<_> = r
                .violations()
                .iter()
                .filter(|v| v.kind == ViolationKind::ExceedsCeiling)
                .collect();
            assert!(!found.is_empty(), "{proposed} within {ceiling}");
            for v in found {
                let c = v.counterexample.as_ref().expect("a counterexample");
                assert!(
                    !ceiling.allows(&c.verb, &c.resource),
                    "{c:?} is reached by {ceiling}"
                );
                assert!(v.permission.allows(&c.verb, &c.resource), "{c:?}");
            }
        }
    }
}

/// Each verb of a grant is judged on its own: an escalation-capable verb next to a plain one
/// marks only its own entries.
#[test]
fn escalation_is_judged_verb_by_verb() {
    let catalog = Catalog::default();
    let grant = set("grant:orders/x, grant:orders/y, read:orders/x, write:orders/x");
    let r = check(&BoundaryCheck::migration(
        &grant,
        &grant,
        &grant,
        MigrationKind::ApiVersion,
        &catalog,
    ));
    let flagged: Vec<String> = r
        .violations()
        .iter()
        .filter(|v| v.kind == ViolationKind::EscalationCapable)
        .map(|v| v.permission.to_string())
        .collect();
    assert_eq!(flagged, ["grant:orders/x", "grant:orders/y"]);
}

/// The boundary check of an unchanged grant, inside its own ceiling, against `deny`.
fn check_against_deny(granted: &str, deny: &str) -> BoundaryReport {
    let (granted, deny) = (set(granted), set(deny));
    let catalog = Catalog::default();
    check(&{
        let mut check = BoundaryCheck::migration(
            &granted,
            &granted,
            &granted,
            MigrationKind::ApiVersion,
            &catalog,
        );
        check.deny = &deny;
        check
    })
}

/// A denial reaches a permission through an entry of any shape, of its verb or of `*`: a
/// literal first segment, a `*` first segment, or a bare `*`, side by side.
#[test]
fn a_denial_reaches_through_every_shape_of_entry() {
    for (deny, denied) in [
        ("read:*, *:other/y", true),
        ("*:*, write:other/y", true),
        ("read:*/x, *:other/y, write:*", true),
        ("*:*/x, read:other/y", true),
        ("*:*/x, write:*", true),
        ("*:orders/x, write:*", true),
        ("write:*, *:other/*, read:*/y", false),
    ] {
        let r = check_against_deny("read:orders/x", deny);
        let found = r
            .violations()
            .iter()
            .any(|v| v.kind == ViolationKind::Denied);
        assert_eq!(found, denied, "read:orders/x against deny {deny}");
    }
}

/// A set hashes as it compares: equal sets hash equal, and sets that differ hash apart.
#[test]
fn a_set_hashes_by_its_entries() {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    let h = |s: &PermissionSet| BuildHasherDefault::<DefaultHasher>::default().hash_one(s);
    let a = set("read:orders/*, write:orders/eu/*");
    assert_eq!(h(&a), h(&set("write:orders/eu/*, read:orders/*")));
    assert_ne!(h(&a), h(&set("read:orders/*")));
    assert_ne!(h(&a), h(&PermissionSet::new()));
}

/// A counterexample is written to be read at once: `example` where the permission has a
/// `*`, or `example-2`, `example-3`, … when the set names the ones before.
#[test]
fn a_counterexample_uses_the_first_free_example() {
    let catalog = Catalog::default();
    let proposed = set("read:*/x");
    for (ceiling, literal) in [
        ("read:orders/x", "example"),
        ("read:example/x", "example-2"),
        ("read:example/x, read:example-2/x", "example-3"),
        // only entries that could grant the verb count: another verb's `example` does not
        ("read:orders/x, write:example/x", "example"),
    ] {
        let ceiling = set(ceiling);
        let r = check(&BoundaryCheck::migration(
            &proposed,
            &proposed,
            &ceiling,
            MigrationKind::ApiVersion,
            &catalog,
        ));
        let c = r
            .violations()
            .iter()
            .find(|v| v.kind == ViolationKind::ExceedsCeiling)
            .and_then(|v| v.counterexample.clone())
            .expect("a counterexample");
        assert_eq!(c.resource, format!("{literal}/x"), "against {ceiling}");
    }
}

/// An entry of the proposed grant that differs from the current grant's entry in the same
/// place (same verb, same shape, another literal) is new access, never taken for the old one.
#[test]
fn an_entry_in_the_same_place_with_another_literal_is_new_access() {
    let catalog = Catalog::default();
    for (current, proposed, new) in [
        ("read:orders/a", "read:orders/b", "read:orders/b"),
        (
            "read:orders/a, read:orders/c",
            "read:orders/b, read:orders/c",
            "read:orders/b",
        ),
        ("read:a/x/*", "read:b/x/*", "read:b/x/*"),
    ] {
        let (current, proposed) = (set(current), set(proposed));
        let ceiling = current.union(&proposed);
        let r = check(&BoundaryCheck::migration(
            &current,
            &proposed,
            &ceiling,
            MigrationKind::ApiVersion,
            &catalog,
        ));
        let expansions: Vec<String> = r
            .violations()
            .iter()
            .filter(|v| v.kind == ViolationKind::ExpansionWithoutSco)
            .map(|v| v.permission.to_string())
            .collect();
        assert_eq!(expansions, [new], "{proposed} after {current}");
    }
}

/// Each violation reads as what is wrong with the permission, in words of its own.
#[test]
fn each_violation_kind_says_what_is_wrong() {
    let kinds = [
        ViolationKind::ExceedsCeiling,
        ViolationKind::Unbounded,
        ViolationKind::Denied,
        ViolationKind::FallbackNotReadOnly,
        ViolationKind::FallbackWider,
        ViolationKind::ExpansionWithoutSco,
        ViolationKind::RestructuringWidens,
        ViolationKind::EscalationCapable,
    ];
    let texts: std::collections::BTreeSet<String> = kinds.iter().map(ToString::to_string).collect();
    assert_eq!(texts.len(), kinds.len(), "{texts:?}");
    assert!(texts.iter().all(|t| !t.is_empty()));
    assert_eq!(
        ViolationKind::ExceedsCeiling.to_string(),
        "exceeds the permission ceiling"
    );
}

/// A malformed resource never matches, even where a `*` would take any segment.
#[test]
fn a_malformed_resource_never_matches() {
    let p: Permission = "read:orders/*/items".parse().unwrap();
    assert!(p.resource().matches("orders/eu/items"));
    for bad in [
        "orders/e u/items",
        "orders//items",
        "orders/*/items",
        "orders/é/items",
    ] {
        assert!(!p.resource().matches(bad), "{bad}");
    }
}

/// A denial's counterexample is a resource the granted permission and the denial both reach,
/// whatever their shapes: literals, `*` segments, trailing `*` on one side or both.
#[test]
fn a_denials_counterexample_is_reached_by_both_sides() {
    for (granted, denied) in [
        ("write:orders/*", "write:orders/eu/audit"),
        ("write:orders/*", "write:orders/eu/*"),
        ("write:orders/eu/*", "write:orders/*"),
        ("write:orders/*/audit/*", "write:*/eu/*"),
        ("write:*/eu", "*:orders/*"),
        ("*:orders/eu", "write:*/eu"),
    ] {
        let r = check_against_deny(granted, denied);
        let (proposed, deny) = (set(granted), set(denied));
        let v = r
            .violations()
            .iter()
            .find(|v| v.kind == ViolationKind::Denied)
            .unwrap_or_else(|| panic!("{granted} against deny {denied}: not denied"));
        let c = v
            .counterexample
            .as_ref()
            .expect("a denial names an instance");
        assert!(
            proposed.allows(&c.verb, &c.resource) && deny.allows(&c.verb, &c.resource),
            "{granted} against deny {denied}: {} {} is not reached by both",
            c.verb,
            c.resource
        );
    }
}
