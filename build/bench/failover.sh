#!/usr/bin/env bash
# Failover after a crash, measured by hand: three nodes from the Release build on loopback share one throwaway
# PostgreSQL; accounts are signed up and spread over the three; one node is killed with SIGKILL and every account is
# read through a surviving node until all answer again. Prints the seconds from the kill to the last account served.
#   build/bench/failover.sh [VICTIM]   VICTIM 1 is the oldest node (shard coordinator and singletons), 3 (default) the youngest
# Run from the repository root after `dotnet build -c Release src/ActorSubs.Node`. Env: ACCOUNTS (default 30), OUT.
set -euo pipefail
cd "$(dirname "$0")/../.."
victim=${1:-3}
accounts=${ACCOUNTS:-30}
out=${OUT:-$(mktemp -d)}; mkdir -p "$out"
key=failover-operator-key-0001
http=(0 5191 5192 5193); remoting=(0 4191 4192 4193)
pg_dir=$(mktemp -d); pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || true; done
  # Leaving nodes take a while (drain, hand-off, leave): the next run must not share the cores with them.
  for pid in "${pids[@]}"; do while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done; done
  build/postgres.sh stop "$pg_dir" >/dev/null; rm -rf "$pg_dir"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

conn=$(build/postgres.sh start "$pg_dir")
export ASPNETCORE_ENVIRONMENT=Production ActorSubs__Admin__ApiKey=$key ActorSubs__Persistence__Provider=PostgreSql \
  ActorSubs__Persistence__ConnectionString="$conn" ActorSubs__Cluster__SeedNodes__0="akka.tcp://actorsubs@127.0.0.1:${remoting[1]}"
bin="$PWD/src/ActorSubs.Node/bin/Release/net10.0"
for n in 1 2 3; do
  ActorSubs__Cluster__Port=${remoting[$n]} setsid dotnet "$bin/ActorSubs.Node.dll" --contentRoot "$bin" \
    --urls "http://127.0.0.1:${http[$n]}" > "$out/node$n.log" 2>&1 &
  pids+=($!)
  # One at a time, so node 1 is the oldest.
  for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:${http[$n]}/healthz/ready" >/dev/null && break; sleep 0.25; done
done
survivor="http://127.0.0.1:${http[$(( victim == 1 ? 2 : 1 ))]}"
auth=(-H "Authorization: Bearer $key")
for _ in $(seq 1 120); do
  [ "$(curl -sf "${auth[@]}" "$survivor/api/admin/cluster" | jq '[.members[] | select(.status == "up")] | length')" = 3 ] && break
  sleep 0.5
done

for i in $(seq 1 "$accounts"); do
  curl -sf "${auth[@]}" -H 'Content-Type: application/json' -d "{\"accountId\":\"fo-$i\",\"email\":\"fo-$i@example.com\"}" \
    "$survivor/api/accounts" > /dev/null
done
curl -sf "${auth[@]}" "$survivor/api/admin/cluster" | jq -c '.nodes[] | {address, shards, liveAccounts}'

poll() { # prints the seconds after the kill at which account $1 answered
  while :; do
    if curl -sf -o /dev/null --max-time 0.5 "${auth[@]}" "$survivor/api/accounts/fo-$1"; then
      echo "$(echo "$(date +%s.%N) - $2" | bc)"; return
    fi
    sleep 0.1
  done
}
killed_at=$(date +%s.%N)
kill -9 "${pids[$(( victim - 1 ))]}"
polls=()
for i in $(seq 1 "$accounts"); do poll "$i" "$killed_at" > "$out/served-$i" & polls+=($!); done
wait "${polls[@]}"
sort -n "$out"/served-* | awk -v v="$victim" '{ t[NR] = $1; if ($1 > 3) late++ }
  END { printf "node %d killed: %d of %d accounts waited over 3 s; last served %.1f s after the kill\n", v, late, NR, t[NR] }'
curl -sf "${auth[@]}" "$survivor/api/admin/cluster" | jq -c '{members: [.members[] | {address, status}], unreachable}'
echo "logs: $out"
