#!/usr/bin/env bash
# Run-time benchmarks: atlas-endpoint against the same calls hand-written with reqwest +
# serde_json, in one run, on a loopback server. Prints every figure of BENCHMARKS.md.
#
#   scripts/bench.sh            # everything (~5 minutes on 2 cores, after the build)
#   QUICK=1 scripts/bench.sh    # shorter measurements, for a smoke run
#
# Needs valgrind (callgrind) for the instruction counts; without it that part is skipped.
# Outputs go to $TARGET/atlas-benches/ (callgrind.out files for callgrind_annotate, TSVs).
# Any failed step fails the script: no figure is printed from an earlier run's files.
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."

TARGET=${CARGO_TARGET_DIR:-$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')}
OUT="$TARGET/atlas-benches"
mkdir -p "$OUT/callgrind"
export ATLAS_BENCH_OUT="$OUT"

if [[ "${QUICK:-0}" == 1 ]]; then
  PREP_N=1000; CALL_N=200; ALLOC_N=500
  CRITERION=(--warm-up-time 0.2 --measurement-time 0.5 --sample-size 10)
  THROUGHPUT=(--rounds 3 --seconds 0.3)
else
  PREP_N=5000; CALL_N=1000; ALLOC_N=2000
  CRITERION=(--warm-up-time 0.5 --measurement-time 2 --sample-size 30)
  THROUGHPUT=(--rounds 21 --seconds 0.4)
fi

echo "== machine"
echo "nproc: $(nproc); $(lscpu | grep -m1 'Model name' | sed 's/  */ /g')"
rustc --version

echo "== build (release, the profile cargo bench uses)"
cargo build --release -p atlas-benches --bins --benches --quiet
PROBE="$TARGET/release/callgrind-probe"

echo
echo "== heap allocations per call, and the size of the call future"
"$TARGET/release/alloc-count" "$ALLOC_N"

echo
if command -v valgrind >/dev/null; then
  # must NAME VALUE: VALUE, or fail the script when the measurement gave none.
  must() {
    [[ -n $2 ]] || { echo "error: no instruction count for $1" >&2; exit 1; }
    echo "$2"
  }
  count() { # mode n -> total instructions
    local log
    log=$(valgrind --tool=callgrind --callgrind-out-file="$OUT/callgrind/$1.$2.out" "$PROBE" "$1" "$2" 2>&1)
    must "$1 $2" "$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' <<<"$log")"
  }
  client_count() { # mode n -> instructions of the calling thread (callgrind's thread 1)
    local file="$OUT/callgrind/client.$1.$2.out"
    rm -f "$file"-*
    ATLAS_BENCH_SERVER=thread valgrind --tool=callgrind --separate-threads=yes \
      --callgrind-out-file="$file" "$PROBE" "$1" "$2" >/dev/null 2>&1
    must "$1 $2 (client thread)" "$(sed -n 's/^summary: \([0-9]*\).*/\1/p' "$file-01")"
  }
  # compare COUNTER TSV BASE_MODE OPERATION:N... -> per operation, (I(N) - I(BASE_MODE, 0)) / N
  # for ours and hand, printed and written to $OUT/TSV.
  compare() {
    local counter=$1 tsv=$2 base spec operation n ours hand
    base=$("$counter" "$3" 0)
    shift 3
    printf 'operation\tn\tours_instr\thand_instr\n' > "$OUT/$tsv"
    printf '%-12s %6s %12s %12s %9s\n' operation N ours hand ours/hand
    for spec in "$@"; do
      operation=${spec%:*} n=${spec#*:}
      ours=$(( ($("$counter" "$operation-ours" "$n") - base) / n ))
      hand=$(( ($("$counter" "$operation-hand" "$n") - base) / n ))
      printf '%-12s %6d %12d %12d %9s\n' "$operation" "$n" "$ours" "$hand" \
        "$(python3 -c "print(f'{$ours/$hand:.3f}')")"
      printf '%s\t%d\t%d\t%d\n' "$operation" "$n" "$ours" "$hand" >> "$OUT/$tsv"
    done
  }
  operations=() calls=()
  while IFS=$'\t' read -r operation _; do
    case $operation in
      prep-*) operations+=("$operation:$PREP_N") ;;
      *) operations+=("$operation:$CALL_N") calls+=("$operation:$CALL_N") ;;
    esac
  done < <("$PROBE" --list)

  echo "== instructions per operation (callgrind; (I(N) - I(0)) / N, set-up excluded)"
  compare count instructions.tsv baseline "${operations[@]}"
  echo "(full calls include the loopback server's instructions, the same for both sides;"
  echo " profiles: callgrind_annotate $OUT/callgrind/<operation>-<side>.<N>.out)"

  echo
  echo "== instructions per full call, client thread alone (server on its own thread, not counted)"
  compare client_count client-instructions.tsv baseline "${calls[@]}"

  echo
  echo "== instructions per bearer call with 64 in flight, client thread alone (fleet-ours/fleet-hand;"
  echo "   which call waits for which varies, so this count moves by about 1 % between runs)"
  compare client_count fleet-instructions.tsv fleet-ours "fleet:$CALL_N"
else
  echo "== valgrind not found: instruction counts skipped"
fi

echo
echo "== wall clock (criterion): preparation and full calls at concurrency 1"
# Criterion's estimates of an earlier run are removed first, so only this run's are read.
rm -rf "$TARGET/criterion"
cargo bench -p atlas-benches --bench wall --quiet -- "${CRITERION[@]}" >"$OUT/wall.log" 2>&1 \
  || { cat "$OUT/wall.log"; echo "error: the wall-clock bench failed" >&2; exit 1; }
grep -E '^(prepare|call)/|time:' "$OUT/wall.log" || true
# Every group this run reported must have both sides' estimates.
groups=$(grep -oE '^(prepare|call)/[a-z_]+' "$OUT/wall.log" | sed 's|/|_|' | sort -u)
python3 - "$TARGET/criterion" $groups <<'PY' | tee "$OUT/wall.tsv"
import json, os, sys
root, groups = sys.argv[1], sys.argv[2:]
if not groups:
    sys.exit("error: no benchmark groups found in wall.rs")
print("benchmark\tours_ns\thand_ns\tours/hand")
for group in groups:
    def ns(side):
        path = os.path.join(root, group, side, "new", "estimates.json")
        if not os.path.exists(path):
            sys.exit(f"error: {group}/{side} has no estimate from this run")
        with open(path) as f:
            return json.load(f)["median"]["point_estimate"]
    ours, hand = ns("ours"), ns("hand")
    print(f"{group}\t{ours:.0f}\t{hand:.0f}\t{ours / hand:.3f}")
PY

echo
echo "== throughput (bearer get_cluster; sides alternate within each round, median round)"
cargo bench -p atlas-benches --bench throughput --quiet -- "${THROUGHPUT[@]}"

echo
echo "== throughput control: a second hand-written client in place of ours (the noise floor;"
echo "   every ratio would be 1.000 on a quiet machine)"
cargo bench -p atlas-benches --bench throughput --quiet -- "${THROUGHPUT[@]}" --control

echo
echo "== throughput with one unrelated timer pending in the runtime (ours holds one per attempt for"
echo "   its timeouts, hand-written none: here both run under the same runtime conditions)"
cargo bench -p atlas-benches --bench throughput --quiet -- "${THROUGHPUT[@]}" --pending-timer

echo
echo "Figures written to $OUT/{allocations,instructions,client-instructions,fleet-instructions,wall,throughput,throughput-control,throughput-pending-timer}.tsv"
