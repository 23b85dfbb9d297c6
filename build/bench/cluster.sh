# Sourced by the cluster bench scripts: N nodes from the Release build on loopback sharing one throwaway PostgreSQL,
# node 1 the first seed. Needs: out, run_id. Gives: key, cluster_urls (comma-separated HTTP URLs), cluster_pids.
key=bench-operator-key-0001
cluster_pg=""; cluster_pids=(); cluster_urls=""
cluster_bin=${NODE_BIN:-$PWD/src/ActorSubs.Node/bin/Release/net10.0}  # NODE_BIN: as in node.sh
cluster_cleanup() {
  cluster_stop
  if [ -n "$cluster_pg" ]; then build/postgres.sh stop "$cluster_pg" >/dev/null; rm -rf "$cluster_pg"; cluster_pg=""; fi
}
trap cluster_cleanup EXIT

# cluster_admin: a psql connection string for the throwaway server's postgres database (as its superuser).
cluster_admin() {
  python3 -c "import sys; d=dict(p.split('=',1) for p in sys.argv[1].split(';') if p); print(f\"host={d['Host']} port={d['Port']} user={d['Username']} dbname=postgres\")" "$cluster_conn"
}

# cluster_start N DATABASE: N nodes on a new database of the throwaway server, started one after another (node 1 oldest).
cluster_start() {
  local n=$1 database=$2 base_http=${HTTP_BASE:-5180} base_remoting=${REMOTING_BASE:-4180} conn i
  if [ -z "$cluster_pg" ]; then cluster_pg=$(mktemp -d); cluster_conn=$(build/postgres.sh start "$cluster_pg"); fi
  psql "$(cluster_admin)" -qc "CREATE DATABASE $database" >/dev/null
  conn="${cluster_conn/Database=postgres/Database=$database}"
  cluster_urls=""
  for i in $(seq 1 "$n"); do
    local url="http://127.0.0.1:$((base_http + i))"
    if curl -s -o /dev/null "$url/healthz/live"; then echo "something already answers on $url: stop it first" >&2; exit 1; fi
    # Logging__LogLevel__Akka=Information: the failover steps (docs/cluster.md) are read from Akka's cluster events in these logs.
    ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Akka=Information ActorSubs__Admin__ApiKey=$key ActorSubs__Payments__Provider=Simulated ActorSubs__Persistence__Provider=PostgreSql \
    ActorSubs__Persistence__ConnectionString="$conn" ActorSubs__Cluster__Port=$((base_remoting + i)) \
    ActorSubs__Cluster__SeedNodes__0="akka.tcp://actorsubs@127.0.0.1:$((base_remoting + 1))" \
      setsid dotnet "$cluster_bin/ActorSubs.Node.dll" --contentRoot "$cluster_bin" --urls "$url" >> "$out/$run_id.node$i.log" 2>&1 &
    cluster_pids+=($!)
    for _ in $(seq 1 240); do curl -sf "$url/healthz/ready" >/dev/null && break; sleep 0.25; done
    curl -sf "$url/healthz/ready" >/dev/null || { echo "node $i did not get ready: $out/$run_id.node$i.log" >&2; exit 1; }
    cluster_urls="${cluster_urls:+$cluster_urls,}$url"
  done
}

# cluster_stop: SIGTERM to every node, then wait for them (each leaves the cluster and exits).
cluster_stop() {
  local pid
  for pid in "${cluster_pids[@]}"; do kill -- "-$pid" 2>/dev/null || true; done
  for pid in "${cluster_pids[@]}"; do while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done; done
  cluster_pids=()
}
