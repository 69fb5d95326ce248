#!/usr/bin/env bash
# alo153 benchmarks (issue 2, "Performance"): builds nothing (`make bench` builds first), then
#   1. creates demo databases of 10,000 and 1,000,000 requests under build/bench-data/ (kept; the 1M
#      generation is timed when it runs),
#   2. on each size, RUNS times: the in-process read paths (lookups_bench), the raw SQLite ceiling
#      (sqlite_ceiling_bench, on a scratch copy), and over HTTP against `alo153 serve` on a copy of the
#      database: start-up time (exec to /readyz 200) and each GET mix, then in a fresh server the
#      64-connection create load with its peak RSS (VmHWM; anonymous and file-backed RSS sampled during it),
#   3. prints the medians per size next to the targets, and keeps every raw JSON line.
#
# Every step is bounded (`timeout`), the server listens on 127.0.0.1 on a free port and is stopped by its pid.
# Settings (environment): BUILD_DIR (build/release), DATA_DIR (build/bench-data), SIZES ("10000 1000000"),
# RUNS (3), CREATE_CONNECTIONS (64), CREATE_SECONDS (10), GET_CONNECTIONS (8), GET_SECONDS (5),
# CEILING_SECONDS (5), LOOKUP_SECONDS (3), LOAD_THREADS (1).
set -euo pipefail

cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build/release}
DATA_DIR=${DATA_DIR:-build/bench-data}
SIZES=${SIZES:-"10000 1000000"}
RUNS=${RUNS:-3}
CREATE_CONNECTIONS=${CREATE_CONNECTIONS:-64}
CREATE_SECONDS=${CREATE_SECONDS:-10}
GET_CONNECTIONS=${GET_CONNECTIONS:-8}
GET_SECONDS=${GET_SECONDS:-5}
CEILING_SECONDS=${CEILING_SECONDS:-5}
LOOKUP_SECONDS=${LOOKUP_SECONDS:-3}
LOAD_THREADS=${LOAD_THREADS:-1}
GET_OPS="by_number citizen_phone queue_newest queue_open_due fts stats_30d"

ALO153=$BUILD_DIR/alo153
LOAD=$BUILD_DIR/bench/alo153_load
LOOKUPS=$BUILD_DIR/bench/lookups_bench
CEILING=$BUILD_DIR/bench/sqlite_ceiling_bench
for exe in "$ALO153" "$LOAD" "$LOOKUPS" "$CEILING"; do
    [[ -x $exe ]] || { echo "run.sh: $exe is missing; build first (make bench)" >&2; exit 1; }
done

mkdir -p "$DATA_DIR"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$DATA_DIR/results-$STAMP
mkdir -p "$OUT"
RAW=$OUT/raw.jsonl      # every benchmark's JSON line, tagged with size and run
METRICS=$OUT/metrics.tsv  # size, metric, value: one line per measurement
: >"$RAW"
: >"$METRICS"
SERVER_PID=""

log() { echo "[$(date +%H:%M:%S) load $(cut -d' ' -f1 /proc/loadavg)] $*" >&2; }
# jnum LINE KEY: the first number after "KEY": in a JSON line.
jnum() { grep -o "\"$2\":[0-9.eE+-]*" <<<"$1" | head -1 | cut -d: -f2; }
record() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$METRICS"; }
raw() { printf '{"size":%s,"run":%s,"result":%s}\n' "$1" "$2" "$3" >>"$RAW"; }
label() { case $1 in 10000) echo 10k ;; 1000000) echo 1M ;; *) echo "$1" ;; esac; }

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

# ---- Machine ------------------------------------------------------------------------------------------------
{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "nproc: $(nproc)"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
    echo "kernel: $(uname -sr)"
    echo "memory: $(free -m | awk '/Mem:/ {print $2 " MB"}')"
    echo "disk: $(df -h "$DATA_DIR" | awk 'NR==2 {print $1 " " $2}') ($(lsblk -dno NAME,ROTA,MODEL 2>/dev/null | head -3 | tr '\n' ';'))"
    echo "sqlite: $(sqlite3 --version 2>/dev/null | cut -d' ' -f1)"
    echo "loadavg at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT/machine.txt" >&2

# ---- Demo databases ---------------------------------------------------------------------------------------
for n in $SIZES; do
    db=$DATA_DIR/demo-$(label "$n").db
    if [[ -f $db ]]; then
        log "demo database $db exists; not regenerated"
        continue
    fi
    log "generating $db ($n requests)"
    rm -f "$db" "$db-wal" "$db-shm"
    start=$(date +%s%N)
    timeout 1800 "$ALO153" --db "$db" demo -n "$n" >"$OUT/demo-$(label "$n").log" 2>&1
    tail -1 "$OUT/demo-$(label "$n").log" >&2
    secs=$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
    record "$(label "$n")" demo_generation_s "$secs"
    log "generated $n requests in $secs s ($(du -h "$db" | cut -f1))"
done

# ---- Helpers for the HTTP runs ---------------------------------------------------------------------------
# start_server DB: starts `alo153 serve` on a free loopback port; sets SERVER_PID, PORT and STARTUP_MS.
start_server() {
    local db=$1 outfile=$OUT/serve.out
    : >"$outfile"
    local t0 t1
    t0=$(date +%s%N)
    ALO153_LOG_LEVEL=warn "$ALO153" --db "$db" serve --address 127.0.0.1 --port 0 >"$outfile" 2>"$OUT/serve.err" &
    SERVER_PID=$!
    PORT=""
    for _ in $(seq 1 3000); do
        if [[ -z $PORT ]]; then
            PORT=$(grep -o 'http://127.0.0.1:[0-9]*' "$outfile" 2>/dev/null | head -1 | sed 's/.*://' || true)
        fi
        if [[ -n $PORT ]] && [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/readyz") == 200 ]]; then
            t1=$(date +%s%N)
            STARTUP_MS=$(((t1 - t0) / 1000000))
            return 0
        fi
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$OUT/serve.err" >&2; return 1; }
        sleep 0.005
    done
    echo "run.sh: server did not become ready in time" >&2
    return 1
}

rss_mb() { awk "/^$2:/ {printf \"%.1f\", \$2 / 1024}" "/proc/$1/status"; }
# sample_rss PID FILE: until FILE.stop exists, keeps the peak RssAnon and RssFile (kB) of PID in FILE. VmHWM
# counts both: anonymous memory (heap, stacks, SQLite page caches) and the pages of the database file that
# SQLite's mmap has touched (shared with the page cache, not private memory).
sample_rss() {
    local pid=$1 out=$2 a=0 f=0 anon file
    while kill -0 "$pid" 2>/dev/null && [[ ! -f $out.stop ]]; do
        read -r anon file < <(awk '/^RssAnon:/ {a = $2} /^RssFile:/ {f = $2} END {print a + 0, f + 0}' "/proc/$pid/status")
        anon=${anon:-0} file=${file:-0}
        ((anon > a)) && a=$anon
        ((file > f)) && f=$file
        echo "$a $f" >"$out"
        sleep 0.2
    done
}

# ---- Benchmarks per size -----------------------------------------------------------------------------------
for n in $SIZES; do
    size=$(label "$n")
    db=$DATA_DIR/demo-$size.db
    targets=$OUT/targets-$size
    for run in $(seq 1 "$RUNS"); do
        log "[$size run $run/$RUNS] in-process look-ups"
        args=(--db "$db" --seconds "$LOOKUP_SECONDS")
        [[ $run == 1 ]] && args+=(--write-targets "$targets")
        while read -r line; do
            [[ $line == \{* ]] || continue
            raw "$n" "$run" "$line"
            op=$(grep -o '"op":"[a-z_0-9]*"' <<<"$line" | cut -d'"' -f4)
            record "$size" "inproc.$op.p50_ms" "$(jnum "$line" p50)"
            record "$size" "inproc.$op.p99_ms" "$(jnum "$line" p99)"
        done < <(timeout 300 "$LOOKUPS" "${args[@]}" 2>>"$OUT/lookups.err")

        log "[$size run $run/$RUNS] SQLite ceiling"
        while read -r line; do
            [[ $line == \{* ]] || continue
            raw "$n" "$run" "$line"
            mode=$(grep -o '"mode":"[a-z]*"' <<<"$line" | cut -d'"' -f4)
            record "$size" "ceiling.$mode.inserts_per_s" "$(jnum "$line" inserts_per_s)"
            record "$size" "ceiling.$mode.tx_p99_ms" "$(jnum "$line" p99)"
        done < <(timeout 600 "$CEILING" --db "$db" --scratch "$DATA_DIR/scratch-ceiling.db" \
            --seconds "$CEILING_SECONDS" --threads "$CREATE_CONNECTIONS" 2>>"$OUT/ceiling.err")

        log "[$size run $run/$RUNS] HTTP: copy, start, GET mixes, creates"
        work=$DATA_DIR/scratch-serve.db
        rm -f "$work" "$work-wal" "$work-shm"
        cp "$db" "$work"
        start_server "$work"
        record "$size" startup_ms "$STARTUP_MS"
        log "  ready in $STARTUP_MS ms on port $PORT (pid $SERVER_PID, RSS $(rss_mb "$SERVER_PID" VmRSS) MB)"
        for op in $GET_OPS; do
            line=$(timeout $((GET_SECONDS + 60)) "$LOAD" --port "$PORT" --mode get --targets "$targets/$op.txt" \
                --connections "$GET_CONNECTIONS" --threads "$LOAD_THREADS" --duration "$GET_SECONDS" --warmup 1 \
                --label "get.$op" --user amir 2>>"$OUT/load.err" || true)
            [[ $line == \{* ]] || { log "  get.$op failed"; continue; }
            raw "$n" "$run" "$line"
            record "$size" "http.$op.p50_ms" "$(jnum "$line" p50)"
            record "$size" "http.$op.p99_ms" "$(jnum "$line" p99)"
            record "$size" "http.$op.per_s" "$(jnum "$line" throughput_per_s)"
            log "  get.$op: $(jnum "$line" throughput_per_s)/s p99 $(jnum "$line" p99) ms, failed $(jnum "$line" failed)"
        done
        record "$size" get.rss_peak_mb "$(rss_mb "$SERVER_PID" VmHWM)"
        stop_server
        # A fresh server for the creates, so its VmHWM is the peak of start-up plus the create load alone.
        start_server "$work"
        record "$size" startup_ms "$STARTUP_MS"
        log "  restarted in $STARTUP_MS ms for the create load"
        rm -f "$OUT/rss" "$OUT/rss.stop"
        sample_rss "$SERVER_PID" "$OUT/rss" &
        sampler=$!
        line=$(timeout $((CREATE_SECONDS + 60)) "$LOAD" --port "$PORT" --mode create \
            --connections "$CREATE_CONNECTIONS" --threads "$LOAD_THREADS" --duration "$CREATE_SECONDS" --warmup 2 \
            --label create 2>>"$OUT/load.err" || true)
        if [[ $line == \{* ]]; then
            raw "$n" "$run" "$line"
            record "$size" create.per_s "$(jnum "$line" throughput_per_s)"
            record "$size" create.p50_ms "$(jnum "$line" p50)"
            record "$size" create.p99_ms "$(jnum "$line" p99)"
            log "  create: $(jnum "$line" throughput_per_s)/s p99 $(jnum "$line" p99) ms, failed $(jnum "$line" failed)"
        else
            log "  create load failed"
        fi
        touch "$OUT/rss.stop"
        wait "$sampler" || true
        read -r anon file <"$OUT/rss"
        hwm=$(rss_mb "$SERVER_PID" VmHWM)
        record "$size" rss_peak_mb "$hwm"
        record "$size" create.rss_anon_peak_mb "$(awk -v k="$anon" 'BEGIN { printf "%.1f", k / 1024 }')"
        record "$size" create.rss_file_peak_mb "$(awk -v k="$file" 'BEGIN { printf "%.1f", k / 1024 }')"
        log "  server peak RSS (VmHWM: start-up + creates) $hwm MB; during creates: anon $((anon / 1024)) MB, file (mmap) $((file / 1024)) MB"
        stop_server
        rm -f "$work" "$work-wal" "$work-shm"
    done
done

# ---- Summary ---------------------------------------------------------------------------------------------
# Medians per (size, metric), then one row per metric with the target.
sort -t$'\t' -k1,1 -k2,2 -k3,3g "$METRICS" | awk -F'\t' '
    { key = $1 "\t" $2; v[key, ++c[key]] = $3 }
    END { for (k in c) { n = c[k]; m = (n % 2) ? v[k, (n + 1) / 2] : (v[k, n / 2] + v[k, n / 2 + 1]) / 2; print k "\t" m "\t" n } }
' | sort >"$OUT/medians.tsv"

target_of() {
    case $1 in
        create.per_s) echo ">=3000" ;;
        create.p99_ms) echo "<=20" ;;
        *by_number.p99_ms | *citizen_phone.p99_ms) echo "<=2" ;;
        *queue_newest.p99_ms | *queue_open_due.p99_ms) echo "<=10" ;;
        *fts.p99_ms) echo "<=50" ;;
        *stats_30d.p99_ms) echo "<=20" ;;
        rss_peak_mb) echo "<=300" ;;
        startup_ms) echo "<=1000" ;;
        demo_generation_s) echo "<=120" ;;
        *) echo "" ;;
    esac
}
median() { awk -F'\t' -v s="$1" -v m="$2" '$1 == s && $2 == m { print $3 }' "$OUT/medians.tsv"; }
verdict() { # verdict VALUE TARGET
    [[ -z $1 || -z $2 ]] && { echo ""; return; }
    awk -v v="$1" -v t="$2" 'BEGIN { op = substr(t, 1, 2); x = substr(t, 3) + 0;
        print ((op == ">=" && v + 0 >= x) || (op == "<=" && v + 0 <= x)) ? "pass" : "FAIL" }'
}

{
    echo
    echo "alo153 benchmarks, medians of $RUNS runs ($OUT)"
    printf '%-34s %12s %12s %10s %8s %8s\n' metric 10k 1M target 10k 1M
    cut -f2 "$OUT/medians.tsv" | sort -u | while read -r m; do
        a=$(median 10k "$m")
        b=$(median 1M "$m")
        t=$(target_of "$m")
        printf '%-34s %12s %12s %10s %8s %8s\n' "$m" "${a:--}" "${b:--}" "${t:--}" "$(verdict "$a" "$t")" \
            "$(verdict "$b" "$t")"
    done
    for s in 10k 1M; do
        http=$(median "$s" create.per_s)
        for mode in single batch group; do
            base=$(median "$s" "ceiling.$mode.inserts_per_s")
            if [[ -n $http && -n $base ]]; then
                echo "ratio HTTP creates / SQLite ceiling ($mode) at $s: $(awk -v a="$http" -v b="$base" 'BEGIN { printf "%.2f", a / b }')"
            fi
        done
    done
    echo "loadavg at end: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT/summary.txt"
