#!/usr/bin/env bash
# CPU per sign-up on one fresh node: WARMUP seconds of sign-ups (default 25) to warm it, then 10 s measured while the
# CPU time of the node and (on postgres) of the PostgreSQL server's processes is read from /proc before and after.
# usage: build/bench/signups-cpu.sh sqlite|postgres      (PG_CONN_EXTRA as in node.sh)
# Run from the repository root after `dotnet build -c Release src/ActorSubs.Node && dotnet build -c Release src/ActorSubs.LoadTest`.
set -euo pipefail
cd "$(dirname "$0")/../.."
db=${1:?sqlite or postgres}; shift
out=${OUT:-/tmp/actorsubs-bench}; mkdir -p "$out"
port=${PORT:-5095}
run_id="signups-cpu-$db-$(date -u +%H%M%S)"
. build/bench/node.sh
bench_start_node
lt="dotnet src/ActorSubs.LoadTest/bin/Release/net10.0/ActorSubs.LoadTest.dll"
ticks() { awk '{s += $14 + $15} END {print s + 0}' "$@" 2>/dev/null || echo 0; }   # user + system, in clock ticks
server_ticks() { local files=(); for p in $(pgrep -x postgres || true); do files+=("/proc/$p/stat"); done; [ ${#files[@]} -gt 0 ] && ticks "${files[@]}" || echo 0; }
node_stat=/proc/$node_pid/stat   # node.sh started it with setsid, which ran dotnet in its place
$lt signups --target "http://127.0.0.1:$port" --operator-key "$key" --concurrency 32 --warmup 2 --duration "${WARMUP:-25}" > /dev/null
n0=$(ticks "$node_stat"); s0=$(server_ticks)
report=$($lt signups --target "http://127.0.0.1:$port" --operator-key "$key" --concurrency 32 --warmup 0 --duration 10)
n1=$(ticks "$node_stat"); s1=$(server_ticks)
ok=$(echo "$report" | awk '$1 == "ok" && $2 ~ /^[0-9]+$/ {print $2; exit}')
hz=$(getconf CLK_TCK)
echo "$report" | grep -E '^(throughput|latency)'
awk -v ok="$ok" -v n="$((n1 - n0))" -v s="$((s1 - s0))" -v hz="$hz" 'BEGIN {
  printf "sign-ups %d; CPU per sign-up: node %.2f ms, database server %.2f ms\n", ok, n * 1000 / hz / ok, s * 1000 / hz / ok }'
