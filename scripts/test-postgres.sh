#!/usr/bin/env bash
# Starts Debian's PostgreSQL on loopback for the server tests and prints the address the
# tests use (KOMPAS_TEST_POSTGRES). Idempotent: a running server is left as it is. Drops
# the scratch databases earlier test runs left behind.
set -euo pipefail
# Only the address goes to stdout (xtask reads it); everything the tools print, warnings of
# pg_ctlcluster or psql included, goes to stderr.
exec 3>&1 1>&2

log() { printf '\033[1mtest-postgres:\033[0m %s\n' "$*" >&2; }
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
as_postgres() { $SUDO runuser -u postgres -- "$@"; }

ROLE=kompas_test
PASSWORD=kompas_test

if ! command -v pg_lsclusters >/dev/null 2>&1; then
  log "PostgreSQL is not installed: run scripts/setup.sh"
  exit 1
fi
# The newest cluster (lines with a numeric port only); Debian's package creates one
# ("main") when it is installed.
newest_cluster() {
  pg_lsclusters --no-header 2>/dev/null | awk '$3 ~ /^[0-9]+$/' | sort -k1,1V | tail -n 1
}
cluster="$(newest_cluster || true)"
if [ -z "$cluster" ]; then
  version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
  log "creating cluster $version/main"
  $SUDO pg_createcluster "$version" main >/dev/null
  cluster="$(newest_cluster)"
fi
read -r version name port status _ <<<"$cluster"
case "$port" in
  '' | *[!0-9]*) log "cannot read the port from pg_lsclusters: $cluster"; exit 1 ;;
esac
if [ "$status" != "online" ]; then
  log "starting PostgreSQL $version/$name on port $port"
  # 3>&-: the server must not inherit the address pipe, or xtask would wait for its end
  # as long as PostgreSQL runs.
  $SUDO pg_ctlcluster "$version" "$name" start 3>&-
fi
for _ in $(seq 1 50); do
  as_postgres psql -p "$port" -tAc "SELECT 1" >/dev/null 2>&1 && break
  sleep 0.2
done

as_postgres psql -p "$port" -v ON_ERROR_STOP=1 -q <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
    CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD';
  END IF;
END
\$\$;
SQL
# Scratch databases of earlier runs.
as_postgres psql -p "$port" -tAc \
  "SELECT datname FROM pg_database WHERE datname LIKE 'kompas\_test\_%'" |
  while read -r db; do
    [ -n "$db" ] && as_postgres psql -p "$port" -q -c "DROP DATABASE IF EXISTS \"$db\"" || true
  done

echo "postgres://$ROLE:$PASSWORD@127.0.0.1:$port" >&3
