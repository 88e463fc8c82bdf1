#!/usr/bin/env bash
# The small-image-set experiment: Fashion-MNIST written as a folder of 28x28 PNGs with one
# sub-folder per class, cut to N training pictures (N/10 of each class, the first in the IDX
# file), then the same DCGAN budget without augmentation, with DiffAugment (Zhao et al. 2020)
# at p = 1, and with DiffAugment under ADA's adaptive p (Karras et al. 2020), each scored by
# `gan eval` (FID, KID with its standard error, precision and recall on the folder's own
# classifier).
#   benchmarks/small-set.sh [STEPS] [SEED] [OUT] [N]   defaults: 5000 1 runs/small-set 1000
# Needs Debian's python3 (PYTHON, default /usr/bin/python3) with PIL and numpy to write the PNGs (Debian: apt-get install python3-pil
# python3-numpy) and Debian's dataset-fashion-mnist (/usr/share/datasets/fashion-mnist).
# Environment: ENGINE (default pytorch), PARALLEL=1 trains the three runs at once (one thread
# each), EVAL_ONLY=1 scores the run directories already under OUT.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
steps="${1:-5000}"
seed="${2:-1}"
out="$(mkdir -p "${3:-runs/small-set}" && cd "${3:-runs/small-set}" && pwd)"
count="${4:-1000}"
engine="${ENGINE:-pytorch}"
data="${FASHION_DIR:-/usr/share/datasets/fashion-mnist}"
folder="$out/fashion-$count"

if [ ! -d "$folder" ]; then
  "${PYTHON:-/usr/bin/python3}" - "$data" "$folder" "$count" <<'PY'
import gzip, os, sys
import numpy as np
from PIL import Image

data, folder, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
names = ["T-shirt_top", "Trouser", "Pullover", "Dress", "Coat",
         "Sandal", "Shirt", "Sneaker", "Bag", "Ankle_boot"]
with gzip.open(os.path.join(data, "train-images-idx3-ubyte.gz")) as f:
    images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28)
with gzip.open(os.path.join(data, "train-labels-idx1-ubyte.gz")) as f:
    labels = np.frombuffer(f.read(), np.uint8, offset=8)
per_class = count // len(names)
tmp = folder + ".part"
for label, name in enumerate(names):
    os.makedirs(os.path.join(tmp, name), exist_ok=True)
    for i in np.flatnonzero(labels == label)[:per_class]:
        Image.fromarray(images[i], mode="L").save(os.path.join(tmp, name, f"{i:05d}.png"))
os.rename(tmp, folder)
PY
fi

variants=(
  "plain|"
  "diffaugment|--augment color,translation,cutout"
  "diffaugment-ada|--augment color,translation,cutout --augment-target 0.6"
)

"$root/gan" --version >/dev/null  # builds the command line once, up front
train() {
  local name="$1" flags="$2"
  [ -f "$out/$name/summary.json" ] && return 0
  # shellcheck disable=SC2086
  "$root/gan" train --dataset "folder:$folder" --arch dcgan --image-size 28 --channels 1 \
    --steps "$steps" --seed "$seed" --engine "$engine" --out "$out/$name" $flags \
    > "$out/$name.log" 2>&1
}
if [ -z "${EVAL_ONLY:-}" ]; then
  for row in "${variants[@]}"; do
    if [ -n "${PARALLEL:-}" ]; then train "${row%%|*}" "${row#*|}" & else train "${row%%|*}" "${row#*|}"; fi
  done
  wait
fi
for row in "${variants[@]}"; do
  name="${row%%|*}"
  "$root/gan" eval --run "$out/$name" > "$out/$name.eval.txt" 2>&1 || true
  echo "== $name (${row#*|})"
  cat "$out/$name.eval.txt"
done
