#!/usr/bin/env bash
# Stops every peer scripts/peers/start.sh started, by the PIDs it recorded. Safe to repeat.
set -uo pipefail
run="$(cd "$(dirname "$0")/../.." && pwd)/.peers/run"
[[ -d $run ]] || exit 0
if [[ -f $run/apache.conf && -f $run/apache.pid ]]; then
  apache2 -f "$run/apache.conf" -k stop 2>/dev/null
  for _ in $(seq 1 50); do [[ -f $run/apache.pid ]] || break; sleep 0.1; done
fi
for name in prism oauth; do
  if [[ -f $run/$name.pid ]]; then
    kill "$(cat "$run/$name.pid")" 2>/dev/null
    rm -f "$run/$name.pid"
  fi
done
rm -f "$run/env"
