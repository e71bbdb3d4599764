/*
 * Linkon tests — linkon_sales_ticker and linkon_goal_bar rendered by a real,
 * headless libobs with the demo shop running and a live show. Orders go in
 * through linkon_test_order (the store, as a connector's would). Checked by
 * pixels: the empty ticker draws nothing; an order draws the panel, the
 * thumbnail and one text whose width is that of "M***a just bought <title>
 * ×2" laid out by the same engine; a burst adds the "+N more orders" line
 * in the accent colour; the goal bar's fill covers 0 %, 60 % and 100 % of
 * its track, confetti fly while it celebrates, and the reached bar turns to
 * the "reached" colour. PNGs: obs-sales-*.png.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-obs-harness.h"
#include "lk-text.h"

#include <dlfcn.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

#include <cmocka.h>
#include <util/platform.h>
#include <util/threading.h>

#define FONT_SIZE 30
#define WIDTH 720
#define BG 0xFF161A22u      /* the panels' colour (opaque for exact pixel counts) */
#define ACCENT 0xFFFFB020u  /* ticker: burst line; goal bar: fill */
#define FILL 0xFF2BD47Du    /* goal bar fill */
#define REACHED 0xFFFFD34Du /* goal bar: price colour = reached fill */

/* The module's text probe: font loading, layout and rasterising must never
 * run on the graphics thread (video_tick, video_render, and update, which
 * libobs 29 runs inside video_tick). */
static pthread_t graphics_thread;
static volatile long have_graphics_thread;
static volatile long probes, probes_on_graphics;
/* and textures made or filled for the sources (text worker, image loader:
 * never the graphics thread either) */
static volatile long tex_probes, tex_on_graphics;
static void (*set_probe)(lk_text_probe_fn fn);

static void on_render(void *data, uint32_t cx, uint32_t cy)
{
	(void)data;
	(void)cx;
	(void)cy;
	if (!os_atomic_load_long(&have_graphics_thread)) {
		graphics_thread = pthread_self();
		os_atomic_set_long(&have_graphics_thread, 1);
	}
}

static void probe(enum lk_text_probe_op op)
{
	bool on_graphics = os_atomic_load_long(&have_graphics_thread) && pthread_equal(pthread_self(), graphics_thread);
	if (op == LK_TEXT_PROBE_FONT_LOAD || op == LK_TEXT_PROBE_LAYOUT || op == LK_TEXT_PROBE_RASTER) {
		os_atomic_inc_long(&probes);
		if (on_graphics)
			os_atomic_inc_long(&probes_on_graphics);
	} else if (op == LK_TEXT_PROBE_TEX_MAKE || op == LK_TEXT_PROBE_TEX_FILL) {
		os_atomic_inc_long(&tex_probes);
		if (on_graphics)
			os_atomic_inc_long(&tex_on_graphics);
	} /* render targets: a source's first picture is composed in its frame */
}

static json_t *shop;
static const char *product_id;
static const char *product_title;
static obs_source_t *ticker, *goal;

static long long obs_color(uint32_t argb)
{
	return (long long)((argb & 0xFF00FF00u) | ((argb & 0xFFu) << 16) | ((argb >> 16) & 0xFFu));
}

static bool call_proc(const char *name, const char *json)
{
	calldata_t cd = {0};
	if (json)
		calldata_set_string(&cd, "json", json);
	bool called = proc_handler_call(obs_get_proc_handler(), name, &cd);
	bool ok = called && calldata_bool(&cd, "ok");
	if (!ok)
		fprintf(stderr, "%s failed: %s\n", name, called ? calldata_string(&cd, "error") : "no such proc");
	calldata_free(&cd);
	return ok;
}

static void order(const char *buyer, int quantity)
{
	char json[256];
	snprintf(json, sizeof(json), "{\"product_id\":\"%s\",\"quantity\":%d,\"buyer\":\"%s\"}", product_id, quantity,
		 buyer);
	assert_true(call_proc("linkon_test_order", json));
}

static bool lk_str_eq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static void settle(int ms)
{
	lk_harness_sleep_ms(ms);
}

static void capture(obs_source_t *src, struct lk_capture *cap, const char *name)
{
	assert_true(lk_harness_capture(src, 0, cap));
	lk_capture_save(cap, name);
}

static size_t ink(const struct lk_capture *cap)
{
	return lk_capture_ink_raw(cap, 0, 0, (int)cap->cx, (int)cap->cy);
}

/* x extent [x0, x1) of pixels in rows [y0, y1) that differ from bg and are
 * not transparent, within [xa, xb). */
static void ink_extent(const struct lk_capture *cap, int xa, int xb, int y0, int y1, uint32_t bg, int *x0, int *x1)
{
	*x0 = xb;
	*x1 = xa;
	for (int y = y0; y < y1; y++)
		for (int x = xa; x < xb; x++) {
			const uint8_t *p = lk_capture_at(cap, x, y);
			int db = abs((int)p[0] - (int)(bg & 0xFF)), dg = abs((int)p[1] - (int)((bg >> 8) & 0xFF));
			int dr = abs((int)p[2] - (int)((bg >> 16) & 0xFF));
			if (p[3] > 200 && (db > 60 || dg > 60 || dr > 60)) {
				if (x < *x0)
					*x0 = x;
				if (x + 1 > *x1)
					*x1 = x + 1;
			}
		}
}

/* Widest run of colour argb in one row of cap (the bar's fill). */
static int widest_row(const struct lk_capture *cap, uint32_t argb)
{
	int best = 0;
	for (int y = 0; y < (int)cap->cy; y++) {
		int n = (int)lk_capture_count_color(cap, 0, y, (int)cap->cx, y + 1, argb, 24);
		if (n > best)
			best = n;
	}
	return best;
}

static int group_setup(void **state)
{
	(void)state;
	/* the demo shop's own orders would come at random: one a day on average
	 * (never within a run); this test's orders come from linkon_test_order */
	lk_harness_set_config("{\"connector\":\"demo\",\"demo\":{\"seed\":42,\"pin_every_ms\":-1,"
			      "\"order_every_ms\":86400000,\"gift_every_ms\":-1}}");
	shop = lk_harness_start_shop(LK_MODULE_PATH, LK_DATA_DIR, "test-sales-render");
	if (!shop)
		return -1;
	product_id = json_string_value(json_array_get(json_object_get(shop, "cart"), 0));
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(shop, "products"), i, p)
	{
		if (product_id && lk_str_eq(json_string_value(json_object_get(p, "id")), product_id))
			product_title = json_string_value(json_object_get(p, "title"));
	}
	if (!product_id || !product_title) {
		fprintf(stderr, "test-sales-render: no product in the demo cart\n");
		return -1;
	}
	if (!lk_harness_pin(product_id) || !call_proc("linkon_show_start", NULL))
		return -1;
	void *module = dlopen(LK_MODULE_PATH, RTLD_NOW | RTLD_NOLOAD);
	*(void **)&set_probe = module ? dlsym(module, "lk_text_set_probe") : NULL;
	if (!set_probe) {
		fprintf(stderr, "test-sales-render: the module has no lk_text_set_probe\n");
		return -1;
	}
	obs_add_main_render_callback(on_render, NULL);
	while (!os_atomic_load_long(&have_graphics_thread))
		lk_harness_sleep_ms(10);
	set_probe(probe);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	if (set_probe)
		set_probe(NULL);
	obs_remove_main_render_callback(on_render, NULL);
	obs_source_release(ticker);
	obs_source_release(goal);
	json_decref(shop);
	return lk_harness_stop_clean() ? 0 : -1;
}

static void look(obs_data_t *s, uint32_t accent)
{
	obs_data_set_int(s, "width", WIDTH);
	obs_data_set_int(s, "background_color", obs_color(BG));
	obs_data_set_int(s, "accent_color", obs_color(accent));
	obs_data_set_int(s, "price_color", obs_color(REACHED));
	lk_harness_set_font(s, "Noto Sans", "Regular", FONT_SIZE, 0);
}

/* 0 %: a goal of 10 orders before any order. The empty ticker draws
 * nothing at all. */
static void test_empty_states(void **state)
{
	(void)state;
	obs_data_t *s = obs_data_create();
	look(s, FILL);
	obs_data_set_string(s, "goal_metric", "orders");
	obs_data_set_double(s, "goal_target", 10.0);
	obs_data_set_double(s, "celebrate_seconds", 4.0);
	goal = lk_harness_source("linkon_goal_bar", "goal", s);
	obs_data_release(s);
	assert_non_null(goal);

	s = obs_data_create();
	look(s, ACCENT);
	obs_data_set_double(s, "min_seconds", 1.0);
	obs_data_set_double(s, "max_seconds", 0.0);
	obs_data_set_int(s, "fold_at", 3);
	ticker = lk_harness_source("linkon_sales_ticker", "ticker", s);
	obs_data_release(s);
	assert_non_null(ticker);
	settle(1500);

	struct lk_capture cap = {0};
	capture(ticker, &cap, "sales-ticker-empty");
	assert_int_equal(cap.cx, WIDTH);
	assert_true(cap.cy > FONT_SIZE);
	assert_int_equal(ink(&cap), 0);
	lk_capture_free(&cap);

	capture(goal, &cap, "sales-goal-0");
	/* the panel is there, the track is empty */
	assert_true(lk_capture_count_color(&cap, 0, 0, (int)cap.cx, (int)cap.cy, BG, 6) > cap.cx * cap.cy / 2);
	assert_int_equal(widest_row(&cap, FILL), 0);
	lk_capture_free(&cap);
}

/* One order: the panel, a thumbnail and the sentence "M***a just bought
 * <title> ×2" (its width as laid out by the same engine). */
static void test_ticker_order(void **state)
{
	(void)state;
	order("Maria", 2);
	settle(1500);

	struct lk_capture cap = {0};
	capture(ticker, &cap, "sales-ticker-order");
	int w = (int)cap.cx, h = (int)cap.cy;
	assert_true(lk_capture_count_color(&cap, 0, 0, w, h, BG, 6) > (size_t)(w * h) / 3);

	/* the text: right of the thumbnail square (pad .. pad + text height) */
	int pad = (FONT_SIZE * 45 + 50) / 100;
	int x0, x1;
	ink_extent(&cap, h - pad + pad / 2, w, 0, h, BG, &x0, &x1);
	assert_true(x0 < x1);

	/* the same sentence laid out by the same engine in the width the text
	 * has (up to the right padding): as wide, and as many lines */
	char text[512];
	snprintf(text, sizeof(text), "M***a just bought %s ×2", product_title);
	struct lk_font *bold = lk_font_get("Noto Sans", true);
	assert_non_null(bold);
	struct lk_text_style st = {0};
	st.font = bold;
	st.size_px = FONT_SIZE;
	st.max_width = w - x0 - pad;
	st.max_lines = 2;
	uint32_t tw = 0, th = 0;
	int lines = 0;
	assert_true(lk_text_measure(text, &st, &tw, &th, &lines));
	lk_font_release(bold);
	int bands = 0;
	for (int y = 0, in = 0; y < h; y++) { /* text lines: runs of rows with ink */
		int a, b;
		ink_extent(&cap, x0, w, y, y + 1, BG, &a, &b);
		if (b > a && !in)
			bands++;
		in = b > a;
	}
	fprintf(stderr, "ticker text: ink %d..%d (%d px, %d lines), expected %u px, %d lines for '%s'\n", x0, x1,
		x1 - x0, bands, tw, lines, text);
	assert_true(abs((x1 - x0) - (int)tw) <= 6);
	assert_int_equal(bands, lines);
	/* something is drawn where the thumbnail is (picture or placeholder) */
	int t0, t1;
	ink_extent(&cap, pad, h - pad, pad, h - pad, BG, &t0, &t1);
	assert_true(t1 > t0);
	/* no burst line */
	assert_int_equal(lk_capture_count_color(&cap, x0, 0, w, h, ACCENT, 30), 0);
	lk_capture_free(&cap);
}

/* Six orders at once (fold_at 3): one entry "+N more orders in the last
 * minute" in the accent colour. */
static void test_ticker_burst(void **state)
{
	(void)state;
	static const char *names[] = {"王小明", "สมชาย", "Ahmed", "Zoë", "Ana", "Lee"};
	for (int i = 0; i < 5; i++)
		order(names[i], 1);
	settle(2500); /* Maria's minimum second, then the burst's entrance */
	struct lk_capture cap = {0};
	capture(ticker, &cap, "sales-ticker-burst");
	size_t accent = lk_capture_count_color(&cap, 0, 0, (int)cap.cx, (int)cap.cy, ACCENT, 30);
	fprintf(stderr, "burst line: %zu accent pixels\n", accent);
	assert_true(accent > 40);
	/* the burst line is the second line: under the newest order's */
	int first = -1;
	for (int y = 0; y < (int)cap.cy && first < 0; y++)
		if (lk_capture_count_color(&cap, (int)cap.cy, y, (int)cap.cx, y + 1, ACCENT, 30) > 0)
			first = y;
	assert_true(first > (int)cap.cy / 3);
	lk_capture_free(&cap);
}

/* 6 of 10 orders: the fill covers 60 % of the track. */
static void test_goal_60(void **state)
{
	(void)state;
	settle(2000); /* the fill eases there */
	struct lk_capture cap = {0};
	capture(goal, &cap, "sales-goal-60");
	int pad = (FONT_SIZE * 45 + 50) / 100;
	int track = (int)cap.cx - 2 * pad;
	int fill = widest_row(&cap, FILL);
	fprintf(stderr, "goal 60 %%: fill %d of %d px\n", fill, track);
	assert_true(abs(fill - track * 6 / 10) <= 14);
	lk_capture_free(&cap);
}

/* 10 of 10: the bar celebrates (confetti in their colours above the bar),
 * then stays full in the reached colour. */
static void test_goal_reached(void **state)
{
	(void)state;
	for (int i = 0; i < 4; i++)
		order("Bob", 1);
	struct lk_capture cap = {0};
	size_t confetti = 0;
	uint64_t deadline = os_gettime_ns() + 3000000000ULL;
	do { /* confetti fly within the celebration's first seconds */
		lk_capture_free(&cap);
		assert_true(lk_harness_capture(goal, 0, &cap));
		confetti = lk_capture_count_color(&cap, 0, 0, (int)cap.cx, (int)cap.cy, 0xFFFF4D6Du, 20) +
			   lk_capture_count_color(&cap, 0, 0, (int)cap.cx, (int)cap.cy, 0xFF4DD4FFu, 20);
		if (confetti > 30)
			break;
		lk_harness_sleep_ms(50);
	} while (os_gettime_ns() < deadline);
	lk_capture_save(&cap, "sales-goal-celebrating");
	fprintf(stderr, "celebrating: %zu confetti pixels\n", confetti);
	assert_true(confetti > 30);
	lk_capture_free(&cap);

	settle(5000); /* the celebration ends */
	capture(goal, &cap, "sales-goal-100");
	int pad = (FONT_SIZE * 45 + 50) / 100;
	int track = (int)cap.cx - 2 * pad;
	int full = widest_row(&cap, REACHED);
	fprintf(stderr, "goal 100 %%: reached fill %d of %d px\n", full, track);
	assert_true(full >= track - 24);
	assert_int_equal(widest_row(&cap, FILL), 0);
	lk_capture_free(&cap);
}

/* The feed: three rows, the newest on top. The newest buyer's name is
 * Arabic, so its sentence reads right to left and its row is mirrored:
 * the thumbnail on the right, the left end of the row empty. */
static void test_ticker_feed_rtl(void **state)
{
	(void)state;
	obs_data_t *s = obs_data_create();
	look(s, ACCENT);
	obs_data_set_string(s, "ticker_mode", "feed");
	obs_data_set_int(s, "feed_rows", 3);
	obs_data_set_double(s, "min_seconds", 0.5);
	obs_data_set_double(s, "max_seconds", 0.0);
	obs_data_set_int(s, "fold_at", 0);
	obs_source_t *feed = lk_harness_source("linkon_sales_ticker", "feed", s);
	obs_data_release(s);
	assert_non_null(feed);
	settle(1000);
	order("Lee", 1);
	order("Zoë", 3);
	order("أحمد", 1);
	settle(4000);

	struct lk_capture cap = {0};
	capture(feed, &cap, "sales-ticker-feed-rtl");
	int w = (int)cap.cx, h = (int)cap.cy;
	/* rows: runs of panel colour down the middle column */
	int top[4] = {0}, bottom[4] = {0}, rows = 0;
	for (int y = 0, in = 0; y < h; y++) {
		bool panel = lk_capture_count_color(&cap, w / 2 - 1, y, w / 2 + 1, y + 1, BG, 40) > 0 ||
			     lk_capture_at(&cap, w / 2, y)[3] > 200;
		if (panel && !in && rows < 4)
			top[rows++] = y;
		if (panel && rows)
			bottom[rows - 1] = y + 1;
		in = panel;
	}
	fprintf(stderr, "feed: %d rows\n", rows);
	assert_int_equal(rows, 3);
	int rh = bottom[0] - top[0], pad = (FONT_SIZE * 45 + 50) / 100;
	/* a left-to-right row: picture at the left end, text from text_x on */
	int p0, p1, t0, t1;
	ink_extent(&cap, 0, rh - pad / 2, top[1] + pad, bottom[1] - pad, BG, &p0, &p1);
	ink_extent(&cap, rh - pad / 2, w, top[1], bottom[1], BG, &t0, &t1);
	assert_true(p1 - p0 > rh / 3);
	assert_true(t1 > t0);
	/* the mirrored row: picture at the right end, its text ending where
	 * the other rows' text starts, counted from the right */
	int q0, q1, u0, u1;
	ink_extent(&cap, w - rh + pad / 2, w, top[0] + pad, bottom[0] - pad, BG, &q0, &q1);
	ink_extent(&cap, 0, w - rh + pad / 2, top[0], bottom[0], BG, &u0, &u1);
	fprintf(stderr, "ltr row: picture %d..%d, text from %d; rtl row: picture %d..%d, text to %d\n", p0, p1, t0, q0,
		q1, u1);
	assert_true(q1 - q0 > rh / 3);
	assert_true(abs(q0 - (w - p1)) <= 2);
	assert_true(abs(u1 - (w - t0)) <= 3);
	lk_capture_free(&cap);
	obs_source_release(feed);
}

/* The loudest sample the ticker's own audio output carried since reset. */
static pthread_mutex_t loud_mutex = PTHREAD_MUTEX_INITIALIZER;
static float loudest;

static void on_ticker_audio(void *param, obs_source_t *source, const struct audio_data *data, bool muted)
{
	(void)param;
	(void)source;
	(void)muted;
	float peak = 0.0f;
	for (size_t ch = 0; ch < 2 && data->data[ch]; ch++)
		for (uint32_t i = 0; i < data->frames; i++)
			peak = fmaxf(peak, fabsf(((const float *)data->data[ch])[i]));
	pthread_mutex_lock(&loud_mutex);
	loudest = fmaxf(loudest, peak);
	pthread_mutex_unlock(&loud_mutex);
}

static float loudest_since(int ms)
{
	pthread_mutex_lock(&loud_mutex);
	loudest = 0.0f;
	pthread_mutex_unlock(&loud_mutex);
	settle(ms);
	pthread_mutex_lock(&loud_mutex);
	float v = loudest;
	pthread_mutex_unlock(&loud_mutex);
	return v;
}

/* The optional sound: the ticker on program, silent without orders, a
 * sound as its own audio when an order comes in. */
static void test_ticker_sound(void **state)
{
	(void)state;
	obs_data_t *s = obs_data_create();
	look(s, ACCENT);
	obs_data_set_double(s, "min_seconds", 0.5);
	obs_data_set_string(s, "sound", LK_DATA_DIR "/sounds/gift-small.wav");
	obs_source_t *t = lk_harness_source("linkon_sales_ticker", "sound-ticker", s);
	obs_data_release(s);
	assert_non_null(t);
	obs_scene_t *scene = obs_scene_create("sales-sound-scene");
	obs_scene_add(scene, t);
	obs_set_output_source(0, obs_scene_get_source(scene));
	obs_source_add_audio_capture_callback(t, on_ticker_audio, NULL);
	settle(800); /* on program; the sound thread decodes the file */

	float quiet = loudest_since(1000);
	order("Kim", 1);
	float loud = loudest_since(1500);
	fprintf(stderr, "ticker sound: peak %.4f without an order, %.4f with one\n", quiet, loud);
	assert_true(quiet == 0.0f);
	assert_true(loud > 0.2f);

	obs_source_remove_audio_capture_callback(t, on_ticker_audio, NULL);
	obs_set_output_source(0, NULL);
	obs_source_remove(obs_scene_get_source(scene));
	obs_scene_release(scene);
	obs_source_release(t);
}

/* Settings changed while it shows (update runs inside video_tick in libobs
 * 29): a new title and font size; then no text work ran on the graphics
 * thread in the whole run, and some ran elsewhere; the same for making and
 * filling the sources' textures. */
static void test_update_and_threads(void **state)
{
	(void)state;
	obs_data_t *s = obs_source_get_settings(goal);
	obs_data_set_string(s, "goal_title", "ยอดขายวันนี้");
	lk_harness_set_font(s, "Noto Sans", "Regular", FONT_SIZE + 6, 0);
	obs_source_update(goal, s);
	obs_data_release(s);
	settle(1500);
	struct lk_capture cap = {0};
	capture(goal, &cap, "sales-goal-updated");
	assert_true(cap.cy > 0);
	int full = widest_row(&cap, REACHED);
	assert_true(full > (int)cap.cx / 2); /* still reached, laid out for the new size */
	lk_capture_free(&cap);
	fprintf(stderr,
		"text probes: %ld, on the graphics thread: %ld; textures made or filled: %ld, on the graphics "
		"thread: %ld\n",
		os_atomic_load_long(&probes), os_atomic_load_long(&probes_on_graphics),
		os_atomic_load_long(&tex_probes), os_atomic_load_long(&tex_on_graphics));
	assert_true(os_atomic_load_long(&probes) > 0);
	assert_int_equal(os_atomic_load_long(&probes_on_graphics), 0);
	assert_true(os_atomic_load_long(&tex_probes) > 0);
	assert_int_equal(os_atomic_load_long(&tex_on_graphics), 0);
}

int main(void)
{
	if (!getenv("DISPLAY") || !*getenv("DISPLAY")) {
		fprintf(stderr, "test-sales-render: DISPLAY is not set (run tests/run-all.sh: it starts Xvfb)\n");
		return 1;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_states), cmocka_unit_test(test_ticker_order),
		cmocka_unit_test(test_ticker_burst), cmocka_unit_test(test_goal_60),
		cmocka_unit_test(test_goal_reached), cmocka_unit_test(test_ticker_feed_rtl),
		cmocka_unit_test(test_ticker_sound), cmocka_unit_test(test_update_and_threads),
	};
	return cmocka_run_group_tests_name("obs-sales-render", tests, group_setup, group_teardown);
}
