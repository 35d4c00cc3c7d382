//! The compile-fail tests of `kwanus-migration` (`tests/ui.rs`, programs in `tests/ui/`):
//! illegal uses of the typestate do not compile, and the `.stderr` files pin what the
//! compiler says. In their own package so that trybuild's project builds only the library's
//! dependencies; `cargo test` at the repository root runs them.
