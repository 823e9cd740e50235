#!/usr/bin/env bash
# Run-time benchmarks: atlas-endpoint against the same calls hand-written with reqwest +
# serde_json, in one run, on a loopback server. Prints every figure of BENCHMARKS.md.
#
#   scripts/bench.sh            # everything (~5 minutes on 2 cores, after the build)
#   QUICK=1 scripts/bench.sh    # shorter measurements, for a smoke run
#
# Needs valgrind (callgrind) for the instruction counts; without it that part is skipped.
# Outputs go to $TARGET/atlas-benches/ (callgrind.out files for callgrind_annotate, TSVs).
set -euo pipefail
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
  count() { # mode n -> total instructions
    valgrind --tool=callgrind --callgrind-out-file="$OUT/callgrind/$1.$2.out" "$PROBE" "$1" "$2" 2>&1 \
      | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
  }
  client_count() { # mode n -> instructions of the calling thread (callgrind's thread 1)
    local file="$OUT/callgrind/client.$1.$2.out"
    rm -f "$file"-*
    ATLAS_BENCH_SERVER=thread valgrind --tool=callgrind --separate-threads=yes \
      --callgrind-out-file="$file" "$PROBE" "$1" "$2" >/dev/null 2>&1
    sed -n 's/^summary: \([0-9]*\).*/\1/p' "$file-01"
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
cargo bench -p atlas-benches --bench wall --quiet -- "${CRITERION[@]}" 2>&1 \
  | grep -E '^(prepare|call)/|time:' || true
python3 - "$TARGET/criterion" <<'PY' | tee "$OUT/wall.tsv"
import json, os, sys
root = sys.argv[1]
print("benchmark\tours_ns\thand_ns\tours/hand")
for group in sorted(os.listdir(root)):
    if not (group.startswith("prepare_") or group.startswith("call_")):
        continue
    def ns(side):
        path = os.path.join(root, group, side, "new", "estimates.json")
        with open(path) as f:
            estimates = json.load(f)
        return estimates["median"]["point_estimate"]
    try:
        ours, hand = ns("ours"), ns("hand")
    except FileNotFoundError:
        continue
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
