#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Rebuilds the checked-in self-test module. Needs Debian's clang and lld
# (apt-get install clang lld); the build of the node does not, it uses the checked-in .wasm.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
clang --target=wasm32 -O2 -nostdlib -Wl,--no-entry -Wl,--strip-all \
    -o "$here/../resources/wasm/selftest.wasm" "$here/selftest.c"
echo "wrote src/main/resources/wasm/selftest.wasm"
