#!/usr/bin/env bash
# Configures and builds one CMake preset (default: release): build.sh [preset]
set -euo pipefail
cd "$(dirname "$0")/../.."
preset="${1:-release}"
# A stale cache from another generator or an older checkout path would fail confusingly.
if [[ -f "build/$preset/CMakeCache.txt" ]] && ! grep -q "CMAKE_HOME_DIRECTORY:INTERNAL=$PWD\$" "build/$preset/CMakeCache.txt"; then
    rm -rf "build/$preset"
fi
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$(nproc)"
