#!/usr/bin/env bash
# Where a node's CPU goes during sign-ups: one fresh node, 30 s of sign-ups to warm it, then `perf record` of the node
# for 10 s while 32 clients sign up, summed by assembly (JIT code resolved through the runtime's perf map).
# usage: build/bench/signups-profile.sh sqlite|postgres      (needs perf; PG_CONN_EXTRA as in node.sh)
# Run from the repository root after `dotnet build -c Release src/ActorSubs.Node && dotnet build -c Release src/ActorSubs.LoadTest`.
set -euo pipefail
cd "$(dirname "$0")/../.."
db=${1:?sqlite or postgres}; shift
out=${OUT:-/tmp/actorsubs-bench}; mkdir -p "$out"
port=${PORT:-5096}
run_id="signups-profile-$db-$(date -u +%H%M%S)"
# The perf map names JIT-compiled methods; without W^X their code is not hidden behind a memfd mapping perf cannot read.
export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
. build/bench/node.sh
bench_start_node
unset DOTNET_PerfMapEnabled DOTNET_EnableWriteXorExecute
lt="dotnet src/ActorSubs.LoadTest/bin/Release/net10.0/ActorSubs.LoadTest.dll"
$lt signups --target "http://127.0.0.1:$port" --operator-key "$key" --concurrency 32 --warmup 2 --duration "${WARMUP:-30}" > /dev/null
$lt signups --target "http://127.0.0.1:$port" --operator-key "$key" --concurrency 32 --warmup 0 --duration 14 | grep -E '^(throughput|latency)' &
lt_pid=$!
sleep 2
perf record -F 299 -g -p "$node_pid" -o "$out/$run_id.perf" -- sleep 10 > /dev/null 2>&1
wait "$lt_pid"
perf report -i "$out/$run_id.perf" --no-children -g none --sort dso,symbol 2>/dev/null | python3 -c '
import re, sys, collections
shares = collections.Counter()
for line in sys.stdin:
    m = re.match(r"\s*([\d.]+)%\s+(\S+(?: tid \d+)?)\s+\[(.)\]\s+(.*)", line)
    if not m: continue
    share, dso, symbol = float(m.group(1)), m.group(2), m.group(4)
    assembly = re.search(r"\[([A-Za-z0-9_.]+)\] ", symbol)
    # JIT code by its assembly; native code by its library (libcoreclr: the runtime itself, GC included).
    shares[assembly.group(1) if dso.startswith("[JIT]") and assembly else dso] += share
for name, share in shares.most_common(16): print(f"{share:6.1f} %  {name}")'
