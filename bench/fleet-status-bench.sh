#!/usr/bin/env bash
# Fleet status bench: the API requests and time `status --all` costs for N projects (3 stacks, 3
# services and a deploy record each) on the simulator, against the baseline of one
# `status --stack` run per stack. The count must not grow with stacks or services (two list calls).
# Usage: bench/fleet-status-bench.sh [PROJECTS]   (default 100)
set -euo pipefail
cd "$(dirname "$0")/.."
# the shaded jar carries the runtime dependencies; the bench and its fixtures are test classes
mvn -B -ntp -o -q package -DskipTests
exec java -cp "target/odoo-platform.jar:target/test-classes" org.odooplatform.flow.fleet.FleetStatusBench "$@"
