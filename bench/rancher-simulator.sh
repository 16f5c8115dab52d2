#!/usr/bin/env bash
# Prints request latency of the Rancher simulator against a bare JDK HttpServer baseline measured
# in the same run, and the wall time of a create+upgrade+finish cycle against its configured delays.
# Usage: bench/rancher-simulator.sh [REQUESTS]   (builds target/odoo-platform.jar when missing)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/target/odoo-platform.jar"
[ -f "$jar" ] || (cd "$here" && mvn -B -q -ntp -o package -DskipTests)
exec java -cp "$jar" "$here/bench/RancherSimulatorBench.java" "${1:-2000}"
