#!/usr/bin/env bash
# Backup and restore of a ~SIZE_MB database (default 100) on the test PostgreSQL: time and size of
# 'odoo-platform db backup' and 'db restore' (checksum, new database, swap by rename) beside plain
# 'pg_dump -Fc' and 'pg_restore' into an empty database, measured in the same run.
# Usage: bench/db-backup-bench.sh [SIZE_MB=100] [RUNS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
. /tmp/odoo-platform-test/services.env
size_mb="${1:-100}"; runs="${2:-3}"
[ -f target/odoo-platform.jar ] || mvn -B -q -ntp -o package -Dmaven.test.skip=true
work="$(mktemp -d)"; chmod 700 "$work"
name="bench_$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
role_pw="$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20)"
export PGHOST="$TEST_PG_HOST" PGPORT="$TEST_PG_PORT" PGUSER="${TEST_PG_USER:-postgres}"
export PGPASSWORD="$(cat "$TEST_PG_PASSWORD_FILE")"
cleanup() {
  for db in $(psql -Atq -d postgres -c "SELECT datname FROM pg_database WHERE datname LIKE '${name}%'"); do
    psql -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
  done
  psql -q -d postgres -c "DROP ROLE IF EXISTS $name"
  rm -rf "$work"
}
trap cleanup EXIT
psql -q -d postgres -c "CREATE ROLE $name LOGIN PASSWORD '$role_pw'" -c "CREATE DATABASE $name OWNER $name"
# Odoo-shaped content: many small rows (partners, move lines with indexes) and some bulky text
rows=$(( size_mb * 4000 ))
PGPASSWORD="$role_pw" psql -q -U "$name" -d "$name" <<SQL
CREATE TABLE res_partner (id serial PRIMARY KEY, name text, email text, street text, create_date timestamp DEFAULT now());
INSERT INTO res_partner (name, email, street) SELECT 'Partner ' || i, md5(i::text) || '@example.com', i || ' Main street'
  FROM generate_series(1, $rows / 4) i;
CREATE TABLE account_move_line (id serial PRIMARY KEY, partner_id int, name text, debit numeric, credit numeric, date date);
INSERT INTO account_move_line (partner_id, name, debit, credit, date)
  SELECT i % ($rows / 4) + 1, 'Invoice line ' || md5(i::text), (i % 997) * 1.5, 0, date '2020-01-01' + (i % 1500)
  FROM generate_series(1, $rows) i;
CREATE INDEX ON account_move_line (partner_id);
CREATE INDEX ON account_move_line (date);
CREATE TABLE mail_message (id serial PRIMARY KEY, body text);
INSERT INTO mail_message (body) SELECT repeat(md5(random()::text), 8) FROM generate_series(1, $rows / 8);
CREATE TABLE ir_cron (id serial PRIMARY KEY, active boolean);
CREATE TABLE marabunta_version (number VARCHAR NOT NULL PRIMARY KEY, date_start TIMESTAMP NOT NULL,
  date_done TIMESTAMP, log TEXT, addons TEXT);
INSERT INTO marabunta_version VALUES ('setup', now(), now(), '', '[]'), ('10.1.0', now(), now(), '', '[]');
VACUUM ANALYZE res_partner, account_move_line, mail_message;
SQL
db_size=$(psql -Atq -d postgres -c "SELECT pg_size_pretty(pg_database_size('$name'))")
printf 'export DB_NAME=%s\nexport DB_USER=%s\nexport RUNNING_ENV=integration\n' "$name" "$name" > "$work/public.env"
printf 'export DB_PASSWORD=%s\n' "$role_pw" > "$work/secret.env"; chmod 600 "$work/secret.env"
cli=(java -jar target/odoo-platform.jar db)
common=(--project examples/sample-project --instance integration --public-env-file "$work/public.env"
        --env-file "$work/secret.env" --backup-dir "$work/backups")
now() { date +%s.%N; }
med() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -a t_dump t_restore t_backup t_ourrestore
for i in $(seq "$runs"); do
  s=$(now); PGPASSWORD="$role_pw" pg_dump -Fc -U "$name" -d "$name" -f "$work/plain.dump"; e=$(now)
  t_dump+=("$(echo "$e - $s" | bc)")
  psql -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS ${name}_plain" -c "CREATE DATABASE ${name}_plain OWNER $name"
  s=$(now); PGPASSWORD="$role_pw" pg_restore --no-owner --exit-on-error -U "$name" -d "${name}_plain" "$work/plain.dump"; e=$(now)
  t_restore+=("$(echo "$e - $s" | bc)")
  psql -q -d postgres -c "DROP DATABASE ${name}_plain"
  s=$(now); "${cli[@]}" backup "${common[@]}" --keep 1 > "$work/backup.log"; e=$(now)
  t_backup+=("$(echo "$e - $s" | bc)")
  file=$(ls "$work/backups" | grep '\.dump$' | tail -1)
  s=$(now); "${cli[@]}" restore "${common[@]}" --backup "$file" --yes --terminate-sessions > "$work/restore.log"; e=$(now)
  t_ourrestore+=("$(echo "$e - $s" | bc)")
done
plain_size=$(stat -c %s "$work/plain.dump"); our_size=$(stat -c %s "$work/backups/$file")
echo "database $name: $db_size on disk (pg_database_size), PostgreSQL at $PGHOST:$PGPORT, $runs runs, medians"
printf '%-44s %10s %12s\n' method time archive
printf '%-44s %9.2fs %9.1f MiB\n' "pg_dump -Fc (baseline)" "$(printf '%s\n' "${t_dump[@]}" | med)" "$(echo "$plain_size / 1048576" | bc -l)"
printf '%-44s %9.2fs %9.1f MiB\n' "odoo-platform db backup (+sha256, sidecar)" "$(printf '%s\n' "${t_backup[@]}" | med)" "$(echo "$our_size / 1048576" | bc -l)"
printf '%-44s %9.2fs\n' "pg_restore into an empty database (baseline)" "$(printf '%s\n' "${t_restore[@]}" | med)"
printf '%-44s %9.2fs\n' "odoo-platform db restore (check, swap, keep)" "$(printf '%s\n' "${t_ourrestore[@]}" | med)"
echo "odoo-platform times include the JVM start (about 1 s); last backup's own lines:"
grep -E 'backup written|pg_restore .* into|db restore done' "$work/backup.log" "$work/restore.log" | sed "s|$work|\$WORK|g; s/^[^:]*:/  /"
