#!/usr/bin/env bash
# Times the Java trainer on DJL's PyTorch engine against PyTorch's own Python eager loop
# (reference_loop.py), alternating the two round by round so that the machine's drift hits both,
# and prints the median ms per iteration of each and the median of the rounds' ratios.
#   benchmarks/python/compare.sh [ROUNDS] [THREADS]      (defaults 5 and 1)
# MODELS picks the models (default all four); JAVA_WARMUP the seconds the Java side trains before
# it is timed in each round (gan bench --warmup, default 3): its JIT compiler is still at work then.
# Needs Debian's python3-torch (PyTorch 1.13) and, for the tuned figures, libopenblas0-pthread.
# Both sides run with the launcher's glibc settings; Python also gets OpenBLAS's AVX-512 kernels
# (OPENBLAS_CORETYPE=SkylakeX) and one BLAS thread (PYTHON_BLAS_THREADS), since OpenBLAS's own
# pool beside PyTorch's OpenMP pool oversubscribes the cores.
set -euo pipefail

rounds="${1:-5}"
threads="${2:-1}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
python="${PYTHON:-/usr/bin/python3}"
models="${MODELS:-ring-mlp,mnist-mlp,dcgan28,dcgan64}"
out="$(mktemp -d "${TMPDIR:-/tmp}/gan-vs-python.XXXXXX")"
# The launcher's glibc settings, for the Python side too.
launcher_tunables="$(sed -n 's/^export GLIBC_TUNABLES="\${GLIBC_TUNABLES:-\(.*\)}"$/\1/p' "$root/gan")"
if [ -z "$launcher_tunables" ]; then
  echo "compare.sh: cannot read GLIBC_TUNABLES from $root/gan" >&2
  exit 1
fi
export GLIBC_TUNABLES="${GLIBC_TUNABLES:-$launcher_tunables}"

if ! "$python" -c 'import torch' 2>/dev/null; then
  echo "compare.sh: $python cannot import torch (apt-get install python3-torch)" >&2
  exit 1
fi
# Without OpenBLAS, Debian's PyTorch multiplies matrices with the reference BLAS, 10-20 times
# slower (docs/engines.md): no yardstick.
if ! "$python" -c 'import sys, torch; sys.exit("openblas" not in open("/proc/self/maps").read())'; then
  echo "compare.sh: $python's PyTorch runs on the reference BLAS (apt-get install libopenblas0-pthread)" >&2
  exit 1
fi

for round in $(seq "$rounds"); do
  echo "round $round of $rounds" >&2
  GAN_THREADS="$threads" "$root/gan" bench --engines pytorch --models "$models" \
      --repetitions 1 --warmup "${JAVA_WARMUP:-3}" --dir "$out/java-$round" >/dev/null 2>&1
  tail -n +2 "$out/java-$round/bench.csv" | cut -d, -f1,6 | sed "s/^/$round,java,/" >>"$out/times.csv"
  OPENBLAS_CORETYPE="${OPENBLAS_CORETYPE:-SkylakeX}" OPENBLAS_NUM_THREADS="${PYTHON_BLAS_THREADS:-1}" \
      "$python" "$root/benchmarks/python/reference_loop.py" --models "$models" --threads "$threads" \
      --repetitions 1 --seconds 2 --csv "$out/python-$round.csv" >/dev/null
  sed "s/^/$round,python,/" "$out/python-$round.csv" >>"$out/times.csv"
done

"$python" - "$out/times.csv" "$threads" <<'SUMMARY'
import collections, statistics, sys
times = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    round_, side, model, ms = line.strip().split(",")
    times[model].setdefault(round_, {})[side] = float(ms)
print(f"| model | threads | Java (DJL PyTorch) ms | Python ms | Java / Python, median of rounds |")
print("|---|---|---|---|---|")
for model, rounds in times.items():
    pairs = [r for r in rounds.values() if len(r) == 2]
    java = statistics.median(r["java"] for r in pairs)
    python = statistics.median(r["python"] for r in pairs)
    ratio = statistics.median(r["java"] / r["python"] for r in pairs)
    print(f"| {model} | {sys.argv[2]} | {java:.2f} | {python:.2f} | {ratio:.2f} ({len(pairs)} rounds) |")
SUMMARY
echo "times: $out/times.csv" >&2
