#!/usr/bin/env bash
# A release cannot be broken by a file outside the packages: packages the three published
# crates (catalog, macros, runtime) as `cargo publish` would, then builds and runs a throwaway
# user crate against the packaged sources (crates-io patched to the unpacked .crate files, not
# the workspace's paths): a model, declarations and calls on the packaged emulator.
set -euo pipefail
cd "$(dirname "$0")/../.."
target=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
version=$(cargo metadata --format-version 1 --no-deps | python3 -c '
import json, sys
print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "atlas-endpoint"))')
packages=(atlas-endpoint-catalog atlas-endpoint-macros atlas-endpoint)
# Verification builds each package alone; the user crate below builds them together.
cargo package --quiet --allow-dirty --no-verify "${packages[@]/#/-p}"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/packages" "$scratch/user/src"
patches=""
for package in "${packages[@]}"; do
  tar -xzf "$target/package/$package-$version.crate" -C "$scratch/packages"
  patches+="$package = { path = \"$scratch/packages/$package-$version\" }"$'\n'
done
cat >"$scratch/user/Cargo.toml" <<TOML
[package]
name = "packaged-user"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
atlas-endpoint = { version = "=$version", features = ["testing"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }

[patch.crates-io]
$patches
[workspace]
TOML
cp Cargo.lock "$scratch/user/Cargo.lock"
cat >"$scratch/user/src/main.rs" <<'RUST'
use atlas_endpoint::testing::{Emulator, Reply};
use atlas_endpoint::{AtlasModel, Client, Page, Result, atlas_endpoint};
use serde::Deserialize;

#[derive(Debug, Deserialize, AtlasModel)]
#[atlas_model(ClusterDescription20240805)]
#[serde(rename_all = "camelCase")]
struct Cluster {
    name: Option<String>,
}

#[atlas_endpoint(GET, "/groups/<groupId>/clusters")]
async fn list_clusters(client: &Client, group_id: &str) -> Result<Page<Cluster>>;

#[atlas_endpoint(DELETE, "/orgs/<orgId>/invites/<invitationId>", deprecated)]
async fn delete_org_invite(client: &Client, org_id: &str, invitation_id: &str) -> Result<()>;

#[tokio::main]
async fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let emulator = Emulator::start().await?;
    emulator.route(&list_clusters::ENDPOINT, |_| {
        Reply::json(200, &serde_json::json!({"results": [{"name": "c0"}], "totalCount": 1}))
    });
    emulator.route(&delete_org_invite::ENDPOINT, |_| Reply::no_content());
    let client = emulator.client();
    let page = list_clusters(&client, "5f1b2c3d4e5f6a7b8c9d0e1f").await?;
    assert_eq!(page.results[0].name.as_deref(), Some("c0"));
    #[allow(deprecated)]
    delete_org_invite(&client, "5f1b2c3d4e5f6a7b8c9d0e1f", "6a1b2c3d4e5f6a7b8c9d0e1f").await?;
    println!("packaged crates: a user crate built and called 2 endpoints on the packaged emulator");
    Ok(())
}
RUST
# The workspace's target directory: the dependencies built for it are reused as they are.
CARGO_TARGET_DIR="$target" cargo run --quiet --manifest-path "$scratch/user/Cargo.toml"
# And it was the packaged sources that were built, not the workspace's.
cargo metadata --quiet --format-version 1 --manifest-path "$scratch/user/Cargo.toml" | python3 -c '
import json, sys
packages = [p for p in json.load(sys.stdin)["packages"] if p["name"].startswith("atlas-endpoint")]
wrong = [p["manifest_path"] for p in packages if not p["manifest_path"].startswith(sys.argv[1])]
assert len(packages) == 3 and not wrong, (len(packages), wrong)
' "$scratch/packages/"
