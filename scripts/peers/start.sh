#!/usr/bin/env bash
# Starts the interop peers on free loopback ports and writes their addresses to
# .peers/run/env (as `export NAME=value` lines):
#   Prism mock of the official spec        ATLAS_PEER_PRISM_URL
#   Apache mod_auth_digest, MD5 qop=auth   ATLAS_PEER_DIGEST_URL            (GET answers a JSON file)
#     … with AuthDigestNcCheck On          ATLAS_PEER_DIGEST_NCCHECK_URL
#     … with AuthDigestNonceLifetime 2     ATLAS_PEER_DIGEST_STALE_URL
#     … in front of the Prism mock         ATLAS_PEER_DIGEST_PRISM_URL
#   oidc-provider client credentials       ATLAS_PEER_OAUTH_URL (token lifetime 2 s)
# Every process is recorded in .peers/run/*.pid; scripts/peers/stop.sh stops them.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
run="$root/.peers/run"
spec="$(cd "$root/.." && pwd)/shared/atlas-openapi/atlas-api-transformed.yaml"
mkdir -p "$run"
"$here/stop.sh" >/dev/null 2>&1 || true

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
wait_for() { # name url [curl options…]
  local name=$1 url=$2; shift 2
  for _ in $(seq 1 150); do
    if curl -s -o /dev/null "$@" "$url"; then return 0; fi
    sleep 0.2
  done
  echo "$name did not start; its log:" >&2
  tail -30 "$run/$name.log" >&2
  exit 1
}

user=atlas-public-key
password=atlas-private-key-secret
realm="MMS Public API"
client_id=mdb_sa_id_0123456789abcdef01234567
client_secret=oauth-test-secret
oauth_ttl=2

# Prism serving the official spec.
prism_port=$(free_port)
"$here/node/node_modules/.bin/prism" mock -h 127.0.0.1 -p "$prism_port" "$spec" >"$run/prism.log" 2>&1 &
echo $! >"$run/prism.pid"

# OAuth2 client-credentials server.
oauth_port=$(free_port)
OAUTH_CLIENT_ID=$client_id OAUTH_CLIENT_SECRET=$client_secret OAUTH_TTL=$oauth_ttl \
  node "$here/node/oauth-server.mjs" "$oauth_port" >"$run/oauth.log" 2>&1 &
echo $! >"$run/oauth.pid"

# Apache: four Digest-protected hosts in one server.
printf '%s:%s:%s\n' "$user" "$realm" "$(printf '%s:%s:%s' "$user" "$realm" "$password" | md5sum | cut -d' ' -f1)" >"$run/htdigest"
printf '{"results":[{"name":"Cluster0"}],"totalCount":1}\n' >"$run/answer.json"
digest_port=$(free_port); nccheck_port=$(free_port); stale_port=$(free_port); chain_port=$(free_port)
modules=/usr/lib/apache2/modules
digest_block() { # extra directives
  cat <<CONF
    <Location "/api/atlas/v2/">
      AuthType Digest
      AuthName "$realm"
      AuthDigestDomain /api/atlas/v2/
      AuthDigestProvider file
      AuthUserFile "$run/htdigest"
      Require valid-user
      $1
    </Location>
CONF
}
cat >"$run/apache.conf" <<CONF
ServerRoot "$run"
ServerName 127.0.0.1
PidFile "$run/apache.pid"
ErrorLog "$run/apache-error.log"
LogLevel warn
User www-data
Group www-data
LoadModule mpm_event_module $modules/mod_mpm_event.so
LoadModule authn_core_module $modules/mod_authn_core.so
LoadModule authn_file_module $modules/mod_authn_file.so
LoadModule authz_core_module $modules/mod_authz_core.so
LoadModule authz_user_module $modules/mod_authz_user.so
LoadModule auth_digest_module $modules/mod_auth_digest.so
LoadModule alias_module $modules/mod_alias.so
LoadModule mime_module $modules/mod_mime.so
LoadModule headers_module $modules/mod_headers.so
LoadModule proxy_module $modules/mod_proxy.so
LoadModule proxy_http_module $modules/mod_proxy_http.so
TypesConfig /etc/mime.types
AuthDigestShmemSize 1048576
LogFormat "%>s %m %U%q" status
Listen 127.0.0.1:$digest_port
Listen 127.0.0.1:$nccheck_port
Listen 127.0.0.1:$stale_port
Listen 127.0.0.1:$chain_port
<Directory "$run">
  Require all granted
</Directory>
<VirtualHost 127.0.0.1:$digest_port>
  CustomLog "$run/digest-access.log" status
  AliasMatch "^/api/atlas/v2/.*" "$run/answer.json"
$(digest_block "")
</VirtualHost>
<VirtualHost 127.0.0.1:$nccheck_port>
  CustomLog "$run/nccheck-access.log" status
  AliasMatch "^/api/atlas/v2/.*" "$run/answer.json"
$(digest_block "AuthDigestNcCheck On")
</VirtualHost>
<VirtualHost 127.0.0.1:$stale_port>
  CustomLog "$run/stale-access.log" status
  AliasMatch "^/api/atlas/v2/.*" "$run/answer.json"
$(digest_block "AuthDigestNonceLifetime 2")
</VirtualHost>
<VirtualHost 127.0.0.1:$chain_port>
  CustomLog "$run/chain-access.log" status
  ProxyPass "/api/atlas/v2/" "http://127.0.0.1:$prism_port/api/atlas/v2/"
$(digest_block 'RequestHeader set Authorization "Bearer digest-passed"')
</VirtualHost>
CONF
chown www-data "$run" 2>/dev/null || true
apache2 -f "$run/apache.conf" -k start 2>"$run/apache.log"

wait_for prism "http://127.0.0.1:$prism_port/api/atlas/v2" -H "Accept: application/vnd.atlas.2023-01-01+json"
wait_for oauth "http://127.0.0.1:$oauth_port/stats"
wait_for apache-error "http://127.0.0.1:$digest_port/api/atlas/v2/"

cat >"$run/env" <<ENV
export ATLAS_PEER_PRISM_URL=http://127.0.0.1:$prism_port
export ATLAS_PEER_DIGEST_URL=http://127.0.0.1:$digest_port
export ATLAS_PEER_DIGEST_NCCHECK_URL=http://127.0.0.1:$nccheck_port
export ATLAS_PEER_DIGEST_STALE_URL=http://127.0.0.1:$stale_port
export ATLAS_PEER_DIGEST_PRISM_URL=http://127.0.0.1:$chain_port
export ATLAS_PEER_DIGEST_USER=$user
export ATLAS_PEER_DIGEST_PASSWORD=$password
export ATLAS_PEER_DIGEST_LOG_DIR=$run
export ATLAS_PEER_OAUTH_URL=http://127.0.0.1:$oauth_port
export ATLAS_PEER_OAUTH_CLIENT_ID=$client_id
export ATLAS_PEER_OAUTH_CLIENT_SECRET=$client_secret
export ATLAS_PEER_OAUTH_TTL=$oauth_ttl
ENV
echo "peers started: prism :$prism_port, apache digest :$digest_port/:$nccheck_port/:$stale_port/:$chain_port, oauth :$oauth_port"
