#!/usr/bin/env bash
# The README's first command: install what is missing, build, and start Iskra on its embedded
# defaults (SQLite, loopback ports). Stops everything it started on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/../.."

bash packaging/scripts/install-deps.sh
bash packaging/scripts/build.sh release

bin=build/release
started=()
stop_all() {
    for pid in "${started[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap stop_all EXIT INT TERM

if [[ -x "$bin/gateway/iskra-gateway" ]]; then
    data_dir="${ISKRA_DATA_DIR:-$PWD/build/run}"
    mkdir -p "$data_dir/gateway"
    ISKRA_GATEWAY_DATA_DIR="${ISKRA_GATEWAY_DATA_DIR:-$data_dir/gateway}" \
    ISKRA_GATEWAY_ACCEPT_UNKNOWN_STATIONS="${ISKRA_GATEWAY_ACCEPT_UNKNOWN_STATIONS:-1}" \
        "$bin/gateway/iskra-gateway" &
    started+=($!)
fi

if ((${#started[@]} == 0)); then
    echo "run: built the protocol core (common/); no program of Iskra's exists yet to start." >&2
    exit 0
fi
wait -n "${started[@]}"
