#!/bin/sh
# docker-odoo-project's bin/docker-entrypoint.sh, reduced: DEMO must be True or False, wait for
# the database, run the migration before `odoo` (unless MIGRATE is not True), then the command.
set -e
. /usr/local/lib/odoo-test/common.sh
case "$(echo "${DEMO:-False}" | tr 'A-Z' 'a-z')" in
  false) echo "Running without demo data" ;;
  true) echo "Running with demo data" ;;
  *) echo "Value '$DEMO' for DEMO is not a valid value in 'False', 'True'"; exit 1 ;;
esac
wait_postgres
base=$(basename "$1")
if [ "$base" = odoo ] || [ "$base" = odoo.py ]; then
  case " $* " in *" --help "*) ;; *) if [ -z "$MIGRATE" ] || [ "$MIGRATE" = True ]; then migrate; fi ;; esac
fi
exec "$@"
