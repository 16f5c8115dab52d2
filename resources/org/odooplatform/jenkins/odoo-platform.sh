# Runs one odoo-platform command for the shared library (vars/odooPlatformCli.groovy).
# Every value arrives through the environment, never through this script's text:
#   OP_ARGC, OP_ARG_1..OP_ARG_n  the command's arguments (never secrets, by contract); `$NAME` = value of NAME
#   ODOO_PLATFORM_CLI            a launcher (bin/odoo-platform) or the jar (odoo-platform.jar), or
#   ODOO_PLATFORM_IMAGE          the CLI's container image (odoo-platform:<version>), run with docker
#                                (plus ODOO_PLATFORM_DOCKER_OPTS, e.g. --network host)
#   neither                      `odoo-platform` on the agent's PATH
# Secrets (RANCHER_*, REGISTRY_*, PG*) stay in the environment; docker gets them by name (-e NAME).
# Prints the command's stdout, then a last line `odoo-platform-exit-status=N`, and exits 0 so the
# step can read both the value and the exit code (sh cannot return stdout and status together).
set +x -eu  # Jenkins runs sh with -x: keep the log to the command's own output
refuse() { echo "odoo-platform.sh: $1" >&2; printf '\nodoo-platform-exit-status=2\n'; exit 0; }
if [ -n "${ODOO_PLATFORM_CLI:-}" ]; then
  case "$ODOO_PLATFORM_CLI" in
    *.jar) set -- java ${ODOO_PLATFORM_JAVA_OPTS:-} -jar "$ODOO_PLATFORM_CLI" ;;
    *) set -- "$ODOO_PLATFORM_CLI" ;;
  esac
elif [ -n "${ODOO_PLATFORM_IMAGE:-}" ]; then
  set -- docker run --rm -u "$(id -u):$(id -g)" -v "$PWD:$PWD" -w "$PWD"
  if [ -n "${WORKSPACE_TMP:-}" ]; then set -- "$@" -v "$WORKSPACE_TMP:$WORKSPACE_TMP"; fi
  for name in RANCHER_URL RANCHER_ACCESS_KEY RANCHER_SECRET_KEY REGISTRY_USERNAME REGISTRY_PASSWORD \
      DOCKER_CONFIG REGISTRY_AUTH_FILE PGHOST PGPORT PGUSER PGPASSWORD; do
    set -- "$@" -e "$name"
  done
  # ODOO_PLATFORM_DOCKER_OPTS: extra docker run options, e.g. --network host (word-split on purpose)
  set -- "$@" ${ODOO_PLATFORM_DOCKER_OPTS:-} "$ODOO_PLATFORM_IMAGE"
else
  set -- odoo-platform
fi
# An argument `$NAME` stands for the value of that variable (a credential file's path, bound by
# withCredentials), so the step never reads credential values or paths in Groovy.
i=1
while [ "$i" -le "$OP_ARGC" ]; do
  eval "arg=\$OP_ARG_$i"
  case "$arg" in
    '$'*)
      name="${arg#?}"
      case "$name" in
        '' | [0-9]* | *[!A-Za-z0-9_]*) refuse "'$arg' is not a variable reference" ;;
      esac
      if eval "[ -z \"\${$name+set}\" ]"; then
        refuse "variable $name is not set (is its credential bound?)"
      fi
      eval "arg=\$$name"
      ;;
  esac
  set -- "$@" "$arg"
  i=$((i + 1))
done
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
set +e
"$@" > "$out"
status=$?
set -e
cat "$out"
printf '\nodoo-platform-exit-status=%s\n' "$status"
