#!/usr/bin/env bash
# What PostgreSQL does for purchases on one node and on three: journal transactions per purchase and the busiest
# statements, from pg_stat_statements.
# usage: build/bench/cluster-statements.sh [more api options]   (32 clients, WARMUP 30 s, DURATION 20 s)
# Run from the repository root after `dotnet build -c Release src/ActorSubs.Node && dotnet build -c Release src/ActorSubs.LoadTest`.
# Needs the pg_stat_statements extension of the machine's PostgreSQL (contrib; Debian's postgresql-15 has it).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${OUT:-/tmp/actorsubs-bench}; mkdir -p "$out"
run_id="cluster-statements-$(date -u +%H%M%S)"
export ActorSubs__Subscriptions__RenewalWindow=36500.00:00:00  # as in cluster-purchases.sh
export PG_EXTRA_OPTS="-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all"
. build/bench/cluster.sh
lt="dotnet src/ActorSubs.LoadTest/bin/Release/net10.0/ActorSubs.LoadTest.dll"
for nodes in 1 3; do
  database="statements_$nodes"
  cluster_start "$nodes" "$database"
  $lt api --target "$cluster_urls" --operator-key "$key" --accounts 600 --concurrency 32 --warmup "${WARMUP:-30}" \
    --duration "${DURATION:-20}" --json "$out/$run_id.$nodes.json" "$@" > "$out/$run_id.$nodes.txt"
  cluster_stop
  admin=$(python3 -c "import sys; d=dict(p.split('=',1) for p in sys.argv[1].split(';') if p); print(f\"host={d['Host']} port={d['Port']} user={d['Username']} dbname=postgres\")" "$cluster_conn")
  psql "$admin" -qc "SET client_min_messages = warning; CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
  psql "$admin" -qAt -F $'\t' -c "
    SELECT s.calls, round(s.total_exec_time::numeric), left(regexp_replace(s.query, '\s+', ' ', 'g'), 110)
    FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = '$database'
    ORDER BY s.calls DESC LIMIT 12" > "$out/$run_id.$nodes.statements.tsv"
  python3 - "$nodes" "$out/$run_id.$nodes.json" "$out/$run_id.$nodes.statements.tsv" <<'PY'
import json, sys
nodes, report, statements = sys.argv[1], json.load(open(sys.argv[2]))["loops"]["purchases"], sys.argv[3]
rows = [line.rstrip("\n").split("\t") for line in open(statements)]
purchases = report["warmupOk"] + report["ok"]
begins = sum(int(calls) for calls, _, query in rows if query.startswith("BEGIN"))
print(f"== {nodes} node(s): {report['okInWindow'] / report['windowSeconds']:.1f} purchases/s in the window; "
      f"{purchases:,} purchases in {begins:,} journal transactions ({purchases / max(begins, 1):.2f} a transaction)")
for calls, ms, query in rows: print(f"  {int(calls):>9,} calls {int(ms):>7,} ms  {query}")
PY
done
