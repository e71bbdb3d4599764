# Linkon end-to-end tests — a minimal PNG reader (8-bit RGB/RGBA, not
# interlaced: what Qt writes for OBS screenshots). Python 3 stdlib only.
# SPDX-License-Identifier: GPL-2.0-or-later
import struct
import zlib

PNG_SIG = b"\x89PNG\r\n\x1a\n"


def _paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def _unfilter(raw, width, height, bpp):
    stride = width * bpp
    rows, prev, pos = [], bytearray(stride), 0
    for _ in range(height):
        ftype = raw[pos]
        line = bytearray(raw[pos + 1 : pos + 1 + stride])
        pos += 1 + stride
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 0xFF
            elif ftype == 2:
                line[i] = (line[i] + b) & 0xFF
            elif ftype == 3:
                line[i] = (line[i] + ((a + b) >> 1)) & 0xFF
            elif ftype == 4:
                line[i] = (line[i] + _paeth(a, b, c)) & 0xFF
            elif ftype != 0:
                raise ValueError(f"PNG: unknown filter type {ftype}")
        rows.append(bytes(line))
        prev = line
    return rows


def read_png(path):
    """Returns (width, height, channels, rows) with rows as bytes per line."""
    with open(path, "rb") as f:
        data = f.read()
    if not data.startswith(PNG_SIG):
        raise ValueError("not a PNG file")
    pos, idat, head = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack("!I", data[pos : pos + 4])
        ctype = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if ctype == b"IHDR":
            head = struct.unpack("!IIBBBBB", body)
        elif ctype == b"IDAT":
            idat += body
        elif ctype == b"IEND":
            break
    if head is None:
        raise ValueError("PNG: no IHDR")
    width, height, depth, color, _, _, interlace = head
    channels = {2: 3, 6: 4}.get(color)
    if depth != 8 or channels is None or interlace:
        raise ValueError(f"PNG: unsupported format (depth {depth}, color type {color}, interlace {interlace})")
    return width, height, channels, _unfilter(zlib.decompress(idat), width, height, channels)


def distinct_colors(path, step=4):
    """Number of distinct RGB colours, sampling every step-th pixel of
    every step-th row (enough to tell a drawn frame from a blank one)."""
    width, height, channels, rows = read_png(path)
    seen = set()
    for y in range(0, height, step):
        row = rows[y]
        for x in range(0, width, step):
            i = x * channels
            seen.add(row[i : i + 3])
    return len(seen)


def differing(a, b, tol=24):
    """Share of the pixels of two same-size PNGs that differ by more than tol."""
    wa, ha, ca, ra = read_png(a)
    wb, hb, cb, rb = read_png(b)
    if (wa, ha) != (wb, hb):
        return 1.0
    diff = 0
    for y in range(ha):
        for x in range(wa):
            pa, pb = ra[y][x * ca : x * ca + 3], rb[y][x * cb : x * cb + 3]
            if any(abs(pa[i] - pb[i]) > tol for i in range(3)):
                diff += 1
    return diff / float(wa * ha)
