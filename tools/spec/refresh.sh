#!/usr/bin/env bash
# Refreshes the repository from a newer official Atlas spec: writes the facts-only copy
# spec/atlas-api-transformed.json from OFFICIAL_SPEC (the YAML published in mongodb/atlas-sdk-go,
# openapi/atlas-api-transformed.yaml), then regenerates everything derived from it (the catalog
# table, the all-operations crate, the Prism test, the compile baseline). This is the only command
# of the repository that reads a file outside it. Needs Python 3 with PyYAML.
#   tools/spec/refresh.sh OFFICIAL_SPEC
set -euo pipefail
[[ $# == 1 && -f $1 ]] || { echo "usage: $0 OFFICIAL_SPEC   (the official atlas-api-transformed.yaml)" >&2; exit 2; }
official=$1
cd "$(dirname "$0")/../.."
python3 tools/spec/facts_only.py "$official" spec/atlas-api-transformed.json
tools/catalog/generate_all.sh
