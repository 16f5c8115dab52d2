#!/usr/bin/env bash
# Promotion cost: `image promote` (registry API: manifest GET/PUT, blob mounts) against
#   (a) skopeo copy of the same image to a new tag, and
#   (b) pull + tag + push with a builder (docker when DOCKER_HOST answers, else buildah),
# on the local test registry, with an image of ~200 MB in several random-data layers.
# The jvm-start row (odoo-platform --version, no registry call) shows how much of promote's wall
# time is JVM start-up; the promote(op) rows are the promotion alone, as promote reports it on stderr
# ("N registry requests in M ms"): its cost inside a flow that runs in an already started JVM.
# Wall time and bytes on the wire to/from the registry (a counting TCP proxy sits in front of
# it: every client talks to the proxy), median of BENCH_RUNS runs, printed as ratios to promote.
#
#   bench/promote-bench.sh            # needs scripts/test-services.sh start; BENCH_MB=200 BENCH_LAYERS=4 BENCH_RUNS=3
set -euo pipefail
cd "$(dirname "$0")/.."
. "$(scripts/test-services.sh env)"
MB="${BENCH_MB:-200}"; LAYERS="${BENCH_LAYERS:-4}"; RUNS="${BENCH_RUNS:-3}"
work="$(mktemp -d /tmp/promote-bench.XXXXXX)"
auth_dir="$work/auth"; mkdir -m 700 "$auth_dir"
proxy_pid=""
cleanup() {
  [ -n "$proxy_pid" ] && kill "$proxy_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

B=(buildah --root "$TEST_BUILDAH_ROOT/storage" --runroot "$TEST_BUILDAH_ROOT/run" --storage-driver vfs)
export REGISTRY_USERNAME="$TEST_REGISTRY_USER"
REGISTRY_PASSWORD="$(cat "$TEST_REGISTRY_PASSWORD_FILE")"; export REGISTRY_PASSWORD
[ -f target/odoo-platform.jar ] || mvn -B -q -ntp -o package -DskipTests >&2
tool() { bin/odoo-platform "$@"; }

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
H="127.0.0.1:$port"
counts="$work/counts"
proxy_start() { python3 bench/count-proxy.py "$port" "$TEST_REGISTRY" "$counts" & proxy_pid=$!
  until (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null; do sleep 0.05; done; }
proxy_stop() { kill "$proxy_pid"; wait "$proxy_pid" 2>/dev/null || true; proxy_pid=""; }

run_id="$(date +%s)"
repo="bench/odoo-$run_id"

echo "== building a ${MB} MB image in $LAYERS random-data layers with buildah (setup, not measured)" >&2
ctx="$work/ctx"; mkdir -p "$ctx"
{ echo "FROM $TEST_BASE_IMAGE"; for i in $(seq "$LAYERS"); do
    head -c "$((MB * 1024 * 1024 / LAYERS))" /dev/urandom > "$ctx/layer$i.bin"; echo "COPY layer$i.bin /data/"; done; } > "$ctx/Dockerfile"
REGISTRY_AUTH_FILE="$auth_dir/direct.json" skopeo login --tls-verify=false -u "$REGISTRY_USERNAME" --password-stdin \
  "$TEST_REGISTRY" <<<"$REGISTRY_PASSWORD" >/dev/null
"${B[@]}" build -q --layers --isolation chroot --format docker --authfile "$auth_dir/direct.json" --tls-verify=false \
  -t "localhost/promote-bench:$run_id" "$ctx" >/dev/null
rm -f "$ctx"/layer*.bin

# Logins of the other clients through the proxy host, with --password-stdin, into files of this run only.
builder=buildah
proxy_start
printf '%s' "$REGISTRY_PASSWORD" | skopeo login --authfile "$auth_dir/auth.json" --tls-verify=false \
  -u "$REGISTRY_USERNAME" --password-stdin "$H" >/dev/null
if [ -n "${DOCKER_HOST:-}" ] && docker version >/dev/null 2>&1; then
  builder=docker; mkdir -m 700 "$auth_dir/docker"
  printf '%s' "$REGISTRY_PASSWORD" | DOCKER_CONFIG="$auth_dir/docker" docker login -u "$REGISTRY_USERNAME" --password-stdin "$H" >/dev/null
fi
proxy_stop

proxy_start
"${B[@]}" push -q --authfile "$auth_dir/auth.json" --tls-verify=false --digestfile "$work/digest" \
  "localhost/promote-bench:$run_id" "docker://$H/$repo:src"
proxy_stop; read -r push_up push_down < "$counts"
digest="$(cat "$work/digest")"
size_mb="$(awk -v b="$push_up" 'BEGIN{printf "%.0f", b/1048576}')"
echo "== pushed $H/$repo@$digest (${size_mb} MB sent by the initial push)" >&2

# measure NAME CMD...: runs CMD through a fresh proxy; appends "NAME seconds up down" to results
results="$work/results"
measure() {
  local name="$1"; shift
  proxy_start
  local t0 t1; t0="$(date +%s.%N)"
  "$@" >"$work/last.out" 2>"$work/last.err" || { echo "$name failed:" >&2; cat "$work/last.err" >&2; exit 1; }
  t1="$(date +%s.%N)"
  proxy_stop; read -r up down < "$counts"
  echo "$name $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}') $up $down" >> "$results"
  # promote reports the time of the registry operation itself (JVM start excluded): the cost inside a flow
  local ms; ms="$(sed -n 's/.*registry requests in \([0-9]*\) ms.*/\1/p' "$work/last.err")"
  [ -n "$ms" ] && echo "$name(op) $(awk -v m="$ms" 'BEGIN{printf "%.3f", m/1000}') $up $down" >> "$results"
  return 0
}

pull_tag_push() {  # the image is removed locally first, so the pull is real
  local tag="$1"
  if [ "$builder" = docker ]; then
    export DOCKER_CONFIG="$auth_dir/docker"
    docker pull -q "$H/$repo@$digest" && docker tag "$H/$repo@$digest" "$H/$repo:$tag" && docker push -q "$H/$repo:$tag"
    docker rmi -f "$H/$repo:$tag" "$H/$repo@$digest" >/dev/null 2>&1 || true
  else
    "${B[@]}" pull -q --authfile "$auth_dir/auth.json" --tls-verify=false "$H/$repo@$digest" \
      && "${B[@]}" tag "$H/$repo@$digest" "$H/$repo:$tag" \
      && "${B[@]}" push -q --authfile "$auth_dir/auth.json" --tls-verify=false "$H/$repo:$tag" "docker://$H/$repo:$tag"
    "${B[@]}" rmi -f "$H/$repo:$tag" >/dev/null 2>&1 || true
  fi
}

"${B[@]}" rmi -f "localhost/promote-bench:$run_id" >/dev/null 2>&1 || true
for r in $(seq "$RUNS"); do
  echo "== run $r/$RUNS" >&2
  measure jvm-start      tool --version   # baseline: what of promote's wall time is JVM start-up
  measure promote        tool image promote --from "$H/$repo@$digest" --to "$H/$repo:1.0.$r"
  measure promote-xrepo  tool image promote --from "$H/$repo@$digest" --to "1.0.$r" --to-repo "$repo-prod$r"
  measure skopeo         skopeo copy -q --authfile "$auth_dir/auth.json" --src-tls-verify=false --dest-tls-verify=false \
                           "docker://$H/$repo@$digest" "docker://$H/$repo:skopeo-$r"
  measure skopeo-xrepo   skopeo copy -q --authfile "$auth_dir/auth.json" --src-tls-verify=false --dest-tls-verify=false \
                           "docker://$H/$repo@$digest" "docker://$H/$repo-skopeo$r:1.0.$r"
  measure pull-tag-push  pull_tag_push "pp-$r"
done
# promotion of the 2 MB base image: promote's cost does not grow with the image
for r in $(seq "$RUNS"); do measure promote-2MB tool image promote --from "$H/${TEST_BASE_IMAGE#*/}" --to "$H/$repo-small:1.0.$r"; done

proxy_start
for t in 1.0.1 skopeo-1 pp-1; do
  d="$(tool image resolve "$H/$repo:$t" 2>/dev/null | tail -1)"; [ "${d#*@}" = "$digest" ] && s=same || s="CHANGED (${d#*@})"
  echo "digest after $t: $s" >&2
done
proxy_stop

echo
echo "promote bench: image ${size_mb} MB on the wire, $LAYERS random layers + base; median of $RUNS runs; builder for (b): $builder"
awk '
  { n[$1]++; t[$1, n[$1]] = $2; u[$1, n[$1]] = $3; d[$1, n[$1]] = $4; if (!($1 in order)) { order[$1] = ++k; names[k] = $1 } }
  function med(arr, name,   i, j, m, v, tmp) { m = n[name]; for (i = 1; i <= m; i++) v[i] = arr[name, i]
    for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (v[j] < v[i]) { tmp = v[i]; v[i] = v[j]; v[j] = tmp }
    return v[int((m + 1) / 2)] }
  END {
    T = med(t, "promote"); U = med(u, "promote"); D = med(d, "promote")
    printf "%-18s %9s %14s %14s %10s %10s %10s\n", "method", "wall s", "bytes to reg", "bytes from reg", "x time", "x to-reg", "x total"
    for (i = 1; i <= k; i++) { name = names[i]; tt = med(t, name); uu = med(u, name); dd = med(d, name)
      printf "%-18s %9.2f %14d %14d %10.1f %10.1f %10.1f\n", name, tt, uu, dd, tt / T, uu / U, (uu + dd) / (U + D) }
  }' "$results"
