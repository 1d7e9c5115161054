#!/usr/bin/env bash
# The README's second command (and CI's): install what is missing, build, run every test.
set -euo pipefail
cd "$(dirname "$0")/../.."

bash packaging/scripts/install-deps.sh --test
bash packaging/scripts/check-format.sh
bash packaging/scripts/install-npm.sh
bash packaging/scripts/build.sh ci
# Central's storage and sync tests run on PostgreSQL too: a private server on loopback, and
# ISKRA_REQUIRE_POSTGRES=1 so they fail rather than skip should it be missing.
postgres_env="$(bash packaging/scripts/start-test-postgres.sh)"  # a failure stops here
eval "$postgres_env"
export ISKRA_REQUIRE_POSTGRES=1
ctest --preset ci
