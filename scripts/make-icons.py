#!/usr/bin/env python3
"""Draws the Trellis icon (a lattice on a rounded square) as RGBA PNGs, with no dependencies."""
import math, struct, sys, zlib
from pathlib import Path

def png(size: int) -> bytes:
    rows = []
    r = size * 0.22  # corner radius
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            # rounded-square mask with 1px antialiasing
            cx = min(max(x + 0.5, r), size - r); cy = min(max(y + 0.5, r), size - r)
            d = math.hypot(x + 0.5 - cx, y + 0.5 - cy)
            alpha = max(0.0, min(1.0, r - d + 0.5)) if d > r - 1 else 1.0
            # background: vertical gradient, deep green to teal
            t = y / size
            bg = (int(22 + 10 * t), int(101 + 40 * t), int(82 + 30 * t))
            # lattice: two families of diagonals
            u = (x + y) / size * 4.0; v = (x - y) / size * 4.0
            w = 0.11
            line = min(abs(u - round(u)), abs(v - round(v)))
            inner = size * 0.16 < x < size * 0.84 and size * 0.16 < y < size * 0.84
            k = max(0.0, min(1.0, (w - line) / 0.03)) if inner else 0.0
            rgb = tuple(int(c * (1 - k) + 245 * k) for c in bg)
            row += bytes(rgb) + bytes([int(255 * alpha)])
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)
    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")

out = Path(sys.argv[1] if len(sys.argv) > 1 else "icons")
out.mkdir(exist_ok=True)
for name, size in [("32x32.png", 32), ("128x128.png", 128), ("128x128@2x.png", 256), ("icon.png", 512)]:
    (out / name).write_bytes(png(size))
print("icons written to", out)
