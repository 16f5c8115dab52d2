#!/bin/sh
# Entrypoint of the test PostgreSQL image (scripts/test-services.sh builds it from this machine's
# postgresql-15 binaries; Docker Hub is out of reach). It follows the official postgres image's
# docker-entrypoint.sh: POSTGRES_USER / POSTGRES_PASSWORD (or POSTGRES_PASSWORD_FILE) /
# POSTGRES_DB create the cluster on the first start, TCP connections need the password
# (scram-sha-256), local socket connections inside the container are trusted.
set -eu
PATH=/usr/lib/postgresql/15/bin:$PATH
: "${PGDATA:=/var/lib/postgresql/data}" "${POSTGRES_USER:=postgres}"
if [ "${1:-postgres}" != postgres ]; then exec "$@"; fi
if [ -n "${POSTGRES_PASSWORD_FILE:-}" ]; then POSTGRES_PASSWORD=$(cat "$POSTGRES_PASSWORD_FILE"); fi
mkdir -p "$PGDATA" /var/run/postgresql
chown postgres:postgres "$PGDATA" /var/run/postgresql; chmod 700 "$PGDATA"
# busybox su would read the options of the command as its own: the command goes as one string
as_pg() { su -p -s /bin/sh postgres -c "exec $*"; }
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "${POSTGRES_PASSWORD:-}" ]; then
    echo "error: database is uninitialized and POSTGRES_PASSWORD is not set" >&2; exit 1
  fi
  pw=$(mktemp); chown postgres "$pw"; printf '%s\n' "$POSTGRES_PASSWORD" > "$pw"
  as_pg initdb -D "$PGDATA" -U "$POSTGRES_USER" --pwfile="$pw" -E UTF8 --locale=C \
    --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f "$pw"
  echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
  db=${POSTGRES_DB:-$POSTGRES_USER}
  if [ "$db" != postgres ]; then
    as_pg postgres --single -D "$PGDATA" -j postgres >/dev/null <<SQL
CREATE DATABASE "$db" OWNER "$POSTGRES_USER";
SQL
  fi
  echo "PostgreSQL init process complete; ready for start up."
fi
unset POSTGRES_PASSWORD
# the server is PID 1 (su and the shell exec it), so `docker stop` reaches it
exec su -p -s /bin/sh postgres -c "exec postgres -D $PGDATA -c listen_addresses='*' \
  -c unix_socket_directories=/var/run/postgresql -c fsync=off -c full_page_writes=off"
