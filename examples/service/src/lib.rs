//! A home for the `platform_service` example of `kwanus-migration` (`examples/`) and its
//! race test (`tests/`), which need SQLite: run it from the repository root with
//! `cargo run --example platform_service`.
