#!/usr/bin/env bash
# Installs the npm test projects' dependencies exactly as their lock files say, and only when
# the lock file changed since the last install.
set -euo pipefail
cd "$(dirname "$0")/../.."
for project in tests/*/package-lock.json; do
    [[ -e "$project" ]] || continue
    folder=$(dirname "$project")
    stamp="$folder/node_modules/.installed-lock"
    if [[ -f "$stamp" ]] && cmp -s "$project" "$stamp"; then continue; fi
    echo "install-npm: $folder" >&2
    npm ci --prefix "$folder" --no-audit --no-fund --loglevel=error >/dev/null
    cp "$project" "$stamp"
done
