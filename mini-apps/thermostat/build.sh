#!/bin/sh
# Builds the app into build/: app.wasm (AssemblyScript), manifest.json and ui/.
# "elastos app build" runs this script; "elastos app pack build --key KEY" signs the result.
set -eu
cd "$(dirname "$0")"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
rm -rf build
mkdir -p build
node node_modules/assemblyscript/bin/asc.js src/index.ts --outFile build/app.wasm \
  --optimize --runtime incremental --use abort=sdk/abort/elastosAbort
cp manifest.json build/manifest.json
cp -RL ui build/ui
echo "built build/app.wasm ($(wc -c < build/app.wasm) bytes)"
