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
run_id="failover-$(date -u +%H%M%S)"
. build/bench/cluster.sh
cluster_start 3 failover
IFS=, read -ra urls <<< "$cluster_urls"
survivor=${urls[$(( victim == 1 ? 1 : 0 ))]}
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
kill -9 "${cluster_pids[$(( victim - 1 ))]}"
polls=()
for i in $(seq 1 "$accounts"); do poll "$i" "$killed_at" > "$out/served-$i" & polls+=($!); done
wait "${polls[@]}"
sort -n "$out"/served-* | awk -v v="$victim" '{ t[NR] = $1; if ($1 > 3) late++ }
  END { printf "node %d killed: %d of %d accounts waited over 3 s; last served %.1f s after the kill\n", v, late, NR, t[NR] }'
curl -sf "${auth[@]}" "$survivor/api/admin/cluster" | jq -c '{members: [.members[] | {address, status}], unreachable}'
echo "logs: $out"
