#!/usr/bin/env bash
# Stops what infra/local/up.sh started: the services (SIGTERM, SIGKILL after 30 s), then the local
# S3 and MongoDB servers, then RabbitMQ. Stopping what is not running is not an error.
#
# Uses the same environment as up.sh (DP_DATA_DIR and the DP_RABBITMQ_* settings).
set -euo pipefail

# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
SERVICE_STOP_SECONDS=30

# Stops the processes of the given pid files together: SIGTERM to all first, so they shut down in
# parallel, then up to SERVICE_STOP_SECONDS for each.
stop_all() {
  local file name pid
  local -a names=() pids=()
  for file in "$@"; do
    [[ -e $file ]] || continue
    name="$(basename "$file" .pid)"
    if pid="$(live_pid "$file" java)"; then
      say "stopping $name (pid $pid)"
      kill -TERM "$pid" 2>/dev/null || true
      names+=("$name")
      pids+=("$pid")
    else
      say "$name is not running"
    fi
    rm -f "$file"
  done
  local i
  for i in "${!pids[@]}"; do
    terminate "${pids[i]}" "${names[i]}" "$SERVICE_STOP_SECONDS"
  done
}

main() {
  shopt -s nullglob
  stop_all "$PID_DIR"/api-service.pid "$PID_DIR"/predictor-*.pid
  # After the services, which write to S3 and MongoDB until they are down.
  stop_all "$PID_DIR"/local-servers.pid
  "$REPO_ROOT/infra/local/rabbitmq.sh" stop
}

main "$@"
