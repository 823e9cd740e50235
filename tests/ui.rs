//! Compile-time behaviour of `#[atlas_endpoint]`: every misuse gets its own message.
//! Run `TRYBUILD=overwrite cargo test --test ui` to accept new `.stderr` files after reading them.
//!
//! The cases that must compile (`tests/ui/pass`) are `[[test]]` targets of this package, each
//! its own crate built with the workspace and run by `cargo test`; without them, trybuild only
//! type-checks its copy of the dependencies and checks every failing case in one batch.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/fail/*.rs");
}

/// A case added to `tests/ui/pass` runs only once Cargo.toml declares it: every file must be.
#[test]
fn every_pass_case_is_a_test_target() {
    let manifest = std::fs::read_to_string("Cargo.toml").expect("read Cargo.toml");
    let mut cases: Vec<String> = std::fs::read_dir("tests/ui/pass")
        .expect("list tests/ui/pass")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".rs"))
        .collect();
    cases.sort();
    assert!(!cases.is_empty());
    for case in cases {
        let declared = format!("path = \"tests/ui/pass/{case}\"\nharness = false");
        assert!(
            manifest.contains(&declared),
            "tests/ui/pass/{case} is not a [[test]] target of Cargo.toml: add one like the others"
        );
    }
}
