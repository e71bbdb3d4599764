#!/usr/bin/env bash
# Linkon — makes the gift alerts' default assets, all made by this project:
#   data/sounds/gift-{small,big,huge}.wav  short chimes, synthesised (16-bit mono, 32 kHz)
#   data/images/gift-{box,rose,heart,star,rocket,crown}.png  128x128 gift pictures
#     (gift-box is the default when an event has no image; the others are the
#     demo shop's gifts, see plugin/core/lk-demo-gifts.c)
# Needs python3 (standard library only) and ImageMagick 6 (`convert`).
# Usage: scripts/make-gift-assets.sh [data-dir]
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${1:-$ROOT/data}"
mkdir -p "$DATA/sounds" "$DATA/images"

command -v convert >/dev/null || { echo "make-gift-assets: ImageMagick 'convert' not found" >&2; exit 1; }

# ---- sounds: bell-like partials with an exponential decay, notes in sequence
python3 - "$DATA/sounds" <<'PY'
import math, struct, sys, wave

RATE = 32000
out = sys.argv[1]

def bell(freq, t, decay):
    # a struck bell: fundamental plus inharmonic partials that fade faster
    parts = ((1.0, 1.0), (2.76, 0.35), (5.4, 0.12), (0.5, 0.18))
    v = 0.0
    for mul, amp in parts:
        v += amp * math.sin(2 * math.pi * freq * mul * t) * math.exp(-t * decay * (1 + mul * 0.3))
    attack = min(1.0, t / 0.004)
    return v * attack

def render(name, notes, length, gain):
    n = int(RATE * length)
    buf = [0.0] * n
    for start, freq, decay, amp in notes:
        s0 = int(start * RATE)
        for i in range(s0, n):
            buf[i] += amp * bell(freq, (i - s0) / RATE, decay)
    peak = max(abs(x) for x in buf) or 1.0
    fade = int(RATE * 0.03)
    frames = bytearray()
    for i, x in enumerate(buf):
        if i >= n - fade:
            x *= (n - i) / fade
        frames += struct.pack("<h", int(max(-1.0, min(1.0, x / peak * gain)) * 32767))
    with wave.open(f"{out}/{name}", "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(bytes(frames))
    print(f"  {out}/{name}")

# small: a quick two-note "ding-ding" (E6, A6)
render("gift-small.wav", [(0.0, 1318.5, 9, 0.8), (0.09, 1760.0, 8, 1.0)], 0.55, 0.7)
# big: a rising major arpeggio (C6 E6 G6 C7)
render("gift-big.wav", [(0.0, 1046.5, 6, 0.8), (0.08, 1318.5, 6, 0.8), (0.16, 1568.0, 5, 0.9),
                        (0.26, 2093.0, 4, 1.0)], 1.0, 0.75)
# huge: a fanfare (C5 E5 G5 C6 together with a high shimmer)
render("gift-huge.wav", [(0.0, 523.3, 3, 0.9), (0.1, 659.3, 3, 0.8), (0.2, 784.0, 3, 0.8),
                         (0.32, 1046.5, 2.5, 1.0), (0.32, 523.3, 2.5, 0.6), (0.45, 2093.0, 4, 0.4),
                         (0.55, 2637.0, 4, 0.35), (0.65, 3136.0, 4, 0.3)], 1.7, 0.8)
PY

# ---- images: flat icons with a soft highlight, transparent background
png() { # png name draw-args…
	local name="$1"
	shift
	convert -size 128x128 xc:none "$@" \
		-strip -define png:exclude-chunks=date,time -define png:compression-level=9 -depth 8 \
		"PNG32:$DATA/images/$name.png"
	echo "  $DATA/images/$name.png"
}

png gift-box \
	-fill '#6d28d9' -draw 'roundrectangle 18,52 110,116 10,10' \
	-fill '#8b5cf6' -draw 'roundrectangle 12,36 116,60 8,8' \
	-fill '#fbbf24' -draw 'rectangle 56,36 72,116' \
	-fill '#fbbf24' -draw 'ellipse 50,30 18,11 0,360' -draw 'ellipse 78,30 18,11 0,360' \
	-fill '#f59e0b' -draw 'circle 64,32 64,40' \
	-fill 'rgba(255,255,255,0.25)' -draw 'roundrectangle 20,40 50,46 3,3'

png gift-rose \
	-stroke '#15803d' -strokewidth 7 -draw 'line 64,66 64,122' -stroke none \
	-fill '#22c55e' -draw 'ellipse 46,96 16,7 -30,360' -draw 'ellipse 82,86 16,7 0,360' \
	-fill '#be123c' -draw 'circle 64,44 64,10' \
	-fill '#e11d48' -draw 'circle 52,40 52,20' -draw 'circle 76,40 76,20' \
	-fill '#f43f5e' -draw 'circle 64,36 64,20' \
	-fill '#fb7185' -draw 'circle 64,32 64,24' \
	-fill 'rgba(255,255,255,0.35)' -draw 'ellipse 56,24 8,4 -30,360'

png gift-heart \
	-fill '#e11d48' -draw 'path "M 64,116 C 10,78 6,46 24,28 C 40,12 60,20 64,38 C 68,20 88,12 104,28 C 122,46 118,78 64,116 Z"' \
	-fill '#fb7185' -draw 'path "M 64,102 C 24,74 20,50 32,36 C 44,24 58,30 64,44 C 70,30 84,24 96,36 C 108,50 104,74 64,102 Z"' \
	-fill 'rgba(255,255,255,0.45)' -draw 'ellipse 40,44 9,5 -40,360'

png gift-star \
	-fill '#f59e0b' -draw 'polygon 64,6 80,46 122,48 89,74 101,116 64,92 27,116 39,74 6,48 48,46' \
	-fill '#fcd34d' -draw 'polygon 64,22 75,50 104,52 81,70 90,100 64,83 38,100 47,70 24,52 53,50' \
	-fill 'rgba(255,255,255,0.5)' -draw 'ellipse 56,46 7,4 -20,360'

png gift-rocket \
	-fill '#f97316' -draw 'polygon 48,92 64,126 80,92' \
	-fill '#fde047' -draw 'polygon 55,92 64,114 73,92' \
	-fill '#dc2626' -draw 'polygon 38,70 24,100 46,92' -draw 'polygon 90,70 104,100 82,92' \
	-fill '#e5e7eb' -draw 'path "M 64,4 C 88,24 92,60 84,94 L 44,94 C 36,60 40,24 64,4 Z"' \
	-fill '#dc2626' -draw 'path "M 64,4 C 76,14 82,24 85,32 L 43,32 C 46,24 52,14 64,4 Z"' \
	-fill '#0ea5e9' -draw 'circle 64,56 64,44' -fill '#7dd3fc' -draw 'circle 61,53 61,48'

png gift-crown \
	-fill '#b45309' -draw 'roundrectangle 18,92 110,112 6,6' \
	-fill '#f59e0b' -draw 'polygon 16,92 10,34 40,62 64,18 88,62 118,34 112,92' \
	-fill '#fcd34d' -draw 'polygon 24,86 20,50 42,70 64,32 86,70 108,50 104,86' \
	-fill '#ef4444' -draw 'circle 64,70 64,62' -fill '#3b82f6' -draw 'circle 38,78 38,72' -draw 'circle 90,78 90,72' \
	-fill '#fde68a' -draw 'circle 10,32 10,26' -draw 'circle 64,16 64,9' -draw 'circle 118,32 118,26'
