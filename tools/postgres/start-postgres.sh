#!/usr/bin/env bash
# start-postgres.sh - a throw-away PostgreSQL 15 cluster with pgvector on 127.0.0.1, run as a non-root
# user (PostgreSQL refuses root), for the tests and the benchmark. Stop with stop-postgres.sh <data-dir>.
#
# usage: start-postgres.sh <data-dir> [port]
#   <data-dir> must not exist or be empty; the cluster, its socket and its log live under it.
#   [port] 0 or omitted: pick a free port.
# Writes <data-dir>/pg.env with CARBONSPACES_TEST_POSTGRES=postgresql://carbon@127.0.0.1:PORT/carbon
# (trust authentication on loopback only: a test cluster holds nothing worth a password), and
# CARBONSPACES_TEST_POSTGRES_LOGIN=user:password of the one role that must give its password
# (scram-sha-256), for the tests of -StoreCredential, PGPASSWORD and a wrong password.
# Environment: PG_USER (default: postgres when run as root, else the caller) owns the cluster.
set -euo pipefail
DIR=${1:?usage: start-postgres.sh <data-dir> [port]}
PORT=${2:-0}
BIN=/usr/lib/postgresql/15/bin
[ -x "$BIN/initdb" ] || { echo "postgres: $BIN/initdb is missing; run tools/postgres/install-postgres.sh" >&2; exit 1; }
[ -f /usr/share/postgresql/15/extension/vector.control ] \
  || { echo "postgres: the pgvector extension is missing; run tools/postgres/install-postgres.sh" >&2; exit 1; }

if [ "$(id -u)" = 0 ]; then RUN_AS=${PG_USER:-postgres}; else RUN_AS=$(id -un); fi
as_owner() { if [ "$(id -un)" = "$RUN_AS" ]; then "$@"; else runuser -u "$RUN_AS" -- "$@"; fi; }

if [ "$PORT" = 0 ]; then
  # a random free port (ss comes with iproute2, which the RGW fixture needs too)
  while :; do
    PORT=$((20000 + RANDOM % 40000))
    ss -Hltn "sport = :$PORT" | grep -q . || break
  done
fi
mkdir -p "$DIR"
[ -z "$(ls -A "$DIR")" ] || { echo "postgres: $DIR is not empty" >&2; exit 1; }
chown "$RUN_AS" "$DIR"
as_owner "$BIN/initdb" -D "$DIR/data" -U carbon --auth=trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log"
LOGIN_USER=carbon_login
LOGIN_PASSWORD=carbon-login-test-password
# the first matching line of pg_hba.conf wins: this role alone must give its password
sed -i "1i host all $LOGIN_USER 127.0.0.1/32 scram-sha-256" "$DIR/data/pg_hba.conf"
as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off -c max_connections=200" start >/dev/null
as_owner "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U carbon -d postgres -qAt \
  -c "CREATE DATABASE carbon" >/dev/null
as_owner "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U carbon -d carbon -qAt -c "CREATE EXTENSION vector" >/dev/null
as_owner "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U carbon -d carbon -qAt \
  -c "CREATE ROLE $LOGIN_USER LOGIN CREATEDB PASSWORD '$LOGIN_PASSWORD'" >/dev/null
{
  echo "CARBONSPACES_TEST_POSTGRES=postgresql://carbon@127.0.0.1:$PORT/carbon"
  echo "CARBONSPACES_TEST_POSTGRES_LOGIN=$LOGIN_USER:$LOGIN_PASSWORD"
} >"$DIR/pg.env"
echo "postgres: ready on 127.0.0.1:$PORT (data $DIR/data)"
