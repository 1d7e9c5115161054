#!/usr/bin/env bash
# Installs, from Debian's packages, whatever Iskra needs and this machine lacks.
#   install-deps.sh          what building and running needs
#   install-deps.sh --test   that, plus what the test suite needs
# Idempotent: when everything is present it asks no registry and takes well under a second.
set -euo pipefail

build_packages=(
    build-essential cmake ninja-build pkg-config python3 git curl
    libsimdjson-dev libexpected-dev nlohmann-json3-dev
    libwebsockets-dev libwebsockets-evlib-uv libuv1-dev libmbedtls-dev libsqlite3-dev sqlite3 libcpp-httplib-dev
    libpoco-dev libpq-dev libargon2-dev libssl-dev
    libgtest-dev libgmock-dev libbenchmark-dev
)
# postgresql: the server (Debian 12's 15) that start-test-postgres.sh runs for the storage and
# sync tests; the system cluster it creates stays down, the tests use a private one.
test_packages=(
    libvalijson-dev clang-format clang libclang-rt-14-dev openssl postgresql
)

wanted=("${build_packages[@]}")
if [[ "${1:-}" == "--test" ]]; then
    wanted+=("${test_packages[@]}")
fi

missing=()
# Node.js runs the conformance peer (ocpp-rpc) and the browser tests. A machine that has it
# from another Debian repository keeps it: Debian's npm package would conflict with it.
if [[ "${1:-}" == "--test" ]] && ! command -v node >/dev/null; then
    missing+=(nodejs npm)
fi
for package in "${wanted[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if ((${#missing[@]} > 0)); then
    echo "install-deps: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
