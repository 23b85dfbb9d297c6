#!/usr/bin/env bash
# Where the machine's CPU goes at a cluster storm's instant: build/bench/cluster-storm.sh DEVICES (default 2,000) with
# perf recording every CPU (1,999 samples a second) from a few seconds before the measured storm's instant, then CPU
# samples by process (each runtime's JIT thread apart) in slices after that instant (build/bench/instant-profile.py).
# usage: build/bench/storm-instant-profile.sh [more cluster-storm options]   (WARMUP_RUNS, SETTLE as in cluster-storm.sh)
# Needs perf and root (or perf_event_paranoid <= 0). Run from the repository root after the Release builds.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${OUT:-/tmp/actorsubs-bench}; mkdir -p "$out"
run_id="storm-profile-$(date -u +%H%M%S)"
command -v perf >/dev/null || { echo "perf is not installed" >&2; exit 1; }
export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0  # perf names JIT-compiled frames from /tmp/perf-PID.map
build/bench/cluster-storm.sh "${DEVICES:-2000}" "$@" > "$out/$run_id.storm.txt" 2>&1 &
storm=$!
# The warm-up storms print to files of their own: this line is the measured storm's, printed ~10 s before its instant.
until grep -q "every subscription expires at" "$out/$run_id.storm.txt" 2>/dev/null; do
  kill -0 "$storm" 2>/dev/null || { echo "the storm ended early: $out/$run_id.storm.txt" >&2; exit 1; }
  sleep 0.2
done
instant=$(grep -o "expires at [0-9:.]*Z" "$out/$run_id.storm.txt" | tail -1 | awk '{print $3}')
names=()
for i in 1 2 3; do names+=("$(pgrep -f "urls http://127.0.0.1:$(( ${HTTP_BASE:-5180} + i ))" | head -1)=node$i"); done
names+=("$(pgrep -f "ActorSubs.LoadTest.dll expiry-storm" | tail -1)=load-tester")
# perf stamps samples with CLOCK_MONOTONIC; the instant is wall-clock time.
offset=$(python3 -c "import time; print(time.clock_gettime(time.CLOCK_MONOTONIC) - time.time())")
perf record -a -F 1999 -k CLOCK_MONOTONIC -o "$out/$run_id.perf.data" -- sleep 12 >/dev/null 2>&1
wait "$storm" || true
grep -A5 "^latency (ms)" "$out/$run_id.storm.txt" | grep -E "latency|notification"
python3 build/bench/instant-profile.py "$out/$run_id.perf.data" "$instant" "$offset" "${names[@]}"
