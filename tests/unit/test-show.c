/*
 * Linkon — unit tests for the show in the store: an order counts once
 * however often it is delivered, units sold while a product was pinned
 * count for that pin window (also across pins, unpins and late orders),
 * totals stay per currency, goals fill, pass milestones, are reached and
 * start their next round. Every test checks bnum_allocs() is back where it
 * started.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "show-util.h"

#include <jansson.h>

#define T0 1767268800000LL

static struct lk_show_view *view_of(struct lk_store *store)
{
	struct lk_snapshot *snap = lk_store_get(store);
	struct lk_show_view *v = lk_show_view_addref(snap->show);
	lk_snapshot_release(snap);
	return v;
}

static struct lk_store *live_store(void)
{
	struct lk_store *store = show_store_new();
	show_catalog(store, T0);
	show_apply1(store, LK_EV_SHOW_START, NULL, T0 + 10);
	return store;
}

static void test_orders_ignored_without_show(void **state)
{
	(void)state;
	long allocs = bnum_allocs();
	struct lk_store *store = show_store_new();
	show_catalog(store, T0);
	uint64_t v = lk_store_version(store);
	assert_int_equal(show_order(store, "o1", "p1", 1, -1, NULL, "Mia", T0 + 1), v);
	struct lk_show_view *view = view_of(store);
	assert_int_equal(view->state, LK_SHOW_NONE);
	assert_int_equal(view->orders, 0);
	lk_show_view_release(view);
	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), allocs);
}

static void test_dedupe(void **state)
{
	(void)state;
	long allocs = bnum_allocs();
	struct lk_store *store = live_store();

	uint64_t v1 = show_order(store, "o1", "p1", 2, -1, NULL, "Mia", T0 + 100);
	/* redelivered: same id, even with other content: ignored, no new snapshot */
	assert_int_equal(show_order(store, "o1", "p1", 2, -1, NULL, "Mia", T0 + 200), v1);
	assert_int_equal(show_order(store, "o1", "p2", 5, 100, NULL, NULL, T0 + 300), v1);
	show_order(store, "o2", "p2", 1, -1, NULL, NULL, T0 + 400);
	/* twice in one batch */
	struct lk_events evs;
	lk_events_init(&evs);
	for (int i = 0; i < 3; i++) {
		struct lk_order *o = lk_order_new("o3");
		lk_order_add_item(o, "p1", 1, 1299);
		lk_events_order(&evs, o);
	}
	lk_store_apply_at(store, &evs, T0 + 500);
	lk_events_free(&evs);

	struct lk_show_view *v = view_of(store);
	assert_int_equal(v->orders, 3);
	assert_int_equal(v->units, 4);
	assert_int_equal(v->orders_seq, 3);
	const struct lk_show_totals *usd = lk_show_view_totals(v, "USD");
	assert_non_null(usd);
	assert_int_equal(usd->gmv, 2 * 1299 + 500 + 1299);
	assert_int_equal(usd->aov, (2 * 1299 + 500 + 1299 + 1) / 3);
	assert_int_equal(v->num_ticker, 3);
	assert_string_equal(v->ticker[0].order_id, "o3");
	assert_string_equal(v->ticker[2].order_id, "o1");
	assert_string_equal(v->ticker[2].buyer_shown, "M***a");
	assert_false(v->ticker[2].buyer_anonymous);
	assert_string_equal(v->ticker[2].product_title, "Organic Olive Oil");
	assert_int_equal(v->ticker[2].quantity, 2);
	assert_true(v->ticker[1].buyer_anonymous);
	assert_string_equal(v->ticker[1].buyer_shown, LK_BUYER_SOMEONE);
	lk_show_view_release(v);

	/* a new show counts an old id again */
	show_apply1(store, LK_EV_SHOW_END, NULL, T0 + 600);
	show_apply1(store, LK_EV_SHOW_START, NULL, T0 + 700);
	show_order(store, "o1", "p1", 1, -1, NULL, NULL, T0 + 800);
	v = view_of(store);
	assert_int_equal(v->orders, 1);
	assert_int_equal(v->orders_seq, 4);
	lk_show_view_release(v);
	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), allocs);
}

static void test_pin_attribution(void **state)
{
	(void)state;
	long allocs = bnum_allocs();
	struct lk_store *store = live_store();

	show_apply1(store, LK_EV_PIN, "p1", T0 + 1000);
	show_order(store, "a", "p1", 2, -1, NULL, NULL, T0 + 1100); /* p1 window 1 */
	show_order(store, "b", "p2", 3, -1, NULL, NULL, T0 + 1200); /* not the pinned product */
	show_apply1(store, LK_EV_PIN, "p2", T0 + 2000);
	show_order(store, "c", "p2", 1, -1, NULL, NULL, T0 + 2100); /* p2 window */
	show_order(store, "d", "p1", 1, -1, NULL, NULL, T0 + 2200); /* p1 but not pinned now */
	show_apply1(store, LK_EV_PIN, NULL, T0 + 3000);             /* unpin */
	show_order(store, "e", "p1", 1, -1, NULL, NULL, T0 + 3100); /* nothing pinned */
	show_apply1(store, LK_EV_PIN, "p1", T0 + 4000);
	show_order(store, "f", "p1", 4, -1, NULL, NULL, T0 + 4100); /* p1 window 2 */

	/* a late order: placed at 1500 while p1 was pinned (says the platform) */
	struct lk_events evs;
	lk_events_init(&evs);
	struct lk_order *o = lk_order_new("late");
	lk_order_add_item(o, "p1", 5, 1299);
	o->time_ms = T0 + 1500;
	lk_order_set_str(&o->pinned_id, "p1");
	lk_events_order(&evs, o);
	lk_store_apply_at(store, &evs, T0 + 4200);
	lk_events_free(&evs);

	struct lk_show_view *v = view_of(store);
	assert_int_equal(v->num_pins, 3);
	assert_string_equal(v->pins[0].product_id, "p1");
	assert_int_equal(v->pins[0].start_ms, T0 + 1000);
	assert_int_equal(v->pins[0].end_ms, T0 + 2000);
	assert_int_equal(v->pins[0].units, 2 + 5);
	assert_int_equal(v->pins[0].gmv, 7 * 1299);
	assert_string_equal(v->pins[0].title, "Organic Olive Oil");
	assert_string_equal(v->pins[1].product_id, "p2");
	assert_int_equal(v->pins[1].end_ms, T0 + 3000);
	assert_int_equal(v->pins[1].units, 1);
	assert_string_equal(v->pins[2].product_id, "p1");
	assert_int_equal(v->pins[2].end_ms, 0);
	assert_int_equal(v->pins[2].units, 4);
	assert_int_equal(v->units, 2 + 3 + 1 + 1 + 1 + 4 + 5);
	assert_true(v->pins[0].share > 7.0 / 17 - 1e-9 && v->pins[0].share < 7.0 / 17 + 1e-9);
	/* per product: p1 sold 2+1+1+4+5 */
	for (size_t i = 0; i < v->num_products; i++) {
		if (strcmp(v->products[i].product_id, "p1") == 0)
			assert_int_equal(v->products[i].units, 13);
	}
	lk_show_view_release(v);

	/* the end closes the open window */
	show_apply1(store, LK_EV_SHOW_END, NULL, T0 + 5000);
	v = view_of(store);
	assert_int_equal(v->state, LK_SHOW_ENDED);
	assert_int_equal(v->pins[2].end_ms, T0 + 5000);
	lk_show_view_release(v);
	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), allocs);
}

static void test_currencies(void **state)
{
	(void)state;
	long allocs = bnum_allocs();
	struct lk_store *store = live_store();
	struct lk_snapshot *snap;

	lk_store_show_configure(store, LK_PRIVACY_MASKED, 2000);      /* 20 % */
	show_order(store, "u1", "p1", 1, -1, NULL, NULL, T0 + 100);   /* USD 12.99 */
	show_order(store, "e1", "p3", 2, -1, NULL, NULL, T0 + 200);   /* EUR 40.00 (catalog currency) */
	show_order(store, "j1", "p4", 3, -1, "JPY", NULL, T0 + 300);  /* JPY 3840 */
	show_order(store, "u2", "p2", 2, 450, "usd", NULL, T0 + 400); /* USD 9.00 */

	snap = lk_store_get(store);
	const struct lk_show_view *v = snap->show;
	assert_int_equal(v->num_totals, 3);
	const struct lk_show_totals *usd = lk_show_view_totals(v, "USD");
	const struct lk_show_totals *eur = lk_show_view_totals(v, "EUR");
	const struct lk_show_totals *jpy = lk_show_view_totals(v, "JPY");
	assert_int_equal(usd->gmv, 1299 + 900);
	assert_int_equal(usd->orders, 2);
	assert_int_equal(usd->units, 3);
	assert_int_equal(usd->commission, 260 + 180); /* 259.8 → 260 */
	assert_int_equal(eur->gmv, 4000);
	assert_int_equal(eur->aov, 4000);
	assert_int_equal(jpy->gmv, 3840);
	assert_int_equal(jpy->commission, 768);
	assert_null(lk_show_view_totals(v, "CNY"));
	/* the JSON has the same numbers */
	json_t *j = lk_show_view_to_json(v);
	json_t *t0 = json_array_get(json_object_get(j, "totals"), 0);
	assert_string_equal(json_string_value(json_object_get(t0, "currency")), "USD");
	assert_int_equal(json_integer_value(json_object_get(t0, "gmv")), 2199);
	assert_int_equal(json_integer_value(json_object_get(j, "orders")), 4);
	json_decref(j);
	lk_snapshot_release(snap);
	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), allocs);
}

static void set_goal(struct lk_store *store, const char *id, enum lk_goal_kind kind, int64_t target, bool auto_next,
		     int64_t now)
{
	struct lk_events evs;
	struct lk_goal *g = lk_goal_new(id, kind, target);
	g->auto_next = auto_next;
	lk_events_init(&evs);
	lk_events_goal_set(&evs, g);
	lk_store_apply_at(store, &evs, now);
	lk_events_free(&evs);
}

static void test_goals(void **state)
{
	(void)state;
	long allocs = bnum_allocs();
	struct lk_store *store = live_store();

	set_goal(store, "units", LK_GOAL_UNITS, 10, false, T0 + 20);
	set_goal(store, "gmv", LK_GOAL_GMV, 5000, true, T0 + 20);
	show_order(store, "a", "p2", 3, -1, NULL, NULL, T0 + 100); /* 3 units, USD 15.00 */
	struct lk_show_view *v = view_of(store);
	const struct lk_goal *u = lk_show_view_goal(v, "units");
	assert_int_equal(u->current, 3);
	assert_int_equal(u->milestones, LK_GOAL_M25);
	assert_int_equal(u->reached_ms, 0);
	assert_string_equal(lk_show_view_goal(v, "gmv")->currency, "USD");
	assert_int_equal(v->goals_seq, 0);
	lk_show_view_release(v);

	show_order(store, "b", "p2", 5, -1, NULL, NULL, T0 + 200); /* 8 units, USD 40.00 */
	v = view_of(store);
	u = lk_show_view_goal(v, "units");
	assert_int_equal(u->milestones, LK_GOAL_M25 | LK_GOAL_M50 | LK_GOAL_M75);
	lk_show_view_release(v);

	show_order(store, "c", "p1", 2, -1, NULL, NULL, T0 + 300); /* 10 units, USD 65.98 */
	v = view_of(store);
	u = lk_show_view_goal(v, "units");
	const struct lk_goal *g = lk_show_view_goal(v, "gmv");
	assert_int_equal(u->reached_ms, T0 + 300);
	assert_int_equal(u->milestones & LK_GOAL_M100, LK_GOAL_M100);
	/* gmv 6598 passed 5000: round 2 runs to 10000 from base 5000 */
	assert_int_equal(g->round, 1);
	assert_int_equal(g->base, 5000);
	assert_int_equal(g->target, 10000);
	assert_int_equal(g->reached_ms, 0);
	assert_int_equal(g->last_reached_ms, T0 + 300);
	assert_int_equal(g->milestones, LK_GOAL_M25);
	assert_int_equal(v->goals_seq, 2);
	lk_show_view_release(v);

	/* a big jump crosses several rounds, each counted */
	show_order(store, "d", "p1", 100, 100, NULL, NULL, T0 + 400); /* +10000 → 16598 */
	v = view_of(store);
	g = lk_show_view_goal(v, "gmv");
	assert_int_equal(g->target, 20000);
	assert_int_equal(g->reached_count, 3);
	lk_show_view_release(v);

	/* clear one; a new show restarts progress of the rest from the first target */
	struct lk_events evs;
	lk_events_init(&evs);
	lk_events_goal_clear(&evs, "units");
	lk_store_apply_at(store, &evs, T0 + 500);
	lk_events_free(&evs);
	show_apply1(store, LK_EV_SHOW_END, NULL, T0 + 600);
	show_apply1(store, LK_EV_SHOW_START, NULL, T0 + 700);
	v = view_of(store);
	assert_int_equal(v->num_goals, 1);
	g = lk_show_view_goal(v, "gmv");
	assert_int_equal(g->target, 5000);
	assert_int_equal(g->current, 0);
	assert_int_equal(g->round, 0);
	lk_show_view_release(v);
	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), allocs);
}

static void test_bad_orders(void **state)
{
	(void)state;
	long allocs = bnum_allocs();
	struct lk_store *store = live_store();
	uint64_t v0 = lk_store_version(store);

	assert_int_equal(show_order(store, "x", "p1", 0, 100, NULL, NULL, T0 + 1), v0);          /* quantity 0 */
	assert_int_equal(show_order(store, "", "p1", 1, 100, NULL, NULL, T0 + 1), v0);           /* no id */
	assert_int_equal(show_order(store, "y", "unknown", 1, -1, "USD", NULL, T0 + 1), v0 + 1); /* price 0 */
	struct lk_show_view *v = view_of(store);
	assert_int_equal(v->orders, 1);
	assert_int_equal(lk_show_view_totals(v, "USD")->gmv, 0);
	lk_show_view_release(v);
	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), allocs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_orders_ignored_without_show),
		cmocka_unit_test(test_dedupe),
		cmocka_unit_test(test_pin_attribution),
		cmocka_unit_test(test_currencies),
		cmocka_unit_test(test_goals),
		cmocka_unit_test(test_bad_orders),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
