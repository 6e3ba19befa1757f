#!/usr/bin/env bash
# Starts Debian's PostgreSQL if it is not running and makes sure the test role exists.
# Prints the DATABASE_URL to use, and nothing else, on stdout: callers capture it.
# The role may create databases (Django's test runner does).
#
# Everything else goes to stderr (pg_ctlcluster may say "Removed stale pid file." on
# stdout). That is done by redirecting a function, not with `exec 3>&1`: an extra open
# descriptor would be inherited by the server, and the caller's $(...) would wait for it
# to close, i.e. for ever.
set -euo pipefail
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"

main_port() { pg_lsclusters -h | awk '$2=="main"{print $3}'; }

start_cluster() {
  local version
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  if ! pg_lsclusters -h | awk '{print $2}' | grep -qx main; then
    $SUDO pg_createcluster "$version" main
  fi
  if pg_lsclusters -h | awk '$2=="main"{print $4}' | grep -qx online; then
    return 0
  fi
  if $SUDO pg_ctlcluster "$version" main start; then
    return 0
  fi
  # A server killed without shutting down leaves lock files behind; when no server
  # process is left (zombies aside), they are stale and may go.
  if ps -u postgres -o stat=,comm= | awk '$1 !~ /^Z/ && $2 == "postgres"' | grep -q .; then
    return 1
  fi
  echo "Removing stale PostgreSQL lock files and starting again."
  $SUDO rm -f "/var/run/postgresql/.s.PGSQL.$(main_port).lock" \
    "$(pg_lsclusters -h | awk '$2=="main"{print $6}')/postmaster.pid"
  $SUDO pg_ctlcluster "$version" main start
}

psql_as_postgres() { $SUDO runuser -u postgres -- psql -p "$port" -qtAX "$@"; }

ensure_role() {
  for _ in $(seq 1 30); do psql_as_postgres -c "select 1" >/dev/null 2>&1 && break; sleep 1; done
  if [ "$(psql_as_postgres -c "select 1 from pg_roles where rolname='klynge'")" != "1" ]; then
    psql_as_postgres -c "create role klynge login createdb password 'klynge'"
  fi
  if [ "$(psql_as_postgres -c "select 1 from pg_database where datname='klynge'")" != "1" ]; then
    psql_as_postgres -c "create database klynge owner klynge"
  fi
}

start_cluster >&2
port=$(main_port)
ensure_role >&2
echo "postgres://klynge:klynge@127.0.0.1:${port}/klynge"
