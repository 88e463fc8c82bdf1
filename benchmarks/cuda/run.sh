#!/usr/bin/env bash
# Runs the toolkit on a GPU host that has a CUDA build of PyTorch in Python but no Java and no
# network (PyTorch 2.11 with CUDA 13, say: not the libtorch 2.7.1 that DJL 0.36 ships a bridge for).
# Needs benchmarks/cuda/dist/ from prepare.sh (a jlink runtime, the jars, DJL's JNI sources), a
# C++17 compiler, and python3 with torch. Every step logs to benchmarks/cuda/work/logs/.
#
#   benchmarks/cuda/run.sh [--dry-run] [STEP...]     (default: all)
#
# Steps, in order:
#   build    compile DJL 0.36's PyTorch JNI bridge against the host's libtorch (kept in work/jni/
#            for the next call)
#   check    gan engines: the engine loads the host's libtorch and sees the GPU
#   ring8    the default run (ring of 8 Gaussians, 10,000 steps) on the device
#   dcgan    a Fashion-MNIST-sized DCGAN (28x28 gray, batch 64; random pixels) for $DCGAN_STEPS
#   bench    gan bench on the device, the PyTorch engine, every reference model
#   parity   CPU against GPU: one run's checkpoint resumed on each for $PARITY_STEPS steps, same
#            parameters, same batches and noise (drawn on the host); the losses side by side
#   all      all of the above
#   variants (not in all: a second command) every architecture and stabiliser for 20 steps on the
#            device, then gan sample, gan eval and a resume to 30 steps on it: an array made on
#            the wrong device fails here
#
# --dry-run prints what each step would run, after checking the inputs, without compiling or
# running anything. Environment: PYTHON (python3 with torch), DEVICE (gpu; cpu to check the
# script against a CPU libtorch), RING8_STEPS (the default, 10,000), DCGAN_STEPS (300),
# PARITY_STEPS (5), BENCH_SECONDS (2),
# BENCH_REPETITIONS (3), GAN_THREADS (CPU threads for the engine, default 1), JOBS (compiler jobs,
# default nproc).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dist="$here/dist"
work="$here/work"
dry=false
steps=()
for arg in "$@"; do
  case "$arg" in
    --dry-run) dry=true ;;
    build | check | ring8 | dcgan | bench | parity | variants) steps+=("$arg") ;;
    all) steps+=(build check ring8 dcgan bench parity) ;;
    -h | --help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown step '$arg' (build, check, ring8, dcgan, bench, parity, variants, all)" >&2
       exit 2 ;;
  esac
done
[ "${#steps[@]}" -gt 0 ] || steps=(build check ring8 dcgan bench parity)
device="${DEVICE:-gpu}"
dcgan_steps="${DCGAN_STEPS:-300}"
parity_steps="${PARITY_STEPS:-5}"
threads="${GAN_THREADS:-1}"

say() { echo "run.sh: $*" >&2; }
die() { echo "run.sh: $*" >&2; exit 2; }

# --- inputs ---------------------------------------------------------------------------------------
java="$dist/jre/bin/java"
header="$dist/djl/include/ai_djl_pytorch_jni_PyTorchLibrary.h"
native="$dist/djl/engines/pytorch/pytorch-native/src/main/native"
[ -x "$java" ] && [ -f "$header" ] && [ -d "$native" ] && [ -f "$dist/lib/gan-cli.jar" ] \
  || die "no prepared dist/ (run benchmarks/cuda/prepare.sh DJL_CLONE where Java and Maven are)"
ls "$dist"/lib/pytorch-native-*.jar >/dev/null 2>&1 \
  && die "dist/lib holds a PyTorch native jar, which would shadow the host's libtorch"
python="${PYTHON:-}"
if [ -z "$python" ]; then
  for candidate in python3 /usr/bin/python3; do
    if "$candidate" -c 'import torch' >/dev/null 2>&1; then python="$candidate"; break; fi
  done
fi
[ -n "$python" ] || die "no python3 that can import torch (set PYTHON)"

# What the host's PyTorch is: version, CUDA, headers, libraries, C++ ABI, GPUs, libcudart's folder.
eval "$("$python" - <<'PY'
import glob, os, re, shlex, torch
from torch.utils import cpp_extension
root = os.path.dirname(torch.__file__)
version = re.match(r"\d+\.\d+\.\d+", torch.__version__).group(0)
cuda = torch.version.cuda or ""
cudart = sorted(glob.glob(os.path.join(root, "..", "nvidia", "**", "libcudart.so*"), recursive=True))
values = {
    "torch_version": version,
    "torch_full_version": torch.__version__,
    "torch_cuda": cuda,
    "torch_lib": os.path.join(root, "lib"),
    "torch_includes": " ".join(cpp_extension.include_paths()),
    "torch_abi": str(int(torch._C._GLIBCXX_USE_CXX11_ABI)),
    "torch_gpus": str(torch.cuda.device_count() if torch.cuda.is_available() else 0),
    "cudart_dir": os.path.dirname(os.path.realpath(cudart[0])) if cudart else "",
}
for key, value in values.items():
    print(f"{key}={shlex.quote(value)}")
PY
)"
if [ -n "$torch_cuda" ]; then
  flavor="cu$(printf '%s' "$torch_cuda" | tr -d .)"
else
  flavor=cpu
fi
# DJL's sources select the pre-2.2 API with V1_13_X (its build.sh does so for 1.13 to 2.1).
pt_define=""
if [ "$(printf '%s\n2.2.0\n' "$torch_version" | sort -V | head -n 1)" = "$torch_version" ] \
    && [ "$torch_version" != 2.2.0 ]; then
  pt_define="-DV1_13_X"
fi
say "PyTorch $torch_full_version (libtorch $torch_lib, CUDA ${torch_cuda:-none}, $torch_gpus GPU(s));" \
  "JNI flavour $flavor; device $device"
if [ "$device" != cpu ] && [ "$torch_gpus" = 0 ] && ! $dry; then
  die "PyTorch sees no GPU on this host; DEVICE=cpu runs the steps on the CPU"
fi

jni_dir="$work/jni/$torch_version-$flavor"
jni="$jni_dir/libdjl_torch.so"
mkdir -p "$work/logs"

# DJL finds a JNI bridge for a libtorch given by PYTORCH_LIBRARY_PATH in its cache folder, under
# <PYTORCH_VERSION>-<PYTORCH_FLAVOR>-<platform>/<DJL version>-libdjl_torch.so (LibUtils).
cache="$work/djl-cache"
export ENGINE_CACHE_DIR="$cache"
export PYTORCH_LIBRARY_PATH="$torch_lib" PYTORCH_VERSION="$torch_version" PYTORCH_FLAVOR="$flavor"
# The launcher's glibc settings (see ./gan).
export GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.mmap_threshold=268435456:glibc.malloc.trim_threshold=536870912:glibc.malloc.arena_max=1}"
java_opts=(-Djava.awt.headless=true -Dai.djl.offline=true
  -Dai.djl.pytorch.num_threads="$threads" -Dai.djl.pytorch.num_interop_threads=1
  -Dgan.threads="$threads" -Dgan.git.commit="$(cat "$dist/COMMIT" 2>/dev/null || true)")
# DJL counts GPUs through libcudart, which pip's PyTorch keeps in its nvidia packages.
[ -n "$cudart_dir" ] && java_opts+=(-Djna.library.path="$cudart_dir")

gan() {
  if $dry; then
    echo "  $java ${java_opts[*]} -cp $dist/lib/* io.github.djlgan.cli.GanCli $*"
    return 0
  fi
  "$java" "${java_opts[@]}" -cp "$dist/lib/*" io.github.djlgan.cli.GanCli "$@"
}

# Runs a step, logs it, prints its time.
step() {
  local name="$1" started status
  shift
  say "== $name"
  started=$(date +%s%N)
  if $dry; then
    "$@"
    return 0
  fi
  set +e
  "$@" 2>&1 | tee "$work/logs/$name.log"
  status=${PIPESTATUS[0]}
  set -e
  say "== $name: exit $status, $((($(date +%s%N) - started) / 1000000)) ms"
  [ "$status" -eq 0 ] || die "step $name failed (log: $work/logs/$name.log)"
}

# --- steps ----------------------------------------------------------------------------------------
build() {
  local objects="$work/jni/objects-$torch_version-$flavor" includes=() dir
  for dir in $torch_includes; do includes+=(-I "$dir"); done
  includes+=(-I "$dist/jre/include" -I "$dist/jre/include/linux" -I "$dist/djl/include"
    -I "$dist/djl/api/src/main/native")
  local flags=(-std=c++17 -O2 -fPIC -w "-D_GLIBCXX_USE_CXX11_ABI=$torch_abi" $pt_define)
  if $dry; then
    echo "  c++ ${flags[*]} ${includes[*]} -c $native/*.cc   (${JOBS:-$(nproc)} jobs)"
    echo "  c++ -shared -o $jni *.o -L $torch_lib -ltorch -ltorch_cpu -lc10"
    echo "  cp $jni $cache/pytorch/$torch_version-$flavor-linux-x86_64/<DJL version>-libdjl_torch.so"
    return 0
  fi
  command -v c++ >/dev/null || die "no C++ compiler (c++) on this host"
  if [ ! -f "$jni" ]; then
    rm -rf "$objects" && mkdir -p "$objects" "$jni_dir"
    # One compiler per source file, in parallel: each includes all of torch/torch.h.
    ls "$native"/*.cc | xargs -P "${JOBS:-$(nproc)}" -I{} sh -c \
      'c++ "$@" -c "$0" -o "'"$objects"'/$(basename "$0" .cc).o"' {} "${flags[@]}" "${includes[@]}"
    c++ -shared -o "$jni.tmp" "$objects"/*.o -L "$torch_lib" -ltorch -ltorch_cpu -lc10 \
      -Wl,-rpath,"$torch_lib"
    mv "$jni.tmp" "$jni"
  fi
  local djl_version
  djl_version="$(sed -n 's/^DJL \([0-9.]*\) .*/\1/p' "$dist/djl/SOURCE")"
  mkdir -p "$cache/pytorch/$torch_version-$flavor-linux-x86_64"
  cp "$jni" "$cache/pytorch/$torch_version-$flavor-linux-x86_64/$djl_version-libdjl_torch.so"
  ls -la "$jni"
}

check() {
  if $dry; then
    gan engines
    return 0
  fi
  local listing
  listing="$(gan engines)"
  echo "$listing"
  # gan engines: "PyTorch  2.11.0  devices: cpu, gpu:0"
  if [ "$device" != cpu ] && ! grep -q '^PyTorch .*devices: .*gpu:0' <<<"$listing"; then
    echo "the PyTorch engine does not see the GPU that PyTorch in Python sees" >&2
    return 1
  fi
}

ring8() {
  rm -rf "$work/runs/ring8"
  gan train --device "$device" --seed 1 --no-progress --out "$work/runs/ring8" \
    ${RING8_STEPS:+--steps "$RING8_STEPS"}
}

# Random 28x28 gray images in Fashion-MNIST's IDX files: the same shapes and work per step.
random_images() {
  local dir="$work/random-idx"
  [ -f "$dir/t10k-labels-idx1-ubyte.gz" ] && return 0
  mkdir -p "$dir"
  "$python" - "$dir" <<'PY'
import gzip, os, random, struct, sys
out = sys.argv[1]
rng = random.Random(1)
for split, n in (("train", 10000), ("t10k", 2000)):
    with gzip.open(os.path.join(out, f"{split}-images-idx3-ubyte.gz"), "wb", compresslevel=1) as f:
        f.write(struct.pack(">IIII", 2051, n, 28, 28))
        f.write(rng.randbytes(n * 28 * 28))
    with gzip.open(os.path.join(out, f"{split}-labels-idx1-ubyte.gz"), "wb") as f:
        f.write(struct.pack(">II", 2049, n))
        f.write(bytes(rng.randrange(10) for _ in range(n)))
PY
}

dcgan() {
  $dry || random_images
  rm -rf "$work/runs/dcgan"
  gan train --device "$device" --dataset fashion-mnist --data-dir "$work/random-idx" \
    --steps "$dcgan_steps" --seed 1 --no-progress --out "$work/runs/dcgan"
}

bench() {
  gan bench --engines pytorch --device "$device" --seconds "${BENCH_SECONDS:-2}" \
    --repetitions "${BENCH_REPETITIONS:-3}" --dir "$work/runs/bench"
}

# The same checkpoint (made on the CPU) resumed on the CPU and on the device for a few steps, a
# metrics.csv row per step; the noise and the real batches are drawn on the host, so both sides
# see the same numbers, and what differs is the engine's arithmetic on each device.
parity() {
  local base="$work/runs/parity-base" warm=10 until
  until=$((warm + parity_steps))
  rm -rf "$work/runs/parity-"*
  gan train --device cpu --arch dcgan --dataset fashion-mnist --data-dir "$work/random-idx" \
    --steps "$warm" --checkpoint-every "$warm" --log-every 1 --sample-every 0 --seed 2 \
    --no-progress --out "$base"
  $dry || { cp -r "$base" "$work/runs/parity-cpu" && cp -r "$base" "$work/runs/parity-gpu"; }
  gan train --resume "$work/runs/parity-cpu" --device cpu --steps "$until" --no-progress
  gan train --resume "$work/runs/parity-gpu" --device "$device" --steps "$until" --no-progress
  $dry && return 0
  "$python" - "$work/runs/parity-cpu/metrics.csv" "$work/runs/parity-gpu/metrics.csv" "$warm" <<'PY'
import csv, sys
cpu, gpu, warm = sys.argv[1], sys.argv[2], int(sys.argv[3])
def rows(path):
    with open(path) as f:
        return {int(r["step"]): r for r in csv.DictReader(f) if int(r["step"]) > warm}
a, b = rows(cpu), rows(gpu)
columns = [c for c in next(iter(a.values())) if c not in ("step",) and "ms" not in c and "time" not in c]
print("| step | " + " | ".join(f"{c} cpu | {c} gpu" for c in columns) + " |")
worst = {c: 0.0 for c in columns}
for step in sorted(a):
    cells = []
    for c in columns:
        x, y = float(a[step][c]), float(b[step][c])
        worst[c] = max(worst[c], abs(x - y) / max(abs(x), 1e-12))
        cells.append(f"{x:.6g} | {y:.6g}")
    print(f"| {step} | " + " | ".join(cells) + " |")
print("largest relative difference: " + ", ".join(f"{c} {v:.2e}" for c, v in worst.items()))
PY
}

# Each variant: name, then its flags (RANDOM: the random Fashion-MNIST-sized images).
variant_list() {
  cat <<'LIST'
mlp-ring8 --dataset ring8
dcgan --dataset fashion-mnist --data-dir RANDOM
conditional --dataset fashion-mnist --data-dir RANDOM --conditional
packed --dataset fashion-mnist --data-dir RANDOM --pack 2
spectral-norm --dataset fashion-mnist --data-dir RANDOM --spectral-norm
ema --dataset fashion-mnist --data-dir RANDOM --ema 0.999
augment --dataset fashion-mnist --data-dir RANDOM --augment color,translation,cutout
penalty-r1 --dataset fashion-mnist --data-dir RANDOM --penalty r1 --penalty-weight 1
LIST
}

variants() {
  local name flags run out
  while read -r name flags; do
    run="$work/runs/variant-$name"
    flags="${flags//RANDOM/$work/random-idx}"
    out="$run/sampled.png"
    [ "$name" = mlp-ring8 ] && out="$run/sampled.csv"
    say "variant $name: $flags"
    $dry || rm -rf "$run"
    # shellcheck disable=SC2086 # the flags are words
    gan train --device "$device" $flags --steps 20 --checkpoint-every 10 --sample-every 10 \
      --seed 3 --no-progress --out "$run"
    gan sample --run "$run" --device "$device" --count 16 --out "$out"
    gan eval --run "$run" --device "$device" --samples 256 --test-count 256 \
      --cache-dir "$work/eval-cache"
    gan train --resume "$run" --device "$device" --steps 30 --no-progress
  done < <(variant_list)
}

$dry && say "dry run: nothing is compiled or run"
for name in "${steps[@]}"; do
  case "$name" in dcgan | parity | variants) $dry || random_images ;; esac
  step "$name" "$name"
done
