/*
 * Linkon tests — the text engine (Pango + cairo): layout, wrapping,
 * ellipsis, fallback fonts, odd Unicode, tabular digits, strike, colour;
 * shaping of every market's script, right-to-left runs, emoji sequences as
 * one colour cluster, kerning, the font dialog's styles; the text worker.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "lk-png.h"
#include "sources/lk-text.h"

#include <obs-data.h>
#include <util/bmem.h>
#include <util/platform.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct lk_font *sans;   /* default sans-serif */
static struct lk_font *dejavu; /* a Latin face without CJK */

static struct lk_text_style style_of(struct lk_font *font, int size)
{
	return (struct lk_text_style){.font = font, .size_px = size, .color = 0xffffffff};
}

static size_t count_ink(const struct lk_text_bitmap *b, uint8_t min_alpha)
{
	size_t n = 0;
	for (size_t i = 0; b->data && i < (size_t)b->cx * b->cy; i++)
		n += b->data[i * 4 + 3] >= min_alpha;
	return n;
}

/* Ink bounding box of rows [y0, y1): returns false if no ink. */
static bool ink_box(const struct lk_text_bitmap *b, uint32_t y0, uint32_t y1, uint32_t *x_min, uint32_t *x_max)
{
	bool any = false;
	*x_min = UINT32_MAX;
	*x_max = 0;
	for (uint32_t y = y0; y < y1 && y < b->cy; y++) {
		for (uint32_t x = 0; x < b->cx; x++) {
			if (b->data[((size_t)y * b->cx + x) * 4 + 3] < 64)
				continue;
			any = true;
			*x_min = x < *x_min ? x : *x_min;
			*x_max = x > *x_max ? x : *x_max;
		}
	}
	return any;
}

static void save_png(const char *name, const struct lk_text_bitmap *b)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", LK_ARTIFACTS_DIR, name);
	assert_true(lk_png_write(path, b->data, b->cx, b->cy, b->cx * 4));
}

static uint32_t width_of(const char *text, const struct lk_text_style *st)
{
	uint32_t cx = 0, cy = 0;
	int lines = 0;
	assert_true(lk_text_measure(text, st, &cx, &cy, &lines));
	return cx;
}

static int setup(void **state)
{
	sans = lk_font_get(NULL, false);
	dejavu = lk_font_get("DejaVu Sans", false);
	return sans && dejavu ? 0 : -1;
}

static int teardown(void **state)
{
	lk_font_release(sans);
	lk_font_release(dejavu);
	lk_font_shutdown();
	return 0;
}

static void test_font_resolves(void **state)
{
	struct lk_font *a = lk_font_get("", false);
	struct lk_font *b = lk_font_get("sans-serif", false);
	struct lk_font *bold = lk_font_get(NULL, true);
	struct lk_font *unknown = lk_font_get("No Such Family 7f3a", false);

	assert_ptr_equal(a, sans); /* "" and NULL are the default sans, cached */
	assert_ptr_equal(b, sans);
	assert_non_null(bold);
	assert_ptr_not_equal(bold, sans);
	assert_non_null(unknown); /* fontconfig substitutes */

	/* bold really is heavier: more ink for the same text */
	struct lk_text_style st = style_of(sans, 32);
	struct lk_text_bitmap r, bb;
	assert_true(lk_text_render("Linkon sale", &st, &r));
	st.font = bold;
	assert_true(lk_text_render("Linkon sale", &st, &bb));
	assert_true(count_ink(&bb, 128) > count_ink(&r, 128));
	lk_text_bitmap_free(&r);
	lk_text_bitmap_free(&bb);

	lk_font_release(a);
	lk_font_release(b);
	lk_font_release(bold);
	lk_font_release(unknown);
}

static void test_width_grows(void **state)
{
	struct lk_text_style st = style_of(sans, 24);
	uint32_t prev = 0, line_h = 0;
	const char *texts[] = {"A", "AB", "ABC def", "ABC def ghij klmno"};

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		uint32_t cx, cy;
		int lines;
		assert_true(lk_text_measure(texts[i], &st, &cx, &cy, &lines));
		assert_int_equal(lines, 1);
		assert_true(cx > prev);
		assert_true(cy >= 24);
		if (line_h)
			assert_int_equal(cy, line_h);
		line_h = cy;
		prev = cx;

		struct lk_text_bitmap b;
		assert_true(lk_text_render(texts[i], &st, &b));
		assert_int_equal(b.cx, cx);
		assert_int_equal(b.cy, cy);
		assert_non_null(b.data);
		assert_true(count_ink(&b, 128) > 10);
		lk_text_bitmap_free(&b);
	}
	/* bigger size, wider text */
	st.size_px = 48;
	assert_true(width_of("ABC def", &st) >
		    width_of("ABC def", &(struct lk_text_style){.font = sans, .size_px = 24}));
}

static void test_long_title_ellipsized(void **state)
{
	char title[256] = "";
	while (strlen(title) < 200)
		strcat(title, "Wireless earbuds with noise cancelling ");
	title[200] = '\0';

	struct lk_text_style st = style_of(sans, 22);
	st.max_width = 300;
	st.max_lines = 2;
	struct lk_text_bitmap b;
	assert_true(lk_text_render(title, &st, &b));
	assert_int_equal(b.lines, 2);
	assert_true(b.ellipsized);
	assert_true(b.cx <= 300);
	assert_true(b.cx > 200); /* the lines are actually filled */

	uint32_t one_cx, one_cy;
	int one_lines;
	assert_true(lk_text_measure("Wireless", &st, &one_cx, &one_cy, &one_lines));
	assert_int_equal(b.cy, 2 * one_cy);
	/* both lines have ink */
	uint32_t x0, x1;
	assert_true(ink_box(&b, 0, one_cy, &x0, &x1));
	assert_true(ink_box(&b, one_cy, 2 * one_cy, &x0, &x1));
	save_png("text-title-ellipsized.png", &b);
	lk_text_bitmap_free(&b);

	/* without max_lines it all shows on more lines, still within width */
	st.max_lines = 0;
	uint32_t cx, cy;
	int lines;
	assert_true(lk_text_measure(title, &st, &cx, &cy, &lines));
	assert_true(lines > 2);
	assert_true(cx <= 300);
	assert_int_equal(cy, (uint32_t)lines * one_cy);

	/* short text fits: no ellipsis */
	st.max_lines = 2;
	assert_true(lk_text_render("Earbuds", &st, &b));
	assert_int_equal(b.lines, 1);
	assert_false(b.ellipsized);
	lk_text_bitmap_free(&b);
}

static void test_cjk_wraps(void **state)
{
	const char *title = "夏季新款纯棉短袖T恤男女同款宽松百搭，限时秒杀！买二送一，包邮到家。官方正品保证";
	struct lk_font *fonts[] = {sans, dejavu};

	for (size_t f = 0; f < 2; f++) {
		struct lk_text_style st = style_of(fonts[f], 28);
		st.max_width = 260;
		struct lk_text_bitmap b;
		assert_true(lk_text_render(title, &st, &b));
		assert_true(b.lines > 1);
		assert_false(b.ellipsized);
		assert_true(b.cx <= 260);
		assert_true(b.cx > 200); /* lines are filled, not one glyph each */
		assert_true(count_ink(&b, 128) > 500);
		if (f == 1)
			save_png("text-cjk-wrapped-dejavu.png", &b);
		lk_text_bitmap_free(&b);

		st.max_lines = 2;
		assert_true(lk_text_render(title, &st, &b));
		assert_int_equal(b.lines, 2);
		assert_true(b.ellipsized);
		assert_true(b.cx <= 260);
		lk_text_bitmap_free(&b);
	}
}

static bool same_pixels(const struct lk_text_bitmap *a, const struct lk_text_bitmap *b)
{
	return a->cx == b->cx && a->cy == b->cy && memcmp(a->data, b->data, (size_t)a->cx * a->cy * 4) == 0;
}

/* A Latin face lacks Han: the fallback chain must draw real, distinct
 * glyphs, not the same .notdef box for every character. */
static void test_cjk_fallback_draws(void **state)
{
	struct lk_text_style st = style_of(dejavu, 40);
	struct lk_text_bitmap zhong, guo, tofu;

	assert_true(lk_text_render("中", &st, &zhong));
	assert_true(lk_text_render("国", &st, &guo));
	assert_true(lk_text_render("\xf3\xb0\x80\x80", &st, &tofu)); /* U+F0000: in no font */
	assert_true(count_ink(&zhong, 128) > 40);
	assert_true(count_ink(&guo, 128) > 40);
	assert_false(same_pixels(&zhong, &guo));
	assert_false(same_pixels(&zhong, &tofu));
	/* a Han glyph is about one em wide */
	assert_true(zhong.cx >= 32 && zhong.cx <= 48);
	lk_text_bitmap_free(&zhong);
	lk_text_bitmap_free(&guo);
	lk_text_bitmap_free(&tofu);
}

/* Exactly sized heap copy: ASan catches any read past the terminator. */
static char *exact_copy(const char *s, size_t len)
{
	char *p = malloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

static char *big_random_text(size_t bytes)
{
	static const char *parts[] = {"sale ",        "限时秒杀",  "🔥",
				      "\xff",         "e\xcc\x81", "שלום ",
				      "\xe2\x80\x8d", "\n",        "superlongwordwithoutanyspacesatall",
				      "\xe4\xb8",     "¥99.00 ",   "\xf0\x9f"};
	char *s = malloc(bytes + 64);
	size_t len = 0;
	uint32_t seed = 12345;
	while (len < bytes) {
		seed = seed * 1103515245u + 12345u;
		const char *p = parts[(seed >> 16) % (sizeof(parts) / sizeof(parts[0]))];
		memcpy(s + len, p, strlen(p));
		len += strlen(p);
	}
	s[len] = '\0';
	return s;
}

static void check_within(const char *text, int max_width, int max_lines)
{
	struct lk_text_style st = style_of(sans, 20);
	struct lk_text_bitmap b;
	st.max_width = max_width;
	st.max_lines = max_lines;
	assert_true(lk_text_render(text, &st, &b));
	assert_true(b.cx <= (uint32_t)max_width);
	assert_true(b.cy <= 8192);
	if (max_lines)
		assert_true(b.lines <= max_lines);
	assert_true((b.data != NULL) == (b.cx > 0 && b.cy > 0));
	lk_text_bitmap_free(&b);
}

static void test_odd_unicode(void **state)
{
	static const char *odd[] = {
		"🛒🔥👍🏽👨‍👩‍👧 flash sale 🎁🎉",
		"e\xcc\x81\xcc\x81\xcc\x81\xcc\x81 Z\xcd\x91\xcd\x92\xcd\x93\xcd\x94 combining",
		"שלום עולם مرحبا بالعالم mixed RTL",
		"zero\xe2\x80\x8dwidth\xe2\x80\x8cjoiners\xe2\x80\x8b\xef\xbb\xbf\xef\xb8\x8f",
		"bad \xff\xfe\xc0\xaf\xed\xa0\x80 bytes \xf4\x90\x80\x80 \xe4\xb8",
		"",
		"     ",
		"\n\n\n",
		"\t tab \r\n crlf \r cr \xe2\x80\xa8 ls",
		"（「限时」）。。。，，，！！！",
	};
	for (size_t i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
		char *s = exact_copy(odd[i], strlen(odd[i]));
		check_within(s, 120, 2);
		check_within(s, 120, 0);
		check_within(s, 3, 1); /* narrower than any glyph */
		free(s);
	}

	/* emoji sample for a look */
	struct lk_text_style st = style_of(sans, 20);
	struct lk_text_bitmap b;
	st.max_width = 400;
	st.max_lines = 3;
	assert_true(lk_text_render(odd[0], &st, &b));
	assert_true(b.cx > 0 && b.cx <= 400);
	save_png("text-emoji.png", &b);
	lk_text_bitmap_free(&b);
}

static void test_invalid_utf8(void **state)
{
	/* truncated sequences at the very end of the buffer */
	static const char *tails[] = {"\xe4", "\xe4\xb8", "\xf0\x9f\x94", "\xc3"};
	for (size_t i = 0; i < sizeof(tails) / sizeof(tails[0]); i++) {
		char *s = exact_copy(tails[i], strlen(tails[i]));
		check_within(s, 100, 1);
		free(s);
	}

	/* invalid bytes become U+FFFD, one per byte that starts no valid sequence */
	struct lk_text_style st = style_of(sans, 20);
	assert_int_equal(width_of("a\xff", &st), width_of("a\xef\xbf\xbd", &st));
	assert_int_equal(width_of("a\xe4\xb8", &st), width_of("a\xef\xbf\xbd\xef\xbf\xbd", &st));
	assert_int_equal(width_of("\xed\xa0\x80", &st), 3 * width_of("\xef\xbf\xbd", &st)); /* surrogate */
	assert_int_equal(width_of("\xc0\xaf", &st), 2 * width_of("\xef\xbf\xbd", &st));     /* overlong */
	assert_true(width_of("\xef\xbf\xbd", &st) > 0);

	/* the empty string is an empty bitmap */
	struct lk_text_bitmap b;
	assert_true(lk_text_render("", &st, &b));
	assert_int_equal(b.cx, 0);
	assert_int_equal(b.cy, 0);
	assert_int_equal(b.lines, 0);
	assert_null(b.data);
	assert_true(lk_text_render(NULL, &st, &b));
	assert_null(b.data);
}

static void test_huge_text(void **state)
{
	char *big = big_random_text(100 * 1024);
	struct lk_text_style st = style_of(sans, 20);
	struct lk_text_bitmap b;

	check_within(big, 300, 3);
	check_within(big, 300, 0);
	check_within(big, 8192, 0);
	assert_true(lk_text_render(big, &st, &b)); /* unlimited: capped at the texture limit */
	assert_true(b.cx <= 8192 && b.cy <= 8192);
	assert_true(b.lines > 1); /* hard newlines in the text */
	assert_true(b.ellipsized);
	lk_text_bitmap_free(&b);
	free(big);
}

/* A closing mark never starts a line: the ideograph before it moves down. */
static void test_cjk_closing_punct(void **state)
{
	struct lk_text_style st = style_of(sans, 24);
	uint32_t ten = width_of("一二三四五六七八九十", &st);
	uint32_t nine = width_of("一二三四五六七八九", &st);
	uint32_t cx, cy;
	int lines;

	st.max_width = (int)ten;
	assert_true(lk_text_measure("一二三四五六七八九十一二", &st, &cx, &cy, &lines));
	assert_int_equal(lines, 2);
	assert_int_equal(cx, ten);
	assert_true(lk_text_measure("一二三四五六七八九十，一二", &st, &cx, &cy, &lines));
	assert_int_equal(lines, 2);
	assert_int_equal(cx, nine);
}

/* Noto Serif CJK (fonts-noto-cjk) has proportional digits: "1" is
 * narrower than "8" there, which tabular_digits (the font's OpenType
 * "tnum" feature) must even out. */
static void test_tabular_digits(void **state)
{
	struct lk_font *serif = lk_font_get("Noto Serif CJK SC", false);
	struct lk_text_style plain = style_of(serif, 40);
	struct lk_text_style st = plain;
	st.tabular_digits = true;

	assert_true(width_of("1111", &plain) < width_of("8888", &plain));
	assert_int_equal(width_of("0:11", &st), width_of("0:88", &st));
	assert_int_equal(width_of("1111", &st), width_of("8888", &st));
	/* the tabular cell is a real digit's width, between "1" and "8" */
	assert_true(width_of("1111", &st) > width_of("1111", &plain));
	assert_true(width_of("8888", &st) <= width_of("8888", &plain));
	assert_true(width_of("0:11", &st) < width_of("0:111", &st));

	/* a digit is centered in its cell: ink of "1" sits around the middle */
	struct lk_text_bitmap b;
	uint32_t x0, x1;
	assert_true(lk_text_render("1", &st, &b));
	assert_int_equal(b.cx, width_of("8", &st));
	assert_true(ink_box(&b, 0, b.cy, &x0, &x1));
	int mid = (int)(x0 + x1) / 2, center = (int)b.cx / 2;
	assert_true(abs(mid - center) <= 3);
	lk_text_bitmap_free(&b);

	/* the default sans keeps working with it */
	st.font = sans;
	assert_int_equal(width_of("0:11", &st), width_of("0:88", &st));
	lk_font_release(serif);
}

/* A row where at least 90% of the pixels are (nearly) opaque. */
static bool has_full_row(const struct lk_text_bitmap *b)
{
	for (uint32_t y = 0; y < b->cy; y++) {
		uint32_t n = 0;
		for (uint32_t x = 0; x < b->cx; x++)
			n += b->data[((size_t)y * b->cx + x) * 4 + 3] >= 200;
		if (n * 10 >= b->cx * 9)
			return true;
	}
	return false;
}

static void test_strike(void **state)
{
	struct lk_text_style st = style_of(sans, 36);
	st.color = 0xff999999;
	struct lk_text_bitmap plain, struck;

	assert_true(lk_text_render("$129.90", &st, &plain));
	st.strike = true;
	assert_true(lk_text_render("$129.90", &st, &struck));
	assert_int_equal(plain.cx, struck.cx);
	assert_int_equal(plain.cy, struck.cy);
	assert_true(count_ink(&struck, 128) > count_ink(&plain, 128) + plain.cx / 2);
	assert_false(has_full_row(&plain));
	assert_true(has_full_row(&struck));
	save_png("text-strike.png", &struck);
	lk_text_bitmap_free(&plain);
	lk_text_bitmap_free(&struck);
}

static void test_color_premultiplied(void **state)
{
	struct lk_text_style st = style_of(sans, 32);
	st.color = 0xffe02020; /* red */
	struct lk_text_bitmap b;
	assert_true(lk_text_render("Hot deal", &st, &b));
	size_t red = 0;
	for (size_t i = 0; i < (size_t)b.cx * b.cy; i++) {
		const uint8_t *p = b.data + i * 4;
		assert_true(p[0] <= p[3] && p[1] <= p[3] && p[2] <= p[3]); /* premultiplied */
		if (p[3] == 255) {
			assert_int_equal(p[2], 0xe0);
			assert_int_equal(p[1], 0x20);
			assert_int_equal(p[0], 0x20);
			red++;
		}
	}
	assert_true(red > 50);
	lk_text_bitmap_free(&b);

	st.color = 0x80ffffff; /* half transparent white */
	assert_true(lk_text_render("Hot deal", &st, &b));
	uint8_t max_a = 0;
	for (size_t i = 0; i < (size_t)b.cx * b.cy; i++)
		max_a = b.data[i * 4 + 3] > max_a ? b.data[i * 4 + 3] : max_a;
	assert_int_equal(max_a, 0x80);
	lk_text_bitmap_free(&b);
}

static void test_align_and_newlines(void **state)
{
	struct lk_text_style st = style_of(sans, 24);
	uint32_t cx, cy, one_cy;
	int lines;

	assert_true(lk_text_measure("W", &st, &cx, &one_cy, &lines));
	assert_true(lk_text_measure("a\n\nb", &st, &cx, &cy, &lines));
	assert_int_equal(lines, 3);
	assert_int_equal(cy, 3 * one_cy);
	assert_true(lk_text_measure("abc\n", &st, &cx, &cy, &lines));
	assert_int_equal(lines, 1);

	const enum lk_text_align aligns[] = {LK_ALIGN_LEFT, LK_ALIGN_CENTER, LK_ALIGN_RIGHT};
	for (int a = 0; a < 3; a++) {
		struct lk_text_bitmap b;
		uint32_t x0, x1;
		st.align = aligns[a];
		assert_true(lk_text_render("WWWWWWWW\ni", &st, &b));
		assert_int_equal(b.lines, 2);
		assert_true(ink_box(&b, one_cy, 2 * one_cy, &x0, &x1));
		int mid = (int)(x0 + x1) / 2;
		if (aligns[a] == LK_ALIGN_LEFT)
			assert_true(x1 < b.cx / 4);
		else if (aligns[a] == LK_ALIGN_RIGHT)
			assert_true(x0 > b.cx * 3 / 4);
		else
			assert_true(abs(mid - (int)b.cx / 2) <= 4);
		if (aligns[a] == LK_ALIGN_CENTER)
			save_png("text-center.png", &b);
		lk_text_bitmap_free(&b);
	}
}

static void test_edge_styles(void **state)
{
	struct lk_text_bitmap b;
	struct lk_text_style st = style_of(NULL, 20);
	uint32_t cx = 1, cy = 1;
	int lines = 1;

	assert_false(lk_text_render("x", &st, &b));
	assert_null(b.data);
	assert_false(lk_text_measure("x", &st, &cx, &cy, &lines));
	assert_int_equal(cx, 0);

	st = style_of(sans, 0);
	assert_true(lk_text_render("x", &st, &b));
	assert_null(b.data);

	st = style_of(sans, 5000); /* clamped, never wider than max_width */
	st.max_width = 500;
	st.max_lines = 1;
	assert_true(lk_text_render("Big text", &st, &b));
	assert_true(b.cx <= 500 && b.cy <= 8192);
	lk_text_bitmap_free(&b);

	st = style_of(sans, 20);
	st.max_width = 40;
	st.max_lines = 1;
	assert_true(lk_text_render("An ellipsis must fit too", &st, &b));
	assert_true(b.ellipsized);
	assert_true(b.cx <= 40);
	lk_text_bitmap_free(&b);
	lk_text_bitmap_free(NULL);
}

struct render_job {
	struct lk_font *font;
	int size;
	size_t ink;
};

static void *render_thread(void *arg)
{
	struct render_job *job = arg;
	struct lk_text_style st = style_of(job->font, job->size);
	st.max_width = 200;
	for (int i = 0; i < 30; i++) {
		struct lk_text_bitmap b;
		lk_text_render("并发 render 测试 0123 🔥", &st, &b);
		job->ink = count_ink(&b, 128);
		lk_text_bitmap_free(&b);
	}
	return NULL;
}

static void test_threads_share_font(void **state)
{
	struct render_job jobs[3] = {{sans, 18, 0}, {sans, 26, 0}, {sans, 18, 0}};
	pthread_t th[3];
	for (int i = 0; i < 3; i++)
		assert_int_equal(pthread_create(&th[i], NULL, render_thread, &jobs[i]), 0);
	for (int i = 0; i < 3; i++)
		pthread_join(th[i], NULL);
	assert_true(jobs[0].ink > 0);
	assert_int_equal(jobs[0].ink, jobs[2].ink);
	assert_true(jobs[1].ink > jobs[0].ink);
}

/* ---- scripts, bidi, emoji (from the shaper's output) -------------------- */

/* Product titles and viewer names of the markets Linkon sells in. */
static const struct {
	const char *lang, *text;
} titles[] = {
	{"th", "🔥เสื้อยืดผ้าฝ้าย 100% ลดราคาพิเศษวันนี้เท่านั้น"},
	{"vi", "Áo thun nữ cổ tròn, chất liệu cotton thoáng mát"},
	{"id", "Kaos wanita lengan pendek, bahan katun premium"},
	{"ar", "عرض خاص: قميص قطني للنساء"},
	{"he", "מבצע מיוחד: חולצת כותנה לנשים"},
	{"hi", "महिलाओं की सूती टी-शर्ट, विशेष ऑफ़र"},
	{"ja", "レディース 綿100% 半袖Tシャツ 期間限定セール"},
	{"ko", "여성 면 반팔 티셔츠 한정 특가"},
	{"zh-TW", "女裝純棉短袖T恤 限時搶購 買二送一"},
};

static struct lk_text_style wide_style(struct lk_font *font, int size)
{
	struct lk_text_style st = style_of(font, size);
	st.max_width = 640;
	st.max_lines = 3;
	return st;
}

static void test_scripts_have_glyphs(void **state)
{
	struct lk_font *fonts[] = {sans, dejavu};
	for (size_t f = 0; f < 2; f++) {
		for (size_t i = 0; i < sizeof(titles) / sizeof(titles[0]); i++) {
			struct lk_text_style st = wide_style(fonts[f], 28);
			struct lk_text_cluster *cl = NULL;
			size_t n = lk_text_clusters(titles[i].text, &st, &cl);
			assert_true(n > 5);
			for (size_t k = 0; k < n; k++) {
				if (cl[k].notdef)
					fail_msg("%s: .notdef at byte %zu of \"%s\"", titles[i].lang, cl[k].start,
						 titles[i].text);
			}
			bfree(cl);

			struct lk_text_bitmap b;
			assert_true(lk_text_render(titles[i].text, &st, &b));
			assert_true(count_ink(&b, 128) > 300);
			char name[64];
			snprintf(name, sizeof(name), "text-script-%s.png", titles[i].lang);
			if (f == 0)
				save_png(name, &b);
			lk_text_bitmap_free(&b);
		}
	}
}

/* Clusters of text sorted by their first byte (logical order). */
static int by_start(const void *a, const void *b)
{
	const struct lk_text_cluster *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

static void assert_rtl_run(const char *text)
{
	struct lk_text_style st = style_of(sans, 30);
	struct lk_text_cluster *cl = NULL;
	size_t n = lk_text_clusters(text, &st, &cl);
	assert_true(n >= 3);
	qsort(cl, n, sizeof(*cl), by_start);
	for (size_t k = 0; k < n; k++) {
		assert_true(cl[k].level % 2 == 1); /* right to left */
		assert_false(cl[k].notdef);
		if (k > 0)
			assert_true(cl[k].x < cl[k - 1].x); /* each next character further left */
	}
	bfree(cl);
	assert_true(lk_text_is_rtl(text));
}

static void test_rtl_laid_out_right_to_left(void **state)
{
	assert_rtl_run("عرضخاص");
	assert_rtl_run("מבצעמיוחד");
	assert_false(lk_text_is_rtl("Sale عرض"));
	assert_true(lk_text_is_rtl("  123 عرض Sale"));
	assert_false(lk_text_is_rtl(""));

	/* Arabic letters join: four behs in a word are narrower than four
	 * isolated ones (ZWNJ between them stops joining) */
	struct lk_text_style st = style_of(sans, 40);
	uint32_t joined = width_of("بببب", &st);
	uint32_t apart = width_of("ب\xe2\x80\x8c"
				  "ب\xe2\x80\x8c"
				  "ب\xe2\x80\x8c"
				  "ب",
				  &st);
	assert_true(joined + 10 < apart);

	/* an RTL text in a bitmap wider than its last line is right-aligned */
	struct lk_text_bitmap b;
	uint32_t x0, x1, one_cy;
	st.max_width = 300;
	assert_true(lk_text_render("عرض خاص لفترة محدودة على جميع القمصان\nقطن", &st, &b));
	assert_true(b.rtl);
	assert_true(b.lines >= 2);
	one_cy = b.cy / (uint32_t)b.lines;
	assert_true(ink_box(&b, b.cy - one_cy, b.cy, &x0, &x1));
	assert_true(x1 > b.cx * 3 / 4 && x0 > b.cx / 4);
	save_png("text-rtl.png", &b);
	lk_text_bitmap_free(&b);
}

/* Opaque pixels in the box whose colour is not the text colour (pure
 * green here): drawn from a colour font, not as a one-colour glyph. */
static size_t colour_pixels(const struct lk_text_bitmap *b, int x, int y, int w, int h)
{
	size_t n = 0;
	for (int yy = y < 0 ? 0 : y; yy < y + h && yy < (int)b->cy; yy++) {
		for (int xx = x < 0 ? 0 : x; xx < x + w && xx < (int)b->cx; xx++) {
			const uint8_t *p = b->data + ((size_t)yy * b->cx + (size_t)xx) * 4;
			n += p[3] > 200 && (p[0] > 60 || p[2] > 60); /* blue or red in it */
		}
	}
	return n;
}

static void test_emoji_sequences_one_colour_cluster(void **state)
{
	static const struct {
		const char *name, *seq;
	} seqs[] = {
		{"zwj-family", "👨‍👩‍👧"},
		{"flag-th", "🇹🇭"},
		{"flag-cn", "🇨🇳"},
		{"skin-tone", "👍🏽"},
		{"keycap", "1\xef\xb8\x8f\xe2\x83\xa3"},
		{"star", "\xe2\xad\x90"},
	};
	struct lk_text_style st = style_of(sans, 40);
	st.color = 0xff00ff00; /* pure green: any other colour comes from the emoji font */

	for (size_t i = 0; i < sizeof(seqs) / sizeof(seqs[0]); i++) {
		char text[64];
		snprintf(text, sizeof(text), "ab %s cd", seqs[i].seq);
		size_t start = 3, end = 3 + strlen(seqs[i].seq);
		struct lk_text_cluster *cl = NULL;
		size_t n = lk_text_clusters(text, &st, &cl), hits = 0;
		const struct lk_text_cluster *emoji = NULL;
		for (size_t k = 0; k < n; k++) {
			assert_false(cl[k].notdef);
			if (cl[k].start < end && cl[k].end > start) {
				hits++;
				emoji = &cl[k];
			}
		}
		if (hits != 1)
			fail_msg("%s: %zu clusters for one sequence", seqs[i].name, hits);
		assert_int_equal(emoji->start, start);
		assert_int_equal(emoji->end, end);
		assert_int_equal(emoji->glyphs, 1);
		assert_true(emoji->color);

		struct lk_text_bitmap b;
		assert_true(lk_text_render(text, &st, &b));
		size_t colour = colour_pixels(&b, emoji->x, emoji->y, emoji->w, emoji->h);
		if (colour < 100)
			fail_msg("%s: only %zu colour pixels in its box", seqs[i].name, colour);
		/* the Latin letters around stay white */
		assert_int_equal(colour_pixels(&b, 0, 0, emoji->x - 2, (int)b.cy), 0);
		char name[64];
		snprintf(name, sizeof(name), "text-emoji-%s.png", seqs[i].name);
		save_png(name, &b);
		lk_text_bitmap_free(&b);
		bfree(cl);
	}
}

/* Noto Sans (the sources' default face) kerns with GPOS only: "AV" is
 * narrower than "A" + "V". */
static void test_kerning_default_face(void **state)
{
	struct lk_font *noto = lk_font_get("Noto Sans", false);
	struct lk_text_style st = style_of(noto, 120);
	assert_true(width_of("AV", &st) + 2 < width_of("A", &st) + width_of("V", &st));
	assert_true(width_of("To", &st) + 4 < width_of("T", &st) + width_of("o", &st));
	lk_font_release(noto);
}

static size_t ink_of(struct lk_font *font, const char *text)
{
	struct lk_text_style st = style_of(font, 40);
	struct lk_text_bitmap b;
	assert_true(lk_text_render(text, &st, &b));
	size_t n = count_ink(&b, 128);
	lk_text_bitmap_free(&b);
	return n;
}

/* The font dialog's style name and flags reach the font. */
static void test_font_dialog_styles(void **state)
{
	struct lk_font *italic = lk_font_get_styled("Noto Sans", "Italic", false, false);
	struct lk_font *flag_italic = lk_font_get_styled("Noto Sans", "Regular", false, true);
	struct lk_font *semibold = lk_font_get_styled("Noto Sans", "SemiBold", false, false);
	/* DejaVu Sans is installed as ExtraLight too (fonts-dejavu-core) */
	struct lk_font *light = lk_font_get_styled("DejaVu Sans", "Extra Light", false, false);
	struct lk_font *dv_regular = lk_font_get_styled("DejaVu Sans", "Book", false, false);
	struct lk_font *light_bold = lk_font_get_styled("Noto Sans", "Light", true, false);
	struct lk_font *regular = lk_font_get_styled("Noto Sans", "Regular", false, false);
	char *d = lk_font_describe(italic);

	assert_non_null(strstr(d, "Italic"));
	bfree(d);
	assert_ptr_equal(italic, flag_italic); /* same description, one font */
	d = lk_font_describe(semibold);
	assert_non_null(strstr(d, "Semi-Bold"));
	bfree(d);
	d = lk_font_describe(light_bold);
	assert_non_null(strstr(d, "Bold"));
	bfree(d);

	const char *text = "Linkon flash sale";
	assert_true(ink_of(light, text) * 3 < ink_of(dv_regular, text) * 2);
	assert_true(ink_of(regular, text) < ink_of(semibold, text));

	/* italic leans: its pixels differ from the upright face's */
	struct lk_text_style st = style_of(regular, 40);
	struct lk_text_bitmap up, it;
	assert_true(lk_text_render("lllll", &st, &up));
	st.font = italic;
	assert_true(lk_text_render("lllll", &st, &it));
	uint32_t ux0, ux1, ix0, ix1;
	/* the top rows of an italic l sit further right than its bottom rows */
	assert_true(ink_box(&it, 0, it.cy / 3, &ix0, &ix1));
	assert_true(ink_box(&it, it.cy * 2 / 3, it.cy, &ux0, &ux1));
	assert_true(ix0 > ux0);
	assert_true(ink_box(&up, 0, up.cy / 3, &ix0, &ix1));
	assert_true(ink_box(&up, up.cy / 2, up.cy * 3 / 4, &ux0, &ux1));
	assert_true(ix0 <= ux0 + 1);
	lk_text_bitmap_free(&up);
	lk_text_bitmap_free(&it);

	lk_font_release(italic);
	lk_font_release(flag_italic);
	lk_font_release(semibold);
	lk_font_release(light);
	lk_font_release(dv_regular);
	lk_font_release(light_bold);
	lk_font_release(regular);
}

/* ---- the text worker ---------------------------------------------------- */

static pthread_t main_thread;
static volatile int probes_total, probes_on_main;

static void record_probe(enum lk_text_probe_op op)
{
	(void)op;
	__atomic_add_fetch(&probes_total, 1, __ATOMIC_SEQ_CST);
	if (pthread_equal(pthread_self(), main_thread))
		__atomic_add_fetch(&probes_on_main, 1, __ATOMIC_SEQ_CST);
}

struct task_owner {
	int runs;
	long long last;
	struct lk_font *font;
};

static void task_fn(void *owner, struct obs_data *settings)
{
	struct task_owner *o = owner;
	o->runs++;
	o->last = obs_data_get_int(settings, "n");
	if (!o->font)
		o->font = lk_font_get_styled(obs_data_get_string(settings, "face"), NULL, false, false);
}

/* ---- the GPU hook: textures made, reused and freed on the worker ---------- */

/* Fake textures: counted allocations, so a leak shows as a live one. */
static volatile int gpu_live, gpu_made, gpu_reused;

struct fake_tex {
	uint32_t cx, cy;
};

static void *fake_make(const struct lk_text_bitmap *bmp, void *spare, uint32_t spare_cx, uint32_t spare_cy,
		       uint32_t *tex_cx, uint32_t *tex_cy)
{
	if (!bmp->data || !bmp->cx || !bmp->cy) {
		if (spare) {
			free(spare);
			__atomic_sub_fetch(&gpu_live, 1, __ATOMIC_SEQ_CST);
		}
		return NULL;
	}
	if (spare && bmp->cx <= spare_cx && bmp->cy <= spare_cy) {
		__atomic_add_fetch(&gpu_reused, 1, __ATOMIC_SEQ_CST);
		*tex_cx = spare_cx;
		*tex_cy = spare_cy;
		return spare;
	}
	if (spare) {
		free(spare);
		__atomic_sub_fetch(&gpu_live, 1, __ATOMIC_SEQ_CST);
	}
	struct fake_tex *t = malloc(sizeof(*t));
	assert_non_null(t);
	t->cx = *tex_cx = bmp->cx;
	t->cy = *tex_cy = bmp->cy;
	__atomic_add_fetch(&gpu_live, 1, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&gpu_made, 1, __ATOMIC_SEQ_CST);
	return t;
}

static void fake_drop(void *tex)
{
	free(tex);
	__atomic_sub_fetch(&gpu_live, 1, __ATOMIC_SEQ_CST);
}

static volatile int gate_open;
static void gate_task(void *owner, struct obs_data *settings)
{
	(void)owner;
	(void)settings;
	while (!__atomic_load_n(&gate_open, __ATOMIC_SEQ_CST))
		os_sleep_ms(1);
}

/* A source's texts: the owner takes each finished texture and gives the one
 * it replaced back as the spare; the worker fills the spare again when the
 * next bitmap fits. Whatever way a port ends (released with a job queued
 * and a spare given back, or idle), every texture is freed once. */
static void test_worker_gpu_spares(void **state)
{
	(void)state;
	gpu_live = gpu_made = gpu_reused = 0;
	lk_text_set_gpu(fake_make, fake_drop);
	struct lk_text_style st = style_of(sans, 24);
	struct lk_text_bitmap b = {0};
	void *shown = NULL, *tex = NULL;
	uint32_t shown_cx = 0, shown_cy = 0, cx = 0, cy = 0;

	struct lk_text_port *port = lk_text_port_create();
	static const char *texts[] = {"Ends in 0:10", "Ends in 0:09", "Ends in 0:08", "Sold out!"};
	for (size_t i = 0; i < 4; i++) {
		lk_text_port_set(port, texts[i], &st);
		assert_true(lk_text_worker_idle(10000));
		assert_true(lk_text_port_take_tex(port, &b, &tex, &cx, &cy));
		assert_non_null(tex);
		assert_true(cx >= b.cx && cy >= b.cy);
		lk_text_bitmap_free(&b);
		if (shown && !lk_text_port_give(port, shown, shown_cx, shown_cy))
			fake_drop(shown);
		shown = tex;
		shown_cx = cx;
		shown_cy = cy;
	}
	assert_true(gpu_reused >= 1); /* the countdown's digits fit the texture before */
	assert_true(gpu_made < 4);

	/* a spare given back, a job queued behind a busy worker, and the port
	 * released before the worker gets to it (a source deleted while its
	 * timer ticks): the worker frees the spare */
	lk_text_port_set(port, "Ends in 0:07", &st);
	assert_true(lk_text_worker_idle(10000));
	assert_true(lk_text_port_take_tex(port, &b, &tex, &cx, &cy));
	lk_text_bitmap_free(&b);
	assert_true(lk_text_port_give(port, shown, shown_cx, shown_cy));
	shown = tex;
	gate_open = 0;
	struct lk_text_task *gate = lk_text_task_create(gate_task, NULL);
	obs_data_t *settings = obs_data_create();
	lk_text_task_post(gate, settings);
	lk_text_port_set(port, "Ends in 0:06", &st);
	lk_text_port_release(port);
	__atomic_store_n(&gate_open, 1, __ATOMIC_SEQ_CST);
	assert_true(lk_text_worker_idle(10000));
	lk_text_task_destroy(gate);
	obs_data_release(settings);
	fake_drop(shown); /* the owner frees what it showed */
	assert_int_equal(gpu_live, 0);

	/* released idle, with a finished texture nobody took */
	port = lk_text_port_create();
	lk_text_port_set(port, "Last one", &st);
	assert_true(lk_text_worker_idle(10000));
	lk_text_port_release(port);
	assert_true(lk_text_worker_idle(10000));
	assert_int_equal(gpu_live, 0);
	lk_text_set_gpu(NULL, NULL);
}

static void test_worker(void **state)
{
	main_thread = pthread_self();
	probes_total = probes_on_main = 0;
	lk_text_set_probe(record_probe);

	/* a port: the newest request wins, the bitmap comes back laid out */
	struct lk_text_port *port = lk_text_port_create();
	struct lk_text_style st = style_of(sans, 24);
	struct lk_text_bitmap b = {0};
	assert_false(lk_text_port_take(port, &b));
	for (int i = 0; i < 50; i++) {
		char text[32];
		snprintf(text, sizeof(text), "Ends in 0:%02d", i);
		lk_text_port_set(port, text, &st);
	}
	assert_true(lk_text_worker_idle(10000));
	assert_true(lk_text_port_take(port, &b));
	struct lk_text_bitmap direct;
	assert_true(lk_text_render("Ends in 0:49", &st, &direct));
	assert_true(same_pixels(&b, &direct));
	lk_text_bitmap_free(&direct);
	assert_false(lk_text_port_take(port, &b)); /* taken once */
	lk_text_bitmap_free(&b);

	/* released while queued: the worker frees it */
	lk_text_port_set(port, "bye", &st);
	lk_text_port_release(port);

	/* a task runs with a copy of the newest settings (defaults included) */
	struct task_owner owner = {0};
	struct lk_text_task *task = lk_text_task_create(task_fn, &owner);
	obs_data_t *settings = obs_data_create();
	obs_data_set_default_string(settings, "face", "Noto Sans");
	for (int i = 1; i <= 20; i++) {
		obs_data_set_int(settings, "n", i);
		lk_text_task_post(task, settings);
	}
	assert_true(lk_text_worker_idle(10000));
	assert_int_equal(owner.last, 20);
	assert_true(owner.runs >= 1 && owner.runs <= 20);
	assert_non_null(owner.font);
	/* destroy with a post pending or running: never runs after destroy */
	lk_text_task_post(task, settings);
	lk_text_task_destroy(task);
	int runs = owner.runs;
	assert_true(lk_text_worker_idle(10000));
	assert_int_equal(owner.runs, runs);
	obs_data_release(settings);
	lk_font_release(owner.font);

	lk_text_set_probe(NULL);
	assert_true(probes_total > 0);
	assert_int_equal(probes_on_main, 2); /* only the lk_text_render above: layout, raster */
	lk_text_worker_shutdown();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		/* clang-format off */
		cmocka_unit_test(test_font_resolves),
		cmocka_unit_test(test_width_grows),
		cmocka_unit_test(test_long_title_ellipsized),
		cmocka_unit_test(test_cjk_wraps),
		cmocka_unit_test(test_cjk_closing_punct),
		cmocka_unit_test(test_cjk_fallback_draws),
		cmocka_unit_test(test_odd_unicode),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_huge_text),
		cmocka_unit_test(test_tabular_digits),
		cmocka_unit_test(test_strike),
		cmocka_unit_test(test_color_premultiplied),
		cmocka_unit_test(test_align_and_newlines),
		cmocka_unit_test(test_edge_styles),
		cmocka_unit_test(test_threads_share_font),
		cmocka_unit_test(test_scripts_have_glyphs),
		cmocka_unit_test(test_rtl_laid_out_right_to_left),
		cmocka_unit_test(test_emoji_sequences_one_colour_cluster),
		cmocka_unit_test(test_kerning_default_face),
		cmocka_unit_test(test_font_dialog_styles),
		cmocka_unit_test(test_worker_gpu_spares),
		cmocka_unit_test(test_worker),
		/* clang-format on */
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
