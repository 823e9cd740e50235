#!/usr/bin/env bash
# Refreshes the repository from a newer official Atlas spec: writes the facts-only copies
# spec/atlas-api.json (from OFFICIAL_SPEC, the multi-version spec the Atlas CLI generates from:
# mongodb/mongodb-atlas-cli, tools/internal/specs/spec.yaml) and spec/atlas-cli-watchers.json
# (from WATCHERS, default: atlas-cli-watchers.yaml beside OFFICIAL_SPEC; in the CLI's repository
# tools/internal/specs/overlays/watchers.yaml), records the catalog's date in spec/as-of
# (AS_OF, default today: versions whose sunset is on or before it count as no longer served),
# then regenerates everything derived from them (the catalog table, the all-operations crate,
# the Prism test, the compile baseline). This is the only command of the repository that reads
# a file outside it. Needs Python 3 with PyYAML.
#   tools/spec/refresh.sh OFFICIAL_SPEC [WATCHERS [AS_OF]]
set -euo pipefail
usage="usage: $0 OFFICIAL_SPEC [WATCHERS [AS_OF]]   (the official atlas-api-multiversion.yaml / spec.yaml)"
[[ $# -ge 1 && $# -le 3 && -f $1 ]] || { echo "$usage" >&2; exit 2; }
official=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
watchers=${2:-$(dirname "$official")/atlas-cli-watchers.yaml}
[[ -f $watchers ]] || { echo "error: the watchers overlay $watchers is missing" >&2; echo "$usage" >&2; exit 2; }
watchers=$(cd "$(dirname "$watchers")" && pwd)/$(basename "$watchers")
as_of=${3:-$(date -u +%F)}
[[ $as_of =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]] || { echo "error: AS_OF must be YYYY-MM-DD" >&2; exit 2; }
cd "$(dirname "$0")/../.."
python3 tools/spec/facts_only.py "$official" spec/atlas-api.json
python3 tools/spec/facts_only.py "$watchers" spec/atlas-cli-watchers.json
echo "$as_of" >spec/as-of
tools/catalog/generate_all.sh
