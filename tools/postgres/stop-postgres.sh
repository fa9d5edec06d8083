#!/usr/bin/env bash
# stop-postgres.sh - stop a cluster started by start-postgres.sh and delete its folder.
# usage: stop-postgres.sh <data-dir>
set -uo pipefail
DIR=${1:?usage: stop-postgres.sh <data-dir>}
BIN=/usr/lib/postgresql/15/bin
if [ -f "$DIR/data/postmaster.pid" ]; then
  OWNER=$(stat -c %U "$DIR/data")
  runuser -u "$OWNER" -- "$BIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1 \
    || "$BIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
fi
rm -rf "$DIR"
