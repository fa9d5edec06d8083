#!/usr/bin/env bash
# install-postgres.sh - PostgreSQL 15 from Debian 12 and pgvector built from Debian trixie's source
# package (Debian 12 has no pgvector binary package). Idempotent: does nothing when the server and the
# `vector` extension are installed. Needs root (apt-get, make install).
#
# Why a source build: pgvector's only Debian binary package is trixie's postgresql-17-pgvector; its
# source package builds against bookworm's postgresql-server-dev-15 in ~15 s. OPTFLAGS="" keeps the
# build portable (pgvector defaults to -march=native).
# Exit status: 0 = installed; 1 = a step failed (the message says which).
set -euo pipefail
say() { echo "postgres: $*"; }
PG_MAJOR=15
EXT_DIR=/usr/share/postgresql/$PG_MAJOR/extension

if command -v /usr/lib/postgresql/$PG_MAJOR/bin/initdb >/dev/null 2>&1 && [ -f "$EXT_DIR/vector.control" ]; then
  say "PostgreSQL $PG_MAJOR with pgvector present"
  exit 0
fi

[ "$(id -u)" = 0 ] || { say "PostgreSQL $PG_MAJOR with pgvector is missing and installing it needs root: run as root: bash $0" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive
APT_LOG=$(mktemp -t carbonspaces-postgres-apt.XXXXXX.log)
WORK=$(mktemp -d)
STEP=""
# a failing step says which it was and shows the end of apt's or make's output (set -e ends the script)
on_exit() {
  local rc=$?
  rm -rf "$WORK"
  if [ $rc != 0 ]; then
    say "FAILED (exit $rc) while $STEP; the last lines of $APT_LOG:" >&2
    tail -n 20 "$APT_LOG" >&2
  else
    rm -f "$APT_LOG"
  fi
}
trap on_exit EXIT
APT_OPTS=(-q -o DPkg::Lock::Timeout=300)
STEP="updating apt's package lists"
say "$STEP"
apt-get "${APT_OPTS[@]}" update >>"$APT_LOG" 2>&1
if ! command -v /usr/lib/postgresql/$PG_MAJOR/bin/initdb >/dev/null 2>&1; then
  STEP="installing postgresql-$PG_MAJOR"
  say "$STEP"
  apt-get "${APT_OPTS[@]}" install -y --no-install-recommends "postgresql-$PG_MAJOR" "postgresql-client-$PG_MAJOR" >>"$APT_LOG" 2>&1
fi

STEP="building pgvector from Debian trixie's source package"
say "$STEP"
apt-get "${APT_OPTS[@]}" install -y --no-install-recommends "postgresql-server-dev-$PG_MAJOR" make gcc dpkg-dev >>"$APT_LOG" 2>&1
# the mirror this machine already uses, for trixie's sources only, in a private apt state
MIRROR=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
MIRROR=${MIRROR:-http://deb.debian.org/debian}
mkdir -p "$WORK/lists/partial" "$WORK/cache/archives/partial"
echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $MIRROR trixie main" >"$WORK/sources.list"
APT_PRIVATE=(-o APT::Sandbox::User=root -o Dir::Etc::SourceList="$WORK/sources.list" -o Dir::Etc::SourceParts=/nonexistent
             -o Dir::State::Lists="$WORK/lists" -o Dir::Cache="$WORK/cache")
apt-get "${APT_PRIVATE[@]}" update >>"$APT_LOG" 2>&1 || { STEP="reading trixie's source index from $MIRROR"; exit 1; }
(cd "$WORK" && apt-get "${APT_PRIVATE[@]}" source --download-only pgvector >>"$APT_LOG" 2>&1) \
  || { STEP="downloading pgvector's source package"; exit 1; }
(cd "$WORK" && dpkg-source -x --no-check pgvector_*.dsc src >>"$APT_LOG" 2>&1)
make -C "$WORK/src" OPTFLAGS="" PG_CONFIG=/usr/lib/postgresql/$PG_MAJOR/bin/pg_config >>"$APT_LOG" 2>&1
make -C "$WORK/src" OPTFLAGS="" PG_CONFIG=/usr/lib/postgresql/$PG_MAJOR/bin/pg_config install >>"$APT_LOG" 2>&1
[ -f "$EXT_DIR/vector.control" ] || { STEP="checking the install: $EXT_DIR/vector.control is missing"; exit 1; }
say "pgvector $(awk -F"'" '/default_version/ { print $2 }' "$EXT_DIR/vector.control") installed"
