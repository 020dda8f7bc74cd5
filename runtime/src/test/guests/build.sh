#!/usr/bin/env bash
# Builds the WebAssembly test guests of the mini-app runtime.
#
#   build.sh [OUTPUT_DIR]     default: runtime/target/test-guests
#
# Environment: CC (default clang), FORCE=1 rebuilds everything,
# WASI_SYSROOT points at a wasi-sdk style sysroot if Debian's wasi-libc
# package is not used.
# Works from any current directory. Needs: clang, lld, wasi-libc,
# libclang-rt-dev-wasm32, wabt, nodejs + npm (Debian packages).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${1:-$HERE/../../../target/test-guests}"
SDK="$(cd "$HERE/../../../../mini-apps/sdk/c" && pwd)"
CC="${CC:-clang}"
FORCE="${FORCE:-0}"

die() {
  echo "build.sh: $*" >&2
  exit 1
}

need_tool() { # tool debian-package
  command -v "$1" >/dev/null 2>&1 || die "$1 not found; install it with: apt-get install $2"
}

# ---- tool checks ------------------------------------------------------------
need_tool "$CC" clang
need_tool wasm-ld lld
need_tool wat2wasm wabt
need_tool wasm-objdump wabt
need_tool node nodejs
need_tool npm npm

SYSROOT_FLAGS=()
if [[ -n "${WASI_SYSROOT:-}" ]]; then
  [[ -f "$WASI_SYSROOT/include/stdio.h" || -f "$WASI_SYSROOT/include/wasm32-wasi/stdio.h" ]] ||
    die "wasi sysroot not found at WASI_SYSROOT=$WASI_SYSROOT; install it with: apt-get install wasi-libc"
  SYSROOT_FLAGS=(--sysroot="$WASI_SYSROOT")
elif [[ -f /usr/include/wasm32-wasi/stdio.h && -f /usr/lib/wasm32-wasi/libc.a ]]; then
  : # Debian's wasi-libc: clang finds it for --target=wasm32-wasi on its own
elif [[ -f /usr/share/wasi-sysroot/include/stdio.h || -f /usr/share/wasi-sysroot/include/wasm32-wasi/stdio.h ]]; then
  SYSROOT_FLAGS=(--sysroot=/usr/share/wasi-sysroot)
else
  die "wasi sysroot not found; install it with: apt-get install wasi-libc"
fi

RT_LIB="$("$CC" --target=wasm32-wasi "${SYSROOT_FLAGS[@]}" -print-libgcc-file-name 2>/dev/null || true)"
[[ -n "$RT_LIB" && -f "$RT_LIB" ]] ||
  die "wasm32 compiler-rt builtins not found; install them with: apt-get install libclang-rt-dev-wasm32"

mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"

# ---- helpers ----------------------------------------------------------------
# up_to_date OUTPUT INPUT... : true when OUTPUT exists and is newer than every input
up_to_date() {
  local out="$1"
  shift
  [[ "$FORCE" != 1 && -f "$out" ]] || return 1
  local src
  for src in "$@" "$HERE/build.sh"; do
    [[ "$out" -nt "$src" ]] || return 1
  done
  return 0
}

COMMON_CFLAGS=(-std=c11 -O2 -Wall -Wextra -Werror -I "$SDK")

# Freestanding: no libc, no WASI; only the imports the code declares.
build_freestanding() { # name source...
  local name="$1"
  shift
  local out="$OUT/$name.wasm"
  up_to_date "$out" "$@" "$SDK/elastos_pdk.h" "$HERE/c/freestanding.c" && return 0
  echo "  CC      $name.wasm (freestanding)"
  "$CC" --target=wasm32 -nostdlib -ffreestanding "${COMMON_CFLAGS[@]}" \
    -Wl,--no-entry -Wl,-z,stack-size=65536 \
    -o "$out" "$@" "$HERE/c/freestanding.c" "$RT_LIB"
}

# WASI reactor linked against wasi-libc: the host must call _initialize first.
build_wasi_reactor() { # name source...
  local name="$1"
  shift
  local out="$OUT/$name.wasm"
  up_to_date "$out" "$@" "$SDK/elastos_pdk.h" "$HERE/c/wasi_fcntl.c" && return 0
  echo "  CC      $name.wasm (wasi reactor)"
  "$CC" --target=wasm32-wasi "${SYSROOT_FLAGS[@]}" -mexec-model=reactor "${COMMON_CFLAGS[@]}" \
    -Wl,--strip-debug -o "$out" "$@" "$HERE/c/wasi_fcntl.c"
}

build_wat() { # name
  local name="$1"
  local src="$HERE/wat/$name.wat"
  local out="$OUT/$name.wasm"
  up_to_date "$out" "$src" && return 0
  echo "  WAT     $name.wasm"
  wat2wasm "$src" -o "$out"
}

imports_of() { # wasm -> "module.name" lines
  wasm-objdump -x -j Import "$1" 2>/dev/null | sed -n 's/.* <- \(.*\)$/\1/p'
}

expect_no_wasi() { # name
  if imports_of "$OUT/$1.wasm" | grep -q '^wasi_snapshot_preview1\.'; then
    die "$1.wasm unexpectedly imports WASI: $(imports_of "$OUT/$1.wasm" | tr '\n' ' ')"
  fi
}

# ---- npm tools ----------------------------------------------------------------
install_npm_tools() {
  local stamp="$HERE/node_modules/.package-lock.json"
  if [[ -f "$HERE/package-lock.json" ]]; then
    if [[ "$FORCE" == 1 || ! -f "$stamp" || "$HERE/package-lock.json" -nt "$stamp" ]]; then
      echo "  NPM     npm ci"
      (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error)
    fi
  else
    echo "  NPM     npm install (no package-lock.json yet)"
    (cd "$HERE" && npm install --no-audit --no-fund --loglevel=error)
  fi
}

# ---- build ------------------------------------------------------------------
echo "Building test guests into $OUT"

# compute.wasm: no imports at all
out="$OUT/compute.wasm"
if ! up_to_date "$out" "$HERE/c/compute.c" "$HERE/c/freestanding.c"; then
  echo "  CC      compute.wasm (no imports)"
  "$CC" --target=wasm32 -nostdlib -ffreestanding "${COMMON_CFLAGS[@]}" \
    -Wl,--no-entry -Wl,-z,stack-size=65536 \
    -o "$out" "$HERE/c/compute.c" "$HERE/c/freestanding.c" "$RT_LIB"
fi
[[ -z "$(imports_of "$out")" ]] || die "compute.wasm must not import anything"

build_freestanding count_vowels_c "$HERE/c/count_vowels.c"
build_freestanding kv_plugin "$HERE/c/kv_plugin.c"
build_freestanding huge_output "$HERE/c/huge_output.c"
build_freestanding ungranted_import "$HERE/c/ungranted_import.c"
build_freestanding slow_host "$HERE/c/slow_host.c"
build_freestanding error "$HERE/c/error.c"
build_freestanding http_get "$HERE/c/http_get.c"
build_freestanding provided "$HERE/c/provided.c"
for g in count_vowels_c kv_plugin huge_output ungranted_import slow_host error http_get provided; do
  expect_no_wasi "$g"
done

build_wasi_reactor wasi_files "$HERE/c/wasi_files.c"
build_wasi_reactor escape "$HERE/c/escape.c"

for w in spin recurse memory_bomb big_memory_min trap; do
  build_wat "$w"
done

install_npm_tools
out="$OUT/count_vowels_as.wasm"
if ! up_to_date "$out" "$HERE/as/count_vowels.ts" "$HERE/package-lock.json"; then
  echo "  ASC     count_vowels_as.wasm"
  (cd "$HERE" && node node_modules/assemblyscript/bin/asc.js as/count_vowels.ts \
    --outFile "$out" --optimize --use abort=as/count_vowels/abortHandler)
fi
expect_no_wasi count_vowels_as

echo "Done: $(ls "$OUT"/*.wasm | wc -l) guests in $OUT"
