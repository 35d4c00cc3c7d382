//! The tests of `kwanus-migration` that need heavy dependencies, in `tests/`: the property
//! tests (`proptest`), the JSON Schemas checked against the vectors (`jsonschema`), and the memory a permission
//! set reports against a counting allocator (`stats_alloc`). They live in this package so that
//! the library's own dev-dependencies stay light; `cargo test` at the repository root runs
//! them with every other test.
