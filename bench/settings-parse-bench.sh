#!/usr/bin/env bash
# Prints how long parsing a settings file of N lines takes (default 40000, the size that took
# 100 s when every line copied the whole map), beside the JDK reading the same lines and the old
# copy-per-line growth measured in the same run.
# Usage: bench/settings-parse-bench.sh [LINES]   (builds target/odoo-platform.jar when missing)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/target/odoo-platform.jar"
[ -f "$jar" ] || (cd "$here" && mvn -B -q -ntp -o package -DskipTests)
exec java -Xmx1g -cp "$jar" "$here/bench/SettingsParseBench.java" "${1:-40000}"
