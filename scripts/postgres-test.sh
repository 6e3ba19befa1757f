#!/usr/bin/env bash
# Starts Debian's PostgreSQL if it is not running and makes sure the test role exists.
# Prints the DATABASE_URL to use. The role may create databases (Django's test runner does).
set -euo pipefail
# Everything but the URL goes to stderr: callers capture stdout (pg_ctlcluster may say
# "Removed stale pid file." on stdout).
exec 3>&1 1>&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk '{print $2}' | grep -qx main; then
  $SUDO pg_createcluster "$version" main >/dev/null
fi
port=$(pg_lsclusters -h | awk '$2=="main"{print $3}')
if ! pg_lsclusters -h | awk '$2=="main"{print $4}' | grep -qx online; then
  if ! $SUDO pg_ctlcluster "$version" main start; then
    # A server killed without shutting down leaves lock files behind; when no server
    # process is left (zombies aside), they are stale and may go.
    if ! ps -u postgres -o stat=,comm= | awk '$1 !~ /^Z/ && $2 == "postgres"' | grep -q .; then
      echo "Removing stale PostgreSQL lock files and starting again." >&2
      $SUDO rm -f "/var/run/postgresql/.s.PGSQL.${port}.lock" \
        "$(pg_lsclusters -h | awk '$2=="main"{print $6}')/postmaster.pid"
      $SUDO pg_ctlcluster "$version" main start
    else
      exit 1
    fi
  fi
fi
psql_as_postgres() { $SUDO runuser -u postgres -- psql -p "$port" -qtAX "$@"; }
for _ in $(seq 1 30); do psql_as_postgres -c "select 1" >/dev/null 2>&1 && break; sleep 1; done
if [ "$(psql_as_postgres -c "select 1 from pg_roles where rolname='klynge'")" != "1" ]; then
  psql_as_postgres -c "create role klynge login createdb password 'klynge'"
fi
if [ "$(psql_as_postgres -c "select 1 from pg_database where datname='klynge'")" != "1" ]; then
  psql_as_postgres -c "create database klynge owner klynge"
fi
echo "postgres://klynge:klynge@127.0.0.1:${port}/klynge" >&3
