#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and benchmarks, from the machine's own binaries.
#   build/postgres.sh start DIR   initialises DIR, starts a server on a free loopback port and prints
#                                 its Npgsql connection string on stdout (logs go to DIR/server.log)
#   build/postgres.sh stop DIR    stops it (the caller removes DIR)
# Exit code 3 from start: no PostgreSQL binaries here. Binaries are looked up in $PG_BIN, then
# /usr/lib/postgresql/<newest>/bin. As root the server runs as the 'postgres' user (initdb refuses root).
set -euo pipefail

cmd=${1:?usage: postgres.sh start|stop DIR}
dir=${2:?usage: postgres.sh start|stop DIR}

find_bin() {
  if [ -n "${PG_BIN:-}" ] && [ -x "$PG_BIN/initdb" ]; then echo "$PG_BIN"; return 0; fi
  local candidate
  candidate=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$candidate" ] && [ -x "$candidate/initdb" ]; then echo "$candidate"; return 0; fi
  return 1
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

case "$cmd" in
  start)
    bin=$(find_bin) || { echo "no PostgreSQL binaries (set PG_BIN or install postgresql)" >&2; exit 3; }
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then
      chown postgres: "$dir"
      runuser -u postgres -- test -w "$dir" \
        || { echo "the postgres user cannot reach $dir: pick a folder whose parents it can enter (e.g. mktemp -d)" >&2; exit 1; }
    fi
    as_owner "$bin/initdb" -D "$dir/data" -U actorsubs --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    port=""
    for _ in $(seq 1 50); do
      candidate=$(( 20000 + RANDOM % 20000 ))
      if ! port_in_use "$candidate"; then port=$candidate; break; fi
    done
    [ -n "$port" ] || { echo "no free loopback port found" >&2; exit 1; }
    echo "$port" >"$dir/port"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 ${PG_EXTRA_OPTS:-}" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "Host=127.0.0.1;Port=$port;Username=actorsubs;Database=postgres;Pooling=true;Maximum Pool Size=50"
    ;;
  stop)
    bin=$(find_bin) || exit 0
    [ -d "$dir/data" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    ;;
  *) echo "unknown command $cmd" >&2; exit 2 ;;
esac
