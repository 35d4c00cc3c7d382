//! The criterion benches of `kwanus-migration`, in `benches/`, kept out of the library's
//! package so that its users and its first `cargo run` never build criterion. Run them from
//! the repository root with `cargo bench --bench flow` (or `--bench health`, `permissions`,
//! `lineage`, `service`); CONTRIBUTING.md holds the figures.
