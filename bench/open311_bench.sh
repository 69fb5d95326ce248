#!/usr/bin/env bash
# alo153 Open311 benchmarks (issue 5, "Performance"): on a scratch copy of a demo database (default: the 1M
# one `bench/run.sh` makes), against `alo153 serve`:
#   1. GET /open311/v2/requests.{json,xml} with the spec's defaults (last 90 days, 1,000 results): latency at 1
#      connection and at GET_CONNECTIONS connections (target: p99 <= 50 ms),
#   2. POST /open311/v2/requests.json (form-urlencoded, API key, required attributes answered) with
#      CREATE_CONNECTIONS keep-alive clients, next to the REST API's creates (POST /api/v1/requests) on the same
#      server, alternating which goes first (target: the same throughput class).
# Builds nothing (`make bench` or `cmake --build --preset release` first). Every step is bounded (`timeout`);
# the server listens on 127.0.0.1 on a free port and is stopped by its pid. The source database is never
# opened: the copy is (it gets migration 0005 on first open; the time is printed).
# Settings (environment): BUILD_DIR (build/release), DATA_DIR (build/bench-data), SOURCE_DB
# ($DATA_DIR/demo-1M.db), RUNS (3), GET_CONNECTIONS (8), GET_SECONDS (5), CREATE_CONNECTIONS (64),
# CREATE_SECONDS (10).
set -euo pipefail

cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build/release}
DATA_DIR=${DATA_DIR:-build/bench-data}
SOURCE_DB=${SOURCE_DB:-$DATA_DIR/demo-1M.db}
RUNS=${RUNS:-3}
GET_CONNECTIONS=${GET_CONNECTIONS:-8}
GET_SECONDS=${GET_SECONDS:-5}
CREATE_CONNECTIONS=${CREATE_CONNECTIONS:-64}
CREATE_SECONDS=${CREATE_SECONDS:-10}

ALO153=$BUILD_DIR/alo153
LOAD=$BUILD_DIR/bench/alo153_load
for exe in "$ALO153" "$LOAD"; do
    [[ -x $exe ]] || { echo "open311_bench.sh: $exe is missing; build first" >&2; exit 1; }
done
[[ -f $SOURCE_DB ]] || { echo "open311_bench.sh: $SOURCE_DB is missing (bench/run.sh makes it)" >&2; exit 1; }

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$DATA_DIR/open311-$STAMP
mkdir -p "$OUT"
RAW=$OUT/raw.jsonl
: >"$RAW"
SERVER_PID=""
log() { echo "[$(date +%H:%M:%S) load $(cut -d' ' -f1 /proc/loadavg)] $*" >&2; }
jnum() { grep -o "\"$2\":[0-9.eE+-]*" <<<"$1" | head -1 | cut -d: -f2; }

stop_server() {
    if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID"
        for _ in $(seq 1 150); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$SERVER_PID" 2>/dev/null && kill -KILL "$SERVER_PID"
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}
trap stop_server EXIT

start_server() {
    local db=$1 outfile=$OUT/serve.out
    : >"$outfile"
    ALO153_LOG_LEVEL=warn "$ALO153" --db "$db" serve --address 127.0.0.1 --port 0 >"$outfile" 2>"$OUT/serve.err" &
    SERVER_PID=$!
    PORT=""
    for _ in $(seq 1 6000); do
        if [[ -z $PORT ]]; then
            PORT=$(grep -o 'http://127.0.0.1:[0-9]*' "$outfile" 2>/dev/null | head -1 | sed 's/.*://' || true)
        fi
        if [[ -n $PORT ]] && [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/readyz") == 200 ]]; then
            return 0
        fi
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$OUT/serve.err" >&2; return 1; }
        sleep 0.01
    done
    echo "open311_bench.sh: server did not become ready in time" >&2
    return 1
}

# The server's CPU time so far (user + system), in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }

# run LABEL ARGS...: one alo153_load run; its JSON line is kept and printed, with the server's CPU time per
# request (a figure the other jobs on a shared machine do not inflate the way they inflate wall-clock times).
run() {
    local label=$1
    shift
    local line before after cpu_ms
    before=$(cpu_ticks)
    line=$(timeout 300 "$LOAD" --port "$PORT" --label "$label" "$@" || true)
    after=$(cpu_ticks)
    cpu_ms=$(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="$(jnum "$line" requests)" \
        'BEGIN { if (n > 0) printf "%.2f", t * 1000 / hz / n; else print "n/a" }')
    line=${line%\}},\"server_cpu_ms_per_request_upper_bound\":$cpu_ms\}
    echo "$line" >>"$RAW"
    log "$label: $(jnum "$line" throughput_per_s)/s p50 $(jnum "$line" p50) ms p99 $(jnum "$line" p99) ms" \
        "failed $(jnum "$line" failed) io_errors $(jnum "$line" io_errors) server CPU <= $cpu_ms ms/request"
}

{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "nproc: $(nproc)"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
    echo "source: $SOURCE_DB ($(du -h "$SOURCE_DB" | cut -f1))"
    echo "loadavg at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT/machine.txt" >&2

DB=$OUT/open311.db
log "copying $SOURCE_DB"
cp "$SOURCE_DB" "$DB"
[[ -f $SOURCE_DB-wal ]] && cp "$SOURCE_DB-wal" "$DB-wal"
t0=$(date +%s%N)
KEY=$(timeout 1800 "$ALO153" --db "$DB" apikey add "Open311 bench" 2>/dev/null | grep -o 'alo153_[0-9a-f]*_[0-9a-f]*' | head -1)
log "migrated (0005 on a first open) and issued a key in $(((($(date +%s%N) - t0)) / 1000000)) ms"
[[ -n $KEY ]] || { echo "open311_bench.sh: no API key" >&2; exit 1; }

start_server "$DB"
for fmt in json xml; do
    n=$(curl -s "http://127.0.0.1:$PORT/open311/v2/requests.$fmt" |
        if [[ $fmt == json ]]; then grep -o '"service_request_id"' ; else grep -o '<request>'; fi | wc -l)
    log "GET requests.$fmt answers $n requests"
    echo "/open311/v2/requests.$fmt" >"$OUT/targets-$fmt.txt"
done

for run_no in $(seq 1 "$RUNS"); do
    for fmt in json xml; do
        run "get-$fmt-1c-r$run_no" --mode get --targets "$OUT/targets-$fmt.txt" --connections 1 \
            --duration "$GET_SECONDS" --warmup 1
        run "get-$fmt-${GET_CONNECTIONS}c-r$run_no" --mode get --targets "$OUT/targets-$fmt.txt" \
            --connections "$GET_CONNECTIONS" --duration "$GET_SECONDS" --warmup 1
    done
    # Alternate which create load goes first, so neither always meets the larger database.
    if ((run_no % 2 == 1)); then order="open311 create"; else order="create open311"; fi
    for mode in $order; do
        run "post-$mode-r$run_no" --mode "$mode" --api-key "$KEY" --connections "$CREATE_CONNECTIONS" \
            --duration "$CREATE_SECONDS" --warmup 2
    done
done
stop_server

echo "raw results: $RAW" >&2
echo "label	throughput_per_s	p50_ms	p99_ms	failed	server_cpu_ms_per_request"
while read -r line; do
    [[ -z $line ]] && continue
    label=$(grep -o '"label":"[^"]*"' <<<"$line" | cut -d'"' -f4)
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$(jnum "$line" throughput_per_s)" "$(jnum "$line" p50)" \
        "$(jnum "$line" p99)" "$(jnum "$line" failed)" "$(jnum "$line" server_cpu_ms_per_request_upper_bound)"
done <"$RAW"
rm -f "$DB" "$DB-wal" "$DB-shm"
