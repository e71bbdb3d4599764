/*
 * Linkon tests — text for every market in a real, headless libobs: the
 * product card and the gift alert with titles and names in Thai,
 * Vietnamese, Indonesian, Arabic, Hebrew, Hindi, Japanese, Korean,
 * Traditional Chinese and emoji sequences (PNGs saved as obs-text-*.png),
 * with the shaper's output checked for each (no .notdef, right-to-left runs,
 * one colour cluster per emoji sequence); and a card whose font and title
 * change many times while frames render, with the module's text probe
 * recording the thread of every font load, layout and rasterise (none may
 * run on the graphics thread) and of every texture and render target made
 * or filled for the card (its texts and pictures: none on the graphics
 * thread; render targets: only its first), and the last text shows within
 * a few frames.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Titles are put into the module's own store through its exported symbols
 * (dlsym on the loaded module), next to the demo shop's products.
 */
#include "lk-obs-harness.h"
#include "lk-png.h"
#include "lk-module.h"
#include "lk-store.h"
#include "lk-product.h"
#include "sources/lk-image.h"
#include "sources/lk-source-common.h"
#include "sources/lk-text.h"

#include <dlfcn.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include "image-fixture.h" /* (after cmocka) */
#include <util/bmem.h>
#include <util/platform.h>
#include <util/threading.h>

#define BG 0xFF1E2228u
#define TEXT 0xFFFFFFFFu
#define CARD_W 640
#define FONT_SIZE 32

static const struct {
	const char *lang, *title, *name;
} samples[] = {
	{"th", "🔥เสื้อยืดผ้าฝ้าย 100% ลดราคาพิเศษ", "สมชาย ใจดี"},
	{"vi", "Áo thun nữ cổ tròn, cotton thoáng mát", "Nguyễn Thị Hương"},
	{"id", "Kaos wanita lengan pendek katun premium", "Siti Rahayu"},
	{"ar", "عرض خاص: قميص قطني للنساء", "محمد العتيبي"},
	{"he", "מבצע מיוחד: חולצת כותנה לנשים", "נועה כהן"},
	{"hi", "महिलाओं की सूती टी-शर्ट, विशेष ऑफ़र", "प्रिया शर्मा"},
	{"ja", "レディース 綿100% 半袖Tシャツ 限定セール", "さくら"},
	{"ko", "여성 면 반팔 티셔츠 한정 특가", "김민지"},
	{"zh-TW", "女裝純棉短袖T恤 限時搶購", "陳美玲"},
	{"emoji", "Family 👨‍👩‍👧 🇹🇭 🇨🇳 👍🏽 1️⃣ ⭐ deal",
	 "👨‍👩‍👧 Mai 🇹🇭👍🏽"},
};
#define NUM_SAMPLES (sizeof(samples) / sizeof(samples[0]))

/* ---- the module's store, through its symbols ------------------------------- */

static struct {
	void *handle;
	struct lk_store *store; /* the module context's (a Linkon source's type data) */
	struct lk_product *(*product_new)(const char *id);
	void (*set_str)(char **field, const char *value);
	void (*set_currency)(struct lk_product *p, const char *code);
	void (*events_init)(struct lk_events *evs);
	void (*events_free)(struct lk_events *evs);
	void (*put_product)(struct lk_events *evs, struct lk_product *p);
	void (*cart)(struct lk_events *evs, const char *const *ids, size_t n);
	uint64_t (*apply)(struct lk_store *store, struct lk_events *evs);
	void (*set_probe)(lk_text_probe_fn fn);
	struct lk_sale *(*sale_new)(const char *id, const char *product_id);
	void (*sale_put)(struct lk_events *evs, struct lk_sale *sale);
	void (*sale_stop)(struct lk_events *evs, const char *id, int64_t at_ms);
	struct lk_snapshot *(*store_get)(struct lk_store *store);
	void (*snapshot_release)(struct lk_snapshot *snap);
	int64_t (*platform_now)(const struct lk_snapshot *snap, int64_t local_now_ms);
	int64_t (*now_ms)(void);
	void (*pin)(struct lk_events *evs, const char *id_or_null);
	bool (*worker_idle)(int timeout_ms);
	long (*ahead_runs)(void);
	bool (*ahead_idle)(int timeout_ms);
	struct lk_image *(*image_get)(const char *key);
	enum lk_image_state (*image_state)(const struct lk_image *img);
	void (*image_release)(struct lk_image *img);
} mod;

static bool module_symbols(void)
{
	mod.handle = dlopen(LK_MODULE_PATH, RTLD_NOW | RTLD_NOLOAD);
	if (!mod.handle)
		return false;
	/* the store as sources get it: their type data is the module context */
	obs_source_t *probe = obs_source_create_private("linkon_cart_list", "store probe", NULL);
	const struct lk_module *m = probe ? obs_source_get_type_data(probe) : NULL;
	mod.store = m ? m->store : NULL;
	obs_source_release(probe);
	*(void **)&mod.product_new = dlsym(mod.handle, "lk_product_new");
	*(void **)&mod.set_str = dlsym(mod.handle, "lk_product_set_str");
	*(void **)&mod.set_currency = dlsym(mod.handle, "lk_product_set_currency");
	*(void **)&mod.events_init = dlsym(mod.handle, "lk_events_init");
	*(void **)&mod.events_free = dlsym(mod.handle, "lk_events_free");
	*(void **)&mod.put_product = dlsym(mod.handle, "lk_events_put_product");
	*(void **)&mod.apply = dlsym(mod.handle, "lk_store_apply");
	*(void **)&mod.cart = dlsym(mod.handle, "lk_events_cart");
	*(void **)&mod.set_probe = dlsym(mod.handle, "lk_text_set_probe");
	*(void **)&mod.sale_new = dlsym(mod.handle, "lk_sale_new");
	*(void **)&mod.sale_put = dlsym(mod.handle, "lk_events_sale_put");
	*(void **)&mod.sale_stop = dlsym(mod.handle, "lk_events_sale_stop");
	*(void **)&mod.store_get = dlsym(mod.handle, "lk_store_get");
	*(void **)&mod.snapshot_release = dlsym(mod.handle, "lk_snapshot_release");
	*(void **)&mod.platform_now = dlsym(mod.handle, "lk_snapshot_platform_now");
	*(void **)&mod.now_ms = dlsym(mod.handle, "lk_now_ms");
	*(void **)&mod.pin = dlsym(mod.handle, "lk_events_pin");
	*(void **)&mod.worker_idle = dlsym(mod.handle, "lk_text_worker_idle");
	*(void **)&mod.ahead_runs = dlsym(mod.handle, "lk_ahead_runs");
	*(void **)&mod.ahead_idle = dlsym(mod.handle, "lk_ahead_idle");
	*(void **)&mod.image_get = dlsym(mod.handle, "lk_image_get");
	*(void **)&mod.image_state = dlsym(mod.handle, "lk_image_get_state");
	*(void **)&mod.image_release = dlsym(mod.handle, "lk_image_release");
	return mod.image_get && mod.image_state && mod.image_release && mod.pin && mod.worker_idle && mod.ahead_runs &&
	       mod.ahead_idle && mod.store && mod.product_new && mod.set_str && mod.set_currency && mod.events_init &&
	       mod.events_free && mod.put_product && mod.apply && mod.set_probe && mod.cart && mod.sale_new &&
	       mod.sale_put && mod.sale_stop && mod.store_get && mod.snapshot_release && mod.platform_now && mod.now_ms;
}

static void put_product_image(const char *id, const char *title, const char *image)
{
	struct lk_events evs;
	struct lk_product *p = mod.product_new(id);
	mod.set_str(&p->title, title);
	if (image)
		mod.set_str(&p->image, image);
	mod.set_currency(p, "THB");
	p->price = 29900;
	p->original_price = 59900;
	p->stock = 5;
	p->stock_total = 50;
	p->sold = 1234;
	mod.events_init(&evs);
	mod.put_product(&evs, p);
	mod.apply(mod.store, &evs);
	mod.events_free(&evs);
}

static void put_product(const char *id, const char *title)
{
	put_product_image(id, title, NULL);
}

/* ---- sources --------------------------------------------------------------- */

static obs_source_t *card;
static obs_source_t *alerts;
static obs_source_t *list; /* a cart list, when a test adds one */
static obs_scene_t *scene;

static long long obs_color(uint32_t argb)
{
	return (long long)((argb & 0xFF00FF00u) | ((argb >> 16) & 0xFF) | ((argb & 0xFF) << 16));
}

static obs_data_t *card_settings(const char *product_id, const char *face, const char *style, int size)
{
	obs_data_t *s = obs_data_create();
	obs_data_set_int(s, "width", CARD_W);
	lk_harness_set_font(s, face, style, size, 0);
	obs_data_set_int(s, "background_color", obs_color(BG));
	obs_data_set_int(s, "text_color", obs_color(TEXT));
	obs_data_set_string(s, "mode", "fixed");
	obs_data_set_string(s, "product_id", product_id);
	obs_data_set_bool(s, "show_image", false);
	obs_data_set_int(s, "title_lines", 2);
	return s;
}

/* A 560 px wide cart or timer in Noto Sans size px, with the test's colours. */
static obs_data_t *row_settings(int size, uint32_t price)
{
	obs_data_t *s = obs_data_create();
	obs_data_set_int(s, "width", 560);
	lk_harness_set_font(s, "Noto Sans", "Regular", size, 0);
	obs_data_set_int(s, "background_color", obs_color(BG));
	obs_data_set_int(s, "text_color", obs_color(TEXT));
	obs_data_set_int(s, "price_color", obs_color(price));
	return s;
}

static int release_sources(void **state)
{
	if (scene) {
		obs_set_output_source(0, NULL);
		/* OBS 31+: the main canvas holds its own reference on every scene */
		obs_source_remove(obs_scene_get_source(scene));
		obs_scene_release(scene);
	}
	if (card)
		obs_source_release(card);
	if (alerts)
		obs_source_release(alerts);
	if (list)
		obs_source_release(list);
	scene = NULL;
	card = alerts = list = NULL;
	return 0;
}

/* Captures until two frames in a row are the same (texts and transitions
 * settled) and the source has ink; false after timeout_ms. */
static bool settle(obs_source_t *src, struct lk_capture *out, int timeout_ms)
{
	struct lk_capture prev = {0};
	uint64_t until = os_gettime_ns() + (uint64_t)timeout_ms * 1000000ULL;
	while (os_gettime_ns() < until) {
		struct lk_capture cur;
		if (!lk_harness_capture(src, 0, &cur))
			continue;
		bool same = prev.px && prev.cx == cur.cx && prev.cy == cur.cy &&
			    lk_capture_diff(&prev, &cur, 0, 0, (int)cur.cx, (int)cur.cy, 2) == 0.0;
		lk_capture_free(&prev);
		prev = cur;
		if (same && lk_capture_ink_raw(&cur, 0, 0, (int)cur.cx, (int)cur.cy) > 0) {
			*out = cur;
			return true;
		}
		lk_harness_sleep_ms(60);
	}
	lk_capture_free(&prev);
	return false;
}

/* Opaque pixels in a box that are not grey (the card's text is white on
 * a dark panel; price colours are excluded by the caller's box). */
static size_t colour_in(const struct lk_capture *c, int x0, int y0, int x1, int y1)
{
	size_t n = 0;
	for (int y = y0; y < y1; y++) {
		for (int x = x0; x < x1; x++) {
			const uint8_t *p = lk_capture_at(c, x, y);
			if (!p)
				continue;
			int mx = p[0] > p[1] ? (p[0] > p[2] ? p[0] : p[2]) : (p[1] > p[2] ? p[1] : p[2]);
			int mn = p[0] < p[1] ? (p[0] < p[2] ? p[0] : p[2]) : (p[1] < p[2] ? p[1] : p[2]);
			n += mx - mn > 60;
		}
	}
	return n;
}

/* Horizontal extent of the ink (alpha > 128, not the panel: brighter
 * than it) in rows [y0, y1); false if none. */
static bool ink_span(const struct lk_capture *c, int w, int y0, int y1, int *x0, int *x1)
{
	*x0 = w;
	*x1 = -1;
	for (int y = y0; y < y1; y++) {
		for (int x = 0; x < w; x++) {
			const uint8_t *p = lk_capture_at(c, x, y);
			if (p && p[3] > 128 && p[0] + p[1] + p[2] > 3 * 0x80) {
				*x0 = x < *x0 ? x : *x0;
				*x1 = x > *x1 ? x : *x1;
			}
		}
	}
	return *x1 >= 0;
}

/* ---- the shaper's output -------------------------------------------------- */

static int by_start(const void *a, const void *b)
{
	const struct lk_text_cluster *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* The checks on text as the card's title face shapes it. */
static void check_shaping(const char *lang, const char *text)
{
	struct lk_font *font = lk_font_get("Noto Sans", false);
	struct lk_text_style st = {.font = font, .size_px = FONT_SIZE, .color = TEXT, .max_width = 2000};
	struct lk_text_cluster *cl = NULL;
	size_t n = lk_text_clusters(text, &st, &cl);

	assert_true(n >= 2);
	for (size_t k = 0; k < n; k++) {
		if (cl[k].notdef)
			fail_msg("%s: .notdef at byte %zu of \"%s\"", lang, cl[k].start, text);
	}
	if (strcmp(lang, "ar") == 0 || strcmp(lang, "he") == 0) {
		/* every letter right to left: odd level, next letter further left */
		qsort(cl, n, sizeof(*cl), by_start);
		const struct lk_text_cluster *prev = NULL;
		size_t rtl = 0;
		for (size_t k = 0; k < n; k++) {
			if ((unsigned char)text[cl[k].start] < 0x80)
				continue; /* spaces and ':' take the run's direction, checked no further */
			assert_true(cl[k].level % 2 == 1);
			if (prev && prev->y == cl[k].y)
				assert_true(cl[k].x < prev->x);
			prev = &cl[k];
			rtl++;
		}
		assert_true(rtl >= 4);
		assert_true(lk_text_is_rtl(text));
	}
	if (strcmp(lang, "emoji") == 0) {
		/* each sequence is one cluster of one glyph from the colour font */
		static const char *const seqs[] = {"👨‍👩‍👧", "🇹🇭", "🇨🇳", "👍🏽", "1️⃣", "⭐"};
		size_t found = 0;
		for (size_t s = 0; s < sizeof(seqs) / sizeof(seqs[0]); s++) {
			const char *at = strstr(text, seqs[s]);
			if (!at)
				continue;
			found++;
			size_t start = (size_t)(at - text), end = start + strlen(seqs[s]), hits = 0;
			for (size_t k = 0; k < n; k++) {
				if (cl[k].start < end && cl[k].end > start) {
					hits++;
					assert_int_equal(cl[k].start, start);
					assert_int_equal(cl[k].end, end);
					assert_int_equal(cl[k].glyphs, 1);
					assert_true(cl[k].color);
				}
			}
			if (hits != 1)
				fail_msg("emoji %zu: %zu clusters", s, hits);
		}
		assert_true(found >= 3);
	}
	bfree(cl);
	lk_font_release(font);
}

/* ---- tests ------------------------------------------------------------------ */

static void test_card_titles(void **state)
{
	for (size_t i = 0; i < NUM_SAMPLES; i++) {
		char id[32];
		snprintf(id, sizeof(id), "text-%s", samples[i].lang);
		put_product(id, samples[i].title);
		check_shaping(samples[i].lang, samples[i].title);
	}

	obs_data_t *s = card_settings("text-th", "Noto Sans", "Regular", FONT_SIZE);
	card = lk_harness_source("linkon_product_card", "text-card", s);
	assert_non_null(card);
	for (size_t i = 0; i < NUM_SAMPLES; i++) {
		char id[32], png[64];
		snprintf(id, sizeof(id), "text-%s", samples[i].lang);
		obs_data_set_string(s, "product_id", id);
		obs_source_update(card, s);

		struct lk_capture c;
		assert_true(settle(card, &c, 5000));
		snprintf(png, sizeof(png), "text-card-%s", samples[i].lang);
		assert_true(lk_capture_save(&c, png));
		/* the title's two lines have ink */
		int w = (int)c.cx - 2 * (int)c.margin;
		int top[4], bottom[4];
		int bands = lk_capture_bands(&c, 0, w, 0, (int)c.cy / 2, 0, top, bottom, 4);
		assert_true(bands >= 1);
		/* the title (first band): right-aligned in a mirrored card when it
		 * reads right to left, else left-aligned */
		int x0, x1;
		assert_true(ink_span(&c, w, top[0], bottom[0], &x0, &x1));
		bool rtl = strcmp(samples[i].lang, "ar") == 0 || strcmp(samples[i].lang, "he") == 0;
		if (rtl)
			assert_true(x1 > w - 40 && x0 > 60);
		else
			assert_true(x0 < 40);
		if (strcmp(samples[i].lang, "emoji") == 0 || strcmp(samples[i].lang, "th") == 0)
			assert_true(colour_in(&c, 0, 0, w, (int)c.cy / 3) > 200); /* colour emoji in the title */
		lk_capture_free(&c);
	}
	obs_data_release(s);
}

static void set_cart(const char *const *ids, size_t n)
{
	struct lk_events evs;
	mod.events_init(&evs);
	mod.cart(&evs, ids, n);
	mod.apply(mod.store, &evs);
	mod.events_free(&evs);
}

/* Pixels of colour argb (tolerance 40) in [x0,x1)x[y0,y1). */
static size_t count_near(const struct lk_capture *c, int x0, int y0, int x1, int y1, uint32_t argb)
{
	return lk_capture_count_color(c, x0, y0, x1, y1, argb, 40);
}

/* A cart row whose title reads right to left is mirrored: its price is on
 * the left; the Thai row below keeps its price on the right. */
static void test_cart_rtl_row(void **state)
{
	static const uint32_t price = 0xFF22DD66u;
	const char *ids[] = {"text-ar", "text-th"};
	put_product("text-ar", samples[3].title);
	put_product("text-th", samples[0].title);
	set_cart(ids, 2);

	obs_data_t *s = row_settings(28, price);
	obs_data_set_int(s, "max_rows", 2);
	card = lk_harness_source("linkon_cart_list", "text-cart", s);
	obs_data_release(s);
	assert_non_null(card);

	struct lk_capture c;
	assert_true(settle(card, &c, 5000));
	assert_true(lk_capture_save(&c, "text-cart-rtl"));
	int w = (int)c.cx - 2 * (int)c.margin, h = (int)c.cy - 2 * (int)c.margin;
	int top[4], bottom[4];
	/* the two rows: bands of the row backgrounds */
	int rows = lk_capture_bands(&c, 0, w, 0, h, 200, top, bottom, 4);
	assert_true(rows >= 2);
	size_t ar_left = count_near(&c, 0, top[0], w / 3, bottom[0], price);
	size_t ar_right = count_near(&c, w * 2 / 3, top[0], w, bottom[0], price);
	size_t th_left = count_near(&c, 0, top[1], w / 3, bottom[1], price);
	size_t th_right = count_near(&c, w * 2 / 3, top[1], w, bottom[1], price);
	printf("text-render: cart price pixels: Arabic row left %zu right %zu, Thai row left %zu right %zu\n", ar_left,
	       ar_right, th_left, th_right);
	assert_true(ar_left > 50 && ar_right == 0);
	assert_true(th_right > 50 && th_left == 0);
	lk_capture_free(&c);
}

static bool call_proc(const char *name, calldata_t *cd)
{
	return proc_handler_call(obs_get_proc_handler(), name, cd);
}

static void gift_from(const char *id, const char *sender)
{
	char json[512];
	calldata_t cd = {0};
	snprintf(json, sizeof(json),
		 "{\"id\":\"%s\",\"sender\":{\"name\":\"%s\"},\"gift\":{\"id\":\"rose\",\"name\":\"Rose\","
		 "\"value\":1},\"count\":1}",
		 id, sender);
	calldata_set_string(&cd, "json", json);
	assert_true(call_proc("linkon_test_gift", &cd));
	if (!calldata_bool(&cd, "ok"))
		fail_msg("linkon_test_gift refused %s: %s", json, calldata_string(&cd, "error"));
	calldata_free(&cd);
}

static void skip_alert(void)
{
	calldata_t cd = {0};
	call_proc("linkon_skip_alert", &cd);
	calldata_free(&cd);
}

/* A source of type with settings s (released), alone in the scene that is
 * on the output (scene: freed by release_sources). */
static obs_source_t *on_output(const char *type, const char *name, obs_data_t *s)
{
	obs_source_t *src = lk_harness_source(type, name, s);
	obs_data_release(s);
	assert_non_null(src);
	scene = obs_scene_create("text-scene");
	obs_scene_add(scene, src);
	obs_set_output_source(0, obs_scene_get_source(scene));
	return src;
}

/* Gift alerts in the test font, silent, each on screen until skipped. */
static obs_data_t *alerts_settings(void)
{
	obs_data_t *s = obs_data_create();
	lk_harness_set_font(s, "Noto Sans", "Regular", FONT_SIZE, 0);
	obs_data_set_int(s, "tier_small_duration_ms", 60000);
	obs_data_set_string(s, "tier_small_sound", "");
	obs_data_set_string(s, "tier_big_sound", "");
	obs_data_set_string(s, "tier_huge_sound", "");
	return s;
}

static void test_gift_names(void **state)
{
	obs_data_t *s = alerts_settings();
	obs_data_set_int(s, "width", 560);
	obs_data_set_int(s, "background_color", obs_color(BG));
	obs_data_set_int(s, "text_color", obs_color(TEXT));
	alerts = on_output("linkon_gift_alerts", "text-alerts", s);

	for (size_t i = 0; i < NUM_SAMPLES; i++) {
		char id[32], png[64];
		check_shaping(samples[i].lang, samples[i].name);
		snprintf(id, sizeof(id), "text-gift-%s", samples[i].lang);
		gift_from(id, samples[i].name);
		lk_harness_sleep_ms(700); /* the entrance */
		struct lk_capture c;
		assert_true(settle(alerts, &c, 5000));
		snprintf(png, sizeof(png), "text-gift-%s", samples[i].lang);
		assert_true(lk_capture_save(&c, png));
		assert_true(lk_capture_ink_raw(&c, 0, 0, (int)c.cx, (int)c.cy) > 2000);
		/* the gift picture (its yellow ribbon) is at the end of the reading
		 * direction: on the left of a mirrored banner for an RTL name */
		int bx0 = (int)c.cx, bx1 = 0; /* the banner: opaque columns */
		for (int y = 0; y < (int)c.cy; y += 2) {
			for (int x = 0; x < (int)c.cx; x++) {
				if (lk_capture_at(&c, x, y)[3] > 200) {
					bx0 = x < bx0 ? x : bx0;
					bx1 = x > bx1 ? x : bx1;
				}
			}
		}
		int half = (bx0 + bx1) / 2;
		size_t left = lk_capture_count_color(&c, bx0, 0, half, (int)c.cy, 0xFFFBBF24u, 30);
		size_t right = lk_capture_count_color(&c, half, 0, bx1 + 1, (int)c.cy, 0xFFFBBF24u, 30);
		printf("text-render: gift %s: banner x %d..%d, ribbon pixels left %zu right %zu\n", samples[i].lang,
		       bx0, bx1, left, right);
		if (strcmp(samples[i].lang, "ar") == 0 || strcmp(samples[i].lang, "he") == 0)
			assert_true(left > 30 && right * 2 < left);
		else
			assert_true(right > 30 && left * 2 < right); /* emoji in a name may be yellow too */
		if (strcmp(samples[i].lang, "emoji") == 0)
			assert_true(colour_in(&c, (int)c.cx / 5, 0, (int)c.cx - 2 * (int)c.margin, (int)c.cy / 2) >
				    200);
		lk_capture_free(&c);
		skip_alert();
		lk_harness_sleep_ms(600); /* the exit */
	}
}

/* ---- text work never on the graphics thread ----------------------------- */

static pthread_t graphics_thread;
static volatile long have_graphics_thread;
static volatile long probes[LK_TEXT_PROBE_OPS], probes_on_graphics[LK_TEXT_PROBE_OPS];

static void on_render(void *data, uint32_t cx, uint32_t cy)
{
	if (!os_atomic_load_long(&have_graphics_thread)) {
		graphics_thread = pthread_self();
		os_atomic_set_long(&have_graphics_thread, 1);
	}
}

static void probe(enum lk_text_probe_op op)
{
	/* the loader holds a rescaled picture's pixels for a few frames before
	 * it uploads them (as when it waits for the graphics context): the
	 * frames in between must leave them to it */
	if (op == LK_TEXT_PROBE_IMAGE_RESCALE)
		lk_harness_sleep_ms(70);
	os_atomic_inc_long(&probes[op]);
	if (os_atomic_load_long(&have_graphics_thread) && pthread_equal(pthread_self(), graphics_thread))
		os_atomic_inc_long(&probes_on_graphics[op]);
}

static void test_font_and_text_churn(void **state)
{
	static const char *faces[][2] = {
		{"Noto Sans", "Regular"},     {"DejaVu Sans", "Bold"},       {"Noto Serif", "Italic"},
		{"Noto Sans", "Bold Italic"}, {"DejaVu Sans", "ExtraLight"}, {"Noto Sans CJK JP", "Regular"},
	};
	obs_add_main_render_callback(on_render, NULL);
	while (!os_atomic_load_long(&have_graphics_thread))
		lk_harness_sleep_ms(10);
	mod.set_probe(probe);

	/* product pictures of several sizes and formats come and go too */
	static const char *images[] = {LK_FIXTURES_DIR "/image-64x48.png", LK_FIXTURES_DIR "/image-5x4.jpg",
				       LK_FIXTURES_DIR "/image-6x5-lossless.webp", LK_FIXTURES_DIR "/red-8x8.png",
				       LK_DATA_DIR
				       "/images/demo-01.png"}; /* 512x512: shrunk, and rescaled as the card grows */
	put_product_image("text-churn", "Churn 0", images[0]);
	obs_data_t *s = card_settings("text-churn", "Noto Sans", "Regular", FONT_SIZE);
	obs_data_set_bool(s, "show_image", true);
	card = lk_harness_source("linkon_product_card", "churn-card", s);
	assert_non_null(card);
	scene = obs_scene_create("churn-scene");
	obs_scene_add(scene, card);
	obs_set_output_source(0, obs_scene_get_source(scene));

	for (int i = 0; i < 60; i++) {
		char title[128];
		snprintf(title, sizeof(title), "%s %d 限时 عرض 🔥 %s", i % 2 ? "Churn" : "เสื้อยืด", i, faces[i % 6][0]);
		put_product_image("text-churn", title, images[i % 5]);
		lk_harness_set_font(s, faces[i % 6][0], faces[i % 6][1], 20 + (i * 7) % 40, i % 3 == 0 ? 2 : 0);
		obs_source_update(card, s);
		lk_harness_sleep_ms(15 + (i % 4) * 10);
	}

	/* the big picture on a small card, then on a card twice as tall: the
	 * picture is decoded again at the bigger size (a rescale) while the
	 * card stays on screen with the smaller one */
	struct lk_capture small_card;
	put_product_image("text-churn", "Rescale", images[4]);
	lk_harness_set_font(s, "Noto Sans", "Regular", 16, 0);
	obs_source_update(card, s);
	assert_true(settle(card, &small_card, 5000));
	lk_capture_free(&small_card);
	long rescales = os_atomic_load_long(&probes[LK_TEXT_PROBE_IMAGE_RESCALE]);
	lk_harness_set_font(s, "Noto Sans", "Regular", 64, 0);
	obs_source_update(card, s);
	for (int i = 0; i < 100 && os_atomic_load_long(&probes[LK_TEXT_PROBE_IMAGE_RESCALE]) == rescales; i++)
		lk_harness_sleep_ms(50);
	lk_harness_sleep_ms(200);

	/* the last font, and a capture of the card as it is */
	lk_harness_set_font(s, "Noto Sans", "Regular", FONT_SIZE, 0);
	obs_source_update(card, s);
	put_product_image("text-churn", "Before the last title", images[0]);
	struct lk_capture before;
	assert_true(settle(card, &before, 5000));
	lk_capture_save(&before, "text-churn-before");

	/* a new title: it shows within a few frames and then stays */
	put_product_image("text-churn", "ফ Last title 最后 🔥", images[0]);
	struct lk_capture frames[12];
	size_t got = lk_harness_capture_frames(card, 0, frames, 12, 5000);
	assert_int_equal(got, 12);
	int first = -1;
	for (size_t k = 0; k < got; k++) {
		bool differs =
			frames[k].cx != before.cx || frames[k].cy != before.cy ||
			lk_capture_diff(&frames[k], &before, 0, 0, (int)before.cx, (int)before.cy / 2, 8) > 0.002;
		if (differs && first < 0)
			first = (int)k;
	}
	printf("text-render: the new title showed in frame %d after the change\n", first);
	assert_true(first >= 0 && first <= 4);
	assert_true(lk_capture_diff(&frames[first], &frames[got - 1], 0, 0, (int)before.cx, (int)before.cy, 2) < 0.001);
	lk_capture_save(&frames[got - 1], "text-churn-after");
	for (size_t k = 0; k < got; k++)
		lk_capture_free(&frames[k]);
	lk_capture_free(&before);
	obs_data_release(s);

	mod.set_probe(NULL);
	obs_remove_main_render_callback(on_render, NULL);
	printf("text-render: probes font loads %ld, layouts %ld, rasterises %ld; on the graphics thread %ld/%ld/%ld\n",
	       probes[0], probes[1], probes[2], probes_on_graphics[0], probes_on_graphics[1], probes_on_graphics[2]);
	printf("text-render: textures made %ld (on the graphics thread %ld), filled %ld (%ld); render targets made %ld "
	       "(%ld), of which late %ld; pictures rescaled %ld\n",
	       probes[LK_TEXT_PROBE_TEX_MAKE], probes_on_graphics[LK_TEXT_PROBE_TEX_MAKE],
	       probes[LK_TEXT_PROBE_TEX_FILL], probes_on_graphics[LK_TEXT_PROBE_TEX_FILL],
	       probes[LK_TEXT_PROBE_TARGET_MAKE], probes_on_graphics[LK_TEXT_PROBE_TARGET_MAKE],
	       probes[LK_TEXT_PROBE_TARGET_LATE], probes[LK_TEXT_PROBE_IMAGE_RESCALE]);
	assert_true(probes[LK_TEXT_PROBE_FONT_LOAD] > 0);
	assert_true(probes[LK_TEXT_PROBE_LAYOUT] > 10); /* requests not yet started are replaced: fewer than asked */
	assert_true(probes[LK_TEXT_PROBE_RASTER] > 10);
	assert_int_equal(probes_on_graphics[0] + probes_on_graphics[1] + probes_on_graphics[2], 0);
	/* texts' and pictures' textures are made and filled off the frame
	 * (text worker, image loader); a text's spare texture is filled again
	 * far more often than a new one is made */
	assert_true(probes[LK_TEXT_PROBE_TEX_MAKE] > 0);
	assert_true(probes[LK_TEXT_PROBE_TEX_FILL] > probes[LK_TEXT_PROBE_TEX_MAKE]);
	assert_int_equal(probes_on_graphics[LK_TEXT_PROBE_TEX_MAKE] + probes_on_graphics[LK_TEXT_PROBE_TEX_FILL], 0);
	assert_true(probes[LK_TEXT_PROBE_IMAGE_RESCALE] > 0); /* and a rescaled picture too */
	/* the card grows with its font: bigger render targets come from the
	 * render-target thread; in the frame only the card's first one, and one
	 * for each wait that ran out (a starved machine) */
	long targets_off = probes[LK_TEXT_PROBE_TARGET_MAKE] - probes_on_graphics[LK_TEXT_PROBE_TARGET_MAKE];
	assert_true(targets_off > 0);
	assert_true(probes_on_graphics[LK_TEXT_PROBE_TARGET_MAKE] <= 1 + probes[LK_TEXT_PROBE_TARGET_LATE]);
}

/* ---- a switch to another product or gift, or a reordered cart, never shows the last one's words ---- */

/* When the card switches to another product, or a new gift alert comes in,
 * its texts are laid out on the text worker while the slide starts; until
 * they are there, the new picture is drawn without them rather than with
 * the previous product's title and price (or the previous viewer's name).
 * The cart list keeps its last picture until its rows' new words are all
 * there (a reordered cart changes in one frame).
 * The probe notes every text drawn while what it was set to since is still
 * on the worker. */
static void test_switch_shows_no_old_words(void **state)
{
	/* three of the demo shop's products (earlier tests changed the cart) */
	json_t *st = lk_harness_state();
	json_t *products = json_object_get(st, "products");
	json_t *cart_ids = json_array();
	for (size_t i = 0; i < json_array_size(products) && json_array_size(cart_ids) < 3; i++) {
		const char *id = json_string_value(json_object_get(json_array_get(products, i), "id"));
		if (id && strncmp(id, "text-", 5) != 0)
			json_array_append_new(cart_ids, json_string(id));
	}
	assert_int_equal(json_array_size(cart_ids), 3);
	const char *ids3[3];
	for (size_t i = 0; i < 3; i++)
		ids3[i] = json_string_value(json_array_get(cart_ids, i));
	set_cart(ids3, 3);
	obs_data_t *s = obs_data_create();
	obs_data_set_int(s, "width", 640);
	obs_data_set_string(s, "mode", "pinned");
	lk_harness_set_font(s, "Noto Sans", "Regular", FONT_SIZE, 0);
	card = on_output("linkon_product_card", "switch-card", s);

	struct lk_capture shown[4];
	const char *first = json_string_value(json_array_get(cart_ids, 0));
	assert_true(lk_harness_pin(first) && lk_harness_wait_pinned(first, 5000));
	assert_true(settle(card, &shown[0], 5000));
	memset((void *)probes, 0, sizeof(probes));
	mod.set_probe(probe);
	for (int k = 1; k < 4; k++) {
		const char *id = json_string_value(json_array_get(cart_ids, (size_t)k % 3));
		assert_true(lk_harness_pin(id) && lk_harness_wait_pinned(id, 5000));
		lk_harness_sleep_ms(500); /* the slide */
		assert_true(settle(card, &shown[k], 5000));
		/* it did switch: another title, price and picture */
		assert_true(lk_capture_diff(&shown[k], &shown[k - 1], 0, 0, (int)shown[k].cx, (int)shown[k].cy, 8) >
			    0.05);
	}
	long card_pending = os_atomic_load_long(&probes[LK_TEXT_PROBE_DRAW_PENDING]);

	s = alerts_settings();
	alerts = lk_harness_source("linkon_gift_alerts", "switch-alerts", s);
	obs_data_release(s);
	assert_non_null(alerts);
	assert_non_null(obs_scene_add(scene, alerts));
	static const char *names[] = {"Alice Wonder", "บ๊อบ ช่างสร้าง", "Carol 🌸"};
	for (int k = 0; k < 3; k++) {
		char id[32];
		snprintf(id, sizeof(id), "switch-gift-%d", k);
		gift_from(id, names[k]);
		lk_harness_sleep_ms(700); /* the entrance */
		struct lk_capture c;
		assert_true(settle(alerts, &c, 5000));
		assert_true(lk_capture_ink_raw(&c, 0, 0, (int)c.cx, (int)c.cy) > 2000);
		lk_capture_free(&c);
		skip_alert();
		lk_harness_sleep_ms(600); /* the exit */
	}
	long gift_pending = os_atomic_load_long(&probes[LK_TEXT_PROBE_DRAW_PENDING]) - card_pending;

	/* the cart list: its rows are by position, so a reordered cart gives
	 * each row another product's words (the card leaves the scene: its
	 * slot badge, "#1" then "#3", is the same product's and counts not) */
	obs_sceneitem_remove(obs_scene_find_source(scene, "switch-card"));
	s = obs_data_create();
	lk_harness_set_font(s, "Noto Sans", "Regular", FONT_SIZE, 0);
	list = lk_harness_source("linkon_cart_list", "switch-cart", s);
	obs_data_release(s);
	assert_non_null(list);
	assert_non_null(obs_scene_add(scene, list));
	struct lk_capture rows[4];
	assert_true(settle(list, &rows[0], 5000));
	long before_list = os_atomic_load_long(&probes[LK_TEXT_PROBE_DRAW_PENDING]);
	for (int k = 1; k < 4; k++) {
		const char *order[3];
		for (size_t i = 0; i < 3; i++)
			order[i] = ids3[(i + (size_t)k) % 3];
		set_cart(order, 3);
		/* it changes (other titles, prices and pictures in the rows) once
		 * the new words are there: however long the worker takes, the
		 * old picture holds until then and is settled meanwhile */
		bool changed = false;
		for (int tries = 0; tries < 50 && !changed; tries++) {
			lk_harness_sleep_ms(100);
			assert_true(settle(list, &rows[k], 5000));
			changed = lk_capture_diff(&rows[k], &rows[k - 1], 0, 0, (int)rows[k].cx, (int)rows[k].cy, 8) >
				  0.02;
			if (!changed)
				lk_capture_free(&rows[k]);
		}
		assert_true(changed);
	}
	mod.set_probe(NULL);
	long list_pending = os_atomic_load_long(&probes[LK_TEXT_PROBE_DRAW_PENDING]) - before_list;
	printf("text-render: texts drawn while newer ones were on the worker: card %ld (3 switches), gift alerts %ld "
	       "(3 alerts), cart list %ld (3 orders); layouts %ld\n",
	       card_pending, gift_pending, list_pending, probes[LK_TEXT_PROBE_LAYOUT]);
	assert_true(probes[LK_TEXT_PROBE_LAYOUT] > 6); /* the new words were laid out meanwhile */
	assert_int_equal(card_pending, 0);
	assert_int_equal(gift_pending, 0);
	assert_int_equal(list_pending, 0);
	for (int k = 0; k < 4; k++)
		lk_capture_free(&rows[k]);
	for (int k = 0; k < 4; k++)
		lk_capture_free(&shown[k]);
	json_decref(cart_ids);
	json_decref(st);
}

/* ---- a change composed ahead of the frame that shows it ------------------ */

/* The graphics thread, at the start of a frame's tick (before the
 * sources'): parks while the test holds frames back, so that what the
 * module does meanwhile is surely not done in a frame. */
static volatile long hold_armed, hold_parked;

static void hold_tick(void *data, float seconds)
{
	(void)data;
	(void)seconds;
	if (!os_atomic_load_long(&hold_armed))
		return;
	os_atomic_set_long(&hold_parked, 1);
	for (int waited = 0; waited < 20000 && os_atomic_load_long(&hold_armed); waited++)
		os_sleep_ms(1); /* (20 s at most: a failing test must not hang) */
	os_atomic_set_long(&hold_parked, 0);
}

static void hold_frames(void)
{
	os_atomic_set_long(&hold_armed, 1);
	for (int waited = 0; waited < 5000 && !os_atomic_load_long(&hold_parked); waited++)
		lk_harness_sleep_ms(1);
	assert_true(os_atomic_load_long(&hold_parked));
}

/* Composes counted off the graphics thread since *off0 / on it since *on0. */
static long composes_off(long off0)
{
	return os_atomic_load_long(&probes[LK_TEXT_PROBE_COMPOSE]) -
	       os_atomic_load_long(&probes_on_graphics[LK_TEXT_PROBE_COMPOSE]) - off0;
}

/* With frames held back, the change (a pin, a gift) is taken and composed
 * by the compose-ahead thread, with its texts; let go, the frames that
 * show it compose nothing: the first already shows the new picture. */
static void switch_ahead(obs_source_t *src, const struct lk_capture *before, void (*change)(int k), int k,
			 struct lk_capture *after)
{
	hold_frames();
	long on0 = os_atomic_load_long(&probes_on_graphics[LK_TEXT_PROBE_COMPOSE]);
	long off0 = os_atomic_load_long(&probes[LK_TEXT_PROBE_COMPOSE]) - on0;
	change(k);
	for (int waited = 0; waited < 10000 && composes_off(off0) < 1; waited++)
		lk_harness_sleep_ms(1);
	long off = composes_off(off0);
	/* (texts that came late are taken by one more run) */
	assert_true(mod.worker_idle(10000));
	assert_true(mod.ahead_idle(10000));
	os_atomic_set_long(&hold_armed, 0);

	struct lk_capture frames[2];
	assert_int_equal(lk_harness_capture_frames(src, 0, frames, 2, 5000), 2);
	long on = os_atomic_load_long(&probes_on_graphics[LK_TEXT_PROBE_COMPOSE]) - on0;
	double first = lk_capture_diff(&frames[0], before, 0, 0, (int)before->cx, (int)before->cy, 8);
	printf("text-render: switch %d composed ahead %ld time(s), in the frames after it %ld; its first frame differs "
	       "in %.1f %% of the pixels\n",
	       k, off, on, first * 100.0);
	assert_true(off >= 1);
	assert_int_equal(on, 0);
	assert_true(first > 0.02);
	/* (and not by being empty: the two pictures cross) */
	assert_true(lk_capture_ink_raw(&frames[0], 0, 0, (int)frames[0].cx, (int)frames[0].cy) >
		    lk_capture_ink_raw(before, 0, 0, (int)before->cx, (int)before->cy) / 4);
	if (k == 1) {
		char png[64];
		snprintf(png, sizeof(png), "text-ahead-first-frame-%s", src == card ? "card" : "gift");
		lk_capture_save(&frames[0], png);
	}
	lk_capture_free(&frames[0]);
	lk_capture_free(&frames[1]);
	lk_harness_sleep_ms(600); /* the slide, the entrance */
	assert_true(settle(src, after, 5000));
	double settled = lk_capture_diff(after, before, 0, 0, (int)after->cx, (int)after->cy, 8);
	printf("text-render: settled, it differs from the last in %.2f %% of the pixels\n", settled * 100.0);
	assert_true(settled > 0.002); /* (another title or name: a gift alert's is a small part of its canvas) */
}

static const char *ahead_ids[] = {"ahead-1", "ahead-2", "ahead-3"};

/* (into the store: the demo shop does not know these products) */
static void pin_ahead(int k)
{
	struct lk_events evs;
	mod.events_init(&evs);
	mod.pin(&evs, ahead_ids[k % 3]);
	mod.apply(mod.store, &evs);
	mod.events_free(&evs);
}

static void gift_ahead(int k)
{
	static const char *names[] = {"Dewi Lestari", "عمر الفاروق", "Nguyễn Thu Hà"};
	char id[32];
	snprintf(id, sizeof(id), "ahead-gift-%d", k);
	skip_alert(); /* the last one leaves; the new one is next */
	gift_from(id, names[k % 3]);
}

static void test_switch_composed_ahead(void **state)
{
	static const char *titles[] = {"Áo thun nữ cotton 100%", "เสื้อยืดผ้าฝ้าย ลดราคา", "Kaos polos premium"};
	for (int i = 0; i < 3; i++)
		put_product(ahead_ids[i], titles[i]); /* no picture: nothing else comes late */
	set_cart(ahead_ids, 3);                       /* (pins are the cart's) */
	if (!os_atomic_load_long(&have_graphics_thread))
		obs_add_main_render_callback(on_render, NULL);
	obs_add_tick_callback(hold_tick, NULL);
	while (!os_atomic_load_long(&have_graphics_thread))
		lk_harness_sleep_ms(10);

	obs_data_t *s = obs_data_create();
	obs_data_set_int(s, "width", 640);
	obs_data_set_string(s, "mode", "pinned");
	lk_harness_set_font(s, "Noto Sans", "Regular", FONT_SIZE, 0);
	card = on_output("linkon_product_card", "ahead-card", s);
	pin_ahead(0);
	struct lk_capture shown[4];
	assert_true(settle(card, &shown[0], 5000));
	memset((void *)probes, 0, sizeof(probes));
	memset((void *)probes_on_graphics, 0, sizeof(probes_on_graphics));
	mod.set_probe(probe);
	long runs0 = mod.ahead_runs();
	for (int k = 1; k < 4; k++)
		switch_ahead(card, &shown[k - 1], pin_ahead, k, &shown[k]);
	assert_true(mod.ahead_runs() > runs0);
	lk_capture_save(&shown[3], "text-ahead-card");

	s = alerts_settings();
	obs_data_set_bool(s, "show_avatar", false);
	obs_data_set_bool(s, "show_gift_image", false);
	alerts = lk_harness_source("linkon_gift_alerts", "ahead-alerts", s);
	obs_data_release(s);
	assert_non_null(alerts);
	assert_non_null(obs_scene_add(scene, alerts));
	obs_sceneitem_remove(obs_scene_find_source(scene, "ahead-card"));
	gift_ahead(0);
	lk_harness_sleep_ms(700); /* the entrance */
	struct lk_capture gifts[4];
	assert_true(settle(alerts, &gifts[0], 5000));
	for (int k = 1; k < 4; k++)
		switch_ahead(alerts, &gifts[k - 1], gift_ahead, k, &gifts[k]);
	lk_capture_save(&gifts[3], "text-ahead-gift");
	mod.set_probe(NULL);
	assert_int_equal(os_atomic_load_long(&probes[LK_TEXT_PROBE_DRAW_PENDING]), 0);

	obs_remove_tick_callback(hold_tick, NULL);
	for (int k = 0; k < 4; k++) {
		lk_capture_free(&shown[k]);
		lk_capture_free(&gifts[k]);
	}
}

/* ---- a picture that comes in is composed ahead of the frame -------------- */

/* A red 16x16 picture at a path no image was loaded from: the loader
 * decodes and uploads it anew. */
static void fresh_picture(char *path, size_t size, const char *dir, int k)
{
	uint8_t bgra[16 * 16 * 4];
	for (size_t i = 0; i < sizeof(bgra); i += 4) {
		bgra[i] = bgra[i + 1] = 0;
		bgra[i + 2] = bgra[i + 3] = 0xFF;
	}
	snprintf(path, size, "%s/picture-%d.png", dir, k);
	assert_true(lk_png_write(path, bgra, 16, 16, 16 * 4));
}

/* A copy of the 3-frame animated GIF fixture at a path no image was loaded
 * from: libobs decodes it and keeps its frames (not shrunk), and the
 * loader makes its texture. */
static void fresh_gif(char *path, size_t size, const char *dir, int k)
{
	struct blob gif = read_fixture("image-8x6-3frames.gif");
	snprintf(path, size, "%s/picture-%d.gif", dir, k);
	FILE *out = fopen(path, "wb");
	assert_non_null(out);
	assert_int_equal(fwrite(gif.data, 1, gif.len, out), gif.len);
	assert_int_equal(fclose(out), 0);
	free(gif.data);
}

/* Pins id in the module's store (a product put there by the test). */
static void pin_now(const char *id)
{
	struct lk_events evs;
	mod.events_init(&evs);
	mod.pin(&evs, id);
	mod.apply(mod.store, &evs);
	mod.events_free(&evs);
}

/* A pinned-mode card with pictures on the output, showing first_id (a
 * product without one: the placeholder), settled into *before. */
static obs_source_t *picture_card(const char *name, const char *first_id, struct lk_capture *before)
{
	put_product(first_id, "Kaos polos");
	obs_data_t *s = obs_data_create();
	obs_data_set_int(s, "width", 640);
	obs_data_set_string(s, "mode", "pinned");
	obs_data_set_bool(s, "show_image", true);
	lk_harness_set_font(s, "Noto Sans", "Regular", FONT_SIZE, 0);
	obs_source_t *src = on_output("linkon_product_card", name, s);
	pin_now(first_id);
	assert_true(settle(src, before, 5000));
	return src;
}

/* Waits until the image loader has made key's picture (or given up). */
static enum lk_image_state picture_loaded(const char *key, int timeout_ms)
{
	struct lk_image *img = mod.image_get(key); /* (the card's entry: it asked first) */
	enum lk_image_state st = mod.image_state(img);
	for (int waited = 0; waited < timeout_ms && st == LK_IMAGE_LOADING; waited += 5) {
		lk_harness_sleep_ms(5);
		st = mod.image_state(img);
	}
	mod.image_release(img);
	return st;
}

/* A product's picture is decoded and uploaded by the image loader while the
 * card shows the product. The loader pokes the card's ahead run before the
 * picture can be seen (and makes it ready inside the same graphics
 * section); the run takes it and composes; the frames after compose
 * nothing. (A picture that landed between an ahead run and the frame used
 * to make that frame compose the card again: 1.5-2.5 ms of the graphics
 * thread's CPU.) With frames held back, the pin, the picture's load and
 * its composition happen meanwhile; let go, the frames up to the settled
 * picture compose nothing on the graphics thread, and it shows the red
 * picture. */
static void test_picture_composed_ahead(void **state)
{
	static const char *ids[] = {"pic-1", "pic-2", "pic-3", "pic-4"};
	static const char *titles[] = {"Áo khoác gió", "กระเป๋าผ้า", "Tas kanvas", "Gelang manik"};
	char dir[] = "/tmp/linkon-pictures-XXXXXX";
	assert_non_null(mkdtemp(dir));
	if (!os_atomic_load_long(&have_graphics_thread))
		obs_add_main_render_callback(on_render, NULL);
	obs_add_tick_callback(hold_tick, NULL);
	while (!os_atomic_load_long(&have_graphics_thread))
		lk_harness_sleep_ms(10);

	struct lk_capture before;
	card = picture_card("picture-card", "pic-0", &before);
	size_t red0 = lk_capture_count_color(&before, 0, 0, (int)before.cx, (int)before.cy, 0xFFFF0000u, 24);
	memset((void *)probes, 0, sizeof(probes));
	memset((void *)probes_on_graphics, 0, sizeof(probes_on_graphics));
	mod.set_probe(probe);

	char path[256];
	for (int k = 0; k < 4; k++) {
		bool gif = k == 3; /* (the last: what libobs decodes and keeps) */
		if (gif)
			fresh_gif(path, sizeof(path), dir, k);
		else
			fresh_picture(path, sizeof(path), dir, k);
		hold_frames();
		long on0 = os_atomic_load_long(&probes_on_graphics[LK_TEXT_PROBE_COMPOSE]);
		long off0 = os_atomic_load_long(&probes[LK_TEXT_PROBE_COMPOSE]) - on0;
		put_product_image(ids[k], titles[k], path);
		pin_now(ids[k]);
		for (int waited = 0; waited < 10000 && composes_off(off0) < 1; waited++)
			lk_harness_sleep_ms(1); /* the run took the pin: the card asked for the picture */
		assert_int_equal(picture_loaded(path, 10000), LK_IMAGE_READY);
		assert_true(mod.worker_idle(10000));
		assert_true(mod.ahead_idle(10000));
		long off = composes_off(off0);
		os_atomic_set_long(&hold_armed, 0);

		lk_harness_sleep_ms(600); /* the cross-fade */
		struct lk_capture after;
		assert_true(settle(card, &after, 5000));
		long on = os_atomic_load_long(&probes_on_graphics[LK_TEXT_PROBE_COMPOSE]) - on0;
		size_t red = lk_capture_count_color(&after, 0, 0, (int)after.cx, (int)after.cy, 0xFFFF0000u, 24);
		/* the picture's square (the card's left), against the placeholder */
		double pic = lk_capture_diff(&after, &before, 40, 40, 200, 200, 24);
		printf("text-render: picture %d (%s) composed ahead %ld time(s), in the frames after it %ld; red pixels "
		       "%zu (before any picture %zu); its square differs from the placeholder in %.1f %%\n",
		       k, gif ? "animated GIF" : "PNG", off, on, red, red0, pic * 100.0);
		assert_true(off >= 1);
		assert_int_equal(on, 0);
		assert_true(red >
			    red0 + 1000); /* the picture at the card's image size (the GIF's first frame is red too) */
		assert_true(pic > 0.5);
		if (k == 0 || gif)
			lk_capture_save(&after, gif ? "text-ahead-picture-gif" : "text-ahead-picture");
		lk_capture_free(&after);
		assert_int_equal(remove(path), 0);
	}
	mod.set_probe(NULL);
	obs_remove_tick_callback(hold_tick, NULL);
	lk_capture_free(&before);
	assert_int_equal(rmdir(dir), 0);
}

/* ---- a layer's wait for a bigger render target ends ---------------------- */

static void no_draw(void *data)
{
	(void)data;
}

/* A layer that outgrows its render target asks the render-target thread
 * for a bigger one and shows what it holds meanwhile, for a few renders at
 * most. Here the thread cannot answer: this test holds the graphics context
 * it needs, as a render does. A layer whose size changes every render (a
 * width slider dragged) and a layer that stops being on screen while it
 * waits must both make their target in the frame after all. */
static void test_layer_waits_end(void **state)
{
	bool (*update)(struct lk_layer *, uint32_t, uint32_t, float, float, uint64_t, lk_layer_draw_cb, void *);
	void (*layer_free)(struct lk_layer *);
	*(void **)&update = dlsym(mod.handle, "lk_layer_update");
	*(void **)&layer_free = dlsym(mod.handle, "lk_layer_free");
	assert_non_null(update);
	assert_non_null(layer_free);
	struct lk_layer l;
	memset(&l, 0, sizeof(l));

	obs_enter_graphics();
	assert_true(update(&l, 64, 16, 0.0f, 0.0f, 1, no_draw, NULL)); /* the first picture: made here */
	assert_int_equal(l.cx, 64);
	/* 1.5x wider every render: more than a target's headroom (1.25x) */
	uint32_t w = 64;
	int made_at = -1;
	for (int i = 1; i <= 12 && made_at < 0; i++) {
		w += w / 2;
		assert_true(update(&l, w, 16, 0.0f, 0.0f, 1 + (uint64_t)i, no_draw, NULL)); /* old picture or new */
		if (l.cx == w)
			made_at = i;
	}
	printf("text-render: a layer growing every render got its target at render %d\n", made_at);
	assert_true(made_at >= 1 && made_at <= 9); /* LK_LAYER_WAITS (8) renders at most */

	/* waiting for a bigger target, the layer goes off screen (not asked
	 * for in the last 100 ms, as a gift alert's between two alerts) */
	uint32_t before = l.cx;
	w += w / 2;
	assert_true(update(&l, w, 16, 0.0f, 0.0f, 100, no_draw, NULL));
	assert_int_equal(l.cx, before); /* waits: the old picture */
	l.seen_ns = 1;
	assert_true(update(&l, w, 16, 0.0f, 0.0f, 100, no_draw, NULL));
	assert_int_equal(l.cx, w); /* stopped waiting: made here */
	layer_free(&l);
	obs_leave_graphics();
}

/* ---- frames going on while products and their pictures change ----------- */

static const char *going_ids[] = {"going-1", "going-2", "going-3", "going-4", "going-5", "going-6"};
static char going_dir[64];

/* Another thread: a product with a new picture pinned every 120 ms. */
static void *pin_going(void *unused)
{
	(void)unused;
	static const char *titles[] = {"Áo sơ mi lụa", "รองเท้าผ้าใบ", "Tudung bawal",
				       "Kemeja batik", "Quần jean",  "ผ้าพันคอ"};
	for (int k = 0; k < 6; k++) {
		char path[256];
		fresh_picture(path, sizeof(path), going_dir, 10 + k);
		put_product_image(going_ids[k], titles[k], path);
		pin_now(going_ids[k]);
		lk_harness_sleep_ms(120);
	}
	return NULL;
}

/* With frames going on (none held back), six products with pictures new to
 * the loader are pinned 120 ms apart: the compose-ahead thread, the text
 * worker and the image loader race the frames. Whatever each frame finds
 * (a run pending: it holds and draws the layers as they are; none: it
 * does the work), every frame captured shows the card (its panel at
 * least: a held frame never draws nothing), and the last product settles
 * with its picture. How many frames held and how many compositions the
 * graphics thread did depend on the machine's timing: printed, not
 * asserted (bench-text-frames measures them). */
static void test_frames_going_on(void **state)
{
	snprintf(going_dir, sizeof(going_dir), "/tmp/linkon-going-XXXXXX");
	assert_non_null(mkdtemp(going_dir));
	if (!os_atomic_load_long(&have_graphics_thread))
		obs_add_main_render_callback(on_render, NULL);
	struct lk_capture before;
	card = picture_card("going-card", "going-0", &before);
	size_t ink0 = lk_capture_ink_raw(&before, 0, 0, (int)before.cx, (int)before.cy);
	memset((void *)probes, 0, sizeof(probes));
	memset((void *)probes_on_graphics, 0, sizeof(probes_on_graphics));
	mod.set_probe(probe);

	enum { FRAMES = 40 }; /* 1.3 s at 30 fps: the six pins and their pictures */
	struct lk_capture *frames = calloc(FRAMES, sizeof(*frames));
	assert_non_null(frames);
	pthread_t pinner;
	assert_int_equal(pthread_create(&pinner, NULL, pin_going, NULL), 0);
	size_t got = lk_harness_capture_frames(card, 0, frames, FRAMES, 20000);
	pthread_join(pinner, NULL);
	assert_int_equal(got, FRAMES);
	size_t least = SIZE_MAX;
	for (size_t i = 0; i < got; i++) {
		size_t ink = lk_capture_ink_raw(&frames[i], 0, 0, (int)frames[i].cx, (int)frames[i].cy);
		least = ink < least ? ink : least;
	}
	lk_capture_save(&frames[FRAMES / 2], "text-going-mid");

	lk_harness_sleep_ms(600);
	struct lk_capture after;
	assert_true(settle(card, &after, 5000));
	mod.set_probe(NULL);
	size_t red = lk_capture_count_color(&after, 0, 0, (int)after.cx, (int)after.cy, 0xFFFF0000u, 24);
	printf("text-render: frames going on: %zu frames, the least ink %zu (settled before %zu); frames that held %ld; "
	       "layers composed on the graphics thread %ld, on others %ld; red pixels at the end %zu\n",
	       got, least, ink0, probes[LK_TEXT_PROBE_HOLD], probes_on_graphics[LK_TEXT_PROBE_COMPOSE],
	       probes[LK_TEXT_PROBE_COMPOSE] - probes_on_graphics[LK_TEXT_PROBE_COMPOSE], red);
	assert_true(least > ink0 / 2); /* never an empty or half-drawn frame */
	assert_true(red > 1000);       /* the last product's picture */
	lk_capture_save(&after, "text-going-end");
	for (size_t i = 0; i < got; i++)
		lk_capture_free(&frames[i]);
	free(frames);
	lk_capture_free(&before);
	lk_capture_free(&after);
	for (int k = 0; k < 6; k++) {
		char path[256];
		snprintf(path, sizeof(path), "%s/picture-%d.png", going_dir, 10 + k);
		assert_int_equal(remove(path), 0);
	}
	assert_int_equal(rmdir(going_dir), 0);
}

/* ---- a frame that holds draws what the layers hold ----------------------- */

static volatile long drawn;

static void count_draw(void *data)
{
	(void)data;
	os_atomic_inc_long(&drawn);
}

/* A frame whose tick left its catching up to an ahead run (the card's
 * render then calls lk_xfade_show): a switch already asked for stays
 * pending for the run, the picture on screen is drawn, nothing is
 * composed; the next lk_xfade_render (or the run's prepare) composes the
 * new picture once. */
static void test_xfade_show_holds(void **state)
{
	void (*init)(struct lk_xfade *, float), (*start)(struct lk_xfade *), (*xfree)(struct lk_xfade *);
	void (*prepare)(struct lk_xfade *, uint32_t, uint32_t, uint64_t, lk_xfade_draw_cb, void *);
	void (*show)(struct lk_xfade *, float);
	void (*render)(struct lk_xfade *, uint32_t, uint32_t, float, uint64_t, lk_xfade_draw_cb, void *);
	*(void **)&init = dlsym(mod.handle, "lk_xfade_init");
	*(void **)&start = dlsym(mod.handle, "lk_xfade_start");
	*(void **)&xfree = dlsym(mod.handle, "lk_xfade_free");
	*(void **)&prepare = dlsym(mod.handle, "lk_xfade_prepare");
	*(void **)&show = dlsym(mod.handle, "lk_xfade_show");
	*(void **)&render = dlsym(mod.handle, "lk_xfade_render");
	assert_true(init && start && xfree && prepare && show && render);
	struct lk_xfade x;
	init(&x, 0.35f);

	/* two pictures, so that both layers have their targets */
	obs_enter_graphics();
	prepare(&x, 96, 32, 1, count_draw, NULL);
	start(&x);
	for (int i = 0; i < 12 && os_atomic_load_long(&drawn) < 2; i++)
		render(&x, 96, 32, 48.0f, 2, count_draw, NULL); /* (a target from the thread, or made here) */
	long set_up = os_atomic_load_long(&drawn);
	int shown = x.cur;

	start(&x); /* a third: the switch waits for a composition */
	show(&x, 48.0f);
	show(&x, 48.0f);
	long held = os_atomic_load_long(&drawn);
	bool pending = x.swap_pending, same = x.cur == shown, valid = x.layer[shown].valid;
	render(&x, 96, 32, 48.0f, 3, count_draw, NULL);
	long switched = os_atomic_load_long(&drawn);
	bool taken = !x.swap_pending && x.cur == (shown ^ 1);
	show(&x, 48.0f); /* mid-fade: both pictures drawn, nothing composed */
	render(&x, 96, 32, 48.0f, 3, count_draw, NULL);
	long after = os_atomic_load_long(&drawn);
	obs_leave_graphics();
	xfree(&x);

	assert_int_equal(set_up, 2);
	assert_int_equal(held, 2); /* composed nothing */
	assert_true(pending);      /* the switch is still the run's (or the next render's) */
	assert_true(same);
	assert_true(valid);            /* what was drawn: the picture before */
	assert_int_equal(switched, 3); /* the new picture, once */
	assert_true(taken);
	assert_int_equal(after, 3);
}

static void test_unload_no_leaks(void **state)
{
	assert_true(lk_harness_stop_clean());
}

/* A flash sale of a product whose title reads right to left: the timer's
 * rows are mirrored (prices on the right, the countdown on the left). */
static void test_timer_rtl_title(void **state)
{
	static const uint32_t price = 0xFF22DD66u;
	put_product("text-ar", samples[3].title);
	assert_true(lk_text_is_rtl(samples[3].title));

	obs_data_t *s = row_settings(32, price);
	card = lk_harness_source("linkon_flash_timer", "text-timer-rtl", s);
	obs_data_release(s);
	assert_non_null(card);
	/* the sale straight into the store (the demo shop sells only its own
	 * products) */
	struct lk_snapshot *snap = mod.store_get(mod.store);
	int64_t now = mod.platform_now(snap, mod.now_ms());
	mod.snapshot_release(snap);
	struct lk_sale *sale = mod.sale_new("text-sale-ar", "text-ar");
	sale->sale_price = 19900;
	sale->stock_limit = LK_SALE_NO_LIMIT;
	sale->start_ms = now - 1000;
	sale->end_ms = now + 60000;
	struct lk_events evs;
	mod.events_init(&evs);
	mod.sale_put(&evs, sale);
	mod.apply(mod.store, &evs);
	mod.events_free(&evs);

	struct lk_capture c;
	lk_harness_sleep_ms(1500); /* laid out and faded in (the digits tick: no settle) */
	assert_true(lk_harness_capture(card, 0, &c));
	assert_true(lk_capture_save(&c, "text-timer-rtl"));
	int w = (int)c.cx - 2 * (int)c.margin, h = (int)c.cy - 2 * (int)c.margin;
	size_t price_l = count_near(&c, 0, 0, w * 9 / 20, h * 3 / 4, price);
	size_t price_r = count_near(&c, w * 11 / 20, 0, w, h * 3 / 4, price);
	size_t text_l = count_near(&c, 0, 0, w * 9 / 20, h * 3 / 4, TEXT);
	printf("text-render: RTL timer price pixels left %zu right %zu, text left %zu\n", price_l, price_r, text_l);
	assert_true(price_r > 300 && price_l == 0);
	assert_true(text_l > 400); /* the countdown's digits */
	lk_capture_free(&c);

	mod.events_init(&evs);
	mod.sale_stop(&evs, "text-sale-ar", now);
	mod.apply(mod.store, &evs);
	mod.events_free(&evs);
}

static int group_setup(void **state)
{
	json_t *shop = lk_harness_start_shop(LK_MODULE_PATH, LK_DATA_DIR, "test-text-render");
	if (!shop)
		return -1;
	json_decref(shop);
	if (!module_symbols()) {
		fprintf(stderr, "test-text-render: the module's symbols are not reachable: %s\n", dlerror());
		return -1;
	}
	return 0;
}

static int group_teardown(void **state)
{
	release_sources(state);
	lk_harness_stop();
	return 0;
}

int main(void)
{
	if (!getenv("DISPLAY") || !*getenv("DISPLAY")) {
		fprintf(stderr, "test-text-render: DISPLAY is not set. These tests render with a real libobs and need "
				"an X server: run tests/run-all.sh (it starts Xvfb)\n");
		return 1;
	}
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_card_titles, release_sources),
		cmocka_unit_test_teardown(test_cart_rtl_row, release_sources),
		cmocka_unit_test_teardown(test_timer_rtl_title, release_sources),
		cmocka_unit_test_teardown(test_gift_names, release_sources),
		cmocka_unit_test_teardown(test_font_and_text_churn, release_sources),
		cmocka_unit_test_teardown(test_switch_shows_no_old_words, release_sources),
		cmocka_unit_test_teardown(test_switch_composed_ahead, release_sources),
		cmocka_unit_test_teardown(test_picture_composed_ahead, release_sources),
		cmocka_unit_test_teardown(test_frames_going_on, release_sources),
		cmocka_unit_test(test_layer_waits_end),
		cmocka_unit_test(test_xfade_show_holds),
		cmocka_unit_test(test_unload_no_leaks), /* last: shuts libobs down */
	};
	/* clang-format on */
	int rc = cmocka_run_group_tests_name("obs-text-render", tests, group_setup, group_teardown);
	lk_font_shutdown();
	return rc;
}
