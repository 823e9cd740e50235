#!/usr/bin/env bash
# Fails when the committed catalog table differs from what the generator derives from the
# official spec in ../shared (skipped, with a message, when the spec is not there).
set -euo pipefail
cd "$(dirname "$0")/../.."
spec=../shared/atlas-openapi/atlas-api-transformed.yaml
if [[ ! -f $spec ]]; then
  echo "catalog check skipped: $spec not found"
  exit 0
fi
python3 -c 'import yaml' 2>/dev/null || python3 -m pip install --quiet pyyaml
# Regenerate everything derived from the spec and the table, then compare with what is committed.
generated=(macros/src/catalog/table.rs tests/all-operations/src/operations.rs
  benches/compile-baseline/src/operations.rs tests/all-operations/tests/prism.rs)
backup=$(mktemp -d)
trap 'rm -rf "$backup"' EXIT
for file in "${generated[@]}"; do mkdir -p "$backup/$(dirname "$file")"; cp "$file" "$backup/$file"; done
python3 tools/catalog/generate.py "$spec" >/dev/null
python3 tools/catalog/generate_declarations.py >/dev/null
python3 tools/catalog/generate_baseline.py >/dev/null
python3 tools/catalog/generate_prism_test.py >/dev/null
stale=0
for file in "${generated[@]}"; do
  if ! diff -q "$backup/$file" "$file" >/dev/null; then
    diff -u "$backup/$file" "$file" | head -20
    echo "$file is stale: run the generators in tools/catalog/"
    cp "$backup/$file" "$file"
    stale=1
  fi
done
[[ $stale == 0 ]] || exit 1
echo "catalog table and generated crates match the spec ($(grep -c '    Operation {' macros/src/catalog/table.rs) operations)"
