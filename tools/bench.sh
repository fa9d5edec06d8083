#!/usr/bin/env bash
# bench.sh - the CarbonSpaces benchmark, side by side with rclone on the same S3 server (issue 5).
#
# usage: tools/bench.sh [--quick] [--scale N] [other options of the benchmark]
#   --quick        smaller data, 2 repetitions (about 5 minutes on 2 cores)
#   --scale N      objects in the P1/P2 bucket (default 100000; a second bucket holds N/10)
#   --reps N       repetitions per case (default 3, quick 2)
#   --cases LIST   only these cases, e.g. P1,P2 (P1 P2 P3a P3b P4 P5 P6 P7 P8 P9; PostgreSQL: P3a-pg P3a-scale P5-pg P9-pg;
#                  far: P1r P2r P3a-r P4r)
#   --far-ms N     the far cases' round trip, added by a proxy the benchmark starts (default 40)
#   --far-mbps N   the far cases' bandwidth per direction in Mbit/s (default: not capped)
#   --profile DIR  run each measured child under `perf record` and write a CPU breakdown per child
#   --keep-work    keep the work folder (stores, logs, child requests/results) for a look afterwards
#   BENCH_MODULE=path/CarbonSpaces.psd1   the staged module the cold columns import (default: built here)
#
# What it does: installs the prerequisites (ceph, rclone: tools/install-prerequisites.sh), builds
# the benchmark in Release into its own artifacts folder (BENCH_ARTIFACTS, default
# /tmp/carbonspaces-bench-artifacts; nothing is built in place), starts its own Ceph RGW and its own
# PostgreSQL with pgvector (tools/postgres, for the PostgreSQL cases) on 127.0.0.1 (both stopped on
# exit), runs tests/CarbonSpaces.Benchmarks, prints the markdown table and
# writes it to tests/CarbonSpaces.Benchmarks/results/<date>.md (a full default run also writes
# results/latest.md, the one file of that folder kept in git).
#
# The full run took 16.5-16.6 minutes on 2 cores at 2026-11-22 03:41 and 04:21 (24.6-28.7 earlier
# that night, on a slower, busier host): seeding 110,000 objects into RGW, with P5's store built
# meanwhile, is 4 of them, P3b's FTS5 work another 4.5. Numbers from a machine that is busy with other work are slower
# and uneven: the report gives the load average.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 1
PROJECT=tests/CarbonSpaces.Benchmarks/CarbonSpaces.Benchmarks.csproj
ARTIFACTS=${BENCH_ARTIFACTS:-/tmp/carbonspaces-bench-artifacts}
KEEP_WORK=0
ARGS=()
for a in "$@"; do
  case "$a" in
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    --keep-work) KEEP_WORK=1 ;;
    *) ARGS+=("$a") ;;
  esac
done

export AWS_EC2_METADATA_DISABLED=true
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 UseSharedCompilation=false

T0=$(date +%s)
say() { echo "bench: $*"; }
WORK=$(mktemp -d -t carbonspaces-bench.XXXXXX) || exit 1
RGW_DIR=$WORK/rgw
PG_DIR=""
cleanup() {
  trap - EXIT INT TERM
  if [ -d "$RGW_DIR" ]; then
    bash "$ROOT/tools/rgw/stop-rgw.sh" "$RGW_DIR" > /dev/null 2>&1 || true
  fi
  if [ -n "$PG_DIR" ] && [ -d "$PG_DIR" ]; then
    bash "$ROOT/tools/postgres/stop-postgres.sh" "$PG_DIR" > /dev/null 2>&1 || true
  fi
  if [ "$KEEP_WORK" = 1 ]; then
    say "work folder kept: $WORK"
  else
    rm -rf -- "$WORK"
  fi
}
trap cleanup EXIT
trap 'echo; say "interrupted"; exit 130' INT
trap 'say "terminated"; exit 143' TERM

say "prerequisites"
bash "$ROOT/tools/install-prerequisites.sh" || { say "installing the prerequisites failed"; exit 1; }
bash "$ROOT/tools/postgres/install-postgres.sh" || { say "installing PostgreSQL 15 with pgvector failed"; exit 1; }

say "building $PROJECT (Release, artifacts in $ARTIFACTS)"
if ! dotnet build "$PROJECT" -c Release --artifacts-path "$ARTIFACTS" --disable-build-servers -nologo -v minimal > "$WORK/build.log" 2>&1; then
  grep -E ': error [A-Z]+[0-9]+' "$WORK/build.log" | sort -u | sed 's/^/  /'
  tail -n 5 "$WORK/build.log"
  say "build failed"
  exit 1
fi
BIN=$ARTIFACTS/bin/CarbonSpaces.Benchmarks/release/CarbonSpaces.Benchmarks
[ -x "$BIN" ] || { say "build produced no $BIN"; exit 1; }

# The cold columns run the cmdlets in a new pwsh (the pinned one, tools/pwsh) on a staged module:
# BENCH_MODULE (a CarbonSpaces.psd1, e.g. the one build.ps1 staged in out/), else the module built
# here, staged into the artifacts folder.
if [ -z "${BENCH_MODULE:-}" ]; then
  say "building and staging the module (Release, in $ARTIFACTS/module)"
  # The staging compiles ReadyToRun sets through src/CarbonSpaces.ReadyToRun, whose runtime
  # identifiers only a restore of that project (or of the solution) brings in.
  if ! { dotnet restore src/CarbonSpaces.ReadyToRun/CarbonSpaces.ReadyToRun.csproj --artifacts-path "$ARTIFACTS" -nologo -v minimal &&
         dotnet build src/CarbonSpaces/CarbonSpaces.csproj -c Release --artifacts-path "$ARTIFACTS" --disable-build-servers -nologo -v minimal \
      "-p:CarbonSpacesStageDirectory=$ARTIFACTS/module/CarbonSpaces/"; } > "$WORK/build-module.log" 2>&1; then
    grep -E ': error [A-Z]+[0-9]+' "$WORK/build-module.log" | sort -u | sed 's/^/  /'
    say "module build failed"
    exit 1
  fi
  BENCH_MODULE=$ARTIFACTS/module/CarbonSpaces/CarbonSpaces.psd1
fi
[ -f "$BENCH_MODULE" ] || { say "no staged module at $BENCH_MODULE"; exit 1; }
CARBONSPACES_BENCH_PWSHHOME=$("$ROOT/tools/pwsh" -NoLogo -NoProfile -NonInteractive -Command '$PSHOME') || { say "tools/pwsh failed"; exit 1; }
export CARBONSPACES_BENCH_MODULE=$BENCH_MODULE CARBONSPACES_BENCH_PWSHHOME
export DOTNET_ROOT=${DOTNET_ROOT:-$(dirname "$(readlink -f "$(command -v dotnet)")")}
say "cold runs: $CARBONSPACES_BENCH_MODULE in PowerShell at $CARBONSPACES_BENCH_PWSHHOME"

say "starting RGW on 127.0.0.1"
# the data lives in the OSD's RAM: the full run holds ~0.5 GiB of objects, --scale 1000000 ~1 GiB more
if ! RGW_WATCH_PID=$$ MEMSTORE_BYTES=${MEMSTORE_BYTES:-8589934592} bash "$ROOT/tools/rgw/start-rgw.sh" "$RGW_DIR" 0 > "$WORK/start-rgw.log" 2>&1; then
  tail -n 20 "$WORK/start-rgw.log"
  say "could not start RGW"
  exit 1
fi
S3_ENDPOINT=$(sed -n 's/^S3_ENDPOINT=//p' "$RGW_DIR/s3.env")
CEPH_CONF=$(sed -n 's/^CEPH_CONF=//p' "$RGW_DIR/s3.env")
export S3_ENDPOINT CEPH_CONF
say "RGW at $S3_ENDPOINT"

say "starting PostgreSQL on 127.0.0.1"
# its own temp folder, not under WORK: the cluster's owner (postgres when run as root) must reach it
PG_DIR=$(mktemp -d -t carbonspaces-bench-pg.XXXXXX) || exit 1
if ! bash "$ROOT/tools/postgres/start-postgres.sh" "$PG_DIR" 0 > "$WORK/start-postgres.log" 2>&1; then
  tail -n 20 "$WORK/start-postgres.log"
  [ -f "$PG_DIR/server.log" ] && tail -n 10 "$PG_DIR/server.log"
  say "could not start PostgreSQL"
  exit 1
fi
# the cases make a database of their own for every run on this server; the folder lets them read its CPU time
CARBONSPACES_BENCH_POSTGRES=$(sed -n 's/^CARBONSPACES_TEST_POSTGRES=//p' "$PG_DIR/pg.env")
CARBONSPACES_BENCH_POSTGRES_DIR=$PG_DIR
export CARBONSPACES_BENCH_POSTGRES CARBONSPACES_BENCH_POSTGRES_DIR
say "PostgreSQL at $CARBONSPACES_BENCH_POSTGRES"

"$BIN" --work "$WORK/run" --results "$ROOT/tests/CarbonSpaces.Benchmarks/results" "${ARGS[@]}"
rc=$?
say "done in $(( $(date +%s) - T0 )) s (exit code $rc)"
exit $rc
