#!/usr/bin/env bash
# tools/test.sh - THE test command (CI runs it through .ci/run).
#
#   bash tools/test.sh [--filter <expr>] [--pester <pattern>] [--no-install]
#
# 1. installs the prerequisites (tools/install-prerequisites.sh), PostgreSQL 15 with pgvector
#    (tools/postgres/install-postgres.sh) and the pinned PowerShell 7 and Pester (tools/pwsh
#    --install-only; both from NuGet); --no-install skips the apt steps only
# 2. starts one throw-away Ceph RADOS Gateway (tools/rgw) in a temp dir and exports
#      CARBONSPACES_TEST_S3_ENDPOINT / _ACCESS_KEY / _SECRET_KEY / _REGION
#      CARBONSPACES_TEST_RGW_CONF  (ceph.conf, for radosgw-admin: S3TestServer.CreateUser)
#    and one throw-away PostgreSQL cluster on 127.0.0.1 (tools/postgres, run as the user postgres
#    when root) and exports
#      CARBONSPACES_TEST_POSTGRES  (postgresql://carbon@127.0.0.1:PORT/carbon, pgvector created)
#      CARBONSPACES_TEST_POSTGRES_LOGIN  (user:password of the one role that must give a password)
#    both are always stopped and their temp dirs removed (normal end, error, Ctrl+C, SIGTERM)
# 3. builds through the build script: tools/pwsh build.ps1 -Task Build (Release, stages the module)
# 4. dotnet test --no-build -c Release for every tests/*.Tests/*.csproj (TRX results in
#    TestResults/tools-test/); --filter <expr> is passed to dotnet test
# 5. Pester: every tests/pester/*.Tests.ps1 (or those whose name matches --pester <pattern>) in a
#    real PowerShell 7 host against the staged module, in CARBONSPACES_TEST_PESTER_JOBS (default 3)
#    parallel processes; NUnit XML beside the TRX files
# 6. the other build.ps1 tasks, each counted as one test: Package (and the nupkg's contents),
#    Demo (the main job against its own RGW), Clean (in a scratch folder), and Test itself (a
#    nested run of this script with a small filter; the nested run skips this step)
# The last line printed is always "N passed, N failed" (", N skipped" when some were), counting
# xunit and Pester together; the exit status is 1 if anything failed, the build failed, or no
# test ran at all.
#
# Environment: CARBONSPACES_TEST_HANG_TIMEOUT (default 20m): a test host with no test
# finishing for that long is killed (dotnet test --blame-hang-timeout) and counted as failed.
# CARBONSPACES_TEST_RESULTS: where results go (default TestResults/tools-test).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 1

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
FILTER=""
PESTER_PATTERN="*"
NO_INSTALL=0
while [ $# -gt 0 ]; do
  case "$1" in
    --filter) [ $# -ge 2 ] || { echo "test.sh: --filter needs a value" >&2; echo "0 passed, 1 failed"; exit 2; }; FILTER=$2; shift 2 ;;
    --filter=*) FILTER=${1#--filter=}; shift ;;
    --pester) [ $# -ge 2 ] || { echo "test.sh: --pester needs a value" >&2; echo "0 passed, 1 failed"; exit 2; }; PESTER_PATTERN=$2; shift 2 ;;
    --pester=*) PESTER_PATTERN=${1#--pester=}; shift ;;
    --no-install) NO_INSTALL=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "test.sh: unknown argument: $1 (see --help)" >&2; echo "0 passed, 1 failed"; exit 2 ;;
  esac
done

export AWS_EC2_METADATA_DISABLED=true
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# no build servers / node reuse: nothing may outlive this script (or hold CI's output pipe)
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 UseSharedCompilation=false
export MSBUILDTERMINALLOGGER=off

PASSED=0 FAILED=0 SKIPPED=0
FAILURES=()          # one line per failure, for the summary
PHASES=()            # "name: seconds"
T_ALL=$(date +%s%N)
WORK=""
RGW_DIR=""
PG_DIR=""
CHILD=""
BACKGROUND=()        # process groups running side by side (Pester)
RESULTS=${CARBONSPACES_TEST_RESULTS:-$ROOT/TestResults/tools-test}
PWSH=("$ROOT/tools/pwsh" -NoLogo -NoProfile -NonInteractive)

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
hdr() { echo; echo "==== $* ===="; }
PHASE_NAME="" PHASE_T0=0
phase_begin() { PHASE_NAME=$1; PHASE_T0=$(now_ms); hdr "$1"; }
phase_end() {
  [ -n "$PHASE_NAME" ] || return 0
  local ms=$(( $(now_ms) - PHASE_T0 ))
  local s; s=$(printf '%d.%d' $((ms / 1000)) $(( (ms % 1000) / 100 )))
  echo "---- $PHASE_NAME: ${s} s"
  PHASES+=("$PHASE_NAME: ${s} s")
  PHASE_NAME=""
}
fail() { FAILED=$((FAILED + 1)); FAILURES+=("$*"); echo "test.sh: FAILED: $*" >&2; }

# run a command in its own process group (so that a signal can stop it with all its children)
# and wait for it in a way that lets the INT/TERM traps run at once
run_child() {
  setsid -w "$@" < /dev/null &
  CHILD=$!
  wait "$CHILD"
  local rc=$?
  CHILD=""
  return $rc
}
# same, with the output (stdout+stderr) shown and appended to a log file
run_logged() { # log command...
  local log=$1; shift
  run_child bash -c 'log=$1; shift; "$@" 2>&1 | tee -a "$log"; exit "${PIPESTATUS[0]}"' run_logged "$log" "$@"
}
kill_child() {
  local pid
  for pid in "${BACKGROUND[@]}"; do kill -KILL -- "-$pid" 2>/dev/null; done
  BACKGROUND=()
  [ -n "$CHILD" ] || return 0
  kill -TERM -- "-$CHILD" 2>/dev/null || kill -TERM "$CHILD" 2>/dev/null
  local i
  for i in $(seq 1 50); do kill -0 "$CHILD" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$CHILD" 2>/dev/null || kill -KILL "$CHILD" 2>/dev/null
  wait "$CHILD" 2>/dev/null
  CHILD=""
}

cleanup() {
  kill_child
  if [ -n "$RGW_DIR" ] && [ -d "$RGW_DIR" ]; then
    bash "$ROOT/tools/rgw/stop-rgw.sh" "$RGW_DIR" < /dev/null 2>&1 | sed 's/^/  /'
  fi
  RGW_DIR=""
  if [ -n "$PG_DIR" ] && [ -d "$PG_DIR" ]; then
    bash "$ROOT/tools/postgres/stop-postgres.sh" "$PG_DIR" < /dev/null 2>&1 | sed 's/^/  /'
  fi
  PG_DIR=""
  if [ -n "$WORK" ] && [ -d "$WORK" ]; then rm -rf -- "$WORK"; fi
  WORK=""
}

# prints the summary and the closing line (always the last line), then exits
finish() {
  trap - EXIT
  trap '' INT TERM   # a second Ctrl+C must not interrupt the cleanup
  phase_end
  cleanup
  local total_ms=$(( $(now_ms) - T_ALL / 1000000 ))
  hdr "summary"
  local p
  for p in "${PHASES[@]}"; do echo "  $p"; done
  echo "  total: $((total_ms / 1000)) s"
  if [ ${#FAILURES[@]} -gt 0 ]; then
    echo "failures:"
    for p in "${FAILURES[@]}"; do echo "  - $p"; done
  fi
  if [ "$FAILED" -eq 0 ] && [ "$PASSED" -eq 0 ]; then
    FAILED=1
    echo "test.sh: FAILED: no test ran (a filter that matches nothing, or no test project)" >&2
  fi
  local rc=0
  [ "$FAILED" -gt 0 ] && rc=1
  [ -n "${1:-}" ] && rc=$1
  if [ "$SKIPPED" -gt 0 ]; then
    echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
  else
    echo "$PASSED passed, $FAILED failed"
  fi
  exit $rc
}
on_signal() { # name code
  echo
  echo "test.sh: interrupted by SIG$1; stopping" >&2
  fail "interrupted by SIG$1"
  finish "$2"
}
trap 'on_signal INT 130' INT
trap 'on_signal TERM 143' TERM
trap 'fail "test.sh ended unexpectedly"; finish' EXIT

# ---------------------------------------------------------------------------------------
# 1. prerequisites
phase_begin "prerequisites"
if [ "$NO_INSTALL" = 1 ]; then
  echo "skipped (--no-install)"
  command -v dotnet >/dev/null || fail "dotnet is not on PATH (the machine image provides the .NET SDK)"
else
  run_child bash "$ROOT/tools/install-prerequisites.sh"
  rc=$?
  [ $rc = 0 ] || fail "tools/install-prerequisites.sh exited with $rc"
  # the store tests run against PostgreSQL too: without it they cannot run, so stop here
  run_child bash "$ROOT/tools/postgres/install-postgres.sh" \
    || { fail "could not install PostgreSQL 15 with pgvector (tools/postgres/install-postgres.sh)"; finish; }
fi
command -v dotnet >/dev/null || finish
# PowerShell and Pester come from NuGet, pinned; without them the cmdlets are not tested at all.
run_child "$ROOT/tools/pwsh" --install-only || { fail "could not install the pinned PowerShell and Pester (tools/pwsh --install-only)"; finish; }
phase_end

# ---------------------------------------------------------------------------------------
# 2. S3 server
phase_begin "start RGW (S3 server)"
WORK=$(mktemp -d -t carbonspaces-test.XXXXXX) || { fail "mktemp -d failed"; finish; }
RGW_DIR=$WORK/rgw
if run_child bash "$ROOT/tools/rgw/start-rgw.sh" "$RGW_DIR" 0 > "$WORK/start-rgw.log" 2>&1; then
  grep -E '^start-rgw: ' "$WORK/start-rgw.log" | sed 's/^/  /'
  S3_ENDPOINT="" S3_ACCESS_KEY="" S3_SECRET_KEY="" S3_REGION="" CEPH_CONF=""
  while IFS='=' read -r k v; do
    case "$k" in
      S3_ENDPOINT|S3_ACCESS_KEY|S3_SECRET_KEY|S3_REGION|CEPH_CONF) printf -v "$k" '%s' "$v" ;;
    esac
  done < "$RGW_DIR/s3.env"
  export CARBONSPACES_TEST_S3_ENDPOINT=$S3_ENDPOINT
  export CARBONSPACES_TEST_S3_ACCESS_KEY=$S3_ACCESS_KEY
  export CARBONSPACES_TEST_S3_SECRET_KEY=$S3_SECRET_KEY
  export CARBONSPACES_TEST_S3_REGION=us-east-1
  export CARBONSPACES_TEST_RGW_CONF=$CEPH_CONF
  echo "  CARBONSPACES_TEST_S3_ENDPOINT=$CARBONSPACES_TEST_S3_ENDPOINT"
  echo "  CARBONSPACES_TEST_RGW_CONF=$CARBONSPACES_TEST_RGW_CONF"
else
  sed 's/^/  /' "$WORK/start-rgw.log"
  fail "could not start the RGW test server (tools/rgw/start-rgw.sh)"
  finish
fi
phase_end

phase_begin "start PostgreSQL"
# its own temp dir, not under WORK: the cluster's owner (postgres when root) must reach it
PG_DIR=$(mktemp -d -t carbonspaces-pg.XXXXXX) || { fail "mktemp -d failed"; finish; }
if run_child bash "$ROOT/tools/postgres/start-postgres.sh" "$PG_DIR" 0 > "$WORK/start-postgres.log" 2>&1; then
  sed 's/^/  /' "$WORK/start-postgres.log"
  CARBONSPACES_TEST_POSTGRES=$(sed -n 's/^CARBONSPACES_TEST_POSTGRES=//p' "$PG_DIR/pg.env")
  CARBONSPACES_TEST_POSTGRES_LOGIN=$(sed -n 's/^CARBONSPACES_TEST_POSTGRES_LOGIN=//p' "$PG_DIR/pg.env")
  export CARBONSPACES_TEST_POSTGRES CARBONSPACES_TEST_POSTGRES_LOGIN
  echo "  CARBONSPACES_TEST_POSTGRES=$CARBONSPACES_TEST_POSTGRES"
else
  sed 's/^/  /' "$WORK/start-postgres.log"
  fail "could not start the PostgreSQL test server (tools/postgres/start-postgres.sh)"
  finish
fi
phase_end

# ---------------------------------------------------------------------------------------
# 3. build
phase_begin "build (build.ps1 -Task Build: dotnet build CarbonSpaces.sln -c Release)"
BUILD_LOG=$WORK/build.log
run_logged "$BUILD_LOG" "${PWSH[@]}" -File build.ps1 -Task Build
rc=$?
if [ "$rc" != 0 ]; then
  echo
  echo "build errors:"
  grep -E ': error [A-Z]+[0-9]+' "$BUILD_LOG" | sort -u | sed 's/^/  /'
  fail "build.ps1 -Task Build exited with $rc"
  finish
fi

# test projects: tests/*.Tests/*.csproj (discovered, not hard-coded)
PROJECTS=()
for d in tests/*.Tests; do
  [ -d "$d" ] || continue
  csproj=$(find "$d" -maxdepth 1 -name '*.csproj' | sort | head -n 1)
  if [ -z "$csproj" ]; then
    echo "note: $d has no .csproj yet - skipped"
    continue
  fi
  PROJECTS+=("$csproj")
  # a test project that is not in the solution was not built by the step above
  win=${csproj//\//\\}
  if ! grep -qF "\"$win\"" CarbonSpaces.sln; then
    echo "warning: $csproj is not in CarbonSpaces.sln - building it on its own (add it: dotnet sln add $csproj)"
    run_logged "$BUILD_LOG" dotnet build "$csproj" -c Release --disable-build-servers -nologo -v minimal
    rc=$?
    [ "$rc" = 0 ] || { fail "dotnet build $csproj exited with $rc"; finish; }
  fi
done
phase_end
[ ${#PROJECTS[@]} -gt 0 ] || { fail "no test project found (tests/*.Tests/*.csproj)"; finish; }

# ---------------------------------------------------------------------------------------
# 4. dotnet test, one project at a time, counted from its TRX file
# TRX -> "R <outcome>\t<test name>" per result, "M <line>" per error message line (first 6)
trx_parse() {
  awk '
    function attr(s, name,    m) {
      if (match(s, name "=\"[^\"]*\"")) { m = substr(s, RSTART + length(name) + 2, RLENGTH - length(name) - 3); return unesc(m) }
      return ""
    }
    function unesc(s) {
      gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&quot;/, "\"", s); gsub(/&apos;/, "\047", s)
      gsub(/&#xD;/, "", s); gsub(/&#xA;/, " ", s); gsub(/&amp;/, "\\&", s); return s
    }
    /<UnitTestResult[ >]/ {
      outcome = attr($0, "outcome"); name = attr($0, "testName"); inmsg = 0; nmsg = 0
      print "R " outcome "\t" name
    }
    inmsg && /<\/Message>/ { line = $0; sub(/<\/Message>.*/, "", line); if (nmsg++ < 6) print "M " unesc(line); inmsg = 0; next }
    inmsg { if (nmsg++ < 6) print "M " unesc($0); next }
    /<Message>/ {
      line = $0; sub(/.*<Message>/, "", line)
      if (line ~ /<\/Message>/) { sub(/<\/Message>.*/, "", line); print "M " unesc(line) }
      else { inmsg = 1; nmsg = 1; print "M " unesc(line) }
    }
  ' "$1"
}

HANG_TIMEOUT=${CARBONSPACES_TEST_HANG_TIMEOUT:-20m}
rm -rf -- "$RESULTS"
mkdir -p "$RESULTS"
for csproj in "${PROJECTS[@]}"; do
  name=$(basename "$csproj" .csproj)
  phase_begin "dotnet test $name"
  args=(test "$csproj" --no-build -c Release --nologo
        --results-directory "$RESULTS" --logger "trx;LogFileName=$name.trx"
        --blame-hang-timeout "$HANG_TIMEOUT" --blame-hang-dump-type none)
  [ -n "$FILTER" ] && args+=(--filter "$FILTER")
  run_child dotnet "${args[@]}"
  rc=$?
  trx="$RESULTS/$name.trx"
  p=0 f=0 s=0
  if [ -f "$trx" ]; then
    trx_parse "$trx" > "$WORK/$name.parsed"
    read -r p f s < <(awk '/^R /{ o = $2
        if (o == "Passed") p++; else if (o == "NotExecuted" || o == "Inconclusive" || o == "NotRunnable") s++; else f++ }
      END { print p + 0, f + 0, s + 0 }' "$WORK/$name.parsed")
    if [ "$f" -gt 0 ]; then
      echo
      echo "failed tests in $name:"
      awk '/^R / { o = $2; show = !(o == "Passed" || o == "NotExecuted" || o == "Inconclusive" || o == "NotRunnable")
                   if (show) { t = $0; sub(/^R [^\t]*\t/, "", t); print "  [" o "] " t } next }
           /^M / && show { print "        " substr($0, 3) }' "$WORK/$name.parsed"
      while IFS= read -r line; do FAILURES+=("$name: $line"); done < <(
        awk '/^R / { o = $2; if (!(o == "Passed" || o == "NotExecuted" || o == "Inconclusive" || o == "NotRunnable")) {
                       t = $0; sub(/^R [^\t]*\t/, "", t); print t " [" o "]" } }' "$WORK/$name.parsed")
    fi
  fi
  PASSED=$((PASSED + p)); FAILED=$((FAILED + f)); SKIPPED=$((SKIPPED + s))
  # (worded so that only the closing line reads "N passed, N failed")
  echo "results of $name - passed $p, failed $f, skipped $s (dotnet test exit code $rc)"
  if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
    # crashed or hung test host, a failing assembly-level fixture, an unreadable TRX ...
    fail "dotnet test $name exited with $rc but its results name no failed test (test host crash or hang? see the output above)"
  elif [ ! -f "$trx" ]; then
    echo "note: no TRX file for $name (no test matched?)"
  fi
  phase_end
done

# ---------------------------------------------------------------------------------------
# 5. Pester, in a real PowerShell 7 host, files spread over parallel processes
PSD1=$(ls -1 out/CarbonSpaces/*/CarbonSpaces.psd1 2>/dev/null | sort -V | tail -n 1)
[ -n "$PSD1" ] || { fail "no staged module (out/CarbonSpaces/<version>/CarbonSpaces.psd1) after the build"; finish; }
export CARBONSPACES_MODULE_PATH="$ROOT/$PSD1"

# adds one "PESTER_COUNTS passed failed skipped" line of a log to the totals
add_pester_counts() { # log label
  local counts p f s
  counts=$(grep -aE '^PESTER_COUNTS [0-9]+ [0-9]+ [0-9]+' "$1" | tail -n 1)
  if [ -z "$counts" ]; then
    fail "Pester ($2): pwsh ended without a result (see its output above)"
    return
  fi
  read -r _ p f s <<< "$counts"
  PASSED=$((PASSED + p)); FAILED=$((FAILED + f)); SKIPPED=$((SKIPPED + s))
  [ "$f" -gt 0 ] && FAILURES+=("Pester ($2): $f failed (see the output above)")
  echo "results of Pester ($2) - passed $p, failed $f, skipped $s"
}

shopt -s nullglob
PESTER_FILES=()
for f in tests/pester/*.Tests.ps1; do
  # shellcheck disable=SC2053 # the pattern is a glob on purpose
  [[ $(basename "$f") == $PESTER_PATTERN ]] && PESTER_FILES+=("$f")
done
shopt -u nullglob
JOBS=${CARBONSPACES_TEST_PESTER_JOBS:-3}
if [ ${#PESTER_FILES[@]} -eq 0 ]; then
  fail "Pester: no tests/pester/*.Tests.ps1 file matches '$PESTER_PATTERN'"
else
  [ "$JOBS" -gt ${#PESTER_FILES[@]} ] && JOBS=${#PESTER_FILES[@]}
  phase_begin "Pester (${#PESTER_FILES[@]} files, $JOBS processes)"
  echo "CARBONSPACES_MODULE_PATH=$CARBONSPACES_MODULE_PATH"
  # Longest first onto the least loaded process; a file's Its are its cost.
  declare -a GROUP_FILES GROUP_COST
  for ((g = 0; g < JOBS; g++)); do GROUP_FILES[g]=""; GROUP_COST[g]=0; done
  while read -r cost f; do
    best=0
    for ((g = 1; g < JOBS; g++)); do [ "${GROUP_COST[g]}" -lt "${GROUP_COST[best]}" ] && best=$g; done
    GROUP_FILES[best]+="$f"$'\n'
    GROUP_COST[best]=$(( GROUP_COST[best] + cost ))
  done < <(for f in "${PESTER_FILES[@]}"; do echo "$(grep -cE '^\s*It ' "$f") $f"; done | sort -rn)
  for ((g = 0; g < JOBS; g++)); do
    mapfile -t files < <(printf '%s' "${GROUP_FILES[g]}")
    setsid -w "${PWSH[@]}" -File "$ROOT/tools/powershell/Invoke-PesterFiles.ps1" \
      -ResultFile "$RESULTS/pester-$((g + 1)).xml" "${files[@]/#/$ROOT/}" > "$WORK/pester-$((g + 1)).log" 2>&1 < /dev/null &
    BACKGROUND+=($!)
  done
  for ((g = 0; g < JOBS; g++)); do
    wait "${BACKGROUND[g]}"
    echo
    echo "---- Pester process $((g + 1)): $(printf '%s' "${GROUP_FILES[g]}" | xargs -n 1 basename | tr '\n' ' ')"
    cat "$WORK/pester-$((g + 1)).log"
    add_pester_counts "$WORK/pester-$((g + 1)).log" "process $((g + 1))"
  done
  BACKGROUND=()
  phase_end
fi

# ---------------------------------------------------------------------------------------
# 6. the other build.ps1 tasks, each one test (a nested run of this script skips them)
build_task() { # name command...
  local name=$1; shift
  phase_begin "build.ps1 -Task $name"
  if run_logged "$WORK/task-$name.log" "$@"; then
    PASSED=$((PASSED + 1))
    echo "build.ps1 -Task $name: ok"
  else
    fail "build.ps1 -Task $name"
  fi
  phase_end
}
if [ -z "${CARBONSPACES_TEST_NESTED:-}" ]; then
  build_task Package "${PWSH[@]}" -File tests/build/Test-PackageTask.ps1
  build_task Demo "${PWSH[@]}" -File build.ps1 -Task Demo
  build_task Clean "${PWSH[@]}" -File tests/build/Test-CleanTask.ps1
  # The Test task runs this script again, with filters that pick a few tests of each kind.
  build_task Test env CARBONSPACES_TEST_NESTED=1 CARBONSPACES_TEST_RESULTS="$WORK/nested-results" \
    "${PWSH[@]}" -File tests/build/Test-TestTask.ps1
fi

finish
