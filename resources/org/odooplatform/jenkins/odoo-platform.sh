# Runs one odoo-platform command for the shared library (vars/odooPlatformCli.groovy).
# Every value arrives through the environment, never through this script's text:
#   OP_ARGC, OP_ARG_1..OP_ARG_n  the command's arguments, passed exactly as they are (never expanded:
#                                a value '$RANCHER_SECRET_KEY' stays that text)
#   OP_ARG_n_FROM=NAME           argument n is the value of NAME instead: a credential file the step
#                                itself bound with withCredentials (e.g. OP_ENV_FILE)
#   ODOO_PLATFORM_CLI            a launcher (bin/odoo-platform) or the jar (odoo-platform.jar), or
#   ODOO_PLATFORM_IMAGE          the CLI's container image (odoo-platform:<version>), run with docker
#                                (plus ODOO_PLATFORM_DOCKER_OPTS, e.g. --network host); OP_PASS_ENV
#                                names the variables docker gets by name (-e NAME): the list of
#                                `odoo-platform environment` (resources/.../cli-environment.txt)
#   neither                      `odoo-platform` on the agent's PATH
# Secrets (RANCHER_*, REGISTRY_*, PG*) stay in the environment.
# The command's stdout and stderr reach the build log while it runs (both are copied to stderr,
# which Jenkins streams to the log even with sh(returnStdout: true)). When it ends, this prints its
# stdout again on stdout, then `odoo-platform-message=<its first error line>` and
# `odoo-platform-exit-status=N`, and exits 0, so the step reads value, message and exit code together.
set +x -eu  # Jenkins runs sh with -x: keep the log to the command's own output
refuse() {
  echo "odoo-platform.sh: $1" >&2
  printf '\nodoo-platform-message=odoo-platform.sh: %s\nodoo-platform-exit-status=2\n' "$1"
  exit 0
}
case "${OP_ARGC:-}" in
  '' | *[!0-9]*) refuse "OP_ARGC is not set to the number of arguments" ;;
esac
nl='
'
mounts=''
set --
i=1
while [ "$i" -le "$OP_ARGC" ]; do
  if eval "[ -z \"\${OP_ARG_$i+set}\" ]"; then
    refuse "argument $i is not set (an empty value? withEnv drops variables whose value is empty)"
  fi
  eval "arg=\$OP_ARG_$i"
  eval "from=\${OP_ARG_${i}_FROM:-}"
  if [ -n "$from" ]; then
    case "$from" in
      [0-9]* | *[!A-Za-z0-9_]*) refuse "OP_ARG_${i}_FROM: '$from' is not a variable name" ;;
    esac
    eval "arg=\${$from:-}"
    if [ -z "$arg" ]; then
      refuse "variable $from is not set (is its credential bound?)"
    fi
    mounts="$mounts$(dirname -- "$arg")$nl"
  fi
  set -- "$@" "$arg"
  i=$((i + 1))
done
work="$(mktemp -d)"
cid=''
trap 'rm -rf "$work"' EXIT
if [ -n "${ODOO_PLATFORM_CLI:-}" ]; then
  case "$ODOO_PLATFORM_CLI" in
    *.jar)
      # bin/odoo-platform's short-run flags, and the CDS archive the build dumps beside the jar (the
      # JVM ignores it, silently, if it does not match); ODOO_PLATFORM_JAVA_OPTS last: it wins
      jsa="${ODOO_PLATFORM_CLI%.jar}.jsa"
      if [ -f "$jsa" ]; then
        set -- -XX:SharedArchiveFile="$jsa" -Xlog:cds=off -Xlog:cds+dynamic=off ${ODOO_PLATFORM_JAVA_OPTS:-} -jar "$ODOO_PLATFORM_CLI" "$@"
      else
        set -- ${ODOO_PLATFORM_JAVA_OPTS:-} -jar "$ODOO_PLATFORM_CLI" "$@"
      fi
      set -- java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto "$@" ;;
    *) set -- "$ODOO_PLATFORM_CLI" "$@" ;;
  esac
elif [ -n "${ODOO_PLATFORM_IMAGE:-}" ]; then
  if [ -z "${OP_PASS_ENV:-}" ]; then
    refuse "OP_PASS_ENV is not set: the names of the variables the CLI reads (odoo-platform environment)"
  fi
  # ODOO_PLATFORM_DOCKER_OPTS: extra docker run options, e.g. --network host (word-split on purpose)
  set -- ${ODOO_PLATFORM_DOCKER_OPTS:-} "$ODOO_PLATFORM_IMAGE" "$@"
  for name in $OP_PASS_ENV; do
    set -- -e "$name" "$@"
  done
  # the directories of the credential files actually passed: inside dir(), Jenkins puts them in
  # <dir>@tmp, which neither the workspace nor WORKSPACE_TMP mount covers
  old_ifs=$IFS
  IFS=$nl
  for d in $mounts; do
    set -- -v "$d:$d:ro" "$@"
  done
  IFS=$old_ifs
  if [ -n "${WORKSPACE_TMP:-}" ]; then set -- -v "$WORKSPACE_TMP:$WORKSPACE_TMP" "$@"; fi
  # a cidfile, so that an abort (TERM) stops the container and not only the docker client: otherwise
  # the CLI could go on deploying after the build released its lock
  cid="$work/cid"
  set -- docker run --rm --cidfile "$cid" -u "$(id -u):$(id -g)" -v "$PWD:$PWD" -w "$PWD" "$@"
else
  set -- odoo-platform "$@"
fi
stop() {
  if [ -n "$cid" ] && [ -s "$cid" ]; then
    echo "odoo-platform.sh: aborted: stopping container $(cat "$cid")" >&2
    docker stop -t 60 "$(cat "$cid")" >/dev/null 2>&1 || true
  fi
  exit 143
}
trap stop TERM INT HUP
# stdout -> $work/out and the log, stderr -> $work/err and the log; in the background so that
# `wait` returns at once on TERM and the trap runs
set +e
( { { "$@"; echo "$?" > "$work/status"; } 2>&1 1>&3 | tee "$work/err" >&2; } 3>&1 | tee "$work/out" >&2 ) &
wait $!
set -e
status="$(cat "$work/status" 2>/dev/null || echo 1)"
cat "$work/out"
# the CLI's message: its first error line, else its last line
message="$(grep -E '^error|: error:' "$work/err" | head -n 1 || true)"
if [ -z "$message" ]; then message="$(grep -v '^[[:space:]]*$' "$work/err" | tail -n 1 || true)"; fi
printf '\nodoo-platform-message=%s\nodoo-platform-exit-status=%s\n' "$message" "$status"
