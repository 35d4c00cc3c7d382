//! Laws of the permission-boundary checker.

use std::collections::BTreeSet;

use kwanus_migration::permission::*;
use kwanus_migration::{GovernanceBody, MigrationKind};
use proptest::prelude::*;

const VERBS: [&str; 4] = ["read", "write", "grant", "*"];

fn pattern() -> impl Strategy<Value = String> {
    (
        proptest::collection::vec(prop_oneof![Just("a"), Just("b"), Just("*")], 1..=3),
        any::<bool>(),
    )
        .prop_map(|(segs, tail)| {
            let mut s = segs.join("/");
            if tail {
                s.push_str("/*");
            }
            s
        })
}

fn permission() -> impl Strategy<Value = Permission> {
    (proptest::sample::select(VERBS.to_vec()), pattern())
        .prop_map(|(v, p)| Permission::new(v, &p).expect("generated permissions parse"))
}

fn set() -> impl Strategy<Value = PermissionSet> {
    proptest::collection::vec(permission(), 0..6).prop_map(PermissionSet::from)
}

/// Every concrete (verb, resource) over the literals a, b and a fresh c, up to 5 segments,
/// with a verb no pattern names.
fn universe() -> Vec<(&'static str, String)> {
    let mut resources = vec![String::new()];
    let mut all = Vec::new();
    for _ in 0..5 {
        let mut next = Vec::new();
        for r in &resources {
            for l in ["a", "b", "c"] {
                next.push(if r.is_empty() {
                    l.to_string()
                } else {
                    format!("{r}/{l}")
                });
            }
        }
        all.extend(next.iter().cloned());
        resources = next;
    }
    let mut out = Vec::new();
    for v in ["read", "write", "grant", "other"] {
        for r in &all {
            out.push((v, r.clone()));
        }
    }
    out
}

fn kinds(r: &BoundaryReport) -> BTreeSet<(ViolationKind, String)> {
    r.violations()
        .iter()
        .map(|v| (v.kind, v.permission.to_string()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn is_subset_agrees_with_every_concrete_pair(a in set(), b in set()) {
        let u = universe();
        let brute = u.iter().all(|(v, r)| !a.allows(v, r) || b.allows(v, r));
        prop_assert_eq!(a.is_subset(&b), brute, "{} ⊆ {}", a, b);
    }

    /// Several entries together never reach what none reaches alone (the checker relies on
    /// it: see `PermissionSet::covers`), here against brute force over concrete pairs.
    #[test]
    fn a_set_covers_exactly_what_one_of_its_entries_covers(s in set(), p in permission()) {
        let u = universe();
        let brute = u.iter().all(|(v, r)| !p.allows(v, r) || s.allows(v, r));
        let one = s.iter().any(|q| p.is_within(q));
        prop_assert_eq!(s.covers(&p), one, "{} in {}", p, s);
        prop_assert_eq!(one, brute, "{} in {}", p, s);
    }

    #[test]
    fn a_grant_inside_the_ceiling_never_exceeds_it(ceiling in set(), pick in proptest::collection::vec(any::<prop::sample::Index>(), 0..6)) {
        let items: Vec<Permission> = ceiling.iter().cloned().collect();
        let proposed: PermissionSet = if items.is_empty() {
            PermissionSet::new()
        } else {
            pick.iter().map(|i| items[i.index(items.len())].clone()).collect()
        };
        prop_assert!(proposed.is_subset(&ceiling));
        let catalog = Catalog::default();
        let r = check(&BoundaryCheck::migration(&ceiling, &proposed, &ceiling, MigrationKind::ApiVersion, &catalog));
        prop_assert!(!r.has(ViolationKind::ExceedsCeiling), "{}", r);
    }

    #[test]
    fn the_read_only_projection_never_widens(current in set(), ceiling in set()) {
        let catalog = Catalog::default();
        let fallback = current.read_only_projection(&catalog);
        prop_assert!(fallback.is_subset(&current));
        let r = check(&BoundaryCheck::fallback(&current, &fallback, &ceiling, &catalog));
        prop_assert!(!r.has(ViolationKind::FallbackWider), "{}", r);
        prop_assert!(!r.has(ViolationKind::FallbackNotReadOnly), "{}", r);
        prop_assert!(!r.has(ViolationKind::Unbounded) && !r.has(ViolationKind::EscalationCapable), "{}", r);
        prop_assert!(fallback.iter().all(|p| catalog.level(p.verb()) == Access::Read));
    }

    #[test]
    fn removing_permissions_never_adds_a_violation(
        current in set(), proposed in set(), ceiling in set(), deny in set(), drop in any::<prop::sample::Index>(), sco in any::<bool>(),
    ) {
        let catalog = Catalog::default();
        let approvals = if sco { vec![GovernanceBody::Sco] } else { vec![] };
        let run = |p: &PermissionSet| {
            let mut input = BoundaryCheck::migration(&current, p, &ceiling, MigrationKind::PermissionRestructuring, &catalog);
            input.deny = &deny;
            input.approvals = &approvals;
            check(&input)
        };
        let full = kinds(&run(&proposed));
        let items: Vec<Permission> = proposed.iter().cloned().collect();
        if !items.is_empty() {
            let i = drop.index(items.len());
            let smaller: PermissionSet = items.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, p)| p.clone()).collect();
            let fewer = kinds(&run(&smaller));
            prop_assert!(fewer.is_subset(&full), "{:?} ⊄ {:?}", fewer, full);
        }
    }

    #[test]
    fn counterexamples_are_real(current in set(), proposed in set(), ceiling in set()) {
        let catalog = Catalog::default();
        let r = check(&BoundaryCheck::migration(&current, &proposed, &ceiling, MigrationKind::PermissionRestructuring, &catalog));
        for v in r.violations() {
            let Some(c) = &v.counterexample else { continue };
            prop_assert!(v.permission.allows(&c.verb, &c.resource), "{} does not reach {}", v.permission, c);
            let other = match v.kind {
                ViolationKind::ExceedsCeiling => &ceiling,
                ViolationKind::RestructuringWidens | ViolationKind::ExpansionWithoutSco => &current,
                _ => continue,
            };
            prop_assert!(!other.allows(&c.verb, &c.resource), "{} is reached by {}", c, other);
        }
    }

    #[test]
    fn parsing_never_panics(text in "\\PC{0,40}") {
        let _ = text.parse::<PermissionSet>();
        let _ = text.parse::<ResourcePattern>();
    }

    #[test]
    fn display_round_trips(s in set()) {
        prop_assert_eq!(s.to_string().parse::<PermissionSet>().unwrap(), s);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Deny overrides allow: a denial is reported exactly when some concrete pair is both
    /// granted and denied.
    #[test]
    fn denial_agrees_with_every_concrete_pair(proposed in set(), deny in set()) {
        let catalog = Catalog::default();
        let mut input = BoundaryCheck::migration(&proposed, &proposed, &proposed, MigrationKind::ApiVersion, &catalog);
        input.deny = &deny;
        let r = check(&input);
        for p in proposed.iter() {
            let reported = r.violations().iter().any(|v| v.kind == ViolationKind::Denied && &v.permission == p);
            let brute = universe().iter().any(|(v, res)| p.allows(v, res) && deny.allows(v, res));
            prop_assert_eq!(reported, brute, "{} against {}", p, deny);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// The flow's own law: a transition is accepted only with a fallback grant that is
    /// read-only and never wider than the grant before the migration.
    #[test]
    fn the_flow_never_accepts_a_widening_fallback(
        picks in proptest::collection::vec(
            (
                proptest::sample::select(vec!["read", "write", "grant", "list", "*"]),
                proptest::sample::select(vec!["orders/*", "orders/eu/*", "orders/eu/x", "orders/us", "billing/*", "*"]),
            ),
            0..4,
        ),
    ) {
        let fallback: PermissionSet = picks.iter().map(|(v, r)| Permission::new(v, r).unwrap()).collect();
        use kwanus_migration::__doc_support::{self as fx, t};
        use kwanus_migration::Policy;
        let mut release = fx::release();
        release.evidence.grants.fallback = fallback.clone();
        let accepted = fx::prepared().unwrap().transition(release.clone(), t(2), &Policy::default(), &fx::platform()).is_ok();
        let catalog = fx::catalog();
        let safe = fallback.is_subset(&release.evidence.grants.current)
            && fallback.iter().all(|p| catalog.level(p.verb()) == Access::Read && !p.is_unbounded());
        prop_assert_eq!(accepted, safe, "fallback {}", fallback);
    }
}

/// The generator above reaches both verdicts, so the law is not vacuous.
#[test]
fn the_fallback_law_sees_both_verdicts() {
    use kwanus_migration::__doc_support::{self as fx, t};
    use kwanus_migration::Policy;
    let run = |s: &str| {
        let mut release = fx::release();
        release.evidence.grants.fallback = s.parse().unwrap();
        fx::prepared()
            .unwrap()
            .transition(release, t(2), &Policy::default(), &fx::platform())
            .is_ok()
    };
    assert!(run("read:orders/eu/x, read:orders/*"));
    assert!(
        !run("list:orders/us"),
        "list is read-level but the old grant never had it"
    );
    assert!(!run("write:orders/eu/x"));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// The compiled lookup answers exactly as brute force, on sets large enough to grow its
    /// table and with literals long enough to be hashed rather than packed: a permission is
    /// covered exactly when every concrete pair it reaches is reached by the set.
    #[test]
    fn covers_agrees_with_every_concrete_pair_on_larger_sets(
        big in proptest::collection::vec(permission(), 0..40).prop_map(PermissionSet::from),
        p in permission(),
    ) {
        let u = universe();
        let brute = u.iter().all(|(v, r)| !p.allows(v, r) || big.allows(v, r));
        prop_assert_eq!(big.covers(&p), brute, "{} ⊆ {}", p, big);
        // the same sets with long literals (hashed fingerprints) answer the same
        let long = |s: &str| s.replace('a', "aaaaaaaaaaaa").replace('b', "bbbbbbbbbbbb");
        let big_long: PermissionSet = long(&big.to_string()).parse().unwrap();
        let p_long: Permission = long(&p.to_string()).parse().unwrap();
        prop_assert_eq!(big_long.covers(&p_long), brute, "{} ⊆ {}", p_long, big_long);
    }
}

/// `r` with the literal `a` made long enough to be hashed rather than packed, if `long`.
fn stretch(r: &str, long: bool) -> String {
    r.split('/')
        .map(|g| if long && g == "a" { "aaaaaaaaaaaa" } else { g })
        .collect::<Vec<_>>()
        .join("/")
}

fn stretch_set(s: &PermissionSet, long: bool) -> PermissionSet {
    s.iter()
        .map(|p| Permission::new(p.verb(), &stretch(&p.resource().to_string(), long)).unwrap())
        .collect()
}

fn stretch_universe(long: bool) -> Vec<(&'static str, String)> {
    universe()
        .into_iter()
        .map(|(v, r)| (v, stretch(&r, long)))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// New access is flagged exactly when the current grant misses some concrete pair of a
    /// proposed permission, whether the two grants share most entries, some, or none (the
    /// check matches shared entries in one pass before it walks anything).
    #[test]
    fn expansion_agrees_with_every_concrete_pair(shared in set(), only_current in set(), only_proposed in set(), long in any::<bool>()) {
        let (shared, only_current, only_proposed) = (stretch_set(&shared, long), stretch_set(&only_current, long), stretch_set(&only_proposed, long));
        let current = shared.union(&only_current);
        let proposed = shared.union(&only_proposed);
        let catalog = Catalog::default();
        let r = check(&BoundaryCheck::migration(&current, &proposed, &proposed, MigrationKind::PermissionExpansion, &catalog));
        let u = stretch_universe(long);
        for p in proposed.iter() {
            let flagged = r.violations().iter().any(|v| v.kind == ViolationKind::ExpansionWithoutSco && &v.permission == p);
            let brute = u.iter().any(|(v, res)| p.allows(v, res) && !current.allows(v, res));
            prop_assert_eq!(flagged, brute, "{} against {}", p, current);
        }
    }

    /// A permission is flagged outside the ceiling exactly when some concrete pair it reaches
    /// the ceiling does not, for grants large enough that neighbours share verbs and prefixes
    /// (a check walks each after the last, starting below what they share).
    #[test]
    fn exceeding_the_ceiling_agrees_with_every_concrete_pair(
        proposed in proptest::collection::vec(permission(), 0..16).prop_map(PermissionSet::from),
        ceiling in proptest::collection::vec(permission(), 0..10).prop_map(PermissionSet::from),
        long in any::<bool>(),
    ) {
        let (proposed, ceiling) = (stretch_set(&proposed, long), stretch_set(&ceiling, long));
        let catalog = Catalog::default();
        let r = check(&BoundaryCheck::migration(&proposed, &proposed, &ceiling, MigrationKind::ApiVersion, &catalog));
        let u = stretch_universe(long);
        for p in proposed.iter() {
            let flagged = r.violations().iter().any(|v| v.kind == ViolationKind::ExceedsCeiling && &v.permission == p);
            let brute = u.iter().any(|(v, res)| p.allows(v, res) && !ceiling.allows(v, res));
            prop_assert_eq!(flagged, brute, "{} against {}", p, ceiling);
            let unbounded = r.violations().iter().any(|v| v.kind == ViolationKind::Unbounded && &v.permission == p);
            prop_assert_eq!(unbounded, p.is_unbounded(), "{}", p);
        }
    }
}
