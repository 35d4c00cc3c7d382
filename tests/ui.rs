//! Illegal uses of the flow do not compile. The `.stderr` files pin what the compiler says;
//! they are written for the stable toolchain CI uses.

#[test]
fn illegal_transitions_do_not_compile() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
