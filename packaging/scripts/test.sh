#!/usr/bin/env bash
# The README's second command (and CI's): install what is missing, build, run every test.
set -euo pipefail
cd "$(dirname "$0")/../.."

bash packaging/scripts/install-deps.sh --test
bash packaging/scripts/check-format.sh
bash packaging/scripts/install-npm.sh
bash packaging/scripts/build.sh ci
ctest --preset ci
