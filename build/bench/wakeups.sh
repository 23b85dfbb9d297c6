#!/usr/bin/env bash
# Sleeping accounts woken at their expiry, on one node.
# usage: build/bench/wakeups.sh sqlite|postgres on-time|catch-up ACCOUNTS [more wakeups options]
#   on-time:  provision, let them passivate, watch them fire at their instants (memory per passivated account, lateness)
#   catch-up: provision, stop the node (SIGTERM) before the first instant, start it again 30 s after the last one,
#             and watch how long it takes to fire everything that fell due meanwhile
# Run from the repository root after `dotnet build -c Release src/ActorSubs.Node && dotnet build -c Release src/ActorSubs.LoadTest`.
set -euo pipefail
cd "$(dirname "$0")/../.."
db=${1:?sqlite or postgres}; mode=${2:?on-time or catch-up}; accounts=${3:?accounts}; shift 3
out=${OUT:-/tmp/actorsubs-bench}; mkdir -p "$out"
port=${PORT:-5096}
run_id="wakeups-$db-$mode-$accounts-$(date -u +%H%M%S)"
lt="dotnet src/ActorSubs.LoadTest/bin/Release/net10.0/ActorSubs.LoadTest.dll"

export ActorSubs__Entities__PassivateIdleAfter=00:00:20
. build/bench/node.sh
bench_start_node
common=(--target "http://127.0.0.1:$port" --operator-key "$key" --accounts "$accounts" --plan "$out/$run_id.plan.json")

if [ "$mode" = on-time ]; then
  $lt wakeups "${common[@]}" --node-pid "$node_pid" "$@" || rc=$?
else
  $lt wakeups "${common[@]}" --node-pid "$node_pid" --phase provision --spread 60 "$@"
  first=$(python3 -c "import json,sys; print(json.load(open('$out/$run_id.plan.json'))['First'])")
  kill -TERM "$node_pid"; wait "$node_pid" 2>/dev/null || true; node_pid=""
  # Down until 30 s after the last instant (burst minute or spread, whichever ends later).
  python3 - "$first" <<'PY'
import sys, time, datetime
first = datetime.datetime.fromisoformat(sys.argv[1].replace('Z', '+00:00'))
until = first.timestamp() + 60 + 30
print(f"node stopped; restarting at {datetime.datetime.fromtimestamp(until, datetime.timezone.utc):%H:%M:%S}", flush=True)
time.sleep(max(0, until - time.time()))
PY
  bench_start_node
  $lt wakeups "${common[@]}" --node-pid "$node_pid" --phase watch || rc=$?
fi
# What the journal refused or failed during the run (a refused write stops its account; ten open the circuit breaker).
echo "journal: $(grep -ciE 'failed to persist|rejected to persist' "$out/$run_id.node.log" || true) failed or refused writes, $(grep -ci 'circuit breaker' "$out/$run_id.node.log" || true) circuit-breaker lines in $out/$run_id.node.log"
exit "${rc:-0}"
