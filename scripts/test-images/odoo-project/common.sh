# Shared by the commands of the test odoo-project image (runtests, odoo, runmigration, migrate,
# marabunta). They stand in for camptocamp/docker-odoo-project's bin/ scripts, which need Odoo:
# same environment (DB_HOST, DB_PORT, DB_USER, DB_PASSWORD, DB_NAME), same waiting for the
# database (bin/wait_postgres.sh), and real connections and writes through psql.
: "${DB_HOST:=db}" "${DB_PORT:=5432}" "${DB_USER:=odoo}" "${DB_NAME:=odoodb}"
ODOO_BASE=${ODOO_BASE:-/opt/odoo}
export PGHOST="$DB_HOST" PGPORT="$DB_PORT" PGUSER="$DB_USER" PGPASSWORD="${DB_PASSWORD:-}" PGCONNECT_TIMEOUT=5

log() { echo "$(date -u '+%Y-%m-%d %H:%M:%S'),000 1 $1 ${LOG_DB:-$DB_NAME} $2: $3"; }

q() { psql -X -q -t -A -v ON_ERROR_STOP=1 "$@"; }

# bin/wait_postgres.sh: the port first (30 s), then until the server accepts a real login.
wait_postgres() {
  i=0
  until pg_isready -q -h "$DB_HOST" -p "$DB_PORT" -t 1; do
    i=$((i + 1))
    if [ "$i" -ge "${WAIT_POSTGRES_TRIES:-30}" ]; then
      echo "Timeout after 30s waiting on tcp://$DB_HOST:$DB_PORT" >&2; exit 1
    fi
    sleep 1
  done
  until out=$(q -d postgres -c 'SELECT 1' 2>&1); do
    case "$out" in
      *"starting up"*) echo "Waiting for the database system to start up"; sleep 0.2 ;;
      *) echo "$out" >&2; exit 1 ;;
    esac
  done
}

db_exists() { [ "$(q -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]; }
createdb() { q -d postgres -c "CREATE DATABASE \"$1\" OWNER \"$DB_USER\""; }
dropdb() { q -d postgres -c "DROP DATABASE IF EXISTS \"$1\""; }

xml() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g'; }
