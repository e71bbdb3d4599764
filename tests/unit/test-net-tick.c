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

/* Written by the worker, read by the test's thread: every shared field is
 * read and written with atomics (ThreadSanitizer checks it). */
struct tick_state {
	struct lk_net *net;
	uint64_t id;
	int count;
	bool in_tick;
	bool on_main_thread;
	int64_t last_now; /* the worker's only */
	bool went_back;
	int sleep_ms;
	int64_t delay;
};

#define LOAD(x) __atomic_load_n(&(x), __ATOMIC_SEQ_CST)
#define STORE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_SEQ_CST)

/* Polls until *counter > above, at most WAIT_MS; returns the last value. */
static int wait_above(int *counter, int above)
{
	int64_t end = lk_test_mono_ms() + WAIT_MS;
	int n;
	while ((n = LOAD(*counter)) <= above && lk_test_mono_ms() < end)
		lk_test_sleep_ms(1);
	return n;
}

static int64_t counting_tick(void *data, int64_t now_ms)
{
	struct tick_state *t = data;

	STORE(t->in_tick, true);
	if (now_ms < t->last_now)
		STORE(t->went_back, true);
	t->last_now = now_ms;
	if (pthread_equal(pthread_self(), main_thread))
		STORE(t->on_main_thread, true);
	if (t->sleep_ms)
		lk_test_sleep_ms(t->sleep_ms);
	__atomic_add_fetch(&t->count, 1, __ATOMIC_SEQ_CST);
	STORE(t->in_tick, false);
	return t->delay;
}

static void test_ticks_repeat(void **state)
{
	struct tick_state t = {.delay = 20};

	int64_t start = lk_test_mono_ms();
	t.id = lk_net_add_tick(*state, counting_tick, &t);
	assert_true(t.id != 0);
	/* repeated: five runs come (however busy the machine is) */
	wait_above(&t.count, 4);
	lk_net_remove_tick(*state, t.id);
	int64_t took = lk_test_mono_ms() - start;
	int after_remove = LOAD(t.count);

	/* and the 20 ms delay is honoured: no more runs than the time allows
	 * (a slow machine only makes fewer) */
	if (after_remove < 5 || after_remove > took / 20 + 2)
		fail_msg("tick ran %d times in %lld ms with a 20 ms delay", after_remove, (long long)took);
	assert_false(LOAD(t.on_main_thread));
	assert_false(LOAD(t.went_back));
	lk_test_sleep_ms(150);
	assert_int_equal(LOAD(t.count), after_remove);
}

static void test_remove_tick_waits(void **state)
{
	struct tick_state t = {.sleep_ms = 300, .delay = 1};

	t.id = lk_net_add_tick(*state, counting_tick, &t);
	int64_t end = lk_test_mono_ms() + WAIT_MS;
	while (!LOAD(t.in_tick) && lk_test_mono_ms() < end)
		lk_test_sleep_ms(1);
	assert_true(LOAD(t.in_tick));

	lk_net_remove_tick(*state, t.id);
	assert_false(LOAD(t.in_tick)); /* the running call had returned */
	int count = LOAD(t.count);
	lk_test_sleep_ms(400);
	assert_int_equal(LOAD(t.count), count);
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
	/* it runs, and once it has seen its id it removes itself: the count
	 * stops (a run that read the id just before the store runs once more) */
	int n = wait_above(&t.count, 0);
	assert_true(n >= 1);
	int64_t end = lk_test_mono_ms() + WAIT_MS;
	for (;;) {
		lk_test_sleep_ms(200);
		int now = LOAD(t.count);
		if (now == n)
			break;
		assert_true(lk_test_mono_ms() < end);
		n = now;
	}
	lk_test_sleep_ms(200);
	assert_int_equal(LOAD(t.count), n);
	/* the worker is alive: the other tick still runs */
	int before = LOAD(other.count);
	assert_true(wait_above(&other.count, before) > before);
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
	while (LOAD(t.count) < 3 && lk_test_mono_ms() < end)
		lk_test_sleep_ms(1);
	lk_net_destroy(net);
	int n = LOAD(t.count);
	assert_true(n >= 3);
	lk_test_sleep_ms(50);
	assert_int_equal(LOAD(t.count), n);
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
