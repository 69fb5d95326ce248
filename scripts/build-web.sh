#!/usr/bin/env bash
# Builds the web application into web/dist (what `alo153 serve` serves): installs the npm packages of
# web/package-lock.json when the lock file is newer than the last install, runs the Vite build, and writes a
# gzip sibling (name.gz) of every text file so the server can send it precompressed.
set -euo pipefail
cd "$(dirname "$0")/../web"

stamp=node_modules/.alo153-npm-ci
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
    echo "npm ci (web/package-lock.json)"
    npm ci --no-audit --no-fund --loglevel=error
    touch "$stamp"
fi

npm run --silent build

# Precompressed siblings; the originals stay for clients that do not accept gzip.
find dist -type f \( -name '*.js' -o -name '*.mjs' -o -name '*.css' -o -name '*.html' -o -name '*.svg' \
    -o -name '*.json' -o -name '*.webmanifest' -o -name '*.txt' -o -name '*.map' \) -print0 |
    xargs -0 -r gzip -k -9 -f -n
echo "web/dist: $(find dist -type f ! -name '*.gz' | wc -l) files, $(du -sh dist | cut -f1) with the .gz siblings"
