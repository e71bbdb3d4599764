/*
 * Linkon — copies rendered FreeType glyphs into the text engine's own
 * pixel buffers (coverage or premultiplied BGRA), scaling colour bitmaps.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Pure functions: called under the owning font's lock (lk-text.c).
 */
#include "rename.h"
#include "lk-text-priv.h"

#include <util/bmem.h>

#include <ft2build.h>
#include FT_FREETYPE_H

#include <string.h>

static inline uint32_t round_scaled(uint32_t v, float scale)
{
	return (uint32_t)((float)v * scale + 0.5f);
}

static inline int round_scaled_int(int v, float scale)
{
	float f = (float)v * scale;
	return (int)(f < 0 ? f - 0.5f : f + 0.5f);
}

/* Visual row r (top to bottom) whatever the sign of the pitch. */
static const uint8_t *bitmap_row(const FT_Bitmap *b, unsigned r)
{
	if (b->pitch >= 0)
		return b->buffer + (size_t)r * (size_t)b->pitch;
	return b->buffer + (size_t)(b->rows - 1 - r) * (size_t)(-b->pitch);
}

static void copy_gray(const FT_Bitmap *b, struct lk_glyph_pixels *px)
{
	px->w = b->width;
	px->h = b->rows;
	px->pix = bmalloc((size_t)px->w * px->h);
	for (unsigned y = 0; y < b->rows; y++) {
		const uint8_t *src = bitmap_row(b, y);
		uint8_t *dst = px->pix + (size_t)y * px->w;
		if (b->pixel_mode == FT_PIXEL_MODE_GRAY) {
			memcpy(dst, src, px->w);
			continue;
		}
		for (unsigned x = 0; x < b->width; x++)
			dst[x] = (src[x >> 3] & (0x80 >> (x & 7))) ? 255 : 0;
	}
}

/* Box filter when shrinking, nearest when growing; stays premultiplied. */
static void scale_bgra(const FT_Bitmap *b, uint8_t *dst, uint32_t dw, uint32_t dh)
{
	const uint32_t sw = b->width, sh = b->rows;

	for (uint32_t y = 0; y < dh; y++) {
		uint32_t y0 = (uint32_t)((uint64_t)y * sh / dh), y1 = (uint32_t)((uint64_t)(y + 1) * sh / dh);
		if (y1 <= y0)
			y1 = y0 + 1;
		for (uint32_t x = 0; x < dw; x++) {
			uint32_t x0 = (uint32_t)((uint64_t)x * sw / dw), x1 = (uint32_t)((uint64_t)(x + 1) * sw / dw);
			uint64_t sum[4] = {0, 0, 0, 0};
			if (x1 <= x0)
				x1 = x0 + 1;
			for (uint32_t sy = y0; sy < y1; sy++) {
				const uint8_t *row = bitmap_row(b, sy);
				for (uint32_t sx = x0; sx < x1; sx++)
					for (int c = 0; c < 4; c++)
						sum[c] += row[sx * 4 + c];
			}
			uint64_t n = (uint64_t)(y1 - y0) * (x1 - x0);
			for (int c = 0; c < 4; c++)
				dst[((size_t)y * dw + x) * 4 + c] = (uint8_t)(sum[c] / n);
		}
	}
}

static bool copy_bgra(const FT_Bitmap *b, float scale, struct lk_glyph_pixels *px)
{
	px->color = true;
	px->w = round_scaled(b->width, scale);
	px->h = round_scaled(b->rows, scale);
	if (!px->w || !px->h)
		return false;
	px->left = round_scaled_int(px->left, scale);
	px->top = round_scaled_int(px->top, scale);
	px->pix = bmalloc((size_t)px->w * px->h * 4);
	scale_bgra(b, px->pix, px->w, px->h);
	return true;
}

bool lk_glyph_pixels_copy(const struct FT_GlyphSlotRec_ *gs, float scale, struct lk_glyph_pixels *px)
{
	const FT_Bitmap *b = &gs->bitmap;

	memset(px, 0, sizeof(*px));
	if (!b->width || !b->rows || !b->buffer)
		return false;
	px->left = gs->bitmap_left;
	px->top = gs->bitmap_top;
	switch (b->pixel_mode) {
	case FT_PIXEL_MODE_GRAY:
	case FT_PIXEL_MODE_MONO:
		copy_gray(b, px);
		return true;
	case FT_PIXEL_MODE_BGRA:
		return copy_bgra(b, scale, px);
	default:
		return false;
	}
}
