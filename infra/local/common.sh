# shellcheck shell=bash
# shellcheck disable=SC2034 # the settings are used by the scripts that source this file
# Shared by the scripts of infra/local: settings with their defaults and small helpers.
# Sourced, not run. Every setting can be overridden from the environment.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# All state (pid files, logs, data) lives here; <repo>/.data is ignored by git.
DP_DATA_DIR="${DP_DATA_DIR:-$REPO_ROOT/.data}"
DP_RABBITMQ_PORT="${DP_RABBITMQ_PORT:-5672}"
DP_RABBITMQ_MANAGEMENT_PORT="${DP_RABBITMQ_MANAGEMENT_PORT:-15672}"
DP_RABBITMQ_DIST_PORT="${DP_RABBITMQ_DIST_PORT:-25672}"
DP_EPMD_PORT="${DP_EPMD_PORT:-4369}"
DP_RABBITMQ_NODE="${DP_RABBITMQ_NODE:-deep-predictor@localhost}"
DP_S3_PORT="${DP_S3_PORT:-9000}"
DP_MONGO_PORT="${DP_MONGO_PORT:-27017}"
DP_S3_ACCESS_KEY="${DP_S3_ACCESS_KEY:-deep-predictor}"
DP_S3_SECRET_KEY="${DP_S3_SECRET_KEY:-deep-predictor-secret}"
DP_PREDICTORS="${DP_PREDICTORS:-1}"
DP_PREDICTOR_PORT="${DP_PREDICTOR_PORT:-8081}"
DP_API_PORT="${DP_API_PORT:-8080}"
DP_JAVA_OPTS="${DP_JAVA_OPTS:-}"
# The JVM options of each process: the quick C1 compiler only, compiling a method after a tenth of
# the usual calls. On a small box C2's compile threads take the cores from the work for minutes,
# while C1's code serves the framework and client code of the API and the servers about as well,
# and the predictor's engine runs in native code; the lower threshold brings a fresh process to
# full speed in seconds instead of a minute of interpreted code (docs/performance.md, the tuning
# guide). Set one empty for the JVM's default.
DP_QUICK_JIT="-XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=0.1"
DP_API_JAVA_OPTS="${DP_API_JAVA_OPTS-$DP_QUICK_JIT}"
DP_PREDICTOR_JAVA_OPTS="${DP_PREDICTOR_JAVA_OPTS-$DP_QUICK_JIT}"
DP_SERVERS_JAVA_OPTS="${DP_SERVERS_JAVA_OPTS-$DP_QUICK_JIT}"

PID_DIR="$DP_DATA_DIR/pids"
LOG_DIR="$DP_DATA_DIR/logs"
LAUNCHER_JAR="$REPO_ROOT/infra/servers/target/local-servers.jar"
API_JAR="$REPO_ROOT/api-service/target/api-service.jar"
PREDICTOR_JAR="$REPO_ROOT/predictor-service/target/predictor-service.jar"

say() { echo "${0##*/}: $*"; }
fail() {
  echo "${0##*/}: $*" >&2
  exit 1
}

# apt-get install, for the machines of this project where we are root.
apt_install() {
  [[ $EUID -eq 0 ]] || fail "$* is missing; install it with: sudo apt-get install $*"
  say "installing $* with apt-get"
  apt-get update -qq
  # policy-rc.d keeps packages such as rabbitmq-server from starting a system-wide service.
  local policy=/usr/sbin/policy-rc.d added_policy=false status=0
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && added_policy=true
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null || status=$?
  [[ $added_policy == true ]] && rm -f "$policy"
  ((status == 0)) || fail "apt-get could not install $*"
}

# Prints the pid recorded in $1 if that process is alive and its command line contains $2, which
# guards against a stale pid file naming a process that has since been reused for something else.
live_pid() {
  local file=$1 marker=$2 pid
  [[ -s $file ]] || return 1
  pid="$(tr -dc '0-9' <"$file")"
  [[ -n $pid && -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$marker" || return 1
  echo "$pid"
}

# Waits up to $2 seconds for process $1 to exit.
wait_for_exit() {
  local pid=$1 seconds=$2 i
  for ((i = 0; i < seconds * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  return 1
}

# SIGTERM, up to $3 seconds to exit, then SIGKILL.
terminate() {
  local pid=$1 name=$2 seconds=$3
  kill -TERM "$pid" 2>/dev/null || return 0
  if ! wait_for_exit "$pid" "$seconds"; then
    say "$name (pid $pid) did not stop within ${seconds}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    wait_for_exit "$pid" 5 || fail "$name (pid $pid) did not exit"
  fi
}
