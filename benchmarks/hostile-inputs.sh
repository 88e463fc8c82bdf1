#!/usr/bin/env bash
# Builds the hostile inputs of issue 19 (damaged parameter files with recomputed SHA-256, IDX
# files with lying headers, a decompression-bomb PNG, a FIFO named x.png, a symbolic-link loop,
# 20,000 tiny files, hand-edited run directories) and runs the command line on each under
# /usr/bin/time -v, printing a Markdown table: input, command, exit code, message line, what was
# left on disk, maximum resident memory.
#   benchmarks/hostile-inputs.sh [WORK_DIR]      (default /tmp/gan-hostile; emptied first)
# Needs: bash, python3 (standard library only), GNU time (apt-get install time).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${1:-/tmp/gan-hostile}"
gan="$root/gan"
rm -rf "$work"
mkdir -p "$work"
command -v /usr/bin/time >/dev/null || { echo "install GNU time: apt-get install time" >&2; exit 2; }

# A small trained run that the damaged copies start from: checkpoints at steps 50 and 100.
"$gan" train --steps 100 --checkpoint-every 50 --keep-checkpoints 2 --sample-every 0 \
  --hidden-width 32 --seed 1 --no-progress --out "$work/base" >/dev/null 2>&1

listing() { (cd "$1" 2>/dev/null && find . -printf '%p %s\n' | sort) || true; }

rows=()
# try INPUT WATCHED_DIR -- gan arguments...: runs gan, records one table row.
try() {
  local input="$1" watched="$2"; shift 3
  local before after err code line left rss
  before="$(listing "$watched")"
  err="$work/err.txt"
  set +e
  /usr/bin/time -v -o "$work/time.txt" timeout 300 "$gan" "$@" >/dev/null 2>"$err"
  code=$?
  set -e
  # PyTorch's native library writes a deprecation warning of its own ("[W... Warning: ...") to
  # standard error when it loads parameters: counted apart.
  local own native
  own="$(grep -v '^\[W[0-9]' "$err" | grep -c . || true)"
  native="$(grep -c '^\[W[0-9]' "$err" || true)"
  line="$(grep -m1 '^gan:' "$err" || grep -v '^\[W[0-9]' "$err" | head -1 | cut -c1-200 || true)"
  [ "$own" -gt 1 ] && line="$line (+$((own - 1)) more lines)"
  [ "$native" -gt 0 ] && line="$line [+$native PyTorch native warning]"
  after="$(listing "$watched")"
  if [ "$before" = "$after" ]; then
    left="unchanged"
  else
    left="$(diff <(echo "$before") <(echo "$after") | grep -c '^[<>]' || true) entries changed"
    diff <(echo "$before") <(echo "$after") | grep '^>' | grep -q '/\.' && left="$left, hidden files"
  fi
  local previous="" arg
  for arg in "$@"; do
    if [ "$previous" = --out ] && [ -e "$arg" ]; then
      left="$left; --out left with $(find "$arg" | wc -l) entries"
    fi
    previous="$arg"
  done
  rss="$(awk -F': ' '/Maximum resident set size/ {printf "%.0f MiB", $2 / 1024}' "$work/time.txt")"
  local shown="gan $*"
  shown="${shown//$work/W}"
  line="${line//$work/W}"
  rows+=("| $input | \`${shown//|/\\|}\` | $code | ${line//|/\\|} | $left | $rss |")
}

copy() { rm -rf "$work/$1"; cp -a "$work/base" "$work/$1"; echo "$work/$1"; }

# Rewrites a checkpoint part with python (argument: an expression on `data`), then recomputes its
# SHA-256 in checkpoint.json so that the checksum matches.
damage() {
  local checkpoint="$1" part="$2" expression="$3"
  python3 - "$checkpoint" "$part" "$expression" <<'EOF'
import hashlib, struct, sys, pathlib
checkpoint, part, expression = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]
path = checkpoint / part
data = path.read_bytes()
old = hashlib.sha256(data).hexdigest()
data = eval(expression, {"data": data, "struct": struct})
path.write_bytes(data)
manifest = checkpoint / "checkpoint.json"
manifest.write_text(manifest.read_text().replace(old, hashlib.sha256(data).hexdigest()))
EOF
}

step=step-00000100
run="$(copy truncated)"; damage "$run/checkpoints/$step" generator.params 'data[: len(data) // 2]'
try "generator.params truncated to half, SHA-256 recomputed" "$run" -- sample --run "$run" --count 4 --out "$work/s1.csv"

run="$(copy flipped)"; damage "$run/checkpoints/$step" generator.params 'data[:6] + bytes([data[6] ^ 0xff]) + data[7:]'
try "generator.params with a flipped header byte, SHA-256 recomputed" "$run" -- sample --run "$run" --count 4 --out "$work/s2.csv"

run="$(copy huge-shape)"
damage "$run/checkpoints/$step" generator.params 'data.replace(struct.pack(">q", 32), struct.pack(">q", 1 << 40), 1)'
try "generator.params declaring a dimension of 2^40, SHA-256 recomputed" "$run" -- sample --run "$run" --count 4 --out "$work/s3.csv"

run="$(copy negative-shape)"
damage "$run/checkpoints/$step" generator.params 'data.replace(struct.pack(">q", 32), struct.pack(">q", -32), 1)'
try "generator.params declaring a negative dimension, SHA-256 recomputed" "$run" -- eval --run "$run"

run="$(copy float16)"
damage "$run/checkpoints/$step" generator.params 'data.replace(b"FLOAT32", b"FLOAT16", 1)'
try "generator.params declaring FLOAT16, SHA-256 recomputed" "$run" -- train --resume "$run" --steps 150 --no-progress

run="$(copy optimizer)"
damage "$run/checkpoints/$step" generator.optimizer 'data[: len(data) - 100]'
try "generator.optimizer truncated, SHA-256 recomputed" "$run" -- train --resume "$run" --steps 150 --no-progress

# IDX collections whose headers lie.
python3 - "$work" <<'EOF'
import gzip, struct, sys, pathlib
work = pathlib.Path(sys.argv[1])
def collection(name, count, rows, cols, body):
    d = work / name; d.mkdir()
    with gzip.open(d / "train-images-idx3-ubyte.gz", "wb") as f:
        f.write(struct.pack(">iiii", 0x803, count, rows, cols) + body)
    with gzip.open(d / "train-labels-idx1-ubyte.gz", "wb") as f:
        f.write(struct.pack(">ii", 0x801, count) + bytes(min(count, 1024)))
    for split in ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"):
        (d / split).write_bytes((d / split.replace("t10k", "train")).read_bytes())
collection("idx-lying", 2_100_000_000, 1, 1, bytes(1024))
collection("idx-overflow", 1 << 20, 65536, 65536, bytes(1024))
EOF
try "IDX images claiming 2.1e9 images, 1 KB body" "$work/idx-lying" -- train --dataset fashion-mnist --data-dir "$work/idx-lying" --steps 2 --no-progress --out "$work/r-idx1"
try "IDX images whose dimensions overflow (2^20 x 65536 x 65536)" "$work/idx-overflow" -- train --dataset fashion-mnist --data-dir "$work/idx-overflow" --steps 2 --no-progress --out "$work/r-idx2"

# Picture folders: three good pictures plus one hostile entry each.
python3 - "$work" <<'EOF'
import struct, sys, zlib, pathlib, os
work = pathlib.Path(sys.argv[1])
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
def png(width, height, row):
    z = zlib.compressobj(9)
    body = b"".join(z.compress(b"\0" + row) for _ in range(height)) + z.flush()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", body) + chunk(b"IEND", b""))
small = png(32, 32, bytes(range(32)))
for name in ("bomb", "fifo", "loop", "many"):
    d = work / ("pics-" + name); d.mkdir()
    for i in range(3):
        (d / f"good{i}.png").write_bytes(small)
(work / "pics-bomb" / "bomb.png").write_bytes(png(20000, 20000, bytes(20000)))
os.mkfifo(work / "pics-fifo" / "x.png")
os.symlink(".", work / "pics-loop" / "loop")
tiny = png(1, 1, b"\x80")
for i in range(20000):
    (work / "pics-many" / f"t{i:05d}.png").write_bytes(tiny)
EOF
for kind in bomb fifo loop many; do
  case $kind in
    bomb) what="a 20000x20000 PNG of $(($(stat -c %s "$work/pics-bomb/bomb.png") / 1024)) KB among 3 pictures" ;;
    fifo) what="a FIFO named x.png among 3 pictures" ;;
    loop) what="a symbolic-link loop (loop -> .) among 3 pictures" ;;
    many) what="20,000 tiny (1x1) PNG files" ;;
  esac
  try "$what" "$work/pics-$kind" -- train --dataset "folder:$work/pics-$kind" --steps 2 --batch-size 2 --image-size 28 --no-progress --out "$work/r-$kind"
done

# Run directories edited by hand.
run="$(copy latest-missing)"; echo step-99999999 > "$run/checkpoints/latest"
try "checkpoints/latest naming a missing step" "$run" -- sample --run "$run" --count 4 --out "$work/s4.csv"
run="$(copy latest-outside)"; echo ../../somewhere > "$run/checkpoints/latest"
try "checkpoints/latest pointing outside the run (../../somewhere)" "$run" -- train --resume "$run" --steps 150 --no-progress
run="$(copy linked)"; mv "$run/checkpoints/$step" "$work/elsewhere"; ln -s "$work/elsewhere" "$run/checkpoints/$step"
try "a checkpoint directory that is a symbolic link elsewhere" "$run" -- sample --run "$run" --checkpoint 100 --count 4 --out "$work/s5.csv"
run="$(copy other-arch)"; sed -i 's/"hiddenLayers": 2/"hiddenLayers": 3/' "$run/config.json"
try "config.json changed to 3 hidden layers under 2-layer checkpoints" "$run" -- train --resume "$run" --steps 150 --no-progress
run="$(copy serving)"; sed -i 's/^blockFactory=.*/blockFactory=Planted/' "$run/model/serving.properties"
try "model/serving.properties naming another class (the CLI builds G from the checkpoint)" "$run" -- sample --run "$run" --count 4 --out "$work/s6.csv"

echo "| input | command | exit | message | left on disk | max RSS |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
