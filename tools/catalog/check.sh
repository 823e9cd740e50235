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
fresh=$(mktemp)
trap 'rm -f "$fresh"' EXIT
python3 tools/catalog/generate.py "$spec" "$fresh" >/dev/null
if ! diff -q "$fresh" macros/src/catalog/table.rs >/dev/null; then
  diff -u macros/src/catalog/table.rs "$fresh" | head -40
  echo "macros/src/catalog/table.rs is stale: run tools/catalog/generate.py"
  exit 1
fi
echo "catalog table matches the spec ($(grep -c '    Operation {' macros/src/catalog/table.rs) operations)"
