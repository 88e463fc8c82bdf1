#!/usr/bin/env bash
# Tests gan-cli/src/main/sh/gpu-natives.sh (the launcher's GPU arrangement) with a fake nvidia-smi
# on PATH, a fake lib folder of empty jars and a fake DJL cache. Needs no GPU, no network, no Java.
# Run by GpuLauncherTest; alone: bash gan-cli/src/test/sh/gpu-natives-test.sh
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
helper="$here/../../main/sh/gpu-natives.sh"
work="$(mktemp -d "${TMPDIR:-/tmp}/gpu-natives-test.XXXXXX")"
trap 'rm -rf "$work"' EXIT

lib="$work/lib"
mkdir -p "$lib" "$work/bin-gpu" "$work/bin-old-driver" "$work/bin-no-gpu" "$work/cache"
for j in gan-djl-0.1.0-SNAPSHOT pytorch-engine-0.36.0 pytorch-jni-2.7.1-0.36.0 \
    pytorch-native-cpu-2.7.1-linux-x86_64 mxnet-native-mkl-1.9.1-linux-x86_64; do
  : >"$lib/$j.jar"
done
fake_smi() {  # DIR CUDA-VERSION: an nvidia-smi listing one GPU with a driver for that CUDA
  cat >"$1/nvidia-smi" <<SMI
#!/bin/sh
if [ "\${1:-}" = -L ]; then echo "GPU 0: NVIDIA H200 (UUID: GPU-0000)"; exit 0; fi
echo "| NVIDIA-SMI 580.00   Driver Version: 580.00   CUDA Version: $2 |"
SMI
  chmod +x "$1/nvidia-smi"
}
fake_smi "$work/bin-gpu" 13.0
fake_smi "$work/bin-old-driver" 12.4
printf '#!/bin/sh\necho "NVIDIA-SMI has failed: no devices were found" >&2\nexit 9\n' \
  >"$work/bin-no-gpu/nvidia-smi"
chmod +x "$work/bin-no-gpu/nvidia-smi"
cached="$work/cache/pytorch/2.7.1-cu128-linux-x86_64"
torch_dir="$work/libtorch"
mkdir -p "$torch_dir" "$work/run"
: >"$torch_dir/libtorch.so"
printf '{\n  "runtime": {\n    "engine": "PyTorch",\n    "device": "gpu"\n  }\n}\n' >"$work/run/config.json"

passed=0
failed=0
# case NAME BIN-DIR EXPECTED-STATUS EXPECTED-STDERR-PART CP-HAS-CPU-JAR(yes/no) FLAVOR -- ENV... -- ARGS...
check() {
  local name="$1" bin="$2" want_status="$3" want_err="$4" want_cpu="$5" want_flavor="$6"
  shift 6
  local env=()
  [ "$1" = -- ] && shift
  while [ "$#" -gt 0 ] && [ "$1" != -- ]; do env+=("$1"); shift; done
  [ "${1:-}" = -- ] && shift
  local out status
  out="$(env -i PATH="$work/$bin:/usr/bin:/bin" HOME="$work/home" ENGINE_CACHE_DIR="$work/cache" \
      "${env[@]}" bash -c 'set -euo pipefail; . "$1"; shift; s=0; gan_gpu_setup "$@" || s=$?;
        printf "status=%s\ncp=%s\nflavor=%s\nversion=%s\n" "$s" "$GAN_CLASSPATH" \
          "${PYTORCH_FLAVOR:-}" "${PYTORCH_VERSION:-}"' _ "$helper" "$lib" "$@" 2>"$work/err")"
  local err problems=""
  err="$(cat "$work/err")"
  grep -qx "status=$want_status" <<<"$out" || problems+=" status($(sed -n 's/status=//p' <<<"$out"))"
  if [ -n "$want_err" ]; then
    grep -qF -- "$want_err" <<<"$err" || problems+=" stderr"
    [ "$(grep -c . <<<"$err")" -eq 1 ] || problems+=" not-one-line"
  else
    [ -z "$err" ] || problems+=" unexpected-stderr"
  fi
  if [ "$want_cpu" = yes ]; then
    grep -q 'pytorch-native-cpu' <<<"$out" || problems+=" cpu-jar-missing"
  else
    grep -q 'pytorch-native-cpu' <<<"$out" && problems+=" cpu-jar-present"
  fi
  grep -q "mxnet-native-mkl-1.9.1-linux-x86_64.jar" <<<"$out" || problems+=" other-jars-missing"
  grep -qx "flavor=$want_flavor" <<<"$out" || problems+=" flavor($(sed -n 's/flavor=//p' <<<"$out"))"
  if [ -z "$problems" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAILED: $name:$problems" >&2
    echo "  stdout: $(tr '\n' ' ' <<<"$out")" >&2
    echo "  stderr: $err" >&2
  fi
}

check "cpu run untouched" bin-gpu 0 "" yes "" -- -- train --device cpu
check "no --device means cpu" bin-gpu 0 "" yes "" -- -- train --steps 10
cache() { if [ "$1" = on ]; then mkdir -p "$cached" && : >"$cached/libtorch.so"; else rm -rf "$cached"; fi; }

cache on
check "gpu with cached CUDA natives" bin-gpu 0 "from $cached" no cu128 -- -- train --device gpu
check "gpu:1 written with =" bin-gpu 0 "from $cached" no cu128 -- -- train --device=GPU:1
check "auto on a GPU host" bin-gpu 0 "--device auto: DJL's CUDA libtorch 2.7.1" no cu128 -- -- train --device auto
check "auto without a GPU stays on the CPU jar" bin-no-gpu 0 "" yes "" -- -- train --device auto
check "gpu without a GPU: untouched, the engine refuses" bin-no-gpu 0 "" yes "" -- -- train --device gpu
cache off
check "gpu offline without natives: the fix, exit 2" bin-gpu 2 "run once with GAN_OFFLINE=false" no cu128 -- -- train --device gpu
check "gpu online without natives: DJL downloads" bin-gpu 0 "DJL downloads its CUDA libtorch 2.7.1 (cu128" no cu128 -- GAN_OFFLINE=false -- train --device gpu
check "driver too old for cu128: exit 2" bin-old-driver 2 "supports CUDA 12.4" no cu128 -- -- train --device gpu
check "a libtorch of the user's" bin-gpu 0 "PYTORCH_LIBRARY_PATH=$torch_dir" no cu128 -- PYTORCH_LIBRARY_PATH="$torch_dir" -- train --device gpu
check "a libtorch folder without libtorch.so: exit 2" bin-gpu 2 "holds no libtorch.so" no cu128 -- PYTORCH_LIBRARY_PATH="$work" -- train --device gpu
check "the user's flavour is kept" bin-gpu 2 "(cu126)" no cu126 -- PYTORCH_FLAVOR=cu126 -- train --device gpu
check "MXNet is left alone, and says so" bin-gpu 0 "PyTorch engine only" yes "" -- -- train --engine mxnet --device gpu
check "bench with both engines arranges PyTorch" bin-gpu 2 "GAN_OFFLINE=false" no cu128 -- -- bench --engines pytorch,mxnet --device gpu
check "a resumed GPU run, device from its config.json" bin-gpu 2 "--device gpu needs" no cu128 -- -- train --resume "$work/run"

cache on
check "natives cached by an earlier run are found" bin-gpu 0 "from $cached" no cu128 -- -- sample --run "$work/run" --device gpu

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
