#!/usr/bin/env bash
# Trains every loss and stabiliser on ring8 and grid25 with both engines on the same budget and
# seed, and prints a Markdown table of modes covered and high-quality share (summary.json).
#   benchmarks/loss-table.sh [STEPS] [SEED] [OUT]       defaults: 3000 1 runs/loss-table
# Environment: ENGINES (default "pytorch mxnet"), DATASETS (default "ring8 grid25"),
# ONLY=REGEX (train only the rows whose name matches), REPORT_ONLY=1 (print the table from the
# run directories already under OUT, training nothing; rows without one read "not run").
# Runs one training at a time; each row's run directory is kept under OUT.
# A cell reads "covered (with >= 1% of samples) of modes, high-quality share".
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
steps="${1:-3000}"
seed="${2:-1}"
out="${3:-runs/loss-table}"
engines="${ENGINES:-pytorch mxnet}"
datasets="${DATASETS:-ring8 grid25}"

# name|flags: every row is the default GAN (non-saturating, Adam 1e-3 decaying linearly) plus
# the flags shown, except the Wasserstein row, which takes that loss's own defaults.
rows=(
  "minimax|--loss minimax"
  "non-saturating|--loss non-saturating"
  "least-squares|--loss least-squares"
  "hinge|--loss hinge"
  "wasserstein (k 5, RMSProp 5e-5, clip 0.01)|--loss wasserstein"
  "non-saturating + spectral norm|--spectral-norm --maxout-pieces 0"
  "hinge + spectral norm|--loss hinge --spectral-norm --maxout-pieces 0"
  "non-saturating + EMA 0.999|--ema 0.999"
  "non-saturating + pack 2|--pack 2"
  "non-saturating + pack 4|--pack 4"
  "non-saturating + label smoothing 0.1|--label-smoothing 0.1"
  "non-saturating + instance noise 0.05|--instance-noise 0.05"
)

mkdir -p "$out"
if [ -z "${REPORT_ONLY:-}" ]; then
  "$root/gan" --version >/dev/null  # builds the command line once, up front
fi

cell() {  # modes covered of N, high-quality share, from one summary.json
  python3 - "$1" <<'PY'
import json, os, sys
if not os.path.exists(sys.argv[1]):
    print("not run")
    sys.exit()
c = json.load(open(sys.argv[1]))["coverage"]
print(f'{c["modesCovered"]} ({c["modesWithOnePercent"]})/{c["modes"]}, {100 * c["highQualityShare"]:.1f}%')
PY
}

header="| loss or stabiliser |"
rule="|---|"
for dataset in $datasets; do
  for engine in $engines; do
    header+=" $dataset $engine |"
    rule+="---|"
  done
done

lines=()
for row in "${rows[@]}"; do
  name="${row%%|*}"
  read -r -a flags <<< "${row#*|}"
  line="| $name |"
  for dataset in $datasets; do
    for engine in $engines; do
      slug="$(echo "$name" | tr -c 'a-zA-Z0-9\n' '-' | tr -s '-')"
      dir="$out/$dataset-$engine-${slug%-}"
      [ -n "${REPORT_ONLY:-}" ] || ! [[ "$name" =~ ${ONLY:-.} ]] || "$root/gan" train --engine "$engine" --dataset "$dataset" --steps "$steps" --seed "$seed" \
        --sample-every 0 --checkpoint-every 0 --no-progress --overwrite --out "$dir" \
        "${flags[@]}" >"$dir.log" 2>&1 || {
          # exit 2 is a refusal before training (for example an exact penalty the engine cannot
          # compute for this D): say so, not "failed"
          if [ "$?" = 2 ]; then line+=" refused (exit 2) |"; else line+=" failed |"; fi
          echo "refused or failed: $dir (see $dir.log)" >&2; continue; }
      result="$(cell "$dir/summary.json")"
      echo "$dataset $engine $name: $result" >&2
      line+=" $result |"
    done
  done
  lines+=("$line")
done

echo "Modes covered (in brackets: holding >= 1% of samples) and high-quality share (samples within"
echo "3 std of a mode), 2,500 samples of the final generator, $steps steps, seed $seed:"
echo
echo "$header"
echo "$rule"
printf '%s\n' "${lines[@]}"
