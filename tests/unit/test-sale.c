/*
 * Linkon — unit tests for the flash sale model and its pure state function
 * (lk-sale.c). The store's handling of sales over time is in
 * test-store-sales.c.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <util/bmem.h>

#include "core/lk-sale.h"

#define P0 1767268800000LL /* platform ms */

/* preroll 5 s before P0 + 100 s, live for 60 s */
static struct lk_sale *make_sale(void)
{
	struct lk_sale *s = lk_sale_new("sale-1", "p1");
	s->sale_price = 990;
	s->preroll_ms = 5000;
	s->start_ms = P0 + 100000;
	s->end_ms = P0 + 160000;
	return s;
}

static void expect_state(const struct lk_sale *s, int64_t t, enum lk_sale_state state, int64_t since)
{
	int64_t got_since = 0;
	assert_int_equal(lk_sale_state_at(s, t, &got_since), state);
	assert_int_equal(got_since, since);
}

static void test_new_and_clone(void **state)
{
	(void)state;
	long start = bnum_allocs();
	struct lk_sale *s = lk_sale_new("sale-1", "p1");

	assert_string_equal(s->id, "sale-1");
	assert_string_equal(s->product_id, "p1");
	assert_int_equal(s->stock_limit, LK_SALE_NO_LIMIT);
	assert_int_equal(s->state, LK_SALE_SCHEDULED);
	assert_int_equal(s->refs, 1);

	s->stock_limit = 50;
	s->stock_left = 20;
	s->stopped = true;
	s->stop_ms = P0;
	s->state = LK_SALE_STOPPED;
	s->state_seq = 4;
	struct lk_sale *c = lk_sale_clone(s);
	assert_ptr_not_equal(c, s);
	assert_ptr_not_equal(c->id, s->id);
	assert_string_equal(c->id, "sale-1");
	assert_int_equal(c->refs, 1);
	assert_true(lk_sale_inputs_equal(s, c));
	assert_int_equal(c->state, LK_SALE_STOPPED);
	assert_int_equal(c->state_seq, 4);

	/* the store's fields do not count, the platform's do */
	c->state = LK_SALE_LIVE;
	c->state_seq = 9;
	assert_true(lk_sale_inputs_equal(s, c));
	c->stock_left = 19;
	assert_false(lk_sale_inputs_equal(s, c));
	assert_false(lk_sale_inputs_equal(s, NULL));
	assert_true(lk_sale_inputs_equal(NULL, NULL));

	assert_ptr_equal(lk_sale_addref(s), s);
	assert_int_equal(s->refs, 2);
	lk_sale_release(s);
	lk_sale_release(s);
	lk_sale_release(c);
	lk_sale_release(NULL);
	assert_null(lk_sale_clone(NULL));
	assert_int_equal(bnum_allocs(), start);
}

static void test_preroll_live_ended(void **state)
{
	(void)state;
	struct lk_sale *s = make_sale();

	expect_state(s, P0, LK_SALE_SCHEDULED, INT64_MIN);
	expect_state(s, P0 + 94999, LK_SALE_SCHEDULED, INT64_MIN);
	expect_state(s, P0 + 95000, LK_SALE_PREROLL, P0 + 95000);
	expect_state(s, P0 + 99999, LK_SALE_PREROLL, P0 + 95000);
	expect_state(s, P0 + 100000, LK_SALE_LIVE, P0 + 100000);
	expect_state(s, P0 + 159999, LK_SALE_LIVE, P0 + 100000);
	/* time up exactly at the end, not before */
	expect_state(s, P0 + 160000, LK_SALE_ENDED, P0 + 160000);
	expect_state(s, P0 + 999999, LK_SALE_ENDED, P0 + 160000);
	assert_int_equal(lk_sale_state_at(s, P0, NULL), LK_SALE_SCHEDULED);

	/* no pre-roll: straight from scheduled to live */
	s->preroll_ms = 0;
	expect_state(s, P0 + 99999, LK_SALE_SCHEDULED, INT64_MIN);
	expect_state(s, P0 + 100000, LK_SALE_LIVE, P0 + 100000);
	lk_sale_release(s);
}

static void test_countdown(void **state)
{
	(void)state;
	struct lk_sale *s = make_sale();

	assert_int_equal(lk_sale_remaining_ms(s, P0 + 90000), 10000);
	assert_int_equal(lk_sale_remaining_ms(s, P0 + 97000), 3000); /* "3, 2, 1" */
	assert_int_equal(lk_sale_remaining_ms(s, P0 + 100000), 60000);
	assert_int_equal(lk_sale_remaining_ms(s, P0 + 159001), 999);
	assert_int_equal(lk_sale_remaining_ms(s, P0 + 160000), 0);

	assert_int_equal(lk_sale_next_change(s, P0), P0 + 95000);
	assert_int_equal(lk_sale_next_change(s, P0 + 95000), P0 + 100000);
	assert_int_equal(lk_sale_next_change(s, P0 + 100000), P0 + 160000);
	assert_int_equal(lk_sale_next_change(s, P0 + 160000), INT64_MAX);
	s->stopped = true;
	s->stop_ms = P0 + 120000;
	assert_int_equal(lk_sale_next_change(s, P0 + 100000), P0 + 120000);
	assert_int_equal(lk_sale_next_change(s, P0 + 120000), INT64_MAX);
	lk_sale_release(s);
}

static void test_sold_out_before_time(void **state)
{
	(void)state;
	struct lk_sale *s = make_sale();

	s->sold_out = true;
	s->sold_out_ms = P0 + 120000;
	expect_state(s, P0 + 119999, LK_SALE_LIVE, P0 + 100000);
	expect_state(s, P0 + 120000, LK_SALE_SOLD_OUT, P0 + 120000);
	expect_state(s, P0 + 170000, LK_SALE_SOLD_OUT, P0 + 120000); /* not "ended" */
	assert_int_equal(lk_sale_remaining_ms(s, P0 + 130000), 0);
	lk_sale_release(s);
}

static void test_stop(void **state)
{
	(void)state;
	struct lk_sale *s = make_sale();

	s->stopped = true;
	s->stop_ms = P0 + 130000;
	expect_state(s, P0 + 129999, LK_SALE_LIVE, P0 + 100000);
	expect_state(s, P0 + 130000, LK_SALE_STOPPED, P0 + 130000);
	expect_state(s, P0 + 200000, LK_SALE_STOPPED, P0 + 130000);

	/* stopped during the pre-roll: it never goes live */
	s->stop_ms = P0 + 97000;
	expect_state(s, P0 + 97000, LK_SALE_STOPPED, P0 + 97000);
	expect_state(s, P0 + 100000, LK_SALE_STOPPED, P0 + 97000);

	/* a stop after the end changes nothing: it had ended */
	s->stop_ms = P0 + 170000;
	expect_state(s, P0 + 180000, LK_SALE_ENDED, P0 + 160000);
	lk_sale_release(s);
}

static void test_earliest_end_wins(void **state)
{
	(void)state;
	struct lk_sale *s = make_sale();

	s->stopped = true;
	s->stop_ms = P0 + 110000;
	s->sold_out = true;
	s->sold_out_ms = P0 + 120000;
	expect_state(s, P0 + 130000, LK_SALE_STOPPED, P0 + 110000);

	/* ties: sold out, then ended, then stopped */
	s->stop_ms = s->sold_out_ms = P0 + 160000;
	expect_state(s, P0 + 160000, LK_SALE_SOLD_OUT, P0 + 160000);
	s->sold_out = false;
	expect_state(s, P0 + 160000, LK_SALE_ENDED, P0 + 160000);
	lk_sale_release(s);
}

static void test_from_params(void **state)
{
	(void)state;
	struct lk_sale_params p = {.product_id = "p7", .duration_ms = 60000, .preroll_ms = 5000};

	struct lk_sale *s = lk_sale_from_params("linkon-1", &p, 1990, P0);
	assert_string_equal(s->id, "linkon-1");
	assert_string_equal(s->product_id, "p7");
	assert_int_equal(s->sale_price, 1990); /* the product's price */
	assert_int_equal(s->stock_limit, LK_SALE_NO_LIMIT);
	assert_int_equal(s->start_ms, P0 + 5000);
	assert_int_equal(s->end_ms, P0 + 65000);
	assert_int_equal(s->state, LK_SALE_PREROLL);
	expect_state(s, P0, LK_SALE_PREROLL, P0);
	lk_sale_release(s);

	p.has_price = true;
	p.sale_price = 990;
	p.has_stock = true;
	p.stock = 25;
	p.preroll_ms = 0;
	s = lk_sale_from_params("linkon-2", &p, 1990, P0);
	assert_int_equal(s->sale_price, 990);
	assert_int_equal(s->stock_limit, 25);
	assert_int_equal(s->stock_left, 25);
	assert_int_equal(s->start_ms, P0);
	assert_int_equal(s->end_ms, P0 + 60000);
	assert_int_equal(s->state, LK_SALE_LIVE);
	expect_state(s, P0, LK_SALE_LIVE, P0);
	lk_sale_release(s);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(lk_sale_state_name(LK_SALE_SCHEDULED), "scheduled");
	assert_string_equal(lk_sale_state_name(LK_SALE_PREROLL), "preroll");
	assert_string_equal(lk_sale_state_name(LK_SALE_LIVE), "live");
	assert_string_equal(lk_sale_state_name(LK_SALE_ENDED), "ended");
	assert_string_equal(lk_sale_state_name(LK_SALE_SOLD_OUT), "sold_out");
	assert_string_equal(lk_sale_state_name(LK_SALE_STOPPED), "stopped");
	assert_string_equal(lk_sale_state_name((enum lk_sale_state)42), "unknown");

	assert_false(lk_sale_state_final(LK_SALE_SCHEDULED));
	assert_false(lk_sale_state_final(LK_SALE_PREROLL));
	assert_false(lk_sale_state_final(LK_SALE_LIVE));
	assert_true(lk_sale_state_final(LK_SALE_ENDED));
	assert_true(lk_sale_state_final(LK_SALE_SOLD_OUT));
	assert_true(lk_sale_state_final(LK_SALE_STOPPED));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_and_clone), cmocka_unit_test(test_preroll_live_ended),
		cmocka_unit_test(test_countdown),     cmocka_unit_test(test_sold_out_before_time),
		cmocka_unit_test(test_stop),          cmocka_unit_test(test_earliest_end_wins),
		cmocka_unit_test(test_from_params),   cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
