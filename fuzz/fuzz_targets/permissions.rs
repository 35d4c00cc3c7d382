//! Any text: parse as permission sets; check, diff and project them; nothing may panic, and
//! the laws hold.
#![no_main]

use kwanus_migration::permission::{check, diff_grants, BoundaryCheck, Catalog, PermissionSet};
use kwanus_migration::MigrationKind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut parts = text.splitn(3, '|');
    let (Some(a), Some(b), Some(c)) = (parts.next(), parts.next(), parts.next()) else {
        return;
    };
    let (Ok(current), Ok(proposed), Ok(ceiling)) = (
        a.parse::<PermissionSet>(),
        b.parse::<PermissionSet>(),
        c.parse::<PermissionSet>(),
    ) else {
        return;
    };
    let catalog = Catalog::default();
    let report = check(&BoundaryCheck::migration(
        &current,
        &proposed,
        &ceiling,
        MigrationKind::PermissionRestructuring,
        &catalog,
    ));
    for v in report.violations() {
        if let Some(c) = &v.counterexample {
            assert!(v.permission.allows(&c.verb, &c.resource), "{v}");
        }
    }
    let fallback = current.read_only_projection(&catalog);
    assert!(fallback.is_subset(&current));
    assert!(proposed.intersection(&ceiling).is_subset(&ceiling));
    assert!(proposed.is_subset(&proposed.union(&ceiling)));
    let _ = diff_grants(&current, &proposed);
    assert_eq!(
        proposed.to_string().parse::<PermissionSet>().ok(),
        Some(proposed)
    );
});
