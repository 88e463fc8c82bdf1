# Sourced by ./gan (and benchmarks/cuda/run.sh): arranges DJL's CUDA build of libtorch when a run
# asks for a GPU, because the CPU native jar on the class path (pytorch-native-cpu) wins over
# CUDA: DJL loads a bundled native jar without looking for CUDA (LibUtils.findNativeLibrary).
#
#   gan_gpu_setup LIB_DIR ARGS...
#
# LIB_DIR holds the command line's jars (gan-cli/target/lib); ARGS are the gan arguments. Sets
# GAN_CLASSPATH (LIB_DIR's jars, ':'-separated, without the CPU native jar when a GPU is arranged)
# and, for a GPU run, exports PYTORCH_FLAVOR and PYTORCH_VERSION; says what it did on stderr.
# Returns 2 after one line saying the fix when the GPU cannot be arranged. Reads: GAN_OFFLINE
# (false lets DJL download), PYTORCH_LIBRARY_PATH, PYTORCH_FLAVOR, ENGINE_CACHE_DIR,
# DJL_CACHE_DIR, HOME, and nvidia-smi from PATH.

# The CUDA flavour of DJL 0.36's libtorch 2.7.1 (the pytorch-jni jar carries its JNI bridge) and
# the CUDA version its driver must support.
GAN_CUDA_FLAVOR_DEFAULT=cu128
GAN_CUDA_NEEDS=12.8

# Prints the value of option $1 (--name VALUE or --name=VALUE) among the remaining arguments.
gan_option() {
  local name="$1" previous="" arg value=""
  shift
  for arg in "$@"; do
    case "$previous:$arg" in
      "$name":*) value="$arg" ;;
      *:"$name"=*) value="${arg#"$name"=}" ;;
    esac
    previous="$arg"
  done
  printf '%s' "$value"
}

# Prints the device a run asks for: --device, else a resumed run's config.json, else cpu.
gan_requested_device() {
  local device resume
  device="$(gan_option --device "$@")"
  resume="$(gan_option --resume "$@")"
  if [ -z "$device" ] && [ -n "$resume" ] && [ -f "$resume/config.json" ]; then
    device="$(sed -n 's/.*"device"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$resume/config.json" | head -n 1)"
  fi
  printf '%s' "${device:-cpu}" | tr '[:upper:]' '[:lower:]'
}

# Succeeds when nvidia-smi lists at least one GPU.
gan_host_has_gpu() {
  command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L 2>/dev/null | grep -q '^GPU [0-9]'
}

# Prints the CUDA version the driver supports (nvidia-smi's header), or nothing.
gan_driver_cuda() {
  { nvidia-smi 2>/dev/null || true; } \
    | sed -n 's/.*CUDA Version: *\([0-9][0-9]*\.[0-9][0-9]*\).*/\1/p' | head -n 1
}

# Succeeds when version $1 >= version $2 (major.minor).
gan_version_at_least() {
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1)" = "$2" ]
}

gan_gpu_setup() {
  local lib="$1" jar cpu_jar="" others="" device engine version flavor cache driver
  shift
  for jar in "$lib"/*.jar; do
    case "${jar##*/}" in
      pytorch-native-cpu-*.jar) cpu_jar="$jar" ;;
      *) others="${others:+$others:}$jar" ;;
    esac
  done
  GAN_CLASSPATH="$others${cpu_jar:+:$cpu_jar}"

  device="$(gan_requested_device "$@")"
  engine="$(gan_option --engine "$@")$(gan_option --engines "$@")"
  # Without a GPU (no nvidia-smi, or it lists none) nothing is changed: the engine then refuses
  # --device gpu with its own one-line message, and auto takes the CPU.
  case "$device" in
    gpu | gpu:* | auto) gan_host_has_gpu || return 0 ;;
    *) return 0 ;;
  esac
  case "$(printf '%s' "${engine:-pytorch}" | tr '[:upper:]' '[:lower:]')" in
    *pytorch*) ;;
    *)
      echo "gan: --device $device: the launcher arranges CUDA for the PyTorch engine only;" \
        "MXNet's CUDA build is not shipped (see docs/engines.md, 'GPUs')" >&2
      return 0 ;;
  esac
  [ -n "$cpu_jar" ] || return 0  # no CPU jar to shadow CUDA: DJL finds its natives itself

  # pytorch-native-cpu-2.7.1-linux-x86_64.jar names the libtorch version the JNI bridge is for.
  version="${PYTORCH_VERSION:-$(printf '%s' "${cpu_jar##*/}" | sed -n 's/^pytorch-native-cpu-\([0-9][0-9.]*[0-9]\)-.*/\1/p')}"
  flavor="${PYTORCH_FLAVOR:-$GAN_CUDA_FLAVOR_DEFAULT}"
  export PYTORCH_VERSION="$version" PYTORCH_FLAVOR="$flavor"
  GAN_CLASSPATH="$others"

  if [ -n "${PYTORCH_LIBRARY_PATH:-}" ]; then
    if [ ! -f "$PYTORCH_LIBRARY_PATH/libtorch.so" ]; then
      echo "gan: PYTORCH_LIBRARY_PATH=$PYTORCH_LIBRARY_PATH holds no libtorch.so; point it at the" \
        "lib folder of a CUDA libtorch $version, or unset it (see docs/engines.md, 'GPUs')" >&2
      return 2
    fi
    echo "gan: --device $device: libtorch from PYTORCH_LIBRARY_PATH=$PYTORCH_LIBRARY_PATH" \
      "(JNI flavour $flavor), without the CPU native jar" >&2
    return 0
  fi

  driver="$(gan_driver_cuda)"
  if [ -n "$driver" ] && [ "${flavor#cu}" != "$flavor" ] \
      && ! gan_version_at_least "$driver" "$GAN_CUDA_NEEDS"; then
    echo "gan: --device $device: the NVIDIA driver supports CUDA $driver, DJL's libtorch $version" \
      "($flavor) needs $GAN_CUDA_NEEDS; update the driver, or set PYTORCH_LIBRARY_PATH to a CUDA" \
      "libtorch $version built for CUDA $driver (benchmarks/cuda/ builds the JNI bridge for" \
      "another libtorch)" >&2
    return 2
  fi
  cache="${ENGINE_CACHE_DIR:-${DJL_CACHE_DIR:-${HOME:-}/.djl.ai}}/pytorch/$version-$flavor-linux-x86_64"
  if [ -f "$cache/libtorch.so" ]; then
    echo "gan: --device $device: DJL's CUDA libtorch $version ($flavor) from $cache, without the" \
      "CPU native jar" >&2
  elif [ "${GAN_OFFLINE:-true}" = false ]; then
    echo "gan: --device $device: DJL downloads its CUDA libtorch $version ($flavor, some GB) into" \
      "$cache; the CPU native jar is left off the class path" >&2
  else
    echo "gan: --device $device needs DJL's CUDA libtorch $version ($flavor), which is not in" \
      "$cache; run once with GAN_OFFLINE=false (internet) to let DJL download it, or set" \
      "PYTORCH_LIBRARY_PATH to the lib folder of a CUDA libtorch $version" >&2
    return 2
  fi
  return 0
}
