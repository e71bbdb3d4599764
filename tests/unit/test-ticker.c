/*
 * Linkon — unit tests: the "just bought" ticker's queue (core/lk-ticker.c):
 * min/max time on screen, order of entries, bursts folded into one entry
 * with the right count, the last minute's count.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "lk-ticker.h"

static void push(struct lk_ticker *t, const char *id, const char *buyer, int64_t now)
{
	struct lk_ticker_item it = {0};
	it.order_id = (char *)id;
	it.buyer = (char *)buyer;
	it.title = (char *)"Organic Olive Oil";
	it.quantity = 2;
	lk_ticker_push(t, &it, now);
}

static void test_one_at_a_time(void **state)
{
	(void)state;
	struct lk_ticker_config cfg = {4000, 8000, 0};
	struct lk_ticker t;
	lk_ticker_init(&t, &cfg);
	assert_false(lk_ticker_tick(&t, 0));
	assert_int_equal(t.current.kind, LK_TICKER_NONE);

	push(&t, "o1", "M***a", 1000);
	push(&t, "o2", "J***n", 1100);
	assert_true(lk_ticker_tick(&t, 1100));
	assert_int_equal(t.current.kind, LK_TICKER_ORDER);
	assert_string_equal(t.current.order_id, "o1");
	assert_string_equal(t.current.buyer, "M***a");
	assert_int_equal(t.current.quantity, 2);
	/* o2 waits: o1 stays its minimum time, then o2 comes */
	assert_false(lk_ticker_tick(&t, 5099));
	assert_true(lk_ticker_tick(&t, 5100));
	assert_string_equal(t.current.order_id, "o2");
	/* nobody waits: o2 stays until its maximum time, then nothing */
	assert_false(lk_ticker_tick(&t, 13099));
	uint64_t seq = t.seq;
	assert_true(lk_ticker_tick(&t, 13100));
	assert_int_equal(t.current.kind, LK_TICKER_NONE);
	assert_int_equal(t.seq, seq + 1);
	assert_false(lk_ticker_tick(&t, 20000));
	lk_ticker_free(&t);
}

static void test_max_zero_stays(void **state)
{
	(void)state;
	struct lk_ticker_config cfg = {2000, 0, 0};
	struct lk_ticker t;
	lk_ticker_init(&t, &cfg);
	push(&t, "o1", NULL, 0);
	assert_true(lk_ticker_tick(&t, 0));
	assert_false(lk_ticker_tick(&t, 3600000));
	assert_string_equal(t.current.order_id, "o1");
	assert_null(t.current.buyer); /* anonymous stays anonymous */
	lk_ticker_free(&t);
}

static void test_burst_folds(void **state)
{
	(void)state;
	struct lk_ticker_config cfg = {4000, 8000, 3};
	struct lk_ticker t;
	lk_ticker_init(&t, &cfg);
	push(&t, "o0", "A***a", 0);
	assert_true(lk_ticker_tick(&t, 0));
	char id[16];
	for (int i = 1; i <= 13; i++) {
		snprintf(id, sizeof(id), "o%d", i);
		push(&t, id, "B***b", 100 * i);
	}
	assert_int_equal(lk_ticker_waiting(&t), 13);
	assert_int_equal(lk_ticker_recent(&t, 1300), 14);
	/* at o0's minimum time the 13 waiting fold into one burst led by the
	 * newest; "+N more": the others of the last minute (14 - 1) */
	assert_true(lk_ticker_tick(&t, 4000));
	assert_int_equal(t.current.kind, LK_TICKER_BURST);
	assert_string_equal(t.current.order_id, "o13");
	assert_int_equal(t.current.more, 13);
	assert_int_equal(lk_ticker_waiting(&t), 0);
	/* three waiting do not fold (fold_at 3: more than three fold) */
	push(&t, "p1", "C***c", 5000);
	push(&t, "p2", "C***c", 5000);
	push(&t, "p3", "C***c", 5000);
	assert_true(lk_ticker_tick(&t, 8000));
	assert_int_equal(t.current.kind, LK_TICKER_ORDER);
	assert_string_equal(t.current.order_id, "p1");
	/* a minute later the old orders no longer count */
	assert_int_equal(lk_ticker_recent(&t, 65001), 0);
	lk_ticker_free(&t);
}

static void test_clear_and_config(void **state)
{
	(void)state;
	struct lk_ticker_config cfg = {5000, 1000, 0}; /* max below min: raised to min */
	struct lk_ticker t;
	lk_ticker_init(&t, &cfg);
	assert_int_equal(t.cfg.max_ms, 5000);
	push(&t, "o1", "X***", 0);
	push(&t, "o2", "X***", 0);
	assert_true(lk_ticker_tick(&t, 0));
	uint64_t seq = t.seq;
	lk_ticker_clear(&t);
	assert_int_equal(t.seq, seq + 1);
	assert_int_equal(t.current.kind, LK_TICKER_NONE);
	assert_int_equal(lk_ticker_waiting(&t), 0);
	assert_false(lk_ticker_tick(&t, 100000));
	lk_ticker_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_at_a_time),
		cmocka_unit_test(test_max_zero_stays),
		cmocka_unit_test(test_burst_folds),
		cmocka_unit_test(test_clear_and_config),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
