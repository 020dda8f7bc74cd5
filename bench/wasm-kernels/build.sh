#!/usr/bin/env bash
# Builds the benchmark kernels:
#   wasm/{sha256,sieve,fib}.wasm   (each exports "run" via export_name) with clang --target=wasm32-wasi (checked in; needs clang + wasi-libc + lld)
#   build/native-bench             with gcc -O2 (not checked in)
# Usage: build.sh [wasm|native|all]   (default: all)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="$here/src"
what="${1:-all}"
KERNELS=(sha256 sieve fib)

build_wasm() {
    command -v clang >/dev/null || { echo "build.sh: clang not found (apt-get install clang lld wasi-libc libclang-rt-dev-wasm32)" >&2; return 1; }
    local sysroot=()
    # Debian's clang finds wasi-libc in /usr/{include,lib}/wasm32-wasi by itself;
    # use an explicit sysroot only when a classic one is installed.
    if [ -d /usr/share/wasi-sysroot ]; then sysroot=(--sysroot=/usr/share/wasi-sysroot); fi
    mkdir -p "$here/wasm"
    for k in "${KERNELS[@]}"; do
        clang --target=wasm32-wasi "${sysroot[@]}" -O2 -nostartfiles \
            -Wl,--no-entry -Wl,--strip-all \
            -o "$here/wasm/$k.wasm.tmp" "$src/$k.c"
        # The modules must be import-free so they run without WASI on any engine.
        python3 "$here/check_no_imports.py" "$here/wasm/$k.wasm.tmp"
        mv "$here/wasm/$k.wasm.tmp" "$here/wasm/$k.wasm"
        echo "built wasm/$k.wasm ($(stat -c %s "$here/wasm/$k.wasm") bytes)"
    done
}

build_native() {
    mkdir -p "$here/build"
    gcc -O2 -o "$here/build/native-bench" "$here/native/main.c" \
        "$src/sha256.c" "$src/sieve.c" "$src/fib.c"
    "$here/build/native-bench" selftest
    echo "built build/native-bench"
}

case "$what" in
    wasm) build_wasm ;;
    native) build_native ;;
    all) build_wasm; build_native ;;
    *) echo "usage: $0 [wasm|native|all]" >&2; exit 2 ;;
esac
