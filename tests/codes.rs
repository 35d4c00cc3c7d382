//! One way to get a code: every public error implements `Coded`, and the table in the
//! `Coded` docs lists every code the crate can give, no more, no less.

use std::collections::BTreeSet;
use std::path::Path;

use kwanus_migration::__doc_support::{self as fx, t};
use kwanus_migration::*;

/// Every code literal inside a `code()` function of the crate's sources.
fn codes_in_sources() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).expect("src is readable") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("a source file");
            let mut rest = text.as_str();
            while let Some(i) = rest.find("fn code(") {
                rest = &rest[i..];
                let end = rest.find("\n    }\n").unwrap_or(rest.len());
                for piece in rest[..end].split('"').skip(1).step_by(2) {
                    if piece.contains('.')
                        && piece
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c == '.' || c == '_')
                    {
                        out.insert(piece.to_owned());
                    }
                }
                rest = &rest[end..];
            }
        }
    }
    // lint ids used as codes (`remediation.out_of_order`)
    out.insert(rules::Lint::RemediationOutOfOrder.id().to_owned());
    out
}

fn codes_in_table() -> BTreeSet<String> {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/code.rs"))
        .expect("src/code.rs");
    doc.lines()
        .filter_map(|l| l.strip_prefix("/// | `"))
        .filter_map(|l| l.split('`').next())
        .filter(|c| *c != "code")
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_table_lists_every_error_code() {
    let table = codes_in_table();
    // violation kinds have codes too, but they are not errors: they are in the rules table
    let sources: BTreeSet<String> = codes_in_sources()
        .into_iter()
        .filter(|c| {
            !matches!(
                c.as_str(),
                "permission.exceeds_ceiling"
                    | "permission.unbounded"
                    | "permission.denied"
                    | "permission.fallback_not_read_only"
                    | "permission.fallback_wider"
                    | "permission.expansion_without_sco"
                    | "permission.restructuring_widens"
                    | "permission.escalation_capable"
            )
        })
        .collect();
    let missing: Vec<_> = sources.difference(&table).collect();
    let extra: Vec<_> = table.difference(&sources).collect();
    assert!(
        missing.is_empty(),
        "codes missing from the table: {missing:?}"
    );
    assert!(
        extra.is_empty(),
        "codes in the table the crate never gives: {extra:?}"
    );
}

#[test]
fn every_public_error_has_its_code_through_the_trait() -> Result<(), Box<dyn std::error::Error>> {
    fn code(e: &dyn Coded) -> &'static str {
        e.code()
    }
    let table = codes_in_table();
    let refused = fx::detected()?.prepare(&Plan::default(), t(1)).unwrap_err();
    let open = Migration::open(
        {
            let mut notice = fx::notice();
            notice.triggers = vec![];
            notice
        },
        t(0),
        &Policy::default(),
    )
    .unwrap_err();
    let record = fx::transitioned()?.into_record();
    let resume = AnyMigration::resume(record.clone(), Anchor::Head(Digest::GENESIS)).unwrap_err();
    let replay = ReplayError::DigestMismatch { seq: 1 };
    let wrong = Migration::<Validation>::try_from(AnyMigration::resume(
        record.clone(),
        Anchor::Head(record.head),
    )?)
    .unwrap_err();
    let digest = "nope".parse::<Digest>().unwrap_err();
    let policy = Policy::builder()
        .fallback_min_months(0)
        .build()
        .unwrap_err();
    let partner = PartnerId::new("").unwrap_err();
    let health = HealthScore::new(f64::NAN).unwrap_err();
    let permission = "nocolon".parse::<permission::Permission>().unwrap_err();
    let mut case = rules::RemediationCase::open(Severity::Minor, t(0));
    let remediation = case
        .record(rules::RemediationStep::RestoreFullAccess, t(1))
        .unwrap_err();
    let errors: [(&dyn Coded, &str); 12] = [
        (&refused, "flow.incomplete_plan"),
        (refused.reason(), "flow.incomplete_plan"),
        (&open, "open.no_trigger"),
        (&resume, "resume.unexpected_head"),
        (&replay, "resume.digest_mismatch"),
        (&wrong, "resume.wrong_stage"),
        (&digest, "digest.malformed"),
        (&policy, "policy.out_of_range"),
        (&partner, "partner_id.empty"),
        (&health, "health.not_finite"),
        (&permission, "permission.missing_colon"),
        (&remediation, "remediation.out_of_order"),
    ];
    for (e, expected) in errors {
        assert_eq!(code(e), expected, "{e}");
        assert!(table.contains(expected), "{expected} is not in the table");
        // the message is lowercase and without trailing punctuation
        let message = e.to_string();
        assert!(!message.ends_with('.'), "{message}");
    }
    Ok(())
}

#[test]
fn a_refusal_names_the_step_that_was_refused() -> Result<(), Box<dyn std::error::Error>> {
    let refused = fx::prepared()?
        .transition(
            {
                let mut release = fx::release();
                release.canary_percent = 90;
                release
            },
            t(2),
            &Policy::default(),
            &fx::platform(),
        )
        .unwrap_err();
    assert_eq!(refused.step(), Step::Transition);
    assert!(
        refused.to_string().starts_with("transition refused: "),
        "{refused}"
    );
    let refused = fx::stabilized()?
        .complete(t(6), &Policy::default())
        .unwrap_err();
    assert_eq!(refused.step(), Step::Complete);
    assert!(refused.to_string().starts_with("completion refused: "));
    Ok(())
}

/// The service's own error, holding one of the crate's as its source.
#[derive(Debug)]
struct Wrapped(Box<dyn std::error::Error + Send + Sync>);

impl std::fmt::Display for Wrapped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the request failed")
    }
}

impl std::error::Error for Wrapped {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.0)
    }
}

/// A refusal of a migration under way in any stage: a window extension that does not close
/// later.
fn refused_in<S: UnderWay>(m: Migration<S>) -> Box<dyn std::error::Error + Send + Sync> {
    let closes = m.window().closes;
    let extension = Extension::new(
        closes,
        "more time",
        Approval {
            body: GovernanceBody::Tsc,
            by: "tsc-chair".into(),
            at: t(24 * 100),
        },
    );
    match m.extend_window(extension, t(24 * 100)) {
        Ok(_) => unreachable!("an extension that does not close later is refused"),
        Err(refused) => Box::new(refused),
    }
}

/// `code_of` finds the code of every error type of the crate, boxed and behind foreign
/// errors, and the `Refused` of every stage a step can be refused in.
#[test]
fn code_of_finds_every_error_boxed_and_wrapped() -> Result<(), Box<dyn std::error::Error>> {
    type Boxed = Box<dyn std::error::Error + Send + Sync>;
    let policy = Policy::default();
    let record = fx::transitioned()?.into_record();
    let refused = fx::detected()?.prepare(&Plan::default(), t(1)).unwrap_err();
    let refusal = refused.reason().clone();
    let open = Migration::open(
        {
            let mut notice = fx::notice();
            notice.triggers = vec![];
            notice
        },
        t(0),
        &policy,
    )
    .unwrap_err();
    let open_refusal = open.reason().clone();
    let wrong = Migration::<Validation>::try_from(AnyMigration::resume(
        record.clone(),
        Anchor::Head(record.head),
    )?)
    .unwrap_err();
    let mut case = rules::RemediationCase::open(Severity::Minor, t(0));
    let remediation = case
        .record(rules::RemediationStep::RestoreFullAccess, t(1))
        .unwrap_err();
    let errors: Vec<(Boxed, &str)> = vec![
        (Box::new(refused), "flow.incomplete_plan"),
        (Box::new(refusal), "flow.incomplete_plan"),
        (Box::new(open), "open.no_trigger"),
        (Box::new(open_refusal), "open.no_trigger"),
        (
            Box::new(
                AnyMigration::resume(record.clone(), Anchor::Head(Digest::GENESIS)).unwrap_err(),
            ),
            "resume.unexpected_head",
        ),
        (
            Box::new(ReplayError::DigestMismatch { seq: 1 }),
            "resume.digest_mismatch",
        ),
        (Box::new(wrong), "resume.wrong_stage"),
        (
            Box::new("nope".parse::<Digest>().unwrap_err()),
            "digest.malformed",
        ),
        (
            Box::new(
                Policy::builder()
                    .fallback_min_months(0)
                    .build()
                    .unwrap_err(),
            ),
            "policy.out_of_range",
        ),
        (
            Box::new(PartnerId::new("").unwrap_err()),
            "partner_id.empty",
        ),
        (
            Box::new(HealthScore::new(f64::NAN).unwrap_err()),
            "health.not_finite",
        ),
        (
            Box::new("nocolon".parse::<permission::Permission>().unwrap_err()),
            "permission.missing_colon",
        ),
        (Box::new(remediation), "remediation.out_of_order"),
        (
            Box::new(MigrationRecord::from_json("[]").unwrap_err()),
            "load.malformed_json",
        ),
        (
            Box::new(
                AnyMigration::resume_json(&record.to_json()?, Anchor::Head(Digest::GENESIS))
                    .unwrap_err(),
            ),
            "resume.unexpected_head",
        ),
        // a refusal in every stage a step can be refused in
        (refused_in(fx::detected()?), "flow.extension_not_later"),
        (refused_in(fx::prepared()?), "flow.extension_not_later"),
        (refused_in(fx::transitioned()?), "flow.extension_not_later"),
        (refused_in(fx::validated()?), "flow.extension_not_later"),
        (refused_in(fx::stabilized()?), "flow.extension_not_later"),
    ];
    let HealthOutcome::AtRisk(throttled) = fx::validated()?.stabilize(&fx::reading(50.0), t(5))?
    else {
        return Err("an at-risk reading throttles".into());
    };
    let Validated::Failed(rejected) =
        fx::transitioned()?.validate(&[fx::failed_suite(t(3))], t(3), &policy, &fx::platform())?
    else {
        return Err("a failed suite rejects".into());
    };
    let fallen = rejected.clone().restrict(t(4))?;
    let errors = errors.into_iter().chain([
        (refused_in(throttled), "flow.extension_not_later"),
        (refused_in(rejected), "flow.extension_not_later"),
        (refused_in(fallen), "flow.extension_not_later"),
    ]);
    for (boxed, expected) in errors {
        assert_eq!(code_of(&*boxed), Some(expected), "{boxed}");
        let once = Wrapped(boxed);
        assert_eq!(code_of(&once), Some(expected), "wrapped once");
        let twice: Boxed = Box::new(Wrapped(Box::new(once)));
        assert_eq!(code_of(&*twice), Some(expected), "wrapped twice");
    }
    Ok(())
}

/// A foreign error holding the crate's error in a boxed field, given as its source: the
/// source is the box, whose own `source()` skips the error in it.
#[derive(Debug)]
struct BoxedField<E>(Box<E>);

impl<E> std::fmt::Display for BoxedField<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the step failed")
    }
}

impl<E: std::error::Error + 'static> std::error::Error for BoxedField<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

#[test]
fn code_of_finds_the_error_in_a_boxed_source_field() -> Result<(), Box<dyn std::error::Error>> {
    let refused = fx::detected()?.prepare(&Plan::default(), t(1)).unwrap_err();
    let reason = refused.reason().clone();
    assert_eq!(
        code_of(&BoxedField(Box::new(reason))),
        Some("flow.incomplete_plan")
    );
    assert_eq!(
        code_of(&BoxedField(Box::new(refused))),
        Some("flow.incomplete_plan")
    );
    let digest = "zz".parse::<Digest>().unwrap_err();
    assert_eq!(
        code_of(&BoxedField(Box::new(digest))),
        Some("digest.malformed")
    );
    assert_eq!(code_of(&BoxedField(Box::new(std::fmt::Error))), None);
    Ok(())
}

/// An error that is not the crate's has no code, and a chain that loops ends.
#[test]
fn code_of_a_foreign_error_is_none() {
    #[derive(Debug)]
    struct Loop;
    impl std::fmt::Display for Loop {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("its own source")
        }
    }
    impl std::error::Error for Loop {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(self)
        }
    }
    assert_eq!(code_of(&std::fmt::Error), None);
    assert_eq!(code_of(&Wrapped(Box::new(std::fmt::Error))), None);
    assert_eq!(code_of(&Loop), None);
}
