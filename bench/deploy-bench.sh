#!/usr/bin/env bash
# Deploy bench: API requests per deploy and our overhead (wall time minus the simulator's
# configured convergence time), against rancher-compose's call count for the same `up`.
# Usage: bench/deploy-bench.sh [TRANSITION_MS [HEALTHCHECK_MS]]   (default 500 500)
set -euo pipefail
cd "$(dirname "$0")/.."
# the shaded jar carries the runtime dependencies; the bench and its fixtures are test classes
mvn -B -ntp -o -q package -DskipTests
exec java -cp "target/odoo-platform.jar:target/test-classes" org.odooplatform.flow.DeployBench "$@"
