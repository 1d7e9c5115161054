#!/usr/bin/env bash
# The README's first command: install what is missing, build, and start Iskra on its embedded
# defaults (SQLite, loopback ports). Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/../.."

bash packaging/scripts/install-deps.sh
bash packaging/scripts/build.sh release

bin=build/release
data_dir="${ISKRA_DATA_DIR:-$PWD/build/run}"
started=()
stop_all() {
    for pid in "${started[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap stop_all EXIT INT TERM

# The site gateway, in commissioning mode so any station may connect, standalone until central
# exists to enrol it.
mkdir -p "$data_dir/gateway"
export ISKRA_GATEWAY_DATA_DIR="${ISKRA_GATEWAY_DATA_DIR:-$data_dir/gateway}"
export ISKRA_GATEWAY_ACCEPT_UNKNOWN_STATIONS="${ISKRA_GATEWAY_ACCEPT_UNKNOWN_STATIONS:-1}"
ocpp_port="${ISKRA_GATEWAY_OCPP_PORT:-9000}"
status_port="${ISKRA_GATEWAY_STATUS_PORT:-9080}"
"$bin/gateway/iskra-gateway" &
started+=($!)

for _ in $(seq 50); do
    curl -fs "http://127.0.0.1:$status_port/api/v1/health" >/dev/null 2>&1 && break
    sleep 0.2
done
cat <<EOT

Iskra is running (data in $data_dir):
  stations connect to   ws://<this machine>:$ocpp_port/ocpp/<stationId>   (ocpp1.6 or ocpp2.0.1)
  technician status     http://127.0.0.1:$status_port/   and   $bin/gateway/iskra-gateway status
Ctrl-C stops it.
EOT
wait -n "${started[@]}"
