/*
 * Linkon tests — the flash-sale timer (linkon_flash_timer) rendered by a
 * real, headless libobs with the demo shop running: sales are started and
 * stopped through the module's procs (linkon_start_sale / linkon_stop_sale)
 * and the pixels are checked. Every checked frame is saved as a PNG in
 * LK_ARTIFACTS_DIR (obs-timer-*.png).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-obs-harness.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <util/platform.h>

/* Solid, distinct colours (0xAARRGGBB) so the parts can be told apart. */
#define BG 0xFF1E2228u
#define TEXT 0xFFFFFFFFu
#define PRICE 0xFF22DD66u
#define ACCENT 0xFFFF1F8Fu
#define WARN 0xFFFF8A00u
#define TIMER_W 560
#define TOL 12
#define SETTLE_MS 600 /* > transition (350 ms) */

static json_t *shop; /* state when the demo shop was up */
static obs_source_t *owned[4];
static int num_owned;

static obs_source_t *own(obs_source_t *src)
{
	assert_non_null(src);
	assert_true(num_owned < 4);
	owned[num_owned++] = src;
	return src;
}

static bool stop_sale(void);

/* Releases the test's sources and stops a sale it left running. */
static int teardown(void **state)
{
	while (num_owned > 0)
		obs_source_release(owned[--num_owned]);
	stop_sale();
	return 0;
}

static long long obs_color(uint32_t argb)
{
	return (long long)((argb & 0xFF00FF00u) | ((argb >> 16) & 0xFF) | ((argb & 0xFF) << 16));
}

struct timer_opts {
	int warn_secs;
	int end_secs;
	bool hide, unpin, stock;
};

static obs_source_t *make_timer(const char *name, const struct timer_opts *o)
{
	obs_data_t *s = obs_data_create();
	obs_data_t *font = obs_data_create();
	obs_data_set_string(font, "face", "Noto Sans");
	obs_data_set_string(font, "style", "Regular");
	obs_data_set_int(font, "size", 32);
	obs_data_set_obj(s, "font", font);
	obs_data_release(font);
	obs_data_set_int(s, "width", TIMER_W);
	obs_data_set_int(s, "background_color", obs_color(BG));
	obs_data_set_int(s, "text_color", obs_color(TEXT));
	obs_data_set_int(s, "price_color", obs_color(PRICE));
	obs_data_set_int(s, "accent_color", obs_color(ACCENT));
	obs_data_set_int(s, "warn_color", obs_color(WARN));
	obs_data_set_int(s, "warn_seconds", o->warn_secs);
	obs_data_set_int(s, "end_text_seconds", o->end_secs);
	obs_data_set_bool(s, "show_stock", o->stock);
	obs_data_set_bool(s, "end_hide", o->hide);
	obs_data_set_bool(s, "end_unpin", o->unpin);
	obs_source_t *src = own(lk_harness_source("linkon_flash_timer", name, s));
	obs_data_release(s);
	return src;
}

/* ---- sales through the module's procs --------------------------------------- */

static bool start_sale(const char *id, long long duration_ms, long long preroll_ms, long long stock, long long price)
{
	return lk_harness_start_sale(id, duration_ms, preroll_ms, stock, price);
}

static bool stop_sale(void)
{
	if (!obs_initialized()) /* after the last test shut libobs down */
		return false;
	calldata_t cd = {0};
	bool ok = proc_handler_call(obs_get_proc_handler(), "linkon_stop_sale", &cd) && calldata_bool(&cd, "ok");
	calldata_free(&cd);
	return ok;
}

/* The current sale's field (a string) from linkon_get_state, copied into
 * out; "" when there is no sale. */
static const char *sale_field(const char *field, char *out, size_t size)
{
	json_t *st = lk_harness_state();
	const char *v = json_string_value(json_object_get(json_object_get(st, "sale"), field));
	snprintf(out, size, "%s", v ? v : "");
	json_decref(st);
	return out;
}

static long long sale_remaining_ms(void)
{
	json_t *st = lk_harness_state();
	long long ms = json_integer_value(json_object_get(json_object_get(st, "sale"), "remainingMs"));
	json_decref(st);
	return ms;
}

static bool wait_sale_state(const char *state, int timeout_ms)
{
	char got[32];
	for (int waited = 0; waited <= timeout_ms; waited += 50) {
		if (strcmp(sale_field("state", got, sizeof(got)), state) == 0)
			return true;
		lk_harness_sleep_ms(50);
	}
	fprintf(stderr, "the sale did not reach state %s (it is '%s')\n", state, got);
	return false;
}

static const char *pinned_id(char *out, size_t size)
{
	json_t *st = lk_harness_state();
	const char *v = json_string_value(json_object_get(st, "pinned"));
	snprintf(out, size, "%s", v ? v : "");
	json_decref(st);
	return out;
}

/* ---- the shop's products ------------------------------------------------------ */

static json_t *product(const char *id)
{
	json_t *p;
	size_t i;
	json_array_foreach(json_object_get(shop, "products"), i, p)
	{
		if (strcmp(json_string_value(json_object_get(p, "id")), id) == 0)
			return p;
	}
	return NULL;
}

static json_int_t field_of(const char *id, const char *field)
{
	return json_integer_value(json_object_get(product(id), field));
}

/* The n-th cart product (0-based) by stock, most first: each test sells a
 * different product, and none runs out during the test by accident. */
static const char *by_stock(int n)
{
	const char *picked[32];
	int num = 0;
	json_t *id;
	size_t i;
	json_array_foreach(json_object_get(shop, "cart"), i, id)
	{
		if (num < 32 && field_of(json_string_value(id), "stock") > 0)
			picked[num++] = json_string_value(id);
	}
	for (int a = 0; a < num; a++)
		for (int b = a + 1; b < num; b++)
			if (field_of(picked[b], "stock") > field_of(picked[a], "stock")) {
				const char *t = picked[a];
				picked[a] = picked[b];
				picked[b] = t;
			}
	return n < num ? picked[n] : NULL;
}

/* 30 % off the product's price. */
static long long sale_price_of(const char *id)
{
	return field_of(id, "price") * 7 / 10;
}

/* ---- pixels ---------------------------------------------------------------- */

static void capture_save_checked(const struct lk_capture *cap, const char *png)
{
	assert_true(lk_capture_save(cap, png));
}

static void capture(obs_source_t *src, struct lk_capture *cap, const char *png)
{
	assert_true(lk_harness_capture(src, 0, cap));
	capture_save_checked(cap, png);
}

/* Top of the time bar: the first row of the lower half with bar colour
 * (argb) in the middle column; h if none. */
static int bar_top(const struct lk_capture *cap, int w, int h, uint32_t argb)
{
	for (int y = h / 2; y < h; y++)
		if (lk_capture_count_color(cap, w / 2 - 4, y, w / 2 + 4, y + 1, argb, TOL) >= 6)
			return y;
	return h;
}

/* Leftmost column in [x0, w) with a pixel of colour argb in rows [0, top);
 * -1 if none. */
static int left_edge(const struct lk_capture *cap, int x0, int w, int top, uint32_t argb)
{
	for (int x = x0; x < w; x++)
		if (lk_capture_count_color(cap, x, 0, x + 1, top, argb, TOL) > 0)
			return x;
	return -1;
}

static size_t count_right(const struct lk_capture *cap, int w, int top, uint32_t argb)
{
	return lk_capture_count_color(cap, w * 11 / 20, 0, w, top, argb, TOL);
}

static size_t count_left(const struct lk_capture *cap, int w, int top, uint32_t argb)
{
	return lk_capture_count_color(cap, 0, 0, w * 9 / 20, top, argb, TOL);
}

/* ---- (a) a live sale: the digits tick, the rest holds still ----------------- */

static void test_live_digits_tick(void **state)
{
	struct timer_opts o = {.warn_secs = 10, .end_secs = 5};
	obs_source_t *timer = make_timer("timer-live", &o);
	int w = (int)obs_source_get_width(timer), h = (int)obs_source_get_height(timer);
	const char *id = by_stock(0);
	struct lk_capture a, b;

	assert_int_equal(w, TIMER_W);
	assert_in_range(h, 80, 400);
	assert_non_null(id);
	assert_true(start_sale(id, 120000, 0, 0, sale_price_of(id)));
	assert_true(wait_sale_state("live", 3000));
	lk_harness_sleep_ms(SETTLE_MS);
	capture(timer, &a, "timer-live-a");
	lk_harness_sleep_ms(1000);
	capture(timer, &b, "timer-live-b");

	int top = bar_top(&a, w, h, ACCENT);
	assert_true(top < h - 4);     /* the time bar is there, in the accent colour */
	assert_true(top > h * 2 / 3); /* at the bottom */
	/* one second later the countdown (right) changed, white digits on both */
	assert_true(lk_capture_diff(&a, &b, w * 11 / 20, 0, w, top - 2, 40) > 0.01);
	assert_true(count_right(&a, w, top - 2, TEXT) > 400);
	assert_true(count_right(&b, w, top - 2, TEXT) > 400);
	assert_int_equal(count_right(&a, w, top - 2, WARN), 0);
	/* tabular digits: "02:00" and "01:59" start at the same column (no jitter) */
	int edge_a = left_edge(&a, w * 11 / 20, w, top - 2, TEXT),
	    edge_b = left_edge(&b, w * 11 / 20, w, top - 2, TEXT);
	printf("digits start at x=%d and x=%d\n", edge_a, edge_b);
	assert_true(edge_a > w * 11 / 20);
	assert_int_equal(edge_a, edge_b);
	/* badge, sale price and struck original price (left) did not move */
	assert_true(lk_capture_diff(&a, &b, 0, 0, w * 9 / 20, top - 2, 24) < 0.001);
	assert_true(count_left(&a, w, top - 2, PRICE) > 300);
	assert_true(count_left(&a, w, top / 3, ACCENT) > 200); /* the badge */
	/* the bar shrank a little (2 minutes: 1/120 of its length a second) */
	size_t bar_a = lk_capture_count_color(&a, 0, top, w, h, ACCENT, TOL);
	size_t bar_b = lk_capture_count_color(&b, 0, top, w, h, ACCENT, TOL);
	printf("bar: %zu -> %zu accent pixels\n", bar_a, bar_b);
	assert_true(bar_b < bar_a);
	lk_capture_free(&a);
	lk_capture_free(&b);
}

/* ---- (b) pre-roll: "Starts in", then the big 3 · 2 · 1, then live ---------- */

#define PREROLL_MS 6000
#define PREROLL_ATTEMPTS 8 /* pre-rolls tried; a loaded machine may miss a second in one */

/* Starts (again) a pre-roll of PREROLL_MS for id and waits until it runs. */
static void start_preroll(const char *id, bool again)
{
	if (again)
		assert_true(stop_sale());
	assert_true(start_sale(id, 60000, PREROLL_MS, 0, sale_price_of(id)));
	assert_true(wait_sale_state("preroll", 10000));
}

/* A capture of the timer taken wholly while the time left is in (lo, hi]
 * ms: the second of two consecutive frames (the first may have been ticked
 * before the time was read), between two reads of the time left that are
 * both in the range. Waits (polling) for the range to begin; false when it
 * has passed, or the capture straddled its end (a stalled machine): then
 * nothing is kept. */
static bool capture_between(obs_source_t *timer, long long lo, long long hi, struct lk_capture *out)
{
	struct lk_capture two[2];
	long long left = sale_remaining_ms();

	for (int waited = 0; left > hi && waited < PREROLL_MS + 5000; waited += 10) {
		lk_harness_sleep_ms(10);
		left = sale_remaining_ms();
	}
	if (left > hi || left <= lo)
		return false;
	if (lk_harness_capture_frames(timer, 0, two, 2, 10000) != 2)
		return false;
	left = sale_remaining_ms();
	lk_capture_free(&two[0]);
	if (left <= lo || left > hi) {
		lk_capture_free(&two[1]);
		return false;
	}
	*out = two[1];
	return true;
}

static void test_preroll_countdown(void **state)
{
	struct timer_opts o = {.warn_secs = 10, .end_secs = 3};
	obs_source_t *timer = make_timer("timer-preroll", &o);
	int w = (int)obs_source_get_width(timer), h = (int)obs_source_get_height(timer);
	const char *id = by_stock(1);
	struct lk_capture early, big[3], live;
	bool have_early = false, have[3] = {false, false, false};
	int top = h * 3 / 4;

	/* One capture in each of the last three seconds, and one before them.
	 * Each is taken only when it provably shows that moment (see
	 * capture_between); a second a stalled machine let pass is caught in a
	 * later pre-roll of the same sale (the same pictures), never by
	 * loosening what is checked below. */
	int attempt = 0;
	for (; attempt < PREROLL_ATTEMPTS && !(have_early && have[0] && have[1] && have[2]); attempt++) {
		start_preroll(id, attempt > 0);
		if (!have_early) {
			/* "Starts in 0:05": after the transition, before the big digits */
			lk_harness_sleep_ms(SETTLE_MS);
			have_early = capture_between(timer, 3200, PREROLL_MS - SETTLE_MS / 2, &early);
		}
		for (int i = 0; i < 3; i++) {
			long long secs = 3 - i; /* shown while the time left is in ((secs-1) s, secs s] */
			/* at least 400 ms into the second: its digit has popped in (350 ms) */
			if (!have[i])
				have[i] = capture_between(timer, (secs - 1) * 1000, secs * 1000 - 400, &big[i]);
		}
	}
	printf("pre-roll captures complete after %d pre-roll(s)\n", attempt);
	assert_true(have_early && have[0] && have[1] && have[2]);
	capture_save_checked(&early, "timer-preroll");
	for (int i = 0; i < 3; i++) {
		char name[32];
		snprintf(name, sizeof(name), "timer-321-%d", i);
		capture_save_checked(&big[i], name);
	}

	/* "Starts in 0:05": white digits, no big accent digit yet */
	assert_true(count_right(&early, w, top, TEXT) > 300);
	assert_true(count_right(&early, w, top, ACCENT) < 20);
	for (int i = 0; i < 3; i++) {
		/* a big accent digit where the white countdown was */
		assert_true(count_right(&big[i], w, top, ACCENT) > 500);
		assert_true(count_right(&big[i], w, top, TEXT) < count_right(&early, w, top, TEXT) / 4);
		if (i > 0) /* 3, 2, 1 are different pictures */
			assert_true(lk_capture_diff(&big[i - 1], &big[i], w * 11 / 20, 0, w, top, 40) > 0.02);
	}
	assert_true(wait_sale_state("live", PREROLL_MS + 10000));
	lk_harness_sleep_ms(SETTLE_MS);
	capture(timer, &live, "timer-preroll-live");
	assert_true(count_right(&live, w, top, TEXT) > 400);
	assert_true(count_right(&live, w, top, ACCENT) < 20);

	lk_capture_free(&early);
	for (int i = 0; i < 3; i++)
		lk_capture_free(&big[i]);
	lk_capture_free(&live);
}

/* ---- (c) last seconds, end text, hide ------------------------------------------ */

static void test_warning_end_text_hide(void **state)
{
	struct timer_opts o = {.warn_secs = 10, .end_secs = 2, .hide = true};
	obs_source_t *timer = make_timer("timer-end", &o);
	int w = (int)obs_source_get_width(timer), h = (int)obs_source_get_height(timer);
	const char *id = by_stock(2);
	char pinned[64];
	struct lk_capture warn, ended, hidden;

	assert_true(lk_harness_pin(id) && lk_harness_wait_pinned(id, 3000));
	assert_true(start_sale(id, 5000, 0, 0, sale_price_of(id)));
	assert_true(wait_sale_state("live", 3000));
	lk_harness_sleep_ms(SETTLE_MS);
	capture(timer, &warn, "timer-warning");
	int top = h * 3 / 4;
	/* 5 s left, warning from 10 s: the digits are in the warning colour */
	assert_true(count_right(&warn, w, top, WARN) > 400);
	assert_true(count_right(&warn, w, top, TEXT) < 100);
	assert_true(lk_capture_count_color(&warn, 0, top, w, h, WARN, TOL) > 20); /* and the bar */

	assert_true(wait_sale_state("ended", 8000));
	lk_harness_sleep_ms(SETTLE_MS);
	capture(timer, &ended, "timer-ended");
	/* "Sale ended" on a warning-coloured plate on the right; the prices stay */
	assert_true(count_right(&ended, w, h, WARN) > 2500);
	assert_true(count_left(&ended, w, top, PRICE) > 300);

	lk_harness_sleep_ms(2500); /* end text time (2 s) is over: hidden */
	capture(timer, &hidden, "timer-hidden");
	assert_int_equal(lk_capture_ink_raw(&hidden, 0, 0, (int)hidden.cx, (int)hidden.cy), 0);
	assert_int_equal(obs_source_get_width(timer), w); /* same size, just empty */
	/* unpinning was not asked for */
	assert_string_equal(pinned_id(pinned, sizeof(pinned)), id);

	lk_capture_free(&warn);
	lk_capture_free(&ended);
	lk_capture_free(&hidden);
}

/* ---- (d) stopped by the anchor: its end text, then unpin (end action) ------- */

static void test_stopped_unpins(void **state)
{
	struct timer_opts o = {.warn_secs = 10, .end_secs = 1, .unpin = true};
	obs_source_t *timer = make_timer("timer-stopped", &o);
	int w = (int)obs_source_get_width(timer), h = (int)obs_source_get_height(timer);
	const char *id = by_stock(3);
	char pinned[64];
	struct lk_capture live, stopped, after;

	obs_source_inc_showing(timer); /* on screen, as in a scene on program */

	assert_true(lk_harness_pin(id) && lk_harness_wait_pinned(id, 3000));
	assert_true(start_sale(id, 60000, 0, 0, sale_price_of(id)));
	assert_true(wait_sale_state("live", 3000));
	lk_harness_sleep_ms(SETTLE_MS);
	capture(timer, &live, "timer-before-stop");
	assert_true(stop_sale());
	assert_true(wait_sale_state("stopped", 3000));
	lk_harness_sleep_ms(300);
	capture(timer, &stopped, "timer-stopped");
	assert_true(count_right(&stopped, w, h, WARN) > 2500);
	assert_true(count_right(&live, w, h, WARN) == 0);
	/* still pinned while the end text shows (1 s) … */
	assert_string_equal(pinned_id(pinned, sizeof(pinned)), id);
	/* … then unpinned, once; the timer itself stays (hide is off) */
	assert_true(lk_harness_wait_pinned(NULL, 3000));
	capture(timer, &after, "timer-after-unpin");
	assert_true(count_right(&after, w, h, WARN) > 2500);
	obs_source_dec_showing(timer);

	lk_capture_free(&live);
	lk_capture_free(&stopped);
	lk_capture_free(&after);
}

/* A timer nobody sees (in no scene on screen) runs no end actions. */
static void test_offscreen_no_end_actions(void **state)
{
	struct timer_opts o = {.warn_secs = 10, .end_secs = 1, .unpin = true};
	obs_source_t *timer = make_timer("timer-offscreen", &o);
	int w = (int)obs_source_get_width(timer), h = (int)obs_source_get_height(timer);
	const char *id = by_stock(6);
	char pinned[64];
	struct lk_capture ended;

	assert_false(obs_source_showing(timer));
	assert_true(lk_harness_pin(id) && lk_harness_wait_pinned(id, 3000));
	assert_true(start_sale(id, 2000, 0, 0, sale_price_of(id)));
	assert_true(wait_sale_state("live", 3000));
	assert_true(wait_sale_state("ended", 5000));
	lk_harness_sleep_ms(300);
	capture(timer, &ended, "timer-offscreen-ended"); /* it still draws its end text */
	assert_true(count_right(&ended, w, h, WARN) > 2500);
	lk_harness_sleep_ms(2000); /* end text (1 s) over, and more */
	assert_string_equal(pinned_id(pinned, sizeof(pinned)), id);
	lk_capture_free(&ended);
}

/* ---- (e) a stock-limited sale: "Only N left", then "Sold out!" ---------------- */

static void test_sold_out(void **state)
{
	struct timer_opts o = {.warn_secs = 10, .end_secs = 5, .stock = true};
	obs_source_t *timer = make_timer("timer-stock", &o);
	int w = (int)obs_source_get_width(timer), h = (int)obs_source_get_height(timer);
	const char *id = by_stock(4);
	struct lk_capture limited, sold;

	assert_true(start_sale(id, 60000, 0, 3, sale_price_of(id)));
	assert_true(wait_sale_state("live", 3000));
	int top = h * 3 / 4;
	/* "Only 3 left" (or 2, orders are coming in) in the accent colour under the price,
	 * in a frame taken while the sale is live: polled, as a loaded machine lays the
	 * label out (text worker) and ends the transition later */
	size_t accent_low = 0;
	bool live = true;
	char st[32];
	for (int waited = 0; live && accent_low <= 150 && waited < 15000; waited += 100) {
		if (waited)
			lk_capture_free(&limited);
		lk_harness_sleep_ms(100);
		assert_true(lk_harness_capture(timer, 0, &limited));
		live = strcmp(sale_field("state", st, sizeof(st)), "live") == 0;
		accent_low = lk_capture_count_color(&limited, 0, top / 2, w * 9 / 20, top, ACCENT, TOL);
	}
	capture_save_checked(&limited, "timer-only-left");
	printf("stock label: %zu accent pixels\n", accent_low);
	assert_true(live);
	assert_true(accent_low > 150);

	/* the demo's orders buy the sale's product: it sells out */
	assert_true(wait_sale_state("sold_out", 20000));
	lk_harness_sleep_ms(SETTLE_MS);
	capture(timer, &sold, "timer-sold-out");
	assert_true(count_right(&sold, w, h, WARN) > 2500);
	lk_capture_free(&limited);
	lk_capture_free(&sold);
}

/* ---- (f) defaults: a polished look, inside its size ---------------------------- */

static void test_defaults_inside(void **state)
{
	obs_source_t *timer = own(lk_harness_source("linkon_flash_timer", "timer-defaults", NULL));
	int w = (int)obs_source_get_width(timer), h = (int)obs_source_get_height(timer);
	const char *id = by_stock(5);
	struct lk_capture cap;

	assert_int_equal(w, 560);
	/* its properties: every setting, end actions in their own group */
	obs_properties_t *props = obs_source_properties(timer);
	const char *keys[] = {"mode",         "product_id",    "width",      "font",        "warn_color",
			      "warn_seconds", "low_stock",     "show_badge", "show_prices", "show_stock",
			      "show_bar",     "big_countdown", "end_group"};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		assert_non_null(obs_properties_get(props, keys[i]));
	obs_properties_t *end = obs_property_group_content(obs_properties_get(props, "end_group"));
	const char *end_keys[] = {"end_text_seconds", "end_text_ended", "end_text_sold_out", "end_text_stopped",
				  "end_hide",         "end_unpin",      "end_scene"};
	for (size_t i = 0; i < sizeof(end_keys) / sizeof(end_keys[0]); i++)
		assert_non_null(obs_properties_get(end, end_keys[i]));
	assert_true(obs_property_list_item_count(obs_properties_get(end, "end_scene")) >= 1); /* "(don't switch)" */
	obs_properties_destroy(props);

	assert_true(start_sale(id, 90 * 60000, 0, 0, sale_price_of(id))); /* 1:30:00 */
	assert_true(wait_sale_state("live", 3000));
	lk_harness_sleep_ms(SETTLE_MS);
	assert_true(lk_harness_capture(timer, 16, &cap));
	assert_true(lk_capture_save(&cap, "timer-defaults"));
	size_t inside = lk_capture_ink_raw(&cap, 16, 16, 16 + w, 16 + h);
	assert_true(inside > (size_t)(w * h) * 9 / 10);
	assert_int_equal(lk_capture_ink_raw(&cap, 0, 0, (int)cap.cx, (int)cap.cy), inside);
	lk_capture_free(&cap);

	/* the narrowest width (200 px) with a big font still draws inside its box */
	obs_data_t *s = obs_data_create();
	obs_data_set_int(s, "width", 100); /* clamped to 200 */
	obs_source_t *narrow = own(lk_harness_source("linkon_flash_timer", "timer-narrow", s));
	obs_data_release(s);
	w = (int)obs_source_get_width(narrow);
	h = (int)obs_source_get_height(narrow);
	assert_int_equal(w, 200);
	lk_harness_sleep_ms(SETTLE_MS);
	assert_true(lk_harness_capture(narrow, 16, &cap));
	assert_true(lk_capture_save(&cap, "timer-narrow"));
	inside = lk_capture_ink_raw(&cap, 16, 16, 16 + w, 16 + h);
	assert_true(inside > (size_t)(w * h) * 9 / 10);
	assert_int_equal(lk_capture_ink_raw(&cap, 0, 0, (int)cap.cx, (int)cap.cy), inside);
	/* drawn smaller, not on top of each other: the (default yellow) price
	 * keeps to the left half, the white countdown to the right one */
	const uint32_t default_price = 0xFFFFD23Fu;
	assert_true(lk_capture_count_color(&cap, 0, 0, w / 2, h, default_price, TOL) > 40);
	assert_int_equal(lk_capture_count_color(&cap, w / 2, 0, w, h, default_price, TOL), 0);
	assert_true(lk_capture_count_color(&cap, w / 2, 0, w, h, TEXT, TOL) > 100);
	lk_capture_free(&cap);
}

/* ---- (g) unload with no leaks ------------------------------------------------- */

static void test_unload_no_leaks(void **state)
{
	json_decref(shop);
	shop = NULL;
	assert_true(lk_harness_stop_clean());
}

/* ---- (h) right to left: in an Arabic UI the rows are mirrored -------------- */

/* Run with LK_OBS_LOCALE=ar-SA (ctest obs-timer-ar): the sale's prices are
 * on the right, the countdown and its label on the left, the time bar
 * drains towards the right. In en-US (test_live_digits_tick) it is the
 * other way round. */
static void test_ui_rtl_mirrored(void **state)
{
	const char *locale = getenv("LK_OBS_LOCALE");
	assert_non_null(locale);
	assert_true(strncmp(locale, "ar", 2) == 0);
	struct timer_opts o = {.warn_secs = 10, .end_secs = 5};
	obs_source_t *timer = make_timer("timer-rtl", &o);
	int w = (int)obs_source_get_width(timer), h = (int)obs_source_get_height(timer);
	const char *id = by_stock(0);
	struct lk_capture a;

	assert_non_null(id);
	assert_true(start_sale(id, 30000, 0, 0, sale_price_of(id)));
	assert_true(wait_sale_state("live", 3000));
	lk_harness_sleep_ms(SETTLE_MS + 1000); /* the bar lost > 1/30 of its length */
	capture(timer, &a, "timer-ui-rtl");
	int top = bar_top(&a, w, h, ACCENT);
	assert_true(top < h - 4 && top > h * 2 / 3);
	size_t price_l = count_left(&a, w, top - 2, PRICE), price_r = count_right(&a, w, top - 2, PRICE);
	size_t digits_l = count_left(&a, w, top - 2, TEXT), digits_r = count_right(&a, w, top - 2, TEXT);
	printf("rtl timer: price pixels left %zu right %zu, white left %zu right %zu\n", price_l, price_r, digits_l,
	       digits_r);
	assert_true(price_r > 300 && price_l == 0);
	assert_true(digits_l > 400);
	assert_true(count_right(&a, w, top / 3, ACCENT) > 200); /* the badge, top right */
	/* the bar drains towards the right: its fill is flush with the right
	 * end (the padding) and leaves a gap on the left */
	int first = -1, last = -1;
	for (int x = 0; x < w; x++) {
		if (lk_capture_count_color(&a, x, top, x + 1, top + 2, ACCENT, TOL) > 0) {
			if (first < 0)
				first = x;
			last = x;
		}
	}
	printf("rtl timer: bar fill from x=%d to x=%d of %d\n", first, last, w);
	assert_true(first > 0 && last > first);
	assert_true(first > (w - 1 - last) + 10);
	lk_capture_free(&a);
}

static int group_setup(void **state)
{
	shop = lk_harness_start_shop(LK_MODULE_PATH, LK_DATA_DIR, "test-timer-render");
	return shop ? 0 : -1;
}

static int group_teardown(void **state)
{
	teardown(state);
	json_decref(shop);
	shop = NULL;
	lk_harness_stop();
	return 0;
}

int main(void)
{
	if (!getenv("DISPLAY") || !*getenv("DISPLAY")) {
		fprintf(stderr, "test-timer-render: DISPLAY is not set. These tests render with a real libobs and "
				"need an X server: run tests/run-all.sh (it starts Xvfb) or "
				"xvfb-run -a -s \"-screen 0 1280x720x24\" ctest -L obs\n");
		return 1;
	}
	/* clang-format off */
	if (getenv("LK_TIMER_RTL_ONLY")) { /* ctest obs-timer-ar */
		const struct CMUnitTest rtl[] = {
			cmocka_unit_test_teardown(test_ui_rtl_mirrored, teardown),
			cmocka_unit_test(test_unload_no_leaks),
		};
		return cmocka_run_group_tests_name("obs-timer-render-ar", rtl, group_setup, group_teardown);
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_live_digits_tick, teardown),
		cmocka_unit_test_teardown(test_preroll_countdown, teardown),
		cmocka_unit_test_teardown(test_warning_end_text_hide, teardown),
		cmocka_unit_test_teardown(test_stopped_unpins, teardown),
		cmocka_unit_test_teardown(test_offscreen_no_end_actions, teardown),
		cmocka_unit_test_teardown(test_sold_out, teardown),
		cmocka_unit_test_teardown(test_defaults_inside, teardown),
		cmocka_unit_test(test_unload_no_leaks), /* last: shuts libobs down */
	};
	/* clang-format on */
	return cmocka_run_group_tests_name("obs-timer-render", tests, group_setup, group_teardown);
}
