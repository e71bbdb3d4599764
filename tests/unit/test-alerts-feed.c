/*
 * Linkon — unit tests for the gift alert queue's feed (core/lk-alerts-feed.c):
 * every accepted gift newest first, the ring wrapping, duplicates kept out,
 * a streak updated in place, below-min and folded gifts, fixed memory.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "alerts-fx.h"

static struct lk_gift_record rows[LK_ALERTS_FEED + 8];

static size_t feed(struct fx *f, uint64_t since, uint64_t *last)
{
	memset(rows, 0xAB, sizeof(rows));
	return lk_alerts_feed(f->q, since, rows, sizeof(rows) / sizeof(rows[0]), last);
}

static void test_newest_first(void **state)
{
	(void)state;
	struct fx *f = fx_new(NULL);
	uint64_t last = 99;

	assert_int_equal(feed(f, 0, &last), 0);
	assert_int_equal(last, 0);
	push(f, "Mia", "Rose", 1, 3, NULL, false);
	f->now += 10;
	push(f, "Leo", "Lion", 500, 1, NULL, false);
	assert_int_equal(feed(f, 0, &last), 2);
	assert_string_equal(rows[0].sender_name, "Leo");
	assert_string_equal(rows[0].gift_name, "Lion");
	assert_int_equal(rows[0].count, 1);
	assert_int_equal(rows[0].value, 500);
	assert_int_equal(rows[0].fate, LK_GIFT_ALERTED);
	assert_false(rows[0].streak);
	assert_int_equal(rows[0].time_ms, f->now);
	assert_string_equal(rows[1].sender_name, "Mia");
	assert_int_equal(rows[1].count, 3);
	assert_int_equal(rows[1].value, 3);
	assert_true(rows[0].id > rows[1].id);
	assert_true(rows[0].seq > rows[1].seq);
	assert_int_equal(last, rows[0].seq);

	/* since the last seq: nothing new; then only the new one */
	assert_int_equal(feed(f, last, &last), 0);
	push(f, "Ann", "Heart", 2, 1, NULL, false);
	assert_int_equal(feed(f, last, &last), 1);
	assert_string_equal(rows[0].sender_name, "Ann");

	/* max limits the copy to the newest */
	assert_int_equal(lk_alerts_feed(f->q, 0, rows, 1, NULL), 1);
	assert_string_equal(rows[0].sender_name, "Ann");
	fx_free(f);
}

static void test_ring_wraps(void **state)
{
	(void)state;
	struct fx *f = fx_new(NULL);
	char name[16];

	for (int i = 0; i < 3 * LK_ALERTS_FEED + 5; i++) {
		snprintf(name, sizeof(name), "v%d", i);
		push(f, name, "Rose", 1, 1, NULL, false);
	}
	uint64_t last = 0;
	assert_int_equal(feed(f, 0, &last), LK_ALERTS_FEED);
	for (int i = 0; i < LK_ALERTS_FEED; i++) {
		snprintf(name, sizeof(name), "v%d", 3 * LK_ALERTS_FEED + 4 - i);
		assert_string_equal(rows[i].sender_name, name);
		if (i > 0)
			assert_true(rows[i].seq < rows[i - 1].seq);
	}
	assert_int_equal(last, 3 * LK_ALERTS_FEED + 5);

	/* a reset empties the feed; seq numbers keep growing */
	lk_alerts_reset(f->q);
	assert_int_equal(feed(f, 0, NULL), 0);
	push(f, "after", "Rose", 1, 1, NULL, false);
	assert_int_equal(feed(f, last, NULL), 1);
	assert_true(rows[0].seq > last);
	fx_free(f);
}

static void test_duplicates_not_in_feed(void **state)
{
	(void)state;
	struct fx *f = fx_new(NULL);
	struct lk_gift_event ev =
		{.id = "dup-1", .sender_name = "Mia", .gift_id = "lion", .gift_name = "", .value = 500, .count = 1};

	lk_alerts_push(f->q, &ev, f->now);
	uint64_t last = 0;
	assert_int_equal(feed(f, 0, &last), 1);
	assert_string_equal(rows[0].gift_name, "lion"); /* no name: its id */
	for (int i = 0; i < 5; i++)
		assert_int_equal(lk_alerts_push(f->q, &ev, f->now), LK_PUSH_DUPLICATE);
	assert_int_equal(feed(f, last, NULL), 0);
	assert_int_equal(feed(f, 0, NULL), 1);

	/* a stale streak event (repeated running total) adds no row either */
	assert_int_equal(push(f, "Leo", "Rose", 1, 4, "s1", false), LK_PUSH_QUEUED);
	assert_int_equal(feed(f, last, &last), 1);
	assert_int_equal(push(f, "Leo", "Rose", 1, 4, "s1", false), LK_PUSH_STALE);
	assert_int_equal(feed(f, last, NULL), 0);
	assert_int_equal(feed(f, 0, NULL), 2);
	fx_free(f);
}

static void test_streak_updates_in_place(void **state)
{
	(void)state;
	struct fx *f = fx_new(NULL);
	uint64_t last = 0;

	push(f, "Mia", "Rose", 2, 1, "s-9", false);
	assert_int_equal(feed(f, 0, &last), 1);
	uint64_t id = rows[0].id;
	push(f, "Leo", "Lion", 500, 1, NULL, false);
	push(f, "Mia", "Rose", 2, 5, "s-9", false);
	push(f, "Mia", "Rose", 2, 12, "s-9", true);

	assert_int_equal(feed(f, 0, NULL), 2); /* one row for the streak */
	assert_string_equal(rows[0].sender_name, "Leo");
	assert_int_equal(rows[1].id, id);
	assert_true(rows[1].streak);
	assert_int_equal(rows[1].count, 12);
	assert_int_equal(rows[1].value, 24);
	assert_true(rows[1].seq > rows[0].seq); /* changed after Leo's */

	/* since the first look: both changed, the streak still in its place */
	assert_int_equal(feed(f, last, &last), 2);
	assert_int_equal(rows[1].id, id);
	assert_int_equal(feed(f, last, NULL), 0);

	/* the streak goes on after its alert left the screen: the same row */
	for (int i = 0; i < 200; i++)
		tick(f, 100);
	push(f, "Mia", "Rose", 2, 20, "s-9", false);
	assert_int_equal(feed(f, last, &last), 1);
	assert_int_equal(rows[0].id, id);
	assert_int_equal(rows[0].count, 20);
	fx_free(f);
}

static void test_streak_after_wrap_gets_new_row(void **state)
{
	(void)state;
	struct fx *f = fx_new(NULL);

	push(f, "Mia", "Rose", 1, 1, "s-1", false);
	for (int i = 0; i < LK_ALERTS_FEED; i++)
		push(f, "Leo", "Heart", 1, 1, NULL, false);
	assert_int_equal(feed(f, 0, NULL), LK_ALERTS_FEED);
	assert_string_equal(rows[LK_ALERTS_FEED - 1].sender_name, "Leo"); /* Mia's row is gone */
	push(f, "Mia", "Rose", 1, 3, "s-1", false);
	assert_int_equal(feed(f, 0, NULL), LK_ALERTS_FEED);
	assert_string_equal(rows[0].sender_name, "Mia");
	assert_int_equal(rows[0].count, 3);
	fx_free(f);
}

static void test_below_min_in_feed(void **state)
{
	(void)state;
	struct lk_alerts_config c;
	test_config(&c);
	c.min_value = 10;
	struct fx *f = fx_new(&c);

	assert_int_equal(push(f, "Mia", "Rose", 1, 1, NULL, false), LK_PUSH_BELOW_MIN);
	assert_int_equal(push(f, "Leo", "Rose", 1, 2, "s", false), LK_PUSH_BELOW_MIN);
	assert_int_equal(feed(f, 0, NULL), 2);
	assert_int_equal(rows[0].fate, LK_GIFT_BELOW_MIN);
	assert_int_equal(rows[1].fate, LK_GIFT_BELOW_MIN);
	assert_string_equal(rows[1].sender_name, "Mia");

	/* the streak grows past min_value: its row now says alerted */
	assert_int_equal(push(f, "Leo", "Rose", 1, 10, "s", false), LK_PUSH_QUEUED);
	assert_int_equal(feed(f, 0, NULL), 2);
	assert_string_equal(rows[0].sender_name, "Leo");
	assert_int_equal(rows[0].count, 10);
	assert_int_equal(rows[0].fate, LK_GIFT_ALERTED);
	lk_alerts_config_free(&c);
	fx_free(f);
}

static void test_folded_in_feed(void **state)
{
	(void)state;
	struct fx *f = fx_new(NULL); /* max_queue 5 */
	char name[16];

	for (int i = 0; i < 8; i++) {
		snprintf(name, sizeof(name), "v%d", i);
		push(f, name, "Rose", 1, 1, NULL, false);
	}
	assert_int_equal(push(f, "Mia", "Rose", 1, 1, "s-f", false), LK_PUSH_FOLDED);
	assert_int_equal(push(f, "Mia", "Rose", 1, 4, "s-f", false), LK_PUSH_UPDATED);
	assert_int_equal(feed(f, 0, NULL), 9);
	assert_string_equal(rows[0].sender_name, "Mia");
	assert_int_equal(rows[0].count, 4);
	assert_int_equal(rows[0].fate, LK_GIFT_FOLDED);
	for (int i = 1; i <= 3; i++) /* v7..v5 went into the summary */
		assert_int_equal(rows[i].fate, LK_GIFT_FOLDED);
	for (int i = 4; i < 9; i++)
		assert_int_equal(rows[i].fate, LK_GIFT_ALERTED);
	assert_string_equal(rows[8].sender_name, "v0");

	/* a bigger gift makes room: the newest small waiting alert (v4) folds, its row says so */
	uint64_t last = rows[0].seq;
	assert_int_equal(push(f, "Leo", "Lion", 500, 1, NULL, false), LK_PUSH_QUEUED);
	assert_int_equal(feed(f, last, NULL), 2);
	assert_string_equal(rows[0].sender_name, "Leo");
	assert_int_equal(rows[0].fate, LK_GIFT_ALERTED);
	assert_string_equal(rows[1].sender_name, "v4");
	assert_int_equal(rows[1].fate, LK_GIFT_FOLDED);
	assert_true(rows[1].seq > rows[0].seq);
	fx_free(f);
}

static void test_money_and_long_names(void **state)
{
	(void)state;
	struct fx *f = fx_new(NULL);
	char longname[4 * LK_GIFT_MAX_NAME];
	/* "é" is two bytes: 200 of them do not fit, and must not be cut in half */
	for (int i = 0; i < 200; i++)
		memcpy(longname + 2 * i, "\xc3\xa9", 2);
	longname[400] = '\0';
	struct lk_gift_event ev = {.id = "m1",
				   .sender_name = longname,
				   .gift_id = "rose",
				   .gift_name = "Rose",
				   .value = 1,
				   .money = 99,
				   .currency = "CNY",
				   .count = 3};

	lk_alerts_push(f->q, &ev, f->now);
	assert_int_equal(feed(f, 0, NULL), 1);
	assert_int_equal(rows[0].money, 297);
	assert_string_equal(rows[0].currency, "CNY");
	assert_int_equal(strlen(rows[0].sender_name), LK_GIFT_MAX_NAME);
	assert_memory_equal(rows[0].sender_name, longname, LK_GIFT_MAX_NAME);
	ev.id = "m2";
	ev.sender_name = longname + 1; /* starts mid-character: the cut backs off a byte */
	lk_alerts_push(f->q, &ev, f->now);
	assert_int_equal(feed(f, 0, NULL), 2);
	assert_int_equal(strlen(rows[0].sender_name), LK_GIFT_MAX_NAME - 1);
	fx_free(f);
}

/* A long show allocates nothing for the feed: the bmalloc block count is the
 * same after 10,000 more gifts (the other tables are full or fixed too). */
static void test_memory_fixed(void **state)
{
	(void)state;
	struct fx *f = fx_new(NULL);
	char name[32];

	for (int i = 0; i < 2 * LK_ALERTS_FEED; i++)
		push(f, "warm", "Rose", 1, 1, NULL, false);
	long before = bnum_allocs();
	for (int i = 0; i < 10000; i++) {
		snprintf(name, sizeof(name), "s%d", i % 50);
		push(f, "Mia", "Rose", 1, 1 + i / 50, name, false); /* streaks, each in place */
		push(f, "warm", "Rose", 1, 1, NULL, false);
		tick(f, 16);
		lk_alerts_feed(f->q, 0, rows, LK_ALERTS_FEED, NULL);
	}
	long after = bnum_allocs();
	/* only the alerts' string blocks come and go: at most its slots + the last */
	assert_true(after - before <= 5 + 3 + 1);
	assert_true(after - before >= -(5 + 3 + 1));
	assert_int_equal(feed(f, 0, NULL), LK_ALERTS_FEED);
	fx_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_newest_first),
		cmocka_unit_test(test_ring_wraps),
		cmocka_unit_test(test_duplicates_not_in_feed),
		cmocka_unit_test(test_streak_updates_in_place),
		cmocka_unit_test(test_streak_after_wrap_gets_new_row),
		cmocka_unit_test(test_below_min_in_feed),
		cmocka_unit_test(test_folded_in_feed),
		cmocka_unit_test(test_money_and_long_names),
		cmocka_unit_test(test_memory_fixed),
	};
	long allocs = bnum_allocs();
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	if (bnum_allocs() != allocs) {
		fprintf(stderr, "leak: %ld bmalloc blocks not freed\n", bnum_allocs() - allocs);
		return 1;
	}
	return failed;
}
