/*
 * Linkon — unit tests for the net worker's ticks (lk_net_add_tick,
 * lk_net_remove_tick). No network.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <curl/curl.h>
#include <pthread.h>

#include "lk-testsrv.h"
#include "net/lk-net.h"

#define WAIT_MS 20000

static pthread_t main_thread;

static int net_setup(void **state)
{
	*state = lk_net_create(NULL);
	return *state ? 0 : -1;
}

static int net_teardown(void **state)
{
	lk_net_destroy(*state);
	return 0;
}

/* ---- ticks -------------------------------------------------------------- */

struct tick_state {
	struct lk_net *net;
	uint64_t id;
	volatile int count;
	volatile bool in_tick;
	volatile bool on_main_thread;
	int64_t last_now;
	volatile bool went_back;
	int sleep_ms;
	int64_t delay;
};

static int64_t counting_tick(void *data, int64_t now_ms)
{
	struct tick_state *t = data;

	t->in_tick = true;
	if (now_ms < t->last_now)
		t->went_back = true;
	t->last_now = now_ms;
	if (pthread_equal(pthread_self(), main_thread))
		t->on_main_thread = true;
	if (t->sleep_ms)
		lk_test_sleep_ms(t->sleep_ms);
	__atomic_add_fetch(&t->count, 1, __ATOMIC_SEQ_CST);
	t->in_tick = false;
	return t->delay;
}

static void test_ticks_repeat(void **state)
{
	struct tick_state t = {.delay = 20};

	t.id = lk_net_add_tick(*state, counting_tick, &t);
	assert_true(t.id != 0);
	lk_test_sleep_ms(600);
	lk_net_remove_tick(*state, t.id);
	int after_remove = __atomic_load_n(&t.count, __ATOMIC_SEQ_CST);

	/* every ~20 ms for 600 ms: repeated, and the delay is honoured */
	if (after_remove < 5 || after_remove > 60)
		fail_msg("tick ran %d times in 600 ms with a 20 ms delay", after_remove);
	assert_false(t.on_main_thread);
	assert_false(t.went_back);
	lk_test_sleep_ms(150);
	assert_int_equal(__atomic_load_n(&t.count, __ATOMIC_SEQ_CST), after_remove);
}

static void test_remove_tick_waits(void **state)
{
	struct tick_state t = {.sleep_ms = 300, .delay = 1};

	t.id = lk_net_add_tick(*state, counting_tick, &t);
	int64_t end = lk_test_mono_ms() + WAIT_MS;
	while (!t.in_tick && lk_test_mono_ms() < end)
		lk_test_sleep_ms(1);
	assert_true(t.in_tick);

	lk_net_remove_tick(*state, t.id);
	assert_false(t.in_tick); /* the running call had returned */
	int count = t.count;
	lk_test_sleep_ms(400);
	assert_int_equal(t.count, count);
}

static int64_t self_removing_tick(void *data, int64_t now_ms)
{
	struct tick_state *t = data;

	__atomic_add_fetch(&t->count, 1, __ATOMIC_SEQ_CST);
	/* not allowed by the contract, but must not hang: until main has
	 * stored the id this removes nothing and the tick simply runs again */
	lk_net_remove_tick(t->net, __atomic_load_n(&t->id, __ATOMIC_SEQ_CST));
	return 1;
}

static void test_remove_tick_from_tick(void **state)
{
	struct tick_state t = {.net = *state};
	struct tick_state other = {.delay = 5};

	other.id = lk_net_add_tick(*state, counting_tick, &other);
	uint64_t id = lk_net_add_tick(*state, self_removing_tick, &t);
	__atomic_store_n(&t.id, id, __ATOMIC_SEQ_CST);
	lk_test_sleep_ms(300);
	int n = __atomic_load_n(&t.count, __ATOMIC_SEQ_CST);
	assert_true(n >= 1);
	lk_test_sleep_ms(200);
	assert_int_equal(__atomic_load_n(&t.count, __ATOMIC_SEQ_CST), n);
	/* the worker is alive: the other tick still runs */
	int before = other.count;
	lk_test_sleep_ms(100);
	assert_true(other.count > before);
	lk_net_remove_tick(*state, other.id);
	lk_net_remove_tick(*state, id);
}

/* Destroy with ticks still registered: they stop, nothing leaks. */
static void test_destroy_with_ticks(void **state)
{
	struct lk_net *net = lk_net_create(NULL);
	struct tick_state t = {.delay = 1};

	assert_non_null(net);
	lk_net_add_tick(net, counting_tick, &t);
	int64_t end = lk_test_mono_ms() + WAIT_MS;
	while (__atomic_load_n(&t.count, __ATOMIC_SEQ_CST) < 3 && lk_test_mono_ms() < end)
		lk_test_sleep_ms(1);
	lk_net_destroy(net);
	int n = __atomic_load_n(&t.count, __ATOMIC_SEQ_CST);
	assert_true(n >= 3);
	lk_test_sleep_ms(50);
	assert_int_equal(__atomic_load_n(&t.count, __ATOMIC_SEQ_CST), n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ticks_repeat, net_setup, net_teardown),
		cmocka_unit_test_setup_teardown(test_remove_tick_waits, net_setup, net_teardown),
		cmocka_unit_test_setup_teardown(test_remove_tick_from_tick, net_setup, net_teardown),
		cmocka_unit_test(test_destroy_with_ticks),
	};
	int failed;

	main_thread = pthread_self();
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return 1;
	failed = cmocka_run_group_tests_name("net-tick", tests, NULL, NULL);
	curl_global_cleanup();
	return failed;
}
