#!/usr/bin/env bash
# Compile cost of declaring all 514 Atlas operations with #[atlas_endpoint]
# (tests/all-operations) against the same 514 functions hand-written as plain reqwest calls
# (benches/compile-baseline), in one run: dependencies are built first, then each crate alone is
# rebuilt after touching its source, best of N runs (default 3). A benchmark, not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
# Touching a file does not change its content, so incremental compilation would reuse almost
# everything; measure full crate builds instead.
export CARGO_INCREMENTAL=0
crates=(atlas-all-operations atlas-compile-baseline)
declare -A sources=([atlas-all-operations]=tests/all-operations/src/operations.rs [atlas-compile-baseline]=benches/compile-baseline/src/operations.rs)

cargo build -q -p atlas-all-operations -p atlas-compile-baseline
cargo check -q -p atlas-all-operations -p atlas-compile-baseline

best() { # command... -> best wall time in seconds over $runs runs
  local best=999999
  for _ in $(seq "$runs"); do
    touch "${sources[$crate]}"
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s.%N)
    best=$(python3 -c "print(min($best, $end - $start))")
  done
  printf '%.2f' "$best"
}

declare -A build check
for crate in "${crates[@]}"; do
  build[$crate]=$(best cargo build -q -p "$crate")
  check[$crate]=$(best cargo check -q -p "$crate")
done

lines() { grep -cv '^\s*$' "$1"; }
echo "| crate | cargo build (s) | cargo check (s) | source lines |"
echo "|---|---|---|---|"
for crate in "${crates[@]}"; do
  echo "| $crate | ${build[$crate]} | ${check[$crate]} | $(lines "${sources[$crate]}") |"
done
python3 - "${build[atlas-all-operations]}" "${build[atlas-compile-baseline]}" "${check[atlas-all-operations]}" "${check[atlas-compile-baseline]}" <<'PY'
import sys
macro_build, base_build, macro_check, base_check = map(float, sys.argv[1:])
print(f"\nratio (macro / hand-written): build {macro_build / base_build:.2f}x, check {macro_check / base_check:.2f}x (goal: <= 1.25x)")
PY
echo
echo "expanded lines per endpoint (pretty-printed, from macros/snapshots):"
for snapshot in macros/snapshots/{delete_org_invite,list_clusters,create_cluster,download_cluster_log}.rs; do
  printf '  %-28s %s lines\n' "$(basename "$snapshot" .rs)" "$(lines "$snapshot")"
done
