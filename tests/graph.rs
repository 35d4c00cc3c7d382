//! The version graph on small hand-built fleets.

use kwanus_migration::__doc_support::{self as fx, t};
use kwanus_migration::graph::{EdgeKind, PathRules, VersionGraph};
use kwanus_migration::rules::{CompatibilityMatrix, MatrixRow};
use kwanus_migration::*;
use semver::{Version, VersionReq};

fn v(s: &str) -> Version {
    Version::parse(s).unwrap()
}

#[derive(Clone, Copy, PartialEq)]
enum End {
    Moved,
    FellBack,
    Retried,
}

/// One partner's migration from `origin` to `target`, ending as `end`.
fn journey(partner: &str, origin: &str, target: &str, end: End) -> MigrationRecord {
    let policy = Policy::default();
    let notice = {
        let mut notice = fx::notice();
        notice.partner = PartnerId::new(partner).unwrap();
        notice.origin = v(origin);
        notice.target = v(target);
        notice.contracts = Some(Contracts {
            old: fx::contract(v(origin)),
            new: fx::contract(v(target)),
        });
        notice
    };
    let mut release = {
        let mut release = fx::release();
        release.version = v(target);
        release
    };
    // any partner version runs on any OS in these tests, under a high version ceiling
    let platform = {
        let mut platform = fx::platform();
        platform.matrix = rules::CompatibilityMatrix {
            rows: vec![rules::MatrixRow {
                partner: VersionReq::STAR,
                os: VersionReq::STAR,
            }],
        };
        platform.version_ceiling = v("99.0.0");
        platform
    };
    release.evidence.contract = Some(fx::contract(v(target)));
    let m = Migration::open(notice, t(0), &policy)
        .unwrap()
        .prepare(&fx::plan(), t(1))
        .unwrap();
    let m = m
        .transition(release.clone(), t(2), &policy, &platform)
        .unwrap();
    let live = |m: Migration<Transition>, at| -> MigrationRecord {
        match m.validate(&[], at, &policy, &platform).expect("validates") {
            Validated::Passed(m) => m.into_record(),
            Validated::Failed(m) => panic!("validation failed: {:?}", m.lineage().last()),
        }
    };
    match end {
        End::Moved => live(m, t(3)),
        End::FellBack => m
            .fall_back(
                FallbackReason::CompatibilityBroken,
                fx::tsc(t(3)),
                t(3),
                &Policy::default(),
            )
            .unwrap()
            .into_record(),
        End::Retried => {
            let fallen = m
                .fall_back(
                    FallbackReason::CompatibilityBroken,
                    fx::tsc(t(3)),
                    t(3),
                    &Policy::default(),
                )
                .unwrap();
            let fix = Remediation::new("c", "f", Severity::Minor);
            let m = fallen.remediate(fix, &fx::plan(), t(4), &policy).unwrap();
            live(
                m.transition(release, t(5), &policy, &platform).unwrap(),
                t(6),
            )
        }
    }
}

fn fleet() -> VersionGraph {
    let records = [
        journey("a", "1.0.0", "1.1.0", End::Moved),
        journey("b", "1.1.0", "2.0.0", End::Moved),
        journey("c", "1.1.0", "2.0.0", End::FellBack),
        journey("d", "1.0.0", "2.0.0", End::Retried),
        journey("e", "2.0.0", "3.0.0", End::Moved),
        journey("f", "1.1.0", "3.0.0", End::Moved),
        journey("g", "3.0.0", "3.1.0", End::FellBack),
    ];
    VersionGraph::from_records(&records)
}

#[test]
fn edges_count_forward_fallback_and_remediation() {
    let g = fleet();
    assert_eq!(g.version_count(), 5);
    assert_eq!(g.count(&v("1.1.0"), &v("2.0.0"), EdgeKind::Forward), 2);
    assert_eq!(g.count(&v("2.0.0"), &v("1.1.0"), EdgeKind::Fallback), 1);
    assert_eq!(g.count(&v("1.0.0"), &v("2.0.0"), EdgeKind::Forward), 1);
    assert_eq!(g.count(&v("1.0.0"), &v("2.0.0"), EdgeKind::Remediation), 1);
    assert_eq!(g.count(&v("2.0.0"), &v("1.0.0"), EdgeKind::Fallback), 1);
}

#[test]
fn a_fallback_leads_to_the_previous_stable_version() {
    let g = fleet();
    assert_eq!(
        g.fallback_target(&v("2.0.0")),
        Some(v("1.1.0")),
        "the highest origin"
    );
    assert_eq!(g.fallback_target(&v("3.1.0")), Some(v("3.0.0")));
    assert_eq!(
        g.fallback_target(&v("1.0.0")),
        None,
        "nothing before the first version"
    );
    assert_eq!(g.fallback_target(&v("9.9.9")), None);
}

#[test]
fn paths_prefer_proven_steps_and_never_skip_a_major() {
    let g = fleet();
    let policy = Policy::default();
    let rules = PathRules::new(&policy);
    // 1.0.0 → 2.0.0 directly (1 fallback in 2 rollouts: risk 1.5) beats 1.0.0 → 1.1.0 → 2.0.0
    // (1 + 1.5 = 2.5)
    let p = g.path(&v("1.0.0"), &v("2.0.0"), &rules).unwrap();
    assert_eq!(p.versions, [v("1.0.0"), v("2.0.0")]);
    assert!((p.risk - 1.5).abs() < 1e-9);
    // 1.1.0 → 3.0.0 skips major 2: refused; the path goes through 2.0.0
    let p = g.path(&v("1.1.0"), &v("3.0.0"), &rules).unwrap();
    assert_eq!(p.versions, [v("1.1.0"), v("2.0.0"), v("3.0.0")]);
    let lax = Policy::builder().max_major_step(2).build().unwrap();
    let p = g
        .path(&v("1.1.0"), &v("3.0.0"), &PathRules::new(&lax))
        .unwrap();
    assert_eq!(p.versions, [v("1.1.0"), v("3.0.0")]);
    // no path backwards
    assert_eq!(g.path(&v("3.0.0"), &v("1.0.0"), &rules), None);
    // the matrix: 2.x does not run on OS 9, so nothing reaches 3.0.0 from 1.x there
    let m = CompatibilityMatrix {
        rows: vec![
            MatrixRow {
                partner: VersionReq::parse("^1").unwrap(),
                os: VersionReq::parse("^9").unwrap(),
            },
            MatrixRow {
                partner: VersionReq::parse("^3").unwrap(),
                os: VersionReq::parse("^9").unwrap(),
            },
            MatrixRow {
                partner: VersionReq::parse("^2").unwrap(),
                os: VersionReq::parse("^8").unwrap(),
            },
        ],
    };
    let os9 = v("9.0.0");
    let on9 = PathRules::new(&policy).matrix(&m, &os9);
    assert_eq!(g.path(&v("1.1.0"), &v("3.0.0"), &on9), None);
    assert!(g.path(&v("1.0.0"), &v("1.1.0"), &on9).is_some());
}

#[test]
fn partners_on_a_retired_version() {
    let g = fleet();
    let on: Vec<&str> = g
        .partners_on(&VersionReq::parse("^1").unwrap())
        .into_iter()
        .map(|p| p.as_str())
        .collect();
    assert_eq!(
        on,
        ["a", "c"],
        "a moved to 1.1.0, c fell back to 1.1.0; the others are on 2 or 3"
    );
    let on: Vec<&str> = g
        .partners_on(&VersionReq::parse("^3").unwrap())
        .into_iter()
        .map(|p| p.as_str())
        .collect();
    assert_eq!(on, ["e", "f", "g"]);
    assert_eq!(
        g.current_version(&PartnerId::new("d").unwrap()),
        Some(&v("2.0.0"))
    );
}

#[test]
fn a_non_fallback_cycle_is_reported() {
    let mut g = fleet();
    assert!(
        g.suspicious_cycles().is_empty(),
        "valid histories have no cycle"
    );
    // a forged record moving "forward" from 3.0.0 back to 1.1.0
    let mut forged = journey("x", "1.1.0", "3.0.0", End::Moved);
    forged.origin = v("3.0.0");
    forged.target = v("1.1.0");
    for e in &mut forged.events {
        if let EventDetail::Transitioned { version, .. } = &mut e.detail {
            *version = v("1.1.0");
        }
    }
    g.add(&forged);
    assert_eq!(
        g.suspicious_cycles(),
        [vec![v("1.1.0"), v("2.0.0"), v("3.0.0")]]
    );
}

#[test]
fn pictures() {
    let g = fleet();
    let mermaid = g.to_mermaid();
    assert!(mermaid.starts_with("graph LR\n"));
    assert!(
        mermaid.contains("v1_1_0 -->|Forward ×2| v2_0_0"),
        "{mermaid}"
    );
    assert!(mermaid.contains("v2_0_0 -.->|Fallback ×1| v1_1_0"));
    let dot = g.to_dot();
    assert!(
        dot.contains("\"1.0.0\" -> \"2.0.0\" [label=\"Remediation ×1\", style=bold];"),
        "{dot}"
    );
    let lineage = journey("z", "1.0.0", "2.0.0", End::Retried);
    let head = lineage.head;
    let any = AnyMigration::resume(lineage, Anchor::Head(head)).unwrap();
    let dot = any.lineage().to_dot();
    assert!(
        dot.contains("e3 [label=\"2026-01-05 fell back to 1.0.0: compatibility broke\"];"),
        "{dot}"
    );
    assert!(any.lineage().to_mermaid().contains("E3 --> E4"));
    // one edge from each event to the next, none into the first
    let edges: Vec<&str> = dot.lines().filter(|l| l.contains("->")).collect();
    let events = any.lineage().events().len();
    assert_eq!(edges.len(), events - 1, "{dot}");
    assert_eq!(edges[0].trim(), "e0 -> e1;");
    assert!(!dot.contains("-> e0;"), "{dot}");
}

#[test]
fn the_graph_is_built_from_verified_migrations_in_place() {
    let records = [
        journey("a", "1.0.0", "1.1.0", End::Moved),
        journey("c", "1.1.0", "2.0.0", End::FellBack),
        journey("d", "1.0.0", "2.0.0", End::Retried),
    ];
    let migrations: Vec<AnyMigration> = records
        .iter()
        .map(|r| AnyMigration::resume(r.clone(), Anchor::Head(r.head)).expect("resumes"))
        .collect();
    let from_records = VersionGraph::from_records(&records);
    let verified = VersionGraph::from_migrations(&migrations);
    assert_eq!(verified.version_count(), from_records.version_count());
    assert_eq!(verified.edge_count(), from_records.edge_count());
    assert_eq!(verified.to_dot(), from_records.to_dot());
    for p in ["a", "c", "d"] {
        let p = PartnerId::new(p).unwrap();
        assert_eq!(
            verified.current_version(&p),
            from_records.current_version(&p)
        );
    }
    // a typed handle adds itself too, read in place
    let mut g = VersionGraph::new();
    let typed = Migration::<Validation>::try_from(migrations[0].clone()).expect("validated");
    g.add_migration(&typed);
    assert_eq!(
        g.current_version(typed.partner()),
        Some(&Version::new(1, 1, 0)),
        "a validated release is live: the partner runs the target"
    );
    // a shielded transition is not live: the partner still runs the origin
    let shielded = fx::transitioned().expect("transitions");
    let mut g = VersionGraph::new();
    g.add_migration(&shielded);
    assert_eq!(
        g.current_version(shielded.partner()),
        Some(&Version::new(1, 4, 0))
    );
}

#[test]
fn edge_count_is_the_number_of_distinct_origin_target_pairs() {
    assert_eq!(VersionGraph::new().edge_count(), 0);
    // 1.0.0 → 1.1.0, 1.1.0 → 2.0.0 (two rollouts and a fallback), 1.0.0 → 2.0.0 (a rollout,
    // a fallback and a retry), 2.0.0 → 3.0.0, 1.1.0 → 3.0.0, 3.0.0 → 3.1.0 (a fallback):
    // each pair once, whatever happened on it
    assert_eq!(fleet().edge_count(), 6);
}

#[test]
fn the_lowest_risk_path_wins_over_a_shorter_riskier_one_whatever_the_record_order() {
    // 1.0.0 → 1.5.0 → 1.9.0: two steps, each fell back every time (risk 2 + 2)
    // 1.0.0 → 1.1.0 → 1.2.0 → 1.9.0: three proven steps (risk 1 + 1 + 1)
    let records = [
        journey("x1", "1.0.0", "1.5.0", End::FellBack),
        journey("x2", "1.5.0", "1.9.0", End::FellBack),
        journey("p1", "1.0.0", "1.1.0", End::Moved),
        journey("p2", "1.1.0", "1.2.0", End::Moved),
        journey("p3", "1.2.0", "1.9.0", End::Moved),
    ];
    let policy = Policy::default();
    let rules = PathRules::new(&policy);
    let forwards = VersionGraph::from_records(&records);
    let backwards = VersionGraph::from_records(records.iter().rev());
    for g in [forwards, backwards] {
        let p = g.path(&v("1.0.0"), &v("1.9.0"), &rules).unwrap();
        assert_eq!(p.versions, [v("1.0.0"), v("1.1.0"), v("1.2.0"), v("1.9.0")]);
        assert!((p.risk - 3.0).abs() < 1e-9, "{}", p.risk);
    }
}

#[test]
fn a_path_never_starts_on_a_version_the_os_does_not_run() {
    let g = fleet();
    let policy = Policy::default();
    // partner 2.x runs on OS 8 only; 3.x on OS 9
    let m = CompatibilityMatrix {
        rows: vec![
            MatrixRow {
                partner: VersionReq::parse("^3").unwrap(),
                os: VersionReq::parse("^9").unwrap(),
            },
            MatrixRow {
                partner: VersionReq::parse("^2").unwrap(),
                os: VersionReq::parse("^8").unwrap(),
            },
        ],
    };
    let os9 = v("9.0.0");
    let on9 = PathRules::new(&policy).matrix(&m, &os9);
    let anywhere = PathRules::new(&policy);
    assert!(g.path(&v("2.0.0"), &v("3.0.0"), &anywhere).is_some());
    assert_eq!(g.path(&v("2.0.0"), &v("3.0.0"), &on9), None);
}

#[test]
fn the_fallback_target_is_a_stable_version_below_even_from_unchecked_records() {
    let checked = || journey("a", "1.9.0", "2.0.0", End::Moved);
    let with_origin = |partner: &str, origin: &str| {
        let mut r = journey(partner, "1.9.0", "2.0.0", End::Moved);
        r.origin = v(origin);
        r
    };
    for (odd, why) in [
        (
            with_origin("b", "2.0.0-rc.1"),
            "a pre-release is not stable",
        ),
        (with_origin("b", "2.0.0"), "a version is not below itself"),
        (with_origin("b", "3.0.0"), "a later version is not below"),
    ] {
        let g = VersionGraph::from_records(&[checked(), odd]);
        assert_eq!(g.fallback_target(&v("2.0.0")), Some(v("1.9.0")), "{why}");
    }
}

#[test]
fn only_an_origin_partners_rolled_out_from_is_a_fallback_target() {
    // an unchecked record of 1.95.0 → 2.0.0 that kept its fallback but lost its rollout: no
    // partner is known to have migrated from 1.95.0
    let mut no_rollout = journey("b", "1.95.0", "2.0.0", End::FellBack);
    no_rollout
        .events
        .retain(|e| !matches!(e.detail, EventDetail::Transitioned { .. }));
    let g = VersionGraph::from_records(&[journey("a", "1.9.0", "2.0.0", End::Moved), no_rollout]);
    assert_eq!(g.count(&v("1.95.0"), &v("2.0.0"), EdgeKind::Forward), 0);
    assert_eq!(g.fallback_target(&v("2.0.0")), Some(v("1.9.0")));
}

#[test]
fn an_edge_no_partner_took_closes_no_cycle() {
    // an unchecked record "from" 2.0.0 back to 1.1.0 that lost its transition: it fell back,
    // but no partner ever moved along it, so with 1.1.0 → 2.0.0 taken there is no cycle
    let mut g = fleet();
    let mut back = journey("y", "1.1.0", "2.0.0", End::FellBack);
    back.origin = v("2.0.0");
    back.target = v("1.1.0");
    back.events
        .retain(|e| !matches!(e.detail, EventDetail::Transitioned { .. }));
    g.add(&back);
    assert_eq!(g.count(&v("2.0.0"), &v("1.1.0"), EdgeKind::Forward), 0);
    assert!(
        g.suspicious_cycles().is_empty(),
        "{:?}",
        g.suspicious_cycles()
    );
}

#[test]
fn pictures_draw_only_the_edges_someone_took() {
    // an unchecked record of 3.1.0 → 3.2.0 that lost its transition but kept its fallback:
    // the picture draws the fallback, and no forward or remediation edge with a zero count
    let mut g = fleet();
    let mut lost = journey("h", "3.1.0", "3.2.0", End::FellBack);
    lost.events
        .retain(|e| !matches!(e.detail, EventDetail::Transitioned { .. }));
    g.add(&lost);
    let (mermaid, dot) = (g.to_mermaid(), g.to_dot());
    assert!(
        mermaid.contains("v3_2_0 -.->|Fallback ×1| v3_1_0"),
        "{mermaid}"
    );
    assert!(!mermaid.contains("v3_1_0 -->"), "{mermaid}");
    assert!(!mermaid.contains("v3_1_0 ==>"), "{mermaid}");
    // and no edge anywhere is drawn with a zero count, in either picture
    assert!(!mermaid.contains("×0"), "{mermaid}");
    assert!(!dot.contains("×0"), "{dot}");
}

#[test]
fn among_equally_good_paths_the_lower_versions_win_whatever_the_record_order() {
    // 1.0.0 → 1.5.0 → 2.0.0 and 1.0.0 → 1.7.0 → 2.0.0: both two proven steps, equal risk
    let records = [
        journey("a1", "1.0.0", "1.7.0", End::Moved),
        journey("a2", "1.7.0", "2.0.0", End::Moved),
        journey("b1", "1.0.0", "1.5.0", End::Moved),
        journey("b2", "1.5.0", "2.0.0", End::Moved),
    ];
    let policy = Policy::default();
    let rules = PathRules::new(&policy);
    let orders: [[usize; 4]; 4] = [[0, 1, 2, 3], [2, 3, 0, 1], [3, 2, 1, 0], [1, 0, 3, 2]];
    for order in orders {
        let g = VersionGraph::from_records(order.iter().map(|&i| &records[i]));
        let p = g.path(&v("1.0.0"), &v("2.0.0"), &rules).unwrap();
        assert_eq!(
            p.versions,
            [v("1.0.0"), v("1.5.0"), v("2.0.0")],
            "{order:?}"
        );
    }
}
