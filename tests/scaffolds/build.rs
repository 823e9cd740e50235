//! Writes the scaffolds this crate compiles, each exactly as `atlas-endpoint scaffold` prints it:
//! `create_cluster.rs` (the README's example) and one file per served operation-version with
//! every property, plus `all.rs` holding each in its own module.

use atlas_endpoint_cli::scaffold;
use std::path::Path;

/// The fields of the README's createGroupCluster example.
const CREATE_CLUSTER_FIELDS: &str = "name,clusterType,replicationSpecs.regionConfigs.providerName,replicationSpecs.regionConfigs.regionName,replicationSpecs.regionConfigs.priority,replicationSpecs.regionConfigs.electableSpecs.instanceSize";

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out = Path::new(&out);
    let fields: Vec<String> = CREATE_CLUSTER_FIELDS.split(',').map(String::from).collect();
    let example =
        scaffold::run("createGroupCluster", None, Some(&fields)).expect("the README's scaffold");
    write(&out.join("create_cluster.rs"), &example);

    let mut all = String::new();
    let mut modules = Vec::new();
    for (operation, version) in scaffold::served() {
        let module = scaffold::module_name(operation, version);
        let code = scaffold::run(operation, Some(version), None)
            .unwrap_or_else(|error| panic!("{operation} at {version}: {error}"));
        write(&out.join(format!("{module}.rs")), &code);
        modules.push(format!("{module:?}"));
        all.push_str(&format!(
            "pub mod {module} {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/{module}.rs\"));\n}}\n"
        ));
    }
    all.push_str(&format!(
        "/// The modules above, one per served operation-version.\npub const MODULES: &[&str] = &[{}];\n",
        modules.join(", ")
    ));
    write(&out.join("all.rs"), &all);
}

/// Writes `text` unless the file already holds it (so an unchanged scaffold rebuilds nothing).
fn write(path: &Path, text: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    }
}
