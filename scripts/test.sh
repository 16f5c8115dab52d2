#!/usr/bin/env bash
# The test command (README, .ci/run): starts the real services the tests use, lints the Groovy,
# runs the whole Maven build with its tests, and stops the services it started.
set -euo pipefail
cd "$(dirname "$0")/.."
services=scripts/test-services.sh
state_env="$($services env)"
started_here=0
if [ ! -f "$state_env" ] || [ "${CI:-}" = true ]; then started_here=1; fi
$services start
if [ "$started_here" = 1 ] && [ "${KEEP_SERVICES:-}" != 1 ]; then trap '$services stop' EXIT; fi
# shellcheck disable=SC1090
. "$state_env"
scripts/lint-groovy.sh          # the Jenkins library, Jenkinsfiles and Groovy tests (errors fail)
# unit, service and end-to-end tests, and the CLI's container image (Jib, on the local JRE base);
# Maven's summary closes the run
mvn -B -ntp -Pjib -Djib.from.image="tar://$TEST_JRE_BASE_IMAGE" verify "$@"
