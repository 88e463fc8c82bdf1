#!/usr/bin/env bash
# Trains ring8 and grid25 at their defaults (only --dataset, --seed and --engine given) on several
# seeds with both engines, evaluates every run with `gan eval` (2,500 samples: modes holding >= 1%
# of the samples, modes with any high-quality sample, high-quality share within 3 std, reverse KL
# of the mode histogram), and prints a Markdown table per run and a summary per dataset and engine.
#   benchmarks/mode-coverage.sh [OUT]          default OUT: runs/mode-coverage
# Environment: ENGINES (default "PyTorch MXNet"), RING_SEEDS (default 101..110), GRID_SEEDS
# (default 101..105), DATASETS (default "ring8 grid25"), JOBS (trainings at once, default 1),
# GAN (the launcher, default ./gan of this checkout), REPORT_ONLY=1 (print the tables from the run
# directories already under OUT, training nothing), EXTRA_FLAGS (added to every `gan train`, to
# measure candidate settings against the defaults).
# Opt-in: a grid25 run takes minutes on 2 cores, so the whole set takes hours on one job.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-runs/mode-coverage}"
engines="${ENGINES:-PyTorch MXNet}"
datasets="${DATASETS:-ring8 grid25}"
ring_seeds="${RING_SEEDS:-$(seq -s ' ' 101 110)}"
grid_seeds="${GRID_SEEDS:-$(seq -s ' ' 101 105)}"
gan="${GAN:-$root/gan}"
mkdir -p "$out"

one() {  # DATASET ENGINE SEED: train (unless done) and evaluate one run
  local dir="$out/$1-$2-$3"
  if [ ! -f "$dir/summary.json" ]; then
    "$gan" train --dataset "$1" --engine "$2" --seed "$3" --no-progress --overwrite \
      --out "$dir" ${EXTRA_FLAGS:-} >"$dir.log" 2>&1 || { echo "failed: $dir (see $dir.log)" >&2; return 0; }
  fi
  [ -f "$dir/eval.json" ] || "$gan" eval --run "$dir" >>"$dir.log" 2>&1 \
    || echo "eval failed: $dir (see $dir.log)" >&2
}
export -f one
export out gan EXTRA_FLAGS

if [ -z "${REPORT_ONLY:-}" ]; then
  "$gan" --version >/dev/null  # builds the command line once, up front
  for dataset in $datasets; do
    seeds="$ring_seeds"; [ "$dataset" = grid25 ] && seeds="$grid_seeds"
    for engine in $engines; do
      for seed in $seeds; do echo "$dataset $engine $seed"; done
    done
  done | xargs -P "${JOBS:-1}" -L 1 bash -c 'one "$@"' _
fi

python3 - "$out" "$datasets" "$engines" <<'PY'
import glob, json, os, statistics, sys
out, datasets, engines = sys.argv[1], sys.argv[2].split(), sys.argv[3].split()
print("| dataset | engine | seed | modes >= 1% | modes with a HQ sample | high quality | reverse KL (nats) | train time (s) |")
print("|---|---|---|---|---|---|---|---|")
summary = []
for dataset in datasets:
    for engine in engines:
        rows = []
        for path in sorted(glob.glob(f"{out}/{dataset}-{engine}-*/eval.json"),
                           key=lambda p: int(p.split("-")[-1].split("/")[0])):
            run = os.path.dirname(path)
            c = json.load(open(path))["modeCoverage"]
            seconds = json.load(open(f"{run}/summary.json"))["seconds"]
            seed = run.rsplit("-", 1)[1]
            rows.append((c["modesWithOnePercent"], c["modesCovered"], c["highQualityShare"],
                         c["reverseKl"], seconds))
            print(f"| {dataset} | {engine} | {seed} | {c['modesWithOnePercent']}/{c['modes']} | "
                  f"{c['modesCovered']} | {100 * c['highQualityShare']:.1f}% | "
                  f"{c['reverseKl']:.3f} | {seconds:.0f} |")
        if rows:
            summary.append((dataset, engine, rows))
print()
print("| dataset | engine | runs | modes >= 1%: median (min) | modes with a HQ sample: mean | high quality: median (min) | reverse KL: median | train time: median (s) |")
print("|---|---|---|---|---|---|---|---|")
for dataset, engine, rows in summary:
    med = lambda i: statistics.median(r[i] for r in rows)
    print(f"| {dataset} | {engine} | {len(rows)} | {med(0):g} ({min(r[0] for r in rows)}) | "
          f"{statistics.mean(r[1] for r in rows):.1f} | {100 * med(2):.1f}% "
          f"({100 * min(r[2] for r in rows):.1f}%) | {med(3):.3f} | {med(4):.0f} |")
PY
