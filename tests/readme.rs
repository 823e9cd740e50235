//! Claims of the README that can drift from the code: what its examples import and what it
//! calls the items the macro generates.

const README: &str = include_str!("../README.md");

/// The fenced Rust code blocks of the README.
fn rust_blocks() -> Vec<&'static str> {
    README
        .split("```rust\n")
        .skip(1)
        .filter_map(|rest| rest.split("```").next())
        .collect()
}

#[test]
fn pagination_example_imports_the_stream_trait_it_uses() {
    let example = rust_blocks()
        .into_iter()
        .find(|block| block.contains("paginate("))
        .expect("the README has a pagination example");
    assert!(example.contains(".try_collect()"));
    let imports = example
        .lines()
        .find(|line| line.starts_with("use atlas_endpoint::"))
        .expect("the pagination example shows its imports");
    for name in ["paginate", "Page", "TryStreamExt"] {
        assert!(imports.contains(name), "{imports:?} does not import {name}");
    }
}

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
