/*
 * Linkon — unit tests for the show's journal: a show survives a crash (the
 * store goes away without an end; the journal's last line cut in half) with
 * every order, pin window, gift and goal; a redelivered order still counts
 * once after the restart; the end writes CSV and JSON reports whose totals
 * equal the journal's, moves the journal aside and keeps the goals.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "show-util.h"

#include <jansson.h>
#include <util/platform.h>

#define T0 1767268800000LL

static char dir[512];

static struct lk_store *open_store(void)
{
	char err[256];
	struct lk_store *store = show_store_new();
	assert_true(lk_store_show_open(store, dir, err, sizeof(err)));
	show_catalog(store, T0);
	return store;
}

/* The show's JSON without what legitimately differs between runs. */
static char *numbers_of(struct lk_store *store)
{
	struct lk_snapshot *snap = lk_store_get(store);
	json_t *j = lk_show_view_to_json(snap->show);
	lk_snapshot_release(snap);
	char *s = json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT);
	json_decref(j);
	return s;
}

static void append(const char *name, const char *text)
{
	char path[600];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "ab");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void gift(struct lk_store *store, int64_t count, int64_t value, int64_t now)
{
	struct lk_events evs;
	lk_events_init(&evs);
	struct lk_event *ev = lk_events_push(&evs, LK_EV_SHOW_GIFT);
	ev->stock = count;
	ev->sold = value;
	lk_store_apply_at(store, &evs, now);
	lk_events_free(&evs);
}

static void test_crash_and_replay(void **state)
{
	(void)state;
	long allocs = bnum_allocs();

	/* the show before the crash */
	struct lk_store *a = open_store();
	lk_store_show_configure(a, LK_PRIVACY_FIRST_NAME, 1500);
	struct lk_events evs;
	lk_events_init(&evs);
	struct lk_goal *g = lk_goal_new("g1", LK_GOAL_UNITS, 6);
	lk_order_set_str(&g->title, "Six jars");
	lk_events_goal_set(&evs, g);
	lk_store_apply_at(a, &evs, T0 + 1);
	lk_events_free(&evs);
	show_apply1(a, LK_EV_PIN, "p1", T0 + 5);
	show_apply1(a, LK_EV_SHOW_START, NULL, T0 + 10);
	show_order(a, "o1", "p1", 2, -1, NULL, "Maria Lopez", T0 + 100);
	show_order(a, "o2", "p3", 1, -1, NULL, "王小明", T0 + 200);
	show_apply1(a, LK_EV_PIN, "p2", T0 + 300);
	show_order(a, "o3", "p2", 4, -1, NULL, "สมชาย ใจดี", T0 + 400);
	gift(a, 5, 50, T0 + 450);
	char *before = numbers_of(a);
	lk_store_destroy(a); /* crash: no end */

	/* the crash cut the last record in half */
	append("current.jsonl", "{\"t\":\"order\",\"at\":1767268800500,\"order\":{\"id\":\"o9\",\"items\":[{\"prod");

	struct lk_store *b = open_store();
	lk_store_show_configure(b, LK_PRIVACY_FIRST_NAME, 1500);
	char *after = numbers_of(b);
	assert_string_equal(before, after);
	free(before);
	free(after);
	struct lk_snapshot *snap = lk_store_get(b);
	assert_int_equal(snap->show->state, LK_SHOW_LIVE);
	assert_int_equal(snap->show->orders, 3);
	assert_int_equal(snap->show->num_pins, 2);
	assert_int_equal(snap->show->pins[0].units, 2);
	assert_int_equal(snap->show->gifts, 5);
	assert_string_equal(snap->show->ticker[2].buyer_shown, "Maria");
	const struct lk_goal *goal = lk_show_view_goal(snap->show, "g1");
	assert_non_null(goal);
	assert_string_equal(goal->title, "Six jars");
	assert_int_equal(goal->reached_ms, T0 + 400);
	lk_snapshot_release(snap);

	/* a redelivery after the restart still counts once; a new order counts */
	uint64_t v = lk_store_version(b);
	assert_int_equal(show_order(b, "o1", "p1", 2, -1, NULL, "Maria Lopez", T0 + 600), v);
	show_order(b, "o4", "p1", 1, -1, NULL, NULL, T0 + 700);
	char *b_numbers = numbers_of(b);
	lk_store_destroy(b);

	/* the record after the cut line was read back too */
	struct lk_store *c = open_store();
	lk_store_show_configure(c, LK_PRIVACY_FIRST_NAME, 1500);
	char *c_numbers = numbers_of(c);
	assert_string_equal(b_numbers, c_numbers);
	free(b_numbers);
	free(c_numbers);

	/* the end: reports equal the journal's totals */
	show_apply1(c, LK_EV_SHOW_END, NULL, T0 + 800);
	snap = lk_store_get(c);
	assert_int_equal(snap->show->state, LK_SHOW_ENDED);
	assert_non_null(snap->show->report_json);
	assert_non_null(snap->show->report_csv);
	json_t *report = json_load_file(snap->show->report_json, 0, NULL);
	assert_non_null(report);
	json_t *usd = json_array_get(json_object_get(report, "totals"), 0);
	const struct lk_show_totals *t = lk_show_view_totals(snap->show, "USD");
	assert_int_equal(json_integer_value(json_object_get(usd, "gmv")), t->gmv);
	assert_int_equal(t->gmv, 3 * 1299 + 4 * 500);
	assert_int_equal(json_integer_value(json_object_get(report, "orders")), 4);
	json_decref(report);
	char *csv = os_quick_read_utf8_file(snap->show->report_csv);
	assert_non_null(csv);
	char want[128];
	snprintf(want, sizeof(want), "\"USD\",%lld,3,7,", (long long)t->gmv);
	assert_non_null(strstr(csv, want));
	bfree(csv);
	char moved[700];
	snprintf(moved, sizeof(moved), "%s/%s.jsonl", dir, snap->show->show_id);
	assert_true(os_file_exists(moved));
	lk_snapshot_release(snap);
	lk_store_destroy(c);

	/* after an end the next start has no show, but the goal is still set */
	struct lk_store *d = open_store();
	snap = lk_store_get(d);
	assert_int_equal(snap->show->state, LK_SHOW_NONE);
	assert_non_null(lk_show_view_goal(snap->show, "g1"));
	lk_snapshot_release(snap);
	lk_store_destroy(d);
	assert_int_equal(bnum_allocs(), allocs);
}

static void test_unwritable_folder(void **state)
{
	(void)state;
	char err[256] = "";
	char path[600];
	snprintf(path, sizeof(path), "%s/file", dir);
	append("file", "x");
	struct lk_store *s = show_store_new();
	assert_false(lk_store_show_open(s, path, err, sizeof(err)));
	assert_true(err[0] != 0);
	/* the show still works in memory */
	show_catalog(s, T0);
	show_apply1(s, LK_EV_SHOW_START, NULL, T0 + 1);
	show_order(s, "o1", "p1", 1, -1, NULL, NULL, T0 + 2);
	struct lk_snapshot *snap = lk_store_get(s);
	assert_int_equal(snap->show->orders, 1);
	lk_snapshot_release(snap);
	lk_store_destroy(s);
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof(dir), "%s/lk-show-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(dir));
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crash_and_replay),
		cmocka_unit_test(test_unwritable_folder),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		rc = rc ? rc : 1;
	return rc;
}
