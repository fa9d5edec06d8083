#!/usr/bin/env bash
# start-rgw.sh - bootstrap a throw-away single-node Ceph cluster (1 mon, 1 memstore OSD,
# no mgr) plus radosgw (S3 API) on 127.0.0.1 only, without systemd/docker.
# Used by tools/test.sh and by tests/Shared/S3TestServer.cs (when no endpoint is given).
#
# usage: start-rgw.sh <data-dir> [rgw-port]
#   <data-dir> must not exist or be empty; everything (config, keys, logs, pids, OSD
#   state) lives under it. Stop with: stop-rgw.sh <data-dir>
#   [rgw-port] 0 or omitted: pick a free port (printed, and written to s3.env / s3.json).
#
# optional environment:
#   S3_ACCESS_KEY / S3_SECRET_KEY  credentials of the S3 user (defaults below)
#   S3_USER                        RGW user id (default: testuser)
#   MON_PORT                       mon msgr2 port (default: a free one, picked at random)
#   MEMSTORE_BYTES                 OSD capacity; data is held in RAM (default 8 GiB)
#   PRECREATE_POOLS=1              create the 7 RGW pools with the ceph CLI before starting RGW
#                                  (default 0: RGW creates them itself, lazily; with the paxos
#                                  settings below that costs ~0.1-0.2 s on first bucket/object/
#                                  multipart, while pre-creating via 14 CLI calls costs ~3 s)
#   BOOT_TIMEOUT                   seconds to wait for each phase (default 60)
#   RGW_WATCH_PID                  if set, a small watchdog runs stop-rgw.sh <data-dir> once that
#                                  process is gone (a test host that crashed or was killed must
#                                  not leave daemons behind)
#
# Concurrent starts on one machine are serialised by a lock file (flock) from port selection
# until radosgw answers, so two starts never pick the same ports.
#
# Needs (Debian 12): apt-get install --no-install-recommends ceph-mon ceph-osd radosgw ceph-common
# curl iproute2 (tools/install-prerequisites.sh does it).
# Prints the endpoint and credentials and writes them to <data-dir>/s3.env (KEY=VALUE lines)
# and <data-dir>/s3.json.
set -euo pipefail

die() { echo "start-rgw: $*" >&2; exit 1; }
[ $# -ge 1 ] && [ $# -le 2 ] || die "usage: $0 <data-dir> [rgw-port|0]"
DIR=$1
PORT=${2:-0}
[[ $PORT =~ ^[0-9]+$ ]] && [ "$PORT" -le 65535 ] || die "bad port: $PORT"
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
S3_ACCESS_KEY=${S3_ACCESS_KEY:-CEPHTESTACCESSKEY001}
S3_SECRET_KEY=${S3_SECRET_KEY:-cephTestSecretKey0000000000000000000000001}
S3_USER=${S3_USER:-testuser}
MEMSTORE_BYTES=${MEMSTORE_BYTES:-8589934592}
PRECREATE_POOLS=${PRECREATE_POOLS:-0}
BOOT_TIMEOUT=${BOOT_TIMEOUT:-60}

for b in ceph ceph-mon ceph-osd radosgw radosgw-admin ceph-authtool monmaptool curl ss setsid timeout; do
  command -v "$b" >/dev/null || die "missing $b (run: bash tools/install-prerequisites.sh)"
done

mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
[ -z "$(ls -A "$DIR")" ] || die "$DIR is not empty (run stop-rgw.sh $DIR first)"
mkdir -p "$DIR"/{mon/a,osd/0,rgw,run,log,crash,tmp}

T_START=$(date +%s%N)
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
phase() { echo "start-rgw: [$(ms_since "$T_START") ms] $*"; }

# --- ports (under a machine-wide lock, held until radosgw listens) -------------------------
LOCK_FILE=${RGW_LOCK_FILE:-/tmp/carbonspaces-rgw-ports.lock}
if command -v flock >/dev/null && { exec 9>>"$LOCK_FILE"; } 2>/dev/null; then
  flock -w 300 9 || die "could not take $LOCK_FILE within 300 s"
  HAVE_LOCK=1
else
  HAVE_LOCK=0
fi
release_lock() { [ "$HAVE_LOCK" = 1 ] && { flock -u 9 || true; exec 9>&-; HAVE_LOCK=0; }; return 0; }

port_in_use() { ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }
pick_port() { # lo hi [exclude] -> a port not listened on, starting at a random point of [lo,hi]
  local lo=$1 hi=$2 ex=${3:-} n=$(( $2 - $1 + 1 )) i p
  local start=$(( (RANDOM * 32768 + RANDOM + $$) % n ))
  for (( i = 0; i < n; i++ )); do
    p=$(( lo + (start + i) % n ))
    [ "$p" = "$ex" ] && continue
    port_in_use "$p" || { echo "$p"; return 0; }
  done
  return 1
}
if [ "$PORT" = 0 ]; then
  PORT=$(pick_port 20000 29999) || die "no free port in 20000-29999"
fi
port_in_use "$PORT" && die "port $PORT already in use"
if [ -z "${MON_PORT:-}" ]; then
  MON_PORT=$(pick_port 13300 19999 "$PORT") || die "no free mon port in 13300-19999"
fi
[ "$MON_PORT" != "$PORT" ] || die "mon port and rgw port are both $PORT"
port_in_use "$MON_PORT" && die "mon port $MON_PORT already in use"

CONF=$DIR/ceph.conf
# the ceph CLI must never hang: bounded by timeout + client mount timeout
C() { timeout 30 ceph -c "$CONF" --connect-timeout 20 "$@"; }

cleanup_on_error() {
  local rc=$?
  [ $rc -eq 0 ] && return
  release_lock
  echo "start-rgw: FAILED (rc=$rc); last log lines:" >&2
  for f in "$DIR"/log/*.log "$DIR"/log/*.out; do
    [ -f "$f" ] && { echo "--- $f" >&2; tail -n 15 "$f" >&2; }
  done
  STOP_GRACE=0 bash "$SCRIPT_DIR"/stop-rgw.sh "$DIR" --keep >&2 || true
  exit $rc
}
trap cleanup_on_error EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

FSID=$(cat /proc/sys/kernel/random/uuid)
OSD_UUID=$(cat /proc/sys/kernel/random/uuid)

cat > "$CONF" <<EOF
[global]
fsid = $FSID
mon host = v2:127.0.0.1:$MON_PORT
mon initial members = a
public network = 127.0.0.0/8
ms bind ipv6 = false
auth cluster required = cephx
auth service required = cephx
auth client required = cephx
auth allow insecure global id reclaim = false
keyring = $DIR/keyring
run dir = $DIR/run
admin socket = $DIR/run/\$name.asok
pid file = $DIR/run/\$name.pid
log file = $DIR/log/\$name.log
crash dir = $DIR/crash
tmp dir = $DIR/tmp
# single OSD: replicas of 1, small PG counts, no mgr-driven autoscaling
osd pool default size = 1
osd pool default min size = 1
mon allow pool size one = true
mon warn on pool no redundancy = false
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
mon max pg per osd = 1000
osd crush chooseleaf type = 0
mon warn on insecure global id reclaim allowed = false
# do not warn/refuse to start because the CI disk is fuller than 30%/95%
mon data avail warn = 1
mon data avail crit = 0
# commit mon map changes (pool creation etc.) quickly instead of batching for 1 s
paxos propose interval = 0.05
paxos min wait = 0.001

[mon]
mon data = $DIR/mon/\$id
mon cluster log file = $DIR/log/cluster.log

[osd]
osd data = $DIR/osd/\$id
osd objectstore = memstore
memstore device bytes = $MEMSTORE_BYTES
osd crush update on start = true

[client.rgw.a]
# tcp_nodelay: without it each small response costs ~45 ms (Nagle + delayed ACK)
rgw frontends = beast endpoint=127.0.0.1:$PORT tcp_nodelay=1
rgw data = $DIR/rgw
EOF

KR=$DIR/keyring
ceph-authtool --create-keyring "$KR" --gen-key -n mon. --cap mon 'allow *' >/dev/null
ceph-authtool "$KR" --gen-key -n client.admin --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' --cap mds 'allow *' >/dev/null
ceph-authtool "$KR" --gen-key -n osd.0 --cap mon 'allow profile osd' --cap osd 'allow *' --cap mgr 'allow profile osd' >/dev/null
ceph-authtool "$KR" --gen-key -n client.rgw.a --cap mon 'allow rw' --cap osd 'allow rwx' --cap mgr 'allow rw' >/dev/null
chmod 600 "$KR"
monmaptool --create --fsid "$FSID" --addv a "[v2:127.0.0.1:$MON_PORT]" "$DIR/monmap" >/dev/null
ceph-mon -c "$CONF" --mkfs -i a --monmap "$DIR/monmap" --keyring "$KR" > "$DIR/log/mon-mkfs.out" 2>&1

# start a daemon in the foreground (-f), detached (setsid), remember its pid; fd 9 (the port
# lock) is closed so that the lock is released when this script ends
start_daemon() { # name, command...
  local name=$1; shift
  setsid nohup "$@" -f > "$DIR/log/$name.out" 2>&1 < /dev/null 9>&- &
  echo $! > "$DIR/run/$name.daemon-pid"
}
daemon_alive() { # name
  local pid; pid=$(cat "$DIR/run/$1.daemon-pid" 2>/dev/null) || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  [ "$(sed -E 's/^[0-9]+ \(.*\) ([A-Za-z]).*/\1/' "/proc/$pid/stat" 2>/dev/null)" != Z ]
}
wait_for() { # description, daemon name (or -), command...
  local what=$1 daemon=$2; shift 2
  local deadline=$(( $(date +%s) + BOOT_TIMEOUT ))
  until "$@" >/dev/null 2>&1; do
    [ "$daemon" = - ] || daemon_alive "$daemon" || die "$daemon exited while waiting for $what"
    [ "$(date +%s)" -lt "$deadline" ] || die "timed out waiting for $what"
    sleep 0.1
  done
}

start_daemon mon.a ceph-mon -c "$CONF" -i a
wait_for "mon quorum" mon.a C mon stat
phase "mon up (port $MON_PORT)"

C osd new "$OSD_UUID" 0 >/dev/null
ceph-osd -c "$CONF" -i 0 --mkfs --osd-uuid "$OSD_UUID" > "$DIR/log/osd-mkfs.out" 2>&1
start_daemon osd.0 ceph-osd -c "$CONF" -i 0
osd_up() { C osd dump --format json | grep -q '"up":1'; }
wait_for "osd.0 up" osd.0 osd_up
phase "osd.0 up (memstore, $((MEMSTORE_BYTES / 1048576)) MiB)"

if [ "$PRECREATE_POOLS" = 1 ]; then
  # the pools radosgw would otherwise create lazily (each creation costs a map round-trip)
  for p in .rgw.root default.rgw.log default.rgw.control default.rgw.meta \
           default.rgw.buckets.index default.rgw.buckets.data default.rgw.buckets.non-ec; do
    C osd pool create "$p" 8 8 >> "$DIR/log/pools.out" 2>&1
    C osd pool application enable "$p" rgw >> "$DIR/log/pools.out" 2>&1
  done
  phase "rgw pools created"
fi

start_daemon rgw.a radosgw -c "$CONF" -n client.rgw.a
rgw_up() { [ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$PORT/")" = 200 ]; }
wait_for "radosgw on 127.0.0.1:$PORT" rgw.a rgw_up
release_lock
phase "radosgw answering on http://127.0.0.1:$PORT"

if [ -n "${RGW_WATCH_PID:-}" ]; then
  [[ $RGW_WATCH_PID =~ ^[0-9]+$ ]] || die "bad RGW_WATCH_PID: $RGW_WATCH_PID"
  # the conf path is on its command line so that stop-rgw.sh recognises it as one of ours
  setsid nohup bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; exec bash "$2" "$3"' \
    rgw-watchdog "$RGW_WATCH_PID" "$SCRIPT_DIR/stop-rgw.sh" "$DIR" "$CONF" \
    > "$DIR/log/watchdog.out" 2>&1 < /dev/null &
  echo $! > "$DIR/run/watchdog.daemon-pid"
fi

timeout 60 radosgw-admin -c "$CONF" user create --uid="$S3_USER" --display-name="Test User" \
  --access-key="$S3_ACCESS_KEY" --secret-key="$S3_SECRET_KEY" > "$DIR/log/user-create.json" 2> "$DIR/log/user-create.err"
phase "S3 user '$S3_USER' created"
# end-to-end check: a SigV4-signed ListBuckets must succeed as that user
# (curl 7.88 does not add x-amz-content-sha256 itself; RGW requires it)
signed_ok() {
  curl -s -m 5 --aws-sigv4 "aws:amz:us-east-1:s3" --user "$S3_ACCESS_KEY:$S3_SECRET_KEY" \
    -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" \
    "http://127.0.0.1:$PORT/" | grep -q "<ID>$S3_USER</ID>"
}
wait_for "signed S3 request as $S3_USER" rgw.a signed_ok
phase "signed S3 ListBuckets OK"

cat > "$DIR/s3.env" <<EOF
S3_ENDPOINT=http://127.0.0.1:$PORT
S3_PORT=$PORT
S3_ACCESS_KEY=$S3_ACCESS_KEY
S3_SECRET_KEY=$S3_SECRET_KEY
S3_REGION=us-east-1
CEPH_CONF=$CONF
EOF
cat > "$DIR/s3.json" <<EOF
{"endpoint":"http://127.0.0.1:$PORT","port":$PORT,"accessKey":"$S3_ACCESS_KEY","secretKey":"$S3_SECRET_KEY","region":"us-east-1","cephConf":"$CONF"}
EOF
trap - EXIT INT TERM
echo "start-rgw: ready in $(ms_since "$T_START") ms"
echo "S3_ENDPOINT=http://127.0.0.1:$PORT"
echo "S3_PORT=$PORT"
echo "S3_ACCESS_KEY=$S3_ACCESS_KEY"
echo "S3_SECRET_KEY=$S3_SECRET_KEY"
echo "S3_REGION=us-east-1"
echo "CEPH_CONF=$CONF"
echo "(also in $DIR/s3.env and $DIR/s3.json; stop with: bash $SCRIPT_DIR/stop-rgw.sh $DIR)"
