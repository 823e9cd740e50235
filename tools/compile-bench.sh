#!/usr/bin/env bash
# Compile cost of declaring every served version of every Atlas operation with #[atlas_endpoint]
# (tests/all-operations) against the same functions hand-written as plain reqwest calls
# (benches/compile-baseline), measured in one run. A benchmark, not a test. Writes
# COMPILE-BENCH.md, keeping its "## First build" (tools/first-build-bench.sh) and "## Earlier
# runs" sections.
#
#   tools/compile-bench.sh [RUNS]      (default 3; the best of RUNS is kept)
#
# Method:
# - Its own target directory (target/compile-bench) with incremental compilation off, so the
#   numbers are full rebuilds of one crate and the workspace's target/ is left alone. The first
#   run builds the dependencies there once (a few minutes); they are not part of any figure.
# - For each crate: touch its source, `cargo build -p CRATE` / `cargo check -p CRATE`; the two
#   crates alternate within each round so that both see the same machine load.
# - The catalog's own cost: a rebuild of the data crate (atlas-endpoint-catalog: operations
#   and schemas) and of the macro crate alone.
# - Expanded code: each crate's lib expanded by rustc itself (`-Zunpretty=expanded`, allowed on
#   stable through RUSTC_BOOTSTRAP=1 for that one rustc invocation, with the dependencies built
#   above), lines per operation, with and without `#[doc]` lines. The time of that invocation
#   is parsing + macro expansion (no type checking).
#
# What the baseline leaves out (so the comparison is a floor, not feature-equal code): it does
# not validate path values against the spec's patterns or percent-encode them (a value with `/`
# or `?` changes the URL), has no typed Atlas errors (reqwest's `error_for_status`), no retries,
# timeouts, authentication, rate-limit handling or deprecation notices. atlas-endpoint does all
# of that once, in the runtime crate (a prebuilt dependency here); each declaration adds only a
# constant and a call.
#
# Every step's failure fails the script: no time is reported for a build that failed.
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
runs="${1:-3}"
export CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$PWD/target/compile-bench"
crates=(atlas-all-operations atlas-compile-baseline)
declare -A sources=([atlas-all-operations]=tests/all-operations/src/operations.rs
  [atlas-compile-baseline]=benches/compile-baseline/src/operations.rs)
declare -A libs=([atlas-all-operations]=tests/all-operations/src/lib.rs
  [atlas-compile-baseline]=benches/compile-baseline/src/lib.rs)
operations=$(grep -c '^#\[atlas_endpoint(' tests/all-operations/src/operations.rs)
table_operations=$(grep -c '^    Operation {' catalog/src/operations.rs)

echo "building dependencies in $CARGO_TARGET_DIR (once)…" >&2
cargo build -q -p atlas-all-operations -p atlas-compile-baseline
cargo build -q -p atlas-all-operations --features atlas-endpoint/manifest
cargo check -q -p atlas-all-operations -p atlas-compile-baseline
cargo build -q -p atlas-models-baseline
cargo build -q -p atlas-models-baseline --features checked
models=$(grep -c '^pub struct' benches/models-baseline/src/models.rs)
fields=$(grep -c '^    pub ' benches/models-baseline/src/models.rs)

now() { date +%s.%N; }
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$1" "$2"; }
min() { python3 -c "import sys; print(f'{min(map(float, sys.argv[1:])):.2f}')" "$@"; }
timed() { # command… -> wall seconds; fails (and so stops the script) when the command fails
  local start log
  start=$(now)
  log=$(mktemp)
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "error: failed: $*" >&2
    return 1
  fi
  rm -f "$log"
  elapsed "$start" "$(now)"
}

# 1. The two crates, alternating.
declare -A build check
registered=""
for _ in $(seq "$runs"); do
  for crate in "${crates[@]}"; do
    touch "${sources[$crate]}"
    build[$crate]+=" $(timed cargo build -q -p "$crate")"
    touch "${sources[$crate]}"
    check[$crate]+=" $(timed cargo check -q -p "$crate")"
  done
  # The same declarations, each registered for `manifest()` (the runtime's feature `manifest`).
  touch "${sources[atlas-all-operations]}"
  registered+=" $(timed cargo build -q -p atlas-all-operations --features atlas-endpoint/manifest)"
  echo "round done: build${build[atlas-all-operations]##* } vs${build[atlas-compile-baseline]##* } s" >&2
done
for crate in "${crates[@]}"; do
  build[$crate]=$(min ${build[$crate]})
  check[$crate]=$(min ${check[$crate]})
done
registered=$(min $registered)

# 1b. Size: text + data of the declarations crate's release rlib (`size -t`), without and with
#     the manifest registrations.
rlib_size() { # cargo args… -> bytes
  cargo build -q --release -p atlas-all-operations "$@"
  local rlib
  rlib=$(cargo build -q --release -p atlas-all-operations "$@" --message-format=json |
    python3 -c '
import json, sys
for line in sys.stdin:
    message = json.loads(line)
    if message.get("reason") == "compiler-artifact" and message["target"]["name"] == "atlas_all_operations":
        print(next(name for name in message["filenames"] if name.endswith(".rlib")))')
  size -t "$rlib" | awk 'END { print $1 + $2 }'
}
plain_size=$(rlib_size)
registered_size=$(rlib_size --features atlas-endpoint/manifest)

# 2. The models: the same structs built as plain serde structs and with #[derive(AtlasModel)]
#    (the crate's `checked` feature), alternating.
plain_times="" checked_times=""
for _ in $(seq "$runs"); do
  touch benches/models-baseline/src/models.rs
  plain_times+=" $(timed cargo build -q -p atlas-models-baseline)"
  touch benches/models-baseline/src/models.rs
  checked_times+=" $(timed cargo build -q -p atlas-models-baseline --features checked)"
done
plain_build=$(min $plain_times)
checked_build=$(min $checked_times)

# 3. The catalog's own cost: the data crate (operations and schemas) and the macro crate.
macro_times="" table_times=""
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for _ in $(seq "$runs"); do
  touch catalog/src/lib.rs
  table_times+=" $(timed cargo build -q -p atlas-endpoint-catalog)"
  touch macros/src/lib.rs
  macro_times+=" $(timed cargo build -q -p atlas-endpoint-macros)"
done
macro_build=$(min $macro_times)
table_build=$(min $table_times)

# 4. Expanded code, by rustc. The externs are the rlibs cargo built above.
artifacts=$(cargo build -q -p atlas-all-operations -p atlas-compile-baseline --message-format=json |
  python3 -c '
import json, sys
for line in sys.stdin:
    message = json.loads(line)
    if message.get("reason") == "compiler-artifact":
        for name in message["filenames"]:
            if name.endswith(".rlib"):
                print(message["target"]["name"], name)
')
rlib() { awk -v name="$1" '$1 == name { print $2 }' <<<"$artifacts"; }
declare -A externs=(
  [atlas-all-operations]="--extern atlas_endpoint=$(rlib atlas_endpoint) --extern serde_json=$(rlib serde_json)"
  [atlas-compile-baseline]="--extern reqwest=$(rlib reqwest) --extern serde_json=$(rlib serde_json)")
declare -A expanded code expand_time
for crate in "${crates[@]}"; do
  times=""
  for _ in $(seq "$runs"); do
    start=$(now)
    # shellcheck disable=SC2086
    RUSTC_BOOTSTRAP=1 rustc --edition 2024 --crate-type lib --crate-name "${crate//-/_}" \
      -Zunpretty=expanded "${libs[$crate]}" -L "dependency=$CARGO_TARGET_DIR/debug/deps" \
      ${externs[$crate]} >"$scratch/$crate.expanded.rs"
    times+=" $(elapsed "$start" "$(now)")"
  done
  expand_time[$crate]=$(min $times)
  expanded[$crate]=$(grep -c . "$scratch/$crate.expanded.rs")
  code[$crate]=$(python3 -c '
import re, sys
text = open(sys.argv[1]).read()
text = re.sub(r"#\[doc\s*=\s*r?\"(?:[^\"\\]|\\.)*\"\]", "", text, flags=re.S)  # doc attributes
print(sum(1 for line in text.splitlines() if line.strip()))' "$scratch/$crate.expanded.rs")
done

# 5. The report.
report=$(python3 - "$operations" "$runs" \
  "${build[atlas-all-operations]}" "${build[atlas-compile-baseline]}" \
  "${check[atlas-all-operations]}" "${check[atlas-compile-baseline]}" \
  "${expand_time[atlas-all-operations]}" "${expand_time[atlas-compile-baseline]}" \
  "${expanded[atlas-all-operations]}" "${expanded[atlas-compile-baseline]}" \
  "${code[atlas-all-operations]}" "${code[atlas-compile-baseline]}" \
  "$(grep -cv '^\s*$' "${sources[atlas-all-operations]}")" "$(grep -cv '^\s*$' "${sources[atlas-compile-baseline]}")" \
  "$macro_build" "$table_build" "$(nproc)" "$(rustc -V)" "$table_operations" \
  "$plain_build" "$checked_build" "$models" "$fields" "$registered" "$plain_size" "$registered_size" <<'PY'
import sys
(ops, runs, mb, bb, mc, bc, me, be, mx, bx, mcode, bcode, msrc, bsrc, macro, table, cores, rustc, table_ops,
 plain, checked, models, fields, registered, plain_size, registered_size) = sys.argv[1:]
ops = int(ops)
f = float
print(f"""| | `#[atlas_endpoint]` (tests/all-operations) | hand-written reqwest (benches/compile-baseline) | ratio |
|---|---|---|---|
| `cargo build -p …` (s) | {mb} | {bb} | **{f(mb) / f(bb):.2f}×** |
| `cargo check -p …` (s) | {mc} | {bc} | **{f(mc) / f(bc):.2f}×** |
| … build with feature `manifest` (s) | {registered} | {bb} | **{f(registered) / f(bb):.2f}×** |
| per declaration, build (ms) | {f(mb) / ops * 1000:.1f} | {f(bb) / ops * 1000:.1f} | |
| parse + expand, rustc (s) | {me} | {be} | {f(me) / f(be):.2f}× |
| source lines (non-blank) | {msrc} | {bsrc} | {int(msrc) / int(bsrc):.2f}× |
| expanded lines per declaration | {int(mx) / ops:.1f} | {int(bx) / ops:.1f} | {int(mx) / int(bx):.2f}× |
| … without doc lines | {int(mcode) / ops:.1f} | {int(bcode) / ops:.1f} | {int(mcode) / int(bcode):.2f}× |

Goal: build and check within 1.25× of the hand-written crate.

With the runtime's feature `manifest`, each declaration also registers itself for
`atlas_endpoint::manifest()` (an `inventory` constructor): {(f(registered) - f(mb)) / ops * 1000:.2f} ms more per
declaration ({f(registered) / f(mb):.2f}× the build without it); the feature is off by default and can be
enabled for tests alone. In size (text + data of the crate's release rlib, `size -t`): {int(plain_size) / ops:.0f} bytes per
declaration without the feature, {int(registered_size) / ops:.0f} with it (the catalog facts, the registration and
its constructor; a program then keeps every declared endpoint, where without the feature the
linker keeps only those it calls).

The baseline is minimal hand-written code, not feature-equal: it neither validates nor
percent-encodes path values, and has no typed Atlas errors, retries, timeouts, authentication,
rate-limit handling or deprecation notices (atlas-endpoint does these once, in its runtime crate,
prebuilt here).

The models (`benches/models-baseline`: the {models} structs of `tests/all-models`, {fields} fields):
built as plain serde structs {plain} s, with `#[derive(AtlasModel)]` checking every field against
the catalog {checked} s: **{f(checked) / f(plain):.2f}×** ({(f(checked) - f(plain)) / int(fields) * 1000:.2f} ms per field). The checks are
constants evaluated by the compiler; the compiled code is the same serde code.

The catalog: a rebuild of the data crate `atlas-endpoint-catalog` ({table_ops} operations with
every served version of each, and the component schemas) takes {table} s, a rebuild of the macro
crate `atlas-endpoint-macros` alone {macro} s; looking a declaration up is a linear scan of
{table_ops} entries, part of the parse + expand time above.

{ops} declarations (one per served operation-version), best of {runs} runs, dependencies
prebuilt, incremental compilation off;
{cores} cores; {rustc}.""")
PY
)
earlier=$(sed -n '/^## \(First build\|Earlier runs\)/,$p' COMPILE-BENCH.md 2>/dev/null || true)
{
  echo "# Compile cost: every Atlas operation-version, macro vs hand-written"
  echo
  echo "Measured by \`tools/compile-bench.sh\` (the method is described at the top of the script)."
  echo
  echo "$report"
  if [[ -n $earlier ]]; then
    echo
    echo "$earlier"
  fi
} >COMPILE-BENCH.md
echo "$report"
echo
echo "written to COMPILE-BENCH.md"
