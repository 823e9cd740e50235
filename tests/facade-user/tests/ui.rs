//! Compile errors of a crate that reaches the runtime only through a facade.

#[test]
fn ui() {
    trybuild::TestCases::new().compile_fail("tests/ui/*.rs");
}
