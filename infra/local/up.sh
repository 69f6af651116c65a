#!/usr/bin/env bash
# Runs the whole pipeline on this machine without Docker: a RabbitMQ node, the local S3 and MongoDB
# servers (infra/servers), DP_PREDICTORS predictor-service processes and one api-service, all on
# 127.0.0.1. Pieces that already run are left alone, so running it again is harmless.
#
# Usage: infra/local/up.sh [--build]
#   --build   rebuild the jars even when they exist
#
# Environment (defaults): DP_DATA_DIR (<repo>/.data) holds pids, logs and data;
# DP_PREDICTORS (1), DP_PREDICTOR_PORT (8081, predictor i listens on DP_PREDICTOR_PORT + i),
# DP_API_PORT (8080), DP_S3_PORT (9000), DP_MONGO_PORT (27017), DP_JAVA_OPTS (extra JVM options
# of the services), DP_API_JAVA_OPTS, DP_PREDICTOR_JAVA_OPTS and DP_SERVERS_JAVA_OPTS (each
# process's own: the quick C1 JIT, compiling early; see common.sh and docs/performance.md), DP_HEALTH_TIMEOUT (120 seconds
# per service) and the DP_RABBITMQ_* settings of rabbitmq.sh. Stop everything with
# infra/local/down.sh. More in infra/local/README.md.
set -euo pipefail

# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
DP_HEALTH_TIMEOUT="${DP_HEALTH_TIMEOUT:-120}"
LAUNCHER_PID_FILE="$PID_DIR/local-servers.pid"
LAUNCHER_LOG="$LOG_DIR/local-servers.log"
# TensorFlow's native libraries for DJL, unpacked by predictor-service's build (its README.md).
TENSORFLOW_NATIVE="$REPO_ROOT/predictor-service/target/tensorflow-native"

check_java() {
  command -v java >/dev/null || fail "java not found; install a JDK 17 or newer (apt-get install openjdk-17-jdk-headless)"
  local version major
  version="$(java -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)"
  major="${version%%.*}"
  [[ $major == 1 ]] && major="$(cut -d. -f2 <<<"$version")" # 1.8.0 style
  if ! [[ $major =~ ^[0-9]+$ ]] || ((major < 17)); then
    fail "java 17 or newer is needed; found '${version:-unknown}'"
  fi
}

build_if_needed() {
  local force=$1
  if [[ $force == true || ! -f $API_JAR || ! -f $PREDICTOR_JAR || ! -f $LAUNCHER_JAR
    || ! -f $TENSORFLOW_NATIVE/libjnitensorflow.so ]]; then
    say "building the project (./mvnw -B -q -DskipTests package)"
    (cd "$REPO_ROOT" && ./mvnw -B -q -DskipTests package)
  fi
  local jar
  for jar in "$LAUNCHER_JAR" "$PREDICTOR_JAR" "$API_JAR" "$TENSORFLOW_NATIVE/libjnitensorflow.so"; do
    [[ -f $jar ]] || fail "$jar is missing after the build"
  done
}

rabbitmq() {
  "$REPO_ROOT/infra/local/rabbitmq.sh" "$@"
}

# Starts `java ARGS...` detached from this shell with exactly the environment given as NAME=VALUE
# words before the first "--", logging to $LOG_DIR/NAME.log and recording its pid.
start_java() {
  local name=$1
  shift
  local -a environment=()
  while [[ $1 != -- ]]; do
    environment+=("$1")
    shift
  done
  shift
  local log="$LOG_DIR/$name.log"
  [[ -f $log ]] && mv -f "$log" "$log.previous"
  # A clean environment: the services are configured by these variables only, not by whatever the
  # calling shell happens to export. setsid keeps a Ctrl-C in this terminal away from them.
  setsid nohup env -i PATH="$PATH" HOME="$HOME" LANG="${LANG:-C.UTF-8}" "${environment[@]}" \
    java "$@" >"$log" 2>&1 </dev/null &
  echo $! >"$PID_DIR/$name.pid"
}

# The pieces' addresses, from the launcher's READY line: the ports may have been chosen by it.
S3_ENDPOINT=""
MONGO_URI=""

read_ready_line() {
  local line
  line="$(grep -m 1 '^READY ' "$LAUNCHER_LOG" 2>/dev/null)" || return 1
  S3_ENDPOINT="$(sed -n 's/.* s3=\([^ ]*\).*/\1/p' <<<"$line")"
  MONGO_URI="$(sed -n 's/.* mongo=\([^ ]*\).*/\1/p' <<<"$line")"
}

start_launcher() {
  local pid
  if pid="$(live_pid "$LAUNCHER_PID_FILE" local-servers.jar)"; then
    read_ready_line || fail "local servers (pid $pid) run but $LAUNCHER_LOG has no READY line; run down.sh first"
    say "local servers already running (pid $pid)"
    return 0
  fi
  say "starting the local S3 and MongoDB servers"
  # S3 objects go to $DP_DATA_DIR/s3, MongoDB documents to $DP_DATA_DIR/mongo/deep-predictor.mv.
  local -a servers_opts
  read -r -a servers_opts <<<"$DP_SERVERS_JAVA_OPTS"
  start_java local-servers -- "${servers_opts[@]}" -jar "$LAUNCHER_JAR" --data-dir "$DP_DATA_DIR" \
    --s3-port "$DP_S3_PORT" --mongo-port "$DP_MONGO_PORT" \
    --s3-access-key "$DP_S3_ACCESS_KEY" --s3-secret-key "$DP_S3_SECRET_KEY" --s3-bucket deep-predictor
  pid="$(cat "$LAUNCHER_PID_FILE")"
  local deadline=$((SECONDS + 60))
  until read_ready_line; do
    if ! kill -0 "$pid" 2>/dev/null || ((SECONDS >= deadline)); then
      show_log_tail "$LAUNCHER_LOG"
      fail "the local servers did not start; see $LAUNCHER_LOG"
    fi
    sleep 0.2
  done
}

# The variables every service is configured by.
service_environment() {
  local port=$1
  local rabbit_management="http://127.0.0.1:$DP_RABBITMQ_MANAGEMENT_PORT"
  printf '%s\n' \
    "SPRING_RABBITMQ_HOST=127.0.0.1" \
    "SPRING_RABBITMQ_PORT=$DP_RABBITMQ_PORT" \
    "SPRING_RABBITMQ_USERNAME=guest" \
    "SPRING_RABBITMQ_PASSWORD=guest" \
    "SPRING_MONGODB_URI=$MONGO_URI/deep_predictor" \
    "DEEP_PREDICTOR_STORAGE_ENDPOINT=$S3_ENDPOINT" \
    "DEEP_PREDICTOR_STORAGE_ACCESS_KEY=$DP_S3_ACCESS_KEY" \
    "DEEP_PREDICTOR_STORAGE_SECRET_KEY=$DP_S3_SECRET_KEY" \
    "DEEP_PREDICTOR_STORAGE_BUCKET=deep-predictor" \
    "DEEP_PREDICTOR_CONFIG_DIR=$REPO_ROOT/config" \
    "DEEP_PREDICTOR_RABBITMQ_MANAGEMENT_URL=$rabbit_management" \
    "SERVER_PORT=$port"
}

# Starts service $1 on port $2 from jar $3 unless it already runs. Then come extra NAME=VALUE
# words, "--" and extra JVM options.
start_service() {
  local name=$1 port=$2 jar=$3
  shift 3
  local pid
  if pid="$(live_pid "$PID_DIR/$name.pid" "$(basename "$jar")")"; then
    say "$name already running (pid $pid)"
    return 0
  fi
  local -a environment java_opts=()
  mapfile -t environment < <(service_environment "$port")
  read -r -a java_opts <<<"$DP_JAVA_OPTS"
  say "starting $name on port $port"
  start_java "$name" "${environment[@]}" "$@" "${java_opts[@]}" -jar "$jar"
}

show_log_tail() {
  echo "--- last lines of $1" >&2
  tail -n 40 "$1" >&2 || true
}

# Waits for {"status":"UP"} from the service's health endpoint; Spring answers 503 while it is not up.
wait_for_health() {
  local name=$1 port=$2
  local url="http://127.0.0.1:$port/actuator/health" pid deadline=$((SECONDS + DP_HEALTH_TIMEOUT))
  pid="$(cat "$PID_DIR/$name.pid")"
  until curl -fsS --max-time 2 "$url" 2>/dev/null | grep -q '"status":"UP"'; do
    if ! kill -0 "$pid" 2>/dev/null; then
      show_log_tail "$LOG_DIR/$name.log"
      fail "$name exited during start-up; see $LOG_DIR/$name.log"
    fi
    if ((SECONDS >= deadline)); then
      show_log_tail "$LOG_DIR/$name.log"
      fail "$name did not report UP at $url within ${DP_HEALTH_TIMEOUT}s; see $LOG_DIR/$name.log" \
        "(infra/local/down.sh stops what was started)"
    fi
    sleep 1
  done
  say "$name is UP ($url)"
}

print_summary() {
  local i
  cat <<SUMMARY

deep-predictor runs locally:
  API            http://127.0.0.1:$DP_API_PORT   (local api key: local-dev-key)
SUMMARY
  for ((i = 0; i < DP_PREDICTORS; i++)); do
    echo "  predictor-$((i + 1))    http://127.0.0.1:$((DP_PREDICTOR_PORT + i))"
  done
  cat <<SUMMARY
  RabbitMQ       amqp://127.0.0.1:$DP_RABBITMQ_PORT, management http://127.0.0.1:$DP_RABBITMQ_MANAGEMENT_PORT (guest/guest)
  S3             $S3_ENDPOINT  bucket deep-predictor, keys $DP_S3_ACCESS_KEY / $DP_S3_SECRET_KEY
  MongoDB        $MONGO_URI/deep_predictor
  logs           $LOG_DIR
Stop everything with infra/local/down.sh
SUMMARY
}

main() {
  local build=false
  case "${1:-}" in
    "") ;;
    --build) build=true ;;
    *) fail "usage: $0 [--build]" ;;
  esac
  [[ $DP_PREDICTORS =~ ^[0-9]+$ ]] || fail "DP_PREDICTORS must be a number, not '$DP_PREDICTORS'"
  check_java
  command -v curl >/dev/null || apt_install curl
  [[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ]] || apt_install rabbitmq-server
  build_if_needed "$build"
  mkdir -p "$PID_DIR" "$LOG_DIR"
  # Model artifacts that are not committed (faces, common-objects); a model without its artifact is not served.
  "$REPO_ROOT/infra/models/prepare.sh" models

  rabbitmq start
  start_launcher

  local i
  local -a predictor_opts api_opts
  read -r -a predictor_opts <<<"$DP_PREDICTOR_JAVA_OPTS"
  read -r -a api_opts <<<"$DP_API_JAVA_OPTS"
  for ((i = 0; i < DP_PREDICTORS; i++)); do
    # Offline: a predictor loads its models from the config folder, never from a model hub. DJL's
    # TensorFlow engine takes its native libraries from the folder predictor-service's build unpacks.
    start_service "predictor-$((i + 1))" "$((DP_PREDICTOR_PORT + i))" "$PREDICTOR_JAR" \
      "DJL_CACHE_DIR=$DP_DATA_DIR/djl" "TENSORFLOW_LIBRARY_PATH=$TENSORFLOW_NATIVE" -- -Dai.djl.offline=true "${predictor_opts[@]}"
  done
  start_service api-service "$DP_API_PORT" "$API_JAR" -- "${api_opts[@]}"

  for ((i = 0; i < DP_PREDICTORS; i++)); do
    wait_for_health "predictor-$((i + 1))" "$((DP_PREDICTOR_PORT + i))"
  done
  wait_for_health api-service "$DP_API_PORT"
  print_summary
}

main "$@"
