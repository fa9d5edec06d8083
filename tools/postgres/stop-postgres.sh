#!/usr/bin/env bash
# stop-postgres.sh - stop a cluster started by start-postgres.sh and delete its folder.
# usage: stop-postgres.sh <data-dir>
set -uo pipefail
DIR=${1:?usage: stop-postgres.sh <data-dir>}
BIN=/usr/lib/postgresql/15/bin
if [ -f "$DIR/data/postmaster.pid" ]; then
  OWNER=$(stat -c %U "$DIR/data")
  PID=$(head -n 1 "$DIR/data/postmaster.pid")
  runuser -u "$OWNER" -- "$BIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1 \
    || "$BIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  # a stopped server may linger as a zombie until its parent (init) reaps it: that one is gone
  if ps -o stat= -p "$PID" 2>/dev/null | grep -qv '^Z'; then
    echo "stop-postgres: the server (pid $PID) of $DIR is still running" >&2
  else
    echo "stop-postgres: stopped the server (pid $PID) of $DIR"
  fi
fi
rm -rf "$DIR"
