#!/usr/bin/env bash
# Runs every test project, prints how long each project's tests ran, and ends with one line: "N passed, N failed"
# (summed over the projects).
#
# PostgreSQL tests: with ACTORSUBS_TEST_POSTGRES set (an Npgsql connection string to a server the tests
# may create databases on) they use it; otherwise a throwaway server is started from the machine's
# PostgreSQL binaries (build/postgres.sh) and removed afterwards; with no binaries they are skipped and
# say why, except under CI=true, where they fail instead.
set -uo pipefail
cd "$(dirname "$0")"

pg_dir=""
cleanup() {
  if [ -n "$pg_dir" ]; then build/postgres.sh stop "$pg_dir"; rm -rf "$pg_dir"; fi
}
trap cleanup EXIT

if [ -z "${ACTORSUBS_TEST_POSTGRES:-}" ]; then
  pg_dir=$(mktemp -d)
  if conn=$(build/postgres.sh start "$pg_dir"); then
    export ACTORSUBS_TEST_POSTGRES="$conn"
    echo "test.sh: throwaway PostgreSQL at ${conn%%;Username*}"
  else
    rc=$?
    rm -rf "$pg_dir"; pg_dir=""
    if [ "${CI:-}" = "true" ]; then
      echo "test.sh: CI=true and no PostgreSQL could be started (exit $rc): the PostgreSQL tests cannot be skipped in CI" >&2
      exit 1
    fi
    echo "test.sh: no PostgreSQL binaries and no ACTORSUBS_TEST_POSTGRES: the PostgreSQL tests will be skipped"
  fi
fi

log=$(mktemp)
dotnet test ActorSubs.sln -c Release --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# One summary line per test assembly, e.g. "Passed!  - Failed: 0, Passed: 184, Skipped: 0, Total: 184, ..."
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -Eo 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
assemblies=$(grep -cE '^(Passed|Failed)! +-' "$log")
# Each project's result and how long its tests ran, e.g. "  ActorSubs.Domain.Tests.dll: Passed 285, 2 s".
durations=$(sed -nE 's/^(Passed|Failed)! +- Failed: +([0-9]+), Passed: +([0-9]+).*Duration: ([^-]+) - ([^ ]+).*/  \5: passed \3, failed \2, \4/p' "$log")
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1   # the build or a test host failed before any test result was reported
  echo "test.sh: dotnet test exited $status without a failing test: counted as one failure" >&2
fi
echo "test.sh: $assemblies test assemblies"
[ -n "$durations" ] && echo "$durations"
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
