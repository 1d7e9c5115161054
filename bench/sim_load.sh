#!/usr/bin/env bash
# Load run of iskra-sim: N stations from one process pinned to one core, each charging with one
# meter value per station per 10 s, against a CSMS on the other core (npm ocpp-rpc, or the
# gateway when TARGET=gateway), 127.0.0.1 only, bounded in count and time. Prints the
# simulator's own summary, its steady-state CPU share and its peak RSS. Measures; never fails a
# build.
#
# What it runs is built here first, from this tree, with the release preset (-O3), so a run
# always measures the code beside it: `cmake --preset release` and
# `cmake --build --preset release --target iskra-sim` (plus iskra-gateway for TARGET=gateway).
# The CSMS is npm ocpp-rpc from tests/sim-conformance (`npm ci` there if missing) or the gateway.
# Needs: taskset, GNU time (/usr/bin/time), node, 2 cores.
#
#   bench/sim_load.sh [STATIONS] [SECONDS]        defaults 10000 and 120
#   env: PROTOCOL (ocpp1.6|ocpp2.0.1), TARGET (ocpp-rpc|gateway), METER (10s),
#        RAMP (seconds, default STATIONS/250), SKIP_BUILD=1 (use the binaries as built),
#        BUILD_DIR (a release build folder of your own instead of build/release; not built
#        here), ISKRA_SIM / ISKRA_GATEWAY (binaries to use instead; not built here)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
stations="${1:-10000}"
seconds="${2:-120}"
protocol="${PROTOCOL:-ocpp1.6}"
target="${TARGET:-ocpp-rpc}"
meter="${METER:-10s}"
ramp="${RAMP:-$(( stations / 250 + 1 ))}"
[[ "$stations" =~ ^[0-9]+$ ]] && (( stations >= 1 && stations <= 20000 )) || { echo "sim_load: 1..20000 stations" >&2; exit 2; }
[[ "$seconds" =~ ^[0-9]+$ ]] && (( seconds >= 30 && seconds <= 1800 )) || { echo "sim_load: 30..1800 seconds" >&2; exit 2; }
[[ "$target" == "gateway" || "$target" == "ocpp-rpc" ]] || { echo "sim_load: TARGET is ocpp-rpc or gateway" >&2; exit 2; }

build="${BUILD_DIR:-$root/build/release}"
targets=()
[[ -z "${ISKRA_SIM:-}" ]] && targets+=(iskra-sim)
[[ "$target" == "gateway" && -z "${ISKRA_GATEWAY:-}" ]] && targets+=(iskra-gateway)
if [[ "${SKIP_BUILD:-0}" != 1 && -z "${BUILD_DIR:-}" && ${#targets[@]} -gt 0 ]]; then
    echo "sim_load: building ${targets[*]} (release preset)" >&2
    (cd "$root" && cmake --preset release >/dev/null &&
        cmake --build --preset release -j2 --target "${targets[@]}" >/dev/null) ||
        { echo "sim_load: the release build of ${targets[*]} failed" >&2; exit 2; }
fi
sim="${ISKRA_SIM:-$build/firmware-sim/app/iskra-sim}"
[[ -x "$sim" ]] || { echo "sim_load: no iskra-sim at $sim (build the release preset, or set ISKRA_SIM)" >&2; exit 2; }

# Every connection is a file descriptor, on both sides.
ulimit -n $(( stations + 1024 )) 2>/dev/null || { echo "sim_load: cannot raise the fd limit to $(( stations + 1024 ))" >&2; exit 2; }

work="$(mktemp -d)"
server_pid=""
sim_pid=""
cleanup() {
    [[ -n "$sim_pid" ]] && kill "$sim_pid" 2>/dev/null || true
    [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

sim_core=0
server_core=$(( $(nproc) > 1 ? 1 : 0 ))
port=$(( 20000 + RANDOM % 20000 ))

if [[ "$target" == "gateway" ]]; then
    gateway="${ISKRA_GATEWAY:-$build/gateway/iskra-gateway}"
    [[ -x "$gateway" ]] || { echo "sim_load: no gateway binary at $gateway" >&2; exit 2; }
    ISKRA_GATEWAY_OCPP_HOST=127.0.0.1 ISKRA_GATEWAY_OCPP_PORT=$port \
    ISKRA_GATEWAY_STATUS_PORT=$(( port + 1 )) ISKRA_GATEWAY_DATA_DIR="$work" \
    ISKRA_GATEWAY_ACCEPT_UNKNOWN_STATIONS=1 ISKRA_GATEWAY_OFFLINE_UNKNOWN_TOKENS=accept \
    ISKRA_GATEWAY_CENTRAL_URL= ISKRA_GATEWAY_LOG_LEVEL=warn \
        taskset -c "$server_core" "$gateway" > "$work/server.log" 2>&1 &
    server_pid=$!
    until grep -q '^ready:' "$work/server.log" 2>/dev/null; do sleep 0.2; done
else
    conformance="$root/tests/sim-conformance"
    [[ -d "$conformance/node_modules/ocpp-rpc" ]] || (cd "$conformance" && npm ci --no-audit --no-fund >/dev/null)
    taskset -c "$server_core" node "$conformance/load-server.js" "$protocol" "$port" > "$work/server.log" 2>&1 &
    server_pid=$!
    until grep -q '^listening' "$work/server.log" 2>/dev/null; do sleep 0.2; done
fi

ticks_per_s=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

/usr/bin/time -v -o "$work/time.txt" taskset -c "$sim_core" "$sim" \
    --url "ws://127.0.0.1:$port/ocpp" --protocol "$protocol" --stations "$stations" --id-prefix LOAD- \
    --load "meter=$meter,ramp=${ramp}s,duration=${seconds}s,report=30s" --log-level warn \
    > "$work/sim.out" 2> "$work/sim.err" &
sim_pid=$!
# `time` forks the simulator: measure the child.
sleep 1
child="$(pgrep -P "$sim_pid" -f taskset || true)"; child="${child:-$sim_pid}"
real="$(pgrep -P "$child" || true)"; real="${real:-$child}"

# Steady state: from the end of the ramp plus 20 s to 10 s before the end.
settle=$(( ramp + 20 ))
window=$(( seconds - settle - 10 ))
(( window >= 10 )) || { echo "sim_load: run too short for a steady window after a ${ramp}s ramp" >&2; exit 2; }
sleep "$settle"
t0=$(cpu_ticks "$real"); s0=$(date +%s.%N)
sleep "$window"
t1=$(cpu_ticks "$real"); s1=$(date +%s.%N)
wait "$sim_pid" || true
sim_pid=""

steady=$(awk -v a="$t0" -v b="$t1" -v c="$s0" -v d="$s1" -v k="$ticks_per_s" \
    'BEGIN { printf "%.1f", 100 * (b - a) / k / (d - c) }')
peak_kib=$(awk -F': ' '/Maximum resident/ { print $2 }' "$work/time.txt")
summary=$(grep '^load summary:' "$work/sim.out" || true)
echo "sim_load: $stations stations, $protocol, target $target, meter every $meter, ${seconds}s (ramp ${ramp}s)"
echo "$summary"
echo "steady_cpu_percent_of_one_core=$steady peak_rss_mib=$(( peak_kib / 1024 )) rss_mib_per_1000_stations=$(awk -v k="$peak_kib" -v n="$stations" 'BEGIN { printf "%.1f", k / 1024 / n * 1000 }')"
grep -i -m3 'error\|warn' "$work/sim.err" || true
