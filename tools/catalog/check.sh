#!/usr/bin/env bash
# Fails when the committed catalog table (or a file generated from it) differs from what the
# generators derive from the official spec in ../shared; skipped, with a message, when the spec
# is not there. The generators run in a scratch copy, so the working tree is never touched.
set -euo pipefail
cd "$(dirname "$0")/../.."
spec=../shared/atlas-openapi/atlas-api-transformed.yaml
if [[ ! -f $spec ]]; then
  echo "catalog check skipped: $spec not found"
  exit 0
fi
if ! python3 -c 'import yaml' 2>/dev/null; then
  echo "PyYAML is missing: pip install pyyaml" >&2
  exit 1
fi
generated=(macros/src/catalog/table.rs tests/all-operations/src/operations.rs
  benches/compile-baseline/src/operations.rs tests/all-operations/tests/prism.rs)

# The generators find the spec at ROOT/../shared and read the table under ROOT: mirror that.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/main/tools"
cp -r tools/catalog "$scratch/main/tools/"
ln -s "$(cd .. && pwd)/shared" "$scratch/shared"
for file in "${generated[@]}"; do mkdir -p "$scratch/main/$(dirname "$file")"; done
(
  cd "$scratch/main"
  python3 tools/catalog/generate.py 2>/dev/null
  python3 tools/catalog/generate_declarations.py
  python3 tools/catalog/generate_baseline.py
  python3 tools/catalog/generate_prism_test.py
) >/dev/null

stale=0
for file in "${generated[@]}"; do
  if ! diff -q "$file" "$scratch/main/$file" >/dev/null; then
    diff -u "$file" "$scratch/main/$file" | head -20 || true
    echo "$file is stale: run the generators in tools/catalog/ (see tools/catalog/README.md)"
    stale=1
  fi
done
[[ $stale == 0 ]] || exit 1
echo "catalog table and generated crates match the spec ($(grep -c '^    Operation {' macros/src/catalog/table.rs) operations)"
