/*
 * Linkon — unit tests for the platform clock estimator (lk-clock.c): the
 * midpoint offset, lowest-RTT choice, rejected and held-back samples,
 * slewing vs stepping, and the local time a platform moment maps to.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/lk-clock.h"

#define PLATFORM0 1767268800000LL /* a plausible platform epoch ms */

/* A sample from a platform whose clock is local + offset, stamped at the
 * midpoint of a round trip of rtt ms that ends at local recv. */
static enum lk_clock_result feed(struct lk_clock *c, int64_t offset, int64_t recv, int64_t rtt)
{
	struct lk_clock_sample s = {.send_ms = recv - rtt, .recv_ms = recv};
	s.server_ms = s.send_ms + rtt / 2 + offset;
	return lk_clock_add(c, &s);
}

static void test_first_sample_steps(void **state)
{
	(void)state;
	struct lk_clock c;
	lk_clock_init(&c);

	assert_false(c.map.known);
	assert_int_equal(lk_clock_map_platform(&c.map, 1234), 1234);
	assert_int_equal(lk_clock_map_local(&c.map, 1234), 1234);
	assert_int_equal(lk_clock_map_platform(NULL, 77), 77);

	/* sent at 10 000, answered at 10 300, server stamped 1 767 268 820 150:
	 * offset = server - midpoint (10 150) */
	struct lk_clock_sample s = {PLATFORM0 + 20150, 10000, 10300};
	assert_int_equal(lk_clock_add(&c, &s), LK_CLOCK_STEPPED);
	assert_true(c.map.known);
	assert_int_equal(c.map.to_ms, PLATFORM0 + 10000);
	assert_int_equal(lk_clock_map_offset(&c.map, 50000), PLATFORM0 + 10000);
	assert_int_equal(lk_clock_map_platform(&c.map, 50000), PLATFORM0 + 60000);
	assert_int_equal(lk_clock_map_local(&c.map, PLATFORM0 + 60000), 50000);
}

static void test_rejects_bad_round_trips(void **state)
{
	(void)state;
	struct lk_clock c;
	lk_clock_init(&c);

	struct lk_clock_sample backwards = {PLATFORM0, 5000, 4999};
	assert_int_equal(lk_clock_add(&c, &backwards), LK_CLOCK_REJECTED);
	assert_int_equal(feed(&c, 7000, 20000, LK_CLOCK_MAX_RTT_MS + 1), LK_CLOCK_REJECTED);
	assert_false(c.map.known);

	assert_int_equal(feed(&c, 7000, 20000, LK_CLOCK_MAX_RTT_MS), LK_CLOCK_STEPPED);
	assert_int_equal(c.map.to_ms, 7000);
}

static void test_prefers_lowest_rtt(void **state)
{
	(void)state;
	struct lk_clock c;
	lk_clock_init(&c);

	/* a slow round trip where the server answered early: its midpoint is
	 * 300 ms off the truth (offset 5000) */
	struct lk_clock_sample slow = {.server_ms = 1000 + 100 + 5000, .send_ms = 1000, .recv_ms = 1800};
	assert_int_equal(lk_clock_add(&c, &slow), LK_CLOCK_STEPPED);
	assert_int_equal(c.map.to_ms, 4700);

	/* a fast one tells the truth: the estimate follows it */
	assert_int_equal(feed(&c, 5000, 3000, 20), LK_CLOCK_SLEWED);
	assert_int_equal(c.map.to_ms, 5000);

	/* slower samples that disagree a little do not move it */
	struct lk_clock_sample later = {.server_ms = 5000 + 100 + 5000, .send_ms = 5000, .recv_ms = 5400};
	assert_int_equal(lk_clock_add(&c, &later), LK_CLOCK_KEPT);
	assert_int_equal(c.map.to_ms, 5000);

	/* an even faster one moves it by its own small difference */
	assert_int_equal(feed(&c, 5004, 7000, 4), LK_CLOCK_SLEWED);
	assert_int_equal(c.map.to_ms, 5004);
}

static void test_window_forgets_oldest(void **state)
{
	(void)state;
	struct lk_clock c;
	lk_clock_init(&c);

	assert_int_equal(feed(&c, 1000, 1000, 2), LK_CLOCK_STEPPED);
	/* LK_CLOCK_WINDOW - 1 slower samples saying 1100: the fast one stays best */
	for (int i = 1; i < LK_CLOCK_WINDOW; i++) {
		assert_int_equal(feed(&c, 1100, 1000 + i * 1000, 50), LK_CLOCK_KEPT);
		assert_int_equal(c.map.to_ms, 1000);
	}
	/* one more pushes the fast sample out of the window */
	assert_int_equal(feed(&c, 1100, 1000 + LK_CLOCK_WINDOW * 1000, 50), LK_CLOCK_SLEWED);
	assert_int_equal(c.map.to_ms, 1100);
}

static void test_window_forgets_old_samples(void **state)
{
	(void)state;
	struct lk_clock c;
	lk_clock_init(&c);

	assert_int_equal(feed(&c, 1000, 1000, 2), LK_CLOCK_STEPPED);
	/* ten minutes later the fast sample is too old to be trusted over a new slower one */
	assert_int_equal(feed(&c, 1500, 1000 + LK_CLOCK_MAX_AGE_MS + 1, 40), LK_CLOCK_SLEWED);
	assert_int_equal(c.map.to_ms, 1500);
	assert_int_equal(c.num, 1);
}

static void test_slew_small_correction(void **state)
{
	(void)state;
	struct lk_clock c;
	lk_clock_init(&c);

	assert_int_equal(feed(&c, 5000, 10000, 10), LK_CLOCK_STEPPED);
	/* the platform turns out to be 400 ms further ahead */
	assert_int_equal(feed(&c, 5400, 20000, 4), LK_CLOCK_SLEWED);
	assert_int_equal(c.map.from_ms, 5000);
	assert_int_equal(c.map.to_ms, 5400);
	assert_int_equal(c.map.slew_start_ms, 20000);

	/* 50 ms per second, no jump */
	assert_int_equal(lk_clock_map_offset(&c.map, 20000), 5000);
	assert_int_equal(lk_clock_map_offset(&c.map, 21000), 5050);
	assert_int_equal(lk_clock_map_offset(&c.map, 24000), 5200);
	assert_int_equal(lk_clock_map_offset(&c.map, 28000), 5400);
	assert_int_equal(lk_clock_map_offset(&c.map, 1000000), 5400);

	/* platform time runs forward at most 1.05x, never jumps */
	int64_t prev = lk_clock_map_platform(&c.map, 19990);
	for (int64_t t = 19991; t < 29000; t++) {
		int64_t now = lk_clock_map_platform(&c.map, t);
		assert_true(now - prev >= 1 && now - prev <= 2);
		prev = now;
	}
}

static void test_slew_backwards_never_reverses(void **state)
{
	(void)state;
	struct lk_clock c;
	lk_clock_init(&c);

	assert_int_equal(feed(&c, 5000, 10000, 10), LK_CLOCK_STEPPED);
	assert_int_equal(feed(&c, 3500, 20000, 4), LK_CLOCK_SLEWED); /* 1.5 s behind: slew, not step */
	assert_int_equal(lk_clock_map_offset(&c.map, 30000), 4500);
	assert_int_equal(lk_clock_map_offset(&c.map, 50000), 3500);

	int64_t prev = lk_clock_map_platform(&c.map, 19990);
	for (int64_t t = 19991; t < 51000; t++) {
		int64_t now = lk_clock_map_platform(&c.map, t);
		assert_true(now - prev >= 0 && now - prev <= 1);
		prev = now;
	}
}

/* A new estimate while a slew is under way starts from where the slew is. */
static void test_slew_restarts_from_current(void **state)
{
	(void)state;
	struct lk_clock c;
	lk_clock_init(&c);

	assert_int_equal(feed(&c, 0, 0, 20), LK_CLOCK_STEPPED);
	assert_int_equal(feed(&c, 1000, 10000, 10), LK_CLOCK_SLEWED);
	assert_int_equal(lk_clock_map_offset(&c.map, 14000), 200);
	assert_int_equal(feed(&c, 600, 14000, 2), LK_CLOCK_SLEWED);
	assert_int_equal(c.map.from_ms, 200);
	assert_int_equal(c.map.to_ms, 600);
	assert_int_equal(lk_clock_map_offset(&c.map, 14000), 200);
	assert_int_equal(lk_clock_map_offset(&c.map, 16000), 300);
}

static void test_outlier_held_then_step(void **state)
{
	(void)state;
	struct lk_clock c;
	lk_clock_init(&c);

	assert_int_equal(feed(&c, 5000, 10000, 10), LK_CLOCK_STEPPED);
	struct lk_clock_map before = c.map;

	/* one sample an hour off: held back, mapping untouched */
	assert_int_equal(feed(&c, 5000 + 3600000, 11000, 10), LK_CLOCK_HELD);
	assert_true(lk_clock_map_equal(&c.map, &before));
	/* an ordinary sample drops it */
	assert_int_equal(feed(&c, 5000, 12000, 10), LK_CLOCK_KEPT);
	assert_int_equal(c.num_held, 0);
	/* outliers that disagree with each other never confirm */
	assert_int_equal(feed(&c, 5000 + 3600000, 13000, 10), LK_CLOCK_HELD);
	assert_int_equal(feed(&c, 5000 - 3600000, 14000, 10), LK_CLOCK_HELD);
	assert_int_equal(feed(&c, 5000 + 3600000, 15000, 10), LK_CLOCK_HELD);
	assert_true(lk_clock_map_equal(&c.map, &before));

	/* the platform clock really moved by 5 s: three agreeing samples step */
	assert_int_equal(feed(&c, 10000, 16000, 10), LK_CLOCK_HELD);
	assert_int_equal(feed(&c, 10010, 17000, 12), LK_CLOCK_HELD);
	assert_int_equal(feed(&c, 10005, 18000, 8), LK_CLOCK_STEPPED);
	assert_int_equal(c.map.from_ms, 10005);
	assert_int_equal(c.map.to_ms, 10005);
	assert_int_equal(lk_clock_map_offset(&c.map, 18000), 10005);
}

/* Just past the step threshold is an outlier; just inside it slews. */
static void test_step_threshold(void **state)
{
	(void)state;
	struct lk_clock c;
	lk_clock_init(&c);

	assert_int_equal(feed(&c, 0, 1000, 0), LK_CLOCK_STEPPED);
	assert_int_equal(feed(&c, LK_CLOCK_STEP_MS + 1, 2000, 0), LK_CLOCK_HELD);
	assert_int_equal(feed(&c, LK_CLOCK_STEP_MS, 3000, 0), LK_CLOCK_SLEWED);
	assert_int_equal(lk_clock_map_offset(&c.map, 3000), 0);
	assert_int_equal(lk_clock_map_offset(&c.map, 3000 + 20 * LK_CLOCK_STEP_MS), LK_CLOCK_STEP_MS);

	/* a fast sample disagreeing by 3 s with a slow (±4 s) estimate is no
	 * outlier, but the 3 s correction steps */
	lk_clock_init(&c);
	assert_int_equal(feed(&c, 0, 10000, 8000), LK_CLOCK_STEPPED);
	assert_int_equal(feed(&c, 3000, 11000, 20), LK_CLOCK_STEPPED);
	assert_int_equal(lk_clock_map_offset(&c.map, 11000), 3000);
}

static void test_map_local_inverse(void **state)
{
	(void)state;
	struct lk_clock_map m = {.known = true, .from_ms = PLATFORM0, .to_ms = PLATFORM0 + 700, .slew_start_ms = 5000};

	for (int64_t p = PLATFORM0 + 4000; p < PLATFORM0 + 30000; p += 7) {
		int64_t l = lk_clock_map_local(&m, p);
		assert_true(lk_clock_map_platform(&m, l) >= p);
		assert_true(lk_clock_map_platform(&m, l - 1) < p);
	}
	struct lk_clock_map back = {.known = true, .from_ms = -300, .to_ms = -1900, .slew_start_ms = 100};
	for (int64_t p = -2000; p < 40000; p += 13) {
		int64_t l = lk_clock_map_local(&back, p);
		assert_true(lk_clock_map_platform(&back, l) >= p);
		assert_true(lk_clock_map_platform(&back, l - 1) < p);
	}
}

static void test_map_equal(void **state)
{
	(void)state;
	struct lk_clock_map a = {.known = true, .from_ms = 5, .to_ms = 5, .slew_start_ms = 1};
	struct lk_clock_map b = {.known = true, .from_ms = 5, .to_ms = 5, .slew_start_ms = 99};
	struct lk_clock_map u1 = {.from_ms = 1}, u2 = {.from_ms = 2};

	assert_true(lk_clock_map_equal(&a, &b)); /* no slew: start does not matter */
	a.to_ms = b.to_ms = 9;
	assert_false(lk_clock_map_equal(&a, &b));
	b.slew_start_ms = 1;
	assert_true(lk_clock_map_equal(&a, &b));
	assert_true(lk_clock_map_equal(&u1, &u2));
	assert_false(lk_clock_map_equal(&a, &u1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_sample_steps),
		cmocka_unit_test(test_rejects_bad_round_trips),
		cmocka_unit_test(test_prefers_lowest_rtt),
		cmocka_unit_test(test_window_forgets_oldest),
		cmocka_unit_test(test_window_forgets_old_samples),
		cmocka_unit_test(test_slew_small_correction),
		cmocka_unit_test(test_slew_backwards_never_reverses),
		cmocka_unit_test(test_slew_restarts_from_current),
		cmocka_unit_test(test_outlier_held_then_step),
		cmocka_unit_test(test_step_threshold),
		cmocka_unit_test(test_map_local_inverse),
		cmocka_unit_test(test_map_equal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
