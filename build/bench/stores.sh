#!/usr/bin/env bash
# App Store notifications (signed, verified by the node) against purchases through the API, in one run on one fresh node.
# usage: build/bench/stores.sh sqlite|postgres [more store-notifications options, e.g. --accounts 2000 --duration 30]
# The load tester plays Apple: it writes its authority first, the node starts trusting that root (bundle id and product
# below, the store rate limit raised because Apple's posts carry no operator key), then one discarded run of the same
# command warms the node up (WARMUP_RUN=0 skips it) and the measured run follows. Everything is stopped on exit.
# Run from the repository root after `dotnet build -c Release src/ActorSubs.Node && dotnet build -c Release src/ActorSubs.LoadTest`.
set -euo pipefail
cd "$(dirname "$0")/../.."
db=${1:?sqlite or postgres}; shift
out=${OUT:-/tmp/actorsubs-bench}; mkdir -p "$out"
port=${PORT:-5097}
run_id="stores-$db-$(date -u +%H%M%S)"
lt="dotnet src/ActorSubs.LoadTest/bin/Release/net10.0/ActorSubs.LoadTest.dll"
bundle=com.example.access
product=com.example.access.monthly
root="$out/$run_id.apple-root.pem"

$lt store-notifications --root "$root" --authority-only
export ActorSubs__Stores__AppStore__RootCertificates__0="$root" ActorSubs__Stores__AppStore__BundleId=$bundle
# Repeat purchases on the same accounts (R3 in docs/rules.md), and no 429 for notifications sent as Apple sends them.
export ActorSubs__Subscriptions__RenewalWindow=3650.00:00:00 ActorSubs__RateLimits__Stores__PermitLimit=1000000000
. build/bench/node.sh
# A product id has dots, which no environment variable name may hold: the product map goes on the command line.
bench_start_node "--ActorSubs:Stores:AppStore:Products:$product=monthly"

run=(store-notifications --target "http://127.0.0.1:$port" --operator-key "$key" --root "$root" --bundle-id $bundle --product $product)
if [ "${WARMUP_RUN:-1}" != 0 ]; then
  echo "warm-up run (not reported): $out/$run_id.warmup.txt"
  $lt "${run[@]}" "$@" > "$out/$run_id.warmup.txt"
fi
$lt "${run[@]}" "$@"
