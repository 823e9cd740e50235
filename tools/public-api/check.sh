#!/usr/bin/env bash
# The public API of the published crates, listed from rustdoc's JSON (every item a user can
# name, with signatures; `#[doc(hidden)]` items are not API) and compared with the listings
# committed beside this script, so a change to the surface is a visible diff in review.
# `--bless` rewrites the listings. Stable rustdoc emits JSON only with RUSTC_BOOTSTRAP=1.
set -euo pipefail
cd "$(dirname "$0")/../.."
bless=${1:-}
target=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
status=0
for package in atlas-endpoint atlas-endpoint-catalog; do
  RUSTC_BOOTSTRAP=1 cargo rustdoc --quiet -p "$package" --all-features -- \
    -Z unstable-options --output-format json -D warnings
  listing=tools/public-api/$package.txt
  fresh=$(mktemp)
  python3 tools/public-api/list.py "$target/doc/${package//-/_}.json" >"$fresh"
  if [[ $bless == --bless ]]; then
    mv "$fresh" "$listing"
    echo "public API of $package: $(wc -l <"$listing") items written to $listing"
  elif ! diff -u "$listing" "$fresh"; then
    echo "error: the public API of $package changed (diff above); if intended, run $0 --bless and commit $listing" >&2
    status=1
    rm -f "$fresh"
  else
    echo "public API of $package: $(wc -l <"$listing") items, as committed in $listing"
    rm -f "$fresh"
  fi
done
exit $status
