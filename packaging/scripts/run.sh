#!/usr/bin/env bash
# The README's first command: install what is missing, build, and start Iskra on its embedded
# defaults: central on SQLite, one site gateway enrolled to it, and a simulated site of stations
# of both OCPP versions. Prints the URLs, and the demo back-office password the first time.
# Ctrl-C stops everything it started; the data stays in $ISKRA_DATA_DIR for the next run.
set -euo pipefail
cd "$(dirname "$0")/../.."

bash packaging/scripts/install-deps.sh
bash packaging/scripts/build.sh release

bin=build/release
data_dir="${ISKRA_DATA_DIR:-$PWD/build/run}"
http_port="${ISKRA_CENTRAL_HTTP_PORT:-8080}"
ocpp_port="${ISKRA_GATEWAY_OCPP_PORT:-9000}"
status_port="${ISKRA_GATEWAY_STATUS_PORT:-9080}"
started=()
stop_all() {
    for pid in "${started[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap stop_all EXIT INT TERM

wait_for() {  # url what
    for _ in $(seq 100); do
        curl -fs "$1" >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    echo "run: $2 did not come up ($1)" >&2
    exit 1
}

# Central, on SQLite in the data folder.
mkdir -p "$data_dir/central" "$data_dir/gateway"
export ISKRA_CENTRAL_DATA_DIR="${ISKRA_CENTRAL_DATA_DIR:-$data_dir/central}"
export ISKRA_CENTRAL_HTTP_PORT="$http_port"
export ISKRA_CENTRAL_WEB_ROOT="${ISKRA_CENTRAL_WEB_ROOT:-$PWD/web/dist}"
central="$bin/central/iskra-central"
"$central" migrate >/dev/null
demo_password=""
if [[ ! -f "$data_dir/central/demo-user-created" ]]; then
    demo_password="$("$central" create-user --email admin@iskra.local --role back_office_admin \
        --name "Demo admin" | sed -n 's/^password: //p')"
    touch "$data_dir/central/demo-user-created"
fi
"$central" &
started+=($!)
wait_for "http://127.0.0.1:$http_port/api/v1/health" "central"

# A demo price list the first time (packaging/config/demo-tariff.json, the default for every
# station), through the API as the demo admin: the sessions then have a running cost on the
# stations' displays, the gateway's status page and central's /api/v1/sessions/{uuid}/cost.
create_demo_tariff() {  # password
    local api="http://127.0.0.1:$http_port/api/v1" jar csrf tariff
    jar="$(mktemp)"
    csrf="$(curl -fs -c "$jar" -H 'Content-Type: application/json' \
        -d "{\"email\":\"admin@iskra.local\",\"password\":\"$1\"}" "$api/auth/login" |
        sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p')" || true
    tariff="$(curl -fs -b "$jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
        -d @packaging/config/demo-tariff.json "$api/tariffs" |
        grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)" || true
    if [[ -z "$csrf" || -z "$tariff" ]] || ! curl -fs -o /dev/null -b "$jar" \
        -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
        -d "{\"tariff_id\":\"$tariff\",\"scope\":\"default\"}" "$api/tariff-assignments"; then
        echo "run: the demo tariff was not created; set one up in the back office" >&2
    fi
    rm -f "$jar"
}
[[ -n "$demo_password" ]] && create_demo_tariff "$demo_password"

# The site and its gateway, enrolled once; the identity stays in the gateway's data folder.
export ISKRA_GATEWAY_DATA_DIR="${ISKRA_GATEWAY_DATA_DIR:-$data_dir/gateway}"
export ISKRA_GATEWAY_CENTRAL_URL="http://127.0.0.1:$http_port"
export ISKRA_GATEWAY_ACCEPT_UNKNOWN_STATIONS="${ISKRA_GATEWAY_ACCEPT_UNKNOWN_STATIONS:-1}"
gateway="$bin/gateway/iskra-gateway"
if [[ ! -f "$ISKRA_GATEWAY_DATA_DIR/central-identity.json" ]]; then
    site="$("$central" create-site --name "Demo site" --city "Warszawa" | sed -n 's/^site: //p')"
    code="$("$central" enrolment-code --site "$site" | sed -n 's/^code: //p')"
    "$gateway" enroll --central "$ISKRA_GATEWAY_CENTRAL_URL" --code "$code"
fi
"$gateway" &
started+=($!)
wait_for "http://127.0.0.1:$status_port/api/v1/health" "the gateway"

# A simulated site: three 1.6 stations and two 2.0.1 ones, two connectors each; an EV plugs in
# whenever a session is started remotely.
sim="$bin/firmware-sim/app/iskra-sim"
"$sim" --url "ws://127.0.0.1:$ocpp_port/ocpp" --protocol ocpp1.6 --stations 3 --connectors 2 \
    --id-prefix DEMO-AC- --auto-plug 2>"$data_dir/sim-16.log" &
started+=($!)
"$sim" --url "ws://127.0.0.1:$ocpp_port/ocpp" --protocol ocpp2.0.1 --stations 2 --connectors 2 \
    --id-prefix DEMO-DC- --auto-plug 2>"$data_dir/sim-201.log" &
started+=($!)

password_line="(its password was shown at the first run)"
[[ -n "$demo_password" ]] && password_line="password: $demo_password  (shown once; keep it)"
cat <<EOT

Iskra is running (data in $data_dir):
  central (API, web app)  http://127.0.0.1:$http_port/      API under /api/v1, health /api/v1/health
  back office sign-in     admin@iskra.local  $password_line
  stations connect to     ws://<this machine>:$ocpp_port/ocpp/<stationId>   (ocpp1.6 or ocpp2.0.1)
  gateway status          http://127.0.0.1:$status_port/   and   $gateway status
  simulated stations      DEMO-AC-1..3 (OCPP 1.6), DEMO-DC-1..2 (OCPP 2.0.1); logs in $data_dir/sim-*.log
Ctrl-C stops it.
EOT
wait -n "${started[@]}"
