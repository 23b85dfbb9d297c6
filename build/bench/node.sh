# Sourced by the bench scripts: a node on SQLite or a throwaway PostgreSQL, started from the Release build, and
# stopped (with its database server) when the script exits. Needs: db (sqlite|postgres), run_id, out, port.
key=bench-operator-key-0001
pg_dir=""; node_pid=""
bench_cleanup() {
  if [ -n "$node_pid" ]; then
    kill -- "-$node_pid" 2>/dev/null || true
    # The node leaves its cluster and closes its journal first; stopping PostgreSQL under it fills its log with
    # connection errors. Bounded: 15 s.
    for _ in $(seq 1 75); do kill -0 "$node_pid" 2>/dev/null || break; sleep 0.2; done
  fi
  if [ -n "$pg_dir" ]; then build/postgres.sh stop "$pg_dir" >/dev/null; rm -rf "$pg_dir"; fi
}
trap bench_cleanup EXIT

export ASPNETCORE_ENVIRONMENT=Production ActorSubs__Admin__ApiKey=$key ActorSubs__Payments__Provider=Simulated ActorSubs__Cluster__Port=0
if [ "$db" = postgres ]; then
  # PG_CONN_EXTRA: more connection-string settings, e.g. "No Reset On Close=false;Max Auto Prepare=0" to measure
  # without the node's PostgreSQL defaults.
  pg_dir=$(mktemp -d); conn=$(build/postgres.sh start "$pg_dir")${PG_CONN_EXTRA:+;$PG_CONN_EXTRA}
  export ActorSubs__Persistence__Provider=PostgreSql ActorSubs__Persistence__ConnectionString="$conn"
else
  rm -f "$out/$run_id.db"*
  export ActorSubs__Persistence__ConnectionString="Data Source=$out/$run_id.db"
fi

# The node runs from NODE_BIN (default: this checkout's Release build output; another worktree's build or a
# `dotnet publish` directory measures that one). The content root is that directory, so the node reads its
# appsettings.json (request logging at Warning).
node_bin=${NODE_BIN:-$PWD/src/ActorSubs.Node/bin/Release/net10.0}
# Arguments are passed on to the node: configuration keys an environment variable cannot name (`--Section:Key=value`).
bench_start_node() {
  # A node left over from an earlier run would answer the readiness probe below and be measured instead of this one.
  if curl -s -o /dev/null "http://127.0.0.1:$port/healthz/live"; then
    echo "something already answers on 127.0.0.1:$port: stop it (or set PORT) first" >&2
    exit 1
  fi
  # NODE_ENV: VAR=value pairs for the node process only (a runtime knob measured against the node alone).
  # shellcheck disable=SC2086
  setsid env ${NODE_ENV:-} dotnet "$node_bin/ActorSubs.Node.dll" --contentRoot "$node_bin" \
    --urls "http://127.0.0.1:$port" "$@" >> "$out/$run_id.node.log" 2>&1 &
  node_pid=$!
  for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$port/healthz/ready" >/dev/null && return; sleep 0.25; done
  echo "the node did not get ready: $out/$run_id.node.log" >&2
  exit 1
}
