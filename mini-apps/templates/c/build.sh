#!/bin/sh
# Builds the app into build/: app.wasm (C, Debian clang + lld + wasi-libc), manifest.json, ui/.
# "elastos app build" runs this script; "elastos app pack build --key KEY" signs the result.
# Only libc's memory and string functions are linked, so the module imports no WASI.
set -eu
cd "$(dirname "$0")"
CC="${CC:-clang}"
command -v "$CC" >/dev/null || { echo "build.sh: $CC not found; apt-get install clang lld wasi-libc" >&2; exit 1; }
rm -rf build
mkdir -p build
"$CC" --target=wasm32-wasi -O2 -std=c11 -Wall -Wextra -Werror -I sdk -nostartfiles \
  -Wl,--no-entry -Wl,--strip-debug -Wl,-z,stack-size=65536 -o build/app.wasm src/app.c
cp manifest.json build/manifest.json
cp -RL ui build/ui
echo "built build/app.wasm ($(wc -c < build/app.wasm) bytes)"
