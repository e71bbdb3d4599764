/*
 * Linkon — unit tests for the demo shop (core/lk-demo-shop.c).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The shop is driven with simulated times only; every check looks at the
 * events it emits, and the last test applies them to a real lk_store.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <util/bmem.h>

#include "demo-shop-util.h"
#include "lk-money.h"

static void assert_product_same(const struct lk_product *a, const struct lk_product *b)
{
	assert_true(lk_str_same(a->id, b->id) && lk_str_same(a->sku, b->sku) && lk_str_same(a->title, b->title));
	assert_true(lk_str_same(a->image, b->image) && lk_str_same(a->buy_url, b->buy_url));
	assert_int_equal(a->price, b->price);
	assert_int_equal(a->original_price, b->original_price);
	assert_string_equal(a->currency, b->currency);
	assert_int_equal(a->stock, b->stock);
	assert_int_equal(a->stock_total, b->stock_total);
	assert_int_equal(a->sold, b->sold);
	assert_true(lk_product_equal(a, b));
}

static void assert_event_same(const struct lk_event *a, const struct lk_event *b)
{
	assert_int_equal(a->type, b->type);
	assert_true(lk_str_same(a->id, b->id));
	assert_int_equal(a->product != NULL, b->product != NULL);
	if (a->product)
		assert_product_same(a->product, b->product);
	assert_int_equal(a->num_products, b->num_products);
	for (size_t i = 0; i < a->num_products; i++)
		assert_product_same(a->products[i], b->products[i]);
	assert_int_equal(a->num_ids, b->num_ids);
	for (size_t i = 0; i < a->num_ids; i++)
		assert_string_equal(a->ids[i], b->ids[i]);
	assert_int_equal(a->stock, b->stock);
	assert_int_equal(a->sold, b->sold);
	assert_int_equal(a->status.state, b->status.state);
	assert_true(lk_str_same(a->status.connector, b->status.connector));
	assert_true(lk_str_same(a->status.message, b->status.message));
	assert_int_equal(a->status.next_retry_ms, b->status.next_retry_ms);
	assert_int_equal(a->status.last_sync_ms, b->status.last_sync_ms);
	assert_int_equal(a->server_time_ms, b->server_time_ms);
	assert_int_equal(a->local_ms, b->local_ms);
}

static void assert_events_same(const struct lk_events *a, const struct lk_events *b)
{
	assert_int_equal(a->da.num, b->da.num);
	for (size_t i = 0; i < a->da.num; i++)
		assert_event_same(&a->da.array[i], &b->da.array[i]);
}

static void test_determinism(void **state)
{
	(void)state;
	struct lk_demo_shop *a = new_shop(42, "CNY", 0, 0);
	struct lk_demo_shop *b = new_shop(42, "CNY", 0, 0);
	struct lk_events ea, eb;
	struct lk_rand r;
	size_t total = 0;

	lk_rand_seed(&r, 7);
	lk_events_init(&ea);
	lk_events_init(&eb);
	lk_demo_shop_start(a, T0, &ea);
	lk_demo_shop_start(b, T0, &eb);
	assert_events_same(&ea, &eb);

	for (int64_t t = T0; t < T0 + HOUR; t = next_call(&r, t)) {
		lk_events_free(&ea);
		lk_events_free(&eb);
		lk_demo_shop_step(a, t, &ea);
		lk_demo_shop_step(b, t, &eb);
		assert_events_same(&ea, &eb);
		assert_int_equal(lk_demo_shop_next_due(a), lk_demo_shop_next_due(b));
		total += ea.da.num;
	}
	assert_true(total > 1000); /* an hour at the default 1.5 s: a lot happened */
	lk_events_free(&ea);
	lk_events_free(&eb);
	lk_demo_shop_destroy(a);
	lk_demo_shop_destroy(b);
}

/* How often step is called does not change what happens. */
static void test_call_pattern_independent(void **state)
{
	(void)state;
	struct lk_demo_shop *a = new_shop(5, "USD", 0, 0);
	struct lk_demo_shop *b = new_shop(5, "USD", 0, 0);
	struct lk_events ea, eb;

	lk_events_init(&ea);
	lk_events_init(&eb);
	run_shop(a, 0, HOUR / 2, &ea);
	run_shop(b, 10, HOUR / 2, &eb);
	assert_true(ea.da.num > 500);
	assert_events_same(&ea, &eb);
	lk_events_free(&ea);
	lk_events_free(&eb);
	lk_demo_shop_destroy(a);
	lk_demo_shop_destroy(b);
}

static bool events_differ(const struct lk_events *a, const struct lk_events *b)
{
	if (a->da.num != b->da.num)
		return true;
	for (size_t i = 0; i < a->da.num; i++) {
		const struct lk_event *x = &a->da.array[i], *y = &b->da.array[i];
		if (x->type != y->type || !lk_str_same(x->id, y->id) || x->stock != y->stock || x->sold != y->sold)
			return true;
	}
	return false;
}

static void test_seeds_differ(void **state)
{
	(void)state;
	struct lk_events e[4];
	uint64_t seeds[4] = {1, 2, 0, 0};

	for (int i = 0; i < 4; i++) {
		struct lk_demo_shop *shop = new_shop(seeds[i], NULL, 0, 0);
		lk_events_init(&e[i]);
		run_shop(shop, 1000, 10 * 60 * 1000, &e[i]);
		lk_demo_shop_destroy(shop);
	}
	assert_true(events_differ(&e[0], &e[1]));
	assert_true(events_differ(&e[0], &e[2]));
	assert_false(events_differ(&e[2], &e[3])); /* 0 = the same fixed default */
	for (int i = 0; i < 4; i++)
		lk_events_free(&e[i]);
}

/* Next code point of a UTF-8 string (input is trusted test data). */
static uint32_t utf8_next(const unsigned char **p)
{
	const unsigned char *s = *p;
	uint32_t c = *s;
	int extra = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;
	c &= extra == 3 ? 0x07 : extra == 2 ? 0x0f : extra == 1 ? 0x1f : 0x7f;
	for (int i = 1; i <= extra; i++)
		c = (c << 6) | (s[i] & 0x3f);
	*p = s + 1 + extra;
	return c;
}

static void title_stats(const char *title, bool *cjk, bool *emoji, size_t *chars)
{
	const unsigned char *p = (const unsigned char *)title;
	*cjk = *emoji = false;
	*chars = 0;
	while (*p) {
		uint32_t c = utf8_next(&p);
		*cjk |= c >= 0x4e00 && c <= 0x9fff;
		*emoji |= c >= 0x1f300 && c <= 0x1faff;
		(*chars)++;
	}
}

static void check_catalog_product(const struct lk_product *p, size_t i)
{
	char buf[512];
	assert_non_null(p->sku);
	assert_non_null(p->title);
	snprintf(buf, sizeof(buf), "%s/data/images/demo-%02d.png", LK_SOURCE_DIR, (int)(i + 1));
	assert_string_equal(p->image, buf);
	assert_int_equal(access(buf, R_OK), 0); /* one picture per product, shipped */
	snprintf(buf, sizeof(buf), "https://demo.linkon.invalid/p/%s", p->id);
	assert_string_equal(p->buy_url, buf);
	assert_true(p->stock >= 20 && p->stock <= 500);
	assert_int_equal(p->stock_total, p->stock);
	assert_true(p->sold >= 0);
	assert_true(p->price > 0);
	if (p->original_price) {
		int off = lk_discount_percent(p->price, p->original_price);
		assert_true(off >= 10 && off <= 60);
	}
}

static void check_opening(const struct lk_events *evs, size_t n)
{
	static const enum lk_event_type order[] = {LK_EV_SERVER_TIME, LK_EV_CATALOG_SET, LK_EV_CART_SET, LK_EV_PIN,
						   LK_EV_STATUS};
	assert_int_equal(evs->da.num, 5);
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(evs->da.array[i].type, order[i]);

	const struct lk_event *ev = &evs->da.array[0];
	assert_int_equal(ev->server_time_ms, EPOCH_MS + T0);
	assert_int_equal(ev->local_ms, T0);
	assert_int_equal(evs->da.array[1].num_products, n);

	const struct lk_event *cart = &evs->da.array[2];
	assert_int_equal(cart->num_ids, 8);
	for (size_t i = 0; i < 8; i++) {
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(cart->ids[i], cart->ids[j]);
	}
	assert_string_equal(evs->da.array[3].id, cart->ids[0]);

	ev = &evs->da.array[4];
	assert_int_equal(ev->status.state, LK_CONN_CONNECTED);
	assert_string_equal(ev->status.connector, "demo");
	assert_string_equal(ev->status.message, "Demo shop");
}

static void test_catalog(void **state)
{
	(void)state;
	struct lk_demo_shop *shop = new_shop(0, NULL, 0, 0);
	size_t n = lk_demo_shop_catalog_size(shop);
	struct lk_events evs;
	int cjk = 0, emoji = 0, long_titles = 0, thousands = 0, no_original = 0;

	assert_true(n >= 12);
	lk_events_init(&evs);
	lk_demo_shop_start(shop, T0, &evs);
	check_opening(&evs, n);

	const struct lk_event *cat = find_event(&evs, LK_EV_CATALOG_SET);
	for (size_t i = 0; i < n; i++) {
		const struct lk_product *p = cat->products[i];
		bool c, e;
		size_t chars;
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(p->id, cat->products[j]->id);
		check_catalog_product(p, i);
		assert_string_equal(p->currency, "CNY");
		title_stats(p->title, &c, &e, &chars);
		cjk += c;
		emoji += e;
		long_titles += chars >= 40;
		thousands += p->sold >= 1000;
		no_original += p->original_price == 0;
	}
	assert_true(cjk >= 3);
	assert_true(emoji >= 1);
	assert_true(long_titles >= 2);
	assert_true(thousands >= 3);
	assert_true(no_original >= 2 && no_original <= (int)n / 3);
	lk_events_free(&evs);
	lk_demo_shop_destroy(shop);
}

static void test_no_image_dir(void **state)
{
	(void)state;
	struct lk_demo_shop *shop = lk_demo_shop_create(&(struct lk_demo_config){.seed = 3});
	struct lk_events evs;

	lk_events_init(&evs);
	lk_demo_shop_start(shop, T0, &evs);
	const struct lk_event *cat = find_event(&evs, LK_EV_CATALOG_SET);
	for (size_t i = 0; i < cat->num_products; i++) {
		assert_null(cat->products[i]->image);
		assert_string_equal(cat->products[i]->currency, "CNY");
	}
	lk_events_free(&evs);
	lk_demo_shop_destroy(shop);
}

static void check_currency(const char *cur, const char *expect_code)
{
	struct lk_demo_shop *cny = new_shop(1, "CNY", 0, 0);
	struct lk_demo_shop *shop = new_shop(1, cur, 0, 0);
	struct lk_events ec, evs;
	struct dstr s = {0};

	lk_events_init(&ec);
	lk_events_init(&evs);
	lk_demo_shop_start(cny, T0, &ec);
	lk_demo_shop_start(shop, T0, &evs);
	const struct lk_event *a = find_event(&ec, LK_EV_CATALOG_SET), *b = find_event(&evs, LK_EV_CATALOG_SET);
	int decimals = lk_money_decimals(expect_code);

	for (size_t i = 0; i < b->num_products; i++) {
		const struct lk_product *p = b->products[i], *q = a->products[i];
		assert_string_equal(p->currency, expect_code);
		assert_int_equal(p->original_price == 0, q->original_price == 0);
		if (p->original_price) {
			int off = lk_discount_percent(p->price, p->original_price);
			assert_true(off >= 10 && off <= 60);
		}
		lk_money_format(&s, p->price, expect_code);
		if (decimals)
			assert_non_null(strchr(s.array, strcmp(expect_code, "EUR") == 0 ? ',' : '.'));
		else
			assert_null(strchr(s.array, '.'));
		if (decimals == 0) /* whole yen / won, and a tidy amount */
			assert_int_equal(p->price % 10, 0);
	}
	dstr_free(&s);
	lk_events_free(&ec);
	lk_events_free(&evs);
	lk_demo_shop_destroy(cny);
	lk_demo_shop_destroy(shop);
}

/* Major-unit price ratio against the CNY catalog for one product. */
static double price_ratio(const char *cur, size_t idx)
{
	struct lk_demo_shop *a = new_shop(1, "CNY", 0, 0), *b = new_shop(1, cur, 0, 0);
	struct lk_events ea, eb;
	lk_events_init(&ea);
	lk_events_init(&eb);
	lk_demo_shop_start(a, T0, &ea);
	lk_demo_shop_start(b, T0, &eb);
	double pa = (double)find_event(&ea, LK_EV_CATALOG_SET)->products[idx]->price / 100.0;
	double pb = (double)find_event(&eb, LK_EV_CATALOG_SET)->products[idx]->price;
	for (int i = 0; i < lk_money_decimals(cur); i++)
		pb /= 10.0;
	lk_events_free(&ea);
	lk_events_free(&eb);
	lk_demo_shop_destroy(a);
	lk_demo_shop_destroy(b);
	return pb / pa;
}

static void test_currency(void **state)
{
	(void)state;
	check_currency("CNY", "CNY");
	check_currency("USD", "USD");
	check_currency("EUR", "EUR");
	check_currency("jpy", "JPY");
	check_currency("KRW", "KRW");
	check_currency("TWD", "TWD");
	check_currency("XYZ", "XYZ");
	check_currency("dollars", "CNY"); /* not a code: the default */
	/* amounts sensible for the currency, not the CNY number relabelled */
	double jpy = price_ratio("JPY", 0), krw = price_ratio("KRW", 0), usd = price_ratio("USD", 0);
	assert_true(jpy > 15 && jpy < 30);
	assert_true(krw > 150 && krw < 250);
	assert_true(usd > 0.1 && usd < 0.2);
}

static void record_stock(const struct lk_events *evs, struct tracked *t, size_t *n)
{
	for (size_t i = 0; i < evs->da.num; i++)
		track_event(t, n, &evs->da.array[i]);
}

static void check_snapshot(struct lk_store *store, const struct tracked *t, size_t n)
{
	struct lk_snapshot *snap = lk_store_get(store);
	assert_int_equal(snap->num_products, n);
	assert_int_equal(snap->num_cart, 8);
	assert_non_null(snap->pinned);
	assert_true(snap->pinned_slot >= 1 && snap->pinned_slot <= 8);
	assert_ptr_equal(snap->cart[snap->pinned_slot - 1], snap->pinned);
	assert_int_equal(snap->status.state, LK_CONN_CONNECTED);
	assert_true(snap->clock_known);
	assert_int_equal(lk_snapshot_platform_now(snap, T0), EPOCH_MS + T0);
	for (size_t i = 0; i < n; i++) {
		struct lk_product *p = lk_snapshot_find(snap, t[i].id);
		assert_non_null(p);
		assert_int_equal(p->stock, t[i].stock);
		assert_int_equal(p->sold, t[i].sold);
	}
	lk_snapshot_release(snap);
}

static void test_into_store(void **state)
{
	(void)state;
	long allocs = bnum_allocs();
	struct lk_store *store = lk_store_create();
	struct lk_demo_shop *shop = new_shop(77, "GBP", 500, 10000);
	struct tracked t[MAX_ITEMS];
	struct lk_events evs;
	struct lk_rand r;
	size_t n = 0;

	lk_rand_seed(&r, 3);
	lk_events_init(&evs);
	lk_demo_shop_start(shop, T0, &evs);
	record_stock(&evs, t, &n);
	assert_int_equal(lk_store_apply(store, &evs), 1);
	check_snapshot(store, t, n);

	for (int64_t now = T0; now < T0 + HOUR / 2; now = next_call(&r, now)) {
		lk_demo_shop_step(shop, now, &evs);
		record_stock(&evs, t, &n);
		lk_store_apply(store, &evs);
		assert_int_equal(evs.da.num, 0); /* consumed */
	}
	check_snapshot(store, t, n);
	lk_demo_shop_pin(shop, "demo-02", &evs);
	lk_store_apply(store, &evs);
	struct lk_snapshot *snap = lk_store_get(store);
	assert_string_equal(snap->pinned->id, "demo-02");
	lk_snapshot_release(snap);

	lk_events_free(&evs);
	lk_demo_shop_destroy(shop);
	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), allocs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_determinism),  cmocka_unit_test(test_call_pattern_independent),
		cmocka_unit_test(test_seeds_differ), cmocka_unit_test(test_catalog),
		cmocka_unit_test(test_no_image_dir), cmocka_unit_test(test_currency),
		cmocka_unit_test(test_into_store),
	};
	long allocs = bnum_allocs();
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	if (bnum_allocs() != allocs) {
		fprintf(stderr, "leak: %ld bmalloc blocks not freed\n", bnum_allocs() - allocs);
		return 1;
	}
	return failed;
}
