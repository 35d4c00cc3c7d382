//! Every public type is `Send + Sync` (and errors are `'static`), so services can move them
//! across threads and box errors.

use kwanus_migration::permission::*;
use kwanus_migration::*;

fn assert_send_sync<T: Send + Sync>() {}
fn assert_error<T: std::error::Error + Send + Sync + 'static>() {}

#[test]
fn public_types_are_send_and_sync() {
    assert_send_sync::<Trigger>();
    assert_send_sync::<TriggerClass>();
    assert_send_sync::<MigrationKind>();
    assert_send_sync::<KindFamily>();
    assert_send_sync::<Category>();
    assert_send_sync::<Mode>();
    assert_send_sync::<Compatibility>();
    assert_send_sync::<GovernanceBody>();
    assert_send_sync::<AnnualTask>();
    assert_send_sync::<Dimension>();
    assert_send_sync::<Evolution>();
    assert_send_sync::<Severity>();
    assert_send_sync::<Rite>();
    assert_send_sync::<PartnerId>();
    assert_send_sync::<Policy>();
    assert_send_sync::<SeedFloor>();
    assert_send_sync::<Extension>();
    assert_send_sync::<Withdrawal>();
    assert_send_sync::<WithdrawnBy>();
    assert_send_sync::<PolicyBuilder>();
    assert_send_sync::<HealthInputs>();
    assert_send_sync::<HealthReport>();
    assert_send_sync::<HealthScore>();
    assert_send_sync::<Band>();
    assert_send_sync::<Deadline>();
    assert_send_sync::<DeadlineKind>();
    assert_send_sync::<FallbackWindow>();
    assert_send_sync::<Action>();
    assert_send_sync::<health::Monitoring>();
    assert_send_sync::<health::Sample>();
    assert_send_sync::<health::Collapse>();
    assert_send_sync::<health::Forecast>();
    assert_send_sync::<health::ComponentScore>();
    assert_send_sync::<Permission>();
    assert_send_sync::<ResourcePattern>();
    assert_send_sync::<PermissionSet>();
    assert_send_sync::<Catalog>();
    assert_send_sync::<BoundaryCheck<'static>>();
    assert_send_sync::<BoundaryReport>();
    assert_send_sync::<Violation>();
    assert_send_sync::<PermissionChange>();
    assert_send_sync::<Notice>();
    assert_send_sync::<Plan>();
    assert_send_sync::<Release>();
    assert_send_sync::<Grants>();
    assert_send_sync::<ValidationReport>();
    assert_send_sync::<Remediation>();
    assert_send_sync::<FallbackReason>();
    assert_send_sync::<Event>();
    assert_send_sync::<EventDetail>();
    assert_send_sync::<Lineage>();
    assert_send_sync::<Opening>();
    assert_send_sync::<MigrationRecord>();
    assert_send_sync::<Digest>();
    assert_send_sync::<SealKey>();
    assert_send_sync::<Correction>();
    assert_send_sync::<AnyMigration>();
    assert_send_sync::<Migration<Detection>>();
    assert_send_sync::<Migration<Preparation>>();
    assert_send_sync::<Migration<Transition>>();
    assert_send_sync::<Migration<Validation>>();
    assert_send_sync::<Migration<Stabilization>>();
    assert_send_sync::<Migration<Continuity>>();
    assert_send_sync::<Migration<FallenBack>>();
    assert_send_sync::<Validated>();
    assert_send_sync::<HealthOutcome>();
    assert_send_sync::<CanaryOutcome>();
    assert_send_sync::<Reaction>();
    assert_send_sync::<Refusal>();
    // added with record format 2, the evidence and the seed-conformance work
    assert_send_sync::<Anchor<'static>>();
    assert_send_sync::<Attestation>();
    assert_send_sync::<Contracts>();
    assert_send_sync::<Evidence>();
    assert_send_sync::<Platform>();
    assert_send_sync::<Requirements>();
    assert_send_sync::<Missing>();
    assert_send_sync::<Step>();
    assert_send_sync::<Review>();
    assert_send_sync::<FallbackAuthority>();
    assert_send_sync::<DimensionOutcome>();
    assert_send_sync::<DimensionResult>();
    assert_send_sync::<Finding>();
    assert_send_sync::<FindingLevel>();
    assert_send_sync::<Verdict>();
    assert_send_sync::<Document>();
    assert_send_sync::<DocumentKind>();
    assert_send_sync::<Approval>();
    assert_send_sync::<MappingEntry>();
    assert_send_sync::<PlanPart>();
    assert_send_sync::<Window>();
    assert_send_sync::<NoticeBuilder>();
    assert_send_sync::<NoticeBuilder<Window>>();
    assert_send_sync::<ReleaseBuilder>();
    assert_send_sync::<ReleaseBuilder<Evidence>>();
    assert_send_sync::<EvidenceBuilder>();
    assert_send_sync::<AttestationBuilder>();
    assert_send_sync::<AttestationBuilder<String>>();
    assert_send_sync::<NoWindow>();
    assert_send_sync::<NoEvidence>();
    assert_send_sync::<StageName>();
    assert_send_sync::<Migration<Rejected>>();
    assert_send_sync::<Migration<Throttled>>();
    assert_send_sync::<health::PackedInputs>();
    assert_send_sync::<health::Scorer>();
    assert_send_sync::<rules::Lint>();
    assert_send_sync::<rules::Contract>();
    assert_send_sync::<rules::Change>();
    assert_send_sync::<rules::ValidationInput<'static>>();
    assert_send_sync::<rules::RemediationWindow>();
    assert_send_sync::<rules::RemediationCase>();
    assert_send_sync::<rules::CompatibilityMatrix>();
    assert_send_sync::<rules::RuntimeUse>();
    assert_send_sync::<rules::FallbackProvision>();
    // the rest of the public types, so that "every" means every (a test below checks the
    // sources for a public type this list misses)
    assert_send_sync::<Access>();
    assert_send_sync::<Counterexample>();
    assert_send_sync::<GrantPurpose>();
    assert_send_sync::<ViolationKind>();
    assert_send_sync::<health::CollapseResponse>();
    assert_send_sync::<health::Component>();
    assert_send_sync::<health::ComponentStatus>();
    assert_send_sync::<health::HealthVerdict>();
    assert_send_sync::<rules::Alignment>();
    assert_send_sync::<rules::Bump>();
    assert_send_sync::<rules::ChangeSeverity>();
    assert_send_sync::<rules::ComponentKind>();
    assert_send_sync::<rules::Deprecation>();
    assert_send_sync::<rules::GovernanceCalendar>();
    assert_send_sync::<rules::MatrixRow>();
    assert_send_sync::<rules::Operation>();
    assert_send_sync::<rules::RemediationStep>();
    assert_send_sync::<rules::RuntimeRef>();
    assert_send_sync::<rules::RuntimeSupport>();
    assert_send_sync::<rules::TaskStatus>();
    assert_send_sync::<rules::Workflow>();
    assert_send_sync::<graph::EdgeKind>();
    assert_send_sync::<graph::MigrationPath>();
    assert_send_sync::<graph::PathRules<'static>>();
    assert_send_sync::<graph::VersionGraph>();
}

#[test]
fn errors_are_send_sync_static() {
    assert_error::<PolicyError>();
    #[cfg(feature = "json")]
    assert_error::<LoadError>();
    assert_error::<PartnerIdError>();
    assert_error::<HealthError>();
    assert_error::<ParseError>();
    assert_error::<OpenError>();
    assert_error::<Refused<Detection>>();
    assert_error::<Refused<Stabilization>>();
    assert_error::<ResumeError>();
    assert_error::<ReplayError>();
    assert_error::<WrongStage>();
    assert_error::<DigestParseError>();
    assert_error::<OpenRefusal>();
    assert_error::<Refusal>();
    assert_error::<Refused<Rejected>>();
    assert_error::<rules::RemediationError>();
}

/// The JSON interface's types (feature `interface`).
#[cfg(feature = "interface")]
#[test]
fn interface_types_are_send_and_sync() {
    assert_send_sync::<interface::AnchorInput>();
    assert_send_sync::<interface::CheckPermissionsRequest>();
    assert_send_sync::<interface::CheckPermissionsResponse>();
    assert_send_sync::<interface::CheckReleaseRequest>();
    assert_send_sync::<interface::CheckReleaseResponse>();
    assert_send_sync::<interface::ContractInput>();
    assert_send_sync::<interface::ContractsInput>();
    assert_send_sync::<interface::DiffContractsRequest>();
    assert_send_sync::<interface::DiffContractsResponse>();
    assert_send_sync::<interface::DiffGrantsRequest>();
    assert_send_sync::<interface::DiffGrantsResponse>();
    assert_send_sync::<interface::ErrorBody>();
    assert_send_sync::<interface::FallbackInput>();
    assert_send_sync::<interface::FallbackWindowOutput>();
    assert_send_sync::<interface::GrantsInput>();
    assert_send_sync::<interface::HealthInputsInput>();
    assert_send_sync::<interface::MonitoringInput>();
    assert_send_sync::<interface::Purpose>();
    assert_send_sync::<interface::Reply>();
    assert_send_sync::<interface::ScoreHealthRequest>();
    assert_send_sync::<interface::Status>();
    assert_send_sync::<interface::SummarizeRecordRequest>();
    assert_send_sync::<interface::SummarizeRecordResponse>();
    assert_send_sync::<interface::ValidateRequest>();
    assert_send_sync::<interface::ValidateResponse>();
    assert_send_sync::<interface::VerifyRecordRequest>();
    assert_send_sync::<interface::VerifyRecordResponse>();
    assert_send_sync::<interface::ViolationOutput>();
    assert_send_sync::<interface::Operation>();
    assert_error::<interface::Error>();
}

/// Every `pub struct` / `pub enum` in `src/` is named in this file, so the list above cannot
/// fall behind the crate (a type added without its autotrait check fails here).
#[test]
fn every_public_type_is_listed() {
    let me = include_str!("autotraits.rs");
    let mut missing = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src"
    ))];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("src is readable") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("a source file");
            for line in text.lines() {
                let line = line.trim_start();
                let rest = line
                    .strip_prefix("pub struct ")
                    .or_else(|| line.strip_prefix("pub enum "));
                let Some(rest) = rest else { continue };
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                let listed = me.contains(&format!("<{name}>"))
                    || me.contains(&format!("::{name}>"))
                    || me.contains(&format!("<{name}<"))
                    || me.contains(&format!("::{name}<"));
                if !name.is_empty() && !listed {
                    missing.push(format!("{name} ({})", path.display()));
                }
            }
        }
    }
    missing.sort();
    assert!(
        missing.is_empty(),
        "public types without an autotrait check: {missing:?}"
    );
}
