/*
 * Linkon — text layout and rasterisation with FreeType + fontconfig.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Why not a child text_ft2_source_v2: it cannot tell how many lines a text
 * wraps to before it is drawn, cannot ellipsize after N lines, has no font
 * fallback (a CJK title in a Latin font draws boxes) and no tabular digits.
 *
 * The CPU part (lk_font_*, lk_text_layout_render) touches no gs_* and is
 * unit-tested. lk_text_tex_* is the graphics part.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A family resolved by fontconfig plus fallbacks for glyphs it lacks
 * (CJK, symbols). Loaded once, shared, ref-counted, thread-safe. */
struct lk_font;

/* Resolves face (e.g. "Noto Sans", may be NULL for the default sans) with
 * bold flag. Does file I/O: call from the UI thread (source create/update)
 * or a worker, not from video_render. Returns a new reference or NULL if
 * no usable font exists at all (then a message is logged once). */
struct lk_font *lk_font_get(const char *face, bool bold);
void lk_font_release(struct lk_font *font);
/* Frees fontconfig/FreeType globals; call on module unload. */
void lk_font_shutdown(void);

enum lk_text_align { LK_ALIGN_LEFT = 0, LK_ALIGN_CENTER, LK_ALIGN_RIGHT };

struct lk_text_style {
	struct lk_font *font; /* borrowed */
	int size_px;          /* pixel size of the em */
	uint32_t color;       /* 0xAARRGGBB */
	int max_width;        /* wrap/ellipsize width in px; 0 = unlimited, single line */
	int max_lines;        /* lines before "…" is put; 0 = unlimited */
	bool tabular_digits;  /* all digits take the widest digit's advance */
	bool strike;          /* draw a line through the middle (original price) */
	enum lk_text_align align;
};

/* A rendered text: premultiplied BGRA, rows of cx * 4 bytes. */
struct lk_text_bitmap {
	uint8_t *data; /* bmalloc'd; NULL if cx or cy is 0 */
	uint32_t cx, cy;
	int lines;       /* lines laid out */
	bool ellipsized; /* text was cut and ends with "…" */
};

/* Lays out utf8 (invalid sequences become U+FFFD) with style: wraps at
 * spaces, between CJK characters, and inside words longer than a line;
 * cuts at max_lines with "…". The bitmap is never wider than max_width
 * (when set). Any thread (serialised per font internally). Returns false
 * (and an empty bitmap) only if style->font is NULL. */
bool lk_text_render(const char *utf8, const struct lk_text_style *style, struct lk_text_bitmap *out);
/* Only measures: same layout, no pixels. */
bool lk_text_measure(const char *utf8, const struct lk_text_style *style, uint32_t *cx, uint32_t *cy, int *lines);
void lk_text_bitmap_free(struct lk_text_bitmap *bmp);

/* ---- graphics part ------------------------------------------------------ */

/* A text kept as a texture; re-rendered only when text or style changes.
 * Owned by one source; graphics thread only. */
struct lk_text_tex {
	char *text;
	struct lk_text_style style;
	void *texture; /* gs_texture_t * */
	uint32_t cx, cy;
	int lines;
};

/* In video_tick: (re)renders if text/style differ from last time. Enters
 * graphics itself to upload. Returns true if it changed. */
bool lk_text_tex_set(struct lk_text_tex *t, const char *text, const struct lk_text_style *style);
/* In video_render: draws at x,y with the current effect-free default
 * pipeline (premultiplied alpha), opacity 0..1. */
void lk_text_tex_draw(const struct lk_text_tex *t, float x, float y, float opacity);
/* Frees the texture (enters graphics itself). */
void lk_text_tex_free(struct lk_text_tex *t);

#ifdef __cplusplus
}
#endif
