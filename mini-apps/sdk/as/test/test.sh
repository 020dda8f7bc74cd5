#!/bin/sh
# Builds test/sdk_test.ts and runs the SDK's unit tests.
set -eu
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
mkdir -p test/build
node node_modules/assemblyscript/bin/asc.js test/sdk_test.ts --outFile test/build/sdk_test.wasm \
  --optimize --runtime incremental --use abort=assembly/abort/elastosAbort
node --test test/
