#!/usr/bin/env bash
# Linkon — makes the live rooms' marks the gift alerts show on an alert
# (data/images/mark-{tiktok,twitch,youtube,other}.png, 96x96): a rounded
# badge in a colour of the platform with a simple white glyph, drawn here
# from plain shapes (no logo is copied):
#   tiktok   near-black badge, a music note with a cyan and a pink shadow
#   twitch   purple badge, a speech bubble with two bars
#   youtube  red badge, a play triangle
#   other    slate-blue badge, a "live" dot in a ring
# Needs ImageMagick 6 (`convert`). Usage: scripts/make-platform-marks.sh [data-dir]
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${1:-$ROOT/data}"
OUT="$DATA/images"
mkdir -p "$OUT"
command -v convert >/dev/null || { echo "make-platform-marks: ImageMagick 'convert' not found" >&2; exit 1; }

S=96
BADGE=(-size "${S}x${S}" xc:none -draw "roundrectangle 0,0 $((S - 1)),$((S - 1)) 22,22")

# a music note (round head, stem, flag) at offset dx, dy in colour c
note() {
	local x=$1 y=$2 c=$3
	NOTE=(-fill "$c" -draw "circle $((36 + x)),$((64 + y)) $((36 + x)),$((52 + y))"
		-draw "rectangle $((44 + x)),$((20 + y)) $((51 + x)),$((64 + y))"
		-draw "polygon $((44 + x)),$((20 + y)) $((68 + x)),$((30 + y)) $((68 + x)),$((40 + y)) $((51 + x)),$((33 + y))")
}

# TikTok: the note three times (cyan and pink shadows, white on top)
note -3 -2 '#25F4EE'; CYAN=("${NOTE[@]}")
note 3 2 '#FE2C55'; PINK=("${NOTE[@]}")
note 0 0 white; WHITE=("${NOTE[@]}")
convert -fill '#121212' "${BADGE[@]}" "${CYAN[@]}" "${PINK[@]}" "${WHITE[@]}" "$OUT/mark-tiktok.png"

# Twitch: a speech bubble with a tail and two bars
convert -fill '#9146FF' "${BADGE[@]}" -fill white -draw "roundrectangle 18,18 78,66 8,8" \
	-draw "polygon 28,64 28,80 44,64" -fill '#9146FF' -draw "rectangle 40,30 47,52" \
	-draw "rectangle 56,30 63,52" "$OUT/mark-twitch.png"

# YouTube: a play triangle
convert -fill '#FF0033' "${BADGE[@]}" -fill white -draw "polygon 36,26 36,70 72,48" "$OUT/mark-youtube.png"

# any other room: a live dot with two rings
convert -fill '#4C6EF5' "${BADGE[@]}" -fill none -stroke white -strokewidth 6 -draw "circle 48,48 48,20" \
	-stroke none -fill white -draw "circle 48,48 48,38" "$OUT/mark-other.png"

for p in tiktok twitch youtube other; do echo "  $OUT/mark-$p.png"; done
