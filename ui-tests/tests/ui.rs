//! Illegal uses of the flow do not compile. The `.stderr` files pin what the compiler says,
//! and what the compiler says changes between releases: they are written for the stable
//! toolchain CI uses, so the test runs on stable only (`rustversion`) and is skipped, not
//! failed, on beta or nightly (the fuzz targets need nightly on the same machine).

#[rustversion::attr(
    not(stable),
    ignore = "the .stderr files are written for the stable toolchain"
)]
#[test]
fn illegal_transitions_do_not_compile() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
