#!/usr/bin/env bash
# N integration DB resets under clients reconnecting in a tight loop (the metrics race):
# success rate, median and p95 time of db reset (FORCE and fallback paths) beside the old
# psql procedure (terminate; drop; create), measured in the same run on the test PostgreSQL.
# Usage: bench/db-reset-bench.sh [N=30] [CLIENTS=3] [HOLD_MS=0: connect/query/disconnect; >0: hold the session]
set -euo pipefail
cd "$(dirname "$0")/.."
. /tmp/odoo-platform-test/services.env
mvn -B -ntp -o -q test-compile
m2="${MAVEN_REPO:-$HOME/.m2/repository}"
cp="target/classes:target/test-classes"
for jar in info/picocli/picocli/4.7.7/picocli-4.7.7.jar org/yaml/snakeyaml/2.7/snakeyaml-2.7.jar \
           org/postgresql/postgresql/42.7.14/postgresql-42.7.14.jar; do
  cp="$cp:$m2/$jar"
done
exec java -cp "$cp" org.odooplatform.database.ResetBench "${1:-30}" "${2:-3}" "${3:-0}"
