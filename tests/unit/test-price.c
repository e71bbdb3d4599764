/*
 * Linkon — unit tests for the price a product shows at a moment
 * (core/lk-price.c): regular prices, a live flash sale's price, struck
 * price, discount and stock, through every state of a sale.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <util/bmem.h>

#include "core/lk-countdown.h"
#include "core/lk-price.h"

#define P0 1767268800000LL /* platform ms */
#define START (P0 + 100000)
#define END (START + 300000)

/* ¥199.00, no original price, 40 of 100 left */
static struct lk_product *make_product(const char *id, int64_t price, int64_t original)
{
	struct lk_product *p = lk_product_new(id);
	p->price = price;
	p->original_price = original;
	lk_product_set_currency(p, "CNY");
	p->stock = 40;
	p->stock_total = 100;
	return p;
}

/* ¥12.34 from START to END, 5 s pre-roll, no stock limit */
static struct lk_sale *make_sale(const char *id, const char *product, int64_t sale_price)
{
	struct lk_sale *s = lk_sale_new(id, product);
	s->sale_price = sale_price;
	s->preroll_ms = 5000;
	s->start_ms = START;
	s->end_ms = END;
	return s;
}

static void assert_regular(const struct lk_price_view *v)
{
	assert_null(v->sale);
	assert_int_equal(v->price, 19900);
	assert_int_equal(v->was, 0);
	assert_int_equal(v->discount, 0);
	assert_int_equal(v->stock, 40);
	assert_int_equal(v->stock_total, 100);
}

static void test_no_sale(void **state)
{
	(void)state;
	struct lk_product *p = make_product("p1", 19900, 0);
	struct lk_price_view v;

	lk_price_at(p, NULL, 0, P0, &v);
	assert_regular(&v);
	/* with an original price: struck, and the badge */
	p->original_price = 29900;
	lk_price_at(p, NULL, 0, P0, &v);
	assert_int_equal(v.price, 19900);
	assert_int_equal(v.was, 29900);
	assert_int_equal(v.discount, 33);
	/* an "original" at or below the price is no discount */
	p->original_price = 19900;
	lk_price_at(p, NULL, 0, P0, &v);
	assert_int_equal(v.was, 0);
	assert_int_equal(v.discount, 0);
	/* no product, no sale: nothing */
	lk_price_at(NULL, NULL, 0, P0, &v);
	assert_null(v.sale);
	assert_int_equal(v.price, 0);
	assert_int_equal(v.stock, LK_STOCK_UNKNOWN);
	lk_product_release(p);
}

/* Scheduled, pre-roll, live, ended: the sale price only while live. */
static void test_states_in_time(void **state)
{
	(void)state;
	long allocs = bnum_allocs();
	struct lk_product *p = make_product("p1", 19900, 0);
	struct lk_sale *s = make_sale("s1", "p1", 1234);
	struct lk_price_view v;

	lk_price_at(p, &s, 1, P0, &v); /* scheduled */
	assert_regular(&v);
	lk_price_at(p, &s, 1, START - 5000, &v); /* pre-roll: the link is not live yet */
	assert_regular(&v);
	lk_price_at(p, &s, 1, START - 1, &v);
	assert_regular(&v);

	lk_price_at(p, &s, 1, START, &v); /* live */
	assert_ptr_equal(v.sale, s);
	assert_int_equal(v.price, 1234);
	assert_int_equal(v.was, 19900);
	assert_int_equal(v.discount, 94);
	assert_int_equal(v.stock, 40); /* no limit: the product's stock */
	assert_int_equal(v.stock_total, 100);
	lk_price_at(p, &s, 1, END - 1, &v);
	assert_int_equal(v.price, 1234);

	lk_price_at(p, &s, 1, END, &v); /* ended */
	assert_regular(&v);
	lk_price_at(p, &s, 1, END + 3600000, &v);
	assert_regular(&v);

	lk_sale_release(s);
	lk_product_release(p);
	assert_int_equal(bnum_allocs(), allocs);
}

static void test_sold_out_and_stopped(void **state)
{
	(void)state;
	struct lk_product *p = make_product("p1", 19900, 0);
	struct lk_sale *s = make_sale("s1", "p1", 1234);
	struct lk_price_view v;

	s->stock_limit = 5;
	s->stock_left = 2;
	lk_price_at(p, &s, 1, START + 1000, &v); /* live with a limit: the sale's stock */
	assert_int_equal(v.price, 1234);
	assert_int_equal(v.stock, 2);
	assert_int_equal(v.stock_total, 5);

	s->stock_left = 0;
	s->sold_out = true;
	s->sold_out_ms = START + 2000;
	lk_price_at(p, &s, 1, START + 1999, &v);
	assert_int_equal(v.price, 1234);
	assert_int_equal(v.stock, 0); /* the sale's, not the product's 40 */
	/* sold out */
	lk_price_at(p, &s, 1, START + 2000, &v);
	assert_regular(&v);

	s->sold_out = false;
	s->stock_left = 2;
	s->stopped = true;
	s->stop_ms = START + 3000;
	lk_price_at(p, &s, 1, START + 2999, &v);
	assert_int_equal(v.price, 1234);
	lk_price_at(p, &s, 1, START + 3000, &v); /* stopped by the anchor */
	assert_regular(&v);
	lk_price_at(p, &s, 1, END + 1, &v);
	assert_regular(&v);

	lk_sale_release(s);
	lk_product_release(p);
}

/* The struck price is the regular or the original price, whichever is
 * higher; a sale price at or above it strikes nothing and shows no badge. */
static void test_struck_and_badge(void **state)
{
	(void)state;
	struct lk_product *p = make_product("p1", 19900, 25900);
	struct lk_sale *s = make_sale("s1", "p1", 9900);
	struct lk_price_view v;

	lk_price_at(p, &s, 1, START, &v);
	assert_int_equal(v.price, 9900);
	assert_int_equal(v.was, 25900);
	assert_int_equal(v.discount, 62);

	p->original_price = 15000; /* below the regular price: the regular one */
	lk_price_at(p, &s, 1, START, &v);
	assert_int_equal(v.was, 19900);
	assert_int_equal(v.discount, 50);

	s->sale_price = 21900; /* a "sale" above the regular price */
	lk_price_at(p, &s, 1, START, &v);
	assert_ptr_equal(v.sale, s);
	assert_int_equal(v.price, 21900);
	assert_int_equal(v.was, 0);
	assert_int_equal(v.discount, 0);

	s->sale_price = 19900; /* at the regular price */
	lk_price_at(p, &s, 1, START, &v);
	assert_int_equal(v.price, 19900);
	assert_int_equal(v.was, 0);
	assert_int_equal(v.discount, 0);

	lk_sale_release(s);
	lk_product_release(p);
}

/* Only the product's own sales count; of two live ones the latest start
 * wins, as in the timer's pick. */
static void test_which_sale(void **state)
{
	(void)state;
	struct lk_product *p = make_product("p1", 19900, 0);
	struct lk_sale *sales[3] = {make_sale("other", "p2", 100), make_sale("early", "p1", 1500),
				    make_sale("late", "p1", 1200)};
	struct lk_price_view v;

	sales[1]->start_ms = START - 60000;
	sales[2]->start_ms = START + 60000;
	lk_price_at(p, sales, 1, START, &v); /* p2's sale is live, p1 has none */
	assert_regular(&v);

	lk_price_at(p, sales, 3, START, &v);
	assert_ptr_equal(v.sale, sales[1]);
	assert_int_equal(v.price, 1500);
	lk_price_at(p, sales, 3, START + 60000, &v);
	assert_ptr_equal(v.sale, sales[2]);
	assert_int_equal(v.price, 1200);
	assert_ptr_equal(lk_countdown_pick(sales, 3, "p1", START + 60000, LK_SALE_END_HOLD_MS), v.sale);

	assert_null(lk_price_live_sale(sales, 3, NULL, START));
	assert_null(lk_price_live_sale(sales, 3, "", START));
	assert_null(lk_price_live_sale(NULL, 3, "p1", START));
	assert_ptr_equal(lk_price_live_sale(sales, 3, "p2", START), sales[0]);

	for (int i = 0; i < 3; i++)
		lk_sale_release(sales[i]);
	lk_product_release(p);
}

/* The timer's view of a sale, whatever its state; a product missing from
 * the catalog still gets the sale's price and stock. */
static void test_with_sale(void **state)
{
	(void)state;
	struct lk_product *p = make_product("p1", 19900, 0);
	struct lk_sale *s = make_sale("s1", "p1", 1234);
	struct lk_price_view v;

	lk_price_with_sale(p, s, &v); /* scheduled, but the timer shows the offer */
	assert_ptr_equal(v.sale, s);
	assert_int_equal(v.price, 1234);
	assert_int_equal(v.was, 19900);
	assert_int_equal(v.discount, 94);

	s->stock_limit = 30;
	s->stock_left = 30;
	lk_price_with_sale(NULL, s, &v);
	assert_int_equal(v.price, 1234);
	assert_int_equal(v.was, 0);
	assert_int_equal(v.discount, 0);
	assert_int_equal(v.stock, 30);
	assert_int_equal(v.stock_total, 30);

	s->stock_limit = LK_SALE_NO_LIMIT;
	lk_price_with_sale(NULL, s, &v);
	assert_int_equal(v.stock, LK_STOCK_UNKNOWN);
	assert_int_equal(v.stock_total, 0);

	lk_price_with_sale(p, NULL, &v);
	assert_regular(&v);

	lk_sale_release(s);
	lk_product_release(p);
}

/* When to look again: the next start, pre-roll or end among the sales,
 * a future stop or sell-out; never for finished sales. */
static void test_next_change(void **state)
{
	(void)state;
	struct lk_sale *sales[2] = {make_sale("a", "p1", 1234), make_sale("b", "p2", 990)};
	struct lk_product *p = make_product("p1", 19900, 0);
	struct lk_price_view v;

	sales[1]->preroll_ms = 0;
	sales[1]->start_ms = START + 1000;
	sales[1]->end_ms = START + 2000;
	assert_int_equal(lk_price_next_change(sales, 2, P0), START - 5000); /* a's pre-roll */
	assert_int_equal(lk_price_next_change(sales, 2, START - 5000), START);
	assert_int_equal(lk_price_next_change(sales, 2, START), START + 1000);        /* b goes live */
	assert_int_equal(lk_price_next_change(sales, 2, START + 1000), START + 2000); /* b ends */
	assert_int_equal(lk_price_next_change(sales, 2, START + 2000), END);
	/* between two changes the price stays what it was at the first */
	for (int64_t t = START; t < START + 1000; t += 250) {
		lk_price_at(p, sales, 2, t, &v);
		assert_int_equal(v.price, 1234);
	}
	sales[0]->stopped = true;
	sales[0]->stop_ms = START + 1500;
	assert_int_equal(lk_price_next_change(sales, 2, START + 1000), START + 1500);
	assert_int_equal(lk_price_next_change(sales, 2, START + 2000), INT64_MAX); /* both finished */
	assert_int_equal(lk_price_next_change(sales, 0, P0), INT64_MAX);
	assert_int_equal(lk_price_next_change(NULL, 2, P0), INT64_MAX);

	lk_sale_release(sales[0]);
	lk_sale_release(sales[1]);
	lk_product_release(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_sale),
		cmocka_unit_test(test_states_in_time),
		cmocka_unit_test(test_sold_out_and_stopped),
		cmocka_unit_test(test_struck_and_badge),
		cmocka_unit_test(test_which_sale),
		cmocka_unit_test(test_with_sale),
		cmocka_unit_test(test_next_change),
	};
	return cmocka_run_group_tests_name("price", tests, NULL, NULL);
}
