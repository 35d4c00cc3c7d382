//! The law of [`disagreement`]: the verdicts computed without findings are the report's.
use super::*;
use crate::governance::GovernanceBody;
use crate::plan::DocumentKind;
use crate::rules::{MatrixRow, Operation, RuntimeUse, Workflow};
use chrono::Duration;

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap_or_default()
}

fn set(s: &str) -> PermissionSet {
    s.parse().unwrap_or_default()
}

fn contract(version: Version, ops: &[(&str, &str)], flows: &[&str], perms: &str) -> Contract {
    let operations = ops
        .iter()
        .map(|(id, sig)| (id.to_string(), Operation::new(*sig)))
        .collect();
    let workflows = flows
        .iter()
        .map(|id| {
            let mut w = Workflow::new("on_order", "handle");
            w.governed_by = Some(GovernanceBody::Erc);
            (id.to_string(), w)
        })
        .collect();
    let runtime = RuntimeRef {
        name: "wasm".into(),
        version: Version::new(3, 1, 0),
    };
    Contract::new(version, operations, workflows, set(perms), runtime)
}

fn attestation(
    dimension: Dimension,
    verdict: Verdict,
    body: Option<GovernanceBody>,
    when: DateTime<Utc>,
) -> Attestation {
    Attestation {
        dimension,
        verdict,
        check: "suite".into(),
        by: "platform-ci".into(),
        body,
        at: when,
        evidence: "https://ci.example/runs/1".into(),
    }
}

/// The law: for every input of a grid (each kind and mode, with and without a forcing
/// trigger, each piece of evidence given or left out, contracts that change nothing,
/// warn or break, attestations that pass, fail or do not count), the verdicts computed
/// without findings are the report's: its outcomes agree with themselves, and each
/// outcome changed in verdict, in being computed or in its attestations disagrees at
/// that dimension, naming the verdict recorded and the one computed.
#[test]
fn the_verdicts_alone_are_the_reports_verdicts() {
    let validated = at("2026-03-05T09:00:00Z");
    let released = validated - Duration::days(2);
    let old = contract(
        Version::new(1, 4, 0),
        &[("get", "GET /a"), ("put", "PUT /a")],
        &["sync"],
        "read:orders/*",
    );
    let news = [
        // nothing but the version
        contract(
            Version::new(1, 5, 0),
            &[("get", "GET /a"), ("put", "PUT /a")],
            &["sync"],
            "read:orders/*",
        ),
        // an operation added, a permission required (info findings)
        contract(
            Version::new(1, 5, 0),
            &[("get", "GET /a"), ("put", "PUT /a"), ("del", "DELETE /a")],
            &["sync"],
            "read:orders/*, write:orders/*",
        ),
        // an operation removed under a minor bump, a workflow gone (errors)
        contract(
            Version::new(1, 5, 0),
            &[("get", "GET /a")],
            &[],
            "read:orders/*",
        ),
    ];
    let matrix = CompatibilityMatrix {
        rows: vec![MatrixRow {
            partner: "^1".parse().unwrap_or(semver::VersionReq::STAR),
            os: "^8".parse().unwrap_or(semver::VersionReq::STAR),
        }],
    };
    let oses = [Version::new(8, 1, 0), Version::new(9, 0, 0)];
    let supported = [RuntimeSupport {
        runtime: "wasm".into(),
        versions: "^3".parse().unwrap_or(semver::VersionReq::STAR),
    }];
    let uses = [
        RuntimeUse {
            component: "ui".into(),
            kind: ComponentKind::Extension,
            runtime: "wasm".into(),
            version: Version::new(3, 0, 0),
        },
        RuntimeUse {
            component: "flow".into(),
            kind: ComponentKind::Workflow,
            runtime: "wasm".into(),
            version: Version::new(2, 0, 0),
        },
        RuntimeUse {
            component: "model".into(),
            kind: ComponentKind::Intelligence,
            runtime: "wasm".into(),
            version: Version::new(3, 0, 0),
        },
    ];
    let grants = [
        Grants::new(set("read:orders/*"), set("read:orders/*")).fallback(set("read:orders/*")),
        Grants::new(set("read:orders/*"), set("read:orders/*, admin:*"))
            .fallback(set("write:orders/*")),
    ];
    let ceiling = set("read:orders/*, write:orders/*");
    let fallback = FallbackProvision::new(
        vec!["get".into(), "put".into()],
        vec!["sync".into()],
        set("read:orders/*"),
        validated + Duration::days(400),
    );
    let documents: Vec<Document> = DocumentKind::ALL
        .into_iter()
        .map(|kind| Document {
            kind,
            location: format!("docs/{kind}"),
        })
        .collect();
    let approvals: Vec<Approval> = [
        GovernanceBody::Tsc,
        GovernanceBody::Cgb,
        GovernanceBody::Sco,
        GovernanceBody::Erc,
    ]
    .into_iter()
    .map(|body| Approval {
        body,
        by: "someone".into(),
        at: released,
    })
    .collect();
    let attestations = [
        vec![],
        vec![attestation(
            Dimension::Workflow,
            Verdict::Fail,
            None,
            validated,
        )],
        vec![attestation(
            Dimension::Permission,
            Verdict::Pass,
            Some(GovernanceBody::Sco),
            validated,
        )],
        vec![
            attestation(
                Dimension::Intelligence,
                Verdict::Pass,
                None,
                released - Duration::days(1),
            ),
            attestation(Dimension::Intelligence, Verdict::Pass, None, validated),
            attestation(Dimension::Version, Verdict::Pass, None, validated),
        ],
    ];
    let triggers = [
        vec![Trigger::ApiDeprecation],
        vec![Trigger::SecurityViolation],
    ];
    let policy = Policy::default();
    let catalog = Catalog::default();
    let mut memo = Checks::default();
    let (mut inputs, mut disagreements) = (0, 0);
    for i in 0..3_000usize {
        let kind = MigrationKind::ALL[i % MigrationKind::ALL.len()];
        let mode = Mode::ALL[(i / 3) % Mode::ALL.len()];
        let pieces = (i * 37 + i / 256) % 256;
        let given = |bit: usize| pieces & (1 << bit) != 0;
        let new = &news[(i / 5) % news.len()];
        let mut input =
            ValidationInput::new(kind, mode, &triggers[(i / 7) % 2], &new.version, validated)
                .attestations(&attestations[(i / 11) % attestations.len()])
                .catalog(&catalog)
                .released_at(released);
        if given(0) {
            input = input.contracts(&old, new);
        }
        if given(1) {
            input = input.platform(&matrix, &oses[(i / 13) % 2]);
        }
        if given(2) {
            input = input.grants(&grants[(i / 17) % 2]);
        }
        if given(3) {
            input = input.ceiling(&ceiling);
        }
        let used = &uses[..(i / 19) % (uses.len() + 1)];
        input = input.runtimes(used, if given(4) { &supported } else { &[] });
        if given(5) {
            input = input.documents(&documents[..(i / 23) % (documents.len() + 1)]);
        }
        if given(6) {
            input = input.approvals(&approvals[..(i / 29) % (approvals.len() + 1)]);
        }
        let provision = given(7).then(|| fallback.borrowed());
        // both sinks see the same in every dimension
        let (mut kept, mut tally) = (Kept::default(), Tally::default());
        let verdicts = judge(&input, provision, &policy, &mut memo, None, None, &mut kept);
        assert_eq!(
            judge(&input, provision, &policy, &mut memo, None, None, &mut tally),
            verdicts
        );
        for d in Dimension::ALL {
            assert_eq!(kept.seen(d), tally.seen(d), "input {i}, {d}");
        }
        let outcomes = validate_with(&input, provision, &policy, &mut memo, None).outcomes();
        assert_eq!(
            disagreement(&input, provision, &policy, &mut memo, None, None, &outcomes),
            None,
            "input {i}"
        );
        let changes = input
            .contracts
            .map(|(old, new)| diff_contracts(old, new, &policy));
        assert_eq!(
            disagreement(
                &input,
                provision,
                &policy,
                &mut memo,
                changes.as_deref(),
                None,
                &outcomes
            ),
            None,
            "input {i}, diffed before"
        );
        inputs += 1;
        if i % 5 != 0 {
            continue;
        }
        for (d, outcome) in outcomes.iter().enumerate() {
            let expect = |recorded: &[DimensionOutcome], verdict: Verdict| {
                assert_eq!(
                    disagreement(
                        &input,
                        provision,
                        &policy,
                        &mut Checks::default(),
                        None,
                        None,
                        recorded
                    ),
                    Some((outcome.dimension, verdict, outcome.verdict)),
                    "input {i}, dimension {d}"
                );
            };
            for verdict in [
                Verdict::Pass,
                Verdict::Fail,
                Verdict::NotApplicable,
                Verdict::Unverified,
            ] {
                if verdict != outcome.verdict {
                    let mut forged = outcomes.clone();
                    forged[d].verdict = verdict;
                    expect(&forged, verdict);
                    disagreements += 1;
                }
            }
            let mut forged = outcomes.clone();
            forged[d].computed = !outcome.computed;
            expect(&forged, outcome.verdict);
            let mut forged = outcomes.clone();
            match forged[d].attestations.pop() {
                Some(_) => {}
                None => forged[d].attestations.push(attestation(
                    Dimension::ALL[d],
                    Verdict::Pass,
                    None,
                    validated,
                )),
            }
            expect(&forged, outcome.verdict);
            disagreements += 2;
        }
        let mut short = outcomes.clone();
        short.pop();
        assert_eq!(
            disagreement(&input, provision, &policy, &mut memo, None, None, &short),
            Some((Dimension::Version, Verdict::Unverified, Verdict::Unverified))
        );
    }
    assert_eq!(inputs, 3_000);
    assert!(
        disagreements > 10_000,
        "{disagreements} disagreements tried"
    );
}
