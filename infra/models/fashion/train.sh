#!/usr/bin/env bash
# Train the Fashion-MNIST CNN and export config/artifacts/fashion/fashion-cnn.pt.
# Usage: train.sh [--force] [--epochs N] [--out PATH]
# Skips training when the artifact already exists, unless --force is given.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
out="$repo/config/artifacts/fashion/fashion-cnn.pt"

force=0
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --force) force=1 ;;
    --out) args+=("$1" "$2"); out="$2"; shift ;;
    --out=*) args+=("$1"); out="${1#--out=}" ;;
    *) args+=("$1") ;;
  esac
  shift
done

if [[ -f "$out" && $force -eq 0 ]]; then
  echo "$out already exists; not retraining (pass --force to retrain)."
  exit 0
fi

# Debian packages give a torch/numpy/dataset set that works offline; no pip involved.
missing=()
for pkg in python3-torch python3-numpy dataset-fashion-mnist; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "Installing ${missing[*]}"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

# /usr/bin/python3 explicitly: a pyenv python3 earlier on PATH would not see Debian's torch.
exec /usr/bin/python3 "$here/train.py" "${args[@]}"
