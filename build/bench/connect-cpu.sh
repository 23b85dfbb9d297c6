#!/usr/bin/env bash
# The node's CPU time per connected device: a node on SQLite, a warm-up round of connect-hold, then DEVICES devices
# (default 4,000; 5 per account, 1,000 connects/s, held 2 s) with the node's CPU time read from /proc around the round.
# That time also covers signing up the round's accounts, registering its devices and closing the sockets.
# usage: build/bench/connect-cpu.sh [more connect-hold options]
# Run from the repository root after `dotnet build -c Release src/ActorSubs.Node && dotnet build -c Release src/ActorSubs.LoadTest`.
set -euo pipefail
cd "$(dirname "$0")/../.."
db=sqlite; out=${OUT:-/tmp/actorsubs-bench}; mkdir -p "$out"; port=${PORT:-5097}
devices=${DEVICES:-4000}
run_id="connect-cpu-$(date -u +%H%M%S)"
ulimit -n "$(ulimit -Hn)"
. build/bench/node.sh
bench_start_node
hold() {
  dotnet src/ActorSubs.LoadTest/bin/Release/net10.0/ActorSubs.LoadTest.dll connect-hold --target "http://127.0.0.1:$port" \
    --operator-key "$key" --devices "$1" --devices-per-account 5 --ramp 1000 --hold 2 "${@:2}"
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$node_pid/stat"; }
hold 1000 "$@" > "$out/$run_id.warmup.txt"
sleep 3
before=$(cpu_ticks)
hold "$devices" "$@" > "$out/$run_id.txt"
after=$(cpu_ticks)
grep -m1 "connected in" "$out/$run_id.txt" || true
python3 -c "import sys; t, n = map(float, sys.argv[1:3]); print(f'node CPU per device: {t / n:.3f} ms ({t:.0f} ms for {n:.0f} devices)')" \
  "$(( (after - before) * 1000 / $(getconf CLK_TCK) ))" "$devices"
