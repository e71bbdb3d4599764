#!/usr/bin/env bash
# Linkon — draws the demo shop's product pictures: data/images/demo-01.png …
# demo-16.png, one per catalog product in plugin/core/lk-demo-shop.c (same
# order). Flat 512x512 illustrations: a diagonal gradient, a soft spotlight,
# a floor shadow and a few shapes suggesting the product. No text, so the
# result does not depend on the fonts of the machine.
# Needs ImageMagick 6 (`convert`). Usage: scripts/make-demo-images.sh [out-dir]
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/data/images}"
mkdir -p "$OUT"

command -v convert >/dev/null || { echo "make-demo-images: ImageMagick 'convert' not found" >&2; exit 1; }

# render NN color-from color-to draw-args…
render() {
	local nn="$1" c1="$2" c2="$3"
	shift 3
	convert -size 512x512 -define gradient:angle=135 "gradient:$c1-$c2" \
		-fill 'rgba(255,255,255,0.18)' -draw 'circle 256,262 256,62' \
		-fill 'rgba(255,255,255,0.10)' -draw 'circle 256,262 256,12' \
		-fill 'rgba(0,0,0,0.18)' -draw 'ellipse 256,440 150,18 0,360' \
		-stroke none "$@" \
		-strip -define png:exclude-chunks=date,time -define png:compression-level=9 -depth 8 \
		"PNG24:$OUT/demo-$nn.png"
	echo "  $OUT/demo-$nn.png"
}

# 01 pu'er tea cake, pressed leaves, two fresh leaves and a red stamp
leaf() { # leaf x y angle rx ry colour
	echo "push graphic-context fill '$6' translate $1,$2 rotate $3 ellipse 0,0 $4,$5 0,360 pop graphic-context"
}
render 01 '#f6d365' '#c0784a' \
	-fill '#5d3a1a' -draw 'ellipse 256,312 150,124 0,360' \
	-fill '#8b5a2b' -draw 'ellipse 256,296 150,124 0,360' \
	-draw "$(leaf 200 260 30 34 12 '#a47043') $(leaf 290 250 -20 38 12 '#a47043') $(leaf 240 330 -40 36 11 '#9a6638')" \
	-draw "$(leaf 318 322 15 32 11 '#a47043') $(leaf 180 318 70 30 10 '#9a6638') $(leaf 262 206 5 30 10 '#9a6638')" \
	-fill '#c0392b' -draw 'roundrectangle 232,272 280,320 6,6' \
	-fill '#f3e3c3' -draw 'roundrectangle 242,282 270,310 4,4' \
	-draw "$(leaf 368 178 -35 58 22 '#43a047') $(leaf 330 150 -75 50 19 '#66bb6a')" \
	-fill none -stroke '#2e7d32' -strokewidth 3 -draw 'line 322,212 414,146'

# 02 serum dropper bottle
render 02 '#a1c4fd' '#c2a9f0' \
	-fill '#f3a953' -draw 'roundrectangle 186,220 326,436 30,30' \
	-fill 'rgba(255,255,255,0.35)' -draw 'roundrectangle 202,236 222,420 10,10' \
	-fill '#fffaf0' -draw 'roundrectangle 206,300 306,380 10,10' \
	-fill '#2f2f3a' -draw 'rectangle 226,176 286,224' \
	-fill '#1d1d26' -draw 'ellipse 256,142 30,44 0,360'

# 03 earbuds and their charging case
render 03 '#434343' '#6a82fb' \
	-fill '#f5f7fa' -draw 'roundrectangle 146,270 366,430 70,70' \
	-fill '#d5dae3' -draw 'rectangle 150,318 362,326' \
	-fill '#9aa3b5' -draw 'circle 256,360 256,352' \
	-fill '#f5f7fa' -draw 'circle 196,170 196,124' -draw 'circle 316,170 316,124' \
	-draw 'roundrectangle 186,180 208,262 10,10' -draw 'roundrectangle 304,180 326,262 10,10' \
	-fill '#2d3142' -draw 'circle 196,166 196,146' -draw 'circle 316,166 316,146'

# 04 apple (crisp, with leaf)
render 04 '#d4fc79' '#96e6a1' \
	-fill '#d62f2f' -draw 'circle 216,300 216,176' -draw 'circle 296,300 296,176' \
	-fill '#b71c1c' -draw 'ellipse 256,408 60,18 0,360' \
	-fill 'rgba(255,255,255,0.35)' -draw 'ellipse 196,250 22,40 0,360' \
	-fill '#5d4037' -draw 'roundrectangle 248,124 264,196 6,6' \
	-fill '#43a047' -draw 'ellipse 306,140 48,20 0,360'

# 05 insulated tumbler
render 05 '#84fab0' '#4facfe' \
	-fill '#26a69a' -draw 'polygon 186,180 326,180 304,432 208,432' \
	-fill '#1b7f76' -draw 'polygon 288,180 326,180 304,432 278,432' \
	-fill '#37474f' -draw 'roundrectangle 176,140 336,186 14,14' \
	-fill '#263238' -draw 'roundrectangle 232,122 280,146 8,8' \
	-fill '#e0f2f1' -draw 'polygon 196,270 314,270 311,300 199,300'

# 06 running shoe
render 06 '#fbc2eb' '#a6c1ee' \
	-fill '#ff7043' -draw 'polygon 110,350 134,262 214,256 262,206 318,210 338,262 402,292 424,350' \
	-fill '#ffccbc' -draw 'polygon 262,206 318,210 330,246 270,246' \
	-fill none -stroke '#ffffff' -strokewidth 12 -draw 'path "M 160,318 Q 260,330 372,276"' \
	-stroke none -fill '#37474f' -draw 'roundrectangle 100,344 430,378 16,16' \
	-fill '#eceff1' -draw 'rectangle 112,350 418,358'

# 07 olive oil bottle
render 07 '#fdfcfb' '#d9e7b5' \
	-fill '#689f38' -draw 'roundrectangle 196,236 316,440 24,24' \
	-draw 'polygon 196,250 232,176 280,176 316,250' \
	-fill '#558b2f' -draw 'roundrectangle 286,236 316,440 14,14' \
	-fill '#33691e' -draw 'rectangle 236,112 276,180' \
	-fill '#ffb300' -draw 'roundrectangle 228,92 284,122 6,6' \
	-fill '#f1f8e9' -draw 'roundrectangle 212,300 300,396 10,10' \
	-fill '#7cb342' -draw 'ellipse 256,348 20,30 0,360'

# 08 silk eye mask
render 08 '#ffecd2' '#fcb69f' \
	-fill none -stroke '#ad1457' -strokewidth 10 -draw 'path "M 60,230 Q 256,170 452,230"' \
	-stroke none -fill '#f48fb1' -draw 'ellipse 186,270 104,74 0,360' -draw 'ellipse 326,270 104,74 0,360' \
	-fill '#f8bbd0' -draw 'ellipse 186,262 80,52 0,360' -draw 'ellipse 326,262 80,52 0,360' \
	-fill none -stroke '#880e4f' -strokewidth 6 \
	-draw 'path "M 146,272 Q 186,300 226,272"' -draw 'path "M 286,272 Q 326,300 366,272"'

# 09 pour-over coffee set: dripper on a glass server, two cups
render 09 '#e6dada' '#8d6e63' \
	-fill 'rgba(255,255,255,0.55)' -draw 'roundrectangle 206,270 306,430 24,24' \
	-fill '#6d4c41' -draw 'roundrectangle 212,350 300,424 18,18' \
	-fill '#fafafa' -draw 'polygon 190,170 322,170 284,262 228,262' -draw 'rectangle 214,258 298,274' \
	-fill '#efebe9' -draw 'roundrectangle 80,352 160,430 12,12' -draw 'roundrectangle 352,352 432,430 12,12' \
	-fill none -stroke '#efebe9' -strokewidth 10 -draw 'ellipse 166,388 18,22 -90,90' -draw 'ellipse 438,388 18,22 -90,90'

# 10 gift box with a bow
render 10 '#ff9a9e' '#fad0c4' \
	-fill '#c62828' -draw 'roundrectangle 150,246 362,430 12,12' \
	-fill '#e53935' -draw 'roundrectangle 136,210 376,262 12,12' \
	-fill '#ffca28' -draw 'rectangle 240,210 272,430' \
	-draw 'ellipse 218,192 44,24 0,360' -draw 'ellipse 294,192 44,24 0,360' \
	-fill '#ffa000' -draw 'circle 256,196 256,178'

# 11 sheet face mask
render 11 '#fff1eb' '#ace0f9' \
	-fill '#fffdf7' -draw 'ellipse 256,276 126,160 0,360' \
	-fill '#cfe9f6' -draw 'ellipse 208,250 28,14 0,360' -draw 'ellipse 304,250 28,14 0,360' \
	-draw 'ellipse 256,374 34,12 0,360' -draw 'polygon 246,296 266,296 270,330 242,330' \
	-fill 'rgba(255,183,77,0.45)' -draw 'circle 190,316 190,296' -draw 'circle 322,316 322,296'

# 12 wooden nightstand with two drawers
render 12 '#e0c3fc' '#8ec5fc' \
	-fill '#8d6e63' -draw 'rectangle 176,400 192,440' -draw 'rectangle 320,400 336,440' \
	-fill '#d7a86e' -draw 'roundrectangle 160,190 352,410 12,12' \
	-fill '#c08d52' -draw 'roundrectangle 152,176 360,204 8,8' \
	-fill '#e9c292' -draw 'roundrectangle 180,222 332,300 8,8' -draw 'roundrectangle 180,316 332,394 8,8' \
	-fill '#5d4037' -draw 'circle 256,261 256,251' -draw 'circle 256,355 256,345'

# 13 stack of three towels
render 13 '#c1dfc4' '#deecdd' \
	-fill '#4db6ac' -draw 'roundrectangle 136,352 376,430 30,30' \
	-fill '#ffffff' -draw 'roundrectangle 148,276 364,354 30,30' \
	-fill '#ffb74d' -draw 'roundrectangle 160,200 352,278 30,30' \
	-fill 'rgba(0,0,0,0.08)' -draw 'rectangle 176,250 336,258' -draw 'rectangle 164,326 348,334' \
	-draw 'rectangle 152,402 360,410'

# 14 rice sack, tied at the top, with a red label of grains
render 14 '#f9f586' '#96fbc4' \
	-fill '#f5e6c8' -draw 'path "M 180,170 Q 140,300 160,420 L 352,420 Q 372,300 332,170 Z"' \
	-fill '#e8d3a8' -draw 'polygon 180,170 332,170 312,130 200,130' \
	-fill '#8d6e63' -draw 'rectangle 196,164 316,178' \
	-fill '#c62828' -draw 'circle 256,310 256,250' \
	-fill '#fffde7' -draw 'ellipse 236,296 8,14 30,390' -draw 'ellipse 270,290 8,14 -20,340' \
	-draw 'ellipse 256,326 8,14 10,370'

# 15 LED desk lamp on a charging base
render 15 '#30cfd0' '#330867' \
	-fill 'rgba(255,236,130,0.30)' -draw 'polygon 322,206 402,206 452,430 272,430' \
	-fill none -stroke '#eceff1' -strokewidth 18 -draw 'line 200,410 240,250' -draw 'line 240,250 350,190' \
	-stroke none -fill '#eceff1' -draw 'roundrectangle 130,400 290,430 12,12' \
	-draw 'circle 240,250 240,234' -draw 'roundrectangle 310,170 414,206 14,14' \
	-fill '#fff176' -draw 'rectangle 320,200 404,208'

# 16 flower cakes with a rose on top
render 16 '#ffdde1' '#ee9ca7' \
	-fill '#e6a64f' -draw 'ellipse 160,376 76,40 0,360' -draw 'ellipse 352,376 76,40 0,360' \
	-fill '#f4c06b' -draw 'ellipse 160,364 76,40 0,360' -draw 'ellipse 352,364 76,40 0,360' \
	-fill '#e6a64f' -draw 'ellipse 256,306 108,56 0,360' \
	-fill '#f7cd7e' -draw 'ellipse 256,290 108,56 0,360' \
	-fill '#e91e63' -draw 'circle 256,264 256,252' -draw 'circle 232,284 232,272' -draw 'circle 280,284 280,272' \
	-draw 'circle 242,304 242,292' -draw 'circle 270,304 270,292' \
	-fill '#ffeb3b' -draw 'circle 256,287 256,279'
