/*
 * Linkon — unit tests for the demo shop's simulation (core/lk-demo-shop.c):
 * orders, stock, sold-out and restock, pin moves, timing.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "demo-shop-util.h"

#include <util/bmem.h>

/* Checks one STOCK event against the tracked state; returns 1 for a restock. */
static int check_stock_event(struct tracked *p, const struct lk_event *ev)
{
	int restock = 0;
	assert_true(ev->stock >= 0);
	if (ev->stock > p->stock) { /* restock: only from sold out, to the full level */
		assert_int_equal(p->stock, 0);
		assert_int_equal(ev->stock, p->total);
		assert_int_equal(ev->sold, p->sold);
		restock = 1;
	} else {
		int64_t units = ev->sold - p->sold;
		assert_true(units >= 1 && units <= 3);
		assert_int_equal(ev->stock + ev->sold, p->stock + p->sold); /* constant */
		assert_true(p->stock > 0);                                  /* a sold-out product does not sell */
	}
	p->stock = ev->stock;
	p->sold = ev->sold;
	return restock;
}

static void test_stock_invariants(void **state)
{
	(void)state;
	struct lk_demo_shop *shop = new_shop(11, "EUR", 300, 15000);
	struct tracked items[MAX_ITEMS];
	struct lk_events evs;
	size_t n = 0;
	int restocks = 0, sellouts = 0, orders = 0;

	lk_events_init(&evs);
	run_shop(shop, 0, 2 * HOUR, &evs);
	for (size_t i = 0; i < evs.da.num; i++) {
		const struct lk_event *ev = &evs.da.array[i];
		if (ev->type == LK_EV_CATALOG_SET) {
			track_event(items, &n, ev);
		} else if (ev->type == LK_EV_STOCK) {
			struct tracked *p = track_find(items, n, ev->id);
			int r = check_stock_event(p, ev);
			restocks += r;
			orders += !r;
			sellouts += !r && ev->stock == 0;
		}
	}
	assert_true(orders > 10000);
	assert_true(sellouts >= 1); /* sold-out really happens … */
	assert_true(restocks >= 1); /* … and the shop recovers */
	lk_events_free(&evs);
	lk_demo_shop_destroy(shop);
}

static void test_pin_moves(void **state)
{
	(void)state;
	struct lk_demo_shop *shop = new_shop(8, NULL, 0, 20000);
	struct lk_events evs;
	char *cart[8];
	int pins = 0;

	lk_events_init(&evs);
	lk_demo_shop_start(shop, T0, &evs);
	const struct lk_event *ev = find_event(&evs, LK_EV_CART_SET);
	for (int i = 0; i < 8; i++)
		cart[i] = bstrdup(ev->ids[i]);
	for (int64_t t = T0 + 500; t <= T0 + 10 * 60 * 1000; t += 500) {
		lk_events_free(&evs);
		lk_demo_shop_step(shop, t, &evs);
		ev = find_event(&evs, LK_EV_PIN);
		assert_int_equal(ev != NULL, (t - T0) % 20000 == 0);
		if (!ev)
			continue;
		pins++;
		assert_string_equal(ev->id, cart[pins % 8]); /* slot 1 at start, then 2, 3 … wrapping */
	}
	assert_int_equal(pins, 30);

	/* the anchor pins slot 4 at T0 + 10:05; the next automatic move is a
	 * full period later, to slot 5 */
	int64_t t = T0 + 10 * 60 * 1000 + 5000;
	lk_events_free(&evs);
	lk_demo_shop_step(shop, t, &evs);
	lk_demo_shop_pin(shop, cart[3], &evs);
	lk_events_free(&evs);
	lk_demo_shop_step(shop, t + 19999, &evs);
	assert_null(find_event(&evs, LK_EV_PIN));
	lk_events_free(&evs);
	lk_demo_shop_step(shop, t + 20000, &evs);
	ev = find_event(&evs, LK_EV_PIN);
	assert_non_null(ev);
	assert_string_equal(ev->id, cart[4]);
	lk_events_free(&evs);
	lk_demo_shop_destroy(shop);
	for (int i = 0; i < 8; i++)
		bfree(cart[i]);
}

static void test_pin_never_and_manual(void **state)
{
	(void)state;
	struct lk_demo_shop *shop = new_shop(8, NULL, 0, -1);
	struct lk_events evs;

	lk_events_init(&evs);
	run_shop(shop, 1000, 10 * 60 * 1000, &evs);
	size_t pins = 0;
	for (size_t i = 0; i < evs.da.num; i++)
		pins += evs.da.array[i].type == LK_EV_PIN;
	assert_int_equal(pins, 1); /* only the opening pin */
	lk_events_free(&evs);

	lk_demo_shop_pin(shop, "no-such-product", &evs);
	assert_int_equal(evs.da.num, 0);
	lk_demo_shop_pin(shop, "demo-03", &evs);
	assert_int_equal(evs.da.num, 1);
	assert_int_equal(evs.da.array[0].type, LK_EV_PIN);
	assert_string_equal(evs.da.array[0].id, "demo-03");
	lk_demo_shop_pin(shop, NULL, &evs);
	assert_int_equal(evs.da.num, 2);
	assert_int_equal(evs.da.array[1].type, LK_EV_PIN);
	assert_null(evs.da.array[1].id);
	lk_events_free(&evs);
	lk_demo_shop_destroy(shop);
}

/* Orders favour the pinned product: 60 % plus its share of the rest. */
static void test_orders_favour_pinned(void **state)
{
	(void)state;
	struct lk_demo_shop *shop = new_shop(21, NULL, 0, 0);
	struct lk_events evs;
	const char *pinned = NULL;
	int on_pinned = 0, total = 0;
	struct tracked items[MAX_ITEMS];
	size_t n = 0;

	lk_events_init(&evs);
	run_shop(shop, 250, 15 * 60 * 1000, &evs);
	for (size_t i = 0; i < evs.da.num; i++) {
		const struct lk_event *ev = &evs.da.array[i];
		if (ev->type == LK_EV_PIN)
			pinned = ev->id;
		if (track_event(items, &n, ev) && pinned) {
			on_pinned += strcmp(ev->id, pinned) == 0;
			total++;
		}
	}
	assert_true(total > 400);
	assert_true(on_pinned * 100 >= total * 50 && on_pinned * 100 <= total * 85);
	lk_events_free(&evs);
	lk_demo_shop_destroy(shop);
}

/* Steps exactly at next_due: the order gaps average about order_every_ms. */
static void test_order_rate(void **state)
{
	(void)state;
	struct lk_demo_shop *shop = new_shop(4, NULL, 1000, -1);
	struct lk_events evs;
	int64_t t = T0, last = T0, short_gaps = 0, long_gaps = 0, orders = 0;
	struct tracked items[MAX_ITEMS];
	size_t n = 0;

	lk_events_init(&evs);
	assert_int_equal(lk_demo_shop_next_due(shop), 0); /* not started: due now */
	lk_demo_shop_step(shop, T0, &evs);
	assert_int_equal(evs.da.num, 0); /* nothing before start */
	lk_demo_shop_start(shop, T0, &evs);
	track_event(items, &n, find_event(&evs, LK_EV_CATALOG_SET));
	while (t < T0 + 10 * 60 * 1000) {
		int64_t due = lk_demo_shop_next_due(shop);
		assert_true(due > t);
		lk_events_free(&evs);
		lk_demo_shop_step(shop, due - 1, &evs);
		assert_int_equal(evs.da.num, 0);
		lk_demo_shop_step(shop, due, &evs);
		assert_true(evs.da.num >= 1);
		bool order = false;
		for (size_t i = 0; i < evs.da.num; i++)
			order |= track_event(items, &n, &evs.da.array[i]);
		if (order) {
			orders++;
			short_gaps += due - last < 500;
			long_gaps += due - last > 2000;
			last = due;
		}
		t = due;
	}
	assert_true(orders >= 480 && orders <= 720);
	assert_true(short_gaps > orders / 5); /* exponential-ish, not a metronome */
	assert_true(long_gaps > orders / 20);
	lk_events_free(&evs);
	lk_demo_shop_destroy(shop);
}

static void test_catch_up_skips(void **state)
{
	(void)state;
	struct lk_demo_shop *shop = new_shop(4, NULL, 0, 0);
	struct lk_events evs;

	lk_events_init(&evs);
	lk_demo_shop_start(shop, T0, &evs);
	lk_events_free(&evs);
	lk_demo_shop_step(shop, T0 + 5 * HOUR, &evs); /* the PC slept */
	assert_true(evs.da.num < 20);
	lk_events_free(&evs);
	lk_demo_shop_step(shop, T0 + 1000, &evs); /* time going backwards: nothing */
	assert_int_equal(evs.da.num, 0);
	assert_true(lk_demo_shop_next_due(shop) >= T0 + 5 * HOUR);
	lk_events_free(&evs);
	lk_demo_shop_destroy(shop);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stock_invariants),     cmocka_unit_test(test_pin_moves),
		cmocka_unit_test(test_pin_never_and_manual), cmocka_unit_test(test_orders_favour_pinned),
		cmocka_unit_test(test_order_rate),           cmocka_unit_test(test_catch_up_skips),
	};
	long allocs = bnum_allocs();
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	if (bnum_allocs() != allocs) {
		fprintf(stderr, "leak: %ld bmalloc blocks not freed\n", bnum_allocs() - allocs);
		return 1;
	}
	return failed;
}
