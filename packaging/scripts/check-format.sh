#!/usr/bin/env bash
# Fails when a C++ file we own is not laid out as .clang-format says (generated code is exempt:
# it lives in the build tree). Fix with: git ls-files '*.cpp' '*.hpp' | xargs clang-format -i
set -euo pipefail
cd "$(dirname "$0")/../.."
mapfile -t files < <(git ls-files --cached --others --exclude-standard -- '*.cpp' '*.hpp')
if ((${#files[@]} > 0)); then
    clang-format --dry-run --Werror "${files[@]}"
fi
echo "check-format: ${#files[@]} files laid out as .clang-format says"
