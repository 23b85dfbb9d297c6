#!/usr/bin/env bash
# Purchases/s of one node and of a three-node cluster on one PostgreSQL, in one run, on this machine.
# usage: build/bench/cluster-purchases.sh [more api options]   (default: 32 clients, 90 s warm-up, 30 s measured; WARMUP, DURATION in seconds)
# Each size gets a fresh database; the three-node run sends round robin over the nodes, as a load balancer would.
# STATEMENTS=1: PostgreSQL loads pg_stat_statements, and after each size the script prints the journal transactions per
# purchase and the busiest statements (Debian's postgresql-15 has the extension; docs/benchmarks.md ran it with WARMUP=30 DURATION=20).
# Run from the repository root after `dotnet build -c Release src/ActorSubs.Node && dotnet build -c Release src/ActorSubs.LoadTest`.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${OUT:-/tmp/actorsubs-bench}; mkdir -p "$out"
run_id="cluster-purchases-$(date -u +%H%M%S)"
# Every purchase adds a month, and one beyond the renewal window is refused: a hundred-year window keeps 600 accounts
# buying for 720,000 purchases (ten years ran out after 30 s at 2,400/s on a faster host).
export ActorSubs__Subscriptions__RenewalWindow=36500.00:00:00
if [ "${STATEMENTS:-0}" = 1 ]; then export PG_EXTRA_OPTS="-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all"; fi
. build/bench/cluster.sh
lt="dotnet src/ActorSubs.LoadTest/bin/Release/net10.0/ActorSubs.LoadTest.dll"
# statements NODES DATABASE: journal transactions per purchase and the busiest statements of that size's database.
statements() {
  psql "$(cluster_admin)" -qc "SET client_min_messages = warning; CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
  psql "$(cluster_admin)" -qAt -F $'\t' -c "
    SELECT s.calls, round(s.total_exec_time::numeric), left(regexp_replace(s.query, '\s+', ' ', 'g'), 110)
    FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = '$2'
    ORDER BY s.calls DESC LIMIT 12" > "$out/$run_id.$1.statements.tsv"
  python3 - "$out/$run_id.$1.json" "$out/$run_id.$1.statements.tsv" <<'PY'
import json, sys
report, rows = json.load(open(sys.argv[1]))["loops"]["purchases"], [l.rstrip("\n").split("\t") for l in open(sys.argv[2])]
purchases = report["warmupOk"] + report["ok"]
begins = sum(int(calls) for calls, _, query in rows if query.startswith("BEGIN"))
print(f"statements: {purchases:,} purchases (warm-up and window) in {begins:,} journal transactions ({purchases / max(begins, 1):.2f} a transaction)")
for calls, ms, query in rows: print(f"  {int(calls):>9,} calls {int(ms):>7,} ms  {query}")
PY
}

for nodes in 1 3; do
  cluster_start "$nodes" "purchases_$nodes"
  echo "== $nodes node(s): $cluster_urls"
  $lt api --target "$cluster_urls" --operator-key "$key" --accounts 600 --concurrency 32 --warmup "${WARMUP:-90}" --duration "${DURATION:-30}" \
    --json "$out/$run_id.$nodes.json" "$@"
  cluster_stop
  if [ "${STATEMENTS:-0}" = 1 ]; then statements "$nodes" "purchases_$nodes"; fi
done
python3 - "$out/$run_id.1.json" "$out/$run_id.3.json" <<'PY'
import json, sys
one, three = (json.load(open(p))["loops"]["purchases"] for p in sys.argv[1:3])
rate = lambda r: r["okInWindow"] / r["windowSeconds"]
print(f"three nodes ÷ one node: purchases/s {rate(three) / rate(one):.2f}×, p99 {three['latency']['p99Ms'] / one['latency']['p99Ms']:.2f}×")
PY
