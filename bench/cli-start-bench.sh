#!/usr/bin/env bash
# Start-up cost of the CLI's common commands beside an empty Java main, measured in the same run.
# Each round runs every command once, in turn (interleaved, so a load spike on a shared machine
# hits all of them alike); the figure per command is the median wall time over N rounds, and the
# ratio is that median over the empty main's. Usage: bench/cli-start-bench.sh [ROUNDS] (default 15).
# Needs /usr/bin/time (Debian: time), target/odoo-platform.jar (mvn package) and, for the CDS rows, target/odoo-platform.jsa;
# the image rows run when docker answers and odoo-platform:VERSION is loaded (mvn -Pjib package, docker load).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-15}"
jar="$here/target/odoo-platform.jar"
jsa="$here/target/odoo-platform.jsa"
[ -f "$jar" ] || { echo "cli-start-bench: $jar missing: run mvn package first" >&2; exit 3; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# the baseline: an empty main, run the way the launcher runs a jar (default JVM flags, default CDS)
mkdir -p "$work/empty"
printf 'public class Empty { public static void main(String[] a) { } }\n' > "$work/empty/Empty.java"
javac -d "$work/empty" "$work/empty/Empty.java"

# a small project for diff: the sample project against a simulator holding nothing (diff exits 1: all creates)
cp -r "$here/examples/sample-project" "$work/project"
java -jar "$jar" init-settings --client acme --instance test --domain test.acme.example.com \
  --out "$work/test.env" >/dev/null 2>&1 </dev/null \
  || { echo "cli-start-bench: init-settings failed" >&2; exit 1; }
RANCHER_SECRET_KEY=bench-secret-key java -jar "$jar" rancher-simulator --port 0 --access-key bench \
  --transition-delay 0 --health-check-delay 0 >"$work/sim.log" 2>&1 &
sim=$!
trap 'kill "$sim" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do grep -q 'http://127.0.0.1:' "$work/sim.log" && break; sleep 0.1; done
url="$(grep -o 'http://127.0.0.1:[0-9]*' "$work/sim.log" | head -1)"
[ -n "$url" ] || { echo "cli-start-bench: the simulator did not start: $(cat "$work/sim.log")" >&2; exit 1; }
export RANCHER_URL="$url" RANCHER_ACCESS_KEY=bench RANCHER_SECRET_KEY=bench-secret-key

# image resolve: against the test registry when it runs (scripts/test-services.sh), else its --help
resolve=(image resolve --help)
if [ -f /tmp/odoo-platform-test/services.env ]; then
  . /tmp/odoo-platform-test/services.env
  if curl -sf -m 2 -o /dev/null -u "$TEST_REGISTRY_USER:$(cat "$TEST_REGISTRY_PASSWORD_FILE")" "http://$TEST_REGISTRY/v2/"; then
    resolve=(image resolve --registry-config "$TEST_REGISTRY_AUTH_FILE" --insecure-registry "$TEST_BASE_IMAGE")
  fi
fi
echo "cli-start-bench: image resolve runs as: ${resolve[*]}"

fast=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
cds=()
[ -f "$jsa" ] && cds=(-XX:SharedArchiveFile="$jsa")
names=() cmds=()
add() { names+=("$1"); shift; cmds+=("$(printf '%q ' "$@")"); }
add "empty main"                           java -cp "$work/empty" Empty
add "--version (plain java -jar)"          java -jar "$jar" --version
add "--version (launcher flags)"           java "${fast[@]}" "${cds[@]}" -jar "$jar" --version
add "image resolve (plain java -jar)"      java -jar "$jar" "${resolve[@]}"
add "image resolve (launcher flags)"       java "${fast[@]}" "${cds[@]}" -jar "$jar" "${resolve[@]}"
add "diff (plain java -jar)"               java -jar "$jar" diff --project "$work/project" --instance test --env-file "$work/test.env" --image camptocamp/acme_odoo:1
add "diff (launcher flags)"                java "${fast[@]}" "${cds[@]}" -jar "$jar" diff --project "$work/project" --instance test --env-file "$work/test.env" --image camptocamp/acme_odoo:1
add "bin/odoo-platform --version"          "$here/bin/odoo-platform" --version

# the container image (mvn -Pjib package, loaded into docker): check of the mounted sample project with the image's
# entrypoint (its CDS archive) and without the archive, beside an empty main in the same image (docker run's own
# cost is in all three); only when docker answers and the image is loaded
image="odoo-platform:$(java -jar "$jar" --version | awk '{print $2}')"
if command -v docker >/dev/null && docker image inspect "$image" >/dev/null 2>&1; then
  mkdir -p "$work/empty-image" && cp "$work/empty/Empty.class" "$work/empty-image/"
  mount=(-v "$here/examples/sample-project:/workspace/p:ro" -v "$work/empty-image:/empty:ro")
  in_image=(docker run --rm --network none "${mount[@]}")
  plain=(--entrypoint java "$image" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp @/app/jib-classpath-file org.odooplatform.cli.Main)
  args=(check --project p --instance prod --env-file p/rancher/prod/rancher.env.example)
  add "image: empty main"                  "${in_image[@]}" --entrypoint java "$image" -cp /empty Empty
  add "image: check (image's archive)"     "${in_image[@]}" "$image" "${args[@]}"
  add "image: check (no archive)"          "${in_image[@]}" "${plain[@]}" "${args[@]}"
fi

# wall time and CPU time (user + sys) of each run: on a loaded machine the CPU time is the steadier figure
declare -A wall cpu
for ((r = 0; r < rounds; r++)); do
  for i in "${!cmds[@]}"; do
    eval "/usr/bin/time -f '%e %U %S' -o '$work/time' ${cmds[$i]}" >/dev/null 2>&1 </dev/null || true
    read -r e u s < <(tail -1 "$work/time")
    wall[$i]+="$(awk -v e="$e" 'BEGIN {print int(e * 1000)}') "
    cpu[$i]+="$(awk -v u="$u" -v s="$s" 'BEGIN {print int((u + s) * 1000)}') "
  done
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
wbase="$(echo "${wall[0]}" | median)"
cbase="$(echo "${cpu[0]}" | median)"
echo "cli-start-bench: $rounds interleaved rounds on $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
[ -f "$jsa" ] || echo "  (no $jsa: the launcher-flag rows run without the CDS archive)"
printf '  %-36s %9s %7s %9s %7s\n' "median of $rounds runs" "wall ms" "ratio" "cpu ms" "ratio"
ibase=""
for i in "${!cmds[@]}"; do
  w="$(echo "${wall[$i]}" | median)"
  # the image rows: wall time over the image's empty main (docker run's start is in each); their CPU time is
  # docker's client only (the container runs under the daemon), shown for completeness
  if [ "${names[$i]}" = "image: empty main" ]; then
    ibase="$w"
    echo "  the container image, wall ratio over its own empty main:"
  fi
  if [ -n "$ibase" ]; then
    printf '  %-36s %9d %6.2fx\n' "${names[$i]}" "$w" "$(awk -v m="$w" -v b="$ibase" 'BEGIN {print m / (b ? b : 1)}')"
    continue
  fi
  c="$(echo "${cpu[$i]}" | median)"
  printf '  %-36s %9d %6.2fx %9d %6.2fx\n' "${names[$i]}" "$w" "$(awk -v m="$w" -v b="$wbase" 'BEGIN {print m / (b ? b : 1)}')" \
    "$c" "$(awk -v m="$c" -v b="$cbase" 'BEGIN {print m / (b ? b : 1)}')"
done
