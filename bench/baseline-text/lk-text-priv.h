/*
 * Linkon — text engine internals shared by lk-text.c (fonts, glyph
 * caches), lk-text-glyph.c (glyph pixels) and lk-text-layout.c (UTF-8,
 * line breaking, rasterising a layout).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Every lk_font_* function below needs the font's lock (lk_font_lock) held
 * by the caller for as long as it uses what they return. Any thread.
 */
#pragma once

#include "lk-text.h"

#include <stdbool.h>
#include <stdint.h>

/* Larger sizes are clamped (pixels per em); sizes <= 0 lay out nothing. */
#define LK_TEXT_MAX_SIZE 512

/* A character resolved to a face of the fallback chain. */
struct lk_glyph {
	int slot;     /* index in the chain; -1: invisible, draws nothing */
	uint32_t gi;  /* glyph index in that face (0 = .notdef) */
	int adv;      /* advance in whole pixels */
	bool missing; /* no face has it: gi is the primary face's .notdef */
};

/* A rasterised glyph. pix is premultiplied BGRA (color) or 8-bit coverage,
 * rows of w (or w * 4) bytes; borrowed, valid until the next lk_font_raster
 * on the same font or until the lock is dropped. */
struct lk_glyph_image {
	int left, top; /* offset of the top-left pixel from the pen/baseline */
	uint32_t w, h;
	bool color;
	const uint8_t *pix;
};

struct lk_line_metrics {
	int ascent;      /* baseline from the line top, px */
	int height;      /* line advance, px (>= 1) */
	int strike_y;    /* middle of the x-height from the line top, px */
	int strike_size; /* thickness of the strike line, px (>= 1) */
};

void lk_font_lock(struct lk_font *font);
void lk_font_unlock(struct lk_font *font);

/* Metrics of the primary face at size_px. */
void lk_font_line_metrics(struct lk_font *font, int size_px, struct lk_line_metrics *m);
/* Finds the first face of the chain that has cp (cached). Characters that
 * must never show (joiners, bidi marks, variation selectors, controls) come
 * back invisible with adv 0. Always fills g. */
void lk_font_lookup(struct lk_font *font, uint32_t cp, int size_px, struct lk_glyph *g);
/* Rasterises g (cached). Returns false if there is nothing to draw. */
bool lk_font_raster(struct lk_font *font, const struct lk_glyph *g, int size_px, struct lk_glyph_image *out);

/* Pixels of one glyph, owned (bmalloc'd pix). */
struct lk_glyph_pixels {
	int left, top;
	uint32_t w, h;
	bool color; /* premultiplied BGRA, else 8-bit coverage */
	uint8_t *pix;
};

struct FT_GlyphSlotRec_;
/* Copies the bitmap of a loaded and rendered glyph slot into px, scaling
 * colour (BGRA) bitmaps by scale. Returns false (px empty, nothing
 * allocated) if there is nothing to draw or the pixel mode is unknown. */
bool lk_glyph_pixels_copy(const struct FT_GlyphSlotRec_ *gs, float scale, struct lk_glyph_pixels *px);
