#!/usr/bin/env python3
"""Fails if a .wasm module has an import section with any entries, and lists its exports."""
import sys


def leb(data, pos):
    result = shift = 0
    while True:
        b = data[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return result, pos


def main(path):
    data = open(path, "rb").read()
    if data[:4] != b"\0asm":
        sys.exit(f"{path}: not a wasm module")
    pos, imports, exports = 8, 0, []
    while pos < len(data):
        sid = data[pos]
        size, pos = leb(data, pos + 1)
        end = pos + size
        if sid == 2:
            imports, _ = leb(data, pos)
        elif sid == 7:
            n, p = leb(data, pos)
            for _ in range(n):
                ln, p = leb(data, p)
                exports.append(data[p:p + ln].decode())
                p += ln + 1
                _, p = leb(data, p)
        pos = end
    if imports:
        sys.exit(f"{path}: module has {imports} import(s); kernels must be import-free")
    if "run" not in exports:
        sys.exit(f"{path}: no 'run' export (exports: {exports})")


if __name__ == "__main__":
    for a in sys.argv[1:]:
        main(a)
