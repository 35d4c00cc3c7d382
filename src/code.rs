//! One way to get an error's stable code: the [`Coded`] trait, and [`code_of`](crate::code_of) for an error of
//! any type (boxed, or wrapped in another).

/// A stable, machine-readable code: every public error of the crate has one, so a service or
/// a partner SDK maps any error to its code without knowing its type.
///
/// For an error whose type is not known (a `Box<dyn Error>`, the service's own error holding
/// the crate's as its source), [`code_of`](crate::code_of) finds the code in one call.
///
/// Codes are `area.what` in snake_case and never change meaning; new ones may be added. The
/// full list:
///
/// | code | error | when |
/// |---|---|---|
/// | `open.no_trigger` | [`OpenError`](crate::OpenError) | a notice without a trigger |
/// | `open.target_not_above` | [`OpenError`](crate::OpenError) | the target is below the origin |
/// | `open.pre_release` | [`OpenError`](crate::OpenError) | a pre-release origin or target |
/// | `open.bad_window` | [`OpenError`](crate::OpenError) | the window closes before it opens or before the notice |
/// | `open.missing_severity` | [`OpenError`](crate::OpenError) | a forced trigger without a severity |
/// | `open.unexpected_severity` | [`OpenError`](crate::OpenError) | a severity without a forced trigger |
/// | `open.unversioned_change` | [`OpenError`](crate::OpenError) | the target differs from the origin only in build metadata |
/// | `open.missing_contracts` | [`OpenError`](crate::OpenError) | a kind with a contract without its contracts |
/// | `open.contract_version_mismatch` | [`OpenError`](crate::OpenError) | a contract of another version |
/// | `open.compatibility_unknown` | [`OpenError`](crate::OpenError) | neither contracts nor a declared compatibility |
/// | `open.compatibility_contradicted` | [`OpenError`](crate::OpenError) | declared compatible, the contracts break |
/// | `open.silent_breaking_change` | [`OpenError`](crate::OpenError) | a breaking change without a major target |
/// | `open.inconsistent` | [`OpenError`](crate::OpenError) | the opening event would be inconsistent: a time a record cannot hold (a leap second outside 23:59:60 UTC), else a bug |
/// | `flow.time_went_backwards` | [`Refused`](crate::Refused) | `at` is before the last event |
/// | `flow.incomplete_plan` | [`Refused`](crate::Refused) | the plan lacks parts, documents, a mapping or approvals (all listed) |
/// | `flow.unversioned_change` | [`Refused`](crate::Refused) | the release is the origin version |
/// | `flow.silent_breaking_change` | [`Refused`](crate::Refused) | a breaking change without its major bump |
/// | `flow.compatibility_contradicted` | [`Refused`](crate::Refused) | declared compatible, the contract breaks |
/// | `flow.missing_contract` | [`Refused`](crate::Refused) | a release without its contract |
/// | `flow.version_mismatch` | [`Refused`](crate::Refused) | the release is not the target |
/// | `flow.above_version_ceiling` | [`Refused`](crate::Refused) | the release is above the version ceiling |
/// | `flow.canary_too_large` | [`Refused`](crate::Refused) | a canary above the shielding bound |
/// | `flow.soft_breaking_change` | [`Refused`](crate::Refused) | a breaking change in soft mode |
/// | `flow.outside_window` | [`Refused`](crate::Refused) | a transition outside the migration window |
/// | `flow.permission_boundary` | [`Refused`](crate::Refused) | the proposed grant breaks the boundary |
/// | `flow.fallback_grant` | [`Refused`](crate::Refused) | the fallback grant breaks the fallback rules |
/// | `flow.bad_attestation` | [`Refused`](crate::Refused) | an attestation that cannot count |
/// | `flow.ungoverned_fallback` | [`Refused`](crate::Refused) | a fallback without approval or sanctioned reason |
/// | `flow.ungoverned` | [`Refused`](crate::Refused) | a window extension or withdrawal without the governing body's approval |
/// | `flow.extension_not_later` | [`Refused`](crate::Refused) | a window extension that does not close later |
/// | `flow.review_required` | [`Refused`](crate::Refused) | completion while a Vulnerable reading awaits its review |
/// | `flow.blank_review` | [`Refused`](crate::Refused) | a review without who or what |
/// | `flow.fallback_window_running` | [`Refused`](crate::Refused) | completion before the fallback window ran |
/// | `flow.health_not_settled` | [`Refused`](crate::Refused) | completion below Reliable |
/// | `flow.no_health_reading` | [`Refused`](crate::Refused) | completion without a reading |
/// | `flow.missing_remediation_part` | [`Refused`](crate::Refused) | a remediation without root cause or fixes |
/// | `flow.severity_downgraded` | [`Refused`](crate::Refused) | a remediation milder than the open problem it remediates |
/// | `flow.policy_changed` | [`Refused`](crate::Refused) | a step under a policy other than the one the migration was opened under |
/// | `flow.blank_reason` | [`Refused`](crate::Refused) | a blank fallback, extension or withdrawal reason |
/// | `flow.reserved_reason` | [`Refused`](crate::Refused) | a caller using the flow's own health-unstable reason |
/// | `flow.inconsistent` | [`Refused`](crate::Refused) | the lineage refused the step: a time a record cannot hold (a leap second outside 23:59:60 UTC), else a bug |
/// | `resume.unsupported_format` | [`ResumeError`](crate::ResumeError), [`LoadError`](crate::LoadError) | a record of another format |
/// | `resume.no_events` | [`ResumeError`](crate::ResumeError) | a record without events |
/// | `resume.sequence` | [`ResumeError`](crate::ResumeError), [`ReplayError`](crate::ReplayError) | an event out of sequence |
/// | `resume.time_went_backwards` | [`ResumeError`](crate::ResumeError), [`ReplayError`](crate::ReplayError) | an event earlier than the one before |
/// | `resume.illegal_event` | [`ResumeError`](crate::ResumeError), [`ReplayError`](crate::ReplayError) | an event the rules do not allow there |
/// | `resume.digest_mismatch` | [`ResumeError`](crate::ResumeError), [`ReplayError`](crate::ReplayError) | an edited event |
/// | `resume.stage_mismatch` | [`ResumeError`](crate::ResumeError), [`ReplayError`](crate::ReplayError) | the stated stage is not where the events lead |
/// | `resume.header_mismatch` | [`ResumeError`](crate::ResumeError) | the header disagrees with the opening event |
/// | `resume.head_mismatch` | [`ResumeError`](crate::ResumeError) | the head is not the last event's digest |
/// | `resume.bad_seal` | [`ResumeError`](crate::ResumeError) | the seal does not verify |
/// | `resume.unexpected_head` | [`ResumeError`](crate::ResumeError) | the head is not the one stored |
/// | `resume.truncated` | [`ResumeError`](crate::ResumeError) | a record ending between a step's two events |
/// | `resume.amendment_needs_anchor` | [`ResumeError`](crate::ResumeError) | an amended record loaded without an anchor |
/// | `resume.decisive_correction` | [`ResumeError`](crate::ResumeError), [`ReplayError`](crate::ReplayError) | a correction of a field that decides something, or of no field |
/// | `resume.ungoverned_correction` | [`ResumeError`](crate::ResumeError), [`ReplayError`](crate::ReplayError) | a correction approved by a body that does not govern the migration |
/// | `resume.verdict_mismatch` | [`ResumeError`](crate::ResumeError), [`ReplayError`](crate::ReplayError) | a recorded verdict its recorded evidence and facts do not give |
/// | `resume.not_an_extension` | [`ResumeError`](crate::ResumeError) | a record that is not the anchored history plus corrections |
/// | `resume.wrong_stage` | [`WrongStage`](crate::WrongStage) | a typed handle asked of another stage |
/// | `load.malformed_json` | [`LoadError`](crate::LoadError) (feature `json`) | stored text that is not one JSON object |
/// | `load.invalid_field` | [`LoadError`](crate::LoadError) (feature `json`) | a field missing, unknown, of the wrong type or refused |
/// | `interface.malformed_json` | [`interface::Error`](crate::interface::Error) (feature `interface`) | input that is not one JSON value |
/// | `interface.invalid_input` | [`interface::Error`](crate::interface::Error) (feature `interface`) | JSON that is not the operation's input: a field missing, unknown or of the wrong type |
/// | `interface.unknown_operation` | [`interface::Error`](crate::interface::Error) (feature `interface`) | no operation of that name |
/// | `interface.internal` | [`interface::Error`](crate::interface::Error) (feature `interface`) | an output JSON cannot carry: a bug |
/// | `digest.malformed` | [`DigestParseError`](crate::DigestParseError) | not 64 lowercase hex digits |
/// | `policy.out_of_range` | [`PolicyError`](crate::PolicyError) | a policy value out of range |
/// | `policy.inconsistent` | [`PolicyError`](crate::PolicyError) | policy values out of order |
/// | `policy.below_seed_floor` | [`PolicyError`](crate::PolicyError) | a value weaker than the seed's number without a named departure |
/// | `policy.blank_departure` | [`PolicyError`](crate::PolicyError) | a departure from a seed number with a blank reason |
/// | `policy.needless_departure` | [`PolicyError`](crate::PolicyError) | a departure for a value that is not weaker than the seed's number |
/// | `partner_id.empty` | [`PartnerIdError`](crate::PartnerIdError) | an empty partner id |
/// | `partner_id.too_long` | [`PartnerIdError`](crate::PartnerIdError) | a partner id over 64 characters |
/// | `partner_id.invalid_char` | [`PartnerIdError`](crate::PartnerIdError) | a character outside the allowed set |
/// | `health.not_finite` | [`HealthError`](crate::HealthError) | a NaN or infinite value |
/// | `health.out_of_range` | [`HealthError`](crate::HealthError) | a value outside 0–100 |
/// | `health.inconsistent_counts` | [`HealthError`](crate::HealthError) | more successes than runs |
/// | `health.unordered` | [`HealthError`](crate::HealthError) | samples out of time order |
/// | `health.too_few_samples` | [`HealthError`](crate::HealthError) | too few samples to forecast |
/// | `permission.missing_colon` | [`permission::ParseError`](crate::permission::ParseError) | no `verb:` prefix |
/// | `permission.invalid_verb` | [`permission::ParseError`](crate::permission::ParseError) | a verb outside the allowed set |
/// | `permission.empty_pattern` | [`permission::ParseError`](crate::permission::ParseError) | an empty resource pattern |
/// | `permission.empty_segment` | [`permission::ParseError`](crate::permission::ParseError) | an empty segment |
/// | `permission.invalid_segment` | [`permission::ParseError`](crate::permission::ParseError) | a segment with a forbidden character |
/// | `remediation.out_of_order` | [`rules::RemediationError`](crate::rules::RemediationError) | a step out of order |
/// | `remediation.complete` | [`rules::RemediationError`](crate::rules::RemediationError) | a step after the last |
/// | `remediation.time_went_backwards` | [`rules::RemediationError`](crate::rules::RemediationError) | a step before the last |
/// | `remediation.review_missing` | [`rules::RemediationError`](crate::rules::RemediationError) | a severe case restoring access before its review |
///
/// ```
/// use kwanus_migration::{Coded, Digest, PartnerId, Policy};
///
/// fn code_of(e: &(dyn Coded + Send + Sync)) -> &'static str {
///     e.code()
/// }
///
/// fn main() {
///     let refused = Policy::builder().fallback_min_months(3).build().unwrap_err();
///     assert_eq!(code_of(&refused), "policy.below_seed_floor");
///     let bad_id = PartnerId::new("Acme Billing").unwrap_err();
///     assert_eq!(code_of(&bad_id), "partner_id.invalid_char");
///     let bad_head = "zz".parse::<Digest>().unwrap_err();
///     assert_eq!(code_of(&bad_head), "digest.malformed");
/// }
/// ```
pub trait Coded: std::error::Error {
    /// The stable code.
    fn code(&self) -> &'static str;
}
