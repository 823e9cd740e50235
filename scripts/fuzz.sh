#!/usr/bin/env bash
# Runs every cargo-fuzz target for a bounded time (default 60 s each; `scripts/fuzz.sh 300`).
# Not part of CI. Needs cargo-fuzz (installed on first use); on a stable toolchain it runs
# with RUSTC_BOOTSTRAP=1 so rustc accepts the sanitizer flags cargo-fuzz passes.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${1:-60}"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1
for target in template digest_challenge error_body; do
  echo "=== $target (${seconds}s)"
  cargo fuzz run "$target" -- -max_total_time="$seconds" -max_len=512 2>&1 | grep -E "^(#[0-9]+.*DONE|Done|INFO: .*corpus|==[0-9]+==|SUMMARY)" || true
  test "${PIPESTATUS[0]}" -eq 0 || { echo "$target found a failure: see fuzz/artifacts/$target"; exit 1; }
done
