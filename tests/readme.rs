//! Claims of the README that can drift from the code and that its doc tests (the README's code
//! blocks are compiled by `runtime/src/lib.rs`) cannot see: what it calls the items the macro
//! generates.

const README: &str = include_str!("../README.md");

#[test]
fn endpoint_holder_is_named_as_rustdoc_shows_it() {
    let snapshot = include_str!("../macros/snapshots/create_cluster.rs");
    assert!(
        snapshot.contains("pub struct create_cluster {}"),
        "the expansion changed the item holding ENDPOINT; update the README and this test"
    );
    let paragraph = README
        .split("\n\n")
        .find(|paragraph| paragraph.contains("`name::ENDPOINT`"))
        .expect("the README describes name::ENDPOINT");
    assert!(paragraph.contains("struct"), "{paragraph}");
    assert!(!paragraph.contains("module"), "{paragraph}");
}
