/*
 * Linkon — unit tests for the flash-sale timer's pure view logic
 * (core/lk-countdown.c): countdown text, phases, bar, warning, picking a
 * product's sale.
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

#define P0 1767268800000LL /* platform ms */

static const char *fmt(int64_t remaining_ms, int64_t span_ms)
{
	static char buf[LK_COUNTDOWN_TEXT_MAX];
	return lk_countdown_format(buf, sizeof(buf), remaining_ms, span_ms);
}

static void test_format(void **state)
{
	(void)state;
	/* short countdowns (a pre-roll): one minute digit */
	assert_string_equal(fmt(5000, 5000), "0:05");
	assert_string_equal(fmt(4001, 5000), "0:05"); /* rounded up */
	assert_string_equal(fmt(4000, 5000), "0:04");
	assert_string_equal(fmt(1, 5000), "0:01");
	assert_string_equal(fmt(0, 5000), "0:00");
	assert_string_equal(fmt(-2500, 5000), "0:00");
	/* a minute or more: two minute digits */
	assert_string_equal(fmt(300000, 300000), "05:00");
	assert_string_equal(fmt(299999, 300000), "05:00");
	assert_string_equal(fmt(299000, 300000), "04:59");
	assert_string_equal(fmt(9000, 300000), "00:09");
	assert_string_equal(fmt(59000, 60000), "00:59");
	/* from one hour up: hours */
	assert_string_equal(fmt(3600000, 7200000), "1:00:00");
	assert_string_equal(fmt(3599001, 7200000), "1:00:00");
	assert_string_equal(fmt(3599000, 7200000), "59:59");
	assert_string_equal(fmt(7322000, 7200000), "2:02:02");
	assert_string_equal(fmt(24 * 3600000LL, 24 * 3600000LL), "24:00:00");
}

static void test_format_fixed_width(void **state)
{
	(void)state;
	/* during one countdown the text keeps its length (no layout jumps)
	 * until the hour boundary */
	size_t len = strlen(fmt(600000, 600000));
	for (int64_t ms = 600000; ms > 0; ms -= 1000)
		assert_int_equal(strlen(fmt(ms, 600000)), len);
	len = strlen(fmt(9000, 9000));
	for (int64_t ms = 9000; ms > 0; ms -= 250)
		assert_int_equal(strlen(fmt(ms, 9000)), len);
}

static void test_format_small_buffer(void **state)
{
	(void)state;
	char buf[4] = "xyz";
	assert_string_equal(lk_countdown_format(buf, sizeof(buf), 5000, 5000), ""); /* "0:05" needs 5 */
	char ok[5];
	assert_string_equal(lk_countdown_format(ok, sizeof(ok), 5000, 5000), "0:05");
	assert_string_equal(lk_countdown_format(NULL, 0, 5000, 5000), "");
}

/* preroll 5 s before P0 + 100 s, live for 5 min */
static struct lk_sale *make_sale(const char *id, const char *product, int64_t start)
{
	struct lk_sale *s = lk_sale_new(id, product);
	s->sale_price = 990;
	s->preroll_ms = 5000;
	s->start_ms = start;
	s->end_ms = start + 300000;
	return s;
}

static const struct lk_countdown_config cfg = {.warn_ms = 10000, .end_text_ms = 4000, .big_ms = 3000};

static void test_phases(void **state)
{
	(void)state;
	long allocs = bnum_allocs();
	struct lk_sale *s = make_sale("s1", "p1", P0 + 100000);
	struct lk_countdown cd;

	lk_countdown_compute(NULL, P0, &cfg, &cd);
	assert_int_equal(cd.phase, LK_COUNTDOWN_NONE);
	assert_string_equal(cd.text, "");

	lk_countdown_compute(s, P0, &cfg, &cd); /* scheduled, 100 s ahead */
	assert_int_equal(cd.phase, LK_COUNTDOWN_WAITING);
	assert_int_equal(cd.state, LK_SALE_SCHEDULED);
	assert_string_equal(cd.text, "01:40");
	assert_true(cd.progress == 1.0f);

	lk_countdown_compute(s, P0 + 95000, &cfg, &cd); /* pre-roll begins */
	assert_int_equal(cd.phase, LK_COUNTDOWN_WAITING);
	assert_int_equal(cd.state, LK_SALE_PREROLL);
	assert_string_equal(cd.text, "0:05");
	assert_int_equal(cd.remaining_ms, 5000);
	assert_true(cd.progress == 1.0f);

	lk_countdown_compute(s, P0 + 96500, &cfg, &cd);
	assert_string_equal(cd.text, "0:04");
	assert_true(cd.progress > 0.69f && cd.progress < 0.71f);

	lk_countdown_compute(s, P0 + 200000, &cfg, &cd); /* live, 200 s left */
	assert_int_equal(cd.phase, LK_COUNTDOWN_LIVE);
	assert_string_equal(cd.text, "03:20");
	assert_false(cd.warn);
	assert_true(cd.progress > 0.66f && cd.progress < 0.67f);

	lk_countdown_compute(s, P0 + 390000, &cfg, &cd); /* 10 s left: warning */
	assert_string_equal(cd.text, "00:10");
	assert_true(cd.warn);

	lk_countdown_compute(s, P0 + 401000, &cfg, &cd); /* ended 1 s ago */
	assert_int_equal(cd.phase, LK_COUNTDOWN_END);
	assert_int_equal(cd.state, LK_SALE_ENDED);
	assert_int_equal(cd.since_ms, P0 + 400000);
	assert_string_equal(cd.text, "");
	assert_true(cd.progress == 0.0f);

	lk_countdown_compute(s, P0 + 403999, &cfg, &cd);
	assert_int_equal(cd.phase, LK_COUNTDOWN_END);
	lk_countdown_compute(s, P0 + 404000, &cfg, &cd); /* end text time over */
	assert_int_equal(cd.phase, LK_COUNTDOWN_DONE);

	lk_sale_release(s);
	assert_int_equal(bnum_allocs(), allocs);
}

static void test_big_digits(void **state)
{
	(void)state;
	struct lk_sale *s = make_sale("s1", "p1", P0 + 100000);
	struct lk_countdown cd;

	lk_countdown_compute(s, P0 + 96999, &cfg, &cd); /* 3.001 s left: still the clock */
	assert_int_equal(cd.phase, LK_COUNTDOWN_WAITING);
	assert_string_equal(cd.text, "0:04");

	const int64_t at[] = {97000, 97500, 98000, 98999, 99999};
	const int digit[] = {3, 3, 2, 2, 1};
	for (size_t i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
		lk_countdown_compute(s, P0 + at[i], &cfg, &cd);
		assert_int_equal(cd.phase, LK_COUNTDOWN_BIG);
		assert_int_equal(cd.big, digit[i]);
		char want[4];
		snprintf(want, sizeof(want), "%d", digit[i]);
		assert_string_equal(cd.text, want);
	}
	lk_countdown_compute(s, P0 + 97000, &cfg, &cd);
	assert_true(cd.big_t == 0.0f); /* a digit's second begins */
	lk_countdown_compute(s, P0 + 97500, &cfg, &cd);
	assert_true(cd.big_t > 0.49f && cd.big_t < 0.51f);

	lk_countdown_compute(s, P0 + 100000, &cfg, &cd); /* live */
	assert_int_equal(cd.phase, LK_COUNTDOWN_LIVE);
	assert_string_equal(cd.text, "05:00");

	/* big digits off */
	struct lk_countdown_config no_big = cfg;
	no_big.big_ms = 0;
	lk_countdown_compute(s, P0 + 98000, &no_big, &cd);
	assert_int_equal(cd.phase, LK_COUNTDOWN_WAITING);
	assert_string_equal(cd.text, "0:02");
	lk_sale_release(s);
}

static void test_end_kinds(void **state)
{
	(void)state;
	struct lk_sale *s = make_sale("s1", "p1", P0);
	struct lk_countdown cd;
	struct lk_countdown_config zero = cfg;
	zero.end_text_ms = 0;
	zero.warn_ms = 0;

	s->stock_limit = 10;
	s->stock_left = 0;
	s->sold_out = true;
	s->sold_out_ms = P0 + 20000;
	lk_countdown_compute(s, P0 + 21000, &cfg, &cd);
	assert_int_equal(cd.phase, LK_COUNTDOWN_END);
	assert_int_equal(cd.state, LK_SALE_SOLD_OUT);
	assert_int_equal(cd.since_ms, P0 + 20000);
	lk_countdown_compute(s, P0 + 21000, &zero, &cd); /* no end text at all */
	assert_int_equal(cd.phase, LK_COUNTDOWN_DONE);

	s->sold_out = false;
	s->stopped = true;
	s->stop_ms = P0 + 30000;
	lk_countdown_compute(s, P0 + 30000, &cfg, &cd);
	assert_int_equal(cd.state, LK_SALE_STOPPED);
	assert_int_equal(cd.phase, LK_COUNTDOWN_END);

	/* warning off: never warns, even at the last second */
	s->stopped = false;
	lk_countdown_compute(s, P0 + 299500, &zero, &cd);
	assert_int_equal(cd.phase, LK_COUNTDOWN_LIVE);
	assert_string_equal(cd.text, "00:01");
	assert_false(cd.warn);
	lk_sale_release(s);
}

static void test_pick(void **state)
{
	(void)state;
	const int64_t hold = 800000; /* finished ones count for 800 s */
	struct lk_sale *sales[5] = {
		make_sale("old", "p1", P0 - 1000000),   /* ended at P0 - 700 s */
		make_sale("older", "p1", P0 - 2000000), /* ended at P0 - 1700 s */
		make_sale("next", "p1", P0 + 600000),   /* scheduled */
		make_sale("later", "p1", P0 + 900000),  /* scheduled, later */
		make_sale("other", "p2", P0 - 1000),    /* live, another product */
	};
	size_t n = 5;

	assert_null(lk_countdown_pick(sales, n, NULL, P0, hold));
	assert_null(lk_countdown_pick(sales, n, "", P0, hold));
	assert_null(lk_countdown_pick(sales, n, "p3", P0, hold));
	assert_ptr_equal(lk_countdown_pick(sales, n, "p2", P0, hold), sales[4]);
	/* nothing live or in pre-roll: the one that finished last beats the next
	 * scheduled one while within the hold … */
	assert_ptr_equal(lk_countdown_pick(sales, n, "p1", P0, hold), sales[0]);
	/* … and not after it */
	assert_ptr_equal(lk_countdown_pick(sales, n, "p1", P0, 700000), sales[2]);
	assert_ptr_equal(lk_countdown_pick(sales, n, "p1", P0 + 100001, hold), sales[2]);
	/* with nothing scheduled, the one that finished last, however long ago */
	assert_ptr_equal(lk_countdown_pick(sales, 2, "p1", P0, 0), sales[0]);
	/* pre-roll of "next" beats a finished one */
	assert_ptr_equal(lk_countdown_pick(sales, n, "p1", P0 + 596000, INT64_MAX), sales[2]);
	/* live ("next") beats pre-roll ("later", moved to start at + 604 s) */
	sales[3]->start_ms = P0 + 604000;
	sales[3]->end_ms = P0 + 700000;
	assert_ptr_equal(lk_countdown_pick(sales, n, "p1", P0 + 601000, hold), sales[2]);
	/* two live: the one that started last */
	assert_ptr_equal(lk_countdown_pick(sales, n, "p1", P0 + 605000, hold), sales[3]);
	/* only scheduled ones: the soonest */
	assert_ptr_equal(lk_countdown_pick(sales + 2, 2, "p1", P0, hold), sales[2]);

	for (size_t i = 0; i < n; i++)
		lk_sale_release(sales[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_fixed_width),
		cmocka_unit_test(test_format_small_buffer),
		cmocka_unit_test(test_phases),
		cmocka_unit_test(test_big_digits),
		cmocka_unit_test(test_end_kinds),
		cmocka_unit_test(test_pick),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
