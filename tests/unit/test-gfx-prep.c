/*
 * Linkon — unit tests for the render-target thread (sources/lk-gfx-prep.c)
 * without a graphics device: requests before start and after stop, a
 * request that cannot be made (no graphics: it answers "will not come"),
 * requests given up before and after the thread got to them, many at once
 * while the thread stops, and a restart. That a target is really made (in
 * the graphics context, between frames) is tested in headless libobs by
 * obs-text-render (the card's font churn).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <util/platform.h>

#include "sources/lk-gfx-prep.h"

/* Polls take until it answers something other than "not yet"; 0 if it
 * still says "not yet" after timeout_ms. */
static int take_within(struct lk_gfx_target **t, gs_texrender_t **tr, int timeout_ms)
{
	for (int waited = 0; waited < timeout_ms; waited += 5) {
		int got = lk_gfx_target_take(t, tr);
		if (got != 0)
			return got;
		os_sleep_ms(5);
	}
	return 0;
}

static void test_not_running(void **state)
{
	(void)state;
	assert_null(lk_gfx_target_request(64, 64));
	struct lk_gfx_target *none = NULL;
	gs_texrender_t *tr = (gs_texrender_t *)1;
	assert_int_equal(lk_gfx_target_take(&none, &tr), -1);
	assert_null(tr);
	lk_gfx_target_drop(NULL);
	lk_gfx_prep_stop(); /* stopping what never ran: nothing */
}

static void test_no_graphics_answers_will_not_come(void **state)
{
	(void)state;
	assert_true(lk_gfx_prep_start());
	assert_true(lk_gfx_prep_start()); /* a second start: the same thread */
	assert_null(lk_gfx_target_request(0, 64));
	struct lk_gfx_target *t = lk_gfx_target_request(320, 200);
	assert_non_null(t);
	gs_texrender_t *tr = NULL;
	assert_int_equal(take_within(&t, &tr, 10000), -1);
	assert_null(t);
	assert_null(tr);
	lk_gfx_prep_stop();
}

static void test_dropped_requests(void **state)
{
	(void)state;
	assert_true(lk_gfx_prep_start());
	/* given up at once (the thread may or may not have got to them), and
	 * given up after the answer: each is freed once (ASan, LSan) */
	for (int i = 0; i < 50; i++)
		lk_gfx_target_drop(lk_gfx_target_request(16 + (uint32_t)i, 16));
	struct lk_gfx_target *t = lk_gfx_target_request(32, 32);
	assert_non_null(t);
	os_sleep_ms(50); /* the thread has answered it by now, or is about to */
	lk_gfx_target_drop(t);
	lk_gfx_prep_stop();
}

static void test_stop_with_requests_queued(void **state)
{
	(void)state;
	assert_true(lk_gfx_prep_start());
	struct lk_gfx_target *many[200];
	for (int i = 0; i < 200; i++) {
		many[i] = lk_gfx_target_request(8, 8 + (uint32_t)i);
		assert_non_null(many[i]);
	}
	lk_gfx_prep_stop();
	assert_null(lk_gfx_target_request(8, 8)); /* stopped: nothing is asked any more */
	/* every request got its answer (made: impossible here; or will not
	 * come) and none is left waiting */
	for (int i = 0; i < 200; i++) {
		gs_texrender_t *tr = NULL;
		assert_int_equal(lk_gfx_target_take(&many[i], &tr), -1);
		assert_null(many[i]);
		assert_null(tr);
	}
	/* a restart serves requests again */
	assert_true(lk_gfx_prep_start());
	struct lk_gfx_target *t = lk_gfx_target_request(8, 8);
	assert_non_null(t);
	gs_texrender_t *tr = NULL;
	assert_int_equal(take_within(&t, &tr, 10000), -1);
	lk_gfx_prep_stop();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_not_running),
		cmocka_unit_test(test_no_graphics_answers_will_not_come),
		cmocka_unit_test(test_dropped_requests),
		cmocka_unit_test(test_stop_with_requests_queued),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
