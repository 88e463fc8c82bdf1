#!/usr/bin/env bash
# Prepares, on a machine with Java 17 and Maven, what benchmarks/cuda/run.sh needs on a GPU host
# that has no Java and no network, into benchmarks/cuda/dist/ (git-ignored):
#   dist/jre/   a Java runtime cut down with jlink to the modules jdeps finds in the jars below
#               (C headers kept: the JNI bridge is compiled against them)
#   dist/lib/   the command line's jars without native libraries: no pytorch-native-cpu (it would
#               shadow the host's libtorch), no pytorch-jni (DJL's bridges for libtorch 2.7.1),
#               no MXNet, no ONNX Runtime
#   dist/djl/   the sources of DJL's PyTorch JNI bridge at the tag v0.36.0 (DJL's own files, taken
#               from a clone, not kept in this repository) and the JNI header javac generates for
#               them from PyTorchLibrary.java (the host has no javac)
#   dist/SIZES  what each part weighs
#
#   benchmarks/cuda/prepare.sh DJL_CLONE
#
# DJL_CLONE: a git clone of DJL (deepjavalibrary/djl on GitHub) that has the tag v0.36.0, or its
# .git directory; a shallow one works: git clone --depth 1 --branch v0.36.0 <DJL's repository>.
# The command line is built from this checkout first (mvn package), so dist/ matches the commit
# recorded in dist/COMMIT.
set -euo pipefail

tag=v0.36.0
djl_version=0.36.0
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dist="$here/dist"
clone="${1:-${DJL_CLONE:-}}"
if [ -z "$clone" ] || ! git --git-dir="$clone" rev-parse --git-dir >/dev/null 2>&1 \
    && ! git -C "$clone" rev-parse --git-dir >/dev/null 2>&1; then
  echo "prepare.sh: give a git clone of DJL with the tag $tag: benchmarks/cuda/prepare.sh DJL_CLONE" >&2
  exit 2
fi
if git --git-dir="$clone" rev-parse --git-dir >/dev/null 2>&1; then
  git_djl=(git --git-dir="$clone")
else
  git_djl=(git -C "$clone")
fi
if ! commit="$("${git_djl[@]}" rev-parse --verify -q "$tag^{commit}")"; then
  echo "prepare.sh: $clone has no tag $tag (git fetch --tags, or clone with --branch $tag)" >&2
  exit 2
fi
declared="$("${git_djl[@]}" show "$tag:gradle/libs.versions.toml" | sed -n 's/^djl = "\(.*\)"/\1/p')"
if [ "$declared" != "$djl_version" ]; then
  echo "prepare.sh: $tag of $clone declares DJL '$declared', not $djl_version" >&2
  exit 2
fi

jar="$root/gan-cli/target/gan-cli.jar"
echo "prepare.sh: building the command line from this checkout (mvn package) ..." >&2
(cd "$root" && mvn -q -B -DskipTests package -pl gan-cli -am) >&2

rm -rf "$dist"
mkdir -p "$dist/lib" "$dist/djl"
cp "$jar" "$dist/lib/"
for lib in "$root"/gan-cli/target/lib/*.jar; do
  case "${lib##*/}" in
    # pytorch-jni holds DJL's prebuilt bridges for libtorch 2.7.1, which run.sh replaces
    pytorch-native-*.jar | pytorch-jni-*.jar | mxnet-* | gan-engine-mxnet-* | onnxruntime-*) ;;
    *) cp "$lib" "$dist/lib/" ;;
  esac
done
for needed in api-"$djl_version" pytorch-engine-"$djl_version" jna-; do
  ls "$dist/lib/$needed"*.jar >/dev/null 2>&1 || {
    echo "prepare.sh: gan-cli/target/lib has no $needed*.jar" >&2
    exit 1
  }
done

# The modules the jars use, as jdeps reads them; jdk.unsupported for sun.misc.Unsafe, which
# libraries reach by reflection where jdeps cannot see it.
# (jdeps follows the class path from gan-cli.jar; a modular jar given as a root would be resolved
# as a module, and commons-compress names an optional module that is not there.)
modules="$(jdeps --print-module-deps --ignore-missing-deps --multi-release 17 \
  --class-path "$(find "$dist/lib" -name '*.jar' ! -name gan-cli.jar | sort | paste -sd:)" \
  "$dist/lib/gan-cli.jar")"
case ",$modules," in *,jdk.unsupported,*) ;; *) modules="$modules,jdk.unsupported" ;; esac
jlink --add-modules "$modules" --strip-debug --no-man-pages --compress=2 --output "$dist/jre"
# Debian's libjvm.so keeps its symbol table (4 MiB); the JVM runs without it.
if command -v strip >/dev/null; then
  find "$dist/jre" -name '*.so' -exec strip --strip-unneeded {} +
fi
echo "$modules" >"$dist/jre/MODULES"

# DJL's JNI bridge sources at the tag, and the header that javac -h makes from PyTorchLibrary.
"${git_djl[@]}" archive --format=tar "$tag" \
    engines/pytorch/pytorch-native/CMakeLists.txt \
    engines/pytorch/pytorch-native/src/main/native \
    engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java \
    api/src/main/native \
  | tar -x -C "$dist/djl"
classes="$(mktemp -d)"
trap 'rm -rf "$classes"' EXIT
javac -h "$dist/djl/include" -d "$classes" -cp "$dist/lib/*" \
  "$dist/djl/engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java"
printf 'DJL %s (tag %s, commit %s)\n' "$djl_version" "$tag" "$commit" >"$dist/djl/SOURCE"
git -C "$root" rev-parse --short HEAD >"$dist/COMMIT" 2>/dev/null || true

{
  echo "prepared $(date -u +%Y-%m-%dT%H:%M:%SZ) for DJL $djl_version ($commit)"
  du -sk "$dist/jre" "$dist/lib" "$dist/djl" | awk '{printf "%-6s %8.1f MiB\n", $2, $1 / 1024}' \
    | sed "s|$dist/||"
  echo "modules $modules"
  echo "dist    $(du -sk "$dist" | awk '{printf "%.1f MiB", $1 / 1024}')"
  echo "repo    $(git -C "$root" ls-files -z | (cd "$root" && xargs -0 du -ck 2>/dev/null) \
    | tail -n 1 | awk '{printf "%.1f MiB (tracked files)", $1 / 1024}')"
} | tee "$dist/SIZES"
