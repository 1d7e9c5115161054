#!/usr/bin/env bash
# The gateway load benchmark (issue 3): iskra-gateway and the peer baseline (a minimal in-memory
# CSMS on npm ocpp-rpc in strict mode, bench/node-peer) under the same paced load from
# iskra-load, for each station count, interleaved (gateway, peer, gateway, peer, ...). Each
# server runs pinned to one core and the generator to the other, on 127.0.0.1 only; every run is
# bounded in time. Prints one row per run and, with ROUNDS > 1, the medians. Measures; never
# fails a build.
#
#   bench/run-gateway-load.sh [STATIONS ...]        default: 1000 5000 10000
#   env: RATE (offered calls/s, default 5000), DURATION (measured s, 30), WARMUP (5),
#        SETTLE (3), ROUNDS (1), PROTOCOL (mixed | ocpp1.6 | ocpp2.0.1), TARGETS ("gateway peer"),
#        SKIP_BUILD=1 (use the binaries as built), OUT (keep logs here; default: a temp dir),
#        BUILD_DIR (a release build folder of your own instead of build/release; not built here);
#        any ISKRA_GATEWAY_* variable set here reaches the gateway (e.g. ..._STORE_COMMIT_WINDOW_US)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
rate="${RATE:-5000}"
duration="${DURATION:-30}"
warmup="${WARMUP:-5}"
settle="${SETTLE:-3}"
rounds="${ROUNDS:-1}"
protocol="${PROTOCOL:-mixed}"
targets="${TARGETS:-gateway peer}"
stations_list=("$@")
(( ${#stations_list[@]} > 0 )) || stations_list=(1000 5000 10000)

for n in "${stations_list[@]}"; do
    [[ "$n" =~ ^[0-9]+$ ]] && (( n >= 1 && n <= 20000 )) || { echo "run-gateway-load: stations must be 1..20000, not '$n'" >&2; exit 2; }
done
(( rounds >= 1 && rounds <= 5 )) || { echo "run-gateway-load: ROUNDS must be 1..5" >&2; exit 2; }
(( duration >= 5 && duration <= 300 )) || { echo "run-gateway-load: DURATION must be 5..300" >&2; exit 2; }

build="${BUILD_DIR:-$root/build/release}"
gateway="$build/gateway/iskra-gateway"
load="$build/bench/gateway_load/iskra-load"
peer_dir="$here/node-peer"

if [[ "${SKIP_BUILD:-0}" != 1 && -z "${BUILD_DIR:-}" ]]; then
    (cd "$root" && cmake --preset release >/dev/null &&
        cmake --build --preset release -j2 --target iskra-gateway iskra-load >/dev/null)
fi
[[ -x "$gateway" && -x "$load" ]] || { echo "run-gateway-load: build the release preset first" >&2; exit 2; }
if [[ " $targets " == *" peer "* && ! -d "$peer_dir/node_modules/ocpp-rpc" ]]; then
    (cd "$peer_dir" && npm ci --no-audit --no-fund >/dev/null)
fi

# Every connection is a descriptor on each side.
max_n=0
for n in "${stations_list[@]}"; do (( n > max_n )) && max_n=$n; done
ulimit -n $(( max_n + 1024 )) 2>/dev/null ||
    { echo "run-gateway-load: cannot raise the fd limit to $(( max_n + 1024 )) (hard limit $(ulimit -Hn))" >&2; exit 2; }

if [[ -n "${OUT:-}" ]]; then work="$OUT"; mkdir -p "$work"; keep=1; else work="$(mktemp -d)"; keep=0; fi
server_pid=""
cleanup() {
    if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    (( keep )) || rm -rf "$work"
}
trap cleanup EXIT

load_core=0
server_core=$(( $(nproc) > 1 ? 1 : 0 ))

# Starts one server in the background on a free port; sets server_pid and port.
start_server() {
    local target="$1" dir="$2" log="$2/server.log"
    port=""
    for _ in 1 2 3 4 5; do
        local candidate=$(( 20000 + RANDOM % 12000 ))  # below the ephemeral range the clients use
        ss -Htln | awk '{ print $4 }' | grep -Eq ":($candidate|$(( candidate + 1 )))\$" && continue
        if [[ "$target" == gateway ]]; then
            ISKRA_GATEWAY_OCPP_HOST=127.0.0.1 ISKRA_GATEWAY_OCPP_PORT=$candidate \
            ISKRA_GATEWAY_STATUS_PORT=$(( candidate + 1 )) ISKRA_GATEWAY_DATA_DIR="$dir" \
            ISKRA_GATEWAY_ACCEPT_UNKNOWN_STATIONS=1 ISKRA_GATEWAY_OFFLINE_UNKNOWN_TOKENS=accept \
            ISKRA_GATEWAY_CENTRAL_URL= \
                taskset -c "$server_core" "$gateway" > "$log" 2>&1 &
        else
            taskset -c "$server_core" node "$peer_dir/server.js" "$candidate" > "$log" 2>&1 &
        fi
        server_pid=$!
        for _ in $(seq 1 150); do
            grep -q '^ready:' "$log" 2>/dev/null && { port=$candidate; return 0; }
            kill -0 "$server_pid" 2>/dev/null || break
            sleep 0.2
        done
        kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true
        server_pid=""
    done
    echo "run-gateway-load: $target did not start; see $log" >&2
    return 1
}

# SIGTERM, then SIGKILL after 10 s; says so when a server needed it.
stop_server() {
    local started=$SECONDS status=0
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$server_pid" 2>/dev/null; then
        echo "server: still running 10 s after SIGTERM; killed"
        kill -KILL "$server_pid" 2>/dev/null || true
    fi
    wait "$server_pid" 2>/dev/null || status=$?
    (( status == 0 )) || echo "server: exit status $status after SIGTERM"
    echo "server: stopped in $(( SECONDS - started )) s"
    server_pid=""
}

# What an answered run left in the gateway's store: every answered start must be a session and
# every answered status a row of status history.
store_check() {
    local db="$1/gateway.db" result="$2"
    command -v sqlite3 >/dev/null && [[ -f "$db" ]] || return 0
    local sessions statuses starts status_calls
    sessions=$(sqlite3 "$db" "select count(*) from sessions")
    statuses=$(sqlite3 "$db" "select count(*) from connector_status_history")
    starts=$(sed -n 's/.* run_start=\([0-9]*\).*/\1/p' "$result")
    status_calls=$(sed -n 's/.* run_status=\([0-9]*\).*/\1/p' "$result")
    echo "store: sessions=$sessions (answered starts $starts), status_history=$statuses (answered status $status_calls)"
}

results="$work/results.txt"
: > "$results"
echo "gateway load: stations ${stations_list[*]}, $rate calls/s offered, ${duration} s measured, protocol $protocol, $rounds round(s); logs in $work"
for round in $(seq 1 "$rounds"); do
    for n in "${stations_list[@]}"; do
        for target in $targets; do
            dir="$work/r$round-$n-$target"
            mkdir -p "$dir"
            start_server "$target" "$dir"
            # The generator's own bound (connect, settles, two sweeps, warm-up, window, drain) plus margin.
            bound=$(( 180 + 2 * settle + 2 * (n / rate + 1) + 10 + warmup + duration + 5 + 90 ))
            taskset -c "$load_core" timeout --kill-after=10 "$bound" "$load" \
                --url "ws://127.0.0.1:$port/ocpp" --stations "$n" --protocol "$protocol" \
                --rate "$rate" --duration "$duration" --warmup "$warmup" --settle "$settle" \
                --server-pid "$server_pid" --label "$target" > "$dir/load.out" 2> "$dir/load.err" || true
            stop_server > "$dir/stop.txt"
            grep '^result ' "$dir/load.out" | sed "s/^result /result round=$round /" >> "$results" ||
                echo "run-gateway-load: no result from $target at $n stations; see $dir" >&2
            if [[ "$target" == gateway ]]; then store_check "$dir" "$dir/load.out" > "$dir/store.txt"; fi
            echo "--- round $round, $n stations, $target"
            grep -v '^result ' "$dir/load.out" || true
            [[ -s "$dir/store.txt" ]] && cat "$dir/store.txt"
            cat "$dir/stop.txt"
            grep -E '^(peer:|iskra-gateway:)' "$dir/server.log" || true
            grep -h '^iskra-load:' "$dir/load.err" || true
        done
    done
done

# One row per run, then the median of each (target, stations) over the rounds.
python3 - "$results" "$rounds" <<'PY'
import statistics, sys
rows = []
for line in open(sys.argv[1]):
    fields = dict(f.split('=', 1) for f in line.split()[1:] if '=' in f)
    rows.append(fields)
cols = [('label', 'server'), ('stations', 'stations'), ('connected', 'conn'), ('calls_per_s', 'calls/s'),
        ('not_ok', 'not ok'), ('p50_ms', 'p50 ms'), ('p99_ms', 'p99 ms'), ('p999_ms', 'p99.9 ms'),
        ('cpu_us_per_call', 'CPU us/call'), ('cpu_pct', 'CPU %'), ('kib_per_conn', 'KiB/conn'),
        ('kib_per_booted', 'KiB/booted'), ('load_cpu_pct', 'gen CPU %')]
def show(title, table):
    print(title)
    print('| ' + ' | '.join(h for _, h in cols) + ' |')
    print('|' + '|'.join('---' for _ in cols) + '|')
    for r in table:
        print('| ' + ' | '.join(str(r.get(k, 'n/a')) for k, _ in cols) + ' |')
show('\nevery run', rows)
if int(sys.argv[2]) > 1:
    groups = {}
    for r in rows:
        groups.setdefault((int(r['stations']), r['label']), []).append(r)
    medians = []
    for key in sorted(groups):
        m = dict(groups[key][0])
        for k, _ in cols[2:]:
            try:
                value = statistics.median(float(r[k]) for r in groups[key])
                m[k] = int(value) if value == int(value) else round(value, 2)
            except (KeyError, ValueError):
                m[k] = 'n/a'
        medians.append(m)
    show('\nmedians over the rounds', medians)
PY
