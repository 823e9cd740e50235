#!/usr/bin/env bash
# Installs the third-party peers of the interop tests. Idempotent and fast when already done:
#   - Debian: apache2 (mod_auth_digest, mod_proxy), apache2-utils and redis-server (with
#     redis-cli);
#   - npm: @stoplight/prism-cli and oidc-provider, pinned by scripts/peers/node/package.json and
#     package-lock.json, installed with `npm ci` into .peers/node (gitignored).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
node_dir="$root/.peers/node"

# --- Debian packages: apt-get update only when something is missing.
debs=(apache2 apache2-utils curl redis-server)
missing=()
for deb in "${debs[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$deb" 2>/dev/null || true)
  [[ $status == "install ok installed" ]] || missing+=("$deb")
done
if ((${#missing[@]})); then
  echo "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- npm packages: reinstall only when the pinned manifest or lockfile changed.
lock="$here/node/package-lock.json"
# The lockfile may name no source other than the npm registry.
if grep -E '"resolved": *"' "$lock" | grep -vq '"https://registry\.npmjs\.org/'; then
  echo "error: $lock resolves a package outside registry.npmjs.org" >&2
  exit 1
fi
stamp="$node_dir/.installed"
want=$(cat "$here/node/package.json" "$lock" | sha256sum | cut -d' ' -f1)
if [[ ! -x $node_dir/node_modules/.bin/prism || ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
  echo "installing npm packages into $node_dir"
  mkdir -p "$node_dir"
  rm -f "$stamp"
  cp "$here/node/package.json" "$lock" "$node_dir/"
  (cd "$node_dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  echo "$want" >"$stamp"
fi

node_version() { node -p "require('$node_dir/node_modules/$1/package.json').version"; }
echo "peers installed: $(apache2 -v | sed -n 's/^Server version: //p'), $(redis-server --version | cut -d' ' -f1-3), prism-cli $(node_version @stoplight/prism-cli), oidc-provider $(node_version oidc-provider)"
