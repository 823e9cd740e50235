#!/usr/bin/env bash
# Installs the third-party peers of the interop tests, once: Debian's apache2 (mod_auth_digest)
# and, from the npm registry, @stoplight/prism-cli and oidc-provider (versions pinned in
# node/package.json and node/package-lock.json). Fast when everything is already there.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v apache2 >/dev/null || ! command -v htdigest >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends apache2 apache2-utils >/dev/null 2>&1 ||
    { apt-get update >/dev/null && apt-get install -y --no-install-recommends apache2 apache2-utils >/dev/null; }
fi

if [[ ! -x node/node_modules/.bin/prism || ! -d node/node_modules/oidc-provider ]]; then
  npm ci --prefix node --no-audit --no-fund --loglevel=error >/dev/null
fi
echo "peers installed: $(apache2 -v | head -1), prism $(node/node_modules/.bin/prism --version), oidc-provider $(node -p 'require("./node/node_modules/oidc-provider/package.json").version')"
