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
    assert_send_sync::<PolicyBuilder>();
    assert_send_sync::<HealthInputs>();
    assert_send_sync::<HealthReport>();
    assert_send_sync::<HealthScore>();
    assert_send_sync::<Band>();
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
    assert_send_sync::<Stabilized>();
    assert_send_sync::<Reaction>();
    assert_send_sync::<Refusal>();
}

#[test]
fn errors_are_send_sync_static() {
    assert_error::<PolicyError>();
    assert_error::<PartnerIdError>();
    assert_error::<HealthError>();
    assert_error::<ParseError>();
    assert_error::<OpenError>();
    assert_error::<Refused<Detection>>();
    assert_error::<Refused<Stabilization>>();
    assert_error::<ResumeError>();
    assert_error::<ReplayError>();
    assert_error::<WrongStage>();
}
