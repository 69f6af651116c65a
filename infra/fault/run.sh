#!/usr/bin/env bash
# The fault-injection run (docs/reliability.md, "Faults"): uploads a few hundred real jobs to the
# packaged API and predictors while a predictor is SIGKILLed mid-batch, RabbitMQ restarts, the store
# hangs for 30 s, the store refuses connections for 30 s and a predictor is SIGTERMed mid-batch;
# then prints submitted, succeeded, failed (by reason), lost and duplicated.
#
# Usage: infra/fault/run.sh [jobs] [milliseconds between uploads]     (default 300 500)
# Needs what infra/test.sh installs (rabbitmq-server). Takes about five minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."

jobs="${1:-300}"
spacing="${2:-500}"

if [[ ! -f api-service/target/api-service.jar || ! -f predictor-service/target/predictor-service.jar \
      || ! -f infra/servers/target/local-servers.jar ]]; then
  ./mvnw -B -q package -DskipTests -pl api-service,predictor-service,infra/servers -am
fi

# FaultInjectionRun is excluded from the normal build; naming it runs it. -DskipITs leaves the
# launcher's own integration tests out of this run.
./mvnw -B verify -pl infra/e2e-tests -am -DskipITs -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtest=FaultInjectionRun -Dfault.jobs="$jobs" -Dfault.spacing-ms="$spacing"

echo
cat infra/e2e-tests/target/fault-injection-run.md
