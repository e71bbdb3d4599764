/*
 * Linkon bench — layout + rasterise cost of one title with the text engine
 * (Pango + cairo) against the engine it replaced (FreeType + fontconfig laid
 * out by hand, bench/baseline-text/), measured in the same run, interleaved.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * For each kind of title (Latin, CJK, Thai, Arabic, emoji): the time of one
 * lk_text_render with the card's title style (Noto Sans 32 px, 560 px
 * wide, 2 lines), warm (fonts loaded, the same title drawn before: what a
 * source pays for a changed text), median of 7 rounds of 40 renders each,
 * and the first render of each title with a new font (cold: font loading,
 * fallback lookup, first glyphs). Prints ms per title and new/old ratios.
 * The new engine's cost is paid on the text worker, the old one's was paid
 * on the graphics thread.
 */
#include "lk-text.h"

#include <util/base.h>
#include <util/bmem.h>
#include <util/platform.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The baseline engine's public API (bench/baseline-text/lk-text.h with the
 * old_ prefix of rename.h); its style is the same struct, its bitmap has no
 * rtl field. */
struct old_bitmap {
	uint8_t *data;
	uint32_t cx, cy;
	int lines;
	bool ellipsized;
};
struct lk_font *old_lk_font_get(const char *face, bool bold);
void old_lk_font_release(struct lk_font *font);
void old_lk_font_shutdown(void);
bool old_lk_text_render(const char *utf8, const struct lk_text_style *style, struct old_bitmap *out);
void old_lk_text_bitmap_free(struct old_bitmap *bmp);

static const struct {
	const char *kind, *text;
} titles[] = {
	{"Latin", "Wireless earbuds with active noise cancelling, 40 h battery, USB-C"},
	{"CJK", "夏季新款纯棉短袖T恤男女同款宽松百搭，限时秒杀！买二送一"},
	{"Thai", "เสื้อยืดผ้าฝ้าย 100% ลดราคาพิเศษวันนี้เท่านั้น ส่งฟรีทั่วประเทศ"},
	{"Arabic", "عرض خاص: قميص قطني للنساء بأكمام قصيرة، شحن مجاني"},
	{"emoji", "🔥 Flash deal 👨‍👩‍👧 family pack 🇹🇭 👍🏽 1️⃣ ⭐ only today 🎁🎉"},
};
#define NUM_TITLES (sizeof(titles) / sizeof(titles[0]))
#define ROUNDS 7
#define REPS 40

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static struct lk_text_style style(struct lk_font *font)
{
	return (struct lk_text_style){.font = font,
				      .size_px = 32,
				      .color = 0xffffffff,
				      .max_width = 560,
				      .max_lines = 2};
}

/* ms per render of text, REPS renders. */
static double time_new(struct lk_font *font, const char *text)
{
	struct lk_text_style st = style(font);
	uint64_t t0 = os_gettime_ns();
	for (int i = 0; i < REPS; i++) {
		struct lk_text_bitmap b;
		lk_text_render(text, &st, &b);
		lk_text_bitmap_free(&b);
	}
	return (double)(os_gettime_ns() - t0) / 1e6 / REPS;
}

static double time_old(struct lk_font *font, const char *text)
{
	struct lk_text_style st = style(font);
	uint64_t t0 = os_gettime_ns();
	for (int i = 0; i < REPS; i++) {
		struct old_bitmap b;
		old_lk_text_render(text, &st, &b);
		old_lk_text_bitmap_free(&b);
	}
	return (double)(os_gettime_ns() - t0) / 1e6 / REPS;
}

/* First render of every title with a font just loaded (ms per title,
 * font loading included). bold/face vary per round so nothing is cached. */
static double cold_new(int round)
{
	static const char *faces[] = {"Noto Sans", "DejaVu Sans", "Noto Serif", "Noto Sans Mono"};
	uint64_t t0 = os_gettime_ns();
	struct lk_font *f = lk_font_get_styled(faces[round % 4], round / 4 % 2 ? "Italic" : NULL, round % 2, false);
	for (size_t i = 0; i < NUM_TITLES; i++) {
		struct lk_text_style st = style(f);
		st.size_px = 30 + round; /* a size not drawn before */
		struct lk_text_bitmap b;
		lk_text_render(titles[i].text, &st, &b);
		lk_text_bitmap_free(&b);
	}
	lk_font_release(f);
	return (double)(os_gettime_ns() - t0) / 1e6 / NUM_TITLES;
}

static double cold_old(int round)
{
	static const char *faces[] = {"Noto Sans", "DejaVu Sans", "Noto Serif", "Noto Sans Mono"};
	uint64_t t0 = os_gettime_ns();
	struct lk_font *f = old_lk_font_get(faces[round % 4], round % 2);
	for (size_t i = 0; i < NUM_TITLES; i++) {
		struct lk_text_style st = style(f);
		st.size_px = 30 + round;
		struct old_bitmap b;
		old_lk_text_render(titles[i].text, &st, &b);
		old_lk_text_bitmap_free(&b);
	}
	old_lk_font_release(f);
	return (double)(os_gettime_ns() - t0) / 1e6 / NUM_TITLES;
}

static void quiet_log(int level, const char *fmt, va_list args, void *param)
{
	if (level <= LOG_WARNING)
		vfprintf(stderr, fmt, args), fputc('\n', stderr);
}

int main(void)
{
	base_set_log_handler(quiet_log, NULL);
	struct lk_font *nf = lk_font_get("Noto Sans", false);
	struct lk_font *of = old_lk_font_get("Noto Sans", false);
	if (!nf || !of) {
		fprintf(stderr, "bench-text: Noto Sans is not installed (scripts/install-deps.sh)\n");
		return 1;
	}
	printf("bench-text: one title, Noto Sans 32 px, 560 px x 2 lines; median of %d interleaved rounds x %d "
	       "renders\n\n",
	       ROUNDS, REPS);
	printf("%-8s %12s %12s %10s\n", "title", "old ms", "new ms", "new/old");
	double sum_old = 0, sum_new = 0;
	for (size_t i = 0; i < NUM_TITLES; i++) {
		double o[ROUNDS], n[ROUNDS];
		time_old(of, titles[i].text); /* warm both */
		time_new(nf, titles[i].text);
		for (int r = 0; r < ROUNDS; r++) {
			o[r] = time_old(of, titles[i].text);
			n[r] = time_new(nf, titles[i].text);
		}
		qsort(o, ROUNDS, sizeof(double), cmp_double);
		qsort(n, ROUNDS, sizeof(double), cmp_double);
		double om = o[ROUNDS / 2], nm = n[ROUNDS / 2];
		sum_old += om;
		sum_new += nm;
		printf("%-8s %12.3f %12.3f %9.2fx\n", titles[i].kind, om, nm, nm / om);
	}
	printf("%-8s %12.3f %12.3f %9.2fx\n", "mean", sum_old / NUM_TITLES, sum_new / NUM_TITLES, sum_new / sum_old);

	double co[8], cn[8];
	for (int r = 0; r < 8; r++) {
		co[r] = cold_old(r);
		cn[r] = cold_new(r);
	}
	qsort(co, 8, sizeof(double), cmp_double);
	qsort(cn, 8, sizeof(double), cmp_double);
	printf("\ncold (a new font and size, first render of each title), ms per title: old median %.2f max %.2f, "
	       "new median %.2f max %.2f (new/old %.2fx)\n",
	       co[4], co[7], cn[4], cn[7], cn[4] / co[4]);
	printf("(new: paid on the text worker; old: paid in video_tick, on the graphics thread)\n");

	lk_font_release(nf);
	old_lk_font_release(of);
	lk_font_shutdown();
	old_lk_font_shutdown();
	return 0;
}
