/*
 * Linkon — the bridge connector's anchor actions against a flaky loopback
 * bridge: every action is applied exactly once, in order, although answers
 * get lost after the bridge applied them; refusals are definite; callers
 * never wait.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "bridge-util.h"

#include <stdio.h>
#include <string.h>
#include <util/bmem.h>

static struct bt t;

static size_t want_applied;

static bool applied_enough(struct bt *b)
{
	json_t *st = bt_stats(b);
	bool ok = json_array_size(json_object_get(st, "applied")) >= want_applied;
	json_decref(st);
	return ok;
}

static bool pinned_p6_with_stopped_sale(struct bt *b)
{
	struct lk_snapshot *s = lk_store_get(b->store);
	struct lk_sale *sale = lk_snapshot_find_sale(s, "s1");
	bool ok = s->pinned && strcmp(s->pinned->id, "p6") == 0 && sale && sale->stopped;
	lk_snapshot_release(s);
	return ok;
}

/* What the bridge applied, in order: action name and its body as JSON. */
static void assert_applied(json_t *applied, size_t i, const char *name, const char *body)
{
	json_t *a = json_array_get(applied, i);
	char *got = json_dumps(json_object_get(a, "body"), JSON_COMPACT | JSON_SORT_KEYS);

	if (strcmp(json_string_value(json_object_get(a, "action")), name) != 0 || strcmp(got, body) != 0)
		fail_msg("applied[%zu] = %s %s, want %s %s", i, json_string_value(json_object_get(a, "action")), got,
			 name, body);
	free(got);
}

static void test_actions_exactly_once(void **state)
{
	const char *why = NULL;
	struct lk_sale_params sale = {
		.product_id = "p4",
		.has_price = true,
		.sale_price = 500,
		.duration_ms = 60000,
		.has_stock = true,
		.stock = 10,
	};

	bt_log_capture_start();
	/* answers lost after applying (dropped, 500, a reply slower than the
	 * client waits), refusals before applying (503, 429) */
	bt_start(&t,
		 "{\"products\": 10, \"faults\": {\"/v1/actions\": [\"apply-then-drop\", \"apply-then-500\", \"503:0\","
		 " \"hang:2500\", \"apply-then-drop\", \"429:0\"]}}",
		 "{\"timeout_ms\": 1000}");
	assert_true(bt_wait(&t, bt_connected, BT_WAIT_MS));

	/* none of these waits for the network */
	assert_true(t.info->pin(t.conn, "p2", &why));
	assert_true(t.info->pin(t.conn, "p3", &why));
	assert_true(t.info->pin(t.conn, NULL, &why));
	assert_true(t.info->pin(t.conn, "p4", &why));
	assert_true(t.info->start_sale(t.conn, &sale, &why));
	assert_true(t.info->stop_sale(t.conn, NULL, &why));
	assert_true(t.info->pin(t.conn, "p5", &why));
	assert_true(t.info->pin(t.conn, "nope", &why)); /* the bridge will refuse it */
	assert_true(t.info->pin(t.conn, "p6", &why));

	want_applied = 8;
	assert_true(bt_wait(&t, applied_enough, BT_WAIT_MS));
	assert_true(bt_wait(&t, pinned_p6_with_stopped_sale, BT_WAIT_MS));
	lk_test_sleep_ms(2500); /* the slow answer's request ends on the server too */

	json_t *st = bt_stats(&t);
	json_t *applied = json_object_get(st, "applied");
	assert_int_equal(json_array_size(applied), 8);
	assert_applied(applied, 0, "pin", "{\"productId\":\"p2\"}");
	assert_applied(applied, 1, "pin", "{\"productId\":\"p3\"}");
	assert_applied(applied, 2, "unpin", "{}");
	assert_applied(applied, 3, "pin", "{\"productId\":\"p4\"}");
	assert_applied(applied, 4, "sale-start",
		       "{\"durationMs\":60000,\"price\":500,\"productId\":\"p4\",\"stock\":10}");
	assert_applied(applied, 5, "sale-stop", "{}");
	assert_applied(applied, 6, "pin", "{\"productId\":\"p5\"}");
	assert_applied(applied, 7, "pin", "{\"productId\":\"p6\"}");
	for (size_t i = 0; i < 8; i++) {
		for (size_t j = 0; j < i; j++) {
			const char *a = json_string_value(json_object_get(json_array_get(applied, i), "key"));
			const char *b = json_string_value(json_object_get(json_array_get(applied, j), "key"));
			assert_string_not_equal(a, b);
		}
	}
	/* 9 actions + one retry per fault */
	assert_int_equal(json_integer_value(json_object_get(json_object_get(st, "requests"), "/v1/actions")), 15);
	json_decref(st);

	struct lk_snapshot *s = lk_store_get(t.store);
	struct lk_sale *s1 = lk_snapshot_find_sale(s, "s1");
	assert_int_equal(s1->sale_price, 500);
	assert_int_equal(s1->stock_limit, 10);
	lk_snapshot_release(s);
	bt_stop(&t);
	assert_int_equal(bt_log_count("'pin' refused"), 1);
	assert_int_equal(bt_log_count("unknown_product"), 1);
	assert_int_equal(bt_log_count(BT_TOKEN), 0);
	bt_log_capture_stop();
}

static const char *want_sale_id;
static bool want_stopped;

static bool sale_in_want_state(struct bt *b)
{
	struct lk_snapshot *s = lk_store_get(b->store);
	struct lk_sale *sale = lk_snapshot_find_sale(s, want_sale_id);
	bool ok = sale && (want_stopped ? sale->state == LK_SALE_STOPPED : sale->state == LK_SALE_LIVE);
	lk_snapshot_release(s);
	return ok;
}

/* A sale stopped 1 s after it started, by a bridge whose events carry no
 * "time": the store dates the stop when it heard of it (and keeps that
 * through the states polled afterwards), not at the sale's start (it showed
 * "stopped" at 0 s: the stop was dated at startsAt, and a later state's
 * better time did not replace it). */
static void test_stop_dated_when_stopped(void **state)
{
	const char *why = NULL;
	/* the product's price, resolved by lk_command but not chosen: the
	 * bridge is not sent a price, so it uses the product's own */
	struct lk_sale_params sale = {.product_id = "p4", .duration_ms = 60000, .sale_price = 1040};

	bt_start(&t, "{\"products\": 10, \"knobs\": {\"event_time\": false, \"heartbeat_ms\": 200}}", NULL);
	assert_true(bt_wait(&t, bt_connected, BT_WAIT_MS));
	assert_true(t.info->start_sale(t.conn, &sale, &why));
	want_sale_id = "s1";
	want_stopped = false;
	assert_true(bt_wait(&t, sale_in_want_state, BT_WAIT_MS));
	lk_test_sleep_ms(1000);
	assert_true(t.info->stop_sale(t.conn, NULL, &why));
	want_stopped = true;
	assert_true(bt_wait(&t, sale_in_want_state, BT_WAIT_MS));
	lk_test_sleep_ms(500); /* states polled after the stop */

	struct lk_snapshot *s = lk_store_get(t.store);
	struct lk_sale *s1 = lk_snapshot_find_sale(s, "s1");
	int64_t ran = s1->state_ms - s1->start_ms;
	lk_snapshot_release(s);
	printf("the sale ran %lld ms before it was stopped\n", (long long)ran);
	json_t *st = bt_stats(&t);
	assert_applied(json_object_get(st, "applied"), 0, "sale-start", "{\"durationMs\":60000,\"productId\":\"p4\"}");
	json_decref(st);
	if (ran < 900)
		fail_msg("stopped %lld ms after its start, want about 1000", (long long)ran);
	assert_true(ran < 1000 + BT_WAIT_MS);
	bt_stop(&t);
}

static bool action_asked(struct bt *b)
{
	json_t *st = bt_stats(b);
	bool ok = json_integer_value(json_object_get(json_object_get(st, "requests"), "/v1/actions")) >= 1;
	json_decref(st);
	return ok;
}

/* The bridge sits on an action: later ones queue (up to a bound, then
 * refused with a reason) and none waits. */
static void test_queue_bounded(void **state)
{
	const char *why = NULL;
	int queued = 0;

	bt_start(&t, "{\"faults\": {\"/v1/actions\": [\"hang:3000\"]}}", NULL);
	assert_true(bt_wait(&t, bt_connected, BT_WAIT_MS));
	assert_true(t.info->pin(t.conn, "p2", &why));
	assert_true(bt_wait(&t, action_asked, BT_WAIT_MS));
	while (queued < 1000 && t.info->pin(t.conn, "p3", &why))
		queued++;
	assert_true(queued >= 10 && queued < 1000);
	assert_non_null(strstr(why, "too many actions"));
	bt_stop(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_stop_dated_when_stopped, bt_teardown),
		cmocka_unit_test_teardown(test_actions_exactly_once, bt_teardown),
		cmocka_unit_test_teardown(test_queue_bounded, bt_teardown),
	};

	return bt_run_group("bridge-actions", tests, sizeof(tests) / sizeof(tests[0]), &t);
}
