#!/usr/bin/env bash
# stop-rgw.sh - stop the daemons started by start-rgw.sh and delete the data dir.
# usage: stop-rgw.sh <data-dir> [--keep]
#   Only processes of this cluster are signalled, never anything by name: the PIDs recorded in
#   <data-dir>/run/*.daemon-pid (start-rgw.sh) and <data-dir>/run/*.pid (ceph's own pid files),
#   plus any process whose command line references <data-dir>/ceph.conf (a daemon whose pid
#   file was never written); each must have <data-dir>/ceph.conf on its command line (never a
#   recycled pid).
#   Without --keep the data dir is deleted afterwards, so the daemons are simply SIGKILLed
#   (nothing worth saving; takes ~30 ms).
#   With --keep (logs/state kept) they get SIGTERM one after the other - radosgw, then the
#   OSD, then the mon (radosgw needs the OSD to shut down cleanly, the OSD waits up to 5 s for
#   the mon's "mark me down" ack) - and SIGKILL after STOP_GRACE s (default 10).
#   STOP_GRACE overrides the grace period in both cases (0 = SIGKILL at once).
set -uo pipefail
[ $# -ge 1 ] || { echo "usage: $0 <data-dir> [--keep]" >&2; exit 1; }
DIR=$1
KEEP=${2:-}
if [ "$KEEP" = "--keep" ]; then GRACE=${STOP_GRACE:-10}; else GRACE=${STOP_GRACE:-0}; fi
[ -d "$DIR" ] || { echo "stop-rgw: $DIR does not exist, nothing to do"; exit 0; }
DIR=$(cd "$DIR" && pwd)
T0=$(date +%s%N)

# alive = exists and is not a zombie waiting to be reaped by its (new) parent
alive() { local st; st=$(sed -E 's/^[0-9]+ \(.*\) ([A-Za-z]).*/\1/' "/proc/$1/stat" 2>/dev/null) && [ "$st" != Z ]; }
cmdline() { [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null; }
# ours = one of the cluster's daemons (or the watchdog, or a radosgw-admin client) with this
# cluster's ceph.conf on its command line
ours() {
  [ "$1" != $$ ] && [ "$1" != "$PPID" ] || return 1
  local c; c=$(cmdline "$1") || return 1
  case "$c" in *"$DIR/ceph.conf"*) ;; *) return 1 ;; esac
  local argv0=${c%% *}
  case "${argv0##*/}" in
    ceph-mon|ceph-osd|radosgw|radosgw-admin) return 0 ;;
    bash) case "$c" in *" rgw-watchdog "*) return 0 ;; esac ;;
  esac
  return 1
}

# every process of this cluster, once
declare -A seen=()
pids=()
add() { [[ $1 =~ ^[0-9]+$ ]] || return 0; [ -z "${seen[$1]:-}" ] || return 0; ours "$1" || return 0; seen[$1]=1; pids+=("$1"); }
for f in "$DIR"/run/*.daemon-pid "$DIR"/run/*.pid; do
  [ -f "$f" ] && add "$(cat "$f" 2>/dev/null)"
done
mapfile -t matches < <(grep -lsF -- "$DIR/ceph.conf" /proc/[0-9]*/cmdline 2>/dev/null)
for f in "${matches[@]}"; do f=${f#/proc/}; add "${f%/cmdline}"; done

kind_of() { # watchdog | rgw | osd | mon | other
  local c; c=$(cmdline "$1")
  case "$c" in
    *rgw-watchdog*) echo watchdog ;;
    radosgw-admin*|*/radosgw-admin*) echo other ;;
    *radosgw*) echo rgw ;;
    *ceph-osd*) echo osd ;;
    *ceph-mon*) echo mon ;;
    *) echo other ;;
  esac
}

wait_gone() { # pids... : wait until none is alive (SIGKILL after GRACE s, give up after GRACE+10 s)
  local p left killed=0 now
  local t_kill=$(( $(date +%s%N) + GRACE * 1000000000 ))
  local t_end=$(( t_kill + 10000000000 ))
  while :; do
    left=()
    for p in "$@"; do alive "$p" && left+=("$p"); done
    [ ${#left[@]} -eq 0 ] && return 0
    now=$(date +%s%N)
    if [ $killed = 0 ] && [ "$now" -ge "$t_kill" ]; then
      [ "$GRACE" = 0 ] || echo "stop-rgw: SIGKILL ${left[*]} after ${GRACE}s"
      kill -KILL "${left[@]}" 2>/dev/null
      killed=1
    fi
    if [ "$now" -ge "$t_end" ]; then
      echo "stop-rgw: WARNING: still alive after SIGKILL: ${left[*]}" >&2
      return 1
    fi
    sleep 0.02
  done
}

# the watchdog first (a whole process group: it may be sleeping in a child)
rest=()
for p in "${pids[@]}"; do
  if [ "$(kind_of "$p")" = watchdog ]; then
    pg=$(sed -E 's/^[0-9]+ \(.*\) [A-Za-z] [0-9]+ ([0-9]+) .*/\1/' "/proc/$p/stat" 2>/dev/null)
    if [ "$pg" = "$p" ]; then kill -KILL -- "-$p" 2>/dev/null; else kill -KILL "$p" 2>/dev/null; fi
  else
    rest+=("$p")
  fi
done

rc=0
if [ "$GRACE" = 0 ]; then
  [ ${#rest[@]} -eq 0 ] || kill -KILL "${rest[@]}" 2>/dev/null
  wait_gone "${pids[@]}" || rc=1
else
  for kind in rgw osd mon other; do
    group=()
    for p in "${rest[@]}"; do [ "$(kind_of "$p")" = "$kind" ] && group+=("$p"); done
    [ ${#group[@]} -eq 0 ] && continue
    kill -TERM "${group[@]}" 2>/dev/null
    wait_gone "${group[@]}" || rc=1
  done
fi
echo "stop-rgw: stopped ${#pids[@]} process(es) [${pids[*]:-}] in $(( ($(date +%s%N) - T0) / 1000000 )) ms"
if [ "$KEEP" != "--keep" ]; then
  rm -rf -- "$DIR"
  echo "stop-rgw: removed $DIR"
fi
exit $rc
