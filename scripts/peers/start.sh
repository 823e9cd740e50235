#!/usr/bin/env bash
# Starts the interop peers on free 127.0.0.1 ports, waits until each answers, records every PID
# in .peers/run/*.pid and writes .peers/run/env (`export NAME=value` lines, see the end of this
# file). Run scripts/peers/install.sh first; scripts/peers/stop.sh stops everything.
#   Prism mocks of the official Atlas spec (its facts-only copy in spec/), one per request-body
#     version slice (scripts/peers/prism_specs.py says why)
#   Apache httpd mod_auth_digest (one server, four ports):
#     digest   MD5 qop=auth, GET/POST answer a static JSON file
#     nccheck  same, with AuthDigestNcCheck On (a replayed nc is refused; an opaque is sent)
#     stale    same, with AuthDigestNonceLifetime 2 (an old nonce gets 401 stale=true)
#     chain    Digest, then the request goes on to Prism with "Authorization: Bearer ok"
#   oidc-provider: client credentials (token lifetime $ATLAS_PEER_OAUTH_TTL, default 2 s) and a
#     protected /api/atlas/v2/* on the same port
#   redis-server: a throwaway in-memory Redis (no persistence) for the fleet token cache
# Settings: ATLAS_PEERS_RUN (run directory, default .peers/run), ATLAS_PEERS_TIMEOUT (seconds to
# wait for the peers, default 120), ATLAS_PEER_OAUTH_TTL.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export ATLAS_PEERS_RUN="${ATLAS_PEERS_RUN:-$root/.peers/run}"
run="$ATLAS_PEERS_RUN"
node_dir="$root/.peers/node"
prism_bin="$node_dir/node_modules/.bin/prism"
spec="$root/spec/atlas-api.json"
timeout="${ATLAS_PEERS_TIMEOUT:-120}"

digest_user=atlas-public-key
digest_password=atlas-private-key-secret
realm="MMS Public API"
stale_lifetime=2
client_id=mdb_sa_id_0123456789abcdef01234567
client_secret=oauth-test-secret
oauth_ttl="${ATLAS_PEER_OAUTH_TTL:-2}"
group=5f1b2c3d4e5f6a7b8c9d0e1f

[[ -x $prism_bin ]] || { echo "error: $prism_bin is missing; run scripts/peers/install.sh" >&2; exit 1; }
[[ -f $spec ]] || { echo "error: the spec copy $spec is missing (tools/spec/refresh.sh writes it)" >&2; exit 1; }
spec="$(cd "$(dirname "$spec")" && pwd)/$(basename "$spec")"

# A clean run directory; peers left over from an earlier start are stopped first.
"$here/stop.sh"
rm -rf "$run"
mkdir -p "$run"

# Until every peer is ready, any failure stops whatever was started.
ready=0
trap '[[ $ready == 1 ]] || "$here/stop.sh" >&2' EXIT

# The specs the Prism mocks serve: one per request-body version slice (see prism_specs.py).
slices=$(python3 "$here/prism_specs.py" "$spec" "$run")

# Distinct free ports (six, plus one per Prism slice), all held open at once so none is handed
# out twice.
read -r oauth_port digest_port nccheck_port stale_port chain_port redis_port prism_ports < <(python3 -c '
import socket, sys
socks = [socket.socket() for _ in range(6 + int(sys.argv[1]))]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in socks))
' "$slices")
read -r -a prism_port_list <<<"$prism_ports"
prism_port=${prism_port_list[0]}

# --- Prism, one per slice (the node process itself: .bin/prism is a node script with a shebang).
for index in "${!prism_port_list[@]}"; do
  "$prism_bin" mock -h 127.0.0.1 -p "${prism_port_list[$index]}" "$run/prism-$index.json" \
    >"$run/prism-$index.log" 2>&1 &
  echo $! >"$run/prism-$index.pid"
done

# --- oidc-provider.
OAUTH_PORT=$oauth_port OAUTH_CLIENT_ID=$client_id OAUTH_CLIENT_SECRET=$client_secret \
  OAUTH_TTL=$oauth_ttl PEERS_NODE_DIR=$node_dir \
  node "$here/oauth-server.mjs" >"$run/oauth.log" 2>&1 &
echo $! >"$run/oauth.pid"

# --- redis-server: loopback only, nothing saved, its files in the run directory.
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
  --dir "$run" --pidfile "$run/redis.pid" --logfile "$run/redis.log" >"$run/redis-start.log" 2>&1 || {
  echo "error: redis-server did not start:" >&2
  cat "$run/redis-start.log" "$run/redis.log" >&2 2>/dev/null || true
  exit 1
}

# --- Apache: password file (htdigest's format: user:realm:md5(user:realm:password)), the JSON
# answered by the static hosts, and a configuration of our own.
md5() { printf '%s' "$1" | md5sum | cut -d' ' -f1; }
printf '%s:%s:%s\n' "$digest_user" "$realm" "$(md5 "$digest_user:$realm:$digest_password")" >"$run/htdigest"
mkdir -p "$run/www" "$run/apache"
printf '{"results":[{"name":"Cluster0"}],"totalCount":1,"links":[]}\n' >"$run/www/answer.json"
if id -u www-data >/dev/null 2>&1; then apache_user=www-data; else apache_user=nobody; fi
apache_group=$(id -gn "$apache_user")
chown "$apache_user" "$run/apache"
modules=/usr/lib/apache2/modules

# One Digest-protected virtual host; $3 is extra configuration inside the <Location>.
vhost() { # name port extra [static|proxy]
  local name=$1 port=$2 extra=$3 backend=$4
  cat <<CONF
<VirtualHost 127.0.0.1:$port>
  CustomLog "$run/$name-access.log" peers
CONF
  if [[ $backend == static ]]; then
    echo "  AliasMatch \"^/api/atlas/v2/\" \"$run/www/answer.json\""
  else
    echo "  ProxyPass \"/api/atlas/v2/\" \"http://127.0.0.1:$prism_port/api/atlas/v2/\""
    echo "  ProxyPassReverse \"/api/atlas/v2/\" \"http://127.0.0.1:$prism_port/api/atlas/v2/\""
  fi
  cat <<CONF
  <Location "/api/atlas/v2/">
    AuthType Digest
    AuthName "$realm"
    AuthDigestDomain /api/atlas/v2/
    AuthDigestProvider file
    AuthUserFile "$run/htdigest"
    Require valid-user
    $extra
  </Location>
</VirtualHost>
CONF
}

cat >"$run/apache.conf" <<CONF
# Generated by scripts/peers/start.sh.
ServerRoot "$run/apache"
DefaultRuntimeDir "$run/apache"
ServerName 127.0.0.1
PidFile "$run/apache.pid"
ErrorLog "$run/apache-error.log"
LogLevel warn
User $apache_user
Group $apache_group
LoadModule mpm_event_module $modules/mod_mpm_event.so
LoadModule authn_core_module $modules/mod_authn_core.so
LoadModule authn_file_module $modules/mod_authn_file.so
LoadModule authz_core_module $modules/mod_authz_core.so
LoadModule authz_user_module $modules/mod_authz_user.so
LoadModule auth_digest_module $modules/mod_auth_digest.so
LoadModule alias_module $modules/mod_alias.so
LoadModule mime_module $modules/mod_mime.so
LoadModule headers_module $modules/mod_headers.so
LoadModule setenvif_module $modules/mod_setenvif.so
LoadModule proxy_module $modules/mod_proxy.so
LoadModule proxy_http_module $modules/mod_proxy_http.so
TypesConfig /etc/mime.types
StartServers 1
AuthDigestShmemSize 1048576
Listen 127.0.0.1:$digest_port
Listen 127.0.0.1:$nccheck_port
Listen 127.0.0.1:$stale_port
Listen 127.0.0.1:$chain_port

# Access log: status first, then what the client's Authorization header carried (read before
# the chain host replaces it), so a test can count 401s and nonce reuse per call, and when
# Apache received the request (µs since the epoch, Apache's clock), so a test can tell which
# nonces Apache had to find stale.
SetEnvIf Authorization "^(\S+)" AUTH_SCHEME=\$1
SetEnvIf Authorization "[ ,]nc=\"?([0-9a-fA-F]+)" AUTH_NC=\$1
SetEnvIf Authorization "[ ,]nonce=\"([^\"]*)\"" AUTH_NONCE=\$1
LogFormat "%>s %m \"%U%q\" auth=%{AUTH_SCHEME}e nc=%{AUTH_NC}e nonce=%{AUTH_NONCE}e t=%{usec}t" peers

<Directory "$run/www">
  Require all granted
  ForceType application/json
</Directory>

$(vhost digest "$digest_port" "" static)
$(vhost nccheck "$nccheck_port" "AuthDigestNcCheck On" static)
$(vhost stale "$stale_port" "AuthDigestNonceLifetime $stale_lifetime" static)
$(vhost chain "$chain_port" 'RequestHeader set Authorization "Bearer ok"' proxy)
CONF
apache2 -f "$run/apache.conf" -k start >"$run/apache-start.log" 2>&1 || {
  echo "error: apache2 did not start:" >&2
  cat "$run/apache-start.log" "$run/apache-error.log" >&2 2>/dev/null || true
  exit 1
}

# --- Wait until each peer gives its expected answer.
deadline=$((SECONDS + timeout))
wait_for() { # name expected-status pid-file log url [curl options…]
  local name=$1 expected=$2 pid_file=$3 log=$4 url=$5 status
  shift 5
  while :; do
    status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$@" "$url" || true)
    [[ $status == "$expected" ]] && return 0
    if [[ ! -f $pid_file ]] || ! kill -0 "$(cat "$pid_file")" 2>/dev/null; then
      echo "error: $name exited before it was ready; $log:" >&2
    elif ((SECONDS >= deadline)); then
      echo "error: $name not ready after ${timeout}s (last status $status, want $expected); $log:" >&2
    else
      sleep 0.2
      continue
    fi
    tail -n 40 "$log" >&2
    exit 1
  done
}
sleep 0.5 # Apache writes its pid file just after forking.
wait_for apache 401 "$run/apache.pid" "$run/apache-error.log" "http://127.0.0.1:$digest_port/api/atlas/v2/"
wait_for oauth 200 "$run/oauth.pid" "$run/oauth.log" "http://127.0.0.1:$oauth_port/stats"
while [[ $(redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null) != PONG ]]; do
  if ((SECONDS >= deadline)); then
    echo "error: redis-server not ready after ${timeout}s; $run/redis.log:" >&2
    tail -n 40 "$run/redis.log" >&2
    exit 1
  fi
  sleep 0.2
done
prism_urls=()
for index in "${!prism_port_list[@]}"; do
  wait_for "prism slice $index" 200 "$run/prism-$index.pid" "$run/prism-$index.log" \
    "http://127.0.0.1:${prism_port_list[$index]}/api/atlas/v2/groups/$group/clusters" \
    -H "Accept: application/vnd.atlas.2024-08-05+json" -H "Authorization: Bearer ok"
  prism_urls+=("http://127.0.0.1:${prism_port_list[$index]}")
done

# --- The settings the tests read.
env_line() { printf 'export %s=%q\n' "$1" "$2"; }
{
  env_line ATLAS_PEER_PRISM_URL "http://127.0.0.1:$prism_port"
  env_line ATLAS_PEER_PRISM_URLS "$(IFS=,; echo "${prism_urls[*]}")"
  env_line ATLAS_PEER_DIGEST_URL "http://127.0.0.1:$digest_port"
  env_line ATLAS_PEER_DIGEST_NCCHECK_URL "http://127.0.0.1:$nccheck_port"
  env_line ATLAS_PEER_DIGEST_STALE_URL "http://127.0.0.1:$stale_port"
  env_line ATLAS_PEER_DIGEST_STALE_LIFETIME "$stale_lifetime"
  env_line ATLAS_PEER_DIGEST_PRISM_URL "http://127.0.0.1:$chain_port"
  env_line ATLAS_PEER_DIGEST_USER "$digest_user"
  env_line ATLAS_PEER_DIGEST_PASSWORD "$digest_password"
  env_line ATLAS_PEER_DIGEST_REALM "$realm"
  env_line ATLAS_PEER_DIGEST_ACCESS_LOG "$run/digest-access.log"
  env_line ATLAS_PEER_DIGEST_LOG_DIR "$run"
  env_line ATLAS_PEER_OAUTH_URL "http://127.0.0.1:$oauth_port"
  env_line ATLAS_PEER_OAUTH_CLIENT_ID "$client_id"
  env_line ATLAS_PEER_OAUTH_CLIENT_SECRET "$client_secret"
  env_line ATLAS_PEER_OAUTH_TTL "$oauth_ttl"
  env_line ATLAS_REDIS_URL "redis://127.0.0.1:$redis_port"
} >"$run/env.tmp"
mv "$run/env.tmp" "$run/env"
ready=1
echo "peers ready in ${SECONDS}s: prism :${prism_ports// /,} ($slices body-version slices), oauth :$oauth_port, redis :$redis_port, apache digest :$digest_port nccheck :$nccheck_port stale :$stale_port chain :$chain_port (settings: $run/env)"
