//! Any bytes: parse as a record, a policy or a notice; resume the record; nothing may panic.
#![no_main]

use kwanus_migration::{AnyMigration, MigrationRecord, Policy};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(record) = serde_json::from_slice::<MigrationRecord>(data) {
        if let Ok(m) = AnyMigration::resume(record.clone()) {
            // what resumes re-serializes to a record that resumes again, unchanged
            let again = m.clone().into_record();
            let back = AnyMigration::resume(again).expect("a resumed record resumes again");
            assert_eq!(back, m);
        }
    }
    let _ = serde_json::from_slice::<Policy>(data);
});
