#!/usr/bin/env bash
# Sign-ups per second on one fresh node: one discarded warm-up run of WARMUP seconds (default 60: a fresh node compiles for its first minute), then three measured runs.
# usage: build/bench/signups.sh sqlite|postgres [more signups options]
# Run from the repository root after `dotnet build -c Release src/ActorSubs.Node && dotnet build -c Release src/ActorSubs.LoadTest`.
set -euo pipefail
cd "$(dirname "$0")/../.."
db=${1:?sqlite or postgres}; shift
out=${OUT:-/tmp/actorsubs-bench}; mkdir -p "$out"
port=${PORT:-5095}
run_id="signups-$db-$(date -u +%H%M%S)"
. build/bench/node.sh
bench_start_node
lt="dotnet src/ActorSubs.LoadTest/bin/Release/net10.0/ActorSubs.LoadTest.dll"
$lt signups --target "http://127.0.0.1:$port" --operator-key "$key" --concurrency 32 --warmup 2 --duration "${WARMUP:-60}" "$@" > /dev/null
for run in 1 2 3; do
  $lt signups --target "http://127.0.0.1:$port" --operator-key "$key" --concurrency 32 --warmup 2 --duration 10 "$@"
done
