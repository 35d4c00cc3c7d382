//! Any bytes: parse as a record of the current format, or a policy; resume the record, with
//! no anchor and under its own head; nothing may panic. What resumes must resume again and
//! serialize to the same bytes.
#![no_main]

use kwanus_migration::{Anchor, AnyMigration, MigrationRecord, Policy};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(record) = serde_json::from_slice::<MigrationRecord>(data) {
        let _ = AnyMigration::resume_unanchored(record.clone());
        let head = record.head;
        if let Ok(m) = AnyMigration::resume(record, Anchor::Head(head)) {
            let again = m.clone().into_record();
            let bytes = serde_json::to_vec(&again).expect("a record serializes");
            let parsed: MigrationRecord =
                serde_json::from_slice(&bytes).expect("a written record parses");
            let back = AnyMigration::resume(parsed, Anchor::Head(again.head))
                .expect("a resumed record resumes again");
            assert_eq!(back, m);
            let rewritten = serde_json::to_vec(&back.into_record()).expect("serializes");
            assert_eq!(
                rewritten, bytes,
                "a resumed record serializes to the same bytes"
            );
        }
    }
    let _ = serde_json::from_slice::<Policy>(data);
});
