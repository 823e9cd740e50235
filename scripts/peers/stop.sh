#!/usr/bin/env bash
# Stops the peers scripts/peers/start.sh started, by the PIDs it recorded in .peers/run/*.pid
# (a PID is signalled only while its command line is still the peer's). Safe to call twice.
# Settings: ATLAS_PEERS_RUN (run directory, default .peers/run).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
run="${ATLAS_PEERS_RUN:-$(cd "$here/../.." && pwd)/.peers/run}"
[[ -d $run ]] || exit 0
failed=0

# The PID in a pid file, if that process is alive and its command line contains the pattern.
live_pid() { # pid-file pattern
  local pid
  [[ -f $1 ]] || return 1
  pid=$(<"$1")
  [[ $pid =~ ^[0-9]+$ ]] && [[ -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$2" || return 1
  echo "$pid"
}

# Waits up to 10 s for a PID to exit.
gone() {
  local _
  for _ in $(seq 1 100); do
    kill -0 "$1" 2>/dev/null || return 0
    sleep 0.1
  done
  return 1
}

# Signal every live peer first, then wait for them all (each takes a second or two to exit).
# Apache gets its own stop command, which ends its children too.
declare -A pids=()
peers=(apache:apache2 oauth:oauth-server.mjs redis:redis-server)
for pid_file in "$run"/prism-*.pid; do
  [[ -f $pid_file ]] && peers+=("$(basename "$pid_file" .pid):prism")
done
for peer in "${peers[@]}"; do
  name=${peer%%:*}
  if pid=$(live_pid "$run/$name.pid" "${peer#*:}"); then
    pids[$name]=$pid
    if [[ $name == apache ]]; then
      apache2 -f "$run/apache.conf" -k stop >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
    else
      kill -TERM "$pid" 2>/dev/null || true
    fi
  fi
done
for name in "${!pids[@]}"; do
  pid=${pids[$name]}
  if ! gone "$pid"; then
    echo "$name (pid $pid) ignored SIGTERM; sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
    gone "$pid" || { echo "error: $name (pid $pid) is still running" >&2; failed=1; continue; }
  fi
  rm -f "$run/$name.pid"
done
# Pid files of peers that had already exited.
for peer in "${peers[@]}"; do
  name=${peer%%:*}
  [[ -n ${pids[$name]:-} ]] || rm -f "$run/$name.pid"
done
rm -f "$run/env"
exit "$failed"
