//! The name the crate being compiled gives a package in its Cargo.toml: `atlas_endpoint`, or
//! `atlas` after `atlas = { package = "atlas-endpoint", … }`, in any dependency table
//! (`[dependencies]`, `[dev-dependencies]`, `[build-dependencies]`, their `[target.….…]`
//! forms), also through `{ workspace = true }` and the workspace's `[workspace.dependencies]`.

mod toml;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use toml::{Entry, Value};

/// How the crate being compiled reaches a package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dependency {
    /// By this crate name (the dependency's key, `-` written `_`).
    Named(String),
    /// Not at all: its Cargo.toml does not depend on the package.
    Missing,
}

/// How the crate in `CARGO_MANIFEST_DIR` names `package`. Without a manifest to read (a build
/// outside Cargo), the name Cargo would give it; the package itself (its doc tests and
/// examples) names it by its own crate name. Read once per manifest: a crate's declarations
/// all ask the same question.
pub fn dependency(package: &str) -> Dependency {
    static ANSWERS: Mutex<Option<HashMap<(PathBuf, String), Dependency>>> = Mutex::new(None);
    let Some(dir) = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from) else {
        return Dependency::Named(crate_name(package));
    };
    let mut answers = ANSWERS.lock().unwrap_or_else(PoisonError::into_inner);
    answers
        .get_or_insert_with(HashMap::new)
        .entry((dir.clone(), package.to_owned()))
        .or_insert_with(|| {
            lookup(&dir, package).unwrap_or_else(|| Dependency::Named(crate_name(package)))
        })
        .clone()
}

/// The crate name Cargo gives a dependency key.
fn crate_name(key: &str) -> String {
    key.replace('-', "_")
}

/// The answer from the manifest in `dir`; `None` when it cannot be read.
fn lookup(dir: &Path, package: &str) -> Option<Dependency> {
    let entries = read(&dir.join("Cargo.toml"))?;
    if string_at(&entries, &["package", "name"]) == Some(package) {
        return Some(Dependency::Named(crate_name(package)));
    }
    let mut workspace: Option<Option<Vec<Entry>>> = None;
    for declared in declared(&entries) {
        let named = match (declared.package, declared.workspace) {
            (Some(named), _) => named.to_owned(),
            (None, true) => {
                let root = workspace.get_or_insert_with(|| workspace_manifest(dir, &entries));
                root.as_deref()
                    .and_then(|root| {
                        string_at(
                            root,
                            &["workspace", "dependencies", declared.key, "package"],
                        )
                    })
                    .unwrap_or(declared.key)
                    .to_owned()
            }
            (None, false) => declared.key.to_owned(),
        };
        if named == package {
            return Some(Dependency::Named(crate_name(declared.key)));
        }
    }
    Some(Dependency::Missing)
}

fn read(manifest: &Path) -> Option<Vec<Entry>> {
    toml::entries(&std::fs::read_to_string(manifest).ok()?)
}

/// The string at exactly `path`.
fn string_at<'a>(entries: &'a [Entry], path: &[&str]) -> Option<&'a str> {
    entries.iter().find_map(|(at, value)| match value {
        Value::String(text) if at.iter().map(String::as_str).eq(path.iter().copied()) => {
            Some(text.as_str())
        }
        _ => None,
    })
}

/// One dependency as a dependency table declares it.
struct Declared<'a> {
    /// The table's path (`dependencies`, `target.cfg(unix).dev-dependencies`, …).
    table: &'a [String],
    key: &'a str,
    /// `package = "…"`: the package the key renames.
    package: Option<&'a str>,
    /// `workspace = true`: declared in the workspace's `[workspace.dependencies]`.
    workspace: bool,
}

/// Every dependency of every table: normal ones first, then dev-, then build-dependencies
/// (a library sees only the first; its tests, examples and benches the second too).
fn declared(entries: &[Entry]) -> Vec<Declared<'_>> {
    let mut found: Vec<Declared<'_>> = Vec::new();
    for (path, value) in entries {
        let Some(table) = dependency_table(path) else {
            continue;
        };
        let Some(key) = path.get(table.len()) else {
            continue;
        };
        let index = found
            .iter()
            .position(|seen| seen.table == table && seen.key == key)
            .unwrap_or_else(|| {
                found.push(Declared {
                    table,
                    key,
                    package: None,
                    workspace: false,
                });
                found.len() - 1
            });
        let declared = &mut found[index];
        match (&path[table.len() + 1..], value) {
            ([field], Value::String(named)) if field == "package" => {
                declared.package = Some(named);
            }
            ([field], Value::True) if field == "workspace" => declared.workspace = true,
            _ => {}
        }
    }
    found.sort_by_key(|declared| declared.table.last().and_then(|table| rank(table)));
    found
}

/// The dependency table `path` lies in (`dependencies`, `target.<cfg>.dev-dependencies`, …);
/// `None` outside one.
fn dependency_table(path: &[String]) -> Option<&[String]> {
    let at = if path.first().is_some_and(|first| first == "target") {
        2
    } else {
        0
    };
    rank(path.get(at)?)?;
    Some(&path[..=at])
}

/// Normal dependencies first, then dev-, then build-dependencies; `None` for another table.
fn rank(table: &str) -> Option<u8> {
    match table {
        "dependencies" => Some(0),
        "dev-dependencies" | "dev_dependencies" => Some(1),
        "build-dependencies" | "build_dependencies" => Some(2),
        _ => None,
    }
}

/// The workspace root's manifest: the one `package.workspace` points to, or else the nearest
/// manifest at or above `dir` with a `[workspace]` table (Cargo's own rule).
fn workspace_manifest(dir: &Path, entries: &[Entry]) -> Option<Vec<Entry>> {
    if let Some(root) = string_at(entries, &["package", "workspace"]) {
        return read(&dir.join(root).join("Cargo.toml"));
    }
    dir.ancestors().find_map(|ancestor| {
        let entries = read(&ancestor.join("Cargo.toml"))?;
        entries
            .iter()
            .any(|(path, _)| path.first().is_some_and(|first| first == "workspace"))
            .then_some(entries)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scratch directory with the given files, removed when dropped.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(files: &[(&str, &str)]) -> Self {
            static COUNT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
            let unique = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let root = std::env::temp_dir().join(format!(
                "atlas-macros-manifest-{}-{unique}",
                std::process::id()
            ));
            for (path, text) in files {
                let path = root.join(path);
                std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
                std::fs::write(path, text).expect("write");
            }
            Self(root)
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn named(name: &str) -> Option<Dependency> {
        Some(Dependency::Named(name.to_owned()))
    }

    fn member(toml: &str) -> Option<Dependency> {
        let scratch = Scratch::new(&[("Cargo.toml", toml)]);
        lookup(&scratch.0, "atlas-endpoint")
    }

    const PACKAGE: &str = "[package]\nname = \"user\"\nversion = \"0.1.0\"\n";

    #[test]
    fn a_plain_dependency_is_named_by_its_crate_name() {
        let toml = format!("{PACKAGE}[dependencies]\natlas-endpoint = \"0.1\"\n");
        assert_eq!(member(&toml), named("atlas_endpoint"));
    }

    #[test]
    fn a_renamed_dependency_is_named_by_its_key_in_every_table_form() {
        for tables in [
            "[dependencies]\natlas = { package = \"atlas-endpoint\", version = \"0.1\" }\n",
            "[dependencies.atlas]\npackage = \"atlas-endpoint\"\nversion = \"0.1\"\n",
            "[dependencies]\natlas.package = \"atlas-endpoint\"\n",
            "[target.'cfg(unix)'.dependencies]\natlas = { package = \"atlas-endpoint\" }\n",
            "[dev-dependencies]\natlas = { package = 'atlas-endpoint' }\n",
            "[dependencies]\n\"atlas\" = {\n  package = \"atlas-endpoint\",\n}\n",
        ] {
            assert_eq!(
                member(&format!("{PACKAGE}{tables}")),
                named("atlas"),
                "{tables}"
            );
        }
    }

    #[test]
    fn a_normal_dependency_wins_over_a_dev_dependency() {
        let toml = format!(
            "{PACKAGE}[dev-dependencies]\ntest-atlas = {{ package = \"atlas-endpoint\" }}\n[dependencies]\natlas = {{ package = \"atlas-endpoint\" }}\n"
        );
        assert_eq!(member(&toml), named("atlas"));
    }

    #[test]
    fn another_package_under_the_name_is_not_the_runtime() {
        let toml = format!(
            "{PACKAGE}[dependencies]\natlas-endpoint = {{ package = \"something-else\" }}\nmongo = \"1\"\n"
        );
        assert_eq!(member(&toml), Some(Dependency::Missing));
    }

    #[test]
    fn the_package_itself_names_its_own_crate() {
        let toml = "[package]\nname = \"atlas-endpoint\"\n";
        assert_eq!(member(toml), named("atlas_endpoint"));
    }

    #[test]
    fn workspace_inherited_dependencies_are_read_from_the_workspace_root() {
        let root = "[workspace]\nmembers = [\"app\"]\n[workspace.dependencies]\natlas = { package = \"atlas-endpoint\", version = \"0.1\" }\n";
        let app = format!("{PACKAGE}[dependencies]\natlas = {{ workspace = true }}\n");
        let scratch = Scratch::new(&[("Cargo.toml", root), ("app/Cargo.toml", &app)]);
        assert_eq!(
            lookup(&scratch.0.join("app"), "atlas-endpoint"),
            named("atlas")
        );
        // A key the workspace does not rename is the package's own name.
        let root = "[workspace]\n[workspace.dependencies]\natlas-endpoint = \"0.1\"\n";
        let app = format!("{PACKAGE}[dependencies]\natlas-endpoint.workspace = true\n");
        let scratch = Scratch::new(&[("Cargo.toml", root), ("app/Cargo.toml", &app)]);
        assert_eq!(
            lookup(&scratch.0.join("app"), "atlas-endpoint"),
            named("atlas_endpoint")
        );
    }

    #[test]
    fn package_workspace_points_at_the_root() {
        let root = "[workspace]\n[workspace.dependencies]\nrt = { package = \"atlas-endpoint\" }\n";
        let app = "[package]\nname = \"app\"\nworkspace = \"../ws\"\n[dependencies]\nrt = { workspace = true }\n";
        let scratch = Scratch::new(&[("ws/Cargo.toml", root), ("app/Cargo.toml", app)]);
        assert_eq!(
            lookup(&scratch.0.join("app"), "atlas-endpoint"),
            named("rt")
        );
    }

    #[test]
    fn an_unreadable_manifest_gives_no_answer() {
        let scratch = Scratch::new(&[("Cargo.toml", "[dependencies\n")]);
        assert_eq!(lookup(&scratch.0, "atlas-endpoint"), None);
        assert_eq!(lookup(&scratch.0.join("absent"), "atlas-endpoint"), None);
    }

    #[test]
    fn this_repository_s_manifests_name_it_as_the_tests_expect() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        for (dir, expected) in [
            ("tests/renamed-dependency", named("atlas")),
            ("tests/all-operations", named("atlas_endpoint")),
            ("runtime", named("atlas_endpoint")),
            ("catalog", Some(Dependency::Missing)),
        ] {
            assert_eq!(lookup(&root.join(dir), "atlas-endpoint"), expected, "{dir}");
        }
    }
}
