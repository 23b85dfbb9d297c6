#!/usr/bin/env bash
# Expiry storm on a three-node cluster: every device connected to node 1, their accounts spread by sharding over the
# three nodes (one PostgreSQL), so most expiries cross the network from the account's node to the device's.
# usage: build/bench/cluster-storm.sh DEVICES [more expiry-storm options]   (5 devices per account)
# WARMUP_RUNS (default 1) discarded storms and SETTLE seconds (default 30) come before the measured one.
# SETTLE_HEAPS=1: the measured storm settles node 1's heap (and the load tester's) before its instant (`--node-pid`).
# Run from the repository root after `dotnet build -c Release src/ActorSubs.Node && dotnet build -c Release src/ActorSubs.LoadTest`.
set -euo pipefail
cd "$(dirname "$0")/../.."
devices=${1:?devices}; shift
out=${OUT:-/tmp/actorsubs-bench}; mkdir -p "$out"
run_id="cluster-storm-$devices-$(date -u +%H%M%S)"
ulimit -n "$(ulimit -Hn)"
export ActorSubs__Subscriptions__ExpiredSessionLimit=00:00:05
. build/bench/cluster.sh
cluster_start 3 storm
first=${cluster_urls%%,*}
storm() {
  dotnet src/ActorSubs.LoadTest/bin/Release/net10.0/ActorSubs.LoadTest.dll expiry-storm \
    --target "$first" --operator-key "$key" --accounts $((devices / 5)) --devices-per-account 5 --lead 10 \
    --fleet "$out/$run_id.$1.fleet.json" --json "$out/$run_id.$1.json" "${@:2}"
}
# Fresh nodes spend their first minute compiling (the JIT's tier-1 work was 40 % of the machine 20 s after start):
# WARMUP_RUNS storms on other accounts (not reported) and a pause let that finish before the measured storm.
for w in $(seq 1 "${WARMUP_RUNS:-1}"); do storm "warmup$w" "$@" > "$out/$run_id.warmup$w.txt"; done
sleep "${SETTLE:-30}"
settle=()
if [ "${SETTLE_HEAPS:-0}" = 1 ]; then settle=(--node-pid "${cluster_pids[0]}"); fi
storm measured "${settle[@]}" "$@"
curl -s -H "Authorization: Bearer $key" "$first/api/admin/cluster" | python3 -c '
import json, sys
for n in json.load(sys.stdin)["nodes"]:
    print("node %s: %s shards, %s live accounts, %s device sessions" % (n["address"], n["shards"], n["liveAccounts"], n["deviceSessions"]))
'
i=0
for url in ${cluster_urls//,/ }; do
  i=$((i + 1)); curl -s "$url/metrics" | build/bench/node-histograms.py "node $i" || true
done
