#!/usr/bin/env bash
# Proves with curl that each peer started by scripts/peers/start.sh behaves as the interop tests
# expect. Reads .peers/run/env (or $ATLAS_PEERS_RUN/env); exits non-zero on the first surprise.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
run="${ATLAS_PEERS_RUN:-$(cd "$here/../.." && pwd)/.peers/run}"
[[ -f $run/env ]] || { echo "error: $run/env is missing; run scripts/peers/start.sh" >&2; exit 1; }
# shellcheck source=/dev/null
source "$run/env"

group=5f1b2c3d4e5f6a7b8c9d0e1f
v2=/api/atlas/v2
clusters="$v2/groups/$group/clusters"
clusters_accept="Accept: application/vnd.atlas.2024-08-05+json" # listClusters' version
group_accept="Accept: application/vnd.atlas.2023-01-01+json, application/json" # getGroup's
user_pass="$ATLAS_PEER_DIGEST_USER:$ATLAS_PEER_DIGEST_PASSWORD"
checks=0

ok() { checks=$((checks + 1)); echo "ok - $*"; }
fail() { echo "FAIL - $*" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Runs curl; sets $status (of the last response), $headers (of every response, CR stripped)
# and $body.
call() {
  status=$(curl -s -D "$tmp/headers" -o "$tmp/body" -w '%{http_code}' --max-time 10 "$@" || true)
  headers=$(tr -d '\r' <"$tmp/headers")
  body=$(<"$tmp/body")
}
expect() { # status description
  [[ $status == "$1" ]] || fail "$2: status $status, want $1; body: ${body:0:300}"
  ok "$2 ($status)"
}
has() { # haystack needle description
  grep -qiF -- "$2" <<<"$1" || fail "$3: \"$2\" not found in: ${1:0:400}"
}
md5() { printf '%s' "$1" | md5sum | cut -d' ' -f1; }
json_field() { python3 -c 'import json, sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }

# --- Prism serving the official spec.
prism=$ATLAS_PEER_PRISM_URL
call -H "$clusters_accept" -H "Authorization: Bearer ok" "$prism$clusters"
expect 200 "prism: listClusters"
has "$body" '"results"' "prism: listClusters body"
call -H "Accept: application/vnd.atlas.2023-01-01+json" -H "Authorization: Bearer ok" "$prism$clusters"
expect 406 "prism: listClusters with a wrong version"
call -H "$group_accept" -H "Authorization: Bearer ok" "$prism$v2/groups/not-a-group-id"
expect 400 "prism: getGroup with a bad groupId"
has "$headers" 'sl-violations: [{"location":["request","path","groupid"]' "prism: sl-violations header"
call -H "$clusters_accept" -H "Authorization: Bearer ok" "$prism$v2/groups/not-a-group-id/clusters"
expect 422 "prism: listClusters with a bad groupId (no 400 in its spec: problem+json)"
has "$body" '"location":["path","groupid"]' "prism: 422 validation body"

# --- Apache mod_auth_digest, with curl's own Digest client.
digest=$ATLAS_PEER_DIGEST_URL
call "$digest$clusters"
expect 401 "digest: no credentials"
has "$headers" 'WWW-Authenticate: Digest realm="MMS Public API"' "digest: challenge"
has "$headers" 'qop="auth"' "digest: challenge qop"
has "$headers" 'algorithm=MD5' "digest: challenge algorithm"
call --digest -u "$ATLAS_PEER_DIGEST_USER:wrong" "$digest$clusters"
expect 401 "digest: wrong password"
before=$(wc -l <"$ATLAS_PEER_DIGEST_ACCESS_LOG")
call --digest -u "$user_pass" "$digest$clusters?pageNum=1"
expect 200 "digest: GET"
has "$body" '"name":"Cluster0"' "digest: GET body"
has "$headers" 'Content-Type: application/json' "digest: GET content type"
logged=$(tail -n +"$((before + 1))" "$ATLAS_PEER_DIGEST_ACCESS_LOG")
[[ $(cut -d' ' -f1 <<<"$logged" | tr '\n' ' ') == "401 200 " ]] || fail "digest: access log: $logged"
has "$logged" "auth=Digest nc=00000001" "digest: access log"
ok "digest: access log shows curl's 401 then 200"
call --digest -u "$user_pass" -H "Content-Type: application/json" -d '[{"ipAddress":"192.0.2.1"}]' \
  "$digest$v2/groups/$group/accessList"
expect 200 "digest: POST"
for base in "$ATLAS_PEER_DIGEST_NCCHECK_URL" "$ATLAS_PEER_DIGEST_STALE_URL"; do
  call --digest -u "$user_pass" "$base$clusters"
  expect 200 "digest: GET on $base"
done

# --- Hand-made Digest headers, to reuse one nonce as a client with a session would.
challenge() { # base → sets nonce and opaque
  call "$1$clusters"
  [[ $status == 401 ]] || fail "challenge from $1: status $status"
  take_challenge
}
take_challenge() { # from the last 401's headers
  nonce=$(sed -n 's/.*[ ,]nonce="\([^"]*\)".*/\1/p' <<<"$headers")
  opaque=$(sed -n 's/.*[ ,]opaque="\([^"]*\)".*/\1/p' <<<"$headers")
}
digest_get() { # base nc → status
  local ha1 ha2 response cnonce=0a4f113b auth
  ha1=$(md5 "$ATLAS_PEER_DIGEST_USER:$ATLAS_PEER_DIGEST_REALM:$ATLAS_PEER_DIGEST_PASSWORD")
  ha2=$(md5 "GET:$clusters")
  response=$(md5 "$ha1:$nonce:$2:$cnonce:auth:$ha2")
  auth="Digest username=\"$ATLAS_PEER_DIGEST_USER\", realm=\"$ATLAS_PEER_DIGEST_REALM\", nonce=\"$nonce\", uri=\"$clusters\", algorithm=MD5, response=\"$response\", qop=auth, nc=$2, cnonce=\"$cnonce\""
  [[ -z $opaque ]] || auth+=", opaque=\"$opaque\""
  call -H "Authorization: $auth" "$1$clusters"
}
challenge "$digest"
digest_get "$digest" 00000001; expect 200 "digest: one nonce, nc=1"
digest_get "$digest" 00000002; expect 200 "digest: same nonce, nc=2"
challenge "$ATLAS_PEER_DIGEST_NCCHECK_URL"
[[ -n $opaque ]] || fail "nccheck: the challenge has no opaque"
digest_get "$ATLAS_PEER_DIGEST_NCCHECK_URL" 00000001; expect 200 "nccheck: nc=1"
digest_get "$ATLAS_PEER_DIGEST_NCCHECK_URL" 00000002; expect 200 "nccheck: nc=2"
digest_get "$ATLAS_PEER_DIGEST_NCCHECK_URL" 00000002; expect 401 "nccheck: nc=2 replayed"
# Apache answers a replay with a new nonce and restarts the count for this opaque.
take_challenge
digest_get "$ATLAS_PEER_DIGEST_NCCHECK_URL" 00000001; expect 200 "nccheck: the new nonce, nc=1"
challenge "$ATLAS_PEER_DIGEST_STALE_URL"
digest_get "$ATLAS_PEER_DIGEST_STALE_URL" 00000001; expect 200 "stale: fresh nonce"
sleep "$((ATLAS_PEER_DIGEST_STALE_LIFETIME + 1))"
digest_get "$ATLAS_PEER_DIGEST_STALE_URL" 00000002; expect 401 "stale: nonce older than ${ATLAS_PEER_DIGEST_STALE_LIFETIME}s"
has "$headers" 'stale=true' "stale: challenge"
take_challenge
digest_get "$ATLAS_PEER_DIGEST_STALE_URL" 00000001; expect 200 "stale: the new nonce"

# --- Digest in front of Prism.
chain=$ATLAS_PEER_DIGEST_PRISM_URL
call --digest -u "$user_pass" -H "$clusters_accept" "$chain$clusters"
expect 200 "digest+prism: listClusters"
has "$headers" 'Content-type: application/vnd.atlas.2024-08-05+json' "digest+prism: content type"
call --digest -u "$user_pass" -H "$group_accept" "$chain$v2/groups/not-a-group-id"
expect 400 "digest+prism: getGroup with a bad groupId"
has "$headers" 'sl-violations:' "digest+prism: sl-violations header"
call -H "$clusters_accept" "$chain$clusters"
expect 401 "digest+prism: no credentials"

# --- OAuth2 client credentials.
oauth=$ATLAS_PEER_OAUTH_URL
id=$ATLAS_PEER_OAUTH_CLIENT_ID
secret=$ATLAS_PEER_OAUTH_CLIENT_SECRET
call "$oauth/stats"
expect 200 "oauth: stats"
requests_before=$(json_field "$body" tokenRequests)
call -u "$id:$secret" -d grant_type=client_credentials "$oauth/api/oauth/token"
expect 200 "oauth: token (no scope, no resource)"
token=$(json_field "$body" access_token)
[[ $(json_field "$body" expires_in) == "$ATLAS_PEER_OAUTH_TTL" ]] || fail "oauth: expires_in: $body"
[[ $(json_field "$body" token_type) == Bearer ]] || fail "oauth: token_type: $body"
[[ $token != *.* ]] || fail "oauth: the token is a JWT, want opaque: $token"
ok "oauth: opaque Bearer token, expires_in $ATLAS_PEER_OAUTH_TTL"
call -u "$id:wrong" -d grant_type=client_credentials "$oauth/api/oauth/token"
expect 401 "oauth: wrong secret"
has "$body" invalid_client "oauth: wrong secret body"
call -H "Authorization: Bearer $token" "$oauth$clusters"
expect 200 "oauth: protected GET"
[[ $body == '{"ok":true}' ]] || fail "oauth: protected body: $body"
has "$headers" 'content-type: application/json' "oauth: protected content type"
call -H "Authorization: Bearer $token" -H "Content-Type: application/json" -d '{}' "$oauth$clusters"
expect 200 "oauth: protected POST"
call -H "Authorization: Bearer not-a-token" "$oauth$clusters"
expect 401 "oauth: unknown token"
[[ $body == '{"error":401,"errorCode":"UNAUTHORIZED","reason":"Unauthorized","detail":"token expired or invalid"}' ]] ||
  fail "oauth: 401 body: $body"
call "$oauth$clusters"
expect 401 "oauth: no token"
call -u "$id:$secret" -d grant_type=client_credentials "$oauth/api/oauth/token"
revoked=$(json_field "$body" access_token)
call -u "$id:$secret" -d "token=$revoked" "$oauth/api/oauth/revoke"
expect 200 "oauth: revoke"
call -H "Authorization: Bearer $revoked" "$oauth$clusters"
expect 401 "oauth: revoked token"
sleep "$((ATLAS_PEER_OAUTH_TTL + 1))"
call -H "Authorization: Bearer $token" "$oauth$clusters"
expect 401 "oauth: token after its ${ATLAS_PEER_OAUTH_TTL}s lifetime"
call "$oauth/stats"
[[ $(json_field "$body" tokenRequests) == $((requests_before + 3)) ]] || fail "oauth: stats: $body"
ok "oauth: stats counted the 3 token requests"

echo "all $checks peer checks passed"
