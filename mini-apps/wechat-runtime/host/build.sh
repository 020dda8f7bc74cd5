#!/bin/sh
# Builds the WeChat host backend into build/app.wasm (AssemblyScript). In a ported mini-program
# (tools/port.mjs) the same script also copies manifest.json and ui/ into build/, the layout
# "elastos app pack build --key KEY" signs.
set -eu
cd "$(dirname "$0")"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
rm -rf build
mkdir -p build
node node_modules/assemblyscript/bin/asc.js src/index.ts --outFile build/app.wasm \
  --optimize --runtime incremental --use abort=sdk/abort/elastosAbort
if [ -f manifest.json ]; then cp manifest.json build/manifest.json; fi
if [ -d ui ]; then cp -RL ui build/ui; fi
echo "built build/app.wasm ($(wc -c < build/app.wasm) bytes)"
