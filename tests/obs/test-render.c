/*
 * Linkon tests — the product card and the cart list rendered by a real,
 * headless libobs (module loaded from the build, demo shop running), with
 * assertions on the pixels. Every rendered frame is saved as a PNG in
 * LK_ARTIFACTS_DIR (obs-*.png).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-obs-harness.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <util/platform.h>

/* Solid, distinct colours (0xAARRGGBB) so regions can be told apart. */
#define BG 0xFF1E2228u
#define TEXT 0xFFFFFFFFu
#define PRICE 0xFF22DD66u
#define ACCENT 0xFFFF1F8Fu
#define BAR 0xFF2F8CFFu
#define CARD_W 640
#define LIST_W 520
#define TOL 12
#define SETTLE_MS 1200 /* > transition (350 ms) + a local image load */

static json_t *shop; /* state when the demo shop was up */

/* Sources of the running test, released by its teardown (also when an
 * assertion failed half-way, so the leak check stays meaningful). */
static obs_source_t *owned[8];
static int num_owned;

static obs_source_t *own(obs_source_t *src)
{
	assert_non_null(src);
	assert_true(num_owned < 8);
	owned[num_owned++] = src;
	return src;
}

static int release_owned(void **state)
{
	while (num_owned > 0)
		obs_source_release(owned[--num_owned]);
	return 0;
}

static long long obs_color(uint32_t argb)
{
	return (long long)((argb & 0xFF00FF00u) | ((argb >> 16) & 0xFF) | ((argb & 0xFF) << 16));
}

static void set_font(obs_data_t *s, int size)
{
	obs_data_t *font = obs_data_create();
	obs_data_set_string(font, "face", "Noto Sans");
	obs_data_set_string(font, "style", "Regular");
	obs_data_set_int(font, "size", size);
	obs_data_set_int(font, "flags", 0);
	obs_data_set_obj(s, "font", font);
	obs_data_release(font);
}

static obs_data_t *look_settings(int width, int font_size, uint32_t bg)
{
	obs_data_t *s = obs_data_create();
	obs_data_set_int(s, "width", width);
	set_font(s, font_size);
	obs_data_set_int(s, "background_color", obs_color(bg));
	obs_data_set_int(s, "text_color", obs_color(TEXT));
	obs_data_set_int(s, "price_color", obs_color(PRICE));
	obs_data_set_int(s, "accent_color", obs_color(ACCENT));
	obs_data_set_int(s, "corner_radius", 16);
	return s;
}

struct card_opts {
	uint32_t bg;
	bool title_only; /* every optional element off */
	bool vertical;
	int width;
	int low_stock;
};

static obs_source_t *make_card_opts(const char *name, const struct card_opts *o)
{
	obs_data_t *s = look_settings(o->width ? o->width : CARD_W, 32, o->bg);
	obs_data_set_string(s, "mode", "pinned");
	obs_data_set_string(s, "layout", o->vertical ? "vertical" : "horizontal");
	obs_data_set_int(s, "bar_color", obs_color(BAR));
	obs_data_set_int(s, "title_lines", 2);
	obs_data_set_int(s, "low_stock", o->low_stock ? o->low_stock : 10);
	const char *parts[] = {"show_image", "show_original_price", "show_discount",
			       "show_stock", "show_sold",           "show_slot"};
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		obs_data_set_bool(s, parts[i], !o->title_only);
	obs_source_t *src = own(lk_harness_source("linkon_product_card", name, s));
	obs_data_release(s);
	return src;
}

static obs_source_t *make_card(const char *name, uint32_t bg, bool title_only)
{
	struct card_opts o = {.bg = bg, .title_only = title_only};
	return make_card_opts(name, &o);
}

/* ---- the shop's products -------------------------------------------------- */

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

static bool discounted(const char *id)
{
	json_t *p = product(id);
	json_int_t price = json_integer_value(json_object_get(p, "price"));
	json_int_t orig = json_integer_value(json_object_get(p, "originalPrice"));
	return p && orig > price && json_integer_value(json_object_get(p, "stock")) > 0;
}

static json_int_t stock_of(const char *id)
{
	return json_integer_value(json_object_get(product(id), "stock"));
}

/* The cart products with a discount, most stock first (so that orders during
 * the test never take them near the low-stock threshold): the n-th, 0-based. */
static const char *cart_discounted(int n)
{
	const char *picked[16];
	int num = 0;
	json_t *id;
	size_t i;
	json_array_foreach(json_object_get(shop, "cart"), i, id)
	{
		const char *s = json_string_value(id);
		if (num < 16 && discounted(s))
			picked[num++] = s;
	}
	for (int a = 0; a < num; a++) /* selection sort by stock, descending */
		for (int b = a + 1; b < num; b++)
			if (stock_of(picked[b]) > stock_of(picked[a])) {
				const char *t = picked[a];
				picked[a] = picked[b];
				picked[b] = t;
			}
	return n < num ? picked[n] : NULL;
}

static const char *cart_id(size_t i)
{
	return json_string_value(json_array_get(json_object_get(shop, "cart"), i));
}

static bool pin_and_settle(const char *id)
{
	if (!lk_harness_pin(id) || !lk_harness_wait_pinned(id, 3000))
		return false;
	lk_harness_sleep_ms(SETTLE_MS);
	return true;
}

static void capture_settled(obs_source_t *src, const char *id, uint32_t margin, struct lk_capture *cap, const char *png)
{
	assert_true(pin_and_settle(id));
	assert_true(lk_harness_capture(src, margin, cap));
	assert_true(lk_capture_save(cap, png));
}

/* ---- (a) the card's elements ---------------------------------------------- */

static void test_card_elements(void **state)
{
	const char *a = cart_discounted(0), *b = cart_discounted(1);
	struct lk_capture ca, cb;
	assert_non_null(a);
	assert_non_null(b);

	obs_source_t *card = make_card("card-elements", BG, false);
	int w = (int)obs_source_get_width(card), h = (int)obs_source_get_height(card);
	assert_int_equal(w, CARD_W);
	assert_in_range(h, 120, 600);

	capture_settled(card, a, 0, &ca, "card-a");
	capture_settled(card, b, 0, &cb, "card-b");
	assert_int_equal(obs_source_get_height(card), h); /* height does not depend on the product */

	/* text column (right of the square image): price, discount badge, stock bar, title */
	assert_true(lk_capture_count_color(&ca, h, 0, w, h, PRICE, TOL) > 150);
	assert_true(lk_capture_count_color(&ca, h, 0, w, h, ACCENT, TOL) > 100);
	assert_true(lk_capture_count_color(&ca, h, 0, w, h, BAR, TOL) > 40);
	assert_true(lk_capture_count_color(&ca, h, 0, w, h, TEXT, TOL) > 200);
	/* the cart slot badge sits on the image's top-left corner */
	assert_true(lk_capture_count_color(&ca, 0, 0, h / 2, h / 3, ACCENT, TOL) > 60);
	/* the bottom padding is the background colour, edge to edge (bar the corners) */
	assert_int_equal(lk_capture_count_color(&ca, 20, h - 4, w - 20, h, BG, 2), (size_t)(w - 40) * 4);

	/* the images are loaded: the two products' image squares differ (two
	 * placeholders would be identical) */
	assert_true(lk_capture_diff(&ca, &cb, h / 5, h / 5, h * 4 / 5, h * 4 / 5, 24) > 0.3);

	lk_capture_free(&ca);
	lk_capture_free(&cb);
}

/* At or below the low-stock threshold an "Only N left" label (price colour)
 * takes the right end of the stock row and the bar gets shorter. */
static void test_card_low_stock(void **state)
{
	struct card_opts o = {.bg = BG, .low_stock = 1000000};
	obs_source_t *card = make_card("card-normal-stock", BG, false);
	obs_source_t *low = make_card_opts("card-low-stock", &o);
	int w = (int)obs_source_get_width(card), h = (int)obs_source_get_height(card);
	struct lk_capture cn, cl;

	assert_int_equal(obs_source_get_height(low), h);
	capture_settled(low, cart_discounted(1), 0, &cl, "card-low-stock");
	assert_true(lk_harness_capture(card, 0, &cn));
	size_t price_ink = lk_capture_count_color(&cn, h, 0, w, h, PRICE, TOL);
	assert_true(lk_capture_count_color(&cl, h, 0, w, h, PRICE, TOL) > price_ink + 60);
	assert_true(lk_capture_count_color(&cl, h, 0, w, h, BAR, TOL) <
		    lk_capture_count_color(&cn, h, 0, w, h, BAR, TOL));
	lk_capture_free(&cn);
	lk_capture_free(&cl);
}

/* Every setting at its default: 640 px wide, draws inside its size. */
static void test_card_defaults(void **state)
{
	obs_source_t *card = own(lk_harness_source("linkon_product_card", "card-defaults", NULL));
	struct lk_capture cap;
	int w = (int)obs_source_get_width(card), h = (int)obs_source_get_height(card);

	assert_int_equal(w, 640);
	capture_settled(card, cart_discounted(0), 16, &cap, "card-defaults");
	size_t inside = lk_capture_ink_raw(&cap, 16, 16, 16 + w, 16 + h);
	assert_true(inside > (size_t)(w * h) * 9 / 10);
	assert_int_equal(lk_capture_ink_raw(&cap, 0, 0, (int)cap.cx, (int)cap.cy), inside);
	lk_capture_free(&cap);
}

static void test_card_vertical(void **state)
{
	struct card_opts o = {.bg = BG, .vertical = true, .width = 400};
	obs_source_t *card = make_card_opts("card-vertical", &o);
	int w = (int)obs_source_get_width(card), h = (int)obs_source_get_height(card);
	struct lk_capture cap;

	assert_int_equal(w, 400);
	assert_true(h > w + 100); /* a square image on top, the texts below */
	capture_settled(card, cart_discounted(0), 0, &cap, "card-vertical");
	/* price and stock bar under the image (the image is w - 2 * padding tall) */
	assert_true(lk_capture_count_color(&cap, 0, w - 20, w, h, PRICE, TOL) > 150);
	assert_true(lk_capture_count_color(&cap, 0, w - 20, w, h, BAR, TOL) > 40);
	assert_int_equal(lk_capture_count_color(&cap, 0, 0, w, w / 2, BAR, TOL), 0);
	lk_capture_free(&cap);
}

/* ---- (b) another pinned product changes the picture ------------------------- */

static void test_pin_changes_card(void **state)
{
	struct lk_capture c1, c2, c3;
	obs_source_t *card = make_card("card-pin", BG, false);
	int w = (int)obs_source_get_width(card), h = (int)obs_source_get_height(card);

	capture_settled(card, cart_id(0), 0, &c1, "pin-1");
	capture_settled(card, cart_id(1), 0, &c2, "pin-2");
	capture_settled(card, cart_id(0), 0, &c3, "pin-1-again");

	assert_true(lk_capture_diff(&c1, &c2, 0, 0, w, h, 24) > 0.15);
	/* and back again: the same product gives (nearly) the same picture */
	assert_true(lk_capture_diff(&c1, &c3, 0, 0, w, h, 24) < 0.05);

	/* nothing pinned: nothing drawn (after fading out), same size */
	struct lk_capture c4;
	assert_true(lk_harness_pin(""));
	assert_true(lk_harness_wait_pinned(NULL, 3000));
	lk_harness_sleep_ms(SETTLE_MS);
	assert_true(lk_harness_capture(card, 8, &c4));
	assert_int_equal(lk_capture_ink_raw(&c4, 0, 0, (int)c4.cx, (int)c4.cy), 0);
	assert_int_equal(obs_source_get_width(card), w);
	assert_int_equal(obs_source_get_height(card), h);
	lk_capture_free(&c4);

	lk_capture_free(&c1);
	lk_capture_free(&c2);
	lk_capture_free(&c3);
}

/* ---- (c) long / CJK / emoji titles stay inside ------------------------------ */

static bool title_has(const char *t, unsigned char lo, unsigned char hi)
{
	for (; *t; t++)
		if ((unsigned char)*t >= lo && (unsigned char)*t <= hi)
			return true;
	return false;
}

/* Ids of the longest plain-ASCII title, the longest CJK title and the longest
 * title with an emoji. */
static void pick_titles(const char *ids[3])
{
	size_t best[3] = {0, 0, 0}, i;
	json_t *p;
	ids[0] = ids[1] = ids[2] = NULL;
	json_array_foreach(json_object_get(shop, "products"), i, p)
	{
		const char *t = json_string_value(json_object_get(p, "title"));
		const char *id = json_string_value(json_object_get(p, "id"));
		size_t len = t ? strlen(t) : 0;
		bool kinds[3] = {t && !title_has(t, 0x80, 0xFF), t && title_has(t, 0xE3, 0xE9),
				 t && title_has(t, 0xF0, 0xF4)};
		for (int k = 0; k < 3; k++) {
			if (kinds[k] && len > best[k]) {
				best[k] = len;
				ids[k] = id;
			}
		}
	}
}

/* Lines of ink above row `limit`; a band still running at `limit` belongs
 * to what starts there (the price's anti-aliased top rows): not counted. */
static int ink_lines(const struct lk_capture *cap, int w, int limit)
{
	int top[16], bottom[16];
	int n = lk_capture_bands(cap, 0, w, 0, limit, 0, top, bottom, 16);
	return n && bottom[n - 1] == limit ? n - 1 : n;
}

/* Renders the card and the title-only card with product id pinned. */
static void check_long_title(obs_source_t *card, obs_source_t *title, const char *id, int k)
{
	const int m = 48;
	int w = (int)obs_source_get_width(card), h = (int)obs_source_get_height(card);
	int tw = (int)obs_source_get_width(title), th = (int)obs_source_get_height(title);
	struct lk_capture cap, tcap;
	char name[64];

	snprintf(name, sizeof(name), "long-title-%d", k);
	capture_settled(card, id, (uint32_t)m, &cap, name);
	snprintf(name, sizeof(name), "long-title-only-%d", k);
	assert_true(lk_harness_capture(title, (uint32_t)m, &tcap));
	assert_true(lk_capture_save(&tcap, name));

	/* no ink outside the card's rectangle */
	size_t all = lk_capture_ink_raw(&cap, 0, 0, (int)cap.cx, (int)cap.cy);
	size_t inside = lk_capture_ink_raw(&cap, m, m, m + w, m + h);
	assert_true(inside > 0);
	assert_int_equal(all, inside);
	all = lk_capture_ink_raw(&tcap, 0, 0, (int)tcap.cx, (int)tcap.cy);
	assert_int_equal(all, lk_capture_ink_raw(&tcap, m, m, m + tw, m + th));

	/* the title keeps to its two lines, all above the price */
	int price_top = lk_capture_first_row(&tcap, tw, th, PRICE, TOL);
	assert_true(price_top > 0);
	int lines = ink_lines(&tcap, tw, price_top);
	printf("title %s: %d line(s) above the price at y=%d\n", id, lines, price_top);
	assert_int_equal(lines, 2);
	assert_int_equal(lk_capture_count_color(&tcap, 0, price_top - 2, tw, th, TEXT, TOL), 0);
	lk_capture_free(&cap);
	lk_capture_free(&tcap);
}

static void test_long_titles_stay_inside(void **state)
{
	const char *ids[3];
	pick_titles(ids);
	obs_source_t *card = make_card("card-long", BG, false);
	obs_source_t *title = make_card("card-title-only", 0x00000000u, true);

	for (int k = 0; k < 3; k++) {
		assert_non_null(ids[k]);
		check_long_title(card, title, ids[k], k);
	}
}

/* ---- (d) cart list rows and the pinned highlight ---------------------------- */

struct bands {
	int n;
	int top[32], bottom[32];
};

/* Rows are separate rounded boxes: find them down the column x = 4. */
static void row_bands(const struct lk_capture *cap, int h, struct bands *b)
{
	b->n = lk_capture_bands(cap, 4, 5, 0, h, 200, b->top, b->bottom, 32);
}

/* Index of the band whose left column is the accent colour, -1 if none,
 * -2 if several. */
static int accent_band(const struct lk_capture *cap, const struct bands *b)
{
	int found = -1;
	for (int i = 0; i < b->n; i++) {
		int mid = (b->top[i] + b->bottom[i]) / 2;
		if (lk_capture_count_color(cap, 2, mid - 2, 8, mid + 2, ACCENT, TOL) >= 20)
			found = found == -1 ? i : -2;
	}
	return found;
}

static void check_list(obs_source_t *list, size_t slot, int expect_band, const char *png)
{
	struct lk_capture cap;
	struct bands b;
	int w = (int)obs_source_get_width(list), h = (int)obs_source_get_height(list);

	capture_settled(list, cart_id(slot - 1), 0, &cap, png);
	row_bands(&cap, h, &b);
	assert_int_equal(b.n, 5);
	int band = accent_band(&cap, &b);
	if (expect_band >= 0)
		assert_int_equal(band, expect_band);
	else
		assert_in_range(band, 0, 4);
	/* the other rows are the background colour */
	for (int i = 0; i < b.n; i++) {
		int mid = (b.top[i] + b.bottom[i]) / 2;
		if (i != band)
			assert_true(lk_capture_count_color(&cap, 2, mid - 2, 8, mid + 2, BG, 2) >= 20);
	}
	/* the cart has more than 5 entries: a "+N more" line under the rows */
	assert_true(lk_capture_ink_raw(&cap, 0, b.bottom[4] + 2, w, h) > 30);
	lk_capture_free(&cap);
}

static void test_cart_list_rows(void **state)
{
	obs_data_t *s = look_settings(LIST_W, 26, BG);
	obs_data_set_int(s, "max_rows", 5);
	obs_source_t *list = own(lk_harness_source("linkon_cart_list", "cart", s));
	obs_data_release(s);
	assert_true(json_array_size(json_object_get(shop, "cart")) > 5);

	check_list(list, 2, 1, "cart-pin-2");
	check_list(list, 4, 3, "cart-pin-4");
	check_list(list, json_array_size(json_object_get(shop, "cart")), -1, "cart-pin-last");

	/* with its defaults it draws 5 rows and the footer inside its size */
	struct lk_capture cap;
	list = own(lk_harness_source("linkon_cart_list", "cart-defaults", NULL));
	int w = (int)obs_source_get_width(list), h = (int)obs_source_get_height(list);
	capture_settled(list, cart_id(1), 16, &cap, "cart-defaults");
	size_t inside = lk_capture_ink_raw(&cap, 16, 16, 16 + w, 16 + h);
	assert_true(inside > (size_t)(w * h) / 2);
	assert_int_equal(lk_capture_ink_raw(&cap, 0, 0, (int)cap.cx, (int)cap.cy), inside);
	lk_capture_free(&cap);
}

/* ---- (e) the transition has frames between both ends ------------------------ */

static uint64_t pinned_at_ns;

/* Pins id once the burst capture has a few frames of the old product. */
static void *pin_later(void *id)
{
	for (int i = 0; i < 500 && lk_harness_frames_so_far() < 4; i++)
		lk_harness_sleep_ms(5);
	pinned_at_ns = os_gettime_ns();
	lk_harness_pin(id);
	return NULL;
}

/* Counts the frames that are neither the old (start) nor the new (end)
 * card, the first of them in *mid, and finds the first frame after the pin
 * that shows the new card. */
static int classify_frames(const struct lk_capture *frames, int n, const struct lk_capture *start,
			   const struct lk_capture *end, int w, int h, int *mid, uint64_t *t_arrive)
{
	int mids = 0;
	for (int i = 0; i < n; i++) {
		double d0 = lk_capture_diff(&frames[i], start, 0, 0, w, h, 24);
		double d1 = lk_capture_diff(&frames[i], end, 0, 0, w, h, 24);
		if (frames[i].time_ns > pinned_at_ns && !*t_arrive && d1 < 0.02)
			*t_arrive = frames[i].time_ns;
		if (d0 > 0.05 && d1 > 0.05) {
			*mid = *mid < 0 ? i : *mid;
			mids++;
		}
	}
	return mids;
}

/* The new card is in place no sooner than 200 ms after the pin, with
 * frames in between that are neither card. */
static void test_transition_frames(void **state)
{
	enum { N = 30 };
	static struct lk_capture frames[N];
	struct lk_capture start, end;
	pthread_t thread;
	obs_source_t *card = make_card("card-transition", BG, false);
	int w = (int)obs_source_get_width(card), h = (int)obs_source_get_height(card);

	capture_settled(card, cart_id(0), 0, &start, "transition-start");
	pthread_create(&thread, NULL, pin_later, (void *)cart_id(2));
	size_t got = lk_harness_capture_frames(card, 0, frames, N, 60000); /* a busy machine renders slower */
	pthread_join(thread, NULL);
	lk_harness_sleep_ms(SETTLE_MS);
	assert_true(lk_harness_capture(card, 0, &end));
	assert_int_equal(got, N);

	int mid = -1;
	uint64_t t_arrive = 0;
	int mids = classify_frames(frames, N, &start, &end, w, h, &mid, &t_arrive);
	printf("transition: %d frames in between, new card %.0f ms after the pin\n", mids,
	       (double)(t_arrive - pinned_at_ns) / 1e6);
	assert_true(mids >= 1);
	assert_true(t_arrive > pinned_at_ns);
	assert_true(t_arrive - pinned_at_ns >= 200000000ull);
	assert_true(lk_capture_save(&frames[mid], "transition-mid"));
	assert_true(lk_capture_save(&end, "transition-end"));

	for (int i = 0; i < N; i++)
		lk_capture_free(&frames[i]);
	lk_capture_free(&start);
	lk_capture_free(&end);
}

/* ---- (f) unload with no leaks --------------------------------------------- */

static void test_unload_no_leaks(void **state)
{
	json_decref(shop);
	shop = NULL;
	assert_true(lk_harness_stop_clean());
}

static int group_setup(void **state)
{
	shop = lk_harness_start_shop(LK_MODULE_PATH, LK_DATA_DIR, "test-obs-render");
	return shop ? 0 : -1;
}

static int group_teardown(void **state)
{
	release_owned(state);
	json_decref(shop);
	shop = NULL;
	lk_harness_stop();
	return 0;
}

int main(void)
{
	if (!getenv("DISPLAY") || !*getenv("DISPLAY")) {
		fprintf(stderr, "test-obs-render: DISPLAY is not set. These tests render with a real libobs and need "
				"an X server: run tests/run-all.sh (it starts Xvfb) or "
				"xvfb-run -a -s \"-screen 0 1280x720x24\" ctest -L obs\n");
		return 1;
	}
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_card_elements, release_owned),
		cmocka_unit_test_teardown(test_card_low_stock, release_owned),
		cmocka_unit_test_teardown(test_card_defaults, release_owned),
		cmocka_unit_test_teardown(test_card_vertical, release_owned),
		cmocka_unit_test_teardown(test_pin_changes_card, release_owned),
		cmocka_unit_test_teardown(test_long_titles_stay_inside, release_owned),
		cmocka_unit_test_teardown(test_cart_list_rows, release_owned),
		cmocka_unit_test_teardown(test_transition_frames, release_owned),
		cmocka_unit_test(test_unload_no_leaks), /* last: shuts libobs down */
	};
	/* clang-format on */
	return cmocka_run_group_tests_name("obs-render", tests, group_setup, group_teardown);
}
