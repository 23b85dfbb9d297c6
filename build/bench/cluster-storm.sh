#!/usr/bin/env bash
# Expiry storm on a three-node cluster: every device connected to node 1, their accounts spread by sharding over the
# three nodes (one PostgreSQL), so most expiries cross the network from the account's node to the device's.
# usage: build/bench/cluster-storm.sh DEVICES [more expiry-storm options]   (5 devices per account)
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
dotnet src/ActorSubs.LoadTest/bin/Release/net10.0/ActorSubs.LoadTest.dll expiry-storm \
  --target "$first" --operator-key "$key" --accounts $((devices / 5)) --devices-per-account 5 --lead 10 \
  --fleet "$out/$run_id.fleet.json" --json "$out/$run_id.json" "$@"
curl -s -H "Authorization: Bearer $key" "$first/api/admin/cluster" | python3 -c '
import json, sys
for n in json.load(sys.stdin)["nodes"]:
    print(f"node {n[\"address\"]}: {n[\"shards\"]} shards, {n[\"liveAccounts\"]} live accounts, {n[\"deviceSessions\"]} device sessions")
'
