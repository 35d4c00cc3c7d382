//! Every seed concept exists, maps as the seeds say, and round-trips through snake_case JSON.

use kwanus_migration::*;
use serde::{de::DeserializeOwned, Serialize};

fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(value: T, json: &str) {
    let text = serde_json::to_string(&value).expect("serializes");
    assert_eq!(text, format!("\"{json}\""), "json of {value:?}");
    let back: T = serde_json::from_str(&text).expect("deserializes");
    assert_eq!(back, value);
}

#[test]
fn triggers_have_the_playbook_classes() {
    use Trigger::*;
    use TriggerClass::*;
    let expected = [
        (MajorOsVersionChange, Required, "major_os_version_change"),
        (ApiDeprecation, Required, "api_deprecation"),
        (WorkflowDeprecation, Required, "workflow_deprecation"),
        (PermissionChange, Required, "permission_change"),
        (RuntimeChange, Required, "runtime_change"),
        (TierUpgrade, Optional, "tier_upgrade"),
        (TierDowngrade, Optional, "tier_downgrade"),
        (CapabilityExpansion, Optional, "capability_expansion"),
        (ComplianceViolation, Forced, "compliance_violation"),
        (SecurityViolation, Forced, "security_violation"),
        (PartnerInstability, Forced, "partner_instability"),
        // the framework's forced triggers (§3)
        (Incompatibility, Forced, "incompatibility"),
        (VersionMismatch, Forced, "version_mismatch"),
        (SustainabilityCollapse, Forced, "sustainability_collapse"),
    ];
    assert_eq!(Trigger::ALL.len(), expected.len());
    for (trigger, class, json) in expected {
        assert_eq!(trigger.class(), class, "{trigger:?}");
        assert_eq!(trigger.as_str(), json);
        round_trip(trigger, json);
    }
    round_trip(TriggerClass::Forced, "forced");
    assert_eq!(
        TriggerClass::of(&[TierUpgrade, ApiDeprecation]),
        Some(Required)
    );
    assert_eq!(
        TriggerClass::of(&[TierUpgrade, ComplianceViolation]),
        Some(Forced)
    );
}

#[test]
fn kinds_map_to_families_and_categories() {
    use Category::*;
    use KindFamily as F;
    use MigrationKind::*;
    let expected = [
        (OsVersion, F::Version, Structural, "os_version"),
        (ApiVersion, F::Version, Structural, "api_version"),
        (WorkflowVersion, F::Version, Workflow, "workflow_version"),
        (
            MigrationKind::TierUpgrade,
            F::Tier,
            Capability,
            "tier_upgrade",
        ),
        (
            MigrationKind::TierDowngrade,
            F::Tier,
            Capability,
            "tier_downgrade",
        ),
        (
            ExtensionRuntime,
            F::Runtime,
            Structural,
            "extension_runtime",
        ),
        (WorkflowRuntime, F::Runtime, Workflow, "workflow_runtime"),
        (
            IntelligenceRuntime,
            F::Runtime,
            Intelligence,
            "intelligence_runtime",
        ),
        (
            PermissionReduction,
            F::Permission,
            Permission,
            "permission_reduction",
        ),
        (
            PermissionExpansion,
            F::Permission,
            Permission,
            "permission_expansion",
        ),
        (
            PermissionRestructuring,
            F::Permission,
            Permission,
            "permission_restructuring",
        ),
        (WorkflowTrigger, F::Workflow, Workflow, "workflow_trigger"),
        (WorkflowHandler, F::Workflow, Workflow, "workflow_handler"),
        (
            WorkflowPermission,
            F::Workflow,
            Permission,
            "workflow_permission",
        ),
    ];
    assert_eq!(MigrationKind::ALL.len(), expected.len());
    for (kind, family, category, json) in expected {
        assert_eq!(kind.family(), family, "{kind:?}");
        assert_eq!(kind.category(), category, "{kind:?}");
        round_trip(kind, json);
    }
    // every category is reached by some kind
    for c in Category::ALL {
        assert!(
            MigrationKind::ALL.iter().any(|k| k.category() == c),
            "{c:?}"
        );
    }
}

#[test]
fn categories_are_governed_by_the_framework_bodies() {
    assert_eq!(Category::Structural.governing_body(), GovernanceBody::Tsc);
    assert_eq!(Category::Workflow.governing_body(), GovernanceBody::Erc);
    assert_eq!(Category::Permission.governing_body(), GovernanceBody::Sco);
    assert_eq!(Category::Capability.governing_body(), GovernanceBody::Cgb);
    assert_eq!(Category::Intelligence.governing_body(), GovernanceBody::Cgb);
    round_trip(Category::Intelligence, "intelligence");
    for (body, json, acronym) in [
        (GovernanceBody::Tsc, "tsc", "TSC"),
        (GovernanceBody::Sco, "sco", "SCO"),
        (GovernanceBody::Erc, "erc", "ERC"),
        (GovernanceBody::Cgb, "cgb", "CGB"),
    ] {
        round_trip(body, json);
        assert_eq!(body.to_string(), acronym);
    }
}

#[test]
fn mode_follows_trigger_class_and_compatibility() {
    use Compatibility::*;
    use TriggerClass::*;
    let table = [
        (Optional, BackwardCompatible, Mode::Soft),
        (Optional, Breaking, Mode::Guided),
        (Required, BackwardCompatible, Mode::Soft),
        (Required, Breaking, Mode::Guided),
        (Forced, BackwardCompatible, Mode::Forced),
        (Forced, Breaking, Mode::Forced),
    ];
    for (class, compat, mode) in table {
        assert_eq!(
            Mode::for_change(class, compat),
            mode,
            "{class:?} {compat:?}"
        );
    }
    for (mode, json) in [
        (Mode::Soft, "soft"),
        (Mode::Guided, "guided"),
        (Mode::Forced, "forced"),
        (Mode::Fallback, "fallback"),
    ] {
        round_trip(mode, json);
    }
    round_trip(Compatibility::BackwardCompatible, "backward_compatible");
}

#[test]
fn dimensions_evolution_severity_and_tasks_exist() {
    let dims = [
        "version",
        "structure",
        "capability",
        "permission",
        "workflow",
        "intelligence",
    ];
    for (d, json) in Dimension::ALL.into_iter().zip(dims) {
        round_trip(d, json);
        assert_eq!(Dimension::ALL[d.index()], d);
    }
    let evo = [
        "expansion",
        "enhancement",
        "transformation",
        "fusion",
        "illumination",
    ];
    for (e, json) in Evolution::ALL.into_iter().zip(evo) {
        round_trip(e, json);
    }
    for (s, json) in Severity::ALL
        .into_iter()
        .zip(["minor", "moderate", "severe"])
    {
        round_trip(s, json);
    }
    assert!(Severity::Severe.needs_review());
    assert!(!Severity::Moderate.needs_review());
    let tasks = [
        "migration_review",
        "compatibility_update",
        "lifecycle_update",
        "sustainability_review",
    ];
    for (t, json) in AnnualTask::ALL.into_iter().zip(tasks) {
        round_trip(t, json);
    }
}

#[test]
fn rites_carry_the_framework_words() {
    let words = [
        (Rite::Detection, "The threads tremble. Change approaches."),
        (Rite::Preparation, "The loom adjusts. The pattern loosens."),
        (Rite::Transition, "The weave shifts. The path opens."),
        (Rite::Stabilization, "The pattern reforms. Harmony returns."),
        (
            Rite::Continuity,
            "The thread continues. The journey resumes.",
        ),
        (Rite::Release, "The old pattern dissolves. Memory remains."),
    ];
    assert_eq!(Rite::ALL.len(), words.len());
    for (rite, text) in words {
        assert_eq!(rite.words(), text);
        assert!(rite.to_string().contains(text));
    }
    round_trip(Rite::Release, "release");
}

#[test]
fn partner_ids_are_checked_on_deserialize() {
    let id: PartnerId = serde_json::from_str("\"acme.billing_2\"").expect("valid");
    assert_eq!(id.as_str(), "acme.billing_2");
    assert_eq!(
        id.to_string(),
        "acme.billing_2",
        "a partner displays as its id"
    );
    assert!(serde_json::from_str::<PartnerId>("\"a b\"").is_err());
    assert!(serde_json::from_str::<PartnerId>("\"\"").is_err());
    let long = "x".repeat(129);
    assert_eq!(
        PartnerId::new(long).unwrap_err().code(),
        "partner_id.too_long"
    );
    assert_eq!(
        PartnerId::new("é").unwrap_err().code(),
        "partner_id.invalid_char"
    );
}

/// `Display` is the JSON name, for every vocabulary type.
#[test]
fn display_matches_the_json_form() {
    fn same<T: Serialize + std::fmt::Display>(values: &[T]) {
        for v in values {
            assert_eq!(format!("\"{v}\""), serde_json::to_string(v).unwrap());
        }
    }
    same(&Trigger::ALL);
    same(&[
        TriggerClass::Optional,
        TriggerClass::Required,
        TriggerClass::Forced,
    ]);
    same(&[Mode::Soft, Mode::Guided, Mode::Forced, Mode::Fallback]);
    same(&[Compatibility::BackwardCompatible, Compatibility::Breaking]);
    same(&Category::ALL);
    same(&MigrationKind::ALL);
    same(&MigrationKind::ALL.map(|k| k.family()));
    same(&Severity::ALL);
    same(&Evolution::ALL);
    same(&AnnualTask::ALL);
    same(&Dimension::ALL);
}

/// `Display` writes the stable name (`as_str`), never nothing, for every value of every
/// vocabulary type that displays as its name.
#[test]
fn every_vocabulary_value_displays_as_its_name() {
    fn shown_as_names<T: Copy + std::fmt::Display + std::fmt::Debug>(
        all: &[T],
        name: impl Fn(T) -> &'static str,
    ) {
        assert!(!all.is_empty());
        for &value in all {
            let shown = value.to_string();
            assert!(!shown.is_empty(), "{value:?} displays as nothing");
            assert_eq!(shown, name(value), "{value:?}");
        }
    }
    shown_as_names(&Trigger::ALL, Trigger::as_str);
    shown_as_names(&TriggerClass::ALL, TriggerClass::as_str);
    shown_as_names(&Mode::ALL, Mode::as_str);
    shown_as_names(&Compatibility::ALL, Compatibility::as_str);
    shown_as_names(&Category::ALL, Category::as_str);
    shown_as_names(&KindFamily::ALL, KindFamily::as_str);
    shown_as_names(&MigrationKind::ALL, MigrationKind::as_str);
    shown_as_names(&Severity::ALL, Severity::as_str);
    shown_as_names(&Evolution::ALL, Evolution::as_str);
    shown_as_names(&AnnualTask::ALL, AnnualTask::as_str);
    shown_as_names(&Dimension::ALL, Dimension::as_str);
    shown_as_names(&Verdict::ALL, Verdict::as_str);
}

/// A finding's level displays as its JSON name, and a finding's text leads with it.
#[test]
fn finding_levels_display_as_their_json_names() {
    for (level, name) in [
        (FindingLevel::Info, "info"),
        (FindingLevel::Warning, "warning"),
        (FindingLevel::Error, "error"),
    ] {
        assert_eq!(level.to_string(), name);
        round_trip(level, name);
        let finding = Finding::new(rules::Lint::ALL[0], "item", "message").with_level(level);
        assert!(
            finding.to_string().starts_with(&format!("{name} [")),
            "{finding}"
        );
    }
}

/// Each rite is named as the framework writes it.
#[test]
fn rites_are_named_as_the_framework_writes_them() {
    for rite in Rite::ALL {
        let mut name = rite.as_str().chars();
        let first = name
            .next()
            .map(|c| c.to_ascii_uppercase())
            .unwrap_or_default();
        assert_eq!(rite.name(), format!("Rite of {first}{}", name.as_str()));
    }
}
