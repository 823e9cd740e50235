#!/usr/bin/env bash
# Regenerates every file derived from the committed spec copy (spec/), in the working tree or,
# with ROOT given, in that copy of the repository.
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$root"
python3 tools/catalog/generate.py
python3 tools/catalog/generate_declarations.py
python3 tools/catalog/generate_baseline.py
python3 tools/catalog/generate_prism_test.py
python3 tools/catalog/generate_models.py
