#!/usr/bin/env bash
# The benchmarks of docs/benchmarks.md on both backends, side by side in one run, on the same data
# (docs/benchmarks.md, "SQLite and PostgreSQL side by side"):
#
#   SQLITE_DB=build/bench-data/demo-1M.db PG_URL=postgresql://alo153@127.0.0.1:5432/alo153 bench/pg_compare.sh
#
# PG_URL holds the same data as SQLITE_DB (`alo153 migrate-data --from SQLITE_DB --to PG_URL` makes it). For
# each of RUNS rounds, alternating the backends so that the machine's noise falls on both alike:
#   1. lookups_bench (in process): look-ups, queue pages, search, stats;
#   2. creates over HTTP: alo153_load --mode create, CREATE_CONNECTIONS keep-alive connections, against one
#      `alo153 serve` (SQLite on a scratch copy of the file; PostgreSQL on PG_URL itself);
#   3. PostgreSQL only: the same create load through nginx (deploy/nginx/alo153.conf) to two app servers.
# Prints the medians per operation and backend with the ratio, and keeps every JSON line in OUT.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build/release}
SQLITE_DB=${SQLITE_DB:?SQLITE_DB: the SQLite demo database}
PG_URL=${PG_URL:?PG_URL: a PostgreSQL database with the same data}
RUNS=${RUNS:-3}
LOOKUP_SECONDS=${LOOKUP_SECONDS:-3}
CREATE_CONNECTIONS=${CREATE_CONNECTIONS:-64}
CREATE_SECONDS=${CREATE_SECONDS:-10}
OUT=${OUT:-build/bench-data/compare-$(date +%Y%m%d-%H%M%S)}
ALO153=$BUILD_DIR/alo153
LOAD=$BUILD_DIR/bench/alo153_load
LOOKUPS=$BUILD_DIR/bench/lookups_bench
mkdir -p "$OUT"
RAW=$OUT/raw.jsonl
: >"$RAW"

# stop PID...: SIGTERM, then waits until each has exited (they are not children of this shell: see start_server).
stop() {
    kill "$@" 2>/dev/null || true
    for pid in "$@"; do
        while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
    done
}

log() { echo "[$(date +%H:%M:%S) load $(cut -d' ' -f1 /proc/loadavg)] $*" >&2; }

# start_server DB OUTFILE [ENV...]: `alo153 serve` on a free loopback port; prints its port.
start_server() {
    local db=$1 outfile=$2
    shift 2
    env ALO153_LOG_LEVEL=warn "$@" "$ALO153" --db "$db" serve --address 127.0.0.1 --port 0 >"$outfile" 2>"$outfile.err" &
    local pid=$! port=""
    for _ in $(seq 1 2000); do
        port=$(grep -o 'http://127.0.0.1:[0-9]*' "$outfile" 2>/dev/null | head -1 | sed 's/.*://' || true)
        if [[ -n $port ]] && [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz") == 200 ]]; then
            echo "$pid $port"
            return 0
        fi
        sleep 0.01
    done
    echo "pg_compare.sh: the server did not start" >&2
    cat "$outfile.err" >&2
    return 1
}

# tag LABEL: adds "label" to every JSON line of stdin, appends them to RAW.
tag() { sed "s/^{/{\"backend\":\"$1\",/" | tee -a "$RAW" >/dev/null; }

creates() {
    local label=$1 port=$2
    "$LOAD" --port "$port" --mode create --connections "$CREATE_CONNECTIONS" --duration "$CREATE_SECONDS" \
        --warmup 2 --label create 2>>"$OUT/load.err" | tag "$label" || log "load on $label reported errors"
}

nginx_in_front() {
    local dir=$OUT/nginx a=$1 b=$2 port=$3
    mkdir -p "$dir"
    sed -e "s/server 127.0.0.1:8153/server 127.0.0.1:$a/" -e "s/server 127.0.0.1:8154/server 127.0.0.1:$b/" \
        -e "s/listen 80;/listen 127.0.0.1:$port;/" deploy/nginx/alo153.conf >"$dir/alo153.conf"
    {
        [[ $(id -u) == 0 ]] && echo "user root;"
        echo "daemon off; worker_processes 2; pid $dir/nginx.pid; error_log $dir/error.log;"
        echo "events { worker_connections 1024; }"
        echo "http { access_log off; client_body_temp_path $dir/body; proxy_temp_path $dir/proxy;"
        echo "  fastcgi_temp_path $dir/fcgi; uwsgi_temp_path $dir/uwsgi; scgi_temp_path $dir/scgi;"
        echo "  include $dir/alo153.conf; }"
    } >"$dir/nginx.conf"
    /usr/sbin/nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" &
    NGINX_PID=$!
    for _ in $(seq 1 500); do
        curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && return 0
        sleep 0.01
    done
    return 1
}

log "sqlite: $SQLITE_DB; postgresql: ${PG_URL%%\?*}; $RUNS rounds"
for run in $(seq 1 "$RUNS"); do
    for backend in sqlite pg; do
        db=$SQLITE_DB
        [[ $backend == pg ]] && db=$PG_URL
        log "round $run: lookups on $backend"
        timeout 600 "$LOOKUPS" --db "$db" --seconds "$LOOKUP_SECONDS" 2>>"$OUT/lookups.err" | tag "$backend"
    done
    for backend in sqlite pg; do
        db=$PG_URL
        if [[ $backend == sqlite ]]; then
            db=$OUT/scratch.db
            cp "$SQLITE_DB" "$db"
            rm -f "$db-wal" "$db-shm"
        fi
        log "round $run: creates on $backend, one app server"
        read -r pid port < <(start_server "$db" "$OUT/serve.out")
        creates "$backend" "$port"
        stop "$pid"
    done
    log "round $run: creates on pg, two app servers behind nginx"
    read -r pid_a port_a < <(start_server "$PG_URL" "$OUT/serve-a.out" ALO153_TRUSTED_PROXIES=127.0.0.1)
    read -r pid_b port_b < <(start_server "$PG_URL" "$OUT/serve-b.out" ALO153_TRUSTED_PROXIES=127.0.0.1)
    nginx_port=$((20000 + RANDOM % 20000))
    nginx_in_front "$port_a" "$port_b" "$nginx_port"
    creates pg-2-servers "$nginx_port"
    stop "$NGINX_PID" "$pid_a" "$pid_b"
done
rm -f "$OUT/scratch.db" "$OUT/scratch.db-wal" "$OUT/scratch.db-shm"

# Medians of p50 / p99 (lookups) and of throughput / p99 (creates) per backend, and pg / sqlite.
awk '
    function field(line, key,   m) { if (match(line, "\"" key "\":[0-9.]+")) { m = substr(line, RSTART, RLENGTH); sub(/.*:/, "", m); return m } return "" }
    function name(line, key,   m) { if (match(line, "\"" key "\":\"[^\"]*\"")) { m = substr(line, RSTART, RLENGTH); sub(/^[^:]*:"/, "", m); sub(/"$/, "", m); return m } return "" }
    {
        b = name($0, "backend"); op = name($0, "op"); if (op == "") op = name($0, "label")
        if (op == "create") { a = field($0, "throughput_per_s"); p = field($0, "p99") } else { a = field($0, "p50"); p = field($0, "p99") }
        k = op SUBSEP b; n[k]++; A[k, n[k]] = a; P[k, n[k]] = p; ops[op] = 1; backends[b] = 1
    }
    function median(arr, k, cnt,   i, j, t, v) { for (i = 1; i <= cnt; i++) v[i] = arr[k, i] + 0
        for (i = 1; i <= cnt; i++) for (j = i + 1; j <= cnt; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
        return cnt % 2 ? v[(cnt + 1) / 2] : (v[cnt / 2] + v[cnt / 2 + 1]) / 2 }
    END {
        printf "%-16s %-13s %12s %10s %7s\n", "operation", "backend", "p50 ms | /s", "p99 ms", "runs"
        for (op in ops) for (b in backends) { k = op SUBSEP b; if (!(k in n)) continue
            printf "%-16s %-13s %12.3f %10.3f %7d\n", op, b, median(A, k, n[k]), median(P, k, n[k]), n[k] }
    }' "$RAW" | sort | tee "$OUT/medians.txt"
log "raw lines: $RAW"
