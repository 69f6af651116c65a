#!/usr/bin/env bash
# The benchmark: limits and the whole pipeline side by side, in one run on this machine.
#
# Usage: infra/bench/run.sh [--quick] [--build] [--soak NOOP_JOBS REAL_JOBS | --soak-only NOOP_JOBS REAL_JOBS]
#   --quick      short windows (the whole run in under 3 minutes once built)
#   --build      rebuild the jars even when they exist
#   --soak N M   after the benchmark, N jobs on the no-op model and M on common-objects with the
#                services' resident memory sampled (the full soak is 100000 and 10000)
#   --soak-only  the soak without the benchmark
#
# Everything runs on 127.0.0.1 under target/bench (the previous run's moved aside at start and
# deleted at the end): a RabbitMQ node of its own, the
# launcher's S3 and MongoDB (H2 file, as infra/local/up.sh), one predictor-service and one
# api-service from their packaged jars, configured by environment variables only. The services read
# the models of target/bench/config: production's config/models/common-objects.yml and the no-op
# model infra/bench/models/bench-noop.yml. Output: target/bench/results.json, *.png, logs/.
# Exit code 0 when the DESIGN.md targets are met, 3 when a target is missed, 4 when a soak grows.
#
# Environment (defaults): BENCH_RABBITMQ_PORT (5772), BENCH_API_PORT (8780), BENCH_PREDICTOR_PORT
# (8781), BENCH_JAVA_OPTS (extra JVM options of both services), BENCH_API_JAVA_OPTS,
# BENCH_PREDICTOR_JAVA_OPTS and BENCH_SERVERS_JAVA_OPTS (each process's own, default as up.sh ships
# them; the bare engine keeps the JVM's default), BENCH_CLIENT_JAVA_OPTS (the load generator's and
# the bare client's, the services' quick JIT), BENCH_ENGINE_ENV (extra NAME=VALUE
# words for the predictor and the bare engine, e.g. "TF_NUM_INTRAOP_THREADS=2"), BENCH_IMAGE_FORMAT
# (jpeg: the photos re-encoded as JPEG quality 0.9; png: the original PNG files), BENCH_RETENTION
# (5m: the predictor's deep-predictor.retention.keep-finished), BENCH_MODELS_DIR (a folder of model
# files used instead of config/models/common-objects.yml and infra/bench/models/bench-noop.yml;
# artifact paths in it must be absolute), DJL_CACHE_DIR.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$REPO_ROOT/target/bench"
PREVIOUS_OUT="$OUT.previous"
export DP_DATA_DIR="$OUT/data"
export DP_RABBITMQ_PORT="${BENCH_RABBITMQ_PORT:-5772}"
export DP_RABBITMQ_MANAGEMENT_PORT="$((DP_RABBITMQ_PORT + 10000))"
export DP_RABBITMQ_DIST_PORT="$((DP_RABBITMQ_PORT + 20000))"
export DP_EPMD_PORT="$((DP_RABBITMQ_PORT - 1300))"
export DP_RABBITMQ_NODE="deep-predictor-bench@localhost"
# shellcheck source=../local/common.sh
source "$REPO_ROOT/infra/local/common.sh"
API_PORT="${BENCH_API_PORT:-8780}"
PREDICTOR_PORT="${BENCH_PREDICTOR_PORT:-8781}"
BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS:-}"
# The clients' own JVM (the load generator, the bare client): C1 only, as the services. The bare
# client, the zero-cost limit, is fastest so (docs/performance.md); the bare engine keeps the default.
BENCH_CLIENT_JAVA_OPTS="${BENCH_CLIENT_JAVA_OPTS-$DP_QUICK_JIT}"
read -r -a ENGINE_ENV <<<"${BENCH_ENGINE_ENV:-}"
BENCH_IMAGE_FORMAT="${BENCH_IMAGE_FORMAT:-jpeg}"
# Finished records older than this are deleted by the predictor (deep-predictor.retention.*), so
# the embedded MongoDB's H2 file does not grow without end over a soak.
RETENTION="${BENCH_RETENTION:-5m}"
TENSORFLOW_NATIVE="$REPO_ROOT/predictor-service/target/tensorflow-native"
BENCH_CLASSES="$REPO_ROOT/infra/bench/target/classes"
IMAGES=/usr/lib/python3/dist-packages/skimage/data
PHOTOS="$IMAGES/chelsea.png,$IMAGES/coffee.png,$IMAGES/astronaut.png"
REAL_IMAGES=""
NOOP_MODEL=bench-noop
REAL_MODEL=common-objects
STARTED_PIDS=()

quick=false build=false bench=true soak_noop=0 soak_real=0
while (($#)); do
  case "$1" in
    --quick) quick=true ;;
    --build) build=true ;;
    --soak | --soak-only)
      [[ $1 == --soak-only ]] && bench=false
      (($# >= 3)) || fail "$1 needs two job counts: no-op and $REAL_MODEL"
      soak_noop=$2 soak_real=$3
      shift 2
      ;;
    *) fail "usage: $0 [--quick] [--build] [--soak NOOP_JOBS REAL_JOBS | --soak-only NOOP_JOBS REAL_JOBS]" ;;
  esac
  shift
done

if [[ $quick == true ]]; then
  WARMUP=3 MEASURE=8 LIGHT=6 ENGINE_WARMUP=2 ENGINE_MEASURE=6 JIT_WARMUP=15
  ROUNDS=3 ROUND_MEASURE=5 BARE_WARMUP=10 BARE_ROUND_WARMUP=2 REAL_ROUNDS=2
else
  WARMUP=10 MEASURE=60 LIGHT=30 ENGINE_WARMUP=10 ENGINE_MEASURE=30 JIT_WARMUP=20
  ROUNDS=5 ROUND_MEASURE=20 BARE_WARMUP=30 BARE_ROUND_WARMUP=5 REAL_ROUNDS=3
fi

build_if_needed() {
  if [[ $build == true || ! -f $API_JAR || ! -f $PREDICTOR_JAR || ! -f $LAUNCHER_JAR
    || ! -f $TENSORFLOW_NATIVE/libjnitensorflow.so || ! -f $REPO_ROOT/infra/bench/target/classpath.txt ]]; then
    say "building (./mvnw -B -q -DskipTests package)"
    (cd "$REPO_ROOT" && ./mvnw -B -q -DskipTests package -pl infra/servers,predictor-service,api-service,infra/bench -am)
  fi
}

cleanup() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
    # A service the load generator paused (PausedServices) and could not resume handles TERM once let go.
    kill -CONT "$pid" 2>/dev/null || true
  done
  for pid in "${STARTED_PIDS[@]}"; do
    wait_for_exit "$pid" 30 || kill -KILL "$pid" 2>/dev/null || true
  done
  "$REPO_ROOT/infra/local/rabbitmq.sh" stop >/dev/null 2>&1 || true
  rm -rf "$PREVIOUS_OUT"
}

# Starts `java ARGS...` in the background with exactly the environment given as NAME=VALUE words
# before "--"; sets LAST_PID.
start_java() {
  local name=$1
  shift
  local -a environment=()
  while [[ $1 != -- ]]; do
    environment+=("$1")
    shift
  done
  shift
  env -i PATH="$PATH" HOME="$HOME" LANG="${LANG:-C.UTF-8}" "${environment[@]}" \
    java "$@" >"$OUT/logs/$name.log" 2>&1 </dev/null &
  LAST_PID=$!
  STARTED_PIDS+=("$LAST_PID")
}

start_servers() {
  "$REPO_ROOT/infra/local/rabbitmq.sh" start
  RABBIT_PID="$(tr -dc '0-9' <"$DP_DATA_DIR/rabbitmq/rabbitmq.pid")"
  local -a servers_opts
  read -r -a servers_opts <<<"${BENCH_SERVERS_JAVA_OPTS-$DP_SERVERS_JAVA_OPTS}"
  start_java local-servers -- "${servers_opts[@]}" -jar "$LAUNCHER_JAR" --data-dir "$DP_DATA_DIR" --s3-port 0 --mongo-port 0 \
    --s3-access-key "$DP_S3_ACCESS_KEY" --s3-secret-key "$DP_S3_SECRET_KEY" --s3-bucket deep-predictor
  SERVERS_PID=$LAST_PID
  local line="" deadline=$((SECONDS + 60))
  until line="$(grep -m 1 '^READY ' "$OUT/logs/local-servers.log" 2>/dev/null)"; do
    kill -0 "$SERVERS_PID" 2>/dev/null && ((SECONDS < deadline)) || fail "the local servers did not start; see $OUT/logs"
    sleep 0.2
  done
  S3_ENDPOINT="$(sed -n 's/.* s3=\([^ ]*\).*/\1/p' <<<"$line")"
  MONGO_URI="$(sed -n 's/.* mongo=\([^ ]*\).*/\1/p' <<<"$line")"
}

# Production's real model with its artifact path made absolute, and the bench's no-op model; or
# the models of BENCH_MODELS_DIR, to try other batch sizes or concurrency without editing config/.
write_config() {
  mkdir -p "$OUT/config/models"
  if [[ -n ${BENCH_MODELS_DIR:-} ]]; then
    cp "$BENCH_MODELS_DIR"/*.yml "$OUT/config/models/"
    return 0
  fi
  sed "s#^artifact: artifacts/#artifact: $REPO_ROOT/config/artifacts/#" "$REPO_ROOT/config/models/$REAL_MODEL.yml" \
    >"$OUT/config/models/$REAL_MODEL.yml"
  cp "$REPO_ROOT/infra/bench/models/$NOOP_MODEL.yml" "$OUT/config/models/"
}

# Writes $OUT/bare-engine.sh, which measures the bare engine into the JSON file it is given: run by
# the load generator in rounds that alternate with the pipeline's (AlternatingRounds), the services
# paused meanwhile, so that the limit and the pipeline see the same machine.
write_bare_engine_script() {
  local -a words=(env -i "PATH=$PATH" "HOME=$HOME" "LANG=${LANG:-C.UTF-8}" "TENSORFLOW_LIBRARY_PATH=$TENSORFLOW_NATIVE")
  [[ -n ${DJL_CACHE_DIR:-} ]] && words+=("DJL_CACHE_DIR=$DJL_CACHE_DIR")
  words+=("${ENGINE_ENV[@]}" java -Dai.djl.offline=true "-Dloader.path=$BENCH_CLASSES"
    -Dloader.main=dev.deeppredictor.bench.BareEngine -cp "$PREDICTOR_JAR"
    org.springframework.boot.loader.launch.PropertiesLauncher "$OUT/config" "$REAL_MODEL" "$ENGINE_WARMUP"
    "$ENGINE_MEASURE")
  {
    echo '#!/usr/bin/env bash'
    echo '# Written by infra/bench/run.sh: measures the bare engine into the file $1; log to stderr.'
    printf '%q ' "${words[@]}"
    printf '"$1" '
    printf '%q ' ${REAL_IMAGES//,/ }
    echo
  } >"$OUT/bare-engine.sh"
  chmod +x "$OUT/bare-engine.sh"
}

bench_java() {
  local -a client_opts
  read -r -a client_opts <<<"$BENCH_CLIENT_JAVA_OPTS"
  java "${client_opts[@]}" -Djava.awt.headless=true -Dbench.clk-tck="$(getconf CLK_TCK)" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$BENCH_CLASSES:$(cat "$REPO_ROOT/infra/bench/target/classpath.txt")" dev.deeppredictor.bench.BenchMain "$@"
}

service_environment() {
  printf '%s\n' SPRING_RABBITMQ_HOST=127.0.0.1 "SPRING_RABBITMQ_PORT=$DP_RABBITMQ_PORT" \
    SPRING_RABBITMQ_USERNAME=guest SPRING_RABBITMQ_PASSWORD=guest "SPRING_MONGODB_URI=$MONGO_URI/deep_predictor" \
    "DEEP_PREDICTOR_STORAGE_ENDPOINT=$S3_ENDPOINT" "DEEP_PREDICTOR_STORAGE_ACCESS_KEY=$DP_S3_ACCESS_KEY" \
    "DEEP_PREDICTOR_STORAGE_SECRET_KEY=$DP_S3_SECRET_KEY" DEEP_PREDICTOR_STORAGE_BUCKET=deep-predictor \
    "DEEP_PREDICTOR_CONFIG_DIR=$OUT/config" \
    "DEEP_PREDICTOR_RETENTION_KEEP_FINISHED=$RETENTION" DEEP_PREDICTOR_RETENTION_INTERVAL=30s \
    "DEEP_PREDICTOR_RABBITMQ_MANAGEMENT_URL=http://127.0.0.1:$DP_RABBITMQ_MANAGEMENT_PORT"
}

wait_up() {
  local name=$1 port=$2 pid=$3 deadline=$((SECONDS + 180))
  until curl -fsS --max-time 2 "http://127.0.0.1:$port/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; do
    kill -0 "$pid" 2>/dev/null || fail "$name exited; see $OUT/logs/$name.log"
    ((SECONDS < deadline)) || fail "$name not UP within 180 s; see $OUT/logs/$name.log"
    sleep 0.5
  done
}

start_services() {
  local -a environment java_opts=() api_opts=() predictor_opts=()
  mapfile -t environment < <(service_environment)
  read -r -a java_opts <<<"$BENCH_JAVA_OPTS"
  # Each service's own options as infra/local/up.sh ships them (common.sh's DP_*_JAVA_OPTS).
  read -r -a api_opts <<<"${BENCH_API_JAVA_OPTS-$DP_API_JAVA_OPTS}"
  read -r -a predictor_opts <<<"${BENCH_PREDICTOR_JAVA_OPTS-$DP_PREDICTOR_JAVA_OPTS}"
  local -a djl=()
  [[ -n ${DJL_CACHE_DIR:-} ]] && djl=("DJL_CACHE_DIR=$DJL_CACHE_DIR")
  start_java predictor "${environment[@]}" "SERVER_PORT=$PREDICTOR_PORT" "TENSORFLOW_LIBRARY_PATH=$TENSORFLOW_NATIVE" \
    "${djl[@]}" "${ENGINE_ENV[@]}" -- -Dai.djl.offline=true "${java_opts[@]}" "${predictor_opts[@]}" -jar "$PREDICTOR_JAR"
  PREDICTOR_PID=$LAST_PID
  start_java api "${environment[@]}" "SERVER_PORT=$API_PORT" -- "${java_opts[@]}" "${api_opts[@]}" -jar "$API_JAR"
  API_PID=$LAST_PID
  wait_up predictor "$PREDICTOR_PORT" "$PREDICTOR_PID"
  wait_up api "$API_PORT" "$API_PID"
  curl -fsS "http://127.0.0.1:$PREDICTOR_PORT/actuator/health" | grep -q "\"served\":\[[^]]*$REAL_MODEL" \
    || fail "the predictor does not serve $REAL_MODEL; see $OUT/logs/predictor.log"
  say "services UP (api pid $API_PID, predictor pid $PREDICTOR_PID)"
}

soak() {
  local model=$1 jobs=$2 small=$3
  ((jobs > 0)) || return 0
  say "soak: $jobs jobs on $model"
  local images=$REAL_IMAGES
  bench_java soak --api "http://127.0.0.1:$API_PORT" --rabbit-port "$DP_RABBITMQ_PORT" --model "$model" \
    --jobs "$jobs" --images "$images" --small "$small" --out-dir "$OUT" \
    --watch-file "$DP_DATA_DIR/mongo/deep-predictor.mv" \
    --pids "api=$API_PID,predictor=$PREDICTOR_PID,rabbitmq=$RABBIT_PID,servers=$SERVERS_PID" || soak_status=$?
}

main() {
  command -v curl >/dev/null || apt_install curl
  [[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ]] || apt_install rabbitmq-server
  [[ -f $IMAGES/chelsea.png ]] || apt_install python3-skimage
  build_if_needed
  "$REPO_ROOT/infra/models/prepare.sh" models
  "$REPO_ROOT/infra/local/rabbitmq.sh" stop >/dev/null 2>&1 || true
  # The previous run's files are moved aside now and deleted once this run has measured: an ext4
  # without a journal (this kind of machine) skips inodes deleted in the last minutes when it
  # allocates one, so PUTs just after deleting tens of thousands of files searched past them.
  rm -rf "$PREVIOUS_OUT" # only there when a run ended before its cleanup
  if [[ -d $OUT ]]; then mv "$OUT" "$PREVIOUS_OUT"; fi
  mkdir -p "$OUT/logs"
  trap cleanup EXIT
  write_config
  if [[ $BENCH_IMAGE_FORMAT == jpeg ]]; then
    local -a jpegs
    mapfile -t jpegs < <(bench_java jpeg --images "$PHOTOS" --out-dir "$OUT/images")
    REAL_IMAGES="$(IFS=,; echo "${jpegs[*]}")"
  else
    REAL_IMAGES=$PHOTOS
  fi
  local conditions
  conditions="$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg) at start, quick=$quick, $(java -version 2>&1 | head -n 1)"
  start_servers
  if [[ $bench == true ]]; then write_bare_engine_script; fi
  start_services
  local status=0 soak_status=0
  if [[ $bench == true ]]; then
    bench_java pipeline --api "http://127.0.0.1:$API_PORT" --rabbit-port "$DP_RABBITMQ_PORT" \
      --mongo "$MONGO_URI/deep_predictor" --noop-model "$NOOP_MODEL" --real-model "$REAL_MODEL" \
      --noop-image "$IMAGES/chelsea.png" --real-images "$REAL_IMAGES" --warmup "$WARMUP" --measure "$MEASURE" \
      --light-measure "$LIGHT" --jit-warmup "$JIT_WARMUP" --real-rounds "$REAL_ROUNDS" \
      --out-dir "$OUT" --conditions "$conditions" --bare-engine-script "$OUT/bare-engine.sh" \
      --s3 "$S3_ENDPOINT" --s3-access-key "$DP_S3_ACCESS_KEY" --s3-secret-key "$DP_S3_SECRET_KEY" --bucket deep-predictor \
      --bare-mongo "$MONGO_URI" --bare-warmup "$BARE_WARMUP" --bare-round-warmup "$BARE_ROUND_WARMUP" \
      --bare-measure "$ROUND_MEASURE" --zero-cost-measure "$ROUND_MEASURE" --zero-cost-rounds "$ROUNDS" \
      --pids "api=$API_PID,predictor=$PREDICTOR_PID,rabbitmq=$RABBIT_PID,servers=$SERVERS_PID" || status=$?
  fi
  soak "$NOOP_MODEL" "$soak_noop" true
  soak "$REAL_MODEL" "$soak_real" false
  ((status != 0)) && exit "$status"
  exit "$soak_status"
}

main
