#!/usr/bin/env bash
# A project-local RabbitMQ node on 127.0.0.1 for machines without Docker: its own node name, ports,
# Erlang cookie, epmd, data and logs, all under $DP_DATA_DIR/rabbitmq.
#
# Usage: infra/local/rabbitmq.sh {start|stop|status}
#   start   starts the node (installs rabbitmq-server first if needed) and returns once AMQP and the
#           management API answer; a node that is already running is left as it is
#   stop    stops the node and then its epmd, unless another node still uses that epmd
#   status  prints whether the node runs; exit code 0 if it does, 3 if not
#
# Environment (defaults): DP_DATA_DIR (<repo>/.data), DP_RABBITMQ_PORT (5672),
# DP_RABBITMQ_MANAGEMENT_PORT (15672), DP_RABBITMQ_DIST_PORT (25672), DP_EPMD_PORT (4369),
# DP_RABBITMQ_NODE (deep-predictor@localhost), DP_RABBITMQ_START_TIMEOUT (90 seconds).
set -euo pipefail

# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
DP_RABBITMQ_START_TIMEOUT="${DP_RABBITMQ_START_TIMEOUT:-90}"

# The Debian package's /usr/sbin wrappers switch to the rabbitmq user, which cannot write our folders.
RABBITMQ_BIN=/usr/lib/rabbitmq/bin
NODE_DIR="$DP_DATA_DIR/rabbitmq"
PID_FILE="$NODE_DIR/rabbitmq.pid"
MANAGEMENT_URL="http://127.0.0.1:$DP_RABBITMQ_MANAGEMENT_PORT"

# Runs a command with the node's environment, without changing this script's own HOME.
with_node_env() {
  (
    export HOME="$NODE_DIR/home" # the Erlang cookie is read from and created in HOME
    export RABBITMQ_NODENAME="$DP_RABBITMQ_NODE"
    export RABBITMQ_CONFIG_FILE="$NODE_DIR/rabbitmq.conf"
    export RABBITMQ_ADVANCED_CONFIG_FILE="$NODE_DIR/advanced.config"
    export RABBITMQ_CONF_ENV_FILE="$NODE_DIR/rabbitmq-env.conf"
    export RABBITMQ_ENABLED_PLUGINS_FILE="$NODE_DIR/enabled_plugins"
    export RABBITMQ_MNESIA_BASE="$NODE_DIR/mnesia"
    export RABBITMQ_LOG_BASE="$NODE_DIR/log"
    export RABBITMQ_PID_FILE="$PID_FILE"
    export RABBITMQ_DIST_PORT="$DP_RABBITMQ_DIST_PORT"
    export ERL_EPMD_ADDRESS=127.0.0.1
    export ERL_EPMD_PORT="$DP_EPMD_PORT"
    export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
    exec "$@"
  )
}

ensure_installed() {
  [[ -x $RABBITMQ_BIN/rabbitmq-server ]] || apt_install rabbitmq-server
  command -v curl >/dev/null || apt_install curl
  command -v epmd >/dev/null || fail "epmd not found although rabbitmq-server is installed"
}

node_pid() {
  live_pid "$PID_FILE" beam
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

management_answers() {
  curl -fsS -o /dev/null --max-time 2 -u guest:guest "$MANAGEMENT_URL/api/overview" 2>/dev/null
}

write_node_files() {
  mkdir -p "$NODE_DIR/home" "$NODE_DIR/mnesia" "$NODE_DIR/log"
  cat >"$NODE_DIR/rabbitmq.conf" <<CONF
# Written by infra/local/rabbitmq.sh at every start: change the script, not this file.
listeners.tcp.default = 127.0.0.1:$DP_RABBITMQ_PORT
management.tcp.ip = 127.0.0.1
management.tcp.port = $DP_RABBITMQ_MANAGEMENT_PORT
CONF
  echo '[rabbitmq_management].' >"$NODE_DIR/enabled_plugins"
  # Empty on purpose: keeps the machine's /etc/rabbitmq/rabbitmq-env.conf out of this node.
  : >"$NODE_DIR/rabbitmq-env.conf"
}

print_log_tail() {
  local log="$NODE_DIR/log/$DP_RABBITMQ_NODE.log"
  [[ -f $log ]] && { echo "--- last lines of $log" >&2; tail -n 30 "$log" >&2; }
  return 0
}

# Returns once AMQP and the management API answer; prints why and the log's tail when they do not.
wait_until_ready() {
  local deadline=$((SECONDS + DP_RABBITMQ_START_TIMEOUT))
  if ! with_node_env "$RABBITMQ_BIN/rabbitmqctl" -q wait --timeout "$DP_RABBITMQ_START_TIMEOUT" "$PID_FILE" >/dev/null \
    || ! with_node_env "$RABBITMQ_BIN/rabbitmqctl" -q await_startup --timeout "$DP_RABBITMQ_START_TIMEOUT" >/dev/null; then
    echo "rabbitmq.sh: node $DP_RABBITMQ_NODE did not start within ${DP_RABBITMQ_START_TIMEOUT}s" >&2
    print_log_tail
    return 1
  fi
  until management_answers; do
    if ((SECONDS >= deadline)); then
      echo "rabbitmq.sh: management API $MANAGEMENT_URL did not answer within ${DP_RABBITMQ_START_TIMEOUT}s" >&2
      print_log_tail
      return 1
    fi
    sleep 0.5
  done
}

start() {
  ensure_installed
  local pid
  if pid="$(node_pid)"; then
    wait_until_ready || exit 1
    say "node $DP_RABBITMQ_NODE is already running (pid $pid)"
    return 0
  fi
  local port
  for port in "$DP_RABBITMQ_PORT" "$DP_RABBITMQ_MANAGEMENT_PORT" "$DP_RABBITMQ_DIST_PORT"; do
    port_in_use "$port" && fail "port $port on 127.0.0.1 is already in use; choose other DP_RABBITMQ_* ports"
  done
  write_node_files
  rm -f "$PID_FILE"
  say "starting node $DP_RABBITMQ_NODE (amqp 127.0.0.1:$DP_RABBITMQ_PORT, management $MANAGEMENT_URL)"
  with_node_env "$RABBITMQ_BIN/rabbitmq-server" -detached
  if ! wait_until_ready; then
    stop >&2 # leaves no half-started node (or its epmd) behind
    exit 1
  fi
  say "node $DP_RABBITMQ_NODE is ready (pid $(node_pid))"
}

# epmd outlives the nodes that started it. Stop ours once no node is registered with it any more.
stop_idle_epmd() {
  local names
  names="$(ERL_EPMD_PORT="$DP_EPMD_PORT" epmd -names 2>/dev/null)" || return 0
  if grep -q '^name ' <<<"$names"; then
    say "epmd on port $DP_EPMD_PORT still serves other nodes; leaving it running"
  else
    ERL_EPMD_PORT="$DP_EPMD_PORT" epmd -kill >/dev/null && say "stopped epmd on port $DP_EPMD_PORT"
  fi
}

stop() {
  local pid
  if pid="$(node_pid)"; then
    say "stopping node $DP_RABBITMQ_NODE (pid $pid)"
    # rabbitmqctl stop with the pid file returns once the process has exited.
    if ! with_node_env "$RABBITMQ_BIN/rabbitmqctl" -q stop "$PID_FILE" >/dev/null 2>&1; then
      say "rabbitmqctl could not stop the node; sending SIGTERM"
      terminate "$pid" "node $DP_RABBITMQ_NODE" 30
    fi
    say "node $DP_RABBITMQ_NODE stopped"
  else
    say "node $DP_RABBITMQ_NODE is not running"
  fi
  rm -f "$PID_FILE"
  stop_idle_epmd
}

status() {
  local pid
  if pid="$(node_pid)"; then
    local management="not answering"
    management_answers && management="$MANAGEMENT_URL"
    say "node $DP_RABBITMQ_NODE is running (pid $pid, amqp 127.0.0.1:$DP_RABBITMQ_PORT, management $management)"
    return 0
  fi
  say "node $DP_RABBITMQ_NODE is stopped"
  return 3
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *)
    echo "Usage: $0 {start|stop|status}" >&2
    exit 2
    ;;
esac
