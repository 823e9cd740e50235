#!/usr/bin/env bash
# Runs every cargo-fuzz target for a bounded time (default 60 s each; `scripts/fuzz.sh 300`;
# `FUZZ_TARGETS="template" scripts/fuzz.sh` for some of them)
# and fails when any target finds a crash (its exit status, not its filtered output, decides).
# Not part of CI. Needs cargo-fuzz (installed on first use); on a stable toolchain it runs
# with RUSTC_BOOTSTRAP=1 so rustc accepts the sanitizer flags cargo-fuzz passes.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${1:-60}"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
for target in ${FUZZ_TARGETS:-template digest_challenge error_body}; do
  echo "=== $target (${seconds}s)"
  status=0
  cargo fuzz run "$target" -- -max_total_time="$seconds" -max_len=512 >"$logs/$target" 2>&1 || status=$?
  # The summary lines only; the whole log is shown when the run failed.
  grep -E "^(#[0-9]+.*DONE|Done|INFO: .*corpus|==[0-9]+==|SUMMARY)" "$logs/$target" || true
  if [[ $status -ne 0 ]]; then
    tail -n 40 "$logs/$target"
    echo "$target failed (exit $status): a crash is saved under fuzz/artifacts/$target" >&2
    exit 1
  fi
done
echo "every target ran ${seconds}s without a failure"
