#!/usr/bin/env bash
# Purchases/s of one node and of a three-node cluster on one PostgreSQL, in one run, on this machine.
# usage: build/bench/cluster-purchases.sh [more api options]   (default: 32 clients, 90 s warm-up, 30 s measured; WARMUP, DURATION in seconds)
# Each size gets a fresh database; the three-node run sends round robin over the nodes, as a load balancer would.
# Run from the repository root after `dotnet build -c Release src/ActorSubs.Node && dotnet build -c Release src/ActorSubs.LoadTest`.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${OUT:-/tmp/actorsubs-bench}; mkdir -p "$out"
run_id="cluster-purchases-$(date -u +%H%M%S)"
# Every purchase adds a month, and one beyond the renewal window is refused: a hundred-year window keeps 600 accounts
# buying for 720,000 purchases (ten years ran out after 30 s at 2,400/s on a faster host).
export ActorSubs__Subscriptions__RenewalWindow=36500.00:00:00
. build/bench/cluster.sh
lt="dotnet src/ActorSubs.LoadTest/bin/Release/net10.0/ActorSubs.LoadTest.dll"
for nodes in 1 3; do
  cluster_start "$nodes" "purchases_$nodes"
  echo "== $nodes node(s): $cluster_urls"
  $lt api --target "$cluster_urls" --operator-key "$key" --accounts 600 --concurrency 32 --warmup "${WARMUP:-90}" --duration "${DURATION:-30}" \
    --json "$out/$run_id.$nodes.json" "$@"
  cluster_stop
done
python3 - "$out/$run_id.1.json" "$out/$run_id.3.json" <<'PY'
import json, sys
one, three = (json.load(open(p))["loops"]["purchases"] for p in sys.argv[1:3])
rate = lambda r: r["okInWindow"] / r["windowSeconds"]
print(f"three nodes ÷ one node: purchases/s {rate(three) / rate(one):.2f}×, p99 {three['latency']['p99Ms'] / one['latency']['p99Ms']:.2f}×")
PY
