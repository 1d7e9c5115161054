#!/usr/bin/env bash
# Builds the libFuzzer targets in their own clang build dir and runs the frame fuzzer.
# Usage: tests/fuzz/run-fuzz.sh [seconds]   (default 60). Crashes land in build-fuzz/artifacts/.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${ISKRA_FUZZ_BUILD_DIR:-$root/build-fuzz}"
seconds="${1:-60}"

CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DISKRA_FUZZ=ON -DISKRA_BUILD_BENCH=OFF
ninja -C "$build" -j2 iskra_frame_fuzz

# The seeds stay read-only; what the fuzzer finds grows a working corpus beside the build.
corpus="$build/corpus/frame"
mkdir -p "$corpus" "$build/artifacts"
"$build/tests/fuzz/iskra_frame_fuzz" "$corpus" "$root/tests/data/frames" \
    -dict="$root/tests/fuzz/ocpp.dict" -max_total_time="$seconds" -max_len=8192 \
    -timeout=10 -print_final_stats=1 -artifact_prefix="$build/artifacts/"
