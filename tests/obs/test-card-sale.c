/*
 * Linkon tests — a flash sale's price on the product card and the cart list,
 * rendered by a real, headless libobs with the demo shop running. Sales are
 * started and stopped through the module's procs (linkon_start_sale /
 * linkon_stop_sale); the card and the list must show the sale price only
 * while the sale is live, and the regular price in pre-roll and after it
 * stops, ends or sells out. Every checked frame is saved as a PNG in
 * LK_ARTIFACTS_DIR (obs-sale-*.png).
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

/* Solid, distinct colours (0xAARRGGBB) so the parts can be told apart. */
#define BG 0xFF1E2228u
#define TEXT 0xFFFFFFFFu
#define PRICE 0xFF22DD66u
#define ACCENT 0xFFFF1F8Fu
#define STRUCK 0xFFA5A7A9u /* TEXT at 60 % over BG: the struck price */
#define CARD_W 640
#define LIST_W 520
#define TOL 12
#define SETTLE_MS 1200 /* > transition (350 ms) + a local image load */

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

static long long obs_color(uint32_t argb)
{
	return (long long)((argb & 0xFF00FF00u) | ((argb >> 16) & 0xFF) | ((argb & 0xFF) << 16));
}

static obs_data_t *look(int width)
{
	obs_data_t *s = obs_data_create();
	obs_data_t *font = obs_data_create();
	obs_data_set_string(font, "face", "Noto Sans");
	obs_data_set_string(font, "style", "Regular");
	obs_data_set_int(font, "size", 32);
	obs_data_set_obj(s, "font", font);
	obs_data_release(font);
	obs_data_set_int(s, "width", width);
	obs_data_set_int(s, "background_color", obs_color(BG));
	obs_data_set_int(s, "text_color", obs_color(TEXT));
	obs_data_set_int(s, "price_color", obs_color(PRICE));
	obs_data_set_int(s, "accent_color", obs_color(ACCENT));
	return s;
}

/* A card of the pinned product (fixed_id NULL) or of fixed_id. */
static obs_source_t *make_card_layout(const char *name, const char *fixed_id, int low_stock, const char *layout)
{
	obs_data_t *s = look(CARD_W);
	obs_data_set_string(s, "layout", layout);
	obs_data_set_string(s, "mode", fixed_id ? "fixed" : "pinned");
	obs_data_set_string(s, "product_id", fixed_id ? fixed_id : "");
	obs_data_set_int(s, "low_stock", low_stock);
	obs_source_t *src = own(lk_harness_source("linkon_product_card", name, s));
	obs_data_release(s);
	return src;
}

static obs_source_t *make_card(const char *name, const char *fixed_id, int low_stock)
{
	return make_card_layout(name, fixed_id, low_stock, "horizontal");
}

static obs_source_t *make_list(const char *name)
{
	obs_data_t *s = look(LIST_W);
	obs_data_set_int(s, "max_rows", 20); /* the whole cart, no window */
	obs_source_t *src = own(lk_harness_source("linkon_cart_list", name, s));
	obs_data_release(s);
	return src;
}

/* ---- sales through the module's procs ----------------------------------------- */

static bool call_sale_proc(const char *proc, const char *id, long long duration_ms, long long preroll_ms,
			   long long stock, long long price)
{
	calldata_t cd = {0};
	if (id) {
		calldata_set_string(&cd, "product_id", id);
		calldata_set_int(&cd, "duration_ms", duration_ms);
		calldata_set_int(&cd, "preroll_ms", preroll_ms);
		calldata_set_int(&cd, "stock", stock);
		calldata_set_int(&cd, "sale_price", price);
	}
	bool called = proc_handler_call(obs_get_proc_handler(), proc, &cd);
	bool ok = called && calldata_bool(&cd, "ok");
	if (!ok && id)
		fprintf(stderr, "%s(%s) failed: %s\n", proc, id, called ? calldata_string(&cd, "error") : "no proc");
	calldata_free(&cd);
	return ok;
}

/* Releases the test's sources and stops a sale it left running. */
static int teardown(void **state)
{
	while (num_owned > 0)
		obs_source_release(owned[--num_owned]);
	if (obs_initialized())
		call_sale_proc("linkon_stop_sale", NULL, 0, 0, 0, 0);
	return 0;
}

/* linkon_get_state's sale (new reference to the whole state in *st). */
static json_t *state_sale(json_t **st)
{
	*st = lk_harness_state();
	return json_object_get(*st, "sale");
}

static bool wait_sale_state(const char *want, int timeout_ms)
{
	char got[32] = "";
	for (int waited = 0; waited <= timeout_ms; waited += 50) {
		json_t *st;
		const char *v = json_string_value(json_object_get(state_sale(&st), "state"));
		snprintf(got, sizeof(got), "%s", v ? v : "");
		json_decref(st);
		if (strcmp(got, want) == 0)
			return true;
		lk_harness_sleep_ms(50);
	}
	fprintf(stderr, "the sale did not reach state %s (it is '%s')\n", want, got);
	return false;
}

/* ---- the shop's products -------------------------------------------------------- */

static json_t *product_in(json_t *st, const char *id)
{
	json_t *p;
	size_t i;
	json_array_foreach(json_object_get(st, "products"), i, p)
	{
		if (strcmp(json_string_value(json_object_get(p, "id")), id) == 0)
			return p;
	}
	return NULL;
}

static json_int_t field_of(const char *id, const char *field)
{
	return json_integer_value(json_object_get(product_in(shop, id), field));
}

static int more_stock_first(const void *a, const void *b)
{
	json_int_t sa = field_of(*(const char *const *)a, "stock"), sb = field_of(*(const char *const *)b, "stock");
	return sa > sb ? -1 : sa < sb ? 1 : 0;
}

/* The n-th cart product (0-based, most stock first) with no original price
 * above its price: at its regular price the card strikes nothing and shows
 * no discount badge, so whatever is struck or badged comes from the sale. */
static const char *undiscounted(int n)
{
	const char *picked[32];
	size_t num = 0, i;
	json_t *v;
	json_array_foreach(json_object_get(shop, "cart"), i, v)
	{
		const char *id = json_string_value(v);
		if (num < 32 && field_of(id, "stock") > 0 && field_of(id, "originalPrice") <= field_of(id, "price"))
			picked[num++] = id;
	}
	qsort(picked, num, sizeof(picked[0]), more_stock_first);
	return (size_t)n < num ? picked[n] : NULL;
}

static int cart_index(const char *id)
{
	json_t *v;
	size_t i;
	json_array_foreach(json_object_get(shop, "cart"), i, v)
	{
		if (strcmp(json_string_value(v), id) == 0)
			return (int)i;
	}
	return -1;
}

/* ---- pixels ------------------------------------------------------------------------ */

static void capture(obs_source_t *src, struct lk_capture *cap, const char *png)
{
	assert_true(lk_harness_capture(src, 0, cap));
	assert_true(lk_capture_save(cap, png));
}

/* The card's price row: the first band of rows with the price colour in
 * the text column [x0, w) (the stock label below is the price colour too). */
static void price_row(const struct lk_capture *cap, int x0, int w, int h, int *top, int *bottom)
{
	*top = *bottom = -1;
	for (int y = 0; y < h; y++) {
		bool ink = lk_capture_count_color(cap, x0, y, w, y + 1, PRICE, TOL) > 0;
		if (ink && *top < 0)
			*top = y;
		if (!ink && *top >= 0) {
			*bottom = y;
			return;
		}
	}
}

struct card_look {
	int top, bottom;     /* the price row */
	size_t price, badge; /* price-colour and accent pixels in that row */
	size_t struck;       /* the struck price's pixels in that row */
	size_t below;        /* price-colour pixels under it ("Only N left") */
	size_t tag;          /* accent pixels on the image's bottom half ("FLASH SALE") */
};

/* What the card at cap shows; the image is the square [0, h) at the left. */
static struct card_look card_look(const struct lk_capture *cap, int w, int h)
{
	struct card_look l;
	price_row(cap, h, w, h, &l.top, &l.bottom);
	assert_true(l.top > 0 && l.bottom > l.top + 10);
	l.top -= 4;
	l.bottom += 4;
	l.price = lk_capture_count_color(cap, h, l.top, w, l.bottom, PRICE, TOL);
	l.badge = lk_capture_count_color(cap, h, l.top, w, l.bottom, ACCENT, TOL);
	l.struck = lk_capture_count_color(cap, h, l.top, w, l.bottom, STRUCK, 20);
	l.below = lk_capture_count_color(cap, h, l.bottom, w, h, PRICE, TOL);
	l.tag = lk_capture_count_color(cap, 0, h / 2, h, h, ACCENT, TOL);
	printf("card: price row %d..%d, price %zu, badge %zu, struck %zu, below %zu, tag %zu\n", l.top, l.bottom,
	       l.price, l.badge, l.struck, l.below, l.tag);
	return l;
}

/* The price area of the card (the price row, text column) is the same as
 * in ref, or clearly different. */
static double price_diff(const struct lk_capture *a, const struct lk_capture *b, const struct card_look *l, int w,
			 int h)
{
	double d = lk_capture_diff(a, b, h, l->top, w, l->bottom, 24);
	printf("price area differs by %.4f\n", d);
	return d;
}

/* ---- (a) pinned card: regular → pre-roll (regular) → live (sale) → stopped -------- */

static void test_card_live_and_stopped(void **state)
{
	const char *id = undiscounted(1);
	assert_non_null(id);
	json_int_t price = field_of(id, "price"), sale_price = price * 3 / 10;
	obs_source_t *card = make_card("sale-card", NULL, 10);
	obs_source_t *tall = make_card_layout("sale-card-vertical", NULL, 10, "vertical");
	int w = (int)obs_source_get_width(card), h = (int)obs_source_get_height(card);
	struct lk_capture regular, preroll, live, stopped, tall_regular, tall_live;

	assert_true(lk_harness_pin(id) && lk_harness_wait_pinned(id, 3000));
	lk_harness_sleep_ms(SETTLE_MS);
	capture(card, &regular, "sale-card-regular");
	capture(tall, &tall_regular, "sale-card-vertical-regular");
	struct card_look lr = card_look(&regular, w, h);
	assert_true(lr.price > 150);
	assert_int_equal(lr.badge, 0); /* no original price: nothing struck, no badge */
	assert_true(lr.struck < 10);
	assert_true(lr.tag < 20);

	/* pre-roll: the link is not live yet, the card keeps the regular price */
	assert_true(call_sale_proc("linkon_start_sale", id, 60000, 4000, 0, sale_price));
	assert_true(wait_sale_state("preroll", 3000));
	lk_harness_sleep_ms(500);
	capture(card, &preroll, "sale-card-preroll");
	assert_true(price_diff(&regular, &preroll, &lr, w, h) < 0.002);
	assert_true(card_look(&preroll, w, h).tag < 20);

	/* live: the sale price, the regular price struck, the discount, the tag */
	assert_true(wait_sale_state("live", 5000));
	lk_harness_sleep_ms(400);
	capture(card, &live, "sale-card-live");
	capture(tall, &tall_live, "sale-card-vertical-live");
	/* vertical: the image is the top square (w wide); the tag on its bottom-left */
	size_t tag_before = lk_capture_count_color(&tall_regular, 0, w / 2, w / 2, w, ACCENT, TOL);
	size_t tag_live = lk_capture_count_color(&tall_live, 0, w / 2, w / 2, w, ACCENT, TOL);
	printf("vertical card: tag %zu -> %zu accent pixels\n", tag_before, tag_live);
	assert_true(tag_before < 20 && tag_live > 200);
	assert_true(lk_capture_diff(&tall_regular, &tall_live, 0, w, w, (int)tall_live.cy, 24) > 0.01);
	struct card_look ll = card_look(&live, w, h);
	assert_true(price_diff(&regular, &live, &lr, w, h) > 0.05);
	assert_true(ll.price > 150);
	assert_true(ll.badge > 100); /* "-70%" */
	assert_true(ll.struck > 40);
	assert_true(ll.tag > 200);
	/* linkon_get_state: the catalog price stays, the sale carries its price */
	json_t *st;
	json_t *sale = state_sale(&st);
	assert_int_equal(json_integer_value(json_object_get(sale, "salePrice")), sale_price);
	assert_int_equal(json_integer_value(json_object_get(product_in(st, id), "price")), price);
	json_decref(st);

	/* stopped by the anchor: the regular price again, as before */
	assert_true(call_sale_proc("linkon_stop_sale", NULL, 0, 0, 0, 0));
	assert_true(wait_sale_state("stopped", 3000));
	lk_harness_sleep_ms(400);
	capture(card, &stopped, "sale-card-stopped");
	struct card_look ls = card_look(&stopped, w, h);
	assert_true(price_diff(&regular, &stopped, &lr, w, h) < 0.002);
	assert_int_equal(ls.badge, 0);
	assert_true(ls.tag < 20);

	lk_capture_free(&regular);
	lk_capture_free(&preroll);
	lk_capture_free(&live);
	lk_capture_free(&stopped);
	lk_capture_free(&tall_regular);
	lk_capture_free(&tall_live);
}

/* ---- (b) a fixed card and the cart list: a limited sale, until it sells out ------- */

/* Rows of the list: the bands of ink separated by the transparent gaps. */
static int list_rows(const struct lk_capture *cap, int w, int h, int *top, int *bottom)
{
	return lk_capture_bands(cap, 0, w, 0, h, 0, top, bottom, 32);
}

static double row_price_diff(const struct lk_capture *a, const struct lk_capture *b, int w, int top, int bottom)
{
	double d = lk_capture_diff(a, b, w * 3 / 5, top, w, bottom, 24);
	printf("row price differs by %.4f\n", d);
	return d;
}

/* A fixed card of one product and the whole cart list, and how they looked
 * at the product's regular price. */
struct pair {
	const char *name;
	obs_source_t *card, *list;
	int w, h, lw, lh;
	int idx, rows, top[32], bottom[32]; /* the product's cart row; the list's rows */
	struct lk_capture card_reg, list_reg;
	struct card_look reg;
};

/* Captures both as obs-<name>-<when>.png and obs-<name>-list-<when>.png. */
static void pair_capture(struct pair *p, const char *when, struct lk_capture *card, struct lk_capture *list)
{
	char png[96];
	snprintf(png, sizeof(png), "%s-%s", p->name, when);
	capture(p->card, card, png);
	snprintf(png, sizeof(png), "%s-list-%s", p->name, when);
	capture(p->list, list, png);
}

static void pair_open(struct pair *p, const char *name, const char *id, int low_stock)
{
	char src[96];
	p->name = name;
	snprintf(src, sizeof(src), "%s-card", name);
	p->card = make_card(src, id, low_stock);
	snprintf(src, sizeof(src), "%s-list", name);
	p->list = make_list(src);
	p->w = (int)obs_source_get_width(p->card);
	p->h = (int)obs_source_get_height(p->card);
	p->lw = (int)obs_source_get_width(p->list);
	p->lh = (int)obs_source_get_height(p->list);
	lk_harness_sleep_ms(SETTLE_MS);
	pair_capture(p, "regular", &p->card_reg, &p->list_reg);
	p->reg = card_look(&p->card_reg, p->w, p->h);
	p->idx = cart_index(id);
	p->rows = list_rows(&p->list_reg, p->lw, p->lh, p->top, p->bottom);
	assert_true(p->idx >= 0 && p->idx < p->rows);
}

/* The card's price area and the product's row: clearly other prices while
 * on_sale, exactly the regular ones otherwise; the other rows never change. */
static struct card_look pair_check(struct pair *p, const char *when, bool on_sale)
{
	struct lk_capture card, list;
	pair_capture(p, when, &card, &list);
	struct card_look l = card_look(&card, p->w, p->h);
	double d_card = price_diff(&p->card_reg, &card, &p->reg, p->w, p->h);
	double d_row = row_price_diff(&p->list_reg, &list, p->lw, p->top[p->idx], p->bottom[p->idx]);
	if (on_sale) {
		assert_true(d_card > 0.05);
		/* (the sale price's digits overlap the regular one's in part) */
		assert_true(d_row > 0.02);
	} else {
		assert_true(d_card < 0.002);
		assert_true(d_row < 0.002);
		assert_int_equal(l.tag, 0);
	}
	for (int i = 0; i < p->rows; i++)
		if (i != p->idx)
			assert_true(row_price_diff(&p->list_reg, &list, p->lw, p->top[i], p->bottom[i]) < 0.002);
	lk_capture_free(&card);
	lk_capture_free(&list);
	return l;
}

static void pair_close(struct pair *p)
{
	lk_capture_free(&p->card_reg);
	lk_capture_free(&p->list_reg);
}

static void test_fixed_card_and_list_sold_out(void **state)
{
	const char *id = undiscounted(0);
	struct pair p;
	assert_non_null(id);
	assert_true(field_of(id, "stock") > 100);
	pair_open(&p, "sale-fixed", id, 40);
	assert_true(p.reg.below < 20); /* over 40 left: no "Only N left" */

	/* 30 at the sale price: the card counts the sale's stock ("Only 30 left") */
	assert_true(call_sale_proc("linkon_start_sale", id, 60000, 0, 30, field_of(id, "price") * 4 / 10));
	assert_true(wait_sale_state("live", 3000));
	lk_harness_sleep_ms(150);
	struct card_look live = pair_check(&p, "live", true);
	assert_true(live.badge > 100);
	assert_true(live.below > p.reg.below + 60);

	/* the demo's orders buy the sale's stock: sold out, regular prices again */
	assert_true(wait_sale_state("sold_out", 30000));
	lk_harness_sleep_ms(400);
	struct card_look out = pair_check(&p, "sold-out", false);
	assert_int_equal(out.badge, 0);
	assert_true(out.below < 20);
	pair_close(&p);
}

/* ---- (c) a sale that ends on time ------------------------------------------------------ */

static void test_ended(void **state)
{
	const char *id = undiscounted(1); /* (a)'s product: its sale was stopped, this one ends */
	struct pair p;
	assert_non_null(id);
	pair_open(&p, "sale-ended", id, 10);

	assert_true(call_sale_proc("linkon_start_sale", id, 3000, 0, 0, field_of(id, "price") / 2));
	assert_true(wait_sale_state("live", 3000));
	lk_harness_sleep_ms(150);
	assert_true(pair_check(&p, "live", true).tag > 200);
	assert_true(wait_sale_state("ended", 6000));
	lk_harness_sleep_ms(300);
	assert_int_equal(pair_check(&p, "ended", false).badge, 0);
	pair_close(&p);
}

/* ---- (d) unload with no leaks ------------------------------------------------------- */

static void test_unload_no_leaks(void **state)
{
	json_decref(shop);
	shop = NULL;
	assert_true(lk_harness_stop_clean());
}

static int group_setup(void **state)
{
	shop = lk_harness_start_shop(LK_MODULE_PATH, LK_DATA_DIR, "test-card-sale");
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

/* Needs an X display (DISPLAY): tests/run-all.sh starts Xvfb. */
int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_card_live_and_stopped, teardown),
		cmocka_unit_test_teardown(test_fixed_card_and_list_sold_out, teardown),
		cmocka_unit_test_teardown(test_ended, teardown),
		cmocka_unit_test(test_unload_no_leaks), /* last: shuts libobs down */
	};
	return cmocka_run_group_tests_name("obs-card-sale", tests, group_setup, group_teardown);
}
