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

/// The value of `pub const NAME: usize = N;` in generated source.
fn constant(source: &str, name: &str) -> usize {
    let prefix = format!("pub const {name}: usize = ");
    source
        .lines()
        .find_map(|line| line.strip_prefix(&prefix)?.strip_suffix(';'))
        .unwrap_or_else(|| panic!("{name} is not defined"))
        .parse()
        .unwrap()
}

/// The value of `field: N,` in generated source.
fn field(source: &str, name: &str) -> usize {
    let prefix = format!("{name}: ");
    source
        .lines()
        .find_map(|line| line.trim().strip_prefix(&prefix)?.strip_suffix(','))
        .unwrap_or_else(|| panic!("{name} is not set"))
        .parse()
        .unwrap()
}

fn files(dir: &str) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|entry| {
            let path = entry.as_ref().unwrap().path();
            path.extension().is_some_and(|extension| extension == "rs")
        })
        .count()
}

/// Whether the README says `text` (line breaks and runs of spaces read as one space).
fn says(text: &str) -> bool {
    README
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .contains(text)
}

/// The counts the README states about the generated suites and the trybuild cases are the
/// counts of the files themselves (the Prism tests assert that every one of them passes).
#[test]
fn the_readme_counts_what_the_suites_hold() {
    let operations = include_str!("all-operations/src/operations.rs");
    let models_ops = include_str!("all-models/src/operations.rs");
    let models = include_str!("all-models/src/models.rs");
    let prism = include_str!("all-operations/tests/prism.rs");
    let models_prism = include_str!("all-models/tests/prism.rs");

    let versions = constant(operations, "OPERATION_VERSIONS");
    let served = constant(operations, "OPERATIONS");
    assert_eq!(versions, operations.matches("#[atlas_endpoint(").count());
    assert!(says(&format!(
        "{versions} declarations of the {served} operations"
    )));
    assert!(says(&format!("**{versions}/{versions}**")));
    let optioned = field(prism, "with_options_count");
    assert!(says(&format!("{optioned}/{optioned} with every optional")));

    let schemas = models.matches("#[derive(").count();
    assert!(says(&format!("each of the {schemas} body and answer")));
    let typed = constant(models_ops, "OPERATION_VERSIONS");
    assert!(says(&format!("**{typed}/{typed}** typed bodies")));
    let optioned = field(models_prism, "with_options_count");
    assert!(says(&format!("({optioned}/{optioned} with every")));

    let (fail, pass) = (files("tests/ui/fail"), files("tests/ui/pass"));
    assert!(
        says(&format!("{fail} misuses")) && says(&format!("{pass} shapes that must compile")),
        "the README's trybuild counts: {fail} fail cases, {pass} pass cases"
    );
}

/// The stateful emulator's coverage, as the README states it, is the catalog's versions of the
/// operations it serves.
#[test]
fn the_readme_counts_what_the_stateful_emulator_serves() {
    let operations = atlas_endpoint::testing::Atlas::operations();
    let versions: usize = operations
        .iter()
        .map(|id| {
            atlas_endpoint_catalog::OPERATIONS
                .iter()
                .find(|operation| operation.operation_id == *id)
                .map_or(0, |operation| operation.versions.len())
        })
        .sum();
    assert!(says(&format!(
        "serves {} operations in all {versions} of their versions",
        operations.len()
    )));
}

#[allow(
    dead_code,
    reason = "only the declarations are listed; the example's main is not run"
)]
#[path = "../examples/quickstart.rs"]
mod quickstart;

#[allow(
    dead_code,
    reason = "only the declarations are listed; the example's main is not run"
)]
#[path = "../examples/wait_for_cluster.rs"]
mod wait_for_cluster;

/// The table the README shows under "Know what you call" is what `cargo run --example
/// manifest` prints for the same two examples (here compiled into this test instead).
#[test]
fn the_manifest_table_is_what_the_example_prints() {
    let table = atlas_endpoint::manifest()
        .to_string()
        .replace("readme::", "manifest::");
    let table = table.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        says(&table),
        "update the README's manifest table to:\n{}",
        atlas_endpoint::manifest()
    );
}
