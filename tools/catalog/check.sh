#!/usr/bin/env bash
# Fails when a committed generated file differs from what the generators derive from the
# committed spec copy (spec/), or when that copy holds prose (it must be a fixed point of
# tools/spec/facts_only.py). The generators run in a scratch copy, so the working tree is never
# touched. Reads nothing outside the repository; needs only Python 3.
set -euo pipefail
cd "$(dirname "$0")/../.."
generated=(catalog/src/operations.rs catalog/src/schemas.rs tests/all-operations/src/operations.rs
  benches/compile-baseline/src/operations.rs tests/all-operations/tests/prism.rs
  tests/all-models/src/models.rs tests/all-models/src/operations.rs tests/all-models/tests/prism.rs
  benches/models-baseline/src/models.rs)

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/tools"
cp -r tools/catalog tools/spec "$scratch/tools/"
cp -r spec "$scratch/"
for file in "${generated[@]}"; do mkdir -p "$scratch/$(dirname "$file")"; done

stale=0
for copy in spec/*.json; do
  python3 tools/spec/facts_only.py "$copy" "$scratch/$copy.again" >/dev/null
  if ! cmp -s "$copy" "$scratch/$copy.again"; then
    echo "$copy is not facts-only: refresh it with tools/spec/refresh.sh"
    stale=1
  fi
done

tools/catalog/generate_all.sh "$scratch" >/dev/null 2>&1 || {
  echo "the generators failed:" >&2
  tools/catalog/generate_all.sh "$scratch" >/dev/null
}
for file in "${generated[@]}"; do
  if ! diff -q "$file" "$scratch/$file" >/dev/null; then
    diff -u "$file" "$scratch/$file" | head -20 || true
    echo "$file is stale: run tools/catalog/generate_all.sh (see tools/catalog/README.md)"
    stale=1
  fi
done
[[ $stale == 0 ]] || exit 1
echo "spec copy is facts-only; catalog table and generated crates match it ($(grep -c '^    Operation {' catalog/src/operations.rs) operations)"
