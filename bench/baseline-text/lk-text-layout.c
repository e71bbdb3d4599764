/*
 * Linkon — text layout: UTF-8 decoding, line breaking, ellipsis and
 * rasterising into premultiplied BGRA (contract in lk-text.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Shaping is naive: one glyph per code point, advances from the face that
 * has the character, no kerning, no bidi (right-to-left text is drawn in
 * logical order), combining marks are drawn where the face puts them (most
 * have no advance). Breaking follows the simple core of UAX #14: at spaces,
 * before and after CJK characters (ideographs, kana, hangul, fullwidth
 * forms, emoji), never before closing punctuation (，。！）」 , . ! ?…) or
 * after opening punctuation, never inside a sequence glued by a joiner,
 * variation selector or combining mark; a word wider than a line is broken
 * where it overflows. Spaces at soft line ends are dropped.
 *
 * Sizes: every line is laid out in the wrap width (max_width, or 8192 px
 * when max_width is 0, so unlimited text still wraps at the GPU texture
 * limit). The bitmap is as wide as the widest line (never wider than the
 * wrap width: a single glyph wider than the line is clipped) and lines *
 * line height tall, at most 8192 px: past that the text is cut with "…" as
 * if max_lines were reached. Alignment is within the bitmap width.
 */
#include "rename.h"
#include "lk-text-priv.h"

#include <util/bmem.h>
#include <util/darray.h>

#include <string.h>

#define MAX_SIDE 8192
#define MAX_LINES 1024

struct item {
	struct lk_glyph g;
	int off; /* tabular digits: glyph offset inside its cell */
};

struct line {
	size_t start, end; /* code points [start, end), trailing spaces trimmed */
	int width;         /* px, ellipsis included */
	bool ellipsis;
};

struct layout {
	const struct lk_text_style *style;
	struct lk_font *font;
	int size;
	int wrap;
	int max_lines;
	uint32_t *cps;
	size_t n;
	DARRAY(struct item) items; /* resolved lazily, in order */
	int digit_cell;
	struct lk_glyph ell[3];
	size_t ell_n;
	int ell_w;
	struct lk_line_metrics m;
	DARRAY(struct line) lines;
	bool ellipsized;
	uint32_t cx, cy;
};

/* ---- UTF-8 ---------------------------------------------------------------- */

static size_t utf8_seq(const uint8_t *p, size_t left, uint32_t *cp)
{
	uint32_t c = p[0], min;
	size_t k;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		k = 1, c &= 0x1f, min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		k = 2, c &= 0x0f, min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		k = 3, c &= 0x07, min = 0x10000;
	} else {
		*cp = 0xfffd;
		return 1;
	}
	for (size_t j = 1; j <= k; j++) {
		if (j >= left || (p[j] & 0xc0) != 0x80) {
			*cp = 0xfffd;
			return 1;
		}
		c = (c << 6) | (p[j] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
		*cp = 0xfffd;
		return 1;
	}
	*cp = c;
	return k + 1;
}

/* Decodes into l->cps; "\r\n", "\r", U+2028 and U+2029 become '\n'. */
static void decode(struct layout *l, const char *utf8)
{
	const uint8_t *p = (const uint8_t *)utf8;
	size_t len = strlen(utf8), i = 0;

	l->cps = bmalloc((len + 1) * sizeof(uint32_t));
	l->n = 0;
	while (i < len) {
		uint32_t cp;
		i += utf8_seq(p + i, len - i, &cp);
		if (cp == '\r' && i < len && p[i] == '\n')
			continue;
		if (cp == '\r' || cp == 0x2028 || cp == 0x2029)
			cp = '\n';
		l->cps[l->n++] = cp;
	}
}

/* ---- character classes ---------------------------------------------------- */

static bool in_list(uint32_t c, const uint16_t *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (list[i] == c)
			return true;
	}
	return false;
}

static const uint16_t closers[] = {
	'!',    ')',    ',',    '.',    ':',    ';',    '?',    ']',    '}',    '%',    0x2019, 0x201d, 0x2026,
	0x2025, 0x3001, 0x3002, 0x3009, 0x300b, 0x300d, 0x300f, 0x3011, 0x3015, 0x3017, 0x3019, 0x301b, 0x301e,
	0x301f, 0x30fb, 0x30fc, 0x3041, 0x3043, 0x3045, 0x3047, 0x3049, 0x3063, 0x3083, 0x3085, 0x3087, 0x308e,
	0x30a1, 0x30a3, 0x30a5, 0x30a7, 0x30a9, 0x30c3, 0x30e3, 0x30e5, 0x30e7, 0x30ee, 0x30f5, 0x30f6, 0xff01,
	0xff05, 0xff09, 0xff0c, 0xff0e, 0xff1a, 0xff1b, 0xff1f, 0xff3d, 0xff5d, 0xff60, 0xff61, 0xff63, 0xff64,
};

static const uint16_t openers[] = {
	'(',    '[',    '{',    0x2018, 0x201c, 0x3008, 0x300a, 0x300c, 0x300e, 0x3010,
	0x3014, 0x3016, 0x3018, 0x301a, 0x301d, 0xff08, 0xff3b, 0xff5b, 0xff5f, 0xff62,
};

/* Spaces that allow a break (not NBSP, U+2007, U+202F). ZWSP is one too. */
static bool is_space(uint32_t c)
{
	return c == ' ' || c == '\t' || c == 0x3000 || (c >= 0x2000 && c <= 0x200b && c != 0x2007) || c == 0x205f;
}

/* Code points that belong to the one before them. */
static bool is_glue(uint32_t c)
{
	return (c >= 0x300 && c <= 0x36f) || (c >= 0x1ab0 && c <= 0x1aff) || (c >= 0x1dc0 && c <= 0x1dff) ||
	       (c >= 0x20d0 && c <= 0x20ff) || (c >= 0xfe20 && c <= 0xfe2f) || (c >= 0xfe00 && c <= 0xfe0f) ||
	       c == 0x200c || c == 0x200d || (c >= 0x1f3fb && c <= 0x1f3ff) || (c >= 0xe0000 && c <= 0xe0fff);
}

/* Characters with a break opportunity on both sides (UAX #14 class ID). */
static bool is_wide(uint32_t c)
{
	return (c >= 0x2e80 && c <= 0x2fff) || (c >= 0x3001 && c <= 0x33ff) || (c >= 0x3400 && c <= 0x4dbf) ||
	       (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xa000 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7af) ||
	       (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xffef) ||
	       (c >= 0x1f000 && c <= 0x1faff) || (c >= 0x20000 && c <= 0x3ffff);
}

static bool can_break(uint32_t prev, uint32_t cur)
{
	if (is_space(cur) || is_glue(cur) || prev == 0x200d || cur == '\n')
		return false;
	if (in_list(cur, closers, sizeof(closers) / sizeof(closers[0])) ||
	    in_list(prev, openers, sizeof(openers) / sizeof(openers[0])))
		return false;
	return is_space(prev) || is_wide(prev) || is_wide(cur);
}

/* ---- line breaking -------------------------------------------------------- */

static const struct item *item_at(struct layout *l, size_t i)
{
	while (l->items.num <= i) {
		uint32_t cp = l->cps[l->items.num];
		struct item *it = da_push_back_new(l->items);
		lk_font_lookup(l->font, cp, l->size, &it->g);
		if (l->digit_cell && cp >= '0' && cp <= '9') {
			it->off = (l->digit_cell - it->g.adv) / 2;
			it->g.adv = l->digit_cell;
		}
	}
	return &l->items.array[i];
}

static size_t trim_end(const struct layout *l, size_t s, size_t e)
{
	while (e > s && is_space(l->cps[e - 1]))
		e--;
	return e;
}

/* Lays out one line from s; *next is where the following line starts. */
static void layout_line(struct layout *l, size_t s, struct line *ln, size_t *next)
{
	int w = 0, ink = 0, bp_ink = 0;
	size_t bp = 0, i;
	bool content = false;

	for (i = s; i < l->n; i++) {
		uint32_t cp = l->cps[i];
		if (cp == '\n') {
			*ln = (struct line){.start = s, .end = trim_end(l, s, i), .width = ink};
			*next = i + 1;
			return;
		}
		if (content && can_break(l->cps[i - 1], cp)) {
			bp = i;
			bp_ink = ink;
		}
		int adv = item_at(l, i)->g.adv;
		if (!is_space(cp)) {
			if (i > s && w + adv > l->wrap)
				break;
			ink = w + adv;
			content = true;
		}
		w += adv;
	}
	*next = i;
	if (i < l->n && bp > s) {
		*ln = (struct line){.start = s, .end = trim_end(l, s, bp), .width = bp_ink};
		*next = bp;
	} else {
		*ln = (struct line){.start = s, .end = trim_end(l, s, i), .width = ink};
	}
}

static bool has_visible(const struct layout *l, size_t pos)
{
	for (size_t i = pos; i < l->n; i++) {
		if (l->cps[i] > ' ' && !is_space(l->cps[i]))
			return true;
	}
	return false;
}

/* Shortens the last line until it fits with "…" after it. */
static void ellipsize(struct layout *l)
{
	struct line *ln = &l->lines.array[l->lines.num - 1];
	size_t e = ln->end;
	int w = 0;

	for (size_t i = ln->start; i < e; i++)
		w += item_at(l, i)->g.adv;
	while (e > ln->start &&
	       (w + l->ell_w > l->wrap || is_space(l->cps[e - 1]) || (e < l->n && is_glue(l->cps[e])))) {
		e--;
		w -= item_at(l, e)->g.adv;
	}
	ln->end = e;
	ln->width = w + l->ell_w;
	ln->ellipsis = true;
	l->ellipsized = true;
}

static void layout_run(struct layout *l)
{
	size_t pos = 0;

	while (pos < l->n) {
		if ((int)l->lines.num >= l->max_lines) {
			if (has_visible(l, pos))
				ellipsize(l);
			break;
		}
		struct line ln;
		layout_line(l, pos, &ln, &pos);
		da_push_back(l->lines, &ln);
	}
	int widest = 0;
	for (size_t k = 0; k < l->lines.num; k++) {
		if (l->lines.array[k].width > widest)
			widest = l->lines.array[k].width;
	}
	l->cx = (uint32_t)(widest < l->wrap ? widest : l->wrap);
	l->cy = (uint32_t)l->lines.num * (uint32_t)l->m.height;
	if (!l->cx || !l->cy)
		l->cx = l->cy = 0;
}

/* ---- setup ---------------------------------------------------------------- */

static void layout_setup(struct layout *l)
{
	const struct lk_text_style *st = l->style;
	struct lk_glyph dot;

	lk_font_line_metrics(l->font, l->size, &l->m);
	l->wrap = st->max_width > 0 && st->max_width < MAX_SIDE ? st->max_width : MAX_SIDE;
	l->max_lines = st->max_lines > 0 && st->max_lines < MAX_LINES ? st->max_lines : MAX_LINES;
	if (l->max_lines > MAX_SIDE / l->m.height)
		l->max_lines = MAX_SIDE / l->m.height > 0 ? MAX_SIDE / l->m.height : 1;

	for (uint32_t d = '0'; st->tabular_digits && d <= '9'; d++) {
		struct lk_glyph g;
		lk_font_lookup(l->font, d, l->size, &g);
		if (g.adv > l->digit_cell)
			l->digit_cell = g.adv;
	}

	lk_font_lookup(l->font, 0x2026, l->size, &l->ell[0]);
	l->ell_n = 1;
	if (l->ell[0].missing) {
		lk_font_lookup(l->font, '.', l->size, &dot);
		l->ell[0] = l->ell[1] = l->ell[2] = dot;
		l->ell_n = 3;
	}
	for (size_t i = 0; i < l->ell_n; i++)
		l->ell_w += l->ell[i].adv;
}

static void layout_free(struct layout *l)
{
	bfree(l->cps);
	da_free(l->items);
	da_free(l->lines);
}

/* ---- rasterising ---------------------------------------------------------- */

static inline uint32_t mul255(uint32_t a, uint32_t b)
{
	return (a * b + 127) / 255;
}

/* "Over" of one premultiplied BGRA pixel onto another. */
static inline void blend(uint8_t *d, uint32_t b, uint32_t g, uint32_t r, uint32_t a)
{
	uint32_t inv = 255 - a;
	d[0] = (uint8_t)(b + mul255(d[0], inv));
	d[1] = (uint8_t)(g + mul255(d[1], inv));
	d[2] = (uint8_t)(r + mul255(d[2], inv));
	d[3] = (uint8_t)(a + mul255(d[3], inv));
}

static void blend_coverage(const struct layout *l, uint8_t *d, uint32_t cov)
{
	uint32_t c = l->style->color;
	uint32_t a = mul255(cov, c >> 24);
	if (a)
		blend(d, mul255(c & 0xff, a), mul255((c >> 8) & 0xff, a), mul255((c >> 16) & 0xff, a), a);
}

static void draw_glyph(struct layout *l, uint8_t *data, const struct lk_glyph *g, int pen_x, int base_y)
{
	struct lk_glyph_image img;
	uint32_t alpha = l->style->color >> 24;

	if (!lk_font_raster(l->font, g, l->size, &img))
		return;
	for (uint32_t y = 0; y < img.h; y++) {
		int64_t dy = (int64_t)base_y - img.top + y;
		if (dy < 0 || dy >= (int64_t)l->cy)
			continue;
		for (uint32_t x = 0; x < img.w; x++) {
			int64_t dx = (int64_t)pen_x + img.left + x;
			if (dx < 0 || dx >= (int64_t)l->cx)
				continue;
			uint8_t *d = data + ((size_t)dy * l->cx + (size_t)dx) * 4;
			if (!img.color) {
				blend_coverage(l, d, img.pix[(size_t)y * img.w + x]);
				continue;
			}
			const uint8_t *s = img.pix + ((size_t)y * img.w + x) * 4;
			blend(d, mul255(s[0], alpha), mul255(s[1], alpha), mul255(s[2], alpha), mul255(s[3], alpha));
		}
	}
}

static void draw_strike(struct layout *l, uint8_t *data, int x0, int line_top, int width)
{
	int y0 = line_top + l->m.strike_y - l->m.strike_size / 2;

	for (int y = y0; y < y0 + l->m.strike_size; y++) {
		if (y < 0 || y >= (int)l->cy)
			continue;
		for (int x = x0 < 0 ? 0 : x0; x < x0 + width && x < (int)l->cx; x++)
			blend_coverage(l, data + ((size_t)y * l->cx + (size_t)x) * 4, 255);
	}
}

static void draw_line(struct layout *l, uint8_t *data, const struct line *ln, int top)
{
	int x0 = 0, base = top + l->m.ascent;

	if (l->style->align == LK_ALIGN_CENTER)
		x0 = ((int)l->cx - ln->width) / 2;
	else if (l->style->align == LK_ALIGN_RIGHT)
		x0 = (int)l->cx - ln->width;
	if (x0 < 0)
		x0 = 0;

	int x = x0;
	for (size_t i = ln->start; i < ln->end; i++) {
		const struct item *it = item_at(l, i);
		draw_glyph(l, data, &it->g, x + it->off, base);
		x += it->g.adv;
	}
	for (size_t i = 0; ln->ellipsis && i < l->ell_n; i++) {
		draw_glyph(l, data, &l->ell[i], x, base);
		x += l->ell[i].adv;
	}
	if (l->style->strike && ln->width > 0)
		draw_strike(l, data, x0, top, ln->width);
}

/* ---- public --------------------------------------------------------------- */

static bool text_layout(const char *utf8, const struct lk_text_style *style, struct lk_text_bitmap *out, bool pixels)
{
	memset(out, 0, sizeof(*out));
	if (!style || !style->font)
		return false;
	if (style->size_px <= 0 || !utf8 || !*utf8)
		return true;

	struct layout l = {.style = style, .font = style->font, .size = style->size_px};
	if (l.size > LK_TEXT_MAX_SIZE)
		l.size = LK_TEXT_MAX_SIZE;
	decode(&l, utf8);

	lk_font_lock(l.font);
	layout_setup(&l);
	layout_run(&l);
	if (pixels && l.cx && l.cy) {
		out->data = bzalloc((size_t)l.cx * l.cy * 4);
		for (size_t k = 0; k < l.lines.num; k++)
			draw_line(&l, out->data, &l.lines.array[k], (int)k * l.m.height);
	}
	lk_font_unlock(l.font);

	out->cx = l.cx;
	out->cy = l.cy;
	out->lines = (int)l.lines.num;
	out->ellipsized = l.ellipsized;
	layout_free(&l);
	return true;
}

bool lk_text_render(const char *utf8, const struct lk_text_style *style, struct lk_text_bitmap *out)
{
	return text_layout(utf8, style, out, true);
}

bool lk_text_measure(const char *utf8, const struct lk_text_style *style, uint32_t *cx, uint32_t *cy, int *lines)
{
	struct lk_text_bitmap bmp;
	bool ok = text_layout(utf8, style, &bmp, false);

	if (cx)
		*cx = bmp.cx;
	if (cy)
		*cy = bmp.cy;
	if (lines)
		*lines = bmp.lines;
	return ok;
}

void lk_text_bitmap_free(struct lk_text_bitmap *bmp)
{
	if (!bmp)
		return;
	bfree(bmp->data);
	memset(bmp, 0, sizeof(*bmp));
}
