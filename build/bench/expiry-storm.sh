#!/usr/bin/env bash
# Expiry storm on one node: DEVICES devices over DEVICES/5 accounts whose subscriptions expire in the same second.
# usage: build/bench/expiry-storm.sh sqlite|postgres DEVICES [more load-tester options]
# BASELINE=1: afterwards the same storm against the bare Kestrel baseline server, run in its own process (so each
# process holds one end of every socket, within the open-files limit), for the gateway ÷ baseline ratios.
# SETTLE_HEAPS=1: settle the heaps before the instant (`--node-pid`: a full collection in the node, the load tester and the
# baseline server once the devices are connected and the expiries set; docs/benchmarks.md says why).
# Prints the load tester's report; writes its JSON next to the node's log under $OUT (default /tmp/actorsubs-bench).
# Run from the repository root after `dotnet build -c Release src/ActorSubs.Node && dotnet build -c Release src/ActorSubs.LoadTest`.
set -euo pipefail
cd "$(dirname "$0")/../.."
db=${1:?sqlite or postgres}; devices=${2:?devices}; shift 2
out=${OUT:-/tmp/actorsubs-bench}; mkdir -p "$out"
accounts=$((devices / 5)); port=${PORT:-5098}
ulimit -n "$(ulimit -Hn)"
run_id="storm-$db-$devices-$(date -u +%H%M%S)"

export ActorSubs__Subscriptions__ExpiredSessionLimit=00:00:05
. build/bench/node.sh
bench_start_node

baseline=()
if [ "${BASELINE:-0}" = 1 ]; then
  baseline_port=${BASELINE_PORT:-5099}
  dotnet src/ActorSubs.LoadTest/bin/Release/net10.0/ActorSubs.LoadTest.dll baseline-server --port "$baseline_port" --duration 1800 \
    >> "$out/$run_id.baseline.log" 2>&1 &
  baseline_pid=$!
  trap 'kill "$baseline_pid" 2>/dev/null || true; bench_cleanup' EXIT
  baseline=(--baseline-target "http://127.0.0.1:$baseline_port")
fi

settle=()
if [ "${SETTLE_HEAPS:-0}" = 1 ]; then settle=(--node-pid "$node_pid"); fi

status=0
dotnet src/ActorSubs.LoadTest/bin/Release/net10.0/ActorSubs.LoadTest.dll expiry-storm "${baseline[@]}" "${settle[@]}" \
  --target "http://127.0.0.1:$port" --operator-key "$key" --accounts "$accounts" --devices-per-account 5 \
  --fleet "$out/$run_id.fleet.json" --json "$out/$run_id.json" "$@" || status=$?
# The node's own view of the same storm: due → raised (account), due → written to the socket (gateway).
curl -s "http://127.0.0.1:$port/metrics" | build/bench/node-histograms.py node || true
exit "$status"
