#!/usr/bin/env bash
# What a user pays before the first call: a two-endpoint program (getGroupCluster and the
# deprecated deleteOrgInvite, `Client::from_env`, tokio) built cold against the same two calls
# hand-written with reqwest + serde_json (the same reqwest features, the same lock file), in one
# run: cold `cargo build` (debug) and `cargo build --release` with fresh target directories
# (dependencies included), and the stripped release binary's size; the ratios are printed. Our
# side's `cargo build --timings` report is kept so the biggest units are visible. A benchmark,
# not a test: run it on a quiet machine.
#
#   tools/first-build-bench.sh [RUNS]    (default 1; with more, the best time of each is kept)
#
# Any failed build fails the script: no figure is printed for a build that did not finish.
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
runs="${1:-1}"
repo=$PWD
target=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
out="$target/first-build-bench"
rm -rf "$out"
mkdir -p "$out"
export CARGO_INCREMENTAL=0

# The two programs, each its own workspace with a copy of this repository's lock file.
write_program() { # name, dependency lines, main.rs
  mkdir -p "$out/$1/src"
  cat >"$out/$1/Cargo.toml" <<TOML
[package]
name = "$1"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
$2
serde_json = "1"
tokio = { version = "1", default-features = false, features = ["macros", "rt-multi-thread"] }

[workspace]
TOML
  cp Cargo.lock "$out/$1/Cargo.lock"
  cat >"$out/$1/src/main.rs"
}

write_program atlas "atlas-endpoint = { path = \"$repo/runtime\" }" <<'RUST'
use atlas_endpoint::{Client, Result, atlas_endpoint};

#[atlas_endpoint(GET, "/groups/<groupId>/clusters/<clusterName>")]
async fn get_cluster(client: &Client, group_id: &str, cluster_name: &str) -> Result<serde_json::Value>;

#[atlas_endpoint(DELETE, "/orgs/<orgId>/invites/<invitationId>", deprecated)]
async fn delete_org_invite(client: &Client, org_id: &str, invitation_id: &str) -> Result<()>;

fn arg(index: usize) -> String {
    std::env::args().nth(index).unwrap_or_default()
}

#[tokio::main]
async fn main() -> Result<()> {
    let client = Client::from_env()?;
    println!("{}", get_cluster(&client, &arg(1), &arg(2)).await?);
    #[allow(deprecated)]
    delete_org_invite(&client, &arg(3), &arg(4)).await
}
RUST

reqwest_line=$(python3 - <<'PY'
import re
text = open("Cargo.toml").read()
line = re.search(r'^reqwest = (\{.*\})$', text, re.M).group(1)
print(f"reqwest = {line}")
PY
)
write_program handwritten "$reqwest_line" <<'RUST'
type Failure = Box<dyn std::error::Error>;

fn arg(index: usize) -> String {
    std::env::args().nth(index).unwrap_or_default()
}

#[tokio::main]
async fn main() -> Result<(), Failure> {
    let token = std::env::var("MONGODB_ATLAS_ACCESS_TOKEN")?;
    let base = "https://cloud.mongodb.com/api/atlas/v2";
    let http = reqwest::Client::new();
    let cluster = http
        .get(format!("{base}/groups/{}/clusters/{}", arg(1), arg(2)))
        .bearer_auth(&token)
        .header("Accept", "application/vnd.atlas.2024-08-05+json")
        .send()
        .await?
        .error_for_status()?
        .bytes()
        .await?;
    let cluster: serde_json::Value = serde_json::from_slice(&cluster)?;
    println!("{cluster}");
    http.delete(format!("{base}/orgs/{}/invites/{}", arg(3), arg(4)))
        .bearer_auth(&token)
        .header("Accept", "application/vnd.atlas.2023-01-01+json")
        .send()
        .await?
        .error_for_status()?;
    Ok(())
}
RUST

# Fetch every dependency first: no figure includes a download.
for program in atlas handwritten; do
  cargo fetch --quiet --manifest-path "$out/$program/Cargo.toml"
done

declare -A best
measure() { # program, profile flag ("" or --release), key
  local seconds start
  rm -rf "$out/$1/target"
  start=$(date +%s.%N)
  if [[ $1 == atlas && $2 == --release ]]; then
    cargo build --quiet $2 --timings --manifest-path "$out/$1/Cargo.toml"
  else
    cargo build --quiet $2 --manifest-path "$out/$1/Cargo.toml"
  fi
  seconds=$(python3 -c "import time; print(f'{time.time() - $start:.1f}')")
  if [[ -z ${best[$3]:-} ]] || python3 -c "import sys; sys.exit(0 if $seconds < ${best[$3]} else 1)"; then
    best[$3]=$seconds
  fi
}

for ((run = 1; run <= runs; run++)); do
  # The two programs alternate so that both see the same machine load.
  for profile in "" --release; do
    for program in handwritten atlas; do
      measure "$program" "$profile" "$program${profile:-debug}"
      echo "run $run: $program ${profile:-debug}: ${best[$program${profile:-debug}]} s (best so far)"
    done
  done
done

size() { # program: the stripped release binary's bytes
  local binary="$out/$1/target/release/$1" stripped="$out/$1.stripped"
  strip -o "$stripped" "$binary"
  stat -c %s "$stripped"
}
atlas_size=$(size atlas)
hand_size=$(size handwritten)
cp "$out"/atlas/target/cargo-timings/cargo-timing.html "$out/atlas-timings.html"
units=$(cargo tree --quiet --manifest-path "$out/atlas/Cargo.toml" -e normal,build --prefix none | sort -u | wc -l)
hand_units=$(cargo tree --quiet --manifest-path "$out/handwritten/Cargo.toml" -e normal,build --prefix none | sort -u | wc -l)

python3 - "${best[handwrittendebug]}" "${best[atlasdebug]}" "${best[handwritten--release]}" \
  "${best[atlas--release]}" "$hand_size" "$atlas_size" "$hand_units" "$units" "$runs" <<'PY'
import sys
hd, ad, hr, ar, hs, as_, hu, au, runs = sys.argv[1:]
rows = [
    ("cold `cargo build` (debug)", f"{float(hd):.1f} s", f"{float(ad):.1f} s", float(ad) / float(hd)),
    ("cold `cargo build --release`", f"{float(hr):.1f} s", f"{float(ar):.1f} s", float(ar) / float(hr)),
    ("release binary (stripped)", f"{int(hs) / 1e6:.2f} MB", f"{int(as_) / 1e6:.2f} MB", int(as_) / int(hs)),
    ("crates in the build (cargo tree)", hu, au, int(au) / int(hu)),
]
print(f"\nfirst build, best of {runs} run(s): two endpoints, atlas-endpoint vs hand-written reqwest")
print("| | hand-written reqwest | atlas-endpoint | ratio |")
print("|---|---|---|---|")
for name, hand, ours, ratio in rows:
    print(f"| {name} | {hand} | {ours} | {ratio:.2f}x |")
PY
echo "our side's cargo --timings report: $out/atlas-timings.html"
