//! Seed map: every clause of the two seed documents, the item that implements it, and the test
//! that proves it.
//!
//! The crate implements two documents: the *Partner Migration Playbook* (sections 1–11) and the
//! *Partner Migration Framework* (sections 1–11). This page takes them clause by clause: every
//! bullet, table row and numbered step, in the documents' order and in their words. It has one
//! table per section, with four columns:
//!
//! - **clause (seed words)**: the clause, quoted; a heading is quoted before its bullet
//!   ("Step 1 — Migration Notice: partner notified");
//! - **implemented by**: the public items that carry it out;
//! - **proven by**: the tests that assert it, as `file: test name` under `tests/` (the proptest
//!   properties are inside `proptest!` blocks of the `*_props.rs` files; `tests/ui.rs` runs the
//!   compile-fail programs of `tests/ui/`). A doctest is named as such. **no test** means that
//!   no test asserts the clause, even when one runs the code: the honest gaps; — marks a
//!   sentence with nothing to prove;
//! - **notes**: the defaults the crate chose where the documents give no number, and the
//!   **departures**: where the crate reads a clause in a particular way, or does not follow it,
//!   on purpose, and why.
//!
//! Every departure is also listed, with its reason, in [Departures](#departures) at the end.
//!
//! Some clauses are not rules: the philosophy's adjectives, the documents' tables of contents,
//! their summaries. They get an honest line too: the items that give them substance when there
//! are some, and "not modelled: no behaviour to check" when there are none.
//!
//! # The playbook
//!
//! ## Playbook, preamble
//!
//! | clause (seed words) | implemented by | proven by | notes |
//! |---|---|---|---|
//! | "This document defines: migration triggers" | [`Trigger`](crate::Trigger), [`TriggerClass`](crate::TriggerClass) | the rows of §2 | An index bullet. |
//! | "migration types" | [`MigrationKind`](crate::MigrationKind), [`KindFamily`](crate::KindFamily) | the rows of §3 | An index bullet. |
//! | "migration workflow" | [`Migration`](crate::Migration), [`Stage`](crate::Stage) | the rows of §4 | An index bullet. |
//! | "compatibility requirements" | [`rules::CompatibilityMatrix`](crate::rules::CompatibilityMatrix), [`rules::check_release`](crate::rules::check_release) | the rows of §5 | An index bullet. |
//! | "fallback behavior" | [`Migration::fall_back`](crate::Migration::fall_back), [`rules::check_fallback`](crate::rules::check_fallback) | the rows of §6 | An index bullet. |
//! | "documentation requirements" | [`DocumentKind`](crate::DocumentKind) | the rows of §7 | An index bullet. |
//! | "validation rules" | [`rules::validate`](crate::rules::validate) | the rows of §8 | An index bullet. |
//! | "remediation rules" | [`Migration::remediate`](crate::Migration::remediate), [`rules::RemediationWindow`](crate::rules::RemediationWindow) | the rows of §9 | An index bullet. |
//! | "long‑term migration governance" | [`GovernanceBody`](crate::GovernanceBody), [`AnnualTask`](crate::AnnualTask), [`rules::GovernanceCalendar`](crate::rules::GovernanceCalendar) | the rows of §10 | An index bullet. |
//! | "It ensures partner migrations are safe, predictable, and aligned with KWANUS OS governance." | the whole crate | the rows of §1 and §11 | A summary sentence. |
//!
//! ## Playbook §1 — Migration Philosophy
//!
//! | clause (seed words) | implemented by | proven by | notes |
//! |---|---|---|---|
//! | "Partner migration must be: predictable" | the typestate [`Migration`](crate::Migration) (a step out of order does not compile); [`Refused`](crate::Refused) hands the migration back unchanged; every function is pure and takes the time as `at`; [`rules::Lint::SunsetMovedEarlier`](crate::rules::Lint::SunsetMovedEarlier) | tests/ui.rs: illegal_transitions_do_not_compile; tests/flow_props.rs: lineage_tells_the_story_of_successful_calls; tests/flow.rs: preparation_refusals_hand_the_migration_back_intact; tests/rules.rs: deprecations_and_sunsets | |
//! | "governed" | [`required_approvals`](crate::required_approvals), [`FallbackAuthority`](crate::FallbackAuthority), [`Category::governing_body`](crate::Category::governing_body) | tests/flow.rs: forced_migration_carries_its_deadline_and_needs_oversight; tests/flow.rs: a_fallback_without_authorization_is_refused | |
//! | "reversible" | [`Migration::fall_back`](crate::Migration::fall_back), [`FallenBack`](crate::FallenBack), [`Migration::remediate`](crate::Migration::remediate) | tests/flow.rs: failed_validation_falls_back_is_remediated_and_completes | |
//! | "compatible" | [`rules::diff_contracts`](crate::rules::diff_contracts), [`rules::compatibility_of`](crate::rules::compatibility_of), [`Mode::for_change`](crate::Mode::for_change), [`rules::CompatibilityMatrix`](crate::rules::CompatibilityMatrix) | tests/flow.rs: the_mode_follows_the_evidence_not_the_declaration; tests/rules.rs: the_compatibility_matrix | |
//! | "sustainable" | the sustainability component of [`health::score`](crate::health::score); [`health::detect_collapse`](crate::health::detect_collapse); [`Migration::collapse`](crate::Migration::collapse) | tests/flow.rs: a_collapse_ends_in_throttling_or_restriction_in_the_lineage | |
//! | "long‑term oriented" | the fallback windows ([`Policy::fallback_min_months`](crate::Policy::fallback_min_months), [`Policy::fallback_recommended_months`](crate::Policy::fallback_recommended_months)); [`rules::GovernanceCalendar`](crate::rules::GovernanceCalendar); the next review recorded at completion ([`EventDetail::Completed`](crate::EventDetail::Completed)) | tests/flow.rs: completing_below_the_recommended_window_carries_the_warning; tests/rules.rs: the_annual_calendar | |
//! | "Migration ensures: stable workflows" | the workflow dimension of [`rules::validate`](crate::rules::validate); fallback workflows ([`Evidence::fallback_workflows`](crate::Evidence::fallback_workflows)); [`rules::Lint::UngovernedWorkflow`](crate::rules::Lint::UngovernedWorkflow); [`health::workflow_reliability`](crate::health::workflow_reliability) | tests/rules.rs: fallback_requirements; tests/rules.rs: documents_and_governance; tests/health.rs: monitoring_figures_derive_components | |
//! | "safe evolution" | the shielded [`Transition`](crate::Transition); only a passed validation rolls out ([`EventDetail::RolledOut`](crate::EventDetail::RolledOut)) | tests/flow.rs: happy_path_reaches_continuity_with_every_rite | |
//! | "partner accountability" | the [`Lineage`](crate::Lineage) keeps the documents with their locations, the approvals with their signers ([`Approval`](crate::Approval)), the attested results with who ran them and where the evidence is ([`Attestation`](crate::Attestation)), and the root cause of a remediation ([`Remediation`](crate::Remediation)) | tests/flow.rs: the_plan_is_recorded_with_locations_and_signers; tests/flow.rs: attested_results_show_in_the_lineage_as_attested | |
//! | "ecosystem continuity" | [`graph::VersionGraph`](crate::graph::VersionGraph) (who is on a retired version, paths that never skip a major); the fallback stays until [`EventDetail::Released`](crate::EventDetail::Released) | tests/graph.rs: partners_on_a_retired_version; tests/graph.rs: paths_prefer_proven_steps_and_never_skip_a_major | |
//!
//! ## Playbook §2 — Migration Triggers
//!
//! Every trigger is a [`Trigger`](crate::Trigger); [`Trigger::class`](crate::Trigger::class)
//! gives its group, and [`TriggerClass::of`](crate::TriggerClass::of) the most urgent group of a
//! migration's triggers. The group chooses the mode with the change's compatibility
//! ([`Mode::for_change`](crate::Mode::for_change)).
//!
//! | clause (seed words) | implemented by | proven by | notes |
//! |---|---|---|---|
//! | "Required Migration Triggers: major OS version changes" | [`Trigger::MajorOsVersionChange`](crate::Trigger::MajorOsVersionChange) | tests/vocabulary.rs: triggers_have_the_playbook_classes | Required: soft when backward compatible, guided when breaking (tests/vocabulary.rs: mode_follows_trigger_class_and_compatibility). |
//! | "API deprecations" | [`Trigger::ApiDeprecation`](crate::Trigger::ApiDeprecation); [`rules::Lint::OperationDeprecated`](crate::rules::Lint::OperationDeprecated), [`rules::Lint::RemovedWithoutDeprecation`](crate::rules::Lint::RemovedWithoutDeprecation), [`rules::Lint::RemovedBeforeSunset`](crate::rules::Lint::RemovedBeforeSunset) | tests/vocabulary.rs: triggers_have_the_playbook_classes; tests/rules.rs: deprecations_and_sunsets | |
//! | "workflow deprecations" | [`Trigger::WorkflowDeprecation`](crate::Trigger::WorkflowDeprecation); [`rules::Lint::WorkflowDeprecated`](crate::rules::Lint::WorkflowDeprecated), [`rules::Lint::WorkflowRemoved`](crate::rules::Lint::WorkflowRemoved) | tests/vocabulary.rs: triggers_have_the_playbook_classes | The deprecation rules are proven on operations only (tests/rules.rs: deprecations_and_sunsets); no test deprecates or removes a workflow. |
//! | "permission changes" | [`Trigger::PermissionChange`](crate::Trigger::PermissionChange); [`permission::diff_grants`](crate::permission::diff_grants) | tests/vocabulary.rs: triggers_have_the_playbook_classes; tests/permission.rs: diff_shows_added_removed_widened_narrowed | |
//! | "runtime changes" | [`Trigger::RuntimeChange`](crate::Trigger::RuntimeChange); [`rules::Lint::RuntimeMajorChanged`](crate::rules::Lint::RuntimeMajorChanged), [`rules::Lint::RuntimeChanged`](crate::rules::Lint::RuntimeChanged) | tests/vocabulary.rs: triggers_have_the_playbook_classes; tests/rules.rs: the_diff_classifies_every_change | |
//! | "Optional Migration Triggers: tier upgrades" | [`Trigger::TierUpgrade`](crate::Trigger::TierUpgrade) | tests/vocabulary.rs: triggers_have_the_playbook_classes | Optional: the same modes as required; the class only ranks urgency ([`TriggerClass`](crate::TriggerClass) is ordered). |
//! | "tier downgrades" | [`Trigger::TierDowngrade`](crate::Trigger::TierDowngrade) | tests/vocabulary.rs: triggers_have_the_playbook_classes | |
//! | "capability expansion" | [`Trigger::CapabilityExpansion`](crate::Trigger::CapabilityExpansion) | tests/vocabulary.rs: triggers_have_the_playbook_classes | |
//! | "Forced Migration Triggers: compliance violations" | [`Trigger::ComplianceViolation`](crate::Trigger::ComplianceViolation); SCO approval ([`required_approvals`](crate::required_approvals)); an attested security review ([`rules::Lint::SecurityReviewMissing`](crate::rules::Lint::SecurityReviewMissing)) | tests/vocabulary.rs: triggers_have_the_playbook_classes; tests/flow.rs: open_refusals_hand_the_notice_back (a forced trigger without severity) | Forced: [`Mode::Forced`](crate::Mode::Forced) whatever the change, a [`Severity`](crate::Severity) is required, the remediation window runs from the notice and access is restricted until re-validation passes (tests/flow.rs: a_forced_migration_is_restricted_until_revalidation). |
//! | "security violations" | [`Trigger::SecurityViolation`](crate::Trigger::SecurityViolation); SCO approval; an attested security review | tests/flow.rs: forced_migration_carries_its_deadline_and_needs_oversight; tests/rules.rs: documents_and_governance (SCO needed whatever the kind) | No test runs a validation without the review to see `security.review_missing` fire. |
//! | "partner instability" | [`Trigger::PartnerInstability`](crate::Trigger::PartnerInstability) | tests/vocabulary.rs: triggers_have_the_playbook_classes | The crate does not detect instability itself: the service raises the trigger. (A metrics collapse raises the framework's [`Trigger::SustainabilityCollapse`](crate::Trigger::SustainabilityCollapse).) |
//!
//! ## Playbook §3 — Migration Types
//!
//! Every sub-type is a [`MigrationKind`](crate::MigrationKind);
//! [`MigrationKind::family`](crate::MigrationKind::family) gives the playbook's type and
//! [`MigrationKind::category`](crate::MigrationKind::category) the framework's category.
//!
//! | clause (seed words) | implemented by | proven by | notes |
//! |---|---|---|---|
//! | "Version Migration: OS version migration" | [`MigrationKind::OsVersion`](crate::MigrationKind::OsVersion) (structural, TSC; carries contracts) | tests/vocabulary.rs: kinds_map_to_families_and_categories; tests/flow.rs: an_os_migration_without_a_workflow_change_note_is_refused_at_preparation | |
//! | "API version migration" | [`MigrationKind::ApiVersion`](crate::MigrationKind::ApiVersion) (structural, TSC; carries contracts) | tests/vocabulary.rs: kinds_map_to_families_and_categories; tests/flow.rs: happy_path_reaches_continuity_with_every_rite (the fixtures' migration) | |
//! | "workflow version migration" | [`MigrationKind::WorkflowVersion`](crate::MigrationKind::WorkflowVersion) (workflow, ERC; carries contracts) | tests/vocabulary.rs: kinds_map_to_families_and_categories; tests/flow.rs: a_workflow_migration_needs_erc_and_a_remediation_its_fixes | Touches workflows, so ERC must approve ([`required_approvals`](crate::required_approvals)). |
//! | "Tier Migration: tier upgrades" | [`MigrationKind::TierUpgrade`](crate::MigrationKind::TierUpgrade) (capability, CGB; no contract) | tests/vocabulary.rs: kinds_map_to_families_and_categories; tests/flow.rs: a_breaking_declaration_without_contracts_needs_a_major_bump | Without a contract, the notice must declare its compatibility (tests/flow.rs: open_refusals_hand_the_notice_back, `open.compatibility_unknown`). |
//! | "tier downgrades" | [`MigrationKind::TierDowngrade`](crate::MigrationKind::TierDowngrade) (capability, CGB; no contract) | tests/vocabulary.rs: kinds_map_to_families_and_categories | |
//! | "Runtime Migration: extension runtime migration" | [`MigrationKind::ExtensionRuntime`](crate::MigrationKind::ExtensionRuntime) (structural, TSC); extension runtimes are checked in the structure dimension ([`rules::check_runtime_support`](crate::rules::check_runtime_support)) | tests/vocabulary.rs: kinds_map_to_families_and_categories; tests/rules.rs: runtime_fragmentation_and_support | |
//! | "workflow runtime migration" | [`MigrationKind::WorkflowRuntime`](crate::MigrationKind::WorkflowRuntime) (workflow, ERC); workflow runtimes in the workflow dimension | tests/vocabulary.rs: kinds_map_to_families_and_categories; tests/rules.rs: runtime_fragmentation_and_support | |
//! | "intelligence runtime migration" | [`MigrationKind::IntelligenceRuntime`](crate::MigrationKind::IntelligenceRuntime) (intelligence, CGB); intelligence runtimes in the intelligence dimension | tests/vocabulary.rs: kinds_map_to_families_and_categories; tests/rules.rs: runtime_fragmentation_and_support; tests/rules.rs: an_attested_pass_makes_a_not_applicable_dimension_a_pass | |
//! | "Permission Migration: permission reduction" | [`MigrationKind::PermissionReduction`](crate::MigrationKind::PermissionReduction) (permission, SCO); [`permission::check`](crate::permission::check) refuses any new access ([`permission::ViolationKind::RestructuringWidens`](crate::permission::ViolationKind::RestructuringWidens)) | tests/vocabulary.rs: kinds_map_to_families_and_categories | No test makes a reduction that widens access. |
//! | "permission expansion (governed)" | [`MigrationKind::PermissionExpansion`](crate::MigrationKind::PermissionExpansion): SCO approval at preparation ([`required_approvals`](crate::required_approvals)) and, for any migration, new access without SCO is [`permission::ViolationKind::ExpansionWithoutSco`](crate::permission::ViolationKind::ExpansionWithoutSco) | tests/flow.rs: expansion_needs_sco_at_transition; tests/permission.rs: each_violation_kind_is_named_with_its_permission | |
//! | "permission restructuring" | [`MigrationKind::PermissionRestructuring`](crate::MigrationKind::PermissionRestructuring): same effective access in a new shape; widening is [`permission::ViolationKind::RestructuringWidens`](crate::permission::ViolationKind::RestructuringWidens), which no approval lifts | tests/permission.rs: each_violation_kind_is_named_with_its_permission | |
//! | "Workflow Migration: workflow trigger migration" | [`MigrationKind::WorkflowTrigger`](crate::MigrationKind::WorkflowTrigger); [`rules::Lint::WorkflowTriggerChanged`](crate::rules::Lint::WorkflowTriggerChanged) (breaking: a major bump) | tests/vocabulary.rs: kinds_map_to_families_and_categories; tests/rules.rs: the_diff_classifies_every_change | |
//! | "workflow handler migration" | [`MigrationKind::WorkflowHandler`](crate::MigrationKind::WorkflowHandler); [`rules::Lint::WorkflowHandlerChanged`](crate::rules::Lint::WorkflowHandlerChanged) (possibly breaking: a minor bump, overridable per policy) | tests/rules.rs: the_diff_classifies_every_change; tests/rules.rs: severities_can_be_overridden_per_lint | |
//! | "workflow permission migration" | [`MigrationKind::WorkflowPermission`](crate::MigrationKind::WorkflowPermission) (permission, SCO; ERC too); [`rules::Lint::PermissionRequired`](crate::rules::Lint::PermissionRequired) | tests/vocabulary.rs: kinds_map_to_families_and_categories; tests/rules.rs: the_diff_classifies_every_change | **Departure**: the category of each kind is a documented reading of the two seeds (the table on [`MigrationKind::category`](crate::MigrationKind::category)); a workflow permission migration is a permission migration. |
//!
//! ## Playbook §4 — Migration Workflow Overview
//!
//! The playbook's seven steps run on the framework's six-step flow (framework §4): steps 1 →
//! [`Detection`](crate::Detection), 2–3 → [`Preparation`](crate::Preparation) and
//! [`Transition`](crate::Transition), 4–5 → [`Validation`](crate::Validation) (a passed
//! validation is the rollout), 6 → [`Stabilization`](crate::Stabilization), 7 →
//! [`Continuity`](crate::Continuity).
//!
//! | clause (seed words) | implemented by | proven by | notes |
//! |---|---|---|---|
//! | "Step 1 — Migration Notice" | [`Migration::open`](crate::Migration::open) with a [`Notice`](crate::Notice); [`EventDetail::Opened`](crate::EventDetail::Opened) | tests/flow.rs: happy_path_reaches_continuity_with_every_rite; tests/flow.rs: open_refusals_hand_the_notice_back | A refused notice is handed back ([`OpenError::into_inner`](crate::OpenError::into_inner)). |
//! | "Step 1: partner notified" | [`Notice::partner`](crate::Notice::partner), recorded in [`EventDetail::Opened`](crate::EventDetail::Opened) and the [`MigrationRecord`](crate::MigrationRecord) header | tests/records.rs: every_forged_record_is_refused_with_its_code (case "header partner") | **Departure**: the crate is pure and sends nothing; the service notifies the partner, the crate records who was notified. No test asserts a notification as such. |
//! | "Step 1: migration window defined" | [`Window`](crate::Window); [`OpenRefusal::BadWindow`](crate::OpenRefusal::BadWindow); the transition must fall inside it ([`Refusal::OutsideWindow`](crate::Refusal::OutsideWindow)) | tests/flow.rs: open_refusals_hand_the_notice_back; tests/flow.rs: transition_refusals_hand_the_migration_back_intact | |
//! | "Step 1: fallback behavior activated" | the fallback target (the origin) is fixed at the notice: `fallback_target` of [`EventDetail::Opened`](crate::EventDetail::Opened) | tests/records.rs: every_forged_record_is_refused_with_its_code (case "fallback target not the origin"); tests/flow.rs: failed_validation_falls_back_is_remediated_and_completes | **Departure**: the target is set from the notice, but [`Migration::fall_back`](crate::Migration::fall_back) is possible only once the release exists ([`CanFallBack`](crate::CanFallBack)): before it there is nothing to fall back from (tests/ui.rs: illegal_transitions_do_not_compile, `ui/fall_back_from_detection.rs`). |
//! | "Step 2 — Migration Plan: Partner must submit" | [`Migration::prepare`](crate::Migration::prepare) with a [`Plan`](crate::Plan); [`Migration::requirements`](crate::Migration::requirements) says what the plan must hold ([`Requirements`](crate::Requirements)), and a refusal lists everything it lacks ([`Refusal::IncompletePlan`](crate::Refusal::IncompletePlan), [`Missing`](crate::Missing)) | tests/flow.rs: preparation_refusals_hand_the_migration_back_intact; tests/flow.rs: a_plan_missing_three_things_is_refused_once_naming_all_three | The plan also carries the documents (§7), the compatibility mapping (guided mode) and the approvals. |
//! | "migration strategy" | [`Plan::strategy`](crate::Plan::strategy), [`PlanPart::Strategy`](crate::PlanPart::Strategy) | tests/flow.rs: every_part_of_the_plan_is_required | — |
//! | "compatibility plan" | [`Plan::compatibility_plan`](crate::Plan::compatibility_plan), [`PlanPart::CompatibilityPlan`](crate::PlanPart::CompatibilityPlan) | tests/flow.rs: every_part_of_the_plan_is_required | — |
//! | "testing plan" | [`Plan::testing_plan`](crate::Plan::testing_plan), [`PlanPart::TestingPlan`](crate::PlanPart::TestingPlan) | tests/flow.rs: a_plan_missing_three_things_is_refused_once_naming_all_three | |
//! | "rollback plan" | [`Plan::rollback_plan`](crate::Plan::rollback_plan), [`PlanPart::RollbackPlan`](crate::PlanPart::RollbackPlan) | tests/flow.rs: preparation_refusals_hand_the_migration_back_intact | |
//! | "Step 3 — Implementation" | the partner's work, outside the crate; its result enters as a [`Release`](crate::Release) with its [`Evidence`](crate::Evidence) at [`Migration::transition`](crate::Migration::transition) | tests/flow.rs: transition_refusals_hand_the_migration_back_intact | |
//! | "development" | not modelled: the crate sees only what development produced, the contract as built ([`Evidence::contract`](crate::Evidence::contract)), which it diffs against the origin's ([`rules::diff_contracts`](crate::rules::diff_contracts)) | tests/flow.rs: a_minor_bump_with_a_breaking_diff_is_refused_at_transition | **Departure**: no behaviour of development to check; its product is checked instead. |
//! | "testing" | the plan's testing plan; a test suite's result enters validation as an [`Attestation`](crate::Attestation) for one dimension | tests/flow.rs: attested_results_show_in_the_lineage_as_attested; tests/rules.rs: a_full_validation_report_for_a_person | An attested failure fails its dimension; an attested pass never hides a computed failure. |
//! | "documentation" | [`Plan::documents`](crate::Plan::documents), [`Document`](crate::Document), [`DocumentKind`](crate::DocumentKind) (see §7) | tests/flow.rs: preparation_refusals_hand_the_migration_back_intact; tests/flow.rs: the_plan_is_recorded_with_locations_and_signers | |
//! | "Step 4 — Validation" | [`Migration::validate`](crate::Migration::validate), computed by [`rules::validate`](crate::rules::validate) from the evidence in the lineage; [`ValidationReport`](crate::ValidationReport); [`Validated`](crate::Validated) | tests/flow.rs: happy_path_reaches_continuity_with_every_rite; tests/flow.rs: failed_validation_falls_back_is_remediated_and_completes; tests/records.rs: a_resumed_migration_is_validated_again_from_its_record_alone | A report is never taken from the caller (tests/ui.rs: illegal_transitions_do_not_compile, `ui/forge_report.rs`). |
//! | "compatibility validation" | the version dimension (release rules, [`rules::CompatibilityMatrix::check`](crate::rules::CompatibilityMatrix::check)) and the structure dimension (contract diff, runtimes) | tests/rules.rs: the_compatibility_matrix; tests/rules.rs: a_full_validation_report_for_a_person | |
//! | "security validation" | the permission dimension: the boundary checker ([`permission::check`](crate::permission::check): escalation-capable verbs, unbounded patterns, denials, the ceiling); a migration forced by a security or compliance violation also needs a review attested by SCO ([`Attestation::body`](crate::Attestation::body)) within the release ([`rules::Lint::SecurityReviewMissing`](crate::rules::Lint::SecurityReviewMissing)) | tests/permission.rs: each_violation_kind_is_named_with_its_permission; tests/flow.rs: a_security_violation_needs_an_attested_security_review; tests/rules.rs: the_security_review_is_attested_by_sco_within_the_release | **Departure**: the framework's six dimensions have no security dimension, so security lives in the permission dimension. |
//! | "workflow validation" | the workflow dimension: workflow changes, ungoverned workflows, workflow runtimes, ERC approval | tests/rules.rs: a_full_validation_report_for_a_person; tests/rules.rs: documents_and_governance | |
//! | "permission validation" | the permission dimension, [`permission::check`](crate::permission::check) on the new grant and on the fallback grant | tests/permission.rs: each_violation_kind_is_named_with_its_permission; tests/flow.rs: transition_refusals_hand_the_migration_back_intact | The flow also refuses a grant outside the boundary at transition ([`Refusal::PermissionBoundary`](crate::Refusal::PermissionBoundary)). |
//! | "Step 5 — Rollout" | only a passed validation records the rollout, [`EventDetail::RolledOut`](crate::EventDetail::RolledOut), right after [`EventDetail::ValidationPassed`](crate::EventDetail::ValidationPassed); a failed one leads to [`Rejected`](crate::Rejected) | tests/flow.rs: happy_path_reaches_continuity_with_every_rite; tests/records.rs: every_forged_record_is_refused_with_its_code (case "a rollout without validation") | |
//! | "versioned release" | [`Release::version`](crate::Release::version) must be a new version and the target ([`Refusal::UnversionedChange`](crate::Refusal::UnversionedChange), [`Refusal::VersionMismatch`](crate::Refusal::VersionMismatch)) | tests/flow.rs: transition_refusals_hand_the_migration_back_intact; tests/rules.rs: release_rules | Build metadata alone is no new version. |
//! | "fallback behavior maintained" | the fallback window runs from the rollout ([`Migration::fallback_until`](crate::Migration::fallback_until)); [`Migration::complete`](crate::Migration::complete) refuses before it ([`Refusal::FallbackWindowRunning`](crate::Refusal::FallbackWindowRunning)); the fallback APIs, workflows and grant are validated ([`rules::check_fallback`](crate::rules::check_fallback)) | tests/flow.rs: happy_path_reaches_continuity_with_every_rite; tests/flow.rs: later_refusals_hand_the_migration_back_intact; tests/flow.rs: failed_validation_falls_back_is_remediated_and_completes | |
//! | "Step 6 — Monitoring" | [`Migration::monitor`](crate::Migration::monitor) in [`Stabilization`](crate::Stabilization) and [`Throttled`](crate::Throttled); [`health::score`](crate::health::score); [`HealthInputs::from_monitoring`](crate::HealthInputs::from_monitoring) | tests/flow.rs: health_bands_decide_the_outcome | |
//! | "workflow reliability" | [`health::workflow_reliability`](crate::health::workflow_reliability), feeding the stability component | tests/health.rs: monitoring_figures_derive_components | **Departure** (a reading): the seeds do not say which figure feeds which health component; [`health::Monitoring`](crate::health::Monitoring) documents the crate's choice. |
//! | "permission usage" | [`health::permission_usage_score`](crate::health::permission_usage_score), feeding ecosystem impact | tests/health.rs: monitoring_figures_derive_components | As above. |
//! | "API error rates" | [`health::api_error_score`](crate::health::api_error_score) against [`Policy::api_error_budget`](crate::Policy::api_error_budget) (crate default 1 %), feeding compatibility | tests/health.rs: monitoring_figures_derive_components | As above. |
//! | "Step 7 — Completion" | [`Migration::complete`](crate::Migration::complete), from [`Stabilization`](crate::Stabilization) only ([`CanComplete`](crate::CanComplete)) | tests/flow.rs: happy_path_reaches_continuity_with_every_rite; tests/ui.rs: illegal_transitions_do_not_compile (`ui/complete_from_*.rs`) | **Departure** (stricter): completion also needs a last reading of Reliable or better ([`Policy::completion_band`](crate::Policy::completion_band); [`Refusal::HealthNotSettled`](crate::Refusal::HealthNotSettled)) and no review pending ([`Refusal::ReviewRequired`](crate::Refusal::ReviewRequired)). |
//! | "fallback removed" | [`EventDetail::Released`](crate::EventDetail::Released) (Rite of Release); [`Migration::fallback_released`](crate::Migration::fallback_released) | tests/flow.rs: happy_path_reaches_continuity_with_every_rite | |
//! | "migration marked complete" | the [`Continuity`](crate::Continuity) stage; [`EventDetail::Completed`](crate::EventDetail::Completed) (Rite of Continuity) | tests/flow.rs: happy_path_reaches_continuity_with_every_rite | |
//! | "lifecycle updated" | [`EventDetail::Completed`](crate::EventDetail::Completed) records the lifecycle update: the target current, the origin retired, the next review one [`Policy::governance_interval_months`](crate::Policy::governance_interval_months) later | tests/flow.rs: completion_records_the_lifecycle_update; tests/records.rs: every_forged_record_is_refused_with_its_code (case "a lifecycle update retiring another version") | — |
//!
//! ## Playbook §5 — Compatibility Requirements
//!
//! | clause (seed words) | implemented by | proven by | notes |
//! |---|---|---|---|
//! | "Required: compatibility matrix alignment" | [`rules::CompatibilityMatrix`](crate::rules::CompatibilityMatrix) ([`Platform::matrix`](crate::Platform::matrix)); [`rules::Lint::MatrixUnaligned`](crate::rules::Lint::MatrixUnaligned) in the version dimension | tests/rules.rs: the_compatibility_matrix | The crate-level example shows a validation failing on an empty matrix (a doctest). |
//! | "fallback behavior" | §6: [`Evidence`](crate::Evidence)'s fallback APIs, workflows and grant; [`rules::check_fallback`](crate::rules::check_fallback) | tests/rules.rs: fallback_requirements | |
//! | "migration guides" | [`DocumentKind::MigrationGuide`](crate::DocumentKind::MigrationGuide), required for every kind | tests/rules.rs: documents_and_governance; tests/flow.rs: preparation_refusals_hand_the_migration_back_intact (a guide without location) | |
//! | "versioned rollout" | the release rules of [`rules::check_release`](crate::rules::check_release) ([`rules::Lint::UnversionedChange`](crate::rules::Lint::UnversionedChange), [`rules::Lint::BumpTooSmall`](crate::rules::Lint::BumpTooSmall), [`rules::Lint::VersionRegressed`](crate::rules::Lint::VersionRegressed), [`rules::Lint::PreReleaseTarget`](crate::rules::Lint::PreReleaseTarget)); the flow rolls out only a validated release | tests/rules.rs: release_rules; tests/flow.rs: transition_refusals_hand_the_migration_back_intact | |
//! | "Forbidden: silent breaking changes" | compatibility is computed from the contracts, never just declared; a breaking change needs a major bump: [`OpenRefusal::SilentBreakingChange`](crate::OpenRefusal::SilentBreakingChange), [`Refusal::SilentBreakingChange`](crate::Refusal::SilentBreakingChange), [`Refusal::CompatibilityContradicted`](crate::Refusal::CompatibilityContradicted), [`rules::Lint::SilentBreakingChange`](crate::rules::Lint::SilentBreakingChange) | tests/flow.rs: a_minor_bump_with_a_breaking_diff_is_refused_at_transition; tests/flow.rs: a_breaking_declaration_without_contracts_needs_a_major_bump; tests/flow.rs: the_mode_follows_the_evidence_not_the_declaration; tests/rules.rs: release_rules | Below 1.0, the Cargo convention: a minor step is the breaking bump. |
//! | "unversioned changes" | [`OpenRefusal::UnversionedChange`](crate::OpenRefusal::UnversionedChange), [`Refusal::UnversionedChange`](crate::Refusal::UnversionedChange), [`rules::Lint::UnversionedChange`](crate::rules::Lint::UnversionedChange) | tests/flow.rs: open_refusals_hand_the_notice_back; tests/flow.rs: transition_refusals_hand_the_migration_back_intact; tests/rules.rs: release_rules | |
//! | "runtime fragmentation" | [`rules::check_fragmentation`](crate::rules::check_fragmentation) against [`Policy::max_runtime_majors`](crate::Policy::max_runtime_majors) (default 1); [`rules::Lint::RuntimeFragmentation`](crate::rules::Lint::RuntimeFragmentation) | tests/rules.rs: runtime_fragmentation_and_support; tests/rules.rs: a_full_validation_report_for_a_person | The bound of one runtime major is the crate's default. |
//!
//! ## Playbook §6 — Fallback Behavior
//!
//! | clause (seed words) | implemented by | proven by | notes |
//! |---|---|---|---|
//! | "Required: fallback APIs" | [`Evidence::fallback_apis`](crate::Evidence::fallback_apis), [`rules::FallbackProvision`](crate::rules::FallbackProvision); [`rules::Lint::FallbackMissingApi`](crate::rules::Lint::FallbackMissingApi) in the capability dimension | tests/rules.rs: fallback_requirements; tests/flow.rs: failed_validation_falls_back_is_remediated_and_completes | |
//! | "fallback workflows" | [`Evidence::fallback_workflows`](crate::Evidence::fallback_workflows); [`rules::Lint::FallbackMissingWorkflow`](crate::rules::Lint::FallbackMissingWorkflow) | tests/rules.rs: fallback_requirements | |
//! | "fallback permissions (read‑only)" | [`Grants::fallback`](crate::Grants::fallback), checked by [`permission::BoundaryCheck::fallback`](crate::permission::BoundaryCheck::fallback) ([`permission::ViolationKind::FallbackNotReadOnly`](crate::permission::ViolationKind::FallbackNotReadOnly)); [`permission::PermissionSet::read_only_projection`](crate::permission::PermissionSet::read_only_projection) builds one; an empty one for a contract with operations or workflows is [`rules::Lint::FallbackEmptyGrant`](crate::rules::Lint::FallbackEmptyGrant) | tests/permission.rs: fallback_grants_are_read_only_and_never_wider; tests/rules.rs: an_empty_fallback_grant_for_a_contract_with_operations_fails_capability; tests/permission_props.rs: the_flow_never_accepts_a_widening_fallback; tests/flow.rs: transition_refusals_hand_the_migration_back_intact | A verb the [`permission::Catalog`](crate::permission::Catalog) does not declare counts as admin (tests/permission.rs: undeclared_verbs_count_as_admin). |
//! | "Fallback Duration: minimum 6 months" | [`Policy::fallback_min_months`](crate::Policy::fallback_min_months) (6, a floor: [`SeedFloor::FallbackMinMonths`](crate::SeedFloor::FallbackMinMonths)), in calendar months from the rollout ([`Policy::fallback_until`](crate::Policy::fallback_until)); [`Refusal::FallbackWindowRunning`](crate::Refusal::FallbackWindowRunning); [`rules::Lint::FallbackWindowTooShort`](crate::rules::Lint::FallbackWindowTooShort), [`rules::Lint::DeprecationWindowTooShort`](crate::rules::Lint::DeprecationWindowTooShort) | tests/policy.rs: defaults_are_the_seed_numbers; tests/policy.rs: deadlines_and_windows_use_calendar_arithmetic; tests/flow.rs: later_refusals_hand_the_migration_back_intact; tests/rules.rs: fallback_requirements; tests/rules.rs: deprecations_and_sunsets; tests/policy.rs: a_weaker_value_without_a_departure_is_refused_with_its_field; tests/policy.rs: a_weaker_value_with_a_departure_builds_and_carries_it | The window counts from the validated rollout, not from the shielded transition. A longer minimum is free; a shorter one only as a named departure with a reason ([`PolicyBuilder::departure`](crate::PolicyBuilder::departure)), which the policy carries ([`Policy::departures`](crate::Policy::departures)). |
//! | "recommended 12 months" | [`Policy::fallback_recommended_months`](crate::Policy::fallback_recommended_months) (12, a floor: [`SeedFloor::FallbackRecommendedMonths`](crate::SeedFloor::FallbackRecommendedMonths)); `below_recommended_window` of [`EventDetail::Completed`](crate::EventDetail::Completed); [`rules::Lint::FallbackWindowBelowRecommended`](crate::rules::Lint::FallbackWindowBelowRecommended) | tests/flow.rs: completing_below_the_recommended_window_carries_the_warning; tests/rules.rs: fallback_requirements; tests/policy.rs: a_weaker_value_without_a_departure_is_refused_with_its_field; tests/policy.rs: a_weaker_value_with_a_departure_builds_and_carries_it | **Departure** (a reading of "recommended"): completing between 6 and 12 months is allowed and carries a warning in the lineage; it is not refused. A policy recommending fewer than 12 months needs a named departure. |
//! | "Forbidden: fallback that expands permissions" | [`permission::ViolationKind::FallbackWider`](crate::permission::ViolationKind::FallbackWider); [`Refusal::FallbackGrant`](crate::Refusal::FallbackGrant) at transition | tests/permission.rs: fallback_grants_are_read_only_and_never_wider; tests/permission_props.rs: the_flow_never_accepts_a_widening_fallback; tests/permission_props.rs: the_fallback_law_sees_both_verdicts | |
//! | "fallback that bypasses governance" | [`Migration::fall_back`](crate::Migration::fall_back) needs a [`FallbackAuthority`](crate::FallbackAuthority): the approval of the body governing the category, or [`FallbackAuthority::Sanctioned`](crate::FallbackAuthority::Sanctioned) for a failed validation (from [`Rejected`](crate::Rejected)) or a throttle (from [`Throttled`](crate::Throttled)) if [`Policy::automatic_fallback`](crate::Policy::automatic_fallback); otherwise [`Refusal::UngovernedFallback`](crate::Refusal::UngovernedFallback). The authority is in the lineage. | tests/flow.rs: a_fallback_without_authorization_is_refused; tests/flow.rs: health_bands_decide_the_outcome; tests/records.rs: every_forged_record_is_refused_with_its_code (cases "a fallback approved by another body", "a partner request sanctioned without approval") | **Departure** (default): `automatic_fallback` is on, so the flow's own verdicts count as governed, a rule governance set in the policy. The forced restrictions ([`Migration::restrict`](crate::Migration::restrict), an Unstable reading, a forced collapse) are always sanctioned: they take no policy, so `automatic_fallback(false)` does not stop them. |
//!
//! ## Playbook §7 — Documentation Requirements
//!
//! [`DocumentKind::required_for`](crate::DocumentKind::required_for) gives the five required
//! documents, the same for every kind; [`Migration::prepare`](crate::Migration::prepare)
//! refuses a plan without one (or with a blank location), and
//! [`rules::check_documents`](crate::rules::check_documents) reports them in the version
//! dimension ([`rules::Lint::MissingDocument`](crate::rules::Lint::MissingDocument)).
//!
//! | clause (seed words) | implemented by | proven by | notes |
//! |---|---|---|---|
//! | "Required Documentation: migration guide" | [`DocumentKind::MigrationGuide`](crate::DocumentKind::MigrationGuide) | tests/flow.rs: preparation_refusals_hand_the_migration_back_intact (blank location); tests/rules.rs: documents_and_governance | |
//! | "compatibility notes" | [`DocumentKind::CompatibilityNotes`](crate::DocumentKind::CompatibilityNotes) | tests/flow.rs: preparation_refusals_hand_the_migration_back_intact; tests/rules.rs: documents_and_governance | |
//! | "version notes" | [`DocumentKind::VersionNotes`](crate::DocumentKind::VersionNotes) | tests/flow.rs: a_plan_missing_three_things_is_refused_once_naming_all_three; tests/rules.rs: an_attested_pass_makes_a_not_applicable_dimension_a_pass (all documents missing fail the version dimension) | |
//! | "workflow changes" | [`DocumentKind::WorkflowChanges`](crate::DocumentKind::WorkflowChanges) | tests/flow.rs: an_os_migration_without_a_workflow_change_note_is_refused_at_preparation; tests/rules.rs: documents_and_governance | **Departure** (a reading): required for every kind, also one that changes no workflow; "no change" is a valid note. |
//! | "permission changes" | [`DocumentKind::PermissionChanges`](crate::DocumentKind::PermissionChanges) | tests/rules.rs: documents_and_governance | As above. |
//! | "Optional Documentation: developer tutorials" | [`DocumentKind::DeveloperTutorial`](crate::DocumentKind::DeveloperTutorial), [`DocumentKind::is_optional`](crate::DocumentKind::is_optional); [`rules::Lint::OptionalDocumentMissing`](crate::rules::Lint::OptionalDocumentMissing) at info level | tests/rules.rs: documents_and_governance | |
//! | "partner onboarding guides" | [`DocumentKind::PartnerOnboardingGuide`](crate::DocumentKind::PartnerOnboardingGuide); info level | tests/rules.rs: documents_and_governance | |
//!
//! ## Playbook §8 — Validation Rules
//!
//! Every rule has a lint id and the seed's words ([`rules::Lint`](crate::rules::Lint)); the
//! [`rules`](crate::rules) page lists them all, with the dimension each lands in.
//!
//! | clause (seed words) | implemented by | proven by | notes |
//! |---|---|---|---|
//! | "Required Validation: API contract validation" | [`rules::diff_contracts`](crate::rules::diff_contracts) classifies every change with its severity and required bump; [`rules::check_release`](crate::rules::check_release) | tests/rules.rs: the_diff_classifies_every_change; tests/rules.rs: release_rules; tests/rules.rs: deprecations_and_sunsets | |
//! | "workflow validation" | the workflow dimension of [`rules::validate`](crate::rules::validate) | tests/rules.rs: a_full_validation_report_for_a_person | |
//! | "permission boundary validation" | [`permission::check`](crate::permission::check) (ceiling, denials overriding allows, SCO for new access, read-only fallback) | tests/permission.rs: each_violation_kind_is_named_with_its_permission; tests/permission_props.rs: a_grant_inside_the_ceiling_never_exceeds_it; tests/permission_props.rs: denial_agrees_with_every_concrete_pair | |
//! | "runtime compatibility validation" | [`rules::check_runtime_support`](crate::rules::check_runtime_support) for each component kind ([`rules::ComponentKind`](crate::rules::ComponentKind)) against [`Platform::supported_runtimes`](crate::Platform::supported_runtimes) | tests/rules.rs: runtime_fragmentation_and_support | |
//! | "Forbidden: unbounded permissions" | [`permission::ViolationKind::Unbounded`](crate::permission::ViolationKind::Unbounded), [`permission::ViolationKind::EscalationCapable`](crate::permission::ViolationKind::EscalationCapable) | tests/permission.rs: each_violation_kind_is_named_with_its_permission; tests/flow.rs: transition_refusals_hand_the_migration_back_intact | An escalation-capable verb counts as unbounded power. |
//! | "ungoverned workflows" | [`rules::Lint::UngovernedWorkflow`](crate::rules::Lint::UngovernedWorkflow) (a workflow no body governs, [`rules::Workflow::governed_by`](crate::rules::Workflow::governed_by)); ERC approval for kinds touching workflows | tests/rules.rs: documents_and_governance | |
//! | "incompatible runtimes" | [`rules::Lint::IncompatibleRuntime`](crate::rules::Lint::IncompatibleRuntime), for each component and for the contract's own runtime | tests/rules.rs: runtime_fragmentation_and_support; tests/rules.rs: the_contracts_own_runtime_must_be_supported | |
//!
//! ## Playbook §9 — Remediation Rules
//!
//! In the flow, [`Migration::remediate`](crate::Migration::remediate) takes a
//! [`FallenBack`](crate::FallenBack) migration through steps 1–3 back to
//! [`Preparation`](crate::Preparation); step 4 is the flow's own validation, and step 5 happens
//! when it passes. Outside the flow, [`rules::RemediationCase`](crate::rules::RemediationCase)
//! tracks the five steps in order. Both count the window with
//! [`rules::RemediationWindow`](crate::rules::RemediationWindow): from when the problem was found
//! (the forced trigger, the failed validation, the Unstable reading), met by passing
//! re-validation.
//!
//! | clause (seed words) | implemented by | proven by | notes |
//! |---|---|---|---|
//! | "Required Steps: 1. identify root cause" | [`Remediation::root_cause`](crate::Remediation::root_cause); [`rules::RemediationStep::IdentifyRootCause`](crate::rules::RemediationStep::IdentifyRootCause) | tests/flow.rs: later_refusals_hand_the_migration_back_intact (blank root cause); tests/rules.rs: remediation_steps_and_windows | |
//! | "2. submit remediation plan" | the [`Plan`](crate::Plan) given to [`Migration::remediate`](crate::Migration::remediate), checked as at preparation; [`rules::RemediationStep::SubmitPlan`](crate::rules::RemediationStep::SubmitPlan) | tests/rules.rs: remediation_steps_and_windows (steps in order) | No flow test remediates with an incomplete plan. |
//! | "3. implement fixes" | [`Remediation::fixes`](crate::Remediation::fixes); [`rules::RemediationStep::ImplementFixes`](crate::rules::RemediationStep::ImplementFixes) | tests/rules.rs: remediation_steps_and_windows | No flow test blanks the fixes (the check is the same as for the root cause). |
//! | "4. pass re‑validation" | [`Migration::validate`](crate::Migration::validate) again after the remediation; `revalidated_at` of [`rules::RemediationWindow`](crate::rules::RemediationWindow); [`rules::RemediationStep::PassRevalidation`](crate::rules::RemediationStep::PassRevalidation) | tests/flow.rs: a_severe_problem_is_overdue_from_its_window_until_revalidation; tests/flow.rs: failed_validation_falls_back_is_remediated_and_completes | |
//! | "5. restore full access" | a passed validation clears the restriction ([`Migration::is_restricted`](crate::Migration::is_restricted)); [`rules::RemediationStep::RestoreFullAccess`](crate::rules::RemediationStep::RestoreFullAccess) | tests/flow.rs: health_bands_decide_the_outcome; tests/flow.rs: a_severe_problem_is_overdue_from_its_window_until_revalidation; tests/rules.rs: remediation_steps_and_windows | |
//! | "Remediation Window: minor: 30 days" | [`Policy::remediation_minor_days`](crate::Policy::remediation_minor_days) (30, a floor: [`SeedFloor::RemediationMinorDays`](crate::SeedFloor::RemediationMinorDays)) | tests/policy.rs: defaults_are_the_seed_numbers; tests/policy.rs: a_weaker_value_without_a_departure_is_refused_with_its_field; tests/policy.rs: a_weaker_value_with_a_departure_builds_and_carries_it; tests/rules.rs: remediation_steps_and_windows; tests/flow.rs: failed_validation_falls_back_is_remediated_and_completes (counted from the failed validation) | Fewer days are free; more only as a named departure with a reason ([`PolicyBuilder::departure`](crate::PolicyBuilder::departure)); the same for the two rows below. |
//! | "moderate: 14 days" | [`Policy::remediation_moderate_days`](crate::Policy::remediation_moderate_days) (14, a floor: [`SeedFloor::RemediationModerateDays`](crate::SeedFloor::RemediationModerateDays)) | tests/policy.rs: a_weaker_value_without_a_departure_is_refused_with_its_field; tests/policy.rs: a_weaker_value_with_a_departure_builds_and_carries_it; tests/flow.rs: forced_migration_carries_its_deadline_and_needs_oversight; tests/flow.rs: a_forced_migration_is_restricted_until_revalidation; tests/rules.rs: remediation_steps_and_windows | |
//! | "severe: immediate + review" | [`Policy::remediation_severe_days`](crate::Policy::remediation_severe_days) (0, a floor: [`SeedFloor::RemediationSevereDays`](crate::SeedFloor::RemediationSevereDays)); [`Severity::needs_review`](crate::Severity::needs_review): a severe remediation needs the approval of the body governing the category; [`rules::RemediationCase::record_review`](crate::rules::RemediationCase::record_review) | tests/flow.rs: a_severe_problem_is_overdue_from_its_window_until_revalidation; tests/flow.rs: later_refusals_hand_the_migration_back_intact; tests/rules.rs: remediation_steps_and_windows; tests/policy.rs: a_weaker_value_without_a_departure_is_refused_with_its_field; tests/policy.rs: a_weaker_value_with_a_departure_builds_and_carries_it | **Departure** (a reading): "immediate" is a deadline at the moment the problem was found, so the remediation is overdue until re-validation passes; "review" is the governing body's approval. |
//!
//! ## Playbook §10 — Long‑Term Migration Governance
//!
//! | clause (seed words) | implemented by | proven by | notes |
//! |---|---|---|---|
//! | "Annual Tasks: migration review" | [`AnnualTask::MigrationReview`](crate::AnnualTask::MigrationReview) in [`rules::GovernanceCalendar`](crate::rules::GovernanceCalendar), due every [`Policy::governance_interval_months`](crate::Policy::governance_interval_months) (12, a floor: [`SeedFloor::GovernanceIntervalMonths`](crate::SeedFloor::GovernanceIntervalMonths)); [`rules::Lint::GovernanceTaskOverdue`](crate::rules::Lint::GovernanceTaskOverdue) | tests/rules.rs: the_annual_calendar; tests/vocabulary.rs: dimensions_evolution_severity_and_tasks_exist; tests/policy.rs: a_weaker_value_without_a_departure_is_refused_with_its_field; tests/policy.rs: a_weaker_value_with_a_departure_builds_and_carries_it | **Departure**: the crate tracks when each task is due and flags it overdue; the tasks themselves are people's work. A shorter interval is free; a longer one only as a named departure with a reason. |
//! | "compatibility update" | [`AnnualTask::CompatibilityUpdate`](crate::AnnualTask::CompatibilityUpdate) | tests/rules.rs: the_annual_calendar | |
//! | "lifecycle update" | [`AnnualTask::LifecycleUpdate`](crate::AnnualTask::LifecycleUpdate); each completion also records one ([`EventDetail::Completed`](crate::EventDetail::Completed)) | tests/rules.rs: the_annual_calendar | |
//! | "sustainability review" | [`AnnualTask::SustainabilityReview`](crate::AnnualTask::SustainabilityReview) | tests/rules.rs: the_annual_calendar | |
//! | "Governance Bodies: TSC (technical)" | [`GovernanceBody::Tsc`](crate::GovernanceBody::Tsc): governs structural migrations | tests/vocabulary.rs: categories_are_governed_by_the_framework_bodies; tests/flow.rs: preparation_refusals_hand_the_migration_back_intact (a guided API migration needs TSC) | |
//! | "SCO (security & compliance)" | [`GovernanceBody::Sco`](crate::GovernanceBody::Sco): permission migrations, any new access, security and compliance violations | tests/rules.rs: documents_and_governance; tests/flow.rs: expansion_needs_sco_at_transition | |
//! | "ERC (workflow)" | [`GovernanceBody::Erc`](crate::GovernanceBody::Erc): workflow migrations and every kind touching workflows | tests/vocabulary.rs: categories_are_governed_by_the_framework_bodies | No test requires ERC's approval for a workflow kind. |
//! | "CGB (ecosystem)" | [`GovernanceBody::Cgb`](crate::GovernanceBody::Cgb): capability and intelligence migrations | tests/vocabulary.rs: categories_are_governed_by_the_framework_bodies; tests/flow.rs: a_breaking_declaration_without_contracts_needs_a_major_bump | **Departure** (default): the seeds give no authority for capability and intelligence migrations; CGB, the body for the ecosystem, governs both ([`Category::governing_body`](crate::Category::governing_body)). |
//!
//! ## Playbook §11 — Summary
//!
//! | clause (seed words) | implemented by | proven by | notes |
//! |---|---|---|---|
//! | "ensures: safe partner migrations" | a shielded transition, validation before rollout, a governed fallback | tests/flow.rs: happy_path_reaches_continuity_with_every_rite; tests/flow.rs: failed_validation_falls_back_is_remediated_and_completes | |
//! | "predictable evolution" | the typestate flow; pure functions | tests/ui.rs: illegal_transitions_do_not_compile; tests/flow_props.rs: lineage_tells_the_story_of_successful_calls | |
//! | "stable workflows" | as in §1 | the rows of §1 | |
//! | "strong governance" | [`required_approvals`](crate::required_approvals), [`FallbackAuthority`](crate::FallbackAuthority); a history correction names its approving body ([`MigrationRecord::amend`](crate::MigrationRecord::amend)) | tests/flow.rs: a_fallback_without_authorization_is_refused; tests/records.rs: an_amendment_resumes_under_an_anchor_that_covers_it | |
//! | "long‑term ecosystem integrity" | the tamper-evident [`Lineage`](crate::Lineage) and its [`Anchor`](crate::Anchor); [`graph::VersionGraph::suspicious_cycles`](crate::graph::VersionGraph::suspicious_cycles) | tests/records.rs: the_anchored_load_refuses_a_rewritten_history; tests/graph.rs: a_non_fallback_cycle_is_reported | |
//! | "This is the backbone of the KWANUS OS partner migration system." | not modelled: no behaviour to check | — | A claim about the document. |
//!
//! # The framework
//!
//! ## Framework, preamble
//!
//! | clause (seed words) | implemented by | proven by | notes |
//! |---|---|---|---|
//! | "The complete migration system, migration types, migration flows, migration lineage, migration governance, and ceremonial migration rites" | the crate as a whole | the rows below | The title sentence. |
//! | "This framework defines: migration philosophy" | — | the rows of §1 | An index bullet. |
//! | "migration categories" | [`Category`](crate::Category) | the rows of §2 | An index bullet. |
//! | "migration types" | [`Mode`](crate::Mode) | the rows of §3 | An index bullet. |
//! | "migration flows" | [`Migration`](crate::Migration), [`StageName`](crate::StageName) | the rows of §4 | An index bullet. |
//! | "migration lineage" | [`Lineage`](crate::Lineage), [`MigrationRecord`](crate::MigrationRecord) | the rows of §5 | An index bullet. |
//! | "migration evolution" | [`Evolution`](crate::Evolution) | the rows of §5 | An index bullet. |
//! | "migration governance" | [`GovernanceBody`](crate::GovernanceBody), [`Category::governing_body`](crate::Category::governing_body) | the rows of §6 | An index bullet. |
//! | "migration validation" | [`Dimension`](crate::Dimension), [`rules::validate`](crate::rules::validate) | the rows of §6 | An index bullet. |
//! | "migration compatibility" | [`Compatibility`](crate::Compatibility) | the rows of §7 | An index bullet. |
//! | "migration sustainability" | [`health::detect_collapse`](crate::health::detect_collapse) | the rows of §7 | An index bullet. |
//! | "migration protection" | [`Transition`](crate::Transition), [`Anchor`](crate::Anchor) | the rows of §9 | An index bullet. |
//! | "migration health" | [`health`](mod@crate::health) | the rows of §8 | An index bullet. |
//! | "ceremonial migration rites" | [`Rite`](crate::Rite) | the rows of §10 | An index bullet. |
//! | "It is the migration backbone of the partner universe." | not modelled: no behaviour to check | — | A claim about the document. |
//!
//! ## Framework §1 — Migration Philosophy
//!
//! | clause (seed words) | implemented by | proven by | notes |
//! |---|---|---|---|
//! | "Migration in the partner universe must be: safe" | the shielded [`Transition`](crate::Transition), [`Migration::validate`](crate::Migration::validate) before rollout, a governed [`Migration::fall_back`](crate::Migration::fall_back); the crate fails closed and never panics | tests/flow.rs: happy_path_reaches_continuity_with_every_rite; tests/health.rs: extreme_times_never_panic | |
//! | "reversible" | [`Migration::fall_back`](crate::Migration::fall_back) from every stage once the release exists ([`CanFallBack`](crate::CanFallBack)) | tests/flow.rs: failed_validation_falls_back_is_remediated_and_completes; tests/flow.rs: later_refusals_hand_the_migration_back_intact | After completion the fallback is released and there is no way back (tests/ui.rs: illegal_transitions_do_not_compile, `ui/fall_back_from_continuity.rs`). |
//! | "ceremonial" | the [`Rite`](crate::Rite) recorded with each step's event ([`EventDetail::rite`](crate::EventDetail::rite), the `rite` of [`Event`](crate::Event)) | tests/flow.rs: happy_path_reaches_continuity_with_every_rite; tests/vocabulary.rs: rites_carry_the_framework_words | See §10. |
//! | "emotionally intelligent" | not modelled: no behaviour to check | no test | **Departure**: the crate has nothing that could honestly be called emotional intelligence, and invents no stand-in. |
//! | "lifecycle-aware" | the lifecycle update at completion ([`EventDetail::Completed`](crate::EventDetail::Completed)); [`AnnualTask::LifecycleUpdate`](crate::AnnualTask::LifecycleUpdate); the stage of every migration ([`StageName`](crate::StageName)) | tests/records.rs: every_forged_record_is_refused_with_its_code (case "a lifecycle update retiring another version"); tests/rules.rs: the_annual_calendar | |
//! | "trust-aware" | read as: trust evidence, not declarations. Compatibility is computed from contracts and a contradicting declaration is refused; attestations and approvals name who signed; a record resumes only under an [`Anchor`](crate::Anchor) | tests/flow.rs: the_mode_follows_the_evidence_not_the_declaration; tests/records.rs: the_anchored_load_refuses_a_rewritten_history | **Departure** (a reading): the crate keeps no trust score of partners. |
//! | "compatibility-aware" | [`Compatibility`](crate::Compatibility) from [`rules::compatibility_of`](crate::rules::compatibility_of); [`Mode::for_change`](crate::Mode::for_change) | tests/flow.rs: the_mode_follows_the_evidence_not_the_declaration; tests/vocabulary.rs: mode_follows_trigger_class_and_compatibility | |
//! | "sustainability-aware" | the sustainability component of [`health::score`](crate::health::score); [`health::detect_collapse`](crate::health::detect_collapse); [`AnnualTask::SustainabilityReview`](crate::AnnualTask::SustainabilityReview) | tests/health.rs: a_sharp_drop_fires_a_single_noisy_sample_does_not; tests/flow.rs: a_collapse_ends_in_throttling_or_restriction_in_the_lineage | |
//! | "lineage-tracked" | the [`Lineage`](crate::Lineage): every step appends an event, a refused step appends nothing | tests/flow_props.rs: lineage_tells_the_story_of_successful_calls | See §5. |
//! | "Migration is not movement — it is cosmic transition." | not modelled: no behaviour to check | — | Rhetoric. |
//!
//! ## Framework §2 — Migration Categories
//!
//! | clause (seed words) | implemented by | proven by | notes |
//! |---|---|---|---|
//! | "The partner universe contains five migration categories" | [`Category`](crate::Category), [`Category::ALL`](crate::Category::ALL); every category is reached by some [`MigrationKind`](crate::MigrationKind) | tests/vocabulary.rs: kinds_map_to_families_and_categories | |
//! | "Structural Migration" | [`Category::Structural`](crate::Category::Structural): OS and API versions, extension runtimes | tests/vocabulary.rs: kinds_map_to_families_and_categories | |
//! | "Capability Migration" | [`Category::Capability`](crate::Category::Capability): tier upgrades and downgrades | tests/vocabulary.rs: kinds_map_to_families_and_categories | |
//! | "Permission Migration" | [`Category::Permission`](crate::Category::Permission): the permission kinds and workflow permissions | tests/vocabulary.rs: kinds_map_to_families_and_categories | |
//! | "Workflow Migration" | [`Category::Workflow`](crate::Category::Workflow): workflow versions, runtimes, triggers, handlers | tests/vocabulary.rs: kinds_map_to_families_and_categories | |
//! | "Intelligence Migration" | [`Category::Intelligence`](crate::Category::Intelligence): intelligence runtimes | tests/vocabulary.rs: kinds_map_to_families_and_categories | |
//! | "Each category governs a different dimension of transition." | [`MigrationKind::category`](crate::MigrationKind::category) and [`Category::governing_body`](crate::Category::governing_body) | tests/vocabulary.rs: categories_are_governed_by_the_framework_bodies | **Departure** (a reading): the categories are not the six validation dimensions of §6 ([`Dimension`](crate::Dimension)): every migration is validated on all six, and its category decides which body governs it. |
//!
//! ## Framework §3 — Migration Types
//!
//! The framework's types are the [`Mode`](crate::Mode) of a migration: a new one is soft, guided
//! or forced ([`Mode::for_change`](crate::Mode::for_change)); one that falls back is in fallback
//! mode until it is remediated.
//!
//! | clause (seed words) | implemented by | proven by | notes |
//! |---|---|---|---|
//! | "There are four migration types, each with its own rules" | [`Mode`](crate::Mode), [`Mode::ALL`](crate::Mode::ALL) | tests/vocabulary.rs: mode_follows_trigger_class_and_compatibility | |
//! | "Soft Migration: minimal change" | [`Mode::Soft`](crate::Mode::Soft): a backward-compatible change from a required or optional trigger; no approval needed ([`Mode::needs_oversight`](crate::Mode::needs_oversight)) | tests/vocabulary.rs: mode_follows_trigger_class_and_compatibility | **Departure** (a reading): "minimal" is not measured; soft means backward compatible. |
//! | "Soft: backward compatible" | [`Refusal::SoftBreakingChange`](crate::Refusal::SoftBreakingChange): a breaking release never runs as soft; [`rules::validate`](crate::rules::validate) fails it too ([`rules::Lint::SoftBreakingChange`](crate::rules::Lint::SoftBreakingChange)) | tests/flow.rs: transition_refusals_hand_the_migration_back_intact; tests/flow.rs: the_mode_follows_the_evidence_not_the_declaration; tests/rules.rs: soft_mode_over_a_breaking_change_fails_the_version_dimension | |
//! | "Soft: reversible" | [`Migration::fall_back`](crate::Migration::fall_back), for every mode | tests/flow.rs: later_refusals_hand_the_migration_back_intact (a soft migration falls back on a TSC approval) | |
//! | "Guided Migration: OS assists partner" | what the OS gives the partner: the classified diff ([`rules::diff_contracts`](crate::rules::diff_contracts), each [`rules::Change`](crate::rules::Change) with its lint, severity and required bump) and the validation report with the seed's words ([`Migration::validation_report`](crate::Migration::validation_report) as a dry run) | tests/rules.rs: the_diff_classifies_every_change; tests/rules.rs: a_full_validation_report_for_a_person | **Departure** (a reading): assistance is explanation; the crate does nothing interactive. |
//! | "Guided: compatibility mapping required" | [`Plan::compatibility_mapping`](crate::Plan::compatibility_mapping) ([`MappingEntry`](crate::MappingEntry)), required by [`Migration::prepare`](crate::Migration::prepare) in guided mode | tests/flow.rs: preparation_refusals_hand_the_migration_back_intact; tests/flow.rs: a_plan_missing_three_things_is_refused_once_naming_all_three | |
//! | "Guided: governance oversight" | [`Mode::needs_oversight`](crate::Mode::needs_oversight); [`required_approvals`](crate::required_approvals) names the body governing the category | tests/flow.rs: preparation_refusals_hand_the_migration_back_intact (TSC, signed, not from the future); tests/flow.rs: a_plan_missing_three_things_is_refused_once_naming_all_three | |
//! | "Forced Migration: triggered by incompatibility" | [`Trigger::Incompatibility`](crate::Trigger::Incompatibility), raised on a live partner by [`rules::detect_live`](crate::rules::detect_live) when the matrix puts its version on another OS | tests/flow.rs: a_live_incompatibility_opens_a_forced_migration; tests/flow.rs: a_forced_migration_is_restricted_until_revalidation | A forced migration needs a severity, runs its remediation window from the notice, is restricted until re-validation passes and needs the governing body's approval. |
//! | "Forced: triggered by version mismatch" | [`Trigger::VersionMismatch`](crate::Trigger::VersionMismatch), raised by [`rules::detect_live`](crate::rules::detect_live) when the matrix does not list the partner's version | tests/vocabulary.rs: triggers_have_the_playbook_classes (forced); doctest of rules::detect_live | No integration test raises it. Not to be confused with [`Refusal::VersionMismatch`](crate::Refusal::VersionMismatch), a release that is not the target. |
//! | "Forced: triggered by sustainability collapse" | [`Trigger::SustainabilityCollapse`](crate::Trigger::SustainabilityCollapse), raised by [`health::detect_collapse`](crate::health::detect_collapse) ([`health::Collapse`](crate::health::Collapse)) | tests/health.rs: a_sharp_drop_fires_a_single_noisy_sample_does_not; tests/flow.rs: a_collapse_ends_in_throttling_or_restriction_in_the_lineage | |
//! | "Fallback Migration: partner returns to previous stable version" | [`Migration::fall_back`](crate::Migration::fall_back) to the origin (`to` of [`EventDetail::FellBack`](crate::EventDetail::FellBack)), in [`Mode::Fallback`](crate::Mode::Fallback); [`graph::VersionGraph::fallback_target`](crate::graph::VersionGraph::fallback_target) | tests/flow.rs: failed_validation_falls_back_is_remediated_and_completes; tests/graph.rs: a_fallback_leads_to_the_previous_stable_version | |
//! | "Fallback: used when migration fails" | [`FallbackReason::ValidationFailed`](crate::FallbackReason::ValidationFailed) from [`Rejected`](crate::Rejected), sanctioned; [`Migration::restrict`](crate::Migration::restrict) | tests/flow.rs: failed_validation_falls_back_is_remediated_and_completes; tests/flow.rs: a_severe_problem_is_overdue_from_its_window_until_revalidation | |
//! | "Fallback: used when compatibility breaks" | [`FallbackReason::CompatibilityBroken`](crate::FallbackReason::CompatibilityBroken), on the governing body's approval | tests/flow.rs: a_broken_compatibility_falls_back_with_the_governing_body_approval | A break found at validation is the failed-validation fallback above. |
//!
//! ## Framework §4 — Migration Flows
//!
//! Each step is a stage type; each transition consumes the migration and returns it in the next
//! stage, so a step out of order does not compile, and a refused step hands it back unchanged.
//!
//! | clause (seed words) | implemented by | proven by | notes |
//! |---|---|---|---|
//! | "Migration flows follow a six-step migration grammar" (Detection → Preparation → Transition → Validation → Stabilization → Continuity) | [`Migration`](crate::Migration) with the sealed [`Stage`](crate::Stage); [`StageName`](crate::StageName) | tests/ui.rs: illegal_transitions_do_not_compile; tests/flow.rs: happy_path_reaches_continuity_with_every_rite; tests/flow_props.rs: random_runs_reach_every_stage | The crate adds three stages off the main line: [`Rejected`](crate::Rejected), [`Throttled`](crate::Throttled), [`FallenBack`](crate::FallenBack). |
//! | "1. Detection: OS identifies need for migration." | [`Migration::open`](crate::Migration::open) → [`Detection`](crate::Detection); the OS's own detectors [`rules::detect_live`](crate::rules::detect_live) and [`health::detect_collapse`](crate::health::detect_collapse) | tests/flow.rs: happy_path_reaches_continuity_with_every_rite; tests/flow.rs: a_live_incompatibility_opens_a_forced_migration | |
//! | "2. Preparation: Partner aligns capabilities, permissions, and workflows." | [`Migration::prepare`](crate::Migration::prepare) → [`Preparation`](crate::Preparation): the plan, its documents (permission and workflow changes among them), the compatibility mapping, the approvals | tests/flow.rs: preparation_refusals_hand_the_migration_back_intact; tests/flow.rs: the_plan_is_recorded_with_locations_and_signers | |
//! | "3. Transition: The migration occurs." | [`Migration::transition`](crate::Migration::transition) → [`Transition`](crate::Transition): the release in a shielded runtime, at most [`Policy::max_canary_percent`](crate::Policy::max_canary_percent) canary, not rolled out | tests/flow.rs: happy_path_reaches_continuity_with_every_rite; tests/flow.rs: transition_refusals_hand_the_migration_back_intact | See §9, shielding. |
//! | "4. Validation: Compatibility and sustainability are verified." | [`Migration::validate`](crate::Migration::validate) → [`Validation`](crate::Validation) (rolled out) or [`Rejected`](crate::Rejected) | tests/flow.rs: happy_path_reaches_continuity_with_every_rite; tests/flow.rs: failed_validation_falls_back_is_remediated_and_completes | **Departure**: validation verifies compatibility from the evidence; sustainability is measured live, so the first health reading after the rollout ([`Migration::stabilize`](crate::Migration::stabilize)) verifies it. |
//! | "5. Stabilization: Partner adjusts to the new version/state." | [`Migration::stabilize`](crate::Migration::stabilize) → [`Stabilization`](crate::Stabilization) (or [`Throttled`](crate::Throttled), or a forced restriction); [`Migration::monitor`](crate::Migration::monitor); [`Migration::review`](crate::Migration::review) | tests/flow.rs: health_bands_decide_the_outcome | |
//! | "6. Continuity: Partner resumes normal operation." | [`Migration::complete`](crate::Migration::complete) → [`Continuity`](crate::Continuity), terminal | tests/flow.rs: happy_path_reaches_continuity_with_every_rite | |
//!
//! ## Framework §5 — Migration Lineage & Evolution
//!
//! | clause (seed words) | implemented by | proven by | notes |
//! |---|---|---|---|
//! | "Lineage: Tracks the origin version" | `origin` of [`EventDetail::Opened`](crate::EventDetail::Opened) and of the [`MigrationRecord`](crate::MigrationRecord) header | tests/records.rs: every_forged_record_is_refused_with_its_code (case "header origin"); tests/records.rs: every_record_resumes_to_the_same_stage_and_json | |
//! | "destination version" | `target` of [`EventDetail::Opened`](crate::EventDetail::Opened); `version` of [`EventDetail::Transitioned`](crate::EventDetail::Transitioned) | tests/records.rs: every_forged_record_is_refused_with_its_code (cases "header target", "released version is not the target") | |
//! | "migration type" | `kind` and `mode` of [`EventDetail::Opened`](crate::EventDetail::Opened) and of the record header | tests/records.rs: every_forged_record_is_refused_with_its_code (cases "header kind", "header mode") | |
//! | "and all validation/fallback events" | [`EventDetail::ValidationPassed`](crate::EventDetail::ValidationPassed) and [`EventDetail::ValidationFailed`](crate::EventDetail::ValidationFailed) (each dimension, computed or attested), [`EventDetail::FellBack`](crate::EventDetail::FellBack) (reason, version, restriction, authority), [`EventDetail::Throttled`](crate::EventDetail::Throttled), [`EventDetail::Remediated`](crate::EventDetail::Remediated) | tests/flow.rs: failed_validation_falls_back_is_remediated_and_completes; tests/flow.rs: attested_results_show_in_the_lineage_as_attested; tests/flow.rs: a_fallback_without_authorization_is_refused | |
//! | "It is the story of transition." | [`Lineage`](crate::Lineage), [`Lineage::to_mermaid`](crate::Lineage::to_mermaid); [`MigrationRecord`](crate::MigrationRecord), specified on the [`format`](mod@crate::format) page; across partners, [`graph::VersionGraph`](crate::graph::VersionGraph) | tests/flow_props.rs: lineage_tells_the_story_of_successful_calls; tests/graph.rs: pictures; tests/vectors.rs: the_worked_example_of_the_format_page_holds | |
//! | "Evolution: Migration capabilities evolve through Expansion" | [`Evolution::Expansion`](crate::Evolution::Expansion), a name | tests/vocabulary.rs: dimensions_evolution_severity_and_tasks_exist | **Departure**: the seeds give these four stages no rule, so they are vocabulary only. |
//! | "Enhancement" | [`Evolution::Enhancement`](crate::Evolution::Enhancement), a name | tests/vocabulary.rs: dimensions_evolution_severity_and_tasks_exist | As above. |
//! | "Transformation" | [`Evolution::Transformation`](crate::Evolution::Transformation), a name | tests/vocabulary.rs: dimensions_evolution_severity_and_tasks_exist | As above. |
//! | "Fusion" | [`Evolution::Fusion`](crate::Evolution::Fusion), a name | tests/vocabulary.rs: dimensions_evolution_severity_and_tasks_exist | As above. |
//! | "and Illumination (predictive intelligence)" | [`Evolution::Illumination`](crate::Evolution::Illumination) is [`health::forecast`](crate::health::forecast): a least-squares trend and when health will cross into the next band down, with a range ([`health::Forecast`](crate::health::Forecast)) | tests/health.rs: forecast_recovers_known_slopes | |
//!
//! ## Framework §6 — Migration Governance & Validation
//!
//! | clause (seed words) | implemented by | proven by | notes |
//! |---|---|---|---|
//! | "TSC → Structural authority." | [`Category::governing_body`](crate::Category::governing_body): structural → [`GovernanceBody::Tsc`](crate::GovernanceBody::Tsc) | tests/vocabulary.rs: categories_are_governed_by_the_framework_bodies | The authority acts through [`required_approvals`](crate::required_approvals) (guided and forced modes), [`FallbackAuthority::Approved`](crate::FallbackAuthority::Approved) (only that body's approval authorizes a fallback) and a severe remediation's review. |
//! | "ERC → Workflow authority." | workflow → [`GovernanceBody::Erc`](crate::GovernanceBody::Erc) | tests/vocabulary.rs: categories_are_governed_by_the_framework_bodies | As above. |
//! | "SCO → Permission authority." | permission → [`GovernanceBody::Sco`](crate::GovernanceBody::Sco) | tests/vocabulary.rs: categories_are_governed_by_the_framework_bodies; tests/flow.rs: forced_migration_carries_its_deadline_and_needs_oversight | As above. |
//! | "Validation: Must pass across version … dimensions" | [`Dimension::Version`](crate::Dimension::Version): release rules, the compatibility matrix, the documents | tests/rules.rs: an_attested_pass_makes_a_not_applicable_dimension_a_pass | The crate-level example shows an empty matrix failing it (a doctest). |
//! | "structure" | [`Dimension::Structure`](crate::Dimension::Structure): operation changes, extension runtimes, runtime fragmentation | tests/rules.rs: a_full_validation_report_for_a_person | |
//! | "capability" | [`Dimension::Capability`](crate::Dimension::Capability): what the partner can still do, the fallback APIs, workflows and window | tests/flow.rs: failed_validation_falls_back_is_remediated_and_completes | |
//! | "permission" | [`Dimension::Permission`](crate::Dimension::Permission): the boundary on the new and the fallback grant, SCO approval, security validation | tests/rules.rs: a_full_validation_report_for_a_person; tests/flow.rs: attested_results_show_in_the_lineage_as_attested | No test fails the permission dimension inside a validation (the flow refuses a bad grant earlier, at transition). |
//! | "workflow" | [`Dimension::Workflow`](crate::Dimension::Workflow): workflow changes, ungoverned workflows, workflow runtimes, ERC approval | tests/rules.rs: a_full_validation_report_for_a_person; tests/flow.rs: a_fallback_without_authorization_is_refused (an attested workflow failure rejects) | |
//! | "and intelligence dimensions" | [`Dimension::Intelligence`](crate::Dimension::Intelligence): intelligence runtimes | tests/rules.rs: an_attested_pass_makes_a_not_applicable_dimension_a_pass; tests/rules.rs: a_full_validation_report_for_a_person | |
//! | "before stabilization is finalized" | [`Migration::stabilize`](crate::Migration::stabilize) exists only on a validated migration; a report always covers all six ([`ValidationReport::results`](crate::ValidationReport::results)) | tests/rules.rs: a_full_validation_report_for_a_person ("all six dimensions are covered"); tests/records.rs: every_forged_record_is_refused_with_its_code (cases "a passed validation missing a dimension", "a passed validation with a failed dimension"); tests/ui.rs: illegal_transitions_do_not_compile (`ui/skip_step.rs`) | **Departure** (fail closed): besides pass and fail, a dimension can be [`Verdict::NotApplicable`](crate::Verdict::NotApplicable) (nothing in it is touched) or [`Verdict::Unverified`](crate::Verdict::Unverified) (neither computed nor attested), which does not pass. |
//!
//! ## Framework §7 — Migration Compatibility & Sustainability
//!
//! | clause (seed words) | implemented by | proven by | notes |
//! |---|---|---|---|
//! | "Compatibility: Migration must maintain all resonance strands." | read as every compatibility check of validation: the contract diff, the matrix, the runtimes, the fallback | tests/rules.rs: a_full_validation_report_for_a_person | **Departure** (a reading): the seeds do not define "resonance strands"; the crate models no strands beyond this evidence. |
//! | "Failure triggers fallback or restriction." | a failed validation gives [`Validated::Failed`](crate::Validated::Failed) holding a [`Rejected`](crate::Rejected) migration, which can only [`Migration::fall_back`](crate::Migration::fall_back) or [`Migration::restrict`](crate::Migration::restrict) | tests/flow.rs: failed_validation_falls_back_is_remediated_and_completes; tests/flow.rs: a_severe_problem_is_overdue_from_its_window_until_revalidation; tests/ui.rs: illegal_transitions_do_not_compile (`ui/rejected_cannot_stay.rs`); tests/records.rs: every_forged_record_is_refused_with_its_code (case "staying rejected") | |
//! | "Sustainability: Migration must maintain ecosystem health." | [`health::score`](crate::health::score) on every reading ([`Migration::stabilize`](crate::Migration::stabilize), [`Migration::monitor`](crate::Migration::monitor)) | tests/flow.rs: health_bands_decide_the_outcome | |
//! | "Metrics collapse during transition triggers forced migration or throttling." | [`health::detect_collapse`](crate::health::detect_collapse) (a drop of [`Policy::collapse_drop`](crate::Policy::collapse_drop) points seen in both a short and a long window) and [`Migration::collapse`](crate::Migration::collapse): [`health::CollapseResponse::Throttle`](crate::health::CollapseResponse::Throttle) gives [`Reaction::Throttled`](crate::Reaction::Throttled); [`health::CollapseResponse::ForcedMigration`](crate::health::CollapseResponse::ForcedMigration) gives [`Reaction::Restricted`](crate::Reaction::Restricted) | tests/flow.rs: a_collapse_ends_in_throttling_or_restriction_in_the_lineage; tests/health.rs: a_sharp_drop_fires_a_single_noisy_sample_does_not | **Departure** (a reading): "during transition" is while the release is live ([`Live`](crate::Live): Validation, Stabilization, Throttled); a shielded transition has no live metrics (tests/ui.rs: illegal_transitions_do_not_compile, `ui/monitor_before_rollout.rs`). "Forced migration" is the forced restriction, whose remediation is the forced migration that follows; the collapse's trigger can also open a new forced migration. The windows (20 points, 1 h and 6 h) are crate defaults. |
//!
//! ## Framework §8 — Migration Health
//!
//! | clause (seed words) | implemented by | proven by | notes |
//! |---|---|---|---|
//! | "Migration health is measured across stability, compatibility, sustainability, and ecosystem impact." | [`HealthInputs`](crate::HealthInputs), [`health::Component`](crate::health::Component); [`health::score`](crate::health::score) is their weighted mean (equal weights by default) with an explanation per component ([`HealthReport::breakdown`](crate::HealthReport::breakdown)) | tests/health.rs: breakdown_explains_every_point; tests/health_props.rs: score_is_bounded_and_points_sum_to_it | **Departure** (fail closed): a missing component counts as 0, and below [`Policy::min_observed_weight`](crate::Policy::min_observed_weight) the report says "insufficient data" and asks for review; the flow then treats the band as no better than Vulnerable (tests/health.rs: missing_data_fails_closed; tests/flow.rs: health_bands_decide_the_outcome). |
//! | "90–100, Stable, Optimal Transition" | [`Band::Stable`](crate::Band::Stable), [`Action::OptimalTransition`](crate::Action::OptimalTransition), edge [`Policy::band_stable`](crate::Policy::band_stable) (90, a floor: [`SeedFloor::BandStable`](crate::SeedFloor::BandStable)); the migration stabilizes ([`HealthOutcome::Steady`](crate::HealthOutcome::Steady)) | tests/health.rs: every_row_and_edge_of_the_seed_table; tests/flow.rs: happy_path_reaches_continuity_with_every_rite; tests/policy.rs: a_weaker_value_without_a_departure_is_refused_with_its_field; tests/policy.rs: a_weaker_value_with_a_departure_builds_and_carries_it | Bands by `score >= edge`, never by rounding up (89.999 is Reliable). A higher edge is free; a lower one only as a named departure with a reason. |
//! | "75–89, Reliable, Standard Monitoring" | [`Band::Reliable`](crate::Band::Reliable), [`Action::StandardMonitoring`](crate::Action::StandardMonitoring); steady, monitored by [`Migration::monitor`](crate::Migration::monitor); edge [`Policy::band_reliable`](crate::Policy::band_reliable) (75, a floor: [`SeedFloor::BandReliable`](crate::SeedFloor::BandReliable)) | tests/health.rs: every_row_and_edge_of_the_seed_table; tests/flow.rs: happy_path_reaches_continuity_with_every_rite; tests/policy.rs: a_weaker_value_without_a_departure_is_refused_with_its_field; tests/policy.rs: a_weaker_value_with_a_departure_builds_and_carries_it | Completion needs a last reading of Reliable or better. A higher edge is free; a lower one only as a named departure with a reason. |
//! | "60–74, Vulnerable, Review Required" | [`Band::Vulnerable`](crate::Band::Vulnerable), [`Action::ReviewRequired`](crate::Action::ReviewRequired); steady, but [`Migration::review_pending`](crate::Migration::review_pending) until [`Migration::review`](crate::Migration::review) records a [`Review`](crate::Review); completion refused before ([`Refusal::ReviewRequired`](crate::Refusal::ReviewRequired)); edge [`Policy::band_vulnerable`](crate::Policy::band_vulnerable) (60, a floor: [`SeedFloor::BandVulnerable`](crate::SeedFloor::BandVulnerable)) | tests/health.rs: every_row_and_edge_of_the_seed_table; tests/flow.rs: later_refusals_hand_the_migration_back_intact; tests/policy.rs: a_weaker_value_without_a_departure_is_refused_with_its_field; tests/policy.rs: a_weaker_value_with_a_departure_builds_and_carries_it | A review alone does not complete: a Reliable reading is needed as well. A higher edge is free; a lower one only as a named departure with a reason. |
//! | "40–59, At Risk, Fallback / Throttling" | [`Band::AtRisk`](crate::Band::AtRisk), [`Action::FallbackOrThrottle`](crate::Action::FallbackOrThrottle); the [`Throttled`](crate::Throttled) stage ([`HealthOutcome::AtRisk`](crate::HealthOutcome::AtRisk)), which recovers with a steady reading or falls back, sanctioned ([`FallbackReason::HealthAtRisk`](crate::FallbackReason::HealthAtRisk)); edge [`Policy::band_at_risk`](crate::Policy::band_at_risk) (40, a floor: [`SeedFloor::BandAtRisk`](crate::SeedFloor::BandAtRisk)) | tests/health.rs: every_row_and_edge_of_the_seed_table; tests/flow.rs: health_bands_decide_the_outcome; tests/policy.rs: a_weaker_value_without_a_departure_is_refused_with_its_field; tests/policy.rs: a_weaker_value_with_a_departure_builds_and_carries_it | A throttled migration cannot be reviewed (tests/ui.rs: illegal_transitions_do_not_compile, `ui/review_while_throttled.rs`). A higher edge is free; a lower one only as a named departure with a reason. |
//! | "0–39, Unstable, Forced Restriction" | [`Band::Unstable`](crate::Band::Unstable), [`Action::ForcedRestriction`](crate::Action::ForcedRestriction); the reading and a restricted fallback are recorded as one step ([`HealthOutcome::Restricted`](crate::HealthOutcome::Restricted)), access restricted until re-validation passes | tests/health.rs: every_row_and_edge_of_the_seed_table; tests/flow.rs: health_bands_decide_the_outcome | [`FallbackReason::HealthUnstable`](crate::FallbackReason::HealthUnstable) is reserved to the flow: a caller cannot claim it (tests/flow.rs: later_refusals_hand_the_migration_back_intact). |
//!
//! **The hard gate, a deliberate departure from the table.** The table maps the score alone to
//! a status. With [`Policy::hard_gates`](crate::Policy::hard_gates) on (the default), a
//! stability or compatibility component
//! ([`Component::is_critical`](crate::health::Component::is_critical))
//! below [`Policy::critical_floor`](crate::Policy::critical_floor) (default 40), or missing,
//! caps the band at At Risk: the band is the table's band or At Risk, whichever is worse, so a
//! score below the At Risk edge (40) stays Unstable and any higher score becomes At Risk, with
//! its action.
//! [`HealthReport::gated`](crate::HealthReport::gated) says when the gate capped a band. Why: a
//! partner whose stability has collapsed is not Reliable for having good ecosystem numbers.
//! `Policy::builder().hard_gates(false)` gives the table's plain reading. Setting
//! `critical_floor` to 0 is not the same: it only stops an observed value from gating, and a
//! missing stability or compatibility still caps the band. Proven by tests/health.rs:
//! a_critical_failure_caps_the_band; tests/health.rs: missing_data_fails_closed (a missing
//! critical component caps); tests/health.rs:
//! the_hard_gate_is_a_policy_setting_and_the_table_reading_is_available.
//!
//! ## Framework §9 — Migration Protection
//!
//! | clause (seed words) | implemented by | proven by | notes |
//! |---|---|---|---|
//! | "Migration Shielding: Isolation of transition runtimes." | the [`Transition`](crate::Transition) stage: the release is placed, not rolled out; at most [`Policy::max_canary_percent`](crate::Policy::max_canary_percent) of the partner's users see it ([`Refusal::CanaryTooLarge`](crate::Refusal::CanaryTooLarge)); no health reading acts on it ([`Live`](crate::Live)); only a passed validation rolls it out | tests/flow.rs: happy_path_reaches_continuity_with_every_rite (no rollout in transition); tests/flow.rs: transition_refusals_hand_the_migration_back_intact (`flow.canary_too_large`); tests/ui.rs: illegal_transitions_do_not_compile (`ui/monitor_before_rollout.rs`); tests/policy.rs: a_weaker_value_without_a_departure_is_refused_with_its_field; tests/policy.rs: a_whole_canary_is_a_percentage | **Departure** (a reading): the crate runs no runtime; it records the canary share and enforces the bound. 5 % is the crate's default, and a floor like the seeds' numbers ([`SeedFloor::MaxCanaryPercent`](crate::SeedFloor::MaxCanaryPercent)): a larger canary only as a named departure with a reason. |
//! | "Ceiling Enforcement: Version and power ceilings maintained during shift." | the version ceiling [`Release::version_ceiling`](crate::Release::version_ceiling) ([`Refusal::AboveVersionCeiling`](crate::Refusal::AboveVersionCeiling)); the power ceiling [`Grants::ceiling`](crate::Grants::ceiling) checked by [`permission::check`](crate::permission::check) ([`permission::ViolationKind::ExceedsCeiling`](crate::permission::ViolationKind::ExceedsCeiling)) on the new and the fallback grant; a path never skips more than [`Policy::max_major_step`](crate::Policy::max_major_step) majors | tests/flow.rs: transition_refusals_hand_the_migration_back_intact (`flow.above_version_ceiling`, `flow.permission_boundary`); tests/permission.rs: each_violation_kind_is_named_with_its_permission; tests/permission_props.rs: a_grant_inside_the_ceiling_never_exceeds_it; tests/graph.rs: paths_prefer_proven_steps_and_never_skip_a_major | |
//! | "Boundary Hardening: Protection against corrupted or forged transitions." | the SHA-256 hash chain of the lineage ([`Digest`](crate::Digest), [`Lineage::head`](crate::Lineage::head)); [`AnyMigration::resume`](crate::AnyMigration::resume) checks a record against an [`Anchor`](crate::Anchor) (the stored head, or the seal [`MigrationRecord::seal`](crate::MigrationRecord::seal) under a [`SealKey`](crate::SealKey)) and replays every event through the flow's rules; a correction ([`MigrationRecord::amend`](crate::MigrationRecord::amend)) resumes only under an anchor that covers it; a migration and a validation report cannot be built by hand; the bytes are specified on the [`format`](mod@crate::format) page | tests/records.rs: the_anchored_load_refuses_a_rewritten_history; tests/records.rs: every_forged_record_is_refused_with_its_code; tests/lineage_props.rs: every_single_event_tampering_is_detected; tests/lineage_props.rs: valid_histories_verify_and_any_flipped_byte_fails; tests/vectors.rs: any_flipped_byte_of_a_vector_is_refused; tests/ui.rs: illegal_transitions_do_not_compile (`ui/construct_migration.rs`, `ui/forge_report.rs`) | |
//!
//! ## Framework §10 — Ceremonial Migration Rites
//!
//! Each rite is a [`Rite`](crate::Rite) with the framework's exact words
//! ([`Rite::words`](crate::Rite::words)); [`EventDetail::rite`](crate::EventDetail::rite) says
//! which event carries which rite, and the lineage records it with the event.
//!
//! | clause (seed words) | implemented by | proven by | notes |
//! |---|---|---|---|
//! | "Migration evolution is ritualized" | the `rite` of every [`Event`](crate::Event) of a step; the replay refuses a wrong rite | tests/flow.rs: happy_path_reaches_continuity_with_every_rite; tests/records.rs: every_forged_record_is_refused_with_its_code (case "opening with another rite") | **Departure**: the framework names no rite for validation, a throttle, a review or a fallback, so those events carry none; a rite is recorded, not proclaimed (the crate does no I/O; `Display` prints the words). |
//! | "Rite of Detection: “The threads tremble. Change approaches.”" | [`Rite::Detection`](crate::Rite::Detection), with [`EventDetail::Opened`](crate::EventDetail::Opened) | tests/vocabulary.rs: rites_carry_the_framework_words; tests/flow.rs: happy_path_reaches_continuity_with_every_rite | |
//! | "Rite of Preparation: “The loom adjusts. The pattern loosens.”" | [`Rite::Preparation`](crate::Rite::Preparation), with [`EventDetail::Prepared`](crate::EventDetail::Prepared) and [`EventDetail::Remediated`](crate::EventDetail::Remediated) | tests/vocabulary.rs: rites_carry_the_framework_words; tests/flow.rs: happy_path_reaches_continuity_with_every_rite | No test reads the rite of a remediation. |
//! | "Rite of Transition: “The weave shifts. The path opens.”" | [`Rite::Transition`](crate::Rite::Transition), with [`EventDetail::Transitioned`](crate::EventDetail::Transitioned) | tests/vocabulary.rs: rites_carry_the_framework_words; tests/flow.rs: happy_path_reaches_continuity_with_every_rite | |
//! | "Rite of Stabilization: “The pattern reforms. Harmony returns.”" | [`Rite::Stabilization`](crate::Rite::Stabilization), with [`EventDetail::Stabilized`](crate::EventDetail::Stabilized) | tests/vocabulary.rs: rites_carry_the_framework_words; tests/flow.rs: happy_path_reaches_continuity_with_every_rite | |
//! | "Rite of Continuity: “The thread continues. The journey resumes.”" | [`Rite::Continuity`](crate::Rite::Continuity), with [`EventDetail::Completed`](crate::EventDetail::Completed) | tests/vocabulary.rs: rites_carry_the_framework_words; tests/flow.rs: happy_path_reaches_continuity_with_every_rite | |
//! | "Rite of Release: “The old pattern dissolves. Memory remains.”" | [`Rite::Release`](crate::Rite::Release), with [`EventDetail::Released`](crate::EventDetail::Released): the fallback is removed, the lineage stays | tests/vocabulary.rs: rites_carry_the_framework_words; tests/flow.rs: happy_path_reaches_continuity_with_every_rite | |
//!
//! ## Framework §11 — Summary
//!
//! | clause (seed words) | implemented by | proven by | notes |
//! |---|---|---|---|
//! | "the architectural system for partner movement and transition" | the crate: [`Migration`](crate::Migration), the [`rules`](crate::rules), [`health`](mod@crate::health) and [`permission`](mod@crate::permission) functions, the [`graph`](mod@crate::graph) | the rows above | |
//! | "every evolution within the KWANUS OS is safe" | as in §1 | the rows of §1 | |
//! | "documented" | the required documents ([`DocumentKind`](crate::DocumentKind)); the [`Lineage`](crate::Lineage) and its [`format`](mod@crate::format) | the rows of playbook §7 and framework §5 | |
//! | "and ritualized" | [`Rite`](crate::Rite) | the rows of §10 | |
//! | "maintaining the continuity of the cosmic journey" | the [`Continuity`](crate::Continuity) stage; a partner's journey across versions in [`graph::VersionGraph`](crate::graph::VersionGraph) | tests/flow.rs: happy_path_reaches_continuity_with_every_rite; tests/graph.rs: edges_count_forward_fallback_and_remediation | "Cosmic" is rhetoric: not modelled. |
//!
//! # Departures
//!
//! Where the crate departs from the seeds on purpose, and why. Each one is also in the notes of
//! its row above.
//!
//! 1. **Emotionally intelligent** (framework §1) is not modelled: there is no behaviour to
//!    check, and the crate invents no stand-in. Likewise the rhetoric ("cosmic transition",
//!    "backbone", "resonance strands", read as the compatibility evidence).
//! 2. **The hard gate** (framework §8): a stability or compatibility value below
//!    [`Policy::critical_floor`](crate::Policy::critical_floor), or missing, caps the band at At
//!    Risk; `hard_gates(false)` restores the table's plain reading.
//! 3. **Missing health data counts as 0**, and too little observed weight asks for review: a gap
//!    in the data can only cost, never flatter.
//! 4. **Sustainability is verified after the rollout** (framework §4 step 4): it can only be
//!    measured live, so the first health reading verifies it, not the validation step.
//! 5. **Shielding is a canary bound** (framework §9): the crate runs no runtime; it keeps the
//!    release from rollout until validation passes and bounds the canary share (5 % by default).
//! 6. **The recommended 12 months is a warning** (playbook §6): completing after the 6-month
//!    minimum and before 12 months is allowed and recorded with a warning.
//! 7. **Completion is stricter** (playbook §4 step 7): it also needs a Reliable reading and no
//!    pending review.
//! 8. **The fallback target is fixed at the notice, the fallback possible from the transition**
//!    (playbook §4 step 1): before the release exists there is nothing to fall back from.
//! 9. **Governance of the flow's own verdicts** (playbook §6): with
//!    [`Policy::automatic_fallback`](crate::Policy::automatic_fallback) on (the default), a
//!    failed validation or a throttle sanctions a fallback without a fresh approval; the forced
//!    restrictions are always sanctioned.
//! 10. **Security validation lives in the permission dimension** (playbook §4 step 4): the
//!     framework's six dimensions have no security dimension.
//! 11. **All five documents for every kind** (playbook §7): "no change" is a valid note.
//! 12. **Categories and bodies** (framework §2, §6): each kind's category is a documented
//!     reading, and CGB governs the capability and intelligence categories, for which the seeds
//!     name no authority.
//! 13. **Dimensions can be not applicable or unverified** (framework §6): a dimension neither
//!     computed nor attested does not pass; a dimension is not applicable only when neither
//!     the kind ([`MigrationKind::involves`](crate::MigrationKind::involves)) nor the evidence
//!     involves it.
//! 14. **Severe remediation** (playbook §9): "immediate" is a deadline at the moment the problem
//!     was found; "review" is the approval of the body governing the category.
//! 15. **No notification, no development, no performed reviews**: the crate is pure; it records
//!     what the service did (the notice, the release as built, the annual tasks' dates).
//! 16. **Evolution's first four stages are names** (framework §5); only Illumination has
//!     behaviour, [`health::forecast`](crate::health::forecast).
//! 17. **Numbers the seeds do not give** are crate defaults in [`Policy`](crate::Policy): the
//!     canary share, the collapse windows, the API error budget, the critical floor, the
//!     observed-weight minimum, the runtime-major and major-step bounds.
