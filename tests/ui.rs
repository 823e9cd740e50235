//! Compile-time behaviour of `#[atlas_endpoint]`: every misuse gets its own message.
//! Run `TRYBUILD=overwrite cargo test --test ui` to accept new `.stderr` files after reading them.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/pass/*.rs");
    cases.compile_fail("tests/ui/fail/*.rs");
}
